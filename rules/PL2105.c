/*
** PL2105 no-version-field: the top-level 'version' key.  Compose v2
** ignores it (and warns that it is obsolete); the file format is the
** Compose Specification whatever it says.  dclint's rule of the same
** name; the fix deletes the key's lines.  Docs: rules/PL2105.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The lines of pair p (key first on its line, nothing after the value but a comment), or false. */
static bool pair_lines(const pl_source *src, const pl_yaml_pair *p, pl_span *out)
{
	size_t k = p->key->span.off, end = pl_span_end(p->value->span);
	if (end < pl_span_end(p->key->span))
		end = pl_span_end(p->key->span);
	size_t kl = pl_source_line_index(src, k), vl = pl_source_line_index(src, end ? end - 1 : 0);
	pl_span first = pl_source_line(src, kl), last = pl_source_line(src, vl);
	for (size_t q = first.off; q < k; q++)
		if (src->text[q] != ' ' && !(q < src->bom))
			return false;
	for (size_t q = end; q < pl_span_end(last); q++) {
		if (src->text[q] == '#')
			break;
		if (src->text[q] != ' ' && src->text[q] != '\t')
			return false;
	}
	size_t start = first.off < src->bom ? src->bom : first.off;
	size_t stop = vl + 1 < src->nlines ? pl_source_line(src, vl + 1).off : src->len;
	/* Between blank lines (or at the top), one of them goes too, so no double gap is left. */
	bool blank_above = kl == 0 || pl_source_line(src, kl - 1).len == 0;
	if (blank_above && vl + 2 < src->nlines && pl_source_line(src, vl + 1).len == 0)
		stop = pl_source_line(src, vl + 2).off;
	*out = pl_span_make(start, stop);
	return true;
}

static void check_doc(pl_ctx *ctx, pl_rk_doc *doc)
{
	const pl_yaml_node *root = doc->root;
	if (root->kind != PL_YAML_MAPPING || pl_yaml_is_alias(root))
		return;
	for (size_t i = 0; i < root->as.map.info->nwritten; i++) {
		const pl_yaml_pair *p = &root->as.map.pairs[i];
		if (!pl_yaml_str_eq(p->key, "version"))
			continue;
		pl_diag *d = pl_report_in(ctx, doc->f->src, p->key->span,
		                          "'version' is obsolete: Compose ignores it and warns");
		pl_span lines;
		if (pl_rk_compose_fixable(ctx, doc->f) && pair_lines(doc->f->src, p, &lines))
			pl_fix_replace(ctx, d, PL_FIX_SAFE, "remove 'version'", lines, NULL);
	}
}

static void check(pl_ctx *ctx, const pl_compose *c)
{
	pl_rk_compose_each_doc(ctx, c, check_doc);
}

const pl_rule pl_rule_PL2105 = {
	.id = "PL2105",
	.name = "no-version-field",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_MAINTAINABILITY,
	.fix = PL_FIX_SAFE,
	.summary = "The top-level 'version' key is obsolete",
	.on_compose = check,
};
