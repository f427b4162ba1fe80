// SPDX-License-Identifier: GPL-2.0
/*
 * sakke_math.c - field, curve and pairing arithmetic for SAKKE parameter set 1 (RFC 6508,
 * RFC 6509 Appendix A). See sakke_math.h for what is constant time.
 */
#include "sakke_math.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <x86intrin.h>
#endif

typedef unsigned __int128 u128;

const struct sk_mont ksrtp__sk_p = {
	.m = {{
		0x666d807afea85febULL,
		0x80c5df10ac7ace87ULL,
		0xfce3e82389857db0ULL,
		0x9f94d6af56971f1fULL,
		0xa7cf3c521c3c09aaULL,
		0xb6aff4a831852a82ULL,
		0x512ac5cd65681ce1ULL,
		0xe26c6487326b4cd4ULL,
		0x356d27f4a666a6d0ULL,
		0xe791b39ff7c88a19ULL,
		0x228730d531a59cb0ULL,
		0xf40aab27e2fc0f1bULL,
		0xbe9ae358b3e01a2eULL,
		0x416c0ce19cb48261ULL,
		0x65c61198dad0657aULL,
		0x997abb1f0a563fdaULL,
	}},
	.n0 = 0x290420077c8f2f3dULL,
	.rr = {{
		0xe199c8ceed17b0a1ULL,
		0x7ffd8b4be3620f7fULL,
		0xca865d5f4f76e245ULL,
		0x623ff8dc27ecf5cbULL,
		0x229900e1d19bb697ULL,
		0xed6aef26ea40c71fULL,
		0xa3aed42cc906365cULL,
		0x17d461b69eab6451ULL,
		0x2009367d7d666da9ULL,
		0x8bcad1dcb63c1d56ULL,
		0x5a126231c31a92dcULL,
		0x5fb41b0eb8d94c5bULL,
		0xc113d394843f623cULL,
		0x5d8d8e74f159f1ebULL,
		0xae4ba7edb5d48c14ULL,
		0x191640b9698af16aULL,
	}},
	.one = {{
		0x99927f850157a015ULL,
		0x7f3a20ef53853178ULL,
		0x031c17dc767a824fULL,
		0x606b2950a968e0e0ULL,
		0x5830c3ade3c3f655ULL,
		0x49500b57ce7ad57dULL,
		0xaed53a329a97e31eULL,
		0x1d939b78cd94b32bULL,
		0xca92d80b5999592fULL,
		0x186e4c60083775e6ULL,
		0xdd78cf2ace5a634fULL,
		0x0bf554d81d03f0e4ULL,
		0x41651ca74c1fe5d1ULL,
		0xbe93f31e634b7d9eULL,
		0x9a39ee67252f9a85ULL,
		0x668544e0f5a9c025ULL,
	}},
};

const struct sk_mont ksrtp__sk_q = {
	.m = {{
		0xd99b601ebfaa17fbULL,
		0x203177c42b1eb3a1ULL,
		0xff38fa08e2615f6cULL,
		0xa7e535abd5a5c7c7ULL,
		0xa9f3cf14870f026aULL,
		0x6dabfd2a0c614aa0ULL,
		0x144ab173595a0738ULL,
		0x389b1921cc9ad335ULL,
		0x4d5b49fd2999a9b4ULL,
		0x39e46ce7fdf22286ULL,
		0xc8a1cc354c69672cULL,
		0xbd02aac9f8bf03c6ULL,
		0x6fa6b8d62cf8068bULL,
		0x905b0338672d2098ULL,
		0x9971846636b4195eULL,
		0x265eaec7c2958ff6ULL,
	}},
	.n0 = 0xb8a1d17d46eaa4cdULL,
	.rr = {{
		0xda18351aab65130dULL,
		0x53d2a86ff2ea3168ULL,
		0x9cf2730004b7e984ULL,
		0x7df33bab26caacf6ULL,
		0xbd9ffef9a4e7d523ULL,
		0xe4baf1d588717ce0ULL,
		0x24b1bbc4bc93533aULL,
		0x9ad2dc261db57a34ULL,
		0x422970b3838d8f48ULL,
		0x890491f5401df1e3ULL,
		0xf3d2a16bbcb013beULL,
		0x9b9de76d5595e10bULL,
		0x58d7c6f9f724bb45ULL,
		0xb2074f8f97cac807ULL,
		0x76271e07c569cadcULL,
		0x14274810a10f335fULL,
	}},
	.one = {{
		0xe65bbf478203701eULL,
		0x3ed73166fd47ca34ULL,
		0x04aa23cab1b7c377ULL,
		0x10a0bdf8fe1d5150ULL,
		0x04492584d5a5f180ULL,
		0x6df81103b5b8403cULL,
		0x863fd74be7e3d4adULL,
		0xac5d6935345f0cc1ULL,
		0x2fdc4411066605c6ULL,
		0xa4a572900c5330daULL,
		0x4c3536c0358794f6ULL,
		0x91efff442b85e957ULL,
		0x6217aafaf22fd8b9ULL,
		0x9dddecad94f13c6dULL,
		0x6756e59ab7c767c8ULL,
		0x19c7e751707ea038ULL,
	}},
};

const struct sk_pt ksrtp__sk_gen = {
	.x = {{
		0xbf9c7ec6e0162bc2ULL,
		0xddecc6e310a89289ULL,
		0x5d599df09e499d81ULL,
		0x9a96ea286d358218ULL,
		0x01aec7d370c5f8dbULL,
		0xe72e49958cf5d066ULL,
		0xc2e7297d3e91d7f8ULL,
		0x8621db92da9f2f5aULL,
		0x4b26c8675a5679edULL,
		0x233385df2c56aac1ULL,
		0xb88e74d4c6a13f99ULL,
		0x1214b173ffa8ec11ULL,
		0xa0386a271f3f9fefULL,
		0xbd9b1b4ec0e7b44eULL,
		0xafe528dceecd3496ULL,
		0x8dfff96a1c49f80bULL,
	}},
	.y = {{
		0xb4a4753ac03c0c83ULL,
		0x68e69d18abcdcd75ULL,
		0xe3839b88f775b649ULL,
		0x803f949abf58f352ULL,
		0x5f702679bd0bc15cULL,
		0x85bf5d168ff298c2ULL,
		0x3f6ebd98c6c7976eULL,
		0x20618af445e3e1b4ULL,
		0x67d5598e54e64093ULL,
		0xb047283b504fed9eULL,
		0x450cabfd70d87517ULL,
		0x47d628bf3f5addbeULL,
		0x0037ef3078cb4ccaULL,
		0x4e148d3c6b1c4908ULL,
		0xe256d3294fcfd837ULL,
		0x2aa1207bde3c01f3ULL,
	}},
};

const struct sk_fp ksrtp__sk_g = {{
	0x170a46d2335c1685ULL,
	0xeac9e971e1007a58ULL,
	0x40e8f3df43ca4a73ULL,
	0x2646f81582642475ULL,
	0x3af49bb4b36576d1ULL,
	0xd89e2d1472bf1afbULL,
	0x27be882c2fd151e6ULL,
	0xaddedc858f88717cULL,
	0xd6d859bf16ac6c6fULL,
	0x0e741a1b2d8eae58ULL,
	0x6faf7a0061c1f30dULL,
	0x66dbd09a9b67e096ULL,
	0x21f11c067d3b4f7dULL,
	0x6152ba02c727c98eULL,
	0xafd58891e86cb221ULL,
	0x59e93c6a6bd3baf4ULL,
}};

/* 4q = p + 1 and 2q as plain integers */
static const struct sk_fp Q4 = {{
	0x666d807afea85fecULL,
	0x80c5df10ac7ace87ULL,
	0xfce3e82389857db0ULL,
	0x9f94d6af56971f1fULL,
	0xa7cf3c521c3c09aaULL,
	0xb6aff4a831852a82ULL,
	0x512ac5cd65681ce1ULL,
	0xe26c6487326b4cd4ULL,
	0x356d27f4a666a6d0ULL,
	0xe791b39ff7c88a19ULL,
	0x228730d531a59cb0ULL,
	0xf40aab27e2fc0f1bULL,
	0xbe9ae358b3e01a2eULL,
	0x416c0ce19cb48261ULL,
	0x65c61198dad0657aULL,
	0x997abb1f0a563fdaULL,
}};

static const struct sk_fp Q2 = {{
	0xb336c03d7f542ff6ULL,
	0x4062ef88563d6743ULL,
	0xfe71f411c4c2bed8ULL,
	0x4fca6b57ab4b8f8fULL,
	0x53e79e290e1e04d5ULL,
	0xdb57fa5418c29541ULL,
	0x289562e6b2b40e70ULL,
	0x713632439935a66aULL,
	0x9ab693fa53335368ULL,
	0x73c8d9cffbe4450cULL,
	0x9143986a98d2ce58ULL,
	0x7a055593f17e078dULL,
	0xdf4d71ac59f00d17ULL,
	0x20b60670ce5a4130ULL,
	0x32e308cc6d6832bdULL,
	0x4cbd5d8f852b1fedULL,
}};

/* p - 2 and q - 2, the inversion exponents */
static const struct sk_fp P_MINUS_2 = {{
	0x666d807afea85fe9ULL,
	0x80c5df10ac7ace87ULL,
	0xfce3e82389857db0ULL,
	0x9f94d6af56971f1fULL,
	0xa7cf3c521c3c09aaULL,
	0xb6aff4a831852a82ULL,
	0x512ac5cd65681ce1ULL,
	0xe26c6487326b4cd4ULL,
	0x356d27f4a666a6d0ULL,
	0xe791b39ff7c88a19ULL,
	0x228730d531a59cb0ULL,
	0xf40aab27e2fc0f1bULL,
	0xbe9ae358b3e01a2eULL,
	0x416c0ce19cb48261ULL,
	0x65c61198dad0657aULL,
	0x997abb1f0a563fdaULL,
}};

static const struct sk_fp Q_MINUS_2 = {{
	0xd99b601ebfaa17f9ULL,
	0x203177c42b1eb3a1ULL,
	0xff38fa08e2615f6cULL,
	0xa7e535abd5a5c7c7ULL,
	0xa9f3cf14870f026aULL,
	0x6dabfd2a0c614aa0ULL,
	0x144ab173595a0738ULL,
	0x389b1921cc9ad335ULL,
	0x4d5b49fd2999a9b4ULL,
	0x39e46ce7fdf22286ULL,
	0xc8a1cc354c69672cULL,
	0xbd02aac9f8bf03c6ULL,
	0x6fa6b8d62cf8068bULL,
	0x905b0338672d2098ULL,
	0x9971846636b4195eULL,
	0x265eaec7c2958ff6ULL,
}};

/* ---------------------------------------------------------------------------------------- */
/* integers */

int ksrtp__sk_from_bytes(struct sk_fp *r, const uint8_t *in, size_t len)
{
	memset(r, 0, sizeof(*r));
	while (len > SK_BYTES) {
		if (*in)
			return -1;
		in++;
		len--;
	}
	for (size_t i = 0; i < len; i++) {
		size_t bit = (len - 1 - i) * 8;

		r->v[bit / 64] |= (uint64_t)in[i] << (bit % 64);
	}
	return 0;
}

void ksrtp__sk_to_bytes(uint8_t out[SK_BYTES], const struct sk_fp *a)
{
	for (size_t i = 0; i < SK_BYTES; i++) {
		size_t bit = (SK_BYTES - 1 - i) * 8;

		out[i] = (uint8_t)(a->v[bit / 64] >> (bit % 64));
	}
}

static inline uint64_t mask_nz(uint64_t x)
{
	/* all-ones if x != 0 */
	return (uint64_t)0 - ((x | (0 - x)) >> 63);
}

/*
 * An optimisation barrier on a mask inside a limb loop: keeps the compiler from turning the
 * masking into a branch, and from vectorising the loop (its 16-byte loads right after the
 * scalar stores of a carry chain would miss store forwarding).
 */
#if defined(__GNUC__)
#define MASK_BARRIER(x) __asm__("" : "+r"(x))
#else
#define MASK_BARRIER(x) ((void)0)
#endif

uint64_t ksrtp__sk_is_zero(const struct sk_fp *a)
{
	uint64_t acc = 0;

	for (int i = 0; i < SK_LIMBS; i++)
		acc |= a->v[i];
	return ~mask_nz(acc);
}

uint64_t ksrtp__sk_eq(const struct sk_fp *a, const struct sk_fp *b)
{
	uint64_t acc = 0;

	for (int i = 0; i < SK_LIMBS; i++)
		acc |= a->v[i] ^ b->v[i];
	return ~mask_nz(acc);
}

/*
 * Limb-wise add and subtract with carry/borrow in and out (0 or 1): the x86-64 carry flag
 * (adc/sbb chains) where the compiler has the intrinsics, 128-bit arithmetic elsewhere.
 */
#if defined(__x86_64__) && defined(__GNUC__)
static inline uint64_t adc64(uint64_t *r, uint64_t a, uint64_t b, uint64_t c)
{
	unsigned long long s;

	c = _addcarry_u64((unsigned char)c, a, b, &s);
	*r = s;
	return c;
}

static inline uint64_t sbb64(uint64_t *r, uint64_t a, uint64_t b, uint64_t c)
{
	unsigned long long s;

	c = _subborrow_u64((unsigned char)c, a, b, &s);
	*r = s;
	return c;
}
#else
static inline uint64_t adc64(uint64_t *r, uint64_t a, uint64_t b, uint64_t c)
{
	u128 s = (u128)a + b + c;

	*r = (uint64_t)s;
	return (uint64_t)(s >> 64);
}

static inline uint64_t sbb64(uint64_t *r, uint64_t a, uint64_t b, uint64_t c)
{
	u128 d = (u128)a - b - c;

	*r = (uint64_t)d;
	return (uint64_t)(d >> 64) & 1;
}
#endif

/* r = a - b over n limbs, returns the borrow (0 or 1) */
static inline uint64_t sub_k(uint64_t *r, const uint64_t *a, const uint64_t *b, int n)
{
	uint64_t borrow = 0;

#pragma GCC unroll 32
	for (int i = 0; i < n; i++)
		borrow = sbb64(&r[i], a[i], b[i], borrow);
	return borrow;
}

static inline uint64_t add_k(uint64_t *r, const uint64_t *a, const uint64_t *b, int n)
{
	uint64_t c = 0;

#pragma GCC unroll 32
	for (int i = 0; i < n; i++)
		c = adc64(&r[i], a[i], b[i], c);
	return c;
}

static inline uint64_t sub_n(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	return sub_k(r, a, b, SK_LIMBS);
}

static inline uint64_t add_n(uint64_t *r, const uint64_t *a, const uint64_t *b)
{
	return add_k(r, a, b, SK_LIMBS);
}

uint64_t ksrtp__sk_lt(const struct sk_fp *a, const struct sk_fp *m)
{
	uint64_t t[SK_LIMBS];

	return (uint64_t)0 - sub_n(t, a->v, m->v);
}

static inline void sel(struct sk_fp *r, uint64_t mask, const struct sk_fp *a, const struct sk_fp *b)
{
	/* r = mask ? a : b */
	for (int i = 0; i < SK_LIMBS; i++)
		r->v[i] = (a->v[i] & mask) | (b->v[i] & ~mask);
}

/* r = (hi:lo) - m if that is non-negative, else lo; requires (hi:lo) < 2m */
static inline void final_sub(const struct sk_fp *m, uint64_t *r, const uint64_t *lo, uint64_t hi)
{
	uint64_t s[SK_LIMBS];
	uint64_t borrow = sub_n(s, lo, m->v);
	uint64_t keep = hi - borrow; /* 0: take s; all-ones: keep lo */

	for (int i = 0; i < SK_LIMBS; i++) {
		MASK_BARRIER(keep);
		r[i] = (s[i] & ~keep) | (lo[i] & keep);
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Montgomery arithmetic (CIOS) */

static inline void mont_mul_c(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
			      const struct sk_fp *b)
{
	uint64_t t[SK_LIMBS + 2];
	const uint64_t *m = M->m.v;

	memset(t, 0, sizeof(t));
	for (int i = 0; i < SK_LIMBS; i++) {
		u128 c = 0;
		uint64_t bi = b->v[i], u;

		for (int j = 0; j < SK_LIMBS; j++) {
			c += (u128)a->v[j] * bi + t[j];
			t[j] = (uint64_t)c;
			c >>= 64;
		}
		c += t[SK_LIMBS];
		t[SK_LIMBS] = (uint64_t)c;
		t[SK_LIMBS + 1] = (uint64_t)(c >> 64);
		u = t[0] * M->n0;
		c = (u128)u * m[0] + t[0];
		c >>= 64;
		for (int j = 1; j < SK_LIMBS; j++) {
			c += (u128)u * m[j] + t[j];
			t[j - 1] = (uint64_t)c;
			c >>= 64;
		}
		c += t[SK_LIMBS];
		t[SK_LIMBS - 1] = (uint64_t)c;
		t[SK_LIMBS] = t[SK_LIMBS + 1] + (uint64_t)(c >> 64);
	}
	final_sub(&M->m, r->v, t, t[SK_LIMBS]);
}

/* r = a b, 2048 bits, no reduction (portable C) */
static void mul_wide_c(uint64_t r[2 * SK_LIMBS], const uint64_t *a, const uint64_t *b)
{
	memset(r, 0, 2 * SK_LIMBS * sizeof(*r));
	for (int i = 0; i < SK_LIMBS; i++) {
		u128 c = 0;

		for (int j = 0; j < SK_LIMBS; j++) {
			c += (u128)a[j] * b[i] + r[i + j];
			r[i + j] = (uint64_t)c;
			c >>= 64;
		}
		r[i + SK_LIMBS] = (uint64_t)c;
	}
}

/*
 * r = t R^-1 mod m for t < m R (portable C; t is overwritten). Each row's carry out of its top
 * word stays pending (at most 2) and joins the next row's top word.
 */
static void redc_c(const struct sk_mont *M, uint64_t *r, uint64_t t[2 * SK_LIMBS])
{
	const uint64_t *m = M->m.v;
	uint64_t pend = 0;

	for (int i = 0; i < SK_LIMBS; i++) {
		uint64_t u = t[i] * M->n0;
		u128 c = 0;

		for (int j = 0; j < SK_LIMBS; j++) {
			c += (u128)u * m[j] + t[i + j];
			t[i + j] = (uint64_t)c;
			c >>= 64;
		}
		c += (u128)t[i + SK_LIMBS] + pend;
		t[i + SK_LIMBS] = (uint64_t)c;
		pend = (uint64_t)(c >> 64);
	}
	final_sub(&M->m, r, t + SK_LIMBS, pend);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define SK_HAVE_ADX_ASM 1
/*
 * Montgomery multiplication with MULX/ADCX/ADOX (BMI2 + ADX), CIOS: for each limb b_i,
 * t += a b_i then t += m p with m = t_0 n0 and t >>= 64, the two carry chains of each row
 * interleaved (CF for the low halves, OF for the high halves). t slides through a zeroed
 * 34-word buffer instead of being shifted. Straight-line code, no secret-dependent branches.
 */
static void mont_mul_adx(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
			 const struct sk_fp *b)
{
	uint64_t buf[34];
	uint64_t *t = buf;
	const uint64_t *bp = b->v;
	register const uint64_t *mp __asm__("r15") = M->m.v;
	register uint64_t n0 __asm__("r14") = M->n0;

	memset(buf, 0, sizeof(buf));
	__asm__ volatile("movl $16, %%r13d\n\t"
			 "1:\n\t"
			 "movq (%%rcx), %%rdx\n\t"
			 "xorl %%r10d, %%r10d\n\t"
			 "movq (%%rdi), %%rax\n\t"
			 "mulxq 0(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 8(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 0(%%rdi)\n\t"
			 "mulxq 8(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 16(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 8(%%rdi)\n\t"
			 "mulxq 16(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 24(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 16(%%rdi)\n\t"
			 "mulxq 24(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 32(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 24(%%rdi)\n\t"
			 "mulxq 32(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 40(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 32(%%rdi)\n\t"
			 "mulxq 40(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 48(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 40(%%rdi)\n\t"
			 "mulxq 48(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 56(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 48(%%rdi)\n\t"
			 "mulxq 56(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 64(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 56(%%rdi)\n\t"
			 "mulxq 64(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 72(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 64(%%rdi)\n\t"
			 "mulxq 72(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 80(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 72(%%rdi)\n\t"
			 "mulxq 80(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 88(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 80(%%rdi)\n\t"
			 "mulxq 88(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 96(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 88(%%rdi)\n\t"
			 "mulxq 96(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 104(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 96(%%rdi)\n\t"
			 "mulxq 104(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 112(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 104(%%rdi)\n\t"
			 "mulxq 112(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 120(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 112(%%rdi)\n\t"
			 "mulxq 120(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 128(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 120(%%rdi)\n\t"
			 "adcxq %%r10, %%rax\n\t"
			 "movq %%rax, 128(%%rdi)\n\t"
			 "movq 136(%%rdi), %%rbx\n\t"
			 "adcxq %%r10, %%rbx\n\t"
			 "adoxq %%r10, %%rbx\n\t"
			 "movq %%rbx, 136(%%rdi)\n\t"
			 "movq (%%rdi), %%rdx\n\t"
			 "imulq %%r14, %%rdx\n\t"
			 "xorl %%r10d, %%r10d\n\t"
			 "movq (%%rdi), %%rax\n\t"
			 "mulxq 0(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 8(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 0(%%rdi)\n\t"
			 "mulxq 8(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 16(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 8(%%rdi)\n\t"
			 "mulxq 16(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 24(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 16(%%rdi)\n\t"
			 "mulxq 24(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 32(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 24(%%rdi)\n\t"
			 "mulxq 32(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 40(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 32(%%rdi)\n\t"
			 "mulxq 40(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 48(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 40(%%rdi)\n\t"
			 "mulxq 48(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 56(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 48(%%rdi)\n\t"
			 "mulxq 56(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 64(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 56(%%rdi)\n\t"
			 "mulxq 64(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 72(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 64(%%rdi)\n\t"
			 "mulxq 72(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 80(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 72(%%rdi)\n\t"
			 "mulxq 80(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 88(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 80(%%rdi)\n\t"
			 "mulxq 88(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 96(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 88(%%rdi)\n\t"
			 "mulxq 96(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 104(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 96(%%rdi)\n\t"
			 "mulxq 104(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 112(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 104(%%rdi)\n\t"
			 "mulxq 112(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 120(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 112(%%rdi)\n\t"
			 "mulxq 120(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 128(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 120(%%rdi)\n\t"
			 "adcxq %%r10, %%rax\n\t"
			 "movq %%rax, 128(%%rdi)\n\t"
			 "movq 136(%%rdi), %%rbx\n\t"
			 "adcxq %%r10, %%rbx\n\t"
			 "adoxq %%r10, %%rbx\n\t"
			 "movq %%rbx, 136(%%rdi)\n\t"
			 "addq $8, %%rdi\n\t"
			 "addq $8, %%rcx\n\t"
			 "decl %%r13d\n\t"
			 "jnz 1b\n\t"
			 : "+D"(t), "+c"(bp)
			 : "S"(a->v), "r"(mp), "r"(n0)
			 : "rax", "rbx", "rdx", "r8", "r9", "r10", "r13", "cc", "memory");
	final_sub(&M->m, r->v, buf + 16, buf[32]);
}

/*
 * The two halves of the multiplication above, for lazy reduction: r = a b as a 2048-bit
 * integer (32 limbs; no reduction), and r = t R^-1 mod m (Montgomery reduction of a 2048-bit t,
 * which it overwrites). The reduction's rows leave the carry out of their top word pending
 * (r12, at most 2) and add it to the next row's top word, so no carry runs past a row.
 * Straight-line code, no secret-dependent branches.
 */
static void mul_wide_adx(uint64_t r[2 * SK_LIMBS], const uint64_t *a, const uint64_t *b)
{
	uint64_t *t = r;
	const uint64_t *bp = b;

	memset(r, 0, SK_LIMBS * sizeof(*r));
	__asm__ volatile("movl $16, %%r13d\n\t"
			 "1:\n\t"
			 "movq (%%rcx), %%rdx\n\t"
			 "xorl %%r10d, %%r10d\n\t"
			 "movq (%%rdi), %%rax\n\t"
			 "mulxq 0(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 8(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 0(%%rdi)\n\t"
			 "mulxq 8(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 16(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 8(%%rdi)\n\t"
			 "mulxq 16(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 24(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 16(%%rdi)\n\t"
			 "mulxq 24(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 32(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 24(%%rdi)\n\t"
			 "mulxq 32(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 40(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 32(%%rdi)\n\t"
			 "mulxq 40(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 48(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 40(%%rdi)\n\t"
			 "mulxq 48(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 56(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 48(%%rdi)\n\t"
			 "mulxq 56(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 64(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 56(%%rdi)\n\t"
			 "mulxq 64(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 72(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 64(%%rdi)\n\t"
			 "mulxq 72(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 80(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 72(%%rdi)\n\t"
			 "mulxq 80(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 88(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 80(%%rdi)\n\t"
			 "mulxq 88(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 96(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 88(%%rdi)\n\t"
			 "mulxq 96(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 104(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 96(%%rdi)\n\t"
			 "mulxq 104(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 112(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 104(%%rdi)\n\t"
			 "mulxq 112(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 120(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 112(%%rdi)\n\t"
			 "mulxq 120(%%rsi), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq $0, %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 120(%%rdi)\n\t"
			 "adcxq %%r10, %%rax\n\t"
			 "movq %%rax, 128(%%rdi)\n\t"
			 "addq $8, %%rdi\n\t"
			 "addq $8, %%rcx\n\t"
			 "decl %%r13d\n\t"
			 "jnz 1b\n\t"
			 : "+D"(t), "+c"(bp)
			 : "S"(a)
			 : "rax", "rbx", "rdx", "r8", "r9", "r10", "r13", "cc", "memory");
}

static void redc_adx(const struct sk_mont *M, uint64_t *r, uint64_t t[2 * SK_LIMBS])
{
	uint64_t *tp = t;
	register const uint64_t *mp __asm__("r15") = M->m.v;
	register uint64_t n0 __asm__("r14") = M->n0;
	uint64_t top;

	__asm__ volatile("movl $16, %%r13d\n\t"
			 "xorl %%r12d, %%r12d\n\t"
			 "1:\n\t"
			 "movq (%%rdi), %%rdx\n\t"
			 "imulq %%r14, %%rdx\n\t"
			 "xorl %%r10d, %%r10d\n\t"
			 "movq (%%rdi), %%rax\n\t"
			 "mulxq 0(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 8(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "mulxq 8(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 16(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 8(%%rdi)\n\t"
			 "mulxq 16(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 24(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 16(%%rdi)\n\t"
			 "mulxq 24(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 32(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 24(%%rdi)\n\t"
			 "mulxq 32(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 40(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 32(%%rdi)\n\t"
			 "mulxq 40(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 48(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 40(%%rdi)\n\t"
			 "mulxq 48(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 56(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 48(%%rdi)\n\t"
			 "mulxq 56(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 64(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 56(%%rdi)\n\t"
			 "mulxq 64(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 72(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 64(%%rdi)\n\t"
			 "mulxq 72(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 80(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 72(%%rdi)\n\t"
			 "mulxq 80(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 88(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 80(%%rdi)\n\t"
			 "mulxq 88(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 96(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 88(%%rdi)\n\t"
			 "mulxq 96(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 104(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 96(%%rdi)\n\t"
			 "mulxq 104(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 112(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 104(%%rdi)\n\t"
			 "mulxq 112(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rax\n\t"
			 "movq 120(%%rdi), %%rbx\n\t"
			 "adoxq %%r9, %%rbx\n\t"
			 "movq %%rax, 112(%%rdi)\n\t"
			 "mulxq 120(%%r15), %%r8, %%r9\n\t"
			 "adcxq %%r8, %%rbx\n\t"
			 "movq 128(%%rdi), %%rax\n\t"
			 "adoxq %%r9, %%rax\n\t"
			 "movq %%rbx, 120(%%rdi)\n\t"
			 "adcxq %%r10, %%rax\n\t"
			 "movl $0, %%edx\n\t"
			 "adcxq %%r10, %%rdx\n\t"
			 "adoxq %%r10, %%rdx\n\t"
			 "addq %%r12, %%rax\n\t"
			 "adcq $0, %%rdx\n\t"
			 "movq %%rax, 128(%%rdi)\n\t"
			 "movq %%rdx, %%r12\n\t"
			 "addq $8, %%rdi\n\t"
			 "decl %%r13d\n\t"
			 "jnz 1b\n\t"
			 "movq %%r12, %%rdx\n\t"
			 : "+D"(tp), "=d"(top)
			 : "r"(mp), "r"(n0)
			 : "rax", "rbx", "r8", "r9", "r10", "r12", "r13", "cc", "memory");
	final_sub(&M->m, r, t + SK_LIMBS, top);
}
#endif

#ifdef SK_HAVE_ADX_ASM
#include <cpuid.h>

/* set once at load time, read-only afterwards */
static int have_adx;

__attribute__((constructor)) static void sk_detect_cpu(void)
{
	unsigned int a, b, c, d;

	/* KSRTP_SAKKE_GENERIC=1 forces the portable C code (tests, comparisons); =adx keeps the
	 * MULX/ADX multiplier (what a CPU without AVX-512 IFMA runs) */
	const char *g = getenv("KSRTP_SAKKE_GENERIC");

	if (g && strcmp(g, "adx"))
		return;
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
		have_adx = (b & (1u << 8)) && (b & (1u << 19)); /* BMI2 and ADX */
}
#endif

static inline void mont_mul(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
			    const struct sk_fp *b)
{
#ifdef SK_HAVE_ADX_ASM
	if (have_adx) {
		mont_mul_adx(M, r, a, b);
		return;
	}
#endif
	mont_mul_c(M, r, a, b);
}

/* the 2048-bit product and the Montgomery reduction, for lazy reduction (see the Fp2 code) */
static inline void mul_wide(uint64_t r[2 * SK_LIMBS], const struct sk_fp *a, const struct sk_fp *b)
{
#ifdef SK_HAVE_ADX_ASM
	if (have_adx) {
		mul_wide_adx(r, a->v, b->v);
		return;
	}
#endif
	mul_wide_c(r, a->v, b->v);
}

static inline void redc(const struct sk_mont *M, struct sk_fp *r, uint64_t t[2 * SK_LIMBS])
{
#ifdef SK_HAVE_ADX_ASM
	if (have_adx) {
		redc_adx(M, r->v, t);
		return;
	}
#endif
	redc_c(M, r->v, t);
}

void ksrtp__sk_mul(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b)
{
	mont_mul(M, r, a, b);
}

void ksrtp__sk_sqr(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a)
{
	mont_mul(M, r, a, a);
}

static inline void mod_add(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
			   const struct sk_fp *b)
{
	uint64_t t[SK_LIMBS];
	uint64_t c = add_n(t, a->v, b->v);

	final_sub(&M->m, r->v, t, c);
}

static inline void mod_sub(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
			   const struct sk_fp *b)
{
	uint64_t t[SK_LIMBS], madd[SK_LIMBS];
	uint64_t mask = (uint64_t)0 - sub_n(t, a->v, b->v);

	for (int i = 0; i < SK_LIMBS; i++) {
		MASK_BARRIER(mask);
		madd[i] = M->m.v[i] & mask;
	}
	add_n(r->v, t, madd);
}

void ksrtp__sk_add(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b)
{
	mod_add(M, r, a, b);
}

void ksrtp__sk_sub(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		   const struct sk_fp *b)
{
	mod_sub(M, r, a, b);
}

void ksrtp__sk_to_mont(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a)
{
	mont_mul(M, r, a, &M->rr);
}

void ksrtp__sk_from_mont(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a)
{
	struct sk_fp one = {{1}};

	mont_mul(M, r, a, &one);
}

/* r = a^e (Montgomery form), fixed 4-bit window over all 1024 bits of the public exponent e */
static void mont_pow(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a,
		     const struct sk_fp *e)
{
	struct sk_fp tab[16], acc, t;

	tab[0] = M->one;
	tab[1] = *a;
	for (int i = 2; i < 16; i++)
		mont_mul(M, &tab[i], &tab[i - 1], a);
	acc = M->one;
	for (int w = 255; w >= 0; w--) {
		unsigned d = (unsigned)(e->v[w / 16] >> ((w % 16) * 4)) & 15;

		for (int k = 0; k < 4; k++)
			mont_mul(M, &acc, &acc, &acc);
		mont_mul(M, &t, &acc, &tab[d]);
		acc = t;
	}
	*r = acc;
	memset(tab, 0, sizeof(tab));
}

void ksrtp__sk_inv(const struct sk_mont *M, struct sk_fp *r, const struct sk_fp *a)
{
	mont_pow(M, r, a, M == &ksrtp__sk_q ? &Q_MINUS_2 : &P_MINUS_2);
}

void ksrtp__sk_mod_q(struct sk_fp *r, const struct sk_fp *a)
{
	/* a < 2^1024 < 8q: subtract 4q, 2q, q where possible, by masking */
	const struct sk_fp *sub[3] = {&Q4, &Q2, &ksrtp__sk_q.m};
	struct sk_fp x = *a, t;

	for (int k = 0; k < 3; k++) {
		uint64_t borrow = sub_n(t.v, x.v, sub[k]->v);

		sel(&x, (uint64_t)0 - borrow, &x, &t);
	}
	*r = x;
}

/* ---------------------------------------------------------------------------------------- */
/* field shorthands modulo p */

#define FP (&ksrtp__sk_p)

static inline void fmul(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *b)
{
	mont_mul(FP, r, a, b);
}

static inline void fsqr(struct sk_fp *r, const struct sk_fp *a)
{
	mont_mul(FP, r, a, a);
}

static inline void fadd(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *b)
{
	mod_add(FP, r, a, b);
}

static inline void fsub(struct sk_fp *r, const struct sk_fp *a, const struct sk_fp *b)
{
	mod_sub(FP, r, a, b);
}

/* ---------------------------------------------------------------------------------------- */
/* Fp2 */

/*
 * Lazy reduction: the products are 2048-bit integers (mul_wide), added and subtracted as such,
 * and each output coordinate is reduced once (redc), which needs its input in [0, p R). Values
 * of either sign are brought there by adding p R (p in the upper half) under a mask: the
 * borrow of a subtraction and the carry of that addition say whether it is needed, so there
 * is no branch on the data. p < R, so p^2 < p R.
 */
#define DW (2 * SK_LIMBS)

/* t += p R where mask is all-ones (t is negative then: the carry out is dropped) */
static inline void dw_add_pr(uint64_t t[DW], uint64_t mask)
{
	uint64_t pm[SK_LIMBS];

	for (int i = 0; i < SK_LIMBS; i++) {
		MASK_BARRIER(mask);
		pm[i] = FP->m.v[i] & mask;
	}
	add_n(t + SK_LIMBS, t + SK_LIMBS, pm);
}

/* t = t - s for t - s in (-p R, p R), brought to [0, p R) */
static inline void dw_sub(uint64_t t[DW], const uint64_t s[DW])
{
	uint64_t neg = (uint64_t)0 - sub_k(t, t, s, DW);

	dw_add_pr(t, neg);
}

/* r = x y: three 2048-bit products (Karatsuba), two reductions */
static void fp2_mul_lazy(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y)
{
	uint64_t t0[DW], t1[DW], t2[DW], t3[DW];
	struct sk_fp s0, s1;

	mul_wide(t0, &x->a, &y->a);
	mul_wide(t1, &x->b, &y->b);
	fadd(&s0, &x->a, &x->b);
	fadd(&s1, &y->a, &y->b);
	mul_wide(t2, &s0, &s1);
	/*
	 * imaginary part: t2 - (t0 + t1) = s0 s1 - ac - bd (x = a + b i, y = c + d i, all below p;
	 * t0 + t1 < 2p^2 < 2^2048) lies in (-p^2, p^2), so one p R brings it to [0, p R): it is
	 * ad + bc >= 0 if neither a + b nor c + d reached p; -(c (p - b) + d (p - a)) > -p^2 if
	 * only a + b did (c + d < p), likewise for c + d; and if both did,
	 * (a + b - p)(c + d - p) - ac - bd = (p - a)(p - d) + (p - b)(p - c) - p^2 >= -p^2.
	 */
	add_k(t3, t0, t1, DW);
	dw_sub(t2, t3);
	/* real part: t0 - t1 in (-p^2, p^2) */
	dw_sub(t0, t1);
	redc(FP, &r->a, t0);
	redc(FP, &r->b, t2);
}

/* the straightforward Karatsuba with three Montgomery multiplications (the unit test compares
 * fp2_mul_lazy with it) */
static void fp2_mul_plain(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y)
{
	struct sk_fp t0, t1, s0, s1;

	fmul(&t0, &x->a, &y->a);
	fmul(&t1, &x->b, &y->b);
	fadd(&s0, &x->a, &x->b);
	fadd(&s1, &y->a, &y->b);
	fmul(&s0, &s0, &s1);
	fsub(&r->a, &t0, &t1);
	fsub(&s0, &s0, &t0);
	fsub(&r->b, &s0, &t1);
}

void ksrtp__sk_fp2_mul(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y)
{
	fp2_mul_lazy(r, x, y);
}

void ksrtp__sk_fp2_mul_plain(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp2 *y)
{
	fp2_mul_plain(r, x, y);
}

void ksrtp__sk_fp2_sqr(struct sk_fp2 *r, const struct sk_fp2 *x)
{
	struct sk_fp s, d, ab;

	fadd(&s, &x->a, &x->b);
	fsub(&d, &x->a, &x->b);
	fmul(&ab, &x->a, &x->b);
	fmul(&r->a, &s, &d);
	fadd(&r->b, &ab, &ab);
}

/* ---------------------------------------------------------------------------------------- */
/* points: Jacobian (X, Y, Z) = (X/Z^2, Y/Z^3), Z = 0 at infinity */

struct jac {
	struct sk_fp x, y, z;
};

/* curve: y^2 = x^3 - 3x */
static uint64_t on_curve(const struct sk_pt *a)
{
	struct sk_fp l, r, t;

	fsqr(&l, &a->y);
	fsqr(&t, &a->x);
	fmul(&r, &t, &a->x);
	fadd(&t, &a->x, &a->x);
	fadd(&t, &t, &a->x);
	fsub(&r, &r, &t);
	return ksrtp__sk_eq(&l, &r);
}

int ksrtp__sk_pt_decode(struct sk_pt *pt, const uint8_t in[2 * SK_BYTES + 1])
{
	struct sk_fp x, y;

	if (in[0] != 0x04)
		return -1;
	ksrtp__sk_from_bytes(&x, in + 1, SK_BYTES);
	ksrtp__sk_from_bytes(&y, in + 1 + SK_BYTES, SK_BYTES);
	if (!ksrtp__sk_lt(&x, &FP->m) || !ksrtp__sk_lt(&y, &FP->m) || ksrtp__sk_is_zero(&y))
		return -1;
	ksrtp__sk_to_mont(FP, &pt->x, &x);
	ksrtp__sk_to_mont(FP, &pt->y, &y);
	return on_curve(pt) ? 0 : -1;
}

void ksrtp__sk_pt_encode(uint8_t out[2 * SK_BYTES + 1], const struct sk_pt *pt)
{
	struct sk_fp t;

	out[0] = 0x04;
	ksrtp__sk_from_mont(FP, &t, &pt->x);
	ksrtp__sk_to_bytes(out + 1, &t);
	ksrtp__sk_from_mont(FP, &t, &pt->y);
	ksrtp__sk_to_bytes(out + 1 + SK_BYTES, &t);
}

/*
 * Subgroup membership of a public point by 2-descent, without a scalar multiplication.
 * E(F_p) is cyclic of order p + 1 = 4q (3 is not a square mod p, so (0, 0) is the only rational
 * point of order 2), hence A has order q iff A is in 4E(F_p). Let phi: E -> E',
 * E': Y^2 = X(X^2 + 12), be the 2-isogeny with kernel {(0, 0)} and phi' its dual
 * (x(phi'(V)) = (X^2 + 12) / 4X, phi' phi = [2]).
 * - A -> (x_A mod squares) is a homomorphism E(F_p) -> {+-1} with kernel phi'(E'(F_p)), which
 *   is the index-2 subgroup 2E(F_p): A in 2E(F_p) iff x_A is a square.
 * - Then A = phi'(V) with X = x(V) = 2 (x_A +- sqrt(x_A^2 - 3)), sqrt(x_A^2 - 3) = y_A / sqrt(x_A);
 *   the two roots are V and V + (0, 0)' (X X' = 12, and 12 is not a square, so exactly one of
 *   them is). 4E(F_p) = phi'(2E'(F_p)), so A is in 4E(F_p) iff that one of V, V + (0, 0)' is in
 *   2E'(F_p). E' has all its 2-torsion rational (X = 0, +-e, e^2 = -12), so by the classical
 *   criterion V is in 2E'(F_p) iff X, X - e and X + e are squares; their product is
 *   Y^2 = X^2 (4 x_A), so with X a square it remains to check X - e.
 * - One character decides it, whichever root X is: if chi(X) = 1 the answer is chi(X - e); if
 *   not, it is chi(X' - e) = chi(12 - e X) chi(X) = -chi(-e) chi(X + e) (12 - e X = -e (X + e))
 *   = chi(X + e) (chi(-e) = -1 for this p) = -chi(X - e) (chi(X - e) chi(X + e) = chi(X) = -1).
 *   Both cases are chi(X) chi(X - e) = chi(X (X - e)).
 * Cost: one square root (x_A^q = x_A^((p+1)/4), which also gives chi(x_A): s^2 = chi(x_A) x_A)
 * and one Jacobi symbol. The unit test compares this with [q]A = O on points with every 2-power
 * component.
 */
static const uint8_t sk_sqrt_m12[SK_BYTES] = {
	0x55, 0x71, 0x69, 0x81, 0x9d, 0x7e, 0xf2, 0x2c, 0xd6, 0x6a, 0x57, 0xe8, 0x6a, 0x34, 0x7f,
	0x10, 0xe5, 0x4f, 0xfc, 0xc4, 0x52, 0x8a, 0x61, 0xe7, 0x15, 0x71, 0x66, 0x2b, 0xc6, 0x4c,
	0x44, 0x22, 0x8f, 0xf2, 0xd4, 0xe1, 0xee, 0x37, 0x22, 0xeb, 0xa9, 0x98, 0x19, 0xed, 0x40,
	0x0d, 0xcd, 0xb8, 0x5b, 0x78, 0x53, 0xde, 0x8a, 0x50, 0xf0, 0x1d, 0x8c, 0x34, 0x37, 0x9e,
	0xbf, 0xf9, 0x08, 0x50, 0x18, 0x7c, 0x8e, 0x66, 0x9b, 0xab, 0x83, 0x2c, 0x92, 0xd0, 0xdb,
	0x5b, 0xf7, 0xb9, 0x5b, 0x7c, 0xe6, 0xa1, 0x72, 0x7d, 0x20, 0x49, 0xf8, 0xa2, 0x1d, 0x66,
	0x29, 0xa8, 0x8f, 0xb0, 0xcf, 0x2a, 0xc6, 0x21, 0xb9, 0xf5, 0x06, 0x99, 0xd4, 0x54, 0x72,
	0x9f, 0xc9, 0xda, 0x2c, 0x47, 0xc0, 0xe2, 0x66, 0xe7, 0x6c, 0x3e, 0x38, 0x13, 0x9a, 0x21,
	0x76, 0xd0, 0x37, 0x09, 0x83, 0xf0, 0x4d, 0x74,
};

/* a Montgomery value (R-form) as a BIGNUM; NULL on error */
static BIGNUM *fp_to_bn(const struct sk_fp *a, BIGNUM *r)
{
	uint8_t buf[SK_BYTES];
	struct sk_fp t;

	ksrtp__sk_from_mont(FP, &t, a);
	ksrtp__sk_to_bytes(buf, &t);
	r = BN_bin2bn(buf, sizeof(buf), r);
	OPENSSL_cleanse(buf, sizeof(buf));
	OPENSSL_cleanse(&t, sizeof(t));
	return r;
}

/* the quadratic character of a secret a (R-form), computed on a rho^2 for a random rho: 1, -1,
 * 0; -2 on error */
static int chi_blinded(const struct sk_fp *a, const BIGNUM *p, BN_CTX *ctx)
{
	uint8_t b[SK_BYTES];
	struct sk_fp rho, t;
	BIGNUM *bn;
	int k = -2;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return -2;
	b[0] &= 0x7f; /* < p */
	b[SK_BYTES - 1] |= 1;
	ksrtp__sk_from_bytes(&rho, b, sizeof(b));
	fmul(&rho, &rho, &rho);
	fmul(&t, a, &rho);
	bn = fp_to_bn(&t, NULL);
	if (bn)
		k = BN_kronecker(bn, p, ctx);
	BN_clear_free(bn);
	OPENSSL_cleanse(&t, sizeof(t));
	OPENSSL_cleanse(&rho, sizeof(rho));
	OPENSSL_cleanse(b, sizeof(b));
	return k < -1 ? -2 : k;
}

/*
 * The 2-descent above, safe for a secret point (an RSK; used for public ones too): the square
 * root by a constant-time exponentiation (IFMA, or OpenSSL's BN_mod_exp_mont_consttime), the
 * arithmetic in the constant-time field code, and the Jacobi symbol (variable time in OpenSSL)
 * taken of the value multiplied by a random square. 1 if A has order q, 0 if not, -1 on error.
 */
int ksrtp__sk_pt_in_subgroup_secret(const struct sk_pt *a)
{
	uint8_t buf[SK_BYTES];
	struct sk_fp s, xs, es, t;
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *p, *q, *x, *sb;
	int c, res = -1;

	if (!ctx)
		return -1;
	BN_CTX_start(ctx);
	p = BN_CTX_get(ctx);
	q = BN_CTX_get(ctx);
	x = BN_CTX_get(ctx);
	sb = BN_CTX_get(ctx);
	if (!sb)
		goto out;
	ksrtp__sk_to_bytes(buf, &FP->m);
	if (!BN_bin2bn(buf, sizeof(buf), p))
		goto out;
	/* s = x_A^q = x_A^((p + 1)/4) */
	if (ksrtp__sk_fp_pow_pub_ifma(&s, &a->x, &ksrtp__sk_q.m, ksrtp__sk_bits(&ksrtp__sk_q.m))) {
		ksrtp__sk_to_bytes(buf, &ksrtp__sk_q.m);
		if (!BN_bin2bn(buf, sizeof(buf), q) || !fp_to_bn(&a->x, x))
			goto out;
		BN_set_flags(x, BN_FLG_CONSTTIME);
		if (!BN_mod_exp_mont_consttime(sb, x, q, p, ctx, NULL) ||
		    BN_bn2binpad(sb, buf, sizeof(buf)) != (int)sizeof(buf))
			goto out;
		ksrtp__sk_from_bytes(&s, buf, sizeof(buf));
		ksrtp__sk_to_mont(FP, &s, &s);
	}
	/* A in 2E(F_p): x_A a nonzero square, i.e. s^2 = chi(x_A) x_A equals x_A (the outcome is
	 * public) */
	fsqr(&t, &s);
	if (!ksrtp__sk_eq(&t, &a->x) || ksrtp__sk_is_zero(&a->x)) {
		res = 0;
		goto out;
	}
	/* with X s = 2 (x_A s + y_A) and e s: chi(X (X - e)) = chi(X s (X s - e s)) */
	fmul(&xs, &a->x, &s);
	fadd(&xs, &xs, &a->y);
	fadd(&xs, &xs, &xs);
	ksrtp__sk_from_bytes(&t, sk_sqrt_m12, sizeof(sk_sqrt_m12));
	ksrtp__sk_to_mont(FP, &t, &t);
	fmul(&es, &t, &s);
	fsub(&t, &xs, &es);
	fmul(&t, &t, &xs);
	c = chi_blinded(&t, p, ctx);
	res = c < -1 ? -1 : c == 1;
out:
	BN_CTX_end(ctx);
	BN_CTX_free(ctx);
	OPENSSL_cleanse(buf, sizeof(buf));
	OPENSSL_cleanse(&s, sizeof(s));
	OPENSSL_cleanse(&xs, sizeof(xs));
	OPENSSL_cleanse(&es, sizeof(es));
	OPENSSL_cleanse(&t, sizeof(t));
	return res;
}

int ksrtp__sk_pt_in_subgroup(const struct sk_pt *a)
{
	return ksrtp__sk_pt_in_subgroup_secret(a);
}

/* dbl-2001-b for a = -3; infinity (Z = 0) stays infinity */
static void jac_dbl(struct jac *r, const struct jac *a)
{
	struct sk_fp delta, gamma, beta, alpha, t0, t1;

	fsqr(&delta, &a->z);
	fsqr(&gamma, &a->y);
	fmul(&beta, &a->x, &gamma);
	fsub(&t0, &a->x, &delta);
	fadd(&t1, &a->x, &delta);
	fmul(&alpha, &t0, &t1);
	fadd(&t0, &alpha, &alpha);
	fadd(&alpha, &alpha, &t0);
	/* Z3 = (Y + Z)^2 - gamma - delta */
	fadd(&t0, &a->y, &a->z);
	fsqr(&t0, &t0);
	fsub(&t0, &t0, &gamma);
	fsub(&r->z, &t0, &delta);
	/* X3 = alpha^2 - 8 beta */
	fadd(&beta, &beta, &beta);
	fadd(&beta, &beta, &beta); /* 4 beta */
	fsqr(&t0, &alpha);
	fadd(&t1, &beta, &beta);
	fsub(&r->x, &t0, &t1);
	/* Y3 = alpha (4 beta - X3) - 8 gamma^2 */
	fsub(&t0, &beta, &r->x);
	fmul(&t0, &alpha, &t0);
	fsqr(&t1, &gamma);
	fadd(&t1, &t1, &t1);
	fadd(&t1, &t1, &t1);
	fadd(&t1, &t1, &t1);
	fsub(&r->y, &t0, &t1);
}

/*
 * add-2007-bl. Exceptional cases are the caller's: a or b at infinity gives garbage, a == b
 * gives (0, 0, 0); a == -b gives Z3 = 0 (infinity), correctly.
 */
static void jac_add(struct jac *r, const struct jac *a, const struct jac *b)
{
	struct sk_fp z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t;

	fsqr(&z1z1, &a->z);
	fsqr(&z2z2, &b->z);
	fmul(&u1, &a->x, &z2z2);
	fmul(&u2, &b->x, &z1z1);
	fmul(&s1, &a->y, &b->z);
	fmul(&s1, &s1, &z2z2);
	fmul(&s2, &b->y, &a->z);
	fmul(&s2, &s2, &z1z1);
	fsub(&h, &u2, &u1);
	fadd(&i, &h, &h);
	fsqr(&i, &i);
	fmul(&j, &h, &i);
	fsub(&rr, &s2, &s1);
	fadd(&rr, &rr, &rr);
	fmul(&v, &u1, &i);
	/* X3 = r^2 - J - 2V */
	fsqr(&t, &rr);
	fsub(&t, &t, &j);
	fsub(&t, &t, &v);
	fsub(&t, &t, &v);
	/* Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H */
	fadd(&u2, &a->z, &b->z);
	fsqr(&u2, &u2);
	fsub(&u2, &u2, &z1z1);
	fsub(&u2, &u2, &z2z2);
	fmul(&r->z, &u2, &h);
	/* Y3 = r (V - X3) - 2 S1 J */
	fsub(&v, &v, &t);
	fmul(&v, &rr, &v);
	fmul(&s1, &s1, &j);
	fadd(&s1, &s1, &s1);
	fsub(&r->y, &v, &s1);
	r->x = t;
}

static void jac_sel(struct jac *r, uint64_t mask, const struct jac *a, const struct jac *b)
{
	sel(&r->x, mask, &a->x, &b->x);
	sel(&r->y, mask, &a->y, &b->y);
	sel(&r->z, mask, &a->z, &b->z);
}

static void jac_from_affine(struct jac *r, const struct sk_pt *a)
{
	r->x = a->x;
	r->y = a->y;
	r->z = FP->one;
}

/* -1 at infinity */
static int inv_blinded(struct sk_fp *r, const struct sk_fp *a);

static int jac_to_affine(struct sk_pt *r, const struct jac *a)
{
	struct sk_fp zi, zi2;
	uint64_t inf = ksrtp__sk_is_zero(&a->z);

	if (inf || inv_blinded(&zi, &a->z) < 0)
		ksrtp__sk_inv(FP, &zi, &a->z);
	fsqr(&zi2, &zi);
	fmul(&r->x, &a->x, &zi2);
	fmul(&zi2, &zi2, &zi);
	fmul(&r->y, &a->y, &zi2);
	return inf ? -1 : 0;
}

static void jac_to_affine_zi(struct sk_pt *r, const struct jac *a, const struct sk_fp *zi)
{
	struct sk_fp zi2;

	fsqr(&zi2, zi);
	fmul(&r->x, &a->x, &zi2);
	fmul(&zi2, &zi2, zi);
	fmul(&r->y, &a->y, &zi2);
}

int ksrtp__sk_pt_mul(struct sk_pt *r, const struct sk_pt *a, const struct sk_fp *k, int nbits)
{
	struct jac tab[16], acc, s, t;
	uint64_t inf = ~(uint64_t)0;
	int windows = (nbits + 3) / 4;
	int ret;

	memset(&tab[0], 0, sizeof(tab[0]));
	jac_from_affine(&tab[1], a);
	jac_dbl(&tab[2], &tab[1]);
	for (int i = 3; i < 16; i++)
		jac_add(&tab[i], &tab[i - 1], &tab[1]);
	memset(&acc, 0, sizeof(acc));
	for (int w = windows - 1; w >= 0; w--) {
		uint64_t d = (k->v[w / 16] >> ((w % 16) * 4)) & 15;
		uint64_t dz = ~mask_nz(d);

		for (int i = 0; i < 4; i++)
			jac_dbl(&acc, &acc);
		memset(&t, 0, sizeof(t));
		for (uint64_t i = 1; i < 16; i++)
			jac_sel(&t, ~mask_nz(i ^ d), &tab[i], &t);
		jac_add(&s, &acc, &t);
		/* acc = inf ? t : (d == 0 ? acc : s) */
		jac_sel(&s, dz, &acc, &s);
		jac_sel(&acc, inf, &t, &s);
		inf &= dz;
	}
	ret = jac_to_affine(r, &acc);
	memset(tab, 0, sizeof(tab));
	memset(&acc, 0, sizeof(acc));
	memset(&t, 0, sizeof(t));
	memset(&s, 0, sizeof(s));
	return inf ? -1 : ret;
}

int ksrtp__sk_pt_add(struct sk_pt *r, const struct sk_pt *a, const struct sk_pt *b)
{
	struct jac ja, jb, jr;

	if (ksrtp__sk_eq(&a->x, &b->x)) {
		if (!ksrtp__sk_eq(&a->y, &b->y))
			return -1;
		jac_from_affine(&ja, a);
		jac_dbl(&jr, &ja);
	} else {
		jac_from_affine(&ja, a);
		jac_from_affine(&jb, b);
		jac_add(&jr, &ja, &jb);
	}
	return jac_to_affine(r, &jr);
}

/* NAF of q - 1 (1022 digits, 353 non-zero; the top digit, 1021, is +1): the Miller loop's schedule
 */
static const struct sk_fp NAF_POS = {{
	0x02200020002a2002ULL,
	0x2042000440200422ULL,
	0x0041020902820000ULL,
	0xa805400000280808ULL,
	0xaa0410148810028aULL,
	0x8000012a10814aa0ULL,
	0x1450020402020840ULL,
	0x40a0212210a01445ULL,
	0x50004a012a222a04ULL,
	0x4204810800022288ULL,
	0x08a21045508a0840ULL,
	0x0104000a01000408ULL,
	0x8028010041000890ULL,
	0x90800440884120a0ULL,
	0xa202048840042200ULL,
	0x2880000802a01000ULL,
}};
static const struct sk_fp NAF_NEG = {{
	0x2884a00140800808ULL,
	0x0010884015015080ULL,
	0x010808002020a094ULL,
	0x00200a542a824040ULL,
	0x0010410001010020ULL,
	0x1254040004200000ULL,
	0x00055090a8a80108ULL,
	0x0805080044054110ULL,
	0x02a5000400888050ULL,
	0x0820142002100002ULL,
	0x400044100420a114ULL,
	0x4401554008410041ULL,
	0x1081482a14080204ULL,
	0x0025010821140008ULL,
	0x08908022095008a2ULL,
	0x02215140400a800aULL,
}};
#define NAF_TOP	  1021
#define NAF_LINES 1373

/* ---------------------------------------------------------------------------------------- */
/* mixed addition and fixed-base combs */

/*
 * madd-2007-bl: r = a + (x2, y2) with a Jacobian and (x2, y2) affine. Sets *dbl to all-ones
 * when a == (x2, y2) (the doubling case, which this formula cannot do); a == -(x2, y2) gives
 * Z3 = 0 (infinity) correctly. a at infinity gives garbage: the caller selects.
 */
static void jac_madd(struct jac *r, const struct jac *a, const struct sk_pt *b, uint64_t *dbl)
{
	struct sk_fp z1z1, u2, s2, h, hh, i, j, rr, v, t;

	fsqr(&z1z1, &a->z);
	fmul(&u2, &b->x, &z1z1);
	fmul(&s2, &b->y, &a->z);
	fmul(&s2, &s2, &z1z1);
	fsub(&h, &u2, &a->x);
	fsub(&rr, &s2, &a->y);
	if (dbl)
		*dbl = ksrtp__sk_is_zero(&h) & ksrtp__sk_is_zero(&rr);
	fadd(&rr, &rr, &rr);
	fsqr(&hh, &h);
	fadd(&i, &hh, &hh);
	fadd(&i, &i, &i);
	fmul(&j, &h, &i);
	fmul(&v, &a->x, &i);
	/* Z3 = (Z1 + H)^2 - Z1Z1 - HH */
	fadd(&t, &a->z, &h);
	fsqr(&t, &t);
	fsub(&t, &t, &z1z1);
	fsub(&r->z, &t, &hh);
	/* X3 = r^2 - J - 2V */
	fsqr(&t, &rr);
	fsub(&t, &t, &j);
	fsub(&t, &t, &v);
	fsub(&t, &t, &v);
	/* Y3 = r (V - X3) - 2 Y1 J */
	fsub(&v, &v, &t);
	fmul(&v, &rr, &v);
	fmul(&j, &a->y, &j);
	fadd(&j, &j, &j);
	fsub(&r->y, &v, &j);
	r->x = t;
}

/* Montgomery's trick: r[i] = a[i]^-1 for n non-zero values (one blinded inversion) */
static void batch_inv(struct sk_fp *r, const struct sk_fp *a, size_t n, struct sk_fp *scratch)
{
	struct sk_fp acc, t;

	acc = FP->one;
	for (size_t i = 0; i < n; i++) {
		scratch[i] = acc;
		fmul(&acc, &acc, &a[i]);
	}
	if (inv_blinded(&acc, &acc) < 0)
		ksrtp__sk_inv(FP, &acc, &acc);
	for (size_t i = n; i-- > 0;) {
		fmul(&t, &acc, &scratch[i]);
		fmul(&acc, &acc, &a[i]);
		r[i] = t;
	}
}

int ksrtp__sk_comb_build(struct sk_pt tab[SK_COMB_SIZE], const struct sk_pt *a)
{
	struct jac j[SK_COMB_SIZE];
	struct sk_fp z[SK_COMB_SIZE], zi[SK_COMB_SIZE], scratch[SK_COMB_SIZE], t;
	int ret = 0;

	jac_from_affine(&j[0], a);
	for (int k = 1; k < SK_COMB_TEETH; k++) {
		struct jac b = j[(1 << (k - 1)) - 1];

		if (ksrtp__sk_dbl_n_ifma(&b.x, &b.y, &b.z, SK_COMB_SPACING) < 0)
			for (int d = 0; d < SK_COMB_SPACING; d++)
				jac_dbl(&b, &b);
		j[(1 << k) - 1] = b;
		/* entries with top bit k: the base plus each entry below it */
		for (int e = 1; e < (1 << k); e++)
			jac_add(&j[(1 << k) + e - 1], &j[e - 1], &b);
	}
	for (int e = 0; e < SK_COMB_SIZE; e++) {
		if (ksrtp__sk_is_zero(&j[e].z))
			ret = -1;
		z[e] = j[e].z;
	}
	if (ret)
		return ret;
	batch_inv(zi, z, SK_COMB_SIZE, scratch);
	for (int e = 0; e < SK_COMB_SIZE; e++) {
		fsqr(&t, &zi[e]);
		fmul(&tab[e].x, &j[e].x, &t);
		fmul(&t, &t, &zi[e]);
		fmul(&tab[e].y, &j[e].y, &t);
	}
	return 0;
}

static inline uint64_t bit_at(const struct sk_fp *k, int n)
{
	return n < 64 * SK_LIMBS ? (k->v[n / 64] >> (n % 64)) & 1 : 0;
}

static inline uint64_t comb_index(const struct sk_fp *k, int col)
{
	uint64_t idx = 0;

	for (int t = 0; t < SK_COMB_TEETH; t++)
		idx |= bit_at(k, t * SK_COMB_SPACING + col) << t;
	return idx;
}

/* constant-time table scan: r = tab[idx - 1], or zeros for idx 0 */
static void comb_lookup(struct sk_pt *r, const struct sk_pt *tab, uint64_t idx)
{
	memset(r, 0, sizeof(*r));
	for (uint64_t e = 0; e < SK_COMB_SIZE; e++) {
		uint64_t m = ~mask_nz((e + 1) ^ idx);

		for (int i = 0; i < SK_LIMBS; i++) {
			r->x.v[i] |= tab[e].x.v[i] & m;
			r->y.v[i] |= tab[e].y.v[i] & m;
		}
	}
}

/* acc += tab[idx - 1] (constant time; idx 0 adds nothing); *inf tracks acc = infinity */
static void comb_add(struct jac *acc, uint64_t *inf, uint64_t *bad, const struct sk_pt *tab,
		     uint64_t idx)
{
	struct sk_pt e;
	struct jac s, t;
	uint64_t iz = ~mask_nz(idx), dbl;

	comb_lookup(&e, tab, idx);
	jac_madd(&s, acc, &e, &dbl);
	*bad |= dbl & ~iz & ~*inf;
	jac_from_affine(&t, &e);
	jac_sel(&s, iz, acc, &s);
	jac_sel(acc, *inf, &t, &s);
	*inf &= iz;
	/* a + (-a) = infinity */
	*inf |= ksrtp__sk_is_zero(&acc->z);
	memset(&e, 0, sizeof(e));
}

/*
 * r = [k1]T1 + [k2]T2 (T2 may be NULL) with comb tables, constant time in k1, k2.
 * Returns 0, 1 if the result is infinity, -1 in the (negligible) doubling case.
 */
static int comb_mul(struct jac *r, const struct sk_pt *t1, const struct sk_fp *k1,
		    const struct sk_pt *t2, const struct sk_fp *k2)
{
	struct jac acc;
	uint64_t inf = ~(uint64_t)0, bad = 0;

	memset(&acc, 0, sizeof(acc));
	for (int col = SK_COMB_SPACING - 1; col >= 0; col--) {
		jac_dbl(&acc, &acc);
		comb_add(&acc, &inf, &bad, t1, comb_index(k1, col));
		if (t2)
			comb_add(&acc, &inf, &bad, t2, comb_index(k2, col));
	}
	*r = acc;
	memset(&acc, 0, sizeof(acc));
	return bad ? -1 : inf ? 1 : 0;
}

/* blinded inversion for secret or secret-derived values: a^-1 = (a rho)^-1 rho */
static int inv_blinded(struct sk_fp *r, const struct sk_fp *a)
{
	uint8_t b[SK_BYTES];
	struct sk_fp rho, t;
	BIGNUM *bn = NULL, *p = NULL;
	BN_CTX *ctx = NULL;
	int ok = -2;

	if (ksrtp__sk_is_zero(a))
		return -1;
	if (RAND_bytes(b, sizeof(b)) != 1)
		return -2;
	b[0] &= 0x7f; /* < p */
	b[SK_BYTES - 1] |= 1;
	ksrtp__sk_from_bytes(&rho, b, sizeof(b)); /* rho R^-1 as a Montgomery value, non-zero */
	fmul(&t, a, &rho);
	ksrtp__sk_from_mont(FP, &t, &t);
	ksrtp__sk_to_bytes(b, &t);
	ctx = BN_CTX_new();
	bn = BN_bin2bn(b, sizeof(b), NULL);
	ksrtp__sk_to_bytes(b, &FP->m);
	p = BN_bin2bn(b, sizeof(b), NULL);
	if (ctx && bn && p && BN_mod_inverse(bn, bn, p, ctx) &&
	    BN_bn2binpad(bn, b, sizeof(b)) == (int)sizeof(b)) {
		ksrtp__sk_from_bytes(&t, b, sizeof(b));
		ksrtp__sk_to_mont(FP, &t, &t);
		fmul(r, &t, &rho);
		ok = 0;
	}
	BN_clear_free(bn);
	BN_free(p);
	BN_CTX_free(ctx);
	OPENSSL_cleanse(b, sizeof(b));
	OPENSSL_cleanse(&t, sizeof(t));
	OPENSSL_cleanse(&rho, sizeof(rho));
	return ok;
}

/* Jacobian [k1]T1 + [k2]T2, IFMA when tables for it are given: 0, 1 at infinity, -1 */
static int comb_mul_any(struct jac *j, const struct sk_pt *t1, const struct sk_comb52 *f1,
			const struct sk_fp *k1, const struct sk_pt *t2, const struct sk_comb52 *f2,
			const struct sk_fp *k2)
{
	if (f1 && (!t2 || f2) && ksrtp__sk_have_ifma())
		return ksrtp__sk_comb_mul_ifma(&j->x, &j->y, &j->z, f1, k1, t2 ? f2 : NULL, k2);
	return comb_mul(j, t1, k1, t2, k2);
}

int ksrtp__sk_comb_mul(struct sk_pt *r, const struct sk_pt *t1, const struct sk_comb52 *f1,
		       const struct sk_fp *k1, const struct sk_pt *t2, const struct sk_comb52 *f2,
		       const struct sk_fp *k2)
{
	struct jac j;
	struct sk_fp zi;
	int ret = comb_mul_any(&j, t1, f1, k1, t2, f2, k2);

	if (ret || inv_blinded(&zi, &j.z) < 0)
		return -1;
	jac_to_affine_zi(r, &j, &zi);
	return 0;
}

int ksrtp__sk_comb_mul_eq(const struct sk_pt *t1, const struct sk_comb52 *f1,
			  const struct sk_fp *k1, const struct sk_pt *a)
{
	struct jac j;
	struct sk_fp z2, t;
	uint64_t ok;

	if (comb_mul_any(&j, t1, f1, k1, NULL, NULL, NULL))
		return 0;
	/* (X, Y, Z) == (x, y) iff X = x Z^2 and Y = y Z^3 */
	fsqr(&z2, &j.z);
	fmul(&t, &a->x, &z2);
	ok = ksrtp__sk_eq(&t, &j.x);
	fmul(&z2, &z2, &j.z);
	fmul(&t, &a->y, &z2);
	ok &= ksrtp__sk_eq(&t, &j.y);
	return ok ? 1 : 0;
}

int ksrtp__sk_comb_is_zero(const struct sk_pt *t1, const struct sk_comb52 *f1,
			   const struct sk_fp *k1)
{
	struct jac j;
	int ret;

	if (f1 && ksrtp__sk_have_ifma()) {
		/* Z = 0 at the end: infinity (the only exceptional case for a public k of order q)
		 */
		ret = ksrtp__sk_comb_mul_ifma(&j.x, &j.y, &j.z, f1, k1, NULL, NULL);
		return ret == 1 || ret == -1;
	}
	return comb_mul(&j, t1, k1, NULL, NULL) == 1;
}

int ksrtp__sk_encap_core(struct sk_pt *R, uint8_t grep[SK_BYTES], const struct sk_pt *t1,
			 const struct sk_comb52 *f1, const struct sk_fp *k1, const struct sk_pt *t2,
			 const struct sk_comb52 *f2, const struct sk_fp *k2,
			 const struct sk_g52 *g52, const struct sk_fp *r)
{
	struct jac j;
	struct sk_fp2 gr;
	struct sk_fp d, inv, t;
	int ret = comb_mul_any(&j, t1, f1, k1, t2, f2, k2);

	if (ret)
		return -1;
	if (!g52 || ksrtp__sk_g_pow_ifma(&gr, g52, r) < 0)
		ksrtp__sk_g_pow(&gr, r);
	/* one inversion for both: (Z gr.a)^-1 */
	fmul(&d, &j.z, &gr.a);
	ret = inv_blinded(&inv, &d);
	if (ret == 0) {
		fmul(&t, &inv, &gr.a);
		jac_to_affine_zi(R, &j, &t);
		fmul(&t, &inv, &j.z);
		fmul(&t, &t, &gr.b);
		ksrtp__sk_from_mont(FP, &t, &t);
		ksrtp__sk_to_bytes(grep, &t);
	}
	OPENSSL_cleanse(&j, sizeof(j));
	OPENSSL_cleanse(&gr, sizeof(gr));
	OPENSSL_cleanse(&d, sizeof(d));
	OPENSSL_cleanse(&inv, sizeof(inv));
	OPENSSL_cleanse(&t, sizeof(t));
	return ret;
}

void ksrtp__sk_g_pow(struct sk_fp2 *r, const struct sk_fp *k)
{
	struct sk_fp2 acc;
	struct sk_fp e, t0, t1;

	acc.a = FP->one;
	memset(&acc.b, 0, sizeof(acc.b));
	for (int col = SK_COMB_SPACING - 1; col >= 0; col--) {
		uint64_t idx = comb_index(k, col);

		ksrtp__sk_fp2_sqr(&acc, &acc);
		memset(&e, 0, sizeof(e));
		for (uint64_t i = 0; i < SK_COMB_SIZE; i++)
			sel(&e, ~mask_nz((i + 1) ^ idx), &ksrtp__sk_comb_g[i], &e);
		/* (a + b i)(1 + e i) = (a - b e) + (a e + b) i; e = 0 leaves acc unchanged */
		fmul(&t0, &acc.b, &e);
		fmul(&t1, &acc.a, &e);
		fsub(&acc.a, &acc.a, &t0);
		fadd(&acc.b, &acc.b, &t1);
	}
	*r = acc;
	memset(&acc, 0, sizeof(acc));
	memset(&e, 0, sizeof(e));
}

/* ---------------------------------------------------------------------------------------- */
/* the pairing with precomputed lines */

size_t ksrtp__sk_lines_count(void)
{
	return NAF_LINES;
}

static inline int naf_digit(int i)
{
	return (int)bit_at(&NAF_POS, i) - (int)bit_at(&NAF_NEG, i);
}

int ksrtp__sk_naf_digit(int i)
{
	return naf_digit(i);
}

int ksrtp__sk_naf_top(void)
{
	return NAF_TOP;
}

/*
 * The Miller loop over A (order q) along the NAF of q - 1, recording each line as
 * (v + u x_B) + i y_B up to an F_p factor, i.e. u = B/A, v = C/A for the line
 * A y + B x + C evaluated at psi(B) = (-x_B, i y_B). Constant time in A.
 */
static int lines_precompute_generic(struct sk_line *lines, const struct sk_pt *a)
{
	struct jac T;
	struct sk_pt na = *a;
	struct sk_fp *la, *scratch;
	struct sk_fp delta, gamma, beta, alpha, t0, t1, z1z1, h, rr, h2, h3;
	size_t n = 0;
	uint64_t ok;

	la = malloc(2 * NAF_LINES * sizeof(*la));
	if (!la)
		return -2;
	scratch = la + NAF_LINES;
	memset(&na.y, 0, sizeof(na.y));
	fsub(&na.y, &na.y, &a->y);
	jac_from_affine(&T, a);
	for (int i = NAF_TOP - 1; i >= 0; i--) {
		int d = naf_digit(i);
		const struct sk_pt *s = d < 0 ? &na : a;

		/* tangent at T: A = 2 Y Z^3, B = M Z^2, C = M X - 2 Y^2 */
		fsqr(&delta, &T.z);
		fsqr(&gamma, &T.y);
		fmul(&beta, &T.x, &gamma);
		fsub(&t0, &T.x, &delta);
		fadd(&t1, &T.x, &delta);
		fmul(&alpha, &t0, &t1);
		fadd(&t0, &alpha, &alpha);
		fadd(&alpha, &alpha, &t0);
		fmul(&t0, &T.y, &T.z);
		fadd(&t0, &t0, &t0); /* Z3 */
		fmul(&la[n], &t0, &delta);
		fmul(&lines[n].u, &alpha, &delta);
		fmul(&t1, &alpha, &T.x);
		fsub(&t1, &t1, &gamma);
		fsub(&lines[n].v, &t1, &gamma);
		n++;
		T.z = t0;
		fadd(&beta, &beta, &beta);
		fadd(&beta, &beta, &beta);
		fsqr(&t0, &alpha);
		fadd(&t1, &beta, &beta);
		fsub(&T.x, &t0, &t1);
		fsub(&t0, &beta, &T.x);
		fmul(&t0, &alpha, &t0);
		fsqr(&t1, &gamma);
		fadd(&t1, &t1, &t1);
		fadd(&t1, &t1, &t1);
		fadd(&t1, &t1, &t1);
		fsub(&T.y, &t0, &t1);
		if (!d)
			continue;
		/* chord through T and S = +-A: A = Z3 = Z H, B = r, C = r x_S - y_S Z3 */
		fsqr(&z1z1, &T.z);
		fmul(&t0, &s->x, &z1z1);
		fsub(&h, &t0, &T.x);
		fmul(&t1, &s->y, &T.z);
		fmul(&t1, &t1, &z1z1);
		fsub(&rr, &t1, &T.y);
		fmul(&T.z, &T.z, &h);
		la[n] = T.z;
		lines[n].u = rr;
		fmul(&t0, &rr, &s->x);
		fmul(&t1, &s->y, &T.z);
		fsub(&lines[n].v, &t0, &t1);
		n++;
		fsqr(&h2, &h);
		fmul(&h3, &h2, &h);
		fmul(&h2, &T.x, &h2);
		fsqr(&t0, &rr);
		fsub(&t0, &t0, &h3);
		fsub(&t0, &t0, &h2);
		fsub(&T.x, &t0, &h2);
		fsub(&t0, &h2, &T.x);
		fmul(&t0, &rr, &t0);
		fmul(&t1, &T.y, &h3);
		fsub(&T.y, &t0, &t1);
	}
	/* T must be [q-1]A = -A */
	fsqr(&z1z1, &T.z);
	fmul(&t0, &a->x, &z1z1);
	ok = ksrtp__sk_eq(&t0, &T.x);
	fmul(&z1z1, &z1z1, &T.z);
	fmul(&t0, &a->y, &z1z1);
	fadd(&t0, &t0, &T.y);
	ok &= ksrtp__sk_is_zero(&t0) & ~ksrtp__sk_is_zero(&T.z);
	for (size_t k = 0; k < n; k++)
		ok &= ~ksrtp__sk_is_zero(&la[k]);
	if (ok) {
		/* normalise: u = B/A, v = C/A (one inversion for all lines, constant time) */
		batch_inv(la, la, n, scratch);
		for (size_t k = 0; k < n; k++) {
			fmul(&lines[k].u, &lines[k].u, &la[k]);
			fmul(&lines[k].v, &lines[k].v, &la[k]);
		}
	}
	OPENSSL_cleanse(la, 2 * NAF_LINES * sizeof(*la));
	free(la);
	OPENSSL_cleanse(&T, sizeof(T));
	OPENSSL_cleanse(&na, sizeof(na));
	return ok ? 0 : -1;
}

int ksrtp__sk_lines_precompute(struct sk_line *lines, const struct sk_pt *a)
{
	int ret = ksrtp__sk_lines_precompute_ifma(lines, a);

	return ret != -3 ? ret : lines_precompute_generic(lines, a);
}

/*
 * The Miller loop from normalised lines (generic code), without the final exponentiation.
 * Each line at psi(B) is l + i y_B with l = v + u x_B. A step with one line multiplies the
 * accumulator by it as by any F_p2 element (lazy reduction: three 2048-bit products, two
 * reductions); a step with two lines first multiplies them, (l1 + i y)(l2 + i y) =
 * (l1 l2 - y^2) + i y (l1 + l2), with y^2 as a 2048-bit integer computed once (two more
 * multiplications instead of a second product with the accumulator). Constant time: the
 * schedule is the public NAF of q - 1.
 */
static void lines_eval_generic(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	struct sk_fp2 acc, m;
	struct sk_fp l2, s;
	uint64_t y2[DW], t[DW];
	size_t n = 0;

	acc.a = FP->one;
	memset(&acc.b, 0, sizeof(acc.b));
	mul_wide(y2, &b->y, &b->y);
	for (int i = NAF_TOP - 1; i >= 0; i--) {
		if (i != NAF_TOP - 1)
			ksrtp__sk_fp2_sqr(&acc, &acc);
		/* m = l + i y_B for the step's (first) line */
		fmul(&m.a, &lines[n].u, &b->x);
		fadd(&m.a, &m.a, &lines[n].v);
		m.b = b->y;
		n++;
		if (naf_digit(i)) {
			fmul(&l2, &lines[n].u, &b->x);
			fadd(&l2, &l2, &lines[n].v);
			n++;
			/* l1 l2 - y^2 in (-p^2, p^2), and y (l1 + l2) */
			mul_wide(t, &m.a, &l2);
			dw_sub(t, y2);
			fadd(&s, &m.a, &l2);
			fmul(&m.b, &b->y, &s);
			redc(FP, &m.a, t);
		}
		fp2_mul_lazy(&acc, &acc, &m);
	}
	*f = acc;
	OPENSSL_cleanse(&acc, sizeof(acc));
	OPENSSL_cleanse(&m, sizeof(m));
	OPENSSL_cleanse(&l2, sizeof(l2));
	OPENSSL_cleanse(&s, sizeof(s));
	OPENSSL_cleanse(y2, sizeof(y2));
	OPENSSL_cleanse(t, sizeof(t));
}

/* f = the pairing value for precomputed lines and a point B, up to an F_p factor */
void ksrtp__sk_lines_eval(struct sk_fp2 *f, const struct sk_line *lines, const struct sk_pt *b)
{
	struct sk_fp2 acc;

	if (ksrtp__sk_lines_eval_ifma(&acc, lines, b) != 0)
		lines_eval_generic(&acc, lines, b);
	/* final exponentiation in PF_p: (p + 1)/q = 4 */
	ksrtp__sk_fp2_sqr(&acc, &acc);
	ksrtp__sk_fp2_sqr(f, &acc);
	memset(&acc, 0, sizeof(acc));
}

struct sk_nlines {
	struct sk_line *lines; /* normalised (generic code) */
	uint64_t *l52;	       /* the same in the IFMA layout, or NULL */
};

void ksrtp__sk_nlines_free(struct sk_nlines *l)
{
	if (!l)
		return;
	free(l->lines);
	free(l->l52);
	free(l);
}

int ksrtp__sk_nlines_new(struct sk_nlines **out, const struct sk_pt *a)
{
	struct sk_nlines *l = calloc(1, sizeof(*l));
	int ret;

	*out = NULL;
	if (!l)
		return -2;
	if (ksrtp__sk_have_ifma()) {
		l->l52 = aligned_alloc(64, NAF_LINES * 2 * 24 * sizeof(uint64_t));
		ret = l->l52 ? ksrtp__sk_nlines52_build(l->l52, a) : -2;
	} else {
		/* the generic loop normalises the lines (one batch inversion) */
		l->lines = malloc(NAF_LINES * sizeof(*l->lines));
		ret = l->lines ? lines_precompute_generic(l->lines, a) : -2;
	}
	if (ret) {
		ksrtp__sk_nlines_free(l);
		return ret;
	}
	*out = l;
	return 0;
}

void ksrtp__sk_nlines_eval2(struct sk_fp2 *f1, const struct sk_nlines *l1, struct sk_fp2 *f2,
			    const struct sk_nlines *l2, const struct sk_pt *b)
{
	if (l1->l52 && l2->l52) {
		ksrtp__sk_nlines_eval2_ifma(f1, l1->l52, f2, l2->l52, b);
		return;
	}
	lines_eval_generic(f1, l1->lines, b);
	lines_eval_generic(f2, l2->lines, b);
}

int ksrtp__sk_fp2_rep(uint8_t out[SK_BYTES], const struct sk_fp2 *f)
{
	struct sk_fp t;
	int ret = inv_blinded(&t, &f->a);

	if (ret)
		return ret;
	fmul(&t, &t, &f->b);
	ksrtp__sk_from_mont(FP, &t, &t);
	ksrtp__sk_to_bytes(out, &t);
	memset(&t, 0, sizeof(t));
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Fp2 exponentiation and the F_p representative */

void ksrtp__sk_fp2_pow(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *k, int nbits)
{
	struct sk_fp2 tab[16], acc, t;
	int windows = (nbits + 3) / 4;

	tab[0].a = FP->one;
	memset(&tab[0].b, 0, sizeof(tab[0].b));
	tab[1] = *x;
	for (int i = 2; i < 16; i++)
		ksrtp__sk_fp2_mul(&tab[i], &tab[i - 1], x);
	acc = tab[0];
	for (int w = windows - 1; w >= 0; w--) {
		uint64_t d = (k->v[w / 16] >> ((w % 16) * 4)) & 15;

		for (int i = 0; i < 4; i++)
			ksrtp__sk_fp2_sqr(&acc, &acc);
		t = tab[0];
		for (uint64_t i = 1; i < 16; i++) {
			uint64_t m = ~mask_nz(i ^ d);

			sel(&t.a, m, &tab[i].a, &t.a);
			sel(&t.b, m, &tab[i].b, &t.b);
		}
		ksrtp__sk_fp2_mul(&acc, &acc, &t);
	}
	*r = acc;
	memset(tab, 0, sizeof(tab));
	memset(&acc, 0, sizeof(acc));
	memset(&t, 0, sizeof(t));
}

/*
 * r = x^k for a public k (generic code): sliding 4-bit windows over the odd powers x, x^3, ...,
 * x^15. The squarings, products and table indices follow the bits of k only; the arithmetic
 * on x is constant time.
 */
static void fp2_pow_pub_generic(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *k,
				int nbits)
{
	struct sk_fp2 tab[8], x2, acc;
	int started = 0;

	tab[0] = *x;
	ksrtp__sk_fp2_sqr(&x2, x);
	for (int i = 1; i < 8; i++)
		fp2_mul_lazy(&tab[i], &tab[i - 1], &x2);
	acc.a = FP->one;
	memset(&acc.b, 0, sizeof(acc.b));
	for (int i = nbits - 1; i >= 0;) {
		int j = i > 3 ? i - 3 : 0;
		unsigned w = 0;

		if (!bit_at(k, i)) {
			if (started)
				ksrtp__sk_fp2_sqr(&acc, &acc);
			i--;
			continue;
		}
		/* the window i..j ends in a set bit */
		while (!bit_at(k, j))
			j++;
		for (int b = i; b >= j; b--) {
			w = (w << 1) | (unsigned)bit_at(k, b);
			if (started)
				ksrtp__sk_fp2_sqr(&acc, &acc);
		}
		if (started)
			fp2_mul_lazy(&acc, &acc, &tab[w >> 1]);
		else
			acc = tab[w >> 1];
		started = 1;
		i = j - 1;
	}
	*r = acc;
	OPENSSL_cleanse(tab, sizeof(tab));
	OPENSSL_cleanse(&x2, sizeof(x2));
	OPENSSL_cleanse(&acc, sizeof(acc));
}

void ksrtp__sk_fp2_pow_pub(struct sk_fp2 *r, const struct sk_fp2 *x, const struct sk_fp *k,
			   int nbits)
{
	if (ksrtp__sk_fp2_pow_pub_ifma(r, x, k, nbits))
		fp2_pow_pub_generic(r, x, k, nbits);
}

int ksrtp__sk_bits(const struct sk_fp *k)
{
	for (int i = SK_LIMBS - 1; i >= 0; i--)
		if (k->v[i])
			return 64 * i + 64 - __builtin_clzll(k->v[i]);
	return 0;
}

const char *ksrtp__sk_backend(void)
{
	if (ksrtp__sk_have_ifma())
		return "AVX-512 IFMA";
#ifdef SK_HAVE_ADX_ASM
	if (have_adx)
		return "64-bit MULX/ADX";
#endif
	return "portable C";
}

uint64_t ksrtp__sk_fp2_rep_eq(const struct sk_fp2 *f, const struct sk_fp *rep)
{
	struct sk_fp t;

	/* f.b / f.a == rep  <=>  f.b == rep * f.a, with f.a != 0 */
	fmul(&t, &f->a, rep);
	return ksrtp__sk_eq(&t, &f->b) & ~ksrtp__sk_is_zero(&f->a);
}
