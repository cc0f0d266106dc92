/*
** PL1105 undefined-arg-in-from: a variable in FROM (the image or
** --platform) can only come from a global ARG (declared before the first
** FROM) or from BuildKit's predefined platform ARGs.  Anything else
** expands to nothing, which is a typo more often than not.  BuildKit's
** UndefinedArgInFrom.  Docs: rules/PL1105.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_from_scope scope;   /* predefined and global ARGs */
	const char **names;       /* every name of the scope, for suggestions */
	size_t nnames;
} state;

/* One expansion: where the word is and what was reported. */
typedef struct walk {
	pl_ctx *ctx;
	state *st;
	const char *raw;   /* the text expanded */
	pl_span word;      /* the word as written */
	bool exact;        /* the raw text is the word's bytes, so an offset in it is an offset from word.off */
	pl_rk_smap *seen;   /* names reported for this FROM */
} walk;

static void unset(void *ud, const char *name, size_t n, size_t at)
{
	walk *w = ud;
	if (pl_rk_smap_get(&w->st->scope.declared, name, n, NULL) || pl_rk_smap_get(w->seen, name, n, NULL))
		return;
	pl_rk_smap_put(w->seen, name, n, NULL);
	pl_span sp = w->exact ? pl_span_make(w->word.off + at, w->word.off + at + pl_rk_var_ref_len(w->raw, at))
	                      : w->word;
	char *nm = pl_arena_strndup(pl_ctx_arena(w->ctx), name, n);
	const char *sugg = pl_rk_suggest(nm, w->st->names, w->st->nnames);
	if (sugg)
		pl_report(w->ctx, sp, "'%s' is not a declared ARG (did you mean '%s'?): FROM sees only the ARGs before the first FROM",
		          nm, sugg);
	else
		pl_report(w->ctx, sp, "'%s' is not a declared ARG: FROM sees only the ARGs before the first FROM", nm);
}

static const char *lookup(void *ud, const char *name, size_t n)
{
	return pl_rk_from_scope_lookup(&((walk *)ud)->st->scope, name, n);
}

static void expand(walk *w, const char *raw)
{
	w->raw = raw;
	pl_df_expand(pl_ctx_arena(w->ctx), raw, strlen(raw), pl_ctx_dockerfile(w->ctx)->escape, lookup, unset, w);
}

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_from_scope_init(&st->scope, a, df);
	const pl_rk_smap *m = &st->scope.vals;
	st->names = pl_arena_alloc(a, (m->n + 1) * sizeof(*st->names));
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key)
			st->names[st->nnames++] = m->v[i].key;
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent)
		return;
	state *st = pl_ctx_state(ctx);
	pl_rk_smap seen;
	pl_rk_smap_init(&seen, pl_ctx_arena(ctx));
	const pl_df_flag *f = pl_df_flag_find(in, "platform");
	if (f && f->value_span.len) {
		walk w = {ctx, st, NULL, f->value_span, true, &seen};
		expand(&w, pl_ctx_text(ctx, f->value_span));
	}
	const pl_df_word *img = &in->as.from.image;
	if (img->raw) {
		walk w = {ctx, st, NULL, img->span, strlen(img->raw) == img->span.len, &seen};
		expand(&w, img->raw);
	}
}

static const char *const aliases[] = {"UndefinedArgInFrom", NULL};

const pl_rule pl_rule_PL1105 = {
	.id = "PL1105",
	.name = "undefined-arg-in-from",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Variables in FROM must be global ARGs declared before the first FROM",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
