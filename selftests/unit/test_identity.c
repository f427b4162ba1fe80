// SPDX-License-Identifier: GPL-2.0
/*
 * test_identity.c - RFC 6509 identities (against RFC 6507 Appendix A's ID), TS 33.180 F.2.1
 * UIDs (the F.2.1.2 example and five further published UIDs), key period numbers.
 */
#include <ksrtp/err.h>
#include <ksrtp/identity.h>
#include <ksrtp/kms.h>

#include <stdio.h>
#include <string.h>

#include "tap.h"

static void test_rfc6509(void)
{
	struct tap_vec *v = tap_vec_load("rfc6507-eccsi.txt");
	size_t want_len, len;
	const uint8_t *want = tap_vec_get(v, "ID", &want_len);
	uint8_t id[KSRTP_ID_MAX];
	unsigned int y, m;
	char uri[64];

	tap_eq_int(ksrtp_id_rfc6509(id, sizeof(id), &len, 2011, 2, "tel:+447700900123"), 0,
		   "RFC 6509 identity for 2011-02 tel:+447700900123");
	tap_eq_int((long long)len, (long long)want_len, "RFC 6509 identity length");
	tap_eq_hex(id, want, want_len, "RFC 6509 identity = RFC 6507 Appendix A ID");
	/* 2011-02-15T00:00:00Z = 1297728000 */
	tap_eq_int(ksrtp_id_rfc6509_at(id, sizeof(id), &len, 1297728000, "tel:+447700900123"), 0,
		   "RFC 6509 identity from a time");
	tap_eq_hex(id, want, want_len, "RFC 6509 identity from a time in February 2011");
	tap_eq_int(ksrtp_id_rfc6509_parse(want, want_len, &y, &m, uri, sizeof(uri)), 0,
		   "parse the RFC 6507 ID");
	tap_ok(y == 2011 && m == 2 && !strcmp(uri, "tel:+447700900123"), "parsed back: %u-%02u %s",
	       y, m, uri);
	tap_eq_int(ksrtp_id_rfc6509_parse(want, want_len - 1, &y, &m, uri, sizeof(uri)),
		   -KSRTP_EKMS_BAD_ID, "parse: missing final NUL");
	memcpy(id, want, want_len);
	id[5] = '1', id[6] = '3';
	tap_eq_int(ksrtp_id_rfc6509_parse(id, want_len, &y, &m, uri, sizeof(uri)),
		   -KSRTP_EKMS_BAD_ID, "parse: month 13");
	memcpy(id, want, want_len);
	id[12] = 0;
	tap_eq_int(ksrtp_id_rfc6509_parse(id, want_len, &y, &m, uri, sizeof(uri)),
		   -KSRTP_EKMS_BAD_ID, "parse: NUL inside the URI");
	tap_eq_int(
		ksrtp_id_rfc6509_parse((const uint8_t *)"2011-02\0\0", 9, &y, &m, uri, sizeof(uri)),
		-KSRTP_EKMS_BAD_ID, "parse: empty URI");
	tap_eq_int(ksrtp_id_rfc6509_parse(want, want_len, &y, &m, uri, 5), -KSRTP_EBUFSIZE,
		   "parse: small URI buffer");
	tap_eq_int(ksrtp_id_rfc6509(id, sizeof(id), &len, 2011, 13, "tel:+1"),
		   -KSRTP_EKMS_BAD_PERIOD, "month 13 refused");
	tap_eq_int(ksrtp_id_rfc6509(id, sizeof(id), &len, 2011, 2, ""), -KSRTP_EKMS_BAD_URI,
		   "empty URI refused");
	tap_eq_int(ksrtp_id_rfc6509(id, sizeof(id), &len, 2011, 2, "sip:a b@x"),
		   -KSRTP_EKMS_BAD_URI, "URI with a space refused");
	tap_eq_int(ksrtp_id_rfc6509(id, 10, &len, 2011, 2, "tel:+447700900123"), -KSRTP_EBUFSIZE,
		   "small output buffer");
	tap_vec_free(v);
}

static void test_uid(void)
{
	struct tap_vec *v = tap_vec_load("ts33180-mikey-sakke-imessages.txt");
	const char *uri = "sip:user@example.org", *kms = "kms.example.org";
	uint8_t s[256], uid[32];
	size_t len, want_len;
	const uint8_t *want = tap_vec_get(v, "F212_S", &want_len);
	uint64_t no = 0;
	static const struct {
		const char *name;
		uint64_t period, offset, no;
	} sw[] = {
		{"SW_UID1", 2592000, 0, 1},
		{"SW_UID2", 10, 0, 10},
		{"SW_UID3", 25920000, 100, 1},
		{"SW_UID4", 25920000, 100, 2048},
		{"SW_UID5", 25920000, 45920000, 20393844},
	};

	tap_eq_int(ksrtp_id_period_no(3599719634ULL, 2592000, 0, &no), 0, "F.2.1.2 period number");
	tap_eq_int((long long)no, 1388, "F.2.1.2: NTP 3599719634 / 2592000 -> key period 1388");
	tap_eq_int(ksrtp_id_uid_string(s, sizeof(s), &len, uri, kms, 2592000, 0, no), 0,
		   "F.2.1.2 KDF string");
	tap_eq_int((long long)len, (long long)want_len, "F.2.1.2 KDF string length");
	tap_eq_hex(s, want, want_len, "F.2.1.2 KDF string S (FC, P0..P5, L0..L5)");
	tap_eq_int(ksrtp_id_uid(uid, uri, kms, 2592000, 0, no), 0, "F.2.1.2 UID");
	tap_eq_hex(uid, tap_vec_get(v, "F212_UID", NULL), 32, "F.2.1.2 UID = SHA-256(S)");
	for (size_t i = 0; i < sizeof(sw) / sizeof(sw[0]); i++) {
		ksrtp_id_uid(uid, uri, kms, sw[i].period, sw[i].offset, sw[i].no);
		tap_eq_hex(uid, tap_vec_get(v, sw[i].name, NULL), 32,
			   "%s: period %llu offset %llu number %llu", sw[i].name,
			   (unsigned long long)sw[i].period, (unsigned long long)sw[i].offset,
			   (unsigned long long)sw[i].no);
	}
	/* the third-party users' UIDs: KMS kms.mydev.streamwide.com, period 16777215, no 236 */
	static const struct {
		const char *name, *uri;
	} users[] = {{"GMS_UID", "gms@streamwide.com"},
		     {"ALICE_UID", "sip:alice@streamwide.com"},
		     {"BOB_UID", "sip:bob@streamwide.com"},
		     {"IWF_UID", "sip:iwf_legacy_v1.1.x_format@streamwide.com"}};
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		ksrtp_id_uid(uid, users[i].uri, "kms.mydev.streamwide.com", 16777215, 0, 236);
		tap_eq_hex(uid, tap_vec_get(v, users[i].name, NULL), 32, "%s (%s)", users[i].name,
			   users[i].uri);
	}
	tap_eq_int(ksrtp_id_period_no(99, 10, 100, &no), -KSRTP_EKMS_BAD_PERIOD,
		   "period number before the offset refused");
	tap_eq_int(ksrtp_id_period_no(99, 0, 0, &no), -KSRTP_EKMS_BAD_PERIOD,
		   "period length 0 refused");
	tap_eq_int(ksrtp_id_period_no(109, 10, 100, &no), 0, "period number at offset + 9");
	tap_eq_int((long long)no, 0, "  ... is period 0");
	tap_eq_int(ksrtp_id_period_no(110, 10, 100, &no) || no != 1, 0, "offset + 10 is period 1");
	tap_eq_int(ksrtp_id_uid(uid, "", kms, 1, 0, 0), -KSRTP_EKMS_BAD_URI, "UID of empty URI");
	tap_eq_int((long long)ksrtp_ntp_from_unix(0), 2208988800LL, "NTP time of the Unix epoch");
	tap_eq_int(ksrtp_unix_from_ntp(3599719634ULL), 1390730834LL,
		   "NTP 3599719634 = 2014-01-26T10:07:14Z");
	tap_vec_free(v);
}

int main(void)
{
	test_rfc6509();
	test_uid();
	return tap_done();
}
