/*
** PL3001 port-not-listening: a container port that 'ports:' publishes
** (or 'expose:' opens to other services) leads nowhere when the image's
** server listens on another one.  What the server listens on comes from
** the command that runs (the Dockerfile's CMD/ENTRYPOINT, or compose's
** command:/entrypoint: in their place; --port, --bind, a PORT variable
** from ENV or environment:, or the server's default); when the command
** names no server, from the image's EXPOSE.  Unknown ports (a variable,
** a config file, env_file:) keep it silent.  Docs: rules/PL3001.md
*/
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The ports the container listens on and how plimsoll knows. */
typedef struct listening {
	PL_VEC(unsigned) lo;     /* ranges [lo[i], hi[i]] */
	PL_VEC(unsigned) hi;
	const char *says;        /* "'uvicorn' listens on 8000", "the image EXPOSEs 8080" */
	const pl_source *src;    /* where that is written */
	pl_span span;
	const char *note;        /* the note's text */
} listening;

static void add(pl_arena *a, listening *l, unsigned lo, unsigned hi)
{
	*PL_VEC_PUSH(a, &l->lo) = lo;
	*PL_VEC_PUSH(a, &l->hi) = hi;
}

/* The EXPOSE of st and the stages it builds on; false when there is none or one is a variable. */
static bool from_expose(pl_arena *a, const pl_df_stage *st, const pl_source *src, listening *l)
{
	PL_VEC(char) list = {0};
	for (const pl_df_stage *s = st; s; s = s->base) {
		for (size_t i = 0; i < s->ninstrs; i++) {
			const pl_df_instr *in = s->instrs[i];
			if (in->kind != PL_INSTR_EXPOSE || in->parent)
				continue;
			for (size_t k = 0; k < in->argc; k++) {
				unsigned lo, hi;
				const char *v = in->argv[k].value;
				if (strchr(v, '$'))
					return false;
				if (!pl_rk_parse_expose(v, &lo, &hi))
					continue; /* UDP, or malformed (PL1115) */
				if (!l->lo.n) {
					l->src = src;
					l->span = in->argv[k].span;
				}
				add(a, l, lo, hi);
				for (const char *p = list.n ? ", " : ""; *p; p++)
					*PL_VEC_PUSH(a, &list) = *p;
				for (const char *p = v; *p; p++)
					*PL_VEC_PUSH(a, &list) = *p;
			}
		}
	}
	if (!l->lo.n)
		return false;
	*PL_VEC_PUSH(a, &list) = '\0';
	l->says = pl_arena_printf(a, "the image only EXPOSEs %s", list.v);
	l->note = "exposed here";
	return true;
}

/* What the service's container listens on; false when it is not known. */
static bool listens(pl_ctx *ctx, const pl_project_build *b, listening *l)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_service_run r;
	memset(l, 0, sizeof(*l));
	if (!pl_rk_service_run_get(&r, a, b))
		return false;
	if (!r.ic.nservers || r.ic.multi)
		return !r.ic.nservers && !r.command && !r.entrypoint &&
		       from_expose(a, b->stage, b->dockerfile->src, l);
	for (size_t i = 0; i < r.ic.nservers; i++) {
		const pl_rk_server *s = &r.ic.servers[i];
		if (!s->port)
			return false;
		if (r.env_unknown && s->port_from != PL_RK_ARG)
			return false; /* env_file may set the variable that decides it */
		add(a, l, s->port, s->port);
	}
	const pl_rk_server *s = &r.ic.servers[0];
	l->span = s->port_span;
	l->src = pl_rk_run_place(&r, &l->span);
	l->says = pl_arena_printf(a, "'%s' listens on %u%s", s->name, s->port,
	                          s->port_from == PL_RK_DEFAULT ? " (its default)" : "");
	l->note = s->port_from == PL_RK_DEFAULT ? pl_arena_printf(a, "'%s' starts here without a port", s->name)
	                                        : "the port is set here";
	return true;
}

static bool hears(const listening *l, unsigned lo, unsigned hi)
{
	for (size_t i = 0; i < l->lo.n; i++)
		if (l->lo.v[i] <= hi && lo <= l->hi.v[i])
			return true;
	return false;
}

static bool tcp(const char *proto)
{
	return !proto || !*proto || pl_str_ieq(proto, "tcp");
}

static void report(pl_ctx *ctx, const pl_compose_loc *at, const char *key, unsigned lo, unsigned hi,
                   const char *svc, const listening *l)
{
	const char *port = lo == hi ? pl_arena_printf(pl_ctx_arena(ctx), "port %u", lo)
	                            : pl_arena_printf(pl_ctx_arena(ctx), "ports %u-%u", lo, hi);
	pl_diag *d = pl_report_compose(ctx, at, true, "'%s' %s container %s of '%s', but %s", key,
	                               strcmp(key, "ports") == 0 ? "publishes" : "opens", port, svc, l->says);
	pl_note_add(ctx, d, l->src, l->span, "%s", l->note);
}

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	const pl_compose_service *svc = b->service;
	if (!svc->ports.n && !svc->expose.n)
		return;
	if (svc->network_mode.str && strcmp(svc->network_mode.str, "host") == 0)
		return; /* ports do not apply */
	listening l;
	if (!listens(ctx, b, &l))
		return;
	for (size_t i = 0; i < svc->ports.n; i++) {
		const pl_compose_port *p = &svc->ports.v[i];
		const pl_compose_val *v = p->long_form ? &p->target : &p->value;
		if (!p->ok || !tcp(p->protocol) || (v->interp && v->interp->uncertain))
			continue;
		if (!hears(&l, p->target_lo, p->target_hi))
			report(ctx, &p->at, "ports", p->target_lo, p->target_hi, svc->name, &l);
	}
	for (size_t i = 0; i < svc->expose.n; i++) {
		const pl_compose_val *v = &svc->expose.v[i];
		unsigned lo, hi;
		if (!v->str || (v->interp && v->interp->uncertain) || !pl_rk_parse_expose(v->str, &lo, &hi))
			continue;
		if (!hears(&l, lo, hi))
			report(ctx, &v->at, "expose", lo, hi, svc->name, &l);
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3001 = {
	.id = "PL3001",
	.name = "port-not-listening",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Publish the container port the image's server listens on",
	.on_project = on_project,
};
