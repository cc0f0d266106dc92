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

- `mock-file` cases: dclint's sample compose files, linted with every
  dclint rule at dclint's defaults or with the settings of the samples'
  `.dclintrc` (MOCK_DCLINTRC: the cases name that file but do not carry
  it).  The expectations are what dclint 3.1.0 printed; the number of
  findings of each rule must be the same.
- `comments` cases test dclint's reading of `# dclint disable-file`,
  `# dclint disable [rules]` and `# dclint disable-line [rules]`.  They are
  replayed by what they mean: the case's text, with its pragmas where they
  stand and its `key: value` lines replaced by services that break several
  rules, is linted with and without the pragmas, and the rules whose
  findings the pragmas hide must be the ones dclint's helper returns (the
  placeholder names `rule-name` and `another-rule-name` stand for real
  rules, PLACEHOLDERS).
- `ports-parser` cases test dclint's port parser; each port is written
  into a service and read back from `plimsoll --dump compose` (published
  port or range, protocol, host IP).  A case about a value that is not a
  YAML node at all has no equivalent and is skipped, said so.

Where plimsoll disagrees with dclint on purpose, the case is listed in
DIFFERENCES with what plimsoll reports instead and why (each is also
written in the rule's doc, under "Differences from dclint"); such a case
counts as agreeing only when plimsoll gives exactly that.  Agreement is
printed per rule and per kind; exit 1 when the agreement over all
replayed cases is below --min (default 95), 77 (skipped) when the data
is not there.

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
import textwrap

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


# ---- mock-file: dclint's sample files -------------------------------------

# The settings of dclint's tests/mocks/.dclintrc, which the mock-file cases
# name but do not carry (its options also show in the expected messages):
# two rules off, single quotes for ports, its own key and top-level orders
# and two prohibited tags.
MOCK_DCLINTRC = {'rules': {
    'no-version-field': 0,
    'require-project-name-field': 0,
    'require-quotes-in-ports': [1, {'quoteType': 'single'}],
    'top-level-properties-order': [2, {'customOrder': [
        'x-properties', 'version', 'name', 'services', 'volumes', 'networks', 'secrets', 'configs']}],
    'service-keys-order': [1, {'groupOrder': ['Other'], 'groups': {'Other': [
        'image', 'build', 'command', 'container_name', 'volumes', 'volumes_from', 'ports', 'depends_on',
        'expose', 'env_file', 'environment', 'links', 'extra_hosts', 'restart', 'ulimits', 'tty']}}],
    'service-image-require-explicit-tag': [2, {'prohibitedTags': ['unstable', 'latest']}],
}}

_ANCHORS = ('dclint reads the service as written and does not follow YAML aliases and merge keys; '
            'Compose does, and so does plimsoll')
# case id -> {dclint rule: (plimsoll's count, why)}
MOCK_DIFFERENCES = {
    cid: {
        'no-unbound-port-interfaces': (2, "'ports: *shared-ports' publishes '81' and '80:80' on every "
                                          'interface; ' + _ANCHORS),
        'service-image-require-explicit-tag': (3, "services 'bar' and 'foo' take 'traefik/whoami' (no tag) "
                                                  "through '<<'; " + _ANCHORS),
        'service-keys-order': (0, "dclint orders '<<' as an ordinary key, last; a merge key may stand "
                                  'anywhere (rules/PL2111.md)'),
    } for cid in ('dclint-103', 'dclint-104')
}


def mock_case(binary, case, names, tmp):
    """Findings per dclint rule on a sample file, against dclint 3.1.0's."""
    os.makedirs(tmp, exist_ok=True)
    with open(os.path.join(tmp, 'compose.yaml'), 'w') as f:
        f.write(case['yaml'])
    with open(os.path.join(tmp, '.dclintrc'), 'w') as f:
        json.dump(MOCK_DCLINTRC if case['config'] != 'default' else {'rules': {}}, f)
    # No --select: it would turn on the rules the .dclintrc turns off.
    proc = run(binary, ['--format', 'json', '--color', 'never', '--failure-threshold', 'none',
                        '--config', '.dclintrc', 'compose.yaml'], tmp)
    if proc.returncode not in (0, 1):
        return False, f'exit {proc.returncode}: {proc.stderr.strip()}'
    ours = {}
    for d in json.loads(proc.stdout or '[]'):
        if d['code'] in names:
            ours.setdefault(names[d['code']], []).append(d['line'])
    theirs = {}
    for m in case['actual_messages']:
        theirs.setdefault(m['rule'], []).append(m['line'])
    diffs = MOCK_DIFFERENCES.get(case['id'], {})
    ok, lines = True, []
    for rule in sorted(set(ours) | set(theirs) | set(diffs)):
        n, want = len(ours.get(rule, [])), len(theirs.get(rule, []))
        why = ''
        if rule in diffs:
            want, why = diffs[rule][0], f' (deliberate: {diffs[rule][1]})'
        mark = '' if n == want else '   <-- differs'
        ok &= n == want
        lines.append(f'{rule}: dclint {len(theirs.get(rule, []))} on lines {sorted(theirs.get(rule, []))}, '
                     f'plimsoll {n} on lines {sorted(ours.get(rule, []))}{why}{mark}')
    return ok, '\n     '.join(lines)


# ---- comments: dclint's disable comments -----------------------------------

# dclint's tests name rules that do not exist; these real rules stand in.
PLACEHOLDERS = {'rule-name': 'no-quotes-in-volumes', 'another-rule-name': 'no-version-field'}

# Breaks no-version-field, require-project-name-field (on line 1),
# service-image-require-explicit-tag, no-unbound-port-interfaces,
# require-quotes-in-ports and no-quotes-in-volumes.
FILE_TEMPLATE = ['version: "3"', 'services:', '  web:', '    image: nginx',
                 '    ports: [8080:80]', '    volumes: ["./d:/d"]']


def one_line_service(i):
    """A service on one line breaking four rules there (tag, interface, port quotes, volume quotes)."""
    return f'  s{i}: {{image: nginx, ports: [{8000 + i}:80], volumes: ["./d:/d"]}}'


def place_pragmas(case):
    """The compose text the case's content stands for, per the function tested."""
    text = textwrap.dedent(case['content'])
    for k, v in PLACEHOLDERS.items():
        text = re.sub(r'(?<![\w-])' + re.escape(k) + r'(?![\w-])', v, text)
    lines = text.split('\n')
    out = []
    if case['function'] == 'extractDisableLineRules':
        # Line for line, so the expected line numbers stay right.
        for i, line in enumerate(lines):
            body, _, comment = line.partition('#')
            if i == 0 and not line.strip():
                out.append('services:')
            elif not body.strip():
                out.append(('  #' + comment) if comment else '')
            else:
                out.append(one_line_service(i + 1) + (' #' + comment if comment else ''))
        if not lines[0].strip() == '':
            raise ValueError('content must start with an empty line')
        return '\n'.join(out) + '\n'
    placed = False
    for line in lines:
        t = line.strip()
        if not t or t == '---' or t.startswith('#'):
            out.append(t)
        elif not placed:
            out.extend(FILE_TEMPLATE)
            placed = True
    if not placed:
        out.extend(FILE_TEMPLATE)
    return '\n'.join(out) + '\n'


def findings(binary, text, tmp, select, names):
    with open(os.path.join(tmp, 'compose.yaml'), 'w') as f:
        f.write(text)
    proc = run(binary, ['--format', 'json', '--color', 'never', '--failure-threshold', 'none',
                        '--no-config', '--select', select, 'compose.yaml'], tmp)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f'exit {proc.returncode}: {proc.stderr.strip()}')
    return sorted((d['line'], names[d['code']]) for d in json.loads(proc.stdout or '[]') if d['code'] in names)


def comments_case(binary, case, names, tmp):
    """Which findings dclint's comments hide in plimsoll, against dclint's helper's answer."""
    os.makedirs(tmp, exist_ok=True)
    select = ','.join(sorted(names))
    text = place_pragmas(case)
    try:
        # Without the pragmas (the word changed), everything the file breaks.
        control = findings(binary, re.sub(r'#(\s*)dclint', r'#\1xdclint', text), tmp, select, names)
        left = findings(binary, text, tmp, select, names)
    except RuntimeError as e:
        return False, str(e)
    hidden = [f for f in control if f not in left]
    fn, want = case['function'], case['expected']
    if fn == 'extractDisableLineRules':
        got = {}
        for line in sorted({ln for ln, _ in control}):
            all_here = {r for ln, r in control if ln == line}
            gone = {r for ln, r in hidden if ln == line}
            if gone:
                got[str(line)] = ['*'] if gone == all_here else sorted(gone)
        wanted = {ln: (['*'] if rules == ['*'] else sorted(PLACEHOLDERS.get(r, r) for r in rules))
                  for ln, rules in want.items()}
        # A rule named for a line must break something there, or the case proves nothing.
        blind = [f'{ln}:{r}' for ln, rules in wanted.items() for r in rules
                 if r != '*' and (int(ln), r) not in control]
        ok = got == wanted and not blind
        shown = f'hidden per line {got}, dclint {wanted}' + (f'; not observable: {blind}' if blind else '')
    else:
        every = {r for _, r in control}
        gone = {r for r in every if all(f in hidden for f in control if f[1] == r)}
        part = {r for _, r in hidden} - gone
        if fn == 'startsWithDisableFileComment':
            got = bool(every) and gone == every
            ok = got == want and not (part and want)
        else:
            wanted = {'*'} if want == ['*'] else {PLACEHOLDERS.get(r, r) for r in want}
            got = sorted(gone) if gone != every else ['*']
            ok = not part and (gone == every if wanted == {'*'} else gone == wanted)
        shown = f'plimsoll hides {sorted(gone) or "nothing"} of {sorted(every)}' + \
            (f' (and some of {sorted(part)})' if part else '') + f', dclint: {want}'
    return ok, shown + '\n  --- replayed as\n  ' + text.rstrip('\n').replace('\n', '\n  ')


# ---- ports-parser: dclint's port parser ------------------------------------

# case id -> (the same port as Compose writes it, why); plimsoll must reject
# the case's text as Compose does (PL0004) and read the variant as dclint
# reads the original.
_TWO_PARTS = ('two colon-separated parts are HOST_PORT:CONTAINER_PORT to Compose (and Docker), so an '
              'address in front makes the port invalid (PL0004); dclint reads it as IP:PORT')
PORT_DIFFERENCES = {
    'dclint-065': ('127.0.0.1:3000:3000/udp', _TWO_PARTS),
    'dclint-066': ('[::1]:3000:3000/tcp', _TWO_PARTS),
    'dclint-079': ('127.0.0.1:8080:8080', _TWO_PARTS),
    'dclint-080': ('[::1]:8080:8080', _TWO_PARTS),
    'dclint-081': ('[2001:db8::1]:80:80', _TWO_PARTS),
}

PORT_DUMP = re.compile(r'\(port (?:short "(?:[^"\\]|\\.)*"|long) @\S+(?P<rest>[^)]*)\)')


def dump_port(binary, port, tmp):
    """(ip, published, protocol, malformed) of one port as plimsoll reads it."""
    os.makedirs(tmp, exist_ok=True)
    if isinstance(port, dict):
        item = json.dumps({'target': 80, **port})
    else:
        item = json.dumps(port)
    with open(os.path.join(tmp, 'compose.yaml'), 'w') as f:
        f.write(f'services:\n  a:\n    image: nginx:1\n    ports:\n      - {item}\n')
    proc = run(binary, ['--no-config', '--dump', 'compose', 'compose.yaml'], tmp)
    m = PORT_DUMP.search(proc.stdout)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f'exit {proc.returncode}: {proc.stderr.strip()} {proc.stdout.strip()}')
    words = m.group('rest').split()
    val = lambda k: words[words.index(k) + 1] if k in words else ''
    proto = next((w for w in words if w in ('tcp', 'udp', 'sctp')), '')
    return val('ip'), val('published'), proto, 'malformed' in words


def port_range(published):
    if not published:
        return []
    lo, _, hi = published.partition('-')
    return [str(p) for p in range(int(lo), int(hi or lo) + 1)]


def port_answer(binary, fn, arg, tmp):
    """What dclint's helper fn would return for arg, read off plimsoll's model."""
    if fn == 'parsePortsRange':
        ip, published, proto, bad = dump_port(binary, f'{arg}:80', tmp)
        return [] if bad else port_range(published), bad
    port = arg['scalar'] if 'scalar' in arg else arg['map']
    ip, published, proto, bad = dump_port(binary, port, tmp)
    if fn == 'extractPublishedPortValueWithProtocol':
        return {'port': published, 'protocol': proto or 'tcp'}, bad
    return ip, bad


def ports_case(binary, case, tmp):
    """(ok, detail), or (None, reason) when the case has no equivalent here."""
    fn, arg = case['function'], case['input']
    if isinstance(arg, dict) and 'other' in arg:
        return None, f'no equivalent: the input is not a YAML node ({arg["other"]})'
    try:
        got, bad = port_answer(binary, fn, arg, tmp)
        diff = PORT_DIFFERENCES.get(case['id'])
        if diff:
            variant, why = diff
            vgot, vbad = port_answer(binary, fn, {'scalar': variant}, tmp)
            ok = bad and not vbad and vgot == case['expected']
            return ok, (f'{arg} is {"rejected" if bad else "accepted"}; {variant!r} reads as {vgot!r}, '
                        f'dclint reads {arg} as {case["expected"]!r} (deliberate: {why})')
    except RuntimeError as e:
        return False, str(e)
    return got == case['expected'], f'{fn}({arg}): plimsoll {got!r}, dclint {case["expected"]!r}'


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
    names = {rules[n]: n for n in dclint_names if n in rules}  # code -> dclint's name
    rule_kinds = ('check', 'pipeline', 'fix')
    todo = [c for c in cases
            if (c['kind'] not in rule_kinds or c['kind'] == 'pipeline' or c['rule'] in rules)
            and (not opts.rule or c.get('rule') in opts.rule)]
    per_rule, fixes, failures = {}, {}, []
    per_kind, skipped = {}, []  # kind -> (agree, total); (case, reason)
    lines_same = lines_total = 0
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futs = {}
        for c in todo:
            where = os.path.join(tmp, c['id'])
            kind = c['kind']
            if kind == 'fix':
                futs[pool.submit(fix_case, opts.binary, c, rules, where)] = c
            elif kind in ('check', 'pipeline'):
                futs[pool.submit(check_case, opts.binary, c, rules, dclint_codes, where)] = c
            elif kind == 'mock-file':
                futs[pool.submit(mock_case, opts.binary, c, names, where)] = c
            elif kind == 'comments':
                futs[pool.submit(comments_case, opts.binary, c, names, where)] = c
            elif kind == 'ports-parser':
                futs[pool.submit(ports_case, opts.binary, c, where)] = c
            else:
                skipped.append((c, f'unknown kind {kind!r}'))
        for fut in concurrent.futures.as_completed(futs):
            c = futs[fut]
            kind = c['kind']
            name = c.get('rule') or '(pipeline)'
            deliberate = c['id'] in DIFFERENCES or c['id'] in MOCK_DIFFERENCES or c['id'] in PORT_DIFFERENCES
            if kind in ('check', 'pipeline'):
                ok, same, detail = fut.result()
                a, t = per_rule.get(name, (0, 0))
                per_rule[name] = (a + ok, t + 1)
                if c['id'] not in DIFFERENCES and c.get('actual_messages') is not None:
                    lines_total += 1
                    lines_same += same
            else:
                ok, detail = fut.result()
                if ok is None:
                    skipped.append((c, detail))
                    continue
                if kind == 'fix':
                    a, t = fixes.get(name, (0, 0))
                    fixes[name] = (a + ok, t + 1)
            a, t, d = per_kind.get(kind, (0, 0, 0))
            per_kind[kind] = (a + ok, t + 1, d + (ok and deliberate))
            if not ok or (opts.verbose and deliberate):
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
    print(f'rules: {agree}/{total} = {pct:.1f}% agreement over {len(per_rule)} rules; '
          f'{deliberate} of them differ from dclint on purpose, as documented '
          f'(plain agreement with dclint: {agree - deliberate}/{total})')
    print(f'same lines as dclint: {lines_same}/{lines_total} of the cases that agree '
          '(dclint often reports the section key or line 1)')
    fa, ft, fpct = table('fix cases (fixed text as dclint\'s test compares it):', fixes)
    print(f'fixes: {fa}/{ft} = {fpct:.1f}%')
    print('per kind (agree/replayed, of which deliberate differences):')
    for kind in ('check', 'pipeline', 'fix', 'mock-file', 'comments', 'ports-parser'):
        if kind in per_kind:
            a, t, d = per_kind[kind]
            n_skip = sum(1 for c, _ in skipped if c['kind'] == kind)
            extra = f', {n_skip} skipped' if n_skip else ''
            print(f'  {kind:14} {a:3}/{t:<3} {100.0 * a / t:6.1f}%  ({d} deliberate{extra})')
    oa = sum(a for a, _, _ in per_kind.values())
    ot = sum(t for _, t, _ in per_kind.values())
    od = sum(d for _, _, d in per_kind.values())
    opct = 100.0 * oa / ot if ot else 100.0
    print(f'overall: {oa}/{ot} = {opct:.1f}% agreement over every replayed case (min {opts.min}%); '
          f'plain agreement with dclint {oa - od}/{ot}, {od} documented deliberate differences; '
          f'{len(skipped)} skipped')
    for c, why in sorted(skipped, key=lambda x: x[0]['id']):
        print(f'  skipped {c["id"]} {c["kind"]} {c.get("function", "")}: {why}')
    if missing:
        print(f'not implemented ({len(missing)}): {" ".join(missing)}')
    if opts.verbose or opct < opts.min or fa < ft:
        for c, ok, detail in sorted(failures, key=lambda x: x[0]['id']):
            tag = 'DISAGREE' if not ok else 'DIFFERS ON PURPOSE'
            what = c.get('rule') or c.get('function') or c.get('source')
            print(f'\n{tag} {c["id"]} {c["kind"]} {what} ({c["source"]}: {c["test"]})')
            if 'yaml' in c and c['kind'] != 'mock-file':
                print('  ' + c['yaml'].strip('\n').replace('\n', '\n  '))
            print(f'  -> {detail}')
    return 0 if opct >= opts.min else 1


if __name__ == '__main__':
    sys.exit(main())
