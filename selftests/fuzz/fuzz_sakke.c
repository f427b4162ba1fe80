// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_sakke.c - SAKKE input decoding (RFC 6508) under RFC 6508 Appendix A's KMS key, identity
 * and RSK. The first input octet selects what the rest is:
 *   0: an SED given to ksrtp_sakke_decapsulate (only the RFC's own SED may decapsulate)
 *   1: Z (257) || RSK (257) || identity given to ksrtp_sakke_receiver_new
 *   2: Z (257) || identity given to ksrtp_sakke_pub_new and ksrtp_sakke_encapsulate
 * Nothing may crash or leak; a malformed point must be rejected with its own error.
 */
#include <ksrtp/err.h>
#include <ksrtp/sakke.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char z_hex[] =
	"045958EF1B1679BF099B3A030DF255AA6A23C1D8F143D4D23F753E69BD27A832F38CB4AD53DDEF42"
	"60B0FE8BB45C4C1FF510EFFE300367A37B61F701D914AEF09724825FA0707D61A6DFF4FBD7273566"
	"CDDE352A0B04B7C16A78309BE640697DE747613A5FC195E8B9F328852A579DB8F99B1D0034479EA9"
	"C5595F47C4B2F54FF21508D37514DCF7A8E143A6058C09A6BF2C9858CA37C258065AE6BF7532BC8B"
	"5B63383866E0753C5AC0E72709F8445F2E6178E065857E0EDA10F68206B63505ED87E534FB2831FF"
	"957FB7DC619DAE61301EEACC2FDA3680EA4999258A833CEA8FC67C6D19487FB449059F26CC8AAB65"
	"5AB58B7CC796E24E9A394095754F5F8BAE";
static const char rsk_hex[] =
	"0493AF67E5007BA6E6A80DA793DA300FA4B52D0A74E25E6E7B2B3D6EE9D18A9B5C5023597BD82D80"
	"62D34019563BA1D25C0DC56B7B979D74AA50F29FBF11CC2C93F5DFCA615E609279F6175CEADB00B5"
	"8C6BEE1E7A2A47C4F0C456F05259A6FA94A634A40DAE1DF593D4FECF688D5FC678BE7EFC6DF3D683"
	"5325B83B2C6E69036B155F0A27241094B04BFB0BDFAC6C670A65C325D39A069F03659D44CA27D3BE"
	"8DF311172B554160181CBE94A2A783320CED590BC42644702CF371271E496BF20F588B78A1BC01EC"
	"BB6559934BDD2FB65D2884318A33D1A42ADF5E33CC5800280B28356497F87135BAB9612A17260424"
	"409AC15FEE996B744C332151235DECB0F5";
static const char sed_hex[] =
	"0444E8AD44AB8592A6A5A3DDCA5CF896C718043606A01D650DEF37A01F37C228C332FC317354E2C2"
	"74D4DAF8AD001054C76CE57971C6F4486D5723043261C506EBF5BE438F53DE04F067C776E0DD3B71"
	"A6290133283725A532F21AF145126DC1D777ECC27BE50835BD28098B8A73D9F801D893793A41FF5C"
	"49B87E79F2BE4D56CE557E134AD85BB1D4B9CE4F8BE4B08A12BABF55B1D6F1D7A638019EA28E15AB"
	"1C9F76375FDD1210D4F4351B9A009486B7F3ED46C965DED2D80DADE4F38C6721D52C3AD103A10EBD"
	"2959248B4EF006836BF097448E6107C9EDEE9FB704823DF199F832C905AE45F8A247A072D8EF729E"
	"ABC5E27574B07739B34BE74A532F747B8689E0BC661AA1E91638E6ACC84E496507";
static const char id_hex[] = "323031312D30320074656C3A2B34343737303039303031323300";
static const char ssv_hex[] = "123456789ABCDEF0123456789ABCDEF0";

static void unhex(uint8_t *out, const char *hex, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			abort();
		out[i] = (uint8_t)v;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ksrtp_sakke_receiver *rx;
	static uint8_t z[KSRTP_SAKKE_POINT_LEN], rsk[KSRTP_SAKKE_POINT_LEN],
		sed[KSRTP_SAKKE_SED_LEN];
	static uint8_t id[26], ssv[KSRTP_SAKKE_SSV_LEN];
	uint8_t out[KSRTP_SAKKE_SSV_LEN], sed2[KSRTP_SAKKE_SED_LEN];
	int err;

	if (!rx) {
		unhex(z, z_hex, sizeof(z));
		unhex(rsk, rsk_hex, sizeof(rsk));
		unhex(sed, sed_hex, sizeof(sed));
		unhex(id, id_hex, sizeof(id));
		unhex(ssv, ssv_hex, sizeof(ssv));
		struct ksrtp_sakke_pub *pub = NULL;

		if (ksrtp_sakke_pub_new(&pub, z) ||
		    ksrtp_sakke_receiver_new(&rx, pub, id, sizeof(id), rsk))
			abort();
		ksrtp_sakke_pub_free(pub);
	}
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		err = ksrtp_sakke_decapsulate(rx, data + 1, size - 1, out);
		if (!err && (size - 1 != sizeof(sed) || memcmp(data + 1, sed, sizeof(sed)) ||
			     memcmp(out, ssv, sizeof(ssv))))
			abort();
		if (err && err != -KSRTP_ESAKKE_BAD_SED && err != -KSRTP_ESAKKE_BAD_SED_LEN)
			abort();
		break;
	case 1: {
		struct ksrtp_sakke_receiver *r = NULL;
		struct ksrtp_sakke_pub *pub = NULL;

		if (size < 1 + 2 * KSRTP_SAKKE_POINT_LEN)
			return 0;
		err = ksrtp_sakke_pub_new(&pub, data + 1);
		err = err ? err
			  : ksrtp_sakke_receiver_new(&r, pub, data + 1 + 2 * KSRTP_SAKKE_POINT_LEN,
						     size - 1 - 2 * KSRTP_SAKKE_POINT_LEN,
						     data + 1 + KSRTP_SAKKE_POINT_LEN);
		ksrtp_sakke_pub_free(pub);
		if (err && err != -KSRTP_ESAKKE_BAD_Z && err != -KSRTP_ESAKKE_BAD_POINT &&
		    err != -KSRTP_ESAKKE_BAD_RSK)
			abort();
		if (!err && ksrtp_sakke_decapsulate(r, sed, sizeof(sed), out) == 0 &&
		    memcmp(out, ssv, sizeof(ssv)))
			abort();
		ksrtp_sakke_receiver_free(r);
		break;
	}
	default: {
		struct ksrtp_sakke_pub *p = NULL;

		if (size < 1 + KSRTP_SAKKE_POINT_LEN)
			return 0;
		err = ksrtp_sakke_pub_new(&p, data + 1);
		if (err && err != -KSRTP_ESAKKE_BAD_Z)
			abort();
		if (!err && ksrtp_sakke_encapsulate(p, data + 1 + KSRTP_SAKKE_POINT_LEN,
						    size - 1 - KSRTP_SAKKE_POINT_LEN, ssv, sed2))
			abort();
		ksrtp_sakke_pub_free(p);
		break;
	}
	}
	return 0;
}
