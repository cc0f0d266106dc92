/*
** PL2012 build-context-missing: a service builds from a folder or a
** Dockerfile that is not there, so `docker compose build` (and `up`)
** fails.  The project layer looks at the file system once
** (src/project.c); this rule reads its verdicts.  Remote contexts and
** paths that hold an unset variable are not checked.
** Docs: rules/PL2012.md
*/
#include "plimsoll/project.h"
#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	const pl_compose_build *bd = &b->service->build;
	/* Where the context is written; the 'build' key when it defaults to ".". */
	const pl_compose_loc *cat = bd->context.at.node ? &bd->context.at : &bd->at;
	bool cvalue = bd->context.at.node != NULL;
	const char *cname = bd->context.at.node ? bd->context.str : ".";
	if (b->context_fs == PL_PROJECT_FS_MISSING) {
		pl_report_compose(ctx, cat, cvalue,
		                  "the build context '%s' of '%s' does not exist: 'docker compose build' fails",
		                  cname, b->service->name);
		return;
	}
	if (b->context_fs == PL_PROJECT_FS_WRONG) {
		pl_report_compose(ctx, cat, cvalue, "the build context '%s' of '%s' is a file, not a folder",
		                  cname, b->service->name);
		return;
	}
	const pl_compose_loc *dat = bd->dockerfile.at.node ? &bd->dockerfile.at : cat;
	bool dvalue = bd->dockerfile.at.node ? true : cvalue;
	const char *dname = bd->dockerfile.at.node ? bd->dockerfile.str : "Dockerfile";
	if (b->dockerfile_fs == PL_PROJECT_FS_MISSING && b->alternative)
		pl_report_compose(ctx, dat, dvalue,
		                  "there is no '%s' in the build context '%s' of '%s', only a '%s': name it with "
		                  "'dockerfile: %s'",
		                  dname, cname, b->service->name, b->alternative, b->alternative);
	else if (b->dockerfile_fs == PL_PROJECT_FS_MISSING)
		pl_report_compose(ctx, dat, dvalue,
		                  "there is no '%s' in the build context '%s' of '%s': 'docker compose build' fails",
		                  dname, cname, b->service->name);
	else if (b->dockerfile_fs == PL_PROJECT_FS_WRONG)
		pl_report_compose(ctx, dat, dvalue, "the Dockerfile '%s' of '%s' is a folder, not a file", dname,
		                  b->service->name);
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL2012 = {
	.id = "PL2012",
	.name = "build-context-missing",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Build from a context folder and a Dockerfile that exist",
	.on_project = on_project,
};
