/*
** PL2011 duplicate-host-port: two port mappings publish the same host
** port for the same protocol on addresses that overlap (the same IP, or
** one of them on every interface), across all services and within one.
** The second cannot bind: 'port is already allocated'.  dclint calls it
** no-duplicate-exported-ports, but counts a container port with no host
** port ("8080") as published and ignores host IPs; see the doc.
** Docs: rules/PL2011.md
*/
#include <stdio.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Host ports expanded from ranges, at most, per project: keeps a file of huge ranges linear. */
#define MAX_CLAIMS (1u << 17)

/* One host port taken by a port mapping. */
typedef struct claim {
	const pl_compose_service *svc;
	const pl_compose_port *port;
	struct claim *next; /* the other claims of the same port and protocol */
} claim;

/* The addresses a and b (host IPs as written; "" for every interface) share a port. */
static bool ip_overlap(const char *a, const char *b)
{
	if (!*a || !*b || strcmp(a, b) == 0)
		return true;
	bool a6 = strchr(a, ':') != NULL, b6 = strchr(b, ':') != NULL;
	if (a6 != b6)
		return false; /* 0.0.0.0 is IPv4's every interface, :: IPv6's */
	const char *any = a6 ? "::" : "0.0.0.0";
	return strcmp(a, any) == 0 || strcmp(b, any) == 0;
}

/* Both services are in profiles, none shared: they are not meant to run together. */
static bool apart(const pl_compose_service *x, const pl_compose_service *y)
{
	if (x == y || !x->profiles.n || !y->profiles.n)
		return false;
	for (size_t i = 0; i < x->profiles.n; i++)
		for (size_t k = 0; k < y->profiles.n; k++)
			if (x->profiles.v[i].str && y->profiles.v[k].str &&
			    strcmp(x->profiles.v[i].str, y->profiles.v[k].str) == 0)
				return false;
	return true;
}

static bool uncertain(const pl_compose_val *v)
{
	return v->interp && v->interp->uncertain;
}

/* The port publishes fixed host ports (not a pick from a range, not an ephemeral one). */
static bool fixed(const pl_compose_port *p)
{
	if (!p->ok || !p->has_published || p->published_lo == 0)
		return false;
	if (uncertain(&p->value) || uncertain(&p->published) || uncertain(&p->host_ip_val) ||
	    uncertain(&p->protocol_val))
		return false;
	/* "8000-8010:80": Docker picks one free port of the range; none is claimed for sure. */
	return p->published_hi - p->published_lo == p->target_hi - p->target_lo;
}

/* "8080", "127.0.0.1:8080", "[::1]:8080". */
static const char *address(pl_arena *a, const char *ip, unsigned port)
{
	if (!*ip)
		return pl_arena_printf(a, "%u", port);
	return pl_arena_printf(a, strchr(ip, ':') ? "[%s]:%u" : "%s:%u", ip, port);
}

static const pl_compose_loc *where(const pl_compose_port *p)
{
	return p->long_form && p->published.at.node ? &p->published.at : &p->at;
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map taken = {0}; /* "proto/port" -> its first claim */
	size_t budget = MAX_CLAIMS;
	for (size_t i = 0; i < c->nservices && budget; i++) {
		const pl_compose_service *s = &c->services[i];
		for (size_t k = 0; k < s->ports.n && budget; k++) {
			const pl_compose_port *p = &s->ports.v[k];
			if (!fixed(p))
				continue;
			const claim *clash = NULL;
			unsigned at = 0;
			for (unsigned port = p->published_lo; port <= p->published_hi && budget; port++, budget--) {
				char key[32];
				int n = snprintf(key, sizeof(key), "%.8s/%u", p->protocol, port);
				claim *head = pl_rk_map_get(&taken, key, (size_t)n);
				for (const claim *o = head; o && !clash; o = o->next)
					if (ip_overlap(o->port->host_ip, p->host_ip) && !apart(o->svc, s))
						clash = o, at = port;
				claim *mine = pl_arena_alloc(a, sizeof(*mine));
				*mine = (claim){s, p, NULL};
				if (!head) {
					pl_rk_map_put(&taken, a, key, (size_t)n, mine);
				} else {
					mine->next = head->next; /* keep the first claim at the head */
					head->next = mine;
				}
			}
			if (!clash)
				continue;
			const char *what = address(a, p->host_ip, at);
			pl_diag *d;
			if (clash->svc == s)
				d = pl_report_compose(ctx, where(p), true,
				                      "host port %s/%s is published twice by service '%s'", what,
				                      p->protocol, s->name);
			else
				d = pl_report_compose(ctx, where(p), true,
				                      "host port %s/%s of service '%s' is already published by "
				                      "service '%s'",
				                      what, p->protocol, s->name, clash->svc->name);
			const pl_compose_loc *o = where(clash->port);
			pl_note_add(ctx, d, o->src, pl_compose_value_span(o), "%s is published here",
			            address(a, clash->port->host_ip, at));
		}
	}
}

static const char *const aliases[] = {"no-duplicate-exported-ports", NULL};

const pl_rule pl_rule_PL2011 = {
	.id = "PL2011",
	.name = "duplicate-host-port",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "The same host port is published twice",
	.on_compose = check,
};
