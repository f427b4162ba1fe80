#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SA maintenance with 10,000 idle SAs installed: the maintenance work never visits the idle SAs
# (debugfs ksrtp/maint counts the SAs it handles), time lifetime events still come on time, idle
# streams are still freed, authentication failures held back by the rate limit are still
# reported, and the lookup table is sized for the SAs.
# ksrtpvm-timeout: 600
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-rtpgen >/dev/null || skip_all "ksrtp-rtpgen is not built"

ktap_plan 11
ksrtp_load || ktap_bail "cannot load ksrtp"
[ -r /sys/kernel/debug/ksrtp/maint ] || ktap_bail "no debugfs file ksrtp/maint"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A0=$(addr4 0 1)
A1=$(addr4 1 0)
CM=AES_CM_128_HMAC_SHA1_80
GCM=AEAD_AES_128_GCM

# maint NS KEY: a value of ksrtp/maint for namespace NS (nsenter: ip netns exec remounts /sys
# and hides debugfs)
maint() { nsenter --net="/run/netns/$(ns_name "$1")" cat /sys/kernel/debug/ksrtp/maint | awk -v k="$2" '$1 == k { print $2 }'; }

for ((i = 1; i <= 10000; i++)); do
	echo "sa add dir protect dst 10.98.$((i / 250)).$((i % 250 + 1)) port $((5004 + 2 * (i % 7))) suite $CM key-file $CM.key"
done >decoys
check "10,000 SAs installed with ksrtpctl -b" n0 ksrtpctl -b decoys
sleep 2
check_output "the lookup table holds 10,000 keys in at least as many buckets, no rehash pending" \
	'^sas 10000 table_size (16384|32768|65536) table_elems 10000 table_rehashing 0 ' \
	sh -c "nsenter --net=/run/netns/$(ns_name 0) cat /sys/kernel/debug/ksrtp/maint | tr '\n' ' '"

idle_not_visited() {
	local r0 v0 r1 v1
	r0=$(maint 0 maint_runs) v0=$(maint 0 maint_visits)
	sleep 3
	r1=$(maint 0 maint_runs) v1=$(maint 0 maint_visits)
	echo "maint_runs $r0 -> $r1, maint_visits $v0 -> $v1"
	[ -n "$r0" ] && [ "$r0" = "$r1" ] && [ "$v0" = "$v1" ]
}
check "3 s with 10,000 idle SAs: no maintenance run, no SA visited" idle_not_visited

monitor() { # NAME ARGS: ksrtpctl -j monitor in ns 0, subscribed when this returns
	local name=$1
	shift
	rm -f "$name.mon" "$name.monerr"
	n0 ksrtpctl -j monitor "$@" >"$name.mon" 2>"$name.monerr" &
	MON_PID=$!
	wait_for 10 grep -q monitoring "$name.monerr" || { cat "$name.monerr"; return 1; }
}

V0=$(maint 0 maint_visits)
lifetimes() {
	monitor life --count 2 --timeout 5 || return 1
	n0 ksrtpctl sa add id 60001 dir protect dst "$A1" port 6000 suite "$CM" key-file "$CM.key" \
		lifetime soft-seconds 1 hard-seconds 2 || return 1
	wait "$MON_PID"
	cat life.mon
	grep -q '"event":"soft-expire","sa":60001' life.mon &&
		grep -q '"event":"hard-expire","sa":60001' life.mon
}
check "time lifetimes with 10,000 idle SAs: soft after 1 s and hard after 2 s, both within 5 s" lifetimes
expired_after_hard() {
	n0 ksrtp-rtpgen --dst "$A1" --port 6000 --sport 6001 --count 5 --rate 100 -q || return 1
	dp_sa_counter 0 60001 expired
}
check_output "the SA with lifetimes is counted expired on the datapath after its hard lifetime" \
	"^[1-9]" expired_after_hard

streams_are() { n0 ksrtpctl sa show id "$1" | grep -q " streams $2"; }
streams() {
	n0 ksrtpctl sa add id 60002 dir protect dst "$A1" port 6002 suite "$CM" key-file "$CM.key" \
		idle 1 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 6002 --sport 6003 --count 5 --rate 100 -q || return 1
	n0 ksrtpctl sa show id 60002 | grep -q " streams 1" || { echo "no stream created"; return 1; }
	wait_for 5 streams_are 60002 0 ||
		{ n0 ksrtpctl sa show id 60002; return 1; }
}
check "an idle stream is freed (idle 1 s) with 10,000 idle SAs installed" streams

af_events() { grep '"event":"auth-fail","sa":60003' af.mon; }
af_sum() { af_events | grep -o '"count":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }'; }
af_all() { [ "$(af_sum)" = 30 ]; }
auth_held_back() {
	local n sum
	n0 ksrtpctl sa add id 60003 dir unprotect dst "$A0" port 6004 suite "$GCM" \
		key-file "$GCM.key" || return 1
	monitor af --timeout 60 || return 1
	n1 ksrtp-srtp-peer send --dst "$A0" --port 6004 --suite "$GCM" --key-file "$GCM.next" \
		--count 30 --rate 100 >/dev/null 2>&1 || return 1
	# the held-back count goes out once a second has passed since the first event
	wait_for 20 af_all
	kill "$MON_PID" 2>/dev/null
	wait "$MON_PID" 2>/dev/null
	cat af.mon
	n=$(af_events | wc -l) sum=$(af_sum)
	echo "$n events, counts summing to $sum"
	[ "$n" -ge 2 ] && [ "$sum" = 30 ] && return 0
	cat af.monerr
	n0 ksrtpctl -j sa stats id 60003
	return 1
}
check "30 authentication failures in 0.3 s: the first reported at once, the ones held back by the rate limit later (counts sum to 30)" \
	auth_held_back

visits_bounded() {
	local v1
	v1=$(maint 0 maint_visits)
	echo "maint_visits $V0 -> $v1"
	[ $((v1 - V0)) -ge 3 ] && [ $((v1 - V0)) -le 40 ]
}
check "the maintenance visited only the 3 SAs with work (3 to 40 visits, not 10,000 a second)" \
	visits_bounded
check "flush 10,003 SAs" n0 ksrtpctl sa flush
check_output "nothing left after the flush" '^0$' maint 0 sas
ktap_finish
