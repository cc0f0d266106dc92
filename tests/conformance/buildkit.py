#!/usr/bin/env python3
"""Replay BuildKit's own build-check test cases through plimsoll.

Reads ../shared/conformance/buildkit_cases.jsonl (BuildKit's
dockerfile_check_test.go as data; Apache-licensed test data that stays
outside this repository).  Each case is written to a temporary folder (the
Dockerfile, and its .dockerignore when the case has one), linted there with
plimsoll's BuildKit checks (every other rule is ignored, so that the
one-problem-one-report mechanism does not hand a problem to a hadolint rule),
and the findings are compared with what `docker build --check` reports:
the same checks, on the same lines.  Agreement is printed per check; exit 1
when overall agreement is below --min (default 95), 77 (skipped) when the
data is not there.

    buildkit.py PLIMSOLL [--cases FILE] [--min 95] [-v] [--check NAME]

Notes on the data (see ../shared/conformance/README.md):
- a case whose frontend attributes set BUILDKIT_DOCKERFILE_CHECK has that
  value replace the file's `# check=` directive, as BuildKit does;
- other build arguments are not passed: the checks that read them
  (InvalidDefaultArgInFrom) ignore them on purpose;
- InvalidBaseImagePlatform needs a registry and is not checked offline: its
  cases are counted as skipped;
- an expectation whose line BuildKit's test does not verify
  (line_verified false) is matched on the check alone;
- where BuildKit's test expects the build to fail with "lint violation",
  the findings must have severity error (# check=error=true).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CASES = os.path.join(HERE, '..', '..', '..', 'shared', 'conformance', 'buildkit_cases.jsonl')

# BuildKit's checks (frontend/dockerfile/linter/ruleset.go).
BUILDKIT_CHECKS = {
    'StageNameCasing', 'FromAsCasing', 'NoEmptyContinuation', 'ConsistentInstructionCasing',
    'DuplicateStageName', 'ReservedStageName', 'JSONArgsRecommended', 'MaintainerDeprecated',
    'UndefinedArgInFrom', 'WorkdirRelativePath', 'UndefinedVar', 'MultipleInstructionsDisallowed',
    'LegacyKeyValueFormat', 'InvalidBaseImagePlatform', 'RedundantTargetPlatform',
    'SecretsUsedInArgOrEnv', 'InvalidDefaultArgInFrom', 'FromPlatformFlagConstDisallowed',
    'CopyIgnoredFile', 'InvalidDefinitionDescription', 'ExposeProtoCasing', 'ExposeInvalidFormat',
}
OFFLINE_SKIPPED = {'InvalidBaseImagePlatform'}
CHECK_DIRECTIVE = re.compile(r'^#\s*check\s*=.*$', re.IGNORECASE)


def rule_names(binary):
    """code -> BuildKit check name, for the rules that are BuildKit checks."""
    rules = json.loads(subprocess.run([binary, '--list-rules', '--format', 'json'],
                                      capture_output=True, text=True, check=True).stdout)
    names, others = {}, []
    for r in rules:
        bk = [a for a in r.get('aliases') or [] if a in BUILDKIT_CHECKS]
        if bk:
            names[r['code']] = bk[0]
        else:
            others.append(r['code'])
    return names, others


def apply_check_attr(dockerfile, value):
    """BUILDKIT_DOCKERFILE_CHECK replaces the file's `# check=` directive.
    Returns the new text and how many lines were inserted at the top."""
    lines = dockerfile.split('\n')
    for i, line in enumerate(lines):
        if CHECK_DIRECTIVE.match(line.strip()):
            lines[i] = '# check=' + value
            return '\n'.join(lines), 0
        if not line.startswith('#'):
            break
    return '# check=' + value + '\n' + dockerfile, 1


def run_case(binary, case, names, others, tmp):
    dockerfile = case['dockerfile']
    attrs = case.get('frontend_attrs') or {}
    shift = 0
    check_attr = attrs.get('build-arg:BUILDKIT_DOCKERFILE_CHECK')
    if check_attr is not None:
        dockerfile, shift = apply_check_attr(dockerfile, check_attr)
    folder = tempfile.mkdtemp(dir=tmp)
    with open(os.path.join(folder, 'Dockerfile'), 'w') as f:
        f.write(dockerfile)
    if case.get('dockerignore') is not None:
        with open(os.path.join(folder, '.dockerignore'), 'w') as f:
            f.write(case['dockerignore'])
    args = [binary, '--no-config', '--format', 'json', '--color', 'never',
            '--failure-threshold', 'none']
    if others:
        args += ['--ignore', ','.join(others)]
    args.append('Dockerfile')
    proc = subprocess.run(args, cwd=folder, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return False, f'exit {proc.returncode}: {proc.stderr.strip()}'
    try:
        found = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return False, f'bad JSON output: {e}'
    got = [(names[d['code']], d['line'] - shift, d) for d in found if d['code'] in names]

    want = list(case['expect'])
    left = list(got)
    missing = []
    for e in sorted(want, key=lambda e: not e.get('line_verified', True)):
        for k, (rule, line, _) in enumerate(left):
            if rule == e['rule'] and (line == e['line'] or not e.get('line_verified', True)):
                del left[k]
                break
        else:
            missing.append(e)
    problems = []
    if missing:
        problems.append('missing: ' + '; '.join(f'{e["rule"]} line {e["line"]} ({e["detail"]})' for e in missing))
    if left:
        problems.append('extra: ' + '; '.join(f'{r} line {ln}: {d["code"]} {d["message"]}' for r, ln, d in left))
    build_error = case.get('build_error') or ''
    if isinstance(build_error, str) and build_error.startswith('lint violation'):
        weak = [d for _, _, d in got if d['severity'] != 'error']
        if weak or not got:
            problems.append('error=true: the findings should be errors')
    return not problems, ' / '.join(problems)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('binary')
    ap.add_argument('--cases', default=os.environ.get('PL_BUILDKIT_CASES', DEFAULT_CASES))
    ap.add_argument('--min', type=float, default=95.0)
    ap.add_argument('--check', action='append', default=[])
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args()
    if not os.path.exists(opts.cases):
        print(f'skipped: {opts.cases} not found')
        return 77
    binary = os.path.abspath(opts.binary)
    names, others = rule_names(binary)
    cases = [json.loads(line) for line in open(opts.cases)]
    per_check = collections.OrderedDict()
    failures, skipped = [], []
    todo = []
    for c in cases:
        if opts.check and c['check'] not in opts.check:
            continue
        if c['check'] in OFFLINE_SKIPPED:
            skipped.append(c)
        else:
            todo.append(c)
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda c: run_case(binary, c, names, others, tmp), todo)
        for c, (ok, detail) in zip(todo, results):
            a, t = per_check.get(c['check'], (0, 0))
            per_check[c['check']] = (a + ok, t + 1)
            if not ok:
                failures.append((c, detail))
    agree = sum(a for a, _ in per_check.values())
    total = sum(t for _, t in per_check.values())
    for check in sorted(per_check):
        a, t = per_check[check]
        mark = '' if a == t else '   <--'
        print(f'{check:32} {a:3}/{t:<3} {100.0 * a / t:6.1f}%{mark}')
    pct = 100.0 * agree / total if total else 100.0
    print(f'overall: {agree}/{total} = {pct:.1f}% agreement over {len(per_check)} checks (min {opts.min}%)')
    if skipped:
        print(f'skipped ({len(skipped)}, need a registry): ' + ' '.join(c['id'] for c in skipped))
    missing = sorted(BUILDKIT_CHECKS - set(names.values()) - OFFLINE_SKIPPED)
    if missing:
        print(f'not implemented ({len(missing)}): {" ".join(missing)}')
    if opts.verbose or pct < opts.min:
        for c, detail in failures:
            print(f'\nDISAGREE {c["id"]} ({c["check"]})')
            print('  ' + c['dockerfile'].replace('\n', '\n  ').rstrip())
            print(f'  -> {detail}')
    return 0 if pct >= opts.min else 1


if __name__ == '__main__':
    sys.exit(main())
