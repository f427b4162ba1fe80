// SPDX-License-Identifier: GPL-2.0
/*
 * sakke_ifma.c - the receiver's Miller-line evaluation with AVX-512 IFMA (x86-64 CPUs with
 * avx512ifma, detected at run time; everything else uses the generic code of sakke_math.c).
 *
 * Field elements are 20 limbs of 52 bits in Montgomery form with R' = 2^1040 ("almost
 * Montgomery": values below 2p, inputs may be lazily added up to 16p since R' > 2^16 p). Two
 * independent multiplications run interleaved (amm2), which is how the Fp2 squaring and the
 * Karatsuba multiplication of the Miller loop are organised. The lines were stored scaled by
 * 2^16 (see ksrtp__sk_lines_precompute), so their 64-bit limbs are already R'-Montgomery
 * values. Constant time: fixed loops, no secret-dependent branches or addresses.
 */
#include "sakke_math.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

#define M52 ((1ULL << 52) - 1)

typedef unsigned __int128 u128;

struct f52 {
	uint64_t l[24]; /* lanes 20..23 stay zero */
} __attribute__((aligned(64)));

/* radix-2^52 constants: p, 4p, 16p and 32p (added in subtractions), R' = 2^1040 mod p (one), R mod
 * p */
static const struct f52 P52 = {{
	0xd807afea85febULL, 0x10ac7ace87666ULL, 0x9857db080c5dfULL, 0x1f1ffce3e8238ULL,
	0xa9f94d6af5697ULL, 0xcf3c521c3c09aULL, 0x4a831852a82a7ULL, 0x65681ce1b6affULL,
	0xb4cd4512ac5cdULL, 0xd0e26c6487326ULL, 0x56d27f4a666a6ULL, 0xb39ff7c88a193ULL,
	0x531a59cb0e791ULL, 0xfc0f1b228730dULL, 0xa2ef40aab27e2ULL, 0xbe9ae358b3e01ULL,
	0xc0ce19cb48261ULL, 0x98dad0657a416ULL, 0xa563fda65c611ULL, 0x0000997abb1f0ULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
static const struct f52 P52X4 = {{
	0x601ebfaa17facULL, 0x42b1eb3a1d99bULL, 0x615f6c203177cULL, 0x7c7ff38fa08e2ULL,
	0xa7e535abd5a5cULL, 0x3cf14870f026aULL, 0x2a0c614aa0a9fULL, 0x95a07386dabfdULL,
	0xd335144ab1735ULL, 0x4389b1921cc9aULL, 0x5b49fd2999a9bULL, 0xce7fdf222864dULL,
	0x4c69672c39e46ULL, 0xf03c6c8a1cc35ULL, 0x8bbd02aac9f8bULL, 0xfa6b8d62cf806ULL,
	0x0338672d20986ULL, 0x636b4195e905bULL, 0x958ff69971846ULL, 0x000265eaec7c2ULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
static const struct f52 P52X16 = {{
	0x807afea85feb0ULL, 0x0ac7ace87666dULL, 0x857db080c5df1ULL, 0xf1ffce3e82389ULL,
	0x9f94d6af56971ULL, 0xf3c521c3c09aaULL, 0xa831852a82a7cULL, 0x5681ce1b6aff4ULL,
	0x4cd4512ac5cd6ULL, 0x0e26c6487326bULL, 0x6d27f4a666a6dULL, 0x39ff7c88a1935ULL,
	0x31a59cb0e791bULL, 0xc0f1b228730d5ULL, 0x2ef40aab27e2fULL, 0xe9ae358b3e01aULL,
	0x0ce19cb48261bULL, 0x8dad0657a416cULL, 0x563fda65c6119ULL, 0x000997abb1f0aULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
static const struct f52 P52X32 = {{
	0x00f5fd50bfd60ULL, 0x158f59d0eccdbULL, 0x0afb61018bbe2ULL, 0xe3ff9c7d04713ULL,
	0x3f29ad5ead2e3ULL, 0xe78a438781355ULL, 0x50630a55054f9ULL, 0xad039c36d5fe9ULL,
	0x99a8a2558b9acULL, 0x1c4d8c90e64d6ULL, 0xda4fe94ccd4daULL, 0x73fef9114326aULL,
	0x634b3961cf236ULL, 0x81e36450e61aaULL, 0x5de815564fc5fULL, 0xd35c6b167c034ULL,
	0x19c3396904c37ULL, 0x1b5a0caf482d8ULL, 0xac7fb4cb8c233ULL, 0x00132f5763e14ULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
static const struct f52 ONE52 = {{
	0x2d93d28030700ULL, 0x4f298428275abULL, 0x75a9935f4ef30ULL, 0xa52fdbccb99e5ULL,
	0x2bde98a91ef15ULL, 0x630ae7dbe067dULL, 0x566e218121956ULL, 0x57d3844882eb7ULL,
	0x9dc9da81267dbULL, 0x5534527ee706dULL, 0xe5aee72c7c196ULL, 0x2db481a7f3e2eULL,
	0x0c3a4edbff964ULL, 0xcdbd68818c663ULL, 0xef23484786592ULL, 0xa6cb0bf93453aULL,
	0x3af9eea86f713ULL, 0x0666bd14e0c68ULL, 0x37eb83ea0a60bULL, 0x000049e339c22ULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
static const struct f52 RMODP52 = {{
	0x27f850157a015ULL, 0xef53853178999ULL, 0x67a824f7f3a20ULL, 0xe0e0031c17dc7ULL,
	0x5606b2950a968ULL, 0x30c3ade3c3f65ULL, 0xb57ce7ad57d58ULL, 0x9a97e31e49500ULL,
	0x4b32baed53a32ULL, 0x2f1d939b78cd9ULL, 0xa92d80b599959ULL, 0x4c60083775e6cULL,
	0xace5a634f186eULL, 0x03f0e4dd78cf2ULL, 0x5d10bf554d81dULL, 0x41651ca74c1feULL,
	0x3f31e634b7d9eULL, 0x67252f9a85be9ULL, 0x5a9c0259a39eeULL, 0x0000668544e0fULL,
	0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL, 0x0000000000000ULL,
}};
#define K0_52 0x420077c8f2f3dULL
/* 2^16 R mod p: mont_mul(x R, this) = x 2^16 R = x R' */
static const struct sk_fp C16 = {{
	0x5ab2d93d28030700ULL,
	0xf4ef304f29842827ULL,
	0xdbccb99e575a9935ULL,
	0xbde98a91ef15a52fULL,
	0x56630ae7dbe067d2ULL,
	0x82eb7566e2181219ULL,
	0xa81267db57d38448ULL,
	0x34527ee706d9dc9dULL,
	0xee5aee72c7c19655ULL,
	0xf9642db481a7f3e2ULL,
	0x818c6630c3a4edbfULL,
	0x3484786592cdbd68ULL,
	0xa6cb0bf93453aef2ULL,
	0xc683af9eea86f713ULL,
	0xa0a60b0666bd14e0ULL,
	0x49e339c2237eb83eULL,
}};

static int have_ifma;

__attribute__((constructor)) static void sk_detect_ifma(void)
{
	unsigned int a, b, c, d, xlo, xhi;

	if (getenv("KSRTP_SAKKE_GENERIC") || !__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return;
	/* AVX512F (bit 16) and AVX512IFMA (bit 21), and the OS saves the zmm state */
	if (!(b & (1u << 16)) || !(b & (1u << 21)))
		return;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) /* OSXSAVE */
		return;
	__asm__("xgetbv" : "=a"(xlo), "=d"(xhi) : "c"(0));
	have_ifma = (xlo & 0xe6) == 0xe6;
}

int ksrtp__sk_have_ifma(void)
{
	return have_ifma;
}

/* 16 x 64-bit limbs (a value below 2^1024) to 20 x 52 */
static void to52(struct f52 *r, const struct sk_fp *a)
{
	for (int k = 0; k < 20; k++) {
		int bit = 52 * k, w = bit / 64, off = bit % 64;
		uint64_t x = a->v[w] >> off;

		if (off > 12 && w + 1 < SK_LIMBS)
			x |= a->v[w + 1] << (64 - off);
		r->l[k] = x & M52;
	}
	r->l[20] = r->l[21] = r->l[22] = r->l[23] = 0;
}

/* carry-normalise signed lanes into 52-bit limbs (the value must be in [0, 2^1040)) */
static inline void norm52(struct f52 *x)
{
	int64_t c = 0;

	x->l[20] = x->l[21] = x->l[22] = x->l[23] = 0;

	for (int k = 0; k < 20; k++) {
		int64_t t = (int64_t)x->l[k] + c;

		x->l[k] = (uint64_t)t & M52;
		c = t >> 52;
	}
}

static inline void add52(struct f52 *r, const struct f52 *a, const struct f52 *b)
{
	for (int k = 0; k < 20; k++)
		r->l[k] = a->l[k] + b->l[k];
	norm52(r);
}

/* r = a - b + kp (kp a multiple of p above b) */
static inline void sub52(struct f52 *r, const struct f52 *a, const struct f52 *b,
			 const struct f52 *kp)
{
	for (int k = 0; k < 20; k++)
		r->l[k] = a->l[k] - b->l[k] + kp->l[k];
	norm52(r);
}

/* a normalised value below 2p to 16 x 64-bit limbs, fully reduced */
static void from52(struct sk_fp *r, const struct f52 *a)
{
	uint64_t w[SK_LIMBS + 1], s[SK_LIMBS], borrow = 0, keep;

	memset(w, 0, sizeof(w));
	for (int k = 0; k < 20; k++) {
		int bit = 52 * k, i = bit / 64, off = bit % 64;

		w[i] |= a->l[k] << off;
		if (off > 12)
			w[i + 1] |= a->l[k] >> (64 - off);
	}
	for (int i = 0; i < SK_LIMBS; i++) {
		unsigned __int128 d = (unsigned __int128)w[i] - ksrtp__sk_p.m.v[i] - borrow;

		s[i] = (uint64_t)d;
		borrow = (uint64_t)(d >> 64) & 1;
	}
	keep = w[SK_LIMBS] - borrow; /* all-ones: w < p, keep it */
	for (int i = 0; i < SK_LIMBS; i++)
		r->v[i] = (s[i] & ~keep) | (w[i] & keep);
}

#define LD(p) _mm512_load_si512((const void *)(p))

/*
 * Almost Montgomery multiplication r = a b / R' (inputs normalised, below 16p; output below
 * 2p) for one, two or three independent problems, interleaved for instruction-level
 * parallelism: the loop is latency-bound, so extra problems come almost for free.
 */
/*
 * The reduction factor m of each step depends on the accumulator's lowest limb. Extracting it
 * from the vector each step would put the whole vector update on the critical path, so a
 * scalar shadow t tracks it instead: the next lowest limb is the current second limb (read
 * from the vector at the start of the step, one step ahead of its use) plus the scalar parts
 * of this step's products. All values are exact 64-bit integers below 2^60.
 */
#define AMM_DECL(j)                                                             \
	const __m512i a##j##0 = LD(a##j->l), a##j##1 = LD(a##j->l + 8),         \
		      a##j##2 = LD(a##j->l + 16);                               \
	const uint64_t A##j##0 = a##j->l[0], A##j##1 = a##j->l[1];              \
	__m512i x##j##0 = zero, x##j##1 = zero, x##j##2 = zero, b##j##i, mb##j; \
	uint64_t t##j = (A##j##0 * b##j->l[0]) & M52, v##j, m##j, c##j
#define AMM_LO(j)                                                               \
	v##j = (uint64_t)_mm_extract_epi64(_mm512_castsi512_si128(x##j##0), 1); \
	b##j##i = _mm512_set1_epi64((long long)b##j->l[i]);                     \
	x##j##0 = _mm512_madd52lo_epu64(x##j##0, a##j##0, b##j##i);             \
	x##j##1 = _mm512_madd52lo_epu64(x##j##1, a##j##1, b##j##i);             \
	x##j##2 = _mm512_madd52lo_epu64(x##j##2, a##j##2, b##j##i)
#define AMM_RED(j)                                                                              \
	m##j = (t##j * K0_52) & M52;                                                            \
	c##j = (t##j + ((m##j * P52.l[0]) & M52)) >> 52;                                        \
	mb##j = _mm512_set1_epi64((long long)m##j);                                             \
	x##j##1 = _mm512_madd52lo_epu64(x##j##1, p1, mb##j);                                    \
	x##j##2 = _mm512_madd52lo_epu64(x##j##2, p2, mb##j);                                    \
	x##j##0 = _mm512_madd52lo_epu64(x##j##0, p0, mb##j);                                    \
	x##j##0 = _mm512_alignr_epi64(x##j##1, x##j##0, 1);                                     \
	x##j##1 = _mm512_alignr_epi64(x##j##2, x##j##1, 1);                                     \
	x##j##2 = _mm512_alignr_epi64(zero, x##j##2, 1);                                        \
	x##j##0 = _mm512_add_epi64(x##j##0,                                                     \
				   _mm512_zextsi128_si512(_mm_cvtsi64_si128((long long)c##j))); \
	x##j##0 = _mm512_madd52hi_epu64(x##j##0, a##j##0, b##j##i);                             \
	x##j##1 = _mm512_madd52hi_epu64(x##j##1, a##j##1, b##j##i);                             \
	x##j##2 = _mm512_madd52hi_epu64(x##j##2, a##j##2, b##j##i);                             \
	x##j##0 = _mm512_madd52hi_epu64(x##j##0, p0, mb##j);                                    \
	x##j##1 = _mm512_madd52hi_epu64(x##j##1, p1, mb##j);                                    \
	x##j##2 = _mm512_madd52hi_epu64(x##j##2, p2, mb##j);                                    \
	t##j = v##j + ((A##j##1 * b##j->l[i]) & M52) + ((m##j * P52.l[1]) & M52) + c##j +       \
	       (uint64_t)(((u128)A##j##0 * b##j->l[i]) >> 52) +                                 \
	       (uint64_t)(((u128)m##j * P52.l[0]) >> 52) + ((A##j##0 * b##j->l[i + 1]) & M52)
#define AMM_STORE(j)                                         \
	_mm512_store_si512((void *)r##j->l, x##j##0);        \
	_mm512_store_si512((void *)(r##j->l + 8), x##j##1);  \
	_mm512_store_si512((void *)(r##j->l + 16), x##j##2); \
	norm52(r##j)
#define AMM_CONSTS                                   \
	const __m512i zero = _mm512_setzero_si512(); \
	const __m512i p0 = LD(P52.l), p1 = LD(P52.l + 8), p2 = LD(P52.l + 16)

__attribute__((target("avx512f,avx512ifma"))) static void amm1(struct f52 *r0, const struct f52 *a0,
							       const struct f52 *b0)
{
	AMM_CONSTS;
	AMM_DECL(0);

	for (int i = 0; i < 20; i++) {
		AMM_LO(0);
		AMM_RED(0);
	}
	AMM_STORE(0);
}

__attribute__((target("avx512f,avx512ifma"))) static void amm2(struct f52 *r0, const struct f52 *a0,
							       const struct f52 *b0, struct f52 *r1,
							       const struct f52 *a1,
							       const struct f52 *b1)
{
	AMM_CONSTS;
	AMM_DECL(0);
	AMM_DECL(1);

	for (int i = 0; i < 20; i++) {
		AMM_LO(0);
		AMM_LO(1);
		AMM_RED(0);
		AMM_RED(1);
	}
	AMM_STORE(0);
	AMM_STORE(1);
}

__attribute__((target("avx512f,avx512ifma"))) static void
amm3(struct f52 *r0, const struct f52 *a0, const struct f52 *b0, struct f52 *r1,
     const struct f52 *a1, const struct f52 *b1, struct f52 *r2, const struct f52 *a2,
     const struct f52 *b2)
{
	AMM_CONSTS;
	AMM_DECL(0);
	AMM_DECL(1);
	AMM_DECL(2);

	for (int i = 0; i < 20; i++) {
		AMM_LO(0);
		AMM_LO(1);
		AMM_LO(2);
		AMM_RED(0);
		AMM_RED(1);
		AMM_RED(2);
	}
	AMM_STORE(0);
	AMM_STORE(1);
	AMM_STORE(2);
}

__attribute__((target("avx512f,avx512ifma"))) static void
amm4(struct f52 *r0, const struct f52 *a0, const struct f52 *b0, struct f52 *r1,
     const struct f52 *a1, const struct f52 *b1, struct f52 *r2, const struct f52 *a2,
     const struct f52 *b2, struct f52 *r3, const struct f52 *a3, const struct f52 *b3)
{
	AMM_CONSTS;
	AMM_DECL(0);
	AMM_DECL(1);
	AMM_DECL(2);
	AMM_DECL(3);

	for (int i = 0; i < 20; i++) {
		AMM_LO(0);
		AMM_LO(1);
		AMM_LO(2);
		AMM_LO(3);
		AMM_RED(0);
		AMM_RED(1);
		AMM_RED(2);
		AMM_RED(3);
	}
	AMM_STORE(0);
	AMM_STORE(1);
	AMM_STORE(2);
	AMM_STORE(3);
}

/* x (R-form, 64-bit) to R'-form, 52-bit */
static void in52(struct f52 *r, const struct sk_fp *x)
{
	struct sk_fp t;

	ksrtp__sk_mul(&ksrtp__sk_p, &t, x, &C16);
	to52(r, &t);
}

/*
 * The Miller loop over A along the NAF of q - 1 (see ksrtp__sk_lines_precompute), lines
 * A y + B x + C kept as (w, u, v) = (A, B, C) in R'-form, not normalised.
 */
int ksrtp__sk_lines_precompute_ifma(struct sk_line *lines, const struct sk_pt *a)
{
	struct f52 ax, ay, nay, X, Y, Z, t0, t1, t2, delta, gamma, yz2, m1, m2, beta, alpha, g2;
	struct f52 la, lb, mx, a2, lc, z1z1, yz, u2, s2, h, rr, h2, rx, r2, yz3, h3, xh2, one;
	struct sk_fp tx, ty, tz, c;
	size_t n = 0;
	int top = ksrtp__sk_naf_top(), ok;

	if (!have_ifma)
		return -3;
	one = ONE52;
	in52(&ax, &a->x);
	in52(&ay, &a->y);
	memset(&t0, 0, sizeof(t0));
	sub52(&nay, &t0, &ay, &P52X4);
	X = ax;
	Y = ay;
	Z = ONE52;
	for (int i = top - 1; i >= 0; i--) {
		int d = ksrtp__sk_naf_digit(i);
		const struct f52 *sy = d < 0 ? &nay : &ay;

		/* tangent: A = Z3 Z^2, B = M Z^2, C = M X - 2 Y^2 with M = 3 (X - Z^2)(X + Z^2) */
		add52(&t0, &Y, &Z);
		amm3(&delta, &Z, &Z, &gamma, &Y, &Y, &yz2, &t0, &t0);
		sub52(&m1, &X, &delta, &P52X4);
		add52(&m2, &X, &delta);
		amm3(&beta, &X, &gamma, &alpha, &m1, &m2, &g2, &gamma, &gamma);
		add52(&t0, &alpha, &alpha);
		add52(&alpha, &alpha, &t0);
		sub52(&t0, &yz2, &gamma, &P52X4);
		sub52(&Z, &t0, &delta, &P52X4); /* Z3 = 2 Y Z */
		amm4(&la, &Z, &delta, &lb, &alpha, &delta, &mx, &alpha, &X, &a2, &alpha, &alpha);
		sub52(&t0, &mx, &gamma, &P52X4);
		sub52(&lc, &t0, &gamma, &P52X4);
		add52(&beta, &beta, &beta);
		add52(&beta, &beta, &beta);
		add52(&t0, &beta, &beta);
		sub52(&X, &a2, &t0, &P52X16);
		sub52(&t0, &beta, &X, &P52X32);
		amm2(&t1, &alpha, &t0, &lc, &lc, &one); /* and C reduced below 2p */
		add52(&g2, &g2, &g2);
		add52(&g2, &g2, &g2);
		add52(&g2, &g2, &g2);
		sub52(&Y, &t1, &g2, &P52X16);
		from52(&lines[n].w, &la);
		from52(&lines[n].u, &lb);
		from52(&lines[n].v, &lc);
		n++;
		if (!d)
			continue;
		/* chord through T and S = (ax, sy): A = Z3 = Z H, B = r, C = r x_S - y_S Z3 */
		amm2(&z1z1, &Z, &Z, &yz, sy, &Z);
		amm2(&u2, &ax, &z1z1, &s2, &yz, &z1z1);
		sub52(&h, &u2, &X, &P52X32);
		sub52(&rr, &s2, &Y, &P52X32);
		amm4(&Z, &Z, &h, &h2, &h, &h, &rx, &rr, &ax, &r2, &rr, &rr);
		amm3(&yz3, sy, &Z, &h3, &h2, &h, &xh2, &X, &h2);
		sub52(&lc, &rx, &yz3, &P52X4);
		/* X3 = r^2 - H^3 - 2 X H^2, Y3 = r (X H^2 - X3) - Y H^3 */
		sub52(&t0, &r2, &h3, &P52X4);
		sub52(&t0, &t0, &xh2, &P52X4);
		sub52(&t2, &t0, &xh2, &P52X4);
		sub52(&t0, &xh2, &t2, &P52X32);
		amm4(&t1, &rr, &t0, &t0, &Y, &h3, &lb, &rr, &one, &lc, &lc, &one);
		X = t2;
		sub52(&Y, &t1, &t0, &P52X4);
		from52(&lines[n].w, &Z);
		from52(&lines[n].u, &lb);
		from52(&lines[n].v, &lc);
		n++;
	}
	/* T must be [q-1]A = -A: X = x_A Z^2 and Y = -y_A Z^3 (in R-form) */
	{
		struct f52 rm = RMODP52, p0, p1, p2;

		amm3(&p0, &X, &rm, &p1, &Y, &rm, &p2, &Z, &rm);
		from52(&tx, &p0);
		from52(&ty, &p1);
		from52(&tz, &p2);
	}
	ksrtp__sk_mul(&ksrtp__sk_p, &c, &tz, &tz);
	ok = 1;
	{
		struct sk_fp z2 = c, z3, e;

		ksrtp__sk_mul(&ksrtp__sk_p, &e, &a->x, &z2);
		ok &= ksrtp__sk_eq(&e, &tx) != 0;
		ksrtp__sk_mul(&ksrtp__sk_p, &z3, &z2, &tz);
		ksrtp__sk_mul(&ksrtp__sk_p, &e, &a->y, &z3);
		ksrtp__sk_add(&ksrtp__sk_p, &e, &e, &ty);
		ok &= ksrtp__sk_is_zero(&e) != 0;
		ok &= ksrtp__sk_is_zero(&tz) == 0;
	}
	OPENSSL_cleanse(&X, sizeof(X));
	OPENSSL_cleanse(&Y, sizeof(Y));
	OPENSSL_cleanse(&Z, sizeof(Z));
	OPENSSL_cleanse(&ax, sizeof(ax));
	OPENSSL_cleanse(&ay, sizeof(ay));
	OPENSSL_cleanse(&nay, sizeof(nay));
	OPENSSL_cleanse(&la, sizeof(la));
	OPENSSL_cleanse(&lb, sizeof(lb));
	OPENSSL_cleanse(&lc, sizeof(lc));
	OPENSSL_cleanse(&rr, sizeof(rr));
	OPENSSL_cleanse(&alpha, sizeof(alpha));
	return ok ? 0 : -1;
}

int ksrtp__sk_lines_eval_ifma(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	struct f52 x, y, fa, fb, A, B, u, v, w, ux, wy, t0, t1, l, s, sa, ly;
	size_t n = 0;
	int top = ksrtp__sk_naf_top();

	if (!have_ifma)
		return -1;
	in52(&x, &b->x);
	in52(&y, &b->y);
	fa = ONE52;
	memset(&fb, 0, sizeof(fb));
	for (int i = top - 1; i >= 0; i--) {
		int steps = ksrtp__sk_naf_digit(i) ? 2 : 1;

		for (int k = 0; k < steps; k++, n++) {
			to52(&u, &lines[n].u);
			to52(&v, &lines[n].v);
			to52(&w, &lines[n].w);
			if (k == 0 && i != top - 1) {
				/* f^2 = (a + b)(a - b) + 2ab i, with u x and w y alongside */
				add52(&sa, &fa, &fb);
				sub52(&ly, &fa, &fb, &P52X16);
				amm4(&A, &sa, &ly, &B, &fa, &fb, &ux, &u, &x, &wy, &w, &y);
				fa = A;
				add52(&fb, &B, &B);
			} else {
				amm2(&ux, &u, &x, &wy, &w, &y);
			}
			/* f *= (v + u x) + i w y (Karatsuba) */
			add52(&l, &ux, &v);
			add52(&sa, &fa, &fb);
			add52(&ly, &l, &wy);
			amm3(&t0, &fa, &l, &s, &sa, &ly, &t1, &fb, &wy);
			sub52(&fa, &t0, &t1, &P52X4);
			sub52(&s, &s, &t0, &P52X4);
			sub52(&fb, &s, &t1, &P52X4);
		}
	}
	/* back to R = 2^1024 Montgomery form, fully reduced */
	{
		struct f52 rm = RMODP52;

		amm2(&A, &fa, &rm, &B, &fb, &rm);
	}
	from52(&f->a, &A);
	from52(&f->b, &B);
	OPENSSL_cleanse(&fa, sizeof(fa));
	OPENSSL_cleanse(&fb, sizeof(fb));
	OPENSSL_cleanse(&A, sizeof(A));
	OPENSSL_cleanse(&B, sizeof(B));
	OPENSSL_cleanse(&l, sizeof(l));
	OPENSSL_cleanse(&s, sizeof(s));
	OPENSSL_cleanse(&t0, sizeof(t0));
	OPENSSL_cleanse(&t1, sizeof(t1));
	OPENSSL_cleanse(&ux, sizeof(ux));
	OPENSSL_cleanse(&sa, sizeof(sa));
	OPENSSL_cleanse(&ly, sizeof(ly));
	return 0;
}

/*
 * Normalised lines of a public point A from the IFMA Miller loop: each line A y + B x + C
 * divided by its A, with one batch inversion (Montgomery's trick; the single inversion by
 * OpenSSL, A being public). out: 2 x 24 words per line (u, v), fully reduced R'-form values.
 * 0, -1 if A does not have order q, -2 out of memory or OpenSSL failure.
 */
int ksrtp__sk_nlines52_build(uint64_t *out, const struct sk_pt *a)
{
	size_t n = ksrtp__sk_lines_count();
	struct sk_line *lines = malloc(n * sizeof(*lines));
	struct f52 *c = aligned_alloc(64, n * sizeof(*c)), *o = (struct f52 *)out;
	struct f52 w, t, inv, u;
	struct sk_fp x;
	uint8_t buf[SK_BYTES];
	BIGNUM *bn = NULL, *p = NULL, *r2 = NULL;
	BN_CTX *ctx = NULL;
	int ret = -2;

	if (!lines || !c)
		goto out;
	ret = ksrtp__sk_lines_precompute_ifma(lines, a);
	if (ret)
		goto out;
	ret = -2;
	/* c_k = w_0 ... w_k (R'-form) */
	to52(&c[0], &lines[0].w);
	for (size_t k = 1; k < n; k++) {
		to52(&w, &lines[k].w);
		amm1(&c[k], &c[k - 1], &w);
	}
	/* t = (w_0 ... w_(n-1))^-1 in R'-form: c = X R' -> X^-1 R' = R'^2 c^-1 */
	from52(&x, &c[n - 1]);
	ksrtp__sk_to_bytes(buf, &x);
	ctx = BN_CTX_new();
	bn = BN_bin2bn(buf, sizeof(buf), NULL);
	ksrtp__sk_to_bytes(buf, &ksrtp__sk_p.m);
	p = BN_bin2bn(buf, sizeof(buf), NULL);
	r2 = BN_new();
	if (!ctx || !bn || !p || !r2 || BN_is_zero(bn)) {
		ret = bn && BN_is_zero(bn) ? -1 : -2;
		goto out;
	}
	if (!BN_set_word(r2, 1) || !BN_lshift(r2, r2, 2 * 1040) || !BN_mod(r2, r2, p, ctx) ||
	    !BN_mod_inverse(bn, bn, p, ctx) || !BN_mod_mul(bn, bn, r2, p, ctx) ||
	    BN_bn2binpad(bn, buf, sizeof(buf)) != (int)sizeof(buf))
		goto out;
	ksrtp__sk_from_bytes(&x, buf, sizeof(buf));
	to52(&t, &x);
	/* backwards: w_k^-1 = t c_(k-1), then t = t w_k; u = B / A, v = C / A */
	for (size_t k = n; k-- > 0;) {
		if (k) {
			to52(&w, &lines[k].w);
			amm2(&inv, &t, &c[k - 1], &u, &t, &w);
			t = u;
		} else {
			inv = t;
		}
		to52(&w, &lines[k].u);
		to52(&u, &lines[k].v);
		amm2(&o[2 * k], &w, &inv, &o[2 * k + 1], &u, &inv);
		/* fully reduce (below p) */
		from52(&x, &o[2 * k]);
		to52(&o[2 * k], &x);
		from52(&x, &o[2 * k + 1]);
		to52(&o[2 * k + 1], &x);
	}
	ret = 0;
out:
	free(lines);
	free(c);
	BN_free(bn);
	BN_free(p);
	BN_free(r2);
	BN_CTX_free(ctx);
	return ret;
}

/*
 * f1 = <A1, B> and f2 = <A2, B> before the final exponentiation, from the normalised lines of
 * A1 and A2, both Miller loops run side by side (six independent products per stage). A
 * doubling step costs f^2 (2 products), u x (1) and the Karatsuba product with (L + i y) (3)
 * per pairing; a step with an addition multiplies the two lines first: (L1 + i y)(L2 + i y) =
 * (L1 L2 - y^2) + i y (L1 + L2), 2 products, then 3 for f^2 times that. Constant time in B.
 */
int ksrtp__sk_nlines_eval2_ifma(struct sk_fp2 *f1, const uint64_t *l1, struct sk_fp2 *f2,
				const uint64_t *l2, const struct sk_pt *b)
{
	const struct f52 *L[2] = {(const struct f52 *)l1, (const struct f52 *)l2};
	struct f52 x, y, y2, fa[2], fb[2], A[2], B[2], s[2], d[2], lx[2], lx2[2], lr[2], li[2];
	struct f52 t0[2], t1[2], t2[2];
	size_t n = 0;
	int top = ksrtp__sk_naf_top();

	if (!have_ifma)
		return -1;
	in52(&x, &b->x);
	in52(&y, &b->y);
	amm1(&y2, &y, &y);
	for (int j = 0; j < 2; j++) {
		fa[j] = ONE52;
		memset(&fb[j], 0, sizeof(fb[j]));
	}
	for (int i = top - 1; i >= 0; i--) {
		int add = ksrtp__sk_naf_digit(i) != 0;
		const struct f52 *u0 = &L[0][2 * n], *v0 = &L[0][2 * n + 1];
		const struct f52 *u1 = &L[1][2 * n], *v1 = &L[1][2 * n + 1];

		/* stage 1: f^2 = (a + b)(a - b) + 2ab i and u x, for both */
		for (int j = 0; j < 2; j++) {
			add52(&s[j], &fa[j], &fb[j]);
			sub52(&d[j], &fa[j], &fb[j], &P52X16);
		}
		if (!add) {
			amm3(&A[0], &s[0], &d[0], &B[0], &fa[0], &fb[0], &lx[0], u0, &x);
			amm3(&A[1], &s[1], &d[1], &B[1], &fa[1], &fb[1], &lx[1], u1, &x);
			for (int j = 0; j < 2; j++) {
				add52(&lr[j], &lx[j], j ? v1 : v0); /* L, below 3p */
				li[j] = y;
			}
			n++;
		} else {
			const struct f52 *u0b = &L[0][2 * n + 2], *u1b = &L[1][2 * n + 2];
			const struct f52 *v0b = &L[0][2 * n + 3], *v1b = &L[1][2 * n + 3];

			amm4(&A[0], &s[0], &d[0], &B[0], &fa[0], &fb[0], &lx[0], u0, &x, &lx2[0],
			     u0b, &x);
			amm4(&A[1], &s[1], &d[1], &B[1], &fa[1], &fb[1], &lx[1], u1, &x, &lx2[1],
			     u1b, &x);
			for (int j = 0; j < 2; j++) {
				add52(&lx[j], &lx[j], j ? v1 : v0);
				add52(&lx2[j], &lx2[j], j ? v1b : v0b);
				add52(&t2[j], &lx[j], &lx2[j]);
			}
			/* stage 2: the product of the two lines */
			amm4(&t0[0], &lx[0], &lx2[0], &li[0], &t2[0], &y, &t0[1], &lx[1], &lx2[1],
			     &li[1], &t2[1], &y);
			for (int j = 0; j < 2; j++)
				sub52(&lr[j], &t0[j], &y2, &P52X4);
			n += 2;
		}
		if (i == top - 1) {
			/* f = 1: f^2 l = l */
			for (int j = 0; j < 2; j++) {
				fa[j] = lr[j];
				fb[j] = li[j];
			}
			continue;
		}
		/* stage 3: f = (A + 2B i)(lr + li i), Karatsuba */
		for (int j = 0; j < 2; j++) {
			add52(&B[j], &B[j], &B[j]);
			add52(&s[j], &A[j], &B[j]);
			add52(&d[j], &lr[j], &li[j]);
		}
		amm3(&t0[0], &A[0], &lr[0], &t1[0], &B[0], &li[0], &t2[0], &s[0], &d[0]);
		amm3(&t0[1], &A[1], &lr[1], &t1[1], &B[1], &li[1], &t2[1], &s[1], &d[1]);
		for (int j = 0; j < 2; j++) {
			sub52(&fa[j], &t0[j], &t1[j], &P52X4);
			sub52(&t2[j], &t2[j], &t0[j], &P52X4);
			sub52(&fb[j], &t2[j], &t1[j], &P52X4);
		}
	}
	/* back to R = 2^1024 Montgomery form, fully reduced */
	{
		struct f52 rm = RMODP52;

		amm4(&A[0], &fa[0], &rm, &B[0], &fb[0], &rm, &A[1], &fa[1], &rm, &B[1], &fb[1],
		     &rm);
	}
	from52(&f1->a, &A[0]);
	from52(&f1->b, &B[0]);
	from52(&f2->a, &A[1]);
	from52(&f2->b, &B[1]);
	OPENSSL_cleanse(&x, sizeof(x));
	OPENSSL_cleanse(&y, sizeof(y));
	OPENSSL_cleanse(&y2, sizeof(y2));
	OPENSSL_cleanse(fa, sizeof(fa));
	OPENSSL_cleanse(fb, sizeof(fb));
	OPENSSL_cleanse(A, sizeof(A));
	OPENSSL_cleanse(B, sizeof(B));
	OPENSSL_cleanse(s, sizeof(s));
	OPENSSL_cleanse(d, sizeof(d));
	OPENSSL_cleanse(lx, sizeof(lx));
	OPENSSL_cleanse(lx2, sizeof(lx2));
	OPENSSL_cleanse(lr, sizeof(lr));
	OPENSSL_cleanse(li, sizeof(li));
	OPENSSL_cleanse(t0, sizeof(t0));
	OPENSSL_cleanse(t1, sizeof(t1));
	OPENSSL_cleanse(t2, sizeof(t2));
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* fixed-base combs with IFMA: Jacobian points (X/Z^2, Y/Z^3), coordinates below 32p */

struct jac52 {
	struct f52 x, y, z;
};

/* dbl-2001-b (a = -3); outputs below 18p */
static void dbl52(struct jac52 *r, const struct jac52 *a)
{
	struct f52 delta, gamma, yz2, beta, alpha, t0, t1, g2, a2, x3;

	add52(&t0, &a->y, &a->z);
	amm3(&delta, &a->z, &a->z, &gamma, &a->y, &a->y, &yz2, &t0, &t0);
	sub52(&t0, &a->x, &delta, &P52X4);
	add52(&t1, &a->x, &delta);
	amm3(&beta, &a->x, &gamma, &alpha, &t0, &t1, &g2, &gamma, &gamma);
	add52(&t0, &alpha, &alpha);
	add52(&alpha, &alpha, &t0); /* 3 (X - delta)(X + delta) */
	sub52(&t0, &yz2, &gamma, &P52X4);
	sub52(&r->z, &t0, &delta, &P52X4); /* 2 Y Z */
	amm1(&a2, &alpha, &alpha);
	add52(&beta, &beta, &beta);
	add52(&beta, &beta, &beta); /* 4 beta */
	add52(&t0, &beta, &beta);
	sub52(&x3, &a2, &t0, &P52X16); /* alpha^2 - 8 beta */
	sub52(&t0, &beta, &x3, &P52X32);
	amm1(&t1, &alpha, &t0);
	add52(&g2, &g2, &g2);
	add52(&g2, &g2, &g2);
	add52(&g2, &g2, &g2);
	sub52(&r->y, &t1, &g2, &P52X16); /* alpha (4 beta - X3) - 8 gamma^2 */
	r->x = x3;
}

/* madd-2007-bl: r = a + (bx, by) (affine, below p); outputs below 14p */
static void madd52(struct jac52 *r, const struct jac52 *a, const struct f52 *bx,
		   const struct f52 *by)
{
	struct f52 z1z1, yz, u2, s2, h, rr, t0, hh, zh2, r2, i4, j, v, x3, t1, t2;

	amm2(&z1z1, &a->z, &a->z, &yz, by, &a->z);
	amm2(&u2, bx, &z1z1, &s2, &yz, &z1z1);
	sub52(&h, &u2, &a->x, &P52X32);
	sub52(&rr, &s2, &a->y, &P52X32);
	add52(&rr, &rr, &rr);
	add52(&t0, &a->z, &h);
	amm3(&hh, &h, &h, &zh2, &t0, &t0, &r2, &rr, &rr);
	add52(&i4, &hh, &hh);
	add52(&i4, &i4, &i4);
	amm2(&j, &h, &i4, &v, &a->x, &i4);
	/* X3 = r^2 - J - 2V */
	sub52(&x3, &r2, &j, &P52X4);
	sub52(&x3, &x3, &v, &P52X4);
	sub52(&x3, &x3, &v, &P52X4);
	/* Z3 = (Z1 + H)^2 - Z1Z1 - HH */
	sub52(&t0, &zh2, &z1z1, &P52X4);
	sub52(&r->z, &t0, &hh, &P52X4);
	/* Y3 = r (V - X3) - 2 Y1 J */
	sub52(&t0, &v, &x3, &P52X16);
	amm2(&t1, &rr, &t0, &t2, &a->y, &j);
	add52(&t2, &t2, &t2);
	sub52(&r->y, &t1, &t2, &P52X4);
	r->x = x3;
}

static inline void sel52(struct f52 *r, uint64_t mask, const struct f52 *a, const struct f52 *b)
{
	for (int k = 0; k < 24; k++)
		r->l[k] = (a->l[k] & mask) | (b->l[k] & ~mask);
}

static inline uint64_t nz_mask(uint64_t x)
{
	return (uint64_t)0 - ((x | (0 - x)) >> 63);
}

static inline uint64_t kbit(const struct sk_fp *k, int n)
{
	return n < 64 * SK_LIMBS ? (k->v[n / 64] >> (n % 64)) & 1 : 0;
}

void ksrtp__sk_comb52_from(struct sk_comb52 *t, const struct sk_pt tab[SK_COMB_SIZE])
{
	struct f52 c;
	struct sk_fp v;

	for (int e = 0; e < SK_COMB_SIZE; e++) {
		ksrtp__sk_mul(&ksrtp__sk_p, &v, &tab[e].x, &C16);
		to52(&c, &v);
		memcpy(&t->l[(2 * e) * 24], c.l, sizeof(c.l));
		ksrtp__sk_mul(&ksrtp__sk_p, &v, &tab[e].y, &C16);
		to52(&c, &v);
		memcpy(&t->l[(2 * e + 1) * 24], c.l, sizeof(c.l));
	}
}

/*
 * Constant-time table scan: r_j = the entry idx - 1 (zeros for idx 0) of n entries, each made
 * of `per` consecutive 24-word values (1 for g's table, 2 for points), every entry read and
 * blended by a mask.
 */
__attribute__((target("avx512f"))) static void scan52(struct f52 *r, int per, const uint64_t *tab,
						      int n, uint64_t idx)
{
	const __m512i zero = _mm512_setzero_si512(), vidx = _mm512_set1_epi64((long long)idx);
	__m512i x[2][3] = {{zero, zero, zero}, {zero, zero, zero}};

	for (int e = 0; e < n; e++) {
		__mmask8 k = _mm512_cmpeq_epi64_mask(_mm512_set1_epi64(e + 1), vidx);

		for (int j = 0; j < per; j++) {
			const uint64_t *src = tab + (size_t)(per * e + j) * 24;

			for (int w = 0; w < 3; w++)
				x[j][w] = _mm512_mask_blend_epi64(
					k, x[j][w],
					_mm512_loadu_si512((const void *)(src + 8 * w)));
		}
	}
	for (int j = 0; j < per; j++)
		for (int w = 0; w < 3; w++)
			_mm512_store_si512((void *)(r[j].l + 8 * w), x[j][w]);
}

/* acc += tab[idx - 1] (idx 0: nothing), constant time in idx */
static void comb52_add(struct jac52 *acc, uint64_t *inf, const struct sk_comb52 *tab, uint64_t idx)
{
	struct f52 ex, ey;
	struct jac52 s, t;
	uint64_t iz = ~nz_mask(idx);

	{
		struct f52 e2[2];

		scan52(e2, 2, tab->l, SK_COMB_SIZE, idx);
		ex = e2[0];
		ey = e2[1];
	}
	madd52(&s, acc, &ex, &ey);
	t.x = ex;
	t.y = ey;
	t.z = ONE52;
	/* acc = inf ? t : (idx == 0 ? acc : s) */
	sel52(&s.x, iz, &acc->x, &s.x);
	sel52(&s.y, iz, &acc->y, &s.y);
	sel52(&s.z, iz, &acc->z, &s.z);
	sel52(&acc->x, *inf, &t.x, &s.x);
	sel52(&acc->y, *inf, &t.y, &s.y);
	sel52(&acc->z, *inf, &t.z, &s.z);
	*inf &= iz;
}

int ksrtp__sk_comb_mul_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z,
			    const struct sk_comb52 *t1, const struct sk_fp *k1,
			    const struct sk_comb52 *t2, const struct sk_fp *k2)
{
	struct jac52 acc;
	struct f52 rm = RMODP52, a, b;
	uint64_t inf = ~(uint64_t)0;

	if (!have_ifma)
		return -2;
	memset(&acc, 0, sizeof(acc));
	for (int col = SK_COMB_SPACING - 1; col >= 0; col--) {
		uint64_t i1 = 0, i2 = 0;

		for (int t = 0; t < SK_COMB_TEETH; t++) {
			i1 |= kbit(k1, t * SK_COMB_SPACING + col) << t;
			if (t2)
				i2 |= kbit(k2, t * SK_COMB_SPACING + col) << t;
		}
		dbl52(&acc, &acc);
		comb52_add(&acc, &inf, t1, i1);
		if (t2)
			comb52_add(&acc, &inf, t2, i2);
	}
	/* back to R-form, fully reduced */
	amm3(&a, &acc.x, &rm, &b, &acc.y, &rm, &acc.z, &acc.z, &rm);
	from52(X, &a);
	from52(Y, &b);
	from52(Z, &acc.z);
	OPENSSL_cleanse(&acc, sizeof(acc));
	OPENSSL_cleanse(&a, sizeof(a));
	OPENSSL_cleanse(&b, sizeof(b));
	if (inf)
		return 1;
	return ksrtp__sk_is_zero(Z) ? -1 : 0;
}

int ksrtp__sk_dbl_n_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z, int n)
{
	struct jac52 t;
	struct f52 rm = RMODP52, a, b, c;

	if (!have_ifma)
		return -1;
	in52(&t.x, X);
	in52(&t.y, Y);
	in52(&t.z, Z);
	for (int i = 0; i < n; i++)
		dbl52(&t, &t);
	amm3(&a, &t.x, &rm, &b, &t.y, &rm, &c, &t.z, &rm);
	from52(X, &a);
	from52(Y, &b);
	from52(Z, &c);
	return 0;
}

void ksrtp__sk_g52_from(struct sk_g52 *t)
{
	struct f52 c;

	for (int e = 0; e < SK_COMB_SIZE; e++) {
		in52(&c, &ksrtp__sk_comb_g[e]);
		memcpy(&t->l[e * 24], c.l, sizeof(c.l));
	}
}

int ksrtp__sk_g_pow_ifma(struct sk_fp2 *r, const struct sk_g52 *tab, const struct sk_fp *k)
{
	struct f52 fa, fb, A, B, sa, d, e, be, ae, rm = RMODP52;

	if (!have_ifma)
		return -1;
	fa = ONE52;
	memset(&fb, 0, sizeof(fb));
	for (int col = SK_COMB_SPACING - 1; col >= 0; col--) {
		uint64_t idx = 0;

		for (int t = 0; t < SK_COMB_TEETH; t++)
			idx |= kbit(k, t * SK_COMB_SPACING + col) << t;
		if (col != SK_COMB_SPACING - 1) {
			add52(&sa, &fa, &fb);
			sub52(&d, &fa, &fb, &P52X16);
			amm2(&A, &sa, &d, &B, &fa, &fb);
			fa = A;
			add52(&fb, &B, &B);
		}
		scan52(&e, 1, tab->l, SK_COMB_SIZE, idx);
		/* (a + b i)(1 + e i) = (a - b e) + (a e + b) i */
		amm2(&be, &fb, &e, &ae, &fa, &e);
		sub52(&fa, &fa, &be, &P52X4);
		add52(&fb, &fb, &ae);
	}
	amm2(&A, &fa, &rm, &B, &fb, &rm);
	from52(&r->a, &A);
	from52(&r->b, &B);
	OPENSSL_cleanse(&fa, sizeof(fa));
	OPENSSL_cleanse(&fb, sizeof(fb));
	OPENSSL_cleanse(&A, sizeof(A));
	OPENSSL_cleanse(&B, sizeof(B));
	OPENSSL_cleanse(&e, sizeof(e));
	return 0;
}

/* the digit of a public exponent's 4-bit window w */
static inline unsigned int win4(const struct sk_fp *e, int w)
{
	return (unsigned int)(e->v[w / 16] >> ((w % 16) * 4)) & 15;
}

int ksrtp__sk_fp_pow_pub_ifma(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *e,
			      int nbits)
{
	struct f52 t[16], acc, tmp, rm = RMODP52;
	int started = 0;

	if (!have_ifma)
		return -1;
	in52(&t[1], a);
	for (int i = 2; i < 16; i++)
		amm1(&t[i], &t[i - 1], &t[1]);
	acc = ONE52;
	for (int w = (nbits + 3) / 4 - 1; w >= 0; w--) {
		unsigned int d = win4(e, w);

		if (started)
			for (int i = 0; i < 4; i++) {
				amm1(&tmp, &acc, &acc);
				acc = tmp;
			}
		if (d && started) {
			amm1(&tmp, &acc, &t[d]);
			acc = tmp;
		} else if (d) {
			acc = t[d];
			started = 1;
		}
	}
	amm1(&tmp, &acc, &rm);
	from52(r, &tmp);
	OPENSSL_cleanse(t, sizeof(t));
	OPENSSL_cleanse(&acc, sizeof(acc));
	OPENSSL_cleanse(&tmp, sizeof(tmp));
	return 0;
}

/* (a + b i)^2 = (a + b)(a - b) + 2ab i */
static void fp2_sqr52(struct f52 *a, struct f52 *b)
{
	struct f52 s, d, A, B;

	add52(&s, a, b);
	sub52(&d, a, b, &P52X16);
	amm2(&A, &s, &d, &B, a, b);
	*a = A;
	add52(b, &B, &B);
}

/* (a + b i) (c + d i), Karatsuba */
static void fp2_mul52(struct f52 *ra, struct f52 *rb, const struct f52 *a, const struct f52 *b,
		      const struct f52 *c, const struct f52 *d)
{
	struct f52 s1, s2, t0, t1, t2;

	add52(&s1, a, b);
	add52(&s2, c, d);
	amm3(&t0, a, c, &t1, b, d, &t2, &s1, &s2);
	sub52(ra, &t0, &t1, &P52X4);
	sub52(&t2, &t2, &t0, &P52X4);
	sub52(rb, &t2, &t1, &P52X4);
}

int ksrtp__sk_fp2_pow_pub_ifma(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *e,
			       int nbits)
{
	struct f52 ta[16], tb[16], fa, fb, A, B, rm = RMODP52;
	int started = 0;

	if (!have_ifma)
		return -1;
	in52(&ta[1], &x->a);
	in52(&tb[1], &x->b);
	for (int i = 2; i < 16; i++)
		fp2_mul52(&ta[i], &tb[i], &ta[i - 1], &tb[i - 1], &ta[1], &tb[1]);
	fa = ONE52;
	memset(&fb, 0, sizeof(fb));
	for (int w = (nbits + 3) / 4 - 1; w >= 0; w--) {
		unsigned int d = win4(e, w);

		if (started)
			for (int i = 0; i < 4; i++)
				fp2_sqr52(&fa, &fb);
		if (d && started) {
			fp2_mul52(&A, &B, &fa, &fb, &ta[d], &tb[d]);
			fa = A;
			fb = B;
		} else if (d) {
			fa = ta[d];
			fb = tb[d];
			started = 1;
		}
	}
	amm2(&A, &fa, &rm, &B, &fb, &rm);
	from52(&r->a, &A);
	from52(&r->b, &B);
	OPENSSL_cleanse(ta, sizeof(ta));
	OPENSSL_cleanse(tb, sizeof(tb));
	OPENSSL_cleanse(&fa, sizeof(fa));
	OPENSSL_cleanse(&fb, sizeof(fb));
	OPENSSL_cleanse(&A, sizeof(A));
	OPENSSL_cleanse(&B, sizeof(B));
	return 0;
}

#else
int ksrtp__sk_have_ifma(void)
{
	return 0;
}

void ksrtp__sk_comb52_from(struct sk_comb52 *t, const struct sk_pt tab[SK_COMB_SIZE])
{
	(void)t;
	(void)tab;
}

void ksrtp__sk_g52_from(struct sk_g52 *t)
{
	(void)t;
}

int ksrtp__sk_g_pow_ifma(struct sk_fp2 *r, const struct sk_g52 *tab, const struct sk_fp *k)
{
	(void)r;
	(void)tab;
	(void)k;
	return -1;
}

int ksrtp__sk_dbl_n_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z, int n)
{
	(void)X;
	(void)Y;
	(void)Z;
	(void)n;
	return -1;
}

int ksrtp__sk_lines_precompute_ifma(struct sk_line *lines, const struct sk_pt *a)
{
	(void)lines;
	(void)a;
	return -3;
}

int ksrtp__sk_comb_mul_ifma(struct sk_fp *X, struct sk_fp *Y, struct sk_fp *Z,
			    const struct sk_comb52 *t1, const struct sk_fp *k1,
			    const struct sk_comb52 *t2, const struct sk_fp *k2)
{
	(void)X;
	(void)Y;
	(void)Z;
	(void)t1;
	(void)k1;
	(void)t2;
	(void)k2;
	return -2;
}

int ksrtp__sk_nlines52_build(uint64_t *out, const struct sk_pt *a)
{
	(void)out;
	(void)a;
	return -3;
}

int ksrtp__sk_fp_pow_pub_ifma(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *e,
			      int nbits)
{
	(void)r;
	(void)a;
	(void)e;
	(void)nbits;
	return -1;
}

int ksrtp__sk_fp2_pow_pub_ifma(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *e,
			       int nbits)
{
	(void)r;
	(void)x;
	(void)e;
	(void)nbits;
	return -1;
}

int ksrtp__sk_nlines_eval2_ifma(struct sk_fp2 *f1, const uint64_t *l1, struct sk_fp2 *f2,
				const uint64_t *l2, const struct sk_pt *b)
{
	(void)f1;
	(void)l1;
	(void)f2;
	(void)l2;
	(void)b;
	return -1;
}

int ksrtp__sk_lines_eval_ifma(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	(void)f;
	(void)lines;
	(void)b;
	return -1;
}
#endif
