/*
** Private to src/yaml/: the loader state shared by load.c (events, spans,
** anchors, the node stack) and mapping.c (key index, duplicate keys,
** merge keys).
*/
#ifndef PL_YAML_INTERNAL_H
#define PL_YAML_INTERNAL_H

#include "plimsoll/yaml.h"

/*
** Scalar key -> pair, open addressing.  slot[h] is 0 when free, else
** 1 + the index of a pair in the mapping's pairs array.  Shared by alias
** copies of the mapping; never changed after the mapping is finished.
*/
struct pl_yaml__index {
	size_t mask;  /* capacity - 1; capacity is a power of two, at least twice the keys */
	size_t *slot; /* capacity entries */
};

typedef struct pl_yaml__loader {
	pl_yaml *y;             /* results go here */
	pl_arena *arena;        /* every allocation */
	const pl_source *src;   /* the text the spans index */
	PL_VEC(pl_yaml_error) errors; /* moved into y at the end */
} pl_yaml__loader;

/* Record a problem; note may be NULL (then note_span is ignored). */
void pl_yaml__error(pl_yaml__loader *L, pl_yaml_error_kind kind, pl_span span,
                    pl_span note_span, const char *note, const char *fmt, ...)
	PL_PRINTF(6, 7);
/* s[0..len) made fit for a message: at most 40 bytes, control characters as '?'. */
const char *pl_yaml__quote(pl_yaml__loader *L, const char *s, size_t len);

/* Saturating size_t addition: weights and budgets never wrap. */
static inline size_t pl_yaml__add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/*
** Finish a mapping whose written pairs are in map->as.map.pairs[0..n):
** move the '<<' entries to merges, index the keys, report duplicates,
** append the merged pairs, and set the weight.
*/
void pl_yaml__map_finish(pl_yaml__loader *L, pl_yaml_node *map);

#endif
