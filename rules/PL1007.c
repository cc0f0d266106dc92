/*
** PL1007 dockerignore-missing: `COPY . …` copies the whole build context,
** and without a .dockerignore that includes the git history, local
** secrets (.env), virtualenvs, node_modules and bytecode caches: a bigger
** image, a cache busted by every commit, files that were never meant to
** ship.  Only names present at the top of the context are named.  Silent
** when there is no context (stdin).  Docs: rules/PL1007.md
*/
#include <string.h>

#include "plimsoll/context.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* What must not reach the image. */
static const char *const unwanted[] = {".git", ".env", ".venv", "venv", "node_modules", "__pycache__"};

typedef struct state {
	bool done; /* reported (or checked) once for the file */
} state;

static void on_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (st->done || in->parent || pl_df_flag_find(in, "from"))
		return;
	const pl_df_word *src = NULL;
	for (size_t i = 0; i < in->as.copy.nsrcs && !src; i++)
		if (pl_rk_is_whole_context(in->as.copy.srcs[i].value))
			src = &in->as.copy.srcs[i];
	if (!src)
		return;
	st->done = true;
	const pl_build_context *bc = pl_ctx_build_context(ctx);
	if (!bc)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	PL_VEC(char) names = {0};
	size_t count = 0;
	for (size_t i = 0; i < PL_ARRAY_LEN(unwanted); i++) {
		if (!pl_context_has(bc, unwanted[i]) || pl_context_ignored(bc, unwanted[i]))
			continue;
		const char *q = pl_arena_printf(a, "%s'%s'", count++ ? ", " : "", unwanted[i]);
		for (; *q; q++)
			*PL_VEC_PUSH(a, &names) = *q;
	}
	*PL_VEC_PUSH(a, &names) = '\0';
	const char *what = pl_arena_printf(a, "%s %s", pl_instr_keyword(in->kind), src->value);
	if (!bc->dockerignore && count)
		pl_report(ctx, src->span,
		          "'%s' copies the whole build context and there is no .dockerignore: %s %s up "
		          "in the image",
		          what, names.v, count > 1 ? "end" : "ends");
	else if (!bc->dockerignore)
		pl_report(ctx, src->span,
		          "'%s' copies the whole build context and there is no .dockerignore: add one that "
		          "keeps out .git, .env, virtualenvs, node_modules and __pycache__",
		          what);
	else if (count) {
		pl_diag *d = pl_report(ctx, src->span,
		                       "'%s' copies %s into the image: the .dockerignore does not exclude %s",
		                       what, names.v, count > 1 ? "them" : "it");
		pl_note_add(ctx, d, bc->dockerignore, pl_span_make(0, 0), "the .dockerignore in use");
	}
}

const pl_rule pl_rule_PL1007 = {
	.id = "PL1007",
	.name = "dockerignore-missing",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Keep .git, .env, virtualenvs and node_modules out of COPY . with a .dockerignore",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_COPY] = on_copy, [PL_INSTR_ADD] = on_copy},
};
