/*
** PL2010 unused-definition: a top-level network, volume, secret or
** config that no service uses.  Compose creates nothing for it; often it
** is a leftover, or the service meant to use it names it differently.
** External ones are left alone: declaring them creates nothing, and
** Compose checks at 'up' that they exist, which some files rely on.
** Docs: rules/PL2010.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct uses {
	pl_rk_map names[PL_COMPOSE__NKINDS]; /* per kind: the names some service uses */
	bool unknown[PL_COMPOSE__NKINDS];    /* a use names something through an unset variable */
	pl_arena *a;
} uses;

static void use(uses *u, pl_compose_kind k, const char *name)
{
	if (name)
		pl_rk_map_put(&u->names[k], u->a, name, strlen(name), (void *)name);
}

static bool uncertain(const pl_compose_val *v)
{
	return v->interp && v->interp->uncertain;
}

static void uses_of(uses *u, const pl_compose_service *s)
{
	if (!s->networks.n && !s->network_mode.at.node)
		use(u, PL_COMPOSE_NETWORK, "default");
	for (size_t i = 0; i < s->networks.n; i++)
		use(u, PL_COMPOSE_NETWORK, s->networks.v[i].name);
	if (s->build.network.str)
		use(u, PL_COMPOSE_NETWORK, s->build.network.str);
	for (size_t i = 0; i < s->volumes.n; i++) {
		const pl_compose_volume *v = &s->volumes.v[i];
		if (uncertain(&v->value) || uncertain(&v->source_val))
			u->unknown[PL_COMPOSE_VOLUME] = true;
		if (v->type == PL_COMPOSE_MOUNT_VOLUME)
			use(u, PL_COMPOSE_VOLUME, v->source);
	}
	for (size_t i = 0; i < s->secrets.n; i++)
		use(u, PL_COMPOSE_SECRET, s->secrets.v[i].source);
	for (size_t i = 0; i < s->configs.n; i++)
		use(u, PL_COMPOSE_CONFIG, s->configs.v[i].source);
	const pl_yaml_node *bs = pl_yaml_get(s->build.at.node, "secrets");
	for (size_t i = 0; i < pl_yaml_len(bs); i++) {
		const pl_yaml_node *it = pl_yaml_item(bs, i);
		use(u, PL_COMPOSE_SECRET, pl_yaml_str(it && it->kind == PL_YAML_MAPPING ? pl_yaml_get(it, "source") : it));
	}
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	uses u;
	memset(&u, 0, sizeof(u));
	u.a = pl_ctx_arena(ctx);
	for (size_t i = 0; i < c->nservices; i++)
		uses_of(&u, &c->services[i]);
	static const pl_compose_kind kinds[] = {PL_COMPOSE_NETWORK, PL_COMPOSE_VOLUME, PL_COMPOSE_SECRET,
	                                        PL_COMPOSE_CONFIG};
	for (size_t k = 0; k < PL_ARRAY_LEN(kinds); k++) {
		pl_compose_kind kind = kinds[k];
		if (u.unknown[kind])
			continue;
		for (size_t i = 0; i < c->nresources[kind]; i++) {
			const pl_compose_resource *r = &c->resources[kind][i];
			if (r->is_external || pl_rk_map_get(&u.names[kind], r->name, strlen(r->name)))
				continue;
			pl_report_compose(ctx, &r->at, false, "%s '%s' is defined but no service uses it",
			                  pl_compose_kind_name(kind), r->name);
		}
	}
}

const pl_rule pl_rule_PL2010 = {
	.id = "PL2010",
	.name = "unused-definition",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "Remove top-level networks, volumes, secrets and configs that no service uses",
	.on_compose = on_compose,
};
