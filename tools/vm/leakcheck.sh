#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/leakcheck.sh RANGES - in the VM, after ksrtp was unloaded: list slab objects that are
# still allocated and were allocated by the code of ksrtp (or of a test fixture module noted in
# RANGES). Exit 1 if there are any.
#
# The VM boots with slub_debug=U on the kmalloc caches: every object records its allocation
# stack (stack depot) and time, and /sys/kernel/debug/slab/<cache>/alloc_traces lists the live
# objects grouped by stack, with their ages. Once a module is gone, its frames print as raw
# addresses (%pS finds no symbol). RANGES has a "NAME 0xADDR SIZE T0 T1" line for each place a
# module's code occupied and the time window (in jiffies; T1 "-" while loaded) it was there,
# written by lib.sh's ksrtp_load/ksrtp_unload/module_note and by /init. An object is a leak when
# a frame of its stack is a raw address inside such a range and it was allocated inside that
# range's window: the window excludes other modules whose code later (or earlier) sat at the
# same addresses, e.g. the freed init code of a module loaded before ksrtp. ksrtp's dependencies
# are loaded at boot so that a `modprobe ksrtp` loads ksrtp alone.
# Objects freed by RCU or deferred work are given a moment first.
set -u
ranges=$1
[ -s "$ranges" ] || exit 0
# One line per range: lo hi (16 hex digits) name t0 t1 (t1: the earliest close, else "inf").
awk '{ k = $1 " " $2 " " $3 " " $4
       if (!(k in t1) || t1[k] == "-") t1[k] = $5
       else if ($5 != "-" && $5 + 0 < t1[k] + 0) t1[k] = $5 }
     END { for (k in t1) print k, t1[k] }' "$ranges" >/run/ksrtpvm/ranges.merged
declare -a lo=() hi=() mod=() t0=() t1=()
while read -r name base size a b; do
	[ -n "$b" ] || continue
	mod+=("$name")
	lo+=("$(printf '%016x' "$((base))")")
	hi+=("$(printf '%016x' "$((base + size))")")
	t0+=("$a")
	if [ "$b" = - ]; then t1+=(99999999999999999); else t1+=("$b"); fi
done </run/ksrtpvm/ranges.merged
sleep 1
for f in /sys/kernel/debug/slab/*/alloc_traces; do
	[ -r "$f" ] || continue
	cache=${f%/alloc_traces}
	# The kernel computes the ages while the file is read: bracket that with two clock reads.
	nb=$(awk '$1 == "timestamp" { print $2 }' /proc/schedstat)
	cat "$f" >/run/ksrtpvm/traces
	na=$(awk '$1 == "timestamp" { print $2 }' /proc/schedstat)
	awk -v cache="${cache##*/}" -v lo="${lo[*]}" -v hi="${hi[*]}" -v mod="${mod[*]}" \
		-v t0="${t0[*]}" -v t1="${t1[*]}" -v nb="$nb" -v na="$na" '
		BEGIN { n = split(lo, L, " "); split(hi, H, " "); split(mod, M, " ")
			split(t0, T0, " "); split(t1, T1, " ") }
		/^ *[0-9]+ / {
			count = $1; head = $0; sub(/^ *[0-9]+ /, "", head); done = 0
			# age=MIN/AVG/MAX or age=N, in jiffies: the objects were allocated in [first, last].
			first = last = -1
			if (match(head, /age=[0-9\/]+/)) {
				k = split(substr(head, RSTART + 4, RLENGTH - 4), A, "/")
				last = na - A[1]; first = nb - A[k]
			}
		}
		!done && match($0, /0xffffffff[0-9a-f]+/) && RLENGTH == 18 {
			a = "A" substr($0, RSTART + 2, 16)
			for (i = 1; i <= n; i++) {
				if (!(a >= "A" L[i] && a < "A" H[i]))
					continue
				# Times are jiffies (/proc/schedstat), exactly what the ages count; 2 of slack.
				# Code of another module that sat here before (e.g. the freed init code of a
				# dependency) allocated before the modprobe of ksrtp began (no quote here: awk).
				if (first >= 0 && (last < T0[i] - 2 || first > T1[i] + 2))
					continue
				print cache ": " count " object(s) from " head " (" M[i] " code at " substr($0, RSTART, 18) \
					"; " M[i] " was at " L[i] "-" H[i] " from " T0[i] " to " T1[i] " (jiffies), read at " na ")"
				done = 1
				break
			}
		}' /run/ksrtpvm/traces
done >/run/ksrtpvm/leakcheck.out
cat /run/ksrtpvm/leakcheck.out
[ ! -s /run/ksrtpvm/leakcheck.out ]
