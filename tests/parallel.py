#!/usr/bin/env python3
"""-j N gives the report -j 1 gives, byte for byte.

    tests/parallel.py build/plimsoll

Lints fixtures/, examples/ and the shared corpus (when it is there)
with -j 1 and with several threads, in the formats that are rendered as
files complete (gnu) and those kept for the end (full, json, sarif),
and compares standard output, standard error and the exit code.  A few
unreadable and missing paths in the list check that error messages come
out in the order of the paths too.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(binary, args):
    p = subprocess.run([binary, *args], capture_output=True, cwd=ROOT, timeout=900)
    return p.returncode, p.stdout, p.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    corpus = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'corpus'))
    # (name, paths, formats, thread counts): every format on the fixtures;
    # the corpus (large, so slow under ASan) in one format of each kind.
    sets = [('fixtures', ['fixtures', 'examples'], ('gnu', 'full', 'json', 'sarif'), ('2', '3', '8'))]
    if os.path.isdir(corpus):
        sets.append(('corpus', [os.path.join(corpus, 'dockerfiles'), os.path.join(corpus, 'compose')],
                     ('gnu', 'sarif'), ('3',)))
    # Errors among the files: their messages must keep the paths' order.
    errors = ['missing-1/Dockerfile', 'fixtures', '/dev/null', 'missing-2/Dockerfile', 'examples']
    sets.append(('errors', errors, ('gnu', 'json'), ('2', '8')))
    failed = 0
    checks = 0
    for name, paths, formats, threads in sets:
        for fmt in formats:
            args = ['--no-config', '--select', 'all', '--shellcheck', 'off', '--color', 'never', '-f', fmt, *paths]
            ref = run(binary, ['-j', '1', *args])
            for jobs in threads:
                checks += 1
                got = run(binary, ['-j', jobs, *args])
                if got != ref:
                    failed += 1
                    what = [w for w, a, b in zip(('exit code', 'stdout', 'stderr'), ref, got) if a != b]
                    print(f'FAIL {name} -f {fmt} -j {jobs}: {", ".join(what)} differ from -j 1')
                else:
                    print(f'ok   {name} -f {fmt} -j {jobs} ({len(ref[1])} bytes, exit {ref[0]})')
    print(f'{checks - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
