#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/linux-src.sh - extract the few kernel-tree files ksrtp's tooling uses from Debian's
# linux-source tarball (/usr/src/linux-source-*.tar.xz) into build/linux-src/, once (cached).
# Prints that directory. Nothing from the kernel tree is ever committed to this repository.
#   checkpatch.pl, spelling.txt, const_structs.checkpatch   tools/lint.sh
#   .clang-format                                           tools/lint.sh (kmod/ style)
#   kselftest_harness.h, kselftest.h                        selftests/kernel/*.c (tools/vm/ctests.sh)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/linux-src
files=(scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch .clang-format
	tools/testing/selftests/kselftest_harness.h tools/testing/selftests/kselftest.h)
# The tarball of Debian's default kernel series (what the linux-source metapackage depends on),
# so that checkpatch and .clang-format do not change when another series' source is installed
# too (the YNL check takes its tooling from a newer series); else the newest one there is.
dflt=$(dpkg-query -W -f='${Depends}' linux-source 2>/dev/null | grep -o 'linux-source-[0-9.]*[0-9]' | head -n1 || true)
if [ -n "$dflt" ] && [ -e "/usr/src/$dflt.tar.xz" ]; then
	tarball=/usr/src/$dflt.tar.xz
else
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n1 || true)
fi
[ -n "$tarball" ] || { echo "linux-src.sh: no /usr/src/linux-source-*.tar.xz (apt-get install linux-source)" >&2; exit 1; }
stamp="$out/.from-$(basename "$tarball")"
# Fresh when the files came from this tarball: its stamp is the only one.
fresh() { [ -e "$stamp" ] && [ "$(ls -a "$out" 2>/dev/null | grep -c '^\.from-')" = 1 ]; }
if ! fresh; then
	mkdir -p "$out"
	exec 9>"$out/.lock"
	flock 9
	if ! fresh; then
		prefix=$(basename "$tarball" .tar.xz)
		tmp=$(mktemp -d "$out/.x.XXXXXX")
		tar -C "$tmp" -xJf "$tarball" "${files[@]/#/$prefix/}"
		for f in "${files[@]}"; do cp "$tmp/$prefix/$f" "$out/"; done
		rm -rf "$tmp"
		rm -f "$out"/.from-*
		touch "$stamp"
	fi
fi
echo "$out"
