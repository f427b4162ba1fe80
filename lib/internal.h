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

#endif
