// SPDX-License-Identifier: GPL-2.0
/*
 * mkpcap.c - write a pcap (Ethernet, IPv4, UDP) for the tshark suite. Reads lines from stdin:
 *   udp HEX      a MIKEY message to UDP port 2269 (tshark decodes it as MIKEY)
 *   sip BASE64   a SIP INVITE to UDP port 5060 whose SDP carries a=key-mgmt:mikey BASE64 at
 *                session level
 *   sipm BASE64  the same at media level
 * and writes one packet per line to the file named by argv[1].
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *out;
static uint32_t sec = 1795392000;

static void put32le(uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
	fwrite(b, 1, 4, out);
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void packet(uint16_t sport, uint16_t dport, const uint8_t *pl, size_t n)
{
	static uint8_t f[70000];
	size_t ipl = 20 + 8 + n, fl = 14 + ipl;

	memset(f, 0, 42);
	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
	uint8_t *ip = f + 14;
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ipl >> 8);
	ip[3] = (uint8_t)ipl;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\xc0\x00\x02\x01\xc0\x00\x02\x02", 8);
	uint16_t c = csum(ip, 20);
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	uint8_t *u = ip + 20;
	u[0] = (uint8_t)(sport >> 8);
	u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8);
	u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((8 + n) >> 8);
	u[5] = (uint8_t)(8 + n);
	memcpy(u + 8, pl, n); /* UDP checksum 0: none */
	put32le(sec++);
	put32le(0);
	put32le((uint32_t)fl);
	put32le((uint32_t)fl);
	fwrite(f, 1, fl, out);
}

int main(int argc, char **argv)
{
	static char line[65536];
	static uint8_t buf[65536];

	if (argc != 2 || !(out = fopen(argv[1], "wb"))) {
		fprintf(stderr, "usage: mkpcap OUT.pcap < lines\n");
		return 2;
	}
	put32le(0xa1b2c3d4);
	fwrite("\x02\x00\x04\x00", 1, 4, out);
	put32le(0);
	put32le(0);
	put32le(65535);
	put32le(1); /* Ethernet */
	while (fgets(line, sizeof(line), stdin)) {
		size_t l = strcspn(line, "\r\n");
		line[l] = 0;
		if (!strncmp(line, "udp ", 4)) {
			size_t n = 0;
			for (const char *h = line + 4; h[0] && h[1] && n < sizeof(buf); h += 2) {
				unsigned v;
				if (sscanf(h, "%2x", &v) != 1)
					return 1;
				buf[n++] = (uint8_t)v;
			}
			packet(2269, 2269, buf, n);
		} else if (!strncmp(line, "sip ", 4) || !strncmp(line, "sipm ", 5)) {
			static char sdp[65536];
			int media = line[3] == 'm';
			const char *b64 = line + (media ? 5 : 4);
			int sl = snprintf(sdp, sizeof(sdp),
					  "v=0\r\no=gms 1 1 IN IP4 192.0.2.1\r\ns=group call\r\n"
					  "c=IN IP4 239.1.2.3/16\r\nt=0 0\r\n%s%s%s"
					  "m=audio 5004 RTP/SAVP 96\r\n%s%s%s"
					  "a=rtpmap:96 opus/48000/2\r\n",
					  media ? "" : "a=key-mgmt:mikey ", media ? "" : b64,
					  media ? "" : "\r\n", media ? "a=key-mgmt:mikey " : "",
					  media ? b64 : "", media ? "\r\n" : "");
			int n = snprintf(
				(char *)buf, sizeof(buf),
				"INVITE sip:group@example.org SIP/2.0\r\n"
				"Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
				"Max-Forwards: 70\r\nTo: <sip:group@example.org>\r\n"
				"From: <sip:gms@example.org>;tag=1928301774\r\n"
				"Call-ID: a84b4c76e66710@192.0.2.1\r\nCSeq: 314159 INVITE\r\n"
				"Contact: <sip:gms@192.0.2.1>\r\n"
				"Content-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s",
				sl, sdp);
			packet(5060, 5060, buf, (size_t)n);
		}
	}
	return fclose(out) ? 1 : 0;
}
