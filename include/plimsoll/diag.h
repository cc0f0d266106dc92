/*
** Diagnostics and fixes.  A diagnostic points at a span of a source,
** carries a message, optional notes, and optionally a fix: a list of
** non-overlapping text edits with an applicability (ruff's Edit/Fix).
** The AST is never mutated; fixes are text.
*/
#ifndef PLIMSOLL_DIAG_H
#define PLIMSOLL_DIAG_H

#include "plimsoll/source.h"

/* Ascending: a diagnostic fails the run when its severity >= the threshold. */
typedef enum pl_severity {
	PL_SEV_STYLE = 1,   /* formatting and naming */
	PL_SEV_INFO = 2,    /* an improvement */
	PL_SEV_WARNING = 3, /* a likely bug or a bad practice */
	PL_SEV_ERROR = 4,   /* breaks a build or a run */
	PL_SEV_NONE = 5,    /* as a threshold: nothing fails; as a severity: rule off */
} pl_severity;

const char *pl_severity_name(pl_severity s);
/* "error", "warning", "info", "style", "none" (also "off", "ignore"); -1 if unknown. */
int pl_severity_parse(const char *s);

typedef enum pl_fix_kind {
	PL_FIX_NONE = 0,         /* (rule metadata) the rule offers no fix */
	PL_FIX_DISPLAY_ONLY = 1, /* shown as a suggestion, never applied */
	PL_FIX_UNSAFE = 2,       /* applied with --unsafe-fixes: may change behaviour */
	PL_FIX_SAFE = 3,         /* applied with --fix */
} pl_fix_kind;

typedef struct pl_edit {
	pl_span span;     /* bytes to replace; len 0 inserts at span.off */
	const char *text; /* replacement; NULL deletes */
} pl_edit;

typedef struct pl_fix {
	pl_fix_kind kind;
	const char *title; /* imperative, e.g. "replace 'ADD' with 'COPY'" */
	pl_edit *edits;    /* sorted by span.off, non-overlapping */
	size_t nedits;
	size_t cap;
} pl_fix;

typedef struct pl_note {
	const pl_source *src; /* may differ from the diagnostic's (e.g. the anchor of an alias) */
	pl_span span;
	const char *text;
} pl_note;

struct pl_rule;

typedef struct pl_diag {
	const struct pl_rule *rule; /* the rule; for external codes (SCxxxx) the pseudo-rule */
	const char *code;           /* "DL3020", "SC2086" */
	pl_severity severity;       /* after configuration */
	const pl_source *src;       /* file the span is in */
	pl_span span;
	const char *message;        /* lowercase, no trailing period */
	pl_note *notes;
	size_t nnotes;
	pl_fix *fix;                /* NULL when none */
	size_t seq;                 /* report order, breaks sort ties */
} pl_diag;

/* A growable list of diagnostics (heap-allocated pointer array; diags live in arenas). */
typedef struct pl_diags {
	pl_diag **v;
	size_t n, cap;
} pl_diags;

void pl_diags_push(pl_diags *ds, pl_diag *d);
void pl_diags_free(pl_diags *ds);
/* Sort by file path, line, column, code, message; drop exact duplicates. */
void pl_diags_sort_dedup(pl_diags *ds);

#endif
