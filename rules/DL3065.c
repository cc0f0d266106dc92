/*
** DL3065 redundant-target-platform: `FROM --platform=$TARGETPLATFORM`
** asks for what FROM does anyway (it pulls for the target platform), and
** hides the cases where a different platform was meant ($BUILDPLATFORM
** for cross-compilers).  BuildKit's RedundantTargetPlatform: the flag's
** value, expanded, uses TARGETPLATFORM alone and gives its value.
** Docs: rules/DL3065.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_from_scope scope; /* predefined and global ARGs */
} state;

/* What the expansion of the platform looked up. */
typedef struct looked {
	pl_rk_from_scope *scope;
	size_t matched;   /* variables found set */
	size_t unmatched; /* variables found unset */
	bool target;      /* TARGETPLATFORM was one of the set ones */
} looked;

static const char *lookup(void *ud, const char *name, size_t n)
{
	looked *l = ud;
	const char *v = pl_rk_from_scope_lookup(l->scope, name, n);
	if (v) {
		l->matched++;
		l->target |= n == 14 && memcmp(name, "TARGETPLATFORM", 14) == 0;
	}
	return v;
}

static void unset(void *ud, const char *name, size_t n, size_t at)
{
	(void)name, (void)n, (void)at;
	((looked *)ud)->unmatched++;
}

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_rk_from_scope_init(&st->scope, pl_ctx_arena(ctx), df);
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_flag *f = pl_df_flag_find(in, "platform");
	if (!f || !f->value_span.len)
		return;
	state *st = pl_ctx_state(ctx);
	const char *raw = pl_ctx_text(ctx, f->value_span);
	looked l = {&st->scope, 0, 0, false};
	const char *v = pl_df_expand(pl_ctx_arena(ctx), raw, strlen(raw), pl_ctx_dockerfile(ctx)->escape,
	                             lookup, unset, &l);
	/* One lookup, of TARGETPLATFORM, giving the whole value: the flag is $TARGETPLATFORM in some spelling. */
	if (l.matched != 1 || l.unmatched || !l.target)
		return;
	if (strcmp(v, pl_rk_from_scope_lookup(&st->scope, "TARGETPLATFORM", 14)) != 0)
		return;
	pl_diag *d = pl_report(ctx, f->span, "'--platform=%s' is redundant: FROM already pulls for the target platform",
	                       raw);
	/* Remove the flag and the blank after it.  Unsafe: without the flag, a build that names no
	** platform picks the base image's own platform when the target's is missing. */
	const char *text = pl_ctx_source(ctx)->text;
	size_t end = pl_span_end(f->span);
	while (end < pl_ctx_source(ctx)->len && (text[end] == ' ' || text[end] == '\t'))
		end++;
	pl_fix_replace(ctx, d, PL_FIX_UNSAFE, "remove the --platform flag", pl_span_make(f->span.off, end), NULL);
}

static const char *const aliases[] = {"RedundantTargetPlatform", NULL};

const pl_rule pl_rule_DL3065 = {
	.id = "DL3065",
	.name = "redundant-target-platform",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "FROM --platform=$TARGETPLATFORM is the default: leave it out",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
