// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-rtpsink - receive plain RTP over UDP (unicast or multicast, IPv4/IPv6), verify each
 * packet's payload pattern against its header (rtp_common.h: a wrongly decrypted or altered
 * packet is caught), count per SSRC received / lost / out-of-order / duplicate /
 * bad-content, and exit after N packets or a timeout. Exit status 0 only if nothing bad was
 * seen and the expectations given (--count, --max-lost, --ssrcs) were met.
 */
#include "rtp_common.h"

#include <getopt.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#define PROG	  "ksrtp-rtpsink"
#define MAX_BATCH 64

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " --port PORT [options]\n"
		"Receive plain RTP, verify the payload pattern of every packet, count per SSRC.\n"
		"  --port PORT         UDP port\n"
		"  --group ADDR        join this multicast group (bind to it)\n"
		"  --iface IFNAME      interface to join on (needed in a netns without default "
		"route)\n"
		"  --bind ADDR         bind to this local address\n"
		"  --count N           stop after N RTP packets (and fail if fewer arrive)\n"
		"  --timeout S         stop after S seconds in total (default 10)\n"
		"  --idle MS           stop MS milliseconds after the last packet (default: off)\n"
		"  --size N            also require every payload to be N octets\n"
		"  --max-lost N        fail if more than N packets were lost (default: no check)\n"
		"  --ssrcs N           fail unless exactly N SSRCs were seen\n"
		"  --ready FILE        create FILE once listening\n"
		"  -j, --json          JSON summary on stdout\n"
		"  -v, --verbose       print the first bad packets\n"
		"Exit status: 0 all good; 1 bad content, malformed, duplicates or expectations not "
		"met;\n"
		"2 usage.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"port", 1, 0, 'p'},	{"group", 1, 0, 'g'}, {"iface", 1, 0, 'i'},
		{"bind", 1, 0, 'B'},	{"count", 1, 0, 'c'}, {"timeout", 1, 0, 't'},
		{"idle", 1, 0, 'I'},	{"size", 1, 0, 'z'},  {"max-lost", 1, 0, 'L'},
		{"ssrcs", 1, 0, 'N'},	{"ready", 1, 0, 'r'}, {"json", 0, 0, 'j'},
		{"verbose", 0, 0, 'v'}, {"help", 0, 0, 'h'},  {0, 0, 0, 0},
	};
	const char *group = NULL, *iface = NULL, *bind_addr = NULL, *ready = NULL;
	uint64_t port = 0, count = 0, timeout = 10, idle = 0, size = UINT64_MAX;
	uint64_t max_lost = UINT64_MAX, nssrcs = 0, lost, dup;
	bool json = false, verbose = false;
	unsigned ifindex = 0, shown = 0;
	static uint8_t bufs[MAX_BATCH][2048];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	struct rx_stats *rx;
	int64_t deadline, last = 0;
	int fd, c, rc = 0, seen_ssrcs = 0;

	while ((c = getopt_long(argc, argv, "jvh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (parse_num("--port", optarg, 65535, &port, PROG))
				return 2;
			break;
		case 'g': group = optarg; break;
		case 'i': iface = optarg; break;
		case 'B': bind_addr = optarg; break;
		case 'c':
			if (parse_num("--count", optarg, UINT64_MAX, &count, PROG))
				return 2;
			break;
		case 't':
			if (parse_num("--timeout", optarg, 86400, &timeout, PROG))
				return 2;
			break;
		case 'I':
			if (parse_num("--idle", optarg, 86400000, &idle, PROG))
				return 2;
			break;
		case 'z':
			if (parse_num("--size", optarg, RTP_MAX_PAYLOAD, &size, PROG))
				return 2;
			break;
		case 'L':
			if (parse_num("--max-lost", optarg, UINT64_MAX, &max_lost, PROG))
				return 2;
			break;
		case 'N':
			if (parse_num("--ssrcs", optarg, MAX_TRACKED_SSRC, &nssrcs, PROG))
				return 2;
			break;
		case 'r': ready = optarg; break;
		case 'j': json = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !port) {
		fprintf(stderr, PROG ": --port is required (see --help)\n");
		return 2;
	}
	if (iface && parse_iface(iface, &ifindex, PROG))
		return 2;
	fd = udp_rx_socket(group, bind_addr, (uint16_t)port, ifindex, PROG);
	if (fd < 0)
		return 1;
	rx = calloc(1, sizeof(*rx));
	if (!rx) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	touch_ready(ready);
	deadline = mono_ns() + (int64_t)timeout * 1000000000;
	for (;;) {
		int64_t now = mono_ns(), wait_ns = deadline - now;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r;

		if (count && rx->packets >= count)
			break;
		if (idle && last && now - last >= (int64_t)idle * 1000000)
			break;
		if (idle && last && last + (int64_t)idle * 1000000 - now < wait_ns)
			wait_ns = last + (int64_t)idle * 1000000 - now;
		if (wait_ns <= 0)
			break;
		r = poll(&p, 1, (int)((wait_ns + 999999) / 1000000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		for (int k = 0; k < MAX_BATCH; k++) {
			iov[k].iov_base = bufs[k];
			iov[k].iov_len = sizeof(bufs[k]);
			memset(&msgs[k], 0, sizeof(msgs[k]));
			msgs[k].msg_hdr.msg_iov = &iov[k];
			msgs[k].msg_hdr.msg_iovlen = 1;
		}
		r = recvmmsg(fd, msgs, MAX_BATCH, MSG_DONTWAIT, NULL);
		if (r < 0)
			continue;
		last = mono_ns();
		for (int k = 0; k < r; k++) {
			const uint8_t *b = bufs[k];
			size_t len = msgs[k].msg_len;
			size_t cc, hdr;
			bool ok;

			if (msgs[k].msg_hdr.msg_flags & MSG_TRUNC)
				len = 0; /* counted as malformed */
			if (is_rtcp(b, len)) {
				struct ssrc_stats *s = len >= 8 ? rx_ssrc(rx, get32(b + 4)) : NULL;

				rx->rtcp++;
				if (!rtcp_sr_check(b, len)) {
					rx->bad_content++;
					if (s)
						s->rtcp_bad++;
				} else if (s) {
					s->rtcp++;
				}
				continue;
			}
			if (len < RTP_HDR || (b[0] & 0xc0) != 0x80) {
				rx->malformed++;
				if (verbose && shown++ < 5)
					fprintf(stderr, PROG ": malformed packet of %zu octets\n",
						len);
				continue;
			}
			cc = b[0] & 0x0f;
			hdr = RTP_HDR + 4 * cc;
			if (b[0] & 0x10) { /* header extension */
				if (len < hdr + 4) {
					rx->malformed++;
					continue;
				}
				hdr += 4 + 4 * (size_t)get16(b + hdr + 2);
			}
			if (len < hdr) {
				rx->malformed++;
				continue;
			}
			if (b[0] & 0x20) { /* padding */
				if (b[len - 1] == 0 || b[len - 1] > len - hdr) {
					rx->malformed++;
					continue;
				}
				len -= b[len - 1];
			}
			if (size != UINT64_MAX && len - hdr != size) {
				rx->bad_size++;
				ok = false;
			} else {
				ok = pat_check(b + hdr, len - hdr, get32(b + 8), get16(b + 2));
			}
			if (!ok && verbose && shown++ < 5)
				fprintf(stderr,
					PROG
					": bad payload: ssrc 0x%08x seq %u, %zu payload octets\n",
					get32(b + 8), get16(b + 2), len - hdr);
			rx_account(rx, get32(b + 8), get16(b + 2), ok);
		}
	}
	rx_report(rx, json, NULL, &lost, &dup);
	for (int i = 0; i < MAX_TRACKED_SSRC; i++)
		seen_ssrcs += rx->s[i].used && rx->s[i].received;
	if (rx->bad_content || rx->malformed || rx->bad_size || dup || rx->too_many_ssrcs)
		rc = 1;
	if (count && rx->packets < count) {
		fprintf(stderr, PROG ": got %" PRIu64 " of %" PRIu64 " packets\n", rx->packets,
			count);
		rc = 1;
	}
	if (max_lost != UINT64_MAX && lost > max_lost) {
		fprintf(stderr, PROG ": %" PRIu64 " packets lost (at most %" PRIu64 " allowed)\n",
			lost, max_lost);
		rc = 1;
	}
	if (nssrcs && (uint64_t)seen_ssrcs != nssrcs) {
		fprintf(stderr, PROG ": saw %d SSRCs, expected %" PRIu64 "\n", seen_ssrcs, nssrcs);
		rc = 1;
	}
	free(rx);
	close(fd);
	return rc;
}
