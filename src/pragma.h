/*
** Inline suppressions, read from comments (raw lines):
**   # plimsoll ignore=CODE[,CODE…]      the next instruction
**   # hadolint ignore=CODE[,CODE…]      the next instruction (line right below)
**   # plimsoll|hadolint stage ignore=…  the stage that follows (or holds the comment)
**   # plimsoll|hadolint global ignore=… the whole file
**   # check=skip=NAME[,NAME…]           BuildKit: the whole file when a directive
** Codes, rule names and aliases are all accepted.  A `# hadolint` list
** that holds a name hadolint could not read (not a code, not one of our
** names) is dropped whole, as hadolint drops it.
*/
#ifndef PL_PRAGMA_H
#define PL_PRAGMA_H

#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

typedef struct pl_name_list {
	const char **v;
	size_t n;
} pl_name_list;

typedef struct pl_pragmas {
	pl_name_list global;      /* whole file */
	pl_name_list *by_instr;   /* per top-level instruction index */
	pl_name_list *by_stage;   /* per stage index */
	const pl_dockerfile *df;
	size_t count;             /* pragmas found */
} pl_pragmas;

void pl_pragma__scan_dockerfile(pl_pragmas *p, pl_arena *arena, const pl_dockerfile *df);
/* d is covered by a pragma. */
bool pl_pragma__suppresses(const pl_pragmas *p, const pl_diag *d);
/* The list holds a name that means d's rule or code. */
bool pl_pragma__names_match(const pl_name_list *l, const pl_diag *d);

#endif
