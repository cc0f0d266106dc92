#!/usr/bin/env python3
"""Validate SARIF files against the official SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA FILE...

Exits 0 when every FILE validates, 1 when one does not, and 77 (ctest's
SKIP_RETURN_CODE) when the schema file or the jsonschema module is
missing: `apt-get install -y python3-jsonschema` on a fresh machine.
"""
import json
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_path, files = argv[1], argv[2:]
    try:
        import jsonschema
    except ImportError:
        print("skipped: the python3 jsonschema module is not installed", file=sys.stderr)
        return 77
    try:
        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
    except FileNotFoundError:
        print(f"skipped: no schema at {schema_path}", file=sys.stderr)
        return 77

    # The schema declares draft-07; check formats too where the checkers
    # for them are installed (uri-reference needs rfc3987).
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            print(f"{path}: {where}: {e.message}", file=sys.stderr)
        if errors:
            failed += 1
        else:
            print(f"{path}: valid SARIF 2.1.0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
