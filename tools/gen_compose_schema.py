#!/usr/bin/env python3
"""Generate src/compose/schema_gen.c from the Compose Specification's JSON schema.

    tools/gen_compose_schema.py [SCHEMA] [OUTPUT]       write the tables
    tools/gen_compose_schema.py --check [SCHEMA] [OUTPUT]
                                                        exit 1 when OUTPUT is not what
                                                        SCHEMA gives (77 when SCHEMA is absent)

SCHEMA defaults to ../shared/schemas/compose-spec.json beside the
repository, OUTPUT to src/compose/schema_gen.c.

Every subschema becomes one row of pl_cs_nodes (identical rows are
shared); $ref is followed.  Row 0 is the empty schema (anything goes).
The JSON keywords kept are type, properties, patternProperties,
additionalProperties (false or absent), required, items, oneOf, enum,
pattern, minimum, maximum, uniqueItems and deprecated; the script fails
on any other keyword that constrains values, so a newer schema cannot be
half read.

Compose applies a few rules the JSON schema does not state.  They are
kept here, beside the schema they annotate, as OVERLAYS:
  cast    compose-go's interpolateTypeCastMapping: a string at this path
          is converted (int, float, bool) before validation
  format  a check of the value: Go duration, restart policy, and the
          short syntax of ports, volumes and expose (PL0004)
  enum    values Compose accepts where the schema says only "string" (none yet:
          deploy.restart_policy.condition looked like one, but Compose maps
          unknown conditions through to the container's restart policy)
An overlay that crosses a $ref gets a private copy of the referenced
schema, so it never leaks to other users of the definition.
"""
import copy
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SCHEMA = os.path.join(ROOT, '..', 'shared', 'schemas', 'compose-spec.json')
DEFAULT_OUTPUT = os.path.join(ROOT, 'src', 'compose', 'schema_gen.c')

# Keywords read into the tables, and keywords that only document.
KEPT = {'type', 'properties', 'patternProperties', 'additionalProperties', 'required', 'items',
        'oneOf', 'enum', 'pattern', 'minimum', 'maximum', 'uniqueItems', 'deprecated', '$ref'}
IGNORED = {'$schema', '$id', 'title', 'description', 'default', 'definitions', 'examples'}

TYPE_BITS = {'null': 'PL_CS_NULL', 'boolean': 'PL_CS_BOOL', 'integer': 'PL_CS_INT',
             'number': 'PL_CS_NUM', 'string': 'PL_CS_STR', 'array': 'PL_CS_ARR',
             'object': 'PL_CS_OBJ'}

S = ('services', '*')
DURATION = 'PL_CS_FMT_DURATION'
# (path, kind, value).  '*' is any key of a mapping, '[]' any item of a list.
OVERLAYS = [
    # compose-go loader/interpolate.go (v2): the casts applied to strings.
    (S + ('cpu_count',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('cpu_percent',), 'cast', 'PL_CS_CAST_FLOAT'),
    (S + ('cpu_period',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('cpu_quota',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('cpu_rt_period',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('cpu_rt_runtime',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('cpus',), 'cast', 'PL_CS_CAST_FLOAT'),
    (S + ('cpu_shares',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('init',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('oom_kill_disable',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('oom_score_adj',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('pids_limit',), 'cast', 'PL_CS_CAST_INT'),
    (S + ('privileged',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('read_only',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('ulimits', '*'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('ulimits', '*', 'hard'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('ulimits', '*', 'soft'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('volumes', '[]', 'read_only'), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('volumes', '[]', 'volume', 'nocopy'), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('depends_on', '*', 'required'), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('depends_on', '*', 'restart'), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('healthcheck', 'retries'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('healthcheck', 'disable'), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('ports', '[]', 'target'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('stdin_open',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('tty',), 'cast', 'PL_CS_CAST_BOOL'),
    (S + ('deploy', 'replicas'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('deploy', 'update_config', 'parallelism'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('deploy', 'update_config', 'max_failure_ratio'), 'cast', 'PL_CS_CAST_FLOAT'),
    (S + ('deploy', 'rollback_config', 'parallelism'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('deploy', 'rollback_config', 'max_failure_ratio'), 'cast', 'PL_CS_CAST_FLOAT'),
    (S + ('deploy', 'restart_policy', 'max_attempts'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('deploy', 'placement', 'max_replicas_per_node'), 'cast', 'PL_CS_CAST_INT'),
    (S + ('scale',), 'cast', 'PL_CS_CAST_INT'),
    (('networks', '*', 'external'), 'cast', 'PL_CS_CAST_BOOL'),
    (('networks', '*', 'internal'), 'cast', 'PL_CS_CAST_BOOL'),
    (('networks', '*', 'attachable'), 'cast', 'PL_CS_CAST_BOOL'),
    (('networks', '*', 'enable_ipv4'), 'cast', 'PL_CS_CAST_BOOL'),
    (('networks', '*', 'enable_ipv6'), 'cast', 'PL_CS_CAST_BOOL'),
    (('volumes', '*', 'external'), 'cast', 'PL_CS_CAST_BOOL'),
    (('secrets', '*', 'external'), 'cast', 'PL_CS_CAST_BOOL'),
    (('configs', '*', 'external'), 'cast', 'PL_CS_CAST_BOOL'),
    # compose-go decodes these into types.Duration with time.ParseDuration.
    (S + ('healthcheck', 'interval'), 'format', DURATION),
    (S + ('healthcheck', 'timeout'), 'format', DURATION),
    (S + ('healthcheck', 'start_period'), 'format', DURATION),
    (S + ('healthcheck', 'start_interval'), 'format', DURATION),
    (S + ('stop_grace_period',), 'format', DURATION),
    (S + ('deploy', 'update_config', 'delay'), 'format', DURATION),
    (S + ('deploy', 'update_config', 'monitor'), 'format', DURATION),
    (S + ('deploy', 'rollback_config', 'delay'), 'format', DURATION),
    (S + ('deploy', 'rollback_config', 'monitor'), 'format', DURATION),
    (S + ('deploy', 'restart_policy', 'delay'), 'format', DURATION),
    (S + ('deploy', 'restart_policy', 'window'), 'format', DURATION),
    # The Docker Engine refuses other restart policies when it creates the container.
    (S + ('restart',), 'format', 'PL_CS_FMT_RESTART'),
    # Short syntax (PL0004): nat.ParsePortSpec, format.ParseVolume.
    (S + ('ports', '[]'), 'format', 'PL_CS_FMT_PORT'),
    (S + ('ports', '[]', 'target'), 'format', 'PL_CS_FMT_PORT_NUMBER'),
    (S + ('ports', '[]', 'published'), 'format', 'PL_CS_FMT_PORT_RANGE'),
    (S + ('ports', '[]', 'protocol'), 'format', 'PL_CS_FMT_PROTOCOL'),
    (S + ('expose', '[]'), 'format', 'PL_CS_FMT_EXPOSE'),
    (S + ('volumes', '[]'), 'format', 'PL_CS_FMT_VOLUME'),
]


def fail(msg):
    sys.stderr.write('gen_compose_schema: %s\n' % msg)
    sys.exit(2)


class Schema:
    def __init__(self, doc):
        self.doc = doc

    def deref(self, s):
        seen = 0
        while isinstance(s, dict) and '$ref' in s:
            ref = s['$ref']
            if not ref.startswith('#/'):
                fail('external $ref %r' % ref)
            t = self.doc
            for part in ref[2:].split('/'):
                t = t[part]
            s = t
            seen += 1
            if seen > 50:
                fail('$ref loop at %r' % ref)
        return s

    def child(self, s, step, path):
        """The subschema for one path step, made private to the path (refs copied)."""
        if 'oneOf' in s:
            # Follow the alternative that can hold the step.
            for i, alt in enumerate(s['oneOf']):
                real = self.private(s['oneOf'], i)
                if self.can_step(real, step):
                    return self.child(real, step, path)
            fail('no alternative of %s takes %r' % ('.'.join(path), step))
        if step == '[]':
            if 'items' not in s:
                fail('%s has no items' % '.'.join(path))
            return self.private(s, 'items')
        if step == '*':
            pats = s.get('patternProperties', {})
            names = [k for k in pats if k != '^x-']
            if len(names) != 1:
                fail('%s: no single pattern for *' % '.'.join(path))
            return self.private(pats, names[0])
        props = s.get('properties', {})
        if step not in props:
            fail('%s has no property %r' % ('.'.join(path), step))
        return self.private(props, step)

    def can_step(self, s, step):
        if 'oneOf' in s:
            return any(self.can_step(self.deref(a), step) for a in s['oneOf'])
        if step == '[]':
            return 'items' in s
        if step == '*':
            return bool([k for k in s.get('patternProperties', {}) if k != '^x-'])
        return step in s.get('properties', {})

    def private(self, container, key):
        """container[key], with a $ref replaced by a private copy of its target."""
        s = container[key]
        if isinstance(s, dict) and '$ref' in s:
            s = copy.deepcopy(self.deref(s))
            container[key] = s
        return s

    def annotate(self, path, kind, value):
        s = self.doc
        for i, step in enumerate(path):
            s = self.child(s, step, path[:i])
        if kind == 'enum':
            s['enum'] = value
        else:
            s['x-' + kind] = value


class Tables:
    def __init__(self, schema):
        self.schema = schema
        self.rows = []        # C initialisers
        self.memo = {}        # canonical JSON -> row
        self.by_id = {}       # id(subschema dict) -> row
        self.props = []       # (name, row)
        self.pats = []        # (pattern index, row)
        self.lists = []       # uint16 entries
        self.strs = []        # strings for enums and required names
        self.str_index = {}
        self.patterns = []
        self.pattern_index = {}
        self.rows.append(None)  # row 0: anything

    def string(self, s):
        if s not in self.str_index:
            self.str_index[s] = len(self.strs)
            self.strs.append(s)
        return self.str_index[s]

    def pattern(self, p):
        if p not in self.pattern_index:
            self.pattern_index[p] = len(self.patterns)
            self.patterns.append(p)
        return self.pattern_index[p]

    def row(self, s):
        s = self.schema.deref(s)
        if not isinstance(s, dict):
            fail('schema is not an object: %r' % (s,))
        if id(s) in self.by_id:
            return self.by_id[id(s)]
        key = json.dumps(canonical(s), sort_keys=True)
        if key in self.memo:
            self.by_id[id(s)] = self.memo[key]
            return self.memo[key]
        for k in s:
            if k not in KEPT and k not in IGNORED and not k.startswith('x-'):
                fail('unsupported keyword %r' % k)
        if not [k for k in s if k in KEPT]:
            self.by_id[id(s)] = 0
            self.memo[key] = 0
            return 0
        index = len(self.rows)
        self.rows.append('')  # reserve: children may refer back
        self.by_id[id(s)] = index
        self.memo[key] = index
        self.rows[index] = self.build(s)
        return index

    def build(self, s):
        f = {}
        types = s.get('type')
        if types is not None:
            if isinstance(types, str):
                types = [types]
            f['types'] = ' | '.join(TYPE_BITS[t] for t in types)
        if 'x-cast' in s:
            f['cast'] = s['x-cast']
        if 'x-format' in s:
            f['format'] = s['x-format']
        flags = []
        if s.get('uniqueItems'):
            flags.append('PL_CS_F_UNIQUE')
        if s.get('deprecated'):
            flags.append('PL_CS_F_DEPRECATED')
        ap = s.get('additionalProperties', True)
        if ap is False:
            flags.append('PL_CS_F_CLOSED')
        elif ap is not True:
            fail('additionalProperties with a schema is not supported')
        for k in ('minimum', 'maximum'):
            if k in s:
                if not isinstance(s[k], int):
                    fail('non-integer %s' % k)
                f['min' if k == 'minimum' else 'max'] = str(s[k])
                flags.append('PL_CS_F_MIN' if k == 'minimum' else 'PL_CS_F_MAX')
        if flags:
            f['flags'] = ' | '.join(flags)
        if 'pattern' in s:
            f['pattern'] = str(self.pattern(s['pattern']))
        else:
            f['pattern'] = '-1'
        if 'items' in s:
            if not isinstance(s['items'], dict):
                fail('tuple items are not supported')
            f['items'] = str(self.row(s['items']))
        if 'properties' in s:
            names = sorted(s['properties'])
            rows = [(n, self.row(s['properties'][n])) for n in names]
            f['props'] = str(len(self.props))
            f['nprops'] = str(len(rows))
            self.props.extend(rows)
        if 'patternProperties' in s:
            pats = [(self.pattern(p), self.row(v)) for p, v in s['patternProperties'].items()]
            f['pats'] = str(len(self.pats))
            f['npats'] = str(len(pats))
            self.pats.extend(pats)
        if 'required' in s:
            f['req'] = str(len(self.lists))
            f['nreq'] = str(len(s['required']))
            self.lists.extend(self.string(n) for n in s['required'])
        if 'enum' in s:
            for v in s['enum']:
                if not isinstance(v, str):
                    fail('non-string enum value %r' % (v,))
            f['enums'] = str(len(self.lists))
            f['nenums'] = str(len(s['enum']))
            self.lists.extend(self.string(v) for v in s['enum'])
        if 'oneOf' in s:
            alts = [self.row(a) for a in s['oneOf']]
            f['oneof'] = str(len(self.lists))
            f['noneof'] = str(len(alts))
            self.lists.extend(alts)
        return '{' + ', '.join('.%s = %s' % kv for kv in f.items()) + '}'


def canonical(s):
    """s without the keywords that only document, for sharing identical rows."""
    if isinstance(s, dict):
        return {k: canonical(v) for k, v in s.items() if k not in IGNORED}
    if isinstance(s, list):
        return [canonical(v) for v in s]
    return s


def c_string(s):
    out = '"'
    for ch in s:
        if ch in '"\\':
            out += '\\' + ch
        elif 32 <= ord(ch) < 127:
            out += ch
        else:
            fail('non-ASCII text in the schema tables: %r' % s)
    return out + '"'


def generate(schema_path):
    with open(schema_path, 'rb') as f:
        raw = f.read()
    doc = json.loads(raw)
    schema = Schema(doc)
    for path, kind, value in OVERLAYS:
        schema.annotate(path, kind, value)
    t = Tables(schema)
    root = t.row(doc)
    if len(t.rows) > 65535:
        fail('too many rows')
    out = []
    w = out.append
    w('/*\n** Generated by tools/gen_compose_schema.py from compose-spec.json: do not edit.\n')
    w('** Regenerate with: python3 tools/gen_compose_schema.py\n*/\n')
    w('#include "schema.h"\n\n')
    w('const char pl_cs_schema_sha256[] = "%s";\n\n' % hashlib.sha256(raw).hexdigest())
    w('const uint16_t pl_cs_root = %d;\n\n' % root)
    w('const pl_cs_node pl_cs_nodes[] = {\n\t{.pattern = -1}, /* 0: anything */\n')
    for i, r in enumerate(t.rows[1:], start=1):
        w('\t%s, /* %d */\n' % (r, i))
    w('};\n\nconst size_t pl_cs_nnodes = %d;\n\n' % len(t.rows))
    w('const pl_cs_prop pl_cs_props[] = {\n')
    for name, row in t.props:
        w('\t{%s, %d},\n' % (c_string(name), row))
    w('};\n\nconst pl_cs_pat pl_cs_pats[] = {\n')
    for pat, row in t.pats:
        w('\t{%d, %d},\n' % (pat, row))
    w('};\n\nconst uint16_t pl_cs_lists[] = {\n')
    for i in range(0, len(t.lists), 12):
        w('\t' + ', '.join(str(x) for x in t.lists[i:i + 12]) + ',\n')
    w('};\n\nconst char *const pl_cs_strs[] = {\n')
    for s in t.strs:
        w('\t%s,\n' % c_string(s))
    w('};\n\nconst char *const pl_cs_patterns[] = {\n')
    for p in t.patterns:
        w('\t%s,\n' % c_string(p))
    w('};\n\nconst size_t pl_cs_npatterns = %d;\n' % len(t.patterns))
    return ''.join(out)


def main(argv):
    check = False
    args = argv[1:]
    if args and args[0] == '--check':
        check = True
        args = args[1:]
    schema_path = args[0] if args else DEFAULT_SCHEMA
    output = args[1] if len(args) > 1 else DEFAULT_OUTPUT
    if not os.path.exists(schema_path):
        sys.stderr.write('gen_compose_schema: %s not found: skipped\n' % schema_path)
        return 77 if check else 2
    text = generate(schema_path)
    if check:
        try:
            with open(output) as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            sys.stderr.write('%s is not what %s gives: run tools/gen_compose_schema.py\n'
                             % (output, schema_path))
            return 1
        print('%s is current' % output)
        return 0
    with open(output, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
