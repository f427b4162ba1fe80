#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module's life cycle: it loads, registers its generic netlink family, survives repeated
# load/unload, namespaces coming and going while it is loaded, and unloading after traffic.
. "$(dirname "$0")/lib.sh"

ktap_plan 10

check "modprobe ksrtp" ksrtp_load || ktap_bail "the module does not load"
check_output "genl family ksrtp is registered" "Name: ksrtp" /usr/sbin/genl ctrl get name ksrtp
# The accelerated AES driver must be in use (/init loads aesni_intel: pitfall 1 of the notes).
ksrtpctl_info() {
	local out
	out=$(ksrtpctl info) || return 1
	echo "$out"
	grep -Eq 'family "ksrtp" version [0-9]+' <<<"$out" &&
		grep -Eq '^ +AES_CM_128_HMAC_SHA1_80 +cipher [^ ]*aesni' <<<"$out"
}
if have_ksrtpctl; then
	check "ksrtpctl info shows the family and the AES-NI crypto drivers" ksrtpctl_info
else
	ktap_skip "ksrtpctl info shows the family and crypto drivers" "ksrtpctl is not built yet"
fi
check "rmmod ksrtp" ksrtp_unload

cycles() {
	local i
	for i in 1 2 3 4 5; do
		ksrtp_load || { echo "load $i failed"; return 1; }
		ksrtp_unload || { echo "unload $i failed"; return 1; }
	done
}
check "load and unload 5 times" cycles

many_netns() {
	local i
	ksrtp_load || return 1
	for i in $(seq 1 20); do
		$IP netns add "$KSRTP_TEST_NAME-many-$i" || return 1
		$IP -n "$KSRTP_TEST_NAME-many-$i" link set lo up || return 1
	done
	# Traffic inside some of them, so that per-namespace state is really used.
	for i in 1 7 20; do
		$IP netns exec "$KSRTP_TEST_NAME-many-$i" ping -c1 -W2 127.0.0.1 >/dev/null || return 1
	done
	for i in $(seq 1 20); do $IP netns del "$KSRTP_TEST_NAME-many-$i" || return 1; done
	ksrtp_unload
}
check "20 namespaces created and destroyed while loaded" many_netns

check "three namespaces in a routed chain" netns_chain 3
check "modprobe ksrtp with namespaces present" ksrtp_load

udp_traffic() {
	local got v6
	# The receivers give up after 20 s without a datagram (a loaded emulated machine is slow).
	n2 ksrtp-udp recv 0.0.0.0 5004 500 20000 >recv4.out &
	local r4=$!
	n2 ksrtp-udp recv :: 5006 500 20000 >recv6.out &
	local r6=$!
	# Resolve neighbours first: packets queued on an unresolved neighbour may be dropped.
	# A loaded emulated machine can take more than one ping's wait to answer: retry for 20 s.
	wait_for 20 n0 ping -c1 -W2 "$(addr4 2 1)" || { echo "no IPv4 route through the gateway"; return 1; }
	wait_for 20 n0 ping -6 -c1 -W2 "$(addr6 2 1)" || { echo "no IPv6 route through the gateway"; return 1; }
	n0 ksrtp-udp send "$(addr4 2 1)" 5004 500 172 || { echo "IPv4 send failed"; return 1; }
	n0 ksrtp-udp send "$(addr6 2 1)" 5006 500 172 || { echo "IPv6 send failed"; return 1; }
	wait $r4; wait $r6
	got=$(cat recv4.out) v6=$(cat recv6.out)
	echo "received $got IPv4 and $v6 IPv6 datagrams of 500 each through the gateway"
	# veth does not drop; every datagram must arrive.
	[ "$got" = 500 ] && [ "$v6" = 500 ]
}
check "UDP over IPv4 and IPv6 through a forwarding namespace" udp_traffic
check "rmmod ksrtp after traffic, namespaces still present" ksrtp_unload

ktap_finish
