/*
** The arena: one bump allocator per linted file.  Everything made while
** linting a file (source copy, tokens, AST, messages, edits) lives here
** and is released by a single pl_arena_free().
*/
#include "plimsoll/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PL_ARENA_ALIGN 16     /* enough for any scalar type on our targets */
#define PL_ARENA_CHUNK 16384  /* default chunk payload; larger requests get their own */

struct pl_arena_chunk {
	pl_arena_chunk *prev; /* older chunk */
	size_t size;          /* payload bytes after the header */
	/* payload follows, aligned to PL_ARENA_ALIGN */
};

/* Header size rounded up so the payload stays aligned. */
#define CHUNK_HDR ((sizeof(pl_arena_chunk) + PL_ARENA_ALIGN - 1) & ~(size_t)(PL_ARENA_ALIGN - 1))

void pl_die_oom(size_t want)
{
	fprintf(stderr, "plimsoll: out of memory (wanted %zu bytes)\n", want);
	abort();
}

void pl_die_assert(const char *expr, const char *file, int line)
{
	fprintf(stderr, "plimsoll: internal error: assertion '%s' failed at %s:%d\n",
	        expr, file, line);
	abort();
}

void *pl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		pl_die_oom(n);
	return p;
}

void *pl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		pl_die_oom(n * size);
	return p;
}

void *pl_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		pl_die_oom(n);
	return q;
}

char *pl_xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *d = pl_xmalloc(n + 1);
	return memcpy(d, s, n + 1);
}

void pl_arena_init(pl_arena *a)
{
	memset(a, 0, sizeof(*a));
}

void pl_arena_free(pl_arena *a)
{
	pl_arena_chunk *c = a->head;
	while (c) {
		pl_arena_chunk *prev = c->prev;
		free(c);
		c = prev;
	}
	memset(a, 0, sizeof(*a));
}

static size_t round_up(size_t n)
{
	return (n + PL_ARENA_ALIGN - 1) & ~(size_t)(PL_ARENA_ALIGN - 1);
}

/* Make room for n more bytes in a fresh chunk. */
static void new_chunk(pl_arena *a, size_t n)
{
	size_t size = n > PL_ARENA_CHUNK ? n : PL_ARENA_CHUNK;
	if (size > SIZE_MAX - CHUNK_HDR)
		pl_die_oom(size);
	pl_arena_chunk *c = malloc(CHUNK_HDR + size);
	if (!c)
		pl_die_oom(CHUNK_HDR + size);
	c->prev = a->head;
	c->size = size;
	a->head = c;
	a->ptr = (char *)c + CHUNK_HDR;
	a->end = a->ptr + size;
}

void *pl_arena_alloc(pl_arena *a, size_t n)
{
	if (n > SIZE_MAX - PL_ARENA_ALIGN)
		pl_die_oom(n);
	n = round_up(n ? n : 1);
	if (!a->ptr || (size_t)(a->end - a->ptr) < n)
		new_chunk(a, n);
	void *p = a->ptr;
	a->ptr += n;
	a->used += n;
	memset(p, 0, n);
	return p;
}

void *pl_arena_realloc(pl_arena *a, void *p, size_t old_n, size_t new_n)
{
	if (!p)
		return pl_arena_alloc(a, new_n);
	if (new_n <= old_n)
		return p;
	size_t old_r = round_up(old_n ? old_n : 1);
	/* The newest block can grow in place when the chunk has room. */
	if ((char *)p + old_r == a->ptr && new_n <= old_r + (size_t)(a->end - a->ptr)) {
		size_t new_r = round_up(new_n);
		memset(a->ptr, 0, new_r - old_r);
		a->ptr = (char *)p + new_r;
		a->used += new_r - old_r;
		return p;
	}
	void *q = pl_arena_alloc(a, new_n);
	memcpy(q, p, old_n);
	return q;
}

void *pl__vec_grow(pl_arena *a, void *v, size_t *cap, size_t elem)
{
	size_t old = *cap;
	size_t ncap = old ? old * 2 : 8;
	if (ncap > SIZE_MAX / elem)
		pl_die_oom(SIZE_MAX);
	void *nv = pl_arena_realloc(a, v, old * elem, ncap * elem);
	*cap = ncap;
	return nv;
}

char *pl_arena_strndup(pl_arena *a, const char *s, size_t n)
{
	char *d = pl_arena_alloc(a, n + 1);
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *pl_arena_strdup(pl_arena *a, const char *s)
{
	return pl_arena_strndup(a, s, strlen(s));
}

char *pl_arena_vprintf(pl_arena *a, const char *fmt, va_list ap)
{
	/* Format straight into the free end of the chunk; only text that does not fit is formatted twice. */
	size_t room = a->ptr ? (size_t)(a->end - a->ptr) : 0;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? a->ptr : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return pl_arena_strdup(a, "");
	if ((size_t)n < room) {
		char *d = a->ptr;
		size_t used = round_up((size_t)n + 1); /* <= room: chunk ends are aligned too */
		a->ptr += used;
		a->used += used;
		return d;
	}
	char *d = pl_arena_alloc(a, (size_t)n + 1);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *pl_arena_printf(pl_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = pl_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return d;
}
