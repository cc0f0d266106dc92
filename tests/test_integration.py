#!/usr/bin/env python3
"""How plimsoll drops into other people's pipelines, run for real.

    test_integration.py PLIMSOLL SOURCE_DIR

- .pre-commit-hooks.yaml: a temporary git repository with staged files;
  each hook's `files` pattern picks the staged names as pre-commit does
  (re.search on the path) and its `entry` runs on them, with plimsoll on
  PATH.  No network, and pre-commit itself is not needed.
- the repository's own Dockerfile, examples/compose.yaml and the tree as
  `plimsoll` sees it from the top lint with no findings, pragmas checked
  (--require-reason, --warn-unused-ignores);
- the command line of configuration: --init, exclude and force-exclude,
  overrides, the pragma switches.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

BINARY = None
SOURCE = None


def run(args, cwd, stdin=None, env=None):
    e = {k: v for k, v in os.environ.items() if k not in ('NO_COLOR', 'XDG_CONFIG_HOME')}
    e.update(env or {})
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True, env=e)


def findings(args, cwd, **kw):
    """(exit status, [(file, code)]) of a JSON run."""
    p = run([BINARY, '--format', 'json', *args], cwd, **kw)
    assert p.returncode in (0, 1), (p.returncode, p.stderr)
    return p.returncode, sorted((d['file'], d['code']) for d in json.loads(p.stdout or '[]'))


def load_hooks():
    """The hooks of .pre-commit-hooks.yaml (PyYAML: python3-yaml)."""
    import yaml
    with open(os.path.join(SOURCE, '.pre-commit-hooks.yaml')) as f:
        return yaml.safe_load(f)


class Repo:
    """A temporary git repository with a fake HOME (so no hadolint config leaks in)."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = os.path.realpath(self._tmp.name)
        os.makedirs(os.path.join(self.root, 'home'))
        self.git('init', '-q', '.')

    def git(self, *args):
        return subprocess.run(['git', *args], cwd=self.root, check=True, capture_output=True, text=True,
                              env={**os.environ, 'GIT_CONFIG_NOSYSTEM': '1', 'HOME': self.root})

    def write(self, rel, text):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)

    def close(self):
        self._tmp.cleanup()


BAD_DOCKERFILE = 'FROM debian:latest\nRUN apt-get update && apt-get install -y curl\n'
GOOD_DOCKERFILE = 'FROM debian:12-slim\nUSER 65534\nCMD ["true"]\n'
BAD_COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "99999:80"\n'


@unittest.skipUnless(shutil.which('git'), 'needs git')
class PreCommitTests(unittest.TestCase):
    def setUp(self):
        self.r = Repo()
        r = self.r
        r.write('Dockerfile', BAD_DOCKERFILE)
        r.write('svc/Dockerfile.dev', BAD_DOCKERFILE)
        r.write('svc/api.dockerfile', GOOD_DOCKERFILE)
        r.write('svc/Containerfile', GOOD_DOCKERFILE)
        r.write('compose.yaml', BAD_COMPOSE)
        r.write('deploy/docker-compose.prod.yml', BAD_COMPOSE)
        r.write('vendor/Dockerfile', BAD_DOCKERFILE)          # excluded by .plimsoll.yaml
        r.write('src/dockerfile.py', 'print("not a Dockerfile")\n')
        r.write('docs/compose-notes.md', '# not a compose file\n')
        r.write('config.yaml', 'a: 1\n')
        r.write('.plimsoll.yaml', 'exclude: [vendor]\n')
        r.write('unstaged/Dockerfile', BAD_DOCKERFILE)
        r.git('add', '--', *[p for p in self.all_files() if not p.startswith('unstaged/')])
        self.staged = r.git('diff', '--cached', '--name-only').stdout.split()
        self.hooks = {h['id']: h for h in load_hooks()}

    def tearDown(self):
        self.r.close()

    def all_files(self):
        out = []
        for d, _, files in os.walk(self.r.root):
            if '.git' in d.split(os.sep) or d.startswith(os.path.join(self.r.root, 'home')):
                continue
            out += [os.path.relpath(os.path.join(d, f), self.r.root) for f in files]
        return sorted(out)

    def selected(self, hook):
        """The staged files pre-commit gives the hook: files matches, exclude does not."""
        files = re.compile(hook.get('files', ''))
        exclude = re.compile(hook.get('exclude', '^$'))
        return [p for p in self.staged if files.search(p) and not exclude.search(p)]

    def run_hook(self, hook, *extra):
        names = self.selected(hook)
        argv = shlex.split(hook['entry']) + list(hook.get('args', [])) + list(extra) + names
        env = {'PATH': os.path.dirname(BINARY) + os.pathsep + os.environ.get('PATH', ''),
               'HOME': os.path.join(self.r.root, 'home'), 'PRE_COMMIT': '1'}
        return names, run(argv, self.r.root, env=env)

    def test_manifest(self):
        for h in self.hooks.values():
            for key in ('id', 'name', 'entry', 'language'):
                self.assertIn(key, h, h)
            self.assertIn(h['language'], ('system', 'docker'))
            self.assertTrue(h.get('require_serial'), h['id'])
            self.assertIn('--force-exclude', h['entry'])
        self.assertEqual(set(self.hooks), {'plimsoll', 'plimsoll-dockerfile', 'plimsoll-compose',
                                           'plimsoll-docker'})
        # the docker hook runs the binary the Dockerfile installs
        with open(os.path.join(SOURCE, 'Dockerfile')) as f:
            dockerfile = f.read()
        self.assertIn(shlex.split(self.hooks['plimsoll-docker']['entry'])[0], dockerfile)

    def test_files_patterns(self):
        self.assertEqual(self.selected(self.hooks['plimsoll-dockerfile']),
                         ['Dockerfile', 'svc/Containerfile', 'svc/Dockerfile.dev', 'svc/api.dockerfile',
                          'vendor/Dockerfile'])
        self.assertEqual(self.selected(self.hooks['plimsoll-compose']),
                         ['compose.yaml', 'deploy/docker-compose.prod.yml'])
        both = self.selected(self.hooks['plimsoll'])
        self.assertEqual(both, sorted(self.selected(self.hooks['plimsoll-dockerfile']) +
                                      self.selected(self.hooks['plimsoll-compose'])))
        self.assertEqual(self.selected(self.hooks['plimsoll-docker']), both)

    def test_patterns_agree_with_discovery(self):
        # What the hooks pick is what `plimsoll` finds in the tree (excluded files aside).
        p = run([BINARY, '--show-config', '.'], self.r.root)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.r.write('.plimsoll.yaml', '')
        rc, found = findings(['--no-config', '--select', 'all', '--ignore', 'PL0010,PL0011'], self.r.root)
        discovered = sorted({f for f, _ in found if not f.startswith('unstaged/')})
        linted_by_hook = [p for p in self.selected(self.hooks['plimsoll'])]
        # every discovered file with a finding is one the hook would pass
        self.assertTrue(set(discovered) <= set(linted_by_hook), (discovered, linted_by_hook))

    def test_hooks_run(self):
        for hid, want_files in (('plimsoll', {'Dockerfile', 'svc/Dockerfile.dev', 'compose.yaml',
                                              'deploy/docker-compose.prod.yml'}),
                                ('plimsoll-dockerfile', {'Dockerfile', 'svc/Dockerfile.dev'}),
                                ('plimsoll-compose', {'compose.yaml', 'deploy/docker-compose.prod.yml'})):
            names, p = self.run_hook(self.hooks[hid], '--format', 'gnu', '--color', 'never')
            self.assertEqual(p.returncode, 1, (hid, p.stdout, p.stderr))
            self.assertEqual(p.stderr, '', hid)
            reported = {line.split(':', 1)[0] for line in p.stdout.splitlines()}
            self.assertEqual(reported, want_files, hid)
            self.assertIn('vendor/Dockerfile', names if hid != 'plimsoll-compose' else ['vendor/Dockerfile'])

    def test_hook_passes_on_clean_files(self):
        self.r.write('Dockerfile', GOOD_DOCKERFILE)
        self.r.write('svc/Dockerfile.dev', GOOD_DOCKERFILE)
        _, p = self.run_hook(self.hooks['plimsoll-dockerfile'])
        self.assertEqual((p.returncode, p.stdout, p.stderr), (0, '', ''))

    def test_hook_args_threshold(self):
        # args: [--failure-threshold, error] lets warnings through
        hook = dict(self.hooks['plimsoll-dockerfile'], args=['--failure-threshold', 'error'])
        _, p = self.run_hook(hook, '--quiet')
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


class CleanFilesTests(unittest.TestCase):
    """What this repository ships for others to copy must be clean, suppressions included."""

    def check_clean(self, *paths):
        rc, found = findings(['--no-config', '--require-reason', '--warn-unused-ignores', *paths], SOURCE)
        self.assertEqual(found, [])
        self.assertEqual(rc, 0)

    def test_dockerfile(self):
        self.check_clean('Dockerfile')

    def test_dockerfile_is_multistage_small_nonroot(self):
        with open(os.path.join(SOURCE, 'Dockerfile')) as f:
            text = f.read()
        froms = re.findall(r'^FROM\s+(\S+)', text, re.M)
        self.assertGreaterEqual(len(froms), 2)
        self.assertEqual(froms[-1], 'scratch')
        users = re.findall(r'^USER\s+(\S+)', text, re.M)
        self.assertTrue(users and not users[-1].startswith(('root', '0:', '0')), users)
        self.assertRegex(text, r'(?m)^ENTRYPOINT \["/usr/local/bin/plimsoll"\]$')

    def test_example_compose(self):
        self.check_clean('examples/compose.yaml')

    def test_the_tree_from_the_top(self):
        # `plimsoll` at the top uses the repository's .plimsoll.yaml, which excludes the test material.
        rc, found = findings([], SOURCE)
        self.assertEqual(found, [])
        self.assertEqual(rc, 0)


class ConfigCliTests(unittest.TestCase):
    def setUp(self):
        self.r = Repo()

    def tearDown(self):
        self.r.close()

    def test_init(self):
        r = self.r
        p = run([BINARY, '--init'], r.root)
        self.assertEqual(p.returncode, 0, p.stderr)
        path = os.path.join(r.root, '.plimsoll.yaml')
        with open(path) as f:
            first = f.read()
        self.assertIn('overrides', first)
        # what it wrote is a valid configuration, found for the folder
        p = run([BINARY, '--show-config'], r.root)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn('# source: .plimsoll.yaml (nearest .plimsoll.yaml, plimsoll format)', p.stdout)
        # never overwrites
        with open(path, 'a') as f:
            f.write('# mine\n')
        p = run([BINARY, '--init'], r.root)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, "plimsoll: '.plimsoll.yaml' already exists: not overwritten "
                                   "(remove it first, or edit it)\n")
        with open(path) as f:
            self.assertEqual(f.read(), first + '# mine\n')
        # nor beside the other spelling
        os.rename(path, os.path.join(r.root, '.plimsoll.yml'))
        p = run([BINARY, '--init'], r.root)
        self.assertEqual(p.returncode, 2)
        self.assertIn("'.plimsoll.yml' already exists", p.stderr)

    def test_exclude_and_force_exclude(self):
        r = self.r
        for d in ('', 'vendor/', 'a/vendor/', 'gen/x/', 'app/'):
            r.write(d + 'Dockerfile', BAD_DOCKERFILE)
        r.write('.plimsoll.yaml', 'exclude: [vendor, "gen/**"]\n')
        _, found = findings(['--select', 'DL3007'], r.root)
        self.assertEqual([f for f, _ in found], ['Dockerfile', 'app/Dockerfile'])
        # named: linted, unless force-exclude (flag or key)
        _, found = findings(['--select', 'DL3007', 'vendor/Dockerfile', 'app/Dockerfile'], r.root)
        self.assertEqual([f for f, _ in found], ['app/Dockerfile', 'vendor/Dockerfile'])
        _, found = findings(['--select', 'DL3007', '--force-exclude', 'vendor/Dockerfile',
                             'gen/x/Dockerfile', 'app/Dockerfile'], r.root)
        self.assertEqual([f for f, _ in found], ['app/Dockerfile'])
        r.write('.plimsoll.yaml', 'exclude: [vendor]\nforce-exclude: true\n')
        _, found = findings(['--select', 'DL3007', 'a/vendor/Dockerfile'], r.root)
        self.assertEqual(found, [])
        # a folder named on the command line is searched; its excluded entries are not
        _, found = findings(['--select', 'DL3007', 'a'], r.root)
        self.assertEqual(found, [])
        # --exclude adds globs relative to the current folder
        _, found = findings(['--select', 'DL3007', '--exclude', 'app'], r.root)
        self.assertEqual([f for f, _ in found], ['Dockerfile', 'gen/x/Dockerfile'])
        # stdin under force-exclude: not linted; --fix gives the text back unchanged
        p = run([BINARY, '--force-exclude', '--stdin-filename', 'vendor/Dockerfile', '--fix', '-'],
                r.root, stdin=BAD_DOCKERFILE)
        self.assertEqual((p.returncode, p.stdout), (0, BAD_DOCKERFILE))

    def test_bad_exclude(self):
        p = run([BINARY, '--exclude', 'a[b'], self.r.root)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--exclude: bad glob 'a[b'", p.stderr)
        self.r.write('.plimsoll.yaml', 'exclude: ["**x"]\n')
        p = run([BINARY], self.r.root)
        self.assertEqual(p.returncode, 2)
        self.assertIn(".plimsoll.yaml:1:11: bad glob '**x'", p.stderr)

    def test_overrides(self):
        r = self.r
        for d in ('', 'legacy/', 'legacy/old/', 'svc/'):
            r.write(d + 'Dockerfile', BAD_DOCKERFILE)
        r.write('svc/Dockerfile.dev', BAD_DOCKERFILE)
        r.write('.plimsoll.yaml',
                'select: [DL3007, DL3008]\n'
                'overrides:\n'
                '  "legacy/**":\n    ignore: [DL3007]\n'
                '  legacy/old:\n    severity: {DL3008: none}\n'
                '  Dockerfile.dev:\n    failure-threshold: error\n')
        _, found = findings([], r.root)
        self.assertEqual(found, [('Dockerfile', 'DL3007'), ('Dockerfile', 'DL3008'),
                                 ('legacy/Dockerfile', 'DL3008'),
                                 ('svc/Dockerfile', 'DL3007'), ('svc/Dockerfile', 'DL3008'),
                                 ('svc/Dockerfile.dev', 'DL3007'), ('svc/Dockerfile.dev', 'DL3008')])
        # the failure threshold is the file's own: warnings in Dockerfile.dev alone pass
        rc, _ = findings(['svc/Dockerfile.dev'], r.root)
        self.assertEqual(rc, 0)
        # matched against the path relative to the config's folder, wherever plimsoll runs
        _, found = findings(['old/Dockerfile'], os.path.join(r.root, 'legacy'))
        self.assertEqual(found, [])
        # command-line flags still win
        _, found = findings(['--select', 'DL3007', 'legacy/old/Dockerfile'], r.root)
        self.assertEqual(found, [('legacy/old/Dockerfile', 'DL3007')])
        p = run([BINARY, '--show-config', 'legacy/old/Dockerfile'], r.root)
        self.assertIn("# overrides applied: 'legacy/**', 'legacy/old'\n", p.stdout)

    def test_pragma_switches(self):
        r = self.r
        r.write('Dockerfile', 'FROM debian:12-slim\n# plimsoll ignore=DL3008,DL3020\n'
                              'RUN apt-get update && apt-get install -y --no-install-recommends curl '
                              '&& rm -rf /var/lib/apt/lists/*\n')
        _, found = findings([], r.root)
        self.assertEqual(found, [])
        _, found = findings(['--require-reason'], r.root)
        self.assertEqual(found, [('Dockerfile', 'PL0010')])
        _, found = findings(['--warn-unused-ignores'], r.root)
        self.assertEqual(found, [('Dockerfile', 'PL0011')])
        # a select list does not turn them off; the names of rules that did not run prove nothing
        _, found = findings(['--select', 'DL3008', '--warn-unused-ignores', '--require-reason'], r.root)
        self.assertEqual(found, [('Dockerfile', 'PL0010')])
        # the same from the configuration file, and --fix removes the unused name
        r.write('.plimsoll.yaml', 'warn-unused-ignores: true\nrequire-reason: true\n')
        p = run([BINARY, '--fix', '--quiet', '--format', 'gnu', 'Dockerfile'], r.root)
        with open(os.path.join(r.root, 'Dockerfile')) as f:
            self.assertIn('# plimsoll ignore=DL3008\n', f.read())
        self.assertIn('[PL0010]', p.stdout)
        self.assertNotIn('[PL0011]', p.stdout)


def main():
    global BINARY, SOURCE
    BINARY = os.path.abspath(sys.argv[1])
    SOURCE = os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0]] + sys.argv[3:], verbosity=2)


if __name__ == '__main__':
    main()
