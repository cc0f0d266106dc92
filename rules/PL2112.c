/*
** PL2112 service-ports-alphabetical-order: the ports of a service are
** not in order of their host port (numbers by value: 79 < 80 < 1001).
** Off by default (a matter of taste).  dclint's rule of the same name:
** one finding per list, here at the first port out of place; a port
** with no host port sorts by its container port.  The fix sorts the
** list, each entry with its comments.  Docs: rules/PL2112.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static int by_port(const void *x, const void *y)
{
	return pl_rk_collate(x, y, true);
}

/* An IPv4 address (digits and dots, with dots) or an IPv6 one (with a ':'). */
static bool looks_ip(const char *s, size_t n)
{
	bool dot = false, colon = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ':')
			colon = true;
		else if (s[i] == '.')
			dot = true;
		else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		           (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	}
	return colon || dot;
}

/*
** What a short-syntax port sorts by: its host port (or range) as written,
** else its container port.  "[ip:]host:container[/proto]"; the IP may
** be in brackets.
*/
static const char *port_key(pl_arena *a, const char *s)
{
	size_t n = strcspn(s, "/");
	const char *part[4];
	size_t len[4], np = 0, i = 0;
	while (i <= n && np < 4) {
		size_t j = i;
		int depth = 0;
		while (j < n && (s[j] != ':' || depth)) {
			depth += s[j] == '[' ? 1 : s[j] == ']' ? -1 : 0;
			j++;
		}
		part[np] = s + i;
		len[np++] = j - i;
		i = j + 1;
	}
	size_t pick = 0;
	if (np >= 3) {
		pick = 1;
	} else if (np == 2) {
		const char *p0 = part[0];
		size_t l0 = len[0];
		if (l0 >= 2 && p0[0] == '[' && p0[l0 - 1] == ']')
			p0++, l0 -= 2;
		pick = l0 == 0 || looks_ip(p0, l0) ? 1 : 0;
	}
	if (!len[pick])
		pick = np - 1;
	return pl_arena_strndup(a, part[pick], len[pick]);
}

static const char *key_of(pl_arena *a, const pl_yaml_node *item)
{
	const pl_yaml_node *n = pl_yaml_origin(item);
	if (n->kind == PL_YAML_SCALAR)
		return port_key(a, n->as.scalar.value);
	if (n->kind == PL_YAML_MAPPING) {
		const char *p = pl_yaml_str(pl_yaml_get(n, "published"));
		const char *t = pl_yaml_str(pl_yaml_get(n, "target"));
		return p && *p ? p : t ? t : "";
	}
	return "";
}

static void check_service(pl_ctx *ctx, pl_rk_doc *doc, const char *svc, const pl_yaml_node *map)
{
	const pl_yaml_node *ports = pl_rk_yaml_written(map, "ports", NULL);
	if (!ports || ports->kind != PL_YAML_SEQUENCE)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_yaml_entry *e;
	size_t n = pl_rk_yaml_entries(a, ports, &e), prev;
	const char **keys = pl_arena_alloc(a, (n + 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		keys[i] = key_of(a, e[i].value);
	size_t i = pl_rk_first_unsorted((const void *const *)keys, n, by_port, &prev);
	if (i == n)
		return;
	pl_diag *d = pl_report_in(ctx, doc->f->src, e[i].value->span,
	                          "ports of service '%s' are not in order: '%s' should come before '%s'", svc,
	                          keys[i], keys[prev]);
	pl_rk_fix_sorted(ctx, doc, e, n, (const void *const *)keys, by_port, &d, 1, "sort the ports");
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_rk_compose_each_service(ctx, c, check_service);
}

static const char *const aliases[] = {"order-service-ports", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2112 = {
	.id = "PL2112",
	.name = "service-ports-alphabetical-order",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.summary = "The ports of a service are not in order",
	.on_compose = check,
};
