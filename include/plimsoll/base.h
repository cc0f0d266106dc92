/*
** Common ground for every plimsoll module: spans, assertions, the
** out-of-memory policy and the arena allocator that owns a file's data.
*/
#ifndef PLIMSOLL_BASE_H
#define PLIMSOLL_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define PL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define PL_NORETURN __attribute__((noreturn))
#define PL_UNUSED __attribute__((unused))
#else
#define PL_PRINTF(fmt, args)
#define PL_NORETURN
#define PL_UNUSED
#endif

#define PL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
** A half-open byte range [off, off+len) into the original bytes of a
** source file.  Line and column are derived only when printing.
*/
typedef struct pl_span {
	size_t off; /* first byte */
	size_t len; /* number of bytes; 0 for an insertion point */
} pl_span;

static inline pl_span pl_span_make(size_t start, size_t end)
{
	pl_span s = {start, end >= start ? end - start : 0};
	return s;
}

static inline size_t pl_span_end(pl_span s)
{
	return s.off + s.len;
}

/* The smallest span covering both a and b. */
static inline pl_span pl_span_join(pl_span a, pl_span b)
{
	size_t start = a.off < b.off ? a.off : b.off;
	size_t end = pl_span_end(a) > pl_span_end(b) ? pl_span_end(a) : pl_span_end(b);
	return pl_span_make(start, end);
}

/* Allocation failure is not recoverable: report and abort (git xmalloc). */
PL_NORETURN void pl_die_oom(size_t want);
/* A broken invariant in plimsoll itself: print where and abort. */
PL_NORETURN void pl_die_assert(const char *expr, const char *file, int line);

/* PL_ASSERT(x): an invariant of the code, checked in every build. */
#define PL_ASSERT(x) ((x) ? (void)0 : pl_die_assert(#x, __FILE__, __LINE__))

/*
** ALWAYS(x) / NEVER(x) (SQLite): mark defensive branches that should be
** impossible.  Debug builds assert; release builds take the safe branch.
*/
#ifdef NDEBUG
#define ALWAYS(x) (x)
#define NEVER(x) (x)
#else
#define ALWAYS(x) ((x) ? 1 : (pl_die_assert(#x, __FILE__, __LINE__), 0))
#define NEVER(x) ((x) ? (pl_die_assert("!(" #x ")", __FILE__, __LINE__), 1) : 0)
#endif

void *pl_xmalloc(size_t n);
void *pl_xcalloc(size_t n, size_t size);
void *pl_xrealloc(void *p, size_t n);
char *pl_xstrdup(const char *s);

/* ------------------------------------------------------------------ */
/* Arena: a bump allocator owning everything made for one linted file. */

typedef struct pl_arena_chunk pl_arena_chunk;

typedef struct pl_arena {
	pl_arena_chunk *head; /* newest chunk; older ones linked through ->prev */
	char *ptr;            /* next free byte in head */
	char *end;            /* one past the last byte of head */
	size_t used;          /* bytes handed out, for --stats */
} pl_arena;

void pl_arena_init(pl_arena *a);
/* Free every chunk; the arena may be reused after pl_arena_init(). */
void pl_arena_free(pl_arena *a);
/* n bytes, zero-filled, aligned for any type.  Never returns NULL. */
void *pl_arena_alloc(pl_arena *a, size_t n);
/*
** Grow the block p (of old_n bytes, allocated from a) to new_n bytes.
** Extends in place when p is the newest block; otherwise copies.
*/
void *pl_arena_realloc(pl_arena *a, void *p, size_t old_n, size_t new_n);
char *pl_arena_strndup(pl_arena *a, const char *s, size_t n);
char *pl_arena_strdup(pl_arena *a, const char *s);
char *pl_arena_printf(pl_arena *a, const char *fmt, ...) PL_PRINTF(2, 3);
char *pl_arena_vprintf(pl_arena *a, const char *fmt, va_list ap) PL_PRINTF(2, 0);

/*
** A growable array in an arena (tree-sitter's Array(T)):
**     PL_VEC(pl_df_word) words = {0};
**     pl_df_word *w = PL_VEC_PUSH(arena, &words);   // zeroed new slot
** Memory of an outgrown block stays in the arena until it is freed.
*/
#define PL_VEC(T) struct { T *v; size_t n, cap; }
#define PL_VEC_PUSH(arena, vec)                                              \
	((vec)->n == (vec)->cap                                              \
	     ? (void)((vec)->v = pl__vec_grow((arena), (vec)->v, &(vec)->cap, \
	                                      sizeof(*(vec)->v)))            \
	     : (void)0,                                                      \
	 &(vec)->v[(vec)->n++])
void *pl__vec_grow(pl_arena *a, void *v, size_t *cap, size_t elem);

/* ------------------------------------------------------------------ */
/* Small string helpers used across modules.                          */

/* ASCII case-insensitive comparison of s[0..n) with the C string lit. */
bool pl_strn_ieq(const char *s, size_t n, const char *lit);
bool pl_str_ieq(const char *a, const char *b);
bool pl_str_starts(const char *s, const char *prefix);
bool pl_str_ends(const char *s, const char *suffix);
/*
** Length of the well-formed UTF-8 sequence at s[0..n) (1 to 4) with its
** code point in *cp (may be NULL), or 0 when the bytes there are not one
** (overlong forms, surrogates and truncated sequences included).
*/
size_t pl_utf8_len(const unsigned char *s, size_t n, uint32_t *cp);
/* A size such as 10M, 512k, 2G or 1048576 (k, M, G: powers of 1024): 0, or -1 when malformed. */
int pl_parse_size(const char *s, size_t *out);
/* Levenshtein distance, capped at max+1 (for did-you-mean). */
size_t pl_edit_distance(const char *a, const char *b, size_t max);

#endif
