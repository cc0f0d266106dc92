/*
** PL0010 suppression-without-reason: an inline suppression (plimsoll,
** hadolint or dclint pragma) that does not say why.  Off by default;
** --require-reason or `require-reason: true` turns it on.  Reported by
** the engine from the pragmas it read (src/pragma.c); no hooks.
** Docs: rules/PL0010.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0010 = {
	.id = "PL0010",
	.name = "suppression-without-reason",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.off_by_default = true,
	.summary = "An inline suppression does not give a reason",
};
