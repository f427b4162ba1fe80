/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_NETLINK_H
#define _KSRTP_NETLINK_H

#include <net/genetlink.h>

#define KSRTP_VERSION "1.0"

extern struct genl_family ksrtp_genl_family;

int ksrtp_netlink_init(void);
void ksrtp_netlink_exit(void);

#endif /* _KSRTP_NETLINK_H */
