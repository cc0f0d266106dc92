/*
** Linting one file: read bytes into a pl_file, parse by kind, run the
** enabled rules, apply pragmas and configuration, sort.
**
**     pl_file f;
**     pl_file_init(&f, "Dockerfile", bytes, len, PL_FILE_DOCKERFILE);
**     pl_lint_file(&f, &cfg);
**     ... f.diags ...
**     pl_file_free(&f);
*/
#ifndef PLIMSOLL_LINT_H
#define PLIMSOLL_LINT_H

#include "plimsoll/compose.h"
#include "plimsoll/config.h"
#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

typedef struct pl_file {
	pl_arena arena;          /* owns the source, the AST and every diagnostic */
	pl_source src;
	pl_file_kind kind;
	const pl_compose_opts *compose_opts; /* how to load a compose project (overrides, env files);
	                                        NULL: defaults.  Set before pl_lint_file; not owned */
	pl_dockerfile *df;       /* the parse when kind == PL_FILE_DOCKERFILE, after pl_lint_file */
	const char *path;        /* where the file is on disk, or NULL (stdin) */
	const char *context_dir; /* its build context folder, or NULL when unknown (stdin) */
	pl_compose *compose;     /* the project when kind == PL_FILE_COMPOSE, after pl_lint_file */
	pl_diags diags;          /* after pl_lint_file: filtered, configured, sorted */
	size_t nsuppressed;      /* diagnostics dropped by pragmas */
	bool timed;              /* set before pl_lint_file: measure the phases below (--stats) */
	uint64_t ns_parse;       /* when timed: this thread's CPU time in the front end (ns) */
	uint64_t ns_rules;       /* … and in rules, pragmas and sorting */
} pl_file;

void pl_file_init(pl_file *f, const char *path, const char *bytes, size_t len, pl_file_kind kind);
/* The file is on disk at path (its folder is the default build context). */
void pl_file_set_path(pl_file *f, const char *path);
void pl_file_free(pl_file *f);

/* Kind of a file from its name: Dockerfile, *.dockerfile, Containerfile, compose*.yml, … */
pl_file_kind pl_file_kind_of(const char *path);

/* Problems the front end found parsing f (PL0001/PL0002), whatever the configuration. */
size_t pl_file_parse_errors(const pl_file *f);

/* This thread's CPU time in nanoseconds (for --stats). */
uint64_t pl_thread_cpu_ns(void);

/* Parse and lint f with cfg.  Never fails on bad input. */
void pl_lint_file(pl_file *f, const pl_config *cfg);

#endif
