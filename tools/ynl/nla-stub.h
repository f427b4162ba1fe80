/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tools/ynl/nla-stub.h - just enough of the kernel's struct nla_policy and NLA_POLICY_*
 * macros (include/net/netlink.h) for userspace to compile the module's policy tables and
 * the ones ynl-gen-c.py generates from the spec, and compare them (tools/ynl/policy-cmp.c).
 * The macros record what the kernel's record: type, validation kind, bounds, length,
 * nested policy and its maximum attribute.
 */
#ifndef KSRTP_NLA_STUB_H
#define KSRTP_NLA_STUB_H

#include <stddef.h>
#include <stdint.h>

enum {
	NLA_UNSPEC,
	NLA_U8,
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_STRING,
	NLA_FLAG,
	NLA_MSECS,
	NLA_NESTED,
	NLA_NESTED_ARRAY,
	NLA_NUL_STRING,
	NLA_BINARY,
	NLA_S8,
	NLA_S16,
	NLA_S32,
	NLA_S64,
	NLA_BITFIELD32,
	NLA_REJECT,
	NLA_BE16,
	NLA_BE32,
	NLA_SINT,
	NLA_UINT,
	NLA_TYPE_COUNT
};

enum nla_stub_validation {
	NLA_VALIDATE_NONE,
	NLA_VALIDATE_RANGE,
	NLA_VALIDATE_MIN,
	NLA_VALIDATE_MAX,
	NLA_VALIDATE_MASK,
	NLA_VALIDATE_RANGE_PTR,
	NLA_VALIDATE_FUNCTION,
};

struct netlink_range_validation {
	uint64_t min, max;
};

struct netlink_range_validation_signed {
	int64_t min, max;
};

struct nla_policy {
	uint8_t type;
	uint8_t validation_type;
	uint16_t len;
	int64_t min, max;
	uint64_t mask;
	const struct nla_policy *nested_policy;
	const struct netlink_range_validation *range;
	const struct netlink_range_validation_signed *range_signed;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NLA_POLICY_RANGE(tp, mn, mx)                                                          \
	{                                                                                     \
		.type = (tp), .validation_type = NLA_VALIDATE_RANGE, .min = (mn), .max = (mx) \
	}
#define NLA_POLICY_MIN(tp, mn)                                                 \
	{                                                                      \
		.type = (tp), .validation_type = NLA_VALIDATE_MIN, .min = (mn) \
	}
#define NLA_POLICY_MAX(tp, mx)                                                 \
	{                                                                      \
		.type = (tp), .validation_type = NLA_VALIDATE_MAX, .max = (mx) \
	}
#define NLA_POLICY_MASK(tp, m)                                                  \
	{                                                                       \
		.type = (tp), .validation_type = NLA_VALIDATE_MASK, .mask = (m) \
	}
#define NLA_POLICY_FULL_RANGE(tp, r)                                                  \
	{                                                                             \
		.type = (tp), .validation_type = NLA_VALIDATE_RANGE_PTR, .range = (r) \
	}
#define NLA_POLICY_FULL_RANGE_SIGNED(tp, r)                                                  \
	{                                                                                    \
		.type = (tp), .validation_type = NLA_VALIDATE_RANGE_PTR, .range_signed = (r) \
	}
#define NLA_POLICY_EXACT_LEN(n)	     NLA_POLICY_RANGE(NLA_BINARY, n, n)
#define NLA_POLICY_EXACT_LEN_WARN(n) NLA_POLICY_RANGE(NLA_BINARY, n, n)
#define NLA_POLICY_MIN_LEN(n)	     NLA_POLICY_MIN(NLA_BINARY, n)
#define NLA_POLICY_MAX_LEN(n)	     NLA_POLICY_MAX(NLA_BINARY, n)
#define NLA_POLICY_ETH_ADDR	     NLA_POLICY_EXACT_LEN(6)
#define NLA_POLICY_NESTED(p)                                                       \
	{                                                                          \
		.type = NLA_NESTED, .nested_policy = (p), .len = ARRAY_SIZE(p) - 1 \
	}
#define NLA_POLICY_NESTED_ARRAY(p)                                                       \
	{                                                                                \
		.type = NLA_NESTED_ARRAY, .nested_policy = (p), .len = ARRAY_SIZE(p) - 1 \
	}
#define NLA_POLICY_BITFIELD32(v)                    \
	{                                           \
		.type = NLA_BITFIELD32, .mask = (v) \
	}

/* What each side exports to policy-cmp.c. */
struct pcmp_op {
	const char *name; /* "KSRTP_CMD_SA_NEW do" */
	const struct nla_policy *policy;
	unsigned int maxattr;
};

struct pcmp_name {
	const struct nla_policy *table;
	unsigned int attr;
	const char *name;
};

#endif /* KSRTP_NLA_STUB_H */
