/*
** PL1113 invalid-definition-description: BuildKit reads the comment
** right above an ARG or a named FROM as the description of that build
** argument or stage (`docker buildx build --call=outline` shows it) when
** it starts with the name: `# version the release to package`.  A
** comment there that starts otherwise is either a description with the
** wrong name or not meant as one: then leave an empty line or an empty
** `#` between.  Off by default, as in BuildKit (experimental there): turn
** it on with `# check=experimental=InvalidDefinitionDescription` or
** --select.  BuildKit's InvalidDefinitionDescription.
** Docs: rules/PL1113.md
*/
#include <string.h>

#include "plimsoll/rule.h"

typedef struct state {
	const pl_df_comment **above; /* per instruction index: the last comment line before it, or NULL */
} state;

static bool is_directive(const pl_dockerfile *df, const pl_df_comment *c)
{
	for (size_t i = 0; i < df->ndirectives; i++)
		if (df->directives[i].span.off <= c->span.off && c->span.off < pl_span_end(df->directives[i].span))
			return true;
	return false;
}

/* A pragma, not prose: `# check=…`, `# hadolint …`, `# plimsoll …`. */
static bool is_pragma(const pl_df_comment *c)
{
	return pl_str_starts(c->text, "check=") || pl_str_starts(c->text, "hadolint ") ||
	       pl_str_starts(c->text, "plimsoll ");
}

static void begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	st->above = pl_arena_alloc(pl_ctx_arena(ctx), (df->ninstrs + 1) * sizeof(*st->above));
	for (size_t i = 0; i < df->ncomments; i++) {
		const pl_df_comment *c = &df->comments[i];
		if (!c->in_continuation && c->next_instr < df->ninstrs)
			st->above[c->next_instr] = is_directive(df, c) || is_pragma(c) ? NULL : c;
	}
}

/*
** The description comment of in: the comment on the line right above it
** (an empty line between means none), not empty.  NULL when none.
*/
static const pl_df_comment *description(pl_ctx *ctx, const pl_df_instr *in)
{
	const state *st = pl_ctx_state(ctx);
	const pl_df_comment *c = st->above[in->index];
	if (!c || !*c->text)
		return NULL;
	const pl_source *src = pl_ctx_source(ctx);
	if (pl_source_line_index(src, c->span.off) + 1 != pl_source_line_index(src, in->span.off))
		return NULL;
	return c;
}

/* The first word of the comment (up to a blank). */
static size_t first_word(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

static void check_arg(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->nkvs)
		return;
	const pl_df_comment *c = description(ctx, in);
	if (!c)
		return;
	size_t n = first_word(c->text);
	for (size_t i = 0; i < in->nkvs; i++)
		if (strlen(in->kvs[i].key) == n && memcmp(in->kvs[i].key, c->text, n) == 0)
			return;
	pl_diag *d = in->nkvs == 1
	                 ? pl_report(ctx, in->kvs[0].key_span,
	                             "the comment above describes ARG '%s' only if it starts with its name: "
	                             "'# %s <description>'", in->kvs[0].key, in->kvs[0].key)
	                 : pl_report(ctx, pl_span_join(in->kvs[0].span, in->kvs[in->nkvs - 1].span),
	                             "the comment above describes this ARG only if it starts with one of its names: "
	                             "'# <name> <description>'");
	pl_note_add(ctx, d, NULL, c->span, "the comment (leave an empty line before the ARG if it is not a description)");
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_word *name = &in->as.from.name;
	if (in->parent || !name->span.len || !name->value)
		return;
	const pl_df_comment *c = description(ctx, in);
	if (!c)
		return;
	/* BuildKit knows the stage by its lowercased name. */
	char *lower = pl_arena_strdup(pl_ctx_arena(ctx), name->value);
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	size_t n = first_word(c->text);
	if (strlen(lower) == n && memcmp(lower, c->text, n) == 0)
		return;
	pl_diag *d = pl_report(ctx, name->span, "the comment above describes stage '%s' only if it starts with its name: "
	                       "'# %s <description>'", lower, lower);
	pl_note_add(ctx, d, NULL, c->span, "the comment (leave an empty line before the FROM if it is not a description)");
}

static const char *const aliases[] = {"InvalidDefinitionDescription", NULL};

const pl_rule pl_rule_PL1113 = {
	.id = "PL1113",
	.name = "invalid-definition-description",
	.aliases = aliases,
	.buildkit = true,
	.off_by_default = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_MAINTAINABILITY,
	.summary = "A comment right above ARG or FROM … AS describes it: start it with the name",
	.state_size = sizeof(state),
	.on_begin = begin,
	.on_instr = {[PL_INSTR_ARG] = check_arg, [PL_INSTR_FROM] = check_from},
};
