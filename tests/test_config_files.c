/*
** Unit tests: the keys of .plimsoll.yaml about files and suppressions:
** exclude, force-exclude, overrides (per-file settings, applied in file
** order over the file's own, checked when the file is read), and the
** require-reason / warn-unused-ignores switches; the --init template
** loads as the defaults.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli_init.h"
#include "plimsoll/config.h"
#include "plimsoll/rule.h"

static const pl_rule *rule(const char *id)
{
	const pl_rule *r = pl_rule_find(id);
	assert_non_null(r);
	return r;
}

/* Load text as .plimsoll.yaml for the file relpath (NULL: no overrides); the error in *err. */
static int load_for(pl_config *cfg, const char *text, const char *relpath, const char **err)
{
	pl_config_init(cfg);
	*err = NULL;
	return pl_config_load_text_for(cfg, ".plimsoll.yaml", text, strlen(text), PL_CONFIG_AUTO,
	                               relpath, err);
}

static void expect_error(const char *text, const char *want)
{
	pl_config cfg;
	const char *err;
	int rc = load_for(&cfg, text, NULL, &err);
	if (rc != -1 || !err || strcmp(err, want) != 0)
		fail_msg("%s\nwant: %s\ngot:  %s (rc %d)", text, want, err ? err : "(none)", rc);
	pl_config_free(&cfg);
}

static const char OVERRIDES[] =
	"ignore: [DL3059]\n"
	"failure-threshold: warning\n"
	"trusted-registries: [docker.io]\n"
	"overrides:\n"
	"  \"legacy/**\":\n"
	"    ignore: [DL3008]\n"
	"    severity: {DL3015: error}\n"
	"    failure-threshold: error\n"
	"  Dockerfile.dev:\n"
	"    select: [DL3007]\n"
	"    trusted-registries: [ghcr.io]\n"
	"  \"legacy/old/**\":\n"
	"    failure-threshold: style\n";

static void test_overrides(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	/* The file alone: the globs are known, nothing of them applied. */
	assert_int_equal(load_for(&cfg, OVERRIDES, NULL, &err), 0);
	assert_int_equal(cfg.override_globs.n, 3);
	assert_string_equal(cfg.override_globs.v[1], "Dockerfile.dev");
	assert_true(pl_config_rule_on(&cfg, rule("DL3008")));
	assert_int_equal(cfg.failure_threshold, PL_SEV_WARNING);
	bool match[3];
	assert_int_equal(pl_config_overrides_matching(&cfg, "legacy/old/Dockerfile.dev", match), 3);
	assert_int_equal(pl_config_overrides_matching(&cfg, "app/Dockerfile", match), 0);

	/* pl_config_load_for applies the matching ones to the file's settings. */
	pl_config o;
	pl_config_init(&o);
	assert_int_equal(pl_config_load_for(&o, &cfg, "legacy/api/Dockerfile", &err), 0);
	assert_false(pl_config_rule_on(&o, rule("DL3008")));   /* the override's ignore */
	assert_false(pl_config_rule_on(&o, rule("DL3059")));   /* the file's still holds */
	assert_int_equal(pl_config_rule_severity(&o, rule("DL3015")), PL_SEV_ERROR);
	assert_int_equal(o.failure_threshold, PL_SEV_ERROR);
	pl_config_free(&o);

	/* Later matches win; a list replaces the file's. */
	pl_config_init(&o);
	assert_int_equal(pl_config_load_for(&o, &cfg, "legacy/old/Dockerfile.dev", &err), 0);
	assert_int_equal(o.failure_threshold, PL_SEV_STYLE);
	assert_true(o.select_given);
	assert_true(pl_config_rule_on(&o, rule("DL3007")));
	assert_false(pl_config_rule_on(&o, rule("DL3015")));
	assert_int_equal(o.trusted_registries.n, 1);
	assert_string_equal(o.trusted_registries.v[0], "ghcr.io");
	pl_config_free(&o);
	pl_config_free(&cfg);
}

static void test_override_errors(void **state)
{
	(void)state;
	expect_error("overrides:\n  \"a/**\":\n    ignroe: [DL3008]\n",
	             ".plimsoll.yaml:3:5: unknown key 'ignroe' (did you mean 'ignore'?)");
	expect_error("overrides:\n  \"a/**\":\n    exclude: [x]\n",
	             ".plimsoll.yaml:3:5: 'exclude' cannot be set in an override, only at the top of the file");
	expect_error("overrides:\n  \"a/**\":\n    ignore: [NOPE1]\n",
	             ".plimsoll.yaml:3:14: unknown rule 'NOPE1'");
	expect_error("overrides:\n  \"a/**\": [DL3008]\n",
	             ".plimsoll.yaml:2:11: the override 'a/**' expects a mapping of settings, not a list");
	expect_error("overrides:\n  \"a[\":\n    ignore: [DL3008]\n",
	             ".plimsoll.yaml:2:3: bad glob 'a[': '[' opens a set that is never closed (write '\\[' for "
	             "the character)");
	expect_error("exclude: [\"**x\"]\n",
	             ".plimsoll.yaml:1:11: bad glob '**x': '**' must be a whole segment, as in 'a/**/b' or "
	             "'**/*.yaml'");
	expect_error("force-exclude: yes\n", ".plimsoll.yaml:1:16: 'force-exclude' expects true or false, not this value");
	expect_error("overrides: [a]\n",
	             ".plimsoll.yaml:1:12: 'overrides' expects a mapping of globs to settings, not a list");
}

static void test_exclude(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	assert_int_equal(load_for(&cfg, "exclude: [vendor, \"testdata/**\", \"*.generated.yaml\"]\n"
	                                "force-exclude: true\n", NULL, &err), 0);
	assert_true(cfg.force_exclude);
	assert_true(pl_config_excludes(&cfg, "vendor/x/Dockerfile", false, true));
	assert_true(pl_config_excludes(&cfg, "a/vendor", true, true));
	assert_true(pl_config_excludes(&cfg, "testdata/Dockerfile", false, true));
	assert_false(pl_config_excludes(&cfg, "a/testdata/Dockerfile", false, true)); /* anchored */
	assert_true(pl_config_excludes(&cfg, "svc/compose.generated.yaml", false, true));
	assert_false(pl_config_excludes(&cfg, "svc/Dockerfile", false, true));
	/* Paths are relative to the config file's folder. */
	cfg.base_dir = "/repo";
	assert_string_equal(pl_config_relpath(&cfg, "/repo/a/Dockerfile"), "a/Dockerfile");
	assert_string_equal(pl_config_relpath(&cfg, "/repository/Dockerfile"), "/repository/Dockerfile");
	cfg.base_dir = "/";
	assert_string_equal(pl_config_relpath(&cfg, "/a"), "a");
	cfg.base_dir = NULL;
	pl_config_free(&cfg);
}

static void test_switches(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	assert_int_equal(load_for(&cfg, "", NULL, &err), 0);
	assert_false(pl_config_rule_on(&cfg, rule("PL0010"))); /* off by default */
	assert_false(pl_config_rule_on(&cfg, rule("PL0011")));
	pl_config_free(&cfg);
	/* on whatever select says, wherever the keys stand */
	assert_int_equal(load_for(&cfg, "require-reason: true\nwarn-unused-ignores: true\nselect: [DL3008]\n",
	                          NULL, &err), 0);
	assert_true(pl_config_rule_on(&cfg, rule("PL0010")));
	assert_true(pl_config_rule_on(&cfg, rule("PL0011")));
	assert_false(pl_config_rule_on(&cfg, rule("DL3015")));
	/* a later select (the command line's) keeps them once the switches are applied again */
	assert_int_equal(pl_config_select(&cfg, "DL3015", &err), 0);
	pl_config_apply_switches(&cfg);
	assert_true(pl_config_rule_on(&cfg, rule("PL0010")));
	pl_config_free(&cfg);
	/* per file, in an override */
	pl_config base, o;
	assert_int_equal(load_for(&base, "overrides:\n  \"*.dev\":\n    require-reason: true\n", NULL, &err), 0);
	pl_config_init(&o);
	assert_int_equal(pl_config_load_text_for(&o, ".plimsoll.yaml", base.text, base.text_len,
	                                         PL_CONFIG_PLIMSOLL, "Dockerfile.dev", &err), 0);
	assert_true(pl_config_rule_on(&o, rule("PL0010")));
	pl_config_free(&o);
	pl_config_free(&base);
}

/* What pl_config_write writes for cfg (malloc'd). */
static char *written(const pl_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	pl_config_write(cfg, f);
	fclose(f);
	return text;
}

/* The --init template is a valid configuration, and it is the defaults. */
static void test_init_template(void **state)
{
	(void)state;
	pl_config cfg, def;
	const char *err;
	assert_int_equal(load_for(&cfg, pl_cli_init_template, NULL, &err), 0);
	pl_config_init(&def);
	char *a = written(&cfg), *b = written(&def);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pl_config_free(&def);
	pl_config_free(&cfg);
}

/* pl_config_write writes the new keys, and what it writes loads back the same. */
static void test_write_round_trip(void **state)
{
	(void)state;
	pl_config cfg, again;
	const char *err;
	assert_int_equal(load_for(&cfg, "exclude: [\"a/**\", vendor]\nforce-exclude: true\n"
	                                "require-reason: true\nwarn-unused-ignores: true\n", NULL, &err), 0);
	char *a = written(&cfg);
	assert_non_null(strstr(a, "force-exclude: true\n"));
	assert_non_null(strstr(a, "exclude:\n  - \"a/**\"\n  - vendor\n"));
	assert_int_equal(load_for(&again, a, NULL, &err), 0);
	char *b = written(&again);
	assert_string_equal(a, b);
	free(a);
	free(b);
	pl_config_free(&again);
	pl_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_exclude),
		cmocka_unit_test(test_switches),
		cmocka_unit_test(test_init_template),
		cmocka_unit_test(test_write_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
