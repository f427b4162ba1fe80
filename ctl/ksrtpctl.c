// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtpctl - configure the ksrtp kernel module (SRTP for UDP media) over generic netlink.
 *
 *   ksrtpctl [-j] [-p] info | sa ... | monitor ... | mikey ...
 *   ksrtpctl [-j] -b FILE     run one command per line of FILE ("-" = stdin) on one socket
 */
#include "ksrtpctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ksrtp.h>

#define BATCH_MAX_ARGS 96
#define BATCH_MAX_LINE 4096

static void usage(FILE *f)
{
	fprintf(f,
		"usage: ksrtpctl [OPTIONS] COMMAND ...\n"
		"\n"
		"Configure ksrtp, the kernel's SRTP for UDP media, in this network namespace.\n"
		"\n"
		"Commands:\n"
		"  info                          module version, self-test, crypto drivers, SA "
		"count\n"
		"  sa add|del|show|flush|stats|key ...   security associations (ksrtpctl sa help)\n"
		"  monitor [--count N] [--timeout S]      print key/lifetime/collision events\n"
		"  mikey ...                     MIKEY-SAKKE messages (ksrtpctl mikey help)\n"
		"\n"
		"Options:\n"
		"  -j, --json          JSON output (info, sa show, sa stats, monitor)\n"
		"  -p, --pretty        indented JSON\n"
		"  -b, --batch FILE    run the commands in FILE, one per line ('#' comments), on "
		"one\n"
		"                      netlink socket; stops at the first failing line\n"
		"  -V, --version       print the version\n"
		"  -h, --help          this help\n"
		"\n"
		"Keys are never given on the command line: see `ksrtpctl sa help` for key files.\n"
		"Every command except help needs CAP_NET_ADMIN (root) and the ksrtp module.\n");
}

bool ctl_matches(const char *arg, const char *word)
{
	return arg && !strcmp(arg, word);
}

int ctl_parse_u64(const struct ctl *c, const char *what, const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+') {
		ctl_err(c, "%s: expected a number, got \"%s\"", what, s ? s : "");
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end) {
		ctl_err(c, "%s: \"%s\" is not a valid number", what, s);
		return -1;
	}
	*out = v;
	return 0;
}

int ctl_parse_u32(const struct ctl *c, const char *what, const char *s, uint32_t min, uint32_t max,
		  uint32_t *out)
{
	uint64_t v;

	if (ctl_parse_u64(c, what, s, &v))
		return -1;
	if (v < min || v > max) {
		ctl_err(c, "%s: %s is out of range (%u..%u)", what, s, min, max);
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static bool needs_netlink(const char *cmd)
{
	return ctl_matches(cmd, "info") || ctl_matches(cmd, "sa") || ctl_matches(cmd, "monitor");
}

static int run(struct ctl *c, int argc, char **argv)
{
	const char *cmd = argv[0];

	bool help = argc > 1 && (ctl_matches(argv[1], "help") || ctl_matches(argv[1], "--help"));

	if (needs_netlink(cmd) && !help && !c->nl && ctl_nl_open(c))
		return 1;
	if (ctl_matches(cmd, "info"))
		return ctl_cmd_info(c, argc - 1, argv + 1);
	if (ctl_matches(cmd, "sa"))
		return ctl_cmd_sa(c, argc - 1, argv + 1);
	if (ctl_matches(cmd, "monitor")) {
		if (c->batch_file) {
			ctl_err(c, "monitor cannot run in batch mode");
			return 1;
		}
		return ctl_cmd_monitor(c, argc - 1, argv + 1);
	}
	if (ctl_matches(cmd, "mikey")) {
		if (!ksrtpctl_mikey) {
			ctl_err(c, "this ksrtpctl was built without MIKEY support (ctl/mikey.c)");
			return 1;
		}
		return ksrtpctl_mikey(argc, argv);
	}
	if (ctl_matches(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	ctl_err(c, "unknown command \"%s\": try `ksrtpctl --help`", cmd);
	return 1;
}

static int run_batch(struct ctl *c, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ret = 0;

	if (!f) {
		ctl_err(c, "cannot open batch file %s: %s", path, strerror(errno));
		return 1;
	}
	c->batch_file = path;
	c->batch_line = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *args[BATCH_MAX_ARGS], *save = NULL, *tok;
		int n = 0;

		c->batch_line++;
		if (len > BATCH_MAX_LINE) {
			ctl_err(c, "line longer than %d characters", BATCH_MAX_LINE);
			ret = 1;
			break;
		}
		for (tok = strtok_r(line, " \t\r\n", &save); tok && *tok != '#';
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (n == BATCH_MAX_ARGS - 1) {
				ctl_err(c, "more than %d words on a line", BATCH_MAX_ARGS - 1);
				ret = 1;
				goto out;
			}
			args[n++] = tok;
		}
		if (!n)
			continue;
		args[n] = NULL;
		if (ctl_matches(args[0], "-b") || ctl_matches(args[0], "--batch")) {
			ctl_err(c, "batch files cannot nest");
			ret = 1;
			break;
		}
		ret = run(c, n, args);
		if (ret)
			break;
	}
	if (!ret && ferror(f)) {
		ctl_err(c, "reading batch file %s: %s", path, strerror(errno));
		ret = 1;
	}
out:
	free(line);
	if (f != stdin)
		fclose(f);
	c->batch_file = NULL;
	return ret;
}

int main(int argc, char **argv)
{
	struct ctl c = {0};
	const char *batch = NULL;
	int i, ret;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i];

		if (ctl_matches(o, "-j") || ctl_matches(o, "--json")) {
			c.json = true;
		} else if (ctl_matches(o, "-p") || ctl_matches(o, "--pretty")) {
			c.pretty = true;
		} else if (ctl_matches(o, "-b") || ctl_matches(o, "--batch")) {
			if (++i == argc) {
				ctl_err(NULL, "%s needs a file name (or - for stdin)", o);
				return 2;
			}
			batch = argv[i];
		} else if (ctl_matches(o, "-V") || ctl_matches(o, "--version")) {
			printf("ksrtpctl %s (ksrtp netlink version %d)\n", KSRTPCTL_VERSION,
			       KSRTP_GENL_VERSION);
			return 0;
		} else if (ctl_matches(o, "-h") || ctl_matches(o, "--help")) {
			usage(stdout);
			return 0;
		} else {
			ctl_err(NULL, "unknown option %s: try `ksrtpctl --help`", o);
			return 2;
		}
	}
	if (batch) {
		if (i != argc) {
			ctl_err(NULL, "-b FILE takes no command on the command line");
			return 2;
		}
		ret = run_batch(&c, batch);
	} else if (i == argc) {
		usage(stderr);
		return 2;
	} else {
		ret = run(&c, argc - i, argv + i);
	}
	ctl_nl_close(&c);
	if (fflush(stdout) || ferror(stdout)) {
		ctl_err(NULL, "writing the output failed: %s", strerror(errno));
		return 1;
	}
	return ret;
}
