/*
** Unit tests: path globs (src/glob.h) as exclude and overrides use them:
** names match at any depth, other patterns are anchored, a folder that
** matches takes everything below it, '**' spans folders.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "glob.h"

/* Matches path, or a folder it is in (or_folders: a file named on its own, an override). */
#define YES(p, s) assert_true(pl_glob__match(p, s, false, true))
#define NO(p, s) assert_false(pl_glob__match(p, s, false, true))

static void test_names(void **state)
{
	(void)state;
	YES("Dockerfile", "Dockerfile");
	YES("Dockerfile", "a/b/Dockerfile");
	NO("Dockerfile", "a/Dockerfile.dev");
	YES("*.dev", "svc/Dockerfile.dev");
	YES("vendor", "vendor/lib/Dockerfile"); /* a folder on the way */
	YES("vendor", "a/vendor/Dockerfile");
	NO("vendor", "vendors/Dockerfile");
	YES("Docker?ile", "Dockerfile");
	NO("?", "ab");
	YES("[Dd]ockerfile", "x/dockerfile");
	NO("[!Dd]ockerfile", "dockerfile");
	YES("[a-c]x", "bx");
	YES("\\*", "*");
	NO("\\*", "a");
	YES("[", "[");  /* an unclosed '[' is the character */
}

static void test_anchored(void **state)
{
	(void)state;
	YES("legacy/Dockerfile", "legacy/Dockerfile");
	NO("legacy/Dockerfile", "x/legacy/Dockerfile");
	YES("/Dockerfile", "Dockerfile");
	NO("/Dockerfile", "a/Dockerfile");
	YES("./Dockerfile", "./Dockerfile");
	YES("legacy", "legacy/api/Dockerfile");
	YES("legacy/**", "legacy/api/Dockerfile");
	YES("legacy/*", "legacy/api/Dockerfile"); /* legacy/api is a folder that matches */
	NO("legacy/*.yaml", "legacy/api/compose.yaml");
	YES("legacy/**/*.yaml", "legacy/api/v1/compose.yaml");
	YES("legacy/**/*.yaml", "legacy/compose.yaml"); /* '**' may be no folder at all */
	YES("**/testdata/**", "a/b/testdata/c/Dockerfile");
	YES("**/Dockerfile", "Dockerfile");
	YES("a/**/b/**/c", "a/x/b/y/z/c");
	NO("a/**/b/**/c", "a/x/c");
	NO("a/b", "a");
	NO("", "a");
}

static void test_folders_only(void **state)
{
	(void)state;
	assert_true(pl_glob__match("build/", "build/Dockerfile", false, true));
	assert_false(pl_glob__match("build/", "build", false, true)); /* a file named build */
	assert_true(pl_glob__match("build/", "build", true, true));
	assert_true(pl_glob__match("out/", "x/out", true, true));
	assert_false(pl_glob__match("out/", "x/out", false, true));
}

/* Without or_folders (discovery, which prunes folders that match), only the path itself. */
static void test_exact(void **state)
{
	(void)state;
	assert_false(pl_glob__match("vendor", "vendor/Dockerfile", false, false));
	assert_true(pl_glob__match("vendor", "a/vendor", true, false));
	assert_false(pl_glob__match("legacy", "legacy/Dockerfile", false, false));
	assert_true(pl_glob__match("legacy/**", "legacy/Dockerfile", false, false));
	assert_true(pl_glob__match("*.dev", "x/Dockerfile.dev", false, false));
	assert_false(pl_glob__match("x", "x/Dockerfile.dev", false, false));
}

static void test_check(void **state)
{
	(void)state;
	const char *why = NULL;
	assert_int_equal(pl_glob__check("a/**/b", &why), 0);
	assert_int_equal(pl_glob__check("[ab]*.yaml", &why), 0);
	assert_int_equal(pl_glob__check("a[b", &why), -1);
	assert_non_null(why);
	assert_int_equal(pl_glob__check("**x", &why), -1);
	assert_int_equal(pl_glob__check("", &why), -1);
	assert_int_equal(pl_glob__check("a\\[b", &why), 0);
}

/* Many stars against a long path stay quick (backtracking is bounded). */
static void test_no_blowup(void **state)
{
	(void)state;
	char path[4096], pat[256];
	memset(path, 'a', sizeof(path) - 2);
	path[sizeof(path) - 2] = 'b';
	path[sizeof(path) - 1] = '\0';
	strcpy(pat, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c");
	assert_false(pl_glob__match(pat, path, false, true));
	char deep[8192] = "";
	for (int i = 0; i < 100; i++)
		strcat(deep, "a/");
	strcat(deep, "b");
	assert_false(pl_glob__match("**/a/**/a/**/a/**/a/**/c", deep, false, true));
	assert_true(pl_glob__match("**/a/**/a/**/b", deep, false, true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_anchored),
		cmocka_unit_test(test_folders_only),
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_no_blowup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
