#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Keys and lifetimes under traffic: make-before-break key rollover without a lost packet (with
# and without MKI), lifetime expiry events seen by `ksrtpctl monitor` (packets and seconds),
# authentication failure events, SSRC collision refused with an event, and rmmod while media
# flows.
# ksrtpvm-timeout: 400
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-srtp-peer >/dev/null || skip_all "ksrtp-srtp-peer is not built"

ktap_plan 21
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A0=$(addr4 0 1)
A1=$(addr4 1 0)
check "ns 0 reaches ns 1" n0 ping -c1 -W2 "$A1"
CM=AES_CM_128_HMAC_SHA1_80
GCM=AEAD_AES_128_GCM

# monitor NS NAME [ARGS]: ksrtpctl -j monitor in the background, output in NAME.mon; waits
# until it is subscribed (its "monitoring" line on stderr).
monitor() {
	local ns=$1 name=$2
	shift 2
	rm -f "$name.mon" "$name.monerr"
	$IP netns exec "$(ns_name "$ns")" ksrtpctl -j monitor "$@" >"$name.mon" 2>"$name.monerr" &
	eval "MON_$name=$!"
	wait_for 10 grep -q monitoring "$name.monerr" || { cat "$name.monerr"; return 1; }
}
monitor_wait() {
	local pid rc=0
	eval "pid=\$MON_$1"
	wait "$pid" || rc=$?
	cat "$1.mon" "$1.monerr"
	return $rc
}

pair() { # SUITE [SA-ARGS]: protect SA 1 in ns 0, unprotect SA 2 in ns 1, port 5004
	local suite=$1
	shift
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush &&
		n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5004 suite "$suite" \
			key-file "$suite.key" key-id 1 "$@" &&
		n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5004 suite "$suite" \
			key-file "$suite.key" key-id 1 "$@"
}

# ---- rollover under traffic ------------------------------------------------------------------
rollover() { # SUITE "SA-ARGS" "NEXT-ARGS"
	# Without MKIs the receiver tries NEXT when CURRENT fails and then swaps by itself (event);
	# with MKIs it picks the key by MKI and keeps both until told otherwise.
	local suite=$1 sa_args=$2 next_args=$3 gen rx_key=2
	[ -n "$next_args" ] && rx_key=1
	# shellcheck disable=SC2086
	pair "$suite" $sa_args || return 1
	monitor 1 rx --count 1 --timeout 60 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --count 2000 --timeout 60 --idle 3000 --max-lost 0 ||
		return 1
	nbg 0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 2000 --rate 400 -q
	gen=$!
	sleep 1.5
	# make before break: the receiver learns the next key first, then the sender switches
	# shellcheck disable=SC2086
	n1 ksrtpctl sa key set id 2 slot next key-file "$suite.next" key-id 2 $next_args || return 1
	# shellcheck disable=SC2086
	n0 ksrtpctl sa key set id 1 slot next key-file "$suite.next" key-id 2 $next_args || return 1
	sleep 1
	n0 ksrtpctl sa key swap id 1 || return 1
	wait $gen || return 1
	dp_wait sink || return 1
	if [ "$rx_key" = 2 ]; then
		monitor_wait rx || return 1
		grep -q '"event":"key-swapped","sa":2' rx.mon || { echo "no key-swapped event"; return 1; }
	else
		kill "$MON_rx" 2>/dev/null
		wait "$MON_rx" 2>/dev/null
	fi
	n0 ksrtpctl sa show id 1 | grep -q "key current key-id 2" || { echo "sender not on key 2"; return 1; }
	n1 ksrtpctl sa show id 2 | grep -q "key current key-id $rx_key" ||
		{ echo "receiver not on key $rx_key"; n1 ksrtpctl sa show id 2; return 1; }
	dp_expect_counter 1 2 auth_fail 0 && dp_expect_counter 1 2 packets 2000
}
check "key rollover under traffic ($CM): 2000 packets, none lost, receiver swaps by itself" \
	rollover "$CM" "" ""
check "key rollover under traffic ($GCM, 1-octet MKIs, chosen by MKI): none lost" \
	rollover "$GCM" "mki 01" "mki 02"

rollover_wire() { # the new key really is in use: libsrtp2 with the next key decrypts
	n0 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5006 suite "$CM" key-file "$CM.key" ||
		return 1
	n0 ksrtpctl sa key set id 1 slot next key-file "$CM.next" || return 1
	n0 ksrtpctl sa key swap id 1 || return 1
	dp_rx 1 cap ksrtp-srtp-peer capture --iface v0 --port 5006 --suite "$CM" \
		--key-file "$CM.next" --count 100 --timeout 30 --idle 2000 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5006 --count 100 --rate 2000 -q || return 1
	dp_wait cap
}
check "after a swap the wire decrypts with the new key (libsrtp2)" rollover_wire

# ---- lifetimes ---------------------------------------------------------------------------------
lifetime_packets() {
	pair "$CM" || return 1
	n0 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5004 suite "$CM" key-file "$CM.key" \
		key-id 9 lifetime soft-packets 100 hard-packets 200 || return 1
	monitor 0 tx --count 2 --timeout 30 || return 1
	# and one in text mode
	nbg 0 ksrtpctl monitor --count 2 --timeout 30 >tx.txt 2>tx.txterr
	local tm=$!
	wait_for 10 grep -q monitoring tx.txterr || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --timeout 30 --idle 2000 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 300 --rate 1000 -q || return 1
	monitor_wait tx || return 1
	wait $tm || return 1
	dp_wait sink || return 1
	grep -q '"event":"soft-expire","sa":1.*"key_id":9' tx.mon || { echo "no soft-expire"; return 1; }
	grep -q '"event":"hard-expire","sa":1.*"key_id":9' tx.mon || { echo "no hard-expire"; return 1; }
	dp_expect_counter 0 1 packets 200 && dp_expect_counter 0 1 expired 100 &&
		[ "$(dp_json_num sink.json packets)" = 200 ]
}
check "packet lifetimes: soft and hard expiry events, traffic stops at the hard limit" \
	lifetime_packets
check_output "ksrtpctl monitor (text) prints time, event, SA and key id" \
	"^[0-9-]{10}T[0-9:.]{12}Z hard-expire sa 1 .*key-id 9" cat tx.txt

new_key_revives() {
	n0 ksrtpctl sa key set id 1 slot current key-file "$CM.key" key-id 10 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --count 50 --timeout 30 --idle 2000 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 50 --rate 1000 --seq 5000 -q || return 1
	dp_wait sink
}
check "a new current key lifts the hard expiry" new_key_revives

lifetime_seconds() {
	n0 ksrtpctl sa flush || return 1
	# subscribe first: time lifetimes count from the key's installation
	monitor 0 tx2 --count 2 --timeout 20 || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5004 suite "$CM" key-file "$CM.key" \
		lifetime soft-seconds 1 hard-seconds 2 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 400 --rate 100 -q || return 1
	monitor_wait tx2 || return 1
	grep -q '"event":"soft-expire","sa":1' tx2.mon && grep -q '"event":"hard-expire","sa":1' tx2.mon
}
check "time lifetimes: soft after 1 s, hard after 2 s" lifetime_seconds
check_output "traffic after the hard time limit is counted as expired" "^[1-9]" \
	dp_sa_counter 0 1 expired

# ---- authentication failures and SSRC collisions -------------------------------------------------
auth_events() {
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5004 suite "$GCM" key-file "$GCM.key" ||
		return 1
	monitor 1 af --timeout 4 || return 1
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5004 --suite "$GCM" --key-file "$GCM.next" \
		--count 30 --rate 100 >/dev/null 2>&1 || return 1
	monitor_wait af || return 1
	grep -q '"event":"auth-fail","sa":2.*"count":[1-9]' af.mon && dp_expect_counter 1 2 auth_fail 30
}
check "authentication failures raise an auth-fail event" auth_events
check_output "auth-fail events are rate-limited (1 to 3 events for 30 failures in 0.3 s)" '^[1-3]$' \
	grep -c auth-fail af.mon

collision() {
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5004 suite "$CM" key-file "$CM.key" ||
		return 1
	monitor 1 coll --count 1 --timeout 30 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --timeout 30 --idle 2000 || return 1
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5004 --sport 7000 --suite "$CM" \
		--key-file "$CM.key" --ssrc 0xabc --count 50 --rate 500 >/dev/null 2>&1 || return 1
	# the same SSRC from another source port: a second sender reusing the keystream
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5004 --sport 7001 --suite "$CM" \
		--key-file "$CM.key" --ssrc 0xabc --seq 100 --count 50 --rate 500 >/dev/null 2>&1 ||
		return 1
	monitor_wait coll || return 1
	dp_wait sink || return 1
	grep -q "\"event\":\"ssrc-collision\",\"sa\":2,\"ssrc\":2748,\"src\":\"$A0\",\"sport\":7001" coll.mon ||
		{ echo "no ssrc-collision event naming 0xabc from $A0:7001"; return 1; }
	dp_expect_counter 1 2 packets 50 && dp_expect_counter 1 2 ssrc_collision 50 &&
		[ "$(dp_json_num sink.json packets)" = 50 ]
}
check "SSRC collision: the second source is refused, counted and reported" collision
check_output "sa stats streams shows the stream bound to its first source" \
	"ssrc 0x00000abc from $A0 sport 7000" n1 ksrtpctl sa stats id 2 streams
check_output "sa stats -j streams" '"ssrc":2748,"src":"'"$A0"'","sport":7000' \
	n1 ksrtpctl -j sa stats id 2 streams

# ---- rmmod while media flows -------------------------------------------------------------------
rmmod_traffic() {
	local gen
	pair "$GCM" || return 1
	nbg 0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 0 --rate 2000 -q
	gen=$!
	nbg 1 ksrtp-rtpsink --port 5004 --timeout 6 >/dev/null 2>&1
	sleep 2
	ksrtp_unload || { kill $gen; return 1; }
	sleep 1
	kill -0 $gen || { echo "the sender died"; return 1; }
	kill $gen
	wait $gen 2>/dev/null
	return 0
}
check "rmmod with SAs in two namespaces while 2000 pps flow" rmmod_traffic
check_fail "the module is gone" ksrtp_loaded
check "it loads again" ksrtp_load
check_output "and starts empty" '"num_sas":0' n0 ksrtpctl -j info
check "media works again after the reload" pair "$CM"
module_again() {
	dp_rx 1 sink ksrtp-rtpsink --port 5004 --count 100 --timeout 30 --idle 2000 --max-lost 0 ||
		return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 100 --rate 1000 -q || return 1
	dp_wait sink && dp_expect_counter 1 2 packets 100
}
check "100 packets protected and unprotected after the reload" module_again

ktap_finish
