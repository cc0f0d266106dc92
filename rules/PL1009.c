/*
** PL1009 runs-as-root: a final stage that never switches to a non-root
** USER runs its app as root, so whoever takes over the app is root in
** the container (and one kernel or runtime bug away from the host).
** DL3002 reports an explicit `USER root`; this rule reports the USER
** that is missing.  Images that are bases for others (their command is
** a bare shell or interpreter, or none of their own), base images that
** already run as non-root, and commands that drop privileges
** themselves are left alone.  Docs: rules/PL1009.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Base images that already run as a non-root user. */
static bool nonroot_base(const pl_df_imageref *ref)
{
	const char *path = ref->path ? ref->path : "";
	const char *tag = ref->tag ? ref->tag : "";
	const char *reg = ref->registry ? ref->registry : "";
	return strstr(tag, "nonroot") || strstr(tag, "rootless") || strstr(tag, "chiseled") ||
	       strstr(path, "unprivileged") || strstr(path, "rootless") ||
	       pl_str_starts(path, "bitnami/") || strcmp(reg, "cgr.dev") == 0 ||
	       strcmp(path, "jenkins/jenkins") == 0;
}

/* Programs whose master process starts as root and hands the work to an unprivileged user, or that need root. */
static bool drops_privileges(const pl_sh_cmd *c)
{
	static const char *const names[] = {"apache2-foreground", "httpd-foreground", "httpd", "apache2",
	                                    "apache2ctl", "apachectl", "nginx", "gosu", "su-exec",
	                                    "setpriv", "runuser", "s6-setuidgid", "chpst"};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(c->name, names[i]) == 0 || pl_sh_cmd_wrapped_by(c, names[i]))
			return true;
	if (pl_str_starts(c->name, "php-fpm") || strstr(c->name, "dockerd") || strstr(c->name, "buildkitd"))
		return true; /* php-fpm's pool runs as www-data; a Docker daemon needs root */
	if (pl_sh_cmd_is(c, "gunicorn") || pl_sh_cmd_is(c, "hypercorn"))
		return pl_sh_cmd_has_flag(c, "-u") || pl_sh_cmd_has_flag(c, "--user");
	if (pl_sh_cmd_is(c, "uwsgi"))
		return pl_sh_cmd_has_flag(c, "--uid");
	return false;
}

/* The build installs or copies in a privilege-dropping tool for its entrypoint script. */
static bool installs_stepdown(const pl_df_instr *in)
{
	if (in->kind != PL_INSTR_RUN && in->kind != PL_INSTR_COPY && in->kind != PL_INSTR_ADD)
		return false;
	const char *args = in->args ? in->args : "";
	for (size_t i = 0; i < in->nflags; i++)
		if (in->flags[i].value && strstr(in->flags[i].value, "gosu"))
			return true;
	return strstr(args, "gosu") || strstr(args, "su-exec");
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st)
		return;
	const pl_df_stage *root = pl_rk_stage_root(st);
	const pl_df_imageref *ref = &root->from->as.from.ref;
	if (ref->has_vars || nonroot_base(ref) || strstr(ref->path ? ref->path : "", "windows"))
		return;
	for (const pl_df_stage *s = st; s; s = s->base) {
		for (size_t i = 0; i < s->ninstrs; i++) {
			const pl_df_instr *in = s->instrs[i];
			if (in->parent)
				continue;
			if (in->kind == PL_INSTR_USER || installs_stepdown(in))
				return; /* a USER of any kind (USER root is DL3002's), or an entrypoint that steps down */
		}
	}
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, pl_ctx_arena(ctx), st, NULL);
	if (!ic.sh || !ic.main)
		return; /* the base image's command and user apply */
	const pl_sh_cmd *main = ic.last ? ic.last : (ic.sh->ncmds ? ic.sh->cmds[0] : NULL);
	if (!main || ic.bare || pl_str_ends(main->name, ".wasm"))
		return; /* a WebAssembly module runs in the wasm runtime, without Linux users */
	for (size_t i = 0; i < ic.sh->ncmds; i++)
		if (drops_privileges(ic.sh->cmds[i]))
			return;
	const char *what = pl_rk_cmd_text(pl_ctx_arena(ctx), main, 40);
	if (ref->scratch)
		pl_report(ctx, ic.main->keyword,
		          "the container runs '%s' as root: add 'USER 65534:65534' (scratch has no users "
		          "to create, a numeric one works)",
		          what);
	else
		pl_report(ctx, ic.main->keyword,
		          "the container runs '%s' as root: create a user and switch to it with 'USER' "
		          "before the command",
		          what);
}

const pl_rule pl_rule_PL1009 = {
	.id = "PL1009",
	.name = "runs-as-root",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_SECURITY,
	.summary = "Switch the final stage to a non-root USER",
	.on_end = on_end,
};
