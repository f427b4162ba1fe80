/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - declarations shared between libksrtp's modules, not part of the public API.
 * Each module adds its own section; keep sections separate.
 */
#ifndef KSRTP_LIB_INTERNAL_H
#define KSRTP_LIB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Error messages, one function per module (lib/err.c); weak so any subset links. */
const char *ksrtp__eccsi_msg(int code) __attribute__((weak));
const char *ksrtp__sakke_msg(int code) __attribute__((weak));
const char *ksrtp__kms_msg(int code) __attribute__((weak));
const char *ksrtp__mikey_msg(int code) __attribute__((weak));
const char *ksrtp__sdp_msg(int code) __attribute__((weak));
const char *ksrtp__srtpkey_msg(int code) __attribute__((weak));
const char *ksrtp__nl_msg(int code) __attribute__((weak));

/*
 * nl.c: decode the attributes of a ksrtp reply or event of command cmd strictly, as the
 * netlink client does (entry for the unit test and the fuzzer). out (may be NULL) receives a
 * struct ksrtp_nl_info (INFO_GET), ksrtp_nl_sa (SA_NEW, SA_GET), ksrtp_nl_stream
 * (STREAM_GET) or ksrtp_nl_event (EVENT). 0 or -KSRTP_ENL_PROTO with the reason in detail.
 */
int ksrtp__nl_decode(uint8_t cmd, const void *attrs, size_t len, void *out, char *detail,
		     size_t dn);

#endif
