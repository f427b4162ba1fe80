// SPDX-License-Identifier: GPL-2.0
/*
 * test_sakke.c - SAKKE (RFC 6508, RFC 6509 parameter set 1): every value of RFC 6508
 * Appendix A, the TS 33.180-style I_MESSAGE vectors, random round trips, a cross-check of the
 * pairing against a straightforward affine BIGNUM implementation, and negative cases.
 */
#include "tap.h"

#include <ksrtp/err.h>
#include <ksrtp/sakke.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "../../lib/sakke_math.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#define PT	KSRTP_SAKKE_POINT_LEN
#define SED_LEN KSRTP_SAKKE_SED_LEN

static const uint8_t *vget(const struct tap_vec *v, const char *name, size_t want)
{
	size_t n;
	const uint8_t *b = tap_vec_get(v, name, &n);

	if (want && n != want) {
		tap_ok(0, "vector %s has %zu octets, expected %zu", name, n, want);
		exit(1);
	}
	return b;
}

/* 0x04 || x || y from two vector entries */
static void vpoint(uint8_t out[PT], const struct tap_vec *v, const char *x, const char *y)
{
	out[0] = 0x04;
	memcpy(out + 1, vget(v, x, 128), 128);
	memcpy(out + 129, vget(v, y, 128), 128);
}

static void fp_bytes(uint8_t out[128], const struct sk_fp *a_mont)
{
	struct sk_fp t;

	ksrtp__sk_from_mont(&ksrtp__sk_p, &t, a_mont);
	ksrtp__sk_to_bytes(out, &t);
}

/* ---------------------------------------------------------------------------------------- */
/* an independent, straightforward pairing with OpenSSL BIGNUM (affine, one inversion a step) */

struct ref {
	BN_CTX *ctx;
	BIGNUM *p, *q;
};

static BIGNUM *bn_of(const struct sk_fp *mont)
{
	uint8_t b[128];

	fp_bytes(b, mont);
	return BN_bin2bn(b, 128, NULL);
}

/* line through C with slope l evaluated at psi(Q) = (-xq, i yq): (l (xq + xc) - yc) + i yq */
static void ref_step(struct ref *r, BIGNUM *va, BIGNUM *vb, const BIGNUM *l, const BIGNUM *xc,
		     const BIGNUM *yc, const BIGNUM *xq, const BIGNUM *yq)
{
	BIGNUM *la = BN_new(), *t0 = BN_new(), *t1 = BN_new();

	BN_mod_add(la, xq, xc, r->p, r->ctx);
	BN_mod_mul(la, la, l, r->p, r->ctx);
	BN_mod_sub(la, la, yc, r->p, r->ctx);
	/* (va + i vb)(la + i yq) */
	BN_mod_mul(t0, va, la, r->p, r->ctx);
	BN_mod_mul(t1, vb, yq, r->p, r->ctx);
	BN_mod_sub(t0, t0, t1, r->p, r->ctx);
	BN_mod_mul(t1, va, yq, r->p, r->ctx);
	BN_mod_mul(vb, vb, la, r->p, r->ctx);
	BN_mod_add(vb, vb, t1, r->p, r->ctx);
	BN_copy(va, t0);
	BN_free(la);
	BN_free(t0);
	BN_free(t1);
}

static void ref_sqr(struct ref *r, BIGNUM *va, BIGNUM *vb)
{
	BIGNUM *t0 = BN_new(), *t1 = BN_new();

	BN_mod_sqr(t0, va, r->p, r->ctx);
	BN_mod_sqr(t1, vb, r->p, r->ctx);
	BN_mod_mul(vb, va, vb, r->p, r->ctx);
	BN_mod_add(vb, vb, vb, r->p, r->ctx);
	BN_mod_sub(va, t0, t1, r->p, r->ctx);
	BN_free(t0);
	BN_free(t1);
}

/* the representative of <A, B> as 128 octets, per RFC 6508 3.2 */
static void ref_pairing(struct ref *r, uint8_t out[128], const struct sk_pt *A,
			const struct sk_pt *B)
{
	BIGNUM *xa = bn_of(&A->x), *ya = bn_of(&A->y), *xq = bn_of(&B->x), *yq = bn_of(&B->y);
	BIGNUM *xc = BN_dup(xa), *yc = BN_dup(ya), *va = BN_new(), *vb = BN_new();
	BIGNUM *l = BN_new(), *t = BN_new(), *x3 = BN_new(), *c = BN_dup(r->q);
	BIGNUM *three = BN_new();

	BN_set_word(three, 3);
	BN_one(va);
	BN_zero(vb);
	BN_sub_word(c, 1);
	for (int i = BN_num_bits(c) - 2; i >= 0; i--) {
		/* l = (3 xc^2 - 3) / (2 yc) */
		BN_mod_sqr(l, xc, r->p, r->ctx);
		BN_mod_sub(l, l, BN_value_one(), r->p, r->ctx);
		BN_mod_mul(l, l, three, r->p, r->ctx);
		BN_mod_add(t, yc, yc, r->p, r->ctx);
		BN_mod_inverse(t, t, r->p, r->ctx);
		BN_mod_mul(l, l, t, r->p, r->ctx);
		ref_sqr(r, va, vb);
		ref_step(r, va, vb, l, xc, yc, xq, yq);
		/* C = 2C */
		BN_mod_sqr(x3, l, r->p, r->ctx);
		BN_mod_sub(x3, x3, xc, r->p, r->ctx);
		BN_mod_sub(x3, x3, xc, r->p, r->ctx);
		BN_mod_sub(t, xc, x3, r->p, r->ctx);
		BN_mod_mul(t, t, l, r->p, r->ctx);
		BN_mod_sub(yc, t, yc, r->p, r->ctx);
		BN_copy(xc, x3);
		if (!BN_is_bit_set(c, i))
			continue;
		/* l = (ya - yc) / (xa - xc) */
		BN_mod_sub(l, ya, yc, r->p, r->ctx);
		BN_mod_sub(t, xa, xc, r->p, r->ctx);
		BN_mod_inverse(t, t, r->p, r->ctx);
		BN_mod_mul(l, l, t, r->p, r->ctx);
		ref_step(r, va, vb, l, xc, yc, xq, yq);
		BN_mod_sqr(x3, l, r->p, r->ctx);
		BN_mod_sub(x3, x3, xc, r->p, r->ctx);
		BN_mod_sub(x3, x3, xa, r->p, r->ctx);
		BN_mod_sub(t, xc, x3, r->p, r->ctx);
		BN_mod_mul(t, t, l, r->p, r->ctx);
		BN_mod_sub(yc, t, yc, r->p, r->ctx);
		BN_copy(xc, x3);
	}
	ref_sqr(r, va, vb);
	ref_sqr(r, va, vb);
	BN_mod_inverse(t, va, r->p, r->ctx);
	BN_mod_mul(t, t, vb, r->p, r->ctx);
	BN_bn2binpad(t, out, 128);
	BN_free(xa);
	BN_free(ya);
	BN_free(xq);
	BN_free(yq);
	BN_free(xc);
	BN_free(yc);
	BN_free(va);
	BN_free(vb);
	BN_free(l);
	BN_free(t);
	BN_free(x3);
	BN_free(c);
	BN_free(three);
}

/* ---------------------------------------------------------------------------------------- */

/* the representative of <a, b> with the library's precomputed-lines pairing */
static void rep_of(uint8_t out[128], const struct sk_pt *a, const struct sk_pt *b)
{
	struct sk_line *lines = calloc(ksrtp__sk_lines_count(), sizeof(*lines));
	struct sk_fp2 f;

	memset(out, 0xee, 128);
	if (lines && ksrtp__sk_lines_precompute(lines, a) == 0) {
		ksrtp__sk_lines_eval(&f, lines, b);
		ksrtp__sk_fp2_rep(out, &f);
	}
	free(lines);
}

/* a point of order 4 */
static const char sk_ord4[] = "042AB8B4C0CEBF79166B352BF4351A3F8872A7FE62294530F38AB8B315E3262"
			      "21147F96A70F71B9175D"
			      "4CC0CF6A006E6DC2DBC29EF4528780EC61A1BCF5FFC84280C3E47334DD5C196"
			      "49686DADFBDCADBE7350"
			      "B93E9024FC510EB314D447D867956310DCFA834CEA2A394FE4ED1623E071337"
			      "3B61F1C09CD10BB681B8"
			      "4C1F826BA0D6A389A1DA8A9E2F9E048F0021FE358391FBADCB59E2B19977515"
			      "826AA20CFCD5BD8BB5FA"
			      "49113C05DA92ADB91C7A71486F1C18B0A81596B14E6885E492920025B316F04"
			      "6C918C9FAA7E182179CF"
			      "B36B4E1CCFC5163877AE200C930AE4E4D8B6273793297CCFE145FB8C8FC6E6F"
			      "259C3076E9404F31CC10"
			      "F7D9EC162BA721A5";

/* out = RSK + [k]T for T of order 4 (k = 1: order 4q, k = 2: + (0, 0), order 2q) */
static void rsk_plus_small(uint8_t out[PT], const uint8_t rsk[PT], int k)
{
	struct sk_pt a, t, t2;
	size_t hl;
	uint8_t *h = tap_hex(sk_ord4, &hl);

	if (!h || ksrtp__sk_pt_decode(&a, rsk) || ksrtp__sk_pt_decode(&t, h) ||
	    (k == 2 && ksrtp__sk_pt_add(&t2, &t, &t)) ||
	    ksrtp__sk_pt_add(&a, &a, k == 2 ? &t2 : &t))
		memset(out, 0, PT);
	else
		ksrtp__sk_pt_encode(out, &a);
	free(h);
}

/* a receiver from raw Z octets, with a pub made for this call only */
static int rx_new(struct ksrtp_sakke_receiver **out, const uint8_t *Z, const uint8_t *id,
		  size_t idl, const uint8_t *rsk)
{
	struct ksrtp_sakke_pub *pub = NULL;
	int err = ksrtp_sakke_pub_new(&pub, Z);

	*out = NULL;
	if (!err)
		err = ksrtp_sakke_receiver_new(out, pub, id, idl, rsk);
	ksrtp_sakke_pub_free(pub);
	return err;
}

static void test_rfc6508(const struct tap_vec *v)
{
	uint8_t Z[PT], rsk[PT], R[PT], out[PT], sed[SED_LEN], ssv[16], buf[128], mask[16];
	const uint8_t *z = vget(v, "z", 0), *b, *ssv_v = vget(v, "SSV", 16);
	size_t zl, bl, sbl;
	const uint8_t *ssv_b = tap_vec_get(v, "SSV_b", &sbl);
	struct sk_pt P = ksrtp__sk_gen, zp, rp, rskp, qb, bp;
	struct sk_fp r, k;
	struct sk_fp2 g, gr;
	struct ksrtp_sakke_pub *pub = NULL;
	struct ksrtp_sakke_receiver *rx = NULL;

	tap_vec_get(v, "z", &zl);
	b = tap_vec_get(v, "b", &bl);
	vpoint(Z, v, "Zx", "Zy");
	vpoint(rsk, v, "RSKx", "RSKy");
	vpoint(R, v, "Rbx", "Rby");
	tap_eq_hex(Z, vget(v, "Z", PT), PT, "vectors: Z = 04 || Zx || Zy");
	tap_eq_hex(rsk, vget(v, "RSK", PT), PT, "vectors: RSK = 04 || RSKx || RSKy");

	/* parameters */
	fp_bytes(buf, &P.x);
	tap_eq_hex(buf, vget(v, "Px", 128), 128, "parameter set 1: Px");
	fp_bytes(buf, &P.y);
	tap_eq_hex(buf, vget(v, "Py", 128), 128, "parameter set 1: Py");
	ksrtp__sk_to_bytes(buf, &ksrtp__sk_p.m);
	tap_eq_hex(buf, vget(v, "p", 128), 128, "parameter set 1: p");
	ksrtp__sk_to_bytes(buf, &ksrtp__sk_q.m);
	tap_eq_hex(buf, vget(v, "q", 128), 128, "parameter set 1: q");
	rep_of(buf, &P, &P);
	tap_eq_hex(buf, vget(v, "g", 128), 128, "g = <P, P> (RFC 6508 3.2 pairing)");

	/* KMS */
	tap_eq_int(ksrtp_sakke_kms_public(z, zl, out), 0, "KMS public key from z");
	tap_eq_hex(out, Z, PT, "Z = [z]P");
	tap_eq_int(ksrtp_sakke_kms_rsk(z, zl, b, bl, out), 0, "RSK from z and b");
	tap_eq_hex(out, rsk, PT, "RSK = [(b + z)^-1]P");

	/* sender values one by one */
	tap_eq_int(ksrtp__sakke_h2ir_q(&r, ssv_v, 16, b, bl), 0, "HashToIntegerRange(SSV || b, q)");
	ksrtp__sk_to_bytes(buf, &r);
	tap_eq_hex(buf, vget(v, "r", 128), 128, "r = HashToIntegerRange(SSV || b, q)");
	tap_ok(sbl == 16 + bl && memcmp(ssv_b, ssv_v, 16) == 0 && memcmp(ssv_b + 16, b, bl) == 0,
	       "vectors: SSV_b = SSV || b");
	ksrtp__sk_from_bytes(&k, b, bl);
	tap_ok(ksrtp__sk_pt_decode(&zp, Z) == 0 && ksrtp__sk_pt_mul(&bp, &P, &k, 1024) == 0 &&
		       ksrtp__sk_pt_add(&qb, &bp, &zp) == 0 &&
		       ksrtp__sk_pt_mul(&rp, &qb, &r, 1024) == 0,
	       "R = [r]([b]P + Z) computes");
	ksrtp__sk_pt_encode(out, &rp);
	tap_eq_hex(out, R, PT, "R_(b,S) = [r]([b]P + Z)");
	g.a = ksrtp__sk_p.one;
	g.b = ksrtp__sk_g;
	ksrtp__sk_fp2_pow(&gr, &g, &r, 1024);
	ksrtp__sk_fp2_rep(buf, &gr);
	tap_eq_hex(buf, vget(v, "g_r", 128), 128, "g^r (F_p representative)");
	tap_eq_int(ksrtp__sakke_h2ir_mask(mask, buf, 128), 0, "HashToIntegerRange(g^r, 2^n)");
	tap_eq_hex(mask, vget(v, "mask", 16), 16, "mask = HashToIntegerRange(g^r, 2^128)");
	for (int i = 0; i < 16; i++)
		mask[i] ^= ssv_v[i];
	tap_eq_hex(mask, vget(v, "H", 16), 16, "H = SSV XOR mask");

	/* the API */
	tap_eq_int(ksrtp_sakke_pub_new(&pub, Z), 0, "pub_new(Z)");
	tap_eq_int(ksrtp_sakke_encapsulate(pub, b, bl, ssv_v, sed), 0, "encapsulate");
	tap_eq_hex(sed, vget(v, "SED", SED_LEN), SED_LEN, "SED = R || H (RFC 6508 App. A)");

	/* receiver */
	tap_ok(ksrtp__sk_pt_decode(&rskp, rsk) == 0, "RSK decodes");
	rep_of(buf, &rp, &rskp);
	tap_eq_hex(buf, vget(v, "w", 128), 128, "w = <R, RSK> (Miller loop over R)");
	rep_of(buf, &rskp, &rp);
	tap_eq_hex(buf, vget(v, "w", 128), 128, "w = <RSK, R> (symmetric, loop over RSK)");
	tap_eq_int(rx_new(&rx, Z, b, bl, rsk), 0, "receiver_new: RSK validates (RFC 6508 6.1.2)");
	memset(ssv, 0, sizeof(ssv));
	tap_eq_int(ksrtp_sakke_decapsulate(rx, vget(v, "SED", SED_LEN), SED_LEN, ssv), 0,
		   "decapsulate RFC 6508 SED");
	tap_eq_hex(ssv, ssv_v, 16, "decapsulated SSV");

	/* 272-octet SED with a leading zero of H dropped: H here starts with 0x89, so build one */
	ksrtp_sakke_receiver_free(rx);
	ksrtp_sakke_pub_free(pub);
}

/* ---------------------------------------------------------------------------------------- */
/* TS 33.180-style I_MESSAGEs: find the SAKKE payload (params 1, ID scheme 2, length 273) */

static const uint8_t *find_sed(const uint8_t *msg, size_t len)
{
	const uint8_t *hit = NULL;
	int n = 0;

	for (size_t i = 0; i + 5 + SED_LEN <= len; i++) {
		if (msg[i] == 0x01 && msg[i + 1] == 0x02 && msg[i + 2] == 0x01 &&
		    msg[i + 3] == 0x11 && msg[i + 4] == 0x04) {
			hit = msg + i + 4;
			n++;
		}
	}
	return n == 1 ? hit : NULL;
}

static void test_imessages(const struct tap_vec *v)
{
	static const char *const users[] = {"GMS", "ALICE", "IWF", "BOB"};
	static const struct {
		const char *t, *key, *resp;
	} msgs[] = {
		{"T1", "T1_GMK", "ALICE"},
		{"T2", "T2_CSK", "GMS"},
		{"T3", "T3_PCK", "BOB"},
		{"T4", "T4_GMK", "IWF"},
	};
	const uint8_t *kz = vget(v, "KMS_Z", PT);
	char name[64];

	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		struct ksrtp_sakke_receiver *rx = NULL;
		const uint8_t *uid, *rsk;

		snprintf(name, sizeof(name), "%s_UID", users[i]);
		uid = vget(v, name, 32);
		snprintf(name, sizeof(name), "%s_RSK", users[i]);
		rsk = vget(v, name, PT);
		tap_eq_int(rx_new(&rx, kz, uid, 32, rsk), 0,
			   "TS 33.180 vectors: %s's RSK validates against KMS_Z", users[i]);
		ksrtp_sakke_receiver_free(rx);
	}
	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		struct ksrtp_sakke_receiver *rx = NULL;
		const uint8_t *msg, *sed, *uid, *rsk;
		uint8_t ssv[16];
		size_t ml;
		int ret;

		snprintf(name, sizeof(name), "%s_IMESSAGE", msgs[i].t);
		msg = tap_vec_get(v, name, &ml);
		sed = find_sed(msg, ml);
		snprintf(name, sizeof(name), "%s_SED", msgs[i].t);
		if (!tap_ok(sed && memcmp(sed, vget(v, name, SED_LEN), SED_LEN) == 0,
			    "%s: SED located in the I_MESSAGE's SAKKE payload", msgs[i].t))
			continue;
		snprintf(name, sizeof(name), "%s_UID", msgs[i].resp);
		uid = vget(v, name, 32);
		snprintf(name, sizeof(name), "%s_RSK", msgs[i].resp);
		rsk = vget(v, name, PT);
		ret = rx_new(&rx, kz, uid, 32, rsk);
		memset(ssv, 0, sizeof(ssv));
		if (ret == 0)
			ret = ksrtp_sakke_decapsulate(rx, sed, SED_LEN, ssv);
		tap_eq_int(ret, 0, "%s: %s decapsulates", msgs[i].t, msgs[i].resp);
		tap_eq_hex(ssv, vget(v, msgs[i].key, 16), 16, "%s: SSV is %s", msgs[i].t,
			   msgs[i].key);
		ksrtp_sakke_receiver_free(rx);
	}
}

/* ---------------------------------------------------------------------------------------- */

static void test_pairing_vs_bignum(void)
{
	struct ref r = {.ctx = BN_CTX_new()};
	uint8_t pb[128], qbuf[128], want[128], got[128], kb[128];
	struct sk_pt A, B;
	struct sk_fp k;
	int ok = 1;

	ksrtp__sk_to_bytes(pb, &ksrtp__sk_p.m);
	ksrtp__sk_to_bytes(qbuf, &ksrtp__sk_q.m);
	r.p = BN_bin2bn(pb, 128, NULL);
	r.q = BN_bin2bn(qbuf, 128, NULL);
	for (int i = 0; i < 3; i++) {
		RAND_bytes(kb, sizeof(kb));
		kb[0] &= 0x1f;
		ksrtp__sk_from_bytes(&k, kb, sizeof(kb));
		ksrtp__sk_pt_mul(&A, &ksrtp__sk_gen, &k, 1024);
		RAND_bytes(kb, sizeof(kb));
		kb[0] &= 0x1f;
		ksrtp__sk_from_bytes(&k, kb, sizeof(kb));
		ksrtp__sk_pt_mul(&B, &ksrtp__sk_gen, &k, 1024);
		ref_pairing(&r, want, &A, &B);
		rep_of(got, &A, &B);
		ok &= tap_eq_hex(got, want, 128, "pairing of random points = BIGNUM reference (%d)",
				 i);
		rep_of(got, &B, &A);
		ok &= tap_eq_hex(got, want, 128, "pairing is symmetric (%d)", i);
	}
	BN_free(r.p);
	BN_free(r.q);
	BN_CTX_free(r.ctx);
}

/* the fixed tables and the comb/fixed-base code against the plain window code */
/* exponentiations by public exponents (IFMA when available) against the generic ones */
static void test_pub_pow(void)
{
	static const int bits[] = {0, 1, 4, 5, 128, 208, 256, 1022};
	uint8_t b[128];
	struct sk_fp2 x, r1, r2;
	struct sk_fp e, s, t;
	int ok = 1;

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		memset(&e, 0, sizeof(e));
		RAND_bytes((uint8_t *)e.v, (bits[i] + 7) / 8);
		if (bits[i] % 64)
			e.v[bits[i] / 64] &= (1ULL << (bits[i] % 64)) - 1;
		if (bits[i])
			e.v[(bits[i] - 1) / 64] |= 1ULL << ((bits[i] - 1) % 64);
		RAND_bytes(b, sizeof(b));
		b[0] &= 0x7f;
		ksrtp__sk_from_bytes(&x.a, b, sizeof(b));
		RAND_bytes(b, sizeof(b));
		b[0] &= 0x7f;
		ksrtp__sk_from_bytes(&x.b, b, sizeof(b));
		ok &= ksrtp__sk_bits(&e) == bits[i];
		ksrtp__sk_fp2_pow(&r1, &x, &e, 1024);
		ksrtp__sk_fp2_pow_pub(&r2, &x, &e, bits[i]);
		ok &= memcmp(&r1, &r2, sizeof(r1)) == 0;
	}
	tap_ok(ok, "x^e with a public exponent = the constant-time x^e (0 to 1022 bits)");
	if (ksrtp__sk_have_ifma()) {
		/* s = x^q: s^2 = x^((p+1)/2) = +-x, and s^4 = x^2 */
		ksrtp__sk_fp_pow_pub_ifma(&s, &x.a, &ksrtp__sk_q.m, ksrtp__sk_bits(&ksrtp__sk_q.m));
		ksrtp__sk_sqr(&ksrtp__sk_p, &t, &s);
		ksrtp__sk_sqr(&ksrtp__sk_p, &t, &t);
		ksrtp__sk_sqr(&ksrtp__sk_p, &s, &x.a);
		tap_ok(ksrtp__sk_eq(&t, &s) != 0, "IFMA x^q: (x^q)^4 = x^2");
	} else {
		tap_skip("no AVX-512 IFMA", "IFMA x^q");
	}
}

/*
 * The lazily reduced F_p2 multiplication (2048-bit products, one Montgomery reduction per
 * coordinate) against the straightforward one (three Montgomery multiplications) and against
 * BIGNUM, on random elements and on edge values of each coordinate (0, 1, p - 1, p - 2, 2^1023
 * and its neighbours, 2^1024 - p, (p - 1)/2, and values with all low limbs set), which drive the
 * signed intermediate sums to their extremes; also the squaring and aliased operands.
 */
static void fp2_rand_coord(struct sk_fp *a, const struct sk_fp *edges, size_t nedges)
{
	uint8_t b[128], pick;

	RAND_bytes(&pick, 1);
	if (pick < 128) {
		*a = edges[pick % nedges];
		return;
	}
	do {
		RAND_bytes(b, sizeof(b));
		if (pick & 1)
			b[0] &= 0x7f;
		ksrtp__sk_from_bytes(a, b, sizeof(b));
	} while (!ksrtp__sk_lt(a, &ksrtp__sk_p.m));
}

/* 1 if r == x y in F_p2 (Montgomery values) by BIGNUM */
static int fp2_mul_bn_ok(BN_CTX *ctx, const BIGNUM *p, const struct sk_fp2 *r,
			 const struct sk_fp2 *x, const struct sk_fp2 *y)
{
	BIGNUM *xa = bn_of(&x->a), *xb = bn_of(&x->b), *ya = bn_of(&y->a), *yb = bn_of(&y->b);
	BIGNUM *ra = bn_of(&r->a), *rb = bn_of(&r->b), *t = BN_new(), *u = BN_new();
	int ok = xa && xb && ya && yb && ra && rb && t && u;

	/* real: xa ya - xb yb; imaginary: xa yb + xb ya */
	ok = ok && BN_mod_mul(t, xa, ya, p, ctx) && BN_mod_mul(u, xb, yb, p, ctx) &&
	     BN_mod_sub(t, t, u, p, ctx) && BN_cmp(t, ra) == 0;
	ok = ok && BN_mod_mul(t, xa, yb, p, ctx) && BN_mod_mul(u, xb, ya, p, ctx) &&
	     BN_mod_add(t, t, u, p, ctx) && BN_cmp(t, rb) == 0;
	BN_free(xa);
	BN_free(xb);
	BN_free(ya);
	BN_free(yb);
	BN_free(ra);
	BN_free(rb);
	BN_free(t);
	BN_free(u);
	return ok;
}

static void test_fp2_lazy(void)
{
	const struct sk_fp *pm = &ksrtp__sk_p.m;
	struct sk_fp edges[12], one = {{1}}, two = {{2}};
	struct sk_fp2 x, y, r1, r2, r3;
	int n = RUNNING_ON_VALGRIND ? 300 : 5000;
	int same = 1, bn = 1, canon = 1, sqr = 1, alias = 1;
	uint8_t b[128];
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p;

	memset(edges, 0, sizeof(edges));
	edges[1] = one;
	edges[2] = *pm;
	edges[2].v[0] -= 1; /* p - 1 (p is odd) */
	edges[3] = *pm;
	edges[3].v[0] -= 2;
	edges[4].v[15] = 1ULL << 63; /* 2^1023 < p */
	edges[5] = edges[4];
	edges[5].v[0] = 1;
	for (int i = 0; i < 16; i++)
		edges[6].v[i] = i < 15 ? ~0ULL : (1ULL << 63) - 1; /* 2^1023 - 1 */
	/* 2^1024 - p = ~p + 1 (no carry: p's low limb is odd) */
	for (int i = 0; i < 16; i++)
		edges[7].v[i] = ~pm->v[i];
	edges[7].v[0] += 1;
	/* (p - 1) / 2 */
	for (int i = 0; i < 16; i++)
		edges[8].v[i] = (pm->v[i] >> 1) | (i < 15 ? pm->v[i + 1] << 63 : 0);
	for (int i = 0; i < 15; i++)
		edges[9].v[i] = ~0ULL; /* 2^960 - 1 */
	edges[10] = ksrtp__sk_p.one;
	edges[11] = two;
	ksrtp__sk_to_bytes(b, pm);
	p = BN_bin2bn(b, sizeof(b), NULL);
	for (int i = 0; i < n && ctx && p; i++) {
		fp2_rand_coord(&x.a, edges, 12);
		fp2_rand_coord(&x.b, edges, 12);
		fp2_rand_coord(&y.a, edges, 12);
		fp2_rand_coord(&y.b, edges, 12);
		ksrtp__sk_fp2_mul(&r1, &x, &y);
		ksrtp__sk_fp2_mul_plain(&r2, &x, &y);
		same &= memcmp(&r1, &r2, sizeof(r1)) == 0;
		canon &= ksrtp__sk_lt(&r1.a, pm) && ksrtp__sk_lt(&r1.b, pm) ? 1 : 0;
		if (i < (RUNNING_ON_VALGRIND ? 50 : 1000))
			bn &= fp2_mul_bn_ok(ctx, p, &r1, &x, &y);
		ksrtp__sk_fp2_sqr(&r3, &x);
		ksrtp__sk_fp2_mul_plain(&r2, &x, &x);
		sqr &= memcmp(&r3, &r2, sizeof(r3)) == 0;
		/* aliased: r = x, then r = y */
		r3 = x;
		ksrtp__sk_fp2_mul(&r3, &r3, &y);
		alias &= memcmp(&r3, &r1, sizeof(r3)) == 0;
		r3 = y;
		ksrtp__sk_fp2_mul(&r3, &x, &r3);
		alias &= memcmp(&r3, &r1, sizeof(r3)) == 0;
	}
	tap_ok(ctx && p, "BIGNUM set-up for the F_p2 checks");
	tap_ok(same, "lazy F_p2 product = three Montgomery products (%d random and edge pairs)", n);
	tap_ok(canon, "lazy F_p2 product is fully reduced (below p)");
	tap_ok(bn, "lazy F_p2 product = BIGNUM (a c - b d) + (a d + b c) i");
	tap_ok(sqr, "F_p2 square = the straightforward product x x");
	tap_ok(alias, "lazy F_p2 product with the output aliasing an input");
	BN_free(p);
	BN_CTX_free(ctx);
}

static void test_combs(void)
{
	struct sk_pt *tab = calloc(SK_COMB_SIZE, sizeof(*tab)), a, b, c;
	struct sk_fp k1, k2, t, rep;
	struct sk_fp2 g, x, y;
	uint8_t kb[128], xb[128], yb[128];
	int ok = 1;

	tap_ok(tab && ksrtp__sk_comb_build(tab, &ksrtp__sk_gen) == 0 &&
		       memcmp(tab, ksrtp__sk_comb_p, SK_COMB_SIZE * sizeof(*tab)) == 0,
	       "comb table of P (lib/sakke_tables.c) = comb_build(P)");
	/* the g table: g^(sum of 2^(171 t)) via the generic exponentiation */
	g.a = ksrtp__sk_p.one;
	g.b = ksrtp__sk_g;
	for (int j = 1; j <= SK_COMB_SIZE; j++) {
		memset(&k1, 0, sizeof(k1));
		for (int bit = 0; bit < SK_COMB_TEETH; bit++)
			if (j >> bit & 1)
				k1.v[bit * SK_COMB_SPACING / 64] |= 1ULL
								    << (bit * SK_COMB_SPACING % 64);
		ksrtp__sk_fp2_pow(&x, &g, &k1, 1024);
		ksrtp__sk_mul(&ksrtp__sk_p, &rep, &x.a, &ksrtp__sk_comb_g[j - 1]);
		ok &= memcmp(&rep, &x.b, sizeof(rep)) == 0;
	}
	tap_ok(ok, "comb table of g (lib/sakke_tables.c) = g^(2^(171 t) combinations)");
	ok = 1;
	for (int i = 0; i < 4; i++) {
		RAND_bytes(kb, sizeof(kb));
		kb[0] &= 0x1f;
		ksrtp__sk_from_bytes(&k1, kb, sizeof(kb));
		RAND_bytes(kb, sizeof(kb));
		kb[0] &= 0x1f;
		ksrtp__sk_from_bytes(&k2, kb, sizeof(kb));
		/* a = [k1]P; comb of a; [k2]a both ways; [k1]P + [k2]a both ways */
		ok &= ksrtp__sk_comb_mul(&a, ksrtp__sk_comb_p, NULL, &k1, NULL, NULL, NULL) == 0;
		ok &= ksrtp__sk_pt_mul(&b, &ksrtp__sk_gen, &k1, 1024) == 0;
		ok &= memcmp(&a, &b, sizeof(a)) == 0;
		ok &= ksrtp__sk_comb_build(tab, &a) == 0;
		ok &= ksrtp__sk_comb_mul(&b, tab, NULL, &k2, NULL, NULL, NULL) == 0;
		ok &= ksrtp__sk_pt_mul(&c, &a, &k2, 1024) == 0;
		ok &= memcmp(&b, &c, sizeof(b)) == 0;
		ok &= ksrtp__sk_comb_mul_eq(tab, NULL, &k2, &c) == 1;
		c.x.v[3] ^= 1;
		ok &= ksrtp__sk_comb_mul_eq(tab, NULL, &k2, &c) == 0;
		ok &= ksrtp__sk_comb_mul(&b, ksrtp__sk_comb_p, NULL, &k1, tab, NULL, &k2) == 0;
		ok &= ksrtp__sk_pt_mul(&c, &a, &k2, 1024) == 0;
		ok &= ksrtp__sk_pt_add(&c, &c, &a) == 0;
		ok &= memcmp(&b, &c, sizeof(b)) == 0;
		/* g^k both ways */
		ksrtp__sk_g_pow(&x, &k1);
		ksrtp__sk_fp2_pow(&y, &g, &k1, 1024);
		ok &= ksrtp__sk_fp2_rep(xb, &x) == 0 && ksrtp__sk_fp2_rep(yb, &y) == 0 &&
		      memcmp(xb, yb, 128) == 0;
	}
	tap_ok(ok, "comb scalar multiplication and g^k = window/generic versions (random k)");
	if (ksrtp__sk_have_ifma()) {
		struct sk_comb52 *p52 = malloc(sizeof(*p52)), *a52 = malloc(sizeof(*a52));

		ok = p52 && a52;
		for (int i = 0; ok && i < 4; i++) {
			RAND_bytes(kb, sizeof(kb));
			kb[0] &= 0x3f;
			ksrtp__sk_from_bytes(&k1, kb, sizeof(kb));
			RAND_bytes(kb, sizeof(kb));
			kb[0] &= 0x3f;
			ksrtp__sk_from_bytes(&k2, kb, sizeof(kb));
			ksrtp__sk_comb52_from(p52, ksrtp__sk_comb_p);
			ok &= ksrtp__sk_comb_mul(&a, ksrtp__sk_comb_p, NULL, &k2, NULL, NULL,
						 NULL) == 0;
			ok &= ksrtp__sk_comb_build(tab, &a) == 0;
			ksrtp__sk_comb52_from(a52, tab);
			ok &= ksrtp__sk_comb_mul(&b, ksrtp__sk_comb_p, p52, &k1, tab, a52, &k2) ==
			      0;
			ok &= ksrtp__sk_comb_mul(&c, ksrtp__sk_comb_p, NULL, &k1, tab, NULL, &k2) ==
			      0;
			ok &= memcmp(&b, &c, sizeof(b)) == 0;
			ok &= ksrtp__sk_comb_mul_eq(tab, a52, &k1, &c) == 0;
			ok &= ksrtp__sk_comb_mul(&c, tab, NULL, &k1, NULL, NULL, NULL) == 0;
			ok &= ksrtp__sk_comb_mul_eq(tab, a52, &k1, &c) == 1;
		}
		tap_ok(ok, "IFMA comb multiplication = generic comb multiplication (random k)");
		{
			struct sk_g52 *g52 = malloc(sizeof(*g52));

			ok = g52 != NULL;
			if (ok)
				ksrtp__sk_g52_from(g52);
			for (int i = 0; ok && i < 4; i++) {
				RAND_bytes(kb, sizeof(kb));
				kb[0] &= 0x3f;
				ksrtp__sk_from_bytes(&k1, kb, sizeof(kb));
				ksrtp__sk_g_pow(&x, &k1);
				ok &= ksrtp__sk_g_pow_ifma(&y, g52, &k1) == 0;
				ok &= ksrtp__sk_fp2_rep(xb, &x) == 0 &&
				      ksrtp__sk_fp2_rep(yb, &y) == 0 && memcmp(xb, yb, 128) == 0;
			}
			tap_ok(ok, "IFMA g^k = generic g^k (random k)");
			free(g52);
		}
		free(p52);
		free(a52);
	} else {
		tap_skip("no AVX-512 IFMA on this CPU", "IFMA comb multiplication");
	}
	ksrtp__sk_to_bytes(kb, &ksrtp__sk_q.m);
	ksrtp__sk_from_bytes(&t, kb, 128);
	tap_ok(ksrtp__sk_comb_is_zero(ksrtp__sk_comb_p, NULL, &t) &&
		       ksrtp__sk_comb_mul(&a, ksrtp__sk_comb_p, NULL, &t, NULL, NULL, NULL) < 0,
	       "[q]P is the point at infinity");
	free(tab);
}

/* threads decapsulating with one fresh receiver: the first decapsulations race to build Q_b's comb
 */
struct decap_job {
	const struct ksrtp_sakke_receiver *rx;
	const uint8_t *sed;
	uint8_t ssv[16];
	int ret;
};

static void *decap_thread(void *arg)
{
	struct decap_job *j = arg;

	j->ret = ksrtp_sakke_decapsulate(j->rx, j->sed, SED_LEN, j->ssv);
	return NULL;
}

struct rx_job {
	const struct ksrtp_sakke_pub *pub;
	const uint8_t *id, *rsk;
	size_t id_len;
	const uint8_t *sed, *ssv;
	int ret;
};

/* a receiver of a shared pub (the first ones race to build its lines), then a decapsulation */
static void *rx_thread(void *arg)
{
	struct rx_job *j = arg;
	struct ksrtp_sakke_receiver *rx = NULL;
	uint8_t out[16];

	j->ret = ksrtp_sakke_receiver_new(&rx, j->pub, j->id, j->id_len, j->rsk);
	if (!j->ret)
		j->ret = ksrtp_sakke_decapsulate(rx, j->sed, SED_LEN, out);
	if (!j->ret && memcmp(out, j->ssv, 16))
		j->ret = -1;
	ksrtp_sakke_receiver_free(rx);
	return NULL;
}

static void test_threads(void)
{
	uint8_t z[128], Z[PT], rsk[PT], sed[SED_LEN], ssv[16], id[] = "tel:+15550100";
	struct ksrtp_sakke_pub *pub = NULL;
	struct ksrtp_sakke_receiver *rx = NULL;
	struct decap_job jobs[4];
	pthread_t th[4];
	int ok = 1, started = 0;

	RAND_bytes(ssv, sizeof(ssv));
	ok &= ksrtp_sakke_kms_keygen(z, Z) == 0 && ksrtp_sakke_pub_new(&pub, Z) == 0 &&
	      ksrtp_sakke_kms_rsk(z, sizeof(z), id, sizeof(id), rsk) == 0 &&
	      ksrtp_sakke_receiver_new(&rx, pub, id, sizeof(id), rsk) == 0 &&
	      ksrtp_sakke_encapsulate(pub, id, sizeof(id), ssv, sed) == 0;
	for (int i = 0; ok && i < 4; i++) {
		jobs[i].rx = rx;
		jobs[i].sed = sed;
		jobs[i].ret = -1;
		if (pthread_create(&th[i], NULL, decap_thread, &jobs[i]))
			break;
		started++;
	}
	for (int i = 0; i < started; i++) {
		pthread_join(th[i], NULL);
		ok &= jobs[i].ret == 0 && memcmp(jobs[i].ssv, ssv, 16) == 0;
	}
	tap_ok(ok && started == 4, "4 threads' first decapsulations with one receiver");
	{
		/* 4 threads' first receivers of a fresh pub: one builds the lines of P and Z */
		struct ksrtp_sakke_pub *pub2 = NULL;
		struct rx_job rj[4];

		started = 0;
		ok = ksrtp_sakke_pub_new(&pub2, Z) == 0;
		for (int i = 0; ok && i < 4; i++) {
			rj[i] = (struct rx_job){.pub = pub2,
						.id = id,
						.id_len = sizeof(id),
						.rsk = rsk,
						.sed = sed,
						.ssv = ssv,
						.ret = -1};
			if (pthread_create(&th[i], NULL, rx_thread, &rj[i]))
				break;
			started++;
		}
		for (int i = 0; i < started; i++) {
			pthread_join(th[i], NULL);
			ok &= rj[i].ret == 0;
		}
		tap_ok(ok && started == 4, "4 threads' receiver_new on a fresh pub (its lines "
					   "built once), each decapsulates");
		ksrtp_sakke_pub_free(pub2);
	}
	ksrtp_sakke_receiver_free(rx);
	ksrtp_sakke_pub_free(pub);
	OPENSSL_cleanse(z, sizeof(z));
}

static void test_roundtrips(void)
{
	uint8_t z[128], Z[PT], z2[128], Z2[PT], rsk[PT], rsk2[PT], sed[SED_LEN], sed2[SED_LEN];
	uint8_t ssv[16], out[16], id[40], id2[40];
	struct ksrtp_sakke_pub *pub = NULL, *pub2 = NULL, *pub3 = NULL;
	struct ksrtp_sakke_receiver *rx = NULL, *rx2 = NULL;
	int ok = 1, n = RUNNING_ON_VALGRIND ? 4 : 24;

	tap_eq_int(ksrtp_sakke_kms_keygen(z, Z), 0, "kms_keygen");
	tap_eq_int(ksrtp_sakke_kms_keygen(z2, Z2), 0, "kms_keygen (second KMS)");
	tap_eq_int(ksrtp_sakke_pub_new(&pub, Z), 0, "pub_new");
	tap_eq_int(ksrtp_sakke_pub_new(&pub2, Z2), 0, "pub_new (second KMS)");
	for (int i = 0; i < n; i++) {
		size_t idl = 1 + (size_t)i * 7 % 40; /* 1..40 octets */
		int ret;

		RAND_bytes(id, sizeof(id));
		RAND_bytes(ssv, sizeof(ssv));
		ret = ksrtp_sakke_kms_rsk(z, sizeof(z), id, idl, rsk);
		if (!ret)
			ret = ksrtp_sakke_receiver_new(&rx, pub, id, idl, rsk);
		if (!ret)
			ret = ksrtp_sakke_encapsulate(pub, id, idl, ssv, sed);
		memset(out, 0, sizeof(out));
		if (!ret)
			ret = ksrtp_sakke_decapsulate(rx, sed, sizeof(sed), out);
		ok &= ret == 0 && memcmp(out, ssv, 16) == 0;
		if (!ok)
			tap_diag("round trip %d failed: %d (%s)", i, ret, ksrtp_strerror(ret));
		ksrtp_sakke_receiver_free(rx);
		rx = NULL;
	}
	tap_ok(ok, "%d random identities: issue RSK, validate, encapsulate, decapsulate", n);

	/* negatives with one fixed receiver */
	RAND_bytes(id, sizeof(id));
	memcpy(id2, id, sizeof(id));
	id2[5] ^= 1;
	RAND_bytes(ssv, sizeof(ssv));
	ksrtp_sakke_kms_rsk(z, sizeof(z), id, sizeof(id), rsk);
	ksrtp_sakke_kms_rsk(z2, sizeof(z2), id, sizeof(id), rsk2);
	tap_eq_int(ksrtp_sakke_receiver_new(&rx, pub, id, sizeof(id), rsk), 0, "receiver_new");
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id2, sizeof(id2), rsk),
		   -KSRTP_ESAKKE_BAD_RSK, "receiver_new: RSK of another identity -> BAD_RSK");
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub2, id, sizeof(id), rsk), -KSRTP_ESAKKE_BAD_RSK,
		   "receiver_new: RSK under another KMS (other Z) -> BAD_RSK");
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id, sizeof(id), rsk2), -KSRTP_ESAKKE_BAD_RSK,
		   "receiver_new: RSK issued by another KMS -> BAD_RSK");
	memcpy(rsk2, rsk, PT);
	for (int i = 129; i < PT; i++) /* -RSK: y -> p - y */
		rsk2[i] = 0;
	{
		struct sk_pt t;
		struct sk_fp y;

		ksrtp__sk_pt_decode(&t, rsk);
		memset(&y, 0, sizeof(y));
		ksrtp__sk_sub(&ksrtp__sk_p, &t.y, &y, &t.y);
		ksrtp__sk_pt_encode(rsk2, &t);
	}
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id, sizeof(id), rsk2), -KSRTP_ESAKKE_BAD_RSK,
		   "receiver_new: -RSK (pairs to g^-1) -> BAD_RSK");
	memcpy(rsk2, rsk, PT);
	rsk2[100] ^= 0x10;
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id, sizeof(id), rsk2),
		   -KSRTP_ESAKKE_BAD_POINT, "receiver_new: RSK off the curve -> BAD_POINT");
	rsk_plus_small(rsk2, rsk, 1);
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id, sizeof(id), rsk2), -KSRTP_ESAKKE_BAD_RSK,
		   "receiver_new: RSK + a point of order 4 (pairs to g, order 4q) -> BAD_RSK");
	rsk_plus_small(rsk2, rsk, 2);
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, pub, id, sizeof(id), rsk2), -KSRTP_ESAKKE_BAD_RSK,
		   "receiver_new: RSK + (0, 0) (pairs to g, order 2q) -> BAD_RSK");
	tap_ok(rx2 == NULL, "failed receiver_new leaves *out NULL");
	tap_eq_int(ksrtp_sakke_receiver_new(&rx2, NULL, id, sizeof(id), rsk), -KSRTP_EINVAL,
		   "receiver_new without a pub -> EINVAL");
	memcpy(Z2, Z, PT);
	Z2[0] = 0x02;
	tap_eq_int(ksrtp_sakke_pub_new(&pub3, Z2), -KSRTP_ESAKKE_BAD_Z,
		   "pub_new: Z not 0x04-prefixed -> BAD_Z");

	tap_eq_int(ksrtp_sakke_encapsulate(pub, id, sizeof(id), ssv, sed), 0, "encapsulate");
	tap_eq_int(ksrtp_sakke_receiver_prepare(rx), 0, "receiver_prepare");
	tap_eq_int(ksrtp_sakke_receiver_prepare(rx), 0, "receiver_prepare again (idempotent)");
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, SED_LEN, out), 0, "decapsulate");
	tap_eq_hex(out, ssv, 16, "SSV round trip");
	tap_eq_int(ksrtp_sakke_encapsulate(pub, id2, sizeof(id2), ssv, sed2), 0,
		   "encapsulate to another identity");
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed2, SED_LEN, out), -KSRTP_ESAKKE_BAD_SED,
		   "decapsulate SED for another identity -> BAD_SED");
	tap_eq_int(ksrtp_sakke_encapsulate(pub2, id, sizeof(id), ssv, sed2), 0,
		   "encapsulate under another KMS");
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed2, SED_LEN, out), -KSRTP_ESAKKE_BAD_SED,
		   "decapsulate SED made under another KMS -> BAD_SED");

	/* every single-bit flip of the SED is rejected (under valgrind: every 8th flip of H) */
	{
		int rejected = 0, total = 0, wrong_err = 0, slow = RUNNING_ON_VALGRIND;

		for (int bit = 0; bit < SED_LEN * 8; bit++) {
			int ret;

			if (slow && bit >= PT * 8 && bit % 8)
				continue;
			memcpy(sed2, sed, SED_LEN);
			sed2[bit / 8] ^= (uint8_t)(0x80 >> (bit % 8));
			memset(out, 0xa5, sizeof(out));
			ret = ksrtp_sakke_decapsulate(rx, sed2, SED_LEN, out);
			total++;
			if (ret == -KSRTP_ESAKKE_BAD_SED)
				rejected++;
			else
				wrong_err++;
		}
		tap_ok(rejected == total && wrong_err == 0,
		       "%s %d single-bit flips of the SED rejected with BAD_SED (%d)",
		       slow ? "under valgrind," : "all", total, rejected);
	}
	/* lengths, infinity, the minimal-H encoding */
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, SED_LEN + 1, out), -KSRTP_ESAKKE_BAD_SED_LEN,
		   "274-octet SED -> BAD_SED_LEN");
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, PT, out), -KSRTP_ESAKKE_BAD_SED_LEN,
		   "257-octet SED (no H) -> BAD_SED_LEN");
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, SED_LEN - 1, out), -KSRTP_ESAKKE_BAD_SED,
		   "272-octet SED whose H does not start with 00 -> BAD_SED (TEST fails)");
	memset(sed2, 0, SED_LEN);
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed2, SED_LEN, out), -KSRTP_ESAKKE_BAD_SED,
		   "R = point at infinity (00...) -> BAD_SED");
	sed2[0] = 0x04;
	tap_eq_int(ksrtp_sakke_decapsulate(rx, sed2, SED_LEN, out), -KSRTP_ESAKKE_BAD_SED,
		   "R = (0, 0) (order 2) -> BAD_SED");
	{
		/* find an SSV whose H starts with 00 and decapsulate its 272-octet form */
		int found = 0;

		for (int i = 0; i < (RUNNING_ON_VALGRIND ? 0 : 2000) && !found; i++) {
			RAND_bytes(ssv, sizeof(ssv));
			ssv[0] = (uint8_t)i;
			if (ksrtp_sakke_encapsulate(pub, id, sizeof(id), ssv, sed) == 0 &&
			    sed[PT] == 0)
				found = 1;
		}
		if (found) {
			memset(out, 0, sizeof(out));
			tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, SED_LEN, out), 0,
				   "273-octet SED with H = 00...");
			memmove(sed + PT, sed + PT + 1, 15);
			memset(out, 0, sizeof(out));
			tap_eq_int(ksrtp_sakke_decapsulate(rx, sed, SED_LEN - 1, out), 0,
				   "272-octet SED (leading zero of H dropped) accepted");
			tap_eq_hex(out, ssv, 16, "272-octet SED gives the SSV");
		} else {
			tap_skip(RUNNING_ON_VALGRIND
					 ? "searching ~256 SSVs is too slow under valgrind"
					 : "no H with a leading zero in 2000 tries",
				 "272-octet SED");
		}
	}
	ksrtp_sakke_receiver_free(rx);
	ksrtp_sakke_pub_free(pub);
	ksrtp_sakke_pub_free(pub2);
}

/*
 * ksrtp__sk_pt_in_subgroup (2-descent) against [q]A = O, on [k]P plus every 2-power component:
 * T + [k]P for T = O, a point of order 4, its double (0, 0) and its triple.
 */
static void test_subgroup(void)
{
	int n = getenv("KSRTP_UNDER_VALGRIND") ? 2 : 8, agree = 1, seen[2] = {0, 0};
	uint8_t kb[128], *h;
	size_t hl;
	struct sk_pt t4, t4neg, a, b, prev, qa;
	struct sk_fp k, zero;

	h = tap_hex(sk_ord4, &hl);
	tap_ok(ksrtp__sk_pt_decode(&t4, h) == 0, "point of order 4 decodes");
	free(h);
	memset(&zero, 0, sizeof(zero));
	t4neg = t4;
	ksrtp__sk_sub(&ksrtp__sk_p, &t4neg.y, &zero, &t4.y);
	for (int i = 0; i < n; i++) {
		RAND_bytes(kb, sizeof(kb));
		kb[0] &= 0x1f;
		ksrtp__sk_from_bytes(&k, kb, sizeof(kb));
		if (ksrtp__sk_pt_mul(&a, &ksrtp__sk_gen, &k, 1024) < 0)
			continue;
		for (int c = 0; c < 4; c++) {
			int in, want;

			/* c = 0: a; 1: a + T4; 2: a + (0, 0) = (a + T4) + T4; 3: a - T4 */
			if (c == 0)
				b = a;
			else if (c == 1 || c == 2)
				ksrtp__sk_pt_add(&b, c == 1 ? &a : &prev, &t4);
			else
				ksrtp__sk_pt_add(&b, &a, &t4neg);
			in = ksrtp__sk_pt_in_subgroup(&b);
			want = ksrtp__sk_pt_mul(&qa, &b, &ksrtp__sk_q.m, 1024) < 0;
			agree &= in == want && want == (c == 0);
			prev = b;
			seen[want]++;
		}
	}
	tap_ok(agree && seen[0] && seen[1],
	       "2-descent subgroup check agrees with [q]A = O (%d in, %d out)", seen[1], seen[0]);
	tap_ok(ksrtp__sk_pt_in_subgroup(&ksrtp__sk_gen) == 1, "P is in the subgroup");
}

static void test_scalars_and_points(const struct tap_vec *v)
{
	uint8_t z[129], out[PT], q[128], pt[PT];
	struct ksrtp_sakke_pub *pub = NULL;
	static const char ord4q[] = "047A1EB92D9059129E61FBAA7B988F5E8828226F9C24617BFA77AC435F5E93"
				    "CC5789D3A4B7A46D8BD99"
				    "05D11DDD0201A4168C422A76B4A439921109D0DD18AA8665A03A612F5532E9"
				    "C4B0E9E7F94B59DB0F37B"
				    "7AFB56E12B56833CE1378B93983C4B978EAF18463B8A4D27667D9D1289458C"
				    "C8678B093B5DD5F6E0FF0"
				    "55FB693A63A63289611504200FA6E74D59A665F27CEF0B53B701990322C728"
				    "2BD9D946077AD1AE55934"
				    "C8F65648601708D560553A86C75000DA6C469B59F5673F6AD8660705F4611F"
				    "C687EF8F8C4F1511AA05F"
				    "EE77B652B98B658324AC1EB3EFAFD854008D14C1E1F4DC9C33E605F20D08BB"
				    "9C9C3D24DF1ECE369F54E"
				    "794EFDFB85672C17";
	uint8_t *h;
	size_t hl;

	memcpy(q, vget(v, "q", 128), 128);
	memset(z, 0, sizeof(z));
	tap_eq_int(ksrtp_sakke_kms_public(z, 128, out), -KSRTP_ESAKKE_BAD_SCALAR,
		   "kms_public: z = 0 -> BAD_SCALAR");
	tap_eq_int(ksrtp_sakke_kms_public(q, 128, out), -KSRTP_ESAKKE_BAD_SCALAR,
		   "kms_public: z = q -> BAD_SCALAR");
	memset(z, 0xff, 128);
	tap_eq_int(ksrtp_sakke_kms_public(z, 128, out), -KSRTP_ESAKKE_BAD_SCALAR,
		   "kms_public: z = 2^1024 - 1 -> BAD_SCALAR");
	z[0] = 1;
	tap_eq_int(ksrtp_sakke_kms_public(z, 129, out), -KSRTP_ESAKKE_BAD_SCALAR,
		   "kms_public: z longer than 128 octets -> BAD_SCALAR");
	memcpy(z, q, 128);
	z[127] -= 1;
	tap_eq_int(ksrtp_sakke_kms_public(z, 128, out), 0, "kms_public: z = q - 1 accepted");
	memcpy(pt, out, PT); /* [q-1]P = -P */
	tap_eq_hex(pt + 1, vget(v, "Px", 128), 128, "[q-1]P has P's x");
	memset(z, 0, sizeof(z));
	tap_eq_int(ksrtp_sakke_kms_rsk(z, 128, (const uint8_t *)"a", 1, out),
		   -KSRTP_ESAKKE_BAD_SCALAR, "kms_rsk: z = 0 -> BAD_SCALAR");
	z[0] = 5;
	tap_eq_int(ksrtp_sakke_kms_rsk(z, 1, (const uint8_t *)"\x05", 1, out), 0,
		   "kms_rsk: short z accepted");
	memcpy(z, q, 128);
	z[127] -= 0x61; /* z = q - 'a' makes b + z = 0 */
	tap_eq_int(ksrtp_sakke_kms_rsk(z, 128, (const uint8_t *)"a", 1, out),
		   -KSRTP_ESAKKE_BAD_SCALAR, "kms_rsk: b + z = 0 mod q -> BAD_SCALAR");

	h = tap_hex(ord4q, &hl);
	tap_eq_int(ksrtp_sakke_pub_new(&pub, h), -KSRTP_ESAKKE_BAD_Z,
		   "pub_new: Z on the curve but of order 4q -> BAD_Z");
	free(h);
	h = tap_hex(sk_ord4, &hl);
	tap_eq_int(ksrtp_sakke_pub_new(&pub, h), -KSRTP_ESAKKE_BAD_Z,
		   "pub_new: Z of order 4 -> BAD_Z");
	free(h);
	{
		struct sk_pt a, a2;

		h = tap_hex(ord4q, &hl);
		tap_ok(ksrtp__sk_pt_decode(&a, h) == 0 && ksrtp__sk_pt_add(&a2, &a, &a) == 0,
		       "[2]Z4q");
		ksrtp__sk_pt_encode(pt, &a2);
		tap_eq_int(ksrtp_sakke_pub_new(&pub, pt), -KSRTP_ESAKKE_BAD_Z,
			   "pub_new: Z of order 2q -> BAD_Z");
		free(h);
	}
	memcpy(pt, vget(v, "Z", PT), PT);
	pt[200] ^= 1;
	tap_eq_int(ksrtp_sakke_pub_new(&pub, pt), -KSRTP_ESAKKE_BAD_Z, "pub_new: Z off the curve");
	memcpy(pt + 1, vget(v, "p", 128), 128);
	tap_eq_int(ksrtp_sakke_pub_new(&pub, pt), -KSRTP_ESAKKE_BAD_Z, "pub_new: x = p -> BAD_Z");
	tap_ok(pub == NULL, "failed pub_new leaves *out NULL");
	tap_ok(ksrtp_strerror(-KSRTP_ESAKKE_BAD_SED) != NULL &&
		       strstr(ksrtp_strerror(-KSRTP_ESAKKE_BAD_SED), "SAKKE") != NULL,
	       "error messages: %s", ksrtp_strerror(-KSRTP_ESAKKE_BAD_SED));
}

/* Every check above, on whatever arithmetic the library selected. */
static int test_sakke_all(void)
{
	struct tap_vec *v = tap_vec_load("rfc6508-sakke.txt");
	struct tap_vec *m = tap_vec_load("ts33180-mikey-sakke-imessages.txt");

	test_rfc6508(v);
	test_imessages(m);
	test_pairing_vs_bignum();
	test_fp2_lazy();
	test_combs();
	test_pub_pow();
	test_scalars_and_points(v);
	test_subgroup();
	test_threads();
	test_roundtrips();
	tap_vec_free(v);
	tap_vec_free(m);
	return tap_done();
}

#ifndef TEST_SAKKE_NO_MAIN
int main(void)
{
	return test_sakke_all();
}
#else
#include <unistd.h>

/*
 * main() of a variant that runs every check with KSRTP_SAKKE_GENERIC=value. The library reads
 * the variable when it is loaded, so the program re-executes itself with it set. backend: the
 * ksrtp_sakke_backend() the variant needs (skipped when the CPU gives another one).
 */
static int test_sakke_variant(char **argv, const char *value, const char *backend,
			      const char *valgrind_skip)
{
	if (RUNNING_ON_VALGRIND) {
		printf("1..0 # SKIP %s\n", valgrind_skip);
		return 0;
	}
	if (!getenv("KSRTP_SAKKE_GENERIC")) {
		setenv("KSRTP_SAKKE_GENERIC", value, 1);
		execv("/proc/self/exe", argv);
		perror("execv /proc/self/exe");
		return 1;
	}
	if (strcmp(ksrtp_sakke_backend(), backend) != 0) {
		printf("1..0 # SKIP the CPU does not run the %s code (backend: %s)\n", backend,
		       ksrtp_sakke_backend());
		return 0;
	}
	tap_ok(!ksrtp__sk_have_ifma(), "KSRTP_SAKKE_GENERIC=%s turns the IFMA code off", value);
	return test_sakke_all();
}
#endif
