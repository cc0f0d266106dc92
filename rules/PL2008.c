/*
** PL2008 undefined-reference: a service names a service, network,
** volume, secret or config that the file does not define, and Compose
** refuses to start the project.  'extends' is checked by the loader
** (PL0003).  Docs: rules/PL2008.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Did-you-mean looks at every name of a kind: at most this many times per file, so it stays linear. */
enum { MAX_SUGGESTIONS = 32 };

typedef struct names {
	const char **v; /* the defined names of one kind, for suggestions; NULL until first needed */
	size_t n;
} names;

typedef struct check {
	pl_ctx *ctx;
	const pl_compose *c;
	names services;
	names resources[PL_COMPOSE__NKINDS];
	size_t suggested; /* suggestions looked for so far */
} check;

/* " (did you mean 'x'?)" or "", among the services (kind < 0) or the resources of a kind. */
static const char *hint(check *k, int kind, const char *name)
{
	names *ns = kind < 0 ? &k->services : &k->resources[kind];
	bool is_service = kind < 0;
	if (k->suggested >= MAX_SUGGESTIONS)
		return "";
	k->suggested++;
	pl_arena *a = pl_ctx_arena(k->ctx);
	if (!ns->v) {
		ns->n = is_service ? k->c->nservices : k->c->nresources[kind];
		ns->v = pl_arena_alloc(a, (ns->n + 1) * sizeof(*ns->v));
		for (size_t i = 0; i < ns->n; i++)
			ns->v[i] = is_service ? k->c->services[i].name : k->c->resources[kind][i].name;
	}
	const char *best = pl_rk_compose_suggest(name, ns->v, ns->n);
	return best ? pl_arena_printf(a, " (did you mean '%s'?)", best) : "";
}

/* A reference to a service: report it when there is none of that name. */
static void service_ref(check *k, const pl_compose_loc *at, bool value, const char *name, const char *where)
{
	if (!name || !*name || pl_compose_service_find(k->c, name))
		return;
	pl_report_compose(k->ctx, at, value, "undefined service '%s' in '%s'%s", name, where,
	                  hint(k, -1, name));
}

/* A reference to a top-level resource. */
static void resource_ref(check *k, const pl_compose_loc *at, bool value, pl_compose_kind kind, const char *name)
{
	if (!name || !*name || pl_compose_resource_find(k->c, kind, name))
		return;
	const char *what = pl_compose_kind_name(kind);
	const char *h = hint(k, (int)kind, name);
	if (*h)
		pl_report_compose(k->ctx, at, value, "undefined %s '%s'%s", what, name, h);
	else
		pl_report_compose(k->ctx, at, value, "undefined %s '%s': declare it under the top-level '%ss'",
		                  what, name, what);
}

/* 'service:x' in network_mode, pid or ipc. */
static void mode_ref(check *k, const pl_compose_val *v, const char *key)
{
	if (!v->str || strncmp(v->str, "service:", 8) != 0 || (v->interp && v->interp->uncertain))
		return;
	service_ref(k, &v->at, true, v->str + 8, key);
}

/* The part of "name[:mode]" before the colon, in the arena. */
static const char *before_colon(pl_arena *a, const char *s)
{
	return pl_arena_strndup(a, s, strcspn(s, ":"));
}

static bool certain(const pl_compose_val *v)
{
	return v->str && !(v->interp && v->interp->uncertain);
}

static void check_service(check *k, const pl_compose_service *s)
{
	pl_arena *a = pl_ctx_arena(k->ctx);
	for (size_t i = 0; i < s->depends_on.n; i++) {
		const pl_compose_dep *d = &s->depends_on.v[i];
		if (!d->target && d->required)
			service_ref(k, &d->at, false, d->service, "depends_on");
	}
	for (size_t i = 0; i < s->links.n; i++)
		if (certain(&s->links.v[i]))
			service_ref(k, &s->links.v[i].at, true, before_colon(a, s->links.v[i].str), "links");
	for (size_t i = 0; i < s->volumes_from.n; i++) {
		const pl_compose_val *v = &s->volumes_from.v[i];
		if (certain(v) && strncmp(v->str, "container:", 10) != 0)
			service_ref(k, &v->at, true, before_colon(a, v->str), "volumes_from");
	}
	mode_ref(k, &s->network_mode, "network_mode");
	mode_ref(k, &s->pid, "pid");
	mode_ref(k, &s->ipc, "ipc");

	for (size_t i = 0; i < s->networks.n; i++) {
		const pl_compose_svc_net *n = &s->networks.v[i];
		if (n->name && strcmp(n->name, "default") != 0)
			resource_ref(k, &n->at, false, PL_COMPOSE_NETWORK, n->name);
	}
	for (size_t i = 0; i < s->volumes.n; i++) {
		const pl_compose_volume *v = &s->volumes.v[i];
		const pl_compose_val *src = v->long_form ? &v->source_val : &v->value;
		if (!v->ok || v->type != PL_COMPOSE_MOUNT_VOLUME || !v->source || (src->interp && src->interp->uncertain))
			continue;
		resource_ref(k, v->long_form && src->at.node ? &src->at : &v->at, v->long_form && src->at.node,
		             PL_COMPOSE_VOLUME, v->source);
	}
	for (size_t i = 0; i < s->secrets.n; i++)
		resource_ref(k, &s->secrets.v[i].at, false, PL_COMPOSE_SECRET, s->secrets.v[i].source);
	for (size_t i = 0; i < s->configs.n; i++)
		resource_ref(k, &s->configs.v[i].at, false, PL_COMPOSE_CONFIG, s->configs.v[i].source);

	/* build.secrets: names or {source: name} (not in the typed model) */
	const pl_yaml_node *bs = pl_yaml_get(s->build.at.node, "secrets");
	for (size_t i = 0; i < pl_yaml_len(bs); i++) {
		const pl_yaml_node *it = pl_yaml_item(bs, i);
		const pl_yaml_node *sn = it && it->kind == PL_YAML_MAPPING ? pl_yaml_get(it, "source") : it;
		const char *name = pl_yaml_str(sn);
		if (!name || strchr(name, '$'))
			continue;
		pl_compose_loc at = {.src = s->build.at.src, .node = sn};
		resource_ref(k, &at, true, PL_COMPOSE_SECRET, name);
	}
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	check k = {.ctx = ctx, .c = c};
	for (size_t i = 0; i < c->nservices; i++)
		check_service(&k, &c->services[i]);
}

const pl_rule pl_rule_PL2008 = {
	.id = "PL2008",
	.name = "undefined-reference",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Define every service, network, volume, secret and config a service names",
	.on_compose = on_compose,
};
