/*
** DL3023 copy-from-self: `COPY --from=X` in the stage named X (or with
** the stage's own index) cannot read the stage it is building; BuildKit
** fails with a circular dependency.  RUN --mount=from=X is checked too.
** Docs: rules/DL3023.md
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_stage *s = in->stage;
	if (in->parent || !s)
		return;
	pl_rk_from_ref *refs;
	size_t n = pl_rk_from_refs(pl_ctx_arena(ctx), in, &refs);
	for (size_t i = 0; i < n; i++) {
		const char *x = refs[i].name;
		bool index = *x && strspn(x, "0123456789") == strlen(x) && strlen(x) < 7 &&
		             (size_t)strtoul(x, NULL, 10) == s->index;
		if (!index && !(s->name && pl_str_ieq(x, s->name)))
			continue;
		pl_diag *d = pl_report(ctx, refs[i].span,
		                       "'%s' is the stage this %s is part of: a stage can only read earlier ones",
		                       x, pl_instr_keyword(in->kind));
		pl_note_add(ctx, d, NULL, s->name ? s->from->as.from.name.span : s->from->keyword,
		            "the stage starts here");
	}
}

const pl_rule pl_rule_DL3023 = {
	.id = "DL3023",
	.name = "copy-from-self",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "COPY --from cannot read the stage it is in",
	.on_instr = {[PL_INSTR_COPY] = check, [PL_INSTR_RUN] = check},
};
