// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-kms - a file-based MIKEY-SAKKE KMS: create a KMS, provision, rotate, revoke, show,
 * verify, and import/export key material (ksrtp key files, TS 33.180 XML, raw hex).
 */
#include <ksrtp/err.h>
#include <ksrtp/kms.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: ksrtp-kms COMMAND [ARGS]\n"
	"\n"
	"A file-based MIKEY-SAKKE KMS (SAKKE RFC 6508 + ECCSI RFC 6507, identities of RFC 6509\n"
	"or TS 33.180 UIDs). File formats: docs/key-files.md.\n"
	"\n"
	"  init DIR --uri KMS_URI [--id-format 3gpp|rfc6509] [--period SECS] [--offset SECS]\n"
	"        create a KMS in DIR: kms.pub (public), kms.secret (z, KSAK; 0600), revoked.\n"
	"        3gpp (default): TS 33.180 UIDs, key periods of SECS (default 2592000) from NTP\n"
	"        time --offset (default 0). rfc6509: \"YYYY-MM\\0uri\\0\", monthly periods.\n"
	"  provision DIR USER_URI [--period-no N | --time T] [-o FILE]\n"
	"        issue USER_URI's key set (RSK, SSK, PVT) for the key period containing T\n"
	"        (default: now) or period N; writes FILE (default: USER_URI with unsafe\n"
	"        characters replaced by '_', plus .keys), mode 0600.\n"
	"  rotate DIR FILE [-o OUT]\n"
	"        issue the key set of FILE's user for the period after FILE's (default OUT: "
	"FILE).\n"
	"  revoke DIR USER_URI      add USER_URI to DIR's revocation list.\n"
	"  show FILE [--secrets]    print a key set, kms.pub, a KMS directory or a KMS XML\n"
	"                           document (secrets only with --secrets).\n"
	"  verify FILE --kms DIR|kms.pub|CERT.xml [--time T]\n"
	"        check a key set: same KMS, not revoked, identity, key period contains T\n"
	"        (default: now; --time any skips), RSK (RFC 6508 6.1.2) and SSK/PVT (RFC 6507\n"
	"        5.1.2) validate.\n"
	"  import FILE.xml [--kms DIR|kms.pub|CERT.xml] -o OUT\n"
	"        a TS 33.180 KmsCertificate (-> OUT in kms.pub format) or KmsKeySet (needs the\n"
	"        KMS certificate: --kms, -> OUT key set file). Key sets are checked first.\n"
	"  import --hex --kms DIR|kms.pub|CERT.xml --user URI --period-no N --rsk HEX --ssk HEX\n"
	"         --pvt HEX -o OUT\n"
	"        a key set from raw hex values (e.g. another KMS's), checked, -> OUT.\n"
	"  export FILE [--xml] [-o OUT]\n"
	"        a key set or KMS (kms.pub or directory) as TS 33.180 XML (KmsKeySet or\n"
	"        KmsCertificate), or by default as 'name = HEX' lines.\n"
	"\n"
	"Times T are Unix seconds, or ntp:SECONDS. Exit status: 0 ok, 1 failure, 2 usage.\n";

static int usage(FILE *f)
{
	fputs(usage_text, f);
	return f == stdout ? 0 : 2;
}

static int fail(const char *what, int err)
{
	if (err == -KSRTP_EIO)
		fprintf(stderr, "ksrtp-kms: %s: %s\n", what, strerror(errno));
	else
		fprintf(stderr, "ksrtp-kms: %s: %s\n", what, ksrtp_strerror(err));
	return 1;
}

static int bad_usage(const char *msg)
{
	fprintf(stderr, "ksrtp-kms: %s (see ksrtp-kms --help)\n", msg);
	return 2;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);

	if (errno || *end)
		return false;
	*v = x;
	return true;
}

/* Unix seconds, or ntp:SECONDS. */
static bool parse_time(const char *s, int64_t *t)
{
	uint64_t v;

	if (!strncmp(s, "ntp:", 4)) {
		if (!parse_u64(s + 4, &v))
			return false;
		*t = ksrtp_unix_from_ntp(v);
		return true;
	}
	if (!parse_u64(s, &v) || v > (uint64_t)INT64_MAX)
		return false;
	*t = (int64_t)v;
	return true;
}

static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *b;

	if (!f)
		return -KSRTP_EIO;
	b = malloc(cap + 1);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);

		n += r;
		if (n < cap)
			break;
		if (cap >= KSRTP_KMS_XML_MAX + 1)
			break;
		cap *= 2;
		char *nb = realloc(b, cap + 1);

		if (!nb) {
			free(b);
			b = NULL;
		}
		b = nb;
	}
	fclose(f);
	if (!b)
		return -KSRTP_ENOMEM;
	b[n] = 0;
	*out = b;
	*len = n;
	return 0;
}

static bool is_xml(const char *text)
{
	while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
		text++;
	return !strncmp(text, "<", 1) || !strncmp(text, "\xEF\xBB\xBF<", 4);
}

/* A KMS from a directory, a kms.pub file or a TS 33.180 certificate XML. */
static int load_kms(const char *path, struct ksrtp_kms **kms)
{
	struct stat st;
	char *text;
	size_t len;
	int err;

	if (stat(path, &st))
		return -KSRTP_EIO;
	if (S_ISDIR(st.st_mode))
		return ksrtp_kms_open_dir(kms, path);
	err = read_file(path, &text, &len);
	if (err)
		return err;
	err = is_xml(text) ? ksrtp_kms_from_xml(kms, text, len)
			   : ksrtp_kms_parse_public(kms, text, len);
	free(text);
	return err;
}

static void print_hex(FILE *f, const char *name, const uint8_t *p, size_t n)
{
	fprintf(f, "%s = ", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02X", p[i]);
	fprintf(f, "\n");
}

static void fmt_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm))
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(buf, size, "%" PRId64, t);
}

static void show_kms(const struct ksrtp_kms *k)
{
	printf("kind:       KMS (%s)\n", ksrtp_kms_has_secrets(k) ? "with secrets" : "public");
	printf("kms-uri:    %s\n", ksrtp_kms_uri(k));
	printf("id-format:  %s\n", ksrtp_id_format_name(ksrtp_kms_id_format(k)));
	if (ksrtp_kms_id_format(k) == KSRTP_ID_FORMAT_3GPP)
		printf("key-period: %" PRIu64 " s, offset %" PRIu64 " s (NTP)\n",
		       ksrtp_kms_period(k), ksrtp_kms_offset(k));
	else
		printf("key-period: one UTC month\n");
	print_hex(stdout, "Z (PubEncKey)   ", ksrtp_kms_z(k), KSRTP_SAKKE_POINT_LEN);
	print_hex(stdout, "KPAK (PubAuthKey)", ksrtp_kms_kpak(k), KSRTP_ECCSI_POINT_LEN);
}

static void show_keyset(const struct ksrtp_keyset *ks, bool secrets)
{
	char from[40], to[40];
	size_t il;
	const uint8_t *id = ksrtp_keyset_id(ks, &il);

	fmt_time(ksrtp_keyset_valid_from(ks), from, sizeof(from));
	fmt_time(ksrtp_keyset_valid_to(ks), to, sizeof(to));
	printf("kind:       key set\n");
	printf("user-uri:   %s\n", ksrtp_keyset_user_uri(ks));
	printf("kms-uri:    %s\n", ksrtp_keyset_kms_uri(ks));
	printf("id-format:  %s\n", ksrtp_id_format_name(ksrtp_keyset_id_format(ks)));
	printf("period-no:  %" PRIu64 "\n", ksrtp_keyset_period_no(ks));
	printf("valid:      %s .. %s\n", from, to);
	printf("revoked:    %s\n", ksrtp_keyset_revoked(ks) ? "yes (by the issuer)" : "no");
	print_hex(stdout, "identity", id, il);
	print_hex(stdout, "KPAK", ksrtp_keyset_kpak(ks), KSRTP_ECCSI_POINT_LEN);
	print_hex(stdout, "Z", ksrtp_keyset_z(ks), KSRTP_SAKKE_POINT_LEN);
	print_hex(stdout, "PVT", ksrtp_keyset_pvt(ks), KSRTP_ECCSI_POINT_LEN);
	if (secrets) {
		print_hex(stdout, "SSK", ksrtp_keyset_ssk(ks), KSRTP_ECCSI_SCALAR_LEN);
		print_hex(stdout, "RSK", ksrtp_keyset_rsk(ks), KSRTP_SAKKE_POINT_LEN);
	} else {
		printf("(SSK and RSK hidden; --secrets shows them)\n");
	}
}

static void default_keys_name(const char *uri, char *out, size_t size)
{
	size_t o = 0;

	for (const char *p = uri; *p && o + 6 < size; p++) {
		char c = *p;

		out[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
					   (c >= '0' && c <= '9') || c == '.' || c == '-' ||
					   c == '@'
				   ? c
				   : '_';
	}
	snprintf(out + o, size - o, ".keys");
}

/* ---- commands -------------------------------------------------------------------------- */

enum {
	OPT_URI = 256,
	OPT_IDF,
	OPT_PERIOD,
	OPT_OFFSET,
	OPT_PNO,
	OPT_TIME,
	OPT_SECRETS,
	OPT_KMS,
	OPT_XML,
	OPT_HEX,
	OPT_USER,
	OPT_RSK,
	OPT_SSK,
	OPT_PVT
};

static const struct option long_opts[] = {
	{"uri", required_argument, NULL, OPT_URI},
	{"id-format", required_argument, NULL, OPT_IDF},
	{"period", required_argument, NULL, OPT_PERIOD},
	{"offset", required_argument, NULL, OPT_OFFSET},
	{"period-no", required_argument, NULL, OPT_PNO},
	{"time", required_argument, NULL, OPT_TIME},
	{"secrets", no_argument, NULL, OPT_SECRETS},
	{"kms", required_argument, NULL, OPT_KMS},
	{"xml", no_argument, NULL, OPT_XML},
	{"hex", no_argument, NULL, OPT_HEX},
	{"user", required_argument, NULL, OPT_USER},
	{"rsk", required_argument, NULL, OPT_RSK},
	{"ssk", required_argument, NULL, OPT_SSK},
	{"pvt", required_argument, NULL, OPT_PVT},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct opts {
	const char *uri, *kms, *out, *user, *rsk, *ssk, *pvt;
	struct ksrtp_kms_params prm;
	bool have_pno, have_time, no_time, secrets, xml, hex;
	uint64_t pno;
	int64_t time;
	const char *args[4];
	int nargs;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_URI: o->prm.uri = optarg; break;
		case OPT_IDF:
			if (ksrtp_id_format_parse(optarg, &o->prm.id_format))
				return bad_usage("--id-format must be 3gpp or rfc6509");
			break;
		case OPT_PERIOD:
			if (!parse_u64(optarg, &o->prm.period) || !o->prm.period)
				return bad_usage("--period needs a positive number of seconds");
			break;
		case OPT_OFFSET:
			if (!parse_u64(optarg, &o->prm.offset))
				return bad_usage("--offset needs a number of seconds");
			break;
		case OPT_PNO:
			if (!parse_u64(optarg, &o->pno))
				return bad_usage("--period-no needs a number");
			o->have_pno = true;
			break;
		case OPT_TIME:
			if (!strcmp(optarg, "any")) {
				o->no_time = true;
			} else if (!parse_time(optarg, &o->time)) {
				return bad_usage("--time needs Unix seconds, ntp:SECONDS or 'any'");
			}
			o->have_time = true;
			break;
		case OPT_SECRETS: o->secrets = true; break;
		case OPT_KMS: o->kms = optarg; break;
		case OPT_XML: o->xml = true; break;
		case OPT_HEX: o->hex = true; break;
		case OPT_USER: o->user = optarg; break;
		case OPT_RSK: o->rsk = optarg; break;
		case OPT_SSK: o->ssk = optarg; break;
		case OPT_PVT: o->pvt = optarg; break;
		case 'o': o->out = optarg; break;
		case 'h': exit(usage(stdout));
		default: return 2;
		}
	}
	for (int i = optind; i < argc; i++) {
		if (o->nargs >= 4)
			return bad_usage("too many arguments");
		o->args[o->nargs++] = argv[i];
	}
	if (!o->have_time)
		o->time = (int64_t)time(NULL);
	return 0;
}

static int cmd_init(struct opts *o)
{
	struct ksrtp_kms *k = NULL;
	int err;

	if (o->nargs != 1 || !o->prm.uri)
		return bad_usage("init needs DIR and --uri KMS_URI");
	if (o->prm.id_format == KSRTP_ID_FORMAT_RFC6509 && (o->prm.period || o->prm.offset))
		return bad_usage("--period/--offset do not apply to --id-format rfc6509 (monthly)");
	err = ksrtp_kms_init_dir(&k, o->args[0], &o->prm);
	if (err)
		return fail(o->args[0], err);
	printf("KMS %s created in %s (%s identities", ksrtp_kms_uri(k), o->args[0],
	       ksrtp_id_format_name(ksrtp_kms_id_format(k)));
	if (ksrtp_kms_id_format(k) == KSRTP_ID_FORMAT_3GPP)
		printf(", key period %" PRIu64 " s, offset %" PRIu64 " s", ksrtp_kms_period(k),
		       ksrtp_kms_offset(k));
	printf(")\n");
	ksrtp_kms_free(k);
	return 0;
}

static int write_keyset(const struct ksrtp_keyset *ks, const char *out)
{
	char name[512], from[40], to[40];
	int err;

	if (!out) {
		default_keys_name(ksrtp_keyset_user_uri(ks), name, sizeof(name));
		out = name;
	}
	err = ksrtp_keyset_save(ks, out);
	if (err)
		return fail(out, err);
	fmt_time(ksrtp_keyset_valid_from(ks), from, sizeof(from));
	fmt_time(ksrtp_keyset_valid_to(ks), to, sizeof(to));
	printf("%s: key set of %s, key period %" PRIu64 " (%s .. %s)\n", out,
	       ksrtp_keyset_user_uri(ks), ksrtp_keyset_period_no(ks), from, to);
	return 0;
}

static int cmd_provision(struct opts *o)
{
	struct ksrtp_kms *k = NULL;
	struct ksrtp_keyset *ks = NULL;
	uint64_t pno = o->pno;
	int err, rc;

	if (o->nargs != 2)
		return bad_usage("provision needs DIR and USER_URI");
	if (o->have_pno && o->have_time)
		return bad_usage("give --period-no or --time, not both");
	err = ksrtp_kms_open_dir(&k, o->args[0]);
	if (err)
		return fail(o->args[0], err);
	if (!o->have_pno) {
		err = ksrtp_kms_period_at(k, o->time, &pno);
		if (err) {
			ksrtp_kms_free(k);
			return fail("key period", err);
		}
	}
	err = ksrtp_kms_provision(k, o->args[1], pno, &ks);
	ksrtp_kms_free(k);
	if (err)
		return fail(o->args[1], err);
	rc = write_keyset(ks, o->out);
	ksrtp_keyset_free(ks);
	return rc;
}

static int cmd_rotate(struct opts *o)
{
	struct ksrtp_kms *k = NULL;
	struct ksrtp_keyset *old = NULL, *ks = NULL;
	int err, rc;

	if (o->nargs != 2)
		return bad_usage("rotate needs DIR and FILE");
	err = ksrtp_kms_open_dir(&k, o->args[0]);
	if (err)
		return fail(o->args[0], err);
	err = ksrtp_keyset_load(&old, o->args[1]);
	if (!err)
		err = ksrtp_keyset_check(old, k, INT64_MIN) == -KSRTP_EKMS_WRONG_KMS
			      ? -KSRTP_EKMS_WRONG_KMS
			      : 0;
	if (err) {
		ksrtp_kms_free(k);
		ksrtp_keyset_free(old);
		return fail(o->args[1], err);
	}
	err = ksrtp_kms_provision(k, ksrtp_keyset_user_uri(old), ksrtp_keyset_period_no(old) + 1,
				  &ks);
	ksrtp_kms_free(k);
	if (err) {
		ksrtp_keyset_free(old);
		return fail(o->args[1], err);
	}
	rc = write_keyset(ks, o->out ? o->out : o->args[1]);
	ksrtp_keyset_free(old);
	ksrtp_keyset_free(ks);
	return rc;
}

static int cmd_revoke(struct opts *o)
{
	struct ksrtp_kms *k = NULL;
	int err;

	if (o->nargs != 2)
		return bad_usage("revoke needs DIR and USER_URI");
	err = ksrtp_kms_open_dir(&k, o->args[0]);
	if (!err)
		err = ksrtp_kms_revoke(k, o->args[1]);
	ksrtp_kms_free(k);
	if (err)
		return fail(o->args[1], err);
	printf("%s revoked in %s\n", o->args[1], o->args[0]);
	return 0;
}

/* Load FILE as a key set, or a KMS (directory, kms.pub, certificate XML). */
static int load_any(const char *path, struct ksrtp_keyset **ks, struct ksrtp_kms **kms)
{
	struct stat st;
	char *text;
	size_t len;
	int err;

	*ks = NULL;
	*kms = NULL;
	if (stat(path, &st))
		return -KSRTP_EIO;
	if (S_ISDIR(st.st_mode))
		return ksrtp_kms_open_dir(kms, path);
	err = read_file(path, &text, &len);
	if (err)
		return err;
	if (is_xml(text))
		err = ksrtp_kms_from_xml(kms, text, len);
	else if (!strncmp(text, "ksrtp-kms-public ", 17))
		err = ksrtp_kms_parse_public(kms, text, len);
	else
		err = ksrtp_keyset_parse(ks, text, len);
	ksrtp_kms_text_free(text, len);
	return err;
}

/* kms.secret and revoked belong to a directory: say so rather than "wrong kind". */
static int dir_file(const char *path)
{
	char head[32] = {0};
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (!fread(head, 1, sizeof(head) - 1, f))
		head[0] = 0;
	fclose(f);
	if (strncmp(head, "ksrtp-kms-secret ", 17) && strncmp(head, "ksrtp-kms-revoked ", 18))
		return 0;
	fprintf(stderr, "ksrtp-kms: %s is part of a KMS directory: give the directory instead\n",
		path);
	return 1;
}

static int cmd_show(struct opts *o)
{
	struct ksrtp_keyset *ks;
	struct ksrtp_kms *k;
	int err;

	if (o->nargs != 1)
		return bad_usage("show needs FILE");
	if (dir_file(o->args[0]))
		return 1;
	err = load_any(o->args[0], &ks, &k);
	if (err)
		return fail(o->args[0], err);
	if (ks)
		show_keyset(ks, o->secrets);
	else
		show_kms(k);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(k);
	return 0;
}

static int cmd_verify(struct opts *o)
{
	struct ksrtp_keyset *ks = NULL;
	struct ksrtp_kms *k = NULL;
	int err;

	if (o->nargs != 1 || !o->kms)
		return bad_usage("verify needs FILE and --kms DIR|kms.pub|CERT.xml");
	err = load_kms(o->kms, &k);
	if (err)
		return fail(o->kms, err);
	err = ksrtp_keyset_load(&ks, o->args[0]);
	if (!err)
		err = ksrtp_keyset_check(ks, k, o->no_time ? INT64_MIN : o->time);
	if (err) {
		ksrtp_keyset_free(ks);
		ksrtp_kms_free(k);
		return fail(o->args[0], err);
	}
	printf("%s: OK: key set of %s, key period %" PRIu64 ", KMS %s%s\n", o->args[0],
	       ksrtp_keyset_user_uri(ks), ksrtp_keyset_period_no(ks), ksrtp_kms_uri(k),
	       ksrtp_kms_has_secrets(k) ? " (directory, revocation list checked)" : "");
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(k);
	return 0;
}

static int hex_arg(const char *name, const char *hex, uint8_t *out, size_t len)
{
	if (!hex) {
		fprintf(stderr, "ksrtp-kms: import --hex needs --%s\n", name);
		return 2;
	}
	if (strlen(hex) != 2 * len)
		goto bad;
	for (size_t i = 0; i < len; i++) {
		unsigned int b;

		if (!strchr("0123456789abcdefABCDEF", hex[2 * i]) || !hex[2 * i] ||
		    !strchr("0123456789abcdefABCDEF", hex[2 * i + 1]) || !hex[2 * i + 1] ||
		    sscanf(hex + 2 * i, "%2x", &b) != 1)
			goto bad;
		out[i] = (uint8_t)b;
	}
	return 0;
bad:
	fprintf(stderr, "ksrtp-kms: --%s needs %zu hex octets\n", name, len);
	return 2;
}

static int save_checked(struct ksrtp_keyset *ks, struct ksrtp_kms *k, const char *out)
{
	int err = ksrtp_keyset_check(ks, k, INT64_MIN);

	if (err)
		return fail("imported key set", err);
	return write_keyset(ks, out);
}

static int cmd_import(struct opts *o)
{
	struct ksrtp_kms *k = NULL, *cert = NULL;
	struct ksrtp_keyset *ks = NULL;
	char *text = NULL;
	size_t len = 0;
	int err, rc = 1;

	if (!o->out)
		return bad_usage("import needs -o OUT");
	if (o->hex) {
		uint8_t rsk[KSRTP_SAKKE_POINT_LEN], ssk[KSRTP_ECCSI_SCALAR_LEN],
			pvt[KSRTP_ECCSI_POINT_LEN];

		if (o->nargs || !o->kms || !o->user || !o->have_pno)
			return bad_usage("import --hex needs --kms, --user and --period-no");
		if ((rc = hex_arg("rsk", o->rsk, rsk, sizeof(rsk))) ||
		    (rc = hex_arg("ssk", o->ssk, ssk, sizeof(ssk))) ||
		    (rc = hex_arg("pvt", o->pvt, pvt, sizeof(pvt))))
			return rc;
		err = load_kms(o->kms, &k);
		if (err)
			return fail(o->kms, err);
		err = ksrtp_keyset_new(&ks, k, o->user, o->pno, rsk, ssk, pvt);
		OPENSSL_cleanse(rsk, sizeof(rsk));
		OPENSSL_cleanse(ssk, sizeof(ssk));
		rc = err ? fail(o->user, err) : save_checked(ks, k, o->out);
		goto out;
	}
	if (o->nargs != 1)
		return bad_usage("import needs FILE.xml (or --hex ...)");
	err = read_file(o->args[0], &text, &len);
	if (err)
		return fail(o->args[0], err);
	if (!is_xml(text)) {
		rc = fail(o->args[0], -KSRTP_EKMS_XML_SYNTAX);
		goto out;
	}
	/* a certificate in the document itself, else --kms */
	err = ksrtp_kms_from_xml(&cert, text, len);
	if (err && err != -KSRTP_EKMS_XML_SCHEMA) {
		rc = fail(o->args[0], err);
		goto out;
	}
	if (o->kms) {
		err = load_kms(o->kms, &k);
		if (err) {
			rc = fail(o->kms, err);
			goto out;
		}
	}
	err = ksrtp_keyset_from_xml(&ks, text, len, k ? k : cert);
	if (!err) {
		rc = save_checked(ks, k ? k : cert, o->out);
	} else if (err == -KSRTP_EKMS_XML_SCHEMA && cert) {
		err = ksrtp_kms_save_public(cert, o->out);
		rc = err ? fail(o->out, err) : 0;
		if (!rc)
			printf("%s: KMS %s (public)\n", o->out, ksrtp_kms_uri(cert));
	} else if (err == -KSRTP_EINVAL) {
		rc = fail(o->args[0], -KSRTP_EKMS_XML_SCHEMA);
		if (strstr(text, "KmsKeySet"))
			fprintf(stderr,
				"ksrtp-kms: (a KmsKeySet needs the KMS certificate: --kms)\n");
	} else {
		rc = fail(o->args[0], err);
	}
out:
	ksrtp_kms_text_free(text, len);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(k);
	ksrtp_kms_free(cert);
	return rc;
}

static int cmd_export(struct opts *o)
{
	struct ksrtp_keyset *ks;
	struct ksrtp_kms *k;
	char *xml = NULL;
	size_t len = 0;
	FILE *f = stdout;
	int err;

	if (o->nargs != 1)
		return bad_usage("export needs FILE");
	if (dir_file(o->args[0]))
		return 1;
	err = load_any(o->args[0], &ks, &k);
	if (err)
		return fail(o->args[0], err);
	if (o->out) {
		int fd = open(o->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		f = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!f) {
			err = -KSRTP_EIO;
			goto out;
		}
	}
	if (o->xml) {
		err = ks ? ksrtp_keyset_to_xml(ks, &xml, &len) : ksrtp_kms_to_xml(k, &xml, &len);
		if (!err)
			fwrite(xml, 1, len, f);
	} else if (ks) {
		size_t il;
		const uint8_t *id = ksrtp_keyset_id(ks, &il);

		fprintf(f, "# key set of %s, KMS %s, key period %" PRIu64 "\n",
			ksrtp_keyset_user_uri(ks), ksrtp_keyset_kms_uri(ks),
			ksrtp_keyset_period_no(ks));
		print_hex(f, "KMS_Z", ksrtp_keyset_z(ks), KSRTP_SAKKE_POINT_LEN);
		print_hex(f, "KMS_KPAK", ksrtp_keyset_kpak(ks), KSRTP_ECCSI_POINT_LEN);
		print_hex(f, "ID", id, il);
		print_hex(f, "RSK", ksrtp_keyset_rsk(ks), KSRTP_SAKKE_POINT_LEN);
		print_hex(f, "SSK", ksrtp_keyset_ssk(ks), KSRTP_ECCSI_SCALAR_LEN);
		print_hex(f, "PVT", ksrtp_keyset_pvt(ks), KSRTP_ECCSI_POINT_LEN);
	} else {
		fprintf(f, "# KMS %s (%s)\n", ksrtp_kms_uri(k),
			ksrtp_id_format_name(ksrtp_kms_id_format(k)));
		print_hex(f, "KMS_Z", ksrtp_kms_z(k), KSRTP_SAKKE_POINT_LEN);
		print_hex(f, "KMS_KPAK", ksrtp_kms_kpak(k), KSRTP_ECCSI_POINT_LEN);
	}
	if (f != stdout && fclose(f) && !err)
		err = -KSRTP_EIO;
out:
	ksrtp_kms_text_free(xml, len);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(k);
	return err ? fail(o->out ? o->out : "export", err) : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct opts *o);
	} cmds[] = {{"init", cmd_init},	    {"provision", cmd_provision}, {"rotate", cmd_rotate},
		    {"revoke", cmd_revoke}, {"show", cmd_show},		  {"verify", cmd_verify},
		    {"import", cmd_import}, {"export", cmd_export}};
	struct opts o;
	int rc;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		rc = parse_opts(argc - 1, argv + 1, &o);
		return rc ? rc : cmds[i].fn(&o);
	}
	fprintf(stderr, "ksrtp-kms: unknown command '%s' (see ksrtp-kms --help)\n", argv[1]);
	return 2;
}
