/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Security associations of ksrtp: per network namespace tables, shared state, streams.
 */
#ifndef _KSRTP_SA_H
#define _KSRTP_SA_H

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "crypto.h"

#define KSRTP_MAX_SAS 65536
#define KSRTP_DEFAULT_REPLAY_WINDOW 128
#define KSRTP_DEFAULT_MAX_STREAMS 256
#define KSRTP_DEFAULT_STREAM_IDLE 300

/**
 * struct ksrtp_sel - what packets an SA applies to
 * @daddr: destination address (IPv4 in the first word)
 * @saddr: source address, when @has_saddr
 * @dport: destination UDP port (RTP)
 * @sport: source UDP port, when @has_sport
 * @ssrc: SSRC, when @has_ssrc
 * @ifindex: input (unprotect) or output (protect) interface, 0 = any
 * @family: AF_INET or AF_INET6
 * @dir: enum ksrtp_dir
 * @has_saddr: @saddr is set
 * @has_sport: @sport is set
 * @has_ssrc: @ssrc is set
 */
struct ksrtp_sel {
	__be32 daddr[4];
	__be32 saddr[4];
	__be16 dport;
	__be16 sport;
	u32 ssrc;
	u32 ifindex;
	u16 family;
	u8 dir;
	bool has_saddr;
	bool has_sport;
	bool has_ssrc;
};

/* Hash key of the lookup table: the mandatory part of the selector. */
struct ksrtp_lkey {
	__be32 daddr[4];
	__be16 dport;
	u8 family;
	u8 dir;
};

/**
 * struct ksrtp_params - the tunable parameters of an SA
 */
struct ksrtp_params {
	u32 replay_window;
	u32 roc;
	u32 max_streams;
	u32 stream_idle;
	u8 mki_len;
	u8 rtcp;
	u64 soft_packets;
	u64 hard_packets;
	u32 soft_seconds;
	u32 hard_seconds;
};

/**
 * struct ksrtp_stats_pcpu - per-CPU part of a struct ksrtp_state
 * @c: counters
 * @syncp: their update sequence
 * @last: stream this CPU looked up last (ksrtp_stream_lookup()), valid only while
 *	ksrtp_state.stream_gen equals @last_gen
 * @last_gen: ksrtp_state.stream_gen read before @last was looked up
 */
struct ksrtp_stats_pcpu {
	u64_stats_t c[KSRTP_STATS_A_MAX + 1];
	struct u64_stats_sync syncp;
	struct ksrtp_stream *last;
	unsigned long last_gen;
};

/**
 * struct ksrtp_state - what SA replacements may share: keys, streams, counters
 * @ref: SAs referring to the state
 * @suite: crypto suite
 * @replay_window: replay window of every stream
 * @mki_len: MKI length of every key
 * @rtcp: enum ksrtp_rtcp_mode (whether keys carry SRTCP transforms)
 * @key_lock: serializes key slot changes
 * @key: key slots (enum ksrtp_key_slot), RCU
 * @streams: per-SSRC streams, by SSRC
 * @nstreams: streams held
 * @stream_gen: incremented whenever a stream is removed (invalidates the per-CPU
 *	stream caches, see ksrtp_stream_lookup())
 * @stats: per-CPU counters and stream caches
 * @last_seen: jiffies of the last successful packet
 * @auth_ev_at: jiffies from which the next authentication failure event may go
 * @auth_pending: failures not yet reported
 * @free_work: destruction in process context
 */
struct ksrtp_state {
	refcount_t ref;
	const struct ksrtp_suite_info *suite;
	u32 replay_window;
	u8 mki_len;
	u8 rtcp;
	spinlock_t key_lock;	/* key slot changes */
	struct ksrtp_key __rcu *key[2];
	struct xarray streams;
	atomic_t nstreams;
	atomic_long_t stream_gen;
	struct ksrtp_stats_pcpu __percpu *stats;
	unsigned long last_seen;
	unsigned long auth_ev_at;
	atomic64_t auth_pending;
	struct work_struct free_work;
};

/**
 * struct ksrtp_sa - one security association (immutable once published, but for the
 *	maintenance fields @maint, @timer and @live, under ksrtp_net.maint_lock)
 * @node: lookup table linkage
 * @lkey: lookup key
 * @sel: selector
 * @p: parameters
 * @id: id in the namespace
 * @net: namespace
 * @st: keys, streams and counters
 * @maint: linkage on ksrtp_net.maint_list while the SA is due for maintenance
 * @timer: puts the SA on ksrtp_net.maint_list when its next maintenance is due
 * @live: published and not yet removed (@timer may be armed); false for the stand-alone
 *	SAs of the self-tests and the benchmark
 * @rcu: deferred free
 */
struct ksrtp_sa {
	struct rhlist_head node;
	struct ksrtp_lkey lkey;
	struct ksrtp_sel sel;
	struct ksrtp_params p;
	u32 id;
	struct net *net;
	struct ksrtp_state *st;
	struct list_head maint;
	struct timer_list timer;
	bool live;
	struct rcu_head rcu;
};

/**
 * struct ksrtp_net - per network namespace data
 * @lock: serializes control operations
 * @sas: SAs by id
 * @table: SAs by ksrtp_lkey
 * @nsas: SAs held
 * @hooks: netfilter hooks registered
 * @net: the namespace
 * @maint_lock: protects @maint_list and the maintenance fields of the SAs
 * @maint_list: SAs due for maintenance (their timer fired)
 * @maint: work maintaining the SAs on @maint_list: idle streams, time lifetimes,
 *	pending events
 * @maint_runs: runs of @maint (under @lock)
 * @maint_visits: SAs @maint handled (under @lock)
 */
struct ksrtp_net {
	struct mutex lock;	/* control operations */
	struct xarray sas;
	struct rhltable table;
	u32 nsas;
	bool hooks;
	struct net *net;
	spinlock_t maint_lock;	/* maint_list, ksrtp_sa.maint/timer/live */
	struct list_head maint_list;
	struct work_struct maint;
	u64 maint_runs;
	u64 maint_visits;
};

/**
 * struct ksrtp_stream - per-SSRC state of an SA
 * @ssrc: SSRC
 * @lock: protects the indexes, windows and counters
 * @saddr: source address the stream is bound to
 * @sport: source port the stream is bound to
 * @rtp_valid: @rtp_top holds an index
 * @rtcp_valid: @rtcp_top holds an index
 * @exhaust_sent: index exhaustion already notified
 * @rtp_top: highest SRTP index (ROC << 16 | SEQ)
 * @rtcp_top: highest SRTCP index received, or last one sent
 * @last_seen: jiffies of the last packet
 * @collision_ev: jiffies from which the next collision event may go
 * @packets: packets
 * @bytes: octets (plaintext)
 * @replay: replays dropped
 * @rtcp_packets: of @packets, RTCP ones
 * @rollovers: ROC increments
 * @nblocks: words per replay bitmap (a power of two)
 * @rcu: deferred free
 * @bitmap: RTP replay bitmap, then RTCP replay bitmap
 */
struct ksrtp_stream {
	u32 ssrc;
	spinlock_t lock;	/* indexes, windows, counters */
	__be32 saddr[4];
	__be16 sport;
	bool rtp_valid;
	bool rtcp_valid;
	bool exhaust_sent;
	u64 rtp_top;
	u64 rtcp_top;
	unsigned long last_seen;
	unsigned long collision_ev;
	u64 packets;
	u64 bytes;
	u64 replay;
	u64 rtcp_packets;
	u64 rollovers;
	u32 nblocks;
	struct rcu_head rcu;
	unsigned long bitmap[];
};

extern unsigned int ksrtp_net_id;

static inline struct ksrtp_net *ksrtp_net(struct net *net)
{
	return net_generic(net, ksrtp_net_id);
}

static inline void ksrtp_stat_add(struct ksrtp_state *st, unsigned int which, u64 n)
{
	struct ksrtp_stats_pcpu *s = this_cpu_ptr(st->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->c[which], n);
	u64_stats_update_end(&s->syncp);
}

static inline void ksrtp_stat_inc(struct ksrtp_state *st, unsigned int which)
{
	ksrtp_stat_add(st, which, 1);
}

int ksrtp_sa_module_init(void);
void ksrtp_sa_module_exit(void);

struct ksrtp_state *ksrtp_state_alloc(const struct ksrtp_suite_info *suite, u32 window,
				      u8 mki_len, u8 rtcp);
void ksrtp_state_put(struct ksrtp_state *st);
void ksrtp_stats_sum(struct ksrtp_state *st, u64 *c);

void ksrtp_key_install(struct ksrtp_state *st, unsigned int slot, struct ksrtp_key *key);
int ksrtp_key_swap(struct ksrtp_state *st);
int ksrtp_key_remove_next(struct ksrtp_state *st);
bool ksrtp_key_auto_swap(struct ksrtp_state *st, struct ksrtp_key *key);
void ksrtp_streams_reset(struct ksrtp_state *st);

int ksrtp_sa_insert(struct ksrtp_net *kn, struct ksrtp_sa *sa, struct ksrtp_sa *old);
void ksrtp_sa_remove(struct ksrtp_net *kn, struct ksrtp_sa *sa);
void ksrtp_sa_flush(struct ksrtp_net *kn, u8 dir);
void ksrtp_lkey_fill(struct ksrtp_lkey *k, u16 family, const __be32 *daddr, __be16 dport,
		     u8 dir);
struct rhlist_head *ksrtp_sa_lookup(struct ksrtp_net *kn, const struct ksrtp_lkey *k);
void ksrtp_sa_due(struct ksrtp_sa *sa, unsigned long when);
void ksrtp_sa_key_changed(struct ksrtp_sa *sa);
void ksrtp_sa_debugfs_init(void);

#endif /* _KSRTP_SA_H */
