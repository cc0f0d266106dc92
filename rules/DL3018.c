/*
** DL3018 apk-pin-versions: `apk add curl` installs whatever the
** repository has that day; `curl=8.5.0-r0` (or a range such as
** `curl~8.5`) makes the build repeatable.  One report per unpinned
** package.  Docs: rules/DL3018.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* apk options that take a value: the virtual package's name is not a package to pin. */
static const char *const valued[] = {"-t", "--virtual", "-X", "--repository", "-p", "--root",
                                     "--keys-dir", "--repositories-file", "--arch",
                                     "--cache-dir", "--cache-max-age", "--timeout", NULL};

/* name=ver, name~ver, name>ver, name<ver …, or a local .apk file. */
static const char *const subs[] = {"add", NULL};

static bool pinned(const char *pkg)
{
	return strpbrk(pkg, "=~<>") || pl_str_ends(pkg, ".apk");
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	(void)c;
	const char *x = pl_rk_excerpt(pl_ctx_arena(ctx), pkg);
	return pl_report(ctx, w->span, "pin the version of '%s' (apk add %s=<version>)", x, x);
}

static const pl_rk_pin_spec spec = {"apk", valued, subs, pinned, unpinned, NULL};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_pin_spec(ctx, in, &spec);
}

const pl_rule pl_rule_DL3018 = {
	.id = "DL3018",
	.name = "apk-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in apk add",
	PL_RK_PIN_HOOKS(check_run),
};
