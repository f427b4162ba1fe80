/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP and SRTCP packet transforms.
 */
#ifndef _KSRTP_DATAPATH_H
#define _KSRTP_DATAPATH_H

#include <linux/skbuff.h>
#include "compat.h"

#include "sa.h"

/**
 * struct ksrtp_pkt - a UDP packet the datapath looks at
 * @saddr: source address (IPv4 in the first word, the rest zero)
 * @daddr: destination address
 * @sport: source port
 * @dport: destination port
 * @family: AF_INET or AF_INET6
 * @ifindex: input or output interface
 * @udpoff: offset of the UDP header from skb->data
 * @off: offset of the RTP/RTCP packet (the UDP payload) from skb->data
 * @len: length of the RTP/RTCP packet
 * @hdr: its first 12 octets (zero-padded when shorter)
 * @rtcp: the packet is RTCP
 * @ssrc: its SSRC (RTP) or sender SSRC (RTCP)
 */
struct ksrtp_pkt {
	__be32 saddr[4];
	__be32 daddr[4];
	__be16 sport;
	__be16 dport;
	u16 family;
	int ifindex;
	unsigned int udpoff;
	unsigned int off;
	unsigned int len;
	u8 hdr[12];
	bool rtcp;
	u32 ssrc;
};

int ksrtp_srtp_protect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt);
int ksrtp_srtp_unprotect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt);
int ksrtp_srtcp_protect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt);
int ksrtp_srtcp_unprotect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt);

/* Shared helpers of srtp.c and srtcp.c. */
int ksrtp_skb_prepare_slow(struct sk_buff *skb, unsigned int extra, u8 **tail);
int ksrtp_skb_sg_frags(struct sk_buff *skb, struct scatterlist *sg, int nfrags, unsigned int off,
		       unsigned int len);
bool ksrtp_key_usable_slow(struct ksrtp_sa *sa, struct ksrtp_key *key);
void ksrtp_key_account_slow(struct ksrtp_sa *sa, struct ksrtp_key *key);
struct ksrtp_key *ksrtp_key_by_mki_slow(struct ksrtp_state *st, struct sk_buff *skb,
					unsigned int mki_off, struct ksrtp_key **alt);
void ksrtp_auth_failed(struct ksrtp_sa *sa);
void ksrtp_key_swapped(struct ksrtp_sa *sa, struct ksrtp_key *key);
void ksrtp_cm_iv(u8 iv[16], const u8 *salt, u32 ssrc, u64 index);

/**
 * ksrtp_skb_prepare - make the packet writable with @extra octets appended
 * @skb: packet
 * @extra: octets to append (MKI and tag)
 * @tail: set to the appended octets (when @extra)
 *
 * The common case, a linear packet of our own with room for the trailer, is written
 * in place; otherwise skb_cow_data() copies what is shared or cloned and reserves the
 * tailroom (expanding only when lacking).
 *
 * Return: scatterlist entries the packet needs (for ksrtp_skb_sg()), or a negative errno.
 */
static inline int ksrtp_skb_prepare(struct sk_buff *skb, unsigned int extra, u8 **tail)
{
	if (likely(!skb_cloned(skb) && !skb_is_nonlinear(skb) && skb_tailroom(skb) >= extra)) {
		if (extra)
			*tail = __skb_put(skb, extra);
		return 1;
	}
	return ksrtp_skb_prepare_slow(skb, extra, tail);
}

/*
 * Map @len octets (> 0) of @skb at @off into @sg (a per-CPU scratch table, initialized
 * once by ksrtp_crypto_init(): a linear packet takes one entry, set in place).
 */
static inline int ksrtp_skb_sg(struct sk_buff *skb, struct scatterlist *sg, int nfrags,
			       unsigned int off, unsigned int len)
{
	if (likely(!skb_is_nonlinear(skb))) {
		sg_set_buf(sg, skb->data + off, len);
		sg_mark_end(sg);
		return 0;
	}
	return ksrtp_skb_sg_frags(skb, sg, nfrags, off, len);
}

/* Whether @key is within its hard lifetimes (notifies and counts when not). */
static inline bool ksrtp_key_usable(struct ksrtp_sa *sa, struct ksrtp_key *key)
{
	if (likely(!sa->p.hard_packets && !sa->p.hard_seconds))
		return true;
	return ksrtp_key_usable_slow(sa, key);
}

/* Count a packet against the packet lifetimes of @key. */
static inline void ksrtp_key_account(struct ksrtp_sa *sa, struct ksrtp_key *key)
{
	if (unlikely(sa->p.soft_packets || sa->p.hard_packets))
		ksrtp_key_account_slow(sa, key);
}

/*
 * The key for an ingress packet: by MKI when the SA uses MKIs, else CURRENT with NEXT
 * as *@alt to try when CURRENT fails to authenticate. NULL when no key fits.
 */
static inline struct ksrtp_key *ksrtp_key_by_mki(struct ksrtp_state *st, struct sk_buff *skb,
						 unsigned int mki_off, struct ksrtp_key **alt)
{
	struct ksrtp_key *cur;

	if (st->mki_len)
		return ksrtp_key_by_mki_slow(st, skb, mki_off, alt);
	cur = rcu_dereference(st->key[KSRTP_KEY_SLOT_CURRENT]);
	*alt = rcu_dereference(st->key[KSRTP_KEY_SLOT_NEXT]);
	if (likely(cur))
		return cur;
	cur = *alt;
	*alt = NULL;
	return cur;
}

/* Count a packet of @len octets that went through (one per-CPU update). */
static inline void ksrtp_stat_packet(struct ksrtp_state *st, unsigned int len)
{
	struct ksrtp_stats_pcpu *s = this_cpu_ptr(st->stats);
	unsigned long now = jiffies;

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->c[KSRTP_STATS_A_PACKETS]);
	u64_stats_add(&s->c[KSRTP_STATS_A_BYTES], len);
	u64_stats_update_end(&s->syncp);
	/* Written only when it changes: one shared cache line less per packet. */
	if (READ_ONCE(st->last_seen) != now)
		WRITE_ONCE(st->last_seen, now);
}

#endif /* _KSRTP_DATAPATH_H */
