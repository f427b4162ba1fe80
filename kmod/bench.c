// SPDX-License-Identifier: GPL-2.0
/*
 * Microbenchmark (debugfs ksrtp/bench), filled in below.
 */
#include "bench.h"

void ksrtp_bench_init(void)
{
}

void ksrtp_bench_exit(void)
{
}
