/*
** The Dockerfile parser: one parse_<instr>() per instruction over the
** logical lines of lex.c, with BuildKit's rules (parser/line_parsers.go,
** parser/split_command.go, instructions/parse.go, instructions/bflag.go).
** It never fails: a problem becomes a pl_df_error and parsing resumes at
** the next instruction.  Stages, global ARGs and FROM image references
** are resolved in a pass after the last instruction.
*/
#include "df.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const keywords[] = {
	"UNKNOWN",
#define PL__X(e, k) k,
	PL_INSTR_LIST(PL__X)
#undef PL__X
};

const char *pl_instr_keyword(pl_instr_kind k)
{
	return (size_t)k < PL_ARRAY_LEN(keywords) ? keywords[k] : "UNKNOWN";
}

pl_instr_kind pl_instr_lookup(const char *s, size_t n)
{
	for (size_t k = 1; k < PL_ARRAY_LEN(keywords); k++)
		if (pl_strn_ieq(s, n, keywords[k]))
			return (pl_instr_kind)k;
	return PL_INSTR_UNKNOWN;
}

void pl_df__error(pl_df__parser *p, pl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pl_df_error *e = PL_VEC_PUSH(p->arena, &p->errors);
	e->span = span;
	e->message = pl_arena_vprintf(p->arena, fmt, ap);
	va_end(ap);
}

const char *pl_df__quote(pl_arena *a, const char *s, size_t n)
{
	if (n <= PL_DF__MAX_QUOTED)
		return pl_arena_strndup(a, s, n);
	size_t k = PL_DF__MAX_QUOTED;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	return pl_arena_printf(a, "%.*s...", (int)k, s);
}

/* ---- flags ---------------------------------------------------------- */

typedef enum flag_type {
	FL_STRING,  /* --name=value, once */
	FL_STRINGS, /* --name=value, repeatable */
	FL_BOOL,    /* --name, --name=true|false */
} flag_type;

typedef struct flag_def {
	const char *name; /* without "--"; NULL ends a table */
	flag_type type;   /* how it takes a value */
} flag_def;

static const flag_def from_flags[] = {{"platform", FL_STRING}, {NULL, FL_STRING}};
static const flag_def run_flags[] = {
	{"mount", FL_STRINGS}, {"network", FL_STRING}, {"security", FL_STRING},
	{"device", FL_STRINGS}, {NULL, FL_STRING}};
static const flag_def copy_flags[] = {
	{"from", FL_STRING}, {"chown", FL_STRING}, {"chmod", FL_STRING}, {"link", FL_BOOL},
	{"parents", FL_BOOL}, {"exclude", FL_STRINGS}, {NULL, FL_STRING}};
static const flag_def add_flags[] = {
	{"chown", FL_STRING}, {"chmod", FL_STRING}, {"link", FL_BOOL}, {"checksum", FL_STRING},
	{"keep-git-dir", FL_BOOL}, {"unpack", FL_BOOL}, {"exclude", FL_STRINGS}, {NULL, FL_STRING}};
static const flag_def health_flags[] = {
	{"interval", FL_STRING}, {"timeout", FL_STRING}, {"start-period", FL_STRING},
	{"start-interval", FL_STRING}, {"retries", FL_STRING}, {NULL, FL_STRING}};
static const flag_def no_flags[] = {{NULL, FL_STRING}};

static const flag_def *flags_of(pl_instr_kind k)
{
	switch (k) {
	case PL_INSTR_FROM: return from_flags;
	case PL_INSTR_RUN: return run_flags;
	case PL_INSTR_COPY: return copy_flags;
	case PL_INSTR_ADD: return add_flags;
	case PL_INSTR_HEALTHCHECK: return health_flags;
	default: return no_flags;
	}
}

/* Is value one of the NULL-terminated words, in any case (or holds a variable, unknown until build)? */
static bool one_of(const char *value, const char *const *words)
{
	if (strchr(value, '$'))
		return true;
	for (size_t i = 0; words[i]; i++)
		if (pl_str_ieq(value, words[i]))
			return true;
	return false;
}

/* RUN --mount=type=…,…  --network=…  --security=…: the values BuildKit knows. */
static void check_run_flag(pl_df__parser *p, const pl_df_flag *f)
{
	static const char *const mounts[] = {"bind", "cache", "tmpfs", "secret", "ssh", NULL};
	static const char *const networks[] = {"default", "none", "host", NULL};
	static const char *const security[] = {"sandbox", "insecure", NULL};
	if (!f->value)
		return;
	if (strcmp(f->name, "network") == 0 && !one_of(f->value, networks)) {
		pl_df__error(p, f->value_span, "unknown network mode '%s'", pl_df__quote(p->arena, f->value, strlen(f->value)));
	} else if (strcmp(f->name, "security") == 0 && !one_of(f->value, security)) {
		pl_df__error(p, f->value_span, "unknown security mode '%s'", pl_df__quote(p->arena, f->value, strlen(f->value)));
	} else if (strcmp(f->name, "mount") == 0) {
		/* mount -> field { ',' field } ; field -> key ['=' value] */
		for (const char *s = f->value; *s;) {
			size_t n = strcspn(s, ",");
			if (n > 5 && pl_strn_ieq(s, 5, "type=")) {
				char *type = pl_arena_strndup(p->arena, s + 5, n - 5);
				if (!one_of(type, mounts))
					pl_df__error(p, f->value_span, "unknown mount type '%s'", pl_df__quote(p->arena, type, n - 5));
			}
			s += n;
			if (*s == ',')
				s++;
		}
	}
}

/* Check in's flags against what BuildKit accepts for its instruction (bflag.go). */
static void check_flags(pl_df__parser *p, const pl_df_instr *in)
{
	const flag_def *defs = flags_of(in->kind);
	const char *kw = pl_instr_keyword(in->kind);
	bool seen[8] = {false}; /* per entry of defs: already given */
	for (size_t i = 0; i < in->nflags; i++) {
		const pl_df_flag *f = &in->flags[i];
		const flag_def *d = NULL;
		for (const flag_def *t = defs; t->name; t++)
			if (strcmp(t->name, f->name) == 0)
				d = t;
		if (!d) {
			const char *best = NULL;
			size_t best_d = 3;
			for (const flag_def *t = defs; t->name; t++) {
				size_t dist = pl_edit_distance(f->name, t->name, 2);
				if (dist < best_d)
					best = t->name, best_d = dist;
			}
			const char *name = pl_df__quote(p->arena, f->name, strlen(f->name));
			if (best)
				pl_df__error(p, f->span, "unknown flag '--%s' for '%s' (did you mean '--%s'?)",
				             name, kw, best);
			else
				pl_df__error(p, f->span, "unknown flag '--%s' for '%s'", name, kw);
			continue;
		}
		size_t di = (size_t)(d - defs);
		PL_ASSERT(di < PL_ARRAY_LEN(seen)); /* no instruction has more than 8 flags */
		if (seen[di] && d->type != FL_STRINGS)
			pl_df__error(p, f->span, "duplicate flag '--%s'", f->name);
		seen[di] = true;
		if (d->type == FL_BOOL) {
			if (f->value && !*f->value)
				pl_df__error(p, f->span, "missing value for flag '--%s'", f->name);
			else if (f->value && !pl_str_ieq(f->value, "true") && !pl_str_ieq(f->value, "false"))
				pl_df__error(p, f->value_span, "invalid boolean value '%s' for flag '--%s'",
				             pl_df__quote(p->arena, f->value, strlen(f->value)), f->name);
		} else if (!f->value) {
			pl_df__error(p, f->span, "flag '--%s' requires a value", f->name);
		}
		if (in->kind == PL_INSTR_RUN)
			check_run_flag(p, f);
	}
}

/*
** flags -> { '--' flag-word }   ended by a word not starting with "--", or by "--" alone
** A flag word is unquoted as BuildKit's extractBuilderFlags does: quotes
** removed, '\' (always, whatever the escape character) takes the next byte.
** Returns the offset in s where the arguments start.
*/
static size_t parse_flags(pl_df__parser *p, pl_df_instr *in, const pl_df__line *ln, size_t i, size_t hi)
{
	const char *s = ln->text;
	PL_VEC(pl_df_flag) flags = {0};
	PL_VEC(char) word = {0};
	for (;;) {
		while (i < hi && pl_df__is_space(s[i]))
			i++;
		if (i >= hi || s[i] != '-' || i + 1 >= hi || s[i + 1] != '-')
			break;
		size_t lo = i, eq = 0;
		char quote = 0;
		word.n = 0;
		while (i < hi && (quote || !pl_df__is_space(s[i]))) {
			char c = s[i++];
			if (quote && c == quote) {
				quote = 0;
				continue;
			}
			if (!quote && (c == '\'' || c == '"')) {
				quote = c;
				continue;
			}
			if (c == '\\') {
				if (i >= hi)
					continue; /* a '\' at the end is dropped */
				c = s[i++];
			} else if (c == '=' && !eq) {
				eq = i - 1;
			}
			*PL_VEC_PUSH(p->arena, &word) = c;
		}
		if (word.n == 2 && word.v[0] == '-' && word.v[1] == '-')
			break; /* "--" ends the flags and is not one */
		*PL_VEC_PUSH(p->arena, &word) = '\0';
		pl_df_flag *f = PL_VEC_PUSH(p->arena, &flags);
		f->span = pl_textmap_span(&ln->map, lo, i);
		char *w = pl_arena_strdup(p->arena, word.v + 2);
		char *weq = strchr(w, '=');
		if (weq) {
			*weq = '\0';
			f->value = weq + 1;
		}
		f->name = w;
		size_t name_end = eq ? eq : i;
		f->name_span = pl_textmap_span(&ln->map, lo + 2, name_end);
		f->value_span = eq ? pl_textmap_span(&ln->map, eq + 1, i)
		                   : pl_span_make(pl_span_end(f->span), pl_span_end(f->span));
	}
	in->flags = flags.v;
	in->nflags = flags.n;
	return i;
}

/* ---- words ---------------------------------------------------------- */

static size_t skip_space(const char *s, size_t i, size_t hi)
{
	while (i < hi && pl_df__is_space(s[i]))
		i++;
	return i;
}

/* The physical span of args[lo, hi). */
static pl_span args_span(const pl_df_instr *in, size_t lo, size_t hi)
{
	return pl_textmap_span(&in->args_map, lo, hi);
}

/* The span of all of in's arguments, or the keyword when there are none. */
static pl_span all_args_span(const pl_df_instr *in)
{
	return in->args_len ? args_span(in, 0, in->args_len) : in->keyword;
}

/* Is s[0, n) its own unquoted value (no quote, no escape character)? */
static bool plain(const pl_df__parser *p, const char *s, size_t n)
{
	return !memchr(s, p->escape, n) && !memchr(s, '"', n) && !memchr(s, '\'', n);
}

/* The word at args[t->lo, t->hi); raw points into buf, a copy of args cut into words. */
static pl_df_word shell_word(pl_df__parser *p, const pl_df_instr *in, char *buf, const pl_df__tok *t)
{
	pl_df_word w;
	size_t n = t->hi - t->lo;
	w.span = args_span(in, t->lo, t->hi);
	buf[t->hi] = '\0'; /* a blank or the end: words never touch */
	w.raw = buf + t->lo;
	w.value = plain(p, w.raw, n) ? w.raw : pl_df__unquote(p->arena, w.raw, n, p->escape);
	w.quoted = t->quoted;
	return w;
}

/* Does BuildKit run the words of this instruction through ProcessWord (so quotes must close)? */
static bool processes_words(pl_instr_kind k)
{
	switch (k) {
	case PL_INSTR_FROM: case PL_INSTR_ENV: case PL_INSTR_LABEL: case PL_INSTR_ARG:
	case PL_INSTR_COPY: case PL_INSTR_ADD: case PL_INSTR_EXPOSE: case PL_INSTR_STOPSIGNAL:
	case PL_INSTR_USER: case PL_INSTR_VOLUME: case PL_INSTR_WORKDIR:
		return true;
	default:
		return false;
	}
}

/* Does BuildKit split the shell form on blanks alone (parseStringsWhitespaceDelimited)? */
static bool splits_on_blanks(pl_instr_kind k)
{
	return k == PL_INSTR_FROM || k == PL_INSTR_EXPOSE || k == PL_INSTR_COPY || k == PL_INSTR_ADD ||
	       k == PL_INSTR_VOLUME;
}

/* Split args[lo, len) into shell-form words; report unclosed quotes where BuildKit would fail. */
static void shell_words(pl_df__parser *p, pl_df_instr *in, size_t lo)
{
	pl_df__tok t;
	size_t n = 0;
	for (size_t i = lo; pl_df__next_word(in->args, &i, in->args_len, p->escape, &t);)
		n++;
	in->argv = pl_arena_alloc(p->arena, (n ? n : 1) * sizeof(pl_df_word));
	in->argc = n;
	/* raw words are cut from a copy of args; a lone word that is all of args is args itself */
	char *buf = n > 1 || (n == 1 && !(t.lo == 0 && t.hi == in->args_len))
	                ? pl_arena_strndup(p->arena, in->args, in->args_len)
	                : (char *)in->args; /* only its final NUL is (re)written */
	const char *kw = pl_instr_keyword(in->kind);
	size_t k = 0;
	for (size_t i = lo; pl_df__next_word(in->args, &i, in->args_len, p->escape, &t); k++) {
		in->argv[k] = shell_word(p, in, buf, &t);
		if (t.open_quote && processes_words(in->kind))
			pl_df__error(p, in->argv[k].span, "unterminated quote in '%s'", kw);
		else if (t.quoted_space && splits_on_blanks(in->kind))
			pl_df__error(p, in->argv[k].span,
			             "quoted argument with blanks in '%s' needs the JSON form", kw);
	}
}

/*
** form -> json-array | shell-words
** Fills argv from args[lo, len).  A '[' that does not start a JSON array
** of strings falls back to the shell form, as BuildKit does; an error
** is recorded when it clearly meant to be one (it starts with '["') or
** when BuildKit rejects it (valid JSON holding something else than strings).
*/
static void parse_form(pl_df__parser *p, pl_df_instr *in, size_t lo, bool json_ok)
{
	pl_df__toks *toks = p->toks;
	toks->n = 0;
	const char *a = in->args;
	size_t i = skip_space(a, lo, in->args_len);
	const char *kw = pl_instr_keyword(in->kind);
	if (json_ok && i < in->args_len && a[i] == '[') {
		int r = pl_df__json_array(p->arena, a, i, in->args_len, toks);
		if (r == PL_DF__JSON_OK) {
			in->bits |= PL_DF_JSON;
			in->argv = pl_arena_alloc(p->arena, (toks->n ? toks->n : 1) * sizeof(pl_df_word));
			in->argc = toks->n;
			for (size_t k = 0; k < toks->n; k++) {
				const pl_df__tok *t = &toks->v[k];
				pl_df_word *w = &in->argv[k];
				w->span = args_span(in, t->lo, t->hi);
				w->raw = pl_arena_strndup(p->arena, a + t->lo, t->hi - t->lo);
				w->value = pl_df__json_decode(p->arena, a + t->lo, t->hi - t->lo, NULL);
				w->quoted = false;
			}
			return;
		}
		pl_span sp = args_span(in, i, in->args_len);
		if (r == PL_DF__JSON_NOT_STRING) {
			in->bits |= PL_DF_JSON_INVALID;
			pl_df__error(p, sp, "the JSON array of '%s' must hold only strings", kw);
		} else if (i + 1 < in->args_len && a[i + 1] == '"') {
			in->bits |= PL_DF_JSON_INVALID;
			pl_df__error(p, sp, "invalid JSON array in '%s' (read as shell form)", kw);
		}
	}
	shell_words(p, in, lo);
}

/* ---- instructions --------------------------------------------------- */

/*
** string -> (MAINTAINER|USER|WORKDIR|STOPSIGNAL) text
** BuildKit takes all the text as the one argument (parseString), so
** `WORKDIR /my dir` is the path "/my dir".
*/
static void parse_string(pl_df__parser *p, pl_df_instr *in)
{
	shell_words(p, in, 0); /* for the quote checks */
	if (in->argc == 0) {
		pl_df__error(p, in->keyword, "'%s' requires exactly one argument", pl_instr_keyword(in->kind));
		return;
	}
	if (in->argc == 1)
		return;
	pl_df_word *w = &in->argv[0];
	for (size_t i = 1; i < in->argc; i++)
		w->quoted |= in->argv[i].quoted;
	w->span = all_args_span(in);
	w->raw = in->args;
	w->value = pl_df__unquote(p->arena, in->args, in->args_len, p->escape);
	in->argc = 1;
}

/* Is s a valid stage name once lowercased: [a-z][a-z0-9-_.]* ? */
static bool valid_stage_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* from -> FROM [--platform=p] image [AS name] */
static void parse_from(pl_df__parser *p, pl_df_instr *in)
{
	pl_df_from *f = &in->as.from;
	parse_form(p, in, 0, false);
	if (in->argc == 0) {
		pl_df__error(p, in->keyword, "'FROM' requires an image");
		return;
	}
	f->image = in->argv[0];
	bool as = in->argc >= 3 && pl_str_ieq(in->argv[1].value, "as");
	if (!(in->argc == 1 || (in->argc == 3 && as)))
		pl_df__error(p, all_args_span(in), "'FROM' requires either one or three arguments (image [AS name])");
	if (as) {
		f->as_kw = in->argv[1].span;
		f->name = in->argv[2];
		if (!valid_stage_name(f->name.value))
			pl_df__error(p, f->name.span, "invalid stage name '%s'",
			             pl_df__quote(p->arena, f->name.value, strlen(f->name.value)));
	}
}

/* Is the raw word w[0, n) a heredoc: digit* '<<' ['-'] name (BuildKit's ^(\d*)<<(-?)([^<]*)$)? */
static bool heredoc_word(pl_df__parser *p, const char *w, size_t n, pl_df_heredoc *h)
{
	size_t i = 0;
	long fd = -1;
	while (i < n && w[i] >= '0' && w[i] <= '9') {
		long d = w[i] - '0';
		fd = fd < 0 ? d : (fd > 100000 ? fd : fd * 10 + d);
		i++;
	}
	if (n - i < 2 || w[i] != '<' || w[i + 1] != '<')
		return false;
	i += 2;
	bool strip = i < n && w[i] == '-';
	if (strip)
		i++;
	if (i >= n || memchr(w + i, '<', n - i))
		return false;
	const char *name = pl_df__unquote(p->arena, w + i, n - i, '\\');
	if (!*name)
		return false;
	size_t q_raw = 0, q_name = 0;
	for (size_t k = i; k < n; k++)
		q_raw += w[k] == '"' || w[k] == '\'';
	for (const char *c = name; *c; c++)
		q_name += *c == '"' || *c == '\'';
	h->name = name;
	h->quoted = q_raw != q_name;
	h->strip_tabs = strip;
	h->fd = (int)fd;
	return true;
}

/* copy -> (COPY|ADD) [--flag=v]… src… dest   |   (COPY|ADD) [--flag=v]… json-array */
static void parse_copy(pl_df__parser *p, pl_df_instr *in)
{
	pl_df_copy *c = &in->as.copy;
	const char *kw = pl_instr_keyword(in->kind);
	parse_form(p, in, 0, true);
	c->srcs = in->argv;
	if (in->argc < 2) {
		c->nsrcs = in->argc;
		pl_df__error(p, all_args_span(in), "'%s' requires at least two arguments (source and destination)", kw);
		return;
	}
	c->nsrcs = in->argc - 1;
	c->dest = in->argv[in->argc - 1];
	pl_df_heredoc h = {0};
	if (!(in->bits & PL_DF_JSON) && heredoc_word(p, c->dest.raw, strlen(c->dest.raw), &h))
		pl_df__error(p, c->dest.span, "'%s' cannot take a heredoc as its destination", kw);
}

/* Fill kv from the raw pair args[lo, hi) split at eq (hi when there is no '='). */
static void make_kv(pl_df__parser *p, const pl_df_instr *in, pl_df_kv *kv, size_t lo, size_t eq,
                    size_t vlo, size_t hi)
{
	const char *a = in->args;
	kv->span = args_span(in, lo, hi);
	kv->key_span = args_span(in, lo, eq);
	kv->key = pl_df__unquote(p->arena, a + lo, eq - lo, p->escape);
	if (vlo <= hi && eq < hi) {
		kv->value_span = vlo < hi ? args_span(in, vlo, hi) : pl_span_make(pl_span_end(kv->span), pl_span_end(kv->span));
		kv->raw_value = pl_arena_strndup(p->arena, a + vlo, hi - vlo);
		kv->value = plain(p, kv->raw_value, hi - vlo)
		                ? kv->raw_value /* nothing to unquote: share */
		                : pl_df__unquote(p->arena, kv->raw_value, hi - vlo, p->escape);
	} else {
		kv->value_span = pl_span_make(pl_span_end(kv->span), pl_span_end(kv->span));
	}
}

/*
** env   -> (ENV|LABEL) name '=' [value] { name '=' [value] }
**        | (ENV|LABEL) name blank value-text          (legacy: one pair)
** arg   -> ARG name ['=' [value]] { name ['=' [value]] }
*/
static void parse_kvs(pl_df__parser *p, pl_df_instr *in)
{
	const char *kw = pl_instr_keyword(in->kind);
	const char *a = in->args;
	shell_words(p, in, 0);
	if (in->argc == 0) {
		pl_df__error(p, in->keyword, "'%s' requires at least one argument", kw);
		return;
	}
	PL_VEC(pl_df_kv) kvs = {0};
	kvs.cap = in->argc; /* at most one pair per word */
	kvs.v = pl_arena_alloc(p->arena, kvs.cap * sizeof(pl_df_kv));
	bool arg = in->kind == PL_INSTR_ARG;
	pl_df__tok t;
	size_t pos = 0;
	pl_df__next_word(a, &pos, in->args_len, p->escape, &t);
	if (!arg && !memchr(a + t.lo, '=', t.hi - t.lo)) {
		/* Legacy form: the key ends at the first blank, the value is all the rest. */
		size_t k = 0;
		while (k < in->args_len && !pl_df__is_space(a[k]))
			k++;
		size_t v = skip_space(a, k, in->args_len);
		pl_df_kv *kv = PL_VEC_PUSH(p->arena, &kvs);
		kv->legacy = true;
		make_kv(p, in, kv, 0, k, v, in->args_len);
		if (v >= in->args_len)
			pl_df__error(p, all_args_span(in), "missing value for '%s' in '%s'",
			             pl_df__quote(p->arena, a, k), kw);
	} else {
		pos = 0;
		for (size_t i = 0; pl_df__next_word(a, &pos, in->args_len, p->escape, &t); i++) {
			const char *eqp = memchr(a + t.lo, '=', t.hi - t.lo);
			size_t eq = eqp ? (size_t)(eqp - a) : t.hi;
			if (!eqp && !arg) {
				pl_df__error(p, in->argv[i].span, "missing '=' in '%s' (expected name=value)",
				             pl_df__quote(p->arena, a + t.lo, t.hi - t.lo));
				continue;
			}
			pl_df_kv *kv = PL_VEC_PUSH(p->arena, &kvs);
			make_kv(p, in, kv, t.lo, eq, eqp ? eq + 1 : t.hi + 1, t.hi);
			if (eq == t.lo)
				pl_df__error(p, in->argv[i].span, "empty name in '%s'", kw);
		}
	}
	in->kvs = kvs.v;
	in->nkvs = kvs.n;
}

/* healthcheck -> HEALTHCHECK NONE | HEALTHCHECK [--flag=v]… CMD (json-array | shell-text) */
static void parse_healthcheck(pl_df__parser *p, pl_df_instr *in)
{
	const char *a = in->args;
	size_t n = in->args_len;
	if (n == 0) {
		pl_df__error(p, in->keyword, "'HEALTHCHECK' requires at least one argument");
		return;
	}
	size_t sep = 0;
	while (sep < n && !pl_df__is_space(a[sep]))
		sep++;
	size_t rest = skip_space(a, sep, n);
	if (pl_strn_ieq(a, sep, "NONE")) {
		in->as.health.none = true;
		if (rest < n)
			pl_df__error(p, args_span(in, rest, n), "'HEALTHCHECK NONE' takes no arguments");
	} else if (pl_strn_ieq(a, sep, "CMD")) {
		in->as.health.cmd_kw = args_span(in, 0, sep);
		parse_form(p, in, rest, true);
		if (in->argc == 0)
			pl_df__error(p, in->as.health.cmd_kw, "missing command after 'HEALTHCHECK CMD'");
		else
			pl_df__parse_shell(p, in, rest);
	} else {
		pl_df__error(p, args_span(in, 0, sep), "unknown type '%s' in 'HEALTHCHECK' (try 'CMD')",
		             pl_df__quote(p->arena, a, sep));
	}
}

/* A did-you-mean suggestion for an unknown keyword, or NULL. */
static const char *suggest_keyword(const char *s, size_t n, pl_arena *a)
{
	if (n == 0 || n > 20)
		return NULL;
	const char *w = pl_arena_strndup(a, s, n);
	const char *best = NULL;
	size_t best_d = 3;
	for (size_t k = 1; k < PL_ARRAY_LEN(keywords); k++) {
		size_t d = pl_edit_distance(w, keywords[k], 2);
		if (d < best_d && d < n)
			best = keywords[k], best_d = d;
	}
	return best;
}

static pl_df_instr *parse_instr(pl_df__parser *p, const pl_df__line *ln, size_t lo, size_t hi,
                                pl_df_instr *parent);

/* onbuild -> ONBUILD instruction   (not ONBUILD, FROM or MAINTAINER) */
static void parse_onbuild(pl_df__parser *p, pl_df_instr *in, const pl_df__line *ln, size_t lo, size_t hi)
{
	if (lo >= hi) {
		pl_df__error(p, in->keyword, "'ONBUILD' requires at least one argument");
		return;
	}
	if (in->parent)
		return; /* ONBUILD ONBUILD: reported by the outer one; do not nest deeper */
	pl_df_instr *inner = parse_instr(p, ln, lo, hi, in);
	in->as.inner = inner;
	if (inner->kind == PL_INSTR_ONBUILD)
		pl_df__error(p, inner->keyword, "chaining 'ONBUILD ONBUILD' is not allowed");
	else if (inner->kind == PL_INSTR_FROM || inner->kind == PL_INSTR_MAINTAINER)
		pl_df__error(p, inner->keyword, "'%s' is not allowed as an 'ONBUILD' trigger",
		             pl_instr_keyword(inner->kind));
}

/*
** instruction -> keyword [flags] args
** Parse ln->text[lo, hi) as one instruction (parent: the ONBUILD that wraps it).
*/
static pl_df_instr *parse_instr(pl_df__parser *p, const pl_df__line *ln, size_t lo, size_t hi,
                                pl_df_instr *parent)
{
	const char *s = ln->text;
	lo = skip_space(s, lo, hi);
	while (hi > lo && pl_df__is_space(s[hi - 1]))
		hi--;
	pl_df_instr *in = pl_arena_alloc(p->arena, sizeof(*in));
	size_t k = lo;
	while (k < hi && !pl_df__is_space(s[k]))
		k++;
	in->kind = pl_instr_lookup(s + lo, k - lo);
	in->keyword = pl_textmap_span(&ln->map, lo, k);
	in->span = pl_span_make(in->keyword.off, ln->end);
	in->parent = parent;
	in->index = parent ? parent->index : p->instrs.n;
	size_t a = parse_flags(p, in, ln, skip_space(s, k, hi), hi);
	a = skip_space(s, a, hi);
	in->args = pl_arena_strndup(p->arena, s + a, hi - a);
	in->args_len = hi - a;
	in->args_map = pl_df__map_sub(p->arena, &ln->map, a, hi);
	if (in->kind != PL_INSTR_UNKNOWN)
		check_flags(p, in);

	switch (in->kind) {
	case PL_INSTR_UNKNOWN: {
		const char *word = pl_df__quote(p->arena, s + lo, k - lo);
		const char *best = suggest_keyword(s + lo, k - lo, p->arena);
		if (best)
			pl_df__error(p, in->keyword, "unknown instruction '%s' (did you mean '%s'?)", word, best);
		else
			pl_df__error(p, in->keyword, "unknown instruction '%s'", word);
		break;
	}
	case PL_INSTR_FROM:
		parse_from(p, in);
		break;
	case PL_INSTR_RUN:
	case PL_INSTR_CMD:
	case PL_INSTR_ENTRYPOINT:
		parse_form(p, in, 0, true); /* the shell is parsed once heredocs are read */
		break;
	case PL_INSTR_SHELL:
		parse_form(p, in, 0, true);
		if (in->args_len && !(in->bits & PL_DF_JSON))
			pl_df__error(p, all_args_span(in), "'SHELL' requires the JSON form (e.g. [\"/bin/sh\", \"-c\"])");
		else if (in->argc == 0)
			pl_df__error(p, all_args_span(in), "'SHELL' requires at least one argument");
		break;
	case PL_INSTR_COPY:
	case PL_INSTR_ADD:
		parse_copy(p, in);
		break;
	case PL_INSTR_VOLUME:
		parse_form(p, in, 0, true);
		if (in->argc == 0)
			pl_df__error(p, all_args_span(in), "'VOLUME' requires at least one argument");
		break;
	case PL_INSTR_ENV:
	case PL_INSTR_LABEL:
	case PL_INSTR_ARG:
		parse_kvs(p, in);
		break;
	case PL_INSTR_EXPOSE:
		parse_form(p, in, 0, false);
		if (in->argc == 0)
			pl_df__error(p, in->keyword, "'EXPOSE' requires at least one argument");
		break;
	case PL_INSTR_MAINTAINER:
	case PL_INSTR_USER:
	case PL_INSTR_WORKDIR:
	case PL_INSTR_STOPSIGNAL:
		parse_string(p, in);
		break;
	case PL_INSTR_ONBUILD:
		parse_onbuild(p, in, ln, a, hi);
		break;
	case PL_INSTR_HEALTHCHECK:
		parse_healthcheck(p, in);
		break;
	case PL_INSTR__COUNT:
		PL_ASSERT(!"PL_INSTR__COUNT is not a kind"); /* pl_instr_lookup never returns it */
		break;
	}
	return in;
}

/*
** Find the heredocs of t (RUN, COPY or ADD in shell form, maybe inside
** ONBUILD) among the words of the whole line, split as BuildKit's
** heredocsFromLine does ('\' escapes, quotes kept), and read their
** bodies, in order, from the lines after the instruction.
*/
static void read_heredocs(pl_df__parser *p, pl_df_instr *t, const pl_df__line *ln)
{
	if (!(t->kind == PL_INSTR_RUN || t->kind == PL_INSTR_COPY || t->kind == PL_INSTR_ADD) ||
	    (t->bits & PL_DF_JSON))
		return;
	bool has = false;
	for (size_t i = 0; i + 1 < ln->len && !has; i++)
		has = ln->text[i] == '<' && ln->text[i + 1] == '<';
	if (!has)
		return;
	PL_VEC(pl_df_heredoc) docs = {0};
	pl_df__tok w;
	for (size_t pos = 0; pl_df__next_word(ln->text, &pos, ln->len, '\\', &w);) {
		pl_df_heredoc h = {0};
		if (!heredoc_word(p, ln->text + w.lo, w.hi - w.lo, &h))
			continue;
		h.span = pl_textmap_span(&ln->map, w.lo, w.hi);
		*PL_VEC_PUSH(p->arena, &docs) = h;
	}
	bool reported = false;
	for (size_t i = 0; i < docs.n; i++) {
		pl_df_heredoc *h = &docs.v[i];
		pl_df__read_heredoc(p, h);
		if (h->unterminated && !reported) {
			pl_df__error(p, h->span, "unterminated heredoc '%s'",
			             pl_df__quote(p->arena, h->name, strlen(h->name)));
			reported = true;
		}
	}
	t->heredocs = docs.v;
	t->nheredocs = docs.n;
}

/* ---- stages and global ARGs ----------------------------------------- */

/*
** A map from names to values, an open-addressing hash table in the
** arena: global ARG name -> default value, lowercased stage name -> stage.
*/
typedef struct name_slot {
	const char *name;  /* NULL for a free slot */
	const void *value; /* ARG: its default (NULL when declared without one); stage: the stage */
} name_slot;

typedef struct name_map {
	pl_arena *arena;   /* where the slots live */
	name_slot *slots;  /* cap entries */
	size_t cap;        /* a power of two, or 0 */
	size_t n;          /* slots in use, kept under cap / 2 */
} name_map;

static size_t hash(const char *s, size_t n)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The slot of name[0, n): its entry, or the free slot where it belongs; NULL when the map is empty. */
static name_slot *map_find(const name_map *m, const char *name, size_t n)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash(name, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		name_slot *s = &m->slots[i];
		if (!s->name || (strncmp(s->name, name, n) == 0 && s->name[n] == '\0'))
			return s;
	}
}

static void map_set(name_map *m, const char *name, const void *value)
{
	if (2 * (m->n + 1) > m->cap) {
		name_map g = {m->arena, NULL, m->cap ? m->cap * 2 : 16, 0};
		g.slots = pl_arena_alloc(m->arena, g.cap * sizeof(name_slot));
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i].name)
				*map_find(&g, m->slots[i].name, strlen(m->slots[i].name)) = m->slots[i];
		g.n = m->n;
		*m = g;
	}
	name_slot *s = map_find(m, name, strlen(name));
	if (!s->name)
		m->n++;
	s->name = name;
	s->value = value;
}

static const void *map_get(const name_map *m, const char *name, size_t n)
{
	name_slot *s = map_find(m, name, n);
	return s && s->name ? s->value : NULL;
}

/* pl_df_lookup_fn over the map of global ARGs. */
static const char *arg_lookup(void *ud, const char *name, size_t n)
{
	return map_get(ud, name, n);
}

static char *lowercase(pl_arena *a, const char *s)
{
	char *d = pl_arena_strdup(a, s);
	for (char *c = d; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return d;
}

/* Expand a raw word with the global ARGs; unknown variables stay as written. */
static char *expand_global(pl_df__parser *p, name_map *m, const char *raw)
{
	return pl_df__process(p->arena, raw, strlen(raw), p->escape, PL_DF__KEEP_UNSET, arg_lookup,
	                      NULL, m);
}

/*
** stages -> { ARG } { FROM { instruction } }
** Give every instruction its stage, collect the global ARGs, and parse
** each FROM image after expanding the global ARG defaults.
*/
static void build_stages(pl_df__parser *p, pl_dockerfile *df)
{
	size_t nstages = 0, nglobal = 0;
	for (size_t i = 0; i < p->instrs.n; i++) {
		pl_instr_kind k = p->instrs.v[i]->kind;
		if (k == PL_INSTR_FROM)
			nstages++;
		else if (nstages == 0 && k == PL_INSTR_ARG)
			nglobal++;
	}
	df->stages = pl_arena_alloc(p->arena, (nstages ? nstages : 1) * sizeof(pl_df_stage));
	df->global_args = pl_arena_alloc(p->arena, (nglobal ? nglobal : 1) * sizeof(pl_df_instr *));
	name_map args = {p->arena, NULL, 0, 0};   /* global ARG -> default */
	name_map names = {p->arena, NULL, 0, 0};  /* lowercased stage name -> latest stage so named */

	/* Pass 1: stage bounds, global ARGs, FROM references. */
	pl_df_stage *cur = NULL;
	for (size_t i = 0; i < p->instrs.n; i++) {
		pl_df_instr *in = p->instrs.v[i];
		if (in->kind == PL_INSTR_FROM) {
			cur = &df->stages[df->nstages];
			cur->index = df->nstages++;
			cur->from = in;
			pl_df_from *f = &in->as.from;
			if (f->name.span.len)
				cur->name = f->name.value;
			if (f->image.raw) {
				const char *image = expand_global(p, &args, f->image.raw);
				pl_df_imageref_parse(&f->ref, p->arena, image);
				const char *key = lowercase(p->arena, image);
				f->base = map_get(&names, key, strlen(key));
				cur->base = f->base;
			}
			if (cur->name)
				map_set(&names, lowercase(p->arena, cur->name), cur);
		} else if (!cur && in->kind == PL_INSTR_ARG) {
			df->global_args[df->nglobal_args++] = in;
			for (size_t k = 0; k < in->nkvs; k++) {
				const pl_df_kv *kv = &in->kvs[k];
				map_set(&args, kv->key, kv->raw_value ? expand_global(p, &args, kv->raw_value) : NULL);
			}
		} /* other instructions before FROM: a rule's business (hadolint DL3061), not syntax */
		if (cur)
			cur->ninstrs++;
	}
	/* Pass 2: the instruction lists. */
	for (size_t s = 0; s < df->nstages; s++) {
		df->stages[s].instrs = pl_arena_alloc(p->arena, df->stages[s].ninstrs * sizeof(pl_df_instr *));
		df->stages[s].ninstrs = 0;
	}
	cur = NULL;
	for (size_t i = 0; i < p->instrs.n; i++) {
		pl_df_instr *in = p->instrs.v[i];
		if (in->kind == PL_INSTR_FROM)
			cur = cur ? cur + 1 : df->stages;
		if (!cur)
			continue;
		cur->instrs[cur->ninstrs++] = in;
		in->stage = cur;
		if (in->kind == PL_INSTR_ONBUILD && in->as.inner)
			in->as.inner->stage = cur;
	}
	if (df->nstages)
		df->stages[df->nstages - 1].is_last = true;
}

/* Errors in file order (stable: the order they were found breaks ties). */
typedef struct seq_error {
	pl_df_error e; /* the error */
	size_t seq;    /* the order it was found in */
} seq_error;

static int cmp_error(const void *a, const void *b)
{
	const seq_error *x = a, *y = b;
	if (x->e.span.off != y->e.span.off)
		return x->e.span.off < y->e.span.off ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_errors(pl_df__parser *p)
{
	size_t n = p->errors.n;
	if (n < 2)
		return;
	seq_error *tmp = pl_arena_alloc(p->arena, n * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		tmp[i].e = p->errors.v[i], tmp[i].seq = i;
	qsort(tmp, n, sizeof(*tmp), cmp_error);
	for (size_t i = 0; i < n; i++)
		p->errors.v[i] = tmp[i].e;
}

/* dockerfile -> [BOM] { directive } { comment | blank | instruction { heredoc-body } } */
void pl_dockerfile_parse(pl_dockerfile *df, pl_arena *arena, const pl_source *src)
{
	memset(df, 0, sizeof(*df));
	pl_df__parser p = {0};
	pl_df__toks toks = {0};
	p.toks = &toks;
	p.arena = arena;
	p.src = src;
	p.text = src->text;
	p.len = src->len;
	p.escape = '\\';
	df->src = src;

	if (src->has_nul) {
		size_t at = (size_t)((const char *)memchr(src->text, '\0', src->len) - src->text);
		pl_df__error(&p, pl_span_make(at, at + 1), "file holds a NUL byte (not a text file)");
		p.pos = p.len; /* parse nothing of a binary file */
	} else if (src->bad_utf8) {
		size_t at = src->bad_utf8_off;
		pl_df__error(&p, pl_span_make(at, at + 1), "invalid UTF-8 byte 0x%02X",
		             (unsigned char)src->text[at]);
	}

	pl_df__line ln;
	while (pl_df__next_line(&p, &ln)) {
		if (ln.eof_cont)
			pl_df__error(&p, pl_span_make(ln.eof_esc, ln.eof_esc + 1), "line continuation at end of file");
		if (skip_space(ln.text, 0, ln.len) == ln.len)
			continue; /* only a continuation character */
		pl_df_instr *in = parse_instr(&p, &ln, 0, ln.len, NULL);
		if (ln.empty_cont)
			in->bits |= PL_DF_EMPTY_CONT;
		pl_df_instr *t = in->kind == PL_INSTR_ONBUILD && in->as.inner ? in->as.inner : in;
		read_heredocs(&p, t, &ln);
		if (t->kind == PL_INSTR_RUN || t->kind == PL_INSTR_CMD || t->kind == PL_INSTR_ENTRYPOINT)
			pl_df__parse_shell(&p, t, 0);
		*PL_VEC_PUSH(arena, &p.instrs) = in;
	}
	build_stages(&p, df);
	sort_errors(&p);

	df->escape = p.escape;
	df->directives = p.directives.v;
	df->ndirectives = p.directives.n;
	df->instrs = p.instrs.v;
	df->ninstrs = p.instrs.n;
	df->comments = p.comments.v;
	df->ncomments = p.comments.n;
	df->errors = p.errors.v;
	df->nerrors = p.errors.n;
}

/* ---- lookups -------------------------------------------------------- */

const pl_df_flag *pl_df_flag_find(const pl_df_instr *in, const char *name)
{
	for (size_t i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			return &in->flags[i];
	return NULL;
}

const pl_df_directive *pl_df_directive_find(const pl_dockerfile *df, const char *name)
{
	for (size_t i = 0; i < df->ndirectives; i++)
		if (pl_str_ieq(df->directives[i].name, name))
			return &df->directives[i];
	return NULL;
}

const pl_df_stage *pl_df_stage_find(const pl_dockerfile *df, const char *name, size_t before)
{
	const pl_df_stage *found = NULL;
	for (size_t i = 0; i < df->nstages && i < before; i++)
		if (df->stages[i].name && pl_str_ieq(df->stages[i].name, name))
			found = &df->stages[i];
	return found;
}
