/* Unit tests: source line table, positions, UTF-8 checks, text maps, arena. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "plimsoll/source.h"

static void test_positions(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_source s;
	const char *text = "FROM x\r\nRUN é\tb\n\nlast";
	pl_source_init(&s, &a, "Dockerfile", text, strlen(text));
	assert_int_equal(s.nlines, 4);
	assert_true(s.crlf);
	assert_false(s.bad_utf8);
	pl_pos p = pl_source_pos(&s, 0);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 1);
	size_t b = (size_t)(strchr(text, 'b') - text);
	p = pl_source_pos(&s, b);
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 7); /* R U N space é tab b: é and tab count one each */
	assert_int_equal(pl_source_offset(&s, 2, 7), b);
	pl_span l1 = pl_source_line(&s, 0);
	assert_int_equal(l1.len, 6); /* CR not part of the line */
	p = pl_source_pos(&s, s.len);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 5);
	pl_arena_free(&a);
}

static void test_bom_and_utf8(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_source s;
	const char *text = "\xEF\xBB\xBF" "FROM a\n";
	pl_source_init(&s, &a, NULL, text, strlen(text));
	assert_int_equal(s.bom, 3);
	assert_int_equal(pl_source_pos(&s, 3).col, 1);
	assert_string_equal(s.path, "-");
	pl_source_init(&s, &a, "x", "ab\xC3(", 4);
	assert_true(s.bad_utf8);
	assert_int_equal(s.bad_utf8_off, 2);
	pl_source_init(&s, &a, "x", "a\0b", 3);
	assert_true(s.has_nul);
	pl_source_init(&s, &a, "x", "", 0);
	assert_int_equal(s.nlines, 1);
	assert_int_equal(pl_source_pos(&s, 0).line, 1);
	pl_arena_free(&a);
}

static void test_textmap(void **state)
{
	(void)state;
	/* physical "ab\\\ncd": logical "abcd" = [0,2)->0, [2,4)->4 */
	pl_textmap_seg segs[] = {{0, 0, 2}, {2, 4, 2}};
	pl_textmap m = {segs, 2, 0};
	assert_int_equal(pl_textmap_phys(&m, 0), 0);
	assert_int_equal(pl_textmap_phys(&m, 2), 4);
	assert_int_equal(pl_textmap_phys(&m, 3), 5);
	pl_span sp = pl_textmap_span(&m, 1, 3);
	assert_int_equal(sp.off, 1);
	assert_int_equal(pl_span_end(sp), 5);
	pl_textmap id = {NULL, 0, 10};
	assert_int_equal(pl_textmap_phys(&id, 3), 13);
	assert_int_equal(pl_textmap_phys(NULL, 3), 3);
}

static void test_arena(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	PL_VEC(int) v = {0};
	for (int i = 0; i < 10000; i++)
		*PL_VEC_PUSH(&a, &v) = i;
	assert_int_equal(v.n, 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(v.v[i], i);
	char *big = pl_arena_alloc(&a, 1 << 20); /* larger than a chunk */
	big[(1 << 20) - 1] = 'x';
	assert_string_equal(pl_arena_printf(&a, "%s-%d", "a", 7), "a-7");
	assert_int_equal(pl_edit_distance("healtcheck", "healthcheck", 3), 1);
	assert_int_equal(pl_edit_distance("abc", "xyzuvw", 2), 3);
	assert_true(pl_strn_ieq("FrOm", 4, "from"));
	assert_false(pl_strn_ieq("FrO", 3, "from"));
	pl_arena_free(&a);
}

/* The shared helpers: UTF-8 sequence lengths and --max-file-size values. */
static void test_strutil(void **state)
{
	(void)state;
	uint32_t cp = 0;
	assert_int_equal(pl_utf8_len((const unsigned char *)"a", 1, &cp), 1);
	assert_int_equal(cp, 'a');
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xf0\x9f\x90\xb3", 4, NULL), 4);
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xc3\xa9", 1, NULL), 0); /* cut short */
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xc0\xaf", 2, NULL), 0); /* overlong */
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xed\xa0\x80", 3, NULL), 0); /* surrogate */
	assert_int_equal(pl_utf8_len((const unsigned char *)"\xe0\x80\x80", 3, NULL), 0); /* overlong */
	assert_int_equal(pl_utf8_len((const unsigned char *)"\x80", 1, NULL), 0);

	size_t v = 0;
	assert_int_equal(pl_parse_size("10M", &v), 0);
	assert_true(v == 10u << 20);
	assert_int_equal(pl_parse_size("512k", &v), 0);
	assert_true(v == 512u << 10);
	assert_int_equal(pl_parse_size("1048576", &v), 0);
	assert_true(v == 1048576);
	assert_int_equal(pl_parse_size("-5", &v), -1);
	assert_int_equal(pl_parse_size("1x", &v), -1);
	assert_int_equal(pl_parse_size("", &v), -1);
	assert_int_equal(pl_parse_size("99999999999999999999", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_bom_and_utf8),
		cmocka_unit_test(test_textmap),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_strutil),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
