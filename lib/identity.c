// SPDX-License-Identifier: GPL-2.0
/*
 * identity.c - RFC 6509 identities, TS 33.180 F.2.1 UIDs and key period numbers.
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/kms.h>

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int ksrtp_id_uri_check(const char *uri)
{
	size_t n;

	if (!uri)
		return -KSRTP_EINVAL;
	n = strnlen(uri, KSRTP_ID_URI_MAX + 1);
	if (n == 0 || n > KSRTP_ID_URI_MAX)
		return -KSRTP_EKMS_BAD_URI;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)uri[i];

		if (c <= 0x20 || c == 0x7F)
			return -KSRTP_EKMS_BAD_URI;
	}
	return 0;
}

int ksrtp_id_rfc6509(uint8_t *out, size_t out_size, size_t *out_len, unsigned int year,
		     unsigned int month, const char *uri)
{
	char ym[9];
	size_t ul;
	int err;

	if (!out || !out_len)
		return -KSRTP_EINVAL;
	err = ksrtp_id_uri_check(uri);
	if (err)
		return err;
	if (year > 9999 || month < 1 || month > 12)
		return -KSRTP_EKMS_BAD_PERIOD;
	ul = strlen(uri);
	if (out_size < 8 + ul + 1)
		return -KSRTP_EBUFSIZE;
	snprintf(ym, sizeof(ym), "%04u-%02u", year, month);
	memcpy(out, ym, 7);
	out[7] = 0;
	memcpy(out + 8, uri, ul);
	out[8 + ul] = 0;
	*out_len = 8 + ul + 1;
	return 0;
}

int ksrtp_id_rfc6509_at(uint8_t *out, size_t out_size, size_t *out_len, int64_t unix_time,
			const char *uri)
{
	struct tm tm;
	time_t t = (time_t)unix_time;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 0)
		return -KSRTP_EKMS_BAD_PERIOD;
	return ksrtp_id_rfc6509(out, out_size, out_len, (unsigned int)tm.tm_year + 1900,
				(unsigned int)tm.tm_mon + 1, uri);
}

static int digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

int ksrtp_id_rfc6509_parse(const uint8_t *id, size_t id_len, unsigned int *year,
			   unsigned int *month, char *uri, size_t uri_size)
{
	size_t ul;
	unsigned int y, m;

	if (!id || !year || !month || !uri)
		return -KSRTP_EINVAL;
	/* "YYYY-MM" NUL uri NUL, uri non-empty */
	if (id_len < 10 || id[7] != 0 || id[id_len - 1] != 0 || id[4] != '-')
		return -KSRTP_EKMS_BAD_ID;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !digit(id[i]))
			return -KSRTP_EKMS_BAD_ID;
	y = (unsigned int)((id[0] - '0') * 1000 + (id[1] - '0') * 100 + (id[2] - '0') * 10 +
			   (id[3] - '0'));
	m = (unsigned int)((id[5] - '0') * 10 + (id[6] - '0'));
	if (m < 1 || m > 12)
		return -KSRTP_EKMS_BAD_ID;
	ul = id_len - 9;
	if (memchr(id + 8, 0, ul))
		return -KSRTP_EKMS_BAD_ID;
	if (uri_size < ul + 1)
		return -KSRTP_EBUFSIZE;
	memcpy(uri, id + 8, ul);
	uri[ul] = 0;
	if (ksrtp_id_uri_check(uri)) {
		uri[0] = 0;
		return -KSRTP_EKMS_BAD_ID;
	}
	*year = y;
	*month = m;
	return 0;
}

/* Big-endian in the fewest octets; 0 is one 0x00 octet. */
static size_t be_min(uint64_t v, uint8_t out[8])
{
	size_t n = 1;

	while (n < 8 && (v >> (8 * n)))
		n++;
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	return n;
}

static int put_param(uint8_t *out, size_t out_size, size_t *pos, const void *p, size_t len)
{
	if (len > 0xFFFF)
		return -KSRTP_EKMS_BAD_URI;
	if (out) {
		if (out_size - *pos < len + 2)
			return -KSRTP_EBUFSIZE;
		memcpy(out + *pos, p, len);
		out[*pos + len] = (uint8_t)(len >> 8);
		out[*pos + len + 1] = (uint8_t)len;
	}
	*pos += len + 2;
	return 0;
}

int ksrtp_id_uid_string(uint8_t *out, size_t out_size, size_t *out_len, const char *uri,
			const char *kms_uri, uint64_t period_len, uint64_t period_offset,
			uint64_t period_no)
{
	static const char p0[] = "MIKEY-SAKKE-UID";
	uint8_t n[8];
	size_t pos = 1, nl;
	int err;

	if (!out || !out_len)
		return -KSRTP_EINVAL;
	err = ksrtp_id_uri_check(uri);
	if (!err)
		err = ksrtp_id_uri_check(kms_uri);
	if (err)
		return err;
	if (out_size < 1)
		return -KSRTP_EBUFSIZE;
	out[0] = 0x00; /* FC */
	err = put_param(out, out_size, &pos, p0, sizeof(p0) - 1);
	if (!err)
		err = put_param(out, out_size, &pos, uri, strlen(uri));
	if (!err)
		err = put_param(out, out_size, &pos, kms_uri, strlen(kms_uri));
	nl = be_min(period_len, n);
	if (!err)
		err = put_param(out, out_size, &pos, n, nl);
	nl = be_min(period_offset, n);
	if (!err)
		err = put_param(out, out_size, &pos, n, nl);
	nl = be_min(period_no, n);
	if (!err)
		err = put_param(out, out_size, &pos, n, nl);
	if (err)
		return err;
	*out_len = pos;
	return 0;
}

int ksrtp_id_uid(uint8_t uid[KSRTP_ID_UID_LEN], const char *uri, const char *kms_uri,
		 uint64_t period_len, uint64_t period_offset, uint64_t period_no)
{
	uint8_t s[1 + 17 + 2 * (KSRTP_ID_URI_MAX + 2) + 3 * 10];
	size_t len;
	int err;

	if (!uid)
		return -KSRTP_EINVAL;
	err = ksrtp_id_uid_string(s, sizeof(s), &len, uri, kms_uri, period_len, period_offset,
				  period_no);
	if (err)
		return err;
	return EVP_Digest(s, len, uid, NULL, EVP_sha256(), NULL) == 1 ? 0 : -KSRTP_ECRYPTO;
}

int ksrtp_id_period_no(uint64_t ntp_seconds, uint64_t period_len, uint64_t period_offset,
		       uint64_t *period_no)
{
	if (!period_no)
		return -KSRTP_EINVAL;
	if (period_len == 0 || ntp_seconds < period_offset)
		return -KSRTP_EKMS_BAD_PERIOD;
	*period_no = (ntp_seconds - period_offset) / period_len;
	return 0;
}

uint64_t ksrtp_ntp_from_unix(int64_t unix_time)
{
	return (uint64_t)unix_time + KSRTP_NTP_UNIX_OFFSET;
}

int64_t ksrtp_unix_from_ntp(uint64_t ntp_seconds)
{
	return (int64_t)(ntp_seconds - KSRTP_NTP_UNIX_OFFSET);
}
