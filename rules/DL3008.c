/*
** DL3008 apt-pin-versions: `apt-get install pkg` installs whatever
** version the mirror has that day; `pkg=1.2.*` makes the build
** repeatable.  One report per unpinned package.  Docs: rules/DL3008.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* apt-get options whose value is the next word. */
static bool takes_value(const char *w)
{
	static const char *const opts[] = {"-t", "--target-release", "-o", "--option", "-c",
	                                   "--config-file", "--default-release"};
	for (size_t i = 0; i < PL_ARRAY_LEN(opts); i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

/* pkg=version, a release (pkg/bookworm-backports), or a local .deb. */
static bool pinned(const char *p)
{
	return strchr(p, '=') || strchr(p, '/') || pl_str_ends(p, ".deb");
}

static void check_cmd(pl_ctx *ctx, const pl_sh_cmd *c)
{
	bool after_dashdash = false;
	bool seen_install = false;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++) {
		const pl_sh_word *w = &c->words[i];
		if (!after_dashdash && w->text[0] == '-') {
			if (strcmp(w->text, "--") == 0)
				after_dashdash = true;
			else if (takes_value(w->text))
				i++;
			continue;
		}
		if (!seen_install && strcmp(w->text, "install") == 0) {
			seen_install = true;
			continue;
		}
		if (!seen_install || pinned(w->text) || pl_rk_has_var(w->text) || !*w->text)
			continue;
		pl_report(ctx, w->span, "pin the version of '%s' (apt-get install %s=<version>)",
		          w->text, w->text);
	}
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (pl_rk_is_apt_get_install(c))
			check_cmd(ctx, c);
	}
}

const pl_rule pl_rule_DL3008 = {
	.id = "DL3008",
	.name = "apt-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in apt-get install",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
