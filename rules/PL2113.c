/*
** PL2113 services-alphabetical-order: the services of a file are not in
** alphabetical order.  Off by default (a matter of taste).  dclint's rule
** of the same name, the same findings: each service that some service
** above it should follow, named after the first of those in order.  The
** fix sorts the services, each with its comments.  Docs: rules/PL2113.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static int by_name(const void *x, const void *y)
{
	return pl_rk_collate(x, y, false);
}

/*
** The smallest rank above r among those added to the Fenwick tree t
** (1-based ranks up to n, *count added), or 0 when there is none.
*/
static size_t next_above(const size_t *t, size_t n, size_t count, size_t r)
{
	size_t below = 0; /* added ranks <= r */
	for (size_t i = r; i > 0; i -= i & -i)
		below += t[i];
	if (below == count)
		return 0;
	size_t want = below + 1, at = 0, step = 1;
	while (step * 2 <= n)
		step *= 2;
	for (; step; step /= 2) /* the last position whose prefix count is below want */
		if (at + step <= n && t[at + step] < want)
			at += step, want -= t[at];
	return at + 1;
}

static void check_doc(pl_ctx *ctx, pl_rk_doc *doc)
{
	const pl_yaml_node *svcs = pl_rk_yaml_written(doc->root, "services", NULL);
	if (!svcs || svcs->kind != PL_YAML_MAPPING)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_yaml_entry *e;
	size_t n = pl_rk_yaml_entries(a, svcs, &e);
	const char **names = pl_arena_alloc(a, (n + 1) * sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = e[i].merge ? NULL : pl_yaml_str(e[i].key);
	size_t *order = pl_arena_alloc(a, (n + 1) * sizeof(*order));
	pl_rk_order_by(a, (const void *const *)names, n, by_name, order);
	/* rank[i]: 1-based place of entry i's name in sorted order (equal names share one). */
	size_t *rank = pl_arena_alloc(a, (n + 1) * sizeof(*rank)), m = 0;
	const char **by_rank = pl_arena_alloc(a, (n + 2) * sizeof(*by_rank));
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		if (!names[i])
			continue;
		if (!m || strcmp(by_rank[m], names[i]) != 0)
			by_rank[++m] = names[i];
		rank[i] = m;
	}
	size_t *tree = pl_arena_alloc(a, (m + 1) * sizeof(*tree)), count = 0;
	memset(tree, 0, (m + 1) * sizeof(*tree));
	pl_diag **ds = pl_arena_alloc(a, (n + 1) * sizeof(*ds));
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		size_t above = next_above(tree, m, count, rank[i]);
		if (above)
			ds[nd++] = pl_report_in(ctx, doc->f->src, e[i].key->span, "service '%s' should come before '%s'",
			                        names[i], by_rank[above]);
		for (size_t t = rank[i]; t <= m; t += t & -t)
			tree[t]++;
		count++;
	}
	if (nd)
		pl_rk_fix_sorted(ctx, doc, e, n, (const void *const *)names, by_name, ds, nd, "sort the services");
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_rk_compose_each_doc(ctx, c, check_doc);
}

static const char *const aliases[] = {"order-services", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2113 = {
	.id = "PL2113",
	.name = "services-alphabetical-order",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.summary = "The services are not in alphabetical order",
	.on_compose = check,
};
