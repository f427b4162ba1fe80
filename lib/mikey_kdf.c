// SPDX-License-Identifier: GPL-2.0
/*
 * mikey_kdf.c - MIKEY key derivation: the RFC 3830 4.1.2 PRF (P-function over HMAC-SHA-1,
 * "MIKEY-1") and PRF-HMAC-SHA-256 (RFC 6043 6.1: the same construction with HMAC-SHA-256),
 * the RFC 3830 4.1.3/4.1.4 derivations, the TS 33.220 KDF, TS 33.180 GUK-ID, NTP time.
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "internal.h"

#define MAX_HASH  32
#define MAX_LABEL 300
#define MAX_OUT	  1024

static int hmac(const EVP_MD *md, const uint8_t *k, size_t kl, const uint8_t *a, size_t al,
		const uint8_t *b, size_t bl, uint8_t *out)
{
	uint8_t buf[MAX_HASH + MAX_LABEL];
	unsigned int ol = 0;
	int ok;

	if (al + bl > sizeof(buf))
		return -KSRTP_EINVAL;
	if (al)
		memcpy(buf, a, al);
	if (bl)
		memcpy(buf + al, b, bl);
	ok = HMAC(md, k, (int)kl, buf, al + bl, out, &ol) != NULL;
	OPENSSL_cleanse(buf, sizeof(buf));
	return ok ? 0 : -KSRTP_ECRYPTO;
}

/*
 * P(s, label, m) = HMAC(s, A_1 || label) || ... || HMAC(s, A_m || label),
 * A_0 = label, A_i = HMAC(s, A_{i-1}); XORed into out (out_len octets).
 */
static int p_xor(const EVP_MD *md, size_t hl, const uint8_t *s, size_t sl, const uint8_t *label,
		 size_t ll, uint8_t *out, size_t out_len)
{
	uint8_t a[MAX_HASH], blk[MAX_HASH];
	size_t done = 0;
	int err;

	if ((err = hmac(md, s, sl, label, ll, NULL, 0, a)))
		return err;
	while (done < out_len) {
		if ((err = hmac(md, s, sl, a, hl, label, ll, blk)))
			break;
		size_t n = out_len - done < hl ? out_len - done : hl;
		for (size_t i = 0; i < n; i++)
			out[done + i] ^= blk[i];
		done += n;
		if (done < out_len && (err = hmac(md, s, sl, a, hl, NULL, 0, a)))
			break;
	}
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(blk, sizeof(blk));
	return err;
}

int ksrtp_mikey_prf(uint8_t prf, const uint8_t *inkey, size_t inkey_len, const uint8_t *label,
		    size_t label_len, uint8_t *out, size_t out_len)
{
	const EVP_MD *md;
	size_t hl;
	int err = 0;

	if (prf == KSRTP_MIKEY_PRF_MIKEY1) {
		md = EVP_sha1();
		hl = 20;
	} else if (prf == KSRTP_MIKEY_PRF_HMAC_SHA256) {
		md = EVP_sha256();
		hl = 32;
	} else {
		return -KSRTP_EMIKEY_BAD_PRF;
	}
	if (!inkey || inkey_len == 0 || label_len > MAX_LABEL || out_len > MAX_OUT)
		return -KSRTP_EINVAL;
	memset(out, 0, out_len);
	/* inkey split in 256-bit pieces (the last one may be shorter); outputs XORed. */
	for (size_t off = 0; off < inkey_len && !err; off += 32) {
		size_t n = inkey_len - off < 32 ? inkey_len - off : 32;
		err = p_xor(md, hl, inkey + off, n, label, label_len, out, out_len);
	}
	if (err)
		OPENSSL_cleanse(out, out_len);
	return err;
}

int ksrtp_mikey_derive(uint8_t prf, const uint8_t *key, size_t key_len, uint32_t constant,
		       uint8_t cs_id, uint32_t csb_id, const uint8_t *rand, size_t rand_len,
		       uint8_t *out, size_t out_len)
{
	uint8_t label[9 + 255];

	if (rand_len > 255)
		return -KSRTP_EINVAL;
	label[0] = (uint8_t)(constant >> 24);
	label[1] = (uint8_t)(constant >> 16);
	label[2] = (uint8_t)(constant >> 8);
	label[3] = (uint8_t)constant;
	label[4] = cs_id;
	label[5] = (uint8_t)(csb_id >> 24);
	label[6] = (uint8_t)(csb_id >> 16);
	label[7] = (uint8_t)(csb_id >> 8);
	label[8] = (uint8_t)csb_id;
	if (rand_len)
		memcpy(label + 9, rand, rand_len);
	return ksrtp_mikey_prf(prf, key, key_len, label, 9 + rand_len, out, out_len);
}

int ksrtp_mikey_srtp_keys(uint8_t prf, const uint8_t *tgk, size_t tgk_len, uint8_t cs_id,
			  uint32_t csb_id, const uint8_t *rand, size_t rand_len, uint8_t *key,
			  size_t key_len, uint8_t *salt, size_t salt_len)
{
	int err;

	err = ksrtp_mikey_derive(prf, tgk, tgk_len, KSRTP_MIKEY_C_TEK, cs_id, csb_id, rand,
				 rand_len, key, key_len);
	if (!err && salt_len)
		err = ksrtp_mikey_derive(prf, tgk, tgk_len, KSRTP_MIKEY_C_SALT, cs_id, csb_id, rand,
					 rand_len, salt, salt_len);
	if (err) {
		OPENSSL_cleanse(key, key_len);
		if (salt_len)
			OPENSSL_cleanse(salt, salt_len);
	}
	return err;
}

/* HMAC-SHA-256 over a message of any length. */
static int hmac_long(const uint8_t *k, size_t kl, const uint8_t *m, size_t ml, uint8_t *out)
{
	unsigned int ol = 0;

	return HMAC(EVP_sha256(), k, (int)kl, m, ml, out, &ol) ? 0 : -KSRTP_ECRYPTO;
}

int ksrtp_mikey_kdf(const uint8_t *key, size_t key_len, uint8_t fc, const uint8_t *p0,
		    size_t p0_len, uint8_t out[32])
{
	uint8_t s[1 + 1024 + 2];
	int err;

	if (p0_len > 1024)
		return -KSRTP_EINVAL;
	s[0] = fc;
	if (p0_len)
		memcpy(s + 1, p0, p0_len);
	s[1 + p0_len] = (uint8_t)(p0_len >> 8);
	s[2 + p0_len] = (uint8_t)p0_len;
	err = hmac_long(key, key_len, s, 3 + p0_len, out);
	OPENSSL_cleanse(s, sizeof(s));
	return err;
}

int ksrtp_mikey_guk_id(const uint8_t *gmk, size_t gmk_len, uint32_t gmk_id, const char *user_uri,
		       uint32_t *guk_id)
{
	uint8_t d[32];
	int err;

	if (!gmk || !user_uri)
		return -KSRTP_EINVAL;
	err = ksrtp_mikey_kdf(gmk, gmk_len, 0x50, (const uint8_t *)user_uri, strlen(user_uri), d);
	if (err)
		return err;
	uint32_t low =
		((uint32_t)d[28] << 24 | (uint32_t)d[29] << 16 | (uint32_t)d[30] << 8 | d[31]) &
		0x0fffffffu;
	*guk_id = gmk_id ^ low;
	OPENSSL_cleanse(d, sizeof(d));
	return 0;
}

#define NTP_UNIX_OFFSET 2208988800ull

uint64_t ksrtp_mikey_ntp_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
		return 0;
	uint64_t frac = ((uint64_t)ts.tv_nsec << 32) / 1000000000ull;
	return ((uint64_t)ts.tv_sec + NTP_UNIX_OFFSET) << 32 | frac;
}

int ksrtp_mikey_check_fresh(uint64_t ts, uint64_t now, uint32_t window_s)
{
	uint64_t a = ts >> 32, b = now >> 32;
	uint64_t d = a > b ? a - b : b - a;

	return d <= window_s ? 0 : -KSRTP_EMIKEY_STALE;
}
