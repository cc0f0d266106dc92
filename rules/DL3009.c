/*
** DL3009 apt-lists-cleanup: `apt-get update` leaves tens of megabytes
** of package lists in the layer unless the same RUN deletes them (or
** keeps them in a cache mount).  Only stages that end up in an image
** matter: the last one, or one a later FROM builds on.  Docs: rules/DL3009.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct pending {
	pl_span span;              /* the `apt-get update` command */
	const pl_df_stage *stage;  /* its stage; NULL before the first FROM or under ONBUILD (always reported) */
} pending;

typedef struct state {
	PL_VEC(pending) found;     /* RUNs that update without cleaning, in order */
} state;

/* rm with an argument under /var/lib/apt/lists, or apt-get dist-clean (apt >= 2.7). */
static bool cleans_lists(const pl_sh_cmd *c)
{
	if ((pl_sh_cmd_is(c, "apt-get") || pl_sh_cmd_is(c, "apt")) && pl_sh_cmd_subcommand_is(c, "dist-clean"))
		return true;
	if (!pl_sh_cmd_is(c, "rm"))
		return false;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++)
		if (pl_str_starts(c->words[i].text, "/var/lib/apt/lists"))
			return true;
	return false;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	const pl_sh_cmd *update = NULL;
	bool cleaned = false;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!update &&
		    (pl_sh_cmd_is(c, "apt-get") || pl_sh_cmd_is(c, "apt") || pl_sh_cmd_is(c, "aptitude")) &&
		    pl_sh_cmd_has_arg(c, "update"))
			update = c;
		cleaned |= cleans_lists(c);
	}
	if (!update || cleaned)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	if (pl_rk_has_cache_mount(a, in, "/var/lib/apt/lists") ||
	    (pl_rk_has_cache_mount(a, in, "/var/lib/apt") && pl_rk_has_cache_mount(a, in, "/var/cache/apt")))
		return;
	state *st = pl_ctx_state(ctx);
	pending *p = PL_VEC_PUSH(a, &st->found);
	p->span = update->span;
	/* ONBUILD runs in the child image's build: it always ships. */
	p->stage = in->parent ? NULL : in->stage;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	if (!st->found.n)
		return;
	/* A stage matters when it is the last one or a later FROM builds on it. */
	bool *used = pl_arena_alloc(pl_ctx_arena(ctx), df->nstages + 1);
	for (size_t i = 0; i < df->nstages; i++) {
		if (df->stages[i].is_last)
			used[i] = true;
		if (df->stages[i].base)
			used[df->stages[i].base->index] = true;
	}
	for (size_t i = 0; i < st->found.n; i++) {
		const pending *p = &st->found.v[i];
		if (p->stage && !used[p->stage->index])
			continue;
		pl_report(ctx, p->span,
		          "delete the apt lists in the same RUN as 'apt-get update' "
		          "(&& rm -rf /var/lib/apt/lists/*)");
	}
}

const pl_rule pl_rule_DL3009 = {
	.id = "DL3009",
	.name = "apt-lists-cleanup",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Delete the apt-get lists after installing something",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_RUN] = check_run},
	.on_end = on_end,
};
