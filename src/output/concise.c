/* --format concise: one line per diagnostic, code first (ruff's concise). */
#include "plimsoll/output.h"

void pl_render_concise(FILE *out, const pl_results *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			pl_pos p = pl_source_pos(d->src, d->span.off);
			fprintf(out, "%s:%zu:%zu: %s%s %s (%s)\n", d->src->path, p.line, p.col, d->code,
			        d->fix && d->fix->kind >= PL_FIX_UNSAFE ? " [*]" : "", d->message,
			        pl_severity_name(d->severity));
		}
	}
}
