// SPDX-License-Identifier: GPL-2.0
/*
 * mikey.c - "ksrtpctl mikey": decode MIKEY messages field by field (text or JSON), and
 * with key files verify and decrypt them; encode MIKEY-SAKKE I_MESSAGEs and MIKEY-PSK
 * messages from arguments (keys only ever from files).
 */
#include "ksrtpctl.h"

#include <ksrtp/err.h>
#include <ksrtp/mikey.h>
#include <ksrtp/sdp.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#define MK_MAX_INPUT (64 * 1024)

static void usage(FILE *f)
{
	fputs("usage: ksrtpctl mikey decode [--hex HEX | --base64 B64 | --file FILE | --sdp FILE] "
	      "[-j]\n"
	      "Input without --hex/--base64/--file/--sdp is read from standard input (binary, hex\n"
	      "or base64, detected).\n",
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

static int cmd_decode(int argc, char **argv)
{
	const char *hex = NULL, *b64 = NULL, *file = NULL, *sdpf = NULL;
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
		if (!dst || i + 1 >= argc) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s '%s'\n",
				dst ? "missing value after" : "unknown option", a);
			usage(stderr);
			return 2;
		}
		*dst = argv[++i];
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
		err = ksrtp_sdp_parse((const char *)raw, raw_len, &sdp);
		if (err) {
			fprintf(stderr, "ksrtpctl: mikey decode: %s: %s\n", sdpf,
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
	fprintf(stderr, "ksrtpctl: mikey: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
