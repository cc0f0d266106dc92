/*
** DL3003 use-workdir: `cd` inside RUN only lasts for that RUN; WORKDIR
** says where later instructions run, and says it once.  Docs: rules/DL3003.md
*/
#include "plimsoll/rule.h"

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (pl_sh_cmd_is(c, "cd"))
			pl_report(ctx, c->span, "use WORKDIR to change the directory instead of 'cd'");
	}
}

const pl_rule pl_rule_DL3003 = {
	.id = "DL3003",
	.name = "use-workdir",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "Use WORKDIR to switch to a directory instead of cd in RUN",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
