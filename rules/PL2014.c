/*
** PL2014 invalid-interpolation: a '${' that Compose cannot read
** (unclosed, '${V:x}', '${}', '${1}', '${V%%.*}'): Compose refuses the
** whole file.  A '$' that starts no reference ('$1', '$(', a '$' at the
** end) is literal, as in compose-go.  A literal dollar is written '$$'.
** Docs: rules/PL2014.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	for (size_t i = 0; i < c->ninterps; i++) {
		const pl_compose_interp *it = c->interps[i];
		if (!it->malformed)
			continue;
		/* From the bad '$' to the end of its reference, within the scalar. */
		pl_span at = it->node->span;
		size_t end = pl_span_end(at);
		if (it->bad.off >= at.off && it->bad.off < end && it->src->text[it->bad.off] == '$') {
			size_t n = pl_rk_var_ref_len(it->src->text, it->bad.off);
			if (it->bad.off + n > end)
				n = end - it->bad.off;
			at = pl_span_make(it->bad.off, it->bad.off + (n ? n : 1));
		}
		pl_report_in(ctx, it->src, at, "invalid interpolation: %s", it->error);
	}
}

const pl_rule pl_rule_PL2014 = {
	.id = "PL2014",
	.name = "invalid-interpolation",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Write variable references Compose can read; write '$$' for a literal dollar",
	.on_compose = on_compose,
};
