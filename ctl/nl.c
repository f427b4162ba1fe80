// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - ksrtpctl's generic netlink plumbing on libnl-genl: resolve the "ksrtp" family,
 * send a request, run replies and dumps through a callback with strict attribute checks,
 * and turn kernel errors (with their extended-ack message) into clear messages.
 */
#include "ksrtpctl.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ksrtp.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/socket.h>

#include <openssl/crypto.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

void ctl_err(const struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	fputs("ksrtpctl: ", stderr);
	if (c && c->batch_file)
		fprintf(stderr, "%s:%u: ", c->batch_file, c->batch_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ctl_nl_open(struct ctl *c)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;
	int one = 1, ret;

	c->events_grp = -1;
	c->sk = nl_socket_alloc();
	if (!c->sk) {
		ctl_err(c, "out of memory");
		return -1;
	}
	ret = genl_connect(c->sk);
	if (ret < 0) {
		ctl_err(c, "cannot open a generic netlink socket: %s", nl_geterror(ret));
		goto fail;
	}
	/* Kernel error messages (extended ack), without echoing our request back. */
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(c->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_enable_msg_peek(c->sk);

	ret = genl_ctrl_alloc_cache(c->sk, &cache);
	if (ret < 0) {
		ctl_err(c, "cannot list generic netlink families: %s", nl_geterror(ret));
		goto fail;
	}
	fam = genl_ctrl_search_by_name(cache, KSRTP_GENL_NAME);
	if (!fam) {
		ctl_err(c,
			"the ksrtp kernel module is not loaded (no generic netlink family \"%s\"): "
			"load it with `modprobe ksrtp` or `insmod ksrtp.ko`",
			KSRTP_GENL_NAME);
		goto fail;
	}
	c->family = genl_family_get_id(fam);
	c->family_version = (int)genl_family_get_version(fam);
	genl_family_put(fam);
	nl_cache_free(cache);
	cache = NULL;
	if (c->family_version != KSRTP_GENL_VERSION)
		ctl_err(c,
			"warning: the module speaks ksrtp netlink version %d, this ksrtpctl "
			"version %d: update one of them",
			c->family_version, KSRTP_GENL_VERSION);
	ret = genl_ctrl_resolve_grp(c->sk, KSRTP_GENL_NAME, KSRTP_MCGRP_EVENTS);
	c->events_grp = ret >= 0 ? ret : -1;
	return 0;
fail:
	if (cache)
		nl_cache_free(cache);
	nl_socket_free(c->sk);
	c->sk = NULL;
	return -1;
}

void ctl_nl_close(struct ctl *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

struct nl_msg *ctl_msg(struct ctl *c, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags, cmd,
			 KSRTP_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static const char *kind_name(enum ctl_attr_kind k)
{
	switch (k) {
	case CTL_ATTR_U8: return "u8";
	case CTL_ATTR_U16: return "u16";
	case CTL_ATTR_U32: return "u32";
	case CTL_ATTR_U64: return "u64";
	case CTL_ATTR_BIN: return "binary";
	case CTL_ATTR_STR: return "string";
	case CTL_ATTR_NEST: return "nest";
	default: return "?";
	}
}

static int parse_stream(const struct ctl *c, struct nlattr **tb, int maxtype, struct nlattr *head,
			int len, const struct ctl_attr_pol *pol, const char *what)
{
	struct nlattr *a;
	int rem;

	memset(tb, 0, sizeof(*tb) * (size_t)(maxtype + 1));
	nla_for_each_attr(a, head, len, rem)
	{
		int type = nla_type(a), alen = nla_len(a);
		const struct ctl_attr_pol *p;
		bool ok = true;

		if (type <= 0 || type > maxtype)
			continue;
		p = &pol[type];
		switch (p->kind) {
		case CTL_ATTR_NONE: continue;
		case CTL_ATTR_U8: ok = alen == 1; break;
		case CTL_ATTR_U16: ok = alen == 2; break;
		case CTL_ATTR_U32: ok = alen == 4; break;
		case CTL_ATTR_U64: ok = alen == 8; break;
		case CTL_ATTR_BIN: ok = alen >= p->min && alen <= p->max; break;
		case CTL_ATTR_STR:
			ok = alen >= 1 && alen <= p->max &&
			     memchr(nla_data(a), '\0', (size_t)alen) != NULL;
			break;
		case CTL_ATTR_NEST: ok = true; break;
		}
		if (!ok) {
			ctl_err(c,
				"malformed reply from the kernel: %s attribute %d is %d octets, "
				"not a "
				"valid %s (ksrtpctl and module versions differ?)",
				what, type, alen, kind_name(p->kind));
			return -EPROTO;
		}
		tb[type] = a;
	}
	if (rem != 0) {
		ctl_err(c, "malformed reply from the kernel: %d trailing octets in %s attributes",
			rem, what);
		return -EPROTO;
	}
	return 0;
}

int ctl_parse_nest(const struct ctl *c, struct nlattr **tb, int maxtype, const struct nlattr *nest,
		   const struct ctl_attr_pol *pol, const char *what)
{
	return parse_stream(c, tb, maxtype, nla_data(nest), nla_len(nest), pol, what);
}

static const struct ctl_attr_pol top_pol[KSRTP_A_MAX + 1] = {
	[KSRTP_A_SA] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_A_INFO] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_A_STREAM] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_A_EVENT] = {CTL_ATTR_NEST, 0, 0},
};

struct req_state {
	struct ctl *c;
	ctl_reply_fn fn;
	void *arg;
	bool done;
	int err;
};

/* Extended-ack TLVs that follow an error or a DONE message. */
static void parse_extack(struct ctl *c, struct nlattr *head, int len)
{
	static const struct ctl_attr_pol pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = {CTL_ATTR_STR, 1, 1024},
		[NLMSGERR_ATTR_MISS_TYPE] = {CTL_ATTR_U32, 4, 4},
	};
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0 || parse_stream(c, tb, NLMSGERR_ATTR_MAX, head, len, pol, "extended ack"))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(c->extack, tb[NLMSGERR_ATTR_MSG], sizeof(c->extack));
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		c->extack_miss_type = (int)nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	st->err = e->error < 0 ? e->error : -EPROTO;
	st->done = true;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) && e->msg.nlmsg_len >= NLMSG_HDRLEN)
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (off < nlh->nlmsg_len)
			parse_extack(st->c, (struct nlattr *)((char *)nlh + off),
				     (int)(nlh->nlmsg_len - off));
	}
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;

	st->done = true;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	st->done = true;
	/* A dump that failed part-way reports its error in the DONE message. */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int e;

		memcpy(&e, nlmsg_data(nlh), sizeof(e));
		if (e < 0 && !st->err) {
			st->err = e;
			if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
				parse_extack(st->c,
					     (struct nlattr *)((char *)nlh + NLMSG_HDRLEN +
							       NLMSG_ALIGN(sizeof(int))),
					     (int)(nlh->nlmsg_len - NLMSG_HDRLEN -
						   NLMSG_ALIGN(sizeof(int))));
		}
	}
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct req_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[KSRTP_A_MAX + 1];
	struct genlmsghdr *gh;
	int ret;

	if (st->err)
		return NL_SKIP; /* drain the rest of a dump after an error */
	if (!genlmsg_valid_hdr(nlh, 0)) {
		ctl_err(st->c, "malformed reply from the kernel: short generic netlink header");
		st->err = -EPROTO;
		return NL_SKIP;
	}
	gh = nlmsg_data(nlh);
	ret = parse_stream(st->c, tb, KSRTP_A_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			   top_pol, "top-level");
	if (!ret && st->fn)
		ret = st->fn(st->c, gh->cmd, tb, st->arg);
	if (ret)
		st->err = ret;
	return NL_SKIP;
}

int ctl_request(struct ctl *c, struct nl_msg *msg, ctl_reply_fn fn, void *arg)
{
	struct req_state st = {.c = c, .fn = fn, .arg = arg};
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_cb *cb;
	int ret;

	c->nl_errno = 0;
	c->extack[0] = '\0';
	c->extack_miss_type = -1;
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		OPENSSL_cleanse(nlh, nlh->nlmsg_len);
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &st);

	ret = nl_send_auto(c->sk, msg);
	/* Requests may carry key material: wipe before freeing. */
	OPENSSL_cleanse(nlh, nlh->nlmsg_len);
	nlmsg_free(msg);
	if (ret < 0) {
		st.err = -ECOMM;
		ctl_err(c, "sending to the kernel failed: %s", nl_geterror(ret));
		goto out;
	}
	while (!st.done) {
		ret = nl_recvmsgs(c->sk, cb);
		if (ret < 0 && !st.done) {
			if (!st.err) {
				ctl_err(c, "receiving from the kernel failed: %s",
					nl_geterror(ret));
				st.err = -EPROTO;
			}
			break;
		}
	}
out:
	nl_cb_put(cb);
	c->nl_errno = st.err < 0 ? -st.err : 0;
	return st.err;
}

void ctl_nl_perror(const struct ctl *c, int err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (err == -EPROTO && !c->extack[0])
		return; /* a malformed reply was reported where it was found */
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (c->extack[0])
		ctl_err(c, "%s: %s (%s)", what, c->extack, strerror(-err));
	else
		ctl_err(c, "%s: %s", what, strerror(-err));
	if (c->extack_miss_type >= 0)
		fprintf(stderr,
			"  the kernel says attribute %d is missing: ksrtpctl and module "
			"versions differ?\n",
			c->extack_miss_type);
	switch (-err) {
	case EPERM:
		fprintf(stderr,
			"  ksrtp commands need CAP_NET_ADMIN over the network namespace: run "
			"as root\n");
		break;
	case EOPNOTSUPP:
		fprintf(stderr,
			"  the loaded module does not support this: check `ksrtpctl info`\n");
		break;
	default: break;
	}
}
