/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SELFTEST_H
#define _KSRTP_SELFTEST_H

#include <linux/types.h>

#include "sa.h"

struct sk_buff;

extern u8 ksrtp_selftest_passed;

int ksrtp_selftest(void);

/* A stand-alone SA over given session keys (self-tests, benchmark). */
struct ksrtp_test_sa {
	struct ksrtp_sa sa;
	struct ksrtp_key *key;
};

int ksrtp_test_sa_init(struct ksrtp_test_sa *t, const struct ksrtp_suite_info *suite,
		       const u8 *key, const u8 *auth_key, const u8 *salt);
void ksrtp_test_sa_release(struct ksrtp_test_sa *t);
int ksrtp_test_xfrm(struct ksrtp_sa *sa, struct sk_buff *skb, bool protect);

#endif /* _KSRTP_SELFTEST_H */
