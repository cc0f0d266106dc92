/*
** DL3004 no-sudo: a build runs as the USER in effect, with no password
** to type and no tty; sudo then hangs, fails or behaves according to a
** sudoers file the reader cannot see.  Switch with USER instead, and use
** gosu or su-exec in entrypoints.  sudo is found anywhere in a wrapper
** chain (`env A=1 sudo …`), in subshells and in sh -c strings.
** Docs: rules/DL3004.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/* The word naming sudo in c (a wrapper, or the command itself), or NULL. */
static const pl_sh_word *sudo_word(const pl_sh_cmd *c)
{
	if (pl_sh_cmd_is(c, "sudo"))
		return &c->words[c->argv0];
	if (!pl_sh_cmd_wrapped_by(c, "sudo"))
		return NULL;
	for (size_t i = 0; i < c->argv0; i++) {
		const char *w = c->words[i].text, *slash = strrchr(w, '/');
		if (strcmp(slash ? slash + 1 : w, "sudo") == 0)
			return &c->words[i];
	}
	return NULL;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_word *w = sudo_word(in->sh->cmds[i]);
		if (w)
			pl_report(ctx, w->span, "do not use 'sudo' in a RUN: set the USER instead "
			                        "(or use gosu/su-exec at run time)");
	}
}

const pl_rule pl_rule_DL3004 = {
	.id = "DL3004",
	.name = "no-sudo",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SECURITY,
	.summary = "Do not use sudo: it has unpredictable behaviour in a build",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
