/*
** DL1001 inline-ignore: `# hadolint ignore=…` and `# plimsoll ignore=…`
** (stage ones too) scatter exceptions through Dockerfiles, where nobody
** reviews them together.  Off by default: for teams that keep every
** exception in the configuration file.  Global pragmas are file-wide
** settings and are not reported.  Docs: rules/DL1001.md
*/
#include <string.h>

#include "plimsoll/rule.h"

/* p starts with word w followed by a blank or the end; returns what follows, blanks skipped. */
static const char *word(const char *p, const char *w, bool need_blank)
{
	size_t n = strlen(w);
	if (strncmp(p, w, n) != 0)
		return NULL;
	size_t b = strspn(p + n, " \t");
	return need_blank && b == 0 ? NULL : p + n + b;
}

/* `hadolint|plimsoll [stage] ignore = NAME…` */
static bool is_inline_ignore(const char *text)
{
	const char *p = text + strspn(text, " \t"), *q;
	if (!(q = word(p, "hadolint", true)) && !(q = word(p, "plimsoll", true)))
		return false;
	const char *s = word(q, "stage", true);
	q = word(s ? s : q, "ignore", false);
	if (!q || *q != '=')
		return false;
	q += 1 + strspn(q + 1, " \t");
	return *q && *q != '#' && *q != ',';
}

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	for (size_t i = 0; i < df->ncomments; i++) {
		const pl_df_comment *c = &df->comments[i];
		if (is_inline_ignore(c->text))
			pl_report(ctx, c->span, "inline ignore pragma: keep exceptions in the configuration file "
			          "('ignored' in .hadolint.yaml or .plimsoll.yaml)");
	}
}

const pl_rule pl_rule_DL1001 = {
	.id = "DL1001",
	.name = "inline-ignore",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.off_by_default = true,
	.summary = "Do not use inline ignore pragmas",
	.on_begin = on_begin,
};
