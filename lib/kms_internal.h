/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kms_internal.h - what lib/kms.c, lib/kms_file.c and lib/kms_xml.c share (not public API).
 */
#ifndef KSRTP_LIB_KMS_INTERNAL_H
#define KSRTP_LIB_KMS_INTERNAL_H

#include <ksrtp/kms.h>

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KMS_PERIOD_DEFAULT 2592000ULL /* 30 days */

struct ksrtp_kms {
	char uri[KSRTP_ID_URI_MAX + 1];
	enum ksrtp_id_format fmt;
	uint64_t period, offset;
	uint8_t z_pub[KSRTP_SAKKE_POINT_LEN];
	uint8_t kpak[KSRTP_ECCSI_POINT_LEN];
	bool has_secrets;
	uint8_t z[KSRTP_SAKKE_SCALAR_LEN];    /* secret */
	uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN]; /* secret */
	char *dir;			      /* the KMS directory, or NULL */
	pthread_mutex_t lock;		      /* guards the revocation list */
	char **revoked;
	size_t n_revoked;
};

struct ksrtp_keyset {
	char user_uri[KSRTP_ID_URI_MAX + 1];
	char kms_uri[KSRTP_ID_URI_MAX + 1];
	enum ksrtp_id_format fmt;
	uint64_t period, offset, period_no;
	int64_t valid_from, valid_to;
	bool revoked;
	uint8_t id[KSRTP_ID_MAX];
	size_t id_len;
	uint8_t z_pub[KSRTP_SAKKE_POINT_LEN];
	uint8_t kpak[KSRTP_ECCSI_POINT_LEN];
	uint8_t rsk[KSRTP_SAKKE_POINT_LEN];  /* secret */
	uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN]; /* secret */
	uint8_t pvt[KSRTP_ECCSI_POINT_LEN];
};

/* kms.c */
struct ksrtp_kms *kms__alloc(void);
int kms__identity(const char *kms_uri, enum ksrtp_id_format fmt, uint64_t period, uint64_t offset,
		  const char *uri, uint64_t period_no, uint8_t *id, size_t id_size, size_t *id_len);
int kms__bounds(enum ksrtp_id_format fmt, uint64_t period, uint64_t offset, uint64_t period_no,
		int64_t *from, int64_t *to);

/* kms_file.c: "name: value" key files with a SHA-256 integrity line. */
#define KF_MAX_SIZE   (64 * 1024)
#define KF_MAX_FIELDS 4096

struct kf_field {
	const char *name; /* points into the parsed copy */
	const char *val;
	bool used;
};

struct kf {
	char *buf; /* a modified copy of the text (wiped on free) */
	size_t buf_len;
	struct kf_field *f;
	size_t n;
};

/* Parse text of kind magic ("ksrtp-keyset", ...), version 1. */
int kf_parse(struct kf *kf, const char *text, size_t len, const char *magic);
void kf_free(struct kf *kf);
/* The one field called name (-FILE_FIELD if missing or repeated, NULL allowed if optional). */
int kf_get(struct kf *kf, const char *name, const char **val, bool optional);
int kf_get_hex(struct kf *kf, const char *name, uint8_t *out, size_t len);
int kf_get_u64(struct kf *kf, const char *name, uint64_t *v);
int kf_get_i64(struct kf *kf, const char *name, int64_t *v);
int kf_get_uri(struct kf *kf, const char *name, char *out, size_t size);
/* -FILE_FIELD if a field was not consumed by a kf_get*. */
int kf_all_used(const struct kf *kf);

/* An output text buffer (wiped when freed). */
struct kbuf {
	char *p;
	size_t len, cap;
	bool fail;
};
void kb_printf(struct kbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kb_put(struct kbuf *b, const char *s, size_t n);
void kb_hex(struct kbuf *b, const uint8_t *p, size_t n, bool upper);
void kb_free(struct kbuf *b);
/* Append "sha256: <hex>\n" over everything so far; returns 0 or -ENOMEM. */
int kb_seal(struct kbuf *b);
/* Write atomically (temp file, fsync, rename, fsync dir) with the given mode. */
int kf_write_atomic(const char *path, const char *data, size_t len, unsigned int mode);
/* Read a whole file of at most max octets (-FILE_TOO_BIG beyond). */
int kf_read(const char *path, char **data, size_t *len, size_t max);

int kf_hex_decode(const char *s, size_t slen, uint8_t *out, size_t len);
int kf_parse_u64(const char *s, uint64_t *v);

#endif
