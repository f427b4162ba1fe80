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

/* --- printing ----------------------------------------------------------------------------------
 */
/* JSON keys: the counter names with '_' for '-'. */
static void json_key_name(char *out, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < n; i++)
		out[i] = name[i] == '-' ? '_' : name[i];
	out[i] = '\0';
}

static void print_stats(struct ctl *c, struct json *j, const struct ksrtp_nl_stats *s,
			const char *indent)
{
	int col = 0;

	if (c->json) {
		json_obj_open(j, "stats");
		for (int i = 1; i <= KSRTP_STATS_A_MAX; i++) {
			char key[32];

			if (!(s->present & (1u << i)) || !ksrtp_nl_stat_name(i))
				continue;
			json_key_name(key, sizeof(key), ksrtp_nl_stat_name(i));
			json_u64(j, key, s->v[i]);
		}
		json_obj_close(j);
		return;
	}
	for (int i = 1; i <= KSRTP_STATS_A_MAX; i++) {
		if (!(s->present & (1u << i)) || !ksrtp_nl_stat_name(i))
			continue;
		/* Error counters only when non-zero, to keep the table short. */
		if (i != KSRTP_STATS_A_PACKETS && i != KSRTP_STATS_A_BYTES && !s->v[i])
			continue;
		if (col == 0)
			printf("%sstats", indent);
		printf(" %s %" PRIu64, ksrtp_nl_stat_name(i), s->v[i]);
		if (++col == 8) {
			printf("\n");
			col = 0;
		}
	}
	if (col)
		printf("\n");
}

static void format_addr(char *buf, size_t n, unsigned family, const uint8_t *a)
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, buf, (socklen_t)n))
		snprintf(buf, n, "?");
}

struct show_state {
	struct ctl *c;
	struct json j;
	bool stats_only;
	unsigned count;
	/* for `sa stats ... streams`: collected SA ids */
	uint32_t *ids;
	size_t nids, cap;
};

static void print_keys(struct ctl *c, struct json *j, const struct ksrtp_nl_sa *sa)
{
	if (c->json)
		json_arr_open(j, "keys");
	for (unsigned k = 0; k < sa->num_keys; k++) {
		const struct ksrtp_nl_key *key = &sa->keys[k];
		const char *slot = key->slot == KSRTP_KEY_SLOT_NEXT ? "next" : "current";

		if (c->json) {
			json_obj_open(j, NULL);
			json_str(j, "slot", slot);
			if (key->has & KSRTP_NL_KEY_ID)
				json_u64(j, "key_id", key->key_id);
			if (key->mki_len)
				json_hex(j, "mki", key->mki, key->mki_len);
			if (key->has & KSRTP_NL_KEY_KDR)
				json_u64(j, "kdr", key->kdr);
			json_obj_close(j);
		} else {
			printf("    key %s", slot);
			if (key->has & KSRTP_NL_KEY_ID)
				printf(" key-id %u", key->key_id);
			if (key->mki_len) {
				printf(" mki ");
				for (size_t i = 0; i < key->mki_len; i++)
					printf("%02x", key->mki[i]);
			}
			if (key->has & KSRTP_NL_KEY_KDR)
				printf(" kdr %u", key->kdr);
			printf("\n");
		}
	}
	if (c->json)
		json_arr_close(j);
}

static void print_lifetime(struct ctl *c, struct json *j, const struct ksrtp_nl_lifetime *lt)
{
	if (c->json) {
		json_obj_open(j, "lifetime");
		json_u64(j, "soft_packets", lt->soft_packets);
		json_u64(j, "hard_packets", lt->hard_packets);
		json_u64(j, "soft_seconds", lt->soft_seconds);
		json_u64(j, "hard_seconds", lt->hard_seconds);
		json_obj_close(j);
	} else if (lt->soft_packets || lt->hard_packets || lt->soft_seconds || lt->hard_seconds) {
		printf("    lifetime soft-packets %" PRIu64 " hard-packets %" PRIu64
		       " soft-seconds %u hard-seconds %u\n",
		       lt->soft_packets, lt->hard_packets, lt->soft_seconds, lt->hard_seconds);
	}
}

static const char *suite_name(const struct ksrtp_nl_sa *sa)
{
	const struct ksrtp_srtp_suite *su = ksrtp_srtp_suite_by_id(sa->suite);

	return su ? su->name : "unknown";
}

static void print_sa_json(struct ctl *c, struct json *j, const struct ksrtp_nl_sa *sa,
			  const char *daddr, const char *saddr)
{
	uint32_t h = sa->has;

	json_obj_open(j, NULL);
	json_u64(j, "id", sa->id);
	if (h & KSRTP_NL_SA_DIR)
		json_str(j, "dir", ksrtp_nl_dir_name(sa->dir));
	json_str(j, "family", sa->family == AF_INET6 ? "inet6" : "inet");
	json_str(j, "dst", daddr);
	if (h & KSRTP_NL_SA_DPORT)
		json_u64(j, "port", sa->dport);
	if (h & KSRTP_NL_SA_SADDR)
		json_str(j, "src", saddr);
	if (h & KSRTP_NL_SA_SPORT)
		json_u64(j, "sport", sa->sport);
	if (h & KSRTP_NL_SA_SSRC)
		json_u64(j, "ssrc", sa->ssrc);
	if (h & KSRTP_NL_SA_IFINDEX) {
		char ifn[IF_NAMESIZE];

		json_u64(j, "ifindex", sa->ifindex);
		if (if_indextoname(sa->ifindex, ifn))
			json_str(j, "dev", ifn);
	}
	if (h & KSRTP_NL_SA_SUITE)
		json_str(j, "suite", suite_name(sa));
	if (sa->cipher_driver[0])
		json_str(j, "cipher_driver", sa->cipher_driver);
	if (sa->auth_driver[0])
		json_str(j, "auth_driver", sa->auth_driver);
	if (h & KSRTP_NL_SA_REPLAY_WINDOW)
		json_u64(j, "replay_window", sa->replay_window);
	if (h & KSRTP_NL_SA_ROC)
		json_u64(j, "roc", sa->roc);
	if (h & KSRTP_NL_SA_MKI_LEN)
		json_u64(j, "mki_len", sa->mki_len);
	if (h & KSRTP_NL_SA_RTCP)
		json_str(j, "rtcp", ksrtp_nl_rtcp_name(sa->rtcp));
	if (h & KSRTP_NL_SA_MAX_STREAMS)
		json_u64(j, "max_streams", sa->max_streams);
	if (h & KSRTP_NL_SA_STREAM_IDLE)
		json_u64(j, "idle", sa->stream_idle);
	if (h & KSRTP_NL_SA_NUM_STREAMS)
		json_u64(j, "streams", sa->num_streams);
	if (h & KSRTP_NL_SA_LIFETIME)
		print_lifetime(c, j, &sa->lifetime);
	print_keys(c, j, sa);
	if (h & KSRTP_NL_SA_STATS)
		print_stats(c, j, &sa->stats, "");
	json_obj_close(j);
}

static void print_sa_text(struct ctl *c, struct json *j, const struct ksrtp_nl_sa *sa,
			  const char *daddr, const char *saddr)
{
	uint32_t h = sa->has;
	bool v6 = sa->family == AF_INET6;

	printf("sa %u %s %s%s%s port %u", sa->id,
	       (h & KSRTP_NL_SA_DIR) ? ksrtp_nl_dir_name(sa->dir) : "?", v6 ? "[" : "", daddr,
	       v6 ? "]" : "", sa->dport);
	if (h & KSRTP_NL_SA_SADDR)
		printf(" src %s", saddr);
	if (h & KSRTP_NL_SA_SPORT)
		printf(" sport %u", sa->sport);
	if (h & KSRTP_NL_SA_SSRC)
		printf(" ssrc 0x%08x", sa->ssrc);
	if (h & KSRTP_NL_SA_IFINDEX) {
		char ifn[IF_NAMESIZE];

		printf(" dev %s", if_indextoname(sa->ifindex, ifn) ? ifn : "?");
	}
	printf("\n");
	if (h & KSRTP_NL_SA_SUITE) {
		printf("    suite %s", suite_name(sa));
		if (sa->cipher_driver[0])
			printf(" cipher %s", sa->cipher_driver);
		if (sa->auth_driver[0])
			printf(" auth %s", sa->auth_driver);
		printf("\n");
	}
	printf("   ");
	if (h & KSRTP_NL_SA_REPLAY_WINDOW)
		printf(" replay-window %u", sa->replay_window);
	if (h & KSRTP_NL_SA_ROC)
		printf(" roc %u", sa->roc);
	if (h & KSRTP_NL_SA_MKI_LEN)
		printf(" mki-len %u", sa->mki_len);
	if (h & KSRTP_NL_SA_RTCP)
		printf(" rtcp %s", ksrtp_nl_rtcp_name(sa->rtcp));
	if (h & KSRTP_NL_SA_MAX_STREAMS)
		printf(" max-streams %u", sa->max_streams);
	if (h & KSRTP_NL_SA_STREAM_IDLE)
		printf(" idle %u", sa->stream_idle);
	if (h & KSRTP_NL_SA_NUM_STREAMS)
		printf(" streams %u", sa->num_streams);
	printf("\n");
	print_lifetime(c, j, &sa->lifetime);
	print_keys(c, j, sa);
	print_stats(c, j, &sa->stats, "    ");
}

static int show_sa(const struct ksrtp_nl_sa *sa, void *arg)
{
	struct show_state *st = arg;
	struct ctl *c = st->c;
	char daddr[INET6_ADDRSTRLEN] = "?", saddr[INET6_ADDRSTRLEN] = "";

	st->count++;
	if (st->ids) {
		if (st->nids == st->cap) {
			size_t ncap = st->cap * 2;
			uint32_t *n = realloc(st->ids, ncap * sizeof(*n));

			if (!n)
				return -KSRTP_ENOMEM;
			st->ids = n;
			st->cap = ncap;
		}
		st->ids[st->nids++] = sa->id;
		return 0;
	}
	if (st->stats_only) {
		if (c->json) {
			json_obj_open(&st->j, NULL);
			json_u64(&st->j, "id", sa->id);
			print_stats(c, &st->j, &sa->stats, "");
			json_obj_close(&st->j);
		} else {
			printf("sa %u\n", sa->id);
			print_stats(c, &st->j, &sa->stats, "    ");
		}
		return 0;
	}
	if (sa->has & KSRTP_NL_SA_DADDR)
		format_addr(daddr, sizeof(daddr), sa->family, sa->daddr);
	if (sa->has & KSRTP_NL_SA_SADDR)
		format_addr(saddr, sizeof(saddr), sa->family, sa->saddr);
	if (c->json)
		print_sa_json(c, &st->j, sa, daddr, saddr);
	else
		print_sa_text(c, &st->j, sa, daddr, saddr);
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

/*
 * Load the key file into a key for slot. mki_len is the SA's MKI length (-1 when unknown:
 * taken from the key). Returns 0 or -1 (reported).
 */
static int load_key(struct ctl *c, const struct ksrtp_srtp_suite *suite, struct keyargs *k,
		    uint8_t slot, int *mki_len, uint64_t *lifetime, struct ksrtp_nl_key *out)
{
	struct ksrtp_srtpkey key;
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
	ksrtp_nl_key_from_srtpkey(out, &key, slot);
	if (lifetime)
		*lifetime = key.lifetime;
	ksrtp_srtpkey_wipe(&key);
	if (k->have_mki) {
		if (out->mki_len &&
		    (out->mki_len != k->mki_len || memcmp(out->mki, k->mki, k->mki_len))) {
			ctl_err(c, "the MKI given with `mki` differs from the one in key file %s",
				k->file);
			goto fail;
		}
		memcpy(out->mki, k->mki, k->mki_len);
		out->mki_len = k->mki_len;
	}
	if (*mki_len < 0) {
		*mki_len = (int)out->mki_len;
	} else if ((size_t)*mki_len != out->mki_len) {
		if (out->mki_len)
			ctl_err(c, "the MKI is %zu octets but the SA's mki-len is %d", out->mki_len,
				*mki_len);
		else
			ctl_err(c, "the SA uses %d-octet MKIs: give this key's `mki HEX`",
				*mki_len);
		goto fail;
	}
	if (k->have_kdr) {
		out->kdr = (uint8_t)k->kdr;
		out->has |= KSRTP_NL_KEY_KDR;
	}
	if (k->have_key_id) {
		out->key_id = k->key_id;
		out->has |= KSRTP_NL_KEY_ID;
	}
	return 0;
fail:
	ksrtp_nl_key_wipe(out);
	return -1;
}

static int sa_add(struct ctl *c, int argc, char **argv)
{
	struct sa_add_args a;
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_key key;
	uint64_t key_lifetime = 0;
	uint32_t id = 0;
	int ret;

	memset(&a, 0, sizeof(a));
	if (parse_sa_add(c, argc, argv, &a))
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.id = a.id;
	sa.dir = a.dir;
	sa.family = (uint16_t)a.dst.family;
	memcpy(sa.daddr, a.dst.a, sizeof(sa.daddr));
	sa.dport = a.port;
	sa.suite = (uint16_t)a.suite->id;
#define OPT(cond, bit, stmt)             \
	do {                             \
		if (cond) {              \
			stmt;            \
			sa.has |= (bit); \
		}                        \
	} while (0)
	OPT(a.have_src, KSRTP_NL_SA_SADDR, memcpy(sa.saddr, a.src.a, sizeof(sa.saddr)));
	OPT(a.have_sport, KSRTP_NL_SA_SPORT, sa.sport = a.sport);
	OPT(a.have_ssrc, KSRTP_NL_SA_SSRC, sa.ssrc = a.ssrc);
	OPT(a.have_dev, KSRTP_NL_SA_IFINDEX, sa.ifindex = a.ifindex);
	OPT(a.have_window, KSRTP_NL_SA_REPLAY_WINDOW, sa.replay_window = a.window);
	OPT(a.have_roc, KSRTP_NL_SA_ROC, sa.roc = a.roc);
	OPT(a.have_rtcp, KSRTP_NL_SA_RTCP, sa.rtcp = a.rtcp);
	OPT(a.have_max, KSRTP_NL_SA_MAX_STREAMS, sa.max_streams = a.max_streams);
	OPT(a.have_idle, KSRTP_NL_SA_STREAM_IDLE, sa.stream_idle = a.idle);
#undef OPT
	if (load_key(c, a.suite, &a.key, KSRTP_KEY_SLOT_CURRENT, &a.mki_len, &key_lifetime, &key))
		return 1;
	sa.mki_len = (uint8_t)a.mki_len;
	sa.has |= KSRTP_NL_SA_MKI_LEN;
	if (key_lifetime && !a.have_lt[KSRTP_LIFETIME_A_HARD_PACKETS]) {
		a.have_lt[KSRTP_LIFETIME_A_HARD_PACKETS] = true;
		a.lt[KSRTP_LIFETIME_A_HARD_PACKETS] = key_lifetime;
	}
	for (int t = 1; t <= KSRTP_LIFETIME_A_MAX; t++)
		if (a.have_lt[t])
			sa.has |= KSRTP_NL_SA_LIFETIME;
	sa.lifetime.soft_packets = a.lt[KSRTP_LIFETIME_A_SOFT_PACKETS];
	sa.lifetime.hard_packets = a.lt[KSRTP_LIFETIME_A_HARD_PACKETS];
	sa.lifetime.soft_seconds = (uint32_t)a.lt[KSRTP_LIFETIME_A_SOFT_SECONDS];
	sa.lifetime.hard_seconds = (uint32_t)a.lt[KSRTP_LIFETIME_A_HARD_SECONDS];

	ret = ksrtp_nl_sa_add(c->nl, &sa, &key, a.replace ? KSRTP_NL_REPLACE : 0, &id);
	ksrtp_nl_key_wipe(&key);
	if (ret == -KSRTP_ENL_EXIST) {
		ctl_nl_perror(c, ret,
			      "sa add: SA %u exists (add `replace` to update it, or `sa del id "
			      "%u` first)",
			      a.id, a.id);
		return 1;
	}
	if (ret) {
		ctl_nl_perror(c, ret, "sa add");
		return 1;
	}
	if (a.id == 0) {
		if (c->json)
			printf("{\"id\":%u}\n", id);
		else
			printf("id %u\n", id);
	}
	return 0;
}

static int sa_simple(struct ctl *c, int argc, char **argv, int (*op)(struct ksrtp_nl *, uint32_t),
		     const char *what)
{
	uint32_t id = 0;
	int ret;

	if (parse_id(c, argc, argv, &id, true) < 0)
		return 1;
	ret = op(c->nl, id);
	if (ret) {
		ctl_nl_perror(c, ret, "%s (SA %u)", what, id);
		return 1;
	}
	return 0;
}

static int sa_flush(struct ctl *c, int argc, char **argv)
{
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
	ret = ksrtp_nl_sa_flush(c->nl, dir);
	if (ret) {
		ctl_nl_perror(c, ret, "sa flush");
		return 1;
	}
	return 0;
}

/* One SA (id given) or all of them, through show_sa. */
static int sa_get(struct ctl *c, struct show_state *st, bool have_id, uint32_t id)
{
	struct ksrtp_nl_sa *sa;
	int ret;

	st->c = c;
	if (!have_id) {
		ret = ksrtp_nl_sa_dump(c->nl, show_sa, st);
		if (ret)
			ctl_nl_perror(c, ret, "sa show");
		return ret;
	}
	sa = malloc(sizeof(*sa));
	if (!sa) {
		ctl_err(c, "out of memory");
		return -KSRTP_ENOMEM;
	}
	ret = ksrtp_nl_sa_get(c->nl, id, sa);
	if (ret)
		ctl_nl_perror(c, ret, "sa show (SA %u)", id);
	else
		ret = show_sa(sa, st);
	free(sa);
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

/* --- streams ---------------------------------------------------------------------------------- */
struct stream_state {
	struct ctl *c;
	struct json *j;
};

static int show_stream(const struct ksrtp_nl_stream *s, void *arg)
{
	struct stream_state *st = arg;
	struct ctl *c = st->c;
	char addr[INET6_ADDRSTRLEN] = "";

	if (s->has & KSRTP_NL_STREAM_SADDR)
		format_addr(addr, sizeof(addr), s->family, s->saddr);
	if (c->json) {
		json_obj_open(st->j, NULL);
		json_u64(st->j, "ssrc", s->ssrc);
		if (addr[0])
			json_str(st->j, "src", addr);
		if (s->has & KSRTP_NL_STREAM_SPORT)
			json_u64(st->j, "sport", s->sport);
		if (s->has & KSRTP_NL_STREAM_ROC)
			json_u64(st->j, "roc", s->roc);
		if (s->has & KSRTP_NL_STREAM_SEQ)
			json_u64(st->j, "seq", s->seq);
		if (s->has & KSRTP_NL_STREAM_SRTCP_INDEX)
			json_u64(st->j, "srtcp_index", s->srtcp_index);
		print_stats(c, st->j, &s->stats, "");
		json_obj_close(st->j);
		return 0;
	}
	printf("    ssrc 0x%08x", s->ssrc);
	if (addr[0])
		printf(" from %s", addr);
	if (s->has & KSRTP_NL_STREAM_SPORT)
		printf(" sport %u", s->sport);
	if (s->has & KSRTP_NL_STREAM_ROC)
		printf(" roc %u", s->roc);
	if (s->has & KSRTP_NL_STREAM_SEQ)
		printf(" seq %u", s->seq);
	if (s->has & KSRTP_NL_STREAM_SRTCP_INDEX)
		printf(" srtcp-index %u", s->srtcp_index);
	printf("\n");
	print_stats(c, st->j, &s->stats, "        ");
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
		struct stream_state ss = {.c = c, .j = &j};

		if (c->json) {
			json_obj_open(&j, NULL);
			json_u64(&j, "id", st.ids[k]);
			json_arr_open(&j, "streams");
		} else {
			printf("sa %u streams\n", st.ids[k]);
		}
		ret = ksrtp_nl_stream_dump(c->nl, st.ids[k], show_stream, &ss);
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

/* --- keys ----------------------------------------------------------------------------------------
 */
static int key_set(struct ctl *c, int argc, char **argv)
{
	const struct ksrtp_srtp_suite *suite;
	struct ksrtp_nl_key key;
	struct ksrtp_nl_sa *sa;
	struct keyargs k;
	uint32_t id = 0;
	int slot = -1, mki_len, ret, r;
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
	sa = malloc(sizeof(*sa));
	if (!sa) {
		ctl_err(c, "out of memory");
		return 1;
	}
	ret = ksrtp_nl_sa_get(c->nl, id, sa);
	if (ret) {
		ctl_nl_perror(c, ret, "sa key set: looking up SA %u", id);
		free(sa);
		return 1;
	}
	suite = ksrtp_srtp_suite_by_id(sa->suite);
	mki_len = sa->mki_len;
	if (!suite) {
		ctl_err(c, "SA %u uses suite %u, unknown to this ksrtpctl", id, sa->suite);
		free(sa);
		return 1;
	}
	free(sa);
	if (load_key(c, suite, &k, (uint8_t)slot, &mki_len, NULL, &key))
		return 1;
	ret = ksrtp_nl_key_set(c->nl, id, &key);
	ksrtp_nl_key_wipe(&key);
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
		return sa_simple(c, argc - 1, argv + 1, ksrtp_nl_key_swap, "sa key swap");
	if (ctl_matches(argv[0], "del"))
		return sa_simple(c, argc - 1, argv + 1, ksrtp_nl_key_del, "sa key del");
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
		return sa_simple(c, argc, argv, ksrtp_nl_sa_del, "sa del");
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
