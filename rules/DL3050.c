/*
** DL3050 superfluous-label: with `strict-labels: true`, every label key
** must be one the label schema names.  Docs: rules/DL3050.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	if (!cfg->strict_labels)
		return;
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (!pl_rk_label_rule(cfg, kv->key))
			pl_report(ctx, kv->key_span, "label '%s' is not in the label schema (strict-labels is on)",
			          pl_rk_excerpt(pl_ctx_arena(ctx), kv->key));
	}
}

const pl_rule pl_rule_DL3050 = {
	.id = "DL3050",
	.name = "superfluous-label",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "With strict labels, use only the labels of the label schema",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
