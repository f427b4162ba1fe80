/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ksrtp: SRTP (RFC 3711, RFC 7714) for UDP media in the kernel, keyed over generic netlink.
 *
 * This header is the contract between the kernel module (kmod/) and userspace (ctl/,
 * the keying daemon). The YNL specification in kmod/ksrtp.yaml describes the same family.
 *
 * Model
 * -----
 * A security association (SA) lives in one network namespace. It matches UDP packets by a
 * selector (family, destination address and port, optionally source address and port,
 * optionally an SSRC and an input/output interface) and either protects them (RTP -> SRTP,
 * on egress at NF_INET_POST_ROUTING, which covers locally sent and forwarded packets) or
 * unprotects them (SRTP -> RTP, on ingress at NF_INET_PRE_ROUTING, before local delivery
 * and before forwarding). Packets that fail to unprotect are dropped and counted, never
 * passed on in the clear.
 *
 * An SA holds up to two master keys (slots CURRENT and NEXT) for make-before-break
 * rollover, and per-SSRC stream state (ROC, highest index, replay window) created on the
 * first valid packet of each SSRC, bounded by MAX_STREAMS and reclaimed when idle.
 * Key material can be written, never read back.
 *
 * Every command needs CAP_NET_ADMIN in the user namespace owning the network namespace.
 * Attribute policies are strict; errors come with an extended-ack message.
 */
#ifndef _UAPI_LINUX_KSRTP_H
#define _UAPI_LINUX_KSRTP_H

#define KSRTP_GENL_NAME "ksrtp"
#define KSRTP_GENL_VERSION 1
#define KSRTP_MCGRP_EVENTS "events"

/**
 * enum ksrtp_cmd - generic netlink commands
 * @KSRTP_CMD_INFO_GET: module information: version, crypto drivers per suite, self-test
 *	result, limits. Reply: KSRTP_A_INFO.
 * @KSRTP_CMD_SA_NEW: add an SA (KSRTP_A_SA, with its CURRENT key in KSRTP_SA_A_KEY).
 *	EEXIST if the id exists, unless NLM_F_REPLACE is set, in which case the SA's
 *	selector and parameters are replaced atomically and its stream state is kept when
 *	the suite and keys are unchanged. An id of 0 asks the kernel to choose one; the
 *	reply carries the SA (without keys).
 * @KSRTP_CMD_SA_DEL: delete the SA named by KSRTP_SA_A_ID; its keys are wiped.
 * @KSRTP_CMD_SA_GET: get one SA by id (doit) or dump all SAs of the namespace (dumpit,
 *	resumable). Replies carry parameters, key slot info (never key material), crypto
 *	drivers, and KSRTP_SA_A_STATS.
 * @KSRTP_CMD_SA_FLUSH: delete every SA of the namespace (optionally only those of one
 *	direction, KSRTP_SA_A_DIR).
 * @KSRTP_CMD_KEY_SET: install a key (KSRTP_SA_A_KEY) into a slot of an SA. Setting the
 *	CURRENT slot replaces the key in use (and resets stream state); setting NEXT prepares
 *	a rollover.
 * @KSRTP_CMD_KEY_SWAP: make NEXT the CURRENT key and wipe the old one. On a protect SA,
 *	egress switches atomically between two packets; stream state (ROC, index) is kept,
 *	so the new key continues the index sequence. On an unprotect SA, ingress had
 *	already been accepting NEXT, so no packet is lost across the swap.
 * @KSRTP_CMD_KEY_DEL: delete the NEXT key of an SA.
 * @KSRTP_CMD_STREAM_GET: dump the per-SSRC streams of one SA (KSRTP_SA_A_ID required):
 *	KSRTP_A_STREAM per SSRC, resumable.
 * @KSRTP_CMD_EVENT: notification on the "events" multicast group: KSRTP_A_EVENT.
 */
enum ksrtp_cmd {
	KSRTP_CMD_UNSPEC,
	KSRTP_CMD_INFO_GET,
	KSRTP_CMD_SA_NEW,
	KSRTP_CMD_SA_DEL,
	KSRTP_CMD_SA_GET,
	KSRTP_CMD_SA_FLUSH,
	KSRTP_CMD_KEY_SET,
	KSRTP_CMD_KEY_SWAP,
	KSRTP_CMD_KEY_DEL,
	KSRTP_CMD_STREAM_GET,
	KSRTP_CMD_EVENT,

	__KSRTP_CMD_MAX,
	KSRTP_CMD_MAX = __KSRTP_CMD_MAX - 1
};

/**
 * enum ksrtp_attr - top-level attributes
 * @KSRTP_A_SA: nest of enum ksrtp_sa_attr
 * @KSRTP_A_INFO: nest of enum ksrtp_info_attr (replies to KSRTP_CMD_INFO_GET)
 * @KSRTP_A_STREAM: nest of enum ksrtp_stream_attr (replies to KSRTP_CMD_STREAM_GET)
 * @KSRTP_A_EVENT: nest of enum ksrtp_event_attr (KSRTP_CMD_EVENT notifications)
 */
enum ksrtp_attr {
	KSRTP_A_UNSPEC,
	KSRTP_A_SA,
	KSRTP_A_INFO,
	KSRTP_A_STREAM,
	KSRTP_A_EVENT,

	__KSRTP_A_MAX,
	KSRTP_A_MAX = __KSRTP_A_MAX - 1
};

/**
 * enum ksrtp_suite - SRTP crypto suites (names as in RFC 4568 / RFC 7714 SDP)
 * @KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80: AES-128 counter mode, HMAC-SHA1 80-bit tag
 * @KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32: as above with a 32-bit SRTP tag (SRTCP keeps 80)
 * @KSRTP_SUITE_AEAD_AES_128_GCM: RFC 7714, 16-octet key, 12-octet salt, 16-octet tag
 * @KSRTP_SUITE_AEAD_AES_256_GCM: RFC 7714, 32-octet key, 12-octet salt, 16-octet tag
 */
enum ksrtp_suite {
	KSRTP_SUITE_UNSPEC,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_80,
	KSRTP_SUITE_AES_CM_128_HMAC_SHA1_32,
	KSRTP_SUITE_AEAD_AES_128_GCM,
	KSRTP_SUITE_AEAD_AES_256_GCM,

	__KSRTP_SUITE_MAX,
	KSRTP_SUITE_MAX = __KSRTP_SUITE_MAX - 1
};

/**
 * enum ksrtp_dir - what an SA does
 * @KSRTP_DIR_PROTECT: RTP -> SRTP on egress (POST_ROUTING)
 * @KSRTP_DIR_UNPROTECT: SRTP -> RTP on ingress (PRE_ROUTING)
 */
enum ksrtp_dir {
	KSRTP_DIR_UNSPEC,
	KSRTP_DIR_PROTECT,
	KSRTP_DIR_UNPROTECT,
};

/**
 * enum ksrtp_rtcp_mode - how RTCP of the session is told apart and handled
 * @KSRTP_RTCP_NONE: only RTP is handled; RTCP on port+1 is left alone
 * @KSRTP_RTCP_PORT: RTCP on destination port + 1 is protected as SRTCP
 * @KSRTP_RTCP_MUX: RTP and RTCP share the port (RFC 5761); packets whose second
 *	octet is 192..223 are RTCP and are protected as SRTCP
 */
enum ksrtp_rtcp_mode {
	KSRTP_RTCP_NONE,
	KSRTP_RTCP_PORT,
	KSRTP_RTCP_MUX,
};

/**
 * enum ksrtp_key_slot - key slots of an SA
 * @KSRTP_KEY_SLOT_CURRENT: the key in use
 * @KSRTP_KEY_SLOT_NEXT: the key being rolled in. Unprotect SAs accept it already:
 *	selected by MKI when the SA uses MKIs, otherwise tried when the CURRENT key fails
 *	to authenticate a packet (after which the SA swaps by itself and notifies
 *	KSRTP_EVENT_KEY_SWAPPED). Protect SAs switch on KSRTP_CMD_KEY_SWAP.
 */
enum ksrtp_key_slot {
	KSRTP_KEY_SLOT_CURRENT,
	KSRTP_KEY_SLOT_NEXT,
};

/**
 * enum ksrtp_sa_attr - attributes of an SA (nested in KSRTP_A_SA)
 * @KSRTP_SA_A_ID: u32, the SA's id in its namespace (0 on SA_NEW: kernel chooses)
 * @KSRTP_SA_A_DIR: u8, enum ksrtp_dir (required on SA_NEW)
 * @KSRTP_SA_A_FAMILY: u16, AF_INET or AF_INET6 (required on SA_NEW)
 * @KSRTP_SA_A_DADDR: binary, 4 or 16 octets: destination address (unicast or multicast)
 * @KSRTP_SA_A_DPORT: be16, destination UDP port (RTP); required
 * @KSRTP_SA_A_SADDR: binary, 4 or 16 octets: optional source address
 * @KSRTP_SA_A_SPORT: be16, optional source port
 * @KSRTP_SA_A_SSRC: u32, optional: only this SSRC (host order)
 * @KSRTP_SA_A_IFINDEX: u32, optional: only packets on this interface (in or out)
 * @KSRTP_SA_A_SUITE: u16, enum ksrtp_suite (required on SA_NEW)
 * @KSRTP_SA_A_REPLAY_WINDOW: u32, replay window in packets, 64..4096, default 128
 * @KSRTP_SA_A_ROC: u32, initial rollover counter for new streams (late joiners)
 * @KSRTP_SA_A_MKI_LEN: u8, length of the MKI carried in packets, 0 (none) .. 4
 * @KSRTP_SA_A_RTCP: u8, enum ksrtp_rtcp_mode (default NONE)
 * @KSRTP_SA_A_MAX_STREAMS: u32, bound on per-SSRC streams, 1..65536, default 256
 * @KSRTP_SA_A_STREAM_IDLE: u32, seconds after which an idle stream is reclaimed
 *	(default 300; 0 = never)
 * @KSRTP_SA_A_LIFETIME: nest of enum ksrtp_lifetime_attr
 * @KSRTP_SA_A_KEY: nest of enum ksrtp_key_attr (input: one key; output: one nest per
 *	occupied slot, without key material)
 * @KSRTP_SA_A_STATS: nest of enum ksrtp_stats_attr (output only)
 * @KSRTP_SA_A_CIPHER_DRIVER: string, output only: crypto driver in use for the cipher
 *	(e.g. "ctr-aes-aesni", "generic-gcm-aesni")
 * @KSRTP_SA_A_AUTH_DRIVER: string, output only: crypto driver in use for the
 *	authentication (e.g. "hmac(sha1-avx2)"); absent for AEAD suites
 * @KSRTP_SA_A_NUM_STREAMS: u32, output only: streams currently held
 * @KSRTP_SA_A_PAD: pad for 64-bit attributes
 */
enum ksrtp_sa_attr {
	KSRTP_SA_A_UNSPEC,
	KSRTP_SA_A_ID,
	KSRTP_SA_A_DIR,
	KSRTP_SA_A_FAMILY,
	KSRTP_SA_A_DADDR,
	KSRTP_SA_A_DPORT,
	KSRTP_SA_A_SADDR,
	KSRTP_SA_A_SPORT,
	KSRTP_SA_A_SSRC,
	KSRTP_SA_A_IFINDEX,
	KSRTP_SA_A_SUITE,
	KSRTP_SA_A_REPLAY_WINDOW,
	KSRTP_SA_A_ROC,
	KSRTP_SA_A_MKI_LEN,
	KSRTP_SA_A_RTCP,
	KSRTP_SA_A_MAX_STREAMS,
	KSRTP_SA_A_STREAM_IDLE,
	KSRTP_SA_A_LIFETIME,
	KSRTP_SA_A_KEY,
	KSRTP_SA_A_STATS,
	KSRTP_SA_A_CIPHER_DRIVER,
	KSRTP_SA_A_AUTH_DRIVER,
	KSRTP_SA_A_NUM_STREAMS,
	KSRTP_SA_A_PAD,

	__KSRTP_SA_A_MAX,
	KSRTP_SA_A_MAX = __KSRTP_SA_A_MAX - 1
};

/**
 * enum ksrtp_key_attr - a master key (nested in KSRTP_SA_A_KEY)
 * @KSRTP_KEY_A_SLOT: u8, enum ksrtp_key_slot (default CURRENT)
 * @KSRTP_KEY_A_MASTER_KEY: binary, 16 octets (AES-128 suites) or 32 (AES-256-GCM);
 *	write-only
 * @KSRTP_KEY_A_MASTER_SALT: binary, 14 octets (AES-CM suites) or 12 (GCM); write-only
 * @KSRTP_KEY_A_MKI: binary, the MKI value of this key, exactly MKI_LEN octets
 * @KSRTP_KEY_A_KDR: u8, key derivation rate as a power of two (0 = derive once,
 *	n = 2^n, n <= 24), RFC 3711 4.3.1
 * @KSRTP_KEY_A_ID: u32, opaque label set by the keying daemon (e.g. MIKEY CSB/key id)
 *	and echoed in dumps and events
 */
enum ksrtp_key_attr {
	KSRTP_KEY_A_UNSPEC,
	KSRTP_KEY_A_SLOT,
	KSRTP_KEY_A_MASTER_KEY,
	KSRTP_KEY_A_MASTER_SALT,
	KSRTP_KEY_A_MKI,
	KSRTP_KEY_A_KDR,
	KSRTP_KEY_A_ID,

	__KSRTP_KEY_A_MAX,
	KSRTP_KEY_A_MAX = __KSRTP_KEY_A_MAX - 1
};

/**
 * enum ksrtp_lifetime_attr - SA lifetimes (nested in KSRTP_SA_A_LIFETIME); 0 = none.
 * Packet lifetimes count packets processed under the CURRENT key; time lifetimes count
 * seconds since the CURRENT key was installed. Reaching a soft limit sends
 * KSRTP_EVENT_SOFT_EXPIRE once; reaching a hard limit sends KSRTP_EVENT_HARD_EXPIRE and
 * the SA then drops every packet until a new key is installed.
 * @KSRTP_LIFETIME_A_SOFT_PACKETS: u64
 * @KSRTP_LIFETIME_A_HARD_PACKETS: u64
 * @KSRTP_LIFETIME_A_SOFT_SECONDS: u32
 * @KSRTP_LIFETIME_A_HARD_SECONDS: u32
 * @KSRTP_LIFETIME_A_PAD: pad
 */
enum ksrtp_lifetime_attr {
	KSRTP_LIFETIME_A_UNSPEC,
	KSRTP_LIFETIME_A_SOFT_PACKETS,
	KSRTP_LIFETIME_A_HARD_PACKETS,
	KSRTP_LIFETIME_A_SOFT_SECONDS,
	KSRTP_LIFETIME_A_HARD_SECONDS,
	KSRTP_LIFETIME_A_PAD,

	__KSRTP_LIFETIME_A_MAX,
	KSRTP_LIFETIME_A_MAX = __KSRTP_LIFETIME_A_MAX - 1
};

/**
 * enum ksrtp_stats_attr - counters, all u64 (nested in KSRTP_SA_A_STATS or in a stream)
 * @KSRTP_STATS_A_PACKETS: packets protected or unprotected successfully
 * @KSRTP_STATS_A_BYTES: their RTP/RTCP octets (plaintext side)
 * @KSRTP_STATS_A_AUTH_FAIL: authentication (tag) failures
 * @KSRTP_STATS_A_REPLAY: replayed packets, or older than the window
 * @KSRTP_STATS_A_MALFORMED: not RTP/RTCP, truncated, wrong version
 * @KSRTP_STATS_A_MKI_UNKNOWN: MKI matching no key slot
 * @KSRTP_STATS_A_NO_STREAM: new SSRC refused because MAX_STREAMS was reached
 * @KSRTP_STATS_A_SSRC_COLLISION: packets of an SSRC already in use from another source
 * @KSRTP_STATS_A_EXPIRED: dropped because the SA is past its hard lifetime
 * @KSRTP_STATS_A_ROC_ROLLOVER: ROC increments
 * @KSRTP_STATS_A_ERROR: other drops (no memory for tailroom, crypto error)
 * @KSRTP_STATS_A_RTCP_PACKETS: of PACKETS, how many were RTCP
 * @KSRTP_STATS_A_LAST_SEEN_MS: milliseconds since the last successful packet
 * @KSRTP_STATS_A_PAD: pad
 */
enum ksrtp_stats_attr {
	KSRTP_STATS_A_UNSPEC,
	KSRTP_STATS_A_PACKETS,
	KSRTP_STATS_A_BYTES,
	KSRTP_STATS_A_AUTH_FAIL,
	KSRTP_STATS_A_REPLAY,
	KSRTP_STATS_A_MALFORMED,
	KSRTP_STATS_A_MKI_UNKNOWN,
	KSRTP_STATS_A_NO_STREAM,
	KSRTP_STATS_A_SSRC_COLLISION,
	KSRTP_STATS_A_EXPIRED,
	KSRTP_STATS_A_ROC_ROLLOVER,
	KSRTP_STATS_A_ERROR,
	KSRTP_STATS_A_RTCP_PACKETS,
	KSRTP_STATS_A_LAST_SEEN_MS,
	KSRTP_STATS_A_PAD,

	__KSRTP_STATS_A_MAX,
	KSRTP_STATS_A_MAX = __KSRTP_STATS_A_MAX - 1
};

/**
 * enum ksrtp_stream_attr - one per-SSRC stream (nested in KSRTP_A_STREAM)
 * @KSRTP_STREAM_A_SA_ID: u32
 * @KSRTP_STREAM_A_SSRC: u32
 * @KSRTP_STREAM_A_ROC: u32, current rollover counter
 * @KSRTP_STREAM_A_SEQ: u16 in a u32, highest sequence number
 * @KSRTP_STREAM_A_SADDR: binary, the source address the stream is bound to
 * @KSRTP_STREAM_A_SPORT: be16
 * @KSRTP_STREAM_A_STATS: nest of enum ksrtp_stats_attr
 * @KSRTP_STREAM_A_SRTCP_INDEX: u32, last SRTCP index sent or received
 */
enum ksrtp_stream_attr {
	KSRTP_STREAM_A_UNSPEC,
	KSRTP_STREAM_A_SA_ID,
	KSRTP_STREAM_A_SSRC,
	KSRTP_STREAM_A_ROC,
	KSRTP_STREAM_A_SEQ,
	KSRTP_STREAM_A_SADDR,
	KSRTP_STREAM_A_SPORT,
	KSRTP_STREAM_A_STATS,
	KSRTP_STREAM_A_SRTCP_INDEX,

	__KSRTP_STREAM_A_MAX,
	KSRTP_STREAM_A_MAX = __KSRTP_STREAM_A_MAX - 1
};

/**
 * enum ksrtp_event - what a KSRTP_CMD_EVENT notification reports
 * @KSRTP_EVENT_SOFT_EXPIRE: soft lifetime reached: install a NEXT key and swap
 * @KSRTP_EVENT_HARD_EXPIRE: hard lifetime reached: the SA drops traffic
 * @KSRTP_EVENT_INDEX_EXHAUST: a stream's 48-bit index (or SRTCP's 31-bit index) is near
 *	its end (2^48 - 2^16): the key must be replaced
 * @KSRTP_EVENT_SSRC_COLLISION: an SSRC already in use in this SA appeared from another
 *	source (keystream reuse danger); its packets are dropped
 * @KSRTP_EVENT_AUTH_FAIL: authentication failures (rate-limited to one per second per
 *	SA; KSRTP_EVENT_A_COUNT carries the failures since the last event)
 * @KSRTP_EVENT_KEY_SWAPPED: an unprotect SA switched to its NEXT key by itself
 */
enum ksrtp_event {
	KSRTP_EVENT_UNSPEC,
	KSRTP_EVENT_SOFT_EXPIRE,
	KSRTP_EVENT_HARD_EXPIRE,
	KSRTP_EVENT_INDEX_EXHAUST,
	KSRTP_EVENT_SSRC_COLLISION,
	KSRTP_EVENT_AUTH_FAIL,
	KSRTP_EVENT_KEY_SWAPPED,
};

/**
 * enum ksrtp_event_attr - attributes of an event (nested in KSRTP_A_EVENT)
 * @KSRTP_EVENT_A_TYPE: u32, enum ksrtp_event
 * @KSRTP_EVENT_A_SA_ID: u32
 * @KSRTP_EVENT_A_SSRC: u32, when the event concerns one stream
 * @KSRTP_EVENT_A_SADDR: binary, source address (SSRC collision)
 * @KSRTP_EVENT_A_SPORT: be16
 * @KSRTP_EVENT_A_COUNT: u64, packets concerned
 * @KSRTP_EVENT_A_KEY_ID: u32, KSRTP_KEY_A_ID of the key concerned
 * @KSRTP_EVENT_A_PAD: pad
 */
enum ksrtp_event_attr {
	KSRTP_EVENT_A_UNSPEC,
	KSRTP_EVENT_A_TYPE,
	KSRTP_EVENT_A_SA_ID,
	KSRTP_EVENT_A_SSRC,
	KSRTP_EVENT_A_SADDR,
	KSRTP_EVENT_A_SPORT,
	KSRTP_EVENT_A_COUNT,
	KSRTP_EVENT_A_KEY_ID,
	KSRTP_EVENT_A_PAD,

	__KSRTP_EVENT_A_MAX,
	KSRTP_EVENT_A_MAX = __KSRTP_EVENT_A_MAX - 1
};

/**
 * enum ksrtp_info_attr - module information (nested in KSRTP_A_INFO)
 * @KSRTP_INFO_A_VERSION: string, module version
 * @KSRTP_INFO_A_GENL_VERSION: u32, KSRTP_GENL_VERSION
 * @KSRTP_INFO_A_SELFTEST: u8, 1 when the RFC 3711/7714 vectors passed at load
 * @KSRTP_INFO_A_SUITE: nest of enum ksrtp_info_suite_attr, one per suite
 * @KSRTP_INFO_A_NUM_SAS: u32, SAs in this namespace
 * @KSRTP_INFO_A_MAX_SAS: u32, limit of SAs per namespace
 */
enum ksrtp_info_attr {
	KSRTP_INFO_A_UNSPEC,
	KSRTP_INFO_A_VERSION,
	KSRTP_INFO_A_GENL_VERSION,
	KSRTP_INFO_A_SELFTEST,
	KSRTP_INFO_A_SUITE,
	KSRTP_INFO_A_NUM_SAS,
	KSRTP_INFO_A_MAX_SAS,

	__KSRTP_INFO_A_MAX,
	KSRTP_INFO_A_MAX = __KSRTP_INFO_A_MAX - 1
};

/**
 * enum ksrtp_info_suite_attr - one suite's crypto (nested in KSRTP_INFO_A_SUITE)
 * @KSRTP_INFO_SUITE_A_SUITE: u16, enum ksrtp_suite
 * @KSRTP_INFO_SUITE_A_NAME: string, e.g. "AES_CM_128_HMAC_SHA1_80"
 * @KSRTP_INFO_SUITE_A_CIPHER_DRIVER: string, driver the module will use
 * @KSRTP_INFO_SUITE_A_AUTH_DRIVER: string, absent for AEAD suites
 */
enum ksrtp_info_suite_attr {
	KSRTP_INFO_SUITE_A_UNSPEC,
	KSRTP_INFO_SUITE_A_SUITE,
	KSRTP_INFO_SUITE_A_NAME,
	KSRTP_INFO_SUITE_A_CIPHER_DRIVER,
	KSRTP_INFO_SUITE_A_AUTH_DRIVER,

	__KSRTP_INFO_SUITE_A_MAX,
	KSRTP_INFO_SUITE_A_MAX = __KSRTP_INFO_SUITE_A_MAX - 1
};

#endif /* _UAPI_LINUX_KSRTP_H */
