/*
** ShellCheck in RUN (src/shellcheck.c): the json1 reader, ShellCheck's
** column counting, exact positions compared with what shellcheck says
** for the same script written as a file, the configuration of SC codes,
** and a shellcheck that fails, hangs or prints junk (the lint goes on).
** Tests that need a real shellcheck are skipped when there is none.
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plimsoll/lint.h"
#include "plimsoll/rule.h"
#include "shellcheck.h"
#include "testlib.h"

/* A private folder for this test's files (also TMPDIR, to see that runs clean up). */
static char tmpdir[256];

static char *shellcheck_path(void)
{
	return pl_shellcheck__which("shellcheck");
}

#define NEED_SHELLCHECK()                                               \
	char *sc_path = shellcheck_path();                              \
	if (!sc_path) {                                                 \
		print_message("shellcheck not in PATH: skipped\n");      \
		skip();                                                 \
	}

/* ---- log capture ------------------------------------------------------ */

typedef struct logbook {
	int errors, verbose;
	char first[512];
} logbook;

static void log_fn(void *ud, pl_sc_log_level level, const char *msg)
{
	logbook *b = ud;
	if (level == PL_SC_LOG_ERROR) {
		if (!b->errors++)
			snprintf(b->first, sizeof(b->first), "%s", msg);
	} else {
		b->verbose++;
	}
}

/* ---- linting ------------------------------------------------------------ */

typedef struct run {
	pl_config cfg;
	pl_shellcheck sc;
	logbook log;
	pl_file file;
} run;

/* Configure r: select (NULL: defaults), runner on program (NULL: no runner). */
static void setup(run *r, const char *select, const char *program, unsigned timeout_ms)
{
	memset(r, 0, sizeof(*r));
	pl_config_init(&r->cfg);
	const char *err = NULL;
	if (select)
		assert_int_equal(pl_config_select(&r->cfg, select, &err), 0);
	if (program) {
		pl_shellcheck__init(&r->sc, program, timeout_ms, log_fn, &r->log);
		r->cfg.shellcheck = &r->sc;
	}
}

static void lint(run *r, const char *text)
{
	pl_file_init(&r->file, "Dockerfile", text, strlen(text), PL_FILE_DOCKERFILE);
	pl_lint_file(&r->file, &r->cfg);
}

static void teardown_run(run *r)
{
	pl_file_free(&r->file);
	pl_config_free(&r->cfg);
}

static size_t count_code(const pl_file *f, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < f->diags.n; i++)
		n += strncmp(f->diags.v[i]->code, prefix, strlen(prefix)) == 0;
	return n;
}

/* The temporary folder holds nothing of ours: every run cleaned up. */
static void assert_tmp_clean(void)
{
	DIR *d = opendir(tmpdir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "plimsoll-sc-", 12) == 0)
			fail_msg("left behind: %s/%s", tmpdir, e->d_name);
	closedir(d);
}

/* ---- the json1 reader --------------------------------------------------- */

static void test_json1_reads(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	const char *j =
		"{\"comments\":[{\"file\":\"/t/0\",\"line\":2,\"endLine\":3,\"column\":7,\"endColumn\":9,"
		"\"level\":\"warning\",\"code\":2154,\"message\":\"a is referenced but not assigned.\",\"fix\":null},"
		" {\"fix\":{\"replacements\":[{\"column\":7,\"insertionPoint\":\"afterEnd\",\"precedence\":7,"
		"\"replacement\":\"\\\"\"}, {\"x\": [true, false, null, -1.5e3, {}]}]}, \"file\":\"/t/1\","
		"\"line\":1,\"column\":1,\"level\":\"style\",\"code\":2016,"
		"\"message\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\t\"}],\"extra\":[1,2]}\n";
	pl_sc_comment *cs = NULL;
	long n = pl_shellcheck__read_json1(&a, j, strlen(j), &cs);
	assert_int_equal(n, 2);
	assert_string_equal(cs[0].file, "/t/0");
	assert_int_equal(cs[0].line, 2);
	assert_int_equal(cs[0].end_line, 3);
	assert_int_equal(cs[0].col, 7);
	assert_int_equal(cs[0].end_col, 9);
	assert_int_equal(cs[0].code, 2154);
	assert_int_equal(cs[0].level, PL_SEV_WARNING);
	assert_string_equal(cs[0].message, "a is referenced but not assigned.");
	assert_int_equal(cs[1].level, PL_SEV_STYLE);
	assert_int_equal(cs[1].end_line, 1); /* missing end: the start */
	assert_int_equal(cs[1].end_col, 1);
	assert_string_equal(cs[1].message, "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \t");

	const char *empty = " {\"comments\":[]} ";
	assert_int_equal(pl_shellcheck__read_json1(&a, empty, strlen(empty), &cs), 0);
	pl_arena_free(&a);
}

static void test_json1_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"junk",
		"{",
		"{}",                                   /* no comments */
		"{\"comments\":{}}",
		"{\"comments\":[]} trailing",
		"{\"comments\":[{\"file\":\"f\",\"line\":1,\"column\":1,\"level\":\"warning\",\"code\":1}]}", /* no message */
		"{\"comments\":[{\"file\":\"f\",\"line\":1,\"column\":1,\"level\":\"fatal\",\"code\":1,\"message\":\"m\"}]}",
		"{\"comments\":[{\"file\":\"f\",\"line\":\"1\",\"column\":1,\"level\":\"info\",\"code\":1,\"message\":\"m\"}]}",
		"{\"comments\":[{\"file\":\"f\",\"line\":1,\"column\":1,\"level\":\"info\",\"code\":1,\"message\":\"m\\x\"}]}",
		"{\"comments\":[{\"file\":\"f\",\"line\":1,\"column\":1,\"level\":\"info\",\"code\":1,\"message\":\"m}]}",
		"{\"comments\":[],\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};
	pl_arena a;
	pl_arena_init(&a);
	for (size_t i = 0; i < PL_ARRAY_LEN(bad); i++) {
		pl_sc_comment *cs = NULL;
		if (pl_shellcheck__read_json1(&a, bad[i], strlen(bad[i]), &cs) != -1)
			fail_msg("accepted: %s", bad[i]);
	}
	pl_arena_free(&a);
}

/* ---- columns as ShellCheck counts them ----------------------------------- */

static void test_char_len(void **state)
{
	(void)state;
	static const struct { const char *s; size_t len; } cases[] = {
		{"a", 1}, {"\t", 1}, {"\xc3\xa9", 2}, {"\xe2\x82\xac", 3}, {"\xf0\x9f\x98\x80", 4},
		{"\xc0\x80", 2},         /* overlong: still one character to ShellCheck */
		{"\xed\xa0\x80", 3},     /* a surrogate, too */
		{"\xf4\x90\x80\x80", 1}, /* past U+10FFFF: bytes one by one */
		{"\xf8\x88\x80\x80\x80", 1}, {"\x80", 1}, {"\xc3 ", 1}, {"\xe2\x82 ", 1}, {"\xf0\x9f\x98 ", 1},
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++)
		assert_int_equal(pl_shellcheck__char_len(cases[i].s, strlen(cases[i].s)), cases[i].len);
	assert_int_equal(pl_shellcheck__char_len("\xc3\xa9", 1), 1); /* cut short */
}

/* ---- positions ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
** What shellcheck says for script (written to a file with the #! line
** 'shebang'), with each line moved by line_shift: "CODE line:col-line:col"
** lines, sorted, in buf.
*/
static void shellcheck_file(const char *sc_path, const char *shebang, const char *script,
                            long line_shift, char *buf, size_t size)
{
	char path[512], cmd[1200];
	snprintf(path, sizeof(path), "%s/script.sh", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fprintf(f, "%s\n%s", shebang, script);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' --norc -f json1 -e SC1090,SC1091,SC2187 '%s'", sc_path, path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *out = calloc(1, 1 << 20);
	size_t n = fread(out, 1, (1 << 20) - 1, p);
	pclose(p);
	unlink(path);
	pl_arena a;
	pl_arena_init(&a);
	pl_sc_comment *cs = NULL;
	long k = pl_shellcheck__read_json1(&a, out, n, &cs);
	assert_true(k >= 0);
	char **lines = calloc((size_t)k + 1, sizeof(char *));
	for (long i = 0; i < k; i++) {
		lines[i] = malloc(96);
		snprintf(lines[i], 96, "SC%ld %ld:%ld-%ld:%ld", cs[i].code, cs[i].line + line_shift, cs[i].col,
		         cs[i].end_line + line_shift, cs[i].end_col);
	}
	qsort(lines, (size_t)k, sizeof(char *), cmp_str);
	buf[0] = '\0';
	for (long i = 0; i < k; i++) {
		strncat(buf, lines[i], size - strlen(buf) - 2);
		strcat(buf, "\n");
		free(lines[i]);
	}
	free(lines);
	free(out);
	pl_arena_free(&a);
}

/* The SC findings of f on lines [lo, hi], in the form of shellcheck_file. */
static void findings(const pl_file *f, size_t lo, size_t hi, char *buf, size_t size)
{
	char **lines = calloc(f->diags.n + 1, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < f->diags.n; i++) {
		const pl_diag *d = f->diags.v[i];
		pl_pos a = pl_source_pos(&f->src, d->span.off);
		pl_pos b = pl_source_pos(&f->src, pl_span_end(d->span));
		if (strncmp(d->code, "SC", 2) != 0 || a.line < lo || a.line > hi)
			continue;
		lines[k] = malloc(96);
		snprintf(lines[k++], 96, "%s %zu:%zu-%zu:%zu", d->code, a.line, a.col, b.line, b.col);
	}
	qsort(lines, k, sizeof(char *), cmp_str);
	buf[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		strncat(buf, lines[i], size - strlen(buf) - 2);
		strcat(buf, "\n");
		free(lines[i]);
	}
	free(lines);
}

static void same_positions(const pl_file *f, size_t lo, size_t hi, const char *sc_path,
                           const char *script, long shift)
{
	char want[8192], got[8192];
	shellcheck_file(sc_path, "#!/bin/sh", script, shift, want, sizeof(want));
	findings(f, lo, hi, got, sizeof(got));
	if (!*want)
		fail_msg("shellcheck found nothing in the test script: the test would prove nothing");
	if (strcmp(want, got) != 0)
		fail_msg("lines %zu-%zu\n--- shellcheck on the script as a file\n%s--- plimsoll\n%s", lo, hi, want, got);
}

/*
** A RUN over continuation lines with tabs and multibyte characters, a
** heredoc script, a <<- heredoc whose tabs are stripped: every finding
** lands where shellcheck puts it in the same script written as a file.
*/
static void test_positions(void **state)
{
	(void)state;
	NEED_SHELLCHECK();
	static const char dockerfile[] =
		"FROM debian:12-slim\n"                              /* 1 */
		"RUN echo \"h\xc3\xa9llo\" $one \\\n"                 /* 2 */
		"\t&& printf '%s\\n' \"\xc3\xbc\xe2\x82\xac\" $two\t$three \\\n" /* 3 */
		"    && cd $four\t&& ls `pwd` \\\n"                   /* 4 */
		"\t&& [ $five == x ]\n"                               /* 5 */
		"RUN <<EOF\n"                                         /* 6 */
		"set -e\n"                                            /* 7 */
		"\techo \"\xc3\xa7" "a\" $six\n"                         /* 8 */
		"for x in $(ls); do echo $x; done\n"                  /* 9 */
		"EOF\n"                                               /* 10 */
		"RUN <<-EOF\n"                                        /* 11 */
		"\tif [ -n $seven ]; then\n"                          /* 12 */
		"\t\t\techo \"\xe2\x82\xac\" $eight\n"                /* 13 */
		"\tfi\n"                                              /* 14 */
		"\t" "EOF\n";                                            /* 15 */
	run r;
	setup(&r, "SC", sc_path, 60000);
	lint(&r, dockerfile);
	assert_int_equal(r.log.errors, 0);
	/* The RUN as a script: "RUN" becomes blanks so that columns stay, line 2 is line 2. */
	same_positions(&r.file, 2, 5, sc_path,
	               "    echo \"h\xc3\xa9llo\" $one \\\n"
	               "\t&& printf '%s\\n' \"\xc3\xbc\xe2\x82\xac\" $two\t$three \\\n"
	               "    && cd $four\t&& ls `pwd` \\\n"
	               "\t&& [ $five == x ]\n", 0);
	/* The heredoc body: script line 2 is Dockerfile line 7. */
	same_positions(&r.file, 7, 9, sc_path,
	               "set -e\n\techo \"\xc3\xa7" "a\" $six\nfor x in $(ls); do echo $x; done\n", 5);
	/* The <<- body with its tabs (the shell strips them): script line 2 is line 12. */
	same_positions(&r.file, 12, 14, sc_path,
	               "\tif [ -n $seven ]; then\n\t\t\techo \"\xe2\x82\xac\" $eight\n\tfi\n", 10);
	teardown_run(&r);
	assert_tmp_clean();
	free(sc_path);
}

/* ---- configuration of SC codes ------------------------------------------ */

static const char sc_file[] =
	"FROM debian:12-slim\n"
	"RUN echo $one\n"        /* SC2086 info, SC2154 warning */
	"# hadolint ignore=SC2154\n"
	"RUN echo $two\n"        /* SC2086 */
	"# plimsoll ignore=shellcheck\n"
	"RUN echo $three\n";     /* nothing */

static void test_config(void **state)
{
	(void)state;
	NEED_SHELLCHECK();
	run r;
	const char *err = NULL;

	setup(&r, "SC", sc_path, 60000);
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC2086"), 2);
	assert_int_equal(count_code(&r.file, "SC2154"), 1);
	assert_int_equal(count_code(&r.file, "SC"), 3);
	assert_int_equal(r.file.nsuppressed, 3);
	for (size_t i = 0; i < r.file.diags.n; i++) {
		const pl_diag *d = r.file.diags.v[i];
		assert_int_equal(d->severity, strcmp(d->code, "SC2086") == 0 ? PL_SEV_INFO : PL_SEV_WARNING);
		assert_true(d->message[strlen(d->message) - 1] != '.');
	}
	teardown_run(&r);

	setup(&r, "SC2154", sc_path, 60000); /* one code */
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC2154"), 1);
	assert_int_equal(count_code(&r.file, "SC"), 1);
	assert_int_equal(r.file.diags.n, 1);
	teardown_run(&r);

	setup(&r, "SC", sc_path, 60000);
	assert_int_equal(pl_config_ignore(&r.cfg, "SC2086", &err), 0);
	assert_int_equal(pl_config_set_severity(&r.cfg, "SC2154=error", &err), 0);
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC2086"), 0);
	assert_int_equal(count_code(&r.file, "SC2154"), 1);
	assert_int_equal(r.file.diags.v[0]->severity, PL_SEV_ERROR);
	teardown_run(&r);

	setup(&r, "SC", sc_path, 60000); /* the family's severity, then one code's */
	assert_int_equal(pl_config_set_severity(&r.cfg, "shellcheck=style", &err), 0);
	assert_int_equal(pl_config_set_severity(&r.cfg, "SC2154=none", &err), 0);
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC2154"), 0);
	assert_int_equal(count_code(&r.file, "SC2086"), 2);
	assert_int_equal(r.file.diags.v[0]->severity, PL_SEV_STYLE);
	teardown_run(&r);

	setup(&r, "DL3006", sc_path, 60000); /* SC not selected: no run at all */
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC"), 0);
	assert_int_equal(r.sc.runs, 0);
	teardown_run(&r);

	setup(&r, NULL, sc_path, 60000); /* on by default, one process for the whole file */
	lint(&r, sc_file);
	assert_int_equal(count_code(&r.file, "SC"), 3);
	assert_int_equal(count_code(&r.file, "DL3006"), 0); /* the tag is pinned */
	assert_int_equal(r.sc.runs, 1);
	teardown_run(&r);
	assert_tmp_clean();
	free(sc_path);
}

/* Without a runner (no shellcheck, or --shellcheck off) the rest still works. */
static void test_no_shellcheck(void **state)
{
	(void)state;
	run r;
	setup(&r, NULL, NULL, 0);
	lint(&r, "FROM debian\nRUN echo $x\n");
	assert_int_equal(count_code(&r.file, "SC"), 0);
	assert_int_equal(count_code(&r.file, "DL3006"), 1);
	teardown_run(&r);
}

/* ---- a shellcheck that misbehaves ------------------------------------------ */

/* Write an executable script to tmpdir/name; returns its path (static buffer per call site). */
static void fake(char *path, size_t size, const char *name, const char *body)
{
	snprintf(path, size, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char two_runs[] = "FROM debian\nRUN echo $x\nRUN echo $y\n";

/* Lint two files with program; the lint itself must be whole. */
static void misbehaving(const char *program, unsigned timeout_ms, bool fatal, const char *says)
{
	run r;
	setup(&r, NULL, program, timeout_ms);
	double t0 = now_s();
	for (int i = 0; i < 2; i++) {
		lint(&r, two_runs);
		assert_int_equal(count_code(&r.file, "SC"), 0);
		assert_int_equal(count_code(&r.file, "DL3006"), 1); /* the other rules ran */
		pl_file_free(&r.file);
	}
	assert_true(now_s() - t0 < 10.0);
	assert_int_equal(r.log.errors, 1); /* told once */
	if (!strstr(r.log.first, says))
		fail_msg("expected '%s' in: %s", says, r.log.first);
	assert_int_equal(r.sc.broken, fatal);
	assert_int_equal(r.sc.runs, fatal ? (strstr(says, "cannot run") ? 0 : 1) : 2);
	assert_int_equal(r.log.verbose, fatal ? 0 : 1); /* later failures: --verbose only */
	pl_config_free(&r.cfg);
	assert_tmp_clean();
}

static void test_broken_false(void **state)
{
	(void)state;
	misbehaving("/bin/false", 60000, false, "printed nothing");
}

static void test_broken_junk(void **state)
{
	(void)state;
	char p[512];
	fake(p, sizeof(p), "junk", "echo '{\"comments\":[{'");
	misbehaving(p, 60000, false, "not ShellCheck's json1");
}

static void test_broken_status(void **state)
{
	(void)state;
	char p[512];
	fake(p, sizeof(p), "status", "echo 'shellcheck: bad option' >&2; exit 4");
	misbehaving(p, 60000, false, "exited with status 4: shellcheck: bad option");
}

static void test_broken_missing(void **state)
{
	(void)state;
	misbehaving("/nonexistent/shellcheck", 60000, true, "cannot run");
}

static void test_broken_hangs(void **state)
{
	(void)state;
	char p[512];
	/* It also starts a child of its own: the whole group is stopped. */
	fake(p, sizeof(p), "sleepy", "sleep 60 & sleep 60");
	misbehaving(p, 300, true, "did not finish within 0.3 s");
}

/* The command line: --shellcheck /bin/false and a sleeping shellcheck leave the run whole. */
static void test_cli_broken(void **state)
{
	(void)state;
	char df[512], out[512], errf[512], sleepy[512], cmd[4096];
	snprintf(df, sizeof(df), "%s/Dockerfile", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(errf, sizeof(errf), "%s/err", tmpdir);
	FILE *f = fopen(df, "w");
	fputs(two_runs, f);
	fclose(f);
	fake(sleepy, sizeof(sleepy), "sleepy2", "sleep 60");
	const char *programs[] = {"/bin/false", sleepy};
	for (size_t i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd),
		         "'%s' --no-config --format gnu --shellcheck '%s' --shellcheck-timeout 0.5 '%s' '%s' >'%s' 2>'%s'",
		         PL_BINARY, programs[i], df, df, out, errf);
		int st = system(cmd);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 1); /* DL3006 is a finding: exit 1, not 2 */
		size_t n;
		char *o = pl_test_read_file(out, &n);
		char *e = pl_test_read_file(errf, &n);
		assert_non_null(strstr(o, "[DL3006]"));
		assert_null(strstr(o, "[SC"));
		assert_non_null(strstr(e, "shellcheck failed on"));
		assert_null(strchr(strchr(e, '\n') + 1, '\n')); /* one line */
		free(o);
		free(e);
	}
	unlink(df);
	unlink(out);
	unlink(errf);
	assert_tmp_clean();
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pl-test-sc-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("TMPDIR", tmpdir, 1);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	static const char *const names[] = {"junk", "status", "sleepy", "sleepy2"};
	char p[600];
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmpdir, names[i]);
		unlink(p);
	}
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json1_reads),
		cmocka_unit_test(test_json1_rejects),
		cmocka_unit_test(test_char_len),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_no_shellcheck),
		cmocka_unit_test(test_broken_false),
		cmocka_unit_test(test_broken_junk),
		cmocka_unit_test(test_broken_status),
		cmocka_unit_test(test_broken_missing),
		cmocka_unit_test(test_broken_hangs),
		cmocka_unit_test(test_cli_broken),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
