// SPDX-License-Identifier: GPL-2.0
/*
 * tools/ynl/policy-cmp.c - compare, attribute by attribute, the request policies that
 * ynl-gen-c.py generates from the spec with the module's hand-written nla_policy tables.
 *
 * Linked with two translation units built by tools/ynl/check.sh: one compiles the generated
 * tables (with the header generated from the spec), the other the module's tables (with
 * kmod/include/uapi/linux/ksrtp.h), both against tools/ynl/nla-stub.h. Each exports its ops
 * (the policy applied to each command's do or dump) and the attribute names of its tables.
 *
 * Each entry is reduced to what the kernel enforces: rejected (NLA_REJECT, or no entry: the
 * family validates strictly, so NLA_UNSPEC is refused), or a type with its effective value
 * range, length range, mask or nested policy. Nested policies are compared recursively.
 * An attribute the spec accepts and the module rejects is allowed only when the spec's doc
 * says it is output only. Prints "# ..." diagnostics; exit status 1 on any difference.
 */
#include <stdio.h>
#include <string.h>

#include "nla-stub.h"

extern const struct pcmp_op pcmp_gen_ops[], pcmp_kern_ops[];
extern const struct pcmp_name pcmp_gen_names[], pcmp_kern_names[];

static const char *const outonly[] = {
#include "outonly.inc"
	NULL};

enum kind { K_REJECT, K_INT, K_BINARY, K_STRING, K_FLAG, K_NESTED, K_BITFIELD, K_OTHER };

struct canon {
	enum kind kind;
	unsigned int type;
	__int128 lo, hi; /* values (K_INT) or lengths (K_BINARY, K_STRING; hi < 0: none) */
	uint64_t mask;
	const struct nla_policy *nested;
	unsigned int nested_max;
};

struct ctx {
	int mismatches, compared, outonly_seen;
	const struct nla_policy *seen[64][2];
	int nseen;
};

static const char *const type_names[NLA_TYPE_COUNT] = {
	[NLA_UNSPEC] = "unspec",
	[NLA_U8] = "u8",
	[NLA_U16] = "u16",
	[NLA_U32] = "u32",
	[NLA_U64] = "u64",
	[NLA_STRING] = "string",
	[NLA_FLAG] = "flag",
	[NLA_MSECS] = "msecs",
	[NLA_NESTED] = "nest",
	[NLA_NESTED_ARRAY] = "nest-array",
	[NLA_NUL_STRING] = "nul-string",
	[NLA_BINARY] = "binary",
	[NLA_S8] = "s8",
	[NLA_S16] = "s16",
	[NLA_S32] = "s32",
	[NLA_S64] = "s64",
	[NLA_BITFIELD32] = "bitfield32",
	[NLA_REJECT] = "reject",
	[NLA_BE16] = "be16",
	[NLA_BE32] = "be32",
	[NLA_SINT] = "sint",
	[NLA_UINT] = "uint",
};

static int int_bounds(unsigned int type, __int128 *lo, __int128 *hi)
{
	int bits;

	switch (type) {
	case NLA_U8: bits = 8; break;
	case NLA_U16:
	case NLA_BE16: bits = 16; break;
	case NLA_U32:
	case NLA_BE32: bits = 32; break;
	case NLA_U64:
	case NLA_UINT:
	case NLA_MSECS: bits = 64; break;
	case NLA_S8:
		*lo = -128;
		*hi = 127;
		return 1;
	case NLA_S16:
		*lo = -32768;
		*hi = 32767;
		return 1;
	case NLA_S32:
		*lo = INT32_MIN;
		*hi = INT32_MAX;
		return 1;
	case NLA_S64:
	case NLA_SINT:
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		return 1;
	default: return 0;
	}
	*lo = 0;
	*hi = ((__int128)1 << bits) - 1;
	return 1;
}

static struct canon canon(const struct nla_policy *tbl, unsigned int maxattr, unsigned int a)
{
	struct canon c = {.kind = K_REJECT};
	const struct nla_policy *p;

	if (!tbl || a > maxattr)
		return c;
	p = &tbl[a];
	c.type = p->type;
	if (p->type == NLA_UNSPEC || p->type == NLA_REJECT)
		return c;
	if (int_bounds(p->type, &c.lo, &c.hi)) {
		c.kind = K_INT;
		switch (p->validation_type) {
		case NLA_VALIDATE_RANGE:
			c.lo = p->min;
			c.hi = p->max;
			break;
		case NLA_VALIDATE_MIN: c.lo = p->min; break;
		case NLA_VALIDATE_MAX: c.hi = p->max; break;
		case NLA_VALIDATE_MASK: c.mask = p->mask; break;
		case NLA_VALIDATE_RANGE_PTR:
			if (p->range) {
				c.lo = p->range->min;
				c.hi = p->range->max;
			} else if (p->range_signed) {
				c.lo = p->range_signed->min;
				c.hi = p->range_signed->max;
			}
			break;
		default: break;
		}
		return c;
	}
	switch (p->type) {
	case NLA_BINARY:
		c.kind = K_BINARY;
		c.lo = 0;
		c.hi = p->len ? p->len : -1;
		if (p->validation_type == NLA_VALIDATE_RANGE) {
			c.lo = p->min;
			c.hi = p->max;
		} else if (p->validation_type == NLA_VALIDATE_MIN) {
			c.lo = p->min;
		} else if (p->validation_type == NLA_VALIDATE_MAX) {
			c.hi = p->max;
		}
		break;
	case NLA_STRING:
	case NLA_NUL_STRING:
		c.kind = K_STRING;
		c.hi = p->len ? p->len : -1;
		break;
	case NLA_FLAG: c.kind = K_FLAG; break;
	case NLA_NESTED:
	case NLA_NESTED_ARRAY:
		c.kind = K_NESTED;
		c.nested = p->nested_policy;
		c.nested_max = p->len;
		break;
	case NLA_BITFIELD32:
		c.kind = K_BITFIELD;
		c.mask = p->mask;
		break;
	default: c.kind = K_OTHER; break;
	}
	return c;
}

static void describe(const struct canon *c, char *buf, size_t len)
{
	const char *t = c->type < NLA_TYPE_COUNT && type_names[c->type] ? type_names[c->type] : "?";

	switch (c->kind) {
	case K_REJECT: snprintf(buf, len, "rejected"); break;
	case K_INT:
		snprintf(buf, len, "%s %lld..%llu%s", t, (long long)c->lo,
			 (unsigned long long)c->hi, c->mask ? " (mask)" : "");
		break;
	case K_BINARY:
	case K_STRING:
		if (c->hi < 0)
			snprintf(buf, len, "%s, length %lld..any", t, (long long)c->lo);
		else
			snprintf(buf, len, "%s, length %lld..%lld", t, (long long)c->lo,
				 (long long)c->hi);
		break;
	case K_NESTED:
		snprintf(buf, len, "%s of %u attributes%s", t, c->nested_max,
			 c->nested ? "" : " (not validated)");
		break;
	case K_BITFIELD:
		snprintf(buf, len, "%s mask 0x%llx", t, (unsigned long long)c->mask);
		break;
	default: snprintf(buf, len, "%s", t); break;
	}
}

static int same(const struct canon *g, const struct canon *k)
{
	if (g->kind != k->kind || g->type != k->type)
		return 0;
	switch (g->kind) {
	case K_INT: return g->lo == k->lo && g->hi == k->hi && g->mask == k->mask;
	case K_BINARY:
	case K_STRING: return g->lo == k->lo && g->hi == k->hi;
	case K_NESTED: /* the nested attributes are compared one by one */
		return !g->nested == !k->nested;
	case K_BITFIELD: return g->mask == k->mask;
	default: return 1;
	}
}

static const char *attr_name(const struct pcmp_name *names, const struct nla_policy *tbl,
			     unsigned int a)
{
	for (; names->name; names++)
		if (names->table == tbl && names->attr == a)
			return names->name;
	return NULL;
}

static int is_outonly(const char *name)
{
	const char *const *o;

	for (o = outonly; name && *o; o++)
		if (!strcmp(*o, name))
			return 1;
	return 0;
}

static void compare(struct ctx *x, const char *where, const struct nla_policy *g, unsigned int gmax,
		    const struct nla_policy *k, unsigned int kmax)
{
	unsigned int a, max = gmax > kmax ? gmax : kmax;
	char path[512], gd[128], kd[128], num[16];
	int i;

	for (i = 0; i < x->nseen; i++)
		if (x->seen[i][0] == g && x->seen[i][1] == k)
			return;
	if (x->nseen < 64) {
		x->seen[x->nseen][0] = g;
		x->seen[x->nseen][1] = k;
		x->nseen++;
	}
	for (a = 1; a <= max; a++) {
		struct canon cg = canon(g, gmax, a), ck = canon(k, kmax, a);
		const char *name = attr_name(pcmp_gen_names, g, a);

		if (!name)
			name = attr_name(pcmp_kern_names, k, a);
		if (!name) {
			snprintf(num, sizeof(num), "attribute %u", a);
			name = num;
		}
		snprintf(path, sizeof(path), "%s%s%s", where, *where ? "/" : "", name);
		if (cg.kind == K_REJECT && ck.kind == K_REJECT)
			continue;
		x->compared++;
		describe(&cg, gd, sizeof(gd));
		describe(&ck, kd, sizeof(kd));
		if (cg.kind != K_REJECT && ck.kind == K_REJECT && is_outonly(name)) {
			x->outonly_seen++;
			continue;
		}
		if (!same(&cg, &ck)) {
			printf("# %s: spec %s, module %s\n", path, gd, kd);
			x->mismatches++;
			continue;
		}
		if (cg.kind == K_NESTED && cg.nested && ck.nested)
			compare(x, path, cg.nested, cg.nested_max, ck.nested, ck.nested_max);
	}
}

int main(void)
{
	struct ctx x = {0};
	int i, ops = 0;

	for (i = 0; pcmp_gen_ops[i].name; i++) {
		const struct pcmp_op *g = &pcmp_gen_ops[i], *k = &pcmp_kern_ops[i];

		if (!g->policy) {
			printf("# %s: no request attributes in the spec; not compared (the module "
			       "validates with %s)\n",
			       g->name, k->policy ? "its policy" : "no policy");
			continue;
		}
		ops++;
		compare(&x, "", g->policy, g->maxattr, k->policy, k->policy ? k->maxattr : 0);
	}
	printf("# %d ops, %d attribute entries compared, %d output-only attributes rejected by "
	       "the module as the spec documents, %d differences\n",
	       ops, x.compared, x.outonly_seen, x.mismatches);
	return x.mismatches ? 1 : 0;
}
