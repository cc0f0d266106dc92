/*
** PL2102 no-duplicate-container-names: two services set the same
** 'container_name'.  Docker names one container per name, so the second
** service cannot be created.  dclint's rule of the same name; names are
** compared after interpolation; names that use a variable with no value
** are compared as written, since the same text gives the same name
** whatever the value.  Docs: rules/PL2102.md
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
		/* An unknown value (an unset variable reads as "") is keyed by its
		 * text, apart from the known ones ("\n" cannot be in a name). */
		bool known = !v->interp || !v->interp->uncertain;
		if (!v->str || (known ? !*v->str : !v->raw || !*v->raw))
			continue;
		const char *key = known ? v->str : pl_arena_printf(a, "\n%s", v->raw);
		const pl_compose_service *first = pl_rk_map_put(&seen, a, key, strlen(key), (void *)s);
		if (!first)
			continue;
		pl_diag *d = pl_report_compose(ctx, &v->at, true,
		                               "container name '%s' of service '%s' is already taken by "
		                               "service '%s'",
		                               known ? v->str : v->raw, s->name, first->name);
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
