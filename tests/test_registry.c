/*
** The registry's promises: every rule in rules/rules.def has rules/ID.c,
** a doc rules/ID.md with the required sections, and fixtures that fire
** and fixtures that stay silent; codes are sorted and unique; names and
** aliases never collide.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plimsoll/rule.h"
#include "testlib.h"

static void test_sorted_unique(void **state)
{
	(void)state;
	assert_true(pl_rule_count > 0);
	for (size_t i = 1; i < pl_rule_count; i++) {
		if (strcmp(pl_rules[i - 1]->id, pl_rules[i]->id) >= 0)
			fail_msg("rules.def is not sorted at %s, %s", pl_rules[i - 1]->id, pl_rules[i]->id);
	}
}

static bool kebab(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return s[-1] != '-';
}

/* Every name a user can write resolves to exactly its own rule. */
static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		if (!kebab(r->name))
			fail_msg("%s: name '%s' is not kebab-case", r->id, r->name);
		if (!r->summary || !*r->summary || r->summary[strlen(r->summary) - 1] == '.')
			fail_msg("%s: summary missing or ends with a period", r->id);
		if (pl_rule_find(r->id) != r || pl_rule_find(r->name) != r)
			fail_msg("%s: code or name '%s' resolves to another rule", r->id, r->name);
		for (const char *const *a = r->aliases; a && *a; a++)
			if (pl_rule_find(*a) != r)
				fail_msg("%s: alias '%s' resolves to another rule", r->id, *a);
		if (r->severity < PL_SEV_STYLE || r->severity > PL_SEV_ERROR)
			fail_msg("%s: bad default severity", r->id);
		if (pl_rule_index(r) != i)
			fail_msg("%s: index mismatch", r->id);
	}
}

static void test_docs(void **state)
{
	(void)state;
	static const char *const sections[] = {"\n## Why\n", "\n## Bad\n", "\n## Good\n", "\n## Fix\n"};
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		const char *doc = pl_rule_doc(r->id);
		if (!doc)
			fail_msg("%s: no rules/%s.md", r->id, r->id);
		char title[128];
		snprintf(title, sizeof(title), "# %s %s\n", r->id, r->name);
		if (strncmp(doc, title, strlen(title)) != 0)
			fail_msg("%s: doc must start with '%.*s'", r->id, (int)strlen(title) - 1, title);
		const char *at = doc;
		for (size_t k = 0; k < PL_ARRAY_LEN(sections); k++) {
			const char *s = strstr(at, sections[k]);
			if (!s)
				fail_msg("%s: doc lacks section '%s' (or it is out of order)", r->id, sections[k] + 1);
			at = s + 1;
		}
		char path[512];
		snprintf(path, sizeof(path), "%s/rules/%s.c", PL_SOURCE_DIR, r->id);
		struct stat st;
		if (stat(path, &st) != 0)
			fail_msg("%s: no rules/%s.c", r->id, r->id);
	}
}

/* fixtures/ID/ holds at least one case that fires and one that stays silent. */
static void test_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/fixtures/%s", PL_SOURCE_DIR, r->id);
		DIR *d = opendir(dir);
		if (!d)
			fail_msg("%s: no fixtures/%s/", r->id, r->id);
		int fires = 0, silent = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			size_t n = strlen(e->d_name);
			if (n < 10 || strcmp(e->d_name + n - 9, ".expected") != 0)
				continue;
			char path[1024];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			size_t len = 0;
			char *text = pl_test_read_file(path, &len);
			if (!text)
				continue;
			if (len)
				fires++;
			else
				silent++;
			free(text);
		}
		closedir(d);
		if (!fires)
			fail_msg("%s: no fixture that triggers the rule (a non-empty .expected)", r->id);
		if (!silent)
			fail_msg("%s: no fixture that must stay silent (an empty .expected)", r->id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_unique),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_docs),
		cmocka_unit_test(test_fixtures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
