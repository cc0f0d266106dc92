#!/usr/bin/env python3
"""The places that list options, formats and rules agree with the program.

    test_cli_docs.py PLIMSOLL SOURCE_DIR GEN_DIR

GEN_DIR holds what tools/gen_docs.c made at build time from
src/cli_options.h and the registry: the man page, the completions and
rules.md.  Checked here:

- every long option of `plimsoll --help` is in the README's option list
  (between <!-- options --> and <!-- /options -->), in the man page and in
  each completion, and nothing else is: a new option must be documented,
  a removed one dropped;
- the README's formats table lists every --format value;
- docs/rules.md is the generated rules index (after changing a rule:
  `cmake --build build --target update-docs`, then commit docs/rules.md);
- the man page renders without warnings (groff), and the completion
  scripts parse (bash, zsh, fish: each when installed).
"""
import os
import re
import shutil
import subprocess
import sys
import unittest

BINARY = SOURCE = GEN = None


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def help_options():
    out = subprocess.run([BINARY, '--help'], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r'^\s+(?:-\w, )?--([a-z][a-z-]*)', out, re.M))


def readme_section(name):
    text = read(os.path.join(SOURCE, 'README.md'))
    m = re.search(r'<!-- %s -->\n(.*?)<!-- /%s -->' % (name, name), text, re.S)
    if not m:
        raise AssertionError(f'README.md has no <!-- {name} --> … <!-- /{name} --> section')
    return m.group(1)


class OptionsAgree(unittest.TestCase):
    def setUp(self):
        self.help = help_options()
        self.assertGreater(len(self.help), 20)

    def assert_same(self, where, found):
        missing, extra = sorted(self.help - found), sorted(found - self.help)
        self.assertFalse(missing or extra,
                         f'{where}: missing {["--" + o for o in missing]}, '
                         f'not options {["--" + o for o in extra]}')

    def test_readme(self):
        found = set(re.findall(r'^\| `(?:-\w, )?--([a-z][a-z-]*)', readme_section('options'), re.M))
        self.assert_same('README.md options', found)

    def test_man_page(self):
        man = read(os.path.join(GEN, 'plimsoll.1'))
        options = man.split('.SH OPTIONS')[1].split('.SH ')[0]
        found = set(re.findall(r'^(?:\\fB\\-\w\\fR, )?\\fB\\-\\-([a-z][a-z\\-]*)\\fR', options, re.M))
        self.assert_same('plimsoll.1', {o.replace('\\-', '-') for o in found})

    def test_completions(self):
        for name, pattern in (('plimsoll.bash', r'--([a-z][a-z-]*)'),
                              ('_plimsoll', r"[{,'*]--([a-z][a-z-]*)"),
                              ('plimsoll.fish', r' -l ([a-z][a-z-]*)')):
            found = set(re.findall(pattern, read(os.path.join(GEN, name))))
            self.assert_same(name, found)

    def test_formats_table(self):
        out = subprocess.run([BINARY, '--format', 'nope'], capture_output=True, text=True)
        formats = set(re.search(r'expected one of: (.*)\)', out.stderr).group(1).split(', '))
        table = set(re.findall(r'^\| `([a-z]+)`', readme_section('formats'), re.M))
        self.assertEqual(table, formats)


class GeneratedFiles(unittest.TestCase):
    def test_rules_index_is_current(self):
        committed = read(os.path.join(SOURCE, 'docs', 'rules.md'))
        generated = read(os.path.join(GEN, 'rules.md'))
        self.assertTrue(committed == generated,
                        'docs/rules.md is out of step with the rules: run '
                        '`cmake --build build --target update-docs` and commit docs/rules.md')

    def test_rules_index_links(self):
        text = read(os.path.join(SOURCE, 'docs', 'rules.md'))
        codes = re.findall(r'^\| \[(\w+)\]\(\.\./rules/(\w+)\.md\)', text, re.M)
        self.assertTrue(codes)
        for code, target in codes:
            self.assertEqual(code, target)
            self.assertTrue(os.path.exists(os.path.join(SOURCE, 'rules', code + '.md')), code)

    @unittest.skipUnless(shutil.which('groff'), 'needs groff')
    def test_man_renders(self):
        p = subprocess.run(['groff', '-man', '-Tutf8', '-ww', '-z', os.path.join(GEN, 'plimsoll.1')],
                           capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ''))

    def check_syntax(self, shell, *args):
        if not shutil.which(shell):
            self.skipTest(f'needs {shell}')
        p = subprocess.run([shell, *args], capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ''))

    def test_bash_completion(self):
        self.check_syntax('bash', '-n', os.path.join(GEN, 'plimsoll.bash'))
        # and it completes: formats after --format, rule codes after a comma
        script = (f'source {os.path.join(GEN, "plimsoll.bash")}; '
                  'COMP_WORDS=(plimsoll --format sa); COMP_CWORD=2; _plimsoll; echo "${COMPREPLY[*]}"; '
                  'COMP_WORDS=(plimsoll --select DL3008,PL001); COMP_CWORD=2; _plimsoll; '
                  'echo "${COMPREPLY[*]}"')
        out = subprocess.run(['bash', '-c', script], capture_output=True, text=True).stdout.splitlines()
        self.assertEqual(out, ['sarif', 'DL3008,PL0010 DL3008,PL0011'])

    def test_zsh_completion(self):
        self.check_syntax('zsh', '-n', os.path.join(GEN, '_plimsoll'))

    def test_fish_completion(self):
        self.check_syntax('fish', '--no-execute', os.path.join(GEN, 'plimsoll.fish'))
        p = subprocess.run(['fish', '-c', f'source {os.path.join(GEN, "plimsoll.fish")}; '
                                          'complete -C "plimsoll --color a"'], capture_output=True, text=True)
        self.assertTrue(p.stdout.startswith('always\t') or p.stdout.startswith('auto\t'), p.stdout)


def main():
    global BINARY, SOURCE, GEN
    BINARY, SOURCE, GEN = (os.path.abspath(a) for a in sys.argv[1:4])
    unittest.main(argv=[sys.argv[0]] + sys.argv[4:], verbosity=2)


if __name__ == '__main__':
    main()
