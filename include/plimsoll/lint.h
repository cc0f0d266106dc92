/*
** Linting one file: read bytes into a pl_file, parse by kind, run the
** enabled rules, apply pragmas and configuration, sort.
**
**     pl_file f;
**     pl_file_init(&f, "Dockerfile", bytes, len, PL_FILE_DOCKERFILE);
**     pl_lint_file(&f, &cfg);
**     ... f.diags ...
**     pl_file_free(&f);
**
** The other files.  Linting one file may read others: a compose file's
** override, included, extended and .env files, a Dockerfile's
** .dockerignore, and (the project layer) the Dockerfiles a compose file
** builds.  Every such read goes through pl_file_read(f, ...), which asks
** f->read when it is set and the file system otherwise.  An editor sets
** it to serve its open buffers before the disk, so unsaved text wins
** (src/lsp/docs.c); it may also record what was read, to lint the file
** again when one of those changes.  The linted file's own bytes are the
** ones given to pl_file_init.
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
	/* Projects (include/plimsoll/project.h): a compose file with the Dockerfiles it builds. */
	const struct pl_project_opts *project_opts; /* kind COMPOSE: how to read and configure the
	                                          Dockerfiles it builds; NULL: read none from disk.
	                                          Set before pl_lint_file; not owned */
	struct pl_project *project; /* kind COMPOSE, after pl_lint_file: the builds and the Dockerfiles
	                               linted with it (each its own pl_file, freed with this one) */
	const struct pl_project_dockerfile *built_by; /* a Dockerfile linted as part of a project: what
	                                                 compose says about it (context, target,
	                                                 healthcheck); NULL otherwise */
	pl_diags diags;          /* after pl_lint_file: filtered, configured, sorted */
	size_t nsuppressed;      /* diagnostics dropped by pragmas */
	pl_read_fn read;         /* reads the other files (see above); NULL: the file system.
	                            Also used for compose files unless compose_opts->read is set */
	void *read_ud;           /* passed to read */
	bool timed;              /* set before pl_lint_file: measure the phases below (--stats) */
	uint64_t ns_parse;       /* when timed: this thread's CPU time in the front end (ns) */
	uint64_t ns_rules;       /* … and in rules, pragmas and sorting */
} pl_file;

void pl_file_init(pl_file *f, const char *path, const char *bytes, size_t len, pl_file_kind kind);
/* The file is on disk at path (its folder is the default build context). */
void pl_file_set_path(pl_file *f, const char *path);
void pl_file_free(pl_file *f);

/* Read another file for f's lint through f->read, else the file system (pl_read_fn's contract). */
int pl_file_read(const pl_file *f, const char *path, size_t limit, char **out, size_t *len,
                 const char **err);

/* Kind of a file from its name: Dockerfile, *.dockerfile, Containerfile, compose*.yml, … */
pl_file_kind pl_file_kind_of(const char *path);

/*
** Problems the front end found in f, whatever the configuration: parse
** errors of a Dockerfile (PL0001); the YAML, schema and port/volume
** syntax problems of a compose file in that file (PL0002-PL0004).  A fix
** pass that adds one is rolled back.
*/
size_t pl_file_parse_errors(const pl_file *f);

/* This thread's CPU time in nanoseconds (for --stats). */
uint64_t pl_thread_cpu_ns(void);

/* Parse and lint f with cfg.  Never fails on bad input. */
void pl_lint_file(pl_file *f, const pl_config *cfg);

#endif
