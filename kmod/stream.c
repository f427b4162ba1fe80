// SPDX-License-Identifier: GPL-2.0
/*
 * Per-SSRC streams of an SA.
 *
 * A stream holds the highest index seen (ROC and s_l of RFC 3711 together), the
 * replay windows of SRTP and SRTCP and the source (address and port) it is bound to.
 * Streams are found by SSRC in an xarray (RCU lookup, depth bounded by the 32-bit key,
 * ordered for resumable dumps). On ingress a stream is created only after a packet
 * authenticated; on egress with the first packet. Index and window updates take the
 * stream's spinlock (bottom halves are disabled on the datapath).
 *
 * Replay windows are rings of machine words: bit (index mod ring size) says whether
 * that index was seen; advancing the highest index clears the words it passes over.
 */
#include <linux/slab.h>

#include "datapath.h"
#include "events.h"
#include "stream.h"

/**
 * ksrtp_index_guess - the packet index of RFC 3711 Appendix A
 * @valid: the stream has seen a packet (@top is meaningful)
 * @top: highest index so far (ROC << 16 | s_l)
 * @seq: sequence number of the packet
 * @initial_roc: ROC to assume for a stream's first packet
 *
 * Return: the estimated 48-bit index, v << 16 | SEQ.
 */
u64 ksrtp_index_guess(bool valid, u64 top, u16 seq, u32 initial_roc)
{
	u32 roc = top >> 16;
	u16 s_l = top & 0xffff;
	u32 v = roc;

	if (!valid)
		return (u64)initial_roc << 16 | seq;
	if (s_l < 0x8000) {
		if ((int)seq - (int)s_l > 0x8000 && roc)
			v = roc - 1;
	} else {
		if ((int)s_l - 0x8000 > (int)seq)
			v = roc + 1;
	}
	return ((u64)v << 16 | seq) & ((1ULL << 48) - 1);
}

static unsigned long *ksrtp_bitmap(const struct ksrtp_stream *s, bool rtcp)
{
	return (unsigned long *)s->bitmap + (rtcp ? s->nblocks : 0);
}

/* Read-only check (no lock): false when @index is a replay or too old. */
bool ksrtp_replay_check(const struct ksrtp_stream *s, bool rtcp, u32 window, u64 index)
{
	bool valid = rtcp ? READ_ONCE(s->rtcp_valid) : READ_ONCE(s->rtp_valid);
	u64 top = rtcp ? READ_ONCE(s->rtcp_top) : READ_ONCE(s->rtp_top);
	u64 ring = (u64)s->nblocks * BITS_PER_LONG;

	if (!valid || index > top)
		return true;
	if (top - index >= window)
		return false;
	return !test_bit(index & (ring - 1), ksrtp_bitmap(s, rtcp));
}

/* Record @index (stream lock held): false when it is a replay or too old. */
bool ksrtp_replay_update(struct ksrtp_stream *s, bool rtcp, u32 window, u64 index)
{
	unsigned long *bits = ksrtp_bitmap(s, rtcp);
	bool *valid = rtcp ? &s->rtcp_valid : &s->rtp_valid;
	u64 *top = rtcp ? &s->rtcp_top : &s->rtp_top;
	u64 ring = (u64)s->nblocks * BITS_PER_LONG;

	if (!*valid) {
		memset(bits, 0, s->nblocks * sizeof(long));
		WRITE_ONCE(*top, index);
		WRITE_ONCE(*valid, true);
	} else if (index > *top) {
		u64 cur = *top / BITS_PER_LONG;
		u64 n = min_t(u64, index / BITS_PER_LONG - cur, s->nblocks);
		u64 i;

		for (i = 1; i <= n; i++)
			bits[(cur + i) & (s->nblocks - 1)] = 0;
		if (!rtcp && index >> 16 > *top >> 16)
			s->rollovers += (index >> 16) - (*top >> 16);
		WRITE_ONCE(*top, index);
	} else if (*top - index >= window) {
		return false;
	}
	return !__test_and_set_bit(index & (ring - 1), bits);
}

/* RCU callback freeing a stream (rcu_barrier() at unload waits for it). */
void ksrtp_stream_free_rcu(struct rcu_head *rcu)
{
	kfree(container_of(rcu, struct ksrtp_stream, rcu));
}

/*
 * @s was erased from @st->streams: invalidate the per-CPU stream caches (see
 * ksrtp_stream_lookup()) and free it after a grace period.
 */
void ksrtp_stream_unlinked(struct ksrtp_state *st, struct ksrtp_stream *s)
{
	/* The erase before the new generation (pairs with ksrtp_stream_lookup()'s smp_rmb()). */
	smp_mb__before_atomic();
	atomic_long_inc(&st->stream_gen);
	call_rcu(&s->rcu, ksrtp_stream_free_rcu);
}

static void ksrtp_stream_bind(struct ksrtp_stream *s, const struct ksrtp_pkt *pkt)
{
	memcpy(s->saddr, pkt->saddr, sizeof(s->saddr));
	s->sport = pkt->sport;
}

/* Count an SSRC collision and notify it (at most once a second per stream). */
void ksrtp_stream_collision(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt)
{
	unsigned long at;

	ksrtp_stat_inc(sa->st, KSRTP_STATS_A_SSRC_COLLISION);
	at = READ_ONCE(s->collision_ev);
	if (time_after_eq(jiffies, at) && cmpxchg(&s->collision_ev, at, jiffies + HZ) == at)
		ksrtp_event_collision(sa, s->ssrc, pkt);
}

/* Whether @pkt comes from the source @s is bound to; counts and notifies collisions. */
bool ksrtp_stream_source_ok(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt)
{
	if (likely(ksrtp_stream_source_match(s, pkt)))
		return true;
	ksrtp_stream_collision(sa, s, pkt);
	return false;
}

/**
 * ksrtp_stream_create - add the stream of @ssrc, bound to the source of @pkt
 * @sa: SA
 * @ssrc: SSRC
 * @pkt: the packet that creates the stream
 * @stat: set to the KSRTP_STATS_A_* counter to bump when NULL is returned
 *
 * Return: the stream (possibly one another CPU just created), or NULL.
 */
struct ksrtp_stream *ksrtp_stream_create(struct ksrtp_sa *sa, u32 ssrc,
					 const struct ksrtp_pkt *pkt, int *stat)
{
	struct ksrtp_state *st = sa->st;
	struct ksrtp_stream *s, *old;
	u32 nblocks;

	*stat = KSRTP_STATS_A_NO_STREAM;
	if (atomic_inc_return(&st->nstreams) > sa->p.max_streams)
		goto full;
	nblocks = roundup_pow_of_two(DIV_ROUND_UP(st->replay_window, BITS_PER_LONG) + 1);
	s = kzalloc(struct_size(s, bitmap, 2 * nblocks), GFP_ATOMIC);
	*stat = KSRTP_STATS_A_ERROR;
	if (!s)
		goto full;
	s->ssrc = ssrc;
	s->nblocks = nblocks;
	spin_lock_init(&s->lock);
	ksrtp_stream_bind(s, pkt);
	s->last_seen = jiffies;
	s->collision_ev = jiffies;
	old = xa_cmpxchg(&st->streams, ssrc, NULL, s, GFP_ATOMIC);
	if (!old) {
		/* The maintenance frees the stream once it is idle. */
		if (sa->p.stream_idle)
			ksrtp_sa_due(sa, jiffies + (unsigned long)sa->p.stream_idle * HZ);
		return s;
	}
	kfree(s);
	atomic_dec(&st->nstreams);
	return xa_is_err(old) ? NULL : old;
full:
	atomic_dec(&st->nstreams);
	return NULL;
}

/**
 * ksrtp_streams_reclaim - free the streams idle for @idle jiffies (process context)
 * @st: state
 * @idle: idle time
 * @oldest: set to the last packet time of the longest idle stream left
 *
 * Return: whether streams are left.
 */
bool ksrtp_streams_reclaim(struct ksrtp_state *st, unsigned long idle, unsigned long *oldest)
{
	unsigned long now = jiffies, ssrc, seen;
	struct ksrtp_stream *s;
	bool left = false;

	*oldest = now;
	xa_for_each(&st->streams, ssrc, s) {
		seen = READ_ONCE(s->last_seen);
		if (time_before(now, seen + idle)) {
			if (time_before(seen, *oldest))
				*oldest = seen;
			left = true;
			continue;
		}
		if (xa_erase_bh(&st->streams, ssrc) == s) {
			atomic_dec(&st->nstreams);
			ksrtp_stream_unlinked(st, s);
		}
	}
	return left;
}
