/* One problem, one report (see yield.h and pl_rule.yields_to in rule.h). */
#include "yield.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rule.h"
#include "pragma.h"

/* A diagnostic that fired, by the instruction that holds it. */
typedef struct fired {
	size_t instr;     /* index of the top-level instruction holding its span */
	const char *code; /* its code */
} fired;

static int fired_cmp(const void *a, const void *b)
{
	size_t x = ((const fired *)a)->instr, y = ((const fired *)b)->instr;
	return x < y ? -1 : x > y;
}

/* Index of the top-level instruction holding off in src, or SIZE_MAX. */
static size_t place(const pl_dockerfile *df, const pl_source *src, size_t off)
{
	if (src != df->src)
		return SIZE_MAX;
	const pl_df_instr *in = pl_pragma__instr_at(df, off);
	return in ? in->index : SIZE_MAX;
}

/* Some diagnostic with a code in codes fired at instruction at (f sorted by instr). */
static bool fired_at(const fired *f, size_t n, size_t at, const char *const *codes)
{
	if (at == SIZE_MAX)
		return false;
	size_t lo = 0, hi = n;
	while (lo < hi) { /* first entry with instr >= at */
		size_t mid = lo + (hi - lo) / 2;
		if (f[mid].instr < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && f[lo].instr == at; lo++)
		for (const char *const *c = codes; *c; c++)
			if (pl_str_ieq(f[lo].code, *c))
				return true;
	return false;
}

void pl_yield__apply(pl_diags *ds, const pl_dockerfile *df)
{
	bool any = false;
	for (size_t i = 0; i < ds->n && !any; i++)
		any = ds->v[i]->rule && ds->v[i]->rule->yields_to;
	if (!any || !df)
		return;
	fired *f = pl_xmalloc((ds->n ? ds->n : 1) * sizeof(*f));
	size_t nf = 0;
	for (size_t i = 0; i < ds->n; i++) {
		const pl_diag *d = ds->v[i];
		size_t at = place(df, d->src, d->span.off);
		if (at != SIZE_MAX)
			f[nf++] = (fired){at, d->code};
	}
	qsort(f, nf, sizeof(*f), fired_cmp);
	size_t kept = 0;
	for (size_t i = 0; i < ds->n; i++) {
		pl_diag *d = ds->v[i];
		const char *const *to = d->rule ? d->rule->yields_to : NULL;
		bool drop = false;
		if (to) {
			drop = fired_at(f, nf, place(df, d->src, d->span.off), to);
			for (size_t k = 0; !drop && k < d->nnotes; k++)
				drop = fired_at(f, nf, place(df, d->notes[k].src, d->notes[k].span.off), to);
		}
		if (!drop)
			ds->v[kept++] = d;
	}
	ds->n = kept;
	free(f);
}
