/*
** What a rule is and what it may do.  A rule is static metadata plus
** hooks; the engine calls the hooks while walking a file and the hooks
** report diagnostics through the context.  A rule never prints, never
** opens files and never allocates outside the context's arena.
**
** Adding a rule: one line PL_RULE(ID) in rules/rules.def, rules/ID.c
** exporting only `const pl_rule pl_rule_ID`, rules/ID.md, fixtures/ID/.
** tests/test_registry.c fails when one of them is missing.
*/
#ifndef PLIMSOLL_RULE_H
#define PLIMSOLL_RULE_H

#include "plimsoll/compose.h"
#include "plimsoll/config.h"
#include "plimsoll/diag.h"
#include "plimsoll/dockerfile.h"

typedef enum pl_target {
	PL_TARGET_ANY,        /* emitted by the engine itself (parse errors) */
	PL_TARGET_DOCKERFILE, /* hooks: on_begin, on_instr, on_stage_end, on_end */
	PL_TARGET_COMPOSE,    /* hooks: on_compose, once per project (the main file with its overrides,
	                         included and extended files); reports may land in any of its files */
	PL_TARGET_PROJECT,    /* hooks: on_project (a compose file with the Dockerfiles it builds) */
} pl_target;

/* One list of categories: X(ENUM, "name"). */
#define PL_CATEGORY_LIST(X)                                                   \
	X(SYNTAX, "syntax")             /* the file cannot be read as intended */ \
	X(CORRECTNESS, "correctness")   /* build or run fails, or does the wrong thing */ \
	X(SECURITY, "security")                                                   \
	X(RELIABILITY, "reliability")   /* works today, breaks tomorrow: unpinned versions, races */ \
	X(EFFICIENCY, "efficiency")     /* image size, layer caching, build time */ \
	X(MAINTAINABILITY, "maintainability") \
	X(STYLE, "style")

typedef enum pl_category {
#define PL__X(e, n) PL_CAT_##e,
	PL_CATEGORY_LIST(PL__X)
#undef PL__X
	PL_CAT__COUNT
} pl_category;

const char *pl_category_name(pl_category c);

typedef struct pl_ctx pl_ctx;
struct pl_compose;
struct pl_project;
struct pl_project_dockerfile;
struct pl_build_context;

typedef void (*pl_instr_hook)(pl_ctx *ctx, const pl_df_instr *in);

typedef struct pl_rule {
	const char *id;                 /* stable code users write in ignores: "DL3020" */
	const char *name;               /* kebab-case name, accepted wherever a code is */
	const char *const *aliases;     /* other tools' names (BuildKit, dclint), NULL-terminated; may be NULL */
	pl_target target;
	pl_severity severity;           /* default severity */
	pl_category category;
	pl_fix_kind fix;                /* the best fix the rule can offer; PL_FIX_NONE if none */
	bool off_by_default;            /* runs only when selected */
	/*
	** BuildKit: the rule is one of `docker build --check`'s checks, and
	** aliases[0] is its BuildKit name.  BuildKit's `# check=` directive
	** governs such rules (src/pragma.c): skip=all skips them and only them,
	** error=true raises their findings to errors, and experimental=NAME|all
	** turns on those that are also off_by_default (BuildKit's experimental
	** checks), unless configuration turned them off.
	*/
	bool buildkit;
	/*
	** One problem, one report.  yields_to lists the codes of rules that
	** report the same problem in their own words (NULL-terminated; a code
	** that is not built in is allowed and ignored).  When one of them fired
	** at the same place, the engine drops this rule's diagnostic
	** (pl_yield__apply, src/yield.c).  The same place: the top-level
	** instruction holding the preferred diagnostic's span also holds this
	** one's span or one of its notes (so a report on the earlier CMD with a
	** note on the later one meets a report on the later one).  It looks at
	** what fired, before pragmas: suppressing the preferred report
	** suppresses the problem; a rule that did not run yields nothing.
	*/
	const char *const *yields_to;
	const char *summary;            /* one line, sentence case, no period */
	size_t state_size;              /* bytes of per-file state, zeroed (pl_ctx_state) */

	/* Dockerfile hooks, in call order. */
	void (*on_begin)(pl_ctx *ctx, const pl_dockerfile *df);
	pl_instr_hook on_instr[PL_INSTR__COUNT]; /* ONBUILD's inner instruction is passed too, with ->parent set */
	void (*on_stage_end)(pl_ctx *ctx, const pl_df_stage *st);
	void (*on_end)(pl_ctx *ctx, const pl_dockerfile *df);

	/* Compose hook (PL_TARGET_COMPOSE) and project hook (PL_TARGET_PROJECT: after every
	   Dockerfile of the project was linted; reports land in whichever file holds the text). */
	void (*on_compose)(pl_ctx *ctx, const struct pl_compose *c);
	void (*on_project)(pl_ctx *ctx, const struct pl_project *p);
} pl_rule;

/* ---- the registry (src/registry.c, expanded from rules/rules.def) ---- */

extern const pl_rule *const pl_rules[]; /* sorted by id */
extern const size_t pl_rule_count;
/* Rule by code, name or alias (case-insensitive); NULL if none. */
const pl_rule *pl_rule_find(const char *s);
/* Index of r in pl_rules. */
size_t pl_rule_index(const pl_rule *r);
/* The rule's embedded Markdown doc (rules/ID.md), or NULL. */
const char *pl_rule_doc(const char *id);
/* The rule's documentation URL. */
const char *pl_rule_url(const pl_rule *r, char *buf, size_t size);

/* ---- what a hook may do -------------------------------------------- */

/* Report a diagnostic at span of the file being linted.  The message is formatted into the arena. */
pl_diag *pl_report(pl_ctx *ctx, pl_span span, const char *fmt, ...) PL_PRINTF(3, 4);
/* Report in another file of the project. */
pl_diag *pl_report_in(pl_ctx *ctx, const pl_source *src, pl_span span, const char *fmt, ...)
	PL_PRINTF(4, 5);
/* Attach a note (src NULL: the diagnostic's file). */
void pl_note_add(pl_ctx *ctx, pl_diag *d, const pl_source *src, pl_span span,
                 const char *fmt, ...) PL_PRINTF(5, 6);
/* Start a fix on d; add edits with pl_fix_edit. */
pl_fix *pl_fix_add(pl_ctx *ctx, pl_diag *d, pl_fix_kind kind, const char *title);
/* Add an edit (kept sorted); text NULL deletes. */
void pl_fix_edit(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text);
/*
** The same without copying text, which must live as long as the file's
** findings (in pl_ctx_arena, or static): for one long text that many
** findings share, such as a whole sorted section.
*/
void pl_fix_edit_shared(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text);
/* A fix of one edit. */
void pl_fix_replace(pl_ctx *ctx, pl_diag *d, pl_fix_kind kind, const char *title,
                    pl_span span, const char *text);

/* The rule's per-file state: state_size bytes, zeroed at the start of each file. */
void *pl_ctx_state(pl_ctx *ctx);
pl_arena *pl_ctx_arena(pl_ctx *ctx);
const pl_config *pl_ctx_config(pl_ctx *ctx);
const pl_source *pl_ctx_source(pl_ctx *ctx);
/* The Dockerfile being linted, or NULL. */
const pl_dockerfile *pl_ctx_dockerfile(pl_ctx *ctx);
/* The Dockerfile's build context (loaded on first use), or NULL when unknown (stdin). */
const struct pl_build_context *pl_ctx_build_context(pl_ctx *ctx);
/* The compose project being linted, or NULL. */
const pl_compose *pl_ctx_compose(pl_ctx *ctx);
/* The project (a compose file with the Dockerfiles it builds) in an on_project hook, or NULL. */
const struct pl_project *pl_ctx_project(pl_ctx *ctx);
/*
** When the Dockerfile being linted is built by a compose project: what
** compose says about it (its builds, their services, the target, whether
** compose gives it a healthcheck); NULL otherwise (project.h).
*/
const struct pl_project_dockerfile *pl_ctx_built_by(pl_ctx *ctx);
/*
** Report at a compose element: its value (value true) or what names it
** (false: its key, or the item), in the file that holds it.  When the
** element was reached through an alias or a '<<' merge, the diagnostic
** lands on the use site and a note points at the definition.
*/
pl_diag *pl_report_compose(pl_ctx *ctx, const pl_compose_loc *at, bool value, const char *fmt, ...)
	PL_PRINTF(4, 5);
/*
** A slot for data derived once and shared by the rules of one file
** (what several rules compute about the same service, say): tag is the
** address of a static that names the kind of data, obj what it is
** about. The slot holds NULL until set; what it points to must live in
** pl_ctx_arena(ctx). The slots go with the file's run; the pointer
** returned holds until the next call.
*/
void **pl_ctx_memo(pl_ctx *ctx, const void *tag, const void *obj);
/* Text of a span of the current file (arena copy). */
const char *pl_ctx_text(pl_ctx *ctx, pl_span span);

#endif
