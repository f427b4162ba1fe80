// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_sdp.c - the SDP parser on arbitrary text: never a crash or leak; whatever parses
 * must build back to text that parses to the same session (the builder's output is canonical:
 * building it again gives the same bytes).
 */
#include <ksrtp/sdp.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksrtp_sdp *s = NULL, *s2 = NULL;
	char *t1 = NULL, *t2 = NULL;
	size_t l1, l2;

	if (ksrtp_sdp_parse((const char *)data, size, &s) == 0) {
		size_t ml;
		for (size_t i = 0; i <= s->n_media; i++)
			ksrtp_sdp_mikey(s, i, &ml);
		if (ksrtp_sdp_build(s, &t1, &l1) == 0) {
			if (ksrtp_sdp_parse(t1, l1, &s2) != 0 ||
			    ksrtp_sdp_build(s2, &t2, &l2) != 0 || l1 != l2 || memcmp(t1, t2, l1) ||
			    s2->keymgmt_len != s->keymgmt_len || s2->n_media != s->n_media)
				abort();
		}
	}
	free(t1);
	free(t2);
	ksrtp_sdp_free(s);
	ksrtp_sdp_free(s2);
	return 0;
}
