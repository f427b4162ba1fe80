#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn tools/bench/vcpus.sh's log into build/bench/vcpus.json and a Markdown table.

Log lines: VCPUSBOOT {rep, smp}, VCPUS {...} (one measurement, tools/bench/vm-vcpus.sh),
VCPUSEVIDENCE {...} (kprobe hits of ksrtp_srtp_protect per CPU), VCPUSHOST {rep, smp, wall,
user, sys} (the host's CPU time for the whole qemu run, from /usr/bin/time).
"""
import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys


def parse(path):
    runs, evidence, host, accel = [], [], [], set()
    cur = None
    boot = -1
    marks = {}  # boot index -> its host marks, in order
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            tag, _, rest = line.partition(" ")
            try:
                if tag == "VCPUSBOOT":
                    cur = json.loads(rest)
                    boot += 1
                elif tag == "VCPUSHOSTMARK":
                    m = json.loads(rest)
                    if m["qemu_ticks"] is not None:
                        marks.setdefault(boot, []).append(m)
                elif tag == "VCPUS":
                    r = json.loads(rest)
                    r["boot_smp"] = cur["smp"] if cur else r["ncpu"]
                    r["boot"] = boot
                    runs.append(r)
                elif tag == "VCPUSEVIDENCE":
                    e = json.loads(rest)
                    e["rep"] = cur["rep"] if cur else 0
                    evidence.append(e)
                elif tag == "VCPUSHOST":
                    host.append(json.loads(rest))
            except (json.JSONDecodeError, KeyError) as exc:
                sys.exit(f"vcpus-report.py: bad line {line[:80]!r}: {exc}")
            if line.startswith("# accelerator:"):
                accel.add(line[2:])
    # The host's view of each window: the guest sends "begin SETUP" / "end SETUP" on a serial
    # port of their own, the host samples qemu's CPU time (all its threads) when they arrive.
    for r in runs:
        ms = {m["mark"]: m for m in marks.get(r["boot"], [])}
        b, e = ms.get("begin " + r["setup"]), ms.get("end " + r["setup"])
        if b and e and e["t"] - b["t"] > 0.2:
            r["host"] = {
                "wall": e["t"] - b["t"],
                "qemu_cpu_s": (e["qemu_ticks"] - b["qemu_ticks"]) / b["hz"],
                "host_busy_frac": (e["host_busy"] - b["host_busy"]) /
                max(1, e["host_total"] - b["host_total"]),
                "loadavg": e["loadavg"],
            }
    return runs, evidence, host, sorted(accel)


def delta(r, key):
    a, b = r["cpu_before"][key], r["cpu_after"][key]
    return [y - x for x, y in zip(a, b)]


def fmt_pps(v):
    return f"{v:.0f}" if v is not None else "-"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("log")
    p.add_argument("--json", required=True)
    p.add_argument("--md", required=True)
    p.add_argument("--command", default="tools/bench/vcpus.sh")
    p.add_argument("--accel", default="")
    a = p.parse_args()
    runs, evidence, host, accel = parse(a.log)
    if not runs:
        sys.exit("vcpus-report.py: no measurements in " + a.log)
    bad = [r for r in runs if not r.get("ok")]
    for r in runs:
        r["pps"] = r["sink"] / r["secs"] if r["secs"] > 0 else 0.0
        proc = delta(r, "processed")
        r["processed_per_cpu"] = proc
        r["backlog_drops"] = sum(delta(r, "backlog_drops"))
        r["net_rx_per_cpu"] = delta(r, "net_rx")
        r["busy_ticks_per_cpu"] = delta(r, "busy")
    setups = []
    for r in runs:
        if r["setup"] not in setups:
            setups.append(r["setup"])
    rows = []
    for s in setups:
        one = [r for r in runs if r["setup"] == s and r["ncpu"] == 1]
        two = [r for r in runs if r["setup"] == s and r["ncpu"] == 2]
        m1 = statistics.median([r["pps"] for r in one]) if one else None
        m2 = statistics.median([r["pps"] for r in two]) if two else None
        pairs = []
        for r2 in two:
            r1 = next((r for r in one if r["rep"] == r2["rep"]), None)
            if r1 and r1["pps"] > 0:
                pairs.append(r2["pps"] / r1["pps"])
        split = []
        for r2 in two:
            tot = sum(r2["processed_per_cpu"])
            if tot:
                split.append(r2["processed_per_cpu"][1] / tot)
        drops = [r2["backlog_drops"] / r2["secs"] for r2 in two if r2["secs"] > 0]
        # Packets per second of qemu's host CPU time (all its threads) in the window, and the
        # host cores qemu got (its CPU time / wall time).
        def eff(rs):
            v = [r["sink"] / r["host"]["qemu_cpu_s"] for r in rs
                 if r.get("host") and r["host"]["qemu_cpu_s"] > 0]
            return statistics.median(v) if v else None

        def cores(rs):
            v = [r["host"]["qemu_cpu_s"] / r["host"]["wall"] for r in rs
                 if r.get("host") and r["host"]["wall"] > 0]
            return statistics.median(v) if v else None
        e1, e2 = eff(one), eff(two)
        rows.append({
            "setup": s,
            "spread": (one or two)[0].get("spread", ""),
            "pps_1": m1, "pps_2": m2, "n_1": len(one), "n_2": len(two),
            "ratio": (m2 / m1) if m1 and m2 else None,
            "pair_ratios": pairs,
            "cpu1_share": statistics.median(split) if split else None,
            "backlog_drops_per_s_2": statistics.median(drops) if drops else None,
            "pkts_per_qemu_cpu_s_1": e1, "pkts_per_qemu_cpu_s_2": e2,
            "host_cores_1": cores(one), "host_cores_2": cores(two),
            "equal_share_ratio": (2 * e2 / e1) if e1 and e2 else None,
            "pps_1_all": [r["pps"] for r in one], "pps_2_all": [r["pps"] for r in two],
        })
    for h in host:
        h["cpu_per_wall"] = (h["user"] + h["sys"]) / h["wall"] if h["wall"] else 0.0
    doc = {"command": a.command, "accelerator": a.accel, "qemu_accel_lines": accel,
           "rows": rows, "evidence": evidence, "host": host, "runs": runs,
           "failed_checks": len(bad)}
    with open(a.json, "w") as f:
        json.dump(doc, f, indent=1)

    qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                          text=True).stdout.split("\n")[0].split()
    qver = qemu[3] if len(qemu) > 3 else "?"
    L = []
    L.append("> **WALL CLOCK, NOT -icount. These rates are emulator speeds on a "
             f"{os.cpu_count()}-core host that may run other jobs; only the ratio "
             "2 vCPUs / 1 vCPU means anything. Each vCPU is a host thread, and qemu's own "
             "I/O thread and any other job take their share of the same host cores; a "
             "ratio above 2 comes from the set-up (with one vCPU the generators, the gateway "
             "and the sink all queue on it), not from the module.**")
    L.append("")
    L.append(f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
             f"host: {os.cpu_count()} CPUs; qemu {qver}; load average "
             f"{' '.join(open('/proc/loadavg').read().split()[:3])} when the report was written.")
    L.append("")
    L.append(f"Command: `{a.command}`  ")
    L.append(f"Accelerator: {a.accel}  ")
    if accel:
        L.append(f"qemu ran with: {'; '.join(accel)}  ")
    nrep = max([r["rep"] for r in runs])
    fl = runs[0]["flows"]
    L.append(f"Each cell: median over {nrep} boot(s) per vCPU count (1 and 2 interleaved), "
             f"one {runs[0]['secs']:.1f}-s window per setup and boot, "
             f"{runs[0].get('gens', 1)} generator processes sending {fl} flows in all.")
    L.append("")
    L.append("| setup | spread | 1 vCPU pps | 2 vCPUs pps | ratio 2/1 | per-boot ratios | "
             "2 vCPUs: vCPU1's share of the packets | 2 vCPUs: backlog drops/s |")
    L.append("|---|---|---:|---:|---:|---|---:|---:|")
    for w in rows:
        share = "-" if w["cpu1_share"] is None else f"{100 * w['cpu1_share']:.0f}%"
        drops = "-" if w["backlog_drops_per_s_2"] is None else f"{w['backlog_drops_per_s_2']:.0f}"
        ratio = "-" if w["ratio"] is None else f"{w['ratio']:.2f}"
        pairs = ", ".join(f"{x:.2f}" for x in w["pair_ratios"])
        L.append(f"| {w['setup']} | {w['spread']} | {fmt_pps(w['pps_1'])} | "
                 f"{fmt_pps(w['pps_2'])} | {ratio} | {pairs} | {share} | {drops} |")
    L.append("")
    L.append("The host's side of the same windows: the host cores qemu actually got (its CPU "
             "time, all threads, / wall time), the packets per second of qemu CPU time, and "
             "2 x their ratio -- what 2 vCPUs would give over 1 if each vCPU had a host core of "
             "its own (an estimate from CPU time, not a measurement on an idle host):")
    L.append("")
    L.append("| setup | host cores for qemu, 1 vCPU | 2 vCPUs | packets per qemu CPU-s, 1 vCPU "
             "| 2 vCPUs | ratio at one host core per vCPU |")
    L.append("|---|---:|---:|---:|---:|---:|")

    def num(v, f):
        return "-" if v is None else format(v, f)
    for w in rows:
        L.append(f"| {w['setup']} | {num(w['host_cores_1'], '.2f')} | "
                 f"{num(w['host_cores_2'], '.2f')} | {num(w['pkts_per_qemu_cpu_s_1'], '.0f')} | "
                 f"{num(w['pkts_per_qemu_cpu_s_2'], '.0f')} | {num(w['equal_share_ratio'], '.2f')} |")
    loads = sorted({r["host"]["loadavg"] for r in runs if r.get("host")}, key=float)
    busy = [r["host"]["host_busy_frac"] for r in runs if r.get("host")]
    if loads and busy:
        L.append("")
        L.append(f"Host during the windows: load average {loads[0]}-{loads[-1]}, all host CPUs "
                 f"{100 * min(busy):.0f}-{100 * max(busy):.0f}% busy (qemu and the other jobs).")
    L.append("")
    L.append("Evidence that the work ran on both vCPUs (2-vCPU boots):")
    L.append("")
    for e in evidence:
        if e["ncpu"] < 2:
            continue
        hits = e["hits_per_cpu"]
        L.append(f"- boot {e['rep']}: kprobe on `{e['function']}` (module-cm80, 1 s, per-CPU "
                 f"flows): {', '.join(f'vCPU{i} {h}' for i, h in enumerate(hits))} calls "
                 f"(the SA counted {e['sa_packets']} packets)")
    for w in rows:
        two = [r for r in runs if r["setup"] == w["setup"] and r["ncpu"] == 2]
        if two:
            r = two[0]
            L.append(f"- {w['setup']}, boot {r['rep']}: packets processed per vCPU "
                     f"(softnet_stat) {r['processed_per_cpu']}, NET_RX softirqs "
                     f"{r['net_rx_per_cpu']}, busy ticks {r['busy_ticks_per_cpu']} of "
                     f"{int(r['secs'] * 100)} per vCPU")
    hs = [h for h in host if h["smp"] == 2]
    h1 = [h for h in host if h["smp"] == 1]
    if hs and h1:
        L.append(f"- host CPU time of the whole qemu run / its wall time: 1 vCPU "
                 f"{statistics.median([h['cpu_per_wall'] for h in h1]):.2f}, 2 vCPUs "
                 f"{statistics.median([h['cpu_per_wall'] for h in hs]):.2f} (above 1: the vCPU "
                 "threads ran in parallel on the host's cores; includes the boot)")
    if bad:
        L.append("")
        L.append(f"**{len(bad)} measurement(s) failed a check** (generator error or ksrtp "
                 "drops): see build/bench/vcpus.json.")
    else:
        L.append("")
        L.append("Checks: every generator finished; in the module setups the SA counted the "
                 "packets and reported no auth/replay/other drops.")
    with open(a.md, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
