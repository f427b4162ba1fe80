#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ksrtpvm-timeout: 3000
#
# tools/bench/vm-datapath.sh - the datapath benchmark, run inside the test VM (tools/bench/datapath.sh
# boots the VM and turns the output into build/bench/datapath.json and a table). Prints one
# "BENCH {json}" line per measurement and "BENCHENV {json}" lines describing the machine.
#
# Topology: four namespaces in a routed chain (selftests/kernel/lib.sh netns_chain)
#
#     gen (n0) --veth-- A (n1) --veth-- B (n2) --veth-- sink (n3)
#
# The media flows to 10.99.0.1:5004, routed gen -> A -> B -> sink; the sink drops it in its
# routing (blackhole route: no socket, no ICMP back through the gateways). The generator is
# ksrtp-srtp-relay gen: valid RTP from a UDP socket with sendmmsg, increasing sequence numbers,
# round robin over --ssrcs SSRCs. (pktgen cannot be used: it writes its own header over the
# first 16 octets of the UDP payload -- no valid RTP, a fixed sequence number -- and the
# receive side's replay check needs increasing sequence numbers.)
#
# Setups (A is the gateway under test; B forwards, or unprotects in the rx-* setups):
#   plain            A forwards (module loaded, no SA)
#   module-SUITE     A protects with a ksrtp SA (POST_ROUTING)
#   esp-ctr-sha1     A applies xfrm ESP transport mode, rfc3686(ctr(aes)) + hmac(sha1) 96-bit
#   esp-gcm          ... rfc4106(gcm(aes)), 128-bit ICV (Linux applies an "out" transport
#                    policy to forwarded packets, with the flow's own addresses)
#   relay-SUITE      the generator sends to A's address; ksrtp-srtp-relay in A receives with
#                    recvmmsg, protects with libsrtp2, sends on with sendmmsg
#   rx-module-SUITE  A protects and B unprotects (PRE_ROUTING, replay check) with ksrtp
#   local-*          the sending application runs in A: plain, protected by A's ksrtp SA, or
#                    protected by libsrtp2 in the application (ksrtp-srtp-relay gen --protect)
#   scale-*          module-cm80 with 1/1,000/10,000 SAs installed, 1/1,000 SSRCs
#
# Two ways to measure, chosen by the VM's CPU count:
#  - 1 vCPU (datapath.sh runs qemu with -icount: guest time = executed instructions x 2^shift
#    ns, independent of the host's load): every packet goes generator -> A -> B -> sink in one
#    pass on the only CPU, so the generator's own clock gives the end-to-end cost per packet
#    (virtual seconds / packets). datapath.sh's report derives each gateway's cost from the
#    differences (one forwarding hop = plain - local-plain). For the relay, the relay's span
#    from its first to its last packet / packets relayed (the generator's work interleaves).
#  - 2+ vCPUs (wall-clock TCG or KVM): the measured gateway's work is pinned to vCPU1 by
#    receive packet steering, the generator and sink run on vCPU0; vCPU1's busy time from
#    /proc/stat over a window in the middle of the run / packets leaving A = cost per packet.
#
# Parameters (kernel command line, set by datapath.sh): ksrtpbench.quick=1 (subset),
# ksrtpbench.secs=S (generator seconds per measurement), ksrtpbench.reps=N,
# ksrtpbench.only=a,b (setup names; "scaling" for the scaling runs), ksrtpbench.churn=N (before
# the scaling runs, N SA add/flush cycles: the history a full run has at that point).
. "${KSRTP_TESTS:-$(dirname "$0")}/lib.sh"
set -u
KSRTP_TEST_NAME=bench

quick=0 secs=0.4 reps=3 only= churn=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	ksrtpbench.quick=*) quick=${arg#*=} ;;
	ksrtpbench.secs=*) secs=${arg#*=} ;;
	ksrtpbench.reps=*) reps=${arg#*=} ;;
	ksrtpbench.only=*) only=${arg#*=} ;;
	ksrtpbench.churn=*) churn=${arg#*=} ;;
	esac
done

ncpu=$(grep -c ^processor /proc/cpuinfo)
MCPU=1
[ "$ncpu" -lt 2 ] && MCPU=0
# Everything of this script runs on vCPU0; with 2 vCPUs only the measured work goes to vCPU1.
taskset -p 1 $$ >/dev/null

say() { echo "# $*"; }
env_json() { echo "BENCHENV $*"; }
jstr() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n\t' ';;'; }

DST=10.99.0.1
PORT=5004
W=/tmp/bench
mkdir -p $W
# Test keys, random per run.
hexrand() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
echo "$(hexrand 16) $(hexrand 14)" >$W/k-cm
echo "$(hexrand 16) $(hexrand 12)" >$W/k-gcm128
echo "$(hexrand 32) $(hexrand 12)" >$W/k-gcm256
keyfile() {
	case "$1" in
	AES_CM_*) echo $W/k-cm ;;
	AEAD_AES_128_GCM) echo $W/k-gcm128 ;;
	AEAD_AES_256_GCM) echo $W/k-gcm256 ;;
	esac
}
short() {
	case "$1" in
	AES_CM_128_HMAC_SHA1_80) echo cm80 ;;
	AES_CM_128_HMAC_SHA1_32) echo cm32 ;;
	AEAD_AES_128_GCM) echo gcm128 ;;
	AEAD_AES_256_GCM) echo gcm256 ;;
	esac
}
ESP_CTR_KEY=0x$(hexrand 20) ESP_SHA1_KEY=0x$(hexrand 20) ESP_GCM_KEY=0x$(hexrand 20)

# ---- the machine ------------------------------------------------------------------------
netns_chain 4 || { echo "BENCHERROR cannot build the namespace chain"; exit 1; }
GEN=$(addr4 0 1) AIN=$(addr4 1 0) BIN=$(addr4 2 1) SINK=$(addr4 3 2)
ip0 route add 10.99.0.0/24 via "$AIN"
ip1 route add 10.99.0.0/24 via "$BIN"
ip2 route add 10.99.0.0/24 via "$SINK"
netns_forwarding 3
ip3 route add blackhole 10.99.0.0/24
# Resolve the neighbours once (packets to an unresolved neighbour are queued and dropped).
n0 ping -c1 -W2 "$SINK" >/dev/null || say "warning: ping through the chain failed"
n3 ping -c1 -W2 "$GEN" >/dev/null
n1 ping -c1 -W2 "$BIN" >/dev/null

# Cheap namespace entry (ip netns exec also remounts /sys, which costs much more under TCG).
nsx() { local i=$1; shift; nsenter --net="/run/netns/$(ns_name "$i")" "$@"; }
# One idle process per namespace whose /proc/PID/net/dev gives the namespace's counters.
declare -A keeper
for i in 1 2 3; do
	nsenter --net="/run/netns/$(ns_name $i)" sleep 100000 & # not nsx: $! must be sleep itself
	keeper[$i]=$!
	_bg_pids+=($!)
done
rxp() { # NS IFACE -> received packets
	local l
	while read -r l; do
		case "$l" in
		"$2:"*) set -- ${l#*:}; echo "$2"; return ;;
		esac
	done <"/proc/${keeper[$1]}/net/dev"
	echo 0
}

# Receive packet steering (2+ vCPUs): SIDE tx = A on the measured CPU, both = A and B on it.
steered=
steer() {
	local a=1 b=1
	[ "$ncpu" -lt 2 ] && return 0
	[ "$steered" = "$1" ] && return 0
	case "$1" in
	tx) a=$((1 << MCPU)) ;;
	both) a=$((1 << MCPU)) b=$((1 << MCPU)) ;;
	esac
	n1 sh -c "echo $a >/sys/class/net/v0/queues/rx-0/rps_cpus"
	n2 sh -c "echo $b >/sys/class/net/v1/queues/rx-0/rps_cpus"
	n3 sh -c "echo 1 >/sys/class/net/v2/queues/rx-0/rps_cpus"
	steered=$1
}
cpustat() { # CPU -> busy and total ticks
	local c u n s i w q sq st rest
	while read -r c u n s i w q sq st rest; do
		[ "$c" = "cpu$1" ] && { echo $((u + n + s + q + sq + st)) $((u + n + s + i + w + q + sq + st)); return; }
	done </proc/stat
}
backlog_drops() { # CPU -> packets dropped on a full backlog queue
	local l n=0 x
	while read -r l; do
		if [ $n -eq "$1" ]; then set -- $l; echo $((16#$2)); return; fi
		n=$((n + 1))
	done </proc/net/softnet_stat
	echo 0
}

# ---- environment ---------------------------------------------------------------------------
flags=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(aes|avx|avx2|avx512f|vaes|vpclmulqdq|pclmulqdq|sha_ni|ssse3)$' | sort | paste -sd' ')
model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
env_json "{\"kernel\":\"$(uname -r)\",\"ncpu\":$ncpu,\"cpu_flags\":\"$flags\",\"cpu_model\":\"$(jstr "$model")\",\"quick\":$quick,\"secs\":$secs,\"reps\":$reps,\"cmdline\":\"$(jstr "$(cat /proc/cmdline)")\"}"

have_mod=0
if ksrtp_load 2>$W/modprobe.err; then
	if nsx 1 ksrtpctl sa add dir protect dst "$DST" port "$PORT" suite AES_CM_128_HMAC_SHA1_80 \
		key-file $W/k-cm >$W/probe.out 2>&1; then
		have_mod=1
		nsx 1 ksrtpctl sa flush >/dev/null
	else
		say "ksrtp loaded but 'ksrtpctl sa add' failed: $(cat $W/probe.out); module setups skipped"
	fi
else
	say "ksrtp does not load: $(cat $W/modprobe.err); module setups skipped"
fi
if [ "$have_mod" = 1 ]; then
	info=$(ksrtpctl -j info 2>/dev/null | tr -d '\n')
	env_json "{\"ksrtp_info\":${info:-null}}"
fi

# ---- setups ------------------------------------------------------------------------------------
relay_pid=
up_plain() { :; }
down_plain() { :; }

mod_add() { # NS DIR SUITE
	nsx "$1" ksrtpctl sa add dir "$2" dst "$DST" port "$PORT" suite "$3" \
		key-file "$(keyfile "$3")" max-streams 4096 replay-window 1024 >/dev/null
}
sa_stats() { # NS -> "packets drops" summed over its SAs
	nsx "$1" ksrtpctl -j sa stats 2>/dev/null | tr ',{}' '\n\n\n' | awk -F: '
		/"packets"/ { p += $2 }
		/"(auth_fail|replay|malformed|error|no_stream|ssrc_collision|expired|mki_unknown)"/ { d += $2 }
		END { print p + 0, d + 0 }'
}
up_mod() { mod_add 1 protect "$1"; }
down_mod() { nsx 1 ksrtpctl sa flush >/dev/null; }
up_rxmod() { mod_add 1 protect "$1" && mod_add 2 unprotect "$1"; }
down_rxmod() { nsx 1 ksrtpctl sa flush >/dev/null; nsx 2 ksrtpctl sa flush >/dev/null; }

# Let deferred work finish (hash table resizing after many inserts, RCU freeing after a flush
# of thousands of SAs): with one vCPU it would otherwise be counted in the next measurement.
# Idle guest time costs nothing under -icount sleep=off.
settle() { sleep 2; }

# Decoy SAs for the scaling runs: N-1 SAs in A besides the measured one, other destinations.
decoys() { # N
	local i f=$W/decoys.$1 t0 t1
	[ -e "$f" ] || for ((i = 1; i < $1; i++)); do
		echo "sa add dir protect dst 10.98.$((i / 250)).$((i % 250 + 1)) port $((5004 + 2 * (i % 7))) suite AES_CM_128_HMAC_SHA1_80 key-file $W/k-cm"
	done >"$f"
	t0=$EPOCHREALTIME
	nsx 1 ksrtpctl -b "$f" >/dev/null || return 1
	t1=$EPOCHREALTIME
	settle
	# What the installed SAs cost with no traffic at all (periodic work): busy ticks in 2 s.
	local b0 b1 x
	read -r b0 x < <(cpustat 0)
	sleep 2
	read -r b1 x < <(cpustat 0)
	echo "BENCH {\"kind\":\"sa_install\",\"sas\":$(($1 - 1)),\"seconds\":$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }'),\"idle_busy_ticks_2s\":$((b1 - b0))}"
}

esp_algs() { # ALG -> ip xfrm algorithm arguments
	case "$1" in
	ctr-sha1) echo "enc rfc3686(ctr(aes)) $ESP_CTR_KEY auth-trunc hmac(sha1) $ESP_SHA1_KEY 96" ;;
	gcm) echo "aead rfc4106(gcm(aes)) $ESP_GCM_KEY 128" ;;
	esac
}
up_esp() {
	# shellcheck disable=SC2046
	ip1 xfrm state add src "$GEN" dst "$DST" proto esp spi 0x100 reqid 1 mode transport \
		$(esp_algs "$1") || return 1
	ip1 xfrm policy add src "$GEN/32" dst "$DST/32" proto 17 dir out \
		tmpl src "$GEN" dst "$DST" proto esp reqid 1 mode transport
}
down_esp() { ip1 xfrm policy flush; ip1 xfrm state flush; }
esp_packets() { ip1 -s xfrm state 2>/dev/null | awk '/\(packets\)/ { s += $2 } END { print s + 0 }'; }

# The libsrtp2 relay in A (the generator sends to A's address), on the measured CPU.
up_relay() { # SUITE
	nsx 1 taskset -c $MCPU ksrtp-srtp-relay relay --port $PORT --dst "$DST" --dport $PORT \
		--suite "$1" --key-file "$(keyfile "$1")" --idle-exit 0.2 --duration 60 -j \
		>$W/relay.json 2>$W/relay.err &
	relay_pid=$!
	# Its socket must be bound before the generator starts (libsrtp2's start-up is slow).
	local i port
	port=$(printf ':%04X ' $PORT)
	for ((i = 0; i < 600; i++)); do
		grep -q "$port" "/proc/${keeper[1]}/net/udp" && return 0
		sleep 0.05
	done
	say "the relay did not start: $(cat $W/relay.err)"
	return 1
}
down_relay() {
	[ -n "$relay_pid" ] || return 0
	kill -TERM "$relay_pid" 2>/dev/null
	wait "$relay_pid" 2>/dev/null
	relay_pid=
}

# ---- one measurement -----------------------------------------------------------------------
# measure SETUP SIDE KIND IMPL SUITE SIZE REP [SSRCS] [SAS]
measure() {
	local setup=$1 side=$2 kind=$3 impl=$4 suite=$5 size=$6 rep=$7 ssrcs=${8:-1} sas=${9:-1}
	local gdst=$DST gns=0 gcpu=0 gargs=(--sport 40000) ok=1 extra= g relay=null
	local c1a c1b c0a c0b c1c c1d c0c c0d o0=0 o1=0 s0 s1 bl0=0 bl1=0 verify=0 drops=0
	local tm0=$EPOCHREALTIME
	[ "$kind" = relay ] && gdst=$AIN
	case "$impl" in
	local-*) gns=1 gcpu=$MCPU ;;
	esac
	# A fixed source port: ksrtp binds each SSRC's stream to its source (another source with
	# the same SSRC is a collision), so the warm-up and the measurement must share it.
	[ "$impl" = local-libsrtp ] && gargs+=(--protect --suite "$suite" --key-file "$(keyfile "$suite")")
	steer "$side"
	if ! "up_$kind" "$suite"; then
		say "setup $setup failed"
		"down_$kind" "$suite" 2>/dev/null
		return 1
	fi
	if [ "$ssrcs" -gt 1 ]; then
		# Warm-up: every stream exists before the measurement (steady state, not creation).
		nsx $gns ksrtp-srtp-relay gen --dst "$gdst" --port $PORT --size $((size - 12)) \
			--ssrcs "$ssrcs" --count $((ssrcs * 2)) "${gargs[@]}" >/dev/null 2>&1
		# ... and the measurement continues their sequence numbers (no replays).
		gargs+=(--seq 2)
	fi
	s0=$(rxp 3 v2)
	if [ "$ncpu" -lt 2 ]; then
		# One pass per packet on the only CPU: the generator's clock is the measurement.
		read -r c1a c1b < <(cpustat 0)
		nsx $gns ksrtp-srtp-relay gen --dst "$gdst" --port $PORT --size $((size - 12)) \
			--ssrcs "$ssrcs" --batch 32 --duration "$secs" "${gargs[@]}" -j >$W/gen.json 2>&1 || ok=0
		[ -n "$relay_pid" ] && wait "$relay_pid" 2>/dev/null
		relay_pid=
		read -r c1c c1d < <(cpustat 0)
		c0a=$c1a c0b=$c1b c0c=$c1c c0d=$c1d
	else
		# Steady state: sample a window in the middle of a longer run.
		nsx $gns taskset -c $gcpu ksrtp-srtp-relay gen --dst "$gdst" --port $PORT \
			--size $((size - 12)) --ssrcs "$ssrcs" --batch 32 \
			--duration "$(awk -v s="$secs" 'BEGIN { print s + 1.2 }')" "${gargs[@]}" -j \
			>$W/gen.json 2>&1 &
		local gpid=$!
		local oi=2 of=v1
		[ "$side" = both ] && oi=3 of=v2
		sleep 0.6
		read -r c1a c1b < <(cpustat $MCPU)
		read -r c0a c0b < <(cpustat 0)
		o0=$(rxp $oi $of) bl0=$(backlog_drops $MCPU)
		sleep "$secs"
		read -r c1c c1d < <(cpustat $MCPU)
		read -r c0c c0d < <(cpustat 0)
		o1=$(rxp $oi $of) bl1=$(backlog_drops $MCPU)
		wait "$gpid" || ok=0
	fi
	s1=$(rxp 3 v2)
	case "$kind" in
	mod) read -r verify drops < <(sa_stats 1) ;;
	rxmod)
		local v1 d1
		read -r v1 d1 < <(sa_stats 1)
		read -r verify drops < <(sa_stats 2)
		drops=$((drops + d1))
		;;
	esp) verify=$(esp_packets) ;;
	esac
	"down_$kind" "$suite"
	g=$(cat $W/gen.json)
	case "$g" in
	"{"*) ;;
	*) say "$setup: generator failed: $g"; g=null; ok=0 ;;
	esac
	if [ "$kind" = relay ]; then
		relay=$(cat $W/relay.json 2>/dev/null)
		[ -n "$relay" ] || { say "$setup: relay failed: $(cat $W/relay.err)"; relay=null; ok=0; }
	fi
	rm -f $W/relay.json $W/gen.json
	echo "BENCH {\"kind\":\"run\",\"setup\":\"$setup\",\"side\":\"$side\",\"impl\":\"$impl\",\"suite\":\"$suite\",\"size\":$size,\"rep\":$rep,\"ssrcs\":$ssrcs,\"sas\":$sas,\"secs\":$secs,\"ncpu\":$ncpu,\"out\":$((o1 - o0)),\"sink\":$((s1 - s0)),\"backlog_drops\":$((bl1 - bl0)),\"cpu_busy_ticks\":$((c1c - c1a)),\"cpu_total_ticks\":$((c1d - c1b)),\"cpu0_busy_ticks\":$((c0c - c0a)),\"cpu0_total_ticks\":$((c0d - c0b)),\"hz\":100,\"verify_packets\":$verify,\"crypto_drops\":$drops,\"ok\":$ok,\"gen\":$g,\"relay\":$relay,\"guest_seconds\":$(awk -v a="$tm0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')}"
}

# ---- the plan ----------------------------------------------------------------------------------
SUITES_ALL="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM"
if [ "$quick" = 1 ]; then
	SIZES="172"
	MSUITES="AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM"
	RSUITES="AES_CM_128_HMAC_SHA1_80"
	RXSUITES="AES_CM_128_HMAC_SHA1_80"
else
	SIZES="172 512 1400"
	MSUITES=$SUITES_ALL
	RSUITES="AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM"
	RXSUITES="AES_CM_128_HMAC_SHA1_80 AEAD_AES_128_GCM"
fi
plan=("plain tx plain plain -" "local-plain local plain local-plain -")
for s in $MSUITES; do plan+=("module-$(short "$s") tx mod module $s"); done
plan+=("esp-ctr-sha1 tx esp esp ctr-sha1" "esp-gcm tx esp esp gcm")
for s in $RSUITES; do plan+=("relay-$(short "$s") tx relay relay $s"); done
for s in $RXSUITES; do
	# With 2+ vCPUs A and B share the measured CPU, against the same with B only forwarding.
	[ "$ncpu" -ge 2 ] && plan+=("rx-plain both plain plain -" "rx-protect-$(short "$s") both mod module $s")
	plan+=("rx-module-$(short "$s") both rxmod module $s")
done
lplan=("local-libsrtp-cm80 local plain local-libsrtp AES_CM_128_HMAC_SHA1_80")
[ "$quick" = 1 ] || lplan+=("local-libsrtp-gcm128 local plain local-libsrtp AEAD_AES_128_GCM")
lplan+=("local-module-cm80 local mod local-module AES_CM_128_HMAC_SHA1_80")
[ "$quick" = 1 ] || lplan+=("local-module-gcm128 local mod local-module AEAD_AES_128_GCM")

wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }
runnable() { case "$1" in mod|rxmod) [ "$have_mod" = 1 ] ;; *) true ;; esac; }

t_start=$EPOCHSECONDS
declare -A done_once
say "plan: ${#plan[@]} forwarding setups x sizes [$SIZES], ${#lplan[@]} local setups, $reps rounds, $secs s each"
for ((rep = 1; rep <= reps; rep++)); do
	for size in $SIZES; do
		done_once=()
		for p in "${plan[@]}"; do
			read -r setup side kind impl suite <<<"$p"
			[ -n "${done_once[$setup]:-}" ] && continue
			done_once[$setup]=1
			wanted "$setup" && runnable "$kind" || continue
			measure "$setup" "$side" "$kind" "$impl" "$suite" "$size" "$rep"
		done
	done
	for p in "${lplan[@]}"; do
		read -r setup side kind impl suite <<<"$p"
		wanted "$setup" && runnable "$kind" || continue
		measure "$setup" "$side" "$kind" "$impl" "$suite" 172 "$rep"
	done
	say "round $rep done after $((EPOCHSECONDS - t_start)) s (guest time)"
done

# ---- scaling: SAs installed, SSRCs per SA (module, AES_CM_128_HMAC_SHA1_80, 172 octets) ----
if [ "$have_mod" = 1 ] && wanted scaling; then
	sc=AES_CM_128_HMAC_SHA1_80
	if [ "$churn" -gt 0 ]; then
		# Diagnostic: the SA add/flush history of a full run, in one ksrtpctl process.
		for ((i = 0; i < churn; i++)); do
			echo "sa add dir protect dst $DST port $PORT suite $sc key-file $W/k-cm"
			echo "sa flush"
		done >$W/churn
		nsx 1 ksrtpctl -b $W/churn >/dev/null || say "churn failed"
		settle
		say "$churn SA add/flush cycles done"
	fi
	sa_counts="1 1000 10000" sreps=$reps
	# Quick: one round of scaling (under -icount the repetitions agree within about 1%).
	[ "$quick" = 1 ] && sa_counts="1 1000" sreps=1
	for ((rep = 1; rep <= sreps; rep++)); do
		for n in $sa_counts; do
			if [ "$n" -gt 1 ]; then
				decoys "$n" || { say "installing $n SAs failed"; continue; }
			fi
			measure "scale-sas-$n" tx mod module $sc 172 "$rep" 1 "$n"
			nsx 1 ksrtpctl sa flush >/dev/null
			settle
		done
		for k in 1 1000; do
			measure "scale-ssrcs-$k" tx mod module $sc 172 "$rep" "$k" 1
			measure "scale-rx-ssrcs-$k" both rxmod module $sc 172 "$rep" "$k" 1
		done
	done
	say "scaling done after $((EPOCHSECONDS - t_start)) s (guest time)"
fi

# ---- the in-module microbenchmark, when the module has one ----------------------------------
if [ "$have_mod" = 1 ] && [ -e /sys/kernel/debug/ksrtp/bench ]; then
	for size in $SIZES; do
		for s in $MSUITES; do
			r=$(echo "$s $((size - 12)) 2000" 2>&1 >/sys/kernel/debug/ksrtp/bench; cat /sys/kernel/debug/ksrtp/bench 2>&1)
			echo "BENCH {\"kind\":\"microbench\",\"suite\":\"$s\",\"size\":$size,\"raw\":\"$(jstr "$r")\"}"
		done
	done
fi

# Crypto drivers really in use (pitfall: without the accelerated modules the generic C code).
drivers=$(awk '/^name/ { n = $3 } /^driver/ { d = $3 } /^priority/ { p = $3 }
	/^$/ { if (n ~ /^(ctr\(aes\)|gcm\(aes\)|rfc4106\(gcm\(aes\)\)|rfc3686\(ctr\(aes\)\)|hmac\(sha1\)|sha1|ghash)$/) print n "=" d "(" p ")"; n = d = p = "" }' /proc/crypto | sort -u | paste -sd' ')
env_json "{\"proc_crypto\":\"$drivers\"}"
[ "$have_mod" = 1 ] && env_json "{\"ksrtp_info_text\":\"$(jstr "$(ksrtpctl info 2>&1)")\"}"
say "datapath benchmark done after $((EPOCHSECONDS - t_start)) s (guest time)"
echo "BENCHDONE"
