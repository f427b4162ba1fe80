// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp - SRTP for UDP media in the kernel, keyed over generic netlink.
 *
 * main.c: module init and exit. See README.md and include/uapi/linux/ksrtp.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ksrtp.h>

#include "bench.h"
#include "crypto.h"
#include "events.h"
#include "netlink.h"
#include "sa.h"
#include "selftest.h"

static int __init ksrtp_init(void)
{
	int err;

	err = ksrtp_crypto_init();
	if (err)
		return err;
	err = ksrtp_sa_module_init();
	if (err)
		goto crypto;
	err = ksrtp_netlink_init();
	if (err)
		goto sa;
	ksrtp_events_enable(true);
	err = ksrtp_selftest();
	if (err) {
		err = -ENOKEY;
		goto netlink;
	}
	ksrtp_bench_init();
	ksrtp_sa_debugfs_init();
	pr_debug("loaded, genl family %s v%d\n", KSRTP_GENL_NAME, KSRTP_GENL_VERSION);
	return 0;
netlink:
	ksrtp_events_enable(false);
	ksrtp_netlink_exit();
sa:
	ksrtp_sa_module_exit();
crypto:
	ksrtp_crypto_exit();
	return err;
}

static void __exit ksrtp_exit(void)
{
	ksrtp_bench_exit();
	ksrtp_events_enable(false);
	ksrtp_netlink_exit();
	ksrtp_sa_module_exit();
	ksrtp_crypto_exit();
}

module_init(ksrtp_init);
module_exit(ksrtp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRTP for UDP media, keyed over generic netlink");
MODULE_AUTHOR("ksrtp developers");
MODULE_VERSION(KSRTP_VERSION);
MODULE_ALIAS_GENL_FAMILY(KSRTP_GENL_NAME);
MODULE_SOFTDEP("pre: aesni_intel sha1_ssse3 ghash_clmulni_intel");
