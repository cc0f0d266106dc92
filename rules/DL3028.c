/*
** DL3028 gem-pin-versions: `gem install bundler` installs the newest
** release of the day; `bundler:2.5.3` (or -v) makes the build
** repeatable.  One report per unpinned gem.  Docs: rules/DL3028.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const subs[] = {"install", "i", NULL};
/* gem install options that take a value. */
static const char *const valued[] = {"-i", "--install-dir", "-n", "--bindir", "-s", "--source",
                                     "-P", "--trust-policy", "--platform", "-g", "--file",
                                     "--build-root", "--config-file", "--target-rbconfig",
                                     NULL};
/* gem install options that take none (an unknown --option is taken to take the word after it). */
static const char *const booleans[] = {
	"--no-document", "--no-ri", "--no-rdoc", "--force", "--no-force", "--local", "--remote",
	"--both", "--user-install", "--no-user-install", "--conservative", "--minimal-deps",
	"--prerelease", "--pre", "--no-prerelease", "--development", "--development-all",
	"--ignore-dependencies", "--env-shebang", "--no-env-shebang", "--wrappers", "--no-wrappers",
	"--verbose", "--quiet", "--silent", "--backtrace", "--debug", "--norc", "--clear-sources",
	"--post-install-message", "--no-post-install-message", "--suggestions", "--no-suggestions",
	"--lock", "--no-lock", "--default", "--explain", "--update-sources", "--no-update-sources",
	"--vendor", "--format-executable", "--no-format-executable", "--system", "--no-system",
	"--no-http-proxy", "--document", NULL};

/* name:version, or a .gem file or a path. */
static bool pinned(const char *pkg)
{
	return strchr(pkg, ':') || strchr(pkg, '/') || pl_str_ends(pkg, ".gem");
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	(void)c;
	const char *x = pl_rk_excerpt(pl_ctx_arena(ctx), pkg);
	return pl_report(ctx, w->span, "pin the version of '%s' (gem install %s:<version>)", x, x);
}

/*
** Keep the gems: none when -v/--version pins them all; stop at "--"
** (options for the gem's build); skip the word after an option we do
** not know, which is likely its value.
*/
static size_t select_gems(const pl_sh_cmd *c, const pl_sh_word **pkgs, size_t n)
{
	if (pl_sh_cmd_has_flag(c, "-v") || pl_sh_cmd_has_flag(c, "--version"))
		return 0;
	size_t dd = c->argv0 + 1;
	while (dd < c->nwords && strcmp(c->words[dd].text, "--") != 0)
		dd++;
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		size_t at = pl_rk_word_index(c, pkgs[j]);
		if (at > dd)
			break;
		const char *prev = c->words[at - 1].text;
		if (pl_str_starts(prev, "--") && prev[2] && !strchr(prev, '=') &&
		    !pl_rk_in_list(prev, booleans))
			continue;
		pkgs[k++] = pkgs[j];
	}
	return k;
}

static const pl_rk_pin_spec spec = {"gem", valued, subs, pinned, unpinned, select_gems};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_pin_spec(ctx, in, &spec);
}

const pl_rule pl_rule_DL3028 = {
	.id = "DL3028",
	.name = "gem-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in gem install",
	PL_RK_PIN_HOOKS(check_run),
};
