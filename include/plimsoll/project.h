/*
** The project layer: a compose project (its files after merging) with
** the Dockerfiles its services build, each parsed and linted once, so
** rules can check the two against each other (PL2002, PL2012, PL30xx).
**
**     pl_project p;
**     pl_project_load(&p, arena, compose, "app/compose.yaml", true);
**     for (size_t i = 0; i < p.nbuilds; i++) {
**         const pl_project_build *b = &p.builds[i];
**         if (b->context_fs == PL_PROJECT_FS_MISSING) ...      // PL2012
**         if (b->dockerfile && b->dockerfile->df) ...          // b->stage: what compose builds
**     }
**
** What compose builds.  For each service with 'build:': the context (a
** relative one is relative to the folder of the compose file that sets
** it: compose-go resolves it there, or for an included file in its
** project directory), the Dockerfile ('dockerfile:' relative to the
** context, "Dockerfile" by default, or the text of 'dockerfile_inline:'),
** and the stage ('target:', else the last one).  Remote contexts (git
** and http URLs) and values that hold an unset variable are not looked
** at.  Facts about the file system are gathered here, once, so rules
** never open files: they read context_fs and dockerfile_fs.
**
** Each Dockerfile once.  Services that build the same file (same real
** path) share one pl_project_dockerfile, linted once with the context of
** the first of them; the stage it is linted as "final" is the target
** they all name, else its last stage.  An inline Dockerfile is linted on
** its own text and its findings are moved onto the compose file that
** holds it (through inline_map; fixes dropped).
**
** Lifetime.  The model lives in the compose file's arena; each
** Dockerfile's pl_file (its text, parse and findings) is heap-allocated
** and freed with the compose file (pl_file_free).
*/
#ifndef PLIMSOLL_PROJECT_H
#define PLIMSOLL_PROJECT_H

#include "plimsoll/compose.h"
#include "plimsoll/context.h"
#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

struct pl_file;
struct pl_config;

/* What the file system says about a path the project names. */
typedef enum pl_project_fs {
	PL_PROJECT_FS_UNKNOWN, /* not looked at: no file system (stdin), remote, an unset variable, inline */
	PL_PROJECT_FS_OK,      /* there, and of the right kind */
	PL_PROJECT_FS_MISSING, /* not there */
	PL_PROJECT_FS_WRONG,   /* there, but a file where a folder is wanted, or the reverse */
} pl_project_fs;

typedef struct pl_project_dockerfile pl_project_dockerfile;

/* A service that builds its image ('build:'), as Compose builds it. */
typedef struct pl_project_build {
	const pl_compose_service *service; /* the service */
	const pl_compose_val *context_at;  /* where the context is written ('build: dir' or 'context:');
	                                      its at.node is NULL when the context defaults to "." */
	const char *context;          /* the context folder, joined to the compose file's folder;
	                                 NULL when remote or unknown */
	bool remote;                  /* a git or http(s) URL: Compose fetches it, plimsoll does not */
	pl_project_fs context_fs;     /* the context folder */
	const char *dockerfile_path;  /* the Dockerfile: the context joined with 'dockerfile:' (or "Dockerfile");
	                                 NULL when inline, remote or unknown */
	pl_project_fs dockerfile_fs;  /* the Dockerfile (UNKNOWN when the context is not OK) */
	const char *alternative;      /* when the Dockerfile is MISSING: a file in the context that
	                                 other tools would have used ("Containerfile"), or NULL */
	bool is_inline;               /* 'dockerfile_inline:' gives the text */
	const char *target;           /* 'target:', or NULL */
	pl_project_dockerfile *dockerfile; /* the Dockerfile read, or NULL (missing, remote, unreadable) */
	const pl_df_stage *stage;     /* the stage compose builds: the target (NULL when the file has no
	                                 stage of that name), else the last stage; NULL without a parse */
} pl_project_build;

/* A Dockerfile of the project: read, parsed and linted once. */
struct pl_project_dockerfile {
	const char *path;             /* on disk, as reports show it; for an inline one the compose file's */
	const char *real;             /* its real path (how two builds are found to share it); NULL when inline */
	const char *context;          /* the build context it is linted with (its first build's); NULL when unknown */
	bool is_inline;               /* the text is a 'dockerfile_inline:' value */
	const pl_compose_val *inline_val; /* that value, when inline */
	pl_textmap inline_map;        /* when inline: offsets in src -> offsets in inline_val's file */
	const char *error;            /* why it could not be read (then src and df are NULL) */
	const pl_source *src;         /* its text, once read */
	const pl_dockerfile *df;      /* its parse, once linted */
	const pl_build_context *bctx; /* its build context (loaded with the parse; NULL when unknown) */
	struct pl_file *file;         /* the linted file (owned by the project); NULL when not read */
	pl_project_build **builds;    /* the builds that use it, in service order */
	size_t nbuilds;               /* entries in builds (at least 1) */
	const char *target;           /* the stage linted as final: the target every build names, else NULL (the last) */
	bool healthcheck;             /* every build's service sets 'healthcheck:' in compose, so the image need not */
};

typedef struct pl_project {
	const pl_compose *compose;    /* the project's compose model */
	const char *dir;              /* folder of the main compose file ("" for the current one) */
	bool fs;                      /* the file system was consulted (else every fact is UNKNOWN) */
	pl_project_build *builds;     /* one per service with 'build:', in service order */
	size_t nbuilds;               /* entries in builds */
	pl_project_build **by_service; /* per service index: its build, or NULL */
	pl_project_dockerfile **dockerfiles; /* each Dockerfile once, in the order of their first build */
	size_t ndockerfiles;          /* entries in dockerfiles */
} pl_project;

/*
** Resolve the builds of compose c, whose main file is at compose_path
** (NULL: unknown, as for stdin).  With fs, look at the file system:
** contexts, Dockerfiles and their real paths.  Dockerfiles are not read
** here (pl_project__lint does that).  Never fails.
*/
void pl_project_load(pl_project *p, pl_arena *a, const pl_compose *c, const char *compose_path, bool fs);

/* The build of svc, or NULL when it has none.  O(1). */
const pl_project_build *pl_project_build_of(const pl_project *p, const pl_compose_service *svc);

/* The Dockerfile whose text src is (an inline one's too), or NULL. */
const pl_project_dockerfile *pl_project_dockerfile_of(const pl_project *p, const pl_source *src);

/*
** How linting a compose file as a project reads and configures its
** Dockerfiles (pl_file.project_opts).  Every callback may be NULL.
*/
typedef struct pl_project_opts {
	/* Read a Dockerfile (as pl_compose_read_fn); NULL: the file system. */
	pl_compose_read_fn read;
	size_t max_file_size;         /* refuse larger Dockerfiles; 0: 10 MiB */
	/* The configuration of the Dockerfile at path; NULL (or a NULL result): the compose file's. */
	const struct pl_config *(*config_for)(void *ud, const char *path);
	/*
	** Called with a Dockerfile's bytes (malloc'd) before it is linted; it
	** may replace them (free the old buffer), as --fix does.
	*/
	void (*prepare)(void *ud, const char *path, const struct pl_config *cfg, char **bytes, size_t *len);
	void *ud;                     /* passed to the callbacks */
} pl_project_opts;

/*
** Read and lint every Dockerfile of p (each with its own configuration,
** context, target and compose facts: pl_file.built_by), then bind each
** build to its stage.  cfg is the compose file's configuration; opts
** NULL reads nothing from disk (inline Dockerfiles are still linted).
*/
void pl_project__lint(pl_project *p, pl_arena *a, const struct pl_config *cfg, const pl_project_opts *opts);
/* Free the Dockerfiles' files (the model itself is in the arena). */
void pl_project__free(pl_project *p);
/* Move d (reported at an inline Dockerfile's text) onto the compose file, its notes too; drops its fix. */
void pl_project__map_inline(const pl_project_dockerfile *pd, pl_diag *d);

#endif
