// SPDX-License-Identifier: GPL-2.0
/*
 * sa.c - `ksrtpctl sa ...`: add, delete, show, flush SAs, their statistics and per-SSRC
 * streams, and their keys (set, swap, delete). Key material comes only from key files
 * (ksrtp/srtpkey.h) and is wiped after use.
 */
#include "ksrtpctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ksrtp.h>

#include <ksrtp/err.h>
#include <ksrtp/srtpkey.h>

#include <openssl/crypto.h>

void ctl_usage_sa(FILE *f)
{
	fprintf(f,
		"usage: ksrtpctl sa add [id ID] dir protect|unprotect dst ADDR port PORT\n"
		"                       [src ADDR] [sport PORT] [ssrc SSRC] [dev IFNAME]\n"
		"                       suite SUITE key-file FILE|- [mki HEX] [mki-len N] [key-id "
		"N]\n"
		"                       [kdr N] [roc N] [replay-window N] [rtcp none|port|mux]\n"
		"                       [max-streams N] [idle SECONDS]\n"
		"                       [lifetime [soft-packets N] [hard-packets N] [soft-seconds "
		"N]\n"
		"                                 [hard-seconds N]] [replace]\n"
		"       ksrtpctl sa del id ID\n"
		"       ksrtpctl sa flush [dir protect|unprotect]\n"
		"       ksrtpctl [-j] sa show [id ID]\n"
		"       ksrtpctl [-j] sa stats [id ID] [streams]\n"
		"       ksrtpctl sa key set id ID slot current|next key-file FILE|- [mki HEX]\n"
		"                           [key-id N] [kdr N]\n"
		"       ksrtpctl sa key swap id ID     make the NEXT key current\n"
		"       ksrtpctl sa key del id ID      delete the NEXT key\n"
		"\n"
		"SUITE: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM,\n"
		"       AEAD_AES_256_GCM.\n"
		"A protect SA encrypts matching outgoing/forwarded RTP (egress); an unprotect SA\n"
		"decrypts matching incoming SRTP (ingress) and drops what fails to authenticate.\n"
		"id 0 (or no id) lets the kernel choose the id, printed on success.\n"
		"\n"
		"Key files (never put keys on the command line): one key line, '#' comments, "
		"either\n"
		"  <master key hex> <master salt hex>\n"
		"      e.g. E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6\n"
		"  or the RFC 4568 SDES form\n"
		"  inline:<base64 of key||salt>[|<lifetime>][|<MKI>:<MKI length>]\n"
		"Key/salt octets: 16/14 (AES_CM), 16/12 (AEAD_AES_128_GCM), 32/12 "
		"(AEAD_AES_256_GCM).\n"
		"An inline lifetime becomes the hard packet lifetime unless one is given; an "
		"inline\n"
		"MKI is used unless `mki` is given. `key-file -` reads the key from stdin.\n");
}

/* --- policies of the replies ------------------------------------------------------------ */
static const struct ctl_attr_pol sa_pol[KSRTP_SA_A_MAX + 1] = {
	[KSRTP_SA_A_ID] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_DIR] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_SA_A_FAMILY] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_SA_A_DADDR] = {CTL_ATTR_BIN, 4, 16},
	[KSRTP_SA_A_DPORT] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_SA_A_SADDR] = {CTL_ATTR_BIN, 4, 16},
	[KSRTP_SA_A_SPORT] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_SA_A_SSRC] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_IFINDEX] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_SUITE] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_SA_A_REPLAY_WINDOW] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_ROC] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_MKI_LEN] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_SA_A_RTCP] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_SA_A_MAX_STREAMS] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_STREAM_IDLE] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_SA_A_LIFETIME] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_SA_A_KEY] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_SA_A_STATS] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_SA_A_CIPHER_DRIVER] = {CTL_ATTR_STR, 1, 128},
	[KSRTP_SA_A_AUTH_DRIVER] = {CTL_ATTR_STR, 1, 128},
	[KSRTP_SA_A_NUM_STREAMS] = {CTL_ATTR_U32, 4, 4},
};

static const struct ctl_attr_pol key_pol[KSRTP_KEY_A_MAX + 1] = {
	[KSRTP_KEY_A_SLOT] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_KEY_A_MASTER_KEY] = {CTL_ATTR_BIN, 0, 0xffff},
	[KSRTP_KEY_A_MASTER_SALT] = {CTL_ATTR_BIN, 0, 0xffff},
	[KSRTP_KEY_A_MKI] = {CTL_ATTR_BIN, 1, KSRTP_SRTP_MAX_MKI},
	[KSRTP_KEY_A_KDR] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_KEY_A_ID] = {CTL_ATTR_U32, 4, 4},
};

static const struct ctl_attr_pol lifetime_pol[KSRTP_LIFETIME_A_MAX + 1] = {
	[KSRTP_LIFETIME_A_SOFT_PACKETS] = {CTL_ATTR_U64, 8, 8},
	[KSRTP_LIFETIME_A_HARD_PACKETS] = {CTL_ATTR_U64, 8, 8},
	[KSRTP_LIFETIME_A_SOFT_SECONDS] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_LIFETIME_A_HARD_SECONDS] = {CTL_ATTR_U32, 4, 4},
};

static const struct ctl_attr_pol stats_pol[KSRTP_STATS_A_MAX + 1] = {
	[KSRTP_STATS_A_PACKETS... KSRTP_STATS_A_LAST_SEEN_MS] = {CTL_ATTR_U64, 8, 8},
};

static const struct ctl_attr_pol stream_pol[KSRTP_STREAM_A_MAX + 1] = {
	[KSRTP_STREAM_A_SA_ID] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_STREAM_A_SSRC] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_STREAM_A_ROC] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_STREAM_A_SEQ] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_STREAM_A_SADDR] = {CTL_ATTR_BIN, 4, 16},
	[KSRTP_STREAM_A_SPORT] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_STREAM_A_STATS] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_STREAM_A_SRTCP_INDEX] = {CTL_ATTR_U32, 4, 4},
};

static const char *const stats_names[KSRTP_STATS_A_MAX + 1] = {
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

/* JSON keys: the same names with '_' for '-'. */
static void json_key_name(char *out, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < n; i++)
		out[i] = name[i] == '-' ? '_' : name[i];
	out[i] = '\0';
}

struct stats {
	bool present[KSRTP_STATS_A_MAX + 1];
	uint64_t v[KSRTP_STATS_A_MAX + 1];
};

static int parse_stats(const struct ctl *c, const struct nlattr *nest, struct stats *s)
{
	struct nlattr *tb[KSRTP_STATS_A_MAX + 1];
	int ret;

	memset(s, 0, sizeof(*s));
	if (!nest)
		return 0;
	ret = ctl_parse_nest(c, tb, KSRTP_STATS_A_MAX, nest, stats_pol, "stats");
	if (ret)
		return ret;
	for (int i = 1; i <= KSRTP_STATS_A_MAX; i++)
		if (tb[i] && stats_names[i]) {
			s->present[i] = true;
			s->v[i] = nla_get_u64(tb[i]);
		}
	return 0;
}

static void print_stats(struct ctl *c, struct json *j, const struct stats *s, const char *indent)
{
	int col = 0;

	if (c->json) {
		json_obj_open(j, "stats");
		for (int i = 1; i <= KSRTP_STATS_A_MAX; i++) {
			char key[32];

			if (!s->present[i])
				continue;
			json_key_name(key, sizeof(key), stats_names[i]);
			json_u64(j, key, s->v[i]);
		}
		json_obj_close(j);
		return;
	}
	for (int i = 1; i <= KSRTP_STATS_A_MAX; i++) {
		if (!s->present[i])
			continue;
		/* Error counters only when non-zero, to keep the table short. */
		if (i != KSRTP_STATS_A_PACKETS && i != KSRTP_STATS_A_BYTES && !s->v[i])
			continue;
		if (col == 0)
			printf("%sstats", indent);
		printf(" %s %" PRIu64, stats_names[i], s->v[i]);
		if (++col == 8) {
			printf("\n");
			col = 0;
		}
	}
	if (col)
		printf("\n");
}

static void format_addr(char *buf, size_t n, const struct nlattr *a)
{
	if (nla_len(a) == 4)
		inet_ntop(AF_INET, nla_data(a), buf, (socklen_t)n);
	else if (nla_len(a) == 16)
		inet_ntop(AF_INET6, nla_data(a), buf, (socklen_t)n);
	else
		snprintf(buf, n, "?");
}

static int check_addr_len(const struct ctl *c, const struct nlattr *a, unsigned family,
			  const char *what)
{
	int want = family == AF_INET6 ? 16 : 4;

	if (a && nla_len(a) != want) {
		ctl_err(c, "malformed reply from the kernel: %s is %d octets for family %u", what,
			nla_len(a), family);
		return -EPROTO;
	}
	return 0;
}

/* --- printing one SA ------------------------------------------------------------------------- */
struct show_state {
	struct json j;
	bool stats_only;
	unsigned count;
	/* for `sa stats ... streams`: collected SA ids */
	uint32_t *ids;
	size_t nids, cap;
};

static int print_keys(struct ctl *c, struct json *j, struct nlattr *sa_nest)
{
	struct nlattr *a;
	int rem, ret;

	if (c->json)
		json_arr_open(j, "keys");
	nla_for_each_nested(a, sa_nest, rem)
	{
		struct nlattr *kb[KSRTP_KEY_A_MAX + 1];
		unsigned slot;

		if (nla_type(a) != KSRTP_SA_A_KEY)
			continue;
		ret = ctl_parse_nest(c, kb, KSRTP_KEY_A_MAX, a, key_pol, "key");
		if (ret)
			return ret;
		if (kb[KSRTP_KEY_A_MASTER_KEY] || kb[KSRTP_KEY_A_MASTER_SALT]) {
			ctl_err(c,
				"the kernel returned key material in a dump: this is a module bug, "
				"report it (nothing printed)");
			return -EPROTO;
		}
		slot = kb[KSRTP_KEY_A_SLOT] ? nla_get_u8(kb[KSRTP_KEY_A_SLOT]) : 0;
		if (c->json) {
			json_obj_open(j, NULL);
			json_str(j, "slot", slot == KSRTP_KEY_SLOT_NEXT ? "next" : "current");
			if (kb[KSRTP_KEY_A_ID])
				json_u64(j, "key_id", nla_get_u32(kb[KSRTP_KEY_A_ID]));
			if (kb[KSRTP_KEY_A_MKI])
				json_hex(j, "mki", nla_data(kb[KSRTP_KEY_A_MKI]),
					 (size_t)nla_len(kb[KSRTP_KEY_A_MKI]));
			if (kb[KSRTP_KEY_A_KDR])
				json_u64(j, "kdr", nla_get_u8(kb[KSRTP_KEY_A_KDR]));
			json_obj_close(j);
		} else {
			printf("    key %s", slot == KSRTP_KEY_SLOT_NEXT ? "next" : "current");
			if (kb[KSRTP_KEY_A_ID])
				printf(" key-id %u", nla_get_u32(kb[KSRTP_KEY_A_ID]));
			if (kb[KSRTP_KEY_A_MKI]) {
				const uint8_t *m = nla_data(kb[KSRTP_KEY_A_MKI]);

				printf(" mki ");
				for (int i = 0; i < nla_len(kb[KSRTP_KEY_A_MKI]); i++)
					printf("%02x", m[i]);
			}
			if (kb[KSRTP_KEY_A_KDR])
				printf(" kdr %u", nla_get_u8(kb[KSRTP_KEY_A_KDR]));
			printf("\n");
		}
	}
	if (c->json)
		json_arr_close(j);
	return 0;
}

static void print_lifetime(struct ctl *c, struct json *j, struct nlattr **lb)
{
	uint64_t sp = lb[KSRTP_LIFETIME_A_SOFT_PACKETS]
			      ? nla_get_u64(lb[KSRTP_LIFETIME_A_SOFT_PACKETS])
			      : 0;
	uint64_t hp = lb[KSRTP_LIFETIME_A_HARD_PACKETS]
			      ? nla_get_u64(lb[KSRTP_LIFETIME_A_HARD_PACKETS])
			      : 0;
	uint32_t ss = lb[KSRTP_LIFETIME_A_SOFT_SECONDS]
			      ? nla_get_u32(lb[KSRTP_LIFETIME_A_SOFT_SECONDS])
			      : 0;
	uint32_t hs = lb[KSRTP_LIFETIME_A_HARD_SECONDS]
			      ? nla_get_u32(lb[KSRTP_LIFETIME_A_HARD_SECONDS])
			      : 0;

	if (c->json) {
		json_obj_open(j, "lifetime");
		json_u64(j, "soft_packets", sp);
		json_u64(j, "hard_packets", hp);
		json_u64(j, "soft_seconds", ss);
		json_u64(j, "hard_seconds", hs);
		json_obj_close(j);
	} else if (sp || hp || ss || hs) {
		printf("    lifetime soft-packets %" PRIu64 " hard-packets %" PRIu64
		       " soft-seconds %u hard-seconds %u\n",
		       sp, hp, ss, hs);
	}
}

static int sa_reply(struct ctl *c, uint8_t cmd, struct nlattr **top, void *arg)
{
	struct show_state *st = arg;
	struct nlattr *tb[KSRTP_SA_A_MAX + 1], *lb[KSRTP_LIFETIME_A_MAX + 1];
	struct json *j = &st->j;
	struct stats s;
	unsigned family;
	uint32_t id;
	char daddr[INET6_ADDRSTRLEN], saddr[INET6_ADDRSTRLEN];
	int ret;

	if (!top[KSRTP_A_SA]) {
		ctl_err(c, "malformed reply from the kernel: no KSRTP_A_SA");
		return -EPROTO;
	}
	ret = ctl_parse_nest(c, tb, KSRTP_SA_A_MAX, top[KSRTP_A_SA], sa_pol, "SA");
	if (ret)
		return ret;
	if (!tb[KSRTP_SA_A_ID]) {
		ctl_err(c, "malformed reply from the kernel: SA without an id");
		return -EPROTO;
	}
	id = nla_get_u32(tb[KSRTP_SA_A_ID]);
	family = tb[KSRTP_SA_A_FAMILY] ? nla_get_u16(tb[KSRTP_SA_A_FAMILY]) : AF_INET;
	if (check_addr_len(c, tb[KSRTP_SA_A_DADDR], family, "destination address") ||
	    check_addr_len(c, tb[KSRTP_SA_A_SADDR], family, "source address"))
		return -EPROTO;
	ret = parse_stats(c, tb[KSRTP_SA_A_STATS], &s);
	if (ret)
		return ret;
	memset(lb, 0, sizeof(lb));
	if (tb[KSRTP_SA_A_LIFETIME]) {
		ret = ctl_parse_nest(c, lb, KSRTP_LIFETIME_A_MAX, tb[KSRTP_SA_A_LIFETIME],
				     lifetime_pol, "lifetime");
		if (ret)
			return ret;
	}
	st->count++;
	if (st->ids) {
		if (st->nids == st->cap) {
			size_t ncap = st->cap * 2;
			uint32_t *n = realloc(st->ids, ncap * sizeof(*n));

			if (!n) {
				ctl_err(c, "out of memory");
				return -ENOMEM;
			}
			st->ids = n;
			st->cap = ncap;
		}
		st->ids[st->nids++] = id;
		return 0;
	}
	if (tb[KSRTP_SA_A_DADDR])
		format_addr(daddr, sizeof(daddr), tb[KSRTP_SA_A_DADDR]);
	else
		snprintf(daddr, sizeof(daddr), "?");
	if (tb[KSRTP_SA_A_SADDR])
		format_addr(saddr, sizeof(saddr), tb[KSRTP_SA_A_SADDR]);

	if (st->stats_only) {
		if (c->json) {
			json_obj_open(j, NULL);
			json_u64(j, "id", id);
			print_stats(c, j, &s, "");
			json_obj_close(j);
		} else {
			printf("sa %u\n", id);
			print_stats(c, j, &s, "    ");
		}
		return 0;
	}

	if (c->json) {
		const struct ksrtp_srtp_suite *su =
			tb[KSRTP_SA_A_SUITE]
				? ksrtp_srtp_suite_by_id(nla_get_u16(tb[KSRTP_SA_A_SUITE]))
				: NULL;
		json_obj_open(j, NULL);
		json_u64(j, "id", id);
		if (tb[KSRTP_SA_A_DIR])
			json_str(j, "dir", ctl_dir_name(nla_get_u8(tb[KSRTP_SA_A_DIR])));
		json_str(j, "family", family == AF_INET6 ? "inet6" : "inet");
		json_str(j, "dst", daddr);
		if (tb[KSRTP_SA_A_DPORT])
			json_u64(j, "port", ntohs(nla_get_u16(tb[KSRTP_SA_A_DPORT])));
		if (tb[KSRTP_SA_A_SADDR])
			json_str(j, "src", saddr);
		if (tb[KSRTP_SA_A_SPORT])
			json_u64(j, "sport", ntohs(nla_get_u16(tb[KSRTP_SA_A_SPORT])));
		if (tb[KSRTP_SA_A_SSRC])
			json_u64(j, "ssrc", nla_get_u32(tb[KSRTP_SA_A_SSRC]));
		if (tb[KSRTP_SA_A_IFINDEX]) {
			char ifn[IF_NAMESIZE];
			uint32_t ifi = nla_get_u32(tb[KSRTP_SA_A_IFINDEX]);

			json_u64(j, "ifindex", ifi);
			if (if_indextoname(ifi, ifn))
				json_str(j, "dev", ifn);
		}
		if (tb[KSRTP_SA_A_SUITE])
			json_str(j, "suite", su ? su->name : "unknown");
		if (tb[KSRTP_SA_A_CIPHER_DRIVER])
			json_str(j, "cipher_driver", nla_get_string(tb[KSRTP_SA_A_CIPHER_DRIVER]));
		if (tb[KSRTP_SA_A_AUTH_DRIVER])
			json_str(j, "auth_driver", nla_get_string(tb[KSRTP_SA_A_AUTH_DRIVER]));
		if (tb[KSRTP_SA_A_REPLAY_WINDOW])
			json_u64(j, "replay_window", nla_get_u32(tb[KSRTP_SA_A_REPLAY_WINDOW]));
		if (tb[KSRTP_SA_A_ROC])
			json_u64(j, "roc", nla_get_u32(tb[KSRTP_SA_A_ROC]));
		if (tb[KSRTP_SA_A_MKI_LEN])
			json_u64(j, "mki_len", nla_get_u8(tb[KSRTP_SA_A_MKI_LEN]));
		if (tb[KSRTP_SA_A_RTCP])
			json_str(j, "rtcp", ctl_rtcp_name(nla_get_u8(tb[KSRTP_SA_A_RTCP])));
		if (tb[KSRTP_SA_A_MAX_STREAMS])
			json_u64(j, "max_streams", nla_get_u32(tb[KSRTP_SA_A_MAX_STREAMS]));
		if (tb[KSRTP_SA_A_STREAM_IDLE])
			json_u64(j, "idle", nla_get_u32(tb[KSRTP_SA_A_STREAM_IDLE]));
		if (tb[KSRTP_SA_A_NUM_STREAMS])
			json_u64(j, "streams", nla_get_u32(tb[KSRTP_SA_A_NUM_STREAMS]));
		if (tb[KSRTP_SA_A_LIFETIME])
			print_lifetime(c, j, lb);
		ret = print_keys(c, j, top[KSRTP_A_SA]);
		if (ret)
			return ret;
		if (tb[KSRTP_SA_A_STATS])
			print_stats(c, j, &s, "");
		json_obj_close(j);
		return 0;
	}

	printf("sa %u %s %s%s%s port %u", id,
	       tb[KSRTP_SA_A_DIR] ? ctl_dir_name(nla_get_u8(tb[KSRTP_SA_A_DIR])) : "?",
	       family == AF_INET6 ? "[" : "", daddr, family == AF_INET6 ? "]" : "",
	       tb[KSRTP_SA_A_DPORT] ? ntohs(nla_get_u16(tb[KSRTP_SA_A_DPORT])) : 0);
	if (tb[KSRTP_SA_A_SADDR])
		printf(" src %s", saddr);
	if (tb[KSRTP_SA_A_SPORT])
		printf(" sport %u", ntohs(nla_get_u16(tb[KSRTP_SA_A_SPORT])));
	if (tb[KSRTP_SA_A_SSRC])
		printf(" ssrc 0x%08x", nla_get_u32(tb[KSRTP_SA_A_SSRC]));
	if (tb[KSRTP_SA_A_IFINDEX]) {
		char ifn[IF_NAMESIZE];
		uint32_t ifi = nla_get_u32(tb[KSRTP_SA_A_IFINDEX]);

		printf(" dev %s", if_indextoname(ifi, ifn) ? ifn : "?");
	}
	printf("\n");
	if (tb[KSRTP_SA_A_SUITE]) {
		const struct ksrtp_srtp_suite *su =
			ksrtp_srtp_suite_by_id(nla_get_u16(tb[KSRTP_SA_A_SUITE]));

		printf("    suite %s", su ? su->name : "unknown");
		if (tb[KSRTP_SA_A_CIPHER_DRIVER])
			printf(" cipher %s", nla_get_string(tb[KSRTP_SA_A_CIPHER_DRIVER]));
		if (tb[KSRTP_SA_A_AUTH_DRIVER])
			printf(" auth %s", nla_get_string(tb[KSRTP_SA_A_AUTH_DRIVER]));
		printf("\n");
	}
	printf("   ");
	if (tb[KSRTP_SA_A_REPLAY_WINDOW])
		printf(" replay-window %u", nla_get_u32(tb[KSRTP_SA_A_REPLAY_WINDOW]));
	if (tb[KSRTP_SA_A_ROC])
		printf(" roc %u", nla_get_u32(tb[KSRTP_SA_A_ROC]));
	if (tb[KSRTP_SA_A_MKI_LEN])
		printf(" mki-len %u", nla_get_u8(tb[KSRTP_SA_A_MKI_LEN]));
	if (tb[KSRTP_SA_A_RTCP])
		printf(" rtcp %s", ctl_rtcp_name(nla_get_u8(tb[KSRTP_SA_A_RTCP])));
	if (tb[KSRTP_SA_A_MAX_STREAMS])
		printf(" max-streams %u", nla_get_u32(tb[KSRTP_SA_A_MAX_STREAMS]));
	if (tb[KSRTP_SA_A_STREAM_IDLE])
		printf(" idle %u", nla_get_u32(tb[KSRTP_SA_A_STREAM_IDLE]));
	if (tb[KSRTP_SA_A_NUM_STREAMS])
		printf(" streams %u", nla_get_u32(tb[KSRTP_SA_A_NUM_STREAMS]));
	printf("\n");
	print_lifetime(c, j, lb);
	ret = print_keys(c, j, top[KSRTP_A_SA]);
	if (ret)
		return ret;
	print_stats(c, j, &s, "    ");
	return 0;
}

/* --- argument parsing ------------------------------------------------------------------------ */
#define NEXT_ARG()                                                                               \
	do {                                                                                     \
		if (++i >= argc) {                                                               \
			ctl_err(c, "\"%s\" needs a value: see `ksrtpctl sa help`", argv[i - 1]); \
			return -1;                                                               \
		}                                                                                \
	} while (0)

static int parse_id(struct ctl *c, int argc, char **argv, uint32_t *id, bool required)
{
	bool have = false;

	for (int i = 0; i < argc; i++) {
		if (ctl_matches(argv[i], "id")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "id", argv[i], required ? 1 : 0, UINT32_MAX, id))
				return -1;
			have = true;
		} else {
			ctl_err(c, "unexpected \"%s\": see `ksrtpctl sa help`", argv[i]);
			return -1;
		}
	}
	if (required && !have) {
		ctl_err(c, "which SA? give `id ID`");
		return -1;
	}
	return have ? 1 : 0;
}

static int parse_dir(struct ctl *c, const char *s, uint8_t *dir)
{
	if (ctl_matches(s, "protect"))
		*dir = KSRTP_DIR_PROTECT;
	else if (ctl_matches(s, "unprotect"))
		*dir = KSRTP_DIR_UNPROTECT;
	else {
		ctl_err(c, "dir: \"%s\" is neither protect nor unprotect", s);
		return -1;
	}
	return 0;
}

static int parse_port(struct ctl *c, const char *what, const char *s, uint16_t *port)
{
	uint32_t v;

	if (ctl_parse_u32(c, what, s, 1, 65535, &v))
		return -1;
	*port = (uint16_t)v;
	return 0;
}

struct addr {
	int family;
	uint8_t a[16];
};

static int parse_addr(struct ctl *c, const char *what, const char *s, struct addr *out)
{
	if (inet_pton(AF_INET, s, out->a) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, s, out->a) == 1)
		out->family = AF_INET6;
	else {
		ctl_err(c, "%s: \"%s\" is not an IPv4 or IPv6 address", what, s);
		return -1;
	}
	return 0;
}

struct keyargs {
	const char *file;
	bool have_mki;
	uint8_t mki[KSRTP_SRTP_MAX_MKI];
	size_t mki_len;
	bool have_key_id, have_kdr;
	uint32_t key_id, kdr;
};

static int parse_mki(struct ctl *c, const char *s, struct keyargs *k)
{
	size_t n = strlen(s);
	int ret;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		n -= 2;
	}
	ret = ksrtp_hex_decode(k->mki, sizeof(k->mki), s, n);
	if (ret <= 0) {
		ctl_err(c, "mki: \"%s\" is not 1 to 4 octets of hex (e.g. mki 01 or mki 0000beef)",
			s);
		return -1;
	}
	k->mki_len = (size_t)ret;
	k->have_mki = true;
	return 0;
}

/* Keywords common to `sa add` and `sa key set`; returns 1 if consumed, 0 if not, -1 on error. */
static int parse_key_arg(struct ctl *c, int argc, char **argv, int *ip, struct keyargs *k)
{
	int i = *ip;

	if (ctl_matches(argv[i], "key-file")) {
		NEXT_ARG();
		k->file = argv[i];
	} else if (ctl_matches(argv[i], "mki")) {
		NEXT_ARG();
		if (parse_mki(c, argv[i], k))
			return -1;
	} else if (ctl_matches(argv[i], "key-id")) {
		NEXT_ARG();
		if (ctl_parse_u32(c, "key-id", argv[i], 0, UINT32_MAX, &k->key_id))
			return -1;
		k->have_key_id = true;
	} else if (ctl_matches(argv[i], "kdr")) {
		NEXT_ARG();
		if (ctl_parse_u32(c, "kdr (a power of two: 0..24)", argv[i], 0, 24, &k->kdr))
			return -1;
		k->have_kdr = true;
	} else if (ctl_matches(argv[i], "key") || ctl_matches(argv[i], "master-key") ||
		   ctl_matches(argv[i], "salt")) {
		ctl_err(c, "keys are never given on the command line (they would show in ps and "
			   "shell history): use `key-file FILE` or `key-file -` for stdin");
		return -1;
	} else {
		return 0;
	}
	*ip = i;
	return 1;
}

/*
 * Load the key file and put a KSRTP_SA_A_KEY nest into msg. mki_len is the SA's MKI length
 * (-1 when unknown: taken from the key). Returns 0 or -1 (reported).
 */
static int put_key(struct ctl *c, struct nl_msg *msg, const struct ksrtp_srtp_suite *suite,
		   struct keyargs *k, int slot, int *mki_len, uint64_t *lifetime)
{
	struct ksrtp_srtpkey key;
	struct nlattr *nest;
	const uint8_t *mki = NULL;
	size_t mlen = 0;
	unsigned line;
	int ret;

	if (!k->file) {
		ctl_err(c, "no key: give `key-file FILE` (or `key-file -` to read it from stdin)");
		return -1;
	}
	ret = ksrtp_srtpkey_load(k->file, suite, &key, &line);
	if (ret == -KSRTP_EIO) {
		ctl_err(c, "cannot read key file %s: %s", k->file, strerror(errno));
		return -1;
	}
	if (ret) {
		if (line)
			ctl_err(c, "key file %s, line %u: %s (suite %s)", k->file, line,
				ksrtp_strerror(ret), suite->name);
		else
			ctl_err(c, "key file %s: %s", k->file, ksrtp_strerror(ret));
		return -1;
	}
	if (k->have_mki) {
		if (key.mki_len &&
		    (key.mki_len != k->mki_len || memcmp(key.mki, k->mki, k->mki_len))) {
			ctl_err(c, "the MKI given with `mki` differs from the one in key file %s",
				k->file);
			goto fail;
		}
		mki = k->mki;
		mlen = k->mki_len;
	} else if (key.mki_len) {
		mki = key.mki;
		mlen = key.mki_len;
	}
	if (*mki_len < 0) {
		*mki_len = (int)mlen;
	} else if ((size_t)*mki_len != mlen) {
		if (mlen)
			ctl_err(c, "the MKI is %zu octets but the SA's mki-len is %d", mlen,
				*mki_len);
		else
			ctl_err(c, "the SA uses %d-octet MKIs: give this key's `mki HEX`",
				*mki_len);
		goto fail;
	}
	if (lifetime)
		*lifetime = key.lifetime;

	nest = nla_nest_start(msg, KSRTP_SA_A_KEY);
	if (!nest || nla_put_u8(msg, KSRTP_KEY_A_SLOT, (uint8_t)slot) ||
	    nla_put(msg, KSRTP_KEY_A_MASTER_KEY, (int)key.key_len, key.key) ||
	    nla_put(msg, KSRTP_KEY_A_MASTER_SALT, (int)key.salt_len, key.salt) ||
	    (mlen && nla_put(msg, KSRTP_KEY_A_MKI, (int)mlen, mki)) ||
	    (k->have_kdr && nla_put_u8(msg, KSRTP_KEY_A_KDR, (uint8_t)k->kdr)) ||
	    (k->have_key_id && nla_put_u32(msg, KSRTP_KEY_A_ID, k->key_id))) {
		ctl_err(c, "request too large");
		goto fail;
	}
	nla_nest_end(msg, nest);
	ksrtp_srtpkey_wipe(&key);
	return 0;
fail:
	ksrtp_srtpkey_wipe(&key);
	return -1;
}

/* Free a request that may already hold key material. */
static void drop_msg(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	OPENSSL_cleanse(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
}

struct sa_add_args {
	uint32_t id;
	uint8_t dir;
	struct addr dst, src;
	bool have_src, have_sport, have_ssrc, have_dev, have_port;
	uint16_t port, sport;
	uint32_t ssrc, ifindex;
	const struct ksrtp_srtp_suite *suite;
	struct keyargs key;
	int mki_len; /* -1: from the key */
	bool have_roc, have_window, have_rtcp, have_max, have_idle, replace;
	uint32_t roc, window, max_streams, idle;
	uint8_t rtcp;
	bool have_lt[KSRTP_LIFETIME_A_MAX + 1];
	uint64_t lt[KSRTP_LIFETIME_A_MAX + 1];
};

static int parse_lifetime_args(struct ctl *c, int argc, char **argv, int *ip, struct sa_add_args *a)
{
	static const struct {
		const char *kw;
		int attr;
	} kws[] = {
		{"soft-packets", KSRTP_LIFETIME_A_SOFT_PACKETS},
		{"hard-packets", KSRTP_LIFETIME_A_HARD_PACKETS},
		{"soft-seconds", KSRTP_LIFETIME_A_SOFT_SECONDS},
		{"hard-seconds", KSRTP_LIFETIME_A_HARD_SECONDS},
	};
	int i = *ip, n = 0;

	while (i + 1 < argc) {
		size_t k;

		for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
			if (ctl_matches(argv[i + 1], kws[k].kw))
				break;
		if (k == sizeof(kws) / sizeof(kws[0]))
			break;
		i += 2;
		if (i >= argc) {
			ctl_err(c, "lifetime %s needs a value", kws[k].kw);
			return -1;
		}
		if (kws[k].attr == KSRTP_LIFETIME_A_SOFT_SECONDS ||
		    kws[k].attr == KSRTP_LIFETIME_A_HARD_SECONDS) {
			uint32_t v;

			if (ctl_parse_u32(c, kws[k].kw, argv[i], 0, UINT32_MAX, &v))
				return -1;
			a->lt[kws[k].attr] = v;
		} else if (ctl_parse_u64(c, kws[k].kw, argv[i], &a->lt[kws[k].attr])) {
			return -1;
		}
		a->have_lt[kws[k].attr] = true;
		n++;
	}
	if (!n) {
		ctl_err(c,
			"lifetime needs at least one of soft-packets, hard-packets, soft-seconds, "
			"hard-seconds");
		return -1;
	}
	*ip = i;
	return 0;
}

static int parse_sa_add(struct ctl *c, int argc, char **argv, struct sa_add_args *a)
{
	bool have_dir = false, have_dst = false;
	uint32_t v;
	int r;

	a->mki_len = -1;
	for (int i = 0; i < argc; i++) {
		const char *kw = argv[i];

		r = parse_key_arg(c, argc, argv, &i, &a->key);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		if (ctl_matches(kw, "id")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "id", argv[i], 0, UINT32_MAX, &a->id))
				return -1;
		} else if (ctl_matches(kw, "dir")) {
			NEXT_ARG();
			if (parse_dir(c, argv[i], &a->dir))
				return -1;
			have_dir = true;
		} else if (ctl_matches(kw, "dst")) {
			NEXT_ARG();
			if (parse_addr(c, "dst", argv[i], &a->dst))
				return -1;
			have_dst = true;
		} else if (ctl_matches(kw, "src")) {
			NEXT_ARG();
			if (parse_addr(c, "src", argv[i], &a->src))
				return -1;
			a->have_src = true;
		} else if (ctl_matches(kw, "port") || ctl_matches(kw, "dport")) {
			NEXT_ARG();
			if (parse_port(c, "port", argv[i], &a->port))
				return -1;
			a->have_port = true;
		} else if (ctl_matches(kw, "sport")) {
			NEXT_ARG();
			if (parse_port(c, "sport", argv[i], &a->sport))
				return -1;
			a->have_sport = true;
		} else if (ctl_matches(kw, "ssrc")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "ssrc", argv[i], 0, UINT32_MAX, &a->ssrc))
				return -1;
			a->have_ssrc = true;
		} else if (ctl_matches(kw, "dev")) {
			NEXT_ARG();
			a->ifindex = if_nametoindex(argv[i]);
			if (!a->ifindex) {
				ctl_err(c, "dev: no interface \"%s\" in this network namespace",
					argv[i]);
				return -1;
			}
			a->have_dev = true;
		} else if (ctl_matches(kw, "suite")) {
			NEXT_ARG();
			a->suite = ksrtp_srtp_suite_by_name(argv[i]);
			if (!a->suite) {
				ctl_err(c, "suite \"%s\": %s", argv[i],
					ksrtp_strerror(-KSRTP_ESK_SUITE));
				return -1;
			}
		} else if (ctl_matches(kw, "mki-len")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "mki-len", argv[i], 0, KSRTP_SRTP_MAX_MKI, &v))
				return -1;
			a->mki_len = (int)v;
		} else if (ctl_matches(kw, "roc")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "roc", argv[i], 0, UINT32_MAX, &a->roc))
				return -1;
			a->have_roc = true;
		} else if (ctl_matches(kw, "replay-window")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "replay-window", argv[i], 0, UINT32_MAX, &a->window))
				return -1;
			a->have_window = true;
		} else if (ctl_matches(kw, "rtcp")) {
			NEXT_ARG();
			if (ctl_matches(argv[i], "none"))
				a->rtcp = KSRTP_RTCP_NONE;
			else if (ctl_matches(argv[i], "port"))
				a->rtcp = KSRTP_RTCP_PORT;
			else if (ctl_matches(argv[i], "mux"))
				a->rtcp = KSRTP_RTCP_MUX;
			else {
				ctl_err(c, "rtcp: \"%s\" is not none, port or mux", argv[i]);
				return -1;
			}
			a->have_rtcp = true;
		} else if (ctl_matches(kw, "max-streams")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "max-streams", argv[i], 0, UINT32_MAX,
					  &a->max_streams))
				return -1;
			a->have_max = true;
		} else if (ctl_matches(kw, "idle")) {
			NEXT_ARG();
			if (ctl_parse_u32(c, "idle", argv[i], 0, UINT32_MAX, &a->idle))
				return -1;
			a->have_idle = true;
		} else if (ctl_matches(kw, "lifetime")) {
			if (parse_lifetime_args(c, argc, argv, &i, a))
				return -1;
		} else if (ctl_matches(kw, "replace")) {
			a->replace = true;
		} else {
			ctl_err(c, "sa add: unknown argument \"%s\": see `ksrtpctl sa help`", kw);
			return -1;
		}
	}
	if (!have_dir || !have_dst || !a->have_port || !a->suite || !a->key.file) {
		ctl_err(c, "sa add needs %s%s%s%s%s(see `ksrtpctl sa help`)",
			have_dir ? "" : "dir protect|unprotect, ", have_dst ? "" : "dst ADDR, ",
			a->have_port ? "" : "port PORT, ", a->suite ? "" : "suite SUITE, ",
			a->key.file ? "" : "key-file FILE, ");
		return -1;
	}
	if (a->have_src && a->src.family != a->dst.family) {
		ctl_err(c, "src and dst must both be IPv4 or both IPv6");
		return -1;
	}
	if (a->mki_len >= 0 && a->key.have_mki && (size_t)a->mki_len != a->key.mki_len) {
		ctl_err(c, "mki is %zu octets but mki-len is %d", a->key.mki_len, a->mki_len);
		return -1;
	}
	return 0;
}

struct add_reply {
	uint32_t id;
	bool got;
};

static int add_reply_fn(struct ctl *c, uint8_t cmd, struct nlattr **top, void *arg)
{
	struct add_reply *r = arg;
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];

	if (!top[KSRTP_A_SA])
		return 0;
	if (ctl_parse_nest(c, tb, KSRTP_SA_A_MAX, top[KSRTP_A_SA], sa_pol, "SA"))
		return -EPROTO;
	if (tb[KSRTP_SA_A_ID]) {
		r->id = nla_get_u32(tb[KSRTP_SA_A_ID]);
		r->got = true;
	}
	return 0;
}

static int sa_add(struct ctl *c, int argc, char **argv)
{
	struct sa_add_args a;
	struct add_reply rep = {0};
	struct nl_msg *msg;
	struct nlattr *sa, *lt;
	int alen, ret;
	uint64_t key_lifetime = 0;

	memset(&a, 0, sizeof(a));
	if (parse_sa_add(c, argc, argv, &a))
		return 1;
	alen = a.dst.family == AF_INET6 ? 16 : 4;
	msg = ctl_msg(c, KSRTP_CMD_SA_NEW, a.replace ? NLM_F_REPLACE : 0);
	if (!msg) {
		ctl_err(c, "out of memory");
		return 1;
	}
	sa = nla_nest_start(msg, KSRTP_A_SA);
	if (!sa || nla_put_u32(msg, KSRTP_SA_A_ID, a.id) ||
	    nla_put_u8(msg, KSRTP_SA_A_DIR, a.dir) ||
	    nla_put_u16(msg, KSRTP_SA_A_FAMILY, (uint16_t)a.dst.family) ||
	    nla_put(msg, KSRTP_SA_A_DADDR, alen, a.dst.a) ||
	    nla_put_u16(msg, KSRTP_SA_A_DPORT, htons(a.port)) ||
	    (a.have_src && nla_put(msg, KSRTP_SA_A_SADDR, alen, a.src.a)) ||
	    (a.have_sport && nla_put_u16(msg, KSRTP_SA_A_SPORT, htons(a.sport))) ||
	    (a.have_ssrc && nla_put_u32(msg, KSRTP_SA_A_SSRC, a.ssrc)) ||
	    (a.have_dev && nla_put_u32(msg, KSRTP_SA_A_IFINDEX, a.ifindex)) ||
	    nla_put_u16(msg, KSRTP_SA_A_SUITE, (uint16_t)a.suite->id) ||
	    (a.have_window && nla_put_u32(msg, KSRTP_SA_A_REPLAY_WINDOW, a.window)) ||
	    (a.have_roc && nla_put_u32(msg, KSRTP_SA_A_ROC, a.roc)) ||
	    (a.have_rtcp && nla_put_u8(msg, KSRTP_SA_A_RTCP, a.rtcp)) ||
	    (a.have_max && nla_put_u32(msg, KSRTP_SA_A_MAX_STREAMS, a.max_streams)) ||
	    (a.have_idle && nla_put_u32(msg, KSRTP_SA_A_STREAM_IDLE, a.idle)))
		goto toolarge;
	if (put_key(c, msg, a.suite, &a.key, KSRTP_KEY_SLOT_CURRENT, &a.mki_len, &key_lifetime))
		goto fail;
	if (nla_put_u8(msg, KSRTP_SA_A_MKI_LEN, (uint8_t)a.mki_len))
		goto toolarge;
	if (key_lifetime && !a.have_lt[KSRTP_LIFETIME_A_HARD_PACKETS]) {
		a.have_lt[KSRTP_LIFETIME_A_HARD_PACKETS] = true;
		a.lt[KSRTP_LIFETIME_A_HARD_PACKETS] = key_lifetime;
	}
	for (int t = 1; t <= KSRTP_LIFETIME_A_MAX; t++) {
		if (!a.have_lt[t])
			continue;
		lt = nla_nest_start(msg, KSRTP_SA_A_LIFETIME);
		if (!lt)
			goto toolarge;
		for (int k = t; k <= KSRTP_LIFETIME_A_MAX; k++) {
			int r = 0;

			if (!a.have_lt[k])
				continue;
			if (k == KSRTP_LIFETIME_A_SOFT_PACKETS ||
			    k == KSRTP_LIFETIME_A_HARD_PACKETS)
				r = nla_put_u64(msg, k, a.lt[k]);
			else
				r = nla_put_u32(msg, k, (uint32_t)a.lt[k]);
			if (r)
				goto toolarge;
		}
		nla_nest_end(msg, lt);
		break;
	}
	nla_nest_end(msg, sa);
	ret = ctl_request(c, msg, add_reply_fn, &rep);
	if (ret) {
		if (ret == -EEXIST)
			ctl_nl_perror(
				c, ret,
				"sa add: SA %u exists (add `replace` to update it, or `sa del id "
				"%u` first)",
				a.id, a.id);
		else
			ctl_nl_perror(c, ret, "sa add");
		return 1;
	}
	if (a.id == 0) {
		if (!rep.got) {
			ctl_err(c, "the kernel added the SA but did not say which id it chose");
			return 1;
		}
		if (c->json)
			printf("{\"id\":%u}\n", rep.id);
		else
			printf("id %u\n", rep.id);
	}
	return 0;
toolarge:
	ctl_err(c, "request too large");
fail:
	drop_msg(msg);
	return 1;
}

static int sa_simple(struct ctl *c, int argc, char **argv, uint8_t cmd, const char *what)
{
	struct nl_msg *msg;
	struct nlattr *sa;
	uint32_t id = 0;
	int ret;

	if (parse_id(c, argc, argv, &id, true) < 0)
		return 1;
	msg = ctl_msg(c, cmd, 0);
	if (!msg || !(sa = nla_nest_start(msg, KSRTP_A_SA)) ||
	    nla_put_u32(msg, KSRTP_SA_A_ID, id)) {
		ctl_err(c, "out of memory");
		if (msg)
			nlmsg_free(msg);
		return 1;
	}
	nla_nest_end(msg, sa);
	ret = ctl_request(c, msg, NULL, NULL);
	if (ret) {
		ctl_nl_perror(c, ret, "%s (SA %u)", what, id);
		return 1;
	}
	return 0;
}

static int sa_flush(struct ctl *c, int argc, char **argv)
{
	struct nl_msg *msg;
	struct nlattr *sa;
	uint8_t dir = 0;
	int ret;

	for (int i = 0; i < argc; i++) {
		if (ctl_matches(argv[i], "dir")) {
			NEXT_ARG();
			if (parse_dir(c, argv[i], &dir))
				return 1;
		} else {
			ctl_err(c, "sa flush: unexpected \"%s\" (only `dir protect|unprotect`)",
				argv[i]);
			return 1;
		}
	}
	msg = ctl_msg(c, KSRTP_CMD_SA_FLUSH, 0);
	if (!msg) {
		ctl_err(c, "out of memory");
		return 1;
	}
	if (dir) {
		sa = nla_nest_start(msg, KSRTP_A_SA);
		if (!sa || nla_put_u8(msg, KSRTP_SA_A_DIR, dir)) {
			nlmsg_free(msg);
			ctl_err(c, "out of memory");
			return 1;
		}
		nla_nest_end(msg, sa);
	}
	ret = ctl_request(c, msg, NULL, NULL);
	if (ret) {
		ctl_nl_perror(c, ret, "sa flush");
		return 1;
	}
	return 0;
}

/* SA_GET: one (id given) or a dump. */
static int sa_get(struct ctl *c, struct show_state *st, bool have_id, uint32_t id)
{
	struct nl_msg *msg = ctl_msg(c, KSRTP_CMD_SA_GET, have_id ? 0 : NLM_F_DUMP);
	struct nlattr *sa;
	int ret;

	if (!msg) {
		ctl_err(c, "out of memory");
		return -ENOMEM;
	}
	if (have_id) {
		sa = nla_nest_start(msg, KSRTP_A_SA);
		if (!sa || nla_put_u32(msg, KSRTP_SA_A_ID, id)) {
			nlmsg_free(msg);
			return -ENOMEM;
		}
		nla_nest_end(msg, sa);
	}
	ret = ctl_request(c, msg, sa_reply, st);
	if (ret) {
		if (have_id)
			ctl_nl_perror(c, ret, "sa show (SA %u)", id);
		else
			ctl_nl_perror(c, ret, "sa show");
	}
	return ret;
}

static int sa_show(struct ctl *c, int argc, char **argv, bool stats_only)
{
	struct show_state st;
	uint32_t id = 0;
	int have, ret;

	memset(&st, 0, sizeof(st));
	have = parse_id(c, argc, argv, &id, false);
	if (have < 0)
		return 1;
	st.stats_only = stats_only;
	json_init(&st.j, stdout, c->pretty);
	if (c->json)
		json_arr_open(&st.j, NULL);
	ret = sa_get(c, &st, have > 0, id);
	if (c->json) {
		json_arr_close(&st.j);
		json_end(&st.j);
	}
	return ret ? 1 : 0;
}

/* --- streams ------------------------------------------------------------------------------------
 */
struct stream_state {
	struct json *j;
	unsigned count;
};

static int stream_reply(struct ctl *c, uint8_t cmd, struct nlattr **top, void *arg)
{
	struct stream_state *st = arg;
	struct nlattr *tb[KSRTP_STREAM_A_MAX + 1];
	struct stats s;
	char addr[INET6_ADDRSTRLEN] = "";
	int ret;

	if (!top[KSRTP_A_STREAM]) {
		ctl_err(c, "malformed reply from the kernel: no KSRTP_A_STREAM");
		return -EPROTO;
	}
	ret = ctl_parse_nest(c, tb, KSRTP_STREAM_A_MAX, top[KSRTP_A_STREAM], stream_pol, "stream");
	if (ret)
		return ret;
	if (!tb[KSRTP_STREAM_A_SSRC]) {
		ctl_err(c, "malformed reply from the kernel: stream without SSRC");
		return -EPROTO;
	}
	if (tb[KSRTP_STREAM_A_SADDR]) {
		if (nla_len(tb[KSRTP_STREAM_A_SADDR]) != 4 &&
		    nla_len(tb[KSRTP_STREAM_A_SADDR]) != 16) {
			ctl_err(c, "malformed reply from the kernel: stream address of %d octets",
				nla_len(tb[KSRTP_STREAM_A_SADDR]));
			return -EPROTO;
		}
		format_addr(addr, sizeof(addr), tb[KSRTP_STREAM_A_SADDR]);
	}
	ret = parse_stats(c, tb[KSRTP_STREAM_A_STATS], &s);
	if (ret)
		return ret;
	st->count++;
	if (c->json) {
		json_obj_open(st->j, NULL);
		json_u64(st->j, "ssrc", nla_get_u32(tb[KSRTP_STREAM_A_SSRC]));
		if (addr[0])
			json_str(st->j, "src", addr);
		if (tb[KSRTP_STREAM_A_SPORT])
			json_u64(st->j, "sport", ntohs(nla_get_u16(tb[KSRTP_STREAM_A_SPORT])));
		if (tb[KSRTP_STREAM_A_ROC])
			json_u64(st->j, "roc", nla_get_u32(tb[KSRTP_STREAM_A_ROC]));
		if (tb[KSRTP_STREAM_A_SEQ])
			json_u64(st->j, "seq", nla_get_u32(tb[KSRTP_STREAM_A_SEQ]));
		if (tb[KSRTP_STREAM_A_SRTCP_INDEX])
			json_u64(st->j, "srtcp_index", nla_get_u32(tb[KSRTP_STREAM_A_SRTCP_INDEX]));
		print_stats(c, st->j, &s, "");
		json_obj_close(st->j);
		return 0;
	}
	printf("    ssrc 0x%08x", nla_get_u32(tb[KSRTP_STREAM_A_SSRC]));
	if (addr[0])
		printf(" from %s", addr);
	if (tb[KSRTP_STREAM_A_SPORT])
		printf(" sport %u", ntohs(nla_get_u16(tb[KSRTP_STREAM_A_SPORT])));
	if (tb[KSRTP_STREAM_A_ROC])
		printf(" roc %u", nla_get_u32(tb[KSRTP_STREAM_A_ROC]));
	if (tb[KSRTP_STREAM_A_SEQ])
		printf(" seq %u", nla_get_u32(tb[KSRTP_STREAM_A_SEQ]));
	if (tb[KSRTP_STREAM_A_SRTCP_INDEX])
		printf(" srtcp-index %u", nla_get_u32(tb[KSRTP_STREAM_A_SRTCP_INDEX]));
	printf("\n");
	print_stats(c, st->j, &s, "        ");
	return 0;
}

static int sa_stats_streams(struct ctl *c, int argc, char **argv)
{
	struct show_state st;
	uint32_t id = 0;
	int have, ret = 0;
	struct json j;

	memset(&st, 0, sizeof(st));
	have = parse_id(c, argc, argv, &id, false);
	if (have < 0)
		return 1;
	st.cap = 64;
	st.ids = calloc(st.cap, sizeof(*st.ids));
	if (!st.ids) {
		ctl_err(c, "out of memory");
		return 1;
	}
	json_init(&st.j, stdout, c->pretty);
	if (sa_get(c, &st, have > 0, id)) {
		free(st.ids);
		return 1;
	}
	json_init(&j, stdout, c->pretty);
	if (c->json)
		json_arr_open(&j, NULL);
	for (size_t k = 0; k < st.nids && !ret; k++) {
		struct stream_state ss = {.j = &j};
		struct nl_msg *msg = ctl_msg(c, KSRTP_CMD_STREAM_GET, NLM_F_DUMP);
		struct nlattr *sa;

		if (c->json) {
			json_obj_open(&j, NULL);
			json_u64(&j, "id", st.ids[k]);
		}
		if (!msg || !(sa = nla_nest_start(msg, KSRTP_A_SA)) ||
		    nla_put_u32(msg, KSRTP_SA_A_ID, st.ids[k])) {
			if (msg)
				nlmsg_free(msg);
			ctl_err(c, "out of memory");
			ret = -ENOMEM;
			break;
		}
		nla_nest_end(msg, sa);
		if (!c->json)
			printf("sa %u streams\n", st.ids[k]);
		else
			json_arr_open(&j, "streams");
		ret = ctl_request(c, msg, stream_reply, &ss);
		if (ret)
			ctl_nl_perror(c, ret, "sa stats streams (SA %u)", st.ids[k]);
		if (c->json) {
			json_arr_close(&j);
			json_obj_close(&j);
		}
	}
	if (c->json) {
		json_arr_close(&j);
		json_end(&j);
	}
	free(st.ids);
	return ret ? 1 : 0;
}

static int sa_stats(struct ctl *c, int argc, char **argv)
{
	bool streams = false;
	char *args[4];
	int n = 0;

	for (int i = 0; i < argc; i++) {
		if (ctl_matches(argv[i], "streams")) {
			streams = true;
		} else if (n < 3) {
			args[n++] = argv[i];
		} else {
			ctl_err(c, "sa stats: unexpected \"%s\"", argv[i]);
			return 1;
		}
	}
	args[n] = NULL;
	if (streams)
		return sa_stats_streams(c, n, args);
	return sa_show(c, n, args, true);
}

/* --- keys
 * ------------------------------------------------------------------------------------------ */
struct sa_info {
	bool got;
	uint16_t suite;
	int mki_len;
};

static int sa_info_reply(struct ctl *c, uint8_t cmd, struct nlattr **top, void *arg)
{
	struct sa_info *si = arg;
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];

	if (!top[KSRTP_A_SA] ||
	    ctl_parse_nest(c, tb, KSRTP_SA_A_MAX, top[KSRTP_A_SA], sa_pol, "SA"))
		return -EPROTO;
	if (!tb[KSRTP_SA_A_SUITE]) {
		ctl_err(c, "malformed reply from the kernel: SA without suite");
		return -EPROTO;
	}
	si->suite = nla_get_u16(tb[KSRTP_SA_A_SUITE]);
	si->mki_len = tb[KSRTP_SA_A_MKI_LEN] ? nla_get_u8(tb[KSRTP_SA_A_MKI_LEN]) : 0;
	si->got = true;
	return 0;
}

static int key_set(struct ctl *c, int argc, char **argv)
{
	struct keyargs k;
	struct sa_info si = {0};
	const struct ksrtp_srtp_suite *suite;
	struct nl_msg *msg;
	struct nlattr *sa;
	uint32_t id = 0;
	int slot = -1, ret, r;
	bool have_id = false;

	memset(&k, 0, sizeof(k));
	for (int i = 0; i < argc; i++) {
		r = parse_key_arg(c, argc, argv, &i, &k);
		if (r < 0)
			return 1;
		if (r > 0)
			continue;
		if (ctl_matches(argv[i], "id")) {
			if (++i >= argc || ctl_parse_u32(c, "id", argv[i], 1, UINT32_MAX, &id)) {
				if (i >= argc)
					ctl_err(c, "id needs a value");
				return 1;
			}
			have_id = true;
		} else if (ctl_matches(argv[i], "slot")) {
			if (++i >= argc) {
				ctl_err(c, "slot needs current or next");
				return 1;
			}
			if (ctl_matches(argv[i], "current"))
				slot = KSRTP_KEY_SLOT_CURRENT;
			else if (ctl_matches(argv[i], "next"))
				slot = KSRTP_KEY_SLOT_NEXT;
			else {
				ctl_err(c, "slot: \"%s\" is neither current nor next", argv[i]);
				return 1;
			}
		} else {
			ctl_err(c, "sa key set: unknown argument \"%s\": see `ksrtpctl sa help`",
				argv[i]);
			return 1;
		}
	}
	if (!have_id || slot < 0 || !k.file) {
		ctl_err(c, "sa key set needs id ID, slot current|next and key-file FILE");
		return 1;
	}
	/* The SA's suite and MKI length decide what the key file must hold. */
	msg = ctl_msg(c, KSRTP_CMD_SA_GET, 0);
	if (!msg || !(sa = nla_nest_start(msg, KSRTP_A_SA)) ||
	    nla_put_u32(msg, KSRTP_SA_A_ID, id)) {
		if (msg)
			nlmsg_free(msg);
		ctl_err(c, "out of memory");
		return 1;
	}
	nla_nest_end(msg, sa);
	ret = ctl_request(c, msg, sa_info_reply, &si);
	if (ret || !si.got) {
		if (ret)
			ctl_nl_perror(c, ret, "sa key set: looking up SA %u", id);
		else
			ctl_err(c, "sa key set: the kernel did not return SA %u", id);
		return 1;
	}
	suite = ksrtp_srtp_suite_by_id(si.suite);
	if (!suite) {
		ctl_err(c, "SA %u uses suite %u, unknown to this ksrtpctl", id, si.suite);
		return 1;
	}
	msg = ctl_msg(c, KSRTP_CMD_KEY_SET, 0);
	if (!msg || !(sa = nla_nest_start(msg, KSRTP_A_SA)) ||
	    nla_put_u32(msg, KSRTP_SA_A_ID, id)) {
		if (msg)
			nlmsg_free(msg);
		ctl_err(c, "out of memory");
		return 1;
	}
	if (put_key(c, msg, suite, &k, slot, &si.mki_len, NULL)) {
		drop_msg(msg);
		return 1;
	}
	nla_nest_end(msg, sa);
	ret = ctl_request(c, msg, NULL, NULL);
	if (ret) {
		ctl_nl_perror(c, ret, "sa key set (SA %u)", id);
		return 1;
	}
	return 0;
}

static int sa_key(struct ctl *c, int argc, char **argv)
{
	if (argc < 1) {
		ctl_err(c, "sa key needs set, swap or del: see `ksrtpctl sa help`");
		return 1;
	}
	if (ctl_matches(argv[0], "set"))
		return key_set(c, argc - 1, argv + 1);
	if (ctl_matches(argv[0], "swap"))
		return sa_simple(c, argc - 1, argv + 1, KSRTP_CMD_KEY_SWAP, "sa key swap");
	if (ctl_matches(argv[0], "del"))
		return sa_simple(c, argc - 1, argv + 1, KSRTP_CMD_KEY_DEL, "sa key del");
	ctl_err(c, "sa key: unknown \"%s\" (set, swap or del)", argv[0]);
	return 1;
}

int ctl_cmd_sa(struct ctl *c, int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : "show";

	if (argc > 0) {
		argc--;
		argv++;
	}
	if (ctl_matches(sub, "add"))
		return sa_add(c, argc, argv);
	if (ctl_matches(sub, "del") || ctl_matches(sub, "delete"))
		return sa_simple(c, argc, argv, KSRTP_CMD_SA_DEL, "sa del");
	if (ctl_matches(sub, "show") || ctl_matches(sub, "list"))
		return sa_show(c, argc, argv, false);
	if (ctl_matches(sub, "flush"))
		return sa_flush(c, argc, argv);
	if (ctl_matches(sub, "stats"))
		return sa_stats(c, argc, argv);
	if (ctl_matches(sub, "key"))
		return sa_key(c, argc, argv);
	if (ctl_matches(sub, "help") || ctl_matches(sub, "--help")) {
		ctl_usage_sa(stdout);
		return 0;
	}
	ctl_err(c, "sa: unknown command \"%s\": see `ksrtpctl sa help`", sub);
	return 1;
}
