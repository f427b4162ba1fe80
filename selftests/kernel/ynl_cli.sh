#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own YNL client (tools/net/ynl/cli.py of linux-source-6.12) drives the module
# through kmod/ksrtp.yaml alone: info-get shows what ksrtpctl shows; an SA added by ksrtpctl
# reads back through sa-get (do and dump) with its values and without key material; an SA
# added by cli.py (sa-new, big-endian port, binary address and key) is what ksrtpctl shows;
# sa-del removes it. So the spec describes the wire format the module really speaks.
# ksrtpvm-cpio: tools/ynl/vm-python.sh
# ksrtpvm-timeout: 300
. "$(dirname "$0")/lib.sh"
PATH=$PATH:${KSRTP_BIN:-/usr/share/ksrtp/bin}

ynl=/usr/share/ksrtp/ynl
[ -x /usr/bin/python3 ] && [ -e $ynl/cli.py ] ||
	skip_all "no python3 or cli.py in the VM (tools/ynl/vm-python.sh)"
have_ksrtpctl || skip_all "ksrtpctl is not built"
ktap_plan 9

ksrtp_load || ktap_bail "cannot load ksrtp"
netns_create 1
export PYTHONDONTWRITEBYTECODE=1
cli() { n0 /usr/bin/python3 $ynl/cli.py --spec $ynl/ksrtp.yaml --no-schema --output-json "$@"; }
K80=E1F97A0D3E018BE0D64FA32C06DE4139
S80=0EC675AD498AFEEBB6960B3AABE6
echo "$K80 $S80" >cm.key

# info-get: the same version and self-test result as ksrtpctl.
info_same() {
	local out ver
	out=$(cli --do info-get) || { echo "$out"; return 1; }
	echo "$out"
	ver=$(n0 ksrtpctl -j info | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')
	[ -n "$ver" ] || { echo "no version from ksrtpctl -j info"; return 1; }
	grep -q "\"version\": \"$ver\"" <<<"$out" && grep -q '"selftest": 1' <<<"$out" &&
		grep -q '"name": "AEAD_AES_256_GCM"' <<<"$out"
}
check "cli.py --do info-get: version and self-test as ksrtpctl shows, suites" info_same

check "ksrtpctl sa add id 7 protect 239.1.1.7 port 5004 key-id 77" \
	n0 ksrtpctl sa add id 7 dir protect dst 239.1.1.7 port 5004 \
	suite AES_CM_128_HMAC_SHA1_80 key-file cm.key key-id 77 replay-window 256
sa7() { # the SA 7 as cli.py prints it (do or dump)
	local out drv
	out=$(cli "$@") || { echo "$out"; return 1; }
	echo "$out"
	drv=$(n0 ksrtpctl -j sa show id 7 | sed -n 's/.*"cipher_driver":"\([^"]*\)".*/\1/p')
	# daddr 239.1.1.7 = ef010107, the port in host order, enums by their spec names.
	grep -q '"id": 7' <<<"$out" && grep -q '"daddr": "ef010107"' <<<"$out" &&
		grep -q '"dport": 5004' <<<"$out" && grep -q '"dir": "protect"' <<<"$out" &&
		grep -q '"suite": "aes-cm-128-hmac-sha1-80"' <<<"$out" &&
		grep -q '"replay-window": 256' <<<"$out" &&
		grep -q '"key": \[{"slot": "current", "id": 77' <<<"$out" &&
		[ -n "$drv" ] && grep -qF "\"cipher-driver\": \"$drv\"" <<<"$out"
}
check "cli.py --dump sa-get: the SA with its selector, suite, key id, driver as ksrtpctl shows" sa7 --dump sa-get
check "cli.py --do sa-get id 7: the same" sa7 --do sa-get --json '{"sa": {"id": 7}}'
key_shown() { cli --dump sa-get | grep -qi -e $K80 -e $S80; }
check_fail "cli.py never shows key material" key_shown

check "cli.py --do sa-new id 8 unprotect 10.0.0.8 port 6008 (AEAD_AES_128_GCM)" \
	cli --do sa-new --json '{"sa": {"id": 8, "dir": 2, "family": 2, "daddr": "0a000008",
	"dport": 6008, "suite": 3, "key": [{"slot": 0,
	"master-key": "000102030405060708090a0b0c0d0e0f", "master-salt": "a0a1a2a3a4a5a6a7a8a9aaab",
	"id": 88}]}}'
check_output "ksrtpctl sa show id 8: what cli.py added" \
	"sa 8 unprotect 10.0.0.8 port 6008" n0 ksrtpctl sa show id 8
check_output "ksrtpctl sa show id 8: its key, with key id 88" \
	"key current key-id 88" n0 ksrtpctl sa show id 8
del8() { cli --do sa-del --json '{"sa": {"id": 8}}' && ! n0 ksrtpctl sa show id 8 2>&1; }
check "cli.py --do sa-del id 8, then ksrtpctl no longer finds it" del8
ktap_finish
