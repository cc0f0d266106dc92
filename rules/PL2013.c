/*
** PL2013 unset-variable: '${V}' (or '$V') with no default, and V set
** neither in .env nor in an --env-file: Compose substitutes an empty
** string and says so only as a warning on its own output.  A ':?'
** reference whose variable is missing stops Compose with an error.
** Reported once per variable and file, with notes at the other uses.
** Variables every shell exports (HOME, USER, PWD, …) are not reported.
** Docs: rules/PL2013.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

enum { MAX_NOTES = 5 };

/* Exported by every login shell, so Compose finds them in its environment. */
static const char *const shell_vars[] = {"HOME", "USER", "PWD", "PATH", "SHELL", "LOGNAME", NULL};

/* The first report of a variable in a file, to hang the other uses on as notes. */
typedef struct first_use {
	pl_diag *d;
	size_t more;  /* uses after the first */
} first_use;

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map seen = {0}; /* "file\0name" -> first_use */
	for (size_t i = 0; i < c->ninterps; i++) {
		const pl_compose_interp *it = c->interps[i];
		if (it->malformed)
			continue; /* PL2014: Compose stops before substituting anything */
		for (size_t k = 0; k < it->nvars; k++) {
			const pl_compose_var *v = &it->vars[k];
			bool failed = v->failed;
			if (!failed && (v->set || !v->used || v->op != PL_COMPOSE_OP_PLAIN))
				continue;
			if (!failed && pl_rk_in_list(v->name, shell_vars))
				continue;
			const char *key = pl_arena_printf(a, "%p %s", (const void *)it->src, v->name);
			first_use *f = pl_rk_map_get(&seen, key, strlen(key));
			if (f && !failed) {
				if (f->more++ < MAX_NOTES)
					pl_note_add(ctx, f->d, it->src, v->span, "'%s' is used here too", v->name);
				continue;
			}
			pl_diag *d;
			if (failed)
				d = pl_report_in(ctx, it->src, v->span,
				                 "variable '%s' is not set, and this reference requires it: "
				                 "Compose refuses to start (%s)",
				                 v->name, v->arg && *v->arg ? v->arg : "no message");
			else
				d = pl_report_in(ctx, it->src, v->span,
				                 "variable '%s' is not set: Compose substitutes an empty string "
				                 "(set it in .env, or give a default: '${%s:-value}')",
				                 v->name, v->name);
			if (!failed) {
				f = pl_arena_alloc(a, sizeof(*f));
				f->d = d;
				pl_rk_map_put(&seen, a, key, strlen(key), f);
			}
		}
	}
}

const pl_rule pl_rule_PL2013 = {
	.id = "PL2013",
	.name = "unset-variable",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Set every variable the compose file interpolates, or give it a default",
	.on_compose = on_compose,
};
