/*
** Helpers many rules share: RUN --mount options, archive and URL
** tests, truthy values, package-manager command shapes.  Pure functions
** over the AST; anything they allocate comes from the given arena.
*/
#ifndef PLIMSOLL_RULEKIT_H
#define PLIMSOLL_RULEKIT_H

#include "plimsoll/dockerfile.h"
#include "plimsoll/rule.h"
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

/*
** Fixes that add or replace one argument of a command, written the way
** the instruction is written: ` -y` after a shell word, `, "-y"` after an
** exec-form (JSON) word.  in is the instruction the command belongs to.
*/
void pl_rk_fix_insert_after(pl_ctx *ctx, pl_diag *d, const pl_df_instr *in, const pl_sh_word *after,
                            const char *arg, const char *title);
void pl_rk_fix_replace_word(pl_ctx *ctx, pl_diag *d, const pl_df_instr *in, const pl_sh_word *w,
                            const char *text, const char *title);
/* ---- labels: DL3026 and the label-schema rules DL3048–DL3058 ---------- */

/* s[0..] shortened for a message: at most 64 bytes, no control bytes, whole UTF-8 sequences, "…" when cut. */
const char *pl_rk_excerpt(pl_arena *a, const char *s);

/*
** The stages of a file by name (ASCII case-insensitive, as BuildKit
** compares them) and by number, for `COPY --from=` and
** `RUN --mount=from=`: built once per file, each lookup O(1).
*/
typedef struct pl_rk_stages {
	const pl_dockerfile *df;
	const pl_df_stage **slots; /* open addressing over the named stages; NULL = empty */
	size_t cap;                /* a power of two, more than twice the named stages */
} pl_rk_stages;

void pl_rk_stages_init(pl_rk_stages *ix, pl_arena *a, const pl_dockerfile *df);
/* The stage a --from value names: a stage name anywhere in the file or a stage number; NULL for an image. */
const pl_df_stage *pl_rk_stages_find(const pl_rk_stages *ix, const char *from);

/* The schema entry of label key, or NULL when the schema does not name it. */
const pl_label_rule *pl_rk_label_rule(const pl_config *cfg, const char *key);
/* The label's value is decided at build time: it refers to a variable. */
bool pl_rk_label_value_unknown(const pl_df_kv *kv);

/*
** Check the value of every pair of a LABEL whose key the schema gives
** type.  valid() returns NULL for a good value, else the detail of what
** is wrong (an arena string).  Reports "label 'K' is not WHAT: DETAIL"
** at the value.  Empty values (DL3051's) and values that name variables
** (known only at build time) are skipped.
*/
typedef const char *(*pl_rk_label_check)(pl_arena *a, const char *value);
void pl_rk_check_label_values(pl_ctx *ctx, const pl_df_instr *in, pl_label_type type,
                              pl_rk_label_check valid, const char *what);

/*
** A regular expression compiled on first use, shared by every file and
** freed at exit (pcre2, 8-bit, UTF mode).  Declare one per pattern:
**     static pl_rk_regex semver = {PATTERN};
** Safe to use from several threads.
*/
typedef struct pl_rk_regex {
	const char *pattern;       /* Perl syntax, anchored by the caller (^…$) */
	void *_Atomic code;        /* the compiled pcre2_code, or NULL before first use */
	struct pl_rk_regex *next;  /* every compiled regex, to free them at exit */
} pl_rk_regex;

/* s[0..n) matches re.  A pattern that does not compile is a bug: it aborts. */
bool pl_rk_regex_match(pl_rk_regex *re, const char *s, size_t n);

#endif
