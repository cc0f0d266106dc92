/*
** Keeping only what a report needs of a linted file, so that a run over
** thousands of files holds their findings, not their syntax trees.
*/
#ifndef PL_COMPACT_H
#define PL_COMPACT_H

#include "plimsoll/lint.h"

/*
** Move f's diagnostics (messages, notes, fixes) and the sources they
** point into (text and line table, so renderers can still show code
** frames) to a fresh arena sized to them, and free the old one: the
** syntax trees, tokens and everything rules built are gone.  Afterwards
** f->df and f->compose are NULL; f->src keeps its path, and its text only
** when a diagnostic points into it.  Renderers see the same report.
*/
void pl_file__compact(pl_file *f);

#endif
