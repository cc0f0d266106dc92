/*
** SC shellcheck: ShellCheck's findings in the shell of RUN instructions.
** A pseudo-rule without hooks: when it is on, the engine hands the
** file's scripts to one ShellCheck process (src/shellcheck.c), and each
** finding is reported under ShellCheck's own code (SC2086) at its level.
** Selecting, ignoring or re-levelling "SC" (or "shellcheck") acts on all
** of its codes; SC2086 alone names one.  Docs: rules/SC.md
*/
#include "plimsoll/rule.h"

const pl_rule pl_rule_SC = {
	.id = "SC",
	.name = "shellcheck",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING, /* nominal: each finding carries ShellCheck's level */
	.category = PL_CAT_CORRECTNESS,
	.summary = "ShellCheck's findings (SCxxxx) in the shell scripts of RUN instructions",
};
