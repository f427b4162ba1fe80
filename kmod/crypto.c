// SPDX-License-Identifier: GPL-2.0
/*
 * Crypto of ksrtp: transforms, RFC 3711 key derivation, keys.
 *
 * Synchronous by design. The accelerated x86 drivers (ctr-aes-aesni, generic-gcm-aesni,
 * generic-gcm-aesni-avx) are asynchronous SIMD wrappers around internal synchronous
 * algorithms ("__ctr-aes-aesni", ...) that the wrapper calls directly whenever SIMD is
 * usable and defers to cryptd otherwise. ksrtp does what the wrapper does without the
 * indirection: for each session key it allocates the internal algorithm of the best
 * driver (type and mask CRYPTO_ALG_INTERNAL) and a synchronous transform of the same
 * algorithm (mask CRYPTO_ALG_ASYNC) as fallback, and per packet uses the internal one
 * when crypto_simd_usable() is true (always so in softirq and process context unless
 * the kernel's FPU section was interrupted). Packets thus never leave the netfilter hook
 * and need no completion callbacks, and per-packet requests live in a per-CPU scratch
 * area (bottom halves disabled): no allocation per packet. When the best driver is
 * synchronous already (aes-generic, or a platform without SIMD wrappers), it is used
 * alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/internal/simd.h>
#include <asm/simd.h>

#include "crypto.h"

static const struct ksrtp_suite_info ksrtp_suites[] = {
	{ KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, "AES_CM_128_HMAC_SHA1_80", false, 16, 14, 10, 10 },
	{ KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32, "AES_CM_128_HMAC_SHA1_32", false, 16, 14, 4, 10 },
	{ KSRTP_SUITE_AEAD_AES_128_GCM, "AEAD_AES_128_GCM", true, 16, 12, 16, 16 },
	{ KSRTP_SUITE_AEAD_AES_256_GCM, "AEAD_AES_256_GCM", true, 32, 12, 16, 16 },
};

struct ksrtp_scratch __percpu *ksrtp_scratch_pcpu;
struct workqueue_struct *ksrtp_wq;

const struct ksrtp_suite_info *ksrtp_suite_get(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksrtp_suites); i++)
		if (ksrtp_suites[i].id == id)
			return &ksrtp_suites[i];
	return NULL;
}

/*
 * Name of the internal synchronous algorithm behind the best driver of "ctr(aes)" and
 * "gcm(aes)" when that driver is an asynchronous SIMD wrapper ("" otherwise). Probing
 * allocates the wrapper (and its cryptd child), so it is done once at load and again on
 * INFO_GET, not for every key.
 */
enum { KSRTP_ALG_CTR, KSRTP_ALG_GCM, KSRTP_ALG_NUM };
static const char * const ksrtp_alg_names[KSRTP_ALG_NUM] = { "ctr(aes)", "gcm(aes)" };
static char ksrtp_internal[KSRTP_ALG_NUM][CRYPTO_MAX_ALG_NAME];
static DEFINE_MUTEX(ksrtp_internal_lock);

static void ksrtp_probe_one(unsigned int alg, char *name)
{
	const char *best_name, *sync_name;
	struct crypto_skcipher *sk[3] = {};
	struct crypto_aead *ae[3] = {};
	int i;

	name[0] = '\0';
	if (alg == KSRTP_ALG_CTR) {
		sk[0] = crypto_alloc_skcipher(ksrtp_alg_names[alg], 0, 0);
		sk[1] = crypto_alloc_skcipher(ksrtp_alg_names[alg], 0, CRYPTO_ALG_ASYNC);
		if (IS_ERR(sk[0]) || IS_ERR(sk[1]))
			goto out;
		best_name = crypto_skcipher_driver_name(sk[0]);
		sync_name = crypto_skcipher_driver_name(sk[1]);
	} else {
		ae[0] = crypto_alloc_aead(ksrtp_alg_names[alg], 0, 0);
		ae[1] = crypto_alloc_aead(ksrtp_alg_names[alg], 0, CRYPTO_ALG_ASYNC);
		if (IS_ERR(ae[0]) || IS_ERR(ae[1]))
			goto out;
		best_name = crypto_aead_driver_name(ae[0]);
		sync_name = crypto_aead_driver_name(ae[1]);
	}
	if (!strcmp(best_name, sync_name) ||
	    snprintf(name, CRYPTO_MAX_ALG_NAME, "__%s", best_name) >= CRYPTO_MAX_ALG_NAME)
		goto none;
	/* Keep the name only if the internal algorithm really is there and synchronous. */
	if (alg == KSRTP_ALG_CTR)
		sk[2] = crypto_alloc_skcipher(name, CRYPTO_ALG_INTERNAL,
					      CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	else
		ae[2] = crypto_alloc_aead(name, CRYPTO_ALG_INTERNAL,
					  CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	if (!IS_ERR(sk[2]) && !IS_ERR(ae[2]))
		goto out;
none:
	name[0] = '\0';
out:
	for (i = 0; i < 3; i++) {
		if (!IS_ERR(sk[i]))
			crypto_free_skcipher(sk[i]);
		if (!IS_ERR(ae[i]))
			crypto_free_aead(ae[i]);
	}
}

/* (Re)discover the internal algorithms of the best drivers. */
void ksrtp_crypto_probe(void)
{
	char name[CRYPTO_MAX_ALG_NAME];
	unsigned int alg;

	for (alg = 0; alg < KSRTP_ALG_NUM; alg++) {
		ksrtp_probe_one(alg, name);
		mutex_lock(&ksrtp_internal_lock);
		strscpy(ksrtp_internal[alg], name, CRYPTO_MAX_ALG_NAME);
		mutex_unlock(&ksrtp_internal_lock);
	}
}

static void ksrtp_internal_name(unsigned int alg, char *name)
{
	mutex_lock(&ksrtp_internal_lock);
	strscpy(name, ksrtp_internal[alg], CRYPTO_MAX_ALG_NAME);
	mutex_unlock(&ksrtp_internal_lock);
}

/*
 * Allocate the AES-CTR transforms: *@simd gets the internal synchronous algorithm behind
 * an asynchronous SIMD wrapper (or NULL), *@sync a synchronous transform for any context.
 */
static int ksrtp_alloc_skcipher(struct crypto_skcipher **simd, struct crypto_skcipher **sync)
{
	char name[CRYPTO_MAX_ALG_NAME];
	struct crypto_skcipher *tfm;

	*simd = NULL;
	tfm = crypto_alloc_skcipher(ksrtp_alg_names[KSRTP_ALG_CTR], 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	*sync = tfm;
	ksrtp_internal_name(KSRTP_ALG_CTR, name);
	if (!name[0])
		return 0;
	tfm = crypto_alloc_skcipher(name, CRYPTO_ALG_INTERNAL,
				    CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	if (!IS_ERR(tfm))
		*simd = tfm;
	return 0;
}

/* The AES-GCM transforms, like ksrtp_alloc_skcipher(). */
static int ksrtp_alloc_aead(struct crypto_aead **simd, struct crypto_aead **sync)
{
	char name[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *tfm;

	*simd = NULL;
	tfm = crypto_alloc_aead(ksrtp_alg_names[KSRTP_ALG_GCM], 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	*sync = tfm;
	ksrtp_internal_name(KSRTP_ALG_GCM, name);
	if (!name[0])
		return 0;
	tfm = crypto_alloc_aead(name, CRYPTO_ALG_INTERNAL, CRYPTO_ALG_INTERNAL | CRYPTO_ALG_ASYNC);
	if (!IS_ERR(tfm))
		*simd = tfm;
	return 0;
}

void ksrtp_xform_free(struct ksrtp_xform *x)
{
	crypto_free_skcipher(x->ctr_simd);
	crypto_free_skcipher(x->ctr);
	crypto_free_aead(x->gcm_simd);
	crypto_free_aead(x->gcm);
	crypto_free_shash(x->hmac);
	memzero_explicit(x, sizeof(*x));
}

static bool ksrtp_skcipher_fits(struct crypto_skcipher *tfm)
{
	return !tfm || sizeof(struct skcipher_request) + crypto_skcipher_reqsize(tfm) <=
		KSRTP_REQ_MAX;
}

static bool ksrtp_aead_fits(struct crypto_aead *tfm)
{
	return !tfm || sizeof(struct aead_request) + crypto_aead_reqsize(tfm) <= KSRTP_REQ_MAX;
}

/**
 * ksrtp_xform_init - set up the session transforms of one key
 * @x: zeroed transform set
 * @suite: crypto suite
 * @key: session encryption key (suite->key_len)
 * @auth_key: session authentication key (KSRTP_AUTH_KEY_LEN), NULL for AEAD suites
 * @salt: session salt (suite->salt_len)
 *
 * Return: 0 or a negative errno; on error @x holds nothing.
 */
int ksrtp_xform_init(struct ksrtp_xform *x, const struct ksrtp_suite_info *suite,
		     const u8 *key, const u8 *auth_key, const u8 *salt)
{
	int err;

	memset(x, 0, sizeof(*x));
	if (suite->aead) {
		err = ksrtp_alloc_aead(&x->gcm_simd, &x->gcm);
		if (err)
			goto fail;
		err = -EOVERFLOW;
		if (!ksrtp_aead_fits(x->gcm) || !ksrtp_aead_fits(x->gcm_simd))
			goto fail;
		err = crypto_aead_setkey(x->gcm, key, suite->key_len) ?:
		      crypto_aead_setauthsize(x->gcm, KSRTP_GCM_TAG_LEN);
		if (!err && x->gcm_simd)
			err = crypto_aead_setkey(x->gcm_simd, key, suite->key_len) ?:
			      crypto_aead_setauthsize(x->gcm_simd, KSRTP_GCM_TAG_LEN);
	} else {
		err = ksrtp_alloc_skcipher(&x->ctr_simd, &x->ctr);
		if (err)
			goto fail;
		err = -EOVERFLOW;
		if (!ksrtp_skcipher_fits(x->ctr) || !ksrtp_skcipher_fits(x->ctr_simd))
			goto fail;
		err = crypto_skcipher_setkey(x->ctr, key, suite->key_len);
		if (!err && x->ctr_simd)
			err = crypto_skcipher_setkey(x->ctr_simd, key, suite->key_len);
		if (err)
			goto fail;
		x->hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
		if (IS_ERR(x->hmac)) {
			err = PTR_ERR(x->hmac);
			x->hmac = NULL;
			goto fail;
		}
		err = crypto_shash_setkey(x->hmac, auth_key, KSRTP_AUTH_KEY_LEN);
	}
	if (err)
		goto fail;
	memcpy(x->salt, salt, suite->salt_len);
	return 0;
fail:
	ksrtp_xform_free(x);
	return err;
}

const char *ksrtp_xform_cipher_driver(const struct ksrtp_xform *x)
{
	if (x->ctr_simd)
		return crypto_skcipher_driver_name(x->ctr_simd);
	if (x->ctr)
		return crypto_skcipher_driver_name(x->ctr);
	if (x->gcm_simd)
		return crypto_aead_driver_name(x->gcm_simd);
	if (x->gcm)
		return crypto_aead_driver_name(x->gcm);
	return NULL;
}

const char *ksrtp_xform_auth_driver(const struct ksrtp_xform *x)
{
	return x->hmac ? crypto_shash_driver_name(x->hmac) : NULL;
}

/* Driver names a key of @suite would get now (for INFO_GET). */
void ksrtp_suite_drivers(const struct ksrtp_suite_info *suite, char *cipher, char *auth,
			 size_t len)
{
	static const u8 zero[KSRTP_MAX_KEY_LEN + KSRTP_AUTH_KEY_LEN];
	struct ksrtp_xform x;
	const char *name;

	cipher[0] = '\0';
	auth[0] = '\0';
	if (ksrtp_xform_init(&x, suite, zero, zero, zero))
		return;
	name = ksrtp_xform_cipher_driver(&x);
	strscpy(cipher, name ?: "", len);
	name = ksrtp_xform_auth_driver(&x);
	strscpy(auth, name ?: "", len);
	ksrtp_xform_free(&x);
}

/**
 * ksrtp_ctr_crypt - AES counter mode over a scatterlist, in place
 * @x: transforms
 * @iv: initial counter block (modified)
 * @sg: data
 * @len: data length
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_ctr_crypt(const struct ksrtp_xform *x, u8 iv[16], struct scatterlist *sg,
		    unsigned int len)
{
	struct skcipher_request *req = (void *)ksrtp_scratch_get()->req;
	struct crypto_skcipher *tfm = x->ctr;

	if (x->ctr_simd && crypto_simd_usable())
		tfm = x->ctr_simd;
	skcipher_request_set_tfm(req, tfm);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, sg, sg, len, iv);
	return crypto_skcipher_encrypt(req);
}

/**
 * ksrtp_gcm_crypt - AES-GCM over a scatterlist, in place
 * @x: transforms
 * @iv: 12-octet nonce
 * @sg: associated data, then the text (then the tag)
 * @assoclen: associated data length
 * @cryptlen: text length (plus the tag when decrypting)
 * @enc: encrypt (append the tag) or decrypt (verify it)
 *
 * Return: 0, -EBADMSG when the tag does not verify, or another negative errno.
 */
int ksrtp_gcm_crypt(const struct ksrtp_xform *x, u8 iv[12], struct scatterlist *sg,
		    unsigned int assoclen, unsigned int cryptlen, bool enc)
{
	struct aead_request *req = (void *)ksrtp_scratch_get()->req;
	struct crypto_aead *tfm = x->gcm;

	if (x->gcm_simd && crypto_simd_usable())
		tfm = x->gcm_simd;
	aead_request_set_tfm(req, tfm);
	aead_request_set_callback(req, 0, NULL, NULL);
	aead_request_set_ad(req, assoclen);
	aead_request_set_crypt(req, sg, sg, cryptlen, iv);
	return enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
}

/**
 * ksrtp_hmac - HMAC-SHA1 of a scatterlist followed by extra octets
 * @x: transforms
 * @sg: data
 * @len: octets of @sg to hash
 * @extra: appended data (the ROC for SRTP), may be NULL
 * @extra_len: length of @extra
 * @out: full HMAC-SHA1 output
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_hmac(const struct ksrtp_xform *x, struct scatterlist *sg, unsigned int len,
	       const u8 *extra, unsigned int extra_len, u8 out[KSRTP_SHA1_LEN])
{
	SHASH_DESC_ON_STACK(desc, x->hmac);
	int err;

	desc->tfm = x->hmac;
	err = crypto_shash_init(desc);
	for (; !err && sg && len; sg = sg_next(sg)) {
		unsigned int left = min(len, sg->length);
		unsigned int off = sg->offset;
		struct page *page = sg_page(sg);

		len -= left;
		while (!err && left) {
			unsigned int chunk;
			u8 *vaddr;

			page += off >> PAGE_SHIFT;
			off &= ~PAGE_MASK;
			chunk = min_t(unsigned int, left, PAGE_SIZE - off);
			vaddr = kmap_local_page(page);
			err = crypto_shash_update(desc, vaddr + off, chunk);
			kunmap_local(vaddr);
			off += chunk;
			left -= chunk;
		}
	}
	if (!err && extra_len)
		err = crypto_shash_update(desc, extra, extra_len);
	if (!err)
		err = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return err;
}

/**
 * ksrtp_prf_init - set up the AES-CM PRF of RFC 3711 section 4.3 keyed by a master key
 * @x: zeroed transform set (only the synchronous AES-CTR transform is used)
 * @suite: crypto suite (AES-128 or AES-256 PRF)
 * @master_key: master key
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_prf_init(struct ksrtp_xform *x, const struct ksrtp_suite_info *suite,
		   const u8 *master_key)
{
	int err;

	memset(x, 0, sizeof(*x));
	x->ctr = crypto_alloc_skcipher("ctr(aes)", 0, CRYPTO_ALG_ASYNC);
	if (IS_ERR(x->ctr)) {
		err = PTR_ERR(x->ctr);
		x->ctr = NULL;
		return err;
	}
	err = -EOVERFLOW;
	if (ksrtp_skcipher_fits(x->ctr))
		err = crypto_skcipher_setkey(x->ctr, master_key, suite->key_len);
	if (err)
		ksrtp_xform_free(x);
	return err;
}

/**
 * ksrtp_derive - the AES-CM key derivation function of RFC 3711 section 4.3
 * @prf: PRF keyed with the master key (ksrtp_prf_init())
 * @suite: crypto suite (14-octet master salt, or 12 octets padded with zeros on the
 *	right per RFC 7714 section 11)
 * @master_salt: master salt
 * @label: key derivation label (0..5)
 * @out: output
 * @len: output length
 *
 * The key derivation rate is 0, so "index DIV kdr" is 0: x = label << 48 XOR salt.
 * Runs the PRF through ksrtp_ctr_crypt(), the datapath's AES-CM.
 *
 * Return: 0 or a negative errno.
 */
int ksrtp_derive(const struct ksrtp_xform *prf, const struct ksrtp_suite_info *suite,
		 const u8 *master_salt, u8 label, u8 *out, unsigned int len)
{
	struct scatterlist sg;
	u8 iv[16] = {};
	u8 *buf;
	int err;

	buf = kzalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(iv, master_salt, suite->salt_len);
	iv[7] ^= label;
	sg_init_one(&sg, buf, len);
	local_bh_disable();
	err = ksrtp_ctr_crypt(prf, iv, &sg, len);
	local_bh_enable();
	memcpy(out, buf, len);
	kfree_sensitive(buf);
	memzero_explicit(iv, sizeof(iv));
	return err;
}

static int ksrtp_session_init(struct ksrtp_xform *x, const struct ksrtp_xform *prf,
			      const struct ksrtp_suite_info *suite,
			      const struct ksrtp_key_params *kp, u8 label_base)
{
	struct {
		u8 key[KSRTP_MAX_KEY_LEN];
		u8 auth[KSRTP_AUTH_KEY_LEN];
		u8 salt[KSRTP_MAX_SALT_LEN];
	} *s;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = ksrtp_derive(prf, suite, kp->master_salt, label_base, s->key, suite->key_len);
	if (!err && !suite->aead)
		err = ksrtp_derive(prf, suite, kp->master_salt, label_base + 1, s->auth,
				   KSRTP_AUTH_KEY_LEN);
	if (!err)
		err = ksrtp_derive(prf, suite, kp->master_salt, label_base + 2, s->salt,
				   suite->salt_len);
	if (!err)
		err = ksrtp_xform_init(x, suite, s->key, suite->aead ? NULL : s->auth, s->salt);
	kfree_sensitive(s);
	return err;
}

/**
 * ksrtp_key_create - derive session keys and allocate the transforms of a master key
 * @suite: crypto suite
 * @kp: master key, salt, MKI, label (lengths already validated)
 * @rtcp: also set up SRTCP
 *
 * Return: the key or an ERR_PTR.
 */
struct ksrtp_key *ksrtp_key_create(const struct ksrtp_suite_info *suite,
				   const struct ksrtp_key_params *kp, bool rtcp)
{
	struct ksrtp_xform prf;
	struct ksrtp_key *key;
	int err;

	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (!key)
		return ERR_PTR(-ENOMEM);
	key->suite = suite;
	err = ksrtp_prf_init(&prf, suite, kp->master_key);
	if (!err) {
		err = ksrtp_session_init(&key->rtp, &prf, suite, kp, 0);
		if (!err && rtcp) {
			err = ksrtp_session_init(&key->rtcp, &prf, suite, kp, 3);
			key->has_rtcp = !err;
		}
		ksrtp_xform_free(&prf);
	}
	if (err) {
		ksrtp_key_destroy(key);
		return ERR_PTR(err);
	}
	key->mki_len = kp->mki_len;
	memcpy(key->mki, kp->mki, kp->mki_len);
	key->kdr = kp->kdr;
	key->key_id = kp->key_id;
	key->installed = jiffies;
	atomic64_set(&key->packets, 0);
	return key;
}

/* Wipe and free a key nobody can reach any more. */
void ksrtp_key_destroy(struct ksrtp_key *key)
{
	if (!key)
		return;
	ksrtp_xform_free(&key->rtp);
	ksrtp_xform_free(&key->rtcp);
	kfree_sensitive(key);
}

static void ksrtp_key_free_work(struct work_struct *work)
{
	ksrtp_key_destroy(container_of(to_rcu_work(work), struct ksrtp_key, free_work));
}

/* Destroy a key after the readers that may still see it are gone (any context). */
void ksrtp_key_destroy_rcu(struct ksrtp_key *key)
{
	if (!key)
		return;
	INIT_RCU_WORK(&key->free_work, ksrtp_key_free_work);
	queue_rcu_work(ksrtp_wq, &key->free_work);
}

int ksrtp_crypto_init(void)
{
	unsigned int cpu;

	ksrtp_scratch_pcpu = alloc_percpu(struct ksrtp_scratch);
	if (!ksrtp_scratch_pcpu)
		return -ENOMEM;
	/* The datapath sets single entries in place (ksrtp_skb_sg()). */
	for_each_possible_cpu(cpu)
		sg_init_table(per_cpu_ptr(ksrtp_scratch_pcpu, cpu)->sg, KSRTP_MAX_SG);
	ksrtp_wq = alloc_workqueue("ksrtp", 0, 0);
	if (!ksrtp_wq) {
		free_percpu(ksrtp_scratch_pcpu);
		return -ENOMEM;
	}
	ksrtp_crypto_probe();
	return 0;
}

void ksrtp_crypto_exit(void)
{
	rcu_barrier();
	destroy_workqueue(ksrtp_wq);
	free_percpu(ksrtp_scratch_pcpu);
}
