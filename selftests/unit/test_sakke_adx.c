// SPDX-License-Identifier: GPL-2.0
/*
 * test_sakke_adx.c - test_sakke's checks again with the MULX/ADX arithmetic forced
 * (KSRTP_SAKKE_GENERIC=adx: no AVX-512 IFMA, the 64-bit MULX/ADX Montgomery code and its lazily
 * reduced F_p2 products), which is what a CPU without IFMA runs, so that this path is tested on
 * a CPU that has IFMA. Under valgrind, which hides ADX, test_sakke runs the portable code. The
 * library reads the variable when it is loaded, so the program re-executes itself with it set.
 * Skipped where the CPU has no BMI2/ADX (test_sakke_generic covers the portable code there).
 */
#define TEST_SAKKE_NO_MAIN
#include "test_sakke.c"

#include <unistd.h>

int main(int argc, char **argv)
{
	struct tap_vec *v, *m;

	(void)argc;
	if (RUNNING_ON_VALGRIND) {
		printf("1..0 # SKIP valgrind hides MULX/ADX: test_sakke runs the portable code "
		       "there\n");
		return 0;
	}
	if (!getenv("KSRTP_SAKKE_GENERIC")) {
		setenv("KSRTP_SAKKE_GENERIC", "adx", 1);
		execv("/proc/self/exe", argv);
		perror("test_sakke_adx: execv /proc/self/exe");
		return 1;
	}
	if (strcmp(ksrtp_sakke_backend(), "64-bit MULX/ADX") != 0) {
		printf("1..0 # SKIP the CPU has no MULX/ADX (backend: %s)\n",
		       ksrtp_sakke_backend());
		return 0;
	}
	tap_ok(!ksrtp__sk_have_ifma(), "KSRTP_SAKKE_GENERIC=adx turns the IFMA code off");
	v = tap_vec_load("rfc6508-sakke.txt");
	m = tap_vec_load("ts33180-mikey-sakke-imessages.txt");
	test_rfc6508(v);
	test_imessages(m);
	test_pairing_vs_bignum();
	test_fp2_lazy();
	test_combs();
	test_pub_pow();
	test_scalars_and_points(v);
	test_subgroup();
	test_threads();
	test_roundtrips();
	tap_vec_free(v);
	tap_vec_free(m);
	return tap_done();
}
