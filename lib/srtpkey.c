// SPDX-License-Identifier: GPL-2.0
/*
 * srtpkey.c - SRTP crypto suite table and the SRTP master-key file parser (format in
 * ksrtp/srtpkey.h). Key material is decoded in constant time and wiped from every
 * temporary buffer.
 */
#include <ksrtp/err.h>
#include <ksrtp/srtpkey.h>

#include <linux/ksrtp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "internal.h"

static const struct ksrtp_srtp_suite suites[] = {
	{KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, "AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 0},
	{KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, "AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 0},
	{KSRTP_SUITE_AEAD_AES_128_GCM, "AEAD_AES_128_GCM", 16, 12, 16, 1},
	{KSRTP_SUITE_AEAD_AES_256_GCM, "AEAD_AES_256_GCM", 32, 12, 16, 1},
	{0, NULL, 0, 0, 0, 0},
};

const struct ksrtp_srtp_suite *ksrtp_srtp_suites(void)
{
	return suites;
}

const struct ksrtp_srtp_suite *ksrtp_srtp_suite_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (const struct ksrtp_srtp_suite *s = suites; s->name; s++)
		if (!strcasecmp(s->name, name))
			return s;
	return NULL;
}

const struct ksrtp_srtp_suite *ksrtp_srtp_suite_by_id(int id)
{
	for (const struct ksrtp_srtp_suite *s = suites; s->name; s++)
		if (s->id == id)
			return s;
	return NULL;
}

const char *ksrtp__srtpkey_msg(int code)
{
	switch (code) {
	case KSRTP_ESK_SUITE:
		return "unknown SRTP crypto suite (AES_CM_128_HMAC_SHA1_80, "
		       "AES_CM_128_HMAC_SHA1_32, "
		       "AEAD_AES_128_GCM or AEAD_AES_256_GCM)";
	case KSRTP_ESK_EMPTY: return "key file holds no key line";
	case KSRTP_ESK_MULTI: return "key file holds more than one key line";
	case KSRTP_ESK_SYNTAX:
		return "key line is neither \"<master key hex> <master salt hex>\" nor "
		       "\"inline:<base64 key||salt>[|lifetime][|MKI:length]\"";
	case KSRTP_ESK_HEX: return "bad hexadecimal key material (odd length or not 0-9a-f)";
	case KSRTP_ESK_BASE64: return "bad base64 key material";
	case KSRTP_ESK_KEYLEN: return "master key length does not match the suite";
	case KSRTP_ESK_SALTLEN: return "master salt length does not match the suite";
	case KSRTP_ESK_INLINELEN:
		return "inline key||salt length does not match the suite "
		       "(30 octets for AES_CM, 28 for AES_128_GCM, 44 for AES_256_GCM)";
	case KSRTP_ESK_LIFETIME: return "bad lifetime (decimal packet count or 2^N, N <= 48)";
	case KSRTP_ESK_MKI:
		return "bad MKI (decimal value ':' length 1..4, value fitting the length)";
	case KSRTP_ESK_TOOBIG: return "key file too large (more than 4096 octets)";
	case KSRTP_ESK_BINARY: return "key file holds a NUL or control character (not a text file)";
	default: return NULL;
	}
}

/* All-ones (0xff) when lo <= c <= hi, else 0; no branches on c. */
static unsigned ct_range(unsigned c, unsigned lo, unsigned hi)
{
	unsigned ge = ((c - lo) >> 31) ^ 1u; /* c < lo wraps around to a huge value */
	unsigned le = ((hi - c) >> 31) ^ 1u;

	return (0u - (ge & le)) & 0xffu;
}

int ksrtp_hex_decode(uint8_t *out, size_t out_max, const char *hex, size_t hex_len)
{
	unsigned bad = 0;

	if (hex_len % 2)
		return -KSRTP_ESK_HEX;
	if (hex_len / 2 > out_max)
		return -KSRTP_EBUFSIZE;
	for (size_t i = 0; i < hex_len; i += 2) {
		unsigned v = 0;

		for (size_t j = 0; j < 2; j++) {
			unsigned c = (unsigned char)hex[i + j];
			unsigned dig = ct_range(c, '0', '9');
			unsigned up = ct_range(c, 'A', 'F');
			unsigned lo = ct_range(c, 'a', 'f');
			unsigned d =
				(dig & (c - '0')) | (up & (c - 'A' + 10)) | (lo & (c - 'a' + 10));

			bad |= ~(dig | up | lo) & 0xffu;
			v = (v << 4) | (d & 0xfu);
		}
		out[i / 2] = (uint8_t)v;
	}
	if (bad) {
		OPENSSL_cleanse(out, hex_len / 2);
		return -KSRTP_ESK_HEX;
	}
	return (int)(hex_len / 2);
}

/* Constant-time standard base64 (RFC 4648 section 4), '=' padding optional. */
static int b64_decode(uint8_t *out, size_t out_max, const char *in, size_t len)
{
	unsigned bad = 0, acc = 0;
	size_t n = 0, bits = 0;

	while (len && in[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -KSRTP_ESK_BASE64;
	if (len * 3 / 4 > out_max)
		return -KSRTP_ESK_INLINELEN;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)in[i];
		unsigned m_up = ct_range(c, 'A', 'Z'), m_lo = ct_range(c, 'a', 'z');
		unsigned m_dig = ct_range(c, '0', '9'), m_plus = ct_range(c, '+', '+');
		unsigned m_sl = ct_range(c, '/', '/');
		unsigned v = (m_up & (c - 'A')) | (m_lo & (c - 'a' + 26)) |
			     (m_dig & (c - '0' + 52)) | (m_plus & 62u) | (m_sl & 63u);

		bad |= ~(m_up | m_lo | m_dig | m_plus | m_sl) & 0xffu;
		acc = (acc << 6) | (v & 63u);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	/* Leftover bits of the last character must be zero (canonical encoding). */
	bad |= acc & ((1u << bits) - 1u);
	acc = 0;
	if (bad) {
		OPENSSL_cleanse(out, n);
		return -KSRTP_ESK_BASE64;
	}
	return (int)n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int parse_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!len || len > 20)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if ((uint64_t)(s[i] - '0') > max || v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* RFC 4568 lifetime: decimal or "2^N". */
static int parse_lifetime(const char *s, size_t len, uint64_t *out)
{
	uint64_t v;

	if (len > 2 && s[0] == '2' && s[1] == '^') {
		if (parse_u64(s + 2, len - 2, 48, &v) || v == 0)
			return -KSRTP_ESK_LIFETIME;
		*out = 1ull << v;
		return 0;
	}
	if (parse_u64(s, len, 1ull << 48, &v) || v == 0)
		return -KSRTP_ESK_LIFETIME;
	*out = v;
	return 0;
}

/* RFC 4568 MKI: "<decimal value>:<length>". */
static int parse_mki(const char *s, size_t len, struct ksrtp_srtpkey *k)
{
	const char *colon = memchr(s, ':', len);
	uint64_t v, l;

	if (!colon)
		return -KSRTP_ESK_MKI;
	if (parse_u64(s, (size_t)(colon - s), UINT32_MAX, &v) ||
	    parse_u64(colon + 1, len - (size_t)(colon + 1 - s), KSRTP_SRTP_MAX_MKI, &l) || l == 0)
		return -KSRTP_ESK_MKI;
	if (l < 4 && v >> (8 * l))
		return -KSRTP_ESK_MKI;
	for (size_t i = 0; i < l; i++)
		k->mki[i] = (uint8_t)(v >> (8 * (l - 1 - i)));
	k->mki_len = (size_t)l;
	return 0;
}

static int parse_inline(const char *s, size_t len, const struct ksrtp_srtp_suite *suite,
			struct ksrtp_srtpkey *k)
{
	uint8_t tmp[KSRTP_SRTP_MAX_KEY + KSRTP_SRTP_MAX_SALT + 4];
	const char *end = s + len, *bar;
	size_t want = suite->key_len + suite->salt_len;
	int n, ret;

	if (len >= 7 && !memcmp(s, "inline:", 7))
		s += 7;
	bar = memchr(s, '|', (size_t)(end - s));
	n = b64_decode(tmp, sizeof(tmp), s, (size_t)((bar ? bar : end) - s));
	if (n < 0) {
		OPENSSL_cleanse(tmp, sizeof(tmp));
		return n;
	}
	if ((size_t)n != want) {
		OPENSSL_cleanse(tmp, sizeof(tmp));
		return -KSRTP_ESK_INLINELEN;
	}
	memcpy(k->key, tmp, suite->key_len);
	memcpy(k->salt, tmp + suite->key_len, suite->salt_len);
	k->key_len = suite->key_len;
	k->salt_len = suite->salt_len;
	OPENSSL_cleanse(tmp, sizeof(tmp));

	/* Optional "|lifetime" then "|MKI:len"; a field with ':' is the MKI. */
	for (int field = 0; bar; field++) {
		const char *f = bar + 1, *next = memchr(f, '|', (size_t)(end - f));
		size_t flen = (size_t)((next ? next : end) - f);

		if (field >= 2)
			return -KSRTP_ESK_SYNTAX;
		if (memchr(f, ':', flen)) {
			if (k->mki_len)
				return -KSRTP_ESK_MKI;
			ret = parse_mki(f, flen, k);
			if (ret)
				return ret;
		} else {
			if (field == 1 || k->mki_len)
				return -KSRTP_ESK_LIFETIME;
			ret = parse_lifetime(f, flen, &k->lifetime);
			if (ret)
				return ret;
		}
		bar = next;
	}
	return 0;
}

static int parse_hex_pair(const char *a, size_t alen, const char *b, size_t blen,
			  const struct ksrtp_srtp_suite *suite, struct ksrtp_srtpkey *k)
{
	int n;

	n = ksrtp_hex_decode(k->key, sizeof(k->key), a, alen);
	if (n == -KSRTP_EBUFSIZE || (n >= 0 && (size_t)n != suite->key_len))
		return -KSRTP_ESK_KEYLEN;
	if (n < 0)
		return n;
	k->key_len = (size_t)n;
	n = ksrtp_hex_decode(k->salt, sizeof(k->salt), b, blen);
	if (n == -KSRTP_EBUFSIZE || (n >= 0 && (size_t)n != suite->salt_len))
		return -KSRTP_ESK_SALTLEN;
	if (n < 0)
		return n;
	k->salt_len = (size_t)n;
	return 0;
}

static int parse_line(const char *s, size_t len, const struct ksrtp_srtp_suite *suite,
		      struct ksrtp_srtpkey *k)
{
	const char *tok[3];
	size_t tlen[3], ntok = 0, i = 0;

	while (i < len) {
		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		if (ntok == 3)
			return -KSRTP_ESK_SYNTAX;
		tok[ntok] = s + i;
		while (i < len && !is_space(s[i]))
			i++;
		tlen[ntok] = (size_t)(s + i - tok[ntok]);
		ntok++;
	}
	if (ntok == 1)
		return parse_inline(tok[0], tlen[0], suite, k);
	if (ntok == 2)
		return parse_hex_pair(tok[0], tlen[0], tok[1], tlen[1], suite, k);
	return -KSRTP_ESK_SYNTAX;
}

int ksrtp_srtpkey_parse(const char *buf, size_t len, const struct ksrtp_srtp_suite *suite,
			struct ksrtp_srtpkey *out, unsigned *line)
{
	unsigned lineno = 0, keyline = 0;
	size_t pos = 0;
	int ret = 0;

	if (line)
		*line = 0;
	if (!out)
		return -KSRTP_EINVAL;
	memset(out, 0, sizeof(*out));
	if (!suite)
		return -KSRTP_ESK_SUITE;
	if (!buf && len)
		return -KSRTP_EINVAL;
	if (len > KSRTP_SRTPKEY_MAX_FILE)
		return -KSRTP_ESK_TOOBIG;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len, b = pos;

		lineno++;
		for (size_t i = pos; i < end; i++) {
			unsigned char c = (unsigned char)buf[i];

			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				ret = -KSRTP_ESK_BINARY;
				goto fail;
			}
		}
		while (b < end && is_space(buf[b]))
			b++;
		if (b < end && buf[b] != '#') {
			if (keyline) {
				ret = -KSRTP_ESK_MULTI;
				goto fail;
			}
			keyline = lineno;
			ret = parse_line(buf + b, end - b, suite, out);
			if (ret)
				goto fail;
		}
		pos = end + 1;
	}
	if (!keyline) {
		ret = -KSRTP_ESK_EMPTY;
		goto fail_noline;
	}
	return 0;
fail:
	if (line)
		*line = lineno;
fail_noline:
	ksrtp_srtpkey_wipe(out);
	return ret;
}

int ksrtp_srtpkey_load(const char *path, const struct ksrtp_srtp_suite *suite,
		       struct ksrtp_srtpkey *out, unsigned *line)
{
	char buf[KSRTP_SRTPKEY_MAX_FILE + 1];
	size_t len = 0;
	int fd, ret;

	if (line)
		*line = 0;
	if (!path || !out)
		return -KSRTP_EINVAL;
	memset(out, 0, sizeof(*out));
	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (fd < 0)
		return -KSRTP_EIO;
	for (;;) {
		ssize_t r = read(fd, buf + len, sizeof(buf) - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			if (fd != STDIN_FILENO)
				close(fd);
			OPENSSL_cleanse(buf, sizeof(buf));
			errno = e;
			return -KSRTP_EIO;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == sizeof(buf))
			break;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	ret = ksrtp_srtpkey_parse(buf, len, suite, out, line);
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

void ksrtp_srtpkey_wipe(struct ksrtp_srtpkey *k)
{
	if (k)
		OPENSSL_cleanse(k, sizeof(*k));
}
