/*
** PL1104 consistent-instruction-casing: write every instruction keyword
** in one casing, all uppercase or all lowercase, whichever most of the
** file uses (uppercase on a tie).  A keyword in mixed case (`From`) is
** always reported.  BuildKit's ConsistentInstructionCasing, which also
** looks at the global ARGs here.  Docs: rules/PL1104.md
*/
#include "plimsoll/rule.h"

typedef enum casing { MIXED, LOWER, UPPER } casing;

static casing casing_of(const char *s, size_t n)
{
	bool lo = false, up = false;
	for (size_t i = 0; i < n; i++) {
		lo |= s[i] >= 'a' && s[i] <= 'z';
		up |= s[i] >= 'A' && s[i] <= 'Z';
	}
	return lo && up ? MIXED : lo ? LOWER : UPPER;
}

static void check_keyword(pl_ctx *ctx, const pl_df_instr *in, casing want)
{
	if (in->kind == PL_INSTR_UNKNOWN || !in->keyword.len)
		return;
	const char *kw = pl_ctx_source(ctx)->text + in->keyword.off;
	size_t n = in->keyword.len;
	if (casing_of(kw, n) == want)
		return;
	char *fixed = pl_arena_strndup(pl_ctx_arena(ctx), kw, n);
	for (char *c = fixed; *c; c++) {
		if (want == UPPER && *c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
		else if (want == LOWER && *c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	}
	pl_diag *d = pl_report(ctx, in->keyword, "write '%.*s' in %s like most instructions of the file",
	                       (int)n, kw, want == UPPER ? "uppercase" : "lowercase");
	pl_fix_replace(ctx, d, PL_FIX_SAFE, "change the keyword's case", in->keyword, fixed);
}

static void check(pl_ctx *ctx, const pl_dockerfile *df)
{
	size_t lower = 0, upper = 0;
	const char *text = pl_ctx_source(ctx)->text;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const pl_df_instr *in = df->instrs[i];
		if (in->kind == PL_INSTR_UNKNOWN)
			continue;
		casing c = casing_of(text + in->keyword.off, in->keyword.len);
		lower += c == LOWER;
		upper += c == UPPER;
	}
	casing want = lower > upper ? LOWER : UPPER;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const pl_df_instr *in = df->instrs[i];
		check_keyword(ctx, in, want);
		if (in->kind == PL_INSTR_ONBUILD && in->as.inner)
			check_keyword(ctx, in->as.inner, want);
	}
}

static const char *const aliases[] = {"ConsistentInstructionCasing", NULL};

const pl_rule pl_rule_PL1104 = {
	.id = "PL1104",
	.name = "consistent-instruction-casing",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "Write all instruction keywords in the same case",
	.on_end = check,
};
