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

#include <openssl/crypto.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

#define M52 ((1ULL << 52) - 1)

struct f52 {
	uint64_t l[24]; /* lanes 20..23 stay zero */
} __attribute__((aligned(64)));

/* radix-2^52 constants: p, 4p and 16p (added in subtractions), R' = 2^1040 mod p (one), R mod p */
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

	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
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

/* r0 = a0 b0 / R', r1 = a1 b1 / R' (inputs normalised, below 16p; outputs below 2p) */
__attribute__((target("avx512f,avx512ifma"))) static void amm2(struct f52 *r0, const struct f52 *a0,
							       const struct f52 *b0, struct f52 *r1,
							       const struct f52 *a1,
							       const struct f52 *b1)
{
	const __m512i zero = _mm512_setzero_si512();
	const __m512i p0 = LD(P52.l), p1 = LD(P52.l + 8), p2 = LD(P52.l + 16);
	const __m512i a00 = LD(a0->l), a01 = LD(a0->l + 8), a02 = LD(a0->l + 16);
	const __m512i a10 = LD(a1->l), a11 = LD(a1->l + 8), a12 = LD(a1->l + 16);
	__m512i x0 = zero, x1 = zero, x2 = zero, y0 = zero, y1 = zero, y2 = zero;

	for (int i = 0; i < 20; i++) {
		__m512i bi = _mm512_set1_epi64((long long)b0->l[i]);
		__m512i ci = _mm512_set1_epi64((long long)b1->l[i]);
		uint64_t t0, t1, m0, m1, c0, c1;
		__m512i mb0, mb1;

		x0 = _mm512_madd52lo_epu64(x0, a00, bi);
		x1 = _mm512_madd52lo_epu64(x1, a01, bi);
		x2 = _mm512_madd52lo_epu64(x2, a02, bi);
		y0 = _mm512_madd52lo_epu64(y0, a10, ci);
		y1 = _mm512_madd52lo_epu64(y1, a11, ci);
		y2 = _mm512_madd52lo_epu64(y2, a12, ci);
		t0 = (uint64_t)_mm_cvtsi128_si64(_mm512_castsi512_si128(x0));
		t1 = (uint64_t)_mm_cvtsi128_si64(_mm512_castsi512_si128(y0));
		m0 = (t0 * K0_52) & M52;
		m1 = (t1 * K0_52) & M52;
		c0 = (t0 + ((m0 * P52.l[0]) & M52)) >> 52;
		c1 = (t1 + ((m1 * P52.l[0]) & M52)) >> 52;
		mb0 = _mm512_set1_epi64((long long)m0);
		mb1 = _mm512_set1_epi64((long long)m1);
		/* lane 0 of x + m p is 0 mod 2^52: add the rest, shift down one limb */
		x1 = _mm512_madd52lo_epu64(x1, p1, mb0);
		x2 = _mm512_madd52lo_epu64(x2, p2, mb0);
		y1 = _mm512_madd52lo_epu64(y1, p1, mb1);
		y2 = _mm512_madd52lo_epu64(y2, p2, mb1);
		x0 = _mm512_madd52lo_epu64(x0, p0, mb0);
		y0 = _mm512_madd52lo_epu64(y0, p0, mb1);
		x0 = _mm512_alignr_epi64(x1, x0, 1);
		x1 = _mm512_alignr_epi64(x2, x1, 1);
		x2 = _mm512_alignr_epi64(zero, x2, 1);
		y0 = _mm512_alignr_epi64(y1, y0, 1);
		y1 = _mm512_alignr_epi64(y2, y1, 1);
		y2 = _mm512_alignr_epi64(zero, y2, 1);
		x0 = _mm512_add_epi64(x0, _mm512_zextsi128_si512(_mm_cvtsi64_si128((long long)c0)));
		y0 = _mm512_add_epi64(y0, _mm512_zextsi128_si512(_mm_cvtsi64_si128((long long)c1)));
		/* the high halves belong one limb up: after the shift, in place */
		x0 = _mm512_madd52hi_epu64(x0, a00, bi);
		x1 = _mm512_madd52hi_epu64(x1, a01, bi);
		x2 = _mm512_madd52hi_epu64(x2, a02, bi);
		y0 = _mm512_madd52hi_epu64(y0, a10, ci);
		y1 = _mm512_madd52hi_epu64(y1, a11, ci);
		y2 = _mm512_madd52hi_epu64(y2, a12, ci);
		x0 = _mm512_madd52hi_epu64(x0, p0, mb0);
		x1 = _mm512_madd52hi_epu64(x1, p1, mb0);
		x2 = _mm512_madd52hi_epu64(x2, p2, mb0);
		y0 = _mm512_madd52hi_epu64(y0, p0, mb1);
		y1 = _mm512_madd52hi_epu64(y1, p1, mb1);
		y2 = _mm512_madd52hi_epu64(y2, p2, mb1);
	}
	_mm512_store_si512((void *)r0->l, x0);
	_mm512_store_si512((void *)(r0->l + 8), x1);
	_mm512_store_si512((void *)(r0->l + 16), x2);
	_mm512_store_si512((void *)r1->l, y0);
	_mm512_store_si512((void *)(r1->l + 8), y1);
	_mm512_store_si512((void *)(r1->l + 16), y2);
	norm52(r0);
	norm52(r1);
}

int ksrtp__sk_lines_eval_ifma(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	struct f52 x, y, fa, fb, A, B, u, v, ux, t0, t1, l, s, sa, ly;
	struct sk_fp t;
	size_t n = 0;
	int top = ksrtp__sk_naf_top();

	if (!have_ifma)
		return -1;
	ksrtp__sk_mul(&ksrtp__sk_p, &t, &b->x, &C16);
	to52(&x, &t);
	ksrtp__sk_mul(&ksrtp__sk_p, &t, &b->y, &C16);
	to52(&y, &t);
	fa = ONE52;
	memset(&fb, 0, sizeof(fb));
	for (int i = top - 1; i >= 0; i--) {
		int steps = ksrtp__sk_naf_digit(i) ? 2 : 1;

		if (i != top - 1) {
			/* f^2 = (a + b)(a - b) + 2ab i */
			add52(&sa, &fa, &fb);
			sub52(&ly, &fa, &fb, &P52X16);
			amm2(&A, &sa, &ly, &B, &fa, &fb);
			fa = A;
			add52(&fb, &B, &B);
		}
		for (int k = 0; k < steps; k++, n++) {
			/* f *= (v + u x) + i y: t1 = b y alongside u x, then Karatsuba */
			to52(&u, &lines[n].u);
			to52(&v, &lines[n].v);
			amm2(&ux, &u, &x, &t1, &fb, &y);
			add52(&l, &ux, &v);
			add52(&sa, &fa, &fb);
			add52(&ly, &l, &y);
			amm2(&t0, &fa, &l, &s, &sa, &ly);
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

#else
int ksrtp__sk_have_ifma(void)
{
	return 0;
}

int ksrtp__sk_lines_eval_ifma(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	(void)f;
	(void)lines;
	(void)b;
	return -1;
}
#endif
