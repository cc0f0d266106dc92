/*
** DL3016 npm-pin-versions: `npm install express` installs the newest
** release of the day (and `@latest` says so outright); `express@4.18.2`
** makes the build repeatable.  `npm install` alone installs what
** package.json and the lock file say.  One report per unpinned
** package.  Docs: rules/DL3016.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* npm install and its aliases. */
static const char *const subs[] = {"install", "i", "add", "in", "ins", "inst", "insta",
                                   "instal", "isnt", "isnta", "isntal", "isntall", NULL};
/* npm options that take a value. */
static const char *const valued[] = {
	"--registry", "--loglevel", "--prefix", "--cache", "--userconfig", "--globalconfig",
	"--tag", "--omit", "--include", "--install-strategy", "--workspace", "-w", "--before",
	"--location", "--scope", "--otp", "--fetch-retries", "--fetch-timeout", "--proxy",
	"--https-proxy", "--ca", "--cafile", "--cert", "--key", "--auth-type", "--script-shell",
	"--node-options", "--save-prefix", "--cpu", "--os", "--libc", NULL};

static bool has_prefix(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (pl_str_starts(s, *prefixes))
			return true;
	return false;
}

/* Git URLs and host shorthands: pinned by #ref. */
static const char *const git[] = {"git://", "git+ssh://", "git+http://", "git+https://",
                                  "github:", "gitlab:", "bitbucket:", "gist:", NULL};

/*
** name@version (or a range or tag other than latest), a git URL or
** GitHub shorthand with #ref, a tarball, or a folder.
*/
static bool pinned(const char *pkg)
{
	static const char *const folder[] = {"/", "./", "../", "~/", "file:", NULL};
	if (has_prefix(pkg, git))
		return strchr(pkg, '#') != NULL;
	if (pl_str_ends(pkg, ".tgz") || pl_str_ends(pkg, ".tar.gz") || pl_str_ends(pkg, ".tar"))
		return true;
	if (has_prefix(pkg, folder) || strcmp(pkg, ".") == 0 || strcmp(pkg, "..") == 0)
		return true;
	/* @scope/name: the version comes after the scope's slash */
	const char *name = pkg[0] == '@' ? strchr(pkg, '/') : pkg;
	if (!name)
		return false;
	const char *at = strchr(name, '@');
	if (at)
		return strcmp(at, "@latest") != 0;
	/* user/repo is GitHub shorthand: pinned by #ref */
	return pkg[0] != '@' && strchr(pkg, '/') && strchr(pkg, '#');
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	(void)c;
	pl_arena *a = pl_ctx_arena(ctx);
	const char *x = pl_rk_excerpt(a, pkg);
	if (has_prefix(pkg, git) || (pkg[0] != '@' && strchr(pkg, '/')))
		return pl_report(ctx, w->span, "pin a commit of '%s' (append #<commit> or "
		                               "#semver:<range>)", x);
	if (pl_str_ends(pkg, "@latest")) {
		const char *name = pl_rk_excerpt(a, pl_arena_strndup(a, pkg, strlen(pkg) - 7));
		return pl_report(ctx, w->span, "pin the version of '%s': @latest moves with every "
		                               "release (npm install %s@<version>)", name, name);
	}
	return pl_report(ctx, w->span, "pin the version of '%s' (npm install %s@<version>)", x, x);
}

static const pl_rk_pin_spec spec = {"npm", valued, subs, pinned, unpinned, NULL};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_pin_spec(ctx, in, &spec);
}

const pl_rule pl_rule_DL3016 = {
	.id = "DL3016",
	.name = "npm-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in npm install",
	PL_RK_PIN_HOOKS(check_run),
};
