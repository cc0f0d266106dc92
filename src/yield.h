/*
** One problem, one report: drop the diagnostics of rules that yield to
** another rule which fired at the same place (pl_rule.yields_to, rule.h).
*/
#ifndef PL_YIELD_H
#define PL_YIELD_H

#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

/*
** Remove from ds (the raw diagnostics of df's file, before pragmas) every
** diagnostic whose rule yields to the code of another diagnostic at the
** same top-level instruction.  O(n log n) in the number of diagnostics.
*/
void pl_yield__apply(pl_diags *ds, const pl_dockerfile *df);

#endif
