// SPDX-License-Identifier: GPL-2.0
/*
 * monitor.c - `ksrtpctl monitor`: subscribe to the "events" multicast group and print each
 * event (lifetime expiry, index exhaustion, SSRC collision, authentication failures,
 * automatic key swap) with its time, until SIGINT/SIGTERM, --count N or --timeout S.
 */
#include "ksrtpctl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/ksrtp.h>

#include <netlink/socket.h>

static const struct ctl_attr_pol event_pol[KSRTP_EVENT_A_MAX + 1] = {
	[KSRTP_EVENT_A_TYPE] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_EVENT_A_SA_ID] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_EVENT_A_SSRC] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_EVENT_A_SADDR] = {CTL_ATTR_BIN, 4, 16},
	[KSRTP_EVENT_A_SPORT] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_EVENT_A_COUNT] = {CTL_ATTR_U64, 8, 8},
	[KSRTP_EVENT_A_KEY_ID] = {CTL_ATTR_U32, 4, 4},
};

struct mon {
	struct ctl *c;
	uint64_t seen;
	int err;
};

static void now_iso(char *buf, size_t n)
{
	struct timespec ts;
	struct tm tm;
	size_t l;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	l = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + l, n - l, ".%03ldZ", ts.tv_nsec / 1000000);
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct mon *m = arg;
	struct ctl *c = m->c;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *top[KSRTP_A_MAX + 1], *tb[KSRTP_EVENT_A_MAX + 1];
	static const struct ctl_attr_pol top_pol[KSRTP_A_MAX + 1] = {
		[KSRTP_A_EVENT] = {CTL_ATTR_NEST, 0, 0},
	};
	struct genlmsghdr *gh;
	char when[40], addr[INET6_ADDRSTRLEN] = "";
	const char *name;
	struct json j;

	if (!genlmsg_valid_hdr(nlh, 0)) {
		ctl_err(c, "malformed event: short generic netlink header (ignored)");
		return NL_SKIP;
	}
	gh = nlmsg_data(nlh);
	if (gh->cmd != KSRTP_CMD_EVENT)
		return NL_SKIP;
	{
		struct nlattr *head = genlmsg_attrdata(gh, 0);
		int len = genlmsg_attrlen(gh, 0), rem;
		struct nlattr *a;

		memset(top, 0, sizeof(top));
		nla_for_each_attr(a, head, len, rem)
		{
			if (nla_type(a) > 0 && nla_type(a) <= KSRTP_A_MAX &&
			    top_pol[nla_type(a)].kind == CTL_ATTR_NEST)
				top[nla_type(a)] = a;
		}
	}
	if (!top[KSRTP_A_EVENT] ||
	    ctl_parse_nest(c, tb, KSRTP_EVENT_A_MAX, top[KSRTP_A_EVENT], event_pol, "event") ||
	    !tb[KSRTP_EVENT_A_TYPE]) {
		ctl_err(c, "malformed event from the kernel (ignored)");
		return NL_SKIP;
	}
	if (tb[KSRTP_EVENT_A_SADDR]) {
		int l = nla_len(tb[KSRTP_EVENT_A_SADDR]);

		if (l == 4 || l == 16)
			inet_ntop(l == 4 ? AF_INET : AF_INET6, nla_data(tb[KSRTP_EVENT_A_SADDR]),
				  addr, sizeof(addr));
	}
	now_iso(when, sizeof(when));
	name = ctl_event_name(nla_get_u32(tb[KSRTP_EVENT_A_TYPE]));
	if (c->json) {
		json_init(&j, stdout, false);
		json_obj_open(&j, NULL);
		json_str(&j, "time", when);
		json_str(&j, "event", name);
		if (tb[KSRTP_EVENT_A_SA_ID])
			json_u64(&j, "sa", nla_get_u32(tb[KSRTP_EVENT_A_SA_ID]));
		if (tb[KSRTP_EVENT_A_SSRC])
			json_u64(&j, "ssrc", nla_get_u32(tb[KSRTP_EVENT_A_SSRC]));
		if (addr[0])
			json_str(&j, "src", addr);
		if (tb[KSRTP_EVENT_A_SPORT])
			json_u64(&j, "sport", ntohs(nla_get_u16(tb[KSRTP_EVENT_A_SPORT])));
		if (tb[KSRTP_EVENT_A_COUNT])
			json_u64(&j, "count", nla_get_u64(tb[KSRTP_EVENT_A_COUNT]));
		if (tb[KSRTP_EVENT_A_KEY_ID])
			json_u64(&j, "key_id", nla_get_u32(tb[KSRTP_EVENT_A_KEY_ID]));
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("%s %s", when, name);
		if (tb[KSRTP_EVENT_A_SA_ID])
			printf(" sa %u", nla_get_u32(tb[KSRTP_EVENT_A_SA_ID]));
		if (tb[KSRTP_EVENT_A_SSRC])
			printf(" ssrc 0x%08x", nla_get_u32(tb[KSRTP_EVENT_A_SSRC]));
		if (addr[0])
			printf(" src %s", addr);
		if (tb[KSRTP_EVENT_A_SPORT])
			printf(" sport %u", ntohs(nla_get_u16(tb[KSRTP_EVENT_A_SPORT])));
		if (tb[KSRTP_EVENT_A_COUNT])
			printf(" count %" PRIu64, nla_get_u64(tb[KSRTP_EVENT_A_COUNT]));
		if (tb[KSRTP_EVENT_A_KEY_ID])
			printf(" key-id %u", nla_get_u32(tb[KSRTP_EVENT_A_KEY_ID]));
		printf("\n");
		fflush(stdout);
	}
	m->seen++;
	return NL_OK;
}

/* Notifications carry sequence number 0: accept every sequence number. */
static int seq_ok(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ctl_cmd_monitor(struct ctl *c, int argc, char **argv)
{
	struct mon m = {.c = c};
	uint64_t count = 0;
	uint32_t timeout = 0;
	int64_t deadline = 0;
	struct nl_cb *cb;
	sigset_t mask;
	int sfd, ret, rc = 0;

	for (int i = 0; i < argc; i++) {
		if (ctl_matches(argv[i], "help") || ctl_matches(argv[i], "--help")) {
			printf("usage: ksrtpctl [-j] monitor [--count N] [--timeout SECONDS]\n"
			       "  print ksrtp events (soft-expire, hard-expire, index-exhaust,\n"
			       "  ssrc-collision, auth-fail, key-swapped) as they happen, one per "
			       "line\n"
			       "  (JSON lines with -j); stops on Ctrl-C, after N events, or after\n"
			       "  SECONDS (exit status 1 if --count events were not all seen)\n");
			return 0;
		}
		if (ctl_matches(argv[i], "--count") || ctl_matches(argv[i], "count")) {
			if (++i >= argc || ctl_parse_u64(c, "--count", argv[i], &count)) {
				if (i >= argc)
					ctl_err(c, "--count needs a number");
				return 1;
			}
		} else if (ctl_matches(argv[i], "--timeout") || ctl_matches(argv[i], "timeout")) {
			if (++i >= argc ||
			    ctl_parse_u32(c, "--timeout", argv[i], 1, 86400 * 365, &timeout)) {
				if (i >= argc)
					ctl_err(c, "--timeout needs seconds");
				return 1;
			}
		} else {
			ctl_err(c, "monitor: unknown argument \"%s\" (--count N, --timeout S)",
				argv[i]);
			return 1;
		}
	}
	if (c->events_grp < 0) {
		ctl_err(c, "the module has no \"%s\" multicast group: check `ksrtpctl info`",
			KSRTP_MCGRP_EVENTS);
		return 1;
	}
	ret = nl_socket_add_membership(c->sk, c->events_grp);
	if (ret < 0) {
		ctl_err(c, "cannot subscribe to ksrtp events: %s", nl_geterror(ret));
		return 1;
	}
	nl_socket_disable_seq_check(c->sk);
	nl_socket_set_nonblocking(c->sk);

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		ctl_err(c, "signalfd: %s", strerror(errno));
		return 1;
	}
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		close(sfd);
		ctl_err(c, "out of memory");
		return 1;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &m);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_ok, NULL);
	if (timeout)
		deadline = now_ms() + (int64_t)timeout * 1000;
	fprintf(stderr, "ksrtpctl: monitoring ksrtp events%s\n",
		isatty(STDOUT_FILENO) ? " (Ctrl-C to stop)" : "");
	while (!count || m.seen < count) {
		struct pollfd p[2] = {{.fd = nl_socket_get_fd(c->sk), .events = POLLIN},
				      {.fd = sfd, .events = POLLIN}};
		int wait = -1;

		if (deadline) {
			int64_t left = deadline - now_ms();

			if (left <= 0)
				break;
			wait = (int)left;
		}
		ret = poll(p, 2, wait);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0) {
			ctl_err(c, "poll: %s", strerror(errno));
			rc = 1;
			break;
		}
		if (p[1].revents)
			break;
		if (p[0].revents & POLLIN) {
			ret = nl_recvmsgs(c->sk, cb);
			if (ret < 0 && ret != -NLE_AGAIN) {
				/* ENOBUFS: events were lost because we were too slow. */
				ctl_err(c, "receiving events: %s%s", nl_geterror(ret),
					ret == -NLE_NOMEM ? " (events were lost)" : "");
				if (ret != -NLE_NOMEM) {
					rc = 1;
					break;
				}
			}
		}
	}
	nl_cb_put(cb);
	close(sfd);
	if (count && m.seen < count && !rc) {
		ctl_err(c, "monitor: saw %" PRIu64 " of %" PRIu64 " events before stopping", m.seen,
			count);
		rc = 1;
	}
	return rc;
}
