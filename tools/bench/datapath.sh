#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/bench/datapath.sh - the datapath part of `make bench`: ksrtp against plain forwarding,
# kernel IPsec ESP and a libsrtp2 userspace relay, in the test VM (tools/bench/vm-datapath.sh).
#
#   tools/bench/datapath.sh [--quick] [--kver SPEC] [--reps N] [--secs S] [--only a,b]
#
# Writes build/bench/datapath.log (raw), build/bench/datapath.json and build/bench/datapath.md
# (the table, also printed). BENCH_QUICK=1 is --quick (one size, fewer setups, ~3 min).
#
# Without /dev/kvm the VM runs under TCG with -icount (instruction counting): the guest's clock
# advances 16 ns per executed instruction, so every cost is an instruction count and the
# numbers do not depend on the host's load; they are NOT real-time speeds -- only the ratios
# between setups mean anything. With a usable /dev/kvm (KVM, -cpu host) the VM gets 2 vCPUs
# and real time is measured (the gateway's work pinned to vCPU1).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

quick=${BENCH_QUICK:-0} kver= reps= secs= only=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1; shift ;;
	--kver) kver=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--secs) secs=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	-h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "datapath.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
out=build/bench
mkdir -p "$out"
append="ksrtpbench.quick=$quick"
[ -n "$reps" ] && append+=" ksrtpbench.reps=$reps"
[ -n "$secs" ] && append+=" ksrtpbench.secs=$secs"
[ -n "$only" ] && append+=" ksrtpbench.only=$only"
[ -n "${BENCH_CHURN:-}" ] && append+=" ksrtpbench.churn=$BENCH_CHURN"

if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${KSRTP_VM_KVM:-1}" != 0 ]; then
	vmargs=(--smp 2)
	accel="KVM, -cpu host, 2 vCPUs, wall clock (gateway pinned to vCPU1)"
else
	shift_=4
	vmargs=(--smp 1 --icount $shift_)
	accel="TCG with -icount shift=$shift_ (guest time = instructions x 16 ns), 1 vCPU: costs are instruction counts, NOT real speed; only ratios mean anything"
fi
cmd="make bench (tools/bench/datapath.sh)"
[ "$quick" = 1 ] && cmd="BENCH_QUICK=1 make bench (tools/bench/datapath.sh --quick)"
echo "== datapath benchmark: $accel"
t0=$(date +%s)
rc=0
# The harness boots the VM: --perf = no slub_debug, no panic_on_warn (they cost per packet);
# KSRTP_BENCH_BINDIR=DIR adds binaries from DIR (they win over build/tools).
bindir=()
[ -n "${KSRTP_BENCH_BINDIR:-}" ] && bindir=(--bindir "$KSRTP_BENCH_BINDIR")
tools/vm/run.sh --kver "$kver" --perf "${vmargs[@]}" "${bindir[@]}" --append "$append" \
	--run tools/bench/vm-datapath.sh >"$out/datapath.log" 2>&1 || rc=$?
grep -E '^# ' "$out/datapath.log" | grep -vE '^# (accelerator|compiling|.*: prepared in|.*: booted in)' || true
if ! grep -q '^BENCHDONE' "$out/datapath.log"; then
	echo "datapath.sh: the benchmark did not finish (exit status $rc); log: $out/datapath.log" >&2
	tail -n 30 "$out/datapath.log" >&2
	exit 1
fi
python3 tools/bench/report.py "$out/datapath.log" --json "$out/datapath.json" --md "$out/datapath.md" \
	--command "$cmd" --accel "$accel"
{
	echo "## Datapath (kernel module against plain forwarding, kernel ESP, libsrtp2)"
	echo
	if [ "${vmargs[0]}" = --smp ] && [ "${vmargs[1]}" = 1 ]; then
		echo "> **TCG, no hardware virtualization: the costs below are instruction counts" \
			"(guest time under qemu -icount, 16 ns per instruction), not real speeds.** Only" \
			"the ratios between setups mean anything, and they weigh every instruction alike" \
			"(an AES-NI round as much as a load that misses the cache)."
		echo
	fi
	echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: $(nproc) CPUs," \
		"$(lscpu | sed -n 's/^Model name: *//p' | head -1); qemu $(qemu-system-x86_64 --version | head -1 | awk '{ print $4 }')."
	echo
	cat "$out/datapath.md"
	echo
	cat tools/bench/datapath-method.md
} >"$out/datapath-doc.md"
tools/bench/docsection.sh datapath "$out/datapath-doc.md"
echo "== datapath benchmark done in $(($(date +%s) - t0)) s: $out/datapath.json, $out/datapath.md, docs/benchmarks.md"
