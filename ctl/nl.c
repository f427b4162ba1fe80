// SPDX-License-Identifier: GPL-2.0
/*
 * nl.c - ksrtpctl's side of the module's netlink interface: open it (libksrtp's ksrtp/nl.h
 * does the netlink work) and turn its errors, with the kernel's extended-ack message, into
 * clear messages with a hint.
 */
#include "ksrtpctl.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <ksrtp/err.h>

void ctl_err(const struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	fputs("ksrtpctl: ", stderr);
	if (c && c->batch_file)
		fprintf(stderr, "%s:%u: ", c->batch_file, c->batch_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ctl_nl_open(struct ctl *c)
{
	int ret = ksrtp_nl_open(&c->nl);

	if (ret == -KSRTP_ENL_SOCKET) {
		ctl_err(c, "cannot open a generic netlink socket or list the families (is "
			   "this a Linux kernel with generic netlink?)");
		return -1;
	}
	if (ret) {
		ctl_err(c, "%s", ksrtp_strerror(ret));
		return -1;
	}
	if (ksrtp_nl_family_version(c->nl) != KSRTP_GENL_VERSION)
		ctl_err(c,
			"warning: the module speaks ksrtp netlink version %d, this ksrtpctl "
			"version %d: update one of them",
			ksrtp_nl_family_version(c->nl), KSRTP_GENL_VERSION);
	return 0;
}

void ctl_nl_close(struct ctl *c)
{
	ksrtp_nl_close(c->nl);
	c->nl = NULL;
}

void ctl_nl_perror(const struct ctl *c, int err, const char *fmt, ...)
{
	const char *detail = ksrtp_nl_detail(c->nl);
	int e = ksrtp_nl_errno(c->nl);
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	switch (-err) {
	case KSRTP_ENL_KERNEL:
	case KSRTP_ENL_EXIST:
	case KSRTP_ENL_NOENT:
	case KSRTP_ENL_PERM:
		if (detail[0])
			ctl_err(c, "%s: %s (%s)", what, detail, strerror(e));
		else
			ctl_err(c, "%s: %s", what, strerror(e));
		break;
	case KSRTP_ENL_PROTO:
		ctl_err(c,
			"%s: malformed reply from the kernel: %s (ksrtpctl and module versions "
			"differ?)",
			what, detail);
		return;
	case KSRTP_ENL_SOCKET: ctl_err(c, "%s: %s", what, detail); return;
	default: ctl_err(c, "%s: %s", what, ksrtp_strerror(err)); return;
	}
	if (ksrtp_nl_missing_attr(c->nl) >= 0)
		fprintf(stderr,
			"  the kernel says attribute %d is missing: ksrtpctl and module "
			"versions differ?\n",
			ksrtp_nl_missing_attr(c->nl));
	switch (e) {
	case EPERM:
		fprintf(stderr,
			"  ksrtp commands need CAP_NET_ADMIN over the network namespace: run "
			"as root\n");
		break;
	case EOPNOTSUPP:
		fprintf(stderr,
			"  the loaded module does not support this: check `ksrtpctl info`\n");
		break;
	default: break;
	}
}
