#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/ctests.sh OUTDIR - compile every selftests/kernel/NAME.c (a test) into OUTDIR/NAME and
# every selftests/kernel/helpers/NAME.c (a tool tests use) into OUTDIR/helpers/ksrtp-NAME.
# The programs may include the kernel's "kselftest_harness.h" (extracted from Debian's
# linux-source by tools/vm/linux-src.sh), the uapi header <linux/ksrtp.h>, libnl and libksrtp
# (linked when build/lib/libksrtp.a exists). Rebuilt only when the source or the library changed.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=$1
mkdir -p "$out"
ksh=$(tools/vm/linux-src.sh)
cflags=(-std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -D_GNU_SOURCE
	-Ikmod/include/uapi -Ilib/include -I"$ksh" $(pkg-config --cflags libnl-genl-3.0))
libs=()
[ -e build/lib/libksrtp.a ] && libs+=(build/lib/libksrtp.a)
libs+=(-lcrypto $(pkg-config --libs libnl-genl-3.0) -lsrtp2 -lpthread -lm)
mkdir -p "$out/helpers"
for src in selftests/kernel/*.c selftests/kernel/helpers/*.c; do
	[ -e "$src" ] || continue
	name=${src##*/}; name=${name%.c}
	case "$src" in
	*/helpers/*) bin=$out/helpers/ksrtp-$name ;;
	*) bin=$out/$name ;;
	esac
	if [ -x "$bin" ] && [ "$bin" -nt "$src" ] && [ "$bin" -nt selftests/kernel/lib.sh ] &&
	   { [ ! -e build/lib/libksrtp.a ] || [ "$bin" -nt build/lib/libksrtp.a ]; }; then
		continue
	fi
	echo "# compiling $src" >&2
	${CC:-cc} "${cflags[@]}" -o "$bin.tmp" "$src" "${libs[@]}"
	mv "$bin.tmp" "$bin"
done
