/*
** Unit tests of plimsoll grade: rubric loading and its errors, the
** predicate table, image globs, points, scoring the fixture class's
** model and beginner, and the safety of the Markdown and JSON writers.
** The whole command (golden reports, hostile submissions, speed) is
** tests/grade.py's.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade/grade.h"
#include "plimsoll/rule.h"

static const char *load_err(const char *text)
{
	static char buf[512];
	pl_grade_rubric r;
	const char *err = NULL;
	int rc = pl_grade_rubric_load(&r, "r.yaml", text, strlen(text), &err);
	snprintf(buf, sizeof(buf), "%s", rc < 0 ? err : "ok");
	pl_grade_rubric_free(&r);
	return buf;
}

#define HEAD "rubric: t\ntitle: T\nsections:\n  - id: s\n    title: S\n    items:\n"

static void test_rubric_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"[", "r.yaml:1:2: did not find expected node content while parsing a flow node"},
		{"- a\n", "r.yaml:1:1: a rubric must be a mapping with rubric, title and sections"},
		{"rubric: t\ntitle: T\nsection: []\n", "r.yaml:3:1: unknown key 'section' in the rubric (did you mean 'sections'?)"},
		{"rubric: t\ntitle: T\nsections: []\n", "r.yaml:3:11: the rubric needs a list of 'sections'"},
		{HEAD "      - {id: a, title: A, points: 1}\n", "r.yaml:7:9: item 'a' needs a 'check' or a 'rule'"},
		{HEAD "      - {id: a, title: A, points: 0, rule: DL3042}\n",
		 "r.yaml:7:35: 'points' must be a number above 0 with at most two decimals"},
		{HEAD "      - {id: 'a b', title: A, points: 1, rule: DL3042}\n",
		 "r.yaml:7:14: the id 'a b' may only hold letters, digits, '-', '_' and '.'"},
		{HEAD "      - {id: a, title: A, points: 1, rule: SC}\n",
		 "r.yaml:7:44: ShellCheck's findings (SC) cannot be graded: grade runs without shellcheck"},
		{HEAD "      - {id: a, title: A, points: 1, check: file_exists}\n", "r.yaml:7:45: file_exists needs 'path'"},
		{HEAD "      - {id: a, title: A, points: 1, check: {compose.no_version_field: [x]}}\n",
		 "r.yaml:7:72: compose.no_version_field takes no arguments (write `true`)"},
		{HEAD "      - {id: a, title: A, points: 1, check: {dockerfile.workdir: {absolute: maybe}}}\n",
		 "r.yaml:7:77: 'absolute' of dockerfile.workdir must be true or false"},
		{HEAD "      - {id: a, title: A, points: 1, check: {dockerfile.has_instruction: HEALTHCHEK}}\n",
		 "r.yaml:7:74: 'HEALTHCHEK' is not a Dockerfile instruction"},
		{HEAD "      - {id: a, title: A, points: 1, check: {any: []}}\n", "r.yaml:7:51: 'any' takes a list of checks"},
		{HEAD "      - {id: a, title: A, points: 1, check: {compose.image_pinned: {pinned: latest}}}\n",
		 "r.yaml:7:77: 'pinned' of compose.image_pinned must be true, false, minor or digest"},
		{HEAD "      - {id: a, title: A, points: 1, rule: DL3042, partial: sometimes}\n",
		 "r.yaml:7:61: 'partial' must be per-occurrence"},
		{HEAD "      - {id: a, title: A, points: 1, rule: DL3042}\n"
		      "  - {id: s, title: again, items: [{id: b, title: B, points: 1, rule: DL3042}]}\n",
		 "r.yaml:8:10: the id 's' is used by an earlier section"},
		{HEAD "      - {id: a, title: A, points: 1, rule: [DL3042, PL2999], check: compose.no_version_field}\n", "ok"},
	};
	int bad = 0;
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		const char *got = load_err(cases[i].text);
		if (strcmp(got, cases[i].want) != 0)
			print_error("case %zu:\n  want %s\n  got  %s\n", i, cases[i].want, got), bad++;
	}
	assert_int_equal(bad, 0);
}

static void test_builtin(void **state)
{
	(void)state;
	const char *text = pl_grade_rubric_builtin("module-project");
	assert_non_null(text);
	assert_null(pl_grade_rubric_builtin("nope"));
	pl_grade_rubric r;
	const char *err = NULL;
	assert_int_equal(pl_grade_rubric_load(&r, "builtin:module-project", text, strlen(text), &err), 0);
	const pl_grade_rubric_data *d = r.data;
	assert_string_equal(d->name, "module-project");
	assert_int_equal(d->nsections, 2);
	assert_int_equal(d->max, 5000);
	/* Every rule the items and the predicates read is selected, and the parse errors. */
	static const char *const need[] = {"PL0001", "PL0002", "PL0003", "PL0004", "PL1001", "PL1004", "PL1006", "DL3042"};
	for (size_t i = 0; i < PL_ARRAY_LEN(need); i++)
		if (!strstr(d->select, need[i]))
			fail_msg("'%s' is not selected: %s", need[i], d->select);
	/* The rules still to come are named, and decided by the checks until then. */
	size_t absent = 0;
	for (size_t i = 0; i < d->nitems; i++) {
		absent += d->items[i].nabsent;
		if (d->items[i].nabsent)
			assert_non_null(d->items[i].check);
	}
	assert_true(absent <= 5);
	pl_grade_rubric_free(&r);
}

static void test_predicate_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < pl_grade_npreds; i++) {
		const pl_grade_pred *p = &pl_grade_preds[i];
		if (i)
			assert_true(strcmp(pl_grade_preds[i - 1].name, p->name) < 0); /* bsearch needs it */
		assert_ptr_equal(pl_grade__pred_find(p->name), p);
		assert_true((p->eval != NULL) != (p->on_df != NULL));
		assert_true((p->required & ~p->params) == 0);
		if (p->shorthand >= 0)
			assert_true(p->params >> p->shorthand & 1u);
		assert_true((p->why == NULL) == (p->fix == NULL));
		for (const char *const *r = p->rules; r && *r; r++)
			assert_non_null(pl_rule_find(*r));
		/* Without words of its own, a predicate explains itself with its rule's doc. */
		if (!p->why && p->rules)
			assert_non_null(pl_rule_doc(p->rules[0]));
	}
	assert_null(pl_grade__pred_find("compose.nope"));
}

static void test_image_globs(void **state)
{
	(void)state;
	static const struct {
		const char *image, *pattern;
		bool want;
	} cases[] = {
		{"postgres", "postgres", true},
		{"postgres:16-alpine", "postgres", true},
		{"docker.io/library/postgres:16", "postgres", true},
		{"library/postgres@sha256:abc", "postgres", true},
		{"bitnami/postgresql:16", "postgres", false},
		{"bitnami/postgresql:16", "*postgres*", true},
		{"ghcr.io/x/postgres:1", "postgres", true},          /* the name alone */
		{"python:3.12-slim", "python:*-slim*", true},
		{"python:3.12-slim-bookworm", "python:*-slim*", true},
		{"python:3.12", "python:*-slim*", false},
		{"python", "python:latest", true},                    /* no tag: latest */
		{"docker.io/python:3.12-slim", "python:3.12-slim", true},
	};
	pl_arena a;
	pl_arena_init(&a);
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++)
		if (pl_grade__image_matches(&a, cases[i].image, cases[i].pattern) != cases[i].want)
			fail_msg("'%s' ~ '%s' should be %d", cases[i].image, cases[i].pattern, cases[i].want);
	pl_arena_free(&a);
}

static void test_points(void **state)
{
	(void)state;
	char b[32];
	static const struct {
		long c;
		const char *want;
	} cases[] = {{0, "0"}, {100, "1"}, {150, "1.5"}, {1225, "12.25"}, {5, "0.05"}, {5000, "50"}};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		pl_grade__fmt_points(b, sizeof(b), cases[i].c);
		assert_string_equal(b, cases[i].want);
	}
}

/* Grade one fixture submission with a rubric (NULL: the built-in one); its score in centipoints. */
static long grade_with(const char *text, const char *name, pl_grade_sub *s, pl_grade_rubric *r)
{
	if (!text)
		text = pl_grade_rubric_builtin("module-project");
	const char *err;
	assert_int_equal(pl_grade_rubric_load(r, "builtin", text, strlen(text), &err), 0);
	pl_config cfg;
	pl_config_init(&cfg);
	assert_int_equal(pl_config_select(&cfg, r->data->select, &err), 0);
	cfg.disable_pragmas = true;
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/fixtures/grade/class1/%s", PL_SOURCE_DIR, name);
	pl_grade_project p;
	pl_grade__project_load(&p, dir, &cfg, 1 << 20);
	memset(s, 0, sizeof(*s));
	pl_arena_init(&s->arena);
	s->path = name;
	pl_grade__score(s, r, &p);
	pl_grade__project_free(&p);
	pl_config_free(&cfg);
	return s->score;
}

static long grade_fixture(const char *name, pl_grade_sub *s, pl_grade_rubric *r)
{
	return grade_with(NULL, name, s, r);
}

static const pl_grade_result *result(const pl_grade_sub *s, const char *id)
{
	for (size_t i = 0; i < s->nresults; i++)
		if (strcmp(s->results[i].item->id, id) == 0)
			return &s->results[i];
	fail_msg("no item '%s'", id);
	return NULL;
}

static void test_model_and_beginner(void **state)
{
	(void)state;
	pl_grade_sub s;
	pl_grade_rubric r;
	assert_int_equal(grade_fixture("model", &s, &r), 5000);
	assert_int_equal(s.nnotes, 0);
	pl_grade__sub_free(&s);
	pl_grade_rubric_free(&r);

	assert_int_equal(grade_fixture("beginner", &s, &r), 3300);
	assert_false(result(&s, "deps-first")->passed);
	assert_string_equal(result(&s, "deps-first")->finds[0].code, "PL1001");
	assert_string_equal(result(&s, "deps-first")->why_from, "PL1001"); /* the rule's doc explains it */
	const pl_grade_result *url = result(&s, "database-url");
	assert_int_equal(url->nfinds, 1);
	assert_string_equal(url->finds[0].file, "compose.yaml");
	assert_int_equal(url->finds[0].line, 7);
	assert_non_null(strstr(url->finds[0].message, "'localhost'"));
	const pl_grade_result *sec = result(&s, "no-secrets");
	assert_int_equal(sec->nfinds, 2);
	assert_int_equal(sec->earned, 300); /* 5 points, 1 off per finding */
	assert_non_null(sec->why);
	pl_grade__sub_free(&s);
	pl_grade_rubric_free(&r);

	/* Ignore pragmas earn nothing. */
	assert_int_equal(grade_fixture("pragmas", &s, &r), 4400);
	assert_false(result(&s, "pip-no-cache")->passed);
	pl_grade__sub_free(&s);
	pl_grade_rubric_free(&r);
}

/* A rule and a check that see the same problem count it once, in the rule's words. */
static void test_one_problem_once(void **state)
{
	(void)state;
	pl_grade_sub s;
	pl_grade_rubric r;
	const char *text = HEAD "      - {id: a, title: A, points: 5, rule: DL3025, check: dockerfile.cmd_exec_form,\n"
	                        "         partial: per-occurrence}\n";
	assert_int_equal(grade_with(text, "loopback", &s, &r), 400);
	const pl_grade_result *res = result(&s, "a");
	assert_int_equal(res->nfinds, 1);
	assert_string_equal(res->finds[0].code, "DL3025");
	assert_string_equal(res->why_from, "DL3025");
	pl_grade__sub_free(&s);
	pl_grade_rubric_free(&r);
}

/* What the Markdown writer makes of a submission named hostile. */
static char *render(const char *path, const char *message)
{
	pl_grade_rubric r;
	const char *err;
	const char *text = HEAD "      - {id: a, title: 'A <b>|x</b>', points: 2, rule: DL3042}\n";
	assert_int_equal(pl_grade_rubric_load(&r, "r.yaml", text, strlen(text), &err), 0);
	pl_grade_sub s;
	memset(&s, 0, sizeof(s));
	pl_arena_init(&s.arena);
	s.path = path;
	s.max = 200;
	long sec = 0;
	s.section_score = &sec;
	pl_grade_find f = {"Dockerfile", 3, 1, "DL3042", message, "RUN ```x```"};
	pl_grade_result res = {&r.data->items[0], 0, false, &f, 1, "why", "fix", NULL};
	s.results = &res;
	s.nresults = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	pl_grade__report_md(out, &r, &s);
	fputs("\n--json--\n", out);
	pl_grade_class c = {&r, (pl_grade_sub *[]){&s}, 1};
	pl_grade__json(out, &c);
	fclose(out);
	pl_grade__sub_free(&s);
	pl_grade_rubric_free(&r);
	return buf;
}

static void test_escaping(void **state)
{
	(void)state;
	char *md = render("x<script>|\xff", "service 'a|b' uses `x` and *y* <z>");
	assert_non_null(strstr(md, "# x\\<script\\>\\|\xef\xbf\xbd: 0/2"));       /* escaped, invalid UTF-8 replaced */
	assert_non_null(strstr(md, "A \\<b\\>\\|x\\</b\\>"));                   /* titles too */
	assert_non_null(strstr(md, "service `a|b` uses `x` and \\*y\\* \\<z\\>")); /* subjects as code */
	assert_non_null(strstr(md, "  ````text\n  3 | RUN ```x```\n  ````"));     /* a longer fence */
	assert_non_null(strstr(md, "\"submission\": \"x<script>|\xef\xbf\xbd\""));  /* JSON stays valid UTF-8 */
	free(md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rubric_errors),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_predicate_table),
		cmocka_unit_test(test_image_globs),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_model_and_beginner),
		cmocka_unit_test(test_one_problem_once),
		cmocka_unit_test(test_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
