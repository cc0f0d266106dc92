/*
** PL2106 require-project-name-field: the project has no top-level
** 'name', so Compose names it after the folder it is run from: the same
** file gives different container, network and volume names in another
** checkout.  dclint's rule of the same name; a COMPOSE_PROJECT_NAME in
** the project's .env also names it.  Docs: rules/PL2106.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/* An env file of the project sets COMPOSE_PROJECT_NAME. */
static bool env_names_project(const pl_compose *c)
{
	static const char var[] = "COMPOSE_PROJECT_NAME=";
	for (size_t i = 0; i < c->nfiles; i++) {
		const pl_source *src = c->files[i]->src;
		if (!c->files[i]->is_env)
			continue;
		for (size_t l = 0; l < src->nlines; l++) {
			pl_span ls = pl_source_line(src, l);
			const char *s = src->text + ls.off, *e = s + ls.len;
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			if ((size_t)(e - s) > 7 && memcmp(s, "export ", 7) == 0)
				s += 7;
			if ((size_t)(e - s) > sizeof(var) - 1 && memcmp(s, var, sizeof(var) - 1) == 0)
				return true;
		}
	}
	return false;
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	if (c->name.at.node || !c->nfiles)
		return;
	const pl_compose_file *main = c->files[0];
	if (!main->yaml.ndocs)
		return;
	const pl_yaml_node *root = main->yaml.docs[0].root;
	if (root->kind != PL_YAML_MAPPING || env_names_project(c))
		return;
	pl_span at = pl_span_make(main->src->bom, main->src->bom);
	if (root->as.map.n)
		at = root->as.map.pairs[0].key->span;
	pl_report_in(ctx, main->src, at,
	             "the project has no 'name': Compose names it after the folder it runs in");
}

const pl_rule pl_rule_PL2106 = {
	.id = "PL2106",
	.name = "require-project-name-field",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "The project has no top-level 'name'",
	.on_compose = check,
};
