/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-SSRC streams: index estimation (RFC 3711 section 3.3.1 and Appendix A) and
 * replay windows.
 */
#ifndef _KSRTP_STREAM_H
#define _KSRTP_STREAM_H

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
bool ksrtp_stream_source_match(const struct ksrtp_stream *s, const struct ksrtp_pkt *pkt);
void ksrtp_stream_collision(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt);
bool ksrtp_stream_source_ok(struct ksrtp_sa *sa, struct ksrtp_stream *s,
			    const struct ksrtp_pkt *pkt);
void ksrtp_stream_free_rcu(struct rcu_head *rcu);
bool ksrtp_streams_reclaim(struct ksrtp_state *st, unsigned long idle, unsigned long *oldest);

#endif /* _KSRTP_STREAM_H */
