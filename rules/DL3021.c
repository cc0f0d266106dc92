/*
** DL3021 multi-source-dest-slash: with more than one source, COPY and
** ADD copy into a folder, and the build insists that the destination
** say so with a trailing '/'.  A destination that ends in a variable is
** not judged.  The fix appends the '/'.  Docs: rules/DL3021.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* s ends with a variable reference ($NAME or ${…}), whose value is unknown. */
static bool ends_in_var(const char *s)
{
	const char *d = strrchr(s, '$');
	if (!d)
		return false;
	if (d[1] == '{')
		return strchr(d, '}') && strchr(d, '}')[1] == '\0';
	size_t at = (size_t)(d - s) + 1;
	return pl_rk_name_end(s, at) > at && s[pl_rk_name_end(s, at)] == '\0';
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *dest = &in->as.copy.dest;
	if (in->as.copy.nsrcs < 2 || !dest->span.len)
		return;
	const char *v = dest->value;
	size_t n = strlen(v);
	if ((n && (v[n - 1] == '/' || v[n - 1] == '\\')) || ends_in_var(v))
		return;
	pl_diag *d = pl_report(ctx, dest->span,
	                       "%s with %zu sources copies into a folder: end the destination "
	                       "'%s' with '/'", pl_instr_keyword(in->kind), in->as.copy.nsrcs, v);
	const char *raw = dest->raw;
	size_t rn = raw ? strlen(raw) : 0;
	if (rn != dest->span.len)
		return; /* spread over lines: no simple edit */
	size_t at = pl_span_end(dest->span) - (raw[rn - 1] == '"' || raw[rn - 1] == '\'');
	pl_fix_replace(ctx, d, PL_FIX_SAFE, "append '/' to the destination", pl_span_make(at, at), "/");
}

const pl_rule pl_rule_DL3021 = {
	.id = "DL3021",
	.name = "multi-source-dest-slash",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "COPY or ADD with several sources needs a destination ending in '/'",
	.on_instr = {[PL_INSTR_COPY] = check, [PL_INSTR_ADD] = check},
};
