/*
** The shell lexer: operators, words and here-document bodies.
**
** A word is scanned once, left to right.  Its text is built in P->buf
** (quotes removed, escapes resolved, expansions copied as written) and
** copied to the arena when the word ends.  A command substitution inside
** a word is parsed on the spot by the parser, which is how
** `$(case x in a) …;; esac)` finds its real closing parenthesis; a
** backquoted command is unescaped into a text of its own and parsed the
** same way.  Every recursion goes through pl_sh__enter(), so the depth is
** capped, and no byte is read more than a bounded number of times.
*/
#include "parser.h"

#include <stdio.h>
#include <string.h>

/* Byte at logical offset i of the current text; -1 past its end or after an abort. */
static int at(const pl_sh__parser *P, size_t i)
{
	if (P->abort || i >= P->lx.len)
		return -1;
	return (unsigned char)P->lx.s[i];
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(int c)
{
	return is_name_start(c) || is_digit(c);
}

/* A byte that ends an unquoted word (EOF included). */
static bool is_meta(int c)
{
	switch (c) {
	case -1: case ' ': case '\t': case '\r': case '\n':
	case ';': case '&': case '|': case '(': case ')': case '<': case '>':
		return true;
	default:
		return false;
	}
}

pl_span pl_sh__span(const pl_sh__parser *P, size_t lo, size_t hi)
{
	return pl_textmap_span(P->lx.map, lo, hi);
}

void pl_sh__error(pl_sh__parser *P, size_t lo, size_t hi, const char *fmt, ...)
{
	if (P->abort || P->errors.n >= PL_SH_MAX_ERRORS)
		return; /* after an abort, the one "nesting too deep" error says it all */
	va_list ap;
	va_start(ap, fmt);
	pl_sh_error *e = PL_VEC_PUSH(P->arena, &P->errors);
	e->span = pl_sh__span(P, lo, hi);
	e->message = pl_arena_vprintf(P->arena, fmt, ap);
	va_end(ap);
}

const char *pl_sh__excerpt(pl_sh__parser *P, const char *s)
{
	size_t n = 0;
	while (s[n] && (unsigned char)s[n] >= 0x20 && n < 40)
		n++;
	if (!s[n])
		return s;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* do not split a UTF-8 sequence */
	return pl_arena_printf(P->arena, "%.*s\xe2\x80\xa6", (int)n, s);
}

bool pl_sh__enter(pl_sh__parser *P, size_t lo)
{
	if (P->abort)
		return false;
	if (P->nest >= PL_SH_MAX_NEST) {
		pl_sh__error(P, lo, lo < P->lx.len ? lo + 1 : lo,
		             "nesting too deep (more than %d levels)", PL_SH_MAX_NEST);
		P->abort = true;
		return false;
	}
	P->nest++;
	return true;
}

void pl_sh__leave(pl_sh__parser *P)
{
	PL_ASSERT(P->nest > 0); /* every leave pairs with a successful enter */
	P->nest--;
}

/* ---- text under construction -------------------------------------- */

/* Push s[0..n) on the text stack P->buf. */
static void buf_append(pl_sh__parser *P, const char *s, size_t n)
{
	if (n == 0)
		return;
	while (P->buf.cap - P->buf.n < n)
		P->buf.v = pl__vec_grow(P->arena, P->buf.v, &P->buf.cap, 1);
	memcpy(P->buf.v + P->buf.n, s, n);
	P->buf.n += n;
}

/* Append byte c of the word text; it comes from logical offset from. */
static void put(pl_sh__parser *P, int c, size_t from)
{
	char ch = (char)c;
	if (P->rec)
		pl_textmap_add(P->arena, &P->segs, P->buf.n, from, 1);
	buf_append(P, &ch, 1);
}

/* Append the logical bytes [lo, hi) as they are. */
static void put_run(pl_sh__parser *P, size_t lo, size_t hi)
{
	if (hi <= lo)
		return;
	if (P->rec)
		pl_textmap_add(P->arena, &P->segs, P->buf.n, lo, hi - lo);
	buf_append(P, P->lx.s + lo, hi - lo);
}

/*
** Append the expansion at logical [lo, hi) as written.  Each level of
** `$(… $(… $(…)))` copies everything inside it, so the copies are
** counted: past the budget, a bracketed expansion ($( ), ${ }, ` `,
** <( ), an array) is shortened to its brackets around an ellipsis,
** which keeps the memory linear in the input.  Only those can hold
** others; a `$name` is copied once, into its own word.
*/
static void put_expansion(pl_sh__parser *P, size_t lo, size_t hi)
{
	if (P->abort || hi <= lo)
		return; /* the rest of the text is unread: its copy would be noise */
	const char *s = P->lx.s + lo;
	size_t open = hi - lo >= 2 && (s[1] == '(' || s[1] == '{') ? 2 : *s == '`' || *s == '(' ? 1 : 0;
	if (hi - lo <= P->copy_budget || P->rec || open == 0) {
		P->copy_budget -= hi - lo <= P->copy_budget ? hi - lo : P->copy_budget;
		put_run(P, lo, hi);
		return;
	}
	static const char ellipsis[] = "\xe2\x80\xa6";
	buf_append(P, s, open);
	buf_append(P, ellipsis, sizeof(ellipsis) - 1);
	buf_append(P, *s == '`' ? "`" : open == 2 && s[1] == '{' ? "}" : ")", 1);
}

/* Copy buf[base..] to the arena and pop it off the stack. */
static const char *buf_take(pl_sh__parser *P, size_t base)
{
	const char *t = pl_arena_strndup(P->arena, P->buf.n > base ? P->buf.v + base : "",
	                                 P->buf.n - base);
	P->buf.n = base;
	return t;
}

/*
** Map runs of a nested text (lo = offset in it, phys = logical offset
** in the current text) through the current map: the result maps the
** nested text straight to physical offsets.  at_lo is the logical
** offset an empty text stands for.  Allocated at its exact size: there
** is one for every backquote, sh -c string and heredoc body.
*/
static pl_textmap compose(pl_sh__parser *P, const pl_textmap_seg *in, size_t n, size_t at_lo)
{
	return pl_textmap_compose(P->arena, in, n, P->lx.map, at_lo);
}

/* ---- quotes and expansions --------------------------------------- */

typedef struct wstate {
	size_t start;   /* logical offset of the word */
	unsigned flags; /* PL_SH_WORD_* */
	bool plain;     /* only literal unquoted bytes so far */
	bool name;      /* the bytes so far form a NAME (an assignment may follow) */
	bool assign;    /* NAME= seen */
	bool unq_exp;   /* an expansion outside quotes */
	bool bracket;   /* an unquoted '[' seen: a later ']' makes a glob */
} wstate;

static bool dollar(pl_sh__parser *P, bool in_dq);
static void backquote(pl_sh__parser *P, bool in_dq);

/* squote -> "'" { byte } "'"   (pos at the quote; appends the inside when build) */
static void squote(pl_sh__parser *P, bool build)
{
	pl_sh__lexer *L = &P->lx;
	size_t start = L->pos;
	const char *q = start + 1 < L->len ? memchr(L->s + start + 1, '\'', L->len - start - 1) : NULL;
	size_t end = q ? (size_t)(q - L->s) : L->len;
	if (build)
		put_run(P, start + 1, end);
	if (!q)
		pl_sh__error(P, start, L->len, "unterminated single quote");
	L->pos = q ? end + 1 : L->len;
}

/*
** dquote -> '"' { byte | '\' [$`"\\newline] | expansion | backquote } '"'
** pos at the quote.  With w, the inside is appended to the word text.
*/
static void dquote(pl_sh__parser *P, wstate *w)
{
	pl_sh__lexer *L = &P->lx;
	size_t start = L->pos, p = start + 1;
	if (!pl_sh__enter(P, start))
		return;
	for (;;) {
		int c = at(P, p);
		if (c < 0) {
			pl_sh__error(P, start, L->len, "unterminated double quote");
			p = L->len;
			break;
		}
		if (c == '"') {
			p++;
			break;
		}
		if (c == '\\') {
			int n = at(P, p + 1);
			if (n == '\n' || (n == '\r' && at(P, p + 2) == '\n')) {
				p += n == '\n' ? 2 : 3;
				continue;
			}
			if (n == '$' || n == '`' || n == '"' || n == '\\') {
				if (w) {
					put(P, n, p + 1);
					w->flags |= PL_SH_WORD_ESCAPED;
				}
				p += 2;
				continue;
			}
		} else if (c == '$' || c == '`') {
			L->pos = p;
			bool exp = true;
			if (c == '`')
				backquote(P, true);
			else
				exp = dollar(P, true);
			if (exp) {
				if (w) {
					put_expansion(P, p, L->pos);
					w->flags |= PL_SH_WORD_EXPANDS;
				}
				p = L->pos;
				continue;
			}
		}
		if (w)
			put(P, c, p);
		p++;
	}
	L->pos = p;
	pl_sh__leave(P);
}

/* ansi -> "$'" { byte | '\' escape } "'"   (pos at the '$'; decoded into the text) */
static void ansi_quote(pl_sh__parser *P, wstate *w)
{
	pl_sh__lexer *L = &P->lx;
	size_t start = L->pos, p = start + 2;
	for (;;) {
		int c = at(P, p);
		if (c < 0) {
			pl_sh__error(P, start, L->len, "unterminated ANSI-C quote");
			p = L->len;
			break;
		}
		if (c == '\'') {
			p++;
			break;
		}
		if (c != '\\') {
			put(P, c, p++);
			continue;
		}
		int n = at(P, p + 1), v = n;
		size_t q = p + 2;
		switch (n) {
		case 'a': v = 7; break;
		case 'b': v = 8; break;
		case 'e': case 'E': v = 27; break;
		case 'f': v = 12; break;
		case 'n': v = 10; break;
		case 'r': v = 13; break;
		case 't': v = 9; break;
		case 'v': v = 11; break;
		case '\\': case '\'': case '"': case '?': break;
		case 'c':
			if (at(P, q) < 0)
				goto literal;
			v = at(P, q++) & 0x1f;
			break;
		case 'x': {
			int k = 0;
			v = 0;
			for (int d; k < 2 && (d = at(P, q)) >= 0; k++, q++) {
				if (is_digit(d))
					v = v * 16 + (d - '0');
				else if ((d | 0x20) >= 'a' && (d | 0x20) <= 'f')
					v = v * 16 + ((d | 0x20) - 'a' + 10);
				else
					break;
			}
			if (k == 0)
				goto literal;
			break;
		}
		default:
			if (n >= '0' && n <= '7') {
				v = n - '0';
				for (int k = 1, d; k < 3 && (d = at(P, q)) >= '0' && d <= '7'; k++, q++)
					v = v * 8 + (d - '0');
				break;
			}
			goto literal;
		}
		put(P, v, p);
		w->flags |= PL_SH_WORD_ESCAPED;
		p = q;
		continue;
	literal:
		put(P, '\\', p);
		p++;
	}
	L->pos = p;
}

/*
** brace -> '${' { byte | '\' byte | quote | expansion } '}'   (pos moves past it)
** The first unquoted '}' closes it: bash and dash do not count a bare
** '{' inside (`${x:-{a}}` is "{a" then a literal "}").
*/
static void brace(pl_sh__parser *P, size_t start, bool in_dq)
{
	pl_sh__lexer *L = &P->lx;
	if (!pl_sh__enter(P, start))
		return;
	L->pos = start + 2;
	for (;;) {
		size_t p = L->pos;
		int c = at(P, p);
		if (c < 0) {
			pl_sh__error(P, start, L->len, "unterminated parameter expansion");
			L->pos = L->len;
			break;
		}
		if (c == '}') {
			L->pos = p + 1;
			break;
		} else if (c == '\\') {
			L->pos = p + 2 <= L->len ? p + 2 : L->len;
		} else if (c == '\'' && !in_dq) {
			squote(P, false);
		} else if (c == '"') {
			dquote(P, NULL);
		} else if (c == '`') {
			backquote(P, in_dq);
		} else if (c != '$' || !dollar(P, in_dq)) {
			L->pos = p + 1;
		}
	}
	pl_sh__leave(P);
}

/*
** The end of an arithmetic (( … )) whose inside starts at p: the offset
** after the closing "))", 0 when a ')' closes the first '(' alone (so it
** was `( (…) … )` after all), or SIZE_MAX when the text ends first.
** Parentheses are counted; quotes are skipped.
*/
static size_t arith_end(const pl_sh__parser *P, size_t p)
{
	size_t depth = 0;
	for (;;) {
		int c = at(P, p);
		switch (c) {
		case -1:
			return SIZE_MAX;
		case '\\':
			p++;
			break;
		case '\'':
		case '"':
		case '`':
			for (p++; at(P, p) != c; p++) {
				if (at(P, p) < 0)
					return SIZE_MAX;
				if (c != '\'' && at(P, p) == '\\')
					p++;
			}
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (depth == 0)
				return at(P, p + 1) == ')' ? p + 2 : 0;
			depth--;
			break;
		default:
			break;
		}
		p++;
	}
}

/*
** arith -> '$((' … '))' | '((' … '))'
** start is at the '$' (dollar) or the first '('.  Returns false, with pos
** unchanged, when the parentheses show a subshell instead.  Command
** substitutions inside (`$(( $(nproc) + 1 ))`) are parsed.
*/
static bool arith(pl_sh__parser *P, size_t start, bool is_dollar)
{
	pl_sh__lexer *L = &P->lx;
	size_t open = start + (is_dollar ? 3 : 2);
	size_t end = arith_end(P, open);
	if (end == 0)
		return false;
	if (end == SIZE_MAX) {
		pl_sh__error(P, start, L->len, is_dollar ? "unterminated arithmetic expansion"
		                                         : "unterminated arithmetic command");
		L->pos = L->len;
		return true;
	}
	if (!pl_sh__enter(P, start))
		return true;
	L->pos = open;
	while (L->pos < end - 2) {
		size_t p = L->pos;
		int c = at(P, p);
		if (c < 0)
			break;
		if (c == '\'')
			squote(P, false);
		else if (c == '"')
			dquote(P, NULL);
		else if (c == '`')
			backquote(P, false);
		else if (c == '\\')
			L->pos = p + 2;
		else if (c != '$' || !dollar(P, false))
			L->pos = p + 1;
	}
	if (L->pos < end)
		L->pos = end;
	pl_sh__leave(P);
	return true;
}

/*
** expansion -> '$(' script ')' | '$((' … '))' | '${' … '}' | '$' name | '$' digit | '$' special
** pos at the '$'.  Returns false (pos unchanged) for a '$' that is only a byte.
*/
static bool dollar(pl_sh__parser *P, bool in_dq)
{
	pl_sh__lexer *L = &P->lx;
	size_t start = L->pos;
	int c = at(P, start + 1);
	(void)in_dq;
	if (c == '(') {
		if (at(P, start + 2) == '(' && arith(P, start, true))
			return true;
		L->pos = start + 2;
		pl_sh__parse_paren_subst(P, start, PL_SH_SUB_DOLLAR);
		return true;
	}
	if (c == '{') {
		brace(P, start, in_dq);
		return true;
	}
	if (is_name_start(c)) {
		size_t p = start + 2;
		while (is_name_char(at(P, p)))
			p++;
		L->pos = p;
		return true;
	}
	if (c > 0 && (is_digit(c) || strchr("@*#?-$!", c))) {
		L->pos = start + 2;
		return true;
	}
	return false;
}

/*
** backquote -> '`' { byte | '\' [`$\\] } '`'
** pos at the '`'.  The inside, unescaped, is parsed as a script of its own.
*/
static void backquote(pl_sh__parser *P, bool in_dq)
{
	pl_sh__lexer *L = &P->lx;
	size_t start = L->pos, p = start + 1, base = P->buf.n;
	pl_sh__segvec *segs = &P->segs; /* free: a word holding a backquote is never rescanned */
	bool closed = false;
	PL_ASSERT(!P->rec); /* rescanned words have no substitution (PL_SH_TB_NEST) */
	segs->n = 0;
	for (;;) {
		int c = at(P, p);
		if (c < 0)
			break;
		if (c == '`') {
			closed = true;
			break;
		}
		if (c == '\\') {
			int n = at(P, p + 1);
			if (n == '`' || n == '\\' || n == '$' || (in_dq && n == '"')) {
				pl_textmap_add(P->arena, segs, P->buf.n - base, p + 1, 1);
				put(P, n, p + 1);
				p += 2;
				continue;
			}
		}
		pl_textmap_add(P->arena, segs, P->buf.n - base, p, 1);
		put(P, c, p);
		p++;
	}
	size_t end = closed ? p + 1 : L->len;
	if (!closed)
		pl_sh__error(P, start, L->len, "unterminated backquote");
	size_t n = P->buf.n - base;
	const char *text = buf_take(P, base);
	pl_textmap *map = pl_arena_alloc(P->arena, sizeof(*map));
	*map = compose(P, segs->v, segs->n, start + 1);
	L->pos = end;
	pl_sh__parse_text(P, text, n, map, PL_SH_SUB_BACKQUOTE, start, end);
	P->nsubst_seen++;
}

/* array -> '(' { word | newline } ')'   after NAME= ; kept as written */
static void array(pl_sh__parser *P, size_t start)
{
	pl_sh__lexer *L = &P->lx;
	if (!pl_sh__enter(P, start))
		return;
	size_t depth = 0;
	L->pos = start;
	for (;;) {
		size_t p = L->pos;
		int c = at(P, p);
		if (c < 0) {
			pl_sh__error(P, start, L->len, "unterminated array assignment");
			L->pos = L->len;
			break;
		}
		if (c == '(') {
			depth++;
			L->pos = p + 1;
		} else if (c == ')') {
			L->pos = p + 1;
			if (--depth == 0)
				break;
		} else if (c == '\\') {
			L->pos = p + 2 <= L->len ? p + 2 : L->len;
		} else if (c == '\'') {
			squote(P, false);
		} else if (c == '"') {
			dquote(P, NULL);
		} else if (c == '`') {
			backquote(P, false);
		} else if (c != '$' || !dollar(P, false)) {
			L->pos = p + 1;
		}
	}
	pl_sh__leave(P);
}

/* ---- words ----------------------------------------------------------- */

/*
** word -> { byte | '\' byte | squote | dquote | ansi | expansion | backquote }
**         ending at an unquoted blank or operator byte
** Also NAME=( … ) arrays, <( … ) / >( … ) at the start, and the regex
** after =~ in [[ ]] (where ( ) | are bytes of the word).
*/
static void word(pl_sh__parser *P, pl_sh__tok *t)
{
	pl_sh__lexer *L = &P->lx;
	wstate w = {L->pos, 0, true, true, false, false, false};
	size_t base = P->buf.n, nsub0 = P->nsubst_seen, nerr0 = P->errors.n;
	bool regex = L->regex;
	size_t rdepth = 0;
	L->regex = false;
	for (;;) {
		size_t p = L->pos;
		int c = at(P, p);
		if (c < 0)
			break;
		if (regex && (c == '(' || c == '|' || (c == ')' && rdepth > 0) ||
		              (rdepth > 0 && (c == ' ' || c == '\t')))) {
			rdepth += c == '(';
			rdepth -= c == ')';
			w.plain = w.name = false;
			put(P, c, p);
			L->pos = p + 1;
			continue;
		}
		if (is_meta(c)) {
			if (p == w.start && (c == '<' || c == '>') && at(P, p + 1) == '(') {
				L->pos = p + 2;
				pl_sh__parse_paren_subst(P, p, PL_SH_SUB_PROCESS);
				put_expansion(P, p, L->pos);
				w.flags |= PL_SH_WORD_EXPANDS;
				w.plain = w.name = false;
				w.unq_exp = true;
				continue;
			}
			break;
		}
		if (w.name && !w.assign && p > w.start) {
			if (c == '=' || (c == '+' && at(P, p + 1) == '=')) {
				size_t eq = c == '=' ? p : p + 1;
				put_run(P, p, eq + 1);
				L->pos = eq + 1;
				w.assign = true;
				if (at(P, eq + 1) == '(') {
					array(P, eq + 1);
					put_expansion(P, eq + 1, L->pos);
					w.plain = false;
				}
				continue;
			}
		}
		if (w.name && !w.assign && !(is_name_start(c) || (is_digit(c) && p > w.start)))
			w.name = false;
		switch (c) {
		case '\\': {
			int n = at(P, p + 1);
			w.plain = w.name = false;
			if (n == '\n') {
				L->pos = p + 2;
			} else if (n == '\r' && at(P, p + 2) == '\n') {
				L->pos = p + 3; /* a continuation in a CRLF text */
			} else if (n < 0) {
				put(P, '\\', p);
				L->pos = p + 1;
			} else {
				put(P, n, p + 1);
				w.flags |= PL_SH_WORD_ESCAPED;
				L->pos = p + 2;
			}
			continue;
		}
		case '\'':
			w.flags |= PL_SH_WORD_QUOTED;
			w.plain = w.name = false;
			squote(P, true);
			continue;
		case '"':
			w.plain = w.name = false;
			w.flags |= PL_SH_WORD_QUOTED;
			dquote(P, &w);
			continue;
		case '$': {
			int n = at(P, p + 1);
			w.plain = w.name = false;
			if (n == '\'') {
				w.flags |= PL_SH_WORD_QUOTED;
				ansi_quote(P, &w);
			} else if (n == '"') {
				w.flags |= PL_SH_WORD_QUOTED;
				L->pos = p + 1;
				dquote(P, &w);
			} else if (dollar(P, false)) {
				put_expansion(P, p, L->pos);
				w.flags |= PL_SH_WORD_EXPANDS;
				w.unq_exp = true;
			} else {
				put(P, '$', p);
				L->pos = p + 1;
			}
			continue;
		}
		case '`':
			w.plain = w.name = false;
			backquote(P, false);
			put_expansion(P, p, L->pos);
			w.flags |= PL_SH_WORD_EXPANDS;
			w.unq_exp = true;
			continue;
		case '*':
		case '?':
			w.flags |= PL_SH_WORD_GLOB;
			break;
		case '[':
			w.bracket = true;
			break;
		case ']':
			if (w.bracket)
				w.flags |= PL_SH_WORD_GLOB;
			break;
		default:
			break;
		}
		put(P, c, p);
		L->pos = p + 1;
	}
	if (L->pos == w.start) {
		/* Only after an abort: the caller saw a word byte, but every byte now reads as EOF. */
		(void)ALWAYS(P->abort);
		P->buf.n = base;
		t->kind = PL_SH_TK_EOF;
		t->op = "end of input";
		return;
	}
	t->kind = PL_SH_TK_WORD;
	t->hi = L->pos;
	t->w.text = buf_take(P, base);
	t->w.span = pl_sh__span(P, t->lo, t->hi);
	t->w.flags = w.flags;
	t->bits = (w.plain ? PL_SH_TB_PLAIN : 0) | (w.assign ? PL_SH_TB_ASSIGN : 0);
	if (P->nsubst_seen == nsub0 && !w.unq_exp && P->errors.n == nerr0)
		t->bits |= PL_SH_TB_NEST;
}

pl_textmap pl_sh__word_map(pl_sh__parser *P, size_t lo, const char **text)
{
	pl_sh__lexer *L = &P->lx;
	size_t save = L->pos, base = P->buf.n;
	pl_sh__tok t;
	PL_ASSERT(!P->rec); /* words are not rescanned from inside a rescan */
	memset(&t, 0, sizeof(t));
	t.lo = lo;
	P->rec = true;
	P->segs.n = 0;
	L->pos = lo;
	word(P, &t);
	P->rec = false;
	L->pos = save;
	*text = t.w.text;
	for (size_t i = 0; i < P->segs.n; i++)
		P->segs.v[i].lo -= base; /* buf offsets -> offsets in the word text */
	return compose(P, P->segs.v, P->segs.n, lo);
}

/* ---- here-documents --------------------------------------------------- */

/* Read the body of pd from pos: lines up to the delimiter line (tabs stripped for <<-). */
static void read_body(pl_sh__parser *P, const pl_sh__pending *pd)
{
	pl_sh__lexer *L = &P->lx;
	size_t dlen = strlen(pd->delim), base = P->buf.n, b0 = L->pos, bend = L->len;
	pl_sh__segvec *segs = &P->segs; /* free: bodies are read between tokens, never in a rescan */
	bool found = false;
	segs->n = 0;
	while (L->pos < L->len) {
		size_t ls = L->pos;
		const char *nl = memchr(L->s + ls, '\n', L->len - ls);
		size_t le = nl ? (size_t)(nl - L->s) : L->len;
		size_t next = nl ? le + 1 : le;
		size_t cs = ls, ce = le;
		if (pd->strip_tabs)
			while (cs < le && L->s[cs] == '\t')
				cs++;
		if (ce > cs && L->s[ce - 1] == '\r')
			ce--;
		if (ce - cs == dlen && memcmp(L->s + cs, pd->delim, dlen) == 0) {
			bend = ls;
			L->pos = next;
			found = true;
			break;
		}
		pl_textmap_add(P->arena, segs, P->buf.n - base, cs, next - cs);
		buf_append(P, L->s + cs, next - cs);
		L->pos = next;
	}
	pl_sh_heredoc_body *body = pd->body;
	body->text = buf_take(P, base);
	body->map = compose(P, segs->v, segs->n, b0);
	body->span = pl_sh__span(P, b0, found ? bend : L->pos);
	body->unterminated = !found;
	if (!found && !(L->outer && (P->opts & PL_SH_EXTERNAL_HEREDOCS)))
		pl_sh__error(P, pd->lo, pd->hi, "unterminated here-document '%s'",
		             pl_sh__excerpt(P, pd->delim));
}

/* After a newline token: the bodies of the here-documents opened on its line. */
static void read_heredocs(pl_sh__parser *P)
{
	pl_sh__lexer *L = &P->lx;
	for (size_t i = 0; i < L->pending.n; i++)
		read_body(P, &L->pending.v[i]);
	L->pending.n = 0;
}

void pl_sh__finish_heredocs(pl_sh__parser *P)
{
	P->lx.pos = P->lx.len;
	read_heredocs(P);
}

/* ---- tokens ----------------------------------------------------------- */

/* Skip blanks, line continuations and a comment. */
static void skip_blanks(pl_sh__parser *P)
{
	pl_sh__lexer *L = &P->lx;
	for (;;) {
		int c = at(P, L->pos);
		if (c == ' ' || c == '\t' || c == '\r') {
			L->pos++;
		} else if (c == '\\' && at(P, L->pos + 1) == '\n') {
			L->pos += 2;
		} else if (c == '\\' && at(P, L->pos + 1) == '\r' && at(P, L->pos + 2) == '\n') {
			L->pos += 3;
		} else if (c == '#') {
			const char *nl = memchr(L->s + L->pos, '\n', L->len - L->pos);
			L->pos = nl ? (size_t)(nl - L->s) : L->len;
		} else {
			return;
		}
	}
}

/* An operator token of n bytes. */
static void op(pl_sh__parser *P, pl_sh__tok *t, pl_sh__tok_kind kind, const char *text, size_t n)
{
	t->kind = kind;
	t->op = text;
	P->lx.pos = t->lo + n;
	t->hi = P->lx.pos;
}

/* The redirection operator at p (the fd prefix, if any, is before p). */
static void redir_op(pl_sh__parser *P, pl_sh__tok *t, size_t p, int fd)
{
	static const char *const ops[] = {"<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">",
	                                  "&>>", "&>"};
	const char *s = P->lx.s + p;
	size_t left = P->lx.len - p;
	for (size_t i = 0; i < PL_ARRAY_LEN(ops); i++) {
		size_t n = strlen(ops[i]);
		if (n <= left && memcmp(s, ops[i], n) == 0) {
			t->kind = PL_SH_TK_REDIR;
			t->op = ops[i];
			t->fd = fd;
			P->lx.pos = p + n;
			t->hi = P->lx.pos;
			return;
		}
	}
	PL_ASSERT(!"redir_op called on a redirection byte"); /* callers checked for < > or &> */
}

/*
** token -> newline | operator | [fd | '{' name '}'] redirection-operator
**        | '((' … '))' | word | EOF
** after blanks, line continuations and a comment.
*/
pl_sh__tok pl_sh__lex(pl_sh__parser *P)
{
	pl_sh__lexer *L = &P->lx;
	pl_sh__tok t;
	memset(&t, 0, sizeof(t));
	t.fd = -1;
	skip_blanks(P);
	t.lo = t.hi = L->pos < L->len ? L->pos : L->len;
	t.mark = P->cmds.n;
	int c = at(P, L->pos), n = at(P, L->pos + 1);
	if (L->regex) {
		if (c == '(' || !is_meta(c)) {
			word(P, &t); /* the right side of =~: ( ) | are part of it */
			return t;
		}
		L->regex = false;
	}
	switch (c) {
	case -1:
		t.kind = PL_SH_TK_EOF;
		t.op = "end of input";
		return t;
	case '\n':
		op(P, &t, PL_SH_TK_NEWLINE, "newline", 1);
		read_heredocs(P);
		return t;
	case ';':
		if (n == ';' && at(P, L->pos + 2) == '&')
			op(P, &t, PL_SH_TK_DSEMI_AND, ";;&", 3);
		else if (n == ';')
			op(P, &t, PL_SH_TK_DSEMI, ";;", 2);
		else if (n == '&')
			op(P, &t, PL_SH_TK_SEMI_AND, ";&", 2);
		else
			op(P, &t, PL_SH_TK_SEMI, ";", 1);
		return t;
	case '&':
		if (n == '&')
			op(P, &t, PL_SH_TK_AND_IF, "&&", 2);
		else if (n == '>')
			redir_op(P, &t, L->pos, -1);
		else
			op(P, &t, PL_SH_TK_AMP, "&", 1);
		return t;
	case '|':
		if (n == '|')
			op(P, &t, PL_SH_TK_OR_IF, "||", 2);
		else if (n == '&')
			op(P, &t, PL_SH_TK_PIPE_AMP, "|&", 2);
		else
			op(P, &t, PL_SH_TK_PIPE, "|", 1);
		return t;
	case '(':
		if (n == '(' && arith(P, t.lo, false)) {
			t.kind = PL_SH_TK_ARITH;
			t.hi = L->pos;
			t.w.text = pl_arena_strndup(P->arena, L->s + t.lo, t.hi - t.lo);
			t.w.span = pl_sh__span(P, t.lo, t.hi);
			t.w.flags = PL_SH_WORD_EXPANDS;
			return t;
		}
		op(P, &t, PL_SH_TK_LPAREN, "(", 1);
		return t;
	case ')':
		op(P, &t, PL_SH_TK_RPAREN, ")", 1);
		return t;
	case '<':
	case '>':
		if (n == '(')
			break; /* process substitution: a word */
		redir_op(P, &t, L->pos, -1);
		return t;
	default:
		if (is_digit(c)) {
			size_t j = L->pos;
			long fd = 0;
			while (is_digit(at(P, j))) {
				fd = fd < 100000 ? fd * 10 + (at(P, j) - '0') : fd;
				j++;
			}
			if ((at(P, j) == '<' || at(P, j) == '>') && at(P, j + 1) != '(') {
				redir_op(P, &t, j, (int)fd);
				return t;
			}
		} else if (c == '{') {
			size_t j = L->pos + 1;
			while (is_name_char(at(P, j)))
				j++;
			if (j > L->pos + 1 && at(P, j) == '}' && (at(P, j + 1) == '<' || at(P, j + 1) == '>') &&
			    at(P, j + 2) != '(') {
				redir_op(P, &t, j + 1, -1); /* {var}>file: bash allocates the fd */
				return t;
			}
		}
		break;
	}
	word(P, &t);
	return t;
}
