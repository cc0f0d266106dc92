/*
** The build context of a Dockerfile: the folder `docker build` sends,
** its .dockerignore, and the names at its top.  Rules read it through
** pl_ctx_build_context(); the engine loads it on first use, so files
** nobody asks about are never opened.
*/
#ifndef PLIMSOLL_CONTEXT_H
#define PLIMSOLL_CONTEXT_H

#include "plimsoll/source.h"

/* One line of a .dockerignore. */
typedef struct pl_ignore_pattern {
	const char *pattern; /* cleaned: no leading '/', no '!', no trailing '/' */
	bool negate;         /* the line started with '!' (an exception) */
	pl_span span;        /* the line in the .dockerignore source */
} pl_ignore_pattern;

typedef struct pl_build_context {
	const char *dir;               /* the context folder */
	const pl_source *dockerignore; /* the ignore file's text, or NULL when there is none */
	pl_ignore_pattern *patterns;   /* its patterns, in order (the last match wins) */
	size_t npatterns;
	const char **entries;          /* names directly in dir, sorted, "." and ".." left out */
	size_t nentries;
	bool listed;                   /* entries could be read */
} pl_build_context;

/*
** Load the context of a Dockerfile at dockerfile_path whose context is dir:
** <Dockerfile>.dockerignore beside the Dockerfile wins over dir/.dockerignore,
** as BuildKit reads them.  Never fails: missing pieces stay empty.
*/
void pl_context_load(pl_build_context *c, pl_arena *a, const char *dir, const char *dockerfile_path);
/* The same, reading the .dockerignore through read (NULL: the file system). */
void pl_context_load_via(pl_build_context *c, pl_arena *a, const char *dir,
                         const char *dockerfile_path, pl_read_fn read, void *read_ud);
/*
** With on, contexts share the listing of a folder (read once, kept until
** exit) instead of reading it for each Dockerfile: for one run over many
** files (the command line turns it on).  Off by default, so a long-lived
** process (an editor's server) sees folders as they are now.
*/
void pl_context_share_listings(bool on);
/*
** While listings are shared: path's folder, as listed once for the run,
** does not hold path's name, so opening it would fail. False when it
** might be there, or listings are not shared. Saves the failed open of
** every optional file (.dockerignore, Dockerfile.dockerignore, .env)
** when many files share a folder.
*/
bool pl_context_known_absent(const char *path);
/* Parse .dockerignore text into c->patterns (also used by tests). */
void pl_context_parse_ignore(pl_build_context *c, pl_arena *a, const pl_source *src);
/*
** path (relative to the context, as in a COPY source; "./" and a leading
** "/" allowed) is excluded by the patterns: the last pattern that matches
** it or one of its parent folders decides, as BuildKit's pattern matcher.
*/
bool pl_context_ignored(const pl_build_context *c, const char *path);
/* dir holds an entry called name (a file or folder at the top of the context). */
bool pl_context_has(const pl_build_context *c, const char *name);

#endif
