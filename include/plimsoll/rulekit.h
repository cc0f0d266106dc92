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
/* ---- best practices ------------------------------------------------- */
/*
** What the image is and what it runs, for the rules on container
** practice (PL1xxx) and the compose ⇄ Dockerfile checks (PL3xxx).
**
** Stages build on each other through FROM <stage>: the "chain" of a
** stage is the stage and those it builds on, and its "root" is the
** first of them, whose FROM names an external image (or scratch).
*/
struct pl_build_context;

/*
** The stage the build produces: the last one, or the one a compose
** project's 'target:' names (pl_df_stage.is_last); NULL when there is none.
*/
const pl_df_stage *pl_rk_final_stage(const pl_dockerfile *df);
/* The first stage of st's chain: the one whose FROM names an image. */
const pl_df_stage *pl_rk_stage_root(const pl_df_stage *st);
/*
** The name of an official Docker Hub image ("python" for python:3.12,
** library/python or docker.io/library/python:3), or NULL for any other
** image, scratch, or a reference that still holds a variable.
*/
const char *pl_rk_official_name(const pl_df_imageref *ref);
/* A COPY/ADD source that is the whole build context: ".", "./", "*", or "./" then "*". */
bool pl_rk_is_whole_context(const char *src);

/*
** The runtime environment of a stage: the ENV pairs of its chain, the
** last one for each key (ONBUILD ones left out).  Values are as written:
** one that refers to another variable still holds its '$'.
*/
typedef struct pl_rk_env {
	const pl_df_kv **kvs; /* sorted by key, one per key */
	size_t n;
} pl_rk_env;

void pl_rk_env_build(pl_rk_env *env, pl_arena *a, const pl_df_stage *st);
/* The pair that sets key, or NULL. */
const pl_df_kv *pl_rk_env_get(const pl_rk_env *env, const char *key);

/* The one list of servers and runners the image command model knows: X(ENUM, "name", LANG). */
#define PL_RK_SERVER_LIST(X)                                                        \
	X(UVICORN, "uvicorn", PY) X(GUNICORN, "gunicorn", PY) X(HYPERCORN, "hypercorn", PY) \
	X(DAPHNE, "daphne", PY) X(GRANIAN, "granian", PY) X(FASTAPI, "fastapi", PY)          \
	X(FLASK, "flask run", PY) X(DJANGO, "runserver", PY)                               \
	X(HTTP_SERVER, "python -m http.server", PY)                                          \
	X(NODE, "node", NODE) X(NODEMON, "nodemon", NODE) X(PKG_SCRIPT, "npm run", NODE)     \
	X(NEXT, "next", NODE) X(VITE, "vite", NODE) X(NG_SERVE, "ng serve", NODE)            \
	X(WEBPACK_SERVE, "webpack serve", NODE)                                              \
	X(GO_RUN, "go run", GO) X(AIR, "air", GO)                                            \
	X(RAILS, "rails server", RUBY) X(PUMA, "puma", RUBY)                                 \
	X(JAVA_JAR, "java -jar", JAVA) X(JAVA_BUILD_RUN, "spring-boot:run", JAVA)

typedef enum pl_rk_server_kind {
#define PL__X(e, n, l) PL_RK_SERVER_##e,
	PL_RK_SERVER_LIST(PL__X)
#undef PL__X
	PL_RK_SERVER__COUNT
} pl_rk_server_kind;

typedef enum pl_rk_lang {
	PL_RK_LANG_PY,
	PL_RK_LANG_NODE,
	PL_RK_LANG_GO,
	PL_RK_LANG_RUBY,
	PL_RK_LANG_JAVA,
} pl_rk_lang;

/* Where a setting of a server comes from. */
typedef enum pl_rk_origin {
	PL_RK_UNKNOWN, /* a variable without a value, a config file, a socket: not known */
	PL_RK_DEFAULT, /* the server's built-in default; span is the command name */
	PL_RK_ARG,     /* an argument of the command; span is that word */
	PL_RK_ENV,     /* an ENV instruction (span: the pair) or a VAR=… prefix (span: that word) */
} pl_rk_origin;

/* A server (or development runner) the image command starts. */
typedef struct pl_rk_server {
	pl_rk_server_kind kind;
	pl_rk_lang lang;
	const char *name;        /* for messages: "uvicorn", "flask run", "manage.py runserver", "npm run dev" */
	const pl_sh_cmd *cmd;    /* the command that starts it */
	const char *host;        /* the address it listens on; NULL when unknown (host_from == PL_RK_UNKNOWN),
	                            or when the server sets none of its own and listens on all (node, java -jar) */
	pl_rk_origin host_from;
	pl_span host_span;
	unsigned port;           /* its TCP port, 0 when unknown or none (port_from tells which) */
	pl_rk_origin port_from;
	pl_span port_span;
	const char *dev;         /* why it is a development server ("--reload", "FLASK_DEBUG=1",
	                            "manage.py runserver"), or NULL */
	pl_span dev_span;        /* where that is written; the command name when implied */
	const char *bind_hint;   /* how to make it listen on every interface, e.g. "--host 0.0.0.0" */
} pl_rk_server;

/*
** The words of c from its effective command on, joined by spaces (exec
** form reads as the command line it means), cut at a word boundary to
** about max bytes with "…", for quoting in messages.
*/
const char *pl_rk_cmd_text(pl_arena *a, const pl_sh_cmd *c, size_t max);

/* 127.0.0.0/8, "localhost" or ::1 (an unknown NULL host is not). */
bool pl_rk_host_is_loopback(const char *host);

/*
** The command a container of the image runs: the CMD and ENTRYPOINT in
** effect for a stage (its own, or inherited through FROM <stage>, with
** Docker's rule that a stage's ENTRYPOINT drops the CMD it inherits), as
** one shell script, and the servers it starts.
**
**     pl_rk_image_cmd ic;
**     pl_rk_image_cmd_get(&ic, arena, last_stage, pl_ctx_build_context(ctx));
**     for (size_t i = 0; i < ic.nservers; i++)
**         if (pl_rk_host_is_loopback(ic.servers[i].host)) ...
**
** Exec form is read as the words it is (each a quoted shell word whose
** span is the JSON string), shell form and ["sh", "-c", "…"] through the
** shell parser.  An ENTRYPOINT that only wraps (tini, dumb-init, gosu u,
** exec) passes to CMD; one that is a script (*.sh, *entrypoint*) is
** assumed to end in `exec "$@"`, so the command is CMD (via_script).
** Costs O(n log n) in the chain's instructions; everything is in a.
*/
typedef struct pl_rk_image_cmd {
	const pl_df_stage *stage;      /* the stage asked about */
	const pl_df_instr *cmd;        /* the CMD in effect, or NULL */
	const pl_df_instr *entrypoint; /* the ENTRYPOINT in effect (an empty ENTRYPOINT [] counts as none), or NULL */
	const pl_df_instr *main;       /* the instruction sh comes from (ENTRYPOINT, or CMD when it passes on), or NULL */
	const pl_sh_script *sh;        /* what runs, as a script; NULL when there is no command of the
	                                  Dockerfile's own (the base image's applies) */
	bool via_script;               /* an ENTRYPOINT script runs sh (which is CMD alone) */
	const pl_sh_cmd *last;         /* the command the container lives as long as: the last one run at the top
	                                  level (into sh -c, subshells and groups, the right of &&, the left of ||);
	                                  NULL when that is not plain (if, case, loops, functions) */
	bool last_bg;                  /* last is started in the background (&), so the script ends at once */
	bool multi;                    /* sh starts more than one long-running program (something in the
	                                  background, or a reverse proxy: nginx, caddy, haproxy, supervisord …) */
	bool bare;                     /* the command is a bare shell or interpreter (python3, node, bash,
	                                  php -a, irb …): the image is a base for others to build on */
	const pl_sh_cmd *python;       /* the first command that runs Python code (a script, -m, -c, or a
	                                  Python server), or NULL */
	pl_rk_server *servers;         /* servers and dev runners it starts, in order */
	size_t nservers;
	pl_rk_env env;                 /* the stage's environment */
} pl_rk_image_cmd;

void pl_rk_image_cmd_get(pl_rk_image_cmd *ic, pl_arena *a, const pl_df_stage *st,
                         const struct pl_build_context *bc);
/* The same for the final stage (ic->stage); false, with ic zeroed, when the file has no stage. */
bool pl_rk_final_image_cmd(pl_rk_image_cmd *ic, pl_arena *a, const pl_dockerfile *df,
                           const struct pl_build_context *bc);
/*
** Describe the server c starts, if any, into *srv; env and bc (both may
** be NULL) supply ENV settings and the config files in the build
** context.  pl_rk_image_cmd_get calls this for every command of sh.
*/
bool pl_rk_server_of(pl_rk_server *srv, pl_arena *a, const pl_sh_cmd *c, const pl_rk_env *env,
                     const struct pl_build_context *bc);

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

/* ---- buildkit: helpers for BuildKit's build checks ------------------- */

/*
** A string map in an arena (open addressing; keys copied).  Values are
** pointers; a key may map to NULL, which pl_rk_smap_get tells apart from
** an absent key.
*/
typedef struct pl_rk_smap_ent {
	const char *key;   /* NUL-terminated copy; NULL for an empty slot */
	size_t n;          /* key length */
	const void *val;
} pl_rk_smap_ent;

typedef struct pl_rk_smap {
	pl_arena *arena;
	pl_rk_smap_ent *v;  /* cap slots; cap is 0 or a power of two */
	size_t n, cap;     /* keys stored, slots */
} pl_rk_smap;

void pl_rk_smap_init(pl_rk_smap *m, pl_arena *a);
/* Set key s[0, n) to val (replacing). */
void pl_rk_smap_put(pl_rk_smap *m, const char *s, size_t n, const void *val);
/* Key s[0, n) is present; its value goes to *val (val may be NULL). */
bool pl_rk_smap_get(const pl_rk_smap *m, const char *s, size_t n, const void **val);

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
	pl_rk_smap vals;        /* name -> value (const char *), or NULL: declared without a default */
	pl_rk_smap declared;    /* names of the global ARGs (value: their ARG instruction) */
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

/* ==== project: compose ⇄ Dockerfile (PL2002, PL2012, PL30xx) ========= */

struct pl_project;
struct pl_project_build;
struct pl_compose_val;
struct pl_compose_cmd;

/*
** The span in v's file of bytes [off, off+len) of v->str, when the
** scalar's text lies in the file as written (plain, or quoted without
** escapes, on one line, no interpolation that changed it); else the
** whole value (pl_compose_value_span).
*/
pl_span pl_rk_compose_subspan(const pl_compose_val *v, size_t off, size_t len);
/*
** Parse v->str (a shell script in a compose value: a CMD-SHELL test, the
** script of `sh -c`) with its spans in v's file: exact where
** pl_rk_compose_subspan would be, else every span at the value's start.
*/
pl_sh_script *pl_rk_compose_script(pl_arena *a, const pl_compose_val *v);
/*
** The words of a compose command (command:, entrypoint:, healthcheck
** test:): the list's items, or the string split as compose-go splits it
** (blanks separate, quotes group, no expansion), each with its span in
** the file; arena array in *out, count returned (0 when absent or null).
*/
size_t pl_rk_compose_words(pl_arena *a, const pl_compose_cmd *cmd, pl_df_word **out);

/* "8000", "8000/tcp", "8000-8010" (TCP): true with the range; false for a variable, UDP or junk. */
bool pl_rk_parse_expose(const char *s, unsigned *lo, unsigned *hi);

/*
** What a service's container runs: the image command of the stage
** compose builds (pl_rk_image_cmd_get), with the service's 'command:'
** and 'entrypoint:' in place of CMD and ENTRYPOINT (an entrypoint
** alone drops the image's CMD, as Docker does) and its 'environment:'
** over the image's ENV (a variable passed without a value, or one that
** holds an unset variable, is unknown: its value holds a '$').
**
** Spans in ic (words, servers' settings, environment pairs) may lie in
** the Dockerfile or in a compose file: pl_rk_run_place tells which,
** and must be applied before a span is reported.
*/
typedef struct pl_rk_service_run {
	pl_rk_image_cmd ic;              /* the command, its servers, ic.env the container's environment */
	const pl_source *dockerfile;     /* the Dockerfile's text */
	bool command;                    /* 'command:' replaces CMD */
	bool entrypoint;                 /* 'entrypoint:' replaces ENTRYPOINT */
	bool env_unknown;                /* 'env_file:' sets variables plimsoll does not read */
	const pl_source **files;         /* compose files spans may point into (private) */
	size_t nfiles;
} pl_rk_service_run;

/* False (r zeroed) when the build has no Dockerfile parse or no stage to run. */
bool pl_rk_service_run_get(pl_rk_service_run *r, pl_arena *a, const struct pl_project_build *b);
/* The file a span of r lies in; *span is rewritten to an offset in that file. */
const pl_source *pl_rk_run_place(const pl_rk_service_run *r, pl_span *span);

/*
** The healthcheck a service's container runs, as a script: compose's
** 'healthcheck: test:' when it has one (it replaces the image's; a string
** or ["CMD-SHELL", …] is parsed as shell, ["CMD", …] is its words), else
** the HEALTHCHECK of the stage b builds (b may be NULL).  *src gets the
** file its spans are in.  NULL when it is turned off, absent or unknown.
*/
const pl_sh_script *pl_rk_service_healthcheck(pl_arena *a, const pl_compose_service *svc,
                                              const struct pl_project_build *b, const pl_source **src);
/* The HEALTHCHECK in effect in st: its own last one, or the nearest its chain inherits (ONBUILD ones left out); NULL if none. */
const pl_df_instr *pl_rk_stage_healthcheck(const pl_df_stage *st);
/*
** The instruction of st's chain that puts program (curl, wget) into the
** image: a package install (apt-get/apt, apk, yum/dnf/microdnf, zypper)
** naming it, or a COPY/ADD of a file of that name; NULL when none.
*/
const pl_df_instr *pl_rk_stage_installs(const pl_df_stage *st, const char *program);

/* What an image ships of a tool, as far as plimsoll knows (src/imagefacts.c). */
typedef enum pl_rk_tool {
	PL_RK_TOOL_UNKNOWN, /* not known: assume it may be there */
	PL_RK_TOOL_NONE,    /* not in the image */
	PL_RK_TOOL_BUSYBOX, /* BusyBox's applet (wget: fewer options than GNU wget) */
	PL_RK_TOOL_PRESENT, /* installed */
} pl_rk_tool;

typedef struct pl_rk_image_facts {
	bool known;           /* the image is in the table */
	const char *what;     /* for messages: "a -slim image", "a distroless image", … (when known) */
	pl_rk_tool curl;      /* /usr/bin/curl */
	pl_rk_tool wget;      /* /usr/bin/wget */
	bool no_shell;        /* there is no /bin/sh (CMD-SHELL cannot run) */
	bool no_healthcheck;  /* the image defines no HEALTHCHECK */
	const char *probe;    /* what the image can check with instead ("python -c and urllib.request"), or NULL */
	const char *pm;       /* its package manager ("apt-get", "apk"), or NULL when it has none */
} pl_rk_image_facts;

/* Facts about image ref (zeroed, known false, when plimsoll does not know it). */
void pl_rk_image_facts_get(pl_rk_image_facts *f, const pl_df_imageref *ref);
/* ==== compose: dclint ================================================ */
/*
** Helpers of dclint's rules (PL2011, PL2101-PL2114): the files whose
** text a style rule checks, dclint's string order, and fixes that move
** whole YAML entries (with their comments) or requote a scalar while
** leaving every other byte as it was.
*/

/*
** The files of a project whose text the style rules check: the main file
** and its overrides (-f), not .env files nor files read through include
** or extends (those are linted as projects of their own when named so).
*/
bool pl_rk_compose_own_file(const pl_compose_file *f);
/*
** Fixes of f's text can be applied: f is the file being linted (fixes
** edit that file only), holds one YAML document and loaded without a
** YAML error.
*/
bool pl_rk_compose_fixable(pl_ctx *ctx, const pl_compose_file *f);

/*
** Compare a and b as dclint sorts (JavaScript's localeCompare, the
** Unicode collation): case ignored first (a < B < c), then blanks and
** punctuation before digits before letters (_ - , ; : ! ? . ' " ( ) [ ]
** { } @ * / \ & # % ` ^ + < = > | ~ $ in that order), then lowercase
** before uppercase.  numeric: runs of digits compare by value (9 < 10,
** 09 = 9).  <0, 0 (equal strings, or equal numbers) or >0.
*/
int pl_rk_collate(const char *a, const char *b, bool numeric);

/* One entry of a collection as written: a mapping pair ('<<' ones too) or a sequence item. */
typedef struct pl_rk_yaml_entry {
	const pl_yaml_node *key;    /* the key; NULL for a sequence item */
	const pl_yaml_node *value;  /* the value, or the item */
	bool merge;                 /* a '<<' merge entry (as.map.info->merges) */
} pl_rk_yaml_entry;

/*
** The entries written in the mapping or sequence n, in text order
** (merged pairs left out, '<<' entries in their place); their count.
*/
size_t pl_rk_yaml_entries(pl_arena *a, const pl_yaml_node *n, pl_rk_yaml_entry **out);

/*
** The collection written as the value of key in mapping m: not merged in
** through '<<', not an alias (whose text is elsewhere); else NULL.  *key_node
** (may be NULL) gets the key.
*/
const pl_yaml_node *pl_rk_yaml_written(const pl_yaml_node *m, const char *key, const pl_yaml_node **key_node);

/* An alias and the anchor it refers to, by offset. */
typedef struct pl_rk_yaml_ref {
	size_t use;         /* the alias node ('*x'; merge sources included) */
	size_t def;         /* the '&x' it refers to */
} pl_rk_yaml_ref;

/* Where a document defines anchors and uses aliases, for moving text without breaking them. */
typedef struct pl_rk_yaml_refs {
	pl_rk_yaml_ref *v;  /* every alias with a defined anchor, sorted by use */
	size_t n;
	size_t *keep;       /* offsets of block scalars with keep chomping ('|+'), sorted */
	size_t nkeep;
	bool dup_anchor;    /* an anchor name is defined twice (a later alias may mean either) */
} pl_rk_yaml_refs;

/* Walk the document of src under root once and fill r (arena). */
void pl_rk_yaml_refs_init(pl_rk_yaml_refs *r, pl_arena *a, const pl_source *src, const pl_yaml_node *root);

/*
** The text that puts the n entries e[0..n) of one block collection of
** src in the order order[0..n) (order[k] = index in e of the entry that
** goes k-th), to replace *span with.  An entry moves with the comment
** lines right above it at its own indentation and the comment lines
** below it indented deeper (what is inside it); blank lines and other
** comments between entries stay where they are.  NULL, when the text is
** not a plain block layout (an entry not first on its line, flow style,
** other content between entries, no newline at the end of the file), or
** when moving would put an alias before its anchor, move a '|+' block
** scalar, or meet an anchor defined twice.
*/
const char *pl_rk_yaml_reorder(pl_arena *a, const pl_source *src, const pl_rk_yaml_entry *e, size_t n,
                               const size_t *order, const pl_rk_yaml_refs *refs, pl_span *span);

/*
** A stable order of n entries by their keys: out[k] is the index of the
** entry that goes k-th.  An entry whose key is NULL keeps its place; the
** others are sorted (cmp; ties keep their order) into the places left.
*/
void pl_rk_order_by(pl_arena *a, const void *const *keys, size_t n,
                    int (*cmp)(const void *x, const void *y), size_t *out);

/*
** The first of n entries whose key sorts (cmp) before the key of the
** entry above it, skipping NULL keys (entries that may stand anywhere);
** n when they are in order.  *prev: the entry above it.
*/
size_t pl_rk_first_unsorted(const void *const *keys, size_t n, int (*cmp)(const void *x, const void *y),
                            size_t *prev);

/* One document of a file whose text the style rules check. */
typedef struct pl_rk_doc {
	const pl_compose_file *f;     /* the file */
	const pl_yaml_node *root;     /* the document's root */
	const pl_rk_yaml_refs *refs;  /* its anchors and aliases, made by the first fix that needs them */
} pl_rk_doc;

typedef void (*pl_rk_doc_fn)(pl_ctx *ctx, pl_rk_doc *doc);
/* fn for each document of the files pl_rk_compose_own_file takes, in order. */
void pl_rk_compose_each_doc(pl_ctx *ctx, const pl_compose *c, pl_rk_doc_fn fn);

typedef void (*pl_rk_service_fn)(pl_ctx *ctx, pl_rk_doc *doc, const char *name, const pl_yaml_node *svc);
/*
** fn for each service mapping written in the 'services' (pl_rk_yaml_written;
** no alias) of each document pl_rk_compose_each_doc visits, with its name.
*/
void pl_rk_compose_each_service(pl_ctx *ctx, const pl_compose *c, pl_rk_service_fn fn);

/*
** Give ds[0..nd) (NULLs skipped) the safe fix that sorts the entries
** e[0..n) of one collection of doc by their keys (pl_rk_order_by), when
** the file is fixable (pl_rk_compose_fixable) and its text allows
** (pl_rk_yaml_reorder).
*/
void pl_rk_fix_sorted(pl_ctx *ctx, pl_rk_doc *doc, const pl_rk_yaml_entry *e, size_t n,
                      const void *const *keys, int (*cmp)(const void *x, const void *y),
                      pl_diag *const *ds, size_t nd, const char *title);

/*
** s[0..n) written as a YAML scalar quoted with quote ('\'' or '"'), or
** NULL when it cannot be written so on one line (control characters).
*/
const char *pl_rk_yaml_quote(pl_arena *a, const char *s, size_t n, char quote);
/*
** s[0..n) written as a plain scalar (flow: inside [ ] or { }) reads back
** as the same string under YAML 1.2's core schema.
*/
bool pl_rk_yaml_plain_ok(const char *s, size_t n, bool flow);

/* s[0..n) matches the compiled pcre2 pattern code (a pcre2_code *, as pl_config keeps one). */
bool pl_rk_pcre2_match(const void *code, const char *s, size_t n);

/* Give every diagnostic of ds[0..n) the same fix, span replaced by text (one copy of it; only ds[0]'s when n copies would pass 1 MiB). */
void pl_rk_fix_all(pl_ctx *ctx, pl_diag *const *ds, size_t n, pl_fix_kind kind, const char *title,
                   pl_span span, const char *text);

/* ---- compose: best practices ----------------------------------------- */
/*
** What plimsoll knows about the databases people run from Compose files
** (the PL2xxx rules, and the grader): image names, where each keeps its
** data, its port, the URL schemes that reach it, the variables its
** official image reads, and a healthcheck that says it accepts
** connections.  Data in one table (src/rulekit.c); these are its keys.
*/

/* The one list of database kinds: X(ENUM); what each is, is the table's row [PL_RK_DB_ENUM]. */
#define PL_RK_DB_LIST(X)                                                      \
	X(POSTGRES) X(MYSQL) X(MARIADB) X(MONGO) X(REDIS) X(ELASTICSEARCH)      \
	X(OPENSEARCH) X(CASSANDRA) X(NEO4J) X(COUCHDB) X(INFLUXDB) X(CLICKHOUSE) \
	X(MSSQL) X(COCKROACH)

typedef enum pl_rk_db_kind {
#define PL__X(e) PL_RK_DB_##e,
	PL_RK_DB_LIST(PL__X)
#undef PL__X
	PL_RK_DB__COUNT
} pl_rk_db_kind;

/*
** The variables an official database image reads on its first start to
** create a user and a database.  Lists are NULL-terminated, the first
** one set wins (MARIADB_USER before MYSQL_USER); NULL lists: none.
*/
typedef struct pl_rk_db_env {
	const char *const *user;          /* the user it creates */
	const char *user_default;         /* that user when none is set ("postgres"); NULL: none */
	const char *const *password;      /* that user's password */
	const char *root;                 /* a superuser that always exists besides ("root"), or NULL */
	const char *const *root_password; /* the superuser's password */
	const char *const *database;      /* the database it creates */
	bool database_is_user;            /* no database variable set: the database is named as the user */
	const char *const *system_dbs;    /* databases that always exist ("postgres", "mysql") */
} pl_rk_db_env;

/* A kind of database. */
typedef struct pl_rk_db {
	pl_rk_db_kind kind;
	const char *name;                 /* for messages: "postgres" */
	unsigned port;                    /* the port it listens on in its container */
	const char *const *schemes;       /* URL schemes that reach it, NULL-terminated ("postgresql") */
	const char *const *words;         /* words in a variable name that mean it (POSTGRES, PG), NULL-terminated */
	const char *probe;                /* a healthcheck test (CMD-SHELL text) that passes once it accepts
	                                     connections; "%u" stands for the user */
	const char *data_var;             /* a variable that moves its data directory (PGDATA), or NULL */
	const pl_rk_db_env *env;          /* what its official image reads, or NULL */
} pl_rk_db;

/* The kind k. */
const pl_rk_db *pl_rk_db_get(pl_rk_db_kind k);

/* A known database image, as an image reference names it. */
typedef struct pl_rk_db_image {
	const pl_rk_db *db;               /* what it runs */
	const char *repo;                 /* its repository, without registry, 'library/' or tag: "bitnami/redis" */
	unsigned major;                   /* the major version the tag names ("16-alpine", "pg16"); 0: unknown */
	const char *data_dirs[2];         /* where it keeps its data: one, or two places when the version is
	                                     unknown and the place moved between versions (postgres 18) */
	size_t ndata_dirs;                /* 0 when its data has no fixed place */
	const char *probe;                /* its healthcheck suggestion (the kind's, or the image's own) */
	bool official;                    /* the kind's official image (or one built on it with the same
	                                     entrypoint): db->env applies */
} pl_rk_db_image;

/*
** The database an image reference ("postgres:16", "docker.io/library/
** mongo@sha256:…", "bitnami/postgresql") runs; false when plimsoll does
** not know it as a database.  Names are matched exactly (mongo-express
** is no database); registry hosts, library/ and arch prefixes (arm64v8/)
** are dropped.
*/
bool pl_rk_db_image_of(pl_rk_db_image *out, const char *image);
/* The database a service runs, from its image (an image with an unset variable has no version). */
bool pl_rk_db_service(pl_rk_db_image *out, const pl_compose_service *s);
/* The kinds reached by URL scheme (lowercase, 'jdbc:' and '+driver' dropped): a mask of 1u << kind. */
unsigned pl_rk_db_scheme_kinds(const char *scheme, size_t n);

/*
** A service's environment variable, as far as the file tells: the value
** (interpolated) when it is set in 'environment' and certain; NULL with
** *known true when it is surely not set; NULL with *known false when an
** env_file, an unset interpolation variable or a bare '- NAME' may set it.
*/
const char *pl_rk_compose_service_env(const pl_compose_service *s, const char *name, bool *known);
/* The first variable of the NULL-terminated names that the service sets; its value as above, name in *which. */
const char *pl_rk_compose_service_env_any(const pl_compose_service *s, const char *const *names, bool *known,
                                  const char **which);

/*
** Where a service can be reached, by name: services, container_name,
** hostname, network aliases, links aliases (case-insensitive, as DNS
** compares) map to their service; extra_hosts names map to
** PL_RK_COMPOSE_HOST_EXTERNAL.  Built in one pass over the file.
*/
#define PL_RK_COMPOSE_HOST_EXTERNAL ((void *)&pl_rk_compose_host_external)
extern const char pl_rk_compose_host_external;
void pl_rk_compose_hosts(pl_rk_map *m, pl_arena *a, const pl_compose *c);

/*
** A connection string in a value: a URL ("postgresql+asyncpg://u:p@db:5432/app",
** "jdbc:mysql://db/app", "mongodb://a:27017,b:27017/?replicaSet=x"), Go's
** MySQL DSN ("u:p@tcp(db:3306)/app") or a key=value one ("host=db
** port=5432 dbname=app", "Server=db;Database=app;User Id=sa").  Parts are
** spans relative to the text parsed; len 0 when absent.
*/
enum { PL_RK_DB_CONN_MAX_HOSTS = 8 };

typedef enum pl_rk_db_conn_form {
	PL_RK_DB_CONN_URL,      /* scheme://[user[:password]@]hosts[/path][?query] */
	PL_RK_DB_CONN_GO_MYSQL, /* [user[:password]@]tcp(host[:port])/db */
	PL_RK_DB_CONN_KV,       /* key=value pairs, separated by blanks or ';' */
} pl_rk_db_conn_form;

typedef struct pl_rk_db_conn_host {
	pl_span host;        /* the name or address, brackets of [::1] excluded */
	pl_span port_at;     /* the port as written; len 0 when absent */
	unsigned port;       /* 0 when absent or not a number */
} pl_rk_db_conn_host;

typedef struct pl_rk_db_conn {
	pl_rk_db_conn_form form;
	pl_span scheme;      /* as written, 'jdbc:' excluded ("postgresql+asyncpg"); len 0: none */
	unsigned kinds;      /* databases it is for: pl_rk_db_scheme_kinds, or mysql for GO_MYSQL; 0: unknown */
	bool has_user;       /* a user is given (maybe empty) */
	pl_span user;        /* percent-encoded in a URL */
	bool has_password;   /* a password is given (maybe empty) */
	pl_span password;
	pl_rk_db_conn_host hosts[PL_RK_DB_CONN_MAX_HOSTS];
	size_t nhosts;       /* at least 1 */
	pl_span database;    /* the first path segment of a URL, or dbname=/database=; len 0: none */
} pl_rk_db_conn;

/* Parse s as a connection string naming a host; false when it is none. */
bool pl_rk_db_conn_parse(pl_rk_db_conn *out, const char *s);
/* s[span] with %XX decoded (a URL's user and password), in the arena. */
const char *pl_rk_db_conn_part(pl_arena *a, const char *s, pl_span part, bool url_decode);

/*
** The words of a variable name, upper-cased, split at '_', '-', '.' and
** camelCase humps ("dbPassword" -> DB PASSWORD): up to max words of up
** to 31 bytes into out; returns how many.
*/
size_t pl_rk_compose_name_words(const char *name, char out[][32], size_t max);
/* The kinds (mask of 1u << kind) whose words a variable name holds: PG_HOST, MYSQL_PORT, PGHOST. */
unsigned pl_rk_db_name_kinds(const char *name);

/*
** A host that a service's environment names: in a connection string
** (any entry), or as the value ("db" or "db:5432") of a *_HOST or
** *_HOSTNAME variable, whose port is then the *_PORT beside it.  Entries
** that configure the service's own addresses (…LISTEN…, …BIND…,
** …ADVERTISED…, VIRTUAL_HOST, a bare HOST) are left out.  A part of a
** value that uses an unset variable is known only when it is placed
** (pl_rk_compose_env_host_known).
*/
typedef struct pl_rk_compose_env_host {
	const pl_compose_kv *kv;  /* the entry */
	pl_rk_db_conn conn;          /* kv->value parsed; for a variable: its one host, port from *_PORT */
	bool from_var;            /* a *_HOST variable, not a connection string */
	unsigned kinds;           /* databases it is meant for: the scheme's, else the variable name's (PG_HOST) */
	bool uncertain;           /* the value uses an unset variable: only the parts placed below are as written */
	/* Where the parts are in the file (pl_rk_compose_kv_span), len 0 when they cannot be placed:
	   the value has interpolation that changes them, or is not written byte for byte. */
	pl_span host_at[PL_RK_DB_CONN_MAX_HOSTS];
	pl_span port_at[PL_RK_DB_CONN_MAX_HOSTS];
	pl_span user_at, password_at, database_at;
} pl_rk_compose_env_host;

/* A part of e is as the file writes it: the value is certain, or the part was placed (at.len > 0). */
static inline bool pl_rk_compose_env_host_known(const pl_rk_compose_env_host *e, pl_span at)
{
	return !e->uncertain || at.len > 0;
}
/*
** Every host the environment of s names, in an arena array *out; returns
** how many. Worked out once per service and file, however many rules ask.
*/
size_t pl_rk_compose_env_hosts(pl_ctx *ctx, const pl_compose_service *s, const pl_rk_compose_env_host **out);
/* The same worked out afresh each call, in a (no engine needed). */
size_t pl_rk_compose_env_hosts_in(pl_arena *a, const pl_compose_service *s, pl_rk_compose_env_host **out);
/* The service runs in another's network namespace (network_mode host, service:x,
   container:x): its localhost is theirs. */
bool pl_rk_compose_netns_shared(const pl_compose_service *s);

/* s is an IPv4 or IPv6 address, bracketed or not. */
bool pl_rk_compose_is_ip(const char *s, size_t n);

/*
** An environment entry's value as written (after 'K=' in a list item)
** and the file span of bytes [off, off+len) of it: false when the value
** is not written byte for byte in the file (escapes, folded or block
** scalars, no value) or sits under an anchor used elsewhere.
*/
const char *pl_rk_compose_kv_raw(const pl_compose_kv *kv);
bool pl_rk_compose_kv_span(const pl_compose_kv *kv, size_t off, size_t len, pl_span *out);

/*
** pl_rk_suggest for names people make up (service, volume, host names):
** also NULL when the edit takes half the name or more, so that 'vpn'
** does not suggest 'app'.
*/
const char *pl_rk_compose_suggest(const char *name, const char *const *options, size_t n);

/* The column (0-based, in bytes) at which the text at off starts on its line. */
size_t pl_rk_compose_column(const pl_source *src, size_t off);
/* The offset where the line holding off ends, before its "\n" or "\r\n". */
size_t pl_rk_compose_line_end(const pl_source *src, size_t off);

#endif
