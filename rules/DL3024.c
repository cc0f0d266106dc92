/*
** DL3024 unique-stage-names: two stages with the same name (compared
** without case, as BuildKit does) make every `FROM name` and
** `COPY --from=name` ambiguous, and BuildKit refuses the file.
** Docs: rules/DL3024.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_map seen; /* stage name -> the FROM that defined it first */
} state;

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *name = &in->as.from.name;
	if (in->parent || !name->span.len || !name->value || !*name->value)
		return;
	state *st = pl_ctx_state(ctx);
	st->seen.icase = true;
	const pl_df_instr *first = pl_rk_map_put(&st->seen, pl_ctx_arena(ctx), name->value,
	                                         strlen(name->value), (void *)in);
	if (!first)
		return;
	pl_diag *d = pl_report(ctx, name->span, "another stage is already named '%s': stage names must be unique",
	                       first->as.from.name.value);
	pl_note_add(ctx, d, NULL, first->as.from.name.span, "the first stage of that name");
}

static const char *const aliases[] = {"DuplicateStageName", NULL};

const pl_rule pl_rule_DL3024 = {
	.id = "DL3024",
	.name = "unique-stage-names",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "FROM aliases (stage names) must be unique",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
