/*
** DL3045 relative-dest-without-workdir: `COPY app.py app/` lands under
** the working directory, which is the base image's choice until the
** stage sets WORKDIR (its own, or one from the stage it builds on).
** ADD is checked too.  ONBUILD COPY may rely on an earlier ONBUILD
** WORKDIR.  Absolute paths (also C:\ and C:/) and destinations that
** start with a variable are fine.  Docs: rules/DL3045.md
*/
#include <string.h>

#include "plimsoll/rule.h"

typedef struct state {
	size_t nstages;
	bool *workdir;         /* per stage index (nstages: before the first FROM): WORKDIR set so far */
	bool *onbuild_workdir; /* the same for ONBUILD WORKDIR */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	st->nstages = df->nstages;
	st->workdir = pl_arena_alloc(pl_ctx_arena(ctx), 2 * (df->nstages + 1));
	st->onbuild_workdir = st->workdir + df->nstages + 1;
}

static size_t slot(const state *st, const pl_df_instr *in)
{
	return in->stage ? in->stage->index : st->nstages;
}

/* A stage built on an earlier one starts with that one's working directory. */
static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_stage *base = in->as.from.base;
	if (in->parent || !in->stage || !base)
		return;
	st->workdir[in->stage->index] = st->workdir[base->index];
	st->onbuild_workdir[in->stage->index] = st->onbuild_workdir[base->index];
}

static void check_workdir(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	(in->parent ? st->onbuild_workdir : st->workdir)[slot(st, in)] = true;
}

static bool is_absolute(const char *p)
{
	bool drive = ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) && p[1] == ':' &&
	             (p[2] == '\\' || p[2] == '/');
	return p[0] == '/' || p[0] == '\\' || drive;
}

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_word *dest = &in->as.copy.dest;
	size_t i = slot(st, in);
	if (!dest->span.len || st->workdir[i] || (in->parent && st->onbuild_workdir[i]))
		return;
	/* The raw text keeps Windows backslashes that escape processing drops. */
	const char *p = dest->raw ? dest->raw : dest->value;
	p += *p == '"' || *p == '\'';
	if (is_absolute(p) || p[0] == '$')
		return;
	pl_report(ctx, dest->span, "'%s' is relative to a working directory this stage never sets: "
	          "add a WORKDIR before this %s or use an absolute path", dest->value,
	          pl_instr_keyword(in->kind));
}

const pl_rule pl_rule_DL3045 = {
	.id = "DL3045",
	.name = "relative-dest-without-workdir",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "COPY to a relative destination needs a WORKDIR",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_FROM] = check_from, [PL_INSTR_WORKDIR] = check_workdir,
	             [PL_INSTR_COPY] = check_copy, [PL_INSTR_ADD] = check_copy},
};
