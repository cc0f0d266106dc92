/*
** --format full: a code frame per diagnostic, rustc/ruff style:
**
**     warning[DL3020]: use COPY instead of ADD for local files
**       --> Dockerfile:3:1
**        |
**      2 | FROM debian:12-slim
**      3 | ADD app.py /srv/
**        | ^^^
**      4 | ...
**        = help: replace 'ADD' with 'COPY' (safe fix)
**
** then a summary line.  Tabs print as 4 spaces so the carets line up;
** control bytes print as '?'.
*/
#include <string.h>

#include "plimsoll/output.h"
#include "plimsoll/rule.h"

#define TABW 4

typedef struct style {
	const char *bold, *reset, *dim, *blue;
} style;

static const char *sev_color(const pl_results *r, pl_severity s)
{
	if (!r->color)
		return "";
	switch (s) {
	case PL_SEV_ERROR: return "\033[1;31m";
	case PL_SEV_WARNING: return "\033[1;33m";
	case PL_SEV_INFO: return "\033[1;36m";
	default: return "\033[1;35m";
	}
}

/* Display width of text[from, to) (tab = TABW, any other code point = 1). */
static size_t width(const char *text, size_t from, size_t to)
{
	size_t w = 0;
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\t')
			w += TABW;
		else if ((c & 0xC0) != 0x80)
			w++;
	}
	return w;
}

static void put_line(FILE *out, const pl_source *src, pl_span ls)
{
	for (size_t i = ls.off; i < pl_span_end(ls); i++) {
		unsigned char c = (unsigned char)src->text[i];
		if (c == '\t')
			fputs("    ", out);
		else if (c < 0x20 || c == 0x7f)
			fputc('?', out);
		else
			fputc(c, out);
	}
	fputc('\n', out);
}

static int digits(size_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static void frame(FILE *out, const pl_results *r, const style *st, const pl_diag *d)
{
	const pl_source *src = d->src;
	size_t first = pl_source_line_index(src, d->span.off);
	size_t end_off = pl_span_end(d->span);
	size_t last = pl_source_line_index(src, end_off > d->span.off ? end_off - 1 : end_off);
	if (last - first > 5)
		last = first + 5; /* long spans: show the start */
	size_t lo = first > 0 ? first - 1 : 0;
	size_t hi = last + 1 < src->nlines ? last + 1 : last;
	/* A trailing empty line (file ends in a newline) is not worth showing. */
	if (hi > last && pl_source_line(src, hi).len == 0)
		hi = last;
	int w = digits(hi + 1);
	fprintf(out, "%*s %s|%s\n", w, "", st->blue, st->reset);
	for (size_t l = lo; l <= hi; l++) {
		pl_span ls = pl_source_line(src, l);
		fprintf(out, "%s%*zu |%s ", st->blue, w, l + 1, st->reset);
		put_line(out, src, ls);
		if (l < first || l > last)
			continue;
		size_t s = l == first ? d->span.off : ls.off;
		size_t e = end_off < pl_span_end(ls) ? end_off : pl_span_end(ls);
		if (l == first && s < ls.off)
			s = ls.off;
		size_t pad = width(src->text, ls.off, s);
		size_t n = e > s ? width(src->text, s, e) : 0;
		if (n == 0)
			n = 1;
		fprintf(out, "%*s %s|%s %*s%s", w, "", st->blue, st->reset, (int)pad, "",
		        sev_color(r, d->severity));
		for (size_t i = 0; i < n; i++)
			fputc('^', out);
		fprintf(out, "%s\n", st->reset);
	}
	for (size_t i = 0; i < d->nnotes; i++) {
		const pl_note *nt = &d->notes[i];
		pl_pos p = pl_source_pos(nt->src, nt->span.off);
		fprintf(out, "%*s %s=%s note: %s (%s:%zu:%zu)\n", w, "", st->blue, st->reset, nt->text,
		        nt->src->path, p.line, p.col);
	}
	if (d->fix) {
		const char *kind = d->fix->kind == PL_FIX_SAFE     ? "safe fix"
		                   : d->fix->kind == PL_FIX_UNSAFE ? "unsafe fix"
		                                                   : "suggestion";
		fprintf(out, "%*s %s=%s help: %s (%s)\n", w, "", st->blue, st->reset, d->fix->title, kind);
	}
}

void pl_render_full(FILE *out, const pl_results *r)
{
	style st = {"", "", "", ""};
	if (r->color)
		st = (style){"\033[1m", "\033[0m", "\033[2m", "\033[1;34m"};
	bool any = false;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			pl_pos p = pl_source_pos(d->src, d->span.off);
			if (any)
				fputc('\n', out);
			any = true;
			fprintf(out, "%s%s[%s]%s%s: %s%s\n", sev_color(r, d->severity),
			        pl_severity_name(d->severity), d->code, st.reset, st.bold, d->message, st.reset);
			fprintf(out, "  %s-->%s %s:%zu:%zu\n", st.blue, st.reset, d->src->path, p.line, p.col);
			frame(out, r, &st, d);
		}
	}
	size_t counts[PL_SEV_NONE + 1], nfiles;
	size_t total = pl_out_count(r, counts, &nfiles);
	if (any)
		fputc('\n', out);
	if (!total) {
		fprintf(out, "%sno problems found%s in %zu file%s\n", st.bold, st.reset, r->nfiles,
		        r->nfiles == 1 ? "" : "s");
		return;
	}
	static const char *const names[] = {[PL_SEV_ERROR] = "error", [PL_SEV_WARNING] = "warning",
	                                    [PL_SEV_INFO] = "info", [PL_SEV_STYLE] = "style"};
	bool sep = false;
	fputs(st.bold, out);
	for (int s = PL_SEV_ERROR; s >= PL_SEV_STYLE; s--) {
		size_t c = counts[s];
		if (!c)
			continue;
		const char *pl = s == PL_SEV_INFO || s == PL_SEV_STYLE ? "" : c == 1 ? "" : "s";
		fprintf(out, "%s%zu %s%s", sep ? ", " : "", c, names[s], pl);
		sep = true;
	}
	fprintf(out, " in %zu file%s%s\n", nfiles, nfiles == 1 ? "" : "s", st.reset);
	fprintf(out, "%srun 'plimsoll --explain CODE' for what a rule checks and how to fix it%s\n",
	        st.dim, st.reset);
}
