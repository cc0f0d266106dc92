/*
** DL3006 tag-base-image: FROM without a tag or digest takes whatever
** 'latest' is on the day of the build.  Stages named earlier in the file,
** scratch, and images built from variables are exempt.  Docs: rules/DL3006.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_from *f = &in->as.from;
	const pl_df_imageref *r = &f->ref;
	if (!f->image.value || !*f->image.value || f->base || r->scratch || r->digest)
		return;
	/* An image that is (or was) a variable: its tag is not ours to see. */
	if (pl_rk_has_var(f->image.value) && (r->has_vars || !r->path || !*r->path || !r->tag || !*r->tag))
		return;
	if (r->tag)
		return;
	pl_report(ctx, f->image.span, "pin the base image '%s' to a tag or digest",
	          r->text ? r->text : f->image.value);
}

const pl_rule pl_rule_DL3006 = {
	.id = "DL3006",
	.name = "tag-base-image",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Always tag the version of a base image explicitly",
	.on_instr = {[PL_INSTR_FROM] = check_from},
};
