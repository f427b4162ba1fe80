// SPDX-License-Identifier: GPL-2.0
/*
 * info.c - `ksrtpctl info`: module and family versions, load-time self-test result,
 * crypto drivers per suite, SAs in this namespace.
 */
#include "ksrtpctl.h"

#include <errno.h>
#include <string.h>

#include <linux/ksrtp.h>

static const struct ctl_attr_pol info_pol[KSRTP_INFO_A_MAX + 1] = {
	[KSRTP_INFO_A_VERSION] = {CTL_ATTR_STR, 1, 64},
	[KSRTP_INFO_A_GENL_VERSION] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_INFO_A_SELFTEST] = {CTL_ATTR_U8, 1, 1},
	[KSRTP_INFO_A_SUITE] = {CTL_ATTR_NEST, 0, 0},
	[KSRTP_INFO_A_NUM_SAS] = {CTL_ATTR_U32, 4, 4},
	[KSRTP_INFO_A_MAX_SAS] = {CTL_ATTR_U32, 4, 4},
};

static const struct ctl_attr_pol suite_pol[KSRTP_INFO_SUITE_A_MAX + 1] = {
	[KSRTP_INFO_SUITE_A_SUITE] = {CTL_ATTR_U16, 2, 2},
	[KSRTP_INFO_SUITE_A_NAME] = {CTL_ATTR_STR, 1, 64},
	[KSRTP_INFO_SUITE_A_CIPHER_DRIVER] = {CTL_ATTR_STR, 1, 128},
	[KSRTP_INFO_SUITE_A_AUTH_DRIVER] = {CTL_ATTR_STR, 1, 128},
};

static const char *str_or(struct nlattr *a, const char *dflt)
{
	return a ? nla_get_string(a) : dflt;
}

static int info_reply(struct ctl *c, uint8_t cmd, struct nlattr **top, void *arg)
{
	struct nlattr *tb[KSRTP_INFO_A_MAX + 1], *a;
	int *got = arg, rem, ret;
	struct json j;

	if (!top[KSRTP_A_INFO]) {
		ctl_err(c, "malformed reply from the kernel: no KSRTP_A_INFO");
		return -EPROTO;
	}
	ret = ctl_parse_nest(c, tb, KSRTP_INFO_A_MAX, top[KSRTP_A_INFO], info_pol, "info");
	if (ret)
		return ret;
	/* Check every suite nest before printing anything. */
	nla_for_each_nested(a, top[KSRTP_A_INFO], rem)
	{
		struct nlattr *sb[KSRTP_INFO_SUITE_A_MAX + 1];

		if (nla_type(a) != KSRTP_INFO_A_SUITE)
			continue;
		ret = ctl_parse_nest(c, sb, KSRTP_INFO_SUITE_A_MAX, a, suite_pol, "info suite");
		if (ret)
			return ret;
	}
	*got = 1;

	if (c->json) {
		json_init(&j, stdout, c->pretty);
		json_obj_open(&j, NULL);
		json_str(&j, "version", str_or(tb[KSRTP_INFO_A_VERSION], NULL));
		json_u64(&j, "family_version", (uint64_t)c->family_version);
		if (tb[KSRTP_INFO_A_GENL_VERSION])
			json_u64(&j, "genl_version", nla_get_u32(tb[KSRTP_INFO_A_GENL_VERSION]));
		if (tb[KSRTP_INFO_A_SELFTEST])
			json_bool(&j, "selftest_passed",
				  nla_get_u8(tb[KSRTP_INFO_A_SELFTEST]) == 1);
		if (tb[KSRTP_INFO_A_NUM_SAS])
			json_u64(&j, "num_sas", nla_get_u32(tb[KSRTP_INFO_A_NUM_SAS]));
		if (tb[KSRTP_INFO_A_MAX_SAS])
			json_u64(&j, "max_sas", nla_get_u32(tb[KSRTP_INFO_A_MAX_SAS]));
		json_arr_open(&j, "suites");
	} else {
		printf("module:       ksrtp %s\n", str_or(tb[KSRTP_INFO_A_VERSION], "(unknown)"));
		printf("netlink:      family \"%s\" version %d (id %d)\n", KSRTP_GENL_NAME,
		       c->family_version, c->family);
		if (tb[KSRTP_INFO_A_SELFTEST])
			printf("self-test:    %s\n",
			       nla_get_u8(tb[KSRTP_INFO_A_SELFTEST]) == 1
				       ? "passed (RFC 3711 / RFC 7714 vectors)"
				       : "FAILED: the module refuses to work");
		if (tb[KSRTP_INFO_A_NUM_SAS]) {
			printf("SAs:          %u", nla_get_u32(tb[KSRTP_INFO_A_NUM_SAS]));
			if (tb[KSRTP_INFO_A_MAX_SAS])
				printf(" (limit %u per namespace)",
				       nla_get_u32(tb[KSRTP_INFO_A_MAX_SAS]));
			printf("\n");
		}
		printf("suites:\n");
	}
	nla_for_each_nested(a, top[KSRTP_A_INFO], rem)
	{
		struct nlattr *sb[KSRTP_INFO_SUITE_A_MAX + 1];
		const char *name, *cipher, *auth;

		if (nla_type(a) != KSRTP_INFO_A_SUITE)
			continue;
		ctl_parse_nest(c, sb, KSRTP_INFO_SUITE_A_MAX, a, suite_pol, "info suite");
		name = str_or(sb[KSRTP_INFO_SUITE_A_NAME], "?");
		cipher = str_or(sb[KSRTP_INFO_SUITE_A_CIPHER_DRIVER], NULL);
		auth = str_or(sb[KSRTP_INFO_SUITE_A_AUTH_DRIVER], NULL);
		if (c->json) {
			json_obj_open(&j, NULL);
			json_str(&j, "name", name);
			if (sb[KSRTP_INFO_SUITE_A_SUITE])
				json_u64(&j, "id", nla_get_u16(sb[KSRTP_INFO_SUITE_A_SUITE]));
			json_str(&j, "cipher_driver", cipher);
			if (auth)
				json_str(&j, "auth_driver", auth);
			json_obj_close(&j);
		} else {
			printf("  %-24s cipher %s", name, cipher ? cipher : "(unavailable)");
			if (auth)
				printf("  auth %s", auth);
			printf("\n");
		}
	}
	if (c->json) {
		json_arr_close(&j);
		json_obj_close(&j);
		json_end(&j);
	}
	return 0;
}

int ctl_cmd_info(struct ctl *c, int argc, char **argv)
{
	struct nl_msg *msg;
	int got = 0, ret;

	if (argc > 0) {
		if (ctl_matches(argv[0], "help") || ctl_matches(argv[0], "--help")) {
			printf("usage: ksrtpctl [-j] info\n"
			       "  the module's version, self-test result, crypto drivers per suite "
			       "and "
			       "the number of SAs in this namespace\n");
			return 0;
		}
		ctl_err(c, "info takes no arguments (got \"%s\")", argv[0]);
		return 1;
	}
	msg = ctl_msg(c, KSRTP_CMD_INFO_GET, 0);
	if (!msg) {
		ctl_err(c, "out of memory");
		return 1;
	}
	ret = ctl_request(c, msg, info_reply, &got);
	if (ret) {
		ctl_nl_perror(c, ret, "info");
		return 1;
	}
	if (!got) {
		ctl_err(c, "the kernel sent no information");
		return 1;
	}
	return 0;
}
