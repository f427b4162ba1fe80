// SPDX-License-Identifier: GPL-2.0
/*
 * test_mikey_codec.c - the RFC 3830 codec: encoder/decoder round trips of every payload, and
 * every malformed-input class refused with its own error: truncation at every offset, lengths
 * overflowing, wrong next-payload chains, unknown values, too many payloads, and the
 * message-level checks of MIKEY-SAKKE (missing or duplicate payloads, wrong kind, SED length,
 * signature type, RAND length, identities).
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static struct tap_vec *V;

static int dec(const uint8_t *p, size_t n)
{
	struct ksrtp_mikey_msg *m = NULL;
	int err = ksrtp_mikey_decode(p, n, &m);

	ksrtp_mikey_msg_free(m);
	return err;
}

static void truncations(const char *name, const uint8_t *msg, size_t len)
{
	int ok = 1;

	for (size_t i = 0; i < len; i++) {
		int err = dec(msg, i);
		int want = i == 0 ? -KSRTP_EMIKEY_EMPTY : -KSRTP_EMIKEY_TRUNCATED;
		if (err != want) {
			tap_diag("%s truncated to %zu: %s", name, i, ksrtp_strerror(err));
			ok = 0;
		}
	}
	tap_ok(ok, "%s: every truncation (0..%zu) refused as truncated", name, len - 1);
	tap_eq_int(dec(msg, len), 0, "%s: whole message decodes", name);
}

/* Patch one octet of a copy and decode. */
static int dec_patch(const uint8_t *msg, size_t len, size_t off, uint8_t v)
{
	uint8_t *c = malloc(len);
	int err;

	memcpy(c, msg, len);
	c[off] = v;
	err = dec(c, len);
	free(c);
	return err;
}

static void malformed_vectors(void)
{
	size_t l;
	const uint8_t *t1 = tap_vec_get(V, "T1_IMESSAGE", &l);
	/* T1 layout: HDR 0..24, T at 25 (next 25, type 26), RAND at 35 (len 36), IDR at 53
	 * (len 56..57), SP at 185 (param len 188..189), SAKKE at 217, GENEXT at 495, SIGN 570 */
	tap_eq_int(dec_patch(t1, l, 0, 2), -KSRTP_EMIKEY_BAD_VERSION, "version 2 refused");
	tap_eq_int(dec_patch(t1, l, 2, 99), -KSRTP_EMIKEY_UNKNOWN_PAYLOAD,
		   "HDR next payload 99 refused");
	tap_eq_int(dec_patch(t1, l, 2, KSRTP_MIKEY_PT_CHASH), -KSRTP_EMIKEY_UNKNOWN_PAYLOAD,
		   "CHASH (no length field) refused");
	tap_eq_int(dec_patch(t1, l, 2, KSRTP_MIKEY_PT_DH), -KSRTP_EMIKEY_UNKNOWN_PAYLOAD,
		   "DH (length depends on the group) refused");
	tap_eq_int(dec_patch(t1, l, 3, 0x05), -KSRTP_EMIKEY_BAD_PRF, "PRF 5 refused");
	tap_eq_int(dec_patch(t1, l, 9, 9), -KSRTP_EMIKEY_BAD_CS_MAP, "CS ID map type 9 refused");
	tap_eq_int(dec_patch(t1, l, 8, 200), -KSRTP_EMIKEY_TRUNCATED,
		   "#CS larger than the map refused");
	tap_eq_int(dec_patch(t1, l, 14, 0xff), -KSRTP_EMIKEY_TRUNCATED,
		   "GENERIC-ID session data length overflowing refused");
	tap_eq_int(dec_patch(t1, l, 25, 0), -KSRTP_EMIKEY_TRAILING,
		   "next payload 0 before the end: trailing bytes refused");
	tap_eq_int(dec_patch(t1, l, 26, 7), -KSRTP_EMIKEY_BAD_TS_TYPE, "timestamp type 7 refused");
	tap_eq_int(dec_patch(t1, l, 36, 0), -KSRTP_EMIKEY_BAD_LENGTH, "RAND length 0 refused");
	tap_ok(dec_patch(t1, l, 36, 0xff) < 0, "RAND length 255 (swallowing payloads) refused");
	tap_eq_int(dec_patch(t1, l, 56, 0xff), -KSRTP_EMIKEY_TRUNCATED,
		   "IDR length overflowing refused");
	uint8_t *c = malloc(l);
	memcpy(c, t1, l);
	c[56] = 0;
	c[57] = 0;
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_BAD_IDR, "IDR length 0 refused");
	memcpy(c, t1, l);
	c[189] = 0x1a; /* SP params 26 octets: the last parameter is cut */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_BAD_SP, "SP parameter list inconsistent refused");
	memcpy(c, t1, l);
	c[191] = 0; /* first SP parameter length 0 */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_BAD_SP, "SP parameter of length 0 refused");
	memcpy(c, t1, l);
	c[220] = 0x02; /* SED length 0x0211 */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_TRUNCATED, "SAKKE data length overflowing refused");
	memcpy(c, t1, l);
	c[497] = 0x10; /* GENEXT length 0x1047 */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_TRUNCATED, "GENEXT length overflowing refused");
	memcpy(c, t1, l);
	c[571] = 0xff; /* SIGN length 0x0ff */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_TRUNCATED, "SIGN length overflowing refused");
	memcpy(c, t1, l);
	c[571] = 0x70; /* SIGN length 112: bytes after the signature */
	tap_eq_int(dec(c, l), -KSRTP_EMIKEY_SIGN_NOT_LAST, "bytes after SIGN refused");
	free(c);
	c = malloc(l + 3);
	memcpy(c, t1, l);
	memset(c + l, 0, 3);
	tap_eq_int(dec(c, l + 3), -KSRTP_EMIKEY_SIGN_NOT_LAST, "trailing bytes after SIGN refused");
	free(c);
	uint8_t *big = calloc(1, KSRTP_MIKEY_MAX_MSG + 1);
	memcpy(big, t1, l);
	tap_eq_int(dec(big, KSRTP_MIKEY_MAX_MSG + 1), -KSRTP_EMIKEY_BAD_LENGTH,
		   "message larger than the limit refused");
	free(big);
	for (int n = 1; n <= 4; n++) {
		char name[32];
		snprintf(name, sizeof(name), "T%d_IMESSAGE", n);
		const uint8_t *m = tap_vec_get(V, name, &l);
		truncations(name, m, l);
	}
}

/* ---------------------------------------------------------------------------------------- */

static void round_trip(void)
{
	struct ksrtp_mikey_enc *e = NULL;
	struct ksrtp_mikey_msg *m = NULL;
	struct ksrtp_mikey_cs cs[2] = {0};
	struct ksrtp_mikey_hdr h = {.data_type = 1, .v_flag = 1, .prf = 1, .csb_id = 0xa1b2c3d4};
	static const uint8_t rand[20] = {1, 2, 3}, sp[] = {0, 1, 1, 11, 1, 10}, pol[2] = {3, 4},
			     sd[3] = {9, 8, 7}, spi[5] = {5, 5, 5, 5, 5};
	uint8_t kd_buf[64];
	size_t kd_len = 0, mac_off, n;
	int err;

	cs[0].cs_id = 9;
	cs[0].prot_type = 0;
	cs[0].s_flag = 1;
	cs[0].policies.p = pol;
	cs[0].policies.len = 2;
	cs[0].session_data.p = sd;
	cs[0].session_data.len = 3;
	cs[0].spi.p = spi;
	cs[0].spi.len = 5;
	h.n_cs = 1;
	h.map_type = KSRTP_MIKEY_MAP_GENERIC_ID;
	h.cs = cs;
	struct ksrtp_mikey_keydata kd = {.type = KSRTP_MIKEY_KD_TEK_SALT,
					 .kv = KSRTP_MIKEY_KV_INTERVAL};
	kd.key.p = rand;
	kd.key.len = 16;
	kd.salt.p = rand;
	kd.salt.len = 14;
	kd.vf.p = rand;
	kd.vf.len = 3;
	kd.vt.p = rand;
	kd.vt.len = 4;
	err = ksrtp_mikey_keydata_encode(&kd, 1, kd_buf, sizeof(kd_buf), &kd_len);
	tap_ok(!err, "key data encodes");
	err = ksrtp_mikey_enc_new(&e);
	err = err ? err : ksrtp_mikey_enc_hdr(e, &h);
	err = err ? err : ksrtp_mikey_enc_t(e, KSRTP_MIKEY_TS_COUNTER, 0x12345678);
	err = err ? err : ksrtp_mikey_enc_t(e, KSRTP_MIKEY_TS_NTP, 0x1122334455667788ull);
	err = err ? err : ksrtp_mikey_enc_rand(e, rand, sizeof(rand));
	err = err ? err : ksrtp_mikey_enc_id(e, 0, (const uint8_t *)"a@b", 3);
	err = err ? err : ksrtp_mikey_enc_idr(e, 5, 2, (const uint8_t *)"app", 3);
	err = err ? err : ksrtp_mikey_enc_sp(e, 1, 0, sp, sizeof(sp));
	err = err ? err : ksrtp_mikey_enc_genext(e, 0, (const uint8_t *)"vendor", 6);
	err = err ? err : ksrtp_mikey_enc_err(e, 3);
	err = err ? err : ksrtp_mikey_enc_v(e, KSRTP_MIKEY_MAC_HMAC_SHA1_160, NULL);
	err = err ? err : ksrtp_mikey_enc_sakke(e, 1, 1, rand, 7);
	err = err ? err
		  : ksrtp_mikey_enc_kemac(e, KSRTP_MIKEY_ENCR_NULL, kd_buf, kd_len,
					  KSRTP_MIKEY_MAC_HMAC_SHA256_256, &mac_off);
	err = err ? err : ksrtp_mikey_enc_sign_hdr(e, 2, 5);
	err = err ? err : ksrtp_mikey_enc_sign_value(e, rand, 5);
	tap_ok(!err, "every payload encodes");
	tap_eq_int(ksrtp_mikey_enc_rand(e, rand, 16), -KSRTP_EINVAL, "nothing after SIGN");
	const uint8_t *d = ksrtp_mikey_enc_data(e, &n);
	err = ksrtp_mikey_decode(d, n, &m);
	tap_ok(!err, "and decodes (%s)", ksrtp_strerror(err));
	if (err) {
		ksrtp_mikey_enc_free(e);
		return;
	}
	tap_ok(m->hdr.data_type == 1 && m->hdr.v_flag == 1 && m->hdr.prf == 1 &&
		       m->hdr.csb_id == 0xa1b2c3d4 && m->hdr.n_cs == 1 && m->hdr.cs[0].cs_id == 9 &&
		       m->hdr.cs[0].s_flag == 1 && m->hdr.cs[0].policies.len == 2 &&
		       m->hdr.cs[0].session_data.len == 3 && m->hdr.cs[0].spi.len == 5 &&
		       !memcmp(m->hdr.cs[0].session_data.p, sd, 3),
	       "HDR and GENERIC-ID map round trip");
	tap_eq_int(m->n_payloads, 12, "12 payloads");
	const struct ksrtp_mikey_payload *p = m->payloads;
	tap_ok(p[0].type == KSRTP_MIKEY_PT_T && p[0].u.t.ts_type == 2 &&
		       p[0].u.t.value == 0x12345678 && p[1].u.t.value == 0x1122334455667788ull,
	       "T counter and NTP");
	tap_ok(p[2].u.rand.len == 20 && !memcmp(p[2].u.rand.p, rand, 20), "RAND");
	tap_ok(p[3].type == KSRTP_MIKEY_PT_ID && p[3].u.id.id.len == 3 && p[4].u.id.role == 5 &&
		       p[4].u.id.id_type == 2,
	       "ID and IDR");
	size_t off = 0;
	uint8_t t;
	struct ksrtp_mikey_buf v;
	int np = 0;
	while (ksrtp_mikey_sp_next(&p[5].u.sp.params, &off, &t, &v))
		np++;
	tap_ok(p[5].u.sp.policy_no == 1 && np == 2, "SP with 2 parameters");
	tap_ok(p[6].u.genext.ext_type == 0 && p[6].u.genext.data.len == 6, "GENEXT");
	tap_ok(p[7].u.err.err_no == 3, "ERR");
	tap_ok(p[8].u.v.mac_alg == 1 && p[8].u.v.mac.len == 20, "V");
	tap_ok(p[9].u.sakke.params == 1 && p[9].u.sakke.sed.len == 7, "SAKKE");
	tap_ok(p[10].u.kemac.encr_alg == 0 && p[10].u.kemac.mac.len == 32 &&
		       (size_t)(p[10].u.kemac.mac.p - m->raw) == mac_off,
	       "KEMAC and its MAC offset");
	struct ksrtp_mikey_keydata kd2[2];
	size_t nk;
	err = ksrtp_mikey_keydata_decode(p[10].u.kemac.encr_data.p, p[10].u.kemac.encr_data.len,
					 kd2, 2, &nk);
	tap_ok(!err && nk == 1 && kd2[0].type == 3 && kd2[0].kv == 2 && kd2[0].key.len == 16 &&
		       kd2[0].salt.len == 14 && kd2[0].vf.len == 3 && kd2[0].vt.len == 4,
	       "key data round trip");
	tap_ok(p[11].type == KSRTP_MIKEY_PT_SIGN && p[11].u.sign.sig_type == 2 &&
		       p[11].u.sign.sig.len == 5 && p[11].u.sign.signed_len == n - 5,
	       "SIGN covers all but the signature");
	ksrtp_mikey_msg_free(m);
	/* keydata malformed */
	uint8_t bad[sizeof(kd_buf)];
	memcpy(bad, kd_buf, kd_len);
	bad[1] = 0x53; /* type 5 */
	tap_eq_int(ksrtp_mikey_keydata_decode(bad, kd_len, kd2, 2, &nk), -KSRTP_EMIKEY_BAD_KEYDATA,
		   "key data type 5 refused");
	int kd_ok = 1;
	for (size_t i = 0; i < kd_len; i++) {
		if (ksrtp_mikey_keydata_decode(kd_buf, i, kd2, 2, &nk) !=
		    -KSRTP_EMIKEY_BAD_KEYDATA) {
			tap_diag("key data truncated to %zu accepted", i);
			kd_ok = 0;
		}
	}
	tap_ok(kd_ok, "every key data truncation refused");
	memcpy(bad, kd_buf, kd_len);
	bad[0] = KSRTP_MIKEY_PT_KEYDATA; /* claims a second sub-payload */
	tap_eq_int(ksrtp_mikey_keydata_decode(bad, kd_len, kd2, 2, &nk), -KSRTP_EMIKEY_BAD_KEYDATA,
		   "key data chain past the end refused");
	ksrtp_mikey_enc_free(e);

	/* too many payloads */
	ksrtp_mikey_enc_new(&e);
	struct ksrtp_mikey_hdr h0 = {.data_type = 0, .map_type = KSRTP_MIKEY_MAP_EMPTY};
	ksrtp_mikey_enc_hdr(e, &h0);
	for (int i = 0; i < KSRTP_MIKEY_MAX_PAYLOADS + 1; i++)
		ksrtp_mikey_enc_rand(e, rand, 16);
	d = ksrtp_mikey_enc_data(e, &n);
	tap_eq_int(dec(d, n), -KSRTP_EMIKEY_TOO_MANY, "more than %d payloads refused",
		   KSRTP_MIKEY_MAX_PAYLOADS);
	ksrtp_mikey_enc_free(e);
	/* SRTP-ID map */
	ksrtp_mikey_enc_new(&e);
	struct ksrtp_mikey_cs c2[2] = {{.policy_no = 1, .ssrc = 0x01020304, .roc = 5},
				       {.policy_no = 2, .ssrc = 0x0a0b0c0d, .roc = 6}};
	struct ksrtp_mikey_hdr h2 = {.map_type = 0, .n_cs = 2, .cs = c2};
	ksrtp_mikey_enc_hdr(e, &h2);
	ksrtp_mikey_enc_t(e, 0, 1);
	d = ksrtp_mikey_enc_data(e, &n);
	err = ksrtp_mikey_decode(d, n, &m);
	tap_ok(!err && m->hdr.n_cs == 2 && m->hdr.cs[1].ssrc == 0x0a0b0c0d &&
		       m->hdr.cs[1].roc == 6 && m->hdr.cs[1].policy_no == 2,
	       "SRTP-ID map round trip");
	ksrtp_mikey_msg_free(m);
	ksrtp_mikey_enc_free(e);
}

/* ---------------------------------------------------------------------------------------- */
/* MIKEY-SAKKE message-level checks: messages built here, refused before any cryptography
 * would accept them. */

struct mopt {
	uint8_t dt, sign_type, sakke_params;
	int no_t, two_t, no_rand, short_rand, no_sakke, no_sign, sed_len, no_idr, dup_idr, counter,
		two_sakke, two_keyparams;
};

static int sakke_msg(const struct mopt *o, const struct ksrtp_mikey_sakke_parse_args *a)
{
	struct ksrtp_mikey_enc *e = NULL;
	struct ksrtp_mikey_hdr h = {.data_type = o->dt, .prf = 1, .map_type = 1};
	struct ksrtp_mikey_result res;
	size_t l, n;
	const uint8_t *sed = tap_vec_get(V, "T1_SED", &l);
	const uint8_t *ui = tap_vec_get(V, "GMS_UID", &l), *ur = tap_vec_get(V, "ALICE_UID", &l);
	static const uint8_t rand[16] = {1};
	uint8_t sig[129] = {0};
	int err;

	ksrtp_mikey_enc_new(&e);
	ksrtp_mikey_enc_hdr(e, &h);
	if (!o->no_t)
		ksrtp_mikey_enc_t(e, o->counter ? 2 : 0, 0xEC898DA800000000ull);
	if (o->two_t)
		ksrtp_mikey_enc_t(e, 0, 0xEC898DA800000000ull);
	if (!o->no_rand)
		ksrtp_mikey_enc_rand(e, rand, o->short_rand ? 8 : 16);
	if (!o->no_idr)
		ksrtp_mikey_enc_idr(e, 8, 1, ui, 32);
	if (o->dup_idr)
		ksrtp_mikey_enc_idr(e, 8, 1, ui, 32);
	ksrtp_mikey_enc_idr(e, 9, 1, ur, 32);
	if (!o->no_sakke)
		ksrtp_mikey_enc_sakke(e, o->sakke_params, 2, sed,
				      o->sed_len ? (size_t)o->sed_len : 273);
	if (o->two_sakke)
		ksrtp_mikey_enc_sakke(e, 1, 2, sed, 273);
	if (o->two_keyparams) {
		ksrtp_mikey_enc_genext(e, 7, rand, 16);
		ksrtp_mikey_enc_genext(e, 7, rand, 16);
	}
	if (!o->no_sign) {
		ksrtp_mikey_enc_sign_hdr(e, o->sign_type, 129);
		ksrtp_mikey_enc_sign_value(e, sig, 129);
	}
	const uint8_t *d = ksrtp_mikey_enc_data(e, &n);
	err = ksrtp_mikey_sakke_parse(d, n, a, &res);
	ksrtp_mikey_enc_free(e);
	return err;
}

static void sakke_semantics(void)
{
	struct ksrtp_sakke_receiver *rx = NULL;
	struct ksrtp_eccsi_verifier *ver = NULL;
	size_t l;
	const uint8_t *ur = tap_vec_get(V, "ALICE_UID", &l);
	int err;

	struct ksrtp_sakke_pub *pub = NULL;

	err = ksrtp_sakke_pub_new(&pub, tap_vec_get(V, "KMS_Z", &l));
	err = err ? err
		  : ksrtp_sakke_receiver_new(&rx, pub, ur, 32, tap_vec_get(V, "ALICE_RSK", &l));
	ksrtp_sakke_pub_free(pub);
	err = err ? err : ksrtp_eccsi_verifier_new(&ver, tap_vec_get(V, "KMS_KPAK", &l));
	tap_ok(!err, "receiver and verifier");
	struct ksrtp_mikey_sakke_parse_args a = {
		.rx = rx, .my_id = ur, .my_id_len = 32, .verifier = ver};
	const struct mopt base = {.dt = 26, .sign_type = 2, .sakke_params = 1};
	struct mopt o;
#define CASE(field, val, want, what)                       \
	do {                                               \
		o = base;                                  \
		o.field = val;                             \
		tap_eq_int(sakke_msg(&o, &a), want, what); \
	} while (0)
	o = base;
	tap_eq_int(sakke_msg(&o, &a), -KSRTP_EMIKEY_BAD_SIGNATURE,
		   "well-formed message with a zero signature: bad signature");
	CASE(dt, 0, -KSRTP_EMIKEY_WRONG_KIND, "PSK data type is not an I_MESSAGE");
	CASE(no_t, 1, -KSRTP_EMIKEY_MISSING_T, "missing T");
	CASE(two_t, 1, -KSRTP_EMIKEY_DUPLICATE, "duplicate T");
	CASE(counter, 1, -KSRTP_EMIKEY_BAD_TS_TYPE, "counter timestamp refused");
	CASE(no_rand, 1, -KSRTP_EMIKEY_MISSING_RAND, "missing RAND");
	CASE(short_rand, 1, -KSRTP_EMIKEY_BAD_RAND, "RAND of 8 octets");
	CASE(no_sakke, 1, -KSRTP_EMIKEY_MISSING_SAKKE, "missing SAKKE");
	CASE(two_sakke, 1, -KSRTP_EMIKEY_DUPLICATE, "duplicate SAKKE");
	CASE(two_keyparams, 1, -KSRTP_EMIKEY_DUPLICATE, "duplicate key parameters");
	CASE(no_sign, 1, -KSRTP_EMIKEY_MISSING_SIGN, "missing SIGN");
	CASE(sign_type, 1, -KSRTP_EMIKEY_BAD_SIGN_TYPE, "RSA signature type refused");
	CASE(sakke_params, 2, -KSRTP_EMIKEY_BAD_SAKKE_PARAMS, "SAKKE parameter set 2 refused");
	CASE(sed_len, 272, -KSRTP_EMIKEY_BAD_SED_LEN, "272-octet SED refused");
	CASE(no_idr, 1, -KSRTP_EMIKEY_MISSING_ID, "no initiator identity");
	CASE(dup_idr, 1, -KSRTP_EMIKEY_DUPLICATE, "two initiator UIDs");
#undef CASE
	ksrtp_sakke_receiver_free(rx);
	ksrtp_eccsi_verifier_free(ver);
}

int main(void)
{
	V = tap_vec_load("ts33180-mikey-sakke-imessages.txt");
	malformed_vectors();
	round_trip();
	sakke_semantics();
	tap_ok(strstr(ksrtp_strerror(-KSRTP_EMIKEY_STALE), "window") != NULL,
	       "error messages come from the MIKEY table");
	tap_vec_free(V);
	return tap_done();
}
