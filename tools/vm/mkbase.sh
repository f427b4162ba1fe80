#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/vm/mkbase.sh ABI OUTDIR - build the cached base initramfs of the test VM for one kernel.
#
# OUTDIR/root/ is the tree and OUTDIR/base.cpio its newc archive: busybox-static, the real
# iproute2 tools (ip, bridge, genl, tc, ss, nstat), smcroute, kmod (modprobe & co.), the shared
# libraries of all of these (from ldd) plus libnl, OpenSSL, libsrtp2 and the NSS pieces libsrtp2
# dlopen()s, and the Debian kernel modules the tests use with their dependencies (resolved by
# modprobe --show-depends from Debian's modules.dep), decompressed and depmod'ed.
# tools/vm/run.sh calls this only when the cache key (tools/vm/run.sh: base_key) changes.
set -euo pipefail
abi=$1 out=$2
moddir=/lib/modules/$abi
[ -d "$moddir/kernel" ] || { echo "mkbase: no modules for $abi in $moddir (run tools/deps.sh)" >&2; exit 1; }
kdir=$("$(dirname "$0")/../kver.sh" kdir "$abi")

# Modules the tests need by name; their dependencies are computed, never listed here.
MODULES=(
	veth dummy macvlan ipvlan bridge 8021q vxlan
	aesni_intel sha1_ssse3 sha256_ssse3 ghash_clmulni_intel crc32c_intel
	authenc authencesn gcm ccm ctr cbc ecb seqiv echainiv cmac xcbc chacha20poly1305 cryptd
	pktgen esp4 esp6 ah4 ah6 xfrm_user xfrm_interface xfrm4_tunnel xfrm6_tunnel ip_vti ip6_vti
	ipip ip6_tunnel sit ip_gre ip6_gre udp_tunnel ip6_udp_tunnel
	nf_conntrack nf_nat nf_tables nft_chain_nat nft_ct nfnetlink_queue nf_defrag_ipv4 nf_defrag_ipv6
	sch_netem sch_fq sch_tbf sch_htb cls_u32 cls_bpf act_mirred
	tun tap
)
# Whole directories: every crypto driver, so crypto-* aliases always resolve in the guest.
MODDIRS=(kernel/crypto kernel/arch/x86/crypto kernel/lib/crypto)

# Binaries: path in the host -> same path in the guest (real tools live in /sbin and /usr/bin).
BINS=(
	/usr/sbin/ip /usr/sbin/bridge /usr/sbin/tc /usr/sbin/genl /usr/bin/ss /usr/bin/nstat
	/usr/sbin/smcroute /usr/sbin/smcrouted /usr/sbin/smcroutectl /usr/bin/kmod /usr/bin/bash
)
OPTIONAL_BINS=(/usr/bin/strace /usr/bin/socat /usr/bin/tcpdump /usr/sbin/ethtool)
# Libraries loaded with dlopen() (never in ldd output) or wanted by test programs.
LIBGLOBS=(
	'libnl-3.so.200' 'libnl-genl-3.so.200' 'libnl-route-3.so.200' 'libssl.so.3' 'libcrypto.so.3'
	'libsrtp2.so.1' 'libsoftokn3.so' 'libsoftokn3.chk' 'libfreebl3.so' 'libfreebl3.chk'
	'libfreeblpriv3.so' 'libfreeblpriv3.chk' 'libnssdbm3.so' 'libnssdbm3.chk' 'libnssckbi.so'
	'libsqlite3.so.0' 'libnss_files.so.2'
)
libdir=/usr/lib/x86_64-linux-gnu

root=$out/root
rm -rf "$root" "$out/base.cpio"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib/modules,etc,proc,sys,dev,tmp,run,var,mnt,root}
mkdir -p "$root/$libdir" "$root/lib64"
# Debian's merged /usr: /lib is /usr/lib; /var/run is /run (ip netns keeps its mounts there).
ln -s usr/lib "$root/lib"
ln -s ../run "$root/var/run"

# busybox applets in /bin, except the ones real tools replace (kmod's, iproute2's).
cp /bin/busybox "$root/bin/busybox"
for a in $(/bin/busybox --list); do
	case "$a" in
	busybox|bash|ip|bridge|tc|ss|modprobe|insmod|rmmod|lsmod|modinfo|depmod|init|linuxrc) continue ;;
	esac
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done

copy_file() { # host path -> same path in the guest, following symlinks
	local src=$1 dst=$root$1
	mkdir -p "$(dirname "$dst")"
	[ -e "$dst" ] || cp -L "$src" "$dst"
}
declare -A seen_lib=()
copy_libs() { # the ldd closure of a binary or library
	local l
	for l in $(ldd "$1" 2>/dev/null | grep -oE '/[^ ]+' || true); do
		[ -n "${seen_lib[$l]:-}" ] && continue
		seen_lib[$l]=1
		copy_file "$l"
	done
}

for b in "${BINS[@]}"; do
	[ -x "$b" ] || { echo "mkbase: $b missing (run tools/deps.sh)" >&2; exit 1; }
	copy_file "$b"; copy_libs "$b"
done
for b in "${OPTIONAL_BINS[@]}"; do
	[ -x "$b" ] && { copy_file "$b"; copy_libs "$b"; }
done
for g in "${LIBGLOBS[@]}"; do
	for l in $libdir/$g; do
		[ -e "$l" ] || continue
		copy_file "$l"; copy_libs "$l"
	done
done
[ -e "$root/lib64/ld-linux-x86-64.so.2" ] || cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
for t in modprobe insmod rmmod lsmod modinfo depmod; do ln -sfn ../usr/bin/kmod "$root/sbin/$t"; done
for t in ip bridge tc genl smcroute smcrouted smcroutectl; do
	[ -e "$root/sbin/$t" ] || ln -sfn "../usr/sbin/$t" "$root/sbin/$t"
done
ln -sfn ../usr/bin/bash "$root/bin/bash"
for t in ss nstat strace socat tcpdump; do
	[ -e "$root/usr/bin/$t" ] && ln -sfn "../usr/bin/$t" "$root/sbin/$t"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
: >"$root/etc/fstab"

# The modules, decompressed, then depmod'ed (pitfall 3: System.map is a placeholder).
mdst=$root/usr/lib/modules/$abi
mkdir -p "$mdst"
{
	modprobe -S "$abi" -a --show-depends "${MODULES[@]}" 2>/dev/null || true
	for d in "${MODDIRS[@]}"; do
		[ -d "$moddir/$d" ] || continue
		find "$moddir/$d" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//' |
			xargs -r modprobe -S "$abi" -a --show-depends 2>/dev/null || true
	done
} | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r m; do
	rel=${m#"$moddir"/}
	mkdir -p "$mdst/$(dirname "$rel")"
	case "$m" in
	*.ko.xz)  xz -dc "$m" >"$mdst/${rel%.xz}" ;;
	*.ko.zst) zstd -qdc "$m" >"$mdst/${rel%.zst}" ;;
	*.ko.gz)  gzip -dc "$m" >"$mdst/${rel%.gz}" ;;
	*)        cp "$m" "$mdst/$rel" ;;
	esac
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
	[ -e "$moddir/$f" ] && cp "$moddir/$f" "$mdst/"
done
sed -i 's/\.ko\.\(xz\|zst\|gz\)$/.ko/' "$mdst/modules.order"
depmod -b "$root" -e -E "$kdir/Module.symvers" "$abi" 2>"$out/depmod.log" || {
	cat "$out/depmod.log" >&2; exit 1; }
if grep -q 'needs unknown symbol' "$out/depmod.log"; then
	echo "mkbase: depmod reports unresolved symbols:" >&2; cat "$out/depmod.log" >&2; exit 1
fi

( cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet ) >"$out/base.cpio.tmp"
mv "$out/base.cpio.tmp" "$out/base.cpio"
