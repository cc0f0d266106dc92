/*
** PL3007 command-binds-loopback: compose's 'command:' (or a variable of
** 'environment:') makes the server listen on 127.0.0.1 or localhost.
** Inside a container that is the container's own loopback: published
** ports and the other services reach the container's network interface,
** not its loopback, so nothing gets through.  The same in a Dockerfile's
** CMD is PL1004's.  Docs: rules/PL3007.md
*/
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* needed[i]: another service depends on service i, so it must be reachable on the network. */
static void check(pl_ctx *ctx, const bool *needed, const pl_project_build *b)
{
	const pl_compose_service *svc = b->service;
	pl_rk_service_run r;
	if (!pl_rk_service_run_get(&r, pl_ctx_arena(ctx), b))
		return;
	for (size_t i = 0; i < r.ic.nservers; i++) {
		const pl_rk_server *s = &r.ic.servers[i];
		if (s->host_from == PL_RK_UNKNOWN || s->host_from == PL_RK_DEFAULT || !pl_rk_host_is_loopback(s->host))
			continue;
		pl_span sp = s->host_span;
		const pl_source *src = pl_rk_run_place(&r, &sp);
		if (src == r.dockerfile)
			continue; /* the Dockerfile's own: PL1004 */
		const char *who = svc->ports.n ? "its published ports" : svc->expose.n || needed[svc->index]
		                                                              ? "the other services"
		                                                              : NULL;
		if (!who)
			continue;
		pl_report_in(ctx, src, sp,
		             "'%s' listens on '%s', the container's own loopback, so %s cannot reach it: %s",
		             s->name, s->host, who,
		             s->bind_hint ? pl_arena_printf(pl_ctx_arena(ctx), "use '%s'", s->bind_hint)
		                          : "listen on 0.0.0.0");
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	const pl_compose *c = p->compose;
	bool *needed = pl_arena_alloc(pl_ctx_arena(ctx), c->nservices + 1);
	for (size_t i = 0; i < c->nservices; i++)
		for (size_t k = 0; k < c->services[i].depends_on.n; k++)
			if (c->services[i].depends_on.v[k].target)
				needed[c->services[i].depends_on.v[k].target->index] = true;
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, needed, &p->builds[i]);
}

const pl_rule pl_rule_PL3007 = {
	.id = "PL3007",
	.name = "command-binds-loopback",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Make the server a compose command starts listen on 0.0.0.0, not on loopback",
	.on_project = on_project,
};
