// SPDX-License-Identifier: GPL-2.0
/*
 * kms.c - a MIKEY-SAKKE KMS: creation, directories (kms.pub, kms.secret, revoked), key
 * periods, identities, revocation, provisioning, and key set files and checks.
 */
#include <ksrtp/err.h>
#include <ksrtp/kms.h>

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "internal.h"
#include "kms_internal.h"

const char *ksrtp__kms_msg(int code)
{
	switch (code) {
	case KSRTP_EKMS_BAD_URI:
		return "KMS: a URI is empty, too long, or contains spaces or control characters";
	case KSRTP_EKMS_BAD_ID: return "KMS: malformed identity";
	case KSRTP_EKMS_BAD_PERIOD:
		return "KMS: bad key period (length 0, time before the offset, or out of range)";
	case KSRTP_EKMS_BAD_FORMAT: return "KMS: unknown identity format (use rfc6509 or 3gpp)";
	case KSRTP_EKMS_FILE_TYPE: return "key file: not a ksrtp key file of the expected kind";
	case KSRTP_EKMS_FILE_VERSION: return "key file: unsupported format version";
	case KSRTP_EKMS_FILE_TRUNCATED:
		return "key file: truncated (no complete sha256 integrity line at the end)";
	case KSRTP_EKMS_FILE_CORRUPT:
		return "key file: corrupt (the SHA-256 integrity check does not match)";
	case KSRTP_EKMS_FILE_FIELD:
		return "key file: a field is missing, repeated, unknown or malformed";
	case KSRTP_EKMS_FILE_TOO_BIG: return "key file: too large to be a key file";
	case KSRTP_EKMS_WRONG_KMS:
		return "KMS: key material of another KMS (KMS URI, KPAK or Z differ)";
	case KSRTP_EKMS_NOT_YET_VALID:
		return "KMS: the key set is not valid yet (its key period has not started)";
	case KSRTP_EKMS_EXPIRED: return "KMS: the key set has expired (its key period is over)";
	case KSRTP_EKMS_REVOKED: return "KMS: the identity is revoked";
	case KSRTP_EKMS_NO_SECRETS: return "KMS: this needs the KMS secrets (kms.secret)";
	case KSRTP_EKMS_EXISTS: return "KMS: a KMS already exists in that directory";
	case KSRTP_EKMS_NO_KMS: return "KMS: no KMS there (kms.pub missing)";
	case KSRTP_EKMS_ID_MISMATCH:
		return "KMS: the identity does not match the user URI and key period";
	case KSRTP_EKMS_XML_SYNTAX: return "KMS XML: malformed or unsupported XML";
	case KSRTP_EKMS_XML_TOO_BIG: return "KMS XML: document too large or nested too deeply";
	case KSRTP_EKMS_XML_SCHEMA:
		return "KMS XML: not a TS 33.180 KMS document (element missing, repeated or "
		       "misplaced)";
	case KSRTP_EKMS_XML_VALUE:
		return "KMS XML: an element has a malformed value (hex, integer, boolean or date)";
	case KSRTP_EKMS_XML_ENCRYPTED:
		return "KMS XML: the keys are encrypted (transport key), which is not supported";
	default: return NULL;
	}
}

const char *ksrtp_id_format_name(enum ksrtp_id_format f)
{
	switch (f) {
	case KSRTP_ID_FORMAT_RFC6509: return "rfc6509";
	case KSRTP_ID_FORMAT_3GPP: return "3gpp";
	default: return "unknown";
	}
}

int ksrtp_id_format_parse(const char *name, enum ksrtp_id_format *f)
{
	if (!name || !f)
		return -KSRTP_EINVAL;
	if (!strcmp(name, "rfc6509"))
		*f = KSRTP_ID_FORMAT_RFC6509;
	else if (!strcmp(name, "3gpp"))
		*f = KSRTP_ID_FORMAT_3GPP;
	else
		return -KSRTP_EKMS_BAD_FORMAT;
	return 0;
}

/* ---- periods and identities -------------------------------------------------------------- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant's algorithm. */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned int yoe = (unsigned int)(y - era * 400);
	unsigned int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int64_t)doe - 719468;
}

int kms__bounds(enum ksrtp_id_format fmt, uint64_t period, uint64_t offset, uint64_t period_no,
		int64_t *from, int64_t *to)
{
	if (fmt == KSRTP_ID_FORMAT_RFC6509) {
		uint64_t y = period_no / 12;
		unsigned int m = (unsigned int)(period_no % 12) + 1;

		if (y < 1970 || y > 9999)
			return -KSRTP_EKMS_BAD_PERIOD;
		*from = days_from_civil((int64_t)y, m, 1) * 86400;
		*to = (m == 12 ? days_from_civil((int64_t)y + 1, 1, 1)
			       : days_from_civil((int64_t)y, m + 1, 1)) *
			      86400 -
		      1;
		return 0;
	}
	if (fmt != KSRTP_ID_FORMAT_3GPP)
		return -KSRTP_EKMS_BAD_FORMAT;
	/* NTP start = offset + no * period must stay representable */
	if (period == 0 || period_no > (UINT64_MAX / 4 - offset) / period)
		return -KSRTP_EKMS_BAD_PERIOD;
	uint64_t start = offset + period_no * period;

	if (start + period - 1 > (uint64_t)INT64_MAX)
		return -KSRTP_EKMS_BAD_PERIOD;
	*from = ksrtp_unix_from_ntp(start);
	*to = ksrtp_unix_from_ntp(start + period - 1);
	return 0;
}

int kms__identity(const char *kms_uri, enum ksrtp_id_format fmt, uint64_t period, uint64_t offset,
		  const char *uri, uint64_t period_no, uint8_t *id, size_t id_size, size_t *id_len)
{
	int err;

	if (fmt == KSRTP_ID_FORMAT_RFC6509) {
		if (period_no / 12 > 9999)
			return -KSRTP_EKMS_BAD_PERIOD;
		return ksrtp_id_rfc6509(id, id_size, id_len, (unsigned int)(period_no / 12),
					(unsigned int)(period_no % 12) + 1, uri);
	}
	if (fmt != KSRTP_ID_FORMAT_3GPP)
		return -KSRTP_EKMS_BAD_FORMAT;
	if (id_size < KSRTP_ID_UID_LEN)
		return -KSRTP_EBUFSIZE;
	err = ksrtp_id_uid(id, uri, kms_uri, period, offset, period_no);
	if (!err)
		*id_len = KSRTP_ID_UID_LEN;
	return err;
}

static int period_at(enum ksrtp_id_format fmt, uint64_t period, uint64_t offset, int64_t t,
		     uint64_t *no)
{
	if (fmt == KSRTP_ID_FORMAT_RFC6509) {
		struct tm tm;
		time_t tt = (time_t)t;

		if (!gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 1970 || tm.tm_year + 1900 > 9999)
			return -KSRTP_EKMS_BAD_PERIOD;
		*no = (uint64_t)(tm.tm_year + 1900) * 12 + (uint64_t)tm.tm_mon;
		return 0;
	}
	if (fmt != KSRTP_ID_FORMAT_3GPP)
		return -KSRTP_EKMS_BAD_FORMAT;
	if (t < -(int64_t)KSRTP_NTP_UNIX_OFFSET)
		return -KSRTP_EKMS_BAD_PERIOD;
	return ksrtp_id_period_no(ksrtp_ntp_from_unix(t), period, offset, no);
}

int ksrtp_kms_period_at(const struct ksrtp_kms *kms, int64_t unix_time, uint64_t *period_no)
{
	if (!kms || !period_no)
		return -KSRTP_EINVAL;
	return period_at(kms->fmt, kms->period, kms->offset, unix_time, period_no);
}

int ksrtp_kms_period_bounds(const struct ksrtp_kms *kms, uint64_t period_no, int64_t *from,
			    int64_t *to)
{
	if (!kms || !from || !to)
		return -KSRTP_EINVAL;
	return kms__bounds(kms->fmt, kms->period, kms->offset, period_no, from, to);
}

int ksrtp_kms_identity(const struct ksrtp_kms *kms, const char *uri, uint64_t period_no,
		       uint8_t *id, size_t id_size, size_t *id_len)
{
	if (!kms || !uri || !id || !id_len)
		return -KSRTP_EINVAL;
	return kms__identity(kms->uri, kms->fmt, kms->period, kms->offset, uri, period_no, id,
			     id_size, id_len);
}

/* ---- the KMS object ---------------------------------------------------------------------- */

struct ksrtp_kms *kms__alloc(void)
{
	struct ksrtp_kms *k = calloc(1, sizeof(*k));

	if (k && pthread_mutex_init(&k->lock, NULL)) {
		free(k);
		return NULL;
	}
	return k;
}

void ksrtp_kms_free(struct ksrtp_kms *kms)
{
	if (!kms)
		return;
	for (size_t i = 0; i < kms->n_revoked; i++)
		free(kms->revoked[i]);
	free(kms->revoked);
	free(kms->dir);
	pthread_mutex_destroy(&kms->lock);
	OPENSSL_cleanse(kms, sizeof(*kms));
	free(kms);
}

static int params_check(const struct ksrtp_kms_params *p, enum ksrtp_id_format *fmt,
			uint64_t *period, uint64_t *offset)
{
	int err;

	if (!p)
		return -KSRTP_EINVAL;
	err = ksrtp_id_uri_check(p->uri);
	if (err)
		return err;
	*fmt = p->id_format ? p->id_format : KSRTP_ID_FORMAT_3GPP;
	if (*fmt != KSRTP_ID_FORMAT_3GPP && *fmt != KSRTP_ID_FORMAT_RFC6509)
		return -KSRTP_EKMS_BAD_FORMAT;
	if (*fmt == KSRTP_ID_FORMAT_RFC6509) {
		*period = 0;
		*offset = 0;
		return 0;
	}
	*period = p->period ? p->period : KMS_PERIOD_DEFAULT;
	*offset = p->offset;
	if (*period > UINT32_MAX || *offset > UINT32_MAX * 4ULL)
		return -KSRTP_EKMS_BAD_PERIOD;
	return 0;
}

int ksrtp_kms_create(struct ksrtp_kms **out, const struct ksrtp_kms_params *p)
{
	struct ksrtp_kms *k;
	int err;

	if (!out)
		return -KSRTP_EINVAL;
	*out = NULL;
	k = kms__alloc();
	if (!k)
		return -KSRTP_ENOMEM;
	err = params_check(p, &k->fmt, &k->period, &k->offset);
	if (err)
		goto fail;
	snprintf(k->uri, sizeof(k->uri), "%s", p->uri);
	err = ksrtp_sakke_kms_keygen(k->z, k->z_pub);
	if (!err)
		err = ksrtp_eccsi_kms_keygen(k->ksak, k->kpak);
	if (err)
		goto fail;
	k->has_secrets = true;
	*out = k;
	return 0;
fail:
	ksrtp_kms_free(k);
	return err;
}

int ksrtp_kms_new_public(struct ksrtp_kms **out, const struct ksrtp_kms_params *p,
			 const uint8_t z_pub[KSRTP_SAKKE_POINT_LEN],
			 const uint8_t kpak[KSRTP_ECCSI_POINT_LEN])
{
	struct ksrtp_eccsi_verifier *v = NULL;
	struct ksrtp_sakke_pub *sp = NULL;
	struct ksrtp_kms *k;
	int err;

	if (!out || !z_pub || !kpak)
		return -KSRTP_EINVAL;
	*out = NULL;
	k = kms__alloc();
	if (!k)
		return -KSRTP_ENOMEM;
	err = params_check(p, &k->fmt, &k->period, &k->offset);
	if (!err)
		err = ksrtp_eccsi_verifier_new(&v, kpak);
	if (!err)
		err = ksrtp_sakke_pub_new(&sp, z_pub);
	ksrtp_eccsi_verifier_free(v);
	ksrtp_sakke_pub_free(sp);
	if (err) {
		ksrtp_kms_free(k);
		return err;
	}
	snprintf(k->uri, sizeof(k->uri), "%s", p->uri);
	memcpy(k->z_pub, z_pub, sizeof(k->z_pub));
	memcpy(k->kpak, kpak, sizeof(k->kpak));
	*out = k;
	return 0;
}

const char *ksrtp_kms_uri(const struct ksrtp_kms *kms)
{
	return kms ? kms->uri : NULL;
}

enum ksrtp_id_format ksrtp_kms_id_format(const struct ksrtp_kms *kms)
{
	return kms ? kms->fmt : 0;
}

uint64_t ksrtp_kms_period(const struct ksrtp_kms *kms)
{
	return kms ? kms->period : 0;
}

uint64_t ksrtp_kms_offset(const struct ksrtp_kms *kms)
{
	return kms ? kms->offset : 0;
}

const uint8_t *ksrtp_kms_z(const struct ksrtp_kms *kms)
{
	return kms ? kms->z_pub : NULL;
}

const uint8_t *ksrtp_kms_kpak(const struct ksrtp_kms *kms)
{
	return kms ? kms->kpak : NULL;
}

int ksrtp_kms_has_secrets(const struct ksrtp_kms *kms)
{
	return kms && kms->has_secrets;
}

/* ---- kms.pub / kms.secret / revoked ------------------------------------------------------- */

static void put_kms_public_fields(struct kbuf *b, const struct ksrtp_kms *k)
{
	kb_printf(b, "kms-uri: %s\n", k->uri);
	kb_printf(b, "id-format: %s\n", ksrtp_id_format_name(k->fmt));
	kb_printf(b, "key-period: %llu\n", (unsigned long long)k->period);
	kb_printf(b, "key-offset: %llu\n", (unsigned long long)k->offset);
	kb_put(b, "kms-z: ", 7);
	kb_hex(b, k->z_pub, sizeof(k->z_pub), false);
	kb_put(b, "\nkms-kpak: ", 11);
	kb_hex(b, k->kpak, sizeof(k->kpak), false);
	kb_put(b, "\n", 1);
}

static int get_kms_public_fields(struct kf *kf, char *uri, enum ksrtp_id_format *fmt,
				 uint64_t *period, uint64_t *offset, uint8_t *z_pub, uint8_t *kpak)
{
	const char *f;
	int err;

	err = kf_get_uri(kf, "kms-uri", uri, KSRTP_ID_URI_MAX + 1);
	if (!err)
		err = kf_get(kf, "id-format", &f, false);
	if (!err && ksrtp_id_format_parse(f, fmt))
		err = -KSRTP_EKMS_FILE_FIELD;
	if (!err)
		err = kf_get_u64(kf, "key-period", period);
	if (!err)
		err = kf_get_u64(kf, "key-offset", offset);
	if (!err)
		err = kf_get_hex(kf, "kms-z", z_pub, KSRTP_SAKKE_POINT_LEN);
	if (!err)
		err = kf_get_hex(kf, "kms-kpak", kpak, KSRTP_ECCSI_POINT_LEN);
	if (err)
		return err;
	/* a 3GPP KMS needs a period; RFC 6509 KMSs have monthly periods (0 0 in the file) */
	if ((*fmt == KSRTP_ID_FORMAT_3GPP &&
	     (*period == 0 || *period > UINT32_MAX || *offset > UINT32_MAX * 4ULL)) ||
	    (*fmt == KSRTP_ID_FORMAT_RFC6509 && (*period || *offset)))
		return -KSRTP_EKMS_FILE_FIELD;
	return 0;
}

int ksrtp_kms_parse_public(struct ksrtp_kms **out, const char *text, size_t len)
{
	struct ksrtp_kms *k;
	struct kf kf;
	int err;

	if (!out)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = kf_parse(&kf, text, len, "ksrtp-kms-public");
	if (err)
		return err;
	k = kms__alloc();
	if (!k) {
		kf_free(&kf);
		return -KSRTP_ENOMEM;
	}
	err = get_kms_public_fields(&kf, k->uri, &k->fmt, &k->period, &k->offset, k->z_pub,
				    k->kpak);
	if (!err)
		err = kf_all_used(&kf);
	kf_free(&kf);
	if (err) {
		ksrtp_kms_free(k);
		return err;
	}
	*out = k;
	return 0;
}

static int format_public(const struct ksrtp_kms *k, struct kbuf *b)
{
	kb_printf(b, "ksrtp-kms-public 1\n");
	kb_printf(b, "# KMS public parameters (SAKKE Z, ECCSI KPAK); see docs/key-files.md\n");
	put_kms_public_fields(b, k);
	return kb_seal(b);
}

int ksrtp_kms_save_public(const struct ksrtp_kms *kms, const char *path)
{
	struct kbuf b = {0};
	int err;

	if (!kms || !path)
		return -KSRTP_EINVAL;
	err = format_public(kms, &b);
	if (!err)
		err = kf_write_atomic(path, b.p, b.len, 0644);
	kb_free(&b);
	return err;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static int save_revoked(const struct ksrtp_kms *k)
{
	struct kbuf b = {0};
	char *path;
	int err;

	if (!k->dir)
		return 0;
	kb_printf(&b, "ksrtp-kms-revoked 1\n");
	kb_printf(&b, "kms-uri: %s\n", k->uri);
	for (size_t i = 0; i < k->n_revoked; i++)
		kb_printf(&b, "revoked: %s\n", k->revoked[i]);
	err = kb_seal(&b);
	path = path_join(k->dir, "revoked");
	if (!path)
		err = -KSRTP_ENOMEM;
	if (!err)
		err = kf_write_atomic(path, b.p, b.len, 0644);
	free(path);
	kb_free(&b);
	return err;
}

int ksrtp_kms_save_dir(const struct ksrtp_kms *kms, const char *dir)
{
	struct kbuf b = {0};
	char *path = NULL;
	int err;

	if (!kms || !dir)
		return -KSRTP_EINVAL;
	if (kms->has_secrets) {
		kb_printf(&b, "ksrtp-kms-secret 1\n");
		kb_printf(&b,
			  "# KMS SECRETS: SAKKE master secret z and ECCSI KSAK. Keep private.\n");
		kb_printf(&b, "kms-uri: %s\n", kms->uri);
		kb_put(&b, "kms-z: ", 7);
		kb_hex(&b, kms->z_pub, sizeof(kms->z_pub), false);
		kb_put(&b, "\nkms-kpak: ", 11);
		kb_hex(&b, kms->kpak, sizeof(kms->kpak), false);
		kb_put(&b, "\nz: ", 4);
		kb_hex(&b, kms->z, sizeof(kms->z), false);
		kb_put(&b, "\nksak: ", 7);
		kb_hex(&b, kms->ksak, sizeof(kms->ksak), false);
		kb_put(&b, "\n", 1);
		err = kb_seal(&b);
		path = path_join(dir, "kms.secret");
		if (!path)
			err = -KSRTP_ENOMEM;
		if (!err)
			err = kf_write_atomic(path, b.p, b.len, 0600);
		free(path);
		kb_free(&b);
		if (err)
			return err;
	}
	path = path_join(dir, "kms.pub");
	err = path ? ksrtp_kms_save_public(kms, path) : -KSRTP_ENOMEM;
	free(path);
	return err;
}

int ksrtp_kms_init_dir(struct ksrtp_kms **out, const char *dir, const struct ksrtp_kms_params *p)
{
	struct ksrtp_kms *k = NULL;
	struct stat st;
	char *pub;
	int err;

	if (!dir || !p)
		return -KSRTP_EINVAL;
	if (out)
		*out = NULL;
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -KSRTP_EIO;
	pub = path_join(dir, "kms.pub");
	if (!pub)
		return -KSRTP_ENOMEM;
	err = stat(pub, &st) == 0 ? -KSRTP_EKMS_EXISTS : 0;
	free(pub);
	if (err)
		return err;
	err = ksrtp_kms_create(&k, p);
	if (err)
		return err;
	k->dir = strdup(dir);
	if (!k->dir)
		err = -KSRTP_ENOMEM;
	if (!err)
		err = ksrtp_kms_save_dir(k, dir);
	if (!err)
		err = save_revoked(k);
	if (err || !out)
		ksrtp_kms_free(k);
	else
		*out = k;
	return err;
}

static int load_secret(struct ksrtp_kms *k, const char *path)
{
	char *text = NULL, uri[KSRTP_ID_URI_MAX + 1];
	uint8_t z_pub[KSRTP_SAKKE_POINT_LEN], kpak[KSRTP_ECCSI_POINT_LEN];
	size_t len;
	struct kf kf;
	int err;

	err = kf_read(path, &text, &len, KF_MAX_SIZE);
	if (err == -KSRTP_EIO && (errno == ENOENT || errno == EACCES))
		return 0; /* a public-only KMS directory, or not ours to read: public use only */
	if (err)
		return err;
	err = kf_parse(&kf, text, len, "ksrtp-kms-secret");
	ksrtp_kms_text_free(text, len);
	if (err)
		return err;
	err = kf_get_uri(&kf, "kms-uri", uri, sizeof(uri));
	if (!err)
		err = kf_get_hex(&kf, "kms-z", z_pub, sizeof(z_pub));
	if (!err)
		err = kf_get_hex(&kf, "kms-kpak", kpak, sizeof(kpak));
	if (!err)
		err = kf_get_hex(&kf, "z", k->z, sizeof(k->z));
	if (!err)
		err = kf_get_hex(&kf, "ksak", k->ksak, sizeof(k->ksak));
	if (!err)
		err = kf_all_used(&kf);
	kf_free(&kf);
	if (err)
		return err;
	if (strcmp(uri, k->uri) || memcmp(z_pub, k->z_pub, sizeof(z_pub)) ||
	    memcmp(kpak, k->kpak, sizeof(kpak)))
		return -KSRTP_EKMS_WRONG_KMS;
	/* the secrets must be those of the public keys */
	err = ksrtp_sakke_kms_public(k->z, sizeof(k->z), z_pub);
	if (!err)
		err = ksrtp_eccsi_kms_public(k->ksak, kpak);
	if (err)
		return err;
	if (memcmp(z_pub, k->z_pub, sizeof(z_pub)) || memcmp(kpak, k->kpak, sizeof(kpak)))
		return -KSRTP_EKMS_WRONG_KMS;
	k->has_secrets = true;
	return 0;
}

static int load_revoked(struct ksrtp_kms *k, const char *path)
{
	char *text = NULL, uri[KSRTP_ID_URI_MAX + 1];
	size_t len;
	struct kf kf;
	int err;

	err = kf_read(path, &text, &len, KF_MAX_SIZE);
	if (err == -KSRTP_EIO && errno == ENOENT)
		return 0;
	if (err)
		return err;
	err = kf_parse(&kf, text, len, "ksrtp-kms-revoked");
	ksrtp_kms_text_free(text, len);
	if (err)
		return err;
	err = kf_get_uri(&kf, "kms-uri", uri, sizeof(uri));
	if (!err && strcmp(uri, k->uri))
		err = -KSRTP_EKMS_WRONG_KMS;
	for (size_t i = 0; !err && i < kf.n; i++) {
		char **nr;

		if (strcmp(kf.f[i].name, "revoked"))
			continue;
		kf.f[i].used = true;
		if (ksrtp_id_uri_check(kf.f[i].val)) {
			err = -KSRTP_EKMS_FILE_FIELD;
			break;
		}
		nr = realloc(k->revoked, (k->n_revoked + 1) * sizeof(*nr));
		if (!nr || !(nr[k->n_revoked] = strdup(kf.f[i].val))) {
			if (nr)
				k->revoked = nr;
			err = -KSRTP_ENOMEM;
			break;
		}
		k->revoked = nr;
		k->n_revoked++;
	}
	if (!err)
		err = kf_all_used(&kf);
	kf_free(&kf);
	return err;
}

int ksrtp_kms_open_dir(struct ksrtp_kms **out, const char *dir)
{
	struct ksrtp_kms *k = NULL;
	char *text = NULL, *path;
	size_t len;
	int err;

	if (!out || !dir)
		return -KSRTP_EINVAL;
	*out = NULL;
	path = path_join(dir, "kms.pub");
	if (!path)
		return -KSRTP_ENOMEM;
	err = kf_read(path, &text, &len, KF_MAX_SIZE);
	free(path);
	if (err == -KSRTP_EIO && errno == ENOENT)
		return -KSRTP_EKMS_NO_KMS;
	if (err)
		return err;
	err = ksrtp_kms_parse_public(&k, text, len);
	ksrtp_kms_text_free(text, len);
	if (err)
		return err;
	k->dir = strdup(dir);
	if (!k->dir) {
		ksrtp_kms_free(k);
		return -KSRTP_ENOMEM;
	}
	path = path_join(dir, "kms.secret");
	err = path ? load_secret(k, path) : -KSRTP_ENOMEM;
	free(path);
	if (!err) {
		path = path_join(dir, "revoked");
		err = path ? load_revoked(k, path) : -KSRTP_ENOMEM;
		free(path);
	}
	if (err) {
		ksrtp_kms_free(k);
		return err;
	}
	*out = k;
	return 0;
}

int ksrtp_kms_load(struct ksrtp_kms **out, const char *path)
{
	struct stat st;
	char *text;
	size_t len;
	int err;

	if (!out || !path)
		return -KSRTP_EINVAL;
	*out = NULL;
	if (stat(path, &st))
		return -KSRTP_EIO;
	if (S_ISDIR(st.st_mode))
		return ksrtp_kms_open_dir(out, path);
	err = kf_read(path, &text, &len, KF_MAX_SIZE);
	if (err)
		return err;
	err = ksrtp_kms_parse_public(out, text, len);
	ksrtp_kms_text_free(text, len);
	return err;
}

/* ---- revocation ------------------------------------------------------------------------------ */

int ksrtp_kms_is_revoked(const struct ksrtp_kms *kms, const char *uri)
{
	struct ksrtp_kms *k = (struct ksrtp_kms *)kms; /* the lock only */
	int found = 0;

	if (!kms || !uri)
		return 0;
	pthread_mutex_lock(&k->lock);
	for (size_t i = 0; i < k->n_revoked && !found; i++)
		found = !strcmp(k->revoked[i], uri);
	pthread_mutex_unlock(&k->lock);
	return found;
}

int ksrtp_kms_revoke(struct ksrtp_kms *kms, const char *uri)
{
	char **nr, *copy;
	int err;

	if (!kms)
		return -KSRTP_EINVAL;
	err = ksrtp_id_uri_check(uri);
	if (err)
		return err;
	if (ksrtp_kms_is_revoked(kms, uri))
		return 0;
	copy = strdup(uri);
	if (!copy)
		return -KSRTP_ENOMEM;
	pthread_mutex_lock(&kms->lock);
	nr = realloc(kms->revoked, (kms->n_revoked + 1) * sizeof(*nr));
	if (!nr) {
		pthread_mutex_unlock(&kms->lock);
		free(copy);
		return -KSRTP_ENOMEM;
	}
	kms->revoked = nr;
	kms->revoked[kms->n_revoked++] = copy;
	err = save_revoked(kms);
	if (err)
		free(kms->revoked[--kms->n_revoked]);
	pthread_mutex_unlock(&kms->lock);
	return err;
}

/* ---- provisioning ------------------------------------------------------------------------------
 */

int ksrtp_kms_provision(const struct ksrtp_kms *kms, const char *uri, uint64_t period_no,
			struct ksrtp_keyset **out)
{
	struct ksrtp_keyset *ks;
	int err;

	if (!kms || !out)
		return -KSRTP_EINVAL;
	*out = NULL;
	if (!kms->has_secrets)
		return -KSRTP_EKMS_NO_SECRETS;
	err = ksrtp_id_uri_check(uri);
	if (err)
		return err;
	if (ksrtp_kms_is_revoked(kms, uri))
		return -KSRTP_EKMS_REVOKED;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -KSRTP_ENOMEM;
	snprintf(ks->user_uri, sizeof(ks->user_uri), "%s", uri);
	memcpy(ks->kms_uri, kms->uri, sizeof(ks->kms_uri));
	ks->fmt = kms->fmt;
	ks->period = kms->period;
	ks->offset = kms->offset;
	ks->period_no = period_no;
	memcpy(ks->z_pub, kms->z_pub, sizeof(ks->z_pub));
	memcpy(ks->kpak, kms->kpak, sizeof(ks->kpak));
	err = kms__bounds(kms->fmt, kms->period, kms->offset, period_no, &ks->valid_from,
			  &ks->valid_to);
	if (!err)
		err = ksrtp_kms_identity(kms, uri, period_no, ks->id, sizeof(ks->id), &ks->id_len);
	if (!err)
		err = ksrtp_sakke_kms_rsk(kms->z, sizeof(kms->z), ks->id, ks->id_len, ks->rsk);
	if (!err)
		err = ksrtp_eccsi_kms_issue(kms->ksak, ks->id, ks->id_len, NULL, ks->ssk, ks->pvt);
	if (err) {
		ksrtp_keyset_free(ks);
		return err;
	}
	*out = ks;
	return 0;
}

/* ---- key sets
 * ------------------------------------------------------------------------------------ */

void ksrtp_keyset_free(struct ksrtp_keyset *ks)
{
	if (!ks)
		return;
	OPENSSL_cleanse(ks, sizeof(*ks));
	free(ks);
}

int ksrtp_keyset_new(struct ksrtp_keyset **out, const struct ksrtp_kms *kms, const char *uri,
		     uint64_t period_no, const uint8_t rsk[KSRTP_SAKKE_POINT_LEN],
		     const uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN],
		     const uint8_t pvt[KSRTP_ECCSI_POINT_LEN])
{
	struct ksrtp_keyset *ks;
	int err;

	if (!out || !kms || !rsk || !ssk || !pvt)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = ksrtp_id_uri_check(uri);
	if (err)
		return err;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -KSRTP_ENOMEM;
	snprintf(ks->user_uri, sizeof(ks->user_uri), "%s", uri);
	memcpy(ks->kms_uri, kms->uri, sizeof(ks->kms_uri));
	ks->fmt = kms->fmt;
	ks->period = kms->period;
	ks->offset = kms->offset;
	ks->period_no = period_no;
	memcpy(ks->z_pub, kms->z_pub, sizeof(ks->z_pub));
	memcpy(ks->kpak, kms->kpak, sizeof(ks->kpak));
	memcpy(ks->rsk, rsk, sizeof(ks->rsk));
	memcpy(ks->ssk, ssk, sizeof(ks->ssk));
	memcpy(ks->pvt, pvt, sizeof(ks->pvt));
	err = kms__bounds(kms->fmt, kms->period, kms->offset, period_no, &ks->valid_from,
			  &ks->valid_to);
	if (!err)
		err = ksrtp_kms_identity(kms, uri, period_no, ks->id, sizeof(ks->id), &ks->id_len);
	if (err) {
		ksrtp_keyset_free(ks);
		return err;
	}
	*out = ks;
	return 0;
}

int ksrtp_keyset_format(const struct ksrtp_keyset *ks, char **text, size_t *len)
{
	struct kbuf b = {0};
	int err;

	if (!ks || !text || !len)
		return -KSRTP_EINVAL;
	kb_printf(&b, "ksrtp-keyset 1\n");
	kb_printf(&b, "# MIKEY-SAKKE key set (SAKKE RSK, ECCSI SSK/PVT). SECRET: keep private.\n");
	kb_printf(&b, "kms-uri: %s\n", ks->kms_uri);
	kb_printf(&b, "id-format: %s\n", ksrtp_id_format_name(ks->fmt));
	kb_printf(&b, "key-period: %llu\n", (unsigned long long)ks->period);
	kb_printf(&b, "key-offset: %llu\n", (unsigned long long)ks->offset);
	kb_put(&b, "kms-z: ", 7);
	kb_hex(&b, ks->z_pub, sizeof(ks->z_pub), false);
	kb_put(&b, "\nkms-kpak: ", 11);
	kb_hex(&b, ks->kpak, sizeof(ks->kpak), false);
	kb_printf(&b, "\nuser-uri: %s\n", ks->user_uri);
	kb_printf(&b, "period-no: %llu\n", (unsigned long long)ks->period_no);
	kb_printf(&b, "valid-from: %lld\n", (long long)ks->valid_from);
	kb_printf(&b, "valid-to: %lld\n", (long long)ks->valid_to);
	kb_printf(&b, "revoked: %d\n", ks->revoked ? 1 : 0);
	kb_put(&b, "user-id: ", 9);
	kb_hex(&b, ks->id, ks->id_len, false);
	kb_put(&b, "\nrsk: ", 6);
	kb_hex(&b, ks->rsk, sizeof(ks->rsk), false);
	kb_put(&b, "\nssk: ", 6);
	kb_hex(&b, ks->ssk, sizeof(ks->ssk), false);
	kb_put(&b, "\npvt: ", 6);
	kb_hex(&b, ks->pvt, sizeof(ks->pvt), false);
	kb_put(&b, "\n", 1);
	err = kb_seal(&b);
	if (err) {
		kb_free(&b);
		return err;
	}
	*text = b.p;
	*len = b.len;
	return 0;
}

int ksrtp_keyset_save(const struct ksrtp_keyset *ks, const char *path)
{
	char *text;
	size_t len;
	int err;

	if (!ks || !path)
		return -KSRTP_EINVAL;
	err = ksrtp_keyset_format(ks, &text, &len);
	if (err)
		return err;
	err = kf_write_atomic(path, text, len, 0600);
	ksrtp_kms_text_free(text, len);
	return err;
}

int ksrtp_keyset_parse(struct ksrtp_keyset **out, const char *text, size_t len)
{
	struct ksrtp_keyset *ks;
	const char *v;
	struct kf kf;
	int err;

	if (!out)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = kf_parse(&kf, text, len, "ksrtp-keyset");
	if (err)
		return err;
	ks = calloc(1, sizeof(*ks));
	if (!ks) {
		kf_free(&kf);
		return -KSRTP_ENOMEM;
	}
	err = get_kms_public_fields(&kf, ks->kms_uri, &ks->fmt, &ks->period, &ks->offset, ks->z_pub,
				    ks->kpak);
	if (!err)
		err = kf_get_uri(&kf, "user-uri", ks->user_uri, sizeof(ks->user_uri));
	if (!err)
		err = kf_get_u64(&kf, "period-no", &ks->period_no);
	if (!err)
		err = kf_get_i64(&kf, "valid-from", &ks->valid_from);
	if (!err)
		err = kf_get_i64(&kf, "valid-to", &ks->valid_to);
	if (!err)
		err = kf_get(&kf, "revoked", &v, false);
	if (!err) {
		if (!strcmp(v, "0") || !strcmp(v, "1"))
			ks->revoked = v[0] == '1';
		else
			err = -KSRTP_EKMS_FILE_FIELD;
	}
	if (!err)
		err = kf_get(&kf, "user-id", &v, false);
	if (!err) {
		size_t n = strlen(v) / 2;

		if (n == 0 || n > sizeof(ks->id))
			err = -KSRTP_EKMS_FILE_FIELD;
		else
			err = kf_hex_decode(v, strlen(v), ks->id, n);
		ks->id_len = n;
	}
	if (!err)
		err = kf_get_hex(&kf, "rsk", ks->rsk, sizeof(ks->rsk));
	if (!err)
		err = kf_get_hex(&kf, "ssk", ks->ssk, sizeof(ks->ssk));
	if (!err)
		err = kf_get_hex(&kf, "pvt", ks->pvt, sizeof(ks->pvt));
	if (!err)
		err = kf_all_used(&kf);
	if (!err && ks->valid_to < ks->valid_from)
		err = -KSRTP_EKMS_FILE_FIELD;
	kf_free(&kf);
	if (err) {
		ksrtp_keyset_free(ks);
		return err;
	}
	*out = ks;
	return 0;
}

int ksrtp_keyset_load(struct ksrtp_keyset **out, const char *path)
{
	char *text;
	size_t len;
	int err;

	if (!out || !path)
		return -KSRTP_EINVAL;
	*out = NULL;
	err = kf_read(path, &text, &len, KF_MAX_SIZE);
	if (err)
		return err;
	err = ksrtp_keyset_parse(out, text, len);
	ksrtp_kms_text_free(text, len);
	return err;
}

int ksrtp_keyset_check(const struct ksrtp_keyset *ks, const struct ksrtp_kms *kms, int64_t now)
{
	uint8_t id[KSRTP_ID_MAX];
	size_t id_len;
	int64_t from, to;
	int err;

	if (!ks)
		return -KSRTP_EINVAL;
	if (kms) {
		if (strcmp(kms->uri, ks->kms_uri) ||
		    memcmp(kms->z_pub, ks->z_pub, sizeof(ks->z_pub)) ||
		    memcmp(kms->kpak, ks->kpak, sizeof(ks->kpak)) || kms->fmt != ks->fmt ||
		    kms->period != ks->period || kms->offset != ks->offset)
			return -KSRTP_EKMS_WRONG_KMS;
		if (ksrtp_kms_is_revoked(kms, ks->user_uri))
			return -KSRTP_EKMS_REVOKED;
	}
	if (ks->revoked)
		return -KSRTP_EKMS_REVOKED;
	err = kms__identity(ks->kms_uri, ks->fmt, ks->period, ks->offset, ks->user_uri,
			    ks->period_no, id, sizeof(id), &id_len);
	if (err)
		return err;
	if (id_len != ks->id_len || memcmp(id, ks->id, id_len))
		return -KSRTP_EKMS_ID_MISMATCH;
	/*
	 * The validity is the issuer's (ValidFrom/ValidTo of another KMS may differ from the
	 * key period's bounds); the key period itself must exist.
	 */
	err = kms__bounds(ks->fmt, ks->period, ks->offset, ks->period_no, &from, &to);
	if (err)
		return err;
	if (now != INT64_MIN) {
		if (now < ks->valid_from)
			return -KSRTP_EKMS_NOT_YET_VALID;
		if (now > ks->valid_to)
			return -KSRTP_EKMS_EXPIRED;
	}
	{
		struct ksrtp_sakke_receiver *rx = NULL;
		struct ksrtp_eccsi_signer *s = NULL;

		err = ksrtp_keyset_receiver(ks, NULL, &rx);
		ksrtp_sakke_receiver_free(rx);
		if (err)
			return err;
		err = ksrtp_eccsi_signer_new(&s, ks->kpak, ks->id, ks->id_len, ks->ssk, ks->pvt);
		ksrtp_eccsi_signer_free(s);
	}
	return err;
}

const char *ksrtp_keyset_user_uri(const struct ksrtp_keyset *ks)
{
	return ks ? ks->user_uri : NULL;
}

const char *ksrtp_keyset_kms_uri(const struct ksrtp_keyset *ks)
{
	return ks ? ks->kms_uri : NULL;
}

enum ksrtp_id_format ksrtp_keyset_id_format(const struct ksrtp_keyset *ks)
{
	return ks ? ks->fmt : 0;
}

uint64_t ksrtp_keyset_period(const struct ksrtp_keyset *ks)
{
	return ks ? ks->period : 0;
}

uint64_t ksrtp_keyset_offset(const struct ksrtp_keyset *ks)
{
	return ks ? ks->offset : 0;
}

uint64_t ksrtp_keyset_period_no(const struct ksrtp_keyset *ks)
{
	return ks ? ks->period_no : 0;
}

int64_t ksrtp_keyset_valid_from(const struct ksrtp_keyset *ks)
{
	return ks ? ks->valid_from : 0;
}

int64_t ksrtp_keyset_valid_to(const struct ksrtp_keyset *ks)
{
	return ks ? ks->valid_to : 0;
}

int ksrtp_keyset_revoked(const struct ksrtp_keyset *ks)
{
	return ks && ks->revoked;
}

const uint8_t *ksrtp_keyset_id(const struct ksrtp_keyset *ks, size_t *len)
{
	if (!ks)
		return NULL;
	if (len)
		*len = ks->id_len;
	return ks->id;
}

const uint8_t *ksrtp_keyset_z(const struct ksrtp_keyset *ks)
{
	return ks ? ks->z_pub : NULL;
}

const uint8_t *ksrtp_keyset_kpak(const struct ksrtp_keyset *ks)
{
	return ks ? ks->kpak : NULL;
}

const uint8_t *ksrtp_keyset_rsk(const struct ksrtp_keyset *ks)
{
	return ks ? ks->rsk : NULL;
}

const uint8_t *ksrtp_keyset_ssk(const struct ksrtp_keyset *ks)
{
	return ks ? ks->ssk : NULL;
}

const uint8_t *ksrtp_keyset_pvt(const struct ksrtp_keyset *ks)
{
	return ks ? ks->pvt : NULL;
}

int ksrtp_keyset_kms(const struct ksrtp_keyset *ks, struct ksrtp_kms **out)
{
	struct ksrtp_kms *k;

	if (!ks || !out)
		return -KSRTP_EINVAL;
	k = kms__alloc();
	if (!k)
		return -KSRTP_ENOMEM;
	memcpy(k->uri, ks->kms_uri, sizeof(k->uri));
	k->fmt = ks->fmt;
	k->period = ks->period;
	k->offset = ks->offset;
	memcpy(k->z_pub, ks->z_pub, sizeof(k->z_pub));
	memcpy(k->kpak, ks->kpak, sizeof(k->kpak));
	*out = k;
	return 0;
}

int ksrtp_keyset_peer_id(const struct ksrtp_keyset *ks, const char *uri, uint8_t *id,
			 size_t id_size, size_t *id_len)
{
	if (!ks || !uri || !id || !id_len)
		return -KSRTP_EINVAL;
	return kms__identity(ks->kms_uri, ks->fmt, ks->period, ks->offset, uri, ks->period_no, id,
			     id_size, id_len);
}

int ksrtp_keyset_signer(const struct ksrtp_keyset *ks, struct ksrtp_eccsi_signer **out)
{
	if (!ks || !out)
		return -KSRTP_EINVAL;
	return ksrtp_eccsi_signer_new(out, ks->kpak, ks->id, ks->id_len, ks->ssk, ks->pvt);
}

int ksrtp_keyset_verifier(const struct ksrtp_keyset *ks, struct ksrtp_eccsi_verifier **out)
{
	if (!ks || !out)
		return -KSRTP_EINVAL;
	return ksrtp_eccsi_verifier_new(out, ks->kpak);
}

int ksrtp_keyset_receiver(const struct ksrtp_keyset *ks, const struct ksrtp_sakke_pub *pub,
			  struct ksrtp_sakke_receiver **out)
{
	struct ksrtp_sakke_pub *own = NULL;
	int err;

	if (!ks || !out)
		return -KSRTP_EINVAL;
	if (!pub) {
		err = ksrtp_sakke_pub_new(&own, ks->z_pub);
		if (err)
			return err;
		pub = own;
	}
	err = ksrtp_sakke_receiver_new(out, pub, ks->id, ks->id_len, ks->rsk);
	ksrtp_sakke_pub_free(own);
	return err;
}

int ksrtp_keyset_sakke_pub(const struct ksrtp_keyset *ks, struct ksrtp_sakke_pub **out)
{
	if (!ks || !out)
		return -KSRTP_EINVAL;
	return ksrtp_sakke_pub_new(out, ks->z_pub);
}
