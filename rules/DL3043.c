/*
** DL3043 onbuild-forbidden-trigger: ONBUILD may not hold ONBUILD, FROM
** or MAINTAINER, and BuildKit refuses such a file.  The parser reports
** the same line as a syntax error (PL0001); this is the code hadolint
** users know.  Docs: rules/DL3043.md
*/
#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_instr *inner = in->as.inner;
	if (in->parent || !inner)
		return;
	if (inner->kind != PL_INSTR_ONBUILD && inner->kind != PL_INSTR_FROM && inner->kind != PL_INSTR_MAINTAINER)
		return;
	pl_report(ctx, inner->keyword, "%s is not allowed as an ONBUILD trigger: the build fails",
	          pl_instr_keyword(inner->kind));
}

const pl_rule pl_rule_DL3043 = {
	.id = "DL3043",
	.name = "onbuild-forbidden-trigger",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
	.on_instr = {[PL_INSTR_ONBUILD] = check},
};
