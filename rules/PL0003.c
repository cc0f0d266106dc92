/*
** PL0003 compose-schema: a compose file breaks the Compose Specification
** (its JSON schema, read after interpolation and Compose's casts, plus
** Go durations and restart policies), or a file the project names
** cannot be loaded (include, extends, env files; cycles).  Reported by
** the engine from the compose front end; no hooks.  Docs: rules/PL0003.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0003 = {
	.id = "PL0003",
	.name = "compose-schema",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A compose file does not follow the Compose Specification",
};
