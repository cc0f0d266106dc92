/*
** PL2005 localhost-service-address: an environment value points at
** localhost (127.0.0.1, ::1) for something that runs in another
** container of this file: inside a container, localhost is that
** container itself.  The service meant is found by the database kind
** the URL scheme or the variable name gives (postgresql://, PG_HOST)
** and by port (the database's own, or one it publishes); beyond
** databases, only a *_HOST variable that names the image a service runs
** (RABBITMQ_HOST, image rabbitmq), since a localhost URL for a web
** service is often meant for the browser.  Services in another's network namespace
** (network_mode host, service:x) do reach the host's ports through
** localhost and are left alone.
**
** Fix (unsafe: the value changes what the service connects to): the
** host becomes the service's name, and a published port the port the
** database listens on in its container.  Docs: rules/PL2005.md
*/
#include <stdio.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

enum { ANY = PL_RK_DB__COUNT, MAX_RANGE = 64 };

/* Up to two services a (kind, port) pair can mean, with the container port a published port maps to. */
typedef struct slot {
	const pl_compose_service *svc[2];
	unsigned target[2]; /* the container port, 0 when the port is the database's own */
	size_t n;
} slot;

/* The database services by (kind or ANY, port or 0): built once, so each lookup is O(1). */
typedef struct db_index {
	pl_rk_map by;
	pl_rk_map named; /* image names (rabbitmq) -> a name_slot */
	pl_arena *a;
} db_index;

/* The service a name means, when only one does. */
typedef struct name_slot {
	const pl_compose_service *svc;
	bool ambiguous; /* two services go by this name */
} name_slot;

/* Index t under a name (its image's). */
static void put_name(db_index *ix, const char *name, size_t n, const pl_compose_service *t)
{
	if (!n)
		return;
	name_slot *sl = pl_rk_map_get(&ix->named, name, n);
	if (!sl) {
		sl = pl_arena_alloc(ix->a, sizeof(*sl));
		sl->svc = t;
		pl_rk_map_put(&ix->named, ix->a, name, n, sl);
	} else if (sl->svc != t) {
		sl->ambiguous = true;
	}
}

/*
** A service runs a known program when it runs a published image:
** "bitnami/rabbitmq:3" is rabbitmq.  Service names and images built here
** are left out: a WEB_HOST=localhost more often means the browser's
** view of the service 'web' than a mistake.
*/
static void put_names(db_index *ix, const pl_compose_service *t)
{
	const char *img = t->image.str;
	if (!img || t->build.at.node || (t->image.interp && t->image.interp->uncertain))
		return;
	size_t end = strcspn(img, "@"), start = 0;
	for (size_t i = 0; i < end; i++)
		if (img[i] == '/')
			start = i + 1;
	const char *colon = memchr(img + start, ':', end - start);
	if (colon)
		end = (size_t)(colon - img);
	put_name(ix, img + start, end - start, t);
}

static void put(db_index *ix, unsigned kind, unsigned port, const pl_compose_service *t, unsigned target)
{
	char key[32];
	int n = snprintf(key, sizeof(key), "%u:%u", kind, port);
	slot *sl = pl_rk_map_get(&ix->by, key, (size_t)n);
	if (!sl) {
		sl = pl_arena_alloc(ix->a, sizeof(*sl));
		pl_rk_map_put(&ix->by, ix->a, key, (size_t)n, sl);
	}
	for (size_t i = 0; i < sl->n; i++)
		if (sl->svc[i] == t)
			return;
	if (sl->n < 2) {
		sl->svc[sl->n] = t;
		sl->target[sl->n++] = target;
	}
}

static const slot *get(const db_index *ix, unsigned kind, unsigned port)
{
	char key[32];
	int n = snprintf(key, sizeof(key), "%u:%u", kind, port);
	return pl_rk_map_get(&ix->by, key, (size_t)n);
}

static void build(db_index *ix, const pl_compose *c)
{
	ix->named.icase = true;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *t = &c->services[i];
		pl_rk_db_image im;
		if (pl_rk_compose_netns_shared(t))
			continue;
		put_names(ix, t);
		if (!pl_rk_db_service(&im, t))
			continue;
		unsigned kind = im.db->kind;
		put(ix, kind, 0, t, 0);
		put(ix, kind, im.db->port, t, 0);
		put(ix, ANY, im.db->port, t, 0);
		for (size_t k = 0; k < t->ports.n; k++) {
			const pl_compose_port *p = &t->ports.v[k];
			if (!p->ok || !p->has_published)
				continue;
			for (unsigned q = p->published_lo; q <= p->published_hi && q - p->published_lo < MAX_RANGE; q++) {
				put(ix, kind, q, t, p->target_lo + (q - p->published_lo));
				put(ix, ANY, q, t, p->target_lo + (q - p->published_lo));
			}
		}
	}
}

/*
** The service a *_HOST variable names by a word before HOST: RABBITMQ_HOST
** and a service running the image rabbitmq.  NULL when none, or when two
** could be meant.
*/
static const pl_compose_service *named_by_var(const db_index *ix, const pl_compose_service *s,
                                              const pl_rk_compose_env_host *h)
{
	char w[16][32];
	size_t n = pl_rk_compose_name_words(h->kv->name, w, PL_ARRAY_LEN(w));
	const pl_compose_service *found = NULL;
	for (size_t i = 0; i + 1 < n; i++) {
		const name_slot *sl = pl_rk_map_get(&ix->named, w[i], strlen(w[i]));
		if (!sl || sl->svc == s)
			continue;
		if (sl->ambiguous || (found && found != sl->svc))
			return NULL;
		found = sl->svc;
	}
	return found;
}

/* The services h's host k may mean, other than s: kinds from h (any database when none), its port. */
static slot lookup(const db_index *ix, const pl_compose_service *s, const pl_rk_compose_env_host *h, size_t k)
{
	slot out = {{NULL, NULL}, {0, 0}, 0};
	if (h->from_var && !h->kinds) {
		out.svc[0] = named_by_var(ix, s, h);
		out.n = out.svc[0] != NULL;
		return out;
	}
	unsigned port = h->conn.hosts[k].port;
	if (!port && !h->kinds)
		return out; /* nothing says which */
	for (unsigned kind = 0; kind <= ANY; kind++) {
		if (kind == ANY ? h->kinds != 0 : !(h->kinds & (1u << kind)))
			continue;
		const slot *sl = get(ix, kind, port);
		for (size_t i = 0; sl && i < sl->n && out.n < 2; i++) {
			bool dup = out.n && out.svc[0] == sl->svc[i];
			if (sl->svc[i] != s && !dup) {
				out.svc[out.n] = sl->svc[i];
				out.target[out.n++] = sl->target[i];
			}
		}
	}
	return out;
}

static void check_host(pl_ctx *ctx, const db_index *ix, const pl_compose_service *s, const pl_rk_compose_env_host *h,
                       size_t k)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const char *v = h->kv->value;
	const pl_rk_db_conn_host *ch = &h->conn.hosts[k];
	const char *host = pl_arena_strndup(a, v + ch->host.off, ch->host.len);
	if (!pl_rk_host_is_loopback(host) || !pl_rk_compose_env_host_known(h, h->host_at[k]))
		return;
	slot m = lookup(ix, s, h, k);
	if (!m.n)
		return;
	const pl_compose_service *found = m.svc[0], *second = m.n > 1 ? m.svc[1] : NULL;
	unsigned target = m.target[0];
	pl_rk_db_image self;
	if ((pl_rk_db_service(&self, s) && (!h->kinds || (h->kinds & (1u << self.db->kind)))))
		return; /* a database's own settings may well mean itself */
	const char *what = h->from_var ? "" : "the URL of ";
	pl_diag *d;
	pl_span at = h->host_at[k];
	if (at.len && at.off && h->kv->val.at.src->text[at.off - 1] == '[')
		at = pl_span_make(at.off - 1, pl_span_end(at) + 1); /* [::1] */
	const char *msg;
	if (second)
		msg = pl_arena_printf(a, "'%s' in '%s' is this container ('%s') itself, not the database: use the "
		                         "service's name ('%s' or '%s')",
		                      host, h->kv->name, s->name, found->name, second->name);
	else
		msg = pl_arena_printf(a, "'%s' in %s'%s' is this container ('%s') itself, not service "
		                         "'%s': use '%s'%s",
		                      host, what, h->kv->name, s->name, found->name, found->name,
		                      target ? pl_arena_printf(a, " and its container port %u", target) : "");
	if (at.len)
		d = pl_report_in(ctx, h->kv->val.at.src, at, "%s", msg);
	else
		d = pl_report_compose(ctx, &h->kv->val.at, true, "%s", msg);
	if (second || !at.len || h->kv->val.at.src != pl_ctx_source(ctx))
		return;
	pl_fix *f = pl_fix_add(ctx, d, PL_FIX_UNSAFE, pl_arena_printf(a, "connect to '%s'", found->name));
	pl_fix_edit(ctx, f, at, found->name);
	if (target && h->port_at[k].len)
		pl_fix_edit(ctx, f, h->port_at[k], pl_arena_printf(a, "%u", target));
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	db_index ix = {.by = {0}, .a = pl_ctx_arena(ctx)};
	build(&ix, c);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (pl_rk_compose_netns_shared(s))
			continue;
		const pl_rk_compose_env_host *hs;
		size_t n = pl_rk_compose_env_hosts(ctx, s, &hs);
		for (size_t k = 0; k < n; k++)
			for (size_t j = 0; j < hs[k].conn.nhosts; j++)
				check_host(ctx, &ix, s, &hs[k], j);
	}
}

const pl_rule pl_rule_PL2005 = {
	.id = "PL2005",
	.name = "localhost-service-address",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_UNSAFE,
	.summary = "Reach another service by its name, not by localhost",
	.on_compose = on_compose,
};
