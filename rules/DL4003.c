/*
** DL4003 multiple-cmd: only the last CMD of a stage takes effect; the
** others mislead the reader.  Docs: rules/DL4003.md
*/
#include "plimsoll/rule.h"

typedef struct state {
	const pl_df_stage *stage; /* stage of the last CMD seen */
	pl_span first;            /* that CMD */
	bool seen;
} state;

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent)
		return; /* ONBUILD CMD belongs to a child image */
	state *st = pl_ctx_state(ctx);
	if (st->seen && st->stage == in->stage) {
		pl_diag *d = pl_report(ctx, in->keyword,
		                       "this stage already has a CMD: only the last one takes effect");
		pl_note_add(ctx, d, NULL, st->first, "the earlier CMD is here");
		return;
	}
	st->seen = true;
	st->stage = in->stage;
	st->first = in->keyword;
}

const pl_rule pl_rule_DL4003 = {
	.id = "DL4003",
	.name = "multiple-cmd",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Only one CMD per stage takes effect",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_CMD] = check},
};
