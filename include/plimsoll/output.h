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
#define PL_FORMAT_LIST(X)                       \
	X("full", pl_render_full)               \
	X("concise", pl_render_concise)         \
	X("gnu", pl_render_gnu)                 \
	X("json", pl_render_json)               \
	X("sarif", pl_render_sarif)             \
	X("checkstyle", pl_render_checkstyle)   \
	X("codeclimate", pl_render_codeclimate) \
	X("gitlab", pl_render_codeclimate)      \
	X("github", pl_render_github)           \
	X("junit", pl_render_junit)             \
	X("rdjson", pl_render_rdjson)

/* "gitlab" shares pl_render_codeclimate: a repeated declaration is harmless. */
#define PL__X(n, fn) void fn(FILE *out, const pl_results *r);
PL_FORMAT_LIST(PL__X)
#undef PL__X

/* The renderer called name, or NULL. */
pl_render_fn pl_render_find(const char *name);
/* "full, concise, gnu, json, …" in PL_FORMAT_LIST order */
const char *pl_render_names(void);

/* Helpers shared by renderers (src/output/common.c). */
void pl_out_json_string(FILE *out, const char *s);
void pl_out_json_string_n(FILE *out, const char *s, size_t n);
/* The same for text that may not be valid UTF-8 (a student's file): bad bytes become U+FFFD. */
void pl_out_json_string_utf8(FILE *out, const char *s, size_t n);
/*
** XML character data, safe in attribute values (either quote) and in
** element content: & < > " ' and TAB, LF, CR become references (so an
** attribute keeps its newlines); characters XML 1.0 forbids (other C0
** controls, U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD.
*/
void pl_out_xml_string(FILE *out, const char *s);
void pl_out_xml_string_n(FILE *out, const char *s, size_t n);

/*
** A small streaming JSON writer: it places commas, and with indent > 0
** newlines and indentation, so a renderer only says what it writes:
**
**     pl_jw w;
**     pl_jw_init(&w, out, 2);
**     pl_jw_object(&w);
**     pl_jw_key(&w, "line"); pl_jw_uint(&w, 3);
**     pl_jw_end(&w, '}');
**
** No nesting stack is needed: a closed container is always a value
** already written in its parent.
*/
typedef struct pl_jw {
	FILE *out;
	int indent;     /* spaces per level; 0 writes compact JSON */
	int depth;      /* open containers */
	bool has_value; /* the innermost open container already holds a value */
	bool after_key; /* a key was written; its value comes next, on the same line */
} pl_jw;

void pl_jw_init(pl_jw *w, FILE *out, int indent);
void pl_jw_object(pl_jw *w);               /* { */
void pl_jw_array(pl_jw *w);                /* [ */
void pl_jw_end(pl_jw *w, char close);      /* } or ] */
void pl_jw_key(pl_jw *w, const char *key); /* "key": */
void pl_jw_string(pl_jw *w, const char *s);
void pl_jw_string_n(pl_jw *w, const char *s, size_t n);
void pl_jw_uint(pl_jw *w, size_t n);
/* A literal value written as is: a number such as 8.0, true, false. */
void pl_jw_raw(pl_jw *w, const char *literal);

/*
** Stable fingerprints for the diagnostics of a report, in report order
** (files in order, each file's diagnostics in order); NULL when there
** are none, else a malloc'd array the caller frees.  A fingerprint is
** FNV-1a 64 over the path, the code, the text of the flagged span and
** an occurrence counter (how many earlier diagnostics of the report
** share path, code and span text), so it survives lines moving and stays
** unique within the report.  Code-scanning and code-quality services use
** it to match a finding across runs.
*/
uint64_t *pl_out_fingerprints(const pl_results *r);

/*
** path without its leading "./" (and "././", ".//"): code scanning and
** code quality services match findings to repository-relative paths,
** and one file should have one name there however it was given.
*/
const char *pl_out_relpath(const char *path);

struct pl_rule;
/*
** The registered rule behind d, or NULL when d's code is not one of ours
** (an external code such as SC2086 carries a pseudo-rule whose metadata
** does not describe that code).
*/
const struct pl_rule *pl_out_rule(const pl_diag *d);
/* Documentation URL for d's code written into buf, or NULL when there is none. */
const char *pl_out_code_url(const pl_diag *d, char *buf, size_t size);
/* Counts per severity over the report; returns the total. */
size_t pl_out_count(const pl_results *r, size_t counts[PL_SEV_NONE + 1], size_t *nfiles_with);

#endif
