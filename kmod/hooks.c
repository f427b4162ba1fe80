// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks of ksrtp.
 *
 * Registered per network namespace while the namespace holds SAs: IPv4 and IPv6,
 * PRE_ROUTING (unprotect, after defragmentation, before conntrack and filtering, so
 * both local delivery and forwarding see RTP) and POST_ROUTING (protect, after SNAT;
 * covers locally sent and forwarded packets; IP fragmentation happens after it).
 *
 * Fragments: while a namespace has SAs, ksrtp enables nf_defrag_ipv4/ipv6 in it, so
 * packets are reassembled before PRE_ROUTING; locally sent packets are fragmented only
 * after POST_ROUTING. A first fragment that still reaches a hook and matches an SA is
 * dropped (counted as malformed); later fragments carry no ports and are left alone.
 *
 * Multicast loopback: a locally sent multicast packet passes POST_ROUTING twice, once
 * as the copy looped back to local listeners and once for the wire; each copy is
 * protected once, with the same index, so both are identical SRTP (egress tolerates
 * the repeated index: same index, same plaintext, same ciphertext). The looped-back
 * copy then arrives at PRE_ROUTING with pkt_type PACKET_LOOPBACK: it is the host's own
 * transmission, not a foreign packet, and it is never unprotected or counted.
 *
 * UDP GSO packets are segmented in software and each segment is handled and passed
 * on through the hook's okfn (NF_STOLEN for the original).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "compat.h"
#include "datapath.h"
#include "hooks.h"

#define KSRTP_PRI_UNPROTECT (NF_IP_PRI_CONNTRACK_DEFRAG + 50)
#define KSRTP_PRI_PROTECT (NF_IP_PRI_NAT_SRC + 10)

enum { KSRTP_PARSE_OK, KSRTP_PARSE_BAD, KSRTP_PARSE_SKIP };

/* Find the UDP packet in @skb; KSRTP_PARSE_BAD when it cannot be processed whole. */
static int ksrtp_parse(struct sk_buff *skb, u8 pf, struct ksrtp_pkt *pkt)
{
	int ret = KSRTP_PARSE_OK;
	const struct udphdr *uh;
	struct udphdr _uh;
	unsigned int udpoff;

	memset(pkt, 0, sizeof(*pkt));
	if (pf == NFPROTO_IPV4) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_UDP)
			return KSRTP_PARSE_SKIP;
		if (ip_is_fragment(iph)) {
			if (ntohs(iph->frag_off) & IP_OFFSET)
				return KSRTP_PARSE_SKIP;
			ret = KSRTP_PARSE_BAD;
		}
		udpoff = skb_network_offset(skb) + ip_hdrlen(skb);
		pkt->saddr[0] = iph->saddr;
		pkt->daddr[0] = iph->daddr;
		pkt->family = AF_INET;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);
		u8 nexthdr = ip6h->nexthdr;
		__be16 frag_off = 0;
		int off;

		off = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(*ip6h), &nexthdr,
				       &frag_off);
		if (off < 0 || nexthdr != IPPROTO_UDP)
			return KSRTP_PARSE_SKIP;
		if (frag_off & htons(IP6_MF))
			ret = KSRTP_PARSE_BAD;
		udpoff = off;
		memcpy(pkt->saddr, &ip6h->saddr, 16);
		memcpy(pkt->daddr, &ip6h->daddr, 16);
		pkt->family = AF_INET6;
	}
	uh = skb_header_pointer(skb, udpoff, sizeof(_uh), &_uh);
	if (!uh)
		return KSRTP_PARSE_SKIP;
	pkt->sport = uh->source;
	pkt->dport = uh->dest;
	pkt->udpoff = udpoff;
	pkt->off = udpoff + sizeof(*uh);
	if (skb->len < pkt->off)
		return KSRTP_PARSE_SKIP;
	pkt->len = skb->len - pkt->off;
	if (!skb_is_gso(skb) && ntohs(uh->len) != skb->len - udpoff)
		ret = KSRTP_PARSE_BAD;
	if (skb_copy_bits(skb, pkt->off, pkt->hdr, min_t(unsigned int, pkt->len, sizeof(pkt->hdr))))
		return KSRTP_PARSE_SKIP;
	return ret;
}

static bool ksrtp_is_rtcp_mux(const struct ksrtp_pkt *pkt)
{
	return pkt->len >= 2 && pkt->hdr[1] >= 192 && pkt->hdr[1] <= 223;
}

static u32 ksrtp_pkt_ssrc(const struct ksrtp_pkt *pkt, bool rtcp)
{
	return get_unaligned_be32(pkt->hdr + (rtcp ? 4 : 8));
}

static int ksrtp_sel_score(const struct ksrtp_sa *sa, const struct ksrtp_pkt *pkt, bool rtcp)
{
	const struct ksrtp_sel *sel = &sa->sel;
	int score = 0;

	if (sel->has_saddr) {
		if (memcmp(sel->saddr, pkt->saddr, sizeof(sel->saddr)))
			return -1;
		score++;
	}
	if (sel->has_sport) {
		if (sel->sport != pkt->sport)
			return -1;
		score++;
	}
	if (sel->ifindex) {
		if (sel->ifindex != pkt->ifindex)
			return -1;
		score++;
	}
	if (sel->has_ssrc) {
		if (pkt->len < (rtcp ? 8 : 12) || sel->ssrc != ksrtp_pkt_ssrc(pkt, rtcp))
			return -1;
		score++;
	}
	return score;
}

/* The most specific SA for @pkt: RTP/RTCP-mux on the port, or RTCP on port + 1. */
static struct ksrtp_sa *ksrtp_match(struct ksrtp_net *kn, struct ksrtp_pkt *pkt, u8 dir)
{
	struct ksrtp_sa *sa, *best = NULL;
	struct rhlist_head *list, *pos;
	struct ksrtp_lkey k;
	bool best_rtcp = false;
	int score, best_score = -1;

	ksrtp_lkey_fill(&k, pkt->family, pkt->daddr, pkt->dport, dir);
	list = ksrtp_sa_lookup(kn, &k);
	rhl_for_each_entry_rcu(sa, pos, list, node) {
		bool rtcp = sa->p.rtcp == KSRTP_RTCP_MUX && ksrtp_is_rtcp_mux(pkt);

		score = ksrtp_sel_score(sa, pkt, rtcp);
		if (score > best_score) {
			best = sa;
			best_score = score;
			best_rtcp = rtcp;
		}
	}
	if (!best && ntohs(pkt->dport) > 1) {
		k.dport = htons(ntohs(pkt->dport) - 1);
		list = ksrtp_sa_lookup(kn, &k);
		rhl_for_each_entry_rcu(sa, pos, list, node) {
			if (sa->p.rtcp != KSRTP_RTCP_PORT)
				continue;
			score = ksrtp_sel_score(sa, pkt, true);
			if (score > best_score) {
				best = sa;
				best_score = score;
				best_rtcp = true;
			}
		}
	}
	if (best) {
		pkt->rtcp = best_rtcp;
		pkt->ssrc = ksrtp_pkt_ssrc(pkt, best_rtcp);
	}
	return best;
}

/* Set UDP and IP lengths and the UDP checksum after the payload became @len octets. */
static void ksrtp_fix_headers(struct sk_buff *skb, const struct ksrtp_pkt *pkt, unsigned int len)
{
	struct udphdr *uh = (struct udphdr *)(skb->data + pkt->udpoff);
	unsigned int ulen = len + sizeof(*uh);
	__wsum csum;

	uh->len = htons(ulen);
	if (pkt->family == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(pkt->udpoff - skb_network_offset(skb) + ulen);
		ip_send_check(iph);
	} else {
		ipv6_hdr(skb)->payload_len = htons(pkt->udpoff - skb_network_offset(skb) -
						   sizeof(struct ipv6hdr) + ulen);
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/* The device (or skb_checksum_help) sums the data: fix the pseudo-header. */
		if (pkt->family == AF_INET)
			uh->check = ~csum_tcpudp_magic(pkt->saddr[0], pkt->daddr[0], ulen,
						       IPPROTO_UDP, 0);
		else
			uh->check = ~csum_ipv6_magic((struct in6_addr *)pkt->saddr,
						     (struct in6_addr *)pkt->daddr, ulen,
						     IPPROTO_UDP, 0);
		return;
	}
	if (pkt->family == AF_INET && !uh->check) {
		/* No UDP checksum (IPv4 only): keep it that way. */
		skb->ip_summed = CHECKSUM_NONE;
		return;
	}
	uh->check = 0;
	csum = skb_checksum(skb, pkt->udpoff, ulen, 0);
	if (pkt->family == AF_INET)
		uh->check = csum_tcpudp_magic(pkt->saddr[0], pkt->daddr[0], ulen, IPPROTO_UDP,
					      csum);
	else
		uh->check = csum_ipv6_magic((struct in6_addr *)pkt->saddr,
					    (struct in6_addr *)pkt->daddr, ulen, IPPROTO_UDP, csum);
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
}

/* Transform one packet in place; false when it must be dropped (counted). */
static bool ksrtp_handle(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt,
			 u8 dir)
{
	int len;

	if (!pskb_may_pull(skb, pkt->off)) {
		ksrtp_stat_inc(sa->st, KSRTP_STATS_A_ERROR);
		return false;
	}
	local_bh_disable();
	if (dir == KSRTP_DIR_PROTECT)
		len = pkt->rtcp ? ksrtp_srtcp_protect(sa, skb, pkt) :
				  ksrtp_srtp_protect(sa, skb, pkt);
	else
		len = pkt->rtcp ? ksrtp_srtcp_unprotect(sa, skb, pkt) :
				  ksrtp_srtp_unprotect(sa, skb, pkt);
	local_bh_enable();
	if (len < 0)
		return false;
	if ((unsigned int)len < pkt->len && pskb_trim(skb, pkt->off + len)) {
		ksrtp_stat_inc(sa->st, KSRTP_STATS_A_ERROR);
		return false;
	}
	ksrtp_fix_headers(skb, pkt, len);
	return true;
}

static unsigned int ksrtp_gso(struct ksrtp_sa *sa, struct sk_buff *skb,
			      const struct nf_hook_state *state, u8 dir, bool rtcp_port)
{
	struct sk_buff *segs, *seg, *next;
	struct ksrtp_pkt pkt;

	segs = __skb_gso_segment(skb, 0, dir == KSRTP_DIR_PROTECT);
	if (IS_ERR_OR_NULL(segs)) {
		ksrtp_stat_inc(sa->st, KSRTP_STATS_A_ERROR);
		return NF_DROP;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (ksrtp_parse(seg, state->pf, &pkt) != KSRTP_PARSE_OK) {
			ksrtp_stat_inc(sa->st, KSRTP_STATS_A_MALFORMED);
			kfree_skb(seg);
			continue;
		}
		pkt.rtcp = rtcp_port || (sa->p.rtcp == KSRTP_RTCP_MUX && ksrtp_is_rtcp_mux(&pkt));
		pkt.ssrc = ksrtp_pkt_ssrc(&pkt, pkt.rtcp);
		pkt.ifindex = dir == KSRTP_DIR_PROTECT ? state->out->ifindex : state->in->ifindex;
		if (ksrtp_handle(sa, seg, &pkt, dir))
			state->okfn(state->net, state->sk, seg);
		else
			kfree_skb(seg);
	}
	return NF_STOLEN;
}

static unsigned int ksrtp_hook(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	u8 dir = state->hook == NF_INET_PRE_ROUTING ? KSRTP_DIR_UNPROTECT : KSRTP_DIR_PROTECT;
	struct ksrtp_pkt pkt;
	struct ksrtp_sa *sa;
	int ret;

	if (dir == KSRTP_DIR_UNPROTECT && skb->pkt_type == PACKET_LOOPBACK)
		return NF_ACCEPT;
	ret = ksrtp_parse(skb, state->pf, &pkt);
	if (ret == KSRTP_PARSE_SKIP)
		return NF_ACCEPT;
	pkt.ifindex = dir == KSRTP_DIR_PROTECT ? state->out->ifindex : state->in->ifindex;
	sa = ksrtp_match(ksrtp_net(state->net), &pkt, dir);
	if (!sa)
		return NF_ACCEPT;
	if (skb_is_gso(skb))
		return ksrtp_gso(sa, skb, state, dir, pkt.rtcp && sa->p.rtcp == KSRTP_RTCP_PORT);
	if (ret == KSRTP_PARSE_BAD) {
		ksrtp_stat_inc(sa->st, KSRTP_STATS_A_MALFORMED);
		return NF_DROP;
	}
	return ksrtp_handle(sa, skb, &pkt, dir) ? NF_ACCEPT : NF_DROP;
}

static const struct nf_hook_ops ksrtp_nf_ops[] = {
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = KSRTP_PRI_UNPROTECT,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = KSRTP_PRI_PROTECT,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = KSRTP_PRI_UNPROTECT,
	},
	{
		.hook = ksrtp_hook,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = KSRTP_PRI_PROTECT,
	},
};

int ksrtp_hooks_register(struct net *net)
{
	int err;

	err = nf_defrag_ipv4_enable(net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto v4;
	err = nf_register_net_hooks(net, ksrtp_nf_ops, ARRAY_SIZE(ksrtp_nf_ops));
	if (!err)
		return 0;
	nf_defrag_ipv6_disable(net);
v4:
	nf_defrag_ipv4_disable(net);
	return err;
}

void ksrtp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ksrtp_nf_ops, ARRAY_SIZE(ksrtp_nf_ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
