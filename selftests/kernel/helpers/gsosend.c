// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-gsosend - send RTP with UDP GSO (UDP_SEGMENT) for the in-VM selftests.
 *
 *   ksrtp-gsosend ADDR PORT COUNT SIZE SEGS [SSRC]
 *       send COUNT RTP packets (payload SIZE octets, sequence numbers from 0, the payload
 *       pattern of tools/src/rtp_common.h so that ksrtp-srtp-peer can verify them) to
 *       ADDR:PORT, SEGS packets per sendmsg() as one UDP GSO super-packet; SEGS 1 sends
 *       plain datagrams (SIZE up to 8000: larger than the MTU, they leave as IP fragments).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

#define RTP_HDR	 12
#define MAX_SIZE 8000
#define MAX_SEGS 32

static uint32_t pat_seed(uint32_t ssrc, uint16_t seq)
{
	uint32_t x = ssrc * 0x85ebca6bu ^ ((uint32_t)seq * 0x9e3779b9u) ^ 0x5bd1e995u;

	return x ? x : 1;
}

static void rtp_build(uint8_t *p, uint16_t seq, uint32_t ssrc, size_t size)
{
	uint32_t x = pat_seed(ssrc, seq), ts = (uint32_t)seq * 160;

	p[0] = 0x80;
	p[1] = 96;
	p[2] = (uint8_t)(seq >> 8);
	p[3] = (uint8_t)seq;
	p[4] = (uint8_t)(ts >> 24);
	p[5] = (uint8_t)(ts >> 16);
	p[6] = (uint8_t)(ts >> 8);
	p[7] = (uint8_t)ts;
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
	for (size_t i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[RTP_HDR + i] = (uint8_t)(x >> 24);
	}
}

static unsigned long number(const char *s, const char *what, unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v < min || v > max) {
		fprintf(stderr, "ksrtp-gsosend: bad %s '%s' (%lu..%lu)\n", what, s, min, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static uint8_t buf[MAX_SEGS * (RTP_HDR + MAX_SIZE)];
	struct sockaddr_storage ss = {0};
	unsigned long count, size, segs, sent = 0;
	uint32_t ssrc = 0x6a5a0001;
	socklen_t sslen;
	int fd;

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: ksrtp-gsosend ADDR PORT COUNT SIZE SEGS [SSRC]\n");
		return 2;
	}
	count = number(argv[3], "count", 1, 65536);
	size = number(argv[4], "size", 0, MAX_SIZE);
	segs = number(argv[5], "segments per send", 1, MAX_SEGS);
	if (argc == 7)
		ssrc = (uint32_t)number(argv[6], "SSRC", 0, 0xffffffffUL);
	if (inet_pton(AF_INET, argv[1], &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)number(argv[2], "port", 1, 65535));
		sslen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, argv[1], &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)number(argv[2], "port", 1, 65535));
		sslen = sizeof(*sin6);
	} else {
		fprintf(stderr, "ksrtp-gsosend: bad address '%s'\n", argv[1]);
		return 2;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("ksrtp-gsosend: socket");
		return 1;
	}
	while (sent < count) {
		unsigned long n = count - sent < segs ? count - sent : segs;
		char ctrl[CMSG_SPACE(sizeof(uint16_t))] = {0};
		struct iovec iov = {buf, n * (RTP_HDR + size)};
		struct msghdr msg = {0};
		struct cmsghdr *cm;
		uint16_t gso = (uint16_t)(RTP_HDR + size);

		for (unsigned long i = 0; i < n; i++)
			rtp_build(buf + i * (RTP_HDR + size), (uint16_t)(sent + i), ssrc, size);
		msg.msg_name = &ss;
		msg.msg_namelen = sslen;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		if (segs > 1) {
			msg.msg_control = ctrl;
			msg.msg_controllen = sizeof(ctrl);
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_UDP;
			cm->cmsg_type = UDP_SEGMENT;
			cm->cmsg_len = CMSG_LEN(sizeof(gso));
			memcpy(CMSG_DATA(cm), &gso, sizeof(gso));
		}
		if (sendmsg(fd, &msg, 0) < 0) {
			fprintf(stderr, "ksrtp-gsosend: sendmsg of %lu segments: %s\n", n,
				strerror(errno));
			close(fd);
			return 1;
		}
		sent += n;
		usleep(2000);
	}
	close(fd);
	printf("%lu\n", sent);
	return 0;
}
