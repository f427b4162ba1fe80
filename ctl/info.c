// SPDX-License-Identifier: GPL-2.0
/*
 * info.c - `ksrtpctl info`: module and family versions, load-time self-test result,
 * crypto drivers per suite, SAs in this namespace.
 */
#include "ksrtpctl.h"

#include <string.h>

static void print_info(struct ctl *c, const struct ksrtp_nl_info *in)
{
	struct json j;

	if (c->json) {
		json_init(&j, stdout, c->pretty);
		json_obj_open(&j, NULL);
		json_str(&j, "version", in->version[0] ? in->version : NULL);
		json_u64(&j, "family_version", (uint64_t)ksrtp_nl_family_version(c->nl));
		if (in->has & KSRTP_NL_INFO_GENL_VERSION)
			json_u64(&j, "genl_version", in->genl_version);
		if (in->has & KSRTP_NL_INFO_SELFTEST)
			json_bool(&j, "selftest_passed", in->selftest == 1);
		if (in->has & KSRTP_NL_INFO_NUM_SAS)
			json_u64(&j, "num_sas", in->num_sas);
		if (in->has & KSRTP_NL_INFO_MAX_SAS)
			json_u64(&j, "max_sas", in->max_sas);
		json_arr_open(&j, "suites");
	} else {
		printf("module:       ksrtp %s\n", in->version[0] ? in->version : "(unknown)");
		printf("netlink:      family \"%s\" version %d (id %d)\n", KSRTP_GENL_NAME,
		       ksrtp_nl_family_version(c->nl), ksrtp_nl_family_id(c->nl));
		if (in->has & KSRTP_NL_INFO_SELFTEST)
			printf("self-test:    %s\n",
			       in->selftest == 1 ? "passed (RFC 3711 / RFC 7714 vectors)"
						 : "FAILED: the module refuses to work");
		if (in->has & KSRTP_NL_INFO_NUM_SAS) {
			printf("SAs:          %u", in->num_sas);
			if (in->has & KSRTP_NL_INFO_MAX_SAS)
				printf(" (limit %u per namespace)", in->max_sas);
			printf("\n");
		}
		printf("suites:\n");
	}
	for (unsigned i = 0; i < in->num_suites; i++) {
		const struct ksrtp_nl_suite_info *s = &in->suites[i];
		const char *name = s->name[0] ? s->name : "?";

		if (c->json) {
			json_obj_open(&j, NULL);
			json_str(&j, "name", name);
			json_u64(&j, "id", s->suite);
			json_str(&j, "cipher_driver",
				 s->cipher_driver[0] ? s->cipher_driver : NULL);
			if (s->auth_driver[0])
				json_str(&j, "auth_driver", s->auth_driver);
			json_obj_close(&j);
		} else {
			printf("  %-24s cipher %s", name,
			       s->cipher_driver[0] ? s->cipher_driver : "(unavailable)");
			if (s->auth_driver[0])
				printf("  auth %s", s->auth_driver);
			printf("\n");
		}
	}
	if (c->json) {
		json_arr_close(&j);
		json_obj_close(&j);
		json_end(&j);
	}
}

int ctl_cmd_info(struct ctl *c, int argc, char **argv)
{
	struct ksrtp_nl_info info;
	int ret;

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
	ret = ksrtp_nl_info_get(c->nl, &info);
	if (ret) {
		ctl_nl_perror(c, ret, "info");
		return 1;
	}
	print_info(c, &info);
	return 0;
}
