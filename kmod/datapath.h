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
int ksrtp_skb_prepare(struct sk_buff *skb, unsigned int extra, u8 **tail);
int ksrtp_skb_sg(struct sk_buff *skb, struct scatterlist *sg, int nfrags, unsigned int off,
		 unsigned int len);
bool ksrtp_key_usable(struct ksrtp_sa *sa, struct ksrtp_key *key);
void ksrtp_key_account(struct ksrtp_sa *sa, struct ksrtp_key *key);
struct ksrtp_key *ksrtp_key_by_mki(struct ksrtp_state *st, struct sk_buff *skb,
				   unsigned int mki_off, struct ksrtp_key **alt);
void ksrtp_auth_failed(struct ksrtp_sa *sa);
void ksrtp_key_swapped(struct ksrtp_sa *sa, struct ksrtp_key *key);
void ksrtp_cm_iv(u8 iv[16], const u8 *salt, u32 ssrc, u64 index);

#endif /* _KSRTP_DATAPATH_H */
