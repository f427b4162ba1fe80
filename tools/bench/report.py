#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the output of tools/bench/vm-datapath.sh into build/bench/datapath.json and a table.

usage: report.py LOG --json OUT.json --md OUT.md [--command CMD] [--accel TEXT]

Cost model (1-vCPU runs under qemu -icount, see vm-datapath.sh): every packet passes
generator -> A -> B -> sink in one go on the only CPU, so the end-to-end cost per packet is
the generator's virtual seconds / packets (for the relay: the relay's span / packets relayed).
  hop      = e2e(plain) - e2e(local-plain)        one forwarding hop (A forwarding)
  gw(x)    = hop + e2e(x) - e2e(plain)            what gateway A spends per packet in setup x
  capacity = 1e6 / gw(x) packets per second of one CPU
  protect  = e2e(module-S) - e2e(plain); unprotect = e2e(rx-module-S) - e2e(module-S)
With 2+ vCPUs (wall clock) the cost is the measured vCPU's busy time / packets out instead.
Medians over the repetitions; spread = (max - min) / median.
"""
import argparse
import json
import statistics
import sys

SUITE_SHORT = {
    "AES_CM_128_HMAC_SHA1_80": "cm80", "AES_CM_128_HMAC_SHA1_32": "cm32",
    "AEAD_AES_128_GCM": "gcm128", "AEAD_AES_256_GCM": "gcm256",
}
ESP_FOR = {"cm80": "esp-ctr-sha1", "cm32": "esp-ctr-sha1", "gcm128": "esp-gcm", "gcm256": "esp-gcm"}


def load(path):
    env, runs, other = {}, [], []
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("BENCHENV "):
                try:
                    env.update(json.loads(line[9:]))
                except json.JSONDecodeError:
                    pass
            elif line.startswith("BENCH "):
                try:
                    d = json.loads(line[6:])
                except json.JSONDecodeError:
                    continue
                (runs if d.get("kind") == "run" else other).append(d)
    return env, runs, other


def cost_us(r):
    """Microseconds of CPU per packet for one run, or None."""
    if r["ncpu"] < 2:
        src = r.get("relay") if r["impl"] == "relay" else r.get("gen")
        if not src or not src.get("packets") or not src.get("seconds"):
            return None
        return 1e6 * src["seconds"] / src["packets"]
    if r["out"] <= 0:
        return None
    return r["cpu_busy_ticks"] * 1e6 / r["hz"] / r["out"]


def med(xs):
    return statistics.median(xs) if xs else None


def spread(xs):
    m = med(xs)
    return (max(xs) - min(xs)) / m if xs and m else None


def summarize(runs):
    by = {}
    for r in runs:
        c = cost_us(r)
        # A run where ksrtp dropped packets (auth, replay, collision...) measured the drop
        # path, not the transform: left out, and named in the checks.
        if c is None or not r.get("ok") or r.get("crypto_drops"):
            continue
        by.setdefault((r["setup"], r["size"]), []).append((c, r))
    table = {}
    for (setup, size), lst in by.items():
        cs = [c for c, _ in lst]
        rs = [r for _, r in lst]
        gen = [r["gen"]["packets"] for r in rs if r.get("gen")]
        sink = [r["sink"] for r in rs]
        relayed = [r["relay"]["packets"] for r in rs if r.get("relay")]
        table[(setup, size)] = {
            "setup": setup, "size": size, "impl": rs[0]["impl"], "suite": rs[0]["suite"],
            "ssrcs": rs[0]["ssrcs"], "sas": rs[0]["sas"], "reps": len(cs),
            "e2e_us": med(cs), "spread": spread(cs), "samples_us": [round(c, 3) for c in cs],
            "e2e_pps": 1e6 / med(cs),
            "sent": sum(gen), "sink": sum(sink), "relayed": sum(relayed) if relayed else None,
            "verify_packets": sum(r["verify_packets"] for r in rs),
            "crypto_drops": sum(r["crypto_drops"] for r in rs),
            "backlog_drops": sum(r["backlog_drops"] for r in rs),
        }
    return table


def derive(table, ncpu):
    """Gateway costs, capacities and the ratios the targets are about."""
    d = {"gateway": [], "targets": [], "rx": [], "local": [], "scaling": []}
    sizes = sorted({s for _, s in table})

    def e(setup, size):
        t = table.get((setup, size))
        return t["e2e_us"] if t else None

    for size in sizes:
        plain, lplain = e("plain", size), e("local-plain", size)
        if ncpu < 2:
            hop = plain - lplain if plain is not None and lplain is not None else None
        else:
            hop = plain  # with 2+ vCPUs the measured cost already is A's own
        gw = {}
        for (setup, sz), t in sorted(table.items()):
            if sz != size or setup.startswith(("local", "rx-", "scale")):
                continue
            x = t["e2e_us"]
            g = (hop + x - plain) if ncpu < 2 and hop is not None else (x if ncpu >= 2 else None)
            if g is None or g <= 0:
                continue
            gw[setup] = g
            d["gateway"].append({"size": size, "setup": setup, "gateway_us": round(g, 2),
                                 "capacity_pps": round(1e6 / g), "e2e_us": round(x, 2),
                                 "spread": t["spread"], "vs_plain": None})
        for row in d["gateway"]:
            if row["size"] == size and "plain" in gw:
                row["vs_plain"] = round(gw["plain"] / gw[row["setup"]], 3)
        for setup, g in gw.items():
            if not setup.startswith("module-"):
                continue
            s = setup[len("module-"):]
            esp = ESP_FOR.get(s)
            if esp in gw:
                d["targets"].append({"size": size, "what": f"{setup} vs {esp} (pps ratio)",
                                     "ratio": round(gw[esp] / g, 3),
                                     "target": ">= 1.25" if size == 172 else None})
            if f"relay-{s}" in gw:
                d["targets"].append({"size": size, "what": f"{setup} vs relay-{s} (pps ratio)",
                                     "ratio": round(gw[f"relay-{s}"] / g, 3),
                                     "target": ">= 3" if size == 172 else None})
            # receive side
            rxm = e(f"rx-module-{s}", size)
            if ncpu < 2 and rxm is not None and plain is not None:
                prot = e(setup, size) - plain
                unprot = rxm - e(setup, size)
                d["rx"].append({"size": size, "suite": s, "protect_us": round(prot, 2),
                                "unprotect_us": round(unprot, 2),
                                "unprotect_vs_protect": round(unprot / prot, 3) if prot > 0 else None,
                                "target": "within 10%"})
            elif ncpu >= 2:
                rp, rpr, rm = e("rx-plain", size), e(f"rx-protect-{s}", size), rxm
                if None not in (rp, rpr, rm):
                    prot, unprot = rpr - rp, rm - rpr
                    d["rx"].append({"size": size, "suite": s, "protect_us": round(prot, 2),
                                    "unprotect_us": round(unprot, 2),
                                    "unprotect_vs_protect": round(unprot / prot, 3) if prot > 0 else None,
                                    "target": "within 10%"})
    # local path (172 octets)
    lp = e("local-plain", 172)
    for (setup, size), t in sorted(table.items()):
        if setup.startswith("local-") and size == 172 and lp:
            d["local"].append({"setup": setup, "e2e_us": round(t["e2e_us"], 2),
                               "overhead_us": round(t["e2e_us"] - lp, 2),
                               "pps": round(1e6 / t["e2e_us"]), "spread": t["spread"]})
    # scaling: gateway cost relative to the 1-SA / 1-SSRC case
    plain, lplain = e("plain", 172), e("local-plain", 172)
    hop = plain - lplain if ncpu < 2 and plain is not None and lplain is not None else 0
    base_plain = plain if ncpu < 2 and plain is not None else 0

    def gwc(x):
        return hop + x - base_plain

    for prefix, label in (("scale-sas-", "SAs installed"), ("scale-ssrcs-", "SSRCs (protect)"),
                          ("scale-rx-ssrcs-", "SSRCs (protect+unprotect)")):
        pts = sorted((int(s[len(prefix):]), t) for (s, z), t in table.items()
                     if s.startswith(prefix) and s[len(prefix):].isdigit())
        if not pts:
            continue
        b = gwc(pts[0][1]["e2e_us"])
        for n, t in pts:
            d["scaling"].append({"what": label, "n": n, "e2e_us": round(t["e2e_us"], 2),
                                 "gateway_us": round(gwc(t["e2e_us"]), 2),
                                 "vs_first": round(gwc(t["e2e_us"]) / b, 3) if b > 0 else None,
                                 "target": "within 10%", "spread": t["spread"]})
    return d


def parse_micro(raw):
    """The microbenchmark's "key value" lines (joined by ';' in the log) as a dict."""
    kv = {}
    for item in raw.split(";"):
        parts = item.strip().split(None, 1)
        if len(parts) == 2:
            kv[parts[0]] = parts[1]
    return kv


def fmt(x, nd=1):
    return "-" if x is None else f"{x:.{nd}f}"


def markdown(env, table, der, other, command, accel, runs_all):
    L = []
    ncpu = env.get("ncpu", 1)
    L.append(f"Command: `{command}`  ")
    L.append(f"Accelerator: {accel}  ")
    L.append(f"Guest: kernel {env.get('kernel')}, {ncpu} vCPU, CPU \"{env.get('cpu_model')}\", "
             f"flags: {env.get('cpu_flags')}  ")
    L.append(f"Crypto drivers (/proc/crypto, highest priority first): {env.get('proc_crypto')}  ")
    info = env.get("ksrtp_info") or {}
    if info.get("suites"):
        L.append("ksrtp drivers (`ksrtpctl info`): " + "; ".join(
            f"{s['name']}: {s.get('cipher_driver')}" + (f" + {s['auth_driver']}" if s.get("auth_driver") else "")
            for s in info["suites"]) + "  ")
    L.append(f"Each point: median of {env.get('reps')} interleaved repetitions of "
             f"{env.get('secs')} s (guest time); spread = (max-min)/median.")
    L.append("")
    L.append("Gateway A's cost per packet and the capacity of one CPU:")
    L.append("")
    L.append("| RTP octets | setup | gateway µs/packet | capacity pps | vs plain | e2e µs | spread |")
    L.append("|---:|---|---:|---:|---:|---:|---:|")
    for g in der["gateway"]:
        L.append(f"| {g['size']} | {g['setup']} | {fmt(g['gateway_us'])} | {g['capacity_pps']} | "
                 f"{fmt(g['vs_plain'], 2)} | {fmt(g['e2e_us'])} | {fmt(100 * g['spread'] if g['spread'] is not None else None, 1)}% |")
    if der["targets"]:
        L.append("")
        L.append("| RTP octets | comparison | ratio | target |")
        L.append("|---:|---|---:|---|")
        for t in der["targets"]:
            ok = ""
            if t["target"]:
                lim = float(t["target"].split()[-1])
                ok = " met" if t["ratio"] >= lim else " **missed**"
            L.append(f"| {t['size']} | {t['what']} | {t['ratio']:.2f} | {t['target'] or ''}{ok} |")
    if der["rx"]:
        L.append("")
        L.append("Receive side (unprotect with replay check) against protect, ksrtp:")
        L.append("")
        L.append("| RTP octets | suite | protect µs | unprotect µs | ratio | target |")
        L.append("|---:|---|---:|---:|---:|---|")
        for t in der["rx"]:
            r = t["unprotect_vs_protect"]
            ok = "-" if r is None else ("met" if abs(r - 1) <= 0.10 else "**missed**")
            L.append(f"| {t['size']} | {t['suite']} | {fmt(t['protect_us'])} | {fmt(t['unprotect_us'])} | "
                     f"{fmt(r, 2)} | within 10%: {ok} |")
    if der["local"]:
        L.append("")
        L.append("Local path (application in A sending 172-octet RTP with sendmmsg, end to end):")
        L.append("")
        L.append("| setup | µs/packet | pps | overhead vs plain µs | spread |")
        L.append("|---|---:|---:|---:|---:|")
        for t in der["local"]:
            L.append(f"| {t['setup']} | {fmt(t['e2e_us'])} | {t['pps']} | {fmt(t['overhead_us'])} | "
                     f"{fmt(100 * t['spread'] if t['spread'] is not None else None, 1)}% |")
    if der["scaling"]:
        L.append("")
        L.append("Scaling (ksrtp AES_CM_128_HMAC_SHA1_80, 172 octets; gateway cost relative to the first point):")
        L.append("")
        L.append("| what | n | gateway µs/packet | vs first | target |")
        L.append("|---|---:|---:|---:|---|")
        for t in der["scaling"]:
            v = t["vs_first"]
            ok = "-" if v is None else ("met" if abs(v - 1) <= 0.10 else "**missed**")
            L.append(f"| {t['what']} | {t['n']} | {fmt(t['gateway_us'])} | {fmt(v, 3)} | within 10%: {ok} |")
    inst = [o for o in other if o.get("kind") == "sa_install"]
    if inst:
        L.append("")
        L.append("SA installation with `ksrtpctl -b` (guest time): " + ", ".join(
            f"{o['sas']} SAs in {o['seconds']:.3f} s ({o['sas'] / o['seconds']:.0f}/s"
            + (f"; then, without traffic, the CPU was {o['idle_busy_ticks_2s'] / 2:.0f}% busy"
               if "idle_busy_ticks_2s" in o else "") + ")"
            for o in inst if o["seconds"] > 0))
    micro = [o for o in other if o.get("kind") == "microbench"]
    if micro:
        L.append("")
        L.append("In-module microbenchmark (/sys/kernel/debug/ksrtp/bench, guest ns per packet): the "
                 "full transform on an skb against the same crypto primitives on a flat buffer:")
        L.append("")
        L.append("| suite | RTP octets | protect | primitives | ratio | unprotect | primitives | ratio | target |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for o in micro:
            kv = parse_micro(o["raw"])
            try:
                p, pp = float(kv["protect_ns"]), float(kv["primitive_protect_ns"])
                u, pu = float(kv["unprotect_ns"]), float(kv["primitive_unprotect_ns"])
            except (KeyError, ValueError):
                L.append(f"| {o['suite']} | {o['size']} | {o['raw']} | | | | | | |")
                continue
            worst = max(p / pp, u / pu)
            ok = "met" if worst <= 1.3 else "**missed**"
            L.append(f"| {o['suite']} | {o['size']} | {p:.0f} | {pp:.0f} | {p / pp:.2f} | {u:.0f} | "
                     f"{pu:.0f} | {u / pu:.2f} | <= 1.3: {ok} |")
    checks = []
    for r in runs_all:
        if r.get("crypto_drops"):
            checks.append(f"{r['setup']}/{r['size']} round {r['rep']}: ksrtp dropped "
                          f"{r['crypto_drops']} packets (run left out)")
        elif not r.get("ok"):
            checks.append(f"{r['setup']}/{r['size']} round {r['rep']}: failed (run left out)")
    for (setup, size), t in sorted(table.items()):
        if t["impl"] == "module" and t["verify_packets"] == 0:
            checks.append(f"{setup}/{size}: the SA counted no packets")
        if t["crypto_drops"]:
            checks.append(f"{setup}/{size}: {t['crypto_drops']} packets dropped by ksrtp (auth/replay/error)")
    L.append("")
    L.append("Checks: " + ("; ".join(checks) if checks else
                          "every ksrtp SA counted the packets it processed; no auth/replay drops."))
    return "\n".join(L) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("--json", required=True)
    p.add_argument("--md", required=True)
    p.add_argument("--command", default="make bench")
    p.add_argument("--accel", default="")
    a = p.parse_args()
    env, runs, other = load(a.log)
    if not runs:
        print(f"report.py: no measurements in {a.log}", file=sys.stderr)
        return 1
    ncpu = env.get("ncpu", runs[0].get("ncpu", 1))
    table = summarize(runs)
    der = derive(table, ncpu)
    out = {"environment": env, "accelerator": a.accel, "command": a.command,
           "summary": sorted(table.values(), key=lambda t: (t["size"], t["setup"])),
           "derived": der, "other": other, "runs": runs}
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
    md = markdown(env, table, der, other, a.command, a.accel, runs)
    with open(a.md, "w") as f:
        f.write(md)
    sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
