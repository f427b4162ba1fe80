/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Crypto transforms, key derivation and keys of ksrtp.
 */
#ifndef _KSRTP_CRYPTO_H
#define _KSRTP_CRYPTO_H

#include <linux/types.h>
#include <linux/scatterlist.h>
#include <linux/workqueue.h>
#include <linux/crypto.h>
#include <linux/percpu.h>
#include <linux/ksrtp.h>

#define KSRTP_MAX_KEY_LEN 32
#define KSRTP_MAX_SALT_LEN 14
#define KSRTP_AUTH_KEY_LEN 20
#define KSRTP_SHA1_LEN 20
#define KSRTP_GCM_TAG_LEN 16
#define KSRTP_MAX_TAG_LEN 16
#define KSRTP_MAX_MKI_LEN 4
#define KSRTP_DRIVER_NAME_LEN 128

/* Scatterlist entries available per packet; longer skb chains are linearized. */
#define KSRTP_MAX_SG 24
/* Room for one crypto request (request header plus the transform's context). */
#define KSRTP_REQ_MAX 1536
/* Largest packet whose ciphertext can be kept for a second AEAD trial (key rollover). */
#define KSRTP_BACKUP_MAX 2048

struct crypto_skcipher;
struct crypto_aead;
struct crypto_shash;

/**
 * struct ksrtp_suite_info - constants of one SRTP crypto suite
 * @id: enum ksrtp_suite
 * @name: RFC 4568 / RFC 7714 name
 * @aead: AES-GCM (RFC 7714) rather than AES-CM + HMAC-SHA1
 * @key_len: master (and session) cipher key length
 * @salt_len: master (and session) salt length
 * @rtp_tag_len: SRTP authentication tag length
 * @rtcp_tag_len: SRTCP authentication tag length
 */
struct ksrtp_suite_info {
	u16 id;
	const char *name;
	bool aead;
	u8 key_len;
	u8 salt_len;
	u8 rtp_tag_len;
	u8 rtcp_tag_len;
};

const struct ksrtp_suite_info *ksrtp_suite_get(unsigned int id);

/**
 * struct ksrtp_xform - the session transforms of one key for RTP or for RTCP
 * @ctr_simd: AES-CTR, the accelerated driver's internal synchronous algorithm, used
 *	when crypto_simd_usable(); NULL when the best driver is synchronous already
 * @ctr: AES-CTR, a synchronous transform usable in any context
 * @gcm_simd: AES-GCM, like @ctr_simd
 * @gcm: AES-GCM, like @ctr
 * @hmac: HMAC-SHA1 keyed with the session authentication key (the hmac template
 *	precomputes the ipad/opad states at setkey time)
 * @salt: session salt
 */
struct ksrtp_xform {
	struct crypto_skcipher *ctr_simd;
	struct crypto_skcipher *ctr;
	struct crypto_aead *gcm_simd;
	struct crypto_aead *gcm;
	struct crypto_shash *hmac;
	u8 salt[KSRTP_MAX_SALT_LEN];
};

enum {
	KSRTP_KEY_F_SOFT_SENT,
	KSRTP_KEY_F_HARD_SENT,
};

/**
 * struct ksrtp_key - one master key and everything derived from it
 * @suite: crypto suite
 * @rtp: SRTP session transforms
 * @rtcp: SRTCP session transforms (only when @has_rtcp)
 * @has_rtcp: @rtcp is set up
 * @mki_len: length of @mki
 * @mki: master key identifier carried in packets
 * @kdr: key derivation rate (only 0 is supported)
 * @key_id: opaque label from userspace
 * @packets: packets processed under this key (lifetimes)
 * @installed: jiffies when the key was installed (time lifetimes)
 * @flags: KSRTP_KEY_F_* events already sent
 * @free_work: deferred destruction after an RCU grace period
 */
struct ksrtp_key {
	const struct ksrtp_suite_info *suite;
	struct ksrtp_xform rtp;
	struct ksrtp_xform rtcp;
	bool has_rtcp;
	u8 mki_len;
	u8 mki[KSRTP_MAX_MKI_LEN];
	u8 kdr;
	u32 key_id;
	atomic64_t packets;
	unsigned long installed;
	unsigned long flags;
	struct rcu_work free_work;
};

/**
 * struct ksrtp_key_params - what userspace gives for a key
 */
struct ksrtp_key_params {
	u8 master_key[KSRTP_MAX_KEY_LEN];
	u8 master_salt[KSRTP_MAX_SALT_LEN];
	u8 key_len;
	u8 salt_len;
	u8 mki_len;
	u8 mki[KSRTP_MAX_MKI_LEN];
	u8 kdr;
	u32 key_id;
};

/**
 * struct ksrtp_scratch - per-CPU working memory of the datapath (BH disabled)
 */
struct ksrtp_scratch {
	struct scatterlist sg[KSRTP_MAX_SG];
	u8 word[16] __aligned(8);
	u8 req[KSRTP_REQ_MAX] __aligned(CRYPTO_MINALIGN);
	u8 backup[KSRTP_BACKUP_MAX];
};

int ksrtp_crypto_init(void);
void ksrtp_crypto_probe(void);
void ksrtp_crypto_exit(void);

extern struct ksrtp_scratch __percpu *ksrtp_scratch_pcpu;

/* This CPU's scratch area (bottom halves disabled). */
static inline struct ksrtp_scratch *ksrtp_scratch_get(void)
{
	return this_cpu_ptr(ksrtp_scratch_pcpu);
}

struct ksrtp_key *ksrtp_key_create(const struct ksrtp_suite_info *suite,
				   const struct ksrtp_key_params *kp, bool rtcp);
void ksrtp_key_destroy(struct ksrtp_key *key);
void ksrtp_key_destroy_rcu(struct ksrtp_key *key);

int ksrtp_xform_init(struct ksrtp_xform *x, const struct ksrtp_suite_info *suite,
		     const u8 *key, const u8 *auth_key, const u8 *salt);
void ksrtp_xform_free(struct ksrtp_xform *x);
int ksrtp_prf_init(struct ksrtp_xform *x, const struct ksrtp_suite_info *suite,
		   const u8 *master_key);
int ksrtp_derive(const struct ksrtp_xform *prf, const struct ksrtp_suite_info *suite,
		 const u8 *master_salt, u8 label, u8 *out, unsigned int len);

/* Datapath primitives: callers run with bottom halves disabled. */
int ksrtp_ctr_crypt(const struct ksrtp_xform *x, u8 iv[16], struct scatterlist *sg,
		    unsigned int len);
int ksrtp_gcm_crypt(const struct ksrtp_xform *x, u8 iv[12], struct scatterlist *sg,
		    unsigned int assoclen, unsigned int cryptlen, bool enc);
int ksrtp_hmac(const struct ksrtp_xform *x, struct scatterlist *sg, unsigned int len,
	       const u8 *extra, unsigned int extra_len, u8 out[KSRTP_SHA1_LEN]);

const char *ksrtp_xform_cipher_driver(const struct ksrtp_xform *x);
const char *ksrtp_xform_auth_driver(const struct ksrtp_xform *x);
void ksrtp_suite_drivers(const struct ksrtp_suite_info *suite, char *cipher, char *auth,
			 size_t len);

extern struct workqueue_struct *ksrtp_wq;

#endif /* _KSRTP_CRYPTO_H */
