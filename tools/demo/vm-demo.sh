#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/demo/vm-demo.sh - the ksrtp demo, run inside the test VM by tools/demo.sh
# (tools/vm/run.sh --run). A multicast group on a bridge: alice sends, bob and carol receive,
# each in its own network namespace, with unmodified plain-RTP programs; the kernel module
# encrypts on alice's way out and decrypts on bob's and carol's way in. eve listens on the
# same group without a key. libsrtp2 checks the wire independently.
KSRTP_TEST_NAME=demo
. "${KSRTP_TESTS:-/usr/share/ksrtp/selftests}/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}
cd "$(mktemp -d /tmp/demo.XXXXXX)" || exit 1

GROUP=239.1.1.1
PORT=5004
COUNT=250
SUITE=AEAD_AES_128_GCM
bold=$'\e[1m' green=$'\e[32m' red=$'\e[31m' dim=$'\e[2m' off=$'\e[0m'
[ -t 1 ] || bold= green= red= dim= off=
failed=0

section() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$off"; }
say() { printf '%s\n' "$*"; }
# as WHO CMD...: show "WHO# CMD" and run it in WHO's namespace
as() {
	local who=$1
	shift
	printf '%s%s#%s %s\n' "$bold" "$who" "$off" "$*"
	$IP netns exec "demo-$who" "$@"
}
quiet_in() {
	local who=$1
	shift
	$IP netns exec "demo-$who" "$@"
}
fail() {
	printf '%sFAILED:%s %s\n' "$red" "$off" "$*"
	failed=1
}

section "1. The kernel module"
say "Loading ksrtp; it checks itself against the RFC 3711 and RFC 7714 test vectors."
ksrtp_load || { fail "the module does not load"; exit 1; }
ksrtpctl info

section "2. Five network namespaces on one Ethernet bridge"
$IP netns add demo-switch && _netns_list+=(demo-switch)
$IP -n demo-switch link add br0 type bridge mcast_snooping 0
$IP -n demo-switch link set br0 up
i=1
for who in alice bob carol eve; do
	$IP netns add "demo-$who" && _netns_list+=("demo-$who")
	$IP -n "demo-$who" link set lo up
	$IP link add eth0 netns "demo-$who" type veth peer name "$who" netns demo-switch
	$IP -n demo-switch link set "$who" master br0 up
	$IP -n "demo-$who" addr add "10.0.0.$i/24" dev eth0
	$IP -n "demo-$who" link set eth0 up
	printf '  %-6s 10.0.0.%s\n' "$who" "$i"
	i=$((i + 1))
done
say "alice sends RTP to the multicast group $GROUP port $PORT; bob and carol have the"
say "group key; eve listens to the same group without it."

section "3. A group key (a key file: master key and salt in hex; never on the command line)"
key=$(head -c 28 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '# %s group key, made for this demo\n%s %s\n' "$SUITE" "${key:0:32}" "${key:32:24}" >group.key
cat group.key

section "4. Security associations installed with ksrtpctl"
as alice ksrtpctl sa add id 1 dir protect dst $GROUP port $PORT suite $SUITE key-file group.key \
	key-id 7 || fail "sa add on alice"
for who in bob carol; do
	as "$who" ksrtpctl sa add id 1 dir unprotect dst $GROUP port $PORT suite $SUITE \
		key-file group.key key-id 7 || fail "sa add on $who"
done
as bob ksrtpctl sa show

section "5. Media: plain RTP programs, unchanged"
say "bob and carol run an ordinary RTP receiver (ksrtp-rtpsink: it checks that every payload"
say "matches its header); eve runs the same receiver without an SA, and a wire tap (AF_PACKET)"
say "that gives what it captures to libsrtp2 with the group key."
for who in bob carol eve; do
	rm -f "$who.ready"
	quiet_in "$who" ksrtp-rtpsink --group $GROUP --iface eth0 --port $PORT --count $COUNT \
		--timeout 30 --idle 3000 --ready "$who.ready" 2>"$who.txt" &
	eval "pid_$who=$!"
done
rm -f tap.ready
quiet_in eve ksrtp-srtp-peer capture --iface eth0 --port $PORT --suite $SUITE \
	--key-file group.key --count $COUNT --timeout 30 --idle 3000 --hexdump 1 \
	--ready tap.ready >tap.txt 2>tap.err &
pid_tap=$!
for r in bob carol eve tap; do wait_for 10 test -e "$r.ready" || fail "$r's receiver did not start"; done
as alice ksrtp-rtpgen --dst $GROUP --port $PORT --iface eth0 --ssrc 0xa11ce --count $COUNT \
	--rate 200 --size 160
for r in bob carol eve tap; do eval "wait \$pid_$r"; eval "rc_$r=$?"; done

section "6. What each receiver got"
for who in bob carol; do
	printf '%s%s:%s ' "$bold" "$who" "$off"
	head -n1 "$who.txt"
	sa_pkts=$(quiet_in "$who" ksrtpctl -j sa stats id 1 | grep -o '"packets":[0-9]*' | cut -d: -f2)
	# shellcheck disable=SC2154
	if [ "$(eval echo "\$rc_$who")" = 0 ] && [ "$sa_pkts" = "$COUNT" ] &&
		grep -q "^received $COUNT packets: malformed 0 bad-content 0 " "$who.txt"; then
		printf '  %s-> all %s packets decrypted by the kernel (SA counter %s) and verified%s\n' \
			"$green" "$COUNT" "$sa_pkts" "$off"
	else
		fail "$who did not get all $COUNT packets intact through its SA (SA counter: ${sa_pkts:-none})"
	fi
done
printf '%seve (no key):%s ' "$bold" "$off"
head -n1 eve.txt
if grep -q "^received $COUNT packets: malformed 0 bad-content $COUNT " eve.txt; then
	printf '  %s-> every packet eve received was ciphertext: nothing readable%s\n' "$green" "$off"
else
	fail "eve's receiver read something"
fi

section "7. The wire: one captured packet, encrypted, then decrypted by libsrtp2"
cat tap.txt
say "${dim}(the 12-octet RTP header stays readable; the payload is encrypted and a 16-octet"
say "AES-GCM tag follows it)${off}"
printf '%slibsrtp2 on the wire tap:%s ' "$bold" "$off"
cat tap.err
# shellcheck disable=SC2154
[ "$rc_tap" = 0 ] && grep -q "^received $COUNT packets: malformed 0 bad-content 0 bad-size 0 failed 0" tap.err ||
	fail "libsrtp2 did not decrypt all $COUNT packets from the wire"

section "8. Per-SA counters"
as alice ksrtpctl sa show
as bob ksrtpctl sa stats id 1 streams
as carol ksrtpctl -j sa stats id 1

section "Result"
if [ "$failed" = 0 ]; then
	printf '%sDEMO OK%s: alice'"'"'s plain RTP (%s packets) crossed the wire as SRTP (%s),\n' \
		"$green$bold" "$off" "$COUNT" "$SUITE"
	printf 'the kernel decrypted it for bob and carol (all packets intact), eve could read\n'
	printf 'nothing, and libsrtp2 independently decrypted every packet it captured.\n'
	exit 0
fi
printf '%sDEMO FAILED%s (see above)\n' "$red$bold" "$off"
exit 1
