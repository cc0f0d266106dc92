/*
** --format rdjson: reviewdog's Diagnostic Format (DiagnosticResult,
** proto/rdf/reviewdog.proto), read by `reviewdog -f=rdjson`, which posts
** the findings as review comments and the fixes as suggested changes:
**
**     {"source": {"name": "plimsoll", "url": "…"}, "severity": "WARNING",
**      "diagnostics": [{"message": "…", "location": {"path": "Dockerfile",
**        "range": {"start": {"line": 3, "column": 1}, "end": {…}}},
**        "severity": "WARNING", "code": {"value": "DL3020", "url": "…"},
**        "suggestions": [{"range": {…}, "text": "COPY"}]}]}
**
** Unlike our other formats, columns count UTF-8 bytes, as the format
** defines them (1-based; a BOM on line 1 is not counted), and a range's
** end is exclusive.  The top-level severity is the worst one reported and
** is left out when nothing is.  Notes are not written: the
** related_locations field is newer than many reviewdog installs, and
** reviewdog rejects fields it does not know.
*/
#include "plimsoll/output.h"

#define INFO_URI "https://github.com/plimsoll-lint/plimsoll"

/* info and style have no level of their own: both are INFO. */
static const char *severity(pl_severity s)
{
	switch (s) {
	case PL_SEV_ERROR: return "ERROR";
	case PL_SEV_WARNING: return "WARNING";
	default: return "INFO";
	}
}

/* 1-based line and 1-based UTF-8 byte column of off. */
static void position(pl_jw *w, const char *key, const pl_source *src, size_t off)
{
	if (off > src->len)
		off = src->len;
	size_t i = pl_source_line_index(src, off);
	size_t start = src->line_start[i];
	if (i == 0 && start < src->bom)
		start = src->bom;
	pl_jw_key(w, key);
	pl_jw_object(w);
	pl_jw_key(w, "line");
	pl_jw_uint(w, i + 1);
	pl_jw_key(w, "column");
	pl_jw_uint(w, off > start ? off - start + 1 : 1);
	pl_jw_end(w, '}');
}

static void range(pl_jw *w, const pl_source *src, pl_span span)
{
	pl_jw_key(w, "range");
	pl_jw_object(w);
	position(w, "start", src, span.off);
	position(w, "end", src, pl_span_end(span));
	pl_jw_end(w, '}');
}

static void diagnostic(pl_jw *w, const pl_diag *d)
{
	char url[256];
	pl_jw_object(w);
	pl_jw_key(w, "message");
	pl_jw_string(w, d->message);
	pl_jw_key(w, "location");
	pl_jw_object(w);
	pl_jw_key(w, "path");
	pl_jw_string(w, d->src->path);
	range(w, d->src, d->span);
	pl_jw_end(w, '}');
	pl_jw_key(w, "severity");
	pl_jw_string(w, severity(d->severity));
	pl_jw_key(w, "code");
	pl_jw_object(w);
	pl_jw_key(w, "value");
	pl_jw_string(w, d->code);
	if (pl_out_code_url(d, url, sizeof(url))) {
		pl_jw_key(w, "url");
		pl_jw_string(w, url);
	}
	pl_jw_end(w, '}');
	if (d->fix && d->fix->nedits) {
		pl_jw_key(w, "suggestions");
		pl_jw_array(w);
		for (size_t i = 0; i < d->fix->nedits; i++) {
			const pl_edit *e = &d->fix->edits[i];
			pl_jw_object(w);
			range(w, d->src, e->span);
			pl_jw_key(w, "text");
			pl_jw_string(w, e->text ? e->text : ""); /* "" deletes */
			pl_jw_end(w, '}');
		}
		pl_jw_end(w, ']');
	}
	pl_jw_end(w, '}');
}

void pl_render_rdjson(FILE *out, const pl_results *r)
{
	pl_severity worst = PL_SEV_NONE; /* NONE: nothing reported yet */
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++)
			if (worst == PL_SEV_NONE || ds->v[k]->severity > worst)
				worst = ds->v[k]->severity;
	}
	pl_jw w;
	pl_jw_init(&w, out, 2);
	pl_jw_object(&w);
	pl_jw_key(&w, "source");
	pl_jw_object(&w);
	pl_jw_key(&w, "name");
	pl_jw_string(&w, "plimsoll");
	pl_jw_key(&w, "url");
	pl_jw_string(&w, INFO_URI);
	pl_jw_end(&w, '}');
	if (worst != PL_SEV_NONE) {
		pl_jw_key(&w, "severity");
		pl_jw_string(&w, severity(worst));
	}
	pl_jw_key(&w, "diagnostics");
	pl_jw_array(&w);
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++)
			diagnostic(&w, ds->v[k]);
	}
	pl_jw_end(&w, ']');
	pl_jw_end(&w, '}');
	fputc('\n', out);
}
