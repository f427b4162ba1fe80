/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_BENCH_H
#define _KSRTP_BENCH_H

void ksrtp_bench_init(void);
void ksrtp_bench_exit(void);

#endif /* _KSRTP_BENCH_H */
