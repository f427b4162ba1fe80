// SPDX-License-Identifier: GPL-2.0
/*
 * test_nl.c - the netlink client's strict decoding of the module's replies and events
 * (ksrtp/nl.h), on attribute streams built with libnl the way the kernel lays them out:
 * every field of an SA, stream, event and the module information arrives in the typed
 * structures; each malformed class is refused with its reason; a reply truncated anywhere
 * is refused or decodes, never more. The requests themselves are exercised against the real
 * module in the VM (selftests/kernel/nl_lib.c).
 */
#include <ksrtp/err.h>
#include <ksrtp/nl.h>

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../../lib/internal.h"
#include "tap.h"

static char detail[256];

static int decode(uint8_t cmd, struct nl_msg *m, void *out)
{
	struct nlmsghdr *h = nlmsg_hdr(m);

	detail[0] = '\0';
	return ksrtp__nl_decode(cmd, nlmsg_data(h), (size_t)nlmsg_datalen(h), out, detail,
				sizeof(detail));
}

static int has(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

/* An SA reply: IPv6 selector, every option, lifetime, stats, two key slots, drivers. */
static struct nl_msg *sa_reply(int variant)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *sa, *n;
	uint8_t d6[16] = {0xff, 0x0e, [14] = 0x01, [15] = 0x03};
	uint8_t s6[16] = {0xfd, [15] = 0x01};

	sa = nla_nest_start(m, KSRTP_A_SA);
	if (variant != 1)
		nla_put_u32(m, KSRTP_SA_A_ID, 7);
	nla_put_u8(m, KSRTP_SA_A_DIR, KSRTP_DIR_UNPROTECT);
	nla_put_u16(m, KSRTP_SA_A_FAMILY, AF_INET6);
	nla_put(m, KSRTP_SA_A_DADDR, variant == 2 ? 4 : 16, d6);
	nla_put_u16(m, KSRTP_SA_A_DPORT, htons(5008));
	nla_put(m, KSRTP_SA_A_SADDR, 16, s6);
	nla_put_u16(m, KSRTP_SA_A_SPORT, htons(7000));
	if (variant == 3)
		nla_put_u16(m, KSRTP_SA_A_SSRC, 0x1234); /* a u32 of two octets */
	else
		nla_put_u32(m, KSRTP_SA_A_SSRC, 0x1234);
	nla_put_u16(m, KSRTP_SA_A_SUITE, KSRTP_SUITE_AEAD_AES_128_GCM);
	nla_put_u32(m, KSRTP_SA_A_REPLAY_WINDOW, 1024);
	nla_put_u32(m, KSRTP_SA_A_ROC, 3);
	nla_put_u8(m, KSRTP_SA_A_MKI_LEN, 2);
	nla_put_u8(m, KSRTP_SA_A_RTCP, KSRTP_RTCP_MUX);
	nla_put_u32(m, KSRTP_SA_A_MAX_STREAMS, 10);
	nla_put_u32(m, KSRTP_SA_A_STREAM_IDLE, 60);
	nla_put_u32(m, KSRTP_SA_A_NUM_STREAMS, 2);
	if (variant == 4)
		nla_put(m, KSRTP_SA_A_CIPHER_DRIVER, 5, "gcm-x"); /* no NUL */
	else
		nla_put_string(m, KSRTP_SA_A_CIPHER_DRIVER, "generic-gcm-aesni");
	nla_put_u32(m, 200, 99); /* a newer module's attribute: ignored */
	n = nla_nest_start(m, KSRTP_SA_A_LIFETIME);
	nla_put_u64(m, KSRTP_LIFETIME_A_SOFT_PACKETS, 1000);
	nla_put_u64(m, KSRTP_LIFETIME_A_HARD_PACKETS, 2000);
	nla_put_u32(m, KSRTP_LIFETIME_A_SOFT_SECONDS, 30);
	nla_put_u32(m, KSRTP_LIFETIME_A_HARD_SECONDS, 60);
	nla_nest_end(m, n);
	n = nla_nest_start(m, KSRTP_SA_A_STATS);
	nla_put_u64(m, KSRTP_STATS_A_PACKETS, 123456789012ull);
	nla_put_u64(m, KSRTP_STATS_A_AUTH_FAIL, 5);
	nla_put_u64(m, KSRTP_STATS_A_LAST_SEEN_MS, 17);
	nla_nest_end(m, n);
	for (int k = 0; k < (variant == 5 ? 3 : 2); k++) {
		n = nla_nest_start(m, KSRTP_SA_A_KEY);
		nla_put_u8(m, KSRTP_KEY_A_SLOT, (uint8_t)(k ? KSRTP_KEY_SLOT_NEXT : 0));
		nla_put(m, KSRTP_KEY_A_MKI, 2, k ? "\x00\x08" : "\x00\x07");
		nla_put_u32(m, KSRTP_KEY_A_ID, 77 + (uint32_t)k);
		if (variant == 6 && k == 1)
			nla_put(m, KSRTP_KEY_A_MASTER_KEY, 16, "0123456789abcdef");
		nla_nest_end(m, n);
	}
	nla_nest_end(m, sa);
	return m;
}

static void test_sa(void)
{
	struct ksrtp_nl_sa sa;
	struct nl_msg *m = sa_reply(0);
	int ret = decode(KSRTP_CMD_SA_GET, m, &sa);

	tap_eq_int(ret, 0, "SA reply decodes (%s)", detail);
	tap_ok(sa.id == 7 && sa.dir == KSRTP_DIR_UNPROTECT && sa.family == AF_INET6 &&
		       sa.dport == 5008 && sa.sport == 7000 && sa.ssrc == 0x1234,
	       "SA: id, direction, family, ports (host order), SSRC");
	tap_ok(sa.daddr[0] == 0xff && sa.daddr[15] == 0x03 && sa.saddr[0] == 0xfd,
	       "SA: IPv6 destination and source addresses");
	tap_ok(sa.suite == KSRTP_SUITE_AEAD_AES_128_GCM && sa.replay_window == 1024 &&
		       sa.roc == 3 && sa.mki_len == 2 && sa.rtcp == KSRTP_RTCP_MUX &&
		       sa.max_streams == 10 && sa.stream_idle == 60 && sa.num_streams == 2,
	       "SA: suite and every parameter");
	tap_ok((sa.has & (KSRTP_NL_SA_SADDR | KSRTP_NL_SA_SPORT | KSRTP_NL_SA_SSRC |
			  KSRTP_NL_SA_LIFETIME | KSRTP_NL_SA_STATS | KSRTP_NL_SA_DIR)) ==
			       (KSRTP_NL_SA_SADDR | KSRTP_NL_SA_SPORT | KSRTP_NL_SA_SSRC |
				KSRTP_NL_SA_LIFETIME | KSRTP_NL_SA_STATS | KSRTP_NL_SA_DIR) &&
		       !(sa.has & KSRTP_NL_SA_IFINDEX),
	       "SA: presence bits follow the attributes sent");
	tap_ok(!strcmp(sa.cipher_driver, "generic-gcm-aesni") && sa.auth_driver[0] == '\0',
	       "SA: crypto driver names");
	tap_ok(sa.lifetime.soft_packets == 1000 && sa.lifetime.hard_packets == 2000 &&
		       sa.lifetime.soft_seconds == 30 && sa.lifetime.hard_seconds == 60,
	       "SA: lifetimes");
	tap_ok(sa.stats.v[KSRTP_STATS_A_PACKETS] == 123456789012ull &&
		       sa.stats.v[KSRTP_STATS_A_AUTH_FAIL] == 5 &&
		       (sa.stats.present & (1u << KSRTP_STATS_A_LAST_SEEN_MS)) &&
		       !(sa.stats.present & (1u << KSRTP_STATS_A_REPLAY)),
	       "SA: counters and which were sent");
	tap_ok(sa.num_keys == 2 && sa.keys[0].slot == KSRTP_KEY_SLOT_CURRENT &&
		       sa.keys[1].slot == KSRTP_KEY_SLOT_NEXT && sa.keys[0].key_id == 77 &&
		       sa.keys[1].key_id == 78 && sa.keys[1].mki_len == 2 &&
		       sa.keys[1].mki[1] == 8 && sa.keys[0].master_key_len == 0,
	       "SA: both key slots with key id and MKI, no key material");
	tap_eq_int(decode(KSRTP_CMD_SA_NEW, m, NULL), 0, "an SA_NEW reply decodes as an SA");
	tap_eq_int(decode(KSRTP_CMD_KEY_SWAP, m, NULL), -KSRTP_ENL_PROTO,
		   "a reply to a command that has none is refused");
	nlmsg_free(m);

	static const struct {
		int variant;
		const char *why;
	} bad[] = {
		{1, "without an id"},	   {2, "4 octets for address family 10"},
		{3, "not a valid u32"},	   {4, "not a valid string"},
		{5, "more than two keys"}, {6, "key material"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = sa_reply(bad[i].variant);
		ret = decode(KSRTP_CMD_SA_GET, m, &sa);
		tap_ok(ret == -KSRTP_ENL_PROTO && has(detail, bad[i].why),
		       "SA reply refused: %s (%d, \"%s\")", bad[i].why, ret, detail);
		nlmsg_free(m);
	}
}

/* Every prefix of a valid reply: refused as malformed or decoded, nothing else. */
static void test_truncation(void)
{
	struct nl_msg *m = sa_reply(0);
	struct nlmsghdr *h = nlmsg_hdr(m);
	size_t len = (size_t)nlmsg_datalen(h), bad = 0, ok = 0;
	struct ksrtp_nl_sa sa;

	for (size_t l = 0; l < len; l++) {
		uint8_t buf[4096];
		int ret;

		memcpy(buf, nlmsg_data(h), l);
		ret = ksrtp__nl_decode(KSRTP_CMD_SA_GET, buf, l, &sa, detail, sizeof(detail));
		if (ret == -KSRTP_ENL_PROTO)
			bad++;
		else if (ret == 0)
			ok++;
	}
	tap_ok(bad + ok == len && bad == len,
	       "SA reply cut at each of %zu octets: always refused (%zu refused, %zu decoded)", len,
	       bad, ok);
	nlmsg_free(m);
}

static void test_info(void)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *in, *n;
	struct ksrtp_nl_info info;
	static const char *const names[] = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32",
					    "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"};

	in = nla_nest_start(m, KSRTP_A_INFO);
	nla_put_string(m, KSRTP_INFO_A_VERSION, "1.2.3");
	nla_put_u32(m, KSRTP_INFO_A_GENL_VERSION, KSRTP_GENL_VERSION);
	nla_put_u8(m, KSRTP_INFO_A_SELFTEST, 1);
	nla_put_u32(m, KSRTP_INFO_A_NUM_SAS, 5);
	nla_put_u32(m, KSRTP_INFO_A_MAX_SAS, 65536);
	for (int i = 0; i < 4; i++) {
		n = nla_nest_start(m, KSRTP_INFO_A_SUITE);
		nla_put_u16(m, KSRTP_INFO_SUITE_A_SUITE, (uint16_t)(i + 1));
		nla_put_string(m, KSRTP_INFO_SUITE_A_NAME, names[i]);
		nla_put_string(m, KSRTP_INFO_SUITE_A_CIPHER_DRIVER,
			       i < 2 ? "ctr-aes-aesni" : "generic-gcm-aesni");
		if (i < 2)
			nla_put_string(m, KSRTP_INFO_SUITE_A_AUTH_DRIVER, "hmac(sha1-avx2)");
		nla_nest_end(m, n);
	}
	nla_nest_end(m, in);
	tap_eq_int(decode(KSRTP_CMD_INFO_GET, m, &info), 0, "module information decodes");
	tap_ok(!strcmp(info.version, "1.2.3") && info.genl_version == KSRTP_GENL_VERSION &&
		       info.selftest == 1 && info.num_sas == 5 && info.max_sas == 65536 &&
		       info.has == (KSRTP_NL_INFO_GENL_VERSION | KSRTP_NL_INFO_SELFTEST |
				    KSRTP_NL_INFO_NUM_SAS | KSRTP_NL_INFO_MAX_SAS),
	       "info: version, self-test, SA count and limit");
	tap_ok(info.num_suites == 4 && info.suites[3].suite == 4 &&
		       !strcmp(info.suites[3].name, "AEAD_AES_256_GCM") &&
		       !strcmp(info.suites[0].auth_driver, "hmac(sha1-avx2)") &&
		       info.suites[2].auth_driver[0] == '\0',
	       "info: four suites with their drivers");
	for (int i = 4; i < KSRTP_NL_MAX_SUITES + 1; i++) {
		n = nla_nest_start(m, KSRTP_INFO_A_SUITE);
		nla_put_u16(m, KSRTP_INFO_SUITE_A_SUITE, 1);
		nla_nest_end(m, n);
	}
	/* The extra suites went after the INFO nest: at top level they are unknown, ignored. */
	tap_eq_int(decode(KSRTP_CMD_INFO_GET, m, &info), 0,
		   "other top-level attributes are ignored");
	nlmsg_free(m);

	m = nlmsg_alloc();
	in = nla_nest_start(m, KSRTP_A_INFO);
	for (int i = 0; i < KSRTP_NL_MAX_SUITES + 1; i++) {
		n = nla_nest_start(m, KSRTP_INFO_A_SUITE);
		nla_put_u16(m, KSRTP_INFO_SUITE_A_SUITE, 1);
		nla_nest_end(m, n);
	}
	nla_nest_end(m, in);
	tap_ok(decode(KSRTP_CMD_INFO_GET, m, &info) == -KSRTP_ENL_PROTO &&
		       has(detail, "more than 8 suites"),
	       "info with too many suites refused (\"%s\")", detail);
	nlmsg_free(m);

	m = nlmsg_alloc();
	nla_put_u32(m, KSRTP_A_SA, 1);
	tap_ok(decode(KSRTP_CMD_INFO_GET, m, &info) == -KSRTP_ENL_PROTO &&
		       has(detail, "lacks attribute"),
	       "an info reply without KSRTP_A_INFO refused (\"%s\")", detail);
	nlmsg_free(m);
}

static void test_stream_event(void)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *a, *n;
	struct ksrtp_nl_stream st;
	struct ksrtp_nl_event ev;

	a = nla_nest_start(m, KSRTP_A_STREAM);
	nla_put_u32(m, KSRTP_STREAM_A_SA_ID, 4);
	nla_put_u32(m, KSRTP_STREAM_A_SSRC, 0xdeadbeef);
	nla_put_u32(m, KSRTP_STREAM_A_ROC, 1);
	nla_put_u32(m, KSRTP_STREAM_A_SEQ, 65000);
	nla_put(m, KSRTP_STREAM_A_SADDR, 4, "\x0a\x00\x00\x01");
	nla_put_u16(m, KSRTP_STREAM_A_SPORT, htons(4000));
	nla_put_u32(m, KSRTP_STREAM_A_SRTCP_INDEX, 9);
	n = nla_nest_start(m, KSRTP_STREAM_A_STATS);
	nla_put_u64(m, KSRTP_STATS_A_REPLAY, 3);
	nla_nest_end(m, n);
	nla_nest_end(m, a);
	tap_eq_int(decode(KSRTP_CMD_STREAM_GET, m, &st), 0, "stream decodes");
	tap_ok(st.sa_id == 4 && st.ssrc == 0xdeadbeef && st.roc == 1 && st.seq == 65000 &&
		       st.family == AF_INET && st.saddr[0] == 10 && st.sport == 4000 &&
		       st.srtcp_index == 9 && st.stats.v[KSRTP_STATS_A_REPLAY] == 3,
	       "stream: SSRC, ROC, sequence, source, SRTCP index, counters");
	nlmsg_free(m);

	m = nlmsg_alloc();
	a = nla_nest_start(m, KSRTP_A_STREAM);
	nla_put_u32(m, KSRTP_STREAM_A_ROC, 1);
	nla_nest_end(m, a);
	tap_ok(decode(KSRTP_CMD_STREAM_GET, m, &st) == -KSRTP_ENL_PROTO &&
		       has(detail, "without an SSRC"),
	       "stream without SSRC refused");
	nlmsg_free(m);

	m = nlmsg_alloc();
	a = nla_nest_start(m, KSRTP_A_EVENT);
	nla_put_u32(m, KSRTP_EVENT_A_TYPE, KSRTP_EVENT_SSRC_COLLISION);
	nla_put_u32(m, KSRTP_EVENT_A_SA_ID, 2);
	nla_put_u32(m, KSRTP_EVENT_A_SSRC, 0x11);
	nla_put(m, KSRTP_EVENT_A_SADDR, 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02");
	nla_put_u16(m, KSRTP_EVENT_A_SPORT, htons(6000));
	nla_put_u64(m, KSRTP_EVENT_A_COUNT, 12);
	nla_put_u32(m, KSRTP_EVENT_A_KEY_ID, 77);
	nla_nest_end(m, a);
	tap_eq_int(decode(KSRTP_CMD_EVENT, m, &ev), 0, "event decodes");
	tap_ok(ev.type == KSRTP_EVENT_SSRC_COLLISION && ev.sa_id == 2 && ev.ssrc == 0x11 &&
		       ev.family == AF_INET6 && ev.saddr[15] == 2 && ev.sport == 6000 &&
		       ev.count == 12 && ev.key_id == 77 &&
		       !strcmp(ksrtp_nl_event_name(ev.type), "ssrc-collision"),
	       "event: type, SA, SSRC, IPv6 source, count, key id");
	nlmsg_free(m);

	m = nlmsg_alloc();
	a = nla_nest_start(m, KSRTP_A_EVENT);
	nla_put_u32(m, KSRTP_EVENT_A_TYPE, KSRTP_EVENT_AUTH_FAIL);
	nla_put(m, KSRTP_EVENT_A_SADDR, 5, "\x0a\0\0\x01\x01");
	nla_nest_end(m, a);
	tap_ok(decode(KSRTP_CMD_EVENT, m, &ev) == -KSRTP_ENL_PROTO &&
		       has(detail, "address of 5 octets"),
	       "event with a 5-octet address refused (\"%s\")", detail);
	nlmsg_free(m);

	m = nlmsg_alloc();
	a = nla_nest_start(m, KSRTP_A_EVENT);
	nla_put_u32(m, KSRTP_EVENT_A_SA_ID, 2);
	nla_nest_end(m, a);
	tap_ok(decode(KSRTP_CMD_EVENT, m, &ev) == -KSRTP_ENL_PROTO && has(detail, "without a type"),
	       "event without a type refused");
	nlmsg_free(m);

	/* Trailing garbage after the last attribute. */
	m = nlmsg_alloc();
	a = nla_nest_start(m, KSRTP_A_EVENT);
	nla_put_u32(m, KSRTP_EVENT_A_TYPE, KSRTP_EVENT_AUTH_FAIL);
	nla_nest_end(m, a);
	{
		struct nlmsghdr *h = nlmsg_hdr(m);
		uint8_t buf[256];
		size_t l = (size_t)nlmsg_datalen(h);

		memcpy(buf, nlmsg_data(h), l);
		memset(buf + l, 0xab, 3);
		tap_ok(ksrtp__nl_decode(KSRTP_CMD_EVENT, buf, l + 3, &ev, detail, sizeof(detail)) ==
				       -KSRTP_ENL_PROTO &&
			       has(detail, "trailing"),
		       "3 trailing octets refused (\"%s\")", detail);
	}
	nlmsg_free(m);
}

static void test_misc(void)
{
	struct ksrtp_srtpkey k = {.key_len = 16, .salt_len = 14, .mki_len = 2};
	struct ksrtp_nl_key nk;
	static const uint8_t zero[sizeof(nk)];
	struct ksrtp_nl *nl = NULL;
	int ok = 1, ret;

	for (int c = KSRTP_ENL_NOMODULE; c <= KSRTP_ENL_NOGROUP; c++)
		ok &= strcmp(ksrtp_strerror(-c), "unknown error") != 0;
	tap_ok(ok, "every KSRTP_ENL_* code has a message");
	tap_ok(has(ksrtp_strerror(-KSRTP_ENL_NOMODULE), "modprobe ksrtp"),
	       "module-not-loaded message says how to load it");

	memset(k.key, 0x11, sizeof(k.key));
	memset(k.salt, 0x22, sizeof(k.salt));
	k.mki[0] = 0;
	k.mki[1] = 7;
	ksrtp_nl_key_from_srtpkey(&nk, &k, KSRTP_KEY_SLOT_NEXT);
	tap_ok(nk.slot == KSRTP_KEY_SLOT_NEXT && nk.master_key_len == 16 &&
		       nk.master_salt_len == 14 && nk.master_key[15] == 0x11 &&
		       nk.master_salt[13] == 0x22 && nk.mki_len == 2 && nk.mki[1] == 7 &&
		       nk.has == 0,
	       "a key file's key becomes a netlink key");
	ksrtp_nl_key_wipe(&nk);
	tap_ok(!memcmp(&nk, zero, sizeof(nk)), "ksrtp_nl_key_wipe clears the key");
	tap_ok(!strcmp(ksrtp_nl_dir_name(KSRTP_DIR_PROTECT), "protect") &&
		       !strcmp(ksrtp_nl_rtcp_name(KSRTP_RTCP_MUX), "mux") &&
		       !strcmp(ksrtp_nl_stat_name(KSRTP_STATS_A_AUTH_FAIL), "auth-fail") &&
		       !ksrtp_nl_stat_name(KSRTP_STATS_A_PAD) &&
		       !strcmp(ksrtp_nl_event_name(99), "unknown"),
	       "names of directions, RTCP modes, counters and events");

	/* This host's kernel has no ksrtp module. */
	ret = ksrtp_nl_open(&nl);
	if (ret == -KSRTP_ENL_SOCKET)
		tap_skip("no generic netlink here", "open without the module: NOMODULE");
	else
		tap_ok(ret == -KSRTP_ENL_NOMODULE && !nl,
		       "open without the module: KSRTP_ENL_NOMODULE (%d)", ret);
	ksrtp_nl_close(nl);
}

int main(void)
{
	test_sa();
	test_truncation();
	test_info();
	test_stream_event();
	test_misc();
	return tap_done();
}
