/*
** Compacting a linted file (see compact.h): copy out what renderers read
** (diagnostics with their messages, notes and fixes, and the sources
** they point into), free the rest in one go.
*/
#include "compact.h"

#include <stdlib.h>
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"

/* Sources already copied: old pointer -> new.  A file's findings point into a few. */
typedef struct src_map {
	const pl_source **from;
	pl_source **to;
	size_t n, cap;
} src_map;

static pl_source *map_source(src_map *m, pl_arena *a, pl_file *f, const pl_source *s)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->from[i] == s)
			return m->to[i];
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 4;
		m->from = pl_xrealloc(m->from, m->cap * sizeof(*m->from));
		m->to = pl_xrealloc(m->to, m->cap * sizeof(*m->to));
	}
	/* The file's own source stays where it is (in f): only its contents move. */
	pl_source *t = s == &f->src ? &f->src : pl_arena_alloc(a, sizeof(*t));
	pl_source copy;
	pl_source_copy(&copy, a, s, true);
	*t = copy;
	m->from[m->n] = s;
	m->to[m->n++] = t;
	return t;
}

static char *dup(pl_arena *a, const char *s)
{
	return s ? pl_arena_strdup(a, s) : NULL;
}

static pl_fix *copy_fix(pl_arena *a, const pl_fix *f)
{
	pl_fix *g = pl_arena_alloc(a, sizeof(*g));
	*g = *f;
	g->title = dup(a, f->title);
	g->edits = pl_arena_alloc(a, f->nedits * sizeof(*g->edits));
	g->cap = f->nedits;
	for (size_t i = 0; i < f->nedits; i++) {
		g->edits[i].span = f->edits[i].span;
		g->edits[i].text = dup(a, f->edits[i].text);
	}
	return g;
}

void pl_file__compact(pl_file *f)
{
	pl_arena a;
	pl_arena_init(&a);
	src_map m = {0};
	/* Map the file's own source first: it is read while the others are copied. */
	bool own = false;
	for (size_t i = 0; i < f->diags.n && !own; i++) {
		const pl_diag *d = f->diags.v[i];
		own = d->src == &f->src;
		for (size_t k = 0; k < d->nnotes && !own; k++)
			own = d->notes[k].src == &f->src;
	}
	if (own)
		map_source(&m, &a, f, &f->src);
	for (size_t i = 0; i < f->diags.n; i++) {
		const pl_diag *d = f->diags.v[i];
		pl_diag *e = pl_arena_alloc(&a, sizeof(*e));
		*e = *d;
		if (!d->rule || d->code != d->rule->id)
			e->code = dup(&a, d->code); /* SC2086: made for the finding */
		e->src = map_source(&m, &a, f, d->src);
		e->message = dup(&a, d->message);
		if (d->nnotes) {
			e->notes = pl_arena_alloc(&a, d->nnotes * sizeof(*e->notes));
			for (size_t k = 0; k < d->nnotes; k++) {
				e->notes[k].src = map_source(&m, &a, f, d->notes[k].src);
				e->notes[k].span = d->notes[k].span;
				e->notes[k].text = dup(&a, d->notes[k].text);
			}
		}
		if (d->fix)
			e->fix = copy_fix(&a, d->fix);
		f->diags.v[i] = e;
	}
	if (!own) {
		pl_source empty;
		pl_source_copy(&empty, &a, &f->src, false);
		f->src = empty;
	}
	f->path = dup(&a, f->path);
	f->context_dir = dup(&a, f->context_dir);
	f->df = NULL;
	f->compose = NULL;
	f->compose_opts = NULL;
	/* A compose file's project lives in the arena about to go; its findings were copied above. */
	if (f->project)
		pl_project__free(f->project);
	f->project = NULL;
	f->project_opts = NULL;
	f->built_by = NULL;
	free(m.from);
	free(m.to);
	pl_arena_free(&f->arena);
	f->arena = a;
}
