/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksrtp/nl.h - driving the ksrtp kernel module over generic netlink, for a keying daemon
 * (ksrtpd) and for ksrtpctl.
 *
 * The module's contract is <linux/ksrtp.h> (kmod/include/uapi/linux/ksrtp.h); this API is a
 * typed view of it, on libnl-genl. A handle is one netlink socket in the caller's network
 * namespace, bound to the "ksrtp" family:
 *
 *   struct ksrtp_nl *nl;
 *   ksrtp_nl_open(&nl);                             module loaded? family version?
 *   struct ksrtp_nl_sa sa = {.dir = KSRTP_DIR_UNPROTECT, .family = AF_INET, ...};
 *   struct ksrtp_nl_key key = {.slot = KSRTP_KEY_SLOT_CURRENT, ...};   e.g. from
 *       ksrtp_mikey_srtp_keys() or ksrtp_nl_key_from_srtpkey()
 *   ksrtp_nl_sa_add(nl, &sa, &key, 0, &id);          id chosen by the kernel
 *   ksrtp_nl_key_set(nl, id, &next); ksrtp_nl_key_swap(nl, id);   make-before-break rekey
 *   ksrtp_nl_sa_dump(nl, fn, arg);                   every SA with stats, resumable in the kernel
 *
 * Events (lifetime expiry, index exhaustion, SSRC collision, authentication failures, automatic
 * key swap) arrive on a second handle: ksrtp_nl_events_subscribe() turns a handle into an
 * event listener (it cannot send requests afterwards); poll ksrtp_nl_fd() and call
 * ksrtp_nl_events_read(). If the socket overflowed, -KSRTP_ENL_LOST says events were lost:
 * resynchronise with ksrtp_nl_sa_dump().
 *
 * Every function returns 0 (or a count where said) or a negative KSRTP_E* code. When the kernel
 * refused a request, the code names the common cases (EEXIST, ENOENT, EPERM) or is
 * KSRTP_ENL_KERNEL, and ksrtp_nl_errno() / ksrtp_nl_detail() give the errno and the kernel's
 * extended-ack message. Replies are checked strictly (every known attribute's length and every
 * address against its family); a malformed reply is -KSRTP_ENL_PROTO with the offending
 * attribute in ksrtp_nl_detail(). Attributes newer than this library are ignored.
 *
 * Key material is only ever written: requests that carry keys are wiped before they are freed,
 * and the kernel never returns keys (a reply that carries key material is refused).
 * A handle is not thread-safe; use one per thread. The library prints nothing.
 */
#ifndef KSRTP_NL_H
#define KSRTP_NL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/ksrtp.h>

#include <ksrtp/srtpkey.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes (800..899), negative on return; messages via ksrtp_strerror(). */
enum ksrtp_err_nl {
	KSRTP_ENL_NOMODULE = 800, /* the ksrtp module is not loaded (no "ksrtp" family) */
	KSRTP_ENL_SOCKET = 801,	  /* a netlink socket operation failed (see ksrtp_nl_detail) */
	KSRTP_ENL_KERNEL = 802,	  /* the kernel refused the request (errno, extended ack) */
	KSRTP_ENL_EXIST = 803,	  /* the SA exists (EEXIST) */
	KSRTP_ENL_NOENT = 804,	  /* no such SA or key slot (ENOENT) */
	KSRTP_ENL_PERM = 805,	  /* CAP_NET_ADMIN over the network namespace is needed (EPERM) */
	KSRTP_ENL_PROTO = 806,	  /* malformed reply or event from the kernel */
	KSRTP_ENL_LOST = 807,	  /* events were lost (receive buffer overrun): dump to resync */
	KSRTP_ENL_EVENTS = 808,	  /* a request on a handle that listens to events */
	KSRTP_ENL_NOGROUP = 809,  /* the module has no "events" multicast group */
};

struct ksrtp_nl;

/* Connect to the "ksrtp" family in the caller's network namespace. */
int ksrtp_nl_open(struct ksrtp_nl **out);
void ksrtp_nl_close(struct ksrtp_nl *nl);

/* The family's id and version as registered (KSRTP_GENL_VERSION when both sides agree). */
int ksrtp_nl_family_id(const struct ksrtp_nl *nl);
int ksrtp_nl_family_version(const struct ksrtp_nl *nl);

/* The last failure on this handle: errno (0 if none) and a message ("" if none). */
int ksrtp_nl_errno(const struct ksrtp_nl *nl);
const char *ksrtp_nl_detail(const struct ksrtp_nl *nl);
/* The attribute the kernel said was missing (NLMSGERR_ATTR_MISS_TYPE), or -1. */
int ksrtp_nl_missing_attr(const struct ksrtp_nl *nl);

/* ---- module information ------------------------------------------------------------------ */
#define KSRTP_NL_NAME_MAX   128
#define KSRTP_NL_MAX_SUITES 8

struct ksrtp_nl_suite_info {
	uint16_t suite; /* enum ksrtp_suite */
	char name[64];
	char cipher_driver[KSRTP_NL_NAME_MAX]; /* "" when unavailable */
	char auth_driver[KSRTP_NL_NAME_MAX];   /* "" for AEAD suites */
};

enum {
	KSRTP_NL_INFO_GENL_VERSION = 1 << 0,
	KSRTP_NL_INFO_SELFTEST = 1 << 1,
	KSRTP_NL_INFO_NUM_SAS = 1 << 2,
	KSRTP_NL_INFO_MAX_SAS = 1 << 3,
};

struct ksrtp_nl_info {
	char version[64]; /* module version, "" if not sent */
	uint32_t genl_version;
	uint8_t selftest; /* 1: the RFC 3711 / RFC 7714 vectors passed at load */
	uint32_t num_sas, max_sas;
	unsigned has; /* KSRTP_NL_INFO_* present in the reply */
	struct ksrtp_nl_suite_info suites[KSRTP_NL_MAX_SUITES];
	unsigned num_suites;
};

int ksrtp_nl_info_get(struct ksrtp_nl *nl, struct ksrtp_nl_info *out);

/* ---- counters ------------------------------------------------------------------------------ */
/* Indexed by enum ksrtp_stats_attr (KSRTP_STATS_A_PACKETS ...); present: bit (1 << index). */
struct ksrtp_nl_stats {
	uint64_t v[KSRTP_STATS_A_MAX + 1];
	uint32_t present;
};

/* "packets", "bytes", "auth-fail", ... for a KSRTP_STATS_A_* index; NULL for others. */
const char *ksrtp_nl_stat_name(int index);

/* ---- keys ------------------------------------------------------------------------------------ */
enum {
	KSRTP_NL_KEY_KDR = 1 << 0, /* kdr is set */
	KSRTP_NL_KEY_ID = 1 << 1,  /* key_id is set */
};

/*
 * A master key for a slot. In requests: master key and salt of the suite's lengths, MKI of the
 * SA's MKI length. In replies (sa_get/dump): slot, MKI, kdr and key_id only; key and salt
 * lengths are 0.
 */
struct ksrtp_nl_key {
	uint8_t slot; /* enum ksrtp_key_slot */
	uint8_t master_key[KSRTP_SRTP_MAX_KEY];
	size_t master_key_len;
	uint8_t master_salt[KSRTP_SRTP_MAX_SALT];
	size_t master_salt_len;
	uint8_t mki[KSRTP_SRTP_MAX_MKI];
	size_t mki_len;
	uint8_t kdr;	 /* RFC 3711 key derivation rate as a power of two (0: derive once) */
	uint32_t key_id; /* the daemon's label (e.g. the MIKEY CSB id), echoed in dumps/events */
	unsigned has;	 /* KSRTP_NL_KEY_* */
};

/* Copy key, salt and MKI of a parsed key file (ksrtp/srtpkey.h) into a key for slot. */
void ksrtp_nl_key_from_srtpkey(struct ksrtp_nl_key *out, const struct ksrtp_srtpkey *k,
			       uint8_t slot);
/* Wipe a key. */
void ksrtp_nl_key_wipe(struct ksrtp_nl_key *k);

/* ---- security associations ---------------------------------------------------------------- */
/* Optional fields of struct ksrtp_nl_sa, set in .has (requests) or present (replies). */
enum {
	KSRTP_NL_SA_SADDR = 1 << 0,
	KSRTP_NL_SA_SPORT = 1 << 1,
	KSRTP_NL_SA_SSRC = 1 << 2,
	KSRTP_NL_SA_IFINDEX = 1 << 3,
	KSRTP_NL_SA_REPLAY_WINDOW = 1 << 4,
	KSRTP_NL_SA_ROC = 1 << 5,
	KSRTP_NL_SA_MKI_LEN = 1 << 6, /* requests: else taken from the key's MKI */
	KSRTP_NL_SA_RTCP = 1 << 7,
	KSRTP_NL_SA_MAX_STREAMS = 1 << 8,
	KSRTP_NL_SA_STREAM_IDLE = 1 << 9,
	KSRTP_NL_SA_LIFETIME = 1 << 10, /* the lifetime nest (0 fields = none) */
	/* replies only */
	KSRTP_NL_SA_STATS = 1 << 16,
	KSRTP_NL_SA_NUM_STREAMS = 1 << 17,
	KSRTP_NL_SA_DIR = 1 << 18,
	KSRTP_NL_SA_DADDR = 1 << 19,
	KSRTP_NL_SA_DPORT = 1 << 20,
	KSRTP_NL_SA_SUITE = 1 << 21,
};

struct ksrtp_nl_lifetime {
	uint64_t soft_packets, hard_packets; /* 0 = none */
	uint32_t soft_seconds, hard_seconds;
};

struct ksrtp_nl_sa {
	uint32_t id;	 /* 0 in sa_add: the kernel chooses */
	uint8_t dir;	 /* enum ksrtp_dir */
	uint16_t family; /* AF_INET or AF_INET6 */
	uint8_t daddr[16];
	uint16_t dport; /* host byte order */
	uint8_t saddr[16];
	uint16_t sport; /* host byte order */
	uint32_t ssrc;
	uint32_t ifindex;
	uint16_t suite; /* enum ksrtp_suite */
	uint32_t replay_window;
	uint32_t roc;
	uint8_t mki_len;
	uint8_t rtcp; /* enum ksrtp_rtcp_mode */
	uint32_t max_streams;
	uint32_t stream_idle; /* seconds; 0 = never reclaimed */
	struct ksrtp_nl_lifetime lifetime;
	uint32_t has; /* KSRTP_NL_SA_* */

	/* replies only */
	char cipher_driver[KSRTP_NL_NAME_MAX];
	char auth_driver[KSRTP_NL_NAME_MAX];
	uint32_t num_streams;
	struct ksrtp_nl_key keys[2]; /* occupied slots, without key material */
	unsigned num_keys;
	struct ksrtp_nl_stats stats;
};

/* sa_add flags */
#define KSRTP_NL_REPLACE 1u /* replace an existing SA of the same id (NLM_F_REPLACE) */

/*
 * Add an SA with its CURRENT key (key->slot is ignored). *id (if not NULL) receives the id,
 * the kernel's choice when sa->id is 0. The key's lengths must match sa->suite.
 */
int ksrtp_nl_sa_add(struct ksrtp_nl *nl, const struct ksrtp_nl_sa *sa,
		    const struct ksrtp_nl_key *key, unsigned flags, uint32_t *id);
int ksrtp_nl_sa_del(struct ksrtp_nl *nl, uint32_t id);
/* Delete every SA of the namespace, or only those of one direction (dir != 0). */
int ksrtp_nl_sa_flush(struct ksrtp_nl *nl, uint8_t dir);
int ksrtp_nl_sa_get(struct ksrtp_nl *nl, uint32_t id, struct ksrtp_nl_sa *out);

/*
 * Dump callbacks: return 0 to go on, a negative KSRTP_E* code to stop (the dump returns it).
 * The structure is valid only during the call.
 */
typedef int (*ksrtp_nl_sa_fn)(const struct ksrtp_nl_sa *sa, void *arg);
int ksrtp_nl_sa_dump(struct ksrtp_nl *nl, ksrtp_nl_sa_fn fn, void *arg);

/* ---- keys of an SA --------------------------------------------------------------------------- */
/* Install key into key->slot: CURRENT replaces the key in use, NEXT prepares a rollover. */
int ksrtp_nl_key_set(struct ksrtp_nl *nl, uint32_t id, const struct ksrtp_nl_key *key);
/* Make NEXT the CURRENT key (egress switches between two packets). */
int ksrtp_nl_key_swap(struct ksrtp_nl *nl, uint32_t id);
/* Delete the NEXT key. */
int ksrtp_nl_key_del(struct ksrtp_nl *nl, uint32_t id);

/* ---- per-SSRC streams ------------------------------------------------------------------------ */
enum {
	KSRTP_NL_STREAM_SADDR = 1 << 0,
	KSRTP_NL_STREAM_SPORT = 1 << 1,
	KSRTP_NL_STREAM_ROC = 1 << 2,
	KSRTP_NL_STREAM_SEQ = 1 << 3,
	KSRTP_NL_STREAM_SRTCP_INDEX = 1 << 4,
	KSRTP_NL_STREAM_STATS = 1 << 5,
};

struct ksrtp_nl_stream {
	uint32_t sa_id;
	uint32_t ssrc;
	uint32_t roc;
	uint32_t seq; /* highest sequence number */
	uint32_t srtcp_index;
	uint16_t family; /* of saddr */
	uint8_t saddr[16];
	uint16_t sport; /* host byte order */
	uint32_t has;	/* KSRTP_NL_STREAM_* */
	struct ksrtp_nl_stats stats;
};

typedef int (*ksrtp_nl_stream_fn)(const struct ksrtp_nl_stream *st, void *arg);
int ksrtp_nl_stream_dump(struct ksrtp_nl *nl, uint32_t sa_id, ksrtp_nl_stream_fn fn, void *arg);

/* ---- events ---------------------------------------------------------------------------------- */
enum {
	KSRTP_NL_EVENT_SA_ID = 1 << 0,
	KSRTP_NL_EVENT_SSRC = 1 << 1,
	KSRTP_NL_EVENT_SADDR = 1 << 2,
	KSRTP_NL_EVENT_SPORT = 1 << 3,
	KSRTP_NL_EVENT_COUNT = 1 << 4,
	KSRTP_NL_EVENT_KEY_ID = 1 << 5,
};

struct ksrtp_nl_event {
	uint32_t type; /* enum ksrtp_event */
	uint32_t sa_id;
	uint32_t ssrc;
	uint16_t family; /* of saddr */
	uint8_t saddr[16];
	uint16_t sport; /* host byte order */
	uint64_t count;
	uint32_t key_id;
	uint32_t has; /* KSRTP_NL_EVENT_* */
};

/* "soft-expire", "hard-expire", ... for an enum ksrtp_event; "unknown" otherwise. */
const char *ksrtp_nl_event_name(uint32_t type);

/* Join the "events" multicast group; the handle becomes non-blocking and takes no requests. */
int ksrtp_nl_events_subscribe(struct ksrtp_nl *nl);
/* The socket to poll for POLLIN. */
int ksrtp_nl_fd(const struct ksrtp_nl *nl);
/*
 * Handle the events that have arrived, without blocking: fn is called for each; returns the
 * number handled, or a negative code (fn's, or -KSRTP_ENL_LOST after an overrun: the events
 * that did arrive were handled, later ones can be read again). Malformed events are skipped and
 * counted in ksrtp_nl_events_malformed().
 */
typedef int (*ksrtp_nl_event_fn)(const struct ksrtp_nl_event *ev, void *arg);
int ksrtp_nl_events_read(struct ksrtp_nl *nl, ksrtp_nl_event_fn fn, void *arg);
uint64_t ksrtp_nl_events_malformed(const struct ksrtp_nl *nl);

/* ---- names of uapi values ---------------------------------------------------------------------
 */
const char *ksrtp_nl_dir_name(unsigned dir);   /* "protect", "unprotect", "unknown" */
const char *ksrtp_nl_rtcp_name(unsigned mode); /* "none", "port", "mux", "unknown" */

#ifdef __cplusplus
}
#endif
#endif /* KSRTP_NL_H */
