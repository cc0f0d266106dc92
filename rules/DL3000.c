/*
** DL3000 absolute-workdir: WORKDIR should be an absolute path.  A
** relative one is resolved against whatever the base image's working
** directory happens to be.  Docs: rules/DL3000.md
*/
#include <ctype.h>

#include "plimsoll/rule.h"

/* /abs, $VAR, ${VAR} or a Windows drive path (C:\ or C:/). */
static bool absolute(const char *p)
{
	if (p[0] == '/' || p[0] == '$')
		return true;
	return isalpha((unsigned char)p[0]) && p[1] == ':';
}

static void check_workdir(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->argc == 0)
		return; /* PL0001 reports the missing path */
	const pl_df_word *w = &in->argv[0];
	if (absolute(w->value))
		return;
	pl_diag *d = pl_report(ctx, w->span, "use an absolute path for WORKDIR, not '%s'", w->value);
	/* Insert '/' inside an opening quote, if any. */
	const char *raw = pl_ctx_source(ctx)->text + w->span.off;
	size_t at = w->span.off + (raw[0] == '"' || raw[0] == '\'');
	pl_fix_replace(ctx, d, PL_FIX_UNSAFE, "make the path absolute", pl_span_make(at, at), "/");
}

const pl_rule pl_rule_DL3000 = {
	.id = "DL3000",
	.name = "absolute-workdir",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Use an absolute path for WORKDIR",
	.on_instr = {[PL_INSTR_WORKDIR] = check_workdir},
};
