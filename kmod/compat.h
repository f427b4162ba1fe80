/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel APIs ksrtp supports (6.1 .. 6.12), in one place.
 */
#ifndef _KSRTP_COMPAT_H
#define _KSRTP_COMPAT_H

#include <linux/version.h>
#include <net/genetlink.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#include <net/gso.h>
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* Parsed top-level attributes of a dump request. */
static inline struct nlattr **ksrtp_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* Multicast group that only CAP_NET_ADMIN (in the netns's user namespace) may join. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define KSRTP_MCGRP(_name) { .name = (_name), .flags = GENL_MCAST_CAP_NET_ADMIN }
#else
#define KSRTP_MCGRP(_name) { .name = (_name) }
#endif

#endif /* _KSRTP_COMPAT_H */
