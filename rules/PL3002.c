/*
** PL3002 healthcheck-tool-missing: a healthcheck that runs curl or wget
** in an image that has neither fails every time, and the container is
** marked unhealthy though the app is fine.  The -slim images have
** neither, alpine has only BusyBox's wget, distroless and scratch have
** nothing (src/imagefacts.c).  Compose's 'healthcheck:' replaces the
** image's HEALTHCHECK, so that is the one checked when it is there.  A
** package install (apt-get, apk, …) or a COPY of the program in a stage
** the image is built from puts it there.  Docs: rules/PL3002.md
*/
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The image the service runs, into *ref; false when it is not known. */
static bool image_of(pl_arena *a, const pl_compose_service *s, const pl_project_build *b,
                     const pl_df_imageref **ref)
{
	if (b) {
		const pl_df_stage *root = b->stage ? pl_rk_stage_root(b->stage) : NULL;
		if (!root || !root->from || root->from->kind != PL_INSTR_FROM)
			return false;
		*ref = &root->from->as.from.ref;
		return true;
	}
	if (!s->image.str || (s->image.interp && s->image.interp->uncertain))
		return false;
	pl_df_imageref *r = pl_arena_alloc(a, sizeof(*r));
	pl_df_imageref_parse(r, a, s->image.str);
	*ref = r;
	return true;
}

static void check(pl_ctx *ctx, const pl_project *p, const pl_compose_service *s)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const pl_project_build *b = pl_project_build_of(p, s);
	const pl_df_imageref *ref;
	pl_rk_image_facts f;
	if (!image_of(a, s, b, &ref))
		return;
	pl_rk_image_facts_get(&f, ref);
	if (!f.known || (f.curl != PL_RK_TOOL_NONE && f.wget != PL_RK_TOOL_NONE))
		return;

	const pl_source *src;
	const pl_sh_script *sh = pl_rk_service_healthcheck(a, s, b, &src);
	bool said_curl = false, said_wget = false;
	for (size_t i = 0; sh && i < sh->ncmds; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		bool curl = pl_sh_cmd_is(c, "curl"), wget = pl_sh_cmd_is(c, "wget");
		if ((!curl && !wget) || (curl && (said_curl || f.curl != PL_RK_TOOL_NONE)) ||
		    (wget && (said_wget || f.wget != PL_RK_TOOL_NONE)))
			continue;
		const char *tool = curl ? "curl" : "wget";
		if (b && pl_rk_stage_installs(b->stage, tool))
			continue;
		said_curl |= curl;
		said_wget |= wget;
		const char *how = f.pm && strcmp(f.pm, "apk") == 0
		                      ? pl_arena_printf(a, "install it (apk add --no-cache %s)", tool)
		                  : f.pm ? pl_arena_printf(a, "install it (apt-get install -y --no-install-recommends %s)", tool)
		                         : pl_arena_printf(a, "copy a static %s binary into the image", tool);
		const char *alt = f.probe ? pl_arena_printf(a, ", or check with %s", f.probe) : "";
		pl_diag *d = pl_report_in(ctx, src, c->words[c->argv0].span,
		                          "the healthcheck of '%s' runs '%s', which '%s' does not have (%s): %s%s",
		                          s->name, tool, ref->text, f.what, how, alt);
		if (b && src != b->dockerfile->src)
			pl_note_add(ctx, d, b->dockerfile->src, pl_rk_stage_root(b->stage)->from->as.from.image.span,
			            "the image is built from '%s'", ref->text);
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->compose->nservices; i++)
		check(ctx, p, &p->compose->services[i]);
}

const pl_rule pl_rule_PL3002 = {
	.id = "PL3002",
	.name = "healthcheck-tool-missing",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Run the healthcheck with a program the image has",
	.on_project = on_project,
};
