/*
** DL3060 yarn-cache-clean: yarn (1.x) copies every package it fetches
** into its global cache; unless the same RUN runs `yarn cache clean`
** after installing, the cache ships in the layer next to node_modules.
** Only stages that reach an image count.  Docs: rules/DL3060.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const tools[] = {"yarn", NULL};
/* Where yarn keeps its cache: root's, the official node images' (as root), user node's. */
static const char *const dirs[] = {"/root/.cache/yarn", "/usr/local/share/.cache/yarn",
                                   "/home/node/.cache/yarn", "/root/.yarn/berry/cache", NULL};
/* Options that take a value. */
static const char *const valued[] = {"--cwd", "--cache-folder", "--modules-folder",
                                     "--global-folder", "--mutex", "--network-timeout",
                                     "--network-concurrency", "--registry", "--link-folder",
                                     "--preferred-cache-folder", "--use-yarnrc", "--proxy",
                                     "--https-proxy", "--otp", NULL};

/* yarn install, yarn add, yarn global add, and plain `yarn` (which installs, unless it only asks for its version or help). */
static const pl_sh_word *fills(const pl_sh_cmd *c)
{
	static const char *const info[] = {"-v", "--version", "-h", "--help", NULL};
	const pl_sh_word *ops[2] = {NULL, NULL};
	size_t n = pl_sh_cmd_operands(c, valued, ops, 2);
	if (n == 0)
		return pl_sh_cmd_has_any_flag(c, info) ? NULL : &c->words[c->argv0];
	if (strcmp(ops[0]->text, "install") == 0 || strcmp(ops[0]->text, "add") == 0)
		return ops[0];
	return n > 1 && strcmp(ops[0]->text, "global") == 0 && strcmp(ops[1]->text, "add") == 0 ? ops[1]
	                                                                                       : NULL;
}

/* yarn cache clean, or `yarn cache dir` in a substitution: rm -rf "$(yarn cache dir)". */
static bool cleans(const pl_sh_cmd *c)
{
	const pl_sh_word *ops[2] = {NULL, NULL};
	if (pl_sh_cmd_operands(c, valued, ops, 2) < 2 || strcmp(ops[0]->text, "cache") != 0)
		return false;
	return strcmp(ops[1]->text, "clean") == 0 ||
	       (strcmp(ops[1]->text, "dir") == 0 && (c->ctx & PL_SH_IN_SUBST));
}

static const pl_rk_cache_spec spec = {tools, fills, cleans, dirs, "cache clean"};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_cache(ctx, in, &spec);
}

const pl_rule pl_rule_DL3060 = {
	.id = "DL3060",
	.name = "yarn-cache-clean",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_EFFICIENCY,
	.summary = "Run yarn cache clean after yarn install",
	PL_RK_CACHE_HOOKS(check_run),
};
