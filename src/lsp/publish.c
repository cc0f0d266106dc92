/*
** Linting open documents and publishing their diagnostics.
**
** A lint of one document may report in other files: a compose file's
** included and override files.  So diagnostics are published per URI, as
** everything that lands there from the last lint of every open
** document (duplicates dropped), and a lint republishes each URI it
** reported in this time or the last.
**
** Dependencies: the overlay records the files a lint read (included
** files, .env, .dockerignore), and a compose file also depends on the
** Dockerfiles it builds.  When a document changes, the documents that
** depend on it, and those it depends on, are linted again.
*/
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"

/* ---- where a diagnostic lands ------------------------------------------- */

/* The URI of src as linted by owner (malloc'd). */
static char *src_uri(const pl_lsp *s, const pl_lsp_doc *owner, const pl_source *src)
{
	if (owner->lint && src == &owner->lint->src)
		return pl_xstrdup(owner->uri);
	char *path = pl_lsp__path_norm(src->path);
	const pl_lsp_doc *d = pl_lsp__doc_by_path(&s->docs, path);
	char *uri = d ? pl_xstrdup(d->uri) : pl_lsp__path_to_uri(path);
	free(path);
	return uri;
}

/* The open document at uri whose text is what src holds, or NULL (not open, or stale). */
static const pl_lsp_doc *open_as(const pl_lsp *s, const char *uri, const pl_source *src)
{
	const pl_lsp_doc *d = pl_lsp__doc_find(&s->docs, uri);
	if (d && d->text.len == src->len && memcmp(d->text.s, src->text, src->len) == 0)
		return d;
	return NULL;
}

json_t *pl_lsp__range(const pl_lsp_text *t, size_t off, size_t len)
{
	pl_lsp_pos a = pl_lsp__text_pos(t, off), b = pl_lsp__text_pos(t, off + len);
	return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)a.line, "character",
	                 (json_int_t)a.character, "end", "line", (json_int_t)b.line, "character",
	                 (json_int_t)b.character);
}

/* The range of span in src: through t's table when given, else by walking src. */
static json_t *range_of(const pl_lsp_text *t, const pl_source *src, pl_span sp)
{
	if (t)
		return pl_lsp__range(t, sp.off, sp.len);
	pl_lsp_pos a = pl_lsp__pos_in(src->text, src->len, sp.off);
	pl_lsp_pos b = pl_lsp__pos_in(src->text, src->len, sp.off + sp.len);
	return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)a.line, "character",
	                 (json_int_t)a.character, "end", "line", (json_int_t)b.line, "character",
	                 (json_int_t)b.character);
}

/* LSP's DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
static int lsp_severity(pl_severity sev)
{
	switch (sev) {
	case PL_SEV_ERROR:
		return 1;
	case PL_SEV_WARNING:
		return 2;
	case PL_SEV_INFO:
		return 3;
	case PL_SEV_STYLE:
	case PL_SEV_NONE:
		break;
	}
	return 4;
}

/* The document whose lint made g. */
static const pl_lsp_doc *owner_of(const pl_lsp *s, const pl_diag *g)
{
	for (size_t i = 0; i < s->docs.n; i++) {
		const pl_file *f = s->docs.v[i]->lint;
		for (size_t k = 0; f && k < f->diags.n; k++)
			if (f->diags.v[k] == g)
				return s->docs.v[i];
	}
	return NULL;
}

json_t *pl_lsp__diag_json(const pl_lsp *s, const pl_lsp_text *t, const pl_diag *g)
{
	json_t *o = json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", range_of(t, g->src, g->span),
	                      "severity", lsp_severity(g->severity), "code", g->code, "source",
	                      "plimsoll", "message", g->message);
	char url[256];
	if (g->rule && strcmp(g->rule->id, g->code) == 0)
		json_object_set_new(o, "codeDescription",
		                    json_pack("{s:s}", "href", pl_rule_url(g->rule, url, sizeof(url))));
	else if (pl_str_starts(g->code, "SC")) /* ShellCheck's codes: its wiki */
		snprintf(url, sizeof(url), "https://www.shellcheck.net/wiki/%s", g->code),
		json_object_set_new(o, "codeDescription", json_pack("{s:s}", "href", url));
	if (g->nnotes) {
		const pl_lsp_doc *owner = owner_of(s, g);
		json_t *rel = json_array();
		for (size_t i = 0; i < g->nnotes; i++) {
			const pl_note *n = &g->notes[i];
			char *uri = owner ? src_uri(s, owner, n->src) : pl_lsp__path_to_uri(n->src->path);
			const pl_lsp_doc *nd = open_as(s, uri, n->src);
			json_array_append_new(rel, json_pack("{s:{s:s,s:o},s:s}", "location", "uri", uri,
			                                     "range", range_of(nd ? &nd->text : NULL, n->src, n->span),
			                                     "message", n->text));
			free(uri);
		}
		json_object_set_new(o, "relatedInformation", rel);
	}
	return o;
}

/* ---- gathering ------------------------------------------------------------ */

typedef PL_VEC(const pl_diag *) diagvec;

static int cmp_diag(const void *x, const void *y)
{
	const pl_diag *a = *(const pl_diag *const *)x, *b = *(const pl_diag *const *)y;
	if (a->span.off != b->span.off)
		return a->span.off < b->span.off ? -1 : 1;
	if (a->span.len != b->span.len)
		return a->span.len < b->span.len ? -1 : 1;
	int c = strcmp(a->code, b->code);
	return c ? c : strcmp(a->message, b->message);
}

/*
** Every diagnostic landing at uri from the open documents' lints, sorted,
** each once; those whose file is open with other text (their lint is
** stale and will run again) are left out.  *target: the open document at
** uri, or NULL.  The array is malloc'd.
*/
static const pl_diag **gather(const pl_lsp *s, const char *uri, size_t *n)
{
	const pl_lsp_doc *target = pl_lsp__doc_find(&s->docs, uri);
	const pl_diag **v = NULL;
	size_t cnt = 0, cap = 0;
	for (size_t i = 0; i < s->docs.n; i++) {
		const pl_lsp_doc *x = s->docs.v[i];
		if (!x->lint)
			continue;
		for (size_t k = 0; k < x->lint->diags.n; k++) {
			const pl_diag *g = x->lint->diags.v[k];
			bool here;
			if (g->src == &x->lint->src) {
				here = x == target;
			} else {
				char *u = src_uri(s, x, g->src);
				here = strcmp(u, uri) == 0;
				free(u);
			}
			if (!here)
				continue;
			if (target && !open_as(s, uri, g->src))
				continue;
			if (cnt == cap) {
				cap = cap ? cap * 2 : 64;
				v = pl_xrealloc(v, cap * sizeof(*v));
			}
			v[cnt++] = g;
		}
	}
	if (cnt > 1)
		qsort(v, cnt, sizeof(*v), cmp_diag);
	size_t m = 0;
	for (size_t i = 0; i < cnt; i++)
		if (m == 0 || cmp_diag(&v[m - 1], &v[i]) != 0)
			v[m++] = v[i];
	*n = m;
	return v;
}

void pl_lsp__diags_of(const pl_lsp *s, const pl_lsp_doc *d, const pl_diag ***out, size_t *n)
{
	*out = gather(s, d->uri, n);
}

/* textDocument/publishDiagnostics for uri. */
static void publish_uri(pl_lsp *s, const char *uri)
{
	size_t n;
	const pl_diag **v = gather(s, uri, &n);
	const pl_lsp_doc *target = pl_lsp__doc_find(&s->docs, uri);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const pl_lsp_text *t = target ? &target->text : NULL;
		json_array_append_new(arr, pl_lsp__diag_json(s, t, v[i]));
	}
	free(v);
	json_t *params = json_pack("{s:s,s:o}", "uri", uri, "diagnostics", arr);
	if (target)
		json_object_set_new(params, "version", json_integer(target->version));
	pl_lsp__notify(s, "textDocument/publishDiagnostics", params);
}

/* Publish every URI in targets and in the document's last targets; remember targets. */
static void publish(pl_lsp *s, pl_lsp_doc *d, pl_lsp_paths *targets)
{
	for (size_t i = 0; i < d->targets.n; i++)
		pl_lsp__paths_add(targets, d->targets.v[i]);
	for (size_t i = 0; i < targets->n; i++)
		publish_uri(s, targets->v[i]);
	pl_lsp__paths_clear(&d->targets);
	pl_lsp_paths tmp = d->targets;
	d->targets = *targets;
	*targets = tmp;
}

/* ---- linting ---------------------------------------------------------------- */

/* A reference Compose fetches (a URL, a git remote), not a folder here. */
static bool remote(const char *s)
{
	return strstr(s, "://") || pl_str_starts(s, "git@") || pl_str_starts(s, "github.com/");
}

/* The Dockerfiles c's services build, added to deps. */
static void add_builds(const pl_compose *c, pl_lsp_paths *deps)
{
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_build *b = &c->services[i].build;
		if (!b->at.node || b->dockerfile_inline.str)
			continue;
		const char *ctx = b->context.str ? b->context.str : ".";
		const char *df = b->dockerfile.str ? b->dockerfile.str : "Dockerfile";
		if (remote(ctx))
			continue;
		const pl_compose_file *cf = b->at.src ? pl_compose_file_of(c, b->at.src) : NULL;
		const char *base = cf && cf->dir && *cf->dir ? cf->dir : ".";
		size_t n = strlen(base) + strlen(ctx) + strlen(df) + 3;
		char *p = pl_xmalloc(n);
		if (df[0] == '/')
			snprintf(p, n, "%s", df);
		else if (ctx[0] == '/')
			snprintf(p, n, "%s/%s", ctx, df);
		else
			snprintf(p, n, "%s/%s/%s", base, ctx, df);
		char *norm = pl_lsp__path_norm(p);
		pl_lsp__paths_add(deps, norm);
		free(norm);
		free(p);
	}
}

void pl_lsp__lint(pl_lsp *s, pl_lsp_doc *d)
{
	double t0 = pl_lsp__now_ms(), c0 = pl_lsp__cpu_ms();
	d->dirty = false;
	pl_lsp_paths targets = {0};
	pl_lsp__paths_add(&targets, d->uri);
	if (d->lint) {
		pl_file_free(d->lint);
		free(d->lint);
		d->lint = NULL;
	}
	pl_lsp__paths_clear(&d->deps);
	if (d->kind == PL_FILE_DOCKERFILE || d->kind == PL_FILE_COMPOSE) {
		const char *err = NULL;
		pl_config *cfg = pl_lsp__config_for(&s->confs, &s->docs, d->path, &err);
		if (err)
			pl_lsp__show(s, 2, "plimsoll: %s", err);
		pl_file *f = pl_xmalloc(sizeof(*f));
		pl_file_init(f, d->path ? d->path : d->uri, d->text.s, d->text.len, d->kind);
		if (d->path)
			pl_file_set_path(f, d->path);
		pl_lsp_reader r = {&s->docs, &d->deps};
		f->read = pl_lsp__read;
		f->read_ud = &r;
		/*
		** A compose file is linted as a project: the Dockerfiles it builds
		** are read through the overlay too (an unsaved buffer counts), so
		** PL2002, PL2012 and PL3xxx see them.  Only what lands in the
		** compose file is published from here; each Dockerfile's own
		** findings come from its own lint when it is open.
		*/
		pl_project_opts po;
		memset(&po, 0, sizeof(po));
		po.read = pl_lsp__read;
		po.ud = &r;
		if (d->kind == PL_FILE_COMPOSE && d->path)
			f->project_opts = &po;
		bool sc = s->sc && s->confs.settings.shellcheck && d->kind == PL_FILE_DOCKERFILE;
		cfg->shellcheck = sc && d->sc_wanted ? s->sc : NULL;
		/* Without ShellCheck now: with it once the typing pauses (server.c). */
		d->sc_stale = sc && !d->sc_wanted;
		d->sc_due_ms = t0 + PL_LSP_SC_DELAY_MS;
		pl_lint_file(f, cfg);
		cfg->shellcheck = NULL;
		f->read = NULL;
		f->read_ud = NULL;
		f->project_opts = NULL;
		if (f->compose)
			add_builds(f->compose, &d->deps);
		d->lint = f;
		for (size_t i = 0; i < f->diags.n; i++) {
			if (f->diags.v[i]->src != &f->src) {
				char *u = src_uri(s, d, f->diags.v[i]->src);
				pl_lsp__paths_add(&targets, u);
				free(u);
			}
		}
	}
	if (d->kind != PL_FILE_DOCKERFILE)
		d->sc_stale = false;
	d->sc_wanted = false;
	d->lint_version = d->version;
	publish(s, d, &targets);
	pl_lsp__paths_clear(&targets);
	free(targets.v);
	s->lints++;
	s->last_lint_ms = pl_lsp__now_ms() - t0;
	s->last_lint_cpu_ms = pl_lsp__cpu_ms() - c0;
	if (s->last_lint_ms > s->max_lint_ms)
		s->max_lint_ms = s->last_lint_ms;
}

void pl_lsp__lint_fresh(pl_lsp *s, pl_lsp_doc *d)
{
	if (d->dirty || !d->lint || d->lint_version != d->version)
		pl_lsp__lint(s, d);
}

/* x and d depend on each other: one reads the other, or a compose file builds the other. */
static bool related(const pl_lsp_doc *x, const pl_lsp_doc *d)
{
	return (d->path && pl_lsp__paths_has(&x->deps, d->path)) ||
	       (x->path && pl_lsp__paths_has(&d->deps, x->path));
}

void pl_lsp__touch_related(pl_lsp *s, const pl_lsp_doc *d, double delay_ms)
{
	double due = pl_lsp__now_ms() + delay_ms;
	for (size_t i = 0; i < s->docs.n; i++) {
		pl_lsp_doc *x = s->docs.v[i];
		if (x == d || !related(x, d))
			continue;
		if (!x->dirty || x->due_ms > due)
			x->due_ms = due;
		x->dirty = true;
	}
}

void pl_lsp__withdraw(pl_lsp *s, pl_lsp_doc *d)
{
	pl_lsp_paths targets = d->targets;
	memset(&d->targets, 0, sizeof(d->targets));
	if (d->lint) {
		pl_file_free(d->lint);
		free(d->lint);
		d->lint = NULL;
	}
	pl_lsp__paths_add(&targets, d->uri);
	/* Gone from the documents first, so gather() no longer sees it. */
	pl_lsp__doc_close(&s->docs, d);
	for (size_t i = 0; i < targets.n; i++)
		publish_uri(s, targets.v[i]);
	pl_lsp__paths_clear(&targets);
	free(targets.v);
}
