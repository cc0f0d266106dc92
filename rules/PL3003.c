/*
** PL3003 target-stage-missing: 'build.target' names the stage of the
** Dockerfile to build; a name no stage has fails the build ("target
** stage … could not be found").  Stage names compare case-insensitively,
** as BuildKit compares them.  Docs: rules/PL3003.md
*/
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	if (!b->target || b->stage || !b->dockerfile || !b->dockerfile->df)
		return;
	const pl_dockerfile *df = b->dockerfile->df;
	pl_arena *a = pl_ctx_arena(ctx);
	const char **names = pl_arena_alloc(a, (df->nstages + 1) * sizeof(*names));
	size_t n = 0;
	for (size_t i = 0; i < df->nstages; i++)
		if (df->stages[i].name)
			names[n++] = df->stages[i].name;
	const char *near = pl_rk_suggest(b->target, names, n);
	const char *file = b->dockerfile->is_inline ? "the inline Dockerfile" : pl_arena_printf(a, "'%s'", b->dockerfile->path);
	const pl_compose_val *t = &b->service->build.target;
	if (near)
		pl_report_compose(ctx, &t->at, true, "no stage of %s is called '%s' (did you mean '%s'?): the build fails",
		                  file, b->target, near);
	else if (n)
		pl_report_compose(ctx, &t->at, true, "no stage of %s is called '%s': the build fails", file,
		                  b->target);
	else
		pl_report_compose(ctx, &t->at, true,
		                  "%s names no stage ('FROM … AS %s'), so target '%s' fails the build", file,
		                  b->target, b->target);
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3003 = {
	.id = "PL3003",
	.name = "target-stage-missing",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Build a 'target:' stage the Dockerfile defines",
	.on_project = on_project,
};
