/*
** PL0002 compose-yaml: a compose file is not valid YAML, or breaks YAML's
** own rules (a repeated key, an alias with no anchor, nesting or alias
** expansion past the loader's limits).  The engine reports the YAML
** loader's errors for every file of the project under this code; the
** rule has no hooks of its own.  Docs: rules/PL0002.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0002 = {
	.id = "PL0002",
	.name = "compose-yaml",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SYNTAX,
	.summary = "A compose file is not valid YAML",
};
