/*
** DL3040 dnf-clean-all: dnf and microdnf keep repository metadata and
** downloaded packages in their cache; unless the same RUN cleans it
** after installing, it ships in the layer.  Each tool cleans only its
** own cache.  Only stages that reach an image count.  Docs: rules/DL3040.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"dnf", "microdnf", "dnf5", NULL};
/* dnf 4, dnf 5 and microdnf keep their caches here; yum's is accepted as hadolint does. */
static const char *const dirs[] = {"/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/yum", NULL};

static const pl_sh_word *fills(const pl_sh_cmd *c)
{
	static const char *const subs[] = {"install", "in", "groupinstall", "localinstall",
	                                   "reinstall", "rei", "update", "upgrade", "up",
	                                   "upgrade-minimal", "up-min", "downgrade", "dg",
	                                   "distro-sync", "dsync", "swap", "builddep", "makecache",
	                                   NULL};
	return pl_rk_action(c, NULL, subs);
}

static const pl_rk_cache_spec spec = {tools, fills, pl_rk_rpm_cleans, dirs, "clean all"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_cache(ctx, in, &spec);
}

const pl_rule pl_rule_DL3040 = {
	.id = "DL3040",
	.name = "dnf-clean-all",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Run dnf clean all after dnf install",
	PL_RK_CACHE_HOOKS(check_run),
};
