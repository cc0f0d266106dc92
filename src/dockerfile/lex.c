/*
** The Dockerfile lexer: it cuts the file into instruction lines the way
** BuildKit's parser.Parse does.  It reads parser directives at the top,
** records comment lines, joins continuation lines (escape character at
** the end of a line, optionally followed by blanks), skips comment and
** empty lines inside a continuation, and reads heredoc bodies.  Every
** logical text keeps a pl_textmap back to the physical bytes.
*/
#include "df.h"

#include <stdio.h>
#include <string.h>

/* ---- growable text with its map ------------------------------------ */

/* Make room for n more bytes (and a NUL) in t->buf. */
static void buf_reserve(pl_arena *a, pl_df__text *t, size_t n)
{
	size_t need = t->buf.n + n + 1;
	if (need <= t->buf.cap)
		return;
	size_t cap = t->buf.cap ? 2 * t->buf.cap : 64;
	if (cap < need)
		cap = need; /* one big piece (a 10 MB line) is reserved exactly */
	t->buf.v = pl_arena_realloc(a, t->buf.v, t->buf.cap, cap);
	t->buf.cap = cap;
}

void pl_df__text_add(pl_arena *a, pl_df__text *t, const char *text, size_t phys, size_t n)
{
	if (n == 0)
		return;
	pl_textmap_seg *last = t->segs.n ? &t->segs.v[t->segs.n - 1] : NULL;
	if (last && last->phys + last->len == phys) {
		last->len += n; /* the bytes follow the previous piece in the file too */
	} else {
		pl_textmap_seg *s = PL_VEC_PUSH(a, &t->segs);
		s->lo = t->buf.n;
		s->phys = phys;
		s->len = n;
	}
	buf_reserve(a, t, n);
	memcpy(t->buf.v + t->buf.n, text + phys, n);
	t->buf.n += n;
}

/* The map of segs[0, n): the identity when one segment starting at 0 covers it. */
static pl_textmap make_map(const pl_textmap_seg *segs, size_t n, size_t base)
{
	pl_textmap m = {NULL, 0, base};
	if (n == 1 && segs[0].lo == 0) {
		m.base = segs[0].phys;
	} else if (n > 0) {
		m.segs = segs;
		m.nsegs = n;
	}
	return m;
}

pl_textmap pl_df__text_map(pl_arena *a, pl_df__text *t, size_t base)
{
	buf_reserve(a, t, 0);
	t->buf.v[t->buf.n] = '\0';
	return make_map(t->segs.v, t->segs.n, base);
}

pl_textmap pl_df__map_sub(pl_arena *a, const pl_textmap *m, size_t lo, size_t hi)
{
	pl_textmap id = {NULL, 0, pl_textmap_phys(m, lo)};
	if (!m->segs || m->nsegs == 0 || hi <= lo)
		return id;
	const pl_textmap_seg *s = &m->segs[pl_textmap_seg_index(m, lo)];
	if (lo >= s->lo && hi <= s->lo + s->len)
		return id; /* inside one segment: no copy needed */
	pl_textmap_seg run = {0, lo, hi - lo};
	return pl_textmap_compose(a, &run, 1, m, lo);
}

pl_textmap pl_df__map_compose(pl_arena *a, const pl_textmap_seg *segs, size_t n,
                              const pl_textmap *m)
{
	return pl_textmap_compose(a, segs, n, m, n ? segs[0].phys : 0);
}

/* ---- physical lines ------------------------------------------------- */

/* The line at 'at': content ends at *end (line terminator and trailing CRs excluded); *next starts the next line. */
static void phys_line(const pl_df__parser *p, size_t at, size_t *end, size_t *next)
{
	const char *nl = memchr(p->text + at, '\n', p->len - at);
	size_t e = nl ? (size_t)(nl - p->text) : p->len;
	*next = nl ? e + 1 : p->len;
	while (e > at && p->text[e - 1] == '\r')
		e--; /* BuildKit trims "\r\n" from the right */
	*end = e;
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && pl_df__is_space(s[i]))
		i++;
	return i;
}

/*
** Does line s[start, end) end in a line continuation?  BuildKit's
** pattern: the escape character, then only spaces and tabs, and before it
** either the start of the line or a character that is not the escape
** character (so "\\" at the end does not continue).  *cut is the offset
** of the escape character.
*/
static bool continues(const pl_df__parser *p, size_t start, size_t end, size_t *cut)
{
	const char *s = p->text;
	size_t e = end;
	while (e > start && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e == start || s[e - 1] != p->escape)
		return false;
	if (e - 1 > start && s[e - 2] == p->escape)
		return false;
	*cut = e - 1;
	return true;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/*
** directive -> '#' blank* name blank* '=' blank* value blank*
** where name is syntax, escape or check (any case).  The first line that
** is not one ends the directives, as in BuildKit's DirectiveParser.
*/
static void check_directive(pl_df__parser *p, size_t t, size_t e)
{
	const char *s = p->text;
	if (t >= e || s[t] != '#') {
		p->directives_done = true;
		return;
	}
	size_t i = skip_space(s, t + 1, e);
	size_t nlo = i;
	if (i >= e || !is_alpha(s[i])) {
		p->directives_done = true;
		return;
	}
	while (i < e && is_alnum(s[i]))
		i++;
	size_t nhi = i;
	i = skip_space(s, i, e);
	if (i >= e || s[i] != '=') {
		p->directives_done = true;
		return;
	}
	size_t vlo = skip_space(s, i + 1, e), vhi = e;
	while (vhi > vlo && pl_df__is_space(s[vhi - 1]))
		vhi--;
	static const char *const known[] = {"syntax", "escape", "check"};
	const char *name = NULL;
	for (size_t k = 0; k < PL_ARRAY_LEN(known); k++)
		if (pl_strn_ieq(s + nlo, nhi - nlo, known[k]))
			name = known[k];
	if (vhi == vlo || !name) {
		p->directives_done = true;
		return;
	}
	for (size_t k = 0; k < p->directives.n; k++) {
		if (strcmp(p->directives.v[k].name, name) == 0) {
			pl_df__error(p, pl_span_make(t, e), "only one '%s' parser directive can be used", name);
			return;
		}
	}
	pl_df_directive *d = PL_VEC_PUSH(p->arena, &p->directives);
	d->span = pl_span_make(t, e);
	d->name = name;
	d->value = pl_arena_strndup(p->arena, s + vlo, vhi - vlo);
	d->value_span = pl_span_make(vlo, vhi);
	if (strcmp(name, "escape") == 0) {
		if (strcmp(d->value, "\\") == 0 || strcmp(d->value, "`") == 0)
			p->escape = d->value[0];
		else
			pl_df__error(p, d->value_span, "invalid escape character '%s' (expected '\\' or '`')",
			             pl_df__quote(p->arena, d->value, vhi - vlo));
	}
}

/* Record the comment line s[t, e) (s[t] is '#'). */
static void add_comment(pl_df__parser *p, size_t t, size_t e, bool in_cont)
{
	const char *s = p->text;
	size_t lo = skip_space(s, t + 1, e), hi = e;
	while (hi > lo && pl_df__is_space(s[hi - 1]))
		hi--;
	pl_df_comment *c = PL_VEC_PUSH(p->arena, &p->comments);
	c->span = pl_span_make(t, e);
	c->text = pl_arena_strndup(p->arena, s + lo, hi - lo);
	c->next_instr = p->instrs.n;
	c->in_continuation = in_cont;
}

/*
** line -> blank* (comment | instruction-text [esc blank*]) newline
**         { comment-line | blank-line | text [esc blank*] newline }
** The first line loses its leading blanks, continuation lines keep
** theirs, and the pieces are joined with nothing in between.
*/
bool pl_df__next_line(pl_df__parser *p, pl_df__line *ln)
{
	const char *s = p->text;
	memset(ln, 0, sizeof(*ln));
	while (p->pos < p->len) {
		size_t ls = p->pos, e, next;
		phys_line(p, ls, &e, &next);
		p->pos = next;
		if (ls == 0)
			ls = p->src->bom; /* a BOM is not part of the first line */
		size_t t = skip_space(s, ls, e);
		if (!p->directives_done)
			check_directive(p, t, e);
		if (t < e && s[t] == '#') {
			add_comment(p, t, e, false);
			continue;
		}
		size_t cut = 0;
		bool cont = continues(p, t, e, &cut);
		if (!cont && t == e)
			continue; /* blank line */

		ln->end = e;
		if (!cont) { /* one physical line: the text is the file's bytes, not a copy */
			ln->text = s + t;
			ln->len = e - t;
			ln->map.base = t;
			return true;
		}
		pl_df__text *b = &p->line; /* reused: the pieces are copied out by the parser */
		b->buf.n = b->segs.n = 0;
		pl_df__text_add(p->arena, b, s, t, cut - t);
		while (cont) {
			if (p->pos >= p->len) {
				ln->eof_cont = true;
				ln->eof_esc = cut;
				break;
			}
			ls = p->pos;
			phys_line(p, ls, &e, &next);
			p->pos = next;
			size_t t2 = skip_space(s, ls, e);
			if (t2 < e && s[t2] == '#') {
				add_comment(p, t2, e, true);
				continue;
			}
			if (t2 == e) {
				ln->empty_cont = true;
				continue;
			}
			cont = continues(p, ls, e, &cut);
			pl_df__text_add(p->arena, b, s, ls, (cont ? cut : e) - ls);
			ln->end = e;
		}
		ln->map = pl_df__text_map(p->arena, b, t);
		ln->text = b->buf.v;
		ln->len = b->buf.n;
		return true;
	}
	return false;
}

/*
** heredoc-body -> { line } delimiter-line
** The delimiter line is the name alone (after leading tabs for <<-).
** An unterminated body runs to the end of the file.
*/
void pl_df__read_heredoc(pl_df__parser *p, pl_df_heredoc *h)
{
	const char *s = p->text;
	size_t name_len = strlen(h->name);
	size_t body = p->pos, body_end = p->len;
	h->unterminated = true;
	while (p->pos < p->len) {
		size_t ls = p->pos, e, next;
		phys_line(p, ls, &e, &next);
		p->pos = next;
		size_t c = ls;
		while (h->strip_tabs && c < e && s[c] == '\t')
			c++;
		if (e - c == name_len && memcmp(s + c, h->name, name_len) == 0) {
			body_end = ls;
			h->end = pl_span_make(ls, e);
			h->unterminated = false;
			break;
		}
	}
	if (h->unterminated)
		h->end = pl_span_make(p->len, p->len);
	h->body = pl_span_make(body, body_end);

	pl_df__text t = {0};
	if (!h->strip_tabs) {
		pl_df__text_add(p->arena, &t, s, body, body_end - body);
	} else {
		for (size_t ls = body; ls < body_end;) {
			const char *nl = memchr(s + ls, '\n', body_end - ls);
			size_t next = nl ? (size_t)(nl - s) + 1 : body_end;
			size_t c = ls;
			while (c < next && s[c] == '\t')
				c++;
			pl_df__text_add(p->arena, &t, s, c, next - c);
			ls = next;
		}
	}
	h->map = pl_df__text_map(p->arena, &t, body);
	h->text = t.buf.v;
}
