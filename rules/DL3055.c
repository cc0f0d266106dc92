/*
** DL3055 label-git-hash: a label the schema types `hash` holds a git
** commit hash: 7 to 40 lowercase hex digits (a short or a full SHA-1),
** or 64 (a SHA-256 repository).  Docs: rules/DL3055.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *check_hash(pl_arena *a, const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	if (s[n])
		return pl_arena_printf(a, "'%s' has characters other than 0-9 and a-f", pl_rk_excerpt(a, s));
	if ((n >= 7 && n <= 40) || n == 64)
		return NULL;
	return pl_arena_printf(a, "'%s' has %zu hex digits, not 7 to 40 (or 64)", pl_rk_excerpt(a, s), n);
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_HASH, check_hash, "a git commit hash");
}

const pl_rule pl_rule_DL3055 = {
	.id = "DL3055",
	.name = "label-git-hash",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type hash must hold a git commit hash",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
