/*
** DL3013 pip-pin-versions: `pip install flask` installs the newest
** release of the day; `flask==3.0.2` (or a range, a requirements or
** constraints file) makes the build repeatable.  Also pipx install,
** python -m pip and uv pip.  One report per unpinned package.
** Docs: rules/DL3013.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* pip, pipx and uv pip install options that take a value. */
static const char *const valued[] = {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
	"--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "-b",
	"--build", "--src", "--trusted-host", "--platform", "--python-version", "--implementation",
	"--abi", "--no-binary", "--only-binary", "--progress-bar", "--proxy", "--upgrade-strategy",
	"--root-user-action", "--cache-dir", "--log", "--log-file", "--timeout", "--retries",
	"--exists-action", "--cert", "--client-cert", "--global-option", "--install-option", "-C",
	"--config-settings", "--report", "--use-feature", "--use-deprecated", "--keyring-provider",
	"--group", "--python", "-p", "--pip-args", "--suffix", "--spec", "--index", "--default-index",
	"--index-strategy", "--resolution", "--prerelease", "--link-mode",
	"-m", "-W", "-X", NULL}; /* the last three: python's own options before -m pip */
/* Version specifiers of PEP 440. */
static const char *const specifiers[] = {"==", ">=", "<=", "!=", "~=", ">", "<", NULL};
/* pip's version control schemes. */
static const char *const vcs[] = {"git+", "hg+", "svn+", "bzr+", "git://", "svn://", NULL};

static bool any_infix(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strstr(s, *list))
			return true;
	return false;
}

/* A VCS URL names a revision: an '@' in its path (not the user@ of the host part). */
static bool vcs_pinned(const char *pkg)
{
	const char *p = strstr(pkg, "://");
	p = p ? strchr(p + 3, '/') : strchr(pkg, ':');
	if (!p)
		return false;
	const char *at = strchr(p, '@');
	const char *frag = strchr(p, '#');
	return at && (!frag || at < frag);
}

static bool is_vcs(const char *pkg)
{
	for (const char *const *v = vcs; *v; v++)
		if (pl_str_starts(pkg, *v))
			return true;
	return false;
}

static bool pinned(const char *pkg)
{
	if (is_vcs(pkg))
		return vcs_pinned(pkg);
	static const char *const files[] = {".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz",
	                                    ".zip", ".tar", NULL};
	for (const char *const *f = files; *f; f++)
		if (pl_str_ends(pkg, *f))
			return true; /* a local or downloaded distribution file */
	/* a version specifier; a path or URL (a local project, an archive); ".", ".[dev]", ".." */
	return any_infix(pkg, specifiers) || strchr(pkg, '/') || pkg[0] == '.';
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	const char *x = pl_rk_excerpt(pl_ctx_arena(ctx), pkg);
	const char *how = pl_sh_cmd_is(c, "pipx") ? "pipx" : pl_sh_cmd_is(c, "uv") ? "uv pip" : "pip";
	if (is_vcs(pkg))
		return pl_report(ctx, w->span, "pin a revision of '%s' (add @<tag or commit> after the "
		                               "repository path)", x);
	return pl_report(ctx, w->span, "pin the version of '%s' (%s install %s==<version>)", x, how, x);
}

/*
** The packages of pip install (pip, pip3, pip3.12), python -m pip
** install, uv pip install and pipx install, in *out; how many, or
** (size_t)-1 when c installs nothing.
*/
static size_t packages(pl_arena *a, const pl_sh_cmd *c, const pl_sh_word ***out)
{
	const char *n = c->name;
	size_t k; /* index of "install" among the operands */
	if (pl_str_starts(n, "pip") && !pl_str_starts(n, "pipenv"))
		k = 0; /* pip, pip3, pip3.12, pipx */
	else if (pl_str_starts(n, "python") && pl_sh_cmd_has_flag_value(c, "-m", "pip"))
		k = 0; /* "pip" is the value of -m */
	else if (strcmp(n, "uv") == 0)
		k = 1; /* uv pip install */
	else
		return (size_t)-1;
	const pl_sh_word **ops;
	size_t nops = pl_rk_operands(a, c, valued, &ops);
	if (nops <= k || strcmp(ops[k]->text, "install") != 0 || (k == 1 && strcmp(ops[0]->text, "pip") != 0))
		return (size_t)-1;
	*out = ops + k + 1;
	return nops - k - 1;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		const pl_sh_word **pkgs = NULL;
		size_t n = packages(pl_ctx_arena(ctx), c, &pkgs);
		/* A constraints file pins what the command installs; --no-index installs from local files. */
		if (n == (size_t)-1 || pl_sh_cmd_has_flag(c, "-c") || pl_sh_cmd_has_flag(c, "--constraint") ||
		    pl_sh_cmd_has_flag(c, "--no-index"))
			continue;
		pl_rk_check_pins(ctx, in, c, pkgs, n, pinned, unpinned);
	}
}

const pl_rule pl_rule_DL3013 = {
	.id = "DL3013",
	.name = "pip-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in pip install",
	PL_RK_PIN_HOOKS(check_run),
};
