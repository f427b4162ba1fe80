// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-dropcap - run a command without CAP_NET_ADMIN (still as uid 0), to check that ksrtp
 * refuses unprivileged callers with EPERM.
 *
 *   ksrtp-dropcap CMD [ARGS...]
 *
 * Drops CAP_NET_ADMIN from the bounding set (so that exec as root cannot regain it), and from
 * the effective, permitted and inheritable sets, then execs CMD.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2];
	unsigned idx = CAP_NET_ADMIN / 32, bit = 1u << (CAP_NET_ADMIN % 32);

	if (argc < 2) {
		fprintf(stderr, "usage: ksrtp-dropcap CMD [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_CAPBSET_DROP, CAP_NET_ADMIN, 0, 0, 0)) {
		fprintf(stderr, "ksrtp-dropcap: PR_CAPBSET_DROP: %s\n", strerror(errno));
		return 1;
	}
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (syscall(SYS_capget, &hdr, data)) {
		fprintf(stderr, "ksrtp-dropcap: capget: %s\n", strerror(errno));
		return 1;
	}
	data[idx].effective &= ~bit;
	data[idx].permitted &= ~bit;
	data[idx].inheritable &= ~bit;
	if (syscall(SYS_capset, &hdr, data)) {
		fprintf(stderr, "ksrtp-dropcap: capset: %s\n", strerror(errno));
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "ksrtp-dropcap: %s: %s\n", argv[1], strerror(errno));
	return 127;
}
