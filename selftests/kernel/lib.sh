# SPDX-License-Identifier: GPL-2.0
# selftests/kernel/lib.sh - helpers for ksrtp's in-VM kernel selftests (bash).
#
# A test is selftests/kernel/NAME.sh (run with bash inside the VM by tools/vm/run.sh, as root, in
# a fresh /tmp/NAME working directory) or NAME.c (compiled on the host; may use the kernel's
# kselftest_harness.h). It prints KTAP; the host turns every case into a top-level TAP line
# "NAME: case", adds "NAME: kernel log clean" (no WARNING/BUG/Oops/Call Trace... during the test)
# and fails the test on a non-zero exit (4 = skip), a timeout, a crash or a plan mismatch.
# A line "# ksrtpvm-timeout: SECS" in the script sets its timeout (default 120 s). Tests named
# selftest_* are the harness's deliberately failing fixtures: they run only when named.
#
# Skeleton:
#     #!/bin/bash
#     . "$(dirname "$0")/lib.sh"
#     ktap_plan 3
#     ksrtp_load || ktap_bail "cannot load ksrtp"
#     netns_chain 3                     # ns 0 - 1 - 2, routed through 1
#     check "ping across the gateway"  n0 ping -c1 -W2 "$(addr4 2 1)"
#     check_fail "no route to nowhere" n0 ping -c1 -W1 10.99.99.99
#     ktap_skip "needs X" "X is not there yet"
#     ktap_finish                        # exit 0 if every case passed, 1 otherwise
#
# KTAP
#   ktap_plan N              "KTAP version 1" and "1..N" (call once, first)
#   ktap_ok DESC             ok N DESC
#   ktap_fail DESC [WHY...]  not ok N DESC, WHY lines as "# " diagnostics
#   ktap_skip DESC WHY       ok N DESC # SKIP WHY
#   ktap_diag TEXT...        "# TEXT" lines (shown by the host when the test fails)
#   check DESC CMD...        runs CMD in this shell (a function may change the test's state),
#                            output captured; ok if it exits 0, else not ok + its output
#   check_fail DESC CMD...   ok if CMD exits non-zero (negative tests)
#   check_output DESC REGEX CMD...   ok if CMD exits 0 and its output matches the ERE REGEX
#   ktap_bail WHY            "Bail out! WHY" and exit 1 (remaining planned cases count as missing)
#   skip_all WHY             "1..0 # SKIP WHY" and exit 4 (whole test skipped)
#   ktap_finish              exit 0 when no case failed, 1 otherwise
#
# Namespaces (names are "<test>-<i>", i = 0..9; all deleted on exit)
#   netns_create N           namespaces 0..N-1 with lo up
#   netns_link I J           a veth pair: "v<J>" in ns I and "v<I>" in ns J, addressed
#                            IPv4 10.<lo>.<hi>.<I+1>/24 and IPv6 fd00:<lo>:<hi>::<I+1>/64 nodad
#                            (lo/hi = min/max of I and J)
#   addr4 I J / addr6 I J    ns I's address on its link to ns J
#   netns_forwarding I       IPv4 and IPv6 forwarding on in ns I
#   netns_chain N            N namespaces in a line 0-1-...-N-1, linked, forwarding in the
#                            middle ones, static routes so that every ns reaches every link
#   n0 CMD... .. n9 CMD...   run CMD in ns 0..9 (ip netns exec)
#   ip0 ARGS.. .. ip9 ARGS   /sbin/ip -n <ns> ARGS
#   ns_name I                the full namespace name
#   bg_run CMD...            start CMD in the background ($! is its pid); killed on exit
#   wait_for SECS CMD...     retry CMD every 0.1 s until it succeeds or SECS pass
#
# The module
#   ksrtp_load [PARAMS]      modprobe ksrtp (the module built for this kernel); records where it
#                            sits and when, for the end-of-run leak check (so always load and
#                            unload ksrtp with these two). Unloaded on exit if loaded here.
#   ksrtp_unload             rmmod ksrtp
#   ksrtp_loaded             true when ksrtp is loaded
#   module_load NAME [PARAMS] / module_unload NAME
#                            the same for any module (test fixtures): the end-of-run leak check
#                            then covers it too
#   have_ksrtpctl            true when ksrtpctl is installed in the VM
#
# Traffic: `ksrtp-udp` (selftests/kernel/helpers/udp.c) is in PATH:
#   ksrtp-udp send ADDR PORT COUNT [SIZE] [SRCPORT]      send COUNT datagrams
#   ksrtp-udp recv ADDR PORT COUNT TIMEOUT_MS            receive; prints the number received
#
# Always call iproute2 as /sbin/ip (busybox's own `ip` lacks netns, veth and xfrm); $IP is it.
# The environment has KSRTP_TESTS (this directory) and KSRTP_BIN (ksrtpctl, tools).

IP=/sbin/ip
KSRTP_TEST_NAME=${KSRTP_TEST_NAME:-$(basename "${0%.*}")}
_ktap_n=0
_ktap_failed=0
_ktap_planned=0
_ksrtp_loaded_here=0
_netns_list=()
_bg_pids=()

ktap_plan() {
	echo "KTAP version 1"
	echo "1..$1"
	_ktap_planned=$1
}

ktap_diag() {
	local line
	printf '%s\n' "$@" | while IFS= read -r line; do echo "# $line"; done
}

ktap_ok() {
	_ktap_n=$((_ktap_n + 1))
	echo "ok $_ktap_n $1"
}

ktap_fail() {
	local desc=$1
	shift
	[ $# -gt 0 ] && ktap_diag "$@"
	_ktap_n=$((_ktap_n + 1))
	_ktap_failed=$((_ktap_failed + 1))
	echo "not ok $_ktap_n $desc"
}

ktap_skip() {
	_ktap_n=$((_ktap_n + 1))
	echo "ok $_ktap_n $1 # SKIP $2"
}

# Run "$@" in this shell (so that it may change the test's state), capturing its output.
_run_captured() {
	local f rc=0
	f=$(mktemp)
	"$@" >"$f" 2>&1 </dev/null || rc=$?
	_out=$(cat "$f")
	rm -f "$f"
	return $rc
}

check() {
	local desc=$1 out rc=0
	shift
	_run_captured "$@" || rc=$?
	out=$_out
	if [ "$rc" -eq 0 ]; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc" "\$ $*" "$out" "(exit status $rc)"
	fi
	return $rc
}

check_fail() {
	local desc=$1 out rc=0
	shift
	_run_captured "$@" || rc=$?
	out=$_out
	if [ "$rc" -ne 0 ]; then
		ktap_ok "$desc"
		return 0
	fi
	ktap_fail "$desc" "\$ $*" "$out" "(succeeded but was expected to fail)"
	return 1
}

check_output() {
	local desc=$1 re=$2 out rc=0
	shift 2
	_run_captured "$@" || rc=$?
	out=$_out
	if [ "$rc" -eq 0 ] && grep -Eq -- "$re" <<<"$out"; then
		ktap_ok "$desc"
		return 0
	fi
	ktap_fail "$desc" "\$ $*" "$out" "(exit status $rc; expected output matching /$re/)"
	return 1
}

ktap_bail() {
	echo "Bail out! $*"
	exit 1
}

skip_all() {
	echo "KTAP version 1"
	echo "1..0 # SKIP $*"
	echo "# $*"
	exit 4
}

ktap_finish() {
	if [ "$_ktap_planned" -ne 0 ] && [ "$_ktap_n" -ne "$_ktap_planned" ]; then
		echo "# planned $_ktap_planned cases, ran $_ktap_n"
		exit 1
	fi
	[ "$_ktap_failed" -eq 0 ] || exit 1
	exit 0
}

# ---- namespaces ---------------------------------------------------------------------------
ns_name() { echo "${KSRTP_TEST_NAME}-$1"; }

netns_create() {
	local i
	for ((i = 0; i < $1; i++)); do
		$IP netns add "$(ns_name "$i")" || return 1
		_netns_list+=("$(ns_name "$i")")
		$IP -n "$(ns_name "$i")" link set lo up || return 1
	done
}

_lohi() { # I J -> "lo hi"
	if [ "$1" -lt "$2" ]; then echo "$1 $2"; else echo "$2 $1"; fi
}

addr4() {
	local lo hi
	read -r lo hi < <(_lohi "$1" "$2")
	echo "10.$lo.$hi.$(($1 + 1))"
}

addr6() {
	local lo hi
	read -r lo hi < <(_lohi "$1" "$2")
	echo "fd00:$lo:$hi::$(($1 + 1))"
}

netns_link() {
	local i=$1 j=$2 a b
	a=$(ns_name "$i") b=$(ns_name "$j")
	$IP link add "v$j" netns "$a" type veth peer name "v$i" netns "$b" || return 1
	$IP -n "$a" addr add "$(addr4 "$i" "$j")/24" dev "v$j" || return 1
	$IP -n "$b" addr add "$(addr4 "$j" "$i")/24" dev "v$i" || return 1
	$IP -n "$a" addr add "$(addr6 "$i" "$j")/64" dev "v$j" nodad || return 1
	$IP -n "$b" addr add "$(addr6 "$j" "$i")/64" dev "v$i" nodad || return 1
	$IP -n "$a" link set "v$j" up || return 1
	$IP -n "$b" link set "v$i" up || return 1
}

netns_forwarding() {
	local ns
	ns=$(ns_name "$1")
	$IP netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 >/dev/null
}

netns_chain() {
	local n=$1 k a lo hi
	netns_create "$n" || return 1
	for ((k = 0; k + 1 < n; k++)); do netns_link "$k" $((k + 1)) || return 1; done
	for ((k = 1; k + 1 < n; k++)); do netns_forwarding "$k" || return 1; done
	for ((k = 0; k < n; k++)); do
		for ((a = 0; a + 1 < n; a++)); do
			lo=$a hi=$((a + 1))
			if [ "$hi" -lt "$k" ]; then # link on the left: via the left neighbour
				$IP -n "$(ns_name "$k")" route add "10.$lo.$hi.0/24" via "$(addr4 $((k - 1)) "$k")" || return 1
				$IP -n "$(ns_name "$k")" -6 route add "fd00:$lo:$hi::/64" via "$(addr6 $((k - 1)) "$k")" || return 1
			elif [ "$lo" -gt "$k" ]; then # on the right
				$IP -n "$(ns_name "$k")" route add "10.$lo.$hi.0/24" via "$(addr4 $((k + 1)) "$k")" || return 1
				$IP -n "$(ns_name "$k")" -6 route add "fd00:$lo:$hi::/64" via "$(addr6 $((k + 1)) "$k")" || return 1
			fi
		done
	done
}

for _i in 0 1 2 3 4 5 6 7 8 9; do
	eval "n$_i() { \$IP netns exec \"\$(ns_name $_i)\" \"\$@\"; }"
	eval "ip$_i() { \$IP -n \"\$(ns_name $_i)\" \"\$@\"; }"
done
unset _i

bg_run() {
	"$@" &
	_bg_pids+=($!)
}

wait_for() {
	local secs=$1 end
	shift
	end=$(($(date +%s) + secs))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.1
	done
}

# ---- the module ---------------------------------------------------------------------------
ksrtp_loaded() { grep -q '^ksrtp ' /proc/modules; }

# The kernel's jiffies (slab allocation ages are in jiffies too).
_jiffies() { awk '$1 == "timestamp" { print $2 }' /proc/schedstat; }

# Where module NAME's code is now, as "NAME 0xADDR SIZE": its core (from /proc/modules) and
# its init code (a 64 KiB window from .init.text; freed once the module's init returned).
_module_core() { awk -v m="$1" '$1 == m { print $1, $6, $2 }' /proc/modules; }
_module_init() {
	local s=/sys/module/$1/sections/.init.text
	[ -r "$s" ] && echo "$1 $(cat "$s") 65536"
	return 0
}

# For the harness's end-of-run leak check (tools/vm/leakcheck.sh): where NAME's code is and the
# time window (jiffies; T1 "-" = still loaded) in which that code could allocate.
module_note() { # NAME [T0 [T1]]
	local t0=${2:-0} t1=${3:--}
	{ _module_core "$1"; _module_init "$1"; } | sed "s/\$/ $t0 $t1/" >>/run/ksrtpvm/ranges 2>/dev/null
	return 0
}

# modprobe NAME, recording where its code is and since when (see module_note).
declare -A _mod_t0=() _mod_where=()
module_load() { # NAME [PARAMS...]
	local name=$1 t0 t1
	t0=$(_jiffies)
	modprobe "$@" || return 1
	t1=$(_jiffies)
	_mod_t0[$name]=$t0
	_mod_where[$name]=$(_module_core "$name")
	{
		echo "${_mod_where[$name]} $t0 -"
		# Init code runs only until modprobe returns; its space is reused afterwards.
		_module_init "$name" | sed "s/\$/ $t0 $t1/"
	} >>/run/ksrtpvm/ranges 2>/dev/null
	return 0
}

# rmmod NAME, closing the time window module_load opened.
module_unload() { # NAME
	local name=$1 t1
	[ -n "${_mod_where[$name]:-}" ] || { _mod_where[$name]=$(_module_core "$name"); _mod_t0[$name]=0; }
	rmmod "$name" || return 1
	t1=$(_jiffies)
	echo "${_mod_where[$name]} ${_mod_t0[$name]} $t1" >>/run/ksrtpvm/ranges 2>/dev/null
	unset "_mod_where[$name]"
	return 0
}

ksrtp_load() {
	module_load ksrtp "$@" || return 1
	_ksrtp_loaded_here=1
}

ksrtp_unload() { module_unload ksrtp; }

have_ksrtpctl() { command -v ksrtpctl >/dev/null 2>&1; }

# ---- cleanup ------------------------------------------------------------------------------
_lib_cleanup() {
	local p ns
	for p in "${_bg_pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${_bg_pids[@]}"; do wait "$p" 2>/dev/null; done
	for ns in "${_netns_list[@]}"; do $IP netns del "$ns" 2>/dev/null; done
	if [ "$_ksrtp_loaded_here" = 1 ] && ksrtp_loaded; then
		ksrtp_unload 2>/dev/null
	fi
	return 0
}
trap _lib_cleanup EXIT
trap 'exit 143' TERM INT
