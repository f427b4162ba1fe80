#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/leakcheck.sh RANGES - in the VM, after ksrtp was unloaded: list slab objects that are
# still allocated and whose allocation stack runs through ksrtp's code. Exit 1 if there are any.
#
# The VM boots with slub_debug=U on the kmalloc caches: every object records its allocation
# stack (stack depot), and /sys/kernel/debug/slab/<cache>/alloc_traces lists the live objects
# grouped by stack. Once the module is gone, its frames print as raw addresses (%pS finds no
# symbol); RANGES holds "0xBASE SIZE" lines of every place ksrtp was loaded at during the run
# (from /proc/modules), so a raw frame inside one of them is an object ksrtp allocated and never
# freed. Objects freed by RCU or deferred work are given a moment first.
set -u
ranges=$1
[ -s "$ranges" ] || exit 0
declare -a lo=() hi=()
while read -r base size; do
	[ -n "$base" ] || continue
	lo+=("$(printf '%016x' "$((base))")")
	hi+=("$(printf '%016x' "$((base + size))")")
done < <(sort -u "$ranges")
sleep 1
for f in /sys/kernel/debug/slab/*/alloc_traces; do
	[ -r "$f" ] || continue
	cache=${f%/alloc_traces}
	awk -v cache="${cache##*/}" -v lo="${lo[*]}" -v hi="${hi[*]}" '
		BEGIN { n = split(lo, L, " "); split(hi, H, " ") }
		/^ *[0-9]+ / { count = $1; head = $0; sub(/^ +/, "", head) }
		match($0, /0xffffffff[0-9a-f]+/) && RLENGTH == 18 {
			a = "A" substr($0, RSTART + 2, 16)
			for (i = 1; i <= n; i++)
				if (a >= "A" L[i] && a < "A" H[i]) {
					print cache ": " count " object(s) allocated at " head " (ksrtp frame " substr($0, RSTART, 18) ")"
					break
				}
		}' "$f"
done >/run/ksrtpvm/leakcheck.out
cat /run/ksrtpvm/leakcheck.out
[ ! -s /run/ksrtpvm/leakcheck.out ]
