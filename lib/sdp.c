// SPDX-License-Identifier: GPL-2.0
/*
 * sdp.c - strict SDP (RFC 4566) parser and builder for RTP sessions keyed by MIKEY carried in
 * a=key-mgmt:mikey (RFC 4567). See ksrtp/sdp.h for what is accepted.
 */
#include <ksrtp/err.h>
#include <ksrtp/sdp.h>

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "internal.h"

const char *ksrtp__sdp_msg(int code)
{
	switch (code) {
	case KSRTP_ESDP_BASE64: return "SDP: key-mgmt data is not canonical base64";
	case KSRTP_ESDP_TOO_BIG: return "SDP: too large (whole text, a line or a field)";
	case KSRTP_ESDP_SYNTAX: return "SDP: a line is not <letter>=<value>";
	case KSRTP_ESDP_ORDER: return "SDP: a line is out of RFC 4566 order";
	case KSRTP_ESDP_MISSING: return "SDP: a mandatory line (v=, o=, s=, t=, c=) is missing";
	case KSRTP_ESDP_DUPLICATE: return "SDP: a line that may appear once is repeated";
	case KSRTP_ESDP_VERSION: return "SDP: v= is not 0";
	case KSRTP_ESDP_ORIGIN: return "SDP: malformed o= line";
	case KSRTP_ESDP_CONNECTION:
		return "SDP: malformed c= line (IN IP4/IP6 address, IPv4 multicast needs /TTL)";
	case KSRTP_ESDP_TIMING: return "SDP: malformed t= line";
	case KSRTP_ESDP_MEDIA: return "SDP: malformed m= line (media port proto formats)";
	case KSRTP_ESDP_RTPMAP: return "SDP: malformed a=rtpmap";
	case KSRTP_ESDP_KEYMGMT: return "SDP: malformed or repeated a=key-mgmt:mikey";
	case KSRTP_ESDP_TOO_MANY: return "SDP: too many media sections, formats or rtpmaps";
	case KSRTP_ESDP_CHARSET: return "SDP: control character or NUL in the text";
	case KSRTP_ESDP_NO_KEYMGMT: return "SDP: no a=key-mgmt:mikey attribute";
	default: return NULL;
	}
}

/* ---------------------------------------------------------------------------------------- */
/* helpers */

struct tok {
	const char *p;
	size_t len;
};

/* Next space-separated token of s (single spaces; RFC 4566 fields). */
static int next_tok(struct tok *s, struct tok *t)
{
	size_t i = 0;

	if (s->len == 0)
		return 0;
	while (i < s->len && s->p[i] != ' ')
		i++;
	t->p = s->p;
	t->len = i;
	if (i == 0)
		return 0; /* empty field (double space or leading space) */
	if (i < s->len) {
		s->p += i + 1;
		s->len -= i + 1;
		if (s->len == 0)
			return 0; /* trailing space */
	} else {
		s->p += i;
		s->len = 0;
	}
	return 1;
}

static int tok_eq(const struct tok *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->p, s, t->len);
}

static int tok_u64(const struct tok *t, uint64_t max, uint64_t *v)
{
	uint64_t n = 0;

	if (t->len == 0 || t->len > 20)
		return -1;
	for (size_t i = 0; i < t->len; i++) {
		if (t->p[i] < '0' || t->p[i] > '9')
			return -1;
		uint64_t d = (uint64_t)(t->p[i] - '0');
		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	if (n > max)
		return -1;
	*v = n;
	return 0;
}

static int tok_str(const struct tok *t, char *out, size_t cap)
{
	if (t->len == 0 || t->len >= cap)
		return -1;
	memcpy(out, t->p, t->len);
	out[t->len] = 0;
	return 0;
}

/* Token chars of RFC 4566 (token-char): printable except space and separators used here. */
static int is_token(const struct tok *t)
{
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->p[i];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '(' || c == ')' || c == ',' ||
		    c == ':' || c == ';' || c == '<' || c == '>' || c == '@' || c == '[' ||
		    c == ']' || c == '\\' || c == '{' || c == '}' || c == '=' || c == '?')
			return 0;
	}
	return t->len > 0;
}

static int parse_conn(struct tok v, struct ksrtp_sdp_conn *c)
{
	struct tok nt, at, addr;
	char a[KSRTP_SDP_STR];
	uint8_t bin[16];
	char *slash;

	if (c->present)
		return -KSRTP_ESDP_DUPLICATE;
	if (!next_tok(&v, &nt) || !tok_eq(&nt, "IN") || !next_tok(&v, &at) ||
	    !next_tok(&v, &addr) || v.len)
		return -KSRTP_ESDP_CONNECTION;
	if (tok_eq(&at, "IP4"))
		c->ip6 = 0;
	else if (tok_eq(&at, "IP6"))
		c->ip6 = 1;
	else
		return -KSRTP_ESDP_CONNECTION;
	if (tok_str(&addr, a, sizeof(a)))
		return -KSRTP_ESDP_CONNECTION;
	slash = strchr(a, '/');
	if (slash) {
		struct tok tt = {slash + 1, strlen(slash + 1)};
		uint64_t ttl;
		*slash = 0;
		/* IPv4 multicast: addr/ttl; a further /count (address ranges) is not accepted */
		if (c->ip6 || tok_u64(&tt, 255, &ttl))
			return -KSRTP_ESDP_CONNECTION;
		c->ttl = (unsigned)ttl;
	}
	if (inet_pton(c->ip6 ? AF_INET6 : AF_INET, a, bin) != 1)
		return -KSRTP_ESDP_CONNECTION;
	c->multicast = c->ip6 ? bin[0] == 0xff : (bin[0] & 0xf0) == 0xe0;
	if (!c->ip6 && c->multicast != !!slash)
		return -KSRTP_ESDP_CONNECTION; /* RFC 4566 5.7: TTL iff IPv4 multicast */
	memcpy(c->addr, a, strlen(a) + 1);
	c->present = 1;
	return 0;
}

static int parse_origin(struct tok v, struct ksrtp_sdp *s)
{
	struct tok u, id, ver, nt, at, addr;
	uint8_t bin[16];

	if (!next_tok(&v, &u) || !next_tok(&v, &id) || !next_tok(&v, &ver) || !next_tok(&v, &nt) ||
	    !next_tok(&v, &at) || !next_tok(&v, &addr) || v.len)
		return -KSRTP_ESDP_ORIGIN;
	if (!is_token(&u) || tok_str(&u, s->o_user, sizeof(s->o_user)) ||
	    tok_u64(&id, UINT64_MAX, &s->sess_id) || tok_u64(&ver, UINT64_MAX, &s->sess_version) ||
	    !tok_eq(&nt, "IN"))
		return -KSRTP_ESDP_ORIGIN;
	if (tok_eq(&at, "IP4"))
		s->o_ip6 = 0;
	else if (tok_eq(&at, "IP6"))
		s->o_ip6 = 1;
	else
		return -KSRTP_ESDP_ORIGIN;
	if (tok_str(&addr, s->o_addr, sizeof(s->o_addr)) || !is_token(&addr))
		return -KSRTP_ESDP_ORIGIN;
	/* unicast-address: an IP address or an FQDN */
	if (inet_pton(s->o_ip6 ? AF_INET6 : AF_INET, s->o_addr, bin) != 1) {
		for (size_t i = 0; i < addr.len; i++) {
			char c = addr.p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '.'))
				return -KSRTP_ESDP_ORIGIN;
		}
	}
	return 0;
}

static int parse_media(struct tok v, struct ksrtp_sdp_media *m)
{
	struct tok med, port, proto, fmt;
	uint64_t n;

	if (!next_tok(&v, &med) || !next_tok(&v, &port) || !next_tok(&v, &proto))
		return -KSRTP_ESDP_MEDIA;
	if (!is_token(&med) || tok_str(&med, m->media, sizeof(m->media)))
		return -KSRTP_ESDP_MEDIA;
	if (tok_u64(&port, 65535, &n)) /* port/count ranges are not accepted */
		return -KSRTP_ESDP_MEDIA;
	m->port = (uint16_t)n;
	if (tok_str(&proto, m->proto, sizeof(m->proto)))
		return -KSRTP_ESDP_MEDIA;
	for (size_t i = 0; i < proto.len; i++) {
		char c = proto.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '/' || c == '-' || c == '_'))
			return -KSRTP_ESDP_MEDIA;
	}
	if (!strncmp(m->proto, "RTP/", 4)) {
		while (v.len) {
			if (!next_tok(&v, &fmt) || tok_u64(&fmt, 127, &n))
				return -KSRTP_ESDP_MEDIA;
			if (m->n_pts == KSRTP_SDP_MAX_PT)
				return -KSRTP_ESDP_TOO_MANY;
			m->pts[m->n_pts++] = (uint8_t)n;
		}
	} else {
		while (v.len) {
			if (!next_tok(&v, &fmt) || !is_token(&fmt))
				return -KSRTP_ESDP_MEDIA;
			m->n_pts++;
			if (m->n_pts > KSRTP_SDP_MAX_PT)
				return -KSRTP_ESDP_TOO_MANY;
		}
	}
	if (m->n_pts == 0)
		return -KSRTP_ESDP_MEDIA; /* at least one format */
	return 0;
}

static int parse_rtpmap(struct tok v, struct ksrtp_sdp_media *m)
{
	struct tok pt, rest;
	uint64_t n, clock, ch = 0;
	struct ksrtp_sdp_rtpmap *r;
	const char *s1, *s2;

	if (!m)
		return -KSRTP_ESDP_RTPMAP; /* rtpmap is a media-level attribute */
	if (!next_tok(&v, &pt) || !next_tok(&v, &rest) || v.len)
		return -KSRTP_ESDP_RTPMAP;
	if (tok_u64(&pt, 127, &n))
		return -KSRTP_ESDP_RTPMAP;
	if (m->n_rtpmap == KSRTP_SDP_MAX_PT)
		return -KSRTP_ESDP_TOO_MANY;
	for (size_t i = 0; i < m->n_rtpmap; i++)
		if (m->rtpmap[i].pt == n)
			return -KSRTP_ESDP_DUPLICATE;
	r = &m->rtpmap[m->n_rtpmap];
	s1 = memchr(rest.p, '/', rest.len);
	if (!s1)
		return -KSRTP_ESDP_RTPMAP;
	struct tok enc = {rest.p, (size_t)(s1 - rest.p)};
	struct tok rt = {s1 + 1, rest.len - (size_t)(s1 + 1 - rest.p)};
	s2 = memchr(rt.p, '/', rt.len);
	if (s2) {
		struct tok c = {s2 + 1, rt.len - (size_t)(s2 + 1 - rt.p)};
		rt.len = (size_t)(s2 - rt.p);
		if (tok_u64(&c, 255, &ch) || ch == 0)
			return -KSRTP_ESDP_RTPMAP;
	}
	if (!is_token(&enc) || tok_str(&enc, r->encoding, sizeof(r->encoding)) ||
	    tok_u64(&rt, UINT32_MAX, &clock) || clock == 0)
		return -KSRTP_ESDP_RTPMAP;
	r->pt = (uint8_t)n;
	r->clock = (uint32_t)clock;
	r->channels = (uint8_t)ch;
	m->n_rtpmap++;
	return 0;
}

int ksrtp_sdp_keymgmt_parse(const char *value, size_t len, uint8_t *mikey, size_t cap,
			    size_t *mikey_len)
{
	struct tok v = {value, len}, proto, data;
	int err;

	*mikey_len = 0;
	if (len > KSRTP_SDP_MAX_LINE)
		return -KSRTP_ESDP_TOO_BIG;
	if (!next_tok(&v, &proto))
		return -KSRTP_ESDP_KEYMGMT;
	if (!is_token(&proto))
		return -KSRTP_ESDP_KEYMGMT;
	if (!tok_eq(&proto, "mikey"))
		return 0; /* another key management protocol: not ours */
	if (!next_tok(&v, &data) || v.len)
		return -KSRTP_ESDP_KEYMGMT;
	err = ksrtp_b64_decode(data.p, data.len, mikey, cap, mikey_len);
	if (err == -KSRTP_EBUFSIZE)
		return -KSRTP_ESDP_TOO_BIG;
	if (err)
		return err;
	return 1;
}

int ksrtp_sdp_keymgmt_format(const uint8_t *mikey, size_t len, char *out, size_t cap)
{
	static const char pfx[] = "key-mgmt:mikey ";

	if (len == 0 || len > KSRTP_SDP_MAX_KEYMGMT)
		return -KSRTP_EINVAL;
	if (cap < sizeof(pfx) + ksrtp_b64_encoded_len(len))
		return -KSRTP_EBUFSIZE;
	memcpy(out, pfx, sizeof(pfx) - 1);
	return ksrtp_b64_encode(mikey, len, out + sizeof(pfx) - 1, cap - (sizeof(pfx) - 1));
}

static int parse_attr(struct tok v, struct ksrtp_sdp *s, struct ksrtp_sdp_media *m)
{
	const char *colon = memchr(v.p, ':', v.len);
	struct tok name = {v.p, colon ? (size_t)(colon - v.p) : v.len};
	struct tok val = {colon ? colon + 1 : v.p + v.len, colon ? v.len - name.len - 1 : 0};
	int *dir = m ? &m->dir : &s->dir;

	if (!is_token(&name))
		return -KSRTP_ESDP_SYNTAX;
	if (tok_eq(&name, "rtpmap"))
		return parse_rtpmap(val, m);
	if (tok_eq(&name, "key-mgmt")) {
		uint8_t *buf = m ? m->keymgmt : s->keymgmt;
		size_t *bl = m ? &m->keymgmt_len : &s->keymgmt_len;
		size_t n;
		uint8_t tmp[KSRTP_SDP_MAX_KEYMGMT];
		int r = ksrtp_sdp_keymgmt_parse(val.p, val.len, tmp, sizeof(tmp), &n);
		if (r < 0)
			return r == -KSRTP_ESDP_BASE64 ? -KSRTP_ESDP_KEYMGMT : r;
		if (r == 1) {
			if (*bl)
				return -KSRTP_ESDP_KEYMGMT;
			memcpy(buf, tmp, n);
			*bl = n;
		}
		OPENSSL_cleanse(tmp, sizeof(tmp));
		return 0;
	}
	int d = tok_eq(&name, "sendrecv")   ? KSRTP_SDP_SENDRECV
		: tok_eq(&name, "sendonly") ? KSRTP_SDP_SENDONLY
		: tok_eq(&name, "recvonly") ? KSRTP_SDP_RECVONLY
		: tok_eq(&name, "inactive") ? KSRTP_SDP_INACTIVE
					    : 0;
	if (d) {
		if (colon)
			return -KSRTP_ESDP_SYNTAX;
		if (*dir)
			return -KSRTP_ESDP_DUPLICATE;
		*dir = d;
	}
	return 0; /* other attributes are ignored */
}

/* Session-level line order: v o s i u e p c b t r z k a; index of each letter. */
static int sess_rank(char t)
{
	static const char order[] = "vosiuepcbtrzka";
	const char *p = strchr(order, t);
	return p && t ? (int)(p - order) : -1;
}

static int media_rank(char t)
{
	static const char order[] = "micbka";
	const char *p = strchr(order, t);
	return p && t ? (int)(p - order) : -1;
}

int ksrtp_sdp_parse_line(const char *text, size_t len, struct ksrtp_sdp **out, unsigned *line)
{
	struct ksrtp_sdp *s;
	size_t off = 0;
	int rank = -1, err = 0, lineno = 0;
	int seen[26] = {0};
	struct ksrtp_sdp_media *m = NULL;
	int mseen[26] = {0};

	*out = NULL;
	if (!text || len == 0)
		return -KSRTP_ESDP_MISSING;
	if (len > KSRTP_SDP_MAX_LEN)
		return -KSRTP_ESDP_TOO_BIG;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -KSRTP_ENOMEM;
	while (off < len && !err) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t ll = end - off;
		const char *l = text + off;

		off = nl ? end + 1 : len;
		lineno++;
		if (ll && l[ll - 1] == '\r')
			ll--;
		if (ll > KSRTP_SDP_MAX_LINE) {
			err = -KSRTP_ESDP_TOO_BIG;
			break;
		}
		for (size_t i = 0; i < ll; i++) {
			unsigned char c = (unsigned char)l[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				err = -KSRTP_ESDP_CHARSET;
				break;
			}
		}
		if (err)
			break;
		if (ll == 0) {
			/* an empty line is only tolerated at the very end */
			if (off < len)
				err = -KSRTP_ESDP_SYNTAX;
			break;
		}
		if (ll < 2 || l[1] != '=' || l[0] < 'a' || l[0] > 'z') {
			err = -KSRTP_ESDP_SYNTAX;
			break;
		}
		char t = l[0];
		struct tok v = {l + 2, ll - 2};
		if (lineno == 1 && t != 'v') {
			err = -KSRTP_ESDP_MISSING;
			break;
		}
		if (t == 'm') {
			if (!seen['t' - 'a']) {
				err = -KSRTP_ESDP_MISSING;
				break;
			}
			if (s->n_media == KSRTP_SDP_MAX_MEDIA) {
				err = -KSRTP_ESDP_TOO_MANY;
				break;
			}
			if (m && !m->conn.present && !s->conn.present) {
				err = -KSRTP_ESDP_MISSING;
				break;
			}
			m = &s->media[s->n_media++];
			memset(mseen, 0, sizeof(mseen));
			rank = 0;
			err = parse_media(v, m);
			continue;
		}
		if (m) {
			int r = media_rank(t);
			if (r < 0) {
				err = -KSRTP_ESDP_ORDER;
				break;
			}
			if (r < rank) {
				err = -KSRTP_ESDP_ORDER;
				break;
			}
			rank = r;
			if (t != 'a' && t != 'b' && mseen[t - 'a']++) {
				err = -KSRTP_ESDP_DUPLICATE;
				break;
			}
			if (t == 'c')
				err = parse_conn(v, &m->conn);
			else if (t == 'a')
				err = parse_attr(v, s, m);
			continue;
		}
		int r = sess_rank(t);
		if (r < 0 || r < rank) {
			err = -KSRTP_ESDP_ORDER;
			break;
		}
		if (t != 'a' && t != 'b' && t != 't' && t != 'r' && t != 'e' && t != 'p' &&
		    seen[t - 'a']) {
			err = -KSRTP_ESDP_DUPLICATE;
			break;
		}
		/* mandatory v o s before anything else, in that order */
		if ((r > 0 && !seen['v' - 'a']) || (r > 1 && !seen['o' - 'a']) ||
		    (r > 2 && !seen['s' - 'a'])) {
			err = -KSRTP_ESDP_MISSING;
			break;
		}
		if (r > 9 && !seen['t' - 'a']) {
			err = -KSRTP_ESDP_MISSING;
			break;
		}
		rank = r;
		seen[t - 'a']++;
		switch (t) {
		case 'v':
			if (!tok_eq(&v, "0"))
				err = -KSRTP_ESDP_VERSION;
			break;
		case 'o': err = parse_origin(v, s); break;
		case 's':
			if (v.len == 0 || v.len >= sizeof(s->name))
				err = v.len ? -KSRTP_ESDP_TOO_BIG : -KSRTP_ESDP_SYNTAX;
			else
				memcpy(s->name, v.p, v.len);
			break;
		case 'c': err = parse_conn(v, &s->conn); break;
		case 't': {
			struct tok a, b;
			if (seen['t' - 'a'] > 1) /* several t= lines: keep the first */
				break;
			if (!next_tok(&v, &a) || !next_tok(&v, &b) || v.len ||
			    tok_u64(&a, UINT64_MAX, &s->t_start) ||
			    tok_u64(&b, UINT64_MAX, &s->t_stop))
				err = -KSRTP_ESDP_TIMING;
			break;
		}
		case 'a': err = parse_attr(v, s, NULL); break;
		default: break;
		}
	}
	unsigned err_line = err ? (unsigned)lineno : 0;
	if (!err) {
		if (!seen['v' - 'a'] || !seen['o' - 'a'] || !seen['s' - 'a'] || !seen['t' - 'a'])
			err = -KSRTP_ESDP_MISSING;
		else if (m && !m->conn.present && !s->conn.present)
			err = -KSRTP_ESDP_MISSING; /* RFC 4566 5.7: c= in session or every media */
	}
	if (line)
		*line = err_line;
	if (err) {
		ksrtp_sdp_free(s);
		return err;
	}
	*out = s;
	return 0;
}

int ksrtp_sdp_parse(const char *text, size_t len, struct ksrtp_sdp **out)
{
	return ksrtp_sdp_parse_line(text, len, out, NULL);
}

void ksrtp_sdp_free(struct ksrtp_sdp *sdp)
{
	if (!sdp)
		return;
	OPENSSL_cleanse(sdp, sizeof(*sdp));
	free(sdp);
}

const uint8_t *ksrtp_sdp_mikey(const struct ksrtp_sdp *sdp, size_t i, size_t *len)
{
	if (i < sdp->n_media && sdp->media[i].keymgmt_len) {
		*len = sdp->media[i].keymgmt_len;
		return sdp->media[i].keymgmt;
	}
	if (sdp->keymgmt_len) {
		*len = sdp->keymgmt_len;
		return sdp->keymgmt;
	}
	*len = 0;
	return NULL;
}

/* ---------------------------------------------------------------------------------------- */
/* builder */

struct sb {
	char *p;
	size_t len, cap;
	int err;
};

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->err = -KSRTP_ESDP_TOO_BIG;
		return;
	}
	b->len += (size_t)n;
}

static int str_ok(const char *s, int spaces)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || (!spaces && c == ' '))
			return 0;
	}
	return 1;
}

static void sb_conn(struct sb *b, const struct ksrtp_sdp_conn *c)
{
	if (!c->present)
		return;
	if (!str_ok(c->addr, 0)) {
		b->err = -KSRTP_EINVAL;
		return;
	}
	sb_printf(b, "c=IN %s %s", c->ip6 ? "IP6" : "IP4", c->addr);
	if (!c->ip6 && c->multicast)
		sb_printf(b, "/%u", c->ttl);
	sb_printf(b, "\r\n");
}

static void sb_dir(struct sb *b, int dir)
{
	static const char *const n[] = {NULL, "sendrecv", "sendonly", "recvonly", "inactive"};

	if (dir > 0 && dir <= KSRTP_SDP_INACTIVE)
		sb_printf(b, "a=%s\r\n", n[dir]);
}

static void sb_keymgmt(struct sb *b, const uint8_t *k, size_t len)
{
	char tmp[32 + KSRTP_SDP_MAX_KEYMGMT * 4 / 3 + 8];

	if (!len)
		return;
	if (!b->err && (b->err = ksrtp_sdp_keymgmt_format(k, len, tmp, sizeof(tmp))) == 0)
		sb_printf(b, "a=%s\r\n", tmp);
}

int ksrtp_sdp_build(const struct ksrtp_sdp *sdp, char **out, size_t *out_len)
{
	struct sb b = {0};

	*out = NULL;
	if (!str_ok(sdp->o_user[0] ? sdp->o_user : "-", 0) || !str_ok(sdp->o_addr, 0) ||
	    !str_ok(sdp->name[0] ? sdp->name : "-", 1) || sdp->n_media > KSRTP_SDP_MAX_MEDIA)
		return -KSRTP_EINVAL;
	b.cap = KSRTP_SDP_MAX_LEN;
	b.p = calloc(1, b.cap);
	if (!b.p)
		return -KSRTP_ENOMEM;
	sb_printf(&b, "v=0\r\no=%s %" PRIu64 " %" PRIu64 " IN %s %s\r\ns=%s\r\n",
		  sdp->o_user[0] ? sdp->o_user : "-", sdp->sess_id, sdp->sess_version,
		  sdp->o_ip6 ? "IP6" : "IP4", sdp->o_addr, sdp->name[0] ? sdp->name : "-");
	sb_conn(&b, &sdp->conn);
	sb_printf(&b, "t=%" PRIu64 " %" PRIu64 "\r\n", sdp->t_start, sdp->t_stop);
	sb_keymgmt(&b, sdp->keymgmt, sdp->keymgmt_len);
	sb_dir(&b, sdp->dir);
	for (size_t i = 0; i < sdp->n_media; i++) {
		const struct ksrtp_sdp_media *m = &sdp->media[i];
		if (!str_ok(m->media, 0) || !str_ok(m->proto, 0) || m->n_pts == 0 ||
		    m->n_pts > KSRTP_SDP_MAX_PT || m->n_rtpmap > KSRTP_SDP_MAX_PT ||
		    (!m->conn.present && !sdp->conn.present)) {
			b.err = -KSRTP_EINVAL;
			break;
		}
		sb_printf(&b, "m=%s %u %s", m->media, m->port, m->proto);
		for (size_t k = 0; k < m->n_pts; k++)
			sb_printf(&b, " %u", m->pts[k]);
		sb_printf(&b, "\r\n");
		sb_conn(&b, &m->conn);
		sb_keymgmt(&b, m->keymgmt, m->keymgmt_len);
		for (size_t k = 0; k < m->n_rtpmap; k++) {
			const struct ksrtp_sdp_rtpmap *r = &m->rtpmap[k];
			if (!str_ok(r->encoding, 0)) {
				b.err = -KSRTP_EINVAL;
				break;
			}
			sb_printf(&b, "a=rtpmap:%u %s/%" PRIu32, r->pt, r->encoding, r->clock);
			if (r->channels)
				sb_printf(&b, "/%u", r->channels);
			sb_printf(&b, "\r\n");
		}
		sb_dir(&b, m->dir);
	}
	if (b.err) {
		free(b.p);
		return b.err;
	}
	*out = b.p;
	*out_len = b.len;
	return 0;
}
