/*
** DL3035 no-zypper-dist-upgrade: `zypper dist-upgrade` (dup) may move
** the image to the next release of the distribution, with new major
** versions and removed packages; the base image tag no longer says what
** the image is.  Docs: rules/DL3035.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const dup[] = {"dist-upgrade", "dup", NULL};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		const pl_sh_word *sub = pl_sh_cmd_is(c, "zypper") ? pl_rk_action(c, pl_rk_zypper_valued, dup) : NULL;
		if (sub)
			pl_report(ctx, sub->span,
			          "do not run 'zypper %s' in a build: it can move the image to another "
			          "release of the distribution (rebuild FROM a newer base image instead)",
			          sub->text);
	}
}

const pl_rule pl_rule_DL3035 = {
	.id = "DL3035",
	.name = "no-zypper-dist-upgrade",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Do not use zypper dist-upgrade",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
