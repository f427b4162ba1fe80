// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_keyfile.c - the ksrtp key file parser (key sets and kms.pub): never a crash or leak;
 * whatever parses must format back to text that parses to the same content.
 */
#include <ksrtp/kms.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksrtp_keyset *ks = NULL, *ks2 = NULL;
	struct ksrtp_kms *kms = NULL;
	char *text = NULL, *text2 = NULL;
	size_t len = 0, len2 = 0;

	if (ksrtp_keyset_parse(&ks, (const char *)data, size) == 0) {
		if (ksrtp_keyset_format(ks, &text, &len) != 0 ||
		    ksrtp_keyset_parse(&ks2, text, len) != 0 ||
		    ksrtp_keyset_format(ks2, &text2, &len2) != 0 || len != len2 ||
		    memcmp(text, text2, len))
			abort();
		ksrtp_keyset_check(ks, NULL, INT64_MIN);
	}
	if (ksrtp_kms_parse_public(&kms, (const char *)data, size) == 0) {
		uint8_t id[KSRTP_ID_MAX];
		size_t il;
		uint64_t no;

		if (ksrtp_kms_period_at(kms, 1700000000, &no) == 0)
			ksrtp_kms_identity(kms, "sip:fuzz@example.org", no, id, sizeof(id), &il);
	}
	ksrtp_kms_text_free(text, len);
	ksrtp_kms_text_free(text2, len2);
	ksrtp_keyset_free(ks);
	ksrtp_keyset_free(ks2);
	ksrtp_kms_free(kms);
	return 0;
}
