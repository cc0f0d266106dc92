/*
** PL1001 deps-after-source-copy: a dependency install that runs after
** `COPY . .` in the same stage loses the layer cache on every source
** change, so each edit re-downloads every dependency.  Copy the manifest
** (requirements.txt, package.json, go.mod, …), install, then copy the
** rest.  Docs: rules/PL1001.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	const pl_df_stage *stage; /* stage of the whole-context copy */
	pl_span copy;             /* that COPY/ADD */
	bool seen;
} state;

static void on_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || pl_df_flag_find(in, "from"))
		return;
	for (size_t i = 0; i < in->as.copy.nsrcs; i++) {
		if (pl_rk_is_whole_context(in->as.copy.srcs[i].value)) {
			state *st = pl_ctx_state(ctx);
			if (st->seen && st->stage == in->stage)
				return; /* keep the first */
			st->seen = true;
			st->stage = in->stage;
			st->copy = in->span;
			return;
		}
	}
}

/* The first non-flag argument is one of the NULL-terminated subs (or there is none and bare is allowed). */
static bool sub_in(const pl_sh_cmd *c, const char *const *subs, bool bare)
{
	const pl_sh_word *w[2];
	size_t n = pl_sh_cmd_nonflags(c, w, 2);
	if (n == 0)
		return bare;
	for (; *subs; subs++)
		if (strcmp(w[0]->text, *subs) == 0)
			return true;
	return false;
}

/* A command that installs the project's dependencies from its manifest. */
static bool installs_deps(const pl_sh_cmd *c)
{
	static const char *const install[] = {"install", "i", NULL};
	static const char *const ci[] = {"ci", "install", "i", NULL};
	static const char *const sync[] = {"sync", NULL};
	if (pl_rk_is_pip_install(c))
		return pl_sh_cmd_has_flag(c, "-r") || pl_sh_cmd_has_flag(c, "--requirement");
	if (pl_sh_cmd_is(c, "npm")) {
		/* npm ci, or npm install with no package names */
		const pl_sh_word *w[2];
		size_t n = pl_sh_cmd_nonflags(c, w, 2);
		return n >= 1 && sub_in(c, ci, false) && (strcmp(w[0]->text, "ci") == 0 || n == 1);
	}
	if (pl_sh_cmd_is(c, "yarn") || pl_sh_cmd_is(c, "bun"))
		return sub_in(c, install, pl_sh_cmd_is(c, "yarn"));
	if (pl_sh_cmd_is(c, "pnpm"))
		return sub_in(c, install, false);
	if (pl_sh_cmd_is(c, "bundle") || pl_sh_cmd_is(c, "composer") || pl_sh_cmd_is(c, "poetry") ||
	    pl_sh_cmd_is(c, "pipenv") || pl_sh_cmd_is(c, "pdm"))
		return sub_in(c, install, pl_sh_cmd_is(c, "bundle"));
	if (pl_sh_cmd_is(c, "uv"))
		return sub_in(c, sync, false);
	if (pl_sh_cmd_is(c, "go"))
		return pl_sh_cmd_arg(c, 0) && strcmp(pl_sh_cmd_arg(c, 0)->text, "mod") == 0 &&
		       pl_sh_cmd_arg(c, 1) && strcmp(pl_sh_cmd_arg(c, 1)->text, "download") == 0;
	if (pl_sh_cmd_is(c, "mvn") || pl_sh_cmd_is(c, "mvnw") || pl_sh_cmd_is(c, "./mvnw"))
		return pl_sh_cmd_has_arg(c, "dependency:go-offline") ||
		       pl_sh_cmd_has_arg(c, "dependency:resolve");
	if (pl_sh_cmd_is(c, "cargo"))
		return pl_sh_cmd_subcommand_is(c, "fetch");
	if (pl_sh_cmd_is(c, "dotnet"))
		return pl_sh_cmd_subcommand_is(c, "restore");
	return false;
}

static void on_run(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (in->parent || !in->sh || !st->seen || st->stage != in->stage)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!installs_deps(c))
			continue;
		pl_diag *d = pl_report(ctx, c->span,
		                       "'%s' runs after the whole build context is copied, so every "
		                       "source change re-installs the dependencies: copy the dependency "
		                       "manifest and install before copying the rest",
		                       pl_ctx_text(ctx, c->span));
		pl_note_add(ctx, d, NULL, st->copy, "the whole context is copied here");
		return; /* one report per RUN is enough */
	}
}

const pl_rule pl_rule_PL1001 = {
	.id = "PL1001",
	.name = "deps-after-source-copy",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Install dependencies before copying the whole build context",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_COPY] = on_copy, [PL_INSTR_ADD] = on_copy, [PL_INSTR_RUN] = on_run},
};
