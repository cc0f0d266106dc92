/*
** The machine-readable renderers (sarif, checkstyle, codeclimate/gitlab,
** github, junit, rdjson) against golden files in tests/golden/: a small
** report built by hand, an empty report and a report of clean files.
** PL_BLESS=1 rewrites the golden files; review the diff like code.
** tests/validate_golden.py and tests/validate_sarif.py check that the
** golden files are well-formed and that the SARIF ones match the schema.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/output.h"
#include "plimsoll/rule.h"
#include "testlib.h"

#define GOLDEN PL_SOURCE_DIR "/tests/golden"

/* ---- fake rules: the golden files must not change when real rules do ---- */

static const pl_rule rule_error = {
	.id = "PLT100", .name = "test-error", .target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR, .category = PL_CAT_SECURITY,
	.summary = "A test rule of severity error",
};
static const pl_rule rule_warning = {
	.id = "PLT200", .name = "test-warning", .target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING, .category = PL_CAT_EFFICIENCY, .fix = PL_FIX_SAFE,
	.summary = "A test rule of severity warning",
};
static const pl_rule rule_info = {
	.id = "PLT300", .name = "test-info", .target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO, .category = PL_CAT_MAINTAINABILITY,
	.summary = "A test rule of severity info",
};
static const pl_rule rule_style = {
	.id = "PLT400", .name = "test-style", .target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE, .category = PL_CAT_STYLE,
	.summary = "A test rule of severity style",
};
/* The pseudo-rule external codes (SC2086) are reported under. */
static const pl_rule rule_shellcheck = {
	.id = "SC", .name = "shellcheck", .target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO, .category = PL_CAT_CORRECTNESS,
	.summary = "ShellCheck findings in RUN instructions",
};

/* ---- building a report by hand ------------------------------------------ */

static pl_file *file_new(const char *path, const char *text)
{
	pl_file *f = malloc(sizeof(*f));
	assert_non_null(f);
	pl_file_init(f, path, text, strlen(text), PL_FILE_DOCKERFILE);
	return f;
}

/* The span of the nth (0-based) occurrence of needle in f's text. */
static pl_span find(const pl_file *f, const char *needle, int nth)
{
	const char *p = f->src.text;
	for (;;) {
		p = strstr(p, needle);
		assert_non_null(p);
		if (nth-- == 0)
			break;
		p++;
	}
	return pl_span_make((size_t)(p - f->src.text), (size_t)(p - f->src.text) + strlen(needle));
}

static pl_diag *diag(pl_file *f, const pl_rule *rule, const char *code, pl_severity sev,
                     pl_span span, const char *msg)
{
	pl_diag *d = pl_arena_alloc(&f->arena, sizeof(*d));
	d->rule = rule;
	d->code = code ? code : rule->id;
	d->severity = sev;
	d->src = &f->src;
	d->span = span;
	d->message = msg;
	d->seq = f->diags.n;
	pl_diags_push(&f->diags, d);
	return d;
}

static void note(pl_file *f, pl_diag *d, pl_span span, const char *text)
{
	d->notes = pl_arena_alloc(&f->arena, sizeof(*d->notes));
	d->notes[0] = (pl_note){&f->src, span, text};
	d->nnotes = 1;
}

static const char DOCKERFILE[] =
	"# syntax=docker/dockerfile:1\n"
	"FROM debian:12 AS Build\n"
	"LABEL maintainer=\"Zoë\"\tversion=1\n"   /* a 2-byte character and a tab before the span */
	"ADD  app.py /srv/\n"
	"RUN apt-get install curl\n";

static const char DOCKERFILE_DEV[] =
	"FROM alpine\n"
	"RUN echo $HOME\n";

typedef struct report {
	pl_file *files[3];
	pl_results r;
} report;

static void report_build(report *rep)
{
	memset(rep, 0, sizeof(*rep));
	pl_file *a = file_new("Dockerfile", DOCKERFILE);
	pl_diag *d;

	d = diag(a, &rule_error, NULL, PL_SEV_ERROR, find(a, "curl", 0),
	         "pin the version of 'curl' <pkg> & \"friends\", 100%: now");
	note(a, d, find(a, "debian:12", 0), "base image 'debian:12' is set here");

	d = diag(a, &rule_warning, NULL, PL_SEV_WARNING, find(a, "ADD", 0),
	         "use COPY instead of ADD for local files");
	d->fix = pl_arena_alloc(&a->arena, sizeof(*d->fix));
	d->fix->kind = PL_FIX_SAFE;
	d->fix->title = "replace 'ADD' with 'COPY' and drop the extra space";
	d->fix->edits = pl_arena_alloc(&a->arena, 2 * sizeof(pl_edit));
	d->fix->edits[0] = (pl_edit){find(a, "ADD", 0), "COPY"};
	d->fix->edits[1] = (pl_edit){pl_span_make(find(a, "ADD", 0).off + 3, find(a, "ADD", 0).off + 4),
	                             NULL}; /* NULL: delete */
	d->fix->nedits = d->fix->cap = 2;

	/* A span over two lines, and a second finding of the same rule. */
	diag(a, &rule_warning, NULL, PL_SEV_WARNING,
	     pl_span_join(find(a, "/srv/", 0), find(a, "RUN", 0)), "span over two lines");
	diag(a, &rule_info, NULL, PL_SEV_INFO, find(a, "version=1", 0),
	     "label 'version' is not namespaced");
	diag(a, &rule_style, NULL, PL_SEV_STYLE, find(a, "Build", 0),
	     "stage name 'Build' is not lowercase");
	pl_diags_sort_dedup(&a->diags);

	pl_file *b = file_new("./sub dir/Dockerfile.dev", DOCKERFILE_DEV);
	diag(b, &rule_shellcheck, "SC2086", PL_SEV_INFO, find(b, "$HOME", 0),
	     "double quote to prevent globbing and word splitting");
	diag(b, &rule_error, NULL, PL_SEV_ERROR, find(b, "alpine", 0),
	     "image 'alpine' has no tag\nsecond line, after CR\r");
	pl_diags_sort_dedup(&b->diags);

	pl_file *c = file_new("clean/Dockerfile", "FROM scratch\n");

	rep->files[0] = a;
	rep->files[1] = b;
	rep->files[2] = c;
	rep->r.files = rep->files;
	rep->r.nfiles = 3;
	rep->r.threshold = PL_SEV_INFO;
}

static void report_free(report *rep)
{
	for (size_t i = 0; i < rep->r.nfiles; i++) {
		pl_file_free(rep->files[i]);
		free(rep->files[i]);
	}
}

/* ---- rendering and comparing --------------------------------------------- */

static const struct {
	const char *format;
	const char *file; /* golden file name */
} formats[] = {
	{"sarif", "sarif.json"},         {"checkstyle", "checkstyle.xml"},
	{"codeclimate", "codeclimate.json"}, {"github", "github.txt"},
	{"junit", "junit.xml"},          {"rdjson", "rdjson.json"},
};

/* Render r in format into a malloc'd string. */
static char *render(const char *format, const pl_results *r)
{
	pl_render_fn fn = pl_render_find(format);
	assert_non_null(fn);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	fn(out, r);
	fclose(out);
	return buf;
}

/*
** The SARIF driver carries the release version; the golden file says
** "VERSION" so a release does not touch it.
*/
static void normalize_version(char **s)
{
	char *driver = strstr(*s, "\"driver\": {");
	char *v = driver ? strstr(driver, "\"version\": \"") : NULL;
	if (!v)
		return; /* the comparison will fail and show why */
	v += strlen("\"version\": \"");
	char *end = strchr(v, '"');
	assert_non_null(end);
	size_t head = (size_t)(v - *s);
	char *n = malloc(strlen(*s) + sizeof("VERSION"));
	assert_non_null(n);
	memcpy(n, *s, head);
	strcpy(n + head, "VERSION");
	strcat(n, end);
	free(*s);
	*s = n;
}

/* First line where a and b differ, for the failure message. */
static void show_diff(const char *path, const char *want, const char *got)
{
	size_t line = 1;
	const char *w = want, *g = got;
	while (*w && *w == *g) {
		if (*w == '\n')
			line++;
		w++, g++;
	}
	const char *wl = w, *gl = g;
	while (wl > want && wl[-1] != '\n')
		wl--, gl--;
	int wn = (int)strcspn(wl, "\n"), gn = (int)strcspn(gl, "\n");
	fprintf(stderr, "%s differs at line %zu (PL_BLESS=1 rewrites it)\n  want: %.*s\n  got:  %.*s\n",
	        path, line, wn, wl, gn, gl);
}

static int check_golden(const char *dir, const char *name, const char *got)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s%s", GOLDEN, dir, name);
	const char *bless = getenv("PL_BLESS");
	if (bless && strcmp(bless, "1") == 0) {
		FILE *f = fopen(path, "wb");
		if (!f) {
			fprintf(stderr, "cannot write %s\n", path);
			return 1;
		}
		fputs(got, f);
		fclose(f);
		return 0;
	}
	char *want = pl_test_read_file(path, NULL);
	if (!want) {
		fprintf(stderr, "%s: missing (PL_BLESS=1 writes it)\n", path);
		return 1;
	}
	int bad = strcmp(want, got) != 0;
	if (bad)
		show_diff(path, want, got);
	free(want);
	return bad;
}

static int check_all(const char *dir, const pl_results *r)
{
	int failures = 0;
	for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++) {
		char *got = render(formats[i].format, r);
		if (strcmp(formats[i].format, "sarif") == 0)
			normalize_version(&got);
		failures += check_golden(dir, formats[i].file, got);
		free(got);
	}
	return failures;
}

/* ---- tests --------------------------------------------------------------- */

static void test_golden(void **state)
{
	(void)state;
	report rep;
	report_build(&rep);
	assert_int_equal(check_all("", &rep.r), 0);
	report_free(&rep);
}

/* No files at all, and files without findings: still valid documents. */
static void test_golden_empty(void **state)
{
	(void)state;
	pl_results none = {0};
	assert_int_equal(check_all("empty/", &none), 0);

	pl_file *f = file_new("Dockerfile", "FROM scratch\n");
	pl_file *files[] = {f};
	pl_results clean = {.files = files, .nfiles = 1};
	assert_int_equal(check_all("clean/", &clean), 0);
	pl_file_free(f);
	free(f);
}

static void test_formats_registered(void **state)
{
	(void)state;
	for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++)
		assert_non_null(pl_render_find(formats[i].format));
	/* GitLab's Code Quality report is the Code Climate format. */
	assert_ptr_equal(pl_render_find("gitlab"), pl_render_find("codeclimate"));
	/* The old formats are still there. */
	assert_non_null(pl_render_find("json"));
	assert_non_null(strstr(pl_render_names(), "sarif"));
}

static void test_deterministic(void **state)
{
	(void)state;
	report a, b;
	report_build(&a);
	report_build(&b);
	for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++) {
		char *x = render(formats[i].format, &a.r), *y = render(formats[i].format, &b.r);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	report_free(&a);
	report_free(&b);
}

/* Fingerprints ignore line shifts, and repeated findings still get distinct ones. */
static void test_fingerprints(void **state)
{
	(void)state;
	pl_file *a = file_new("Dockerfile", "FROM x\nRUN a\nRUN a\n");
	pl_file *b = file_new("Dockerfile", "# a comment moves everything down\n\nFROM x\nRUN a\nRUN a\n");
	for (int nth = 0; nth < 2; nth++) {
		diag(a, &rule_warning, NULL, PL_SEV_WARNING, find(a, "RUN a", nth), "m");
		diag(b, &rule_warning, NULL, PL_SEV_WARNING, find(b, "RUN a", nth), "m");
	}
	pl_file *fa[] = {a}, *fb[] = {b};
	pl_results ra = {.files = fa, .nfiles = 1}, rb = {.files = fb, .nfiles = 1};
	uint64_t *x = pl_out_fingerprints(&ra), *y = pl_out_fingerprints(&rb);
	assert_true(x[0] == y[0] && x[1] == y[1]);
	assert_true(x[0] != x[1]);

	/* Another code on the same text: another fingerprint. */
	a->diags.v[1]->code = "PLT300";
	uint64_t *z = pl_out_fingerprints(&ra);
	assert_true(z[0] == x[0]); /* the untouched finding keeps its fingerprint */
	assert_true(z[1] != x[1]);
	free(x);
	free(y);
	free(z);
	pl_results none = {0};
	assert_null(pl_out_fingerprints(&none));
	pl_file_free(a);
	pl_file_free(b);
	free(a);
	free(b);
}

static char *xml(const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	pl_out_xml_string_n(out, s, n);
	fclose(out);
	return buf;
}

static void test_xml_escape(void **state)
{
	(void)state;
	const char in[] = "a&b<c>d\"e'f\tg\nh\ri\x01j\x7fkéZ";
	char *got = xml(in, sizeof(in) - 1);
	assert_string_equal(got, "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\xEF\xBF\xBDj\x7fkéZ");
	free(got);
	/* Invalid UTF-8 (a lone lead byte, an overlong '/', a surrogate) and the
	 * noncharacter U+FFFE become U+FFFD; so does a NUL. */
	const char bad[] = "\xC3(\xC0\xAF\xED\xA0\x80\xEF\xBF\xBE\0!";
	got = xml(bad, sizeof(bad) - 1);
	assert_string_equal(got, "\xEF\xBF\xBD(" "\xEF\xBF\xBD\xEF\xBF\xBD"
	                         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "\xEF\xBF\xBD" "\xEF\xBF\xBD!");
	free(got);
	got = xml("\xF0\x9F\x90\xB3", 4); /* a 4-byte character passes */
	assert_string_equal(got, "\xF0\x9F\x90\xB3");
	free(got);
}

static void test_json_writer(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	pl_jw w;
	pl_jw_init(&w, out, 0);
	pl_jw_object(&w);
	pl_jw_key(&w, "a");
	pl_jw_array(&w);
	pl_jw_end(&w, ']');
	pl_jw_key(&w, "b");
	pl_jw_array(&w);
	pl_jw_uint(&w, 1);
	pl_jw_object(&w);
	pl_jw_end(&w, '}');
	pl_jw_string(&w, "x\"y");
	pl_jw_raw(&w, "2.5");
	pl_jw_end(&w, ']');
	pl_jw_end(&w, '}');
	fclose(out);
	assert_string_equal(buf, "{\"a\":[],\"b\":[1,{},\"x\\\"y\",2.5]}");
	free(buf);

	out = open_memstream(&buf, &len);
	assert_non_null(out);
	pl_jw_init(&w, out, 2);
	pl_jw_object(&w);
	pl_jw_key(&w, "k");
	pl_jw_array(&w);
	pl_jw_uint(&w, 1);
	pl_jw_end(&w, ']');
	pl_jw_key(&w, "e");
	pl_jw_object(&w);
	pl_jw_end(&w, '}');
	pl_jw_end(&w, '}');
	fclose(out);
	assert_string_equal(buf, "{\n  \"k\": [\n    1\n  ],\n  \"e\": {}\n}");
	free(buf);

	/* Strings are UTF-8 on the way out: a stray Latin-1 byte becomes U+FFFD. */
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	pl_jw_init(&w, out, 0);
	pl_jw_string(&w, "caf\xE9 \xC3\xA9\n");
	fclose(out);
	assert_string_equal(buf, "\"caf\xEF\xBF\xBD \xC3\xA9\\n\"");
	free(buf);
}

/* A registered rule brings its Markdown doc into SARIF as 'help'. */
static void test_sarif_rule_help(void **state)
{
	(void)state;
	const pl_rule *r = pl_rule_find("PL0001");
	assert_non_null(r);
	pl_file *f = file_new("Dockerfile", "FROM\n");
	diag(f, r, NULL, PL_SEV_ERROR, find(f, "FROM", 0), "'FROM' needs an image");
	pl_file *files[] = {f};
	pl_results res = {.files = files, .nfiles = 1};
	char *s = render("sarif", &res);
	assert_non_null(strstr(s, "\"helpUri\": \"https://"));
	assert_non_null(strstr(s, "/PL0001.md\""));
	if (pl_rule_doc("PL0001"))
		assert_non_null(strstr(s, "\"markdown\": \""));
	free(s);
	pl_file_free(f);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats_registered),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_json_writer),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_golden_empty),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_sarif_rule_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
