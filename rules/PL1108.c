/*
** PL1108 multiple-instructions: a stage keeps only its last CMD, its
** last ENTRYPOINT and its last HEALTHCHECK; the earlier ones do nothing
** and mislead the reader.  Reported on the instruction that is ignored,
** with a note on the one that replaces it.  A stage built from another
** starts afresh.  BuildKit's MultipleInstructionsDisallowed; it yields to
** hadolint's DL4003 (CMD) and DL4004 (ENTRYPOINT).  Docs: rules/PL1108.md
*/
#include "plimsoll/rule.h"

typedef struct state {
	const pl_df_stage *stage;      /* the stage the slots belong to */
	const pl_df_instr *last[3];    /* the latest CMD, ENTRYPOINT, HEALTHCHECK of it */
} state;

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->stage)
		return; /* ONBUILD ones belong to a child image */
	state *st = pl_ctx_state(ctx);
	if (st->stage != in->stage) {
		st->stage = in->stage;
		st->last[0] = st->last[1] = st->last[2] = NULL;
	}
	int k = in->kind == PL_INSTR_CMD ? 0 : in->kind == PL_INSTR_ENTRYPOINT ? 1 : 2;
	const pl_df_instr *prev = st->last[k];
	st->last[k] = in;
	if (!prev)
		return;
	const char *kw = pl_instr_keyword(in->kind);
	pl_diag *d = pl_report(ctx, prev->keyword, "this %s is ignored: a later %s in the stage replaces it", kw, kw);
	pl_note_add(ctx, d, NULL, in->keyword, "replaced here");
}

static const char *const aliases[] = {"MultipleInstructionsDisallowed", NULL};
static const char *const yields_to[] = {"DL4003", "DL4004", NULL};

const pl_rule pl_rule_PL1108 = {
	.id = "PL1108",
	.name = "multiple-instructions",
	.aliases = aliases,
	.buildkit = true,
	.yields_to = yields_to,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_CMD] = check, [PL_INSTR_ENTRYPOINT] = check, [PL_INSTR_HEALTHCHECK] = check},
};
