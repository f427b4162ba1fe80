#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/bench/vcpus.sh - throughput with 1 against 2 vCPUs (the vcpus part of `make bench`):
# boots the test VM (tools/vm/run.sh --run tools/bench/vm-vcpus.sh) with -smp 1 and -smp 2,
# interleaved (1 2, 2 1, 1 2, ...), and compares the packets per second the sink receives for
# plain forwarding and ksrtp protect.
#
#   tools/bench/vcpus.sh [--quick] [--kver SPEC] [--reps N] [--secs S] [--gens N] [--flows N]
#                        [--setups a,b]
#
# Writes build/bench/vcpus.log (raw), build/bench/vcpus.json, build/bench/vcpus.md (the table,
# also printed) and the vcpus section of docs/benchmarks.md. --quick (or BENCH_QUICK=1): one
# repetition, plain and module-cm80, 3 s windows.
#
# No -icount here (it runs every vCPU in one host thread): without /dev/kvm the VM runs under
# multi-threaded TCG (-accel tcg,thread=multi, one host thread per vCPU) on the WALL CLOCK of a
# shared host, so the rates are emulator speeds that move with the host's load; only the ratio
# 2 vCPUs / 1 vCPU means anything, and it is bounded by the host's cores. With a usable
# /dev/kvm the same runs use KVM.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

quick=${BENCH_QUICK:-0} kver= reps= secs= gens= flows= setups=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1; shift ;;
	--kver) kver=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--secs) secs=$2; shift 2 ;;
	--gens) gens=$2; shift 2 ;;
	--flows) flows=$2; shift 2 ;;
	--setups) setups=$2; shift 2 ;;
	-h|--help) sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "vcpus.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
	esac
done
if [ "$quick" = 1 ]; then
	reps=${reps:-1} secs=${secs:-3} setups=${setups:-plain,module-cm80}
fi
reps=${reps:-3}
out=build/bench
mkdir -p "$out"
log=$out/vcpus.log
: >"$log"
append=
[ -n "$secs" ] && append+=" ksrtpvcpus.secs=$secs"
[ -n "$gens" ] && append+=" ksrtpvcpus.gens=$gens"
[ -n "$flows" ] && append+=" ksrtpvcpus.flows=$flows"
[ -n "$setups" ] && append+=" ksrtpvcpus.setups=$setups"
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "${KSRTP_VM_KVM:-1}" != 0 ]; then
	accel="KVM (-cpu host), wall clock"
else
	accel="multi-threaded TCG (-accel tcg,thread=multi, one host thread per vCPU), no -icount: WALL CLOCK on a shared $(nproc)-core host"
fi
# The host's view of each measurement window: at the guest's "VCPUSMARK begin|end SETUP" lines,
# qemu's CPU time (all its threads) and the host's busy/total CPU time (/proc/stat).
qemu_pid() { # RUNSH_PID: run.sh -> /usr/bin/time -> run.sh? -> python3 qemu-run.py -> qemu
	local p=$1 c i
	for ((i = 0; i < 4; i++)); do
		c=$(pgrep -P "$p" | head -n1) || return 1
		[ "$(cat "/proc/$c/comm" 2>/dev/null)" = qemu-system-x86 ] && { echo "$c"; return 0; }
		p=$c
	done
	return 1
}
monitor() { # RUNSH_PID: a VCPUSHOSTMARK line for every VCPUSMARK line on stdin
	local line qp ticks busy total x u n s i w q sq st
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		'VCPUSMARK '*)
			ticks=null
			if qp=$(qemu_pid "$1"); then
				ticks=$(awk '{ print $14 + $15 }' "/proc/$qp/stat" 2>/dev/null) || ticks=null
			fi
			read -r x u n s i w q sq st x </proc/stat
			busy=$((u + n + s + q + sq + st)) total=$((u + n + s + i + w + q + sq + st))
			echo "VCPUSHOSTMARK {\"mark\":\"${line#VCPUSMARK }\",\"t\":$EPOCHREALTIME,\"qemu_ticks\":${ticks:-null},\"hz\":$hz,\"host_busy\":$busy,\"host_total\":$total,\"loadavg\":\"$(cut -d' ' -f1 /proc/loadavg)\"}"
			;;
		esac
	done
}
hz=$(getconf CLK_TCK)
chan=$out/vcpus.chan marks=$out/vcpus.marks
trap 'rm -f "$chan" "$marks"' EXIT
echo "== vcpus benchmark: $accel; $reps x (1 vCPU, 2 vCPUs), interleaved"
t0=$(date +%s)
build=1
for ((rep = 1; rep <= reps; rep++)); do
	order="1 2"
	[ $((rep % 2)) = 0 ] && order="2 1"
	for smp in $order; do
		echo "VCPUSBOOT {\"rep\":$rep,\"smp\":$smp}" >>"$log"
		tf=$(mktemp)
		rc=0
		# The first boot builds (make userspace, the module); the others reuse it.
		: >"$chan"
		KSRTP_VM_NO_BUILD=$((1 - build)) /usr/bin/time -f "%e %U %S" -o "$tf" \
			tools/vm/run.sh --kver "$kver" --smp "$smp" --mttcg --perf --timeout 900 \
			--chan "$chan" --append "ksrtpvcpus.rep=$rep$append" \
			--run tools/bench/vm-vcpus.sh >>"$log" 2>&1 &
		rpid=$!
		tail -n +1 -F --pid="$rpid" "$chan" 2>/dev/null | monitor "$rpid" >"$marks"
		wait "$rpid" || rc=$?
		cat "$marks" >>"$log"
		build=0
		read -r wall user sys <"$tf" || true
		rm -f "$tf"
		echo "VCPUSHOST {\"rep\":$rep,\"smp\":$smp,\"rc\":$rc,\"wall\":${wall:-0},\"user\":${user:-0},\"sys\":${sys:-0}}" >>"$log"
		echo "# rep $rep, $smp vCPU(s): exit $rc, $(grep -c '^VCPUS {' "$log") measurements so far, $(($(date +%s) - t0)) s"
		[ "$rc" = 0 ] || { echo "vcpus.sh: the VM run failed (exit $rc); log: $log" >&2; tail -n 30 "$log" >&2; exit 1; }
	done
done
cmd="tools/bench/vcpus.sh"
[ "$quick" = 1 ] && cmd+=" --quick"
[ -n "$kver" ] && cmd+=" --kver $kver"
python3 tools/bench/vcpus-report.py "$log" --json "$out/vcpus.json" --md "$out/vcpus.md" \
	--command "$cmd" --accel "$accel"
cat "$out/vcpus.md"
{
	echo "## Throughput with 1 and 2 vCPUs"
	echo
	cat "$out/vcpus.md"
	echo
	cat tools/bench/vcpus-method.md
} >"$out/vcpus-doc.md"
tools/bench/docsection.sh vcpus "$out/vcpus-doc.md"
echo "== vcpus benchmark done in $(($(date +%s) - t0)) s: $out/vcpus.json, $out/vcpus.md, docs/benchmarks.md"
