/*
** PL1110 invalid-default-arg-in-from: with the default values of the
** global ARGs (a plain `docker build`, no --build-arg), the FROM image
** must still be a valid image name.  `ARG VERSION` then `FROM
** busybox:$VERSION` gives "busybox:", which fails unless every build
** passes VERSION.  BuildKit's InvalidDefaultArgInFrom.
** Docs: rules/PL1110.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_from_scope scope; /* predefined and global ARGs, with their defaults */
} state;

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_rk_from_scope_init(&st->scope, pl_ctx_arena(ctx), df);
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *img = &in->as.from.image;
	if (in->parent || !img->raw || !strchr(img->raw, '$'))
		return; /* a literal name is the parser's business */
	state *st = pl_ctx_state(ctx);
	const char *v = pl_df_expand(pl_ctx_arena(ctx), img->raw, strlen(img->raw), pl_ctx_dockerfile(ctx)->escape,
	                             pl_rk_from_scope_lookup, NULL, &st->scope);
	if (pl_rk_valid_image_ref(v))
		return;
	if (!*v)
		pl_report(ctx, img->span, "with the ARG defaults, '%s' expands to an empty image name: "
		          "give the ARG a default value", img->value);
	else
		pl_report(ctx, img->span, "with the ARG defaults, '%s' expands to '%s', which is not a valid image name: "
		          "give the ARG a default value that makes one", img->value, v);
}

static const char *const aliases[] = {"InvalidDefaultArgInFrom", NULL};

const pl_rule pl_rule_PL1110 = {
	.id = "PL1110",
	.name = "invalid-default-arg-in-from",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "FROM must give a valid image name with the global ARGs' default values",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
