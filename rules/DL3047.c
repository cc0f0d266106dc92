/*
** DL3047 wget-progress: without a terminal, wget prints a progress line
** for every few kilobytes, and a large download fills the build log
** with thousands of lines.  --progress=dot:giga keeps it short; -q,
** -nv, and -o/-a (log to a file) are accepted too.  The fix inserts
** --progress=dot:giga, except in BusyBox (Alpine) stages, whose wget
** lacks the option.  Docs: rules/DL3047.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const quiet[] = {"--progress", "-q", "--quiet", "-nv", "--no-verbose", "-o",
                                    "--output-file", "-a", "--append-output", NULL};

typedef struct state {
	const pl_df_imageref **root; /* per stage: the image it is built on */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	((state *)pl_ctx_state(ctx))->root = pl_rk_root_images(pl_ctx_arena(ctx), df);
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	const state *st = pl_ctx_state(ctx);
	if (!in->sh)
		return;
	/* An ONBUILD trigger runs on a base we cannot see. */
	bool busybox = in->parent || !in->stage || pl_rk_image_is_busybox(st->root[in->stage->index]);
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_sh_cmd_is(c, "wget") || pl_sh_cmd_has_any_flag(c, quiet))
			continue;
		pl_span word = c->words[c->argv0].span;
		pl_diag *d = pl_report(ctx, word, "wget without '--progress=dot:giga' (or '-q', '-nv') floods "
		                       "the build log with progress lines");
		if (!busybox)
			pl_rk_fix_insert_after(ctx, d, in, &c->words[c->argv0], "--progress=dot:giga",
			                       "add '--progress=dot:giga'");
	}
}

const pl_rule pl_rule_DL3047 = {
	.id = "DL3047",
	.name = "wget-progress",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "Use wget with --progress=dot:giga (or -q, -nv) to keep the build log short",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
