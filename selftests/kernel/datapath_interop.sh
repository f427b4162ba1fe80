#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module against libsrtp2, the independent reference (ksrtp-srtp-peer):
#  - RTP protected by the module (protect SA in ns 0) is captured on the wire in ns 1 with an
#    AF_PACKET socket and decrypted by libsrtp2, for every suite and payload sizes 20/172/1200,
#    with MKI, across a ROC wrap, with an initial ROC, and SRTCP;
#  - SRTP protected by libsrtp2 in ns 0 is accepted by the module (unprotect SA in ns 1) and
#    delivered to ksrtp-rtpsink as the original RTP (every packet's payload pattern verified);
#  - module to module (protect in ns 0, unprotect in ns 1) for every suite.
# Every case also checks the SA's packet counter against the number sent.
# ksrtpvm-timeout: 600
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-srtp-peer >/dev/null || skip_all "ksrtp-srtp-peer is not built"

ktap_plan 42
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A1=$(addr4 1 0) # the receiver, ns 1, on its link to ns 0
check "ns 0 reaches ns 1 (neighbour resolved before media starts)" n0 ping -c1 -W2 "$A1"

# protect_case SUITE SIZE COUNT SEQ "SA-ARGS" "PEER-ARGS" [SA-PACKETS]: module protects, libsrtp2
# decrypts. SA-PACKETS (default COUNT) is what the SA's packet counter must show (RTP + RTCP).
protect_case() {
	local suite=$1 size=$2 count=$3 seq=$4 sa_args=$5 peer_args=$6 sa_pkts=${7:-$3}
	n0 ksrtpctl sa flush || return 1
	# shellcheck disable=SC2086
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5004 suite "$suite" key-file "$suite.key" \
		$sa_args || return 1
	# shellcheck disable=SC2086
	dp_rx 1 cap ksrtp-srtp-peer capture --iface v0 --port 5004 --suite "$suite" \
		--key-file "$suite.key" --count "$count" --size "$size" --timeout 60 --idle 3000 \
		$peer_args || return 1
	# shellcheck disable=SC2086
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --size "$size" --count "$count" --seq "$seq" \
		--rate "${RTPGEN_RATE:-4000}" -q $RTPGEN_ARGS || return 1
	dp_wait cap || return 1
	dp_expect_counter 0 1 packets "$sa_pkts" || return 1
	[ "$(dp_json_num cap.json lost)" = 0 ] || { echo "libsrtp2 saw losses"; return 1; }
}

# unprotect_case SUITE SIZE COUNT SEQ "SA-ARGS" "PEER-ARGS" [SA-PACKETS]: libsrtp2 protects, the
# module decrypts. $SINK_ARGS is added to the sink's arguments.
unprotect_case() {
	local suite=$1 size=$2 count=$3 seq=$4 sa_args=$5 peer_args=$6 sa_pkts=${7:-$3}
	n1 ksrtpctl sa flush || return 1
	# shellcheck disable=SC2086
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5006 suite "$suite" \
		key-file "$suite.key" $sa_args || return 1
	# shellcheck disable=SC2086
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --count "$count" --size "$size" --timeout 60 \
		--idle 3000 --max-lost 0 $SINK_ARGS || return 1
	# shellcheck disable=SC2086
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5006 --suite "$suite" --key-file "$suite.key" \
		--size "$size" --count "$count" --seq "$seq" --rate "${SENDER_RATE:-4000}" $peer_args >/dev/null 2>&1 ||
		return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 packets "$sa_pkts" || return 1
	dp_expect_counter 1 2 auth_fail 0 || return 1
}

# ---- module protects, libsrtp2 decrypts the wire -------------------------------------------
for s in $SUITES; do
	for size in 20 172 1200; do
		check "protect $s, $size-octet payloads: libsrtp2 decrypts the wire" \
			protect_case "$s" "$size" 200 1000 "" ""
	done
done
for s in $SUITES; do
	check "protect $s with a 2-octet MKI: libsrtp2 decrypts" \
		protect_case "$s" 172 200 1 "mki 0a0b" "--mki 0a0b"
done
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM; do
	check "protect $s across a ROC wrap (seq 64536..): libsrtp2 decrypts" \
		protect_case "$s" 100 3000 64536 "" ""
	ktap_diag "$(grep -o '"rollovers":[0-9]*' cap.json)"
done
check "protect with initial ROC 7: libsrtp2 with ROC 7 decrypts" \
	protect_case AES_CM_128_HMAC_SHA1_80 172 100 10 "roc 7" "--ssrc 0x11223344 --roc 7"
# A whole sequence-number cycle and more: 66,000 packets from seq 0, the ROC reaches 1.
full_cycle_protect() {
	RTPGEN_RATE=5000 protect_case AES_CM_128_HMAC_SHA1_80 60 66000 0 "" "" || return 1
	[ "$(dp_json_num cap.json rollovers)" = 1 ] || { echo "libsrtp2 saw no ROC rollover"; return 1; }
}
check "protect 66,000 packets from seq 0 (a full ROC cycle): libsrtp2 decrypts all" \
	full_cycle_protect
RTPGEN_ARGS="--rtcp-every 20 --rtcp-mux"
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	srtcp_protect() {
		# no --count: the last report follows the last RTP packet; stop when idle
		protect_case "$1" 172 200 1 "rtcp mux" "--rtcp-mux --count 0" 210 || return 1
		[ "$(dp_json_num cap.json rtcp_ok)" = 10 ] || { echo "expected 10 SRTCP packets"; return 1; }
	}
	check "protect $s with RTCP mux: libsrtp2 decrypts 10 SRTCP reports, SA counts 210" \
		srtcp_protect "$s"
done
RTPGEN_ARGS="--rtcp-every 20"
srtcp_port_protect() {
	protect_case AES_CM_128_HMAC_SHA1_32 172 200 1 "rtcp port" "--count 0" 210 || return 1
	[ "$(dp_json_num cap.json rtcp_ok)" = 10 ] || { echo "expected 10 SRTCP packets"; return 1; }
}
check "protect with RTCP on port+1: libsrtp2 decrypts 10 SRTCP reports (SRTCP tag 80 bits)" \
	srtcp_port_protect
RTPGEN_ARGS=

# ---- libsrtp2 protects, the module decrypts ------------------------------------------------
for s in $SUITES; do
	check "unprotect $s: libsrtp2's SRTP delivered as the original RTP" \
		unprotect_case "$s" 172 200 1 "" ""
done
for s in AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM; do
	check "unprotect $s with a 4-octet MKI" \
		unprotect_case "$s" 172 200 1 "mki 01020304" "--mki 01020304"
done
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM; do
	check "unprotect $s across a ROC wrap" unprotect_case "$s" 60 3000 64536 "" ""
done
full_cycle_unprotect() {
	SENDER_RATE=5000 unprotect_case AEAD_AES_128_GCM 60 66000 0 "" "" || return 1
	n1 ksrtpctl -j sa stats id 2 streams | grep -q '"roc":1' ||
		{ echo "the module's stream did not reach ROC 1"; n1 ksrtpctl sa stats id 2 streams; return 1; }
}
check "unprotect 66,000 libsrtp2 packets from seq 0 (a full ROC cycle), all delivered" \
	full_cycle_unprotect
check "unprotect with initial ROC 7 (late joiner)" \
	unprotect_case AEAD_AES_256_GCM 172 100 10 "roc 7" "--ssrc 0x11223344 --roc 7"
for s in AES_CM_128_HMAC_SHA1_80 AEAD_AES_256_GCM; do
	srtcp_unprotect() {
		SINK_ARGS="--count 0" unprotect_case "$1" 172 200 1 "rtcp mux" \
			"--rtcp-every 20 --rtcp-mux" 210 || return 1
		[ "$(dp_json_num sink.json rtcp)" = 10 ] || { echo "expected 10 RTCP reports"; return 1; }
		dp_expect_counter 1 2 rtcp_packets 10
	}
	check "unprotect $s with RTCP mux: 10 SRTCP reports delivered as RTCP" srtcp_unprotect "$s"
done

srtcp_port_unprotect() {
	unprotect_case AEAD_AES_128_GCM 172 200 1 "rtcp port" "--rtcp-every 20" 210 || return 1
	dp_expect_counter 1 2 rtcp_packets 10
}
check "unprotect with RTCP on port+1: 10 SRTCP reports unprotected" srtcp_port_unprotect

# ---- module to module ------------------------------------------------------------------------
module_case() {
	local suite=$1
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5008 suite "$suite" key-file "$suite.key" ||
		return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5008 suite "$suite" key-file "$suite.key" ||
		return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5008 --count 500 --size 172 --timeout 60 --idle 3000 \
		--max-lost 0 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5008 --count 500 --size 172 --rate 4000 -q || return 1
	dp_wait sink || return 1
	dp_expect_counter 0 1 packets 500 && dp_expect_counter 1 2 packets 500
}
for s in $SUITES; do
	check "module to module, $s: 500 packets, all verified" module_case "$s"
done

ktap_finish
