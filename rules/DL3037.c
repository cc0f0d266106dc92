/*
** DL3037 zypper-pin-versions: `zypper install tomcat` installs whatever
** the repository has that day; `tomcat=9.0.39` (or a range such as
** `tomcat>=9`) makes the build repeatable.  One report per unpinned
** package.  Docs: rules/DL3037.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const subs[] = {"install", "in", NULL};

/* name=ver, name>=ver, name<ver …, an .rpm file, a path or URL; a capability (cmake(Qt6Core)) names no package. */
static bool pinned(const char *pkg)
{
	return strpbrk(pkg, "=<>(") || pl_str_ends(pkg, ".rpm") || strchr(pkg, '/');
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	(void)c;
	const char *x = pl_rk_excerpt(pl_ctx_arena(ctx), pkg);
	return pl_report(ctx, w->span, "pin the version of '%s' (zypper install %s=<version>)", x, x);
}

/* Patterns, patches and products (-t pattern) have no version to pin. */
static size_t select_packages(const pl_sh_cmd *c, const pl_sh_word **pkgs, size_t n)
{
	(void)pkgs;
	const char *type = NULL;
	if ((pl_sh_cmd_flag_value(c, "-t", &type) || pl_sh_cmd_flag_value(c, "--type", &type)) &&
	    type && strcmp(type, "package") != 0)
		return 0;
	return n;
}

static const pl_rk_pin_spec spec = {"zypper", pl_rk_zypper_valued, subs, pinned, unpinned,
                                    select_packages};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_pin_spec(ctx, in, &spec);
}

const pl_rule pl_rule_DL3037 = {
	.id = "DL3037",
	.name = "zypper-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in zypper install",
	PL_RK_PIN_HOOKS(check_run),
};
