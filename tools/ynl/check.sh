#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/ynl/check.sh [SPEC] - check the YNL spec of the "ksrtp" family (default kmod/ksrtp.yaml)
# with the kernel's own YNL tooling (tools/net/ynl/ of Debian's linux-source-6.12 tarball,
# extracted once by tools/ynl/ynl-src.sh), one TAP line per check (tools/lint.sh runs it):
#   1. the spec validates against the JSON schema its protocol names, and not against a
#      stricter one (then it must declare that one): ksrtp.yaml needs genetlink-legacy for
#      kernel-policy: global and uns-admin-perm, which the module uses;
#   2. ynl-gen-c.py --mode uapi --header: every enumerator and #define it generates exists in
#      kmod/include/uapi/linux/ksrtp.h with the same value (each header's values are computed
#      by the C compiler) and in the same enum, and every one of our header is in the spec;
#   3. ynl-gen-c.py --mode kernel --source: its ops table against the module's: the same
#      (command, do|dump) pairs, permission flags and dont-validate flags;
#   4. its request policies against the module's nla_policy tables, attribute by attribute,
#      recursively through nests: type, value range, length range (tools/ynl/policy-cmp.c).
# KSRTP_YNL_KEEP=1 keeps the generated files. Needs /usr/bin/python3 with python3-yaml and
# python3-jsonschema (tools/deps.sh), and cc.
# Exit status 1 when any line is "not ok".
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
spec=${1:-kmod/ksrtp.yaml}
uapi=kmod/include/uapi/linux/ksrtp.h
py=/usr/bin/python3
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $*"; }
notok() { # DESC [DIAG FILE]
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n $1"
	[ -n "${2:-}" ] && [ -s "$2" ] && head -n 60 "$2" | sed 's/^# //; s/^/#   /'
}
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit; }

mkdir -p build/ynl
tmp=$(mktemp -d "$top/build/ynl/.tmp.XXXXXX")
# KSRTP_YNL_KEEP=1 keeps the generated files and logs (printed on stderr).
if [ -n "${KSRTP_YNL_KEEP:-}" ]; then echo "tools/ynl/check.sh: files in $tmp" >&2; else trap 'rm -rf "$tmp"' EXIT; fi
names=("YNL spec $spec validates against its genetlink schema"
	"YNL uapi header generated from $spec matches $uapi"
	"YNL ops generated from $spec match the module's ops table"
	"YNL request policies generated from $spec match the module's nla_policy tables")
fail_all() { local d; for d in "${names[@]}"; do notok "$d: $1" "$2"; done; finish; }

if ! tree=$(tools/ynl/ynl-src.sh 2>"$tmp/src.err"); then
	fail_all "no kernel YNL tooling" "$tmp/src.err"
fi
if ! $py -c 'import yaml, jsonschema' 2>"$tmp/py.err"; then
	echo "$py lacks yaml or jsonschema: run tools/deps.sh (python3-yaml python3-jsonschema)" >>"$tmp/py.err"
	fail_all "no python modules" "$tmp/py.err"
fi
ynl=$tree/tools/net/ynl
# The generator wants the spec in <tree>/Documentation/netlink/specs/ (the schema is found
# one level up) under a tree with MAINTAINERS: a private one per run, the schemas linked.
w=$tmp/tree
mkdir -p "$w/Documentation/netlink/specs"
: >"$w/MAINTAINERS"
for s in "$tree"/Documentation/netlink/genetlink*.yaml; do ln -s "$s" "$w/Documentation/netlink/"; done
wspec=$w/Documentation/netlink/specs/ksrtp.yaml
cp "$spec" "$wspec"
gen() { timeout 60 $py tools/ynl/gen.py "$ynl" --spec "$wspec" "$@"; }
CC=${CC:-cc}
cflags=(-std=gnu11 -O0 -Wall -Werror -Wno-unused-variable -Wno-unused-const-variable)

# ---- 1. schema --------------------------------------------------------------------------
if $py tools/ynl/ynlcheck.py validate "$tree/Documentation/netlink" "$spec" >"$tmp/v.out" 2>&1; then
	ok "${names[0]} ($(sed -n 's/^# .* validates against \([^ ]*\).*/\1/p' "$tmp/v.out"))"
else
	notok "${names[0]}" "$tmp/v.out"
	# The generator validates too: nothing further can run.
	for d in "${names[@]:1}"; do notok "$d: the spec does not validate"; done
	finish
fi

# ---- 2. uapi header ---------------------------------------------------------------------
hdr_check() {
	gen --mode uapi --header -o "$tmp/gen-uapi.h" || return 1
	$py tools/ynl/ynlcheck.py names "$tmp/gen-uapi.h" "$tmp/gen-names.c" &&
		$py tools/ynl/ynlcheck.py names "$uapi" "$tmp/our-names.c" || return 1
	$CC "${cflags[@]}" -include "$tmp/gen-uapi.h" -o "$tmp/gen-names" "$tmp/gen-names.c" &&
		$CC "${cflags[@]}" -include "$uapi" -o "$tmp/our-names" "$tmp/our-names.c" || return 1
	"$tmp/gen-names" >"$tmp/gen.vals" && "$tmp/our-names" >"$tmp/our.vals" || return 1
	$py tools/ynl/ynlcheck.py hdrcmp "$tmp/gen-uapi.h" "$tmp/gen.vals" "$uapi" "$tmp/our.vals"
}
if hdr_check >"$tmp/h.out" 2>&1; then
	ok "${names[1]} ($(sed -n 's/^# \([0-9]*\) enumerators.*/\1 names/p' "$tmp/h.out"))"
else
	notok "${names[1]}" "$tmp/h.out"
fi

# ---- 3. ops, 4. policies ----------------------------------------------------------------
nlsrc=$(grep -l '^struct genl_family' kmod/*.c | head -n1)
ops_check() {
	gen --mode kernel --source -o "$tmp/gen-nl.c" &&
		gen --mode kernel --header -o "$tmp/gen-nl.h" || return 1
	[ -s "$tmp/gen-uapi.h" ] || gen --mode uapi --header -o "$tmp/gen-uapi.h" || return 1
	$py tools/ynl/ynlcheck.py ops "$spec" "$ynl" "$tmp/gen-nl.c" "$nlsrc" "$tmp"
}
pol_check() {
	local side hdr
	# The generated nested policies are declared in the generated kernel header.
	{
		grep -E '^extern const struct nla_policy ' "$tmp/gen-nl.h"
		awk '/^(static )?const struct (nla_policy|netlink_range_validation(_signed)?) /,/^};/' \
			"$tmp/gen-nl.c"
	} >"$tmp/gen-tables.inc"
	awk '/^static (const )?struct (nla_policy|netlink_range_validation(_signed)?) /,/^};/' \
		"$nlsrc" >"$tmp/kern-tables.inc"
	# Constants the module's tables use (KSRTP_MAX_KEY_LEN, ...).
	grep -hE '^#define KSRTP_[A-Z0-9_]+[[:space:]]+[0-9]+$' kmod/*.h >"$tmp/consts.h" || true
	for side in gen kern; do
		if [ $side = gen ]; then hdr=$tmp/gen-uapi.h; else hdr=$top/$uapi; fi
		{
			echo '#include "nla-stub.h"'
			echo "#include \"$hdr\""
			echo "#include \"$tmp/consts.h\""
			echo "#include \"$tmp/$side-tables.inc\""
			echo "const struct pcmp_op pcmp_${side}_ops[] = {"
			echo "#include \"$tmp/$side-ops.inc\""
			echo '	{ NULL, NULL, 0 }'
			echo '};'
			echo "const struct pcmp_name pcmp_${side}_names[] = {"
			echo "#include \"$tmp/$side-names.inc\""
			echo '	{ NULL, 0, NULL }'
			echo '};'
		} >"$tmp/$side.c"
		$CC "${cflags[@]}" -Itools/ynl -c -o "$tmp/$side.o" "$tmp/$side.c" || return 1
	done
	$CC "${cflags[@]}" -Itools/ynl -I"$tmp" -o "$tmp/policy-cmp" tools/ynl/policy-cmp.c \
		"$tmp/gen.o" "$tmp/kern.o" || return 1
	"$tmp/policy-cmp"
}
if ops_check >"$tmp/o.out" 2>&1; then
	ok "${names[2]} ($(sed -n 's/^# \([0-9]*\) (command.*/\1 do|dump ops/p' "$tmp/o.out"))"
	if pol_check >"$tmp/p.out" 2>&1; then
		ok "${names[3]} ($(sed -n 's/^# \([0-9]*\) ops, \([0-9]*\) attribute entries.*/\2 entries in \1 ops/p' "$tmp/p.out"))"
	else
		notok "${names[3]}" "$tmp/p.out"
	fi
else
	notok "${names[2]}" "$tmp/o.out"
	# The op tables were written before the comparison failed: the policies can still run.
	if [ -s "$tmp/gen-ops.inc" ] && pol_check >"$tmp/p.out" 2>&1; then
		ok "${names[3]}"
	else
		notok "${names[3]}" "$tmp/p.out"
	fi
fi
finish
