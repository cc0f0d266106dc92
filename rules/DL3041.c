/*
** DL3041 dnf-pin-versions: `dnf install tomcat` installs whatever the
** repository has that day; `tomcat-9.0.1` makes the build repeatable.
** Modules pin a stream (`dnf module install tomcat:9`); groups have no
** version.  One report per unpinned package.  Docs: rules/DL3041.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"dnf", "microdnf", "dnf5", NULL};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_rpm_pins(ctx, in, tools);
}

const pl_rule pl_rule_DL3041 = {
	.id = "DL3041",
	.name = "dnf-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in dnf install",
	PL_RK_PIN_HOOKS(check_run),
};
