/* Unit tests: edit application, unified diffs, atomic writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/fix.h"
#include "testlib.h"

static void test_apply_edits(void **state)
{
	(void)state;
	const char *t = "RUN apt-get install curl\r\nCMD x\r\n";
	pl_edit e1 = {{19, 0}, " -y"};
	pl_edit e2 = {{26, 3}, "CMD [\"x\"]\nCMD"}; /* a newline in an edit follows the file's CRLF */
	const pl_edit *edits[] = {&e1, &e2};
	size_t n;
	char *out = pl_fix_apply_edits(t, strlen(t), edits, 2, true, &n);
	assert_string_equal(out, "RUN apt-get install -y curl\r\nCMD [\"x\"]\r\nCMD x\r\n");
	assert_int_equal(n, strlen(out));
	free(out);
	pl_edit del = {{0, 4}, NULL};
	const pl_edit *d[] = {&del};
	out = pl_fix_apply_edits("abcdef", 6, d, 1, false, &n);
	assert_string_equal(out, "ef");
	free(out);
}

static char *diff_of(const char *a, const char *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	pl_diff_unified(f, "./Dockerfile", a, strlen(a), b, strlen(b));
	fclose(f);
	return buf;
}

static void test_diff(void **state)
{
	(void)state;
	char *d = diff_of("a\nb\nc\nd\ne\nf\ng\nh\ni\n", "a\nb\nc\nd\nE\nf\ng\nh\ni\n");
	assert_string_equal(d, "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
	free(d);
	d = diff_of("x\n", "x");
	assert_string_equal(d, "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,1 +1,1 @@\n-x\n+x\n\\ No newline at end of file\n");
	free(d);
	/* Two changes far apart give two hunks. */
	d = diff_of("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n");
	assert_non_null(strstr(d, "@@ -1,4 +1,4 @@"));
	assert_non_null(strstr(d, "@@ -9,4 +9,4 @@"));
	free(d);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_false(pl_diff_unified(f, "x", "same\n", 5, "same\n", 5));
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
}

static void test_write_atomic(void **state)
{
	(void)state;
	char dir[] = "/tmp/pl-fix-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], link[256];
	snprintf(path, sizeof(path), "%s/Dockerfile", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	FILE *f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);
	chmod(path, 0640);
	assert_int_equal(symlink("Dockerfile", link), 0);
	const char *err = NULL;
	/* Through the symlink: the target is rewritten, the link stays a link, the mode is kept. */
	assert_int_equal(pl_write_atomic(link, "new\n", 4, "old\n", 4, &err), 0);
	size_t n;
	char *text = pl_test_read_file(path, &n);
	assert_string_equal(text, "new\n");
	free(text);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* The file changed since it was read: nothing is written. */
	assert_int_equal(pl_write_atomic(path, "newer\n", 6, "old\n", 4, &err), -1);
	assert_non_null(strstr(err, "changed on disk"));
	text = pl_test_read_file(path, &n);
	assert_string_equal(text, "new\n");
	free(text);
	unlink(link);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file was left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_edits),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_write_atomic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
