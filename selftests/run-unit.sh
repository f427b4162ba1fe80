#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# selftests/run-unit.sh san|valgrind|tsan - run every unit test program (TAP) of the library.
#   san:      the ASan+UBSan build (build/san), each program's TAP lines nested as subtests
#   valgrind: the plain build under valgrind memcheck (errors and leaks fail); the programs see
#             KSRTP_UNDER_VALGRIND=1 and may sample exhaustive loops (e.g. every bit flip) there
#   tsan:     the ThreadSanitizer build (build/tsan), only the programs that start threads (a
#             data race fails the program)
# Also runs selftests/tools/*.sh MODE (TAP scripts that exercise the command-line tools).
# Two programs run at a time; one top-level TAP line per program, in a stable order.
set -uo pipefail
cd "$(dirname "$0")/.."
mode=${1:-san}
case "$mode" in
san) make -s -j2 SAN=1 unit >&2 || { echo "not ok 1 build unit tests (SAN=1)"; exit 1; }; dir=build/san/selftests ;;
valgrind) make -s -j2 unit userspace >&2 || { echo "not ok 1 build unit tests"; exit 1; }; dir=build/selftests ;;
tsan) make -s -j2 SAN=thread unit >&2 || { echo "not ok 1 build unit tests (SAN=thread)"; exit 1; }; dir=build/tsan/selftests ;;
*) echo "usage: $0 san|valgrind|tsan" >&2; exit 2 ;;
esac
export KSRTP_VECTORS=${KSRTP_VECTORS:-$PWD/../shared/vectors}
out=build/check/unit-$mode
rm -rf "$out"; mkdir -p "$out"

progs=()
for t in "$dir"/test_*; do
	[ -x "$t" ] || continue
	# tsan: the programs whose source starts threads
	if [ "$mode" = tsan ] && ! grep -qs pthread_create "selftests/unit/${t##*/}.c"; then
		continue
	fi
	progs+=("$t")
done
if [ "$mode" != tsan ]; then
	for t in selftests/tools/*.sh; do [ -x "$t" ] && progs+=("$t"); done
fi

run_one() { # index program
	local i=$1 t=$2 t0=$SECONDS rc
	if [ "${t##*.}" = sh ]; then
		"$t" "$mode" >"$out/$i.log" 2>&1
	elif [ "$mode" = tsan ]; then
		# TSan needs the classic address-space layout (setarch -R) on kernels with large
		# mmap randomisation
		TSAN_OPTIONS="halt_on_error=1 exitcode=66" setarch "$(uname -m)" -R "$t" \
			>"$out/$i.log" 2>&1
	elif [ "$mode" = valgrind ]; then
		KSRTP_UNDER_VALGRIND=1 valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect "$t" >"$out/$i.log" 2>&1
	else
		"$t" >"$out/$i.log" 2>&1
	fi
	rc=$?
	echo "$rc $((SECONDS - t0))" >"$out/$i.rc"
}

for i in "${!progs[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
	run_one "$i" "${progs[$i]}" &
done
wait

n=0
for i in "${!progs[@]}"; do
	t=${progs[$i]}; n=$((n + 1))
	case "$t" in *.sh) name=tools/${t##*/} ;; *) name=${t##*/} ;; esac
	read -r rc secs <"$out/$i.rc"
	sed 's/^/    /' "$out/$i.log"
	if [ "$rc" -eq 0 ] && ! grep -qE '^not ok' "$out/$i.log"; then
		echo "ok $n $name (${secs} s)"
	else
		echo "not ok $n $name (exit $rc)"
	fi
done
[ $n -gt 0 ] || echo "ok 1 no unit tests yet # SKIP"
