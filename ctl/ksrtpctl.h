/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtpctl.h - shared declarations of ksrtpctl's command groups (one file per group:
 * nl.c netlink plumbing, sa.c, info.c, monitor.c, json.c output, ksrtpctl.c main and
 * batch mode).
 */
#ifndef KSRTPCTL_H
#define KSRTPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

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
	struct nl_sock *sk;
	int family;	    /* generic netlink family id */
	int family_version; /* as registered */
	int events_grp;	    /* multicast group id, or -1 */
	bool json;
	bool pretty;
	const char *batch_file; /* set while running a batch */
	unsigned batch_line;
	/* last netlink error: errno and the kernel's extended-ack message */
	int nl_errno;
	char extack[256];
	int extack_miss_type; /* NLMSGERR_ATTR_MISS_TYPE, or -1 */
};

/* Print "ksrtpctl: " (and "FILE:LINE: " in batch mode) and the message to stderr. */
void ctl_err(const struct ctl *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- netlink (nl.c) --------------------------------------------------------------------- */
/* Connect and resolve the "ksrtp" family; prints a clear error and returns -1 on failure. */
int ctl_nl_open(struct ctl *c);
void ctl_nl_close(struct ctl *c);
/* A new request for cmd with the given netlink flags (NLM_F_DUMP, NLM_F_REPLACE ...). */
struct nl_msg *ctl_msg(struct ctl *c, uint8_t cmd, int flags);

/*
 * Callback for each reply message: tb[] holds the top-level attributes (KSRTP_A_*),
 * already checked against the top-level policy. Return 0 to continue, negative to stop
 * with that error (the callback printed the reason).
 */
typedef int (*ctl_reply_fn)(struct ctl *c, uint8_t cmd, struct nlattr **tb, void *arg);

/*
 * Send msg (consumed: wiped and freed) and process replies until the ACK or the end of a
 * dump. Returns 0, or -errno from the kernel (extended-ack message in c->extack), or
 * -EPROTO for a malformed reply (already reported), or the callback's error.
 */
int ctl_request(struct ctl *c, struct nl_msg *msg, ctl_reply_fn fn, void *arg);

/* Report a failed request: what failed, the errno, the kernel's message, and a hint. */
void ctl_nl_perror(const struct ctl *c, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Strict attribute parsing: a policy entry gives the exact or bounded payload length of
 * each known attribute; unknown attributes (newer kernels) are ignored. Returns 0 or
 * -EPROTO after printing which attribute was malformed.
 */
enum ctl_attr_kind {
	CTL_ATTR_NONE = 0,
	CTL_ATTR_U8,
	CTL_ATTR_U16,
	CTL_ATTR_U32,
	CTL_ATTR_U64,
	CTL_ATTR_BIN, /* min..max octets */
	CTL_ATTR_STR, /* NUL-terminated, at most max octets */
	CTL_ATTR_NEST,
};

struct ctl_attr_pol {
	enum ctl_attr_kind kind;
	uint16_t min, max;
};

int ctl_parse_nest(const struct ctl *c, struct nlattr **tb, int maxtype, const struct nlattr *nest,
		   const struct ctl_attr_pol *pol, const char *what);

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

/* Names of uapi values. */
const char *ctl_dir_name(unsigned dir);
const char *ctl_rtcp_name(unsigned mode);
const char *ctl_event_name(unsigned type);

/* mikey subcommand (ctl/mikey.c); weak so that ksrtpctl links without it. */
int ksrtpctl_mikey(int argc, char **argv) __attribute__((weak));

#endif /* KSRTPCTL_H */
