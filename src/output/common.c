/* The format table and helpers shared by the renderers. */
#include <string.h>

#include "plimsoll/output.h"

static const struct {
	const char *name;
	pl_render_fn fn;
} formats[] = {
#define PL__X(n, f) {n, f},
	PL_FORMAT_LIST(PL__X)
#undef PL__X
};

pl_render_fn pl_render_find(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++)
		if (strcmp(name, formats[i].name) == 0)
			return formats[i].fn;
	return NULL;
}

const char *pl_render_names(void)
{
	static char buf[256];
	if (!buf[0]) {
		for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, formats[i].name);
		}
	}
	return buf;
}

void pl_out_json_string_n(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void pl_out_json_string(FILE *out, const char *s)
{
	pl_out_json_string_n(out, s, strlen(s));
}

size_t pl_out_count(const pl_results *r, size_t counts[PL_SEV_NONE + 1], size_t *nfiles_with)
{
	size_t total = 0, files = 0;
	memset(counts, 0, (PL_SEV_NONE + 1) * sizeof(size_t));
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		if (ds->n)
			files++;
		for (size_t k = 0; k < ds->n; k++)
			counts[ds->v[k]->severity]++;
		total += ds->n;
	}
	if (nfiles_with)
		*nfiles_with = files;
	return total;
}
