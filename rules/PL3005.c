/*
** PL3005 build-overwrites-image: with both 'build:' and 'image:', compose
** builds the service and tags the result with the image's name.  When
** that name is an official Docker Hub image (image: python:3.12 beside
** build: .), the local python:3.12 is replaced by the app, so every other
** build and service on the machine that uses python:3.12 gets the app
** instead, and `docker compose push` would push to the official
** repository.  When it is the Dockerfile's own base image, each build
** starts from the one before.  Docs: rules/PL3005.md
*/
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The image a build starts from: the root of its stage chain; NULL when unknown. */
static const pl_df_from *base_of(const pl_project_build *b)
{
	const pl_df_stage *root = b->stage ? pl_rk_stage_root(b->stage) : NULL;
	return root && root->from && root->from->kind == PL_INSTR_FROM ? &root->from->as.from : NULL;
}

/* a and b name the same repository and tag (latest when none is written). */
static bool same_image(const pl_df_imageref *a, const pl_df_imageref *b)
{
	if (!a->path || !b->path || a->digest || b->digest)
		return false;
	const char *na = pl_rk_official_name(a), *nb = pl_rk_official_name(b);
	bool repo = na && nb ? strcmp(na, nb) == 0
	                     : strcmp(a->path, b->path) == 0 &&
	                           strcmp(a->registry ? a->registry : "", b->registry ? b->registry : "") == 0;
	return repo && strcmp(a->tag ? a->tag : "latest", b->tag ? b->tag : "latest") == 0;
}

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	const pl_compose_val *img = &b->service->image;
	if (!img->str || (img->interp && img->interp->uncertain))
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_df_imageref ref;
	pl_df_imageref_parse(&ref, a, img->str);
	const pl_df_from *base = base_of(b);
	if (base && !base->ref.has_vars && same_image(&ref, &base->ref)) {
		pl_diag *d = pl_report_compose(ctx, &img->at, true,
		                               "'%s' builds an image named '%s', the base image of its own "
		                               "Dockerfile: each build replaces the base the next one starts from",
		                               b->service->name, img->str);
		pl_note_add(ctx, d, b->dockerfile->src, base->image.span, "the Dockerfile starts from it here");
		return;
	}
	/* An official image plimsoll knows (any single name could be one; most are just local names). */
	pl_rk_image_facts f;
	pl_rk_image_facts_get(&f, &ref);
	if (pl_rk_official_name(&ref) && (f.known || pl_rk_image_env(&ref) == PL_RK_ENV_KNOWN))
		pl_report_compose(ctx, &img->at, true,
		                  "'%s' builds an image and names it '%s', the official Docker Hub image: the "
		                  "build replaces the local '%s' and 'docker compose push' would push to it; name "
		                  "the image after your project",
		                  b->service->name, img->str, img->str);
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3005 = {
	.id = "PL3005",
	.name = "build-overwrites-image",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Name a built image after the project, not after an official or base image",
	.on_project = on_project,
};
