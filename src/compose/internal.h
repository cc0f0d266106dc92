/*
** Private to src/compose/: the loader state shared by load.c (files,
** layers, include, extends), schema.c (validation), merge.c (combining
** layers), model.c (the typed model) and interp.c/env.c (variables).
*/
#ifndef PL_COMPOSE_INTERNAL_H
#define PL_COMPOSE_INTERNAL_H

#include "plimsoll/compose.h"
#include "schema.h"

/* ------------------------------------------------------------------ */
/* Hash maps in the arena (open addressing, linear probing).            */

/* Pointer -> pointer. */
typedef struct pl_compose__ptrmap {
	const void **keys; /* cap slots; NULL when free */
	void **vals;       /* the value of keys[i] */
	size_t cap;        /* a power of two, or 0 before the first put */
	size_t n;          /* keys stored */
} pl_compose__ptrmap;

/* Bind k (never NULL) to v, replacing an earlier binding. */
void pl_compose__ptrmap_put(pl_arena *a, pl_compose__ptrmap *m, const void *k, void *v);
/* The value bound to k, or NULL. */
void *pl_compose__ptrmap_get(const pl_compose__ptrmap *m, const void *k);

/* String (bytes, length) -> pointer; keys are not copied. */
typedef struct pl_compose__strmap {
	const char **keys; /* cap slots; NULL when free */
	size_t *lens;      /* byte length of keys[i] */
	void **vals;       /* the value of keys[i] */
	size_t cap;        /* a power of two, or 0 */
	size_t n;          /* keys stored */
} pl_compose__strmap;

/* Bind k[0..len) to v unless bound; returns the value bound now (v, or the earlier one). */
void *pl_compose__strmap_add(pl_arena *a, pl_compose__strmap *m, const char *k, size_t len, void *v);
/* Bind k[0..len) to v, replacing an earlier binding. */
void pl_compose__strmap_put(pl_arena *a, pl_compose__strmap *m, const char *k, size_t len, void *v);
/* The value bound to k[0..len), or NULL; *found (may be NULL) says whether it is bound. */
void *pl_compose__strmap_get(const pl_compose__strmap *m, const char *k, size_t len, bool *found);

size_t pl_compose__hash(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* Variables.                                                           */

/*
** A set of variables: a file's own, over its parent's (an included
** project's env_file over the including project's variables).
*/
typedef struct pl_compose__env {
	const struct pl_compose__env *parent; /* looked up when a name is not here; may be NULL */
	pl_compose__strmap vars;              /* name -> value (const char *, NUL-terminated) */
} pl_compose__env;

/* The value of name[0..len), or NULL when unset. */
const char *pl_compose__env_get(const pl_compose__env *e, const char *name, size_t len);
void pl_compose__env_set(pl_arena *a, pl_compose__env *e, const char *name, size_t len,
                         const char *value);
/* Add the process environment (environ) to e, replacing what is there. */
void pl_compose__env_add_process(pl_arena *a, pl_compose__env *e);

/*
** Interpolate text[0..len) with env.  The result and every variable are
** recorded in out (whose src, node and raw the caller sets).  map, when
** not NULL, gives the file offset of each byte of text (map[i]); a NULL
** map puts every variable at whole, the scalar's span.
*/
void pl_compose__interpolate(pl_arena *a, const pl_compose__env *env, const char *text,
                             size_t len, const size_t *map, pl_span whole,
                             pl_compose_interp *out);

/* ------------------------------------------------------------------ */
/* The loader.                                                          */

typedef PL_VEC(pl_compose_problem) pl_compose__problems;

typedef struct pl_compose__L {
	pl_compose *c;                    /* the model being built */
	pl_arena *a;                      /* every allocation */
	pl_compose_opts o;                /* the options, defaults filled in */
	PL_VEC(pl_compose_file *) files;  /* every file read; [0] is the main one */
	pl_compose__problems problems;    /* in the order found */
	pl_compose__ptrmap origin;        /* node -> pl_compose_file * for nodes not in files[0] */
	pl_compose__ptrmap interp;        /* scalar (its definition) -> pl_compose_interp * */
	PL_VEC(pl_compose_interp *) interps; /* the recorded ones, in order */
	pl_compose__strmap by_path;       /* cleaned path -> pl_compose_file * (compose files) */
	pl_compose__ptrmap cycles;        /* service mappings on an extends cycle already reported */
	unsigned include_depth;           /* includes being followed, for the depth cap */
} pl_compose__L;

/* Record a problem; returns it, for pl_compose__note. */
pl_compose_problem *pl_compose__problem(pl_compose__L *L, pl_compose_problem_kind kind,
                                        const pl_source *src, pl_span span, const char *fmt, ...)
	PL_PRINTF(5, 6);
/* Attach a note (at most two are kept). */
void pl_compose__note(pl_compose__L *L, pl_compose_problem *p, const pl_source *src,
                      pl_span span, const char *fmt, ...) PL_PRINTF(5, 6);

/* The file a node of the project's trees comes from. */
pl_compose_file *pl_compose__file_of(const pl_compose__L *L, const pl_yaml_node *n);
/* Record n and the nodes below it (not through aliases) as coming from f. */
void pl_compose__own(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *n);

/*
** The interpolation of scalar n of file f: NULL when its value holds no
** '$'.  Computed once per definition; record adds it to c->interps.
*/
const pl_compose_interp *pl_compose__interp(pl_compose__L *L, const pl_compose_file *f,
                                            const pl_yaml_node *n, bool record);
/* File offsets of scalar n's bytes when its text is exactly its value (else NULL); len + 1 entries. */
size_t *pl_compose__offsets(pl_arena *a, const pl_source *src, const pl_yaml_node *n);
/* The scalar's text for checks: interpolated, or raw.  *uncertain: it used an unset variable. */
const char *pl_compose__text(pl_compose__L *L, const pl_compose_file *f, const pl_yaml_node *n,
                             bool *uncertain);

/* s[0..n) made fit for a message: at most 60 bytes, control characters as '?'. */
const char *pl_compose__quote(pl_arena *a, const char *s, size_t n);
/* The YAML tag of a node is t ("!reset", "!override"). */
bool pl_compose__tagged(const pl_yaml_node *n, const char *t);

/* ---- schema.c ---- */

/* Check one document of file f against the schema (PL0003, PL0004), and record its interpolations. */
/*
** The schema's simple patterns matched by hand (PCRE2 costs over a
** thousand instructions a match, and every key and name is matched):
** 1 or 0, or -1 for a pattern left to PCRE2. Read as PCRE2 reads them:
** '.' is any character but a newline, '$' also matches before a final
** newline (test_compose checks the two agree).
*/
int pl_compose__pattern_by_hand(const char *pat, const char *s, size_t n);
void pl_compose__validate(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *root);
/*
** Compose's cast of a string (PL_CS_CAST_*): 0 and the value in *out
** (type set), or -1 when it does not convert.
*/
int pl_compose__cast(int cast, const char *s, pl_yaml_value *out);

/* ---- merge.c ---- */

/*
** Merge layer over base at path (the keys from the root, n of them)
** with Compose's rules; either may be NULL.  Returns the merged node,
** which may be one of the two or a new node owned by the file of base.
*/
const pl_yaml_node *pl_compose__merge(pl_compose__L *L, const pl_yaml_node *base,
                                      const pl_yaml_node *over, const char *const *path,
                                      size_t npath);

/* The key names a property of a service in the schema. */
bool pl_compose__service_key(const char *name, size_t len);

/* ---- model.c ---- */

/* By-name lookups of a built model. */
struct pl_compose__index {
	pl_compose__strmap services;                  /* name -> pl_compose_service * */
	pl_compose__strmap resources[PL_COMPOSE__NKINDS]; /* name -> pl_compose_resource * */
	pl_compose__ptrmap interp;                    /* scalar definition -> pl_compose_interp * */
};

/* Build c's typed model from the merged tree root (may be NULL). */
void pl_compose__model(pl_compose__L *L, const pl_yaml_node *root);
/* Add the 'include' entries of one document of the main file to c->include. */
void pl_compose__model_include(pl_compose__L *L, const pl_yaml_node *root);

/* ---- env.c ---- */

/*
** Read a .env file's variables into env.  Values may use earlier ones,
** and the process environment first when it is read (process not NULL).
*/
void pl_compose__dotenv(pl_compose__L *L, pl_compose__env *env, const pl_compose__env *process,
                        const pl_source *src);

#endif
