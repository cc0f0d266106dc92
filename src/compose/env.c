/*
** Variables: the environment a project is interpolated with, and the
** .env files it comes from, read as compose-go's dotenv package reads
** them:
**
**     # a comment
**     export NAME=value          'export' is optional; ':' works as '='
**     NAME=unquoted value # c    a '#' after a blank starts a comment
**     NAME='single $quoted'      literal, may span lines
**     NAME="double\n${OTHER}"    \n \r \t \" \\ \$ escapes, then variables
**     NAME                       taken from the process environment, if read
**
** Values may use the variables defined above them (and the process
** environment, when it is read).  The process environment, when read,
** wins over every file, as in Compose.
*/
#include "internal.h"

#include <string.h>

extern char **environ;

const char *pl_compose__env_get(const pl_compose__env *e, const char *name, size_t len)
{
	for (; e; e = e->parent) {
		bool found;
		void *v = pl_compose__strmap_get(&e->vars, name, len, &found);
		if (found)
			return v;
	}
	return NULL;
}

void pl_compose__env_set(pl_arena *a, pl_compose__env *e, const char *name, size_t len,
                         const char *value)
{
	const char *k = pl_arena_strndup(a, name, len);
	pl_compose__strmap_put(a, &e->vars, k, len, (void *)(uintptr_t)value);
}

void pl_compose__env_add_process(pl_arena *a, pl_compose__env *e)
{
	for (char **p = environ; p && *p; p++) {
		const char *eq = strchr(*p, '=');
		if (!eq || eq == *p)
			continue;
		pl_compose__env_set(a, e, *p, (size_t)(eq - *p), pl_arena_strdup(a, eq + 1));
	}
}

/* ------------------------------------------------------------------ */
/* .env files.                                                          */

typedef struct dotenv {
	pl_compose__L *L;
	pl_compose__env *env;   /* where the variables go */
	const pl_compose__env *lookup; /* what values see: env, or the process environment over it */
	const pl_source *src;   /* the file */
	const char *t;          /* its text */
	size_t len;
	size_t i;               /* the cursor */
} dotenv;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
	    || c == '.' || c == '-' || ((unsigned char)c & 0x80);
}

static void skip_line(dotenv *d)
{
	while (d->i < d->len && d->t[d->i] != '\n')
		d->i++;
}

/* Interpolate value[0..n) with the variables read so far. */
static const char *expand(dotenv *d, const char *value, size_t n)
{
	if (!memchr(value, '$', n))
		return pl_arena_strndup(d->L->a, value, n);
	pl_compose_interp it;
	memset(&it, 0, sizeof(it));
	pl_compose__interpolate(d->L->a, d->lookup, value, n, NULL, pl_span_make(0, 0), &it);
	return it.value;
}

/* "…" with its escapes undone; t[start..end) is the text between the quotes. */
static const char *unescape_double(dotenv *d, size_t start, size_t end)
{
	char *out = pl_arena_alloc(d->L->a, end - start + 1);
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		char c = d->t[i];
		if (c == '\\' && i + 1 < end) {
			char e = d->t[++i];
			switch (e) {
			case 'n': out[n++] = '\n'; break;
			case 'r': out[n++] = '\r'; break;
			case 't': out[n++] = '\t'; break;
			case '"': out[n++] = '"'; break;
			case '\\': out[n++] = '\\'; break;
			case '$': out[n++] = '$'; out[n++] = '$'; break; /* stays a literal dollar */
			default: out[n++] = '\\'; out[n++] = e; break;
			}
			continue;
		}
		out[n++] = c;
	}
	return expand(d, out, n);
}

/* value -> 'single' | "double" | unquoted [# comment] */
static int read_value(dotenv *d, const char **out)
{
	while (d->i < d->len && is_blank(d->t[d->i]))
		d->i++;
	char q = d->i < d->len ? d->t[d->i] : '\0';
	if (q == '\'' || q == '"') {
		size_t open = d->i, s = d->i + 1, e = s;
		while (e < d->len && !(d->t[e] == q && d->t[e - 1] != '\\'))
			e++;
		if (e >= d->len) {
			size_t lend = open;
			while (lend < d->len && d->t[lend] != '\n')
				lend++;
			pl_compose__problem(d->L, PL_COMPOSE_PROBLEM_SCHEMA, d->src, pl_span_make(open, lend),
			                    "unterminated quoted value in '%s'", d->src->path);
			d->i = lend;
			return -1;
		}
		*out = q == '"' ? unescape_double(d, s, e) : pl_arena_strndup(d->L->a, d->t + s, e - s);
		d->i = e + 1;
		skip_line(d); /* what follows the closing quote on its line is ignored */
		return 0;
	}
	size_t s = d->i, e = s;
	while (e < d->len && d->t[e] != '\n') {
		if (d->t[e] == '#' && (e == s || is_blank(d->t[e - 1])))
			break;
		e++;
	}
	d->i = e;
	skip_line(d);
	while (e > s && is_blank(d->t[e - 1]))
		e--;
	*out = expand(d, d->t + s, e - s);
	return 0;
}

/* line -> [export] key ('=' | ':') value | key */
static void read_line(dotenv *d)
{
	if (d->len - d->i > 7 && memcmp(d->t + d->i, "export", 6) == 0 && is_blank(d->t[d->i + 6]))
		d->i += 7;
	while (d->i < d->len && is_blank(d->t[d->i]))
		d->i++;
	size_t ks = d->i;
	while (d->i < d->len && is_key_char(d->t[d->i]))
		d->i++;
	size_t ke = d->i;
	while (d->i < d->len && is_blank(d->t[d->i]))
		d->i++;
	char c = d->i < d->len ? d->t[d->i] : '\n';
	if (ke > ks && d->i > ke && is_key_char(c)) {
		pl_compose__problem(d->L, PL_COMPOSE_PROBLEM_SCHEMA, d->src, pl_span_make(ks, d->i + 1),
		                    "a variable name cannot contain blanks in '%s'", d->src->path);
		skip_line(d);
		return;
	}
	if (ke == ks || (c != '=' && c != ':' && c != '\n')) {
		size_t at = ke == ks ? ks : d->i;
		pl_compose__problem(d->L, PL_COMPOSE_PROBLEM_SCHEMA, d->src, pl_span_make(at, at + 1),
		                    "unexpected character '%s' in a variable name in '%s'",
		                    pl_compose__quote(d->L->a, d->t + at, at < d->len ? 1 : 0),
		                    d->src->path);
		skip_line(d);
		return;
	}
	if (c == '\n') {
		/* A name alone inherits the process environment's value, which is already in env when read. */
		return;
	}
	d->i++;
	const char *value;
	if (read_value(d, &value) == 0)
		pl_compose__env_set(d->L->a, d->env, d->t + ks, ke - ks, value);
}

void pl_compose__dotenv(pl_compose__L *L, pl_compose__env *env, const pl_compose__env *process,
                        const pl_source *src)
{
	/* compose-go's dotenv asks the process environment first, then the file's earlier values. */
	pl_compose__env *view = NULL;
	if (process) {
		view = pl_arena_alloc(L->a, sizeof(*view));
		view->vars = process->vars;
		view->parent = env;
	}
	dotenv d = {L, env, view ? view : env, src, src->text, src->len, src->bom};
	while (d.i < d.len) {
		char c = d.t[d.i];
		if (c == '\n' || is_blank(c)) {
			d.i++;
		} else if (c == '#') {
			skip_line(&d);
		} else {
			read_line(&d);
		}
	}
}
