// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-nlbad - send one deliberately invalid ksrtp netlink request and print how the kernel
 * answered, for the netlink selftest (ksrtpctl itself refuses most of these before sending).
 *
 *   ksrtp-nlbad CASE        prints "rejected: ERRNO-NAME: <extack message>" and exits 0 when
 *                           the kernel refused the request, "accepted" and exits 1 otherwise
 *   ksrtp-nlbad list        the cases
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/ksrtp.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

static const char *const cases[] = {
	"no-dir",
	"bad-dir",
	"bad-family",
	"daddr-len",
	"no-port",
	"suite-unknown",
	"window-small",
	"window-big",
	"mki-len-big",
	"no-key",
	"key-len",
	"salt-len",
	"gcm-salt-14",
	"mki-mismatch",
	"max-streams-0",
	"rtcp-mode",
	"del-missing",
	"get-missing",
	"key-swap-no-next",
	"kdr-big",
	"key-set-missing-sa",
	NULL,
};

struct result {
	int err;
	bool done;
	char msg[512];
};

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct result *r = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	r->err = e->error;
	r->done = true;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (off < nlh->nlmsg_len &&
		    !nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
			       (int)(nlh->nlmsg_len - off), NULL)) {
			if (tb[NLMSGERR_ATTR_MSG])
				nla_strlcpy(r->msg, tb[NLMSGERR_ATTR_MSG], sizeof(r->msg));
			if (tb[NLMSGERR_ATTR_MISS_TYPE])
				snprintf(r->msg + strlen(r->msg), sizeof(r->msg) - strlen(r->msg),
					 " [missing attribute %u]",
					 nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
		}
	}
	return NL_STOP;
}

static int ack_cb(struct nl_msg *m, void *arg)
{
	((struct result *)arg)->done = true;
	return NL_STOP;
}

static const uint8_t key32[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
				  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static void put_key(struct nl_msg *m, int klen, int slen, const void *mki, int mlen, int kdr)
{
	struct nlattr *k = nla_nest_start(m, KSRTP_SA_A_KEY);

	nla_put(m, KSRTP_KEY_A_MASTER_KEY, klen, key32);
	nla_put(m, KSRTP_KEY_A_MASTER_SALT, slen, key32);
	if (mlen)
		nla_put(m, KSRTP_KEY_A_MKI, mlen, mki);
	if (kdr >= 0)
		nla_put_u8(m, KSRTP_KEY_A_KDR, (uint8_t)kdr);
	nla_nest_end(m, k);
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";
	struct nl_sock *sk;
	struct nl_msg *m;
	struct nl_cb *cb;
	struct nlattr *sa;
	struct result r = {0};
	uint8_t cmd = KSRTP_CMD_SA_NEW;
	uint8_t addr[16] = {239, 1, 2, 3};
	int fam, one = 1, i;

	if (!strcmp(c, "list")) {
		for (i = 0; cases[i]; i++)
			printf("%s\n", cases[i]);
		return 0;
	}
	for (i = 0; cases[i] && strcmp(cases[i], c); i++)
		;
	if (!cases[i]) {
		fprintf(stderr, "usage: ksrtp-nlbad CASE (ksrtp-nlbad list)\n");
		return 2;
	}
	if (!strcmp(c, "del-missing"))
		cmd = KSRTP_CMD_SA_DEL;
	else if (!strcmp(c, "get-missing"))
		cmd = KSRTP_CMD_SA_GET;
	else if (!strcmp(c, "key-swap-no-next"))
		cmd = KSRTP_CMD_KEY_SWAP;
	else if (!strcmp(c, "key-set-missing-sa"))
		cmd = KSRTP_CMD_KEY_SET;

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "ksrtp-nlbad: cannot open a netlink socket\n");
		return 2;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	fam = genl_ctrl_resolve(sk, KSRTP_GENL_NAME);
	if (fam < 0) {
		fprintf(stderr, "ksrtp-nlbad: no ksrtp family (module not loaded)\n");
		return 2;
	}
	m = nlmsg_alloc();
	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, fam, 0, 0, cmd, KSRTP_GENL_VERSION);
	sa = nla_nest_start(m, KSRTP_A_SA);
	/* id 4242 is never created by the test script before these cases run */
	nla_put_u32(m, KSRTP_SA_A_ID, 4242);
	if (cmd == KSRTP_CMD_SA_NEW) {
		int suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80, klen = 16, slen = 14;

		if (strcmp(c, "no-dir"))
			nla_put_u8(m, KSRTP_SA_A_DIR,
				   !strcmp(c, "bad-dir") ? 7 : KSRTP_DIR_PROTECT);
		nla_put_u16(m, KSRTP_SA_A_FAMILY, !strcmp(c, "bad-family") ? 99 : AF_INET);
		nla_put(m, KSRTP_SA_A_DADDR, !strcmp(c, "daddr-len") ? 16 : 4, addr);
		if (strcmp(c, "no-port"))
			nla_put_u16(m, KSRTP_SA_A_DPORT, htons(5004));
		if (!strcmp(c, "suite-unknown"))
			suite = 9;
		if (!strcmp(c, "gcm-salt-14"))
			suite = KSRTP_SUITE_AEAD_AES_128_GCM;
		nla_put_u16(m, KSRTP_SA_A_SUITE, (uint16_t)suite);
		if (!strcmp(c, "window-small"))
			nla_put_u32(m, KSRTP_SA_A_REPLAY_WINDOW, 10);
		if (!strcmp(c, "window-big"))
			nla_put_u32(m, KSRTP_SA_A_REPLAY_WINDOW, 1u << 20);
		if (!strcmp(c, "mki-len-big"))
			nla_put_u8(m, KSRTP_SA_A_MKI_LEN, 5);
		if (!strcmp(c, "mki-mismatch"))
			nla_put_u8(m, KSRTP_SA_A_MKI_LEN, 2);
		if (!strcmp(c, "max-streams-0"))
			nla_put_u32(m, KSRTP_SA_A_MAX_STREAMS, 0);
		if (!strcmp(c, "rtcp-mode"))
			nla_put_u8(m, KSRTP_SA_A_RTCP, 9);
		if (!strcmp(c, "key-len"))
			klen = 15;
		if (!strcmp(c, "salt-len") || !strcmp(c, "gcm-salt-14"))
			slen = !strcmp(c, "salt-len") ? 12 : 14;
		if (strcmp(c, "no-key"))
			put_key(m, klen, slen, "abc", !strcmp(c, "mki-mismatch") ? 3 : 0,
				!strcmp(c, "kdr-big") ? 25 : -1);
	} else if (cmd == KSRTP_CMD_KEY_SET) {
		put_key(m, 16, 14, NULL, 0, -1);
	}
	nla_nest_end(m, sa);

	cb = nl_cb_alloc(NL_CB_CUSTOM);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &r);
	if (nl_send_auto(sk, m) < 0) {
		fprintf(stderr, "ksrtp-nlbad: send failed\n");
		return 2;
	}
	nlmsg_free(m);
	while (!r.done)
		if (nl_recvmsgs(sk, cb) < 0 && !r.done)
			break;
	nl_cb_put(cb);
	nl_socket_free(sk);
	if (r.err < 0) {
		printf("rejected: %s (%d): %s\n",
		       strerrorname_np(-r.err) ? strerrorname_np(-r.err) : "?", -r.err,
		       r.msg[0] ? r.msg : "(no extack message)");
		return 0;
	}
	printf("accepted\n");
	return 1;
}
