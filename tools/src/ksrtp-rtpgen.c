// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-rtpgen - send plain RTP over UDP (IPv4/IPv6, unicast or multicast) with a payload
 * that encodes (SSRC, sequence number), so receivers can verify every packet's content
 * (see rtp_common.h). Packets go out in sendmmsg batches, paced to --rate.
 */
#include "rtp_common.h"

#include <getopt.h>
#include <sys/uio.h>
#include <unistd.h>

#define PROG	  "ksrtp-rtpgen"
#define MAX_BATCH 64

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " --dst ADDR --port PORT [options]\n"
		"Send plain RTP with a verifiable payload pattern.\n"
		"  --dst ADDR          destination (IPv4/IPv6, unicast or multicast)\n"
		"  --port PORT         destination UDP port\n"
		"  --src ADDR          source address to bind (default: chosen by routing)\n"
		"  --sport PORT        source port (default: ephemeral)\n"
		"  --iface IFNAME      multicast: send on this interface\n"
		"  --ttl N             multicast TTL / hop limit (default 8)\n"
		"  --ssrc N            SSRC (default 0x11223344)\n"
		"  --pt N              payload type (default 0)\n"
		"  --size N            payload octets, 0..%d (default 160)\n"
		"  --count N           packets to send, 0 = until killed (default 100)\n"
		"  --rate PPS|max      packets per second (default 50)\n"
		"  --seq N             first sequence number (default 0)\n"
		"  --ts N              first timestamp (default 0); --ts-step N (default = size)\n"
		"  --rtcp-every N      also send an RTCP sender report every N packets\n"
		"  --rtcp-mux          RTCP on the RTP port (RFC 5761), else on port+1\n"
		"  --batch N           packets per sendmmsg at rate max (default 32, max %d)\n"
		"  -j, --json          JSON summary on stdout\n"
		"  -q, --quiet         no summary\n",
		RTP_MAX_PAYLOAD, MAX_BATCH);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"dst", 1, 0, 'd'},	 {"port", 1, 0, 'p'},	 {"src", 1, 0, 's'},
		{"sport", 1, 0, 'S'},	 {"iface", 1, 0, 'i'},	 {"ttl", 1, 0, 'T'},
		{"ssrc", 1, 0, 'x'},	 {"pt", 1, 0, 't'},	 {"size", 1, 0, 'z'},
		{"count", 1, 0, 'c'},	 {"rate", 1, 0, 'r'},	 {"seq", 1, 0, 'n'},
		{"ts", 1, 0, 'm'},	 {"ts-step", 1, 0, 'M'}, {"rtcp-every", 1, 0, 'R'},
		{"rtcp-mux", 0, 0, 'X'}, {"batch", 1, 0, 'b'},	 {"json", 0, 0, 'j'},
		{"quiet", 0, 0, 'q'},	 {"help", 0, 0, 'h'},	 {0, 0, 0, 0},
	};
	const char *dst = NULL, *src = NULL, *iface = NULL;
	uint64_t port = 0, sport = 0, ttl = 8, ssrc = 0x11223344, pt = 0, size = 160, count = 100;
	uint64_t rate = 50, seq0 = 0, ts0 = 0, ts_step = UINT64_MAX, rtcp_every = 0, batch = 32;
	bool rate_max = false, json = false, quiet = false, rtcp_mux = false;
	unsigned ifindex = 0;
	struct udp_addr da, rtcp_da;
	static uint8_t bufs[MAX_BATCH][RTP_HDR + RTP_MAX_PAYLOAD];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	uint64_t sent = 0, rtcp_sent = 0, errors = 0, dropped = 0;
	int64_t t0, t1;
	int fd, c;

	while ((c = getopt_long(argc, argv, "jqh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dst = optarg; break;
		case 's': src = optarg; break;
		case 'i': iface = optarg; break;
		case 'p':
			if (parse_num("--port", optarg, 65535, &port, PROG))
				return 2;
			break;
		case 'S':
			if (parse_num("--sport", optarg, 65535, &sport, PROG))
				return 2;
			break;
		case 'T':
			if (parse_num("--ttl", optarg, 255, &ttl, PROG))
				return 2;
			break;
		case 'x':
			if (parse_num("--ssrc", optarg, UINT32_MAX, &ssrc, PROG))
				return 2;
			break;
		case 't':
			if (parse_num("--pt", optarg, 127, &pt, PROG))
				return 2;
			break;
		case 'z':
			if (parse_num("--size", optarg, RTP_MAX_PAYLOAD, &size, PROG))
				return 2;
			break;
		case 'c':
			if (parse_num("--count", optarg, UINT64_MAX, &count, PROG))
				return 2;
			break;
		case 'r':
			if (!strcmp(optarg, "max"))
				rate_max = true;
			else if (parse_num("--rate", optarg, 10000000, &rate, PROG) || !rate) {
				fprintf(stderr, PROG ": --rate must be 1..10000000 or max\n");
				return 2;
			}
			break;
		case 'n':
			if (parse_num("--seq", optarg, 65535, &seq0, PROG))
				return 2;
			break;
		case 'm':
			if (parse_num("--ts", optarg, UINT32_MAX, &ts0, PROG))
				return 2;
			break;
		case 'M':
			if (parse_num("--ts-step", optarg, UINT32_MAX, &ts_step, PROG))
				return 2;
			break;
		case 'R':
			if (parse_num("--rtcp-every", optarg, UINT32_MAX, &rtcp_every, PROG))
				return 2;
			break;
		case 'X': rtcp_mux = true; break;
		case 'b':
			if (parse_num("--batch", optarg, MAX_BATCH, &batch, PROG) || !batch) {
				fprintf(stderr, PROG ": --batch must be 1..%d\n", MAX_BATCH);
				return 2;
			}
			break;
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !dst || !port) {
		fprintf(stderr, PROG ": --dst and --port are required (see --help)\n");
		return 2;
	}
	if (ts_step == UINT64_MAX)
		ts_step = size ? size : 160;
	if (iface && parse_iface(iface, &ifindex, PROG))
		return 2;
	if (parse_udp_addr(dst, (uint16_t)port, ifindex, &da)) {
		fprintf(stderr, PROG ": --dst %s is not an IPv4/IPv6 address\n", dst);
		return 2;
	}
	parse_udp_addr(dst, (uint16_t)(rtcp_mux ? port : port + 1), ifindex, &rtcp_da);
	fd = udp_tx_socket(&da, src, (uint16_t)sport, ifindex, (int)ttl, 4 << 20, PROG);
	if (fd < 0)
		return fd == -2 ? 2 : 1;
	if (!rate_max)
		batch = rate > 2000 ? (rate / 1000 < MAX_BATCH ? rate / 1000 : MAX_BATCH) : 1;

	t0 = mono_ns();
	while (!count || sent < count) {
		uint64_t n = batch, done = 0;

		if (count && count - sent < n)
			n = count - sent;
		for (uint64_t k = 0; k < n; k++) {
			uint64_t i = sent + k;
			uint16_t seq = (uint16_t)(seq0 + i);
			uint32_t ts = (uint32_t)(ts0 + i * ts_step);

			iov[k].iov_base = bufs[k];
			iov[k].iov_len =
				rtp_build(bufs[k], (uint8_t)pt, seq, ts, (uint32_t)ssrc, size);
			memset(&msgs[k], 0, sizeof(msgs[k]));
			msgs[k].msg_hdr.msg_name = &da.ss;
			msgs[k].msg_hdr.msg_namelen = da.len;
			msgs[k].msg_hdr.msg_iov = &iov[k];
			msgs[k].msg_hdr.msg_iovlen = 1;
		}
		if (!rate_max)
			sleep_until_ns(t0 + (int64_t)(sent * 1000000000ull / rate));
		while (done < n) {
			int r = sendmmsg(fd, msgs + done, (unsigned)(n - done), 0);

			if (r < 0) {
				if (errno == EINTR)
					continue;
				if (errno == ENOBUFS || errno == EAGAIN) {
					usleep(100);
					continue;
				}
				if (errno == EPERM) { /* dropped by a netfilter hook: keep going */
					dropped++;
					done++;
					continue;
				}
				fprintf(stderr, PROG ": sendmmsg to %s port %" PRIu64 ": %s\n", dst,
					port, strerror(errno));
				errors++;
				return 1;
			}
			done += (uint64_t)r;
		}
		for (uint64_t k = 0; k < n && rtcp_every; k++) {
			uint64_t i = sent + k + 1;
			uint8_t sr[RTCP_SR_LEN];

			if (i % rtcp_every)
				continue;
			rtcp_sr_build(sr, (uint32_t)ssrc, (uint32_t)i, (uint32_t)(i * size),
				      (uint32_t)(ts0 + i * ts_step));
			if (sendto(fd, sr, sizeof(sr), 0, (struct sockaddr *)&rtcp_da.ss,
				   rtcp_da.len) == (ssize_t)sizeof(sr))
				rtcp_sent++;
			else
				errors++;
		}
		sent += n;
	}
	t1 = mono_ns();
	if (json) {
		printf("{\"sent\":%" PRIu64 ",\"dropped\":%" PRIu64 ",\"rtcp_sent\":%" PRIu64
		       ",\"errors\":%" PRIu64 ",\"seconds\":%.3f}\n",
		       sent, dropped, rtcp_sent, errors, (double)(t1 - t0) / 1e9);
	} else if (!quiet || dropped) {
		double s = (double)(t1 - t0) / 1e9;

		fprintf(stderr,
			PROG ": sent %" PRIu64 " RTP packets (ssrc 0x%08x, seq %u..%u)%s in %.3f s "
			     "(%.0f pps); %" PRIu64 " refused by the local netfilter (EPERM)\n",
			sent, (uint32_t)ssrc, (unsigned)(uint16_t)seq0,
			(unsigned)(uint16_t)(seq0 + sent - 1), rtcp_sent ? " and RTCP" : "", s,
			s > 0 ? (double)sent / s : 0.0, dropped);
	}
	close(fd);
	return errors ? 1 : 0;
}
