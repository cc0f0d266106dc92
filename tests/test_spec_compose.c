/*
** Spec cases for the compose front end: tests/spec/compose/*.txt through
** pl_dump_compose (the typed model with exact spans, interpolations and
** problems).  Cases are single files; .env and other files are absent.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dump.h"
#include "plimsoll/compose.h"
#include "testlib.h"

/* Every file but the case itself is missing: specs never touch the disk. */
static int no_files(void *ud, const char *path, size_t limit, char **out, size_t *len,
                    const char **err)
{
	(void)ud, (void)path, (void)limit, (void)out, (void)len;
	*err = "No such file or directory";
	return -1;
}

static void run_case(FILE *out, const char *name, const char *input, size_t len)
{
	(void)name;
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "compose.yaml", input, len);
	pl_compose_opts o = {0};
	o.read = no_files;
	pl_compose c;
	pl_compose_load(&c, &a, &src, &o);
	pl_dump_compose(out, &c);
	pl_arena_free(&a);
}

static void test_spec(void **state)
{
	(void)state;
	assert_int_equal(pl_spec_run_dir(PL_SOURCE_DIR "/tests/spec/compose", run_case), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
