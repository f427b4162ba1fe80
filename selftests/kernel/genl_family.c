// SPDX-License-Identifier: GPL-2.0
/*
 * genl_family - the ksrtp generic netlink family as seen from userspace with libnl: it exists
 * once the module is loaded, has the uapi header's version and multicast group, is visible
 * from a new network namespace (netnsok), and rejects a command it does not know.
 * Uses the kernel's kselftest_harness.h (taken from Debian's linux-source at build time).
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/ksrtp.h>

#include "kselftest_harness.h"

static struct nl_sock *connect_genl(void)
{
	struct nl_sock *sk = nl_socket_alloc();

	if (sk && genl_connect(sk)) {
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

FIXTURE(family)
{
	struct nl_sock *sk;
	int id;
};

FIXTURE_SETUP(family)
{
	ASSERT_EQ(0, system("modprobe ksrtp"));
	self->sk = connect_genl();
	ASSERT_NE(NULL, self->sk);
	self->id = genl_ctrl_resolve(self->sk, KSRTP_GENL_NAME);
	ASSERT_GE(self->id, 0)
	TH_LOG("family %s not registered: %s", KSRTP_GENL_NAME, nl_geterror(self->id));
}

FIXTURE_TEARDOWN(family)
{
	if (self->sk)
		nl_socket_free(self->sk);
}

TEST_F(family, version_matches_uapi)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;

	ASSERT_EQ(0, genl_ctrl_alloc_cache(self->sk, &cache));
	fam = genl_ctrl_search_by_name(cache, KSRTP_GENL_NAME);
	ASSERT_NE(NULL, fam);
	EXPECT_EQ(KSRTP_GENL_VERSION, (int)genl_family_get_version(fam));
	genl_family_put(fam);
	nl_cache_free(cache);
}

TEST_F(family, events_group_exists)
{
	int grp = genl_ctrl_resolve_grp(self->sk, KSRTP_GENL_NAME, KSRTP_MCGRP_EVENTS);

	ASSERT_GE(grp, 0) TH_LOG("multicast group %s: %s", KSRTP_MCGRP_EVENTS, nl_geterror(grp));
}

TEST_F(family, unknown_command_rejected)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	ASSERT_NE(NULL, msg);
	ASSERT_NE(NULL, genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, self->id, 0, NLM_F_REQUEST, 250,
				    KSRTP_GENL_VERSION));
	err = nl_send_auto(self->sk, msg);
	ASSERT_GE(err, 0);
	nlmsg_free(msg);
	err = nl_wait_for_ack(self->sk);
	/* libnl maps EOPNOTSUPP to NLE_OPNOTSUPP. */
	EXPECT_EQ(-NLE_OPNOTSUPP, err) TH_LOG("got %d (%s)", err, nl_geterror(err));
}

TEST_F(family, visible_in_new_netns)
{
	pid_t pid = fork();
	int status;

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct nl_sock *sk;

		if (unshare(CLONE_NEWNET))
			_exit(2);
		sk = connect_genl();
		if (!sk)
			_exit(3);
		_exit(genl_ctrl_resolve(sk, KSRTP_GENL_NAME) >= 0 ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
	TH_LOG("status 4: the family is not visible in a new netns (netnsok?)");
}

TEST_HARNESS_MAIN
