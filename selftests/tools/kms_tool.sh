#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# selftests/tools/kms_tool.sh [san|valgrind|plain] - exercise ksrtp-kms end to end; prints TAP.
#   KSRTP_KMS_BIN=path uses a prebuilt ksrtp-kms instead of building one.
#   san:      the ASan+UBSan build (build/san/tools/ksrtp-kms)
#   valgrind: the plain build, every run under valgrind memcheck (errors and leaks fail)
#   plain:    the plain build
set -uo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-plain}
if [ -n "${KSRTP_KMS_BIN:-}" ]; then bin=$KSRTP_KMS_BIN # a prebuilt tool
else case "$mode" in
san) make -s SAN=1 build/san/tools/ksrtp-kms >&2 || { echo "not ok 1 build ksrtp-kms (SAN=1)"; exit 1; }
     bin=$PWD/build/san/tools/ksrtp-kms ;;
valgrind|plain) make -s build/tools/ksrtp-kms >&2 || { echo "not ok 1 build ksrtp-kms"; exit 1; }
     bin=$PWD/build/tools/ksrtp-kms ;;
*) echo "usage: $0 san|valgrind|plain" >&2; exit 2 ;;
esac; fi
corpus=$PWD/selftests/fuzz/corpus/kms_xml
tmp=$(mktemp -d /tmp/ksrtp-kms-tool.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

n=0 failed=0 vg=0
# valgrind mode: only the commands run through vgexpect go under valgrind (each valgrind run
# of the tool costs 5-15 s); they cover every code path kind (KMS, files, XML, SAKKE, ECCSI).
kms() {
	if [ "$mode" = valgrind ] && [ "$vg" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
			"$bin" "$@"
	else
		"$bin" "$@"
	fi
}
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
# expect RC 'message part' CMD...: exit status RC and stdout+stderr containing the message
expect() {
	local want=$1 msg=$2 name=$3; shift 3
	local out rc
	out=$(kms "$@" 2>&1); rc=$?
	if [ "$rc" -eq "$want" ] && grep -qF -- "$msg" <<<"$out"; then ok 0 "$name"
	else ok 1 "$name"; echo "# exit $rc (want $want), output:"; sed 's/^/#   /' <<<"$out"; fi
}
vgexpect() { vg=1; expect "$@"; vg=0; }
mode_of() { stat -c %a "$1"; }

T0=1790000000 # 2026-09-21T14:13:20Z
expect 0 "provision DIR USER_URI" "--help lists the commands" --help
expect 2 "unknown command" "unknown command: usage error (2)" frobnicate
expect 2 "init needs DIR" "init without --uri: usage error (2)" init k
expect 0 "KMS kms.example.org created" "init a KMS (3gpp, 1-day periods)" \
	init k --uri kms.example.org --period 86400 --offset 3600
ok $([ "$(mode_of k/kms.secret)" = 600 ] && [ "$(mode_of k)" = 700 ]; echo $?) "kms.secret 0600, directory 0700"
expect 1 "already exists" "init again refuses" init k --uri kms.example.org
vgexpect 0 "key set of sip:alice@example.org" "provision alice at T0" \
	provision k sip:alice@example.org --time $T0 -o alice.keys
ok $([ "$(mode_of alice.keys)" = 600 ]; echo $?) "alice.keys is 0600"
vgexpect 0 "OK: key set of sip:alice@example.org" "verify alice at T0" verify alice.keys --kms k --time $T0
expect 0 "OK" "verify against kms.pub" verify alice.keys --kms k/kms.pub --time $T0
expect 1 "not valid yet" "verify a day before: not valid yet" verify alice.keys --kms k --time $((T0 - 86400))
expect 1 "expired" "verify a day after: expired" verify alice.keys --kms k --time $((T0 + 86400))
expect 0 "SSK and RSK hidden" "show hides the secrets" show alice.keys
out=$(kms show alice.keys --secrets 2>&1); ok $(grep -q '^SSK = [0-9A-F]\{64\}$' <<<"$out"; echo $?) "show --secrets prints the SSK"
expect 0 "kind:       KMS (with secrets)" "show a KMS directory" show k

# damaged files
sed 's/^ssk: \(.\)/ssk: f/; s/^ssk: ff/ssk: 0f/' alice.keys >corrupt.keys
cmp -s alice.keys corrupt.keys && sed -i 's/^ssk: f/ssk: 0/' corrupt.keys
vgexpect 1 "corrupt" "a changed digit: corrupt" verify corrupt.keys --kms k --time $T0
head -c 1000 alice.keys >trunc.keys
expect 1 "truncated" "a truncated key set: truncated" verify trunc.keys --kms k --time $T0
expect 1 "not a ksrtp key file of the expected kind" "kms.pub as a key set: wrong kind" \
	verify k/kms.pub --kms k --time $T0
expect 0 "created" "a second KMS, same URI" init k2 --uri kms.example.org --period 86400 --offset 3600
expect 1 "another KMS" "alice against the second KMS: wrong KMS" verify alice.keys --kms k2 --time $T0

# XML round trip
expect 0 "" "export the KMS certificate (XML)" export k --xml -o cert.xml
ok $(grep -q '<PubAuthKey>' cert.xml && grep -q '<UserKeyPeriod>86400</UserKeyPeriod>' cert.xml; echo $?) \
	"certificate has PubAuthKey and UserKeyPeriod"
vgexpect 0 "" "export alice's KmsKeySet (XML)" export alice.keys --xml -o alice.xml
expect 0 "key set of sip:alice@example.org" "import the KmsKeySet with the certificate" \
	import alice.xml --kms cert.xml -o alice2.keys
expect 0 "OK" "the imported key set verifies" verify alice2.keys --kms cert.xml --time $T0
ok $(kms export alice.keys >a.hex 2>&1 && kms export alice2.keys >b.hex 2>&1 && cmp -s a.hex b.hex; echo $?) \
	"imported key set = original (raw hex export)"
expect 1 "needs the KMS certificate" "a KmsKeySet without --kms" import alice.xml -o x.keys
expect 0 "KMS kms.example.org (public)" "import the certificate alone" import cert.xml -o cert.pub

# raw hex import
rsk=$(sed -n 's/^RSK = //p' a.hex); ssk=$(sed -n 's/^SSK = //p' a.hex); pvt=$(sed -n 's/^PVT = //p' a.hex)
pno=$(kms show alice.keys | sed -n 's/^period-no: *//p')
expect 0 "key set of sip:alice@example.org" "import --hex (raw values)" import --hex --kms k \
	--user sip:alice@example.org --period-no "$pno" --rsk "$rsk" --ssk "$ssk" --pvt "$pvt" -o alice3.keys
expect 1 "RFC 6508 6.1.2" "import --hex with another user's keys refused" import --hex --kms k \
	--user sip:bob@example.org --period-no "$pno" --rsk "$rsk" --ssk "$ssk" --pvt "$pvt" -o bob.keys

# third-party KMS documents (TS 33.180 KmsResponse)
vgexpect 0 "key set of sip:alice@streamwide.com, key period 236" "import a third-party KmsKeySet" \
	import "$corpus/keyset-thirdparty-alice.xml" --kms "$corpus/cert-thirdparty.xml" -o sw-alice.keys
expect 0 "OK" "the third-party key set validates (RSK, SSK/PVT)" \
	verify sw-alice.keys --kms "$corpus/cert-thirdparty.xml" --time any
expect 1 "encrypted" "encrypted keys refused" import "$corpus/encrypted.xml" --kms "$corpus/cert-thirdparty.xml" -o x.keys

# rotation and revocation
expect 0 "key period $((pno + 1))" "rotate alice to the next period" rotate k alice.keys -o alice-next.keys
expect 0 "OK" "the rotated key set is valid a day later" verify alice-next.keys --kms k --time $((T0 + 86400))
expect 0 "revoked" "revoke alice" revoke k sip:alice@example.org
expect 1 "revoked" "alice's key set: revoked" verify alice.keys --kms k --time $T0
expect 1 "revoked" "provisioning alice again: revoked" provision k sip:alice@example.org -o y.keys
expect 0 "key set of sip:bob@example.org" "bob is not affected" provision k sip:bob@example.org --time $T0 -o bob.keys

# RFC 6509 identities: RFC 6507 Appendix A's ID for tel:+447700900123 in 2011-02
expect 0 "rfc6509 identities" "init an RFC 6509-format KMS" init r --uri kms.example.org --id-format rfc6509
expect 0 "2011-02-01T00:00:00Z .. 2011-02-28T23:59:59Z" "provision for February 2011" \
	provision r tel:+447700900123 --time 1297728000 -o tel.keys
expect 0 "identity = 323031312D30320074656C3A2B34343737303039303031323300" \
	"identity = \"2011-02\\0tel:+447700900123\\0\"" show tel.keys

echo "1..$n"
[ "$failed" -eq 0 ]
