// SPDX-License-Identifier: GPL-2.0
/*
 * gen.c - MIKEY messages for the tshark suite, built by libksrtp with a fresh in-memory KMS and
 * fixed field values (timestamps, RAND, ids) so that the suite can assert what tshark decodes.
 * Prints "NAME HEX" lines:
 *   rfc6509   MIKEY-SAKKE I_MESSAGE, RFC 6509 identities, MIKEY-1 PRF, SRTP-ID map (2 CS),
 *             SP (AES-CM / HMAC-SHA-1 policy)
 *   ts33180   MIKEY-SAKKE I_MESSAGE, TS 33.180 UIDs, PRF-HMAC-SHA-256, GENERIC-ID map,
 *             key parameters GENEXT
 *   psk1      MIKEY-PSK (MIKEY-1 PRF, HMAC-SHA-1-160 MAC), signed (ECCSI)
 *   psk256    MIKEY-PSK (PRF-HMAC-SHA-256, HMAC-SHA-256-256 MAC)
 *   resp      the verification message answering rfc6509 (data type 1, V payload)
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 ((uint64_t)(1795392000ull + KSRTP_NTP_UNIX_OFFSET) << 32)

static uint8_t z[KSRTP_SAKKE_SCALAR_LEN], zpub[KSRTP_SAKKE_POINT_LEN], ksak[32], kpak[65];

static void die(const char *what, int err)
{
	fprintf(stderr, "gen: %s: %s\n", what, ksrtp_strerror(err));
	exit(1);
}

static struct ksrtp_eccsi_signer *signer_for(const uint8_t *id, size_t len)
{
	uint8_t ssk[32], pvt[65];
	struct ksrtp_eccsi_signer *s = NULL;
	int err = ksrtp_eccsi_kms_issue(ksak, id, len, NULL, ssk, pvt);

	err = err ? err : ksrtp_eccsi_signer_new(&s, kpak, id, len, ssk, pvt);
	if (err)
		die("signer", err);
	return s;
}

static void print(const char *name, const uint8_t *m, size_t n)
{
	printf("%s ", name);
	for (size_t i = 0; i < n; i++)
		printf("%02x", m[i]);
	printf("\n");
	fflush(stdout);
}

int main(void)
{
	struct ksrtp_sakke_pub *pub = NULL;
	static const uint8_t key[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
					0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
	static const uint8_t rand[16] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
					 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf};
	/* AES-CM, 16-octet key, HMAC-SHA-1, 20-octet auth key, 14-octet salt, tag 10 */
	static const uint8_t sp[] = {0, 1, 1, 1, 1, 16, 2, 1, 1, 3, 1, 20, 4, 1, 14, 11, 1, 10};
	static const uint8_t kp[] = {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	uint32_t ssrcs[2] = {0x11223344, 0x55667788};
	uint8_t ida[KSRTP_ID_MAX], uidg[32], uidu[32], *m;
	size_t la, ml;
	int err;

	err = ksrtp_sakke_kms_keygen(z, zpub);
	err = err ? err : ksrtp_sakke_pub_new(&pub, zpub);
	err = err ? err : ksrtp_eccsi_kms_keygen(ksak, kpak);
	if (err)
		die("KMS", err);
	ksrtp_id_rfc6509(ida, sizeof(ida), &la, 2026, 11, "tel:+447700900123");
	struct ksrtp_eccsi_signer *sa = signer_for(ida, la);
	struct ksrtp_mikey_sakke_build_args a = {
		.style = KSRTP_MIKEY_STYLE_RFC6509,
		.prf = KSRTP_MIKEY_PRF_MIKEY1,
		.init_uri = "tel:+447700900123",
		.resp_uri = "tel:+447700900456",
		.kms_uri = "kms.example.org",
		.signer = sa,
		.sakke_pub = pub,
		.key = key,
		.key_id = 0x12345678,
		.map_type = KSRTP_MIKEY_MAP_SRTP_ID,
		.ssrcs = ssrcs,
		.n_ssrcs = 2,
		.sp_params = sp,
		.sp_len = sizeof(sp),
		.ntp_ts = T0,
		.rand = rand,
		.rand_len = 16,
	};
	if ((err = ksrtp_mikey_sakke_build(&a, &m, &ml)))
		die("rfc6509", err);
	print("rfc6509", m, ml);
	/* its verification message (the responder knows the SSV and the I_MESSAGE's fields) */
	struct ksrtp_mikey_result r = {.prf = 0, .csb_id = 0x12345678, .rand_len = 16, .ts = T0};
	memcpy(r.rand, rand, 16);
	memcpy(r.key, key, 16);
	r.key_len = 16;
	free(m);
	if ((err = ksrtp_mikey_sakke_build_resp(&r, T0 + (1ull << 32), &m, &ml)))
		die("resp", err);
	print("resp", m, ml);
	free(m);

	ksrtp_id_uid(uidg, "sip:gms@example.org", "kms.example.org", 2592000, 0, 1500);
	ksrtp_id_uid(uidu, "sip:user@example.org", "kms.example.org", 2592000, 0, 1500);
	struct ksrtp_eccsi_signer *sg = signer_for(uidg, 32);
	uint32_t guk;
	ksrtp_mikey_guk_id(key, 16, 0x0abcdef1, "sip:user@example.org", &guk);
	struct ksrtp_mikey_sakke_build_args b = {
		.style = KSRTP_MIKEY_STYLE_TS33180,
		.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
		.init_uri = "sip:gms@example.org",
		.resp_uri = "sip:user@example.org",
		.kms_uri = "kms.example.org",
		.init_uid = uidg,
		.resp_uid = uidu,
		.signer = sg,
		.sakke_pub = pub,
		.key = key,
		.key_id = 0x0abcdef1,
		.csb_id = guk,
		.map_type = KSRTP_MIKEY_MAP_GENERIC_ID,
		.cs_id = 4,
		.key_params = kp,
		.key_params_len = sizeof(kp),
		.ntp_ts = T0,
		.rand = rand,
		.rand_len = 16,
	};
	if ((err = ksrtp_mikey_sakke_build(&b, &m, &ml)))
		die("ts33180", err);
	print("ts33180", m, ml);
	free(m);

	static const uint8_t gsk[16] = {0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
					0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf};
	static const uint8_t salt[14] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6,
					 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd};
	struct ksrtp_mikey_psk_build_args p = {
		.prf = KSRTP_MIKEY_PRF_MIKEY1,
		.psk = key,
		.psk_len = 16,
		.psk_id = 0x0abcdef1,
		.key = gsk,
		.key_len = 16,
		.salt = salt,
		.salt_len = 14,
		.key_type = KSRTP_MIKEY_KD_TGK_SALT,
		.key_id = 0x00000007,
		.csb_id = 0x76543210,
		.map_type = KSRTP_MIKEY_MAP_SRTP_ID,
		.ssrcs = ssrcs,
		.n_ssrcs = 1,
		.init_uri = "tel:+447700900123",
		.signer = sa,
		.ntp_ts = T0,
		.rand = rand,
		.rand_len = 16,
	};
	if ((err = ksrtp_mikey_psk_build(&p, &m, &ml)))
		die("psk1", err);
	print("psk1", m, ml);
	free(m);
	p.prf = KSRTP_MIKEY_PRF_HMAC_SHA256;
	p.signer = NULL;
	if ((err = ksrtp_mikey_psk_build(&p, &m, &ml)))
		die("psk256", err);
	print("psk256", m, ml);
	free(m);
	ksrtp_eccsi_signer_free(sa);
	ksrtp_eccsi_signer_free(sg);
	ksrtp_sakke_pub_free(pub);
	return 0;
}
