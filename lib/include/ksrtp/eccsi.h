/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/eccsi.h - ECCSI identity-based signatures (RFC 6507) on NIST P-256 with SHA-256.
 *
 * Encodings are those of RFC 6507 and MIKEY-SAKKE (RFC 6509): points are SEC1 uncompressed
 * (0x04 || x || y, 65 octets), scalars are 32-octet big-endian integers, a signature is
 * r || s || PVT (129 octets). Identities are opaque octet strings (see ksrtp/kms.h for the
 * RFC 6509 and TS 33.180 identity formats).
 *
 * Objects are immutable after creation and may be shared between threads. Secrets held
 * by an object are wiped when it is freed.
 */
#ifndef KSRTP_ECCSI_H
#define KSRTP_ECCSI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KSRTP_ECCSI_SCALAR_LEN 32
#define KSRTP_ECCSI_POINT_LEN  65
#define KSRTP_ECCSI_SIG_LEN    129

enum ksrtp_eccsi_err {
	KSRTP_EECCSI_BAD_POINT = 100,	/* a point is malformed, not on P-256, or at infinity */
	KSRTP_EECCSI_BAD_SCALAR = 101,	/* a scalar is zero or not below the group order q */
	KSRTP_EECCSI_BAD_SSK = 102,	/* RFC 6507 5.1.2 fails: [SSK]G != KPAK + [HS]PVT */
	KSRTP_EECCSI_BAD_SIG_LEN = 103, /* a signature is not 129 octets */
	KSRTP_EECCSI_BAD_SIG = 104,  /* the signature does not verify for this identity and KPAK */
	KSRTP_EECCSI_BAD_KPAK = 105, /* the KPAK is not a valid P-256 point */
};

/* A signer: one identity's SSK and PVT under one KMS (KPAK), with HS precomputed. */
struct ksrtp_eccsi_signer;
/* A verifier: one KMS's KPAK, decoded and validated once. */
struct ksrtp_eccsi_verifier;

/*
 * Create a signer. Validates the SSK/PVT pair against the KPAK and the identity
 * (RFC 6507 5.1.2) and fails with KSRTP_EECCSI_BAD_SSK when they do not match.
 */
int ksrtp_eccsi_signer_new(struct ksrtp_eccsi_signer **out,
			   const uint8_t kpak[KSRTP_ECCSI_POINT_LEN], const uint8_t *id,
			   size_t id_len, const uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN],
			   const uint8_t pvt[KSRTP_ECCSI_POINT_LEN]);
void ksrtp_eccsi_signer_free(struct ksrtp_eccsi_signer *s);

/* Sign msg with a fresh ephemeral j from the CSPRNG (constant time in j and SSK). */
int ksrtp_eccsi_sign(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
		     uint8_t sig[KSRTP_ECCSI_SIG_LEN]);
/* Sign with a caller-chosen ephemeral j: for known-answer tests only. */
int ksrtp_eccsi_sign_with_j(const struct ksrtp_eccsi_signer *s, const uint8_t *msg, size_t msg_len,
			    const uint8_t j[KSRTP_ECCSI_SCALAR_LEN],
			    uint8_t sig[KSRTP_ECCSI_SIG_LEN]);

int ksrtp_eccsi_verifier_new(struct ksrtp_eccsi_verifier **out,
			     const uint8_t kpak[KSRTP_ECCSI_POINT_LEN]);
void ksrtp_eccsi_verifier_free(struct ksrtp_eccsi_verifier *v);

/* Verify sig over msg as signed by identity id. 0 when valid, KSRTP_EECCSI_* otherwise. */
int ksrtp_eccsi_verify(const struct ksrtp_eccsi_verifier *v, const uint8_t *id, size_t id_len,
		       const uint8_t *msg, size_t msg_len, const uint8_t *sig, size_t sig_len);

/* KMS side: a new KMS secret authentication key (KSAK) and its public KPAK = [KSAK]G. */
int ksrtp_eccsi_kms_keygen(uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN],
			   uint8_t kpak[KSRTP_ECCSI_POINT_LEN]);
/* KMS side: KPAK = [KSAK]G for a given KSAK (to check a stored KSAK against its KPAK). */
int ksrtp_eccsi_kms_public(const uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN],
			   uint8_t kpak[KSRTP_ECCSI_POINT_LEN]);
/*
 * KMS side: issue SSK and PVT for identity id. v is the ephemeral (RFC 6507 5.1.1);
 * pass NULL to draw it from the CSPRNG (known-answer tests pass the RFC's v).
 */
int ksrtp_eccsi_kms_issue(const uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN], const uint8_t *id,
			  size_t id_len,
			  const uint8_t *v /* NULL or KSRTP_ECCSI_SCALAR_LEN octets */,
			  uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN], uint8_t pvt[KSRTP_ECCSI_POINT_LEN]);

/* HS = SHA-256(G || KPAK || ID || PVT), exposed for tests and diagnostics. */
int ksrtp_eccsi_hs(const uint8_t kpak[KSRTP_ECCSI_POINT_LEN], const uint8_t *id, size_t id_len,
		   const uint8_t pvt[KSRTP_ECCSI_POINT_LEN], uint8_t hs[32]);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_ECCSI_H */
