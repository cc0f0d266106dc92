/*
** PL1109 legacy-key-value-format: `ENV key value` and `LABEL key value`
** (no '=') are the legacy form: one pair per instruction, the value
** running to the end of the line, easy to misread next to the
** `key=value` form.  BuildKit's LegacyKeyValueFormat.
** Docs: rules/PL1109.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const char *kw = pl_instr_keyword(in->kind);
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (!kv->legacy)
			continue;
		pl_diag *d = pl_report(ctx, kv->span, "write '%s %s=…' instead of the legacy '%s %s …' form", kw,
		                       kv->key, kw, kv->key);
		/* The fix: '=' in place of the blanks, and quotes around a value with blanks. */
		const char *raw = kv->raw_value;
		if (!raw || !*raw || kv->value_span.len != strlen(raw))
			continue; /* continued over lines: left to the author */
		char esc = pl_ctx_dockerfile(ctx)->escape;
		if (strchr(raw, '"') || strchr(raw, '\'') || strchr(raw, esc))
			continue;
		bool blank = strpbrk(raw, " \t") != NULL;
		pl_fix *f = pl_fix_add(ctx, d, PL_FIX_SAFE, "use the key=value form");
		pl_fix_edit(ctx, f, pl_span_make(pl_span_end(kv->key_span), kv->value_span.off), blank ? "=\"" : "=");
		if (blank)
			pl_fix_edit(ctx, f, pl_span_make(pl_span_end(kv->value_span), pl_span_end(kv->value_span)), "\"");
	}
}

static const char *const aliases[] = {"LegacyKeyValueFormat", NULL};

const pl_rule pl_rule_PL1109 = {
	.id = "PL1109",
	.name = "legacy-key-value-format",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "Write ENV and LABEL as key=value",
	.on_instr = {[PL_INSTR_ENV] = check, [PL_INSTR_LABEL] = check},
};
