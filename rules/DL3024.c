/*
** DL3024 unique-stage-names: two stages with the same name (names are
** case-insensitive) make `--from=name` and `FROM name` mean the latest
** one, silently.  BuildKit's DuplicateStageName.  Docs: rules/DL3024.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map seen; /* lowercased name -> first stage of that name */
	pl_rk_map_init(&seen, a);
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *st = &df->stages[i];
		if (!st->name)
			continue;
		char *key = pl_arena_strdup(a, st->name);
		for (char *c = key; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		const void *v = NULL;
		if (!pl_rk_map_get(&seen, key, strlen(key), &v)) {
			pl_rk_map_put(&seen, key, strlen(key), st);
			continue;
		}
		const pl_df_stage *prev = v;
		const pl_df_word *name = &st->from->as.from.name;
		pl_diag *d = pl_report(ctx, name->span, "the stage name '%s' is already used: stage names must be unique",
		                       name->value);
		pl_note_add(ctx, d, NULL, prev->from->as.from.name.span, "first used here");
	}
}

static const char *const aliases[] = {"DuplicateStageName", NULL};

const pl_rule pl_rule_DL3024 = {
	.id = "DL3024",
	.name = "unique-stage-names",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Stage names (FROM … AS name) must be unique",
	.on_end = check,
};
