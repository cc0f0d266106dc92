/* Diagnostic lists: growth, severity names, the report order. */
#include "plimsoll/diag.h"
#include "plimsoll/rule.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = {
	[PL_SEV_STYLE] = "style", [PL_SEV_INFO] = "info", [PL_SEV_WARNING] = "warning",
	[PL_SEV_ERROR] = "error", [PL_SEV_NONE] = "none",
};

const char *pl_severity_name(pl_severity s)
{
	return (size_t)s < PL_ARRAY_LEN(sev_names) && sev_names[s] ? sev_names[s] : "?";
}

int pl_severity_parse(const char *s)
{
	for (size_t i = 1; i < PL_ARRAY_LEN(sev_names); i++)
		if (pl_str_ieq(s, sev_names[i]))
			return (int)i;
	if (pl_str_ieq(s, "off") || pl_str_ieq(s, "ignore") || pl_str_ieq(s, "ignored"))
		return PL_SEV_NONE;
	return -1;
}

void pl_diags_push(pl_diags *ds, pl_diag *d)
{
	if (ds->n == ds->cap) {
		ds->cap = ds->cap ? ds->cap * 2 : 16;
		ds->v = pl_xrealloc(ds->v, ds->cap * sizeof(*ds->v));
	}
	ds->v[ds->n++] = d;
}

void pl_diags_free(pl_diags *ds)
{
	free(ds->v);
	memset(ds, 0, sizeof(*ds));
}

static int diag_cmp(const void *pa, const void *pb)
{
	const pl_diag *a = *(pl_diag *const *)pa, *b = *(pl_diag *const *)pb;
	int c = 0;
	if (a->src != b->src)
		c = strcmp(a->src->path, b->src->path);
	if (c)
		return c;
	if (a->span.off != b->span.off)
		return a->span.off < b->span.off ? -1 : 1;
	if ((c = strcmp(a->code, b->code)) != 0)
		return c;
	if ((c = strcmp(a->message, b->message)) != 0)
		return c;
	if (a->span.len != b->span.len)
		return a->span.len < b->span.len ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void pl_diags_sort_dedup(pl_diags *ds)
{
	if (ds->n < 2)
		return;
	qsort(ds->v, ds->n, sizeof(*ds->v), diag_cmp);
	size_t k = 1;
	for (size_t i = 1; i < ds->n; i++) {
		const pl_diag *p = ds->v[k - 1], *d = ds->v[i];
		bool same = p->src == d->src && p->span.off == d->span.off &&
		            p->span.len == d->span.len && strcmp(p->code, d->code) == 0 &&
		            strcmp(p->message, d->message) == 0;
		if (!same)
			ds->v[k++] = ds->v[i];
	}
	ds->n = k;
}
