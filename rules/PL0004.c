/*
** PL0004 compose-port-volume-syntax: a port ("[ip:]host:container/proto"),
** exposed port or volume ("source:target:options") written in short
** syntax that Docker cannot read: ports out of range, a bad protocol or
** range, an empty part, a relative container path, an unknown option.
** Reported by the engine from the compose front end; no hooks.
** Docs: rules/PL0004.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_PL0004 = {
	.id = "PL0004",
	.name = "compose-port-volume-syntax",
	.target = PL_TARGET_ANY,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A port or volume in short syntax is malformed",
};
