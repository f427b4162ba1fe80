// SPDX-License-Identifier: GPL-2.0
/*
 * nl_lib - libksrtp's netlink client (ksrtp/nl.h), the API the keying daemon uses, against the
 * real module: every SA field written comes back from SA_GET; the kernel chooses ids; EEXIST,
 * ENOENT and invalid keys come back as their codes with the kernel's extended-ack message;
 * make-before-break key slots; a 2,000-SA dump through the callback; flush by direction; and
 * events: lifetime expiry delivered with SA and key ids, a request on an event handle refused,
 * and a receive-buffer overrun reported as KSRTP_ENL_LOST after which a dump resynchronises.
 * Each test runs in its own network namespace. Uses the kernel's kselftest_harness.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ksrtp/err.h>
#include <ksrtp/nl.h>

#include "kselftest_harness.h"

static void cm_key(struct ksrtp_nl_key *k, uint8_t fill, uint32_t key_id)
{
	memset(k, 0, sizeof(*k));
	memset(k->master_key, fill, 16);
	k->master_key_len = 16;
	memset(k->master_salt, fill ^ 0x5a, 14);
	k->master_salt_len = 14;
	k->key_id = key_id;
	k->has = KSRTP_NL_KEY_ID;
}

static void v4_sa(struct ksrtp_nl_sa *sa, uint32_t id, uint8_t dir, uint32_t group)
{
	memset(sa, 0, sizeof(*sa));
	sa->id = id;
	sa->dir = dir;
	sa->family = AF_INET;
	group = htonl(group);
	memcpy(sa->daddr, &group, 4);
	sa->dport = 5004;
	sa->suite = KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80;
}

FIXTURE(nl)
{
	struct ksrtp_nl *nl;
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, system("modprobe ksrtp"));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, ksrtp_nl_open(&self->nl));
}

FIXTURE_TEARDOWN(nl)
{
	ksrtp_nl_close(self->nl);
}

TEST_F(nl, info)
{
	struct ksrtp_nl_info in;

	ASSERT_EQ(0, ksrtp_nl_info_get(self->nl, &in)) TH_LOG("%s", ksrtp_nl_detail(self->nl));
	EXPECT_EQ(KSRTP_GENL_VERSION, ksrtp_nl_family_version(self->nl));
	EXPECT_EQ(1, in.selftest);
	EXPECT_EQ(0, in.num_sas);
	EXPECT_GT(in.max_sas, 10000);
	EXPECT_EQ(4, in.num_suites);
	EXPECT_STREQ("AEAD_AES_256_GCM", in.suites[3].name);
	EXPECT_NE(0, in.suites[0].cipher_driver[0]);
	EXPECT_NE(0, in.suites[0].auth_driver[0]);
}

TEST_F(nl, sa_round_trip)
{
	struct ksrtp_nl_sa sa, got;
	struct ksrtp_nl_key key;
	uint8_t d6[16] = {0xff, 0x0e, [15] = 3}, s6[16] = {0xfd, [15] = 1};
	uint32_t id = 0;

	memset(&sa, 0, sizeof(sa));
	sa.dir = KSRTP_DIR_UNPROTECT;
	sa.family = AF_INET6;
	memcpy(sa.daddr, d6, 16);
	sa.dport = 5008;
	memcpy(sa.saddr, s6, 16);
	sa.sport = 7000;
	sa.ssrc = 0x1234;
	sa.suite = KSRTP_SUITE_AEAD_AES_128_GCM;
	sa.replay_window = 1024;
	sa.roc = 3;
	sa.rtcp = KSRTP_RTCP_MUX;
	sa.max_streams = 10;
	sa.stream_idle = 60;
	sa.lifetime = (struct ksrtp_nl_lifetime){1000, 2000, 30, 60};
	sa.has = KSRTP_NL_SA_SADDR | KSRTP_NL_SA_SPORT | KSRTP_NL_SA_SSRC |
		 KSRTP_NL_SA_REPLAY_WINDOW | KSRTP_NL_SA_ROC | KSRTP_NL_SA_RTCP |
		 KSRTP_NL_SA_MAX_STREAMS | KSRTP_NL_SA_STREAM_IDLE | KSRTP_NL_SA_LIFETIME;
	memset(&key, 0, sizeof(key));
	memset(key.master_key, 1, 16);
	key.master_key_len = 16;
	memset(key.master_salt, 2, 12);
	key.master_salt_len = 12;
	key.mki[1] = 7;
	key.mki_len = 2;
	key.key_id = 4242;
	key.has = KSRTP_NL_KEY_ID;

	ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, &id))
	TH_LOG("%s", ksrtp_nl_detail(self->nl));
	ASSERT_NE(0, id);
	ASSERT_EQ(0, ksrtp_nl_sa_get(self->nl, id, &got));
	EXPECT_EQ(id, got.id);
	EXPECT_EQ(KSRTP_DIR_UNPROTECT, got.dir);
	EXPECT_EQ(AF_INET6, got.family);
	EXPECT_EQ(0, memcmp(d6, got.daddr, 16));
	EXPECT_EQ(0, memcmp(s6, got.saddr, 16));
	EXPECT_EQ(5008, got.dport);
	EXPECT_EQ(7000, got.sport);
	EXPECT_EQ(0x1234, got.ssrc);
	EXPECT_EQ(KSRTP_SUITE_AEAD_AES_128_GCM, got.suite);
	EXPECT_EQ(1024, got.replay_window);
	EXPECT_EQ(3, got.roc);
	EXPECT_EQ(2, got.mki_len);
	EXPECT_EQ(KSRTP_RTCP_MUX, got.rtcp);
	EXPECT_EQ(10, got.max_streams);
	EXPECT_EQ(60, got.stream_idle);
	EXPECT_EQ(1000, got.lifetime.soft_packets);
	EXPECT_EQ(2000, got.lifetime.hard_packets);
	EXPECT_EQ(30, got.lifetime.soft_seconds);
	EXPECT_EQ(60, got.lifetime.hard_seconds);
	EXPECT_NE(0, got.cipher_driver[0]);
	ASSERT_EQ(1, got.num_keys);
	EXPECT_EQ(KSRTP_KEY_SLOT_CURRENT, got.keys[0].slot);
	EXPECT_EQ(4242, got.keys[0].key_id);
	EXPECT_EQ(2, got.keys[0].mki_len);
	EXPECT_EQ(7, got.keys[0].mki[1]);
	EXPECT_EQ(0, got.keys[0].master_key_len);
	EXPECT_TRUE(got.has & KSRTP_NL_SA_STATS);
	EXPECT_EQ(0, got.stats.v[KSRTP_STATS_A_PACKETS]);
}

TEST_F(nl, errors_carry_errno_and_extack)
{
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_key key;
	uint32_t id;

	v4_sa(&sa, 5, KSRTP_DIR_PROTECT, 0xef010101);
	cm_key(&key, 0x11, 1);
	ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, &id));
	EXPECT_EQ(5, id);
	EXPECT_EQ(-KSRTP_ENL_EXIST, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	EXPECT_EQ(EEXIST, ksrtp_nl_errno(self->nl));
	sa.dport = 6000;
	EXPECT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, KSRTP_NL_REPLACE, NULL));
	EXPECT_EQ(0, ksrtp_nl_errno(self->nl));

	EXPECT_EQ(-KSRTP_ENL_NOENT, ksrtp_nl_sa_del(self->nl, 999));
	EXPECT_EQ(ENOENT, ksrtp_nl_errno(self->nl));
	EXPECT_EQ(-KSRTP_ENL_NOENT, ksrtp_nl_sa_get(self->nl, 999, &sa));

	/* A GCM suite with an AES-CM key: the kernel says why. */
	v4_sa(&sa, 6, KSRTP_DIR_PROTECT, 0xef010102);
	sa.suite = KSRTP_SUITE_AEAD_AES_256_GCM;
	EXPECT_EQ(-KSRTP_ENL_KERNEL, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	EXPECT_EQ(EINVAL, ksrtp_nl_errno(self->nl));
	EXPECT_NE(0, ksrtp_nl_detail(self->nl)[0]) TH_LOG("no extended-ack message");
	TH_LOG("kernel said: %s", ksrtp_nl_detail(self->nl));

	/* Caller bugs are caught before anything is sent. */
	key.master_key_len = 0;
	EXPECT_EQ(-KSRTP_EINVAL, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	EXPECT_EQ(-KSRTP_EINVAL, ksrtp_nl_sa_del(self->nl, 0));
}

TEST_F(nl, key_slots)
{
	struct ksrtp_nl_sa sa, got;
	struct ksrtp_nl_key key;

	v4_sa(&sa, 1, KSRTP_DIR_UNPROTECT, 0xef010101);
	cm_key(&key, 0x11, 77);
	ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	cm_key(&key, 0x22, 78);
	key.slot = KSRTP_KEY_SLOT_NEXT;
	ASSERT_EQ(0, ksrtp_nl_key_set(self->nl, 1, &key)) TH_LOG("%s", ksrtp_nl_detail(self->nl));
	ASSERT_EQ(0, ksrtp_nl_sa_get(self->nl, 1, &got));
	ASSERT_EQ(2, got.num_keys);
	EXPECT_EQ(77, got.keys[got.keys[0].slot == KSRTP_KEY_SLOT_CURRENT ? 0 : 1].key_id);
	EXPECT_EQ(78, got.keys[got.keys[0].slot == KSRTP_KEY_SLOT_NEXT ? 0 : 1].key_id);
	ASSERT_EQ(0, ksrtp_nl_key_swap(self->nl, 1));
	ASSERT_EQ(0, ksrtp_nl_sa_get(self->nl, 1, &got));
	ASSERT_EQ(1, got.num_keys);
	EXPECT_EQ(78, got.keys[0].key_id);
	EXPECT_EQ(KSRTP_KEY_SLOT_CURRENT, got.keys[0].slot);
	/* No NEXT key left to swap in or delete. */
	EXPECT_NE(0, ksrtp_nl_key_swap(self->nl, 1));
	EXPECT_NE(0, ksrtp_nl_errno(self->nl));
	ASSERT_EQ(0, ksrtp_nl_key_set(self->nl, 1, &key));
	EXPECT_EQ(0, ksrtp_nl_key_del(self->nl, 1));
	ASSERT_EQ(0, ksrtp_nl_sa_get(self->nl, 1, &got));
	EXPECT_EQ(1, got.num_keys);
}

struct count {
	unsigned n, protect;
	uint8_t *seen;
};

static int count_sa(const struct ksrtp_nl_sa *sa, void *arg)
{
	struct count *c = arg;

	c->n++;
	c->protect += sa->dir == KSRTP_DIR_PROTECT;
	if (sa->id >= 1 && sa->id <= 2000)
		c->seen[sa->id]++;
	return 0;
}

static int stop_at_10(const struct ksrtp_nl_sa *sa, void *arg)
{
	return ++*(unsigned *)arg == 10 ? -KSRTP_ECRYPTO : 0;
}

TEST_F(nl, dump_2000_and_flush)
{
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_key key;
	struct count c = {0};
	struct ksrtp_nl_info in;
	unsigned stopped = 0, distinct = 0;

	c.seen = calloc(2001, 1);
	ASSERT_NE(NULL, c.seen);
	cm_key(&key, 0x33, 9);
	for (uint32_t i = 1; i <= 2000; i++) {
		v4_sa(&sa, i, i % 2 ? KSRTP_DIR_PROTECT : KSRTP_DIR_UNPROTECT, 0xef020000 + i);
		ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	}
	ASSERT_EQ(0, ksrtp_nl_sa_dump(self->nl, count_sa, &c));
	for (int i = 1; i <= 2000; i++)
		distinct += c.seen[i] == 1;
	EXPECT_EQ(2000, c.n);
	EXPECT_EQ(2000, distinct);
	EXPECT_EQ(1000, c.protect);
	/* A callback's error stops the dump and comes back; the handle stays usable. */
	EXPECT_EQ(-KSRTP_ECRYPTO, ksrtp_nl_sa_dump(self->nl, stop_at_10, &stopped));
	EXPECT_EQ(10, stopped);
	ASSERT_EQ(0, ksrtp_nl_sa_flush(self->nl, KSRTP_DIR_UNPROTECT));
	ASSERT_EQ(0, ksrtp_nl_info_get(self->nl, &in));
	EXPECT_EQ(1000, in.num_sas);
	ASSERT_EQ(0, ksrtp_nl_sa_flush(self->nl, 0));
	ASSERT_EQ(0, ksrtp_nl_info_get(self->nl, &in));
	EXPECT_EQ(0, in.num_sas);
	free(c.seen);
}

struct evs {
	unsigned soft, hard, other;
	uint32_t sa_id, key_id;
};

static int on_event(const struct ksrtp_nl_event *ev, void *arg)
{
	struct evs *e = arg;

	if (ev->type == KSRTP_EVENT_SOFT_EXPIRE)
		e->soft++;
	else if (ev->type == KSRTP_EVENT_HARD_EXPIRE)
		e->hard++;
	else
		e->other++;
	e->sa_id = ev->sa_id;
	e->key_id = ev->key_id;
	return 0;
}

TEST_F(nl, lifetime_events)
{
	struct ksrtp_nl *ev;
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_key key;
	struct evs e = {0};
	time_t end;

	ASSERT_EQ(0, ksrtp_nl_open(&ev));
	ASSERT_EQ(0, ksrtp_nl_events_subscribe(ev));
	EXPECT_EQ(-KSRTP_ENL_EVENTS, ksrtp_nl_sa_flush(ev, 0));
	EXPECT_EQ(0, ksrtp_nl_events_read(ev, on_event, &e)) TH_LOG("no event yet");

	v4_sa(&sa, 3, KSRTP_DIR_PROTECT, 0xef030303);
	sa.lifetime.soft_seconds = 1;
	sa.lifetime.hard_seconds = 2;
	sa.has = KSRTP_NL_SA_LIFETIME;
	cm_key(&key, 0x44, 555);
	ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	end = time(NULL) + 10;
	while ((!e.soft || !e.hard) && time(NULL) < end) {
		struct pollfd p = {.fd = ksrtp_nl_fd(ev), .events = POLLIN};

		if (poll(&p, 1, 1000) > 0)
			ASSERT_LE(0, ksrtp_nl_events_read(ev, on_event, &e));
	}
	EXPECT_EQ(1, e.soft);
	EXPECT_EQ(1, e.hard);
	EXPECT_EQ(0, e.other);
	EXPECT_EQ(3, e.sa_id);
	EXPECT_EQ(555, e.key_id);
	EXPECT_EQ(0, ksrtp_nl_events_malformed(ev));
	ksrtp_nl_close(ev);
}

static int count_all(const struct ksrtp_nl_sa *sa, void *arg)
{
	++*(unsigned *)arg;
	return 0;
}

TEST_F(nl, event_overrun_reported)
{
	struct ksrtp_nl *ev;
	struct ksrtp_nl_sa sa;
	struct ksrtp_nl_key key;
	struct evs e = {0};
	int small = 1, ret = 0, lost = 0, lost_errno = 0;
	unsigned n = 0;
	time_t end;

	ASSERT_EQ(0, ksrtp_nl_open(&ev));
	ASSERT_EQ(0, ksrtp_nl_events_subscribe(ev));
	/* The kernel's minimum receive buffer holds a handful of events. */
	ASSERT_EQ(0, setsockopt(ksrtp_nl_fd(ev), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)));
	cm_key(&key, 0x55, 1);
	for (uint32_t i = 1; i <= 300; i++) {
		v4_sa(&sa, i, KSRTP_DIR_PROTECT, 0xef040000 + i);
		sa.lifetime.soft_seconds = 1;
		sa.has = KSRTP_NL_SA_LIFETIME;
		ASSERT_EQ(0, ksrtp_nl_sa_add(self->nl, &sa, &key, 0, NULL));
	}
	sleep(3);
	end = time(NULL) + 5;
	while (time(NULL) < end) {
		ret = ksrtp_nl_events_read(ev, on_event, &e);
		if (ret == -KSRTP_ENL_LOST) {
			lost = 1;
			lost_errno = ksrtp_nl_errno(ev);
		} else if (ret <= 0)
			break;
	}
	EXPECT_EQ(1, lost) TH_LOG("%u soft-expire events, no overrun reported", e.soft);
	EXPECT_EQ(ENOBUFS, lost_errno);
	EXPECT_LT(e.soft, 300);
	EXPECT_GT(e.soft, 0);
	/* Resynchronise: the dump still shows every SA. */
	ASSERT_EQ(0, ksrtp_nl_sa_dump(self->nl, count_all, &n));
	EXPECT_EQ(300, n);
	ksrtp_nl_close(ev);
}

TEST_HARNESS_MAIN
