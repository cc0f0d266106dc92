/*
** Unit tests: the configuration loader.  plimsoll's files are strict
** (unknown keys, wrong types and unknown rules are positioned errors),
** hadolint's are lenient where hadolint is; the dialect follows the file
** name, then the keys; pl_config_write loads back to the same settings.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "plimsoll/config.h"
#include "plimsoll/rule.h"

/* Load text as the file path into a fresh cfg; return the loader's result, the error in *err. */
static int load(pl_config *cfg, const char *path, const char *text, const char **err)
{
	pl_config_init(cfg);
	*err = NULL;
	return pl_config_load_text(cfg, path, text, strlen(text), PL_CONFIG_AUTO, err);
}

/* The load fails with exactly the message want. */
static void expect_error(const char *path, const char *text, const char *want)
{
	pl_config cfg;
	const char *err;
	int rc = load(&cfg, path, text, &err);
	if (rc != -1 || !err || strcmp(err, want) != 0)
		fail_msg("%s:\n%s\nwant: %s\ngot:  %s (rc %d)", path, text, want, err ? err : "(none)", rc);
	pl_config_free(&cfg);
}

static const pl_rule *rule(const char *id)
{
	const pl_rule *r = pl_rule_find(id);
	assert_non_null(r);
	return r;
}

static void test_defaults(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "", &err), 0);
	assert_int_equal(cfg.failure_threshold, PL_SEV_INFO);
	assert_int_equal(cfg.nlabel_schema, 0);
	assert_int_equal(cfg.trusted_registries.n, 0);
	assert_false(cfg.strict_labels);
	assert_false(cfg.disable_pragmas);
	assert_true(pl_config_rule_on(&cfg, rule("DL3008")));
	pl_config_free(&cfg);
	/* a file of comments only is the defaults too */
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "# nothing yet\n", &err), 0);
	pl_config_free(&cfg);
}

static void test_plimsoll_keys(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	const char *text = "select: [DL3008, DL3026, DL3049]\n"
	                   "ignore: [DL3049, SC2086]\n"
	                   "severity:\n  DL3008: error\n  DL3026: none\n"
	                   "failure-threshold: warning\n"
	                   "disable-ignore-pragma: true\n"
	                   "trusted-registries: [docker.io, \"*.corp.example\"]\n"
	                   "label-schema:\n  maintainer: email\n  org.opencontainers.image.version: semver\n"
	                   "strict-labels: true\n";
	assert_int_equal(load(&cfg, "repo/.plimsoll.yaml", text, &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_PLIMSOLL);
	assert_string_equal(cfg.path, "repo/.plimsoll.yaml");
	assert_true(cfg.select_given);
	assert_true(pl_config_rule_on(&cfg, rule("DL3008")));
	assert_false(pl_config_rule_on(&cfg, rule("DL3009")));  /* not selected */
	assert_false(pl_config_rule_on(&cfg, rule("DL3049")));  /* selected, then ignored */
	assert_false(pl_config_rule_on(&cfg, rule("DL3026")));  /* severity none */
	assert_int_equal(pl_config_rule_severity(&cfg, rule("DL3008")), PL_SEV_ERROR);
	assert_true(pl_config_code_ignored(&cfg, "SC2086"));
	assert_int_equal(cfg.failure_threshold, PL_SEV_WARNING);
	assert_true(cfg.disable_pragmas);
	assert_int_equal(cfg.trusted_registries.n, 2);
	assert_string_equal(cfg.trusted_registries.v[1], "*.corp.example");
	assert_int_equal(cfg.nlabel_schema, 2);
	assert_string_equal(cfg.label_schema[1].name, "org.opencontainers.image.version");
	assert_int_equal(cfg.label_schema[1].type, PL_LABEL_SEMVER);
	assert_true(cfg.strict_labels);
	pl_config_free(&cfg);

	/* no-fail wins over failure-threshold, wherever it stands */
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "no-fail: true\nfailure-threshold: error\n", &err), 0);
	assert_int_equal(cfg.failure_threshold, PL_SEV_NONE);
	pl_config_free(&cfg);
	/* a comma-separated string is a list; an empty value an empty one */
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "ignore: DL3008, DL3009\nselect:\n", &err), 0);
	assert_false(pl_config_rule_on(&cfg, rule("DL3009")));
	assert_false(cfg.select_given);
	pl_config_free(&cfg);
}

static void test_plimsoll_errors(void **state)
{
	(void)state;
	const char *p = "sub/.plimsoll.yaml";
	expect_error(p, "ignore: [DL3008]\nignroe: [DL3009]\n",
	             "sub/.plimsoll.yaml:2:1: unknown key 'ignroe' (did you mean 'ignore'?)");
	expect_error(p, "colour: red\n",
	             "sub/.plimsoll.yaml:1:1: unknown key 'colour' (expected select, enable, ignore, severity, "
	             "failure-threshold, no-fail, disable-ignore-pragma, require-reason, "
	             "warn-unused-ignores, trusted-registries, label-schema, strict-labels, exclude, "
	             "force-exclude, overrides or rules)");
	expect_error(p, "trustedRegistries: [docker.io]\n",
	             "sub/.plimsoll.yaml:1:1: unknown key 'trustedRegistries': hadolint's spelling; "
	             "plimsoll's is 'trusted-registries'");
	expect_error(p, "override:\n  error: [DL3008]\n",
	             "sub/.plimsoll.yaml:1:1: unknown key 'override': hadolint's spelling; plimsoll's is "
	             "'severity'");
	expect_error(p, "format: json\n",
	             "sub/.plimsoll.yaml:1:1: unknown key 'format': give output options on the command line");
	expect_error(p, "ignore:\n  a: b\n",
	             "sub/.plimsoll.yaml:2:3: 'ignore' expects a list of rule codes, not a mapping");
	expect_error(p, "select: [DL3008, [DL3009]]\n",
	             "sub/.plimsoll.yaml:1:18: 'select' expects a list of rule codes; this item is a list");
	expect_error(p, "ignore: [DL3008, not-a-rule]\n",
	             "sub/.plimsoll.yaml:1:18: unknown rule 'not-a-rule'");
	expect_error(p, "severity:\n  DL3008: loud\n",
	             "sub/.plimsoll.yaml:2:11: unknown severity 'loud' (expected error, warning, info, "
	             "style or none)");
	expect_error(p, "severity:\n  NOPE1: error\n", "sub/.plimsoll.yaml:2:3: unknown rule 'NOPE1'");
	expect_error(p, "severity: [DL3008]\n",
	             "sub/.plimsoll.yaml:1:11: 'severity' expects a mapping of rule codes to levels, not a list");
	expect_error(p, "failure-threshold: [error]\n",
	             "sub/.plimsoll.yaml:1:20: 'failure-threshold' expects a level, not a list");
	expect_error(p, "failure-threshold: high\n",
	             "sub/.plimsoll.yaml:1:20: unknown failure threshold 'high' (expected error, warning, "
	             "info, style or none)");
	expect_error(p, "strict-labels: yes\n",
	             "sub/.plimsoll.yaml:1:16: 'strict-labels' expects true or false, not this value");
	expect_error(p, "no-fail:\n", "sub/.plimsoll.yaml:1:9: 'no-fail' expects true or false, not an empty value");
	expect_error(p, "label-schema:\n  maintainer: person\n",
	             "sub/.plimsoll.yaml:2:15: unknown label type 'person' (expected text, url, rfc3339, "
	             "spdx, hash, semver or email)");
	expect_error(p, "label-schema:\n  maintainer:\n",
	             "sub/.plimsoll.yaml:2:14: 'maintainer' expects a label type, not an empty value");
	expect_error(p, "trusted-registries:\n  docker.io: yes\n",
	             "sub/.plimsoll.yaml:2:3: 'trusted-registries' expects a list of registries, not a mapping");
	/* YAML problems: syntax, duplicate keys, more than one document, not a mapping */
	expect_error(p, "ignore: [DL3008\n", "sub/.plimsoll.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence");
	expect_error(p, "ignore: [DL3008]\nignore: [DL3009]\n",
	             "sub/.plimsoll.yaml:2:1: duplicate key 'ignore'");
	expect_error(p, "ignore: []\n---\nselect: []\n",
	             "sub/.plimsoll.yaml:2:1: a configuration file holds one YAML document");
	expect_error(p, "- DL3008\n",
	             "sub/.plimsoll.yaml:1:1: the configuration must be a mapping of keys to values, not a list");
	expect_error(p, "? [a]\n: b\n", "sub/.plimsoll.yaml:1:3: configuration keys must be strings");
}

static void test_hadolint_file(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	const char *text = "ignored:\n  - DL3008\n  - SC2086\n  - DL9999\n"
	                   "override:\n  error: [DL3009]\n  style:\n    - DL3015\n    - DL9998\n"
	                   "  fatal: [DL3014]\n"
	                   "trustedRegistries: my-company.com:5000\n"
	                   "label-schema:\n  author: text\n"
	                   "strict-labels: yes\n"
	                   "no-fail: true\n"
	                   "format: json\nno-color: true\nverbose: true\n"
	                   "some-future-key: 3\n";
	assert_int_equal(load(&cfg, "/home/u/project/.hadolint.yaml", text, &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_HADOLINT);
	assert_false(pl_config_rule_on(&cfg, rule("DL3008")));
	assert_true(pl_config_code_ignored(&cfg, "SC2086"));
	assert_true(pl_config_code_ignored(&cfg, "DL9999"));
	assert_int_equal(pl_config_rule_severity(&cfg, rule("DL3009")), PL_SEV_ERROR);
	assert_int_equal(pl_config_rule_severity(&cfg, rule("DL3015")), PL_SEV_STYLE);
	assert_int_equal(pl_config_rule_severity(&cfg, rule("DL3014")), rule("DL3014")->severity);
	assert_int_equal(cfg.trusted_registries.n, 1);
	assert_string_equal(cfg.trusted_registries.v[0], "my-company.com:5000");
	assert_int_equal(cfg.nlabel_schema, 1);
	assert_int_equal(cfg.label_schema[0].type, PL_LABEL_TEXT);
	assert_true(cfg.strict_labels);
	assert_int_equal(cfg.failure_threshold, PL_SEV_NONE);
	pl_config_free(&cfg);

	/* hadolint's files still fail on what hadolint fails on: wrong types, bad label types */
	expect_error(".hadolint.yml", "ignored:\n  a: b\n",
	             ".hadolint.yml:2:3: 'ignored' expects a list of rule codes, not a mapping");
	expect_error(".hadolint.yaml", "label-schema:\n  author: name\n",
	             ".hadolint.yaml:2:11: unknown label type 'name' (expected text, url, rfc3339, spdx, "
	             "hash, semver or email)");
	expect_error(".hadolint.yaml", "failure-threshold: loud\n",
	             ".hadolint.yaml:1:20: unknown failure threshold 'loud' (expected error, warning, info, "
	             "style or none)");
}

static void test_dialect(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	/* named after hadolint: its files, wherever they are */
	static const char *const hadolint_names[] = {
		".hadolint.yaml", "x/.hadolint.yml", "/home/u/.config/hadolint.yaml",
		"/home/u/.hadolint/config.yaml", "/tmp/case3.hadolint.yaml"};
	for (size_t i = 0; i < sizeof(hadolint_names) / sizeof(*hadolint_names); i++) {
		assert_int_equal(load(&cfg, hadolint_names[i], "unknown: 1\n", &err), 0);
		assert_int_equal(cfg.dialect, PL_CONFIG_HADOLINT);
		pl_config_free(&cfg);
	}
	/* another name: hadolint's when a key only hadolint has is there, else plimsoll's */
	assert_int_equal(load(&cfg, "ci/lint.yaml", "ignored: [DL3008]\nunknown: 1\n", &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_HADOLINT);
	pl_config_free(&cfg);
	expect_error("ci/lint.yaml", "ignore: [DL3008]\nselects: [DL3009]\n",
	             "ci/lint.yaml:2:1: unknown key 'selects' (did you mean 'select'?)");
	/* .plimsoll.yaml is ours even when it uses hadolint's keys */
	expect_error("hadolint-migration/.plimsoll.yaml", "ignored: [DL3008]\n",
	             "hadolint-migration/.plimsoll.yaml:1:1: unknown key 'ignored': hadolint's spelling; "
	             "plimsoll's is 'ignore'");
	assert_string_equal(pl_config_dialect_name(PL_CONFIG_AUTO), "defaults");
}

/* What pl_config_write prints for cfg (malloc'd). */
static char *written(const pl_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	pl_config_write(cfg, f);
	fclose(f);
	return buf;
}


/* enable: turns rules on (off-by-default ones too) and leaves the others as they are. */
static void test_enable(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "", &err), 0);
	assert_false(pl_config_rule_on(&cfg, rule("services-alphabetical-order")));
	pl_config_free(&cfg);
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "enable: [PL2113, service-keys-order]\n", &err), 0);
	assert_true(pl_config_rule_on(&cfg, rule("PL2113")));
	assert_true(pl_config_rule_on(&cfg, rule("PL2111")));
	assert_true(pl_config_rule_on(&cfg, rule("DL3008")));
	assert_false(pl_config_rule_on(&cfg, rule("PL2114")));
	pl_config_free(&cfg);
	expect_error(".plimsoll.yaml", "enable: [PL9999]\n", ".plimsoll.yaml:1:10: unknown rule 'PL9999'");
}

/* rules: the options of dclint's rules, under dclint's names, checked strictly. */
static void test_rule_options(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	assert_int_equal(load(&cfg, ".plimsoll.yaml", "", &err), 0);
	assert_true(cfg.check_pull_policy);
	assert_int_equal(cfg.quote_type, '\'');
	assert_int_equal(cfg.prohibited_tags.n, 9);
	assert_int_equal(cfg.top_level_order.n, 9);
	assert_int_equal(cfg.nkey_groups, 9);
	assert_int_equal(cfg.key_group_order.n, 9);
	assert_null(cfg.container_name_re);
	pl_config_free(&cfg);
	static const char text[] = "rules:\n"
	                           "  no-build-and-image: {checkPullPolicy: false}\n"
	                           "  PL2107:\n    quoteType: double\n    portsSections: [ports]\n"
	                           "  service-image-require-explicit-tag: {prohibitedTags: [edge]}\n"
	                           "  service-container-name-regex: {pattern: '/^[a-z]+$/i'}\n"
	                           "  service-keys-order:\n"
	                           "    groupOrder: [Net, Core Definitions]\n"
	                           "    groups: {Net: [ports], Core Definitions: [image]}\n"
	                           "  top-level-properties-order: {customOrder: [services, x-properties]}\n"
	                           "  no-unbound-port-interfaces: {allowedIps: [127.0.0.1]}\n";
	assert_int_equal(load(&cfg, ".plimsoll.yaml", text, &err), 0);
	assert_false(cfg.check_pull_policy);
	assert_int_equal(cfg.quote_type, '"');
	assert_true(cfg.quote_ports);
	assert_false(cfg.quote_expose);
	assert_int_equal(cfg.prohibited_tags.n, 1);
	assert_non_null(cfg.container_name_re);
	assert_int_equal(cfg.nkey_groups, 10); /* Net added, Core Definitions replaced */
	assert_int_equal(cfg.key_group_order.n, 2);
	assert_int_equal(cfg.top_level_order.n, 2);
	assert_int_equal(cfg.allowed_ips.n, 1);
	pl_config_free(&cfg);
	const char *p = ".plimsoll.yaml";
	expect_error(p, "rules:\n  no-such-rule: {}\n", ".plimsoll.yaml:2:3: unknown rule 'no-such-rule'");
	expect_error(p, "rules:\n  PL2107: {quotType: single}\n",
	             ".plimsoll.yaml:2:12: unknown option 'quotType' of 'PL2107' (expected quoteType, "
	             "portsSections)");
	expect_error(p, "rules:\n  DL3008: {x: 1}\n", ".plimsoll.yaml:2:12: 'DL3008' takes no options");
	expect_error(p, "rules:\n  PL2107: {quoteType: backtick}\n",
	             ".plimsoll.yaml:2:23: unknown quote type 'backtick' (expected single or double)");
	expect_error(p, "rules:\n  PL2108: {pattern: '(['}\n",
	             ".plimsoll.yaml:2:21: bad regular expression '([': missing terminating ] for character "
	             "class at offset 2");
	expect_error(p, "rules:\n  PL2111: {groupOrder: [Nope]}\n",
	             ".plimsoll.yaml:1:1: service-keys-order: 'groupOrder' names the group 'Nope', which "
	             "'groups' lacks");
	expect_error(p, "rules:\n  PL2110: {prohibitedTags: latest}\n",
	             ".plimsoll.yaml:2:28: 'prohibitedTags' expects a list of tags, not a single value");
	expect_error(p, "rules:\n  PL2101: [1]\n",
	             ".plimsoll.yaml:2:11: the options of 'PL2101' are a mapping, not a list");
}

/* A .dclintrc: JSON (or YAML), dclint's levels and options; every dclint rule on unless 0. */
static void test_dclint_file(void **state)
{
	(void)state;
	pl_config cfg;
	const char *err;
	static const char json[] =
		"{\n  \"rules\": {\n    \"no-version-field\": 0,\n"
		"    \"require-quotes-in-ports\": [1, {\"quoteType\": \"double\", \"futureOption\": true}],\n"
		"    \"top-level-properties-order\": [2, {\"customOrder\": [\"x-properties\", \"services\"]}],\n"
		"    \"no-duplicate-exported-ports\": \"warn\",\n"
		"    \"order-services\": \"off\"\n  },\n"
		"  \"quiet\": true,\n  \"exclude\": [\"vendor\"]\n}\n";
	assert_int_equal(load(&cfg, "proj/.dclintrc", json, &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_DCLINT);
	assert_string_equal(pl_config_dialect_name(cfg.dialect), "dclint");
	assert_false(pl_config_rule_on(&cfg, rule("no-version-field")));
	assert_true(pl_config_rule_on(&cfg, rule("PL2107")));
	assert_int_equal(pl_config_rule_severity(&cfg, rule("PL2107")), PL_SEV_WARNING);
	assert_int_equal(cfg.quote_type, '"');
	assert_true(pl_config_rule_on(&cfg, rule("PL2114")));
	assert_int_equal(pl_config_rule_severity(&cfg, rule("PL2114")), PL_SEV_ERROR);
	assert_int_equal(cfg.top_level_order.n, 2);
	assert_int_equal(pl_config_rule_severity(&cfg, rule("PL2011")), PL_SEV_WARNING);
	assert_false(pl_config_rule_on(&cfg, rule("PL2113")));
	/* dclint's rules that are off here by default are on, as in dclint */
	assert_true(pl_config_rule_on(&cfg, rule("PL2111")));
	assert_true(pl_config_rule_on(&cfg, rule("PL2109")));
	/* the others keep their defaults */
	assert_true(pl_config_rule_on(&cfg, rule("DL3008")));
	pl_config_free(&cfg);
	/* by shape: a 'rules' mapping of levels, or a key only dclint has */
	assert_int_equal(load(&cfg, "lint.json", "{\"rules\": {\"no-version-field\": 1}}", &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_DCLINT);
	pl_config_free(&cfg);
	assert_int_equal(load(&cfg, "lint.yml", "debug: false\n", &err), 0);
	assert_int_equal(cfg.dialect, PL_CONFIG_DCLINT);
	pl_config_free(&cfg);
	assert_int_equal(load(&cfg, ".dclintrc.yaml", "rules:\n  service-keys-order:\n    - 1\n"
	                                                "    - groupOrder: [Other]\n"
	                                                "      groups: {Other: [image, build]}\n",
	                      &err),
	                 0);
	assert_int_equal(cfg.key_group_order.n, 1);
	pl_config_free(&cfg);
	expect_error(".dclintrc", "{\"rules\": {\"no-such-rule\": 1}}", ".dclintrc:1:12: unknown rule 'no-such-rule'");
	expect_error(".dclintrc", "{\"rules\": {\"no-version-field\": 3}}",
	             ".dclintrc:1:32: 'no-version-field' expects a level: 0, 1 or 2 (off, warning, error)");
	expect_error(".dclintrc", "{\"colour\": 1}",
	             ".dclintrc:1:2: unknown key 'colour' (dclint's configuration has rules, quiet, debug and "
	             "exclude)");
}

static void test_write_round_trip(void **state)
{
	(void)state;
	static const char *const inputs[] = {
		"",
		"select: [DL3008, DL3026]\nseverity: {DL3008: style}\n",
		"ignore: [DL3009, SC2086]\nfailure-threshold: error\nstrict-labels: true\n"
		"trusted-registries: [\"*\", \"*.corp.example\", \"registry:5000\", \"null\", \"a\\\"b\"]\n"
		"label-schema: {\"my key\": url, \"yes\": email, maintainer: email}\n",
		"no-fail: true\ndisable-ignore-pragma: true\n",
		"enable: [PL2113]\nrules:\n  PL2107: {quoteType: double, portsSections: [expose]}\n"
		"  PL2108: {pattern: \"^[a-z]+$\"}\n  PL2111: {groups: {\"My keys\": [image]}, groupOrder: [My keys]}\n",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(*inputs); i++) {
		pl_config a, b;
		const char *err;
		if (load(&a, ".plimsoll.yaml", inputs[i], &err) != 0)
			fail_msg("input %zu: %s", i, err);
		char *first = written(&a);
		if (load(&b, ".plimsoll.yaml", first, &err) != 0)
			fail_msg("input %zu wrote a file that does not load: %s\n%s", i, err, first);
		char *second = written(&b);
		assert_string_equal(first, second);
		assert_int_equal(a.failure_threshold, b.failure_threshold);
		assert_int_equal(a.select_given, b.select_given);
		assert_int_equal(a.nlabel_schema, b.nlabel_schema);
		for (size_t k = 0; k < pl_rule_count; k++) {
			assert_int_equal(pl_config_rule_on(&a, pl_rules[k]), pl_config_rule_on(&b, pl_rules[k]));
			assert_int_equal(pl_config_rule_severity(&a, pl_rules[k]),
			                 pl_config_rule_severity(&b, pl_rules[k]));
		}
		free(first);
		free(second);
		pl_config_free(&a);
		pl_config_free(&b);
	}
}

static void test_label_type_names(void **state)
{
	(void)state;
	assert_string_equal(pl_label_type_name(PL_LABEL_TEXT), "text");
	assert_string_equal(pl_label_type_name(PL_LABEL_EMAIL), "email");
	assert_string_equal(pl_label_type_name(PL_LABEL__COUNT), "?");
}

static void test_load_file(void **state)
{
	(void)state;
	pl_config cfg;
	pl_config_init(&cfg);
	const char *err = NULL;
	assert_int_equal(pl_config_load(&cfg, "/nonexistent/.plimsoll.yaml", &err), -1);
	assert_non_null(err);
	assert_true(strncmp(err, "/nonexistent/.plimsoll.yaml: ", 29) == 0);
	pl_config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_plimsoll_keys),
		cmocka_unit_test(test_plimsoll_errors),
		cmocka_unit_test(test_hadolint_file),
		cmocka_unit_test(test_dialect),
		cmocka_unit_test(test_enable),
		cmocka_unit_test(test_rule_options),
		cmocka_unit_test(test_dclint_file),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_label_type_names),
		cmocka_unit_test(test_load_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
