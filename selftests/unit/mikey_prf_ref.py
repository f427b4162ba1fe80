#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# mikey_prf_ref.py - an independent reference of the MIKEY PRF (RFC 3830 4.1.2, P-function over
# HMAC-SHA-1, inkey split in 256-bit pieces whose outputs are XORed) and PRF-HMAC-SHA-256
# (RFC 6043 6.1, the same over HMAC-SHA-256), written from the RFC text with Python's hmac.
# It reproduces the [SWKD] vectors of ts33180-mikey-sakke-imessages.txt and generated the
# MIKEY-1 known answers in test_prf.c. Run: python3 selftests/unit/mikey_prf_ref.py
import hashlib, hmac, math

def p(s, label, m, h):
    a, out = label, b''
    for _ in range(m):
        a = hmac.new(s, a, h).digest()
        out += hmac.new(s, a + label, h).digest()
    return out

def prf(inkey, label, outlen, h):
    hl = h().digest_size
    m = math.ceil(outlen / hl)
    res = bytes(m * hl)
    for i in range(math.ceil(len(inkey) / 32)):
        res = bytes(x ^ y for x, y in zip(res, p(inkey[32 * i:32 * i + 32], label, m, h)))
    return res[:outlen]

def label(const, cs, csb, rand):
    return const.to_bytes(4, 'big') + bytes([cs]) + csb.to_bytes(4, 'big') + rand

rand = bytes.fromhex('4339F62F55AAC86348846A482C893802')
k16 = bytes.fromhex('A27B7D578EEB9B1EE7705E385996D300')
k48 = bytes(range(1, 49))
for name, key, const, cs, n, h in [
        ('SHA1_TEK16', k16, 0x2AD01C64, 1, 16, hashlib.sha1),
        ('SHA1_SALT14', k16, 0x39A2C14B, 1, 14, hashlib.sha1),
        ('SHA1_AUTH20_K48', k48, 0x1B5C7973, 0xFF, 20, hashlib.sha1),
        ('SHA1_LONG50_K48', k48, 0x15798CEF, 0xFF, 50, hashlib.sha1),
        ('SHA256_LONG70_K48', k48, 0x2AD01C64, 7, 70, hashlib.sha256)]:
    print(name, prf(key, label(const, cs, 0x01020304, rand), n, h).hex().upper())

# KEMAC of a MIKEY-PSK message (RFC 3830 4.1.4 keys with cs_id 0xFF, 4.2.3 AES-CM IV,
# 6.13 key data): the GSK known answer of test_mikey.c, with AES-CTR from the openssl CLI.
import subprocess
gmk = bytes(range(0x10, 0x20))
csb = 0x77777777
ts = (1795392000 + 2208988800) << 32
rnd = bytes(range(0xa0, 0xb0))
gsk = bytes(range(0xa0, 0xb0))
salt = bytes(range(0x50, 0x5e))
enc = prf(gmk, label(0x15798CEF, 0xFF, csb, rnd), 16, hashlib.sha1)
skey = prf(gmk, label(0x39A2C14B, 0xFF, csb, rnd), 14, hashlib.sha1)
auth = prf(gmk, label(0x1B5C7973, 0xFF, csb, rnd), 20, hashlib.sha1)
x = (csb << 64 | ts).to_bytes(14, 'big')
iv = bytes(a ^ b for a, b in zip(skey, x)) + b'\0\0'
# key data: last, TGK+SALT (1) with KV SPI (1), key, salt, SPI 0x05000000
kd = bytes([0, 0x11]) + len(gsk).to_bytes(2, 'big') + gsk + len(salt).to_bytes(2, 'big') + salt
kd += bytes([4]) + (0x05000000).to_bytes(4, 'big')
ct = subprocess.run(['openssl', 'enc', '-aes-128-ctr', '-K', enc.hex(), '-iv', iv.hex()],
                    input=kd, capture_output=True, check=True).stdout
print('PSK_AUTH_KEY', auth.hex().upper())
print('PSK_ENCR_DATA', ct.hex().upper())
