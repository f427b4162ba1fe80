// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp-setupbench - the keying flows of a group call, timed at library level (libksrtp):
 *
 *  1. GMK advertisement: the group management server (GMS) builds one MIKEY-SAKKE I_MESSAGE
 *     per member (TS 33.180 style: SAKKE-encapsulated GMK to the member's UID, GMK-ID ||
 *     GUK-ID in a GENERIC-ID CS map, ECCSI-signed by the GMS), then every member verifies the
 *     signature and decapsulates its message (members in --threads threads). A member is
 *     confirmed when its parse succeeded and returned the GMK and GMK-ID that were sent.
 *  2. Group session setup: the caller puts a fresh GSK + salt in an ECCSI-signed MIKEY-PSK
 *     under the GMK into an SDP offer (a=key-mgmt:mikey, RFC 4567); every member parses the
 *     SDP, finds the GMK by its id in its key store (filled in step 1), checks MAC, signature
 *     and freshness, unwraps the GSK and derives the SRTP master key and salt: the latency from
 *     the start of the offer to every member holding its SRTP key.
 *
 * What is simulated: there is no SIP and no network (ksrtpd comes later): messages are handed
 * over in memory, so the times are the endpoints' processing only. The KMS provisioning of
 * the members (RSK validation etc.) is done first and timed separately. Installing the SRTP
 * key into the kernel (netlink, ksrtpctl) is measured by the datapath benchmark in the VM.
 */
#include <ksrtp/eccsi.h>
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>
#include <ksrtp/sakke.h>
#include <ksrtp/sdp.h>

#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#define PROG	     "ksrtp-setupbench"
#define MAX_MEMBERS  10000
#define MAX_THREADS  16
#define MAX_SIZES    8
#define KMS_URI	     "kms.example.org"
#define GMS_URI	     "sip:gms@example.org"
#define PERIOD	     2592000 /* 30 days */
#define GMK_ID	     0x0a5a5a01u
#define GSK_ID	     0x6b6b6b01u
#define SESSION_SSRC 0x5eed0001u

struct member {
	char uri[64];
	uint8_t uid[KSRTP_ID_UID_LEN];
	struct ksrtp_sakke_receiver *rx;
	struct ksrtp_mikey_keystore *store;
	uint8_t *imsg; /* its I_MESSAGE */
	size_t imsg_len;
	int gmk_ok, srtp_ok;
	uint8_t srtp_key[16], srtp_salt[14];
};

struct kms {
	uint8_t z[KSRTP_SAKKE_SCALAR_LEN], zpub[KSRTP_SAKKE_POINT_LEN];
	uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN], kpak[KSRTP_ECCSI_POINT_LEN];
	struct ksrtp_sakke_pub *spub;
	struct ksrtp_eccsi_verifier *ver;
	uint64_t period_no;
};

struct bench {
	struct kms kms;
	struct ksrtp_eccsi_signer *gms;
	uint8_t gms_uid[KSRTP_ID_UID_LEN];
	uint8_t gmk[16];
	struct member *m;
	size_t n;
	unsigned threads;
	uint64_t now;	 /* NTP */
	const char *sdp; /* the offer (step 2) */
	size_t sdp_len;
};

struct job {
	struct bench *b;
	unsigned t;
	int step; /* 0 provision, 1 GMK, 2 session */
	double cpu_s;
	int err;
};

static double now_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int provision(struct bench *b, struct member *m, size_t i)
{
	uint8_t rsk[KSRTP_SAKKE_POINT_LEN];
	int err;

	snprintf(m->uri, sizeof(m->uri), "sip:member-%zu@example.org", i);
	err = ksrtp_id_uid(m->uid, m->uri, KMS_URI, PERIOD, 0, b->kms.period_no);
	if (!err)
		err = ksrtp_sakke_kms_rsk(b->kms.z, sizeof(b->kms.z), m->uid, sizeof(m->uid), rsk);
	if (!err)
		err = ksrtp_sakke_receiver_new(&m->rx, b->kms.spub, m->uid, sizeof(m->uid), rsk);
	/* as a daemon does when it loads a key set: the decapsulation tables now, not in the
	 * first I_MESSAGE */
	if (!err)
		err = ksrtp_sakke_receiver_prepare(m->rx);
	if (!err)
		err = ksrtp_mikey_keystore_new(&m->store, 4);
	OPENSSL_cleanse(rsk, sizeof(rsk));
	return err;
}

/* A member receives its I_MESSAGE: verify, decapsulate, keep the GMK. */
static int member_gmk(struct bench *b, struct member *m)
{
	struct ksrtp_mikey_sakke_parse_args pa = {
		.rx = m->rx,
		.my_id = m->uid,
		.my_id_len = sizeof(m->uid),
		.verifier = b->kms.ver,
		.expect_init = b->gms_uid,
		.expect_init_len = sizeof(b->gms_uid),
		.now = b->now,
		.window_s = 300,
	};
	struct ksrtp_mikey_result res;
	struct ksrtp_mikey_key k = {0};
	int err = ksrtp_mikey_sakke_parse(m->imsg, m->imsg_len, &pa, &res);

	if (err)
		return err;
	m->gmk_ok = res.key_len == 16 && !CRYPTO_memcmp(res.key, b->gmk, 16) && res.key_id_known &&
		    res.key_id == GMK_ID && res.signed_ok;
	if (m->gmk_ok) {
		k.key_id = res.key_id;
		memcpy(k.key, res.key, 16);
		k.key_len = 16;
		k.ts = res.ts;
		err = ksrtp_mikey_keystore_add(m->store, &k);
	}
	OPENSSL_cleanse(&k, sizeof(k));
	ksrtp_mikey_result_clear(&res);
	return err;
}

/* A member receives the SDP offer: MIKEY-PSK -> GSK -> SRTP master key and salt. */
static int member_session(struct bench *b, struct member *m)
{
	struct ksrtp_mikey_psk_parse_args pa = {
		.store = m->store,
		.require_sign = 1,
		.verifier = b->kms.ver,
		.signer_id = b->gms_uid,
		.signer_id_len = sizeof(b->gms_uid),
		.now = b->now,
		.window_s = 300,
	};
	struct ksrtp_mikey_result res;
	struct ksrtp_sdp *sdp = NULL;
	const uint8_t *mk;
	size_t mk_len;
	int err = ksrtp_sdp_parse(b->sdp, b->sdp_len, &sdp);

	if (err)
		return err;
	mk = ksrtp_sdp_mikey(sdp, 0, &mk_len);
	if (!mk) {
		ksrtp_sdp_free(sdp);
		return -KSRTP_ESDP_NO_KEYMGMT;
	}
	err = ksrtp_mikey_psk_parse(mk, mk_len, &pa, &res);
	ksrtp_sdp_free(sdp);
	if (err)
		return err;
	err = ksrtp_mikey_srtp_keys(res.prf, res.key, res.key_len, res.cs_id, res.csb_id, res.rand,
				    res.rand_len, m->srtp_key, sizeof(m->srtp_key), m->srtp_salt,
				    sizeof(m->srtp_salt));
	m->srtp_ok = !err && res.key_id_known && res.key_id == GSK_ID;
	ksrtp_mikey_result_clear(&res);
	return err;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct bench *b = j->b;
	double c0 = now_s(CLOCK_THREAD_CPUTIME_ID);

	for (size_t i = j->t; i < b->n && !j->err; i += b->threads) {
		if (j->step == 0)
			j->err = provision(b, &b->m[i], i);
		else if (j->step == 1)
			j->err = member_gmk(b, &b->m[i]);
		else
			j->err = member_session(b, &b->m[i]);
	}
	j->cpu_s = now_s(CLOCK_THREAD_CPUTIME_ID) - c0;
	return NULL;
}

/* Run one step over all members in the threads: wall seconds, total thread CPU seconds. */
static int run_step(struct bench *b, int step, double *wall, double *cpu)
{
	pthread_t th[MAX_THREADS];
	struct job jobs[MAX_THREADS];
	double t0 = now_s(CLOCK_MONOTONIC);
	int err = 0;

	for (unsigned t = 0; t < b->threads; t++) {
		jobs[t] = (struct job){.b = b, .t = t, .step = step};
		if (pthread_create(&th[t], NULL, worker, &jobs[t])) {
			fprintf(stderr, PROG ": pthread_create failed\n");
			for (unsigned u = 0; u < t; u++)
				pthread_join(th[u], NULL);
			return -KSRTP_ENOMEM;
		}
	}
	*cpu = 0;
	for (unsigned t = 0; t < b->threads; t++) {
		pthread_join(th[t], NULL);
		*cpu += jobs[t].cpu_s;
		if (jobs[t].err && !err)
			err = jobs[t].err;
	}
	*wall = now_s(CLOCK_MONOTONIC) - t0;
	return err;
}

/* The GMS builds every member's I_MESSAGE (one thread: one GMS). */
static int gms_build(struct bench *b)
{
	static const uint8_t sp[] = {0, 1, 6, 1, 1, 16, 4, 1, 12, 20, 1, 16};

	for (size_t i = 0; i < b->n; i++) {
		struct member *m = &b->m[i];
		uint32_t guk;
		int err = ksrtp_mikey_guk_id(b->gmk, sizeof(b->gmk), GMK_ID, m->uri, &guk);
		struct ksrtp_mikey_sakke_build_args ba = {
			.style = KSRTP_MIKEY_STYLE_TS33180,
			.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
			.init_uri = GMS_URI,
			.resp_uri = m->uri,
			.kms_uri = KMS_URI,
			.init_uid = b->gms_uid,
			.resp_uid = m->uid,
			.signer = b->gms,
			.sakke_pub = b->kms.spub,
			.key = b->gmk,
			.key_id = GMK_ID,
			.csb_id = guk,
			.map_type = KSRTP_MIKEY_MAP_GENERIC_ID,
			.cs_id = 4,
			.sp_params = sp,
			.sp_len = sizeof(sp),
			.ntp_ts = b->now,
		};

		if (!err)
			err = ksrtp_mikey_sakke_build(&ba, &m->imsg, &m->imsg_len);
		if (err)
			return err;
	}
	return 0;
}

/* The caller's SDP offer with the GSK in an ECCSI-signed MIKEY-PSK under the GMK. */
static int make_offer(struct bench *b, char **text, size_t *len, size_t *mikey_len)
{
	uint8_t gsk[16], salt[14], *msg = NULL;
	uint32_t ssrc = SESSION_SSRC;
	struct ksrtp_sdp *sdp;
	size_t ml;
	int err;

	if (RAND_bytes(gsk, sizeof(gsk)) != 1 || RAND_bytes(salt, sizeof(salt)) != 1)
		return -KSRTP_ERANDOM;
	struct ksrtp_mikey_psk_build_args ba = {
		.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
		.psk = b->gmk,
		.psk_len = sizeof(b->gmk),
		.psk_id = GMK_ID,
		.key = gsk,
		.key_len = sizeof(gsk),
		.salt = salt,
		.salt_len = sizeof(salt),
		.key_type = KSRTP_MIKEY_KD_TGK_SALT,
		.key_id = GSK_ID,
		.csb_id = 0x2c2c2c01,
		.map_type = KSRTP_MIKEY_MAP_SRTP_ID,
		.cs_id = 1,
		.ssrcs = &ssrc,
		.n_ssrcs = 1,
		.init_uri = GMS_URI,
		.signer = b->gms,
		.ntp_ts = b->now,
	};
	err = ksrtp_mikey_psk_build(&ba, &msg, &ml);
	OPENSSL_cleanse(gsk, sizeof(gsk));
	OPENSSL_cleanse(salt, sizeof(salt));
	if (err)
		return err;
	sdp = calloc(1, sizeof(*sdp));
	if (!sdp || ml > sizeof(sdp->media[0].keymgmt)) {
		free(sdp);
		free(msg);
		return sdp ? -KSRTP_EBUFSIZE : -KSRTP_ENOMEM;
	}
	snprintf(sdp->o_user, sizeof(sdp->o_user), "gms");
	sdp->sess_id = 1;
	sdp->sess_version = 1;
	snprintf(sdp->o_addr, sizeof(sdp->o_addr), "198.51.100.1");
	snprintf(sdp->name, sizeof(sdp->name), "group call");
	sdp->conn.present = 1;
	snprintf(sdp->conn.addr, sizeof(sdp->conn.addr), "233.252.0.1");
	sdp->conn.multicast = 1;
	sdp->conn.ttl = 16;
	sdp->n_media = 1;
	snprintf(sdp->media[0].media, sizeof(sdp->media[0].media), "audio");
	sdp->media[0].port = 5004;
	snprintf(sdp->media[0].proto, sizeof(sdp->media[0].proto), "RTP/SAVP");
	sdp->media[0].pts[0] = 0;
	sdp->media[0].n_pts = 1;
	memcpy(sdp->media[0].keymgmt, msg, ml);
	sdp->media[0].keymgmt_len = ml;
	*mikey_len = ml;
	free(msg);
	err = ksrtp_sdp_build(sdp, text, len);
	free(sdp);
	return err;
}

struct flow_result {
	size_t n;
	double provision_wall, provision_cpu;
	double gms_wall;			      /* building N I_MESSAGEs, one thread */
	double members_wall, members_cpu;	      /* verifying + decapsulating, N members */
	double offer_wall, session_wall, session_cpu; /* group session setup */
	size_t imsg_len, sdp_len, mikey_len, gmk_confirmed, srtp_confirmed;
};

static void free_members(struct bench *b)
{
	for (size_t i = 0; i < b->n; i++) {
		ksrtp_sakke_receiver_free(b->m[i].rx);
		ksrtp_mikey_keystore_free(b->m[i].store);
		free(b->m[i].imsg);
		OPENSSL_cleanse(b->m[i].srtp_key, sizeof(b->m[i].srtp_key));
		OPENSSL_cleanse(b->m[i].srtp_salt, sizeof(b->m[i].srtp_salt));
	}
	free(b->m);
	b->m = NULL;
}

static int run_flow(struct bench *b, size_t n, struct flow_result *r)
{
	char *offer = NULL;
	size_t offer_len = 0;
	double t0, dummy;
	int err;

	memset(r, 0, sizeof(*r));
	r->n = n;
	b->n = n;
	b->m = calloc(n, sizeof(*b->m));
	if (!b->m)
		return -KSRTP_ENOMEM;
	if (RAND_bytes(b->gmk, sizeof(b->gmk)) != 1)
		return -KSRTP_ERANDOM;
	b->now = ksrtp_mikey_ntp_now();
	err = run_step(b, 0, &r->provision_wall, &r->provision_cpu);
	if (err)
		goto out;
	t0 = now_s(CLOCK_MONOTONIC);
	err = gms_build(b);
	r->gms_wall = now_s(CLOCK_MONOTONIC) - t0;
	if (err)
		goto out;
	r->imsg_len = b->m[0].imsg_len;
	err = run_step(b, 1, &r->members_wall, &r->members_cpu);
	if (err)
		goto out;
	for (size_t i = 0; i < n; i++)
		r->gmk_confirmed += (size_t)b->m[i].gmk_ok;
	/* group session setup: from the start of the offer to the last member's SRTP key */
	t0 = now_s(CLOCK_MONOTONIC);
	err = make_offer(b, &offer, &offer_len, &r->mikey_len);
	r->offer_wall = now_s(CLOCK_MONOTONIC) - t0;
	if (err)
		goto out;
	b->sdp = offer;
	b->sdp_len = offer_len;
	r->sdp_len = offer_len;
	err = run_step(b, 2, &dummy, &r->session_cpu);
	r->session_wall = now_s(CLOCK_MONOTONIC) - t0;
	for (size_t i = 0; i < n; i++)
		r->srtp_confirmed += (size_t)b->m[i].srtp_ok;
	/* every member derived the same SRTP key */
	for (size_t i = 1; i < n && !err; i++)
		if (CRYPTO_memcmp(b->m[i].srtp_key, b->m[0].srtp_key, 16) ||
		    CRYPTO_memcmp(b->m[i].srtp_salt, b->m[0].srtp_salt, 14))
			r->srtp_confirmed--;
out:
	b->sdp = NULL;
	free(offer);
	free_members(b);
	OPENSSL_cleanse(b->gmk, sizeof(b->gmk));
	return err;
}

static int setup_kms(struct bench *b)
{
	uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN], pvt[KSRTP_ECCSI_POINT_LEN];
	uint64_t unix_now = (b->now >> 32) - KSRTP_NTP_UNIX_OFFSET;
	int err;

	b->kms.period_no = unix_now / PERIOD;
	err = ksrtp_sakke_kms_keygen(b->kms.z, b->kms.zpub);
	err = err ? err : ksrtp_sakke_pub_new(&b->kms.spub, b->kms.zpub);
	err = err ? err : ksrtp_eccsi_kms_keygen(b->kms.ksak, b->kms.kpak);
	err = err ? err : ksrtp_eccsi_verifier_new(&b->kms.ver, b->kms.kpak);
	err = err ? err : ksrtp_id_uid(b->gms_uid, GMS_URI, KMS_URI, PERIOD, 0, b->kms.period_no);
	err = err ? err
		  : ksrtp_eccsi_kms_issue(b->kms.ksak, b->gms_uid, sizeof(b->gms_uid), NULL, ssk,
					  pvt);
	err = err ? err
		  : ksrtp_eccsi_signer_new(&b->gms, b->kms.kpak, b->gms_uid, sizeof(b->gms_uid),
					   ssk, pvt);
	OPENSSL_cleanse(ssk, sizeof(ssk));
	return err;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " [--members N[,N...]] [--threads T] [--json FILE]\n"
		"Time the keying flows of a group call at library level (no SIP, no network):\n"
		"GMK advertisement by MIKEY-SAKKE to N members and the group session setup\n"
		"(MIKEY-PSK in an SDP offer) until every member holds its SRTP key.\n"
		"  --members LIST  group sizes (default 10,100,1000; max %d)\n"
		"  --threads T     member threads (default 2, max %d)\n"
		"  --json FILE     also write the results as JSON\n",
		MAX_MEMBERS, MAX_THREADS);
}

static int parse_sizes(const char *s, size_t *sizes, size_t *n)
{
	char *end;

	*n = 0;
	while (*s) {
		unsigned long v = strtoul(s, &end, 10);

		if (end == s || v < 1 || v > MAX_MEMBERS || *n == MAX_SIZES ||
		    (*end && *end != ','))
			return -1;
		sizes[(*n)++] = v;
		s = *end ? end + 1 : end;
	}
	return *n ? 0 : -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"members", 1, 0, 'm'}, {"threads", 1, 0, 't'}, {"json", 1, 0, 'j'},
		{"help", 0, 0, 'h'},	{0, 0, 0, 0},
	};
	size_t sizes[MAX_SIZES] = {10, 100, 1000}, nsizes = 3;
	struct flow_result res[MAX_SIZES];
	struct bench b = {.threads = 2};
	const char *json = NULL;
	FILE *jf = NULL;
	int c, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (parse_sizes(optarg, sizes, &nsizes)) {
				fprintf(stderr, PROG ": --members \"%s\": comma-separated 1..%d\n",
					optarg, MAX_MEMBERS);
				return 2;
			}
			break;
		case 't': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end || v < 1 || v > MAX_THREADS) {
				fprintf(stderr, PROG ": --threads must be 1..%d\n", MAX_THREADS);
				return 2;
			}
			b.threads = (unsigned)v;
			break;
		}
		case 'j': json = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	b.now = ksrtp_mikey_ntp_now();
	err = setup_kms(&b);
	if (err) {
		fprintf(stderr, PROG ": KMS set-up failed: %s\n", ksrtp_strerror(err));
		return 1;
	}
	printf("# " PROG ": %u member threads; times are wall clock (ms), cpu = thread CPU time\n",
	       b.threads);
	printf("%7s %10s %12s %11s %12s %11s %10s %12s %11s %9s\n", "members", "provision",
	       "gms_build", "gms/msg", "members", "member_cpu", "confirmed", "session", "sess_cpu",
	       "srtp_keys");
	for (size_t i = 0; i < nsizes; i++) {
		struct flow_result *r = &res[i];

		err = run_flow(&b, sizes[i], r);
		if (err) {
			fprintf(stderr, PROG ": %zu members: %s\n", sizes[i], ksrtp_strerror(err));
			break;
		}
		printf("%7zu %10.0f %12.1f %11.3f %12.1f %11.3f %6zu/%-3zu %12.1f %11.3f "
		       "%5zu/%zu\n",
		       r->n, r->provision_wall * 1e3, r->gms_wall * 1e3,
		       r->gms_wall * 1e3 / (double)r->n, r->members_wall * 1e3,
		       r->members_cpu * 1e3 / (double)r->n, r->gmk_confirmed, r->n,
		       r->session_wall * 1e3, r->session_cpu * 1e3 / (double)r->n,
		       r->srtp_confirmed, r->n);
		fflush(stdout);
	}
	if (!err && json) {
		jf = fopen(json, "w");
		if (!jf) {
			perror(json);
			err = -KSRTP_EIO;
		}
	}
	if (jf) {
		fprintf(jf,
			"{\"tool\":\"" PROG "\",\"threads\":%u,\"simulated\":\"no SIP, no "
			"network: messages handed over in memory; kernel SA install measured in "
			"the VM\",\"flows\":[",
			b.threads);
		for (size_t i = 0; i < nsizes; i++) {
			const struct flow_result *r = &res[i];

			fprintf(jf,
				"%s{\"members\":%zu,\"provision_s\":%.6f,\"provision_cpu_s\":%.6f,"
				"\"gms_build_s\":%.6f,\"gms_per_message_ms\":%.4f,"
				"\"imessage_octets\":%zu,\"members_verify_s\":%.6f,"
				"\"member_cpu_per_message_ms\":%.4f,\"gmk_confirmed\":%zu,"
				"\"offer_build_s\":%.6f,\"sdp_octets\":%zu,\"mikey_psk_octets\":%"
				"zu,"
				"\"session_setup_s\":%.6f,\"session_cpu_per_member_ms\":%.4f,"
				"\"srtp_key_confirmed\":%zu}",
				i ? "," : "", r->n, r->provision_wall, r->provision_cpu,
				r->gms_wall, r->gms_wall * 1e3 / (double)r->n, r->imsg_len,
				r->members_wall, r->members_cpu * 1e3 / (double)r->n,
				r->gmk_confirmed, r->offer_wall, r->sdp_len, r->mikey_len,
				r->session_wall, r->session_cpu * 1e3 / (double)r->n,
				r->srtp_confirmed);
		}
		fprintf(jf, "]}\n");
		fclose(jf);
	}
	ksrtp_eccsi_signer_free(b.gms);
	ksrtp_eccsi_verifier_free(b.kms.ver);
	ksrtp_sakke_pub_free(b.kms.spub);
	OPENSSL_cleanse(&b.kms, sizeof(b.kms));
	if (!err) {
		for (size_t i = 0; i < nsizes; i++)
			if (res[i].gmk_confirmed != res[i].n || res[i].srtp_confirmed != res[i].n)
				err = 1;
		if (err)
			fprintf(stderr, PROG ": not every member was confirmed\n");
	}
	return err ? 1 : 0;
}
