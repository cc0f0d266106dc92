#!/usr/bin/env python3
"""A sample of command lines run under valgrind's memcheck.

    tests/valgrind_cli.py build-vg/plimsoll [--quick] -- valgrind --error-exitcode=99 ...

Each command line runs under the valgrind command given after '--';
a run that valgrind flags (exit 99: an invalid read or write, a use of
uninitialised memory, a definite or indirect leak) fails.  The sample
covers every output format, --fix and --diff on a copy, stdin, the
dumps, -j with threads, the information commands, and the error paths
(a missing file, a device, a file over the size limit).  --quick keeps
a few of them (for CI, where valgrind's 20-50x slowdown counts).
Exit 77 (skipped) when the valgrind program is not found.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    args = sys.argv[1:]
    if '--' not in args:
        print(__doc__, file=sys.stderr)
        return 2
    sep = args.index('--')
    binary, quick = os.path.abspath(args[0]), '--quick' in args[1:sep]
    vg = args[sep + 1:]
    if not vg or not shutil.which(vg[0]):
        print(f'{vg[0] if vg else "valgrind"} not found: skipped')
        return 77
    corpus = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'corpus'))
    tmp = tempfile.mkdtemp(prefix='plimsoll-vg-')
    shutil.copytree(os.path.join(ROOT, 'examples'), os.path.join(tmp, 'examples'))
    sample = sorted(glob.glob(os.path.join(corpus, 'dockerfiles', '*')))[::25] + \
        sorted(glob.glob(os.path.join(corpus, 'compose', '*.y*ml')))[::40]
    ex = os.path.join(tmp, 'examples')
    big = os.path.join(tmp, 'big.Dockerfile')
    with open(big, 'w') as f:
        f.write('FROM alpine\n' + '# x\n' * 1000)
    runs = [
        (['--no-config', '-f', 'full', '--color', 'always', 'examples'], None),
        (['--no-config', '-j', '3', '-f', 'json', 'examples', 'fixtures/DL3020', 'fixtures/PL0003'], None),
        (['--no-config', '--select', 'all', '-f', 'sarif', '-o', os.path.join(tmp, 'out.sarif'),
          '-f', 'gnu', 'fixtures/DL3008', 'fixtures/DL3009'], None),
        (['--no-config', '--fix', '--unsafe-fixes', ex], None),
        (['--no-config', '--stdin-filename', 'Dockerfile', '-'], b'FROM ubuntu\nRUN apt-get install curl\nADD a /b\n'),
        (['--no-config', 'missing/Dockerfile', '/dev/zero', '--max-file-size', '1k', big], None),
    ]
    if not quick:
        runs += [
            (['--no-config', '-j', '4', '--stats', *sample], None),
        ]
        runs += [(['--no-config', '--select', 'all', '-f', fmt, 'fixtures'], None)
                 for fmt in ('checkstyle', 'codeclimate', 'github', 'junit', 'rdjson', 'concise')]
        runs += [
            (['--no-config', '--diff', '--unsafe-fixes', 'fixtures/DL3020'], None),
            (['--dump', 'ast', 'examples/fastapi-postgres/Dockerfile'], None),
            (['--dump', 'shell', 'examples/fastapi-postgres/Dockerfile'], None),
            (['--dump', 'compose', 'examples/fastapi-postgres/compose.yaml'], None),
            (['--list-rules', '-f', 'json'], None),
            (['--explain', 'DL3020'], None),
            (['--show-config', 'examples'], None),
            (['--fix', '--stdin-filename', 'Dockerfile', '-'], b'FROM ubuntu\nADD a /b\n'),
        ]
    failed = 0
    try:
        for argv, stdin in runs:
            p = subprocess.run([*vg, binary, *argv], input=stdin, cwd=ROOT, capture_output=True, timeout=1800)
            ok = p.returncode != 99
            if not ok:
                failed += 1
            print(f'{"ok  " if ok else "FAIL"} exit {p.returncode}: plimsoll {" ".join(argv)[:150]}', flush=True)
            if not ok:
                sys.stdout.write(p.stderr.decode('utf-8', 'replace')[-6000:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f'{len(runs) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
