#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ksrtpvm-timeout: 900
#
# tools/bench/vm-vcpus.sh - one boot of the 1-vs-2-vCPU throughput benchmark, run inside the test
# VM by tools/bench/vcpus.sh (which boots it with 1 and then 2 vCPUs, multi-threaded TCG or KVM,
# no -icount: the guest runs on the wall clock). Prints one "VCPUS {json}" line per measurement,
# "VCPUSEVIDENCE {json}" (where ksrtp's protect function ran, per CPU) and "VCPUSDONE".
#
# Topology: gen (n0) --veth-- A (n1) --veth-- sink (n2); the media goes to 10.99.0.1:5004,
# which the sink drops in its routing (blackhole). A forwards (plain) or protects with a ksrtp
# SA at POST_ROUTING (module-SUITE). The generators are GENS processes of ksrtp-srtp-relay gen
# (2 by default, with 1 vCPU too: the same work to schedule), each sending FLOWS flows (--flows:
# a socket each, source ports 40000+100*g+k, SSRC 0x5eed0000+256*g+k, batches of 32 round
# robin), pinned round robin to the vCPUs at nice 19: whenever the kernel defers the packets' softirq work to ksoftirqd, it
# runs first (at nice 0 the generators would starve it and overflow the backlog queues -- the
# receive livelock of an overloaded host -- and the rates would measure that). Two ways to spread A's work over the vCPUs:
#   SETUP      per-CPU flows (like RSS with one NIC queue per CPU): no steering; a packet is
#              forwarded/protected and dropped at the sink on the vCPU that sent it, in the
#              sender's softirq -- the sender is held back by its own packets' cost, nothing is
#              dropped on the way
#   rps-SETUP  receive packet steering on A's ingress veth (rps_cpus = every vCPU): each flow's
#              hash picks the vCPU that forwards/protects it, whichever vCPU sent it. Senders are
#              not held back, so with 2 vCPUs the backlog queues overflow (counted) and part of
#              the generators' work is wasted: an overload measurement
# Measured: the packets the sink receives per second over a window in the middle of each run
# (the whole VM's throughput: generators, gateway and sink share the vCPUs).
#
# Parameters (kernel command line): ksrtpvcpus.secs=S (window, default 5), ksrtpvcpus.warm=S
# (default 1), ksrtpvcpus.gens=N (default 2), ksrtpvcpus.flows=N (per generator, default 4),
# ksrtpvcpus.setups=a,b (default
# plain,module-cm80,module-gcm128,rps-plain,rps-module-cm80), ksrtpvcpus.rep=N (the host's
# repetition, for the record).
. "${KSRTP_TESTS:-$(dirname "$0")}/lib.sh"
set -u
KSRTP_TEST_NAME=vcpus

secs=5 warm=1 gens=2 flows=4 setups=plain,module-cm80,module-gcm128,rps-plain,rps-module-cm80 rep=1
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	ksrtpvcpus.secs=*) secs=${arg#*=} ;;
	ksrtpvcpus.warm=*) warm=${arg#*=} ;;
	ksrtpvcpus.flows=*) flows=${arg#*=} ;;
	ksrtpvcpus.gens=*) gens=${arg#*=} ;;
	ksrtpvcpus.setups=*) setups=${arg#*=} ;;
	ksrtpvcpus.rep=*) rep=${arg#*=} ;;
	esac
done
ncpu=$(grep -c ^processor /proc/cpuinfo)
mask=$(((1 << ncpu) - 1))
say() { echo "# $*"; }

DST=10.99.0.1
PORT=5004
W=/tmp/vcpus
mkdir -p $W
hexrand() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
echo "$(hexrand 16) $(hexrand 14)" >$W/k-cm
echo "$(hexrand 16) $(hexrand 12)" >$W/k-gcm128
echo "$(hexrand 32) $(hexrand 12)" >$W/k-gcm256
suite_of() {
	case "$1" in
	cm80) echo AES_CM_128_HMAC_SHA1_80 ;;
	cm32) echo AES_CM_128_HMAC_SHA1_32 ;;
	gcm128) echo AEAD_AES_128_GCM ;;
	gcm256) echo AEAD_AES_256_GCM ;;
	esac
}
keyfile() {
	case "$1" in
	cm*) echo $W/k-cm ;;
	*) echo "$W/k-$1" ;;
	esac
}

netns_chain 3 || { echo "VCPUSERROR cannot build the namespace chain"; exit 1; }
AIN=$(addr4 1 0) SINK=$(addr4 2 1) GEN=$(addr4 0 1)
ip0 route add 10.99.0.0/24 via "$AIN"
ip1 route add 10.99.0.0/24 via "$SINK"
ip2 route add blackhole 10.99.0.0/24
n0 ping -c1 -W2 "$SINK" >/dev/null || say "warning: ping through the chain failed"
n2 ping -c1 -W2 "$GEN" >/dev/null
# RPS on A's ingress (v0 in A) for the rps-* setups: MASK 0 (off) or every vCPU.
rps() { n1 sh -c "echo $1 >/sys/class/net/v0/queues/rx-0/rps_cpus"; }

nsx() { local i=$1; shift; nsenter --net="/run/netns/$(ns_name "$i")" "$@"; }
nsenter --net="/run/netns/$(ns_name 2)" sleep 100000 &
sinkpid=$!
_bg_pids+=($!)
sink_rx() { # packets received by the sink's veth
	local l
	while read -r l; do
		case "$l" in
		v1:*) set -- ${l#*:}; echo "$2"; return ;;
		esac
	done <"/proc/$sinkpid/net/dev"
	echo 0
}
# Per-CPU counters as JSON arrays: packets processed and backlog drops (/proc/net/softnet_stat),
# NET_RX softirqs (/proc/softirqs), busy ticks (/proc/stat).
percpu() {
	local proc=() drop=() netrx=() busy=() l c u n s i w q sq st rest
	while read -r l; do
		set -- $l
		proc+=($((16#$1))) drop+=($((16#$2)))
	done </proc/net/softnet_stat
	read -r -a netrx < <(awk '$1 == "NET_RX:" { $1 = ""; print }' /proc/softirqs)
	while read -r c u n s i w q sq st rest; do
		case "$c" in cpu[0-9]*) busy+=($((u + n + s + q + sq + st))) ;; esac
	done </proc/stat
	local IFS=,
	echo "{\"processed\":[${proc[*]}],\"backlog_drops\":[${drop[*]}],\"net_rx\":[${netrx[*]:0:$ncpu}],\"busy\":[${busy[*]}]}"
}

# The marks' channel: /dev/ttyS2 (tools/vm/run.sh --chan); without it, marks are dropped.
if stty -F /dev/ttyS2 raw -echo 2>/dev/null && exec 5>/dev/ttyS2; then
	mark() { echo "VCPUSMARK $*" >&5; }
else
	mark() { :; }
fi

have_mod=0
if ksrtp_load 2>$W/modprobe.err; then
	have_mod=1
else
	say "ksrtp does not load: $(cat $W/modprobe.err); module setups skipped"
fi

gen_start() { # SECONDS
	local i
	gpids=()
	for ((i = 0; i < gens; i++)); do
		(
			renice -n 19 -p $BASHPID >/dev/null
			exec nsenter --net="/run/netns/$(ns_name 0)" taskset -c $((i % ncpu)) \
				ksrtp-srtp-relay gen --dst $DST --port $PORT --sport $((40000 + 100 * i)) \
				--flows "$flows" --ssrc $((0x5eed0000 + 256 * i)) --size 160 --batch 32 \
				--duration "$1" -j
		) >"$W/gen.$i.json" 2>&1 &
		gpids+=($!)
	done
}
gen_wait() { # sets sent (packets of all generators) and gen_ok
	local i p
	gen_ok=1 sent=0
	for ((i = 0; i < gens; i++)); do wait "${gpids[$i]}" || gen_ok=0; done
	for ((i = 0; i < gens; i++)); do
		p=$(sed -n 's/.*"packets":\([0-9]*\).*/\1/p' "$W/gen.$i.json")
		[ -n "$p" ] || { say "generator $i failed: $(cat "$W/gen.$i.json")"; gen_ok=0; p=0; }
		sent=$((sent + p))
	done
}
sa_stats() { # -> "packets drops" of A's SAs
	nsx 1 ksrtpctl -j sa stats 2>/dev/null | tr ',{}' '\n\n\n' | awk -F: '
		/"packets"/ { p += $2 }
		/"(auth_fail|replay|malformed|error|no_stream|ssrc_collision|expired|mki_unknown)"/ { d += $2 }
		END { print p + 0, d + 0 }'
}

measure() { # SETUP
	local setup=$1 suite= s0 s1 t0 t1 c0 c1 verify=0 drops=0 ok=1 spread=flows what=$1
	case "$what" in
	rps-*) spread=rps what=${what#rps-}; rps $mask ;;
	*) rps 0 ;;
	esac
	case "$what" in
	plain) ;;
	module-*)
		[ "$have_mod" = 1 ] || return 0
		suite=$(suite_of "${what#module-}")
		[ -n "$suite" ] || { say "unknown setup $setup"; return 1; }
		nsx 1 ksrtpctl sa add dir protect dst $DST port $PORT suite "$suite" \
			key-file "$(keyfile "${what#module-}")" >/dev/null || { say "SA for $setup failed"; return 1; }
		;;
	*) say "unknown setup $setup"; return 1 ;;
	esac
	gen_start "$(awk -v w="$warm" -v s="$secs" 'BEGIN { print w + s + 0.5 }')"
	sleep "$warm"
	# The host samples qemu's CPU time at these marks (tools/bench/vcpus.sh), which go out on
	# their own serial port (the test output pipe delivers lines in bursts, seconds late).
	mark "begin $setup"
	t0=$EPOCHREALTIME s0=$(sink_rx) c0=$(percpu)
	sleep "$secs"
	t1=$EPOCHREALTIME s1=$(sink_rx) c1=$(percpu)
	mark "end $setup"
	gen_wait
	[ "$gen_ok" = 1 ] || ok=0
	if [ -n "$suite" ]; then
		read -r verify drops < <(sa_stats)
		nsx 1 ksrtpctl sa flush >/dev/null
		[ "$drops" = 0 ] || ok=0
	fi
	echo "VCPUS {\"setup\":\"$setup\",\"spread\":\"$spread\",\"ncpu\":$ncpu,\"rep\":$rep,\"gens\":$gens,\"flows\":$((gens * flows)),\"secs\":$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'),\"sink\":$((s1 - s0)),\"sent\":$sent,\"verify_packets\":$verify,\"crypto_drops\":$drops,\"ok\":$ok,\"cpu_before\":$c0,\"cpu_after\":$c1}"
	sleep 0.5
}

IFS=, read -r -a plan <<<"$setups"
say "vcpus: $ncpu vCPU(s), $gens generators x $flows flows, setups ${plan[*]}, ${secs} s windows"
for setup in "${plan[@]}"; do measure "$setup"; done

# Evidence: where ksrtp's protect function runs (a kprobe event, counted per CPU by the trace
# ring buffer), in a short extra run (not measured: the probe costs per packet).
T=/sys/kernel/tracing
if [ "$have_mod" = 1 ] && [ -w $T/kprobe_events ]; then
	nsx 1 ksrtpctl sa add dir protect dst $DST port $PORT suite AES_CM_128_HMAC_SHA1_80 \
		key-file $W/k-cm >/dev/null
	if echo 'p:ksrtpvcpus ksrtp:ksrtp_srtp_protect' >>$T/kprobe_events 2>$W/kprobe.err; then
		echo 4096 >$T/buffer_size_kb
		: >$T/trace
		echo 1 >$T/events/kprobes/ksrtpvcpus/enable
		rps 0
		gen_start 1
		gen_wait
		echo 0 >$T/events/kprobes/ksrtpvcpus/enable
		hits=()
		for ((c = 0; c < ncpu; c++)); do
			hits+=($(awk '/^entries:/ { e = $2 } /^overrun:/ { o = $2 } END { print e + o }' $T/per_cpu/cpu$c/stats))
		done
		echo '-:ksrtpvcpus' >>$T/kprobe_events
		read -r verify drops < <(sa_stats)
		echo "VCPUSEVIDENCE {\"ncpu\":$ncpu,\"function\":\"ksrtp_srtp_protect\",\"hits_per_cpu\":[$(IFS=,; echo "${hits[*]}")],\"sa_packets\":$verify}"
	else
		say "no kprobe on ksrtp_srtp_protect: $(cat $W/kprobe.err)"
	fi
	nsx 1 ksrtpctl sa flush >/dev/null
fi
echo "VCPUSDONE"
