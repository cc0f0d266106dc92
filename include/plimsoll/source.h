/*
** A source file: its bytes, a line table, and the mapping from byte
** offsets to the 1-based line:column users see.  Also pl_textmap, which
** maps offsets in a "logical" text (continuations joined, heredoc tabs
** stripped) back to physical offsets in the file.
*/
#ifndef PLIMSOLL_SOURCE_H
#define PLIMSOLL_SOURCE_H

#include "plimsoll/base.h"

typedef enum pl_file_kind {
	PL_FILE_UNKNOWN,
	PL_FILE_DOCKERFILE,
	PL_FILE_COMPOSE,
	PL_FILE_DOCKERIGNORE,
} pl_file_kind;

typedef struct pl_source {
	const char *path;   /* name shown in reports (as given, or --stdin-filename) */
	const char *text;   /* the bytes, NUL-terminated; text[len] == '\0' */
	size_t len;         /* byte count, without the terminating NUL */
	size_t *line_start; /* line_start[i] = offset of line i+1; nlines entries */
	size_t nlines;      /* at least 1, even for an empty file */
	size_t bom;         /* 3 when the file starts with a UTF-8 BOM, else 0 */
	bool crlf;          /* the first line ending is CRLF */
	bool has_nul;       /* the bytes contain a NUL (binary input) */
	bool bad_utf8;      /* the bytes are not valid UTF-8 */
	size_t bad_utf8_off;/* offset of the first invalid byte when bad_utf8 */
	struct pl_pos_cache *pos_cache; /* last position computed (see pl_source_pos); arena-owned */
} pl_source;

/*
** How the other files a lint needs are read (see pl_file.read in lint.h):
** path into a malloc'd buffer *out of *len bytes that the caller frees,
** refusing files over limit bytes.  Returns 0, or -1 with a static
** message in *err.  The same shape as pl_compose_read_fn.
*/
typedef int (*pl_read_fn)(void *ud, const char *path, size_t limit, char **out, size_t *len,
                          const char **err);

/*
** Build a source over a copy of bytes[0..len), allocated in arena.
** Never fails (allocation failure aborts).
*/
void pl_source_init(pl_source *src, pl_arena *arena, const char *path,
                    const char *bytes, size_t len);

/*
** Copy from into *to, text and line table allocated in arena (no second
** pass over the bytes); with keep_text false only the path is kept and
** the copy is an empty source of that name.
*/
void pl_source_copy(pl_source *to, pl_arena *arena, const pl_source *from, bool keep_text);

/* 1-based position: line, and column in code points (a tab counts 1). */
typedef struct pl_pos {
	size_t line;
	size_t col;
} pl_pos;

/*
** The position of byte off.  Remembers the last answer, so asking in
** increasing order along a line (as renderers do with sorted findings)
** costs the distance walked, not the column: many findings on one long
** line stay linear.  Not safe to call on one source from two threads.
*/
pl_pos pl_source_pos(const pl_source *src, size_t off);
/* 0-based index of the line that holds byte off. */
size_t pl_source_line_index(const pl_source *src, size_t off);
/* Span of line i (0-based), without its line terminator. */
pl_span pl_source_line(const pl_source *src, size_t i);
/* Byte offset of 1-based line:col (col in code points); clamps. */
size_t pl_source_offset(const pl_source *src, size_t line, size_t col);

/*
** pl_textmap: a logical text built from pieces of the physical file.
** Each segment says that logical bytes [lo, lo+len) are physical bytes
** [phys, phys+len).  Segments are sorted by lo and do not overlap.  A
** NULL or empty map is the identity shifted by 'base'.
*/
typedef struct pl_textmap_seg {
	size_t lo;   /* logical offset of the segment */
	size_t phys; /* physical offset in the file */
	size_t len;  /* length in bytes */
} pl_textmap_seg;

typedef struct pl_textmap {
	const pl_textmap_seg *segs; /* NULL when identity */
	size_t nsegs;
	size_t base; /* for the identity map: physical = base + logical */
} pl_textmap;

/* A growable list of segments (in an arena). */
typedef PL_VEC(pl_textmap_seg) pl_textmap_segs;

/* Index of the segment of m (m->segs non-NULL) holding logical offset lo: the last with seg.lo <= lo, or 0. */
size_t pl_textmap_seg_index(const pl_textmap *m, size_t lo);
/* Append {lo, phys, n} to v, merged into the last segment when both sides continue it; n 0 is a no-op. */
void pl_textmap_add(pl_arena *a, pl_textmap_segs *v, size_t lo, size_t phys, size_t n);
/*
** Compose maps: runs[0..n) map an inner text (lo = offset in it) into an
** outer text (phys = logical offset there), and outer maps that text to
** the file; the result maps the inner text straight to the file.  A run
** that falls in a gap of outer is pinned to the end of the segment before
** it.  at_lo is the outer offset an empty inner text stands for.  The
** segments are allocated in a at their exact number.
*/
pl_textmap pl_textmap_compose(pl_arena *a, const pl_textmap_seg *runs, size_t n,
                              const pl_textmap *outer, size_t at_lo);

/* Physical offset of logical offset lo (the end of a segment maps to its physical end). */
size_t pl_textmap_phys(const pl_textmap *m, size_t lo);
/* Physical span covering logical [lo, hi). */
pl_span pl_textmap_span(const pl_textmap *m, size_t lo, size_t hi);

#endif
