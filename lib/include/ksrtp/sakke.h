/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/sakke.h - SAKKE identity-based key encapsulation (RFC 6508) with the MIKEY-SAKKE
 * parameter set 1 of RFC 6509 (1024-bit p, supersingular curve y^2 = x^3 - 3x, SHA-256,
 * n = 128-bit SSV).
 *
 * Encodings: points are 0x04 || x || y with 128-octet coordinates (257 octets); the KMS master
 * secret z is a 128-octet big-endian integer below q; the encapsulated data (SED) is
 * R (257 octets) || H (16 octets) = 273 octets, as carried in the RFC 6509 SAKKE payload.
 *
 * Objects are immutable after creation and may be shared between threads; their secrets
 * are wiped when freed. Secret-dependent work (the scalar r, the RSK in the pairing) runs
 * in constant time.
 */
#ifndef KSRTP_SAKKE_H
#define KSRTP_SAKKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KSRTP_SAKKE_PARAM_SET  1
#define KSRTP_SAKKE_POINT_LEN  257
#define KSRTP_SAKKE_SCALAR_LEN 128
#define KSRTP_SAKKE_SSV_LEN    16
#define KSRTP_SAKKE_SED_LEN    (KSRTP_SAKKE_POINT_LEN + KSRTP_SAKKE_SSV_LEN)

enum ksrtp_sakke_err {
	KSRTP_ESAKKE_BAD_POINT = 200,	/* malformed, not on the curve, or at infinity */
	KSRTP_ESAKKE_BAD_SCALAR = 201,	/* zero or not below q */
	KSRTP_ESAKKE_BAD_RSK = 202,	/* RFC 6508 6.1.2: <RSK, [b]P + Z> != g */
	KSRTP_ESAKKE_BAD_SED_LEN = 203, /* SED is not 257 + 1..16 octets (273; H may be minimal) */
	KSRTP_ESAKKE_BAD_SED =
		204, /* R is not a valid point, or TEST != R (wrong identity/KMS/tampered) */
	KSRTP_ESAKKE_BAD_PARAMS = 205, /* unsupported SAKKE parameter set */
	KSRTP_ESAKKE_BAD_Z = 206,      /* the KMS public key Z is not a valid point */
};

/* A KMS public key Z with what depends only on it precomputed (sender side). */
struct ksrtp_sakke_pub;
/* A receiver: identity, RSK and KMS Z, validated, with RSK-dependent data precomputed. */
struct ksrtp_sakke_receiver;

int ksrtp_sakke_pub_new(struct ksrtp_sakke_pub **out, const uint8_t z_pub[KSRTP_SAKKE_POINT_LEN]);
void ksrtp_sakke_pub_free(struct ksrtp_sakke_pub *pub);

/*
 * Encapsulate ssv to identity id (RFC 6508 6.2.1): r = HashToIntegerRange(SSV || b, q),
 * R = [r]([b]P + Z), H = SSV XOR HashToIntegerRange(g^r, 2^n).
 */
int ksrtp_sakke_encapsulate(const struct ksrtp_sakke_pub *pub, const uint8_t *id, size_t id_len,
			    const uint8_t ssv[KSRTP_SAKKE_SSV_LEN],
			    uint8_t sed[KSRTP_SAKKE_SED_LEN]);

/*
 * Create a receiver for identity id under the KMS public key held by pub, validating the RSK:
 * RFC 6508 6.1.2 (<[b]P + Z, RSK> == g) and that the RSK has order q; KSRTP_ESAKKE_BAD_RSK if
 * not, KSRTP_ESAKKE_BAD_POINT if it is malformed or not on the curve.
 *
 * Validation evaluates the Miller lines of P and Z at the RSK. Those depend only on the KMS, so
 * the first receiver created with a pub builds them, once (a few milliseconds and about 1 MB,
 * kept by the pub; thread-safe), and every later receiver of that KMS reuses them. pub may be
 * freed once receiver_new has returned.
 *
 * The tables that make decapsulation fast (the RSK's own Miller lines and the comb of
 * [b]P + Z, about 3 ms) are built by ksrtp_sakke_receiver_prepare or, if it was not called, by
 * the first decapsulation.
 */
int ksrtp_sakke_receiver_new(struct ksrtp_sakke_receiver **out, const struct ksrtp_sakke_pub *pub,
			     const uint8_t *id, size_t id_len,
			     const uint8_t rsk[KSRTP_SAKKE_POINT_LEN]);
/* Build the decapsulation tables now (idempotent, thread-safe): 0 or a negative error. */
int ksrtp_sakke_receiver_prepare(const struct ksrtp_sakke_receiver *rx);
void ksrtp_sakke_receiver_free(struct ksrtp_sakke_receiver *rx);

/*
 * Decapsulate (RFC 6508 6.2.2), including the TEST == R check. sed_len is 273; 258..272 are
 * accepted too (H left-padded with zeros: one deployed implementation drops H's leading zero
 * octets). ssv is written only on success.
 */
int ksrtp_sakke_decapsulate(const struct ksrtp_sakke_receiver *rx, const uint8_t *sed,
			    size_t sed_len, uint8_t ssv[KSRTP_SAKKE_SSV_LEN]);

/*
 * The field arithmetic this process uses: "AVX-512 IFMA", "64-bit MULX/ADX" or "portable C",
 * chosen at load time from the CPU. KSRTP_SAKKE_GENERIC=1 in the environment forces portable C,
 * KSRTP_SAKKE_GENERIC=adx the MULX/ADX code (what a CPU without AVX-512 IFMA runs).
 */
const char *ksrtp_sakke_backend(void);

/* KMS side: a new master secret z in [2, q-1] and Z = [z]P. */
int ksrtp_sakke_kms_keygen(uint8_t z[KSRTP_SAKKE_SCALAR_LEN], uint8_t z_pub[KSRTP_SAKKE_POINT_LEN]);
/* KMS side: Z = [z]P for a given z (z may be shorter than 128 octets, big-endian). */
int ksrtp_sakke_kms_public(const uint8_t *z, size_t z_len, uint8_t z_pub[KSRTP_SAKKE_POINT_LEN]);
/* KMS side: RSK = [(b + z)^-1]P for identity id (b = id as an integer mod q). */
int ksrtp_sakke_kms_rsk(const uint8_t *z, size_t z_len, const uint8_t *id, size_t id_len,
			uint8_t rsk[KSRTP_SAKKE_POINT_LEN]);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_SAKKE_H */
