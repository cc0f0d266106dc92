#!/usr/bin/env python3
"""Every output format, from the real binary, against golden files.

    golden_cli.py PLIMSOLL [SARIF_SCHEMA]

tests/golden_cli/project/ is a small project (two Dockerfiles, a compose
file) with findings of every severity, a fix, a note, a suppressed finding
and a file without findings.  It is linted from inside the folder with a
fixed set of rules (so that a new rule elsewhere does not move these files)
and ShellCheck off:

    plimsoll --no-config --shellcheck off --color never --select … --format F

and the output must equal tests/golden_cli/expected/<F>.<ext>.  Before the
comparison, SARIF's tool version becomes "VERSION" and the rule pages it
embeds become "<rules/CODE.md>", so that a release or a doc edit does not
touch the golden file.  PL_BLESS=1 rewrites the golden files: review the
diff like code.

Also checked: every format has a golden file; one run that writes every
format to its own --output gives the same bytes as the runs one by one; the
JSON and XML parse, the github lines are workflow commands, and the SARIF
validates against the SARIF 2.1.0 schema when python3-jsonschema and the
schema are there.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.dom.minidom

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.join(HERE, 'golden_cli', 'project')
EXPECTED = os.path.join(HERE, 'golden_cli', 'expected')
RULES = 'DL3004,DL3007,DL3008,DL3015,DL3020,DL3048,DL3059,PL0004,PL1101,PL1114'
EXT = {'json': 'json', 'sarif': 'json', 'codeclimate': 'json', 'gitlab': 'json', 'rdjson': 'json',
       'checkstyle': 'xml', 'junit': 'xml'}
GITHUB_LINE = re.compile(r'^::(error|warning|notice) file=[^,:]+(,[a-zA-Z]+=[^,:]*)*::.*$')


def golden_name(fmt):
    return f'{fmt}.{EXT.get(fmt, "txt")}'


def base_args(binary):
    return [binary, '--no-config', '--shellcheck', 'off', '--color', 'never', '--select', RULES]


def formats(binary):
    p = subprocess.run([binary, '--format', 'nope'], capture_output=True, text=True)
    return re.search(r'expected one of: (.*)\)', p.stderr).group(1).split(', ')


def normalize(fmt, text):
    if fmt != 'sarif':
        return text
    doc = json.loads(text)
    for run in doc.get('runs', []):
        driver = run['tool']['driver']
        if 'version' in driver:
            driver['version'] = 'VERSION'
        for rule in driver.get('rules', []):
            if 'help' in rule:
                page = f'<rules/{rule["id"]}.md>'
                rule['help'] = {k: page for k in rule['help']}
    return json.dumps(doc, indent=2, ensure_ascii=False) + '\n'


def well_formed(fmt, text):
    if EXT.get(fmt) == 'json':
        json.loads(text)
    elif EXT.get(fmt) == 'xml':
        xml.dom.minidom.parseString(text.encode('utf-8'))
    elif fmt == 'github':
        for line in text.splitlines():
            if not GITHUB_LINE.match(line):
                raise ValueError(f'not a workflow command: {line!r}')


def validate_sarif(schema_path, text):
    """None when valid, a message when not, 'skip' when it cannot be checked here."""
    try:
        import jsonschema
        with open(schema_path, encoding='utf-8') as f:
            schema = json.load(f)
    except (ImportError, OSError, TypeError):
        return 'skip'
    cls = jsonschema.validators.validator_for(schema)
    errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(json.loads(text)))
    return '; '.join(f'{"/".join(map(str, e.absolute_path))}: {e.message}' for e in errors) or None


def main():
    binary = os.path.abspath(sys.argv[1])
    schema = sys.argv[2] if len(sys.argv) > 2 else None
    bless = os.environ.get('PL_BLESS', '') not in ('', '0')
    failures = []
    raw = {}
    for fmt in formats(binary):
        p = subprocess.run(base_args(binary) + ['--format', fmt], cwd=PROJECT, capture_output=True,
                           text=True)
        if p.returncode != 1 or p.stderr:
            failures.append(f'{fmt}: exit {p.returncode} (want 1), stderr {p.stderr!r}')
            continue
        raw[fmt] = p.stdout
        try:
            well_formed(fmt, p.stdout)
        except Exception as e:  # any parse error fails the format
            failures.append(f'{fmt}: not well-formed: {e}')
        out = normalize(fmt, p.stdout)
        path = os.path.join(EXPECTED, golden_name(fmt))
        if bless:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(out)
            continue
        try:
            with open(path, encoding='utf-8') as f:
                want = f.read()
        except FileNotFoundError:
            failures.append(f'{fmt}: no golden file {golden_name(fmt)} (run with PL_BLESS=1)')
            continue
        if out != want:
            failures.append(f'{fmt}: differs from {golden_name(fmt)}\n--- expected\n{want}--- actual\n{out}---')

    # Every severity is there (the point of the project).
    if 'json' in raw:
        sevs = {d['severity'] for d in json.loads(raw['json'])}
        if sevs != {'error', 'warning', 'info', 'style'}:
            failures.append(f'the project should have findings of every severity, has {sorted(sevs)}')
    # No golden file without a format.
    for name in sorted(os.listdir(EXPECTED)):
        if name not in {golden_name(f) for f in raw}:
            failures.append(f'{name}: a golden file of no format')
    # Every format at once, each to its own file: the same bytes.
    with tempfile.TemporaryDirectory() as tmp:
        args = base_args(binary)
        for fmt in raw:
            args += ['--format', fmt, '--output', os.path.join(tmp, golden_name(fmt))]
        p = subprocess.run(args, cwd=PROJECT, capture_output=True, text=True)
        if p.returncode != 1 or p.stdout or p.stderr:
            failures.append(f'all formats to files: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}')
        for fmt, text in raw.items():
            with open(os.path.join(tmp, golden_name(fmt)), encoding='utf-8') as f:
                if f.read() != text:
                    failures.append(f'{fmt}: --output wrote something else than stdout gets')
    if 'sarif' in raw:
        why = validate_sarif(schema, raw['sarif'])
        if why == 'skip':
            print('SARIF schema check skipped (needs python3-jsonschema and the schema)')
        elif why:
            failures.append(f'sarif: not valid SARIF 2.1.0: {why}')
    for f in failures:
        print('FAIL', f)
    print(f'{len(raw)} formats, {len(failures)} failures' + (' (blessed)' if bless else ''))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
