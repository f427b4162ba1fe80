// SPDX-License-Identifier: GPL-2.0
/*
 * kms_file.c - the ksrtp key file format (docs/key-files.md):
 *
 *   <kind> 1\n                     kind: ksrtp-keyset, ksrtp-kms-public, ksrtp-kms-secret,
 *   name: value\n                        ksrtp-kms-revoked; 1 = the format version
 *   ...                            '#' lines are comments; values are printable ASCII
 *   sha256: <64 hex>\n             SHA-256 of every octet before this line
 *
 * and atomic file writing.
 */
#include <ksrtp/err.h>
#include <ksrtp/kms.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kms_internal.h"

static const char *const kinds[] = {"ksrtp-keyset", "ksrtp-kms-public", "ksrtp-kms-secret",
				    "ksrtp-kms-revoked"};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kf_hex_decode(const char *s, size_t slen, uint8_t *out, size_t len)
{
	if (slen != 2 * len)
		return -KSRTP_EKMS_FILE_FIELD;
	for (size_t i = 0; i < len; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -KSRTP_EKMS_FILE_FIELD;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int kf_parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s || (s[0] == '0' && s[1]))
		return -KSRTP_EKMS_FILE_FIELD;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || x > (UINT64_MAX - 9) / 10)
			return -KSRTP_EKMS_FILE_FIELD;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

void kf_free(struct kf *kf)
{
	if (kf->buf) {
		OPENSSL_cleanse(kf->buf, kf->buf_len);
		free(kf->buf);
	}
	free(kf->f);
	memset(kf, 0, sizeof(*kf));
}

int kf_parse(struct kf *kf, const char *text, size_t len, const char *magic)
{
	uint8_t want[32], got[32];
	const char *nl, *last;
	size_t hdr_len, body_end;
	char *p, *end;
	int err, kind = -1;

	memset(kf, 0, sizeof(*kf));
	if (!text && len)
		return -KSRTP_EINVAL;
	if (len > KF_MAX_SIZE)
		return -KSRTP_EKMS_FILE_TOO_BIG;
	if (len && memchr(text, 0, len))
		return -KSRTP_EKMS_FILE_TYPE; /* not text */
	/* 1) the kind and version line */
	nl = len ? memchr(text, '\n', len) : NULL;
	hdr_len = nl ? (size_t)(nl - text) : len;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t kl = strlen(kinds[i]);

		if (hdr_len > kl && !memcmp(text, kinds[i], kl) && text[kl] == ' ')
			kind = (int)i;
	}
	if (kind < 0) {
		/* a prefix of a ksrtp header is a truncated file, anything else another kind */
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (!nl && len < strlen(kinds[i]) + 2 && len &&
			    !memcmp(text, kinds[i],
				    len < strlen(kinds[i]) ? len : strlen(kinds[i])))
				return -KSRTP_EKMS_FILE_TRUNCATED;
		return len ? -KSRTP_EKMS_FILE_TYPE : -KSRTP_EKMS_FILE_TRUNCATED;
	}
	if (strcmp(kinds[kind], magic))
		return -KSRTP_EKMS_FILE_TYPE;
	if (!nl)
		return -KSRTP_EKMS_FILE_TRUNCATED;
	if (hdr_len != strlen(magic) + 2 || text[hdr_len - 1] != '1')
		return -KSRTP_EKMS_FILE_VERSION;
	/* 2) the integrity line: last, complete */
	if (text[len - 1] != '\n')
		return -KSRTP_EKMS_FILE_TRUNCATED;
	last = text + len - 1;
	while (last > nl && last[-1] != '\n')
		last--;
	if ((size_t)(text + len - last) < 8 || memcmp(last, "sha256: ", 8))
		return -KSRTP_EKMS_FILE_TRUNCATED;
	if (kf_hex_decode(last + 8, (size_t)(text + len - 1 - (last + 8)), want, 32))
		return -KSRTP_EKMS_FILE_CORRUPT;
	body_end = (size_t)(last - text);
	if (EVP_Digest(text, body_end, got, NULL, EVP_sha256(), NULL) != 1)
		return -KSRTP_ECRYPTO;
	if (CRYPTO_memcmp(got, want, 32))
		return -KSRTP_EKMS_FILE_CORRUPT;
	/* 3) the fields, in a private copy */
	kf->buf_len = body_end - (hdr_len + 1) + 1;
	kf->buf = malloc(kf->buf_len);
	if (!kf->buf)
		return -KSRTP_ENOMEM;
	memcpy(kf->buf, text + hdr_len + 1, kf->buf_len - 1);
	kf->buf[kf->buf_len - 1] = 0;
	err = -KSRTP_EKMS_FILE_FIELD;
	for (p = kf->buf; *p; p = end + 1) {
		char *colon, *name = p;
		struct kf_field *nf;

		end = strchr(p, '\n');
		if (!end)
			goto fail;
		*end = 0;
		if (*p == '#')
			continue;
		colon = strchr(p, ':');
		if (!colon || colon == p || colon[1] != ' ' || !colon[2])
			goto fail;
		*colon = 0;
		for (char *c = name; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
				goto fail;
		for (char *c = colon + 2; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7E)
				goto fail;
		if (kf->n >= KF_MAX_FIELDS)
			goto fail;
		nf = realloc(kf->f, (kf->n + 1) * sizeof(*kf->f));
		if (!nf) {
			err = -KSRTP_ENOMEM;
			goto fail;
		}
		kf->f = nf;
		kf->f[kf->n++] = (struct kf_field){.name = name, .val = colon + 2};
	}
	return 0;
fail:
	kf_free(kf);
	return err;
}

int kf_get(struct kf *kf, const char *name, const char **val, bool optional)
{
	const char *found = NULL;

	for (size_t i = 0; i < kf->n; i++) {
		if (strcmp(kf->f[i].name, name))
			continue;
		if (found)
			return -KSRTP_EKMS_FILE_FIELD;
		found = kf->f[i].val;
		kf->f[i].used = true;
	}
	if (!found && !optional)
		return -KSRTP_EKMS_FILE_FIELD;
	*val = found;
	return 0;
}

int kf_get_hex(struct kf *kf, const char *name, uint8_t *out, size_t len)
{
	const char *v;
	int err = kf_get(kf, name, &v, false);

	return err ? err : kf_hex_decode(v, strlen(v), out, len);
}

int kf_get_u64(struct kf *kf, const char *name, uint64_t *out)
{
	const char *v;
	int err = kf_get(kf, name, &v, false);

	return err ? err : kf_parse_u64(v, out);
}

int kf_get_i64(struct kf *kf, const char *name, int64_t *out)
{
	const char *v;
	uint64_t u;
	int err = kf_get(kf, name, &v, false);
	bool neg;

	if (err)
		return err;
	neg = v[0] == '-';
	err = kf_parse_u64(v + neg, &u);
	if (err || u > (uint64_t)INT64_MAX || (neg && u == 0))
		return -KSRTP_EKMS_FILE_FIELD;
	*out = neg ? -(int64_t)u : (int64_t)u;
	return 0;
}

int kf_get_uri(struct kf *kf, const char *name, char *out, size_t size)
{
	const char *v;
	int err = kf_get(kf, name, &v, false);

	if (err)
		return err;
	if (ksrtp_id_uri_check(v) || strlen(v) >= size)
		return -KSRTP_EKMS_FILE_FIELD;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int kf_all_used(const struct kf *kf)
{
	for (size_t i = 0; i < kf->n; i++)
		if (!kf->f[i].used)
			return -KSRTP_EKMS_FILE_FIELD;
	return 0;
}

/* ---- output buffer ----------------------------------------------------------------------- */

static void kb_reserve(struct kbuf *b, size_t more)
{
	size_t cap;
	char *np;

	if (b->fail || b->cap - b->len > more)
		return;
	cap = b->cap ? b->cap : 1024;
	while (cap - b->len <= more)
		cap *= 2;
	np = malloc(cap);
	if (!np) {
		b->fail = true;
		return;
	}
	if (b->p) {
		memcpy(np, b->p, b->len);
		OPENSSL_cleanse(b->p, b->cap);
		free(b->p);
	}
	b->p = np;
	b->cap = cap;
}

void kb_put(struct kbuf *b, const char *s, size_t n)
{
	kb_reserve(b, n);
	if (b->fail)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void kb_printf(struct kbuf *b, const char *fmt, ...)
{
	char tmp[KSRTP_ID_URI_MAX + 256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		b->fail = true;
		return;
	}
	kb_put(b, tmp, (size_t)n);
	OPENSSL_cleanse(tmp, sizeof(tmp));
}

void kb_hex(struct kbuf *b, const uint8_t *p, size_t n, bool upper)
{
	const char *d = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	kb_reserve(b, 2 * n);
	if (b->fail)
		return;
	for (size_t i = 0; i < n; i++) {
		b->p[b->len++] = d[p[i] >> 4];
		b->p[b->len++] = d[p[i] & 15];
	}
	b->p[b->len] = 0;
}

void kb_free(struct kbuf *b)
{
	if (b->p) {
		OPENSSL_cleanse(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}

int kb_seal(struct kbuf *b)
{
	uint8_t h[32];

	if (b->fail)
		return -KSRTP_ENOMEM;
	if (EVP_Digest(b->p, b->len, h, NULL, EVP_sha256(), NULL) != 1)
		return -KSRTP_ECRYPTO;
	kb_put(b, "sha256: ", 8);
	kb_hex(b, h, 32, false);
	kb_put(b, "\n", 1);
	return b->fail ? -KSRTP_ENOMEM : 0;
}

void ksrtp_kms_text_free(char *text, size_t len)
{
	if (!text)
		return;
	OPENSSL_cleanse(text, len);
	free(text);
}

/* ---- files --------------------------------------------------------------------------------- */

int kf_write_atomic(const char *path, const char *data, size_t len, unsigned int mode)
{
	char *tmp, *dcopy = NULL;
	size_t pl;
	int fd, dfd, err = -KSRTP_EIO;

	if (!path || !*path)
		return -KSRTP_EINVAL;
	pl = strlen(path);
	tmp = malloc(pl + 16);
	if (!tmp)
		return -KSRTP_ENOMEM;
	snprintf(tmp, pl + 16, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -KSRTP_EIO;
	}
	if (fchmod(fd, (mode_t)mode))
		goto fail_fd;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail_fd;
		off += (size_t)w;
	}
	if (fsync(fd))
		goto fail_fd;
	if (close(fd)) {
		fd = -1;
		goto fail_unlink;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail_unlink;
	/* make the rename durable */
	dcopy = strdup(path);
	if (dcopy) {
		dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dcopy);
	}
	free(tmp);
	return 0;
fail_fd : {
	int saved = errno;

	close(fd);
	errno = saved;
}
fail_unlink : {
	int saved = errno;

	unlink(tmp);
	errno = saved;
}
	free(tmp);
	return err;
}

int kf_read(const char *path, char **data, size_t *len, size_t max)
{
	struct stat st;
	char *buf;
	size_t n = 0;
	int fd;

	if (!path || !data || !len)
		return -KSRTP_EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -KSRTP_EIO;
	if (fstat(fd, &st)) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -KSRTP_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -KSRTP_EIO;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return -KSRTP_EKMS_FILE_TOO_BIG;
	}
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		return -KSRTP_ENOMEM;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, max + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int saved = errno;

			OPENSSL_cleanse(buf, n);
			free(buf);
			close(fd);
			errno = saved;
			return -KSRTP_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			OPENSSL_cleanse(buf, n);
			free(buf);
			close(fd);
			return -KSRTP_EKMS_FILE_TOO_BIG;
		}
	}
	close(fd);
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}
