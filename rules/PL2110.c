/*
** PL2110 service-image-require-explicit-tag: a service pulls an image
** with no tag (so 'latest') or with a tag that moves (latest, stable,
** edge, nightly, …: the option prohibitedTags).  What runs then changes
** under the same file.  dclint's rule of the same name; a digest pins
** the image whatever the tag, and the image of a service that builds it
** and never pulls it (pull_policy build or never) is only the name it is
** built under, so it is left alone.  Docs: rules/PL2110.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/*
** True when s builds its image and Compose never pulls it.  Without a
** pull_policy, Compose pulls a service's image first and builds only when
** the pull fails, so the image is checked like any other.
*/
static bool only_built(const pl_compose_service *s)
{
	const char *pp = s->pull_policy.str;
	return s->build.at.node && pp && (strcmp(pp, "build") == 0 || strcmp(pp, "never") == 0);
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		const pl_compose_val *v = &s->image;
		if (!v->str || !*v->str || only_built(s) || (v->interp && v->interp->uncertain))
			continue;
		if (strchr(v->str, '@'))
			continue; /* a digest: pinned */
		const char *last = strrchr(v->str, '/');
		const char *colon = strchr(last ? last : v->str, ':');
		if (!colon) {
			pl_report_compose(ctx, &v->at, true,
			                  "image '%s' of service '%s' has no tag, so it is whatever 'latest' is: "
			                  "pin a version",
			                  v->str, s->name);
			continue;
		}
		for (size_t k = 0; k < cfg->prohibited_tags.n; k++) {
			if (strcmp(colon + 1, cfg->prohibited_tags.v[k]) == 0) {
				pl_report_compose(ctx, &v->at, true,
				                  "image '%s' of service '%s' uses the tag '%s', which moves: pin a "
				                  "version",
				                  v->str, s->name, colon + 1);
				break;
			}
		}
	}
}

static const char *const aliases[] = {"require-explicit-image-tag", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2110 = {
	.id = "PL2110",
	.name = "service-image-require-explicit-tag",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_RELIABILITY,
	.summary = "A service pulls an image without a version tag",
	.on_compose = check,
};
