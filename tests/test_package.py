#!/usr/bin/env python3
"""cmake --install and cpack -G DEB put everything where it belongs.

    test_package.py BUILD_DIR

Installs the build into a temporary prefix and checks the file list
(binary, man page, bash/zsh/fish completions, docs) and that the installed
binary runs; then makes the .deb with cpack and checks its file list and
its dependencies (worked out by dpkg-shlibdeps).  Exits 77 (skipped) when
cpack, dpkg-deb or dpkg-shlibdeps is missing.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

INSTALLED = [
    'bin/plimsoll',
    'share/man/man1/plimsoll.1',
    'share/bash-completion/completions/plimsoll',
    'share/zsh/site-functions/_plimsoll',
    'share/fish/vendor_completions.d/plimsoll.fish',
    'share/doc/plimsoll/README.md',
    'share/doc/plimsoll/rules.md',
]


def run(*args, **kw):
    p = subprocess.run(args, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f'FAIL {" ".join(args)}: exit {p.returncode}\n{p.stdout}{p.stderr}')
    return p.stdout


def dynamic(path):
    """The ELF file asks for a program interpreter (ld.so): it is linked dynamically."""
    import struct
    with open(path, 'rb') as f:
        h = f.read(64)
        phoff, = struct.unpack_from('<Q', h, 32)
        phentsize, phnum = struct.unpack_from('<HH', h, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
    return any(struct.unpack_from('<I', ph, i * phentsize)[0] == 3 for i in range(phnum))  # PT_INTERP


def files_under(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


def main():
    build = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, 'prefix')
        run('cmake', '--install', build, '--prefix', prefix)
        have = files_under(prefix)
        for f in INSTALLED:
            if f not in have:
                failures.append(f'cmake --install: no {f} (installed: {have})')
        extra = sorted(set(have) - set(INSTALLED))
        if extra:
            failures.append(f'cmake --install: unexpected files {extra}')
        version = run(os.path.join(prefix, 'bin', 'plimsoll'), '--version')
        if not version.startswith('plimsoll '):
            failures.append(f'installed plimsoll --version: {version!r}')

        missing = [t for t in ('cpack', 'dpkg-deb', 'dpkg-shlibdeps') if not shutil.which(t)]
        if missing:
            print(f'skipped the .deb: needs {", ".join(missing)} (apt-get install dpkg-dev)')
            if failures:
                print('\n'.join(failures))
                return 1
            return 77
        out = os.path.join(tmp, 'deb')
        run('cpack', '-G', 'DEB', '--config', os.path.join(build, 'CPackConfig.cmake'), '-B', out)
        debs = glob.glob(os.path.join(out, '*.deb'))
        if len(debs) != 1:
            failures.append(f'cpack -G DEB made {debs}')
        else:
            listing = run('dpkg-deb', '-c', debs[0])
            print(listing)
            paths = {line.split()[-1].lstrip('.') for line in listing.splitlines() if line.strip()}
            vendor = '/usr/share/zsh/vendor-completions/_plimsoll' if os.path.exists('/etc/debian_version') \
                else '/usr/share/zsh/site-functions/_plimsoll'
            for f in ('/usr/bin/plimsoll', '/usr/share/man/man1/plimsoll.1',
                      '/usr/share/bash-completion/completions/plimsoll', vendor,
                      '/usr/share/fish/vendor_completions.d/plimsoll.fish', '/usr/share/doc/plimsoll/README.md'):
                if f not in paths:
                    failures.append(f'.deb: no {f}')
            depends = run('dpkg-deb', '-f', debs[0], 'Depends')
            # A static binary (PL_STATIC) needs no library; a dynamic one names those it links.
            static = not dynamic(os.path.join(prefix, 'bin', 'plimsoll'))
            for lib in ('libyaml', 'libpcre2-8'):
                if (lib in depends) == static:
                    failures.append(f'.deb: Depends {"names" if static else "has no"} {lib} '
                                    f'for a {"static" if static else "dynamic"} binary: {depends!r}')
            name = os.path.basename(debs[0])
            if not name.startswith('plimsoll_'):
                failures.append(f'.deb named {name}')
    if failures:
        print('\n'.join(failures))
        return 1
    print('install and .deb: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
