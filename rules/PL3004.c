/*
** PL3004 build-arg-undeclared: a 'build.args' key that no ARG of the
** Dockerfile declares reaches nothing: BuildKit warns that it was not
** consumed and builds without it.  Usually a typo, or an ARG that was
** renamed or removed.  BuildKit's own arguments (BUILDKIT_*, the proxy
** variables, SOURCE_DATE_EPOCH) need no ARG.  Docs: rules/PL3004.md
*/
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Every name an ARG of df declares (global ones, every stage's; not ONBUILD's). */
static size_t declared(pl_arena *a, const pl_dockerfile *df, pl_rk_map *m, const char ***names)
{
	PL_VEC(const char *) v = {0};
	for (size_t i = 0; i < df->ninstrs; i++) {
		const pl_df_instr *in = df->instrs[i];
		if (in->kind != PL_INSTR_ARG)
			continue;
		for (size_t k = 0; k < in->nkvs; k++)
			if (!pl_rk_map_put(m, a, in->kvs[k].key, strlen(in->kvs[k].key), (void *)in))
				*PL_VEC_PUSH(a, &v) = in->kvs[k].key;
	}
	*names = v.v;
	return v.n;
}

static bool builtin(const char *name)
{
	return pl_str_starts(name, "BUILDKIT_") || strcmp(name, "SOURCE_DATE_EPOCH") == 0 ||
	       pl_rk_bk_proxy_arg(name, strlen(name));
}

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	const pl_compose_kvs *args = &b->service->build.args;
	if (!args->n || !b->dockerfile || !b->dockerfile->df)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map m = {0};
	const char **names;
	size_t n = declared(a, b->dockerfile->df, &m, &names);
	const char *file = b->dockerfile->is_inline ? "the inline Dockerfile"
	                                             : pl_arena_printf(a, "'%s'", b->dockerfile->path);
	for (size_t i = 0; i < args->n; i++) {
		const pl_compose_kv *kv = &args->v[i];
		if (!kv->name || !*kv->name || builtin(kv->name) || pl_rk_map_get(&m, kv->name, strlen(kv->name)))
			continue;
		const char *near = pl_rk_suggest(kv->name, names, n);
		if (near)
			pl_report_compose(ctx, &kv->at, false,
			                  "build argument '%s' is not declared by an ARG in %s, so the build ignores it "
			                  "(did you mean '%s'?)",
			                  kv->name, file, near);
		else
			pl_report_compose(ctx, &kv->at, false,
			                  "build argument '%s' is not declared by an ARG in %s, so the build ignores it",
			                  kv->name, file);
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3004 = {
	.id = "PL3004",
	.name = "build-arg-undeclared",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Pass only build arguments the Dockerfile declares with ARG",
	.on_project = on_project,
};
