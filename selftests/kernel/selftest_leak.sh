#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test, deliberately failing (run only when named: make vmcheck T=selftest_leak).
# The crashmod fixture kmallocs 200 bytes and never frees them; after rmmod the end-of-run line
# "module unloads cleanly, no leaked memory" must fail and name that allocation (and only it).
. "$(dirname "$0")/lib.sh"
ktap_plan 2
check "load a module that leaks" module_load crashmod mode=leak
check "unload it" module_unload crashmod
ktap_finish
