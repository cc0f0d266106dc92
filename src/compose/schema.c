/*
** Validation of one compose document against the Compose Specification's
** JSON schema (the tables of schema_gen.c), as compose-go validates it:
** after interpolation, and after its casts of strings to numbers and
** booleans.  Every problem is reported, each on the exact key or value
** (at the use site when reached through an alias or '<<', with a note at
** the definition), and the walk goes on past it.  The checks the schema
** does not state (Go durations, restart policies, the short syntax of
** ports and volumes) are the rows' formats.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>

enum { PATH_DEPTH = 48 };      /* keys from the root the walk follows */
enum { CANON_BUDGET = 1 << 16 };/* bytes of an item's canonical form, for uniqueItems */

/* The JSON type of a value. */
typedef enum jtype { J_NULL, J_BOOL, J_INT, J_FLOAT, J_STR, J_ARR, J_OBJ } jtype;

/* One step of the path from the root: a key, or a list index. */
typedef struct step {
	const char *key;  /* the key, or NULL for a list item */
	size_t len;       /* its length */
	size_t index;     /* the item's index when key is NULL */
} step;

typedef struct V {
	pl_compose__L *L;
	pl_compose_file *f;        /* the file of the document */
	step path[PATH_DEPTH];       /* where the walk is */
	size_t depth;              /* steps in path */
	int quiet;                 /* > 0: count errors, do not report (trying oneOf alternatives) */
	size_t nerr;               /* errors while quiet */
} V;

/* A scalar as the schema sees it. */
typedef struct scal {
	jtype t;
	const char *text;     /* the (interpolated) text */
	size_t len;
	pl_yaml_value val;    /* numbers and booleans */
	bool uncertain;       /* it used an unset variable: no value checks */
	bool interpolated;    /* the text differs from the scalar's own */
	bool cast_failed;     /* a string Compose cannot convert for this key */
} scal;

/* ------------------------------------------------------------------ */
/* Regular expressions: all compiled once per process, on first use
** (pthread_once, so lint threads may race to it), freed at exit.  Each
** match gets its own match data: threads share only the compiled code,
** which PCRE2 allows. */

static pcre2_code **codes;
static pthread_once_t codes_once = PTHREAD_ONCE_INIT;

static void free_codes(void)
{
	for (size_t i = 0; codes && i < pl_cs_npatterns; i++)
		pcre2_code_free(codes[i]);
	free(codes);
	codes = NULL;
}

static void compile_codes(void)
{
	codes = pl_xcalloc(pl_cs_npatterns, sizeof(*codes));
	for (size_t p = 0; p < pl_cs_npatterns; p++) {
		int err;
		PCRE2_SIZE off;
		codes[p] = pcre2_compile((PCRE2_SPTR)pl_cs_patterns[p], PCRE2_ZERO_TERMINATED, PCRE2_UTF,
		                         &err, &off, NULL);
		PL_ASSERT(codes[p]); /* the generator emits only patterns PCRE2 compiles (checked by test_compose) */
	}
	atexit(free_codes);
}

/* s[0..n) matches pattern p (unanchored, as JSON Schema reads it). */
static bool in_class(char c, const char *extra)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr(extra, c));
}

int pl_compose__pattern_by_hand(const char *pat, const char *s, size_t n)
{
	if (strcmp(pat, "^x-") == 0) /* every extension key */
		return n >= 2 && s[0] == 'x' && s[1] == '-';
	if (strcmp(pat, ".+") == 0) { /* a character that is not a newline */
		for (size_t i = 0; i < n; i++)
			if (s[i] != '\n')
				return 1;
		return 0;
	}
	size_t m = n && s[n - 1] == '\n' ? n - 1 : n; /* what '^...+$' must cover */
	if (strcmp(pat, "^.+$") == 0)
		return m > 0 && !memchr(s, '\n', m);
	if (strcmp(pat, "^[a-zA-Z0-9._-]+$") == 0 || strcmp(pat, "^[a-z]+$") == 0) {
		bool lower = strcmp(pat, "^[a-z]+$") == 0;
		for (size_t i = 0; i < m; i++)
			if (lower ? !(s[i] >= 'a' && s[i] <= 'z') : !in_class(s[i], "._-"))
				return 0;
		return m > 0;
	}
	if (strcmp(pat, "[a-zA-Z0-9][a-zA-Z0-9_.-]+") == 0) {
		for (size_t i = 0; i + 1 < n; i++)
			if (in_class(s[i], "") && in_class(s[i + 1], "_.-"))
				return 1;
		return 0;
	}
	return -1;
}

static bool matches(size_t p, const char *s, size_t n)
{
	int simple = pl_compose__pattern_by_hand(pl_cs_patterns[p], s, n);
	if (simple >= 0)
		return simple;
	pthread_once(&codes_once, compile_codes);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(codes[p], NULL);
	if (!md)
		pl_die_oom(0);
	int rc = pcre2_match(codes[p], (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* ------------------------------------------------------------------ */
/* Where we are, in words.                                              */

static const char *entity_word(const step *s)
{
	static const char *const maps[][2] = {{"services", "service"}, {"networks", "network"},
	                                      {"volumes", "volume"},   {"secrets", "secret"},
	                                      {"configs", "config"},   {"models", "model"}};
	for (size_t i = 0; s->key && i < PL_ARRAY_LEN(maps); i++)
		if (strlen(maps[i][0]) == s->len && memcmp(maps[i][0], s->key, s->len) == 0)
			return maps[i][1];
	return NULL;
}

/* path[from..to) as "healthcheck.interval" or "ports[0].target". */
static const char *dotted(V *v, size_t from, size_t to)
{
	char buf[512];
	size_t n = 0;
	for (size_t i = from; i < to && n < sizeof(buf) - 32; i++) {
		const step *s = &v->path[i];
		int w;
		if (s->key)
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s", i > from ? "." : "",
			             pl_compose__quote(v->L->a, s->key, s->len));
		else
			w = snprintf(buf + n, sizeof(buf) - n, "[%zu]", s->index);
		if (w < 0)
			break;
		n += (size_t)w;
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
	}
	return pl_arena_strndup(v->L->a, buf, n);
}

/* The thing at path[0..depth): "the top level", "service 'api'", "'healthcheck' of service 'api'". */
static const char *subject(V *v, size_t depth)
{
	if (depth == 0)
		return "the top level";
	const char *ent = depth >= 2 && v->path[1].key ? entity_word(&v->path[0]) : NULL;
	if (!ent)
		return pl_arena_printf(v->L->a, "'%s'", dotted(v, 0, depth));
	const char *name = pl_compose__quote(v->L->a, v->path[1].key, v->path[1].len);
	if (depth == 2)
		return pl_arena_printf(v->L->a, "%s '%s'", ent, name);
	return pl_arena_printf(v->L->a, "'%s' of %s '%s'", dotted(v, 2, depth), ent, name);
}

static const char *jtype_name(jtype t)
{
	switch (t) {
	case J_NULL: return "null";
	case J_BOOL: return "a boolean";
	case J_INT: return "an integer";
	case J_FLOAT: return "a number";
	case J_STR: return "a string";
	case J_ARR: return "a list";
	case J_OBJ: return "a mapping";
	}
	return "?";
}

/* "a string or a list" from PL_CS_* bits. */
static const char *types_words(pl_arena *a, unsigned bits)
{
	static const struct {
		unsigned bit;
		const char *word;
	} names[] = {{PL_CS_STR, "a string"}, {PL_CS_NUM, "a number"}, {PL_CS_INT, "an integer"},
	             {PL_CS_BOOL, "a boolean"}, {PL_CS_ARR, "a list"}, {PL_CS_OBJ, "a mapping"},
	             {PL_CS_NULL, "null"}};
	if (bits & PL_CS_NUM)
		bits &= ~(unsigned)PL_CS_INT;
	const char *w[8];
	size_t n = 0;
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (bits & names[i].bit)
			w[n++] = names[i].word;
	if (n == 0)
		return "nothing";
	const char *out = w[0];
	for (size_t i = 1; i < n; i++)
		out = pl_arena_printf(a, "%s%s%s", out, i + 1 == n ? " or " : ", ", w[i]);
	return out;
}

/* ------------------------------------------------------------------ */
/* Reporting.                                                           */

/*
** Report at span of node n (in v->f), or at the use site when n was
** reached through one; then a note points at n.  NULL when quiet.
*/
static pl_compose_problem *report(V *v, pl_compose_problem_kind kind, const pl_yaml_node *site,
                                  pl_span span, const char *fmt, ...) PL_PRINTF(5, 6);
static pl_compose_problem *report(V *v, pl_compose_problem_kind kind, const pl_yaml_node *site,
                                  pl_span span, const char *fmt, ...)
{
	if (v->quiet) {
		v->nerr++;
		return NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	const char *msg = pl_arena_vprintf(v->L->a, fmt, ap);
	va_end(ap);
	pl_compose_problem *p = pl_compose__problem(v->L, kind, v->f->src, site ? site->span : span,
	                                            "%s", msg);
	if (site)
		pl_compose__note(v->L, p, v->f->src, span, "defined here");
	return p;
}

/* The span of text[off..off+len) of scalar n, when the text is the scalar's own; else n's span. */
static pl_span part_span(V *v, const pl_yaml_node *n, const scal *sv, size_t off, size_t len)
{
	if (sv->interpolated)
		return n->span;
	size_t *map = pl_compose__offsets(v->L->a, v->f->src, n);
	if (!map || off + len > n->as.scalar.len)
		return n->span;
	return len ? pl_span_make(map[off], map[off + len - 1] + 1) : pl_span_make(map[off], map[off]);
}

/* ------------------------------------------------------------------ */
/* Scalars.                                                             */

/*
** f is a whole number a long long holds (JSON Schema's "integer" takes
** 3.0). NaN, the infinities and what is out of range are not: casting
** them would be undefined (.nan and .inf are YAML floats).
*/
static bool is_whole(double f)
{
	return f >= -9223372036854775808.0 && f < 9223372036854775808.0 && f == (double)(long long)f;
}

static scal classify(V *v, const pl_yaml_node *n, int cast)
{
	scal sv;
	memset(&sv, 0, sizeof(sv));
	if (n->kind == PL_YAML_SEQUENCE) {
		sv.t = J_ARR;
		return sv;
	}
	if (n->kind == PL_YAML_MAPPING) {
		sv.t = J_OBJ;
		return sv;
	}
	sv.text = n->as.scalar.value;
	sv.len = n->as.scalar.len;
	switch (pl_yaml_resolve(n, PL_YAML_CORE, &sv.val)) {
	case PL_YAML_TYPE_NULL: sv.t = J_NULL; return sv;
	case PL_YAML_TYPE_BOOL: sv.t = J_BOOL; return sv;
	case PL_YAML_TYPE_INT: sv.t = J_INT; return sv;
	case PL_YAML_TYPE_FLOAT:
		sv.t = is_whole(sv.val.f) ? J_INT : J_FLOAT;
		if (sv.t == J_INT)
			sv.val.i = (long long)sv.val.f;
		return sv;
	default: sv.t = J_STR; break;
	}
	const pl_compose_interp *it = pl_compose__interp(v->L, v->f, n, true);
	if (it) {
		sv.text = it->value;
		sv.len = strlen(it->value);
		sv.uncertain = it->uncertain;
		sv.interpolated = true;
	}
	if (cast != PL_CS_CAST_NONE && !sv.uncertain) {
		pl_yaml_value cv;
		if (memchr(sv.text, '\0', sv.len) || pl_compose__cast(cast, sv.text, &cv) < 0) {
			sv.cast_failed = true;
			return sv;
		}
		sv.val = cv;
		sv.t = cv.type == PL_YAML_TYPE_BOOL ? J_BOOL : cv.type == PL_YAML_TYPE_INT ? J_INT : J_FLOAT;
	}
	return sv;
}

static bool accepts(unsigned types, jtype t, const scal *sv)
{
	if (!types)
		return true;
	switch (t) {
	case J_NULL: return types & PL_CS_NULL;
	case J_BOOL: return types & PL_CS_BOOL;
	case J_INT: return types & (PL_CS_INT | PL_CS_NUM);
	case J_FLOAT: return (types & PL_CS_NUM) || ((types & PL_CS_INT) && is_whole(sv->val.f));
	case J_STR: return types & PL_CS_STR;
	case J_ARR: return types & PL_CS_ARR;
	case J_OBJ: return types & PL_CS_OBJ;
	}
	return false;
}

static const char *cast_words(int cast)
{
	return cast == PL_CS_CAST_INT ? "an integer" : cast == PL_CS_CAST_FLOAT ? "a number"
	                                                : "a boolean ('true' or 'false')";
}

static const char *shown(V *v, const scal *sv)
{
	return pl_compose__quote(v->L->a, sv->text, sv->len);
}

/* PL0004: a port spec (short syntax string, or a number). */
static void check_port(V *v, const pl_yaml_node *n, const pl_yaml_node *site, const scal *sv)
{
	pl_compose_port_spec ps;
	if (pl_compose_parse_port(sv->text, sv->len, &ps) == 0)
		return;
	pl_span at = part_span(v, n, sv, ps.err_off, ps.err_len);
	const char *colon = ps.err_len ? memchr(sv->text + ps.err_off, ':', ps.err_len) : NULL;
	if (colon && strcmp(ps.error, "host and container port ranges differ in size") == 0) {
		size_t hl = (size_t)(colon - (sv->text + ps.err_off));
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at,
		       "invalid port '%s': host range '%s' and container range '%s' differ in size",
		       shown(v, sv), pl_compose__quote(v->L->a, sv->text + ps.err_off, hl),
		       pl_compose__quote(v->L->a, colon + 1, ps.err_len - hl - 1));
	} else if (ps.err_len)
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at, "invalid port '%s': %s '%s'%s", shown(v, sv),
		       ps.error, pl_compose__quote(v->L->a, sv->text + ps.err_off, ps.err_len), ps.hint);
	else
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at, "invalid port '%s': %s%s", shown(v, sv),
		       ps.error, ps.hint);
}

/* PL0004: a volume in short syntax. */
static void check_volume(V *v, const pl_yaml_node *n, const pl_yaml_node *site, const scal *sv)
{
	pl_compose_volume_spec vs;
	const char *t = sv->text;
	if (pl_compose_parse_volume(t, sv->len, &vs) < 0) {
		pl_span at = part_span(v, n, sv, vs.err_off, vs.err_len);
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at, "invalid volume '%s': %s%s", shown(v, sv),
		       vs.error, vs.hint);
		return;
	}
	size_t off, len;
	if (vs.opt_len && pl_compose_volume_options(t + vs.opt_off, vs.opt_len, &off, &len)) {
		pl_span at = part_span(v, n, sv, vs.opt_off + off, len);
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at,
		       "invalid volume '%s': unknown option '%s' (expected ro, rw, nocopy, z, Z or a "
		       "propagation such as rshared)",
		       shown(v, sv), pl_compose__quote(v->L->a, t + vs.opt_off + off, len));
	}
	const char *d = t + vs.dst_off;
	bool absolute = vs.dst_len && (d[0] == '/' || d[0] == '\\'
	                              || (vs.dst_len >= 3 && d[1] == ':' && (d[2] == '\\' || d[2] == '/')));
	if (!absolute) {
		pl_span at = part_span(v, n, sv, vs.dst_off, vs.dst_len);
		report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, at,
		       "invalid volume '%s': the container path '%s' is not absolute", shown(v, sv),
		       pl_compose__quote(v->L->a, d, vs.dst_len));
	}
}

/* enum, pattern, minimum/maximum and the row's format. */
static void check_value(V *v, const pl_cs_node *s, const pl_yaml_node *n, const pl_yaml_node *site,
                        const scal *sv)
{
	if (sv->uncertain || sv->t == J_ARR || sv->t == J_OBJ)
		return;
#define what subject(v, v->depth) /* built only for a message */
	if (s->nenums) {
		bool ok = false;
		for (size_t i = 0; i < s->nenums && !ok; i++) {
			const char *e = pl_cs_strs[pl_cs_lists[s->enums + i]];
			ok = sv->t == J_STR && strlen(e) == sv->len && memcmp(e, sv->text, sv->len) == 0;
		}
		if (!ok) {
			const char *list = "";
			for (size_t i = 0; i < s->nenums; i++)
				list = pl_arena_printf(v->L->a, "%s%s'%s'", list,
				                       i == 0 ? "" : i + 1 == s->nenums ? " or " : ", ",
				                       pl_cs_strs[pl_cs_lists[s->enums + i]]);
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
			       "invalid value '%s' for %s (expected %s)", shown(v, sv), what, list);
			return;
		}
	}
	if (s->pattern >= 0 && sv->t == J_STR && !matches((size_t)s->pattern, sv->text, sv->len)) {
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
		       "invalid value '%s' for %s (expected to match '%s')", shown(v, sv), what,
		       pl_cs_patterns[s->pattern]);
		return;
	}
	if ((s->flags & (PL_CS_F_MIN | PL_CS_F_MAX)) && (sv->t == J_INT || sv->t == J_FLOAT)) {
		double x = sv->t == J_INT ? (double)sv->val.i : sv->val.f;
		bool low = (s->flags & PL_CS_F_MIN) && x < s->min;
		bool high = (s->flags & PL_CS_F_MAX) && x > s->max;
		if (low || high) {
			if ((s->flags & PL_CS_F_MIN) && (s->flags & PL_CS_F_MAX))
				report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
				       "out-of-range value '%s' for %s (expected %d to %d)", shown(v, sv), what,
				       (int)s->min, (int)s->max);
			else
				report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
				       "out-of-range value '%s' for %s (expected %s %d)", shown(v, sv), what,
				       low ? "at least" : "at most", (int)(low ? s->min : s->max));
			return;
		}
	}
	long long ns;
	size_t off, len;
	const char *err;
	switch (s->format) {
	case PL_CS_FMT_DURATION:
		if (sv->t == J_STR && (memchr(sv->text, '\0', sv->len) || pl_compose_parse_duration(sv->text, &ns) < 0))
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
			       "invalid duration '%s' for %s (expected a Go duration such as '30s' or '1m30s')",
			       shown(v, sv), what);
		break;
	case PL_CS_FMT_RESTART:
		if (sv->t == J_STR && !pl_compose_restart_ok(sv->text))
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span,
			       "invalid value '%s' for %s (expected 'no', 'always', 'on-failure', "
			       "'on-failure:N' or 'unless-stopped')",
			       shown(v, sv), what);
		break;
	case PL_CS_FMT_PORT:
		check_port(v, n, site, sv);
		break;
	case PL_CS_FMT_PORT_NUMBER:
		if (sv->t == J_INT && (sv->val.i < 0 || sv->val.i > 65535))
			report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, n->span,
			       "out-of-range port '%s' for %s (ports go from 0 to 65535)", shown(v, sv), what);
		break;
	case PL_CS_FMT_PORT_RANGE: {
		if (sv->t == J_INT && (sv->val.i < 0 || sv->val.i > 65535)) {
			report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, n->span,
			       "out-of-range port '%s' for %s (ports go from 0 to 65535)", shown(v, sv), what);
		} else if (sv->t == J_STR && sv->len) {
			pl_compose_port_spec ps;
			char *t = pl_arena_printf(v->L->a, "%.*s:1", (int)sv->len, sv->text);
			if (pl_compose_parse_port(t, sv->len + 2, &ps) < 0 && ps.err_off + ps.err_len <= sv->len)
				report(v, PL_COMPOSE_PROBLEM_SYNTAX, site,
				       part_span(v, n, sv, ps.err_off, ps.err_len), "%s '%s' for %s%s", ps.error,
				       pl_compose__quote(v->L->a, t + ps.err_off, ps.err_len), what, ps.hint);
		}
		break;
	}
	case PL_CS_FMT_PROTOCOL:
		if (sv->t == J_STR && !pl_str_ieq(sv->text, "tcp") && !pl_str_ieq(sv->text, "udp")
		    && !pl_str_ieq(sv->text, "sctp"))
			report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, n->span,
			       "unknown protocol '%s' for %s (expected 'tcp', 'udp' or 'sctp')", shown(v, sv),
			       what);
		break;
	case PL_CS_FMT_EXPOSE:
		if ((sv->t == J_STR || sv->t == J_INT) && (err = pl_compose_parse_expose(sv->text, sv->len, &off, &len))) {
			bool says_all = err[strlen(err) - 1] == ')'; /* the message needs no quoted part */
			report(v, PL_COMPOSE_PROBLEM_SYNTAX, site, part_span(v, n, sv, off, len),
			       "invalid exposed port '%s': %s%s%s%s", shown(v, sv), err, says_all ? "" : " '",
			       says_all ? "" : pl_compose__quote(v->L->a, sv->text + off, len), says_all ? "" : "'");
		}
		break;
	case PL_CS_FMT_VOLUME:
		if (sv->t == J_STR)
			check_volume(v, n, site, sv);
		break;
	default:
		break;
	}
#undef what
}

/* ------------------------------------------------------------------ */
/* The walk.                                                            */

static void check(V *v, uint16_t row, const pl_yaml_node *n, const pl_yaml_node *site,
                  const pl_yaml_node *key);

static void push_key(V *v, const pl_yaml_node *k)
{
	step *s = &v->path[v->depth++];
	s->key = k->as.scalar.value;
	s->len = k->as.scalar.len;
}

static void push_index(V *v, size_t i)
{
	step *s = &v->path[v->depth++];
	s->key = NULL;
	s->index = i;
}

/* The row of property name in s, or -1. */
static int find_prop(const pl_cs_node *s, const char *name, size_t len)
{
	size_t lo = s->props, hi = (size_t)s->props + s->nprops;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = pl_cs_props[mid].name;
		size_t pn = strlen(p);
		int c = memcmp(p, name, pn < len ? pn : len);
		if (c == 0)
			c = pn < len ? -1 : pn > len ? 1 : 0;
		if (c == 0)
			return pl_cs_props[mid].row;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The property of s closest to name, if close enough to be a typo. */
static const char *did_you_mean(const pl_cs_node *s, const char *name)
{
	size_t len = strlen(name);
	size_t max = len < 4 ? 1 : len < 8 ? 2 : 3;
	const char *best = NULL;
	size_t bestd = max + 1;
	for (size_t i = s->props; i < (size_t)s->props + s->nprops; i++) {
		size_t d = pl_edit_distance(name, pl_cs_props[i].name, max);
		if (d < bestd) {
			bestd = d;
			best = pl_cs_props[i].name;
		}
	}
	return best;
}

static void unknown_key(V *v, const pl_cs_node *s, const pl_yaml_node *k, const pl_yaml_node *site)
{
	const char *name = pl_compose__quote(v->L->a, k->as.scalar.value, k->as.scalar.len);
	if (!s->nprops && s->npats) {
		/* A map of names (services, volumes, …): the name breaks the pattern. */
		const char *ent = v->depth == 1 ? entity_word(&v->path[0]) : NULL;
		const char *pat = pl_cs_patterns[pl_cs_pats[s->pats].pattern];
		if (ent)
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, k->span,
			       "invalid %s name '%s' (expected to match '%s')", ent, name, pat);
		else
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, k->span,
			       "invalid key '%s' in %s (expected to match '%s')", name, subject(v, v->depth),
			       pat);
		return;
	}
	const char *dym = memchr(k->as.scalar.value, '\0', k->as.scalar.len) ? NULL
	                                                                       : did_you_mean(s, k->as.scalar.value);
	const char *hint = dym ? pl_arena_printf(v->L->a, " (did you mean '%s'?)", dym) : "";
	if (v->depth == 0)
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, k->span, "unknown top-level key '%s'%s", name,
		       hint);
	else
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, k->span, "unknown key '%s' in %s%s", name,
		       subject(v, v->depth), hint);
}

static void check_object(V *v, const pl_cs_node *s, const pl_yaml_node *n, const pl_yaml_node *site,
                         const pl_yaml_node *key)
{
	for (size_t i = 0; i < n->as.map.n; i++) {
		const pl_yaml_pair *p = &n->as.map.pairs[i];
		const pl_yaml_node *psite = site ? site : p->via;
		const pl_yaml_node *k = p->key;
		if (k->kind != PL_YAML_SCALAR) {
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, psite, k->span,
			       "invalid key in %s: a key must be a string, not %s", subject(v, v->depth),
			       k->kind == PL_YAML_SEQUENCE ? "a list" : "a mapping");
			continue;
		}
		bool known = false;
		if (v->depth >= PATH_DEPTH - 1)
			continue; /* deeper than any schema goes */
		push_key(v, k);
		int row = find_prop(s, k->as.scalar.value, k->as.scalar.len);
		if (row >= 0) {
			check(v, (uint16_t)row, p->value, psite ? psite : NULL, k);
			known = true;
		}
		for (size_t j = s->pats; j < (size_t)s->pats + s->npats; j++) {
			if (matches(pl_cs_pats[j].pattern, k->as.scalar.value, k->as.scalar.len)) {
				check(v, pl_cs_pats[j].row, p->value, psite, k);
				known = true;
			}
		}
		v->depth--;
		if (!known && (s->flags & PL_CS_F_CLOSED))
			unknown_key(v, s, k, psite);
	}
	for (size_t i = 0; i < s->nreq; i++) {
		const char *r = pl_cs_strs[pl_cs_lists[s->req + i]];
		if (!pl_yaml_get_pair(n, r))
			report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, key ? key->span : n->span,
			       "missing required key '%s' in %s", r, subject(v, v->depth));
	}
}

typedef PL_VEC(char) charvec;

/* A canonical form of n for uniqueItems (false when too big or uncertain). */
static bool canon(V *v, const pl_yaml_node *n, charvec *out, size_t budget)
{
	if (out->n > budget)
		return false;
	if (n->kind == PL_YAML_SCALAR) {
		scal sv = classify(v, n, PL_CS_CAST_NONE);
		if (sv.uncertain)
			return false;
		char tag = (char)('0' + (int)sv.t);
		*PL_VEC_PUSH(v->L->a, out) = tag;
		const char *t = sv.text;
		size_t len = sv.len;
		char num[64];
		if (sv.t == J_INT) {
			len = (size_t)snprintf(num, sizeof(num), "%lld", sv.val.i);
			t = num;
		} else if (sv.t == J_BOOL) {
			t = sv.val.b ? "true" : "false";
			len = strlen(t);
		} else if (sv.t == J_NULL) {
			len = 0;
		}
		for (size_t i = 0; i < len; i++)
			*PL_VEC_PUSH(v->L->a, out) = t[i];
		*PL_VEC_PUSH(v->L->a, out) = '\0';
		return true;
	}
	*PL_VEC_PUSH(v->L->a, out) = n->kind == PL_YAML_SEQUENCE ? '[' : '{';
	size_t cnt = pl_yaml_len(n);
	for (size_t i = 0; i < cnt; i++) {
		if (n->kind == PL_YAML_SEQUENCE) {
			if (!canon(v, n->as.seq.items[i], out, budget))
				return false;
		} else {
			/* Mapping keys in document order: equal mappings written in another order differ here,
			   which only misses a duplicate, never invents one. */
			if (!canon(v, n->as.map.pairs[i].key, out, budget)
			    || !canon(v, n->as.map.pairs[i].value, out, budget))
				return false;
		}
	}
	*PL_VEC_PUSH(v->L->a, out) = n->kind == PL_YAML_SEQUENCE ? ']' : '}';
	return true;
}

static void check_unique(V *v, const pl_yaml_node *n, const pl_yaml_node *site)
{
	pl_compose__strmap seen = {0};
	for (size_t i = 0; i < n->as.seq.n; i++) {
		const pl_yaml_node *item = n->as.seq.items[i];
		charvec c = {0};
		if (!canon(v, item, &c, CANON_BUDGET))
			continue;
		const pl_yaml_node *first = pl_compose__strmap_add(v->L->a, &seen, c.v, c.n, (void *)(uintptr_t)item);
		if (first == item)
			continue;
		push_index(v, i);
		const char *what = subject(v, v->depth - 1);
		v->depth--;
		const char *text = item->kind == PL_YAML_SCALAR
		                       ? pl_arena_printf(v->L->a, " '%s'", pl_compose__quote(v->L->a, item->as.scalar.value, item->as.scalar.len))
		                       : "";
		pl_compose_problem *p = report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, item->span,
		                               "duplicate item%s in %s", text, what);
		if (p && !site)
			pl_compose__note(v->L, p, v->f->src, first->span, "first listed here");
	}
}

static void check_array(V *v, const pl_cs_node *s, const pl_yaml_node *n, const pl_yaml_node *site)
{
	if (s->items && v->depth < PATH_DEPTH - 1) {
		for (size_t i = 0; i < n->as.seq.n; i++) {
			push_index(v, i);
			check(v, s->items, n->as.seq.items[i], site, NULL);
			v->depth--;
		}
	}
	if ((s->flags & PL_CS_F_UNIQUE) && n->as.seq.n > 1)
		check_unique(v, n, site);
}

static void check_one_of(V *v, const pl_cs_node *s, const pl_yaml_node *n, const pl_yaml_node *site,
                         const pl_yaml_node *key, const scal *sv)
{
	unsigned all = 0;
	uint16_t cand[8];
	size_t ncand = 0;
	for (size_t i = 0; i < s->noneof; i++) {
		uint16_t alt = pl_cs_lists[s->oneof + i];
		const pl_cs_node *a = &pl_cs_nodes[alt];
		all |= a->types ? a->types : 0x7F;
		if (accepts(a->types, sv->t, sv) && ncand < PL_ARRAY_LEN(cand))
			cand[ncand++] = alt;
	}
	if (ncand == 0) {
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span, "wrong type for %s: expected %s, got %s",
		       subject(v, v->depth), types_words(v->L->a, all), jtype_name(sv->t));
		return;
	}
	uint16_t pick = cand[0];
	if (ncand > 1) {
		/* Several alternatives take this type: the first that holds no error wins. */
		for (size_t i = 0; i < ncand; i++) {
			v->quiet++;
			size_t before = v->nerr;
			check(v, cand[i], n, site, key);
			v->quiet--;
			bool clean = v->nerr == before;
			v->nerr = before;
			if (clean) {
				pick = cand[i];
				break;
			}
		}
	}
	check(v, pick, n, site, key);
}

/*
** Check n against row.  site: the alias or '<<' source n was reached
** through (NULL when written here); key: the key naming n, if any.
*/
static void check(V *v, uint16_t row, const pl_yaml_node *n, const pl_yaml_node *site,
                  const pl_yaml_node *key)
{
	if (row == 0 || pl_compose__tagged(n, "!reset"))
		return;
	if (!site && pl_yaml_is_alias(n))
		site = n;
	if (pl_yaml_is_alias(n) && !n->alias_of)
		return; /* an undefined alias: PL0002 said so */
	const pl_cs_node *s = &pl_cs_nodes[row];
	scal sv = classify(v, n, s->cast);
	if (sv.cast_failed) {
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span, "invalid value '%s' for %s: expected %s",
		       shown(v, &sv), subject(v, v->depth), cast_words(s->cast));
		return;
	}
	if (s->noneof) {
		check_one_of(v, s, n, site, key, &sv);
		check_value(v, s, n, site, &sv);
		return;
	}
	if (!accepts(s->types, sv.t, &sv)) {
		report(v, PL_COMPOSE_PROBLEM_SCHEMA, site, n->span, "wrong type for %s: expected %s, got %s",
		       subject(v, v->depth), types_words(v->L->a, s->types), jtype_name(sv.t));
		return;
	}
	if (sv.t == J_OBJ)
		check_object(v, s, n, site, key);
	else if (sv.t == J_ARR)
		check_array(v, s, n, site);
	else
		check_value(v, s, n, site, &sv);
}

/* Record the interpolation of every scalar value, in document order (keys are not interpolated). */
static void collect(pl_compose__L *L, const pl_compose_file *f, const pl_yaml_node *n)
{
	if (!n || pl_yaml_is_alias(n))
		return;
	switch (n->kind) {
	case PL_YAML_SCALAR:
		pl_compose__interp(L, f, n, true);
		break;
	case PL_YAML_SEQUENCE:
		for (size_t i = 0; i < n->as.seq.n; i++)
			collect(L, f, n->as.seq.items[i]);
		break;
	case PL_YAML_MAPPING:
		for (size_t i = 0; i < n->as.map.info->nwritten; i++)
			collect(L, f, n->as.map.pairs[i].value);
		break;
	}
}

bool pl_compose__service_key(const char *name, size_t len)
{
	const pl_cs_node *root = &pl_cs_nodes[pl_cs_root];
	int services = find_prop(root, "services", 8);
	if (services < 0 || !pl_cs_nodes[services].npats)
		return false;
	const pl_cs_node *svc = &pl_cs_nodes[pl_cs_pats[pl_cs_nodes[services].pats].row];
	return find_prop(svc, name, len) >= 0;
}

void pl_compose__validate(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *root)
{
	collect(L, f, root);
	V v;
	memset(&v, 0, sizeof(v));
	v.L = L;
	v.f = f;
	check(&v, pl_cs_root, root, NULL, NULL);
}
