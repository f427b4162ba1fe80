/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srtp_common.h - libsrtp2 set-up shared by the traffic tools that run libsrtp2
 * (ksrtp-srtp-peer, ksrtp-srtp-relay): loading a master key file into libsrtp2's key || salt
 * layout and the crypto policy of a suite. Header-only (every tools/src/NAME.c is a program).
 */
#ifndef KSRTP_TOOLS_SRTP_COMMON_H
#define KSRTP_TOOLS_SRTP_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ksrtp/err.h>
#include <ksrtp/srtpkey.h>

#include <srtp2/srtp.h>

/* libsrtp2's master key: key || salt. */
#define SRTP_KEYSALT_MAX (KSRTP_SRTP_MAX_KEY + KSRTP_SRTP_MAX_SALT)

/*
 * Load FILE (`ksrtpctl sa help` format, - for stdin) for SUITE: key || salt into keysalt
 * (*len octets). The file's MKI goes to mki/ *mki_len (at most KSRTP_SRTP_MAX_MKI octets);
 * with mki NULL a file with an MKI is refused. Errors are reported on stderr; the caller wipes
 * keysalt (OPENSSL_cleanse) once libsrtp2 has it. Returns 0 or -1.
 */
static inline int srtp_keysalt_load(const char *prog, const char *file,
				    const struct ksrtp_srtp_suite *suite,
				    uint8_t keysalt[SRTP_KEYSALT_MAX], size_t *len, uint8_t *mki,
				    size_t *mki_len)
{
	struct ksrtp_srtpkey k;
	unsigned line = 0;
	int ret = ksrtp_srtpkey_load(file, suite, &k, &line);

	if (ret == -KSRTP_EIO) {
		fprintf(stderr, "%s: cannot read key file %s: %s\n", prog, file, strerror(errno));
		return -1;
	}
	if (ret) {
		fprintf(stderr, "%s: key file %s line %u: %s\n", prog, file, line,
			ksrtp_strerror(ret));
		return -1;
	}
	if (k.mki_len && !mki) {
		fprintf(stderr, "%s: key file %s: MKIs are not supported here\n", prog, file);
		ksrtp_srtpkey_wipe(&k);
		return -1;
	}
	memcpy(keysalt, k.key, k.key_len);
	memcpy(keysalt + k.key_len, k.salt, k.salt_len);
	*len = k.key_len + k.salt_len;
	if (mki) {
		memcpy(mki, k.mki, k.mki_len);
		*mki_len = k.mki_len;
	}
	ksrtp_srtpkey_wipe(&k);
	return 0;
}

/* The RTP and RTCP crypto policies of SUITE (RFC 3711 / RFC 7714 defaults) in *pol. */
static inline void srtp_policy_for_suite(const struct ksrtp_srtp_suite *suite, srtp_policy_t *pol)
{
	switch (suite->id) {
	case 1:
		srtp_crypto_policy_set_rtp_default(&pol->rtp);
		srtp_crypto_policy_set_rtcp_default(&pol->rtcp);
		break;
	case 2:
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&pol->rtp);
		srtp_crypto_policy_set_rtcp_default(&pol->rtcp);
		break;
	case 3:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&pol->rtp);
		pol->rtcp = pol->rtp;
		break;
	default:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&pol->rtp);
		pol->rtcp = pol->rtp;
		break;
	}
}

#endif
