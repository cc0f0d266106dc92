/*
** plimsoll grade: grade a class of student submissions (a folder each,
** with a Dockerfile, a compose file and an app) against a rubric, and
** write a report per student that says, for every lost point, what is
** wrong, where, why it matters and how to fix it.
**
**     pl_grade_rubric r;
**     if (pl_grade_rubric_load(&r, "my.yaml", text, len, &err) < 0)
**         ... err is "my.yaml:3:5: unknown key 'pionts' (did you mean 'points'?)" ...
**     pl_grade_rubric_free(&r);
**
** The command is src/grade/main.c; the rubric format and the predicates
** are described in src/grade/rubric.c and src/grade/predicates.c, and
** for instructors in README.md ("Grading a class").
*/
#ifndef PLIMSOLL_GRADE_H
#define PLIMSOLL_GRADE_H

#include "plimsoll/base.h"

struct pl_grade_rubric_data;

/* A loaded, validated rubric.  Everything it holds lives in its arena. */
typedef struct pl_grade_rubric {
	pl_arena arena;                   /* owns the text, the tree and every string */
	const char *path;                 /* where it came from: a file, or "builtin:NAME" */
	const char *text;                 /* the YAML as written (for --print-rubric) */
	size_t len;                       /* bytes in text */
	struct pl_grade_rubric_data *data;/* the validated items (private: src/grade/grade.h) */
} pl_grade_rubric;

/*
** Load and validate a rubric from text[0..len), named path in messages.
** Returns 0, or -1 with "path:line:col: message" in *err (a string of
** r's arena; r must still be freed).
*/
int pl_grade_rubric_load(pl_grade_rubric *r, const char *path, const char *text, size_t len,
                         const char **err);
/* A built-in rubric ("module-project"): its YAML text, or NULL. */
const char *pl_grade_rubric_builtin(const char *name);
void pl_grade_rubric_free(pl_grade_rubric *r);

/* `plimsoll grade …`: argv[0] is "grade".  Returns the exit status. */
int pl_grade_main(int argc, char **argv);

#endif
