#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM and lib.sh themselves: accelerated crypto is loaded (pitfall 1), the real iproute2 is
# used (pitfall 4), and the namespace helpers build what they document: a 4-namespace routed
# chain reachable end to end over IPv4 and IPv6, forwarding only where it should be.
. "$(dirname "$0")/lib.sh"

ktap_plan 9

check_output "aesni is the ctr(aes) driver the kernel picks" "ctr-aes-aesni" \
	grep -A3 -E '^name +: ctr\(aes\)' /proc/crypto
check_output "/sbin/ip is iproute2, not busybox" "iproute2" /sbin/ip -V
check "netns_chain 4" netns_chain 4
check_output "addresses as documented (ns 1 on its link to ns 2)" "10\.1\.2\.2/24.*fd00:1:2::2/64" \
	sh -c "$IP -n $(ns_name 1) -o addr show dev v2 | tr '\n' ' '"
check "IPv4: ns 0 reaches ns 3 across two routers" n0 ping -c1 -W3 "$(addr4 3 2)"
check "IPv6: ns 3 reaches ns 0 across two routers" n3 ping -6 -c1 -W3 "$(addr6 0 1)"
check_output "forwarding on in a middle namespace" "= 1" n1 sysctl net.ipv4.ip_forward
check_output "forwarding off at the ends" "= 0" n0 sysctl net.ipv4.ip_forward
check_fail "an unrouted address is unreachable" n0 ping -c1 -W1 10.99.99.99

ktap_finish
