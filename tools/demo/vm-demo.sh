#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/demo/vm-demo.sh - the ksrtp demo, run inside the test VM by tools/demo.sh
# (tools/vm/run.sh --run). A multicast group on a bridge: alice sends, bob and carol receive,
# each in its own network namespace, with unmodified plain-RTP programs. The keys come from
# identities: a KMS provisions the group and the users, the group manager sends the GMK in
# MIKEY-SAKKE I_MESSAGEs, alice's SDP offer carries a session key under the GMK (MIKEY-PSK),
# and each member derives the SRTP key and installs its SA with ksrtpctl. The kernel module
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
# as_ WHO PATTERN CMD...: like as, printing only the parts of CMD's output that match PATTERN
as_() {
	local who=$1 pat=$2
	shift 2
	printf '%s%s#%s %s\n' "$bold" "$who" "$off" "$*"
	$IP netns exec "demo-$who" "$@" | grep -o "$pat" | tr '\n' ' '
	local rc=${PIPESTATUS[0]}
	echo
	return "$rc"
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

section "3. Identity keys: a KMS provisions the group and its users"
say "Keys come from identities, not from an online server: the KMS gives each identity its"
say "SAKKE receiver key (RFC 6508) and ECCSI signing key (RFC 6507) for this key period."
KMS=kms.example.org
GROUP_URI=sip:group-1@mcx.example.org
ksrtp-kms init kms --uri $KMS >/dev/null || fail "ksrtp-kms init"
for who in group alice bob carol eve; do
	uri=sip:$who@mcx.example.org
	[ "$who" = group ] && uri=$GROUP_URI
	ksrtp-kms provision kms "$uri" -o "$who.keys" >/dev/null || fail "provisioning $uri"
	printf '  %-6s %s\n' "$who" "$uri"
done

section "4. The group manager sends the group master key (GMK) to each member"
say "One MIKEY-SAKKE I_MESSAGE (RFC 6509) per member: the GMK encrypted to the member's"
say "identity, signed with the group's identity. Each member verifies and decrypts its own."
GMK_ID=0x0a5a5a01
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >gmk.hex
for who in alice bob carol; do
	ksrtpctl mikey encode imessage --keys group.keys --to "sip:$who@mcx.example.org" \
		--key-file gmk.hex --key-id $GMK_ID --guk-id --out "$who.imsg" ||
		fail "I_MESSAGE for $who"
	as_ "$who" 'verified=[a-z]* [a-z]*\|key_id=0x[0-9a-f]*' ksrtpctl mikey decode --file "$who.imsg" \
		--keys "$who.keys" --kms kms/kms.pub --window 300 --key-out "$who.gmk" ||
		fail "$who could not open its I_MESSAGE"
	cmp -s gmk.hex <(tr -d '\n' <"$who.gmk") || fail "$who did not get the GMK"
done
say "eve is not a member; bob's I_MESSAGE is encrypted to bob:"
printf '%seve#%s ksrtpctl mikey decode --file bob.imsg --keys eve.keys --kms kms/kms.pub ...\n' \
	"$bold" "$off"
if quiet_in eve ksrtpctl mikey decode --file bob.imsg --keys eve.keys --kms kms/kms.pub \
	--key-out eve.gmk 2>&1 >/dev/null | sed 's/^/  /'; [ -e eve.gmk ]; then
	fail "eve opened bob's I_MESSAGE"
fi

section "5. alice starts a group call: a fresh session key in the SDP offer"
say "A group session key (GSK) wrapped under the GMK in a MIKEY-PSK message (RFC 3830), signed"
say "by alice (ECCSI), with the SRTP policy ($SUITE), in a=key-mgmt:mikey (RFC 4567)."
GSK_ID=0x6b6b6b01
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >gsk.hex
printf '%salice#%s ksrtpctl mikey encode psk --gmk-file alice.gmk --gmk-id %s --gsk-file gsk.hex --gsk-id %s --keys alice.keys --suite %s --sdp\n' \
	"$bold" "$off" $GMK_ID $GSK_ID $SUITE
quiet_in alice ksrtpctl mikey encode psk --gmk-file alice.gmk --gmk-id $GMK_ID --gsk-file gsk.hex \
	--gsk-id $GSK_ID --keys alice.keys --suite $SUITE --sdp >offer.attr || fail "the offer"
printf 'v=0\r\no=alice 1 1 IN IP4 10.0.0.1\r\ns=group call\r\nc=IN IP4 %s/16\r\nt=0 0\r\nm=audio %s RTP/SAVP 0\r\n%s\r\n' \
	$GROUP $PORT "$(cat offer.attr)" >offer.sdp
tr -d '\r' <offer.sdp | cut -c1-96 | sed 's/^/  /'

section "6. Each member opens the offer and installs its SA"
say "The MAC, alice's signature and the timestamp are checked; the SRTP master key and salt"
say "are derived from the GSK (RFC 3830 4.1.3) into a key file; ksrtpctl installs the SA."
for who in alice bob carol; do
	as_ "$who" 'verified=[a-z]* [a-z]*\|initiator=[^ ]*\|key_id=0x[0-9a-f]*' ksrtpctl mikey decode \
		--sdp offer.sdp --gmk-file "$who.gmk" --keys "$who.keys" --kms kms/kms.pub \
		--window 300 --srtp-key-out "$who.srtp" || fail "$who could not open the offer"
done
grep -v '^#' alice.srtp >group.key
for who in bob carol; do
	cmp -s group.key <(grep -v '^#' "$who.srtp") || fail "$who derived another SRTP key than alice"
done
as alice ksrtpctl sa add id 1 dir protect dst $GROUP port $PORT suite $SUITE key-file alice.srtp \
	key-id $GSK_ID || fail "sa add on alice"
for who in bob carol; do
	as "$who" ksrtpctl sa add id 1 dir unprotect dst $GROUP port $PORT suite $SUITE \
		key-file "$who.srtp" key-id $GSK_ID || fail "sa add on $who"
done
as bob ksrtpctl sa show

section "7. Media: plain RTP programs, unchanged"
say "bob and carol run an ordinary RTP receiver (ksrtp-rtpsink: it checks that every payload"
say "matches its header); eve runs the same receiver without an SA, and a wire tap (AF_PACKET)"
say "that gives what it captures to libsrtp2 with the session's SRTP key."
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

section "8. What each receiver got"
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

section "9. The wire: one captured packet, encrypted, then decrypted by libsrtp2"
cat tap.txt
say "${dim}(the 12-octet RTP header stays readable; the payload is encrypted and a 16-octet"
say "AES-GCM tag follows it)${off}"
printf '%slibsrtp2 on the wire tap:%s ' "$bold" "$off"
cat tap.err
# shellcheck disable=SC2154
[ "$rc_tap" = 0 ] && grep -q "^received $COUNT packets: malformed 0 bad-content 0 bad-size 0 failed 0" tap.err ||
	fail "libsrtp2 did not decrypt all $COUNT packets from the wire"

section "10. Per-SA counters"
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
