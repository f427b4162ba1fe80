#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad SRTP reaching an unprotect SA: wrong tag, altered payload or header, truncated, wrong RTP
# version, replayed, older than the replay window, unknown SSRC (SSRC selector), too many
# streams, unknown MKI, plain RTP, garbage. Each is dropped, counted in the right SA counter,
# and nothing reaches the application (ksrtp-rtpsink sees no packet, or only the good ones);
# no crash (the harness checks the kernel log).
# ksrtpvm-timeout: 300
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-srtp-peer >/dev/null || skip_all "ksrtp-srtp-peer is not built"

ktap_plan 18
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A1=$(addr4 1 0)
check "ns 0 reaches ns 1" n0 ping -c1 -W2 "$A1"

CM=AES_CM_128_HMAC_SHA1_80
GCM=AEAD_AES_128_GCM

# sa SUITE [ARGS...]: a fresh unprotect SA 2 in ns 1 for port 5006.
sa() {
	local suite=$1
	shift
	n1 ksrtpctl sa flush && n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5006 \
		suite "$suite" key-file "$suite.key" "$@"
}

# send SUITE COUNT [PEER-ARGS...]: libsrtp2 sends COUNT packets from ns 0.
send() {
	local suite=$1 count=$2
	shift 2
	# one source port throughout: the module binds each SSRC's stream to its first source
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5006 --sport 7000 --suite "$suite" \
		--key-file "$suite.key" --count "$count" --size 172 --rate 2000 "$@" >/dev/null
}

# bad_case COUNTER SUITE COUNT "SA-ARGS" "GOOD-ARGS" PEER-ARGS...: one good packet (sent with
# GOOD-ARGS) then COUNT damaged ones (PEER-ARGS): the damaged ones must all land in COUNTER and
# the sink must receive only the good one.
bad_case() {
	local counter=$1 suite=$2 count=$3 sa_args=$4 good_args=$5
	shift 5
	# shellcheck disable=SC2086
	sa "$suite" $sa_args || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	# a good packet first, so that the sink's idle timer starts and the stream exists
	# shellcheck disable=SC2086
	send "$suite" 1 --seq 1 $good_args || return 1
	send "$suite" "$count" --seq 2 "$@" || return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 "$counter" "$count" || return 1
	dp_expect_counter 1 2 packets 1 || return 1
	[ "$(dp_json_num sink.json packets)" = 1 ] || { echo "the sink received damaged packets"; return 1; }
}

check "wrong tag (AES-CM): auth_fail, nothing delivered" \
	bad_case auth_fail "$CM" 50 "" "" --corrupt tag
check "wrong tag (AES-GCM): auth_fail, nothing delivered" \
	bad_case auth_fail "$GCM" 50 "" "" --corrupt tag
check "altered encrypted payload: auth_fail" bad_case auth_fail "$CM" 50 "" "" --corrupt payload
check "altered RTP header (timestamp): auth_fail" bad_case auth_fail "$GCM" 50 "" "" --corrupt header
check "truncated to 8 octets (shorter than RTP): malformed" \
	bad_case malformed "$CM" 50 "" "" --truncate 8
check "truncated to 16 octets (tag cut off): malformed" \
	bad_case malformed "$CM" 50 "" "" --truncate 16
check "RTP version 1: malformed" bad_case malformed "$GCM" 50 "" "" --set-version 1
check "unknown MKI: mki_unknown" \
	bad_case mki_unknown "$CM" 50 "mki 0a0b" "--mki 0a0b" --mki 0a0b --mki-override 0c0d

replayed() {
	sa "$CM" || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --count 100 --timeout 30 --idle 1500 || return 1
	send "$CM" 100 --seq 1 --duplicate 2 || return 1
	dp_wait sink || return 1 # every packet once: no duplicate delivered
	dp_expect_counter 1 2 packets 100 && dp_expect_counter 1 2 replay 200
}
check "every packet sent 3 times: delivered once, 200 counted as replay" replayed

too_old() {
	sa "$CM" replay-window 128 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	send "$CM" 300 --seq 1000 || return 1
	# indexes 1000..1009 again: 290 behind the highest, outside a 128-packet window
	send "$CM" 10 --seq 1000 || return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 packets 300 && dp_expect_counter 1 2 replay 10 &&
		[ "$(dp_json_num sink.json packets)" = 300 ]
}
check "older than the replay window: replay, not delivered" too_old

in_window_late() {
	sa "$GCM" replay-window 128 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	send "$GCM" 100 --seq 1000 || return 1
	# a new sender session re-sending 1050..1059 (inside the window, already seen): replays
	send "$GCM" 10 --seq 1050 || return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 packets 100 && dp_expect_counter 1 2 replay 10
}
check "already seen, inside the window: replay" in_window_late

ssrc_selector() {
	sa "$CM" ssrc 0x1234 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	send "$CM" 20 --ssrc 0x1234 || return 1
	send "$CM" 20 --ssrc 0x5555 --seq 100 || return 1
	dp_wait sink # 0x5555's packets reach the sink as ciphertext (bad content) or not at all
	dp_expect_counter 1 2 packets 20 || return 1
	# 0x5555 is not this SA's traffic: left alone, and never decrypted into clear RTP
	grep -q '"ssrc":4660,"received":20,' sink.json || { echo "0x1234 not delivered"; return 1; }
	! grep -q '"ssrc":21845,"received":[1-9]' sink.json || { echo "0x5555 decrypted"; return 1; }
}
check "SSRC selector: another SSRC is not decrypted" ssrc_selector

max_streams() {
	sa "$GCM" max-streams 1 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	send "$GCM" 20 --ssrc 0x1111 || return 1
	send "$GCM" 20 --ssrc 0x2222 || return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 packets 20 && dp_expect_counter 1 2 no_stream 20 &&
		[ "$(dp_json_num sink.json packets)" = 20 ]
}
check "max-streams 1: a second SSRC is refused (no_stream)" max_streams

plain_rtp() {
	sa "$CM" || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 1500 || return 1
	send "$CM" 1 --seq 1 || return 1
	# sequence numbers 100.. (index 1 was seen: it would count as a replay, not an auth failure)
	n0 ksrtp-rtpgen --dst "$A1" --port 5006 --sport 7000 --seq 100 --count 50 --size 172 --rate 2000 -q ||
		return 1
	dp_wait sink || return 1
	dp_expect_counter 1 2 auth_fail 50 && [ "$(dp_json_num sink.json packets)" = 1 ]
}
check "plain RTP sent to an unprotect SA: auth_fail, never delivered" plain_rtp

garbage() {
	sa "$GCM" || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --timeout 30 --idle 2000 || return 1
	for size in 0 1 5 11 12 13 27 28 29 40 100 1400; do
		n0 ksrtp-udp send "$A1" 5006 5 "$size" >/dev/null || return 1
	done
	dp_wait sink
	[ "$(dp_json_num sink.json packets)" = 0 ] && [ "$(dp_json_num sink.json malformed)" = 0 ] ||
		{ echo "garbage reached the application"; return 1; }
	echo "malformed $(dp_sa_counter 1 2 malformed) auth_fail $(dp_sa_counter 1 2 auth_fail)"
	[ $(($(dp_sa_counter 1 2 malformed) + $(dp_sa_counter 1 2 auth_fail))) = 60 ]
}
check "60 garbage datagrams of 0..1400 octets: all dropped and counted" garbage

check_output "the module still works afterwards" "sa 2 unprotect" n1 ksrtpctl sa show

ktap_finish
