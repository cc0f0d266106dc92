/*
** DL3038 dnf-yes: without -y, dnf and microdnf ask "Is this ok [y/N]"
** before they change anything; a build has no one to answer, so they
** read end of input and abort.  Docs: rules/DL3038.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"dnf", "microdnf", "dnf5", NULL};
/* What asks before acting, with dnf's short aliases; `group install`, `module install`, `module enable` too. */
static const char *const subs[] = {"install", "in", "groupinstall", "localinstall", "reinstall",
                                   "rei", "update", "upgrade", "up", "upgrade-minimal", "up-min",
                                   "remove", "rm", "erase", "downgrade", "dg", "distro-sync",
                                   "dsync", "autoremove", "swap", "builddep", "enable",
                                   "disable", "reset", NULL};
static const char *const yes[] = {"-y", "--assumeyes", NULL};
static const pl_rk_prompt_spec spec = {tools, pl_rk_rpm_valued, subs, yes, "-y"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_prompt(ctx, in, &spec);
}

const pl_rule pl_rule_DL3038 = {
	.id = "DL3038",
	.name = "dnf-yes",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "Use the -y switch with dnf install",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
