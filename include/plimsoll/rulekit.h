/*
** Helpers many rules share: RUN --mount options, archive and URL
** tests, truthy values, package-manager command shapes.  Pure functions
** over the AST; anything they allocate comes from the given arena.
*/
#ifndef PLIMSOLL_RULEKIT_H
#define PLIMSOLL_RULEKIT_H

#include "plimsoll/dockerfile.h"
#include "plimsoll/shell.h"

/* One --mount=type=…,target=…,… option of RUN. */
typedef struct pl_rk_mount {
	pl_span span;        /* the whole --mount flag */
	const char *type;    /* "bind" when not given (BuildKit's default) */
	const char *target;  /* target=, dst= or destination=; NULL if absent */
	const char *source;  /* source= or src=; NULL if absent */
	const char *from;    /* from=; NULL if absent */
} pl_rk_mount;

/* The --mount options of in, parsed; returns how many (stored in *out, arena-allocated). */
size_t pl_rk_mounts(pl_arena *a, const pl_df_instr *in, pl_rk_mount **out);
/*
** in has a cache or tmpfs mount whose target starts with dir (so files
** written there do not end up in the image).
*/
bool pl_rk_has_cache_mount(pl_arena *a, const pl_df_instr *in, const char *dir);

/* hadolint's archive suffixes (.tar .gz .bz2 .xz .tgz …): ADD unpacks these. */
bool pl_rk_is_archive(const char *path);
/* http:// or https:// (ADD downloads these), or a git URL. */
bool pl_rk_is_url(const char *path);
/* "1", "true", "on", "yes" in any case, as pip reads PIP_* variables. */
bool pl_rk_truthy(const char *v);
/* s holds a shell or Dockerfile variable reference ($X or ${X}). */
bool pl_rk_has_var(const char *s);

/* `apt-get install …` that installs: not a simulation (-s, --simulate, --dry-run, …). */
bool pl_rk_is_apt_get_install(const pl_sh_cmd *c);
/* `pip install …`, `pip3.12 install`, `python -m pip install`, not pipx/pipenv. */
bool pl_rk_is_pip_install(const pl_sh_cmd *c);
/* Index in c->words of the word after which a flag may be inserted for a
** subcommand (e.g. "install"), or c->nwords if the subcommand is absent. */
size_t pl_rk_subcommand_index(const pl_sh_cmd *c, const char *sub);

/* ---- buildkit: helpers for BuildKit's build checks ------------------- */

/*
** A string map in an arena (open addressing; keys copied).  Values are
** pointers; a key may map to NULL, which pl_rk_map_get tells apart from
** an absent key.
*/
typedef struct pl_rk_map_ent {
	const char *key;   /* NUL-terminated copy; NULL for an empty slot */
	size_t n;          /* key length */
	const void *val;
} pl_rk_map_ent;

typedef struct pl_rk_map {
	pl_arena *arena;
	pl_rk_map_ent *v;  /* cap slots; cap is 0 or a power of two */
	size_t n, cap;     /* keys stored, slots */
} pl_rk_map;

void pl_rk_map_init(pl_rk_map *m, pl_arena *a);
/* Set key s[0, n) to val (replacing). */
void pl_rk_map_put(pl_rk_map *m, const char *s, size_t n, const void *val);
/* Key s[0, n) is present; its value goes to *val (val may be NULL). */
bool pl_rk_map_get(const pl_rk_map *m, const char *s, size_t n, const void **val);

/*
** A persistent string map: put returns a new root and leaves the old one
** valid, so a stage's scope can start as its base stage's at no cost.  An
** unbalanced search tree on a 64-bit hash of the key (random enough that
** its depth stays logarithmic); put copies one path.  The empty map is
** NULL.
*/
typedef struct pl_rk_pmap pl_rk_pmap;
struct pl_rk_pmap {
	uint64_t hash;               /* of key */
	const char *key;             /* arena copy, NUL-terminated */
	size_t n;                    /* key length */
	const void *val;
	const pl_rk_pmap *l, *r;     /* smaller and larger (hash, key) */
};

/* root with s[0, n) set to val (replacing); root itself is unchanged. */
const pl_rk_pmap *pl_rk_pmap_put(pl_arena *a, const pl_rk_pmap *root, const char *s, size_t n, const void *val);
/* Key s[0, n) is present; its value goes to *val (val may be NULL). */
bool pl_rk_pmap_get(const pl_rk_pmap *root, const char *s, size_t n, const void **val);
/* Up to max keys into out (in no particular order); returns how many. */
size_t pl_rk_pmap_keys(const pl_rk_pmap *root, const char **out, size_t max);

/* One of BuildKit's predefined platform ARGs: BUILDPLATFORM, BUILDOS, …, TARGETARCH, TARGETVARIANT, TARGETSTAGE. */
bool pl_rk_bk_platform_arg(const char *s, size_t n);
/* The value BuildKit gives a predefined platform ARG when building linux/amd64 on linux/amd64, or NULL. */
const char *pl_rk_bk_platform_value(const char *s, size_t n);
/* A proxy ARG BuildKit hands to RUN without a declaration (HTTP_PROXY, https_proxy, NO_PROXY, …). */
bool pl_rk_bk_proxy_arg(const char *s, size_t n);

/*
** The scope of FROM lines: BuildKit's predefined platform ARGs, then the
** global ARGs (those before the first FROM) in order, each default
** expanded with the ones before it.  Build arguments are not known: a
** default is what a plain `docker build` uses.
*/
typedef struct pl_rk_from_scope {
	pl_rk_map vals;        /* name -> value (const char *), or NULL: declared without a default */
	pl_rk_map declared;    /* names of the global ARGs (value: their ARG instruction) */
} pl_rk_from_scope;

void pl_rk_from_scope_init(pl_rk_from_scope *s, pl_arena *a, const pl_dockerfile *df);
/* pl_df_lookup_fn over a pl_rk_from_scope (ud): the value, or NULL when unset. */
const char *pl_rk_from_scope_lookup(void *ud, const char *name, size_t n);

/* Length of the variable reference at s[at] ('$'): $NAME, or ${…} up to its closing brace (nesting counted; the rest of s when unclosed). */
size_t pl_rk_var_ref_len(const char *s, size_t at);

/*
** The option closest to name, as BuildKit suggests: edit distance (ASCII
** case ignored) below 3, not equal to name; the first wins a tie.  NULL
** when none is close.
*/
const char *pl_rk_suggest(const char *name, const char *const *options, size_t n);

/*
** s is an image reference BuildKit accepts (distribution's
** ParseNormalizedNamed): [domain[:port]/]path[:tag][@digest], path
** components lowercase.
*/
bool pl_rk_valid_image_ref(const char *s);
/*
** Parse a platform "os[/arch[/variant]]" as containerd does: normalized
** os and arch (x86_64 -> amd64, aarch64 -> arm64, …) in *os and *arch
** (arena strings).  False when it does not parse.
*/
bool pl_rk_parse_platform(pl_arena *a, const char *s, const char **os, const char **arch);

/*
** Variables an image defines in its configuration (ENV), for the official
** images plimsoll knows (src/baseenv.c).  PATH is not listed: BuildKit
** sets it in every stage.
**   PL_RK_ENV_UNKNOWN   plimsoll does not know this image
**   PL_RK_ENV_KNOWN     it knows every variable the image defines
*/
typedef enum pl_rk_env_knowledge { PL_RK_ENV_UNKNOWN, PL_RK_ENV_KNOWN } pl_rk_env_knowledge;

pl_rk_env_knowledge pl_rk_image_env(const pl_df_imageref *ref);
/* The image ref defines s[0, n) (a known image's table; FALSE for an unknown image). */
bool pl_rk_image_env_has(const pl_df_imageref *ref, const char *s, size_t n);
/* The exact names a known image defines (prefix entries such as PHP_* left out), for suggestions; count in *n. */
const char *const *pl_rk_image_env_names(pl_arena *a, const pl_df_imageref *ref, size_t *n);

#endif
