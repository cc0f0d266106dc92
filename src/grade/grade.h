/*
** The parts of `plimsoll grade` shared by its files:
**
**   rubric.c      the rubric: YAML -> validated items (file:line:col errors)
**   predicates.c  the built-in checks an item can ask for, one table
**   project.c     a submission on disk -> the files it lints, read safely
**   score.c       a project against a rubric -> points, findings, notes
**   report.c      Markdown per student; Markdown, CSV and JSON per class
**   main.c        the command line
**
** Points are counted in hundredths ("centipoints", long) so sums and
** scaled section scores are exact and print the same everywhere.
*/
#ifndef PL_GRADE_INTERNAL_H
#define PL_GRADE_INTERNAL_H

#include <stdio.h>

#include "plimsoll/grade.h"
#include "plimsoll/lint.h"
#include "plimsoll/yaml.h"

/* ------------------------------------------------------------------ */
/* Predicate arguments.                                                 */

/* What a parameter's value may be. */
typedef enum pl_grade_ptype {
	PL_GP_STR,   /* a scalar: str */
	PL_GP_STRS,  /* a scalar or a list of scalars: strs */
	PL_GP_BOOL,  /* true or false: flag (-1 when not given) */
	PL_GP_INT,   /* an integer 0..65535: num (-1 when not given) */
	PL_GP_SEL,   /* a service selector: a name, or {service, image, build}: sel */
	PL_GP_KV,    /* a list of names, or a mapping name -> value: kvs */
} pl_grade_ptype;

/*
** The one list of parameters: X(ENUM, "key", TYPE, FIELD).  FIELD is the
** member of pl_grade_args that holds the value.
*/
#define PL_GRADE_PARAM_LIST(X)                                            \
	X(PATH, "path", PL_GP_STRS, path)                                       \
	X(MATCHES, "matches", PL_GP_STRS, matches)                              \
	X(PINNED, "pinned", PL_GP_STR, pinned)                                  \
	X(NAMES, "names", PL_GP_KV, names)                                      \
	X(ABSOLUTE, "absolute", PL_GP_BOOL, absolute)                           \
	X(SERVICE, "service", PL_GP_STR, service)                               \
	X(IMAGE, "image", PL_GP_STR, image)                                     \
	X(BUILD, "build", PL_GP_BOOL, build)                                    \
	X(CONTEXT, "context", PL_GP_STR, context)                               \
	X(FROM, "from", PL_GP_SEL, from)                                        \
	X(TO, "to", PL_GP_SEL, to)                                              \
	X(CONDITION, "condition", PL_GP_STR, condition)                         \
	X(TEST_CONTAINS, "test_contains", PL_GP_STR, test_contains)             \
	X(TARGET, "target", PL_GP_STR, target)                                  \
	X(DECLARED, "declared", PL_GP_BOOL, declared)                           \
	X(VAR, "var", PL_GP_STR, var)                                           \
	X(SERVICE_IMAGE, "service_image", PL_GP_STR, service_image)             \
	X(SERVICE_NAME, "service_name", PL_GP_STR, service_name)                \
	X(PORT, "port", PL_GP_INT, port)                                        \
	X(REQUIRE_INSTALL, "require_install", PL_GP_BOOL, require_install)      \
	X(INSTRUCTION, "instruction", PL_GP_STR, instruction)                   \
	X(EXCLUDES, "excludes", PL_GP_STRS, excludes)

typedef enum pl_grade_param {
#define PL__X(e, k, t, f) PL_GPARAM_##e,
	PL_GRADE_PARAM_LIST(PL__X)
#undef PL__X
	PL_GPARAM__COUNT
} pl_grade_param;

/* A choice of services: all that match every field given. */
typedef struct pl_grade_sel {
	const char *name;   /* the service's name, or NULL */
	const char *image;  /* a glob its image must match (see pl_grade__image_matches), or NULL */
	signed char build;  /* 1: built from a Dockerfile; 0: not built; -1: either */
	bool given;         /* some field was written */
} pl_grade_sel;

typedef struct pl_grade_kv {
	const char *name;   /* the key */
	const char *value;  /* the value it must have, or NULL for "set to anything but empty" */
} pl_grade_kv;

/* The parsed arguments of one predicate call; unset fields are NULL, 0 or -1. */
typedef struct pl_grade_args {
	pl_grade_sel subject;        /* service / image / build written at the top level */
	pl_grade_sel from, to;       /* from: / to: */
	const char **path;           /* strings of a STRS parameter, npath of them */
	size_t npath;
	const char **matches;
	size_t nmatches;
	const char **excludes;
	size_t nexcludes;
	pl_grade_kv *names;          /* KV parameter */
	size_t nnames;
	const char *pinned, *service, *image, *context, *condition, *test_contains, *target, *var,
		*service_image, *service_name, *instruction;
	signed char absolute, build, declared, require_install; /* BOOL: -1 unset */
	long port;                   /* INT: -1 unset */
	unsigned given;              /* bit (1 << PL_GPARAM_x) for each parameter written */
} pl_grade_args;

/* ------------------------------------------------------------------ */
/* The project under grading (project.c).                               */

/* Why a file could not be graded. */
typedef enum pl_grade_fstate {
	PL_GF_OK,         /* read and parsed (it may have parse errors the rules report) */
	PL_GF_MISSING,    /* not there */
	PL_GF_UNREADABLE, /* outside the submission, too large, not a regular file, I/O error */
	PL_GF_BINARY,     /* not text: NUL bytes or invalid UTF-8 */
	PL_GF_BROKEN,     /* compose only: YAML so broken that loading stopped */
} pl_grade_fstate;

/* A Dockerfile the project builds. */
typedef struct pl_grade_df {
	const char *disk;          /* its path on disk (the submission's path joined) */
	const char *rel;           /* relative to the submission, for reports */
	pl_grade_fstate state;
	const char *why;           /* when not OK: what is wrong, for notes and findings */
	pl_file *file;             /* the linted file when state is OK, else NULL */
	const char **services;     /* the services built from it (none: the fallback at the top) */
	size_t nservices;
} pl_grade_df;

typedef struct pl_grade_project {
	pl_arena arena;            /* owns everything here but the pl_files */
	const char *dir;           /* the submission as given */
	const char *root;          /* the folder graded: dir, or a folder one level down */
	const char *root_real;     /* realpath of root: nothing outside it is read */
	const char *prefix;        /* dir + "/": stripped from paths in reports */
	const char *compose_rel;   /* the compose file, relative to dir; NULL when none was found */
	pl_grade_fstate compose_state; /* MISSING when none */
	const char *compose_why;   /* when not OK */
	pl_file *compose;          /* the linted compose file when OK or BROKEN */
	const pl_diag *compose_syntax; /* BROKEN: the YAML syntax error */
	pl_grade_df *dfs;          /* the Dockerfiles, in order of discovery (deduplicated) */
	size_t ndfs;
	const char **notes;        /* what the instructor and the student should know, in order */
	size_t nnotes;
	size_t limit;              /* largest file read */
} pl_grade_project;

/* Find, read and lint the project in dir with cfg.  Never fails: problems become notes. */
void pl_grade__project_load(pl_grade_project *p, const char *dir, const pl_config *cfg, size_t limit);
void pl_grade__project_free(pl_grade_project *p);
/* Add a note (printf-style, in p's arena). */
void pl_grade__note(pl_grade_project *p, const char *fmt, ...) PL_PRINTF(2, 3);
/*
** Read rel (relative to the project root) when it is a regular file
** inside the submission, no larger than the limit: 0, or -1 with *why.
** *out is malloc'd.
*/
int pl_grade__read(const pl_grade_project *p, const char *disk, char **out, size_t *len,
                   const char **why);
/* The path of disk relative to the submission, for reports (arena copy). */
const char *pl_grade__rel(pl_grade_project *p, const char *disk);
/* disk (any path) resolves to a place inside the submission. */
bool pl_grade__inside(const pl_grade_project *p, const char *disk);

/* ------------------------------------------------------------------ */
/* Findings and the predicate table (predicates.c).                     */

/* One thing wrong, ready to print: everything is a string of the result's arena. */
typedef struct pl_grade_find {
	const char *file;     /* relative to the submission, or NULL when it is about the whole project */
	size_t line, col;     /* 1-based; 0 when there is no position in the file */
	const char *code;     /* the rule that found it, or NULL for a predicate's own finding */
	const char *message;  /* lowercase, no trailing period */
	const char *text;     /* the source line (sanitised, shortened), or NULL */
} pl_grade_find;

typedef PL_VEC(pl_grade_find) pl_grade_finds;

/* What a predicate evaluation can see and where its findings go. */
typedef struct pl_grade_ev {
	pl_grade_project *p;
	pl_arena *a;          /* the result's arena: findings' strings */
	pl_grade_finds *out;  /* findings of the check being evaluated */
	const char **seen;    /* rule codes a predicate consulted, for the item's why/fix */
	size_t nseen;
	bool blocked;         /* a file the check needs is missing or unusable: no partial credit */
} pl_grade_ev;

typedef bool (*pl_grade_pred_fn)(pl_grade_ev *ev, const pl_grade_args *args);
/* A check of one Dockerfile d of the project; st is its final stage (never NULL when the predicate asks for it). */
typedef bool (*pl_grade_df_fn)(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d,
                               const struct pl_df_stage *st);

/* A built-in predicate. */
typedef struct pl_grade_pred {
	const char *name;           /* "compose.healthcheck_exists" */
	pl_grade_pred_fn eval;      /* true when the requirement holds; adds findings when not; NULL: on_df */
	pl_grade_df_fn on_df;       /* (eval NULL) the check of each Dockerfile the 'service' argument chooses */
	bool stage;                 /* on_df needs a final stage (a Dockerfile without FROM fails) */
	unsigned params;            /* bits of the parameters it accepts */
	unsigned required;          /* bits of those it needs */
	int shorthand;              /* the parameter a scalar or list argument sets, or -1 */
	const char *const *rules;   /* rules it reads (turned on for the run), NULL-terminated, or NULL */
	const char *summary;        /* one line for --list-predicates */
	const char *why;            /* why it matters (Markdown), for the report */
	const char *fix;            /* how to fix it (Markdown) */
} pl_grade_pred;

extern const pl_grade_pred pl_grade_preds[];
extern const size_t pl_grade_npreds;
const pl_grade_pred *pl_grade__pred_find(const char *name);
/* Evaluate pred with args: true when it holds; findings go to ev->out. */
bool pl_grade__pred_eval(pl_grade_ev *ev, const pl_grade_pred *pred, const pl_grade_args *args);
const char *pl_grade__param_name(pl_grade_param p);
pl_grade_ptype pl_grade__param_type(pl_grade_param p);

/* Add a finding at span of src (src NULL: about the project; file names a file then, or NULL). */
void pl_grade__find(pl_grade_ev *ev, const pl_source *src, pl_span span, const char *code,
                    const char *file, const char *fmt, ...) PL_PRINTF(6, 7);
/* Add a finding for a diagnostic. */
void pl_grade__find_diag(pl_grade_ev *ev, const pl_diag *d);
/* image (a reference as written) matches the glob pattern: see predicates.c. */
bool pl_grade__image_matches(pl_arena *a, const char *image, const char *pattern);

/* ------------------------------------------------------------------ */
/* The rubric (rubric.c).                                               */

typedef enum pl_grade_check_kind {
	PL_GC_PRED, /* pred with args */
	PL_GC_ALL,  /* every kid holds */
	PL_GC_ANY,  /* some kid holds */
} pl_grade_check_kind;

typedef struct pl_grade_check {
	pl_grade_check_kind kind;
	const pl_grade_pred *pred;    /* PL_GC_PRED */
	pl_grade_args args;           /* PL_GC_PRED */
	struct pl_grade_check *kids;  /* PL_GC_ALL, PL_GC_ANY */
	size_t nkids;
} pl_grade_check;

typedef struct pl_grade_item {
	const char *id;               /* unique in the rubric */
	const char *title;
	long points;                  /* centipoints, > 0 */
	const pl_grade_check *check;  /* NULL when only rules decide */
	const struct pl_rule **rules; /* rules that must not fire (those this build has) */
	size_t nrules;
	const char **absent;          /* codes named that this build does not have (the check decides alone) */
	size_t nabsent;
	bool per_occurrence;          /* partial: per-occurrence */
	long per;                     /* centipoints taken per finding (per_occurrence) */
	long floor;                   /* the least it earns (per_occurrence) */
	const char *why, *fix;        /* the rubric's own words, or NULL */
	size_t section;               /* index in sections */
} pl_grade_item;

typedef struct pl_grade_section {
	const char *id;
	const char *title;
	long weight;                  /* centipoints the section is worth; -1: the sum of its points */
	size_t first, n;              /* its items: items[first .. first+n) */
	long points;                  /* sum of its items' points */
} pl_grade_section;

typedef struct pl_grade_rubric_data {
	const char *name;             /* 'rubric:' */
	const char *title;
	const char *description;      /* or NULL */
	pl_grade_section *sections;
	size_t nsections;
	pl_grade_item *items;         /* in rubric order, grouped by section */
	size_t nitems;
	long max;                     /* centipoints: the sum of the section weights */
	const char *select;           /* the rules the run needs, comma-separated */
} pl_grade_rubric_data;

/* ------------------------------------------------------------------ */
/* Results (score.c) and reports (report.c).                            */

typedef struct pl_grade_result {
	const pl_grade_item *item;
	long earned;                  /* centipoints */
	bool passed;
	pl_grade_find *finds;
	size_t nfinds;
	const char *why, *fix;        /* what the report explains (item, rule doc or predicate), or NULL */
	const char *why_from;         /* the rule whose doc gave why/fix, or NULL */
} pl_grade_result;

typedef struct pl_grade_sub {
	pl_arena arena;               /* owns everything below */
	const char *path;             /* the submission as given */
	const char *stem;             /* a unique file name for its report (no extension) */
	long score, max;              /* centipoints */
	long *section_score;          /* per section, centipoints */
	pl_grade_result *results;     /* one per item, in rubric order */
	size_t nresults;
	const char **notes;
	size_t nnotes;
} pl_grade_sub;

void pl_grade__score(pl_grade_sub *s, const pl_grade_rubric *r, pl_grade_project *p);
void pl_grade__sub_free(pl_grade_sub *s);

/* Centipoints as a number: "12", "12.5", "12.25". */
void pl_grade__fmt_points(char *buf, size_t size, long c);

typedef struct pl_grade_class {
	const pl_grade_rubric *rubric;
	pl_grade_sub **subs;          /* sorted by path */
	size_t n;
} pl_grade_class;

void pl_grade__report_md(FILE *out, const pl_grade_rubric *r, const pl_grade_sub *s);
void pl_grade__summary_md(FILE *out, const pl_grade_class *c);
void pl_grade__summary_csv(FILE *out, const pl_grade_class *c);
void pl_grade__json(FILE *out, const pl_grade_class *c);
void pl_grade__sub_json(FILE *out, const pl_grade_rubric *r, const pl_grade_sub *s);

#endif
