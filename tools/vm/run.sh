#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/run.sh - run the in-VM kernel selftests (selftests/kernel/) for one Debian kernel.
#
#   tools/vm/run.sh --kver SPEC [-t name,...] [--shell] [--timeout S] [--keep]
#     --kver SPEC     6.1, 6.12 or a full ABI (tools/kver.sh); default: the default kernel
#     -t a,b          run only these tests (selftests/kernel/NAME.sh or NAME.c); default: all
#                     but selftest_* (the harness's own deliberately failing fixtures), which
#                     run when named or with KSRTP_VM_INCLUDE_BROKEN=1
#     --shell         boot to an interactive shell (after the -t tests, if any); Ctrl-A X quits
#     --timeout S     per-test timeout in the guest (default 120)
#     --keep          keep build/vm/runs/<run>/ (initramfs, console and results logs)
#     --list          print the test names and exit
#     --run SCRIPT    run SCRIPT (bash; its whole directory is copied next to it) instead of the
#                     tests: its output is shown verbatim, the exit status is the script's;
#                     --timeout applies to it. For demos and benchmarks.
#     --smp N, --mem SIZE   guest vCPUs (default 2) and memory (default 1G)
#     --icount N      qemu -icount shift=N,sleep=off (TCG, never KVM): guest time counts
#                     instructions, so timings do not depend on the host's load (benchmarks)
#     --perf          no per-object slab allocation tracking (slub_debug=U; it costs per packet),
#                     no panic_on_warn, no softlockup_panic: for benchmarks; the end-of-run leak
#                     check then finds nothing
#     --mttcg         without KVM: multi-threaded TCG (-accel tcg,thread=multi), one host
#                     thread per vCPU (not with --icount, which runs every vCPU in one thread)
#     --append ARGS   extra kernel parameters (added to KSRTP_VM_APPEND)
#     --bindir DIR    also put DIR's executables in the guest's PATH (they win over build/tools)
#     --chan FILE     a third serial port: what the guest writes to /dev/ttyS2 goes straight to
#                     FILE (no line prefixing, no test-output pipe: for timing marks)
#   A test may set its own timeout with a line "# ksrtpvm-timeout: SECS" in its script.
#   Env: KSRTP_VM_APPEND (extra kernel parameters, like --append), KSRTP_VM_PANIC_ON_WARN=0,
#        KSRTP_VM_KVM=0, KSRTP_VM_BOOT=bzimage (boot /boot/vmlinuz with SeaBIOS instead of the ELF with qboot),
#        KSRTP_VM_NO_BUILD=1 (do not run make userspace / the module build).
#
# Output: TAP, one top-level line per test case ("NAME: case"), per test "NAME: kernel log clean",
# and "module unloads cleanly, no leaked memory" at the end. Exit status 1 on any failure.
#
# Caches (build/vm/<abi>/): vmlinux (extracted from /boot/vmlinuz-<abi>), base-<key>/ (the base
# initramfs, rebuilt when tools/vm/mkbase.sh or the packages it copies from change), kmod/ (the
# module, rebuilt when kmod/ changes); build/vm/cbin/ (selftests/kernel/*.c and helpers). Per
# run only the small overlay (/init, tests, module, our binaries) is packed, ~0.2 s.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

kver= tests= shell=0 timeout=120 keep=0 list=0 runscript= smp=2 mem=1G perf=0 icount=
mttcg=0 append=${KSRTP_VM_APPEND:-} bindir= chan=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--kver=*) kver=${1#*=}; shift ;;
	-t|--tests) tests=$2; shift 2 ;;
	--tests=*) tests=${1#*=}; shift ;;
	--shell) shell=1; shift ;;
	--timeout) timeout=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--list) list=1; shift ;;
	--run) runscript=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--perf) perf=1; shift ;;
	--icount) icount=$2; shift 2 ;;
	--mttcg) mttcg=1; shift ;;
	--append) append="$append $2"; shift 2 ;;
	--bindir) bindir=$2; shift 2 ;;
	--chan) chan=$2; shift 2 ;;
	-h|--help) sed -n '3,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done

die() { echo "run.sh: $*" >&2; echo "not ok 1 VM harness: $*"; exit 1; }
[ "$mttcg" = 1 ] && [ -n "$icount" ] && die "--mttcg and --icount exclude each other (-icount runs every vCPU in one thread)"
msg() { if [ -n "$runscript" ]; then echo "# $*" >&2; else echo "# $*"; fi; }

# ---- which tests --------------------------------------------------------------------------
all_tests() {
	local f
	for f in selftests/kernel/*.sh selftests/kernel/*.c; do
		[ -e "$f" ] || continue
		f=${f##*/}
		[ "$f" = lib.sh ] && continue
		echo "${f%.*}"
	done | sort -u
}
if [ "$list" = 1 ]; then all_tests; exit 0; fi
if [ -n "$runscript" ]; then
	[ -f "$runscript" ] || die "--run: no such script '$runscript'"
	runscript=$(cd "$(dirname "$runscript")" && pwd)/$(basename "$runscript")
	tests=/usr/share/ksrtp/run/$(basename "$runscript")
elif [ -n "$tests" ]; then
	for t in ${tests//,/ }; do
		all_tests | grep -qx "$t" ||
			die "no test '$t' (selftests/kernel/$t.sh or .c); tests: $(all_tests | tr '\n' ' ')"
	done
elif [ "$shell" = 0 ]; then
	if [ "${KSRTP_VM_INCLUDE_BROKEN:-0}" = 1 ]; then
		tests=$(all_tests | paste -sd,)
	else
		tests=$(all_tests | grep -v '^selftest_' | paste -sd,)
	fi
fi

# ---- the kernel -------------------------------------------------------------------------------
abi=$(tools/kver.sh abi "$kver") || die "no installed kernel for '${kver:-default}' (run tools/deps.sh)"
kdir=$(tools/kver.sh kdir "$abi")
vmdir=$top/build/vm/$abi
mkdir -p "$vmdir" build/vm/runs
bz=/boot/vmlinuz-$abi
[ -r "$bz" ] || die "$bz is not readable"
t0=$(date +%s.%N)

exec 9>"$vmdir/.lock"
flock 9
if [ ! -s "$vmdir/vmlinux" ] || [ "$bz" -nt "$vmdir/vmlinux" ]; then
	msg "extracting vmlinux from $bz"
	python3 tools/vm/extract-vmlinux.py "$bz" "$vmdir/vmlinux" || rm -f "$vmdir/vmlinux"
fi

# The base initramfs: keyed on the ABI, the builder script and the versions of every package it
# copies files from (and the kernel's module tree).
base_key() {
	echo "$abi"
	sha256sum tools/vm/mkbase.sh
	dpkg-query -W busybox-static iproute2 kmod smcroute libc6 libssl3 libnl-3-200 \
		libnl-genl-3-200 libnl-route-3-200 libsrtp2-1 libnss3 libnspr4 libsqlite3-0 strace \
		"linux-image-$abi" "linux-image-$abi-unsigned" 2>/dev/null || true
	stat -c '%Y %s' "/lib/modules/$abi/modules.dep"
}
key=$(base_key | sha256sum | cut -d' ' -f1)
# One directory per key, never modified once built: runs in progress keep using theirs.
base=$vmdir/base-${key:0:16}
if [ ! -s "$base/base.cpio" ]; then
	msg "building the base initramfs for $abi (cached in build/vm/$abi)"
	rm -rf "$base.tmp"
	tools/vm/mkbase.sh "$abi" "$base.tmp" >&2 || die "building the base initramfs failed"
	mv "$base.tmp" "$base"
	# Bases of other keys, unused for an hour, are stale.
	find "$vmdir" -maxdepth 1 -name 'base-*' ! -name "${base##*/}" -mmin +60 -exec rm -rf {} + 2>/dev/null || true
fi
touch "$base"
flock -u 9

# ---- what we test: the module and our userspace --------------------------------------------
# The module is built in build/vm/<abi>/kmod/ (like tools/kmod-build.sh, but in a directory of
# its own: builds with other flags, e.g. W=1, elsewhere never force a rebuild here), and not at
# all when its sources have not changed since the last build.
build_module() {
	local out=$vmdir/kmod hash f
	hash=$( (find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild -o -name Makefile \) |
		LC_ALL=C sort | xargs sha256sum; echo "$kdir") | sha256sum | cut -d' ' -f1)
	if [ -e "$out/kmod/ksrtp.ko" ] && [ "$(cat "$out/.src-hash" 2>/dev/null)" = "$hash" ]; then
		return 0
	fi
	mkdir -p "$out"
	find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild -o -name Makefile \) |
	while read -r f; do
		mkdir -p "$out/$(dirname "$f")"
		cmp -s "$f" "$out/$f" || cp -p "$f" "$out/$f"
	done
	(cd "$out" && find Kbuild kmod -type f \( -name '*.c' -o -name '*.h' -o -name Kbuild \)) |
	while read -r f; do [ -e "$f" ] || rm -f "$out/$f"; done
	msg "building ksrtp.ko for $abi"
	make -s -C "$kdir" M="$out" modules >"$vmdir/kmod-build.log" 2>&1 || return 1
	echo "$hash" >"$out/.src-hash"
}

if [ "${KSRTP_VM_NO_BUILD:-0}" != 1 ]; then
	make -s -j2 userspace >"$vmdir/userspace.log" 2>&1 ||
		msg "warning: 'make userspace' failed; using the binaries that exist (log: build/vm/$abi/userspace.log)"
	exec 8>"$vmdir/kmod.lock"
	flock 8
	build_module || { tail -n 60 "$vmdir/kmod-build.log" >&2; die "building the module for $abi failed (log: build/vm/$abi/kmod-build.log)"; }
	flock -u 8
fi
ko=$vmdir/kmod/kmod/ksrtp.ko
[ -e "$ko" ] || die "no module at $ko"

# Logs of failed runs are kept for a day.
find build/vm/runs -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
run=$(mktemp -d "$top/build/vm/runs/$abi.XXXXXX")
cleanup() { [ "$keep" = 1 ] || rm -rf "$run"; }
trap cleanup EXIT
ov=$run/overlay
share=$ov/usr/share/ksrtp
mkdir -p "$ov/usr/local/bin" "$share/selftests" "$share/bin/selftests"

install -m 755 tools/vm/init "$ov/init"
install -m 755 tools/vm/leakcheck.sh "$share/leakcheck.sh"
cp selftests/kernel/*.sh "$share/selftests/" 2>/dev/null || true
[ -d selftests/kernel/data ] && cp -r selftests/kernel/data "$share/selftests/"
[ -n "$runscript" ] && cp -r "$(dirname "$runscript")" "$share/run"

# Binaries: ksrtpctl, build/tools/*, and the C selftests (compiled here, cached in build/vm/cbin).
bins=()
[ -x build/ksrtpctl ] && bins+=(build/ksrtpctl)
for b in build/tools/*; do [ -f "$b" ] && [ -x "$b" ] && bins+=("$b"); done
if [ -n "$bindir" ]; then
	[ -d "$bindir" ] || die "--bindir: no directory '$bindir'"
	for b in "$bindir"/*; do [ -f "$b" ] && [ -x "$b" ] && bins+=("$b"); done
fi
for b in "${bins[@]}"; do cp "$b" "$share/bin/"; ln -sf "/usr/share/ksrtp/bin/${b##*/}" "$ov/usr/local/bin/"; done
if compgen -G 'selftests/kernel/*.c' >/dev/null || compgen -G 'selftests/kernel/helpers/*.c' >/dev/null; then
	tools/vm/ctests.sh "$top/build/vm/cbin" >&2 || die "compiling selftests/kernel/*.c failed"
	for b in build/vm/cbin/*; do
		[ -f "$b" ] && [ -x "$b" ] && [ -e "selftests/kernel/${b##*/}.c" ] || continue
		cp "$b" "$share/bin/selftests/"; bins+=("$b")
	done
	for b in build/vm/cbin/helpers/ksrtp-*; do
		n=${b##*/ksrtp-}
		[ -x "$b" ] && [ -e "selftests/kernel/helpers/$n.c" ] || continue
		cp "$b" "$ov/usr/local/bin/"; bins+=("$b")
	done
fi
# Their shared libraries when the base lacks them (readelf is quick; ldd only when needed).
for b in "${bins[@]}"; do
	missing=0
	for so in $(readelf -d "$b" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
		[ -e "$base/root/usr/lib/x86_64-linux-gnu/$so" ] || [ -e "$base/root/lib64/$so" ] || missing=1
	done
	[ "$missing" = 1 ] || continue
	ldd "$b" 2>/dev/null | grep -oE '/[^ ]+' | while read -r l; do
		[ -e "$base/root$l" ] || { mkdir -p "$ov$(dirname "$l")"; cp -L "$l" "$ov$l"; }
	done
done

# The module: /lib/modules/<abi>/extra/ksrtp.ko, depmod'ed together with the base's modules
# (hard links, no copies) and any dependency of ksrtp the base lacks.
mt=$run/modtree
mkdir -p "$mt/lib/modules"
cp -al "$base/root/usr/lib/modules/$abi" "$mt/lib/modules/$abi"
rm -f "$mt/lib/modules/$abi"/modules.*
cp "$base/root/usr/lib/modules/$abi"/modules.{builtin,builtin.modinfo,order} "$mt/lib/modules/$abi/"
mkdir -p "$mt/lib/modules/$abi/extra" "$ov/usr/lib/modules/$abi/extra"
cp "$ko" "$mt/lib/modules/$abi/extra/ksrtp.ko"
cp "$ko" "$ov/usr/lib/modules/$abi/extra/ksrtp.ko"
# Test fixture modules: every selftests/kernel/DIR/ with a Kbuild, built when a selected test
# mentions DIR (e.g. "modprobe crashmod").
for src in selftests/kernel/*/Kbuild; do
	[ -e "$src" ] || continue
	src=${src%/Kbuild}; fx=${src##*/}
	used=0
	for want in ${tests//,/ }; do
		[ -e "selftests/kernel/$want.sh" ] && grep -qw "$fx" "selftests/kernel/$want.sh" && used=1
	done
	[ "$used" = 1 ] || continue
	mb=$top/build/vm/fixtures/$abi/$fx
	mkdir -p "$mb"
	for f in "$src"/*; do cmp -s "$f" "$mb/${f##*/}" || cp -p "$f" "$mb/"; done
	make -s -C "$kdir" M="$mb" modules >"$mb/build.log" 2>&1 || { cat "$mb/build.log" >&2; die "building $src failed"; }
	for m in "$mb"/*.ko; do
		cp "$m" "$mt/lib/modules/$abi/extra/"; cp "$m" "$ov/usr/lib/modules/$abi/extra/"
	done
done
for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
	modprobe -S "$abi" --show-depends "$dep" 2>/dev/null | awk '$1 == "insmod" { print $2 }' |
	while read -r m; do
		rel=${m#/lib/modules/"$abi"/}
		rel=${rel%.xz}; rel=${rel%.zst}
		[ -e "$mt/lib/modules/$abi/$rel" ] && continue
		mkdir -p "$mt/lib/modules/$abi/$(dirname "$rel")" "$ov/usr/lib/modules/$abi/$(dirname "$rel")"
		case "$m" in
		*.xz) xz -dc "$m" >"$mt/lib/modules/$abi/$rel" ;;
		*.zst) zstd -qdc "$m" >"$mt/lib/modules/$abi/$rel" ;;
		*) cp "$m" "$mt/lib/modules/$abi/$rel" ;;
		esac
		cp "$mt/lib/modules/$abi/$rel" "$ov/usr/lib/modules/$abi/$rel"
	done
done
depmod -b "$mt" -e -E "$kdir/Module.symvers" "$abi" 2>"$run/depmod.log" ||
	{ cat "$run/depmod.log" >&2; die "depmod failed"; }
cp "$mt/lib/modules/$abi"/modules.* "$ov/usr/lib/modules/$abi/"
rm -rf "$mt"

( cd "$ov" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) >"$run/overlay.cpio"
# Extra initramfs parts a selected test asks for with a line "# ksrtpvm-cpio: COMMAND" (run
# here, it prints the path of a cached cpio archive): Python for selftests/kernel/ynl_cli.sh.
extra=()
for want in ${tests//,/ }; do
	[ -e "selftests/kernel/$want.sh" ] || continue
	while IFS= read -r c; do
		a=$($c) || die "'$c' (asked for by selftests/kernel/$want.sh) failed"
		extra+=("$a")
	done < <(sed -n 's/^# ksrtpvm-cpio: //p' "selftests/kernel/$want.sh")
done
cat "$base/base.cpio" "${extra[@]}" "$run/overlay.cpio" >"$run/initrd.cpio"
rm -rf "$ov"
msg "$abi: prepared in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s; tests: ${tests:-none}"

pyargs=(--abi "$abi" --vmlinux "$vmdir/vmlinux" --bzimage "$bz" --initrd "$run/initrd.cpio"
	--rundir "$run" --tests "$tests" --timeout "$timeout")
[ -n "${append// /}" ] && pyargs+=(--append "${append# }")
{ [ "${KSRTP_VM_PANIC_ON_WARN:-1}" = 0 ] || [ "$perf" = 1 ]; } && pyargs+=(--no-panic-on-warn)
[ "$shell" = 1 ] && pyargs+=(--shell)
[ -n "$runscript" ] && pyargs+=(--run)
[ "$perf" = 1 ] && pyargs+=(--perf)
[ -n "$icount" ] && pyargs+=(--icount "$icount")
[ "$mttcg" = 1 ] && pyargs+=(--mttcg)
[ -n "$chan" ] && pyargs+=(--chan "$(cd "$(dirname "$chan")" && pwd)/$(basename "$chan")")
pyargs+=(--smp "$smp" --mem "$mem")
rc=0
python3 tools/vm/qemu-run.py "${pyargs[@]}" || rc=$?
if [ "$rc" -ne 0 ] && [ "$shell" = 0 ] && [ -z "$runscript" ]; then
	keep=1
	rm -f "$run/initrd.cpio" "$run/overlay.cpio"
	msg "logs of this run: ${run#"$top"/}/ (console.N.log = kernel console, results.N.log = test channel)"
fi
exit "$rc"
