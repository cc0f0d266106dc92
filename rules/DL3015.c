/*
** DL3015 apt-no-install-recommends: apt-get installs "recommended"
** packages too unless told not to, often doubling what lands in the
** image.  Docs: rules/DL3015.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static bool no_recommends(const pl_sh_cmd *c)
{
	if (pl_sh_cmd_has_flag(c, "--no-install-recommends"))
		return true;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++) {
		const char *w = c->words[i].text;
		if (pl_str_starts(w, "-o"))
			w += strlen(w) > 2 ? 2 : 0;
		if (strcmp(w, "APT::Install-Recommends=false") == 0 ||
		    strcmp(w, "APT::Install-Recommends=0") == 0 ||
		    strcmp(w, "APT::Install-Recommends=\"false\"") == 0)
			return true;
	}
	return false;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_rk_is_apt_get_install(c) || no_recommends(c))
			continue;
		pl_diag *d = pl_report(ctx, c->span,
		                       "add '--no-install-recommends' to 'apt-get install' "
		                       "to keep recommended extras out of the image");
		size_t k = pl_rk_subcommand_index(c, "install");
		pl_rk_fix_insert_after(ctx, d, in, &c->words[k], "--no-install-recommends", "add '--no-install-recommends'");
	}
}

const pl_rule pl_rule_DL3015 = {
	.id = "DL3015",
	.name = "apt-no-install-recommends",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.fix = PL_FIX_SAFE,
	.summary = "Avoid additional packages by specifying --no-install-recommends",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
