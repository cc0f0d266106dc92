/*
** Dockerfile parser spec cases: every tests/spec/dockerfile/*.txt case is
** parsed and dumped with pl_dump_dockerfile, and the S-expression must
** match the expectation (PL_BLESS=1 rewrites them; review the diff).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dump.h"
#include "testlib.h"

static void dump_case(FILE *out, const char *name, const char *input, size_t len)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, name, input, len);
	pl_dockerfile df;
	pl_dockerfile_parse(&df, &a, &src);
	pl_dump_dockerfile(out, &df);
	pl_arena_free(&a);
}

static void test_spec(void **state)
{
	(void)state;
	int failures = pl_spec_run_dir(PL_SOURCE_DIR "/tests/spec/dockerfile", dump_case);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
