// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-keybench - keying benchmark: ECCSI (RFC 6507) and SAKKE (RFC 6508) operations of
 * libksrtp next to OpenSSL's ECDSA P-256 and RSA-2048 measured in the same process.
 *
 *   ksrtp-keybench [--time SECONDS] [--reps N] [--json FILE]
 *
 * Every operation runs for a fixed time (after a warm-up of a quarter of it), N times
 * (default 3); the median rate is reported. Time is the thread's CPU time, so the numbers are
 * "per core" and robust against other load on the machine. Ratios compare libksrtp's time per
 * operation with the OpenSSL reference operation and are checked against the project targets.
 */
#include <ksrtp/eccsi.h>
#include <ksrtp/err.h>
#include <ksrtp/sakke.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

struct bench_ctx {
	/* ECCSI */
	struct ksrtp_eccsi_signer *signer;
	struct ksrtp_eccsi_verifier *verifier;
	uint8_t kpak[KSRTP_ECCSI_POINT_LEN], ssk[KSRTP_ECCSI_SCALAR_LEN];
	uint8_t pvt[KSRTP_ECCSI_POINT_LEN], sig[KSRTP_ECCSI_SIG_LEN];
	/* SAKKE */
	struct ksrtp_sakke_pub *pub;
	struct ksrtp_sakke_receiver *rx;
	uint8_t z_pub[KSRTP_SAKKE_POINT_LEN], rsk[KSRTP_SAKKE_POINT_LEN];
	uint8_t sed[KSRTP_SAKKE_SED_LEN], ssv[KSRTP_SAKKE_SSV_LEN];
	/* OpenSSL */
	EVP_PKEY_CTX *ec_sign, *ec_verify, *rsa_sign;
	uint8_t digest[32], ecsig[80], rsasig[256];
	size_t ecsig_len;
	int failed;
};

static const uint8_t ID[] = "2011-02\0tel:+447700900123";
static const uint8_t MSG[] = "message: a MIKEY-SAKKE I_MESSAGE is about 600 octets long";

typedef int (*op_fn)(struct bench_ctx *);

static int op_eccsi_sign(struct bench_ctx *c)
{
	uint8_t sig[KSRTP_ECCSI_SIG_LEN];

	return ksrtp_eccsi_sign(c->signer, MSG, sizeof(MSG), sig);
}

static int op_eccsi_verify(struct bench_ctx *c)
{
	return ksrtp_eccsi_verify(c->verifier, ID, sizeof(ID), MSG, sizeof(MSG), c->sig,
				  sizeof(c->sig));
}

static int op_eccsi_signer_new(struct bench_ctx *c)
{
	struct ksrtp_eccsi_signer *s = NULL;
	int ret = ksrtp_eccsi_signer_new(&s, c->kpak, ID, sizeof(ID), c->ssk, c->pvt);

	ksrtp_eccsi_signer_free(s);
	return ret;
}

static int op_sakke_encap(struct bench_ctx *c)
{
	uint8_t sed[KSRTP_SAKKE_SED_LEN];

	return ksrtp_sakke_encapsulate(c->pub, ID, sizeof(ID), c->ssv, sed);
}

static int op_sakke_decap(struct bench_ctx *c)
{
	uint8_t ssv[KSRTP_SAKKE_SSV_LEN];

	return ksrtp_sakke_decapsulate(c->rx, c->sed, sizeof(c->sed), ssv);
}

static int op_sakke_receiver_new(struct bench_ctx *c)
{
	struct ksrtp_sakke_receiver *rx = NULL;
	int ret = ksrtp_sakke_receiver_new(&rx, c->pub, ID, sizeof(ID), c->rsk);

	ksrtp_sakke_receiver_free(rx);
	return ret;
}

/* a receiver ready to decapsulate: validation plus the RSK's own Miller lines and Q_b's comb */
static int op_sakke_receiver_ready(struct bench_ctx *c)
{
	struct ksrtp_sakke_receiver *rx = NULL;
	int ret = ksrtp_sakke_receiver_new(&rx, c->pub, ID, sizeof(ID), c->rsk);

	ret = ret ? ret : ksrtp_sakke_receiver_prepare(rx);
	ksrtp_sakke_receiver_free(rx);
	return ret;
}

/* once per KMS: pub_new and the first receiver, which builds the lines of P and Z */
static int op_sakke_kms_first(struct bench_ctx *c)
{
	struct ksrtp_sakke_pub *pub = NULL;
	struct ksrtp_sakke_receiver *rx = NULL;
	int ret = ksrtp_sakke_pub_new(&pub, c->z_pub);

	ret = ret ? ret : ksrtp_sakke_receiver_new(&rx, pub, ID, sizeof(ID), c->rsk);
	ksrtp_sakke_receiver_free(rx);
	ksrtp_sakke_pub_free(pub);
	return ret;
}

static int op_ecdsa_sign(struct bench_ctx *c)
{
	uint8_t sig[80];
	size_t len = sizeof(sig);

	return EVP_PKEY_sign(c->ec_sign, sig, &len, c->digest, sizeof(c->digest)) == 1 ? 0 : -1;
}

static int op_ecdsa_verify(struct bench_ctx *c)
{
	return EVP_PKEY_verify(c->ec_verify, c->ecsig, c->ecsig_len, c->digest,
			       sizeof(c->digest)) == 1
		       ? 0
		       : -1;
}

static int op_rsa_sign(struct bench_ctx *c)
{
	size_t len = sizeof(c->rsasig);

	return EVP_PKEY_sign(c->rsa_sign, c->rsasig, &len, c->digest, sizeof(c->digest)) == 1 ? 0
											      : -1;
}

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* operations per second over `seconds` of CPU time */
static double run_for(struct bench_ctx *c, op_fn fn, double seconds)
{
	double t0 = cpu_now(), t;
	long n = 0;

	do {
		for (int i = 0; i < 4; i++) {
			if (fn(c)) {
				c->failed = 1;
				return 0;
			}
		}
		n += 4;
		t = cpu_now() - t0;
	} while (t < seconds);
	return (double)n / t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct measure {
	const char *key, *name;
	op_fn fn;
	double ops;
};

static struct measure M[] = {
	{"ecdsa_p256_sign", "OpenSSL ECDSA P-256 sign", op_ecdsa_sign, 0},
	{"ecdsa_p256_verify", "OpenSSL ECDSA P-256 verify", op_ecdsa_verify, 0},
	{"rsa2048_sign", "OpenSSL RSA-2048 private-key op (sign)", op_rsa_sign, 0},
	{"eccsi_sign", "ECCSI sign", op_eccsi_sign, 0},
	{"eccsi_verify", "ECCSI verify", op_eccsi_verify, 0},
	{"eccsi_ssk_validation", "ECCSI SSK validation (signer_new)", op_eccsi_signer_new, 0},
	{"sakke_encapsulate", "SAKKE encapsulate", op_sakke_encap, 0},
	{"sakke_decapsulate", "SAKKE decapsulate", op_sakke_decap, 0},
	{"sakke_rsk_validation", "SAKKE RSK validation (receiver_new)", op_sakke_receiver_new, 0},
	{"sakke_receiver_ready", "SAKKE receiver_new + prepare (decap tables)",
	 op_sakke_receiver_ready, 0},
	{"sakke_kms_first", "SAKKE pub_new + first receiver (once per KMS)", op_sakke_kms_first, 0},
};
#define NM (sizeof(M) / sizeof(M[0]))

static double ops_of(const char *key)
{
	for (size_t i = 0; i < NM; i++)
		if (!strcmp(M[i].key, key))
			return M[i].ops;
	return 0;
}

static const struct target {
	const char *op, *ref;
	double max;
} TARGETS[] = {
	{"eccsi_sign", "ecdsa_p256_sign", 2},
	{"eccsi_verify", "ecdsa_p256_verify", 3},
	{"eccsi_ssk_validation", "ecdsa_p256_verify", 3},
	{"sakke_decapsulate", "rsa2048_sign", 8},
	{"sakke_encapsulate", "rsa2048_sign", 6},
	{"sakke_rsk_validation", "rsa2048_sign", 8},
};
#define NT (sizeof(TARGETS) / sizeof(TARGETS[0]))

static int check(int ret, const char *what)
{
	if (ret) {
		fprintf(stderr, "ksrtp-keybench: %s failed: %s\n", what,
			ret < 0 ? ksrtp_strerror(ret) : "OpenSSL error");
		exit(1);
	}
	return 0;
}

static void setup(struct bench_ctx *c)
{
	uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN], z[KSRTP_SAKKE_SCALAR_LEN];
	EVP_PKEY *ec = NULL, *rsa = NULL;

	memset(c, 0, sizeof(*c));
	check(RAND_bytes(c->digest, sizeof(c->digest)) != 1, "RAND_bytes");
	check(RAND_bytes(c->ssv, sizeof(c->ssv)) != 1, "RAND_bytes");
	check(ksrtp_eccsi_kms_keygen(ksak, c->kpak), "ECCSI KMS keygen");
	check(ksrtp_eccsi_kms_issue(ksak, ID, sizeof(ID), NULL, c->ssk, c->pvt), "ECCSI issue");
	check(ksrtp_eccsi_signer_new(&c->signer, c->kpak, ID, sizeof(ID), c->ssk, c->pvt),
	      "ECCSI signer_new");
	check(ksrtp_eccsi_verifier_new(&c->verifier, c->kpak), "ECCSI verifier_new");
	check(ksrtp_eccsi_sign(c->signer, MSG, sizeof(MSG), c->sig), "ECCSI sign");
	check(ksrtp_sakke_kms_keygen(z, c->z_pub), "SAKKE KMS keygen");
	check(ksrtp_sakke_kms_rsk(z, sizeof(z), ID, sizeof(ID), c->rsk), "SAKKE RSK");
	check(ksrtp_sakke_pub_new(&c->pub, c->z_pub), "SAKKE pub_new");
	check(ksrtp_sakke_receiver_new(&c->rx, c->pub, ID, sizeof(ID), c->rsk),
	      "SAKKE receiver_new");
	check(ksrtp_sakke_encapsulate(c->pub, ID, sizeof(ID), c->ssv, c->sed), "SAKKE encapsulate");
	OPENSSL_cleanse(ksak, sizeof(ksak));
	OPENSSL_cleanse(z, sizeof(z));

	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	check(!ec || !rsa, "OpenSSL key generation");
	c->ec_sign = EVP_PKEY_CTX_new(ec, NULL);
	c->ec_verify = EVP_PKEY_CTX_new(ec, NULL);
	c->rsa_sign = EVP_PKEY_CTX_new(rsa, NULL);
	check(!c->ec_sign || !c->ec_verify || !c->rsa_sign, "EVP_PKEY_CTX_new");
	check(EVP_PKEY_sign_init(c->ec_sign) != 1 || EVP_PKEY_verify_init(c->ec_verify) != 1 ||
		      EVP_PKEY_sign_init(c->rsa_sign) != 1 ||
		      EVP_PKEY_CTX_set_rsa_padding(c->rsa_sign, RSA_PKCS1_PADDING) != 1 ||
		      EVP_PKEY_CTX_set_signature_md(c->rsa_sign, EVP_sha256()) != 1,
	      "EVP sign/verify init");
	c->ecsig_len = sizeof(c->ecsig);
	check(EVP_PKEY_sign(c->ec_sign, c->ecsig, &c->ecsig_len, c->digest, sizeof(c->digest)) != 1,
	      "ECDSA sign");
	EVP_PKEY_free(ec);
	EVP_PKEY_free(rsa);
}

static void teardown(struct bench_ctx *c)
{
	ksrtp_eccsi_signer_free(c->signer);
	ksrtp_eccsi_verifier_free(c->verifier);
	ksrtp_sakke_pub_free(c->pub);
	ksrtp_sakke_receiver_free(c->rx);
	EVP_PKEY_CTX_free(c->ec_sign);
	EVP_PKEY_CTX_free(c->ec_verify);
	EVP_PKEY_CTX_free(c->rsa_sign);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: ksrtp-keybench [--time SECONDS] [--reps N] [--json FILE]\n"
		   "  ECCSI/SAKKE operations of libksrtp vs OpenSSL ECDSA P-256 and RSA-2048,\n"
		   "  each run for SECONDS of CPU time (default 1) N times (default 3), median.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"time", required_argument, NULL, 't'},
		{"reps", required_argument, NULL, 'r'},
		{"json", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct bench_ctx c;
	double seconds = 1.0, runs[16];
	const char *json = NULL;
	int reps = 3, opt, misses = 0;
	FILE *jf = NULL;

	while ((opt = getopt_long(argc, argv, "t:r:j:h", opts, NULL)) != -1) {
		switch (opt) {
		case 't': seconds = strtod(optarg, NULL); break;
		case 'r': reps = atoi(optarg); break;
		case 'j': json = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!(seconds > 0 && seconds <= 60) || reps < 1 || reps > 16) {
		fprintf(stderr, "ksrtp-keybench: --time must be in (0, 60] and --reps in 1..16\n");
		return 2;
	}
	setup(&c);
	printf("# ksrtp-keybench: %s; SAKKE arithmetic: %s; %.2f s of CPU time per run, median "
	       "of %d runs\n",
	       OpenSSL_version(OPENSSL_VERSION), ksrtp_sakke_backend(), seconds, reps);
	printf("%-42s %12s %10s\n", "operation", "ops/s", "ms/op");
	for (size_t i = 0; i < NM; i++) {
		run_for(&c, M[i].fn, seconds / 4); /* warm-up */
		for (int r = 0; r < reps; r++)
			runs[r] = run_for(&c, M[i].fn, seconds);
		if (c.failed) {
			fprintf(stderr, "ksrtp-keybench: %s failed during the run\n", M[i].name);
			return 1;
		}
		qsort(runs, (size_t)reps, sizeof(runs[0]), cmp_double);
		M[i].ops = runs[reps / 2];
		printf("%-42s %12.1f %10.4f\n", M[i].name, M[i].ops, 1e3 / M[i].ops);
		fflush(stdout);
	}
	printf("\n%-24s %-20s %10s %8s %s\n", "operation", "reference", "ratio", "target",
	       "result");
	for (size_t i = 0; i < NT; i++) {
		double ratio = ops_of(TARGETS[i].ref) / ops_of(TARGETS[i].op);
		int pass = ratio <= TARGETS[i].max;

		misses += !pass;
		printf("%-24s %-20s %10.2f %8s %s\n", TARGETS[i].op, TARGETS[i].ref, ratio,
		       TARGETS[i].max == 2   ? "<= 2"
		       : TARGETS[i].max == 3 ? "<= 3"
		       : TARGETS[i].max == 6 ? "<= 6"
					     : "<= 8",
		       pass ? "PASS" : "MISS");
	}
	if (json) {
		jf = fopen(json, "w");
		if (!jf) {
			fprintf(stderr, "ksrtp-keybench: %s: %s\n", json, strerror(errno));
			return 1;
		}
		fprintf(jf,
			"{\n  \"openssl\": \"%s\",\n  \"sakke_backend\": \"%s\",\n  "
			"\"seconds\": %.3f,\n  \"reps\": %d,\n",
			OpenSSL_version(OPENSSL_VERSION), ksrtp_sakke_backend(), seconds, reps);
		fprintf(jf, "  \"ops\": {\n");
		for (size_t i = 0; i < NM; i++)
			fprintf(jf, "    \"%s\": {\"ops_per_s\": %.1f, \"ms_per_op\": %.4f}%s\n",
				M[i].key, M[i].ops, 1e3 / M[i].ops, i + 1 < NM ? "," : "");
		fprintf(jf, "  },\n  \"targets\": [\n");
		for (size_t i = 0; i < NT; i++) {
			double ratio = ops_of(TARGETS[i].ref) / ops_of(TARGETS[i].op);

			fprintf(jf,
				"    {\"op\": \"%s\", \"reference\": \"%s\", \"ratio\": %.3f, "
				"\"max\": %.0f, \"pass\": %s}%s\n",
				TARGETS[i].op, TARGETS[i].ref, ratio, TARGETS[i].max,
				ratio <= TARGETS[i].max ? "true" : "false", i + 1 < NT ? "," : "");
		}
		fprintf(jf, "  ]\n}\n");
		fclose(jf);
	}
	teardown(&c);
	printf("\n%d of %zu targets missed\n", misses, NT);
	return 0;
}
