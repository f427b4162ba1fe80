// SPDX-License-Identifier: GPL-2.0
/*
 * test_sdp.c - SDP offers/answers with a=key-mgmt:mikey (RFC 4566, RFC 4567): build/parse
 * round trips for a multicast group and a one-to-one session, the third-party SDP form, base64
 * (RFC 4648 test vectors), and every refused input class with its own error.
 */
#include <ksrtp/err.h>
#include <ksrtp/sdp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int parse(const char *t, struct ksrtp_sdp **out)
{
	struct ksrtp_sdp *s = NULL;
	int err = ksrtp_sdp_parse(t, strlen(t), &s);

	if (out)
		*out = s;
	else
		ksrtp_sdp_free(s);
	return err;
}

static void base64(void)
{
	/* RFC 4648 section 10 */
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const out[] = {"",	      "Zg==",	  "Zm8=",    "Zm9v",
					  "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	char b[32];
	uint8_t d[32];
	size_t n;

	for (int i = 0; i < 7; i++) {
		ksrtp_b64_encode((const uint8_t *)in[i], strlen(in[i]), b, sizeof(b));
		tap_ok(!strcmp(b, out[i]), "base64 encode \"%s\"", in[i]);
		if (i) {
			int err = ksrtp_b64_decode(out[i], strlen(out[i]), d, sizeof(d), &n);
			tap_ok(!err && n == strlen(in[i]) && !memcmp(d, in[i], n),
			       "base64 decode \"%s\"", out[i]);
		}
	}
	static const char *const bad[] = {"Zg=",    "Zg",   "Z===", "Zh==",	"Zm9=", "Zm 9v",
					  "Zm9v\n", "=Zm9", "Zm=v", "Zm9v====", "Zm-v", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tap_eq_int(ksrtp_b64_decode(bad[i], strlen(bad[i]), d, sizeof(d), &n),
			   -KSRTP_ESDP_BASE64, "base64 refuses non-canonical #%zu", i);
	/* all 256 octet values survive */
	uint8_t all[256], back[256];
	char enc[400];
	for (int i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	ksrtp_b64_encode(all, 256, enc, sizeof(enc));
	tap_ok(!ksrtp_b64_decode(enc, strlen(enc), back, sizeof(back), &n) && n == 256 &&
		       !memcmp(all, back, 256),
	       "base64 round trip of 0..255");
	tap_eq_int(ksrtp_b64_decode(enc, strlen(enc), back, 100, &n), -KSRTP_EBUFSIZE,
		   "base64 output bound");
}

static void round_trips(void)
{
	struct ksrtp_sdp s = {0}, *p = NULL;
	uint8_t mikey[300];
	char *text = NULL;
	size_t len;
	int err;

	for (int i = 0; i < 300; i++)
		mikey[i] = (uint8_t)(i * 7);
	/* a multicast group: session-level key-mgmt, c= with TTL */
	snprintf(s.o_user, sizeof(s.o_user), "gms");
	s.sess_id = 1234567890;
	s.sess_version = 2;
	snprintf(s.o_addr, sizeof(s.o_addr), "192.0.2.1");
	snprintf(s.name, sizeof(s.name), "group call 42");
	s.conn.present = 1;
	s.conn.multicast = 1;
	s.conn.ttl = 16;
	snprintf(s.conn.addr, sizeof(s.conn.addr), "239.1.2.3");
	memcpy(s.keymgmt, mikey, 300);
	s.keymgmt_len = 300;
	s.n_media = 1;
	snprintf(s.media[0].media, sizeof(s.media[0].media), "audio");
	s.media[0].port = 49170;
	snprintf(s.media[0].proto, sizeof(s.media[0].proto), "RTP/SAVP");
	s.media[0].pts[0] = 96;
	s.media[0].pts[1] = 0;
	s.media[0].n_pts = 2;
	s.media[0].rtpmap[0] = (struct ksrtp_sdp_rtpmap){96, "opus", 48000, 2};
	s.media[0].rtpmap[1] = (struct ksrtp_sdp_rtpmap){0, "PCMU", 8000, 0};
	s.media[0].n_rtpmap = 2;
	s.media[0].dir = KSRTP_SDP_SENDRECV;
	err = ksrtp_sdp_build(&s, &text, &len);
	tap_ok(!err && strlen(text) == len, "group SDP builds");
	tap_ok(text && strstr(text, "c=IN IP4 239.1.2.3/16\r\n") &&
		       strstr(text, "m=audio 49170 RTP/SAVP 96 0\r\n") &&
		       strstr(text, "a=rtpmap:96 opus/48000/2\r\n") &&
		       strstr(text, "a=key-mgmt:mikey "),
	       "group SDP has the expected lines");
	err = text ? ksrtp_sdp_parse(text, len, &p) : -1;
	tap_ok(!err, "group SDP parses back (%s)", ksrtp_strerror(err));
	if (!err) {
		size_t ml;
		const uint8_t *m = ksrtp_sdp_mikey(p, 0, &ml);
		tap_ok(m && ml == 300 && !memcmp(m, mikey, 300),
		       "session-level MIKEY applies to the media");
		tap_ok(p->conn.multicast && p->conn.ttl == 16 &&
			       !strcmp(p->conn.addr, "239.1.2.3") && p->sess_id == 1234567890 &&
			       !strcmp(p->name, "group call 42") && p->media[0].port == 49170 &&
			       p->media[0].n_pts == 2 && p->media[0].n_rtpmap == 2 &&
			       p->media[0].rtpmap[0].channels == 2 &&
			       p->media[0].dir == KSRTP_SDP_SENDRECV,
		       "group SDP fields round trip");
	}
	ksrtp_sdp_free(p);
	free(text);

	/* one-to-one over IPv6, media-level key-mgmt and c= */
	s.conn.present = 0;
	s.keymgmt_len = 0;
	s.o_ip6 = 1;
	snprintf(s.o_addr, sizeof(s.o_addr), "host.example.org");
	s.media[0].conn = (struct ksrtp_sdp_conn){.present = 1, .ip6 = 1, .addr = "2001:db8::5"};
	memcpy(s.media[0].keymgmt, mikey, 100);
	s.media[0].keymgmt_len = 100;
	s.media[0].dir = KSRTP_SDP_RECVONLY;
	err = ksrtp_sdp_build(&s, &text, &len);
	err = err ? err : ksrtp_sdp_parse(text, len, &p);
	tap_ok(!err && p->media[0].conn.ip6 && !p->media[0].conn.multicast &&
		       p->media[0].keymgmt_len == 100 && p->keymgmt_len == 0 &&
		       p->media[0].dir == KSRTP_SDP_RECVONLY,
	       "one-to-one SDP (IPv6, media level) round trips (%s)", ksrtp_strerror(err));
	ksrtp_sdp_free(p);
	free(text);
	s.media[0].conn.present = 0;
	tap_eq_int(ksrtp_sdp_build(&s, &text, &len), -KSRTP_EINVAL,
		   "builder refuses a media without any c=");
}

#define HEAD  "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n"
#define CONN  "c=IN IP4 192.0.2.2\r\n"
#define TIME  "t=0 0\r\n"
#define MEDIA "m=audio 5004 RTP/AVP 0\r\n"

static void refusals(void)
{
	static const struct {
		const char *sdp;
		int err;
		const char *what;
	} c[] = {
		{HEAD CONN TIME MEDIA, 0, "minimal SDP accepted"},
		{"v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.2\nt=0 0\nm=audio 5004 "
		 "RTP/AVP 0\n",
		 0, "bare LF accepted"},
		{"", -KSRTP_ESDP_MISSING, "empty"},
		{"o=- 1 1 IN IP4 192.0.2.1\r\n", -KSRTP_ESDP_MISSING, "no v="},
		{"v=1\r\n", -KSRTP_ESDP_VERSION, "v=1"},
		{"v=0\r\ns=-\r\n", -KSRTP_ESDP_MISSING, "no o="},
		{HEAD CONN MEDIA, -KSRTP_ESDP_MISSING, "m= before t="},
		{HEAD TIME MEDIA, -KSRTP_ESDP_MISSING, "no c= anywhere"},
		{HEAD TIME CONN MEDIA, -KSRTP_ESDP_ORDER, "c= after t="},
		{HEAD CONN CONN TIME, -KSRTP_ESDP_DUPLICATE, "two session c="},
		{"v=0\r\nv=0\r\n", -KSRTP_ESDP_DUPLICATE, "two v="},
		{"v=0\r\no=- x 1 IN IP4 192.0.2.1\r\n", -KSRTP_ESDP_ORIGIN,
		 "o= session id not a number"},
		{"v=0\r\no=- 1 1 IN IP5 192.0.2.1\r\n", -KSRTP_ESDP_ORIGIN, "o= address type"},
		{"v=0\r\no=- 1 1 IN IP4\r\n", -KSRTP_ESDP_ORIGIN, "o= short"},
		{"v=0\r\no=-  1 1 IN IP4 a\r\n", -KSRTP_ESDP_ORIGIN, "o= double space"},
		{HEAD "c=IN IP4 239.1.1.1\r\n" TIME, -KSRTP_ESDP_CONNECTION,
		 "IPv4 multicast without TTL"},
		{HEAD "c=IN IP4 10.0.0.1/5\r\n" TIME, -KSRTP_ESDP_CONNECTION, "unicast with TTL"},
		{HEAD "c=IN IP4 239.1.1.1/300\r\n" TIME, -KSRTP_ESDP_CONNECTION, "TTL 300"},
		{HEAD "c=IN IP4 999.1.1.1\r\n" TIME, -KSRTP_ESDP_CONNECTION, "bad IPv4"},
		{HEAD "c=IN IP6 ::g\r\n" TIME, -KSRTP_ESDP_CONNECTION, "bad IPv6"},
		{HEAD CONN "t=0\r\n", -KSRTP_ESDP_TIMING, "t= with one field"},
		{HEAD CONN TIME "m=audio 70000 RTP/AVP 0\r\n", -KSRTP_ESDP_MEDIA, "port 70000"},
		{HEAD CONN TIME "m=audio 5004 RTP/AVP\r\n", -KSRTP_ESDP_MEDIA, "no formats"},
		{HEAD CONN TIME "m=audio 5004 RTP/AVP 128\r\n", -KSRTP_ESDP_MEDIA,
		 "payload type 128"},
		{HEAD CONN TIME "m=audio 5004 RTP/AVP 0 \r\n", -KSRTP_ESDP_MEDIA, "trailing space"},
		{HEAD CONN TIME "m=audio 5004 RTP/AVP 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\r\n",
		 -KSRTP_ESDP_TOO_MANY, "17 formats"},
		{HEAD CONN TIME MEDIA "a=rtpmap:0 PCMU\r\n", -KSRTP_ESDP_RTPMAP,
		 "rtpmap without rate"},
		{HEAD CONN TIME MEDIA "a=rtpmap:0 PCMU/0\r\n", -KSRTP_ESDP_RTPMAP, "rtpmap rate 0"},
		{HEAD CONN TIME MEDIA "a=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMU/8000\r\n",
		 -KSRTP_ESDP_DUPLICATE, "rtpmap twice for one payload type"},
		{HEAD CONN TIME "a=rtpmap:0 PCMU/8000\r\n" MEDIA, -KSRTP_ESDP_RTPMAP,
		 "rtpmap at session level"},
		{HEAD CONN TIME MEDIA "a=key-mgmt:mikey AQ=\r\n", -KSRTP_ESDP_KEYMGMT,
		 "bad base64"},
		{HEAD CONN TIME MEDIA "a=key-mgmt:mikey\r\n", -KSRTP_ESDP_KEYMGMT, "no data"},
		{HEAD CONN TIME MEDIA "a=key-mgmt:mikey AQID AQID\r\n", -KSRTP_ESDP_KEYMGMT,
		 "two data fields"},
		{HEAD CONN TIME MEDIA "a=key-mgmt:mikey AQID\r\na=key-mgmt:mikey AQID\r\n",
		 -KSRTP_ESDP_KEYMGMT, "two key-mgmt:mikey"},
		{HEAD CONN TIME MEDIA "a=key-mgmt:other whatever\r\n", 0, "other key-mgmt ignored"},
		{HEAD CONN TIME MEDIA "a=sendonly\r\na=recvonly\r\n", -KSRTP_ESDP_DUPLICATE,
		 "two directions"},
		{HEAD CONN TIME MEDIA "x=1\r\n", -KSRTP_ESDP_ORDER, "unknown line in media"},
		{HEAD CONN TIME MEDIA "a=x\r\nc=IN IP4 192.0.2.3\r\n", -KSRTP_ESDP_ORDER,
		 "c= after a= in media"},
		{HEAD CONN TIME "X=1\r\n", -KSRTP_ESDP_SYNTAX, "upper-case type"},
		{HEAD CONN TIME "a\r\n", -KSRTP_ESDP_SYNTAX, "no ="},
		{HEAD CONN TIME "\r\n" MEDIA, -KSRTP_ESDP_SYNTAX, "empty line inside"},
		{HEAD CONN TIME "a=x\x01y\r\n", -KSRTP_ESDP_CHARSET, "control character"},
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		tap_eq_int(parse(c[i].sdp, NULL), c[i].err, "%s", c[i].what);
	/* the offending line is reported */
	unsigned line = 99;
	struct ksrtp_sdp *sl = NULL;
	static const char l5[] = HEAD CONN "t=0\r\n";
	tap_ok(ksrtp_sdp_parse_line(l5, strlen(l5), &sl, &line) == -KSRTP_ESDP_TIMING && line == 5,
	       "error on line 5 reported as line 5 (%u)", line);
	static const char nt[] = HEAD CONN;
	tap_ok(ksrtp_sdp_parse_line(nt, strlen(nt), &sl, &line) == -KSRTP_ESDP_MISSING && line == 0,
	       "missing t= is not tied to a line");
	/* NUL inside */
	static const char nul[] = HEAD CONN TIME "a=x\0y\r\n";
	struct ksrtp_sdp *s = NULL;
	tap_eq_int(ksrtp_sdp_parse(nul, sizeof(nul) - 1, &s), -KSRTP_ESDP_CHARSET, "NUL inside");
	/* limits */
	char *big = malloc(KSRTP_SDP_MAX_LEN + 2);
	memset(big, 'a', KSRTP_SDP_MAX_LEN + 1);
	big[KSRTP_SDP_MAX_LEN + 1] = 0;
	tap_eq_int(parse(big, NULL), -KSRTP_ESDP_TOO_BIG, "SDP over the size limit");
	snprintf(big, KSRTP_SDP_MAX_LEN, HEAD CONN TIME "a=");
	size_t o = strlen(big);
	memset(big + o, 'x', KSRTP_SDP_MAX_LINE + 1);
	big[o + KSRTP_SDP_MAX_LINE + 1] = 0;
	tap_eq_int(parse(big, NULL), -KSRTP_ESDP_TOO_BIG, "line over the limit");
	free(big);
	char many[4096];
	snprintf(many, sizeof(many), HEAD CONN TIME);
	for (int i = 0; i < KSRTP_SDP_MAX_MEDIA + 1; i++)
		strcat(many, MEDIA);
	tap_eq_int(parse(many, NULL), -KSRTP_ESDP_TOO_MANY, "too many media sections");
	/* the key-mgmt value alone */
	uint8_t mk[8];
	size_t ml;
	tap_eq_int(ksrtp_sdp_keymgmt_parse("mikey AQIDBA==", 14, mk, sizeof(mk), &ml), 1,
		   "key-mgmt value parses");
	tap_ok(ml == 4 && mk[3] == 4, "key-mgmt value decodes");
	tap_eq_int(ksrtp_sdp_keymgmt_parse("mikey AQIDBAUGBwgJ", 18, mk, sizeof(mk), &ml),
		   -KSRTP_ESDP_TOO_BIG, "key-mgmt larger than the buffer");
	char f[64];
	tap_ok(!ksrtp_sdp_keymgmt_format(mk, 4, f, sizeof(f)) &&
		       !strcmp(f, "key-mgmt:mikey AQIDBA=="),
	       "key-mgmt formats");
}

int main(void)
{
	base64();
	round_trips();
	refusals();
	tap_ok(strstr(ksrtp_strerror(-KSRTP_ESDP_CONNECTION), "TTL") != NULL,
	       "error messages come from the SDP table");
	return tap_done();
}
