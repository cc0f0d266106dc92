/*
** DL4004 multiple-entrypoint: a stage has one ENTRYPOINT; when it sets
** several, only the last takes effect and the others mislead.
** Docs: rules/DL4004.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_report_repeated(ctx, pl_ctx_state(ctx), in);
}

const pl_rule pl_rule_DL4004 = {
	.id = "DL4004",
	.name = "multiple-entrypoint",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Only one ENTRYPOINT per stage takes effect",
	.state_size = sizeof(pl_rk_first),
	.on_instr = {[PL_INSTR_ENTRYPOINT] = check},
};
