/*
** DL3036 zypper-clean: zypper keeps repository metadata and packages
** under /var/cache/zypp; unless the same RUN runs `zypper clean` after
** installing, they ship in the layer.  Only stages that reach an image
** count.  Docs: rules/DL3036.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"zypper", NULL};
static const char *const dirs[] = {"/var/cache/zypp", NULL};

static const pl_sh_word *fills(const pl_sh_cmd *c)
{
	static const char *const subs[] = {"install", "in", "update", "up", "patch", "dist-upgrade",
	                                   "dup", "source-install", "si", "install-new-recommends",
	                                   "inr", NULL};
	return pl_rk_action(c, pl_rk_zypper_valued, subs);
}

static bool cleans(const pl_sh_cmd *c)
{
	static const char *const subs[] = {"clean", "cc", NULL};
	return pl_rk_action(c, pl_rk_zypper_valued, subs);
}

static const pl_rk_cache_spec spec = {tools, fills, cleans, dirs, "clean"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_cache(ctx, in, &spec);
}

const pl_rule pl_rule_DL3036 = {
	.id = "DL3036",
	.name = "zypper-clean",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Run zypper clean after zypper install",
	PL_RK_CACHE_HOOKS(check_run),
};
