#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/kmod-build.sh SPEC [make args...] - build kmod/ for one kernel ABI in build/kmod/<abi>/.
# Prints the path of the built ksrtp.ko on its last line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
abi=$("$top/tools/kver.sh" abi "${1:-}")
kdir=$("$top/tools/kver.sh" kdir "$abi")
shift || true
out="$top/build/kmod/$abi"
mkdir -p "$out/kmod"
# Mirror the module's sources (keep timestamps so kbuild rebuilds only what changed).
( cd "$top" && find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name 'Kbuild' -o -name 'Makefile' \) ) |
while read -r f; do
	mkdir -p "$out/$(dirname "$f")"
	cmp -s "$top/$f" "$out/$f" || cp -p "$top/$f" "$out/$f"
done
# Drop mirrored sources that no longer exist in the tree.
( cd "$out" && find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name 'Kbuild' \) ) |
while read -r f; do [ -e "$top/$f" ] || rm -f "$out/$f"; done
make -s -C "$kdir" M="$out" "$@" modules >&2
echo "$out/kmod/ksrtp.ko"
