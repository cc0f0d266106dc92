#!/usr/bin/env python3
"""The README's recipes, run as they are written there.

    test_recipes.py PLIMSOLL SOURCE_DIR

Each recipe is read out of README.md (the fenced block under its heading)
and run on a copy of tests/golden_cli/project (a git repository of its
own, with a fake HOME, plimsoll on PATH), so that a recipe that stops
working, or a README edit that breaks one, fails here:

- GitHub Actions: the Lint step's command writes annotations (workflow
  commands) and the SARIF file the upload step names;
- GitLab CI: the script writes the code quality report the artifact names,
  with fingerprints that stay put when lines move;
- the shell step: exit 1 on warnings, 0 on a clean tree, 2 on a broken
  configuration; its junit variant;
- Vim: the makeprg and errorformat lines, sourced into a real vim (when
  there is one with +eval), fill the quickfix list with every finding and
  its type;
- VS Code: the problem matcher's regexp reads every line of the command;
- editors through stdin: both command lines;
- pre-commit: the hook ids exist in .pre-commit-hooks.yaml;
- configuration: the example .plimsoll.yaml is valid and the key table
  lists exactly the keys plimsoll accepts, each used in the example;
- --explain prints each rule's page; the default format is full on a
  terminal and gnu otherwise;
- the Dockerfile's build stage: the files it copies are enough to configure
  the build it runs (no Docker needed).
"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.dom.minidom

BINARY = None
SOURCE = None
GITHUB_LINE = re.compile(r'^::(error|warning|notice) file=[^,:]+(,[a-zA-Z]+=[^,:]*)*::.*$')
SAMPLE = ('DL3008', 'DL3020', 'PL0004', 'PL1101', 'SC')
ANSI = re.compile(r'\x1b\[[0-9;]*m')


def readme():
    with open(os.path.join(SOURCE, 'README.md'), encoding='utf-8') as f:
        return f.read()


def recipe(heading, lang, nth=0):
    """The nth fenced ```lang block under the README heading (up to the next heading)."""
    text = readme()
    m = re.search(r'^#+ %s\n(.*?)(?=^#{2,} |\Z)' % re.escape(heading), text, re.M | re.S)
    if not m:
        raise AssertionError(f'README.md has no section {heading!r}')
    blocks = re.findall(r'^```%s\n(.*?)^```$' % re.escape(lang), m.group(1), re.M | re.S)
    if len(blocks) <= nth:
        raise AssertionError(f'README.md {heading!r}: no ```{lang} block number {nth + 1}')
    return blocks[nth]


def yaml_load(text):
    import yaml  # python3-yaml
    return yaml.safe_load(text)


class Project:
    """A copy of the golden project in a git repository of its own."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(os.path.realpath(self._tmp.name), 'project')
        shutil.copytree(os.path.join(SOURCE, 'tests', 'golden_cli', 'project'), self.root)
        self.home = os.path.join(os.path.realpath(self._tmp.name), 'home')
        os.makedirs(self.home)
        if shutil.which('git'):
            subprocess.run(['git', 'init', '-q', '.'], cwd=self.root, check=True,
                           env={**os.environ, 'HOME': self.home, 'GIT_CONFIG_NOSYSTEM': '1'})
        else:  # discovery stops at the first folder holding .git
            os.makedirs(os.path.join(self.root, '.git'))

    def env(self, **extra):
        e = {k: v for k, v in os.environ.items() if k not in ('NO_COLOR', 'XDG_CONFIG_HOME')}
        e.update(HOME=self.home, PATH=os.path.dirname(BINARY) + os.pathsep + os.environ.get('PATH', ''))
        e.update(extra)
        return e

    def sh(self, script, stdin=None, **env):
        return subprocess.run(['sh', '-c', script], cwd=self.root, input=stdin, capture_output=True,
                              text=True, env=self.env(**env), timeout=60)

    def path(self, rel):
        return os.path.join(self.root, rel)

    def read(self, rel):
        with open(self.path(rel), encoding='utf-8') as f:
            return f.read()

    def write(self, rel, text):
        with open(self.path(rel), 'w', encoding='utf-8') as f:
            f.write(text)

    def findings(self, *args):
        p = subprocess.run([BINARY, '--format', 'json', *args], cwd=self.root, capture_output=True,
                           text=True, env=self.env(), timeout=60)
        assert p.returncode in (0, 1), (p.returncode, p.stderr)
        return json.loads(p.stdout)

    def close(self):
        self._tmp.cleanup()


def commands(block):
    """The command lines of a sh block, comments dropped."""
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith('#')]


class RecipeTest(unittest.TestCase):
    def setUp(self):
        self.p = Project()

    def tearDown(self):
        self.p.close()


class CiRecipes(RecipeTest):
    def test_github_actions(self):
        wf = yaml_load(recipe('GitHub Actions', 'yaml'))
        self.assertEqual(wf['permissions']['security-events'], 'write')
        steps = wf['jobs']['lint']['steps']
        lint = next(s for s in steps if s.get('name') == 'Lint')
        upload = next(s for s in steps if s.get('uses', '').startswith('github/codeql-action/upload-sarif'))
        r = self.p.sh(lint['run'])
        self.assertEqual(r.returncode, 1, r.stderr)   # the project has findings: the step fails
        self.assertEqual(r.stderr, '')
        lines = r.stdout.splitlines()
        self.assertTrue(lines)
        for line in lines:
            self.assertRegex(line, GITHUB_LINE)
        sarif = json.loads(self.p.read(upload['with']['sarif_file']))
        self.assertEqual(sarif['version'], '2.1.0')
        results = sarif['runs'][0]['results']
        self.assertEqual(len(results), len(lines))
        self.assertTrue(all('partialFingerprints' in x for x in results))

    def test_gitlab_ci(self):
        job = yaml_load(recipe('GitLab CI', 'yaml'))['plimsoll']
        report = job['artifacts']['reports']['codequality']
        for cmd in job['script']:
            r = self.p.sh(cmd)
            self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn('-->', r.stdout)  # the full report in the log
        issues = json.loads(self.p.read(report))
        self.assertTrue(issues)
        for i in issues:
            for key in ('description', 'check_name', 'fingerprint', 'severity', 'location'):
                self.assertIn(key, i)
            self.assertIn(i['severity'], ('info', 'minor', 'major', 'critical', 'blocker'))
            self.assertIn('line', i['location']['positions']['begin'])
        prints = [i['fingerprint'] for i in issues]
        self.assertEqual(len(set(prints)), len(prints))
        # Stable: the same findings keep their fingerprints when lines move.
        self.p.write('Dockerfile', '# a comment on top moves every line down\n' + self.p.read('Dockerfile'))
        for cmd in job['script']:
            self.p.sh(cmd)
        moved = json.loads(self.p.read(report))
        self.assertEqual(sorted(i['fingerprint'] for i in moved), sorted(prints))
        self.assertNotEqual([i['location']['positions']['begin']['line'] for i in moved],
                            [i['location']['positions']['begin']['line'] for i in issues])

    def test_shell_step(self):
        [cmd] = commands(recipe('Any CI, as a shell step', 'sh'))
        r = self.p.sh(cmd)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stdout, r'(?m)^Dockerfile:\d+:\d+: (error|warning): ')
        # info and style findings alone pass at --failure-threshold warning
        for rel in ('Dockerfile', 'web/Dockerfile', 'compose.yaml'):
            os.remove(self.p.path(rel))
        self.p.write('Dockerfile', 'FROM debian:12-slim AS Build\nUSER 65534\nCMD ["true"]\n')
        r = self.p.sh(cmd)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r'(?m)^Dockerfile:1:24: style: .*\[PL1101\]$')
        # a broken setup is 2
        self.p.write('.plimsoll.yaml', 'failure-threshold: [warning]\n')
        self.assertEqual(self.p.sh(cmd).returncode, 2)

    def test_junit_report(self):
        self.assertIn('`--format junit --output plimsoll.xml`', recipe_text('Any CI, as a shell step'))
        r = self.p.sh('plimsoll --format junit --output plimsoll.xml .')
        self.assertEqual((r.returncode, r.stdout), (1, ''))
        doc = xml.dom.minidom.parse(self.p.path('plimsoll.xml'))
        cases = doc.getElementsByTagName('testcase')
        codes = [(c.getAttribute('classname'), c.getAttribute('name')) for c in cases]
        self.assertEqual(len(codes), len(set(codes)))  # one test case per rule per file
        self.assertIn(('web/Dockerfile', 'plimsoll'), codes)  # a clean file passes

    def test_pre_commit(self):
        config = yaml_load(recipe('pre-commit', 'yaml'))
        with open(os.path.join(SOURCE, '.pre-commit-hooks.yaml'), encoding='utf-8') as f:
            hooks = {h['id'] for h in yaml_load(f.read())}
        repo = config['repos'][0]
        used = {h['id'] for h in repo['hooks']}
        mentioned = set(re.findall(r'- id: ([\w-]+)', recipe('pre-commit', 'yaml')))
        self.assertTrue(used)
        self.assertEqual(mentioned, hooks)  # every hook shown, none made up
        self.assertIn(repo['rev'], ('v' + version(),))


def recipe_text(heading):
    m = re.search(r'^#+ %s\n(.*?)(?=^#{2,} |\Z)' % re.escape(heading), readme(), re.M | re.S)
    return m.group(1)


def version():
    out = subprocess.run([BINARY, '--version'], capture_output=True, text=True, check=True).stdout
    return out.split()[1]


class EditorRecipes(RecipeTest):
    def expected(self, *paths):
        """(file, line, column, severity, code, message) of every finding, from --format json."""
        return [(d['file'], d['line'], d['column'], d['severity'], d['code'], d['message'])
                for d in self.p.findings(*paths)]

    def test_vscode_problem_matcher(self):
        text = recipe('VS Code', 'jsonc')
        task = json.loads(re.sub(r'(?m)^\s*//.*$', '', text))['tasks'][0]
        matcher = task['problemMatcher']
        pat = matcher['pattern']
        regexp = re.compile(pat['regexp'])
        r = self.p.sh(task['command'])
        self.assertEqual(r.returncode, 1, r.stderr)
        got = []
        for line in r.stdout.splitlines():
            m = regexp.match(line)
            self.assertIsNotNone(m, f'the problem matcher misses {line!r}')
            got.append((m.group(pat['file']), int(m.group(pat['line'])), int(m.group(pat['column'])),
                        m.group(pat['severity']), m.group(pat['code']), m.group(pat['message'])))
        self.assertEqual(got, self.expected('.'))
        self.assertEqual(matcher['fileLocation'][0], 'relative')

    @unittest.skipUnless(shutil.which('vim'), 'needs vim')
    def test_vim_makeprg_errorformat(self):
        script = os.path.join(self.p.root, '..', 'recipe.vim')
        with open(script, 'w', encoding='utf-8') as f:
            f.write(recipe('Vim and Neovim', 'vim'))
        out = os.path.join(self.p.root, '..', 'qf.json')
        vim = subprocess.run(
            ['vim', '-Nu', 'NONE', '-i', 'NONE', '-n', '-es',
             '-c', 'if !has("eval") | cquit 77 | endif',
             '-c', 'source ' + script, '-c', 'silent make',
             '-c', 'call writefile([json_encode(map(getqflist(), '
                   '{_, e -> [bufname(e.bufnr), e.lnum, e.col, e.type, e.text, e.valid]}))], "%s")' % out,
             '-c', 'qa!', 'Dockerfile'],
            cwd=self.p.root, env=self.p.env(), capture_output=True, text=True, timeout=60)
        if vim.returncode == 77:
            self.skipTest('needs vim with +eval')
        self.assertEqual(vim.returncode, 0, vim.stdout + vim.stderr)
        with open(out, encoding='utf-8') as f:
            qf = json.load(f)
        letter = {'error': 'e', 'warning': 'w', 'info': 'i', 'style': ''}
        want = [[f, line, col, letter[sev], f'{msg} [{code}]', 1]
                for f, line, col, sev, code, msg in self.expected('Dockerfile')]
        self.assertEqual(qf, want)

    def test_stdin(self):
        findings_cmd, fix_cmd = commands(recipe('Editors, on save, through standard input', 'sh'))
        self.p.write('buffer', self.p.read('Dockerfile'))
        r = self.p.sh(findings_cmd, FILE='Dockerfile')
        self.assertEqual(r.returncode, 1, r.stderr)
        on_disk = subprocess.run([BINARY, '--format', 'gnu', 'Dockerfile'], cwd=self.p.root,
                                 capture_output=True, text=True, env=self.p.env()).stdout
        self.assertEqual(r.stdout, on_disk)
        r = self.p.sh(fix_cmd, FILE='Dockerfile')
        fixed = self.p.read('fixed')
        self.assertIn('\nCOPY app.py /srv/\n', fixed)          # DL3020's safe fix
        self.assertNotIn('\nADD ', fixed)
        self.assertIn('[DL3004]', r.stderr)                    # what is left, on stderr
        self.assertEqual(self.p.read('buffer'), self.p.read('Dockerfile'))  # nothing written

    def test_default_format_follows_the_terminal(self):
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen([BINARY, '--color', 'never', 'Dockerfile'], cwd=self.p.root,
                                    stdout=slave, stderr=subprocess.DEVNULL, env=self.p.env())
            os.close(slave)
            chunks = []
            while True:
                try:
                    b = os.read(master, 65536)
                except OSError:  # EIO: the other side closed
                    break
                if not b:
                    break
                chunks.append(b)
            proc.wait(timeout=60)
        finally:
            os.close(master)
        tty = ANSI.sub('', b''.join(chunks).decode('utf-8')).replace('\r\n', '\n')
        self.assertIn('  --> Dockerfile:', tty)
        self.assertIn("run 'plimsoll --explain CODE'", tty)
        piped = subprocess.run([BINARY, 'Dockerfile'], cwd=self.p.root, capture_output=True, text=True,
                               env=self.p.env()).stdout
        gnu = subprocess.run([BINARY, '--format', 'gnu', 'Dockerfile'], cwd=self.p.root,
                             capture_output=True, text=True, env=self.p.env()).stdout
        self.assertEqual(piped, gnu)


class ConfigurationDocs(unittest.TestCase):
    def accepted_keys(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, '.git'))
            with open(os.path.join(tmp, '.plimsoll.yaml'), 'w') as f:
                f.write('no-such-key: 1\n')
            p = subprocess.run([BINARY, '--show-config'], cwd=tmp, capture_output=True, text=True)
        self.assertEqual(p.returncode, 2)
        listed = re.search(r"unknown key 'no-such-key' \(expected (.*)\)", p.stderr).group(1)
        return set(re.split(r', | or ', listed))

    def test_key_table_and_example(self):
        section = recipe_text('Configuration')
        table = set(re.findall(r'^\| `([a-z-]+)` \|', section, re.M))
        self.assertEqual(table, self.accepted_keys())
        example = recipe('Configuration', 'yaml')
        used = set(yaml_load(example))
        self.assertEqual(used, table, 'every key has an example in the README')
        with tempfile.TemporaryDirectory() as tmp:
            os.makedirs(os.path.join(tmp, '.git'))
            with open(os.path.join(tmp, '.plimsoll.yaml'), 'w') as f:
                f.write(example)
            p = subprocess.run([BINARY, '--show-config'], cwd=tmp, capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ''))
        self.assertIn('# source: .plimsoll.yaml', p.stdout)


class Explain(unittest.TestCase):
    def test_every_rule(self):
        p = subprocess.run([BINARY, '--no-config', '--list-rules', '--format', 'json'], capture_output=True,
                           text=True, check=True)
        rules = json.loads(p.stdout)
        self.assertGreater(len(rules), 50)
        for r in rules:
            with open(os.path.join(SOURCE, 'rules', r['code'] + '.md'), encoding='utf-8') as f:
                page = f.read()
            # by code for every rule; by name and in lower case for a few
            names = (r['code'], r['name'], r['code'].lower()) if r['code'] in SAMPLE else (r['code'],)
            for name in names:
                out = subprocess.run([BINARY, '--explain', name], capture_output=True, text=True)
                self.assertEqual((out.returncode, out.stdout, out.stderr), (0, page, ''), name)

    def test_unknown(self):
        out = subprocess.run([BINARY, '--explain', 'XX9999'], capture_output=True, text=True)
        self.assertEqual((out.returncode, out.stdout), (2, ''))
        self.assertIn("unknown rule 'XX9999'", out.stderr)


class DockerfileBuildContext(unittest.TestCase):
    """What the build stage COPYs is enough for the cmake configure it runs."""

    @unittest.skipUnless(shutil.which('cmake'), 'needs cmake')
    def test_copied_files_configure(self):
        with open(os.path.join(SOURCE, 'Dockerfile'), encoding='utf-8') as f:
            text = f.read().replace('\\\n', ' ')
        build = text.split('\nFROM ')[1]                     # the first stage
        copies = re.findall(r'(?m)^COPY (?!--)(.*) \S+$', build)
        cmake = re.search(r'(?m)^RUN (cmake -S .*?)(?: &&|$)', build).group(1)
        with tempfile.TemporaryDirectory() as tmp:
            for srcs in copies:
                for src in srcs.split():
                    src = src.rstrip('/')
                    s, d = os.path.join(SOURCE, src), os.path.join(tmp, src)
                    if os.path.isdir(s):
                        shutil.copytree(s, d)
                    else:
                        shutil.copy(s, d)
            args = cmake.split()[1:]
            self.assertIn('-DPL_STATIC=ON', args)
            p = subprocess.run(['cmake', *args], cwd=tmp, capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


def main():
    global BINARY, SOURCE
    BINARY = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)


if __name__ == '__main__':
    main()
