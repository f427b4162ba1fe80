// SPDX-License-Identifier: GPL-2.0
/*
 * The "ksrtp" generic netlink family (see include/uapi/linux/ksrtp.h and ksrtp.yaml).
 *
 * Strict policies validate every attribute before a handler runs; the handlers check
 * what policies cannot express (lengths that depend on the suite or family, required
 * attributes) and explain every refusal in the extended ack. Key material is accepted,
 * never returned. Dumps resume from the id (SAs) or SSRC (streams) after the last one
 * sent, so they stay correct while SAs come and go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "crypto.h"
#include "netlink.h"
#include "sa.h"
#include "selftest.h"

static const struct nla_policy ksrtp_lifetime_policy[KSRTP_LIFETIME_A_MAX + 1] = {
	[KSRTP_LIFETIME_A_SOFT_PACKETS] = { .type = NLA_U64 },
	[KSRTP_LIFETIME_A_HARD_PACKETS] = { .type = NLA_U64 },
	[KSRTP_LIFETIME_A_SOFT_SECONDS] = { .type = NLA_U32 },
	[KSRTP_LIFETIME_A_HARD_SECONDS] = { .type = NLA_U32 },
	[KSRTP_LIFETIME_A_PAD] = { .type = NLA_REJECT },
};

static const struct nla_policy ksrtp_key_policy[KSRTP_KEY_A_MAX + 1] = {
	[KSRTP_KEY_A_SLOT] = NLA_POLICY_MAX(NLA_U8, KSRTP_KEY_SLOT_NEXT),
	[KSRTP_KEY_A_MASTER_KEY] = NLA_POLICY_RANGE(NLA_BINARY, 16, KSRTP_MAX_KEY_LEN),
	[KSRTP_KEY_A_MASTER_SALT] = NLA_POLICY_RANGE(NLA_BINARY, 12, KSRTP_MAX_SALT_LEN),
	[KSRTP_KEY_A_MKI] = NLA_POLICY_RANGE(NLA_BINARY, 1, KSRTP_MAX_MKI_LEN),
	[KSRTP_KEY_A_KDR] = NLA_POLICY_MAX(NLA_U8, 24),
	[KSRTP_KEY_A_ID] = { .type = NLA_U32 },
};

static struct netlink_range_validation ksrtp_max_streams_range = {
	.min = 1,
	.max = 65536,
};

static const struct nla_policy ksrtp_sa_policy[KSRTP_SA_A_MAX + 1] = {
	[KSRTP_SA_A_ID] = { .type = NLA_U32 },
	[KSRTP_SA_A_DIR] = NLA_POLICY_RANGE(NLA_U8, KSRTP_DIR_PROTECT, KSRTP_DIR_UNPROTECT),
	[KSRTP_SA_A_FAMILY] = { .type = NLA_U16 },
	[KSRTP_SA_A_DADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_SA_A_DPORT] = { .type = NLA_BE16 },
	[KSRTP_SA_A_SADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[KSRTP_SA_A_SPORT] = { .type = NLA_BE16 },
	[KSRTP_SA_A_SSRC] = { .type = NLA_U32 },
	[KSRTP_SA_A_IFINDEX] = { .type = NLA_U32 },
	[KSRTP_SA_A_SUITE] = NLA_POLICY_RANGE(NLA_U16, KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
					      KSRTP_SUITE_MAX),
	[KSRTP_SA_A_REPLAY_WINDOW] = NLA_POLICY_RANGE(NLA_U32, 64, 4096),
	[KSRTP_SA_A_ROC] = { .type = NLA_U32 },
	[KSRTP_SA_A_MKI_LEN] = NLA_POLICY_MAX(NLA_U8, KSRTP_MAX_MKI_LEN),
	[KSRTP_SA_A_RTCP] = NLA_POLICY_MAX(NLA_U8, KSRTP_RTCP_MUX),
	[KSRTP_SA_A_MAX_STREAMS] = NLA_POLICY_FULL_RANGE(NLA_U32, &ksrtp_max_streams_range),
	[KSRTP_SA_A_STREAM_IDLE] = { .type = NLA_U32 },
	[KSRTP_SA_A_LIFETIME] = NLA_POLICY_NESTED(ksrtp_lifetime_policy),
	[KSRTP_SA_A_KEY] = NLA_POLICY_NESTED(ksrtp_key_policy),
	[KSRTP_SA_A_STATS] = { .type = NLA_REJECT },
	[KSRTP_SA_A_CIPHER_DRIVER] = { .type = NLA_REJECT },
	[KSRTP_SA_A_AUTH_DRIVER] = { .type = NLA_REJECT },
	[KSRTP_SA_A_NUM_STREAMS] = { .type = NLA_REJECT },
	[KSRTP_SA_A_PAD] = { .type = NLA_REJECT },
};

static const struct nla_policy ksrtp_policy[KSRTP_A_MAX + 1] = {
	[KSRTP_A_SA] = NLA_POLICY_NESTED(ksrtp_sa_policy),
	[KSRTP_A_INFO] = { .type = NLA_REJECT },
	[KSRTP_A_STREAM] = { .type = NLA_REJECT },
	[KSRTP_A_EVENT] = { .type = NLA_REJECT },
};

static unsigned int ksrtp_alen(u16 family)
{
	return family == AF_INET ? 4 : 16;
}

static u64 ksrtp_ms_since(unsigned long then)
{
	return then ? jiffies_to_msecs(jiffies - then) : 0;
}

/* Parse KSRTP_A_SA of a request into @tb; it must be present. */
static int ksrtp_nl_sa_attrs(struct nlattr **attrs, struct nlattr **tb,
			     struct netlink_ext_ack *extack)
{
	if (!attrs[KSRTP_A_SA]) {
		NL_SET_ERR_MSG(extack, "the request needs an SA attribute (KSRTP_A_SA)");
		return -EINVAL;
	}
	return nla_parse_nested(tb, KSRTP_SA_A_MAX, attrs[KSRTP_A_SA], ksrtp_sa_policy, extack);
}

/* The SA named by KSRTP_SA_A_ID (under kn->lock). */
static struct ksrtp_sa *ksrtp_nl_sa_by_id(struct ksrtp_net *kn, struct nlattr *sa_attr,
					  struct nlattr **tb, struct netlink_ext_ack *extack)
{
	struct ksrtp_sa *sa;

	if (!tb[KSRTP_SA_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, sa_attr, "the SA id (KSRTP_SA_A_ID) is required");
		return ERR_PTR(-EINVAL);
	}
	sa = xa_load(&kn->sas, nla_get_u32(tb[KSRTP_SA_A_ID]));
	if (!sa) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_ID],
				    "no SA with this id in this namespace");
		return ERR_PTR(-ENOENT);
	}
	return sa;
}

static int ksrtp_nl_put_stats(struct sk_buff *msg, int attr, const u64 *c,
			      unsigned long last_seen)
{
	struct nlattr *nest = nla_nest_start(msg, attr);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = KSRTP_STATS_A_PACKETS; i <= KSRTP_STATS_A_RTCP_PACKETS; i++)
		if (nla_put_u64_64bit(msg, i, c[i], KSRTP_STATS_A_PAD))
			return -EMSGSIZE;
	if (last_seen && nla_put_u64_64bit(msg, KSRTP_STATS_A_LAST_SEEN_MS,
					   ksrtp_ms_since(last_seen), KSRTP_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int ksrtp_nl_put_key(struct sk_buff *msg, unsigned int slot, const struct ksrtp_key *key)
{
	struct nlattr *nest = nla_nest_start(msg, KSRTP_SA_A_KEY);

	if (!nest ||
	    nla_put_u8(msg, KSRTP_KEY_A_SLOT, slot) ||
	    (key->key_id && nla_put_u32(msg, KSRTP_KEY_A_ID, key->key_id)) ||
	    nla_put_u8(msg, KSRTP_KEY_A_KDR, key->kdr) ||
	    (key->mki_len && nla_put(msg, KSRTP_KEY_A_MKI, key->mki_len, key->mki)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int ksrtp_nl_fill_sa(struct sk_buff *msg, struct ksrtp_sa *sa, u32 portid, u32 seq,
			    int flags)
{
	const struct ksrtp_sel *sel = &sa->sel;
	const struct ksrtp_params *p = &sa->p;
	struct nlattr *nest, *lt;
	u64 c[KSRTP_STATS_A_MAX + 1];
	unsigned int slot;
	void *hdr;
	int err = -EMSGSIZE;

	hdr = genlmsg_put(msg, portid, seq, &ksrtp_genl_family, flags, KSRTP_CMD_SA_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, KSRTP_A_SA);
	if (!nest ||
	    nla_put_u32(msg, KSRTP_SA_A_ID, sa->id) ||
	    nla_put_u8(msg, KSRTP_SA_A_DIR, sel->dir) ||
	    nla_put_u16(msg, KSRTP_SA_A_FAMILY, sel->family) ||
	    nla_put(msg, KSRTP_SA_A_DADDR, ksrtp_alen(sel->family), sel->daddr) ||
	    nla_put_be16(msg, KSRTP_SA_A_DPORT, sel->dport) ||
	    (sel->has_saddr &&
	     nla_put(msg, KSRTP_SA_A_SADDR, ksrtp_alen(sel->family), sel->saddr)) ||
	    (sel->has_sport && nla_put_be16(msg, KSRTP_SA_A_SPORT, sel->sport)) ||
	    (sel->has_ssrc && nla_put_u32(msg, KSRTP_SA_A_SSRC, sel->ssrc)) ||
	    (sel->ifindex && nla_put_u32(msg, KSRTP_SA_A_IFINDEX, sel->ifindex)) ||
	    nla_put_u16(msg, KSRTP_SA_A_SUITE, sa->st->suite->id) ||
	    nla_put_u32(msg, KSRTP_SA_A_REPLAY_WINDOW, p->replay_window) ||
	    nla_put_u32(msg, KSRTP_SA_A_ROC, p->roc) ||
	    nla_put_u8(msg, KSRTP_SA_A_MKI_LEN, p->mki_len) ||
	    nla_put_u8(msg, KSRTP_SA_A_RTCP, p->rtcp) ||
	    nla_put_u32(msg, KSRTP_SA_A_MAX_STREAMS, p->max_streams) ||
	    nla_put_u32(msg, KSRTP_SA_A_STREAM_IDLE, p->stream_idle) ||
	    nla_put_u32(msg, KSRTP_SA_A_NUM_STREAMS, atomic_read(&sa->st->nstreams)))
		goto cancel;
	lt = nla_nest_start(msg, KSRTP_SA_A_LIFETIME);
	if (!lt ||
	    nla_put_u64_64bit(msg, KSRTP_LIFETIME_A_SOFT_PACKETS, p->soft_packets,
			      KSRTP_LIFETIME_A_PAD) ||
	    nla_put_u64_64bit(msg, KSRTP_LIFETIME_A_HARD_PACKETS, p->hard_packets,
			      KSRTP_LIFETIME_A_PAD) ||
	    nla_put_u32(msg, KSRTP_LIFETIME_A_SOFT_SECONDS, p->soft_seconds) ||
	    nla_put_u32(msg, KSRTP_LIFETIME_A_HARD_SECONDS, p->hard_seconds))
		goto cancel;
	nla_nest_end(msg, lt);

	rcu_read_lock();
	for (slot = KSRTP_KEY_SLOT_CURRENT; slot <= KSRTP_KEY_SLOT_NEXT; slot++) {
		struct ksrtp_key *key = rcu_dereference(sa->st->key[slot]);
		const char *drv;

		if (!key)
			continue;
		if (ksrtp_nl_put_key(msg, slot, key))
			goto cancel_rcu;
		if (slot != KSRTP_KEY_SLOT_CURRENT)
			continue;
		drv = ksrtp_xform_cipher_driver(&key->rtp);
		if (drv && nla_put_string(msg, KSRTP_SA_A_CIPHER_DRIVER, drv))
			goto cancel_rcu;
		drv = ksrtp_xform_auth_driver(&key->rtp);
		if (drv && nla_put_string(msg, KSRTP_SA_A_AUTH_DRIVER, drv))
			goto cancel_rcu;
	}
	rcu_read_unlock();

	ksrtp_stats_sum(sa->st, c);
	if (ksrtp_nl_put_stats(msg, KSRTP_SA_A_STATS, c, READ_ONCE(sa->st->last_seen)))
		goto cancel;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
cancel_rcu:
	rcu_read_unlock();
cancel:
	genlmsg_cancel(msg, hdr);
	return err;
}

static int ksrtp_nl_reply_sa(struct genl_info *info, struct ksrtp_sa *sa)
{
	struct sk_buff *msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = ksrtp_nl_fill_sa(msg, sa, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Parse a key nest for an SA of @suite with MKIs of @mki_len octets. */
static int ksrtp_nl_parse_key(struct nlattr *attr, const struct ksrtp_suite_info *suite,
			      u8 mki_len, struct ksrtp_key_params *kp, u8 *slot,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[KSRTP_KEY_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, KSRTP_KEY_A_MAX, attr, ksrtp_key_policy, extack);
	if (err)
		return err;
	memset(kp, 0, sizeof(*kp));
	*slot = tb[KSRTP_KEY_A_SLOT] ? nla_get_u8(tb[KSRTP_KEY_A_SLOT]) : KSRTP_KEY_SLOT_CURRENT;
	if (!tb[KSRTP_KEY_A_MASTER_KEY] || !tb[KSRTP_KEY_A_MASTER_SALT]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a key needs KSRTP_KEY_A_MASTER_KEY and KSRTP_KEY_A_MASTER_SALT");
		return -EINVAL;
	}
	if (nla_len(tb[KSRTP_KEY_A_MASTER_KEY]) != suite->key_len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_KEY_A_MASTER_KEY],
				    "master key length does not fit the suite (16 octets; 32 for AEAD_AES_256_GCM)");
		return -EINVAL;
	}
	if (nla_len(tb[KSRTP_KEY_A_MASTER_SALT]) != suite->salt_len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_KEY_A_MASTER_SALT],
				    "master salt length does not fit the suite (14 octets for AES-CM, 12 for AEAD)");
		return -EINVAL;
	}
	if (mki_len && !tb[KSRTP_KEY_A_MKI]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the SA uses MKIs: the key needs KSRTP_KEY_A_MKI");
		return -EINVAL;
	}
	if (tb[KSRTP_KEY_A_MKI] && nla_len(tb[KSRTP_KEY_A_MKI]) != mki_len) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_KEY_A_MKI],
				    "MKI length differs from the SA's KSRTP_SA_A_MKI_LEN");
		return -EINVAL;
	}
	if (tb[KSRTP_KEY_A_KDR] && nla_get_u8(tb[KSRTP_KEY_A_KDR])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_KEY_A_KDR],
				    "only key derivation rate 0 (derive once) is supported");
		return -EOPNOTSUPP;
	}
	nla_memcpy(kp->master_key, tb[KSRTP_KEY_A_MASTER_KEY], sizeof(kp->master_key));
	nla_memcpy(kp->master_salt, tb[KSRTP_KEY_A_MASTER_SALT], sizeof(kp->master_salt));
	kp->key_len = suite->key_len;
	kp->salt_len = suite->salt_len;
	kp->mki_len = mki_len;
	if (mki_len)
		nla_memcpy(kp->mki, tb[KSRTP_KEY_A_MKI], sizeof(kp->mki));
	if (tb[KSRTP_KEY_A_ID])
		kp->key_id = nla_get_u32(tb[KSRTP_KEY_A_ID]);
	return 0;
}

static struct ksrtp_key *ksrtp_nl_key_create(const struct ksrtp_suite_info *suite,
					     struct ksrtp_key_params *kp, bool rtcp,
					     struct nlattr *attr, struct netlink_ext_ack *extack)
{
	struct ksrtp_key *key = ksrtp_key_create(suite, kp, rtcp);

	memzero_explicit(kp, sizeof(*kp));
	if (IS_ERR(key))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "cannot set up the suite's crypto transforms (is the AES/GCM/HMAC-SHA1 support loaded?)");
	return key;
}

static int ksrtp_nl_addr(struct nlattr *attr, u16 family, __be32 *out,
			 struct netlink_ext_ack *extack)
{
	if (nla_len(attr) != ksrtp_alen(family)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address length does not fit the family (4 octets for AF_INET, 16 for AF_INET6)");
		return -EINVAL;
	}
	memset(out, 0, 16);
	nla_memcpy(out, attr, 16);
	return 0;
}

/* Fill @sa's selector and parameters from @tb; sa->st is not touched. */
static int ksrtp_nl_sa_build(struct ksrtp_sa *sa, struct nlattr *sa_attr, struct nlattr **tb,
			     struct netlink_ext_ack *extack)
{
	struct ksrtp_sel *sel = &sa->sel;
	struct ksrtp_params *p = &sa->p;
	static const int required[] = {
		KSRTP_SA_A_DIR, KSRTP_SA_A_FAMILY, KSRTP_SA_A_DADDR, KSRTP_SA_A_DPORT,
		KSRTP_SA_A_SUITE,
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(required); i++) {
		if (!tb[required[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, sa_attr,
					    "a new SA needs KSRTP_SA_A_DIR, _FAMILY, _DADDR, _DPORT and _SUITE");
			return -EINVAL;
		}
	}
	sel->dir = nla_get_u8(tb[KSRTP_SA_A_DIR]);
	sel->family = nla_get_u16(tb[KSRTP_SA_A_FAMILY]);
	if (sel->family != AF_INET && sel->family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	err = ksrtp_nl_addr(tb[KSRTP_SA_A_DADDR], sel->family, sel->daddr, extack);
	if (err)
		return err;
	sel->dport = nla_get_be16(tb[KSRTP_SA_A_DPORT]);
	if (!sel->dport) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_DPORT], "destination port must not be 0");
		return -EINVAL;
	}
	if (tb[KSRTP_SA_A_SADDR]) {
		err = ksrtp_nl_addr(tb[KSRTP_SA_A_SADDR], sel->family, sel->saddr, extack);
		if (err)
			return err;
		sel->has_saddr = true;
	}
	if (tb[KSRTP_SA_A_SPORT]) {
		sel->sport = nla_get_be16(tb[KSRTP_SA_A_SPORT]);
		sel->has_sport = true;
	}
	if (tb[KSRTP_SA_A_SSRC]) {
		sel->ssrc = nla_get_u32(tb[KSRTP_SA_A_SSRC]);
		sel->has_ssrc = true;
	}
	if (tb[KSRTP_SA_A_IFINDEX])
		sel->ifindex = nla_get_u32(tb[KSRTP_SA_A_IFINDEX]);

	p->replay_window = tb[KSRTP_SA_A_REPLAY_WINDOW] ?
		nla_get_u32(tb[KSRTP_SA_A_REPLAY_WINDOW]) : KSRTP_DEFAULT_REPLAY_WINDOW;
	p->roc = tb[KSRTP_SA_A_ROC] ? nla_get_u32(tb[KSRTP_SA_A_ROC]) : 0;
	p->mki_len = tb[KSRTP_SA_A_MKI_LEN] ? nla_get_u8(tb[KSRTP_SA_A_MKI_LEN]) : 0;
	p->rtcp = tb[KSRTP_SA_A_RTCP] ? nla_get_u8(tb[KSRTP_SA_A_RTCP]) : KSRTP_RTCP_NONE;
	p->max_streams = tb[KSRTP_SA_A_MAX_STREAMS] ?
		nla_get_u32(tb[KSRTP_SA_A_MAX_STREAMS]) : KSRTP_DEFAULT_MAX_STREAMS;
	p->stream_idle = tb[KSRTP_SA_A_STREAM_IDLE] ?
		nla_get_u32(tb[KSRTP_SA_A_STREAM_IDLE]) : KSRTP_DEFAULT_STREAM_IDLE;
	if (p->rtcp == KSRTP_RTCP_PORT && ntohs(sel->dport) == 65535) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_RTCP],
				    "RTCP on port + 1 needs a destination port below 65535");
		return -EINVAL;
	}
	if (tb[KSRTP_SA_A_LIFETIME]) {
		struct nlattr *lt[KSRTP_LIFETIME_A_MAX + 1];

		err = nla_parse_nested(lt, KSRTP_LIFETIME_A_MAX, tb[KSRTP_SA_A_LIFETIME],
				       ksrtp_lifetime_policy, extack);
		if (err)
			return err;
		if (lt[KSRTP_LIFETIME_A_SOFT_PACKETS])
			p->soft_packets = nla_get_u64(lt[KSRTP_LIFETIME_A_SOFT_PACKETS]);
		if (lt[KSRTP_LIFETIME_A_HARD_PACKETS])
			p->hard_packets = nla_get_u64(lt[KSRTP_LIFETIME_A_HARD_PACKETS]);
		if (lt[KSRTP_LIFETIME_A_SOFT_SECONDS])
			p->soft_seconds = nla_get_u32(lt[KSRTP_LIFETIME_A_SOFT_SECONDS]);
		if (lt[KSRTP_LIFETIME_A_HARD_SECONDS])
			p->hard_seconds = nla_get_u32(lt[KSRTP_LIFETIME_A_HARD_SECONDS]);
		if ((p->soft_packets && p->hard_packets && p->soft_packets > p->hard_packets) ||
		    (p->soft_seconds && p->hard_seconds && p->soft_seconds > p->hard_seconds)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_LIFETIME],
					    "a soft lifetime must not exceed its hard lifetime");
			return -EINVAL;
		}
	}
	ksrtp_lkey_fill(&sa->lkey, sel->family, sel->daddr, sel->dport, sel->dir);
	return 0;
}

static bool ksrtp_state_fits(const struct ksrtp_state *st, const struct ksrtp_sa *sa,
			     const struct ksrtp_sa *old, const struct ksrtp_suite_info *suite)
{
	return st->suite == suite && st->replay_window == sa->p.replay_window &&
	       st->mki_len == sa->p.mki_len && st->rtcp == sa->p.rtcp &&
	       old->sel.dir == sa->sel.dir;
}

static int ksrtp_nl_sa_new(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	const struct ksrtp_suite_info *suite;
	struct ksrtp_key *key = NULL;
	struct ksrtp_sa *sa, *old = NULL;
	struct ksrtp_key_params kp;
	u8 slot;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, extack);
	if (err)
		return err;
	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return -ENOMEM;
	sa->net = genl_info_net(info);
	err = ksrtp_nl_sa_build(sa, info->attrs[KSRTP_A_SA], tb, extack);
	if (err)
		goto free_sa;
	suite = ksrtp_suite_get(nla_get_u16(tb[KSRTP_SA_A_SUITE]));
	if (tb[KSRTP_SA_A_KEY]) {
		err = ksrtp_nl_parse_key(tb[KSRTP_SA_A_KEY], suite, sa->p.mki_len, &kp, &slot,
					 extack);
		if (err)
			goto free_sa;
		if (slot != KSRTP_KEY_SLOT_CURRENT) {
			memzero_explicit(&kp, sizeof(kp));
			NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_KEY],
					    "SA_NEW installs the CURRENT key; add a NEXT key with KEY_SET");
			err = -EINVAL;
			goto free_sa;
		}
		key = ksrtp_nl_key_create(suite, &kp, sa->p.rtcp != KSRTP_RTCP_NONE,
					  tb[KSRTP_SA_A_KEY], extack);
		if (IS_ERR(key)) {
			err = PTR_ERR(key);
			goto free_sa;
		}
	}

	mutex_lock(&kn->lock);
	if (tb[KSRTP_SA_A_ID]) {
		sa->id = nla_get_u32(tb[KSRTP_SA_A_ID]);
		old = sa->id ? xa_load(&kn->sas, sa->id) : NULL;
	}
	if (old && !(info->nlhdr->nlmsg_flags & NLM_F_REPLACE)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_ID],
				    "an SA with this id exists (set NLM_F_REPLACE to replace it)");
		err = -EEXIST;
		goto unlock;
	}
	if (!key && old && ksrtp_state_fits(old->st, sa, old, suite)) {
		refcount_inc(&old->st->ref);
		sa->st = old->st;
	} else if (!key) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[KSRTP_A_SA],
				    "a key (KSRTP_SA_A_KEY) is required: new SA, or direction, suite, replay window, MKI length or RTCP mode changed");
		err = -EINVAL;
		goto unlock;
	} else {
		sa->st = ksrtp_state_alloc(suite, sa->p.replay_window, sa->p.mki_len, sa->p.rtcp);
		if (!sa->st) {
			err = -ENOMEM;
			goto unlock;
		}
		rcu_assign_pointer(sa->st->key[KSRTP_KEY_SLOT_CURRENT], key);
		key = NULL;
	}
	err = ksrtp_sa_insert(kn, sa, old);
	if (err) {
		if (err == -ENOSPC)
			NL_SET_ERR_MSG(extack, "this namespace has the maximum number of SAs");
		else if (err == -EBUSY)
			NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_ID], "the SA id is in use");
		else
			NL_SET_ERR_MSG(extack, "cannot add the SA (netfilter hooks or memory)");
		ksrtp_state_put(sa->st);
		goto unlock;
	}
	err = ksrtp_nl_reply_sa(info, sa);
	mutex_unlock(&kn->lock);
	return err;
unlock:
	mutex_unlock(&kn->lock);
free_sa:
	if (!IS_ERR_OR_NULL(key))
		ksrtp_key_destroy(key);
	kfree(sa);
	return err;
}

static int ksrtp_nl_sa_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_sa *sa;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, info->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, info->attrs[KSRTP_A_SA], tb, info->extack);
	if (IS_ERR(sa))
		err = PTR_ERR(sa);
	else
		ksrtp_sa_remove(kn, sa);
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_sa_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_sa *sa;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, info->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, info->attrs[KSRTP_A_SA], tb, info->extack);
	err = IS_ERR(sa) ? PTR_ERR(sa) : ksrtp_nl_reply_sa(info, sa);
	mutex_unlock(&kn->lock);
	return err;
}

/* Dump every SA, resuming after the id of the last one sent (cb->args[0]: next id). */
static int ksrtp_nl_sa_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_net(sock_net(skb->sk));
	unsigned long id, start = cb->args[0];
	struct ksrtp_sa *sa;

	if (start > U32_MAX)
		return 0;
	mutex_lock(&kn->lock);
	xa_for_each_start(&kn->sas, id, sa, start) {
		if (ksrtp_nl_fill_sa(skb, sa, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				     NLM_F_MULTI)) {
			cb->args[0] = id;
			goto out;
		}
	}
	cb->args[0] = (unsigned long)U32_MAX + 1;
out:
	mutex_unlock(&kn->lock);
	return skb->len;
}

static int ksrtp_nl_sa_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	u8 dir = KSRTP_DIR_UNSPEC;
	int err;

	if (info->attrs[KSRTP_A_SA]) {
		err = ksrtp_nl_sa_attrs(info->attrs, tb, info->extack);
		if (err)
			return err;
		if (tb[KSRTP_SA_A_DIR])
			dir = nla_get_u8(tb[KSRTP_SA_A_DIR]);
	}
	mutex_lock(&kn->lock);
	ksrtp_sa_flush(kn, dir);
	mutex_unlock(&kn->lock);
	return 0;
}

static int ksrtp_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_key_params kp;
	struct ksrtp_key *key, *cur;
	struct ksrtp_state *st;
	struct ksrtp_sa *sa;
	u8 slot;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, extack);
	if (err)
		return err;
	if (!tb[KSRTP_SA_A_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[KSRTP_A_SA],
				    "KEY_SET needs the key (KSRTP_SA_A_KEY)");
		return -EINVAL;
	}
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, info->attrs[KSRTP_A_SA], tb, extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto unlock;
	}
	st = sa->st;
	err = ksrtp_nl_parse_key(tb[KSRTP_SA_A_KEY], st->suite, st->mki_len, &kp, &slot, extack);
	if (err)
		goto unlock;
	cur = rcu_dereference_protected(st->key[KSRTP_KEY_SLOT_CURRENT],
					lockdep_is_held(&kn->lock));
	if (slot == KSRTP_KEY_SLOT_NEXT && st->mki_len && cur &&
	    !memcmp(cur->mki, kp.mki, st->mki_len)) {
		memzero_explicit(&kp, sizeof(kp));
		NL_SET_ERR_MSG_ATTR(extack, tb[KSRTP_SA_A_KEY],
				    "the NEXT key's MKI must differ from the CURRENT key's");
		err = -EINVAL;
		goto unlock;
	}
	key = ksrtp_nl_key_create(st->suite, &kp, st->rtcp != KSRTP_RTCP_NONE,
				  tb[KSRTP_SA_A_KEY], extack);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto unlock;
	}
	ksrtp_key_install(st, slot, key);
	if (slot == KSRTP_KEY_SLOT_CURRENT) {
		ksrtp_streams_reset(st);
		ksrtp_sa_key_changed(sa);
	}
unlock:
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_key_swap(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_sa *sa;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, info->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, info->attrs[KSRTP_A_SA], tb, info->extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
	} else {
		err = ksrtp_key_swap(sa->st);
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, tb[KSRTP_SA_A_ID],
					    "the SA has no NEXT key to swap in (install one with KEY_SET)");
		else
			ksrtp_sa_key_changed(sa);
	}
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_key_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_sa *sa;
	int err;

	err = ksrtp_nl_sa_attrs(info->attrs, tb, info->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, info->attrs[KSRTP_A_SA], tb, info->extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
	} else {
		err = ksrtp_key_remove_next(sa->st);
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, tb[KSRTP_SA_A_ID],
					    "the SA has no NEXT key to delete");
	}
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_fill_stream(struct sk_buff *msg, struct ksrtp_sa *sa, struct ksrtp_stream *s,
				u32 portid, u32 seq)
{
	u64 c[KSRTP_STATS_A_MAX + 1] = {};
	struct nlattr *nest;
	u64 top, rtcp_top;
	void *hdr;

	spin_lock_bh(&s->lock);
	top = s->rtp_top;
	rtcp_top = s->rtcp_top;
	c[KSRTP_STATS_A_PACKETS] = s->packets;
	c[KSRTP_STATS_A_BYTES] = s->bytes;
	c[KSRTP_STATS_A_REPLAY] = s->replay;
	c[KSRTP_STATS_A_RTCP_PACKETS] = s->rtcp_packets;
	c[KSRTP_STATS_A_ROC_ROLLOVER] = s->rollovers;
	spin_unlock_bh(&s->lock);

	hdr = genlmsg_put(msg, portid, seq, &ksrtp_genl_family, NLM_F_MULTI,
			  KSRTP_CMD_STREAM_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, KSRTP_A_STREAM);
	if (!nest ||
	    nla_put_u32(msg, KSRTP_STREAM_A_SA_ID, sa->id) ||
	    nla_put_u32(msg, KSRTP_STREAM_A_SSRC, s->ssrc) ||
	    nla_put_u32(msg, KSRTP_STREAM_A_ROC, top >> 16) ||
	    nla_put_u32(msg, KSRTP_STREAM_A_SEQ, top & 0xffff) ||
	    nla_put(msg, KSRTP_STREAM_A_SADDR, ksrtp_alen(sa->sel.family), s->saddr) ||
	    nla_put_be16(msg, KSRTP_STREAM_A_SPORT, s->sport) ||
	    nla_put_u32(msg, KSRTP_STREAM_A_SRTCP_INDEX, (u32)rtcp_top) ||
	    ksrtp_nl_put_stats(msg, KSRTP_STREAM_A_STATS, c, READ_ONCE(s->last_seen))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
}

/* Dump the streams of one SA, resuming after the last SSRC sent (cb->args[0]). */
static int ksrtp_nl_stream_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ksrtp_net *kn = ksrtp_net(sock_net(skb->sk));
	struct nlattr **attrs = ksrtp_dump_attrs(cb);
	unsigned long ssrc, start = cb->args[0];
	struct nlattr *tb[KSRTP_SA_A_MAX + 1];
	struct ksrtp_stream *s;
	struct ksrtp_sa *sa;
	int err;

	if (start > U32_MAX)
		return 0;
	err = ksrtp_nl_sa_attrs(attrs, tb, cb->extack);
	if (err)
		return err;
	mutex_lock(&kn->lock);
	sa = ksrtp_nl_sa_by_id(kn, attrs[KSRTP_A_SA], tb, cb->extack);
	if (IS_ERR(sa)) {
		err = PTR_ERR(sa);
		goto out;
	}
	xa_for_each_start(&sa->st->streams, ssrc, s, start) {
		if (ksrtp_nl_fill_stream(skb, sa, s, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq)) {
			cb->args[0] = ssrc;
			err = skb->len;
			goto out;
		}
	}
	cb->args[0] = (unsigned long)U32_MAX + 1;
	err = skb->len;
out:
	mutex_unlock(&kn->lock);
	return err;
}

static int ksrtp_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ksrtp_net *kn = ksrtp_net(genl_info_net(info));
	char *cipher, *auth;
	struct nlattr *nest, *sn;
	struct sk_buff *msg;
	unsigned int id;
	void *hdr;
	u32 nsas;

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	cipher = kmalloc(2 * KSRTP_DRIVER_NAME_LEN, GFP_KERNEL);
	if (!msg || !cipher)
		goto nomem;
	auth = cipher + KSRTP_DRIVER_NAME_LEN;
	mutex_lock(&kn->lock);
	nsas = kn->nsas;
	mutex_unlock(&kn->lock);
	/* Drivers may have been loaded since: report (and later use) the best ones now. */
	ksrtp_crypto_probe();
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq, &ksrtp_genl_family, 0,
			  KSRTP_CMD_INFO_GET);
	if (!hdr)
		goto nomem;
	nest = nla_nest_start(msg, KSRTP_A_INFO);
	if (!nest ||
	    nla_put_string(msg, KSRTP_INFO_A_VERSION, KSRTP_VERSION) ||
	    nla_put_u32(msg, KSRTP_INFO_A_GENL_VERSION, KSRTP_GENL_VERSION) ||
	    nla_put_u8(msg, KSRTP_INFO_A_SELFTEST, ksrtp_selftest_passed) ||
	    nla_put_u32(msg, KSRTP_INFO_A_NUM_SAS, nsas) ||
	    nla_put_u32(msg, KSRTP_INFO_A_MAX_SAS, KSRTP_MAX_SAS))
		goto nomem;
	for (id = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80; id <= KSRTP_SUITE_MAX; id++) {
		const struct ksrtp_suite_info *suite = ksrtp_suite_get(id);

		ksrtp_suite_drivers(suite, cipher, auth, KSRTP_DRIVER_NAME_LEN);
		sn = nla_nest_start(msg, KSRTP_INFO_A_SUITE);
		if (!sn ||
		    nla_put_u16(msg, KSRTP_INFO_SUITE_A_SUITE, id) ||
		    nla_put_string(msg, KSRTP_INFO_SUITE_A_NAME, suite->name) ||
		    (cipher[0] && nla_put_string(msg, KSRTP_INFO_SUITE_A_CIPHER_DRIVER, cipher)) ||
		    (auth[0] && nla_put_string(msg, KSRTP_INFO_SUITE_A_AUTH_DRIVER, auth)))
			goto nomem;
		nla_nest_end(msg, sn);
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	kfree(cipher);
	return genlmsg_reply(msg, info);
nomem:
	kfree(cipher);
	nlmsg_free(msg);
	return -ENOMEM;
}

static const struct genl_ops ksrtp_genl_ops[] = {
	{
		.cmd = KSRTP_CMD_INFO_GET,
		.doit = ksrtp_nl_info_get,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_SA_NEW,
		.doit = ksrtp_nl_sa_new,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_SA_DEL,
		.doit = ksrtp_nl_sa_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_SA_GET,
		.doit = ksrtp_nl_sa_get,
		.dumpit = ksrtp_nl_sa_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_SA_FLUSH,
		.doit = ksrtp_nl_sa_flush,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_SET,
		.doit = ksrtp_nl_key_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_SWAP,
		.doit = ksrtp_nl_key_swap,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_KEY_DEL,
		.doit = ksrtp_nl_key_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = KSRTP_CMD_STREAM_GET,
		.dumpit = ksrtp_nl_stream_dump,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ksrtp_mcgrps[] = {
	KSRTP_MCGRP(KSRTP_MCGRP_EVENTS),
};

struct genl_family ksrtp_genl_family __ro_after_init = {
	.name = KSRTP_GENL_NAME,
	.version = KSRTP_GENL_VERSION,
	.maxattr = KSRTP_A_MAX,
	.policy = ksrtp_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = ksrtp_genl_ops,
	.n_ops = ARRAY_SIZE(ksrtp_genl_ops),
	.resv_start_op = KSRTP_CMD_MAX + 1,
	.mcgrps = ksrtp_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ksrtp_mcgrps),
};

int ksrtp_netlink_init(void)
{
	return genl_register_family(&ksrtp_genl_family);
}

void ksrtp_netlink_exit(void)
{
	genl_unregister_family(&ksrtp_genl_family);
}
