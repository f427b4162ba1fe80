#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test, deliberately failing (run only when named: make vmcheck T=selftest_leak).
# The crashmod fixture kmallocs 200 bytes and never frees them; after rmmod the end-of-run line
# "module unloads cleanly, no leaked memory" must fail and name the allocation.
. "$(dirname "$0")/lib.sh"
ktap_plan 2
check "load a module that leaks" modprobe crashmod mode=leak
module_note crashmod
check "unload it" rmmod crashmod
ktap_finish
