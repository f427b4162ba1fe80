/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-SSRC streams: index estimation (RFC 3711 section 3.3.1 and Appendix A) and
 * replay windows.
 */
#ifndef _KSRTP_STREAM_H
#define _KSRTP_STREAM_H

#include "datapath.h"
#include "sa.h"

/* Index from which a stream's key must be replaced (RFC 3711 section 9.2). */
#define KSRTP_INDEX_EXHAUST ((1ULL << 48) - (1ULL << 16))
#define KSRTP_SRTCP_INDEX_EXHAUST ((1U << 31) - (1U << 16))
#define KSRTP_SRTCP_INDEX_MASK 0x7fffffffU

struct ksrtp_pkt;

u64 ksrtp_index_guess(bool valid, u64 top, u16 seq, u32 initial_roc);
bool ksrtp_replay_check(const struct ksrtp_stream *s, bool rtcp, u32 window, u64 index);
bool ksrtp_replay_update(struct ksrtp_stream *s, bool rtcp, u32 window, u64 index);

struct ksrtp_stream *ksrtp_stream_create(struct ksrtp_sa *sa, u32 ssrc,
					 const struct ksrtp_pkt *pkt, int *stat);
void ksrtp_stream_unlinked(struct ksrtp_state *st, struct ksrtp_stream *s);
void ksrtp_stream_collision(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt);
bool ksrtp_stream_source_ok(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt);
void ksrtp_stream_free_rcu(struct rcu_head *rcu);
bool ksrtp_streams_reclaim(struct ksrtp_state *st, unsigned long idle, unsigned long *oldest);

/**
 * ksrtp_stream_lookup - the stream of @ssrc (RCU read side, bottom halves disabled)
 * @st: state
 * @ssrc: SSRC
 *
 * Each CPU remembers the stream it found last, so a flow of one SSRC skips the xarray
 * walk. The entry is valid while no stream was removed since it was looked up: the
 * remover erases, then increments @st->stream_gen (ksrtp_stream_unlinked()), then
 * frees after a grace period; a lookup reads the generation before the xarray, so an
 * entry that may hold a removed stream carries an old generation, and every reader
 * that can still see the entry after the grace period sees the new generation.
 *
 * Return: the stream or NULL.
 */
static inline struct ksrtp_stream *ksrtp_stream_lookup(struct ksrtp_state *st, u32 ssrc)
{
	struct ksrtp_stats_pcpu *pc = this_cpu_ptr(st->stats);
	unsigned long gen = atomic_long_read(&st->stream_gen);
	struct ksrtp_stream *s = pc->last;

	if (likely(s && pc->last_gen == gen && s->ssrc == ssrc))
		return s;
	/* Pairs with the barrier between the erase and the increment. */
	smp_rmb();
	s = xa_load(&st->streams, ssrc);
	if (s) {
		pc->last = s;
		pc->last_gen = gen;
	}
	return s;
}

/* Whether @pkt comes from the source @s is bound to. */
static inline bool ksrtp_stream_source_match(const struct ksrtp_stream *s,
					     const struct ksrtp_pkt *pkt)
{
	return s->sport == pkt->sport &&
	       !((s->saddr[0] ^ pkt->saddr[0]) | (s->saddr[1] ^ pkt->saddr[1]) |
		 (s->saddr[2] ^ pkt->saddr[2]) | (s->saddr[3] ^ pkt->saddr[3]));
}

#endif /* _KSRTP_STREAM_H */
