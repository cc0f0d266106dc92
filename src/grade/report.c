/*
** Reports.  Per student, Markdown: the score, every item passed or
** failed, and for each lost point what is wrong and where (with the
** line of the file), why it matters and how to fix it.  Per class,
** Markdown, CSV and JSON: scores per student and per item, and the most
** common mistakes.  Everything comes out in one fixed order from sorted
** input, with no times or machine paths: the same class gives the same
** bytes.  Text from students' files is made safe first: invalid UTF-8
** becomes U+FFFD, Markdown's special characters are escaped, CSV cells
** that a spreadsheet would run as formulas get a leading quote.
*/
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "plimsoll/output.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0: the string's NUL ends any sequence early. */
static size_t utf8_len(const unsigned char *s)
{
	return pl_utf8_len(s, 4, NULL);
}

#define REPLACEMENT "\xef\xbf\xbd"

static void pts(char *buf, size_t size, long c)
{
	pl_grade__fmt_points(buf, size, c);
}

/* Percent of max, rounded: an integer. */
static long percent(long score, long max)
{
	return max > 0 ? (long)(((long long)score * 100 + max / 2) / max) : 0;
}

/* ---- JSON ------------------------------------------------------------- */

static void json_str(FILE *out, const char *s)
{
	if (s)
		pl_out_json_string_utf8(out, s, strlen(s));
	else
		fputs("null", out);
}

static void json_num(FILE *out, long c)
{
	char b[32];
	pts(b, sizeof(b), c);
	fputs(b, out);
}

static void json_finds(FILE *out, const pl_grade_result *res, const char *ind)
{
	fputc('[', out);
	for (size_t i = 0; i < res->nfinds; i++) {
		const pl_grade_find *f = &res->finds[i];
		fprintf(out, "%s\n%s  {\"file\": ", i ? "," : "", ind);
		json_str(out, f->file);
		if (f->line)
			fprintf(out, ", \"line\": %zu, \"column\": %zu", f->line, f->col);
		else
			fputs(", \"line\": null, \"column\": null", out);
		fputs(", \"code\": ", out);
		json_str(out, f->code);
		fputs(", \"message\": ", out);
		json_str(out, f->message);
		fputc('}', out);
	}
	if (res->nfinds)
		fprintf(out, "\n%s", ind);
	fputc(']', out);
}

static void sub_json(FILE *out, const pl_grade_sub *s, const char *ind)
{
	fprintf(out, "%s{\n%s  \"submission\": ", ind, ind);
	json_str(out, s->path);
	fprintf(out, ",\n%s  \"score\": ", ind);
	json_num(out, s->score);
	fprintf(out, ",\n%s  \"max_score\": ", ind);
	json_num(out, s->max);
	fprintf(out, ",\n%s  \"items\": [", ind);
	char deeper[32];
	snprintf(deeper, sizeof(deeper), "%s      ", ind);
	for (size_t i = 0; i < s->nresults; i++) {
		const pl_grade_result *res = &s->results[i];
		fprintf(out, "%s\n%s    {\"id\": ", i ? "," : "", ind);
		json_str(out, res->item->id);
		fputs(", \"title\": ", out);
		json_str(out, res->item->title);
		fputs(", \"points\": ", out);
		json_num(out, res->item->points);
		fputs(", \"earned\": ", out);
		json_num(out, res->earned);
		fprintf(out, ", \"passed\": %s, \"diagnostics\": ", res->passed ? "true" : "false");
		json_finds(out, res, deeper);
		fputc('}', out);
	}
	fprintf(out, "\n%s  ],\n%s  \"notes\": [", ind, ind);
	for (size_t i = 0; i < s->nnotes; i++) {
		fprintf(out, "%s\n%s    ", i ? "," : "", ind);
		json_str(out, s->notes[i]);
	}
	if (s->nnotes)
		fprintf(out, "\n%s  ", ind);
	fprintf(out, "]\n%s}", ind);
}

void pl_grade__sub_json(FILE *out, const pl_grade_rubric *r, const pl_grade_sub *s)
{
	(void)r;
	sub_json(out, s, "");
	fputc('\n', out);
}

/* Per item: how many passed, and the points earned in all. */
typedef struct item_stat {
	size_t passed, failed;
	long earned;
	size_t index;
} item_stat;

static item_stat *item_stats(const pl_grade_class *c)
{
	const pl_grade_rubric_data *d = c->rubric->data;
	item_stat *st = pl_xcalloc(d->nitems + 1, sizeof(*st));
	for (size_t i = 0; i < d->nitems; i++)
		st[i].index = i;
	for (size_t k = 0; k < c->n; k++)
		for (size_t i = 0; i < d->nitems; i++) {
			const pl_grade_result *res = &c->subs[k]->results[i];
			if (res->passed)
				st[i].passed++;
			else
				st[i].failed++;
			st[i].earned += res->earned;
		}
	return st;
}

/* Most failed first; ties in rubric order. */
static int by_failed(const void *a, const void *b)
{
	const item_stat *x = a, *y = b;
	if (x->failed != y->failed)
		return x->failed > y->failed ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

typedef struct class_stat {
	long mean, median, low, high; /* centipoints */
} class_stat;

static class_stat class_stats(const pl_grade_class *c)
{
	class_stat cs = {0, 0, 0, 0};
	if (!c->n)
		return cs;
	long *v = pl_xmalloc(c->n * sizeof(*v));
	long long sum = 0;
	for (size_t i = 0; i < c->n; i++) {
		v[i] = c->subs[i]->score;
		sum += v[i];
	}
	qsort(v, c->n, sizeof(*v), cmp_long);
	long long n = (long long)c->n;
	cs.mean = (long)((sum + n / 2) / n);
	cs.median = c->n % 2 ? v[c->n / 2] : (v[c->n / 2 - 1] + v[c->n / 2] + 1) / 2;
	cs.low = v[0];
	cs.high = v[c->n - 1];
	free(v);
	return cs;
}

void pl_grade__json(FILE *out, const pl_grade_class *c)
{
	const pl_grade_rubric_data *d = c->rubric->data;
	fputs("{\n  \"rubric\": {\"name\": ", out);
	json_str(out, d->name);
	fputs(", \"title\": ", out);
	json_str(out, d->title);
	fputs(", \"description\": ", out);
	json_str(out, d->description);
	fputs(", \"source\": ", out);
	json_str(out, c->rubric->path);
	fputs(", \"max_score\": ", out);
	json_num(out, d->max);
	fputs(",\n    \"sections\": [", out);
	for (size_t i = 0; i < d->nsections; i++) {
		const pl_grade_section *s = &d->sections[i];
		fprintf(out, "%s\n      {\"id\": ", i ? "," : "");
		json_str(out, s->id);
		fputs(", \"title\": ", out);
		json_str(out, s->title);
		fputs(", \"max_score\": ", out);
		json_num(out, s->weight >= 0 ? s->weight : s->points);
		fputs(", \"items\": [", out);
		for (size_t k = 0; k < s->n; k++) {
			const pl_grade_item *it = &d->items[s->first + k];
			fputs(k ? ", " : "", out);
			fputs("{\"id\": ", out);
			json_str(out, it->id);
			fputs(", \"title\": ", out);
			json_str(out, it->title);
			fputs(", \"points\": ", out);
			json_num(out, it->points);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("\n    ]},\n  \"submissions\": [", out);
	for (size_t i = 0; i < c->n; i++) {
		fputs(i ? ",\n" : "\n", out);
		sub_json(out, c->subs[i], "    ");
	}
	fputs(c->n ? "\n  ],\n" : "],\n", out);
	class_stat cs = class_stats(c);
	fprintf(out, "  \"summary\": {\"submissions\": %zu, \"max_score\": ", c->n);
	json_num(out, d->max);
	fputs(", \"mean\": ", out);
	json_num(out, cs.mean);
	fputs(", \"median\": ", out);
	json_num(out, cs.median);
	fputs(", \"lowest\": ", out);
	json_num(out, cs.low);
	fputs(", \"highest\": ", out);
	json_num(out, cs.high);
	fputs(",\n    \"items\": [", out);
	item_stat *st = item_stats(c);
	for (size_t i = 0; i < d->nitems; i++) {
		fprintf(out, "%s\n      {\"id\": ", i ? "," : "");
		json_str(out, d->items[i].id);
		fprintf(out, ", \"passed\": %zu, \"failed\": %zu, \"mean_earned\": ", st[i].passed, st[i].failed);
		json_num(out, c->n ? (long)((st[i].earned + (long)c->n / 2) / (long)c->n) : 0);
		fputc('}', out);
	}
	fputs("\n    ],\n    \"common_mistakes\": [", out);
	qsort(st, d->nitems, sizeof(*st), by_failed);
	size_t shown = 0;
	for (size_t i = 0; i < d->nitems && st[i].failed; i++) {
		fprintf(out, "%s\n      {\"id\": ", shown++ ? "," : "");
		json_str(out, d->items[st[i].index].id);
		fputs(", \"title\": ", out);
		json_str(out, d->items[st[i].index].title);
		fprintf(out, ", \"failed\": %zu}", st[i].failed);
	}
	fputs(shown ? "\n    ]}\n}\n" : "]}\n}\n", out);
	free(st);
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_cell(FILE *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\n\r") != NULL;
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	if (quote)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (*p == '"')
			fputs("\"\"", out), p++;
		else if (!n || *p < 0x20)
			fputs(*p == '\n' ? " " : !n ? REPLACEMENT : "?", out), p++;
		else
			fwrite(p, 1, n, out), p += n;
	}
	if (quote)
		fputc('"', out);
}

void pl_grade__summary_csv(FILE *out, const pl_grade_class *c)
{
	const pl_grade_rubric_data *d = c->rubric->data;
	fputs("submission,score,max_score,percent", out);
	for (size_t i = 0; i < d->nitems; i++) {
		fputc(',', out);
		csv_cell(out, d->items[i].id);
	}
	fputs(",notes\n", out);
	char b[32];
	for (size_t k = 0; k < c->n; k++) {
		const pl_grade_sub *s = c->subs[k];
		csv_cell(out, s->path);
		pts(b, sizeof(b), s->score);
		fprintf(out, ",%s", b);
		pts(b, sizeof(b), s->max);
		fprintf(out, ",%s,%ld", b, percent(s->score, s->max));
		for (size_t i = 0; i < s->nresults; i++) {
			pts(b, sizeof(b), s->results[i].earned);
			fprintf(out, ",%s", b);
		}
		fputc(',', out);
		char *notes = NULL;
		size_t len = 0;
		for (size_t i = 0; i < s->nnotes; i++) {
			size_t add = strlen(s->notes[i]) + 2;
			notes = pl_xrealloc(notes, len + add + 1);
			snprintf(notes + len, add + 1, "%s%s", i ? "; " : "", s->notes[i]);
			len += strlen(notes + len);
		}
		csv_cell(out, notes ? notes : "");
		free(notes);
		fputc('\n', out);
	}
}

/* ---- Markdown --------------------------------------------------------- */

static bool is_word(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Text escaped for Markdown: \ ` * [ ] < > | and _ at a word's edge; invalid UTF-8 replaced. */
static void md_text(FILE *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned char c = *p;
		if (strchr("\\`*[]<>|#", c) && c) {
			fputc('\\', out);
			fputc(c, out);
			p++;
		} else if (c == '_') {
			bool word_before = p > (const unsigned char *)s && is_word(p[-1]);
			bool word_after = is_word(p[1]);
			if (!(word_before && word_after))
				fputc('\\', out);
			fputc('_', out);
			p++;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			fputc(' ', out);
			p++;
		} else {
			size_t n = utf8_len(p);
			if (!n || c < 0x20 || c == 0x7f) {
				fputs(n ? "?" : REPLACEMENT, out);
				p++;
			} else {
				fwrite(p, 1, n, out);
				p += n;
			}
		}
	}
}

/* s in an inline code span, with enough backticks around it. */
static void md_code(FILE *out, const char *s)
{
	size_t run = 0, best = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	for (size_t i = 0; i <= best; i++)
		fputc('`', out);
	fputs(best || s[0] == '`' ? " " : "", out);
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_len(p);
		if (!n || *p < 0x20)
			fputs(n ? " " : REPLACEMENT, out), p++;
		else
			fwrite(p, 1, n, out), p += n;
	}
	fputs(best || s[0] == '`' ? " " : "", out);
	for (size_t i = 0; i <= best; i++)
		fputc('`', out);
}

/*
** A message: `code` spans pass through, a 'quoted subject' (a quote
** after a non-word character, up to a quote before one) becomes a code
** span, the rest is escaped text.
*/
static void md_msg(FILE *out, const char *s)
{
	size_t n = strlen(s), from = 0;
	for (size_t i = 0; i < n; i++) {
		char close = 0;
		if (s[i] == '`')
			close = '`';
		else if (s[i] == '\'' && (i == 0 || !is_word((unsigned char)s[i - 1])))
			close = '\'';
		if (!close)
			continue;
		size_t j = i + 1;
		while (j < n && s[j] != close)
			j++;
		if (j >= n || j == i + 1 || (close == '\'' && j + 1 < n && is_word((unsigned char)s[j + 1])))
			continue;
		char *plain = pl_xmalloc(i - from + 1);
		memcpy(plain, s + from, i - from);
		plain[i - from] = '\0';
		md_text(out, plain);
		free(plain);
		char *code = pl_xmalloc(j - i);
		memcpy(code, s + i + 1, j - i - 1);
		code[j - i - 1] = '\0';
		md_code(out, code);
		free(code);
		from = j + 1;
		i = j;
	}
	md_text(out, s + from);
}

/* The line of a finding as a fenced block, indented for a list item. */
static void md_frame(FILE *out, const pl_grade_find *f)
{
	size_t run = 0, best = 0;
	for (const char *p = f->text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	size_t fence = best >= 3 ? best + 1 : 3;
	fputs("  ", out);
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fprintf(out, "text\n  %zu | ", f->line);
	for (const unsigned char *p = (const unsigned char *)f->text; *p;) {
		size_t n = utf8_len(p);
		if (!n)
			fputs(REPLACEMENT, out), p++;
		else
			fwrite(p, 1, n, out), p += n;
	}
	fputs("\n  ", out);
	for (size_t i = 0; i < fence; i++)
		fputc('`', out);
	fputc('\n', out);
}

static void md_find(FILE *out, const pl_grade_find *f)
{
	fputs("- ", out);
	if (f->file) {
		char *loc = f->line ? pl_xmalloc(strlen(f->file) + 48) : NULL;
		if (loc)
			sprintf(loc, "%s:%zu:%zu", f->file, f->line, f->col);
		md_code(out, loc ? loc : f->file);
		free(loc);
		fputs(": ", out);
	}
	md_msg(out, f->message);
	if (f->code)
		fprintf(out, " (%s)", f->code);
	fputc('\n', out);
	if (f->text && f->line)
		md_frame(out, f);
}

static const char *mark(bool passed)
{
	return passed ? "\xe2\x9c\x85" : "\xe2\x9d\x8c"; /* ✅ ❌ */
}

void pl_grade__report_md(FILE *out, const pl_grade_rubric *r, const pl_grade_sub *s)
{
	const pl_grade_rubric_data *d = r->data;
	char b1[32], b2[32];
	pts(b1, sizeof(b1), s->score);
	pts(b2, sizeof(b2), s->max);
	fputs("# ", out);
	md_text(out, s->path);
	fprintf(out, ": %s/%s (%ld%%)\n\n", b1, b2, percent(s->score, s->max));
	fputs("Graded with the rubric *", out);
	md_text(out, d->title);
	fputs("* (", out);
	md_code(out, d->name);
	fputs(") by `plimsoll grade`.\n", out);
	if (s->nnotes) {
		fputs("\n**Before you read on:**\n\n", out);
		for (size_t i = 0; i < s->nnotes; i++) {
			fputs("- ", out);
			md_msg(out, s->notes[i]);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < d->nsections; i++) {
		const pl_grade_section *sec = &d->sections[i];
		pts(b1, sizeof(b1), s->section_score[i]);
		pts(b2, sizeof(b2), sec->weight >= 0 ? sec->weight : sec->points);
		fputs("\n## ", out);
		md_text(out, sec->title);
		fprintf(out, ": %s/%s\n\n|  | Item | Points |\n|---|---|---:|\n", b1, b2);
		for (size_t k = 0; k < sec->n; k++) {
			const pl_grade_result *res = &s->results[sec->first + k];
			pts(b1, sizeof(b1), res->earned);
			pts(b2, sizeof(b2), res->item->points);
			fprintf(out, "| %s | ", mark(res->passed));
			md_text(out, res->item->title);
			fprintf(out, " | %s/%s |\n", b1, b2);
		}
	}
	size_t nfailed = 0;
	for (size_t i = 0; i < s->nresults; i++)
		nfailed += !s->results[i].passed;
	if (!nfailed) {
		fputs("\nEvery item passed: nothing to fix.\n", out);
		return;
	}
	fputs("\n## What to fix\n", out);
	for (size_t i = 0; i < s->nresults; i++) {
		const pl_grade_result *res = &s->results[i];
		if (res->passed)
			continue;
		pts(b1, sizeof(b1), res->earned);
		pts(b2, sizeof(b2), res->item->points);
		fprintf(out, "\n### %s ", mark(false));
		md_text(out, res->item->title);
		fprintf(out, " (%s/%s", b1, b2);
		if (res->item->per_occurrence) {
			pts(b1, sizeof(b1), res->item->per);
			fprintf(out, ", %s off per problem", b1);
		}
		fputs(")\n\n", out);
		for (size_t k = 0; k < res->nfinds; k++)
			md_find(out, &res->finds[k]);
		if (res->why)
			fprintf(out, "\n**Why it matters.** %s\n", res->why);
		if (res->fix)
			fprintf(out, "\n**How to fix it.** %s\n", res->fix);
		if (res->why_from)
			fprintf(out, "\n(From the documentation of %s: `plimsoll --explain %s`.)\n", res->why_from,
			        res->why_from);
	}
}

void pl_grade__summary_md(FILE *out, const pl_grade_class *c)
{
	const pl_grade_rubric_data *d = c->rubric->data;
	char b1[32], b2[32], b3[32];
	fputs("# Class summary: ", out);
	md_text(out, d->title);
	class_stat cs = class_stats(c);
	pts(b1, sizeof(b1), cs.mean);
	pts(b2, sizeof(b2), cs.median);
	pts(b3, sizeof(b3), d->max);
	fprintf(out, "\n\n%zu submission%s graded with ", c->n, c->n == 1 ? "" : "s");
	md_code(out, d->name);
	fprintf(out, ": mean %s/%s, median %s/%s", b1, b3, b2, b3);
	pts(b1, sizeof(b1), cs.low);
	pts(b2, sizeof(b2), cs.high);
	fprintf(out, ", lowest %s, highest %s.\n", b1, b2);
	if (d->description) {
		fputs("\n", out);
		md_text(out, d->description);
		fputs("\n", out);
	}

	fputs("\n## Scores\n\n| Submission | Score | % | Items failed |", out);
	for (size_t i = 0; i < d->nsections; i++) {
		fputs(" ", out);
		md_text(out, d->sections[i].title);
		fputs(" |", out);
	}
	fputs("\n|---|---:|---:|---:|", out);
	for (size_t i = 0; i < d->nsections; i++)
		fputs("---:|", out);
	fputc('\n', out);
	for (size_t k = 0; k < c->n; k++) {
		const pl_grade_sub *s = c->subs[k];
		size_t failed = 0;
		for (size_t i = 0; i < s->nresults; i++)
			failed += !s->results[i].passed;
		pts(b1, sizeof(b1), s->score);
		fputs("| ", out);
		md_text(out, s->path);
		fprintf(out, "%s | %s | %ld | %zu |", s->nnotes ? " (see notes)" : "", b1, percent(s->score, s->max),
		        failed);
		for (size_t i = 0; i < d->nsections; i++) {
			pts(b1, sizeof(b1), s->section_score[i]);
			fprintf(out, " %s |", b1);
		}
		fputc('\n', out);
	}

	item_stat *st = item_stats(c);
	fputs("\n## Items\n\n| Item | Points | Passed | Mean earned |\n|---|---:|---:|---:|\n", out);
	for (size_t i = 0; i < d->nitems; i++) {
		pts(b1, sizeof(b1), d->items[i].points);
		pts(b2, sizeof(b2), c->n ? (long)((st[i].earned + (long)c->n / 2) / (long)c->n) : 0);
		fputs("| ", out);
		md_text(out, d->items[i].title);
		fputs(" (", out);
		md_code(out, d->items[i].id);
		fprintf(out, ") | %s | %zu/%zu | %s |\n", b1, st[i].passed, c->n, b2);
	}
	qsort(st, d->nitems, sizeof(*st), by_failed);
	fputs("\n## Most common mistakes\n\n", out);
	size_t shown = 0;
	for (size_t i = 0; i < d->nitems && shown < 10 && st[i].failed; i++, shown++) {
		const pl_grade_item *it = &d->items[st[i].index];
		fprintf(out, "%zu. ", shown + 1);
		md_text(out, it->title);
		fprintf(out, ": failed by %zu of %zu\n", st[i].failed, c->n);
	}
	if (!shown)
		fputs("None: every submission passed every item.\n", out);
	free(st);

	bool any = false;
	for (size_t k = 0; k < c->n; k++) {
		const pl_grade_sub *s = c->subs[k];
		if (!s->nnotes)
			continue;
		if (!any)
			fputs("\n## Notes\n", out);
		any = true;
		fputs("\n- ", out);
		md_text(out, s->path);
		fputs(":\n", out);
		for (size_t i = 0; i < s->nnotes; i++) {
			fputs("  - ", out);
			md_msg(out, s->notes[i]);
			fputc('\n', out);
		}
	}
	const pl_grade_rubric_data *rd = d;
	bool absent = false;
	for (size_t i = 0; i < rd->nitems; i++)
		absent |= rd->items[i].nabsent > 0;
	if (absent) {
		fputs("\n## Rubric\n\nRules the rubric names that this plimsoll does not have (their items were decided "
		      "by their checks alone):",
		      out);
		for (size_t i = 0; i < rd->nitems; i++)
			for (size_t k = 0; k < rd->items[i].nabsent; k++) {
				fputs(" ", out);
				md_code(out, rd->items[i].absent[k]);
				fprintf(out, " (%s)", rd->items[i].id);
			}
		fputs(".\n", out);
	}
}
