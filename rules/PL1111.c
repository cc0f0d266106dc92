/*
** PL1111 from-platform-flag-const: `FROM --platform=linux/amd64` pins a
** stage to one platform, so a multi-platform build silently builds (or
** emulates) amd64 everywhere.  Use $BUILDPLATFORM or $TARGETPLATFORM, or
** say in the stage name that the stage is for that platform (a name
** holding the os or the architecture, like `AS build-amd64`, is
** accepted).  BuildKit's FromPlatformFlagConstDisallowed; it yields to
** hadolint's DL3029 where both run.  Docs: rules/PL1111.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Counts the variables of the expansion. */
static const char *lookup(void *ud, const char *name, size_t n)
{
	(void)name, (void)n;
	(*(size_t *)ud)++;
	return "";
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_flag *f = pl_df_flag_find(in, "platform");
	if (in->parent || !f || !f->value_span.len)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	const char *raw = pl_ctx_text(ctx, f->value_span);
	size_t vars = 0;
	const char *v = pl_df_expand(a, raw, strlen(raw), pl_ctx_dockerfile(ctx)->escape, lookup, NULL, &vars);
	if (vars)
		return; /* not a constant */
	const char *os, *arch;
	if (!pl_rk_parse_platform(a, v, &os, &arch))
		return; /* the build fails on it anyway */
	const char *name = in->as.from.name.span.len ? in->as.from.name.value : "";
	char *lower = pl_arena_strdup(a, name);
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	if (*lower && (strstr(lower, os) || strstr(lower, arch)))
		return; /* the stage says it is for that platform */
	pl_report(ctx, f->span, "'--platform=%s' pins the stage to one platform: use $BUILDPLATFORM or "
	          "$TARGETPLATFORM, or name the stage after the platform", v);
}

static const char *const aliases[] = {"FromPlatformFlagConstDisallowed", NULL};
static const char *const yields_to[] = {"DL3029", NULL};

const pl_rule pl_rule_PL1111 = {
	.id = "PL1111",
	.name = "from-platform-flag-const",
	.aliases = aliases,
	.buildkit = true,
	.yields_to = yields_to,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Do not pin FROM --platform to a constant",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
