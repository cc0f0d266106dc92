#!/usr/bin/env python3
"""Check that the renderers' golden files are well-formed documents.

usage: validate_golden.py GOLDEN_DIR

Every *.xml must parse as XML (xml.dom.minidom), every *.json as JSON,
and every line of a github.txt must be a workflow command.  The contents
themselves are checked by tests/test_output.c; this catches output that
looks right in a diff but that no consumer could read.
"""
import json
import pathlib
import re
import sys
import xml.dom.minidom

GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=[^,:]+(,[a-zA-Z]+=[^,:]*)*::.*$")


def check(path):
    text = path.read_bytes().decode("utf-8")  # UTF-8 or it fails
    if path.suffix == ".xml":
        xml.dom.minidom.parseString(text.encode("utf-8"))
    elif path.suffix == ".json":
        json.loads(text)
    elif path.name == "github.txt":
        for n, line in enumerate(text.splitlines(), 1):
            if not GITHUB_LINE.match(line):
                raise ValueError(f"line {n} is not a workflow command: {line!r}")


def main(argv):
    root = pathlib.Path(argv[1])
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if not files:
        print(f"no golden files under {root}", file=sys.stderr)
        return 1
    failed = 0
    for p in files:
        try:
            check(p)
        except Exception as e:  # any parse error is a failure
            print(f"{p}: {e}", file=sys.stderr)
            failed += 1
    print(f"{len(files) - failed}/{len(files)} golden files well-formed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
