#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/bench/vmrun.sh - boot the test VM and run one benchmark script in it: a thin wrapper of
# the harness (tools/vm/run.sh --run SCRIPT --perf); its output is streamed verbatim to stdout,
# the exit status is the script's.
#
#   tools/bench/vmrun.sh [--kver SPEC] [--smp N] [--mem SIZE] [--timeout S] [--append ARGS]
#                        [--icount SHIFT | --mttcg] SCRIPT
#
# --icount SHIFT: TCG with instruction counting (-icount shift=SHIFT,sleep=off): the guest's
# clock advances 2^SHIFT ns per executed instruction, so time measured in the guest counts
# instructions and no longer depends on the host's load (single-threaded TCG; use --smp 1).
# --mttcg: multi-threaded TCG (one host thread per vCPU, wall clock) when there is no KVM.
# Without either, KVM (-cpu host) when /dev/kvm is usable (KSRTP_VM_KVM=0 forces TCG).
#
# The kernel boots without slub_debug and panic_on_warn (run.sh --perf: they change per-packet
# costs). KSRTP_VM_NO_BUILD=1: no make/module build; KSRTP_BENCH_BINDIR=DIR: take binaries
# from DIR too (they win over build/tools; run.sh --bindir).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)

args=(--perf --timeout 1500 --smp 2)
while [ $# -gt 1 ]; do
	case "$1" in
	--kver|--smp|--mem|--timeout|--append|--icount) args+=("$1" "$2"); shift 2 ;;
	--mttcg) args+=("$1"); shift ;;
	*) echo "vmrun.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
script=${1:?usage: vmrun.sh [options] SCRIPT}
[ -r "$script" ] || { echo "vmrun.sh: no script $script" >&2; exit 2; }
[ -n "${KSRTP_BENCH_BINDIR:-}" ] && args+=(--bindir "$KSRTP_BENCH_BINDIR")
exec "$top/tools/vm/run.sh" "${args[@]}" --run "$script"
