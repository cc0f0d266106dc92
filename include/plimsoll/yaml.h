/*
** The YAML front end: libyaml events turned into a node tree with exact
** byte spans, anchors and aliases resolved with a bounded expansion,
** merge keys (<<) applied, duplicate keys reported.  Loading never
** fails on bad input: every problem becomes a pl_yaml_error and the
** tree built so far stays usable.
**
**     pl_yaml y;
**     pl_yaml_init(&y);                        // defaults; limits may be set after this
**     pl_yaml_load(&y, arena, &src);           // 0, or -1 when y.nerrors > 0
**     const pl_yaml_node *root = pl_yaml_root(&y);
**     const pl_yaml_node *svc = pl_yaml_get(root, "services");
**     for (size_t i = 0; i < pl_yaml_len(svc); i++) {
**         const pl_yaml_pair *p = pl_yaml_pair_at(svc, i);   // key, value
**         ...
**     }
**
** Everything lives in the arena; nothing needs freeing.
**
** Documents.  A stream may hold several documents; all are kept, in
** order.  Docker Compose (compose-go v2, loader.go loadYamlFile) decodes
** every document that has a body and merges them in order, exactly like
** several -f files: later documents override earlier ones, and a
** document with no body (a trailing '---') is skipped.  The compose
** model follows that; pl_yaml_root() is the first document's root for
** callers that want only one.  Anchors do not cross documents.
**
** Aliases.  An alias node is a shallow copy of the anchored node: same
** kind, value, style, tag and children (shared, not copied), with its own
** span at the use site ('*name') and alias_of pointing at the anchored
** node, whose span and props->anchor_span say where it was defined.  So a walker
** never needs to resolve anything, and a billion-laughs file costs O(file)
** memory.  The cost of walking is still counted: every node has a weight
** (the number of nodes a full walk from it visits, aliases expanded), and
** each alias adds its target's weight to a running total.  When the total
** passes max_expansion the load stops with PL_YAML_ERR_EXPANSION.
**
** Merge keys.  A plain '<<' key (YAML 1.1 merge, as Docker Compose reads
** it) whose value is a mapping, an alias of one, or a sequence of those:
** its pairs are appended to the mapping after the explicit ones, except
** for keys already present.  Explicit keys win over merged ones, and an
** earlier source in the list wins over a later one.  Merged pairs keep
** the key and value nodes of their definition and say, in 'via', which
** source at the use site brought them.  The '<<' entries themselves are
** kept apart in as.map.info->merges, so a walk over the pairs sees the
** mapping as Compose does.
**
** Spans.  A node's span is its content: quotes and block indicators
** included, properties (&anchor, !tag) excluded, trailing blank lines of
** block scalars and the trailing comments of block collections excluded.
** libyaml's marks count characters; they are converted to byte offsets
** once, while loading, so every span here is in bytes.
*/
#ifndef PLIMSOLL_YAML_H
#define PLIMSOLL_YAML_H

#include "plimsoll/source.h"

/*
** Defaults for the limits in pl_yaml (0 there means these).  The tree is
** built without recursion, so depth is limited for the consumers' sake
** (walkers may recurse) and for libyaml's: 0.2.5 scans a stack with one
** entry per open flow collection on every token, so n tokens under d
** flow levels cost n*d (a 1 MB file under 999 '[' takes 4 s; under 100,
** 0.1 s more than flat).
*/
#define PL_YAML_MAX_DEPTH 1000         /* nested collections of any style */
#define PL_YAML_MAX_FLOW_DEPTH 100     /* nested flow collections ([ and {) */
#define PL_YAML_MAX_EXPANSION 1000000  /* nodes added by aliases, summed over the stream */

typedef enum pl_yaml_kind {
	PL_YAML_SCALAR,   /* as.scalar is live (also for an empty value and an undefined alias) */
	PL_YAML_SEQUENCE, /* as.seq is live */
	PL_YAML_MAPPING,  /* as.map is live */
} pl_yaml_kind;

typedef enum pl_yaml_style {
	PL_YAML_PLAIN,    /* scalar, unquoted: the only style schema resolution reads */
	PL_YAML_SINGLE,   /* scalar, 'single-quoted' */
	PL_YAML_DOUBLE,   /* scalar, "double-quoted" */
	PL_YAML_LITERAL,  /* scalar, | block */
	PL_YAML_FOLDED,   /* scalar, > block */
	PL_YAML_BLOCK,    /* collection, indented */
	PL_YAML_FLOW,     /* collection, written [a, b] or {a: b} */
} pl_yaml_style;

typedef struct pl_yaml_node pl_yaml_node;

/* One entry of a mapping. */
typedef struct pl_yaml_pair {
	pl_yaml_node *key;   /* never NULL; usually a scalar */
	pl_yaml_node *value; /* never NULL; an empty plain scalar for 'key:' */
	pl_yaml_node *via;   /* NULL for a pair written in this mapping; for a merged pair,
	                        the source in this mapping's '<<' value that brought it
	                        (the alias node '*x' at the use site, or an inline mapping) */
} pl_yaml_pair;

/* What few nodes have: an anchor, a written tag, or being an alias. */
typedef struct pl_yaml_props {
	const char *anchor;  /* anchor name without '&', or NULL */
	pl_span anchor_span; /* '&name'; len 0 when no anchor */
	pl_span tag_span;    /* '!tag' as written; len 0 when none, and for an alias (whose tag
	                        field is its target's, written at the target) */
	const char *alias;   /* for an alias node, the name without '*' (also when undefined); else NULL */
} pl_yaml_props;

/* The parts of a mapping that merge keys add. */
typedef struct pl_yaml_mapinfo {
	size_t nwritten;      /* pairs[0..nwritten) are written in the mapping; the rest are merged */
	pl_yaml_pair *merges; /* the '<<' entries, in document order (not in pairs) */
	size_t nmerges;       /* entries in merges; more than one is a duplicate key */
	const struct pl_yaml__index *index; /* scalar key -> first pair with it (private) */
} pl_yaml_mapinfo;

/*
** A node.  An alias node is a shallow copy of the anchored node (kind,
** style, tag, weight and 'as' shared), with its own span and props, and
** alias_of set.  Nodes cost about 80 bytes; the rare parts hang off props
** and as.map.info.
*/
struct pl_yaml_node {
	pl_yaml_kind kind;          /* which member of 'as' is live */
	pl_yaml_style style;        /* PLAIN..FOLDED for a scalar, BLOCK or FLOW for a collection */
	pl_span span;               /* the content; for an alias, the '*name' at the use site */
	const char *tag;            /* explicit tag, handle expanded ("tag:yaml.org,2002:str"), or NULL */
	const pl_yaml_props *props; /* NULL when the node has no anchor, no written tag, and is no alias */
	const pl_yaml_node *alias_of; /* the anchored node an alias stands for; NULL when not an
	                                 alias or when the alias is undefined (then: empty scalar) */
	size_t weight;              /* nodes a full walk from here visits, aliases expanded (saturating) */
	union {
		struct {
			const char *value;  /* libyaml's decoded value, NUL-terminated */
			size_t len;         /* bytes in value (a "\0" escape may put NULs inside) */
		} scalar;               /* PL_YAML_SCALAR */
		struct {
			pl_yaml_node **items; /* in document order */
			size_t n;           /* number of items */
		} seq;                  /* PL_YAML_SEQUENCE */
		struct {
			pl_yaml_pair *pairs;  /* written pairs in document order, then merged ones */
			size_t n;           /* number of pairs, merged ones included */
			const pl_yaml_mapinfo *info; /* never NULL */
		} map;                  /* PL_YAML_MAPPING */
	} as;
};

typedef struct pl_yaml_doc {
	pl_yaml_node *root;  /* never NULL; an empty plain scalar for a document with no body */
	pl_span span;        /* from '---' or the first node to '...' or the end of the root */
	bool explicit_start; /* began with '---' */
	bool explicit_end;   /* ended with '...' */
	bool complete;       /* false when loading stopped inside this document */
} pl_yaml_doc;

typedef enum pl_yaml_error_kind {
	PL_YAML_ERR_SYNTAX,          /* libyaml's reader, scanner or parser gave up; loading stopped */
	/* The other kinds are structure problems in a syntactically valid stream. */
	PL_YAML_ERR_DUPLICATE_KEY,   /* a key repeats in one mapping; note: the first one */
	PL_YAML_ERR_UNDEFINED_ALIAS, /* '*x' with no '&x' before it in the document */
	PL_YAML_ERR_RECURSIVE_ALIAS, /* '*x' inside the node anchored '&x' */
	PL_YAML_ERR_MERGE,           /* a '<<' value that is not a mapping or a list of mappings */
	PL_YAML_ERR_DEPTH,           /* nesting deeper than max_depth or max_flow_depth; loading stopped */
	PL_YAML_ERR_EXPANSION,       /* aliases expand past max_expansion nodes; loading stopped */
} pl_yaml_error_kind;

typedef struct pl_yaml_error {
	pl_yaml_error_kind kind; /* syntax, or which structure problem */
	pl_span span;        /* where the problem is (len 0 for a syntax error: a position) */
	const char *message; /* lowercase, no trailing period; libyaml's words for syntax errors */
	pl_span note_span;   /* where the related place is, when note != NULL */
	const char *note;    /* e.g. "first defined here"; NULL when none */
} pl_yaml_error;

typedef struct pl_yaml {
	/* Settings: pl_yaml_init() sets the defaults; change them before loading. */
	size_t max_depth;     /* deepest collection nesting accepted */
	size_t max_flow_depth;/* deepest flow collection nesting accepted */
	size_t max_expansion; /* nodes aliases may add, over the whole stream */
	/* Results of pl_yaml_load(). */
	const pl_source *src; /* the loaded source */
	pl_yaml_doc *docs;    /* every document of the stream, in order */
	size_t ndocs;         /* 0 for an empty file or a file of comments */
	pl_yaml_error *errors;/* in the order found */
	size_t nerrors;       /* 0 when the stream loaded cleanly */
	bool stopped;         /* a syntax, depth or expansion error ended the load early */
	size_t expanded;      /* nodes added by aliases (what max_expansion limits) */
} pl_yaml;

/* Set the defaults; y holds no results yet. */
void pl_yaml_init(pl_yaml *y);
/*
** Load every document of src into y, allocating in arena (the source
** must outlive it).  Returns 0 when there was no error, -1 otherwise;
** the documents built are usable either way.
*/
int pl_yaml_load(pl_yaml *y, pl_arena *arena, const pl_source *src);

/* Root of the first document, or NULL when the stream has none. */
const pl_yaml_node *pl_yaml_root(const pl_yaml *y);
/* "syntax", "duplicate-key", "undefined-alias", ... for dumps and messages. */
const char *pl_yaml_error_name(pl_yaml_error_kind k);
/* True for PL_YAML_ERR_SYNTAX: the text is not YAML at all. */
bool pl_yaml_error_is_syntax(pl_yaml_error_kind k);

/* ------------------------------------------------------------------ */
/* Walking.  Every function accepts NULL and wrong kinds, so lookups
** can be chained: pl_yaml_get(pl_yaml_get(root, "services"), "web"). */

/* Number of items of a sequence, pairs of a mapping; 0 otherwise. */
size_t pl_yaml_len(const pl_yaml_node *n);
/* Item i of a sequence, or NULL. */
const pl_yaml_node *pl_yaml_item(const pl_yaml_node *seq, size_t i);
/* Pair i of a mapping (written pairs first, then merged), or NULL. */
const pl_yaml_pair *pl_yaml_pair_at(const pl_yaml_node *map, size_t i);
/*
** The pair whose scalar key equals key (bytes, any style, merged pairs
** included), or NULL.  O(1).  With a duplicate key, the first pair.
*/
const pl_yaml_pair *pl_yaml_get_pair(const pl_yaml_node *map, const char *key);
const pl_yaml_pair *pl_yaml_get_pairn(const pl_yaml_node *map, const char *key, size_t len);
/* The value of that pair, or NULL. */
const pl_yaml_node *pl_yaml_get(const pl_yaml_node *map, const char *key);
/* The scalar's value, or NULL for a collection or NULL. */
const char *pl_yaml_str(const pl_yaml_node *n);
/* True for a scalar whose value equals s. */
bool pl_yaml_str_eq(const pl_yaml_node *n, const char *s);
/* Where a diagnostic about this pair belongs: the key, or for a merged pair the source at the use site. */
pl_span pl_yaml_pair_span(const pl_yaml_pair *p);
/* The node an alias stands for (its definition), or n itself. */
const pl_yaml_node *pl_yaml_origin(const pl_yaml_node *n);
/* True for an alias node, defined or not. */
bool pl_yaml_is_alias(const pl_yaml_node *n);
/* The alias name of an alias node, the anchor name of an anchored node, else NULL. */
const char *pl_yaml_alias_name(const pl_yaml_node *n);
const char *pl_yaml_anchor(const pl_yaml_node *n);
/* True for a collection written in flow style. */
bool pl_yaml_is_flow(const pl_yaml_node *n);

/*
** A mapping made by a consumer rather than read from text (the compose
** front end builds merged mappings with it): pairs[0..n) are copied and
** indexed by scalar key, so pl_yaml_get() works on it (of equal keys,
** the first is found).  No merges; weight summed.  span is its span.
*/
pl_yaml_node *pl_yaml_map_new(pl_arena *a, const pl_yaml_pair *pairs, size_t n, pl_span span);

/* ------------------------------------------------------------------ */
/* Scalar resolution: what type a consumer would read.                 */

typedef enum pl_yaml_schema {
	PL_YAML_CORE, /* YAML 1.2 core schema (yaml.v3, compose-go): 'yes' is a string */
	PL_YAML_11,   /* YAML 1.1 types (PyYAML, docker-compose v1): 'on' is true, 22:22 is 1342 */
} pl_yaml_schema;

typedef enum pl_yaml_type {
	PL_YAML_TYPE_NONE,  /* not a scalar */
	PL_YAML_TYPE_NULL,
	PL_YAML_TYPE_BOOL,  /* b is live */
	PL_YAML_TYPE_INT,   /* i is live (saturated when overflow) */
	PL_YAML_TYPE_FLOAT, /* f is live */
	PL_YAML_TYPE_STR,
} pl_yaml_type;

typedef struct pl_yaml_value {
	pl_yaml_type type;  /* which of the fields below is live */
	bool b;             /* PL_YAML_TYPE_BOOL */
	long long i;        /* PL_YAML_TYPE_INT */
	double f;           /* PL_YAML_TYPE_FLOAT */
	bool overflow;      /* PL_YAML_TYPE_INT: the written number does not fit i */
} pl_yaml_value;

/*
** The type of a scalar node.  Only plain scalars are resolved by their
** text; quoted and block scalars are strings.  A standard tag (!!str,
** !!int, !!bool, !!null, !!float) decides the type (a value the tag's
** type cannot read gives STR); other tags (!reset, !override, custom
** ones) are ignored and the text decides.  out may be NULL.
*/
pl_yaml_type pl_yaml_resolve(const pl_yaml_node *n, pl_yaml_schema schema, pl_yaml_value *out);
/* The type of the plain text s[0..len) under schema.  out may be NULL. */
pl_yaml_type pl_yaml_resolve_plain(const char *s, size_t len, pl_yaml_schema schema,
                                   pl_yaml_value *out);
/* "null", "bool", "int", "float", "str", "none". */
const char *pl_yaml_type_name(pl_yaml_type t);

#endif
