/*
** DL3019 apk-no-cache: `apk add` without --no-cache keeps the package
** index it reads (downloaded by itself, --update or `apk update`) in
** /var/cache/apk, in the layer.  --no-cache fetches it to memory and
** stores nothing.  Only stages that reach an image count.
** Docs: rules/DL3019.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* apk's cache: the index, and packages when a local cache is set up. */
static const char *const dirs[] = {"/var/cache/apk", "/etc/apk/cache", NULL};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh || !pl_rk_pkg_ships(ctx, in))
		return;
	size_t from = 0; /* after the last rm of the cache, which takes the index away */
	for (size_t i = 0; i < in->sh->ncmds; i++)
		if (pl_rk_rm_covers(in->sh->cmds[i], dirs))
			from = i + 1;
	for (size_t i = from; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		/* --no-network fetches no index: it installs what is already there */
		if (!pl_sh_cmd_is(c, "apk") || !pl_sh_cmd_subcommand_is(c, "add") ||
		    pl_sh_cmd_has_flag(c, "--no-cache") || pl_sh_cmd_has_flag(c, "--no-network"))
			continue;
		if (pl_rk_cache_mounted(pl_ctx_arena(ctx), in, dirs))
			return;
		const pl_sh_word *sub = NULL;
		pl_sh_cmd_nonflags(c, &sub, 1);
		pl_diag *d = pl_report(ctx, pl_rk_cmd_head(c, pl_rk_word_index(c, sub)),
		                       "add '--no-cache' to 'apk add': the package index it needs would "
		                       "stay in /var/cache/apk in the image");
		pl_rk_fix_insert_after(ctx, d, in, sub, "--no-cache", "add '--no-cache'");
	}
}

const pl_rule pl_rule_DL3019 = {
	.id = "DL3019",
	.name = "apk-no-cache",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.fix = PL_FIX_SAFE,
	.summary = "Use apk add --no-cache instead of keeping the package index",
	PL_RK_CACHE_HOOKS(check_run),
};
