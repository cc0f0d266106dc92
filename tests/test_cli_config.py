#!/usr/bin/env python3
"""CLI tests for configuration discovery, per-file configs, errors and exit codes.

    test_cli_config.py PLIMSOLL

Every test builds a small tree in a temporary folder (with its own HOME,
so hadolint's home-folder lookups are under the test's control) and runs
the binary in it.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

BINARY = None

PULL_GHCR = 'FROM ghcr.io/org/app:1\n'


class Tree:
    """A temporary folder with a fake HOME; files are written relative to it."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = os.path.realpath(self._tmp.name)
        self.home = self.path('home')
        os.makedirs(self.home)

    def path(self, rel):
        return os.path.join(self.root, rel)

    def write(self, rel, text):
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
        return p

    def mkdir(self, rel):
        os.makedirs(self.path(rel), exist_ok=True)

    def run(self, *args, cwd='.', env=None, stdin=None):
        e = {k: v for k, v in os.environ.items() if k not in ('XDG_CONFIG_HOME', 'NO_COLOR')}
        e['HOME'] = self.home
        e.update(env or {})
        return subprocess.run([BINARY, *args], cwd=self.path(cwd), env=e, input=stdin,
                              capture_output=True, text=True)

    def findings(self, *args, **kw):
        """(exit status, [(path, code)], stderr) of a JSON run."""
        p = self.run('--format', 'json', '--color', 'never', *args, **kw)
        found = json.loads(p.stdout) if p.stdout.strip() else []
        return p.returncode, sorted((d['file'], d['code']) for d in found), p.stderr

    def source(self, path='.', *args, **kw):
        """The '# source:' line --show-config prints for path."""
        p = self.run('--show-config', *args, path, **kw)
        for line in p.stdout.splitlines():
            if line.startswith('# source: '):
                return line[len('# source: '):]
        raise AssertionError(f'no source line: {p.stdout!r} {p.stderr!r}')

    def close(self):
        self._tmp.cleanup()


class ConfigTests(unittest.TestCase):
    def setUp(self):
        self.t = Tree()

    def tearDown(self):
        self.t.close()

    def monorepo(self):
        """repo/ trusts docker.io; repo/sub/ trusts ghcr.io; every Dockerfile pulls from ghcr.io."""
        t = self.t
        t.mkdir('repo/.git')
        t.write('repo/.plimsoll.yaml', 'trusted-registries: [docker.io]\n')
        t.write('repo/sub/.plimsoll.yaml', 'trusted-registries: [ghcr.io]\n')
        for d in ('repo', 'repo/other', 'repo/sub', 'repo/sub/deep'):
            t.write(f'{d}/Dockerfile', PULL_GHCR)

    def test_nearest_config_per_file(self):
        self.monorepo()
        rc, found, err = self.t.findings('--select', 'DL3026', '.', cwd='repo')
        self.assertEqual(err, '')
        self.assertEqual(rc, 1)
        self.assertEqual(found, [('Dockerfile', 'DL3026'), ('other/Dockerfile', 'DL3026')])

    def test_discovery_does_not_depend_on_cwd(self):
        self.monorepo()
        rc, found, _ = self.t.findings('--select', 'DL3026', 'repo/sub/deep/Dockerfile',
                                       'repo/other/Dockerfile')
        self.assertEqual(found, [('repo/other/Dockerfile', 'DL3026')])
        # from inside sub, a file of the parent still gets the parent's config
        rc, found, _ = self.t.findings('--select', 'DL3026', '../Dockerfile', 'Dockerfile',
                                       cwd='repo/sub')
        self.assertEqual(found, [('../Dockerfile', 'DL3026')])

    def test_stdin_uses_the_folder_of_stdin_filename(self):
        self.monorepo()
        rc, found, _ = self.t.findings('--select', 'DL3026', '--stdin-filename', 'sub/Dockerfile',
                                       '-', cwd='repo', stdin=PULL_GHCR)
        self.assertEqual(found, [])
        rc, found, _ = self.t.findings('--select', 'DL3026', '-', cwd='repo', stdin=PULL_GHCR)
        self.assertEqual(found, [('-', 'DL3026')])

    def test_search_stops_at_the_repository_root(self):
        t = self.t
        t.write('.plimsoll.yaml', 'trusted-registries: [docker.io]\n')  # above the repository
        t.mkdir('repo/.git')
        t.write('repo/Dockerfile', PULL_GHCR)
        self.assertEqual(t.source('repo'), 'none (built-in defaults)')
        rc, found, _ = t.findings('--select', 'DL3026', 'repo')
        self.assertEqual(found, [])
        # outside a repository the search goes on to the filesystem root
        t.write('plain/Dockerfile', PULL_GHCR)
        self.assertEqual(t.source('plain'), '.plimsoll.yaml (nearest .plimsoll.yaml, plimsoll format)')

    def test_hadolint_lookup_order(self):
        t = self.t
        t.mkdir('work/.git')
        t.write('work/Dockerfile', PULL_GHCR)
        candidates = [
            ('work/.hadolint.yaml', {}),
            ('work/.hadolint.yml', {}),
            ('xdg/hadolint.yaml', {'XDG_CONFIG_HOME': t.path('xdg')}),
            ('home/.config/hadolint.yml', {}),
            ('home/.hadolint/hadolint.yaml', {}),
            ('home/.hadolint/config.yml', {}),
            ('home/.hadolint.yaml', {}),
        ]
        for rel, _ in candidates:
            t.write(rel, 'trustedRegistries: [ghcr.io]\n')
        xdg = {'XDG_CONFIG_HOME': t.path('xdg')}
        for rel, env in candidates:
            # every file still there: the first in hadolint's order wins
            want = rel[len('work/'):] if rel.startswith('work/') else t.path(rel)
            got = t.source('.', cwd='work', env=xdg if rel.startswith('xdg') else env)
            self.assertEqual(got, f'{want} (hadolint\'s lookup, hadolint format)', rel)
            os.remove(t.path(rel))
        self.assertEqual(t.source('.', cwd='work'), 'none (built-in defaults)')

    def test_plimsoll_config_beats_hadolint_config(self):
        t = self.t
        t.mkdir('work/.git')
        t.write('work/.hadolint.yaml', 'trustedRegistries: [docker.io]\n')
        t.write('work/app/.plimsoll.yaml', 'trusted-registries: [ghcr.io]\n')
        t.write('work/app/Dockerfile', PULL_GHCR)
        t.write('work/Dockerfile', PULL_GHCR)
        rc, found, _ = t.findings('--select', 'DL3026', '.', cwd='work')
        self.assertEqual(found, [('Dockerfile', 'DL3026')])
        self.assertEqual(t.source('app', cwd='work'),
                         'app/.plimsoll.yaml (nearest .plimsoll.yaml, plimsoll format)')
        self.assertEqual(t.source('.', cwd='work'),
                         '.hadolint.yaml (hadolint\'s lookup, hadolint format)')

    def test_config_and_no_config_flags(self):
        self.monorepo()
        t = self.t
        t.write('ci.yaml', 'trustedRegistries: ghcr.io\n')  # hadolint's keys, another name
        rc, found, _ = t.findings('--select', 'DL3026', '--config', '../ci.yaml', '.', cwd='repo')
        self.assertEqual(found, [])
        self.assertEqual(t.source('.', '--config', '../ci.yaml', cwd='repo'),
                         '../ci.yaml (--config, hadolint format)')
        rc, found, _ = t.findings('--select', 'DL3026', '--no-config', '.', cwd='repo')
        self.assertEqual(found, [])  # no trusted-registries: the rule has nothing to check
        self.assertEqual(t.source('.', '--no-config', cwd='repo'), 'none (--no-config)')

    def test_invalid_config_is_an_error_once(self):
        self.monorepo()
        t = self.t
        t.write('repo/sub/.plimsoll.yaml', 'trusted-registries: [ghcr.io]\nignroe: [DL3006]\n')
        rc, found, err = t.findings('--select', 'DL3026', '.', cwd='repo')
        self.assertEqual(rc, 2)
        self.assertEqual(err, "plimsoll: sub/.plimsoll.yaml:2:1: unknown key 'ignroe' "
                              "(did you mean 'ignore'?)\n")  # once, for two files under it
        # the files under the good configs are still linted
        self.assertEqual(found, [('Dockerfile', 'DL3026'), ('other/Dockerfile', 'DL3026')])

    def test_wrong_type_exits_2(self):
        t = self.t
        t.mkdir('w/.git')
        t.write('w/.plimsoll.yaml', 'strict-labels: maybe\n')
        t.write('w/Dockerfile', 'FROM alpine:3.19\n')
        p = t.run('.', cwd='w')
        self.assertEqual(p.returncode, 2)
        self.assertIn(".plimsoll.yaml:1:16: 'strict-labels' expects true or false", p.stderr)
        p = t.run('--config', 'missing.yaml', 'Dockerfile', cwd='w')
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, '')
        self.assertIn('missing.yaml', p.stderr)

    def test_hadolint_file_is_lenient(self):
        t = self.t
        t.mkdir('w/.git')
        t.write('w/.hadolint.yaml', 'ignored: [DL9999, SC1000]\nfuture-option: 1\nformat: json\n'
                                    'override:\n  style: [DL3006]\n')
        t.write('w/Dockerfile', 'FROM alpine\n')
        p = t.run('--format', 'gnu', 'Dockerfile', cwd='w')
        self.assertEqual(p.stderr, '')
        self.assertIn('style: ', p.stdout)
        self.assertIn('[DL3006]', p.stdout)

    def test_exit_codes_follow_each_files_threshold(self):
        t = self.t
        t.mkdir('w/.git')
        t.write('w/strict/Dockerfile', 'FROM alpine\n')  # DL3006: a warning
        t.write('w/relaxed/.plimsoll.yaml', 'failure-threshold: error\n')
        t.write('w/relaxed/Dockerfile', 'FROM alpine\n')
        t.write('w/off/.plimsoll.yaml', 'no-fail: true\n')
        t.write('w/off/Dockerfile', 'FROM alpine\n')
        self.assertEqual(t.run('relaxed', 'off', cwd='w').returncode, 0)
        self.assertEqual(t.run('relaxed', 'strict', cwd='w').returncode, 1)
        # the command line's threshold goes on top of every file's
        self.assertEqual(t.run('--failure-threshold', 'none', '.', cwd='w').returncode, 0)
        self.assertEqual(t.run('--failure-threshold', 'warning', 'off', cwd='w').returncode, 1)

    def test_disable_ignore_pragma(self):
        t = self.t
        t.mkdir('w/.git')
        t.write('w/Dockerfile', '# hadolint ignore=DL3006\nFROM alpine\n')
        rc, found, _ = t.findings('--select', 'DL3006', 'Dockerfile', cwd='w')
        self.assertEqual(found, [])
        t.write('w/.hadolint.yaml', 'disable-ignore-pragma: true\n')
        rc, found, _ = t.findings('--select', 'DL3006', 'Dockerfile', cwd='w')
        self.assertEqual(found, [('Dockerfile', 'DL3006')])

    def test_show_config_loads_back(self):
        t = self.t
        t.mkdir('w/.git')
        t.write('w/.hadolint.yaml', 'ignored: [DL3008, SC2086]\noverride:\n  error: [DL3009]\n'
                                    'trustedRegistries: ["*.corp.example", docker.io]\n'
                                    'label-schema:\n  maintainer: email\nstrict-labels: true\n')
        shown = t.run('--show-config', cwd='w')
        self.assertEqual(shown.returncode, 0, shown.stderr)
        self.assertTrue(shown.stdout.startswith("# configuration for '.'\n"
                                                "# source: .hadolint.yaml (hadolint's lookup, "
                                                "hadolint format)\n"), shown.stdout)
        body = ''.join(l + '\n' for l in shown.stdout.splitlines() if not l.startswith('#'))
        self.assertIn('  DL3009: error\n', body)
        t.write('copy/.plimsoll.yaml', body)
        again = t.run('--show-config', '--config', '.plimsoll.yaml', cwd='copy')
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(''.join(l + '\n' for l in again.stdout.splitlines()
                                 if not l.startswith('#')), body)

    def test_show_config_of_several_paths(self):
        self.monorepo()
        p = self.t.run('--show-config', '.', 'sub/deep/Dockerfile', cwd='repo')
        self.assertEqual(p.returncode, 0, p.stderr)
        docs = p.stdout.split('---\n')
        self.assertEqual(len(docs), 2)
        self.assertIn('# source: .plimsoll.yaml (nearest', docs[0])
        self.assertIn('  - docker.io\n', docs[0])
        self.assertIn('# source: sub/.plimsoll.yaml (nearest', docs[1])
        self.assertIn('  - ghcr.io\n', docs[1])

    def test_many_files_share_their_configs(self):
        t = self.t
        t.mkdir('big/.git')
        t.write('big/.plimsoll.yaml', 'trusted-registries: [docker.io]\nbad-key: 1\n')
        for i in range(40):
            for j in range(10):
                t.write(f'big/d{i}/s{j}/Dockerfile', PULL_GHCR)
        rc, found, err = t.findings('--select', 'DL3026', '.', cwd='big')
        self.assertEqual(rc, 2)
        self.assertEqual(err.count('bad-key'), 1)  # read once for 400 files
        t.write('big/.plimsoll.yaml', 'trusted-registries: [docker.io]\n')
        rc, found, err = t.findings('--select', 'DL3026', '.', cwd='big')
        self.assertEqual((rc, len(found), err), (1, 400, ''))


def main():
    global BINARY
    BINARY = os.path.abspath(sys.argv[1])
    unittest.main(argv=[sys.argv[0], '-v'] + sys.argv[2:])


if __name__ == '__main__':
    main()
