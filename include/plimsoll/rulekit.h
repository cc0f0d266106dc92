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

/* ---- instructions (DL1001, DL30xx, DL40xx structure rules) ---------- */

/*
** A map from strings to pointers, allocated in an arena (open
** addressing, grows by doubling): constant time per lookup, so a rule
** that looks names up per instruction stays linear.  Zero-initialise;
** set icase before the first put to compare keys ASCII case-insensitively
** (stage names, as BuildKit lowercases them).  Keys are copied.
**     pl_rk_map names = {.icase = true};
**     if (!pl_rk_map_put(&names, a, st->name, strlen(st->name), st)) ...   // new name
*/
typedef struct pl_rk_map_slot {
	const char *key;  /* NULL when the slot is free */
	size_t len;
	size_t hash;
	void *val;
} pl_rk_map_slot;

typedef struct pl_rk_map {
	pl_rk_map_slot *slots;
	size_t cap;        /* a power of two, or 0 before the first put */
	size_t n;          /* keys stored */
	bool icase;        /* compare keys case-insensitively */
} pl_rk_map;

/* The value stored for key[0..len), or NULL when there is none. */
void *pl_rk_map_get(const pl_rk_map *m, const char *key, size_t len);
/* Store val for key unless the key is there; returns the value it had (NULL if new). */
void *pl_rk_map_put(pl_rk_map *m, pl_arena *a, const char *key, size_t len, void *val);

/*
** The first instruction of one kind in a stage (DL3012, DL4004): returns
** the earlier one when in's stage already had one, else remembers in and
** returns NULL.  Instructions before the first FROM form a stage of their own.
*/
typedef struct pl_rk_first {
	const pl_df_stage *stage; /* stage of 'in' */
	const pl_df_instr *in;    /* the first one seen in that stage, or NULL */
} pl_rk_first;
const pl_df_instr *pl_rk_first_in_stage(pl_rk_first *f, const pl_df_instr *in);
/*
** Report in when its stage already had an instruction of its kind ("this
** stage already has an ENTRYPOINT: only the last one takes effect"), with
** a note at the first one.  Instructions inside ONBUILD are skipped.
*/
typedef struct pl_ctx pl_ctx;
void pl_rk_report_repeated(pl_ctx *ctx, pl_rk_first *f, const pl_df_instr *in);

/* A reference to a stage or an image: COPY --from=X, or RUN --mount=…,from=X. */
typedef struct pl_rk_from_ref {
	const char *name; /* X, unquoted; variables not expanded */
	pl_span span;     /* X in the file (the whole flag when X cannot be placed exactly) */
} pl_rk_from_ref;
/* The references of in, in order, into *out (arena-allocated); returns how many. */
size_t pl_rk_from_refs(pl_arena *a, const pl_df_instr *in, pl_rk_from_ref **out);

/* Fill m (zeroed) with each stage name of df, any case, mapped to the first stage of that name. */
void pl_rk_stage_names(pl_rk_map *m, pl_arena *a, const pl_dockerfile *df);
/* The stage a reference names: an index ("0") or a name in names; NULL when neither. */
const pl_df_stage *pl_rk_stage_ref(const pl_rk_map *names, const pl_dockerfile *df, const char *ref);

/*
** For each stage index, the image at the root of its chain of
** `FROM <earlier stage>` links (arena-allocated; one pass, since bases
** come first).  Compute it once per file, in on_begin.
*/
const pl_df_imageref **pl_rk_root_images(pl_arena *a, const pl_dockerfile *df);
/*
** The image is BusyBox based, so it has no bash and BusyBox's own wget:
** alpine, busybox, or a tag that names alpine (python:3.12-alpine).
*/
bool pl_rk_image_is_busybox(const pl_df_imageref *ref);
/* The image is a Windows one (…/windows/…, nanoserver, servercore): no POSIX users or shell. */
bool pl_rk_image_is_windows(const pl_df_imageref *ref);
/* Quotes dropped, the part after the last '/' or '\\' (Windows paths too). */
const char *pl_rk_basename(pl_arena *a, const char *path);
/*
** The span of bytes [off, off+len) of a word's raw text, when the raw
** text lies in the file exactly as written (raw_len == span.len: one
** line, no continuation); else the whole word's span.
*/
pl_span pl_rk_subspan(pl_span word, size_t raw_len, size_t off, size_t len);
/* Offset just past a variable name starting at s[i] (letters, digits, '_'); i when none. */
size_t pl_rk_name_end(const char *s, size_t i);

#endif
