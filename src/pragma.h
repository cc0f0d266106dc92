/*
** Inline suppressions, read from comments (raw lines):
**   # plimsoll ignore=CODE[,CODE…]      the next instruction
**   # hadolint ignore=CODE[,CODE…]      the next instruction (line right below)
**   # plimsoll|hadolint stage ignore=…  the stage that follows (or holds the comment)
**   # plimsoll|hadolint global ignore=… the whole file
**   # check=skip=NAME[,NAME…]           BuildKit: the whole file when a directive at
**                                       the top, else the instruction right below
** Codes, rule names and aliases are all accepted.  In BuildKit's
** directive, skip=all means every BuildKit check that is not experimental
** (rule.h, pl_rule.buildkit), not hadolint's or plimsoll's own rules;
** error=true (top directive only) makes BuildKit checks' findings errors,
** and experimental=NAME[,NAME…]|all turns experimental checks on.
** A `# hadolint` list that holds a name hadolint could not read (not a
** code, not one of our names) is dropped whole, as hadolint drops it.
** In a compose file (each file of the project on its own):
**   # plimsoll|hadolint ignore=…        on the line(s) right above a key or list
**                                       item: that key and everything under it
**   # plimsoll|hadolint global ignore=… the whole file
**   # dclint disable [rules…]           the whole file when only blank lines,
**                                       comments and '---' come before it, else
**                                       from this line to the end of the file
**   # dclint disable-line [rules…]      this line (a comment at its end), or the
**                                       line below when the comment is alone
**   # dclint disable-next-line [rules…] the line below
**   # dclint disable-file               the whole file, when only blank lines,
**                                       comments and '---' come before it (else
**                                       from its line on, as disable)
** (dclint's forms without rules mean every rule.)  Codes, rule names and
** aliases are all accepted; names are separated by commas or blanks for
** dclint.
**
** After the names, a pragma may say why: `reason=…` (or ESLint's
** `-- …`), to the end of the comment.  Every pragma is kept as a
** pl_pragma with its names, and each name records whether it suppressed
** anything, so that the engine can report pragmas without a reason
** (PL0010) and names that suppress nothing (PL0011).
*/
#ifndef PL_PRAGMA_H
#define PL_PRAGMA_H

#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/rule.h"

/* Which comment syntax a pragma was written in. */
typedef enum pl_pragma_kind {
	PL_PRAGMA_PLIMSOLL, /* # plimsoll [global|stage] ignore=… */
	PL_PRAGMA_HADOLINT, /* # hadolint [global|stage] ignore=… */
	PL_PRAGMA_DCLINT,   /* # dclint disable… (compose files) */
	PL_PRAGMA_CHECK,    /* BuildKit's # check=skip=… (directive or comment) */
} pl_pragma_kind;

struct pl_pragma;

/* One name written in a pragma. */
typedef struct pl_pragma_name {
	const char *text;          /* as written; "all" for every rule (also dclint's forms without names) */
	pl_span span;              /* where it is written; the pragma's span when implicit or unknown */
	bool used;                 /* it suppressed a diagnostic */
	struct pl_pragma *pragma;  /* the comment it is written in */
} pl_pragma_name;

typedef struct pl_name_list {
	pl_pragma_name **v;
	size_t n, cap;             /* grown with PL_VEC_PUSH */
} pl_name_list;

/* One suppression comment. */
typedef struct pl_pragma {
	pl_pragma_kind kind;
	const pl_source *src;      /* the file it is in */
	pl_span span;              /* from its '#' to the end of the line */
	const char *text;          /* the comment after '#', NUL-terminated, names are parsed from */
	size_t text_off;           /* offset of text[0] in src, or SIZE_MAX when text is not a copy */
	bool alone;                /* nothing but blanks before the '#' on its line */
	bool has_reason;           /* reason=… (or -- …) after the names */
	bool orphan;               /* it covers nothing: no instruction or key right below it */
	pl_name_list names;        /* its names, in order */
} pl_pragma;

/* Names that cover a byte range of a file. */
typedef struct pl_pragma_range {
	size_t lo, hi;            /* bytes [lo, hi) of the file */
	pl_name_list names;       /* "all" for every rule */
} pl_pragma_range;

/* The pragmas of one YAML file of a compose project. */
typedef struct pl_yaml_pragmas {
	const pl_source *src;     /* the file */
	pl_name_list global;      /* the whole file */
	PL_VEC(pl_pragma_range) ranges; /* keys (ignore=), lines (disable-line), tails (disable);
	                                   sorted by lo once scanned */
	size_t *reach;            /* reach[i]: the largest hi of ranges[0..i] (for the lookup) */
} pl_yaml_pragmas;

struct pl_compose;

typedef struct pl_pragmas {
	pl_name_list global;      /* whole file */
	pl_name_list *by_instr;   /* per top-level instruction index */
	pl_name_list *by_stage;   /* per stage index */
	const pl_dockerfile *df;
	pl_yaml_pragmas *yaml;    /* per YAML file of a compose project */
	size_t nyaml;
	size_t count;             /* pragmas found */
	bool check_error;         /* the top `# check=` directive says error=true */
	PL_VEC(pl_pragma *) all;  /* every pragma, in file order (per file for compose) */
} pl_pragmas;

void pl_pragma__scan_dockerfile(pl_pragmas *p, pl_arena *arena, const pl_dockerfile *df);
/* Every compose (YAML) file of the project c. */
void pl_pragma__scan_compose(pl_pragmas *p, pl_arena *arena, const struct pl_compose *c);
/* d is covered by a pragma; every name that covers it is marked used. */
bool pl_pragma__suppresses(pl_pragmas *p, const pl_diag *d);
/* The list holds a name that means d's rule or code (marking each such name used). */
bool pl_pragma__names_match(const pl_name_list *l, const pl_diag *d);
/*
** Report, through ctx (whose current rule is PL0010), each pragma that
** gives no reason; BuildKit's `# check=` has no room for one and is left
** alone.
*/
void pl_pragma__report_reasons(pl_ctx *ctx, const pl_pragmas *p);
/*
** Whether rule r ran on the file (so a name of it that suppressed nothing
** is really unused): the engine's answer.
*/
typedef bool (*pl_pragma_ran_fn)(void *ud, const struct pl_rule *r);
/*
** Report, through ctx (current rule PL0011), each pragma with names that
** suppressed nothing: names of rules that ran (ran) and, in plimsoll's own
** pragmas, names that are no rule at all.  A name of a rule that did not
** run (turned off, another kind of file, shellcheck missing) proves
** nothing and is left alone.  The fix removes the names, or the whole
** comment when none is left.
*/
void pl_pragma__report_unused(pl_ctx *ctx, const pl_pragmas *p, pl_pragma_ran_fn ran, void *ud);
/*
** The top `# check=` directive of df turns r on: r is an experimental
** BuildKit check (buildkit and off_by_default) named by experimental=,
** or experimental=all.
*/
bool pl_pragma__check_enables(const pl_dockerfile *df, const struct pl_rule *r);
/* The top-level instruction whose span (heredoc bodies included) holds off, or NULL. */
const pl_df_instr *pl_pragma__instr_at(const pl_dockerfile *df, size_t off);

#endif
