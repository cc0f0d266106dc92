/*
** Unit tests for the package-manager helpers of rulekit (rulekit.h,
** section "package managers").  The rules built on them are tested by
** their fixtures; here are the edge cases of the pure helpers.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plimsoll/rulekit.h"

/* Parse text as a shell script in a, return the first command. */
static pl_sh_script *parse(pl_arena *a, const char *text)
{
	return pl_sh_parse(a, text, strlen(text), NULL, 0);
}

static void test_rpm_pinned(void **state)
{
	(void)state;
	assert_true(pl_rk_rpm_pinned("httpd-2.4.62"));
	assert_true(pl_rk_rpm_pinned("openssl-1:3.2.2"));
	assert_true(pl_rk_rpm_pinned("gcc-c++-14.2.1"));
	assert_true(pl_rk_rpm_pinned("rpm-sign-4.19.1.1"));
	assert_true(pl_rk_rpm_pinned("git-core-2.46.0-1.fc40"));
	assert_true(pl_rk_rpm_pinned("app.rpm"));
	assert_false(pl_rk_rpm_pinned("tomcat"));
	assert_false(pl_rk_rpm_pinned("rpm-sign"));
	assert_false(pl_rk_rpm_pinned("python3-devel"));
	assert_false(pl_rk_rpm_pinned("git-"));
	assert_false(pl_rk_rpm_pinned("java-11-*"));      /* a glob is no version */
	assert_true(pl_rk_rpm_pinned("perl(JSON)-4"));    /* only what follows the first - is read */
	assert_false(pl_rk_rpm_pinned("perl-JSON(x)"));   /* ( is not a version character */
}

static void test_path_covers(void **state)
{
	(void)state;
	assert_true(pl_rk_path_covers("/var/cache/yum", "/var/cache/yum"));
	assert_true(pl_rk_path_covers("/var/cache/yum/", "/var/cache/yum"));
	assert_true(pl_rk_path_covers("/var/cache/yum/*", "/var/cache/yum"));
	assert_true(pl_rk_path_covers("/var/cache/yum*", "/var/cache/yum"));
	assert_true(pl_rk_path_covers("/var/cache/yum/x86_64", "/var/cache/yum")); /* inside */
	assert_true(pl_rk_path_covers("/var/cache", "/var/cache/yum"));            /* above */
	assert_true(pl_rk_path_covers("/var/cache/*", "/var/cache/yum"));
	assert_false(pl_rk_path_covers("/var/cache/yummy", "/var/cache/yum"));
	assert_false(pl_rk_path_covers("/var/ca", "/var/cache/yum"));
	assert_false(pl_rk_path_covers("var/cache/yum", "/var/cache/yum"));        /* relative */
	assert_false(pl_rk_path_covers("", "/var/cache/yum"));
}

static void test_excerpt(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	assert_string_equal(pl_rk_excerpt(&a, "curl"), "curl");
	char longname[200];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	const char *x = pl_rk_excerpt(&a, longname);
	assert_int_equal(strlen(x), 64 + 3); /* 64 bytes and an ellipsis */
	/* a cut never splits a UTF-8 sequence: 63 x then a 2-byte é straddling byte 64 */
	char utf[84];
	memset(utf, 'x', 63);
	memcpy(utf + 63, "\xc3\xa9yyyyyyyyyy", 13);
	x = pl_rk_excerpt(&a, utf);
	assert_int_equal(strncmp(x + 63, "\xe2\x80\xa6", 3), 0);
	pl_arena_free(&a);
}

static void test_action(void **state)
{
	(void)state;
	static const char *const subs[] = {"install", NULL};
	static const char *const valued[] = {"--enablerepo", NULL};
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *sh = parse(&a, "yum --enablerepo install install foo; dnf -y group install x; "
	                             "yum info install");
	const pl_sh_word *w = pl_rk_action(sh->cmds[0], valued, subs);
	assert_non_null(w);
	assert_int_equal(pl_rk_word_index(sh->cmds[0], w), 3); /* the value of --enablerepo is skipped */
	w = pl_rk_action(sh->cmds[1], NULL, subs);
	assert_non_null(w);
	assert_string_equal(pl_rk_cmd_title(&a, sh->cmds[1], w), "dnf group install");
	assert_null(pl_rk_action(sh->cmds[2], NULL, subs));
	pl_arena_free(&a);
}

static void test_sub_operands(void **state)
{
	(void)state;
	static const char *const subs[] = {"add", NULL};
	static const char *const valued[] = {"-t", "--virtual", NULL};
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *sh = parse(&a, "sudo apk --no-cache add -t .deps gcc 'musl-dev' && apk del x");
	const pl_sh_word **pkgs;
	size_t n = pl_rk_sub_operands(&a, sh->cmds[0], "apk", valued, subs, &pkgs);
	assert_int_equal(n, 2);
	assert_string_equal(pkgs[0]->text, "gcc");
	assert_string_equal(pkgs[1]->text, "musl-dev");
	assert_int_equal(pl_rk_sub_operands(&a, sh->cmds[1], "apk", valued, subs, &pkgs), 0);
	assert_int_equal(pl_rk_sub_operands(&a, sh->cmds[0], "apt", valued, subs, &pkgs), 0);
	pl_arena_free(&a);
}

static void test_fed_by_yes(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *sh = parse(&a, "yes | yum install x; yes; yum install y; true | zypper in z");
	assert_true(pl_rk_fed_by_yes(sh, sh->cmds[1]));
	assert_false(pl_rk_fed_by_yes(sh, sh->cmds[3]));  /* `yes;` feeds nothing */
	assert_false(pl_rk_fed_by_yes(sh, sh->cmds[5]));  /* true is not yes */
	assert_false(pl_rk_fed_by_yes(sh, sh->cmds[0]));
	pl_arena_free(&a);
}

static void test_rm_covers(void **state)
{
	(void)state;
	static const char *const dirs[] = {"/var/cache/apk", NULL};
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *sh = parse(&a, "rm -rf /var/cache/apk/*; rm -rf /tmp/*; echo /var/cache/apk");
	assert_true(pl_rk_rm_covers(sh->cmds[0], dirs));
	assert_false(pl_rk_rm_covers(sh->cmds[1], dirs));
	assert_false(pl_rk_rm_covers(sh->cmds[2], dirs));
	pl_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpm_pinned),
		cmocka_unit_test(test_path_covers),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_action),
		cmocka_unit_test(test_sub_operands),
		cmocka_unit_test(test_fed_by_yes),
		cmocka_unit_test(test_rm_covers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
