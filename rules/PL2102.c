/*
** PL2102 no-duplicate-container-names: two services set the same
** 'container_name'.  Docker names one container per name, so the second
** service cannot be created.  dclint's rule of the same name; names are
** compared after interpolation, and a name that uses a variable with no
** value is left alone.  Docs: rules/PL2102.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map seen = {0}; /* container name -> the first service with it */
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		const pl_compose_val *v = &s->container_name;
		if (!v->str || !*v->str || (v->interp && v->interp->uncertain))
			continue;
		const pl_compose_service *first = pl_rk_map_put(&seen, a, v->str, strlen(v->str), (void *)s);
		if (!first)
			continue;
		pl_diag *d = pl_report_compose(ctx, &v->at, true,
		                               "container name '%s' of service '%s' is already taken by "
		                               "service '%s'",
		                               v->str, s->name, first->name);
		pl_note_add(ctx, d, first->container_name.at.src, pl_compose_value_span(&first->container_name.at),
		            "'%s' names its container here", first->name);
	}
}

const pl_rule pl_rule_PL2102 = {
	.id = "PL2102",
	.name = "no-duplicate-container-names",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Two services set the same container name",
	.on_compose = check,
};
