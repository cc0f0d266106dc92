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
} pl_file;

void pl_file_init(pl_file *f, const char *path, const char *bytes, size_t len, pl_file_kind kind);
/* The file is on disk at path (its folder is the default build context). */
void pl_file_set_path(pl_file *f, const char *path);
void pl_file_free(pl_file *f);

/* Kind of a file from its name: Dockerfile, *.dockerfile, Containerfile, compose*.yml, … */
pl_file_kind pl_file_kind_of(const char *path);

/*
** Problems the front end found in f, whatever the configuration: parse
** errors of a Dockerfile (PL0001); the YAML, schema and port/volume
** syntax problems of a compose file in that file (PL0002-PL0004).  A fix
** pass that adds one is rolled back.
*/
size_t pl_file_parse_errors(const pl_file *f);

/* Parse and lint f with cfg.  Never fails on bad input. */
void pl_lint_file(pl_file *f, const pl_config *cfg);

#endif
