/*
** DL3034 zypper-non-interactive: zypper asks before it installs,
** removes or upgrades anything; a build cannot answer, so it needs
** --non-interactive (-n), or -y / --no-confirm on the subcommand.
** Docs: rules/DL3034.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"zypper", NULL};
static const char *const subs[] = {"install", "in", "remove", "rm", "source-install", "si",
                                   "patch", "update", "up", "dist-upgrade", "dup",
                                   "install-new-recommends", "inr", NULL};
static const char *const yes[] = {"-n", "--non-interactive", "-y", "--no-confirm", NULL};
static const pl_rk_prompt_spec spec = {tools, pl_rk_zypper_valued, subs, yes, "--non-interactive"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_prompt(ctx, in, &spec);
}

const pl_rule pl_rule_DL3034 = {
	.id = "DL3034",
	.name = "zypper-non-interactive",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "Use the non-interactive switch with zypper",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
