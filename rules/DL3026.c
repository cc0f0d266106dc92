/*
** DL3026 trusted-registries: with `trusted-registries` configured, every
** image the build pulls (FROM, COPY --from, RUN --mount=from=) must come
** from one of them.  Docker Hub is the registry of an image written
** without one.  Docs: rules/DL3026.md
*/
#include <string.h>
#include <strings.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef struct state {
	pl_rk_stages stages; /* --from values that name a stage, not an image */
} state;

/* Docker Hub's names: an image without a registry is pulled from it. */
static const char *const hub_names[] = {"docker.io", "hub.docker.com", "index.docker.io",
                                        "registry-1.docker.io"};

/* allow ("*", "*.corp.com", "registry.corp.*" or a name) admits registry. */
static bool matches(const char *allow, const char *registry)
{
	size_t na = strlen(allow), nr = strlen(registry);
	if (!na)
		return false;
	if (strcmp(allow, "*") == 0)
		return true;
	if (allow[0] == '*')
		return nr >= na - 1 && pl_str_ieq(registry + nr - (na - 1), allow + 1);
	if (allow[na - 1] == '*')
		return nr >= na - 1 && strncasecmp(registry, allow, na - 1) == 0;
	return pl_str_ieq(allow, registry);
}

static bool trusted(const pl_strlist *allowed, const char *registry)
{
	for (size_t i = 0; i < allowed->n; i++)
		if (matches(allowed->v[i], registry))
			return true;
	return false;
}

static bool is_hub(const char *registry)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(hub_names); i++)
		if (pl_str_ieq(registry, hub_names[i]))
			return true;
	return false;
}

/* Report ref at span when its registry is not trusted. */
static void check_ref(pl_ctx *ctx, pl_span span, const pl_df_imageref *ref)
{
	const pl_strlist *allowed = &pl_ctx_config(ctx)->trusted_registries;
	if (ref->scratch || ref->has_vars || !ref->text || !*ref->text)
		return;
	const char *reg = ref->registry;
	if (reg && trusted(allowed, reg))
		return;
	if (!reg || is_hub(reg)) {
		for (size_t i = 0; i < PL_ARRAY_LEN(hub_names); i++)
			if (trusted(allowed, hub_names[i]))
				return;
	}
	pl_report(ctx, span, "image '%s' comes from registry '%s', which is not in trusted-registries",
	          pl_rk_excerpt(pl_ctx_arena(ctx), ref->text), reg ? reg : "docker.io");
}

/* An image named by a --from value (not a stage, no variable): check it. */
static void check_from_value(pl_ctx *ctx, pl_span span, const char *value)
{
	state *st = pl_ctx_state(ctx);
	if (!value || !*value || pl_rk_has_var(value) || pl_rk_stages_find(&st->stages, value))
		return;
	pl_df_imageref ref;
	pl_df_imageref_parse(&ref, pl_ctx_arena(ctx), value);
	check_ref(ctx, span, &ref);
}

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	if (pl_ctx_config(ctx)->trusted_registries.n)
		pl_rk_stages_init(&st->stages, pl_ctx_arena(ctx), df);
}

static void check_image(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!pl_ctx_config(ctx)->trusted_registries.n || in->as.from.base)
		return;
	check_ref(ctx, in->as.from.image.span, &in->as.from.ref);
}

static void check_copy(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_df_flag *f = pl_df_flag_find(in, "from");
	if (f && pl_ctx_config(ctx)->trusted_registries.n)
		check_from_value(ctx, f->value_span.len ? f->value_span : f->span, f->value);
}

/* Span of "from=VALUE"'s value inside the --mount flag, or the whole flag. */
static pl_span mount_from_span(pl_ctx *ctx, const pl_rk_mount *m, const pl_df_flag *flag)
{
	const char *raw = pl_ctx_text(ctx, flag->value_span);
	size_t n = strlen(m->from);
	for (const char *p = raw; (p = strstr(p, "from=")) != NULL; p += 5) {
		if ((p == raw || p[-1] == ',') && strncmp(p + 5, m->from, n) == 0)
			return (pl_span){flag->value_span.off + (size_t)(p + 5 - raw), n};
	}
	return m->span;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!pl_ctx_config(ctx)->trusted_registries.n)
		return;
	pl_rk_mount *m;
	size_t n = pl_rk_mounts(pl_ctx_arena(ctx), in, &m);
	size_t k = 0; /* index of the --mount flag that gave m[i] */
	for (size_t i = 0; i < n; i++) {
		while (k < in->nflags && (strcmp(in->flags[k].name, "mount") != 0 || !in->flags[k].value ||
		                          in->flags[k].span.off != m[i].span.off))
			k++;
		if (m[i].from && k < in->nflags)
			check_from_value(ctx, mount_from_span(ctx, &m[i], &in->flags[k]), m[i].from);
	}
}

const pl_rule pl_rule_DL3026 = {
	.id = "DL3026",
	.name = "trusted-registries",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_SECURITY,
	.summary = "Pull images only from the trusted registries",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_FROM] = check_image, [PL_INSTR_COPY] = check_copy,
	             [PL_INSTR_RUN] = check_run},
};
