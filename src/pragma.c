/* Inline suppressions (see pragma.h). */
#include "pragma.h"

#include <string.h>

#include "plimsoll/rule.h"

static void list_add(pl_arena *a, pl_name_list *l, const char *s, size_t n)
{
	const char **v = pl_arena_realloc(a, (void *)l->v, l->n * sizeof(*v), (l->n + 1) * sizeof(*v));
	v[l->n++] = pl_arena_strndup(a, s, n);
	l->v = v;
}

static const char *skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
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
** Parse "ignore = A, B [# comment] [reason=…]" into l.  Names end at a
** blank that is not followed by a comma, at '#', or at the end.  With
** strict (a hadolint pragma), a list holding a foreign name is dropped.
*/
static bool parse_ignore(pl_arena *a, const char *p, pl_name_list *l, bool strict)
{
	p = word(p, "ignore");
	if (!p)
		return false;
	p = skip_blank(p);
	if (*p != '=')
		return false;
	p = skip_blank(p + 1);
	size_t before = l->n;
	for (;;) {
		const char *s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t' && *p != '#')
			p++;
		if (p > s && strict && foreign_name(s, (size_t)(p - s))) {
			l->n = before;
			return false;
		}
		if (p > s)
			list_add(a, l, s, (size_t)(p - s));
		p = skip_blank(p);
		if (*p != ',')
			break;
		p = skip_blank(p + 1);
	}
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
static void names_add(pl_arena *a, const char *s, size_t n, pl_name_list *l, bool is_skip)
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
			const char **v = pl_arena_realloc(a, (void *)l->v, l->n * sizeof(*v), (l->n + 1) * sizeof(*v));
			v[l->n++] = bk_all;
			l->v = v;
		} else if (wn) {
			list_add(a, l, w, wn);
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
static void check_parse(pl_arena *a, const char *v, pl_name_list *skip, check_opts *o)
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
				names_add(a, val, vn, skip, true);
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
					names_add(a, val, vn, &o->experimental, false);
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

void pl_pragma__scan_dockerfile(pl_pragmas *p, pl_arena *arena, const pl_dockerfile *df)
{
	memset(p, 0, sizeof(*p));
	p->df = df;
	p->by_instr = pl_arena_alloc(arena, (df->ninstrs + 1) * sizeof(pl_name_list));
	p->by_stage = pl_arena_alloc(arena, (df->nstages + 1) * sizeof(pl_name_list));
	for (size_t i = 0; i < df->ndirectives; i++) {
		const pl_df_directive *d = &df->directives[i];
		if (strcmp(d->name, "check") == 0) {
			check_opts o = {0};
			check_parse(arena, d->value, &p->global, &o);
			p->check_error = o.error;
			p->count++;
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
				check_parse(arena, comment_value(arena, t + 6), &p->by_instr[c->next_instr], NULL);
				p->count++;
			}
			continue;
		}
		if ((q = word(body, "global")) != NULL) {
			p->count += parse_ignore(arena, skip_blank(q), &p->global, strict);
		} else if ((q = word(body, "stage")) != NULL) {
			size_t si = df->nstages;
			if (c->next_instr < df->ninstrs && df->instrs[c->next_instr]->stage)
				si = df->instrs[c->next_instr]->stage->index;
			if (si < df->nstages)
				p->count += parse_ignore(arena, skip_blank(q), &p->by_stage[si], strict);
		} else if (c->next_instr < df->ninstrs && directly_above(df, c)) {
			p->count += parse_ignore(arena, body, &p->by_instr[c->next_instr], strict);
		}
	}
}

bool pl_pragma__names_match(const pl_name_list *l, const pl_diag *d)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *name = l->v[i];
		if (name == bk_all) {
			if (d->rule && d->rule->buildkit && !d->rule->off_by_default)
				return true;
			continue;
		}
		if (pl_str_ieq(name, d->code) || pl_str_ieq(name, "all"))
			return true;
		/* A rule's name or alias; for a pseudo-rule (SC, shellcheck), every code it reports. */
		const pl_rule *r = pl_rule_find(name);
		if (r && r == d->rule)
			return true;
	}
	return false;
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

bool pl_pragma__suppresses(const pl_pragmas *p, const pl_diag *d)
{
	if (pl_pragma__names_match(&p->global, d))
		return true;
	const pl_dockerfile *df = p->df;
	if (!df || d->src != df->src)
		return false;
	const pl_df_instr *in = pl_pragma__instr_at(df, d->span.off);
	if (!in)
		return false;
	if (pl_pragma__names_match(&p->by_instr[in->index], d))
		return true;
	return in->stage && pl_pragma__names_match(&p->by_stage[in->stage->index], d);
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
	check_parse(&a, dir->value, &skip, &o);
	bool on = o.experimental_all;
	for (size_t i = 0; !on && i < o.experimental.n; i++)
		on = pl_rule_find(o.experimental.v[i]) == r;
	pl_arena_free(&a);
	return on;
}
