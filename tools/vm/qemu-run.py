#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the ksrtp test VM, stream and flatten the selftests' results (called by tools/vm/run.sh).

The guest's /init (tools/vm/init) reports on the second serial port; the console (kernel log) is
the first one. Every test's KTAP result lines become top-level TAP lines "NAME: case", plus one
"NAME: kernel log clean" line per test and a final "module unloads cleanly, no leaked memory".
A test that crashes the kernel or hangs fails with the console log; the remaining tests then run
in a fresh boot. Exit status: 0 when nothing failed.
"""
import argparse
import os
import re
import subprocess
import sys
import time

KLOG_BAD = re.compile(
    r"WARNING:|BUG:|BUG |Oops|general protection|KASAN|kmemleak|Call Trace|Kernel panic|"
    r"UBSAN|RCU stall|rcu_.*detected stall|INFO: task .* blocked|soft lockup|hard LOCKUP|"
    r"refcount_t:|list_add corruption|list_del corruption|double free|use-after-free|"
    r"Objects remaining|Poison overwritten|Redzone overwritten"
)
RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
PLAN = re.compile(r"^1\.\.(\d+)")
BOOT_TIMEOUT = 180  # TCG on a loaded 2-core machine can be slow to reach /init
SKIP_RC = 4
TIMEOUT_RC = 124


class Runner:
    def __init__(self, args):
        self.a = args
        self.n = 0
        self.failed = 0
        self.final_states = []  # "ok", "fail: why", per boot that reached the end
        # KSRTP_VM_BOOT=bzimage: boot /boot/vmlinuz with SeaBIOS (the fallback) from the start.
        self.elf_ok = os.environ.get("KSRTP_VM_BOOT", "elf") != "bzimage"
        # KVM when usable (and not disabled with KSRTP_VM_KVM=0); a boot that fails under KVM
        # (a nested KVM has been seen to hang silently) is retried with TCG.
        self.kvm = (os.access("/dev/kvm", os.R_OK | os.W_OK)
                    and os.environ.get("KSRTP_VM_KVM", "1") != "0" and args.icount is None)
        self.retry = False

    def note(self, text):
        """Progress notes: stderr when a --run script's stdout must stay verbatim."""
        out = sys.stderr if self.a.run else sys.stdout
        out.write(text + "\n")
        out.flush()

    # ---- TAP output ------------------------------------------------------------------------
    def emit(self, ok, desc, directive=None, diag=()):
        self.n += 1
        line = f"{'ok' if ok else 'not ok'} {self.n} {desc}"
        if directive:
            line += f" # {directive}"
        print(line, flush=True)
        for d in diag:
            print(f"#   {d}", flush=True)
        if not ok:
            self.failed += 1

    # ---- one test's flattening -------------------------------------------------------------
    def finish_test(self, t, rc, secs, crash_log=None):
        name = t["name"]
        out, klog = t["out"], t["klog"]
        context = [f"| {line}" for line in out[-200:]]
        # What the kernel said before the harness's own blocked-task dump of a timed-out test.
        own = next((i for i, line in enumerate(klog) if "ksrtpvm: " in line and "timed out" in line),
                   len(klog))
        bad = [line for line in klog[:own] if KLOG_BAD.search(line)]
        if crash_log is not None:
            kctx = crash_log
        else:
            kctx = [f"K {line}" for line in klog[-150:]]
        ran = t["results"]
        failed_cases = t["failed_cases"]
        # Whole-test verdicts that KTAP lines cannot express.
        if rc == TIMEOUT_RC:
            self.emit(False, f"{name}: timed out after {t['timeout']} s", diag=context + kctx)
        elif crash_log is not None:
            self.emit(False, f"{name}: the kernel crashed or hung during the test",
                      diag=context + kctx)
        elif ran == 0:
            if rc == 0:
                self.emit(True, name)
            elif rc == SKIP_RC:
                why = next((line[1:].strip() for line in reversed(out) if line.startswith("#")),
                           "exit status 4")
                self.emit(True, name, directive=f"SKIP {why}")
            else:
                self.emit(False, f"{name}: exited with status {rc}", diag=context + kctx)
        else:
            if t["plan"] is not None and t["plan"] != ran:
                self.emit(False, f"{name}: planned {t['plan']} cases but ran {ran}",
                          diag=context)
            if rc not in (0, SKIP_RC) and failed_cases == 0:
                self.emit(False, f"{name}: exited with status {rc}", diag=context + kctx)
            elif failed_cases:
                print(f"# ---- {name}: output and kernel log ----", flush=True)
                for d in context + kctx:
                    print(f"#   {d}", flush=True)
        if crash_log is None:
            if bad:
                self.emit(False, f"{name}: kernel log clean",
                          diag=["kernel log lines:"] + [f"K {line}" for line in klog[-150:]])
            else:
                self.emit(True, f"{name}: kernel log clean")
        print(f"# {name}: {secs} s", flush=True)

    def result_line(self, t, line):
        m = RESULT.match(line)
        if not m:
            p = PLAN.match(line)
            if p and t["plan"] is None:
                t["plan"] = int(p.group(1))
            return
        ok = m.group(1) == "ok"
        desc = m.group(3)
        directive = None
        if " # " in desc or desc.startswith("# "):
            desc, _, directive = desc.partition("# ")
            desc = desc.rstrip()
            directive = directive.strip()
        if directive and not directive.upper().startswith(("SKIP", "TODO", "XFAIL")):
            directive = None
        t["results"] += 1
        if not ok and not (directive and directive.upper().startswith("TODO")):
            t["failed_cases"] += 1
        self.emit(ok, f"{t['name']}: {desc}" if desc else f"{t['name']}: case {m.group(2)}",
                  directive=directive)

    # ---- qemu ------------------------------------------------------------------------------
    def qemu_argv(self, tests, use_elf, shell):
        a = self.a
        append = ["console=ttyS0", "quiet", "panic=-1", "oops=panic",
                  "ksrtpvm.timeout=%d" % a.timeout]
        if not a.perf:
            append.append("slub_debug=U,kmalloc-*")
            # Not for benchmarks: on the wall clock of a loaded host a vCPU thread can be
            # descheduled for tens of seconds, which the guest sees as a soft lockup.
            append.insert(4, "softlockup_panic=1")
        if a.panic_on_warn:
            append.append("panic_on_warn=1")
        if tests:
            append.append("ksrtpvm.tests=" + ",".join(tests))
        if shell:
            append.append("ksrtpvm.shell=1")
        if a.append:
            append.append(a.append)
        argv = ["qemu-system-x86_64", "-nodefaults", "-no-user-config", "-display", "none",
                "-no-reboot", "-m", a.mem, "-smp", str(a.smp),
                "-initrd", a.initrd, "-append", " ".join(append)]
        if a.icount is not None:
            # Deterministic guest time (instructions x 2^N ns): TCG only, single-threaded.
            argv += ["-icount", f"shift={a.icount},sleep=off", "-cpu", "max"]
        elif self.kvm:
            argv += ["-enable-kvm", "-cpu", "host"]
        else:
            argv += ["-cpu", "max"]
            if a.mttcg:
                # One host thread per vCPU (the vCPUs really run in parallel).
                argv += ["-accel", "tcg,thread=multi"]
        if use_elf:
            argv += ["-kernel", a.vmlinux, "-bios", "/usr/share/qemu/qboot.rom"]
        else:
            argv += ["-kernel", a.bzimage]
        if shell:
            argv += ["-serial", "mon:stdio", "-serial", "file:" + os.path.join(a.rundir, "results.log")]
        else:
            argv += ["-serial", "file:" + self.console, "-serial", "file:" + self.results]
        if a.chan:
            # The guest's /dev/ttyS2, written to a host file as it comes (benchmark marks).
            argv += ["-serial", "file:" + a.chan]
        return argv

    def console_since(self, name, limit=150):
        try:
            with open(self.console, errors="replace") as f:
                lines = f.read().replace("\r", "").splitlines()
        except OSError:
            return ["(no console log)"]
        start = 0
        for i, line in enumerate(lines):
            if f"ksrtpvm: BEGIN {name}" in line:
                start = i
        tail = lines[start:][-limit:]
        return [f"C {line}" for line in tail]

    def boot(self, tests, nboot):
        """Run `tests` in one boot. Returns the list of tests that did not start."""
        a = self.a
        self.console = os.path.join(a.rundir, f"console.{nboot}.log")
        self.results = os.path.join(a.rundir, f"results.{nboot}.log")
        for p in (self.console, self.results):
            open(p, "w").close()
        argv = self.qemu_argv(tests, self.elf_ok, False)
        with open(os.path.join(a.rundir, f"qemu.{nboot}.cmd"), "w") as f:
            f.write(" ".join(argv) + "\n")
        if a.run:
            accel = ("TCG -icount" if a.icount is not None else "KVM" if self.kvm else
                     "multi-threaded TCG" if a.mttcg else "TCG")
            self.note(f"# accelerator: {accel}, {a.smp} vCPU(s): "
                      + " ".join(x for x in argv if x.startswith(("-accel", "-icount", "-enable-kvm", "tcg,", "shift="))))
        qerr = open(os.path.join(a.rundir, f"qemu.{nboot}.err"), "w")
        t0 = time.monotonic()
        q = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=qerr, stderr=qerr)
        pending = list(tests)
        cur = None
        booted = False
        done = False
        reboot = False
        buf = ""
        pos = 0
        deadline = t0 + (60 if self.kvm else BOOT_TIMEOUT)
        self.retry = False
        try:
            while True:
                with open(self.results, "rb") as f:
                    f.seek(pos)
                    chunk = f.read()
                pos += len(chunk)
                buf += chunk.decode("utf-8", "replace").replace("\r", "")
                *lines, buf = buf.split("\n")
                for line in lines:
                    if line.startswith("@@KSRTPVM "):
                        w = line.split()
                        cmd = w[1] if len(w) > 1 else ""
                        if cmd == "BOOT":
                            booted = True
                            self.note(f"# {a.abi}: booted in {time.monotonic() - t0:.1f} s")
                        elif cmd == "BEGIN":
                            name = w[2]
                            if name in pending:
                                pending.remove(name)
                            tmo = int(w[3]) if len(w) > 3 else a.timeout
                            cur = {"name": name, "out": [], "klog": [], "results": 0,
                                   "failed_cases": 0, "plan": None, "timeout": tmo}
                            # The guest's own watchdog acts at tmo (+5 s for KILL); past this
                            # margin the guest itself is stuck.
                            deadline = time.monotonic() + tmo + 20
                        elif cmd == "END" and cur:
                            rc = int(w[3]) if len(w) > 3 else 1
                            secs = w[4] if len(w) > 4 else "?"
                            if a.run:
                                self.run_rc = rc
                                bad = [k for k in cur["klog"] if KLOG_BAD.search(k)]
                                if bad or rc == TIMEOUT_RC:
                                    sys.stderr.write(f"# {cur['name']}: exit {rc}; kernel log:\n")
                                    for k in cur["klog"][-150:]:
                                        sys.stderr.write(f"#   K {k}\n")
                            else:
                                self.finish_test(cur, rc, secs)
                            cur = None
                            # Between tests: cleanup, and after the last one the leak check,
                            # which reads every kmalloc cache (slow on a loaded machine).
                            deadline = time.monotonic() + 180
                        elif cmd == "FINAL":
                            self.final_states.append("ok" if w[2] == "ok" else
                                                     "fail: " + " ".join(w[3:]))
                        elif cmd == "DONE":
                            done = True
                        elif cmd == "REBOOT":
                            reboot = True
                    elif line.startswith("|") and a.run:
                        print(line[1:], flush=True)
                    elif line.startswith("|"):
                        if cur:
                            cur["out"].append(line[1:])
                            self.result_line(cur, line[1:])
                        elif line.startswith("|# leaked"):
                            print("#   " + line[1:], flush=True)
                    elif line.startswith("K") and a.run:
                        if cur:
                            cur["klog"].append(line[1:])
                    elif line.startswith("K"):
                        if cur:
                            cur["klog"].append(line[1:])
                        elif KLOG_BAD.search(line):
                            print("#   K " + line[1:], flush=True)
                if done or reboot:
                    break
                if q.poll() is not None:
                    break
                if time.monotonic() > deadline:
                    break
                time.sleep(0.05)
        finally:
            # Nothing in the guest needs an orderly shutdown (everything lives in RAM): once it
            # has reported DONE (or asked for a reboot), qemu is stopped at once.
            if q.poll() is None:
                q.kill()
                q.wait()
            qerr.close()
        if done:
            return []
        if reboot:
            return pending
        why = "exited" if q.returncode is not None and time.monotonic() <= deadline else "hung"
        if not booted:
            err = open(os.path.join(a.rundir, f"qemu.{nboot}.err")).read().strip()
            if self.kvm:
                self.note(f"# booting with KVM failed ({why}); retrying with TCG")
                self.kvm = False
                self.retry = True
                return tests
            if self.elf_ok:
                self.note(f"# booting the ELF vmlinux with qboot failed ({why}); "
                          "falling back to bzImage + SeaBIOS")
                self.elf_ok = False
                self.retry = True
                return tests
            self.emit(False, f"VM boots ({a.abi})",
                      diag=[f"qemu {why}: {err}"] + self.console_since("", 60))
            return []
        if cur and a.run:
            sys.stderr.write(f"# the VM {why} while running {cur['name']}; console log:\n")
            for c in self.console_since(cur["name"]):
                sys.stderr.write(f"#   {c}\n")
            self.run_rc = 1
            return []
        if cur:
            self.finish_test(cur, 1, f"{time.monotonic() - t0:.1f}",
                             crash_log=[f"the VM {why}; console log:"] +
                             self.console_since(cur["name"]))
        else:
            self.emit(False, f"VM {why} between tests", diag=self.console_since("", 80))
        return pending

    def run(self):
        a = self.a
        if a.shell:
            argv = self.qemu_argv(a.tests, self.elf_ok, True)
            return subprocess.call(argv)
        if a.run:
            self.run_rc = 1
            nboot = 0
            self.boot(list(a.tests), nboot)
            while self.retry and nboot < 3:  # KVM -> TCG, ELF -> bzImage fallbacks
                nboot += 1
                self.boot(list(a.tests), nboot)
            return self.run_rc
        tests = list(a.tests)
        nboot = 0
        while True:
            remaining = self.boot(tests, nboot)
            nboot += 1
            if not remaining or nboot > len(a.tests) + 2:
                break
            if not self.retry:
                print(f"# rebooting for the remaining tests: {','.join(remaining)}", flush=True)
            tests = remaining
        fails = [s for s in self.final_states if s != "ok"]
        desc = "module unloads cleanly, no leaked memory"
        if fails:
            self.emit(False, desc, diag=[s[6:] for s in fails])
        elif not self.final_states:
            self.emit(True, desc, directive="SKIP the VM crashed before the end-of-run check")
        else:
            self.emit(True, desc)
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--abi", required=True)
    p.add_argument("--vmlinux", required=True)
    p.add_argument("--bzimage", required=True)
    p.add_argument("--initrd", required=True)
    p.add_argument("--rundir", required=True)
    p.add_argument("--tests", default="")
    p.add_argument("--timeout", type=int, default=120)
    p.add_argument("--mem", default="1G")
    p.add_argument("--smp", type=int, default=2)
    p.add_argument("--append", default="")
    p.add_argument("--shell", action="store_true")
    p.add_argument("--run", action="store_true", help="one script, output verbatim, its exit status")
    p.add_argument("--perf", action="store_true", help="no slub_debug allocation tracking")
    p.add_argument("--icount", type=int, default=None, help="TCG -icount shift=N,sleep=off")
    p.add_argument("--mttcg", action="store_true", help="TCG: -accel tcg,thread=multi")
    p.add_argument("--chan", default="", help="file for the guest's third serial port (ttyS2)")
    p.add_argument("--no-panic-on-warn", dest="panic_on_warn", action="store_false")
    a = p.parse_args()
    a.tests = [t for t in a.tests.split(",") if t]
    sys.exit(Runner(a).run())


if __name__ == "__main__":
    main()
