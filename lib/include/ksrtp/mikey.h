/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/mikey.h - MIKEY (RFC 3830) codec, MIKEY-SAKKE (RFC 6509), MIKEY-PSK, the MIKEY key
 * derivation (RFC 3830 4.1, RFC 6043 6.1), freshness/replay protection and a key store.
 *
 * Flows (how a daemon drives them)
 * --------------------------------
 * Group call, GMK distribution (group management server -> each member):
 *   GMS:    ksrtp_mikey_sakke_build() with key = GMK, key_id = GMK-ID (purpose tag 0 in the
 *           top 4 bits), the member as responder (SAKKE encapsulates to the member's identity),
 *           signed with the group's ECCSI signer. TS 33.180 style puts GMK-ID || GUK-ID into a
 *           GENERIC-ID CS map and GUK-ID in the CSB ID (ksrtp_mikey_guk_id()).
 *   member: ksrtp_mikey_sakke_parse() verifies the signature (initiator identity and KMS KPAK),
 *           checks the timestamp window and the replay cache, decapsulates with the member's
 *           RSK, returns GMK, GMK-ID, CSB ID, validity -> ksrtp_mikey_keystore_add() (the
 *           newest timestamp wins on rekey).
 * Group session (SDP offer of a group call, RFC 4567 a=key-mgmt:mikey):
 *   caller: ksrtp_mikey_psk_build() wraps a fresh GSK + salt in KEMAC (AES-CM-128 + HMAC) under
 *           keys derived from the GMK (RFC 3830 4.1.4), names the GMK by its key id in an IDR
 *           payload (role 4 = PSK, byte-string ID = GMK-ID, 4 octets), optionally ECCSI-signs.
 *   member: ksrtp_mikey_psk_parse() looks the GMK up by key id (keystore or callback), checks
 *           MAC (constant time), signature when present, timestamp and replay, unwraps the GSK.
 *   Both:   ksrtp_mikey_srtp_keys() derives the SRTP master key/salt of a crypto session (the
 *           GSK here is a TGK; or the TEK is used directly when the key data type is TEK).
 * One-to-one call (private call, PCK) or client-to-server (CSK): as the GMK flow, with the
 *   caller as initiator and the callee (or server) as responder. The responder may answer
 *   with ksrtp_mikey_sakke_build_resp() (a verification message proving it holds the SSV).
 * SRTP policy: ksrtp_mikey_sp_for_suite() / ksrtp_mikey_sp_suite() map the SP payload to the
 *   SRTP suites of ksrtp/srtpkey.h (AES-CM-HMAC-SHA1-80/32, RFC 7714 AEAD AES-GCM 128/256).
 * SDP: ksrtp/sdp.h carries the encoded messages in a=key-mgmt:mikey.
 *
 * Encoding decisions (interoperability with deployed MCX implementations)
 * -----------------------------------------------------------------------
 * - SIGN covers the message from the first HDR octet up to and INCLUDING the SIGN payload's
 *   two type/length octets (RFC 6509 4.2 read this way by deployed MCX implementations; the
 *   TS 33.180-style third-party messages only verify so). The signature field follows.
 * - KEMAC MAC covers the message from the first HDR octet up to and including the KEMAC's MAC
 *   algorithm octet (RFC 3830 5.2: "everything except the MAC field"). If a SIGN payload follows
 *   the KEMAC (our signed MIKEY-PSK), the signature covers the MAC too.
 * - Unknown payload types are refused (KSRTP_EMIKEY_UNKNOWN_PAYLOAD): RFC 3830 payloads have
 *   no common length field, so a payload of unknown type cannot be skipped. CHASH and DH (whose
 *   length depends on external state) are refused the same way. Unknown GENEXT types, SP
 *   parameter types, IDR roles and ID types are kept and shown as numbers.
 * - SAKKE SED: exactly R (257 octets, 0x04 || x || y) || H (16 octets) = 273 octets is accepted;
 *   the 272-octet form some implementation emits (a leading zero of H dropped) is refused.
 * - TS 33.180 key parameters (GENERIC extension type 7): carried opaque; on parse, the deployed
 *   protected form (AES-128-GCM under a key derived from the SSV and the DPPK-ID) is
 *   decrypted and its status/activation/expiry returned; a legacy clear form is read as is.
 * - Timestamps must be NTP (type 0 or 1) for the MIKEY-SAKKE and MIKEY-PSK parsers: a counter
 *   cannot be checked for freshness.
 * - Identities: RFC 6509 ("YYYY-MM" NUL uri NUL, month of the T payload, UTC) and TS 33.180
 *   (UID = SHA-256 over the URI, KMS URI and key period, F.2.1). The style is chosen by the
 *   caller at build time and detected at parse time: IDR roles 8/9 (initiator/responder UID,
 *   as deployed) carry UIDs; roles 1/2 carry URIs from which the RFC 6509 identity is derived.
 *
 * All functions return 0 or a negative KSRTP_E* code (ksrtp_strerror() gives the message).
 * Objects are thread-safe where stated; decoded messages are plain data owned by the caller.
 */
#ifndef KSRTP_MIKEY_H
#define KSRTP_MIKEY_H

#include <stddef.h>
#include <stdint.h>

#include <ksrtp/eccsi.h>
#include <ksrtp/sakke.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ksrtp_mikey_err {
	/* codec: the bytes are not a well-formed MIKEY message */
	KSRTP_EMIKEY_TRUNCATED = 400,	    /* the message ends inside a payload */
	KSRTP_EMIKEY_BAD_VERSION = 401,	    /* HDR version is not 1 */
	KSRTP_EMIKEY_BAD_DATA_TYPE = 402,   /* HDR data type not supported here */
	KSRTP_EMIKEY_UNKNOWN_PAYLOAD = 403, /* a next-payload names a type that cannot be parsed */
	KSRTP_EMIKEY_TRAILING = 404,	    /* bytes after the last payload */
	KSRTP_EMIKEY_BAD_LENGTH = 405,	    /* a length field is invalid for its payload */
	KSRTP_EMIKEY_BAD_CS_MAP = 406,	    /* CS ID map malformed or of an unknown type */
	KSRTP_EMIKEY_TOO_MANY = 407,	    /* too many payloads, CS or parameters */
	KSRTP_EMIKEY_BAD_PRF = 408,	    /* unknown PRF function */
	KSRTP_EMIKEY_BAD_TS_TYPE = 409,	    /* unknown timestamp type */
	KSRTP_EMIKEY_BAD_SIGN_TYPE = 410,   /* signature type is not ECCSI */
	KSRTP_EMIKEY_BAD_KEMAC_ALG = 411,   /* KEMAC encryption or MAC algorithm unknown */
	KSRTP_EMIKEY_BAD_KEYDATA = 412,	    /* key data sub-payload malformed */
	KSRTP_EMIKEY_BAD_SP = 413,	    /* security policy parameters malformed */
	KSRTP_EMIKEY_SIGN_NOT_LAST = 414,   /* SIGN must be the last payload */
	KSRTP_EMIKEY_EMPTY = 415,	    /* empty input */
	KSRTP_EMIKEY_BAD_IDR = 416,	    /* IDR/ID payload malformed (empty identity) */
	/* semantics: well-formed but not an acceptable message of the expected kind */
	KSRTP_EMIKEY_MISSING_T = 420,	     /* no timestamp payload */
	KSRTP_EMIKEY_MISSING_RAND = 421,     /* no RAND payload */
	KSRTP_EMIKEY_MISSING_SAKKE = 422,    /* no SAKKE payload */
	KSRTP_EMIKEY_MISSING_SIGN = 423,     /* no SIGN payload (MIKEY-SAKKE must be signed) */
	KSRTP_EMIKEY_MISSING_KEMAC = 424,    /* no KEMAC payload */
	KSRTP_EMIKEY_MISSING_ID = 425,	     /* initiator or responder identity missing */
	KSRTP_EMIKEY_DUPLICATE = 426,	     /* a payload that may appear once appears twice */
	KSRTP_EMIKEY_WRONG_KIND = 427,	     /* data type is not the expected message kind */
	KSRTP_EMIKEY_BAD_SAKKE_PARAMS = 428, /* SAKKE parameter set or ID scheme unsupported */
	KSRTP_EMIKEY_BAD_SED_LEN = 429,	     /* SAKKE data is not 273 octets */
	KSRTP_EMIKEY_BAD_RAND = 430,	     /* RAND shorter than 16 octets */
	KSRTP_EMIKEY_BAD_KEY_LEN = 431,	     /* key or salt of an unsupported length */
	KSRTP_EMIKEY_MISSING_KEY_ID = 432,   /* no key id (IDRpsk) to select the pre-shared key */
	/* security: authentication and freshness */
	KSRTP_EMIKEY_BAD_SIGNATURE = 440,  /* ECCSI signature does not verify */
	KSRTP_EMIKEY_BAD_MAC = 441,	   /* KEMAC MAC does not verify (wrong GMK or tampered) */
	KSRTP_EMIKEY_STALE = 442,	   /* timestamp outside the allowed window */
	KSRTP_EMIKEY_REPLAY = 443,	   /* message already received */
	KSRTP_EMIKEY_UNKNOWN_KEY_ID = 444, /* no key with this key id in the store */
	KSRTP_EMIKEY_WRONG_IDENTITY =
		445,			  /* the message is not for us, or not from whom expected */
	KSRTP_EMIKEY_DECAP = 446,	  /* SAKKE decapsulation failed (wrong RSK/KMS, tampered) */
	KSRTP_EMIKEY_OLDER = 447,	  /* rekey refused: the stored key has a newer timestamp */
	KSRTP_EMIKEY_BAD_CLOCK = 448,	  /* the local clock is unusable */
	KSRTP_EMIKEY_STORE_FULL = 449,	  /* the key store is full */
	KSRTP_EMIKEY_NO_SIGNER_KEY = 450, /* signature present but no verifier supplied */
};

/* RFC 3830 6 (+ RFC 6043, RFC 6509) payload types, as next-payload values. */
enum ksrtp_mikey_pt {
	KSRTP_MIKEY_PT_LAST = 0,
	KSRTP_MIKEY_PT_KEMAC = 1,
	KSRTP_MIKEY_PT_PKE = 2,
	KSRTP_MIKEY_PT_DH = 3,
	KSRTP_MIKEY_PT_SIGN = 4,
	KSRTP_MIKEY_PT_T = 5,
	KSRTP_MIKEY_PT_ID = 6,
	KSRTP_MIKEY_PT_CERT = 7,
	KSRTP_MIKEY_PT_CHASH = 8,
	KSRTP_MIKEY_PT_V = 9,
	KSRTP_MIKEY_PT_SP = 10,
	KSRTP_MIKEY_PT_RAND = 11,
	KSRTP_MIKEY_PT_ERR = 12,
	KSRTP_MIKEY_PT_IDR = 14,
	KSRTP_MIKEY_PT_KEYDATA = 20,
	KSRTP_MIKEY_PT_GENEXT = 21,
	KSRTP_MIKEY_PT_SAKKE = 26,
};

enum ksrtp_mikey_data_type {
	KSRTP_MIKEY_DT_PSK_INIT = 0,
	KSRTP_MIKEY_DT_PSK_VERIFY = 1,
	KSRTP_MIKEY_DT_ERROR = 6,
	KSRTP_MIKEY_DT_SAKKE = 26, /* RFC 6509 I_MESSAGE */
};

enum ksrtp_mikey_prf {
	KSRTP_MIKEY_PRF_MIKEY1 = 0,	 /* RFC 3830 4.1.2, HMAC-SHA-1 */
	KSRTP_MIKEY_PRF_HMAC_SHA256 = 1, /* RFC 6043 6.1 */
};

enum ksrtp_mikey_map_type {
	KSRTP_MIKEY_MAP_SRTP_ID = 0,	/* RFC 3830 6.1.1 */
	KSRTP_MIKEY_MAP_EMPTY = 1,	/* RFC 4563 */
	KSRTP_MIKEY_MAP_GENERIC_ID = 2, /* RFC 6043 6.1.2.1 */
};

enum ksrtp_mikey_ts_type {
	KSRTP_MIKEY_TS_NTP_UTC = 0,
	KSRTP_MIKEY_TS_NTP = 1,
	KSRTP_MIKEY_TS_COUNTER = 2,
};

enum ksrtp_mikey_idr_role {
	KSRTP_MIKEY_ROLE_INITIATOR = 1,
	KSRTP_MIKEY_ROLE_RESPONDER = 2,
	KSRTP_MIKEY_ROLE_KMS = 3,
	KSRTP_MIKEY_ROLE_PSK = 4,
	KSRTP_MIKEY_ROLE_APP = 5,
	KSRTP_MIKEY_ROLE_INITIATOR_KMS = 6,
	KSRTP_MIKEY_ROLE_RESPONDER_KMS = 7,
	KSRTP_MIKEY_ROLE_INITIATOR_UID = 8, /* TS 33.180 UID roles as deployed */
	KSRTP_MIKEY_ROLE_RESPONDER_UID = 9,
};

enum ksrtp_mikey_id_type {
	KSRTP_MIKEY_IDT_NAI = 0,
	KSRTP_MIKEY_IDT_URI = 1,
	KSRTP_MIKEY_IDT_BYTES = 2, /* RFC 6043 byte string */
};

enum ksrtp_mikey_kemac_alg {
	KSRTP_MIKEY_ENCR_NULL = 0,
	KSRTP_MIKEY_ENCR_AES_CM_128 = 1,
	KSRTP_MIKEY_ENCR_AES_KW_128 = 2, /* decoded, not produced */
	KSRTP_MIKEY_MAC_NULL = 0,
	KSRTP_MIKEY_MAC_HMAC_SHA1_160 = 1,
	KSRTP_MIKEY_MAC_HMAC_SHA256_256 = 2, /* RFC 6043 */
};

enum ksrtp_mikey_keydata_type {
	KSRTP_MIKEY_KD_TGK = 0,
	KSRTP_MIKEY_KD_TGK_SALT = 1,
	KSRTP_MIKEY_KD_TEK = 2,
	KSRTP_MIKEY_KD_TEK_SALT = 3,
	KSRTP_MIKEY_KV_NULL = 0,
	KSRTP_MIKEY_KV_SPI = 1,
	KSRTP_MIKEY_KV_INTERVAL = 2,
};

/* SRTP policy parameter types (RFC 3830 6.10.1, RFC 7714 14.2). */
enum ksrtp_mikey_sp_param {
	KSRTP_MIKEY_SP_ENCR_ALG = 0, /* 0 NULL, 1 AES-CM, 2 AES-F8, 6 AES-GCM (RFC 7714) */
	KSRTP_MIKEY_SP_ENCR_KEY_LEN = 1,
	KSRTP_MIKEY_SP_AUTH_ALG = 2, /* 0 NULL, 1 HMAC-SHA-1 */
	KSRTP_MIKEY_SP_AUTH_KEY_LEN = 3,
	KSRTP_MIKEY_SP_SALT_LEN = 4,
	KSRTP_MIKEY_SP_PRF = 5,
	KSRTP_MIKEY_SP_KDR = 6,
	KSRTP_MIKEY_SP_SRTP_ENCR = 7,
	KSRTP_MIKEY_SP_SRTCP_ENCR = 8,
	KSRTP_MIKEY_SP_FEC = 9,
	KSRTP_MIKEY_SP_SRTP_AUTH = 10,
	KSRTP_MIKEY_SP_AUTH_TAG_LEN = 11,
	KSRTP_MIKEY_SP_PREFIX_LEN = 12,
	KSRTP_MIKEY_SP_AEAD_TAG_LEN = 20, /* RFC 7714 14.2 */
};

#define KSRTP_MIKEY_SP_ENCR_AES_CM  1
#define KSRTP_MIKEY_SP_ENCR_AES_GCM 6

#define KSRTP_MIKEY_SIGN_ECCSI		2
#define KSRTP_MIKEY_SAKKE_ID_SCHEME_TEL 1 /* RFC 6509: URI with monthly keys */
#define KSRTP_MIKEY_SAKKE_ID_SCHEME_UID 2 /* TS 33.180 UID (as deployed) */
#define KSRTP_MIKEY_GENEXT_KEY_PARAMS	7 /* TS 33.180 E.6 3GPP key parameters */
#define KSRTP_MIKEY_MAX_PAYLOADS	32
#define KSRTP_MIKEY_MAX_MSG		8192 /* largest message decoded or built */

/* Key purpose tags (TS 33.180): top 4 bits of a key id. */
enum ksrtp_mikey_purpose {
	KSRTP_MIKEY_PURPOSE_GMK = 0,
	KSRTP_MIKEY_PURPOSE_PCK = 1,
	KSRTP_MIKEY_PURPOSE_CSK = 2,
	KSRTP_MIKEY_PURPOSE_SPK = 3,
	KSRTP_MIKEY_PURPOSE_MKFC = 4,
};

/* ---------------------------------------------------------------------------------------- */
/* Codec. Pointers in decoded structures point into the message's own copy of the input.    */

struct ksrtp_mikey_buf {
	const uint8_t *p;
	size_t len;
};

/* One crypto session of the CS ID map. */
struct ksrtp_mikey_cs {
	/* SRTP-ID */
	uint8_t policy_no;
	uint32_t ssrc;
	uint32_t roc;
	/* GENERIC-ID */
	uint8_t cs_id;
	uint8_t prot_type;
	uint8_t s_flag;
	struct ksrtp_mikey_buf policies; /* #P policy numbers */
	struct ksrtp_mikey_buf session_data;
	struct ksrtp_mikey_buf spi;
};

struct ksrtp_mikey_hdr {
	uint8_t version;
	uint8_t data_type;
	uint8_t v_flag;
	uint8_t prf;
	uint32_t csb_id;
	uint8_t n_cs;
	uint8_t map_type;
	struct ksrtp_mikey_cs *cs; /* n_cs entries (none for the empty map) */
};

struct ksrtp_mikey_keydata {
	uint8_t type; /* KSRTP_MIKEY_KD_* */
	uint8_t kv;   /* KSRTP_MIKEY_KV_* */
	struct ksrtp_mikey_buf key;
	struct ksrtp_mikey_buf salt; /* present for TGK+SALT / TEK+SALT */
	struct ksrtp_mikey_buf spi;  /* KV SPI */
	struct ksrtp_mikey_buf vf;   /* KV interval: valid from */
	struct ksrtp_mikey_buf vt;   /* KV interval: valid to */
};

struct ksrtp_mikey_payload {
	uint8_t type; /* KSRTP_MIKEY_PT_* */
	size_t off;   /* offset of the payload in the message */
	size_t len;   /* encoded length */
	union {
		struct {
			uint8_t ts_type;
			uint64_t value; /* NTP 64-bit, or 32-bit counter */
		} t;
		struct ksrtp_mikey_buf rand;
		struct {
			uint8_t role; /* IDR only (0 for an RFC 3830 ID payload) */
			uint8_t id_type;
			struct ksrtp_mikey_buf id;
		} id;
		struct {
			uint8_t policy_no;
			uint8_t prot_type;
			struct ksrtp_mikey_buf params; /* validated type/len/value list */
		} sp;
		struct {
			uint8_t encr_alg;
			struct ksrtp_mikey_buf encr_data;
			uint8_t mac_alg;
			struct ksrtp_mikey_buf mac;
		} kemac;
		struct {
			uint8_t params;
			uint8_t id_scheme;
			struct ksrtp_mikey_buf sed;
		} sakke;
		struct {
			uint8_t sig_type;
			struct ksrtp_mikey_buf sig;
			size_t signed_len; /* octets covered by the signature */
		} sign;
		struct {
			uint8_t mac_alg;
			struct ksrtp_mikey_buf mac;
		} v;
		struct {
			uint8_t err_no;
		} err;
		struct {
			uint8_t ext_type;
			struct ksrtp_mikey_buf data;
		} genext;
		struct {
			uint8_t c;
			struct ksrtp_mikey_buf data;
		} pke;
		struct {
			uint8_t cert_type;
			struct ksrtp_mikey_buf data;
		} cert;
	} u;
};

/* A decoded (or to-be-encoded) message. Free with ksrtp_mikey_msg_free(). */
struct ksrtp_mikey_msg {
	uint8_t *raw; /* the encoded message (owned) */
	size_t raw_len;
	struct ksrtp_mikey_hdr hdr;
	size_t n_payloads;
	struct ksrtp_mikey_payload payloads[KSRTP_MIKEY_MAX_PAYLOADS];
};

/* Decode and check every length; *out is owned by the caller. */
int ksrtp_mikey_decode(const uint8_t *buf, size_t len, struct ksrtp_mikey_msg **out);
void ksrtp_mikey_msg_free(struct ksrtp_mikey_msg *m);
/* First payload of a type after index *from (0 to start); NULL when none. */
const struct ksrtp_mikey_payload *ksrtp_mikey_find(const struct ksrtp_mikey_msg *m, uint8_t type,
						   size_t *from);
/* Iterate SP parameters: *off starts at 0; returns 1 with a parameter, 0 at the end. */
int ksrtp_mikey_sp_next(const struct ksrtp_mikey_buf *params, size_t *off, uint8_t *type,
			struct ksrtp_mikey_buf *val);
/* SRTP policy parameters <-> SRTP suites (ksrtp/srtpkey.h); RFC 3830 defaults apply to
 * parameters not given. sp_get: value of one parameter (up to 4 octets, big-endian), or
 * -KSRTP_ENOTSUP when absent. sp_suite: NULL when no supported suite matches. */
struct ksrtp_srtp_suite;
int ksrtp_mikey_sp_get(const uint8_t *params, size_t len, uint8_t type, uint32_t *val);
int ksrtp_mikey_sp_for_suite(const struct ksrtp_srtp_suite *s, uint8_t *out, size_t cap,
			     size_t *len);
const struct ksrtp_srtp_suite *ksrtp_mikey_sp_suite(const uint8_t *params, size_t len);
/* Decode a chain of key data sub-payloads (the plaintext of a KEMAC). */
int ksrtp_mikey_keydata_decode(const uint8_t *buf, size_t len, struct ksrtp_mikey_keydata *kd,
			       size_t max, size_t *n);

/* Names for printing (static strings; "unknown" for unknown values). */
const char *ksrtp_mikey_pt_name(uint8_t type);
const char *ksrtp_mikey_data_type_name(uint8_t dt);
const char *ksrtp_mikey_role_name(uint8_t role);
const char *ksrtp_mikey_sp_param_name(uint8_t type);

/*
 * Encoder: a byte writer that payload builders append to. The next-payload octet of each
 * payload is patched when the following payload is appended.
 */
struct ksrtp_mikey_enc;
int ksrtp_mikey_enc_new(struct ksrtp_mikey_enc **out);
void ksrtp_mikey_enc_free(struct ksrtp_mikey_enc *e);
int ksrtp_mikey_enc_hdr(struct ksrtp_mikey_enc *e, const struct ksrtp_mikey_hdr *h);
int ksrtp_mikey_enc_t(struct ksrtp_mikey_enc *e, uint8_t ts_type, uint64_t value);
int ksrtp_mikey_enc_rand(struct ksrtp_mikey_enc *e, const uint8_t *rand, size_t len);
int ksrtp_mikey_enc_idr(struct ksrtp_mikey_enc *e, uint8_t role, uint8_t id_type, const uint8_t *id,
			size_t len);
int ksrtp_mikey_enc_id(struct ksrtp_mikey_enc *e, uint8_t id_type, const uint8_t *id, size_t len);
/* params: type/len/value triples, already encoded */
int ksrtp_mikey_enc_sp(struct ksrtp_mikey_enc *e, uint8_t policy_no, uint8_t prot_type,
		       const uint8_t *params, size_t len);
int ksrtp_mikey_enc_sakke(struct ksrtp_mikey_enc *e, uint8_t params, uint8_t id_scheme,
			  const uint8_t *sed, size_t len);
int ksrtp_mikey_enc_genext(struct ksrtp_mikey_enc *e, uint8_t type, const uint8_t *data,
			   size_t len);
int ksrtp_mikey_enc_err(struct ksrtp_mikey_enc *e, uint8_t err_no);
/* KEMAC with its MAC left zero: *mac_off receives the MAC's offset for ksrtp_mikey_enc_patch. */
int ksrtp_mikey_enc_kemac(struct ksrtp_mikey_enc *e, uint8_t encr_alg, const uint8_t *encr,
			  size_t encr_len, uint8_t mac_alg, size_t *mac_off);
int ksrtp_mikey_enc_v(struct ksrtp_mikey_enc *e, uint8_t mac_alg, size_t *mac_off);
/* SIGN header; the signature (sig_len octets) is appended by ksrtp_mikey_enc_sign_value. */
int ksrtp_mikey_enc_sign_hdr(struct ksrtp_mikey_enc *e, uint8_t sig_type, size_t sig_len);
int ksrtp_mikey_enc_sign_value(struct ksrtp_mikey_enc *e, const uint8_t *sig, size_t len);
int ksrtp_mikey_enc_patch(struct ksrtp_mikey_enc *e, size_t off, const uint8_t *p, size_t len);
/* The bytes written so far (valid until the next call on e). */
const uint8_t *ksrtp_mikey_enc_data(const struct ksrtp_mikey_enc *e, size_t *len);
/* Encode one key data sub-payload (appended to a caller buffer: *off advances). */
int ksrtp_mikey_keydata_encode(const struct ksrtp_mikey_keydata *kd, int last, uint8_t *buf,
			       size_t cap, size_t *off);

/* ---------------------------------------------------------------------------------------- */
/* Key derivation (RFC 3830 4.1.2-4.1.4, RFC 6043 6.1).                                       */

#define KSRTP_MIKEY_C_TEK  0x2AD01C64u
#define KSRTP_MIKEY_C_AUTH 0x1B5C7973u
#define KSRTP_MIKEY_C_ENCR 0x15798CEFu
#define KSRTP_MIKEY_C_SALT 0x39A2C14Bu

/* The raw PRF: out = PRF(inkey, label) truncated to out_len octets. */
int ksrtp_mikey_prf(uint8_t prf, const uint8_t *inkey, size_t inkey_len, const uint8_t *label,
		    size_t label_len, uint8_t *out, size_t out_len);
/* PRF(key, constant || cs_id || csb_id || rand) (RFC 3830 4.1.3; cs_id 0xFF for 4.1.4). */
int ksrtp_mikey_derive(uint8_t prf, const uint8_t *key, size_t key_len, uint32_t constant,
		       uint8_t cs_id, uint32_t csb_id, const uint8_t *rand, size_t rand_len,
		       uint8_t *out, size_t out_len);
/* SRTP master key (TEK constant) and master salt (salt constant) for crypto session cs_id. */
int ksrtp_mikey_srtp_keys(uint8_t prf, const uint8_t *tgk, size_t tgk_len, uint8_t cs_id,
			  uint32_t csb_id, const uint8_t *rand, size_t rand_len, uint8_t *key,
			  size_t key_len, uint8_t *salt, size_t salt_len);
/* TS 33.220 KDF: HMAC-SHA-256(key, FC || P0 || L0), 32 octets; P0 up to 1024 octets. */
int ksrtp_mikey_kdf(const uint8_t *key, size_t key_len, uint8_t fc, const uint8_t *p0,
		    size_t p0_len, uint8_t out[32]);
/* TS 33.180: GUK-ID = GMK-ID XOR (28 low bits of KDF(GMK, FC 0x50, user URI)). */
int ksrtp_mikey_guk_id(const uint8_t *gmk, size_t gmk_len, uint32_t gmk_id, const char *user_uri,
		       uint32_t *guk_id);

/* Identities: see ksrtp/identity.h (RFC 6509 strings, TS 33.180 UIDs, key periods). */

/* ---------------------------------------------------------------------------------------- */
/* Time, freshness and replay.                                                                */

/* Now as a 64-bit NTP timestamp (seconds since 1900 << 32 | fraction). 0 on clock failure. */
uint64_t ksrtp_mikey_ntp_now(void);
/* 0 when |ts - now| <= window_s seconds, else KSRTP_EMIKEY_STALE. */
int ksrtp_mikey_check_fresh(uint64_t ts, uint64_t now, uint32_t window_s);

/* Replay cache: remembers messages (by SHA-256) for window_s seconds; bounded; thread-safe. */
struct ksrtp_mikey_replay;
int ksrtp_mikey_replay_new(struct ksrtp_mikey_replay **out, size_t capacity, uint32_t window_s);
void ksrtp_mikey_replay_free(struct ksrtp_mikey_replay *r);
/* KSRTP_EMIKEY_REPLAY when seen before, else records it. A full cache evicts the oldest. */
int ksrtp_mikey_replay_check(struct ksrtp_mikey_replay *r, const uint8_t *msg, size_t len,
			     uint64_t ts, uint64_t now);

/* Key store: keys (GMK, PCK, CSK) by key id; the newest timestamp wins; thread-safe. */
struct ksrtp_mikey_key {
	uint32_t key_id;
	uint8_t key[32];
	size_t key_len;
	uint64_t ts;	     /* NTP timestamp of the message that delivered it */
	uint64_t activation; /* NTP seconds, 0 = unknown/now */
	uint64_t expiry;     /* NTP seconds, 0 = none */
};
struct ksrtp_mikey_keystore;
int ksrtp_mikey_keystore_new(struct ksrtp_mikey_keystore **out, size_t capacity);
void ksrtp_mikey_keystore_free(struct ksrtp_mikey_keystore *s);
/* Add or replace; KSRTP_EMIKEY_OLDER when the stored key with that id has a newer ts. */
int ksrtp_mikey_keystore_add(struct ksrtp_mikey_keystore *s, const struct ksrtp_mikey_key *k);
/* Copy out; KSRTP_EMIKEY_UNKNOWN_KEY_ID when absent. Wipe *k after use. */
int ksrtp_mikey_keystore_get(struct ksrtp_mikey_keystore *s, uint32_t key_id,
			     struct ksrtp_mikey_key *k);
int ksrtp_mikey_keystore_remove(struct ksrtp_mikey_keystore *s, uint32_t key_id);

/* ---------------------------------------------------------------------------------------- */
/* MIKEY-SAKKE (RFC 6509) I_MESSAGE.                                                          */

enum ksrtp_mikey_id_style {
	KSRTP_MIKEY_STYLE_RFC6509 = 1, /* IDRi/IDRr URIs; identity = "YYYY-MM\0uri\0" */
	KSRTP_MIKEY_STYLE_TS33180 = 2, /* IDR roles 8/9 carry UIDs; GENERIC-ID CS map */
};

struct ksrtp_mikey_sakke_build_args {
	int style;	      /* KSRTP_MIKEY_STYLE_* */
	uint8_t prf;	      /* KSRTP_MIKEY_PRF_* (TS 33.180 style uses HMAC-SHA-256) */
	const char *init_uri; /* initiator URI (e.g. sip:gms@example.org or tel:+44...) */
	const char *resp_uri; /* responder URI */
	const char *kms_uri;  /* initiator/responder KMS URI (IDRkmsi/IDRkmsr); NULL = none */
	/* TS 33.180 style: the two UIDs (SAKKE/ECCSI identities). RFC 6509 style: ignored. */
	const uint8_t *init_uid;
	const uint8_t *resp_uid;
	const struct ksrtp_eccsi_signer *signer; /* initiator's signing identity */
	const struct ksrtp_sakke_pub *sakke_pub; /* responder's KMS public key Z */
	const uint8_t *key;			 /* SSV: GMK/PCK/CSK, 16 octets */
	uint32_t key_id;			 /* GMK-ID/PCK-ID/CSK-ID (purpose in top 4 bits) */
	uint32_t csb_id;			 /* 0: key_id, or GUK-ID for a GMK to a user */
	uint8_t map_type;			 /* KSRTP_MIKEY_MAP_* */
	uint8_t cs_id;				 /* GENERIC-ID: CS ID */
	const uint32_t *ssrcs;			 /* SRTP-ID: one CS per SSRC */
	size_t n_ssrcs;
	const uint8_t *sp_params; /* optional SRTP policy (type/len/value), policy 0 */
	size_t sp_len;
	const uint8_t *key_params; /* optional GENEXT type 7 data (opaque) */
	size_t key_params_len;
	uint64_t ntp_ts;     /* 0 = now */
	const uint8_t *rand; /* NULL = random */
	size_t rand_len;     /* 16..255, 0 = 16 */
};

/* Build and sign an I_MESSAGE. *out is malloc()ed; free with free(). */
int ksrtp_mikey_sakke_build(const struct ksrtp_mikey_sakke_build_args *a, uint8_t **out,
			    size_t *out_len);

/* What a parse returns. Secrets are wiped by ksrtp_mikey_result_clear(). */
struct ksrtp_mikey_result {
	uint8_t data_type;
	uint8_t prf;
	int style;
	uint8_t key[32]; /* SSV (MIKEY-SAKKE) or TGK/TEK (MIKEY-PSK) */
	size_t key_len;
	uint8_t salt[32];
	size_t salt_len;
	uint8_t key_type; /* KSRTP_MIKEY_KD_* for MIKEY-PSK */
	uint32_t key_id;  /* GMK-ID/PCK-ID/CSK-ID; for MIKEY-PSK the SPI of the key data if 4 octets
			   */
	int key_id_known;
	uint32_t guk_id;     /* GMK to a user: the CSB ID (GUK-ID) */
	uint32_t psk_key_id; /* MIKEY-PSK: key id of the GMK used */
	uint32_t csb_id;
	uint8_t purpose; /* top 4 bits of key_id */
	uint64_t ts;
	uint8_t rand[255];
	size_t rand_len;
	uint8_t map_type;
	uint8_t n_cs;
	uint8_t cs_id;	    /* first CS (GENERIC-ID) */
	uint32_t ssrc;	    /* first CS (SRTP-ID) */
	char init_uri[256]; /* initiator/responder names as carried (URI or hex UID) */
	char resp_uri[256];
	uint8_t init_id[256]; /* ECCSI identity the signature was verified against */
	size_t init_id_len;
	int signed_ok;		/* a signature was present and verified */
	uint8_t sp_params[255]; /* first SP payload's parameters */
	size_t sp_len;
	uint8_t key_params[1024]; /* GENEXT type 7 data as carried */
	size_t key_params_len;
	/* TS 33.180 key parameters content (decrypted when protected, see mikey_sakke.c):
	 * key type(1) || status(4) || activation(5) || expiry(5) || text... */
	int key_params_decrypted;
	uint8_t key_params_plain[256];
	size_t key_params_plain_len;
	uint32_t key_status;
	uint64_t activation; /* key parameters or KV interval; 0 = none */
	uint64_t expiry;
};
void ksrtp_mikey_result_clear(struct ksrtp_mikey_result *r);

struct ksrtp_mikey_sakke_parse_args {
	/* The responder (us): SAKKE receiver for our current identity and that identity. */
	const struct ksrtp_sakke_receiver *rx;
	const uint8_t *my_id; /* our SAKKE identity (RFC 6509 string or UID) */
	size_t my_id_len;
	/* The initiator's KMS KPAK verifier. */
	const struct ksrtp_eccsi_verifier *verifier;
	/* Optional: the initiator must be this URI (RFC 6509) or UID (TS 33.180). */
	const uint8_t *expect_init;
	size_t expect_init_len;
	/* Optional: our URI, to recover GMK-ID from a GUK-ID when no GENERIC-ID map carries it. */
	const char *my_uri;
	uint64_t now;			   /* NTP, 0 = ksrtp_mikey_ntp_now() */
	uint32_t window_s;		   /* freshness window; 0 = do not check */
	struct ksrtp_mikey_replay *replay; /* optional */
};

int ksrtp_mikey_sakke_parse(const uint8_t *msg, size_t len,
			    const struct ksrtp_mikey_sakke_parse_args *a,
			    struct ksrtp_mikey_result *res);

/*
 * Optional verification message (RFC 3830 3.1 style), sent back by the responder to prove it
 * holds the SSV: HDR (data type 1 "verify", the I_MESSAGE's CSB ID and PRF, empty map), T, V.
 * The V MAC (HMAC-SHA-1-160 for MIKEY-1, HMAC-SHA-256-256 for PRF-HMAC-SHA-256) is keyed with
 * auth_key = PRF(SSV, 0x1B5C7973 || 0xFF || CSB ID || RAND of the I_MESSAGE) (RFC 3830 4.1.4,
 * the SSV in the role of the pre-shared key) over the verification message up to the MAC
 * field followed by the I_MESSAGE's 8-octet timestamp. No data type of its own exists for
 * MIKEY-SAKKE (27 is "CS ID map update"). ntp_ts 0 = now.
 */
int ksrtp_mikey_sakke_build_resp(const struct ksrtp_mikey_result *for_msg, uint64_t ntp_ts,
				 uint8_t **out, size_t *out_len);
/* The initiator checks a verification message against its I_MESSAGE and the SSV it sent. */
int ksrtp_mikey_sakke_parse_resp(const uint8_t *msg, size_t len, const uint8_t *imsg,
				 size_t imsg_len, const uint8_t *ssv, size_t ssv_len, uint64_t now,
				 uint32_t window_s);

/* ---------------------------------------------------------------------------------------- */
/* MIKEY-PSK (RFC 3830 PSK init, data type 0) carrying a GSK under a GMK.                     */

struct ksrtp_mikey_psk_build_args {
	uint8_t prf;
	const uint8_t *psk; /* the GMK (envelope key) */
	size_t psk_len;
	uint32_t psk_id;    /* its key id (GMK-ID), carried in IDR role 4 */
	const uint8_t *key; /* the GSK */
	size_t key_len;	    /* 16 or 32 */
	const uint8_t *salt;
	size_t salt_len;	       /* 0, 12 or 14 */
	uint8_t key_type;	       /* KSRTP_MIKEY_KD_TGK_SALT (default TGK) or TEK+SALT */
	uint32_t key_id;	       /* GSK id, carried as the key data's SPI */
	uint64_t valid_from, valid_to; /* NTP seconds; both 0 = KV SPI only */
	uint32_t csb_id;
	uint8_t map_type;
	uint8_t cs_id;
	const uint32_t *ssrcs;
	size_t n_ssrcs;
	const uint8_t *sp_params;
	size_t sp_len;
	const char *init_uri;			 /* optional IDRi */
	const struct ksrtp_eccsi_signer *signer; /* optional SIGN */
	uint64_t ntp_ts;
	const uint8_t *rand;
	size_t rand_len;
};
int ksrtp_mikey_psk_build(const struct ksrtp_mikey_psk_build_args *a, uint8_t **out,
			  size_t *out_len);

/* Looks up the pre-shared key by key id: fill key/key_len, return 0 or KSRTP_EMIKEY_*. */
typedef int (*ksrtp_mikey_psk_lookup_fn)(void *ctx, uint32_t key_id, uint8_t *key, size_t *key_len);

struct ksrtp_mikey_psk_parse_args {
	struct ksrtp_mikey_keystore *store; /* either a store ... */
	ksrtp_mikey_psk_lookup_fn lookup;   /* ... or a callback */
	void *lookup_ctx;
	int require_sign;
	const struct ksrtp_eccsi_verifier *verifier; /* for a SIGN payload */
	/* The signer's ECCSI identity for a SIGN (RFC 6509 derived or UID), given by the caller
	 * from the IDRi (returned in res->init_uri if it parses without): NULL = derive RFC 6509.
	 */
	const uint8_t *signer_id;
	size_t signer_id_len;
	uint64_t now;
	uint32_t window_s;
	struct ksrtp_mikey_replay *replay;
};
int ksrtp_mikey_psk_parse(const uint8_t *msg, size_t len,
			  const struct ksrtp_mikey_psk_parse_args *a,
			  struct ksrtp_mikey_result *res);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_MIKEY_H */
