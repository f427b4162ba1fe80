// SPDX-License-Identifier: GPL-2.0
/*
 * err.c - ksrtp_strerror(): each module owns the messages of its own range of codes
 * (see ksrtp/err.h) in a function ksrtp__<module>_msg(code) returning NULL for codes it
 * does not know. They are weak references so that the library links whatever subset of
 * modules a program pulls from libksrtp.a.
 */
#include <ksrtp/err.h>

#include <stddef.h>

#include "internal.h"

static const char *common_msg(int code)
{
	switch (code) {
	case KSRTP_OK: return "success";
	case KSRTP_ENOMEM: return "out of memory";
	case KSRTP_EINVAL: return "invalid argument";
	case KSRTP_EBUFSIZE: return "output buffer too small";
	case KSRTP_ERANDOM: return "the random number generator failed";
	case KSRTP_ECRYPTO: return "an OpenSSL operation failed";
	case KSRTP_EIO: return "file input/output failed";
	case KSRTP_ENOTSUP: return "not supported";
	default: return NULL;
	}
}

const char *ksrtp_strerror(int err)
{
	const char *(*fn)(int) = NULL;
	const char *m;
	int code = err < 0 ? -err : err;

	if (code < 100)
		fn = common_msg;
	else if (code < 200)
		fn = ksrtp__eccsi_msg;
	else if (code < 300)
		fn = ksrtp__sakke_msg;
	else if (code < 400)
		fn = ksrtp__kms_msg;
	else if (code < 600)
		fn = ksrtp__mikey_msg;
	else if (code < 700)
		fn = ksrtp__sdp_msg;
	else if (code < 800)
		fn = ksrtp__srtpkey_msg;
	else if (code < 900)
		fn = ksrtp__nl_msg;
	m = fn ? fn(code) : NULL;
	return m ? m : "unknown error";
}
