/*
** DL3051 empty-label: a label the label schema names must have a value.
** Docs: rules/DL3051.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (kv->value && !*kv->value && pl_rk_label_rule(cfg, kv->key))
			pl_report(ctx, kv->value_span.len ? kv->value_span : kv->key_span,
			          "label '%s' is empty", pl_rk_excerpt(pl_ctx_arena(ctx), kv->key));
	}
}

const pl_rule pl_rule_DL3051 = {
	.id = "DL3051",
	.name = "empty-label",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "Give every label of the label schema a value",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
