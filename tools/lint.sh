#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/lint.sh [KVER...] - static checks, one TAP line each (what `make lint` runs):
#   - checkpatch.pl --strict --no-tree -f on every kmod/*.c, kmod/*.h and the uapi header
#     (kmod/compat.h, the kernel-version shim, may use LINUX_VERSION_CODE)
#     (checkpatch.pl, spelling.txt and const_structs.checkpatch come from Debian's linux-source
#     tarball, extracted once into build/linux-src/ by tools/vm/linux-src.sh);
#   - the module builds with W=1 without a single warning, for each KVER (default: 6.1 6.12;
#     a kernel that is not installed is skipped); built in build/lint/<abi>/ (incrementally
#     after a clean build, else from scratch);
#   - clang-format --dry-run -Werror (the repository's .clang-format) on the userspace C,
#     one line per directory: lib/ ctl/ tools/src/ selftests/unit/ selftests/fuzz/
#     selftests/kernel/ (its *.c and helpers/);
#   - the YNL spec kmod/ksrtp.yaml against the kernel's YNL schema, the uapi header, and the
#     module's ops and nla_policy tables (tools/ynl/check.sh, with linux-source-6.12's
#     tools/net/ynl/);
#   - kmod/.clang-format is the kernel's own .clang-format (kmod/ is kernel code: checkpatch is
#     its authority, clang-format is not run on it).
# Exit status 1 when any line is "not ok".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kvers=("$@")
[ ${#kvers[@]} -gt 0 ] || kvers=(6.1 6.12)
n=0 failed=0

ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { # DESC [DIAG FILE]
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && head -n "${3:-60}" "$2" | sed 's/^/#   /'
}
skip() { n=$((n + 1)); echo "ok $n $1 # SKIP $2"; }

out=build/lint
mkdir -p "$out"
tmp=$(mktemp -d "$out/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- checkpatch -------------------------------------------------------------------------
if src=$(tools/vm/linux-src.sh 2>"$tmp/src.err"); then
	for f in kmod/*.c kmod/*.h kmod/include/uapi/linux/*.h; do
		[ -e "$f" ] || continue
		# --show-types: each report names its type, so a finding is easy to look up.
		# kmod/compat.h is the one place where an out-of-tree module must test the kernel
		# version; there alone LINUX_VERSION_CODE (and checkpatch's misreading of
		# "LINUX_VERSION_CODE >= KERNEL_VERSION(...)" as a constant comparison) is allowed.
		ign=()
		[ "$f" = kmod/compat.h ] && ign=(--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON)
		if perl "$src/checkpatch.pl" --strict --no-tree --show-types --color=never -q "${ign[@]}" -f "$f" \
			>"$tmp/cp.out" 2>&1; then
			ok "checkpatch --strict $f"
		else
			notok "checkpatch --strict $f" "$tmp/cp.out" 80
		fi
	done
	if cmp -s "$src/.clang-format" kmod/.clang-format; then
		ok "kmod/.clang-format is the kernel's .clang-format"
	else
		echo "kmod/.clang-format differs from $src/.clang-format (copy it over)" >"$tmp/cf.out"
		notok "kmod/.clang-format is the kernel's .clang-format" "$tmp/cf.out"
	fi
else
	notok "checkpatch: kernel source files available" "$tmp/src.err"
fi

# ---- W=1 builds -------------------------------------------------------------------------
for k in "${kvers[@]}"; do
	if ! abi=$(tools/kver.sh abi "$k" 2>"$tmp/kver.err"); then
		skip "kmod builds with W=1 without warnings ($k)" "kernel $k is not installed (tools/deps.sh)"
		continue
	fi
	kdir=$(tools/kver.sh kdir "$abi")
	d=$out/$abi
	# After a clean build, an incremental one recompiles (and shows the warnings of) exactly
	# what changed; otherwise everything is rebuilt so that every warning shows again.
	if [ ! -e "$d/.clean" ]; then rm -rf "$d"; fi
	rm -f "$d/.clean"
	mkdir -p "$d"
	find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild -o -name Makefile \) |
	while read -r f; do
		mkdir -p "$d/$(dirname "$f")"
		cmp -s "$f" "$d/$f" || cp -p "$f" "$d/$f"
	done
	(cd "$d" && find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild \)) |
	while read -r f; do [ -e "$f" ] || rm -f "$d/$f"; done
	if make -C "$kdir" M="$top/$d" W=1 modules >"$tmp/build.out" 2>&1; then
		# The only expected notice: headers without vmlinux cannot generate BTF.
		if grep -v 'Skipping BTF generation' "$tmp/build.out" | grep -qiE 'warning:|warning \['; then
			grep -iE -B2 -A6 'warning:' "$tmp/build.out" >"$tmp/warn.out"
			notok "kmod builds with W=1 without warnings ($abi)" "$tmp/warn.out" 80
		else
			ok "kmod builds with W=1 without warnings ($abi)"
			touch "$d/.clean"
		fi
	else
		grep -E -B2 -A6 'error|warning' "$tmp/build.out" >"$tmp/warn.out" || cp "$tmp/build.out" "$tmp/warn.out"
		notok "kmod builds with W=1 without warnings ($abi): build failed" "$tmp/warn.out" 80
	fi
done

# ---- clang-format -----------------------------------------------------------------------
if ! command -v clang-format >/dev/null; then
	skip "clang-format" "clang-format is not installed (tools/deps.sh)"
else
	for dir in lib ctl tools/src selftests/unit selftests/fuzz selftests/kernel; do
		files=()
		case "$dir" in
		selftests/kernel)
			for f in selftests/kernel/*.c selftests/kernel/helpers/*.c selftests/kernel/helpers/*.h; do
				[ -e "$f" ] && files+=("$f")
			done ;;
		*)
			while IFS= read -r f; do files+=("$f"); done < <(find "$dir" -name '*.[ch]' 2>/dev/null | sort) ;;
		esac
		if [ ${#files[@]} -eq 0 ]; then
			skip "clang-format $dir/" "no C files"
			continue
		fi
		if clang-format --style=file --dry-run -Werror "${files[@]}" >"$tmp/cf.out" 2>&1; then
			ok "clang-format $dir/ (${#files[@]} files)"
		else
			grep -E '^[^ ].*: error:' "$tmp/cf.out" | sed 's/:[0-9]*:[0-9]*: error:.*//' | sort | uniq -c |
				sed 's/^ *\([0-9]*\) \(.*\)/\2: \1 places to reformat (run: clang-format -i \2)/' >"$tmp/cf.sum"
			notok "clang-format $dir/" "$tmp/cf.sum" 40
		fi
	done
fi

# ---- YNL spec ---------------------------------------------------------------------------
# kmod/ksrtp.yaml checked with the kernel's YNL tooling against the uapi header and the
# module's ops and policies (tools/ynl/check.sh; its lines renumbered here).
tools/ynl/check.sh >"$tmp/ynl.out" 2>&1
while IFS= read -r line; do
	if [[ $line =~ ^ok\ [0-9]+\ (.*)$ ]]; then
		ok "${BASH_REMATCH[1]}"
	elif [[ $line =~ ^not\ ok\ [0-9]+\ (.*)$ ]]; then
		notok "${BASH_REMATCH[1]}"
	elif [[ $line == "#"* ]]; then
		echo "$line"
	fi
done <"$tmp/ynl.out"

echo "1..$n"
[ "$failed" -eq 0 ]
