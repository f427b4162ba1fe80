#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# RTP larger than the MTU (kmod/README.md, "Fragments"): the sender protects the whole
# datagram at POST_ROUTING, IP fragments it afterwards; the receiver's namespace reassembles
# before PRE_ROUTING (the module enables nf_defrag there) and unprotects the whole datagram.
# Every datagram must authenticate; IPv4 and IPv6.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
ktap_plan 5
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A4=$(addr4 1 0)
A6=$(addr6 1 0)
reach() { n0 ping -c1 -W2 "$A4" && n0 ping -6 -c1 -W2 "$A6"; }
check "ns 0 reaches ns 1 over IPv4 and IPv6" reach

# frag_case ADDR SUITE: 40 RTP packets of 4000 octets (3 fragments each at MTU 1500).
frag_case() {
	local addr=$1 suite=$2
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$addr" port 5004 suite "$suite" \
		key-file "$suite.key" || return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$addr" port 5004 suite "$suite" \
		key-file "$suite.key" || return 1
	n1 ksrtp-udp recv "$addr" 5004 40 5000 >recv.out &
	local rpid=$!
	sleep 0.5
	n0 ksrtp-gsosend "$addr" 5004 40 4000 1 || return 1
	wait $rpid
	echo "received $(cat recv.out) of 40"
	[ "$(cat recv.out)" = 40 ] && dp_expect_counter 0 1 packets 40 &&
		dp_expect_counter 1 2 packets 40 && dp_expect_counter 1 2 auth_fail 0 &&
		dp_expect_counter 1 2 malformed 0
}
check "IPv4, 4000-octet RTP, AES_CM_128_HMAC_SHA1_80: fragmented, reassembled, unprotected" \
	frag_case "$A4" AES_CM_128_HMAC_SHA1_80
check "IPv6, 4000-octet RTP, AEAD_AES_128_GCM: fragmented, reassembled, unprotected" \
	frag_case "$A6" AEAD_AES_128_GCM
check "rmmod ksrtp" ksrtp_unload
ktap_finish
