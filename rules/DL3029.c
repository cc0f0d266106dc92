/*
** DL3029 from-platform-constant: `FROM --platform=linux/amd64` pins a
** stage to one architecture, so a build for another platform gets a
** mismatched (emulated, or failing) image.  A value from a variable
** ($BUILDPLATFORM, $TARGETPLATFORM, an ARG) is how cross builds are
** written, and is accepted.  Docs: rules/DL3029.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_flag *f = pl_df_flag_find(in, "platform");
	if (in->parent || !f || !f->value || !*f->value || pl_rk_has_var(f->value))
		return;
	pl_report(ctx, f->span, "do not pin the platform of FROM to '%s': let the build choose, or use "
	          "$BUILDPLATFORM or $TARGETPLATFORM", f->value);
}


const pl_rule pl_rule_DL3029 = {
	.id = "DL3029",
	.name = "from-platform-constant",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Do not use a constant --platform with FROM",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
