// SPDX-License-Identifier: GPL-2.0
/* tap.c - see tap.h */
#include "tap.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static int tap_vresult(int cond, const char *fmt, va_list ap)
{
	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vresult(cond, fmt, ap);
	va_end(ap);
	return cond;
}

static void hexdump(const char *tag, const uint8_t *p, size_t len)
{
	printf("#   %s: ", tag);
	for (size_t i = 0; i < len; i++)
		printf("%02X", p[i]);
	printf("\n");
}

int tap_eq_hex(const void *got, const void *want, size_t len, const char *fmt, ...)
{
	va_list ap;
	int cond = memcmp(got, want, len) == 0;

	va_start(ap, fmt);
	tap_vresult(cond, fmt, ap);
	va_end(ap);
	if (!cond) {
		hexdump("got ", got, len);
		hexdump("want", want, len);
	}
	return cond;
}

int tap_eq_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;

	va_start(ap, fmt);
	tap_vresult(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#   got %lld, want %lld\n", got, want);
	return cond;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("ok %d - ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", why);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

struct tap_vec_ent {
	char *name;
	uint8_t *val;
	size_t len;
};

struct tap_vec {
	struct tap_vec_ent *e;
	size_t n;
	char file[256];
};

uint8_t *tap_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex);
	uint8_t *out;

	if (n % 2)
		return NULL;
	out = malloc(n / 2 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned int b;

		if (!isxdigit((unsigned char)hex[2 * i]) ||
		    !isxdigit((unsigned char)hex[2 * i + 1]) ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)b;
	}
	*len = n / 2;
	return out;
}

struct tap_vec *tap_vec_load(const char *file)
{
	const char *dir = getenv("KSRTP_VECTORS");
	char path[1024], line[8192];
	struct tap_vec *v;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/vectors", file);
	f = fopen(path, "r");
	if (!f) {
		printf("Bail out! cannot open vector file %s (set KSRTP_VECTORS)\n", path);
		exit(1);
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	snprintf(v->file, sizeof(v->file), "%s", file);
	while (fgets(line, sizeof(line), f)) {
		char *eq, *name, *val, *end;
		struct tap_vec_ent *ne;

		if (line[0] == '#' || !(eq = strstr(line, " = ")))
			continue;
		*eq = 0;
		name = line;
		val = eq + 3;
		end = val + strlen(val);
		while (end > val && isspace((unsigned char)end[-1]))
			*--end = 0;
		ne = realloc(v->e, (v->n + 1) * sizeof(*v->e));
		if (!ne)
			abort();
		v->e = ne;
		v->e[v->n].name = strdup(name);
		v->e[v->n].val = tap_hex(val, &v->e[v->n].len);
		if (!v->e[v->n].val) {
			printf("Bail out! bad hex for %s in %s\n", name, path);
			exit(1);
		}
		v->n++;
	}
	fclose(f);
	return v;
}

int tap_vec_has(const struct tap_vec *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->e[i].name, name))
			return 1;
	return 0;
}

const uint8_t *tap_vec_get(const struct tap_vec *v, const char *name, size_t *len)
{
	for (size_t i = 0; i < v->n; i++) {
		if (!strcmp(v->e[i].name, name)) {
			if (len)
				*len = v->e[i].len;
			return v->e[i].val;
		}
	}
	printf("Bail out! vector %s missing from %s\n", name, v->file);
	exit(1);
}

void tap_vec_free(struct tap_vec *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->e[i].name);
		free(v->e[i].val);
	}
	free(v->e);
	free(v);
}
