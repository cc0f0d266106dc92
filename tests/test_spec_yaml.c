/* Spec cases for the YAML loader: tests/spec/yaml/*.txt through pl_dump_yaml. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "dump.h"
#include "plimsoll/yaml.h"
#include "testlib.h"

/*
** The input of a case is its text as written, except that "\r" at the
** end of a line stands for a CR byte, "<BOM>" at the very start for the
** UTF-8 BOM, and "\t" for a tab, so that the spec files stay plain text.
*/
static char *unescape(const char *in, size_t len, size_t *out_len)
{
	char *out = test_malloc(len + 4);
	size_t n = 0, i = 0;
	if (len >= 5 && memcmp(in, "<BOM>", 5) == 0) {
		memcpy(out, "\xEF\xBB\xBF", 3);
		n = 3;
		i = 5;
	}
	for (; i < len; i++) {
		if (in[i] == '\\' && i + 1 < len && in[i + 1] == 'r') {
			out[n++] = '\r';
			i++;
		} else if (in[i] == '\\' && i + 1 < len && in[i + 1] == 't') {
			out[n++] = '\t';
			i++;
		} else {
			out[n++] = in[i];
		}
	}
	*out_len = n;
	return out;
}

static void run_case(FILE *out, const char *name, const char *input, size_t len)
{
	(void)name;
	size_t n;
	char *text = unescape(input, len, &n);
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "spec.yaml", text, n);
	pl_yaml y;
	pl_yaml_init(&y);
	pl_yaml_load(&y, &a, &src);
	pl_dump_yaml(out, &y);
	pl_arena_free(&a);
	test_free(text);
}

static void test_spec(void **state)
{
	(void)state;
	assert_int_equal(pl_spec_run_dir(PL_SOURCE_DIR "/tests/spec/yaml", run_case), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
