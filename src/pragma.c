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

/* Names after "skip=" in a BuildKit check directive: "skip=A,B;error=true". */
static void check_skip(pl_arena *a, const char *v, pl_name_list *l)
{
	const char *p = v;
	while (*p) {
		p = skip_blank(p);
		const char *field = p;
		while (*p && *p != ';')
			p++;
		size_t flen = (size_t)(p - field);
		if (flen > 5 && pl_strn_ieq(field, 5, "skip=")) {
			const char *s = field + 5, *e = field + flen;
			while (s < e) {
				const char *t = s;
				while (t < e && *t != ',')
					t++;
				const char *ws = s, *we = t;
				while (ws < we && (*ws == ' ' || *ws == '\t'))
					ws++;
				while (we > ws && (we[-1] == ' ' || we[-1] == '\t'))
					we--;
				if (we > ws)
					list_add(a, l, ws, (size_t)(we - ws));
				s = t < e ? t + 1 : t;
			}
		}
		if (*p == ';')
			p++;
	}
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
			check_skip(arena, d->value, &p->global);
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
				check_skip(arena, t + 6, &p->by_instr[c->next_instr]);
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
		if (pl_str_ieq(name, d->code) || pl_str_ieq(name, "all"))
			return true;
		/* A rule's name or alias; for a pseudo-rule (SC, shellcheck), every code it reports. */
		const pl_rule *r = pl_rule_find(name);
		if (r && r == d->rule)
			return true;
	}
	return false;
}

/* The top-level instruction whose span holds off, or NULL. */
static const pl_df_instr *instr_at(const pl_dockerfile *df, size_t off)
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
	const pl_df_instr *in = instr_at(df, d->span.off);
	if (!in)
		return false;
	if (pl_pragma__names_match(&p->by_instr[in->index], d))
		return true;
	return in->stage && pl_pragma__names_match(&p->by_stage[in->stage->index], d);
}
