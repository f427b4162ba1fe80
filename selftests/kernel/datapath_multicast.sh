#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A multicast group on one bridge: 2 senders (different SSRCs, protect SAs) and 3 receivers
# (unprotect SAs) in separate namespaces, with unmodified plain-RTP applications
# (ksrtp-rtpgen, ksrtp-rtpsink). A listener without an SA sees only ciphertext, which libsrtp2
# decrypts. Then a gateway namespace forwarding multicast with smcroute: plain media from a LAN
# side protected on its way into the group, and group media unprotected on its way to the LAN.
#
#   ns1 (sender A) --+                       +-- ns3, ns4, ns5 (receivers)
#   ns2 (sender B) --+-- br0 in ns0 ---------+
#                    +-- wan0 ns7 (gateway) lan0 -- ns6 (LAN host, plain RTP)
# ksrtpvm-timeout: 400
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-srtp-peer >/dev/null || skip_all "ksrtp-srtp-peer is not built"

ktap_plan 20
ksrtp_load || ktap_bail "cannot load ksrtp"

G=239.10.10.10       # the group
G_UP=239.10.10.20    # LAN -> group, through the gateway
G_DOWN=239.10.10.30  # group -> LAN, through the gateway
PORT=5004
N=400
S=AEAD_AES_128_GCM
dp_make_keys

topology() {
	local i dev
	netns_create 8 || return 1
	ip0 link add br0 type bridge mcast_snooping 0 || return 1
	ip0 link set br0 up || return 1
	for i in 1 2 3 4 5 7; do
		dev=eth0
		[ "$i" = 7 ] && dev=wan0
		$IP link add "$dev" netns "$(ns_name "$i")" type veth peer name "p$i" \
			netns "$(ns_name 0)" || return 1
		ip0 link set "p$i" master br0 up || return 1
		"ip$i" addr add "10.50.0.$i/24" dev "$dev" || return 1
		"ip$i" link set "$dev" up || return 1
	done
	$IP link add lan0 netns "$(ns_name 7)" type veth peer name eth0 netns "$(ns_name 6)" || return 1
	ip7 addr add 10.60.0.1/24 dev lan0 && ip7 link set lan0 up || return 1
	ip6 addr add 10.60.0.2/24 dev eth0 && ip6 link set eth0 up || return 1
	ip6 route add default via 10.60.0.1 || return 1
	ip1 route add 10.60.0.0/24 via 10.50.0.7 || return 1
	netns_forwarding 7 || return 1
	n7 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.lan0.rp_filter=0 net.ipv4.conf.wan0.rp_filter=0 >/dev/null
}
check "bridge with 2 senders, 3 receivers, a gateway and a LAN host" topology ||
	ktap_bail "no topology"

group_sas() {
	local i
	for i in 1 2; do
		"n$i" ksrtpctl sa add id 1 dir protect dst $G port $PORT suite $S key-file $S.key \
			key-id 100 || return 1
	done
	for i in 3 4 5; do
		"n$i" ksrtpctl sa add id 1 dir unprotect dst $G port $PORT suite $S key-file $S.key \
			key-id 100 replay-window 1024 || return 1
	done
}
check "group key installed: protect SAs on the senders, unprotect SAs on the receivers" group_sas

two_senders() {
	local i
	for i in 3 4 5; do
		dp_rx "$i" "sink$i" ksrtp-rtpsink --group $G --iface eth0 --port $PORT \
			--count $((2 * N)) --ssrcs 2 --max-lost 0 --timeout 60 --idle 3000 || return 1
	done
	n1 ksrtp-rtpgen --dst $G --port $PORT --iface eth0 --sport 6001 --ssrc 0xa1 --count $N --rate 1000 -q &
	local a=$!
	n2 ksrtp-rtpgen --dst $G --port $PORT --iface eth0 --sport 6002 --ssrc 0xb2 --count $N --rate 1000 \
		--seq 30000 -q || return 1
	wait $a || return 1
	for i in 3 4 5; do dp_wait "sink$i" || return 1; done
}
check "2 senders to 3 receivers: every packet of both SSRCs decrypted and verified" two_senders
check "each sender's SA protected $N packets" \
	sh_ok "dp_expect_counter 1 1 packets $N && dp_expect_counter 2 1 packets $N"
check "each receiver's SA unprotected $((2 * N)) packets, no failure" \
	sh_ok "for i in 3 4 5; do dp_expect_counter \$i 1 packets $((2 * N)) && dp_expect_counter \$i 1 auth_fail 0 || return 1; done"
check_output "a receiver holds one stream per sender" "ssrc 0x000000a1.*ssrc 0x000000b2" \
	sh_ok "n3 ksrtpctl sa stats id 1 streams | tr '\n' ' '"

no_sa_listener() {
	n5 ksrtpctl sa flush || return 1
	dp_rx 5 plain ksrtp-rtpsink --group $G --iface eth0 --port $PORT --timeout 30 --idle 2000 ||
		return 1
	dp_rx 5 cap ksrtp-srtp-peer capture --iface eth0 --port $PORT --suite $S --key-file $S.key \
		--count $((2 * N)) --ssrcs 2 --timeout 60 --idle 3000 || return 1
	n1 ksrtp-rtpgen --dst $G --port $PORT --iface eth0 --sport 6001 --ssrc 0xa1 --seq 1000 --count $N \
		--rate 1000 -q &
	local a=$!
	n2 ksrtp-rtpgen --dst $G --port $PORT --iface eth0 --sport 6002 --ssrc 0xb2 --seq 40000 --count $N \
		--rate 1000 -q || return 1
	wait $a || return 1
	dp_wait cap || return 1
	dp_wait plain # fails by design: everything it got was ciphertext
	[ "$(dp_json_num plain.json bad_content)" = $((2 * N)) ] &&
		[ "$(dp_json_num plain.json received)" = 0 ] ||
		{ echo "a listener without an SA got something other than ciphertext"; return 1; }
}
check "a listener without an SA gets only ciphertext; libsrtp2 decrypts all of it" no_sa_listener

late_joiner() {
	n5 ksrtpctl sa add id 1 dir unprotect dst $G port $PORT suite $S key-file $S.key || return 1
	dp_rx 5 sink5 ksrtp-rtpsink --group $G --iface eth0 --port $PORT --count 100 --timeout 30 \
		--idle 2000 || return 1
	n1 ksrtp-rtpgen --dst $G --port $PORT --iface eth0 --sport 6001 --ssrc 0xa1 --seq 2000 --count 100 \
		--rate 1000 -q || return 1
	dp_wait sink5
}
check "a receiver joining late decrypts from its first packet" late_joiner

other_group() {
	dp_rx 3 other ksrtp-rtpsink --group 239.10.10.99 --iface eth0 --port $PORT --timeout 30 \
		--idle 2000 || return 1
	n1 ksrtp-rtpgen --dst 239.10.10.99 --port $PORT --iface eth0 --count 50 --rate 1000 -q || return 1
	dp_wait other || return 1
	[ "$(dp_json_num other.json packets)" = 50 ] && dp_expect_counter 1 1 packets $((2 * N + 100))
}
check "another group without SAs is left alone (plain RTP end to end)" other_group

# ---- gateway with smcroute ---------------------------------------------------------------------
if command -v smcrouted >/dev/null; then
	gateway() {
		cat >gw.conf <<-EOF
			phyint lan0 enable
			phyint wan0 enable
			mroute from lan0 group $G_UP to wan0
			mroute from wan0 group $G_DOWN to lan0
		EOF
		nbg 7 smcrouted -n -N -f gw.conf -u /run/smcroute-gw.sock -P /run/smcroute-gw.pid -l err
		_bg_pids+=($!)
		wait_for 10 test -S /run/smcroute-gw.sock || return 1
		n7 ksrtpctl sa add id 1 dir protect dst $G_UP port $PORT suite $S key-file $S.next \
			key-id 200 dev wan0 || return 1
		n7 ksrtpctl sa add id 2 dir unprotect dst $G_DOWN port $PORT suite $S \
			key-file $S.key key-id 300 || return 1
		n1 ksrtpctl sa add id 3 dir protect dst $G_DOWN port $PORT suite $S key-file $S.key ||
			return 1
		# warm-up: the first packets of a group make smcroute install its (*,G) route, and
		# the kernel holds (and may drop) packets until then; send 5 each way first
		n6 ksrtp-rtpgen --dst $G_UP --port $PORT --iface eth0 --sport 6006 --ssrc 0xc0 \
			--count 5 --rate 50 --ttl 8 -q || return 1
		n1 ksrtp-rtpgen --dst $G_DOWN --port $PORT --iface eth0 --sport 6003 --ssrc 0xd0 \
			--count 5 --rate 50 --ttl 8 -q || return 1
		sleep 1
	}
	check "gateway: smcroute forwards $G_UP LAN->group and $G_DOWN group->LAN; SAs installed" \
		gateway

	upstream() {
		local i
		for i in 3 4; do
			"n$i" ksrtpctl sa add id 2 dir unprotect dst $G_UP port $PORT suite $S \
				key-file $S.next || return 1
			dp_rx "$i" "up$i" ksrtp-rtpsink --group $G_UP --iface eth0 --port $PORT \
				--count $N --max-lost 0 --timeout 60 --idle 3000 || return 1
		done
		dp_rx 5 upcap ksrtp-srtp-peer capture --iface eth0 --port $PORT --suite $S \
			--key-file $S.next --count $N --timeout 60 --idle 3000 || return 1
		n6 ksrtp-rtpgen --dst $G_UP --port $PORT --iface eth0 --sport 6006 --ssrc 0xc3 --count $N \
			--rate 1000 --ttl 8 -q || return 1
		dp_wait up3 && dp_wait up4 && dp_wait upcap
	}
	check "LAN plain RTP -> gateway protects -> receivers decrypt (and libsrtp2 on the wire)" \
		upstream
	check "gateway protect SA counted every forwarded packet" \
		dp_expect_counter 7 1 packets $((N + 5))

	downstream() {
		dp_rx 6 down ksrtp-rtpsink --group $G_DOWN --iface eth0 --port $PORT --count $N \
			--max-lost 0 --timeout 60 --idle 3000 || return 1
		n1 ksrtp-rtpgen --dst $G_DOWN --port $PORT --iface eth0 --sport 6003 --ssrc 0xd4 --count $N \
			--rate 1000 --ttl 8 -q || return 1
		dp_wait down
	}
	check "group SRTP -> gateway unprotects -> LAN host gets the plain RTP" downstream
	check "gateway unprotect SA counted every packet" dp_expect_counter 7 2 packets $((N + 5))
	check "sender's protect SA for the downstream group counted every packet" \
		dp_expect_counter 1 3 packets $((N + 5))
	lan_capture() {
		# what crosses lan0 is plain RTP: a capture with libsrtp2 fails on every packet
		dp_rx 6 lancap ksrtp-srtp-peer capture --iface eth0 --port $PORT --suite $S \
			--key-file $S.key --timeout 20 --idle 2000 || return 1
		n1 ksrtp-rtpgen --dst $G_DOWN --port $PORT --iface eth0 --sport 6003 --ssrc 0xd4 --seq 9000 \
			--count 20 --rate 1000 --ttl 8 -q || return 1
		dp_wait lancap
		[ "$(dp_json_num lancap.json failed)" = 20 ]
	}
	check "the LAN side carries plain RTP (libsrtp2 cannot authenticate it)" lan_capture
	check_output "gateway SAs listed with their keys' ids" "key current key-id 200.*key current key-id 300" \
		sh_ok "n7 ksrtpctl sa show | tr '\n' ' '"
	check "gateway unprotect SA: no authentication failure" dp_expect_counter 7 2 auth_fail 0
else
	for c in "gateway set-up" "upstream" "upstream count" "downstream" "downstream count" \
		"sender count" "LAN capture" "gateway SAs" "gateway auth"; do
		ktap_skip "gateway: $c" "smcrouted not in the VM"
	done
fi

check "flush all SAs in every namespace" \
	sh_ok "for i in 1 2 3 4 5 7; do n\$i ksrtpctl sa flush || return 1; done"
check_output "no SA left anywhere" "^0$" \
	sh_ok "t=0; for i in 1 2 3 4 5 7; do c=\$(n\$i ksrtpctl sa show | grep -c '^sa '); t=\$((t + c)); done; echo \$t"

ktap_finish
