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

#endif
