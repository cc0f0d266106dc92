/*
** PL1114 expose-proto-casing: the protocol of an EXPOSE port is written
** in lowercase (`80/tcp`, `53/udp`); Docker lowercases `80/TCP` anyway.
** BuildKit's ExposeProtoCasing.  Docs: rules/PL1114.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->argc; i++) {
		const pl_df_word *w = &in->argv[i];
		const char *v = w->value;
		if (!v || strchr(v, '$'))
			continue; /* known only at build time */
		const char *slash = strchr(v, '/');
		if (!slash)
			continue;
		bool upper = false;
		for (const char *p = slash + 1; *p; p++)
			upper |= *p >= 'A' && *p <= 'Z';
		if (!upper)
			continue;
		char *fixed = pl_arena_strdup(pl_ctx_arena(ctx), v);
		for (char *p = fixed + (slash - v); *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		pl_diag *d = pl_report(ctx, w->span, "write the protocol of '%s' in lowercase: '%s'", v, fixed);
		if (!w->quoted && strlen(v) == w->span.len)
			pl_fix_replace(ctx, d, PL_FIX_SAFE, "lowercase the protocol", w->span, fixed);
	}
}

static const char *const aliases[] = {"ExposeProtoCasing", NULL};

const pl_rule pl_rule_PL1114 = {
	.id = "PL1114",
	.name = "expose-proto-casing",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.fix = PL_FIX_SAFE,
	.summary = "Write EXPOSE protocols in lowercase",
	.on_instr = {[PL_INSTR_EXPOSE] = check},
};
