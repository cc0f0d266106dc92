/*
** PL1106 workdir-relative-path: the first WORKDIR of a stage (counting
** the stages it is built from) should be absolute; a relative one lands
** wherever the base image's working directory is, and that changes with
** the base image.  Later relative WORKDIRs build on an absolute one and
** are fine.  BuildKit's WorkdirRelativePath; it yields to hadolint's
** DL3000, which reports every relative WORKDIR.  Docs: rules/PL1106.md
*/
#include <ctype.h>

#include "plimsoll/rule.h"

typedef struct state {
	bool *set; /* per stage index: a WORKDIR ran in the stage or in the stages it is built from */
} state;

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	st->set = pl_arena_alloc(pl_ctx_arena(ctx), (df->nstages + 1) * sizeof(bool));
}

/* FROM: a stage built from an earlier one starts with its WORKDIR (complete: it came first). */
static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!in->parent && in->stage && in->stage->base)
		st->set[in->stage->index] = st->set[in->stage->base->index];
}

/* /abs, a variable (its value is not known here) or a Windows drive path. */
static bool absolute(const char *p)
{
	return p[0] == '/' || p[0] == '$' || (isalpha((unsigned char)p[0]) && p[1] == ':');
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->stage || in->argc == 0)
		return;
	state *st = pl_ctx_state(ctx);
	const pl_df_word *w = &in->argv[0];
	if (!st->set[in->stage->index] && !absolute(w->value)) {
		pl_diag *d = pl_report(ctx, w->span, "the stage's first WORKDIR '%s' is relative to the base image's "
		                       "working directory: make it absolute", w->value);
		const char *raw = pl_ctx_source(ctx)->text + w->span.off;
		size_t at = w->span.off + (raw[0] == '"' || raw[0] == '\'');
		pl_fix_replace(ctx, d, PL_FIX_UNSAFE, "make the path absolute", pl_span_make(at, at), "/");
	}
	st->set[in->stage->index] = true;
}

static const char *const aliases[] = {"WorkdirRelativePath", NULL};
static const char *const yields_to[] = {"DL3000", NULL};

const pl_rule pl_rule_PL1106 = {
	.id = "PL1106",
	.name = "workdir-relative-path",
	.aliases = aliases,
	.buildkit = true,
	.yields_to = yields_to,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Make a stage's first WORKDIR absolute",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_FROM] = check_from, [PL_INSTR_WORKDIR] = check},
};
