#!/usr/bin/env python3
"""Pathological inputs through the real binary: each must end with a
diagnostic or a clear error and the right exit code, in bounded time and
memory, growing linearly with the input.

    tests/pathological.py build/plimsoll build/tests/pl_rusage [NAME...]

Each case builds its input in a temporary folder, runs the binary under
a wall-clock timeout, reads its CPU time and peak RSS from wait4
(through pl_rusage, tests/rusage.c, so Python's own memory is not
counted), and
checks the exit code and what it printed.  The bounds are generous (the
binary may carry ASan and the machine may be busy): they catch a hang
or a quadratic blow-up, not a slow build (at most 30 s of CPU time a
run, from wait4: CPU time, not wall time, as the machine may be loaded).
Cases marked 'scaling' also
run at a quarter of the size: the CPU time may grow 4x for 4x the input,
8x is allowed for noise, a quadratic cost would show about 16x.
Unit tests cover the same shapes at the parser level; this is the CLI.
"""
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import time

BIN = None
RUSAGE = None
TIMEOUT = 120          # seconds of wall time for one run, whatever the load (a hang guard)
CPU_MAX = 30           # seconds of CPU time for one run (user + system, from wait4): the bound
MiB = 1 << 20


def run(argv, cwd, stdin=None, as_nobody=False, timeout=TIMEOUT):
    """Run BIN argv; return (exit code, stdout, stderr, cpu seconds, peak RSS bytes, wall seconds)."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    fd, stats = tempfile.mkstemp(prefix='plimsoll-rusage-')
    os.close(fd)
    t0 = time.monotonic()
    p = subprocess.Popen([RUSAGE, stats, *(['--nobody'] if as_nobody else []), BIN, *argv], cwd=cwd,
                         stdin=stdin if stdin is not None else subprocess.DEVNULL, stdout=out, stderr=err,
                         start_new_session=True)
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.wait()
        os.unlink(stats)
        raise AssertionError(f'{argv}: still running after {timeout} s (a hang?)')
    wall = time.monotonic() - t0
    with open(stats) as f:
        cpu, rss, rc = f.read().split()
    os.unlink(stats)
    out.seek(0)
    err.seek(0)
    return (int(rc), out.read().decode('utf-8', 'replace'), err.read().decode('utf-8', 'replace'),
            float(cpu), int(rss) * 1024, wall)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


class Skip(Exception):
    """The case cannot run here (as root, the unreadable-file cases need to run as nobody)."""


class Case:
    """One input: make(dir, scale) writes it and returns the argv; check() judges the run."""

    def __init__(self, name, make, codes=(0, 1), expect_out=None, expect_err=None, scaling=False,
                 mem_per_byte=200, mem_base=512 * MiB, as_nobody=False, stdin=None, cpu_max=CPU_MAX):
        self.name, self.make, self.codes = name, make, codes
        self.expect_out, self.expect_err = expect_out, expect_err
        self.scaling, self.mem_per_byte, self.mem_base = scaling, mem_per_byte, mem_base
        self.as_nobody, self.stdin, self.cpu_max = as_nobody, stdin, cpu_max

    def once(self, scale):
        d = tempfile.mkdtemp(prefix='plimsoll-path-')
        try:
            argv = self.make(d, scale)
            size = sum(os.lstat(os.path.join(d, f)).st_size for f in os.listdir(d)
                       if stat.S_ISREG(os.lstat(os.path.join(d, f)).st_mode))
            size = min(size, 64 * MiB)  # sparse files: what is read, not what is claimed
            stdin = open(self.stdin, 'rb') if self.stdin else None
            try:
                rc, out, err, cpu, rss, wall = run(argv, d, stdin=stdin, as_nobody=self.as_nobody)
            finally:
                if stdin:
                    stdin.close()
        finally:
            for root, dirs, _ in os.walk(d):
                for x in dirs:
                    try:
                        os.chmod(os.path.join(root, x), 0o755)
                    except OSError:
                        pass
            shutil.rmtree(d, ignore_errors=True)
        if self.as_nobody and rc in (126, 127):
            raise Skip('cannot run the binary as nobody (its folder is private to root?)')
        assert rc in self.codes, f'exit {rc}, expected {self.codes}\nstdout: {out[:500]}\nstderr: {err[:500]}'
        assert rc < 128 and 'AddressSanitizer' not in err and 'runtime error' not in err, err[:2000]
        if self.expect_out:
            assert self.expect_out in out, f'{self.expect_out!r} not in stdout:\n{out[:1000]}'
        if self.expect_err:
            assert self.expect_err in err, f'{self.expect_err!r} not in stderr:\n{err[:1000]}'
        assert cpu <= self.cpu_max, f'{cpu:.1f} s of CPU time (bound {self.cpu_max} s)'
        bound = self.mem_base + self.mem_per_byte * size
        assert rss <= bound, f'peak RSS {rss / MiB:.0f} MiB for {size} bytes (bound {bound / MiB:.0f} MiB)'
        return cpu, rss, wall, size

    def check(self):
        cpu, rss, wall, size = self.once(4)
        note = f'{size / MiB:6.2f} MiB in, cpu {cpu:6.2f} s, wall {wall:6.2f} s, peak RSS {rss / MiB:6.1f} MiB'
        if self.scaling:
            small = self.once(1)[0]
            ratio = cpu / max(small, 0.02)
            note += f', x4 input -> x{ratio:.1f} cpu'
            assert cpu < 0.5 or ratio < 8, f'cpu {small:.2f} s -> {cpu:.2f} s for 4x the input: not linear'
        return note


# ---- the inputs (scale 4 is the size the brief names; scale 1 a quarter) ----

def df(text):
    def make(d, scale):
        write(os.path.join(d, 'Dockerfile'), text(scale))
        return ['--no-config', '--select', 'all', '--shellcheck', 'off', 'Dockerfile']
    return make


def compose(text):
    def make(d, scale):
        write(os.path.join(d, 'compose.yaml'), text(scale))
        return ['--no-config', '--select', 'all', 'compose.yaml']
    return make


def alias_bomb(scale):
    lines = ['services:', '  a:', '    image: x', '    x-bomb:', '      l0: &l0 [a, a, a, a, a, a, a, a, a, a]']
    for i in range(1, 9 + scale):
        refs = ', '.join([f'*l{i - 1}'] * 10)
        lines.append(f'      l{i}: &l{i} [{refs}]')
    return '\n'.join(lines) + '\n'


def merge_bomb(scale):
    lines = ['x-base: &b0 {a: 1, b: 2}']
    for i in range(1, 10 * scale):
        lines.append(f'x-m{i}: &b{i}\n  <<: [*b{i - 1}, *b{i - 1}]\n  k{i}: v')
    lines.append(f'services:\n  a:\n    image: x\n    <<: *b{10 * scale - 1}')
    return '\n'.join(lines) + '\n'


def sparse(d, scale):
    with open(os.path.join(d, 'Dockerfile'), 'wb') as f:
        f.truncate(1 << 30)
    return ['--no-config', 'Dockerfile']


def over_limit(d, scale):
    write(os.path.join(d, 'Dockerfile'), 'FROM alpine:3\n' + '# padding\n' * 300)
    return ['--no-config', '--max-file-size', '1k', 'Dockerfile']


def fifo(d, scale):
    os.mkfifo(os.path.join(d, 'Dockerfile'))
    return ['--no-config', 'Dockerfile']


def fifo_found(d, scale):
    os.mkfifo(os.path.join(d, 'Dockerfile'))
    write(os.path.join(d, 'Dockerfile.ok'), 'FROM alpine:3\n')
    return ['--no-config', '.']


def symlink_loop(d, scale):
    os.makedirs(os.path.join(d, 'a', 'b'))
    os.symlink('..', os.path.join(d, 'a', 'b', 'up'))
    os.symlink(os.path.join(d, 'a'), os.path.join(d, 'a', 'b', 'abs'))
    os.symlink('loop2', os.path.join(d, 'a', 'loop1'))
    os.symlink('loop1', os.path.join(d, 'a', 'loop2'))
    write(os.path.join(d, 'a', 'b', 'Dockerfile'), 'FROM alpine:3\n')
    return ['--no-config', 'a']


def symlink_loop_named(d, scale):
    os.symlink('Dockerfile', os.path.join(d, 'Dockerfile'))
    return ['--no-config', 'Dockerfile']


def deep_dirs(d, scale):
    p = d
    for i in range(100):
        p = os.path.join(p, 'd')
    os.makedirs(p)
    write(os.path.join(p, 'Dockerfile'), 'FROM alpine:3\n')
    return ['--no-config', '.']


def unreadable(d, scale):
    write(os.path.join(d, 'Dockerfile'), 'FROM alpine:3\n')
    os.chmod(os.path.join(d, 'Dockerfile'), 0)
    os.chmod(d, 0o755)
    return ['--no-config', 'Dockerfile']


def unreadable_dir(d, scale):
    os.makedirs(os.path.join(d, 'locked'))
    write(os.path.join(d, 'locked', 'Dockerfile'), 'FROM alpine:3\n')
    os.chmod(os.path.join(d, 'locked'), 0)
    os.chmod(d, 0o755)
    return ['--no-config', '.']


def proc_mem(d, scale):
    return ['--no-config', '/proc/self/mem']


def dev_zero(d, scale):
    return ['--no-config', '/dev/zero']


def from_stdin(d, scale):
    return ['--no-config', '-']


def many_files(d, scale):
    for i in range(500 * scale):
        write(os.path.join(d, f'{i:05d}.Dockerfile'), f'FROM alpine:3\nRUN echo {i}\n')
    return ['--no-config', '--shellcheck', 'off', '-f', 'json', '.']


CASES = [
    Case('continuations-100k', df(lambda s: 'FROM alpine:3\nRUN echo a \\\n' + '  && echo b \\\n' * (25000 * s) + '  && echo c\n'),
         scaling=True),
    Case('single-line-10MB', df(lambda s: 'FROM alpine:3\nRUN echo ' + 'a' * (2500000 * s) + '\n'), scaling=True),
    Case('single-line-words', df(lambda s: 'FROM alpine:3\nRUN apt-get install' + ' pkg' * (100000 * s) + '\n'),
         scaling=True),
    Case('instructions-100k', df(lambda s: 'FROM alpine:3\n' + 'RUN echo x\n' * (25000 * s)), scaling=True),
    Case('env-undefined-100k', df(lambda s: 'FROM alpine:3\n' + ''.join(f'ENV V{i}=$V{i - 1}x\n' for i in range(25000 * s))),
         scaling=True),
    Case('env-chain-100k', df(lambda s: 'FROM alpine:3\nENV V0=a\n' + ''.join(f'ENV V{i}=${{V{i - 1}}}x\n'
                                                                             for i in range(1, 25000 * s))),
         scaling=True),
    Case('stages-10k', df(lambda s: ''.join(f'FROM alpine:3 AS s{i}\nCOPY --from=s{i // 2} /a /b\nRUN echo\n'
                                            for i in range(2500 * s))), scaling=True),
    Case('stage-chain-10k', df(lambda s: 'FROM alpine:3 AS s0\n' + ''.join(f'FROM s{i} AS s{i + 1}\nRUN echo\n'
                                                                        for i in range(2500 * s))), scaling=True),
    Case('heredoc-unterminated', df(lambda s: 'FROM alpine:3\nRUN <<EOF\n' + 'echo line\n' * (25000 * s)),
         scaling=True),
    Case('heredocs-many-unterminated', df(lambda s: 'FROM alpine:3\nRUN ' + ' '.join(f'<<E{i}' for i in range(2500 * s)) + '\n'
                                          + 'x\n' * 1000), scaling=True),
    Case('shell-nesting-100k', df(lambda s: 'FROM alpine:3\nRUN ' + '$(' * (25000 * s) + 'x' + ')' * (25000 * s) + '\n'),
         scaling=True),
    Case('subshell-nesting-100k', df(lambda s: 'FROM alpine:3\nRUN ' + '(' * (25000 * s) + 'x' + ')' * (25000 * s) + '\n'),
         scaling=True),
    Case('exec-form-nesting-100k', df(lambda s: 'FROM alpine:3\nCMD ' + '[' * (25000 * s) + '\n'), scaling=True),
    Case('quotes-unterminated', df(lambda s: 'FROM alpine:3\nRUN echo "' + 'a \\\n' * (25000 * s)), scaling=True),
    Case('yaml-alias-bomb', compose(alias_bomb), expect_out='PL0002'),
    Case('yaml-merge-bomb', compose(merge_bomb)),
    Case('yaml-flow-nesting-100k', compose(lambda s: 'services: ' + '[' * (25000 * s) + '\n'), scaling=True),
    Case('yaml-block-nesting-2k', compose(lambda s: 'services:\n' + ''.join(' ' * i + 'a:\n' for i in range(1, 500 * s))),
         scaling=True),
    Case('yaml-services-100k', compose(lambda s: 'services:\n' + ''.join(f'  s{i}:\n    image: alpine:3\n'
                                                                       f'    depends_on: [s{i // 2}]\n'
                                                                       for i in range(5000 * s))), scaling=True),
    Case('yaml-long-scalar-10MB', compose(lambda s: 'services:\n  a:\n    image: "' + 'a' * (2500000 * s) + '"\n'),
         scaling=True),
    Case('sparse-1GB', sparse, codes=(2,), expect_err='file too large (1 GiB, more than the limit of 10 MiB)'),
    Case('over-max-file-size', over_limit, codes=(2,), expect_err='--max-file-size'),
    Case('dev-zero', dev_zero, codes=(2,), expect_err='not a regular file'),
    Case('stdin-dev-zero', from_stdin, codes=(2,), expect_err='file too large', stdin='/dev/zero'),
    Case('fifo', fifo, codes=(2,), expect_err='not a regular file'),
    Case('fifo-in-folder', fifo_found, codes=(2,), expect_err='not a regular file'),
    Case('symlink-loops', symlink_loop),
    Case('symlink-to-itself', symlink_loop_named, codes=(2,), expect_err='Too many levels of symbolic links'),
    Case('deep-folders', deep_dirs),
    Case('unreadable-file', unreadable, codes=(2,), expect_err='Permission denied', as_nobody=os.geteuid() == 0),
    Case('unreadable-folder', unreadable_dir, codes=(2,), expect_err='Permission denied', as_nobody=os.geteuid() == 0),
    Case('read-error', proc_mem, codes=(2,), expect_err='/proc/self/mem: '),
    Case('invalid-utf8', df(lambda s: b'FROM alpine:3\nRUN echo \xff\xfe\xc3\x28 ' + b'\x80' * (1000 * s) + b'\n'),
         expect_out='PL0001'),
    Case('nul-bytes', df(lambda s: b'FROM alpine:3\0\nRUN echo \0' + b'\0' * (1000 * s) + b'\n'), expect_out='PL0001'),
    Case('nul-bytes-compose', compose(lambda s: b'services:\n  a:\0\n    image: x\0' + b'\0' * 100 + b'\n'),
         expect_out='PL0002'),
    Case('binary-garbage', df(lambda s: bytes((i * 7919 + 13) % 256 for i in range(250000 * s))), scaling=True),
    Case('many-files', many_files, scaling=True),
]


def main():
    global BIN
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    global RUSAGE
    BIN = os.path.abspath(sys.argv[1])
    RUSAGE = os.path.abspath(sys.argv[2])
    names = set(sys.argv[3:])
    failed = skipped = 0
    for c in CASES:
        if names and c.name not in names:
            continue
        try:
            note = c.check()
            print(f'ok   {c.name:28} {note}', flush=True)
        except Skip as e:
            print(f'skip {c.name:28} {e}', flush=True)
            skipped += 1
        except AssertionError as e:
            failed += 1
            print(f'FAIL {c.name:28} {e}', flush=True)
    ran = len([c for c in CASES if not names or c.name in names])
    print(f'{ran - failed - skipped} passed, {skipped} skipped, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
