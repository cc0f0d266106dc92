/*
** Pragmas in compose files, through the engine: each form suppresses
** what it should (a key's subtree, a line, the rest of the file, the
** whole file, some rules or all) and nothing else.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "plimsoll/lint.h"
#include "plimsoll/rule.h"
#include "testlib.h"

/* The front end's rules only: the cases are about pragmas, not about the other compose rules. */
static void front_end_rules(pl_config *cfg)
{
	pl_config_init(cfg);
	assert_int_equal(pl_config_select(cfg, "PL0002,PL0003,PL0004", NULL), 0);
}

/* "3:PL0003 7:PL0004" for the diagnostics of text, in order. */
static char *lint(const char *text, size_t *nsuppressed)
{
	pl_config cfg;
	front_end_rules(&cfg);
	pl_file f;
	pl_file_init(&f, "compose.yaml", text, strlen(text), PL_FILE_COMPOSE);
	pl_lint_file(&f, &cfg);
	static char out[4096];
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < f.diags.n && n < sizeof(out) - 32; i++) {
		const pl_diag *d = f.diags.v[i];
		pl_pos p = pl_source_pos(d->src, d->span.off);
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%zu:%s", n ? " " : "", p.line, d->code);
	}
	if (nsuppressed)
		*nsuppressed = f.nsuppressed;
	pl_file_free(&f);
	pl_config_free(&cfg);
	return out;
}

#define EXPECT(text, want) assert_string_equal(lint((text), NULL), (want))

static const char BASE[] = "services:\n"              /* 1 */
                           "  api:\n"                 /* 2 */
                           "    image: api\n"         /* 3 */
                           "    healtcheck: {}\n"     /* 4 */
                           "    restart: sometimes\n" /* 5 */
                           "    ports: [\"99999:1\"]\n"; /* 6 */

static void test_no_pragma(void **state)
{
	(void)state;
	EXPECT(BASE, "4:PL0003 5:PL0003 6:PL0004");
}

static void test_ignore_key(void **state)
{
	(void)state;
	/* One key: its line only. */
	EXPECT("services:\n  api:\n    image: api\n    # plimsoll ignore=PL0003\n    healtcheck: {}\n"
	       "    restart: sometimes\n",
	       "6:PL0003");
	/* A service: its whole subtree, not the next service. */
	EXPECT("services:\n  # plimsoll ignore=PL0003,PL0004\n  api:\n    healtcheck: {}\n"
	       "    ports: [\"99999:1\"]\n  db:\n    restart: sometimes\n",
	       "7:PL0003");
	/* Only the named rules. */
	EXPECT("services:\n  # plimsoll ignore=PL0004\n  api:\n    healtcheck: {}\n"
	       "    ports: [\"99999:1\"]\n",
	       "4:PL0003");
	/* hadolint's word and a rule name work; comments may stack; a blank line breaks it. */
	EXPECT("services:\n  api:\n    # hadolint ignore=compose-schema\n    # why: legacy\n"
	       "    restart: sometimes\n    # plimsoll ignore=PL0003\n\n    healtcheck: {}\n",
	       "8:PL0003");
	/* A list item. */
	EXPECT("services:\n  api:\n    ports:\n      # plimsoll ignore=PL0004\n      - \"99999:1\"\n"
	       "      - \"88888:1\"\n",
	       "6:PL0004");
	/* 'all' covers every rule. */
	EXPECT("services:\n  # plimsoll ignore=all\n  api:\n    healtcheck: {}\n    ports: [\"99999:1\"]\n", "");
}

static void test_global(void **state)
{
	(void)state;
	EXPECT("# plimsoll global ignore=PL0004\nservices:\n  api:\n    healtcheck: {}\n"
	       "    ports: [\"99999:1\"]\n",
	       "4:PL0003");
	EXPECT("services:\n  api:\n    healtcheck: {}\n    ports: [\"99999:1\"]\n"
	       "# hadolint global ignore=compose-schema\n",
	       "4:PL0004");
}

static void test_dclint(void **state)
{
	(void)state;
	/* disable: from its line on, every rule or the named ones. */
	EXPECT("services:\n  api:\n    healtcheck: {}\n    # dclint disable\n    restart: sometimes\n"
	       "    ports: [\"99999:1\"]\n",
	       "3:PL0003");
	EXPECT("services:\n  api:\n    healtcheck: {}\n    # dclint disable PL0004\n    restart: sometimes\n"
	       "    ports: [\"99999:1\"]\n",
	       "3:PL0003 5:PL0003");
	/* Above the first key it is for the whole file, finding on line 1 and all. */
	EXPECT("\n# dclint disable PL0003\nservices:\n  api:\n    healtcheck: {}\n", "");
	EXPECT("\n# dclint disable PL0004\nservices:\n  api:\n    healtcheck: {}\n", "5:PL0003");
	EXPECT("services:\n  api:\n    # dclint disable compose-port-volume-syntax, PL0003\n"
	       "    restart: sometimes\n    ports: [\"99999:1\"]\n",
	       "");
	/* disable-line: its own line, as a trailing comment. */
	EXPECT("services:\n  api:\n    healtcheck: {}\n    restart: sometimes # dclint disable-line\n"
	       "    ports: [\"99999:1\"]\n",
	       "3:PL0003 5:PL0004");
	EXPECT("services:\n  api:\n    restart: sometimes # dclint disable-line PL0004\n", "3:PL0003");
	/* disable-line alone on its line: the line below (dclint's reading), and only that one. */
	EXPECT("services:\n  api:\n    # dclint disable-line PL0003\n    healtcheck: {}\n"
	       "    restart: sometimes\n",
	       "5:PL0003");
	EXPECT("services:\n  api:\n    # dclint disable-line\n\n    healtcheck: {}\n", "5:PL0003");
	/* disable-next-line: the line below only. */
	EXPECT("services:\n  api:\n    # dclint disable-next-line PL0003\n    healtcheck: {}\n"
	       "    restart: sometimes\n",
	       "5:PL0003");
	/* disable-file: everything, when only blanks, comments and '---' come before it. */
	EXPECT("# dclint disable-file\nservices:\n  api:\n    healtcheck: {}\n    ports: [\"99999:1\"]\n", "");
	EXPECT("---\n\n# a header\n# dclint disable-file\nservices:\n  api:\n    healtcheck: {}\n", "");
	/* Below a key dclint ignores it; here it covers what follows, as disable does. */
	EXPECT("services:\n  api:\n    healtcheck: {}\n# dclint disable-file\n  db:\n    healtcheck: {}\n",
	       "3:PL0003");
	EXPECT("services: # dclint disable-file\n  api:\n    healtcheck: {}\n", "");
}

static void test_not_pragmas(void **state)
{
	(void)state;
	/* Inside quoted and block scalars a '#' is text. */
	EXPECT("services:\n  api:\n    command: \"echo # dclint disable-file\"\n    healtcheck: {}\n", "4:PL0003");
	EXPECT("services:\n  api:\n    command: |\n      echo hi\n      # dclint disable-file\n"
	       "    healtcheck: {}\n",
	       "6:PL0003");
	/* A '#' glued to text is not a comment; an unknown tool is not ours. */
	EXPECT("services:\n  api:\n    image: a#dclint disable-line\n    healtcheck: {}\n", "4:PL0003");
	EXPECT("services:\n  api:\n    # eslint ignore=PL0003\n    healtcheck: {}\n", "4:PL0003");
	/* A trailing plimsoll ignore= covers nothing (it is for the key below). */
	EXPECT("services:\n  api:\n    healtcheck: {} # plimsoll ignore=PL0003\n", "3:PL0003");
	/* YAML errors cannot be silenced. */
	EXPECT("# dclint disable-file\nservices:\n  a: 1\n  a: 2\n", "4:PL0002");
}

static void test_suppressed_count(void **state)
{
	(void)state;
	size_t n = 0;
	lint("# dclint disable-file\nservices:\n  api:\n    healtcheck: {}\n    restart: never\n", &n);
	assert_int_equal(n, 2);
}

/* In an override file, its own pragmas apply to its own findings only. */
static int read_override(void *ud, const char *path, size_t limit, char **out, size_t *len,
                         const char **err)
{
	(void)ud, (void)limit;
	if (strcmp(path, "override.yaml") != 0) {
		*err = "No such file or directory";
		return -1;
	}
	static const char text[] = "# plimsoll global ignore=PL0003\nservices:\n  api:\n    restart: never\n";
	*len = sizeof(text) - 1;
	*out = malloc(sizeof(text));
	memcpy(*out, text, sizeof(text));
	return 0;
}

static void test_override_file(void **state)
{
	(void)state;
	static const char *const over[] = {"override.yaml"};
	pl_compose_opts o = {0};
	o.files = over;
	o.nfiles = 1;
	o.read = read_override;
	pl_config cfg;
	front_end_rules(&cfg);
	static const char text[] = "services:\n  api:\n    image: api\n    healtcheck: {}\n";
	pl_file f;
	pl_file_init(&f, "compose.yaml", text, strlen(text), PL_FILE_COMPOSE);
	f.compose_opts = &o;
	pl_lint_file(&f, &cfg);
	assert_int_equal(f.diags.n, 1);
	assert_string_equal(f.diags.v[0]->src->path, "compose.yaml");
	assert_int_equal(f.nsuppressed, 1);
	pl_file_free(&f);
	pl_config_free(&cfg);
}

/* Many pragmas, many keys, many findings: linear, not pragmas x keys. */
static void test_many_pragmas(void **state)
{
	(void)state;
	size_t n = 20000, cap = n * 120 + 64, len = 0;
	char *t = test_malloc(cap);
	len += (size_t)snprintf(t, cap, "services:\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len,
		                        "  # plimsoll ignore=PL0003\n  s%zu:\n    restart: never # dclint disable-line PL0004\n",
		                        i);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len, "# plimsoll ignore=PL0003\n");
	len += (size_t)snprintf(t + len, cap - len, "x-last: 1\n");
	clock_t c0 = clock();
	size_t suppressed = 0;
	const char *out = lint(t, &suppressed);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	assert_string_equal(out, "");
	assert_int_equal(suppressed, n);
	if (secs > 20)
		fail_msg("%zu pragmas took %.1f s", 2 * n, secs);
	test_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_pragma),
		cmocka_unit_test(test_ignore_key),
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_dclint),
		cmocka_unit_test(test_not_pragmas),
		cmocka_unit_test(test_suppressed_count),
		cmocka_unit_test(test_override_file),
		cmocka_unit_test(test_many_pragmas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
