// SPDX-License-Identifier: GPL-2.0
/*
 * Security associations of ksrtp.
 *
 * Each network namespace holds its SAs twice: in an xarray by id (control operations
 * and resumable dumps ordered by id) and in an rhltable keyed by family, destination
 * address, destination port and direction (the datapath: one RCU lookup, then the few
 * SAs sharing that key are told apart by their optional selector fields). Control
 * operations run under the namespace's mutex; the datapath only takes RCU.
 *
 * An SA is immutable once published. NLM_F_REPLACE publishes a new SA next to the old
 * one and then unlinks the old one (make-before-break: no packet of the session is
 * missed, nor sent in the clear); both may share a struct ksrtp_state (keys, streams,
 * counters) by reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/netns/generic.h>

#include "events.h"
#include "hooks.h"
#include "sa.h"
#include "stream.h"

unsigned int ksrtp_net_id __read_mostly;

static const struct rhashtable_params ksrtp_table_params = {
	.key_len = sizeof(struct ksrtp_lkey),
	.key_offset = offsetof(struct ksrtp_sa, lkey),
	.head_offset = offsetof(struct ksrtp_sa, node),
	.automatic_shrinking = true,
};

void ksrtp_lkey_fill(struct ksrtp_lkey *k, u16 family, const __be32 *daddr, __be16 dport,
		     u8 dir)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->daddr, daddr, family == AF_INET ? 4 : 16);
	k->dport = dport;
	k->family = family == AF_INET ? 4 : 6;
	k->dir = dir;
}

struct rhlist_head *ksrtp_sa_lookup(struct ksrtp_net *kn, const struct ksrtp_lkey *k)
{
	return rhltable_lookup(&kn->table, k, ksrtp_table_params);
}

struct ksrtp_state *ksrtp_state_alloc(const struct ksrtp_suite_info *suite, u32 window,
				      u8 mki_len, u8 rtcp)
{
	struct ksrtp_state *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return NULL;
	st->stats = netdev_alloc_pcpu_stats(struct ksrtp_stats_pcpu);
	if (!st->stats) {
		kfree(st);
		return NULL;
	}
	refcount_set(&st->ref, 1);
	st->suite = suite;
	st->replay_window = window;
	st->mki_len = mki_len;
	st->rtcp = rtcp;
	spin_lock_init(&st->key_lock);
	xa_init_flags(&st->streams, XA_FLAGS_LOCK_BH);
	atomic_set(&st->nstreams, 0);
	atomic64_set(&st->auth_pending, 0);
	st->auth_ev_at = jiffies;
	return st;
}

static void ksrtp_state_free_work(struct work_struct *work)
{
	struct ksrtp_state *st = container_of(work, struct ksrtp_state, free_work);
	struct ksrtp_stream *s;
	unsigned long ssrc;

	/* Nobody can reach the state any more: no grace period needed below. */
	ksrtp_key_destroy(rcu_dereference_protected(st->key[0], 1));
	ksrtp_key_destroy(rcu_dereference_protected(st->key[1], 1));
	xa_for_each(&st->streams, ssrc, s)
		kfree(s);
	xa_destroy(&st->streams);
	free_percpu(st->stats);
	kfree(st);
}

/* Drop a reference; the last one goes after the RCU readers of every SA are done. */
void ksrtp_state_put(struct ksrtp_state *st)
{
	if (refcount_dec_and_test(&st->ref)) {
		INIT_WORK(&st->free_work, ksrtp_state_free_work);
		queue_work(ksrtp_wq, &st->free_work);
	}
}

void ksrtp_stats_sum(struct ksrtp_state *st, u64 *c)
{
	int cpu, i;

	memset(c, 0, sizeof(u64) * (KSRTP_STATS_A_MAX + 1));
	for_each_possible_cpu(cpu) {
		const struct ksrtp_stats_pcpu *s = per_cpu_ptr(st->stats, cpu);
		u64 v[KSRTP_STATS_A_MAX + 1];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i <= KSRTP_STATS_A_MAX; i++)
				v[i] = u64_stats_read(&s->c[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i <= KSRTP_STATS_A_MAX; i++)
			c[i] += v[i];
	}
}

/* Put @key into @slot (any previous key there is wiped after a grace period). */
void ksrtp_key_install(struct ksrtp_state *st, unsigned int slot, struct ksrtp_key *key)
{
	struct ksrtp_key *old;

	spin_lock_bh(&st->key_lock);
	old = rcu_dereference_protected(st->key[slot], lockdep_is_held(&st->key_lock));
	rcu_assign_pointer(st->key[slot], key);
	spin_unlock_bh(&st->key_lock);
	ksrtp_key_destroy_rcu(old);
}

/* Make NEXT the CURRENT key: -ENOENT when there is no NEXT key. */
int ksrtp_key_swap(struct ksrtp_state *st)
{
	struct ksrtp_key *old, *next;

	spin_lock_bh(&st->key_lock);
	next = rcu_dereference_protected(st->key[KSRTP_KEY_SLOT_NEXT],
					 lockdep_is_held(&st->key_lock));
	if (!next) {
		spin_unlock_bh(&st->key_lock);
		return -ENOENT;
	}
	old = rcu_dereference_protected(st->key[KSRTP_KEY_SLOT_CURRENT],
					lockdep_is_held(&st->key_lock));
	rcu_assign_pointer(st->key[KSRTP_KEY_SLOT_CURRENT], next);
	RCU_INIT_POINTER(st->key[KSRTP_KEY_SLOT_NEXT], NULL);
	spin_unlock_bh(&st->key_lock);
	ksrtp_key_destroy_rcu(old);
	return 0;
}

/* Swap from the datapath when @key, the NEXT key, authenticated a packet. */
bool ksrtp_key_auto_swap(struct ksrtp_state *st, struct ksrtp_key *key)
{
	struct ksrtp_key *old;

	spin_lock_bh(&st->key_lock);
	if (rcu_access_pointer(st->key[KSRTP_KEY_SLOT_NEXT]) != key) {
		spin_unlock_bh(&st->key_lock);
		return false;
	}
	old = rcu_dereference_protected(st->key[KSRTP_KEY_SLOT_CURRENT],
					lockdep_is_held(&st->key_lock));
	rcu_assign_pointer(st->key[KSRTP_KEY_SLOT_CURRENT], key);
	RCU_INIT_POINTER(st->key[KSRTP_KEY_SLOT_NEXT], NULL);
	spin_unlock_bh(&st->key_lock);
	ksrtp_key_destroy_rcu(old);
	return true;
}

int ksrtp_key_remove_next(struct ksrtp_state *st)
{
	struct ksrtp_key *old;

	spin_lock_bh(&st->key_lock);
	old = rcu_dereference_protected(st->key[KSRTP_KEY_SLOT_NEXT],
					lockdep_is_held(&st->key_lock));
	RCU_INIT_POINTER(st->key[KSRTP_KEY_SLOT_NEXT], NULL);
	spin_unlock_bh(&st->key_lock);
	if (!old)
		return -ENOENT;
	ksrtp_key_destroy_rcu(old);
	return 0;
}

/* Forget every stream (a new CURRENT key starts new index sequences). */
void ksrtp_streams_reset(struct ksrtp_state *st)
{
	struct ksrtp_stream *s;
	unsigned long ssrc;

	xa_for_each(&st->streams, ssrc, s) {
		if (xa_erase_bh(&st->streams, ssrc) == s) {
			atomic_dec(&st->nstreams);
			ksrtp_stream_unlinked(st, s);
		}
	}
}

static void ksrtp_sa_free_rcu(struct rcu_head *rcu)
{
	struct ksrtp_sa *sa = container_of(rcu, struct ksrtp_sa, rcu);

	ksrtp_state_put(sa->st);
	kfree(sa);
}

/*
 * Maintenance: idle streams, time lifetimes, rate-limited authentication failure events.
 *
 * No periodic walk over the SAs: each SA has a timer armed for the moment it next has
 * something to do (its oldest stream may have gone idle, a time lifetime ends, a held-back
 * authentication failure event may go). When it fires, the SA joins the namespace's
 * maint_list and the maint work handles the SAs on that list, in process context under
 * the namespace's mutex (which keeps them from being removed meanwhile), and re-arms
 * their timers. An SA without streams, time lifetimes or pending events has no timer
 * armed and is never visited, so the cost of the maintenance follows the SAs with work,
 * not the SAs installed. Timers are armed from the datapath only when a stream is created
 * or an event is held back, never per packet; the hard lifetimes themselves are enforced
 * on the datapath (ksrtp_key_usable), the timer only sends their events.
 *
 * Timer wheel expiries are rounded up by up to 1/8 of the delay, so a far deadline is
 * approached in steps (a timer at 3/4 of the remaining delay, then again), which keeps
 * events within a few timer ticks of their deadline with O(log delay) visits.
 */

/* Arm the maintenance timer of @sa for @when at the latest (any context). */
void ksrtp_sa_due(struct ksrtp_sa *sa, unsigned long when)
{
	struct ksrtp_net *kn = ksrtp_net(sa->net);
	unsigned long now = jiffies;
	long delay = (long)(when - now);

	if (delay > HZ)
		when = now + delay - delay / 4;
	else if (delay < 0)
		when = now;
	/* Order the caller's state change before the check: an armed timer will see it. */
	smp_mb();
	if (timer_pending(&sa->timer) && time_before_eq(READ_ONCE(sa->timer.expires), when))
		return;
	rcu_read_lock();
	spin_lock_bh(&kn->maint_lock);
	if (!sa->live && sa->id) {
		/*
		 * Replaced (a datapath reader may still hold the old SA): its successor with
		 * the same state, if any, takes over. Live under maint_lock means not freed.
		 */
		struct ksrtp_sa *cur = xa_load(&kn->sas, sa->id);

		if (cur && cur->live && cur->st == sa->st)
			sa = cur;
	}
	if (sa->live)
		timer_reduce(&sa->timer, when);
	spin_unlock_bh(&kn->maint_lock);
	rcu_read_unlock();
}

/* The CURRENT key of @sa changed: its time lifetimes start over. */
void ksrtp_sa_key_changed(struct ksrtp_sa *sa)
{
	if (sa->p.soft_seconds || sa->p.hard_seconds)
		ksrtp_sa_due(sa, jiffies);
}

static void ksrtp_sa_timer(struct timer_list *t)
{
	struct ksrtp_sa *sa = from_timer(sa, t, timer);
	struct ksrtp_net *kn = ksrtp_net(sa->net);
	bool queue = false;

	spin_lock(&kn->maint_lock);
	if (sa->live && list_empty(&sa->maint)) {
		list_add_tail(&sa->maint, &kn->maint_list);
		queue = true;
	}
	spin_unlock(&kn->maint_lock);
	if (queue)
		queue_work(ksrtp_wq, &kn->maint);
}

/* Start maintaining a just published SA (under kn->lock). */
static void ksrtp_sa_maint_start(struct ksrtp_net *kn, struct ksrtp_sa *sa)
{
	spin_lock_bh(&kn->maint_lock);
	sa->live = true;
	spin_unlock_bh(&kn->maint_lock);
}

/* Stop maintaining an SA being removed (under kn->lock, so not on a maint work's list). */
static void ksrtp_sa_maint_stop(struct ksrtp_net *kn, struct ksrtp_sa *sa)
{
	spin_lock_bh(&kn->maint_lock);
	sa->live = false;
	list_del_init(&sa->maint);
	spin_unlock_bh(&kn->maint_lock);
	del_timer_sync(&sa->timer);
}

/*
 * A time lifetime of @key: sends its event when @seconds have passed since the key was
 * installed, else lowers *@due to that moment. False when nothing is left to do.
 */
static bool ksrtp_lifetime(struct ksrtp_sa *sa, struct ksrtp_key *key, u32 seconds,
			   unsigned int bit, unsigned int type, unsigned long *due)
{
	unsigned long at = key->installed + (unsigned long)seconds * HZ;

	if (!seconds || test_bit(bit, &key->flags))
		return false;
	if (time_after_eq(jiffies, at)) {
		if (!test_and_set_bit(bit, &key->flags))
			ksrtp_event_key(sa, type, key, GFP_ATOMIC);
		return false;
	}
	if (time_before(at, *due))
		*due = at;
	return true;
}

/* Do what is due for @sa and arm its timer for what comes next (under kn->lock). */
static void ksrtp_sa_maintain(struct ksrtp_sa *sa)
{
	struct ksrtp_state *st = sa->st;
	unsigned long due = jiffies + MAX_JIFFY_OFFSET;
	unsigned long idle = (unsigned long)sa->p.stream_idle * HZ;
	unsigned long oldest;
	struct ksrtp_key *key;
	bool more = false;

	if (idle && atomic_read(&st->nstreams) && ksrtp_streams_reclaim(st, idle, &oldest)) {
		due = oldest + idle;
		more = true;
	}
	rcu_read_lock();
	key = rcu_dereference(st->key[KSRTP_KEY_SLOT_CURRENT]);
	if (key) {
		more |= ksrtp_lifetime(sa, key, sa->p.soft_seconds, KSRTP_KEY_F_SOFT_SENT,
				       KSRTP_EVENT_SOFT_EXPIRE, &due);
		more |= ksrtp_lifetime(sa, key, sa->p.hard_seconds, KSRTP_KEY_F_HARD_SENT,
				       KSRTP_EVENT_HARD_EXPIRE, &due);
	}
	rcu_read_unlock();
	/* Sends held-back authentication failures, or re-arms the timer for them. */
	ksrtp_event_auth_flush(sa);
	if (more)
		ksrtp_sa_due(sa, due);
}

static void ksrtp_maint(struct work_struct *work)
{
	struct ksrtp_net *kn = container_of(work, struct ksrtp_net, maint);
	struct ksrtp_sa *sa;
	unsigned int n = 0;
	LIST_HEAD(todo);

	mutex_lock(&kn->lock);
	spin_lock_bh(&kn->maint_lock);
	list_splice_init(&kn->maint_list, &todo);
	spin_unlock_bh(&kn->maint_lock);
	kn->maint_runs++;
	for (;;) {
		/* Off the list first: a timer firing from now on queues the SA again. */
		spin_lock_bh(&kn->maint_lock);
		sa = list_first_entry_or_null(&todo, struct ksrtp_sa, maint);
		if (sa)
			list_del_init(&sa->maint);
		spin_unlock_bh(&kn->maint_lock);
		if (!sa)
			break;
		ksrtp_sa_maintain(sa);
		kn->maint_visits++;
		if (!(++n & 255))
			cond_resched();
	}
	mutex_unlock(&kn->lock);
}

static int ksrtp_hooks_get(struct ksrtp_net *kn)
{
	int err;

	if (kn->hooks)
		return 0;
	err = ksrtp_hooks_register(kn->net);
	if (err)
		return err;
	kn->hooks = true;
	return 0;
}

static void ksrtp_hooks_put(struct ksrtp_net *kn)
{
	if (kn->nsas || !kn->hooks)
		return;
	ksrtp_hooks_unregister(kn->net);
	kn->hooks = false;
}

/**
 * ksrtp_sa_insert - publish an SA (under kn->lock)
 * @kn: namespace
 * @sa: new SA; sa->id 0 asks for a free id
 * @old: SA with the same id to replace, or NULL
 *
 * Return: 0, -ENOSPC when the namespace is full, or another negative errno.
 */
int ksrtp_sa_insert(struct ksrtp_net *kn, struct ksrtp_sa *sa, struct ksrtp_sa *old)
{
	int err;

	lockdep_assert_held(&kn->lock);
	if (!old && kn->nsas >= KSRTP_MAX_SAS)
		return -ENOSPC;
	INIT_LIST_HEAD(&sa->maint);
	timer_setup(&sa->timer, ksrtp_sa_timer, 0);
	err = ksrtp_hooks_get(kn);
	if (err)
		return err;
	if (!old) {
		if (sa->id)
			err = xa_insert(&kn->sas, sa->id, sa, GFP_KERNEL);
		else
			err = xa_alloc(&kn->sas, &sa->id, sa, xa_limit_32b, GFP_KERNEL);
		if (err)
			goto out;
	}
	err = rhltable_insert(&kn->table, &sa->node, ksrtp_table_params);
	if (err) {
		if (!old)
			xa_erase(&kn->sas, sa->id);
		goto out;
	}
	ksrtp_sa_maint_start(kn, sa);
	if (old) {
		xa_store(&kn->sas, sa->id, sa, GFP_KERNEL);
		rhltable_remove(&kn->table, &old->node, ksrtp_table_params);
		ksrtp_sa_maint_stop(kn, old);
		call_rcu(&old->rcu, ksrtp_sa_free_rcu);
	} else {
		kn->nsas++;
	}
	/*
	 * A first visit computes what is due: time lifetimes, or the streams, held-back
	 * events and keys of a state taken over from the replaced SA.
	 */
	if ((old && old->st == sa->st) || sa->p.soft_seconds || sa->p.hard_seconds)
		ksrtp_sa_due(sa, jiffies);
out:
	ksrtp_hooks_put(kn);
	return err;
}

/* Unlink and free an SA (under kn->lock). */
void ksrtp_sa_remove(struct ksrtp_net *kn, struct ksrtp_sa *sa)
{
	lockdep_assert_held(&kn->lock);
	xa_erase(&kn->sas, sa->id);
	rhltable_remove(&kn->table, &sa->node, ksrtp_table_params);
	ksrtp_sa_maint_stop(kn, sa);
	kn->nsas--;
	call_rcu(&sa->rcu, ksrtp_sa_free_rcu);
	ksrtp_hooks_put(kn);
}

/* Remove every SA, or those of direction @dir when it is not KSRTP_DIR_UNSPEC. */
void ksrtp_sa_flush(struct ksrtp_net *kn, u8 dir)
{
	struct ksrtp_sa *sa;
	unsigned long id;

	lockdep_assert_held(&kn->lock);
	xa_for_each(&kn->sas, id, sa) {
		if (dir == KSRTP_DIR_UNSPEC || sa->sel.dir == dir)
			ksrtp_sa_remove(kn, sa);
	}
}

static int __net_init ksrtp_net_init(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);
	int err;

	mutex_init(&kn->lock);
	xa_init_flags(&kn->sas, XA_FLAGS_ALLOC1);
	err = rhltable_init(&kn->table, &ksrtp_table_params);
	if (err)
		return err;
	kn->net = net;
	kn->nsas = 0;
	kn->hooks = false;
	spin_lock_init(&kn->maint_lock);
	INIT_LIST_HEAD(&kn->maint_list);
	INIT_WORK(&kn->maint, ksrtp_maint);
	kn->maint_runs = 0;
	kn->maint_visits = 0;
	return 0;
}

static void __net_exit ksrtp_net_exit(struct net *net)
{
	struct ksrtp_net *kn = ksrtp_net(net);

	mutex_lock(&kn->lock);
	ksrtp_sa_flush(kn, KSRTP_DIR_UNSPEC);
	mutex_unlock(&kn->lock);
	/* No SA left, so no timer that could queue the work again. */
	cancel_work_sync(&kn->maint);
	rhltable_destroy(&kn->table);
	xa_destroy(&kn->sas);
}

/*
 * debugfs ksrtp/maint: the SAs and the maintenance counters of the reader's network
 * namespace (tests and benchmarks: what the maintenance visits, how the table is sized).
 */
static int ksrtp_maint_show(struct seq_file *m, void *v)
{
	struct ksrtp_net *kn = ksrtp_net(current->nsproxy->net_ns);
	const struct bucket_table *tbl;
	unsigned int size, nfuture = 0;
	unsigned int due = 0;
	struct ksrtp_sa *sa;

	mutex_lock(&kn->lock);
	rcu_read_lock();
	tbl = rcu_dereference(kn->table.ht.tbl);
	size = tbl->size;
	for (tbl = rcu_dereference(tbl->future_tbl); tbl; tbl = rcu_dereference(tbl->future_tbl))
		nfuture++;
	rcu_read_unlock();
	spin_lock_bh(&kn->maint_lock);
	list_for_each_entry(sa, &kn->maint_list, maint)
		due++;
	spin_unlock_bh(&kn->maint_lock);
	seq_printf(m, "sas %u\ntable_size %u\ntable_elems %d\ntable_rehashing %u\n",
		   kn->nsas, size, atomic_read(&kn->table.ht.nelems), nfuture);
	seq_printf(m, "maint_runs %llu\nmaint_visits %llu\nmaint_due %u\n",
		   kn->maint_runs, kn->maint_visits, due);
	mutex_unlock(&kn->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ksrtp_maint);

/* After ksrtp_bench_init() created the directory; removed with it. */
void ksrtp_sa_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup(KBUILD_MODNAME, NULL);

	if (IS_ERR_OR_NULL(dir))
		return;
	debugfs_create_file("maint", 0400, dir, NULL, &ksrtp_maint_fops);
	dput(dir);
}

static struct pernet_operations ksrtp_net_ops = {
	.init = ksrtp_net_init,
	.exit = ksrtp_net_exit,
	.id = &ksrtp_net_id,
	.size = sizeof(struct ksrtp_net),
};

int ksrtp_sa_module_init(void)
{
	return register_pernet_subsys(&ksrtp_net_ops);
}

void ksrtp_sa_module_exit(void)
{
	unregister_pernet_subsys(&ksrtp_net_ops);
}
