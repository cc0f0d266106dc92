/*
** Renderers: one file each in src/output/.  A report is the list of
** linted files with their diagnostics, in the order they were given.
*/
#ifndef PLIMSOLL_OUTPUT_H
#define PLIMSOLL_OUTPUT_H

#include <stdio.h>

#include "plimsoll/lint.h"

typedef struct pl_results {
	pl_file **files;        /* linted files, in discovery order */
	size_t nfiles;
	bool color;             /* ANSI colours (full format) */
	pl_severity threshold;  /* failure threshold, for the summary */
} pl_results;

typedef void (*pl_render_fn)(FILE *out, const pl_results *r);

/* The X-macro list of formats: X(name, function). */
#define PL_FORMAT_LIST(X)            \
	X("full", pl_render_full)    \
	X("concise", pl_render_concise) \
	X("gnu", pl_render_gnu)      \
	X("json", pl_render_json)

#define PL__X(n, fn) void fn(FILE *out, const pl_results *r);
PL_FORMAT_LIST(PL__X)
#undef PL__X

/* The renderer called name, or NULL. */
pl_render_fn pl_render_find(const char *name);
/* "full, concise, gnu, json" */
const char *pl_render_names(void);

/* Helpers shared by renderers (src/output/common.c). */
void pl_out_json_string(FILE *out, const char *s);
void pl_out_json_string_n(FILE *out, const char *s, size_t n);
/* Counts per severity over the report; returns the total. */
size_t pl_out_count(const pl_results *r, size_t counts[PL_SEV_NONE + 1], size_t *nfiles_with);

#endif
