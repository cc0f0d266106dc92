/* Shared test support: the spec-file runner (see testlib.h). */
#include "testlib.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

char *pl_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Trim trailing blank lines (and the final newline) in place; return the new length. */
static size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	return n;
}

static const char CASE_MARK[] = "### case:";
static const char EXPECT_MARK[] = "### expect";

/* Start of the next line of s after p (or the end). */
static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl + 1 : end;
}

static int line_is(const char *p, const char *end, const char *mark)
{
	size_t m = strlen(mark);
	return (size_t)(end - p) >= m && memcmp(p, mark, m) == 0;
}

static int run_file(const char *path, pl_spec_fn fn, int bless)
{
	size_t len;
	char *text = pl_test_read_file(path, &len);
	if (!text) {
		fprintf(stderr, "%s: cannot read\n", path);
		return 1;
	}
	const char *end = text + len;
	const char *p = text;
	int failures = 0;
	char *blessed = NULL;
	size_t blen = 0;
	FILE *bout = bless ? open_memstream(&blessed, &blen) : NULL;

	/* Anything before the first case is a preamble, kept when blessing. */
	while (p < end && !line_is(p, end, CASE_MARK)) {
		const char *nl = next_line(p, end);
		if (bout)
			fwrite(p, 1, (size_t)(nl - p), bout);
		p = nl;
	}
	while (p < end) {
		const char *case_line = p;
		const char *name_start = p + strlen(CASE_MARK);
		const char *input = next_line(p, end);
		while (name_start < input && *name_start == ' ')
			name_start++;
		size_t name_len = (size_t)(input - name_start);
		while (name_len && (name_start[name_len - 1] == '\n' || name_start[name_len - 1] == '\r'))
			name_len--;
		char *name = strndup(name_start, name_len);
		const char *q = input;
		while (q < end && !line_is(q, end, EXPECT_MARK) && !line_is(q, end, CASE_MARK))
			q = next_line(q, end);
		const char *input_end = q;
		const char *expect = q < end && line_is(q, end, EXPECT_MARK) ? next_line(q, end) : q;
		const char *r = expect;
		while (r < end && !line_is(r, end, CASE_MARK))
			r = next_line(r, end);
		const char *expect_end = r;

		char *actual = NULL;
		size_t alen = 0;
		FILE *out = open_memstream(&actual, &alen);
		char *in = strndup(input, (size_t)(input_end - input));
		fn(out, name, in, (size_t)(input_end - input));
		fclose(out);
		size_t an = trim_end(actual, alen);
		size_t en = trim_end(expect, (size_t)(expect_end - expect));
		if (an != en || memcmp(actual, expect, an) != 0) {
			if (!bout) {
				failures++;
				fprintf(stderr, "FAIL %s: %s\n--- expected\n%.*s\n--- actual\n%.*s\n---\n",
				        path, name, (int)en, expect, (int)an, actual);
			}
		}
		if (bout) {
			fwrite(case_line, 1, (size_t)(input_end - case_line), bout);
			fprintf(bout, "%s\n%.*s\n\n", EXPECT_MARK, (int)an, actual);
		}
		free(in);
		free(actual);
		free(name);
		p = expect_end;
	}
	if (bout) {
		fclose(bout);
		size_t bn = trim_end(blessed, blen);
		FILE *f = fopen(path, "wb");
		if (f) {
			fwrite(blessed, 1, bn, f);
			fputc('\n', f);
			fclose(f);
		}
		free(blessed);
	}
	free(text);
	return failures;
}

int pl_spec_run_dir(const char *dir, pl_spec_fn fn)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: cannot open spec folder\n", dir);
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	const char *b = getenv("PL_BLESS");
	int bless = b && *b && strcmp(b, "0") != 0;
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		size_t plen = strlen(dir) + strlen(names[i]) + 2;
		char *path = malloc(plen);
		snprintf(path, plen, "%s/%s", dir, names[i]);
		failures += run_file(path, fn, bless);
		free(path);
		free(names[i]);
	}
	free(names);
	return failures;
}
