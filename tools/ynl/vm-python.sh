#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/ynl/vm-python.sh - build (once, cached) and print the path of build/ynl/vm-python.cpio:
# an initramfs part with Debian's /usr/bin/python3, the standard-library and PyYAML modules
# that the kernel's tools/net/ynl/cli.py imports (found by running it here), their shared
# libraries, cli.py with its lib/ in /usr/share/ksrtp/ynl/ and kmod/ksrtp.yaml next to it.
# tools/vm/run.sh appends it when a selected test asks ("# ksrtpvm-cpio: tools/ynl/vm-python.sh",
# selftests/kernel/ynl_cli.sh). About 10 MB.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
py=/usr/bin/python3
src=$(tools/ynl/ynl-src.sh)
ynl=$src/tools/net/ynl
out=build/ynl
mkdir -p "$out"
key=$( (sha256sum "$0" kmod/ksrtp.yaml "$ynl"/cli.py "$ynl"/lib/*.py
	readlink -f "$py"; dpkg-query -W python3.11-minimal libpython3.11-minimal python3-yaml libyaml-0-2 2>/dev/null || true) |
	sha256sum | cut -c1-16)
cpio=$top/$out/vm-python-$key.cpio
if [ ! -s "$cpio" ]; then
	exec 9>"$out/.vm-python.lock"
	flock 9
	if [ ! -s "$cpio" ]; then
		root=$(mktemp -d "$top/$out/.vmpy.XXXXXX")
		trap 'rm -rf "$root"' EXIT
		# Every module file cli.py loads for a do and a dump of this spec (the host has no
		# ksrtp family, so it stops after loading everything, at the family lookup).
		$py - "$ynl" kmod/ksrtp.yaml >"$root/files" <<'EOF'
import os, runpy, sys
ynl, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, ynl)
sys.argv = ['cli.py', '--spec', spec, '--no-schema', '--dump', 'sa-get']
try:
    runpy.run_path(os.path.join(ynl, 'cli.py'), run_name='__main__')
except BaseException:
    pass
import encodings.ascii, encodings.latin_1, ipaddress, pprint, json  # noqa: used in output
for m in list(sys.modules.values()):
    f = getattr(m, '__file__', None)
    if f and os.path.isfile(f) and not os.path.abspath(f).startswith(os.path.abspath(ynl)):
        print(os.path.realpath(f))
EOF
		real=$(readlink -f "$py")
		files=("$real")
		while IFS= read -r f; do
			files+=("$f")
			case "$f" in
			*.py)
				d=$(dirname "$f") b=$(basename "$f" .py)
				for c in "$d"/__pycache__/"$b".cpython-*.pyc; do [ -e "$c" ] && files+=("$c"); done ;;
			esac
		done <"$root/files"
		libs=()
		for f in "${files[@]}"; do
			case "$f" in
			*.so|"$real") mapfile -t -O "${#libs[@]}" libs < <(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true) ;;
			esac
		done
		for f in "${files[@]}" "${libs[@]}"; do
			# Merged /usr: the guest's /lib is a symbolic link to usr/lib.
			d=${f/#\/lib\//\/usr\/lib\/}
			mkdir -p "$root/tree$(dirname "$d")"
			cp -pL "$f" "$root/tree$d"
		done
		# Debian's site.py finds dist-packages through this directory layout.
		ln -sf "$(basename "$real")" "$root/tree/usr/bin/python3"
		mkdir -p "$root/tree/usr/share/ksrtp/ynl/lib"
		cp -p "$ynl"/cli.py "$root/tree/usr/share/ksrtp/ynl/"
		cp -p "$ynl"/lib/*.py "$root/tree/usr/share/ksrtp/ynl/lib/"
		cp -p kmod/ksrtp.yaml "$root/tree/usr/share/ksrtp/ynl/"
		(cd "$root/tree" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$cpio.tmp"
		mv "$cpio.tmp" "$cpio"
		find "$out" -maxdepth 1 -name 'vm-python-*.cpio' ! -name "${cpio##*/}" -delete
	fi
fi
echo "$cpio"
