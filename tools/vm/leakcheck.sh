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
# module's code occupied and the time window (uptime in ms; T1 "-" while loaded) it was there,
# written by lib.sh's ksrtp_load/ksrtp_unload/module_note and by /init. An object is a leak when
# a frame of its stack is a raw address inside such a range and it was allocated inside that
# range's window: the window excludes other modules whose code later (or earlier) sat at the
# same addresses, e.g. the freed init code of a module loaded before ksrtp. ksrtp's dependencies
# are loaded at boot so that a `modprobe ksrtp` loads ksrtp alone.
# Objects freed by RCU or deferred work are given a moment first.
set -u
ranges=$1
[ -s "$ranges" ] || exit 0
hz=$(cat /usr/share/ksrtp/hz 2>/dev/null || echo 250)
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
	if [ "$b" = - ]; then t1+=(999999999999); else t1+=("$b"); fi
done </run/ksrtpvm/ranges.merged
sleep 1
now=$(awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime)
for f in /sys/kernel/debug/slab/*/alloc_traces; do
	[ -r "$f" ] || continue
	cache=${f%/alloc_traces}
	awk -v cache="${cache##*/}" -v lo="${lo[*]}" -v hi="${hi[*]}" -v mod="${mod[*]}" \
		-v t0="${t0[*]}" -v t1="${t1[*]}" -v now="$now" -v msj="$((1000 / hz))" '
		BEGIN { n = split(lo, L, " "); split(hi, H, " "); split(mod, M, " ")
			split(t0, T0, " "); split(t1, T1, " ") }
		/^ *[0-9]+ / {
			count = $1; head = $0; sub(/^ *[0-9]+ /, "", head); done = 0
			# age=MIN/AVG/MAX or age=N, in jiffies: the objects were allocated in [first, last].
			first = last = -1
			if (match(head, /age=[0-9\/]+/)) {
				na = split(substr(head, RSTART + 4, RLENGTH - 4), A, "/")
				last = now - A[1] * msj; first = now - A[na] * msj
			}
		}
		!done && match($0, /0xffffffff[0-9a-f]+/) && RLENGTH == 18 {
			a = "A" substr($0, RSTART + 2, 16)
			for (i = 1; i <= n; i++) {
				if (!(a >= "A" L[i] && a < "A" H[i]))
					continue
				# 500 ms of slack for jiffies against uptime and the recorded times.
				if (first >= 0 && (last < T0[i] - 500 || first > T1[i] + 500))
					continue
				print cache ": " count " object(s) from " head " (" M[i] " code at " substr($0, RSTART, 18) ")"
				done = 1
				break
			}
		}' "$f"
done >/run/ksrtpvm/leakcheck.out
cat /run/ksrtpvm/leakcheck.out
[ ! -s /run/ksrtpvm/leakcheck.out ]
