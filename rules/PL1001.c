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
	const pl_df_stage *stage;   /* stage of the whole-context copy */
	pl_span copy;               /* that COPY/ADD */
	const pl_df_instr *copy_in; /* the instruction itself, for the fix */
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
			st->copy_in = in;
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

/*
** The files the install in c reads, space-separated, as a COPY source
** list: `-r` files for pip, the manifest and lock globs for the others.
** NULL when the fix cannot know them.
*/
static const char *manifests(pl_arena *a, const pl_sh_cmd *c)
{
	if (pl_rk_is_pip_install(c)) {
		char *list = NULL;
		for (size_t i = c->argv0 + 1; i + 1 < c->nwords; i++) {
			const char *w = c->words[i].text;
			if (strcmp(w, "-r") != 0 && strcmp(w, "--requirement") != 0)
				continue;
			const char *f = c->words[i + 1].text;
			/* A file in a subfolder, a variable or a glob would land elsewhere or nowhere. */
			if (strchr(f, '/') || strpbrk(f, "$*?[ ") || c->words[i + 1].flags & PL_SH_WORD_EXPANDS)
				return NULL;
			list = list ? pl_arena_printf(a, "%s %s", list, f) : pl_arena_strdup(a, f);
		}
		return list;
	}
	if (pl_sh_cmd_is(c, "npm") || pl_sh_cmd_is(c, "pnpm") || pl_sh_cmd_is(c, "bun"))
		return "package*.json";
	if (pl_sh_cmd_is(c, "yarn"))
		return "package.json yarn.lock*";
	if (pl_sh_cmd_is(c, "go"))
		return "go.mod go.sum*";
	if (pl_sh_cmd_is(c, "bundle"))
		return "Gemfile Gemfile.lock*";
	if (pl_sh_cmd_is(c, "composer"))
		return "composer.json composer.lock*";
	if (pl_sh_cmd_is(c, "poetry"))
		return "pyproject.toml poetry.lock*";
	if (pl_sh_cmd_is(c, "uv"))
		return "pyproject.toml uv.lock*";
	return NULL;
}

/* Byte range of the whole lines [start of off's line, after the newline ending end's line). */
static pl_span whole_lines(const pl_source *src, size_t off, size_t end)
{
	size_t first = pl_source_line_index(src, off);
	size_t last = pl_source_line_index(src, end > off ? end - 1 : end);
	size_t a = src->line_start[first];
	size_t b = last + 1 < src->nlines ? src->line_start[last + 1] : src->len;
	return pl_span_make(a, b);
}

/*
** The simple case, fixed (unsafe): the RUN right after the whole-context
** COPY does nothing but install, from manifests known by name.  Copy
** them first (with the COPY's own flags), move the RUN above the COPY.
*/
static void reorder_fix(pl_ctx *ctx, pl_diag *d, const state *st, const pl_df_instr *in)
{
	const pl_df_instr *cp = st->copy_in;
	if (!cp || cp->kind != PL_INSTR_COPY || cp->index + 1 != in->index || in->nheredocs ||
	    cp->nheredocs || !in->sh || in->sh->nerrors || in->bits & PL_DF_JSON)
		return;
	const char *files = NULL;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const char *f = installs_deps(in->sh->cmds[i]) ? manifests(pl_ctx_arena(ctx), in->sh->cmds[i]) : NULL;
		if (!f || (files && strcmp(f, files) != 0))
			return; /* a command that needs the source, or two different manifests */
		files = f;
	}
	if (!files || !cp->as.copy.dest.span.len)
		return;
	const pl_source *src = pl_ctx_source(ctx);
	pl_span copy_lines = whole_lines(src, cp->span.off, pl_span_end(cp->span));
	pl_span run_lines = whole_lines(src, in->span.off, pl_span_end(in->span));
	const char *run_text = pl_ctx_text(ctx, run_lines);
	size_t n = strlen(run_text);
	const char *nl = n && run_text[n - 1] == '\n' ? "" : "\n";
	/* The new COPY keeps the old one's flags (--chown, --chmod, --link). */
	const char *flags = "";
	for (size_t i = 0; i < cp->nflags; i++)
		flags = pl_arena_printf(pl_ctx_arena(ctx), "%s%s ", flags, pl_ctx_text(ctx, cp->flags[i].span));
	const char *kw = pl_ctx_text(ctx, cp->keyword);
	const char *dest = pl_ctx_text(ctx, cp->as.copy.dest.span);
	/* Several sources need a folder destination written with '/' (DL3021). */
	if (strpbrk(files, " *") && dest[0] && dest[strlen(dest) - 1] != '/' && !strpbrk(dest, "\"'"))
		dest = pl_arena_printf(pl_ctx_arena(ctx), "%s/", dest);
	const char *text = pl_arena_printf(pl_ctx_arena(ctx), "%s %s%s %s\n%s%s", kw, flags, files, dest,
	                                   run_text, nl);
	pl_fix *f = pl_fix_add(ctx, d, PL_FIX_UNSAFE, "copy the manifest and install before copying the rest");
	pl_fix_edit(ctx, f, pl_span_make(copy_lines.off, copy_lines.off), text);
	pl_fix_edit(ctx, f, run_lines, NULL);
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
		reorder_fix(ctx, d, st, in);
		return; /* one report per RUN is enough */
	}
}

const pl_rule pl_rule_PL1001 = {
	.id = "PL1001",
	.name = "deps-after-source-copy",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Install dependencies before copying the whole build context",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_COPY] = on_copy, [PL_INSTR_ADD] = on_copy, [PL_INSTR_RUN] = on_run},
};
