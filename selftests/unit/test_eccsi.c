// SPDX-License-Identifier: GPL-2.0
/*
 * test_eccsi.c - ECCSI (RFC 6507): every value of RFC 6507 Appendix A, the third-party
 * (TS 33.180-style) KMS and user keys, random round trips, and negative cases.
 */
#include <ksrtp/eccsi.h>
#include <ksrtp/err.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static struct tap_vec *V;

/* A vector value left-padded to n octets (the RFC prints KSAK, v, j as short integers). */
static void get_pad(const char *name, uint8_t *out, size_t n)
{
	size_t len;
	const uint8_t *b = tap_vec_get(V, name, &len);

	if (len > n) {
		printf("Bail out! %s is %zu octets, more than %zu\n", name, len, n);
		exit(1);
	}
	memset(out, 0, n);
	memcpy(out + n - len, b, len);
}

static const uint8_t *get(struct tap_vec *v, const char *name, size_t want)
{
	size_t len;
	const uint8_t *b = tap_vec_get(v, name, &len);

	if (want && len != want) {
		printf("Bail out! %s is %zu octets, want %zu\n", name, len, want);
		exit(1);
	}
	return b;
}

/* Y = [HS]PVT + KPAK and J = [s]([HE]G + [r]Y), computed here with OpenSSL directly. */
static void check_verify_walkthrough(void)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *ctx = BN_CTX_new();
	EC_POINT *pvt = EC_POINT_new(g), *kpak = EC_POINT_new(g), *y = EC_POINT_new(g),
		 *j = EC_POINT_new(g);
	BIGNUM *hs = BN_bin2bn(get(V, "HS", 32), 32, NULL);
	BIGNUM *he = BN_bin2bn(get(V, "HE", 32), 32, NULL);
	BIGNUM *r = BN_bin2bn(get(V, "r", 32), 32, NULL);
	BIGNUM *s = BN_bin2bn(get(V, "s", 32), 32, NULL);
	BIGNUM *x = BN_new(), *yy = BN_new();
	uint8_t xb[32], yb[32];

	EC_POINT_oct2point(g, pvt, get(V, "PVT", 65), 65, ctx);
	EC_POINT_oct2point(g, kpak, get(V, "KPAK", 65), 65, ctx);
	EC_POINT_mul(g, y, NULL, pvt, hs, ctx);
	EC_POINT_add(g, y, y, kpak, ctx);
	EC_POINT_get_affine_coordinates(g, y, x, yy, ctx);
	BN_bn2binpad(x, xb, 32);
	BN_bn2binpad(yy, yb, 32);
	tap_eq_hex(xb, get(V, "Yx", 32), 32, "RFC 6507 A: Yx = x([HS]PVT + KPAK)");
	tap_eq_hex(yb, get(V, "Yy", 32), 32, "RFC 6507 A: Yy");
	EC_POINT_mul(g, j, he, y, r, ctx);
	EC_POINT_mul(g, j, NULL, j, s, ctx);
	EC_POINT_get_affine_coordinates(g, j, x, yy, ctx);
	BN_bn2binpad(x, xb, 32);
	BN_bn2binpad(yy, yb, 32);
	tap_eq_hex(xb, get(V, "J_verify_x", 32), 32, "RFC 6507 A: verify J = [s]([HE]G + [r]Y), x");
	tap_eq_hex(yb, get(V, "J_verify_y", 32), 32, "RFC 6507 A: verify J, y");
	tap_eq_hex(xb, get(V, "r", 32), 32, "RFC 6507 A: Jx = r");
	BN_free(hs);
	BN_free(he);
	BN_free(r);
	BN_free(s);
	BN_free(x);
	BN_free(yy);
	EC_POINT_free(pvt);
	EC_POINT_free(kpak);
	EC_POINT_free(y);
	EC_POINT_free(j);
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
}

static void test_rfc6507(void)
{
	uint8_t ksak[32], v[32], j[32], kpak[65], ssk[32], pvt[65], hs[32], sig[129];
	size_t id_len, m_len;
	const uint8_t *id = tap_vec_get(V, "ID", &id_len);
	const uint8_t *m = tap_vec_get(V, "M", &m_len);
	struct ksrtp_eccsi_signer *s = NULL;
	struct ksrtp_eccsi_verifier *ver = NULL;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *ctx = BN_CTX_new();
	EC_POINT *jp = EC_POINT_new(g);
	BIGNUM *jb;
	uint8_t joct[65];
	int err;

	get_pad("KSAK", ksak, 32);
	get_pad("v", v, 32);
	get_pad("j", j, 32);
	tap_ok(id_len == 26, "RFC 6507 A: ID is 26 octets");

	/* KPAK = [KSAK]G: issue derives it; check via kms_issue + signer acceptance */
	err = ksrtp_eccsi_kms_issue(ksak, id, id_len, v, ssk, pvt);
	tap_eq_int(err, 0, "RFC 6507 A: kms_issue with the RFC's v");
	tap_eq_hex(pvt, get(V, "PVT", 65), 65, "RFC 6507 A: PVT = [v]G");
	tap_eq_hex(ssk, get(V, "SSK", 32), 32, "RFC 6507 A: SSK = KSAK + HS * v");
	memcpy(kpak, get(V, "KPAK", 65), 65);
	err = ksrtp_eccsi_hs(kpak, id, id_len, pvt, hs);
	tap_eq_int(err, 0, "RFC 6507 A: hs");
	tap_eq_hex(hs, get(V, "HS", 32), 32, "RFC 6507 A: HS = hash(G || KPAK || ID || PVT)");

	/* KPAK = [KSAK]G checked with OpenSSL */
	jb = BN_bin2bn(ksak, 32, NULL);
	EC_POINT_mul(g, jp, jb, NULL, NULL, ctx);
	EC_POINT_point2oct(g, jp, POINT_CONVERSION_UNCOMPRESSED, joct, 65, ctx);
	tap_eq_hex(joct, kpak, 65, "RFC 6507 A: KPAK = [KSAK]G");
	BN_free(jb);
	tap_eq_int(ksrtp_eccsi_kms_public(ksak, joct), 0, "RFC 6507 A: kms_public");
	tap_eq_hex(joct, kpak, 65, "RFC 6507 A: kms_public(KSAK) = KPAK");

	err = ksrtp_eccsi_signer_new(&s, kpak, id, id_len, ssk, pvt);
	tap_eq_int(err, 0, "RFC 6507 A: signer accepts SSK/PVT (5.1.2 validation)");
	if (!s) {
		tap_ok(0, "RFC 6507 A: no signer, remaining checks skipped");
		goto out;
	}
	err = ksrtp_eccsi_sign_with_j(s, m, m_len, j, sig);
	tap_eq_int(err, 0, "RFC 6507 A: sign with the RFC's j");
	tap_eq_hex(sig, get(V, "r", 32), 32, "RFC 6507 A: r = Jx");
	tap_eq_hex(sig, get(V, "Jx", 32), 32, "RFC 6507 A: Jx");
	tap_eq_hex(sig + 32, get(V, "s", 32), 32, "RFC 6507 A: s");
	tap_eq_hex(sig + 32, get(V, "s_prime", 32), 32, "RFC 6507 A: s' (= s for P-256)");
	tap_eq_hex(sig, get(V, "SIG", 129), 129, "RFC 6507 A: SIG = r || s || PVT");

	/* J = [j]G: both coordinates */
	jb = BN_bin2bn(j, 32, NULL);
	EC_POINT_mul(g, jp, jb, NULL, NULL, ctx);
	EC_POINT_point2oct(g, jp, POINT_CONVERSION_UNCOMPRESSED, joct, 65, ctx);
	tap_eq_hex(joct + 1, get(V, "Jx", 32), 32, "RFC 6507 A: J = [j]G, x");
	tap_eq_hex(joct + 33, get(V, "Jy", 32), 32, "RFC 6507 A: J = [j]G, y");
	BN_free(jb);

	/* HE = hash(HS || r || M), recomputed with EVP */
	{
		uint8_t buf[32 + 32 + 64], he[32];
		unsigned int hl;

		memcpy(buf, hs, 32);
		memcpy(buf + 32, sig, 32);
		memcpy(buf + 64, m, m_len);
		EVP_Digest(buf, 64 + m_len, he, &hl, EVP_sha256(), NULL);
		tap_eq_hex(he, get(V, "HE", 32), 32, "RFC 6507 A: HE = hash(HS || r || M)");
	}

	err = ksrtp_eccsi_verifier_new(&ver, kpak);
	tap_eq_int(err, 0, "RFC 6507 A: verifier");
	err = ksrtp_eccsi_verify(ver, id, id_len, m, m_len, get(V, "SIG", 129), 129);
	tap_eq_int(err, 0, "RFC 6507 A: the RFC's signature verifies");
	err = ksrtp_eccsi_verify(ver, id, id_len, m, m_len - 1, get(V, "SIG", 129), 129);
	tap_eq_int(err, -KSRTP_EECCSI_BAD_SIG, "RFC 6507 A: M without its NUL does not verify");
	check_verify_walkthrough();
out:
	ksrtp_eccsi_signer_free(s);
	ksrtp_eccsi_verifier_free(ver);
	EC_POINT_free(jp);
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
}

/* Third-party KMS (TS 33.180-style vectors): users' SSK/PVT validate; I_MESSAGE SIGNs verify. */
static void test_third_party(void)
{
	struct tap_vec *w = tap_vec_load("ts33180-mikey-sakke-imessages.txt");
	static const char *const users[] = {"GMS", "ALICE", "IWF", "BOB"};
	const uint8_t *kpak = get(w, "KMS_KPAK", 65);
	struct ksrtp_eccsi_verifier *ver = NULL;
	char name[64];

	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct ksrtp_eccsi_signer *s = NULL;
		int err;

		snprintf(name, sizeof(name), "%s_UID", users[i]);
		const uint8_t *uid = get(w, name, 32);
		snprintf(name, sizeof(name), "%s_SSK", users[i]);
		const uint8_t *ssk = get(w, name, 32);
		snprintf(name, sizeof(name), "%s_PVT", users[i]);
		const uint8_t *pvt = get(w, name, 65);

		err = ksrtp_eccsi_signer_new(&s, kpak, uid, 32, ssk, pvt);
		tap_eq_int(err, 0, "third-party KMS: %s SSK/PVT validate under KMS_KPAK", users[i]);
		ksrtp_eccsi_signer_free(s);
		s = NULL;
		/* the same keys under another user's UID must not validate */
		err = ksrtp_eccsi_signer_new(&s, kpak, get(w, i ? "GMS_UID" : "BOB_UID", 32), 32,
					     ssk, pvt);
		tap_eq_int(err, -KSRTP_EECCSI_BAD_SSK, "third-party KMS: %s SSK under a wrong UID",
			   users[i]);
		ksrtp_eccsi_signer_free(s);
	}
	tap_eq_int(ksrtp_eccsi_verifier_new(&ver, kpak), 0, "third-party KMS: verifier");
	/* Each I_MESSAGE is signed over everything up to and including the SIGN type/length. */
	static const struct {
		const char *t, *signer;
	} msgs[] = {{"T1", "GMS"}, {"T2", "ALICE"}, {"T3", "ALICE"}, {"T4", "GMS"}};
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		size_t len;

		snprintf(name, sizeof(name), "%s_IMESSAGE", msgs[i].t);
		if (!tap_vec_has(w, name)) {
			tap_skip("vector absent", "third-party I_MESSAGE %s", msgs[i].t);
			continue;
		}
		const uint8_t *im = tap_vec_get(w, name, &len);
		snprintf(name, sizeof(name), "%s_UID", msgs[i].signer);
		const uint8_t *uid = get(w, name, 32);
		int err = ksrtp_eccsi_verify(ver, uid, 32, im, len - 129, im + len - 129, 129);
		tap_eq_int(err, 0, "third-party I_MESSAGE %s: ECCSI SIGN by %s verifies", msgs[i].t,
			   msgs[i].signer);
		err = ksrtp_eccsi_verify(ver, uid, 32, im, len - 131, im + len - 129, 129);
		tap_eq_int(err, -KSRTP_EECCSI_BAD_SIG,
			   "third-party I_MESSAGE %s: not without the SIGN type/length", msgs[i].t);
	}
	ksrtp_eccsi_verifier_free(ver);
	tap_vec_free(w);
}

static void test_round_trips(void)
{
	uint8_t ksak[32], kpak[65], ksak2[32], kpak2[65];
	struct ksrtp_eccsi_verifier *ver = NULL, *ver2 = NULL;
	int fails = 0, n = 40;

	tap_eq_int(ksrtp_eccsi_kms_keygen(ksak, kpak), 0, "keygen");
	tap_eq_int(ksrtp_eccsi_kms_keygen(ksak2, kpak2), 0, "keygen (second KMS)");
	tap_ok(memcmp(ksak, ksak2, 32) != 0, "two KSAKs differ");
	ksrtp_eccsi_verifier_new(&ver, kpak);
	ksrtp_eccsi_verifier_new(&ver2, kpak2);
	for (int i = 0; i < n; i++) {
		char id[64], other[64], msg[100];
		uint8_t ssk[32], pvt[65], sig[129], sig2[129];
		struct ksrtp_eccsi_signer *s = NULL;
		int l = snprintf(id, sizeof(id), "2026-11%csip:user%d@example.org", 0, i) + 1;
		int ol = snprintf(other, sizeof(other), "2026-11%csip:user%d@example.org", 0,
				  i + 1) +
			 1;

		RAND_bytes((uint8_t *)msg, sizeof(msg));
		size_t ml = (size_t)i * 2; /* includes the empty message */
		if (ksrtp_eccsi_kms_issue(ksak, (uint8_t *)id, l, NULL, ssk, pvt) ||
		    ksrtp_eccsi_signer_new(&s, kpak, (uint8_t *)id, l, ssk, pvt) ||
		    ksrtp_eccsi_sign(s, (uint8_t *)msg, ml, sig) ||
		    ksrtp_eccsi_sign(s, (uint8_t *)msg, ml, sig2) ||
		    ksrtp_eccsi_verify(ver, (uint8_t *)id, l, (uint8_t *)msg, ml, sig, 129) ||
		    ksrtp_eccsi_verify(ver, (uint8_t *)id, l, (uint8_t *)msg, ml, sig2, 129) ||
		    !memcmp(sig, sig2, 64) /* fresh j each time */ ||
		    ksrtp_eccsi_verify(ver, (uint8_t *)other, ol, (uint8_t *)msg, ml, sig, 129) !=
			    -KSRTP_EECCSI_BAD_SIG ||
		    ksrtp_eccsi_verify(ver2, (uint8_t *)id, l, (uint8_t *)msg, ml, sig, 129) !=
			    -KSRTP_EECCSI_BAD_SIG ||
		    ksrtp_eccsi_signer_new(&(struct ksrtp_eccsi_signer *){NULL}, kpak2,
					   (uint8_t *)id, l, ssk, pvt) != -KSRTP_EECCSI_BAD_SSK)
			fails++;
		ksrtp_eccsi_signer_free(s);
	}
	tap_eq_int(fails, 0,
		   "%d identities: issue, validate, sign twice, verify; wrong identity and wrong "
		   "KPAK rejected (BAD_SIG / BAD_SSK)",
		   n);
	ksrtp_eccsi_verifier_free(ver);
	ksrtp_eccsi_verifier_free(ver2);
}

static void set_scalar(uint8_t *out, const BIGNUM *x)
{
	BN_bn2binpad(x, out, 32);
}

static void test_negatives(void)
{
	size_t id_len, m_len;
	const uint8_t *id = tap_vec_get(V, "ID", &id_len);
	const uint8_t *m = tap_vec_get(V, "M", &m_len);
	const uint8_t *kpak = get(V, "KPAK", 65), *sig0 = get(V, "SIG", 129);
	const uint8_t *ssk0 = get(V, "SSK", 32), *pvt0 = get(V, "PVT", 65);
	struct ksrtp_eccsi_verifier *ver = NULL, *bad = NULL;
	struct ksrtp_eccsi_signer *s = NULL;
	uint8_t sig[129], pt[65], sc[32], j[32];
	int wrong = 0, accepted = 0;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	const BIGNUM *q = EC_GROUP_get0_order(g);
	BIGNUM *x = BN_new();

	ksrtp_eccsi_verifier_new(&ver, kpak);
	/* every single-bit flip of the signature is rejected with a specific error */
	/* under valgrind (slow), every 7th bit: still every octet of r, s and PVT */
	int step = getenv("KSRTP_UNDER_VALGRIND") ? 7 : 1, tried = 0;

	for (int bit = 0; bit < 129 * 8; bit += step, tried++) {
		memcpy(sig, sig0, 129);
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		int err = ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129);
		if (!err)
			accepted++;
		else if (err != -KSRTP_EECCSI_BAD_SIG && err != -KSRTP_EECCSI_BAD_SCALAR &&
			 err != -KSRTP_EECCSI_BAD_POINT)
			wrong++;
	}
	tap_ok(accepted == 0 && wrong == 0,
	       "%d single-bit flips of the RFC signature rejected (%d accepted, %d odd codes)",
	       tried, accepted, wrong);
	/* the first flipped bit of the PVT prefix is a malformed point */
	memcpy(sig, sig0, 129);
	sig[64] = 0x05;
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129), -KSRTP_EECCSI_BAD_POINT,
		   "PVT with prefix 05: BAD_POINT");
	sig[64] = 0x00;
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129), -KSRTP_EECCSI_BAD_POINT,
		   "PVT with prefix 00 (infinity encoding): BAD_POINT");
	memcpy(sig, sig0, 129);
	memset(sig + 65, 0, 64);
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129), -KSRTP_EECCSI_BAD_POINT,
		   "PVT = 04 || 0...0: BAD_POINT");
	memcpy(sig, sig0, 129);
	sig[128] ^= 1; /* y off by one: not on the curve */
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129), -KSRTP_EECCSI_BAD_POINT,
		   "PVT not on the curve: BAD_POINT");
	memcpy(sig, sig0, 129);
	memset(sig + 65, 0xFF, 32); /* x >= p */
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129), -KSRTP_EECCSI_BAD_POINT,
		   "PVT with x >= p: BAD_POINT");
	/* scalars out of range: 0, q, q+1, 2^256-1 for r and for s */
	for (int which = 0; which < 2; which++) {
		static const char *const nm[] = {"0", "q", "q+1", "2^256-1"};
		for (int k = 0; k < 4; k++) {
			switch (k) {
			case 0: BN_zero(x); break;
			case 1: BN_copy(x, q); break;
			case 2:
				BN_copy(x, q);
				BN_add_word(x, 1);
				break;
			default:
				BN_zero(x);
				BN_set_bit(x, 256);
				BN_sub_word(x, 1);
				break;
			}
			memcpy(sig, sig0, 129);
			set_scalar(sig + 32 * which, x);
			tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig, 129),
				   -KSRTP_EECCSI_BAD_SCALAR, "%s = %s: BAD_SCALAR",
				   which ? "s" : "r", nm[k]);
		}
	}
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, sig0, 128),
		   -KSRTP_EECCSI_BAD_SIG_LEN, "128-octet signature: BAD_SIG_LEN");
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len, m, m_len, NULL, 0),
		   -KSRTP_EECCSI_BAD_SIG_LEN, "empty signature: BAD_SIG_LEN");
	tap_eq_int(ksrtp_eccsi_verify(ver, id, id_len - 1, m, m_len, sig0, 129),
		   -KSRTP_EECCSI_BAD_SIG, "wrong identity: BAD_SIG");

	/* KPAK validation */
	memcpy(pt, kpak, 65);
	pt[64] ^= 1;
	tap_eq_int(ksrtp_eccsi_verifier_new(&bad, pt), -KSRTP_EECCSI_BAD_KPAK,
		   "KPAK not on the curve: BAD_KPAK");
	memset(pt, 0, 65);
	tap_eq_int(ksrtp_eccsi_verifier_new(&bad, pt), -KSRTP_EECCSI_BAD_KPAK,
		   "KPAK all zero: BAD_KPAK");
	pt[0] = 4;
	tap_eq_int(ksrtp_eccsi_verifier_new(&bad, pt), -KSRTP_EECCSI_BAD_KPAK,
		   "KPAK 04 || 0...0: BAD_KPAK");
	memcpy(pt, kpak, 65);
	pt[0] = 2;
	tap_eq_int(ksrtp_eccsi_verifier_new(&bad, pt), -KSRTP_EECCSI_BAD_KPAK,
		   "compressed KPAK: BAD_KPAK");
	tap_ok(bad == NULL, "no verifier object on failure");

	/* signer validation */
	memcpy(sc, ssk0, 32);
	sc[31] ^= 1;
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len, sc, pvt0), -KSRTP_EECCSI_BAD_SSK,
		   "SSK off by one bit: BAD_SSK");
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len - 1, ssk0, pvt0),
		   -KSRTP_EECCSI_BAD_SSK, "SSK for another identity: BAD_SSK");
	memset(sc, 0, 32);
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len, sc, pvt0), -KSRTP_EECCSI_BAD_SCALAR,
		   "SSK = 0: BAD_SCALAR");
	set_scalar(sc, q);
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len, sc, pvt0), -KSRTP_EECCSI_BAD_SCALAR,
		   "SSK = q: BAD_SCALAR");
	memcpy(pt, pvt0, 65);
	pt[64] ^= 1;
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len, ssk0, pt), -KSRTP_EECCSI_BAD_POINT,
		   "PVT not on the curve: BAD_POINT");
	memcpy(pt, kpak, 65);
	pt[64] ^= 1;
	tap_eq_int(ksrtp_eccsi_signer_new(&s, pt, id, id_len, ssk0, pvt0), -KSRTP_EECCSI_BAD_KPAK,
		   "signer with a bad KPAK: BAD_KPAK");
	tap_ok(s == NULL, "no signer object on failure");

	/* sign_with_j range checks, issue with bad inputs */
	tap_eq_int(ksrtp_eccsi_signer_new(&s, kpak, id, id_len, ssk0, pvt0), 0, "signer");
	memset(j, 0, 32);
	tap_eq_int(ksrtp_eccsi_sign_with_j(s, m, m_len, j, sig), -KSRTP_EECCSI_BAD_SCALAR,
		   "sign with j = 0: BAD_SCALAR");
	set_scalar(j, q);
	tap_eq_int(ksrtp_eccsi_sign_with_j(s, m, m_len, j, sig), -KSRTP_EECCSI_BAD_SCALAR,
		   "sign with j = q: BAD_SCALAR");
	memset(sc, 0, 32);
	tap_eq_int(ksrtp_eccsi_kms_issue(sc, id, id_len, NULL, sc, pt), -KSRTP_EECCSI_BAD_SCALAR,
		   "issue with KSAK = 0: BAD_SCALAR");
	tap_eq_int(ksrtp_eccsi_verify(NULL, id, id_len, m, m_len, sig0, 129), -KSRTP_EINVAL,
		   "verify(NULL): EINVAL");
	tap_ok(strstr(ksrtp_strerror(-KSRTP_EECCSI_BAD_SSK), "SSK") != NULL,
	       "strerror names the SSK error");
	ksrtp_eccsi_signer_free(s);
	ksrtp_eccsi_verifier_free(ver);
	BN_free(x);
	EC_GROUP_free(g);
}

/* Objects are shared between threads: 4 threads sign and verify with one signer/verifier. */
struct thr {
	const struct ksrtp_eccsi_signer *s;
	const struct ksrtp_eccsi_verifier *v;
	const uint8_t *id;
	size_t id_len;
	int fails;
};

static void *thr_main(void *arg)
{
	struct thr *t = arg;
	uint8_t msg[32], sig[129];

	for (int i = 0; i < 25; i++) {
		memset(msg, i, sizeof(msg));
		if (ksrtp_eccsi_sign(t->s, msg, sizeof(msg), sig) ||
		    ksrtp_eccsi_verify(t->v, t->id, t->id_len, msg, sizeof(msg), sig, 129))
			t->fails++;
	}
	return NULL;
}

static void test_threads(void)
{
	size_t id_len;
	const uint8_t *id = tap_vec_get(V, "ID", &id_len);
	struct ksrtp_eccsi_signer *s = NULL;
	struct ksrtp_eccsi_verifier *v = NULL;
	pthread_t th[4];
	struct thr t[4];
	int fails = 0;

	ksrtp_eccsi_signer_new(&s, get(V, "KPAK", 65), id, id_len, get(V, "SSK", 32),
			       get(V, "PVT", 65));
	ksrtp_eccsi_verifier_new(&v, get(V, "KPAK", 65));
	for (int i = 0; i < 4; i++) {
		t[i] = (struct thr){.s = s, .v = v, .id = id, .id_len = id_len};
		pthread_create(&th[i], NULL, thr_main, &t[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		fails += t[i].fails;
	}
	tap_eq_int(fails, 0, "4 threads x 25 sign+verify on shared objects");
	ksrtp_eccsi_signer_free(s);
	ksrtp_eccsi_verifier_free(v);
}

int main(void)
{
	V = tap_vec_load("rfc6507-eccsi.txt");
	test_rfc6507();
	test_third_party();
	test_round_trips();
	test_negatives();
	test_threads();
	tap_vec_free(V);
	return tap_done();
}
