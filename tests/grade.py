#!/usr/bin/env python3
"""plimsoll grade: golden reports, scores, robustness, determinism, speed.

    tests/grade.py BINARY FIXTURES_GRADE_DIR

1. Grades fixtures/grade/class1 (every folder a submission, some broken
   on purpose) with --output into a temporary folder and compares every
   file with fixtures/grade/class1.golden/ byte for byte.  PL_BLESS=1
   rewrites the goldens: read the diff like code.
2. Asserts the scores that matter: the model solution gets full marks,
   the typical beginner exactly what the rubric says they deserve.
3. Runs the class again in another order and as JSON and CSV: the same
   bytes (no timestamps, sorted everything).
4. Rubric errors: each fixtures/grade/rubrics/bad-*.yaml must fail with
   exit 2 and the first line of its comment as the message.
5. Hostile submissions made on the fly (a FIFO named Dockerfile, a 2 MB
   Dockerfile, a folder named compose.yaml, a symlink loop, deep nesting):
   each gets a score and a note, none stops the class.
6. 1,000 generated submissions are graded within a time bound.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

BINARY = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
CLASS = os.path.join(ROOT, 'class1')
GOLDEN = os.path.join(ROOT, 'class1.golden')
BLESS = os.environ.get('PL_BLESS', '') not in ('', '0')

failures = []


def fail(msg):
    failures.append(msg)
    print('FAIL ' + msg)


def grade(args, cwd, check_rc=0):
    proc = subprocess.run([BINARY, 'grade', *args], cwd=cwd, capture_output=True)
    if check_rc is not None and proc.returncode != check_rc:
        fail(f'grade {" ".join(args)}: exit {proc.returncode}\n{proc.stderr.decode(errors="replace")}')
    return proc


def golden():
    with tempfile.TemporaryDirectory() as out:
        proc = grade(['--each', 'class1', '--output', out], ROOT)
        if proc.stderr:
            fail('grade wrote to stderr: ' + proc.stderr.decode(errors='replace'))
        made = sorted(os.listdir(out))
        if BLESS:
            shutil.rmtree(GOLDEN, ignore_errors=True)
            shutil.copytree(out, GOLDEN)
            os.chmod(GOLDEN, 0o755)  # not the temporary folder's 0700
            print(f'blessed {len(made)} files into {GOLDEN}')
            return
        want = sorted(os.listdir(GOLDEN)) if os.path.isdir(GOLDEN) else []
        if made != want:
            fail(f'report files differ: made {made}, golden {want}')
        for name in made:
            if name not in want:
                continue
            with open(os.path.join(out, name), 'rb') as f:
                got = f.read()
            with open(os.path.join(GOLDEN, name), 'rb') as f:
                exp = f.read()
            if got != exp:
                import difflib
                diff = ''.join(difflib.unified_diff(exp.decode(errors='replace').splitlines(True),
                                                    got.decode(errors='replace').splitlines(True),
                                                    'golden/' + name, 'actual/' + name))
                fail(f'{name} differs from the golden (PL_BLESS=1 to accept):\n{diff[:6000]}')


def scores():
    proc = grade(['--format', 'json', '--each', 'class1'], ROOT)
    doc = json.loads(proc.stdout)
    subs = {os.path.basename(s['submission']): s for s in doc['submissions']}
    expect_dirs = sorted(d for d in os.listdir(CLASS) if not d.startswith('.'))
    if sorted(subs) != expect_dirs:
        fail(f'not every submission was graded: {sorted(subs)} vs {expect_dirs}')
    for name, s in subs.items():
        if set(s) != {'submission', 'score', 'max_score', 'items', 'notes'}:
            fail(f'{name}: JSON keys {sorted(s)}')
        for it in s['items']:
            if set(it) != {'id', 'title', 'points', 'earned', 'passed', 'diagnostics'}:
                fail(f'{name}: item keys {sorted(it)}')
            if not it['passed'] and not it['diagnostics']:
                fail(f'{name}: item {it["id"]} failed without saying why')
        if sum(it['earned'] for it in s['items']) != s['score']:
            fail(f'{name}: items add up to {sum(it["earned"] for it in s["items"])}, score {s["score"]}')
    model, beginner = subs['model'], subs['beginner']
    if model['score'] != model['max_score'] or model['notes']:
        fail(f'model: {model["score"]}/{model["max_score"]}, notes {model["notes"]}; failed: '
             + ', '.join(i['id'] for i in model['items'] if not i['passed']))
    # The beginner copies the source before installing (-3), has no healthcheck
    # (-4) and a short depends_on (-4), points DATABASE_URL at localhost (-4),
    # and writes two passwords into the compose file (-1 each of 5).
    lost = {i['id']: i['points'] - i['earned'] for i in beginner['items'] if i['earned'] != i['points']}
    want = {'deps-first': 3, 'db-healthcheck': 4, 'depends-healthy': 4, 'database-url': 4, 'no-secrets': 2}
    if lost != want or beginner['score'] != 33:
        fail(f'beginner: {beginner["score"]}/50, lost {lost}, expected 33/50 losing {want}')
    # The broken ones: a score, and a note saying why.
    for name in ('binary', 'empty', 'nested', 'symlink-out', 'utf16', 'yaml-error', 'no-compose'):
        if not subs[name]['notes']:
            fail(f'{name}: no note')
    if any('root:' in json.dumps(s) for s in doc['submissions']):
        fail('something from /etc/passwd reached a report')


def determinism():
    a = grade(['--format', 'json', '--each', 'class1'], ROOT).stdout
    names = sorted((d for d in os.listdir(CLASS) if not d.startswith('.')), reverse=True)
    b = grade(['--format', 'json', *[os.path.join('class1', n) for n in names]], ROOT).stdout
    if a != b:
        fail('the same class in another order gives other bytes')
    for fmt in ('csv', 'markdown'):
        x = grade(['--format', fmt, '--each', 'class1'], ROOT).stdout
        y = grade(['--format', fmt, '--each', 'class1'], ROOT).stdout
        if x != y:
            fail(f'two runs give different {fmt}')


def bad_rubrics():
    d = os.path.join(ROOT, 'rubrics')
    for name in sorted(os.listdir(d)):
        if not name.startswith('bad-'):
            continue
        path = os.path.join(d, name)
        with open(path) as f:
            first = f.readline()
        want = first.lstrip('#').strip()
        proc = grade(['--rubric', name, 'x'], d, check_rc=2)
        got = proc.stderr.decode(errors='replace').strip()
        if got != want:
            fail(f'rubrics/{name}: expected error\n  {want}\ngot\n  {got}')
    good = os.path.join(d, 'weighted.yaml')
    proc = grade(['--rubric', good, '--format', 'json', 'class1/model', 'class1/beginner'], ROOT)
    doc = json.loads(proc.stdout)
    got = {os.path.basename(s['submission']): s['score'] for s in doc['submissions']}
    if got != {'model': 100, 'beginner': 62.5} or doc['rubric']['max_score'] != 100:
        fail(f'weighted rubric: {got}, max {doc["rubric"]["max_score"]}')
    printed = grade(['--print-rubric', 'module-project'], ROOT).stdout
    with open(os.path.join(os.path.dirname(ROOT), '..', 'rubrics', 'module-project.yaml'), 'rb') as f:
        if printed != f.read():
            fail('--print-rubric does not print the built-in rubric as written')


def hostile():
    with tempfile.TemporaryDirectory() as t:
        cls = os.path.join(t, 'class')
        os.makedirs(cls)
        model = os.path.join(CLASS, 'model')
        # a FIFO where the Dockerfile should be (reading it would block)
        d = os.path.join(cls, 'fifo')
        shutil.copytree(model, d)
        os.remove(os.path.join(d, 'Dockerfile'))
        os.mkfifo(os.path.join(d, 'Dockerfile'))
        # a 2 MB Dockerfile
        d = os.path.join(cls, 'huge')
        shutil.copytree(model, d)
        with open(os.path.join(d, 'Dockerfile'), 'w') as f:
            f.write('FROM python:3.12-slim\n' + '# ' + 'x' * 100 + '\n' * 1 + ('RUN true\n' * 230000))
        # a folder named compose.yaml, a symlink loop named Dockerfile
        d = os.path.join(cls, 'odd')
        os.makedirs(os.path.join(d, 'compose.yaml'))
        os.symlink('Dockerfile', os.path.join(d, 'Dockerfile'))
        # a symlink to a folder outside, named like a nested project
        d = os.path.join(cls, 'linkdir')
        os.makedirs(d)
        os.symlink(model, os.path.join(d, 'project'))
        # compose builds from outside the submission, and reads an env file outside
        d = os.path.join(cls, 'escape')
        shutil.copytree(model, d)
        with open(os.path.join(d, 'compose.yaml'), 'w') as f:
            f.write('services:\n  api:\n    build: ../../..\n    env_file: /etc/passwd\n'
                    '    include: [/etc/hostname]\n')
        # deep folders, and a project two levels down (not found: one level only)
        d = os.path.join(cls, 'deep')
        deep = os.path.join(d, *(['a'] * 40))
        os.makedirs(deep)
        shutil.copytree(model, os.path.join(d, 'x', 'y'))
        # an archive handed in as it came: said on stderr, not graded
        with open(os.path.join(cls, 'zoe.zip'), 'wb') as f:
            f.write(b'PK\x03\x04')
        proc = grade(['--format', 'json', '--each', cls], t)
        if b"'zoe.zip' is an archive" not in proc.stderr and b"zoe.zip' is an archive" not in proc.stderr:
            fail('hostile: an archive in the class is not pointed out: ' + proc.stderr.decode(errors='replace'))
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            fail('hostile class: no JSON\n' + proc.stderr.decode(errors='replace'))
            return
        subs = {os.path.basename(s['submission']): s for s in doc['submissions']}
        for name in ('fifo', 'huge', 'odd', 'linkdir', 'escape', 'deep'):
            s = subs.get(name)
            if s is None:
                fail(f'hostile {name}: not graded')
            elif not s['notes'] and name not in ('escape',):
                fail(f'hostile {name}: no note ({s["score"]})')
        if 'root:' in proc.stdout.decode(errors='replace'):
            fail('hostile: something from /etc/passwd reached a report')
        esc = subs.get('escape')
        if esc and not any('outside the submission' in n for n in esc['notes']):
            fail(f'hostile escape: notes {esc["notes"]}')


COMPOSE_SHAPES = [
    'services: []\n',
    'services:\n',
    'services:\n  api: hello\n',
    'services:\n  api:\n    build: 123\n    image: 456\n',
    'services:\n  api:\n    build: {context: [a], dockerfile: {x: 1}}\n',
    'services:\n  api:\n    build: .\n    depends_on: [123, {}, [db]]\n    ports: [{}, "x:y", 8000, [1]]\n',
    'services:\n  api:\n    build: .\n    depends_on: {db: null, x: {condition: 1}}\n  db: {image: postgres}\n',
    'services:\n  api:\n    build: .\n    environment: [1, {a: b}, "DATABASE_URL", "DATABASE_URL=", "=x"]\n',
    'services:\n  api:\n    build: .\n    environment: {DATABASE_URL: [1], PASSWORD: {a: 1}}\n    env_file: [{}, 5]\n',
    'services:\n  db:\n    image: postgres\n    healthcheck: {test: [], disable: maybe}\n    volumes: [":", "a:b:c:d", {type: volume}, 5]\n',
    'services:\n  db:\n    image: postgres\n    healthcheck: 5\n    volumes: {a: b}\n',
    'x: &a [*a]\nservices: {}\n',
    'a: &a ["lol", "lol"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n'
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n'
    'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\nservices: {}\n',
    'services:\n  api:\n    extends: {service: api}\n    build: .\ninclude: [compose.yaml]\n',
    'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: "postgresql://[::1:5432/db"\n'
    '      PASS: ${A:-${B:-${C:-x}}}\n      TOKEN: $$literal\n',
    '\t\x00\x01',
    '[' * 5000,
]
DOCKERFILE_SHAPES = [
    '', '# only a comment\n', 'FROM\n', 'FROM $UNSET AS\n', 'FROM scratch\nEXPOSE abc 99999 $P\nWORKDIR\nENV\nCMD []\n',
    'ARG V\nFROM python:${V}\nENV A=\nONBUILD RUN pip install x\nCMD ["sh", "-c"]\n',
    'FROM python:3.12-slim AS a\nFROM a AS b\nFROM b\nCOPY --from=b . .\nRUN <<EOF\npip install -r r.txt\nEOF\n',
    'FROM python:3.12-slim\nRUN \\\n',
    'FROM python:3.12-slim\n' + 'ENV X=1\n' * 3000 + 'CMD ' + '"' * 1000 + '\n',
]


def weird():
    """Compose files and Dockerfiles of every odd shape: each graded, none a crash."""
    with tempfile.TemporaryDirectory() as t:
        cls = os.path.join(t, 'class')
        os.makedirs(cls)
        for i, text in enumerate(COMPOSE_SHAPES):
            d = os.path.join(cls, f'c{i:02d}')
            os.makedirs(d)
            with open(os.path.join(d, 'compose.yaml'), 'w') as f:
                f.write(text)
        for i, text in enumerate(DOCKERFILE_SHAPES):
            d = os.path.join(cls, f'd{i:02d}')
            os.makedirs(d)
            with open(os.path.join(d, 'Dockerfile'), 'w') as f:
                f.write(text)
        proc = grade(['--format', 'json', '--each', cls], t)
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            fail('weird class: no JSON\n' + proc.stderr.decode(errors='replace')[-3000:])
            return
        if len(doc['submissions']) != len(COMPOSE_SHAPES) + len(DOCKERFILE_SHAPES):
            fail(f'weird class: {len(doc["submissions"])} graded')
        for fmt in ('markdown', 'csv'):
            grade(['--format', fmt, '--each', cls], t)


def speed():
    with tempfile.TemporaryDirectory() as t:
        cls = os.path.join(t, 'class')
        os.makedirs(cls)
        srcs = [os.path.join(CLASS, n) for n in ('model', 'beginner', 'env-file', 'loopback', 'nested')]
        for i in range(1000):
            shutil.copytree(srcs[i % len(srcs)], os.path.join(cls, f's{i:04d}'), symlinks=True)
        start = time.monotonic()
        with tempfile.TemporaryDirectory() as out:
            grade(['--each', cls, '--output', out, '--format', 'csv'], t)
        took = time.monotonic() - start
        limit = float(os.environ.get('PL_GRADE_TIME_LIMIT', '60'))
        print(f'graded 1000 submissions in {took:.2f} s')
        if took > limit:
            fail(f'1000 submissions took {took:.1f} s (limit {limit} s)')


def main():
    golden()
    if BLESS:
        return 0
    scores()
    determinism()
    bad_rubrics()
    hostile()
    weird()
    if os.environ.get('PL_GRADE_SKIP_SPEED', '') in ('', '0'):
        speed()
    print(f'{len(failures)} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
