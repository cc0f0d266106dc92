/*
** DL3067 copy-whole-filesystem: `COPY --from=build / /` copies every
** file of another stage, its package database, caches and secrets
** included, over this one.  Copy the folders the image needs instead.
** Docs: rules/DL3067.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_copy *cp = &in->as.copy;
	const pl_df_flag *from = pl_df_flag_find(in, "from");
	if (!from || !cp->dest.span.len || strcmp(cp->dest.value, "/") != 0)
		return;
	for (size_t i = 0; i < cp->nsrcs; i++) {
		if (strcmp(cp->srcs[i].value, "/") != 0)
			continue;
		pl_report(ctx, cp->srcs[i].span, "this copies the whole filesystem of '%s' over the image: "
		          "copy only the folders it needs", from->value ? from->value : "");
		return;
	}
}

const pl_rule pl_rule_DL3067 = {
	.id = "DL3067",
	.name = "copy-whole-filesystem",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Do not copy an entire filesystem from another stage",
	.on_instr = {[PL_INSTR_COPY] = check_copy},
};
