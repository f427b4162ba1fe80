#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The datapath over IPv6: unicast protect (libsrtp2 decrypts the wire), unprotect (libsrtp2's
# SRTP delivered as RTP), module to module, multicast (ff05::/16 group joined on an interface),
# and address-family isolation (an IPv4 SA leaves IPv6 traffic alone).
# ksrtpvm-timeout: 300
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
. "$(dirname "$0")/data/datapath_lib.sh"

have_ksrtpctl || skip_all "ksrtpctl is not built"
command -v ksrtp-srtp-peer >/dev/null || skip_all "ksrtp-srtp-peer is not built"

ktap_plan 13
ksrtp_load || ktap_bail "cannot load ksrtp"
check "two namespaces linked by a veth pair" netns_chain 2 || ktap_bail "no topology"
dp_make_keys
A0=$(addr6 0 1)
A1=$(addr6 1 0)
G=ff05::1:10
check "ns 0 reaches ns 1 over IPv6" n0 ping -6 -c1 -W2 "$A1"

protect6() { # SUITE "SA-ARGS" "PEER-ARGS"
	local suite=$1
	n0 ksrtpctl sa flush || return 1
	# shellcheck disable=SC2086
	n0 ksrtpctl sa add id 1 dir protect dst "$A1" port 5004 suite "$suite" key-file "$suite.key" \
		$2 || return 1
	# shellcheck disable=SC2086
	dp_rx 1 cap ksrtp-srtp-peer capture --iface v0 --port 5004 --suite "$suite" \
		--key-file "$suite.key" --count 300 --size 172 --timeout 60 --idle 3000 $3 || return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5004 --sport 6000 --count 300 --size 172 --rate 3000 -q ||
		return 1
	dp_wait cap && dp_expect_counter 0 1 packets 300
}
check "IPv6 protect AES_CM_128_HMAC_SHA1_80: libsrtp2 decrypts the wire" \
	protect6 AES_CM_128_HMAC_SHA1_80 "" ""
check "IPv6 protect AEAD_AES_256_GCM with MKI: libsrtp2 decrypts the wire" \
	protect6 AEAD_AES_256_GCM "mki 0102" "--mki 0102"

unprotect6() { # SUITE "SA-ARGS" "PEER-ARGS"
	local suite=$1
	n1 ksrtpctl sa flush || return 1
	# shellcheck disable=SC2086
	n1 ksrtpctl sa add id 2 dir unprotect dst "$A1" port 5006 src "$A0" suite "$suite" \
		key-file "$suite.key" $2 || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5006 --count 300 --size 172 --max-lost 0 --timeout 60 \
		--idle 3000 || return 1
	# shellcheck disable=SC2086
	n0 ksrtp-srtp-peer send --dst "$A1" --port 5006 --suite "$suite" --key-file "$suite.key" \
		--count 300 --size 172 --rate 3000 $3 >/dev/null 2>&1 || return 1
	dp_wait sink && dp_expect_counter 1 2 packets 300
}
check "IPv6 unprotect AES_CM_128_HMAC_SHA1_32 (with a source selector)" \
	unprotect6 AES_CM_128_HMAC_SHA1_32 "" ""
check "IPv6 unprotect AEAD_AES_128_GCM with a 3-octet MKI" \
	unprotect6 AEAD_AES_128_GCM "mki 0a0b0c" "--mki 0a0b0c"
check_output "IPv6 SA shown with bracketed address and source" "sa 2 unprotect \[$A1\] port 5006 src $A0" \
	n1 ksrtpctl sa show

m2m6() { # SUITE DST "RX-ARGS" "TX-ARGS"
	local suite=$1 dst=$2
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	n0 ksrtpctl sa add id 1 dir protect dst "$dst" port 5008 suite "$suite" key-file "$suite.key" ||
		return 1
	n1 ksrtpctl sa add id 2 dir unprotect dst "$dst" port 5008 suite "$suite" \
		key-file "$suite.key" || return 1
	# shellcheck disable=SC2086
	dp_rx 1 sink ksrtp-rtpsink --port 5008 --count 500 --size 172 --max-lost 0 --timeout 60 \
		--idle 3000 $3 || return 1
	# shellcheck disable=SC2086
	n0 ksrtp-rtpgen --dst "$dst" --port 5008 --sport 6000 --count 500 --size 172 --rate 3000 -q $4 ||
		return 1
	dp_wait sink && dp_expect_counter 0 1 packets 500 && dp_expect_counter 1 2 packets 500
}
check "IPv6 module to module, AEAD_AES_128_GCM" m2m6 AEAD_AES_128_GCM "$A1" "" ""
check "IPv6 module to module, AES_CM_128_HMAC_SHA1_80" m2m6 AES_CM_128_HMAC_SHA1_80 "$A1" "" ""
check "IPv6 multicast $G: module to module" \
	m2m6 AEAD_AES_256_GCM "$G" "--group $G --iface v0" "--iface v1"

mcast_wire6() {
	dp_rx 1 cap ksrtp-srtp-peer capture --iface v0 --port 5008 --suite AEAD_AES_256_GCM \
		--key-file AEAD_AES_256_GCM.key --count 200 --timeout 60 --idle 3000 || return 1
	n0 ksrtp-rtpgen --dst "$G" --port 5008 --sport 6000 --iface v1 --seq 1000 --count 200 \
		--rate 3000 -q || return 1
	dp_wait cap
}
check "IPv6 multicast wire: libsrtp2 decrypts what the module sent" mcast_wire6

family_isolation() {
	n0 ksrtpctl sa flush && n1 ksrtpctl sa flush || return 1
	# an IPv4 SA on the same port: IPv6 packets must pass untouched (plain RTP end to end)
	n0 ksrtpctl sa add id 1 dir protect dst "$(addr4 1 0)" port 5010 suite AES_CM_128_HMAC_SHA1_80 \
		key-file AES_CM_128_HMAC_SHA1_80.key || return 1
	dp_rx 1 sink ksrtp-rtpsink --port 5010 --count 100 --max-lost 0 --timeout 30 --idle 2000 ||
		return 1
	n0 ksrtp-rtpgen --dst "$A1" --port 5010 --count 100 --rate 2000 -q || return 1
	dp_wait sink && dp_expect_counter 0 1 packets 0
}
check "an IPv4 SA leaves IPv6 traffic to the same port alone" family_isolation
check_output "info counts the SAs of this namespace" '"num_sas":1' n0 ksrtpctl -j info

ktap_finish
