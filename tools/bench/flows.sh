#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/bench/flows.sh - the keying-flows part of `make bench` (build/tools/ksrtp-setupbench):
# GMK advertisement by MIKEY-SAKKE to 10, 100 and 1,000 members and the group session setup
# (ECCSI-signed MIKEY-PSK in an SDP offer) until every member holds its SRTP key.
#
#   tools/bench/flows.sh [--quick]       (BENCH_QUICK=1: 10 and 100 members)
#
# Writes build/bench/flows.{log,json,md} and the "flows" section of docs/benchmarks.md (the SA
# installation times over netlink come from the VM run, in the datapath section).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
quick=${BENCH_QUICK:-0}
[ "${1:-}" = --quick ] && quick=1
out=build/bench
mkdir -p "$out"
members=10,100,1000
[ "$quick" = 1 ] && members=10,100
threads=2

bin=build/tools/ksrtp-setupbench
make -s -j2 "$bin" >&2
echo "== keying flows: $members members, $threads member threads"
"$bin" --members "$members" --threads "$threads" --json "$out/flows.json" | tee "$out/flows.log"
{
	echo "### Keying flows (library level)"
	echo
	echo "Command: \`tools/bench/flows.sh$([ "$quick" != 1 ] || echo " --quick")\` (part of \`make bench\`;" \
		"\`$bin --members $members --threads $threads --json $out/flows.json\`)," \
		"$(date -u '+%Y-%m-%d %H:%M UTC'), on the host ($(nproc) CPUs, shared with other jobs:" \
		"wall-clock times vary by tens of percent)."
	echo
	echo "- GMK advertisement: the GMS builds one TS 33.180-style MIKEY-SAKKE I_MESSAGE per member" \
		"(SAKKE encapsulation of the GMK to the member's UID, GMK-ID || GUK-ID in a GENERIC-ID" \
		"map, ECCSI signature), one thread; then all members verify and decapsulate in $threads" \
		"threads. Confirmed = the member's parse succeeded and returned the GMK and GMK-ID sent."
	echo "- Group session setup: from the start of the caller's SDP offer (fresh GSK + salt in an" \
		"ECCSI-signed MIKEY-PSK under the GMK, a=key-mgmt:mikey) until every member has parsed" \
		"the SDP, found the GMK in its key store, checked MAC, signature and freshness and derived" \
		"the SRTP master key and salt (all members must derive the same)."
	echo "- Simulated: no SIP and no network yet (ksrtpd comes later) -- messages are handed over in" \
		"memory, so these are the endpoints' processing times. Provisioning (RSK validation and" \
		"decapsulation tables of every member, as a daemon loading its keys does) is done" \
		"before and shown separately. Installing the SRTP key in the kernel" \
		"is measured in the VM (SA installation line of the datapath section)."
	echo "- Columns (ms): provision = KMS keys for all members (wall); gms_build = all I_MESSAGEs;" \
		"gms/msg per message; members = wall time until all members verified and decapsulated;" \
		"member_cpu = CPU per member; session = offer start to the last member's SRTP key;" \
		"sess_cpu = CPU per member. Machine-readable: \`$out/flows.json\`."
	echo
	echo '```'
	cat "$out/flows.log"
	echo '```'
} >"$out/flows.md"
tools/bench/docsection.sh flows "$out/flows.md"
echo "== keying flows done: $out/flows.json and the flows section of docs/benchmarks.md"
