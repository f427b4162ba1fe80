// SPDX-License-Identifier: GPL-2.0
/*
 * SRTCP (RFC 3711 section 3.4, RFC 7714 section 9).
 *
 * AES-CM:  header(8) | payload (encrypted when E) | E+index | MKI | tag (80 bits)
 *          the tag covers header, payload and E+index.
 * AES-GCM: header(8) | payload (encrypted when E) | tag(16) | E+index | MKI
 *          associated data: header and E+index (E set), or header, payload and
 *          E+index (E clear); the E+index word is passed out of line from the
 *          per-CPU scratch area.
 * Egress always encrypts (E set) and numbers each stream's packets from 0.
 */
#include <linux/skbuff.h>
#include <crypto/algapi.h>

#include "datapath.h"
#include "events.h"
#include "stream.h"

#define KSRTP_RTCP_HDR 8
#define KSRTP_SRTCP_E 0x80000000U

/* AES-GCM SRTCP IV: 00 00 || SSRC || 00 00 || 0 || index (31 bits), XOR the salt. */
static void ksrtp_srtcp_gcm_iv(u8 iv[12], const u8 *salt, u32 ssrc, u32 index)
{
	int i;

	iv[0] = 0;
	iv[1] = 0;
	put_unaligned_be32(ssrc, iv + 2);
	iv[6] = 0;
	iv[7] = 0;
	put_unaligned_be32(index & KSRTP_SRTCP_INDEX_MASK, iv + 8);
	for (i = 0; i < 12; i++)
		iv[i] ^= salt[i];
}

/*
 * AES-GCM over an SRTCP packet whose E+index word is in scr->word: associated data
 * [0, aad) of the packet then the word, then [aad, aad + cryptlen) of the packet (and
 * room for the tag after it when encrypting).
 */
static int ksrtp_srtcp_gcm(struct ksrtp_key *key, struct sk_buff *skb, struct ksrtp_pkt *pkt,
			   struct ksrtp_scratch *scr, int nfrags, unsigned int aad,
			   unsigned int cryptlen, u32 index, bool enc)
{
	unsigned int maplen = cryptlen + (enc ? KSRTP_GCM_TAG_LEN : 0);
	struct scatterlist *sg = scr->sg;
	u8 iv[12];
	int n;

	sg_init_table(sg, nfrags + 2);
	n = skb_to_sgvec_nomark(skb, sg, pkt->off, aad);
	if (n < 0)
		return n;
	sg_set_buf(&sg[n], scr->word, 4);
	if (maplen) {
		int m = skb_to_sgvec(skb, &sg[n + 1], pkt->off + aad, maplen);

		if (m < 0)
			return m;
	} else {
		sg_mark_end(&sg[n]);
	}
	ksrtp_srtcp_gcm_iv(iv, key->rtcp.salt, pkt->ssrc, index);
	return ksrtp_gcm_crypt(&key->rtcp, iv, sg, aad + 4, cryptlen, enc);
}

/**
 * ksrtp_srtcp_protect - RTCP to SRTCP
 * @sa: protect SA
 * @skb: packet
 * @pkt: where the RTCP packet is
 *
 * Return: the new UDP payload length, or a negative errno (counted; drop).
 */
int ksrtp_srtcp_protect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	struct ksrtp_scratch *scr = ksrtp_scratch_get();
	struct ksrtp_state *st = sa->st;
	const struct ksrtp_suite_info *suite = st->suite;
	unsigned int tag_len = suite->rtcp_tag_len;
	unsigned int extra = 4 + st->mki_len + tag_len;
	unsigned int plen = pkt->len - KSRTP_RTCP_HDR;
	struct ksrtp_stream *s;
	struct ksrtp_key *key;
	bool exhaust = false;
	int nfrags, stat, err;
	u32 index = 0;
	__be32 word;
	u8 *tail;

	stat = KSRTP_STATS_A_MALFORMED;
	if (pkt->len < KSRTP_RTCP_HDR || pkt->hdr[0] >> 6 != 2)
		goto drop;
	key = rcu_dereference(st->key[KSRTP_KEY_SLOT_CURRENT]);
	stat = KSRTP_STATS_A_ERROR;
	if (!key || !key->has_rtcp)
		goto drop;
	stat = KSRTP_STATS_A_EXPIRED;
	if (!ksrtp_key_usable(sa, key))
		goto drop;
	s = ksrtp_stream_lookup(st, pkt->ssrc);
	if (!s) {
		s = ksrtp_stream_create(sa, pkt->ssrc, pkt, &stat);
		if (!s)
			goto drop;
	}
	if (!ksrtp_stream_source_ok(sa, s, pkt))
		return -EADDRINUSE;
	spin_lock(&s->lock);
	if (s->rtcp_valid)
		index = s->rtcp_top + 1;
	if (index <= KSRTP_SRTCP_INDEX_MASK) {
		s->rtcp_top = index;
		s->rtcp_valid = true;
		if (index >= KSRTP_SRTCP_INDEX_EXHAUST && !s->exhaust_sent) {
			s->exhaust_sent = true;
			exhaust = true;
		}
		s->last_seen = jiffies;
		s->packets++;
		s->rtcp_packets++;
		s->bytes += pkt->len;
	}
	spin_unlock(&s->lock);
	if (exhaust)
		ksrtp_event_stream(sa, KSRTP_EVENT_INDEX_EXHAUST, pkt->ssrc, GFP_ATOMIC);
	/* The 31-bit index is used up: never reuse keystream. */
	stat = KSRTP_STATS_A_EXPIRED;
	if (index > KSRTP_SRTCP_INDEX_MASK)
		goto drop;

	nfrags = ksrtp_skb_prepare(skb, extra, &tail);
	stat = KSRTP_STATS_A_ERROR;
	if (nfrags < 0)
		goto drop;
	word = cpu_to_be32(KSRTP_SRTCP_E | index);
	if (suite->aead) {
		memcpy(scr->word, &word, 4);
		err = ksrtp_srtcp_gcm(key, skb, pkt, scr, nfrags, KSRTP_RTCP_HDR, plen, index,
				      true);
		memcpy(tail + tag_len, &word, 4);
		memcpy(tail + tag_len + 4, key->mki, st->mki_len);
	} else {
		u8 iv[16], mac[KSRTP_SHA1_LEN];

		ksrtp_cm_iv(iv, key->rtcp.salt, pkt->ssrc, index);
		err = 0;
		if (plen)
			err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off + KSRTP_RTCP_HDR, plen) ?:
			      ksrtp_ctr_crypt(&key->rtcp, iv, scr->sg, plen);
		memcpy(tail, &word, 4);
		if (!err)
			err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off, pkt->len + 4) ?:
			      ksrtp_hmac(&key->rtcp, scr->sg, pkt->len + 4, NULL, 0, mac);
		memcpy(tail + 4, key->mki, st->mki_len);
		memcpy(tail + 4 + st->mki_len, mac, tag_len);
	}
	if (err)
		goto drop;
	ksrtp_key_account(sa, key);
	ksrtp_stat_inc(st, KSRTP_STATS_A_PACKETS);
	ksrtp_stat_inc(st, KSRTP_STATS_A_RTCP_PACKETS);
	ksrtp_stat_add(st, KSRTP_STATS_A_BYTES, pkt->len);
	WRITE_ONCE(st->last_seen, jiffies);
	return pkt->len + extra;
drop:
	ksrtp_stat_inc(st, stat);
	return -EINVAL;
}

static int ksrtp_srtcp_cm_verify(struct ksrtp_key *key, struct sk_buff *skb,
				 struct ksrtp_pkt *pkt, struct scatterlist *sg, int nfrags,
				 unsigned int alen, unsigned int tag_off, unsigned int tag_len)
{
	u8 mac[KSRTP_SHA1_LEN], buf[KSRTP_MAX_TAG_LEN];
	const u8 *tag;
	int err;

	tag = skb_header_pointer(skb, pkt->off + tag_off, tag_len, buf);
	if (!tag)
		return -EINVAL;
	err = ksrtp_skb_sg(skb, sg, nfrags, pkt->off, alen) ?:
	      ksrtp_hmac(&key->rtcp, sg, alen, NULL, 0, mac);
	if (!err && crypto_memneq(mac, tag, tag_len))
		err = -EBADMSG;
	return err;
}

/* AES-GCM open of an SRTCP packet whose E+index word ends at @word_off + 4. */
static int ksrtp_srtcp_gcm_open(struct ksrtp_key *key, struct sk_buff *skb,
				struct ksrtp_pkt *pkt, struct ksrtp_scratch *scr, int nfrags,
				unsigned int word_off, u32 index, bool e)
{
	if (e)
		return ksrtp_srtcp_gcm(key, skb, pkt, scr, nfrags, KSRTP_RTCP_HDR,
				       word_off - KSRTP_RTCP_HDR, index, false);
	return ksrtp_srtcp_gcm(key, skb, pkt, scr, nfrags, word_off - KSRTP_GCM_TAG_LEN,
			       KSRTP_GCM_TAG_LEN, index, false);
}

/**
 * ksrtp_srtcp_unprotect - SRTCP to RTCP
 * @sa: unprotect SA
 * @skb: packet
 * @pkt: where the SRTCP packet is
 *
 * Return: the new UDP payload length, or a negative errno (counted; drop).
 */
int ksrtp_srtcp_unprotect(struct ksrtp_sa *sa, struct sk_buff *skb, struct ksrtp_pkt *pkt)
{
	struct ksrtp_scratch *scr = ksrtp_scratch_get();
	struct ksrtp_state *st = sa->st;
	const struct ksrtp_suite_info *suite = st->suite;
	unsigned int tag_len = suite->rtcp_tag_len;
	unsigned int word_off, newlen;
	struct ksrtp_key *key, *alt;
	struct ksrtp_stream *s;
	const __be32 *wp;
	int nfrags, stat, err;
	bool e, collide, ok;
	__be32 word;
	u32 index;

	stat = KSRTP_STATS_A_MALFORMED;
	if (pkt->len < KSRTP_RTCP_HDR + 4 + st->mki_len + tag_len || pkt->hdr[0] >> 6 != 2)
		goto drop;
	word_off = suite->aead ? pkt->len - st->mki_len - 4 : pkt->len - tag_len - st->mki_len - 4;
	newlen = suite->aead ? word_off - KSRTP_GCM_TAG_LEN : word_off;
	wp = skb_header_pointer(skb, pkt->off + word_off, 4, &word);
	if (!wp)
		goto drop;
	word = *wp;
	e = be32_to_cpu(word) & KSRTP_SRTCP_E;
	index = be32_to_cpu(word) & KSRTP_SRTCP_INDEX_MASK;
	key = ksrtp_key_by_mki(st, skb, pkt->off + word_off + 4, &alt);
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
	stat = KSRTP_STATS_A_ERROR;
	if (!key->has_rtcp || (alt && !alt->has_rtcp))
		goto drop;
	s = ksrtp_stream_lookup(st, pkt->ssrc);
	/* Another source with this SSRC: refused after it authenticates (no spoofed events). */
	collide = s && !ksrtp_stream_source_match(s, pkt);
	stat = KSRTP_STATS_A_REPLAY;
	if (s && !collide && !ksrtp_replay_check(s, true, st->replay_window, index))
		goto drop;

	nfrags = ksrtp_skb_prepare(skb, 0, NULL);
	stat = KSRTP_STATS_A_ERROR;
	if (nfrags < 0)
		goto drop;
	if (suite->aead) {
		unsigned int blen = word_off - KSRTP_RTCP_HDR;

		memcpy(scr->word, &word, 4);
		if (alt && blen <= KSRTP_BACKUP_MAX &&
		    skb_copy_bits(skb, pkt->off + KSRTP_RTCP_HDR, scr->backup, blen))
			alt = NULL;
		err = ksrtp_srtcp_gcm_open(key, skb, pkt, scr, nfrags, word_off, index, e);
		if (err == -EBADMSG && alt && blen <= KSRTP_BACKUP_MAX &&
		    !skb_store_bits(skb, pkt->off + KSRTP_RTCP_HDR, scr->backup, blen)) {
			err = ksrtp_srtcp_gcm_open(alt, skb, pkt, scr, nfrags, word_off, index, e);
			if (!err)
				key = alt;
		}
	} else {
		err = ksrtp_srtcp_cm_verify(key, skb, pkt, scr->sg, nfrags, word_off + 4,
					    word_off + 4 + st->mki_len, tag_len);
		if (err == -EBADMSG && alt) {
			err = ksrtp_srtcp_cm_verify(alt, skb, pkt, scr->sg, nfrags, word_off + 4,
						    word_off + 4 + st->mki_len, tag_len);
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
	ok = ksrtp_replay_update(s, true, st->replay_window, index);
	if (ok) {
		s->last_seen = jiffies;
		s->packets++;
		s->rtcp_packets++;
		s->bytes += newlen;
	} else {
		s->replay++;
	}
	spin_unlock(&s->lock);
	stat = KSRTP_STATS_A_REPLAY;
	if (!ok)
		goto drop;

	if (!suite->aead && e && word_off > KSRTP_RTCP_HDR) {
		u8 iv[16];

		ksrtp_cm_iv(iv, key->rtcp.salt, pkt->ssrc, index);
		err = ksrtp_skb_sg(skb, scr->sg, nfrags, pkt->off + KSRTP_RTCP_HDR,
				   word_off - KSRTP_RTCP_HDR) ?:
		      ksrtp_ctr_crypt(&key->rtcp, iv, scr->sg, word_off - KSRTP_RTCP_HDR);
		stat = KSRTP_STATS_A_ERROR;
		if (err)
			goto drop;
	}
	ksrtp_key_account(sa, key);
	ksrtp_stat_inc(st, KSRTP_STATS_A_PACKETS);
	ksrtp_stat_inc(st, KSRTP_STATS_A_RTCP_PACKETS);
	ksrtp_stat_add(st, KSRTP_STATS_A_BYTES, newlen);
	WRITE_ONCE(st->last_seen, jiffies);
	return newlen;
drop:
	ksrtp_stat_inc(st, stat);
	return -EINVAL;
}
