// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_kms_xml.c - the TS 33.180 XML importer: KmsCertificate and KmsKeySet (the latter
 * against a fixed third-party KMS certificate, so that seeds can reach the key parsing).
 */
#include <ksrtp/kms.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The third-party KMS of the TS 33.180-style vectors (kms.mydev.streamwide.com). */
static const char z_hex[] =
	"046FC2CF00FD48467ABE7C02F383002FC49B6632BF0F7071D958F1F128154E6FAE1F69BB91691A191A358FE6"
	"47A3E020D2365D52F81FB3AF4EA271654F1A880274C1AE228AC72CC15D535394321BD2143CEA2619FB3B0C6C"
	"E7A5F72714D8EF4D11CB0C991C3376CA31B168B01E66021EFFDBF7920BD66615E6F0D6A1E61C06E72E61B413"
	"8738C11BC249A3849E9C4CFF327A7D0D2769C3D97A37F86ADFB13BAA257E628CE236F40360D3F7B8D95B0E3F"
	"CC19417602D7D6B8928B855EAE9129BE1F0B87D33E884906DD95A04A8BD61240BAD60F9DFADA64806726F8F0"
	"8B86343F54046416F5198116E9798C218BCF9CA07D0BAA4BE50062BFE54E44495B6ED59CB6";
static const char kpak_hex[] =
	"0448F9C2C48B50735F6BC70EC6691073243F1E0BD83CC73BB936D61FFCB2D6049A5B297E8205B29FBD8591CB"
	"582D6402ADD21451CE4BEEBEAAA7520E93B11CF28F";

static void unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int hi =
			(unsigned int)(h[2 * i] <= '9' ? h[2 * i] - '0' : h[2 * i] - 'A' + 10);
		unsigned int lo = (unsigned int)(h[2 * i + 1] <= '9' ? h[2 * i + 1] - '0'
								     : h[2 * i + 1] - 'A' + 10);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksrtp_kms *fixed;
	struct ksrtp_kms *kms = NULL;
	struct ksrtp_keyset *ks = NULL;
	char *xml = NULL;
	size_t len = 0;

	if (!fixed) {
		struct ksrtp_kms_params p = {.uri = "kms.mydev.streamwide.com",
					     .id_format = KSRTP_ID_FORMAT_3GPP,
					     .period = 16777215};
		uint8_t z[KSRTP_SAKKE_POINT_LEN], kpak[KSRTP_ECCSI_POINT_LEN];

		unhex(z_hex, z, sizeof(z));
		unhex(kpak_hex, kpak, sizeof(kpak));
		if (ksrtp_kms_new_public(&fixed, &p, z, kpak))
			abort();
	}
	if (ksrtp_kms_from_xml(&kms, (const char *)data, size) == 0) {
		struct ksrtp_kms *again = NULL;

		/* an imported certificate exports to XML that imports to the same keys */
		if (ksrtp_kms_to_xml(kms, &xml, &len) || ksrtp_kms_from_xml(&again, xml, len) ||
		    memcmp(ksrtp_kms_z(kms), ksrtp_kms_z(again), KSRTP_SAKKE_POINT_LEN) ||
		    strcmp(ksrtp_kms_uri(kms), ksrtp_kms_uri(again)))
			abort();
		ksrtp_kms_free(again);
		ksrtp_kms_text_free(xml, len);
		xml = NULL;
	}
	if (ksrtp_keyset_from_xml(&ks, (const char *)data, size, fixed) == 0) {
		struct ksrtp_keyset *again = NULL;

		if (ksrtp_keyset_to_xml(ks, &xml, &len) ||
		    ksrtp_keyset_from_xml(&again, xml, len, fixed) ||
		    memcmp(ksrtp_keyset_ssk(ks), ksrtp_keyset_ssk(again), KSRTP_ECCSI_SCALAR_LEN) ||
		    ksrtp_keyset_valid_to(ks) != ksrtp_keyset_valid_to(again))
			abort();
		ksrtp_keyset_free(again);
	}
	ksrtp_kms_text_free(xml, len);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(kms);
	return 0;
}
