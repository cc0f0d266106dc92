/*
** DL3032 yum-clean-all: yum keeps the repository metadata (and, with
** keepcache, the packages) under /var/cache/yum; unless the same RUN
** cleans it after installing, it ships in the layer.  Only stages that
** reach an image count.  Docs: rules/DL3032.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"yum", NULL};
static const char *const dirs[] = {"/var/cache/yum", "/var/cache/dnf", NULL};

static const pl_sh_word *fills(const pl_sh_cmd *c)
{
	static const char *const subs[] = {"install", "groupinstall", "localinstall", "reinstall",
	                                   "update", "upgrade", "downgrade", "distro-sync", "builddep",
	                                   "makecache", NULL};
	return pl_rk_action(c, NULL, subs);
}

static const pl_rk_cache_spec spec = {tools, fills, pl_rk_rpm_cleans, dirs, "clean all"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_cache(ctx, in, &spec);
}

const pl_rule pl_rule_DL3032 = {
	.id = "DL3032",
	.name = "yum-clean-all",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Run yum clean all after yum install",
	PL_RK_CACHE_HOOKS(check_run),
};
