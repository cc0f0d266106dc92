/*
** PL2104 no-unbound-port-interfaces: a published port names no host
** address, so Docker listens on every interface of the host, and its
** iptables rules let the port past a host firewall such as ufw.
** dclint's rule of the same name; dclint 4's allowedIps option limits
** the addresses accepted.  Docs: rules/PL2104.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static bool uncertain(const pl_compose_val *v)
{
	return v->interp && v->interp->uncertain;
}

static bool allowed(const pl_config *cfg, const char *ip)
{
	if (!cfg->allowed_ips.n)
		return true;
	for (size_t i = 0; i < cfg->allowed_ips.n; i++)
		if (strcmp(cfg->allowed_ips.v[i], ip) == 0)
			return true;
	return false;
}

/* "8080:80", or for the long syntax what it publishes: "80" or "8080:80". */
static const char *shown(pl_arena *a, const pl_compose_port *p)
{
	if (!p->long_form)
		return p->value.str;
	if (p->published.str)
		return pl_arena_printf(a, "%s:%u", p->published.str, p->target_lo);
	return pl_arena_printf(a, "%u", p->target_lo);
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (s->network_mode.str && strcmp(s->network_mode.str, "host") == 0)
			continue; /* the host's network: Docker publishes nothing */
		for (size_t k = 0; k < s->ports.n; k++) {
			const pl_compose_port *p = &s->ports.v[k];
			if (!p->ok || uncertain(&p->value) || uncertain(&p->host_ip_val))
				continue;
			if (!*p->host_ip) {
				pl_report_compose(ctx, &p->at, true,
				                  "port '%s' of service '%s' is published on every interface of the "
				                  "host: give the address to listen on (127.0.0.1:…)",
				                  shown(a, p), s->name);
			} else if (!allowed(cfg, p->host_ip)) {
				const pl_compose_loc *at = p->long_form ? &p->host_ip_val.at : &p->at;
				pl_report_compose(ctx, at, true,
				                  "port '%s' of service '%s' listens on '%s', which is not an "
				                  "allowed address",
				                  shown(a, p), s->name, p->host_ip);
			}
		}
	}
}

const pl_rule pl_rule_PL2104 = {
	.id = "PL2104",
	.name = "no-unbound-port-interfaces",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SECURITY,
	.summary = "A published port listens on every interface of the host",
	.on_compose = check,
};
