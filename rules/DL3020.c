/*
** DL3020 prefer-copy-over-add: use COPY, not ADD, for local files.  ADD
** also fetches URLs and unpacks local tar archives; for a plain copy
** those side effects surprise the reader.  Docs: rules/DL3020.md
*/
#include <ctype.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* True if ADD does something with src that COPY cannot. */
static bool needs_add(const pl_df_word *src)
{
	return pl_rk_is_url(src->value) || pl_rk_is_archive(src->value);
}

static void check_add(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_copy *add = &in->as.copy;
	if (add->nsrcs == 0 || pl_df_flag_find(in, "checksum") || pl_df_flag_find(in, "keep-git-dir"))
		return; /* no source (PL0001), or an ADD-only flag: keep ADD */
	for (size_t i = 0; i < add->nsrcs; i++)
		if (needs_add(&add->srcs[i]))
			return;
	pl_diag *d = pl_report(ctx, in->keyword, "use COPY instead of ADD for local files");
	const char *kw = pl_ctx_source(ctx)->text + in->keyword.off;
	pl_fix_replace(ctx, d, PL_FIX_SAFE, "replace 'ADD' with 'COPY'", in->keyword,
	               islower((unsigned char)kw[0]) ? "copy" : "COPY");
}

const pl_rule pl_rule_DL3020 = {
	.id = "DL3020",
	.name = "prefer-copy-over-add",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "Use COPY instead of ADD for files and folders",
	.on_instr = {[PL_INSTR_ADD] = check_add},
};
