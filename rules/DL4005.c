/*
** DL4005 use-shell-instruction: `ln -sf /bin/bash /bin/sh` swaps the
** shell of every later RUN behind the reader's back, and of everything
** in the image that runs /bin/sh.  The SHELL instruction changes the
** shell of RUN openly.  Only a link whose target path is /bin/sh counts
** (not /bin/sh as the file linked to).  Docs: rules/DL4005.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		const pl_sh_word *ops[2];
		/* ln [opts] target link: exactly two operands, the second the link made */
		if (!pl_sh_cmd_is(c, "ln") ||
		    pl_sh_cmd_operands(c, (const char *const[]){"-t", "-S", "--suffix", NULL}, ops, 2) != 2)
			continue;
		const pl_sh_word *dest = ops[1];
		if (strcmp(dest->text, "/bin/sh") != 0 && strcmp(dest->text, "/usr/bin/sh") != 0)
			continue;
		pl_report(ctx, dest->span, "replacing /bin/sh changes the shell of every later RUN out of sight: "
		          "use the SHELL instruction");
	}
}

const pl_rule pl_rule_DL4005 = {
	.id = "DL4005",
	.name = "use-shell-instruction",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Use SHELL to change the default shell",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
