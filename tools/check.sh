#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/check.sh - run every test suite of ksrtp (what `make check` runs).
#
# Each suite is a command printing TAP/KTAP: result lines "ok N name", "not ok N name",
# "ok N name # SKIP why" at column 0 (indented lines are subtests and diagnostics). This
# script prints every result line prefixed by its suite, keeps full logs in build/check/,
# shows the log tail of a failing suite, and closes with "N passed, N failed[, N skipped]".
#
#   tools/check.sh [SUITE...]     SUITE: build unit valgrind tsan fuzz tshark lint vm
#   KVERS="6.1 6.12"              kernels for the vm and lint suites
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logdir=build/check
mkdir -p "$logdir"
pass=0 fail=0 skip=0
declare -a failed_names=()

run_suite() {
	local name=$1; shift
	local log="$logdir/$name.log" rc n_before=$((pass + fail + skip)) f_before=$fail line
	echo "# suite $name: $*"
	local t0=$SECONDS
	"$@" >"$log" 2>&1 </dev/null &
	local pid=$!
	# Follow the log live so long suites show progress.
	tail -n +1 -f --pid=$pid "$log" 2>/dev/null | while IFS= read -r line; do
		case "$line" in
		"ok "*|"not ok "*) echo "$name: $line" ;;
		esac
	done
	wait $pid; rc=$?
	while IFS= read -r line; do
		case "$line" in
		"not ok "*) fail=$((fail + 1)); failed_names+=("$name: ${line#not ok }") ;;
		"ok "*"# SKIP"*|"ok "*"# skip"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+' "$log")
	if [ $((pass + fail + skip)) -eq "$n_before" ]; then
		echo "$name: not ok 0 suite printed no results (exit $rc)"
		fail=$((fail + 1)); failed_names+=("$name: printed no results (exit $rc)")
	elif [ "$rc" -ne 0 ] && [ "$fail" -eq "$f_before" ]; then
		echo "$name: not ok 0 suite exited $rc"
		fail=$((fail + 1)); failed_names+=("$name: exited $rc")
	fi
	if [ "$fail" -ne "$f_before" ]; then
		echo "# ---- $name: last lines of $log ----"
		tail -n 80 "$log" | sed 's/^/#   /'
		echo "# ----"
	fi
	echo "# suite $name done in $((SECONDS - t0)) s"
}

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(build unit valgrind tsan fuzz tshark lint vm)
: "${KVERS:=6.1 6.12}"

for s in "${suites[@]}"; do
	case "$s" in
	build)    run_suite build selftests/run-build.sh ;;
	unit)     run_suite unit selftests/run-unit.sh san ;;
	valgrind) run_suite valgrind selftests/run-unit.sh valgrind ;;
	tsan)     run_suite tsan selftests/run-unit.sh tsan ;;
	fuzz)     run_suite fuzz selftests/run-fuzz-replay.sh ;;
	tshark)   [ -x selftests/run-tshark.sh ] && run_suite tshark selftests/run-tshark.sh ;;
	lint)     run_suite lint tools/lint.sh $KVERS ;;
	vm)       for k in $KVERS; do run_suite "vm-$k" tools/vm/run.sh --kver "$k"; done ;;
	*) echo "check.sh: unknown suite '$s'" >&2; exit 2 ;;
	esac
done

if [ ${#failed_names[@]} -gt 0 ]; then
	echo "# failed:"
	printf '#   %s\n' "${failed_names[@]}"
fi
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
