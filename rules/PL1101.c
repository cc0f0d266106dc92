/*
** PL1101 stage-name-casing: stage names are case-insensitive (BuildKit
** lowercases them), so `AS Build` and `--from=build` are the same stage;
** writing them in lowercase keeps the file honest about that.  BuildKit's
** StageNameCasing.  Docs: rules/PL1101.md
*/
#include "plimsoll/rule.h"

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *name = &in->as.from.name;
	if (!name->span.len || !name->value)
		return;
	bool upper = false;
	for (const char *c = name->value; *c; c++)
		upper |= *c >= 'A' && *c <= 'Z';
	if (!upper)
		return;
	char *lower = pl_arena_strdup(pl_ctx_arena(ctx), name->value);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	pl_diag *d = pl_report(ctx, name->span, "write the stage name '%s' in lowercase", name->value);
	/* References to the stage (--from=Build, FROM Build) match it in any case: the rename is safe. */
	pl_fix_replace(ctx, d, PL_FIX_SAFE, "lowercase the stage name", name->span, lower);
}

static const char *const aliases[] = {"StageNameCasing", NULL};

const pl_rule pl_rule_PL1101 = {
	.id = "PL1101",
	.name = "stage-name-casing",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "Write stage names in lowercase",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
