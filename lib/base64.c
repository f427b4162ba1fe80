// SPDX-License-Identifier: GPL-2.0
/*
 * base64.c - strict standard base64 (RFC 4648 section 4) for SDP key-mgmt attributes
 * (RFC 4567) and ksrtpctl. Decoding accepts exactly the canonical encoding: padding
 * required, no whitespace, zero unused bits. The table lookups are branch-free on the
 * input value so that key material is not leaked through timing.
 */
#include <ksrtp/err.h>
#include <ksrtp/sdp.h>

#include <string.h>

static const char b64_alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Constant-time value of a base64 character, or -1. */
static int b64_val(unsigned char c)
{
	int v = -1;

	/* each term is the value when c is in its range, else 0; exactly one range matches */
	v += ((('A' - 1 - (int)c) & ((int)c - 'Z' - 1)) >> 8) & ((int)c - 'A' + 1);
	v += ((('a' - 1 - (int)c) & ((int)c - 'z' - 1)) >> 8) & ((int)c - 'a' + 27);
	v += ((('0' - 1 - (int)c) & ((int)c - '9' - 1)) >> 8) & ((int)c - '0' + 53);
	v += ((('+' - 1 - (int)c) & ((int)c - '+' - 1)) >> 8) & 63;
	v += ((('/' - 1 - (int)c) & ((int)c - '/' - 1)) >> 8) & 64;
	return v;
}

size_t ksrtp_b64_encoded_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

int ksrtp_b64_encode(const uint8_t *in, size_t len, char *out, size_t cap)
{
	size_t o = 0;

	if (cap < ksrtp_b64_encoded_len(len) + 1)
		return -KSRTP_EBUFSIZE;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		size_t n = len - i < 3 ? len - i : 3;
		if (n > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (n > 2)
			v |= in[i + 2];
		out[o++] = b64_alpha[v >> 18 & 63];
		out[o++] = b64_alpha[v >> 12 & 63];
		out[o++] = n > 1 ? b64_alpha[v >> 6 & 63] : '=';
		out[o++] = n > 2 ? b64_alpha[v & 63] : '=';
	}
	out[o] = 0;
	return 0;
}

int ksrtp_b64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t o = 0;

	*out_len = 0;
	if (len == 0 || len % 4)
		return -KSRTP_ESDP_BASE64;
	for (size_t i = 0; i < len; i += 4) {
		int last = i + 4 == len;
		int pad = 0;
		int v[4];
		int bad = 0;

		if (last && in[i + 3] == '=')
			pad = in[i + 2] == '=' ? 2 : 1;
		for (int k = 0; k < 4 - pad; k++) {
			v[k] = b64_val((unsigned char)in[i + k]);
			bad |= v[k] < 0;
		}
		if (bad)
			return -KSRTP_ESDP_BASE64;
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12;
		if (pad < 2)
			w |= (uint32_t)v[2] << 6;
		if (pad < 1)
			w |= (uint32_t)v[3];
		if ((pad == 2 && (w & 0xffff)) || (pad == 1 && (w & 0xff)))
			return -KSRTP_ESDP_BASE64; /* non-canonical: unused bits set */
		size_t n = 3 - (size_t)pad;
		if (cap - o < n)
			return -KSRTP_EBUFSIZE;
		out[o++] = (uint8_t)(w >> 16);
		if (n > 1)
			out[o++] = (uint8_t)(w >> 8);
		if (n > 2)
			out[o++] = (uint8_t)w;
	}
	*out_len = o;
	return 0;
}
