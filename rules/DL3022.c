/*
** DL3022 copy-from-unknown-stage: `COPY --from=X` (and
** `RUN --mount=from=X`) reads from an earlier stage named X; when there
** is none, the build pulls an image called X instead, which is almost
** never what a typo meant.  X may be an earlier stage's index, or an
** image reference with a tag, digest, registry or path (golang:1.22,
** ghcr.io/org/tool), which is not judged.  A reference to the current
** stage is DL3023's.  Docs: rules/DL3022.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_map first; /* stage name (any case) -> its first stage */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_rk_stage_names(&st->first, pl_ctx_arena(ctx), df);
}

/* The earlier stage whose name is one or two typos away from name, or NULL. */
static const pl_df_stage *near_miss(const pl_dockerfile *df, const char *name, size_t before)
{
	if (df->nstages > 64)
		return NULL; /* a hint is not worth a quadratic search */
	const pl_df_stage *best = NULL;
	size_t best_d = strlen(name) <= 4 ? 1 : 2;
	for (size_t i = 0; i < before && i < df->nstages; i++) {
		const char *n = df->stages[i].name;
		size_t d = n ? pl_edit_distance(name, n, best_d) : best_d + 1;
		if (d < best_d || (d == best_d && !best)) {
			best = &df->stages[i];
			best_d = d;
		}
	}
	return best;
}

static void check_ref(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_from_ref *r)
{
	const char *x = r->name;
	size_t limit = in->stage ? in->stage->index + 1 : 0; /* stages it may read: this one and earlier */
	if (!*x || pl_rk_has_var(x))
		return;
	state *st = pl_ctx_state(ctx);
	const pl_df_stage *s = pl_rk_stage_ref(&st->first, pl_ctx_dockerfile(ctx), x);
	if (s && s->index < limit)
		return; /* an earlier stage, or this one (DL3023) */
	if (strspn(x, "0123456789") == strlen(x)) {
		pl_report(ctx, r->span, "there is no stage %s before this %s: stages are numbered from 0 "
		          "and only earlier ones can be read", x, pl_instr_keyword(in->kind));
		return;
	}
	if (s) {
		pl_diag *d = pl_report(ctx, r->span, "stage '%s' is defined after this %s: the build reads "
		                       "an image called '%s' instead", x, pl_instr_keyword(in->kind), x);
		pl_note_add(ctx, d, NULL, s->from->as.from.name.span, "stage '%s' is defined here", s->name);
		return;
	}
	if (strpbrk(x, ":/@."))
		return; /* an image reference */
	const pl_df_stage *hint = near_miss(pl_ctx_dockerfile(ctx), x, limit ? limit - 1 : 0);
	pl_diag *d = pl_report(ctx, r->span, "no stage is named '%s': the build reads an image called "
	                       "'%s' instead%s%s%s", x, x, hint ? " (did you mean '" : "",
	                       hint ? hint->name : "", hint ? "'?)" : "");
	if (hint)
		pl_note_add(ctx, d, NULL, hint->from->as.from.name.span, "stage '%s' is defined here", hint->name);
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent)
		return; /* ONBUILD reads the stages of a child build */
	pl_rk_from_ref *refs;
	size_t n = pl_rk_from_refs(pl_ctx_arena(ctx), in, &refs);
	for (size_t i = 0; i < n; i++)
		check_ref(ctx, in, &refs[i]);
}

const pl_rule pl_rule_DL3022 = {
	.id = "DL3022",
	.name = "copy-from-unknown-stage",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "COPY --from should name a stage defined earlier",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_COPY] = check, [PL_INSTR_RUN] = check},
};
