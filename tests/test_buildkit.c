/*
** BuildKit's build checks: the registry's promises about them, the
** `# check=` directive (skip, error, experimental; at the top and above
** one instruction), the one-problem-one-report mechanism (yields_to), and
** the rulekit helpers they share (image references, platforms,
** suggestions, the base-image environment table).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "plimsoll/lint.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* BuildKit's checks that need no registry (frontend/dockerfile/linter/ruleset.go). */
static const char *const checks[] = {
	"StageNameCasing", "FromAsCasing", "NoEmptyContinuation", "ConsistentInstructionCasing",
	"DuplicateStageName", "ReservedStageName", "JSONArgsRecommended", "MaintainerDeprecated",
	"UndefinedArgInFrom", "WorkdirRelativePath", "UndefinedVar", "MultipleInstructionsDisallowed",
	"LegacyKeyValueFormat", "RedundantTargetPlatform", "SecretsUsedInArgOrEnv",
	"InvalidDefaultArgInFrom", "FromPlatformFlagConstDisallowed", "CopyIgnoredFile",
	"InvalidDefinitionDescription", "ExposeProtoCasing", "ExposeInvalidFormat",
};

/* Every check has exactly one rule, marked buildkit, whose first alias is the check's name. */
static void test_every_check_has_a_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < PL_ARRAY_LEN(checks); i++) {
		const pl_rule *r = pl_rule_find(checks[i]);
		if (!r)
			fail_msg("no rule for BuildKit's %s", checks[i]);
		if (!r->buildkit || !r->aliases || strcmp(r->aliases[0], checks[i]) != 0)
			fail_msg("%s: must be buildkit with aliases[0] '%s'", r->id, checks[i]);
	}
	size_t n = 0;
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		if (!r->buildkit)
			continue;
		n++;
		if (!r->aliases || !r->aliases[0] || r->aliases[0][0] < 'A' || r->aliases[0][0] > 'Z')
			fail_msg("%s: a BuildKit check's first alias is its CamelCase BuildKit name", r->id);
	}
	assert_int_equal(n, PL_ARRAY_LEN(checks));
	/* Only InvalidDefinitionDescription is experimental (off by default). */
	for (size_t i = 0; i < pl_rule_count; i++)
		if (pl_rules[i]->buildkit && pl_rules[i]->off_by_default)
			assert_string_equal(pl_rules[i]->aliases[0], "InvalidDefinitionDescription");
}

/* yields_to names codes (built in or not), never the rule itself, and only Dockerfile rules if built in. */
static void test_yields_to(void **state)
{
	(void)state;
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		for (const char *const *c = r->yields_to; c && *c; c++) {
			if (strlen(*c) != 6 || strcmp(*c, r->id) == 0)
				fail_msg("%s: bad yields_to '%s'", r->id, *c);
			const pl_rule *to = pl_rule_find(*c);
			if (to && to->target != r->target)
				fail_msg("%s: yields to %s, a rule of another target", r->id, *c);
		}
	}
}

/* ---- linting a text ------------------------------------------------- */

typedef struct run {
	pl_config cfg;
	pl_file file;
} run;

/* Lint text (a Dockerfile) with the default configuration changed by ignore/select (NULL: none). */
static void lint(run *r, const char *text, const char *select, const char *ignore)
{
	pl_config_init(&r->cfg);
	const char *err = NULL;
	if (select)
		assert_int_equal(pl_config_select(&r->cfg, select, &err), 0);
	if (ignore)
		assert_int_equal(pl_config_ignore(&r->cfg, ignore, &err), 0);
	pl_file_init(&r->file, "Dockerfile", text, strlen(text), PL_FILE_DOCKERFILE);
	pl_lint_file(&r->file, &r->cfg);
}

static void done(run *r)
{
	pl_file_free(&r->file);
	pl_config_free(&r->cfg);
}

/* The diagnostics of code on 1-based line (line 0: anywhere). */
static size_t count(const run *r, const char *code, size_t line)
{
	size_t n = 0;
	for (size_t i = 0; i < r->file.diags.n; i++) {
		const pl_diag *d = r->file.diags.v[i];
		if (strcmp(d->code, code) == 0 && (!line || pl_source_pos(&r->file.src, d->span.off).line == line))
			n++;
	}
	return n;
}

static pl_severity severity_of(const run *r, const char *code)
{
	for (size_t i = 0; i < r->file.diags.n; i++)
		if (strcmp(r->file.diags.v[i]->code, code) == 0)
			return r->file.diags.v[i]->severity;
	fail_msg("no %s", code);
	return PL_SEV_NONE;
}

#define CASING "FROM debian:12 as base\nRUN apt-get install -y curl\n"

static void test_skip_all_is_buildkit_only(void **state)
{
	(void)state;
	run r;
	lint(&r, CASING, NULL, NULL);
	assert_int_equal(count(&r, "PL1102", 1), 1);
	assert_int_equal(count(&r, "DL3008", 2), 1);
	done(&r);
	lint(&r, "# check=skip=all\n" CASING, NULL, NULL);
	assert_int_equal(count(&r, "PL1102", 0), 0);
	assert_int_equal(count(&r, "DL3008", 3), 1); /* hadolint's rule is not a BuildKit check */
	done(&r);
	lint(&r, "#check=skip=ConsistentInstructionCasing, FromAsCasing\n" CASING, NULL, NULL);
	assert_int_equal(count(&r, "PL1102", 0), 0);
	done(&r);
	lint(&r, "# check=skip=ConsistentInstructionCasing\n" CASING, NULL, NULL);
	assert_int_equal(count(&r, "PL1102", 2), 1);
	done(&r);
	/* Codes and plimsoll names work too. */
	lint(&r, "# check=skip=from-as-casing,DL3008\n" CASING, NULL, NULL);
	assert_int_equal(count(&r, "PL1102", 0) + count(&r, "DL3008", 0), 0);
	done(&r);
}

static void test_error_true(void **state)
{
	(void)state;
	run r;
	lint(&r, "# check=error=true\n" CASING, NULL, NULL);
	assert_int_equal(severity_of(&r, "PL1102"), PL_SEV_ERROR);
	assert_int_equal(severity_of(&r, "DL3008"), PL_SEV_WARNING); /* not a BuildKit check */
	done(&r);
	lint(&r, "# check=skip=ConsistentInstructionCasing;error=false\n" CASING, NULL, NULL);
	assert_int_equal(severity_of(&r, "PL1102"), PL_SEV_STYLE);
	done(&r);
}

#define DESCRIBED "# not the name\nARG foo=1\nFROM scratch\n"

static void test_experimental(void **state)
{
	(void)state;
	run r;
	lint(&r, DESCRIBED, NULL, NULL);
	assert_int_equal(count(&r, "PL1113", 0), 0); /* off by default */
	done(&r);
	lint(&r, "# check=experimental=InvalidDefinitionDescription\n" DESCRIBED, NULL, NULL);
	assert_int_equal(count(&r, "PL1113", 3), 1);
	done(&r);
	lint(&r, "# check=skip=all;experimental=all\n" DESCRIBED, NULL, NULL);
	assert_int_equal(count(&r, "PL1113", 3), 1); /* skip=all leaves experimental checks alone */
	done(&r);
	lint(&r, DESCRIBED, "PL1113", NULL);
	assert_int_equal(count(&r, "PL1113", 2), 1); /* --select turns it on */
	done(&r);
	lint(&r, "# check=experimental=all\n" DESCRIBED, NULL, "InvalidDefinitionDescription");
	assert_int_equal(count(&r, "PL1113", 0), 0); /* configuration turned it off */
	done(&r);
	lint(&r, "# check=experimental=all\n" DESCRIBED, "DL3006", NULL);
	assert_int_equal(count(&r, "PL1113", 0), 0); /* a select list restricts the run */
	done(&r);
}

static void test_check_above_one_instruction(void **state)
{
	(void)state;
	run r;
	lint(&r,
	     "FROM scratch\n"
	     "# check=skip=all // local to the next instruction\n"
	     "ENV password=bar\n"
	     "ENV secret=baz\n"
	     "# check=skip=LegacyKeyValueFormat\n"
	     "ENV token value\n",
	     NULL, NULL);
	assert_int_equal(count(&r, "DL3064", 3), 0);
	assert_int_equal(count(&r, "DL3064", 4), 1);
	assert_int_equal(count(&r, "PL1109", 6), 0);
	assert_int_equal(count(&r, "DL3064", 6), 1);
	done(&r);
}

static void test_one_problem_one_report(void **state)
{
	(void)state;
	run r;
	const char *workdir = "FROM alpine:3.20\nWORKDIR app\n";
	lint(&r, workdir, NULL, NULL);
	assert_int_equal(count(&r, "DL3000", 2), 1);
	assert_int_equal(count(&r, "PL1106", 0), 0); /* yields to DL3000 */
	done(&r);
	lint(&r, workdir, NULL, "DL3000");
	assert_int_equal(count(&r, "PL1106", 2), 1); /* nothing to yield to */
	done(&r);
	/* A pragma on the preferred rule suppresses the problem, not just one report of it. */
	lint(&r, "FROM alpine:3.20\n# hadolint ignore=DL3000\nWORKDIR app\n", NULL, NULL);
	assert_int_equal(count(&r, "DL3000", 0) + count(&r, "PL1106", 0), 0);
	done(&r);
	/* PL1108 reports the ignored CMD (line 2) with a note on line 3, where DL4003 reports. */
	const char *cmds = "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]\nHEALTHCHECK CMD [\"x\"]\nHEALTHCHECK NONE\n";
	lint(&r, cmds, NULL, NULL);
	assert_int_equal(count(&r, "DL4003", 3), 1);
	assert_int_equal(count(&r, "PL1108", 2), 0);
	assert_int_equal(count(&r, "PL1108", 4), 1); /* HEALTHCHECK is PL1108's alone */
	done(&r);
	lint(&r, cmds, NULL, "DL4003");
	assert_int_equal(count(&r, "PL1108", 2), 1);
	done(&r);
}

/* JSONArgsRecommended: a SHELL in the stage or its base stage means the shell form is meant. */
static void test_shell_form_after_shell(void **state)
{
	(void)state;
	run r;
	lint(&r,
	     "FROM scratch AS base\nSHELL [\"/usr/bin/customshell\"]\n\nFROM base\nCMD mycommand\n"
	     "FROM scratch\nENTRYPOINT mycommand\n",
	     "DL3025", NULL);
	assert_int_equal(count(&r, "DL3025", 5), 0);
	assert_int_equal(count(&r, "DL3025", 7), 1);
	done(&r);
}

/* ---- rulekit helpers ------------------------------------------------ */

static void test_valid_image_ref(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"busybox", "busybox:latest", "library/busybox:1.36", "docker.io/library/busybox",
		"localhost:5000/team/app:v1.2-rc_1", "ghcr.io/owner/repo", "Registry.Example.com/a/b",
		"a__b/c-d.e:1", "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"scratch",
	};
	static const char *const bad[] = {
		"", "busybox:", ":latest", "BusyBox", "team/App", "a//b", "a/-b", "a:b:c", "alpine@sha256:xyz",
		"busybox:-x", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(ok); i++)
		if (!pl_rk_valid_image_ref(ok[i]))
			fail_msg("'%s' should be valid", ok[i]);
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++)
		if (pl_rk_valid_image_ref(bad[i]))
			fail_msg("'%s' should be invalid", bad[i]);
}

static void test_parse_platform(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	const char *os, *arch;
	assert_true(pl_rk_parse_platform(&a, "linux/amd64", &os, &arch));
	assert_string_equal(os, "linux");
	assert_string_equal(arch, "amd64");
	assert_true(pl_rk_parse_platform(&a, "Linux/x86_64", &os, &arch));
	assert_string_equal(os, "linux");
	assert_string_equal(arch, "amd64");
	assert_true(pl_rk_parse_platform(&a, "linux/arm64/v8", &os, &arch));
	assert_string_equal(arch, "arm64");
	assert_true(pl_rk_parse_platform(&a, "aarch64", &os, &arch));
	assert_string_equal(os, "linux");
	assert_string_equal(arch, "arm64");
	assert_true(pl_rk_parse_platform(&a, "windows", &os, &arch));
	assert_string_equal(os, "windows");
	assert_false(pl_rk_parse_platform(&a, "nonsense", &os, &arch));
	assert_false(pl_rk_parse_platform(&a, "linux//amd64", &os, &arch));
	assert_false(pl_rk_parse_platform(&a, "a/b/c/d", &os, &arch));
	assert_false(pl_rk_parse_platform(&a, "linux/*", &os, &arch));
	pl_arena_free(&a);
}

static void test_suggest(void **state)
{
	(void)state;
	static const char *const opts[] = {"DIR_BINARIES", "DIR_ASSETS", "DIR_CONFIG", "PATH"};
	assert_string_equal(pl_rk_suggest("DIR_ASSET", opts, 4), "DIR_ASSETS");
	assert_string_equal(pl_rk_suggest("PAHT", opts, 4), "PATH");
	assert_null(pl_rk_suggest("foo", opts, 4));
	assert_null(pl_rk_suggest("PATH", opts, 4)); /* the name itself is no suggestion */
}

static void test_map(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_rk_smap m;
	pl_rk_smap_init(&m, &a);
	const void *v = NULL;
	assert_false(pl_rk_smap_get(&m, "x", 1, &v));
	char key[16];
	for (int i = 0; i < 1000; i++) {
		int n = snprintf(key, sizeof(key), "k%d", i);
		pl_rk_smap_put(&m, key, (size_t)n, i % 2 ? key : NULL);
	}
	assert_int_equal(m.n, 1000);
	assert_true(pl_rk_smap_get(&m, "k998", 4, &v));
	assert_null(v); /* present with NULL */
	assert_true(pl_rk_smap_get(&m, "k999", 4, &v));
	assert_non_null(v);
	assert_false(pl_rk_smap_get(&m, "k1000", 5, &v));
	pl_rk_smap_put(&m, "k1", 2, NULL);
	assert_int_equal(m.n, 1000); /* replaced, not added */
	pl_arena_free(&a);
}

static void test_image_env(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_df_imageref ref;
	pl_df_imageref_parse(&ref, &a, "python:3.12-slim");
	assert_int_equal(pl_rk_image_env(&ref), PL_RK_ENV_KNOWN);
	assert_true(pl_rk_image_env_has(&ref, "PYTHON_VERSION", 14));
	assert_true(pl_rk_image_env_has(&ref, "GPG_KEY", 7));
	assert_false(pl_rk_image_env_has(&ref, "NODE_VERSION", 12));
	pl_df_imageref_parse(&ref, &a, "docker.io/library/php:8.3-fpm");
	assert_true(pl_rk_image_env_has(&ref, "PHP_INI_DIR", 11)); /* PHP_* */
	assert_true(pl_rk_image_env_has(&ref, "PHPIZE_DEPS", 11));
	pl_df_imageref_parse(&ref, &a, "mcr.microsoft.com/dotnet/sdk:8.0");
	assert_true(pl_rk_image_env_has(&ref, "DOTNET_VERSION", 14));
	pl_df_imageref_parse(&ref, &a, "debian:12");
	assert_int_equal(pl_rk_image_env(&ref), PL_RK_ENV_KNOWN);
	assert_false(pl_rk_image_env_has(&ref, "LANG", 4));
	pl_df_imageref_parse(&ref, &a, "ghcr.io/example/python:3");
	assert_int_equal(pl_rk_image_env(&ref), PL_RK_ENV_UNKNOWN);
	size_t n = 0;
	pl_df_imageref_parse(&ref, &a, "golang:1.22");
	const char *const *names = pl_rk_image_env_names(&a, &ref, &n);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "GOLANG_VERSION");
	pl_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_check_has_a_rule),
		cmocka_unit_test(test_yields_to),
		cmocka_unit_test(test_skip_all_is_buildkit_only),
		cmocka_unit_test(test_error_true),
		cmocka_unit_test(test_experimental),
		cmocka_unit_test(test_check_above_one_instruction),
		cmocka_unit_test(test_one_problem_one_report),
		cmocka_unit_test(test_shell_form_after_shell),
		cmocka_unit_test(test_valid_image_ref),
		cmocka_unit_test(test_parse_platform),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_image_env),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
