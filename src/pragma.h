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
*/
#ifndef PL_PRAGMA_H
#define PL_PRAGMA_H

#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

typedef struct pl_name_list {
	const char **v;
	size_t n;
} pl_name_list;

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
} pl_pragmas;

void pl_pragma__scan_dockerfile(pl_pragmas *p, pl_arena *arena, const pl_dockerfile *df);
/* Every compose (YAML) file of the project c. */
void pl_pragma__scan_compose(pl_pragmas *p, pl_arena *arena, const struct pl_compose *c);
/* d is covered by a pragma. */
bool pl_pragma__suppresses(const pl_pragmas *p, const pl_diag *d);
/* The list holds a name that means d's rule or code. */
bool pl_pragma__names_match(const pl_name_list *l, const pl_diag *d);
/*
** The top `# check=` directive of df turns r on: r is an experimental
** BuildKit check (buildkit and off_by_default) named by experimental=,
** or experimental=all.
*/
bool pl_pragma__check_enables(const pl_dockerfile *df, const struct pl_rule *r);
/* The top-level instruction whose span (heredoc bodies included) holds off, or NULL. */
const pl_df_instr *pl_pragma__instr_at(const pl_dockerfile *df, size_t off);

#endif
