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

struct mon {
	struct ctl *c;
	uint64_t seen;
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

static int print_event(const struct ksrtp_nl_event *ev, void *arg)
{
	struct mon *m = arg;
	char when[40], addr[INET6_ADDRSTRLEN] = "";
	const char *name = ksrtp_nl_event_name(ev->type);
	struct json j;

	if (ev->has & KSRTP_NL_EVENT_SADDR)
		inet_ntop(ev->family, ev->saddr, addr, sizeof(addr));
	now_iso(when, sizeof(when));
	if (m->c->json) {
		json_init(&j, stdout, false);
		json_obj_open(&j, NULL);
		json_str(&j, "time", when);
		json_str(&j, "event", name);
		if (ev->has & KSRTP_NL_EVENT_SA_ID)
			json_u64(&j, "sa", ev->sa_id);
		if (ev->has & KSRTP_NL_EVENT_SSRC)
			json_u64(&j, "ssrc", ev->ssrc);
		if (addr[0])
			json_str(&j, "src", addr);
		if (ev->has & KSRTP_NL_EVENT_SPORT)
			json_u64(&j, "sport", ev->sport);
		if (ev->has & KSRTP_NL_EVENT_COUNT)
			json_u64(&j, "count", ev->count);
		if (ev->has & KSRTP_NL_EVENT_KEY_ID)
			json_u64(&j, "key_id", ev->key_id);
		json_obj_close(&j);
		json_end(&j);
	} else {
		printf("%s %s", when, name);
		if (ev->has & KSRTP_NL_EVENT_SA_ID)
			printf(" sa %u", ev->sa_id);
		if (ev->has & KSRTP_NL_EVENT_SSRC)
			printf(" ssrc 0x%08x", ev->ssrc);
		if (addr[0])
			printf(" src %s", addr);
		if (ev->has & KSRTP_NL_EVENT_SPORT)
			printf(" sport %u", ev->sport);
		if (ev->has & KSRTP_NL_EVENT_COUNT)
			printf(" count %" PRIu64, ev->count);
		if (ev->has & KSRTP_NL_EVENT_KEY_ID)
			printf(" key-id %u", ev->key_id);
		printf("\n");
	}
	fflush(stdout);
	m->seen++;
	return 0;
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
	ret = ksrtp_nl_events_subscribe(c->nl);
	if (ret) {
		ctl_nl_perror(c, ret, "cannot subscribe to ksrtp events");
		return 1;
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		ctl_err(c, "signalfd: %s", strerror(errno));
		return 1;
	}
	if (timeout)
		deadline = now_ms() + (int64_t)timeout * 1000;
	fprintf(stderr, "ksrtpctl: monitoring ksrtp events%s\n",
		isatty(STDOUT_FILENO) ? " (Ctrl-C to stop)" : "");
	while (!count || m.seen < count) {
		struct pollfd p[2] = {{.fd = ksrtp_nl_fd(c->nl), .events = POLLIN},
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
			uint64_t bad = ksrtp_nl_events_malformed(c->nl);

			ret = ksrtp_nl_events_read(c->nl, print_event, &m);
			if (ksrtp_nl_events_malformed(c->nl) != bad)
				ctl_err(c, "malformed event from the kernel (ignored): %s",
					ksrtp_nl_detail(c->nl));
			if (ret == -KSRTP_ENL_LOST) {
				/* We were too slow: say so and go on. */
				ctl_err(c, "receiving events: some events were lost");
			} else if (ret < 0) {
				ctl_nl_perror(c, ret, "receiving events");
				rc = 1;
				break;
			}
		}
	}
	close(sfd);
	if (count && m.seen < count && !rc) {
		ctl_err(c, "monitor: saw %" PRIu64 " of %" PRIu64 " events before stopping", m.seen,
			count);
		rc = 1;
	}
	return rc;
}
