/*
** PL2111 service-keys-order: the keys of a service are not in the order
** of dclint's groups (image, build, container_name; depends_on; volumes
** …; environment …; ports, networks …; command …; logging, labels;
** user, isolation), other keys after them alphabetically.  Off by
** default (a matter of taste).  dclint's rule of the same name and
** options (groups, groupOrder): keys of a group left out of groupOrder,
** and '<<' merge keys, may stand anywhere.  The fix moves the keys, each
** with its comments.  Docs: rules/PL2111.md
*/
#include <stdint.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

#define UNORDERED SIZE_MAX /* a key of a group that groupOrder leaves out */

/* The ranks of the keys the configuration orders: 1 + place, or UNORDERED. */
typedef struct ranks {
	pl_rk_map map; /* key -> (void *)rank */
	size_t n;      /* keys ranked */
} ranks;

static void make_ranks(ranks *r, pl_arena *a, const pl_config *cfg)
{
	memset(r, 0, sizeof(*r));
	for (size_t i = 0; i < cfg->key_group_order.n; i++)
		for (size_t g = 0; g < cfg->nkey_groups; g++)
			if (strcmp(cfg->key_groups[g].name, cfg->key_group_order.v[i]) == 0)
				for (size_t k = 0; k < cfg->key_groups[g].keys.n; k++) {
					const char *key = cfg->key_groups[g].keys.v[k];
					if (!pl_rk_map_put(&r->map, a, key, strlen(key), (void *)(uintptr_t)(r->n + 1)))
						r->n++;
				}
	for (size_t g = 0; g < cfg->nkey_groups; g++)
		for (size_t k = 0; k < cfg->key_groups[g].keys.n; k++) {
			const char *key = cfg->key_groups[g].keys.v[k];
			pl_rk_map_put(&r->map, a, key, strlen(key), (void *)(uintptr_t)UNORDERED);
		}
}

static int by_name(const void *x, const void *y)
{
	return pl_rk_collate(x, y, false);
}

static int by_rank(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

static void check_service(pl_ctx *ctx, pl_rk_doc *doc, const char *svc, const pl_yaml_node *map)
{
	const ranks *r = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_yaml_entry *e;
	size_t n = pl_rk_yaml_entries(a, map, &e);
	/* rank[i]: place in the expected order; 0 for keys that may stand anywhere. */
	size_t *rank = pl_arena_alloc(a, (n + 1) * sizeof(*rank));
	const char **names = pl_arena_alloc(a, (n + 1) * sizeof(*names));
	const char **others = pl_arena_alloc(a, (n + 1) * sizeof(*others));
	for (size_t i = 0; i < n; i++) {
		names[i] = e[i].merge ? NULL : pl_yaml_str(e[i].key);
		others[i] = NULL;
		rank[i] = 0;
		if (!names[i])
			continue;
		uintptr_t v = (uintptr_t)pl_rk_map_get(&r->map, names[i], strlen(names[i]));
		if (v == UNORDERED)
			continue;
		if (v)
			rank[i] = v;
		else
			others[i] = names[i]; /* after the groups, alphabetically */
	}
	size_t *order = pl_arena_alloc(a, (n + 1) * sizeof(*order));
	pl_rk_order_by(a, (const void *const *)others, n, by_name, order);
	for (size_t k = 0, m = 0; k < n; k++)
		if (others[order[k]])
			rank[order[k]] = r->n + 1 + m++;
	const size_t **keys = pl_arena_alloc(a, (n + 1) * sizeof(*keys));
	pl_diag **ds = pl_arena_alloc(a, (n + 1) * sizeof(*ds));
	size_t nd = 0, last = 0, last_i = 0;
	for (size_t i = 0; i < n; i++) {
		keys[i] = rank[i] ? &rank[i] : NULL;
		if (!rank[i])
			continue;
		if (rank[i] < last)
			ds[nd++] = pl_report_in(ctx, doc->f->src, e[i].key->span,
			                        "key '%s' of service '%s' should come before '%s'", names[i], svc,
			                        names[last_i]);
		last = rank[i], last_i = i; /* as dclint: every key moves the mark */
	}
	if (nd)
		pl_rk_fix_sorted(ctx, doc, e, n, (const void *const *)keys, by_rank, ds, nd,
		                 "put the keys in order");
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	make_ranks(pl_ctx_state(ctx), pl_ctx_arena(ctx), pl_ctx_config(ctx));
	pl_rk_compose_each_service(ctx, c, check_service);
}

static const char *const aliases[] = {"order-service-properties", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2111 = {
	.id = "PL2111",
	.name = "service-keys-order",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.state_size = sizeof(ranks),
	.summary = "The keys of a service are not in the usual order",
	.on_compose = check,
};
