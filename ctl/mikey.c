// SPDX-License-Identifier: GPL-2.0
/*
 * mikey.c - "ksrtpctl mikey": decode MIKEY messages field by field (text or JSON), and
 * with key files verify and decrypt them; encode MIKEY-SAKKE I_MESSAGEs and MIKEY-PSK
 * messages from arguments (keys only ever from files).
 */
#include "ksrtpctl.h"

#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/kms.h>
#include <ksrtp/mikey.h>
#include <ksrtp/sdp.h>
#include <ksrtp/srtpkey.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#define MK_MAX_INPUT (64 * 1024)

static void usage(FILE *f)
{
	fputs("usage: ksrtpctl mikey decode [--hex HEX | --base64 B64 | --file FILE | --sdp FILE]\n"
	      "              [--keys KEYSET --kms KMSPUB] [--gmk-file FILE] [--window SECS]\n"
	      "              [--at UNIXTIME] [--key-out FILE] [--srtp-key-out FILE]\n"
	      "              [--suite SUITE] [-j]\n"
	      "       ksrtpctl mikey encode imessage --keys KEYSET --to URI --key-file FILE\n"
	      "              --key-id ID [--csb-id ID | --guk-id] [--ssrc SSRC] [--prf 0|1]\n"
	      "              [--suite SUITE] [--at UNIXTIME] [--out FILE] [--hex | --base64 | "
	      "--sdp]\n"
	      "       ksrtpctl mikey encode psk --gmk-file FILE --gmk-id ID --gsk-file FILE\n"
	      "              [--salt-file FILE] [--gsk-id ID] [--csb-id ID] [--ssrc SSRC]\n"
	      "              [--keys KEYSET (signs)] [--prf 0|1] [--suite SUITE] [--at UNIXTIME]\n"
	      "              [--out FILE] [--hex | --base64 | --sdp]\n"
	      "decode prints every payload; input without --hex/--base64/--file/--sdp is read "
	      "from\n"
	      "standard input (binary, hex or base64, detected). With --keys (the receiver's key "
	      "set)\n"
	      "and --kms (the initiator's KMS public file) a MIKEY-SAKKE message is verified and\n"
	      "decrypted; --gmk-file decrypts a MIKEY-PSK message; --window refuses a timestamp "
	      "more\n"
	      "than SECS from now (or from --at). encode imessage signs with the\n"
	      "key set's identity and encrypts to --to under the same KMS; the identity style (RFC "
	      "6509\n"
	      "or TS 33.180) is the key set's. Secrets are read from files as hex (--key-file,\n"
	      "--gmk-file, --gsk-file, --salt-file), never from the command line. encode writes "
	      "hex to\n"
	      "standard output, or binary to --out. --suite puts the SRTP policy of an SRTP "
	      "crypto\n"
	      "suite (AES_CM_128_HMAC_SHA1_80, ..., AEAD_AES_128_GCM) into the message.\n"
	      "decode --key-out writes the key it extracted (GMK, PCK, GSK ...) as hex;\n"
	      "--srtp-key-out writes the SRTP master key and salt of the crypto session (derived\n"
	      "from a TGK, RFC 3830 4.1.3, or a TEK as carried) as a key file for `ksrtpctl sa "
	      "add\n"
	      "... key-file`, for the suite of the message's SRTP policy or --suite. Both files\n"
	      "are created with mode 0600 and never overwrite an existing file.\n",
	      f);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex without separators (whitespace ignored). 0 on success. */
static int mikey_ctl_unhex(const char *s, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t o = 0;
	int hi = -1;

	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)s[i]))
			continue;
		int v = hexval((unsigned char)s[i]);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (o == cap)
			return -1;
		out[o++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0 || o == 0)
		return -1;
	*out_len = o;
	return 0;
}

static int read_file(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t n;

	if (!f) {
		fprintf(stderr, "ksrtpctl: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, cap, f);
	if (ferror(f) || (n == cap && fgetc(f) != EOF)) {
		fprintf(stderr, "ksrtpctl: cannot read %s (error, or larger than %zu octets)\n",
			path, cap - 1);
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return 0;
}

/* Text input: hex or base64 (whitespace trimmed); else binary as is. */
static int detect_input(uint8_t *buf, size_t len, uint8_t *out, size_t cap, size_t *out_len)
{
	size_t a = 0, b = len;
	int hex = 1, b64 = 1;

	while (a < b && isspace(buf[a]))
		a++;
	while (b > a && isspace(buf[b - 1]))
		b--;
	if (a == b)
		return -1;
	for (size_t i = a; i < b; i++) {
		if (!isxdigit(buf[i]) && !isspace(buf[i]))
			hex = 0;
		if (!isalnum(buf[i]) && buf[i] != '+' && buf[i] != '/' && buf[i] != '=')
			b64 = 0;
	}
	/* A binary MIKEY message starts with version 1: not text. */
	if (buf[a] == 0x01)
		hex = b64 = 0;
	if (hex && !mikey_ctl_unhex((const char *)buf + a, b - a, out, cap, out_len))
		return 0;
	if (b64 && !ksrtp_b64_decode((const char *)buf + a, b - a, out, cap, out_len))
		return 0;
	if (len > cap)
		return -1;
	memcpy(out, buf, len);
	*out_len = len;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Printing */

struct out {
	struct json j;
	int json;
};

static int printable(const struct ksrtp_mikey_buf *b)
{
	if (!b->len)
		return 0;
	for (size_t i = 0; i < b->len; i++)
		if (b->p[i] < 0x20 || b->p[i] > 0x7e)
			return 0;
	return 1;
}

static void print_hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static void o_hex(struct out *o, const char *key, const struct ksrtp_mikey_buf *b)
{
	if (o->json) {
		json_hex(&o->j, key, b->p, b->len);
		return;
	}
	printf(" %s=", key);
	print_hex(b->p, b->len);
}

static void o_u(struct out *o, const char *key, uint64_t v)
{
	if (o->json)
		json_u64(&o->j, key, v);
	else
		printf(" %s=%" PRIu64, key, v);
}

static void o_x32(struct out *o, const char *key, uint32_t v)
{
	char s[16];

	snprintf(s, sizeof(s), "%08" PRIx32, v);
	if (o->json)
		json_str(&o->j, key, s);
	else
		printf(" %s=0x%s", key, s);
}

static void o_s(struct out *o, const char *key, const char *v)
{
	if (o->json)
		json_str(&o->j, key, v);
	else
		printf(" %s=%s", key, v);
}

static void o_id(struct out *o, const char *key, const struct ksrtp_mikey_buf *b)
{
	if (printable(b)) {
		char s[1024];
		size_t n = b->len < sizeof(s) - 1 ? b->len : sizeof(s) - 1;
		memcpy(s, b->p, n);
		s[n] = 0;
		o_s(o, key, s);
	} else {
		o_hex(o, key, b);
	}
}

static void o_begin(struct out *o, const char *name)
{
	if (o->json) {
		json_obj_open(&o->j, NULL);
		json_str(&o->j, "payload", name);
	} else {
		printf("%s:", name);
	}
}

static void o_end(struct out *o)
{
	if (o->json)
		json_obj_close(&o->j);
	else
		putchar('\n');
}

static const char *ts_time(uint64_t ntp, char *buf, size_t cap)
{
	uint64_t s = ntp >> 32;
	time_t t;
	struct tm tm;

	if (s < 2208988800ull) {
		snprintf(buf, cap, "before 1970");
		return buf;
	}
	t = (time_t)(s - 2208988800ull);
	if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, cap, "?");
	return buf;
}

static void print_hdr(struct out *o, const struct ksrtp_mikey_hdr *h)
{
	o_begin(o, "HDR");
	o_u(o, "version", h->version);
	o_u(o, "data_type", h->data_type);
	o_s(o, "data_type_name", ksrtp_mikey_data_type_name(h->data_type));
	o_u(o, "v", h->v_flag);
	o_u(o, "prf", h->prf);
	o_s(o, "prf_name", h->prf ? "PRF-HMAC-SHA-256" : "MIKEY-1");
	o_x32(o, "csb_id", h->csb_id);
	o_u(o, "n_cs", h->n_cs);
	o_u(o, "map_type", h->map_type);
	o_s(o, "map_name",
	    h->map_type == 0   ? "SRTP-ID"
	    : h->map_type == 1 ? "empty"
			       : "GENERIC-ID");
	if (o->json)
		json_arr_open(&o->j, "cs");
	for (size_t i = 0; h->cs && i < h->n_cs; i++) {
		const struct ksrtp_mikey_cs *c = &h->cs[i];
		if (o->json)
			json_obj_open(&o->j, NULL);
		else
			printf("\n  CS");
		if (h->map_type == KSRTP_MIKEY_MAP_SRTP_ID) {
			o_u(o, "policy", c->policy_no);
			o_x32(o, "ssrc", c->ssrc);
			o_u(o, "roc", c->roc);
		} else {
			o_u(o, "cs_id", c->cs_id);
			o_u(o, "prot_type", c->prot_type);
			o_u(o, "s", c->s_flag);
			o_hex(o, "policies", &c->policies);
			o_hex(o, "session_data", &c->session_data);
			o_hex(o, "spi", &c->spi);
		}
		if (o->json)
			json_obj_close(&o->j);
	}
	if (o->json)
		json_arr_close(&o->j);
	o_end(o);
}

static void print_payload(struct out *o, const struct ksrtp_mikey_payload *p)
{
	char tbuf[64];
	size_t off = 0;
	uint8_t t;
	struct ksrtp_mikey_buf v;

	o_begin(o, ksrtp_mikey_pt_name(p->type));
	switch (p->type) {
	case KSRTP_MIKEY_PT_T:
		o_u(o, "ts_type", p->u.t.ts_type);
		if (p->u.t.ts_type == KSRTP_MIKEY_TS_COUNTER) {
			o_u(o, "counter", p->u.t.value);
		} else {
			char s[32];
			snprintf(s, sizeof(s), "%016" PRIx64, p->u.t.value);
			o_s(o, "ntp", s);
			o_s(o, "time", ts_time(p->u.t.value, tbuf, sizeof(tbuf)));
		}
		break;
	case KSRTP_MIKEY_PT_RAND: o_hex(o, "rand", &p->u.rand); break;
	case KSRTP_MIKEY_PT_IDR:
	case KSRTP_MIKEY_PT_ID:
		if (p->type == KSRTP_MIKEY_PT_IDR) {
			o_u(o, "role", p->u.id.role);
			o_s(o, "role_name", ksrtp_mikey_role_name(p->u.id.role));
		}
		o_u(o, "id_type", p->u.id.id_type);
		o_u(o, "id_len", p->u.id.id.len);
		o_id(o, "id", &p->u.id.id);
		break;
	case KSRTP_MIKEY_PT_SP:
		o_u(o, "policy", p->u.sp.policy_no);
		o_u(o, "prot_type", p->u.sp.prot_type);
		if (o->json)
			json_arr_open(&o->j, "params");
		while (ksrtp_mikey_sp_next(&p->u.sp.params, &off, &t, &v)) {
			uint64_t n = 0;
			for (size_t i = 0; i < v.len && i < 8; i++)
				n = n << 8 | v.p[i];
			if (o->json) {
				json_obj_open(&o->j, NULL);
				json_u64(&o->j, "type", t);
				json_str(&o->j, "name", ksrtp_mikey_sp_param_name(t));
				json_hex(&o->j, "value", v.p, v.len);
				json_obj_close(&o->j);
			} else {
				printf("\n  %s(%u)=%" PRIu64, ksrtp_mikey_sp_param_name(t), t, n);
			}
		}
		if (o->json)
			json_arr_close(&o->j);
		break;
	case KSRTP_MIKEY_PT_KEMAC:
		o_u(o, "encr_alg", p->u.kemac.encr_alg);
		o_hex(o, "encr_data", &p->u.kemac.encr_data);
		o_u(o, "mac_alg", p->u.kemac.mac_alg);
		o_hex(o, "mac", &p->u.kemac.mac);
		if (p->u.kemac.encr_alg == KSRTP_MIKEY_ENCR_NULL) {
			struct ksrtp_mikey_keydata kd[4];
			size_t n;
			if (!ksrtp_mikey_keydata_decode(p->u.kemac.encr_data.p,
							p->u.kemac.encr_data.len, kd, 4, &n)) {
				for (size_t i = 0; i < n; i++) {
					if (!o->json)
						printf("\n  KEYDATA");
					o_u(o, "key_type", kd[i].type);
					o_u(o, "kv", kd[i].kv);
					o_hex(o, "key", &kd[i].key);
					o_hex(o, "salt", &kd[i].salt);
					o_hex(o, "spi", &kd[i].spi);
				}
			}
		}
		break;
	case KSRTP_MIKEY_PT_SAKKE:
		o_u(o, "sakke_params", p->u.sakke.params);
		o_u(o, "id_scheme", p->u.sakke.id_scheme);
		o_u(o, "sed_len", p->u.sakke.sed.len);
		o_hex(o, "sed", &p->u.sakke.sed);
		break;
	case KSRTP_MIKEY_PT_SIGN:
		o_u(o, "sig_type", p->u.sign.sig_type);
		o_s(o, "sig_type_name", p->u.sign.sig_type == 2 ? "ECCSI" : "other");
		o_u(o, "sig_len", p->u.sign.sig.len);
		o_u(o, "signed_len", p->u.sign.signed_len);
		o_hex(o, "sig", &p->u.sign.sig);
		break;
	case KSRTP_MIKEY_PT_GENEXT:
		o_u(o, "ext_type", p->u.genext.ext_type);
		o_s(o, "ext_name",
		    p->u.genext.ext_type == 0	? "Vendor-ID"
		    : p->u.genext.ext_type == 1 ? "SDP-IDs"
		    : p->u.genext.ext_type == 7 ? "3GPP key parameters"
						: "unknown");
		o_hex(o, "data", &p->u.genext.data);
		break;
	case KSRTP_MIKEY_PT_V:
		o_u(o, "mac_alg", p->u.v.mac_alg);
		o_hex(o, "mac", &p->u.v.mac);
		break;
	case KSRTP_MIKEY_PT_ERR: o_u(o, "err_no", p->u.err.err_no); break;
	case KSRTP_MIKEY_PT_PKE:
		o_u(o, "c", p->u.pke.c);
		o_hex(o, "data", &p->u.pke.data);
		break;
	case KSRTP_MIKEY_PT_CERT:
		o_u(o, "cert_type", p->u.cert.cert_type);
		o_hex(o, "data", &p->u.cert.data);
		break;
	default: break;
	}
	o_end(o);
}

static void print_result(struct out *o, const struct ksrtp_mikey_result *r)
{
	struct ksrtp_mikey_buf b;

	if (o->json) {
		json_obj_open(&o->j, "result");
	} else {
		printf("RESULT:");
	}
	o_s(o, "verified", r->signed_ok ? "signature ok" : "no signature");
	if (r->init_uri[0])
		o_s(o, "initiator", r->init_uri);
	if (r->resp_uri[0])
		o_s(o, "responder", r->resp_uri);
	if (r->key_id_known)
		o_x32(o, "key_id", r->key_id);
	o_u(o, "purpose", r->purpose);
	o_x32(o, "csb_id", r->csb_id);
	b.p = r->key;
	b.len = r->key_len;
	o_hex(o, "key", &b);
	if (r->salt_len) {
		b.p = r->salt;
		b.len = r->salt_len;
		o_hex(o, "salt", &b);
	}
	if (r->key_params_plain_len) {
		o_s(o, "key_params", r->key_params_decrypted ? "decrypted" : "clear");
		o_u(o, "key_status", r->key_status);
		o_u(o, "activation", r->activation);
		o_u(o, "expiry", r->expiry);
	} else if (r->activation || r->expiry) {
		o_u(o, "valid_from", r->activation);
		o_u(o, "valid_to", r->expiry);
	}
	if (o->json)
		json_obj_close(&o->j);
	else
		putchar('\n');
}

/* ---------------------------------------------------------------------------------------- */

static int get_u32(const char *what, const char *s, uint32_t *v)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || end == s || n > 0xffffffffull) {
		fprintf(stderr, "ksrtpctl: %s: '%s' is not a 32-bit number (decimal or 0x hex)\n",
			what, s);
		return -1;
	}
	*v = (uint32_t)n;
	return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Key files */

/* A secret from a file holding hex (whitespace ignored); the buffer is wiped by the caller. */
static int read_secret(const char *what, const char *path, uint8_t *out, size_t cap, size_t *len)
{
	uint8_t raw[512];
	size_t n;
	int rc;

	if (read_file(path, raw, sizeof(raw), &n))
		return -1;
	rc = mikey_ctl_unhex((const char *)raw, n, out, cap, len);
	OPENSSL_cleanse(raw, sizeof(raw));
	if (rc) {
		fprintf(stderr, "ksrtpctl: %s %s: expected hex, at most %zu octets\n", what, path,
			cap);
		return -1;
	}
	return 0;
}

struct psk_ctx {
	uint8_t key[64];
	size_t len;
};

static int psk_lookup(void *ctx, uint32_t key_id, uint8_t *key, size_t *key_len)
{
	struct psk_ctx *c = ctx;

	(void)key_id; /* the one GMK given on the command line, whatever its id */
	memcpy(key, c->key, c->len);
	*key_len = c->len;
	return 0;
}

/* Verify and decrypt msg with the receiver's key set and the initiator's KMS public file. */
static int open_and_parse(const uint8_t *msg, size_t len, const char *keys, const char *kms_path,
			  const char *gmk_file, const int64_t *at, uint32_t window,
			  struct ksrtp_mikey_result *res)
{
	struct ksrtp_keyset *ks = NULL;
	struct ksrtp_kms *kms = NULL;
	struct ksrtp_sakke_receiver *rx = NULL;
	struct ksrtp_eccsi_verifier *ver = NULL;
	struct psk_ctx pc = {0};
	int err;

	memset(res, 0, sizeof(*res));
	if (kms_path && (err = ksrtp_kms_load(&kms, kms_path))) {
		fprintf(stderr, "ksrtpctl: %s: %s\n", kms_path, ksrtp_strerror(err));
		return err;
	}
	if (keys && (err = ksrtp_keyset_load(&ks, keys))) {
		fprintf(stderr, "ksrtpctl: %s: %s\n", keys, ksrtp_strerror(err));
		goto out;
	}
	if (kms && (err = ksrtp_eccsi_verifier_new(&ver, ksrtp_kms_kpak(kms))))
		goto out;
	if (len > 1 && msg[1] == KSRTP_MIKEY_DT_PSK_INIT) {
		if (!gmk_file) {
			fputs("ksrtpctl: a MIKEY-PSK message needs --gmk-file\n", stderr);
			err = -KSRTP_EINVAL;
			goto out;
		}
		if (read_secret("--gmk-file", gmk_file, pc.key, sizeof(pc.key), &pc.len)) {
			err = -KSRTP_EINVAL;
			goto out;
		}
		struct ksrtp_mikey_psk_parse_args pa = {.lookup = psk_lookup,
							.lookup_ctx = &pc,
							.verifier = ver,
							.window_s = window};
		if (at)
			pa.now = ksrtp_ntp_from_unix(*at) << 32;
		/* a signature by the IDRi: its identity under the key set's KMS and period */
		struct ksrtp_mikey_msg *m = NULL;
		const struct ksrtp_mikey_payload *ii = NULL;
		uint8_t sid[KSRTP_ID_MAX];
		size_t sid_len;
		if (ks && !ksrtp_mikey_decode(msg, len, &m)) {
			for (size_t i = 0; i < m->n_payloads && !ii; i++)
				if (m->payloads[i].type == KSRTP_MIKEY_PT_IDR &&
				    m->payloads[i].u.id.role == KSRTP_MIKEY_ROLE_INITIATOR &&
				    m->payloads[i].u.id.id.len < 1024)
					ii = &m->payloads[i];
			if (ii) {
				char uri[1024];
				memcpy(uri, ii->u.id.id.p, ii->u.id.id.len);
				uri[ii->u.id.id.len] = 0;
				if (!ksrtp_keyset_peer_id(ks, uri, sid, sizeof(sid), &sid_len)) {
					pa.signer_id = sid;
					pa.signer_id_len = sid_len;
				}
			}
			ksrtp_mikey_msg_free(m);
		}
		err = ksrtp_mikey_psk_parse(msg, len, &pa, res);
		goto out;
	}
	if (!ks || !kms) {
		fputs("ksrtpctl: a MIKEY-SAKKE message needs --keys and --kms\n", stderr);
		err = -KSRTP_EINVAL;
		goto out;
	}
	if ((err = ksrtp_keyset_receiver(ks, NULL, &rx)))
		goto out;
	size_t id_len;
	const uint8_t *id = ksrtp_keyset_id(ks, &id_len);
	struct ksrtp_mikey_sakke_parse_args a = {.rx = rx,
						 .my_id = id,
						 .my_id_len = id_len,
						 .verifier = ver,
						 .my_uri = ksrtp_keyset_user_uri(ks)};
	if (at)
		a.now = ksrtp_ntp_from_unix(*at) << 32;
	a.window_s = window;
	err = ksrtp_mikey_sakke_parse(msg, len, &a, res);
out:
	OPENSSL_cleanse(&pc, sizeof(pc));
	ksrtp_sakke_receiver_free(rx);
	ksrtp_eccsi_verifier_free(ver);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(kms);
	return err;
}

/* ---------------------------------------------------------------------------------------- */
/* Key output files */

/* Create path (never overwriting), mode 0600, with text; the caller wipes text. */
static int write_secret_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	size_t off = 0;

	if (fd < 0) {
		fprintf(stderr, "ksrtpctl: cannot create %s: %s%s\n", path, strerror(errno),
			errno == EEXIST ? " (key files are never overwritten: remove it first)"
					: "");
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n <= 0) {
			fprintf(stderr, "ksrtpctl: writing %s failed: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)n;
	}
	if (fsync(fd) || close(fd)) {
		fprintf(stderr, "ksrtpctl: writing %s failed: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static size_t put_hex(char *out, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	return 2 * n;
}

/* --key-out: the key the message carried, as hex (a file --gmk-file/--key-file reads). */
static int write_key_out(const char *path, const struct ksrtp_mikey_result *r)
{
	char text[2 * sizeof(r->key) + 2];
	size_t n = put_hex(text, r->key, r->key_len);
	int rc;

	text[n++] = '\n';
	rc = write_secret_file(path, text, n);
	OPENSSL_cleanse(text, sizeof(text));
	return rc;
}

/*
 * --srtp-key-out: the SRTP master key and salt of the message's crypto session for a suite (the
 * message's SRTP policy, or suite_name when it has none), in the key-file format of
 * `ksrtpctl sa add ... key-file`. A TEK is used as carried; a TGK (and the SSV of MIKEY-SAKKE)
 * goes through the MIKEY PRF (RFC 3830 4.1.3).
 */
static int write_srtp_key_out(const char *path, const struct ksrtp_mikey_result *r,
			      const char *suite_name)
{
	const struct ksrtp_srtp_suite *msg_suite = NULL, *suite;
	uint8_t key[KSRTP_SRTP_MAX_KEY], salt[KSRTP_SRTP_MAX_SALT];
	char text[256];
	int n, err, rc = -1;

	if (r->sp_len)
		msg_suite = ksrtp_mikey_sp_suite(r->sp_params, r->sp_len);
	suite = suite_name ? ksrtp_srtp_suite_by_name(suite_name) : msg_suite;
	if (suite_name && !suite) {
		fprintf(stderr, "ksrtpctl: --suite %s: %s\n", suite_name,
			ksrtp_strerror(-KSRTP_ESK_SUITE));
		return -1;
	}
	if (!suite) {
		fprintf(stderr, "ksrtpctl: --srtp-key-out: the message %s: give --suite\n",
			r->sp_len ? "has an SRTP policy of no supported suite"
				  : "carries no SRTP policy");
		return -1;
	}
	if (msg_suite && msg_suite != suite) {
		fprintf(stderr,
			"ksrtpctl: --suite %s differs from the message's SRTP policy (%s)\n",
			suite->name, msg_suite->name);
		return -1;
	}
	if (r->key_type == KSRTP_MIKEY_KD_TEK || r->key_type == KSRTP_MIKEY_KD_TEK_SALT) {
		if (r->data_type != KSRTP_MIKEY_DT_PSK_INIT || r->key_len != suite->key_len ||
		    r->salt_len != suite->salt_len) {
			fprintf(stderr,
				"ksrtpctl: the message's TEK (%zu octets) and salt (%zu) do not "
				"fit "
				"%s\n",
				r->key_len, r->salt_len, suite->name);
			return -1;
		}
		memcpy(key, r->key, r->key_len);
		memcpy(salt, r->salt, r->salt_len);
	} else {
		err = ksrtp_mikey_srtp_keys(r->prf, r->key, r->key_len, r->cs_id, r->csb_id,
					    r->rand, r->rand_len, key, suite->key_len, salt,
					    suite->salt_len);
		if (err) {
			fprintf(stderr, "ksrtpctl: deriving the SRTP keys: %s\n",
				ksrtp_strerror(err));
			return -1;
		}
	}
	n = snprintf(text, sizeof(text),
		     "# %s master key and salt of MIKEY key id 0x%08x (CSB 0x%08x, CS %u)\n",
		     suite->name, r->key_id, r->csb_id, r->cs_id);
	n += (int)put_hex(text + n, key, suite->key_len);
	text[n++] = ' ';
	n += (int)put_hex(text + n, salt, suite->salt_len);
	text[n++] = '\n';
	rc = write_secret_file(path, text, (size_t)n);
	OPENSSL_cleanse(text, sizeof(text));
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(salt, sizeof(salt));
	return rc;
}

/* ---------------------------------------------------------------------------------------- */
/* Encode */

static int write_output(const uint8_t *msg, size_t len, const char *out, int fmt)
{
	FILE *f = stdout;
	int rc = 0;

	if (out && !(f = fopen(out, "wb"))) {
		fprintf(stderr, "ksrtpctl: cannot create %s: %s\n", out, strerror(errno));
		return 1;
	}
	if (fmt == 'b' || fmt == 's') {
		size_t cap = ksrtp_b64_encoded_len(len) + 32;
		char *b = malloc(cap);
		if (!b || ksrtp_b64_encode(msg, len, b, cap)) {
			rc = 1;
		} else {
			fprintf(f, "%s%s\n", fmt == 's' ? "a=key-mgmt:mikey " : "", b);
		}
		free(b);
	} else if (fmt == 'x') {
		for (size_t i = 0; i < len; i++)
			fprintf(f, "%02x", msg[i]);
		fputc('\n', f);
	} else if (fwrite(msg, 1, len, f) != len) {
		rc = 1;
	}
	if (f != stdout && fclose(f))
		rc = 1;
	if (rc)
		fputs("ksrtpctl: writing the message failed\n", stderr);
	return rc;
}

static int cmd_encode(int argc, char **argv)
{
	const char *kind = argc > 1 ? argv[1] : NULL;
	const char *keys = NULL, *to = NULL, *key_file = NULL, *key_id_s = NULL, *csb_s = NULL,
		   *out = NULL, *gmk_file = NULL, *gmk_id_s = NULL, *gsk_file = NULL,
		   *gsk_id_s = NULL, *salt_file = NULL, *ssrc_s = NULL, *at_s = NULL, *prf_s = NULL,
		   *suite_s = NULL;
	int guk = 0, fmt = 0, rc = 2, err;
	uint8_t sp[64];
	size_t sp_len = 0;
	uint8_t key[64], gsk[64], salt[64];
	size_t key_len = 0, gsk_len = 0, salt_len = 0;
	uint32_t key_id = 0, csb = 0, gmk_id = 0, gsk_id = 0, ssrc = 0, prf = 1, at = 0;
	uint8_t *msg = NULL;
	size_t ml = 0;
	struct ksrtp_keyset *ks = NULL;
	struct ksrtp_eccsi_signer *signer = NULL;
	struct ksrtp_sakke_pub *spub = NULL;

	if (!kind || (strcmp(kind, "imessage") && strcmp(kind, "psk"))) {
		fputs("ksrtpctl: mikey encode: say imessage or psk\n", stderr);
		usage(stderr);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (!strcmp(a, "--guk-id")) {
			guk = 1;
			continue;
		}
		if (!strcmp(a, "--base64") || !strcmp(a, "--sdp") || !strcmp(a, "--hex")) {
			fmt = a[2];
			continue;
		}
		static const struct {
			const char *name;
			size_t off;
		} opts[] = {{"--keys", 0},     {"--to", 1},	    {"--key-file", 2},
			    {"--key-id", 3},   {"--csb-id", 4},	    {"--out", 5},
			    {"--gmk-file", 6}, {"--gmk-id", 7},	    {"--gsk-file", 8},
			    {"--gsk-id", 9},   {"--salt-file", 10}, {"--ssrc", 11},
			    {"--at", 12},      {"--prf", 13},	    {"--suite", 14}};
		const char **slots[] = {&keys,	    &to,       &key_file, &key_id_s, &csb_s,
					&out,	    &gmk_file, &gmk_id_s, &gsk_file, &gsk_id_s,
					&salt_file, &ssrc_s,   &at_s,	  &prf_s,    &suite_s};
		for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			if (!strcmp(a, opts[k].name))
				dst = slots[opts[k].off];
		if (!dst || i + 1 >= argc) {
			fprintf(stderr, "ksrtpctl: mikey encode: %s '%s'\n",
				dst ? "missing value after" : "unknown option", a);
			return 2;
		}
		*dst = argv[++i];
	}
	if ((key_id_s && get_u32("--key-id", key_id_s, &key_id)) ||
	    (csb_s && get_u32("--csb-id", csb_s, &csb)) ||
	    (gmk_id_s && get_u32("--gmk-id", gmk_id_s, &gmk_id)) ||
	    (gsk_id_s && get_u32("--gsk-id", gsk_id_s, &gsk_id)) ||
	    (ssrc_s && get_u32("--ssrc", ssrc_s, &ssrc)) || (at_s && get_u32("--at", at_s, &at)) ||
	    (prf_s && get_u32("--prf", prf_s, &prf)))
		return 2;
	if (prf > 1) {
		fputs("ksrtpctl: --prf is 0 (MIKEY-1) or 1 (HMAC-SHA-256)\n", stderr);
		return 2;
	}
	if (suite_s) {
		const struct ksrtp_srtp_suite *su = ksrtp_srtp_suite_by_name(suite_s);

		if (!su || ksrtp_mikey_sp_for_suite(su, sp, sizeof(sp), &sp_len)) {
			fprintf(stderr, "ksrtpctl: --suite %s: %s\n", suite_s,
				ksrtp_strerror(-KSRTP_ESK_SUITE));
			return 2;
		}
	}
	uint64_t ts = at ? ksrtp_ntp_from_unix(at) << 32 : 0;
	if (keys) {
		if ((err = ksrtp_keyset_load(&ks, keys)) ||
		    (err = ksrtp_keyset_signer(ks, &signer)) ||
		    (err = ksrtp_keyset_sakke_pub(ks, &spub))) {
			fprintf(stderr, "ksrtpctl: %s: %s\n", keys, ksrtp_strerror(err));
			rc = 1;
			goto out;
		}
	}
	if (!strcmp(kind, "imessage")) {
		uint8_t peer[KSRTP_ID_MAX];
		size_t peer_len, my_len;
		if (!ks || !to || !key_file || !key_id_s) {
			fputs("ksrtpctl: mikey encode imessage needs --keys, --to, --key-file and "
			      "--key-id\n",
			      stderr);
			goto out;
		}
		if (read_secret("--key-file", key_file, key, sizeof(key), &key_len))
			goto out;
		if (key_len != KSRTP_SAKKE_SSV_LEN) {
			fprintf(stderr, "ksrtpctl: %s: the key must be 16 octets\n", key_file);
			goto out;
		}
		if (guk && (err = ksrtp_mikey_guk_id(key, key_len, key_id, to, &csb))) {
			fprintf(stderr, "ksrtpctl: GUK-ID: %s\n", ksrtp_strerror(err));
			goto out;
		}
		int ts33180 = ksrtp_keyset_id_format(ks) == KSRTP_ID_FORMAT_3GPP;
		const uint8_t *my = ksrtp_keyset_id(ks, &my_len);
		if (ts33180 &&
		    (err = ksrtp_keyset_peer_id(ks, to, peer, sizeof(peer), &peer_len))) {
			fprintf(stderr, "ksrtpctl: --to %s: %s\n", to, ksrtp_strerror(err));
			goto out;
		}
		struct ksrtp_mikey_sakke_build_args ba = {
			.style = ts33180 ? KSRTP_MIKEY_STYLE_TS33180 : KSRTP_MIKEY_STYLE_RFC6509,
			.prf = (uint8_t)prf,
			.init_uri = ksrtp_keyset_user_uri(ks),
			.resp_uri = to,
			.kms_uri = ksrtp_keyset_kms_uri(ks),
			.init_uid = ts33180 ? my : NULL,
			.resp_uid = ts33180 ? peer : NULL,
			.signer = signer,
			.sakke_pub = spub,
			.key = key,
			.key_id = key_id,
			.csb_id = csb,
			.map_type = ssrc_s    ? KSRTP_MIKEY_MAP_SRTP_ID
				    : ts33180 ? KSRTP_MIKEY_MAP_GENERIC_ID
					      : KSRTP_MIKEY_MAP_EMPTY,
			.cs_id = 1,
			.ssrcs = &ssrc,
			.n_ssrcs = 1,
			.sp_params = sp_len ? sp : NULL,
			.sp_len = sp_len,
			.ntp_ts = ts,
		};
		err = ksrtp_mikey_sakke_build(&ba, &msg, &ml);
	} else {
		if (!gmk_file || !gmk_id_s || !gsk_file) {
			fputs("ksrtpctl: mikey encode psk needs --gmk-file, --gmk-id and "
			      "--gsk-file\n",
			      stderr);
			goto out;
		}
		if (read_secret("--gmk-file", gmk_file, key, sizeof(key), &key_len) ||
		    read_secret("--gsk-file", gsk_file, gsk, sizeof(gsk), &gsk_len) ||
		    (salt_file &&
		     read_secret("--salt-file", salt_file, salt, sizeof(salt), &salt_len)))
			goto out;
		struct ksrtp_mikey_psk_build_args ba = {
			.prf = (uint8_t)prf,
			.psk = key,
			.psk_len = key_len,
			.psk_id = gmk_id,
			.key = gsk,
			.key_len = gsk_len,
			.salt = salt,
			.salt_len = salt_len,
			.key_type = KSRTP_MIKEY_KD_TGK_SALT,
			.key_id = gsk_id,
			.csb_id = csb,
			.map_type = ssrc_s ? KSRTP_MIKEY_MAP_SRTP_ID : KSRTP_MIKEY_MAP_EMPTY,
			.ssrcs = &ssrc,
			.n_ssrcs = 1,
			.sp_params = sp_len ? sp : NULL,
			.sp_len = sp_len,
			.init_uri = ks ? ksrtp_keyset_user_uri(ks) : NULL,
			.signer = signer,
			.ntp_ts = ts,
		};
		err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	}
	if (err) {
		fprintf(stderr, "ksrtpctl: mikey encode %s: %s\n", kind, ksrtp_strerror(err));
		rc = 1;
		goto out;
	}
	rc = write_output(msg, ml, out, fmt ? fmt : (out ? 0 : 'x'));
out:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(gsk, sizeof(gsk));
	OPENSSL_cleanse(salt, sizeof(salt));
	free(msg);
	ksrtp_eccsi_signer_free(signer);
	ksrtp_sakke_pub_free(spub);
	ksrtp_keyset_free(ks);
	return rc;
}

static int cmd_decode(int argc, char **argv)
{
	const char *hex = NULL, *b64 = NULL, *file = NULL, *sdpf = NULL, *keys = NULL, *kms = NULL,
		   *at = NULL, *gmk_file = NULL, *window_s = NULL, *key_out = NULL,
		   *srtp_out = NULL, *suite = NULL;
	uint8_t *raw = NULL, *msg = NULL;
	size_t raw_len = 0, msg_len = 0;
	struct ksrtp_mikey_msg *m = NULL;
	struct out o = {0};
	int rc = 1, err;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;
		if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			o.json = 1;
			continue;
		}
		if (!strcmp(a, "--hex"))
			dst = &hex;
		else if (!strcmp(a, "--base64"))
			dst = &b64;
		else if (!strcmp(a, "--file"))
			dst = &file;
		else if (!strcmp(a, "--sdp"))
			dst = &sdpf;
		else if (!strcmp(a, "--keys"))
			dst = &keys;
		else if (!strcmp(a, "--kms"))
			dst = &kms;
		else if (!strcmp(a, "--at"))
			dst = &at;
		else if (!strcmp(a, "--gmk-file"))
			dst = &gmk_file;
		else if (!strcmp(a, "--window"))
			dst = &window_s;
		else if (!strcmp(a, "--key-out"))
			dst = &key_out;
		else if (!strcmp(a, "--srtp-key-out"))
			dst = &srtp_out;
		else if (!strcmp(a, "--suite"))
			dst = &suite;
		if (!dst || i + 1 >= argc) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s '%s'\n",
				dst ? "missing value after" : "unknown option", a);
			usage(stderr);
			return 2;
		}
		*dst = argv[++i];
	}
	if ((key_out || srtp_out) && !keys && !kms && !gmk_file) {
		fputs("ksrtpctl: mikey decode: --key-out and --srtp-key-out need the keys to open "
		      "the "
		      "message (--keys and --kms, or --gmk-file)\n",
		      stderr);
		return 2;
	}
	if (!!hex + !!b64 + !!file + !!sdpf > 1) {
		fputs("ksrtpctl: mikey decode: give only one of --hex, --base64, --file, --sdp\n",
		      stderr);
		return 2;
	}
	raw = calloc(1, MK_MAX_INPUT + 1);
	msg = calloc(1, MK_MAX_INPUT);
	if (!raw || !msg) {
		fputs("ksrtpctl: out of memory\n", stderr);
		goto out;
	}
	if (hex) {
		if (mikey_ctl_unhex(hex, strlen(hex), msg, MK_MAX_INPUT, &msg_len)) {
			fputs("ksrtpctl: mikey decode: --hex: not a hex string\n", stderr);
			goto out;
		}
	} else if (b64) {
		err = ksrtp_b64_decode(b64, strlen(b64), msg, MK_MAX_INPUT, &msg_len);
		if (err) {
			fprintf(stderr, "ksrtpctl: mikey decode: --base64: %s\n",
				ksrtp_strerror(err));
			goto out;
		}
	} else if (sdpf) {
		struct ksrtp_sdp *sdp = NULL;
		const uint8_t *mk;
		if (read_file(sdpf, raw, MK_MAX_INPUT + 1, &raw_len))
			goto out;
		unsigned line = 0;
		err = ksrtp_sdp_parse_line((const char *)raw, raw_len, &sdp, &line);
		if (err) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s line %u: %s\n", sdpf, line,
				ksrtp_strerror(err));
			goto out;
		}
		mk = ksrtp_sdp_mikey(sdp, 0, &msg_len);
		if (!mk)
			mk = sdp->keymgmt_len ? sdp->keymgmt : NULL, msg_len = sdp->keymgmt_len;
		if (!mk || !msg_len) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s has no a=key-mgmt:mikey\n",
				sdpf);
			ksrtp_sdp_free(sdp);
			goto out;
		}
		memcpy(msg, mk, msg_len);
		ksrtp_sdp_free(sdp);
	} else {
		if (read_file(file ? file : "-", raw, MK_MAX_INPUT + 1, &raw_len))
			goto out;
		if (detect_input(raw, raw_len, msg, MK_MAX_INPUT, &msg_len)) {
			fputs("ksrtpctl: mikey decode: empty or unreadable input\n", stderr);
			goto out;
		}
	}
	err = ksrtp_mikey_decode(msg, msg_len, &m);
	if (err) {
		fprintf(stderr, "ksrtpctl: mikey decode: %s\n", ksrtp_strerror(err));
		goto out;
	}
	if (o.json) {
		json_init(&o.j, stdout, false);
		json_obj_open(&o.j, NULL);
		json_u64(&o.j, "length", msg_len);
		json_arr_open(&o.j, "payloads");
	} else {
		printf("MIKEY message, %zu octets\n", msg_len);
	}
	print_hdr(&o, &m->hdr);
	for (size_t i = 0; i < m->n_payloads; i++)
		print_payload(&o, &m->payloads[i]);
	if (o.json)
		json_arr_close(&o.j);
	rc = 0;
	if (keys || kms || gmk_file) {
		struct ksrtp_mikey_result res;
		int64_t now = 0;
		uint32_t v, window = 0;
		if ((at && get_u32("--at", at, &v)) ||
		    (window_s && get_u32("--window", window_s, &window))) {
			rc = 2;
			goto close;
		}
		now = at ? v : 0;
		err = open_and_parse(msg, msg_len, keys, kms, gmk_file, at ? &now : NULL, window,
				     &res);
		if (err) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s\n", ksrtp_strerror(err));
			rc = 1;
		} else {
			print_result(&o, &res);
			if ((key_out && write_key_out(key_out, &res)) ||
			    (srtp_out && write_srtp_key_out(srtp_out, &res, suite)))
				rc = 1;
		}
		ksrtp_mikey_result_clear(&res);
	}
close:
	if (o.json) {
		json_obj_close(&o.j);
		json_end(&o.j);
	}
out:
	ksrtp_mikey_msg_free(m);
	if (raw) {
		OPENSSL_cleanse(raw, MK_MAX_INPUT + 1);
		free(raw);
	}
	if (msg) {
		OPENSSL_cleanse(msg, MK_MAX_INPUT);
		free(msg);
	}
	return rc;
}

int ksrtpctl_mikey(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "decode"))
		return cmd_decode(argc - 1, argv + 1);
	if (!strcmp(argv[1], "encode"))
		return cmd_encode(argc - 1, argv + 1);
	fprintf(stderr, "ksrtpctl: mikey: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
