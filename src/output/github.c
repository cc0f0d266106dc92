/*
** --format github: GitHub Actions workflow commands, one a line, which
** the runner turns into annotations on the pull request's diff:
**
**     ::warning file=Dockerfile,line=3,col=1,endLine=3,endColumn=4,title=DL3020::use COPY …
**
** error stays error, warning stays warning, info and style become notice.
** GitHub takes col and endColumn only when the annotation stays on one
** line, so a span over several lines carries lines alone.  The path
** loses a leading "./": annotations are matched to repository paths.  Columns are
** 1-based code points and endColumn is exclusive (as ruff writes them).
**
** Escaping is GitHub's (actions/toolkit command.ts): in the message '%',
** CR and LF become %25, %0D, %0A; property values also escape ':' and
** ',' (%3A, %2C), which would otherwise end the value.
*/
#include <string.h>

#include "plimsoll/output.h"

static const char *command(pl_severity s)
{
	switch (s) {
	case PL_SEV_ERROR: return "error";
	case PL_SEV_WARNING: return "warning";
	default: return "notice";
	}
}

/* Write s escaped; property values (prop) escape ':' and ',' too. */
static void escaped(FILE *out, const char *s, bool prop)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':': fputs(prop ? "%3A" : ":", out); break;
		case ',': fputs(prop ? "%2C" : ",", out); break;
		default: fputc(*s, out);
		}
	}
}

void pl_render_github(FILE *out, const pl_results *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t k = 0; k < ds->n; k++) {
			const pl_diag *d = ds->v[k];
			pl_pos a = pl_source_pos(d->src, d->span.off);
			pl_pos b = pl_source_pos(d->src, pl_span_end(d->span));
			fprintf(out, "::%s file=", command(d->severity));
			escaped(out, pl_out_relpath(d->src->path), true);
			fprintf(out, ",line=%zu", a.line);
			if (a.line == b.line)
				fprintf(out, ",col=%zu,endLine=%zu,endColumn=%zu", a.col, b.line, b.col);
			else
				fprintf(out, ",endLine=%zu", b.line);
			fputs(",title=", out);
			escaped(out, d->code, true);
			fputs("::", out);
			escaped(out, d->message, false);
			fputc('\n', out);
		}
	}
}
