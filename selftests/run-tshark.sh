#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# selftests/run-tshark.sh - tshark (Wireshark's dissector, an independent MIKEY decoder) reads
# the MIKEY messages libksrtp builds, and the four third-party TS 33.180-style I_MESSAGEs, and
# must show the values we put in. Prints TAP.
#
# Messages (selftests/tshark/gen.c, fixed field values) go into a pcap (selftests/tshark/mkpcap.c)
# as UDP to port 2269 (decoded as MIKEY) and inside SIP INVITEs whose SDP carries them in a
# session-level a=key-mgmt:mikey (RFC 4567).
#
# Limitations of Debian 12's tshark 4.0 that these checks document (our format is not bent to
# them): it does not know the GENERIC-ID CS ID map (RFC 6043), so TS 33.180-style messages with
# it (our "ts33180", third-party T1, T2) are mis-parsed after the HDR or reported malformed; it
# does not know MAC algorithm 2 (HMAC-SHA-256-256, RFC 6043), so it stops inside the KEMAC of
# a PRF-HMAC-SHA-256 MIKEY-PSK message; it shows PRF 1, IDR roles 8/9, AES-GCM SP parameters and
# GENEXT type 7 as unknown values; and it decodes a=key-mgmt only at session level, not in a
# media section.
set -uo pipefail
cd "$(dirname "$0")/.."
out=build/tshark
mkdir -p "$out"
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $*"; }
# eq NAME GOT WANT
eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else notok "$1"; echo "#   got  '$2'"; echo "#   want '$3'"; fi
}

if ! command -v tshark >/dev/null; then
	echo "ok 1 tshark not installed # SKIP"
	exit 0
fi
# A private build directory: the shared build/ is relinked by other builds at any time.
o=$out/o
if ! make -s -j2 O=$o $o/lib/libksrtp.a >"$out/build.log" 2>&1; then
	echo "not ok 1 build libksrtp"; tail -20 "$out/build.log" | sed 's/^/# /'; exit 1
fi
CFLAGS_T="-std=c11 -O1 -Wall -Wextra -Werror -D_GNU_SOURCE -Ilib/include"
if ! cc $CFLAGS_T -o "$out/gen" selftests/tshark/gen.c $o/lib/libksrtp.a -lcrypto -lpthread \
	>"$out/build.log" 2>&1 || ! cc $CFLAGS_T -o "$out/mkpcap" selftests/tshark/mkpcap.c \
	>>"$out/build.log" 2>&1; then
	echo "not ok 1 build the tshark suite's tools"; tail -20 "$out/build.log" | sed 's/^/# /'; exit 1
fi

vec=${KSRTP_VECTORS:-../shared/vectors}/ts33180-mikey-sakke-imessages.txt
if ! "$out/gen" >"$out/msgs.txt"; then
	echo "not ok 1 generate messages"; exit 1
fi
for i in 1 2 3 4; do
	echo "t$i $(sed -n "s/^T${i}_IMESSAGE = //p" "$vec")"
done >>"$out/msgs.txt"
hexof() { sed -n "s/^$1 //p" "$out/msgs.txt"; }
b64of() { python3 -c 'import base64, sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())' "$(hexof "$1")"; }
{
	awk '{ print "udp " $2 }' "$out/msgs.txt"
	echo "sip $(b64of rfc6509)"
	echo "sip $(b64of psk1)"
	echo "sipm $(b64of rfc6509)"
} | "$out/mkpcap" "$out/mikey.pcap" || { echo "not ok 1 write the pcap"; exit 1; }
# frames: 1 rfc6509, 2 resp, 3 ts33180, 4 psk1, 5 psk256, 6..9 t1..t4, 10 SIP rfc6509,
# 11 SIP psk1, 12 SIP with the key-mgmt at media level
cols=(frame.number mikey.type mikey.prf_func mikey.csb_id mikey.cs_count mikey.cs_id_map_type
	mikey.srtp_id.ssrc mikey.t.ts_type mikey.rand.data mikey.id.role mikey.id.type
	mikey.sp.encr_alg mikey.sp.encr_len mikey.sp.auth_alg mikey.sp.salt_len mikey.sp.auth_tag_len
	mikey.sakke.params mikey.sakke.idscheme mikey.sakke.len mikey.sakke.data mikey.sign.type
	mikey.sign.len mikey.sign.data mikey.kemac.encr_alg mikey.kemac.key_data_len
	mikey.kemac.mac_alg mikey.kemac.mac mikey.v.auth_alg mikey.ext.type _ws.malformed)
args=()
for c in "${cols[@]}"; do args+=(-e "$c"); done
tshark -r "$out/mikey.pcap" -T fields -E separator='|' -E occurrence=a -E aggregator=, \
	"${args[@]}" >"$out/fields.txt" 2>"$out/tshark.err"
declare -A F
while IFS='|' read -r -a v; do
	for i in "${!cols[@]}"; do F[${v[0]},${cols[$i]}]=${v[$i]:-}; done
done <"$out/fields.txt"
f() { echo "${F[$1,$2]:-}"; }
# frame N has no "Malformed" and no error-level expert information
clean() {
	local v
	v=$(tshark -r "$out/mikey.pcap" -V -Y "frame.number == $1" 2>/dev/null)
	if echo "$v" | grep -q "Multimedia Internet KEYing" &&
		! echo "$v" | grep -qiE "malformed|Expert Info \(Error"; then
		ok "$2: tshark decodes it as MIKEY without errors"
	else
		notok "$2: tshark decodes it as MIKEY without errors"
		echo "$v" | grep -iE "malformed|Expert Info" | head -5 | sed 's/^/#   /'
	fi
}
lc() { tr 'A-F' 'a-f'; }
tail_hex() { hexof "$1" | tail -c $(($2 * 2 + 1)) | lc; }

eq "pcap holds 12 frames" "$(wc -l <"$out/fields.txt")" 12

# 1: MIKEY-SAKKE I_MESSAGE, RFC 6509 style
clean 1 "rfc6509 I_MESSAGE"
eq "rfc6509: data type SAKKE (26)" "$(f 1 mikey.type)" 26
eq "rfc6509: PRF MIKEY-1" "$(f 1 mikey.prf_func)" 0
eq "rfc6509: CSB ID" "$(f 1 mikey.csb_id)" 0x12345678
eq "rfc6509: SRTP-ID map, 2 CS" "$(f 1 mikey.cs_id_map_type)/$(f 1 mikey.cs_count)" 0/2
eq "rfc6509: SSRCs" "$(f 1 mikey.srtp_id.ssrc)" 0x11223344,0x55667788
eq "rfc6509: T is NTP-UTC" "$(f 1 mikey.t.ts_type)" 0
eq "rfc6509: RAND" "$(f 1 mikey.rand.data)" a0a1a2a3a4a5a6a7a8a9aaabacadaeaf
eq "rfc6509: IDR roles IDRi IDRr IDRkmsi IDRkmsr" "$(f 1 mikey.id.role)" 1,2,6,7
eq "rfc6509: IDR types URI" "$(f 1 mikey.id.type)" 1,1,1,1
eq "rfc6509: IDR values" "$(tshark -r "$out/mikey.pcap" -Y 'frame.number==1' -T fields \
	-E occurrence=a -E aggregator=, -e mikey.id.data 2>/dev/null)" \
	"tel:+447700900123,tel:+447700900456,kms.example.org,kms.example.org"
eq "rfc6509: SP AES-CM/16, HMAC-SHA-1, salt 14, tag 10" \
	"$(f 1 mikey.sp.encr_alg)/$(f 1 mikey.sp.encr_len)/$(f 1 mikey.sp.auth_alg)/$(f 1 mikey.sp.salt_len)/$(f 1 mikey.sp.auth_tag_len)" \
	1/16/1/14/10
eq "rfc6509: SAKKE params 1, ID scheme 1 (tel URI, monthly keys)" \
	"$(f 1 mikey.sakke.params)/$(f 1 mikey.sakke.idscheme)" 1/1
eq "rfc6509: SAKKE data 273 octets" "$(f 1 mikey.sakke.len)" 273
eq "rfc6509: SIGN type ECCSI, 129 octets" "$(f 1 mikey.sign.type)/$(f 1 mikey.sign.len)" 2/129
eq "rfc6509: signature bytes" "$(f 1 mikey.sign.data | lc)" "$(tail_hex rfc6509 129)"

# 2: the verification message
clean 2 "verification message"
eq "resp: data type 1 (verify)" "$(f 2 mikey.type)" 1
eq "resp: same CSB ID" "$(f 2 mikey.csb_id)" 0x12345678
eq "resp: V payload HMAC-SHA-1" "$(f 2 mikey.v.auth_alg)" 1

# 3: TS 33.180 style with the GENERIC-ID map: HDR only (tshark 4.0 does not know the map)
eq "ts33180: data type 26" "$(f 3 mikey.type)" 26
eq "ts33180: PRF 1 (HMAC-SHA-256)" "$(f 3 mikey.prf_func)" 1
eq "ts33180: CS ID map type GENERIC-ID (2)" "$(f 3 mikey.cs_id_map_type)" 2
eq "ts33180: CSB ID is the GUK-ID" "0x$(hexof ts33180 | cut -c9-16)" "$(f 3 mikey.csb_id)"
if [ "$(f 3 mikey.sign.type)" != 2 ] || [ -n "$(f 3 mikey.rand.data)" ]; then
	ok "ts33180: tshark 4.0 mis-parses after the GENERIC-ID map (known limitation)"
else
	notok "ts33180: tshark now parses the GENERIC-ID map: extend these checks"
fi

# 4: MIKEY-PSK, MIKEY-1 PRF, signed
clean 4 "psk1 MIKEY-PSK"
eq "psk1: data type PSK init (0)" "$(f 4 mikey.type)" 0
eq "psk1: CSB ID" "$(f 4 mikey.csb_id)" 0x76543210
eq "psk1: IDR roles IDRi IDRpsk" "$(f 4 mikey.id.role)" 1,4
eq "psk1: IDRpsk is a byte string" "$(f 4 mikey.id.type)" 1,2
eq "psk1: KEMAC AES-CM-128, HMAC-SHA-1-160" \
	"$(f 4 mikey.kemac.encr_alg)/$(f 4 mikey.kemac.mac_alg)" 1/1
eq "psk1: KEMAC encrypted key data 41 octets (TGK+SALT 16+14, SPI 4)" "$(f 4 mikey.kemac.key_data_len)" 41
psk1=$(hexof psk1 | lc)
mac=$(f 4 mikey.kemac.mac | lc)
eq "psk1: MAC bytes" "$mac" "${psk1:$((${#psk1} - 2 * (129 + 2 + 20))):40}"
eq "psk1: SIGN ECCSI" "$(f 4 mikey.sign.type)/$(f 4 mikey.sign.len)" 2/129
eq "psk1: signature bytes" "$(f 4 mikey.sign.data | lc)" "$(tail_hex psk1 129)"

# 5: MIKEY-PSK with PRF-HMAC-SHA-256: tshark stops at MAC algorithm 2
eq "psk256: data type 0, PRF 1" "$(f 5 mikey.type)/$(f 5 mikey.prf_func)" 0/1
eq "psk256: KEMAC AES-CM-128, MAC alg 2 (HMAC-SHA-256-256)" \
	"$(f 5 mikey.kemac.encr_alg)/$(f 5 mikey.kemac.mac_alg)" 1/2

# 6..9: the third-party messages
eq "T1: data type 26, GENERIC-ID map" "$(f 6 mikey.type)/$(f 6 mikey.cs_id_map_type)" 26/2
eq "T1: CSB ID (GUK-ID)" "$(f 6 mikey.csb_id)" 0x06a12aea
eq "T1: tshark 4.0 reports it malformed (GENERIC-ID, known limitation)" \
	"$([ -n "$(f 6 _ws.malformed)" ] && echo yes)" yes
eq "T2: data type 26, GENERIC-ID map, CSB ID" \
	"$(f 7 mikey.type)/$(f 7 mikey.cs_id_map_type)/$(f 7 mikey.csb_id)" 26/2/0x2ddd5bf0
for i in 3 4; do
	fr=$((i + 5))
	clean $fr "T$i"
	eq "T$i: data type 26, PRF 1" "$(f $fr mikey.type)/$(f $fr mikey.prf_func)" 26/1
	eq "T$i: IDR roles 8 9 6 7" "$(f $fr mikey.id.role)" 8,9,6,7
	eq "T$i: SAKKE params 1, ID scheme 2, 273 octets" \
		"$(f $fr mikey.sakke.params)/$(f $fr mikey.sakke.idscheme)/$(f $fr mikey.sakke.len)" 1/2/273
	eq "T$i: SAKKE data" "$(f $fr mikey.sakke.data | lc)" \
		"$(sed -n "s/^T${i}_SED = //p" "$vec" | lc)"
	eq "T$i: GENEXT type 7" "$(f $fr mikey.ext.type)" 7
	eq "T$i: SIGN ECCSI 129" "$(f $fr mikey.sign.type)/$(f $fr mikey.sign.len)" 2/129
	eq "T$i: signature bytes" "$(f $fr mikey.sign.data | lc)" \
		"$(sed -n "s/^T${i}_SIG = //p" "$vec" | lc)"
done
eq "T3: empty CS ID map, CSB ID = PCK-ID" "$(f 8 mikey.cs_id_map_type)/$(f 8 mikey.csb_id)" 1/0x16992638
eq "T4: SRTP-ID map with 2 CS" "$(f 9 mikey.cs_id_map_type)/$(f 9 mikey.cs_count)" 0/2

# 10..12: inside SIP/SDP
clean 10 "SIP INVITE with the rfc6509 I_MESSAGE in a=key-mgmt"
eq "SDP rfc6509: same message" \
	"$(f 10 mikey.type)/$(f 10 mikey.csb_id)/$(f 10 mikey.sign.data | lc)" \
	"26/0x12345678/$(tail_hex rfc6509 129)"
clean 11 "SIP INVITE with the psk1 MIKEY-PSK in a=key-mgmt"
eq "SDP psk1: same message" "$(f 11 mikey.type)/$(f 11 mikey.kemac.mac | lc)" "0/$mac"
eq "SDP media-level key-mgmt: not decoded by tshark 4.0 (known limitation)" \
	"$(f 12 mikey.type)" ""

# ---- ksrtpctl mikey: the command line on the same messages and on key files -------------
# (skipped when ksrtpctl or ksrtp-kms do not build: the build suite reports that)
if ! make -s -j2 O=$o $o/ksrtpctl $o/tools/ksrtp-kms >"$out/ctl-build.log" 2>&1; then
	n=$((n + 1)); echo "ok $n ksrtpctl mikey checks # SKIP ksrtpctl/ksrtp-kms do not build"
else
	d=$out/ctl
	rm -rf "$d"; mkdir -p "$d"
	C=$o/ksrtpctl K=$o/tools/ksrtp-kms
	x=selftests/fuzz/corpus/kms_xml
	$K import $x/cert-thirdparty.xml -o "$d/sw.pub" >/dev/null 2>&1 &&
		$K import $x/keyset-thirdparty-alice.xml --kms $x/cert-thirdparty.xml -o "$d/alice.keys" >/dev/null 2>&1 &&
		$K import $x/keyset-thirdparty-gms.xml --kms $x/cert-thirdparty.xml -o "$d/gms.keys" >/dev/null 2>&1
	eq "ksrtpctl: third-party KMS and key sets import" "$?" 0
	r=$($C mikey decode --hex "$(hexof t1)" --keys "$d/alice.keys" --kms "$d/sw.pub" 2>&1 | grep '^RESULT')
	eq "ksrtpctl: T1 verified, GMK and GMK-ID" \
		"$(echo "$r" | grep -o 'verified=signature ok\|key_id=0x[0-9a-f]*\|key=[0-9a-f]*' | tr '\n' ' ')" \
		"verified=signature ok key_id=0x0df9bc39 key=07d1a1677ac36d8e81620484689b3c2d "
	r=$($C mikey decode -j --base64 "$(b64of t2)" --keys "$d/gms.keys" --kms "$d/sw.pub" 2>&1)
	eq "ksrtpctl: T2 (base64, JSON) CSK and CSK-ID" \
		"$(echo "$r" | grep -o '"key_id":"[0-9a-f]*"\|"key":"[0-9a-f]*"' | tr '\n' ' ')" \
		'"key_id":"2ddd5bf0" "key":"e06e65106183547342d3e8a6ce2540a8" '
	if command -v python3 >/dev/null; then
		echo "$r" | python3 -m json.tool >/dev/null 2>&1
		eq "ksrtpctl: JSON output is valid JSON" "$?" 0
	fi
	$C mikey decode --hex "$(hexof t1)" --keys "$d/gms.keys" --kms "$d/sw.pub" >/dev/null 2>"$d/err"
	eq "ksrtpctl: T1 with the wrong key set refused (exit 1, clear error)" \
		"$?/$(grep -c 'another identity' "$d/err")" 1/1
	$C mikey decode --hex "$(hexof t1)" --keys "$d/alice.keys" --kms "$d/sw.pub" --window 300 \
		>/dev/null 2>"$d/err"
	eq "ksrtpctl: T1 (2025) is stale today with --window 300" "$?/$(grep -c window "$d/err")" 1/1
	$C mikey decode --hex "$(hexof t1)" --keys "$d/alice.keys" --kms "$d/sw.pub" --window 300 \
		--at 1759448900 >/dev/null 2>&1
	eq "ksrtpctl: T1 is fresh at its own time (--at)" "$?" 0
	$C mikey decode --hex "$(hexof t1 | cut -c1-200)" >/dev/null 2>"$d/err"
	eq "ksrtpctl: truncated message refused" "$?/$(grep -c truncated "$d/err")" 1/1
	# our own KMS, both identity styles: encode, then decode with the receiver's key set
	for fmt in 3gpp rfc6509; do
		$K init "$d/kms-$fmt" --uri kms.example.org --id-format $fmt >/dev/null 2>&1 &&
			$K provision "$d/kms-$fmt" sip:gms@example.org -o "$d/gms-$fmt.keys" >/dev/null 2>&1 &&
			$K provision "$d/kms-$fmt" sip:user@example.org -o "$d/user-$fmt.keys" >/dev/null 2>&1
		echo 00112233445566778899aabbccddeeff >"$d/gmk.hex"
		$C mikey encode imessage --keys "$d/gms-$fmt.keys" --to sip:user@example.org \
			--key-file "$d/gmk.hex" --key-id 0x0abcdef1 --guk-id --sdp >"$d/m-$fmt.sdp" 2>"$d/err"
		eq "ksrtpctl: encode imessage ($fmt) as an SDP attribute" \
			"$?/$(cut -c1-16 "$d/m-$fmt.sdp")" "0/a=key-mgmt:mikey"
		r=$($C mikey decode --base64 "$(cut -d' ' -f2 "$d/m-$fmt.sdp")" \
			--keys "$d/user-$fmt.keys" --kms "$d/kms-$fmt/kms.pub" 2>&1 | grep '^RESULT')
		eq "ksrtpctl: decode imessage ($fmt): GMK and GMK-ID back" \
			"$(echo "$r" | grep -o 'key_id=0x[0-9a-f]*\|key=[0-9a-f]*' | tr '\n' ' ')" \
			"key_id=0x0abcdef1 key=00112233445566778899aabbccddeeff "
	done
	echo a0a1a2a3a4a5a6a7a8a9aaabacadaeaf >"$d/gsk.hex"
	echo 505152535455565758595a5b5c5d >"$d/salt.hex"
	$C mikey encode psk --gmk-file "$d/gmk.hex" --gmk-id 0x0abcdef1 --gsk-file "$d/gsk.hex" \
		--salt-file "$d/salt.hex" --gsk-id 7 --prf 0 --out "$d/psk.bin" 2>"$d/err"
	eq "ksrtpctl: encode psk (binary)" "$?" 0
	r=$($C mikey decode --file "$d/psk.bin" --gmk-file "$d/gmk.hex" 2>&1 | grep '^RESULT')
	eq "ksrtpctl: decode psk: GSK, salt and GSK-ID back" \
		"$(echo "$r" | grep -o 'key_id=0x[0-9a-f]*\|key=[0-9a-f]*\|salt=[0-9a-f]*' | tr '\n' ' ')" \
		"key_id=0x00000007 key=a0a1a2a3a4a5a6a7a8a9aaabacadaeaf salt=505152535455565758595a5b5c5d "
	echo ffffffffffffffffffffffffffffffff >"$d/bad.hex"
	$C mikey decode --file "$d/psk.bin" --gmk-file "$d/bad.hex" >/dev/null 2>"$d/err"
	eq "ksrtpctl: decode psk with another GMK: bad MAC" "$?/$(grep -c 'MAC does not verify' "$d/err")" 1/1
	$C mikey encode imessage --keys "$d/gms-3gpp.keys" --to sip:user@example.org >/dev/null 2>&1
	eq "ksrtpctl: encode without a key file is a usage error" "$?" 2
	# keys out of messages: the GMK of an I_MESSAGE, and the SRTP key of a signed group-call
	# offer, checked against the RFC 3830 PRF written independently in Python
	$C mikey encode imessage --keys "$d/gms-3gpp.keys" --to sip:user@example.org \
		--key-file "$d/gmk.hex" --key-id 0x0abcdef1 --guk-id --out "$d/u.imsg" 2>"$d/err" &&
		$C mikey decode --file "$d/u.imsg" --keys "$d/user-3gpp.keys" \
			--kms "$d/kms-3gpp/kms.pub" --key-out "$d/u.gmk" >/dev/null 2>>"$d/err"
	eq "ksrtpctl: decode --key-out writes the GMK, mode 0600" \
		"$?/$(cat "$d/u.gmk" 2>/dev/null)/$(stat -c %a "$d/u.gmk" 2>/dev/null)" \
		"0/00112233445566778899aabbccddeeff/600"
	$C mikey decode --file "$d/u.imsg" --keys "$d/user-3gpp.keys" --kms "$d/kms-3gpp/kms.pub" \
		--key-out "$d/u.gmk" >/dev/null 2>"$d/err"
	eq "ksrtpctl: --key-out never overwrites a file" "$?/$(grep -c 'never overwritten' "$d/err")" 1/1
	$C mikey encode psk --gmk-file "$d/u.gmk" --gmk-id 0x0abcdef1 --gsk-file "$d/gsk.hex" \
		--gsk-id 0x6b6b6b01 --keys "$d/gms-3gpp.keys" --suite AEAD_AES_128_GCM --sdp \
		>"$d/offer.attr" 2>"$d/err"
	printf 'v=0\r\no=gms 1 1 IN IP4 10.0.0.1\r\ns=group call\r\nc=IN IP4 239.1.1.1/16\r\nt=0 0\r\nm=audio 5004 RTP/SAVP 0\r\n%s\r\n' \
		"$(cat "$d/offer.attr")" >"$d/offer.sdp"
	r=$($C mikey decode --sdp "$d/offer.sdp" --gmk-file "$d/u.gmk" --keys "$d/user-3gpp.keys" \
		--kms "$d/kms-3gpp/kms.pub" --srtp-key-out "$d/u.srtp" 2>&1 | grep '^RESULT')
	eq "ksrtpctl: signed group-call offer (SP for AEAD_AES_128_GCM) verified" \
		"$(echo "$r" | grep -o 'verified=signature ok\|key_id=0x[0-9a-f]*' | tr '\n' ' ')" \
		"verified=signature ok key_id=0x6b6b6b01 "
	want=$($C mikey decode -j --sdp "$d/offer.sdp" 2>/dev/null | python3 -c '
import hashlib, hmac, json, math, sys
d = json.load(sys.stdin)
hdr = d["payloads"][0]
rand = next(bytes.fromhex(p["rand"]) for p in d["payloads"] if "rand" in p)
tgk = bytes.fromhex(open(sys.argv[1]).read().strip())
h = hashlib.sha256 if hdr["prf"] == 1 else hashlib.sha1
def prf(key, label, n):  # RFC 3830 4.1.2 (RFC 6043 6.1 for SHA-256), key of at most 256 bits
    a, out = label, b""
    while len(out) < n:
        a = hmac.new(key, a, h).digest()
        out += hmac.new(key, a + label, h).digest()
    return out[:n]
lab = lambda c: c.to_bytes(4, "big") + bytes([0]) + int(hdr["csb_id"], 16).to_bytes(4, "big") + rand
print(prf(tgk, lab(0x2AD01C64), 16).hex(), prf(tgk, lab(0x39A2C14B), 12).hex())' "$d/gsk.hex")
	eq "ksrtpctl: --srtp-key-out: master key and salt as the RFC 3830 PRF gives them, mode 0600" \
		"$(grep -v '^#' "$d/u.srtp" 2>/dev/null)/$(stat -c %a "$d/u.srtp" 2>/dev/null)" "$want/600"
	$C mikey decode --sdp "$d/offer.sdp" --gmk-file "$d/u.gmk" --keys "$d/user-3gpp.keys" \
		--kms "$d/kms-3gpp/kms.pub" --suite AES_CM_128_HMAC_SHA1_80 --srtp-key-out "$d/v.srtp" \
		>/dev/null 2>"$d/err"
	eq "ksrtpctl: --suite contradicting the message's SRTP policy refused" \
		"$?/$(grep -c 'differs from' "$d/err")" 1/1
fi

echo "1..$n"
[ "$fail" -eq 0 ]
