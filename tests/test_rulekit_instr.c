/*
** Unit tests of the rulekit helpers of the instructions group: the
** string map (growth, case, many keys), stage and --from references,
** root images, basenames and sub-spans.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rulekit.h"

/* A parsed Dockerfile with its arena. */
typedef struct parsed {
	pl_arena arena;
	pl_source src;
	pl_dockerfile df;
} parsed;

static parsed *parse(const char *text)
{
	parsed *p = calloc(1, sizeof(*p));
	pl_arena_init(&p->arena);
	pl_source_init(&p->src, &p->arena, "Dockerfile", text, strlen(text));
	pl_dockerfile_parse(&p->df, &p->arena, &p->src);
	return p;
}

static void done(parsed *p)
{
	pl_arena_free(&p->arena);
	free(p);
}

static void test_map(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_rk_map m = {0};
	assert_null(pl_rk_map_get(&m, "x", 1));
	int one = 1, two = 2;
	assert_null(pl_rk_map_put(&m, &a, "key", 3, &one));
	assert_ptr_equal(pl_rk_map_put(&m, &a, "key", 3, &two), &one); /* the first value stays */
	assert_ptr_equal(pl_rk_map_get(&m, "key", 3), &one);
	assert_null(pl_rk_map_get(&m, "KEY", 3));
	assert_null(pl_rk_map_get(&m, "ke", 2));
	/* many keys: growth keeps every one, lookups of absent ones fail */
	char buf[32];
	static int vals[5000];
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof(buf), "k%d", i);
		assert_null(pl_rk_map_put(&m, &a, buf, (size_t)n, &vals[i]));
	}
	assert_int_equal(m.n, 5001);
	for (int i = 0; i < 5000; i++) {
		int n = snprintf(buf, sizeof(buf), "k%d", i);
		assert_ptr_equal(pl_rk_map_get(&m, buf, (size_t)n), &vals[i]);
	}
	assert_null(pl_rk_map_get(&m, "k5000", 5));
	/* case-insensitive keys */
	pl_rk_map ci = {.icase = true};
	assert_null(pl_rk_map_put(&ci, &a, "Build", 5, &one));
	assert_ptr_equal(pl_rk_map_get(&ci, "bUILD", 5), &one);
	assert_ptr_equal(pl_rk_map_put(&ci, &a, "BUILD", 5, &two), &one);
	pl_arena_free(&a);
}

static void test_stage_refs(void **state)
{
	(void)state;
	parsed *p = parse("FROM golang:1.22 AS Build\n"
	                  "FROM build AS test\n"
	                  "FROM debian:12 AS final\n"
	                  "COPY --from=BUILD /a /b\n"
	                  "RUN --mount=type=cache,target=/c --mount=type=bind,from=test,target=/t true\n");
	pl_rk_map names = {0};
	pl_rk_stage_names(&names, &p->arena, &p->df);
	assert_ptr_equal(pl_rk_stage_ref(&names, &p->df, "build"), &p->df.stages[0]);
	assert_ptr_equal(pl_rk_stage_ref(&names, &p->df, "2"), &p->df.stages[2]);
	assert_null(pl_rk_stage_ref(&names, &p->df, "3"));
	assert_null(pl_rk_stage_ref(&names, &p->df, "nope"));

	const pl_df_stage *final = &p->df.stages[2];
	pl_rk_from_ref *refs;
	assert_int_equal(pl_rk_from_refs(&p->arena, final->instrs[1], &refs), 1);
	assert_string_equal(refs[0].name, "BUILD");
	assert_int_equal(refs[0].span.len, 5);
	assert_memory_equal(p->src.text + refs[0].span.off, "BUILD", 5);
	assert_int_equal(pl_rk_from_refs(&p->arena, final->instrs[2], &refs), 1);
	assert_string_equal(refs[0].name, "test");
	assert_memory_equal(p->src.text + refs[0].span.off, "test,", 5);

	/* roots follow FROM <stage> links */
	const pl_df_imageref **root = pl_rk_root_images(&p->arena, &p->df);
	assert_string_equal(root[1]->name, "golang");
	assert_string_equal(root[2]->name, "debian");
	done(p);
}

static void test_images(void **state)
{
	(void)state;
	parsed *p = parse("FROM alpine:3.20\nFROM python:3.12-alpine\nFROM busybox\nFROM debian:12\n"
	                  "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
	const pl_df_stage *s = p->df.stages;
	assert_true(pl_rk_image_is_busybox(&s[0].from->as.from.ref));
	assert_true(pl_rk_image_is_busybox(&s[1].from->as.from.ref));
	assert_true(pl_rk_image_is_busybox(&s[2].from->as.from.ref));
	assert_false(pl_rk_image_is_busybox(&s[3].from->as.from.ref));
	assert_false(pl_rk_image_is_windows(&s[3].from->as.from.ref));
	assert_true(pl_rk_image_is_windows(&s[4].from->as.from.ref));
	done(p);
}

static void test_first_in_stage(void **state)
{
	(void)state;
	parsed *p = parse("FROM a\nCMD x\nCMD y\nFROM b\nCMD z\n");
	pl_rk_first f = {0};
	const pl_df_instr *const *in = (const pl_df_instr *const *)p->df.instrs;
	assert_null(pl_rk_first_in_stage(&f, in[1]));
	assert_ptr_equal(pl_rk_first_in_stage(&f, in[2]), in[1]);
	assert_null(pl_rk_first_in_stage(&f, in[4]));
	done(p);
}

static void test_strings(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	assert_string_equal(pl_rk_basename(&a, "/usr/src/app.tar"), "app.tar");
	assert_string_equal(pl_rk_basename(&a, "build\\foo\\bar.tar.gz"), "bar.tar.gz");
	assert_string_equal(pl_rk_basename(&a, "\"C:\\Program Files\\foo.tgz\""), "foo.tgz");
	assert_string_equal(pl_rk_basename(&a, "plain"), "plain");
	assert_string_equal(pl_rk_basename(&a, "dir/"), "");
	pl_span w = {10, 8};
	pl_span s = pl_rk_subspan(w, 8, 2, 3);
	assert_int_equal(s.off, 12);
	assert_int_equal(s.len, 3);
	s = pl_rk_subspan(w, 9, 2, 3); /* raw text does not match the span: whole word */
	assert_int_equal(s.off, 10);
	assert_int_equal(s.len, 8);
	s = pl_rk_subspan(w, 8, 6, 3); /* past the end: whole word */
	assert_int_equal(s.len, 8);
	assert_int_equal(pl_rk_name_end("$A_1-x", 1), 4);
	assert_int_equal(pl_rk_name_end("${}", 2), 2);
	pl_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_stage_refs),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_first_in_stage),
		cmocka_unit_test(test_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
