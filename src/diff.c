/*
** Unified diffs of a file before and after fixing (--diff), for review
** and for `patch -p1`.  Lines are compared after stripping the common
** head and tail, with Myers' O(ND) algorithm on what is left.
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/fix.h"

typedef struct line {
	const char *s; /* start of the line */
	size_t n;      /* its bytes, the newline included */
} line;

/* Split text into lines (the last one may lack a newline). */
static line *split_lines(const char *t, size_t len, size_t *count)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += t[i] == '\n';
	n += len && t[len - 1] != '\n';
	line *v = pl_xmalloc((n + 1) * sizeof(*v));
	size_t k = 0, start = 0;
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '\n') {
			v[k++] = (line){t + start, i + 1 - start};
			start = i + 1;
		}
	}
	if (start < len)
		v[k++] = (line){t + start, len - start};
	*count = k;
	return v;
}

static bool same(const line *a, const line *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

/* One step of the edit script: keep, delete from old, or insert from new. */
typedef enum op { KEEP, DEL, INS } op;

/*
** Myers' greedy algorithm on a[0..n) and b[0..m); the script goes to ops
** (capacity n + m).  Keeps every V row for the backtrack: O(D^2) memory,
** fine for the few lines fixes change.  Returns the script length.
*/
static size_t myers(const line *a, size_t n, const line *b, size_t m, op *ops)
{
	size_t max = n + m;
	long off = (long)max;
	long **rows = pl_xmalloc((max + 1) * sizeof(long *));
	size_t d = 0;
	long *v = pl_xcalloc(2 * max + 2, sizeof(long));
	for (;; d++) {
		rows[d] = pl_xmalloc((2 * max + 2) * sizeof(long));
		memcpy(rows[d], v, (2 * max + 2) * sizeof(long));
		bool done = false;
		for (long k = -(long)d; k <= (long)d; k += 2) {
			long x;
			if (k == -(long)d || (k != (long)d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			long y = x - k;
			while (x < (long)n && y < (long)m && same(&a[x], &b[y]))
				x++, y++;
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				done = true;
				break;
			}
		}
		if (done)
			break;
	}
	/* Backtrack from (n, m) through the saved rows, writing the script backwards. */
	size_t len = 0;
	op *rev = pl_xmalloc((max + 1) * sizeof(op));
	long x = (long)n, y = (long)m;
	for (long dd = (long)d; dd > 0; dd--) {
		const long *pv = rows[dd];
		long k = x - y;
		long pk = (k == -dd || (k != dd && pv[off + k - 1] < pv[off + k + 1])) ? k + 1 : k - 1;
		long px = pv[off + pk], py = px - pk;
		while (x > px && y > py) {
			rev[len++] = KEEP;
			x--, y--;
		}
		rev[len++] = x == px ? INS : DEL;
		x = px, y = py;
	}
	while (x > 0 && y > 0) {
		rev[len++] = KEEP;
		x--, y--;
	}
	for (size_t i = 0; i < len; i++)
		ops[i] = rev[len - 1 - i];
	free(rev);
	for (size_t i = 0; i <= d; i++)
		free(rows[i]);
	free(rows);
	free(v);
	return len;
}

static void put_line(FILE *out, char tag, const line *l)
{
	fputc(tag, out);
	fwrite(l->s, 1, l->n, out);
	if (!l->n || l->s[l->n - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", out);
}

#define CONTEXT 3

bool pl_diff_unified(FILE *out, const char *path, const char *old, size_t old_len, const char *new_,
                     size_t new_len)
{
	if (old_len == new_len && memcmp(old, new_, old_len) == 0)
		return false;
	size_t n, m;
	line *a = split_lines(old, old_len, &n);
	line *b = split_lines(new_, new_len, &m);
	size_t head = 0;
	while (head < n && head < m && same(&a[head], &b[head]))
		head++;
	size_t tail = 0;
	while (tail < n - head && tail < m - head && same(&a[n - 1 - tail], &b[m - 1 - tail]))
		tail++;
	/* Script over the whole file: KEEP head, Myers on the middle, KEEP tail. */
	size_t mid_n = n - head - tail, mid_m = m - head - tail;
	op *ops = pl_xmalloc((n + m + 1) * sizeof(op));
	size_t len = 0;
	for (size_t i = 0; i < head; i++)
		ops[len++] = KEEP;
	if (mid_n + mid_m > 4000) {
		/* Far too many changed lines for a readable diff: replace the middle wholesale
		   rather than spend quadratic memory finding the shortest script. */
		for (size_t i = 0; i < mid_n; i++)
			ops[len++] = DEL;
		for (size_t i = 0; i < mid_m; i++)
			ops[len++] = INS;
	} else {
		len += myers(a + head, mid_n, b + head, mid_m, ops + len);
	}
	for (size_t i = 0; i < tail; i++)
		ops[len++] = KEEP;

	const char *p = path;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	fprintf(out, "--- a/%s\n+++ b/%s\n", p, p);
	/* Walk the script, emitting hunks of changes with CONTEXT lines around them. */
	size_t i = 0, ai = 0, bi = 0;
	while (i < len) {
		if (ops[i] == KEEP) {
			i++, ai++, bi++;
			continue;
		}
		/* A hunk starts CONTEXT lines before this change and ends when CONTEXT*2 keeps pass. */
		size_t back = 0;
		while (back < CONTEXT && back < i && ops[i - back - 1] == KEEP)
			back++;
		size_t hs = i - back, ha = ai - back, hb = bi - back;
		size_t j = i, ja = ai, jb = bi, keeps = 0, end = i;
		while (j < len) {
			if (ops[j] == KEEP) {
				if (++keeps > 2 * CONTEXT)
					break;
				ja++, jb++;
			} else {
				keeps = 0;
				ja += ops[j] == DEL;
				jb += ops[j] == INS;
				end = j + 1;
			}
			j++;
		}
		/* The hunk covers ops[hs, end + trailing context). */
		size_t he = end, trail = 0;
		while (he < len && trail < CONTEXT && ops[he] == KEEP)
			he++, trail++;
		size_t na = 0, nb = 0;
		for (size_t k = hs; k < he; k++) {
			na += ops[k] != INS;
			nb += ops[k] != DEL;
		}
		fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ha + 1 : ha, na, nb ? hb + 1 : hb, nb);
		size_t x = ha, y = hb;
		for (size_t k = hs; k < he; k++) {
			if (ops[k] == KEEP)
				put_line(out, ' ', &a[x++]), y++;
			else if (ops[k] == DEL)
				put_line(out, '-', &a[x++]);
			else
				put_line(out, '+', &b[y++]);
		}
		i = he, ai = x, bi = y;
		(void)ja, (void)jb;
	}
	free(ops);
	free(a);
	free(b);
	return true;
}
