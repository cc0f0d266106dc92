/*
** Word processing as BuildKit's shell lexer (frontend/dockerfile/shell/
** lex.go, ProcessWord) does it: quotes removed, the escape character
** taking the next byte literally, and $VAR / ${VAR…} expanded.  The same
** walk serves three callers: pl_df_expand, the unquoted value of a word
** (no expansion), and FROM image references (unset variables kept).
**
** A syntax error in a ${…} (no closing brace, an unknown modifier) keeps
** the text as written, where BuildKit would fail the build.
*/
#include "df.h"

#include <string.h>

#define MAX_DEPTH 32          /* ${a:-${b:-…}} nesting taken apart; deeper stays literal */
#define FUEL ((size_t)1 << 22) /* pattern-matching steps one word may spend; then # % / give up */
/*
** Bytes a result may have beyond the length of the word itself; the rest
** is cut.  Without a cap a chain ENV V1=${V0}x, ENV V2=${V1}x, ... makes
** values as long as the chain, and every rule that keeps them (scopes,
** PL1107's definitions) needs memory quadratic in the number of
** instructions: 40,000 of them took 1.3 GB.  Real values (PATH,
** CLASSPATH) stay well below.
*/
#define MAX_GROWTH ((size_t)1024)

typedef PL_VEC(char) strbuf;

typedef struct expander {
	pl_arena *arena;        /* where results go */
	const char *s;          /* the word */
	size_t n;               /* its length */
	size_t i;               /* next byte to read */
	char esc;               /* escape character */
	unsigned opts;          /* PL_DF__* */
	pl_df_lookup_fn lookup; /* may be NULL: nothing is set */
	pl_df_unset_fn unset;   /* may be NULL */
	void *ud;               /* passed to lookup and unset */
	unsigned depth;         /* current ${…} nesting */
	size_t fuel;            /* matching steps left (bounds # % / on long values) */
} expander;

static void add(expander *e, strbuf *b, const char *s, size_t n)
{
	size_t limit = e->n + MAX_GROWTH; /* every buffer: the result, and the words inside a ${…} */
	if (b->n + n > limit)
		n = b->n < limit ? limit - b->n : 0;
	if (n == 0)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		while (cap < b->n + n + 1)
			cap *= 2;
		b->v = pl_arena_realloc(e->arena, b->v, b->cap, cap);
		b->cap = cap;
	}
	memcpy(b->v + b->n, s, n);
	b->n += n;
}

static void addc(expander *e, strbuf *b, char c)
{
	add(e, b, &c, 1);
}

/* NUL-terminated contents of b (never NULL). */
static char *str(expander *e, strbuf *b)
{
	if (!b->v)
		return pl_arena_strdup(e->arena, "");
	b->v[b->n] = '\0'; /* add() always leaves room for it */
	return b->v;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* name -> digit+ | special | (letter | digit | '_')*  ; returns its end. */
static size_t name_end(const expander *e, size_t i)
{
	if (i < e->n && e->s[i] >= '0' && e->s[i] <= '9') {
		while (i < e->n && e->s[i] >= '0' && e->s[i] <= '9')
			i++;
		return i;
	}
	if (i < e->n && strchr("@*#?-$!", e->s[i]) && e->s[i] != '\0')
		return i + 1; /* a special parameter */
	while (i < e->n && is_name_char(e->s[i]))
		i++;
	return i;
}

/* The value of s[lo, hi), or NULL (reported to 'unset', with the offset of its '$'). */
static const char *get(expander *e, size_t lo, size_t hi, size_t at)
{
	const char *v = e->lookup ? e->lookup(e->ud, e->s + lo, hi - lo) : NULL;
	if (!v && e->unset)
		e->unset(e->ud, e->s + lo, hi - lo, at);
	return v;
}

static bool process(expander *e, int stop, bool raw_esc, strbuf *out);

/* Process up to the closing 'stop' into out, one level deeper; false on error or too deep. */
static bool sub(expander *e, int stop, bool raw_esc, strbuf *out)
{
	if (e->depth >= MAX_DEPTH)
		return false;
	e->depth++;
	bool ok = process(e, stop, raw_esc, out);
	e->depth--;
	return ok;
}

/*
** Does shell pattern p[0, pn) match all of s[0, sn)?  '*' matches any
** run, '?' any byte, '\c' the byte c.  Greedy with one backtrack point,
** so O(pn * sn); each step burns fuel, and no fuel means no match.
*/
static bool glob_match(expander *e, const char *p, size_t pn, const char *s, size_t sn)
{
	size_t pi = 0, si = 0, star = SIZE_MAX, star_s = 0;
	while (si < sn) {
		if (e->fuel == 0)
			return false;
		e->fuel--;
		if (pi < pn) {
			char pc = p[pi];
			size_t step = 1;
			if (pc == '*') {
				star = ++pi;
				star_s = si;
				continue;
			}
			if (pc == '\\' && pi + 1 < pn) {
				pc = p[pi + 1];
				step = 2;
			} else if (pc == '?') {
				pi++, si++;
				continue;
			}
			if (pc == s[si]) {
				pi += step, si++;
				continue;
			}
		}
		if (star == SIZE_MAX)
			return false;
		pi = star;
		si = ++star_s;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* ${v#p} ${v##p} (suffix false) and ${v%p} ${v%%p} (suffix true): v with the match removed. */
static void trim(expander *e, strbuf *out, const char *v, const char *p, bool suffix, bool greedy)
{
	size_t vn = strlen(v), pn = strlen(p);
	for (size_t k = 0; k <= vn && e->fuel; k++) {
		size_t len = greedy ? vn - k : k;
		const char *from = suffix ? v + vn - len : v;
		if (glob_match(e, p, pn, from, len)) {
			if (suffix)
				add(e, out, v, vn - len);
			else
				add(e, out, v + len, vn - len);
			return;
		}
	}
	add(e, out, v, vn);
}

/* ${v/p/r} and ${v//p/r}: replace the leftmost longest match (every match with all). */
static void replace(expander *e, strbuf *out, const char *v, const char *p, const char *r, bool all)
{
	size_t vn = strlen(v), pn = strlen(p), rn = strlen(r);
	size_t mark = out->n;
	size_t i = 0;
	bool done = false;
	while (i <= vn && e->fuel) {
		size_t len = SIZE_MAX;
		for (size_t k = vn - i + 1; !done && e->fuel && k-- > 0;) {
			if (glob_match(e, p, pn, v + i, k)) {
				len = k;
				break;
			}
		}
		if (len == SIZE_MAX) {
			if (i < vn)
				addc(e, out, v[i]);
			i++;
			continue;
		}
		add(e, out, r, rn);
		done = !all;
		if (len == 0) {
			if (i < vn)
				addc(e, out, v[i]);
			i++;
		} else {
			i += len;
		}
	}
	if (e->fuel == 0) { /* gave up: the value unchanged */
		out->n = mark;
		add(e, out, v, vn);
	}
}

/*
** dollar -> '$' name | '${' name '}' | '${' name [':'] op word '}'
**         | '${' name '/' ['/'] pattern '/' word '}'       op: - + ? # ## % %%
*/
static void dollar(expander *e, strbuf *out)
{
	size_t start = e->i; /* the '$' */
	e->i++;
	if (e->i >= e->n || e->s[e->i] != '{') {
		size_t nhi = name_end(e, e->i);
		if (nhi == e->i) {
			addc(e, out, '$');
			return;
		}
		size_t nlo = e->i;
		e->i = nhi;
		const char *v = get(e, nlo, nhi, start);
		if (v)
			add(e, out, v, strlen(v));
		else if (e->opts & PL_DF__KEEP_UNSET)
			add(e, out, e->s + start, e->i - start);
		return;
	}
	e->i++; /* '{' */
	if (e->i >= e->n || e->s[e->i] == '{' || e->s[e->i] == '}' || e->s[e->i] == ':')
		goto literal; /* missing '}' or bad substitution */
	size_t nlo = e->i, nhi = name_end(e, e->i);
	e->i = nhi;
	if (e->i >= e->n)
		goto literal;
	char op = e->s[e->i++];
	if (op == '}') {
		const char *v = get(e, nlo, nhi, start);
		if (v)
			add(e, out, v, strlen(v));
		else if (e->opts & PL_DF__KEEP_UNSET)
			add(e, out, e->s + start, e->i - start);
		return;
	}
	bool colon = op == ':';
	if (colon) {
		if (e->i >= e->n)
			goto literal;
		op = e->s[e->i++];
	}
	if (op == '-' || op == '+' || op == '?' || op == '#' || op == '%') {
		strbuf word = {0};
		if (!sub(e, '}', op == '#' || op == '%', &word))
			goto literal;
		const char *v = get(e, nlo, nhi, start);
		if (!v && (e->opts & PL_DF__KEEP_UNSET) && op != '-' && op != '+') {
			add(e, out, e->s + start, e->i - start); /* the result depends on the unknown value */
			return;
		}
		bool empty = !v || (colon && !*v); /* - and + of an unknown variable: its default applies */
		const char *w = str(e, &word);
		switch (op) {
		case '-':
			w = empty ? w : v;
			add(e, out, w, strlen(w));
			break;
		case '+':
			if (!empty)
				add(e, out, w, strlen(w));
			break;
		case '?':
			if (v)
				add(e, out, v, strlen(v)); /* unset or empty: BuildKit fails; we give "" */
			break;
		default: { /* # ## % %% */
			bool greedy = *w == op;
			trim(e, out, v ? v : "", greedy ? w + 1 : w, op == '%', greedy);
			break;
		}
		}
		return;
	}
	if (op == '/' && !colon) {
		bool all = e->i < e->n && e->s[e->i] == '/';
		if (all)
			e->i++;
		strbuf pat = {0}, rep = {0};
		if (!sub(e, '/', true, &pat) || !sub(e, '}', true, &rep))
			goto literal;
		const char *v = get(e, nlo, nhi, start);
		if (!v && (e->opts & PL_DF__KEEP_UNSET)) {
			add(e, out, e->s + start, e->i - start);
			return;
		}
		replace(e, out, v ? v : "", str(e, &pat), str(e, &rep), all);
		return;
	}
literal:
	add(e, out, e->s + start, e->i - start);
}

/* single -> "'" { any but "'" } "'"   (no escapes inside) */
static void single_quote(expander *e, strbuf *out)
{
	e->i++;
	size_t lo = e->i;
	while (e->i < e->n && e->s[e->i] != '\'')
		e->i++;
	add(e, out, e->s + lo, e->i - lo);
	if (e->i < e->n)
		e->i++;
}

/* double -> '"' { dollar | esc ('"' | '$' | esc) | any } '"' */
static void double_quote(expander *e, strbuf *out, bool raw_esc)
{
	e->i++;
	while (e->i < e->n) {
		char c = e->s[e->i];
		if (c == '"') {
			e->i++;
			return;
		}
		if (c == '$' && !(e->opts & PL_DF__NO_VARS)) {
			dollar(e, out);
			continue;
		}
		e->i++;
		if (c == e->esc) {
			if (e->i >= e->n)
				return; /* an escape at the end is dropped */
			char d = e->s[e->i];
			if (d == '"' || d == '$' || d == e->esc) {
				if (raw_esc)
					addc(e, out, c);
				c = d;
				e->i++;
			}
		}
		addc(e, out, c);
	}
}

/* word -> { single | double | dollar | esc any | any } [stop] */
static bool process(expander *e, int stop, bool raw_esc, strbuf *out)
{
	while (e->i < e->n) {
		char c = e->s[e->i];
		if (stop >= 0 && c == (char)stop) {
			e->i++;
			return true;
		}
		if (c == '\'') {
			single_quote(e, out);
		} else if (c == '"') {
			double_quote(e, out, raw_esc);
		} else if (c == '$' && !(e->opts & PL_DF__NO_VARS)) {
			dollar(e, out);
		} else if (c == e->esc) {
			e->i++;
			if (raw_esc)
				addc(e, out, c);
			if (e->i >= e->n)
				break; /* an escape at the end is dropped */
			addc(e, out, e->s[e->i++]);
		} else {
			addc(e, out, c);
			e->i++;
		}
	}
	return stop < 0;
}

char *pl_df__process(pl_arena *a, const char *s, size_t n, char escape, unsigned opts,
                     pl_df_lookup_fn lookup, pl_df_unset_fn unset, void *ud)
{
	expander e = {a, s ? s : "", s ? n : 0, 0, escape, opts, lookup, unset, ud, 0, FUEL};
	strbuf out = {0};
	out.cap = n + 1; /* enough for the usual result, which is no longer than the word */
	out.v = pl_arena_alloc(a, out.cap);
	process(&e, -1, false, &out);
	return str(&e, &out);
}

char *pl_df_expand(pl_arena *arena, const char *s, size_t n, char escape,
                   pl_df_lookup_fn lookup, pl_df_unset_fn unset, void *ud)
{
	return pl_df__process(arena, s, n, escape, 0, lookup, unset, ud);
}
