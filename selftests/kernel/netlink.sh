#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ksrtp's generic netlink interface through ksrtpctl and raw requests (ksrtp-nlbad): info, SA
# add/replace/show/del/flush, keys never read back, key slots, invalid attributes refused with
# an extended-ack message, EPERM without CAP_NET_ADMIN, namespace isolation, and 10,000 SAs
# added in one batch, dumped completely and flushed.
# ksrtpvm-timeout: 300
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}

have_ksrtpctl || skip_all "ksrtpctl is not built"
NLBAD_CASES=$(ksrtp-nlbad list 2>/dev/null | wc -l)
ktap_plan $((45 + NLBAD_CASES))

ksrtp_load || ktap_bail "cannot load ksrtp"
netns_create 2

K80=E1F97A0D3E018BE0D64FA32C06DE4139
S80=0EC675AD498AFEEBB6960B3AABE6
echo "$K80 $S80" >cm.key
echo "000102030405060708090a0b0c0d0e0f a0a1a2a3a4a5a6a7a8a9aaab" >gcm128.key
printf '# RFC 4568 form, with lifetime and MKI\ninline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|7:2\n' >inline.key
echo "$K80 0EC675AD498AFEEBB6960B3AABE6" >next.key
echo "E1F97A0D3E018BE0D64FA32C06DE41 $S80" >short.key

c() { n0 ksrtpctl "$@"; }
c1() { n1 ksrtpctl "$@"; }
sh_() { eval "$1"; } # a pipeline in this shell, with c/c1/n0 available
now() { cut -d' ' -f1 /proc/uptime; }

# ---- info ----------------------------------------------------------------------------------
check_output "info: module version and self-test passed" "self-test: +passed" c info
check_output "info: four suites with cipher drivers" \
	"AEAD_AES_256_GCM +cipher [^ ]*gcm" c info
check_output "info -j: JSON with selftest_passed and suites" \
	'"selftest_passed":true.*"suites":\[\{"name":"AES_CM_128_HMAC_SHA1_80"' c -j info
check_output "info: 0 SAs in a new namespace" '"num_sas":0' c -j info

# ---- add, show, replace, delete ------------------------------------------------------------
check "sa add protect AES_CM_128_HMAC_SHA1_80" \
	c sa add id 1 dir protect dst 239.1.1.1 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file cm.key key-id 77
check_output "sa show: selector, suite and crypto driver" \
	"sa 1 protect 239.1.1.1 port 5004" c sa show id 1
check_output "sa show: current key with its key-id" "key current key-id 77" c sa show id 1
check_output "sa show -j: cipher and auth drivers" \
	'"cipher_driver":"[^"]+".*"auth_driver":"[^"]*sha1' c -j sa show id 1
check_fail "sa show never returns key material" \
	sh_ "c -j sa show | grep -qi -e $K80 -e $S80"
check_output "sa add with an existing id fails with EEXIST" "exists" \
	sh_ "! c sa add id 1 dir protect dst 239.1.1.2 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file cm.key 2>&1"
check "sa add ... replace updates the SA" \
	c sa add id 1 dir protect dst 239.1.1.2 port 5006 suite AES_CM_128_HMAC_SHA1_80 key-file cm.key key-id 77 replace
check_output "replaced selector shown" "sa 1 protect 239.1.1.2 port 5006" c sa show id 1
check_output "sa add id 0: the kernel chooses and prints the id" "^id [1-9][0-9]*$" \
	c sa add dir unprotect dst 10.0.0.1 port 6000 suite AEAD_AES_128_GCM key-file gcm128.key
check "sa add IPv6, ssrc, source, sport, options" \
	c sa add id 3 dir unprotect dst ff0e::1:3 port 5008 src fd00::1 sport 7000 ssrc 0x1234 \
	suite AEAD_AES_128_GCM key-file gcm128.key replay-window 1024 roc 3 rtcp mux max-streams 10 \
	idle 60 lifetime soft-packets 1000 hard-packets 2000 soft-seconds 30 hard-seconds 60
check_output "IPv6 SA shown with its parameters" \
	"replay-window 1024 roc 3 .*rtcp mux max-streams 10 idle 60" c sa show id 3
check_output "lifetimes shown" \
	"lifetime soft-packets 1000 hard-packets 2000 soft-seconds 30 hard-seconds 60" c sa show id 3
check "sa add with an RFC 4568 inline key (MKI 7, 2 octets, lifetime 2^20)" \
	c sa add id 4 dir unprotect dst 10.0.0.4 port 5004 suite AES_CM_128_HMAC_SHA1_32 key-file inline.key
check_output "inline key: mki-len 2, MKI 0007, hard lifetime 1048576" \
	"mki-len 2.*hard-packets 1048576.*key current( key-id [0-9]+)? mki 0007" sh_ "c sa show id 4 | tr '\n' ' '"
check_output "key from stdin (key-file -)" "sa 5 protect" \
	sh_ "c sa add id 5 dir protect dst 10.0.0.5 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file - <cm.key && c sa show id 5"
check_output "a key of the wrong length is refused with the file and line" \
	"short.key, line 1: master key length" \
	sh_ "! c sa add id 6 dir protect dst 10.0.0.6 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file short.key 2>&1"
check_output "keys on the command line are refused" "never given on the command line" \
	sh_ "! c sa add id 6 dir protect dst 10.0.0.6 port 5004 suite AES_CM_128_HMAC_SHA1_80 key $K80 2>&1"

# ---- key slots -----------------------------------------------------------------------------
check "sa key set next" c sa key set id 1 slot next key-file next.key key-id 78
check_output "both key slots shown" "key current key-id 77.*key next key-id 78" \
	sh_ "c sa show id 1 | tr '\n' ' '"
check "sa key swap" c sa key swap id 1
check_output "after the swap: current is key-id 78, no next" "key current key-id 78" c sa show id 1
check_fail "no next key left after the swap" \
	sh_ "c sa show id 1 | grep -q 'key next'"
check "sa key set next, then sa key del" \
	sh_ "c sa key set id 1 slot next key-file next.key && c sa key del id 1"

# ---- errors --------------------------------------------------------------------------------
check_output "sa del of a missing SA fails clearly" "sa del \(SA 999\)" \
	sh_ "! c sa del id 999 2>&1"
check_output "sa show of a missing SA fails clearly" "SA 999" \
	sh_ "! c sa show id 999 2>&1"
for k in $(ksrtp-nlbad list); do
	check_output "raw request '$k' refused with an extack message" \
		"^rejected: E[A-Z]+ \([0-9]+\): [^(]" n0 ksrtp-nlbad "$k"
done

# ---- permissions -----------------------------------------------------------------------------
check_output "sa show without CAP_NET_ADMIN: EPERM and a hint" "CAP_NET_ADMIN" \
	sh_ "! n0 ksrtp-dropcap ksrtpctl sa show 2>&1"
check_output "sa add without CAP_NET_ADMIN: EPERM" "Operation not permitted" \
	sh_ "! n0 ksrtp-dropcap ksrtpctl sa add id 9 dir protect dst 10.0.0.9 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file cm.key 2>&1"
check_output "flush without CAP_NET_ADMIN: EPERM" "Operation not permitted" \
	sh_ "! n0 ksrtp-dropcap ksrtpctl sa flush 2>&1"
check_output "the SAs are still there" "sa 1 protect" c sa show id 1

# ---- namespaces ----------------------------------------------------------------------------
check_output "another namespace sees none of these SAs" '^\[\]$' c1 -j sa show
check "flush in the other namespace" c1 sa flush
check_output "... leaves this namespace's SAs alone" '"num_sas":5' c -j info
check "same id in the other namespace is independent" \
	c1 sa add id 1 dir unprotect dst 10.9.9.9 port 5004 suite AES_CM_128_HMAC_SHA1_80 key-file cm.key
check_output "sa flush dir unprotect removes only unprotect SAs" '"num_sas":2' \
	sh_ "c sa flush dir unprotect && c -j info"
check_output "sa flush removes the rest" '^\[\]$' \
	sh_ "c sa flush && c -j sa show"

# ---- 10,000 SAs -----------------------------------------------------------------------------
for ((i = 1; i <= 10000; i++)); do
	echo "sa add id $i dir protect dst 239.2.$((i / 250)).$((i % 250 + 1)) port $((5000 + i % 2 * 2)) suite AES_CM_128_HMAC_SHA1_80 key-file cm.key"
done >batch.txt
t0=$(now)
check "batch: 10,000 SAs added on one socket (ksrtpctl -b)" c -b batch.txt
t1=$(now)
ktap_diag "10,000 SAs added in $(awk "BEGIN { print $t1 - $t0 }") s"
check_output "info counts 10,000 SAs" '"num_sas":10000' c -j info
check_output "the dump returns all 10,000 (text)" "^10000$" \
	sh_ "c sa show | grep -c '^sa '"
check_output "the dump returns all 10,000 distinct ids (JSON)" "^10000$" \
	sh_ "c -j sa show | grep -o '\"id\":[0-9]*' | sort -u | wc -l"
t0=$(now)
check_output "flush removes all 10,000" '"num_sas":0' \
	sh_ "c sa flush && c -j info"
t1=$(now)
ktap_diag "10,000 SAs flushed in $(awk "BEGIN { print $t1 - $t0 }") s"
check_output "a failing batch line is reported with file and line" "batch2.txt:2: " \
	sh_ "printf 'info\nsa del id 12345\n' >batch2.txt; ! c -b batch2.txt 2>&1 >/dev/null"

ktap_finish
