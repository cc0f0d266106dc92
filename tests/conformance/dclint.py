#!/usr/bin/env python3
"""Replay dclint's own test cases through plimsoll.

Reads ../shared/conformance/dclint_cases.jsonl (dclint's spec files as
data; test data of another project that stays outside this repository).

- `check` cases: the YAML is written to a temporary compose.yaml and
  linted with the rule selected (by its dclint name) and dclint's options
  translated into a .plimsoll.yaml `rules:` section; the number of
  findings must equal dclint's `expected_count`.  Whether the findings
  are on the lines dclint reports is shown too, for information: dclint
  puts many findings on the line of the section key (or line 1) where
  plimsoll points at the exact key or value.
- `pipeline` cases run every dclint rule with dclint's defaults (all on)
  through the case's `.dclintrc`, pragmas and all.
- `fix` cases: `--fix` with the rule selected, compared with the text
  dclint's test accepts in the way the test compares (its asserts, trimmed
  text, or text with whitespace normalized).  Reported separately.

Where plimsoll disagrees with dclint on purpose, the case is listed in
DIFFERENCES with what plimsoll reports instead and why (each is also
written in the rule's doc, under "Differences from dclint"); such a case
counts as agreeing only when plimsoll gives exactly that.  Agreement is
printed per rule; exit 1 when the check agreement is below --min
(default 95), 77 (skipped) when the data is not there.

    dclint.py PLIMSOLL [--cases FILE] [--min 95] [-v] [--rule NAME]
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CASES = os.path.join(HERE, '..', '..', '..', 'shared', 'conformance', 'dclint_cases.jsonl')

# case id -> (what plimsoll reports instead, why)
DIFFERENCES = {
    'dclint-009': (3, 'a port with no host port ("8080") publishes nothing fixed, so it cannot '
                      'clash; 8080 on 127.0.0.1, 0.0.0.0 and every interface do clash'),
    'dclint-011': (0, 'a host range for one container port ("8093-9000:80") takes one free port of '
                      'the range, not all of them; "8000-8085" publishes no host port'),
}


def yaml_scalar(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    return json.dumps(v)  # a JSON value is valid YAML flow syntax


def options_yaml(rule, options):
    """A .plimsoll.yaml giving rule its dclint options (JSON is YAML's flow syntax)."""
    return 'rules:\n  %s: %s\n' % (rule, json.dumps(options))


def run(binary, args, cwd, stdin=None):
    proc = subprocess.run([binary, *args], cwd=cwd, input=stdin, capture_output=True, text=True)
    return proc


def lint(binary, case, select, codes, tmp):
    """The findings of plimsoll with the codes in `codes`, as (line, message)."""
    os.makedirs(tmp, exist_ok=True)
    with open(os.path.join(tmp, 'compose.yaml'), 'w') as f:
        f.write(case['yaml'])
    args = ['--format', 'json', '--color', 'never', '--failure-threshold', 'none']
    if case['kind'] == 'pipeline':
        with open(os.path.join(tmp, '.dclintrc'), 'w') as f:
            json.dump(case.get('config') or {'rules': {}}, f)
        args += ['--config', '.dclintrc']
    elif case.get('options'):
        with open(os.path.join(tmp, 'case.plimsoll.yaml'), 'w') as f:
            f.write(options_yaml(case['rule'], case['options']))
        args += ['--config', 'case.plimsoll.yaml']
    else:
        args += ['--no-config']
    args += ['--select', ','.join(select), 'compose.yaml']
    proc = run(binary, args, tmp)
    if proc.returncode not in (0, 1):
        return None, f'exit {proc.returncode}: {proc.stderr.strip()}'
    found = json.loads(proc.stdout or '[]')
    hits = [(d['line'], d['message']) for d in found if d['code'] in codes]
    return hits, None


def check_case(binary, case, rules, dclint_codes, tmp):
    if case['kind'] == 'pipeline':
        select, codes = sorted(dclint_codes), set(dclint_codes)
    else:
        code = rules[case['rule']]
        select, codes = [code], {code}
    hits, err = lint(binary, case, select, codes, tmp)
    if err:
        return False, False, err
    n = len(hits)
    want = case['expected_count']
    diff = DIFFERENCES.get(case['id'])
    ok = n == (diff[0] if diff else want)
    theirs = sorted(m['line'] for m in case.get('actual_messages') or [])
    ours = sorted(line for line, _ in hits)
    same_lines = ok and not diff and theirs == ours
    detail = f'dclint {want} on lines {theirs}, plimsoll {n} on lines {ours}'
    if diff:
        detail += f' (deliberate: {diff[1]})'
    return ok, same_lines, detail + ''.join(f'\n     {line}: {msg}' for line, msg in hits)


def normalize(text):
    return re.sub(r'\s+', ' ', text).strip()


def fix_case(binary, case, rules, tmp):
    code = rules[case['rule']]
    os.makedirs(tmp, exist_ok=True)
    args = ['--fix', '--quiet', '--select', code, '--stdin-filename', 'compose.yaml']
    if case.get('options'):
        with open(os.path.join(tmp, 'case.plimsoll.yaml'), 'w') as f:
            f.write(options_yaml(case['rule'], case['options']))
        args += ['--config', 'case.plimsoll.yaml']
    else:
        args += ['--no-config']
    proc = run(binary, args + ['-'], tmp, stdin=case['yaml'])
    if proc.returncode not in (0, 1):
        return False, f'exit {proc.returncode}: {proc.stderr.strip()}'
    fixed = proc.stdout
    how = case['compare']
    if how == 'asserts':
        bad = [a for a in case['fix_asserts'] if (a['includes'] in fixed) != a['expect']]
        ok = not bad and (fixed != case['yaml']) == (case['expect'] == 'changed')
    elif how == 'trim':
        ok = fixed.strip() == case['fixed_yaml'].strip()
    else:
        ok = normalize(fixed) == normalize(case['fixed_yaml'])
    return ok, f'--- fixed by plimsoll\n{fixed}--- accepted by dclint\n{case.get("fixed_yaml") or case.get("fix_asserts")}'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('--cases', default=os.environ.get('PL_DCLINT_CASES', DEFAULT_CASES))
    ap.add_argument('--min', type=float, default=95.0)
    ap.add_argument('--rule', action='append', default=[])
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args()
    opts.binary = os.path.abspath(opts.binary)
    if not os.path.exists(opts.cases):
        print(f'skipped: {opts.cases} not found')
        return 77
    listed = json.loads(subprocess.run([opts.binary, '--list-rules', '--format', 'json'],
                                       capture_output=True, text=True, check=True).stdout)
    rules = {}
    for r in listed:
        for name in [r['name'], *r.get('aliases', [])]:
            rules[name] = r['code']
    cases = [json.loads(line) for line in open(opts.cases)]
    dclint_names = sorted({c['rule'] for c in cases if c['kind'] == 'check'})
    dclint_codes = {rules[n] for n in dclint_names if n in rules}
    missing = [n for n in dclint_names if n not in rules]
    todo = [c for c in cases
            if c['kind'] in ('check', 'pipeline', 'fix')
            and (c['kind'] == 'pipeline' or c['rule'] in rules)
            and (not opts.rule or c.get('rule') in opts.rule)]
    per_rule, fixes, failures = {}, {}, []
    lines_same = lines_total = 0
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futs = {}
        for c in todo:
            where = os.path.join(tmp, c['id'])
            if c['kind'] == 'fix':
                futs[pool.submit(fix_case, opts.binary, c, rules, where)] = c
            else:
                futs[pool.submit(check_case, opts.binary, c, rules, dclint_codes, where)] = c
        for fut in concurrent.futures.as_completed(futs):
            c = futs[fut]
            name = c.get('rule') or '(pipeline)'
            if c['kind'] == 'fix':
                ok, detail = fut.result()
                a, t = fixes.get(name, (0, 0))
                fixes[name] = (a + ok, t + 1)
            else:
                ok, same, detail = fut.result()
                a, t = per_rule.get(name, (0, 0))
                per_rule[name] = (a + ok, t + 1)
                if c['id'] not in DIFFERENCES and c.get('actual_messages') is not None:
                    lines_total += 1
                    lines_same += same
            if not ok or (opts.verbose and c['id'] in DIFFERENCES):
                failures.append((c, ok, detail))

    def table(title, counts):
        agree = sum(a for a, _ in counts.values())
        total = sum(t for _, t in counts.values())
        print(title)
        for rule in sorted(counts):
            a, t = counts[rule]
            mark = '' if a == t else '   <--'
            print(f'  {rule:42} {a:3}/{t:<3} {100.0 * a / t:6.1f}%{mark}')
        pct = 100.0 * agree / total if total else 100.0
        return agree, total, pct

    agree, total, pct = table('check and pipeline cases (findings counted):', per_rule)
    deliberate = sum(1 for c in todo if c['id'] in DIFFERENCES)
    print(f'overall: {agree}/{total} = {pct:.1f}% agreement over {len(per_rule)} rules (min {opts.min}%); '
          f'{deliberate} of them differ from dclint on purpose, as documented '
          f'(plain agreement with dclint: {agree - deliberate}/{total})')
    print(f'same lines as dclint: {lines_same}/{lines_total} of the cases that agree '
          '(dclint often reports the section key or line 1)')
    fa, ft, fpct = table('fix cases (fixed text as dclint\'s test compares it):', fixes)
    print(f'fixes: {fa}/{ft} = {fpct:.1f}%')
    if missing:
        print(f'not implemented ({len(missing)}): {" ".join(missing)}')
    if opts.verbose or pct < opts.min or fa < ft:
        for c, ok, detail in sorted(failures, key=lambda x: x[0]['id']):
            tag = 'DISAGREE' if not ok else 'DIFFERS ON PURPOSE'
            print(f'\n{tag} {c["id"]} {c.get("rule")} ({c["source"]}: {c["test"]})')
            print('  ' + c['yaml'].strip('\n').replace('\n', '\n  '))
            print(f'  -> {detail}')
    return 0 if pct >= opts.min else 1


if __name__ == '__main__':
    sys.exit(main())
