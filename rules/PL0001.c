/*
** PL0001 dockerfile-syntax: the Dockerfile front end could not read part
** of the file as BuildKit would.  The engine reports the parser's errors
** under this code; the rule has no hooks of its own.  Docs: rules/PL0001.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0001 = {
	.id = "PL0001",
	.name = "dockerfile-syntax",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SYNTAX,
	.summary = "The Dockerfile cannot be parsed as BuildKit parses it",
};
