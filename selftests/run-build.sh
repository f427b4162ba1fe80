#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build everything once (userspace, ASan build, module for each kernel): one TAP line each.
set -uo pipefail
cd "$(dirname "$0")/.."
n=0
t() { local name=$1; shift; n=$((n + 1)); if "$@" >"build/check/build-$n.log" 2>&1; then echo "ok $n $name"; else echo "not ok $n $name"; sed 's/^/# /' "build/check/build-$n.log" | tail -40; fi; }
mkdir -p build/check
t "userspace builds with -Werror" make -s -j2 userspace
t "userspace builds with ASan+UBSan" make -s -j2 SAN=1 userspace
for k in ${KVERS:-6.1 6.12}; do
	t "module builds for $k with W=1" tools/kmod-build.sh "$k" W=1
done
