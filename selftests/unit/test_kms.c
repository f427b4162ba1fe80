// SPDX-License-Identifier: GPL-2.0
/*
 * test_kms.c - the KMS: directories, provisioning, key set files (integrity, truncation,
 * wrong KMS, validity period, revocation, modes), TS 33.180 XML import/export (round trip
 * and a third-party KMS's published keys), both identity formats.
 */
#include <ksrtp/err.h>
#include <ksrtp/kms.h>

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

static char tmpdir[64];

static char *path(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

static char *slurp(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	char *b;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		*len = (size_t)n;
	}
	return b;
}

static unsigned int file_mode(const char *p)
{
	struct stat st;

	return stat(p, &st) ? 0 : (unsigned int)(st.st_mode & 07777);
}

static void test_dir_and_files(void)
{
	struct ksrtp_kms_params prm = {.uri = "kms.example.org",
				       .id_format = KSRTP_ID_FORMAT_3GPP,
				       .period = 2592000,
				       .offset = 0};
	struct ksrtp_kms *kms = NULL, *kms2 = NULL, *other = NULL, *pub = NULL;
	struct ksrtp_keyset *ks = NULL, *ks2 = NULL;
	char *text = NULL, *t2;
	size_t len, l2;
	uint64_t no = 0;
	int64_t from = 0, to = 0;
	mode_t old = umask(0);

	tap_eq_int(ksrtp_kms_init_dir(&kms, path("kms"), &prm), 0, "init a KMS directory");
	tap_eq_int(ksrtp_kms_init_dir(NULL, path("kms"), &prm), -KSRTP_EKMS_EXISTS,
		   "init again refuses: KMS exists");
	tap_eq_int((long long)file_mode(path("kms/kms.secret")), 0600,
		   "kms.secret is mode 0600 (umask 0)");
	tap_eq_int((long long)file_mode(path("kms/kms.pub")), 0644, "kms.pub is mode 0644");
	tap_eq_int((long long)file_mode(path("kms")), 0700, "the KMS directory is mode 0700");
	tap_eq_int(ksrtp_kms_open_dir(&kms2, path("kms")), 0, "open the KMS directory");
	tap_ok(kms2 && ksrtp_kms_has_secrets(kms2), "opened with its secrets");
	tap_ok(kms2 && !memcmp(ksrtp_kms_z(kms), ksrtp_kms_z(kms2), KSRTP_SAKKE_POINT_LEN) &&
		       !memcmp(ksrtp_kms_kpak(kms), ksrtp_kms_kpak(kms2), KSRTP_ECCSI_POINT_LEN) &&
		       !strcmp(ksrtp_kms_uri(kms2), "kms.example.org") &&
		       ksrtp_kms_period(kms2) == 2592000,
	       "reopened KMS has the same Z, KPAK, URI and period");
	tap_eq_int(ksrtp_kms_load(&pub, path("kms/kms.pub")), 0, "load kms.pub alone");
	tap_ok(pub && !ksrtp_kms_has_secrets(pub), "kms.pub has no secrets");

	/* F.2.1.2: period number and identity */
	tap_eq_int(ksrtp_kms_period_at(kms2, 3599719634LL - 2208988800LL, &no), 0, "period_at");
	tap_eq_int((long long)no, 1388, "period at 2014-01-26T10:07:14Z is 1388");
	tap_eq_int(ksrtp_kms_period_bounds(kms2, 1388, &from, &to), 0, "period bounds");
	tap_ok(from <= 3599719634LL - 2208988800LL && to >= 3599719634LL - 2208988800LL &&
		       to - from + 1 == 2592000,
	       "period 1388 spans 2592000 s around that time");

	tap_eq_int(ksrtp_kms_provision(pub, "sip:alice@example.org", no, &ks),
		   -KSRTP_EKMS_NO_SECRETS, "provisioning needs the secrets");
	tap_eq_int(ksrtp_kms_provision(kms2, "sip:alice@example.org", no, &ks), 0,
		   "provision alice for period 1388");
	if (!ks)
		goto out;
	tap_eq_int(ksrtp_keyset_check(ks, kms2, from + 100), 0,
		   "alice's key set checks (RSK, SSK)");
	tap_eq_int(ksrtp_keyset_check(ks, pub, INT64_MIN), 0, "... against kms.pub, no time");
	tap_eq_int(ksrtp_keyset_check(ks, kms2, from - 1), -KSRTP_EKMS_NOT_YET_VALID,
		   "one second before the period: NOT_YET_VALID");
	tap_eq_int(ksrtp_keyset_check(ks, kms2, to + 1), -KSRTP_EKMS_EXPIRED,
		   "one second after the period: EXPIRED");
	tap_eq_int(ksrtp_keyset_check(ks, kms2, to), 0, "last second of the period: valid");
	{
		size_t il;
		const uint8_t *id = ksrtp_keyset_id(ks, &il);
		uint8_t uid[32];

		ksrtp_id_uid(uid, "sip:alice@example.org", "kms.example.org", 2592000, 0, 1388);
		tap_ok(il == 32 && !memcmp(id, uid, 32), "key set identity = TS 33.180 UID");
	}

	/* the file */
	tap_eq_int(ksrtp_keyset_save(ks, path("alice.keys")), 0, "save alice.keys");
	tap_eq_int((long long)file_mode(path("alice.keys")), 0600, "alice.keys is mode 0600");
	tap_eq_int(ksrtp_keyset_load(&ks2, path("alice.keys")), 0, "load alice.keys");
	tap_eq_int(ks2 ? ksrtp_keyset_check(ks2, kms2, from) : -1, 0, "loaded key set checks");
	text = slurp(path("alice.keys"), &len);
	tap_ok(text && !strncmp(text, "ksrtp-keyset 1\n", 15), "file starts with 'ksrtp-keyset 1'");
	ksrtp_keyset_free(ks2);
	ks2 = NULL;
	if (!text)
		goto out;
	/* every truncation is refused (never accepted, never a crash) */
	{
		int bad = 0;

		for (size_t n = 0; n < len; n++) {
			int e = ksrtp_keyset_parse(&ks2, text, n);

			if (e != -KSRTP_EKMS_FILE_TRUNCATED && e != -KSRTP_EKMS_FILE_CORRUPT)
				bad++;
			ksrtp_keyset_free(ks2);
			ks2 = NULL;
		}
		tap_eq_int(bad, 0, "all %zu truncations refused as TRUNCATED/CORRUPT", len);
	}
	t2 = malloc(len + 64);
	memcpy(t2, text, len);
	/* flip a hex digit inside the ssk value */
	{
		char *p = strstr(t2, "\nssk: ") + 6;

		*p = *p == '0' ? '1' : '0';
		tap_eq_int(ksrtp_keyset_parse(&ks2, t2, len), -KSRTP_EKMS_FILE_CORRUPT,
			   "one changed digit: CORRUPT");
		*p = text[p - t2];
	}
	memcpy(t2, "ksrtp-keyset 2", 14);
	tap_eq_int(ksrtp_keyset_parse(&ks2, t2, len), -KSRTP_EKMS_FILE_VERSION,
		   "version 2: FILE_VERSION");
	memcpy(t2, text, len);
	tap_eq_int(ksrtp_keyset_parse(&ks2, "hello\n", 6), -KSRTP_EKMS_FILE_TYPE,
		   "not a key file: FILE_TYPE");
	{
		char *pt;
		size_t pl;

		pt = slurp(path("kms/kms.pub"), &pl);
		tap_eq_int(ksrtp_keyset_parse(&ks2, pt, pl), -KSRTP_EKMS_FILE_TYPE,
			   "kms.pub read as a key set: FILE_TYPE");
		tap_eq_int(ksrtp_kms_parse_public(&other, text, len), -KSRTP_EKMS_FILE_TYPE,
			   "a key set read as kms.pub: FILE_TYPE");
		free(pt);
	}
	free(t2);

	/* another KMS */
	prm.uri = "kms.other.org";
	tap_eq_int(ksrtp_kms_create(&other, &prm), 0, "create another KMS");
	tap_eq_int(ksrtp_keyset_check(ks, other, from), -KSRTP_EKMS_WRONG_KMS,
		   "alice's key set against another KMS: WRONG_KMS");
	/* same URI, other keys */
	ksrtp_kms_free(other);
	other = NULL;
	prm.uri = "kms.example.org";
	ksrtp_kms_create(&other, &prm);
	tap_eq_int(ksrtp_keyset_check(ks, other, from), -KSRTP_EKMS_WRONG_KMS,
		   "same KMS URI, other Z/KPAK: WRONG_KMS");

	/* revocation, persisted in the directory */
	tap_ok(!ksrtp_kms_is_revoked(kms2, "sip:alice@example.org"), "alice not revoked");
	tap_eq_int(ksrtp_kms_revoke(kms2, "sip:alice@example.org"), 0, "revoke alice");
	tap_eq_int(ksrtp_keyset_check(ks, kms2, from), -KSRTP_EKMS_REVOKED,
		   "alice's key set: REVOKED");
	ksrtp_keyset_free(ks2);
	ks2 = NULL;
	tap_eq_int(ksrtp_kms_provision(kms2, "sip:alice@example.org", no + 1, &ks2),
		   -KSRTP_EKMS_REVOKED, "provisioning a revoked identity: REVOKED");
	ksrtp_kms_free(kms);
	kms = NULL;
	ksrtp_kms_open_dir(&kms, path("kms"));
	tap_ok(kms && ksrtp_kms_is_revoked(kms, "sip:alice@example.org") &&
		       !ksrtp_kms_is_revoked(kms, "sip:bob@example.org"),
	       "revocation persists in the KMS directory");
	/* rotation: next period for bob */
	tap_eq_int(ksrtp_kms_provision(kms, "sip:bob@example.org", no + 1, &ks2), 0,
		   "provision bob for the next period");
	tap_ok(ks2 && ksrtp_keyset_valid_from(ks2) == to + 1, "next period starts after this one");
	/* corrupt kms.secret: refused */
	{
		char *st = slurp(path("kms/kms.secret"), &l2);
		FILE *f;

		st[l2 - 10] = st[l2 - 10] == 'a' ? 'b' : 'a';
		f = fopen(path("kms/kms.secret"), "wb");
		fwrite(st, 1, l2, f);
		fclose(f);
		ksrtp_kms_free(other);
		other = NULL;
		tap_eq_int(ksrtp_kms_open_dir(&other, path("kms")), -KSRTP_EKMS_FILE_CORRUPT,
			   "corrupt kms.secret: CORRUPT");
		free(st);
	}
	tap_eq_int(ksrtp_kms_open_dir(&other, path("nothing")), -KSRTP_EKMS_NO_KMS,
		   "open a directory without a KMS: NO_KMS");
out:
	umask(old);
	free(text);
	ksrtp_keyset_free(ks);
	ksrtp_keyset_free(ks2);
	ksrtp_kms_free(kms);
	ksrtp_kms_free(kms2);
	ksrtp_kms_free(pub);
	ksrtp_kms_free(other);
}

static void test_rfc6509_format(void)
{
	struct ksrtp_kms_params prm = {.uri = "kms.example.org",
				       .id_format = KSRTP_ID_FORMAT_RFC6509};
	struct ksrtp_kms *kms = NULL;
	struct ksrtp_keyset *ks = NULL;
	uint64_t no;
	int64_t from, to;
	uint8_t id[KSRTP_ID_MAX];
	size_t il;

	tap_eq_int(ksrtp_kms_create(&kms, &prm), 0, "create an RFC 6509-format KMS");
	if (!kms)
		return;
	/* 2011-02-15 */
	tap_eq_int(ksrtp_kms_period_at(kms, 1297728000, &no), 0, "RFC 6509 period at 2011-02-15");
	tap_eq_int((long long)no, 2011 * 12 + 1, "period = year * 12 + month - 1");
	ksrtp_kms_period_bounds(kms, no, &from, &to);
	tap_eq_int(from, 1296518400, "February 2011 starts 2011-02-01T00:00:00Z");
	tap_eq_int(to, 1298937599, "... and ends 2011-02-28T23:59:59Z");
	ksrtp_kms_identity(kms, "tel:+447700900123", no, id, sizeof(id), &il);
	tap_ok(il == 26 && !memcmp(id, "2011-02\0tel:+447700900123\0", 26),
	       "identity = RFC 6507 Appendix A's ID");
	tap_eq_int(ksrtp_kms_provision(kms, "tel:+447700900123", no, &ks), 0, "provision");
	tap_eq_int(ks ? ksrtp_keyset_check(ks, kms, 1297728000) : -1, 0, "key set checks");
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(kms);
}

static void test_xml(void)
{
	struct ksrtp_kms_params prm = {.uri = "kms.example.org", .period = 86400, .offset = 3600};
	struct ksrtp_kms *kms = NULL, *imp = NULL;
	struct ksrtp_keyset *ks = NULL, *ks2 = NULL;
	char *xml = NULL, *kxml = NULL;
	size_t xl, kl;

	ksrtp_kms_create(&kms, &prm);
	ksrtp_kms_provision(kms, "sip:carol@example.org", 20000, &ks);
	if (!ks)
		return;
	tap_eq_int(ksrtp_kms_to_xml(kms, &xml, &xl), 0, "export the KmsCertificate");
	tap_ok(strstr(xml, "<PubEncKey>") && strstr(xml, "<PubAuthKey>") &&
		       strstr(xml, "<UserKeyPeriod>86400</UserKeyPeriod>"),
	       "certificate has PubEncKey, PubAuthKey, UserKeyPeriod");
	tap_eq_int(ksrtp_kms_from_xml(&imp, xml, xl), 0, "import it back");
	tap_ok(imp && !memcmp(ksrtp_kms_z(imp), ksrtp_kms_z(kms), KSRTP_SAKKE_POINT_LEN) &&
		       !memcmp(ksrtp_kms_kpak(imp), ksrtp_kms_kpak(kms), KSRTP_ECCSI_POINT_LEN) &&
		       ksrtp_kms_offset(imp) == 3600 && !ksrtp_kms_has_secrets(imp),
	       "imported certificate: same keys and period, no secrets");
	tap_eq_int(ksrtp_keyset_to_xml(ks, &kxml, &kl), 0, "export the KmsKeySet");
	tap_eq_int(ksrtp_keyset_from_xml(&ks2, kxml, kl, imp), 0, "import the KmsKeySet");
	tap_eq_int(ks2 ? ksrtp_keyset_check(ks2, imp, ksrtp_keyset_valid_from(ks)) : -1, 0,
		   "imported key set checks against the imported certificate");
	tap_ok(ks2 && ksrtp_keyset_valid_from(ks2) == ksrtp_keyset_valid_from(ks) &&
		       ksrtp_keyset_valid_to(ks2) == ksrtp_keyset_valid_to(ks) &&
		       !memcmp(ksrtp_keyset_ssk(ks2), ksrtp_keyset_ssk(ks), 32),
	       "round trip keeps validity and keys");
	ksrtp_keyset_free(ks2);
	ks2 = NULL;
	/* negatives on the certificate and key set */
	{
		static const struct {
			const char *doc;
			int err;
			const char *what;
		} bad[] = {
			{"<!DOCTYPE x [<!ENTITY a 'b'>]><KmsCertificate/>", KSRTP_EKMS_XML_SYNTAX,
			 "DOCTYPE"},
			{"<KmsCertificate><KmsUri>k</KmsUri>", KSRTP_EKMS_XML_SYNTAX, "unclosed"},
			{"<KmsCertificate></KmsCert>", KSRTP_EKMS_XML_SYNTAX, "mismatched end tag"},
			{"<a>&foo;</a>", KSRTP_EKMS_XML_SYNTAX, "unknown entity"},
			{"<a x='1' x2=\"<\"/>", KSRTP_EKMS_XML_SYNTAX, "'<' in an attribute"},
			{"<a/><b/>", KSRTP_EKMS_XML_SYNTAX, "two roots"},
			{"<KmsResponse><KmsUri>k</KmsUri></KmsResponse>", KSRTP_EKMS_XML_SCHEMA,
			 "no KmsCertificate"},
			{"<KmsCertificate><KmsUri>k</KmsUri><KmsUri>k</KmsUri></KmsCertificate>",
			 KSRTP_EKMS_XML_SCHEMA, "KmsUri twice"},
			{"", KSRTP_EKMS_XML_SYNTAX, "empty document"},
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			struct ksrtp_kms *x = NULL;

			tap_eq_int(ksrtp_kms_from_xml(&x, bad[i].doc, strlen(bad[i].doc)),
				   -bad[i].err, "XML %s refused", bad[i].what);
			ksrtp_kms_free(x);
		}
	}
	{
		/* bad hex in PubAuthKey; an encrypted key; wrong KmsUri; wrong UserID */
		char *d = strdup(xml), *p = strstr(d, "<PubAuthKey>") + 12;
		struct ksrtp_kms *x = NULL;

		*p = 'G';
		tap_eq_int(ksrtp_kms_from_xml(&x, d, strlen(d)), -KSRTP_EKMS_XML_VALUE,
			   "PubAuthKey with a non-hex digit: XML_VALUE");
		*p = '0';
		*(p + 1) = '5';
		tap_eq_int(ksrtp_kms_from_xml(&x, d, strlen(d)), -KSRTP_EECCSI_BAD_KPAK,
			   "PubAuthKey not a point: BAD_KPAK");
		free(d);
		d = malloc(kl + 200);
		p = strstr(kxml, "<UserSigningKeySSK>");
		int off = (int)(p - kxml);
		snprintf(d, kl + 200, "%.*s<UserSigningKeySSK><EncryptedKey>x</EncryptedKey>%s",
			 off, kxml, strstr(p, "</UserSigningKeySSK>"));
		tap_eq_int(ksrtp_keyset_from_xml(&ks2, d, strlen(d), imp),
			   -KSRTP_EKMS_XML_ENCRYPTED, "encrypted SSK: XML_ENCRYPTED");
		free(d);
		d = strdup(kxml);
		p = strstr(d, "<UserID>") + 8;
		*p = *p == 'A' ? 'B' : 'A';
		tap_eq_int(ksrtp_keyset_from_xml(&ks2, d, strlen(d), imp), -KSRTP_EKMS_ID_MISMATCH,
			   "UserID not the UID of UserUri/KeyPeriodNo: ID_MISMATCH");
		free(d);
		d = strdup(kxml);
		p = strstr(d, "<KmsUri>kms") + 8;
		*p = 'X';
		tap_eq_int(ksrtp_keyset_from_xml(&ks2, d, strlen(d), imp), -KSRTP_EKMS_WRONG_KMS,
			   "key set of another KmsUri: WRONG_KMS");
		free(d);
	}
	{
		/* keys in base64 instead of hexBinary are accepted too */
		unsigned char b64[200];
		char *d = malloc(xl + 200), *p = strstr(xml, "<PubAuthKey>") + 12;
		struct ksrtp_kms *x = NULL;

		EVP_EncodeBlock(b64, ksrtp_kms_kpak(kms), KSRTP_ECCSI_POINT_LEN);
		snprintf(d, xl + 200, "%.*s%s%s", (int)(p - xml), xml, b64,
			 strstr(p, "</PubAuthKey>"));
		tap_eq_int(ksrtp_kms_from_xml(&x, d, strlen(d)), 0,
			   "PubAuthKey in base64 accepted");
		tap_ok(x && !memcmp(ksrtp_kms_kpak(x), ksrtp_kms_kpak(kms), KSRTP_ECCSI_POINT_LEN),
		       "base64 PubAuthKey decodes to the KPAK");
		ksrtp_kms_free(x);
		free(d);
	}
	ksrtp_kms_text_free(xml, xl);
	ksrtp_kms_text_free(kxml, kl);
	ksrtp_keyset_free(ks);
	ksrtp_kms_free(kms);
	ksrtp_kms_free(imp);
}

/* A third-party MCX KMS's published certificate and key set (TS 33.180 XML built here). */
static void test_third_party_xml(void)
{
	struct tap_vec *v = tap_vec_load("ts33180-mikey-sakke-imessages.txt");
	struct ksrtp_kms *kms = NULL;
	struct ksrtp_keyset *ks = NULL;
	char doc[8192];
	static const char *const hexd = "0123456789ABCDEF";
	char z[2 * 257 + 1], kpak[131], uid[65], rsk[515], ssk[65], pvt[131];
	const struct {
		const char *name;
		char *out;
		size_t len;
	} f[] = {{"KMS_Z", z, 257},	  {"KMS_KPAK", kpak, 65}, {"ALICE_UID", uid, 32},
		 {"ALICE_RSK", rsk, 257}, {"ALICE_SSK", ssk, 32}, {"ALICE_PVT", pvt, 65}};

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const uint8_t *b = tap_vec_get(v, f[i].name, NULL);

		for (size_t k = 0; k < f[i].len; k++) {
			f[i].out[2 * k] = hexd[b[k] >> 4];
			f[i].out[2 * k + 1] = hexd[b[k] & 15];
		}
		f[i].out[2 * f[i].len] = 0;
	}
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<!-- KMS response as an MCX KMS sends it -->\n"
		 "<KmsResponse xmlns=\"urn:3gpp:ns:mcsecKMSInterface:1.0\" "
		 "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" Version=\"1.0.0\">\n"
		 " <KmsUri>kms.mydev.streamwide.com</KmsUri>\n"
		 " <UserUri>sip:alice@streamwide.com</UserUri>\n"
		 " <Time>2026-01-01T00:00:00</Time>\n"
		 " <KmsMessage><KmsInit Version=\"1.0.0\"><SignedKmsCertificate>\n"
		 "  <KmsCertificate Version=\"1.1.0\" Role=\"Root\">\n"
		 "   <KmsUri>kms.mydev.streamwide.com</KmsUri>\n"
		 "   <CertUri>cert1.kms.mydev.streamwide.com</CertUri>\n"
		 "   <Issuer>www.streamwide.com</Issuer>\n"
		 "   <ValidFrom>2000-01-26T00:00:00</ValidFrom>\n"
		 "   <ValidTo>2100-01-26T23:59:59</ValidTo>\n"
		 "   <Revoked>false</Revoked>\n"
		 "   <UserIDFormat>2</UserIDFormat>\n"
		 "   <UserKeyPeriod>16777215</UserKeyPeriod>\n"
		 "   <UserKeyOffset>0</UserKeyOffset>\n"
		 "   <PubEncKey>%s</PubEncKey>\n"
		 "   <PubAuthKey>%s</PubAuthKey>\n"
		 "   <ParameterSet>1</ParameterSet>\n"
		 "   <KmsDomainList><KmsDomain>streamwide.com</KmsDomain></KmsDomainList>\n"
		 "  </KmsCertificate>\n"
		 " </SignedKmsCertificate></KmsInit></KmsMessage>\n"
		 "</KmsResponse>\n",
		 z, kpak);
	tap_eq_int(ksrtp_kms_from_xml(&kms, doc, strlen(doc)), 0,
		   "third-party KMS certificate (KmsResponse/KmsInit) imports");
	snprintf(doc, sizeof(doc),
		 "<?xml version=\"1.0\"?>\n"
		 "<ns2:KmsResponse xmlns:ns2=\"urn:3gpp:ns:mcsecKMSInterface:1.0\">"
		 "<ns2:KmsMessage><ns2:KmsKeyProv Version=\"1.0.0\">"
		 "<ns2:KmsKeySet Version=\"1.1.0\">"
		 "<ns2:KmsUri>kms.mydev.streamwide.com</ns2:KmsUri>"
		 "<ns2:CertUri>cert1.kms.mydev.streamwide.com</ns2:CertUri>"
		 "<ns2:UserUri>sip:alice@streamwide.com</ns2:UserUri>"
		 "<ns2:UserID>%s</ns2:UserID>"
		 "<ns2:KeyPeriodNo>236</ns2:KeyPeriodNo>"
		 "<ns2:Revoked>false</ns2:Revoked>"
		 "<ns2:UserDecryptKey>%s</ns2:UserDecryptKey>"
		 "<ns2:UserSigningKeySSK>\n   %s\n</ns2:UserSigningKeySSK>"
		 "<ns2:UserPubTokenPVT>%s</ns2:UserPubTokenPVT>"
		 "</ns2:KmsKeySet></ns2:KmsKeyProv></ns2:KmsMessage></ns2:KmsResponse>",
		 uid, rsk, ssk, pvt);
	tap_eq_int(kms ? ksrtp_keyset_from_xml(&ks, doc, strlen(doc), kms) : -1, 0,
		   "third-party key set for alice (KmsKeyProv, prefixed names) imports");
	tap_eq_int(ks ? ksrtp_keyset_check(ks, kms, ksrtp_keyset_valid_from(ks)) : -1, 0,
		   "third-party key set: UID, RSK and SSK/PVT validate");
	tap_ok(ks && ksrtp_keyset_valid_to(ks) - ksrtp_keyset_valid_from(ks) + 1 == 16777215,
	       "validity from the key period when ValidFrom/ValidTo are absent");
	ksrtp_keyset_free(ks);
	ks = NULL;
	/* UserID in base64 is accepted as well */
	{
		char b64[64], *p;
		const uint8_t *u = tap_vec_get(v, "ALICE_UID", NULL);
		static const char *const al =
			"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
		size_t o = 0;

		for (size_t i = 0; i < 33; i += 3) {
			uint32_t w = (uint32_t)u[i] << 16 | (i + 1 < 32 ? u[i + 1] << 8 : 0) |
				     (i + 2 < 32 ? u[i + 2] : 0);
			b64[o++] = al[w >> 18 & 63];
			b64[o++] = al[w >> 12 & 63];
			b64[o++] = i + 1 < 32 ? al[w >> 6 & 63] : '=';
			b64[o++] = i + 2 < 32 ? al[w & 63] : '=';
			if (i + 3 >= 32)
				break;
		}
		b64[o] = 0;
		p = strstr(doc, "<ns2:UserID>") + 12;
		char rest[8192];
		snprintf(rest, sizeof(rest), "%s", strstr(p, "</ns2:UserID>"));
		snprintf(p, sizeof(doc) - (size_t)(p - doc), "%s%s", b64, rest);
		tap_eq_int(kms ? ksrtp_keyset_from_xml(&ks, doc, strlen(doc), kms) : -1, 0,
			   "UserID in base64 (%s) accepted", b64);
		ksrtp_keyset_free(ks);
	}
	ksrtp_kms_free(kms);
	tap_vec_free(v);
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ksrtp-test-kms-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	test_dir_and_files();
	test_rfc6509_format();
	test_xml();
	test_third_party_xml();
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd))
			tap_diag("could not remove %s", tmpdir);
	}
	return tap_done();
}
