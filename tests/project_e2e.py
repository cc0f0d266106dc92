#!/usr/bin/env python3
"""End to end: a compose project linted with the Dockerfiles it builds.

    project_e2e.py PLIMSOLL EXAMPLES_DIR EXPECTED_DIR

For each example folder E with an expectation EXPECTED_DIR/E.expected,
`plimsoll --no-config --format gnu E` (run from EXAMPLES_DIR) must print
exactly that, and:

- every finding once, in the order of (file, line, column);
- the same findings whether the folder, the compose file alone, or the
  Dockerfile and the compose file are named: the compose file brings the
  Dockerfiles it builds, and a Dockerfile it builds is linted once;
- the cross-file findings (PL2xxx, PL3xxx) only with the compose file:
  the Dockerfile alone has none of them.

PL_BLESS=1 rewrites the expectations.
"""
import os
import re
import subprocess
import sys


def run(binary, args, cwd):
    p = subprocess.run([binary, '--no-config', '--format', 'gnu', '--color', 'never', *args],
                       cwd=cwd, capture_output=True, text=True)
    if p.returncode not in (0, 1) or p.stderr:
        raise SystemExit(f'FAIL plimsoll {" ".join(args)}: exit {p.returncode}\n{p.stderr}')
    return p.stdout


LINE = re.compile(r'^(.*?):(\d+):(\d+): (\w+): (.*) \[(\w+)\]$')


def parse(out):
    rows = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            raise SystemExit(f'FAIL unexpected output line: {line!r}')
        rows.append((m[1], int(m[2]), int(m[3]), m[6], m[5]))
    return rows


def main():
    binary, examples, expected_dir = (os.path.abspath(a) for a in sys.argv[1:4])
    bless = os.environ.get('PL_BLESS', '') not in ('', '0')
    failures = 0
    for name in sorted(os.listdir(expected_dir)):
        if not name.endswith('.expected'):
            continue
        case = name[:-len('.expected')]
        folder = os.path.join(examples, case)
        out = run(binary, [case], examples)
        path = os.path.join(expected_dir, name)
        if bless:
            with open(path, 'w') as f:
                f.write(out)
        with open(path) as f:
            want = f.read()
        problems = []
        if out != want:
            problems.append(f'--- expected\n{want}--- actual\n{out}---')
        rows = parse(out)
        if len(set(rows)) != len(rows):
            problems.append('a finding is reported twice')
        keys = [(r[0], r[1], r[2]) for r in rows]
        # Files in the order discovery gives them; within a file, by line and column.
        for a, b in zip(keys, keys[1:]):
            if a[0] == b[0] and a[1:] > b[1:]:
                problems.append(f'out of order: {a} before {b}')
        if not any(r[3].startswith(('PL2', 'PL3')) for r in rows):
            problems.append('no cross-file finding')
        # The same findings, named in other ways (paths relative to the folder).
        local = sorted((os.path.relpath(os.path.join(examples, r[0]), folder),) + r[1:] for r in rows)
        for args in (['compose.yaml'], ['Dockerfile', 'compose.yaml'], ['compose.yaml', 'Dockerfile'], ['.']):
            other = sorted(parse(run(binary, args, folder)))
            if other != local:
                problems.append(f'{" ".join(args)} gives other findings:\n{other}\n!=\n{local}')
        alone = parse(run(binary, ['Dockerfile'], folder))
        if any(r[3].startswith(('PL2', 'PL3')) for r in alone):
            problems.append('the Dockerfile alone has cross-file findings')
        if problems:
            failures += 1
            print(f'FAIL {case}\n' + '\n'.join(problems))
        else:
            print(f'ok {case}: {len(rows)} findings')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
