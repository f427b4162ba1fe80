// SPDX-License-Identifier: GPL-2.0
/*
 * kms_xml.c - TS 33.180 Annex D KMS documents: KmsCertificate and KmsKeySet, standalone or
 * inside KmsResponse / KmsMessage / KmsInit / KmsKeyProv / SignedKmsCertificate.
 *
 * The XML reader is small and strict: UTF-8 text, elements, attributes, comments, processing
 * instructions and CDATA; the five predefined entities and numeric character references
 * (ASCII only). No DOCTYPE (so no entity definitions and no external references), a size
 * limit and a nesting limit. Namespace prefixes are ignored (elements are matched by local
 * name). Unknown elements are ignored (the schema allows extensions); a known element that
 * appears twice, or a required one that is missing, is an error.
 */
#include <ksrtp/err.h>
#include <ksrtp/kms.h>

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kms_internal.h"

#define XML_MAX_DEPTH 32
#define XML_MAX_NODES 4096
#define XML_NS	      "urn:3gpp:ns:mcsecKMSInterface:1.0"

struct xnode {
	const char *name; /* local name, NUL-terminated in the arena */
	char *text;	  /* character data directly inside, decoded */
	size_t text_len;
	int parent, first_child, next_sibling, last_child;
	bool has_elements;
};

struct xdoc {
	struct xnode *n;
	size_t count;
	char *arena; /* names and texts */
	size_t arena_len, arena_cap;
};

struct xparser {
	const char *p, *end;
	struct xdoc *doc;
};

static void xdoc_free(struct xdoc *d)
{
	if (d->arena) {
		OPENSSL_cleanse(d->arena, d->arena_cap);
		free(d->arena);
	}
	free(d->n);
	memset(d, 0, sizeof(*d));
}

/* The arena holds at most the input's size in names and texts, plus NULs: sized once. */
static char *arena_put(struct xdoc *d, const char *s, size_t n)
{
	char *r;

	if (d->arena_cap - d->arena_len < n + 1)
		return NULL;
	r = d->arena + d->arena_len;
	memcpy(r, s, n);
	r[n] = 0;
	d->arena_len += n + 1;
	return r;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool starts(const struct xparser *x, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(x->end - x->p) >= n && !memcmp(x->p, s, n);
}

/* Skip until (and past) the terminator; SYNTAX if absent. */
static int skip_past(struct xparser *x, const char *term)
{
	size_t n = strlen(term);

	for (; (size_t)(x->end - x->p) >= n; x->p++) {
		if (!memcmp(x->p, term, n)) {
			x->p += n;
			return 0;
		}
	}
	return -KSRTP_EKMS_XML_SYNTAX;
}

/* Comments, processing instructions, whitespace (outside the root or between elements). */
static int skip_misc(struct xparser *x)
{
	for (;;) {
		while (x->p < x->end && is_ws(*x->p))
			x->p++;
		if (starts(x, "<!--")) {
			x->p += 4;
			if (skip_past(x, "-->"))
				return -KSRTP_EKMS_XML_SYNTAX;
		} else if (starts(x, "<?")) {
			x->p += 2;
			if (skip_past(x, "?>"))
				return -KSRTP_EKMS_XML_SYNTAX;
		} else if (starts(x, "<!")) {
			return -KSRTP_EKMS_XML_SYNTAX; /* DOCTYPE and other declarations */
		} else {
			return 0;
		}
	}
}

static int parse_name(struct xparser *x, const char **s, size_t *n)
{
	const char *b = x->p;

	if (x->p >= x->end || !name_start(*x->p))
		return -KSRTP_EKMS_XML_SYNTAX;
	while (x->p < x->end && name_char(*x->p))
		x->p++;
	*s = b;
	*n = (size_t)(x->p - b);
	return 0;
}

/* Decode character data from [b, e) into out (at most e - b octets); & references decoded. */
static int decode_chars(const char *b, const char *e, char *out, size_t *olen)
{
	size_t o = 0;

	while (b < e) {
		unsigned char c = (unsigned char)*b;

		if (c == '<' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			return -KSRTP_EKMS_XML_SYNTAX;
		if (c != '&') {
			out[o++] = (char)c;
			b++;
			continue;
		}
		const char *semi = memchr(b, ';', (size_t)(e - b) < 12 ? (size_t)(e - b) : 12);
		size_t rl;

		if (!semi)
			return -KSRTP_EKMS_XML_SYNTAX;
		rl = (size_t)(semi - b) + 1;
		if (rl == 4 && !memcmp(b, "&lt;", 4)) {
			out[o++] = '<';
		} else if (rl == 4 && !memcmp(b, "&gt;", 4)) {
			out[o++] = '>';
		} else if (rl == 5 && !memcmp(b, "&amp;", 5)) {
			out[o++] = '&';
		} else if (rl == 6 && !memcmp(b, "&quot;", 6)) {
			out[o++] = '"';
		} else if (rl == 6 && !memcmp(b, "&apos;", 6)) {
			out[o++] = '\'';
		} else if (rl > 3 && b[1] == '#') {
			unsigned long v = 0;
			bool hex = b[2] == 'x';
			const char *d = b + 2 + hex;

			if (d == semi)
				return -KSRTP_EKMS_XML_SYNTAX;
			for (; d < semi; d++) {
				int dv = (*d >= '0' && *d <= '9')	   ? *d - '0'
					 : hex && (*d >= 'a' && *d <= 'f') ? *d - 'a' + 10
					 : hex && (*d >= 'A' && *d <= 'F') ? *d - 'A' + 10
									   : -1;
				if (dv < 0 || v > 0x10FFFF)
					return -KSRTP_EKMS_XML_SYNTAX;
				v = v * (hex ? 16 : 10) + (unsigned long)dv;
			}
			/* ASCII only: every value in these documents is ASCII */
			if (v == 0 || v > 0x7E || (v < 0x20 && v != 9 && v != 10 && v != 13))
				return -KSRTP_EKMS_XML_SYNTAX;
			out[o++] = (char)v;
		} else {
			return -KSRTP_EKMS_XML_SYNTAX;
		}
		b = semi + 1;
	}
	*olen = o;
	return 0;
}

static int add_node(struct xdoc *d, const char *name, size_t nl, int parent)
{
	struct xnode *nn;
	int i;

	if (d->count >= XML_MAX_NODES)
		return -KSRTP_EKMS_XML_TOO_BIG;
	nn = realloc(d->n, (d->count + 1) * sizeof(*d->n));
	if (!nn)
		return -KSRTP_ENOMEM;
	d->n = nn;
	i = (int)d->count++;
	/* local name: after the last ':' */
	for (size_t k = nl; k > 0; k--) {
		if (name[k - 1] == ':') {
			name += k;
			nl -= k;
			break;
		}
	}
	if (!nl)
		return -KSRTP_EKMS_XML_SYNTAX;
	d->n[i] = (struct xnode){
		.parent = parent, .first_child = -1, .next_sibling = -1, .last_child = -1};
	d->n[i].name = arena_put(d, name, nl);
	if (!d->n[i].name)
		return -KSRTP_EKMS_XML_TOO_BIG;
	if (parent >= 0) {
		struct xnode *p = &d->n[parent];

		p->has_elements = true;
		if (p->last_child >= 0)
			d->n[p->last_child].next_sibling = i;
		else
			p->first_child = i;
		p->last_child = i;
	}
	return i;
}

static int append_text(struct xdoc *d, int node, const char *b, const char *e, bool raw)
{
	struct xnode *n = &d->n[node];
	size_t len = 0;
	int err;

	if (b == e)
		return 0;
	/* texts of one element are contiguous only if nothing was added since: copy anew */
	char *dst = d->arena + d->arena_len;
	size_t room = d->arena_cap - d->arena_len;

	if (room < n->text_len + (size_t)(e - b) + 1)
		return -KSRTP_EKMS_XML_TOO_BIG;
	if (n->text_len)
		memmove(dst, n->text, n->text_len);
	if (raw) {
		memcpy(dst + n->text_len, b, (size_t)(e - b));
		len = (size_t)(e - b);
	} else {
		err = decode_chars(b, e, dst + n->text_len, &len);
		if (err)
			return err;
	}
	n->text = dst;
	n->text_len += len;
	dst[n->text_len] = 0;
	d->arena_len += n->text_len + 1;
	return 0;
}

static int parse_attrs(struct xparser *x, bool *empty)
{
	for (;;) {
		const char *an, *vb;
		size_t anl;
		char q;
		bool ws = false;

		while (x->p < x->end && is_ws(*x->p)) {
			x->p++;
			ws = true;
		}
		if (x->p >= x->end)
			return -KSRTP_EKMS_XML_SYNTAX;
		if (*x->p == '>') {
			x->p++;
			*empty = false;
			return 0;
		}
		if (starts(x, "/>")) {
			x->p += 2;
			*empty = true;
			return 0;
		}
		if (!ws || parse_name(x, &an, &anl))
			return -KSRTP_EKMS_XML_SYNTAX;
		while (x->p < x->end && is_ws(*x->p))
			x->p++;
		if (x->p >= x->end || *x->p != '=')
			return -KSRTP_EKMS_XML_SYNTAX;
		x->p++;
		while (x->p < x->end && is_ws(*x->p))
			x->p++;
		if (x->p >= x->end || (*x->p != '"' && *x->p != '\''))
			return -KSRTP_EKMS_XML_SYNTAX;
		q = *x->p++;
		vb = x->p;
		while (x->p < x->end && *x->p != q)
			x->p++;
		if (x->p >= x->end)
			return -KSRTP_EKMS_XML_SYNTAX;
		/* validate the value (attributes are not used, only checked) */
		{
			char tmp[1024];
			size_t ol;

			if ((size_t)(x->p - vb) > sizeof(tmp))
				return -KSRTP_EKMS_XML_TOO_BIG;
			if (decode_chars(vb, x->p, tmp, &ol))
				return -KSRTP_EKMS_XML_SYNTAX;
		}
		x->p++;
	}
}

static int xml_parse(struct xdoc *d, const char *xml, size_t len)
{
	struct xparser x = {.p = xml, .end = xml + len, .doc = d};
	int cur = -1, depth = 0, err;
	const char *names[XML_MAX_DEPTH];
	size_t name_lens[XML_MAX_DEPTH];

	memset(d, 0, sizeof(*d));
	if (len > KSRTP_KMS_XML_MAX)
		return -KSRTP_EKMS_XML_TOO_BIG;
	if (!xml || !len)
		return -KSRTP_EKMS_XML_SYNTAX;
	d->arena_cap = 2 * len + 64;
	d->arena = malloc(d->arena_cap);
	if (!d->arena)
		return -KSRTP_ENOMEM;
	if (starts(&x, "\xEF\xBB\xBF"))
		x.p += 3;
	err = skip_misc(&x);
	if (err)
		return err;
	if (!starts(&x, "<"))
		return -KSRTP_EKMS_XML_SYNTAX;
	for (;;) {
		if (x.p >= x.end)
			return -KSRTP_EKMS_XML_SYNTAX; /* unclosed elements */
		if (starts(&x, "<!--")) {
			x.p += 4;
			if (skip_past(&x, "-->"))
				return -KSRTP_EKMS_XML_SYNTAX;
		} else if (starts(&x, "<![CDATA[")) {
			const char *b = x.p + 9;

			x.p = b;
			if (cur < 0 || skip_past(&x, "]]>"))
				return -KSRTP_EKMS_XML_SYNTAX;
			err = append_text(d, cur, b, x.p - 3, true);
			if (err)
				return err;
		} else if (starts(&x, "<?")) {
			x.p += 2;
			if (skip_past(&x, "?>"))
				return -KSRTP_EKMS_XML_SYNTAX;
		} else if (starts(&x, "<!")) {
			return -KSRTP_EKMS_XML_SYNTAX;
		} else if (starts(&x, "</")) {
			const char *n;
			size_t nl;

			x.p += 2;
			if (cur < 0 || parse_name(&x, &n, &nl))
				return -KSRTP_EKMS_XML_SYNTAX;
			if (nl != name_lens[depth - 1] || memcmp(n, names[depth - 1], nl))
				return -KSRTP_EKMS_XML_SYNTAX;
			while (x.p < x.end && is_ws(*x.p))
				x.p++;
			if (x.p >= x.end || *x.p != '>')
				return -KSRTP_EKMS_XML_SYNTAX;
			x.p++;
			depth--;
			cur = d->n[cur].parent;
			if (cur < 0)
				break;
		} else if (*x.p == '<') {
			const char *n;
			size_t nl;
			bool empty;
			int node;

			x.p++;
			if (parse_name(&x, &n, &nl))
				return -KSRTP_EKMS_XML_SYNTAX;
			if (depth >= XML_MAX_DEPTH)
				return -KSRTP_EKMS_XML_TOO_BIG;
			node = add_node(d, n, nl, cur);
			if (node < 0)
				return node;
			err = parse_attrs(&x, &empty);
			if (err)
				return err;
			if (!empty) {
				names[depth] = n;
				name_lens[depth] = nl;
				depth++;
				cur = node;
			} else if (cur < 0) {
				break; /* an empty root element */
			}
		} else {
			const char *b = x.p;

			while (x.p < x.end && *x.p != '<')
				x.p++;
			if (cur < 0)
				return -KSRTP_EKMS_XML_SYNTAX;
			err = append_text(d, cur, b, x.p, false);
			if (err)
				return err;
		}
	}
	err = skip_misc(&x);
	if (err)
		return err;
	return x.p == x.end ? 0 : -KSRTP_EKMS_XML_SYNTAX;
}

/* ---- document structure ---------------------------------------------------------------- */

static int find_first(const struct xdoc *d, const char *name)
{
	for (size_t i = 0; i < d->count; i++)
		if (!strcmp(d->n[i].name, name))
			return (int)i;
	return -1;
}

/* Trimmed text of the only child called name; -SCHEMA if repeated or (required) missing. */
static int child_text(struct xdoc *d, int parent, const char *name, bool required,
		      const char **text, size_t *len, int *node)
{
	int found = -1;

	for (int c = d->n[parent].first_child; c >= 0; c = d->n[c].next_sibling) {
		if (strcmp(d->n[c].name, name))
			continue;
		if (found >= 0)
			return -KSRTP_EKMS_XML_SCHEMA;
		found = c;
	}
	if (node)
		*node = found;
	if (found < 0) {
		*text = NULL;
		*len = 0;
		return required ? -KSRTP_EKMS_XML_SCHEMA : 0;
	}
	const char *t = d->n[found].text ? d->n[found].text : "";
	size_t l = d->n[found].text_len;

	while (l && is_ws(*t))
		t++, l--;
	while (l && is_ws(t[l - 1]))
		l--;
	*text = t;
	*len = l;
	return 0;
}

static int text_u64(const char *t, size_t l, uint64_t *v)
{
	char tmp[24];

	if (l == 0 || l >= sizeof(tmp))
		return -KSRTP_EKMS_XML_VALUE;
	memcpy(tmp, t, l);
	tmp[l] = 0;
	return kf_parse_u64(tmp, v) ? -KSRTP_EKMS_XML_VALUE : 0;
}

static int text_bool(const char *t, size_t l, bool *v)
{
	if ((l == 4 && !memcmp(t, "true", 4)) || (l == 1 && t[0] == '1'))
		*v = true;
	else if ((l == 5 && !memcmp(t, "false", 5)) || (l == 1 && t[0] == '0'))
		*v = false;
	else
		return -KSRTP_EKMS_XML_VALUE;
	return 0;
}

static int64_t days_civil(int64_t y, unsigned int m, unsigned int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned int yoe = (unsigned int)(y - era * 400);
	unsigned int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

static int num(const char *t, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (t[i] < '0' || t[i] > '9')
			return -1;
		*v = *v * 10 + (t[i] - '0');
	}
	return 0;
}

/* xs:dateTime YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm] -> Unix time (no zone = UTC). */
static int text_datetime(const char *t, size_t l, int64_t *out)
{
	static const unsigned char mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, s, tz = 0;
	size_t p = 19;

	if (l < 19 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
	    num(t, 4, &y) || num(t + 5, 2, &mo) || num(t + 8, 2, &d) || num(t + 11, 2, &h) ||
	    num(t + 14, 2, &mi) || num(t + 17, 2, &s))
		return -KSRTP_EKMS_XML_VALUE;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || s > 59 ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return -KSRTP_EKMS_XML_VALUE;
	if (p < l && t[p] == '.') {
		p++;
		if (p >= l || t[p] < '0' || t[p] > '9')
			return -KSRTP_EKMS_XML_VALUE;
		while (p < l && t[p] >= '0' && t[p] <= '9')
			p++;
	}
	if (p < l && t[p] == 'Z') {
		p++;
	} else if (p < l && (t[p] == '+' || t[p] == '-')) {
		int th, tm;

		if (l - p != 6 || t[p + 3] != ':' || num(t + p + 1, 2, &th) ||
		    num(t + p + 4, 2, &tm) || th > 14 || tm > 59)
			return -KSRTP_EKMS_XML_VALUE;
		tz = (th * 60 + tm) * 60 * (t[p] == '-' ? -1 : 1);
		p += 6;
	}
	if (p != l)
		return -KSRTP_EKMS_XML_VALUE;
	*out = days_civil(y, (unsigned int)mo, (unsigned int)d) * 86400 + h * 3600 + mi * 60 + s -
	       tz;
	return 0;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 (padding required); -VALUE on bad input or when longer than size. */
static int text_b64(const char *t, size_t l, uint8_t *out, size_t size, size_t *olen)
{
	size_t o = 0;

	if (l == 0 || l % 4)
		return -KSRTP_EKMS_XML_VALUE;
	for (size_t i = 0; i < l; i += 4) {
		int v[4], pad = 0;

		for (int k = 0; k < 4; k++) {
			if (t[i + k] == '=' && i + 4 == l && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = b64val(t[i + k])) < 0) {
				return -KSRTP_EKMS_XML_VALUE;
			}
		}
		uint32_t w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 |
			     (uint32_t)v[3];
		size_t n = 3 - (size_t)pad;

		if (o + n > size)
			return -KSRTP_EKMS_XML_VALUE;
		for (size_t k = 0; k < n; k++)
			out[o++] = (uint8_t)(w >> (16 - 8 * k));
	}
	*olen = o;
	return 0;
}

/* A key: hexBinary as the schema says, or base64 (some deployments), of exactly len octets. */
static int text_hex(const char *t, size_t l, uint8_t *out, size_t len)
{
	size_t n;

	if (!kf_hex_decode(t, l, out, len))
		return 0;
	if (l != 2 * len && !text_b64(t, l, out, len, &n) && n == len)
		return 0;
	return -KSRTP_EKMS_XML_VALUE;
}

static int text_uri(const char *t, size_t l, char *out, size_t size)
{
	if (l == 0 || l >= size)
		return -KSRTP_EKMS_XML_VALUE;
	memcpy(out, t, l);
	out[l] = 0;
	return ksrtp_id_uri_check(out) ? -KSRTP_EKMS_XML_VALUE : 0;
}

static int parse_cert(struct xdoc *d, int c, struct ksrtp_kms *k)
{
	const char *t;
	size_t l;
	uint64_t ps;
	bool revoked = false;
	int err;

	err = child_text(d, c, "KmsUri", true, &t, &l, NULL);
	if (!err)
		err = text_uri(t, l, k->uri, sizeof(k->uri));
	if (err)
		return err;
	/* UserIdFormat (schema) or UserIDFormat (some documents) */
	err = child_text(d, c, "UserIdFormat", false, &t, &l, NULL);
	if (!err && !t)
		err = child_text(d, c, "UserIDFormat", true, &t, &l, NULL);
	if (err)
		return err;
	if (l == 1 && t[0] == '2')
		k->fmt = KSRTP_ID_FORMAT_3GPP;
	else if (l == 1 && t[0] == '1')
		k->fmt = KSRTP_ID_FORMAT_RFC6509;
	else
		return -KSRTP_EKMS_XML_VALUE;
	err = child_text(d, c, "UserKeyPeriod", true, &t, &l, NULL);
	if (!err)
		err = text_u64(t, l, &k->period);
	if (!err)
		err = child_text(d, c, "UserKeyOffset", true, &t, &l, NULL);
	if (!err)
		err = text_u64(t, l, &k->offset);
	if (err)
		return err;
	if (k->fmt == KSRTP_ID_FORMAT_3GPP &&
	    (k->period == 0 || k->period > UINT32_MAX || k->offset > UINT32_MAX * 4ULL))
		return -KSRTP_EKMS_XML_VALUE;
	if (k->fmt == KSRTP_ID_FORMAT_RFC6509)
		k->period = k->offset = 0;
	err = child_text(d, c, "PubEncKey", true, &t, &l, NULL);
	if (!err)
		err = text_hex(t, l, k->z_pub, sizeof(k->z_pub));
	if (!err)
		err = child_text(d, c, "PubAuthKey", true, &t, &l, NULL);
	if (!err)
		err = text_hex(t, l, k->kpak, sizeof(k->kpak));
	if (!err)
		err = child_text(d, c, "ParameterSet", false, &t, &l, NULL);
	if (!err && t) {
		err = text_u64(t, l, &ps);
		if (!err && ps != KSRTP_SAKKE_PARAM_SET)
			err = -KSRTP_ENOTSUP;
	}
	if (!err)
		err = child_text(d, c, "Revoked", false, &t, &l, NULL);
	if (!err && t)
		err = text_bool(t, l, &revoked);
	/* the other optional elements must be well-formed when present */
	for (int i = 0; !err && i < 2; i++) {
		int64_t tv;

		err = child_text(d, c, i ? "ValidTo" : "ValidFrom", false, &t, &l, NULL);
		if (!err && t)
			err = text_datetime(t, l, &tv);
	}
	if (!err && revoked)
		err = -KSRTP_EKMS_REVOKED;
	return err;
}

int ksrtp_kms_from_xml(struct ksrtp_kms **out, const char *xml, size_t len)
{
	struct xdoc d;
	struct ksrtp_kms *k = NULL;
	int c, err;

	if (!out)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = xml_parse(&d, xml, len);
	if (err)
		goto out;
	c = find_first(&d, "KmsCertificate");
	err = -KSRTP_EKMS_XML_SCHEMA;
	if (c < 0)
		goto out;
	k = kms__alloc();
	err = k ? parse_cert(&d, c, k) : -KSRTP_ENOMEM;
	if (!err) {
		/* the keys must be valid points */
		struct ksrtp_eccsi_verifier *v = NULL;
		struct ksrtp_sakke_pub *p = NULL;

		err = ksrtp_eccsi_verifier_new(&v, k->kpak);
		ksrtp_eccsi_verifier_free(v);
		if (!err)
			err = ksrtp_sakke_pub_new(&p, k->z_pub);
		ksrtp_sakke_pub_free(p);
	}
	if (!err) {
		*out = k;
		k = NULL;
	}
out:
	ksrtp_kms_free(k);
	xdoc_free(&d);
	return err;
}

/* A key element: hex text, not encrypted (element content means EncryptedKey or similar). */
static int key_child(struct xdoc *d, int ksn, const char *name, uint8_t *out, size_t len)
{
	const char *t;
	size_t l;
	int node, err = child_text(d, ksn, name, true, &t, &l, &node);

	if (err)
		return err;
	if (d->n[node].has_elements)
		return -KSRTP_EKMS_XML_ENCRYPTED;
	return text_hex(t, l, out, len);
}

int ksrtp_keyset_from_xml(struct ksrtp_keyset **out, const char *xml, size_t len,
			  const struct ksrtp_kms *kms)
{
	struct xdoc d;
	struct ksrtp_keyset *ks = NULL;
	uint8_t uid[KSRTP_ID_MAX];
	size_t uid_len = 0, l;
	const char *t;
	int n, err;

	if (!out || !kms)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = xml_parse(&d, xml, len);
	if (err)
		goto out;
	n = find_first(&d, "KmsKeySet");
	err = -KSRTP_EKMS_XML_SCHEMA;
	if (n < 0)
		goto out;
	err = -KSRTP_ENOMEM;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		goto out;
	err = child_text(&d, n, "KmsUri", true, &t, &l, NULL);
	if (!err)
		err = text_uri(t, l, ks->kms_uri, sizeof(ks->kms_uri));
	if (err)
		goto out;
	if (strcmp(ks->kms_uri, kms->uri)) {
		err = -KSRTP_EKMS_WRONG_KMS;
		goto out;
	}
	ks->fmt = kms->fmt;
	ks->period = kms->period;
	ks->offset = kms->offset;
	memcpy(ks->z_pub, kms->z_pub, sizeof(ks->z_pub));
	memcpy(ks->kpak, kms->kpak, sizeof(ks->kpak));
	err = child_text(&d, n, "UserUri", true, &t, &l, NULL);
	if (!err)
		err = text_uri(t, l, ks->user_uri, sizeof(ks->user_uri));
	if (!err)
		err = child_text(&d, n, "KeyPeriodNo", true, &t, &l, NULL);
	if (!err)
		err = text_u64(t, l, &ks->period_no);
	if (!err)
		err = child_text(&d, n, "UserID", true, &t, &l, NULL);
	if (err)
		goto out;
	/* UserID: hex or base64 */
	if (l && l % 2 == 0 && l / 2 <= sizeof(uid) && !kf_hex_decode(t, l, uid, l / 2))
		uid_len = l / 2;
	else if (text_b64(t, l, uid, sizeof(uid), &uid_len))
		err = -KSRTP_EKMS_XML_VALUE;
	if (err)
		goto out;
	err = kms__identity(kms->uri, kms->fmt, kms->period, kms->offset, ks->user_uri,
			    ks->period_no, ks->id, sizeof(ks->id), &ks->id_len);
	if (err)
		goto out;
	if (uid_len != ks->id_len || memcmp(uid, ks->id, uid_len)) {
		err = -KSRTP_EKMS_ID_MISMATCH;
		goto out;
	}
	err = kms__bounds(ks->fmt, ks->period, ks->offset, ks->period_no, &ks->valid_from,
			  &ks->valid_to);
	for (int i = 0; !err && i < 2; i++) {
		err = child_text(&d, n, i ? "ValidTo" : "ValidFrom", false, &t, &l, NULL);
		if (!err && t)
			err = text_datetime(t, l, i ? &ks->valid_to : &ks->valid_from);
	}
	if (!err && ks->valid_to < ks->valid_from)
		err = -KSRTP_EKMS_XML_VALUE;
	if (!err)
		err = child_text(&d, n, "Revoked", false, &t, &l, NULL);
	if (!err && t)
		err = text_bool(t, l, &ks->revoked);
	if (!err)
		err = key_child(&d, n, "UserDecryptKey", ks->rsk, sizeof(ks->rsk));
	if (!err)
		err = key_child(&d, n, "UserSigningKeySSK", ks->ssk, sizeof(ks->ssk));
	if (!err)
		err = key_child(&d, n, "UserPubTokenPVT", ks->pvt, sizeof(ks->pvt));
	if (!err) {
		*out = ks;
		ks = NULL;
	}
out:
	ksrtp_keyset_free(ks);
	OPENSSL_cleanse(uid, sizeof(uid));
	xdoc_free(&d);
	return err;
}

/* ---- export ------------------------------------------------------------------------------ */

static void put_escaped(struct kbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': kb_put(b, "&amp;", 5); break;
		case '<': kb_put(b, "&lt;", 4); break;
		case '>': kb_put(b, "&gt;", 4); break;
		case '"': kb_put(b, "&quot;", 6); break;
		case '\'': kb_put(b, "&apos;", 6); break;
		default: kb_put(b, s, 1);
		}
	}
}

static void put_elem(struct kbuf *b, const char *indent, const char *name, const char *val)
{
	kb_printf(b, "%s<%s>", indent, name);
	put_escaped(b, val);
	kb_printf(b, "</%s>\n", name);
}

static void put_hex_elem(struct kbuf *b, const char *indent, const char *name, const uint8_t *p,
			 size_t n)
{
	kb_printf(b, "%s<%s>", indent, name);
	kb_hex(b, p, n, true);
	kb_printf(b, "</%s>\n", name);
}

static void put_time_elem(struct kbuf *b, const char *indent, const char *name, int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	/* civil_from_days (H. Hinnant) */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned int doe = (unsigned int)(z - era * 146097);
	unsigned int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned int mp = (5 * doy + 2) / 153;
	unsigned int d = doy - (153 * mp + 2) / 5 + 1;
	unsigned int m = mp < 10 ? mp + 3 : mp - 9;

	y += m <= 2;
	kb_printf(b, "%s<%s>%04lld-%02u-%02uT%02lld:%02lld:%02lldZ</%s>\n", indent, name,
		  (long long)y, m, d, (long long)(sec / 3600), (long long)(sec / 60 % 60),
		  (long long)(sec % 60), name);
}

static int finish(struct kbuf *b, char **xml, size_t *len)
{
	if (b->fail) {
		kb_free(b);
		return -KSRTP_ENOMEM;
	}
	*xml = b->p;
	*len = b->len;
	return 0;
}

int ksrtp_kms_to_xml(const struct ksrtp_kms *kms, char **xml, size_t *len)
{
	struct kbuf b = {0};
	char num[32];

	if (!kms || !xml || !len)
		return -KSRTP_EINVAL;
	kb_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	kb_printf(&b, "<KmsCertificate xmlns=\"%s\" Version=\"1.1.0\" Role=\"Root\">\n", XML_NS);
	put_elem(&b, "  ", "KmsUri", kms->uri);
	kb_printf(&b, "  <Revoked>false</Revoked>\n");
	kb_printf(&b, "  <UserIdFormat>%d</UserIdFormat>\n",
		  kms->fmt == KSRTP_ID_FORMAT_3GPP ? 2 : 1);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)kms->period);
	put_elem(&b, "  ", "UserKeyPeriod", num);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)kms->offset);
	put_elem(&b, "  ", "UserKeyOffset", num);
	put_hex_elem(&b, "  ", "PubEncKey", kms->z_pub, sizeof(kms->z_pub));
	put_hex_elem(&b, "  ", "PubAuthKey", kms->kpak, sizeof(kms->kpak));
	kb_printf(&b, "  <ParameterSet>%d</ParameterSet>\n", KSRTP_SAKKE_PARAM_SET);
	kb_printf(&b, "</KmsCertificate>\n");
	return finish(&b, xml, len);
}

int ksrtp_keyset_to_xml(const struct ksrtp_keyset *ks, char **xml, size_t *len)
{
	struct kbuf b = {0};
	char num[32];

	if (!ks || !xml || !len)
		return -KSRTP_EINVAL;
	kb_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	kb_printf(&b, "<KmsKeySet xmlns=\"%s\" Version=\"1.1.0\">\n", XML_NS);
	put_elem(&b, "  ", "KmsUri", ks->kms_uri);
	put_elem(&b, "  ", "UserUri", ks->user_uri);
	put_hex_elem(&b, "  ", "UserID", ks->id, ks->id_len);
	put_time_elem(&b, "  ", "ValidFrom", ks->valid_from);
	put_time_elem(&b, "  ", "ValidTo", ks->valid_to);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)ks->period_no);
	put_elem(&b, "  ", "KeyPeriodNo", num);
	kb_printf(&b, "  <Revoked>%s</Revoked>\n", ks->revoked ? "true" : "false");
	put_hex_elem(&b, "  ", "UserDecryptKey", ks->rsk, sizeof(ks->rsk));
	put_hex_elem(&b, "  ", "UserSigningKeySSK", ks->ssk, sizeof(ks->ssk));
	put_hex_elem(&b, "  ", "UserPubTokenPVT", ks->pvt, sizeof(ks->pvt));
	kb_printf(&b, "</KmsKeySet>\n");
	return finish(&b, xml, len);
}
