/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sakke_math.h - the arithmetic behind SAKKE (RFC 6508) with RFC 6509 parameter set 1, internal
 * to libksrtp (lib/sakke.c and the unit tests use it; it is not a public API).
 *
 * Fp is the 1024-bit prime field of parameter set 1, elements held as 16 little-endian 64-bit
 * limbs in Montgomery form (R = 2^1024). The same Montgomery code works modulo q for scalars.
 * Fp2 = Fp[i]/(i^2 + 1) (p = 3 mod 4). Points of E: y^2 = x^3 - 3x are affine (x, y) in
 * Montgomery form; the point at infinity is never encoded.
 *
 * Constant time: every field operation is branch-free and has no secret-dependent memory
 * access (conditional subtractions by masking). Scalar multiplication by a secret uses a fixed
 * 4-bit window with a masked table scan, and the Miller loop's control flow depends only on the
 * public group order q.
 */
#ifndef KSRTP_SAKKE_MATH_H
#define KSRTP_SAKKE_MATH_H

#include <stddef.h>
#include <stdint.h>

#define SK_LIMBS 16
#define SK_BYTES 128

struct sk_fp {
	uint64_t v[SK_LIMBS];
};

/* a + b i */
struct sk_fp2 {
	struct sk_fp a, b;
};

/* an affine point, coordinates in Montgomery form */
struct sk_pt {
	struct sk_fp x, y;
};

/* A Montgomery modulus: m (odd, 1024 bits or less), -m^-1 mod 2^64, R^2 mod m, R mod m. */
struct sk_mont {
	struct sk_fp m;
	uint64_t n0;
	struct sk_fp rr;
	struct sk_fp one;
};

extern const struct sk_mont ksrtp__sk_p; /* the field prime p */
extern const struct sk_mont ksrtp__sk_q; /* the group order q = (p + 1) / 4 */
extern const struct sk_pt ksrtp__sk_gen; /* the generator P */
extern const struct sk_fp ksrtp__sk_g;	 /* g = <P, P>, F_p representative, Montgomery form */

/* --- integers and Montgomery arithmetic modulo M (constant time) --- */
/* Big-endian octets (at most 128 significant) to plain limbs; -1 if longer than 1024 bits. */
int ksrtp__sk_from_bytes(struct sk_fp *r, const uint8_t *in, size_t len);
void ksrtp__sk_to_bytes(uint8_t out[SK_BYTES], const struct sk_fp *a);
/* all-ones if a < m (plain integers), else 0 */
uint64_t ksrtp__sk_lt(const struct sk_fp *a, const struct sk_fp *m);
uint64_t ksrtp__sk_is_zero(const struct sk_fp *a);
uint64_t ksrtp__sk_eq(const struct sk_fp *a, const struct sk_fp *b);
void ksrtp__sk_mul(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b);
void ksrtp__sk_sqr(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a);
void ksrtp__sk_add(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b);
void ksrtp__sk_sub(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b);
void ksrtp__sk_to_mont(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a);
void ksrtp__sk_from_mont(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a);
/* r = a^-1 (Montgomery form in and out; 0 maps to 0), constant time (Fermat) */
void ksrtp__sk_inv(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a);
/* reduce a plain 1024-bit integer modulo q, constant time */
void ksrtp__sk_mod_q(struct sk_fp *r, const struct sk_fp *a);

/* --- points --- */
/* 0x04 || x || y, 128 octets each: 0 on success, -1 if malformed, off the curve or y = 0 */
int ksrtp__sk_pt_decode(struct sk_pt *pt, const uint8_t in[2 * SK_BYTES + 1]);
void ksrtp__sk_pt_encode(uint8_t out[2 * SK_BYTES + 1], const struct sk_pt *pt);
/*
 * r = [k]A for a plain integer k of at most nbits bits (nbits public), constant time in k
 * (fixed 4-bit window, generic code). Variable-base; the protocol uses the fixed-base combs, so
 * this serves the unit tests as an independent cross-check of the combs.
 * Returns 0, or -1 if the result is the point at infinity (r is then unspecified).
 */
int ksrtp__sk_pt_mul(struct sk_pt *r, const struct sk_pt *a, const struct sk_fp *k, int nbits);
/* 1 if the public point a (on the curve, y != 0) has order q, 0 if not, -1 on an OpenSSL
 * failure; variable time, no scalar multiplication (a 2-descent: see lib/sakke_math.c) */
int ksrtp__sk_pt_in_subgroup(const struct sk_pt *a);
/* the same for a secret point (an RSK): blinded, constant time but for the outcome */
int ksrtp__sk_pt_in_subgroup_secret(const struct sk_pt *a);
/* r = a + b for public points (variable time); -1 if the result is infinity */
int ksrtp__sk_pt_add(struct sk_pt *r, const struct sk_pt *a, const struct sk_pt *b);

/* --- Fp2 --- */
void ksrtp__sk_fp2_mul(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y);
void ksrtp__sk_fp2_sqr(struct sk_fp2 *r, const struct sk_fp2 *x);
/* the same product with three Montgomery multiplications and no lazy reduction (a reference
 * for the unit test) */
void ksrtp__sk_fp2_mul_plain(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y);
/* r = x^k for a plain integer k of at most nbits bits, constant time in k and x (generic
 * fixed window; the unit tests check the comb of g and ksrtp__sk_g_pow against it) */
void ksrtp__sk_fp2_pow(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *k, int nbits);
/* the same for a public exponent (IFMA when available) */
void ksrtp__sk_fp2_pow_pub(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *k,
			   int nbits);
/* the field arithmetic in use: "AVX-512 IFMA", "64-bit MULX/ADX" or "portable C" */
const char *ksrtp__sk_backend(void);
/* the number of significant bits of a (public) integer */
int ksrtp__sk_bits(const struct sk_fp *k);
/* all-ones if the representative of f is rep (Montgomery form) */
uint64_t ksrtp__sk_fp2_rep_eq(const struct sk_fp2 *f, const struct sk_fp *rep);

/* --- fixed-base combs (Lim-Lee): SK_COMB_TEETH teeth SK_COMB_SPACING bits apart --- */
#define SK_COMB_TEETH	6
#define SK_COMB_SPACING 171
#define SK_COMB_SIZE	63
/* the comb of the generator P and of g (lib/sakke_tables.c) */
extern const struct sk_pt ksrtp__sk_comb_p[SK_COMB_SIZE];
extern const struct sk_fp ksrtp__sk_comb_g[SK_COMB_SIZE];
/* a comb table in the IFMA representation (lib/sakke_ifma.c); used when ksrtp__sk_have_ifma() */
struct sk_comb52 {
	uint64_t l[SK_COMB_SIZE * 2 * 24];
};
void ksrtp__sk_comb52_from(struct sk_comb52 *t, const struct sk_pt tab[SK_COMB_SIZE]);
/* Jacobian [k1]T1 + [k2]T2 in R-form with IFMA: 0, 1 at infinity, -1 exceptional, -2 no IFMA */
int ksrtp__sk_comb_mul_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z,
			    const struct sk_comb52 *t1, const struct sk_fp *k1,
			    const struct sk_comb52 *t2, const struct sk_fp *k2);
/* the comb table of a public point A of order q; -1 on an exceptional case */
int ksrtp__sk_comb_build(struct sk_pt tab[SK_COMB_SIZE], const struct sk_pt *a);
/*
 * r = [k1]T1 + [k2]T2 (T2 may be NULL), constant time in k1 and k2; -1 at infinity. f1/f2 are
 * the same tables in the IFMA representation, or NULL (then the generic code runs).
 */
int ksrtp__sk_comb_mul(struct sk_pt *r, const struct sk_pt *t1, const struct sk_comb52 *f1,
		       const struct sk_fp *k1, const struct sk_pt *t2, const struct sk_comb52 *f2,
		       const struct sk_fp *k2);
/* 1 if [k]T == a (a public, affine), else 0; constant time in k; f1 as above */
int ksrtp__sk_comb_mul_eq(const struct sk_pt *t1, const struct sk_comb52 *f1,
			  const struct sk_fp *k1, const struct sk_pt *a);
/* 1 if [k]T is the point at infinity (public k) */
int ksrtp__sk_comb_is_zero(const struct sk_pt *t1, const struct sk_comb52 *f1,
			   const struct sk_fp *k1);
/* r = g^k (up to an F_p factor), constant time in k */
void ksrtp__sk_g_pow(struct sk_fp2 *r, const struct sk_fp *k);

/* --- the pairing with lines precomputed for a fixed first argument --- */
/*
 * The line at psi(B) is (v + u x_B) + i w y_B, up to an F_p factor. The generic code stores
 * normalised lines (w = 1, not stored); with IFMA the lines are not normalised (w = A) and all
 * three are R' = 2^1040 Montgomery values (lib/sakke_ifma.c).
 */
struct sk_line {
	struct sk_fp u, v, w;
};
/* number of lines (the Miller loop along the NAF of q - 1) */
size_t ksrtp__sk_lines_count(void);
/* lines of <A, .>: 0, -1 if A does not have order q, -2 out of memory; constant time in A */
int ksrtp__sk_lines_precompute(struct sk_line *lines, const struct sk_pt *a);
/* f = <A, B> (up to an F_p factor) from A's lines; constant time in the lines and B */
void ksrtp__sk_lines_eval(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b);

/* --- RSK validation: normalised lines of public points evaluated at a secret one --- */
/*
 * The lines of a public point A of order q (P, or a KMS's Z), normalised, for evaluating
 * <A, B> at many points B; kept in the IFMA representation when the CPU has it. Built once
 * (variable time: A is public), immutable afterwards, shareable between threads.
 */
struct sk_nlines;
/* 0, -1 if A does not have order q, -2 out of memory */
int ksrtp__sk_nlines_new(struct sk_nlines **out, const struct sk_pt *a);
void ksrtp__sk_nlines_free(struct sk_nlines *l);
/* f1 = <A1, B>, f2 = <A2, B> before the final exponentiation (up to F_p factors: the
 * pairing values are f^4 in PF_p); constant time in B */
void ksrtp__sk_nlines_eval2(struct sk_fp2 *f1, const struct sk_nlines *l1, struct sk_fp2 *f2,
			    const struct sk_nlines *l2, const struct sk_pt *b);
/* the F_p representative f.b / f.a (RFC 6508 PF_p) as 128 octets big-endian, computed with a
 * blinded inversion; -1 if f.a = 0, -2 if the random generator fails */
int ksrtp__sk_fp2_rep(uint8_t out[SK_BYTES], const struct sk_fp2 *f);

/* the NAF of q - 1 driving the Miller loop: digit i in {-1, 0, 1}, the top digit's index */
int ksrtp__sk_naf_digit(int i);
int ksrtp__sk_naf_top(void);
/* lib/sakke_ifma.c: 1 if AVX-512 IFMA is used (then lines are stored times 2^16) */
int ksrtp__sk_have_ifma(void);
/* g's comb in the IFMA representation, and g^k with it (-1 if unavailable); constant time */
struct sk_g52 {
	uint64_t l[SK_COMB_SIZE * 24];
};
void ksrtp__sk_g52_from(struct sk_g52 *t);
int ksrtp__sk_g_pow_ifma(struct sk_fp2 *r, const struct sk_g52 *tab, const struct sk_fp *k);
/*
 * Encapsulation's group work: R = [k1]T1 + [k2]T2 (affine) and the F_p representative of
 * g^r (128 octets), sharing one blinded inversion. f1, f2, g52 may be NULL (generic code).
 * 0, -1 if R is infinity or a negligible exceptional case occurs, -2 if RAND fails.
 */
int ksrtp__sk_encap_core(struct sk_pt *R, uint8_t grep[SK_BYTES], const struct sk_pt *t1,
			 const struct sk_comb52 *f1, const struct sk_fp *k1, const struct sk_pt *t2,
			 const struct sk_comb52 *f2, const struct sk_fp *k2,
			 const struct sk_g52 *g52, const struct sk_fp *r);
/* (X, Y, Z) = [2^n](X, Y, Z), Jacobian, R-form, with IFMA; -1 if unavailable */
int ksrtp__sk_dbl_n_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z, int n);
/* the IFMA version of ksrtp__sk_lines_precompute (lines not normalised); -3 if unavailable */
int ksrtp__sk_lines_precompute_ifma(struct sk_line *lines, const struct sk_pt *a);
/* normalised lines of a public point straight from the IFMA Miller loop (same layout): 0, -1 if
 * A does not have order q, -2 out of memory, -3 if unavailable */
int ksrtp__sk_nlines52_build(uint64_t *out, const struct sk_pt *a);
/* r = a^e (Fp, R-form) and r = x^e (Fp2) for a public exponent of nbits bits: variable time in
 * e only, constant time in a and x; -1 if unavailable */
int ksrtp__sk_fp_pow_pub_ifma(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *e,
			      int nbits);
int ksrtp__sk_fp2_pow_pub_ifma(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *e,
			       int nbits);
/* the IFMA version of ksrtp__sk_nlines_eval2; -1 if unavailable */
int ksrtp__sk_nlines_eval2_ifma(struct sk_fp2 *f1, const uint64_t *l1, struct sk_fp2 *f2,
				const uint64_t *l2, const struct sk_pt *b);
/* the IFMA version of ksrtp__sk_lines_eval (without the final squarings); -1 if unavailable */
int ksrtp__sk_lines_eval_ifma(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b);

/* --- RFC 6508 5.1 HashToIntegerRange with SHA-256 (lib/sakke.c) --- */
/* r = HashToIntegerRange(s1 || s2, q) as a plain integer; 0 or -KSRTP_ECRYPTO */
int ksrtp__sakke_h2ir_q(struct sk_fp *r, const uint8_t *s1, size_t len1, const uint8_t *s2,
			size_t len2);
/* mask = HashToIntegerRange(s, 2^128) as 16 octets */
int ksrtp__sakke_h2ir_mask(uint8_t mask[16], const uint8_t *s, size_t len);

#endif
