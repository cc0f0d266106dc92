/*
** DL3066 numeric-user: a user name means something only inside the
** image's /etc/passwd; the host, volume permissions and policies such
** as Kubernetes' runAsNonRoot see numbers.  USER 1000 (or 1000:1000)
** says exactly who runs.  Names given by a variable, and users of
** Windows images (which have no numeric IDs), are not judged.
** Docs: rules/DL3066.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	const pl_df_imageref **root; /* per stage: the image it is built on */
} state;

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	((state *)pl_ctx_state(ctx))->root = pl_rk_root_images(pl_ctx_arena(ctx), df);
}

static void check_user(pl_ctx *ctx, const pl_df_instr *in)
{
	const state *st = pl_ctx_state(ctx);
	if (in->argc == 0 || (in->stage && pl_rk_image_is_windows(st->root[in->stage->index])))
		return; /* Windows users have names only */
	const pl_df_word *w = &in->argv[0];
	const char *u = w->value;
	size_t n = strcspn(u, ":");
	if (n == 0 || strspn(u, "0123456789") >= n || pl_rk_has_var(u))
		return;
	pl_report(ctx, pl_rk_subspan(w->span, w->raw ? strlen(w->raw) : 0, 0, n),
	          "USER '%.*s' is a name: use a numeric UID, which the host and policies such as "
	          "runAsNonRoot can check", (int)n, u);
}

const pl_rule pl_rule_DL3066 = {
	.id = "DL3066",
	.name = "numeric-user",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_RELIABILITY,
	.summary = "Use a numeric UID in USER",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_USER] = check_user},
};
