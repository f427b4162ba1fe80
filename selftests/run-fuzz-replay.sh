#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Replay each libFuzzer target's committed seed corpus (no new fuzzing): one TAP line each.
set -uo pipefail
cd "$(dirname "$0")/.."
make -s -j2 fuzzers >&2 || { echo "not ok 1 build fuzzers"; exit 1; }
n=0
for f in build/fuzz/fuzz_*; do
	[ -x "$f" ] || continue
	n=$((n + 1)); name=${f##*/fuzz_}; c=selftests/fuzz/corpus/$name
	if [ ! -d "$c" ] || [ -z "$(ls -A "$c")" ]; then echo "not ok $n $name: no seed corpus in $c"; continue; fi
	if "$f" -runs=0 -timeout=10 "$c" >"build/fuzz/$name.replay.log" 2>&1; then
		echo "ok $n fuzz replay $name ($(ls "$c" | wc -l) inputs)"
	else
		echo "not ok $n fuzz replay $name"; tail -30 "build/fuzz/$name.replay.log" | sed 's/^/# /'
	fi
done
[ $n -gt 0 ] || echo "ok 1 no fuzz targets yet # SKIP"
