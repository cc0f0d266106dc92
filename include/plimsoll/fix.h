/*
** Applying fixes.  A fix is a list of text edits carried by a diagnostic;
** nothing here looks at an AST.  Fixes are applied in passes: each pass
** lints the text, takes the eligible fixes whose edits overlap none
** already taken (an overlapping one waits for the next pass), applies
** them, and parses the result again.  A pass that would add a parse error
** (PL0001, PL0002) is rolled back and reported: that is a bug in a rule.
**
**     pl_fix_result r;
**     pl_fix_text(&r, path, kind, bytes, len, &cfg, &opts);
**     ... r.text / r.len, r.applied, r.broken ...
**     pl_fix_result_free(&r);
*/
#ifndef PLIMSOLL_FIX_H
#define PLIMSOLL_FIX_H

#include <stdio.h>

#include "plimsoll/config.h"
#include "plimsoll/lint.h"

#define PL_FIX_MAX_PASSES 10

typedef struct pl_fix_opts {
	bool unsafe;            /* also apply PL_FIX_UNSAFE fixes */
	const char **only;      /* apply fixes of these rules only (codes, names, aliases); NULL = all */
	size_t nonly;
	const char *context_dir;/* build context for rules that read it, or NULL */
	const char *disk_path;  /* where the file is on disk, or NULL */
} pl_fix_opts;

typedef struct pl_fix_result {
	char *text;             /* the fixed text (malloc'd, NUL-terminated); equals the input when nothing applied */
	size_t len;
	size_t applied;         /* fixes applied, over all passes */
	size_t passes;          /* passes that changed the text */
	const char *broken;     /* NULL, or the code of a rule whose fix broke the parse (its pass was rolled back) */
	char broken_buf[64];    /* storage for broken */
} pl_fix_result;

/* Fix bytes[0..len) of a file of the given kind with cfg and opts.  Never fails. */
void pl_fix_text(pl_fix_result *r, const char *name, pl_file_kind kind, const char *bytes, size_t len,
                 const pl_config *cfg, const pl_fix_opts *opts);
void pl_fix_result_free(pl_fix_result *r);

/*
** Apply the edits (sorted, non-overlapping) to text; "\n" inside an edit's
** text becomes "\r\n" when crlf.  Returns a malloc'd NUL-terminated string.
*/
char *pl_fix_apply_edits(const char *text, size_t len, const pl_edit *const *edits, size_t n,
                         bool crlf, size_t *out_len);

/*
** Write a unified diff (a/ and b/ prefixes, 3 lines of context) of old
** and new to out, for `patch -p1`.  Returns true when they differ.
*/
bool pl_diff_unified(FILE *out, const char *path, const char *old, size_t old_len, const char *new_,
                     size_t new_len);

/*
** Replace the file at path with data, atomically: a temporary file in
** the same folder, fsync, rename over the original (its mode kept; a
** symlink is followed and its target replaced).  If the file no longer
** holds expect[0..expect_len) (it changed since it was read), nothing is
** written.  Returns 0, or -1 with a static message in *err.
*/
int pl_write_atomic(const char *path, const char *data, size_t len, const char *expect,
                    size_t expect_len, const char **err);

#endif
