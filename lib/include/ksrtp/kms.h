/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/kms.h - a MIKEY-SAKKE Key Management Service (KMS) and the key material it issues.
 *
 * A KMS has a SAKKE master secret z (public Z = [z]P, RFC 6508) and an ECCSI secret
 * authentication key KSAK (public KPAK = [KSAK]G, RFC 6507), a URI, an identity format
 * (RFC 6509 "YYYY-MM\0uri\0" with monthly key periods, or TS 33.180 UIDs with key periods
 * of `period` seconds starting at NTP time `offset`), and a revocation list.
 *
 * It provisions *key sets*: for one user (or group) URI and one key period, the SAKKE RSK
 * and the ECCSI SSK/PVT of the identity of that period, with the KMS public keys and
 * period parameters (a key set is self-contained: a peer's identity can be derived from it).
 *
 * Files (docs/key-files.md): a KMS directory holds kms.pub (public), kms.secret (z, KSAK;
 * mode 0600) and revoked (the revocation list); a key set is one file (mode 0600). All are
 * versioned text files "name: value" ending with a SHA-256 integrity line, written
 * atomically. TS 33.180 Annex D XML (KmsCertificate, KmsKeySet, or a KmsResponse holding
 * them) is imported and exported for interoperability with other MCX KMSs.
 *
 * Times are Unix seconds (int64_t) in this API; key period arithmetic uses NTP seconds
 * internally as TS 33.180 does. Objects are immutable after creation except for
 * ksrtp_kms_revoke(); they may be shared between threads for reading. Secrets are wiped
 * when an object is freed. Functions return 0 or a negative KSRTP_E* code.
 */
#ifndef KSRTP_KMS_H
#define KSRTP_KMS_H

#include <stddef.h>
#include <stdint.h>

#include <ksrtp/eccsi.h>
#include <ksrtp/identity.h>
#include <ksrtp/sakke.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ksrtp_kms_err {
	KSRTP_EKMS_BAD_URI = 300,      /* URI empty, too long, or with control characters/spaces */
	KSRTP_EKMS_BAD_ID = 301,       /* malformed identity */
	KSRTP_EKMS_BAD_PERIOD = 302,   /* key period length 0, time before the offset, overflow */
	KSRTP_EKMS_BAD_FORMAT = 303,   /* unknown identity format name or number */
	KSRTP_EKMS_FILE_TYPE = 310,    /* not a ksrtp key file of the expected kind */
	KSRTP_EKMS_FILE_VERSION = 311, /* a ksrtp key file of an unsupported version */
	KSRTP_EKMS_FILE_TRUNCATED = 312, /* the file ends before its integrity line */
	KSRTP_EKMS_FILE_CORRUPT = 313,	 /* the integrity check (SHA-256) does not match */
	KSRTP_EKMS_FILE_FIELD = 314,	 /* a field is missing, repeated, unknown or malformed */
	KSRTP_EKMS_FILE_TOO_BIG = 315,	 /* larger than any valid key file */
	KSRTP_EKMS_WRONG_KMS = 320,	 /* key material of another KMS (URI, KPAK or Z differ) */
	KSRTP_EKMS_NOT_YET_VALID = 321,	 /* before the key set's validity period */
	KSRTP_EKMS_EXPIRED = 322,	 /* after the key set's validity period */
	KSRTP_EKMS_REVOKED = 323,	 /* the identity is revoked */
	KSRTP_EKMS_NO_SECRETS = 324,	 /* the operation needs kms.secret (a full KMS) */
	KSRTP_EKMS_EXISTS = 325,	 /* a KMS already exists in that directory */
	KSRTP_EKMS_NO_KMS = 326,	 /* no KMS (kms.pub) in that directory */
	KSRTP_EKMS_ID_MISMATCH = 327, /* the key set's identity is not the one of its URI/period */
	KSRTP_EKMS_XML_SYNTAX = 340,  /* malformed XML (or a feature of XML not accepted) */
	KSRTP_EKMS_XML_TOO_BIG = 341, /* XML document or nesting too large */
	KSRTP_EKMS_XML_SCHEMA = 342,  /* not a TS 33.180 KMS document, element missing/repeated */
	KSRTP_EKMS_XML_VALUE = 343,   /* an element's value is malformed (hex, integer, date) */
	KSRTP_EKMS_XML_ENCRYPTED = 344, /* keys are encrypted (TrK/EncryptedKey): not supported */
};

enum ksrtp_id_format {
	KSRTP_ID_FORMAT_RFC6509 = 1, /* "YYYY-MM\0uri\0", key period = UTC month */
	KSRTP_ID_FORMAT_3GPP = 2,    /* TS 33.180 F.2.1 UID (XML UserIdFormat "2") */
};

struct ksrtp_kms;    /* a KMS: public part, optionally its secrets and directory */
struct ksrtp_keyset; /* one identity's key material for one key period */

/* ---- KMS ---------------------------------------------------------------------------- */

struct ksrtp_kms_params {
	const char *uri;		/* KMS URI, e.g. "kms.example.org" */
	enum ksrtp_id_format id_format; /* 0 = KSRTP_ID_FORMAT_3GPP */
	uint64_t period;		/* 3GPP: key period length in s (0 = 2592000, 30 days) */
	uint64_t offset;		/* 3GPP: key period offset in s (NTP time of period 0) */
};

/* A new KMS with fresh z and KSAK (in memory). */
int ksrtp_kms_create(struct ksrtp_kms **out, const struct ksrtp_kms_params *p);
/* A public-only KMS from its parameters and public keys (Z, KPAK validated as points). */
int ksrtp_kms_new_public(struct ksrtp_kms **out, const struct ksrtp_kms_params *p,
			 const uint8_t z_pub[KSRTP_SAKKE_POINT_LEN],
			 const uint8_t kpak[KSRTP_ECCSI_POINT_LEN]);
/* Create a KMS and its directory dir (mkdir 0700; -KSRTP_EKMS_EXISTS if it has a kms.pub). */
int ksrtp_kms_init_dir(struct ksrtp_kms **out, const char *dir, const struct ksrtp_kms_params *p);
/*
 * Open a KMS directory: kms.pub, kms.secret when present and readable (else the KMS is
 * public-only: -KSRTP_EKMS_NO_SECRETS from provisioning), and revoked.
 */
int ksrtp_kms_open_dir(struct ksrtp_kms **out, const char *dir);
/* Load a public KMS file (kms.pub), or a directory (then as ksrtp_kms_open_dir). */
int ksrtp_kms_load(struct ksrtp_kms **out, const char *path);
/* Parse the text of a kms.pub file (no secrets, no revocation list). */
int ksrtp_kms_parse_public(struct ksrtp_kms **out, const char *text, size_t len);
/* Write kms.pub (and kms.secret when the KMS has secrets) into dir. */
int ksrtp_kms_save_dir(const struct ksrtp_kms *kms, const char *dir);
/* Write only the public file (kms.pub format) to path. */
int ksrtp_kms_save_public(const struct ksrtp_kms *kms, const char *path);
void ksrtp_kms_free(struct ksrtp_kms *kms);

const char *ksrtp_kms_uri(const struct ksrtp_kms *kms);
enum ksrtp_id_format ksrtp_kms_id_format(const struct ksrtp_kms *kms);
uint64_t ksrtp_kms_period(const struct ksrtp_kms *kms);
uint64_t ksrtp_kms_offset(const struct ksrtp_kms *kms);
const uint8_t *ksrtp_kms_z(const struct ksrtp_kms *kms);    /* KSRTP_SAKKE_POINT_LEN */
const uint8_t *ksrtp_kms_kpak(const struct ksrtp_kms *kms); /* KSRTP_ECCSI_POINT_LEN */
int ksrtp_kms_has_secrets(const struct ksrtp_kms *kms);

/* Key period number containing Unix time t (RFC 6509: year * 12 + month - 1). */
int ksrtp_kms_period_at(const struct ksrtp_kms *kms, int64_t unix_time, uint64_t *period_no);
/* First and last second (Unix, inclusive) of key period period_no. */
int ksrtp_kms_period_bounds(const struct ksrtp_kms *kms, uint64_t period_no, int64_t *from,
			    int64_t *to);
/*
 * The identity of uri in key period period_no under this KMS's format: RFC 6509 string or
 * 32-octet UID. id_size >= KSRTP_ID_MAX is always enough.
 */
int ksrtp_kms_identity(const struct ksrtp_kms *kms, const char *uri, uint64_t period_no,
		       uint8_t *id, size_t id_size, size_t *id_len);

/* Revocation (a KMS opened from a directory persists the list there at once). */
int ksrtp_kms_revoke(struct ksrtp_kms *kms, const char *uri);
int ksrtp_kms_is_revoked(const struct ksrtp_kms *kms, const char *uri);

/*
 * Provision uri for key period period_no: RSK, SSK and PVT. Needs the secrets;
 * -KSRTP_EKMS_REVOKED for a revoked URI.
 */
int ksrtp_kms_provision(const struct ksrtp_kms *kms, const char *uri, uint64_t period_no,
			struct ksrtp_keyset **out);

/* ---- key sets ----------------------------------------------------------------------- */

/*
 * A key set from raw key material issued by kms (e.g. another KMS's hex values): the
 * identity and validity follow from uri and period_no. Not validated (see _check).
 */
int ksrtp_keyset_new(struct ksrtp_keyset **out, const struct ksrtp_kms *kms, const char *uri,
		     uint64_t period_no, const uint8_t rsk[KSRTP_SAKKE_POINT_LEN],
		     const uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN],
		     const uint8_t pvt[KSRTP_ECCSI_POINT_LEN]);
/* Load / parse a key set file. Checks the format and integrity only (see _check). */
int ksrtp_keyset_load(struct ksrtp_keyset **out, const char *path);
int ksrtp_keyset_parse(struct ksrtp_keyset **out, const char *text, size_t len);
/* Write atomically, mode 0600. */
int ksrtp_keyset_save(const struct ksrtp_keyset *ks, const char *path);
/* The file text (malloc()ed, NUL-terminated; free with ksrtp_kms_text_free). */
int ksrtp_keyset_format(const struct ksrtp_keyset *ks, char **text, size_t *len);
void ksrtp_keyset_free(struct ksrtp_keyset *ks);

/*
 * Check a key set for use at Unix time now:
 *  - kms (may be NULL): same KMS URI, Z and KPAK (-KSRTP_EKMS_WRONG_KMS), not revoked in
 *    its list (-KSRTP_EKMS_REVOKED);
 *  - the identity is that of its URI and period (-KSRTP_EKMS_ID_MISMATCH);
 *  - now within [valid_from, valid_to] (-KSRTP_EKMS_NOT_YET_VALID / _EXPIRED); pass
 *    INT64_MIN to skip the time check;
 *  - the RSK validates (RFC 6508 6.1.2, SAKKE error) and the SSK/PVT validate (RFC 6507
 *    5.1.2, ECCSI error).
 */
int ksrtp_keyset_check(const struct ksrtp_keyset *ks, const struct ksrtp_kms *kms, int64_t now);

const char *ksrtp_keyset_user_uri(const struct ksrtp_keyset *ks);
const char *ksrtp_keyset_kms_uri(const struct ksrtp_keyset *ks);
enum ksrtp_id_format ksrtp_keyset_id_format(const struct ksrtp_keyset *ks);
uint64_t ksrtp_keyset_period(const struct ksrtp_keyset *ks);
uint64_t ksrtp_keyset_offset(const struct ksrtp_keyset *ks);
uint64_t ksrtp_keyset_period_no(const struct ksrtp_keyset *ks);
int64_t ksrtp_keyset_valid_from(const struct ksrtp_keyset *ks);
int64_t ksrtp_keyset_valid_to(const struct ksrtp_keyset *ks);
int ksrtp_keyset_revoked(const struct ksrtp_keyset *ks); /* the issuer marked it revoked */
const uint8_t *ksrtp_keyset_id(const struct ksrtp_keyset *ks, size_t *len);
const uint8_t *ksrtp_keyset_z(const struct ksrtp_keyset *ks);	 /* KMS Z, 257 octets */
const uint8_t *ksrtp_keyset_kpak(const struct ksrtp_keyset *ks); /* KMS KPAK, 65 octets */
const uint8_t *ksrtp_keyset_rsk(const struct ksrtp_keyset *ks);	 /* 257 octets, secret */
const uint8_t *ksrtp_keyset_ssk(const struct ksrtp_keyset *ks);	 /* 32 octets, secret */
const uint8_t *ksrtp_keyset_pvt(const struct ksrtp_keyset *ks);	 /* 65 octets */
/* The KMS public part of a key set (URI, format, period, Z, KPAK) as a KMS object. */
int ksrtp_keyset_kms(const struct ksrtp_keyset *ks, struct ksrtp_kms **out);
/* The identity of another uri in this key set's KMS and key period (e.g. a peer's). */
int ksrtp_keyset_peer_id(const struct ksrtp_keyset *ks, const char *uri, uint8_t *id,
			 size_t id_size, size_t *id_len);

/* Ready-made crypto objects for this key set (validate the keys as they are created). */
int ksrtp_keyset_signer(const struct ksrtp_keyset *ks, struct ksrtp_eccsi_signer **out);
int ksrtp_keyset_verifier(const struct ksrtp_keyset *ks, struct ksrtp_eccsi_verifier **out);
/*
 * pub: this key set's KMS (ksrtp_keyset_sakke_pub), kept and shared by every receiver of that
 * KMS so that the per-KMS validation tables are built once (see ksrtp_sakke_receiver_new); NULL
 * makes a temporary one (costs a few milliseconds more).
 */
int ksrtp_keyset_receiver(const struct ksrtp_keyset *ks, const struct ksrtp_sakke_pub *pub,
			  struct ksrtp_sakke_receiver **out);
int ksrtp_keyset_sakke_pub(const struct ksrtp_keyset *ks, struct ksrtp_sakke_pub **out);

/* ---- TS 33.180 Annex D XML ------------------------------------------------------------ */

#define KSRTP_KMS_XML_MAX (256 * 1024) /* largest XML document accepted */

/*
 * Import the KmsCertificate of a TS 33.180 XML document (a KmsCertificate element, or a
 * KmsResponse/KmsInit/[Signed]KmsCertificate). PubEncKey = Z, PubAuthKey = KPAK (hex).
 */
int ksrtp_kms_from_xml(struct ksrtp_kms **out, const char *xml, size_t len);
/*
 * Import a KmsKeySet (a KmsKeySet element, or KmsResponse/KmsKeyProv/KmsKeySet: the first).
 * The KMS public keys and period parameters come from kms, which must have the KmsUri of
 * the key set (-KSRTP_EKMS_WRONG_KMS). The key set's UserID must be the identity of
 * UserUri and KeyPeriodNo under kms (-KSRTP_EKMS_ID_MISMATCH).
 */
int ksrtp_keyset_from_xml(struct ksrtp_keyset **out, const char *xml, size_t len,
			  const struct ksrtp_kms *kms);
/* Export (malloc()ed, NUL-terminated text; free with ksrtp_kms_text_free). */
int ksrtp_kms_to_xml(const struct ksrtp_kms *kms, char **xml, size_t *len);
int ksrtp_keyset_to_xml(const struct ksrtp_keyset *ks, char **xml, size_t *len);
/* Wipe and free text returned by this API (it may hold secrets). */
void ksrtp_kms_text_free(char *text, size_t len);

/* Names for identity formats: "rfc6509" / "3gpp". */
const char *ksrtp_id_format_name(enum ksrtp_id_format f);
int ksrtp_id_format_parse(const char *name, enum ksrtp_id_format *f);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_KMS_H */
