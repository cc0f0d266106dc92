/*
** PL2107 require-quotes-in-ports: a port in 'ports' or 'expose' written
** without quotes, or with the other kind of quotes than the project's
** (quoteType, single by default).  YAML 1.1 readers take an unquoted
** "22:22" for the base-60 number 1342; quoting every port removes the
** doubt.  dclint's rule of the same name; the fix requotes the value.
** Docs: rules/PL2107.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check_one(pl_ctx *ctx, const pl_compose *c, pl_rk_map *seen, const pl_compose_loc *at,
                      const char *what)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	const pl_yaml_node *n = pl_yaml_origin(at->node);
	if (!n || n->kind != PL_YAML_SCALAR || !at->src)
		return;
	pl_yaml_style want = cfg->quote_type == '"' ? PL_YAML_DOUBLE : PL_YAML_SINGLE;
	if (n->style == want)
		return;
	const pl_compose_file *f = pl_compose_file_of(c, at->src);
	if (!f || !pl_rk_compose_own_file(f))
		return;
	if (pl_rk_map_put(seen, pl_ctx_arena(ctx), (const char *)&n, sizeof(n), (void *)n))
		return; /* reached again through an alias */
	pl_arena *a = pl_ctx_arena(ctx);
	const char *quoted = pl_rk_yaml_quote(a, n->as.scalar.value, n->as.scalar.len, cfg->quote_type);
	const char *kind = want == PL_YAML_SINGLE ? "single" : "double";
	pl_diag *d;
	if (n->style == PL_YAML_PLAIN)
		d = pl_report_in(ctx, at->src, n->span, "%s %s is not quoted%s: write %s", what,
		                 n->as.scalar.value,
		                 strchr(n->as.scalar.value, ':')
		                     ? ", and YAML can read an unquoted value with a colon as a number "
		                       "(22:22 is 1342 in base 60)"
		                     : "",
		                 quoted ? quoted : "it in quotes");
	else
		d = pl_report_in(ctx, at->src, n->span, "%s '%s' is not in %s quotes: write %s", what,
		                 n->as.scalar.value, kind, quoted ? quoted : "it so");
	/* One line of plain or quoted text is requoted; block scalars and folded lines are left alone. */
	bool one_line = !memchr(at->src->text + n->span.off, '\n', n->span.len);
	bool plain_as_is = n->style != PL_YAML_PLAIN ||
	                   (n->span.len == n->as.scalar.len &&
	                    memcmp(at->src->text + n->span.off, n->as.scalar.value, n->span.len) == 0);
	if (quoted && one_line && plain_as_is && n->style != PL_YAML_LITERAL && n->style != PL_YAML_FOLDED &&
	    pl_rk_compose_fixable(ctx, f))
		pl_fix_replace(ctx, d, PL_FIX_SAFE, pl_arena_printf(a, "put the port in %s quotes", kind), n->span,
		               quoted);
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	pl_rk_map seen = {0}; /* scalars reported, by address */
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		for (size_t k = 0; cfg->quote_ports && k < s->ports.n; k++)
			if (!s->ports.v[k].long_form)
				check_one(ctx, c, &seen, &s->ports.v[k].at, "port");
		for (size_t k = 0; cfg->quote_expose && k < s->expose.n; k++)
			check_one(ctx, c, &seen, &s->expose.v[k].at, "exposed port");
	}
}

const pl_rule pl_rule_PL2107 = {
	.id = "PL2107",
	.name = "require-quotes-in-ports",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "A port is not quoted, or not quoted the project's way",
	.on_compose = check,
};
