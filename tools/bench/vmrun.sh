#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/bench/vmrun.sh - boot the test VM (tools/vm) and run one benchmark script in it; its
# output is streamed verbatim to stdout and the exit status is the script's.
#
#   tools/bench/vmrun.sh [--kver SPEC] [--smp N] [--mem SIZE] [--timeout S] [--append ARGS]
#                        [--icount SHIFT] SCRIPT
#
# --icount SHIFT: TCG with instruction counting (-icount shift=SHIFT,sleep=off): the guest's
# clock advances 2^SHIFT ns per executed instruction, so time measured in the guest counts
# instructions and no longer depends on the host's load (single-threaded TCG; use -smp 1).
#
# Uses the harness's cached kernel and base initramfs (build/vm/<abi>/, built by tools/vm/ when
# missing), the module built by tools/kmod-build.sh, ksrtpctl and build/tools/*, and the
# harness's /init and selftests/kernel/lib.sh. Unlike a selftest run, the kernel boots without
# slub_debug and panic_on_warn (they change per-packet costs), and KVM with -cpu host is used
# when /dev/kvm is usable (KSRTP_VM_KVM=0 forces TCG). KSRTP_VM_NO_BUILD=1: no make/kmod build;
# KSRTP_BENCH_BINDIR=DIR: take binaries from DIR too (they win over build/tools).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

kver= smp=2 mem=1G timeout=1500 append= icount=
while [ $# -gt 1 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--icount) icount=$2; shift 2 ;;
	*) echo "vmrun.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
script=${1:?usage: vmrun.sh [options] SCRIPT}
[ -r "$script" ] || { echo "vmrun.sh: no script $script" >&2; exit 2; }
name=$(basename "${script%.sh}")

abi=$(tools/kver.sh abi "$kver") || { echo "vmrun.sh: no installed kernel '${kver:-default}' (run tools/deps.sh)" >&2; exit 1; }
kdir=$(tools/kver.sh kdir "$abi")
vmdir=$top/build/vm/$abi
mkdir -p "$vmdir" build/vm/runs
# The harness's caches: vmlinux and the newest base-<key>/ (base.cpio + root/).
newest_base() { ls -td "$vmdir"/base-*/ 2>/dev/null | while read -r d; do [ -s "$d/base.cpio" ] && { echo "${d%/}"; break; }; done; }
base=$(newest_base)
if [ ! -s "$vmdir/vmlinux" ] || [ -z "$base" ]; then
	echo "# preparing the VM caches for $abi (one tools/vm/run.sh run)" >&2
	tools/vm/run.sh --kver "$abi" -t module >/dev/null 2>&1 || true
	base=$(newest_base)
fi
[ -s "$vmdir/vmlinux" ] && [ -n "$base" ] || { echo "vmrun.sh: no VM caches in $vmdir (tools/vm/run.sh failed?)" >&2; exit 1; }

ko=$top/build/kmod/$abi/kmod/ksrtp.ko
if [ "${KSRTP_VM_NO_BUILD:-0}" != 1 ]; then
	make -s -k -j2 userspace >"$vmdir/bench-userspace.log" 2>&1 ||
		echo "# warning: 'make userspace' failed; using the binaries in build/ (log: build/vm/$abi/bench-userspace.log)" >&2
	ko=
	exec 8>"$top/build/vm/kmod-$abi.lock"
	flock 8
	ko=$(tools/kmod-build.sh "$abi" 2>"$vmdir/bench-kmod.log" | tail -n1) || ko=
	flock -u 8
fi
[ -n "$ko" ] && [ -e "$ko" ] || echo "# warning: the module did not build (build/vm/$abi/bench-kmod.log); module setups will be skipped" >&2

run=$(mktemp -d "$top/build/vm/runs/bench-$abi.XXXXXX")
qpid=
cleanup() {
	[ -n "$qpid" ] && kill "$qpid" 2>/dev/null
	rm -rf "$run"
}
trap cleanup EXIT
ov=$run/overlay
share=$ov/usr/share/ksrtp
mkdir -p "$ov/usr/local/bin" "$share/selftests" "$share/bin"
install -m 755 tools/vm/init "$ov/init"
install -m 755 tools/vm/leakcheck.sh "$share/leakcheck.sh"
install -m 644 selftests/kernel/lib.sh "$share/selftests/lib.sh"
install -m 755 "$script" "$share/selftests/$name.sh"
bins=()
[ -x build/ksrtpctl ] && bins+=(build/ksrtpctl)
for b in build/tools/*; do [ -f "$b" ] && [ -x "$b" ] && bins+=("$b"); done
# KSRTP_BENCH_BINDIR: binaries from another build directory (e.g. build/bench/tools) win.
if [ -n "${KSRTP_BENCH_BINDIR:-}" ]; then
	for b in "$KSRTP_BENCH_BINDIR"/*; do [ -f "$b" ] && [ -x "$b" ] && bins+=("$b"); done
fi
for b in "${bins[@]}"; do
	cp "$b" "$share/bin/"
	ln -sf "/usr/share/ksrtp/bin/${b##*/}" "$ov/usr/local/bin/"
	ldd "$b" 2>/dev/null | grep -oE '/[^ ]+' | while read -r l; do
		[ -e "$base/root$l" ] || { mkdir -p "$ov$(dirname "$l")"; cp -L "$l" "$ov$l"; }
	done
done
if [ -n "$ko" ] && [ -e "$ko" ]; then
	mt=$run/modtree
	mkdir -p "$mt/lib/modules" "$ov/usr/lib/modules/$abi/extra"
	cp -al "$base/root/usr/lib/modules/$abi" "$mt/lib/modules/$abi"
	rm -f "$mt/lib/modules/$abi"/modules.*
	cp "$base/root/usr/lib/modules/$abi"/modules.{builtin,builtin.modinfo,order} "$mt/lib/modules/$abi/"
	mkdir -p "$mt/lib/modules/$abi/extra"
	cp "$ko" "$mt/lib/modules/$abi/extra/ksrtp.ko"
	cp "$ko" "$ov/usr/lib/modules/$abi/extra/ksrtp.ko"
	depmod -b "$mt" -e -E "$kdir/Module.symvers" "$abi" 2>"$run/depmod.log" || cat "$run/depmod.log" >&2
	cp "$mt/lib/modules/$abi"/modules.* "$ov/usr/lib/modules/$abi/"
	rm -rf "$mt"
fi
(cd "$ov" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$run/overlay.cpio"
cat "$base/base.cpio" "$run/overlay.cpio" >"$run/initrd.cpio"
rm -rf "$ov"

cmdline="console=ttyS0 quiet panic=-1 oops=panic ksrtpvm.tests=$name ksrtpvm.timeout=$timeout $append"
argv=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot -m "$mem" -smp "$smp"
	-initrd "$run/initrd.cpio" -append "$cmdline"
	-kernel "$vmdir/vmlinux" -bios /usr/share/qemu/qboot.rom
	-serial "file:$run/console.log" -serial "file:$run/results.log")
if [ -n "$icount" ]; then
	argv+=(-cpu max -icount "shift=$icount,sleep=off")
	echo "# accelerator: TCG with -icount shift=$icount: guest time = executed instructions x $((1 << icount)) ns"
elif [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${KSRTP_VM_KVM:-1}" != 0 ]; then
	argv+=(-enable-kvm -cpu host)
	echo "# accelerator: KVM (-cpu host)"
else
	argv+=(-cpu max)
	echo "# accelerator: TCG (-cpu max): emulated CPU, only ratios between setups mean anything"
fi
: >"$run/results.log"
"${argv[@]}" </dev/null >"$run/qemu.err" 2>&1 &
qpid=$!
rc=1
# Stream the script's lines (prefixed "|" by /init) until the VM reports the end of the test.
while IFS= read -r line; do
	line=${line%$'\r'}
	case "$line" in
	'|'*) printf '%s\n' "${line#|}" ;;
	'@@KSRTPVM END '*) set -- $line; rc=${4:-1}; break ;;
	esac
done < <(tail -n +1 -F --pid="$qpid" "$run/results.log" 2>/dev/null)
wait "$qpid" 2>/dev/null || true
qpid=
if grep -qE 'Kernel panic|BUG:|Oops|general protection' "$run/console.log"; then
	echo "# the guest kernel crashed; console log:"
	grep -A40 -E 'Kernel panic|BUG:|Oops|general protection' "$run/console.log" | head -60 | sed 's/^/#   /'
	rc=1
fi
exit "$rc"
