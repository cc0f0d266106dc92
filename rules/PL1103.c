/*
** PL1103 no-empty-continuation: an empty line inside a continued
** instruction is skipped today, but BuildKit warns that a future release
** will treat it as an error (it ends the instruction for most readers
** anyway).  BuildKit's NoEmptyContinuation.  Docs: rules/PL1103.md
*/
#include "plimsoll/rule.h"

/* Line i holds only blanks. */
static bool blank_line(const pl_source *src, size_t i)
{
	pl_span ls = pl_source_line(src, i);
	for (size_t k = 0; k < ls.len; k++) {
		char c = src->text[ls.off + k];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v')
			return false;
	}
	return true;
}

/* Line i, its line break included (when it has one). */
static pl_span whole_line(const pl_source *src, size_t i)
{
	pl_span ls = pl_source_line(src, i);
	size_t end = i + 1 < src->nlines ? src->line_start[i + 1] : pl_span_end(ls);
	return pl_span_make(ls.off, end);
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!(in->bits & PL_DF_EMPTY_CONT) || in->parent)
		return;
	const pl_source *src = pl_ctx_source(ctx);
	size_t first = pl_source_line_index(src, in->span.off);
	size_t last = pl_source_line_index(src, pl_span_end(in->span));
	size_t empty = 0, resume = 0;
	bool found = false;
	for (size_t i = first + 1; i <= last; i++) {
		if (blank_line(src, i)) {
			if (!found)
				empty = i;
			found = true;
		} else if (found) {
			resume = i;
			break;
		}
	}
	if (NEVER(!found))
		return;
	pl_span at = pl_source_line(src, resume ? resume : empty);
	pl_diag *d = pl_report(ctx, at, resume ? "the instruction goes on here after an empty line, which a future BuildKit will refuse"
	                                       : "an empty line inside a continued instruction, which a future BuildKit will refuse");
	if (resume)
		pl_note_add(ctx, d, NULL, pl_source_line(src, empty), "the empty line");
	pl_fix *f = pl_fix_add(ctx, d, PL_FIX_SAFE, "remove the empty lines");
	for (size_t i = first + 1; i <= last; i++)
		if (blank_line(src, i))
			pl_fix_edit(ctx, f, whole_line(src, i), NULL);
}

static const char *const aliases[] = {"NoEmptyContinuation", NULL};

const pl_rule pl_rule_PL1103 = {
	.id = "PL1103",
	.name = "no-empty-continuation",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_SYNTAX,
	.fix = PL_FIX_SAFE,
	.summary = "Do not leave empty lines inside a continued instruction",
	.on_instr = {
		[PL_INSTR_FROM] = check, [PL_INSTR_RUN] = check, [PL_INSTR_CMD] = check,
		[PL_INSTR_LABEL] = check, [PL_INSTR_MAINTAINER] = check, [PL_INSTR_EXPOSE] = check,
		[PL_INSTR_ENV] = check, [PL_INSTR_ADD] = check, [PL_INSTR_COPY] = check,
		[PL_INSTR_ENTRYPOINT] = check, [PL_INSTR_VOLUME] = check, [PL_INSTR_USER] = check,
		[PL_INSTR_WORKDIR] = check, [PL_INSTR_ARG] = check, [PL_INSTR_ONBUILD] = check,
		[PL_INSTR_STOPSIGNAL] = check, [PL_INSTR_HEALTHCHECK] = check, [PL_INSTR_SHELL] = check,
	},
};
