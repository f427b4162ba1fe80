#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test, deliberately failing (run only when named: make vmcheck T=selftest_crash).
# Loads the crashmod fixture, which WARNs: with panic_on_warn the VM dies at once; the harness
# must report this test as failed with the console log and go on with the next tests in a new
# boot. With KSRTP_VM_PANIC_ON_WARN=0 the VM survives and "kernel log clean" fails instead.
. "$(dirname "$0")/lib.sh"
ktap_plan 1
check "load a module that WARNs" modprobe crashmod mode=warn
ktap_finish
