/*
** DL3010 add-to-extract: a tar archive COPY'd into the image and then
** unpacked by a later RUN of the same stage is stored twice (the layer
** with the archive stays); ADD unpacks a local tar archive in one step.
** Only tar archives count: ADD leaves a plain .gz or a .zip as it is.
** Docs: rules/DL3010.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct archive {
	pl_span span;  /* the COPY word that names it */
	bool tarball;  /* a tar archive by its name (.tar, .tar.gz, .tgz, …), not just compressed */
	bool reported;
} archive;

typedef struct state {
	const pl_df_stage *stage; /* stage the map is for */
	pl_rk_map names;          /* basename -> archive, COPY'd in this stage so far */
} state;

/* .tar, .tar.<compression>, or a short form such as .tgz. */
static bool is_tarball(const char *name)
{
	static const char *const short_forms[] = {".tgz", ".tb2", ".tbz", ".tbz2", ".tlz", ".tpz", ".txz", ".tZ"};
	if (strstr(name, ".tar") && (pl_str_ends(name, ".tar") || strstr(name, ".tar.")))
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(short_forms); i++)
		if (pl_str_ends(name, short_forms[i]))
			return true;
	return false;
}

static state *stage_state(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (st->stage != in->stage) {
		memset(&st->names, 0, sizeof(st->names));
		st->stage = in->stage;
	}
	return st;
}

static void remember(pl_ctx *ctx, state *st, const pl_df_word *w)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const char *base = pl_rk_basename(a, w->raw ? w->raw : w->value);
	if (!pl_rk_is_archive(base))
		return;
	archive *ar = pl_arena_alloc(a, sizeof(*ar));
	ar->span = w->span;
	ar->tarball = is_tarball(base);
	pl_rk_map_put(&st->names, a, base, strlen(base), ar);
}

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || pl_df_flag_find(in, "from"))
		return;
	state *st = stage_state(ctx, in);
	const pl_df_copy *cp = &in->as.copy;
	if (cp->dest.span.len && pl_rk_is_archive(pl_rk_basename(pl_ctx_arena(ctx), cp->dest.value))) {
		remember(ctx, st, &cp->dest);
		return;
	}
	for (size_t i = 0; i < cp->nsrcs; i++)
		remember(ctx, st, &cp->srcs[i]);
}

/* tar -x, --extract or --get, or old-style `tar xf …`. */
static bool tar_extracts(const pl_sh_cmd *c)
{
	if (pl_sh_cmd_has_any_flag(c, (const char *const[]){"-x", "--extract", "--get", NULL}))
		return true;
	const pl_sh_word *first = pl_sh_cmd_arg(c, 0);
	return first && first->text[0] != '-' && strchr(first->text, 'x') &&
	       strspn(first->text, "AcdrtuxCfjJzZvpPwkUWSlmOoBghKMNRTVX") == strlen(first->text);
}

/* Decompressors and tools run with -d: they unpack only when the archive is a tarball. */
static bool decompresses(const pl_sh_cmd *c)
{
	static const char *const tools[] = {"bunzip2", "bzcat", "gunzip", "gzcat", "lzcat", "uncompress",
	                                    "unlzma", "unxz", "unzip", "unzstd", "xzcat", "zcat", "zgz",
	                                    "zstdcat"};
	for (size_t i = 0; i < PL_ARRAY_LEN(tools); i++)
		if (pl_sh_cmd_is(c, tools[i]))
			return true;
	static const char *const with_d[] = {"bzip2", "gzip", "lzma", "xz", "zstd"};
	for (size_t i = 0; i < PL_ARRAY_LEN(with_d); i++)
		if (pl_sh_cmd_is(c, with_d[i]))
			return pl_sh_cmd_has_any_flag(c, (const char *const[]){"-d", "--decompress", NULL});
	return false;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->sh)
		return;
	state *st = stage_state(ctx, in);
	if (!st->names.n)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		bool tar = pl_sh_cmd_is(c, "tar") && tar_extracts(c);
		if (!tar && !decompresses(c))
			continue;
		for (size_t k = c->argv0 + 1; k < c->nwords; k++) {
			const char *base = pl_rk_basename(a, c->words[k].text);
			archive *ar = pl_rk_map_get(&st->names, base, strlen(base));
			if (!ar || ar->reported || !(tar || ar->tarball))
				continue;
			ar->reported = true;
			pl_diag *d = pl_report(ctx, ar->span,
			                       "use ADD to copy and unpack '%s' in one step instead of "
			                       "COPY and a later extraction", base);
			pl_note_add(ctx, d, NULL, c->span, "it is unpacked here");
		}
	}
}

const pl_rule pl_rule_DL3010 = {
	.id = "DL3010",
	.name = "add-to-extract",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Use ADD to copy and unpack a local tar archive",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_COPY] = check_copy, [PL_INSTR_RUN] = check_run},
};
