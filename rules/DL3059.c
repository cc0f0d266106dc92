/*
** DL3059 consecutive-run: each RUN adds a layer, so two RUNs in a row
** that each run a single command are usually one RUN split for no
** reason.  As hadolint does, RUNs that chain several commands are left
** alone (the split looks deliberate), and so are RUNs whose flags
** (--mount, --network, --security) differ.  Only comments may stand
** between the two.  Docs: rules/DL3059.md
*/
#include <string.h>

#include "plimsoll/rule.h"

typedef struct state {
	const pl_df_instr *prev; /* the RUN just before, or NULL after any other instruction */
} state;

/* in runs one simple command (exec form counts as one). */
static bool single(const pl_df_instr *in)
{
	return !in->sh || in->sh->ncmds <= 1;
}

static bool flag_eq(const pl_df_flag *x, const pl_df_flag *y)
{
	return strcmp(x->name, y->name) == 0 && !x->value == !y->value &&
	       (!x->value || strcmp(x->value, y->value) == 0);
}

/* Same flags, in any order (in the same order when there are many: stay linear). */
static bool same_flags(const pl_df_instr *a, const pl_df_instr *b)
{
	if (a->nflags != b->nflags)
		return false;
	for (size_t i = 0; i < a->nflags; i++) {
		bool found = a->nflags > 8 && flag_eq(&a->flags[i], &b->flags[i]);
		for (size_t k = 0; k < b->nflags && !found && a->nflags <= 8; k++)
			found = flag_eq(&a->flags[i], &b->flags[k]);
		if (!found)
			return false;
	}
	return true;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (in->parent)
		return; /* ONBUILD itself ended the sequence */
	const pl_df_instr *prev = st->prev;
	st->prev = in;
	if (!prev || !single(prev) || !single(in) || !same_flags(prev, in))
		return;
	pl_diag *d = pl_report(ctx, in->keyword, "this RUN follows another single-command RUN: join them "
	                       "with '&&' to save a layer");
	pl_note_add(ctx, d, NULL, prev->keyword, "the previous RUN");
}

static void other(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!in->parent)
		st->prev = NULL;
}

const pl_rule pl_rule_DL3059 = {
	.id = "DL3059",
	.name = "consecutive-run",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Join consecutive single-command RUN instructions",
	.state_size = sizeof(state),
	.on_instr = {
		[PL_INSTR_UNKNOWN] = other, [PL_INSTR_FROM] = other, [PL_INSTR_RUN] = check_run,
		[PL_INSTR_CMD] = other, [PL_INSTR_LABEL] = other, [PL_INSTR_MAINTAINER] = other,
		[PL_INSTR_EXPOSE] = other, [PL_INSTR_ENV] = other, [PL_INSTR_ADD] = other,
		[PL_INSTR_COPY] = other, [PL_INSTR_ENTRYPOINT] = other, [PL_INSTR_VOLUME] = other,
		[PL_INSTR_USER] = other, [PL_INSTR_WORKDIR] = other, [PL_INSTR_ARG] = other,
		[PL_INSTR_ONBUILD] = other, [PL_INSTR_STOPSIGNAL] = other, [PL_INSTR_HEALTHCHECK] = other,
		[PL_INSTR_SHELL] = other,
	},
};
