// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests run at module load through the datapath's own code: RFC 3711
 * Appendix B.2 (AES-CM keystream, via ksrtp_cm_iv() and ksrtp_ctr_crypt()) and B.3
 * (key derivation, via ksrtp_derive()), and RFC 7714 section 16 (SRTP AES-GCM, via
 * ksrtp_srtp_protect()/ksrtp_srtp_unprotect() on a socket buffer), plus an AES-CM
 * protect/unprotect round trip with a forged-tag check. Each test runs on both the
 * SIMD transform and the synchronous fallback when they differ. The module refuses to
 * load when any test fails.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>
#include <linux/slab.h>

#include "datapath.h"
#include "selftest.h"

u8 ksrtp_selftest_passed;

/* RFC 3711 B.2: AES-CM keystream (session key, salt; SSRC = ROC = SEQ = 0). */
static const u8 b2_key[] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88,
	0x09, 0xcf, 0x4f, 0x3c,
};

static const u8 b2_salt[] = {
	0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb,
	0xfc, 0xfd,
};

static const u8 b2_ks_0000[] = {
	0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80, 0xe1, 0x66, 0xb1, 0x6d,
	0xd9, 0x2b, 0x4e, 0xb4, 0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02, 0xd0, 0xf7,
	0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab, 0x41, 0xe9, 0x5b, 0x3b,
	0xb0, 0xa2, 0xe8, 0xdd, 0x47, 0x79, 0x01, 0xe4, 0xfc, 0xa8, 0x94, 0xc0,
};

static const u8 b2_ks_feff[] = {
	0xec, 0x8c, 0xdf, 0x73, 0x98, 0x60, 0x7c, 0xb0, 0xf2, 0xd2, 0x16, 0x75,
	0xea, 0x9e, 0xa1, 0xe4, 0x36, 0x2b, 0x7c, 0x3c, 0x67, 0x73, 0x51, 0x63,
	0x18, 0xa0, 0x77, 0xd7, 0xfc, 0x50, 0x73, 0xae, 0x6a, 0x2c, 0xc3, 0x78,
	0x78, 0x89, 0x37, 0x4f, 0xbe, 0xb4, 0xc8, 0x1b, 0x17, 0xba, 0x6c, 0x44,
};

/* RFC 3711 B.3: key derivation (kdr = 0). */
static const u8 b3_master_key[] = {
	0xe1, 0xf9, 0x7a, 0x0d, 0x3e, 0x01, 0x8b, 0xe0, 0xd6, 0x4f, 0xa3, 0x2c,
	0x06, 0xde, 0x41, 0x39,
};

static const u8 b3_master_salt[] = {
	0x0e, 0xc6, 0x75, 0xad, 0x49, 0x8a, 0xfe, 0xeb, 0xb6, 0x96, 0x0b, 0x3a,
	0xab, 0xe6,
};

static const u8 b3_cipher_key[] = {
	0xc6, 0x1e, 0x7a, 0x93, 0x74, 0x4f, 0x39, 0xee, 0x10, 0x73, 0x4a, 0xfe,
	0x3f, 0xf7, 0xa0, 0x87,
};

static const u8 b3_cipher_salt[] = {
	0x30, 0xcb, 0xbc, 0x08, 0x86, 0x3d, 0x8c, 0x85, 0xd4, 0x9d, 0xb3, 0x4a,
	0x9a, 0xe1,
};

static const u8 b3_auth_key[] = {
	0xce, 0xbe, 0x32, 0x1f, 0x6f, 0xf7, 0x71, 0x6b, 0x6f, 0xd4, 0xab, 0x49,
	0xaf, 0x25, 0x6a, 0x15, 0x6d, 0x38, 0xba, 0xa4, 0x8f, 0x0a, 0x0a, 0xcf,
	0x3c, 0x34, 0xe2, 0x35, 0x9e, 0x6c, 0xdb, 0xce, 0xe0, 0x49, 0x64, 0x6c,
	0x43, 0xd9, 0x32, 0x7a, 0xd1, 0x75, 0x57, 0x8e, 0xf7, 0x22, 0x70, 0x98,
	0x63, 0x71, 0xc1, 0x0c, 0x9a, 0x36, 0x9a, 0xc2, 0xf9, 0x4a, 0x8c, 0x5f,
	0xbc, 0xdd, 0xdc, 0x25, 0x6d, 0x6e, 0x91, 0x9a, 0x48, 0xb6, 0x10, 0xef,
	0x17, 0xc2, 0x04, 0x1e, 0x47, 0x40, 0x35, 0x76, 0x6b, 0x68, 0x64, 0x2c,
	0x59, 0xbb, 0xfc, 0x2f, 0x34, 0xdb, 0x60, 0xdb, 0xdf, 0xb2,
};

/* RFC 7714 16.1.1 / 16.2.1: SRTP AEAD_AES_128_GCM / AEAD_AES_256_GCM (session keys). */
static const u8 gcm_salt[] = {
	0x51, 0x75, 0x69, 0x64, 0x20, 0x70, 0x72, 0x6f, 0x20, 0x71, 0x75, 0x6f,
};

static const u8 gcm_rtp[] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2,
	0x47, 0x61, 0x6c, 0x6c, 0x69, 0x61, 0x20, 0x65, 0x73, 0x74, 0x20, 0x6f,
	0x6d, 0x6e, 0x69, 0x73, 0x20, 0x64, 0x69, 0x76, 0x69, 0x73, 0x61, 0x20,
	0x69, 0x6e, 0x20, 0x70, 0x61, 0x72, 0x74, 0x65, 0x73, 0x20, 0x74, 0x72,
	0x65, 0x73,
};

static const u8 gcm128_key[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f,
};

static const u8 gcm128_srtp[] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2,
	0xf2, 0x4d, 0xe3, 0xa3, 0xfb, 0x34, 0xde, 0x6c, 0xac, 0xba, 0x86, 0x1c,
	0x9d, 0x7e, 0x4b, 0xca, 0xbe, 0x63, 0x3b, 0xd5, 0x0d, 0x29, 0x4e, 0x6f,
	0x42, 0xa5, 0xf4, 0x7a, 0x51, 0xc7, 0xd1, 0x9b, 0x36, 0xde, 0x3a, 0xdf,
	0x88, 0x33, 0x89, 0x9d, 0x7f, 0x27, 0xbe, 0xb1, 0x6a, 0x91, 0x52, 0xcf,
	0x76, 0x5e, 0xe4, 0x39, 0x0c, 0xce,
};

static const u8 gcm256_key[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const u8 gcm256_srtp[] = {
	0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41, 0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2,
	0x32, 0xb1, 0xde, 0x78, 0xa8, 0x22, 0xfe, 0x12, 0xef, 0x9f, 0x78, 0xfa,
	0x33, 0x2e, 0x33, 0xaa, 0xb1, 0x80, 0x12, 0x38, 0x9a, 0x58, 0xe2, 0xf3,
	0xb5, 0x0b, 0x2a, 0x02, 0x76, 0xff, 0xae, 0x0f, 0x1b, 0xa6, 0x37, 0x99,
	0xb8, 0x7b, 0x7a, 0xa3, 0xdb, 0x36, 0xdf, 0xff, 0xd6, 0xb0, 0xf9, 0xbb,
	0x78, 0x78, 0xd7, 0xa7, 0x6c, 0x13,
};

/* Run @fn(@arg) on @x as allocated, then with the SIMD transforms hidden (fallback). */
static int ksrtp_both_paths(struct ksrtp_xform *x, int (*fn)(void *arg), void *arg)
{
	struct crypto_skcipher *ctr = x->ctr_simd;
	struct crypto_aead *gcm = x->gcm_simd;
	int err;

	err = fn(arg);
	if (err || (!ctr && !gcm))
		return err;
	x->ctr_simd = NULL;
	x->gcm_simd = NULL;
	err = fn(arg);
	x->ctr_simd = ctr;
	x->gcm_simd = gcm;
	return err;
}

static int ksrtp_test_keystream(struct ksrtp_xform *x, u8 *buf, u16 ctr, const u8 *expect)
{
	struct scatterlist sg;
	u8 iv[16];
	int err;

	ksrtp_cm_iv(iv, b2_salt, 0, 0);
	iv[14] = ctr >> 8;
	iv[15] = ctr & 0xff;
	memset(buf, 0, 48);
	sg_init_one(&sg, buf, 48);
	local_bh_disable();
	err = ksrtp_ctr_crypt(x, iv, &sg, 48);
	local_bh_enable();
	if (!err && memcmp(buf, expect, 48))
		err = -EBADMSG;
	return err;
}

struct ksrtp_test_b2_ctx {
	struct ksrtp_xform *x;
	u8 *buf;
};

static int ksrtp_test_b2_run(void *arg)
{
	struct ksrtp_test_b2_ctx *c = arg;

	return ksrtp_test_keystream(c->x, c->buf, 0, b2_ks_0000) ?:
	       ksrtp_test_keystream(c->x, c->buf, 0xfeff, b2_ks_feff);
}

static int ksrtp_test_b2(u8 *buf)
{
	struct ksrtp_test_b2_ctx c = { .buf = buf };
	const struct ksrtp_suite_info *suite = ksrtp_suite_get(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	static const u8 zero_auth[KSRTP_AUTH_KEY_LEN];
	struct ksrtp_xform x;
	int err;

	err = ksrtp_xform_init(&x, suite, b2_key, zero_auth, b2_salt);
	if (err)
		return err;
	c.x = &x;
	err = ksrtp_both_paths(&x, ksrtp_test_b2_run, &c);
	ksrtp_xform_free(&x);
	return err;
}

static int ksrtp_test_b3(u8 *buf)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_get(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80);
	struct ksrtp_xform prf;
	int err;

	err = ksrtp_prf_init(&prf, suite, b3_master_key);
	if (err)
		return err;
	err = ksrtp_derive(&prf, suite, b3_master_salt, 0, buf, sizeof(b3_cipher_key));
	if (!err && memcmp(buf, b3_cipher_key, sizeof(b3_cipher_key)))
		err = -EBADMSG;
	if (!err)
		err = ksrtp_derive(&prf, suite, b3_master_salt, 2, buf, sizeof(b3_cipher_salt));
	if (!err && memcmp(buf, b3_cipher_salt, sizeof(b3_cipher_salt)))
		err = -EBADMSG;
	if (!err)
		err = ksrtp_derive(&prf, suite, b3_master_salt, 1, buf, sizeof(b3_auth_key));
	if (!err && memcmp(buf, b3_auth_key, sizeof(b3_auth_key)))
		err = -EBADMSG;
	ksrtp_xform_free(&prf);
	return err;
}

/* A throwaway SA around session transforms, for running the packet transforms. */
int ksrtp_test_sa_init(struct ksrtp_test_sa *t, const struct ksrtp_suite_info *suite,
		       const u8 *key, const u8 *auth_key, const u8 *salt)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->key = kzalloc(sizeof(*t->key), GFP_KERNEL);
	if (!t->key)
		return -ENOMEM;
	t->key->suite = suite;
	t->key->installed = jiffies;
	err = ksrtp_xform_init(&t->key->rtp, suite, key, auth_key, salt);
	if (err) {
		kfree(t->key);
		return err;
	}
	t->sa.st = ksrtp_state_alloc(suite, KSRTP_DEFAULT_REPLAY_WINDOW, 0, KSRTP_RTCP_NONE);
	if (!t->sa.st) {
		ksrtp_key_destroy(t->key);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(t->sa.st->key[KSRTP_KEY_SLOT_CURRENT], t->key);
	t->sa.p.max_streams = 2;
	t->sa.p.replay_window = KSRTP_DEFAULT_REPLAY_WINDOW;
	t->sa.net = &init_net;
	return 0;
}

/* Run one packet transform on @skb (the whole skb is the RTP packet). */
int ksrtp_test_xfrm(struct ksrtp_sa *sa, struct sk_buff *skb, bool protect)
{
	struct ksrtp_pkt pkt = { .family = AF_INET };
	int len;

	pkt.len = skb->len;
	memcpy(pkt.hdr, skb->data, min_t(unsigned int, skb->len, sizeof(pkt.hdr)));
	pkt.ssrc = get_unaligned_be32(pkt.hdr + 8);
	rcu_read_lock();
	local_bh_disable();
	len = protect ? ksrtp_srtp_protect(sa, skb, &pkt) : ksrtp_srtp_unprotect(sa, skb, &pkt);
	local_bh_enable();
	rcu_read_unlock();
	if (len < 0)
		return len;
	if (len < skb->len)
		skb_trim(skb, len);
	return skb->len == len ? 0 : -EINVAL;
}

/*
 * Protect @plain and compare with @expect (when given), unprotect and compare with
 * @plain, then check that a packet with one flipped ciphertext bit is refused.
 */
static int ksrtp_test_packet(struct ksrtp_sa *sa, const u8 *plain, unsigned int plen,
			     const u8 *expect, unsigned int elen)
{
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(plen + 64, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, plain, plen);
	err = ksrtp_test_xfrm(sa, skb, true);
	if (!err && expect && (skb->len != elen || memcmp(skb->data, expect, elen)))
		err = -EBADMSG;
	/* One SA plays both ends: the receiver starts without the sender's streams. */
	ksrtp_streams_reset(sa->st);
	if (!err)
		err = ksrtp_test_xfrm(sa, skb, false);
	if (!err && (skb->len != plen || memcmp(skb->data, plain, plen)))
		err = -EBADMSG;
	if (!err) {
		skb_trim(skb, 0);
		skb_put_data(skb, plain, plen);
		/* Protected, then tampered with: refused. */
		err = ksrtp_test_xfrm(sa, skb, true);
		skb->data[plen - 1] ^= 0x80;
		ksrtp_streams_reset(sa->st);
		if (!err && ksrtp_test_xfrm(sa, skb, false) != -EBADMSG)
			err = -EBADMSG;
	}
	kfree_skb(skb);
	return err;
}

struct ksrtp_test_pkt_ctx {
	struct ksrtp_sa *sa;
	const u8 *expect;
	unsigned int elen;
};

static int ksrtp_test_pkt_run(void *arg)
{
	struct ksrtp_test_pkt_ctx *c = arg;

	return ksrtp_test_packet(c->sa, gcm_rtp, sizeof(gcm_rtp), c->expect, c->elen);
}

void ksrtp_test_sa_release(struct ksrtp_test_sa *t)
{
	ksrtp_state_put(t->sa.st);
}

static void ksrtp_test_sa_free(struct ksrtp_test_sa *t, int err)
{
	u64 c[KSRTP_STATS_A_MAX + 1];

	if (err) {
		ksrtp_stats_sum(t->sa.st, c);
		pr_err("self-test counters: packets %llu auth %llu replay %llu malformed %llu error %llu\n",
		       c[KSRTP_STATS_A_PACKETS], c[KSRTP_STATS_A_AUTH_FAIL],
		       c[KSRTP_STATS_A_REPLAY], c[KSRTP_STATS_A_MALFORMED],
		       c[KSRTP_STATS_A_ERROR]);
	}
	ksrtp_test_sa_release(t);
}

static int ksrtp_test_gcm(unsigned int suite_id, const u8 *key, const u8 *expect,
			  unsigned int elen)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_get(suite_id);
	struct ksrtp_test_pkt_ctx c = { .expect = expect, .elen = elen };
	struct ksrtp_test_sa t;
	int err;

	err = ksrtp_test_sa_init(&t, suite, key, NULL, gcm_salt);
	if (err)
		return err;
	c.sa = &t.sa;
	err = ksrtp_both_paths(&t.key->rtp, ksrtp_test_pkt_run, &c);
	ksrtp_test_sa_free(&t, err);
	return err;
}

static int ksrtp_test_cm(unsigned int suite_id)
{
	const struct ksrtp_suite_info *suite = ksrtp_suite_get(suite_id);
	struct ksrtp_test_pkt_ctx c = {};
	struct ksrtp_test_sa t;
	int err;

	/* Any key will do for a round trip: reuse the B.3 session keys. */
	err = ksrtp_test_sa_init(&t, suite, b3_cipher_key, b3_auth_key, b3_cipher_salt);
	if (err)
		return err;
	c.sa = &t.sa;
	err = ksrtp_both_paths(&t.key->rtp, ksrtp_test_pkt_run, &c);
	ksrtp_test_sa_free(&t, err);
	return err;
}

/**
 * ksrtp_selftest - run the known-answer tests
 *
 * Return: 0 when all pass, else the first failure's errno.
 */
int ksrtp_selftest(void)
{
	static const struct {
		const char *name;
		int (*fn)(u8 *buf);
	} tests[] = {
		{ "RFC 3711 B.2 AES-CM keystream", ksrtp_test_b2 },
		{ "RFC 3711 B.3 key derivation", ksrtp_test_b3 },
	};
	unsigned int i;
	int err = 0;
	u8 *buf;

	buf = kmalloc(128, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(tests) && !err; i++) {
		err = tests[i].fn(buf);
		if (err)
			pr_err("self-test failed: %s (%d)\n", tests[i].name, err);
	}
	kfree(buf);
	if (!err) {
		err = ksrtp_test_gcm(KSRTP_SUITE_AEAD_AES_128_GCM, gcm128_key, gcm128_srtp,
				     sizeof(gcm128_srtp));
		if (err)
			pr_err("self-test failed: RFC 7714 16.1.1 AEAD_AES_128_GCM (%d)\n", err);
	}
	if (!err) {
		err = ksrtp_test_gcm(KSRTP_SUITE_AEAD_AES_256_GCM, gcm256_key, gcm256_srtp,
				     sizeof(gcm256_srtp));
		if (err)
			pr_err("self-test failed: RFC 7714 16.2.1 AEAD_AES_256_GCM (%d)\n", err);
	}
	if (!err) {
		err = ksrtp_test_cm(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80) ?:
		      ksrtp_test_cm(KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32);
		if (err)
			pr_err("self-test failed: AES-CM SRTP round trip (%d)\n", err);
	}
	ksrtp_selftest_passed = !err;
	return err;
}
