# SPDX-License-Identifier: GPL-2.0
# selftests/kernel/data/datapath_lib.sh - shared by the datapath_*.sh and rollover.sh tests,
# sourced after lib.sh (it lives in data/ so that the harness does not run it as a test).
#
# Key files for every suite, and helpers that run a receiver in the background, wait until it
# listens, run a sender, and collect the receiver's exit status and JSON summary.

SUITES="AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM AEAD_AES_256_GCM"

# Key files: <suite>.key (hex form) and <suite>.next (another key), in the working directory.
dp_make_keys() {
	local s
	for s in AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32; do
		echo "E1F97A0D3E018BE0D64FA32C06DE4139 0EC675AD498AFEEBB6960B3AABE6" >"$s.key"
		echo "# rollover key" >"$s.next"
		echo "00112233445566778899aabbccddeeff 0102030405060708090a0b0c0d0e" >>"$s.next"
	done
	echo "000102030405060708090a0b0c0d0e0f a0a1a2a3a4a5a6a7a8a9aaab" >AEAD_AES_128_GCM.key
	echo "f0e0d0c0b0a090807060504030201000 b0b1b2b3b4b5b6b7b8b9babb" >AEAD_AES_128_GCM.next
	echo "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f a0a1a2a3a4a5a6a7a8a9aaab" \
		>AEAD_AES_256_GCM.key
	echo "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100 c0c1c2c3c4c5c6c7c8c9cacb" \
		>AEAD_AES_256_GCM.next
}

# dp_rx NS NAME CMD...: start a receiver (ksrtp-rtpsink or ksrtp-srtp-peer recv/capture) in
# namespace NS (0..9) with --ready NAME.ready -j, output in NAME.json / NAME.err; waits until it
# listens. The pid is in DP_PID_<NAME>.
dp_rx() {
	local ns=$1 name=$2
	shift 2
	rm -f "$name.ready" "$name.json" "$name.err"
	# not through the n<i> function: $! must be the program itself (ip netns exec execs it)
	$IP netns exec "$(ns_name "$ns")" "$@" --ready "$name.ready" -j >"$name.json" 2>"$name.err" &
	eval "DP_PID_$name=$!"
	if ! wait_for 10 test -e "$name.ready"; then
		echo "receiver $name did not start:"
		cat "$name.err"
		return 1
	fi
}

# dp_wait NAME: wait for the receiver, print its summary, return its exit status.
dp_wait() {
	local name=$1 pid rc=0
	eval "pid=\$DP_PID_$name"
	wait "$pid" || rc=$?
	echo "$name: exit $rc"
	cat "$name.json" "$name.err"
	return $rc
}

# dp_json_num FILE KEY: the first numeric value of "KEY" in a JSON file.
dp_json_num() {
	grep -o "\"$2\":[0-9]*" "$1" | head -n1 | cut -d: -f2
}

# dp_sa_counter NS ID COUNTER: an SA counter (JSON key, e.g. packets, auth_fail) from ksrtpctl.
dp_sa_counter() {
	local v
	v=$("n$1" ksrtpctl -j sa stats id "$2" | grep -o "\"$3\":[0-9]*" | head -n1 | cut -d: -f2)
	echo "${v:-0}"
}

# dp_expect_counter NS ID COUNTER VALUE: fails with the SA's stats when the counter differs.
dp_expect_counter() {
	local got
	got=$(dp_sa_counter "$1" "$2" "$3")
	if [ "$got" != "$4" ]; then
		echo "SA $2 in ns $1: $3 is $got, expected $4"
		"n$1" ksrtpctl sa show id "$2"
		return 1
	fi
}

# nbg NS CMD...: run CMD in namespace NS in the background; $! is CMD's pid (killable).
nbg() {
	local ns=$1
	shift
	$IP netns exec "$(ns_name "$ns")" "$@" &
}

# sh_ok 'SHELL CODE': run code (pipelines, loops) in this shell, for check/check_output.
sh_ok() {
	eval "$1"
}
