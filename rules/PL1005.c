/*
** PL1005 process-not-in-foreground: a container lives as long as its
** main process.  A command that starts a service and returns (`service
** nginx start`, `systemctl start`, `/etc/init.d/x start`, `pg_ctl
** start`) or ends in the background (`… &`, `nohup … &`) lets the shell
** exit, and the container stops at once.  Docs: rules/PL1005.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The i-th argument's text, or "". */
static const char *arg(const pl_sh_cmd *c, size_t i)
{
	const pl_sh_word *w = pl_sh_cmd_arg(c, i);
	return w ? w->text : "";
}

static bool starts(const char *verb)
{
	return strcmp(verb, "start") == 0 || strcmp(verb, "restart") == 0;
}

/* c starts a service that detaches and returns at once. */
static bool detaches(const pl_sh_cmd *c)
{
	const char *path = c->argv0 < c->nwords ? c->words[c->argv0].text : "";
	if (pl_sh_cmd_is(c, "service") || pl_sh_cmd_is(c, "rc-service"))
		return starts(arg(c, 1));
	if (pl_str_starts(path, "/etc/init.d/") || pl_str_starts(path, "/etc/rc.d/"))
		return starts(arg(c, 0));
	if (pl_sh_cmd_is(c, "systemctl"))
		return pl_sh_cmd_subcommand_is(c, "start") || pl_sh_cmd_subcommand_is(c, "restart") ||
		       (pl_sh_cmd_subcommand_is(c, "enable") && pl_sh_cmd_has_flag(c, "--now"));
	if (pl_sh_cmd_is(c, "pg_ctl") || pl_sh_cmd_is(c, "pg_ctlcluster") ||
	    pl_sh_cmd_is(c, "apachectl") || pl_sh_cmd_is(c, "apache2ctl"))
		return pl_sh_cmd_has_arg(c, "start") || pl_sh_cmd_has_arg(c, "restart");
	if (pl_sh_cmd_is(c, "redis-server"))
		return pl_sh_cmd_has_flag_value(c, "--daemonize", "yes");
	return false;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_image_cmd ic;
	/* An entrypoint script may go on after CMD returns: we cannot see it. */
	if (!pl_rk_final_image_cmd(&ic, a, df, NULL) || !ic.last || ic.via_script)
		return;
	const char *text = pl_rk_cmd_text(a, ic.last, 60);
	if (ic.last_bg)
		pl_report(ctx, ic.last->span,
		          "'%s' runs in the background, so the shell exits and the container stops at "
		          "once: run the main process in the foreground, without '&'",
		          text);
	else if (detaches(ic.last))
		pl_report(ctx, ic.last->span,
		          "'%s' starts a background service and returns, so the container stops at once: "
		          "run the program itself in the foreground as the last command",
		          text);
}

const pl_rule pl_rule_PL1005 = {
	.id = "PL1005",
	.name = "process-not-in-foreground",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Run the container's main process in the foreground",
	.on_end = on_end,
};
