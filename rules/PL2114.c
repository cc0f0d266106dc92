/*
** PL2114 top-level-properties-order: the top-level keys of a file are
** not in the order x-* (alphabetically), version, name, include,
** services, networks, volumes, secrets, configs (dclint's customOrder,
** where "x-properties" stands for every x-* key).  Off by default (a
** matter of taste).  dclint's rule of the same name; keys the order does
** not name may stand anywhere, where dclint reports them all (and its
** fix drops them).  The fix moves the keys, each with its comments.
** Docs: rules/PL2114.md
*/
#include <stdint.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static int by_bytes(const void *x, const void *y)
{
	return strcmp(x, y);
}

static int by_rank(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* The expected order, for messages: "x-*, version, name, …". */
static const char *order_text(pl_arena *a, const pl_config *cfg)
{
	const char *s = "";
	for (size_t i = 0; i < cfg->top_level_order.n; i++) {
		const char *k = cfg->top_level_order.v[i];
		s = pl_arena_printf(a, "%s%s%s", s, i ? ", " : "", strcmp(k, "x-properties") == 0 ? "x-*" : k);
	}
	return s;
}

static void check_doc(pl_ctx *ctx, pl_rk_doc *doc)
{
	const pl_yaml_node *root = doc->root;
	if (root->kind != PL_YAML_MAPPING || pl_yaml_is_alias(root))
		return;
	const pl_config *cfg = pl_ctx_config(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_yaml_entry *e;
	size_t n = pl_rk_yaml_entries(a, root, &e);
	const char **names = pl_arena_alloc(a, (n + 1) * sizeof(*names));
	const char **xs = pl_arena_alloc(a, (n + 1) * sizeof(*xs));
	for (size_t i = 0; i < n; i++) {
		names[i] = e[i].merge ? NULL : pl_yaml_str(e[i].key);
		xs[i] = names[i] && strncmp(names[i], "x-", 2) == 0 ? names[i] : NULL;
	}
	/* The x-* keys sort among themselves by their bytes, at the place of "x-properties". */
	size_t *order = pl_arena_alloc(a, (n + 1) * sizeof(*order));
	pl_rk_order_by(a, (const void *const *)xs, n, by_bytes, order);
	size_t *xrank = pl_arena_alloc(a, (n + 1) * sizeof(*xrank)), nx = 0;
	for (size_t k = 0; k < n; k++)
		if (xs[order[k]])
			xrank[order[k]] = nx++;
	pl_rk_map place = {0}; /* named key -> 1 + its first place in the order */
	size_t xplace = 0, at = 0;
	for (size_t i = 0; i < cfg->top_level_order.n; i++) {
		const char *k = cfg->top_level_order.v[i];
		if (strcmp(k, "x-properties") == 0) {
			if (!xplace)
				xplace = at + 1, at += nx;
		} else if (!pl_rk_map_put(&place, a, k, strlen(k), (void *)(uintptr_t)(at + 1))) {
			at++;
		}
	}
	size_t *rank = pl_arena_alloc(a, (n + 1) * sizeof(*rank));
	const size_t **keys = pl_arena_alloc(a, (n + 1) * sizeof(*keys));
	pl_diag **ds = pl_arena_alloc(a, (n + 1) * sizeof(*ds));
	size_t nd = 0, last = 0, last_i = 0;
	const char *expected = NULL;
	for (size_t i = 0; i < n; i++) {
		rank[i] = 0;
		if (!names[i])
			;
		else if (xs[i] && xplace)
			rank[i] = xplace + xrank[i];
		else
			rank[i] = (uintptr_t)pl_rk_map_get(&place, names[i], strlen(names[i]));
		keys[i] = rank[i] ? &rank[i] : NULL;
		if (!rank[i])
			continue; /* not in the order: anywhere */
		if (rank[i] < last) {
			if (!expected)
				expected = order_text(a, cfg);
			ds[nd++] = pl_report_in(ctx, doc->f->src, e[i].key->span,
			                        "top-level key '%s' should come before '%s' (the order is %s)",
			                        names[i], names[last_i], expected);
			continue; /* as dclint: the key out of place does not move the mark */
		}
		last = rank[i], last_i = i;
	}
	if (nd)
		pl_rk_fix_sorted(ctx, doc, e, n, (const void *const *)keys, by_rank, ds, nd,
		                 "put the top-level keys in order");
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_rk_compose_each_doc(ctx, c, check_doc);
}

static const char *const aliases[] = {"order-top-level-properties", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2114 = {
	.id = "PL2114",
	.name = "top-level-properties-order",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.summary = "The top-level keys are not in the usual order",
	.on_compose = check,
};
