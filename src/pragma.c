/* Inline suppressions (see pragma.h). */
#include "pragma.h"

#include <string.h>

#include <stdlib.h>

#include "plimsoll/compose.h"
#include "plimsoll/rule.h"

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
** A new pragma of kind at span of src.  Its names are read from text
** (NUL-terminated), which is a copy of src's bytes from text_off, or
** SIZE_MAX when it is not (then names point at the whole pragma).
*/
static pl_pragma *pragma_new(pl_arena *a, pl_pragma_kind kind, const pl_source *src, pl_span span,
                             const char *text, size_t text_off)
{
	pl_pragma *pg = pl_arena_alloc(a, sizeof(*pg));
	pg->kind = kind;
	pg->src = src;
	pg->span = span;
	pg->text = text;
	pg->text_off = text_off;
	pg->alone = true;
	for (size_t i = src->line_start[pl_source_line_index(src, span.off)]; i < span.off; i++)
		pg->alone = pg->alone && (src->text[i] == ' ' || src->text[i] == '\t');
	return pg;
}

/* Keep pg among the file's pragmas (an orphan is kept too, but covers nothing). */
static void pragma_keep(pl_pragmas *p, pl_arena *a, pl_pragma *pg)
{
	*PL_VEC_PUSH(a, &p->all) = pg;
}

/* Count the pragmas kept since first that cover something. */
static void count_pragmas(pl_pragmas *p, size_t first)
{
	for (size_t i = first; i < p->all.n; i++)
		p->count += !p->all.v[i]->orphan;
}

/*
** Add the name s[0, n) to l and to its pragma pg (which may be NULL).
** positioned: s points into pg->text, so the name's span is known.
*/
static void list_add(pl_arena *a, pl_name_list *l, pl_pragma *pg, const char *s, size_t n,
                     bool positioned)
{
	pl_pragma_name *nm = pl_arena_alloc(a, sizeof(*nm));
	nm->text = pl_arena_strndup(a, s, n);
	nm->pragma = pg;
	if (pg) {
		nm->span = pg->span;
		if (positioned && pg->text_off != SIZE_MAX)
			nm->span = pl_span_make(pg->text_off + (size_t)(s - pg->text),
			                        pg->text_off + (size_t)(s - pg->text) + n);
	}
	*PL_VEC_PUSH(a, l) = nm;
	if (pg && l != &pg->names)
		*PL_VEC_PUSH(a, &pg->names) = nm;
}

/*
** The rest of a pragma, after its names, gives a reason: `reason=` or
** ESLint's `--`, at its start or after a blank, followed by some text.
*/
static bool says_why(const char *p)
{
	for (const char *q = p; *q; q++) {
		if (q > p && q[-1] != ' ' && q[-1] != '\t')
			continue;
		const char *v = NULL;
		if (strncmp(q, "reason=", 7) == 0)
			v = q + 7;
		else if (q[0] == '-' && q[1] == '-' && (q[2] == ' ' || q[2] == '\t'))
			v = q + 2;
		if (v && *skip_blank(v))
			return true;
	}
	return false;
}

/* If p starts with word followed by a blank or '=' (or the end), return the position after it. */
static const char *word(const char *p, const char *w)
{
	size_t n = strlen(w);
	if (strncmp(p, w, n) != 0)
		return NULL;
	char c = p[n];
	return c == '\0' || c == ' ' || c == '\t' || c == '=' ? p + n : NULL;
}

/*
** A name hadolint could not have read in its own pragma: not a code made
** of D, L, S, C and digits, and not one of our rule names or aliases.
** hadolint drops the whole pragma then, and so do we for `# hadolint`.
*/
static bool foreign_name(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && strchr("DLSCdlsc0123456789", s[i]))
		i++;
	if (i == n)
		return false;
	char buf[128];
	if (n >= sizeof(buf))
		return true;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return !pl_rule_find(buf) && !pl_str_ieq(buf, "all");
}

/*
** Parse "ignore = A, B [# comment] [reason=…]" (p, inside pg->text) into
** l and pg.  Names end at a blank that is not followed by a comma, at
** '#', or at the end.  With strict (a hadolint pragma), a list holding a
** foreign name is dropped.
*/
static bool parse_ignore(pl_arena *a, pl_pragma *pg, const char *p, pl_name_list *l, bool strict)
{
	p = word(p, "ignore");
	if (!p)
		return false;
	p = skip_blank(p);
	if (*p != '=')
		return false;
	p = skip_blank(p + 1);
	size_t before = l->n, pbefore = pg->names.n;
	for (;;) {
		const char *s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != '#')
			p++;
		if (p > s && strict && foreign_name(s, (size_t)(p - s))) {
			l->n = before;
			pg->names.n = pbefore;
			return false;
		}
		if (p > s)
			list_add(a, l, pg, s, (size_t)(p - s), true);
		p = skip_blank(p);
		if (*p != ',')
			break;
		p = skip_blank(p + 1);
	}
	pg->has_reason = says_why(p);
	return l->n > before;
}

/* Which tool's pragma: "plimsoll" or "hadolint" (*hadolint set), then the rest. */
static const char *pragma_body(const char *text, bool *hadolint)
{
	const char *p = skip_blank(text);
	const char *q;
	*hadolint = false;
	if ((q = word(p, "plimsoll")) != NULL || (*hadolint = (q = word(p, "hadolint")) != NULL))
		return skip_blank(q);
	return NULL;
}

/* The comment is on the line right above the instruction it precedes. */
static bool directly_above(const pl_dockerfile *df, const pl_df_comment *c)
{
	if (c->next_instr >= df->ninstrs)
		return false;
	const pl_source *src = df->src;
	size_t cl = pl_source_line_index(src, c->span.off);
	size_t il = pl_source_line_index(src, df->instrs[c->next_instr]->span.off);
	/* Only comment lines may stand between (stacked pragmas). */
	for (size_t l = cl + 1; l < il; l++) {
		pl_span ls = pl_source_line(src, l);
		const char *s = src->text + ls.off, *e = s + ls.len;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		if (s == e || *s != '#')
			return false;
	}
	return true;
}

/* The comment is one of the parser directives at the top of the file. */
static bool is_directive(const pl_dockerfile *df, const pl_df_comment *c)
{
	for (size_t i = 0; i < df->ndirectives; i++)
		if (df->directives[i].span.off <= c->span.off &&
		    c->span.off < pl_span_end(df->directives[i].span))
			return true;
	return false;
}

/*
** Stands for "all" in a BuildKit skip= list: every BuildKit check that is
** not experimental.  Compared by address (never a user's string).
*/
static const char bk_all[] = "all";

/* A BuildKit `# check=` value, parsed. */
typedef struct check_opts {
	bool error;              /* error=true */
	bool experimental_all;   /* experimental=all */
	pl_name_list experimental; /* experimental=A,B */
} check_opts;

/* s[0, n) with blanks trimmed at both ends; *n updated. */
static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* The names of a comma-separated list s[0, n): each trimmed, and cut at a blank inside ("all // why"). */
static void names_add(pl_arena *a, pl_pragma *pg, const char *s, size_t n, pl_name_list *l,
                      bool is_skip)
{
	const char *e = s + n;
	while (s < e) {
		const char *t = s;
		while (t < e && *t != ',')
			t++;
		size_t wn = (size_t)(t - s);
		const char *w = trim(s, &wn);
		for (size_t k = 0; k < wn; k++)
			if (w[k] == ' ' || w[k] == '\t')
				wn = k;
		if (is_skip && wn == 3 && memcmp(w, "all", 3) == 0) {
			list_add(a, l, pg, w, wn, true);
			l->v[l->n - 1]->text = bk_all;
		} else if (wn) {
			list_add(a, l, pg, w, wn, true);
		}
		s = t < e ? t + 1 : t;
	}
}

/*
** Parse a BuildKit check value "skip=A,B;error=true;experimental=C" (as
** BuildKit's ParseLintOptions reads it): skip names go to skip, the other
** options to o (NULL: ignored).  Unknown keys and values that do not parse
** are ignored, where BuildKit would refuse the build.
*/
static void check_parse(pl_arena *a, pl_pragma *pg, const char *v, pl_name_list *skip,
                        check_opts *o)
{
	const char *p = v;
	while (*p) {
		const char *field = p;
		while (*p && *p != ';')
			p++;
		size_t flen = (size_t)(p - field);
		const char *eq = memchr(field, '=', flen);
		if (eq) {
			size_t kn = (size_t)(eq - field), vn = flen - kn - 1;
			const char *k = trim(field, &kn), *val = trim(eq + 1, &vn);
			if (kn == 4 && memcmp(k, "skip", 4) == 0) {
				names_add(a, pg, val, vn, skip, true);
			} else if (o && kn == 5 && memcmp(k, "error", 5) == 0) {
				/* Go's strconv.ParseBool */
				if (pl_strn_ieq(val, vn, "true") || (vn == 1 && (*val == '1' || *val == 't')))
					o->error = true;
				else if (pl_strn_ieq(val, vn, "false") || (vn == 1 && (*val == '0' || *val == 'f')))
					o->error = false;
			} else if (o && kn == 12 && memcmp(k, "experimental", 12) == 0) {
				if (vn == 3 && memcmp(val, "all", 3) == 0)
					o->experimental_all = true;
				else
					names_add(a, NULL, val, vn, &o->experimental, false);
			}
		}
		if (*p == ';')
			p++;
	}
}

/* The value of a `# check=…` comment above one instruction: up to the first blank, as BuildKit reads it. */
static const char *comment_value(pl_arena *a, const char *v)
{
	size_t n = 0;
	while (v[n] && v[n] != ' ' && v[n] != '\t')
		n++;
	return pl_arena_strndup(a, v, n);
}

/* Offset in src of c->text (the comment after '#' and blanks), or SIZE_MAX when it is not a copy. */
static size_t comment_text_off(const pl_source *src, const pl_df_comment *c)
{
	size_t o = c->span.off, end = pl_span_end(c->span), n = strlen(c->text);
	if (o >= src->len || src->text[o] != '#')
		return SIZE_MAX;
	for (o++; o < end && (src->text[o] == ' ' || src->text[o] == '\t'); o++)
		;
	return o + n <= src->len && memcmp(src->text + o, c->text, n) == 0 ? o : SIZE_MAX;
}

/* Offset in src of a directive's value, or SIZE_MAX. */
static size_t directive_value_off(const pl_source *src, const pl_df_directive *d)
{
	size_t n = strlen(d->value);
	const pl_span v = d->value_span;
	return v.len == n && pl_span_end(v) <= src->len && memcmp(src->text + v.off, d->value, n) == 0
	           ? v.off
	           : SIZE_MAX;
}

void pl_pragma__scan_dockerfile(pl_pragmas *p, pl_arena *arena, const pl_dockerfile *df)
{
	memset(p, 0, sizeof(*p));
	p->df = df;
	p->by_instr = pl_arena_alloc(arena, (df->ninstrs + 1) * sizeof(pl_name_list));
	p->by_stage = pl_arena_alloc(arena, (df->nstages + 1) * sizeof(pl_name_list));
	const pl_source *src = df->src;
	for (size_t i = 0; i < df->ndirectives; i++) {
		const pl_df_directive *d = &df->directives[i];
		if (strcmp(d->name, "check") == 0) {
			check_opts o = {0};
			pl_pragma *pg = pragma_new(arena, PL_PRAGMA_CHECK, src, d->span, d->value,
			                           directive_value_off(src, d));
			check_parse(arena, pg, d->value, &p->global, &o);
			p->check_error = o.error;
			pragma_keep(p, arena, pg);
		}
	}
	for (size_t i = 0; i < df->ncomments; i++) {
		const pl_df_comment *c = &df->comments[i];
		bool strict;
		const char *body = pragma_body(c->text, &strict);
		const char *q;
		if (!body) {
			/* "# check=skip=…" above a single instruction. */
			const char *t = skip_blank(c->text);
			if (pl_strn_ieq(t, 6, "check=") && !is_directive(df, c) && directly_above(df, c)) {
				/* The value is cut at a blank, so a copy: its names point at the comment. */
				pl_pragma *pg = pragma_new(arena, PL_PRAGMA_CHECK, src, c->span, c->text, SIZE_MAX);
				check_parse(arena, pg, comment_value(arena, t + 6), &p->by_instr[c->next_instr], NULL);
				pragma_keep(p, arena, pg);
			}
			continue;
		}
		pl_pragma *pg = pragma_new(arena, strict ? PL_PRAGMA_HADOLINT : PL_PRAGMA_PLIMSOLL, src,
		                           c->span, c->text, comment_text_off(src, c));
		pl_name_list *to = NULL; /* what it covers; NULL: nothing (an orphan) */
		if ((q = word(body, "global")) != NULL) {
			to = &p->global;
			body = skip_blank(q);
		} else if ((q = word(body, "stage")) != NULL) {
			size_t si = df->nstages;
			if (c->next_instr < df->ninstrs && df->instrs[c->next_instr]->stage)
				si = df->instrs[c->next_instr]->stage->index;
			if (si < df->nstages)
				to = &p->by_stage[si];
			body = skip_blank(q);
		} else if (c->next_instr < df->ninstrs && directly_above(df, c)) {
			to = &p->by_instr[c->next_instr];
		}
		pg->orphan = to == NULL;
		if (parse_ignore(arena, pg, body, to ? to : &pg->names, strict))
			pragma_keep(p, arena, pg);
	}
	count_pragmas(p, 0);
}

/* The name means d's rule or code. */
static bool name_means(const char *name, const pl_diag *d)
{
	if (name == bk_all)
		return d->rule && d->rule->buildkit && !d->rule->off_by_default;
	if (pl_str_ieq(name, d->code) || pl_str_ieq(name, "all"))
		return true;
	/* A rule's name or alias; for a pseudo-rule (SC, shellcheck), every code it reports. */
	const pl_rule *r = pl_rule_find(name);
	return r && r == d->rule;
}

bool pl_pragma__names_match(const pl_name_list *l, const pl_diag *d)
{
	bool hit = false;
	for (size_t i = 0; i < l->n; i++) {
		if (name_means(l->v[i]->text, d)) {
			l->v[i]->used = true; /* every name that covers d, so none of them looks unused */
			hit = true;
		}
	}
	return hit;
}

const pl_df_instr *pl_pragma__instr_at(const pl_dockerfile *df, size_t off)
{
	size_t lo = 0, hi = df->ninstrs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (df->instrs[mid]->span.off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	const pl_df_instr *in = df->instrs[lo - 1];
	/* Heredoc bodies follow the instruction's span: count them as part of it. */
	size_t end = pl_span_end(in->span);
	for (size_t i = 0; i < in->nheredocs; i++) {
		size_t he = pl_span_end(in->heredocs[i].end.len ? in->heredocs[i].end : in->heredocs[i].body);
		if (he > end)
			end = he;
	}
	return off < end || (off == end && in->span.len == 0) ? in : NULL;
}

static bool yaml_suppresses(const pl_pragmas *p, const pl_diag *d);

bool pl_pragma__suppresses(pl_pragmas *p, const pl_diag *d)
{
	bool hit = pl_pragma__names_match(&p->global, d);
	if (p->nyaml)
		return yaml_suppresses(p, d) || hit;
	const pl_dockerfile *df = p->df;
	if (!df || d->src != df->src)
		return hit;
	const pl_df_instr *in = pl_pragma__instr_at(df, d->span.off);
	if (!in)
		return hit;
	hit = pl_pragma__names_match(&p->by_instr[in->index], d) || hit;
	return (in->stage && pl_pragma__names_match(&p->by_stage[in->stage->index], d)) || hit;
}

bool pl_pragma__check_enables(const pl_dockerfile *df, const pl_rule *r)
{
	if (!r->buildkit || !r->off_by_default)
		return false;
	const pl_df_directive *dir = pl_df_directive_find(df, "check");
	if (!dir)
		return false;
	/* A scratch arena: a few names, once per file and rule. */
	pl_arena a;
	pl_arena_init(&a);
	pl_name_list skip = {0};
	check_opts o = {0};
	check_parse(&a, NULL, dir->value, &skip, &o);
	bool on = o.experimental_all;
	for (size_t i = 0; !on && i < o.experimental.n; i++)
		on = pl_rule_find(o.experimental.v[i]->text) == r;
	pl_arena_free(&a);
	return on;
}

/* ------------------------------------------------------------------ */
/* Compose (YAML) files.                                                */

typedef PL_VEC(pl_span) spanvec;

/* Quoted and block scalars, where a '#' is text, not a comment. */
static void text_scalars(pl_arena *a, const pl_yaml_node *n, spanvec *out)
{
	if (!n || pl_yaml_is_alias(n))
		return;
	if (n->kind == PL_YAML_SCALAR) {
		if (n->style != PL_YAML_PLAIN)
			*PL_VEC_PUSH(a, out) = n->span;
	} else if (n->kind == PL_YAML_SEQUENCE) {
		for (size_t i = 0; i < n->as.seq.n; i++)
			text_scalars(a, n->as.seq.items[i], out);
	} else {
		const pl_yaml_mapinfo *info = n->as.map.info;
		for (size_t i = 0; i < info->nwritten; i++) {
			text_scalars(a, n->as.map.pairs[i].key, out);
			text_scalars(a, n->as.map.pairs[i].value, out);
		}
		for (size_t i = 0; i < info->nmerges; i++)
			text_scalars(a, info->merges[i].value, out);
	}
}

static bool inside(const spanvec *s, size_t off)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) { /* the last span starting at or before off */
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && off < pl_span_end(s->v[lo - 1]);
}

static int cmp_span(const void *x, const void *y)
{
	const pl_span *a = x, *b = y;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* True when [t, e) is a YAML document marker line: '---', alone or before a blank. */
static bool is_doc_start(const char *t, const char *e)
{
	return e - t >= 3 && memcmp(t, "---", 3) == 0 && (e - t == 3 || t[3] == ' ' || t[3] == '\t' || t[3] == '\r');
}

/*
** dclint's rule list (p inside pg->text): names separated by blanks or
** commas, up to a '#', ' -- ' or 'reason='; none means all.
*/
static void dclint_names(pl_arena *a, pl_pragma *pg, const char *p, const char *end, pl_name_list *l)
{
	size_t before = l->n;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
			p++;
		if (p >= end || *p == '#' || (end - p >= 2 && p[0] == '-' && p[1] == '-') ||
		    ((size_t)(end - p) >= 7 && memcmp(p, "reason=", 7) == 0))
			break;
		const char *s = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != ',')
			p++;
		list_add(a, l, pg, s, (size_t)(p - s), true);
	}
	if (l->n == before)
		list_add(a, l, pg, "all", 3, false);
	pg->has_reason = says_why(p);
}

/* An ignore= pragma waiting for the key below it. */
typedef struct pending {
	size_t line;        /* 0-based line the key must start on */
	pl_name_list names;
	pl_pragma *pragma;  /* the comment, an orphan until the key is found */
} pending;

typedef PL_VEC(pending) pendvec;

/* The first pending pragma (sorted by line) for line, or pv->n. */
static size_t pending_at(const pendvec *pv, size_t line)
{
	size_t lo = 0, hi = pv->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pv->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Give each pending pragma the first key or item (in document order) starting on its line. */
static void find_targets(pl_arena *a, const pl_source *src, const pl_yaml_node *n, pendvec *pv,
                         bool *done, pl_yaml_pragmas *yp)
{
	if (!n || pl_yaml_is_alias(n) || n->kind == PL_YAML_SCALAR)
		return;
	size_t count = n->kind == PL_YAML_SEQUENCE ? n->as.seq.n : n->as.map.info->nwritten;
	for (size_t i = 0; i < count; i++) {
		const pl_yaml_node *start, *value;
		if (n->kind == PL_YAML_SEQUENCE) {
			start = value = n->as.seq.items[i];
		} else {
			start = n->as.map.pairs[i].key;
			value = n->as.map.pairs[i].value;
		}
		size_t line = pl_source_line_index(src, start->span.off);
		for (size_t k = pending_at(pv, line); k < pv->n && pv->v[k].line == line; k++) {
			if (done[k])
				continue;
			done[k] = true;
			pv->v[k].pragma->orphan = false;
			pl_pragma_range *r = PL_VEC_PUSH(a, &yp->ranges);
			r->lo = start->span.off;
			r->hi = pl_span_end(value->span) > pl_span_end(start->span) ? pl_span_end(value->span)
			                                                             : pl_span_end(start->span);
			r->names = pv->v[k].names;
		}
		find_targets(a, src, value, pv, done, yp);
	}
}

/* What a line holds, for finding the key a pragma stands above. */
static char line_class(const pl_source *src, size_t line)
{
	pl_span ls = pl_source_line(src, line);
	const char *s = src->text + ls.off, *e = s + ls.len;
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++;
	return s == e ? 'b' : *s == '#' ? 'c' : 'k'; /* blank, comment, content */
}

/*
** next[i]: the first content line at or after line i reached through
** comment lines only, or SIZE_MAX when a blank line (or the end) comes
** first.  One backward pass, so stacked pragmas cost nothing extra.
*/
static size_t *content_below(pl_arena *a, const pl_source *src)
{
	size_t *next = pl_arena_alloc(a, (src->nlines + 1) * sizeof(*next));
	next[src->nlines] = SIZE_MAX;
	for (size_t i = src->nlines; i-- > 0;) {
		char c = line_class(src, i);
		next[i] = c == 'b' ? SIZE_MAX : c == 'c' ? next[i + 1] : i;
	}
	return next;
}

static void add_line(pl_arena *a, pl_yaml_pragmas *yp, pl_pragma *pg, size_t line, const char *p,
                     const char *end)
{
	const pl_source *src = pg->src;
	if (line >= src->nlines) {
		pg->orphan = true; /* disable-next-line on the last line */
		dclint_names(a, pg, p, end, &pg->names);
		return;
	}
	pl_span ls = pl_source_line(src, line);
	pl_pragma_range *r = PL_VEC_PUSH(a, &yp->ranges);
	r->lo = ls.off;
	r->hi = pl_span_end(ls) + 1;
	dclint_names(a, pg, p, end, &r->names);
}

static int cmp_range(const void *x, const void *y)
{
	const pl_pragma_range *a = x, *b = y;
	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* Sort the ranges by start and record, for each, the furthest end of it and those before. */
static void index_ranges(pl_arena *a, pl_yaml_pragmas *yp)
{
	if (!yp->ranges.n)
		return;
	qsort(yp->ranges.v, yp->ranges.n, sizeof(*yp->ranges.v), cmp_range);
	yp->reach = pl_arena_alloc(a, yp->ranges.n * sizeof(*yp->reach));
	size_t far = 0;
	for (size_t i = 0; i < yp->ranges.n; i++) {
		if (yp->ranges.v[i].hi > far)
			far = yp->ranges.v[i].hi;
		yp->reach[i] = far;
	}
}

static void scan_yaml(pl_pragmas *p, pl_arena *a, const pl_compose_file *f)
{
	size_t first = p->all.n; /* this file's pragmas start here */
	const pl_source *src = f->src;
	pl_yaml_pragmas *yp = &p->yaml[p->nyaml++];
	memset(yp, 0, sizeof(*yp));
	yp->src = src;
	spanvec texts = {0};
	bool have_texts = false;
	pendvec pv = {0};
	size_t *below = NULL; /* content_below(), made when the first ignore= pragma needs it */
	bool content_above = false; /* a line other than blanks, comments and '---' came before */
	for (size_t line = 0; line < src->nlines; line++) {
		pl_span ls = pl_source_line(src, line);
		const char *s = src->text + ls.off, *e = s + ls.len;
		size_t n = ls.len;
		if (!content_above) {
			const char *t = skip_blank(s);
			content_above = t < e && *t != '#' && *t != '\r' && !is_doc_start(t, e);
		}
		if (!n || !memchr(s, '#', n))
			continue;
		/* A comment starts at a '#' at the line's start or after a blank, outside quoted text. */
		const char *hash = NULL;
		for (const char *q = s; q < e; q++) {
			if (*q != '#' || (q > s && q[-1] != ' ' && q[-1] != '\t'))
				continue;
			const char *body = skip_blank(q + 1);
			if (!word(body, "plimsoll") && !word(body, "hadolint") && !word(body, "dclint"))
				continue;
			if (!have_texts) {
				for (size_t d = 0; d < f->yaml.ndocs; d++)
					text_scalars(a, f->yaml.docs[d].root, &texts);
				if (texts.n)
					qsort(texts.v, texts.n, sizeof(*texts.v), cmp_span);
				have_texts = true;
			}
			if (!inside(&texts, (size_t)(q - src->text))) {
				hash = q;
				break;
			}
		}
		if (!hash)
			continue;
		/* The pragma's text, NUL-terminated, so the Dockerfile helpers apply. */
		const char *text = pl_arena_strndup(a, hash + 1, (size_t)(e - hash - 1));
		const char *tend = text + strlen(text);
		const char *body = skip_blank(text), *q;
		bool alone = skip_blank(s) == hash;
		pl_span at = pl_span_make((size_t)(hash - src->text), (size_t)(e - src->text));
		size_t text_off = (size_t)(hash + 1 - src->text);
		if ((q = word(body, "dclint")) != NULL) {
			q = skip_blank(q);
			const char *r;
			pl_pragma *pg = pragma_new(a, PL_PRAGMA_DCLINT, src, at, text, text_off);
			if ((r = word(q, "disable-file")) != NULL && !content_above) {
				list_add(a, &yp->global, pg, "all", 3, false);
				pg->has_reason = says_why(r);
			} else if ((r = word(q, "disable-next-line")) != NULL) {
				add_line(a, yp, pg, line + 1, r, tend);
			} else if ((r = word(q, "disable-line")) != NULL) {
				/* Alone on its line it is for the line below, as dclint reads it. */
				add_line(a, yp, pg, alone ? line + 1 : line, r, tend);
			} else if ((r = word(q, "disable-file")) != NULL) {
				/* Below the file's first key, dclint ignores it: here it covers what follows. */
				pl_pragma_range *rg = PL_VEC_PUSH(a, &yp->ranges);
				rg->lo = ls.off;
				rg->hi = src->len + 1;
				list_add(a, &rg->names, pg, "all", 3, false);
				pg->has_reason = says_why(r);
			} else if ((r = word(q, "disable")) != NULL && !content_above) {
				dclint_names(a, pg, r, tend, &yp->global); /* above the first key: the file */
			} else if ((r = word(q, "disable")) != NULL) {
				pl_pragma_range *rg = PL_VEC_PUSH(a, &yp->ranges);
				rg->lo = ls.off;
				rg->hi = src->len + 1;
				dclint_names(a, pg, r, tend, &rg->names);
			} else {
				continue;
			}
			pragma_keep(p, a, pg);
			continue;
		}
		bool hadolint;
		body = pragma_body(text, &hadolint);
		if (!body)
			continue;
		pl_pragma *pg = pragma_new(a, hadolint ? PL_PRAGMA_HADOLINT : PL_PRAGMA_PLIMSOLL, src, at,
		                           text, text_off);
		if ((q = word(body, "global")) != NULL) {
			if (parse_ignore(a, pg, skip_blank(q), &yp->global, hadolint))
				pragma_keep(p, a, pg);
			continue;
		}
		/* The key it covers starts on the next line that is not a comment; blank lines break it. */
		size_t target = SIZE_MAX;
		if (alone) {
			if (!below)
				below = content_below(a, src);
			target = below[line + 1];
		}
		if (target == SIZE_MAX) {
			/* At the end of a line, or with nothing right below: it covers nothing. */
			pg->orphan = true;
			if (parse_ignore(a, pg, body, &pg->names, hadolint))
				pragma_keep(p, a, pg);
			continue;
		}
		pending *pd = PL_VEC_PUSH(a, &pv);
		memset(pd, 0, sizeof(*pd));
		pd->line = target;
		pd->pragma = pg;
		pg->orphan = true; /* until find_targets finds its key */
		if (parse_ignore(a, pg, body, &pd->names, hadolint))
			pragma_keep(p, a, pg);
		else
			pv.n--;
	}
	if (pv.n) {
		/* Found in line order: pv is sorted by line already. */
		bool *done = pl_arena_alloc(a, pv.n * sizeof(*done));
		for (size_t d = 0; d < f->yaml.ndocs; d++)
			find_targets(a, src, f->yaml.docs[d].root, &pv, done, yp);
	}
	index_ranges(a, yp);
	count_pragmas(p, first);
}

void pl_pragma__scan_compose(pl_pragmas *p, pl_arena *arena, const pl_compose *c)
{
	memset(p, 0, sizeof(*p));
	if (!c)
		return;
	p->yaml = pl_arena_alloc(arena, (c->nfiles + 1) * sizeof(*p->yaml));
	for (size_t i = 0; i < c->nfiles; i++)
		if (!c->files[i]->is_env)
			scan_yaml(p, arena, c->files[i]);
}

static bool yaml_suppresses(const pl_pragmas *p, const pl_diag *d)
{
	for (size_t i = 0; i < p->nyaml; i++) {
		const pl_yaml_pragmas *yp = &p->yaml[i];
		if (yp->src != d->src)
			continue;
		bool hit = pl_pragma__names_match(&yp->global, d);
		/* Back from the last range starting at or before off, while one could still reach it. */
		size_t off = d->span.off, lo = 0, hi = yp->ranges.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (yp->ranges.v[mid].lo <= off)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k-- > 0 && yp->reach[k] > off;) {
			const pl_pragma_range *r = &yp->ranges.v[k];
			if (off < r->hi)
				hit = pl_pragma__names_match(&r->names, d) || hit;
		}
		return hit; /* d is in one file only */
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Pragmas that give no reason (PL0010) or suppress nothing (PL0011).  */

void pl_pragma__report_reasons(pl_ctx *ctx, const pl_pragmas *p)
{
	for (size_t i = 0; i < p->all.n; i++) {
		const pl_pragma *pg = p->all.v[i];
		if (pg->kind == PL_PRAGMA_CHECK || pg->has_reason || !pg->names.n)
			continue;
		pl_report_in(ctx, pg->src, pg->span, "%s",
		             pg->kind == PL_PRAGMA_DCLINT
		                 ? "suppression without a reason: add 'reason=<why>' (or '-- <why>') after the rules"
		                 : "suppression without a reason: add 'reason=<why>' after the codes");
	}
}

/* What a name that suppressed nothing says: nothing (it may be needed elsewhere), or that it is unused. */
typedef enum name_verdict {
	NAME_FINE,    /* used, or it names a rule that did not run: proves nothing */
	NAME_UNUSED,  /* names a rule that ran and reported nothing here */
	NAME_UNKNOWN, /* in plimsoll's own pragma, a name that is no rule */
} name_verdict;

/*
** The pseudo-rule that reports an external code (SC for SC2086): a rule
** whose code is the name's leading letters, followed by digits only.
*/
static const pl_rule *family_of(const char *name)
{
	char prefix[8];
	size_t k = 0;
	while (k < sizeof(prefix) - 1 && ((name[k] >= 'A' && name[k] <= 'Z') || (name[k] >= 'a' && name[k] <= 'z')))
		prefix[k] = name[k], k++;
	prefix[k] = '\0';
	if (k == 0 || !name[k] || strspn(name + k, "0123456789") != strlen(name + k))
		return NULL;
	const pl_rule *r = pl_rule_find(prefix);
	return r && pl_str_ieq(prefix, r->id) ? r : NULL;
}

static name_verdict judge(const pl_pragma_name *nm, pl_pragma_ran_fn ran, void *ud)
{
	if (nm->used)
		return NAME_FINE;
	if (nm->text == bk_all || pl_str_ieq(nm->text, "all"))
		return NAME_UNUSED; /* every rule, and none of them reported anything here */
	const pl_rule *r = pl_rule_find(nm->text);
	if (!r)
		r = family_of(nm->text);
	if (r)
		return ran(ud, r) ? NAME_UNUSED : NAME_FINE;
	/* hadolint's, dclint's and BuildKit's own names may be rules plimsoll lacks. */
	return nm->pragma->kind == PL_PRAGMA_PLIMSOLL ? NAME_UNKNOWN : NAME_FINE;
}

/* The bytes that hold pg: its whole line when it is alone there, else from the blanks before its '#'. */
static pl_span pragma_extent(const pl_pragma *pg)
{
	const pl_source *src = pg->src;
	size_t line = pl_source_line_index(src, pg->span.off);
	size_t start = src->line_start[line];
	if (pg->alone) {
		size_t end = line + 1 < src->nlines ? src->line_start[line + 1] : src->len;
		return pl_span_make(start, end);
	}
	size_t lo = pg->span.off;
	while (lo > start && (src->text[lo - 1] == ' ' || src->text[lo - 1] == '\t'))
		lo--;
	return pl_span_make(lo, pl_span_end(pg->span));
}

/*
** A fix that removes the names marked in drop[] (ndrop of them) from pg,
** or the whole comment when that is every name.  Only for names whose
** place is known; BuildKit's directive is left to the user.
*/
static void fix_unused(pl_ctx *ctx, pl_diag *d, const pl_pragma *pg, const bool *drop, size_t ndrop)
{
	if (pg->kind == PL_PRAGMA_CHECK)
		return;
	const pl_name_list *l = &pg->names;
	if (ndrop == l->n) {
		pl_fix_replace(ctx, d, PL_FIX_SAFE, "remove the unused suppression", pragma_extent(pg), NULL);
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i]->span.off == pg->span.off && l->v[i]->span.len == pg->span.len)
			return; /* a name with no place of its own */
	pl_fix *f = pl_fix_add(ctx, d, PL_FIX_SAFE, ndrop == 1 ? "remove the unused name" : "remove the unused names");
	bool kept_before = false;
	for (size_t i = 0; i < l->n; i++) {
		if (!drop[i]) {
			kept_before = true;
			continue;
		}
		/* "A, B" keeping A: drop ", B"; keeping only later names: drop "A, ". */
		pl_span s = kept_before ? pl_span_make(pl_span_end(l->v[i - 1]->span), pl_span_end(l->v[i]->span))
		                        : pl_span_make(l->v[i]->span.off, l->v[i + 1]->span.off);
		pl_fix_edit(ctx, f, s, NULL);
	}
}

enum { NAMES_SHOWN = 5 }; /* a message lists this many names, then counts the rest */

static void report_one(pl_ctx *ctx, const pl_pragma *pg, pl_pragma_ran_fn ran, void *ud)
{
	if (pg->orphan) {
		pl_report_in(ctx, pg->src, pg->span,
		             "suppression covers nothing: write it on its own line, right above the %s it is for",
		             pl_ctx_dockerfile(ctx) ? "instruction" : "key");
		return;
	}
	const pl_name_list *l = &pg->names;
	pl_arena *a = pl_ctx_arena(ctx);
	bool *drop = pl_arena_alloc(a, l->n * sizeof(*drop) + 1);
	size_t ndrop = 0, first = 0, last = 0;
	for (size_t i = 0; i < l->n; i++) {
		drop[i] = judge(l->v[i], ran, ud) != NAME_FINE;
		if (drop[i]) {
			if (!ndrop)
				first = i;
			last = i;
			ndrop++;
		}
	}
	if (!ndrop)
		return;
	/* "'A', 'B' and 3 more" */
	char *list = "";
	for (size_t i = 0, shown = 0; i < l->n && shown < NAMES_SHOWN; i++) {
		if (!drop[i])
			continue;
		shown++;
		const char *sep = shown == 1 ? "" : shown == ndrop ? " and " : ", ";
		list = pl_arena_printf(a, "%s%s'%s'", list, sep, l->v[i]->text == bk_all ? "all" : l->v[i]->text);
	}
	if (ndrop > NAMES_SHOWN)
		list = pl_arena_printf(a, "%s and %zu more", list, ndrop - NAMES_SHOWN);
	pl_span at = pl_span_join(l->v[first]->span, l->v[last]->span);
	pl_diag *d = ndrop == 1 ? pl_report_in(ctx, pg->src, at, "unused suppression of %s: nothing here is reported by it", list)
	                        : pl_report_in(ctx, pg->src, at, "unused suppression of %s: nothing here is reported by them", list);
	for (size_t i = 0; i < l->n; i++)
		if (drop[i] && judge(l->v[i], ran, ud) == NAME_UNKNOWN)
			pl_note_add(ctx, d, pg->src, l->v[i]->span, "'%s' is not a rule (see plimsoll --list-rules)",
			            l->v[i]->text);
	fix_unused(ctx, d, pg, drop, ndrop);
}

void pl_pragma__report_unused(pl_ctx *ctx, const pl_pragmas *p, pl_pragma_ran_fn ran, void *ud)
{
	for (size_t i = 0; i < p->all.n; i++)
		report_one(ctx, p->all.v[i], ran, ud);
}
