/* Unit tests: .dockerignore parsing and matching, context listing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/context.h"

static bool ignored(const char *ignore_text, const char *path)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, ".dockerignore", ignore_text, strlen(ignore_text));
	pl_build_context c = {0};
	pl_context_parse_ignore(&c, &a, &src);
	bool r = pl_context_ignored(&c, path);
	pl_arena_free(&a);
	return r;
}

static void test_matching(void **state)
{
	(void)state;
	static const struct {
		const char *ignore, *path;
		bool want;
	} cases[] = {
		{".git\n", ".git", true},
		{".git\n", ".git/config", true},           /* a parent folder matches */
		{".git\n", "src/.git", false},             /* patterns are anchored at the root */
		{"/node_modules/\n", "node_modules/x/y.js", true},
		{"*.pyc\n", "a.pyc", true},
		{"*.pyc\n", "pkg/a.pyc", false},          /* '*' does not cross folders */
		{"**/*.pyc\n", "pkg/sub/a.pyc", true},
		{"**/__pycache__\n", "__pycache__/x", true}, /* '**' matches zero folders */
		{"*\n!app.py\n", "app.py", false},         /* the last match wins */
		{"*\n!app.py\n", "other.py", true},
		{"docs\n!docs/keep.md\n", "docs/keep.md", false},
		{"# comment\n\n  .env  \n", ".env", true},
		{"./build/../dist\n", "dist/x", true},     /* cleaned like filepath.Clean */
		{".env*\n", ".env.local", true},
		{"", "anything", false},
		{"venv\n", "./venv/bin/python", true},     /* COPY-style ./ prefix */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (ignored(cases[i].ignore, cases[i].path) != cases[i].want)
			fail_msg("case %zu: '%s' with '%s' should be %s", i, cases[i].path, cases[i].ignore,
			         cases[i].want ? "ignored" : "kept");
}

static void test_load(void **state)
{
	(void)state;
	char dir[] = "/tmp/pl-context-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/.dockerignore", dir);
	FILE *f = fopen(path, "w");
	fputs(".git\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/Dockerfile.dockerignore", dir);
	f = fopen(path, "w");
	fputs(".venv\n", f); /* the Dockerfile-specific file wins */
	fclose(f);
	snprintf(path, sizeof(path), "%s/Dockerfile", dir);

	pl_arena a;
	pl_arena_init(&a);
	pl_build_context c;
	pl_context_load(&c, &a, dir, path);
	assert_non_null(c.dockerignore);
	assert_true(pl_context_ignored(&c, ".venv/lib"));
	assert_false(pl_context_ignored(&c, ".git"));
	assert_true(c.listed);
	assert_true(pl_context_has(&c, ".dockerignore"));
	assert_false(pl_context_has(&c, "nothing"));
	pl_context_load(&c, &a, "/nonexistent/folder", NULL);
	assert_null(c.dockerignore);
	assert_false(c.listed);
	pl_arena_free(&a);

	snprintf(path, sizeof(path), "%s/.dockerignore", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Dockerfile.dockerignore", dir);
	unlink(path);
	rmdir(dir);
}

/* With shared listings, loads and optional reads skip files the folder's listing lacks, and only those. */
static void test_shared_listing(void **state)
{
	(void)state;
	char dir[] = "/tmp/pl-context-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char ign[256], df[256], env[256];
	snprintf(ign, sizeof(ign), "%s/.dockerignore", dir);
	snprintf(df, sizeof(df), "%s/Dockerfile", dir);
	snprintf(env, sizeof(env), "%s/.env", dir);
	FILE *f = fopen(ign, "w");
	fputs("secret.txt\n", f);
	fclose(f);

	assert_false(pl_context_known_absent(env)); /* not shared: never known */
	pl_context_share_listings(true);
	assert_true(pl_context_known_absent(env));
	assert_false(pl_context_known_absent(ign));
	assert_false(pl_context_known_absent("/nonexistent/folder/.env")); /* no listing: might be there */
	pl_arena a;
	pl_arena_init(&a);
	pl_build_context c;
	pl_context_load(&c, &a, dir, df); /* Dockerfile.dockerignore is known absent; .dockerignore is read */
	assert_non_null(c.dockerignore);
	assert_true(pl_context_ignored(&c, "secret.txt"));
	pl_arena_free(&a);
	pl_context_share_listings(false);

	unlink(ign);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_shared_listing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
