/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtp_common.h - shared by the traffic tools (ksrtp-rtpgen, ksrtp-rtpsink, ksrtp-srtp-peer,
 * ksrtp-srtp-relay):
 * the RTP payload pattern, RTP/RTCP packet building and checking, per-SSRC sequence
 * accounting, UDP socket set-up (unicast/multicast, IPv4/IPv6), pacing and JSON summary.
 *
 * Payload pattern: octet i of the payload of the RTP packet (SSRC s, sequence number q) is
 * the top octet of the (i+1)-th xorshift32 step from seed(s, q). A receiver can tell a
 * correctly decrypted packet from a wrongly decrypted one (random octets) or a packet
 * whose header was altered. RTCP sender reports carry NTP msw "KSRP" and NTP lsw =
 * packet count XOR SSRC, which a receiver checks the same way.
 */
#ifndef KSRTP_TOOLS_RTP_COMMON_H
#define KSRTP_TOOLS_RTP_COMMON_H

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RTP_HDR		 12
#define RTP_MAX_PAYLOAD	 1400
#define RTCP_SR_LEN	 28
#define RTCP_MAGIC	 0x4B535250u /* "KSRP" */
#define SEQ_WINDOW_BITS	 4096
#define MAX_TRACKED_SSRC 64

/* --- payload pattern ------------------------------------------------------------------------ */
static inline uint32_t pat_seed(uint32_t ssrc, uint16_t seq)
{
	uint32_t x = ssrc * 0x85ebca6bu ^ ((uint32_t)seq * 0x9e3779b9u) ^ 0x5bd1e995u;

	return x ? x : 1;
}

static inline void pat_fill(uint8_t *p, size_t n, uint32_t ssrc, uint16_t seq)
{
	uint32_t x = pat_seed(ssrc, seq);

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)(x >> 24);
	}
}

static inline bool pat_check(const uint8_t *p, size_t n, uint32_t ssrc, uint16_t seq)
{
	uint32_t x = pat_seed(ssrc, seq);

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (p[i] != (uint8_t)(x >> 24))
			return false;
	}
	return true;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* An RTP packet with the pattern payload; returns its length. */
static inline size_t rtp_build(uint8_t *buf, uint8_t pt, uint16_t seq, uint32_t ts, uint32_t ssrc,
			       size_t payload)
{
	buf[0] = 0x80;
	buf[1] = pt & 0x7f;
	put16(buf + 2, seq);
	put32(buf + 4, ts);
	put32(buf + 8, ssrc);
	pat_fill(buf + RTP_HDR, payload, ssrc, seq);
	return RTP_HDR + payload;
}

/* RTCP packets (RFC 5761 4: second octet 192..223) vs RTP. */
static inline bool is_rtcp(const uint8_t *buf, size_t len)
{
	return len >= 2 && buf[1] >= 192 && buf[1] <= 223;
}

/* A 28-octet RTCP sender report with the check fields. */
static inline size_t rtcp_sr_build(uint8_t *buf, uint32_t ssrc, uint32_t packets, uint32_t octets,
				   uint32_t ts)
{
	buf[0] = 0x80;
	buf[1] = 200;
	put16(buf + 2, 6);
	put32(buf + 4, ssrc);
	put32(buf + 8, RTCP_MAGIC);
	put32(buf + 12, packets ^ ssrc);
	put32(buf + 16, ts);
	put32(buf + 20, packets);
	put32(buf + 24, octets);
	return RTCP_SR_LEN;
}

static inline bool rtcp_sr_check(const uint8_t *buf, size_t len)
{
	return len >= RTCP_SR_LEN && (buf[0] & 0xc0) == 0x80 && buf[1] == 200 &&
	       get16(buf + 2) == 6 && get32(buf + 8) == RTCP_MAGIC &&
	       get32(buf + 12) == (get32(buf + 20) ^ get32(buf + 4));
}

/* --- per-SSRC accounting ------------------------------------------------------------------- */
struct ssrc_stats {
	uint32_t ssrc;
	bool used;
	uint64_t received, dup, ooo, too_old, bad, rtcp, rtcp_bad;
	uint64_t first_ext, max_ext; /* extended sequence numbers, offset by 2^32 */
	uint16_t first_seq, last_seq;
	uint64_t win[SEQ_WINDOW_BITS / 64];
};

struct rx_stats {
	struct ssrc_stats s[MAX_TRACKED_SSRC];
	uint64_t packets, malformed, bad_content, bad_size, failed, too_many_ssrcs, rtcp;
};

static inline struct ssrc_stats *rx_ssrc(struct rx_stats *rx, uint32_t ssrc)
{
	for (int i = 0; i < MAX_TRACKED_SSRC; i++) {
		if (rx->s[i].used && rx->s[i].ssrc == ssrc)
			return &rx->s[i];
		if (!rx->s[i].used) {
			memset(&rx->s[i], 0, sizeof(rx->s[i]));
			rx->s[i].used = true;
			rx->s[i].ssrc = ssrc;
			return &rx->s[i];
		}
	}
	rx->too_many_ssrcs++;
	return NULL;
}

static inline void win_set(struct ssrc_stats *s, uint64_t ext)
{
	s->win[(ext / 64) % (SEQ_WINDOW_BITS / 64)] |= 1ull << (ext % 64);
}

static inline bool win_get(const struct ssrc_stats *s, uint64_t ext)
{
	return s->win[(ext / 64) % (SEQ_WINDOW_BITS / 64)] >> (ext % 64) & 1;
}

/* Account one RTP packet of the SSRC whose payload check gave ok. */
static inline void rx_account(struct rx_stats *rx, uint32_t ssrc, uint16_t seq, bool ok)
{
	struct ssrc_stats *s = rx_ssrc(rx, ssrc);
	uint64_t ext;

	rx->packets++;
	if (!ok)
		rx->bad_content++;
	if (!s)
		return;
	if (!ok) {
		s->bad++;
		return;
	}
	if (!s->received && !s->dup && !s->too_old) {
		ext = (1ull << 32) + seq;
		s->first_ext = s->max_ext = ext;
		s->first_seq = seq;
		memset(s->win, 0, sizeof(s->win));
		win_set(s, ext);
		s->received = 1;
		s->last_seq = seq;
		return;
	}
	ext = s->max_ext + (uint64_t)(int64_t)(int16_t)(uint16_t)(seq - (uint16_t)s->max_ext);
	if (ext > s->max_ext) {
		if (ext - s->max_ext >= SEQ_WINDOW_BITS) {
			memset(s->win, 0, sizeof(s->win));
		} else {
			for (uint64_t e = s->max_ext + 1; e < ext; e++)
				s->win[(e / 64) % (SEQ_WINDOW_BITS / 64)] &= ~(1ull << (e % 64));
		}
		s->max_ext = ext;
		s->last_seq = seq;
	} else if (s->max_ext - ext >= SEQ_WINDOW_BITS) {
		s->too_old++;
		return;
	} else if (win_get(s, ext)) {
		s->dup++;
		return;
	} else {
		s->ooo++;
	}
	if (ext < s->first_ext) {
		s->first_ext = ext;
		s->first_seq = seq;
	}
	win_set(s, ext);
	s->received++;
}

static inline uint64_t ssrc_lost(const struct ssrc_stats *s)
{
	uint64_t span = s->max_ext - s->first_ext + 1;

	return s->received && span > s->received ? span - s->received : 0;
}

/* Summary: text on stderr or JSON on stdout. Returns the totals of lost/dup/ooo. */
static inline void rx_report(const struct rx_stats *rx, bool json, const char *extra_json,
			     uint64_t *lost, uint64_t *dup)
{
	uint64_t l = 0, d = 0;

	for (int i = 0; i < MAX_TRACKED_SSRC; i++) {
		if (!rx->s[i].used)
			continue;
		l += ssrc_lost(&rx->s[i]);
		d += rx->s[i].dup + rx->s[i].too_old;
	}
	*lost = l;
	*dup = d;
	if (json) {
		printf("{\"packets\":%" PRIu64 ",\"malformed\":%" PRIu64 ",\"bad_content\":%" PRIu64
		       ",\"bad_size\":%" PRIu64 ",\"failed\":%" PRIu64 ",\"rtcp\":%" PRIu64
		       ",\"lost\":%" PRIu64 ",\"duplicate\":%" PRIu64 "%s,\"ssrcs\":[",
		       rx->packets, rx->malformed, rx->bad_content, rx->bad_size, rx->failed,
		       rx->rtcp, l, d, extra_json ? extra_json : "");
		for (int i = 0, n = 0; i < MAX_TRACKED_SSRC; i++) {
			const struct ssrc_stats *s = &rx->s[i];

			if (!s->used)
				continue;
			printf("%s{\"ssrc\":%u,\"received\":%" PRIu64 ",\"lost\":%" PRIu64
			       ",\"out_of_order\":%" PRIu64 ",\"duplicate\":%" PRIu64
			       ",\"too_old\":%" PRIu64 ",\"bad_content\":%" PRIu64
			       ",\"rtcp\":%" PRIu64
			       ",\"first_seq\":%u,\"last_seq\":%u,\"rollovers\":%" PRIu64 "}",
			       n++ ? "," : "", s->ssrc, s->received, ssrc_lost(s), s->ooo, s->dup,
			       s->too_old, s->bad, s->rtcp, s->first_seq, s->last_seq,
			       (s->max_ext >> 16) - (s->first_ext >> 16));
		}
		printf("]}\n");
		fflush(stdout);
		return;
	}
	fprintf(stderr,
		"received %" PRIu64 " packets: malformed %" PRIu64 " bad-content %" PRIu64
		" bad-size %" PRIu64 " failed %" PRIu64 " rtcp %" PRIu64 " lost %" PRIu64
		" duplicate %" PRIu64 "\n",
		rx->packets, rx->malformed, rx->bad_content, rx->bad_size, rx->failed, rx->rtcp, l,
		d);
	for (int i = 0; i < MAX_TRACKED_SSRC; i++) {
		const struct ssrc_stats *s = &rx->s[i];

		if (!s->used)
			continue;
		fprintf(stderr,
			"  ssrc 0x%08x received %" PRIu64 " lost %" PRIu64 " out-of-order %" PRIu64
			" duplicate %" PRIu64 " too-old %" PRIu64 " bad-content %" PRIu64
			" rtcp %" PRIu64 " seq %u..%u\n",
			s->ssrc, s->received, ssrc_lost(s), s->ooo, s->dup, s->too_old, s->bad,
			s->rtcp, s->first_seq, s->last_seq);
	}
}

/* --- sockets -------------------------------------------------------------------------------------
 */
struct udp_addr {
	struct sockaddr_storage ss;
	socklen_t len;
	int family;
};

static inline int parse_udp_addr(const char *s, uint16_t port, unsigned ifindex, struct udp_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &((struct sockaddr_in *)&a->ss)->sin_addr) == 1) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		a->len = sizeof(*sin);
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, &((struct sockaddr_in6 *)&a->ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) ||
		    IN6_IS_ADDR_MC_LINKLOCAL(&sin6->sin6_addr))
			sin6->sin6_scope_id = ifindex;
		a->len = sizeof(*sin6);
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

static inline bool udp_addr_is_multicast(const struct udp_addr *a)
{
	if (a->family == AF_INET)
		return IN_MULTICAST(ntohl(((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr));
	return IN6_IS_ADDR_MULTICAST(&((const struct sockaddr_in6 *)&a->ss)->sin6_addr);
}

/* Sender: multicast interface (by index: pitfall with INADDR_ANY in a netns) and TTL. */
static inline int udp_set_mcast_out(int fd, int family, unsigned ifindex, int ttl)
{
	if (family == AF_INET) {
		struct ip_mreqn m = {.imr_ifindex = (int)ifindex};
		unsigned char t = (unsigned char)ttl;

		if (ifindex && setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof(m)))
			return -1;
		return setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof(t));
	}
	if (ifindex && setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)))
		return -1;
	return setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof(ttl));
}

/* Receiver: bind to port (on the group address when given) and join on ifindex. */
static inline int udp_rx_socket(const char *group, const char *bind_addr, uint16_t port,
				unsigned ifindex, const char *prog)
{
	struct udp_addr g = {0}, b;
	int fd, one = 1, rcvbuf = 4 << 20, family = AF_INET;

	if (group && parse_udp_addr(group, port, ifindex, &g)) {
		fprintf(stderr, "%s: --group %s is not an IPv4/IPv6 address\n", prog, group);
		return -1;
	}
	if (group && !udp_addr_is_multicast(&g)) {
		fprintf(stderr, "%s: --group %s is not a multicast address\n", prog, group);
		return -1;
	}
	if (bind_addr) {
		if (parse_udp_addr(bind_addr, port, ifindex, &b)) {
			fprintf(stderr, "%s: --bind %s is not an IPv4/IPv6 address\n", prog,
				bind_addr);
			return -1;
		}
	} else if (group) {
		b = g;
	} else {
		/* IPv6 wildcard socket receives IPv4 too (unless bindv6only). */
		parse_udp_addr("::", port, 0, &b);
	}
	family = b.family;
	fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&b.ss, b.len)) {
		fprintf(stderr, "%s: bind to port %u: %s\n", prog, port, strerror(errno));
		return -1;
	}
	if (group) {
		int r;

		if (g.family == AF_INET) {
			struct ip_mreqn m = {.imr_ifindex = (int)ifindex};

			m.imr_multiaddr = ((struct sockaddr_in *)&g.ss)->sin_addr;
			r = setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m));
		} else {
			struct ipv6_mreq m = {.ipv6mr_interface = ifindex};

			m.ipv6mr_multiaddr = ((struct sockaddr_in6 *)&g.ss)->sin6_addr;
			r = setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m));
		}
		if (r) {
			fprintf(stderr, "%s: joining %s: %s%s\n", prog, group, strerror(errno),
				ifindex ? "" : " (give --iface: there may be no default route)");
			return -1;
		}
	}
	return fd;
}

/*
 * Sender: a UDP socket of dst's family with SO_SNDBUF forced to sndbuf octets (0: the
 * default), bound to src/sport when either is given (src NULL: the wildcard address), with
 * multicast sent out of ifindex with ttl when dst is a multicast group. Returns the socket, -2
 * when src is not an address of dst's family (a usage error) and -1 on any other error.
 */
static inline int udp_tx_socket(const struct udp_addr *dst, const char *src, uint16_t sport,
				unsigned ifindex, int ttl, int sndbuf, const char *prog)
{
	const char *any = dst->family == AF_INET ? "0.0.0.0" : "::";
	int fd = socket(dst->family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return -1;
	}
	if (sndbuf && setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf, sizeof(sndbuf)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (src || sport) {
		struct udp_addr sa;
		int one = 1;

		if (parse_udp_addr(src ? src : any, sport, ifindex, &sa) ||
		    sa.family != dst->family) {
			fprintf(stderr, "%s: --src %s is not an address of the --dst family\n",
				prog, src ? src : any);
			close(fd);
			return -2;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&sa.ss, sa.len)) {
			fprintf(stderr, "%s: bind to --src %s --sport %u: %s\n", prog,
				src ? src : any, sport, strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (udp_addr_is_multicast(dst) && udp_set_mcast_out(fd, dst->family, ifindex, ttl)) {
		fprintf(stderr, "%s: multicast interface (index %u): %s\n", prog, ifindex,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static inline int parse_iface(const char *name, unsigned *ifindex, const char *prog)
{
	*ifindex = if_nametoindex(name);
	if (!*ifindex) {
		fprintf(stderr, "%s: no interface \"%s\" in this network namespace\n", prog, name);
		return -1;
	}
	return 0;
}

/* --- numbers and time ---------------------------------------------------------------------------
 */
static inline int parse_num(const char *opt, const char *s, uint64_t max, uint64_t *out,
			    const char *prog)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!s || !*s || *s == '-') {
		fprintf(stderr, "%s: %s needs a number\n", prog, opt);
		return -1;
	}
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max) {
		fprintf(stderr, "%s: %s: \"%s\" is not a number in 0..%" PRIu64 "\n", prog, opt, s,
			max);
		return -1;
	}
	*out = v;
	return 0;
}

static inline int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void sleep_until_ns(int64_t t)
{
	struct timespec ts = {.tv_sec = t / 1000000000, .tv_nsec = t % 1000000000};

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Create FILE to tell a test script the receiver is ready. */
static inline void touch_ready(const char *path)
{
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "w");
	if (f)
		fclose(f);
}

#endif /* KSRTP_TOOLS_RTP_COMMON_H */
