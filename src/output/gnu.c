/*
** --format gnu: file:line:col: severity: message [CODE]
** (GNU Coding Standards; what Vim, Emacs and VS Code problem matchers parse).
*/
#include "plimsoll/output.h"

void pl_render_gnu(FILE *out, const pl_results *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			pl_pos p = pl_source_pos(d->src, d->span.off);
			fprintf(out, "%s:%zu:%zu: %s: %s [%s]\n", d->src->path, p.line, p.col,
			        pl_severity_name(d->severity), d->message, d->code);
		}
	}
}
