// SPDX-License-Identifier: GPL-2.0
/*
 * mikey_sp.c - MIKEY SRTP security policy parameters (RFC 3830 6.10.1, RFC 7714 14.2) to and
 * from the SRTP suites of ksrtp/srtpkey.h.
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>
#include <ksrtp/srtpkey.h>

#include <string.h>

int ksrtp_mikey_sp_get(const uint8_t *params, size_t len, uint8_t type, uint32_t *val)
{
	struct ksrtp_mikey_buf b = {params, len}, v;
	size_t off = 0;
	uint8_t t;

	while (ksrtp_mikey_sp_next(&b, &off, &t, &v)) {
		if (t != type)
			continue;
		if (v.len > 4)
			return -KSRTP_EMIKEY_BAD_SP;
		*val = 0;
		for (size_t i = 0; i < v.len; i++)
			*val = *val << 8 | v.p[i];
		return 0;
	}
	return -KSRTP_ENOTSUP;
}

static void put(uint8_t *out, size_t *n, uint8_t type, uint8_t v)
{
	out[(*n)++] = type;
	out[(*n)++] = 1;
	out[(*n)++] = v;
}

int ksrtp_mikey_sp_for_suite(const struct ksrtp_srtp_suite *s, uint8_t *out, size_t cap,
			     size_t *len)
{
	size_t n = 0;

	if (!s || cap < 10 * 3)
		return -KSRTP_EINVAL;
	if (s->aead) {
		/* RFC 7714 14.2: AES-GCM, no separate authentication, AEAD tag length */
		put(out, &n, KSRTP_MIKEY_SP_ENCR_ALG, KSRTP_MIKEY_SP_ENCR_AES_GCM);
		put(out, &n, KSRTP_MIKEY_SP_ENCR_KEY_LEN, (uint8_t)s->key_len);
		put(out, &n, KSRTP_MIKEY_SP_AUTH_ALG, 0);
		put(out, &n, KSRTP_MIKEY_SP_SALT_LEN, (uint8_t)s->salt_len);
		put(out, &n, KSRTP_MIKEY_SP_AEAD_TAG_LEN, (uint8_t)s->tag_len);
	} else {
		put(out, &n, KSRTP_MIKEY_SP_ENCR_ALG, KSRTP_MIKEY_SP_ENCR_AES_CM);
		put(out, &n, KSRTP_MIKEY_SP_ENCR_KEY_LEN, (uint8_t)s->key_len);
		put(out, &n, KSRTP_MIKEY_SP_AUTH_ALG, 1); /* HMAC-SHA-1 */
		put(out, &n, KSRTP_MIKEY_SP_AUTH_KEY_LEN, 20);
		put(out, &n, KSRTP_MIKEY_SP_SALT_LEN, (uint8_t)s->salt_len);
		put(out, &n, KSRTP_MIKEY_SP_AUTH_TAG_LEN, (uint8_t)s->tag_len);
	}
	*len = n;
	return 0;
}

const struct ksrtp_srtp_suite *ksrtp_mikey_sp_suite(const uint8_t *params, size_t len)
{
	uint32_t alg = KSRTP_MIKEY_SP_ENCR_AES_CM, klen = 16, tag = 10, v;

	/* RFC 3830 defaults: AES-CM, 128-bit key, HMAC-SHA-1, 80-bit tag */
	if (!ksrtp_mikey_sp_get(params, len, KSRTP_MIKEY_SP_ENCR_ALG, &v))
		alg = v;
	if (!ksrtp_mikey_sp_get(params, len, KSRTP_MIKEY_SP_ENCR_KEY_LEN, &v))
		klen = v;
	if (alg == KSRTP_MIKEY_SP_ENCR_AES_GCM) {
		if (!ksrtp_mikey_sp_get(params, len, KSRTP_MIKEY_SP_AEAD_TAG_LEN, &v) && v != 16)
			return NULL;
		return ksrtp_srtp_suite_by_name(klen == 32   ? "AEAD_AES_256_GCM"
						: klen == 16 ? "AEAD_AES_128_GCM"
							     : "");
	}
	if (alg != KSRTP_MIKEY_SP_ENCR_AES_CM || klen != 16)
		return NULL;
	if (!ksrtp_mikey_sp_get(params, len, KSRTP_MIKEY_SP_AUTH_ALG, &v) && v != 1)
		return NULL;
	if (!ksrtp_mikey_sp_get(params, len, KSRTP_MIKEY_SP_AUTH_TAG_LEN, &v))
		tag = v;
	return ksrtp_srtp_suite_by_name(tag == 10  ? "AES_CM_128_HMAC_SHA1_80"
					: tag == 4 ? "AES_CM_128_HMAC_SHA1_32"
						   : "");
}
