#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# selftests/run-unit.sh san|valgrind - run every unit test program (TAP) of the library.
#   san:      the ASan+UBSan build (build/san), each program's TAP lines nested as subtests
#   valgrind: the plain build under valgrind memcheck (errors and leaks fail)
# Prints one top-level TAP line per program.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-san}
case "$mode" in
san) make -s -j2 SAN=1 unit >&2 || { echo "not ok 1 build unit tests (SAN=1)"; exit 1; }; dir=build/san/selftests ;;
valgrind) make -s -j2 unit >&2 || { echo "not ok 1 build unit tests"; exit 1; }; dir=build/selftests ;;
*) echo "usage: $0 san|valgrind" >&2; exit 2 ;;
esac
n=0
for t in "$dir"/test_*; do
	[ -x "$t" ] || continue
	n=$((n + 1)); name=${t##*/}
	if [ "$mode" = valgrind ]; then
		cmd=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$t")
	else
		cmd=("$t")
	fi
	out=$(KSRTP_VECTORS=../shared/vectors "${cmd[@]}" 2>&1); rc=$?
	echo "$out" | sed 's/^/    /'
	if [ $rc -eq 0 ] && ! echo "$out" | grep -qE '^not ok'; then
		echo "ok $n $name"
	else
		echo "not ok $n $name (exit $rc)"
	fi
done
# Tool tests: selftests/tools/*.sh MODE, TAP programs that build and run their tools.
for t in selftests/tools/*.sh; do
	[ -x "$t" ] || continue
	n=$((n + 1)); name=tools/${t##*/}
	out=$(KSRTP_VECTORS=../shared/vectors "$t" "$mode" 2>&1); rc=$?
	echo "$out" | sed 's/^/    /'
	if [ $rc -eq 0 ] && ! echo "$out" | grep -qE '^not ok'; then
		echo "ok $n $name"
	else
		echo "not ok $n $name (exit $rc)"
	fi
done
[ $n -gt 0 ] || echo "ok 1 no unit tests yet # SKIP"
