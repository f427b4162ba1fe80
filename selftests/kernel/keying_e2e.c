// SPDX-License-Identifier: GPL-2.0
/*
 * keying_e2e - identity keying to the kernel datapath, as ksrtpd will do it, with libksrtp only:
 *
 *   KMS:    SAKKE and ECCSI master keys; the group manager (GMS), a caller A and a member B
 *           provisioned for this key period (TS 33.180 UIDs).
 *   GMS:    one ECCSI-signed MIKEY-SAKKE I_MESSAGE per member carries the GMK; A and B verify and
 *           decapsulate their own and keep the GMK.
 *   A:      a group call offer: a fresh GSK + salt in an ECCSI-signed MIKEY-PSK under the GMK,
 *           with the SRTP policy of the suite, in an SDP a=key-mgmt:mikey.
 *   A, B:   parse the offer, check MAC, signature and freshness, derive the SRTP master key and
 *           salt, and install an SA (protect in A's network namespace, unprotect in B's)
 *           through ksrtp/nl.h.
 *   Media:  plain RTP sent by a UDP socket in A arrives as the same plain RTP in B, every packet
 *           unprotected by B's SA; with a key from another offer every packet fails to
 *           authenticate and nothing is delivered (the wire carried SRTP under the derived key).
 *
 * Uses the kernel's kselftest_harness.h and iproute2 (/sbin/ip) for the two namespaces and
 * their veth.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <ksrtp/eccsi.h>
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/mikey.h>
#include <ksrtp/nl.h>
#include <ksrtp/sakke.h>
#include <ksrtp/sdp.h>
#include <ksrtp/srtpkey.h>

#include "kselftest_harness.h"

#define KMS_URI "kms.example.org"
#define GMS_URI "sip:gms@example.org"
#define A_URI	"sip:alice@example.org"
#define B_URI	"sip:bob@example.org"
#define PERIOD	2592000
#define GMK_ID	0x0a5a5a01u
#define GSK_ID	0x6b6b6b01u
#define SSRC	0x5eed0001u
#define PORT	5004
#define NPKT	50

struct party {
	const char *uri;
	uint8_t uid[KSRTP_ID_UID_LEN];
	struct ksrtp_sakke_receiver *rx;
	struct ksrtp_eccsi_signer *signer;
	struct ksrtp_mikey_keystore *store;
	int netns; /* fd */
	struct ksrtp_nl *nl;
};

struct world {
	uint8_t z[KSRTP_SAKKE_SCALAR_LEN], zpub[KSRTP_SAKKE_POINT_LEN];
	uint8_t ksak[KSRTP_ECCSI_SCALAR_LEN], kpak[KSRTP_ECCSI_POINT_LEN];
	struct ksrtp_sakke_pub *spub;
	struct ksrtp_eccsi_verifier *ver;
	uint64_t period_no, now;
	struct party gms, a, b;
	uint8_t gmk[16];
};

static int provision(struct world *w, struct party *p, const char *uri)
{
	uint8_t ssk[KSRTP_ECCSI_SCALAR_LEN], pvt[KSRTP_ECCSI_POINT_LEN];
	uint8_t rsk[KSRTP_SAKKE_POINT_LEN];
	int err;

	p->uri = uri;
	p->netns = -1;
	err = ksrtp_id_uid(p->uid, uri, KMS_URI, PERIOD, 0, w->period_no);
	err = err ? err : ksrtp_sakke_kms_rsk(w->z, sizeof(w->z), p->uid, sizeof(p->uid), rsk);
	err = err ? err : ksrtp_sakke_receiver_new(&p->rx, w->spub, p->uid, sizeof(p->uid), rsk);
	err = err ? err : ksrtp_eccsi_kms_issue(w->ksak, p->uid, sizeof(p->uid), NULL, ssk, pvt);
	err = err ? err
		  : ksrtp_eccsi_signer_new(&p->signer, w->kpak, p->uid, sizeof(p->uid), ssk, pvt);
	err = err ? err : ksrtp_mikey_keystore_new(&p->store, 4);
	OPENSSL_cleanse(ssk, sizeof(ssk));
	OPENSSL_cleanse(rsk, sizeof(rsk));
	return err;
}

/* The GMS sends the GMK to p in an I_MESSAGE; p verifies, decapsulates and stores it. */
static int distribute_gmk(struct world *w, struct party *p)
{
	static const uint8_t sp[] = {0, 1, 6, 1, 1, 16, 4, 1, 12, 20, 1, 16};
	struct ksrtp_mikey_result res;
	struct ksrtp_mikey_key k = {0};
	uint8_t *imsg = NULL;
	size_t imsg_len;
	uint32_t guk;
	int err = ksrtp_mikey_guk_id(w->gmk, sizeof(w->gmk), GMK_ID, p->uri, &guk);
	struct ksrtp_mikey_sakke_build_args ba = {
		.style = KSRTP_MIKEY_STYLE_TS33180,
		.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
		.init_uri = GMS_URI,
		.resp_uri = p->uri,
		.kms_uri = KMS_URI,
		.init_uid = w->gms.uid,
		.resp_uid = p->uid,
		.signer = w->gms.signer,
		.sakke_pub = w->spub,
		.key = w->gmk,
		.key_id = GMK_ID,
		.csb_id = guk,
		.map_type = KSRTP_MIKEY_MAP_GENERIC_ID,
		.cs_id = 4,
		.sp_params = sp,
		.sp_len = sizeof(sp),
		.ntp_ts = w->now,
	};
	struct ksrtp_mikey_sakke_parse_args pa = {
		.rx = p->rx,
		.my_id = p->uid,
		.my_id_len = sizeof(p->uid),
		.verifier = w->ver,
		.expect_init = w->gms.uid,
		.expect_init_len = sizeof(w->gms.uid),
		.now = w->now,
		.window_s = 300,
	};

	err = err ? err : ksrtp_mikey_sakke_build(&ba, &imsg, &imsg_len);
	err = err ? err : ksrtp_mikey_sakke_parse(imsg, imsg_len, &pa, &res);
	free(imsg);
	if (err)
		return err;
	if (!res.signed_ok || !res.key_id_known || res.key_id != GMK_ID || res.key_len != 16) {
		ksrtp_mikey_result_clear(&res);
		return -KSRTP_EINVAL;
	}
	k.key_id = res.key_id;
	memcpy(k.key, res.key, res.key_len);
	k.key_len = res.key_len;
	k.ts = res.ts;
	err = ksrtp_mikey_keystore_add(p->store, &k);
	OPENSSL_cleanse(&k, sizeof(k));
	ksrtp_mikey_result_clear(&res);
	return err;
}

/* A's SDP offer: a fresh GSK + salt under the GMK, signed by A, SRTP policy of suite. */
static int make_offer(struct world *w, const struct ksrtp_srtp_suite *suite, char **text,
		      size_t *len)
{
	uint8_t gsk[16], salt[14], sp[64], *msg = NULL;
	uint32_t ssrc = SSRC;
	struct ksrtp_sdp *sdp;
	size_t sp_len, ml;
	int err;

	if (RAND_bytes(gsk, sizeof(gsk)) != 1 || RAND_bytes(salt, sizeof(salt)) != 1)
		return -KSRTP_ERANDOM;
	err = ksrtp_mikey_sp_for_suite(suite, sp, sizeof(sp), &sp_len);
	if (err)
		return err;
	struct ksrtp_mikey_psk_build_args ba = {
		.prf = KSRTP_MIKEY_PRF_HMAC_SHA256,
		.psk = w->gmk,
		.psk_len = sizeof(w->gmk),
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
		.sp_params = sp,
		.sp_len = sp_len,
		.init_uri = A_URI,
		.signer = w->a.signer,
		.ntp_ts = w->now,
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
		return -KSRTP_EBUFSIZE;
	}
	snprintf(sdp->o_user, sizeof(sdp->o_user), "alice");
	sdp->sess_id = 1;
	sdp->sess_version = 1;
	snprintf(sdp->o_addr, sizeof(sdp->o_addr), "10.77.0.1");
	snprintf(sdp->name, sizeof(sdp->name), "group call");
	sdp->conn.present = 1;
	snprintf(sdp->conn.addr, sizeof(sdp->conn.addr), "10.77.0.2");
	sdp->n_media = 1;
	snprintf(sdp->media[0].media, sizeof(sdp->media[0].media), "audio");
	sdp->media[0].port = PORT;
	snprintf(sdp->media[0].proto, sizeof(sdp->media[0].proto), "RTP/SAVP");
	sdp->media[0].n_pts = 1;
	memcpy(sdp->media[0].keymgmt, msg, ml);
	sdp->media[0].keymgmt_len = ml;
	free(msg);
	err = ksrtp_sdp_build(sdp, text, len);
	free(sdp);
	return err;
}

/* p takes the offer apart: the suite from its SRTP policy and the SRTP master key and salt. */
static int accept_offer(struct world *w, struct party *p, const char *text, size_t len,
			const struct ksrtp_srtp_suite **suite, struct ksrtp_nl_key *key)
{
	struct ksrtp_mikey_psk_parse_args pa = {
		.store = p->store,
		.require_sign = 1,
		.verifier = w->ver,
		.signer_id = w->a.uid,
		.signer_id_len = sizeof(w->a.uid),
		.now = w->now,
		.window_s = 300,
	};
	struct ksrtp_mikey_result res;
	struct ksrtp_sdp *sdp = NULL;
	const uint8_t *mk;
	size_t mk_len;
	int err = ksrtp_sdp_parse(text, len, &sdp);

	if (err)
		return err;
	mk = ksrtp_sdp_mikey(sdp, 0, &mk_len);
	err = mk ? ksrtp_mikey_psk_parse(mk, mk_len, &pa, &res) : -KSRTP_ESDP_NO_KEYMGMT;
	ksrtp_sdp_free(sdp);
	if (err)
		return err;
	*suite = ksrtp_mikey_sp_suite(res.sp_params, res.sp_len);
	memset(key, 0, sizeof(*key));
	if (!*suite || !res.signed_ok || res.ssrc != SSRC) {
		ksrtp_mikey_result_clear(&res);
		return -KSRTP_EINVAL;
	}
	key->master_key_len = (*suite)->key_len;
	key->master_salt_len = (*suite)->salt_len;
	key->key_id = res.key_id;
	key->has = KSRTP_NL_KEY_ID;
	err = ksrtp_mikey_srtp_keys(res.prf, res.key, res.key_len, res.cs_id, res.csb_id, res.rand,
				    res.rand_len, key->master_key, key->master_key_len,
				    key->master_salt, key->master_salt_len);
	ksrtp_mikey_result_clear(&res);
	return err;
}

static int install(struct party *p, uint8_t dir, const struct ksrtp_srtp_suite *suite,
		   const struct ksrtp_nl_key *key)
{
	struct ksrtp_nl_sa sa = {
		.id = 1,
		.dir = dir,
		.family = AF_INET,
		.dport = PORT,
		.suite = (uint16_t)suite->id,
	};

	inet_pton(AF_INET, "10.77.0.2", sa.daddr);
	return ksrtp_nl_sa_add(p->nl, &sa, key, KSRTP_NL_REPLACE, NULL);
}

static uint64_t sa_packets(struct party *p, int which)
{
	struct ksrtp_nl_sa sa;

	if (ksrtp_nl_sa_get(p->nl, 1, &sa))
		return UINT64_MAX;
	return sa.stats.v[which];
}

/*
 * NPKT plain RTP packets from A to B, each awaited for wait_us; returns how many B received
 * intact.
 */
static int send_media(struct world *w, uint16_t seq0, long wait_us)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(PORT)};
	struct sockaddr_in from = {.sin_family = AF_INET};
	struct timeval tv = {.tv_sec = wait_us / 1000000, .tv_usec = wait_us % 1000000};
	uint8_t pkt[172], got[400];
	int tx, rx, good = 0;

	if (setns(w->b.netns, CLONE_NEWNET))
		return -1;
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, "10.77.0.2", &to.sin_addr);
	if (rx < 0 || bind(rx, (struct sockaddr *)&to, sizeof(to)) ||
	    setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		return -1;
	if (setns(w->a.netns, CLONE_NEWNET))
		return -1;
	/* One sender: the same source port each time (an SSRC from a second source port would be
	 * refused as a collision). */
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	from.sin_port = htons(PORT + 2);
	if (tx < 0 || bind(tx, (struct sockaddr *)&from, sizeof(from)))
		return -1;
	for (int i = 0; i < NPKT; i++) {
		uint16_t seq = (uint16_t)(seq0 + i);
		uint32_t ts = htonl(160u * (uint32_t)i), ssrc = htonl(SSRC);
		ssize_t n;

		pkt[0] = 0x80;
		pkt[1] = 0;
		pkt[2] = (uint8_t)(seq >> 8);
		pkt[3] = (uint8_t)seq;
		memcpy(pkt + 4, &ts, 4);
		memcpy(pkt + 8, &ssrc, 4);
		for (size_t k = 12; k < sizeof(pkt); k++)
			pkt[k] = (uint8_t)(k * 7 + (size_t)i);
		if (sendto(tx, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) !=
		    (ssize_t)sizeof(pkt))
			break;
		n = recv(rx, got, sizeof(got), 0);
		good += n == (ssize_t)sizeof(pkt) && !memcmp(got, pkt, sizeof(pkt));
	}
	close(tx);
	close(rx);
	return good;
}

FIXTURE(e2e)
{
	struct world w;
};

FIXTURE_SETUP(e2e)
{
	struct world *w = &self->w;
	int err;

	memset(w, 0, sizeof(*w));
	ASSERT_EQ(0, system("modprobe ksrtp"));
	ASSERT_EQ(0, system("/sbin/ip netns add ke-a && /sbin/ip netns add ke-b && "
			    "/sbin/ip -n ke-a link set lo up && /sbin/ip -n ke-b link set lo up && "
			    "/sbin/ip link add va netns ke-a type veth peer name vb netns ke-b && "
			    "/sbin/ip -n ke-a addr add 10.77.0.1/24 dev va && "
			    "/sbin/ip -n ke-b addr add 10.77.0.2/24 dev vb && "
			    "/sbin/ip -n ke-a link set va up && /sbin/ip -n ke-b link set vb up"));
	w->now = ksrtp_mikey_ntp_now();
	w->period_no = ((w->now >> 32) - KSRTP_NTP_UNIX_OFFSET) / PERIOD;
	err = ksrtp_sakke_kms_keygen(w->z, w->zpub);
	err = err ? err : ksrtp_sakke_pub_new(&w->spub, w->zpub);
	err = err ? err : ksrtp_eccsi_kms_keygen(w->ksak, w->kpak);
	err = err ? err : ksrtp_eccsi_verifier_new(&w->ver, w->kpak);
	err = err ? err : provision(w, &w->gms, GMS_URI);
	err = err ? err : provision(w, &w->a, A_URI);
	err = err ? err : provision(w, &w->b, B_URI);
	ASSERT_EQ(0, err) TH_LOG("KMS provisioning: %s", ksrtp_strerror(err));
	ASSERT_EQ(1, RAND_bytes(w->gmk, sizeof(w->gmk)));
	ASSERT_EQ(0, err = distribute_gmk(w, &w->a)) TH_LOG("GMK to A: %s", ksrtp_strerror(err));
	ASSERT_EQ(0, err = distribute_gmk(w, &w->b)) TH_LOG("GMK to B: %s", ksrtp_strerror(err));

	w->a.netns = open("/var/run/netns/ke-a", O_RDONLY | O_CLOEXEC);
	w->b.netns = open("/var/run/netns/ke-b", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, w->a.netns);
	ASSERT_LE(0, w->b.netns);
	ASSERT_EQ(0, setns(w->a.netns, CLONE_NEWNET));
	ASSERT_EQ(0, ksrtp_nl_open(&w->a.nl));
	ASSERT_EQ(0, setns(w->b.netns, CLONE_NEWNET));
	ASSERT_EQ(0, ksrtp_nl_open(&w->b.nl));
}

FIXTURE_TEARDOWN(e2e)
{
	struct party *ps[] = {&self->w.gms, &self->w.a, &self->w.b};

	for (size_t i = 0; i < 3; i++) {
		ksrtp_nl_close(ps[i]->nl);
		ksrtp_sakke_receiver_free(ps[i]->rx);
		ksrtp_eccsi_signer_free(ps[i]->signer);
		ksrtp_mikey_keystore_free(ps[i]->store);
		if (ps[i]->netns >= 0)
			close(ps[i]->netns);
	}
	ksrtp_sakke_pub_free(self->w.spub);
	ksrtp_eccsi_verifier_free(self->w.ver);
	OPENSSL_cleanse(&self->w, sizeof(self->w));
	if (system("/sbin/ip netns del ke-a; /sbin/ip netns del ke-b"))
		TH_LOG("removing the namespaces failed");
}

static void group_call(struct __test_metadata *_metadata, struct world *w, const char *suite_name)
{
	const struct ksrtp_srtp_suite *suite = ksrtp_srtp_suite_by_name(suite_name), *sa_suite,
				      *sb_suite;
	struct ksrtp_nl_key ka, kb;
	char *offer = NULL;
	size_t offer_len;
	int err;

	ASSERT_NE(NULL, suite);
	ASSERT_EQ(0, err = make_offer(w, suite, &offer, &offer_len))
	TH_LOG("offer: %s", ksrtp_strerror(err));
	ASSERT_NE(NULL, strstr(offer, "a=key-mgmt:mikey "));
	ASSERT_EQ(0, err = accept_offer(w, &w->a, offer, offer_len, &sa_suite, &ka))
	TH_LOG("A: %s", ksrtp_strerror(err));
	ASSERT_EQ(0, err = accept_offer(w, &w->b, offer, offer_len, &sb_suite, &kb))
	TH_LOG("B: %s", ksrtp_strerror(err));
	free(offer);
	EXPECT_EQ(suite, sa_suite);
	EXPECT_EQ(suite, sb_suite);
	EXPECT_EQ(0, CRYPTO_memcmp(ka.master_key, kb.master_key, ka.master_key_len));
	ASSERT_EQ(0, install(&w->a, KSRTP_DIR_PROTECT, sa_suite, &ka))
	TH_LOG("A's SA: %s", ksrtp_nl_detail(w->a.nl));
	ASSERT_EQ(0, install(&w->b, KSRTP_DIR_UNPROTECT, sb_suite, &kb))
	TH_LOG("B's SA: %s", ksrtp_nl_detail(w->b.nl));
	ksrtp_nl_key_wipe(&ka);
	ksrtp_nl_key_wipe(&kb);

	EXPECT_EQ(NPKT, send_media(w, 1000, 500000));
	EXPECT_EQ(NPKT, sa_packets(&w->a, KSRTP_STATS_A_PACKETS));
	EXPECT_EQ(NPKT, sa_packets(&w->b, KSRTP_STATS_A_PACKETS));
	EXPECT_EQ(0, sa_packets(&w->b, KSRTP_STATS_A_AUTH_FAIL));
	EXPECT_EQ(0, sa_packets(&w->a, KSRTP_STATS_A_SSRC_COLLISION));

	/* B keyed from another offer (another GSK): nothing decrypts, nothing is delivered. */
	ASSERT_EQ(0, make_offer(w, suite, &offer, &offer_len));
	ASSERT_EQ(0, accept_offer(w, &w->b, offer, offer_len, &sb_suite, &kb));
	free(offer);
	ASSERT_EQ(0, install(&w->b, KSRTP_DIR_UNPROTECT, sb_suite, &kb));
	ksrtp_nl_key_wipe(&kb);
	EXPECT_EQ(0, send_media(w, 2000, 20000));
	EXPECT_EQ(NPKT, sa_packets(&w->b, KSRTP_STATS_A_AUTH_FAIL));
	EXPECT_EQ(0, sa_packets(&w->b, KSRTP_STATS_A_PACKETS));
	EXPECT_EQ(2 * NPKT, sa_packets(&w->a, KSRTP_STATS_A_PACKETS));
}

TEST_F(e2e, group_call_aes_cm)
{
	group_call(_metadata, &self->w, "AES_CM_128_HMAC_SHA1_80");
}

TEST_F(e2e, group_call_aes_gcm)
{
	group_call(_metadata, &self->w, "AEAD_AES_128_GCM");
}

TEST_HARNESS_MAIN
