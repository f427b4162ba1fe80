// SPDX-License-Identifier: GPL-2.0
/*
 * test_sakke_generic.c - test_sakke's checks again with the portable C arithmetic forced
 * (KSRTP_SAKKE_GENERIC=1: no MULX/ADX multiplier, no AVX-512 IFMA), so that both code paths
 * are tested on a CPU that has the extensions. The library reads the variable when it is
 * loaded, so the program re-executes itself with it set. Under valgrind (which hides those
 * CPU features anyway) test_sakke already runs this code: skipped there.
 */
#define TEST_SAKKE_NO_MAIN
#include "test_sakke.c"

#include <unistd.h>

int main(int argc, char **argv)
{
	struct tap_vec *v, *m;

	(void)argc;
	if (RUNNING_ON_VALGRIND) {
		printf("1..0 # SKIP under valgrind test_sakke runs the generic code already\n");
		return 0;
	}
	if (!getenv("KSRTP_SAKKE_GENERIC")) {
		setenv("KSRTP_SAKKE_GENERIC", "1", 1);
		execv("/proc/self/exe", argv);
		perror("test_sakke_generic: execv /proc/self/exe");
		return 1;
	}
	tap_ok(!ksrtp__sk_have_ifma(), "KSRTP_SAKKE_GENERIC=1 turns the IFMA code off");
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
