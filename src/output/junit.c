/*
** --format junit: JUnit XML, for CI test dashboards (GitLab
** artifacts:reports:junit, Jenkins, Azure Pipelines, CircleCI):
**
**     <testsuites name="plimsoll" tests="3" failures="2" errors="0">
**       <testsuite name="Dockerfile" tests="2" failures="2" errors="0" skipped="0">
**         <testcase name="DL3020" classname="Dockerfile" file="Dockerfile" line="3">
**           <failure message="…" type="warning">Dockerfile:3:1: warning: … [DL3020]</failure>
**         </testcase>
**       </testsuite>
**     </testsuites>
**
** One testsuite per linted file; in it one failing testcase per rule
** that reported there, sorted by code, with one <failure> holding every
** finding of that rule (some readers keep only the first <failure> of a
** testcase).  Its message is the finding's own when there is one, else a
** count; the body lists each finding in the gnu format, with notes and
** fix titles.  A file without findings gets one passing testcase, named
** "plimsoll", so dashboards count it.  No timestamps or durations: the
** report depends only on the findings.
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/output.h"

typedef struct item {
	const pl_diag *d;
	size_t idx; /* position in the file's list: keeps the sort stable */
} item;

static int item_cmp(const void *pa, const void *pb)
{
	const item *a = pa, *b = pb;
	int c = strcmp(a->d->code, b->d->code);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	pl_out_xml_string(out, value);
	fputc('"', out);
}

/* "path:line:col" of span in src, escaped. */
static void where(FILE *out, const pl_source *src, pl_span span)
{
	pl_pos p = pl_source_pos(src, span.off);
	pl_out_xml_string(out, src->path);
	fprintf(out, ":%zu:%zu", p.line, p.col);
}

/* One failing testcase for the findings v[0..n) of one code. */
static void testcase(FILE *out, const char *suite, const item *v, size_t n)
{
	const pl_diag *first = v[0].d;
	pl_severity worst = first->severity;
	for (size_t i = 1; i < n; i++)
		if (v[i].d->severity > worst)
			worst = v[i].d->severity;
	fputs("    <testcase", out);
	attr(out, "name", first->code);
	attr(out, "classname", suite);
	attr(out, "file", first->src->path);
	fprintf(out, " line=\"%zu\">\n", pl_source_pos(first->src, first->span.off).line);
	fputs("      <failure", out);
	if (n == 1) {
		attr(out, "message", first->message);
	} else {
		fprintf(out, " message=\"%zu problems\"", n);
	}
	attr(out, "type", pl_severity_name(worst));
	fputc('>', out);
	for (size_t i = 0; i < n; i++) {
		const pl_diag *d = v[i].d;
		if (i)
			fputc('\n', out);
		where(out, d->src, d->span);
		fprintf(out, ": %s: ", pl_severity_name(d->severity));
		pl_out_xml_string(out, d->message);
		fputs(" [", out);
		pl_out_xml_string(out, d->code);
		fputc(']', out);
		for (size_t k = 0; k < d->nnotes; k++) {
			const pl_note *nt = &d->notes[k];
			fputs("\n  note: ", out);
			pl_out_xml_string(out, nt->text);
			fputs(" (", out);
			where(out, nt->src ? nt->src : d->src, nt->span);
			fputc(')', out);
		}
		if (d->fix) {
			fputs("\n  help: ", out);
			pl_out_xml_string(out, d->fix->title);
		}
	}
	fputs("</failure>\n    </testcase>\n", out);
}

/* Number of distinct codes among the file's diagnostics. */
static size_t count_codes(const item *v, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i - 1].d->code, v[i].d->code) != 0)
			c++;
	return c;
}

/* The file's findings as items sorted by code; NULL when it has none. */
static item *sorted_items(const pl_diags *ds)
{
	if (ds->n == 0)
		return NULL;
	item *v = pl_xmalloc(ds->n * sizeof(*v));
	for (size_t i = 0; i < ds->n; i++)
		v[i] = (item){ds->v[i], i};
	qsort(v, ds->n, sizeof(*v), item_cmp);
	return v;
}

void pl_render_junit(FILE *out, const pl_results *r)
{
	size_t tests = 0, failures = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		item *v = sorted_items(ds);
		size_t codes = count_codes(v, ds->n);
		tests += codes ? codes : 1;
		failures += codes;
		free(v);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"plimsoll\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
	        tests, failures);
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		const char *suite = r->files[i]->src.path;
		item *v = sorted_items(ds);
		size_t codes = count_codes(v, ds->n);
		fputs("  <testsuite", out);
		attr(out, "name", suite);
		fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		        codes ? codes : 1, codes);
		if (!codes) {
			fputs("    <testcase name=\"plimsoll\"", out);
			attr(out, "classname", suite);
			attr(out, "file", suite);
			fputs("/>\n", out);
		}
		for (size_t lo = 0; lo < ds->n;) {
			size_t hi = lo + 1;
			while (hi < ds->n && strcmp(v[hi].d->code, v[lo].d->code) == 0)
				hi++;
			testcase(out, suite, v + lo, hi - lo);
			lo = hi;
		}
		fputs("  </testsuite>\n", out);
		free(v);
	}
	fputs("</testsuites>\n", out);
}
