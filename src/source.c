/*
** Source files: a copy of the bytes, a line table built once, and the
** conversion from byte offsets to 1-based line:column (columns count
** code points; a tab counts as one; a BOM is not a column).
*/
#include "plimsoll/source.h"

#include <stdint.h>
#include <string.h>

/* The last position computed: the column of 'off' on line 'line'. */
struct pl_pos_cache {
	size_t off;  /* byte offset */
	size_t line; /* 0-based line index of off */
	size_t col;  /* 1-based column of off */
	bool valid;
};

/* Offset of the first byte that is not valid UTF-8, or len when all are. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* ASCII eight bytes at a time: most files are all ASCII. */
		while (len - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = pl_utf8_len(s + i, len - i, NULL);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

void pl_source_init(pl_source *src, pl_arena *arena, const char *path,
                    const char *bytes, size_t len)
{
	memset(src, 0, sizeof(*src));
	src->path = pl_arena_strdup(arena, path ? path : "-");
	char *text = pl_arena_alloc(arena, len + 1);
	if (len)
		memcpy(text, bytes, len);
	text[len] = '\0';
	src->text = text;
	src->len = len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		src->bom = 3;
	src->has_nul = memchr(text, '\0', len) != NULL;
	size_t bad = utf8_check((const unsigned char *)text, len);
	src->bad_utf8 = bad < len;
	src->bad_utf8_off = bad;

	size_t nlines = 1;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
		nlines++;
	src->line_start = pl_arena_alloc(arena, nlines * sizeof(size_t));
	src->nlines = nlines;
	size_t k = 0;
	src->line_start[k++] = 0;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++) {
		size_t i = (size_t)(p - text);
		if (k == 1 && i > 0 && text[i - 1] == '\r')
			src->crlf = true;
		src->line_start[k++] = i + 1;
	}
	PL_ASSERT(k == nlines); /* counted the same newlines twice */
	src->pos_cache = pl_arena_alloc(arena, sizeof(struct pl_pos_cache));
}

void pl_source_copy(pl_source *to, pl_arena *arena, const pl_source *from, bool keep_text)
{
	if (!keep_text) {
		pl_source_init(to, arena, from->path, "", 0);
		return;
	}
	pl_source s = *from;
	s.path = pl_arena_strdup(arena, from->path);
	s.text = pl_arena_strndup(arena, from->text, from->len);
	s.line_start = pl_arena_alloc(arena, from->nlines * sizeof(size_t));
	memcpy(s.line_start, from->line_start, from->nlines * sizeof(size_t));
	s.pos_cache = pl_arena_alloc(arena, sizeof(struct pl_pos_cache));
	*to = s;
}

size_t pl_source_line_index(const pl_source *src, size_t off)
{
	size_t lo = 0, hi = src->nlines;
	/* Largest i with line_start[i] <= off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

pl_span pl_source_line(const pl_source *src, size_t i)
{
	if (i >= src->nlines)
		return pl_span_make(src->len, src->len);
	size_t start = src->line_start[i];
	size_t end = i + 1 < src->nlines ? src->line_start[i + 1] - 1 : src->len;
	if (end > start && src->text[end - 1] == '\r')
		end--;
	return pl_span_make(start, end);
}

/* Code points in text[from, to): every byte that is not a continuation byte. */
static size_t count_cps(const char *text, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

pl_pos pl_source_pos(const pl_source *src, size_t off)
{
	if (off > src->len)
		off = src->len;
	size_t i = pl_source_line_index(src, off);
	size_t start = src->line_start[i];
	if (i == 0 && start < src->bom)
		start = src->bom;
	struct pl_pos_cache *c = src->pos_cache;
	size_t col;
	if (c && c->valid && c->line == i && c->off <= off && c->off >= start)
		col = c->col + count_cps(src->text, c->off, off); /* walk on from the last answer */
	else
		col = 1 + (off > start ? count_cps(src->text, start, off) : 0);
	if (c) {
		c->off = off;
		c->line = i;
		c->col = col;
		c->valid = true;
	}
	pl_pos p = {i + 1, col};
	return p;
}

size_t pl_source_offset(const pl_source *src, size_t line, size_t col)
{
	if (line == 0)
		line = 1;
	if (line > src->nlines)
		return src->len;
	pl_span ls = pl_source_line(src, line - 1);
	size_t off = ls.off;
	if (line == 1 && off < src->bom)
		off = src->bom;
	size_t end = pl_span_end(ls);
	for (size_t c = 1; c < col && off < end; c++) {
		off++;
		while (off < end && ((unsigned char)src->text[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

size_t pl_textmap_seg_index(const pl_textmap *m, size_t lo)
{
	size_t a = 0, b = m->nsegs;
	while (b - a > 1) {
		size_t mid = a + (b - a) / 2;
		if (m->segs[mid].lo <= lo)
			a = mid;
		else
			b = mid;
	}
	return a;
}

void pl_textmap_add(pl_arena *a, pl_textmap_segs *v, size_t lo, size_t phys, size_t n)
{
	if (n == 0)
		return;
	if (v->n) {
		pl_textmap_seg *last = &v->v[v->n - 1];
		if (last->lo + last->len == lo && last->phys + last->len == phys) {
			last->len += n;
			return;
		}
	}
	pl_textmap_seg *s = PL_VEC_PUSH(a, v);
	s->lo = lo;
	s->phys = phys;
	s->len = n;
}

/*
** One pass of pl_textmap_compose: map runs[0..n) through m, appending the
** merged result to out[0..*nout) when out is not NULL; returns how many
** pieces there are (an upper bound of the merged count).
*/
static size_t compose_pass(const pl_textmap *m, const pl_textmap_seg *runs, size_t n,
                           pl_textmap_seg *out, size_t *nout)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		size_t t = runs[i].lo, lo = runs[i].phys, left = runs[i].len;
		while (left > 0) {
			size_t take = left, ph;
			if (!m || !m->segs || m->nsegs == 0) {
				ph = (m ? m->base : 0) + lo;
			} else {
				size_t k = pl_textmap_seg_index(m, lo);
				const pl_textmap_seg *s = &m->segs[k];
				if (lo < s->lo) {
					ph = s->phys;
					take = s->lo - lo < left ? s->lo - lo : left;
				} else if (lo - s->lo < s->len) {
					ph = s->phys + (lo - s->lo);
					take = s->len - (lo - s->lo) < left ? s->len - (lo - s->lo) : left;
				} else {
					/* in a gap or past the end: pin to the segment's end */
					ph = s->phys + s->len;
					if (k + 1 < m->nsegs && m->segs[k + 1].lo - lo < left)
						take = m->segs[k + 1].lo - lo;
				}
			}
			count++;
			if (out) {
				pl_textmap_seg *last = *nout ? &out[*nout - 1] : NULL;
				if (last && last->lo + last->len == t && last->phys + last->len == ph) {
					last->len += take;
				} else {
					out[*nout].lo = t;
					out[*nout].phys = ph;
					out[*nout].len = take;
					++*nout;
				}
			}
			t += take;
			lo += take;
			left -= take;
		}
	}
	return count;
}

pl_textmap pl_textmap_compose(pl_arena *a, const pl_textmap_seg *runs, size_t n,
                              const pl_textmap *outer, size_t at_lo)
{
	size_t cap = compose_pass(outer, runs, n, NULL, NULL), nout = 0;
	pl_textmap_seg *out = pl_arena_alloc(a, (cap ? cap : 1) * sizeof(*out));
	compose_pass(outer, runs, n, out, &nout);
	if (nout == 0) {
		out[0].lo = 0;
		out[0].phys = pl_textmap_phys(outer, at_lo);
		out[0].len = 0;
		nout = 1;
	}
	pl_textmap map = {out, nout, 0};
	return map;
}

size_t pl_textmap_phys(const pl_textmap *m, size_t lo)
{
	if (!m)
		return lo;
	if (!m->segs || m->nsegs == 0)
		return m->base + lo;
	size_t a = pl_textmap_seg_index(m, lo);
	const pl_textmap_seg *s = &m->segs[a];
	if (lo < s->lo)
		return s->phys;
	size_t d = lo - s->lo;
	if (d > s->len)
		d = s->len; /* past the segment: clamp to its physical end */
	return s->phys + d;
}

pl_span pl_textmap_span(const pl_textmap *m, size_t lo, size_t hi)
{
	if (hi <= lo) {
		size_t p = pl_textmap_phys(m, lo);
		return pl_span_make(p, p);
	}
	size_t start = pl_textmap_phys(m, lo);
	size_t end = pl_textmap_phys(m, hi - 1) + 1;
	return pl_span_make(start, end);
}
