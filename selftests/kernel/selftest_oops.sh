#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test, deliberately failing (run only when named): a NULL dereference in module
# init oopses (oops=panic ends the VM); the harness reports the test failed with the oops.
. "$(dirname "$0")/lib.sh"
ktap_plan 1
check "load a module that oopses" modprobe crashmod mode=oops
ktap_finish
