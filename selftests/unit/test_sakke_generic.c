// SPDX-License-Identifier: GPL-2.0
/*
 * test_sakke_generic.c - test_sakke's checks again with the portable C arithmetic forced
 * (KSRTP_SAKKE_GENERIC=1: no MULX/ADX multiplier, no AVX-512 IFMA), so that both code paths
 * are tested on a CPU that has the extensions. Under valgrind (which hides those CPU features
 * anyway) test_sakke already runs this code: skipped there.
 */
#define TEST_SAKKE_NO_MAIN
#include "test_sakke.c"

int main(int argc, char **argv)
{
	(void)argc;
	return test_sakke_variant(argv, "1", "portable C",
				  "under valgrind test_sakke runs the generic code already");
}
