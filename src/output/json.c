/*
** --format json: one array of objects, one per diagnostic.  'level' repeats
** 'severity' so consumers of hadolint's JSON keep working.  Columns are
** 1-based code points; end_column is one past the last character.
*/
#include "plimsoll/output.h"
#include "plimsoll/rule.h"

static void fix_json(FILE *out, const pl_diag *d)
{
	const pl_fix *f = d->fix;
	fprintf(out, ",\"fix\":{\"applicability\":\"%s\",\"title\":",
	        f->kind == PL_FIX_SAFE ? "safe" : f->kind == PL_FIX_UNSAFE ? "unsafe" : "display-only");
	pl_out_json_string(out, f->title);
	fputs(",\"edits\":[", out);
	for (size_t i = 0; i < f->nedits; i++) {
		const pl_edit *e = &f->edits[i];
		pl_pos a = pl_source_pos(d->src, e->span.off);
		pl_pos b = pl_source_pos(d->src, pl_span_end(e->span));
		fprintf(out, "%s{\"line\":%zu,\"column\":%zu,\"end_line\":%zu,\"end_column\":%zu,\"text\":",
		        i ? "," : "", a.line, a.col, b.line, b.col);
		pl_out_json_string(out, e->text ? e->text : "");
		fputc('}', out);
	}
	fputs("]}", out);
}

void pl_render_json(FILE *out, const pl_results *r)
{
	fputc('[', out);
	bool first = true;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			pl_pos a = pl_source_pos(d->src, d->span.off);
			pl_pos b = pl_source_pos(d->src, pl_span_end(d->span));
			const char *sev = pl_severity_name(d->severity);
			fputs(first ? "\n" : ",\n", out);
			first = false;
			fputs("{\"file\":", out);
			pl_out_json_string(out, d->src->path);
			fprintf(out, ",\"line\":%zu,\"column\":%zu,\"end_line\":%zu,\"end_column\":%zu,\"code\":",
			        a.line, a.col, b.line, b.col);
			pl_out_json_string(out, d->code);
			fputs(",\"name\":", out);
			pl_out_json_string(out, d->rule && d->rule->name ? d->rule->name : d->code);
			fprintf(out, ",\"severity\":\"%s\",\"level\":\"%s\",\"message\":", sev, sev);
			pl_out_json_string(out, d->message);
			if (d->fix)
				fix_json(out, d);
			fputc('}', out);
		}
	}
	fputs(first ? "]\n" : "\n]\n", out);
}
