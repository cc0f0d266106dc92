/*
** Path globs for .plimsoll.yaml's `exclude` and `overrides` (and
** --exclude), matched against '/'-separated relative paths:
**
**   *      any run of characters but '/'        ?   one character but '/'
**   [a-z]  one of a set ([!…] or [^…]: not)     \x  x itself
**   **     as a whole segment: any number of segments, none included
**
** A pattern with no '/' in it (a trailing one aside) is a name: it
** matches any segment of the path, so `vendor` or `*.dev` match at any
** depth, as in .gitignore and ruff.  Any other pattern is anchored at
** the folder it is relative to (a leading "/" or "./" says so and is
** dropped).  A trailing '/' matches folders only.  With or_folders, a
** pattern also matches the paths in a folder it matches: `legacy` then
** matches `legacy/api/Dockerfile` (for a file named on its own, whose
** folders were not walked); file discovery does without, as it does not
** enter a folder that matches.
*/
#ifndef PL_GLOB_H
#define PL_GLOB_H

#include "plimsoll/base.h"

/*
** pattern matches path (relative, no leading "./"; is_dir: path is a
** folder), or with or_folders one of the folders it is in.  Linear in the
** lengths for patterns with one '*' or '**' per level, and never worse
** than their product.
*/
bool pl_glob__match(const char *pattern, const char *path, bool is_dir, bool or_folders);

/* The pattern is well formed (a '[' is closed): 0, or -1 with a static reason in *why. */
int pl_glob__check(const char *pattern, const char **why);

#endif
