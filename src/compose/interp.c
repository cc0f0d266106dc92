/*
** Interpolation as compose-go's template package does it:
**
**     $$           a literal '$'
**     $V  ${V}     the value of V ('' when unset)
**     ${V:-d}      d when V is unset or empty       ${V-d}  d when V is unset
**     ${V:?e}      an error when V is unset or empty ${V?e}  an error when V is unset
**     ${V:+a}      a when V is set and not empty    ${V+a}  a when V is set
**
** A name is [_A-Za-z][_A-Za-z0-9]*.  The argument (d, e, a) runs to the
** '}' that balances the '${' (compose-go counts every '${' as an
** opening), and is itself interpolated, always, even when it is not used
** (as compose-go does: an error in an unused default is still an error).
** A '$' followed by anything else ('$1', '$(cmd)', a '$' at the end)
** is kept as it is: compose-go's pattern does not match it.  A '${'
** that does not start a reference makes the whole value invalid:
** '${', '${1}', '${}', '${V:x}', an unclosed '${V:-x'.
*/
#include "internal.h"

#include <string.h>

enum { MAX_DEPTH = 64 }; /* nested references; deeper is refused as malformed */

typedef PL_VEC(char) charbuf;

typedef struct sub {
	pl_arena *a;
	const pl_compose__env *env;
	const char *t;           /* the text */
	const size_t *map;       /* file offset of each byte of t, or NULL */
	pl_span whole;           /* the scalar, for references when map is NULL */
	PL_VEC(pl_compose_var) vars;
	bool malformed;          /* stop: the value is invalid */
	size_t bad;              /* where, in t */
	const char *error;       /* the first error (malformed, or a failed ':?') */
	bool failed;             /* a required variable had no acceptable value */
	bool uncertain;          /* an unset variable reached the result */
} sub;

static void put(sub *S, charbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*PL_VEC_PUSH(S->a, b) = s[i];
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static void malformed(sub *S, size_t at, const char *why)
{
	if (S->malformed)
		return;
	S->malformed = true;
	S->bad = at;
	S->error = why;
}

static pl_span ref_span(const sub *S, size_t lo, size_t hi)
{
	if (!S->map)
		return S->whole;
	return pl_span_make(S->map[lo], S->map[hi - 1] + 1);
}

/* The '}' balancing the '${' at t[at], counting every '${' inside; end when none. */
static size_t find_close(const char *t, size_t at, size_t end)
{
	int open = 0;
	for (size_t p = at; p < end; p++) {
		if (t[p] == '}') {
			if (--open == 0)
				return p;
		} else if (t[p] == '$' && p + 1 < end && t[p + 1] == '{') {
			open++;
			p++;
		}
	}
	return end;
}

static void run(sub *S, size_t i, size_t end, unsigned depth, bool used, charbuf *out);

/* A recorded reference; index into S->vars (the vector may move). */
static size_t add_var(sub *S, size_t lo, size_t hi, const char *name, size_t nlen,
                      pl_compose_op op, unsigned depth, bool used)
{
	pl_compose_var *v = PL_VEC_PUSH(S->a, &S->vars);
	memset(v, 0, sizeof(*v));
	v->name = pl_arena_strndup(S->a, name, nlen);
	v->span = ref_span(S, lo, hi);
	v->op = op;
	v->depth = depth;
	v->used = used;
	const char *val = pl_compose__env_get(S->env, name, nlen);
	v->set = val != NULL;
	v->empty = val && !*val;
	return S->vars.n - 1;
}

/*
** ${name OP arg}: t[at] is the '$', the name is t[ns..ne), the operator
** t[ne..as), the argument t[as..close).  Appends the result to out.
*/
static void braced_op(sub *S, size_t at, size_t ns, size_t ne, size_t as, size_t close,
                      unsigned depth, bool used, charbuf *out)
{
	const char *opt = S->t + ne;
	bool colon = opt[0] == ':';
	char c = colon ? opt[1] : opt[0];
	pl_compose_op op = c == '-' ? (colon ? PL_COMPOSE_OP_DEFAULT : PL_COMPOSE_OP_DEFAULT_UNSET)
	                 : c == '?' ? (colon ? PL_COMPOSE_OP_REQUIRED : PL_COMPOSE_OP_REQUIRED_UNSET)
	                            : (colon ? PL_COMPOSE_OP_ALT : PL_COMPOSE_OP_ALT_SET);
	size_t vi = add_var(S, at, close + 1, S->t + ns, ne - ns, op, depth, used);
	S->vars.v[vi].arg = pl_arena_strndup(S->a, S->t + as, close - as);
	const char *val = pl_compose__env_get(S->env, S->t + ns, ne - ns);
	bool set = val != NULL, nonempty = set && *val;

	bool take_arg; /* the argument's value is the result */
	switch (op) {
	case PL_COMPOSE_OP_DEFAULT: take_arg = !nonempty; break;
	case PL_COMPOSE_OP_DEFAULT_UNSET: take_arg = !set; break;
	case PL_COMPOSE_OP_ALT: take_arg = nonempty; break;
	case PL_COMPOSE_OP_ALT_SET: take_arg = set; break;
	default: take_arg = false; break; /* required: the argument is only a message */
	}
	charbuf arg = {0};
	run(S, as, close, depth + 1, used && take_arg, &arg);
	if (S->malformed)
		return;
	if (take_arg) {
		put(S, out, arg.v, arg.n);
		return;
	}
	switch (op) {
	case PL_COMPOSE_OP_REQUIRED:
	case PL_COMPOSE_OP_REQUIRED_UNSET:
		if (op == PL_COMPOSE_OP_REQUIRED ? !nonempty : !set) {
			S->vars.v[vi].failed = true;
			S->failed = true;
			if (!S->error)
				S->error = pl_arena_printf(S->a, "required variable '%.*s' is missing a value: %.*s",
				                           (int)(ne - ns), S->t + ns, (int)arg.n, arg.v ? arg.v : "");
			return;
		}
		break;
	default:
		break;
	}
	if (val)
		put(S, out, val, strlen(val));
}

/* text -> { literal | '$$' | '$' name | '${' name [op arg] '}' } */
static void run(sub *S, size_t i, size_t end, unsigned depth, bool used, charbuf *out)
{
	if (depth > MAX_DEPTH) {
		malformed(S, i, "variable references nested too deeply");
		return;
	}
	const char *t = S->t;
	while (i < end && !S->malformed) {
		const char *p = memchr(t + i, '$', end - i);
		if (!p) {
			put(S, out, t + i, end - i);
			return;
		}
		size_t at = (size_t)(p - t);
		put(S, out, t + i, at - i);
		char c = at + 1 < end ? t[at + 1] : '\0';
		if (c == '$') {
			put(S, out, "$", 1);
			i = at + 2;
			continue;
		}
		if (name_start(c)) {
			size_t ne = at + 1;
			while (ne < end && name_char(t[ne]))
				ne++;
			add_var(S, at, ne, t + at + 1, ne - at - 1, PL_COMPOSE_OP_PLAIN, depth, used);
			const char *val = pl_compose__env_get(S->env, t + at + 1, ne - at - 1);
			if (val)
				put(S, out, val, strlen(val));
			else if (used)
				S->uncertain = true;
			i = ne;
			continue;
		}
		if (c != '{') {
			put(S, out, "$", 1); /* '$1', '$(', a final '$': literal */
			i = at + 1;
			continue;
		}
		size_t ns = at + 2;
		if (ns >= end || !name_start(t[ns])) {
			malformed(S, at, "'${' must be followed by a variable name");
			return;
		}
		size_t ne = ns;
		while (ne < end && name_char(t[ne]))
			ne++;
		if (ne < end && t[ne] == '}') {
			add_var(S, at, ne + 1, t + ns, ne - ns, PL_COMPOSE_OP_PLAIN, depth, used);
			const char *val = pl_compose__env_get(S->env, t + ns, ne - ns);
			if (val)
				put(S, out, val, strlen(val));
			else if (used)
				S->uncertain = true;
			i = ne + 1;
			continue;
		}
		size_t as = ne;
		if (as < end && t[as] == ':')
			as++;
		if (as >= end || (t[as] != '-' && t[as] != '?' && t[as] != '+')) {
			malformed(S, at, ne >= end ? "'${' is not closed by '}'"
			                           : "invalid character after the variable name in '${…}'");
			return;
		}
		as++;
		size_t close = find_close(t, at, end);
		if (close >= end) {
			malformed(S, at, "'${' is not closed by '}'");
			return;
		}
		braced_op(S, at, ns, ne, as, close, depth, used, out);
		i = close + 1;
	}
}

void pl_compose__interpolate(pl_arena *a, const pl_compose__env *env, const char *text,
                             size_t len, const size_t *map, pl_span whole, pl_compose_interp *out)
{
	sub S;
	memset(&S, 0, sizeof(S));
	S.a = a;
	S.env = env;
	S.t = text;
	S.map = map;
	S.whole = whole;
	charbuf b = {0};
	run(&S, 0, len, 0, true, &b);
	out->vars = S.vars.v;
	out->nvars = S.vars.n;
	out->malformed = S.malformed;
	out->error = S.error;
	out->uncertain = S.uncertain || S.failed || S.malformed;
	if (S.malformed) {
		out->bad = map ? pl_span_make(map[S.bad], map[S.bad]) : pl_span_make(whole.off, whole.off);
		out->value = pl_arena_strndup(a, text, len);
	} else if (S.failed) {
		out->value = "";
	} else {
		out->value = pl_arena_strndup(a, b.v ? b.v : "", b.n);
	}
}

/* ------------------------------------------------------------------ */
/* Scalars of the project.                                              */

/* A recorded interpolation and whether it is in c->interps yet. */
typedef struct cached {
	pl_compose_interp it;
	bool listed;
} cached;

/* Plain on one line, or quoted without escapes: the text is the value. */
size_t *pl_compose__offsets(pl_arena *a, const pl_source *src, const pl_yaml_node *n)
{
	size_t off = n->span.off, len = n->span.len;
	if (n->style == PL_YAML_SINGLE || n->style == PL_YAML_DOUBLE) {
		if (len < 2)
			return NULL;
		off++;
		len -= 2;
	} else if (n->style != PL_YAML_PLAIN) {
		return NULL;
	}
	if (len != n->as.scalar.len || off + len > src->len
	    || memcmp(src->text + off, n->as.scalar.value, len) != 0)
		return NULL;
	size_t *map = pl_arena_alloc(a, (len + 1) * sizeof(*map));
	for (size_t i = 0; i <= len; i++)
		map[i] = off + i;
	return map;
}

const pl_compose_interp *pl_compose__interp(pl_compose__L *L, const pl_compose_file *f,
                                            const pl_yaml_node *n, bool record)
{
	const pl_yaml_node *def = pl_yaml_origin(n);
	if (!def || def->kind != PL_YAML_SCALAR || !def->as.scalar.len
	    || !memchr(def->as.scalar.value, '$', def->as.scalar.len))
		return NULL;
	cached *c = pl_compose__ptrmap_get(&L->interp, def);
	if (!c) {
		c = pl_arena_alloc(L->a, sizeof(*c));
		c->it.src = f->src;
		c->it.node = def;
		c->it.raw = def->as.scalar.value;
		pl_compose__interpolate(L->a, f->env, def->as.scalar.value, def->as.scalar.len,
		                        pl_compose__offsets(L->a, f->src, def), def->span, &c->it);
		pl_compose__ptrmap_put(L->a, &L->interp, def, c);
	}
	if (record && !c->listed) {
		c->listed = true;
		*PL_VEC_PUSH(L->a, &L->interps) = &c->it;
	}
	return &c->it;
}

const char *pl_compose__text(pl_compose__L *L, const pl_compose_file *f, const pl_yaml_node *n,
                             bool *uncertain)
{
	*uncertain = false;
	if (!n || n->kind != PL_YAML_SCALAR)
		return NULL;
	const pl_compose_interp *it = pl_compose__interp(L, f, n, false);
	if (!it)
		return n->as.scalar.value;
	*uncertain = it->uncertain;
	return it->value;
}
