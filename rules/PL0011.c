/*
** PL0011 unused-suppression: an inline suppression that suppresses
** nothing: the rules it names ran and reported nothing where it applies,
** it names no rule at all, or it is not where it can apply to anything.
** Off by default; --warn-unused-ignores or `warn-unused-ignores: true`
** turns it on.  Reported by the engine after the pragmas were applied
** (src/pragma.c); no hooks.  Docs: rules/PL0011.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0011 = {
	.id = "PL0011",
	.name = "unused-suppression",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_SAFE,
	.off_by_default = true,
	.summary = "An inline suppression suppresses nothing",
};
