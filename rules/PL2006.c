/*
** PL2006 unknown-service-host: a connection URL, DSN or *_HOST value
** names a host that nothing in the file answers to: no service, network
** alias, container_name, hostname, links alias or extra_hosts entry.
** Compose's DNS only knows those names, so the connection fails.  A name
** with a dot is taken for an outside domain; addresses, localhost
** (PL2005), values with unset variables and services that can reach
** other projects (an external network, a network_mode) are left alone.
** Did-you-mean: the one service running the database the name says
** ('postgres' for a service 'db' running postgres:16), else the closest
** service name.  Upstream names an nginx configuration in the
** environment defines count as known.  Docs: rules/PL2006.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Did-you-mean looks at every service name: at most this many times per file, so it stays linear. */
enum { MAX_SUGGESTIONS = 32 };

typedef struct check {
	pl_ctx *ctx;
	const pl_compose *c;
	pl_rk_map hosts;                                /* every name a service answers to */
	const pl_compose_service *by_kind[PL_RK_DB__COUNT]; /* the one service running each database kind */
	bool many[PL_RK_DB__COUNT];                     /* more than one does */
	const char **names;                             /* service names, for suggestions */
	size_t suggested;
} check;

/* Words a setting takes that are no host names: PROXY_HOST=true, DB_HOST=none. */
static const char *const not_hosts[] = {"true", "false", "yes", "no", "on", "off", "none", "null", "nil",
                                        "auto", "any", "all", "default", "disabled", NULL};

/* A name DNS could only answer from outside the project's networks, or no name at all. */
static bool outside_name(const char *h, size_t n)
{
	if (!n || memchr(h, '.', n) || pl_rk_compose_is_ip(h, n))
		return true;
	for (const char *const *w = not_hosts; *w; w++)
		if (strlen(*w) == n && pl_strn_ieq(h, n, *w))
			return true;
	for (size_t i = 0; i < n; i++) {
		char ch = h[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		          ch == '-' || ch == '_';
		if (!ok)
			return true; /* not a host name at all: leave it */
	}
	return false;
}

/* The service the unknown host name probably means, or NULL. */
static const char *suggest(check *k, const char *host)
{
	/* "postgres", "mysql", "redis" …: the service running that database */
	unsigned kinds = pl_rk_db_scheme_kinds(host, strlen(host)) | pl_rk_db_name_kinds(host);
	for (size_t i = 0; i < PL_RK_DB__COUNT; i++)
		if ((kinds & (1u << i)) && k->by_kind[i] && !k->many[i])
			return k->by_kind[i]->name;
	if (k->suggested >= MAX_SUGGESTIONS)
		return NULL;
	k->suggested++;
	return pl_rk_compose_suggest(host, k->names, k->c->nservices);
}

/* The service can reach containers outside this file by name. */
static bool reaches_outside(const pl_compose *c, const pl_compose_service *s)
{
	if (s->network_mode.at.node)
		return true;
	for (size_t i = 0; i < s->networks.n; i++) {
		const pl_compose_resource *r = pl_compose_resource_find(c, PL_COMPOSE_NETWORK, s->networks.v[i].name);
		if (r && r->is_external)
			return true;
	}
	const pl_compose_resource *def = pl_compose_resource_find(c, PL_COMPOSE_NETWORK, "default");
	return !s->networks.n && def && def->is_external;
}

static void check_service(check *k, const pl_compose_service *s)
{
	pl_arena *a = pl_ctx_arena(k->ctx);
	const pl_rk_compose_env_host *hs;
	size_t n = pl_rk_compose_env_hosts(k->ctx, s, &hs);
	for (size_t i = 0; i < n; i++) {
		const pl_rk_compose_env_host *h = &hs[i];
		for (size_t j = 0; j < h->conn.nhosts; j++) {
			pl_span hp = h->conn.hosts[j].host;
			const char *host = pl_arena_strndup(a, h->kv->value + hp.off, hp.len);
			if (!pl_rk_compose_env_host_known(h, h->host_at[j]) || outside_name(host, hp.len) ||
			    pl_rk_host_is_loopback(host) ||
			    pl_rk_map_get(&k->hosts, host, hp.len))
				continue;
			const char *best = suggest(k, host);
			const char *msg = pl_arena_printf(
				a, "no service of this file is called '%s' (in '%s'), so the name does not resolve%s",
				host, h->kv->name, best ? pl_arena_printf(a, ": did you mean '%s'?", best) : "");
			if (h->host_at[j].len)
				pl_report_in(k->ctx, h->kv->val.at.src, h->host_at[j], "%s", msg);
			else
				pl_report_compose(k->ctx, &h->kv->val.at, true, "%s", msg);
		}
	}
}

/* Names an nginx configuration in an environment value defines ("upstream app {"): proxies resolve them. */
static void add_upstreams(check *k, const pl_compose_service *s)
{
	for (size_t i = 0; i < s->environment.n; i++) {
		const char *v = s->environment.v[i].value;
		for (const char *p = v ? strstr(v, "upstream") : NULL; p; p = strstr(p + 8, "upstream")) {
			const char *n = p + 8;
			if (*n != ' ' && *n != '\t')
				continue;
			while (*n == ' ' || *n == '\t')
				n++;
			size_t len = strcspn(n, " \t\n{;");
			if (len)
				pl_rk_map_put(&k->hosts, pl_ctx_arena(k->ctx), n, len, (void *)PL_RK_COMPOSE_HOST_EXTERNAL);
		}
	}
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	/* A project that includes a remote file has services plimsoll cannot see. */
	for (size_t i = 0; i < c->ninclude; i++)
		for (size_t k = 0; k < c->include[i].path.n; k++) {
			const char *p = c->include[i].path.v[k].str;
			if (p && strstr(p, "://"))
				return;
		}
	check k = {.ctx = ctx, .c = c};
	pl_rk_compose_hosts(&k.hosts, a, c);
	k.names = pl_arena_alloc(a, (c->nservices + 1) * sizeof(*k.names));
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		k.names[i] = s->name;
		add_upstreams(&k, s);
		pl_rk_db_image im;
		if (pl_rk_db_service(&im, s)) {
			k.many[im.db->kind] = k.by_kind[im.db->kind] != NULL;
			k.by_kind[im.db->kind] = s;
		}
	}
	for (size_t i = 0; i < c->nservices; i++)
		if (!reaches_outside(c, &c->services[i]))
			check_service(&k, &c->services[i]);
}

const pl_rule pl_rule_PL2006 = {
	.id = "PL2006",
	.name = "unknown-service-host",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Connect to services by a name the file defines",
	.on_compose = on_compose,
};
