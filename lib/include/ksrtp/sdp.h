/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/sdp.h - SDP (RFC 4566) offers/answers for RTP group and one-to-one sessions carrying
 * MIKEY in "a=key-mgmt:mikey <base64>" (RFC 4567) at session or media level, and strict
 * base64 (RFC 4648).
 *
 * The parser is strict: lines end in CRLF (a bare LF is accepted), "<type>=<value>" with the
 * RFC 4566 order v o s [i u e p] [c] [b] t [r] [z] [k] [a]* then m= sections [i] [c] [b] [k]
 * [a]*; a field out of order, missing, repeated where it may appear once, or malformed is
 * refused with its own error. Limits: KSRTP_SDP_MAX_LEN octets, KSRTP_SDP_MAX_LINE per line,
 * KSRTP_SDP_MAX_MEDIA m= sections, KSRTP_SDP_MAX_PT payload types. Unknown attributes are
 * ignored (RFC 4566 5.13); unknown key-mgmt protocols are ignored; a malformed or duplicate
 * key-mgmt:mikey attribute is an error.
 *
 * Parsed structures are plain data owned by the caller (ksrtp_sdp_free()). No global state.
 */
#ifndef KSRTP_SDP_H
#define KSRTP_SDP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ksrtp_sdp_err {
	KSRTP_ESDP_BASE64 = 600,     /* not canonical base64 */
	KSRTP_ESDP_TOO_BIG = 601,    /* SDP, a line or a field longer than the limits */
	KSRTP_ESDP_SYNTAX = 602,     /* a line is not "<letter>=<value>" */
	KSRTP_ESDP_ORDER = 603,	     /* a line out of RFC 4566 order */
	KSRTP_ESDP_MISSING = 604,    /* a mandatory line (v, o, s, t, c) is missing */
	KSRTP_ESDP_DUPLICATE = 605,  /* a line that may appear once appears twice */
	KSRTP_ESDP_VERSION = 606,    /* v= is not 0 */
	KSRTP_ESDP_ORIGIN = 607,     /* malformed o= */
	KSRTP_ESDP_CONNECTION = 608, /* malformed c= (address, TTL) */
	KSRTP_ESDP_TIMING = 609,     /* malformed t= */
	KSRTP_ESDP_MEDIA = 610,	     /* malformed m= (media, port, proto, formats) */
	KSRTP_ESDP_RTPMAP = 611,     /* malformed a=rtpmap */
	KSRTP_ESDP_KEYMGMT = 612,    /* malformed a=key-mgmt:mikey */
	KSRTP_ESDP_TOO_MANY = 613,   /* too many m= sections, payload types or rtpmaps */
	KSRTP_ESDP_CHARSET = 614,    /* a control character or NUL inside the SDP */
	KSRTP_ESDP_NO_KEYMGMT = 615, /* no a=key-mgmt:mikey where one was required */
};

#define KSRTP_SDP_MAX_LEN     16384
#define KSRTP_SDP_MAX_LINE    4096
#define KSRTP_SDP_MAX_MEDIA   8
#define KSRTP_SDP_MAX_PT      16
#define KSRTP_SDP_MAX_KEYMGMT 2048 /* decoded MIKEY message octets */
#define KSRTP_SDP_STR	      128

enum ksrtp_sdp_dir {
	KSRTP_SDP_DIR_NONE = 0, /* not given (sendrecv by default) */
	KSRTP_SDP_SENDRECV,
	KSRTP_SDP_SENDONLY,
	KSRTP_SDP_RECVONLY,
	KSRTP_SDP_INACTIVE,
};

struct ksrtp_sdp_conn {
	int present;
	int ip6;		  /* IN IP6 */
	char addr[KSRTP_SDP_STR]; /* unicast or multicast address */
	int multicast;		  /* IPv4 224/4 or IPv6 ff00::/8 */
	unsigned ttl;		  /* IPv4 multicast TTL (required for IPv4 multicast) */
};

struct ksrtp_sdp_rtpmap {
	uint8_t pt;
	char encoding[32];
	uint32_t clock;
	uint8_t channels; /* 0 = not given */
};

struct ksrtp_sdp_media {
	char media[16]; /* "audio", "video", ... */
	uint16_t port;
	char proto[32]; /* "RTP/SAVP", "RTP/SAVPF", ... */
	uint8_t pts[KSRTP_SDP_MAX_PT];
	size_t n_pts;
	struct ksrtp_sdp_rtpmap rtpmap[KSRTP_SDP_MAX_PT];
	size_t n_rtpmap;
	struct ksrtp_sdp_conn conn;
	int dir;
	uint8_t keymgmt[KSRTP_SDP_MAX_KEYMGMT]; /* MIKEY message from a=key-mgmt:mikey */
	size_t keymgmt_len;			/* 0 = none */
};

struct ksrtp_sdp {
	char o_user[64];
	uint64_t sess_id, sess_version;
	int o_ip6;
	char o_addr[KSRTP_SDP_STR];
	char name[KSRTP_SDP_STR]; /* s= */
	struct ksrtp_sdp_conn conn;
	uint64_t t_start, t_stop;
	int dir;
	uint8_t keymgmt[KSRTP_SDP_MAX_KEYMGMT]; /* session-level a=key-mgmt:mikey */
	size_t keymgmt_len;
	struct ksrtp_sdp_media media[KSRTP_SDP_MAX_MEDIA];
	size_t n_media;
};

/* Parse an SDP; *out is allocated (free with ksrtp_sdp_free()). */
int ksrtp_sdp_parse(const char *text, size_t len, struct ksrtp_sdp **out);
/* The same, with the number of the offending line (1-based) in *line on error (0 when the
 * error is not tied to a line, e.g. a missing mandatory line at the end). */
int ksrtp_sdp_parse_line(const char *text, size_t len, struct ksrtp_sdp **out, unsigned *line);
void ksrtp_sdp_free(struct ksrtp_sdp *sdp);
/*
 * Build SDP text (CRLF line ends) from sdp: v=0, o=, s=, c= (session level if present),
 * t=, session a=key-mgmt and direction, then each m= with c=, a=rtpmap, direction and
 * a=key-mgmt. *out is malloc()ed and NUL-terminated.
 */
int ksrtp_sdp_build(const struct ksrtp_sdp *sdp, char **out, size_t *out_len);
/* The MIKEY message for media index i: media level, else session level. NULL when none. */
const uint8_t *ksrtp_sdp_mikey(const struct ksrtp_sdp *sdp, size_t i, size_t *len);

/*
 * The value of an a=key-mgmt attribute (after "key-mgmt:"), e.g. "mikey AQ...": returns 1
 * and the decoded MIKEY message for prtcl-id "mikey", 0 for another protocol (ignored),
 * or a negative error.
 */
int ksrtp_sdp_keymgmt_parse(const char *value, size_t len, uint8_t *mikey, size_t cap,
			    size_t *mikey_len);
/* Format "key-mgmt:mikey <base64>" (no "a=", no line end) into out (NUL-terminated). */
int ksrtp_sdp_keymgmt_format(const uint8_t *mikey, size_t len, char *out, size_t cap);

/* Base64 (RFC 4648 section 4, with padding). */
size_t ksrtp_b64_encoded_len(size_t len);
int ksrtp_b64_encode(const uint8_t *in, size_t len, char *out, size_t cap);
int ksrtp_b64_decode(const char *in, size_t len, uint8_t *out, size_t cap, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_SDP_H */
