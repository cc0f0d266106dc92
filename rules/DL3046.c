/*
** DL3046 useradd-high-uid: useradd writes a record for the new user
** into /var/log/lastlog and /var/log/faillog at an offset that grows
** with the UID; for a UID of six digits or more that sparse file is
** stored in full in the layer (gigabytes).  -l (--no-log-init) skips
** it.  UIDs given by a variable are not judged.  Docs: rules/DL3046.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_sh_cmd_is(c, "useradd") || pl_sh_cmd_has_any_flag(c, (const char *const[]){"-l", "--no-log-init", NULL}))
			continue;
		const char *uid = NULL;
		const pl_sh_word *w = pl_sh_cmd_flag_value(c, "-u", &uid);
		if (!w)
			w = pl_sh_cmd_flag_value(c, "--uid", &uid);
		if (!w || !uid || strlen(uid) < 6 || strspn(uid, "0123456789") != strlen(uid))
			continue;
		size_t n = strlen(w->text);
		pl_span at_uid = n == w->span.len ? pl_rk_subspan(w->span, n, (size_t)(uid - w->text), strlen(uid)) : w->span;
		pl_diag *d = pl_report(ctx, at_uid, "useradd with the high UID %s and without '-l' stores a "
		                       "huge /var/log/lastlog in the layer: add '--no-log-init'", uid);
		pl_rk_fix_insert_after(ctx, d, in, &c->words[c->argv0], "--no-log-init", "add '--no-log-init'");
	}
}

const pl_rule pl_rule_DL3046 = {
	.id = "DL3046",
	.name = "useradd-high-uid",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_EFFICIENCY,
	.summary = "useradd with a high UID needs -l (--no-log-init)",
	.fix = PL_FIX_SAFE,
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
