/*
** PL1112 copy-ignored-file: a COPY or ADD source that the build
** context's .dockerignore excludes is never sent to the builder, so the
** build fails (or, with a wildcard, silently copies less).  As BuildKit
** does, the check is skipped when the .dockerignore has exceptions ('!'
** lines): what they let back in cannot be told without the files.
** BuildKit's CopyIgnoredFile.  Docs: rules/PL1112.md
*/
#include <string.h>

#include "plimsoll/context.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The path as Go's path.Clean writes it: "./a//b/" -> "a/b", "./" -> ".", "/" stays. */
static const char *clean(pl_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = pl_arena_alloc(a, n + 2);
	size_t len = 0;
	bool root = s[0] == '/';
	if (root)
		out[len++] = '/';
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == '/')
			i++;
		size_t lo = i;
		while (i < n && s[i] != '/')
			i++;
		size_t cn = i - lo;
		if (cn == 0 || (cn == 1 && s[lo] == '.'))
			continue;
		if (cn == 2 && s[lo] == '.' && s[lo + 1] == '.') {
			size_t floor = root ? 1 : 0;
			while (len > floor && out[len - 1] != '/')
				len--;
			if (len > floor)
				len--;
			continue;
		}
		if (len > (root ? 1u : 0u))
			out[len++] = '/';
		memcpy(out + len, s + lo, cn);
		len += cn;
	}
	if (!len)
		out[len++] = '.';
	out[len] = '\0';
	return out;
}

/* A pattern that excludes everything at the top of the context: "*", "**" or "**" followed by "/" and "*". */
static bool excludes_root(const pl_build_context *c)
{
	for (size_t i = 0; i < c->npatterns; i++) {
		const char *p = c->patterns[i].pattern;
		if (!c->patterns[i].negate && (strcmp(p, "*") == 0 || strcmp(p, "**") == 0 || strcmp(p, "**/*") == 0))
			return true;
	}
	return false;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || (in->kind == PL_INSTR_COPY && pl_df_flag_find(in, "from")))
		return; /* ONBUILD copies from the child's context; --from copies from a stage */
	const pl_build_context *c = pl_ctx_build_context(ctx);
	if (!c || !c->dockerignore || !c->npatterns)
		return;
	for (size_t i = 0; i < c->npatterns; i++)
		if (c->patterns[i].negate)
			return; /* exceptions: not decidable without the files */
	const pl_df_copy *cp = &in->as.copy;
	for (size_t i = 0; i < cp->nsrcs; i++) {
		const pl_df_word *w = &cp->srcs[i];
		const char *v = w->value;
		if (!v || !*v || pl_str_starts(w->raw ? w->raw : v, "<<") || pl_rk_has_var(v) || strchr(v, '$'))
			continue; /* heredocs, and values known only at build time */
		if (in->kind == PL_INSTR_ADD && pl_rk_is_url(v))
			continue;
		const char *p = clean(pl_ctx_arena(ctx), v);
		bool root = strcmp(p, ".") == 0 || strcmp(p, "/") == 0;
		if (root ? !excludes_root(c) : !pl_context_ignored(c, p))
			continue;
		pl_report(ctx, w->span, "'%s' is excluded by .dockerignore, so %s will not find it in the build context",
		          p, pl_instr_keyword(in->kind));
	}
}

static const char *const aliases[] = {"CopyIgnoredFile", NULL};

const pl_rule pl_rule_PL1112 = {
	.id = "PL1112",
	.name = "copy-ignored-file",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Do not COPY or ADD files that .dockerignore excludes",
	.on_instr = {[PL_INSTR_COPY] = check, [PL_INSTR_ADD] = check},
};
