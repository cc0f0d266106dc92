/*
** Applying fixes in passes (see fix.h): pick non-overlapping eligible
** fixes, apply their edits, parse again, roll back what breaks the parse.
*/
#include "plimsoll/fix.h"

#include <stdlib.h>
#include <string.h>

#include "plimsoll/rule.h"

/* Edits a and b cannot both be applied in one pass. */
static bool edits_clash(const pl_edit *a, const pl_edit *b)
{
	size_t a0 = a->span.off, a1 = pl_span_end(a->span);
	size_t b0 = b->span.off, b1 = pl_span_end(b->span);
	if (a0 == a1 && b0 == b1)
		return a0 == b0;            /* two insertions at one point: order unknown */
	if (a0 == a1)
		return b0 < a0 && a0 < b1;  /* an insertion strictly inside a replacement */
	if (b0 == b1)
		return a0 < b0 && b0 < a1;
	return a0 < b1 && b0 < a1;
}

char *pl_fix_apply_edits(const char *text, size_t len, const pl_edit *const *edits, size_t n,
                         bool crlf, size_t *out_len)
{
	size_t cap = len + 1;
	for (size_t i = 0; i < n; i++)
		cap += edits[i]->text ? 2 * strlen(edits[i]->text) : 0;
	char *out = pl_xmalloc(cap), *p = out;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		const pl_edit *e = edits[i];
		PL_ASSERT(e->span.off >= at && pl_span_end(e->span) <= len); /* sorted, non-overlapping, in range */
		memcpy(p, text + at, e->span.off - at);
		p += e->span.off - at;
		for (const char *t = e->text; t && *t; t++) {
			if (*t == '\n' && crlf && !(t > e->text && t[-1] == '\r'))
				*p++ = '\r';
			*p++ = *t;
		}
		at = pl_span_end(e->span);
	}
	memcpy(p, text + at, len - at);
	p += len - at;
	*p = '\0';
	*out_len = (size_t)(p - out);
	return out;
}

/* The fix is wanted: its kind is allowed and its rule is in the --fix-only list. */
static bool eligible(const pl_diag *d, const pl_fix_opts *o)
{
	const pl_fix *f = d->fix;
	if (!f || f->nedits == 0)
		return false;
	if (f->kind != PL_FIX_SAFE && !(f->kind == PL_FIX_UNSAFE && o->unsafe))
		return false;
	if (!o->only)
		return true;
	for (size_t i = 0; i < o->nonly; i++) {
		if (pl_str_ieq(o->only[i], d->code))
			return true;
		const pl_rule *r = pl_rule_find(o->only[i]);
		if (r && r == d->rule)
			return true;
	}
	return false;
}

static int by_first_edit(const void *pa, const void *pb)
{
	const pl_diag *a = *(pl_diag *const *)pa, *b = *(pl_diag *const *)pb;
	size_t x = a->fix->edits[0].span.off, y = b->fix->edits[0].span.off;
	if (x != y)
		return x < y ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_offset(const void *pa, const void *pb)
{
	const pl_edit *a = *(const pl_edit *const *)pa, *b = *(const pl_edit *const *)pb;
	if (a->span.off != b->span.off)
		return a->span.off < b->span.off ? -1 : 1;
	return a->span.len < b->span.len ? -1 : a->span.len > b->span.len;
}

/* Lint text as a fresh file. */
static void lint(pl_file *f, const char *name, pl_file_kind kind, const char *text, size_t len,
                 const pl_config *cfg, const pl_fix_opts *o)
{
	pl_file_init(f, name, text, len, kind);
	if (o->disk_path)
		pl_file_set_path(f, o->disk_path);
	pl_lint_file(f, cfg);
}

/* Parse errors of text, whatever the configuration says. */
static size_t parse_errors(const char *name, pl_file_kind kind, const char *text, size_t len,
                           const pl_config *cfg, const pl_fix_opts *o)
{
	pl_file f;
	lint(&f, name, kind, text, len, cfg, o);
	size_t n = pl_file_parse_errors(&f);
	pl_file_free(&f);
	return n;
}

/*
** Apply the chosen fixes d[0..n) to text; return the new text (malloc'd)
** or NULL when the result parses worse than before.
*/
static char *apply(const char *name, pl_file_kind kind, const char *text, size_t len, bool crlf,
                   pl_diag **chosen, size_t n, size_t base_errors, const pl_config *cfg,
                   const pl_fix_opts *o, size_t *out_len)
{
	size_t nedits = 0;
	for (size_t i = 0; i < n; i++)
		nedits += chosen[i]->fix->nedits;
	const pl_edit **edits = pl_xmalloc(nedits * sizeof(*edits));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < chosen[i]->fix->nedits; j++)
			edits[k++] = &chosen[i]->fix->edits[j];
	qsort(edits, nedits, sizeof(*edits), by_offset);
	char *out = pl_fix_apply_edits(text, len, edits, nedits, crlf, out_len);
	free(edits);
	if (parse_errors(name, kind, out, *out_len, cfg, o) > base_errors) {
		free(out);
		return NULL;
	}
	return out;
}

void pl_fix_text(pl_fix_result *r, const char *name, pl_file_kind kind, const char *bytes, size_t len,
                 const pl_config *cfg, const pl_fix_opts *o)
{
	memset(r, 0, sizeof(*r));
	char *cur = pl_xmalloc(len + 1);
	memcpy(cur, bytes, len);
	cur[len] = '\0';
	size_t cur_len = len;

	for (size_t pass = 0; pass < PL_FIX_MAX_PASSES; pass++) {
		pl_file f;
		lint(&f, name, kind, cur, cur_len, cfg, o);
		size_t base_errors = pl_file_parse_errors(&f);
		bool crlf = f.src.crlf;

		/* Candidates in text order; take each whose edits clash with none taken. */
		pl_diag **cand = pl_xmalloc((f.diags.n + 1) * sizeof(*cand));
		size_t nc = 0;
		for (size_t i = 0; i < f.diags.n; i++)
			if (eligible(f.diags.v[i], o))
				cand[nc++] = f.diags.v[i];
		qsort(cand, nc, sizeof(*cand), by_first_edit);
		pl_diag **chosen = pl_xmalloc((nc + 1) * sizeof(*chosen));
		size_t n = 0;
		for (size_t i = 0; i < nc; i++) {
			bool ok = true;
			const pl_fix *fx = cand[i]->fix;
			for (size_t a = 0; a < fx->nedits && ok; a++) {
				if (pl_span_end(fx->edits[a].span) > cur_len)
					ok = false;
				for (size_t c = 0; c < n && ok; c++)
					for (size_t b = 0; b < chosen[c]->fix->nedits && ok; b++)
						ok = !edits_clash(&fx->edits[a], &chosen[c]->fix->edits[b]);
				for (size_t b = 0; b < a && ok; b++)
					ok = !edits_clash(&fx->edits[a], &fx->edits[b]);
			}
			if (ok)
				chosen[n++] = cand[i];
		}

		size_t new_len = 0, applied = n;
		char *next = n ? apply(name, kind, cur, cur_len, crlf, chosen, n, base_errors, cfg, o, &new_len)
		               : NULL;
		if (n && !next) {
			/* Something broke the parse: keep the fixes that do not, one at a time. */
			applied = 0;
			char *acc = pl_xmalloc(cur_len + 1);
			memcpy(acc, cur, cur_len + 1);
			size_t acc_len = cur_len;
			for (size_t i = 0; i < n; i++) {
				size_t l;
				char *t = apply(name, kind, cur, cur_len, crlf, &chosen[i], 1, base_errors, cfg, o, &l);
				if (!t) {
					if (!r->broken) {
						snprintf(r->broken_buf, sizeof(r->broken_buf), "%s", chosen[i]->code);
						r->broken = r->broken_buf;
					}
					chosen[i] = NULL;
				} else {
					free(t);
				}
			}
			size_t k = 0;
			for (size_t i = 0; i < n; i++)
				if (chosen[i])
					chosen[k++] = chosen[i];
			if (k) {
				free(acc);
				acc = apply(name, kind, cur, cur_len, crlf, chosen, k, base_errors, cfg, o, &acc_len);
				applied = acc ? k : 0;
			}
			next = acc;
			new_len = acc_len;
		}
		free(cand);
		free(chosen);
		pl_file_free(&f);
		if (!next || applied == 0 || (new_len == cur_len && memcmp(next, cur, cur_len) == 0)) {
			free(next);
			break;
		}
		free(cur);
		cur = next;
		cur_len = new_len;
		r->applied += applied;
		r->passes++;
	}
	r->text = cur;
	r->len = cur_len;
}

void pl_fix_result_free(pl_fix_result *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}
