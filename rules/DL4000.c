/*
** DL4000 maintainer-deprecated: MAINTAINER has been deprecated since
** Docker 1.13; a label carries the same information and tools read it.
** Docs: rules/DL4000.md
*/
#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_diag *d = pl_report(ctx, in->keyword,
	                       "MAINTAINER is deprecated: use "
	                       "LABEL org.opencontainers.image.authors=\"…\" instead");
	if (in->parent || in->args_len == 0)
		return;
	/* LABEL org.opencontainers.image.authors="<text, with \ and " escaped>" */
	pl_arena *a = pl_ctx_arena(ctx);
	char *val = pl_arena_alloc(a, 2 * in->args_len + 1), *p = val;
	for (size_t i = 0; i < in->args_len; i++) {
		char c = in->args[i];
		if (c == '\n' || c == '\r')
			c = ' ';
		if (c == '"' || c == '\\' || c == '$')
			*p++ = '\\';
		*p++ = c;
	}
	while (p > val && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	*p = '\0';
	pl_span whole = pl_span_join(in->keyword, pl_textmap_span(&in->args_map, 0, in->args_len));
	pl_fix_replace(ctx, d, PL_FIX_SAFE, "replace with LABEL org.opencontainers.image.authors", whole,
	               pl_arena_printf(a, "LABEL org.opencontainers.image.authors=\"%s\"", val));
}

static const char *const aliases[] = {"MaintainerDeprecated", NULL};

const pl_rule pl_rule_DL4000 = {
	.id = "DL4000",
	.name = "maintainer-deprecated",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "MAINTAINER is deprecated: use a LABEL",
	.on_instr = {[PL_INSTR_MAINTAINER] = check},
};
