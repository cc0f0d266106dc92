/*
** DL3063 reserved-stage-name: `scratch` and `context` already mean
** something to BuildKit (the empty image; the build context as a named
** context), so a stage named so is shadowed or shadows them.  BuildKit's
** ReservedStageName.  Docs: rules/DL3063.md
*/
#include "plimsoll/rule.h"

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *name = &in->as.from.name;
	if (!name->span.len || !name->value)
		return;
	if (pl_str_ieq(name->value, "scratch") || pl_str_ieq(name->value, "context"))
		pl_report(ctx, name->span, "'%s' is a reserved name: choose another stage name", name->value);
}

static const char *const aliases[] = {"ReservedStageName", NULL};

const pl_rule pl_rule_DL3063 = {
	.id = "DL3063",
	.name = "reserved-stage-name",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Do not name a stage 'scratch' or 'context'",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
