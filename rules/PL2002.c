/*
** PL2002 healthy-without-healthcheck: `condition: service_healthy`
** waits for the other service's healthcheck to pass.  When that service
** has none (none in compose, none in the Dockerfile it builds or the
** image it runs, or one turned off), `docker compose up` stops at once:
** "container … has no healthcheck configured".  An image's own
** HEALTHCHECK cannot be read offline: the rule reports images plimsoll
** knows to define none (src/imagefacts.c) and is silent for the others.
** Docs: rules/PL2002.md
*/
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Where the missing healthcheck shows, for the note. */
typedef struct why {
	const pl_source *src; /* NULL: no note */
	pl_span span;
	const char *text;
	bool disabled;        /* turned off rather than absent */
} why;

/* The image a build starts from, when it is known. */
static const pl_df_from *root_from(const pl_project_build *b)
{
	const pl_df_stage *root = pl_rk_stage_root(b->stage);
	return root && root->from && root->from->kind == PL_INSTR_FROM ? &root->from->as.from : NULL;
}

/* t never becomes healthy: true with the reason in *w; false when it has or may have a healthcheck. */
static bool never_healthy(pl_ctx *ctx, const pl_project *p, const pl_compose_service *t, why *w)
{
	const pl_compose_healthcheck *hc = &t->healthcheck;
	if (hc->at.node && hc->disabled) {
		const pl_compose_loc *at = hc->disable.at.node ? &hc->disable.at : &hc->test.at;
		*w = (why){at->src, pl_compose_value_span(at), "it is turned off here", true};
		return true;
	}
	if (hc->at.node && hc->test.at.node)
		return false; /* compose's own test */
	/* No test in compose (maybe timings only): the image's HEALTHCHECK would run. */
	const pl_project_build *b = pl_project_build_of(p, t);
	pl_rk_image_facts f;
	if (b) {
		if (!b->stage)
			return false; /* the Dockerfile is not known */
		const pl_df_instr *h = pl_rk_stage_healthcheck(b->stage);
		if (h && h->as.health.none) {
			*w = (why){b->dockerfile->src, h->span, "the image turns it off with HEALTHCHECK NONE", true};
			return true;
		}
		const pl_df_from *from = root_from(b);
		if (h || !from)
			return false;
		pl_rk_image_facts_get(&f, &from->ref);
		if (!f.no_healthcheck)
			return false; /* its base image may have one */
		*w = (why){b->dockerfile->src, from->image.span,
		           pl_arena_printf(pl_ctx_arena(ctx), "neither the Dockerfile nor '%s' defines a HEALTHCHECK",
		                           from->ref.text),
		           false};
		return true;
	}
	if (!t->image.str || (t->image.interp && t->image.interp->uncertain))
		return false;
	pl_df_imageref ref;
	pl_df_imageref_parse(&ref, pl_ctx_arena(ctx), t->image.str);
	pl_rk_image_facts_get(&f, &ref);
	if (!f.no_healthcheck)
		return false;
	*w = (why){t->image.at.src, pl_compose_value_span(&t->image.at),
	           pl_arena_printf(pl_ctx_arena(ctx), "the image '%s' defines no HEALTHCHECK", t->image.str),
	           false};
	return true;
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	const pl_compose *c = p->compose;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		for (size_t k = 0; k < s->depends_on.n; k++) {
			const pl_compose_dep *dep = &s->depends_on.v[k];
			why w;
			if (!dep->target || !dep->required || !dep->condition || !dep->condition_val.at.node ||
			    !pl_str_ieq(dep->condition, "service_healthy") || !never_healthy(ctx, p, dep->target, &w))
				continue;
			pl_diag *d = pl_report_compose(
				ctx, &dep->condition_val.at, true,
				w.disabled ? "'%s' waits for '%s' to be healthy, but '%s' has its healthcheck turned off: "
				             "'docker compose up' fails"
				           : "'%s' waits for '%s' to be healthy, but '%s' has no healthcheck: 'docker "
				             "compose up' fails; add a 'healthcheck:' to '%s'",
				s->name, dep->service, dep->service, dep->service);
			if (w.src)
				pl_note_add(ctx, d, w.src, w.span, "%s", w.text);
		}
	}
}

const pl_rule pl_rule_PL2002 = {
	.id = "PL2002",
	.name = "healthy-without-healthcheck",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Wait for 'service_healthy' only on a service that has a healthcheck",
	.on_project = on_project,
};
