// SPDX-License-Identifier: GPL-2.0
/*
 * Notifications (KSRTP_CMD_EVENT) on the "events" multicast group of the SA's
 * namespace. Sent from the datapath (GFP_ATOMIC) or the periodic work; lost events
 * (no memory, no listener) are not retried: the counters in SA_GET stay exact.
 */
#include <linux/netdevice.h>
#include <net/genetlink.h>

#include "datapath.h"
#include "events.h"
#include "netlink.h"

/* Cleared (then an RCU grace period) before the family goes away at unload. */
static bool ksrtp_events_on;

void ksrtp_events_enable(bool on)
{
	WRITE_ONCE(ksrtp_events_on, on);
	if (!on)
		synchronize_net();
}

struct ksrtp_event_info {
	u32 type;
	const u32 *ssrc;
	const struct ksrtp_pkt *pkt;
	const u64 *count;
	const u32 *key_id;
};

static void ksrtp_event_send(struct ksrtp_sa *sa, const struct ksrtp_event_info *ei, gfp_t gfp)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(256, gfp);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &ksrtp_genl_family, 0, KSRTP_CMD_EVENT);
	if (!hdr)
		goto fail;
	nest = nla_nest_start(msg, KSRTP_A_EVENT);
	if (!nest ||
	    nla_put_u32(msg, KSRTP_EVENT_A_TYPE, ei->type) ||
	    nla_put_u32(msg, KSRTP_EVENT_A_SA_ID, sa->id) ||
	    (ei->ssrc && nla_put_u32(msg, KSRTP_EVENT_A_SSRC, *ei->ssrc)) ||
	    (ei->pkt && (nla_put(msg, KSRTP_EVENT_A_SADDR, ei->pkt->family == AF_INET ? 4 : 16,
				 ei->pkt->saddr) ||
			 nla_put_be16(msg, KSRTP_EVENT_A_SPORT, ei->pkt->sport))) ||
	    (ei->count && nla_put_u64_64bit(msg, KSRTP_EVENT_A_COUNT, *ei->count,
					    KSRTP_EVENT_A_PAD)) ||
	    (ei->key_id && nla_put_u32(msg, KSRTP_EVENT_A_KEY_ID, *ei->key_id)))
		goto fail;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	rcu_read_lock();
	if (READ_ONCE(ksrtp_events_on)) {
		genlmsg_multicast_netns(&ksrtp_genl_family, sa->net, msg, 0, 0, gfp);
		msg = NULL;
	}
	rcu_read_unlock();
	nlmsg_free(msg);
	return;
fail:
	nlmsg_free(msg);
}

/* A lifetime event about @key. */
void ksrtp_event_key(struct ksrtp_sa *sa, unsigned int type, struct ksrtp_key *key, gfp_t gfp)
{
	struct ksrtp_event_info ei = { .type = type, .key_id = &key->key_id };
	u64 packets = atomic64_read(&key->packets);

	ei.count = &packets;
	ksrtp_event_send(sa, &ei, gfp);
}

/* An event about one stream (index exhaustion). */
void ksrtp_event_stream(struct ksrtp_sa *sa, unsigned int type, u32 ssrc, gfp_t gfp)
{
	struct ksrtp_event_info ei = { .type = type, .ssrc = &ssrc };

	ksrtp_event_send(sa, &ei, gfp);
}

/* @ssrc, bound to another source, came from the source of @pkt. */
void ksrtp_event_collision(struct ksrtp_sa *sa, u32 ssrc, const struct ksrtp_pkt *pkt)
{
	struct ksrtp_event_info ei = {
		.type = KSRTP_EVENT_SSRC_COLLISION, .ssrc = &ssrc, .pkt = pkt,
	};

	ksrtp_event_send(sa, &ei, GFP_ATOMIC);
}

/*
 * Report authentication failures, at most once a second per SA; when the last event went
 * less than a second ago, the SA's maintenance sends the count once it may.
 */
void ksrtp_event_auth_flush(struct ksrtp_sa *sa)
{
	struct ksrtp_state *st = sa->st;
	struct ksrtp_event_info ei = { .type = KSRTP_EVENT_AUTH_FAIL };
	unsigned long at;
	u64 n;

	if (!atomic64_read(&st->auth_pending))
		return;
	at = READ_ONCE(st->auth_ev_at);
	if (time_before(jiffies, at) || cmpxchg(&st->auth_ev_at, at, jiffies + HZ) != at) {
		ksrtp_sa_due(sa, READ_ONCE(st->auth_ev_at));
		return;
	}
	n = atomic64_xchg(&st->auth_pending, 0);
	if (!n)
		return;
	ei.count = &n;
	ksrtp_event_send(sa, &ei, GFP_ATOMIC);
}
