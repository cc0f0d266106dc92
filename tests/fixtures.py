#!/usr/bin/env python3
"""Fixture runner: lint every fixture with its rule selected and diff.

fixtures/<CODE>/<case>.<ext> (or a folder <case>/ for a multi-file case)
is linted from inside fixtures/<CODE>/ with

    plimsoll --no-config --select CODE --format gnu --color never <case>

and the output must equal fixtures/<CODE>/<case>.expected byte for byte
(an empty .expected means the case must stay silent).  When the rule's
fixes change a (single-file) case, the fixed text must equal
<case>.fixed: the output of `--fix --unsafe-fixes --select CODE` on it.
PL_BLESS=1 rewrites the .expected and .fixed files from the actual
output: review the diff.

A case that needs rule options carries its configuration beside it:
fixtures/<CODE>/<case>.plimsoll.yaml is passed with --config instead of
--no-config (and is not a case itself).  A case that needs other rules
to run beside CODE (PL0011 judges the suppressions of other rules) names
them in fixtures/<CODE>/<case>.args: one line of arguments added to both
runs, e.g. `--select DL3008,DL3015`.

A code whose cases need a program (fixtures/SC/ needs shellcheck) names
it in fixtures/<CODE>/.requires, one per line; without it in PATH those
cases are skipped, and said so.
"""
import concurrent.futures
import os
import shlex
import shutil
import subprocess
import sys

SIDE_FILES = ('.expected', '.fixed', '.snap', '.md', '.plimsoll.yaml', '.args')
CONFIG_SUFFIX = '.plimsoll.yaml'


def cases(code_dir):
    for name in sorted(os.listdir(code_dir)):
        path = os.path.join(code_dir, name)
        if name.startswith('.') and not os.path.isdir(path):
            continue
        if name.endswith(SIDE_FILES):
            continue
        yield name


def check_fixed(binary, code, code_dir, case, stem, bless, config_args):
    """Compare the rule's fixes on a file case with <stem>.fixed; return a failure message or None."""
    path = os.path.join(code_dir, case)
    fixed_path = os.path.join(code_dir, stem + '.fixed')
    if os.path.isdir(path):
        return None
    with open(path, 'rb') as f:
        original = f.read()
    proc = subprocess.run(
        [binary, *config_args, '--select', code, '--fix', '--unsafe-fixes', '--quiet',
         '--stdin-filename', case, '-'],
        input=original, cwd=code_dir, capture_output=True)
    if proc.returncode not in (0, 1):
        return f'FAIL {code}/{case} --fix: exit {proc.returncode}\n{proc.stderr.decode(errors="replace")}'
    fixed = proc.stdout
    if bless:
        if fixed != original:
            with open(fixed_path, 'wb') as f:
                f.write(fixed)
        elif os.path.exists(fixed_path):
            os.remove(fixed_path)
        return None
    if fixed == original:
        if os.path.exists(fixed_path):
            return f'FAIL {code}/{case}: the rule no longer changes it, but {stem}.fixed exists'
        return None
    try:
        with open(fixed_path, 'rb') as f:
            expected = f.read()
    except FileNotFoundError:
        return f'FAIL {code}/{case}: --fix changes it but there is no {stem}.fixed (run with PL_BLESS=1)'
    if fixed != expected:
        return (f'FAIL {code}/{case} --fix\n--- expected\n{expected.decode(errors="replace")}'
                f'--- actual\n{fixed.decode(errors="replace")}---')
    return None


def requires(code_dir):
    try:
        with open(os.path.join(code_dir, '.requires')) as f:
            return [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def run_case(binary, code, code_dir, case, bless):
    """Lint one case (and check its fix); return a list of failure messages."""
    fails = []
    stem = case if os.path.isdir(os.path.join(code_dir, case)) else os.path.splitext(case)[0]
    expected_path = os.path.join(code_dir, stem + '.expected')
    config = stem + CONFIG_SUFFIX
    if os.path.exists(os.path.join(code_dir, config)):
        config_args = ['--config', config]
    else:
        config_args = ['--no-config']
    args_path = os.path.join(code_dir, stem + '.args')
    if os.path.exists(args_path):
        with open(args_path) as f:
            config_args += shlex.split(f.read())
    proc = subprocess.run(
        [binary, *config_args, '--select', code, '--format', 'gnu', '--color', 'never', case],
        cwd=code_dir, capture_output=True, text=True)
    actual = proc.stdout
    fixed_fail = check_fixed(binary, code, code_dir, case, stem, bless, config_args)
    if fixed_fail:
        fails.append(fixed_fail)
    if proc.returncode not in (0, 1) or proc.stderr:
        fails.append(f'FAIL {code}/{case}: exit {proc.returncode}\n{proc.stderr}')
        return fails
    if bless:
        with open(expected_path, 'w') as f:
            f.write(actual)
        return fails
    try:
        with open(expected_path) as f:
            expected = f.read()
    except FileNotFoundError:
        fails.append(f'FAIL {code}/{case}: no {stem}.expected (run with PL_BLESS=1)')
        return fails
    if actual != expected:
        fails.append(f'FAIL {code}/{case}\n--- expected\n{expected}--- actual\n{actual}---')
    return fails


def main():
    binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    only = set(sys.argv[3:])
    bless = os.environ.get('PL_BLESS', '') not in ('', '0')
    jobs = []
    for code in sorted(os.listdir(root)):
        code_dir = os.path.join(root, code)
        if not os.path.isdir(code_dir) or (only and code not in only):
            continue
        if not code[:1].isupper():
            continue  # not a rule's cases: fixtures/grade/ is tests/grade.py's
        missing = [p for p in requires(code_dir) if not shutil.which(p)]
        if missing:
            print(f'SKIP {code}: needs {", ".join(missing)} in PATH')
            continue
        jobs += [(code, code_dir, case) for case in cases(code_dir)]
    # Cases are independent processes: run them on every core, report in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda j: run_case(binary, j[0], j[1], j[2], bless), jobs))
    failures = 0
    for fails in results:
        for f in fails:
            print(f)
        failures += bool(fails)
    print(f'{len(jobs) - failures}/{len(jobs)} fixture cases pass')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
