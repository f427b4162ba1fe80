#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ksrtpvm-timeout: 5
# Harness self-test, deliberately failing (run only when named): a test that never ends in
# userspace; the in-guest timeout kills it, the test fails as timed out, the next test runs
# in the same boot.
. "$(dirname "$0")/lib.sh"
ktap_plan 2
ktap_ok "before the hang"
sleep 1000
ktap_ok "never reached"
ktap_finish
