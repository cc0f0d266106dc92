/*
** DL3056 label-semver: a label the schema types `semver` holds a
** semantic version (semver.org 2.0.0), such as 1.4.2 or 2.0.0-rc.1+b5.
** Docs: rules/DL3056.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The grammar of semver.org 2.0.0, as its own regular expression states it. */
static pl_rk_regex semver = {
	"^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
	"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
	"(?:\\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
	"(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$",
	NULL, NULL};

static const char *check_version(pl_arena *a, const char *s)
{
	if (pl_rk_regex_match(&semver, s, strlen(s)))
		return NULL;
	if (s[0] == 'v' && pl_rk_regex_match(&semver, s + 1, strlen(s + 1)))
		return pl_arena_printf(a, "'%s' (drop the 'v')", pl_rk_excerpt(a, s));
	return pl_arena_printf(a, "'%s' (write MAJOR.MINOR.PATCH, such as 1.4.2)", pl_rk_excerpt(a, s));
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_SEMVER, check_version, "a semantic version");
}

const pl_rule pl_rule_DL3056 = {
	.id = "DL3056",
	.name = "label-semver",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type semver must hold a semantic version",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
