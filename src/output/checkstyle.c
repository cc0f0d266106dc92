/*
** --format checkstyle: the Checkstyle XML report, read by Jenkins
** (Warnings NG), reviewdog (-f=checkstyle), SonarQube importers and
** the many CI plugins that speak it:
**
**     <?xml version='1.0' encoding='UTF-8'?>
**     <checkstyle version='4.3'>
**     <file name='Dockerfile'>
**     <error line='3' column='1' severity='warning' message='…' source='DL3020'/>
**     </file>
**     </checkstyle>
**
** As hadolint writes it: version 4.3, single quotes, severity is our
** severity name (error, warning, info, style), source is the bare code,
** and a file without findings is left out.  Unlike hadolint the column
** is the real one (hadolint always writes 1).  One element a line, so a
** report diffs well.
*/
#include "plimsoll/output.h"

static void attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s='", name);
	pl_out_xml_string(out, value);
	fputc('\'', out);
}

void pl_render_checkstyle(FILE *out, const pl_results *r)
{
	fputs("<?xml version='1.0' encoding='UTF-8'?>\n<checkstyle version='4.3'>\n", out);
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		const pl_source *open = NULL; /* the <file> element being written */
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			/* A project rule may report into another file: diagnostics are
			 * sorted by path, so each source is one run of elements. */
			if (d->src != open) {
				if (open)
					fputs("</file>\n", out);
				fputs("<file", out);
				attr(out, "name", d->src->path);
				fputs(">\n", out);
				open = d->src;
			}
			pl_pos p = pl_source_pos(d->src, d->span.off);
			fprintf(out, "<error line='%zu' column='%zu'", p.line, p.col);
			attr(out, "severity", pl_severity_name(d->severity));
			attr(out, "message", d->message);
			attr(out, "source", d->code);
			fputs("/>\n", out);
		}
		if (open)
			fputs("</file>\n", out);
	}
	fputs("</checkstyle>\n", out);
}
