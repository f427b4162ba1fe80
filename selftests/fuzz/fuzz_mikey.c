// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_mikey.c - the MIKEY decoder and the MIKEY-SAKKE / MIKEY-PSK parsers on arbitrary
 * bytes: never a crash, leak or out-of-bounds access. Whatever decodes is walked completely
 * (SP parameters, key data of NULL-encrypted KEMACs) and re-encoded payload by payload to the
 * same bytes. The SAKKE receiver and verifier are those of the third-party vectors (alice).
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = h[2 * i + k];
			v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
		out[i] = (uint8_t)v;
	}
	return 0;
}

/* KMS and alice of ts33180-mikey-sakke-imessages.txt */
static const char Z[] =
	"046FC2CF00FD48467ABE7C02F383002FC49B6632BF0F7071D958F1F128154E6FAE1F69BB91691A191A358FE"
	"647A3E020D2365D52F81FB3AF4EA271654F1A880274C1AE228AC72CC15D535394321BD2143CEA2619FB3B0C"
	"6CE7A5F72714D8EF4D11CB0C991C3376CA31B168B01E66021EFFDBF7920BD66615E6F0D6A1E61C06E72E61B"
	"4138738C11BC249A3849E9C4CFF327A7D0D2769C3D97A37F86ADFB13BAA257E628CE236F40360D3F7B8D95B"
	"0E3FCC19417602D7D6B8928B855EAE9129BE1F0B87D33E884906DD95A04A8BD61240BAD60F9DFADA6480672"
	"6F8F08B86343F54046416F5198116E9798C218BCF9CA07D0BAA4BE50062BFE54E44495B6ED59CB6";
static const char KPAK[] = "0448F9C2C48B50735F6BC70EC6691073243F1E0BD83CC73BB936D61FFCB2D6049A5"
			   "B297E8205B29FBD8591CB582D6402ADD21451CE4BEEBEAAA7520E93B11CF28F";
static const char UID[] = "B5C452309219DA6A3D805615548D6C1B0F4DE45A6B48FB13D9A24D857FC03DC4";
static const char RSK[] =
	"0428B44CD6DFFD2E7FE73521A5C514738287DF177C1AE841BA6F5D72601B9C6BC5509C3FD800AC1FEE833DD"
	"81C74AB39D2740A10FBA25CD9B0DEBB25A3DA958CF52E35E863D2DB37EA22B318D23D9911D36F585EB110E4"
	"30123F3CD84D2692A4013BC7F59533E5DA2083D8E6E8B96764EB8E8BE599DC2361E7428460B8490200417BA"
	"A5BAC10EFAA5262301B3110F6DA9E8BC9C4B62827C3D4F4070A8E341346A326A23F219D2A99298036615956"
	"BB85A60CF303D15D469C1EE837C29CBA5DCCB28D74E4BA0D83DAC9400D72EECB1817CC60127203F1321E82B"
	"7A24F60C07F1804A9895CBB455A94694A5EF627B1C631760295DAD53F0EED1714BA52D5A932BDDD";

static struct ksrtp_sakke_receiver *rx;
static struct ksrtp_eccsi_verifier *ver;
static uint8_t uid[32];

static void setup(void)
{
	uint8_t z[257], kpak[65], rsk[257];

	unhex(Z, z, sizeof(z));
	unhex(KPAK, kpak, sizeof(kpak));
	unhex(UID, uid, sizeof(uid));
	unhex(RSK, rsk, sizeof(rsk));
	struct ksrtp_sakke_pub *pub = NULL;

	if (ksrtp_sakke_pub_new(&pub, z) || ksrtp_sakke_receiver_new(&rx, pub, uid, 32, rsk) ||
	    ksrtp_eccsi_verifier_new(&ver, kpak))
		abort();
	ksrtp_sakke_pub_free(pub);
}

static int lookup(void *ctx, uint32_t key_id, uint8_t *key, size_t *key_len)
{
	(void)ctx;
	memset(key, (int)(key_id & 0xff), 16);
	*key_len = 16;
	return key_id == 0xffffffffu ? -KSRTP_EMIKEY_UNKNOWN_KEY_ID : 0;
}

static void walk(const struct ksrtp_mikey_msg *m)
{
	for (size_t i = 0; i < m->n_payloads; i++) {
		const struct ksrtp_mikey_payload *p = &m->payloads[i];
		if (p->off + p->len > m->raw_len)
			abort();
		if (p->type == KSRTP_MIKEY_PT_SP) {
			size_t off = 0;
			uint8_t t;
			struct ksrtp_mikey_buf v;
			while (ksrtp_mikey_sp_next(&p->u.sp.params, &off, &t, &v))
				;
			if (off != p->u.sp.params.len)
				abort(); /* the decoder validated the list */
			uint32_t val;
			ksrtp_mikey_sp_suite(p->u.sp.params.p, p->u.sp.params.len);
			ksrtp_mikey_sp_get(p->u.sp.params.p, p->u.sp.params.len, 0, &val);
		}
		if (p->type == KSRTP_MIKEY_PT_KEMAC) {
			struct ksrtp_mikey_keydata kd[4];
			size_t n;
			ksrtp_mikey_keydata_decode(p->u.kemac.encr_data.p, p->u.kemac.encr_data.len,
						   kd, 4, &n);
		}
	}
}

/* Re-encode a decoded message with the encoder: the same bytes must come out. Messages with
 * payloads the encoder does not produce (PKE, CERT, ERR with non-zero reserved octets) or an
 * empty CS map with a non-zero #CS are left out. */
static void reencode(const struct ksrtp_mikey_msg *m)
{
	struct ksrtp_mikey_enc *e = NULL;
	int err = 0;
	size_t n;

	if (m->hdr.map_type == KSRTP_MIKEY_MAP_EMPTY && m->hdr.n_cs)
		return;
	for (size_t i = 0; i < m->n_payloads; i++) {
		uint8_t t = m->payloads[i].type;
		if (t == KSRTP_MIKEY_PT_PKE || t == KSRTP_MIKEY_PT_CERT || t == KSRTP_MIKEY_PT_ERR)
			return;
	}
	if (ksrtp_mikey_enc_new(&e))
		return;
	err = ksrtp_mikey_enc_hdr(e, &m->hdr);
	for (size_t i = 0; i < m->n_payloads && !err; i++) {
		const struct ksrtp_mikey_payload *p = &m->payloads[i];
		size_t off;
		switch (p->type) {
		case KSRTP_MIKEY_PT_T:
			err = ksrtp_mikey_enc_t(e, p->u.t.ts_type, p->u.t.value);
			break;
		case KSRTP_MIKEY_PT_RAND:
			err = ksrtp_mikey_enc_rand(e, p->u.rand.p, p->u.rand.len);
			break;
		case KSRTP_MIKEY_PT_IDR:
			err = ksrtp_mikey_enc_idr(e, p->u.id.role, p->u.id.id_type, p->u.id.id.p,
						  p->u.id.id.len);
			break;
		case KSRTP_MIKEY_PT_ID:
			err = ksrtp_mikey_enc_id(e, p->u.id.id_type, p->u.id.id.p, p->u.id.id.len);
			break;
		case KSRTP_MIKEY_PT_SP:
			err = ksrtp_mikey_enc_sp(e, p->u.sp.policy_no, p->u.sp.prot_type,
						 p->u.sp.params.p, p->u.sp.params.len);
			break;
		case KSRTP_MIKEY_PT_SAKKE:
			err = ksrtp_mikey_enc_sakke(e, p->u.sakke.params, p->u.sakke.id_scheme,
						    p->u.sakke.sed.p, p->u.sakke.sed.len);
			break;
		case KSRTP_MIKEY_PT_GENEXT:
			err = ksrtp_mikey_enc_genext(e, p->u.genext.ext_type, p->u.genext.data.p,
						     p->u.genext.data.len);
			break;
		case KSRTP_MIKEY_PT_KEMAC:
			err = ksrtp_mikey_enc_kemac(e, p->u.kemac.encr_alg, p->u.kemac.encr_data.p,
						    p->u.kemac.encr_data.len, p->u.kemac.mac_alg,
						    &off);
			if (!err)
				err = ksrtp_mikey_enc_patch(e, off, p->u.kemac.mac.p,
							    p->u.kemac.mac.len);
			break;
		case KSRTP_MIKEY_PT_V:
			err = ksrtp_mikey_enc_v(e, p->u.v.mac_alg, &off);
			if (!err)
				err = ksrtp_mikey_enc_patch(e, off, p->u.v.mac.p, p->u.v.mac.len);
			break;
		case KSRTP_MIKEY_PT_SIGN:
			err = ksrtp_mikey_enc_sign_hdr(e, p->u.sign.sig_type, p->u.sign.sig.len);
			if (!err)
				err = ksrtp_mikey_enc_sign_value(e, p->u.sign.sig.p,
								 p->u.sign.sig.len);
			break;
		default: abort();
		}
	}
	const uint8_t *d = ksrtp_mikey_enc_data(e, &n);
	if (err || n != m->raw_len || memcmp(d, m->raw, n))
		abort();
	ksrtp_mikey_enc_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ksrtp_mikey_msg *m = NULL;
	struct ksrtp_mikey_result res;

	if (!rx)
		setup();
	if (ksrtp_mikey_decode(data, size, &m) == 0) {
		walk(m);
		reencode(m);
		ksrtp_mikey_msg_free(m);
	}
	struct ksrtp_mikey_sakke_parse_args a = {.rx = rx,
						 .my_id = uid,
						 .my_id_len = 32,
						 .verifier = ver,
						 .my_uri = "sip:alice@streamwide.com"};
	ksrtp_mikey_sakke_parse(data, size, &a, &res);
	struct ksrtp_mikey_psk_parse_args p = {.lookup = lookup, .verifier = ver};
	ksrtp_mikey_psk_parse(data, size, &p, &res);
	ksrtp_mikey_result_clear(&res);
	/* a verification message checked against itself as the I_MESSAGE */
	static const uint8_t ssv[16] = {1, 2, 3};
	ksrtp_mikey_sakke_parse_resp(data, size, data, size, ssv, sizeof(ssv), 0, 0);
	return 0;
}
