/*
** PL1002 full-base-image: the final image is built on the full variant
** of an official language image (python:3.12, node:22, golang:1.22 …),
** which carries compilers, headers and a whole Debian the app does not
** need at run time; a -slim or -alpine variant exists.  The table of
** images and their lean variants is data.  Docs: rules/PL1002.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef enum slim_style {
	SLIM_NONE,   /* no -slim variant */
	SLIM_BEFORE, /* 3.12-slim-bookworm: slim before the distribution */
	SLIM_AFTER,  /* 22-bookworm-slim: slim after it (node) */
} slim_style;

/* Official images whose default variant is the full buildpack-deps one, sorted by name. */
static const struct lean {
	const char *image;
	slim_style slim;
	bool alpine; /* an -alpine variant exists */
} images[] = {
	{"elixir", SLIM_BEFORE, true},  {"erlang", SLIM_BEFORE, true}, {"golang", SLIM_NONE, true},
	{"haskell", SLIM_BEFORE, false}, {"node", SLIM_AFTER, true},    {"openjdk", SLIM_BEFORE, false},
	{"perl", SLIM_BEFORE, false},    {"pypy", SLIM_BEFORE, false},  {"python", SLIM_BEFORE, true},
	{"ruby", SLIM_BEFORE, true},     {"rust", SLIM_BEFORE, true},
};

/* Debian and Ubuntu code names that end a tag (python:3.12-bookworm). */
static const char *const distros[] = {"bionic", "bookworm", "bullseye", "buster", "focal", "forky",
                                      "jammy", "jessie", "noble", "sid", "stretch", "trixie", "xenial"};

/* Markers of a variant that is not the full one. */
static const char *const lean_markers[] = {"slim", "alpine", "windowsservercore", "nanoserver"};

static const struct lean *find_image(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(images); i++)
		if (strcmp(images[i].image, name) == 0)
			return &images[i];
	return NULL;
}

/* The trailing distribution of a tag ("bookworm" of "3.12-bookworm"), or NULL; *rest_len is what comes before. */
static const char *tag_distro(const char *tag, size_t *rest_len)
{
	size_t n = strlen(tag);
	*rest_len = n;
	for (size_t i = 0; i < PL_ARRAY_LEN(distros); i++) {
		size_t d = strlen(distros[i]);
		if (n == d && strcmp(tag, distros[i]) == 0) {
			*rest_len = 0;
			return distros[i];
		}
		if (n > d && tag[n - d - 1] == '-' && strcmp(tag + n - d, distros[i]) == 0) {
			*rest_len = n - d - 1;
			return distros[i];
		}
	}
	return NULL;
}

/* The lean tags for a full one: slim (may be NULL) and alpine (may be NULL). */
static void lean_tags(pl_arena *a, const struct lean *img, const char *tag, const char **slim,
                      const char **alpine)
{
	size_t rn;
	const char *distro = tag_distro(tag, &rn);
	const char *rest = pl_arena_strndup(a, tag, rn);
	const char *sep = rn ? "-" : "";
	*slim = *alpine = NULL;
	if (img->slim == SLIM_BEFORE)
		*slim = distro ? pl_arena_printf(a, "%s%sslim-%s", rest, sep, distro)
		               : pl_arena_printf(a, "%s%sslim", rest, sep);
	else if (img->slim == SLIM_AFTER)
		*slim = distro ? pl_arena_printf(a, "%s%s%s-slim", rest, sep, distro)
		               : pl_arena_printf(a, "%s%sslim", rest, sep);
	if (img->alpine)
		*alpine = pl_arena_printf(a, "%s%salpine", rest, sep);
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st)
		return;
	const pl_df_stage *root = pl_rk_stage_root(st);
	const pl_df_from *from = &root->from->as.from;
	const char *name = pl_rk_official_name(&from->ref);
	const struct lean *img = name ? find_image(name) : NULL;
	if (!img)
		return;
	/* A base image for others (ONBUILD triggers, a bare interpreter) picks its variant on purpose. */
	for (const pl_df_stage *s = st; s; s = s->base)
		for (size_t i = 0; i < s->ninstrs; i++)
			if (s->instrs[i]->kind == PL_INSTR_ONBUILD)
				return;
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, pl_ctx_arena(ctx), st, NULL);
	if (ic.bare)
		return;
	const char *tag = from->ref.tag ? from->ref.tag : "";
	for (size_t i = 0; i < PL_ARRAY_LEN(lean_markers); i++)
		if (strstr(tag, lean_markers[i]))
			return;
	pl_arena *a = pl_ctx_arena(ctx);
	const char *slim, *alpine;
	lean_tags(a, img, tag, &slim, &alpine);
	const char *first = slim ? slim : alpine;
	pl_diag *d;
	if (slim && alpine)
		d = pl_report(ctx, from->image.span,
		              "'%s:%s' is the full image, with compilers and headers the app does not need "
		              "to run: use '%s:%s' or '%s:%s'",
		              name, *tag ? tag : "latest", name, slim, name, alpine);
	else
		d = pl_report(ctx, from->image.span,
		              "'%s:%s' is the full image, with compilers and headers the app does not need "
		              "to run: use '%s:%s'",
		              name, *tag ? tag : "latest", name, first);
	/* The fix swaps the tag of a plain reference; a digest pins the full image, so leave it. */
	const char *word = from->image.value;
	if (from->ref.digest || strcmp(word, from->image.raw) != 0 || strcmp(word, from->ref.text) != 0)
		return;
	size_t keep = strlen(word) - (from->ref.tag ? strlen(from->ref.tag) + 1 : 0);
	const char *fixed = pl_arena_printf(a, "%.*s:%s", (int)keep, word, first);
	pl_fix_replace(ctx, d, PL_FIX_UNSAFE, pl_arena_printf(a, "use '%s'", fixed), from->image.span,
	               fixed);
}

const pl_rule pl_rule_PL1002 = {
	.id = "PL1002",
	.name = "full-base-image",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Build the final image on a -slim or -alpine variant of the language image",
	.on_end = on_end,
};
