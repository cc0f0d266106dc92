/*
** DL3025 prefer-exec-form: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell
** form run under /bin/sh -c, so the program is not PID 1 and never sees
** SIGTERM: `docker stop` waits ten seconds and kills it.  When the
** command is plain words the fix writes the JSON form.  A stage that
** chose its shell with SHELL (itself or through the stage it is built
** from) means the shell form on purpose, as BuildKit's
** JSONArgsRecommended assumes.  Docs: rules/DL3025.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/* The command is one simple command of plain words: it means the same without a shell. */
static bool plain_words(const pl_sh_script *sh)
{
	if (!sh || sh->nerrors || sh->ncmds != 1 || !sh->root || sh->root->kind != PL_SH_CMD)
		return false;
	const pl_sh_cmd *c = sh->cmds[0];
	if (c->nassigns || c->nredirs || c->nwords == 0 || c->ctx)
		return false;
	for (size_t i = 0; i < c->nwords; i++)
		if (c->words[i].flags & (PL_SH_WORD_EXPANDS | PL_SH_WORD_GLOB))
			return false;
	return true;
}

/* ["a", "b"] with JSON escapes. */
static const char *json_array(pl_arena *a, const pl_sh_cmd *c)
{
	size_t cap = 3;
	for (size_t i = 0; i < c->nwords; i++)
		cap += 4 + 2 * strlen(c->words[i].text);
	char *out = pl_arena_alloc(a, cap), *p = out;
	*p++ = '[';
	for (size_t i = 0; i < c->nwords; i++) {
		if (i) {
			*p++ = ',';
			*p++ = ' ';
		}
		*p++ = '"';
		for (const char *s = c->words[i].text; *s; s++) {
			if (*s == '"' || *s == '\\')
				*p++ = '\\';
			*p++ = *s;
		}
		*p++ = '"';
	}
	*p++ = ']';
	*p = '\0';
	return out;
}

typedef struct state {
	bool *shell; /* per stage index: a SHELL ran in the stage or in the stages it is built from */
} state;

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	st->shell = pl_arena_alloc(pl_ctx_arena(ctx), (df->nstages + 1) * sizeof(bool));
}

/* FROM: a stage built from an earlier one starts with its SHELL (complete: it came first). */
static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!in->parent && in->stage && in->stage->base)
		st->shell[in->stage->index] = st->shell[in->stage->base->index];
}

static void check_shell(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (!in->parent && in->stage)
		st->shell[in->stage->index] = true;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->bits & PL_DF_JSON || in->args_len == 0)
		return;
	if (!in->parent && in->stage && ((state *)pl_ctx_state(ctx))->shell[in->stage->index])
		return; /* SHELL chose the shell: the shell form is intended */
	if (in->kind == PL_INSTR_HEALTHCHECK && (in->as.health.none || !in->as.health.cmd_kw.len))
		return;
	const char *what = in->kind == PL_INSTR_HEALTHCHECK ? "HEALTHCHECK CMD" : pl_instr_keyword(in->kind);
	pl_span args = pl_textmap_span(&in->args_map, 0, in->args_len);
	pl_diag *d = pl_report(ctx, args,
	                       "write %s in exec form (a JSON array) so the process gets signals "
	                       "and runs without a shell", what);
	if (!plain_words(in->sh))
		return;
	const pl_sh_cmd *c = in->sh->cmds[0];
	pl_span words = pl_span_join(c->words[0].span, c->words[c->nwords - 1].span);
	/* ENTRYPOINT in exec form appends CMD: a behaviour change, so not safe. */
	pl_fix_replace(ctx, d, in->kind == PL_INSTR_ENTRYPOINT ? PL_FIX_UNSAFE : PL_FIX_SAFE,
	               "rewrite in exec form", words, json_array(pl_ctx_arena(ctx), c));
}

static const char *const aliases[] = {"JSONArgsRecommended", NULL};

const pl_rule pl_rule_DL3025 = {
	.id = "DL3025",
	.name = "prefer-exec-form",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "Use JSON notation (exec form) for CMD, ENTRYPOINT and HEALTHCHECK CMD",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_FROM] = check_from, [PL_INSTR_CMD] = check, [PL_INSTR_ENTRYPOINT] = check, [PL_INSTR_HEALTHCHECK] = check,
	             [PL_INSTR_SHELL] = check_shell},
};
