// SPDX-License-Identifier: GPL-2.0
/*
 * mikey.c - RFC 3830 MIKEY codec (with the RFC 6043 IDR and GENERIC-ID CS map and the RFC 6509
 * SAKKE payload): decoder with every length checked, a small encoder, names and error messages.
 */
#include <ksrtp/err.h>
#include <ksrtp/mikey.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "internal.h"

const char *ksrtp__mikey_msg(int code)
{
	switch (code) {
	case KSRTP_EMIKEY_TRUNCATED: return "MIKEY message truncated: it ends inside a payload";
	case KSRTP_EMIKEY_BAD_VERSION: return "MIKEY header version is not 1";
	case KSRTP_EMIKEY_BAD_DATA_TYPE: return "MIKEY data type not supported";
	case KSRTP_EMIKEY_UNKNOWN_PAYLOAD:
		return "MIKEY next-payload names an unknown or unparsable payload type";
	case KSRTP_EMIKEY_TRAILING: return "MIKEY message has bytes after its last payload";
	case KSRTP_EMIKEY_BAD_LENGTH: return "MIKEY payload length field is invalid";
	case KSRTP_EMIKEY_BAD_CS_MAP: return "MIKEY CS ID map is malformed or of an unknown type";
	case KSRTP_EMIKEY_TOO_MANY: return "MIKEY message has too many payloads or entries";
	case KSRTP_EMIKEY_BAD_PRF: return "MIKEY PRF function unknown (0 MIKEY-1, 1 HMAC-SHA-256)";
	case KSRTP_EMIKEY_BAD_TS_TYPE: return "MIKEY timestamp type unknown";
	case KSRTP_EMIKEY_BAD_SIGN_TYPE: return "MIKEY signature type is not ECCSI (2)";
	case KSRTP_EMIKEY_BAD_KEMAC_ALG: return "MIKEY KEMAC encryption or MAC algorithm unknown";
	case KSRTP_EMIKEY_BAD_KEYDATA: return "MIKEY key data sub-payload malformed";
	case KSRTP_EMIKEY_BAD_SP: return "MIKEY security policy parameters malformed";
	case KSRTP_EMIKEY_SIGN_NOT_LAST: return "MIKEY SIGN payload is not the last payload";
	case KSRTP_EMIKEY_EMPTY: return "MIKEY message is empty";
	case KSRTP_EMIKEY_BAD_IDR: return "MIKEY ID/IDR payload malformed (empty identity)";
	case KSRTP_EMIKEY_MISSING_T: return "MIKEY message has no timestamp (T) payload";
	case KSRTP_EMIKEY_MISSING_RAND: return "MIKEY message has no RAND payload";
	case KSRTP_EMIKEY_MISSING_SAKKE: return "MIKEY-SAKKE message has no SAKKE payload";
	case KSRTP_EMIKEY_MISSING_SIGN: return "MIKEY message is not signed (no SIGN payload)";
	case KSRTP_EMIKEY_MISSING_KEMAC: return "MIKEY-PSK message has no KEMAC payload";
	case KSRTP_EMIKEY_MISSING_ID:
		return "MIKEY message lacks the initiator or responder identity";
	case KSRTP_EMIKEY_DUPLICATE: return "MIKEY payload appears more than once";
	case KSRTP_EMIKEY_WRONG_KIND: return "MIKEY data type is not the expected message kind";
	case KSRTP_EMIKEY_BAD_SAKKE_PARAMS:
		return "MIKEY-SAKKE parameter set or identifier scheme not supported";
	case KSRTP_EMIKEY_BAD_SED_LEN: return "MIKEY-SAKKE encapsulated data is not 273 octets";
	case KSRTP_EMIKEY_BAD_RAND: return "MIKEY RAND is shorter than 16 octets";
	case KSRTP_EMIKEY_BAD_KEY_LEN: return "MIKEY key or salt length not supported";
	case KSRTP_EMIKEY_MISSING_KEY_ID:
		return "MIKEY-PSK message does not name its pre-shared key (no IDR role 4)";
	case KSRTP_EMIKEY_BAD_SIGNATURE:
		return "MIKEY signature does not verify (wrong signer identity or KMS, or "
		       "tampered)";
	case KSRTP_EMIKEY_BAD_MAC: return "MIKEY MAC does not verify (wrong key or tampered)";
	case KSRTP_EMIKEY_STALE:
		return "MIKEY timestamp outside the allowed window (check both clocks)";
	case KSRTP_EMIKEY_REPLAY: return "MIKEY message replayed (already received)";
	case KSRTP_EMIKEY_UNKNOWN_KEY_ID: return "MIKEY key id unknown (no such key in the store)";
	case KSRTP_EMIKEY_WRONG_IDENTITY:
		return "MIKEY message is for another identity or from an unexpected initiator";
	case KSRTP_EMIKEY_DECAP:
		return "MIKEY-SAKKE decapsulation failed (not our RSK/KMS, or tampered)";
	case KSRTP_EMIKEY_OLDER: return "MIKEY rekey refused: the stored key is newer";
	case KSRTP_EMIKEY_BAD_CLOCK: return "system clock unusable for MIKEY timestamps";
	case KSRTP_EMIKEY_STORE_FULL: return "MIKEY key store is full";
	case KSRTP_EMIKEY_NO_SIGNER_KEY:
		return "MIKEY message is signed but no KMS public key was given to verify it";
	default: return NULL;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* Names */

const char *ksrtp_mikey_pt_name(uint8_t type)
{
	switch (type) {
	case KSRTP_MIKEY_PT_LAST: return "Last";
	case KSRTP_MIKEY_PT_KEMAC: return "KEMAC";
	case KSRTP_MIKEY_PT_PKE: return "PKE";
	case KSRTP_MIKEY_PT_DH: return "DH";
	case KSRTP_MIKEY_PT_SIGN: return "SIGN";
	case KSRTP_MIKEY_PT_T: return "T";
	case KSRTP_MIKEY_PT_ID: return "ID";
	case KSRTP_MIKEY_PT_CERT: return "CERT";
	case KSRTP_MIKEY_PT_CHASH: return "CHASH";
	case KSRTP_MIKEY_PT_V: return "V";
	case KSRTP_MIKEY_PT_SP: return "SP";
	case KSRTP_MIKEY_PT_RAND: return "RAND";
	case KSRTP_MIKEY_PT_ERR: return "ERR";
	case KSRTP_MIKEY_PT_IDR: return "IDR";
	case KSRTP_MIKEY_PT_KEYDATA: return "KEYDATA";
	case KSRTP_MIKEY_PT_GENEXT: return "GENEXT";
	case KSRTP_MIKEY_PT_SAKKE: return "SAKKE";
	default: return "unknown";
	}
}

const char *ksrtp_mikey_data_type_name(uint8_t dt)
{
	switch (dt) {
	case 0: return "PSK init";
	case 1: return "PSK verify";
	case 2: return "PK init";
	case 3: return "PK verify";
	case 4: return "DH init";
	case 5: return "DH resp";
	case 6: return "Error";
	case 26: return "SAKKE I_MESSAGE";
	case 27: return "SAKKE verify";
	default: return "unknown";
	}
}

const char *ksrtp_mikey_role_name(uint8_t role)
{
	switch (role) {
	case 0: return "ID";
	case 1: return "IDRi";
	case 2: return "IDRr";
	case 3: return "IDRkms";
	case 4: return "IDRpsk";
	case 5: return "IDRapp";
	case 6: return "IDRkmsi";
	case 7: return "IDRkmsr";
	case 8: return "IDRuidi";
	case 9: return "IDRuidr";
	default: return "unknown";
	}
}

const char *ksrtp_mikey_sp_param_name(uint8_t type)
{
	static const char *const n[] = {"encr_alg",   "encr_key_len", "auth_alg",  "auth_key_len",
					"salt_len",   "srtp_prf",     "kdr",	   "srtp_encr",
					"srtcp_encr", "fec",	      "srtp_auth", "auth_tag_len",
					"prefix_len"};
	if (type < sizeof(n) / sizeof(n[0]))
		return n[type];
	if (type == KSRTP_MIKEY_SP_AEAD_TAG_LEN)
		return "aead_tag_len";
	return "unknown";
}

/* ---------------------------------------------------------------------------------------- */
/* Decoder */

struct rd {
	const uint8_t *p;
	size_t len;
	size_t off;
};

static int rd_need(const struct rd *r, size_t n)
{
	return r->len - r->off >= n ? 0 : -KSRTP_EMIKEY_TRUNCATED;
}

static uint8_t rd_u8(struct rd *r)
{
	return r->p[r->off++];
}

static uint16_t rd_u16(struct rd *r)
{
	uint16_t v = (uint16_t)(r->p[r->off] << 8 | r->p[r->off + 1]);
	r->off += 2;
	return v;
}

static uint32_t rd_u32(struct rd *r)
{
	uint32_t v = (uint32_t)r->p[r->off] << 24 | (uint32_t)r->p[r->off + 1] << 16 |
		     (uint32_t)r->p[r->off + 2] << 8 | r->p[r->off + 3];
	r->off += 4;
	return v;
}

static void rd_buf(struct rd *r, size_t n, struct ksrtp_mikey_buf *b)
{
	b->p = r->p + r->off;
	b->len = n;
	r->off += n;
}

static int parse_cs_map(struct rd *r, struct ksrtp_mikey_hdr *h)
{
	int err;

	if (h->map_type == KSRTP_MIKEY_MAP_EMPTY)
		return 0; /* RFC 4563: no map info, whatever #CS says */
	if (h->map_type != KSRTP_MIKEY_MAP_SRTP_ID && h->map_type != KSRTP_MIKEY_MAP_GENERIC_ID)
		return -KSRTP_EMIKEY_BAD_CS_MAP;
	if (h->n_cs == 0)
		return 0;
	h->cs = calloc(h->n_cs, sizeof(*h->cs));
	if (!h->cs)
		return -KSRTP_ENOMEM;
	for (size_t i = 0; i < h->n_cs; i++) {
		struct ksrtp_mikey_cs *c = &h->cs[i];

		if (h->map_type == KSRTP_MIKEY_MAP_SRTP_ID) {
			if ((err = rd_need(r, 9)))
				return err;
			c->policy_no = rd_u8(r);
			c->ssrc = rd_u32(r);
			c->roc = rd_u32(r);
			c->cs_id = (uint8_t)(i + 1);
			continue;
		}
		/* GENERIC-ID: CS ID | Prot type | S(1) #P(7) | Ps | Session Data Length(16) |
		 * Session Data | SPI Length(8) | SPI */
		if ((err = rd_need(r, 3)))
			return err;
		c->cs_id = rd_u8(r);
		c->prot_type = rd_u8(r);
		uint8_t b = rd_u8(r);
		c->s_flag = b >> 7;
		size_t np = b & 0x7f;
		if ((err = rd_need(r, np + 2)))
			return err;
		rd_buf(r, np, &c->policies);
		if (np)
			c->policy_no = c->policies.p[0];
		size_t sdl = rd_u16(r);
		if ((err = rd_need(r, sdl + 1)))
			return err;
		rd_buf(r, sdl, &c->session_data);
		size_t spil = rd_u8(r);
		if ((err = rd_need(r, spil)))
			return err;
		rd_buf(r, spil, &c->spi);
	}
	return 0;
}

static int parse_hdr(struct rd *r, struct ksrtp_mikey_hdr *h, uint8_t *next)
{
	int err;

	if (r->len == 0)
		return -KSRTP_EMIKEY_EMPTY;
	if ((err = rd_need(r, 10)))
		return err;
	h->version = rd_u8(r);
	if (h->version != 1)
		return -KSRTP_EMIKEY_BAD_VERSION;
	h->data_type = rd_u8(r);
	*next = rd_u8(r);
	uint8_t b = rd_u8(r);
	h->v_flag = b >> 7;
	h->prf = b & 0x7f;
	if (h->prf > KSRTP_MIKEY_PRF_HMAC_SHA256)
		return -KSRTP_EMIKEY_BAD_PRF;
	h->csb_id = rd_u32(r);
	h->n_cs = rd_u8(r);
	h->map_type = rd_u8(r);
	return parse_cs_map(r, h);
}

int ksrtp_mikey_sp_next(const struct ksrtp_mikey_buf *params, size_t *off, uint8_t *type,
			struct ksrtp_mikey_buf *val)
{
	if (*off + 2 > params->len)
		return 0;
	size_t l = params->p[*off + 1];
	if (*off + 2 + l > params->len)
		return 0;
	*type = params->p[*off];
	val->p = params->p + *off + 2;
	val->len = l;
	*off += 2 + l;
	return 1;
}

static int check_sp_params(const struct ksrtp_mikey_buf *b)
{
	size_t off = 0;

	while (off < b->len) {
		if (b->len - off < 2)
			return -KSRTP_EMIKEY_BAD_SP;
		size_t l = b->p[off + 1];
		if (l == 0 || b->len - off - 2 < l)
			return -KSRTP_EMIKEY_BAD_SP;
		off += 2 + l;
	}
	return 0;
}

static size_t kemac_mac_len(uint8_t alg)
{
	switch (alg) {
	case KSRTP_MIKEY_MAC_NULL: return 0;
	case KSRTP_MIKEY_MAC_HMAC_SHA1_160: return 20;
	case KSRTP_MIKEY_MAC_HMAC_SHA256_256: return 32;
	default: return (size_t)-1;
	}
}

/* Parse one payload of type t at r->off; *next gets its next-payload field. */
static int parse_payload(struct rd *r, uint8_t t, struct ksrtp_mikey_payload *pl, uint8_t *next)
{
	int err;
	size_t n;

	pl->type = t;
	pl->off = r->off;
	if (t == KSRTP_MIKEY_PT_SIGN) {
		/* S type(4) | Signature len(12) | Signature; no next-payload field */
		if ((err = rd_need(r, 2)))
			return err;
		uint16_t v = rd_u16(r);
		pl->u.sign.sig_type = v >> 12;
		n = v & 0x0fff;
		pl->u.sign.signed_len = r->off;
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.sign.sig);
		*next = KSRTP_MIKEY_PT_LAST;
		pl->len = r->off - pl->off;
		return 0;
	}
	if ((err = rd_need(r, 1)))
		return err;
	*next = rd_u8(r);
	switch (t) {
	case KSRTP_MIKEY_PT_T:
		if ((err = rd_need(r, 1)))
			return err;
		pl->u.t.ts_type = rd_u8(r);
		if (pl->u.t.ts_type == KSRTP_MIKEY_TS_NTP_UTC ||
		    pl->u.t.ts_type == KSRTP_MIKEY_TS_NTP) {
			if ((err = rd_need(r, 8)))
				return err;
			pl->u.t.value = (uint64_t)rd_u32(r) << 32;
			pl->u.t.value |= rd_u32(r);
		} else if (pl->u.t.ts_type == KSRTP_MIKEY_TS_COUNTER) {
			if ((err = rd_need(r, 4)))
				return err;
			pl->u.t.value = rd_u32(r);
		} else {
			return -KSRTP_EMIKEY_BAD_TS_TYPE;
		}
		break;
	case KSRTP_MIKEY_PT_RAND:
		if ((err = rd_need(r, 1)))
			return err;
		n = rd_u8(r);
		if (n == 0)
			return -KSRTP_EMIKEY_BAD_LENGTH;
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.rand);
		break;
	case KSRTP_MIKEY_PT_IDR:
	case KSRTP_MIKEY_PT_ID:
		if ((err = rd_need(r, t == KSRTP_MIKEY_PT_IDR ? 4 : 3)))
			return err;
		pl->u.id.role = t == KSRTP_MIKEY_PT_IDR ? rd_u8(r) : 0;
		pl->u.id.id_type = rd_u8(r);
		n = rd_u16(r);
		if (n == 0)
			return -KSRTP_EMIKEY_BAD_IDR;
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.id.id);
		break;
	case KSRTP_MIKEY_PT_SP:
		if ((err = rd_need(r, 4)))
			return err;
		pl->u.sp.policy_no = rd_u8(r);
		pl->u.sp.prot_type = rd_u8(r);
		n = rd_u16(r);
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.sp.params);
		if ((err = check_sp_params(&pl->u.sp.params)))
			return err;
		break;
	case KSRTP_MIKEY_PT_KEMAC:
		if ((err = rd_need(r, 3)))
			return err;
		pl->u.kemac.encr_alg = rd_u8(r);
		if (pl->u.kemac.encr_alg > KSRTP_MIKEY_ENCR_AES_KW_128)
			return -KSRTP_EMIKEY_BAD_KEMAC_ALG;
		n = rd_u16(r);
		if ((err = rd_need(r, n + 1)))
			return err;
		rd_buf(r, n, &pl->u.kemac.encr_data);
		pl->u.kemac.mac_alg = rd_u8(r);
		n = kemac_mac_len(pl->u.kemac.mac_alg);
		if (n == (size_t)-1)
			return -KSRTP_EMIKEY_BAD_KEMAC_ALG;
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.kemac.mac);
		break;
	case KSRTP_MIKEY_PT_V:
		if ((err = rd_need(r, 1)))
			return err;
		pl->u.v.mac_alg = rd_u8(r);
		n = kemac_mac_len(pl->u.v.mac_alg);
		if (n == (size_t)-1)
			return -KSRTP_EMIKEY_BAD_KEMAC_ALG;
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.v.mac);
		break;
	case KSRTP_MIKEY_PT_SAKKE:
		if ((err = rd_need(r, 4)))
			return err;
		pl->u.sakke.params = rd_u8(r);
		pl->u.sakke.id_scheme = rd_u8(r);
		n = rd_u16(r);
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.sakke.sed);
		break;
	case KSRTP_MIKEY_PT_GENEXT:
		if ((err = rd_need(r, 3)))
			return err;
		pl->u.genext.ext_type = rd_u8(r);
		n = rd_u16(r);
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.genext.data);
		break;
	case KSRTP_MIKEY_PT_ERR:
		if ((err = rd_need(r, 3)))
			return err;
		pl->u.err.err_no = rd_u8(r);
		r->off += 2; /* reserved */
		break;
	case KSRTP_MIKEY_PT_PKE:
		if ((err = rd_need(r, 2)))
			return err;
		{
			uint16_t v = rd_u16(r);
			pl->u.pke.c = v >> 14;
			n = v & 0x3fff;
		}
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.pke.data);
		break;
	case KSRTP_MIKEY_PT_CERT:
		if ((err = rd_need(r, 3)))
			return err;
		pl->u.cert.cert_type = rd_u8(r);
		n = rd_u16(r);
		if ((err = rd_need(r, n)))
			return err;
		rd_buf(r, n, &pl->u.cert.data);
		break;
	default: return -KSRTP_EMIKEY_UNKNOWN_PAYLOAD;
	}
	pl->len = r->off - pl->off;
	return 0;
}

static int is_known_pt(uint8_t t)
{
	switch (t) {
	case KSRTP_MIKEY_PT_KEMAC:
	case KSRTP_MIKEY_PT_PKE:
	case KSRTP_MIKEY_PT_SIGN:
	case KSRTP_MIKEY_PT_T:
	case KSRTP_MIKEY_PT_ID:
	case KSRTP_MIKEY_PT_CERT:
	case KSRTP_MIKEY_PT_V:
	case KSRTP_MIKEY_PT_SP:
	case KSRTP_MIKEY_PT_RAND:
	case KSRTP_MIKEY_PT_ERR:
	case KSRTP_MIKEY_PT_IDR:
	case KSRTP_MIKEY_PT_GENEXT:
	case KSRTP_MIKEY_PT_SAKKE: return 1;
	default: return 0;
	}
}

void ksrtp_mikey_msg_free(struct ksrtp_mikey_msg *m)
{
	if (!m)
		return;
	free(m->hdr.cs);
	if (m->raw) {
		OPENSSL_cleanse(m->raw, m->raw_len);
		free(m->raw);
	}
	free(m);
}

int ksrtp_mikey_decode(const uint8_t *buf, size_t len, struct ksrtp_mikey_msg **out)
{
	struct ksrtp_mikey_msg *m;
	struct rd r;
	uint8_t next;
	int err;

	*out = NULL;
	if (!buf && len)
		return -KSRTP_EINVAL;
	if (len == 0)
		return -KSRTP_EMIKEY_EMPTY;
	if (len > KSRTP_MIKEY_MAX_MSG)
		return -KSRTP_EMIKEY_BAD_LENGTH;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -KSRTP_ENOMEM;
	m->raw = malloc(len);
	if (!m->raw) {
		free(m);
		return -KSRTP_ENOMEM;
	}
	memcpy(m->raw, buf, len);
	m->raw_len = len;
	r.p = m->raw;
	r.len = len;
	r.off = 0;
	err = parse_hdr(&r, &m->hdr, &next);
	while (!err && next != KSRTP_MIKEY_PT_LAST) {
		struct ksrtp_mikey_payload *pl;
		uint8_t t = next;

		if (!is_known_pt(t)) {
			err = -KSRTP_EMIKEY_UNKNOWN_PAYLOAD;
			break;
		}
		if (m->n_payloads == KSRTP_MIKEY_MAX_PAYLOADS) {
			err = -KSRTP_EMIKEY_TOO_MANY;
			break;
		}
		pl = &m->payloads[m->n_payloads++];
		err = parse_payload(&r, t, pl, &next);
		if (!err && t == KSRTP_MIKEY_PT_SIGN && r.off != r.len)
			err = -KSRTP_EMIKEY_SIGN_NOT_LAST;
	}
	if (!err && r.off != r.len)
		err = -KSRTP_EMIKEY_TRAILING;
	if (err) {
		ksrtp_mikey_msg_free(m);
		return err;
	}
	*out = m;
	return 0;
}

const struct ksrtp_mikey_payload *ksrtp_mikey_find(const struct ksrtp_mikey_msg *m, uint8_t type,
						   size_t *from)
{
	size_t i = from ? *from : 0;

	for (; i < m->n_payloads; i++) {
		if (m->payloads[i].type == type) {
			if (from)
				*from = i + 1;
			return &m->payloads[i];
		}
	}
	if (from)
		*from = m->n_payloads;
	return NULL;
}

int ksrtp_mikey_keydata_decode(const uint8_t *buf, size_t len, struct ksrtp_mikey_keydata *kd,
			       size_t max, size_t *n)
{
	struct rd r = {buf, len, 0};
	uint8_t next = 1;
	int err;

	*n = 0;
	if (len == 0)
		return -KSRTP_EMIKEY_BAD_KEYDATA;
	while (next != KSRTP_MIKEY_PT_LAST) {
		struct ksrtp_mikey_keydata *k;

		if (*n == max)
			return -KSRTP_EMIKEY_TOO_MANY;
		k = &kd[*n];
		memset(k, 0, sizeof(*k));
		if ((err = rd_need(&r, 4)))
			return -KSRTP_EMIKEY_BAD_KEYDATA;
		next = rd_u8(&r);
		if (next != KSRTP_MIKEY_PT_LAST && next != KSRTP_MIKEY_PT_KEYDATA)
			return -KSRTP_EMIKEY_BAD_KEYDATA;
		uint8_t b = rd_u8(&r);
		k->type = b >> 4;
		k->kv = b & 0x0f;
		if (k->type > KSRTP_MIKEY_KD_TEK_SALT || k->kv > KSRTP_MIKEY_KV_INTERVAL)
			return -KSRTP_EMIKEY_BAD_KEYDATA;
		size_t l = rd_u16(&r);
		if (l == 0 || rd_need(&r, l))
			return -KSRTP_EMIKEY_BAD_KEYDATA;
		rd_buf(&r, l, &k->key);
		if (k->type == KSRTP_MIKEY_KD_TGK_SALT || k->type == KSRTP_MIKEY_KD_TEK_SALT) {
			if (rd_need(&r, 2))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			l = rd_u16(&r);
			if (rd_need(&r, l))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			rd_buf(&r, l, &k->salt);
		}
		if (k->kv == KSRTP_MIKEY_KV_SPI) {
			if (rd_need(&r, 1))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			l = rd_u8(&r);
			if (rd_need(&r, l))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			rd_buf(&r, l, &k->spi);
		} else if (k->kv == KSRTP_MIKEY_KV_INTERVAL) {
			if (rd_need(&r, 1))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			l = rd_u8(&r);
			if (rd_need(&r, l + 1))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			rd_buf(&r, l, &k->vf);
			l = rd_u8(&r);
			if (rd_need(&r, l))
				return -KSRTP_EMIKEY_BAD_KEYDATA;
			rd_buf(&r, l, &k->vt);
		}
		(*n)++;
	}
	if (r.off != r.len)
		return -KSRTP_EMIKEY_BAD_KEYDATA;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Encoder */

struct ksrtp_mikey_enc {
	uint8_t *p;
	size_t len, cap;
	size_t next_off; /* offset of the last next-payload field to patch */
	int err;
};

int ksrtp_mikey_enc_new(struct ksrtp_mikey_enc **out)
{
	struct ksrtp_mikey_enc *e = calloc(1, sizeof(*e));

	*out = NULL;
	if (!e)
		return -KSRTP_ENOMEM;
	e->cap = 1024;
	e->p = calloc(1, e->cap);
	if (!e->p) {
		free(e);
		return -KSRTP_ENOMEM;
	}
	e->next_off = (size_t)-1;
	*out = e;
	return 0;
}

void ksrtp_mikey_enc_free(struct ksrtp_mikey_enc *e)
{
	if (!e)
		return;
	OPENSSL_cleanse(e->p, e->cap);
	free(e->p);
	free(e);
}

static int enc_reserve(struct ksrtp_mikey_enc *e, size_t n)
{
	if (e->err)
		return e->err;
	if (n > KSRTP_MIKEY_MAX_MSG || e->len + n > KSRTP_MIKEY_MAX_MSG)
		return e->err = -KSRTP_EMIKEY_BAD_LENGTH;
	if (e->len + n <= e->cap)
		return 0;
	size_t nc = e->cap * 2;
	while (nc < e->len + n)
		nc *= 2;
	uint8_t *np = calloc(1, nc);
	if (!np)
		return e->err = -KSRTP_ENOMEM;
	memcpy(np, e->p, e->len);
	OPENSSL_cleanse(e->p, e->cap);
	free(e->p);
	e->p = np;
	e->cap = nc;
	return 0;
}

static void put8(struct ksrtp_mikey_enc *e, uint8_t v)
{
	e->p[e->len++] = v;
}

static void put16(struct ksrtp_mikey_enc *e, uint16_t v)
{
	put8(e, (uint8_t)(v >> 8));
	put8(e, (uint8_t)v);
}

static void put32(struct ksrtp_mikey_enc *e, uint32_t v)
{
	put16(e, (uint16_t)(v >> 16));
	put16(e, (uint16_t)v);
}

static void putb(struct ksrtp_mikey_enc *e, const uint8_t *b, size_t n)
{
	if (n)
		memcpy(e->p + e->len, b, n);
	e->len += n;
}

/* Start a payload of type t: patch the previous next-payload, write our own (0 for now). */
static int enc_start(struct ksrtp_mikey_enc *e, uint8_t t, size_t body)
{
	int err;

	if (e->next_off == (size_t)-1)
		return e->err = -KSRTP_EINVAL; /* no header yet, or SIGN already written */
	if ((err = enc_reserve(e, 1 + body)))
		return err;
	e->p[e->next_off] = t;
	if (t == KSRTP_MIKEY_PT_SIGN) {
		e->next_off = (size_t)-1;
		return 0;
	}
	e->next_off = e->len;
	put8(e, KSRTP_MIKEY_PT_LAST);
	return 0;
}

int ksrtp_mikey_enc_hdr(struct ksrtp_mikey_enc *e, const struct ksrtp_mikey_hdr *h)
{
	size_t body = 10;
	int err;

	if (e->len || h->prf > 1)
		return -KSRTP_EINVAL;
	if (h->map_type == KSRTP_MIKEY_MAP_SRTP_ID) {
		body += 9 * (size_t)h->n_cs;
	} else if (h->map_type == KSRTP_MIKEY_MAP_GENERIC_ID) {
		for (size_t i = 0; i < h->n_cs; i++) {
			const struct ksrtp_mikey_cs *c = &h->cs[i];
			if (c->policies.len > 127 || c->session_data.len > 0xffff ||
			    c->spi.len > 255)
				return -KSRTP_EINVAL;
			body += 6 + c->policies.len + c->session_data.len + c->spi.len;
		}
	} else if (h->map_type != KSRTP_MIKEY_MAP_EMPTY || h->n_cs) {
		return -KSRTP_EINVAL;
	}
	if ((err = enc_reserve(e, body)))
		return err;
	put8(e, 1);
	put8(e, h->data_type);
	e->next_off = e->len;
	put8(e, KSRTP_MIKEY_PT_LAST);
	put8(e, (uint8_t)((h->v_flag ? 0x80 : 0) | h->prf));
	put32(e, h->csb_id);
	put8(e, h->n_cs);
	put8(e, h->map_type);
	for (size_t i = 0; i < h->n_cs; i++) {
		const struct ksrtp_mikey_cs *c = &h->cs[i];
		if (h->map_type == KSRTP_MIKEY_MAP_SRTP_ID) {
			put8(e, c->policy_no);
			put32(e, c->ssrc);
			put32(e, c->roc);
			continue;
		}
		put8(e, c->cs_id);
		put8(e, c->prot_type);
		put8(e, (uint8_t)((c->s_flag ? 0x80 : 0) | c->policies.len));
		putb(e, c->policies.p, c->policies.len);
		put16(e, (uint16_t)c->session_data.len);
		putb(e, c->session_data.p, c->session_data.len);
		put8(e, (uint8_t)c->spi.len);
		putb(e, c->spi.p, c->spi.len);
	}
	return 0;
}

int ksrtp_mikey_enc_t(struct ksrtp_mikey_enc *e, uint8_t ts_type, uint64_t value)
{
	int err;
	int counter = ts_type == KSRTP_MIKEY_TS_COUNTER;

	if (ts_type > KSRTP_MIKEY_TS_COUNTER)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_T, counter ? 5 : 9)))
		return err;
	put8(e, ts_type);
	if (counter) {
		put32(e, (uint32_t)value);
	} else {
		put32(e, (uint32_t)(value >> 32));
		put32(e, (uint32_t)value);
	}
	return 0;
}

int ksrtp_mikey_enc_rand(struct ksrtp_mikey_enc *e, const uint8_t *rand, size_t len)
{
	int err;

	if (len == 0 || len > 255)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_RAND, 1 + len)))
		return err;
	put8(e, (uint8_t)len);
	putb(e, rand, len);
	return 0;
}

int ksrtp_mikey_enc_idr(struct ksrtp_mikey_enc *e, uint8_t role, uint8_t id_type, const uint8_t *id,
			size_t len)
{
	int err;

	if (len == 0 || len > 0xffff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_IDR, 4 + len)))
		return err;
	put8(e, role);
	put8(e, id_type);
	put16(e, (uint16_t)len);
	putb(e, id, len);
	return 0;
}

int ksrtp_mikey_enc_id(struct ksrtp_mikey_enc *e, uint8_t id_type, const uint8_t *id, size_t len)
{
	int err;

	if (len == 0 || len > 0xffff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_ID, 3 + len)))
		return err;
	put8(e, id_type);
	put16(e, (uint16_t)len);
	putb(e, id, len);
	return 0;
}

int ksrtp_mikey_enc_sp(struct ksrtp_mikey_enc *e, uint8_t policy_no, uint8_t prot_type,
		       const uint8_t *params, size_t len)
{
	struct ksrtp_mikey_buf b = {params, len};
	int err;

	if (len > 0xffff || check_sp_params(&b))
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_SP, 4 + len)))
		return err;
	put8(e, policy_no);
	put8(e, prot_type);
	put16(e, (uint16_t)len);
	putb(e, params, len);
	return 0;
}

int ksrtp_mikey_enc_sakke(struct ksrtp_mikey_enc *e, uint8_t params, uint8_t id_scheme,
			  const uint8_t *sed, size_t len)
{
	int err;

	if (len > 0xffff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_SAKKE, 4 + len)))
		return err;
	put8(e, params);
	put8(e, id_scheme);
	put16(e, (uint16_t)len);
	putb(e, sed, len);
	return 0;
}

int ksrtp_mikey_enc_genext(struct ksrtp_mikey_enc *e, uint8_t type, const uint8_t *data, size_t len)
{
	int err;

	if (len > 0xffff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_GENEXT, 3 + len)))
		return err;
	put8(e, type);
	put16(e, (uint16_t)len);
	putb(e, data, len);
	return 0;
}

int ksrtp_mikey_enc_err(struct ksrtp_mikey_enc *e, uint8_t err_no)
{
	int err;

	if ((err = enc_start(e, KSRTP_MIKEY_PT_ERR, 3)))
		return err;
	put8(e, err_no);
	put16(e, 0);
	return 0;
}

int ksrtp_mikey_enc_kemac(struct ksrtp_mikey_enc *e, uint8_t encr_alg, const uint8_t *encr,
			  size_t encr_len, uint8_t mac_alg, size_t *mac_off)
{
	size_t ml = kemac_mac_len(mac_alg);
	int err;

	if (ml == (size_t)-1 || encr_alg > KSRTP_MIKEY_ENCR_AES_KW_128 || encr_len > 0xffff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_KEMAC, 4 + encr_len + ml)))
		return err;
	put8(e, encr_alg);
	put16(e, (uint16_t)encr_len);
	putb(e, encr, encr_len);
	put8(e, mac_alg);
	if (mac_off)
		*mac_off = e->len;
	memset(e->p + e->len, 0, ml);
	e->len += ml;
	return 0;
}

int ksrtp_mikey_enc_v(struct ksrtp_mikey_enc *e, uint8_t mac_alg, size_t *mac_off)
{
	size_t ml = kemac_mac_len(mac_alg);
	int err;

	if (ml == (size_t)-1)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_V, 1 + ml)))
		return err;
	put8(e, mac_alg);
	if (mac_off)
		*mac_off = e->len;
	memset(e->p + e->len, 0, ml);
	e->len += ml;
	return 0;
}

int ksrtp_mikey_enc_sign_hdr(struct ksrtp_mikey_enc *e, uint8_t sig_type, size_t sig_len)
{
	int err;

	if (sig_type > 15 || sig_len > 0x0fff)
		return -KSRTP_EINVAL;
	if ((err = enc_start(e, KSRTP_MIKEY_PT_SIGN, 1 + sig_len)))
		return err;
	put16(e, (uint16_t)(sig_type << 12 | sig_len));
	return 0;
}

int ksrtp_mikey_enc_sign_value(struct ksrtp_mikey_enc *e, const uint8_t *sig, size_t len)
{
	int err;

	if ((err = enc_reserve(e, len)))
		return err;
	putb(e, sig, len);
	return 0;
}

int ksrtp_mikey_enc_patch(struct ksrtp_mikey_enc *e, size_t off, const uint8_t *p, size_t len)
{
	if (off > e->len || len > e->len - off)
		return -KSRTP_EINVAL;
	memcpy(e->p + off, p, len);
	return 0;
}

const uint8_t *ksrtp_mikey_enc_data(const struct ksrtp_mikey_enc *e, size_t *len)
{
	*len = e->len;
	return e->p;
}

int ksrtp_mikey_keydata_encode(const struct ksrtp_mikey_keydata *kd, int last, uint8_t *buf,
			       size_t cap, size_t *off)
{
	int salted = kd->type == KSRTP_MIKEY_KD_TGK_SALT || kd->type == KSRTP_MIKEY_KD_TEK_SALT;
	size_t need = 4 + kd->key.len;

	if (kd->type > 3 || kd->kv > 2 || kd->key.len == 0 || kd->key.len > 0xffff)
		return -KSRTP_EINVAL;
	if (salted)
		need += 2 + kd->salt.len;
	if (kd->kv == KSRTP_MIKEY_KV_SPI)
		need += 1 + kd->spi.len;
	if (kd->kv == KSRTP_MIKEY_KV_INTERVAL)
		need += 2 + kd->vf.len + kd->vt.len;
	if (kd->spi.len > 255 || kd->vf.len > 255 || kd->vt.len > 255 || kd->salt.len > 0xffff)
		return -KSRTP_EINVAL;
	if (*off > cap || need > cap - *off)
		return -KSRTP_EBUFSIZE;
	uint8_t *p = buf + *off;
	*p++ = last ? KSRTP_MIKEY_PT_LAST : KSRTP_MIKEY_PT_KEYDATA;
	*p++ = (uint8_t)(kd->type << 4 | kd->kv);
	*p++ = (uint8_t)(kd->key.len >> 8);
	*p++ = (uint8_t)kd->key.len;
	memcpy(p, kd->key.p, kd->key.len);
	p += kd->key.len;
	if (salted) {
		*p++ = (uint8_t)(kd->salt.len >> 8);
		*p++ = (uint8_t)kd->salt.len;
		if (kd->salt.len)
			memcpy(p, kd->salt.p, kd->salt.len);
		p += kd->salt.len;
	}
	if (kd->kv == KSRTP_MIKEY_KV_SPI) {
		*p++ = (uint8_t)kd->spi.len;
		if (kd->spi.len)
			memcpy(p, kd->spi.p, kd->spi.len);
		p += kd->spi.len;
	} else if (kd->kv == KSRTP_MIKEY_KV_INTERVAL) {
		*p++ = (uint8_t)kd->vf.len;
		if (kd->vf.len)
			memcpy(p, kd->vf.p, kd->vf.len);
		p += kd->vf.len;
		*p++ = (uint8_t)kd->vt.len;
		if (kd->vt.len)
			memcpy(p, kd->vt.p, kd->vt.len);
		p += kd->vt.len;
	}
	*off += need;
	return 0;
}
