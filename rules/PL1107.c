/*
** PL1107 undefined-var: a variable used in ENV, LABEL, ARG defaults,
** COPY/ADD (sources, destination, --chown/--chmod/--from, expanded
** heredocs), WORKDIR, USER, VOLUME, STOPSIGNAL or a RUN --mount option is
** expanded by BuildKit when it builds; one that nothing defines becomes
** an empty string, silently.  Defined means: an ENV or ARG earlier in the
** stage or in a stage it is built from, a variable the base image sets
** (a table of the official images, src/baseenv.c; PATH everywhere), or a
** proxy ARG.  Shell-form RUN, CMD and ENTRYPOINT are left alone: their
** variables belong to the shell.  ${V:-default} and ${V:+alternative}
** (with or without the colon) say the author expects V may be unset, so
** they are not reported, where BuildKit does.  For a base image plimsoll does not
** know, a name that such an image might define (no lowercase letter, no
** near miss) is given the benefit of the doubt.  BuildKit's UndefinedVar.
** Docs: rules/PL1107.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define IMAGE_VALUE "(set by the base image)"

typedef struct state {
	pl_rk_from_scope globals;      /* predefined and global ARGs */
	const pl_rk_pmap **defs;       /* per stage index: name -> value (NULL for an ARG without one), the
	                                  base stage's included; set at the stage's FROM */
	const pl_df_imageref **root;   /* per stage index: the image its chain starts from */
	bool *known;                   /* per stage index: plimsoll knows what that image defines */
	const char **opts;             /* suggestion()'s scratch list, reused: one per report would cost
	                                  2 KB a finding (100,000 findings took 500 MB) */
	size_t opts_cap;               /* its length */
} state;

/* One instruction being checked. */
typedef struct walk {
	pl_ctx *ctx;
	state *st;
	const pl_df_stage *stage;
	const char *raw;     /* the text being expanded */
	pl_span span;        /* where it is in the file */
	bool exact;          /* raw is the bytes of span: offsets in raw are offsets from span.off */
	const pl_textmap *map; /* or: raw is a heredoc body with this map */
	pl_rk_smap seen;      /* names reported for this instruction */
	const pl_df_instr *env; /* the ENV being checked, or NULL */
} walk;

/* name is defined in s or a stage s is built from; its value (NULL for a bare ARG) in *val. */
static bool defined(const state *st, const pl_df_stage *s, const char *name, size_t n, const void **val)
{
	return pl_rk_pmap_get(st->defs[s->index], name, n, val);
}

static const char *lookup(void *ud, const char *name, size_t n)
{
	walk *w = ud;
	const void *v = NULL;
	if (defined(w->st, w->stage, name, n, &v))
		return v;
	if (n == 4 && memcmp(name, "PATH", 4) == 0)
		return DEFAULT_PATH;
	if (pl_rk_image_env_has(w->st->root[w->stage->index], name, n))
		return IMAGE_VALUE;
	return NULL;
}

#define MAX_SUGGEST 256 /* names weighed for a did-you-mean, at most (keeps each report cheap) */

/* Names that could be meant, for a did-you-mean. */
static const char *suggestion(walk *w, const char *name)
{
	pl_arena *a = pl_ctx_arena(w->ctx);
	size_t nimg = 0;
	const char *const *img = pl_rk_image_env_names(a, w->st->root[w->stage->index], &nimg);
	state *st = w->st;
	if (st->opts_cap < MAX_SUGGEST + nimg + 1) {
		st->opts_cap = MAX_SUGGEST + nimg + 1;
		st->opts = pl_arena_alloc(a, st->opts_cap * sizeof(*st->opts));
	}
	const char **opts = st->opts;
	size_t n = pl_rk_pmap_keys(w->st->defs[w->stage->index], opts, MAX_SUGGEST);
	for (size_t i = 0; i < nimg; i++)
		opts[n++] = img[i];
	opts[n++] = "PATH";
	return pl_rk_suggest(name, opts, n);
}

/* The reference at raw[at] gives a default or an alternative for an unset variable: ${V:-d} ${V-d} ${V:+a} ${V+a}. */
static bool handles_unset(const char *raw, size_t at, size_t n)
{
	if (raw[at + 1] != '{')
		return false;
	const char *op = raw + at + 2 + n;
	if (*op == ':')
		op++;
	return *op == '-' || *op == '+';
}

/* raw[at] sits inside the default or alternative word of a ${V:-…} or ${V:+…}: used only in that case. */
static bool inside_default(const char *raw, size_t at, char esc)
{
	bool stack[32];          /* per open ${: it gives a default or an alternative */
	size_t depth = 0, deep = 0; /* deep: opens beyond the stack, ignored */
	for (size_t i = 0; i < at && raw[i]; i++) {
		if (raw[i] == esc && raw[i + 1]) {
			i++;
		} else if (raw[i] == '$' && raw[i + 1] == '{') {
			size_t k = i + 2;
			while ((raw[k] >= 'a' && raw[k] <= 'z') || (raw[k] >= 'A' && raw[k] <= 'Z') ||
			       (raw[k] >= '0' && raw[k] <= '9') || raw[k] == '_')
				k++;
			if (raw[k] == ':')
				k++;
			if (depth < PL_ARRAY_LEN(stack))
				stack[depth++] = raw[k] == '-' || raw[k] == '+';
			else
				deep++;
			i = k;
		} else if (raw[i] == '}') {
			if (deep)
				deep--;
			else if (depth)
				depth--;
		}
	}
	for (size_t k = 0; k < depth; k++)
		if (stack[k])
			return true;
	return false;
}

static void unset(void *ud, const char *name, size_t n, size_t at)
{
	walk *w = ud;
	state *st = w->st;
	if (handles_unset(w->raw, at, n) || inside_default(w->raw, at, w->map ? '\\' : pl_ctx_dockerfile(w->ctx)->escape))
		return; /* the author expects it may be unset (${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}) */
	if (defined(st, w->stage, name, n, NULL) || pl_rk_bk_proxy_arg(name, n) ||
	    pl_str_starts(name, "BUILDKIT_SBOM_SCAN_") || pl_rk_smap_get(&w->seen, name, n, NULL))
		return;
	pl_rk_smap_put(&w->seen, name, n, NULL);
	pl_arena *a = pl_ctx_arena(w->ctx);
	char *nm = pl_arena_strndup(a, name, n);
	bool platform = pl_rk_bk_platform_arg(name, n);
	bool global = pl_rk_smap_get(&st->globals.declared, name, n, NULL);
	const char *sugg = platform || global ? NULL : suggestion(w, nm);
	if (!st->known[w->stage->index] && !platform && !global && !sugg) {
		/* An image plimsoll does not know may set it: only a lowercase name is unlikely to come from it. */
		bool lower = false;
		for (size_t i = 0; i < n; i++)
			lower |= name[i] >= 'a' && name[i] <= 'z';
		if (!lower)
			return;
	}
	pl_span sp = w->span;
	if (w->map) {
		size_t len = pl_rk_var_ref_len(w->raw, at);
		sp = pl_span_make(pl_textmap_phys(w->map, at), pl_textmap_phys(w->map, at + len));
	} else if (w->exact) {
		sp = pl_span_make(w->span.off + at, w->span.off + at + pl_rk_var_ref_len(w->raw, at));
	}
	bool same_env = false;
	for (size_t i = 0; w->env && i < w->env->nkvs; i++)
		same_env |= strlen(w->env->kvs[i].key) == n && memcmp(w->env->kvs[i].key, name, n) == 0;
	if (same_env)
		pl_report(w->ctx, sp, "'$%s' is empty here: an ENV does not see the variables it sets itself; "
		          "set '%s' in an ENV before this one", nm, nm);
	else if (n == 4 && memcmp(name, "HOME", 4) == 0)
		pl_report(w->ctx, sp, "'$HOME' is empty here: it is set in running containers, not while building; "
		          "write the path or set it with ENV");
	else if (platform)
		pl_report(w->ctx, sp, "'$%s' is empty here: the predefined ARG must be declared in the stage first "
		          "('ARG %s')", nm, nm);
	else if (global)
		pl_report(w->ctx, sp, "'$%s' is empty here: a global ARG must be declared again in the stage "
		          "to be used there ('ARG %s')", nm, nm);
	else if (sugg)
		pl_report(w->ctx, sp, "undefined variable '$%s' (did you mean '$%s'?)", nm, sugg);
	else
		pl_report(w->ctx, sp, "undefined variable '$%s': declare it with ARG or ENV before this line", nm);
}

/* Expand raw (at span; exact when raw is the span's bytes) and report what is undefined; returns the value. */
static const char *expand(walk *w, const char *raw, pl_span span, bool exact)
{
	w->raw = raw;
	w->span = span;
	w->exact = exact;
	w->map = NULL;
	return pl_df_expand(pl_ctx_arena(w->ctx), raw, strlen(raw), pl_ctx_dockerfile(w->ctx)->escape, lookup,
	                    unset, w);
}

static const char *expand_word(walk *w, const pl_df_word *word)
{
	if (!word->raw)
		return word->value;
	return expand(w, word->raw, word->span, strlen(word->raw) == word->span.len);
}

/* A flag's value as written (quotes kept), expanded. */
static void expand_flag(walk *w, const pl_df_flag *f)
{
	if (f && f->value_span.len)
		expand(w, pl_ctx_text(w->ctx, f->value_span), f->value_span, true);
}

/*
** An expanded heredoc body: BuildKit substitutes the variables without
** reading quotes, so quotes are blanked (offsets kept) before expanding.
*/
static void expand_heredoc(walk *w, const pl_df_heredoc *h)
{
	if (h->quoted || !h->text)
		return;
	char *t = pl_arena_strdup(pl_ctx_arena(w->ctx), h->text);
	for (char *p = t; *p; p++)
		if (*p == '\'' || *p == '"')
			*p = ' ';
	w->raw = t;
	w->map = &h->map;
	pl_df_expand(pl_ctx_arena(w->ctx), t, strlen(t), '\\', lookup, unset, w);
	w->map = NULL;
}

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_from_scope_init(&st->globals, a, df);
	size_t n = df->nstages + 1;
	st->defs = pl_arena_alloc(a, n * sizeof(*st->defs));
	st->root = pl_arena_alloc(a, n * sizeof(*st->root));
	st->known = pl_arena_alloc(a, n * sizeof(*st->known));
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		if (s->base) { /* an earlier stage: already filled */
			st->root[i] = st->root[s->base->index];
			st->known[i] = st->known[s->base->index];
		} else {
			st->root[i] = &s->from->as.from.ref;
			st->known[i] = pl_rk_image_env(st->root[i]) == PL_RK_ENV_KNOWN;
		}
	}
}

/* Start checking in; false when it is not checked (ONBUILD's inner one, or before the first FROM). */
static bool start(walk *w, pl_ctx *ctx, const pl_df_instr *in)
{
	memset(w, 0, sizeof(*w));
	if (in->parent || !in->stage)
		return false;
	w->ctx = ctx;
	w->st = pl_ctx_state(ctx);
	w->stage = in->stage;
	pl_rk_smap_init(&w->seen, pl_ctx_arena(ctx));
	return true;
}

static void define(walk *w, const char *name, const char *value)
{
	const pl_rk_pmap **d = &w->st->defs[w->stage->index];
	*d = pl_rk_pmap_put(pl_ctx_arena(w->ctx), *d, name, strlen(name), value);
}

/* FROM: the stage starts with what its base stage defined (complete: it came earlier in the file). */
static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_stage *s = in->stage;
	if (!in->parent && s)
		st->defs[s->index] = s->base ? st->defs[s->base->index] : NULL;
}

/* ENV and LABEL: every key and value is expanded with what was defined before the instruction. */
static void check_kvs(pl_ctx *ctx, const pl_df_instr *in)
{
	walk w;
	if (!start(&w, ctx, in))
		return;
	if (in->kind == PL_INSTR_ENV)
		w.env = in;
	const char **vals = pl_arena_alloc(pl_ctx_arena(ctx), (in->nkvs + 1) * sizeof(*vals));
	const char **keys = pl_arena_alloc(pl_ctx_arena(ctx), (in->nkvs + 1) * sizeof(*keys));
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		keys[i] = kv->key;
		if (strchr(kv->key, '$'))
			keys[i] = expand(&w, kv->key, kv->key_span, strlen(kv->key) == kv->key_span.len);
		vals[i] = kv->raw_value ? expand(&w, kv->raw_value, kv->value_span,
		                                 strlen(kv->raw_value) == kv->value_span.len)
		                        : "";
	}
	if (in->kind == PL_INSTR_ENV)
		for (size_t i = 0; i < in->nkvs; i++)
			define(&w, keys[i], vals[i]);
}

/* ARG: one pair after the other, each default expanded with the pairs before it. */
static void check_arg(pl_ctx *ctx, const pl_df_instr *in)
{
	walk w;
	if (!start(&w, ctx, in))
		return;
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		const char *v;
		if (kv->raw_value)
			v = expand(&w, kv->raw_value, kv->value_span, strlen(kv->raw_value) == kv->value_span.len);
		else /* a global ARG or a predefined one gives its value; otherwise it is declared, unset */
			v = pl_rk_from_scope_lookup(&w.st->globals, kv->key, strlen(kv->key));
		define(&w, kv->key, v);
	}
}

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	walk w;
	if (!start(&w, ctx, in))
		return;
	static const char *const flags[] = {"chown", "chmod", "from", "checksum"};
	for (size_t i = 0; i < PL_ARRAY_LEN(flags); i++)
		expand_flag(&w, pl_df_flag_find(in, flags[i]));
	const pl_df_copy *c = &in->as.copy;
	for (size_t i = 0; i < c->nsrcs; i++)
		if (!c->srcs[i].raw || !pl_str_starts(c->srcs[i].raw, "<<"))
			expand_word(&w, &c->srcs[i]);
	if (c->dest.span.len)
		expand_word(&w, &c->dest);
	for (size_t i = 0; i < in->nheredocs; i++)
		expand_heredoc(&w, &in->heredocs[i]);
}

/* WORKDIR, USER, STOPSIGNAL, VOLUME: each argument. */
static void check_words(pl_ctx *ctx, const pl_df_instr *in)
{
	walk w;
	if (!start(&w, ctx, in))
		return;
	for (size_t i = 0; i < in->argc; i++)
		expand_word(&w, &in->argv[i]);
}

/* RUN: only the --mount options are BuildKit's to expand; the command is the shell's. */
static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	walk w;
	if (!start(&w, ctx, in))
		return;
	for (size_t i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, "mount") == 0)
			expand_flag(&w, &in->flags[i]);
}

static const char *const aliases[] = {"UndefinedVar", NULL};

const pl_rule pl_rule_PL1107 = {
	.id = "PL1107",
	.name = "undefined-var",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Variables must be defined (ARG, ENV or the base image) before they are used",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {
		[PL_INSTR_FROM] = check_from, [PL_INSTR_ENV] = check_kvs, [PL_INSTR_LABEL] = check_kvs, [PL_INSTR_ARG] = check_arg,
		[PL_INSTR_COPY] = check_copy, [PL_INSTR_ADD] = check_copy, [PL_INSTR_WORKDIR] = check_words,
		[PL_INSTR_USER] = check_words, [PL_INSTR_STOPSIGNAL] = check_words,
		[PL_INSTR_VOLUME] = check_words, [PL_INSTR_RUN] = check_run,
	},
};
