/*
** DL3049 missing-label: every label of the label schema is set in each
** stage, or inherited from the stage it builds on.  A stage that only
** serves others is exempt: one whose files other stages copy (COPY
** --from, RUN --mount=from=), or one that a stage built on it completes
** with the label.  Docs: rules/DL3049.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_stages stages;  /* resolves --from values */
	size_t nschema;       /* labels in the schema: the row length of the tables below */
	bool *has;            /* has[stage * nschema + k]: label k set in the stage or inherited */
	bool *copied;         /* copied[stage]: another stage takes files from it */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	st->nschema = pl_ctx_config(ctx)->nlabel_schema;
	if (!st->nschema)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_stages_init(&st->stages, a, df);
	st->has = pl_arena_alloc(a, df->nstages * st->nschema + 1);
	st->copied = pl_arena_alloc(a, df->nstages + 1);
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_stage *base = in->as.from.base;
	if (!st->nschema || !in->stage || !base)
		return;
	/* A stage starts with the labels of the stage it builds on (which comes earlier). */
	memcpy(st->has + in->stage->index * st->nschema, st->has + base->index * st->nschema, st->nschema);
}

static void check_label(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!st->nschema || !in->stage || in->parent)
		return; /* ONBUILD LABEL labels the images built on this one, not this one */
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_label_rule *lr = pl_rk_label_rule(cfg, in->kvs[i].key);
		if (lr)
			st->has[in->stage->index * st->nschema + (size_t)(lr - cfg->label_schema)] = true;
	}
}

/* The stage value names (not an image) is copied from. */
static void mark_copied(state *st, const char *value)
{
	const pl_df_stage *s = pl_rk_stages_find(&st->stages, value);
	if (s)
		st->copied[s->index] = true;
}

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_flag *f = pl_df_flag_find(in, "from");
	if (st->nschema && f && f->value)
		mark_copied(st, f->value);
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!st->nschema)
		return;
	pl_rk_mount *m;
	size_t n = pl_rk_mounts(pl_ctx_arena(ctx), in, &m);
	for (size_t i = 0; i < n; i++)
		if (m[i].from)
			mark_copied(st, m[i].from);
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	size_t S = st->nschema;
	if (!S || !df->nstages)
		return;
	/* later[s*S+k]: a stage built on s (directly or not) has label k.  Children come after parents. */
	bool *later = pl_arena_alloc(pl_ctx_arena(ctx), df->nstages * S);
	for (size_t i = df->nstages; i-- > 0;) {
		const pl_df_stage *base = df->stages[i].base;
		if (!base)
			continue;
		for (size_t k = 0; k < S; k++)
			later[base->index * S + k] |= st->has[i * S + k] || later[i * S + k];
	}
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		if (st->copied[i])
			continue;
		for (size_t k = 0; k < S; k++) {
			if (st->has[i * S + k] || later[i * S + k])
				continue;
			const char *label = pl_rk_excerpt(pl_ctx_arena(ctx), cfg->label_schema[k].name);
			if (s->name)
				pl_report(ctx, s->from->span, "stage '%s' lacks the label '%s' of the label schema",
				          pl_rk_excerpt(pl_ctx_arena(ctx), s->name), label);
			else
				pl_report(ctx, s->from->span, "this stage lacks the label '%s' of the label schema",
				          label);
		}
	}
}

const pl_rule pl_rule_DL3049 = {
	.id = "DL3049",
	.name = "missing-label",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "Set every label of the label schema",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_FROM] = check_from, [PL_INSTR_LABEL] = check_label,
	             [PL_INSTR_COPY] = check_copy, [PL_INSTR_RUN] = check_run},
	.on_end = on_end,
};
