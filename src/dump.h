/*
** --dump: S-expressions of what the front ends built, with positions
** (line:col-line:col), for spec tests and debugging.  One writer per
** front end, each in its module's folder.
*/
#ifndef PL_DUMP_H
#define PL_DUMP_H

#include <stdio.h>

#include "plimsoll/compose.h"
#include "plimsoll/dockerfile.h"
#include "plimsoll/shell.h"
#include "plimsoll/yaml.h"

/* src/dockerfile/dump.c: the whole parse, shell trees of RUN/CMD/… included. */
void pl_dump_dockerfile(FILE *out, const pl_dockerfile *df);
/* src/shell/dump.c: one shell script, indented by indent levels. */
void pl_dump_shell(FILE *out, const pl_source *src, const pl_sh_script *sh, int indent);
/* src/yaml/dump.c: every document, then the errors, of a loaded stream. */
void pl_dump_yaml(FILE *out, const pl_yaml *y);
/* src/compose/dump.c: the typed model of a compose project, its interpolations and problems. */
void pl_dump_compose(FILE *out, const pl_compose *c);
/* Position of a span as "l:c-l:c" (end exclusive, 1-based columns). */
void pl_dump_span(FILE *out, const pl_source *src, pl_span span);

#endif
