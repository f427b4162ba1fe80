#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/demo.sh - `make demo`: the ksrtp datapath end to end, for a newcomer.
#
# Builds the userspace tools and the module, boots the test VM (qemu; tools/vm/run.sh) and runs
# tools/demo/vm-demo.sh in it: a multicast group with a sender and two receivers in separate
# network namespaces, keys from identities (KMS, MIKEY-SAKKE GMK, MIKEY-PSK offer) and SAs
# installed with ksrtpctl, unmodified plain-RTP programs, the wire shown
# encrypted and decrypted by libsrtp2, per-SA counters, and a final "DEMO OK" line.
#   KVER=6.1|6.12   kernel to boot (default: the default installed kernel)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

missing=()
for c in qemu-system-x86_64 cpio depmod pkg-config cc; do
	command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
pkg-config --exists libnl-genl-3.0 libsrtp2 2>/dev/null || missing+=("libnl-genl-3-dev/libsrtp2-dev")
if [ ${#missing[@]} -gt 0 ]; then
	echo "demo: missing ${missing[*]}: run \`make deps\` (or \`make demo\`, which runs it) first" >&2
	exit 1
fi

echo "== ksrtp demo: building ksrtpctl, the traffic tools and the module =="
bins=(build/ksrtpctl build/tools/ksrtp-kms build/tools/ksrtp-rtpgen build/tools/ksrtp-rtpsink build/tools/ksrtp-srtp-peer)
mkdir -p build
if ! make -s -j2 "${bins[@]}" >build/demo-build.log 2>&1; then
	echo "demo: building the userspace failed; last lines of build/demo-build.log:" >&2
	tail -n 30 build/demo-build.log >&2
	exit 1
fi
for b in "${bins[@]}"; do
	[ -x "$b" ] || { echo "demo: $b was not built (see build/demo-build.log)" >&2; exit 1; }
done
echo "== booting the test VM (qemu, about 10-20 s) =="
args=(--run tools/demo/vm-demo.sh --timeout 300)
[ -n "${KVER:-}" ] && args+=(--kver "$KVER")
KSRTP_VM_NO_BUILD=0 exec tools/vm/run.sh "${args[@]}"
