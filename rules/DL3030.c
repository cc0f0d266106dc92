/*
** DL3030 yum-yes: without -y, yum asks "Is this ok [y/d/N]" before it
** changes anything; a build has no one to answer, so yum reads end of
** input and gives up.  Docs: rules/DL3030.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"yum", NULL};
/* What asks before acting; `group install` and `module install`, `module enable` too. */
static const char *const subs[] = {"install", "groupinstall", "localinstall", "reinstall",
                                   "update", "upgrade", "remove", "erase", "downgrade",
                                   "distro-sync", "autoremove", "builddep", "enable", "disable",
                                   "reset", NULL};
static const char *const yes[] = {"-y", "--assumeyes", NULL};
static const pl_rk_prompt_spec spec = {tools, pl_rk_rpm_valued, subs, yes, "-y"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_prompt(ctx, in, &spec);
}

const pl_rule pl_rule_DL3030 = {
	.id = "DL3030",
	.name = "yum-yes",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "Use the -y switch with yum install",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
