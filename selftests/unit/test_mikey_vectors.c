// SPDX-License-Identifier: GPL-2.0
/*
 * test_mikey_vectors.c - the four third-party TS 33.180-style MIKEY-SAKKE I_MESSAGEs of
 * ts33180-mikey-sakke-imessages.txt (Streamwide test vectors v5): each decodes payload by
 * payload as the file splits it, its ECCSI signature verifies against the initiator's UID and
 * the KMS KPAK, SAKKE decapsulation with the responder's RSK yields the stated key, the key id,
 * GUK-ID and key parameters come out as stated; the SDP forms (RFC 4567) decode to the same
 * bytes; and every tampering, wrong identity, stale or replayed copy is refused.
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>
#include <ksrtp/sdp.h>
#include <ksrtp/srtpkey.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define VFILE "ts33180-mikey-sakke-imessages.txt"

static struct tap_vec *V;

static const uint8_t *get(const char *name, size_t *len)
{
	size_t l;
	const uint8_t *b = tap_vec_get(V, name, &l);

	if (len)
		*len = l;
	return b;
}

static uint32_t get32(const char *name)
{
	size_t l;
	const uint8_t *b = get(name, &l);

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

struct user {
	const char *tag; /* GMS, ALICE, IWF, BOB */
	const char *uri;
};

static const struct user users[] = {
	{"GMS", "gms@streamwide.com"},
	{"ALICE", "sip:alice@streamwide.com"},
	{"IWF", "sip:iwf_legacy_v1.1.x_format@streamwide.com"},
	{"BOB", "sip:bob@streamwide.com"},
};

struct tcase {
	int n;
	const char *key, *key_id, *init, *resp;
	uint32_t purpose;
};

static const struct tcase cases[] = {
	{1, "T1_GMK", "T1_GMK_ID", "GMS", "ALICE", KSRTP_MIKEY_PURPOSE_GMK},
	{2, "T2_CSK", "T2_CSK_ID", "ALICE", "GMS", KSRTP_MIKEY_PURPOSE_CSK},
	{3, "T3_PCK", "T3_PCK_ID", "ALICE", "BOB", KSRTP_MIKEY_PURPOSE_PCK},
	{4, "T4_GMK", "T4_GMK_ID", "GMS", "IWF", KSRTP_MIKEY_PURPOSE_GMK},
};

static const char *uri_of(const char *tag)
{
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		if (!strcmp(users[i].tag, tag))
			return users[i].uri;
	return NULL;
}

static const uint8_t *vec(const char *tag, const char *what, size_t *len)
{
	char name[64];

	snprintf(name, sizeof(name), "%s_%s", tag, what);
	return get(name, len);
}

static void check_uids(void)
{
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		uint8_t uid[32];
		int err = ksrtp_id_uid(uid, users[i].uri, "kms.mydev.streamwide.com", 16777215, 0,
				       236);
		tap_ok(!err, "UID of %s computes", users[i].tag);
		tap_eq_hex(uid, vec(users[i].tag, "UID", NULL), 32, "UID of %s matches the vectors",
			   users[i].tag);
	}
}

/* Each payload of the message equals the file's payload-by-payload split. */
static void check_split(int n, const struct ksrtp_mikey_msg *m)
{
	static const char *const names[] = {"T",       "RAND", "IDRuidi", "IDRuidr", "IDRkmsi",
					    "IDRkmsr", "SP",   "SAKKE",	  "GENEXT",  "SIGN"};
	static const uint8_t types[] = {KSRTP_MIKEY_PT_T,      KSRTP_MIKEY_PT_RAND,
					KSRTP_MIKEY_PT_IDR,    KSRTP_MIKEY_PT_IDR,
					KSRTP_MIKEY_PT_IDR,    KSRTP_MIKEY_PT_IDR,
					KSRTP_MIKEY_PT_SP,     KSRTP_MIKEY_PT_SAKKE,
					KSRTP_MIKEY_PT_GENEXT, KSRTP_MIKEY_PT_SIGN};
	char name[32];
	size_t hl, off;
	const uint8_t *h;

	snprintf(name, sizeof(name), "T%d_HDR", n);
	h = get(name, &hl);
	tap_ok(m->n_payloads == 10, "T%d: 10 payloads after HDR (got %zu)", n, m->n_payloads);
	tap_ok(m->payloads[0].off == hl && !memcmp(m->raw, h, hl),
	       "T%d: HDR is %zu octets as split", n, hl);
	off = hl;
	for (size_t i = 0; i < 10 && i < m->n_payloads; i++) {
		size_t pl;
		const uint8_t *p;
		const struct ksrtp_mikey_payload *q = &m->payloads[i];
		snprintf(name, sizeof(name), "T%d_%s", n, names[i]);
		p = get(name, &pl);
		/* the split includes each payload's own next-payload octet (none for SIGN) */
		int ok = q->type == types[i] && q->off == off && q->len == pl &&
			 !memcmp(m->raw + q->off, p, pl);
		tap_ok(ok, "T%d: payload %s at %zu, %zu octets", n, names[i], q->off, q->len);
		off += q->len;
	}
}

static void check_message(const struct tcase *c, struct ksrtp_eccsi_verifier *ver,
			  struct ksrtp_mikey_replay *rp)
{
	char name[64];
	size_t ml, zl;
	const uint8_t *msg, *z, *key, *resp_uid, *rsk;
	struct ksrtp_mikey_msg *m = NULL;
	struct ksrtp_sakke_receiver *rx = NULL;
	struct ksrtp_mikey_result res;
	struct ksrtp_mikey_sakke_parse_args a = {0};
	int err;

	snprintf(name, sizeof(name), "T%d_IMESSAGE", c->n);
	msg = get(name, &ml);
	err = ksrtp_mikey_decode(msg, ml, &m);
	tap_ok(!err, "T%d: decodes (%s)", c->n, ksrtp_strerror(err));
	if (err)
		return;
	check_split(c->n, m);
	tap_eq_int(m->hdr.data_type, KSRTP_MIKEY_DT_SAKKE, "T%d: data type 26", c->n);
	const struct ksrtp_mikey_payload *s = ksrtp_mikey_find(m, KSRTP_MIKEY_PT_SIGN, NULL);
	snprintf(name, sizeof(name), "T%d_SIGNED_DATA_LEN", c->n);
	size_t sl;
	const uint8_t *sd = get(name, &sl);
	tap_eq_int((long long)s->u.sign.signed_len, sd[0] << 8 | sd[1],
		   "T%d: SIGN covers up to and including its type/length octets", c->n);
	snprintf(name, sizeof(name), "T%d_SIG", c->n);
	tap_eq_hex(s->u.sign.sig.p, get(name, NULL), 129, "T%d: signature value", c->n);
	const struct ksrtp_mikey_payload *sk = ksrtp_mikey_find(m, KSRTP_MIKEY_PT_SAKKE, NULL);
	snprintf(name, sizeof(name), "T%d_SED", c->n);
	tap_eq_hex(sk->u.sakke.sed.p, get(name, NULL), 273, "T%d: SED", c->n);
	ksrtp_mikey_msg_free(m);

	z = get("KMS_Z", &zl);
	resp_uid = vec(c->resp, "UID", NULL);
	rsk = vec(c->resp, "RSK", NULL);
	{
		struct ksrtp_sakke_pub *pub = NULL;

		err = ksrtp_sakke_pub_new(&pub, z);
		err = err ? err : ksrtp_sakke_receiver_new(&rx, pub, resp_uid, 32, rsk);
		ksrtp_sakke_pub_free(pub);
	}
	tap_ok(!err, "T%d: %s's RSK validates (%s)", c->n, c->resp, ksrtp_strerror(err));
	if (err)
		return;
	a.rx = rx;
	a.my_id = resp_uid;
	a.my_id_len = 32;
	a.verifier = ver;
	a.my_uri = uri_of(c->resp);
	a.expect_init = vec(c->init, "UID", NULL);
	a.expect_init_len = 32;
	/* the vectors' T is 2025-10-02T23:47:52Z: check freshness against that moment */
	a.now = 0xEC898DA800000000ull + (30ull << 32);
	a.window_s = 300;
	a.replay = rp;
	err = ksrtp_mikey_sakke_parse(msg, ml, &a, &res);
	tap_ok(!err, "T%d: verifies and decapsulates (%s)", c->n, ksrtp_strerror(err));
	key = get(c->key, NULL);
	tap_eq_hex(res.key, key, 16, "T%d: key = %s", c->n, c->key);
	tap_eq_int(res.key_len, 16, "T%d: key length", c->n);
	tap_ok(res.key_id_known && res.key_id == get32(c->key_id), "T%d: key id = %s (%08x)", c->n,
	       c->key_id, res.key_id);
	tap_eq_int(res.purpose, c->purpose, "T%d: purpose tag", c->n);
	tap_ok(ksrtp_mikey_sp_suite(res.sp_params, res.sp_len) ==
		       ksrtp_srtp_suite_by_name("AEAD_AES_128_GCM"),
	       "T%d: SP is AEAD_AES_128_GCM (RFC 7714)", c->n);
	tap_ok(res.signed_ok && res.style == KSRTP_MIKEY_STYLE_TS33180,
	       "T%d: signed, TS 33.180 style", c->n);
	snprintf(name, sizeof(name), "T%d_%s_RAND", c->n, c->key + 3);
	tap_eq_hex(res.rand, get(name, NULL), 16, "T%d: RAND", c->n);
	if (c->n == 1) {
		tap_eq_int(res.guk_id, get32("T1_GUK_ID"), "T1: GUK-ID in the CSB ID");
		uint32_t guk;
		err = ksrtp_mikey_guk_id(key, 16, get32("T1_GMK_ID"), "sip:alice@streamwide.com",
					 &guk);
		tap_ok(!err && guk == get32("T1_GUK_ID"), "T1: GUK-ID = GMK-ID ^ KDF(GMK, uri)");
	}
	snprintf(name, sizeof(name), "T%d_KEYPARAMS_PLAINTEXT", c->n);
	if (tap_vec_has(V, name)) {
		size_t kl;
		const uint8_t *kp = get(name, &kl);
		tap_ok(res.key_params_decrypted && res.key_params_plain_len == kl &&
			       !memcmp(res.key_params_plain, kp, kl),
		       "T%d: key parameters decrypt (AES-128-GCM under the DPCK) to the stated "
		       "content",
		       c->n);
	} else {
		tap_ok(!res.key_params_decrypted && res.key_params_plain_len == 17 &&
			       res.key_status == 1,
		       "T%d: legacy clear key parameters (status 1)", c->n);
	}
	ksrtp_mikey_result_clear(&res);

	/* the same message again: replay */
	err = ksrtp_mikey_sakke_parse(msg, ml, &a, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_REPLAY, "T%d: second copy refused as a replay", c->n);
	a.replay = NULL;
	/* stale: an hour later with a 5-minute window */
	a.now += 3600ull << 32;
	err = ksrtp_mikey_sakke_parse(msg, ml, &a, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_STALE, "T%d: an hour later it is stale", c->n);
	a.window_s = 0;
	/* from someone else than expected */
	a.expect_init = get("BOB_UID", NULL);
	err = ksrtp_mikey_sakke_parse(msg, ml, &a, &res);
	tap_eq_int(err, !strcmp(c->init, "BOB") ? 0 : -KSRTP_EMIKEY_WRONG_IDENTITY,
		   "T%d: unexpected initiator refused", c->n);
	a.expect_init = NULL;
	/* to someone else */
	a.my_id = get(!strcmp(c->resp, "BOB") ? "ALICE_UID" : "BOB_UID", NULL);
	err = ksrtp_mikey_sakke_parse(msg, ml, &a, &res);
	tap_eq_int(err, -KSRTP_EMIKEY_WRONG_IDENTITY, "T%d: not for another identity", c->n);
	a.my_id = resp_uid;
	/* every signed octet and every signature octet matters: flip a few */
	size_t flips[] = {1, 5, 12, 40, ml / 2, ml - 200, ml - 129, ml - 100, ml - 1};
	int all = 1;
	for (size_t i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
		uint8_t *t = malloc(ml);
		memcpy(t, msg, ml);
		t[flips[i]] ^= 0x01;
		err = ksrtp_mikey_sakke_parse(t, ml, &a, &res);
		if (err == 0) {
			all = 0;
			tap_diag("T%d: flip at %zu accepted", c->n, flips[i]);
		}
		free(t);
	}
	tap_ok(all, "T%d: tampered copies refused", c->n);
	ksrtp_sakke_receiver_free(rx);
}

/* "# SDP form: a=key-mgmt:mikey <b64>" lines precede each T<n>_IMESSAGE. */
static void check_sdp_forms(void)
{
	const char *dir = getenv("KSRTP_VECTORS");
	char path[512], line[8192];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/vectors", VFILE);
	f = fopen(path, "r");
	if (!f) {
		tap_ok(0, "open %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		static const char pfx[] = "# SDP form: a=";
		if (strncmp(line, pfx, sizeof(pfx) - 1))
			continue;
		char *v = line + sizeof(pfx) - 1;
		size_t l = strcspn(v, "\r\n");
		uint8_t mk[2048];
		size_t mkl;
		char name[32];
		n++;
		snprintf(name, sizeof(name), "T%d_IMESSAGE", n);
		int r = strncmp(v, "key-mgmt:", 9)
				? -1
				: ksrtp_sdp_keymgmt_parse(v + 9, l - 9, mk, sizeof(mk), &mkl);
		size_t ml;
		const uint8_t *msg = get(name, &ml);
		tap_ok(r == 1 && mkl == ml && !memcmp(mk, msg, ml),
		       "SDP form %d decodes to T%d_IMESSAGE", n, n);
	}
	fclose(f);
	tap_eq_int(n, 4, "four SDP forms");
}

int main(void)
{
	struct ksrtp_eccsi_verifier *ver = NULL;
	struct ksrtp_mikey_replay *rp = NULL;
	int err;

	V = tap_vec_load(VFILE);
	check_uids();
	err = ksrtp_eccsi_verifier_new(&ver, get("KMS_KPAK", NULL));
	tap_ok(!err, "KMS KPAK loads");
	err = ksrtp_mikey_replay_new(&rp, 16, 600);
	tap_ok(!err, "replay cache");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_message(&cases[i], ver, rp);
	check_sdp_forms();
	ksrtp_mikey_replay_free(rp);
	ksrtp_eccsi_verifier_free(ver);
	tap_vec_free(V);
	return tap_done();
}
