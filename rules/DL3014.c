/*
** DL3014 apt-get-yes: without -y, apt-get asks for confirmation, and a
** build has no one to answer.  -qq (quiet level 2) implies yes; a single
** -q does not.  Docs: rules/DL3014.md
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* -y, --yes, --assume-yes, or quiet level >= 2 (-qq, -q -q, -q=2, --quiet --quiet). */
static bool answers_yes(const pl_sh_cmd *c)
{
	int quiet = 0;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++) {
		const char *w = c->words[i].text;
		if (strcmp(w, "--") == 0)
			break;
		if (strcmp(w, "--yes") == 0 || strcmp(w, "--assume-yes") == 0 ||
		    pl_str_starts(w, "--yes=") || pl_str_starts(w, "--assume-yes="))
			return true;
		if (strcmp(w, "--quiet") == 0) {
			quiet++;
		} else if (pl_str_starts(w, "--quiet=")) {
			quiet = atoi(w + 8);
		} else if (w[0] == '-' && w[1] != '-' && w[1]) {
			for (const char *p = w + 1; *p; p++) {
				if (*p == 'y')
					return true;
				if (*p == 'q') {
					if (p[1] == '=') {
						quiet = atoi(p + 2);
						break;
					}
					quiet++;
				}
			}
		}
	}
	return quiet >= 2;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_rk_is_apt_get_install(c) || answers_yes(c))
			continue;
		pl_diag *d = pl_report(ctx, c->span,
		                       "add '-y' to 'apt-get install': the build cannot answer its prompt");
		size_t k = pl_rk_subcommand_index(c, "install");
		pl_rk_fix_insert_after(ctx, d, in, &c->words[k], "-y", "add '-y'");
	}
}

const pl_rule pl_rule_DL3014 = {
	.id = "DL3014",
	.name = "apt-get-yes",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "Use the -y switch with apt-get install",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
