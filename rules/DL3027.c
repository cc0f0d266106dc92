/*
** DL3027 prefer-apt-get: `apt` is the command line for people at a
** terminal; its output and behaviour may change between releases and it
** warns that it has no stable interface.  Scripts use apt-get and
** apt-cache.  Docs: rules/DL3027.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* apt's subcommands that apt-get has under the same name. */
static const char *const get_subs[] = {"install", "remove", "purge", "update", "upgrade",
                                       "dist-upgrade", "autoremove", "autopurge", "autoclean",
                                       "clean", "source", "build-dep", "download", "changelog",
                                       "satisfy", "check", NULL};
/* apt's subcommands that apt-cache has under the same name. */
static const char *const cache_subs[] = {"search", "show", "showsrc", "policy", "depends",
                                         "rdepends", "showpkg", "madison", NULL};
static const char *const valued[] = {"-o", "--option", "-c", "--config-file", "-t",
                                     "--target-release", "--default-release", NULL};

/* Replace the name "apt" that ends word w (which may be a path: /usr/bin/apt) by name. */
static void fix_name(pl_ctx *ctx, pl_fix *f, const pl_sh_word *w, const char *name)
{
	size_t end = pl_span_end(w->span);
	pl_fix_edit(ctx, f, pl_span_make(end - 3, end), name);
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_sh_cmd_is(c, "apt"))
			continue;
		const pl_sh_word *w = &c->words[c->argv0];
		const pl_sh_word *sub = NULL;
		pl_sh_cmd_operands(c, valued, &sub, 1);
		const char *tool = "apt-get' or 'apt-cache"; /* apt list, apt edit-sources: no direct equivalent */
		if (sub && pl_rk_in_list(sub->text, cache_subs))
			tool = "apt-cache";
		else if (sub && (pl_rk_in_list(sub->text, get_subs) || strcmp(sub->text, "full-upgrade") == 0))
			tool = "apt-get";
		pl_diag *d = pl_report(ctx, w->span,
		                       "use '%s' instead of 'apt' in scripts: apt's interface is made "
		                       "for people and may change between releases", tool);
		/* Rewrite only a plain word ending in "apt", as written. */
		const char *written = pl_ctx_text(ctx, w->span);
		if (strcmp(written, w->text) != 0 || !sub)
			continue;
		if (pl_rk_in_list(sub->text, get_subs) || pl_rk_in_list(sub->text, cache_subs)) {
			pl_fix *f = pl_fix_add(ctx, d, PL_FIX_SAFE, pl_arena_printf(pl_ctx_arena(ctx),
			                                                           "replace 'apt' with '%s'", tool));
			fix_name(ctx, f, w, tool);
		} else if (strcmp(sub->text, "full-upgrade") == 0 &&
		           strcmp(pl_ctx_text(ctx, sub->span), sub->text) == 0) {
			pl_fix *f = pl_fix_add(ctx, d, PL_FIX_SAFE, "replace 'apt full-upgrade' with 'apt-get dist-upgrade'");
			fix_name(ctx, f, w, tool);
			pl_fix_edit(ctx, f, sub->span, "dist-upgrade");
		}
	}
}

const pl_rule pl_rule_DL3027 = {
	.id = "DL3027",
	.name = "prefer-apt-get",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "Use apt-get or apt-cache instead of apt",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
