/*
** Document text and positions.  LSP splits lines at \n, \r\n and \r and
** counts a line's characters in UTF-16 code units: one for a code point
** of the Basic Multilingual Plane (a tab, 'é', '€'), two for one beyond
** it (an emoji, written as a surrogate pair).  The core keeps byte
** offsets; these functions are the only place the two meet.
**
**   "FROM é😀x"   bytes: F R O M ' ' C3 A9 F0 9F 98 80 x
**   byte 12 ('x') <-> character 8 (4 + 1 + 1 (é) + 2 (😀))
*/
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

/*
** The UTF-8 sequence starting at s[i] (i < n): its length in bytes, and
** in *units its length in UTF-16 code units.  A byte that does not start
** a well-formed sequence counts as one byte and one unit (what an editor
** shows as U+FFFD), so the walk always advances.
*/
static size_t utf8_step(const char *s, size_t n, size_t i, size_t *units)
{
	size_t len = pl_utf8_len((const unsigned char *)s + i, n - i, NULL);
	*units = len == 4 ? 2 : 1;
	return len ? len : 1;
}

/* Add line starts after offset from (which starts line t->nlines - 1) to the end. */
static void scan_lines(pl_lsp_text *t, size_t from)
{
	for (size_t i = from; i < t->len; i++) {
		char c = t->s[i];
		if (c != '\n' && c != '\r')
			continue;
		if (c == '\r' && i + 1 < t->len && t->s[i + 1] == '\n')
			i++; /* \r\n is one terminator */
		if (t->nlines == t->lines_cap) {
			t->lines_cap = t->lines_cap ? t->lines_cap * 2 : 64;
			t->lines = pl_xrealloc(t->lines, t->lines_cap * sizeof(*t->lines));
		}
		t->lines[t->nlines++] = i + 1;
	}
}

void pl_lsp__text_set(pl_lsp_text *t, const char *s, size_t n)
{
	free(t->s);
	t->s = pl_xmalloc(n + 1);
	memcpy(t->s, s, n);
	t->s[n] = '\0';
	t->len = n;
	if (!t->lines_cap) {
		t->lines_cap = 64;
		t->lines = pl_xmalloc(t->lines_cap * sizeof(*t->lines));
	}
	t->lines[0] = 0;
	t->nlines = 1;
	scan_lines(t, 0);
}

void pl_lsp__text_free(pl_lsp_text *t)
{
	free(t->s);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

/* The line holding byte off: the last line starting at or before it. */
static size_t line_of(const pl_lsp_text *t, size_t off)
{
	size_t lo = 1, hi = t->nlines;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/* End of line i's content: before its terminator. */
static size_t line_end(const pl_lsp_text *t, size_t i)
{
	if (i + 1 >= t->nlines)
		return t->len;
	size_t e = t->lines[i + 1];
	if (e >= 2 && t->s[e - 2] == '\r' && t->s[e - 1] == '\n')
		return e - 2;
	return e - 1;
}

/* UTF-16 units in s[from..to), stopping at the start of a sequence that to cuts. */
static size_t units_between(const char *s, size_t n, size_t from, size_t to)
{
	size_t units = 0;
	for (size_t i = from; i < to;) {
		size_t u;
		size_t step = utf8_step(s, n, i, &u);
		if (i + step > to)
			break;
		units += u;
		i += step;
	}
	return units;
}

pl_lsp_pos pl_lsp__text_pos(const pl_lsp_text *t, size_t off)
{
	if (off > t->len)
		off = t->len;
	size_t line = line_of(t, off);
	size_t end = line_end(t, line);
	pl_lsp_pos p = {line, units_between(t->s, t->len, t->lines[line], off < end ? off : end)};
	return p;
}

size_t pl_lsp__text_offset(const pl_lsp_text *t, pl_lsp_pos p)
{
	if (p.line >= t->nlines)
		return t->len;
	size_t i = t->lines[p.line], end = line_end(t, p.line), units = 0;
	while (i < end && units < p.character) {
		size_t u;
		size_t step = utf8_step(t->s, t->len, i, &u);
		if (units + u > p.character)
			break; /* inside a surrogate pair: the code point's start */
		units += u;
		i += step;
	}
	return i;
}

void pl_lsp__text_replace(pl_lsp_text *t, size_t from, size_t to, const char *s, size_t n)
{
	PL_ASSERT(from <= to && to <= t->len); /* callers convert positions with text_offset */
	size_t len = t->len - (to - from) + n;
	char *out = pl_xmalloc(len + 1);
	memcpy(out, t->s, from);
	memcpy(out + from, s, n);
	memcpy(out + from + n, t->s + to, t->len - to + 1); /* with the NUL */
	free(t->s);
	t->s = out;
	t->len = len;
	/*
	** Lines up to the one holding from keep their starts; the rest are
	** scanned again.  One before that, when from follows a '\r' that the
	** insertion may join with a '\n' into one terminator.
	*/
	size_t keep = line_of(t, from);
	if (keep > 0 && t->lines[keep] == from)
		keep--;
	t->nlines = keep + 1;
	scan_lines(t, t->lines[keep]);
}

pl_lsp_pos pl_lsp__pos_in(const char *s, size_t len, size_t off)
{
	if (off > len)
		off = len;
	size_t start = 0, line = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < len && s[i + 1] == '\n'))) {
			line++;
			start = i + 1;
		}
	}
	size_t end = off;
	if (end > start && s[end - 1] == '\r')
		end--; /* off between \r and \n: the line's end */
	pl_lsp_pos p = {line, units_between(s, len, start, end)};
	return p;
}
