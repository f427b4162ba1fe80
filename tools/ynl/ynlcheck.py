#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tools/ynl/ynlcheck.py - helpers of tools/ynl/check.sh (run with /usr/bin/python3).

  validate SCHEMA_DIR SPEC       the spec against the JSON schema its "protocol" names, and
                                 not against a looser one than it needs
  names HEADER OUT.c             a C program printing "NAME VALUE" for every enumerator and
                                 integer #define of HEADER (compile it with -include HEADER)
  hdrcmp GEN_HEADER GEN_VALUES OUR_HEADER OUR_VALUES
                                 compare the two headers: names, values, enum membership
  ops SPEC YNL_DIR GEN_SOURCE KMOD_SOURCE OUTDIR
                                 compare the commands (do/dump, permission flag) of the
                                 generated and the hand-written ops tables, and write the C
                                 tables tools/ynl/policy-cmp.c walks (OUTDIR/*.inc)
Every failure is printed as "# ..." lines and makes the exit status 1.
"""
import re
import sys

import yaml


def fail(msgs):
    for m in msgs:
        print('# ' + m)
    sys.exit(1 if msgs else 0)


def load_yaml(path):
    with open(path) as f:
        return yaml.safe_load(f)


# ---- validate -----------------------------------------------------------------------------
def validate(schema_dir, spec_path):
    import jsonschema

    spec = load_yaml(spec_path)
    proto = spec.get('protocol', 'genetlink')
    order = ['genetlink', 'genetlink-c', 'genetlink-legacy']
    if proto not in order:
        fail([f'{spec_path}: protocol "{proto}" is not a genetlink protocol ({", ".join(order)})'])

    def errors(schema_name):
        schema = load_yaml(f'{schema_dir}/{schema_name}.yaml')
        doc = dict(spec, protocol=schema_name)
        # The kernel's schemas name draft-07 in a spelling jsonschema does not look up.
        if 'draft-07' in schema.get('$schema', ''):
            cls = jsonschema.Draft7Validator
        else:
            cls = jsonschema.validators.validator_for(schema)
        return sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))

    errs = errors(proto)
    if errs:
        msgs = [f'{spec_path} does not validate against {proto}.yaml:']
        for e in errs[:20]:
            path = '/'.join(str(p) for p in e.absolute_path) or '(top level)'
            msgs.append(f'  at {path}: {e.message}')
        fail(msgs)
    # The strictest schema that fits: a spec declaring a looser protocol than it needs fails.
    for stricter in order[:order.index(proto)]:
        if not errors(stricter):
            fail([f'{spec_path} declares protocol {proto} but validates against the stricter '
                  f'{stricter}.yaml: declare "protocol: {stricter}"'])
    print(f'# {spec_path} validates against {proto}.yaml' +
          (f' (needs it: not valid under {", ".join(order[:order.index(proto)])})'
           if proto != order[0] else ''))


# ---- headers ------------------------------------------------------------------------------
def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def parse_header(path):
    """enumerators {name: enum}, integer defines [names], string defines {name: str}"""
    with open(path) as f:
        text = strip_comments(f.read())
    enums, int_defs, str_defs = {}, [], {}
    for m in re.finditer(r'\benum\s+(\w+)\s*\{(.*?)\}\s*;', text, flags=re.S):
        for item in m.group(2).split(','):
            item = item.strip()
            if item:
                enums[re.match(r'\w+', item).group(0)] = m.group(1)
    for m in re.finditer(r'^\s*#\s*define\s+(\w+)[ \t]+(.+?)\s*$', text, flags=re.M):
        name, val = m.group(1), m.group(2)
        if val.startswith('"'):
            str_defs[name] = val
        else:
            int_defs.append(name)
    return enums, int_defs, str_defs


def names(header, out_c):
    enums, int_defs, _ = parse_header(header)
    with open(out_c, 'w') as f:
        f.write('#include <stdio.h>\nint main(void)\n{\n')
        for n in list(enums) + int_defs:
            f.write(f'\tprintf("%s %lld\\n", "{n}", (long long)({n}));\n')
        f.write('\treturn 0;\n}\n')


def read_values(path):
    vals = {}
    with open(path) as f:
        for line in f:
            n, v = line.split()
            vals[n] = int(v)
    return vals


def hdrcmp(gen_h, gen_vals, our_h, our_vals):
    g_enums, _, g_str = parse_header(gen_h)
    o_enums, _, o_str = parse_header(our_h)
    gv, ov = read_values(gen_vals), read_values(our_vals)
    # The include guard is the only define without a value.
    msgs = []
    for n in sorted(gv):
        if n not in ov:
            msgs.append(f'{n} = {gv[n]} (spec) is missing from {our_h}')
        elif gv[n] != ov[n]:
            msgs.append(f'{n} is {ov[n]} in {our_h} but {gv[n]} in the spec')
        elif n in g_enums and g_enums[n] != o_enums.get(n):
            msgs.append(f'{n} belongs to enum {o_enums.get(n)} in {our_h} but to enum '
                        f'{g_enums[n]} in the spec')
    for n in sorted(set(ov) - set(gv)):
        msgs.append(f'{n} = {ov[n]} ({our_h}) is not in the spec')
    for n in sorted(set(g_str) | set(o_str)):
        if g_str.get(n) != o_str.get(n):
            msgs.append(f'{n} is {o_str.get(n, "missing")} in {our_h} but '
                        f'{g_str.get(n, "missing")} in the spec')
    if msgs:
        fail(msgs)
    print(f'# {len(gv)} enumerators and integer defines, {len(g_str)} string defines agree')


# ---- ops and the policy tables ------------------------------------------------------------
def c_blocks(text, start_re):
    """Top-level initializer blocks 'START ... = { ... };' of a C file, in order."""
    out = []
    for m in re.finditer(start_re, text, flags=re.M):
        depth, i = 0, text.index('{', m.end())
        j = i
        while True:
            if text[j] == '{':
                depth += 1
            elif text[j] == '}':
                depth -= 1
                if depth == 0:
                    break
            j += 1
        out.append((m, text[i + 1:j]))
    return out


def inner_blocks(body):
    out, depth, start = [], 0, None
    for i, ch in enumerate(body):
        if ch == '{':
            if depth == 0:
                start = i
            depth += 1
        elif ch == '}':
            depth -= 1
            if depth == 0:
                out.append(body[start + 1:i])
    return out


def fields(block):
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r'\.(\w+)\s*=\s*([^,]+),?', block)}


def parse_ops(text, fam_policy, fam_maxattr):
    """{(cmd, 'do'|'dump'): {policy, maxattr, flags}} of every genl ops table of a C file;
    an op without its own policy uses the family's (or the generated global one)."""
    out = {}
    for _, body in c_blocks(text, r'^(static )?const struct genl_(split_|small_)?ops \w+\[\w*\]\s*='):
        for b in inner_blocks(body):
            f = fields(b)
            for kind, fn in (('do', 'doit'), ('dump', 'dumpit')):
                if fn in f:
                    out[(f['cmd'], kind)] = {
                        'policy': f.get('policy', fam_policy),
                        'maxattr': f.get('maxattr', fam_maxattr),
                        'flags': f.get('flags', '0'),
                        'validate': f.get('validate')}
    return out


def ops(spec_path, ynl_dir, gen_src, kmod_src, outdir):
    spec = load_yaml(spec_path)
    with open(gen_src) as f:
        gen_raw = f.read()
    gen_text = strip_comments(gen_raw)
    with open(kmod_src) as f:
        kern_text = strip_comments(f.read())
    msgs = []

    # Generated: split ops (policy per op), or with kernel-policy global/per-op genl ops.
    m = re.search(r'/\* Global operation policy for \w+ \*/\s*'
                  r'const struct nla_policy (\w+)\[(\w+) \+ 1\]', gen_raw)
    gen_ops = parse_ops(gen_text, m.group(1) if m else None, m.group(2) if m else None)
    # Hand-written: the family's policy unless an op has its own.
    fam = c_blocks(kern_text, r'^struct genl_family \w+(\s+__\w+)*\s*=')
    if len(fam) != 1:
        fail([f'{kmod_src}: expected one struct genl_family, found {len(fam)}'])
    fam = fields(fam[0][1])
    kern_ops = parse_ops(kern_text, fam.get('policy'), fam.get('maxattr'))

    # The permission flags the schema can express.
    schema = load_yaml(f'{ynl_dir}/../../../Documentation/netlink/'
                       f'{spec.get("protocol", "genetlink")}.yaml')
    flag_enum = (schema['properties']['operations']['properties']['list']['items']
                 ['properties']['flags']['items']['enum'])
    perm = re.compile(r'GENL_(UNS_)?ADMIN_PERM')
    for key in sorted(set(gen_ops) | set(kern_ops)):
        cmd, kind = key
        if key not in kern_ops:
            msgs.append(f'{cmd} {kind}: in the spec but the module has no {kind}it for it')
            continue
        if key not in gen_ops:
            msgs.append(f'{cmd} {kind}: the module has a {kind}it the spec does not declare')
            continue
        if kern_ops[key]['validate'] != gen_ops[key]['validate']:
            msgs.append(f'{cmd} {kind}: .validate {kern_ops[key]["validate"]} in the module, '
                        f'{gen_ops[key]["validate"]} from the spec (dont-validate)')
        gp = perm.search(gen_ops[key]['flags'])
        kp = perm.search(kern_ops[key]['flags'])
        gp, kp = gp.group(0) if gp else 'none', kp.group(0) if kp else 'none'
        if gp != kp and not (gp == 'GENL_ADMIN_PERM' and kp == 'GENL_UNS_ADMIN_PERM' and
                             'uns-admin-perm' not in flag_enum):
            msgs.append(f'{cmd} {kind}: permission {kp} in the module, {gp} from the spec')

    # Tables for policy-cmp.c: for each op, the request policy the spec gives it and the one
    # the module applies.
    with open(f'{outdir}/gen-ops.inc', 'w') as g, open(f'{outdir}/kern-ops.inc', 'w') as k:
        for key in sorted(gen_ops):
            if key not in kern_ops:
                continue
            name = f'"{key[0]} {key[1]}"'
            for f, o in ((g, gen_ops[key]), (k, kern_ops[key])):
                if o['policy']:
                    f.write(f'\t{{ {name}, {o["policy"]}, {o["maxattr"]} }},\n')
                else:
                    f.write(f'\t{{ {name}, NULL, 0 }},\n')

    # Output-only attributes (doc starts with "output only"): the module may reject them.
    with open(f'{outdir}/outonly.inc', 'w') as f:
        fam_name = spec['name']
        for aset in spec['attribute-sets']:
            dflt = f'{fam_name}-a-' + ('' if aset['name'] == fam_name else f'{aset["name"]}-')
            prefix = aset.get('name-prefix', dflt)
            for a in aset['attributes']:
                if a.get('doc', '').lower().startswith('output only'):
                    f.write(f'\t"{(prefix + a["name"]).upper().replace("-", "_")}",\n')

    # Attribute names of each policy table, for readable diagnostics.
    for src, out in ((gen_text, 'gen-names.inc'), (kern_text, 'kern-names.inc')):
        with open(f'{outdir}/{out}', 'w') as f:
            for m, body in c_blocks(src, r'^(static )?const struct nla_policy (\w+)\['):
                for a in re.finditer(r'\[(\w+)\]\s*=', body):
                    f.write(f'\t{{ {m.group(2)}, {a.group(1)}, "{a.group(1)}" }},\n')
    if msgs:
        fail(msgs)
    print(f'# {len(gen_ops)} (command, do|dump) pairs agree')


if __name__ == '__main__':
    cmd, args = sys.argv[1], sys.argv[2:]
    {'validate': validate, 'names': names, 'hdrcmp': hdrcmp, 'ops': ops}[cmd](*args)
