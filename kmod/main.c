// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp - SRTP for UDP media in the kernel, keyed over generic netlink.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ksrtp.h>

static int __init ksrtp_init(void)
{
	pr_debug("loaded, genl family %s v%d\n", KSRTP_GENL_NAME, KSRTP_GENL_VERSION);
	return 0;
}

static void __exit ksrtp_exit(void)
{
}

module_init(ksrtp_init);
module_exit(ksrtp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRTP for UDP media, keyed over generic netlink");
MODULE_AUTHOR("ksrtp developers");
