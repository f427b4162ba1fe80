// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_keymgmt.c - the a=key-mgmt attribute value ("mikey <base64>") and the MIKEY message it
 * carries: never a crash; a decoded message formats back to the same attribute.
 */
#include <ksrtp/mikey.h>
#include <ksrtp/sdp.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t mk[KSRTP_SDP_MAX_KEYMGMT];
	char back[32 + KSRTP_SDP_MAX_KEYMGMT * 2];
	size_t ml;
	struct ksrtp_mikey_msg *m = NULL;

	if (ksrtp_sdp_keymgmt_parse((const char *)data, size, mk, sizeof(mk), &ml) == 1) {
		if (ksrtp_sdp_keymgmt_format(mk, ml, back, sizeof(back)) != 0)
			abort();
		/* canonical base64: the value is exactly "mikey " + the encoding */
		if (strlen(back) - 9 != size || memcmp(back + 9, data, size))
			abort();
		if (ksrtp_mikey_decode(mk, ml, &m) == 0)
			ksrtp_mikey_msg_free(m);
	}
	return 0;
}
