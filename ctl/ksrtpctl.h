/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtpctl.h - shared declarations of ksrtpctl's command groups (one file per group:
 * nl.c opens the module's netlink interface (libksrtp's ksrtp/nl.h) and reports its
 * errors; sa.c, info.c, monitor.c; json.c output; ksrtpctl.c main and batch mode).
 */
#ifndef KSRTPCTL_H
#define KSRTPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ksrtp/nl.h>

#define KSRTPCTL_VERSION "0.1.0"

/* --- JSON writer (json.c) ------------------------------------------------------------- */
#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool pretty;
};

void json_init(struct json *j, FILE *f, bool pretty);
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_hex(struct json *j, const char *key, const uint8_t *buf, size_t len);
void json_end(struct json *j); /* newline after the top-level value */

/* --- context --------------------------------------------------------------------------- */
struct ctl {
	struct ksrtp_nl *nl; /* the module's netlink interface (ksrtp/nl.h), opened on demand */
	bool json;
	bool pretty;
	const char *batch_file; /* set while running a batch */
	unsigned batch_line;
};

/* Print "ksrtpctl: " (and "FILE:LINE: " in batch mode) and the message to stderr. */
void ctl_err(const struct ctl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- netlink (nl.c) --------------------------------------------------------------------- */
/* Connect to the module (ksrtp_nl_open); prints a clear error and returns -1 on failure. */
int ctl_nl_open(struct ctl *c);
void ctl_nl_close(struct ctl *c);

/*
 * Report a failed ksrtp_nl_* call (err: its negative KSRTP_E* code): what failed, the
 * kernel's message and errno, and a hint on what to do.
 */
void ctl_nl_perror(const struct ctl *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* --- argument helpers (ksrtpctl.c) -------------------------------------------------------- */
int ctl_parse_u32(const struct ctl *c, const char *what, const char *s, uint32_t min, uint32_t max,
		  uint32_t *out);
int ctl_parse_u64(const struct ctl *c, const char *what, const char *s, uint64_t *out);
bool ctl_matches(const char *arg, const char *word);

/* --- command groups --------------------------------------------------------------------- */
int ctl_cmd_info(struct ctl *c, int argc, char **argv);
int ctl_cmd_sa(struct ctl *c, int argc, char **argv);
int ctl_cmd_monitor(struct ctl *c, int argc, char **argv);
void ctl_usage_sa(FILE *f);

/* mikey subcommand (ctl/mikey.c); weak so that ksrtpctl links without it. */
int ksrtpctl_mikey(int argc, char **argv) __attribute__((weak));

#endif /* KSRTPCTL_H */
