// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark of the packet transforms: debugfs file ksrtp/bench (root only).
 *
 *   echo "AES_CM_128_HMAC_SHA1_80 172 20000" > /sys/kernel/debug/ksrtp/bench
 *   cat /sys/kernel/debug/ksrtp/bench
 *
 * writes "suite payload-octets packets" (suite by name or number) and runs, in the
 * writer's context: the full SRTP protect and unprotect of a socket buffer (stream
 * lookup, index, replay window, in-place crypto through a scatterlist of the skb,
 * counters) as the netfilter hooks call them, and, for comparison, the same crypto
 * primitives alone on a flat buffer (AES-CTR + HMAC-SHA1, or AES-GCM, with the same
 * transforms). Reading returns the last result in
 * nanoseconds per packet, one "key value" per line.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "bench.h"
#include "compat.h"
#include "datapath.h"
#include "selftest.h"

#define KSRTP_BENCH_MAX_SIZE 1400
#define KSRTP_BENCH_MAX_COUNT 1000000
#define KSRTP_BENCH_WARMUP 200
#define KSRTP_BENCH_CHUNK 32U

static struct dentry *ksrtp_bench_dir;
static DEFINE_MUTEX(ksrtp_bench_lock);
static char ksrtp_bench_result[512] = "no run yet: write \"SUITE SIZE COUNT\"\n";

struct ksrtp_bench_ns {
	u64 protect;
	u64 unprotect;
	u64 prim_enc;
	u64 prim_dec;
};

static void ksrtp_bench_rtp(u8 *buf, unsigned int size, u32 i)
{
	buf[0] = 0x80;
	buf[1] = 0x60;
	put_unaligned_be16(i & 0xffff, buf + 2);
	put_unaligned_be32(i * 160, buf + 4);
	put_unaligned_be32(0x5eed5eed, buf + 8);
	memset(buf + 12, i & 0xff, size);
}

/* What the netfilter hook hands the transforms: the whole skb is the RTP packet. */
static void ksrtp_bench_parse(struct ksrtp_pkt *pkt, const struct sk_buff *skb)
{
	pkt->len = skb->len;
	memcpy(pkt->hdr, skb->data, sizeof(pkt->hdr));
	pkt->ssrc = get_unaligned_be32(pkt->hdr + 8);
}

/*
 * The full transforms: protect on @tx, unprotect on @rx, @count packets. Like the
 * netfilter hooks, which run them under rcu_read_lock() with bottom halves disabled,
 * and like ksrtp_bench_primitives(), the timed part excludes local_bh_disable() and
 * rcu_read_lock(); it includes the packet description the hook would fill in and
 * the trim of the unprotected packet.
 */
static int ksrtp_bench_packets(struct ksrtp_sa *tx, struct ksrtp_sa *rx, unsigned int size,
			       u32 first, unsigned int count, u8 *plain,
			       struct ksrtp_bench_ns *ns)
{
	struct ksrtp_pkt pkt = { .family = AF_INET };
	struct sk_buff *skb;
	unsigned int i;
	int err = 0, len;
	u64 t0, t1, t2;

	skb = alloc_skb(12 + size + 64, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	for (i = 0; i < count && !err; i++) {
		ksrtp_bench_rtp(plain, size, first + i);
		skb_trim(skb, 0);
		skb_put_data(skb, plain, 12 + size);
		local_bh_disable();
		rcu_read_lock();
		t0 = ktime_get_ns();
		ksrtp_bench_parse(&pkt, skb);
		len = ksrtp_srtp_protect(tx, skb, &pkt);
		t1 = ktime_get_ns();
		if (len >= 0 && len == skb->len) {
			ksrtp_bench_parse(&pkt, skb);
			len = ksrtp_srtp_unprotect(rx, skb, &pkt);
			if (len >= 0)
				skb_trim(skb, len);
		} else if (len >= 0) {
			len = -EINVAL;
		}
		t2 = ktime_get_ns();
		rcu_read_unlock();
		local_bh_enable();
		ns->protect += t1 - t0;
		ns->unprotect += t2 - t1;
		err = len < 0 ? len : 0;
		if (!err && (skb->len != 12 + size || memcmp(skb->data, plain, 12 + size)))
			err = -EBADMSG;
		if (!(i & 255))
			cond_resched();
	}
	kfree_skb(skb);
	return err;
}

/* The crypto primitives alone, same transforms, on a flat buffer. */
static int ksrtp_bench_primitives(struct ksrtp_key *key, unsigned int size, unsigned int count,
				  u8 *buf, struct ksrtp_bench_ns *ns)
{
	const struct ksrtp_suite_info *suite = key->suite;
	struct scatterlist sg;
	u8 iv[16], mac[KSRTP_SHA1_LEN];
	__be32 roc = 0;
	unsigned int i;
	int err = 0;
	u64 t0, t1, t2;

	for (i = 0; i < count && !err; i++) {
		ksrtp_bench_rtp(buf, size, i);
		local_bh_disable();
		t0 = ktime_get_ns();
		if (suite->aead) {
			sg_init_one(&sg, buf, 12 + size + KSRTP_GCM_TAG_LEN);
			memset(iv, 0, sizeof(iv));
			err = ksrtp_gcm_crypt(&key->rtp, iv, &sg, 12, size, true);
			t1 = ktime_get_ns();
			memset(iv, 0, sizeof(iv));
			if (!err)
				err = ksrtp_gcm_crypt(&key->rtp, iv, &sg, 12,
						      size + KSRTP_GCM_TAG_LEN, false);
		} else {
			ksrtp_cm_iv(iv, key->rtp.salt, 0x5eed5eed, i);
			sg_init_one(&sg, buf + 12, size);
			err = ksrtp_ctr_crypt(&key->rtp, iv, &sg, size);
			sg_init_one(&sg, buf, 12 + size);
			if (!err)
				err = ksrtp_hmac(&key->rtp, &sg, 12 + size, (u8 *)&roc, 4, mac);
			t1 = ktime_get_ns();
			if (!err)
				err = ksrtp_hmac(&key->rtp, &sg, 12 + size, (u8 *)&roc, 4, mac);
			ksrtp_cm_iv(iv, key->rtp.salt, 0x5eed5eed, i);
			sg_init_one(&sg, buf + 12, size);
			if (!err)
				err = ksrtp_ctr_crypt(&key->rtp, iv, &sg, size);
		}
		t2 = ktime_get_ns();
		local_bh_enable();
		ns->prim_enc += t1 - t0;
		ns->prim_dec += t2 - t1;
		if (!(i & 255))
			cond_resched();
	}
	return err;
}

static int ksrtp_bench_run(const struct ksrtp_suite_info *suite, unsigned int size,
			   unsigned int count)
{
	struct {
		u8 key[KSRTP_MAX_KEY_LEN];
		u8 auth[KSRTP_AUTH_KEY_LEN];
		u8 salt[KSRTP_MAX_SALT_LEN];
	} k;
	struct ksrtp_test_sa tx, rx;
	struct ksrtp_bench_ns ns = {};
	unsigned int done, n;
	u8 *buf;
	int err;

	buf = kmalloc(12 + size + 64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_random_bytes(&k, sizeof(k));
	err = ksrtp_test_sa_init(&tx, suite, k.key, k.auth, k.salt);
	if (err)
		goto free_buf;
	err = ksrtp_test_sa_init(&rx, suite, k.key, k.auth, k.salt);
	if (err)
		goto free_tx;
	/* Warm caches (and, under emulation, translated code) before measuring. */
	err = ksrtp_bench_primitives(tx.key, size, KSRTP_BENCH_WARMUP, buf, &ns) ?:
	      ksrtp_bench_packets(&tx.sa, &rx.sa, size, 0, KSRTP_BENCH_WARMUP, buf, &ns);
	memset(&ns, 0, sizeof(ns));
	/* Interleaved in short runs, so that both see the same machine load. */
	for (done = 0; !err && done < count; done += n) {
		n = min(count - done, KSRTP_BENCH_CHUNK);
		err = ksrtp_bench_packets(&tx.sa, &rx.sa, size, KSRTP_BENCH_WARMUP + done, n,
					  buf, &ns) ?:
		      ksrtp_bench_primitives(tx.key, size, n, buf, &ns);
	}
	if (!err)
		snprintf(ksrtp_bench_result, sizeof(ksrtp_bench_result),
			 "suite %s\nsize %u\ncount %u\ncipher_driver %s\nauth_driver %s\n"
			 "protect_ns %llu\nunprotect_ns %llu\nprimitive_protect_ns %llu\n"
			 "primitive_unprotect_ns %llu\n",
			 suite->name, size, count, ksrtp_xform_cipher_driver(&tx.key->rtp),
			 ksrtp_xform_auth_driver(&tx.key->rtp) ?: "-",
			 div_u64(ns.protect, count), div_u64(ns.unprotect, count),
			 div_u64(ns.prim_enc, count), div_u64(ns.prim_dec, count));
	ksrtp_test_sa_release(&rx);
free_tx:
	ksrtp_test_sa_release(&tx);
free_buf:
	kfree(buf);
	memzero_explicit(&k, sizeof(k));
	return err;
}

static ssize_t ksrtp_bench_write(struct file *file, const char __user *ubuf, size_t len,
				 loff_t *ppos)
{
	const struct ksrtp_suite_info *suite = NULL;
	unsigned int size, count, id;
	char buf[96], name[40];
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%39s %u %u", name, &size, &count) != 3 || !count ||
	    count > KSRTP_BENCH_MAX_COUNT || size > KSRTP_BENCH_MAX_SIZE)
		return -EINVAL;
	if (!kstrtouint(name, 10, &id)) {
		suite = ksrtp_suite_get(id);
	} else {
		for (id = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80; id <= KSRTP_SUITE_MAX; id++)
			if (!strcmp(ksrtp_suite_get(id)->name, name))
				suite = ksrtp_suite_get(id);
	}
	if (!suite)
		return -EINVAL;
	mutex_lock(&ksrtp_bench_lock);
	err = ksrtp_bench_run(suite, size, count);
	if (err)
		snprintf(ksrtp_bench_result, sizeof(ksrtp_bench_result), "error %d\n", err);
	mutex_unlock(&ksrtp_bench_lock);
	return err ?: len;
}

static ssize_t ksrtp_bench_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&ksrtp_bench_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, ksrtp_bench_result,
				      strlen(ksrtp_bench_result));
	mutex_unlock(&ksrtp_bench_lock);
	return ret;
}

static const struct file_operations ksrtp_bench_fops = {
	.owner = THIS_MODULE,
	.read = ksrtp_bench_read,
	.write = ksrtp_bench_write,
	.llseek = default_llseek,
};

void ksrtp_bench_init(void)
{
	ksrtp_bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("bench", 0600, ksrtp_bench_dir, NULL, &ksrtp_bench_fops);
}

void ksrtp_bench_exit(void)
{
	debugfs_remove_recursive(ksrtp_bench_dir);
}
