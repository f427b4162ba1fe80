/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/identity.h - MIKEY-SAKKE identities: the octet strings that SAKKE keys and ECCSI
 * signatures are bound to.
 *
 *   RFC 6509 form:      "YYYY-MM" || 0x00 || URI || 0x00   (one key period = one UTC month)
 *   TS 33.180 F.2.1 UID: SHA-256 over the KDF string
 *       S = FC || P0 || L0 || P1 || L1 || ... || P5 || L5, FC = 0x00,
 *       P0 = "MIKEY-SAKKE-UID", P1 = URI, P2 = KMS URI, P3 = key period length (s),
 *       P4 = key period offset (s), P5 = key period number; Ln = 2-octet big-endian length
 *       of Pn; integers are big-endian in the fewest octets (0 is one 0x00 octet).
 *
 * Key period numbers (TS 33.180): floor((NTP seconds - offset) / period length).
 * Errors are KSRTP_EKMS_* codes of ksrtp/kms.h (negative).
 */
#ifndef KSRTP_IDENTITY_H
#define KSRTP_IDENTITY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KSRTP_ID_URI_MAX 1024 /* longest URI accepted (octets, without the NUL) */
#define KSRTP_ID_UID_LEN 32   /* a TS 33.180 UID */
/* Longest RFC 6509 identity: "YYYY-MM\0" + URI + "\0". */
#define KSRTP_ID_MAX (8 + KSRTP_ID_URI_MAX + 1)

/* Seconds between the NTP epoch (1900) and the Unix epoch (1970). */
#define KSRTP_NTP_UNIX_OFFSET 2208988800ULL

/*
 * A URI usable in an identity: 1..KSRTP_ID_URI_MAX octets, no NUL, no control characters
 * (0x00-0x1F, 0x7F), no spaces. 0 or -KSRTP_EKMS_BAD_URI.
 */
int ksrtp_id_uri_check(const char *uri);

/* RFC 6509 identity for (year, month 1..12, uri). *out_len = octets written. */
int ksrtp_id_rfc6509(uint8_t *out, size_t out_size, size_t *out_len, unsigned int year,
		     unsigned int month, const char *uri);
/* The same for the UTC month containing the Unix time t. */
int ksrtp_id_rfc6509_at(uint8_t *out, size_t out_size, size_t *out_len, int64_t unix_time,
			const char *uri);
/*
 * Parse an RFC 6509 identity back: year, month and the URI (NUL-terminated into uri,
 * uri_size >= URI length + 1). -KSRTP_EKMS_BAD_ID when malformed.
 */
int ksrtp_id_rfc6509_parse(const uint8_t *id, size_t id_len, unsigned int *year,
			   unsigned int *month, char *uri, size_t uri_size);

/* TS 33.180 F.2.1 UID. */
int ksrtp_id_uid(uint8_t uid[KSRTP_ID_UID_LEN], const char *uri, const char *kms_uri,
		 uint64_t period_len, uint64_t period_offset, uint64_t period_no);
/* The KDF input string S of the UID (for tests and diagnostics); *out_len = its length. */
int ksrtp_id_uid_string(uint8_t *out, size_t out_size, size_t *out_len, const char *uri,
			const char *kms_uri, uint64_t period_len, uint64_t period_offset,
			uint64_t period_no);

/*
 * Key period number for an NTP time: floor((ntp - offset) / period_len).
 * -KSRTP_EKMS_BAD_PERIOD when period_len is 0 or ntp < offset.
 */
int ksrtp_id_period_no(uint64_t ntp_seconds, uint64_t period_len, uint64_t period_offset,
		       uint64_t *period_no);

/* Unix time <-> NTP seconds (era 0 and its continuation as 64-bit seconds). */
uint64_t ksrtp_ntp_from_unix(int64_t unix_time);
int64_t ksrtp_unix_from_ntp(uint64_t ntp_seconds);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_IDENTITY_H */
