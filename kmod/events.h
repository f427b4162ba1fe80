/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Notifications on the "events" multicast group.
 */
#ifndef _KSRTP_EVENTS_H
#define _KSRTP_EVENTS_H

#include <linux/gfp.h>

struct ksrtp_sa;
struct ksrtp_key;
struct ksrtp_pkt;

void ksrtp_events_enable(bool on);
void ksrtp_event_key(struct ksrtp_sa *sa, unsigned int type, struct ksrtp_key *key,
		     gfp_t gfp);
void ksrtp_event_stream(struct ksrtp_sa *sa, unsigned int type, u32 ssrc, gfp_t gfp);
void ksrtp_event_collision(struct ksrtp_sa *sa, u32 ssrc, const struct ksrtp_pkt *pkt);
void ksrtp_event_auth_flush(struct ksrtp_sa *sa);

#endif /* _KSRTP_EVENTS_H */
