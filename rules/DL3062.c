/*
** DL3062 go-pin-versions: `go install example.com/tool` (and go get, go
** run) fetches the newest release of the day, and `@latest` says so
** outright; `@v1.2.3` makes the build repeatable.  Local packages
** (./cmd/app, ., main.go) need no version.  Docs: rules/DL3062.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const subs[] = {"install", "get", "run", NULL};
/* go build flags that take a value (single or double dash). */
static const char *const valued[] = {
	"-o", "-p", "-C", "-mod", "-modfile", "-ldflags", "-gcflags", "-asmflags", "-tags",
	"-toolexec", "-overlay", "-pgo", "-buildmode", "-compiler", "-gccgoflags",
	"-installsuffix", "-pkgdir", "-exec", "-covermode", "-coverpkg", "--ldflags",
	"--gcflags", "--tags", "--mod", "--buildmode", "--exec", NULL};
/* Version queries that move: they name no fixed release. */
static const char *const moving[] = {"latest", "upgrade", "patch", "master", "main", "HEAD", NULL};

/* A local package or file, or a meta-package of the module. */
static bool local(const char *pkg)
{
	return pkg[0] == '/' || pl_str_starts(pkg, "./") || pl_str_starts(pkg, "../") ||
	       strcmp(pkg, ".") == 0 || strcmp(pkg, "..") == 0 || pl_str_ends(pkg, ".go") ||
	       strcmp(pkg, "all") == 0 || strcmp(pkg, "std") == 0 || strcmp(pkg, "cmd") == 0;
}

static bool pinned(const char *pkg)
{
	if (local(pkg))
		return true;
	const char *at = strrchr(pkg, '@');
	return at && !pl_rk_in_list(at + 1, moving);
}

static pl_diag *unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w, const char *pkg)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const pl_sh_word *sub = pl_rk_action(c, valued, subs);
	const char *at = strrchr(pkg, '@');
	const char *name = pl_rk_excerpt(a, at ? pl_arena_strndup(a, pkg, (size_t)(at - pkg)) : pkg);
	const char *how = sub ? sub->text : "install";
	if (at)
		return pl_report(ctx, w->span,
		                 "pin the version of '%s': @%s moves with every release (go %s %s@<version>)",
		                 name, pl_rk_excerpt(a, at + 1), how, name);
	return pl_report(ctx, w->span, "pin the version of '%s' (go %s %s@<version>)", name, how, name);
}

/* go run takes one package; the words after it are the program's arguments. */
static size_t select_packages(const pl_sh_cmd *c, const pl_sh_word **pkgs, size_t n)
{
	(void)pkgs;
	const pl_sh_word *sub = pl_rk_action(c, valued, subs);
	return n > 1 && sub && strcmp(sub->text, "run") == 0 ? 1 : n;
}

static const pl_rk_pin_spec spec = {"go", valued, subs, pinned, unpinned, select_packages};

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_pin_spec(ctx, in, &spec);
}

const pl_rule pl_rule_DL3062 = {
	.id = "DL3062",
	.name = "go-pin-versions",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Pin versions in go install, go get and go run",
	PL_RK_PIN_HOOKS(check_run),
};
