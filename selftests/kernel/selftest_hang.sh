#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ksrtpvm-timeout: 8
# Harness self-test, deliberately failing (run only when named: make vmcheck T=selftest_hang).
# The hang is inside the kernel: crashmod's init blocks uninterruptibly, so the in-guest timeout
# cannot kill modprobe; the host's watchdog must kill the VM, report this test as failed with
# the console log (the blocked-task dump) and run the remaining tests in a fresh boot.
. "$(dirname "$0")/lib.sh"
ktap_plan 1
check "load a module whose init never returns" modprobe crashmod mode=hang
ktap_finish
