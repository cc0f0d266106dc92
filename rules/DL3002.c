/*
** DL3002 last-user-root: a stage whose last USER is root runs its
** container as root, so a compromised process owns the whole container.
** Every stage is judged by its own last USER, as hadolint does; USER
** inside ONBUILD belongs to child images.  Docs: rules/DL3002.md
*/
#include <string.h>

#include "plimsoll/rule.h"

typedef struct state {
	const pl_df_stage *stage; /* stage of 'user' */
	const pl_df_word *user;   /* the argument of its last USER, or NULL */
} state;

/* root or UID 0, with or without a group. */
static bool is_root(const char *u)
{
	const char *colon = strchr(u, ':');
	size_t n = colon ? (size_t)(colon - u) : strlen(u);
	return (n == 4 && memcmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

static void check_user(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->stage || in->argc == 0)
		return;
	state *st = pl_ctx_state(ctx);
	st->stage = in->stage;
	st->user = &in->argv[0];
}

static void stage_end(pl_ctx *ctx, const pl_df_stage *stage)
{
	state *st = pl_ctx_state(ctx);
	if (st->stage != stage || !is_root(st->user->value))
		return;
	pl_report(ctx, st->user->span,
	          "the last USER of %s%s%s is '%s': switch to an unprivileged user",
	          stage->name ? "stage '" : "this stage", stage->name ? stage->name : "",
	          stage->name ? "'" : "", st->user->value);
}

const pl_rule pl_rule_DL3002 = {
	.id = "DL3002",
	.name = "last-user-root",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_SECURITY,
	.summary = "The last USER of a stage should not be root",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_USER] = check_user},
	.on_stage_end = stage_end,
};
