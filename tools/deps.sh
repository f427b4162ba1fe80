#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# tools/deps.sh - install every Debian package ksrtp needs to build, test, demo and benchmark.
# Idempotent: a no-op when everything is present. Kernel versions are discovered, never hard-coded:
# Debian 12's default kernel (linux-image-amd64, 6.1 LTS) and the newest 6.12 LTS backport.
set -euo pipefail

pkgs=(
	build-essential make pkg-config git cpio kmod xz-utils zstd
	clang llvm libclang-rt-14-dev lld clang-format
	libssl-dev openssl libnl-3-dev libnl-genl-3-dev libsrtp2-dev
	qemu-system-x86 busybox-static iproute2 smcroute
	linux-image-amd64 linux-headers-amd64 linux-source
	tshark valgrind python3 bc flex bison
	python3-yaml python3-jsonschema
)

have_all() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || return 1
	done
}

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: missing packages: $*" >&2
		echo "deps.sh: run as root (sudo tools/deps.sh) to install them with apt-get." >&2
		exit 1
	fi
}

apt_install() {
	need_root "$@"
	export DEBIAN_FRONTEND=noninteractive
	if [ -z "${KSRTP_APT_UPDATED:-}" ]; then
		echo "deps.sh: apt-get update" >&2
		apt-get update -qq
		KSRTP_APT_UPDATED=1
	fi
	echo "deps.sh: installing $*" >&2
	# tshark asks whether non-root users may capture; answer no.
	echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
	apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for p in "${pkgs[@]}"; do have_all "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# The 6.12 LTS backport: pick the newest ABI the archive offers, unless one is already installed.
if ! ls -d /usr/src/linux-headers-6.12.*-amd64 >/dev/null 2>&1 ||
   ! ls /boot/vmlinuz-6.12.*-amd64 >/dev/null 2>&1; then
	[ -n "${KSRTP_APT_UPDATED:-}" ] || { need_root linux-6.12; apt-get update -qq; KSRTP_APT_UPDATED=1; }
	abi=$(apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
		sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12-amd64\) .*/\1/p' | sort -V | tail -n1)
	if [ -z "$abi" ]; then
		echo "deps.sh: no 6.12 LTS kernel found in the archive; 6.12 tests will be skipped" >&2
	else
		apt_install "linux-image-$abi-unsigned" "linux-headers-$abi"
	fi
fi

# The kernel's YNL tooling (tools/net/ynl/, Documentation/netlink/, for tools/ynl/check.sh)
# is in the 6.12 source; Debian 12's linux-source (6.1) predates it.
if ! ls /usr/src/linux-source-6.12*.tar.xz >/dev/null 2>&1; then
	[ -n "${KSRTP_APT_UPDATED:-}" ] || { need_root linux-source-6.12; apt-get update -qq; KSRTP_APT_UPDATED=1; }
	srcpkg=$(apt-cache search --names-only '^linux-source-6\.12[.0-9]*$' |
		sed -n 's/^\(linux-source-6\.12[.0-9]*\) .*/\1/p' | sort -V | tail -n1)
	if [ -z "$srcpkg" ]; then
		echo "deps.sh: no linux-source-6.12 in the archive; the YNL spec checks (make lint) will fail" >&2
	else
		apt_install "$srcpkg"
	fi
fi
exit 0
