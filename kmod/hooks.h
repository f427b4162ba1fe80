/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_HOOKS_H
#define _KSRTP_HOOKS_H

struct net;

int ksrtp_hooks_register(struct net *net);
void ksrtp_hooks_unregister(struct net *net);

#endif /* _KSRTP_HOOKS_H */
