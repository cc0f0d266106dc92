/*
** DL3042 pip-no-cache-dir: pip keeps a copy of every wheel it downloads
** in ~/.cache/pip; in an image that is dead weight.  PIP_NO_CACHE_DIR set
** truthy (ENV in this stage or the stage it builds on, or in the RUN) or
** a cache mount on the pip cache also satisfies it.  Docs: rules/DL3042.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	bool *nocache;   /* per stage: ENV PIP_NO_CACHE_DIR is truthy there; nstages+1 entries */
	bool global;     /* set by an ENV before the first FROM */
} state;

static bool *stage_slot(pl_ctx *ctx, const pl_df_stage *st)
{
	state *s = pl_ctx_state(ctx);
	if (!s->nocache) {
		const pl_dockerfile *df = pl_ctx_dockerfile(ctx);
		s->nocache = pl_arena_alloc(pl_ctx_arena(ctx), (df->nstages + 1) * sizeof(bool));
	}
	return st ? &s->nocache[st->index] : &s->global;
}

static void on_from(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->stage)
		return;
	/* A stage inherits the ENV of the stage it is built on. */
	*stage_slot(ctx, in->stage) = in->stage->base ? *stage_slot(ctx, in->stage->base) : false;
}

static void on_env(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nkvs; i++)
		if (strcmp(in->kvs[i].key, "PIP_NO_CACHE_DIR") == 0)
			*stage_slot(ctx, in->stage) = in->kvs[i].value && pl_rk_truthy(in->kvs[i].value);
}

/* PIP_NO_CACHE_DIR=<truthy> as a command prefix or an export in this RUN. */
static bool set_in_run(const pl_sh_script *sh)
{
	for (size_t i = 0; i < sh->ncmds; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		for (size_t k = 0; k < c->nassigns; k++) {
			const char *t = c->assigns[k].text;
			if (pl_str_starts(t, "PIP_NO_CACHE_DIR=") && pl_rk_truthy(t + 17))
				return true;
		}
		if (pl_sh_cmd_is(c, "export"))
			for (size_t k = c->argv0 + 1; k < c->nwords; k++) {
				const char *t = c->words[k].text;
				if (pl_str_starts(t, "PIP_NO_CACHE_DIR=") && pl_rk_truthy(t + 17))
					return true;
			}
	}
	return false;
}

static void on_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh || *stage_slot(ctx, in->stage) || set_in_run(in->sh))
		return;
	if (pl_rk_has_cache_mount(pl_ctx_arena(ctx), in, "/root/.cache/pip") ||
	    pl_rk_has_cache_mount(pl_ctx_arena(ctx), in, "/root/.cache"))
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_rk_is_pip_install(c) || pl_sh_cmd_has_arg(c, "--no-cache-dir"))
			continue;
		pl_diag *d = pl_report(ctx, c->span,
		                       "add '--no-cache-dir' to 'pip install': the download cache "
		                       "only makes the image bigger");
		size_t k = pl_rk_subcommand_index(c, "install");
		if (k < c->nwords)
			pl_rk_fix_insert_after(ctx, d, in, &c->words[k], "--no-cache-dir", "add '--no-cache-dir'");
	}
}

const pl_rule pl_rule_DL3042 = {
	.id = "DL3042",
	.name = "pip-no-cache-dir",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.fix = PL_FIX_SAFE,
	.summary = "Avoid the pip cache directory: use pip install --no-cache-dir",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_FROM] = on_from, [PL_INSTR_ENV] = on_env, [PL_INSTR_RUN] = on_run},
};
