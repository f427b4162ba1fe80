#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/ctests.sh OUTDIR - compile every selftests/kernel/NAME.c (a test) into OUTDIR/NAME and
# every selftests/kernel/helpers/NAME.c (a tool tests use) into OUTDIR/helpers/ksrtp-NAME.
# The programs may include the kernel's "kselftest_harness.h" (extracted from Debian's
# linux-source by tools/vm/linux-src.sh), the uapi header <linux/ksrtp.h>, libnl and libksrtp
# (<ksrtp/...>; linked from build/lib/libksrtp.a). A program is rebuilt only when its source
# changed, or when it uses libksrtp and the library did. Concurrent runs serialize on a lock.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=$1
mkdir -p "$out/helpers"
exec 9>"$out/.lock"
flock 9
ksh=$(tools/vm/linux-src.sh)
cflags=(-std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-clobbered -D_GNU_SOURCE
	-Ikmod/include/uapi -Ilib/include -I"$ksh" $(pkg-config --cflags libnl-genl-3.0))
syslibs=(-lcrypto $(pkg-config --libs libnl-genl-3.0) -lsrtp2 -lpthread -lm)
lib=build/lib/libksrtp.a
for src in selftests/kernel/*.c selftests/kernel/helpers/*.c; do
	[ -e "$src" ] || continue
	name=${src##*/}; name=${name%.c}
	case "$src" in
	*/helpers/*) bin=$out/helpers/ksrtp-$name ;;
	*) bin=$out/$name ;;
	esac
	uses_lib=0
	grep -q '#include <ksrtp/' "$src" && uses_lib=1
	if [ -x "$bin" ] && [ "$bin" -nt "$src" ] &&
	   { [ "$uses_lib" = 0 ] || [ ! -e "$lib" ] || [ "$bin" -nt "$lib" ]; }; then
		continue
	fi
	libs=()
	[ "$uses_lib" = 1 ] && [ -e "$lib" ] && libs+=("$lib")
	echo "# compiling $src" >&2
	${CC:-cc} "${cflags[@]}" -o "$bin.tmp.$$" "$src" "${libs[@]}" "${syslibs[@]}"
	mv "$bin.tmp.$$" "$bin"
done
