// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP (RFC 3711 AES-CM + HMAC-SHA1, RFC 7714 AES-GCM) on socket buffers.
 *
 * The packet is transformed in place: skb_cow_data() makes it writable (copying only
 * shared or cloned parts) and reserves the tailroom of the MKI and tag (expanding only
 * when lacking), and one cipher request covers the whole payload through a
 * scatterlist of the skb. Ingress authenticates before it creates stream state or
 * decrypts; every failure is counted and the packet dropped by the caller.
 */
#include <linux/skbuff.h>
#include <crypto/algapi.h>

#include "datapath.h"
#include "events.h"
#include "stream.h"

/*
 * ksrtp_skb_prepare() for packets the inline fast path does not take: non-linear,
 * cloned, or lacking tailroom.
 */
int ksrtp_skb_prepare_slow(struct sk_buff *skb, unsigned int extra, u8 **tail)
{
	struct sk_buff *trailer;
	int nfrags;

	nfrags = skb_cow_data(skb, extra, &trailer);
	if (nfrags < 0)
		return nfrags;
	/* Two entries stay free for SRTCP's out-of-line associated data. */
	if (nfrags > KSRTP_MAX_SG - 2) {
		if (__skb_linearize(skb))
			return -ENOMEM;
		nfrags = skb_cow_data(skb, extra, &trailer);
		if (nfrags < 0)
			return nfrags;
	}
	if (extra)
		*tail = pskb_put(skb, trailer, extra);
	return nfrags;
}

/* ksrtp_skb_sg() of a non-linear packet. */
int ksrtp_skb_sg_frags(struct sk_buff *skb, struct scatterlist *sg, int nfrags, unsigned int off,
		       unsigned int len)
{
	int n;

	sg_init_table(sg, nfrags);
	n = skb_to_sgvec(skb, sg, off, len);
	return n < 0 ? n : 0;
}

/* ksrtp_key_usable() of an SA with hard lifetimes (notifies when expired). */
bool ksrtp_key_usable_slow(struct ksrtp_sa *sa, struct ksrtp_key *key)
{
	const struct ksrtp_params *p = &sa->p;

	if (likely((!p->hard_packets || atomic64_read(&key->packets) < p->hard_packets) &&
		   (!p->hard_seconds ||
		    time_before(jiffies, key->installed + (unsigned long)p->hard_seconds * HZ))))
		return true;
	if (!test_and_set_bit(KSRTP_KEY_F_HARD_SENT, &key->flags))
		ksrtp_event_key(sa, KSRTP_EVENT_HARD_EXPIRE, key, GFP_ATOMIC);
	return false;
}

/* ksrtp_key_account() of an SA with packet lifetimes. */
void ksrtp_key_account_slow(struct ksrtp_sa *sa, struct ksrtp_key *key)
{
	const struct ksrtp_params *p = &sa->p;
	s64 n;

	n = atomic64_inc_return(&key->packets);
	if (p->soft_packets && n >= p->soft_packets &&
	    !test_and_set_bit(KSRTP_KEY_F_SOFT_SENT, &key->flags))
		ksrtp_event_key(sa, KSRTP_EVENT_SOFT_EXPIRE, key, GFP_ATOMIC);
}

/* ksrtp_key_by_mki() of an SA that uses MKIs. */
struct ksrtp_key *ksrtp_key_by_mki_slow(struct ksrtp_state *st, struct sk_buff *skb,
					unsigned int mki_off, struct ksrtp_key **alt)
{
	struct ksrtp_key *cur = rcu_dereference(st->key[KSRTP_KEY_SLOT_CURRENT]);
	struct ksrtp_key *next = rcu_dereference(st->key[KSRTP_KEY_SLOT_NEXT]);
	u8 buf[KSRTP_MAX_MKI_LEN];
	const u8 *mki;

	*alt = NULL;
	mki = skb_header_pointer(skb, mki_off, st->mki_len, buf);
	if (!mki)
		return NULL;
	if (cur && !memcmp(cur->mki, mki, st->mki_len))
		return cur;
	if (next && !memcmp(next->mki, mki, st->mki_len))
		return next;
	return NULL;
}

void ksrtp_auth_failed(struct ksrtp_sa *sa)
{
	ksrtp_stat_inc(sa->st, KSRTP_STATS_A_AUTH_FAIL);
	atomic64_inc(&sa->st->auth_pending);
	ksrtp_event_auth_flush(sa);
}

void ksrtp_key_swapped(struct ksrtp_sa *sa, struct ksrtp_key *key)
{
	if (ksrtp_key_auto_swap(sa->st, key)) {
		ksrtp_event_key(sa, KSRTP_EVENT_KEY_SWAPPED, key, GFP_ATOMIC);
		ksrtp_sa_key_changed(sa);
	}
}

/* Length of the RTP header (fixed part, CSRCs, extension), or -EINVAL. */
static inline int ksrtp_rtp_hdr_len(struct sk_buff *skb, const struct ksrtp_pkt *pkt)
{
	unsigned int hl;

	if (pkt->len < 12 || pkt->hdr[0] >> 6 != 2)
		return -EINVAL;
	hl = 12 + 4 * (pkt->hdr[0] & 0x0f);
	if (unlikely(pkt->hdr[0] & 0x10)) {
		__be16 _ext[2];
		const __be16 *ext;

		if (hl + sizeof(_ext) > pkt->len)
			return -EINVAL;
		ext = skb_header_pointer(skb, pkt->off + hl, sizeof(_ext), _ext);
		if (!ext)
			return -EINVAL;
		hl += sizeof(_ext) + 4 * ntohs(ext[1]);
	}
	return hl <= pkt->len ? hl : -EINVAL;
}

/* AES-CM IV (RFC 3711 4.1.1): salt * 2^16 XOR SSRC * 2^64 XOR index * 2^16. */
void ksrtp_cm_iv(u8 iv[16], const u8 *salt, u32 ssrc, u64 index)
{
	int i;

	memcpy(iv, salt, 14);
	iv[14] = 0;
	iv[15] = 0;
	for (i = 0; i < 4; i++)
		iv[4 + i] ^= ssrc >> (24 - 8 * i);
	for (i = 0; i < 6; i++)
		iv[8 + i] ^= index >> (40 - 8 * i);
}

/*
 * AES-GCM IV (RFC 7714 8.1): 00 00 || SSRC || ROC || SEQ, XOR the salt, built as three
 * big-endian words: SSRC >> 16, SSRC << 16 | ROC >> 16 (= index >> 32), ROC << 16 | SEQ
 * (= the low 32 bits of the 48-bit index).
 */
static inline void ksrtp_gcm_iv(u8 iv[12], const u8 *salt, u32 ssrc, u64 index)
{
	put_unaligned_be32(get_unaligned_be32(salt) ^ (ssrc >> 16), iv);
	put_unaligned_be32(get_unaligned_be32(salt + 4) ^ (ssrc << 16 | (u32)(index >> 32)),
			   iv + 4);
	put_unaligned_be32(get_unaligned_be32(salt + 8) ^ (u32)index, iv + 8);
}

/*
 * Advance an egress stream's highest index (stream lock held). Egress needs no replay
 * bitmap: a repeated index is tolerated (the same packet sent twice, e.g. multicast
 * loopback). Return: ROC increments.
 */
static inline u64 ksrtp_tx_advance(struct ksrtp_stream *s, u64 index)
{
	u64 rollovers = 0;

	if (!s->rtp_valid) {
		WRITE_ONCE(s->rtp_top, index);
		WRITE_ONCE(s->rtp_valid, true);
	} else if (index > s->rtp_top) {
		rollovers = (index >> 16) - (s->rtp_top >> 16);
		s->rollovers += rollovers;
		WRITE_ONCE(s->rtp_top, index);
	}
	return rollovers;
}

/* Authenticate [0, alen) of the packet plus the ROC against the tag at @tag_off. */
static int ksrtp_cm_verify(struct ksrtp_key *key, struct sk_buff *skb, struct ksrtp_pkt *pkt,
			   struct scatterlist *sg, int nfrags, unsigned int alen, u32 roc,
			   unsigned int tag_off, unsigned int tag_len)
{
	u8 mac[KSRTP_SHA1_LEN], buf[KSRTP_MAX_TAG_LEN];
	__be32 broc = cpu_to_be32(roc);
	const u8 *tag;
	int err;

	tag = skb_header_pointer(skb, pkt->off + tag_off, tag_len, buf);
	if (!tag)
		return -EINVAL;
	err = ksrtp_skb_sg(skb, sg, nfrags, pkt->off, alen) ?:
	      ksrtp_hmac(&key->rtp, sg, alen, (u8 *)&broc, sizeof(broc), mac);
	if (!err && crypto_memneq(mac, tag, tag_len))
		err = -EBADMSG;
	return err;
}

/**
 * ksrtp_srtp_protect - RTP to SRTP
 * @sa: protect SA
 * @skb: packet
 * @pkt: where the RTP packet is
 *
 * Return: the new UDP payload length, or a negative errno (counted; drop).
 */
int ksrtp_srtp_protect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	struct ksrtp_state *st = sa->st;
	const struct ksrtp_suite_info *suite = st->suite;
	unsigned int tag_len = suite->rtp_tag_len;
	unsigned int extra = st->mki_len + tag_len;
	u16 seq = get_unaligned_be16(pkt->hdr + 2);
	struct ksrtp_scratch *scr;
	unsigned int plen;
	struct ksrtp_stream *s;
	struct ksrtp_key *key;
	bool exhaust = false;
	int hl, nfrags, stat, err;
	u64 index, rollovers;
	u8 *tail;

	hl = ksrtp_rtp_hdr_len(skb, pkt);
	stat = KSRTP_STATS_A_MALFORMED;
	if (hl < 0)
		goto drop;
	key = rcu_dereference(st->key[KSRTP_KEY_SLOT_CURRENT]);
	stat = KSRTP_STATS_A_ERROR;
	if (!key)
		goto drop;
	stat = KSRTP_STATS_A_EXPIRED;
	if (!ksrtp_key_usable(sa, key))
		goto drop;
	s = ksrtp_stream_lookup(st, pkt->ssrc);
	if (unlikely(!s)) {
		s = ksrtp_stream_create(sa, pkt->ssrc, pkt, &stat);
		if (!s)
			goto drop;
	}
	if (unlikely(!ksrtp_stream_source_match(s, pkt))) {
		ksrtp_stream_collision(sa, s, pkt);
		return -EADDRINUSE;
	}

	spin_lock(&s->lock);
	index = ksrtp_index_guess(s->rtp_valid, s->rtp_top, seq, sa->p.roc);
	rollovers = ksrtp_tx_advance(s, index);
	if (unlikely(index >= KSRTP_INDEX_EXHAUST) && !s->exhaust_sent) {
		s->exhaust_sent = true;
		exhaust = true;
	}
	s->last_seen = jiffies;
	s->packets++;
	s->bytes += pkt->len;
	spin_unlock(&s->lock);
	if (unlikely(rollovers))
		ksrtp_stat_add(st, KSRTP_STATS_A_ROC_ROLLOVER, rollovers);
	if (unlikely(exhaust))
		ksrtp_event_stream(sa, KSRTP_EVENT_INDEX_EXHAUST, pkt->ssrc, GFP_ATOMIC);

	nfrags = ksrtp_skb_prepare(skb, extra, &tail);
	stat = KSRTP_STATS_A_ERROR;
	if (nfrags < 0)
		goto drop;
	scr = ksrtp_scratch_get();
	plen = pkt->len - hl;
	if (suite->aead) {
		u8 iv[12];

		ksrtp_gcm_iv(iv, key->rtp.salt, pkt->ssrc, index);
		err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off, pkt->len + tag_len) ?:
		      ksrtp_gcm_crypt(&key->rtp, iv, scr->sg, hl, plen, true);
		if (st->mki_len)
			memcpy(tail + tag_len, key->mki, st->mki_len);
	} else {
		__be32 roc = cpu_to_be32(index >> 16);
		u8 iv[16], mac[KSRTP_SHA1_LEN];

		ksrtp_cm_iv(iv, key->rtp.salt, pkt->ssrc, index);
		err = 0;
		if (plen)
			err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off + hl, plen) ?:
			      ksrtp_ctr_crypt(&key->rtp, iv, scr->sg, plen);
		if (!err)
			err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off, pkt->len) ?:
			      ksrtp_hmac(&key->rtp, scr->sg, pkt->len, (u8 *)&roc, sizeof(roc),
					 mac);
		if (st->mki_len)
			memcpy(tail, key->mki, st->mki_len);
		memcpy(tail + st->mki_len, mac, tag_len);
	}
	if (err)
		goto drop;
	ksrtp_key_account(sa, key);
	ksrtp_stat_packet(st, pkt->len);
	return pkt->len + extra;
drop:
	ksrtp_stat_inc(st, stat);
	return -EINVAL;
}

/* Decrypt and verify [hl, ctlen) of the packet with @key (AES-GCM). */
static inline int ksrtp_gcm_open(struct ksrtp_key *key, struct sk_buff *skb,
				 struct ksrtp_pkt *pkt, struct scatterlist *sg, int nfrags,
				 unsigned int hl, unsigned int end, u64 index)
{
	u8 iv[12];

	ksrtp_gcm_iv(iv, key->rtp.salt, pkt->ssrc, index);
	return ksrtp_skb_sg(skb, sg, nfrags, pkt->off, end) ?:
	       ksrtp_gcm_crypt(&key->rtp, iv, sg, hl, end - hl, false);
}

/**
 * ksrtp_srtp_unprotect - SRTP to RTP
 * @sa: unprotect SA
 * @skb: packet
 * @pkt: where the SRTP packet is
 *
 * Return: the new UDP payload length, or a negative errno (counted; drop).
 */
int ksrtp_srtp_unprotect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	struct ksrtp_scratch *scr = ksrtp_scratch_get();
	struct ksrtp_state *st = sa->st;
	const struct ksrtp_suite_info *suite = st->suite;
	unsigned int tag_len = suite->rtp_tag_len;
	u16 seq = get_unaligned_be16(pkt->hdr + 2);
	struct ksrtp_key *key, *alt;
	unsigned int elen, end;
	struct ksrtp_stream *s;
	bool exhaust = false, collide, ok;
	int hl, nfrags, stat, err;
	u64 index, rollovers;

	hl = ksrtp_rtp_hdr_len(skb, pkt);
	stat = KSRTP_STATS_A_MALFORMED;
	if (hl < 0 || pkt->len < hl + st->mki_len + tag_len)
		goto drop;
	elen = pkt->len - st->mki_len - tag_len;
	/* AES-CM: MKI then tag after the payload; AES-GCM: tag, then MKI. */
	end = suite->aead ? pkt->len - st->mki_len : elen;
	key = ksrtp_key_by_mki(st, skb, pkt->off + (suite->aead ? end : elen), &alt);
	if (!key) {
		stat = st->mki_len ? KSRTP_STATS_A_MKI_UNKNOWN : KSRTP_STATS_A_ERROR;
		goto drop;
	}
	if (!ksrtp_key_usable(sa, key)) {
		stat = KSRTP_STATS_A_EXPIRED;
		if (!alt)
			goto drop;
		key = alt;
		alt = NULL;
	}
	s = ksrtp_stream_lookup(st, pkt->ssrc);
	/* Another source with this SSRC: refused after it authenticates (no spoofed events). */
	collide = s && !ksrtp_stream_source_match(s, pkt);
	index = ksrtp_index_guess(s && READ_ONCE(s->rtp_valid), s ? READ_ONCE(s->rtp_top) : 0,
				  seq, sa->p.roc);
	stat = KSRTP_STATS_A_REPLAY;
	if (s && !collide && !ksrtp_replay_check(s, false, st->replay_window, index))
		goto drop;

	nfrags = ksrtp_skb_prepare(skb, 0, NULL);
	stat = KSRTP_STATS_A_ERROR;
	if (nfrags < 0)
		goto drop;
	if (suite->aead) {
		unsigned int ctlen = end - hl;

		if (alt && ctlen <= KSRTP_BACKUP_MAX &&
		    skb_copy_bits(skb, pkt->off + hl, scr->backup, ctlen))
			alt = NULL;
		err = ksrtp_gcm_open(key, skb, pkt, scr->sg, nfrags, hl, end, index);
		if (err == -EBADMSG && alt && ctlen <= KSRTP_BACKUP_MAX &&
		    !skb_store_bits(skb, pkt->off + hl, scr->backup, ctlen)) {
			err = ksrtp_gcm_open(alt, skb, pkt, scr->sg, nfrags, hl, end, index);
			if (!err)
				key = alt;
		}
	} else {
		err = ksrtp_cm_verify(key, skb, pkt, scr->sg, nfrags, elen, index >> 16,
				      elen + st->mki_len, tag_len);
		if (err == -EBADMSG && alt) {
			err = ksrtp_cm_verify(alt, skb, pkt, scr->sg, nfrags, elen, index >> 16,
					      elen + st->mki_len, tag_len);
			if (!err)
				key = alt;
		}
	}
	if (err == -EBADMSG) {
		ksrtp_auth_failed(sa);
		return err;
	}
	if (err)
		goto drop;
	if (collide) {
		ksrtp_stream_collision(sa, s, pkt);
		return -EADDRINUSE;
	}
	if (alt && key == alt)
		ksrtp_key_swapped(sa, key);

	if (!s) {
		s = ksrtp_stream_create(sa, pkt->ssrc, pkt, &stat);
		if (!s)
			goto drop;
		if (!ksrtp_stream_source_ok(sa, s, pkt))
			return -EADDRINUSE;
	}
	spin_lock(&s->lock);
	rollovers = s->rollovers;
	ok = ksrtp_replay_update(s, false, st->replay_window, index);
	rollovers = s->rollovers - rollovers;
	if (ok) {
		if (unlikely(index >= KSRTP_INDEX_EXHAUST) && !s->exhaust_sent) {
			s->exhaust_sent = true;
			exhaust = true;
		}
		s->last_seen = jiffies;
		s->packets++;
		s->bytes += elen;
	} else {
		s->replay++;
	}
	spin_unlock(&s->lock);
	stat = KSRTP_STATS_A_REPLAY;
	if (!ok)
		goto drop;
	if (unlikely(rollovers))
		ksrtp_stat_add(st, KSRTP_STATS_A_ROC_ROLLOVER, rollovers);
	if (unlikely(exhaust))
		ksrtp_event_stream(sa, KSRTP_EVENT_INDEX_EXHAUST, pkt->ssrc, GFP_ATOMIC);

	if (!suite->aead && elen > hl) {
		u8 iv[16];

		ksrtp_cm_iv(iv, key->rtp.salt, pkt->ssrc, index);
		err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off + hl, elen - hl) ?:
		      ksrtp_ctr_crypt(&key->rtp, iv, scr->sg, elen - hl);
		stat = KSRTP_STATS_A_ERROR;
		if (err)
			goto drop;
	}
	ksrtp_key_account(sa, key);
	ksrtp_stat_packet(st, elen);
	return elen;
drop:
	ksrtp_stat_inc(st, stat);
	return -EINVAL;
}
