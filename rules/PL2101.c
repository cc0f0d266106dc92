/*
** PL2101 no-build-and-image: a service both builds an image ('build')
** and names one ('image') with no 'pull_policy' to say which wins.
** dclint's rule of the same name, with its option checkPullPolicy
** (default true: a pull_policy settles it).  Docs: rules/PL2101.md
*/
#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_compose *c)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (!s->build.at.node || !s->image.at.node)
			continue;
		if (cfg->check_pull_policy && s->pull_policy.at.node)
			continue;
		pl_diag *d = pl_report_compose(ctx, &s->build.at, false,
		                               "service '%s' has both 'build' and 'image'%s: Compose pulls "
		                               "the image when it can and builds only when that fails",
		                               s->name, s->pull_policy.at.node ? "" : " but no 'pull_policy'");
		const pl_compose_loc *im = &s->image.at;
		pl_note_add(ctx, d, im->src, pl_compose_span(im), "the image is named here");
	}
}

const pl_rule pl_rule_PL2101 = {
	.id = "PL2101",
	.name = "no-build-and-image",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_RELIABILITY,
	.summary = "A service both builds an image and names one to pull",
	.on_compose = check,
};
