#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/leakcheck.sh RANGES - in the VM, after ksrtp was unloaded: list slab objects that are
# still allocated and whose allocation stack runs through the code of ksrtp (or of a test fixture
# module: any module noted in RANGES). Exit 1 if there are any.
#
# The VM boots with slub_debug=U on the kmalloc caches: every object records its allocation
# stack (stack depot), and /sys/kernel/debug/slab/<cache>/alloc_traces lists the live objects
# grouped by stack. Once the module is gone, its frames print as raw addresses (%pS finds no
# symbol); RANGES holds "NAME 0xBASE SIZE" lines of every place such a module was loaded at during
# the run (from /proc/modules), so a raw frame inside one of them is an object that module
# allocated and never freed. Objects freed by RCU or deferred work are given a moment first.
set -u
ranges=$1
[ -s "$ranges" ] || exit 0
declare -a lo=() hi=() mod=()
while read -r name base size; do
	[ -n "$size" ] || continue
	mod+=("$name")
	lo+=("$(printf '%016x' "$((base))")")
	hi+=("$(printf '%016x' "$((base + size))")")
done < <(sort -u "$ranges")
sleep 1
for f in /sys/kernel/debug/slab/*/alloc_traces; do
	[ -r "$f" ] || continue
	cache=${f%/alloc_traces}
	awk -v cache="${cache##*/}" -v lo="${lo[*]}" -v hi="${hi[*]}" -v mod="${mod[*]}" '
		BEGIN { n = split(lo, L, " "); split(hi, H, " "); split(mod, M, " ") }
		/^ *[0-9]+ / { count = $1; head = $0; sub(/^ *[0-9]+ /, "", head); done = 0 }
		!done && match($0, /0xffffffff[0-9a-f]+/) && RLENGTH == 18 {
			a = "A" substr($0, RSTART + 2, 16)
			for (i = 1; i <= n; i++)
				if (a >= "A" L[i] && a < "A" H[i]) {
					print cache ": " count " object(s) from " head " (" M[i] " code at " substr($0, RSTART, 18) ")"
					done = 1
					break
				}
		}' "$f"
done >/run/ksrtpvm/leakcheck.out
cat /run/ksrtpvm/leakcheck.out
[ ! -s /run/ksrtpvm/leakcheck.out ]
