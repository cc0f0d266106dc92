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

/* ==== package managers (DL3013 … DL3062) ============================ */

#include "plimsoll/rule.h"

/* An ARG or ENV definition, in a list newest first. */
typedef struct pl_rk_var {
	const char *name;
	const char *value;            /* NULL: ARG without a default */
	const struct pl_rk_var *next; /* the definition before it */
} pl_rk_var;

/*
** Per-file state of the package-manager rules.  Such a rule's state is a
** pl_rk_pkg, or a struct that starts with one; it sets
** .on_begin = pl_rk_pkg_begin, and, to expand variables in package
** words, the FROM, ARG and ENV hooks to pl_rk_pkg_track.
*/
typedef struct pl_rk_pkg {
	bool *shipped;          /* per stage: its layers reach an image (the last stage and what it builds FROM) */
	const pl_rk_var **env;  /* per stage: newest ENV visible there, its base stage's included;
	                           env[nstages]: before the first FROM */
	size_t nstages;
	const pl_rk_var *args;  /* every ARG so far (any stage, global ones too), newest first */
	const pl_rk_var *envs;  /* every ENV so far, newest first */
} pl_rk_pkg;

void pl_rk_pkg_begin(pl_ctx *ctx, const pl_dockerfile *df);
/* FROM, ARG and ENV hook; ONBUILD's inner ones belong to a child build and are skipped. */
void pl_rk_pkg_track(pl_ctx *ctx, const pl_df_instr *in);
/*
** What in leaves behind reaches an image: it runs under ONBUILD (in
** every child build), before the first FROM, in the last stage, or in a
** stage that a shipped stage builds FROM.
*/
bool pl_rk_pkg_ships(pl_ctx *ctx, const pl_df_instr *in);
/*
** text with its $NAME and ${NAME} references replaced by what they hold
** at in: an ENV of this stage (or the stage it builds on), else the
** default of an ARG declared before (in any stage, as hadolint reads
** it).  An ENV that only other stages set expands to "".  NULL when a
** reference cannot be known: a name the file never defines (it may come
** from the base image), an ARG without a default, a value that holds
** another reference, or any other $ form ($(…), ${X:-y}, $1).
*/
const char *pl_rk_pkg_expand(pl_ctx *ctx, const pl_df_instr *in, const char *text);

/* A package word is pinned; pkg is its unquoted, expanded text. */
typedef bool (*pl_rk_pinned_fn)(const char *pkg);
/* Report the unpinned package pkg found in word w of command c; returns the diagnostic. */
typedef pl_diag *(*pl_rk_unpinned_fn)(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w,
                                      const char *pkg);
/*
** For each of the n package words: skip an empty one, expand one with
** variables (pl_rk_pkg_expand; skipped when unknown; split at blanks
** when unquoted, as the shell does) and call unpinned() once for the
** first package in it that pinned() rejects; a note then says what the
** word expanded to.
*/
void pl_rk_check_pins(pl_ctx *ctx, const pl_df_instr *in, const pl_sh_cmd *c,
                      const pl_sh_word *const *pkgs, size_t n, pl_rk_pinned_fn pinned,
                      pl_rk_unpinned_fn unpinned);

/*
** Every operand of c (pl_sh_cmd_operands: not a flag, not the value of
** a flag listed in valued), in an arena array *out; returns how many.
*/
size_t pl_rk_operands(pl_arena *a, const pl_sh_cmd *c, const char *const *valued,
                      const pl_sh_word ***out);
/*
** The packages of `tool SUB pkg…`: when c runs tool and its first
** operand is one of subs, the operands after it, in an arena array *out,
** and their number; 0 otherwise.
*/
size_t pl_rk_sub_operands(pl_arena *a, const pl_sh_cmd *c, const char *tool,
                          const char *const *valued, const char *const *subs,
                          const pl_sh_word ***out);
/* Index of word w of c in c->words. */
size_t pl_rk_word_index(const pl_sh_cmd *c, const pl_sh_word *w);
/* s is one of the NULL-terminated list. */
bool pl_rk_in_list(const char *s, const char *const *list);
/* The span from the command's name to word k of c (its subcommand), for "the command lacks a flag". */
pl_span pl_rk_cmd_head(const pl_sh_cmd *c, size_t k);
/*
** "name action" for a message: "yum install", with the word before a
** nested action ("group install", "global add"); "name" when action is
** the name itself.
*/
const char *pl_rk_cmd_title(pl_arena *a, const pl_sh_cmd *c, const pl_sh_word *action);
/* A short excerpt of s for a message: at most 60 bytes, cut at a UTF-8 boundary. */
const char *pl_rk_excerpt(pl_arena *a, const char *s);

/* path (a cache mount target, an rm operand; trailing / and * ignored) is dir, inside it, or above it. */
bool pl_rk_path_covers(const char *path, const char *dir);
/* in has a cache or tmpfs mount on, in or above one of the NULL-terminated dirs. */
bool pl_rk_cache_mounted(pl_arena *a, const pl_df_instr *in, const char *const *dirs);
/* c is rm with an operand on, in or above one of dirs. */
bool pl_rk_rm_covers(const pl_sh_cmd *c, const char *const *dirs);
/*
** The word of c that says what it does, when it is one of subs: its
** first operand, or the second after "group" or "module" (`yum group
** install`).  valued: global options that take a value.  NULL otherwise.
*/
const pl_sh_word *pl_rk_action(const pl_sh_cmd *c, const char *const *valued,
                               const char *const *subs);
/* c reads its stdin from `yes` (`yes | yum install …`), which answers every prompt. */
bool pl_rk_fed_by_yes(const pl_sh_script *sh, const pl_sh_cmd *c);

/* Options of yum and dnf that take a value (global and install ones). */
extern const char *const pl_rk_rpm_valued[];
/* Options of zypper that take a value (global ones, and install's -r, --from, -t). */
extern const char *const pl_rk_zypper_valued[];

/*
** A package manager command that needs a flag because the build cannot
** answer its prompt (DL3030, DL3034, DL3038).
*/
typedef struct pl_rk_prompt_spec {
	const char *const *tools;  /* command names */
	const char *const *valued; /* global options that take a value, to find the subcommand */
	const char *const *subs;   /* subcommands that prompt; "group"/"module" look at the next operand */
	const char *const *flags;  /* any of them answers the prompt */
	const char *flag;          /* the flag the message and fix name, e.g. "-y" */
} pl_rk_prompt_spec;
/* Report each command of in that prompts, at its name and subcommand, with a safe fix inserting the flag after the name. */
void pl_rk_check_prompt(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_prompt_spec *spec);

/*
** A package manager that leaves a cache in the layer unless the same
** RUN cleans it after the last command that fills it (DL3032, DL3036,
** DL3040, DL3060).  Each tool is checked on its own: microdnf's clean
** does not empty dnf's cache.
*/
typedef struct pl_rk_cache_spec {
	const char *const *tools;                     /* command names */
	const pl_sh_word *(*fills)(const pl_sh_cmd *c); /* c, one of tools, downloads into the cache: the word
	                                                 that says so ("install"; the name for plain `yarn`) */
	bool (*cleans)(const pl_sh_cmd *c);           /* c, one of tools, empties the cache */
	const char *const *dirs;                      /* the cache: an rm of them cleans, a cache mount on them keeps it out */
	const char *clean;                            /* the cleaning subcommand for the message: "clean all" */
} pl_rk_cache_spec;
/* Report, for each tool, the first filling command after the last cleaning one, in a shipped stage. */
void pl_rk_check_cache(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_cache_spec *spec);

/*
** Package pinning as data (DL3016, DL3018, DL3028, DL3037, DL3062):
** each command `tool SUB pkg…` of a RUN, SUB one of subs, has its
** packages checked by pl_rk_check_pins.
*/
typedef struct pl_rk_pin_spec {
	const char *tool;          /* command name */
	const char *const *valued; /* options that take a value */
	const char *const *subs;   /* the installing subcommands */
	pl_rk_pinned_fn pinned;
	pl_rk_unpinned_fn unpinned;
	/* NULL, or: drop what are not packages from pkgs[0..n) in place, return how many are left */
	size_t (*select)(const pl_sh_cmd *c, const pl_sh_word **pkgs, size_t n);
} pl_rk_pin_spec;
void pl_rk_check_pin_spec(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_pin_spec *spec);
/*
** The rule fields of a pinning rule: package-manager state, variable
** tracking, and check_run as the RUN hook.
*/
#define PL_RK_PIN_HOOKS(check_run)                                                   \
	.state_size = sizeof(pl_rk_pkg), .on_begin = pl_rk_pkg_begin,                  \
	.on_instr = {[PL_INSTR_FROM] = pl_rk_pkg_track, [PL_INSTR_ARG] = pl_rk_pkg_track, \
	             [PL_INSTR_ENV] = pl_rk_pkg_track, [PL_INSTR_RUN] = (check_run)}
/* The rule fields of a cache rule: package-manager state and check_run as the RUN hook. */
#define PL_RK_CACHE_HOOKS(check_run)                                  \
	.state_size = sizeof(pl_rk_pkg), .on_begin = pl_rk_pkg_begin, \
	.on_instr = {[PL_INSTR_RUN] = (check_run)}
/* yum/dnf `clean` that deletes something: any but `clean expire-cache`. */
bool pl_rk_rpm_cleans(const pl_sh_cmd *c);

/*
** An RPM package word is pinned (DL3033, DL3041): "name-version",
** where everything after the first '-' is made of version characters
** (letters, digits, . ~ ^ _ : +) and some part starts with a digit
** ("openssl-1:1.1.1k", "gcc-c++-1.1.1", not "rpm-sign"), or a .rpm file.
*/
bool pl_rk_rpm_pinned(const char *pkg);
/* yum (DL3033) or dnf/microdnf (DL3041) install without versions: packages name-<version>, modules name:<stream>. */
void pl_rk_check_rpm_pins(pl_ctx *ctx, const pl_df_instr *in, const char *const *tools);

#endif
