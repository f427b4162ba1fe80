// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-udp - send or receive UDP datagrams for the in-VM selftests (IPv4 and IPv6).
 *
 *   ksrtp-udp send ADDR PORT COUNT [SIZE] [SRCPORT]
 *       send COUNT datagrams of SIZE bytes (default 172) to ADDR:PORT; each carries its
 *       sequence number (32 bits, big endian) in its first 4 bytes; prints the number sent.
 *   ksrtp-udp recv ADDR PORT COUNT TIMEOUT_MS
 *       bind ADDR:PORT (ADDR may be a multicast group: it is joined on every interface
 *       of the namespace) and receive until COUNT datagrams arrived or TIMEOUT_MS passed
 *       without one; prints the number received. Exit status 0 when COUNT arrived, else 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int usage(void)
{
	fprintf(stderr, "usage: ksrtp-udp send ADDR PORT COUNT [SIZE] [SRCPORT]\n"
			"       ksrtp-udp recv ADDR PORT COUNT TIMEOUT_MS\n");
	return 2;
}

static long number(const char *s, const char *what, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0 || v > max) {
		fprintf(stderr, "ksrtp-udp: bad %s '%s' (0..%ld)\n", what, s, max);
		exit(2);
	}
	return v;
}

static socklen_t parse_addr(const char *s, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		return sizeof(*in4);
	}
	if (inet_pton(AF_INET6, s, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		return sizeof(*in6);
	}
	fprintf(stderr, "ksrtp-udp: '%s' is not an IPv4 or IPv6 address\n", s);
	exit(2);
}

static void join_everywhere(int fd, const struct sockaddr_storage *ss)
{
	struct if_nameindex *ifs = if_nameindex(), *i;

	for (i = ifs; i && i->if_index; i++) {
		if (ss->ss_family == AF_INET) {
			struct ip_mreqn m = {.imr_ifindex = (int)i->if_index};

			m.imr_multiaddr = ((const struct sockaddr_in *)ss)->sin_addr;
			setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m));
		} else {
			struct ipv6_mreq m = {.ipv6mr_interface = i->if_index};

			m.ipv6mr_multiaddr = ((const struct sockaddr_in6 *)ss)->sin6_addr;
			setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m));
		}
	}
	if (ifs)
		if_freenameindex(ifs);
}

static int is_multicast(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return IN_MULTICAST(ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr));
	return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)ss)->sin6_addr);
}

static int do_send(int argc, char **argv)
{
	struct sockaddr_storage dst, src;
	unsigned char buf[65507];
	long count, size = 172, sent = 0, i;
	socklen_t len;
	int fd, one = 1;

	if (argc < 5 || argc > 7)
		return usage();
	len = parse_addr(argv[2], (int)number(argv[3], "port", 65535), &dst);
	count = number(argv[4], "count", 100000000);
	if (argc > 5)
		size = number(argv[5], "size", sizeof(buf));
	if (size < 4)
		size = 4;
	fd = socket(dst.ss_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("ksrtp-udp: socket");
		return 1;
	}
	if (argc > 6) {
		memset(&src, 0, sizeof(src));
		src.ss_family = dst.ss_family;
		((struct sockaddr_in *)&src)->sin_port =
			htons(number(argv[6], "source port", 65535));
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&src, len) < 0) {
			perror("ksrtp-udp: bind");
			return 1;
		}
	}
	memset(buf, 0x5a, sizeof(buf));
	for (i = 0; i < count; i++) {
		uint32_t seq = htonl((uint32_t)i);

		memcpy(buf, &seq, sizeof(seq));
		if (sendto(fd, buf, size, 0, (struct sockaddr *)&dst, len) == size)
			sent++;
		else if (errno != ENOBUFS && errno != EAGAIN) {
			perror("ksrtp-udp: sendto");
			break;
		}
	}
	printf("%ld\n", sent);
	close(fd);
	return sent == count ? 0 : 1;
}

static int do_recv(int argc, char **argv)
{
	struct sockaddr_storage addr;
	unsigned char buf[65536];
	long count, timeout, got = 0;
	struct pollfd p;
	socklen_t len;
	int fd, one = 1, rcvbuf = 16 << 20;

	if (argc != 6)
		return usage();
	len = parse_addr(argv[2], (int)number(argv[3], "port", 65535), &addr);
	count = number(argv[4], "count", 100000000);
	timeout = number(argv[5], "timeout", 3600000);
	fd = socket(addr.ss_family, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("ksrtp-udp: socket");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* A slow (emulated) receiver must not drop what a test counts. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&addr, len) < 0) {
		perror("ksrtp-udp: bind");
		return 1;
	}
	if (is_multicast(&addr))
		join_everywhere(fd, &addr);
	p.fd = fd;
	p.events = POLLIN;
	while (got < count && poll(&p, 1, (int)timeout) == 1) {
		if (recv(fd, buf, sizeof(buf), 0) >= 0)
			got++;
	}
	printf("%ld\n", got);
	close(fd);
	return got == count ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "send"))
		return do_send(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "recv"))
		return do_recv(argc, argv);
	return usage();
}
