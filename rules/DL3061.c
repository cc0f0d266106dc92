/*
** DL3061 from-first: a Dockerfile starts with FROM; only ARG (and
** comments and parser directives) may come before it.  BuildKit fails
** on anything else there.  Docs: rules/DL3061.md
*/
#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->stage || in->parent || in->kind == PL_INSTR_ARG || in->kind == PL_INSTR_FROM ||
	    in->kind == PL_INSTR_UNKNOWN)
		return;
	pl_report(ctx, in->keyword, "%s comes before the first FROM: only ARG may precede FROM",
	          pl_instr_keyword(in->kind));
}

const pl_rule pl_rule_DL3061 = {
	.id = "DL3061",
	.name = "from-first",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A Dockerfile must begin with FROM, ARG or a comment",
	.on_instr = {
		[PL_INSTR_RUN] = check, [PL_INSTR_CMD] = check, [PL_INSTR_LABEL] = check,
		[PL_INSTR_MAINTAINER] = check, [PL_INSTR_EXPOSE] = check, [PL_INSTR_ENV] = check,
		[PL_INSTR_ADD] = check, [PL_INSTR_COPY] = check, [PL_INSTR_ENTRYPOINT] = check,
		[PL_INSTR_VOLUME] = check, [PL_INSTR_USER] = check, [PL_INSTR_WORKDIR] = check,
		[PL_INSTR_ONBUILD] = check, [PL_INSTR_STOPSIGNAL] = check,
		[PL_INSTR_HEALTHCHECK] = check, [PL_INSTR_SHELL] = check,
	},
};
