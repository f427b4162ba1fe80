#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Extract the uncompressed ELF vmlinux from an x86 bzImage.

The x86 boot protocol (Documentation/x86/boot.rst) puts the compressed kernel at
payload_offset (u32 at 0x248) from the start of the protected-mode code, which begins after
the real-mode setup sectors ((setup_sects (u8 at 0x1f1), 0 meaning 4) + 1) * 512; its length
is payload_length (u32 at 0x24c). The payload's own magic tells the compression: gzip, xz,
zstd, lz4 (legacy frame), bzip2 or lzma. Every format but gzip carries a 4-byte size after
the compressed stream.

usage: extract-vmlinux.py BZIMAGE OUT
"""
import bz2
import lzma
import os
import shutil
import struct
import subprocess
import sys
import zlib


def fail(msg):
    sys.exit(f"extract-vmlinux: {msg}")


def run_tool(argv, data):
    if not shutil.which(argv[0]):
        fail(f"'{argv[0]}' is needed to decompress this kernel (apt-get install {argv[0]})")
    proc = subprocess.run(argv, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Output is usable even when the tool complains about the trailing size bytes.
    return proc.stdout


def decompress(payload):
    if payload.startswith(b"\x1f\x8b"):
        return zlib.decompressobj(wbits=31).decompress(payload)
    if payload.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(payload)
    if payload.startswith(b"\x28\xb5\x2f\xfd"):
        return run_tool(["zstd", "-dcq"], payload[:-4])
    if payload.startswith(b"\x02\x21\x4c\x18"):
        return run_tool(["lz4", "-dcq"], payload[:-4])
    if payload.startswith(b"BZh"):
        return bz2.BZ2Decompressor().decompress(payload)
    if payload.startswith(b"\x5d\x00\x00"):
        return lzma.LZMADecompressor(format=lzma.FORMAT_ALONE).decompress(payload)
    fail(f"unknown payload compression (magic {payload[:6].hex()})")


def main():
    if len(sys.argv) != 3:
        fail("usage: extract-vmlinux.py BZIMAGE OUT")
    with open(sys.argv[1], "rb") as f:
        img = f.read()
    if img[0x202:0x206] != b"HdrS":
        fail(f"{sys.argv[1]} is not an x86 bzImage (no HdrS boot header)")
    setup_sects = img[0x1F1] or 4
    pm_start = (setup_sects + 1) * 512
    payload_offset, payload_length = struct.unpack_from("<II", img, 0x248)
    start = pm_start + payload_offset
    payload = img[start:start + payload_length]
    if len(payload) != payload_length:
        fail("payload extends past the end of the image")
    elf = decompress(payload)
    if not elf.startswith(b"\x7fELF"):
        fail("decompressed payload is not an ELF image")
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(elf)
    os.replace(tmp, sys.argv[2])


if __name__ == "__main__":
    main()
