// SPDX-License-Identifier: GPL-2.0
/*
 * mikey_sakke.c - MIKEY-SAKKE (RFC 6509) I_MESSAGE build and parse, in the RFC 6509 and the
 * TS 33.180 (as deployed) styles, with the TS 33.180 key parameters extension.
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "internal.h"
#include "mikey_int.h"

void ksrtp_mikey_result_clear(struct ksrtp_mikey_result *r)
{
	OPENSSL_cleanse(r, sizeof(*r));
}

/* RFC 6509 identity of uri for the UTC month of NTP timestamp ts. */
int ksrtp__mikey_rfc6509_id(const uint8_t *uri, size_t uri_len, uint64_t ts, uint8_t *id,
			    size_t cap, size_t *id_len)
{
	char u[KSRTP_ID_URI_MAX + 1];
	int err;

	if (uri_len == 0 || uri_len > KSRTP_ID_URI_MAX || memchr(uri, 0, uri_len))
		return -KSRTP_EMIKEY_BAD_IDR;
	memcpy(u, uri, uri_len);
	u[uri_len] = 0;
	err = ksrtp_id_rfc6509_at(id, cap, id_len, ksrtp_unix_from_ntp(ts >> 32), u);
	return err ? -KSRTP_EMIKEY_BAD_IDR : 0;
}

void ksrtp__mikey_copy_name(char *dst, size_t cap, const struct ksrtp_mikey_buf *b)
{
	int text = 1;

	for (size_t i = 0; i < b->len; i++)
		if (b->p[i] < 0x20 || b->p[i] > 0x7e)
			text = 0;
	if (text && b->len < cap) {
		memcpy(dst, b->p, b->len);
		dst[b->len] = 0;
		return;
	}
	size_t o = 0;
	for (size_t i = 0; i < b->len && o + 3 < cap; i++, o += 2) {
		static const char hx[] = "0123456789abcdef";
		dst[o] = hx[b->p[i] >> 4];
		dst[o + 1] = hx[b->p[i] & 15];
	}
	dst[o] = 0;
}

int ksrtp__mikey_random(uint8_t *p, size_t n)
{
	return RAND_bytes(p, (int)n) == 1 ? 0 : -KSRTP_ERANDOM;
}

/* Fill the common header and CS map from build arguments. */
int ksrtp__mikey_enc_hdr_map(struct ksrtp_mikey_enc *e, uint8_t data_type, uint8_t prf,
			     uint32_t csb_id, uint8_t map_type, uint8_t cs_id,
			     const uint32_t *ssrcs, size_t n_ssrcs, const uint8_t *spi,
			     size_t spi_len)
{
	struct ksrtp_mikey_hdr h = {0};
	struct ksrtp_mikey_cs cs[16];
	static const uint8_t pol0 = 0;
	int err;

	memset(cs, 0, sizeof(cs));
	h.data_type = data_type;
	h.prf = prf;
	h.csb_id = csb_id;
	h.map_type = map_type;
	h.cs = cs;
	if (map_type == KSRTP_MIKEY_MAP_SRTP_ID) {
		if (n_ssrcs == 0 || n_ssrcs > 16 || !ssrcs)
			return -KSRTP_EINVAL;
		for (size_t i = 0; i < n_ssrcs; i++)
			cs[i].ssrc = ssrcs[i];
		h.n_cs = (uint8_t)n_ssrcs;
	} else if (map_type == KSRTP_MIKEY_MAP_GENERIC_ID) {
		h.n_cs = 1;
		cs[0].cs_id = cs_id;
		cs[0].policies.p = &pol0;
		cs[0].policies.len = 1;
		cs[0].spi.p = spi;
		cs[0].spi.len = spi_len;
	} else if (map_type != KSRTP_MIKEY_MAP_EMPTY) {
		return -KSRTP_EINVAL;
	}
	err = ksrtp_mikey_enc_hdr(e, &h);
	return err;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t ksrtp__mikey_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int ksrtp__mikey_finish(struct ksrtp_mikey_enc *e, const struct ksrtp_eccsi_signer *signer,
			uint8_t **out, size_t *out_len)
{
	const uint8_t *d;
	size_t len;
	int err = 0;

	if (signer) {
		uint8_t sig[KSRTP_ECCSI_SIG_LEN];
		err = ksrtp_mikey_enc_sign_hdr(e, KSRTP_MIKEY_SIGN_ECCSI, sizeof(sig));
		if (!err) {
			d = ksrtp_mikey_enc_data(e, &len);
			err = ksrtp_eccsi_sign(signer, d, len, sig);
		}
		if (!err)
			err = ksrtp_mikey_enc_sign_value(e, sig, sizeof(sig));
	}
	if (err)
		return err;
	d = ksrtp_mikey_enc_data(e, &len);
	*out = malloc(len);
	if (!*out)
		return -KSRTP_ENOMEM;
	memcpy(*out, d, len);
	*out_len = len;
	return 0;
}

int ksrtp_mikey_sakke_build(const struct ksrtp_mikey_sakke_build_args *a, uint8_t **out,
			    size_t *out_len)
{
	struct ksrtp_mikey_enc *e = NULL;
	uint8_t rand[255], sed[KSRTP_SAKKE_SED_LEN], spi[8];
	uint8_t init_id[KSRTP_ID_MAX], resp_id[KSRTP_ID_MAX];
	size_t init_len, resp_len, rand_len = a->rand_len ? a->rand_len : 16, spi_len = 4;
	uint64_t ts = a->ntp_ts ? a->ntp_ts : ksrtp_mikey_ntp_now();
	uint32_t csb = a->csb_id ? a->csb_id : a->key_id;
	int ts33180 = a->style == KSRTP_MIKEY_STYLE_TS33180;
	int err;

	*out = NULL;
	*out_len = 0;
	if (!a->init_uri || !a->resp_uri || !a->signer || !a->sakke_pub || !a->key ||
	    rand_len < 16 || rand_len > 255 || a->prf > 1 ||
	    (a->style != KSRTP_MIKEY_STYLE_RFC6509 && !ts33180) ||
	    (ts33180 && (!a->init_uid || !a->resp_uid)))
		return -KSRTP_EINVAL;
	if (ts == 0)
		return -KSRTP_EMIKEY_BAD_CLOCK;
	if (a->rand)
		memcpy(rand, a->rand, rand_len);
	else if ((err = ksrtp__mikey_random(rand, rand_len)))
		return err;
	if (ts33180) {
		memcpy(init_id, a->init_uid, KSRTP_ID_UID_LEN);
		memcpy(resp_id, a->resp_uid, KSRTP_ID_UID_LEN);
		init_len = resp_len = KSRTP_ID_UID_LEN;
	} else {
		err = ksrtp__mikey_rfc6509_id((const uint8_t *)a->init_uri, strlen(a->init_uri), ts,
					      init_id, sizeof(init_id), &init_len);
		if (!err)
			err = ksrtp__mikey_rfc6509_id((const uint8_t *)a->resp_uri,
						      strlen(a->resp_uri), ts, resp_id,
						      sizeof(resp_id), &resp_len);
		if (err)
			return -KSRTP_EINVAL;
	}
	err = ksrtp_sakke_encapsulate(a->sakke_pub, resp_id, resp_len, a->key, sed);
	if (err)
		return err;
	put_be32(spi, a->key_id);
	if (csb != a->key_id) {
		put_be32(spi + 4, csb);
		spi_len = 8;
	}
	if ((err = ksrtp_mikey_enc_new(&e)))
		return err;
	err = ksrtp__mikey_enc_hdr_map(e, KSRTP_MIKEY_DT_SAKKE, a->prf, csb, a->map_type, a->cs_id,
				       a->ssrcs, a->n_ssrcs, spi, spi_len);
	if (!err)
		err = ksrtp_mikey_enc_t(e, KSRTP_MIKEY_TS_NTP_UTC, ts);
	if (!err)
		err = ksrtp_mikey_enc_rand(e, rand, rand_len);
	if (!err && ts33180) {
		err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_INITIATOR_UID, KSRTP_MIKEY_IDT_URI,
					  init_id, init_len);
		if (!err)
			err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_RESPONDER_UID,
						  KSRTP_MIKEY_IDT_URI, resp_id, resp_len);
	} else if (!err) {
		err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_INITIATOR, KSRTP_MIKEY_IDT_URI,
					  (const uint8_t *)a->init_uri, strlen(a->init_uri));
		if (!err)
			err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_RESPONDER,
						  KSRTP_MIKEY_IDT_URI, (const uint8_t *)a->resp_uri,
						  strlen(a->resp_uri));
	}
	if (!err && a->kms_uri) {
		err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_INITIATOR_KMS, KSRTP_MIKEY_IDT_URI,
					  (const uint8_t *)a->kms_uri, strlen(a->kms_uri));
		if (!err)
			err = ksrtp_mikey_enc_idr(e, KSRTP_MIKEY_ROLE_RESPONDER_KMS,
						  KSRTP_MIKEY_IDT_URI, (const uint8_t *)a->kms_uri,
						  strlen(a->kms_uri));
	}
	if (!err && a->sp_len)
		err = ksrtp_mikey_enc_sp(e, 0, 0, a->sp_params, a->sp_len);
	if (!err)
		err = ksrtp_mikey_enc_sakke(e, KSRTP_SAKKE_PARAM_SET,
					    ts33180 ? KSRTP_MIKEY_SAKKE_ID_SCHEME_UID
						    : KSRTP_MIKEY_SAKKE_ID_SCHEME_TEL,
					    sed, sizeof(sed));
	if (!err && a->key_params_len)
		err = ksrtp_mikey_enc_genext(e, KSRTP_MIKEY_GENEXT_KEY_PARAMS, a->key_params,
					     a->key_params_len);
	if (!err)
		err = ksrtp__mikey_finish(e, a->signer, out, out_len);
	ksrtp_mikey_enc_free(e);
	OPENSSL_cleanse(rand, sizeof(rand));
	return err;
}

/* Exactly-once payloads; *p = the payload or NULL. */
int ksrtp__mikey_once(const struct ksrtp_mikey_msg *m, uint8_t type,
		      const struct ksrtp_mikey_payload **p)
{
	size_t from = 0;

	*p = ksrtp_mikey_find(m, type, &from);
	if (*p && ksrtp_mikey_find(m, type, &from))
		return -KSRTP_EMIKEY_DUPLICATE;
	return 0;
}

/* IDR of a role, refusing duplicates of the role. */
int ksrtp__mikey_idr(const struct ksrtp_mikey_msg *m, uint8_t role,
		     const struct ksrtp_mikey_payload **p)
{
	*p = NULL;
	for (size_t i = 0; i < m->n_payloads; i++) {
		const struct ksrtp_mikey_payload *q = &m->payloads[i];
		if (q->type != KSRTP_MIKEY_PT_IDR || q->u.id.role != role)
			continue;
		if (*p)
			return -KSRTP_EMIKEY_DUPLICATE;
		*p = q;
	}
	return 0;
}

/* Common T/RAND checks shared with MIKEY-PSK. */
int ksrtp__mikey_t_rand(const struct ksrtp_mikey_msg *m, const struct ksrtp_mikey_payload **t,
			const struct ksrtp_mikey_payload **r)
{
	int err;

	if ((err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_T, t)) ||
	    (err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_RAND, r)))
		return err;
	if (!*t)
		return -KSRTP_EMIKEY_MISSING_T;
	if ((*t)->u.t.ts_type == KSRTP_MIKEY_TS_COUNTER)
		return -KSRTP_EMIKEY_BAD_TS_TYPE; /* freshness needs a clock timestamp */
	if (!*r)
		return -KSRTP_EMIKEY_MISSING_RAND;
	if ((*r)->u.rand.len < 16)
		return -KSRTP_EMIKEY_BAD_RAND;
	return 0;
}

void ksrtp__mikey_fill_common(const struct ksrtp_mikey_msg *m, const struct ksrtp_mikey_payload *t,
			      const struct ksrtp_mikey_payload *r, struct ksrtp_mikey_result *res)
{
	const struct ksrtp_mikey_payload *sp = ksrtp_mikey_find(m, KSRTP_MIKEY_PT_SP, NULL);

	res->data_type = m->hdr.data_type;
	res->prf = m->hdr.prf;
	res->csb_id = m->hdr.csb_id;
	res->ts = t->u.t.value;
	memcpy(res->rand, r->u.rand.p, r->u.rand.len);
	res->rand_len = r->u.rand.len;
	res->map_type = m->hdr.map_type;
	res->n_cs = m->hdr.n_cs;
	if (m->hdr.cs && m->hdr.n_cs) {
		res->cs_id = m->hdr.cs[0].cs_id;
		res->ssrc = m->hdr.cs[0].ssrc;
	}
	if (sp && sp->u.sp.params.len <= sizeof(res->sp_params)) {
		memcpy(res->sp_params, sp->u.sp.params.p, sp->u.sp.params.len);
		res->sp_len = sp->u.sp.params.len;
	}
}

int ksrtp__mikey_fresh(const struct ksrtp_mikey_msg *m, uint64_t ts, uint64_t now,
		       uint32_t window_s)
{
	(void)m;
	if (!window_s)
		return 0;
	if (!now)
		now = ksrtp_mikey_ntp_now();
	if (!now)
		return -KSRTP_EMIKEY_BAD_CLOCK;
	return ksrtp_mikey_check_fresh(ts, now, window_s);
}

static uint64_t be40(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 5; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * TS 33.180 E.6 key parameters (GENEXT type 7), as deployed: either the protected form
 * (32-octet header used as AAD: type(1) date-time(5) payload id(4) seq(1) alg(1) IV(16)
 * DPPK-ID(4); then a payload type(1) and length(2); AES-128-GCM ciphertext || tag(16) under
 * DPCK = the last 16 octets of KDF(key, FC 0x53, DPPK-ID)), or the legacy clear form. The
 * content is key type(1) status(4) activation(5) expiry(5) text(LV-E)... Best effort: when the
 * data is not in either form, it is returned opaque and the validity left 0.
 */
static void key_params(const uint8_t *d, size_t len, const uint8_t *key, size_t key_len,
		       struct ksrtp_mikey_result *res)
{
	uint8_t pt[1024], kdf[32];
	const uint8_t *c = NULL;
	size_t cl = 0;

	if (len >= 35 + 16 && (size_t)(d[33] << 8 | d[34]) == len - 35 && d[11] == 1) {
		EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
		int ok = 0, n = 0, f = 0;
		size_t ctl = len - 35 - 16;
		if (ctx && ctl <= sizeof(pt) &&
		    !ksrtp_mikey_kdf(key, key_len, 0x53, d + 28, 4, kdf) &&
		    EVP_DecryptInit_ex(ctx, EVP_aes_128_gcm(), NULL, NULL, NULL) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 16, NULL) &&
		    EVP_DecryptInit_ex(ctx, NULL, NULL, kdf + 16, d + 12) &&
		    EVP_DecryptUpdate(ctx, NULL, &n, d, 32) &&
		    EVP_DecryptUpdate(ctx, pt, &n, d + 35, (int)ctl) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(d + len - 16)) &&
		    EVP_DecryptFinal_ex(ctx, pt + n, &f) > 0)
			ok = 1;
		EVP_CIPHER_CTX_free(ctx);
		OPENSSL_cleanse(kdf, sizeof(kdf));
		if (ok) {
			c = pt;
			cl = ctl;
			res->key_params_decrypted = 1;
		}
	} else if (len >= 15 && len < 35) {
		c = d;
		cl = len;
	}
	if (c && cl >= 15) {
		memcpy(res->key_params_plain, c,
		       cl < sizeof(res->key_params_plain) ? cl : sizeof(res->key_params_plain));
		res->key_params_plain_len =
			cl < sizeof(res->key_params_plain) ? cl : sizeof(res->key_params_plain);
		res->key_status = ksrtp__mikey_be32(c + 1);
		res->activation = be40(c + 5);
		res->expiry = be40(c + 10);
	}
	OPENSSL_cleanse(pt, sizeof(pt));
}

int ksrtp_mikey_sakke_parse(const uint8_t *msg, size_t len,
			    const struct ksrtp_mikey_sakke_parse_args *a,
			    struct ksrtp_mikey_result *res)
{
	struct ksrtp_mikey_msg *m = NULL;
	const struct ksrtp_mikey_payload *t, *r, *sakke, *sign, *ii, *ir, *ext = NULL;
	uint8_t init_id[KSRTP_ID_MAX], resp_id[KSRTP_ID_MAX];
	size_t init_len = 0, resp_len = 0;
	int err;

	memset(res, 0, sizeof(*res));
	if (!a || !a->rx || !a->verifier || !a->my_id || !a->my_id_len)
		return -KSRTP_EINVAL;
	if ((err = ksrtp_mikey_decode(msg, len, &m)))
		return err;
	if (m->hdr.data_type != KSRTP_MIKEY_DT_SAKKE) {
		err = -KSRTP_EMIKEY_WRONG_KIND;
		goto out;
	}
	if ((err = ksrtp__mikey_t_rand(m, &t, &r)) ||
	    (err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_SAKKE, &sakke)) ||
	    (err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_SIGN, &sign)))
		goto out;
	for (size_t i = 0; i < m->n_payloads; i++) {
		const struct ksrtp_mikey_payload *q = &m->payloads[i];
		if (q->type != KSRTP_MIKEY_PT_GENEXT ||
		    q->u.genext.ext_type != KSRTP_MIKEY_GENEXT_KEY_PARAMS)
			continue;
		if (ext) {
			err = -KSRTP_EMIKEY_DUPLICATE;
			goto out;
		}
		ext = q;
	}
	if (!sakke) {
		err = -KSRTP_EMIKEY_MISSING_SAKKE;
		goto out;
	}
	if (!sign) {
		err = -KSRTP_EMIKEY_MISSING_SIGN;
		goto out;
	}
	if (sign->u.sign.sig_type != KSRTP_MIKEY_SIGN_ECCSI) {
		err = -KSRTP_EMIKEY_BAD_SIGN_TYPE;
		goto out;
	}
	if (sakke->u.sakke.params != KSRTP_SAKKE_PARAM_SET ||
	    (sakke->u.sakke.id_scheme != KSRTP_MIKEY_SAKKE_ID_SCHEME_TEL &&
	     sakke->u.sakke.id_scheme != KSRTP_MIKEY_SAKKE_ID_SCHEME_UID)) {
		err = -KSRTP_EMIKEY_BAD_SAKKE_PARAMS;
		goto out;
	}
	if (sakke->u.sakke.sed.len != KSRTP_SAKKE_SED_LEN) {
		err = -KSRTP_EMIKEY_BAD_SED_LEN;
		goto out;
	}
	/* Identities: TS 33.180 UIDs (roles 8/9) or RFC 6509 URIs (roles 1/2). */
	if ((err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_INITIATOR_UID, &ii)) ||
	    (err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_RESPONDER_UID, &ir)))
		goto out;
	if (ii) {
		res->style = KSRTP_MIKEY_STYLE_TS33180;
		if (ii->u.id.id.len > sizeof(init_id) ||
		    (ir && ir->u.id.id.len > sizeof(resp_id))) {
			err = -KSRTP_EMIKEY_BAD_IDR;
			goto out;
		}
		memcpy(init_id, ii->u.id.id.p, ii->u.id.id.len);
		init_len = ii->u.id.id.len;
		if (ir) {
			memcpy(resp_id, ir->u.id.id.p, ir->u.id.id.len);
			resp_len = ir->u.id.id.len;
		}
	} else {
		res->style = KSRTP_MIKEY_STYLE_RFC6509;
		if ((err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_INITIATOR, &ii)) ||
		    (err = ksrtp__mikey_idr(m, KSRTP_MIKEY_ROLE_RESPONDER, &ir)))
			goto out;
		if (!ii) {
			err = -KSRTP_EMIKEY_MISSING_ID;
			goto out;
		}
		err = ksrtp__mikey_rfc6509_id(ii->u.id.id.p, ii->u.id.id.len, t->u.t.value, init_id,
					      sizeof(init_id), &init_len);
		if (!err && ir)
			err = ksrtp__mikey_rfc6509_id(ir->u.id.id.p, ir->u.id.id.len, t->u.t.value,
						      resp_id, sizeof(resp_id), &resp_len);
		if (err)
			goto out;
	}
	/* 1. signature by the claimed initiator under the initiator's KMS */
	err = ksrtp_eccsi_verify(a->verifier, init_id, init_len, m->raw, sign->u.sign.signed_len,
				 sign->u.sign.sig.p, sign->u.sign.sig.len);
	if (err) {
		err = -KSRTP_EMIKEY_BAD_SIGNATURE;
		goto out;
	}
	/* 2. from whom we expect, to us */
	if (a->expect_init && (a->expect_init_len != ii->u.id.id.len ||
			       memcmp(a->expect_init, ii->u.id.id.p, a->expect_init_len))) {
		err = -KSRTP_EMIKEY_WRONG_IDENTITY;
		goto out;
	}
	if (ir && (resp_len != a->my_id_len || memcmp(resp_id, a->my_id, resp_len))) {
		err = -KSRTP_EMIKEY_WRONG_IDENTITY;
		goto out;
	}
	/* 3. freshness */
	if ((err = ksrtp__mikey_fresh(m, t->u.t.value, a->now, a->window_s)))
		goto out;
	/* 4. the key */
	err = ksrtp_sakke_decapsulate(a->rx, sakke->u.sakke.sed.p, sakke->u.sakke.sed.len,
				      res->key);
	if (err) {
		err = -KSRTP_EMIKEY_DECAP;
		goto out;
	}
	res->key_len = KSRTP_SAKKE_SSV_LEN;
	ksrtp__mikey_fill_common(m, t, r, res);
	res->signed_ok = 1;
	memcpy(res->init_id, init_id, init_len);
	res->init_id_len = init_len;
	ksrtp__mikey_copy_name(res->init_uri, sizeof(res->init_uri), &ii->u.id.id);
	if (ir)
		ksrtp__mikey_copy_name(res->resp_uri, sizeof(res->resp_uri), &ir->u.id.id);
	/* key id: GENERIC-ID SPI (key id [|| GUK-ID]), else the CSB ID; a GMK's GUK-ID in the
	 * CSB ID is turned back into the GMK-ID with our URI (TS 33.180 legacy form). */
	res->key_id = m->hdr.csb_id;
	if (m->hdr.map_type == KSRTP_MIKEY_MAP_GENERIC_ID && m->hdr.n_cs &&
	    m->hdr.cs[0].spi.len >= 4) {
		res->key_id = ksrtp__mikey_be32(m->hdr.cs[0].spi.p);
		res->key_id_known = 1;
	} else if ((m->hdr.csb_id >> 28) != KSRTP_MIKEY_PURPOSE_GMK) {
		res->key_id_known = 1;
	} else if (a->my_uri) {
		err = ksrtp_mikey_guk_id(res->key, res->key_len, m->hdr.csb_id, a->my_uri,
					 &res->key_id);
		if (err)
			goto out;
		res->key_id_known = 1;
	}
	res->purpose = (uint8_t)(res->key_id >> 28);
	if (res->purpose == KSRTP_MIKEY_PURPOSE_GMK && res->key_id != m->hdr.csb_id)
		res->guk_id = m->hdr.csb_id;
	if (ext) {
		if (ext->u.genext.data.len <= sizeof(res->key_params)) {
			memcpy(res->key_params, ext->u.genext.data.p, ext->u.genext.data.len);
			res->key_params_len = ext->u.genext.data.len;
		}
		key_params(ext->u.genext.data.p, ext->u.genext.data.len, res->key, res->key_len,
			   res);
	}
	/* 5. replay, last: only authentic, fresh, decryptable messages enter the cache */
	if (a->replay)
		err = ksrtp_mikey_replay_check(a->replay, msg, len, t->u.t.value, a->now);
out:
	if (err)
		ksrtp_mikey_result_clear(res);
	ksrtp_mikey_msg_free(m);
	return err;
}

static int resp_mac(uint8_t prf, const uint8_t *ssv, size_t ssv_len, uint32_t csb_id,
		    const uint8_t *rand, size_t rand_len, const uint8_t *msg, size_t mac_off,
		    uint64_t init_ts, uint8_t *mac, size_t *mac_len)
{
	uint8_t ak[32], t[8];
	size_t al = prf == KSRTP_MIKEY_PRF_MIKEY1 ? 20 : 32;
	unsigned int ol = 0;
	uint8_t *buf;
	int err, ok;

	err = ksrtp_mikey_derive(prf, ssv, ssv_len, KSRTP_MIKEY_C_AUTH, 0xff, csb_id, rand,
				 rand_len, ak, al);
	if (err)
		return err;
	for (int i = 0; i < 8; i++)
		t[i] = (uint8_t)(init_ts >> (56 - 8 * i));
	buf = malloc(mac_off + 8);
	if (!buf) {
		OPENSSL_cleanse(ak, sizeof(ak));
		return -KSRTP_ENOMEM;
	}
	memcpy(buf, msg, mac_off);
	memcpy(buf + mac_off, t, 8);
	ok = HMAC(al == 20 ? EVP_sha1() : EVP_sha256(), ak, (int)al, buf, mac_off + 8, mac, &ol) !=
	     NULL;
	free(buf);
	OPENSSL_cleanse(ak, sizeof(ak));
	*mac_len = ol;
	return ok ? 0 : -KSRTP_ECRYPTO;
}

int ksrtp_mikey_sakke_build_resp(const struct ksrtp_mikey_result *for_msg, uint64_t ntp_ts,
				 uint8_t **out, size_t *out_len)
{
	struct ksrtp_mikey_enc *e = NULL;
	uint64_t ts = ntp_ts ? ntp_ts : ksrtp_mikey_ntp_now();
	uint8_t alg, mac[32];
	size_t mac_off = 0, ml = 0, dl;
	int err;

	*out = NULL;
	if (!for_msg || !for_msg->key_len || for_msg->prf > 1)
		return -KSRTP_EINVAL;
	alg = for_msg->prf == KSRTP_MIKEY_PRF_MIKEY1 ? KSRTP_MIKEY_MAC_HMAC_SHA1_160
						     : KSRTP_MIKEY_MAC_HMAC_SHA256_256;
	if ((err = ksrtp_mikey_enc_new(&e)))
		return err;
	err = ksrtp__mikey_enc_hdr_map(e, KSRTP_MIKEY_DT_PSK_VERIFY, for_msg->prf, for_msg->csb_id,
				       KSRTP_MIKEY_MAP_EMPTY, 0, NULL, 0, NULL, 0);
	if (!err)
		err = ksrtp_mikey_enc_t(e, KSRTP_MIKEY_TS_NTP_UTC, ts);
	if (!err)
		err = ksrtp_mikey_enc_v(e, alg, &mac_off);
	if (!err) {
		const uint8_t *d = ksrtp_mikey_enc_data(e, &dl);
		err = resp_mac(for_msg->prf, for_msg->key, for_msg->key_len, for_msg->csb_id,
			       for_msg->rand, for_msg->rand_len, d, mac_off, for_msg->ts, mac, &ml);
	}
	if (!err)
		err = ksrtp_mikey_enc_patch(e, mac_off, mac, ml);
	if (!err)
		err = ksrtp__mikey_finish(e, NULL, out, out_len);
	ksrtp_mikey_enc_free(e);
	return err;
}

int ksrtp_mikey_sakke_parse_resp(const uint8_t *msg, size_t len, const uint8_t *imsg,
				 size_t imsg_len, const uint8_t *ssv, size_t ssv_len, uint64_t now,
				 uint32_t window_s)
{
	struct ksrtp_mikey_msg *m = NULL, *im = NULL;
	const struct ksrtp_mikey_payload *t, *v, *it, *ir;
	uint8_t mac[32];
	size_t ml = 0;
	int err;

	if (!ssv || !ssv_len)
		return -KSRTP_EINVAL;
	if ((err = ksrtp_mikey_decode(imsg, imsg_len, &im)))
		return err;
	if ((err = ksrtp_mikey_decode(msg, len, &m)))
		goto out;
	if (m->hdr.data_type != KSRTP_MIKEY_DT_PSK_VERIFY ||
	    im->hdr.data_type != KSRTP_MIKEY_DT_SAKKE)
		err = -KSRTP_EMIKEY_WRONG_KIND;
	if (!err)
		err = ksrtp__mikey_t_rand(im, &it, &ir);
	if (!err)
		err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_T, &t);
	if (!err && !t)
		err = -KSRTP_EMIKEY_MISSING_T;
	if (!err)
		err = ksrtp__mikey_once(m, KSRTP_MIKEY_PT_V, &v);
	if (!err && (!v || v->u.v.mac_alg == KSRTP_MIKEY_MAC_NULL))
		err = -KSRTP_EMIKEY_BAD_MAC;
	if (!err && (m->hdr.csb_id != im->hdr.csb_id || m->hdr.prf != im->hdr.prf))
		err = -KSRTP_EMIKEY_WRONG_IDENTITY;
	if (!err)
		err = resp_mac(m->hdr.prf, ssv, ssv_len, m->hdr.csb_id, ir->u.rand.p,
			       ir->u.rand.len, m->raw, (size_t)(v->u.v.mac.p - m->raw),
			       it->u.t.value, mac, &ml);
	if (!err && (v->u.v.mac.len != ml || CRYPTO_memcmp(mac, v->u.v.mac.p, ml)))
		err = -KSRTP_EMIKEY_BAD_MAC;
	if (!err)
		err = ksrtp__mikey_fresh(m, t->u.t.value, now, window_s);
out:
	ksrtp_mikey_msg_free(m);
	ksrtp_mikey_msg_free(im);
	return err;
}
