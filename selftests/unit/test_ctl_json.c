// SPDX-License-Identifier: GPL-2.0
/*
 * test_ctl_json.c - ksrtpctl's JSON writer (ctl/json.c, compiled into this test): escaping,
 * nesting, separators, empty containers and the indented form.
 */
#include "../../ctl/json.c"

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static char *render(bool pretty, void (*fn)(struct json *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f, pretty);
	fn(&j);
	fclose(f);
	return buf;
}

static void doc(struct json *j)
{
	static const uint8_t mki[] = {0x0a, 0x0b};

	json_arr_open(j, NULL);
	json_obj_open(j, NULL);
	json_u64(j, "id", 1);
	json_str(j, "dst", "239.1.1.1");
	json_str(j, "msg", "quote \" backslash \\ nl \n tab \t ctl \x01");
	json_str(j, "none", NULL);
	json_bool(j, "ok", true);
	json_hex(j, "mki", mki, sizeof(mki));
	json_arr_open(j, "keys");
	json_arr_close(j);
	json_obj_open(j, "stats");
	json_u64(j, "packets", UINT64_MAX);
	json_obj_close(j);
	json_obj_close(j);
	json_obj_open(j, NULL);
	json_obj_close(j);
	json_arr_close(j);
	json_end(j);
}

int main(void)
{
	char *s = render(false, doc);

	if (!tap_ok(s && !strcmp(s, "[{\"id\":1,\"dst\":\"239.1.1.1\",\"msg\":\"quote \\\" "
				    "backslash \\\\ "
				    "nl \\n tab \\t ctl \\u0001\",\"none\":null,\"ok\":true,"
				    "\"mki\":\"0a0b\",\"keys\":[],\"stats\":{\"packets\":"
				    "18446744073709551615}},{}]\n"),
		    "compact document with escapes, null, empty containers") &&
	    s)
		tap_diag("got: %s", s);
	free(s);
	s = render(true, doc);
	tap_ok(s && strstr(s, "[\n  {\n    \"id\": 1,\n    \"dst\": \"239.1.1.1\",") &&
		       strstr(s, "\"keys\": [],\n    \"stats\": {\n      \"packets\": ") &&
		       strstr(s, "\n  },\n  {}\n]\n"),
	       "pretty document indented by two spaces per level");
	free(s);
	return tap_done();
}
