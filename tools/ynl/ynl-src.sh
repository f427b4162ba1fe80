#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/ynl/ynl-src.sh - extract the kernel's YNL tooling from Debian's newest linux-source
# tarball (/usr/src/linux-source-*.tar.xz; linux-source-6.12 has it, 6.1 does not) into
# build/ynl-src/, once (cached). Prints that directory. Only these members are extracted:
#   Documentation/netlink/genetlink*.yaml   the JSON schemas of genetlink specs
#   tools/net/ynl/*.py, tools/net/ynl/lib/*.py   ynl-gen-c.py, cli.py, lib/nlspec.py, lib/ynl.py
# ynl-gen-c.py looks for the tree's MAINTAINERS file to find the kernel root (and loops for
# ever without one), so an empty one is created; specs go to Documentation/netlink/specs/,
# where lib/nlspec.py finds the schema the spec's "protocol" names.
# Nothing from the kernel tree is ever committed to this repository.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/ynl-src
tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n1 || true)
[ -n "$tarball" ] ||
	{ echo "ynl-src.sh: no /usr/src/linux-source-*.tar.xz (run tools/deps.sh)" >&2; exit 1; }
stamp="$out/.from-$(basename "$tarball")"
if [ ! -e "$stamp" ]; then
	mkdir -p "$out"
	exec 9>"$out/.lock"
	flock 9
	if [ ! -e "$stamp" ]; then
		prefix=$(basename "$tarball" .tar.xz)
		tmp=$(mktemp -d "$out/.x.XXXXXX")
		# In tar's wildcards '*' also matches '/': tools/net/ynl/*.py covers lib/*.py.
		if ! tar -C "$tmp" -xJf "$tarball" --wildcards \
			"$prefix/Documentation/netlink/genetlink*.yaml" "$prefix/tools/net/ynl/*.py" 2>"$tmp/err" ||
			[ ! -e "$tmp/$prefix/tools/net/ynl/ynl-gen-c.py" ]; then
			cat "$tmp/err" >&2
			echo "ynl-src.sh: $tarball has no YNL tooling (tools/net/ynl/); install linux-source-6.12 or newer (tools/deps.sh)" >&2
			rm -rf "$tmp"
			exit 1
		fi
		rm -rf "$out/tree"
		mv "$tmp/$prefix" "$out/tree"
		rm -rf "$tmp"
		: >"$out/tree/MAINTAINERS"
		mkdir -p "$out/tree/Documentation/netlink/specs"
		rm -f "$out"/.from-*
		touch "$stamp"
	fi
fi
echo "$out/tree"
