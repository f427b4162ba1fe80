// SPDX-License-Identifier: GPL-2.0
/*
 * sakke.c - SAKKE (RFC 6508) with MIKEY-SAKKE parameter set 1 (RFC 6509): KMS key
 * generation, RSK issue and validation, encapsulation and decapsulation.
 *
 * What is secret and handled in constant time: the KMS master secret z, (b + z)^-1, the RSK,
 * the SSV, r = HashToIntegerRange(SSV || b, q), g^r and w = <R, RSK>. What is public and may
 * take variable time: identities b, the KMS public key Z, the generator P, the received R,
 * and whether a check (RSK validation, TEST == R) passed.
 *
 * SED lengths: RFC 6508 defines the SED as R (257 octets) || H (16 octets). H is an integer
 * below 2^128 and one deployed implementation encodes it minimally (dropping leading zero
 * octets), so decapsulation also accepts 258..272 octets and left-pads H with zeros. Any
 * other length is rejected; a wrongly padded H would fail the TEST == R check anyway.
 */
#include <ksrtp/sakke.h>
#include <ksrtp/err.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "internal.h"
#include "sakke_math.h"

/*
 * Tables built lazily, once: build() runs under the lock the first time they are needed, and
 * success is published with release semantics and read with acquire semantics, so the objects
 * stay immutable to their users and shareable between threads. A failure is not remembered
 * (build() leaves nothing behind): the next call tries again.
 */
struct lazy {
	pthread_mutex_t lock;
	int lock_ok;
	atomic_int ready;
};

static int lazy_init(struct lazy *l)
{
	atomic_init(&l->ready, 0);
	l->lock_ok = pthread_mutex_init(&l->lock, NULL) == 0;
	return l->lock_ok ? 0 : -KSRTP_ENOMEM;
}

static void lazy_destroy(struct lazy *l)
{
	if (l->lock_ok)
		pthread_mutex_destroy(&l->lock);
}

static int lazy_run(struct lazy *l, int (*build)(void *), void *arg)
{
	int ret = 0;

	if (atomic_load_explicit(&l->ready, memory_order_acquire))
		return 0;
	pthread_mutex_lock(&l->lock);
	if (!atomic_load_explicit(&l->ready, memory_order_relaxed)) {
		ret = build(arg);
		if (!ret)
			atomic_store_explicit(&l->ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&l->lock);
	return ret;
}

struct ksrtp_sakke_pub {
	struct sk_pt z;
	struct sk_pt zcomb[SK_COMB_SIZE]; /* fixed-base comb of Z */
	int ifma;			  /* the tables below are filled (AVX-512 IFMA) */
	struct sk_comb52 p52, z52;	  /* the combs of P and Z for lib/sakke_ifma.c */
	struct sk_g52 g52;		  /* the comb of g for lib/sakke_ifma.c */
	/* for RSK validation, built by the first receiver_new: the lines of P and Z */
	struct lazy lines;
	struct sk_nlines *plines, *zlines;
};

/*
 * A receiver: the RSK validated by receiver_new; the tables that make decapsulation fast (the
 * RSK's Miller lines, secret; the comb of Q_b, public) are built by receiver_prepare or by the
 * first decapsulation.
 */
struct ksrtp_sakke_receiver {
	struct sk_pt z;	       /* KMS public key */
	struct sk_pt rsk;      /* the RSK (secret) */
	struct sk_pt qb;       /* [b]P + Z */
	int ifma;	       /* qb52 is filled (AVX-512 IFMA) */
	struct sk_line *lines; /* the Miller loop of <RSK, .> (secret) */
	size_t id_len;
	uint8_t *id;
	struct lazy prep;		   /* lines, qb, qbcomb and qb52 */
	struct sk_pt qbcomb[SK_COMB_SIZE]; /* fixed-base comb of Q_b, for TEST = [r]Q_b */
	struct sk_comb52 qb52;		   /* the comb of Q_b for lib/sakke_ifma.c */
};

const char *ksrtp__sakke_msg(int code)
{
	switch (code) {
	case KSRTP_ESAKKE_BAD_POINT:
		return "SAKKE: a point is malformed (not 0x04||x||y with 128-octet coordinates), "
		       "not on the curve, or of the wrong order";
	case KSRTP_ESAKKE_BAD_SCALAR:
		return "SAKKE: a scalar is zero or not below the group order q";
	case KSRTP_ESAKKE_BAD_RSK:
		return "SAKKE: the RSK does not belong to this identity and KMS public key "
		       "(RFC 6508 6.1.2 check failed)";
	case KSRTP_ESAKKE_BAD_SED_LEN:
		return "SAKKE: the encapsulated data is not R (257 octets) || H (16 octets; "
		       "258..273 "
		       "octets accepted)";
	case KSRTP_ESAKKE_BAD_SED:
		return "SAKKE: the encapsulated data is invalid or not for this identity/KMS "
		       "(R malformed, or TEST != R)";
	case KSRTP_ESAKKE_BAD_PARAMS:
		return "SAKKE: unsupported parameter set (only RFC 6509 parameter set 1)";
	case KSRTP_ESAKKE_BAD_Z:
		return "SAKKE: the KMS public key Z is not a valid point of order q";
	default: return NULL;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* RFC 6508 5.1 HashToIntegerRange with SHA-256: v' = v_1 || ... || v_l (l * 32 octets) */

static int h2ir_blocks(uint8_t *out, int l, const uint8_t *s1, size_t len1, const uint8_t *s2,
		       size_t len2)
{
	uint8_t a[32], h[32];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx != NULL;

	/* A = hashfn(s) */
	ok = ok && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) && EVP_DigestUpdate(ctx, s1, len1) &&
	     (len2 == 0 || EVP_DigestUpdate(ctx, s2, len2)) && EVP_DigestFinal_ex(ctx, a, NULL);
	/* h_0 = 00...0; h_i = hashfn(h_(i-1)); v_i = hashfn(h_i || A) */
	memset(h, 0, sizeof(h));
	for (int i = 0; ok && i < l; i++) {
		ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
		     EVP_DigestUpdate(ctx, h, sizeof(h)) && EVP_DigestFinal_ex(ctx, h, NULL) &&
		     EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
		     EVP_DigestUpdate(ctx, h, sizeof(h)) && EVP_DigestUpdate(ctx, a, sizeof(a)) &&
		     EVP_DigestFinal_ex(ctx, out + 32 * i, NULL);
	}
	EVP_MD_CTX_free(ctx);
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(h, sizeof(h));
	return ok ? 0 : -KSRTP_ECRYPTO;
}

/* HashToIntegerRange(s1 || s2, q): l = ceil(lg(q) / 256) = 4, then v' mod q (constant time) */
int ksrtp__sakke_h2ir_q(struct sk_fp *r, const uint8_t *s1, size_t len1, const uint8_t *s2,
			size_t len2)
{
	uint8_t v[4 * 32];
	struct sk_fp t;
	int ret = h2ir_blocks(v, 4, s1, len1, s2, len2);

	if (ret == 0) {
		ksrtp__sk_from_bytes(&t, v, sizeof(v));
		ksrtp__sk_mod_q(r, &t);
	}
	OPENSSL_cleanse(v, sizeof(v));
	OPENSSL_cleanse(&t, sizeof(t));
	return ret;
}

/* HashToIntegerRange(s, 2^128): l = 1, the last 16 octets of v_1 */
int ksrtp__sakke_h2ir_mask(uint8_t mask[KSRTP_SAKKE_SSV_LEN], const uint8_t *s, size_t len)
{
	uint8_t v[32];
	int ret = h2ir_blocks(v, 1, s, len, NULL, 0);

	memcpy(mask, v + 32 - KSRTP_SAKKE_SSV_LEN, KSRTP_SAKKE_SSV_LEN);
	OPENSSL_cleanse(v, sizeof(v));
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* identities and scalars */

/* b = id as a big-endian integer, reduced mod q (public) */
static int id_to_b(struct sk_fp *b, const uint8_t *id, size_t id_len)
{
	uint8_t qb[SK_BYTES], out[SK_BYTES];
	BIGNUM *bn = NULL, *q = NULL;
	BN_CTX *ctx = BN_CTX_new();
	int ok;

	ksrtp__sk_to_bytes(qb, &ksrtp__sk_q.m);
	ok = ctx && (bn = BN_bin2bn(id, (int)id_len, NULL)) != NULL &&
	     (q = BN_bin2bn(qb, sizeof(qb), NULL)) != NULL && BN_mod(bn, bn, q, ctx) &&
	     BN_bn2binpad(bn, out, sizeof(out)) == (int)sizeof(out);
	if (ok)
		ksrtp__sk_from_bytes(b, out, sizeof(out));
	BN_free(bn);
	BN_free(q);
	BN_CTX_free(ctx);
	return ok ? 0 : -KSRTP_ECRYPTO;
}

/* Q_b = [b]P + Z (public) */
static int make_qb(struct sk_pt *qb, const struct sk_comb52 *p52, const struct sk_pt *z,
		   const uint8_t *id, size_t id_len)
{
	struct sk_fp b;
	struct sk_pt bp;
	int ret = id_to_b(&b, id, id_len);

	if (ret)
		return ret;
	if (ksrtp__sk_comb_mul(&bp, ksrtp__sk_comb_p, p52, &b, NULL, NULL, NULL) < 0) {
		*qb = *z; /* b = 0 mod q */
		return 0;
	}
	/* b = -z mod q makes Q_b infinity: no key can exist for that identity */
	return ksrtp__sk_pt_add(qb, &bp, z) < 0 ? -KSRTP_ESAKKE_BAD_SCALAR : 0;
}

/* a secret scalar in [1, q-1] from big-endian octets */
static int scalar_from_bytes(struct sk_fp *k, const uint8_t *in, size_t len)
{
	if (ksrtp__sk_from_bytes(k, in, len) < 0 || ksrtp__sk_is_zero(k) ||
	    !ksrtp__sk_lt(k, &ksrtp__sk_q.m))
		return -KSRTP_ESAKKE_BAD_SCALAR;
	return 0;
}

/* the comb of a public point of order q */
static int comb_of(struct sk_pt comb[SK_COMB_SIZE], struct sk_comb52 *c52, const struct sk_pt *a)
{
	if (ksrtp__sk_comb_build(comb, a) < 0)
		return -1;
	if (c52)
		ksrtp__sk_comb52_from(c52, comb);
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* sender */

void ksrtp_sakke_pub_free(struct ksrtp_sakke_pub *pub)
{
	if (!pub)
		return;
	lazy_destroy(&pub->lines);
	ksrtp__sk_nlines_free(pub->plines);
	ksrtp__sk_nlines_free(pub->zlines);
	free(pub);
}

int ksrtp_sakke_pub_new(struct ksrtp_sakke_pub **out, const uint8_t z_pub[KSRTP_SAKKE_POINT_LEN])
{
	struct ksrtp_sakke_pub *pub;
	int ret;

	if (!out || !z_pub)
		return -KSRTP_EINVAL;
	*out = NULL;
	pub = calloc(1, sizeof(*pub));
	if (!pub)
		return -KSRTP_ENOMEM;
	if (lazy_init(&pub->lines)) {
		free(pub);
		return -KSRTP_ENOMEM;
	}
	pub->ifma = ksrtp__sk_have_ifma();
	ret = ksrtp__sk_pt_decode(&pub->z, z_pub) < 0 ? 0 : ksrtp__sk_pt_in_subgroup(&pub->z);
	if (ret != 1 || comb_of(pub->zcomb, pub->ifma ? &pub->z52 : NULL, &pub->z) < 0) {
		ksrtp_sakke_pub_free(pub);
		return ret < 0 ? -KSRTP_ECRYPTO : -KSRTP_ESAKKE_BAD_Z;
	}
	if (pub->ifma) {
		ksrtp__sk_comb52_from(&pub->p52, ksrtp__sk_comb_p);
		ksrtp__sk_g52_from(&pub->g52);
	}
	*out = pub;
	return 0;
}

/* the lines of P and Z for RSK validation, built by the first receiver of a pub */
static int build_pub_lines(void *arg)
{
	struct ksrtp_sakke_pub *pub = arg;

	if (ksrtp__sk_nlines_new(&pub->plines, &ksrtp__sk_gen) ||
	    ksrtp__sk_nlines_new(&pub->zlines, &pub->z)) {
		ksrtp__sk_nlines_free(pub->plines);
		pub->plines = NULL;
		return -KSRTP_ENOMEM; /* P and a validated Z have order q */
	}
	return 0;
}

static int pub_lines(const struct ksrtp_sakke_pub *pub)
{
	/* the lazily built members are not part of the object's observable state */
	return lazy_run((struct lazy *)&pub->lines, build_pub_lines, (void *)pub);
}

int ksrtp_sakke_encapsulate(const struct ksrtp_sakke_pub *pub, const uint8_t *id, size_t id_len,
			    const uint8_t ssv[KSRTP_SAKKE_SSV_LEN],
			    uint8_t sed[KSRTP_SAKKE_SED_LEN])
{
	const struct sk_mont *Q = &ksrtp__sk_q;
	struct sk_pt R;
	struct sk_fp r, b, rb;
	uint8_t grb[SK_BYTES], mask[KSRTP_SAKKE_SSV_LEN];
	int ret;

	if (!pub || (!id && id_len) || !ssv || !sed)
		return -KSRTP_EINVAL;
	ret = id_to_b(&b, id, id_len);
	if (ret)
		return ret;
	/* r = HashToIntegerRange(SSV || b, q); r = 0 has probability ~2^-1022 */
	ret = ksrtp__sakke_h2ir_q(&r, ssv, KSRTP_SAKKE_SSV_LEN, id, id_len);
	if (ret)
		goto out;
	/* R = [r]([b]P + Z) = [r b mod q]P + [r]Z, both fixed-base, and g^r */
	ksrtp__sk_to_mont(Q, &rb, &r);
	ksrtp__sk_mul(Q, &rb, &rb, &b);
	if (ksrtp__sk_is_zero(&r)) {
		ret = -KSRTP_ECRYPTO;
		goto out;
	}
	ret = ksrtp__sk_encap_core(&R, grb, ksrtp__sk_comb_p, pub->ifma ? &pub->p52 : NULL, &rb,
				   pub->zcomb, pub->ifma ? &pub->z52 : NULL, &r,
				   pub->ifma ? &pub->g52 : NULL, &r);
	if (ret) {
		ret = ret == -2 ? -KSRTP_ERANDOM : -KSRTP_ECRYPTO;
		goto out;
	}
	/* H = SSV XOR HashToIntegerRange(g^r, 2^n) */
	ret = ksrtp__sakke_h2ir_mask(mask, grb, sizeof(grb));
	if (ret)
		goto out;
	ksrtp__sk_pt_encode(sed, &R);
	for (int i = 0; i < KSRTP_SAKKE_SSV_LEN; i++)
		sed[KSRTP_SAKKE_POINT_LEN + i] = ssv[i] ^ mask[i];
out:
	OPENSSL_cleanse(&r, sizeof(r));
	OPENSSL_cleanse(&rb, sizeof(rb));
	OPENSSL_cleanse(grb, sizeof(grb));
	OPENSSL_cleanse(mask, sizeof(mask));
	return ret;
}

/* ---------------------------------------------------------------------------------------- */
/* receiver */

void ksrtp_sakke_receiver_free(struct ksrtp_sakke_receiver *rx)
{
	if (!rx)
		return;
	lazy_destroy(&rx->prep);
	free(rx->id);
	if (rx->lines) {
		OPENSSL_cleanse(rx->lines, ksrtp__sk_lines_count() * sizeof(*rx->lines));
		free(rx->lines);
	}
	OPENSSL_cleanse(rx, sizeof(*rx));
	free(rx);
}

/*
 * RFC 6508 6.1.2: <[b]P + Z, RSK> == g, evaluated as <P, RSK>^b <Z, RSK> from the lines of P
 * and Z (public, shared by every receiver of the KMS): no Miller loop over the RSK here. Then
 * the RSK must have order q (the pairing check cannot see a component of order 2 or 4).
 */
static int rsk_validate(const struct ksrtp_sakke_pub *pub, const struct sk_pt *K, const uint8_t *id,
			size_t id_len)
{
	struct sk_fp2 fp, fz, f;
	struct sk_fp b;
	int ret = id_to_b(&b, id, id_len);

	if (ret)
		return ret;
	ret = pub_lines(pub);
	if (ret)
		return ret;
	ksrtp__sk_nlines_eval2(&fp, pub->plines, &fz, pub->zlines, K);
	ksrtp__sk_fp2_pow_pub(&f, &fp, &b, ksrtp__sk_bits(&b));
	ksrtp__sk_fp2_mul(&f, &f, &fz);
	/* the pairing value is f^4 in PF_p */
	ksrtp__sk_fp2_sqr(&f, &f);
	ksrtp__sk_fp2_sqr(&f, &f);
	if (!ksrtp__sk_fp2_rep_eq(&f, &ksrtp__sk_g)) {
		ret = -KSRTP_ESAKKE_BAD_RSK;
		goto out;
	}
	ret = ksrtp__sk_pt_in_subgroup_secret(K);
	ret = ret == 1 ? 0 : ret == 0 ? -KSRTP_ESAKKE_BAD_RSK : -KSRTP_ECRYPTO;
out:
	OPENSSL_cleanse(&fp, sizeof(fp));
	OPENSSL_cleanse(&fz, sizeof(fz));
	OPENSSL_cleanse(&f, sizeof(f));
	return ret;
}

int ksrtp_sakke_receiver_new(struct ksrtp_sakke_receiver **out, const struct ksrtp_sakke_pub *pub,
			     const uint8_t *id, size_t id_len,
			     const uint8_t rsk[KSRTP_SAKKE_POINT_LEN])
{
	struct ksrtp_sakke_receiver *rx;
	int ret;

	if (!out || !pub || (!id && id_len) || !rsk)
		return -KSRTP_EINVAL;
	*out = NULL;
	rx = calloc(1, sizeof(*rx));
	if (!rx)
		return -KSRTP_ENOMEM;
	if (lazy_init(&rx->prep)) {
		free(rx);
		return -KSRTP_ENOMEM;
	}
	rx->id = malloc(id_len ? id_len : 1);
	if (!rx->id) {
		ret = -KSRTP_ENOMEM;
		goto fail;
	}
	if (id_len)
		memcpy(rx->id, id, id_len);
	rx->id_len = id_len;
	rx->z = pub->z;
	rx->ifma = pub->ifma;
	if (ksrtp__sk_pt_decode(&rx->rsk, rsk) < 0) {
		ret = -KSRTP_ESAKKE_BAD_POINT;
		goto fail;
	}
	ret = rsk_validate(pub, &rx->rsk, id, id_len);
	if (ret)
		goto fail;
	*out = rx;
	return 0;
fail:
	ksrtp_sakke_receiver_free(rx);
	return ret;
}

/* the RSK's Miller lines (secret) and Q_b with its comb (public) */
static int build_tables(struct ksrtp_sakke_receiver *rx)
{
	struct sk_comb52 *p52 = NULL;
	int ret;

	rx->lines = malloc(ksrtp__sk_lines_count() * sizeof(*rx->lines));
	if (!rx->lines)
		return -KSRTP_ENOMEM;
	/* the pairing is symmetric on E[q]: w = <R, RSK> = <RSK, R>, so the Miller loop runs over
	 * the fixed RSK and its lines serve every decapsulation */
	ret = ksrtp__sk_lines_precompute(rx->lines, &rx->rsk);
	if (ret)
		return ret == -2 ? -KSRTP_ENOMEM : -KSRTP_ECRYPTO;
	if (rx->ifma) {
		p52 = malloc(sizeof(*p52));
		if (!p52)
			return -KSRTP_ENOMEM;
		ksrtp__sk_comb52_from(p52, ksrtp__sk_comb_p);
	}
	ret = make_qb(&rx->qb, p52, &rx->z, rx->id, rx->id_len);
	free(p52);
	if (ret)
		return ret;
	return comb_of(rx->qbcomb, rx->ifma ? &rx->qb52 : NULL, &rx->qb) < 0 ? -KSRTP_ECRYPTO : 0;
}

static int build_tables_once(void *arg)
{
	struct ksrtp_sakke_receiver *rx = arg;
	int ret = build_tables(rx);

	if (ret && rx->lines) {
		OPENSSL_cleanse(rx->lines, ksrtp__sk_lines_count() * sizeof(*rx->lines));
		free(rx->lines);
		rx->lines = NULL;
	}
	return ret;
}

int ksrtp_sakke_receiver_prepare(const struct ksrtp_sakke_receiver *rx)
{
	if (!rx)
		return -KSRTP_EINVAL;
	/* the lazily built members are not part of the object's observable state */
	return lazy_run((struct lazy *)&rx->prep, build_tables_once, (void *)rx);
}

int ksrtp_sakke_decapsulate(const struct ksrtp_sakke_receiver *rx, const uint8_t *sed,
			    size_t sed_len, uint8_t ssv[KSRTP_SAKKE_SSV_LEN])
{
	uint8_t h[KSRTP_SAKKE_SSV_LEN], wb[SK_BYTES], mask[KSRTP_SAKKE_SSV_LEN];
	uint8_t s[KSRTP_SAKKE_SSV_LEN];
	struct sk_pt R;
	struct sk_fp2 w;
	struct sk_fp r;
	size_t hl;
	int ret;

	if (!rx || !sed || !ssv)
		return -KSRTP_EINVAL;
	if (sed_len <= KSRTP_SAKKE_POINT_LEN || sed_len > KSRTP_SAKKE_SED_LEN)
		return -KSRTP_ESAKKE_BAD_SED_LEN;
	hl = sed_len - KSRTP_SAKKE_POINT_LEN;
	memset(h, 0, sizeof(h));
	memcpy(h + sizeof(h) - hl, sed + KSRTP_SAKKE_POINT_LEN, hl);
	if (ksrtp__sk_pt_decode(&R, sed) < 0)
		return -KSRTP_ESAKKE_BAD_SED;
	ret = ksrtp_sakke_receiver_prepare(rx);
	if (ret)
		return ret;
	/* w = <R, RSK> = <RSK, R>; SSV = H XOR HashToIntegerRange(w, 2^n) */
	ksrtp__sk_lines_eval(&w, rx->lines, &R);
	ret = ksrtp__sk_fp2_rep(wb, &w);
	if (ret) {
		ret = ret == -1 ? -KSRTP_ESAKKE_BAD_SED : -KSRTP_ERANDOM;
		goto out;
	}
	ret = ksrtp__sakke_h2ir_mask(mask, wb, sizeof(wb));
	if (ret)
		goto out;
	for (int i = 0; i < KSRTP_SAKKE_SSV_LEN; i++)
		s[i] = h[i] ^ mask[i];
	/* r = HashToIntegerRange(SSV || b, q); TEST = [r]([b]P + Z) must equal R */
	ret = ksrtp__sakke_h2ir_q(&r, s, sizeof(s), rx->id, rx->id_len);
	if (ret)
		goto out;
	if (!ksrtp__sk_comb_mul_eq(rx->qbcomb, rx->ifma ? &rx->qb52 : NULL, &r, &R)) {
		ret = -KSRTP_ESAKKE_BAD_SED;
		goto out;
	}
	memcpy(ssv, s, sizeof(s));
out:
	OPENSSL_cleanse(&w, sizeof(w));
	OPENSSL_cleanse(&r, sizeof(r));
	OPENSSL_cleanse(wb, sizeof(wb));
	OPENSSL_cleanse(mask, sizeof(mask));
	OPENSSL_cleanse(s, sizeof(s));
	return ret;
}

const char *ksrtp_sakke_backend(void)
{
	return ksrtp__sk_backend();
}

/* ---------------------------------------------------------------------------------------- */
/* KMS */

int ksrtp_sakke_kms_public(const uint8_t *z, size_t z_len, uint8_t z_pub[KSRTP_SAKKE_POINT_LEN])
{
	struct sk_fp k;
	struct sk_pt Z;
	int ret;

	if (!z || !z_pub)
		return -KSRTP_EINVAL;
	ret = scalar_from_bytes(&k, z, z_len);
	if (ret == 0) {
		if (ksrtp__sk_comb_mul(&Z, ksrtp__sk_comb_p, NULL, &k, NULL, NULL, NULL) < 0)
			ret = -KSRTP_ESAKKE_BAD_SCALAR;
		else
			ksrtp__sk_pt_encode(z_pub, &Z);
	}
	OPENSSL_cleanse(&k, sizeof(k));
	return ret;
}

int ksrtp_sakke_kms_keygen(uint8_t z[KSRTP_SAKKE_SCALAR_LEN], uint8_t z_pub[KSRTP_SAKKE_POINT_LEN])
{
	struct sk_fp k, two = {{2}};
	int ret;

	if (!z || !z_pub)
		return -KSRTP_EINVAL;
	/* rejection sampling of a 1022-bit integer into [2, q-1] (q > 2^1021: < 2 tries) */
	for (;;) {
		if (RAND_priv_bytes(z, KSRTP_SAKKE_SCALAR_LEN) != 1)
			return -KSRTP_ERANDOM;
		z[0] &= 0x3f;
		ksrtp__sk_from_bytes(&k, z, KSRTP_SAKKE_SCALAR_LEN);
		if (ksrtp__sk_lt(&k, &ksrtp__sk_q.m) && !ksrtp__sk_lt(&k, &two))
			break;
	}
	OPENSSL_cleanse(&k, sizeof(k));
	ret = ksrtp_sakke_kms_public(z, KSRTP_SAKKE_SCALAR_LEN, z_pub);
	if (ret)
		OPENSSL_cleanse(z, KSRTP_SAKKE_SCALAR_LEN);
	return ret;
}

int ksrtp_sakke_kms_rsk(const uint8_t *z, size_t z_len, const uint8_t *id, size_t id_len,
			uint8_t rsk[KSRTP_SAKKE_POINT_LEN])
{
	const struct sk_mont *Q = &ksrtp__sk_q;
	struct sk_fp k, b, s;
	struct sk_pt K;
	int ret;

	if (!z || (!id && id_len) || !rsk)
		return -KSRTP_EINVAL;
	ret = scalar_from_bytes(&k, z, z_len);
	if (ret)
		goto out;
	ret = id_to_b(&b, id, id_len);
	if (ret)
		goto out;
	/* s = (b + z)^-1 mod q, in Montgomery form modulo q, constant time */
	ksrtp__sk_add(Q, &s, &b, &k);
	if (ksrtp__sk_is_zero(&s)) {
		ret = -KSRTP_ESAKKE_BAD_SCALAR; /* b = -z: no key exists for this identity */
		goto out;
	}
	ksrtp__sk_to_mont(Q, &s, &s);
	ksrtp__sk_inv(Q, &s, &s);
	ksrtp__sk_from_mont(Q, &s, &s);
	if (ksrtp__sk_comb_mul(&K, ksrtp__sk_comb_p, NULL, &s, NULL, NULL, NULL) < 0) {
		ret = -KSRTP_ECRYPTO;
		goto out;
	}
	ksrtp__sk_pt_encode(rsk, &K);
out:
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(&s, sizeof(s));
	OPENSSL_cleanse(&K, sizeof(K));
	return ret;
}
