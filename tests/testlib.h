/*
** Shared test support.  Spec files (tree-sitter / cmark style) hold
** cases as data:
**
**     ### case: heredoc with quoted delimiter
**     RUN <<"EOF"
**     echo $HOME
**     EOF
**     ### expect
**     (dockerfile ...)
**
** The input runs from the line after "### case:" up to the "### expect"
** line (its last newline included); the expected text runs to the next
** "### case:" line or the end of the file.  Blank lines at the end of
** the expected text are ignored.  With PL_BLESS=1 the expectations are
** rewritten from the actual output.
*/
#ifndef PL_TESTLIB_H
#define PL_TESTLIB_H

#include <stddef.h>
#include <stdio.h>

/* Write the actual output of one case to out. */
typedef void (*pl_spec_fn)(FILE *out, const char *name, const char *input, size_t len);

/*
** Run every *.txt spec file in dir through fn; print a diff-like report
** for each mismatch.  Returns the number of failing cases (0 when all
** pass, also after blessing), or -1 when dir cannot be read.
*/
int pl_spec_run_dir(const char *dir, pl_spec_fn fn);

/* Read a whole file into a malloc'd NUL-terminated buffer; NULL on error. */
char *pl_test_read_file(const char *path, size_t *len);

#endif
