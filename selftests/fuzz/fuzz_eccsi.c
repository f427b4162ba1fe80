// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_eccsi.c - ECCSI input decoding: signatures (r, s, PVT) and messages given to
 * ksrtp_eccsi_verify under RFC 6507 Appendix A's KPAK and ID, SSK/PVT pairs given to
 * ksrtp_eccsi_signer_new, and RFC 6509 identities given to ksrtp_id_rfc6509_parse.
 * Input: 129-octet signature || message. Nothing may crash; only the RFC's own
 * signature over its own message may verify.
 */
#include <ksrtp/eccsi.h>
#include <ksrtp/identity.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t kpak[65] = {0x04, 0x50, 0xD4, 0x67, 0x0B, 0xDE, 0x75, 0x24, 0x4F, 0x28, 0xD2,
				 0x83, 0x8A, 0x0D, 0x25, 0x55, 0x8A, 0x7A, 0x72, 0x68, 0x6D, 0x45,
				 0x22, 0xD4, 0xC8, 0x27, 0x3F, 0xB6, 0x44, 0x2A, 0xEB, 0xFA, 0x93,
				 0xDB, 0xDD, 0x37, 0x55, 0x1A, 0xFD, 0x26, 0x3B, 0x5D, 0xFD, 0x61,
				 0x7F, 0x39, 0x60, 0xC6, 0x5A, 0x8C, 0x29, 0x88, 0x50, 0xFF, 0x99,
				 0xF2, 0x03, 0x66, 0xDC, 0xE7, 0xD4, 0x36, 0x72, 0x17, 0xF4};
static const uint8_t id[] = "2011-02\0tel:+447700900123"; /* 26 octets with the final NUL */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksrtp_eccsi_verifier *v;
	struct ksrtp_eccsi_signer *s = NULL;
	unsigned int y, m;
	char uri[KSRTP_ID_URI_MAX + 1];

	if (!v && ksrtp_eccsi_verifier_new(&v, kpak))
		abort();
	if (size >= KSRTP_ECCSI_SIG_LEN) {
		int err = ksrtp_eccsi_verify(v, id, sizeof(id), data + KSRTP_ECCSI_SIG_LEN,
					     size - KSRTP_ECCSI_SIG_LEN, data, KSRTP_ECCSI_SIG_LEN);

		/* the only valid signature in reach: the RFC's, over "message\0" */
		if (!err && (size != KSRTP_ECCSI_SIG_LEN + 8 ||
			     memcmp(data + KSRTP_ECCSI_SIG_LEN, "message", 8)))
			abort();
	} else {
		ksrtp_eccsi_verify(v, id, sizeof(id), data, size, data, size);
	}
	/* SSK || PVT from the input */
	if (size >= 32 + 65 && !ksrtp_eccsi_signer_new(&s, kpak, id, sizeof(id), data, data + 32)) {
		uint8_t sig[KSRTP_ECCSI_SIG_LEN];

		/* a pair that validates must sign verifiably */
		if (ksrtp_eccsi_sign(s, data, size, sig) ||
		    ksrtp_eccsi_verify(v, id, sizeof(id), data, size, sig, sizeof(sig)))
			abort();
		ksrtp_eccsi_signer_free(s);
	}
	ksrtp_id_rfc6509_parse(data, size, &y, &m, uri, sizeof(uri));
	return 0;
}
