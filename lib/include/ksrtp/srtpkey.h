/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/srtpkey.h - SRTP crypto suites and SRTP master-key files.
 *
 * A key file holds one SRTP master key and master salt, in one of two forms, on one line;
 * blank lines and lines starting with '#' are ignored:
 *
 *   <master key hex> <master salt hex>
 *       e.g. "E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6"
 *
 *   [inline:]<base64 of key||salt>[|<lifetime>][|<MKI>:<MKI length>]
 *       the RFC 4568 (SDES) key-params form, e.g.
 *       "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4"
 *       <lifetime> is a decimal packet count or 2^N; <MKI> is decimal, <MKI length>
 *       1..4 octets (RFC 4568 6.1: MKI value as a decimal integer).
 *
 * The key and salt lengths must match the suite (16/14 for AES_CM_128_HMAC_SHA1_*,
 * 16/12 for AEAD_AES_128_GCM, 32/12 for AEAD_AES_256_GCM). Hex and base64 decoding of key
 * material runs in constant time. Everything rejected gets its own error code, and the
 * number of the offending line.
 */
#ifndef KSRTP_SRTPKEY_H
#define KSRTP_SRTPKEY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (700..799), negative on return; messages via ksrtp_strerror(). */
enum ksrtp_err_srtpkey {
	KSRTP_ESK_SUITE = 700,	 /* unknown SRTP crypto suite name */
	KSRTP_ESK_EMPTY = 701,	 /* no key line in the file */
	KSRTP_ESK_MULTI = 702,	 /* more than one key line */
	KSRTP_ESK_SYNTAX = 703,	 /* line is neither "<key hex> <salt hex>" nor "inline:<base64>" */
	KSRTP_ESK_HEX = 704,	 /* bad hexadecimal digit or odd number of digits */
	KSRTP_ESK_BASE64 = 705,	 /* bad base64 */
	KSRTP_ESK_KEYLEN = 706,	 /* master key length does not match the suite */
	KSRTP_ESK_SALTLEN = 707, /* master salt length does not match the suite */
	KSRTP_ESK_INLINELEN = 708, /* inline key||salt length does not match the suite */
	KSRTP_ESK_LIFETIME = 709,  /* bad lifetime parameter */
	KSRTP_ESK_MKI = 710,	   /* bad MKI parameter */
	KSRTP_ESK_TOOBIG = 711,	   /* file larger than KSRTP_SRTPKEY_MAX_FILE */
	KSRTP_ESK_BINARY = 712,	   /* NUL or control character in the file */
};

#define KSRTP_SRTPKEY_MAX_FILE 4096
#define KSRTP_SRTP_MAX_KEY     32
#define KSRTP_SRTP_MAX_SALT    14
#define KSRTP_SRTP_MAX_MKI     4

/* One suite: its uapi number (enum ksrtp_suite of <linux/ksrtp.h>), name and lengths. */
struct ksrtp_srtp_suite {
	int id;
	const char *name;
	size_t key_len;
	size_t salt_len;
	size_t tag_len; /* SRTP authentication tag */
	int aead;
};

/* Look a suite up by RFC 4568/7714 name (case-insensitive) or by uapi number; NULL if none. */
const struct ksrtp_srtp_suite *ksrtp_srtp_suite_by_name(const char *name);
const struct ksrtp_srtp_suite *ksrtp_srtp_suite_by_id(int id);
/* All suites, NULL-terminated by name == NULL. */
const struct ksrtp_srtp_suite *ksrtp_srtp_suites(void);

struct ksrtp_srtpkey {
	uint8_t key[KSRTP_SRTP_MAX_KEY];
	size_t key_len;
	uint8_t salt[KSRTP_SRTP_MAX_SALT];
	size_t salt_len;
	uint64_t lifetime; /* packets, 0 = not given (inline form only) */
	uint8_t mki[KSRTP_SRTP_MAX_MKI];
	size_t mki_len; /* 0 = not given (inline form only) */
};

/*
 * Parse a key file's contents for a suite. On error returns a negative KSRTP_ESK_* code and,
 * if line is not NULL, the 1-based number of the offending line (0 when not about a line).
 * *out is wiped on error.
 */
int ksrtp_srtpkey_parse(const char *buf, size_t len, const struct ksrtp_srtp_suite *suite,
			struct ksrtp_srtpkey *out, unsigned *line);

/* Read a file ("-" = stdin) and parse it; the read buffer is wiped. KSRTP_EIO with errno. */
int ksrtp_srtpkey_load(const char *path, const struct ksrtp_srtp_suite *suite,
		       struct ksrtp_srtpkey *out, unsigned *line);

/* Wipe a key. */
void ksrtp_srtpkey_wipe(struct ksrtp_srtpkey *k);

/*
 * Decode hex (no separators, upper or lower case) in constant time with respect to the
 * digits' values. Returns the number of octets, or a negative KSRTP_ESK_HEX /
 * -KSRTP_EBUFSIZE.
 */
int ksrtp_hex_decode(uint8_t *out, size_t out_max, const char *hex, size_t hex_len);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_SRTPKEY_H */
