// SPDX-License-Identifier: GPL-2.0
/*
 * test_srtpkey.c - SRTP suite table and master-key file parser (ksrtp/srtpkey.h).
 * Base64 and hex decoding are checked against OpenSSL's encoder on random key material.
 */
#include <ksrtp/err.h>
#include <ksrtp/srtpkey.h>

#include <linux/ksrtp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "tap.h"

static int parse(const char *text, const char *suite, struct ksrtp_srtpkey *k, unsigned *line)
{
	return ksrtp_srtpkey_parse(text, strlen(text), ksrtp_srtp_suite_by_name(suite), k, line);
}

static void expect_err(const char *text, const char *suite, int err, unsigned want_line,
		       const char *what)
{
	struct ksrtp_srtpkey k;
	unsigned line = 99;
	int ret = parse(text, suite, &k, &line);

	tap_eq_int(ret, -err, "%s: error %d", what, err);
	tap_eq_int(line, want_line, "%s: reported line", what);
	tap_ok(strcmp(ksrtp_strerror(ret), "unknown error") != 0, "%s: message \"%s\"", what,
	       ksrtp_strerror(ret));
}

static void test_suites(void)
{
	const struct ksrtp_srtp_suite *s;
	int n = 0;

	for (s = ksrtp_srtp_suites(); s->name; s++) {
		n++;
		tap_ok(ksrtp_srtp_suite_by_name(s->name) == s, "suite %s by name", s->name);
		tap_ok(ksrtp_srtp_suite_by_id(s->id) == s, "suite %s by id", s->name);
	}
	tap_eq_int(n, KSRTP_SUITE_MAX, "every uapi suite is in the table");
	s = ksrtp_srtp_suite_by_name("aead_aes_256_gcm");
	tap_ok(s && s->key_len == 32 && s->salt_len == 12 && s->aead, "AES-256-GCM lengths");
	tap_ok(ksrtp_srtp_suite_by_name("AES_CM_256_HMAC_SHA1_80") == NULL, "unsupported suite");
	tap_ok(ksrtp_srtp_suite_by_id(0) == NULL, "suite 0 unknown");
}

static void test_hex_form(void)
{
	static const uint8_t key[16] = {0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0,
					0xd6, 0x4f, 0xa3, 0x2c, 0x06, 0xde, 0x41, 0x39};
	static const uint8_t salt[14] = {0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe,
					 0xeb, 0xb6, 0x96, 0x0b, 0x3a, 0xab, 0xe6};
	struct ksrtp_srtpkey k;
	unsigned line;
	int ret;

	ret = parse("# RFC 3711 B.2 master key and salt\n\n"
		    "  E1F97A0D3E018BE0D64FA32C06DE4139\t0ec675ad498afeebb6960b3aabe6 \r\n"
		    "# end\n",
		    "AES_CM_128_HMAC_SHA1_80", &k, &line);
	tap_eq_int(ret, 0, "hex form with comments, tab, CRLF");
	tap_eq_int(k.key_len, 16, "hex key length");
	tap_eq_hex(k.key, key, 16, "hex key");
	tap_eq_int(k.salt_len, 14, "hex salt length");
	tap_eq_hex(k.salt, salt, 14, "hex salt");
	tap_eq_int(k.mki_len + k.lifetime, 0, "no MKI, no lifetime in hex form");

	ret = parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
		    "a0a1a2a3a4a5a6a7a8a9aaab",
		    "AEAD_AES_256_GCM", &k, &line);
	tap_ok(ret == 0 && k.key_len == 32 && k.salt_len == 12 && k.key[31] == 0x1f &&
		       k.salt[11] == 0xab,
	       "hex form AES-256-GCM");
	ksrtp_srtpkey_wipe(&k);
	tap_ok(k.key[31] == 0 && k.key_len == 0, "wipe clears the key");

	expect_err("E1F97A0D3E018BE0D64FA32C06DE41 0EC675AD498AFEEBB6960B3AABE6",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_KEYLEN, 1, "15-octet key");
	expect_err("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6",
		   "AEAD_AES_128_GCM", KSRTP_ESK_SALTLEN, 1, "14-octet salt for GCM");
	expect_err("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6",
		   "AEAD_AES_256_GCM", KSRTP_ESK_KEYLEN, 1, "16-octet key for AES-256");
	expect_err("\nE1F97A0D3E018BE0D64FA32C06DE413G 0EC675AD498AFEEBB6960B3AABE6",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_HEX, 2, "bad hex digit");
	expect_err("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_HEX, 1, "odd hex length");
	expect_err("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6 00",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_SYNTAX, 1, "three fields");
	expect_err("E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6\n# c\nc d\n",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_MULTI, 3, "two key lines");
	expect_err("# only a comment\n\n", "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_EMPTY, 0,
		   "no key line");
	expect_err("", "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_EMPTY, 0, "empty file");
	{
		static const char bin[] = "# x\nE1\001F9 00\n";
		struct ksrtp_srtpkey kk;
		unsigned l = 0;

		tap_eq_int(ksrtp_srtpkey_parse(bin, sizeof(bin) - 1,
					       ksrtp_srtp_suite_by_name("AEAD_AES_128_GCM"), &kk,
					       &l),
			   -KSRTP_ESK_BINARY, "control character refused");
		tap_eq_int(l, 2, "control character line");
	}
	tap_eq_int(ksrtp_srtpkey_parse("a b", 3, NULL, &k, NULL), -KSRTP_ESK_SUITE, "no suite");
	{
		char *big = calloc(1, KSRTP_SRTPKEY_MAX_FILE + 2);

		memset(big, '#', KSRTP_SRTPKEY_MAX_FILE + 1);
		tap_eq_int(ksrtp_srtpkey_parse(big, KSRTP_SRTPKEY_MAX_FILE + 1,
					       ksrtp_srtp_suite_by_id(1), &k, NULL),
			   -KSRTP_ESK_TOOBIG, "file too large");
		free(big);
	}
}

static void test_inline_form(void)
{
	struct ksrtp_srtpkey k;
	unsigned line;
	int ret;

	/* RFC 4568 section 9.1's example key-params. */
	ret = parse("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\n",
		    "AES_CM_128_HMAC_SHA1_80", &k, &line);
	tap_eq_int(ret, 0, "RFC 4568 example key-params");
	tap_eq_hex(k.key, "YS___semctl () {", 16, "RFC 4568 example key");
	tap_eq_hex(k.salt, "\t220;}\n}\nunles", 14, "RFC 4568 example salt");
	tap_eq_int((long long)k.lifetime, 1ll << 20, "lifetime 2^20");
	tap_eq_int(k.mki_len, 4, "MKI length 4");
	tap_eq_hex(k.mki, "\0\0\0\1", 4, "MKI value 1");

	ret = parse("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|258:2", "AES_CM_128_HMAC_SHA1_32", &k,
		    &line);
	tap_ok(ret == 0 && k.mki_len == 2 && k.mki[0] == 1 && k.mki[1] == 2 && !k.lifetime,
	       "no inline: prefix, MKI without lifetime");
	ret = parse("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1000",
		    "AES_CM_128_HMAC_SHA1_80", &k, &line);
	tap_ok(ret == 0 && k.lifetime == 1000 && !k.mki_len, "decimal lifetime");

	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "AEAD_AES_128_GCM",
		   KSRTP_ESK_INLINELEN, 1, "30 octets for GCM-128");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubG!z", "AES_CM_128_HMAC_SHA1_80",
		   KSRTP_ESK_BASE64, 1, "bad base64 character");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^49",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_LIFETIME, 1, "lifetime 2^49");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|0", "AES_CM_128_HMAC_SHA1_80",
		   KSRTP_ESK_LIFETIME, 1, "lifetime 0");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|256:1",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_MKI, 1, "MKI 256 in one octet");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:5", "AES_CM_128_HMAC_SHA1_80",
		   KSRTP_ESK_MKI, 1, "MKI length 5");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:1|2^20",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_LIFETIME, 1, "lifetime after MKI");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|1:1|1:1",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_MKI, 1, "two MKIs");
	expect_err("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|5|1:1|x",
		   "AES_CM_128_HMAC_SHA1_80", KSRTP_ESK_SYNTAX, 1, "four fields");
}

/* Random key material through OpenSSL's base64 encoder and a hex printer, back through us. */
static void test_random_roundtrip(void)
{
	int ok_b64 = 1, ok_hex = 1;

	for (int i = 0; i < 300; i++) {
		const struct ksrtp_srtp_suite *s = ksrtp_srtp_suite_by_id(1 + i % 4);
		uint8_t raw[44];
		unsigned char b64[80];
		char text[160], hk[65], hs[29];
		struct ksrtp_srtpkey k;
		size_t n = s->key_len + s->salt_len;

		RAND_bytes(raw, (int)n);
		EVP_EncodeBlock(b64, raw, (int)n);
		snprintf(text, sizeof(text), "inline:%s", (char *)b64);
		if (ksrtp_srtpkey_parse(text, strlen(text), s, &k, NULL) ||
		    memcmp(k.key, raw, s->key_len) || memcmp(k.salt, raw + s->key_len, s->salt_len))
			ok_b64 = 0;
		for (size_t j = 0; j < s->key_len; j++)
			snprintf(hk + 2 * j, 3, i & 1 ? "%02x" : "%02X", raw[j]);
		for (size_t j = 0; j < s->salt_len; j++)
			snprintf(hs + 2 * j, 3, "%02x", raw[s->key_len + j]);
		snprintf(text, sizeof(text), "%s %s\n", hk, hs);
		if (ksrtp_srtpkey_parse(text, strlen(text), s, &k, NULL) ||
		    memcmp(k.key, raw, s->key_len) || memcmp(k.salt, raw + s->key_len, s->salt_len))
			ok_hex = 0;
	}
	tap_ok(ok_b64, "300 random keys: base64 (OpenSSL-encoded) decodes to the same octets");
	tap_ok(ok_hex, "300 random keys: hex decodes to the same octets");
}

static void test_load(void)
{
	char path[] = "/tmp/ksrtp-test-keyXXXXXX";
	int fd = mkstemp(path);
	struct ksrtp_srtpkey k;
	unsigned line;
	FILE *f;

	if (fd < 0) {
		tap_skip("mkstemp failed", "load from a file");
		return;
	}
	f = fdopen(fd, "w");
	fputs("# test\ninline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\n", f);
	fclose(f);
	tap_eq_int(ksrtp_srtpkey_load(path, ksrtp_srtp_suite_by_id(1), &k, &line), 0,
		   "load a key file");
	tap_eq_hex(k.key, "YS___semctl () {", 16, "loaded key");
	unlink(path);
	tap_eq_int(ksrtp_srtpkey_load(path, ksrtp_srtp_suite_by_id(1), &k, &line), -KSRTP_EIO,
		   "missing file: KSRTP_EIO");
}

int main(void)
{
	test_suites();
	test_hex_form();
	test_inline_form();
	test_random_roundtrip();
	test_load();
	return tap_done();
}
