/*
** PL1006 expose-mismatch: EXPOSE documents the port the image listens
** on, and tools (docker run -P, compose, orchestrators) take it at its
** word.  When the command's server listens elsewhere — its --port,
** --bind, runserver ADDR:PORT, an ENV such as PORT, or its default —
** the published port leads nowhere.  Docs: rules/PL1006.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_image_cmd ic;
	/* One server, nothing beside it (a proxy would own the exposed port). */
	if (!pl_rk_final_image_cmd(&ic, a, df, pl_ctx_build_context(ctx)) || ic.multi ||
	    ic.nservers != 1)
		return;
	const pl_df_stage *st = ic.stage;
	const pl_rk_server *s = &ic.servers[0];
	if (!s->port)
		return;

	/* The EXPOSE of the stage and the stages it builds on. */
	PL_VEC(char) list = {0};
	const pl_df_word *first = NULL;
	bool found = false;
	for (const pl_df_stage *cs = st; cs; cs = cs->base) {
		for (size_t i = 0; i < cs->ninstrs; i++) {
			const pl_df_instr *in = cs->instrs[i];
			if (in->kind != PL_INSTR_EXPOSE)
				continue;
			for (size_t k = 0; k < in->argc; k++) {
				unsigned lo, hi;
				if (!pl_rk_parse_expose(in->argv[k].value, &lo, &hi)) {
					if (strchr(in->argv[k].value, '$'))
						return; /* a port we cannot know */
					continue;
				}
				found |= s->port >= lo && s->port <= hi;
				if (!first)
					first = &in->argv[k]; /* the final stage's own come first */
				for (const char *p = list.n ? ", " : ""; *p; p++)
					*PL_VEC_PUSH(a, &list) = *p;
				for (const char *p = in->argv[k].value; *p; p++)
					*PL_VEC_PUSH(a, &list) = *p;
			}
		}
	}
	if (!first || found)
		return;
	*PL_VEC_PUSH(a, &list) = '\0';
	const char *how = s->port_from == PL_RK_DEFAULT ? " (its default)"
	                  : s->port_from == PL_RK_ENV   ? " (set in the environment)"
	                                                : "";
	pl_diag *d = pl_report(ctx, first->span,
	                       "EXPOSE says %s but '%s' listens on port %u%s: make them agree", list.v,
	                       s->name, s->port, how);
	if (s->port_from == PL_RK_DEFAULT)
		pl_note_add(ctx, d, NULL, s->port_span, "'%s' starts here without a port", s->name);
	else
		pl_note_add(ctx, d, NULL, s->port_span, "the port is set here");
}

const pl_rule pl_rule_PL1006 = {
	.id = "PL1006",
	.name = "expose-mismatch",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "EXPOSE the port the command's server listens on",
	.on_end = on_end,
};
