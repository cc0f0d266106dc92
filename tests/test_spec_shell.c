/*
** Shell parser spec cases: tests/spec/shell/*.txt, each input parsed
** with a NULL map (offsets are file offsets) and dumped as S-expressions
** (src/shell/dump.c).  PL_BLESS=1 rewrites the expectations.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dump.h"
#include "plimsoll/shell.h"
#include "testlib.h"

static void run_case(FILE *out, const char *name, const char *input, size_t len)
{
	(void)name;
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "case", input, len);
	pl_sh_script *sh = pl_sh_parse(&a, src.text, src.len, NULL, 0);
	pl_dump_shell(out, &src, sh, 0);
	pl_arena_free(&a);
}

static void test_spec(void **state)
{
	(void)state;
	assert_int_equal(pl_spec_run_dir(PL_SOURCE_DIR "/tests/spec/shell", run_case), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
