/* Shared pieces of the --dump writers. */
#include "dump.h"

void pl_dump_span(FILE *out, const pl_source *src, pl_span span)
{
	pl_pos a = pl_source_pos(src, span.off);
	pl_pos b = pl_source_pos(src, pl_span_end(span));
	fprintf(out, "%zu:%zu-%zu:%zu", a.line, a.col, b.line, b.col);
}
