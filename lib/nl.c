// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - the ksrtp kernel module's generic netlink family as a typed API (ksrtp/nl.h), on
 * libnl-genl: connect, build requests, run replies and dumps, decode replies and events
 * strictly, and keep the kernel's errno and extended-ack message of the last failure.
 *
 * The decoders (nl_decode_*) work on attribute bytes only, so that the fuzzer can drive them
 * (ksrtp__nl_decode()).
 */
#include <ksrtp/err.h>
#include <ksrtp/nl.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <openssl/crypto.h>

#include "internal.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct ksrtp_nl {
	struct nl_sock *sk;
	int family;
	int version;
	int events_grp; /* -1: none */
	bool events;	/* subscribed: no requests */
	int err_no;
	int miss_type;
	char detail[256];
	uint64_t malformed;
};

/* --- errors --------------------------------------------------------------------------------- */
const char *ksrtp__nl_msg(int code)
{
	switch (code) {
	case KSRTP_ENL_NOMODULE:
		return "the ksrtp kernel module is not loaded (no generic netlink family "
		       "\"ksrtp\"): "
		       "load it with `modprobe ksrtp` or `insmod ksrtp.ko`";
	case KSRTP_ENL_SOCKET: return "a generic netlink socket operation failed";
	case KSRTP_ENL_KERNEL: return "the kernel refused the request";
	case KSRTP_ENL_EXIST: return "the SA exists";
	case KSRTP_ENL_NOENT: return "no such SA or key";
	case KSRTP_ENL_PERM: return "ksrtp commands need CAP_NET_ADMIN over the network namespace";
	case KSRTP_ENL_PROTO: return "malformed reply from the kernel";
	case KSRTP_ENL_LOST: return "events were lost (receive buffer overrun)";
	case KSRTP_ENL_EVENTS: return "this netlink handle listens to events and takes no requests";
	case KSRTP_ENL_NOGROUP: return "the module has no \"events\" multicast group";
	default: return NULL;
	}
}

__attribute__((format(printf, 3, 4))) static int fail(struct ksrtp_nl *nl, int code,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nl->detail, sizeof(nl->detail), fmt, ap);
	va_end(ap);
	return -code;
}

static void reset_err(struct ksrtp_nl *nl)
{
	nl->err_no = 0;
	nl->miss_type = -1;
	nl->detail[0] = '\0';
}

int ksrtp_nl_errno(const struct ksrtp_nl *nl)
{
	return nl ? nl->err_no : 0;
}

const char *ksrtp_nl_detail(const struct ksrtp_nl *nl)
{
	return nl ? nl->detail : "";
}

int ksrtp_nl_missing_attr(const struct ksrtp_nl *nl)
{
	return nl ? nl->miss_type : -1;
}

int ksrtp_nl_family_id(const struct ksrtp_nl *nl)
{
	return nl->family;
}

int ksrtp_nl_family_version(const struct ksrtp_nl *nl)
{
	return nl->version;
}

/* --- strict attribute parsing ------------------------------------------------------------- */
enum kind { K_NONE = 0, K_U8, K_U16, K_U32, K_U64, K_BIN, K_STR, K_NEST };

struct pol {
	enum kind kind;
	uint16_t min, max; /* K_BIN: octets; K_STR: max octets including the NUL */
};

static const char *kind_name(enum kind k)
{
	static const char *const n[] = {"?", "u8", "u16", "u32", "u64", "binary", "string", "nest"};

	return n[k];
}

/*
 * Fill tb[1..maxtype] from an attribute stream, checking each known attribute against pol;
 * unknown types (newer modules) are ignored. Returns 0 or -KSRTP_ENL_PROTO with the reason in
 * detail.
 */
static int parse_attrs(char *detail, size_t dn, struct nlattr **tb, int maxtype,
		       const struct nlattr *head, int len, const struct pol *pol, const char *what)
{
	const struct nlattr *a;
	int rem;

	memset(tb, 0, sizeof(*tb) * (size_t)(maxtype + 1));
	nla_for_each_attr(a, head, len, rem)
	{
		int type = nla_type(a), alen = nla_len(a);
		const struct pol *p;
		bool ok = true;

		if (type <= 0 || type > maxtype || pol[type].kind == K_NONE)
			continue;
		p = &pol[type];
		switch (p->kind) {
		case K_U8: ok = alen == 1; break;
		case K_U16: ok = alen == 2; break;
		case K_U32: ok = alen == 4; break;
		case K_U64: ok = alen == 8; break;
		case K_BIN: ok = alen >= p->min && alen <= p->max; break;
		case K_STR:
			ok = alen >= 1 && alen <= p->max && memchr(nla_data(a), '\0', (size_t)alen);
			break;
		default: break;
		}
		if (!ok) {
			snprintf(detail, dn, "%s attribute %d is %d octets, not a valid %s", what,
				 type, alen, kind_name(p->kind));
			return -KSRTP_ENL_PROTO;
		}
		tb[type] = (struct nlattr *)a;
	}
	if (rem != 0) {
		snprintf(detail, dn, "%d trailing octets after the %s attributes", rem, what);
		return -KSRTP_ENL_PROTO;
	}
	return 0;
}

static int parse_nest(char *detail, size_t dn, struct nlattr **tb, int maxtype,
		      const struct nlattr *nest, const struct pol *pol, const char *what)
{
	return parse_attrs(detail, dn, tb, maxtype, nla_data(nest), nla_len(nest), pol, what);
}

static void copy_str(char *dst, size_t n, const struct nlattr *a)
{
	if (a)
		nla_strlcpy(dst, (struct nlattr *)a, n);
	else
		dst[0] = '\0';
}

/* An address attribute must be 4 octets for AF_INET and 16 for AF_INET6. */
static int get_addr(char *detail, size_t dn, uint8_t out[16], const struct nlattr *a,
		    unsigned family, const char *what)
{
	int want = family == AF_INET6 ? 16 : 4;

	if (nla_len(a) != want) {
		snprintf(detail, dn, "%s is %d octets for address family %u", what, nla_len(a),
			 family);
		return -KSRTP_ENL_PROTO;
	}
	memset(out, 0, 16);
	memcpy(out, nla_data(a), (size_t)want);
	return 0;
}

/* --- decoders -------------------------------------------------------------------------------- */
static const struct pol top_pol[KSRTP_A_MAX + 1] = {
	[KSRTP_A_SA] = {K_NEST, 0, 0},
	[KSRTP_A_INFO] = {K_NEST, 0, 0},
	[KSRTP_A_STREAM] = {K_NEST, 0, 0},
	[KSRTP_A_EVENT] = {K_NEST, 0, 0},
};

static const struct pol sa_pol[KSRTP_SA_A_MAX + 1] = {
	[KSRTP_SA_A_ID] = {K_U32, 4, 4},
	[KSRTP_SA_A_DIR] = {K_U8, 1, 1},
	[KSRTP_SA_A_FAMILY] = {K_U16, 2, 2},
	[KSRTP_SA_A_DADDR] = {K_BIN, 4, 16},
	[KSRTP_SA_A_DPORT] = {K_U16, 2, 2},
	[KSRTP_SA_A_SADDR] = {K_BIN, 4, 16},
	[KSRTP_SA_A_SPORT] = {K_U16, 2, 2},
	[KSRTP_SA_A_SSRC] = {K_U32, 4, 4},
	[KSRTP_SA_A_IFINDEX] = {K_U32, 4, 4},
	[KSRTP_SA_A_SUITE] = {K_U16, 2, 2},
	[KSRTP_SA_A_REPLAY_WINDOW] = {K_U32, 4, 4},
	[KSRTP_SA_A_ROC] = {K_U32, 4, 4},
	[KSRTP_SA_A_MKI_LEN] = {K_U8, 1, 1},
	[KSRTP_SA_A_RTCP] = {K_U8, 1, 1},
	[KSRTP_SA_A_MAX_STREAMS] = {K_U32, 4, 4},
	[KSRTP_SA_A_STREAM_IDLE] = {K_U32, 4, 4},
	[KSRTP_SA_A_LIFETIME] = {K_NEST, 0, 0},
	[KSRTP_SA_A_KEY] = {K_NEST, 0, 0},
	[KSRTP_SA_A_STATS] = {K_NEST, 0, 0},
	[KSRTP_SA_A_CIPHER_DRIVER] = {K_STR, 1, KSRTP_NL_NAME_MAX},
	[KSRTP_SA_A_AUTH_DRIVER] = {K_STR, 1, KSRTP_NL_NAME_MAX},
	[KSRTP_SA_A_NUM_STREAMS] = {K_U32, 4, 4},
};

static const struct pol key_pol[KSRTP_KEY_A_MAX + 1] = {
	[KSRTP_KEY_A_SLOT] = {K_U8, 1, 1},
	[KSRTP_KEY_A_MASTER_KEY] = {K_BIN, 0, 0xffff},
	[KSRTP_KEY_A_MASTER_SALT] = {K_BIN, 0, 0xffff},
	[KSRTP_KEY_A_MKI] = {K_BIN, 1, KSRTP_SRTP_MAX_MKI},
	[KSRTP_KEY_A_KDR] = {K_U8, 1, 1},
	[KSRTP_KEY_A_ID] = {K_U32, 4, 4},
};

static const struct pol lifetime_pol[KSRTP_LIFETIME_A_MAX + 1] = {
	[KSRTP_LIFETIME_A_SOFT_PACKETS] = {K_U64, 8, 8},
	[KSRTP_LIFETIME_A_HARD_PACKETS] = {K_U64, 8, 8},
	[KSRTP_LIFETIME_A_SOFT_SECONDS] = {K_U32, 4, 4},
	[KSRTP_LIFETIME_A_HARD_SECONDS] = {K_U32, 4, 4},
};

static const struct pol stats_pol[KSRTP_STATS_A_MAX + 1] = {
	[KSRTP_STATS_A_PACKETS... KSRTP_STATS_A_LAST_SEEN_MS] = {K_U64, 8, 8},
};

static const struct pol stream_pol[KSRTP_STREAM_A_MAX + 1] = {
	[KSRTP_STREAM_A_SA_ID] = {K_U32, 4, 4},	 [KSRTP_STREAM_A_SSRC] = {K_U32, 4, 4},
	[KSRTP_STREAM_A_ROC] = {K_U32, 4, 4},	 [KSRTP_STREAM_A_SEQ] = {K_U32, 4, 4},
	[KSRTP_STREAM_A_SADDR] = {K_BIN, 4, 16}, [KSRTP_STREAM_A_SPORT] = {K_U16, 2, 2},
	[KSRTP_STREAM_A_STATS] = {K_NEST, 0, 0}, [KSRTP_STREAM_A_SRTCP_INDEX] = {K_U32, 4, 4},
};

static const struct pol event_pol[KSRTP_EVENT_A_MAX + 1] = {
	[KSRTP_EVENT_A_TYPE] = {K_U32, 4, 4},	[KSRTP_EVENT_A_SA_ID] = {K_U32, 4, 4},
	[KSRTP_EVENT_A_SSRC] = {K_U32, 4, 4},	[KSRTP_EVENT_A_SADDR] = {K_BIN, 4, 16},
	[KSRTP_EVENT_A_SPORT] = {K_U16, 2, 2},	[KSRTP_EVENT_A_COUNT] = {K_U64, 8, 8},
	[KSRTP_EVENT_A_KEY_ID] = {K_U32, 4, 4},
};

static const struct pol info_pol[KSRTP_INFO_A_MAX + 1] = {
	[KSRTP_INFO_A_VERSION] = {K_STR, 1, 64}, [KSRTP_INFO_A_GENL_VERSION] = {K_U32, 4, 4},
	[KSRTP_INFO_A_SELFTEST] = {K_U8, 1, 1},	 [KSRTP_INFO_A_SUITE] = {K_NEST, 0, 0},
	[KSRTP_INFO_A_NUM_SAS] = {K_U32, 4, 4},	 [KSRTP_INFO_A_MAX_SAS] = {K_U32, 4, 4},
};

static const struct pol suite_pol[KSRTP_INFO_SUITE_A_MAX + 1] = {
	[KSRTP_INFO_SUITE_A_SUITE] = {K_U16, 2, 2},
	[KSRTP_INFO_SUITE_A_NAME] = {K_STR, 1, 64},
	[KSRTP_INFO_SUITE_A_CIPHER_DRIVER] = {K_STR, 1, KSRTP_NL_NAME_MAX},
	[KSRTP_INFO_SUITE_A_AUTH_DRIVER] = {K_STR, 1, KSRTP_NL_NAME_MAX},
};

static const char *const stat_names[KSRTP_STATS_A_MAX + 1] = {
	[KSRTP_STATS_A_PACKETS] = "packets",
	[KSRTP_STATS_A_BYTES] = "bytes",
	[KSRTP_STATS_A_AUTH_FAIL] = "auth-fail",
	[KSRTP_STATS_A_REPLAY] = "replay",
	[KSRTP_STATS_A_MALFORMED] = "malformed",
	[KSRTP_STATS_A_MKI_UNKNOWN] = "mki-unknown",
	[KSRTP_STATS_A_NO_STREAM] = "no-stream",
	[KSRTP_STATS_A_SSRC_COLLISION] = "ssrc-collision",
	[KSRTP_STATS_A_EXPIRED] = "expired",
	[KSRTP_STATS_A_ROC_ROLLOVER] = "roc-rollover",
	[KSRTP_STATS_A_ERROR] = "error",
	[KSRTP_STATS_A_RTCP_PACKETS] = "rtcp-packets",
	[KSRTP_STATS_A_LAST_SEEN_MS] = "last-seen-ms",
};

const char *ksrtp_nl_stat_name(int index)
{
	return index > 0 && index <= KSRTP_STATS_A_MAX ? stat_names[index] : NULL;
}

#define DETAIL char *detail, size_t dn

static uint16_t get_be16(const struct nlattr *a)
{
	return ntohs(nla_get_u16(a));
}

/* An optional attribute: obj->field = get(tb[attr]) and mark it in obj->has. */
#define OPT(obj, tb, attr, field, bit, get)             \
	do {                                            \
		if ((tb)[attr]) {                       \
			(obj)->field = get((tb)[attr]); \
			(obj)->has |= (bit);            \
		}                                       \
	} while (0)

/* A source address of either family (streams, events): 4 or 16 octets. */
static int get_any_addr(DETAIL, uint8_t out[16], uint16_t *family, const struct nlattr *a,
			const char *what)
{
	int l = nla_len(a);

	if (l != 4 && l != 16) {
		snprintf(detail, dn, "%s address of %d octets", what, l);
		return -KSRTP_ENL_PROTO;
	}
	*family = l == 4 ? AF_INET : AF_INET6;
	memcpy(out, nla_data(a), (size_t)l);
	return 0;
}

static int decode_stats(DETAIL, const struct nlattr *nest, struct ksrtp_nl_stats *s)
{
	struct nlattr *tb[KSRTP_STATS_A_MAX + 1];
	int ret = parse_nest(detail, dn, tb, KSRTP_STATS_A_MAX, nest, stats_pol, "stats");

	if (ret)
		return ret;
	for (int i = 1; i <= KSRTP_STATS_A_MAX; i++)
		if (tb[i]) {
			s->v[i] = nla_get_u64(tb[i]);
			s->present |= 1u << i;
		}
	return 0;
}

static int decode_key(DETAIL, const struct nlattr *nest, struct ksrtp_nl_key *k)
{
	struct nlattr *tb[KSRTP_KEY_A_MAX + 1];
	int ret = parse_nest(detail, dn, tb, KSRTP_KEY_A_MAX, nest, key_pol, "key");

	if (ret)
		return ret;
	if (tb[KSRTP_KEY_A_MASTER_KEY] || tb[KSRTP_KEY_A_MASTER_SALT]) {
		snprintf(detail, dn, "the kernel returned key material: a module bug, report it");
		return -KSRTP_ENL_PROTO;
	}
	memset(k, 0, sizeof(*k));
	if (tb[KSRTP_KEY_A_SLOT])
		k->slot = nla_get_u8(tb[KSRTP_KEY_A_SLOT]);
	if (k->slot > KSRTP_KEY_SLOT_NEXT) {
		snprintf(detail, dn, "key slot %u is unknown", k->slot);
		return -KSRTP_ENL_PROTO;
	}
	if (tb[KSRTP_KEY_A_MKI]) {
		k->mki_len = (size_t)nla_len(tb[KSRTP_KEY_A_MKI]);
		memcpy(k->mki, nla_data(tb[KSRTP_KEY_A_MKI]), k->mki_len);
	}
	OPT(k, tb, KSRTP_KEY_A_KDR, kdr, KSRTP_NL_KEY_KDR, nla_get_u8);
	OPT(k, tb, KSRTP_KEY_A_ID, key_id, KSRTP_NL_KEY_ID, nla_get_u32);
	return 0;
}

static int decode_sa(DETAIL, const struct nlattr *nest, struct ksrtp_nl_sa *sa)
{
	struct nlattr *tb[KSRTP_SA_A_MAX + 1], *lb[KSRTP_LIFETIME_A_MAX + 1];
	const struct nlattr *a;
	int rem, ret;

	memset(sa, 0, sizeof(*sa));
	ret = parse_nest(detail, dn, tb, KSRTP_SA_A_MAX, nest, sa_pol, "SA");
	if (ret)
		return ret;
	if (!tb[KSRTP_SA_A_ID]) {
		snprintf(detail, dn, "SA without an id");
		return -KSRTP_ENL_PROTO;
	}
	sa->id = nla_get_u32(tb[KSRTP_SA_A_ID]);
	sa->family = tb[KSRTP_SA_A_FAMILY] ? nla_get_u16(tb[KSRTP_SA_A_FAMILY]) : AF_INET;
	if (sa->family != AF_INET && sa->family != AF_INET6) {
		snprintf(detail, dn, "SA %u has address family %u", sa->id, sa->family);
		return -KSRTP_ENL_PROTO;
	}
	OPT(sa, tb, KSRTP_SA_A_DIR, dir, KSRTP_NL_SA_DIR, nla_get_u8);
	OPT(sa, tb, KSRTP_SA_A_DPORT, dport, KSRTP_NL_SA_DPORT, get_be16);
	OPT(sa, tb, KSRTP_SA_A_SPORT, sport, KSRTP_NL_SA_SPORT, get_be16);
	OPT(sa, tb, KSRTP_SA_A_SSRC, ssrc, KSRTP_NL_SA_SSRC, nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_IFINDEX, ifindex, KSRTP_NL_SA_IFINDEX, nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_SUITE, suite, KSRTP_NL_SA_SUITE, nla_get_u16);
	OPT(sa, tb, KSRTP_SA_A_REPLAY_WINDOW, replay_window, KSRTP_NL_SA_REPLAY_WINDOW,
	    nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_ROC, roc, KSRTP_NL_SA_ROC, nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_MKI_LEN, mki_len, KSRTP_NL_SA_MKI_LEN, nla_get_u8);
	OPT(sa, tb, KSRTP_SA_A_RTCP, rtcp, KSRTP_NL_SA_RTCP, nla_get_u8);
	OPT(sa, tb, KSRTP_SA_A_MAX_STREAMS, max_streams, KSRTP_NL_SA_MAX_STREAMS, nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_STREAM_IDLE, stream_idle, KSRTP_NL_SA_STREAM_IDLE, nla_get_u32);
	OPT(sa, tb, KSRTP_SA_A_NUM_STREAMS, num_streams, KSRTP_NL_SA_NUM_STREAMS, nla_get_u32);
	if (tb[KSRTP_SA_A_DADDR]) {
		ret = get_addr(detail, dn, sa->daddr, tb[KSRTP_SA_A_DADDR], sa->family,
			       "the destination address");
		if (ret)
			return ret;
		sa->has |= KSRTP_NL_SA_DADDR;
	}
	if (tb[KSRTP_SA_A_SADDR]) {
		ret = get_addr(detail, dn, sa->saddr, tb[KSRTP_SA_A_SADDR], sa->family,
			       "the source address");
		if (ret)
			return ret;
		sa->has |= KSRTP_NL_SA_SADDR;
	}
	copy_str(sa->cipher_driver, sizeof(sa->cipher_driver), tb[KSRTP_SA_A_CIPHER_DRIVER]);
	copy_str(sa->auth_driver, sizeof(sa->auth_driver), tb[KSRTP_SA_A_AUTH_DRIVER]);
	if (tb[KSRTP_SA_A_LIFETIME]) {
		ret = parse_nest(detail, dn, lb, KSRTP_LIFETIME_A_MAX, tb[KSRTP_SA_A_LIFETIME],
				 lifetime_pol, "lifetime");
		if (ret)
			return ret;
		if (lb[KSRTP_LIFETIME_A_SOFT_PACKETS])
			sa->lifetime.soft_packets = nla_get_u64(lb[KSRTP_LIFETIME_A_SOFT_PACKETS]);
		if (lb[KSRTP_LIFETIME_A_HARD_PACKETS])
			sa->lifetime.hard_packets = nla_get_u64(lb[KSRTP_LIFETIME_A_HARD_PACKETS]);
		if (lb[KSRTP_LIFETIME_A_SOFT_SECONDS])
			sa->lifetime.soft_seconds = nla_get_u32(lb[KSRTP_LIFETIME_A_SOFT_SECONDS]);
		if (lb[KSRTP_LIFETIME_A_HARD_SECONDS])
			sa->lifetime.hard_seconds = nla_get_u32(lb[KSRTP_LIFETIME_A_HARD_SECONDS]);
		sa->has |= KSRTP_NL_SA_LIFETIME;
	}
	if (tb[KSRTP_SA_A_STATS]) {
		ret = decode_stats(detail, dn, tb[KSRTP_SA_A_STATS], &sa->stats);
		if (ret)
			return ret;
		sa->has |= KSRTP_NL_SA_STATS;
	}
	/* One KSRTP_SA_A_KEY nest per occupied slot. */
	nla_for_each_nested(a, (struct nlattr *)nest, rem)
	{
		if (nla_type(a) != KSRTP_SA_A_KEY)
			continue;
		if (sa->num_keys == 2) {
			snprintf(detail, dn, "SA %u has more than two keys", sa->id);
			return -KSRTP_ENL_PROTO;
		}
		ret = decode_key(detail, dn, a, &sa->keys[sa->num_keys]);
		if (ret)
			return ret;
		sa->num_keys++;
	}
	return 0;
}

static int decode_stream(DETAIL, const struct nlattr *nest, struct ksrtp_nl_stream *st)
{
	struct nlattr *tb[KSRTP_STREAM_A_MAX + 1];
	int ret;

	memset(st, 0, sizeof(*st));
	ret = parse_nest(detail, dn, tb, KSRTP_STREAM_A_MAX, nest, stream_pol, "stream");
	if (ret)
		return ret;
	if (!tb[KSRTP_STREAM_A_SSRC]) {
		snprintf(detail, dn, "stream without an SSRC");
		return -KSRTP_ENL_PROTO;
	}
	st->ssrc = nla_get_u32(tb[KSRTP_STREAM_A_SSRC]);
	if (tb[KSRTP_STREAM_A_SA_ID])
		st->sa_id = nla_get_u32(tb[KSRTP_STREAM_A_SA_ID]);
	OPT(st, tb, KSRTP_STREAM_A_ROC, roc, KSRTP_NL_STREAM_ROC, nla_get_u32);
	OPT(st, tb, KSRTP_STREAM_A_SEQ, seq, KSRTP_NL_STREAM_SEQ, nla_get_u32);
	OPT(st, tb, KSRTP_STREAM_A_SRTCP_INDEX, srtcp_index, KSRTP_NL_STREAM_SRTCP_INDEX,
	    nla_get_u32);
	OPT(st, tb, KSRTP_STREAM_A_SPORT, sport, KSRTP_NL_STREAM_SPORT, get_be16);
	if (tb[KSRTP_STREAM_A_SADDR]) {
		ret = get_any_addr(detail, dn, st->saddr, &st->family, tb[KSRTP_STREAM_A_SADDR],
				   "stream");
		if (ret)
			return ret;
		st->has |= KSRTP_NL_STREAM_SADDR;
	}
	if (tb[KSRTP_STREAM_A_STATS]) {
		ret = decode_stats(detail, dn, tb[KSRTP_STREAM_A_STATS], &st->stats);
		if (ret)
			return ret;
		st->has |= KSRTP_NL_STREAM_STATS;
	}
	return 0;
}

static int decode_event(DETAIL, const struct nlattr *nest, struct ksrtp_nl_event *ev)
{
	struct nlattr *tb[KSRTP_EVENT_A_MAX + 1];
	int ret;

	memset(ev, 0, sizeof(*ev));
	ret = parse_nest(detail, dn, tb, KSRTP_EVENT_A_MAX, nest, event_pol, "event");
	if (ret)
		return ret;
	if (!tb[KSRTP_EVENT_A_TYPE]) {
		snprintf(detail, dn, "event without a type");
		return -KSRTP_ENL_PROTO;
	}
	ev->type = nla_get_u32(tb[KSRTP_EVENT_A_TYPE]);
	OPT(ev, tb, KSRTP_EVENT_A_SA_ID, sa_id, KSRTP_NL_EVENT_SA_ID, nla_get_u32);
	OPT(ev, tb, KSRTP_EVENT_A_SSRC, ssrc, KSRTP_NL_EVENT_SSRC, nla_get_u32);
	OPT(ev, tb, KSRTP_EVENT_A_SPORT, sport, KSRTP_NL_EVENT_SPORT, get_be16);
	OPT(ev, tb, KSRTP_EVENT_A_COUNT, count, KSRTP_NL_EVENT_COUNT, nla_get_u64);
	OPT(ev, tb, KSRTP_EVENT_A_KEY_ID, key_id, KSRTP_NL_EVENT_KEY_ID, nla_get_u32);
	if (tb[KSRTP_EVENT_A_SADDR]) {
		ret = get_any_addr(detail, dn, ev->saddr, &ev->family, tb[KSRTP_EVENT_A_SADDR],
				   "event");
		if (ret)
			return ret;
		ev->has |= KSRTP_NL_EVENT_SADDR;
	}
	return 0;
}

static int decode_info(DETAIL, const struct nlattr *nest, struct ksrtp_nl_info *info)
{
	struct nlattr *tb[KSRTP_INFO_A_MAX + 1];
	const struct nlattr *a;
	int rem, ret;

	memset(info, 0, sizeof(*info));
	ret = parse_nest(detail, dn, tb, KSRTP_INFO_A_MAX, nest, info_pol, "info");
	if (ret)
		return ret;
	copy_str(info->version, sizeof(info->version), tb[KSRTP_INFO_A_VERSION]);
	OPT(info, tb, KSRTP_INFO_A_GENL_VERSION, genl_version, KSRTP_NL_INFO_GENL_VERSION,
	    nla_get_u32);
	OPT(info, tb, KSRTP_INFO_A_SELFTEST, selftest, KSRTP_NL_INFO_SELFTEST, nla_get_u8);
	OPT(info, tb, KSRTP_INFO_A_NUM_SAS, num_sas, KSRTP_NL_INFO_NUM_SAS, nla_get_u32);
	OPT(info, tb, KSRTP_INFO_A_MAX_SAS, max_sas, KSRTP_NL_INFO_MAX_SAS, nla_get_u32);
	nla_for_each_nested(a, (struct nlattr *)nest, rem)
	{
		struct nlattr *sb[KSRTP_INFO_SUITE_A_MAX + 1];
		struct ksrtp_nl_suite_info *s;

		if (nla_type(a) != KSRTP_INFO_A_SUITE)
			continue;
		if (info->num_suites == KSRTP_NL_MAX_SUITES) {
			snprintf(detail, dn, "more than %d suites in the module information",
				 KSRTP_NL_MAX_SUITES);
			return -KSRTP_ENL_PROTO;
		}
		ret = parse_nest(detail, dn, sb, KSRTP_INFO_SUITE_A_MAX, a, suite_pol,
				 "info suite");
		if (ret)
			return ret;
		s = &info->suites[info->num_suites++];
		if (sb[KSRTP_INFO_SUITE_A_SUITE])
			s->suite = nla_get_u16(sb[KSRTP_INFO_SUITE_A_SUITE]);
		copy_str(s->name, sizeof(s->name), sb[KSRTP_INFO_SUITE_A_NAME]);
		copy_str(s->cipher_driver, sizeof(s->cipher_driver),
			 sb[KSRTP_INFO_SUITE_A_CIPHER_DRIVER]);
		copy_str(s->auth_driver, sizeof(s->auth_driver),
			 sb[KSRTP_INFO_SUITE_A_AUTH_DRIVER]);
	}
	return 0;
}

/* Decode the top-level attributes of a reply or event of cmd into out (fuzzer entry). */
union nl_decoded {
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_stream stream;
	struct ksrtp_nl_event event;
	struct ksrtp_nl_info info;
};

static int decode_top(DETAIL, uint8_t cmd, const struct nlattr *head, int len,
		      union nl_decoded *out)
{
	struct nlattr *tb[KSRTP_A_MAX + 1];
	int want, ret;

	ret = parse_attrs(detail, dn, tb, KSRTP_A_MAX, head, len, top_pol, "top-level");
	if (ret)
		return ret;
	switch (cmd) {
	case KSRTP_CMD_INFO_GET: want = KSRTP_A_INFO; break;
	case KSRTP_CMD_SA_NEW:
	case KSRTP_CMD_SA_GET: want = KSRTP_A_SA; break;
	case KSRTP_CMD_STREAM_GET: want = KSRTP_A_STREAM; break;
	case KSRTP_CMD_EVENT: want = KSRTP_A_EVENT; break;
	default:
		snprintf(detail, dn, "a reply of unexpected command %u", cmd);
		return -KSRTP_ENL_PROTO;
	}
	if (!tb[want]) {
		snprintf(detail, dn, "command %u's reply lacks attribute %d", cmd, want);
		return -KSRTP_ENL_PROTO;
	}
	switch (want) {
	case KSRTP_A_INFO: return decode_info(detail, dn, tb[want], &out->info);
	case KSRTP_A_SA: return decode_sa(detail, dn, tb[want], &out->sa);
	case KSRTP_A_STREAM: return decode_stream(detail, dn, tb[want], &out->stream);
	default: return decode_event(detail, dn, tb[want], &out->event);
	}
}

int ksrtp__nl_decode(uint8_t cmd, const void *attrs, size_t len, void *out, char *detail, size_t dn)
{
	union nl_decoded *d;
	size_t size;
	int ret;

	if (len > 65535)
		return -KSRTP_EINVAL;
	d = OPENSSL_zalloc(sizeof(*d));
	if (!d)
		return -KSRTP_ENOMEM;
	ret = decode_top(detail, dn, cmd, attrs, (int)len, d);
	if (!ret && out) {
		switch (cmd) {
		case KSRTP_CMD_INFO_GET: size = sizeof(d->info); break;
		case KSRTP_CMD_STREAM_GET: size = sizeof(d->stream); break;
		case KSRTP_CMD_EVENT: size = sizeof(d->event); break;
		default: size = sizeof(d->sa); break;
		}
		memcpy(out, d, size);
	}
	OPENSSL_free(d);
	return ret;
}

/* --- names ------------------------------------------------------------------------------------ */
const char *ksrtp_nl_dir_name(unsigned dir)
{
	switch (dir) {
	case KSRTP_DIR_PROTECT: return "protect";
	case KSRTP_DIR_UNPROTECT: return "unprotect";
	default: return "unknown";
	}
}

const char *ksrtp_nl_rtcp_name(unsigned mode)
{
	switch (mode) {
	case KSRTP_RTCP_NONE: return "none";
	case KSRTP_RTCP_PORT: return "port";
	case KSRTP_RTCP_MUX: return "mux";
	default: return "unknown";
	}
}

const char *ksrtp_nl_event_name(uint32_t type)
{
	switch (type) {
	case KSRTP_EVENT_SOFT_EXPIRE: return "soft-expire";
	case KSRTP_EVENT_HARD_EXPIRE: return "hard-expire";
	case KSRTP_EVENT_INDEX_EXHAUST: return "index-exhaust";
	case KSRTP_EVENT_SSRC_COLLISION: return "ssrc-collision";
	case KSRTP_EVENT_AUTH_FAIL: return "auth-fail";
	case KSRTP_EVENT_KEY_SWAPPED: return "key-swapped";
	default: return "unknown";
	}
}

/* --- connection ------------------------------------------------------------------------------ */
int ksrtp_nl_open(struct ksrtp_nl **out)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;
	struct ksrtp_nl *nl;
	int one = 1, ret;

	*out = NULL;
	nl = OPENSSL_zalloc(sizeof(*nl));
	if (!nl)
		return -KSRTP_ENOMEM;
	nl->events_grp = -1;
	nl->miss_type = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		OPENSSL_free(nl);
		return -KSRTP_ENOMEM;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = -KSRTP_ENL_SOCKET;
		goto fail;
	}
	/* Kernel error messages (extended ack), without our request echoed back. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_enable_msg_peek(nl->sk);
	if (genl_ctrl_alloc_cache(nl->sk, &cache) < 0) {
		ret = -KSRTP_ENL_SOCKET;
		goto fail;
	}
	fam = genl_ctrl_search_by_name(cache, KSRTP_GENL_NAME);
	if (!fam) {
		ret = -KSRTP_ENL_NOMODULE;
		goto fail;
	}
	nl->family = genl_family_get_id(fam);
	nl->version = (int)genl_family_get_version(fam);
	genl_family_put(fam);
	nl_cache_free(cache);
	ret = genl_ctrl_resolve_grp(nl->sk, KSRTP_GENL_NAME, KSRTP_MCGRP_EVENTS);
	nl->events_grp = ret >= 0 ? ret : -1;
	*out = nl;
	return 0;
fail:
	if (cache)
		nl_cache_free(cache);
	nl_socket_free(nl->sk);
	OPENSSL_free(nl);
	return ret;
}

void ksrtp_nl_close(struct ksrtp_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	OPENSSL_free(nl);
}

/* --- requests --------------------------------------------------------------------------------- */
typedef int (*reply_fn)(struct ksrtp_nl *nl, const union nl_decoded *d, void *arg);

struct req {
	struct ksrtp_nl *nl;
	reply_fn fn;
	void *arg;
	union nl_decoded *scratch;
	bool done;
	int err;
};

static int errno_code(int e)
{
	switch (e) {
	case EEXIST: return -KSRTP_ENL_EXIST;
	case ENOENT: return -KSRTP_ENL_NOENT;
	case EPERM: return -KSRTP_ENL_PERM;
	default: return -KSRTP_ENL_KERNEL;
	}
}

/* Extended-ack TLVs that follow an error or a DONE message. */
static void parse_extack(struct ksrtp_nl *nl, const struct nlattr *head, int len)
{
	static const struct pol pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = {K_STR, 1, 1024},
		[NLMSGERR_ATTR_MISS_TYPE] = {K_U32, 4, 4},
	};
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	char ignored[8];

	if (len <= 0 ||
	    parse_attrs(ignored, sizeof(ignored), tb, NLMSGERR_ATTR_MAX, head, len, pol, "ack"))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(nl->detail, tb[NLMSGERR_ATTR_MSG], sizeof(nl->detail));
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		nl->miss_type = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

static void kernel_error(struct req *r, int e)
{
	r->nl->err_no = e;
	r->err = errno_code(e);
}

static int err_cb(struct sockaddr_nl *sa, struct nlmsgerr *e, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	r->done = true;
	if (e->error >= 0) {
		r->err = fail(r->nl, KSRTP_ENL_PROTO, "an error message with error %d", e->error);
		return NL_STOP;
	}
	kernel_error(r, -e->error);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (off < nlh->nlmsg_len)
			parse_extack(r->nl, (struct nlattr *)((char *)nlh + off),
				     (int)(nlh->nlmsg_len - off));
	}
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	((struct req *)arg)->done = true;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int e;

	r->done = true;
	/* A dump that failed part-way reports its error in the DONE message. */
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(int))
		return NL_STOP;
	memcpy(&e, nlmsg_data(nlh), sizeof(e));
	if (e < 0 && !r->err) {
		kernel_error(r, -e);
		if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_extack(
				r->nl,
				(struct nlattr *)((char *)nlh + NLMSG_HDRLEN +
						  NLMSG_ALIGN(sizeof(int))),
				(int)(nlh->nlmsg_len - NLMSG_HDRLEN - NLMSG_ALIGN(sizeof(int))));
	}
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct req *r = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	int ret;

	if (r->err)
		return NL_SKIP; /* drain the rest of a dump after an error */
	if (!genlmsg_valid_hdr(nlh, 0)) {
		r->err = fail(r->nl, KSRTP_ENL_PROTO, "short generic netlink header");
		return NL_SKIP;
	}
	gh = nlmsg_data(nlh);
	ret = decode_top(r->nl->detail, sizeof(r->nl->detail), gh->cmd, genlmsg_attrdata(gh, 0),
			 genlmsg_attrlen(gh, 0), r->scratch);
	if (!ret && r->fn)
		ret = r->fn(r->nl, r->scratch, r->arg);
	if (ret)
		r->err = ret;
	return NL_SKIP;
}

static void drop_msg(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	/* Requests may carry key material: wipe before freeing. */
	OPENSSL_cleanse(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

/* Send msg (consumed) and run the replies through fn until the ACK or the end of a dump. */
static int request(struct ksrtp_nl *nl, struct nl_msg *msg, reply_fn fn, void *arg)
{
	struct req r = {.nl = nl, .fn = fn, .arg = arg};
	struct nl_cb *cb;
	int ret;

	r.scratch = OPENSSL_malloc(sizeof(*r.scratch));
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb || !r.scratch) {
		drop_msg(msg);
		OPENSSL_free(r.scratch);
		if (cb)
			nl_cb_put(cb);
		return -KSRTP_ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);

	ret = nl_send_auto(nl->sk, msg);
	drop_msg(msg);
	if (ret < 0) {
		r.err = fail(nl, KSRTP_ENL_SOCKET, "sending to the kernel: %s", nl_geterror(ret));
		goto out;
	}
	while (!r.done) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && !r.done) {
			if (!r.err)
				r.err = fail(nl, KSRTP_ENL_SOCKET, "receiving from the kernel: %s",
					     nl_geterror(ret));
			break;
		}
	}
out:
	nl_cb_put(cb);
	OPENSSL_cleanse(r.scratch, sizeof(*r.scratch));
	OPENSSL_free(r.scratch);
	return r.err;
}

/* A new request for cmd; NULL when out of memory or the handle takes no requests (ret set). */
static struct nl_msg *new_msg(struct ksrtp_nl *nl, uint8_t cmd, int flags, int *ret)
{
	struct nl_msg *msg;

	reset_err(nl);
	if (nl->events) {
		*ret = -KSRTP_ENL_EVENTS;
		return NULL;
	}
	msg = nlmsg_alloc();
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, cmd,
				KSRTP_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	*ret = msg ? 0 : -KSRTP_ENOMEM;
	return msg;
}

/* A request whose only attribute is KSRTP_A_SA { KSRTP_SA_A_ID id } (id 0: none). */
static int id_request(struct ksrtp_nl *nl, uint8_t cmd, int flags, uint32_t id, reply_fn fn,
		      void *arg)
{
	struct nlattr *sa;
	struct nl_msg *msg;
	int ret;

	msg = new_msg(nl, cmd, flags, &ret);
	if (!msg)
		return ret;
	if (id) {
		sa = nla_nest_start(msg, KSRTP_A_SA);
		if (!sa || nla_put_u32(msg, KSRTP_SA_A_ID, id)) {
			nlmsg_free(msg);
			return -KSRTP_ENOMEM;
		}
		nla_nest_end(msg, sa);
	}
	return request(nl, msg, fn, arg);
}

/* --- info ----------------------------------------------------------------------------------- */
struct one {
	void *out;
	size_t size;
	bool got;
};

static int one_fn(struct ksrtp_nl *nl, const union nl_decoded *d, void *arg)
{
	struct one *o = arg;

	memcpy(o->out, d, o->size);
	o->got = true;
	return 0;
}

int ksrtp_nl_info_get(struct ksrtp_nl *nl, struct ksrtp_nl_info *out)
{
	struct one o = {.out = out, .size = sizeof(*out)};
	int ret = id_request(nl, KSRTP_CMD_INFO_GET, 0, 0, one_fn, &o);

	if (!ret && !o.got)
		ret = fail(nl, KSRTP_ENL_PROTO, "the kernel sent no module information");
	return ret;
}

/* --- keys ------------------------------------------------------------------------------------- */
void ksrtp_nl_key_from_srtpkey(struct ksrtp_nl_key *out, const struct ksrtp_srtpkey *k,
			       uint8_t slot)
{
	memset(out, 0, sizeof(*out));
	out->slot = slot;
	memcpy(out->master_key, k->key, k->key_len);
	out->master_key_len = k->key_len;
	memcpy(out->master_salt, k->salt, k->salt_len);
	out->master_salt_len = k->salt_len;
	memcpy(out->mki, k->mki, k->mki_len);
	out->mki_len = k->mki_len;
}

void ksrtp_nl_key_wipe(struct ksrtp_nl_key *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}

static int put_key(struct nl_msg *msg, const struct ksrtp_nl_key *k, uint8_t slot)
{
	struct nlattr *nest = nla_nest_start(msg, KSRTP_SA_A_KEY);

	if (!nest || nla_put_u8(msg, KSRTP_KEY_A_SLOT, slot) ||
	    nla_put(msg, KSRTP_KEY_A_MASTER_KEY, (int)k->master_key_len, k->master_key) ||
	    nla_put(msg, KSRTP_KEY_A_MASTER_SALT, (int)k->master_salt_len, k->master_salt) ||
	    (k->mki_len && nla_put(msg, KSRTP_KEY_A_MKI, (int)k->mki_len, k->mki)) ||
	    ((k->has & KSRTP_NL_KEY_KDR) && nla_put_u8(msg, KSRTP_KEY_A_KDR, k->kdr)) ||
	    ((k->has & KSRTP_NL_KEY_ID) && nla_put_u32(msg, KSRTP_KEY_A_ID, k->key_id)))
		return -KSRTP_ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

static bool key_ok(const struct ksrtp_nl_key *k)
{
	return k->master_key_len && k->master_key_len <= sizeof(k->master_key) &&
	       k->master_salt_len && k->master_salt_len <= sizeof(k->master_salt) &&
	       k->mki_len <= sizeof(k->mki);
}

/* --- SAs -------------------------------------------------------------------------------------- */
static int put_sa(struct nl_msg *msg, const struct ksrtp_nl_sa *sa, int alen, uint8_t mki_len)
{
	const struct ksrtp_nl_lifetime *lt = &sa->lifetime;
	uint32_t h = sa->has;

	if (nla_put_u32(msg, KSRTP_SA_A_ID, sa->id) || nla_put_u8(msg, KSRTP_SA_A_DIR, sa->dir) ||
	    nla_put_u16(msg, KSRTP_SA_A_FAMILY, sa->family) ||
	    nla_put(msg, KSRTP_SA_A_DADDR, alen, sa->daddr) ||
	    nla_put_u16(msg, KSRTP_SA_A_DPORT, htons(sa->dport)) ||
	    ((h & KSRTP_NL_SA_SADDR) && nla_put(msg, KSRTP_SA_A_SADDR, alen, sa->saddr)) ||
	    ((h & KSRTP_NL_SA_SPORT) && nla_put_u16(msg, KSRTP_SA_A_SPORT, htons(sa->sport))) ||
	    ((h & KSRTP_NL_SA_SSRC) && nla_put_u32(msg, KSRTP_SA_A_SSRC, sa->ssrc)) ||
	    ((h & KSRTP_NL_SA_IFINDEX) && nla_put_u32(msg, KSRTP_SA_A_IFINDEX, sa->ifindex)) ||
	    nla_put_u16(msg, KSRTP_SA_A_SUITE, sa->suite) ||
	    ((h & KSRTP_NL_SA_REPLAY_WINDOW) &&
	     nla_put_u32(msg, KSRTP_SA_A_REPLAY_WINDOW, sa->replay_window)) ||
	    ((h & KSRTP_NL_SA_ROC) && nla_put_u32(msg, KSRTP_SA_A_ROC, sa->roc)) ||
	    nla_put_u8(msg, KSRTP_SA_A_MKI_LEN, mki_len) ||
	    ((h & KSRTP_NL_SA_RTCP) && nla_put_u8(msg, KSRTP_SA_A_RTCP, sa->rtcp)) ||
	    ((h & KSRTP_NL_SA_MAX_STREAMS) &&
	     nla_put_u32(msg, KSRTP_SA_A_MAX_STREAMS, sa->max_streams)) ||
	    ((h & KSRTP_NL_SA_STREAM_IDLE) &&
	     nla_put_u32(msg, KSRTP_SA_A_STREAM_IDLE, sa->stream_idle)))
		return -KSRTP_ENOMEM;
	if ((h & KSRTP_NL_SA_LIFETIME) &&
	    (lt->soft_packets || lt->hard_packets || lt->soft_seconds || lt->hard_seconds)) {
		struct nlattr *nest = nla_nest_start(msg, KSRTP_SA_A_LIFETIME);

		if (!nest ||
		    (lt->soft_packets &&
		     nla_put_u64(msg, KSRTP_LIFETIME_A_SOFT_PACKETS, lt->soft_packets)) ||
		    (lt->hard_packets &&
		     nla_put_u64(msg, KSRTP_LIFETIME_A_HARD_PACKETS, lt->hard_packets)) ||
		    (lt->soft_seconds &&
		     nla_put_u32(msg, KSRTP_LIFETIME_A_SOFT_SECONDS, lt->soft_seconds)) ||
		    (lt->hard_seconds &&
		     nla_put_u32(msg, KSRTP_LIFETIME_A_HARD_SECONDS, lt->hard_seconds)))
			return -KSRTP_ENOMEM;
		nla_nest_end(msg, nest);
	}
	return 0;
}

struct add_reply {
	uint32_t id;
	bool got;
};

static int add_fn(struct ksrtp_nl *nl, const union nl_decoded *d, void *arg)
{
	struct add_reply *r = arg;

	r->id = d->sa.id;
	r->got = true;
	return 0;
}

int ksrtp_nl_sa_add(struct ksrtp_nl *nl, const struct ksrtp_nl_sa *sa,
		    const struct ksrtp_nl_key *key, unsigned flags, uint32_t *id)
{
	struct add_reply rep = {0};
	struct nl_msg *msg;
	struct nlattr *nest;
	uint8_t mki_len;
	int alen, ret;

	if (!sa || !key || (sa->family != AF_INET && sa->family != AF_INET6) || !key_ok(key) ||
	    (flags & ~KSRTP_NL_REPLACE))
		return -KSRTP_EINVAL;
	alen = sa->family == AF_INET6 ? 16 : 4;
	mki_len = (sa->has & KSRTP_NL_SA_MKI_LEN) ? sa->mki_len : (uint8_t)key->mki_len;
	msg = new_msg(nl, KSRTP_CMD_SA_NEW, (flags & KSRTP_NL_REPLACE) ? NLM_F_REPLACE : 0, &ret);
	if (!msg)
		return ret;
	nest = nla_nest_start(msg, KSRTP_A_SA);
	if (!nest || put_sa(msg, sa, alen, mki_len) || put_key(msg, key, KSRTP_KEY_SLOT_CURRENT)) {
		drop_msg(msg);
		return -KSRTP_ENOMEM;
	}
	nla_nest_end(msg, nest);
	ret = request(nl, msg, add_fn, &rep);
	if (ret)
		return ret;
	if (!rep.got && !sa->id)
		return fail(nl, KSRTP_ENL_PROTO,
			    "the kernel added the SA but did not say which id it chose");
	if (id)
		*id = rep.got ? rep.id : sa->id;
	return 0;
}

int ksrtp_nl_sa_del(struct ksrtp_nl *nl, uint32_t id)
{
	if (!id)
		return -KSRTP_EINVAL;
	return id_request(nl, KSRTP_CMD_SA_DEL, 0, id, NULL, NULL);
}

int ksrtp_nl_sa_flush(struct ksrtp_nl *nl, uint8_t dir)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int ret;

	msg = new_msg(nl, KSRTP_CMD_SA_FLUSH, 0, &ret);
	if (!msg)
		return ret;
	if (dir) {
		nest = nla_nest_start(msg, KSRTP_A_SA);
		if (!nest || nla_put_u8(msg, KSRTP_SA_A_DIR, dir)) {
			nlmsg_free(msg);
			return -KSRTP_ENOMEM;
		}
		nla_nest_end(msg, nest);
	}
	return request(nl, msg, NULL, NULL);
}

int ksrtp_nl_sa_get(struct ksrtp_nl *nl, uint32_t id, struct ksrtp_nl_sa *out)
{
	struct one o = {.out = out, .size = sizeof(*out)};
	int ret;

	if (!id)
		return -KSRTP_EINVAL;
	ret = id_request(nl, KSRTP_CMD_SA_GET, 0, id, one_fn, &o);
	if (!ret && !o.got)
		ret = fail(nl, KSRTP_ENL_PROTO, "the kernel did not return SA %u", id);
	return ret;
}

struct dump {
	ksrtp_nl_sa_fn sa;
	ksrtp_nl_stream_fn stream;
	void *arg;
};

static int dump_fn(struct ksrtp_nl *nl, const union nl_decoded *d, void *arg)
{
	struct dump *dp = arg;

	return dp->sa ? dp->sa(&d->sa, dp->arg) : dp->stream(&d->stream, dp->arg);
}

int ksrtp_nl_sa_dump(struct ksrtp_nl *nl, ksrtp_nl_sa_fn fn, void *arg)
{
	struct dump dp = {.sa = fn, .arg = arg};

	if (!fn)
		return -KSRTP_EINVAL;
	return id_request(nl, KSRTP_CMD_SA_GET, NLM_F_DUMP, 0, dump_fn, &dp);
}

int ksrtp_nl_stream_dump(struct ksrtp_nl *nl, uint32_t sa_id, ksrtp_nl_stream_fn fn, void *arg)
{
	struct dump dp = {.stream = fn, .arg = arg};

	if (!sa_id || !fn)
		return -KSRTP_EINVAL;
	return id_request(nl, KSRTP_CMD_STREAM_GET, NLM_F_DUMP, sa_id, dump_fn, &dp);
}

int ksrtp_nl_key_set(struct ksrtp_nl *nl, uint32_t id, const struct ksrtp_nl_key *key)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	int ret;

	if (!id || !key || !key_ok(key) || key->slot > KSRTP_KEY_SLOT_NEXT)
		return -KSRTP_EINVAL;
	msg = new_msg(nl, KSRTP_CMD_KEY_SET, 0, &ret);
	if (!msg)
		return ret;
	nest = nla_nest_start(msg, KSRTP_A_SA);
	if (!nest || nla_put_u32(msg, KSRTP_SA_A_ID, id) || put_key(msg, key, key->slot)) {
		drop_msg(msg);
		return -KSRTP_ENOMEM;
	}
	nla_nest_end(msg, nest);
	return request(nl, msg, NULL, NULL);
}

int ksrtp_nl_key_swap(struct ksrtp_nl *nl, uint32_t id)
{
	if (!id)
		return -KSRTP_EINVAL;
	return id_request(nl, KSRTP_CMD_KEY_SWAP, 0, id, NULL, NULL);
}

int ksrtp_nl_key_del(struct ksrtp_nl *nl, uint32_t id)
{
	if (!id)
		return -KSRTP_EINVAL;
	return id_request(nl, KSRTP_CMD_KEY_DEL, 0, id, NULL, NULL);
}

/* --- events ----------------------------------------------------------------------------------- */
int ksrtp_nl_events_subscribe(struct ksrtp_nl *nl)
{
	int ret;

	reset_err(nl);
	if (nl->events)
		return 0;
	if (nl->events_grp < 0)
		return -KSRTP_ENL_NOGROUP;
	ret = nl_socket_add_membership(nl->sk, nl->events_grp);
	if (ret < 0)
		return fail(nl, KSRTP_ENL_SOCKET, "joining the events group: %s", nl_geterror(ret));
	/* Notifications carry sequence number 0. */
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_set_nonblocking(nl->sk);
	nl->events = true;
	return 0;
}

int ksrtp_nl_fd(const struct ksrtp_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

uint64_t ksrtp_nl_events_malformed(const struct ksrtp_nl *nl)
{
	return nl->malformed;
}

struct evread {
	struct ksrtp_nl *nl;
	ksrtp_nl_event_fn fn;
	void *arg;
	union nl_decoded *scratch;
	int n;
	int err;
};

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct evread *er = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh;
	int ret;

	if (er->err)
		return NL_SKIP;
	if (!genlmsg_valid_hdr(nlh, 0)) {
		er->nl->malformed++;
		fail(er->nl, KSRTP_ENL_PROTO, "short generic netlink header in an event");
		return NL_SKIP;
	}
	gh = nlmsg_data(nlh);
	if (gh->cmd != KSRTP_CMD_EVENT)
		return NL_SKIP;
	if (decode_top(er->nl->detail, sizeof(er->nl->detail), gh->cmd, genlmsg_attrdata(gh, 0),
		       genlmsg_attrlen(gh, 0), er->scratch)) {
		er->nl->malformed++;
		return NL_SKIP;
	}
	ret = er->fn(&er->scratch->event, er->arg);
	if (ret)
		er->err = ret;
	else
		er->n++;
	return NL_OK;
}

static int seq_ok(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

int ksrtp_nl_events_read(struct ksrtp_nl *nl, ksrtp_nl_event_fn fn, void *arg)
{
	struct evread er = {.nl = nl, .fn = fn, .arg = arg};
	struct nl_cb *cb;
	int ret;

	if (!nl->events || !fn)
		return -KSRTP_EINVAL;
	er.scratch = OPENSSL_malloc(sizeof(*er.scratch));
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb || !er.scratch) {
		OPENSSL_free(er.scratch);
		if (cb)
			nl_cb_put(cb);
		return -KSRTP_ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &er);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_ok, NULL);
	for (;;) {
		/* One datagram per call; 0 when none is waiting (non-blocking socket). */
		ret = nl_recvmsgs_report(nl->sk, cb);
		if (er.err || ret == 0 || ret == -NLE_AGAIN)
			break;
		if (ret == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped events because we were too slow. */
			er.err = fail(nl, KSRTP_ENL_LOST, "the event socket overflowed");
			nl->err_no = ENOBUFS;
			break;
		}
		if (ret < 0) {
			er.err = fail(nl, KSRTP_ENL_SOCKET, "receiving events: %s",
				      nl_geterror(ret));
			break;
		}
	}
	nl_cb_put(cb);
	OPENSSL_free(er.scratch);
	return er.err ? er.err : er.n;
}
