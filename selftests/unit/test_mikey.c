// SPDX-License-Identifier: GPL-2.0
/*
 * test_mikey.c - MIKEY-SAKKE and MIKEY-PSK round trips with a fresh KMS (every message kind
 * and option: RFC 6509 and TS 33.180 identities, CS map types, SP, key parameters, PRFs,
 * TGK/TEK, salts, key validity, signatures, the verification message), and the refusal of
 * every security failure: bad signature, bad MAC, stale, replayed, unknown key id, wrong
 * identity, missing or duplicate payloads, rekey with an older timestamp.
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>
#include <ksrtp/srtpkey.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* 2026-11-23T00:00:00Z as NTP */
#define T0 ((uint64_t)(1795392000ull + KSRTP_NTP_UNIX_OFFSET) << 32)

static uint8_t z[KSRTP_SAKKE_SCALAR_LEN], zpub[KSRTP_SAKKE_POINT_LEN];
static uint8_t ksak[32], kpak[65];
static struct ksrtp_sakke_pub *spub;
static struct ksrtp_eccsi_verifier *ver;

struct ident {
	uint8_t id[KSRTP_ID_MAX];
	size_t id_len;
	struct ksrtp_eccsi_signer *signer;
	struct ksrtp_sakke_receiver *rx;
};

static int make_ident(struct ident *u, const uint8_t *id, size_t len)
{
	uint8_t ssk[32], pvt[65], rsk[KSRTP_SAKKE_POINT_LEN];
	int err;

	memcpy(u->id, id, len);
	u->id_len = len;
	err = ksrtp_eccsi_kms_issue(ksak, id, len, NULL, ssk, pvt);
	if (!err)
		err = ksrtp_eccsi_signer_new(&u->signer, kpak, id, len, ssk, pvt);
	if (!err)
		err = ksrtp_sakke_kms_rsk(z, sizeof(z), id, len, rsk);
	if (!err)
		err = ksrtp_sakke_receiver_new(&u->rx, spub, id, len, rsk);
	return err;
}

static void free_ident(struct ident *u)
{
	ksrtp_eccsi_signer_free(u->signer);
	ksrtp_sakke_receiver_free(u->rx);
}

static const uint8_t GMK[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
				0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};

/* ---------------------------------------------------------------------------------------- */

static void sakke_rfc6509(void)
{
	struct ident a = {0}, b = {0};
	uint8_t ida[KSRTP_ID_MAX], idb[KSRTP_ID_MAX];
	size_t la, lb;
	const char *ua = "tel:+447700900123", *ub = "tel:+447700900456";
	uint8_t *msg = NULL;
	size_t ml;
	struct ksrtp_mikey_result res;
	int err;

	ksrtp_id_rfc6509(ida, sizeof(ida), &la, 2026, 11, ua);
	ksrtp_id_rfc6509(idb, sizeof(idb), &lb, 2026, 11, ub);
	tap_ok(!make_ident(&a, ida, la) && !make_ident(&b, idb, lb),
	       "RFC 6509 identities provisioned");
	uint32_t ssrcs[2] = {0x11223344, 0x55667788};
	static const uint8_t sp[] = {0, 1, 1, 1, 1, 16, 2, 1, 1, 4, 1, 14, 11, 1, 10};
	struct ksrtp_mikey_sakke_build_args ba = {
		.style = KSRTP_MIKEY_STYLE_RFC6509,
		.prf = KSRTP_MIKEY_PRF_MIKEY1,
		.init_uri = ua,
		.resp_uri = ub,
		.kms_uri = "kms.example.org",
		.signer = a.signer,
		.sakke_pub = spub,
		.key = GMK,
		.key_id = 0x1234abcd, /* PCK purpose */
		.map_type = KSRTP_MIKEY_MAP_SRTP_ID,
		.ssrcs = ssrcs,
		.n_ssrcs = 2,
		.sp_params = sp,
		.sp_len = sizeof(sp),
		.ntp_ts = T0,
	};
	err = ksrtp_mikey_sakke_build(&ba, &msg, &ml);
	tap_ok(!err, "RFC 6509 I_MESSAGE builds (%s)", ksrtp_strerror(err));
	struct ksrtp_mikey_sakke_parse_args pa = {.rx = b.rx,
						  .my_id = idb,
						  .my_id_len = lb,
						  .verifier = ver,
						  .expect_init = (const uint8_t *)ua,
						  .expect_init_len = strlen(ua),
						  .now = T0 + (10ull << 32),
						  .window_s = 60};
	err = ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
	tap_ok(!err, "RFC 6509 I_MESSAGE parses (%s)", ksrtp_strerror(err));
	tap_eq_hex(res.key, GMK, 16, "SSV recovered");
	tap_ok(res.key_id_known && res.key_id == 0x1234abcd && res.purpose == 1,
	       "key id from the CSB ID (PCK)");
	tap_ok(res.style == KSRTP_MIKEY_STYLE_RFC6509 && !strcmp(res.init_uri, ua) &&
		       !strcmp(res.resp_uri, ub),
	       "identities returned");
	tap_ok(res.init_id_len == la && !memcmp(res.init_id, ida, la),
	       "signature checked against the monthly identity");
	tap_ok(res.map_type == 0 && res.n_cs == 2 && res.ssrc == 0x11223344 &&
		       res.sp_len == sizeof(sp) && !memcmp(res.sp_params, sp, sizeof(sp)),
	       "CS map and SP returned");
	/* the verification message */
	uint8_t *rm = NULL;
	size_t rl;
	err = ksrtp_mikey_sakke_build_resp(&res, T0 + (11ull << 32), &rm, &rl);
	tap_ok(!err, "verification message builds");
	err = ksrtp_mikey_sakke_parse_resp(rm, rl, msg, ml, GMK, 16, T0 + (12ull << 32), 60);
	tap_ok(!err, "verification message verifies (%s)", ksrtp_strerror(err));
	static const uint8_t other[16] = {1};
	err = ksrtp_mikey_sakke_parse_resp(rm, rl, msg, ml, other, 16, T0 + (12ull << 32), 60);
	tap_eq_int(err, -KSRTP_EMIKEY_BAD_MAC, "verification message: wrong SSV refused");
	err = ksrtp_mikey_sakke_parse_resp(rm, rl, msg, ml, GMK, 16, T0 + (4000ull << 32), 60);
	tap_eq_int(err, -KSRTP_EMIKEY_STALE, "verification message: stale refused");
	rm[rl - 1] ^= 1;
	err = ksrtp_mikey_sakke_parse_resp(rm, rl, msg, ml, GMK, 16, T0 + (12ull << 32), 60);
	tap_eq_int(err, -KSRTP_EMIKEY_BAD_MAC, "verification message: tampered MAC refused");
	free(rm);
	ksrtp_mikey_result_clear(&res);
	/* next month: the identities change, the receiver's is not the message's */
	pa.now = T0 + (40ull * 86400 << 32);
	pa.window_s = 0;
	uint8_t idb2[KSRTP_ID_MAX];
	size_t lb2;
	ksrtp_id_rfc6509(idb2, sizeof(idb2), &lb2, 2026, 12, ub);
	pa.my_id = idb2;
	pa.my_id_len = lb2;
	err = ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_WRONG_IDENTITY, "another month's identity: wrong identity");
	/* signed by b, claiming a */
	pa.my_id = idb;
	pa.my_id_len = lb;
	ba.signer = b.signer;
	free(msg);
	err = ksrtp_mikey_sakke_build(&ba, &msg, &ml);
	err = err ? err : ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_BAD_SIGNATURE, "signed by another identity: bad signature");
	/* encrypted to a, received by b (signature fine) */
	ba.signer = a.signer;
	ba.resp_uri = ua;
	free(msg);
	err = ksrtp_mikey_sakke_build(&ba, &msg, &ml);
	err = err ? err : ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_WRONG_IDENTITY, "for another responder: wrong identity");
	free(msg);
	free_ident(&a);
	free_ident(&b);
}

static void sakke_ts33180(void)
{
	struct ident g = {0}, u = {0};
	uint8_t uidg[32], uidu[32];
	const char *kms = "kms.example.org", *ug = "sip:gms@example.org",
		   *uu = "sip:user@example.org";
	uint8_t *msg = NULL;
	size_t ml;
	struct ksrtp_mikey_result res;
	int err;

	ksrtp_id_uid(uidg, ug, kms, 2592000, 0, 1500);
	ksrtp_id_uid(uidu, uu, kms, 2592000, 0, 1500);
	tap_ok(!make_ident(&g, uidg, 32) && !make_ident(&u, uidu, 32),
	       "UID identities provisioned");
	uint32_t gmk_id = 0x0abcdef1, guk;
	ksrtp_mikey_guk_id(GMK, 16, gmk_id, uu, &guk);
	static const uint8_t sp[] = {0, 1, 6, 1, 1, 16, 4, 1, 12, 20, 1, 16};
	static const uint8_t kp[] = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	for (int legacy = 0; legacy < 2; legacy++) {
		struct ksrtp_mikey_sakke_build_args ba = {
			.style = KSRTP_MIKEY_STYLE_TS33180,
			.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
			.init_uri = ug,
			.resp_uri = uu,
			.kms_uri = kms,
			.init_uid = uidg,
			.resp_uid = uidu,
			.signer = g.signer,
			.sakke_pub = spub,
			.key = GMK,
			.key_id = gmk_id,
			.csb_id = guk,
			.map_type = legacy ? KSRTP_MIKEY_MAP_EMPTY : KSRTP_MIKEY_MAP_GENERIC_ID,
			.cs_id = 4,
			.sp_params = sp,
			.sp_len = sizeof(sp),
			.key_params = kp,
			.key_params_len = sizeof(kp),
			.ntp_ts = T0,
		};
		err = ksrtp_mikey_sakke_build(&ba, &msg, &ml);
		tap_ok(!err, "TS 33.180 I_MESSAGE builds (%s map)",
		       legacy ? "empty" : "GENERIC-ID");
		struct ksrtp_mikey_sakke_parse_args pa = {.rx = u.rx,
							  .my_id = uidu,
							  .my_id_len = 32,
							  .verifier = ver,
							  .my_uri = legacy ? uu : NULL,
							  .now = T0,
							  .window_s = 5};
		err = ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
		tap_ok(!err, "TS 33.180 I_MESSAGE parses (%s)", ksrtp_strerror(err));
		tap_ok(!memcmp(res.key, GMK, 16) && res.key_id == gmk_id && res.guk_id == guk &&
			       res.csb_id == guk && res.purpose == 0,
		       "GMK, GMK-ID %08x, GUK-ID %08x", res.key_id, res.guk_id);
		tap_ok(res.key_params_len == sizeof(kp) && res.key_status == 1,
		       "key parameters carried");
		if (!legacy)
			tap_ok(res.cs_id == 4, "GENERIC-ID CS 4");
		ksrtp_mikey_result_clear(&res);
		/* without our URI the legacy GMK-ID cannot be recovered: key id unknown */
		if (legacy) {
			pa.my_uri = NULL;
			err = ksrtp_mikey_sakke_parse(msg, ml, &pa, &res);
			tap_ok(!err && !res.key_id_known, "legacy: key id unknown without our URI");
			ksrtp_mikey_result_clear(&res);
		}
		free(msg);
	}
	free_ident(&g);
	free_ident(&u);
}

/* ---------------------------------------------------------------------------------------- */

struct lookup_ctx {
	uint32_t id;
	int calls;
};

static int lookup(void *ctx, uint32_t key_id, uint8_t *key, size_t *key_len)
{
	struct lookup_ctx *c = ctx;

	c->calls++;
	if (key_id != c->id)
		return -KSRTP_EMIKEY_UNKNOWN_KEY_ID;
	memcpy(key, GMK, 16);
	*key_len = 16;
	return 0;
}

static void psk(void)
{
	struct ksrtp_mikey_keystore *st = NULL;
	struct ksrtp_mikey_replay *rp = NULL;
	struct ksrtp_mikey_key k = {.key_id = 0x0abcdef1, .key_len = 16, .ts = T0};
	uint8_t gsk[32], salt[14];
	uint8_t *msg = NULL;
	size_t ml;
	struct ksrtp_mikey_result res;
	int err;

	for (int i = 0; i < 32; i++)
		gsk[i] = (uint8_t)(0xa0 + i);
	for (int i = 0; i < 14; i++)
		salt[i] = (uint8_t)(0x50 + i);
	memcpy(k.key, GMK, 16);
	tap_ok(!ksrtp_mikey_keystore_new(&st, 8) && !ksrtp_mikey_keystore_add(st, &k),
	       "key store holds the GMK");
	ksrtp_mikey_replay_new(&rp, 4, 60);
	/* every combination of PRF, key type, key and salt length, validity */
	static const struct {
		uint8_t prf, type;
		size_t kl, sl;
		int interval;
	} v[] = {
		{0, KSRTP_MIKEY_KD_TGK_SALT, 16, 14, 0}, {1, KSRTP_MIKEY_KD_TGK_SALT, 16, 12, 0},
		{1, KSRTP_MIKEY_KD_TEK_SALT, 32, 12, 0}, {0, KSRTP_MIKEY_KD_TEK, 16, 0, 1},
		{1, KSRTP_MIKEY_KD_TGK, 32, 0, 1},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint32_t ssrc = 0xdeadbeef;
		struct ksrtp_mikey_psk_build_args ba = {
			.prf = v[i].prf,
			.psk = GMK,
			.psk_len = 16,
			.psk_id = 0x0abcdef1,
			.key = gsk,
			.key_len = v[i].kl,
			.salt = salt,
			.salt_len = v[i].sl,
			.key_type = v[i].type,
			.key_id = 0x5000000 + (uint32_t)i,
			.valid_from = v[i].interval ? 100 : 0,
			.valid_to = v[i].interval ? 200 : 0,
			.csb_id = 0x77777777,
			.map_type = i % 2 ? KSRTP_MIKEY_MAP_SRTP_ID : KSRTP_MIKEY_MAP_GENERIC_ID,
			.cs_id = 1,
			.ssrcs = &ssrc,
			.n_ssrcs = 1,
			.ntp_ts = T0 + ((uint64_t)i << 32),
		};
		err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
		tap_ok(!err, "PSK %zu builds (%s)", i, ksrtp_strerror(err));
		struct ksrtp_mikey_psk_parse_args pa = {
			.store = st, .now = T0, .window_s = 30, .replay = rp};
		err = ksrtp_mikey_psk_parse(msg, ml, &pa, &res);
		tap_ok(!err, "PSK %zu parses (%s)", i, ksrtp_strerror(err));
		int ok = res.key_len == v[i].kl && !memcmp(res.key, gsk, v[i].kl) &&
			 res.salt_len == v[i].sl && !memcmp(res.salt, salt, v[i].sl) &&
			 res.key_type == ((v[i].type & 2) | (v[i].sl ? 1 : 0)) &&
			 res.psk_key_id == 0x0abcdef1 && res.csb_id == 0x77777777;
		ok = ok && (v[i].interval ? res.activation == 100 && res.expiry == 200
					  : res.key_id_known && res.key_id == ba.key_id);
		tap_ok(ok, "PSK %zu: GSK, salt, ids, validity", i);
		ksrtp_mikey_result_clear(&res);
		err = ksrtp_mikey_psk_parse(msg, ml, &pa, &res);
		tap_eq_int(err, -KSRTP_EMIKEY_REPLAY, "PSK %zu: replay refused", i);
		/* tamper: MAC */
		pa.replay = NULL;
		msg[ml - 1] ^= 1;
		err = ksrtp_mikey_psk_parse(msg, ml, &pa, &res);
		tap_eq_int(err, -KSRTP_EMIKEY_BAD_MAC, "PSK %zu: flipped MAC refused", i);
		msg[ml - 1] ^= 1;
		msg[20] ^= 1; /* inside T */
		err = ksrtp_mikey_psk_parse(msg, ml, &pa, &res);
		tap_eq_int(err, -KSRTP_EMIKEY_BAD_MAC, "PSK %zu: flipped T refused", i);
		msg[20] ^= 1;
		free(msg);
	}
	/* callback lookup, unknown key id, wrong GMK */
	struct lookup_ctx lc = {.id = 0x0abcdef1};
	struct ksrtp_mikey_psk_build_args ba = {.prf = 1,
						.psk = GMK,
						.psk_len = 16,
						.psk_id = 0x0abcdef1,
						.key = gsk,
						.key_len = 16,
						.salt = salt,
						.salt_len = 12,
						.key_id = 7,
						.csb_id = 1,
						.map_type = KSRTP_MIKEY_MAP_EMPTY,
						.ntp_ts = T0};
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	struct ksrtp_mikey_psk_parse_args pc = {.lookup = lookup, .lookup_ctx = &lc};
	err = err ? err : ksrtp_mikey_psk_parse(msg, ml, &pc, &res);
	tap_ok(!err && lc.calls == 1 && !memcmp(res.key, gsk, 16), "PSK via lookup callback");
	lc.id = 1;
	err = ksrtp_mikey_psk_parse(msg, ml, &pc, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_UNKNOWN_KEY_ID, "PSK: unknown key id");
	free(msg);
	ba.psk = gsk; /* a different GMK with the same id */
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	struct ksrtp_mikey_psk_parse_args ps = {.store = st};
	err = err ? err : ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_BAD_MAC, "PSK: wrong GMK gives a bad MAC");
	free(msg);
	ba.psk = GMK;
	/* stale */
	ba.ntp_ts = T0 - (3600ull << 32);
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	ps.now = T0;
	ps.window_s = 300;
	err = err ? err : ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_STALE, "PSK: an hour old is stale");
	free(msg);
	ba.ntp_ts = T0;

	/* signed MIKEY-PSK */
	struct ident a = {0};
	uint8_t ida[KSRTP_ID_MAX];
	size_t la;
	ksrtp_id_rfc6509(ida, sizeof(ida), &la, 2026, 11, "sip:caller@example.org");
	tap_ok(!make_ident(&a, ida, la), "caller identity");
	ba.signer = a.signer;
	ba.init_uri = "sip:caller@example.org";
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	ps.require_sign = 1;
	err = err ? err : ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_NO_SIGNER_KEY, "signed PSK without a verifier refused");
	ps.verifier = ver;
	err = ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_ok(!err && res.signed_ok && !strcmp(res.init_uri, "sip:caller@example.org"),
	       "signed PSK verifies (%s)", ksrtp_strerror(err));
	msg[ml - 10] ^= 1;
	err = ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_BAD_SIGNATURE, "signed PSK: flipped signature refused");
	free(msg);
	ba.signer = NULL;
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	err = err ? err : ksrtp_mikey_psk_parse(msg, ml, &ps, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_MISSING_SIGN,
		   "unsigned PSK refused when a signature is required");
	free(msg);
	free_ident(&a);

	/* the store: newest wins */
	struct ksrtp_mikey_key k2 = k, got;
	k2.ts = T0 - 1;
	k2.key[0] ^= 0xff;
	tap_eq_int(ksrtp_mikey_keystore_add(st, &k2), -KSRTP_EMIKEY_OLDER,
		   "rekey with an older timestamp refused");
	k2.ts = T0 + 1;
	tap_ok(!ksrtp_mikey_keystore_add(st, &k2) &&
		       !ksrtp_mikey_keystore_get(st, k.key_id, &got) &&
		       got.key[0] == 0xef, /* GMK[0] ^ 0xff */
	       "rekey with a newer timestamp replaces");
	tap_ok(!ksrtp_mikey_keystore_remove(st, k.key_id) &&
		       ksrtp_mikey_keystore_get(st, k.key_id, &got) == -KSRTP_EMIKEY_UNKNOWN_KEY_ID,
	       "removed key is unknown");
	for (uint32_t i = 0; i < 8; i++) {
		k2.key_id = 100 + i;
		ksrtp_mikey_keystore_add(st, &k2);
	}
	k2.key_id = 999;
	tap_eq_int(ksrtp_mikey_keystore_add(st, &k2), -KSRTP_EMIKEY_STORE_FULL, "store is bounded");
	/* the replay cache is bounded: the oldest entry is evicted */
	struct ksrtp_mikey_replay *r2 = NULL;
	ksrtp_mikey_replay_new(&r2, 2, 60);
	uint8_t m1[] = "one", m2[] = "two", m3[] = "three";
	ksrtp_mikey_replay_check(r2, m1, 3, T0, T0);
	ksrtp_mikey_replay_check(r2, m2, 3, T0, T0);
	ksrtp_mikey_replay_check(r2, m3, 5, T0, T0);
	tap_ok(ksrtp_mikey_replay_check(r2, m3, 5, T0, T0) == -KSRTP_EMIKEY_REPLAY &&
		       ksrtp_mikey_replay_check(r2, m1, 3, T0, T0) == 0,
	       "replay cache keeps the newest entries");
	tap_eq_int(ksrtp_mikey_replay_check(r2, m2, 3, T0, T0 + (120ull << 32)), 0,
		   "entries leave the cache with the window");
	ksrtp_mikey_replay_free(r2);
	ksrtp_mikey_replay_free(rp);
	ksrtp_mikey_keystore_free(st);
}

/* MIKEY-PSK KEMAC against selftests/unit/mikey_prf_ref.py: keys from the RFC 3830 PRF written
 * in Python, IV per RFC 3830 4.2.3, key data per 6.13, AES-CTR by the openssl command line. */
static void psk_kat(void)
{
	static const char encr_hex[] = "F242DB824FB10FB6B8544BCC36A47C7FCD7E8C34DC35A72DCACD42859C"
				       "16C092D0C887C71505F24ECC";
	static const char auth_hex[] = "08737DAD742E5C93A1F5A83068DD4B29BCB7198E";
	uint8_t gsk[16], salt[14], rand[16], *msg = NULL, mac[20];
	size_t ml, el, al;
	unsigned int ol;
	struct ksrtp_mikey_msg *m = NULL;

	for (int i = 0; i < 16; i++)
		gsk[i] = rand[i] = (uint8_t)(0xa0 + i);
	for (int i = 0; i < 14; i++)
		salt[i] = (uint8_t)(0x50 + i);
	struct ksrtp_mikey_psk_build_args ba = {.prf = KSRTP_MIKEY_PRF_MIKEY1,
						.psk = GMK,
						.psk_len = 16,
						.psk_id = 0x0abcdef1,
						.key = gsk,
						.key_len = 16,
						.salt = salt,
						.salt_len = 14,
						.key_type = KSRTP_MIKEY_KD_TGK_SALT,
						.key_id = 0x05000000,
						.csb_id = 0x77777777,
						.map_type = KSRTP_MIKEY_MAP_EMPTY,
						.ntp_ts = T0,
						.rand = rand,
						.rand_len = 16};
	uint8_t *want = tap_hex(encr_hex, &el), *ak = tap_hex(auth_hex, &al);
	int err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	err = err ? err : ksrtp_mikey_decode(msg, ml, &m);
	const struct ksrtp_mikey_payload *k =
		err ? NULL : ksrtp_mikey_find(m, KSRTP_MIKEY_PT_KEMAC, NULL);
	tap_ok(k && k->u.kemac.encr_data.len == el && !memcmp(k->u.kemac.encr_data.p, want, el),
	       "PSK KEMAC encrypted key data = independent reference (RFC 3830 4.1.4, 4.2.3, "
	       "6.13)");
	if (k) {
		HMAC(EVP_sha1(), ak, (int)al, m->raw, (size_t)(k->u.kemac.mac.p - m->raw), mac,
		     &ol);
		tap_ok(k->u.kemac.mac_alg == KSRTP_MIKEY_MAC_HMAC_SHA1_160 &&
			       k->u.kemac.mac.len == 20 && !memcmp(k->u.kemac.mac.p, mac, 20),
		       "PSK KEMAC MAC = HMAC-SHA-1 under the reference auth_key over the message");
	}
	ksrtp_mikey_msg_free(m);
	free(msg);
	free(want);
	free(ak);
}

static void sp_suites(void)
{
	const struct ksrtp_srtp_suite *all = ksrtp_srtp_suites();
	uint8_t sp[64];
	size_t n;

	for (size_t i = 0; all[i].name; i++) {
		int err = ksrtp_mikey_sp_for_suite(&all[i], sp, sizeof(sp), &n);
		const struct ksrtp_srtp_suite *back = err ? NULL : ksrtp_mikey_sp_suite(sp, n);
		tap_ok(back == &all[i], "SP for %s maps back to it", all[i].name);
	}
	tap_ok(ksrtp_mikey_sp_suite(NULL, 0) == ksrtp_srtp_suite_by_name("AES_CM_128_HMAC_SHA1_80"),
	       "empty SP: the RFC 3830 defaults (AES_CM_128_HMAC_SHA1_80)");
	static const uint8_t f8[] = {0, 1, 2};
	tap_ok(ksrtp_mikey_sp_suite(f8, sizeof(f8)) == NULL, "AES-F8 has no suite here");
	uint32_t v;
	tap_eq_int(ksrtp_mikey_sp_get(f8, sizeof(f8), 7, &v), -KSRTP_ENOTSUP, "absent parameter");
}

/* The store and the replay cache shared by threads (the daemon's use). */
struct thr {
	struct ksrtp_mikey_keystore *st;
	struct ksrtp_mikey_replay *rp;
	int id, replays, errors;
	uint32_t iters;
};

static void *worker(void *arg)
{
	struct thr *t = arg;

	for (uint32_t i = 0; i < t->iters; i++) {
		struct ksrtp_mikey_key k = {.key_id = i % 50, .key_len = 16, .ts = i}, g;
		uint8_t msg[8] = {(uint8_t)i, (uint8_t)(i >> 8), (uint8_t)t->id};
		int err = ksrtp_mikey_keystore_add(t->st, &k);
		if (err && err != -KSRTP_EMIKEY_OLDER)
			t->errors++;
		if (ksrtp_mikey_keystore_get(t->st, k.key_id, &g) || g.key_id != k.key_id)
			t->errors++;
		/* every message is sent twice: exactly one copy may be accepted */
		if (ksrtp_mikey_replay_check(t->rp, msg, 3, T0, T0) == -KSRTP_EMIKEY_REPLAY)
			t->replays++;
		if (ksrtp_mikey_replay_check(t->rp, msg, 3, T0, T0) == -KSRTP_EMIKEY_REPLAY)
			t->replays++;
	}
	return NULL;
}

static void threads(void)
{
	struct ksrtp_mikey_keystore *st = NULL;
	struct ksrtp_mikey_replay *rp = NULL;
	struct thr t[4];
	pthread_t th[4];
	int errors = 0, replays = 0;

	ksrtp_mikey_keystore_new(&st, 64);
	/* fewer rounds under valgrind (selftests/run-unit.sh), all of them natively */
	uint32_t iters = getenv("KSRTP_UNDER_VALGRIND") ? 300 : 2000;
	ksrtp_mikey_replay_new(&rp, 4 * iters, 60);
	for (int i = 0; i < 4; i++) {
		t[i] = (struct thr){.st = st, .rp = rp, .id = i, .iters = iters};
		pthread_create(&th[i], NULL, worker, &t[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		errors += t[i].errors;
		replays += t[i].replays;
	}
	tap_eq_int(errors, 0, "store: concurrent add/get consistent");
	tap_eq_int(replays, (long long)(4 * iters),
		   "replay cache: one copy of each of %u messages refused", 4 * iters);
	struct ksrtp_mikey_key g;
	tap_ok(!ksrtp_mikey_keystore_get(st, 49, &g) && g.ts == iters - 1,
	       "store: the newest timestamp won");
	ksrtp_mikey_replay_free(rp);
	ksrtp_mikey_keystore_free(st);
}

int main(void)
{
	int err = ksrtp_sakke_kms_keygen(z, zpub);
	err = err ? err : ksrtp_sakke_pub_new(&spub, zpub);
	err = err ? err : ksrtp_eccsi_kms_keygen(ksak, kpak);
	err = err ? err : ksrtp_eccsi_verifier_new(&ver, kpak);
	if (err) {
		printf("Bail out! KMS set-up: %s\n", ksrtp_strerror(err));
		return 1;
	}
	sakke_rfc6509();
	sakke_ts33180();
	psk();
	psk_kat();
	sp_suites();
	threads();
	ksrtp_sakke_pub_free(spub);
	ksrtp_eccsi_verifier_free(ver);
	return tap_done();
}
