#!/usr/bin/env python3
"""Replay hadolint's own test cases through plimsoll.

Reads ../shared/conformance/hadolint_cases.jsonl (hadolint's spec files as
data; GPL test data that stays outside this repository), runs each case
whose rule plimsoll implements, and prints agreement per rule.  Exit 1 when
overall agreement over implemented rules is below --min (default 97), 77
(skipped) when the data is not there.

    hadolint.py PLIMSOLL [--cases FILE] [--min 97] [-v] [--rule DL3008]
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CASES = os.path.join(HERE, '..', '..', '..', 'shared', 'conformance', 'hadolint_cases.jsonl')


def yaml_scalar(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar


def config_yaml(cfg):
    lines = []
    for key, val in cfg.items():
        if isinstance(val, list):
            lines.append(f'{key}:')
            lines.extend(f'  - {yaml_scalar(x)}' for x in val)
        elif isinstance(val, dict):
            lines.append(f'{key}:')
            lines.extend(f'  {json.dumps(k)}: {yaml_scalar(x)}' for k, x in val.items())
        else:
            lines.append(f'{key}: {yaml_scalar(val)}')
    return '\n'.join(lines) + '\n'


def run_case(binary, case, dl_rules, tmpdir, idx):
    rule = case['rule']
    args = [binary, '--format', 'json', '--color', 'never', '--failure-threshold', 'none']
    if case['config']:
        path = os.path.join(tmpdir, f'case{idx}.hadolint.yaml')
        with open(path, 'w') as f:
            f.write(config_yaml(case['config']))
        args += ['--config', path]
    else:
        args += ['--no-config']
    if rule == '*':
        args += ['--select', ','.join(dl_rules)]
    elif rule == 'SC*':
        args += ['--select', 'SC']
    else:
        args += ['--select', rule]
    args += ['--stdin-filename', 'Dockerfile', '-']
    proc = subprocess.run(args, input=case['dockerfile'], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return False, f'exit {proc.returncode}: {proc.stderr.strip()}'
    try:
        found = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return False, f'bad JSON output: {e}'
    if rule == '*':
        hits = [d for d in found if d['code'].startswith(('DL', 'SC'))]
    elif rule == 'SC*':
        hits = [d for d in found if d['code'].startswith('SC')]
    else:
        hits = [d for d in found if d['code'] == rule]
    n = len(hits)
    if case['expect'] == 'catch':
        ok = n >= 1 if case['count'] is None else n == case['count']
    else:
        ok = n == 0
    want = 'no finding' if case['expect'] != 'catch' else (
        'at least one' if case['count'] is None else f'exactly {case["count"]}')
    return ok, f'wanted {want}, got {n}: ' + '; '.join(
        f'{d["code"]} {d["line"]}:{d["column"]} {d["message"]}' for d in hits)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('--cases', default=os.environ.get('PL_HADOLINT_CASES', DEFAULT_CASES))
    ap.add_argument('--min', type=float, default=97.0)
    ap.add_argument('--rule', action='append', default=[])
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args()
    if not os.path.exists(opts.cases):
        print(f'skipped: {opts.cases} not found')
        return 77
    rules = json.loads(subprocess.run([opts.binary, '--list-rules', '--format', 'json'],
                                      capture_output=True, text=True, check=True).stdout)
    codes = {r['code'] for r in rules}
    # hadolint's '*' cases run the rules that are on by default (DL1001 and
    # DL3057 are off there too), so '*' selects only those.
    dl_rules = sorted(r['code'] for r in rules if r['code'].startswith('DL') and r.get('enabled', True))
    has_sc = any(c.startswith('SC') for c in codes)
    if has_sc and not shutil.which('shellcheck'):
        print('SC* cases skipped: shellcheck is not in PATH')
        has_sc = False
    cases = [json.loads(line) for line in open(opts.cases)]
    todo = []
    for i, c in enumerate(cases):
        r = c['rule']
        if opts.rule and r not in opts.rule:
            continue
        if r in codes or r == '*' or (r == 'SC*' and has_sc):
            todo.append((i, c))
    per_rule = {}
    failures = []
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futs = {pool.submit(run_case, opts.binary, c, dl_rules, tmp, i): (i, c) for i, c in todo}
        for fut in concurrent.futures.as_completed(futs):
            i, c = futs[fut]
            ok, detail = fut.result()
            agree, total = per_rule.get(c['rule'], (0, 0))
            per_rule[c['rule']] = (agree + ok, total + 1)
            if not ok:
                failures.append((c, detail))
    missing = sorted({c['rule'] for c in cases if c['rule'].startswith('DL')} - codes)
    agree = sum(a for a, _ in per_rule.values())
    total = sum(t for _, t in per_rule.values())
    for rule in sorted(per_rule):
        a, t = per_rule[rule]
        mark = '' if a == t else '   <--'
        print(f'{rule:8} {a:4}/{t:<4} {100.0 * a / t:6.1f}%{mark}')
    pct = 100.0 * agree / total if total else 100.0
    print(f'overall: {agree}/{total} = {pct:.1f}% agreement over {len(per_rule)} rules '
          f'(min {opts.min}%)')
    if missing:
        print(f'not implemented ({len(missing)}): {" ".join(missing)}')
    if opts.verbose or pct < opts.min:
        for c, detail in sorted(failures, key=lambda x: x[0]['source']):
            print(f'\nDISAGREE {c["rule"]} {c["expect"]} ({c["source"]}: {c.get("it", "")})')
            print('  ' + c['dockerfile'].replace('\n', '\n  ').rstrip())
            print(f'  -> {detail}')
    return 0 if pct >= opts.min else 1


if __name__ == '__main__':
    sys.exit(main())
