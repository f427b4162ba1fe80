// SPDX-License-Identifier: GPL-2.0
/*
 * eccsi.c - ECCSI signatures (RFC 6507) on NIST P-256 / SHA-256, on OpenSSL 3.
 *
 * Secrets (KSAK, SSK, v, j) are scalars flagged BN_FLG_CONSTTIME: scalar multiplications by
 * them go through OpenSSL's constant-time paths, arithmetic modulo q is done in Montgomery
 * form, and the inversion in signing is a Fermat inversion with BN_mod_exp_mont_consttime.
 * Every object owns its EC_GROUP and Montgomery context (read-only after creation); each
 * call uses its own BN_CTX, so objects may be shared between threads.
 */
#include <ksrtp/eccsi.h>
#include <ksrtp/err.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <string.h>
#include <stdlib.h>

#include "internal.h"

#define N KSRTP_ECCSI_SCALAR_LEN

struct ksrtp_eccsi_signer {
	EC_GROUP *group;
	BN_MONT_CTX *mont; /* modulo q */
	BIGNUM *q_minus_2;
	BIGNUM *ssk;	/* secret, BN_FLG_CONSTTIME */
	uint8_t hs[32]; /* HS = hash(G || KPAK || ID || PVT) */
	uint8_t pvt[KSRTP_ECCSI_POINT_LEN];
};

struct ksrtp_eccsi_verifier {
	EC_GROUP *group;
	EC_POINT *kpak;
	uint8_t kpak_oct[KSRTP_ECCSI_POINT_LEN];
};

const char *ksrtp__eccsi_msg(int code)
{
	switch (code) {
	case KSRTP_EECCSI_BAD_POINT:
		return "ECCSI: a point is malformed, not on P-256, or the point at infinity";
	case KSRTP_EECCSI_BAD_SCALAR:
		return "ECCSI: a scalar is zero or not below the group order q";
	case KSRTP_EECCSI_BAD_SSK:
		return "ECCSI: SSK/PVT do not match the identity and KPAK (RFC 6507 5.1.2)";
	case KSRTP_EECCSI_BAD_SIG_LEN:
		return "ECCSI: a signature must be 129 octets (r || s || PVT)";
	case KSRTP_EECCSI_BAD_SIG:
		return "ECCSI: the signature does not verify for this identity and KMS";
	case KSRTP_EECCSI_BAD_KPAK:
		return "ECCSI: the KMS public authentication key (KPAK) is not a valid P-256 point";
	default: return NULL;
	}
}

static EC_GROUP *p256(void)
{
	return EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
}

/* Decode a SEC1 uncompressed point; on P-256 and not at infinity, else BAD_POINT. */
static int point_decode(const EC_GROUP *g, EC_POINT *p, const uint8_t in[KSRTP_ECCSI_POINT_LEN],
			BN_CTX *ctx)
{
	if (in[0] != 0x04)
		return -KSRTP_EECCSI_BAD_POINT;
	ERR_set_mark();
	int ok = EC_POINT_oct2point(g, p, in, KSRTP_ECCSI_POINT_LEN, ctx) == 1 &&
		 EC_POINT_is_on_curve(g, p, ctx) == 1 && !EC_POINT_is_at_infinity(g, p);
	ERR_pop_to_mark();
	return ok ? 0 : -KSRTP_EECCSI_BAD_POINT;
}

static int point_encode(const EC_GROUP *g, const EC_POINT *p, uint8_t out[KSRTP_ECCSI_POINT_LEN],
			BN_CTX *ctx)
{
	if (EC_POINT_is_at_infinity(g, p))
		return -KSRTP_ECRYPTO;
	if (EC_POINT_point2oct(g, p, POINT_CONVERSION_UNCOMPRESSED, out, KSRTP_ECCSI_POINT_LEN,
			       ctx) != KSRTP_ECCSI_POINT_LEN)
		return -KSRTP_ECRYPTO;
	return 0;
}

/* A scalar in [1, q-1], else BAD_SCALAR. */
static int scalar_decode(const EC_GROUP *g, BIGNUM *x, const uint8_t in[N])
{
	if (!BN_bin2bn(in, N, x))
		return -KSRTP_ENOMEM;
	if (BN_is_zero(x) || BN_cmp(x, EC_GROUP_get0_order(g)) >= 0)
		return -KSRTP_EECCSI_BAD_SCALAR;
	return 0;
}

static int sha256_parts(uint8_t out[32], const void *a, size_t al, const void *b, size_t bl,
			const void *c, size_t cl, const void *d, size_t dl)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok;

	if (!md)
		return -KSRTP_ENOMEM;
	ok = EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(md, a, al) == 1 &&
	     EVP_DigestUpdate(md, b, bl) == 1 && (!cl || EVP_DigestUpdate(md, c, cl) == 1) &&
	     (!dl || EVP_DigestUpdate(md, d, dl) == 1) && EVP_DigestFinal_ex(md, out, NULL) == 1;
	EVP_MD_CTX_free(md);
	return ok ? 0 : -KSRTP_ECRYPTO;
}

static int hs_compute(const EC_GROUP *g, const uint8_t kpak[KSRTP_ECCSI_POINT_LEN],
		      const uint8_t *id, size_t id_len, const uint8_t pvt[KSRTP_ECCSI_POINT_LEN],
		      uint8_t hs[32], BN_CTX *ctx)
{
	uint8_t gen[KSRTP_ECCSI_POINT_LEN];
	int err = point_encode(g, EC_GROUP_get0_generator(g), gen, ctx);

	if (err)
		return err;
	return sha256_parts(hs, gen, sizeof(gen), kpak, KSRTP_ECCSI_POINT_LEN, id, id_len, pvt,
			    KSRTP_ECCSI_POINT_LEN);
}

int ksrtp_eccsi_hs(const uint8_t kpak[KSRTP_ECCSI_POINT_LEN], const uint8_t *id, size_t id_len,
		   const uint8_t pvt[KSRTP_ECCSI_POINT_LEN], uint8_t hs[32])
{
	EC_GROUP *g;
	BN_CTX *ctx;
	int err;

	if (!kpak || (!id && id_len) || !pvt || !hs)
		return -KSRTP_EINVAL;
	g = p256();
	ctx = BN_CTX_new();
	err = g && ctx ? hs_compute(g, kpak, id, id_len, pvt, hs, ctx) : -KSRTP_ENOMEM;
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
	return err;
}

/* A uniformly random secret scalar in [1, q-1]. */
static int random_scalar(const EC_GROUP *g, BIGNUM *x, BN_CTX *ctx)
{
	for (int i = 0; i < 64; i++) {
		if (BN_priv_rand_range_ex(x, EC_GROUP_get0_order(g), 0, ctx) != 1)
			return -KSRTP_ERANDOM;
		if (!BN_is_zero(x))
			return 0;
	}
	return -KSRTP_ERANDOM;
}

static int bn_out(const BIGNUM *x, uint8_t out[N])
{
	return BN_bn2binpad(x, out, N) == N ? 0 : -KSRTP_ECRYPTO;
}

/* ---- signer ---------------------------------------------------------------------------- */

void ksrtp_eccsi_signer_free(struct ksrtp_eccsi_signer *s)
{
	if (!s)
		return;
	BN_clear_free(s->ssk);
	BN_free(s->q_minus_2);
	BN_MONT_CTX_free(s->mont);
	EC_GROUP_free(s->group);
	OPENSSL_cleanse(s, sizeof(*s));
	free(s);
}

/*
 * RFC 6507 5.1.2: the SSK must satisfy [SSK]G = KPAK + [HS]PVT. SSK is secret: [SSK]G is
 * computed alone (constant time); [HS]PVT + KPAK is public.
 */
static int ssk_check(const EC_GROUP *g, const BIGNUM *ssk, const EC_POINT *kpak,
		     const EC_POINT *pvt, const uint8_t hs[32], BN_CTX *ctx)
{
	EC_POINT *lhs = EC_POINT_new(g), *rhs = EC_POINT_new(g);
	BIGNUM *h;
	int err = -KSRTP_ENOMEM;

	BN_CTX_start(ctx);
	h = BN_CTX_get(ctx);
	if (!lhs || !rhs || !h || !BN_bin2bn(hs, 32, h))
		goto out;
	err = -KSRTP_ECRYPTO;
	if (EC_POINT_mul(g, lhs, ssk, NULL, NULL, ctx) != 1 ||
	    EC_POINT_mul(g, rhs, NULL, pvt, h, ctx) != 1 ||
	    EC_POINT_add(g, rhs, rhs, kpak, ctx) != 1)
		goto out;
	err = EC_POINT_cmp(g, lhs, rhs, ctx) == 0 ? 0 : -KSRTP_EECCSI_BAD_SSK;
out:
	BN_CTX_end(ctx);
	EC_POINT_free(lhs);
	EC_POINT_free(rhs);
	return err;
}

int ksrtp_eccsi_signer_new(struct ksrtp_eccsi_signer **out,
			   const uint8_t kpak[KSRTP_ECCSI_POINT_LEN], const uint8_t *id,
			   size_t id_len, const uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN],
			   const uint8_t pvt[KSRTP_ECCSI_POINT_LEN])
{
	struct ksrtp_eccsi_signer *s;
	EC_POINT *kp = NULL, *pv = NULL;
	BN_CTX *ctx = NULL;
	int err = -KSRTP_ENOMEM;

	if (!out || !kpak || (!id && id_len) || !ssk || !pvt)
		return -KSRTP_EINVAL;
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -KSRTP_ENOMEM;
	s->group = p256();
	ctx = BN_CTX_new();
	s->ssk = BN_secure_new();
	s->q_minus_2 = BN_new();
	s->mont = BN_MONT_CTX_new();
	if (!s->group || !ctx || !s->ssk || !s->q_minus_2 || !s->mont)
		goto fail;
	BN_set_flags(s->ssk, BN_FLG_CONSTTIME);
	kp = EC_POINT_new(s->group);
	pv = EC_POINT_new(s->group);
	if (!kp || !pv)
		goto fail;
	err = -KSRTP_ECRYPTO;
	if (!BN_copy(s->q_minus_2, EC_GROUP_get0_order(s->group)) ||
	    !BN_sub_word(s->q_minus_2, 2) ||
	    !BN_MONT_CTX_set(s->mont, EC_GROUP_get0_order(s->group), ctx))
		goto fail;
	err = point_decode(s->group, kp, kpak, ctx);
	if (err) {
		err = -KSRTP_EECCSI_BAD_KPAK;
		goto fail;
	}
	err = point_decode(s->group, pv, pvt, ctx);
	if (err)
		goto fail;
	err = scalar_decode(s->group, s->ssk, ssk);
	if (err)
		goto fail;
	BN_set_flags(s->ssk, BN_FLG_CONSTTIME);
	memcpy(s->pvt, pvt, sizeof(s->pvt));
	err = hs_compute(s->group, kpak, id, id_len, pvt, s->hs, ctx);
	if (err)
		goto fail;
	err = ssk_check(s->group, s->ssk, kp, pv, s->hs, ctx);
	if (err)
		goto fail;
	EC_POINT_free(kp);
	EC_POINT_free(pv);
	BN_CTX_free(ctx);
	*out = s;
	return 0;
fail:
	EC_POINT_free(kp);
	EC_POINT_free(pv);
	BN_CTX_free(ctx);
	ksrtp_eccsi_signer_free(s);
	return err;
}

/*
 * RFC 6507 5.2.1 with ephemeral j (secret, constant time). Returns 1 when j must be redrawn
 * (r = Jx is not in [1, q-1], or HE + r * SSK = 0 mod q), 0 on success, < 0 on error.
 */
static int sign_once(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
		     BIGNUM *j, uint8_t sig[KSRTP_ECCSI_SIG_LEN], BN_CTX *ctx)
{
	const EC_GROUP *g = s->group;
	const BIGNUM *q = EC_GROUP_get0_order(g);
	EC_POINT *jp = EC_POINT_new(g);
	BIGNUM *r, *he, *t, *inv;
	uint8_t rb[N], heb[32];
	int err = -KSRTP_ENOMEM;

	BN_CTX_start(ctx);
	r = BN_CTX_get(ctx);
	he = BN_CTX_get(ctx);
	t = BN_CTX_get(ctx);
	inv = BN_CTX_get(ctx);
	if (!jp || !inv)
		goto out;
	BN_set_flags(t, BN_FLG_CONSTTIME);
	BN_set_flags(inv, BN_FLG_CONSTTIME);
	err = -KSRTP_ECRYPTO;
	/* 2) J = [j]G, r = Jx */
	if (EC_POINT_mul(g, jp, j, NULL, NULL, ctx) != 1 ||
	    EC_POINT_get_affine_coordinates(g, jp, r, NULL, ctx) != 1)
		goto out;
	if (BN_is_zero(r) || BN_cmp(r, q) >= 0) {
		err = 1;
		goto out;
	}
	if (bn_out(r, rb))
		goto out;
	/* 3) HE = hash(HS || r || M) */
	err = sha256_parts(heb, s->hs, sizeof(s->hs), rb, sizeof(rb), msg, msg_len, NULL, 0);
	if (err)
		goto out;
	err = -KSRTP_ECRYPTO;
	if (!BN_bin2bn(heb, 32, he) || !BN_nnmod(he, he, q, ctx))
		goto out;
	/* 4) t = HE + r * SSK mod q, must be non-zero */
	if (!BN_to_montgomery(t, r, s->mont, ctx) ||
	    !BN_mod_mul_montgomery(t, t, s->ssk, s->mont, ctx) || !BN_mod_add_quick(t, t, he, q))
		goto out;
	if (BN_is_zero(t)) {
		err = 1;
		goto out;
	}
	/* 5) s' = t^-1 * j mod q (Fermat inversion, constant time) */
	if (!BN_mod_exp_mont_consttime(inv, t, s->q_minus_2, q, ctx, s->mont) ||
	    !BN_to_montgomery(inv, inv, s->mont, ctx) ||
	    !BN_mod_mul_montgomery(t, inv, j, s->mont, ctx))
		goto out;
	/* 6) s' < q < 2^256 always fits in N octets, so s = s' */
	memcpy(sig, rb, N);
	if (bn_out(t, sig + N))
		goto out;
	memcpy(sig + 2 * N, s->pvt, KSRTP_ECCSI_POINT_LEN);
	err = 0;
out:
	BN_clear(t);
	BN_clear(inv);
	BN_CTX_end(ctx);
	EC_POINT_clear_free(jp);
	return err;
}

static int sign_common(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
		       const uint8_t *jin, uint8_t sig[KSRTP_ECCSI_SIG_LEN])
{
	BN_CTX *ctx;
	BIGNUM *j;
	int err = -KSRTP_ENOMEM;

	if (!s || (!msg && msg_len) || !sig)
		return -KSRTP_EINVAL;
	ctx = BN_CTX_secure_new();
	if (!ctx)
		return -KSRTP_ENOMEM;
	BN_CTX_start(ctx);
	j = BN_CTX_get(ctx);
	if (!j)
		goto out;
	BN_set_flags(j, BN_FLG_CONSTTIME);
	if (jin) {
		err = scalar_decode(s->group, j, jin);
		BN_set_flags(j, BN_FLG_CONSTTIME);
		if (!err) {
			err = sign_once(s, msg, msg_len, j, sig, ctx);
			if (err == 1)
				err = -KSRTP_EECCSI_BAD_SCALAR;
		}
		goto out;
	}
	for (int i = 0; i < 64; i++) {
		err = random_scalar(s->group, j, ctx);
		if (err)
			break;
		err = sign_once(s, msg, msg_len, j, sig, ctx);
		if (err != 1)
			break;
	}
	if (err == 1)
		err = -KSRTP_ERANDOM;
out:
	BN_clear(j);
	BN_CTX_end(ctx);
	BN_CTX_free(ctx);
	return err;
}

int ksrtp_eccsi_sign(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
		     uint8_t sig[KSRTP_ECCSI_SIG_LEN])
{
	return sign_common(s, msg, msg_len, NULL, sig);
}

int ksrtp_eccsi_sign_with_j(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
			    const uint8_t j[KSRTP_ECCSI_SCALAR_LEN],
			    uint8_t sig[KSRTP_ECCSI_SIG_LEN])
{
	if (!j)
		return -KSRTP_EINVAL;
	return sign_common(s, msg, msg_len, j, sig);
}

/* ---- verifier -------------------------------------------------------------------------- */

void ksrtp_eccsi_verifier_free(struct ksrtp_eccsi_verifier *v)
{
	if (!v)
		return;
	EC_POINT_free(v->kpak);
	EC_GROUP_free(v->group);
	free(v);
}

int ksrtp_eccsi_verifier_new(struct ksrtp_eccsi_verifier **out,
			     const uint8_t kpak[KSRTP_ECCSI_POINT_LEN])
{
	struct ksrtp_eccsi_verifier *v;
	BN_CTX *ctx;
	int err = -KSRTP_ENOMEM;

	if (!out || !kpak)
		return -KSRTP_EINVAL;
	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -KSRTP_ENOMEM;
	ctx = BN_CTX_new();
	v->group = p256();
	if (!ctx || !v->group || !(v->kpak = EC_POINT_new(v->group)))
		goto fail;
	if (point_decode(v->group, v->kpak, kpak, ctx)) {
		err = -KSRTP_EECCSI_BAD_KPAK;
		goto fail;
	}
	memcpy(v->kpak_oct, kpak, sizeof(v->kpak_oct));
	BN_CTX_free(ctx);
	*out = v;
	return 0;
fail:
	BN_CTX_free(ctx);
	ksrtp_eccsi_verifier_free(v);
	return err;
}

int ksrtp_eccsi_verify(const struct ksrtp_eccsi_verifier *v, const uint8_t *id, size_t id_len,
		       const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len)
{
	const EC_GROUP *g;
	const BIGNUM *q;
	EC_POINT *pvt = NULL, *y = NULL;
	BN_CTX *ctx;
	BIGNUM *r, *s, *hs, *he, *u1, *u2, *jx;
	uint8_t hsb[32], heb[32];
	int err = -KSRTP_ENOMEM;

	if (!v || (!id && id_len) || (!msg && msg_len) || (!sig && sig_len))
		return -KSRTP_EINVAL;
	if (sig_len != KSRTP_ECCSI_SIG_LEN)
		return -KSRTP_EECCSI_BAD_SIG_LEN;
	g = v->group;
	q = EC_GROUP_get0_order(g);
	ctx = BN_CTX_new();
	if (!ctx)
		return -KSRTP_ENOMEM;
	BN_CTX_start(ctx);
	r = BN_CTX_get(ctx);
	s = BN_CTX_get(ctx);
	hs = BN_CTX_get(ctx);
	he = BN_CTX_get(ctx);
	u1 = BN_CTX_get(ctx);
	u2 = BN_CTX_get(ctx);
	jx = BN_CTX_get(ctx);
	pvt = EC_POINT_new(g);
	y = EC_POINT_new(g);
	if (!jx || !pvt || !y)
		goto out;
	/*
	 * r and s in [1, q-1]. (RFC 6507 compares Jx with r modulo p; a signer whose Jx is in
	 * [q, p-1], probability about 2^-128, would be refused here. Our signer redraws j then.)
	 */
	err = scalar_decode(g, r, sig);
	if (!err)
		err = scalar_decode(g, s, sig + N);
	if (err)
		goto out;
	/* 1) PVT on the curve */
	err = point_decode(g, pvt, sig + 2 * N, ctx);
	if (err)
		goto out;
	/* 2) HS = hash(G || KPAK || ID || PVT); 3) HE = hash(HS || r || M) */
	err = hs_compute(g, v->kpak_oct, id, id_len, sig + 2 * N, hsb, ctx);
	if (!err)
		err = sha256_parts(heb, hsb, sizeof(hsb), sig, N, msg, msg_len, NULL, 0);
	if (err)
		goto out;
	err = -KSRTP_ECRYPTO;
	if (!BN_bin2bn(hsb, 32, hs) || !BN_bin2bn(heb, 32, he))
		goto out;
	/* 4) Y = [HS]PVT + KPAK */
	if (EC_POINT_mul(g, y, NULL, pvt, hs, ctx) != 1 || EC_POINT_add(g, y, y, v->kpak, ctx) != 1)
		goto out;
	/* 5) J = [s]([HE]G + [r]Y) = [s*HE]G + [s*r]Y */
	if (!BN_mod_mul(u1, s, he, q, ctx) || !BN_mod_mul(u2, s, r, q, ctx) ||
	    EC_POINT_mul(g, y, u1, y, u2, ctx) != 1)
		goto out;
	/* 6) Jx = r (mod p), Jx != 0; r in [1, q-1] covers both */
	err = -KSRTP_EECCSI_BAD_SIG;
	if (EC_POINT_is_at_infinity(g, y))
		goto out;
	if (EC_POINT_get_affine_coordinates(g, y, jx, NULL, ctx) != 1) {
		err = -KSRTP_ECRYPTO;
		goto out;
	}
	err = BN_cmp(jx, r) == 0 ? 0 : -KSRTP_EECCSI_BAD_SIG;
out:
	EC_POINT_free(pvt);
	EC_POINT_free(y);
	BN_CTX_end(ctx);
	BN_CTX_free(ctx);
	return err;
}

/* ---- KMS side -------------------------------------------------------------------------- */

int ksrtp_eccsi_kms_keygen(uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN],
			   uint8_t kpak[KSRTP_ECCSI_POINT_LEN])
{
	EC_GROUP *g;
	EC_POINT *p = NULL;
	BN_CTX *ctx;
	BIGNUM *k = NULL;
	int err = -KSRTP_ENOMEM;

	if (!ksak || !kpak)
		return -KSRTP_EINVAL;
	g = p256();
	ctx = BN_CTX_secure_new();
	k = BN_secure_new();
	if (!g || !ctx || !k || !(p = EC_POINT_new(g)))
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	err = random_scalar(g, k, ctx);
	if (err)
		goto out;
	err = -KSRTP_ECRYPTO;
	if (EC_POINT_mul(g, p, k, NULL, NULL, ctx) != 1)
		goto out;
	err = point_encode(g, p, kpak, ctx);
	if (!err)
		err = bn_out(k, ksak);
out:
	BN_clear_free(k);
	EC_POINT_clear_free(p);
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
	return err;
}

int ksrtp_eccsi_kms_public(const uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN],
			   uint8_t kpak[KSRTP_ECCSI_POINT_LEN])
{
	EC_GROUP *g;
	EC_POINT *p = NULL;
	BN_CTX *ctx;
	BIGNUM *k = NULL;
	int err = -KSRTP_ENOMEM;

	if (!ksak || !kpak)
		return -KSRTP_EINVAL;
	g = p256();
	ctx = BN_CTX_secure_new();
	k = BN_secure_new();
	if (!g || !ctx || !k || !(p = EC_POINT_new(g)))
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	err = scalar_decode(g, k, ksak);
	if (err)
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	err = -KSRTP_ECRYPTO;
	if (EC_POINT_mul(g, p, k, NULL, NULL, ctx) == 1)
		err = point_encode(g, p, kpak, ctx);
out:
	BN_clear_free(k);
	EC_POINT_clear_free(p);
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
	return err;
}

int ksrtp_eccsi_kms_issue(const uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN], const uint8_t *id,
			  size_t id_len, const uint8_t *v_in, uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN],
			  uint8_t pvt[KSRTP_ECCSI_POINT_LEN])
{
	EC_GROUP *g;
	EC_POINT *p = NULL;
	BN_CTX *ctx;
	BIGNUM *k = NULL, *v = NULL, *hs = NULL, *t = NULL;
	BN_MONT_CTX *mont = NULL;
	uint8_t kpak[KSRTP_ECCSI_POINT_LEN], hsb[32], pvtb[KSRTP_ECCSI_POINT_LEN];
	int err = -KSRTP_ENOMEM;

	if (!ksak || (!id && id_len) || !ssk || !pvt)
		return -KSRTP_EINVAL;
	g = p256();
	ctx = BN_CTX_secure_new();
	k = BN_secure_new();
	v = BN_secure_new();
	t = BN_secure_new();
	hs = BN_new();
	mont = BN_MONT_CTX_new();
	if (!g || !ctx || !k || !v || !t || !hs || !mont || !(p = EC_POINT_new(g)))
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	BN_set_flags(v, BN_FLG_CONSTTIME);
	BN_set_flags(t, BN_FLG_CONSTTIME);
	err = scalar_decode(g, k, ksak);
	if (err)
		goto out;
	BN_set_flags(k, BN_FLG_CONSTTIME);
	err = -KSRTP_ECRYPTO;
	if (!BN_MONT_CTX_set(mont, EC_GROUP_get0_order(g), ctx) ||
	    EC_POINT_mul(g, p, k, NULL, NULL, ctx) != 1 || point_encode(g, p, kpak, ctx))
		goto out;
	for (int i = 0; i < 64; i++) {
		/* 1) v random in [1, q-1] (or the caller's) */
		if (v_in) {
			err = scalar_decode(g, v, v_in);
			BN_set_flags(v, BN_FLG_CONSTTIME);
		} else {
			err = random_scalar(g, v, ctx);
		}
		if (err)
			goto out;
		/* 2) PVT = [v]G */
		err = -KSRTP_ECRYPTO;
		if (EC_POINT_mul(g, p, v, NULL, NULL, ctx) != 1 || point_encode(g, p, pvtb, ctx))
			goto out;
		/* 3) HS = hash(G || KPAK || ID || PVT); 4) SSK = KSAK + HS * v mod q */
		err = hs_compute(g, kpak, id, id_len, pvtb, hsb, ctx);
		if (err)
			goto out;
		err = -KSRTP_ECRYPTO;
		if (!BN_bin2bn(hsb, 32, hs) || !BN_nnmod(hs, hs, EC_GROUP_get0_order(g), ctx) ||
		    !BN_to_montgomery(hs, hs, mont, ctx) ||
		    !BN_mod_mul_montgomery(t, hs, v, mont, ctx) ||
		    !BN_mod_add_quick(t, t, k, EC_GROUP_get0_order(g)))
			goto out;
		if (!BN_is_zero(t)) {
			err = bn_out(t, ssk);
			if (!err)
				memcpy(pvt, pvtb, KSRTP_ECCSI_POINT_LEN);
			goto out;
		}
		/* SSK = 0 is not a usable key: with a caller's v this is an error */
		if (v_in) {
			err = -KSRTP_EECCSI_BAD_SCALAR;
			goto out;
		}
	}
	err = -KSRTP_ERANDOM;
out:
	BN_clear_free(k);
	BN_clear_free(v);
	BN_clear_free(t);
	BN_free(hs);
	BN_MONT_CTX_free(mont);
	EC_POINT_clear_free(p);
	BN_CTX_free(ctx);
	EC_GROUP_free(g);
	return err;
}
