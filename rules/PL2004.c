/*
** PL2004 database-without-healthcheck: a known database image runs
** without a healthcheck, so Compose only knows that its process started,
** not that it accepts connections, and nothing can wait for it with
** 'condition: service_healthy'.  The message suggests the probe that
** fits the image.  Docs: rules/PL2004.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The probe with "%u" replaced by the user the service creates. */
static const char *probe_for(pl_arena *a, const pl_rk_db_image *im, const pl_compose_service *s)
{
	const char *p = im->probe, *u = strstr(p, "%u");
	if (!u)
		return p;
	const pl_rk_db_env *env = im->official ? im->db->env : NULL;
	const char *user = NULL, *which = NULL;
	bool known = true;
	if (env && env->user)
		user = pl_rk_compose_service_env_any(s, env->user, &known, &which);
	if (!user)
		user = known ? (env && env->user_default ? env->user_default : "postgres")
		             : pl_arena_printf(a, "$${%s}", which);
	return pl_arena_printf(a, "%.*s%s%s", (int)(u - p), p, user, u + 2);
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		pl_rk_db_image im;
		if (s->healthcheck.at.node || !pl_rk_db_service(&im, s))
			continue;
		pl_report_compose(ctx, &s->at, false,
		                  "database '%s' (%s) has no healthcheck, so nothing can wait until it accepts "
		                  "connections: add one that runs '%s'",
		                  s->name, im.db->name, probe_for(pl_ctx_arena(ctx), &im, s));
	}
}

const pl_rule pl_rule_PL2004 = {
	.id = "PL2004",
	.name = "database-without-healthcheck",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Give a database service a healthcheck that says it accepts connections",
	.on_compose = on_compose,
};
