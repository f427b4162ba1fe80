#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# UDP GSO super-packets (UDP_SEGMENT) through a protect SA: the module segments them in
# software and protects each segment; libsrtp2 (ksrtp-srtp-peer capture, on the wire) must
# decrypt every packet. Then module to module: the segments (non-linear skbs) are
# unprotected on the receiving side and ksrtp-rtpsink verifies every payload.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
ktap_plan 8
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A4=$(addr4 1 0)
A6=$(addr6 1 0)
reach() { n0 ping -c1 -W2 "$A4" && n0 ping -6 -c1 -W2 "$A6"; }
check "ns 0 reaches ns 1 over IPv4 and IPv6" reach

# gso_case ADDR SUITE: 64 packets of 160 octets in super-packets of 8 segments.
gso_case() {
	local addr=$1 suite=$2
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$addr" port 5004 suite "$suite" \
		key-file "$suite.key" || return 1
	dp_rx 1 cap ksrtp-srtp-peer capture --iface v0 --port 5004 --suite "$suite" \
		--key-file "$suite.key" --count 64 --size 160 --timeout 60 --idle 3000 || return 1
	n0 ksrtp-gsosend "$addr" 5004 64 160 8 || return 1
	dp_wait cap || return 1
	dp_expect_counter 0 1 packets 64 || return 1
	[ "$(dp_json_num cap.json lost)" = 0 ] || { echo "libsrtp2 saw losses"; return 1; }
}
check "IPv4 GSO, AES_CM_128_HMAC_SHA1_80: every segment protected, libsrtp2 decrypts" \
	gso_case "$A4" AES_CM_128_HMAC_SHA1_80
check "IPv4 GSO, AEAD_AES_128_GCM: every segment protected, libsrtp2 decrypts" \
	gso_case "$A4" AEAD_AES_128_GCM
check "IPv6 GSO, AES_CM_128_HMAC_SHA1_32: every segment protected, libsrtp2 decrypts" \
	gso_case "$A6" AES_CM_128_HMAC_SHA1_32
check "IPv6 GSO, AEAD_AES_256_GCM: every segment protected, libsrtp2 decrypts" \
	gso_case "$A6" AEAD_AES_256_GCM

# module to module: GSO on the sender, unprotect SA on the receiver, payloads verified.
gso_roundtrip() {
	local suite=AES_CM_128_HMAC_SHA1_80
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$A4" port 5004 suite "$suite" \
		key-file "$suite.key" || return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A4" port 5004 suite "$suite" \
		key-file "$suite.key" || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --count 256 --size 1000 --timeout 60 \
		--idle 3000 --max-lost 0 || return 1
	n0 ksrtp-gsosend "$A4" 5004 256 1000 16 || return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 packets 256 && dp_expect_counter 1 2 auth_fail 0
}
check "GSO protect, unprotect on the receiver: 256 payloads verified" gso_roundtrip
check "rmmod ksrtp" ksrtp_unload
ktap_finish
