/*
** PL2109 service-dependencies-alphabetical-order: the services in a
** 'depends_on' (short or long syntax) are not in alphabetical order.
** Off by default (a matter of taste).  dclint's rule of the same name:
** one finding per list, here at the first dependency out of place.  The
** fix sorts the list, each entry with its comments.
** Docs: rules/PL2109.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static int by_name(const void *x, const void *y)
{
	return pl_rk_collate(x, y, false);
}

static void check_service(pl_ctx *ctx, pl_rk_doc *doc, const char *svc, const pl_yaml_node *map)
{
	const pl_yaml_node *deps = pl_rk_yaml_written(map, "depends_on", NULL);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_yaml_entry *e;
	size_t n = pl_rk_yaml_entries(a, deps, &e), prev;
	const char **names = pl_arena_alloc(a, (n + 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = e[i].merge ? NULL : pl_yaml_str(e[i].key ? e[i].key : e[i].value);
	size_t i = pl_rk_first_unsorted((const void *const *)names, n, by_name, &prev);
	if (i == n)
		return;
	pl_diag *d = pl_report_in(ctx, doc->f->src, (e[i].key ? e[i].key : e[i].value)->span,
	                          "dependencies of service '%s' are not in alphabetical order: '%s' "
	                          "should come before '%s'",
	                          svc, names[i], names[prev]);
	pl_rk_fix_sorted(ctx, doc, e, n, (const void *const *)names, by_name, &d, 1, "sort the dependencies");
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_rk_compose_each_service(ctx, c, check_service);
}

static const char *const aliases[] = {"order-service-dependencies", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2109 = {
	.id = "PL2109",
	.name = "service-dependencies-alphabetical-order",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.summary = "The dependencies of a service are not in alphabetical order",
	.on_compose = check,
};
