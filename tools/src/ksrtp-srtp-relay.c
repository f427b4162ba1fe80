// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-srtp-relay - the userspace SRTP baselines of the datapath benchmark (tools/bench/):
 *
 *   relay  receive UDP (RTP or SRTP) with recvmmsg, protect (or --unprotect) every packet with
 *          libsrtp2 in place, send it on with sendmmsg: what a media gateway in userspace does
 *   gen    send RTP at full speed with sendmmsg: valid RTP headers with increasing sequence
 *          numbers and timestamps over --ssrcs streams (round robin), optionally protected
 *          with libsrtp2 in the application (--protect) -- the local-path comparison
 *
 * Both print a JSON summary on exit: packets, seconds, pps and the process's own CPU time per
 * packet (getrusage). They stop after --duration seconds, --count packets, or SIGINT/SIGTERM.
 * No key means no crypto (a plain relay / plain generator).
 */
#include "rtp_common.h"
#include "srtp_common.h"

#include <getopt.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define PROG	  "ksrtp-srtp-relay"
#define MAX_BATCH 64
#define BUF_LEN	  2048
#define MAX_SSRCS 65536
#define MAX_FLOWS 64

enum mode { MODE_RELAY, MODE_GEN };

struct relay {
	enum mode mode;
	const struct ksrtp_srtp_suite *suite;
	const char *key_file, *dst, *bind_addr, *src;
	uint64_t port, dport, sport, size, ssrcs, ssrc0, seq0, count, batch, rate, window, flows;
	double duration, idle_exit;
	bool unprotect, json, rate_max;
	srtp_t srtp;
	struct udp_addr da;
	sigset_t stop;
	/* results */
	uint64_t packets, bytes_in, bytes_out, crypto_fail, auth_fail, replay_fail, send_err;
	double seconds;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " relay --port PORT --dst ADDR --dport PORT [options]\n"
		"       " PROG " gen --dst ADDR --port PORT [options]\n"
		"Userspace SRTP baselines on libsrtp2 %s (benchmarks).\n"
		"relay: receive UDP on PORT, protect each packet with libsrtp2 (or --unprotect),\n"
		"       send it to ADDR:DPORT; recvmmsg/sendmmsg batches.\n"
		"gen:   send RTP to ADDR:PORT at full speed (or --rate), increasing sequence\n"
		"       numbers over --ssrcs streams; --protect protects in the application.\n"
		"Options:\n"
		"  --suite NAME        AES_CM_128_HMAC_SHA1_80 (default), "
		"AES_CM_128_HMAC_SHA1_32,\n"
		"                      AEAD_AES_128_GCM, AEAD_AES_256_GCM\n"
		"  --key-file FILE     master key file (format: `ksrtpctl sa help`); without it\n"
		"                      packets are relayed / sent without SRTP\n"
		"  --unprotect         relay: unprotect SRTP instead of protecting RTP\n"
		"  --protect           gen: protect with libsrtp2 (needs --key-file)\n"
		"  --bind ADDR         relay: local address to receive on (default any)\n"
		"  --src ADDR          gen: source address\n"
		"  --sport PORT        gen: source port (default: ephemeral)\n"

		"  --size N            gen: RTP payload octets, 0..%d (default 160)\n"
		"  --ssrcs N           gen: streams, SSRC = --ssrc + i (default 1, max %d)\n"
		"  --ssrc N            gen: first SSRC (default 0x5eed0000)\n"
		"  --flows N           gen: N sockets (source ports --sport + k with --sport), "
		"flow\n"
		"                      k sends SSRC --ssrc + k, batches round robin (max %d; not\n"
		"                      with --ssrcs): N flow hashes for RSS/RPS\n"
		"  --seq N             gen: first sequence number of every SSRC (default 0)\n"
		"  --rate PPS|max      gen: packets per second (default max)\n"
		"  --replay-window N   relay --unprotect: libsrtp2 replay window (default 1024)\n"
		"  --batch N           packets per recvmmsg/sendmmsg, 1..%d (default 32)\n"
		"  --duration S        stop after S seconds (default: until SIGINT/SIGTERM)\n"
		"  --count N           stop after N packets\n"
		"  --idle-exit S       relay: stop when no packet came for S seconds (after the "
		"first)\n"
		"  -j, --json          JSON summary on stdout (default: text on stderr)\n",
		srtp_get_version_string(), RTP_MAX_PAYLOAD, MAX_SSRCS, MAX_FLOWS, MAX_BATCH);
}

static int make_session(struct relay *r)
{
	uint8_t keysalt[SRTP_KEYSALT_MAX];
	srtp_policy_t pol;
	srtp_err_status_t st;
	size_t len;

	if (srtp_keysalt_load(PROG, r->key_file, r->suite, keysalt, &len, NULL, NULL))
		return -1;
	memset(&pol, 0, sizeof(pol));
	srtp_policy_for_suite(r->suite, &pol);
	/* Streams are created from this template for every new SSRC. */
	pol.ssrc.type = r->unprotect ? ssrc_any_inbound : ssrc_any_outbound;
	pol.key = keysalt;
	pol.window_size = r->unprotect ? r->window : 128;
	pol.allow_repeat_tx = 0;
	st = srtp_create(&r->srtp, &pol);
	OPENSSL_cleanse(keysalt, sizeof(keysalt));
	if (st) {
		fprintf(stderr, PROG ": srtp_create failed (libsrtp2 error %d)\n", (int)st);
		return -1;
	}
	return 0;
}

static bool stop_requested(struct relay *r)
{
	sigset_t pend;

	return !sigpending(&pend) &&
	       (sigismember(&pend, SIGINT) == 1 || sigismember(&pend, SIGTERM) == 1);
}

static bool done(struct relay *r, int64_t t0)
{
	if (r->count && r->packets >= r->count)
		return true;
	if (r->duration > 0 && (double)(mono_ns() - t0) / 1e9 >= r->duration)
		return true;
	return stop_requested(r);
}

/* Protect or unprotect one packet in place; false when libsrtp2 refused it. */
static bool crypt_one(struct relay *r, uint8_t *buf, int *len)
{
	srtp_err_status_t st;

	if (!r->srtp)
		return true;
	st = r->unprotect ? srtp_unprotect(r->srtp, buf, len) : srtp_protect(r->srtp, buf, len);
	if (st == srtp_err_status_ok)
		return true;
	if (st == srtp_err_status_auth_fail)
		r->auth_fail++;
	else if (st == srtp_err_status_replay_fail || st == srtp_err_status_replay_old)
		r->replay_fail++;
	else
		r->crypto_fail++;
	return false;
}

static int udp_socket(struct relay *r, int family)
{
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0), sz = 8 << 20;

	if (fd < 0) {
		fprintf(stderr, PROG ": socket: %s\n", strerror(errno));
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	return fd;
}

/* Send n prepared messages; counts what could not be sent. */
static void send_all(struct relay *r, int fd, struct mmsghdr *msgs, unsigned n)
{
	unsigned off = 0;

	while (off < n) {
		int s = sendmmsg(fd, msgs + off, n - off, 0);

		if (s < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS || errno == EAGAIN) {
				usleep(50);
				continue;
			}
			/* e.g. ECONNREFUSED from an earlier ICMP: skip this packet. */
			r->send_err++;
			off++;
			continue;
		}
		for (int i = 0; i < s; i++)
			r->bytes_out += msgs[off + (unsigned)i].msg_len;
		off += (unsigned)s;
	}
}

static int do_relay(struct relay *r)
{
	static uint8_t bufs[MAX_BATCH][BUF_LEN];
	struct mmsghdr in[MAX_BATCH], out[MAX_BATCH];
	struct iovec iov[MAX_BATCH], oiov[MAX_BATCH];
	struct udp_addr ba;
	struct timeval tv = {.tv_sec = 0, .tv_usec = 20000};
	int64_t t0 = 0, tlast = 0;
	int fd;

	if (parse_udp_addr(r->bind_addr ? r->bind_addr
					: (r->da.family == AF_INET ? "0.0.0.0" : "::"),
			   (uint16_t)r->port, 0, &ba) ||
	    ba.family != r->da.family) {
		fprintf(stderr, PROG ": --bind %s is not an address of the --dst family\n",
			r->bind_addr);
		return 2;
	}
	fd = udp_socket(r, ba.family);
	if (fd < 0)
		return 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(fd, (struct sockaddr *)&ba.ss, ba.len)) {
		fprintf(stderr, PROG ": bind to port %" PRIu64 ": %s\n", r->port, strerror(errno));
		close(fd);
		return 1;
	}
	for (unsigned i = 0; i < MAX_BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = BUF_LEN - SRTP_MAX_TRAILER_LEN;
		memset(&in[i], 0, sizeof(in[i]));
		in[i].msg_hdr.msg_iov = &iov[i];
		in[i].msg_hdr.msg_iovlen = 1;
	}
	while (!(t0 && done(r, t0)) && !stop_requested(r)) {
		unsigned nout = 0;
		int n = recvmmsg(fd, in, (unsigned)r->batch, MSG_WAITFORONE, NULL);

		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
				if (t0 && r->idle_exit > 0 &&
				    (double)(mono_ns() - tlast) / 1e9 >= r->idle_exit)
					break;
				continue;
			}
			fprintf(stderr, PROG ": recvmmsg: %s\n", strerror(errno));
			close(fd);
			return 1;
		}
		if (!t0)
			t0 = mono_ns(); /* the clock starts with the first packet */
		for (int i = 0; i < n; i++) {
			int len = (int)in[i].msg_len;

			r->bytes_in += (uint64_t)len;
			if (!crypt_one(r, bufs[i], &len))
				continue;
			oiov[nout].iov_base = bufs[i];
			oiov[nout].iov_len = (size_t)len;
			memset(&out[nout], 0, sizeof(out[nout]));
			out[nout].msg_hdr.msg_name = &r->da.ss;
			out[nout].msg_hdr.msg_namelen = r->da.len;
			out[nout].msg_hdr.msg_iov = &oiov[nout];
			out[nout].msg_hdr.msg_iovlen = 1;
			nout++;
		}
		r->packets += (uint64_t)n;
		send_all(r, fd, out, nout);
		tlast = mono_ns();
	}
	/* From the first packet received to the last one sent. */
	r->seconds = t0 ? (double)(tlast - t0) / 1e9 : 0;
	close(fd);
	return 0;
}

/* The generator's socket for source port SPORT (0: ephemeral unless --src binds). */
static int gen_socket(struct relay *r, uint64_t sport)
{
	return udp_tx_socket(&r->da, r->src, (uint16_t)sport, 0, 1, 8 << 20, PROG);
}

static int do_gen(struct relay *r)
{
	static uint8_t bufs[MAX_BATCH][BUF_LEN];
	uint8_t tmpl[RTP_HDR + RTP_MAX_PAYLOAD];
	struct mmsghdr msgs[MAX_BATCH];
	struct iovec iov[MAX_BATCH];
	int fds[MAX_FLOWS];
	uint16_t *seqs;
	size_t plen = RTP_HDR + r->size;
	uint64_t i = 0, nfds = 0, batches = 0;
	int64_t t0;
	int ret = 0;

	seqs = calloc(r->ssrcs, sizeof(*seqs));
	if (!seqs) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	for (uint64_t k = 0; k < r->ssrcs; k++)
		seqs[k] = (uint16_t)r->seq0;
	/* One socket per flow; flow k sends stream k when there are several. */
	for (; nfds < r->flows; nfds++) {
		fds[nfds] = gen_socket(r, r->sport ? r->sport + nfds : 0);
		if (fds[nfds] < 0) {
			ret = fds[nfds] == -2 ? 2 : 1;
			goto out;
		}
	}
	/* Payload pattern of the first packet; per packet only the header changes. */
	rtp_build(tmpl, 0, 0, 0, (uint32_t)r->ssrc0, r->size);
	for (unsigned k = 0; k < MAX_BATCH; k++)
		memcpy(bufs[k], tmpl, plen);
	t0 = mono_ns();
	while (!done(r, t0)) {
		uint64_t n = r->batch, f = batches++ % r->flows;

		if (r->count && r->count - r->packets < n)
			n = r->count - r->packets;
		for (uint64_t k = 0; k < n; k++, i++) {
			uint64_t s = r->flows > 1 ? f : i % r->ssrcs;
			int len = (int)plen;

			if (r->srtp)
				memcpy(bufs[k] + RTP_HDR, tmpl + RTP_HDR, r->size);
			put16(bufs[k] + 2, seqs[s]);
			put32(bufs[k] + 4, (uint32_t)(seqs[s] * 160u));
			put32(bufs[k] + 8, (uint32_t)(r->ssrc0 + s));
			seqs[s]++;
			crypt_one(r, bufs[k], &len);
			iov[k].iov_base = bufs[k];
			iov[k].iov_len = (size_t)len;
			memset(&msgs[k], 0, sizeof(msgs[k]));
			msgs[k].msg_hdr.msg_name = &r->da.ss;
			msgs[k].msg_hdr.msg_namelen = r->da.len;
			msgs[k].msg_hdr.msg_iov = &iov[k];
			msgs[k].msg_hdr.msg_iovlen = 1;
		}
		if (!r->rate_max)
			sleep_until_ns(t0 + (int64_t)(r->packets * 1000000000ull / r->rate));
		send_all(r, fds[f], msgs, (unsigned)n);
		r->packets += n;
		r->bytes_in += n * plen;
	}
	r->seconds = (double)(mono_ns() - t0) / 1e9;
out:
	while (nfds)
		close(fds[--nfds]);
	free(seqs);
	return ret;
}

static void report(const struct relay *r)
{
	struct rusage ru;
	double cpu = 0;

	if (!getrusage(RUSAGE_SELF, &ru))
		cpu = (double)ru.ru_utime.tv_sec * 1e6 + (double)ru.ru_utime.tv_usec +
		      (double)ru.ru_stime.tv_sec * 1e6 + (double)ru.ru_stime.tv_usec;
	if (r->json) {
		printf("{\"mode\":\"%s\",\"srtp\":\"%s\",\"suite\":\"%s\",\"packets\":%" PRIu64
		       ",\"bytes_in\":%" PRIu64 ",\"bytes_out\":%" PRIu64 ",\"auth_fail\":%" PRIu64
		       ",\"replay_fail\":%" PRIu64 ",\"other_fail\":%" PRIu64
		       ",\"send_errors\":%" PRIu64 ",\"seconds\":%.3f,\"pps\":%.0f"
		       ",\"cpu_us\":%.0f,\"cpu_us_per_packet\":%.3f,\"libsrtp\":\"%s\"}\n",
		       r->mode == MODE_RELAY ? "relay" : "gen",
		       !r->srtp	      ? "none"
		       : r->unprotect ? "unprotect"
				      : "protect",
		       r->suite->name, r->packets, r->bytes_in, r->bytes_out, r->auth_fail,
		       r->replay_fail, r->crypto_fail, r->send_err, r->seconds,
		       r->seconds > 0 ? (double)r->packets / r->seconds : 0.0, cpu,
		       r->packets ? cpu / (double)r->packets : 0.0, srtp_get_version_string());
		fflush(stdout);
		return;
	}
	fprintf(stderr,
		PROG ": %s %" PRIu64 " packets in %.3f s (%.0f pps), %s, auth-fail %" PRIu64
		     " replay %" PRIu64 " other %" PRIu64 " send-errors %" PRIu64
		     ", CPU %.2f us/packet\n",
		r->mode == MODE_RELAY ? "relayed" : "sent", r->packets, r->seconds,
		r->seconds > 0 ? (double)r->packets / r->seconds : 0.0,
		!r->srtp       ? "no SRTP"
		: r->unprotect ? "unprotected"
			       : "protected",
		r->auth_fail, r->replay_fail, r->crypto_fail, r->send_err,
		r->packets ? cpu / (double)r->packets : 0.0);
}

static int parse_args(struct relay *r, int argc, char **argv)
{
	static const struct option opts[] = {
		{"suite", 1, 0, 's'},	      {"key-file", 1, 0, 'k'},	{"unprotect", 0, 0, 'u'},
		{"protect", 0, 0, 'P'},	      {"bind", 1, 0, 'B'},	{"src", 1, 0, 'S'},
		{"dst", 1, 0, 'd'},	      {"port", 1, 0, 'p'},	{"dport", 1, 0, 'D'},
		{"size", 1, 0, 'z'},	      {"ssrcs", 1, 0, 'n'},	{"ssrc", 1, 0, 'x'},
		{"rate", 1, 0, 'r'},	      {"batch", 1, 0, 'b'},	{"duration", 1, 0, 't'},
		{"count", 1, 0, 'c'},	      {"json", 0, 0, 'j'},	{"help", 0, 0, 'h'},
		{"replay-window", 1, 0, 'w'}, {"idle-exit", 1, 0, 'I'}, {"sport", 1, 0, 'o'},
		{"seq", 1, 0, 'q'},	      {"flows", 1, 0, 'F'},	{0, 0, 0, 0},
	};
	bool protect = false;
	char *end;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 1;
	}
	if (!strcmp(argv[1], "relay")) {
		r->mode = MODE_RELAY;
	} else if (!strcmp(argv[1], "gen")) {
		r->mode = MODE_GEN;
	} else {
		fprintf(stderr, PROG ": unknown mode \"%s\": relay or gen (see --help)\n", argv[1]);
		return 2;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			r->suite = ksrtp_srtp_suite_by_name(optarg);
			if (!r->suite) {
				fprintf(stderr, PROG ": --suite %s: %s\n", optarg,
					ksrtp_strerror(-KSRTP_ESK_SUITE));
				return 2;
			}
			break;
		case 'k': r->key_file = optarg; break;
		case 'u': r->unprotect = true; break;
		case 'P': protect = true; break;
		case 'B': r->bind_addr = optarg; break;
		case 'S': r->src = optarg; break;
		case 'd': r->dst = optarg; break;
		case 'p':
			if (parse_num("--port", optarg, 65535, &r->port, PROG))
				return 2;
			break;
		case 'D':
			if (parse_num("--dport", optarg, 65535, &r->dport, PROG))
				return 2;
			break;
		case 'o':
			if (parse_num("--sport", optarg, 65535, &r->sport, PROG))
				return 2;
			break;
		case 'q':
			if (parse_num("--seq", optarg, 65535, &r->seq0, PROG))
				return 2;
			break;
		case 'F':
			if (parse_num("--flows", optarg, MAX_FLOWS, &r->flows, PROG) || !r->flows) {
				fprintf(stderr, PROG ": --flows must be 1..%d\n", MAX_FLOWS);
				return 2;
			}
			break;
		case 'z':
			if (parse_num("--size", optarg, RTP_MAX_PAYLOAD, &r->size, PROG))
				return 2;
			break;
		case 'n':
			if (parse_num("--ssrcs", optarg, MAX_SSRCS, &r->ssrcs, PROG) || !r->ssrcs) {
				fprintf(stderr, PROG ": --ssrcs must be 1..%d\n", MAX_SSRCS);
				return 2;
			}
			break;
		case 'x':
			if (parse_num("--ssrc", optarg, UINT32_MAX, &r->ssrc0, PROG))
				return 2;
			break;
		case 'r':
			if (!strcmp(optarg, "max")) {
				r->rate_max = true;
			} else if (parse_num("--rate", optarg, 100000000, &r->rate, PROG) ||
				   !r->rate) {
				fprintf(stderr, PROG ": --rate must be 1..100000000 or max\n");
				return 2;
			} else {
				r->rate_max = false;
			}
			break;
		case 'b':
			if (parse_num("--batch", optarg, MAX_BATCH, &r->batch, PROG) || !r->batch) {
				fprintf(stderr, PROG ": --batch must be 1..%d\n", MAX_BATCH);
				return 2;
			}
			break;
		case 'w':
			if (parse_num("--replay-window", optarg, 32768, &r->window, PROG) ||
			    r->window < 64) {
				fprintf(stderr, PROG ": --replay-window must be 64..32768\n");
				return 2;
			}
			break;
		case 't':
			errno = 0;
			r->duration = strtod(optarg, &end);
			if (errno || *end || !(r->duration > 0) || r->duration > 86400) {
				fprintf(stderr,
					PROG ": --duration \"%s\": seconds, 0 < S <= 86400\n",
					optarg);
				return 2;
			}
			break;
		case 'I':
			errno = 0;
			r->idle_exit = strtod(optarg, &end);
			if (errno || *end || !(r->idle_exit > 0) || r->idle_exit > 3600) {
				fprintf(stderr,
					PROG ": --idle-exit \"%s\": seconds, 0 < S <= 3600\n",
					optarg);
				return 2;
			}
			break;
		case 'c':
			if (parse_num("--count", optarg, UINT64_MAX, &r->count, PROG))
				return 2;
			break;
		case 'j': r->json = true; break;
		case 'h': usage(stdout); return 1;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": unexpected argument \"%s\" (see --help)\n", argv[optind]);
		return 2;
	}
	if (!r->dst || !r->port || (r->mode == MODE_RELAY && !r->dport)) {
		fprintf(stderr, PROG ": %s needs --dst and --port%s (see --help)\n", argv[1],
			r->mode == MODE_RELAY ? " and --dport" : "");
		return 2;
	}
	if (r->mode == MODE_GEN && r->unprotect) {
		fprintf(stderr, PROG ": --unprotect is for relay mode\n");
		return 2;
	}
	if (r->mode == MODE_GEN && protect != !!r->key_file) {
		fprintf(stderr, PROG ": gen: --protect and --key-file go together\n");
		return 2;
	}
	if (r->mode == MODE_RELAY && protect) {
		fprintf(stderr, PROG ": relay protects by default; --protect is for gen mode\n");
		return 2;
	}
	if (r->unprotect && !r->key_file) {
		fprintf(stderr, PROG ": --unprotect needs --key-file\n");
		return 2;
	}
	if (r->flows > 1 && (r->mode != MODE_GEN || r->ssrcs > 1)) {
		fprintf(stderr,
			PROG ": --flows is for gen mode, without --ssrcs (flow k sends SSRC "
			     "--ssrc + k)\n");
		return 2;
	}
	if (r->flows > 1)
		r->ssrcs = r->flows;
	if (r->sport && r->sport + r->flows - 1 > 65535) {
		fprintf(stderr,
			PROG ": --sport %" PRIu64 " + --flows %" PRIu64 " exceeds port 65535\n",
			r->sport, r->flows);
		return 2;
	}
	if (parse_udp_addr(r->dst, (uint16_t)(r->mode == MODE_RELAY ? r->dport : r->port), 0,
			   &r->da)) {
		fprintf(stderr, PROG ": --dst %s is not an IPv4/IPv6 address\n", r->dst);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct relay r = {
		.size = 160,
		.ssrcs = 1,
		.flows = 1,
		.ssrc0 = 0x5eed0000,
		.batch = 32,
		.window = 1024,
		.rate_max = true,
	};
	int ret;

	r.suite = ksrtp_srtp_suite_by_id(1);
	ret = parse_args(&r, argc, argv);
	if (ret)
		return ret == 1 ? 0 : ret;
	/* Stop requests are noticed between batches (sigpending), never interrupt a batch. */
	sigemptyset(&r.stop);
	sigaddset(&r.stop, SIGINT);
	sigaddset(&r.stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &r.stop, NULL);
	/* libsrtp2 initialises its crypto backend (NSS on Debian, costly): only when used. */
	if (r.key_file && srtp_init()) {
		fprintf(stderr, PROG ": srtp_init failed\n");
		return 1;
	}
	if (r.key_file && make_session(&r)) {
		srtp_shutdown();
		return 1;
	}
	ret = r.mode == MODE_RELAY ? do_relay(&r) : do_gen(&r);
	if (!ret)
		report(&r);
	if (r.srtp)
		srtp_dealloc(r.srtp);
	if (r.key_file)
		srtp_shutdown();
	return ret;
}
