// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_keyfile_srtp.c - libFuzzer target for the SRTP master-key file parser
 * (ksrtp_srtpkey_parse). The first input octet picks the suite; the rest is the file.
 * Checks: no crash, the result is consistent with the suite, errors wipe the output.
 */
#include <ksrtp/srtpkey.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ksrtp_srtp_suite *s;
	struct ksrtp_srtpkey k;
	static const struct ksrtp_srtpkey zero;
	unsigned line;
	int ret;

	if (size < 1)
		return 0;
	s = ksrtp_srtp_suite_by_id(1 + data[0] % 4);
	ret = ksrtp_srtpkey_parse((const char *)data + 1, size - 1, s, &k, &line);
	if (ret == 0) {
		if (k.key_len != s->key_len || k.salt_len != s->salt_len || k.mki_len > 4 ||
		    k.lifetime > (1ull << 48))
			abort();
	} else {
		if (ret >= 0 || memcmp(&k, &zero, sizeof(k)) || line > size)
			abort();
	}
	return 0;
}
