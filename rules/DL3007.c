/*
** DL3007 no-latest-tag: the 'latest' tag moves; a build that worked
** yesterday may not today.  A digest pins it anyway.  Docs: rules/DL3007.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_imageref *r = &in->as.from.ref;
	if (in->as.from.base || !r->tag || r->digest || strcmp(r->tag, "latest") != 0)
		return;
	pl_report(ctx, in->as.from.image.span,
	          "pin '%s' to a release tag instead of 'latest', which changes without notice",
	          r->text);
}

const pl_rule pl_rule_DL3007 = {
	.id = "DL3007",
	.name = "no-latest-tag",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Do not use the latest tag for a base image",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
