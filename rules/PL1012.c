/*
** PL1012 no-command: a final stage without CMD or ENTRYPOINT (its own or
** inherited through FROM <stage>) on an OS image runs that image's
** default, a shell; with no terminal attached the shell reads end of
** input and exits, and the container with it.  Only stages that look
** like an application are reported (they COPY/ADD from the build
** context or EXPOSE a port): a stage that only installs packages is a
** base or tool image, for which the shell is right.  Docs: rules/PL1012.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Official images whose default command is a shell (sorted). */
static const char *const shell_images[] = {
	"almalinux", "alpine",   "amazonlinux", "archlinux", "busybox", "buildpack-deps", "centos",
	"clearlinux", "debian",  "fedora",      "mageia",    "oraclelinux", "photon",     "rockylinux",
	"ubuntu",
};

/* Other images with a shell default, by path. */
static const char *const shell_paths[] = {"opensuse/leap", "opensuse/tumbleweed", "redhat/ubi8",
                                          "redhat/ubi9", "redhat/ubi10"};

static bool shell_default(const pl_df_imageref *ref)
{
	const char *name = pl_rk_official_name(ref);
	for (size_t i = 0; name && i < PL_ARRAY_LEN(shell_images); i++)
		if (strcmp(name, shell_images[i]) == 0)
			return true;
	for (size_t i = 0; !ref->registry && ref->path && i < PL_ARRAY_LEN(shell_paths); i++)
		if (strcmp(ref->path, shell_paths[i]) == 0)
			return true;
	return false;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st)
		return;
	const pl_df_imageref *ref = &pl_rk_stage_root(st)->from->as.from.ref;
	if (!shell_default(ref))
		return;
	bool app = false;
	for (const pl_df_stage *s = st; s; s = s->base) {
		for (size_t i = 0; i < s->ninstrs; i++) {
			const pl_df_instr *in = s->instrs[i];
			if (in->parent)
				continue;
			if (in->kind == PL_INSTR_CMD || in->kind == PL_INSTR_ENTRYPOINT)
				return;
			app |= in->kind == PL_INSTR_EXPOSE ||
			       ((in->kind == PL_INSTR_COPY || in->kind == PL_INSTR_ADD) &&
			        !pl_df_flag_find(in, "from"));
		}
	}
	if (!app)
		return;
	const char *name = pl_rk_official_name(ref);
	pl_report(ctx, st->from->as.from.image.span,
	          "the image has no CMD or ENTRYPOINT, so it runs the shell of '%s', which exits at once "
	          "in a detached container: add a CMD that starts the app",
	          name ? name : ref->path);
}

const pl_rule pl_rule_PL1012 = {
	.id = "PL1012",
	.name = "no-command",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Give an image built on an OS image a CMD or ENTRYPOINT",
	.on_end = on_end,
};
