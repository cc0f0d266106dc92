/*
** The rule engine: parse a file by kind, walk it calling the hooks of
** the enabled rules (a fold over instructions, as hadolint does), then
** apply pragmas and configuration and sort.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plimsoll/context.h"
#include "plimsoll/lint.h"
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "io.h"
#include "pragma.h"
#include "shellcheck.h"
#include "yield.h"

extern const pl_rule pl_rule_PL0001;
extern const pl_rule pl_rule_SC;
extern const pl_rule pl_rule_PL0002;
extern const pl_rule pl_rule_PL0003;
extern const pl_rule pl_rule_PL0004;
extern const pl_rule pl_rule_PL0010;
extern const pl_rule pl_rule_PL0011;

struct pl_ctx {
	pl_arena *arena;         /* the file's arena */
	const pl_config *cfg;
	const pl_source *src;    /* file being linted */
	const pl_dockerfile *df; /* its parse, when a Dockerfile */
	const pl_compose *compose; /* the project, when a compose file */
	const pl_project *project; /* the project, while its on_project hooks run */
	const pl_rule *rule;     /* rule whose hook is running */
	void **states;           /* per rule index: state_size bytes, or NULL */
	pl_diags *out;           /* where reports go */
	pl_file *file;           /* the file being linted */
	pl_build_context *bctx;  /* its build context once loaded */
	bool bctx_loaded;        /* bctx was asked for (it may still be NULL) */
	size_t seq;              /* reports so far, for a stable order */
	struct memo_slot *memo;  /* pl_ctx_memo: open addressing, memo_cap slots (a power of two) */
	size_t memo_cap, memo_n;
};

struct memo_slot {
	const void *tag, *obj; /* tag NULL: free */
	void *val;
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

static void fix_edit(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text, bool copy)
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
	f->edits[i].text = text && copy ? pl_arena_strdup(ctx->arena, text) : text;
}

void pl_fix_edit(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text)
{
	fix_edit(ctx, f, span, text, true);
}

void pl_fix_edit_shared(pl_ctx *ctx, pl_fix *f, pl_span span, const char *text)
{
	fix_edit(ctx, f, span, text, false);
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

static size_t memo_hash(const void *tag, const void *obj)
{
	uint64_t h = ((uint64_t)(uintptr_t)tag * 0x9E3779B97F4A7C15u) ^ (uint64_t)(uintptr_t)obj;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	return (size_t)(h ^ (h >> 32));
}

void **pl_ctx_memo(pl_ctx *ctx, const void *tag, const void *obj)
{
	PL_ASSERT(tag);
	if (2 * (ctx->memo_n + 1) > ctx->memo_cap) {
		size_t cap = ctx->memo_cap ? 2 * ctx->memo_cap : 16;
		struct memo_slot *v = pl_arena_alloc(ctx->arena, cap * sizeof(*v));
		for (size_t i = 0; i < ctx->memo_cap; i++) {
			const struct memo_slot *m = &ctx->memo[i];
			if (!m->tag)
				continue;
			size_t j = memo_hash(m->tag, m->obj) & (cap - 1);
			while (v[j].tag)
				j = (j + 1) & (cap - 1);
			v[j] = *m;
		}
		ctx->memo = v;
		ctx->memo_cap = cap;
	}
	size_t j = memo_hash(tag, obj) & (ctx->memo_cap - 1);
	while (ctx->memo[j].tag && (ctx->memo[j].tag != tag || ctx->memo[j].obj != obj))
		j = (j + 1) & (ctx->memo_cap - 1);
	struct memo_slot *m = &ctx->memo[j];
	if (!m->tag) {
		m->tag = tag;
		m->obj = obj;
		ctx->memo_n++;
	}
	return &m->val;
}

const pl_compose *pl_ctx_compose(pl_ctx *ctx) { return ctx->compose; }
const pl_project *pl_ctx_project(pl_ctx *ctx) { return ctx->project; }
const pl_project_dockerfile *pl_ctx_built_by(pl_ctx *ctx) { return ctx->file ? ctx->file->built_by : NULL; }

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
			pl_context_load_via(ctx->bctx, ctx->arena, ctx->file->context_dir, ctx->file->path,
			                    ctx->file->read, ctx->file->read_ud);
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
	if (f->project)
		pl_project__free(f->project); /* the Dockerfiles linted with it */
	pl_diags_free(&f->diags);
	pl_arena_free(&f->arena);
}

int pl_file_read(const pl_file *f, const char *path, size_t limit, char **out, size_t *len,
                 const char **err)
{
	if (f->read)
		return f->read(f->read_ud, path, limit, out, len, err);
	return pl_io_read(path, limit, out, len, err);
}

/*
** Dockerfile and Containerfile in any case; Dockerfile.* and
** Containerfile.* as written (so that dockerfile.h, dockerfile.go and
** other sources named after Dockerfiles are not taken for one, as editors
** and pre-commit's file types also see it); *.dockerfile in any case.
*/
static bool name_is_dockerfile(const char *b)
{
	size_t n = strlen(b);
	if (pl_str_ieq(b, "Dockerfile") || pl_str_ieq(b, "Containerfile"))
		return true;
	if (n > 11 && strncmp(b, "Dockerfile.", 11) == 0)
		return true;
	if (n > 14 && strncmp(b, "Containerfile.", 14) == 0)
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

/*
** A Dockerfile a compose project builds with 'target:' produces that
** stage: make it the one rules see as final (pl_df_stage.is_last).
*/
static void mark_target(pl_dockerfile *df, const char *target)
{
	const pl_df_stage *t = pl_df_stage_find(df, target, df->nstages);
	if (!t)
		return; /* PL3003 reports it; the last stage stays final */
	for (size_t i = 0; i < df->nstages; i++)
		df->stages[i].is_last = &df->stages[i] == t;
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
	if (f->built_by && f->built_by->target)
		mark_target(df, f->built_by->target);

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
	if (f->df)
		return f->df->nerrors;
	/* A compose file: its YAML problems, and (so that a fix cannot change what Compose reads
	   unnoticed) its schema and port/volume syntax problems, all in the file itself. */
	size_t n = 0;
	for (size_t i = 0; f->compose && i < f->compose->nproblems; i++)
		n += f->compose->problems[i].src == &f->src;
	return n;
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

/* Run the enabled rules of target t (COMPOSE: on_compose(c), PROJECT: on_project(p)), each once. */
static void run_whole(pl_ctx *ctx, pl_arena *a, pl_target t, const pl_compose *c, const pl_project *p)
{
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		bool has = t == PL_TARGET_COMPOSE ? r->on_compose != NULL : r->on_project != NULL;
		if (r->target != t || !has || !pl_config_rule_on(ctx->cfg, r))
			continue;
		if (r->state_size)
			ctx->states[i] = pl_arena_alloc(a, r->state_size);
		ctx->rule = r;
		if (t == PL_TARGET_COMPOSE)
			r->on_compose(ctx, c);
		else
			r->on_project(ctx, p);
	}
	ctx->rule = NULL;
}

static void lint_compose(pl_file *f, pl_ctx *ctx)
{
	pl_compose *c = pl_arena_alloc(&f->arena, sizeof(*c));
	pl_compose_opts o = {0};
	if (f->compose_opts)
		o = *f->compose_opts;
	if (!o.read && f->read) {
		o.read = f->read; /* the editor's buffers before the disk (lint.h) */
		o.read_ud = f->read_ud;
	}
	uint64_t t0 = f->timed ? pl_thread_cpu_ns() : 0;
	pl_compose_load(c, &f->arena, &f->src, &o);
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
	run_whole(ctx, &f->arena, PL_TARGET_COMPOSE, c, NULL);
}

/* ---- the project walk: a compose file with the Dockerfiles it builds -- */

/* Pragmas of a project's Dockerfile, scanned when a project finding first lands in it. */
typedef struct member_pragmas {
	pl_pragmas prag;
	bool scanned;
} member_pragmas;

/*
** Put a project finding where its text is: an inline Dockerfile's onto
** the compose file (into raw, filtered with the compose file's pragmas
** later), another Dockerfile's into that file's findings, through that
** file's pragmas; the compose files' into raw.
*/
static void deliver(pl_ctx *ctx, const pl_project *p, member_pragmas *mp, pl_diags *raw, pl_diag *d)
{
	const pl_project_dockerfile *pd = pl_project_dockerfile_of(p, d->src);
	if (pd && pd->is_inline)
		pl_project__map_inline(pd, d);
	if (!pd || pd->is_inline || !pd->file) {
		pl_diags_push(raw, d);
		return;
	}
	size_t i = 0;
	while (p->dockerfiles[i] != pd)
		i++; /* pd is one of them: pl_project_dockerfile_of found it there */
	pl_file *m = pd->file;
	if (!mp[i].scanned) {
		pl_pragma__scan_dockerfile(&mp[i].prag, &m->arena, m->df);
		mp[i].scanned = true;
	}
	if (!ctx->cfg->disable_pragmas && pl_pragma__suppresses(&mp[i].prag, d))
		m->nsuppressed++;
	else if (!pl_config_code_ignored(ctx->cfg, d->code))
		pl_diags_push(&m->diags, d);
}

/*
** Build the project of compose file f, lint the Dockerfiles it builds
** (each its own pl_file), run the project rules, and deliver what they
** find.  Findings for the compose file itself are added to raw.
*/
static void lint_project(pl_file *f, pl_ctx *ctx, pl_diags *raw)
{
	pl_project *p = pl_arena_alloc(&f->arena, sizeof(*p));
	pl_project_load(p, &f->arena, f->compose, f->path, f->project_opts != NULL);
	f->project = p;
	pl_project__lint(p, &f->arena, ctx->cfg, f->project_opts);

	/* An inline Dockerfile's own findings belong to the compose file that holds its text. */
	for (size_t i = 0; i < p->ndockerfiles; i++) {
		const pl_project_dockerfile *pd = p->dockerfiles[i];
		if (!pd->is_inline || !pd->file)
			continue;
		for (size_t k = 0; k < pd->file->diags.n; k++) {
			pl_project__map_inline(pd, pd->file->diags.v[k]);
			pl_diags_push(raw, pd->file->diags.v[k]);
		}
		pd->file->diags.n = 0;
	}

	pl_diags found = {0};
	ctx->out = &found;
	ctx->project = p;
	run_whole(ctx, &f->arena, PL_TARGET_PROJECT, f->compose, p);
	ctx->project = NULL;
	ctx->out = raw;

	member_pragmas *mp = pl_arena_alloc(&f->arena, (p->ndockerfiles + 1) * sizeof(*mp));
	for (size_t i = 0; i < found.n; i++)
		deliver(ctx, p, mp, raw, found.v[i]);
	pl_diags_free(&found);
	for (size_t i = 0; i < p->ndockerfiles; i++)
		if (mp[i].scanned)
			pl_diags_sort_dedup(&p->dockerfiles[i]->file->diags);
}

/* ---- checks of the pragmas themselves (PL0010, PL0011) ---------------- */

/* What ran on a file, for telling an unused pragma name from one whose rule did not run. */
typedef struct ran_info {
	const pl_config *cfg;
	const pl_file *f;
	bool sc_ok;              /* ShellCheck ran on the file and gave its findings */
} ran_info;

static bool rule_ran(void *ud, const pl_rule *r)
{
	const ran_info *ri = ud;
	const pl_config *cfg = ri->cfg;
	if (r == &pl_rule_PL0010 || r == &pl_rule_PL0011)
		return false; /* reported after the pragmas were applied: a pragma cannot use them up */
	switch (ri->f->kind) {
	case PL_FILE_DOCKERFILE:
		if (r == &pl_rule_SC)
			return ri->sc_ok && pl_config_rule_on(cfg, r);
		if (r == &pl_rule_PL0001)
			return pl_config_rule_on(cfg, r);
		return r->target == PL_TARGET_DOCKERFILE && rule_on(cfg, r, ri->f->df);
	case PL_FILE_COMPOSE:
		if (r == &pl_rule_PL0002 || r == &pl_rule_PL0003 || r == &pl_rule_PL0004)
			return pl_config_rule_on(cfg, r);
		return r->target == PL_TARGET_COMPOSE && r->on_compose && pl_config_rule_on(cfg, r);
	case PL_FILE_DOCKERIGNORE:
	case PL_FILE_UNKNOWN:
		break;
	}
	return false;
}

/* Report pragmas without a reason and pragma names that suppressed nothing, into f->diags. */
static void check_pragmas(pl_file *f, pl_ctx *ctx, pl_pragmas *prag, bool sc_ok)
{
	const pl_config *cfg = ctx->cfg;
	if (cfg->disable_pragmas || !prag->all.n)
		return; /* pragmas that are not honoured need neither reasons nor uses */
	pl_diags found = {0};
	ctx->out = &found;
	if (pl_config_rule_on(cfg, &pl_rule_PL0010)) {
		ctx->rule = &pl_rule_PL0010;
		pl_pragma__report_reasons(ctx, prag);
	}
	if (pl_config_rule_on(cfg, &pl_rule_PL0011)) {
		ran_info ri = {cfg, f, sc_ok};
		ctx->rule = &pl_rule_PL0011;
		pl_pragma__report_unused(ctx, prag, rule_ran, &ri);
	}
	ctx->rule = NULL;
	for (size_t i = 0; i < found.n; i++) {
		if (pl_pragma__suppresses(prag, found.v[i])) /* a global ignore=PL0010, say */
			f->nsuppressed++;
		else
			pl_diags_push(&f->diags, found.v[i]);
	}
	pl_diags_free(&found);
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
	struct pl_shellcheck *sc = cfg->shellcheck;
	size_t sc_failures = sc ? sc->failures : 0;
	switch (f->kind) {
	case PL_FILE_DOCKERFILE:
		lint_dockerfile(f, &ctx);
		pl_yield__apply(&raw, f->df);
		pl_pragma__scan_dockerfile(&prag, &f->arena, f->df);
		break;
	case PL_FILE_COMPOSE:
		lint_compose(f, &ctx);
		pl_pragma__scan_compose(&prag, &f->arena, f->compose);
		lint_project(f, &ctx, &raw);
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
	check_pragmas(f, &ctx, &prag, sc && !sc->broken && sc->failures == sc_failures);
	pl_diags_sort_dedup(&f->diags);
	if (f->timed)
		f->ns_rules = pl_thread_cpu_ns() - t0 - f->ns_parse;
}
