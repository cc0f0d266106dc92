/*
** PL2103 no-quotes-in-volumes: a volume in short syntax written in
** quotes it does not need.  dclint's rule of the same name, a matter of
** style; a volume whose text needs its quotes (it starts with '*' or
** holds ': ') is left alone, where dclint reports it too.  The fix drops
** the quotes.  Docs: rules/PL2103.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The scalar n stands in a flow collection: what follows it is ',' or a closing bracket. */
static bool in_flow(const pl_source *src, const pl_yaml_node *n)
{
	size_t p = pl_span_end(n->span);
	while (p < src->len && (src->text[p] == ' ' || src->text[p] == '\t' || src->text[p] == '\n' ||
	                        src->text[p] == '\r'))
		p++;
	return p < src->len && (src->text[p] == ',' || src->text[p] == ']' || src->text[p] == '}');
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map seen = {0}; /* scalars reported, by address */
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		for (size_t k = 0; k < s->volumes.n; k++) {
			const pl_compose_volume *v = &s->volumes.v[k];
			const pl_yaml_node *n = pl_yaml_origin(v->at.node);
			if (v->long_form || !n || n->kind != PL_YAML_SCALAR || n->style == PL_YAML_PLAIN || !v->at.src)
				continue;
			const pl_compose_file *f = pl_compose_file_of(c, v->at.src);
			if (!f || !pl_rk_compose_own_file(f))
				continue;
			const char *text = n->as.scalar.value;
			if (!pl_rk_yaml_plain_ok(text, n->as.scalar.len, in_flow(v->at.src, n)))
				continue; /* the quotes are needed */
			if (pl_rk_map_put(&seen, a, (const char *)&n, sizeof(n), (void *)n))
				continue;
			pl_diag *d = pl_report_in(ctx, v->at.src, n->span, "volume '%s' does not need quotes", text);
			if (pl_rk_compose_fixable(ctx, f))
				pl_fix_replace(ctx, d, PL_FIX_SAFE, "drop the quotes", n->span, text);
		}
	}
}

const pl_rule pl_rule_PL2103 = {
	.id = "PL2103",
	.name = "no-quotes-in-volumes",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "A volume is written in quotes it does not need",
	.on_compose = check,
};
