/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/err.h - error codes of libksrtp.
 *
 * Every function of the library that can fail returns 0 on success or a negative
 * KSRTP_E* code. Codes are grouped by the module that defines them, so each module
 * owns its own range and its own messages:
 *
 *   1..99     common (this header)
 *   100..199  ECCSI (ksrtp/eccsi.h)
 *   200..299  SAKKE (ksrtp/sakke.h)
 *   300..399  identities, KMS, key material files (ksrtp/kms.h)
 *   400..599  MIKEY (ksrtp/mikey.h)
 *   600..699  SDP (ksrtp/sdp.h)
 *   700..799  SRTP suites and master-key files (ksrtp/srtpkey.h)
 *   800..899  the kernel module's netlink interface (ksrtp/nl.h)
 *
 * ksrtp_strerror() returns a static, human-readable message for any code.
 */
#ifndef KSRTP_ERR_H
#define KSRTP_ERR_H

#ifdef __cplusplus
extern "C" {
#endif

enum ksrtp_err_common {
	KSRTP_OK = 0,
	KSRTP_ENOMEM = 1,   /* out of memory */
	KSRTP_EINVAL = 2,   /* invalid argument (a caller's bug) */
	KSRTP_EBUFSIZE = 3, /* output buffer too small */
	KSRTP_ERANDOM = 4,  /* the random number generator failed */
	KSRTP_ECRYPTO = 5,  /* an OpenSSL primitive failed unexpectedly */
	KSRTP_EIO = 6,	    /* reading or writing a file failed (see errno) */
	KSRTP_ENOTSUP = 7,  /* valid but not supported by this implementation */
	KSRTP_ERANGE_COMMON_END = 99,
};

/* Static message for a (positive or negative) error code; never NULL. */
const char *ksrtp_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_ERR_H */
