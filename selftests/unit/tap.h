/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a tiny TAP producer and test-vector reader for the library's unit tests.
 *
 *   tap_ok(cond, "name %d", i)      one result line; returns cond
 *   tap_eq_hex(got, want, len, ...) compare buffers, print both in hex on mismatch
 *   tap_done()                      print the plan and return the exit status
 *
 * Vector files (../shared/vectors/NAME.txt, or $KSRTP_VECTORS/NAME) hold "name = HEX" lines.
 *   struct tap_vec *v = tap_vec_load("rfc6507-eccsi.txt");
 *   size_t n; const uint8_t *b = tap_vec_get(v, "KPAK", &n);  (aborts the test if absent)
 */
#ifndef KSRTP_TAP_H
#define KSRTP_TAP_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TAP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TAP_PRINTF(a, b)
#endif

int tap_ok(int cond, const char *fmt, ...) TAP_PRINTF(2, 3);
int tap_eq_hex(const void *got, const void *want, size_t len, const char *fmt, ...)
	TAP_PRINTF(4, 5);
int tap_eq_int(long long got, long long want, const char *fmt, ...) TAP_PRINTF(3, 4);
void tap_skip(const char *why, const char *fmt, ...) TAP_PRINTF(2, 3);
void tap_diag(const char *fmt, ...) TAP_PRINTF(1, 2);
int tap_done(void);

struct tap_vec;
struct tap_vec *tap_vec_load(const char *file);
const uint8_t *tap_vec_get(const struct tap_vec *v, const char *name, size_t *len);
int tap_vec_has(const struct tap_vec *v, const char *name);
void tap_vec_free(struct tap_vec *v);

/* Decode hex (no separators) into a newly malloc()ed buffer; NULL on bad input. */
uint8_t *tap_hex(const char *hex, size_t *len);

#endif
