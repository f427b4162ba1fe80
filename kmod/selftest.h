/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_SELFTEST_H
#define _KSRTP_SELFTEST_H

#include <linux/types.h>

extern u8 ksrtp_selftest_passed;

int ksrtp_selftest(void);

#endif /* _KSRTP_SELFTEST_H */
