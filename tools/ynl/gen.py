#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tools/ynl/gen.py YNL_DIR ARGS... - run the kernel's tools/net/ynl/ynl-gen-c.py with ARGS.

Two things the 6.12 generator cannot render are rendered the way the kernel's own policy
macros express them (what later generators emit), so that the generated kernel policy can
be compared with the module's hand-written one attribute by attribute:
  - a binary attribute with both min-len and max-len (6.12: "One or more of binary type
    checks not implemented, yet") becomes NLA_POLICY_RANGE(NLA_BINARY, min, max);
  - a u16/u32 attribute with byte-order: big-endian becomes NLA_BE16/NLA_BE32 (6.12 emits
    NLA_U16/NLA_U32 and ignores the byte order).
Everything else is ynl-gen-c.py's own code and output.
"""
import importlib.util
import os
import sys

ynl_dir = sys.argv[1]
sys.path.insert(0, ynl_dir)
spec = importlib.util.spec_from_file_location('ynl_gen_c', os.path.join(ynl_dir, 'ynl-gen-c.py'))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

binary_policy = gen.TypeBinary._attr_policy


def _binary_policy(self, policy):
    if set(self.checks) == {'min-len', 'max-len'}:
        return (f"NLA_POLICY_RANGE(NLA_BINARY, {self.get_limit_str('min-len')}, "
                f"{self.get_limit_str('max-len')})")
    return binary_policy(self, policy)


scalar_policy = gen.TypeScalar._attr_policy


def _scalar_policy(self, policy):
    if self.attr.get('byte-order') == 'big-endian' and policy in ('NLA_U16', 'NLA_U32'):
        policy = 'NLA_BE' + policy[len('NLA_U'):]
    return scalar_policy(self, policy)


gen.TypeBinary._attr_policy = _binary_policy
gen.TypeScalar._attr_policy = _scalar_policy
sys.argv = ['ynl-gen-c.py'] + sys.argv[2:]
gen.main()
