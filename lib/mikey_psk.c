// SPDX-License-Identifier: GPL-2.0
/*
 * mikey_psk.c - MIKEY-PSK (RFC 3830 PSK init message) carrying a group session key wrapped
 * under a GMK: KEMAC with AES-CM-128 encryption and HMAC (SHA-1-160 for the MIKEY-1 PRF,
 * SHA-256-256 for PRF-HMAC-SHA-256), keys from RFC 3830 4.1.4 (cs_id 0xFF), IV per 4.2.3.
 * The GMK is named by its key id in an IDR payload (role 4 = IDRpsk, byte string, 4 octets).
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "internal.h"
#include "mikey_int.h"

struct kemac_keys {
	uint8_t encr[16];
	uint8_t salt[14];
	uint8_t auth[32];
	size_t auth_len;
};

static int kemac_keys(uint8_t prf, const uint8_t *psk, size_t psk_len, uint32_t csb_id,
		      const uint8_t *rand, size_t rand_len, struct kemac_keys *k)
{
	int err;

	k->auth_len = prf == KSRTP_MIKEY_PRF_MIKEY1 ? 20 : 32;
	err = ksrtp_mikey_derive(prf, psk, psk_len, KSRTP_MIKEY_C_ENCR, 0xff, csb_id, rand,
				 rand_len, k->encr, sizeof(k->encr));
	if (!err)
		err = ksrtp_mikey_derive(prf, psk, psk_len, KSRTP_MIKEY_C_SALT, 0xff, csb_id, rand,
					 rand_len, k->salt, sizeof(k->salt));
	if (!err)
		err = ksrtp_mikey_derive(prf, psk, psk_len, KSRTP_MIKEY_C_AUTH, 0xff, csb_id, rand,
					 rand_len, k->auth, k->auth_len);
	return err;
}

/* RFC 3830 4.2.3: IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000, S the 112-bit salt key. */
static int aes_cm(const struct kemac_keys *k, uint32_t csb_id, uint64_t ts, const uint8_t *in,
		  size_t len, uint8_t *out)
{
	uint8_t iv[16] = {0};
	EVP_CIPHER_CTX *ctx;
	int n = 0, f = 0, ok;

	memcpy(iv, k->salt, 14);
	for (int i = 0; i < 4; i++)
		iv[2 + i] ^= (uint8_t)(csb_id >> (24 - 8 * i));
	for (int i = 0; i < 8; i++)
		iv[6 + i] ^= (uint8_t)(ts >> (56 - 8 * i));
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -KSRTP_ENOMEM;
	ok = EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), NULL, k->encr, iv) &&
	     EVP_EncryptUpdate(ctx, out, &n, in, (int)len) && EVP_EncryptFinal_ex(ctx, out + n, &f);
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -KSRTP_ECRYPTO;
}

static uint8_t mac_alg_for(uint8_t prf)
{
	return prf == KSRTP_MIKEY_PRF_MIKEY1 ? KSRTP_MIKEY_MAC_HMAC_SHA1_160
					     : KSRTP_MIKEY_MAC_HMAC_SHA256_256;
}

static int mac(uint8_t alg, const uint8_t *key, size_t key_len, const uint8_t *d, size_t len,
	       uint8_t *out)
{
	unsigned int ol = 0;
	const EVP_MD *md = alg == KSRTP_MIKEY_MAC_HMAC_SHA1_160 ? EVP_sha1() : EVP_sha256();

	return HMAC(md, key, (int)key_len, d, len, out, &ol) ? 0 : -KSRTP_ECRYPTO;
}

static void be64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

int ksrtp_mikey_psk_build(const struct ksrtp_mikey_psk_build_args *a, uint8_t **out,
			  size_t *out_len)
{
	struct ksrtp_mikey_enc *e = NULL;
	struct kemac_keys k;
	struct ksrtp_mikey_keydata kd = {0};
	uint8_t rand[255], plain[128], encr[128], pskid[4], spi[4], vf[8], vt[8], m[32];
	size_t rand_len = a->rand_len ? a->rand_len : 16, pl = 0, mac_off = 0;
	uint64_t ts = a->ntp_ts ? a->ntp_ts : ksrtp_mikey_ntp_now();
	uint8_t alg = mac_alg_for(a->prf);
	int err;

	*out = NULL;
	*out_len = 0;
	if (!a->psk || !a->psk_len || !a->key || a->prf > 1 || rand_len < 16 || rand_len > 255)
		return -KSRTP_EINVAL;
	if ((a->key_len != 16 && a->key_len != 32) ||
	    (a->salt_len != 0 && a->salt_len != 12 && a->salt_len != 14) ||
	    (a->salt_len && !a->salt))
		return -KSRTP_EMIKEY_BAD_KEY_LEN;
	if (ts == 0)
		return -KSRTP_EMIKEY_BAD_CLOCK;
	if (a->rand)
		memcpy(rand, a->rand, rand_len);
	else if ((err = ksrtp__mikey_random(rand, rand_len)))
		return err;
	kd.type = a->key_type == KSRTP_MIKEY_KD_TEK_SALT || a->key_type == KSRTP_MIKEY_KD_TEK
			  ? (a->salt_len ? KSRTP_MIKEY_KD_TEK_SALT : KSRTP_MIKEY_KD_TEK)
			  : (a->salt_len ? KSRTP_MIKEY_KD_TGK_SALT : KSRTP_MIKEY_KD_TGK);
	kd.key.p = a->key;
	kd.key.len = a->key_len;
	kd.salt.p = a->salt;
	kd.salt.len = a->salt_len;
	if (a->valid_from || a->valid_to) {
		kd.kv = KSRTP_MIKEY_KV_INTERVAL;
		be64(vf, a->valid_from);
		be64(vt, a->valid_to);
		kd.vf.p = vf;
		kd.vf.len = 8;
		kd.vt.p = vt;
		kd.vt.len = 8;
	} else if (a->key_id) {
		kd.kv = KSRTP_MIKEY_KV_SPI;
		spi[0] = (uint8_t)(a->key_id >> 24);
		spi[1] = (uint8_t)(a->key_id >> 16);
		spi[2] = (uint8_t)(a->key_id >> 8);
		spi[3] = (uint8_t)a->key_id;
		kd.spi.p = spi;
		kd.spi.len = 4;
	}
	err = ksrtp_mikey_keydata_encode(&kd, 1, plain, sizeof(plain), &pl);
	if (!err)
		err = kemac_keys(a->prf, a->psk, a->psk_len, a->csb_id, rand, rand_len, &k);
	if (!err)
		err = aes_cm(&k, a->csb_id, ts, plain, pl, encr);
	if (!err)
		err = ksrtp_mikey_enc_new(&e);
	if (!err)
		err = ksrtp__mikey_enc_hdr_map(e, KSRTP_MIKEY_DT_PSK_INIT, a->prf, a->csb_id,
					       a->map_type, a->cs_id, a->ssrcs, a->n_ssrcs, NULL,
					       0);
	if (!err)
		err = ksrtp_mikey_enc_t(e, KSRTP_MIKEY_TS_NTP_UTC, ts);
	if (!err)
		err = ksrtp_mikey_enc_rand(e, rand, rand_len);
	if (!err && a->init_uri)
		err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_INITIATOR, KSRTP_MIKEY_IDT_URI,
					  (const uint8_t *)a->init_uri, strlen(a->init_uri));
	pskid[0] = (uint8_t)(a->psk_id >> 24);
	pskid[1] = (uint8_t)(a->psk_id >> 16);
	pskid[2] = (uint8_t)(a->psk_id >> 8);
	pskid[3] = (uint8_t)a->psk_id;
	if (!err)
		err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_PSK, KSRTP_MIKEY_IDT_BYTES, pskid, 4);
	if (!err && a->sp_len)
		err = ksrtp_mikey_enc_sp(e, 0, 0, a->sp_params, a->sp_len);
	if (!err)
		err = ksrtp_mikey_enc_kemac(e, KSRTP_MIKEY_ENCR_AES_CM_128, encr, pl, alg,
					    &mac_off);
	/* A SIGN after the KEMAC sets the KEMAC's next-payload, which the MAC covers: write the
	 * SIGN header first, then the MAC, then sign everything up to the signature. */
	if (!err && a->signer)
		err = ksrtp_mikey_enc_sign_hdr(e, KSRTP_MIKEY_SIGN_ECCSI, KSRTP_ECCSI_SIG_LEN);
	if (!err) {
		size_t dl;
		const uint8_t *d = ksrtp_mikey_enc_data(e, &dl);
		err = mac(alg, k.auth, k.auth_len, d, mac_off, m);
		if (!err)
			err = ksrtp_mikey_enc_patch(e, mac_off, m, k.auth_len);
	}
	if (!err && a->signer) {
		uint8_t sig[KSRTP_ECCSI_SIG_LEN];
		size_t dl;
		const uint8_t *d = ksrtp_mikey_enc_data(e, &dl);
		err = ksrtp_eccsi_sign(a->signer, d, dl, sig);
		if (!err)
			err = ksrtp_mikey_enc_sign_value(e, sig, sizeof(sig));
	}
	if (!err)
		err = ksrtp__mikey_finish(e, NULL, out, out_len);
	ksrtp_mikey_enc_free(e);
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(plain, sizeof(plain));
	OPENSSL_cleanse(rand, sizeof(rand));
	return err;
}

static uint64_t be_n(const struct ksrtp_mikey_buf *b)
{
	uint64_t v = 0;

	for (size_t i = 0; i < b->len && i < 8; i++)
		v = v << 8 | b->p[i];
	return v;
}

int ksrtp_mikey_psk_parse(const uint8_t *msg, size_t len,
			  const struct ksrtp_mikey_psk_parse_args *a,
			  struct ksrtp_mikey_result *res)
{
	struct ksrtp_mikey_msg *m = NULL;
	const struct ksrtp_mikey_payload *t, *r, *kemac, *sign, *idp, *ii;
	struct kemac_keys k;
	struct ksrtp_mikey_keydata kd[4];
	uint8_t psk[64], plain[1024], mc[32];
	size_t psk_len = sizeof(psk), n;
	int err;

	memset(res, 0, sizeof(*res));
	memset(&k, 0, sizeof(k));
	if (!a || (!a->store && !a->lookup))
		return -KSRTP_EINVAL;
	if ((err = ksrtp_mikey_decode(msg, len, &m)))
		return err;
	if (m->hdr.data_type != KSRTP_MIKEY_DT_PSK_INIT) {
		err = -KSRTP_EMIKEY_WRONG_KIND;
		goto out;
	}
	if ((err = ksrtp__mikey_t_rand(m, &t, &r)) ||
	    (err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_KEMAC, &kemac)) ||
	    (err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_SIGN, &sign)) ||
	    (err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_PSK, &idp)) ||
	    (err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_INITIATOR, &ii)))
		goto out;
	if (!kemac) {
		err = -KSRTP_EMIKEY_MISSING_KEMAC;
		goto out;
	}
	if (kemac->u.kemac.mac_alg == KSRTP_MIKEY_MAC_NULL ||
	    kemac->u.kemac.encr_alg == KSRTP_MIKEY_ENCR_AES_KW_128) {
		err = -KSRTP_EMIKEY_BAD_KEMAC_ALG; /* unauthenticated or unsupported wrapping */
		goto out;
	}
	if (!idp || idp->u.id.id.len != 4) {
		err = -KSRTP_EMIKEY_MISSING_KEY_ID;
		goto out;
	}
	if (a->require_sign && !sign) {
		err = -KSRTP_EMIKEY_MISSING_SIGN;
		goto out;
	}
	res->psk_key_id = ksrtp__mikey_be32(idp->u.id.id.p);
	if (a->store) {
		struct ksrtp_mikey_key key;
		err = ksrtp_mikey_keystore_get(a->store, res->psk_key_id, &key);
		if (!err) {
			memcpy(psk, key.key, key.key_len);
			psk_len = key.key_len;
		}
		OPENSSL_cleanse(&key, sizeof(key));
	} else {
		err = a->lookup(a->lookup_ctx, res->psk_key_id, psk, &psk_len);
		if (!err && (psk_len == 0 || psk_len > sizeof(psk)))
			err = -KSRTP_EMIKEY_BAD_KEY_LEN;
	}
	if (err)
		goto out;
	/* MAC over everything before the MAC field (constant-time compare) */
	err = kemac_keys(m->hdr.prf, psk, psk_len, m->hdr.csb_id, r->u.rand.p, r->u.rand.len, &k);
	if (err)
		goto out;
	if (kemac->u.kemac.mac.len > k.auth_len) {
		err = -KSRTP_EMIKEY_BAD_KEMAC_ALG; /* SHA-256 MAC under the SHA-1 PRF */
		goto out;
	}
	size_t mac_off = (size_t)(kemac->u.kemac.mac.p - m->raw);
	if ((err = mac(kemac->u.kemac.mac_alg, k.auth, k.auth_len, m->raw, mac_off, mc)))
		goto out;
	if (CRYPTO_memcmp(mc, kemac->u.kemac.mac.p, kemac->u.kemac.mac.len)) {
		err = -KSRTP_EMIKEY_BAD_MAC;
		goto out;
	}
	if (sign) {
		uint8_t sid[KSRTP_ID_MAX];
		const uint8_t *id = a->signer_id;
		size_t id_len = a->signer_id_len;
		if (sign->u.sign.sig_type != KSRTP_MIKEY_SIGN_ECCSI) {
			err = -KSRTP_EMIKEY_BAD_SIGN_TYPE;
			goto out;
		}
		if (!a->verifier) {
			err = -KSRTP_EMIKEY_NO_SIGNER_KEY;
			goto out;
		}
		if (!id) {
			if (!ii) {
				err = -KSRTP_EMIKEY_MISSING_ID;
				goto out;
			}
			err = ksrtp__mikey_rfc6509_id(ii->u.id.id.p, ii->u.id.id.len, t->u.t.value,
						      sid, sizeof(sid), &id_len);
			if (err)
				goto out;
			id = sid;
		}
		if (ksrtp_eccsi_verify(a->verifier, id, id_len, m->raw, sign->u.sign.signed_len,
				       sign->u.sign.sig.p, sign->u.sign.sig.len)) {
			err = -KSRTP_EMIKEY_BAD_SIGNATURE;
			goto out;
		}
		res->signed_ok = 1;
		if (id_len <= sizeof(res->init_id)) {
			memcpy(res->init_id, id, id_len);
			res->init_id_len = id_len;
		}
	}
	if ((err = ksrtp__mikey_fresh(m, t->u.t.value, a->now, a->window_s)))
		goto out;
	/* unwrap */
	n = kemac->u.kemac.encr_data.len;
	if (n == 0 || n > sizeof(plain)) {
		err = -KSRTP_EMIKEY_BAD_KEYDATA;
		goto out;
	}
	if (kemac->u.kemac.encr_alg == KSRTP_MIKEY_ENCR_AES_CM_128)
		err = aes_cm(&k, m->hdr.csb_id, t->u.t.value, kemac->u.kemac.encr_data.p, n, plain);
	else
		memcpy(plain, kemac->u.kemac.encr_data.p, n);
	if (err)
		goto out;
	size_t nkd;
	if ((err = ksrtp_mikey_keydata_decode(plain, n, kd, 4, &nkd)))
		goto out;
	if (kd[0].key.len > sizeof(res->key) || kd[0].salt.len > sizeof(res->salt)) {
		err = -KSRTP_EMIKEY_BAD_KEY_LEN;
		goto out;
	}
	memcpy(res->key, kd[0].key.p, kd[0].key.len);
	res->key_len = kd[0].key.len;
	if (kd[0].salt.len)
		memcpy(res->salt, kd[0].salt.p, kd[0].salt.len);
	res->salt_len = kd[0].salt.len;
	res->key_type = kd[0].type;
	if (kd[0].kv == KSRTP_MIKEY_KV_SPI && kd[0].spi.len == 4) {
		res->key_id = ksrtp__mikey_be32(kd[0].spi.p);
		res->key_id_known = 1;
	} else if (kd[0].kv == KSRTP_MIKEY_KV_INTERVAL) {
		res->activation = be_n(&kd[0].vf);
		res->expiry = be_n(&kd[0].vt);
	}
	ksrtp__mikey_fill_common(m, t, r, res);
	res->purpose = (uint8_t)(res->key_id >> 28);
	if (ii)
		ksrtp__mikey_copy_name(res->init_uri, sizeof(res->init_uri), &ii->u.id.id);
	if (a->replay)
		err = ksrtp_mikey_replay_check(a->replay, msg, len, t->u.t.value, a->now);
out:
	if (err)
		ksrtp_mikey_result_clear(res);
	OPENSSL_cleanse(&k, sizeof(k));
	OPENSSL_cleanse(psk, sizeof(psk));
	OPENSSL_cleanse(plain, sizeof(plain));
	ksrtp_mikey_msg_free(m);
	return err;
}
