/*
** The YAML loader: pulls libyaml events and builds the node tree of
** plimsoll/yaml.h.  No recursion: open collections live on an explicit
** stack, capped at max_depth.  Each event is copied into the arena and
** deleted at once.  libyaml's character marks become byte offsets here
** and nowhere else.
*/
#include "internal.h"

#include <stdarg.h>
#include <string.h>
#include <yaml.h>

/* ------------------------------------------------------------------ */
/* Marks to bytes.                                                      */

/*
** libyaml's mark.index counts characters from the first byte it was
** given (we give it the text after the BOM): one per code point, so two
** for a CRLF.  Counting from the index rather than from line:column keeps
** every line break libyaml knows (CR alone, NEL, U+2028) exact, and a long
** line costs nothing extra.  The cursor walks the UTF-8 text to the wanted
** index; marks arrive nearly in order, so the walks add up to about one
** pass over the text.  The text before any mark is valid UTF-8, since the
** reader stops at the first invalid byte.
*/
typedef struct markconv {
	const char *text; /* the source bytes */
	size_t len;       /* their count */
	size_t base;      /* byte offset of character 0 (after the BOM) */
	size_t idx;       /* character index of the cursor */
	size_t off;       /* byte offset of the cursor */
} markconv;

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static size_t mark_offset(markconv *m, size_t idx)
{
	while (m->idx < idx && m->off < m->len) {
		m->off++;
		while (m->off < m->len && is_cont(m->text[m->off]))
			m->off++;
		m->idx++;
	}
	while (m->idx > idx && m->off > m->base) {
		m->off--;
		while (m->off > m->base && is_cont(m->text[m->off]))
			m->off--;
		m->idx--;
	}
	return m->off;
}

/* ------------------------------------------------------------------ */
/* Loader state.                                                        */

/* An open collection. */
typedef struct frame {
	pl_yaml_node *node;             /* the collection being built */
	PL_VEC(pl_yaml_node *) items;   /* sequence: its items so far */
	PL_VEC(pl_yaml_pair) pairs;     /* mapping: its written pairs so far */
	pl_yaml_node *key;              /* mapping: a key still waiting for its value */
	size_t last_end;                /* end of the last child, for block collection spans */
} frame;

/* One anchor of the current document. */
typedef struct anchor {
	const char *name;   /* NULL for a free slot */
	pl_yaml_node *node; /* the latest node anchored with this name */
	bool open;          /* node is a collection still on the stack */
} anchor;

typedef struct loader {
	pl_yaml__loader L;        /* the part mapping.c sees */
	markconv mc;              /* mark -> byte offset */
	PL_VEC(frame) stack;      /* open collections, outermost first */
	size_t flow_depth;        /* how many of them are flow collections */
	PL_VEC(pl_yaml_doc) docs; /* documents so far */
	bool in_doc;              /* docs.v[docs.n - 1] is still open */
	anchor *anchors;          /* open-addressing table, NULL until the first anchor */
	size_t anchor_cap;        /* its size, a power of two (0 when NULL) */
	size_t nanchors;          /* names in it */
} loader;

void pl_yaml__error(pl_yaml__loader *L, pl_yaml_error_kind kind, pl_span span,
                    pl_span note_span, const char *note, const char *fmt, ...)
{
	pl_yaml_error *e = PL_VEC_PUSH(L->arena, &L->errors);
	va_list ap;
	va_start(ap, fmt);
	e->message = pl_arena_vprintf(L->arena, fmt, ap);
	va_end(ap);
	e->kind = kind;
	e->span = span;
	if (note) {
		e->note = pl_arena_strdup(L->arena, note);
		e->note_span = note_span;
	}
}

const char *pl_yaml__quote(pl_yaml__loader *L, const char *s, size_t len)
{
	enum { MAX = 40 };
	size_t n = len;
	if (n > MAX) {
		n = MAX;
		while (n > 0 && is_cont(s[n]))
			n--; /* cut on a character boundary */
	}
	char *d = pl_arena_alloc(L->arena, n + 4);
	for (size_t i = 0; i < n; i++)
		d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	if (n < len)
		memcpy(d + n, "...", 4);
	else
		d[n] = '\0';
	return d;
}

/* FNV-1a. */
static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot holding name, or the free slot where it belongs. */
static anchor *anchor_slot(anchor *tab, size_t cap, const char *name)
{
	size_t h = hash_str(name) & (cap - 1);
	while (tab[h].name && strcmp(tab[h].name, name) != 0)
		h = (h + 1) & (cap - 1);
	return &tab[h];
}

static anchor *anchor_find(loader *ld, const char *name)
{
	if (!ld->anchors)
		return NULL;
	anchor *a = anchor_slot(ld->anchors, ld->anchor_cap, name);
	return a->name ? a : NULL;
}

/* Bind name to node; a later anchor of the same name replaces an earlier one. */
static void anchor_set(loader *ld, const char *name, pl_yaml_node *node, bool open)
{
	if ((ld->nanchors + 1) * 2 > ld->anchor_cap) {
		size_t cap = ld->anchor_cap ? ld->anchor_cap * 2 : 16;
		anchor *tab = pl_arena_alloc(ld->L.arena, cap * sizeof(*tab));
		for (size_t i = 0; i < ld->anchor_cap; i++)
			if (ld->anchors[i].name)
				*anchor_slot(tab, cap, ld->anchors[i].name) = ld->anchors[i];
		ld->anchors = tab;
		ld->anchor_cap = cap;
	}
	anchor *a = anchor_slot(ld->anchors, ld->anchor_cap, name);
	if (!a->name)
		ld->nanchors++;
	a->name = name;
	a->node = node;
	a->open = open;
}

/* ------------------------------------------------------------------ */
/* Spans.                                                               */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_flow_indicator(char c)
{
	return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

/* Skip blanks, line breaks and comments from p, not past end. */
static size_t skip_space(const char *t, size_t p, size_t end)
{
	while (p < end) {
		if (is_blank(t[p])) {
			p++;
		} else if (t[p] == '#') {
			while (p < end && t[p] != '\n' && t[p] != '\r')
				p++;
		} else {
			break;
		}
	}
	return p;
}

/*
** libyaml's marks for a node begin at its properties ('&anchor', '!tag',
** in either order), which blanks, comments and line breaks may separate
** from the content.  Record where each property is written and return
** where the content starts (at most end).  Only the properties the event
** has are skipped: in '&k key: v' the '&k' belongs to the key, not to
** the mapping that starts at the same mark.
*/
static size_t skip_props(loader *ld, pl_yaml_node *n, pl_yaml_props *props, size_t p, size_t end)
{
	const char *t = ld->L.src->text;
	bool want_anchor = props && props->anchor;
	bool want_tag = props && n->tag;
	while (p < end && (want_anchor || want_tag)) {
		size_t q = p;
		if (t[p] == '&' && want_anchor) {
			while (q < end && !is_blank(t[q]) && !is_flow_indicator(t[q]))
				q++;
			props->anchor_span = pl_span_make(p, q);
			want_anchor = false;
		} else if (t[p] == '!' && want_tag) {
			while (q < end && !is_blank(t[q]))
				q++;
			props->tag_span = pl_span_make(p, q);
			want_tag = false;
		} else {
			break;
		}
		p = skip_space(t, q, end);
	}
	return p;
}

/* Bytes [start, end) of an event, from its marks. */
static pl_span event_span(loader *ld, const yaml_event_t *ev)
{
	size_t start = mark_offset(&ld->mc, ev->start_mark.index);
	size_t end = mark_offset(&ld->mc, ev->end_mark.index);
	return pl_span_make(start, end);
}

/*
** libyaml ends a block scalar where the next token starts, after the
** trailing blank lines; end it at its last visible byte instead (or at
** its header when it is empty).
*/
static size_t trim_block_end(const char *t, size_t start, size_t end)
{
	while (end > start && is_blank(t[end - 1]))
		end--;
	return end;
}

/* ------------------------------------------------------------------ */
/* Building.                                                            */

/* The layout yaml.h promises: rare parts live behind props and map.info. */
_Static_assert(sizeof(void *) != 8 || sizeof(pl_yaml_node) <= 80, "pl_yaml_node grew");

/*
** A node with the anchor and tag of its event.  *props is set to the
** node's props (NULL when it has neither) for skip_props() to fill in.
*/
static pl_yaml_node *new_node(loader *ld, pl_yaml_kind kind, const yaml_char_t *anchor_name,
                              const yaml_char_t *tag, pl_yaml_props **props)
{
	pl_yaml_node *n = pl_arena_alloc(ld->L.arena, sizeof(*n));
	n->kind = kind;
	n->weight = 1;
	*props = NULL;
	if (anchor_name || tag) {
		pl_yaml_props *p = pl_arena_alloc(ld->L.arena, sizeof(*p));
		if (anchor_name)
			p->anchor = pl_arena_strdup(ld->L.arena, (const char *)anchor_name);
		if (tag)
			n->tag = pl_arena_strdup(ld->L.arena, (const char *)tag);
		n->props = *props = p;
	}
	if (kind == PL_YAML_SCALAR)
		n->as.scalar.value = "";
	return n;
}

/* An empty plain scalar at offset off: the value of 'key:', or a stand-in. */
static pl_yaml_node *empty_scalar(loader *ld, size_t off)
{
	pl_yaml_props *none;
	pl_yaml_node *n = new_node(ld, PL_YAML_SCALAR, NULL, NULL, &none);
	n->span = pl_span_make(off, off);
	return n;
}

static pl_yaml_doc *cur_doc(loader *ld)
{
	PL_ASSERT(ld->in_doc && ld->docs.n > 0); /* nodes only come inside a document */
	return &ld->docs.v[ld->docs.n - 1];
}

/* Hand a finished node to the open collection, or make it the document root. */
static void attach(loader *ld, pl_yaml_node *n)
{
	if (ld->stack.n == 0) {
		cur_doc(ld)->root = n;
		return;
	}
	frame *f = &ld->stack.v[ld->stack.n - 1];
	if (pl_span_end(n->span) > f->last_end)
		f->last_end = pl_span_end(n->span);
	if (f->node->kind == PL_YAML_SEQUENCE) {
		*PL_VEC_PUSH(ld->L.arena, &f->items) = n;
	} else if (!f->key) {
		f->key = n;
	} else {
		pl_yaml_pair *p = PL_VEC_PUSH(ld->L.arena, &f->pairs);
		p->key = f->key;
		p->value = n;
		f->key = NULL;
	}
}

static pl_yaml_style scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return PL_YAML_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return PL_YAML_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE:
		return PL_YAML_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return PL_YAML_FOLDED;
	default:
		return PL_YAML_PLAIN;
	}
}

/* scalar event -> scalar node */
static int on_scalar(loader *ld, const yaml_event_t *ev)
{
	pl_yaml_props *props;
	pl_yaml_node *n = new_node(ld, PL_YAML_SCALAR, ev->data.scalar.anchor, ev->data.scalar.tag,
	                           &props);
	pl_span s = event_span(ld, ev);
	size_t start = skip_props(ld, n, props, s.off, pl_span_end(s));
	size_t end = pl_span_end(s);
	n->style = scalar_style(ev->data.scalar.style);
	if (n->style == PL_YAML_LITERAL || n->style == PL_YAML_FOLDED)
		end = trim_block_end(ld->L.src->text, start, end);
	n->span = pl_span_make(start, end);
	n->as.scalar.value = pl_arena_strndup(ld->L.arena, (const char *)ev->data.scalar.value,
	                                      ev->data.scalar.length);
	n->as.scalar.len = ev->data.scalar.length;
	if (props && props->anchor)
		anchor_set(ld, props->anchor, n, false);
	attach(ld, n);
	return 0;
}

/* alias event -> a shallow copy of the anchored node, counted against the budget */
static int on_alias(loader *ld, const yaml_event_t *ev)
{
	pl_yaml *y = ld->L.y;
	pl_yaml_props *props = pl_arena_alloc(ld->L.arena, sizeof(*props));
	props->alias = pl_arena_strdup(ld->L.arena, (const char *)ev->data.alias.anchor);
	const char *name = pl_yaml__quote(&ld->L, props->alias, strlen(props->alias));
	pl_span span = event_span(ld, ev);
	props->anchor_span = props->tag_span = pl_span_make(span.off, span.off);
	anchor *a = anchor_find(ld, props->alias);
	pl_yaml_node *n = empty_scalar(ld, span.off);
	if (!a) {
		pl_yaml__error(&ld->L, PL_YAML_ERR_UNDEFINED_ALIAS, span, span, NULL,
		               "undefined alias '%s'", name);
	} else if (a->open) {
		pl_yaml__error(&ld->L, PL_YAML_ERR_RECURSIVE_ALIAS, span, a->node->props->anchor_span,
		               "anchored here", "alias '%s' refers to a node that contains it", name);
	} else {
		const pl_yaml_node *t = a->node;
		*n = *t;
		n->alias_of = t;
		y->expanded = pl_yaml__add(y->expanded, t->weight);
		if (y->expanded > y->max_expansion) {
			pl_yaml__error(&ld->L, PL_YAML_ERR_EXPANSION, span, t->props->anchor_span,
			               "anchored here", "aliases expand to more than %zu nodes",
			               y->max_expansion);
			return -1;
		}
	}
	n->span = span;
	n->props = props;
	attach(ld, n);
	return 0;
}

/* sequence-start / mapping-start event -> a new open collection */
static int on_start(loader *ld, const yaml_event_t *ev, pl_yaml_kind kind)
{
	bool seq = kind == PL_YAML_SEQUENCE;
	const yaml_char_t *anchor_name = seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
	const yaml_char_t *tag = seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
	bool flow = seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
	                : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
	pl_span s = event_span(ld, ev);
	pl_span at = pl_span_make(s.off, s.off);
	if (ld->stack.n >= ld->L.y->max_depth) {
		pl_yaml__error(&ld->L, PL_YAML_ERR_DEPTH, at, at, NULL,
		               "nesting deeper than %zu levels", ld->L.y->max_depth);
		return -1;
	}
	if (flow && ld->flow_depth >= ld->L.y->max_flow_depth) {
		pl_yaml__error(&ld->L, PL_YAML_ERR_DEPTH, at, at, NULL,
		               "flow nesting deeper than %zu levels", ld->L.y->max_flow_depth);
		return -1;
	}
	ld->flow_depth += flow;
	pl_yaml_props *props;
	pl_yaml_node *n = new_node(ld, kind, anchor_name, tag, &props);
	n->style = flow ? PL_YAML_FLOW : PL_YAML_BLOCK;
	/*
	** The start event ends after '[' or '{' of a flow collection; a
	** block one ends at its first key or after its first '-'.  Either
	** way the content starts after the properties, at most there.
	*/
	size_t bound = pl_span_end(s);
	if (flow && bound > s.off)
		bound--;
	n->span = pl_span_make(skip_props(ld, n, props, s.off, bound), 0);
	frame *f = PL_VEC_PUSH(ld->L.arena, &ld->stack);
	memset(f, 0, sizeof(*f)); /* the slot may hold a popped frame: its vectors are its node's now */
	f->node = n;
	f->last_end = n->span.off;
	if (props && props->anchor)
		anchor_set(ld, props->anchor, n, true);
	return 0;
}

/*
** Finish the innermost open collection.  end is the byte after a flow
** collection's closing bracket, or SIZE_MAX to end the collection with
** its last child (block collections, and collections cut short).
*/
static void close_frame(loader *ld, size_t end)
{
	PL_ASSERT(ld->stack.n > 0); /* libyaml pairs every end event with a start */
	frame f = ld->stack.v[--ld->stack.n];
	pl_yaml_node *n = f.node;
	ld->flow_depth -= n->style == PL_YAML_FLOW;
	if (end == SIZE_MAX || end < n->span.off)
		end = f.last_end;
	n->span = pl_span_make(n->span.off, end);
	if (n->kind == PL_YAML_SEQUENCE) {
		n->as.seq.items = f.items.v;
		n->as.seq.n = f.items.n;
		for (size_t i = 0; i < f.items.n; i++)
			n->weight = pl_yaml__add(n->weight, f.items.v[i]->weight);
	} else {
		if (f.key) { /* cut short between a key and its value */
			pl_yaml_pair *p = PL_VEC_PUSH(ld->L.arena, &f.pairs);
			p->key = f.key;
			p->value = empty_scalar(ld, pl_span_end(f.key->span));
		}
		n->as.map.pairs = f.pairs.v;
		n->as.map.n = f.pairs.n;
		pl_yaml__map_finish(&ld->L, n);
	}
	if (n->props && n->props->anchor) {
		anchor *a = anchor_find(ld, n->props->anchor);
		if (a && a->node == n)
			a->open = false;
	}
	attach(ld, n);
}

static void doc_start(loader *ld, const yaml_event_t *ev)
{
	pl_yaml_doc *d = PL_VEC_PUSH(ld->L.arena, &ld->docs);
	d->explicit_start = !ev->data.document_start.implicit;
	d->span = event_span(ld, ev);
	ld->in_doc = true;
	ld->anchors = NULL; /* anchors do not cross documents */
	ld->anchor_cap = 0;
	ld->nanchors = 0;
}

/* Close the open document; ev is NULL when loading stopped inside it. */
static void doc_end(loader *ld, const yaml_event_t *ev)
{
	pl_yaml_doc *d = cur_doc(ld);
	if (!d->root)
		d->root = empty_scalar(ld, pl_span_end(d->span));
	size_t start = d->explicit_start ? d->span.off : d->root->span.off;
	size_t end = pl_span_end(d->root->span);
	if (ev) {
		d->explicit_end = !ev->data.document_end.implicit;
		if (d->explicit_end)
			end = pl_span_end(event_span(ld, ev));
		d->complete = true;
	}
	if (end < start)
		end = start;
	d->span = pl_span_make(start, end);
	ld->in_doc = false;
}

/* Returns -1 to stop loading. */
static int on_event(loader *ld, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		doc_start(ld, ev);
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		doc_end(ld, ev);
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ld, ev, PL_YAML_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_start(ld, ev, PL_YAML_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (ALWAYS(ld->stack.n > 0)) { /* libyaml pairs every end event with a start */
			bool flow = ld->stack.v[ld->stack.n - 1].node->style == PL_YAML_FLOW;
			close_frame(ld, flow ? pl_span_end(event_span(ld, ev)) : SIZE_MAX);
		}
		return 0;
	default: /* stream start and end: nothing to build */
		return 0;
	}
}

/*
** "while parsing a block mapping" -> "the block mapping starts here":
** libyaml's context names the construct its context_mark points at.
** NULL when the context names no construct ("while scanning for the
** next token").
*/
static const char *context_note(pl_arena *a, const char *context)
{
	static const char *const leads[] = {"while parsing a ", "while parsing an ",
	                                    "while scanning a ", "while scanning an "};
	for (size_t i = 0; i < PL_ARRAY_LEN(leads); i++)
		if (pl_str_starts(context, leads[i]))
			return pl_arena_printf(a, "the %s starts here", context + strlen(leads[i]));
	return NULL;
}

/* libyaml gave up: one PL_YAML_ERR_SYNTAX with its own words. */
static void syntax_error(loader *ld, const yaml_parser_t *p)
{
	pl_yaml__loader *L = &ld->L;
	const pl_source *src = L->src;
	const char *problem = p->problem ? p->problem : "invalid YAML";
	pl_span none = {0, 0};
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		pl_die_oom(0);
	case YAML_READER_ERROR: {
		size_t off = src->bom + p->problem_offset;
		if (off > src->len)
			off = src->len;
		if (strstr(problem, "trailing") && off > 0) {
			/* libyaml points at the bad trailing byte; start at the sequence's lead byte */
			off--;
			while (off > 0 && is_cont(src->text[off]))
				off--;
		}
		pl_span at = pl_span_make(off, off);
		const unsigned char *t = (const unsigned char *)src->text;
		if (off == 0 && src->len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF)))
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, none, NULL,
			               "the file is UTF-16; only UTF-8 is supported");
		else if (p->problem_value < 0)
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, none, NULL, "%s", problem);
		else if (strstr(problem, "octet") || strstr(problem, "length"))
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, none, NULL, "%s (byte 0x%02X)",
			               problem, (unsigned)p->problem_value);
		else
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, none, NULL, "%s (U+%04X)",
			               problem, (unsigned)p->problem_value);
		return;
	}
	default: {
		size_t off = mark_offset(&ld->mc, p->problem_mark.index);
		pl_span at = pl_span_make(off, off);
		if (p->context) {
			/* The context mark is found again from the cursor: one walk back at most. */
			size_t coff = mark_offset(&ld->mc, p->context_mark.index);
			const char *note = coff != off ? context_note(L->arena, p->context) : NULL;
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, pl_span_make(coff, coff), note,
			               "%s %s", problem, p->context);
		} else {
			pl_yaml__error(L, PL_YAML_ERR_SYNTAX, at, none, NULL, "%s", problem);
		}
		return;
	}
	}
}

void pl_yaml_init(pl_yaml *y)
{
	memset(y, 0, sizeof(*y));
	y->max_depth = PL_YAML_MAX_DEPTH;
	y->max_flow_depth = PL_YAML_MAX_FLOW_DEPTH;
	y->max_expansion = PL_YAML_MAX_EXPANSION;
}

int pl_yaml_load(pl_yaml *y, pl_arena *arena, const pl_source *src)
{
	size_t max_depth = y->max_depth ? y->max_depth : PL_YAML_MAX_DEPTH;
	size_t max_flow_depth = y->max_flow_depth ? y->max_flow_depth : PL_YAML_MAX_FLOW_DEPTH;
	size_t max_expansion = y->max_expansion ? y->max_expansion : PL_YAML_MAX_EXPANSION;
	pl_yaml_init(y);
	y->max_depth = max_depth;
	y->max_flow_depth = max_flow_depth;
	y->max_expansion = max_expansion;
	y->src = src;

	loader ld;
	memset(&ld, 0, sizeof(ld));
	ld.L.y = y;
	ld.L.arena = arena;
	ld.L.src = src;
	ld.mc.text = src->text;
	ld.mc.len = src->len;
	ld.mc.base = ld.mc.off = src->bom;

	/*
	** The BOM is skipped here, and the encoding fixed to UTF-8: libyaml
	** would otherwise decode a UTF-16 file, whose byte offsets our spans
	** cannot express.
	*/
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		pl_die_oom(sizeof(parser));
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->text + src->bom,
	                             src->len - src->bom);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&ld, &parser);
			y->stopped = true;
			break;
		}
		int rc = on_event(&ld, &ev);
		bool end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (rc < 0) {
			y->stopped = true;
			break;
		}
		if (end)
			break;
	}
	yaml_parser_delete(&parser);

	/* Cut short: close what is open, so the partial tree is well formed. */
	while (ld.stack.n > 0)
		close_frame(&ld, SIZE_MAX);
	if (ld.in_doc)
		doc_end(&ld, NULL);

	y->docs = ld.docs.v;
	y->ndocs = ld.docs.n;
	y->errors = ld.L.errors.v;
	y->nerrors = ld.L.errors.n;
	return y->nerrors ? -1 : 0;
}

const pl_yaml_node *pl_yaml_root(const pl_yaml *y)
{
	return y->ndocs ? y->docs[0].root : NULL;
}

const char *pl_yaml_error_name(pl_yaml_error_kind k)
{
	switch (k) {
	case PL_YAML_ERR_SYNTAX:
		return "syntax";
	case PL_YAML_ERR_DUPLICATE_KEY:
		return "duplicate-key";
	case PL_YAML_ERR_UNDEFINED_ALIAS:
		return "undefined-alias";
	case PL_YAML_ERR_RECURSIVE_ALIAS:
		return "recursive-alias";
	case PL_YAML_ERR_MERGE:
		return "merge";
	case PL_YAML_ERR_DEPTH:
		return "depth";
	case PL_YAML_ERR_EXPANSION:
		return "expansion";
	}
	return "unknown";
}

bool pl_yaml_error_is_syntax(pl_yaml_error_kind k)
{
	return k == PL_YAML_ERR_SYNTAX;
}
