/*
** PL1102 from-as-casing: the AS of `FROM image AS name` should be cased
** like its FROM (`FROM … AS …` or `from … as …`).  A FROM in mixed case
** is left to PL1104.  BuildKit's FromAsCasing.  Docs: rules/PL1102.md
*/
#include "plimsoll/rule.h"

/* s[0, n) has no lowercase (upper) or no uppercase (lower) letter. */
static bool all_case(const char *s, size_t n, bool upper)
{
	for (size_t i = 0; i < n; i++)
		if (upper ? (s[i] >= 'a' && s[i] <= 'z') : (s[i] >= 'A' && s[i] <= 'Z'))
			return false;
	return true;
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_from *f = &in->as.from;
	if (!f->as_kw.len)
		return;
	const char *text = pl_ctx_source(ctx)->text;
	const char *kw = text + in->keyword.off, *as = text + f->as_kw.off;
	bool upper = all_case(kw, in->keyword.len, true), lower = all_case(kw, in->keyword.len, false);
	if (upper == lower)
		return; /* mixed-case FROM: PL1104's business */
	if (all_case(as, f->as_kw.len, upper))
		return;
	pl_diag *d = pl_report(ctx, f->as_kw, "write '%.*s' in %s like its '%.*s'", (int)f->as_kw.len, as,
	                       upper ? "uppercase" : "lowercase", (int)in->keyword.len, kw);
	pl_fix_replace(ctx, d, PL_FIX_SAFE, upper ? "write 'AS'" : "write 'as'", f->as_kw, upper ? "AS" : "as");
}

static const char *const aliases[] = {"FromAsCasing", NULL};

const pl_rule pl_rule_PL1102 = {
	.id = "PL1102",
	.name = "from-as-casing",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "Case the AS of FROM like the FROM keyword",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
