/*
** DL4001 curl-or-wget: a stage that downloads with both curl and wget
** installs and maintains two tools for one job.  Each RUN that uses one
** after the other has been seen in the stage is reported once.  ONBUILD
** triggers are counted apart, as they run in a child build.
** Docs: rules/DL4001.md
*/
#include "plimsoll/rule.h"

typedef struct tools {
	const pl_df_stage *stage; /* stage the spans below belong to */
	pl_span first[2];         /* first use of curl [0] and of wget [1] */
	bool seen[2];
} tools;

typedef struct state {
	tools plain, onbuild;
} state;

static const char *const names[2] = {"curl", "wget"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	tools *t = in->parent ? &st->onbuild : &st->plain;
	if (!in->sh)
		return;
	if (t->stage != in->stage) {
		*t = (tools){.stage = in->stage};
	}
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		int k = pl_sh_cmd_is(c, "curl") ? 0 : pl_sh_cmd_is(c, "wget") ? 1 : -1;
		if (k < 0)
			continue;
		if (!t->seen[k]) {
			t->seen[k] = true;
			t->first[k] = c->words[c->argv0].span;
		}
		if (!t->seen[1 - k])
			continue;
		pl_diag *d = pl_report(ctx, c->words[c->argv0].span, "this stage uses both curl and wget: "
		                       "pick one and use it for every download");
		pl_note_add(ctx, d, NULL, t->first[1 - k], "'%s' is used here", names[1 - k]);
		return; /* one report per RUN */
	}
}

const pl_rule pl_rule_DL4001 = {
	.id = "DL4001",
	.name = "curl-or-wget",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "Use either wget or curl, not both",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
