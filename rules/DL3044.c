/*
** DL3044 env-same-line-reference: in `ENV A=1 B=$A`, $A is expanded
** before the ENV runs, so B gets A's old value (or nothing), not 1.  A
** pair may read its own old value (`ENV PATH=/x:$PATH`); it is a pair
** set earlier on the same ENV that misleads.  Docs: rules/DL3044.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/*
** Report the references in kv's value (as written: quotes and escapes
** kept) to names set by earlier pairs of the same ENV (in 'set').
*/
static void check_value(pl_ctx *ctx, const pl_rk_map *set, const pl_df_kv *kv, char escape)
{
	const char *s = kv->raw_value;
	size_t n = strlen(s);
	bool dq = false; /* inside "…" */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == escape) {
			i++;
			continue;
		}
		if (s[i] == '"')
			dq = !dq;
		if (s[i] == '\'' && !dq) {
			const char *q = strchr(s + i + 1, '\'');
			i = q ? (size_t)(q - s) : n; /* nothing expands inside '…' */
			continue;
		}
		if (s[i] != '$')
			continue;
		size_t start = i, at = i + 1 + (s[i + 1] == '{'), end = pl_rk_name_end(s, at);
		i = end > at ? end - 1 : i;
		const pl_df_kv *def = end > at ? pl_rk_map_get(set, s + at, end - at) : NULL;
		if (!def)
			continue;
		size_t len = end - start + (s[start + 1] == '{' && s[end] == '}');
		pl_diag *d = pl_report(ctx, pl_rk_subspan(kv->value_span, n, start, len),
		                       "'%.*s' reads the old value of '%s', not the one set earlier in this "
		                       "ENV: set it in an ENV of its own first",
		                       (int)len, s + start, def->key);
		pl_note_add(ctx, d, NULL, def->key_span, "'%s' is set here", def->key);
	}
}

static void check_env(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->nkvs < 2)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	char escape = pl_ctx_dockerfile(ctx)->escape;
	pl_rk_map set = {0}; /* keys of the pairs before the current one */
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (kv->raw_value && set.n)
			check_value(ctx, &set, kv, escape);
		pl_rk_map_put(&set, a, kv->key, strlen(kv->key), (void *)kv);
	}
}

const pl_rule pl_rule_DL3044 = {
	.id = "DL3044",
	.name = "env-same-line-reference",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Do not refer to a variable in the same ENV that sets it",
	.on_instr = {[PL_INSTR_ENV] = check_env},
};
