#!/usr/bin/env python3
"""CLI tests of --fix and --diff: they must never damage a file.

    cli_fix.py PLIMSOLL [CORPUS_DIR]

CORPUS_DIR holds dockerfiles/ and compose/ (default: ../shared/corpus).

- --diff prints a patch that `patch -p1` applies to give exactly what --fix writes;
- fixing twice equals fixing once (fixtures, and a sample of the corpus);
- CRLF, a BOM and a missing final newline survive;
- a crash between writing and renaming leaves the original intact;
- stdin with --fix prints the fixed text.
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'fixtures')
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', '..', 'shared', 'corpus')
failures = []


def run(args, **kw):
    return subprocess.run([BIN, '--no-config', *args], capture_output=True, **kw)


def check(cond, what):
    if not cond:
        failures.append(what)
        print('FAIL', what)


def fix_file(path, unsafe=True):
    args = ['--fix', '--quiet'] + (['--unsafe-fixes'] if unsafe else []) + [path]
    p = run(args)
    check(p.returncode in (0, 1), f'--fix {path}: exit {p.returncode} {p.stderr[-300:]!r}')
    check(b'would break' not in p.stderr, f'--fix {path}: a fix broke the parse: {p.stderr!r}')


def is_compose(path):
    return path.endswith(('.yaml', '.yml'))


def work_name(src):
    """The name a case is fixed under: compose files as compose.yaml, so any corpus name is found."""
    return 'compose.yaml' if is_compose(src) else os.path.basename(src)


def idempotent(src, tmp):
    name = work_name(src)
    work = os.path.join(tempfile.mkdtemp(dir=tmp), name)
    shutil.copy(src, work)
    fix_file(work)
    once = open(work, 'rb').read()
    fix_file(work)
    twice = open(work, 'rb').read()
    check(once == twice, f'fixing twice differs from fixing once: {src}')
    return once


def diff_applies(src, tmp):
    d = os.path.join(tmp, 'patchcheck')
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    name = 'compose.yaml' if is_compose(src) else 'Dockerfile'
    work = os.path.join(d, name)
    shutil.copy(src, work)
    p = run(['--diff', '--unsafe-fixes', name], cwd=d)
    check(p.returncode in (0, 1), f'--diff {src}: exit {p.returncode}')
    check(open(work, 'rb').read() == open(src, 'rb').read(), f'--diff wrote to the file: {src}')
    if p.returncode == 1:
        pr = subprocess.run(['patch', '-p1', '--quiet'], input=p.stdout, cwd=d, capture_output=True)
        check(pr.returncode == 0, f'patch -p1 rejects the --diff of {src}: {pr.stdout!r} {pr.stderr!r}')
        patched = open(work, 'rb').read()
        shutil.copy(src, work)
        fix_file(work)
        check(patched == open(work, 'rb').read(), f'--diff and --fix disagree on {src}')


def main():
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        for code in sorted(os.listdir(FIXTURES)):
            cdir = os.path.join(FIXTURES, code)
            for name in sorted(os.listdir(cdir)):
                p = os.path.join(cdir, name)
                if not os.path.isfile(p) or name.endswith('.plimsoll.yaml'):
                    continue
                if name.endswith(('.Dockerfile', 'Dockerfile')) or (is_compose(name) and code != 'grade'):
                    cases.append(p)
        for kind in ('dockerfiles', 'compose'):
            folder = os.path.join(CORPUS, kind)
            if os.path.isdir(folder):
                corpus = sorted(f for f in os.listdir(folder) if not f.endswith('.tsv'))
                cases += [os.path.join(folder, f) for f in corpus[::10]]  # a tenth, spread over the corpus
        # Each case in its own folder: run them on every core.
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda c: idempotent(c, tmp), cases))
        for c in cases[:40] + [c for c in cases if is_compose(c)][:40]:
            diff_applies(c, tmp)

        # Line endings, BOM, final newline survive.
        work = os.path.join(tmp, 'Dockerfile')
        for original in (b'FROM debian:12\r\nRUN apt-get install curl\r\n',
                         b'\xef\xbb\xbfFROM debian:12\nRUN apt-get install curl',
                         b'FROM debian:12\nRUN apt-get install curl\n'):
            with open(work, 'wb') as f:
                f.write(original)
            fix_file(work)
            out = open(work, 'rb').read()
            check(b' -y ' in out, f'not fixed: {original!r} -> {out!r}')
            check(out.startswith(b'\xef\xbb\xbf') == original.startswith(b'\xef\xbb\xbf'), f'BOM changed: {out!r}')
            check((b'\r\n' in out) == (b'\r\n' in original), f'line endings changed: {out!r}')
            check(out.endswith(b'\n') == original.endswith(b'\n'), f'final newline changed: {out!r}')

        # A crash between write and rename leaves the original intact.
        original = b'FROM debian:12\nRUN apt-get install curl\n'
        with open(work, 'wb') as f:
            f.write(original)
        env = dict(os.environ, PL_TEST_CRASH_BEFORE_RENAME='1')
        p = subprocess.run([BIN, '--no-config', '--fix', work], capture_output=True, env=env)
        check(p.returncode != 0, 'the crash hook did not crash')
        check(open(work, 'rb').read() == original, 'a crash before the rename damaged the original')

        # stdin: the fixed text on stdout, the original untouched.
        p = run(['--fix', '--stdin-filename', 'Dockerfile', '-'], input=original)
        check(p.stdout.startswith(b'FROM debian:12\nRUN apt-get install'), f'stdin --fix printed {p.stdout!r}')
        check(b'-y' in p.stdout, f'stdin --fix did not fix: {p.stdout!r}')

        print(f'{len(cases)} files fixed twice ({sum(map(is_compose, cases))} compose files); '
              f'diffs applied with patch -p1')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
