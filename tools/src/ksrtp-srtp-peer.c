// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-srtp-peer - an independent SRTP peer built on libsrtp2, to check the kernel module
 * against a reference implementation:
 *
 *   send     generate pattern RTP (rtp_common.h), protect it with libsrtp2, send plain UDP
 *   recv     receive UDP SRTP, unprotect with libsrtp2, verify the RTP payload pattern
 *   capture  read the SRTP the kernel put on the wire from an AF_PACKET socket on an
 *            interface (before any netfilter hook of the capturing namespace) and decrypt it
 *
 * All four suites, MKI, initial ROC (srtp_set_stream_roc) and SRTCP sender reports.
 * GCM sessions give SRTCP the RTP policy (see notes: libsrtp2 reads past a 28-octet key
 * with the default RTCP policy).
 */
#include "rtp_common.h"
#include "srtp_common.h"

#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/udp.h>
#include <poll.h>
#include <unistd.h>

#include <openssl/crypto.h>

#define PROG "ksrtp-srtp-peer"

enum mode { MODE_SEND, MODE_RECV, MODE_CAPTURE };

struct peer {
	enum mode mode;
	const struct ksrtp_srtp_suite *suite;
	const char *key_file, *dst, *src, *iface, *group, *bind_addr, *ready;
	uint8_t mki[KSRTP_SRTP_MAX_MKI];
	size_t mki_len;
	uint64_t port, sport, ttl, ssrc, pt, size, count, rate, seq0, ts0, roc, window, timeout;
	uint64_t idle, max_lost, max_failed, nssrcs, hexdump, rtcp_every;
	bool have_ssrc, have_size, rate_max, json, verbose, rtcp_mux, outgoing;
	/* send: deliberate damage after protection, for negative tests */
	const char *corrupt;
	uint64_t truncate, set_version, duplicate;
	uint8_t mki_override[KSRTP_SRTP_MAX_MKI];
	size_t mki_override_len;
	unsigned ifindex;
	srtp_t srtp;
	struct rx_stats rx;
	uint64_t auth_fail, replay_fail, other_fail, fragments, dumped, rtcp_ok, rtcp_fail;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " send|recv|capture --key-file FILE [options]\n"
		"SRTP reference peer on libsrtp2 %s.\n"
		"Common:\n"
		"  --suite NAME        AES_CM_128_HMAC_SHA1_80 (default), "
		"AES_CM_128_HMAC_SHA1_32,\n"
		"                      AEAD_AES_128_GCM, AEAD_AES_256_GCM\n"
		"  --key-file FILE     master key file (format: `ksrtpctl sa help`), - for stdin\n"
		"  --mki HEX           MKI carried in packets (1..4 octets)\n"
		"  --ssrc N            the SSRC (send: default 0x11223344; recv/capture: only "
		"this\n"
		"                      SSRC, needed with --roc)\n"
		"  --roc N             initial rollover counter\n"
		"  -j, --json          JSON summary on stdout;  -v, --verbose\n"
		"send:   --dst ADDR --port PORT [--src ADDR] [--sport PORT] [--iface IF] [--ttl "
		"N]\n"
		"        [--pt N] [--size N] [--count N] [--rate PPS|max] [--seq N] [--ts N]\n"
		"        [--rtcp-every N] [--rtcp-mux]\n"
		"        negative tests, applied after protection: [--corrupt tag|payload|header]\n"
		"        [--truncate N] [--set-version V] [--duplicate N (extra copies of each)]\n"
		"        [--mki-override HEX (MKI written into the packet)]\n"
		"recv:   --port PORT [--group ADDR] [--iface IF] [--bind ADDR]\n"
		"capture: --iface IF --port PORT (UDP destination port; RTCP on port+1 too)\n"
		"        [--outgoing: packets sent on IF, default: packets received on IF]\n"
		"recv/capture: [--count N] [--timeout S (10)] [--idle MS] [--window N (1024)]\n"
		"        [--size N] [--max-lost N] [--max-failed N (0)] [--ssrcs N] [--ready "
		"FILE]\n"
		"        [--hexdump N: print the first N packets on the wire and decrypted]\n"
		"Exit status 0 only if every packet decrypted and verified (and expectations "
		"met).\n",
		srtp_get_version_string());
}

/* The key file's key || salt; its MKI unless --mki gave one. */
static int load_key(struct peer *p, uint8_t *keysalt, size_t *len)
{
	uint8_t mki[KSRTP_SRTP_MAX_MKI];
	size_t mki_len;

	if (srtp_keysalt_load(PROG, p->key_file, p->suite, keysalt, len, mki, &mki_len))
		return -1;
	if (!p->mki_len && mki_len) {
		memcpy(p->mki, mki, mki_len);
		p->mki_len = mki_len;
	}
	OPENSSL_cleanse(mki, sizeof(mki));
	return 0;
}

static int make_session(struct peer *p)
{
	uint8_t keysalt[SRTP_KEYSALT_MAX];
	srtp_master_key_t mk, *keys[1] = {&mk};
	srtp_policy_t pol;
	srtp_err_status_t st;
	size_t klen;

	if (load_key(p, keysalt, &klen))
		return -1;
	memset(&pol, 0, sizeof(pol));
	srtp_policy_for_suite(p->suite, &pol);
	if (p->mode == MODE_SEND || p->have_ssrc) {
		pol.ssrc.type = ssrc_specific;
		pol.ssrc.value = (uint32_t)p->ssrc;
	} else {
		pol.ssrc.type = ssrc_any_inbound;
	}
	if (p->mki_len) {
		mk.key = keysalt;
		mk.mki_id = p->mki;
		mk.mki_size = (unsigned)p->mki_len;
		pol.keys = keys;
		pol.num_master_keys = 1;
	} else {
		pol.key = keysalt;
	}
	pol.window_size = p->window;
	pol.allow_repeat_tx = 0;
	st = srtp_create(&p->srtp, &pol);
	OPENSSL_cleanse(keysalt, sizeof(keysalt));
	if (st) {
		fprintf(stderr, PROG ": srtp_create failed (libsrtp2 error %d)\n", (int)st);
		return -1;
	}
	if (p->roc && pol.ssrc.type == ssrc_specific) {
		st = srtp_set_stream_roc(p->srtp, (uint32_t)p->ssrc, (uint32_t)p->roc);
		if (st) {
			fprintf(stderr, PROG ": srtp_set_stream_roc failed (libsrtp2 error %d)\n",
				(int)st);
			return -1;
		}
	}
	return 0;
}

/* --- send ----------------------------------------------------------------------------------- */
/* Damage a protected packet as asked (negative tests); returns the new length. */
static int mutate(const struct peer *p, uint8_t *b, int len, bool rtcp)
{
	size_t tag = p->suite->tag_len;

	if (rtcp && !p->suite->aead)
		tag = 10;
	if (p->mki_override_len && p->mki_len && !rtcp) {
		/* RFC 3711: MKI before the tag; RFC 7714: after the AEAD tag, at the very end. */
		size_t at = (size_t)len - p->mki_len - (p->suite->aead ? 0 : tag);

		memcpy(b + at, p->mki_override, p->mki_len);
	}
	if (p->corrupt) {
		if (!strcmp(p->corrupt, "tag"))
			b[(size_t)len - 1 - (p->suite->aead ? p->mki_len : 0)] ^= 0x01;
		else if (!strcmp(p->corrupt, "payload"))
			b[RTP_HDR + ((size_t)len - RTP_HDR) / 4] ^= 0x80;
		else if (!strcmp(p->corrupt, "header"))
			b[5] ^= 0x10; /* RTP timestamp, or SRTCP's SSRC */
	}
	if (p->set_version)
		b[0] = (uint8_t)((b[0] & 0x3f) | (p->set_version - 1) << 6);
	if (p->truncate && (uint64_t)len > p->truncate)
		len = (int)p->truncate;
	return len;
}

static int do_send(struct peer *p)
{
	uint8_t buf[RTP_HDR + RTP_MAX_PAYLOAD + SRTP_MAX_TRAILER_LEN];
	struct udp_addr da, rtcp_da;
	uint64_t sent = 0, rtcp_sent = 0;
	int64_t t0;
	int fd;

	if (parse_udp_addr(p->dst, (uint16_t)p->port, p->ifindex, &da)) {
		fprintf(stderr, PROG ": --dst %s is not an IPv4/IPv6 address\n", p->dst);
		return 2;
	}
	parse_udp_addr(p->dst, (uint16_t)(p->rtcp_mux ? p->port : p->port + 1), p->ifindex,
		       &rtcp_da);
	fd = udp_tx_socket(&da, p->src, (uint16_t)p->sport, p->ifindex, (int)p->ttl, 0, PROG);
	if (fd < 0)
		return fd == -2 ? 2 : 1;
	t0 = mono_ns();
	while (!p->count || sent < p->count) {
		uint16_t seq = (uint16_t)(p->seq0 + sent);
		int len = (int)rtp_build(buf, (uint8_t)p->pt, seq,
					 (uint32_t)(p->ts0 + sent * (p->size ? p->size : 160)),
					 (uint32_t)p->ssrc, p->size);
		srtp_err_status_t st;

		st = srtp_protect_mki(p->srtp, buf, &len, p->mki_len ? 1 : 0, 0);
		if (st) {
			fprintf(stderr,
				PROG ": srtp_protect failed at seq %u (libsrtp2 error %d)\n", seq,
				(int)st);
			return 1;
		}
		len = mutate(p, buf, len, false);
		if (!p->rate_max)
			sleep_until_ns(t0 + (int64_t)(sent * 1000000000ull / p->rate));
		for (uint64_t copy = 0; copy <= p->duplicate; copy++) {
			while (sendto(fd, buf, (size_t)len, 0, (struct sockaddr *)&da.ss, da.len) <
			       0) {
				if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) {
					usleep(100);
					continue;
				}
				if (errno == EPERM) /* dropped by a local netfilter hook */
					break;
				fprintf(stderr, PROG ": sendto: %s\n", strerror(errno));
				return 1;
			}
		}
		sent++;
		if (p->rtcp_every && sent % p->rtcp_every == 0) {
			len = (int)rtcp_sr_build(buf, (uint32_t)p->ssrc, (uint32_t)sent,
						 (uint32_t)(sent * p->size), (uint32_t)p->ts0);
			st = srtp_protect_rtcp_mki(p->srtp, buf, &len, p->mki_len ? 1 : 0, 0);
			if (st) {
				fprintf(stderr,
					PROG ": srtp_protect_rtcp failed (libsrtp2 error %d)\n",
					(int)st);
				return 1;
			}
			len = mutate(p, buf, len, true);
			if (sendto(fd, buf, (size_t)len, 0, (struct sockaddr *)&rtcp_da.ss,
				   rtcp_da.len) == len)
				rtcp_sent++;
		}
	}
	if (p->json)
		printf("{\"sent\":%" PRIu64 ",\"rtcp_sent\":%" PRIu64 "}\n", sent, rtcp_sent);
	else
		fprintf(stderr,
			PROG ": sent %" PRIu64 " SRTP packets (%s, ssrc 0x%08x, seq %u..%u)\n",
			sent, p->suite->name, (uint32_t)p->ssrc, (unsigned)(uint16_t)p->seq0,
			(unsigned)(uint16_t)(p->seq0 + sent - 1));
	close(fd);
	return 0;
}

/* --- receive / capture -------------------------------------------------------------------------
 */
static void hexdump(FILE *f, const char *title, const uint8_t *b, size_t n)
{
	fprintf(f, "%s (%zu octets):\n", title, n);
	for (size_t i = 0; i < n; i += 16) {
		fprintf(f, "  %04zx ", i);
		for (size_t k = i; k < i + 16 && k < n; k++)
			fprintf(f, " %02x", b[k]);
		fprintf(f, "\n");
	}
}

/* Unprotect one UDP payload (SRTP or SRTCP) and account it. */
static void handle_srtp(struct peer *p, uint8_t *b, size_t n)
{
	uint8_t wire[2048];
	int len = (int)n;
	srtp_err_status_t st;
	bool rtcp = is_rtcp(b, n);

	if (n < RTP_HDR || n > sizeof(wire)) {
		p->rx.malformed++;
		return;
	}
	if (p->hexdump && p->dumped < p->hexdump)
		memcpy(wire, b, n);
	if (rtcp)
		st = srtp_unprotect_rtcp_mki(p->srtp, b, &len, p->mki_len ? 1 : 0);
	else
		st = srtp_unprotect_mki(p->srtp, b, &len, p->mki_len ? 1 : 0);
	if (st) {
		p->rx.failed++;
		if (rtcp)
			p->rtcp_fail++;
		if (st == srtp_err_status_auth_fail)
			p->auth_fail++;
		else if (st == srtp_err_status_replay_fail || st == srtp_err_status_replay_old)
			p->replay_fail++;
		else
			p->other_fail++;
		if (p->verbose)
			fprintf(stderr, PROG ": %s ssrc 0x%08x seq %u: libsrtp2 error %d\n",
				rtcp ? "SRTCP" : "SRTP", get32(b + (rtcp ? 4 : 8)), get16(b + 2),
				(int)st);
		return;
	}
	if (p->hexdump && p->dumped < p->hexdump) {
		FILE *f = p->json ? stderr : stdout;

		p->dumped++;
		fprintf(f, "packet %" PRIu64 ", ssrc 0x%08x seq %u:\n", p->dumped,
			get32(b + (rtcp ? 4 : 8)), get16(b + 2));
		hexdump(f, rtcp ? "  on the wire: SRTCP" : "  on the wire: SRTP", wire, n);
		hexdump(f, rtcp ? "  decrypted by libsrtp2: RTCP" : "  decrypted by libsrtp2: RTP",
			b, (size_t)len);
	}
	if (rtcp) {
		struct ssrc_stats *s = rx_ssrc(&p->rx, get32(b + 4));

		p->rx.rtcp++;
		if (rtcp_sr_check(b, (size_t)len)) {
			p->rtcp_ok++;
			if (s)
				s->rtcp++;
		} else {
			p->rx.bad_content++;
		}
		return;
	}
	{
		size_t hdr = RTP_HDR + 4 * (size_t)(b[0] & 0x0f), plen;
		bool ok;

		if ((size_t)len < hdr || (b[0] & 0x30)) {
			p->rx.malformed++;
			return;
		}
		plen = (size_t)len - hdr;
		ok = pat_check(b + hdr, plen, get32(b + 8), get16(b + 2));
		if (p->have_size && plen != p->size) {
			p->rx.bad_size++;
			ok = false;
		}
		rx_account(&p->rx, get32(b + 8), get16(b + 2), ok);
	}
}

/* Parse an IPv4/IPv6 + UDP packet from AF_PACKET (SOCK_DGRAM: starts at the IP header). */
static void handle_frame(struct peer *p, uint8_t *b, size_t n, uint16_t proto)
{
	size_t off;
	uint8_t l4;
	struct udphdr *uh;
	size_t ulen;

	if (proto == ETH_P_IP) {
		size_t ihl, tot;

		if (n < 20 || (b[0] >> 4) != 4)
			return;
		ihl = (size_t)(b[0] & 0x0f) * 4;
		tot = get16(b + 2);
		if (ihl < 20 || tot < ihl || tot > n)
			return;
		l4 = b[9];
		if (l4 != IPPROTO_UDP)
			return;
		if (get16(b + 6) & 0x3fff) {
			p->fragments++;
			return;
		}
		off = ihl;
		n = tot;
	} else if (proto == ETH_P_IPV6) {
		if (n < 40 || (b[0] >> 4) != 6 || b[6] != IPPROTO_UDP)
			return;
		if (40 + (size_t)get16(b + 4) > n)
			return;
		n = 40 + get16(b + 4);
		off = 40;
	} else {
		return;
	}
	if (n < off + sizeof(*uh))
		return;
	uh = (struct udphdr *)(b + off);
	if (ntohs(uh->uh_dport) != p->port && (p->rtcp_mux || ntohs(uh->uh_dport) != p->port + 1))
		return;
	ulen = ntohs(uh->uh_ulen);
	if (ulen < sizeof(*uh) || off + ulen > n) {
		p->rx.malformed++;
		return;
	}
	handle_srtp(p, b + off + sizeof(*uh), ulen - sizeof(*uh));
}

static int open_capture(struct peer *p)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET,
				  .sll_protocol = htons(ETH_P_ALL),
				  .sll_ifindex = (int)p->ifindex};
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ALL));
	int rcvbuf = 8 << 20;

	if (fd < 0) {
		fprintf(stderr, PROG ": AF_PACKET socket: %s (needs CAP_NET_RAW)\n",
			strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, PROG ": binding to %s: %s\n", p->iface, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int do_receive(struct peer *p)
{
	static uint8_t buf[65536];
	int64_t deadline, last = 0;
	uint64_t lost, dup;
	int fd, rc = 0, seen = 0;
	char extra[256];

	fd = p->mode == MODE_CAPTURE
		     ? open_capture(p)
		     : udp_rx_socket(p->group, p->bind_addr, (uint16_t)p->port, p->ifindex, PROG);
	if (fd < 0)
		return 1;
	touch_ready(p->ready);
	deadline = mono_ns() + (int64_t)p->timeout * 1000000000;
	for (;;) {
		int64_t now = mono_ns(), wait_ns = deadline - now;
		struct pollfd pf = {.fd = fd, .events = POLLIN};
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		ssize_t r;

		if (p->count && p->rx.packets + p->rx.failed - p->rtcp_fail >= p->count)
			break;
		if (p->idle && last && now - last >= (int64_t)p->idle * 1000000)
			break;
		if (p->idle && last && last + (int64_t)p->idle * 1000000 - now < wait_ns)
			wait_ns = last + (int64_t)p->idle * 1000000 - now;
		if (wait_ns <= 0)
			break;
		if (poll(&pf, 1, (int)((wait_ns + 999999) / 1000000)) <= 0)
			continue;
		r = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			     p->mode == MODE_CAPTURE ? (struct sockaddr *)&from : NULL,
			     p->mode == MODE_CAPTURE ? &fl : NULL);
		if (r < 0)
			continue;
		if (p->mode == MODE_CAPTURE) {
			uint64_t before = p->rx.packets + p->rx.failed + p->rx.malformed;

			/* One direction only: on loopback each packet shows up twice. */
			if ((from.sll_pkttype == PACKET_OUTGOING) != p->outgoing)
				continue;
			handle_frame(p, buf, (size_t)r, ntohs(from.sll_protocol));
			if (p->rx.packets + p->rx.failed + p->rx.malformed != before)
				last = mono_ns();
		} else {
			last = mono_ns();
			handle_srtp(p, buf, (size_t)r);
		}
	}
	snprintf(extra, sizeof(extra),
		 ",\"auth_fail\":%" PRIu64 ",\"replay_fail\":%" PRIu64 ",\"other_fail\":%" PRIu64
		 ",\"rtcp_ok\":%" PRIu64 ",\"rtcp_fail\":%" PRIu64 ",\"suite\":\"%s\"",
		 p->auth_fail, p->replay_fail, p->other_fail, p->rtcp_ok, p->rtcp_fail,
		 p->suite->name);
	rx_report(&p->rx, p->json, extra, &lost, &dup);
	if (!p->json)
		fprintf(stderr,
			"  libsrtp2 failures: auth %" PRIu64 " replay %" PRIu64 " other %" PRIu64
			"; SRTCP ok %" PRIu64 " failed %" PRIu64 "\n",
			p->auth_fail, p->replay_fail, p->other_fail, p->rtcp_ok, p->rtcp_fail);
	for (int i = 0; i < MAX_TRACKED_SSRC; i++)
		seen += p->rx.s[i].used && p->rx.s[i].received;
	if (p->rx.bad_content || p->rx.malformed || p->rx.bad_size || dup ||
	    p->rx.failed > p->max_failed)
		rc = 1;
	if (p->count && p->rx.packets < p->count) {
		fprintf(stderr, PROG ": decrypted %" PRIu64 " of %" PRIu64 " RTP packets\n",
			p->rx.packets, p->count);
		rc = 1;
	}
	if (p->max_lost != UINT64_MAX && lost > p->max_lost) {
		fprintf(stderr, PROG ": %" PRIu64 " packets lost (at most %" PRIu64 " allowed)\n",
			lost, p->max_lost);
		rc = 1;
	}
	if (p->nssrcs && (uint64_t)seen != p->nssrcs) {
		fprintf(stderr, PROG ": saw %d SSRCs, expected %" PRIu64 "\n", seen, p->nssrcs);
		rc = 1;
	}
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"suite", 1, 0, 'A'},	    {"key-file", 1, 0, 'k'},  {"mki", 1, 0, 'K'},
		{"ssrc", 1, 0, 'x'},	    {"roc", 1, 0, 'o'},	      {"dst", 1, 0, 'd'},
		{"port", 1, 0, 'p'},	    {"src", 1, 0, 's'},	      {"sport", 1, 0, 'S'},
		{"iface", 1, 0, 'i'},	    {"ttl", 1, 0, 'T'},	      {"pt", 1, 0, 't'},
		{"size", 1, 0, 'z'},	    {"count", 1, 0, 'c'},     {"rate", 1, 0, 'r'},
		{"seq", 1, 0, 'n'},	    {"ts", 1, 0, 'm'},	      {"group", 1, 0, 'g'},
		{"bind", 1, 0, 'B'},	    {"timeout", 1, 0, 'W'},   {"idle", 1, 0, 'I'},
		{"window", 1, 0, 'w'},	    {"max-lost", 1, 0, 'L'},  {"max-failed", 1, 0, 'F'},
		{"ssrcs", 1, 0, 'N'},	    {"ready", 1, 0, 'R'},     {"hexdump", 1, 0, 'H'},
		{"rtcp-every", 1, 0, 'E'},  {"rtcp-mux", 0, 0, 'X'},  {"json", 0, 0, 'j'},
		{"outgoing", 0, 0, 'O'},    {"corrupt", 1, 0, 'C'},   {"truncate", 1, 0, 'U'},
		{"set-version", 1, 0, 'Y'}, {"duplicate", 1, 0, 'D'}, {"mki-override", 1, 0, 'Z'},
		{"verbose", 0, 0, 'v'},	    {"help", 0, 0, 'h'},      {0, 0, 0, 0},
	};
	struct peer *p;
	int c, ret;
	uint64_t v;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return 1;
	if (!strcmp(argv[1], "send"))
		p->mode = MODE_SEND;
	else if (!strcmp(argv[1], "recv"))
		p->mode = MODE_RECV;
	else if (!strcmp(argv[1], "capture"))
		p->mode = MODE_CAPTURE;
	else {
		fprintf(stderr, PROG ": unknown mode \"%s\" (send, recv or capture)\n", argv[1]);
		return 2;
	}
	p->suite = ksrtp_srtp_suite_by_id(1);
	p->ttl = 8;
	p->ssrc = 0x11223344;
	p->size = 160;
	p->count = p->mode == MODE_SEND ? 100 : 0;
	p->rate = 50;
	p->window = 1024;
	p->timeout = 10;
	p->max_lost = UINT64_MAX;
	optind = 2;
	while ((c = getopt_long(argc, argv, "jvh", opts, NULL)) != -1) {
		const char *o = "";
		uint64_t max = UINT32_MAX, *dst = NULL;

		switch (c) {
		case 'A':
			p->suite = ksrtp_srtp_suite_by_name(optarg);
			if (!p->suite) {
				fprintf(stderr, PROG ": --suite %s: %s\n", optarg,
					ksrtp_strerror(-KSRTP_ESK_SUITE));
				return 2;
			}
			continue;
		case 'k': p->key_file = optarg; continue;
		case 'K': {
			const char *h = optarg;

			if (!strncmp(h, "0x", 2))
				h += 2;
			ret = ksrtp_hex_decode(p->mki, sizeof(p->mki), h, strlen(h));
			if (ret <= 0) {
				fprintf(stderr, PROG ": --mki %s: need 1..4 octets of hex\n",
					optarg);
				return 2;
			}
			p->mki_len = (size_t)ret;
			continue;
		}
		case 'd': p->dst = optarg; continue;
		case 's': p->src = optarg; continue;
		case 'i': p->iface = optarg; continue;
		case 'g': p->group = optarg; continue;
		case 'B': p->bind_addr = optarg; continue;
		case 'R': p->ready = optarg; continue;
		case 'X': p->rtcp_mux = true; continue;
		case 'O': p->outgoing = true; continue;
		case 'C':
			if (strcmp(optarg, "tag") && strcmp(optarg, "payload") &&
			    strcmp(optarg, "header")) {
				fprintf(stderr, PROG ": --corrupt tag, payload or header\n");
				return 2;
			}
			p->corrupt = optarg;
			continue;
		case 'Y':
			if (parse_num("--set-version", optarg, 3, &v, PROG))
				return 2;
			p->set_version = v + 1; /* 0: not set */
			continue;
		case 'Z': {
			const char *h = optarg;

			if (!strncmp(h, "0x", 2))
				h += 2;
			ret = ksrtp_hex_decode(p->mki_override, sizeof(p->mki_override), h,
					       strlen(h));
			if (ret <= 0) {
				fprintf(stderr,
					PROG ": --mki-override %s: need 1..4 octets of hex\n",
					optarg);
				return 2;
			}
			p->mki_override_len = (size_t)ret;
			continue;
		}
		case 'j': p->json = true; continue;
		case 'v': p->verbose = true; continue;
		case 'h': usage(stdout); return 0;
		case 'r':
			if (!strcmp(optarg, "max")) {
				p->rate_max = true;
				continue;
			}
			o = "--rate", dst = &p->rate, max = 10000000;
			break;
		case 'x': o = "--ssrc", dst = &p->ssrc, p->have_ssrc = true; break;
		case 'o': o = "--roc", dst = &p->roc; break;
		case 'p': o = "--port", dst = &p->port, max = 65535; break;
		case 'S': o = "--sport", dst = &p->sport, max = 65535; break;
		case 'T': o = "--ttl", dst = &p->ttl, max = 255; break;
		case 't': o = "--pt", dst = &p->pt, max = 127; break;
		case 'z':
			o = "--size", dst = &p->size, max = RTP_MAX_PAYLOAD, p->have_size = true;
			break;
		case 'c': o = "--count", dst = &p->count, max = UINT64_MAX; break;
		case 'n': o = "--seq", dst = &p->seq0, max = 65535; break;
		case 'm': o = "--ts", dst = &p->ts0; break;
		case 'W': o = "--timeout", dst = &p->timeout, max = 86400; break;
		case 'I': o = "--idle", dst = &p->idle, max = 86400000; break;
		case 'w': o = "--window", dst = &p->window, max = 0x7fff; break;
		case 'L': o = "--max-lost", dst = &p->max_lost, max = UINT64_MAX; break;
		case 'F': o = "--max-failed", dst = &p->max_failed, max = UINT64_MAX; break;
		case 'N': o = "--ssrcs", dst = &p->nssrcs, max = MAX_TRACKED_SSRC; break;
		case 'H': o = "--hexdump", dst = &p->hexdump, max = 1000; break;
		case 'E': o = "--rtcp-every", dst = &p->rtcp_every; break;
		case 'U': o = "--truncate", dst = &p->truncate, max = 65535; break;
		case 'D': o = "--duplicate", dst = &p->duplicate, max = 100; break;
		default: usage(stderr); return 2;
		}
		if (parse_num(o, optarg, max, &v, PROG))
			return 2;
		*dst = v;
	}
	if (optind != argc) {
		fprintf(stderr, PROG ": unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	if (!p->key_file || !p->port || (p->mode == MODE_SEND && !p->dst) ||
	    (p->mode == MODE_CAPTURE && !p->iface) || (!p->rate_max && !p->rate) ||
	    p->window < 64) {
		fprintf(stderr, PROG ": %s needs --key-file, --port%s (see --help)\n", argv[1],
			p->mode == MODE_SEND	  ? ", --dst"
			: p->mode == MODE_CAPTURE ? ", --iface"
						  : "");
		return 2;
	}
	if (p->iface && parse_iface(p->iface, &p->ifindex, PROG))
		return 2;
	if (srtp_init()) {
		fprintf(stderr, PROG ": srtp_init failed\n");
		return 1;
	}
	if (make_session(p))
		return 1;
	ret = p->mode == MODE_SEND ? do_send(p) : do_receive(p);
	srtp_dealloc(p->srtp);
	srtp_shutdown();
	free(p);
	return ret;
}
