/*
** DL3057 healthcheck-missing: without a HEALTHCHECK, Docker and Swarm
** only know whether the main process is alive, not whether it serves.
** Off by default: orchestrators such as Kubernetes ignore HEALTHCHECK
** and bring their own probes.  A stage passes with a HEALTHCHECK of its
** own (NONE included) or one inherited from the stage it builds on.
** Stages that become images are checked: the last one, and any other
** that no later stage builds on or copies from.  When a compose project
** builds the file and every service that builds it sets 'healthcheck:',
** the stage compose builds needs none of its own.  Docs: rules/DL3057.md
*/
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_map names; /* stage name -> first stage of that name */
	bool *has_hc;    /* per stage: sets HEALTHCHECK itself */
	bool *used;      /* per stage: a later FROM builds on it, or something copies from it */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_stage_names(&st->names, a, df);
	st->has_hc = pl_arena_alloc(a, 2 * df->nstages + 1);
	st->used = st->has_hc + df->nstages;
	for (size_t i = 0; i < df->nstages; i++)
		if (df->stages[i].base)
			st->used[df->stages[i].base->index] = true;
}

static void check_health(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!in->parent && in->stage)
		st->has_hc[in->stage->index] = true;
}

static void check_refs(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	pl_rk_from_ref *refs;
	size_t n = in->parent ? 0 : pl_rk_from_refs(pl_ctx_arena(ctx), in, &refs);
	for (size_t i = 0; i < n; i++) {
		const pl_df_stage *s = pl_rk_stage_ref(&st->names, pl_ctx_dockerfile(ctx), refs[i].name);
		if (s)
			st->used[s->index] = true;
	}
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	const pl_project_dockerfile *pd = pl_ctx_built_by(ctx);
	bool compose_hc = pd && pd->healthcheck; /* compose gives the image it builds a healthcheck */
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		/* bases come earlier, so has_hc of a base already includes inheritance */
		st->has_hc[i] = st->has_hc[i] || (s->base && st->has_hc[s->base->index]);
		if (st->has_hc[i] || (compose_hc && s->is_last) || (st->used[i] && !s->is_last))
			continue;
		if (s->name)
			pl_report(ctx, s->from->keyword, "stage '%s' has no HEALTHCHECK: add one, or HEALTHCHECK "
			          "NONE to say it needs none", s->name);
		else
			pl_report(ctx, s->from->keyword, "stage %zu has no HEALTHCHECK: add one, or HEALTHCHECK NONE "
			          "to say it needs none", s->index);
	}
}

const pl_rule pl_rule_DL3057 = {
	.id = "DL3057",
	.name = "healthcheck-missing",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_RELIABILITY,
	.off_by_default = true,
	.summary = "Set a HEALTHCHECK in images that run services",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_HEALTHCHECK] = check_health, [PL_INSTR_COPY] = check_refs,
	             [PL_INSTR_RUN] = check_refs},
	.on_end = on_end,
};
