#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/kver.sh - resolve a kernel spec to an installed Debian kernel ABI, never hard-coded.
#   kver.sh abi [SPEC]   SPEC: "6.1", "6.12", a full ABI ("6.1.0-42-amd64"), or empty/"default"
#                        (the running kernel when its build dir exists, else the newest 6.1).
#   kver.sh kdir [SPEC]  the headers' build directory for that ABI
#   kver.sh list         every ABI with both headers and an image installed, one per line
set -euo pipefail

list() {
	local d abi
	for d in /usr/src/linux-headers-*-amd64; do
		[ -d "$d" ] || continue
		abi=${d#/usr/src/linux-headers-}
		[ -e "/boot/vmlinuz-$abi" ] && echo "$abi"
	done | sort -V
}

abi() {
	local spec=${1:-default} cand
	case "$spec" in
	default)
		if [ -d "/lib/modules/$(uname -r)/build" ]; then uname -r; return; fi
		spec=6.1 ;;
	esac
	if [ -e "/boot/vmlinuz-$spec" ] && [ -d "/usr/src/linux-headers-$spec" ]; then
		echo "$spec"; return
	fi
	# 6.1 ABIs look like 6.1.0-NN-amd64; 6.12 ones like 6.12.NNN+deb12-amd64.
	cand=$(list | grep -E "^${spec//./\\.}[.-]" | tail -n1 || true)
	[ -n "$cand" ] || { echo "kver.sh: no installed kernel matches '$spec' (run tools/deps.sh)" >&2; exit 1; }
	echo "$cand"
}

case "${1:-}" in
abi) abi "${2:-}" ;;
kdir) a=$(abi "${2:-}"); if [ -d "/lib/modules/$a/build" ]; then echo "/lib/modules/$a/build"; else echo "/usr/src/linux-headers-$a"; fi ;;
list) list ;;
*) echo "usage: $0 abi|kdir [SPEC] | list" >&2; exit 2 ;;
esac
