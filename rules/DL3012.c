/*
** DL3012 multiple-healthcheck: a stage has one health check; when it
** sets several, only the last takes effect and the others mislead.
** HEALTHCHECK NONE counts too.  Docs: rules/DL3012.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_report_repeated(ctx, pl_ctx_state(ctx), in);
}

const pl_rule pl_rule_DL3012 = {
	.id = "DL3012",
	.name = "multiple-healthcheck",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Only one HEALTHCHECK per stage takes effect",
	.state_size = sizeof(pl_rk_first),
	.on_instr = {[PL_INSTR_HEALTHCHECK] = check},
};
