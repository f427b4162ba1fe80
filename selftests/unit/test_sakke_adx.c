// SPDX-License-Identifier: GPL-2.0
/*
 * test_sakke_adx.c - test_sakke's checks again with the MULX/ADX arithmetic forced
 * (KSRTP_SAKKE_GENERIC=adx: no AVX-512 IFMA, the 64-bit MULX/ADX Montgomery code and its lazily
 * reduced F_p2 products), which is what a CPU without IFMA runs, so that this path is tested on
 * a CPU that has IFMA. Under valgrind, which hides ADX, test_sakke runs the portable code.
 * Skipped where the CPU has no BMI2/ADX (test_sakke_generic covers the portable code there).
 */
#define TEST_SAKKE_NO_MAIN
#include "test_sakke.c"

int main(int argc, char **argv)
{
	(void)argc;
	return test_sakke_variant(
		argv, "adx", "64-bit MULX/ADX",
		"valgrind hides MULX/ADX: test_sakke runs the portable code there");
}
