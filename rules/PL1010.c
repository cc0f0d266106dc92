/*
** PL1010 build-tools-in-final-stage: a single-stage build that installs
** compilers and headers (build-essential, gcc, make, *-dev, apk
** build-base …) ships them in the image the app runs in: hundreds of
** megabytes and a toolchain for whoever gets in.  A build stage compiles
** and the final stage copies only the results.  A RUN that removes
** what it installed (apk del .build-deps, apt-get purge) is fine, and
** images with no command of their own (toolchain and base images) are
** left alone.  Docs: rules/PL1010.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {
	"autoconf", "automake", "build-base", "build-essential", "clang", "cmake", "g++", "gcc",
	"gcc-c++", "gfortran", "libtool", "linux-headers", "make", "pkg-config", "pkgconf", "pkgconfig",
};

/* A package name (version suffix dropped) that is a compiler, a build tool or headers. */
static bool build_tool(const char *pkg, size_t n)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(tools); i++)
		if (strlen(tools[i]) == n && memcmp(pkg, tools[i], n) == 0)
			return true;
	return (n > 4 && memcmp(pkg + n - 4, "-dev", 4) == 0) ||
	       (n > 6 && memcmp(pkg + n - 6, "-devel", 6) == 0);
}

/* c is a package manager installing packages. */
static bool installs(const pl_sh_cmd *c)
{
	if (pl_rk_is_apt_get_install(c) || (pl_sh_cmd_is(c, "apt") && pl_sh_cmd_subcommand_is(c, "install")))
		return true;
	if (pl_sh_cmd_is(c, "apk"))
		return pl_sh_cmd_subcommand_is(c, "add");
	if (pl_sh_cmd_is(c, "yum") || pl_sh_cmd_is(c, "dnf") || pl_sh_cmd_is(c, "microdnf"))
		return pl_sh_cmd_subcommand_is(c, "install");
	if (pl_sh_cmd_is(c, "zypper"))
		return pl_sh_cmd_subcommand_is(c, "install") || pl_sh_cmd_subcommand_is(c, "in");
	return false;
}

/* c removes packages again (in the same RUN, so they never reach a layer). */
static bool removes(const pl_sh_cmd *c)
{
	if (pl_sh_cmd_is(c, "apt-get") || pl_sh_cmd_is(c, "apt"))
		return pl_sh_cmd_subcommand_is(c, "purge") || pl_sh_cmd_subcommand_is(c, "remove") ||
		       pl_sh_cmd_subcommand_is(c, "autoremove");
	if (pl_sh_cmd_is(c, "apk"))
		return pl_sh_cmd_subcommand_is(c, "del");
	if (pl_sh_cmd_is(c, "yum") || pl_sh_cmd_is(c, "dnf") || pl_sh_cmd_is(c, "microdnf"))
		return pl_sh_cmd_subcommand_is(c, "remove") || pl_sh_cmd_subcommand_is(c, "erase") ||
		       pl_sh_cmd_subcommand_is(c, "autoremove");
	if (pl_sh_cmd_is(c, "zypper"))
		return pl_sh_cmd_subcommand_is(c, "remove") || pl_sh_cmd_subcommand_is(c, "rm");
	return false;
}

typedef struct found {
	pl_span span;       /* the first build-tool package word */
	const char *names;  /* 'gcc', 'libpq-dev' */
} found;

typedef struct state {
	PL_VEC(found) runs; /* one per RUN that installs build tools, in order */
} state;

static void on_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (in->parent || !in->sh)
		return;
	static const char *const valued[] = {"-o", "-t", "-c", "--target-release", "--virtual",
	                                     "--repository", "-X", "--root", "-p", NULL};
	pl_arena *a = pl_ctx_arena(ctx);
	PL_VEC(char) names = {0};
	pl_span first = {0, 0};
	size_t count = 0;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (removes(c))
			return;
		if (!installs(c))
			continue;
		const pl_sh_word *ops[64];
		size_t n = pl_sh_cmd_operands(c, valued, ops, 64);
		for (size_t k = 1; k < n && k < 64; k++) { /* ops[0] is the verb */
			const char *p = ops[k]->text;
			size_t len = strcspn(p, "=<>~");
			if (!build_tool(p, len))
				continue;
			if (!count)
				first = ops[k]->span;
			if (count++ < 4) {
				const char *q = pl_arena_printf(a, "%s'%.*s'", names.n ? ", " : "", (int)len, p);
				for (; *q; q++)
					*PL_VEC_PUSH(a, &names) = *q;
			}
		}
	}
	if (!count)
		return;
	if (count > 4)
		for (const char *q = ", …"; *q; q++)
			*PL_VEC_PUSH(a, &names) = *q;
	*PL_VEC_PUSH(a, &names) = '\0';
	state *st = pl_ctx_state(ctx);
	found *f = PL_VEC_PUSH(a, &st->runs);
	f->span = first;
	f->names = names.v;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	const pl_df_stage *last = pl_rk_final_stage(df);
	if (!st->runs.n || !last)
		return;
	/* Single-stage: every stage ends up in the final image (FROM <stage> chains count as one). */
	size_t in_chain = 0;
	for (const pl_df_stage *s = last; s; s = s->base)
		in_chain++;
	if (in_chain != df->nstages)
		return;
	/* An image with no command of its own, or a bare interpreter, is a toolchain or base image. */
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, pl_ctx_arena(ctx), last, NULL);
	if (!ic.sh || ic.bare)
		return;
	for (size_t i = 0; i < st->runs.n; i++)
		pl_report(ctx, st->runs.v[i].span,
		          "%s install compilers and headers that stay in the image the app runs in: "
		          "build in a separate stage and copy only the results into the final one",
		          st->runs.v[i].names);
}

const pl_rule pl_rule_PL1010 = {
	.id = "PL1010",
	.name = "build-tools-in-final-stage",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Compile in a build stage, not in the image the app runs in",
	.state_size = sizeof(state),
	.on_instr = {[PL_INSTR_RUN] = on_run},
	.on_end = on_end,
};
