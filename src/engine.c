/*
** The rule engine: parse a file by kind, walk it calling the hooks of
** the enabled rules (a fold over instructions, as hadolint does), then
** apply pragmas and configuration and sort.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plimsoll/context.h"
#include "plimsoll/lint.h"
#include "plimsoll/rule.h"
#include "pragma.h"
#include "shellcheck.h"
#include "yield.h"

extern const pl_rule pl_rule_PL0001;
extern const pl_rule pl_rule_SC;
extern const pl_rule pl_rule_PL0002;
extern const pl_rule pl_rule_PL0003;
extern const pl_rule pl_rule_PL0004;

struct pl_ctx {
	pl_arena *arena;         /* the file's arena */
	const pl_config *cfg;
	const pl_source *src;    /* file being linted */
	const pl_dockerfile *df; /* its parse, when a Dockerfile */
	const pl_compose *compose; /* the project, when a compose file */
	const pl_rule *rule;     /* rule whose hook is running */
	void **states;           /* per rule index: state_size bytes, or NULL */
	pl_diags *out;           /* where reports go */
	pl_file *file;           /* the file being linted */
	pl_build_context *bctx;  /* its build context once loaded */
	bool bctx_loaded;        /* bctx was asked for (it may still be NULL) */
	size_t seq;              /* reports so far, for a stable order */
};

/* ---- the context API (rule.h) ---------------------------------------- */

static pl_diag *report(pl_ctx *ctx, const pl_source *src, pl_span span, const char *fmt, va_list ap)
{
	PL_ASSERT(ctx->rule); /* reports come from a running hook */
	pl_diag *d = pl_arena_alloc(ctx->arena, sizeof(*d));
	d->rule = ctx->rule;
	d->code = ctx->rule->id;
	d->severity = pl_config_rule_severity(ctx->cfg, ctx->rule);
	d->src = src;
	if (span.off > src->len)
		span.off = src->len;
	if (span.len > src->len - span.off)
		span.len = src->len - span.off;
	d->span = span;
	d->message = pl_arena_vprintf(ctx->arena, fmt, ap);
	d->seq = ctx->seq++;
	pl_diags_push(ctx->out, d);
	return d;
}

pl_diag *pl_report(pl_ctx *ctx, pl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pl_diag *d = report(ctx, ctx->src, span, fmt, ap);
	va_end(ap);
	return d;
}

pl_diag *pl_report_in(pl_ctx *ctx, const pl_source *src, pl_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pl_diag *d = report(ctx, src ? src : ctx->src, span, fmt, ap);
	va_end(ap);
	return d;
}

void pl_note_add(pl_ctx *ctx, pl_diag *d, const pl_source *src, pl_span span, const char *fmt, ...)
{
	d->notes = pl_arena_realloc(ctx->arena, d->notes, d->nnotes * sizeof(pl_note),
	                            (d->nnotes + 1) * sizeof(pl_note));
	pl_note *n = &d->notes[d->nnotes++];
	n->src = src ? src : d->src;
	n->span = span;
	va_list ap;
	va_start(ap, fmt);
	n->text = pl_arena_vprintf(ctx->arena, fmt, ap);
	va_end(ap);
}

pl_fix *pl_fix_add(pl_ctx *ctx, pl_diag *d, pl_fix_kind kind, const char *title)
{
	pl_fix *f = pl_arena_alloc(ctx->arena, sizeof(*f));
	f->kind = kind;
	f->title = pl_arena_strdup(ctx->arena, title);
	d->fix = f;
	return f;
}

void pl_fix_edit(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text)
{
	if (f->nedits == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 2;
		f->edits = pl_arena_realloc(ctx->arena, f->edits, f->cap * sizeof(pl_edit),
		                            ncap * sizeof(pl_edit));
		f->cap = ncap;
	}
	/* Keep edits sorted by offset (insertion sort: fixes hold a few edits). */
	size_t i = f->nedits++;
	while (i > 0 && f->edits[i - 1].span.off > span.off) {
		f->edits[i] = f->edits[i - 1];
		i--;
	}
	f->edits[i].span = span;
	f->edits[i].text = text ? pl_arena_strdup(ctx->arena, text) : NULL;
}

void pl_fix_replace(pl_ctx *ctx, pl_diag *d, pl_fix_kind kind, const char *title,
                    pl_span span, const char *text)
{
	pl_fix_edit(ctx, pl_fix_add(ctx, d, kind, title), span, text);
}

void *pl_ctx_state(pl_ctx *ctx)
{
	PL_ASSERT(ctx->rule && ctx->rule->state_size); /* only rules that declare state have it */
	return ctx->states[pl_rule_index(ctx->rule)];
}

pl_arena *pl_ctx_arena(pl_ctx *ctx) { return ctx->arena; }
const pl_config *pl_ctx_config(pl_ctx *ctx) { return ctx->cfg; }
const pl_source *pl_ctx_source(pl_ctx *ctx) { return ctx->src; }
const pl_dockerfile *pl_ctx_dockerfile(pl_ctx *ctx) { return ctx->df; }
const pl_compose *pl_ctx_compose(pl_ctx *ctx) { return ctx->compose; }

pl_diag *pl_report_compose(pl_ctx *ctx, const pl_compose_loc *at, bool value, const char *fmt, ...)
{
	const pl_source *src = at->src ? at->src : ctx->src;
	pl_span span = value ? pl_compose_value_span(at) : pl_compose_span(at);
	va_list ap;
	va_start(ap, fmt);
	pl_diag *d = report(ctx, src, span, fmt, ap);
	va_end(ap);
	if (at->site && (value ? at->node : at->key ? at->key : at->node))
		pl_note_add(ctx, d, src, (value || !at->key ? at->node : at->key)->span, "defined here");
	return d;
}

const pl_build_context *pl_ctx_build_context(pl_ctx *ctx)
{
	if (!ctx->bctx_loaded) {
		ctx->bctx_loaded = true;
		if (ctx->file && ctx->file->context_dir) {
			ctx->bctx = pl_arena_alloc(ctx->arena, sizeof(*ctx->bctx));
			pl_context_load(ctx->bctx, ctx->arena, ctx->file->context_dir, ctx->file->path);
		}
	}
	return ctx->bctx;
}

const char *pl_ctx_text(pl_ctx *ctx, pl_span span)
{
	if (span.off > ctx->src->len)
		span.off = ctx->src->len;
	if (span.len > ctx->src->len - span.off)
		span.len = ctx->src->len - span.off;
	return pl_arena_strndup(ctx->arena, ctx->src->text + span.off, span.len);
}

/* ---- files ----------------------------------------------------------- */

void pl_file_init(pl_file *f, const char *path, const char *bytes, size_t len, pl_file_kind kind)
{
	memset(f, 0, sizeof(*f));
	pl_arena_init(&f->arena);
	pl_source_init(&f->src, &f->arena, path, bytes, len);
	f->kind = kind;
}

void pl_file_set_path(pl_file *f, const char *path)
{
	f->path = pl_arena_strdup(&f->arena, path);
	const char *slash = strrchr(path, '/');
	f->context_dir = slash ? pl_arena_strndup(&f->arena, path, slash == path ? 1 : (size_t)(slash - path))
	                       : ".";
}

void pl_file_free(pl_file *f)
{
	pl_diags_free(&f->diags);
	pl_arena_free(&f->arena);
}

static bool name_is_dockerfile(const char *b)
{
	size_t n = strlen(b);
	if (pl_str_ieq(b, "Dockerfile") || pl_str_ieq(b, "Containerfile"))
		return true;
	if (pl_strn_ieq(b, n < 11 ? n : 11, "Dockerfile.") && n > 11)
		return true;
	if (n > 14 && pl_strn_ieq(b, 14, "Containerfile."))
		return true;
	return n > 11 && pl_str_ieq(b + n - 11, ".dockerfile");
}

static bool name_is_compose(const char *b)
{
	bool yaml = pl_str_ends(b, ".yml") || pl_str_ends(b, ".yaml");
	return yaml && (pl_str_starts(b, "compose") || pl_str_starts(b, "docker-compose"));
}

pl_file_kind pl_file_kind_of(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	if (name_is_dockerfile(b))
		return PL_FILE_DOCKERFILE;
	if (name_is_compose(b))
		return PL_FILE_COMPOSE;
	if (strcmp(b, ".dockerignore") == 0 || pl_str_ends(b, ".dockerignore"))
		return PL_FILE_DOCKERIGNORE;
	return PL_FILE_UNKNOWN;
}

/* ---- the Dockerfile walk --------------------------------------------- */

typedef struct plan {
	const pl_rule **rules;                   /* enabled Dockerfile rules */
	size_t n;
	const pl_rule **by_kind[PL_INSTR__COUNT]; /* rules with an on_instr hook for each kind */
	size_t nby_kind[PL_INSTR__COUNT];
} plan;

/* On by configuration, or an experimental BuildKit check that the file's `# check=experimental=` turns on (unless configuration turned it off). */
static bool rule_on(const pl_config *cfg, const pl_rule *r, const pl_dockerfile *df)
{
	if (pl_config_rule_on(cfg, r))
		return true;
	return cfg->rules[pl_rule_index(r)].enabled < 0 && pl_pragma__check_enables(df, r);
}

static void make_plan(plan *p, pl_arena *a, const pl_config *cfg, const pl_dockerfile *df)
{
	memset(p, 0, sizeof(*p));
	p->rules = pl_arena_alloc(a, pl_rule_count * sizeof(*p->rules));
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		if (r->target == PL_TARGET_DOCKERFILE && rule_on(cfg, r, df))
			p->rules[p->n++] = r;
	}
	for (size_t k = 0; k < PL_INSTR__COUNT; k++) {
		p->by_kind[k] = pl_arena_alloc(a, (p->n + 1) * sizeof(*p->rules));
		for (size_t i = 0; i < p->n; i++)
			if (p->rules[i]->on_instr[k])
				p->by_kind[k][p->nby_kind[k]++] = p->rules[i];
	}
}

static void dispatch_instr(pl_ctx *ctx, const plan *p, const pl_df_instr *in)
{
	for (size_t i = 0; i < p->nby_kind[in->kind]; i++) {
		ctx->rule = p->by_kind[in->kind][i];
		ctx->rule->on_instr[in->kind](ctx, in);
	}
	if (in->kind == PL_INSTR_ONBUILD && in->as.inner)
		dispatch_instr(ctx, p, in->as.inner); /* parser allows one level: no deep recursion */
}

static void stage_end(pl_ctx *ctx, const plan *p, const pl_df_stage *st)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->rules[i]->on_stage_end) {
			ctx->rule = p->rules[i];
			ctx->rule->on_stage_end(ctx, st);
		}
	}
}

static void walk_dockerfile(pl_ctx *ctx, const plan *p, const pl_dockerfile *df)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->rules[i]->on_begin) {
			ctx->rule = p->rules[i];
			ctx->rule->on_begin(ctx, df);
		}
	}
	const pl_df_stage *cur = NULL;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const pl_df_instr *in = df->instrs[i];
		if (in->stage != cur) {
			if (cur)
				stage_end(ctx, p, cur);
			cur = in->stage;
		}
		dispatch_instr(ctx, p, in);
	}
	if (cur)
		stage_end(ctx, p, cur);
	for (size_t i = 0; i < p->n; i++) {
		if (p->rules[i]->on_end) {
			ctx->rule = p->rules[i];
			ctx->rule->on_end(ctx, df);
		}
	}
	ctx->rule = NULL;
}

static void lint_dockerfile(pl_file *f, pl_ctx *ctx)
{
	pl_dockerfile *df = pl_arena_alloc(&f->arena, sizeof(*df));
	uint64_t t0 = f->timed ? pl_thread_cpu_ns() : 0;
	pl_dockerfile_parse(df, &f->arena, &f->src);
	if (f->timed)
		f->ns_parse = pl_thread_cpu_ns() - t0;
	f->df = df;
	ctx->df = df;

	if (pl_config_rule_on(ctx->cfg, &pl_rule_PL0001)) {
		ctx->rule = &pl_rule_PL0001;
		for (size_t i = 0; i < df->nerrors; i++)
			pl_report(ctx, df->errors[i].span, "%s", df->errors[i].message);
		ctx->rule = NULL;
	}

	plan p;
	make_plan(&p, &f->arena, ctx->cfg, df);
	for (size_t i = 0; i < p.n; i++) {
		const pl_rule *r = p.rules[i];
		if (r->state_size)
			ctx->states[pl_rule_index(r)] = pl_arena_alloc(&f->arena, r->state_size);
	}
	walk_dockerfile(ctx, &p, df);

	/* The SC pseudo-rule: one ShellCheck run over the file's scripts (src/shellcheck.c). */
	if (pl_config_rule_on(ctx->cfg, &pl_rule_SC)) {
		ctx->rule = &pl_rule_SC;
		pl_shellcheck__lint(ctx, df);
		ctx->rule = NULL;
	}
}

size_t pl_file_parse_errors(const pl_file *f)
{
	return f->df ? f->df->nerrors : 0;
}

/* ---- the compose walk ------------------------------------------------ */

/* The rule that reports a front-end problem of this kind. */
static const pl_rule *problem_rule(pl_compose_problem_kind k)
{
	switch (k) {
	case PL_COMPOSE_PROBLEM_YAML:
		return &pl_rule_PL0002;
	case PL_COMPOSE_PROBLEM_SCHEMA:
		return &pl_rule_PL0003;
	case PL_COMPOSE_PROBLEM_SYNTAX:
		return &pl_rule_PL0004;
	}
	return &pl_rule_PL0003;
}

static void lint_compose(pl_file *f, pl_ctx *ctx)
{
	pl_compose *c = pl_arena_alloc(&f->arena, sizeof(*c));
	uint64_t t0 = f->timed ? pl_thread_cpu_ns() : 0;
	pl_compose_load(c, &f->arena, &f->src, f->compose_opts);
	if (f->timed)
		f->ns_parse = pl_thread_cpu_ns() - t0;
	f->compose = c;
	ctx->compose = c;

	for (size_t i = 0; i < c->nproblems; i++) {
		const pl_compose_problem *p = &c->problems[i];
		const pl_rule *r = problem_rule(p->kind);
		if (!pl_config_rule_on(ctx->cfg, r))
			continue;
		ctx->rule = r;
		pl_diag *d = pl_report_in(ctx, p->src, p->span, "%s", p->message);
		for (size_t k = 0; k < PL_ARRAY_LEN(p->notes); k++)
			if (p->notes[k].text)
				pl_note_add(ctx, d, p->notes[k].src, p->notes[k].span, "%s", p->notes[k].text);
	}
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		if (r->target != PL_TARGET_COMPOSE || !r->on_compose || !pl_config_rule_on(ctx->cfg, r))
			continue;
		if (r->state_size)
			ctx->states[i] = pl_arena_alloc(&f->arena, r->state_size);
		ctx->rule = r;
		r->on_compose(ctx, c);
	}
	ctx->rule = NULL;
}

uint64_t pl_thread_cpu_ns(void)
{
	struct timespec t;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0)
		return 0;
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void pl_lint_file(pl_file *f, const pl_config *cfg)
{
	uint64_t t0 = f->timed ? pl_thread_cpu_ns() : 0;
	pl_diags raw = {0};
	pl_ctx ctx = {0};
	ctx.arena = &f->arena;
	ctx.cfg = cfg;
	ctx.src = &f->src;
	ctx.out = &raw;
	ctx.file = f;
	ctx.states = pl_arena_alloc(&f->arena, pl_rule_count * sizeof(void *));

	pl_pragmas prag = {0};
	switch (f->kind) {
	case PL_FILE_DOCKERFILE:
		lint_dockerfile(f, &ctx);
		pl_yield__apply(&raw, f->df);
		pl_pragma__scan_dockerfile(&prag, &f->arena, f->df);
		break;
	case PL_FILE_COMPOSE:
		lint_compose(f, &ctx);
		pl_pragma__scan_compose(&prag, &f->arena, f->compose);
		break;
	case PL_FILE_DOCKERIGNORE:
	case PL_FILE_UNKNOWN:
		break;
	}

	for (size_t i = 0; i < raw.n; i++) {
		pl_diag *d = raw.v[i];
		bool parse_error = d->rule == &pl_rule_PL0001 || d->rule == &pl_rule_PL0002;
		if (!parse_error && !cfg->disable_pragmas && pl_pragma__suppresses(&prag, d)) {
			f->nsuppressed++;
			continue;
		}
		if (pl_config_code_ignored(cfg, d->code))
			continue;
		if (prag.check_error && d->rule && d->rule->buildkit)
			d->severity = PL_SEV_ERROR; /* # check=error=true */
		pl_diags_push(&f->diags, d);
	}
	pl_diags_free(&raw);
	pl_diags_sort_dedup(&f->diags);
	if (f->timed)
		f->ns_rules = pl_thread_cpu_ns() - t0 - f->ns_parse;
}
