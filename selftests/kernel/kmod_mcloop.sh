#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Multicast loopback on a sender that also has SAs for its own group (kmod/README.md,
# "Multicast loopback"): each copy passes POST_ROUTING once and is protected once (the
# looped-back copy and the wire copy: the protect SA counts both), the looped-back copy is
# never unprotected as a foreign packet (the sender's unprotect SA sees nothing, counts no
# failure), and the remote receiver decrypts every packet.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
ktap_plan 7
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
S=AES_CM_128_HMAC_SHA1_80
G=239.7.7.7
N=50

setup() {
	n0 ksrtpctl sa add id 1 dir protect dst $G port 5004 suite $S key-file $S.key &&
	n0 ksrtpctl sa add id 2 dir unprotect dst $G port 5004 suite $S key-file $S.key &&
	n1 ksrtpctl sa add id 3 dir unprotect dst $G port 5004 suite $S key-file $S.key
}
check "group SAs on the sender (protect and unprotect) and on the receiver" setup

traffic() {
	n0 ksrtp-udp recv $G 5004 $N 5000 >local.out &
	local lpid=$!
	dp_rx 1 sink ksrtp-rtpsink --group $G --iface v0 --port 5004 --count $N --max-lost 0 \
		--timeout 60 --idle 3000 || return 1
	n0 ksrtp-rtpgen --dst $G --port 5004 --iface v1 --count $N --rate 500 -q || return 1
	dp_wait sink || return 1
	wait $lpid
	echo "local listener on the sender got $(cat local.out) datagrams"
}
check "the remote receiver decrypts and verifies every packet" traffic
check_output "the sender's local listener got the looped-back copies" "^$N$" cat local.out
check "the protect SA protected each copy once: $N looped back + $N on the wire" \
	dp_expect_counter 0 1 packets $((2 * N))
own_loop_untouched() { dp_expect_counter 0 2 packets 0 && dp_expect_counter 0 2 auth_fail 0; }
check "the sender's unprotect SA never touched its own looped-back packets" own_loop_untouched
check "rmmod ksrtp" ksrtp_unload
ktap_finish
