/*
** Grading one project against a rubric: each item's check and rules
** decide whether it passed, its findings say why not, and its points
** follow (all or nothing, or per occurrence down to a floor).  Sections
** with a weight are scaled to it.  The result keeps only strings, so
** the linted files can be freed at once.
*/
#include <string.h>

#include "grade.h"
#include "plimsoll/rule.h"

void pl_grade__fmt_points(char *buf, size_t size, long c)
{
	if (c % 100 == 0)
		snprintf(buf, size, "%ld", c / 100);
	else if (c % 10 == 0)
		snprintf(buf, size, "%ld.%ld", c / 100, (c % 100) / 10);
	else
		snprintf(buf, size, "%ld.%02ld", c / 100, c % 100);
}

/* ---- rule docs: the Why and Fix sections ------------------------------ */

/* The body of the section "## title" of a Markdown doc (fenced code skipped when looking), or NULL. */
static const char *doc_section(pl_arena *a, const char *doc, const char *title)
{
	bool fence = false;
	const char *start = NULL;
	size_t tl = strlen(title);
	for (const char *ln = doc; ln && *ln;) {
		const char *nl = strchr(ln, '\n');
		size_t len = nl ? (size_t)(nl - ln) : strlen(ln);
		if (len >= 3 && memcmp(ln, "```", 3) == 0)
			fence = !fence;
		else if (!fence && len >= 3 && memcmp(ln, "## ", 3) == 0) {
			if (start)
				return pl_arena_strndup(a, start, (size_t)(ln - start));
			if (len == 3 + tl && memcmp(ln + 3, title, tl) == 0)
				start = nl ? nl + 1 : ln + len;
		}
		ln = nl ? nl + 1 : NULL;
	}
	return start ? pl_arena_strdup(a, start) : NULL;
}

/* s without blank lines at either end. */
static const char *trim(pl_arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == '\n' || *s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	return n ? pl_arena_strndup(a, s, n) : NULL;
}

static bool rule_doc(pl_arena *a, const char *code, const char **why, const char **fix)
{
	const pl_rule *r = pl_rule_find(code);
	const char *doc = r ? pl_rule_doc(r->id) : NULL;
	if (!doc)
		return false;
	*why = trim(a, doc_section(a, doc, "Why"));
	*fix = trim(a, doc_section(a, doc, "Fix"));
	return *why || *fix;
}

/* The first predicate in c (depth first) with words of its own. */
static const pl_grade_pred *first_pred(const pl_grade_check *c)
{
	if (!c)
		return NULL;
	if (c->kind == PL_GC_PRED)
		return c->pred->why ? c->pred : NULL;
	for (size_t i = 0; i < c->nkids; i++) {
		const pl_grade_pred *p = first_pred(&c->kids[i]);
		if (p)
			return p;
	}
	return NULL;
}

/* The first rule a predicate in c reads. */
static const char *first_pred_rule(const pl_grade_check *c)
{
	if (!c)
		return NULL;
	if (c->kind == PL_GC_PRED)
		return c->pred->rules ? c->pred->rules[0] : NULL;
	for (size_t i = 0; i < c->nkids; i++) {
		const char *r = first_pred_rule(&c->kids[i]);
		if (r)
			return r;
	}
	return NULL;
}

static void explain(pl_grade_result *res, pl_arena *a, const pl_grade_ev *ev)
{
	const pl_grade_item *it = res->item;
	res->why = it->why;
	res->fix = it->fix;
	if (res->why || res->fix)
		return;
	for (size_t i = 0; i < it->nrules; i++)
		if (rule_doc(a, it->rules[i]->id, &res->why, &res->fix)) {
			res->why_from = it->rules[i]->id;
			return;
		}
	const pl_grade_pred *p = first_pred(it->check);
	if (p) {
		res->why = p->why;
		res->fix = p->fix;
		return;
	}
	const char *code = ev->nseen ? ev->seen[0] : first_pred_rule(it->check);
	if (code && rule_doc(a, code, &res->why, &res->fix))
		res->why_from = pl_arena_strdup(a, code);
}

/* ---- evaluation ------------------------------------------------------- */

static bool eval_check(pl_grade_ev *ev, const pl_grade_check *c)
{
	switch (c->kind) {
	case PL_GC_PRED:
		return pl_grade__pred_eval(ev, c->pred, &c->args);
	case PL_GC_ALL: {
		bool ok = true;
		for (size_t i = 0; i < c->nkids; i++)
			ok &= eval_check(ev, &c->kids[i]);
		return ok;
	}
	case PL_GC_ANY: {
		size_t mark = ev->out->n;
		for (size_t i = 0; i < c->nkids; i++) {
			if (eval_check(ev, &c->kids[i])) {
				ev->out->n = mark; /* one alternative holds: the others' findings do not count */
				return true;
			}
		}
		return false;
	}
	}
	return false;
}

/* The rule checks Dockerfiles (else the compose file). */
static bool rule_on_dockerfiles(const pl_rule *r)
{
	if (r->target == PL_TARGET_DOCKERFILE)
		return true;
	return r->target == PL_TARGET_ANY && strcmp(r->id, "PL0001") == 0;
}

/* The rule r does not fire in the project, and the files it checks are there to check. */
static bool eval_rule(pl_grade_ev *ev, const pl_rule *r)
{
	pl_grade_project *p = ev->p;
	size_t before = ev->out->n;
	if (rule_on_dockerfiles(r)) {
		size_t usable = 0;
		for (size_t i = 0; i < p->ndfs; i++) {
			const pl_grade_df *d = &p->dfs[i];
			if (d->state != PL_GF_OK) {
				pl_grade__find(ev, NULL, pl_span_make(0, 0), NULL, NULL, "%s", d->why);
				ev->blocked = true;
				continue;
			}
			usable++;
			for (size_t k = 0; k < d->file->diags.n; k++)
				if (d->file->diags.v[k]->rule == r)
					pl_grade__find_diag(ev, d->file->diags.v[k]);
		}
		if (!p->ndfs) {
			pl_grade__find(ev, NULL, pl_span_make(0, 0), NULL, NULL, "there is no Dockerfile to check");
			ev->blocked = true;
		}
		return usable && ev->out->n == before;
	}
	bool syntax_rule = strcmp(r->id, "PL0002") == 0;
	if (p->compose_state == PL_GF_OK || (p->compose_state == PL_GF_BROKEN && syntax_rule)) {
		for (size_t k = 0; k < p->compose->diags.n; k++)
			if (p->compose->diags.v[k]->rule == r)
				pl_grade__find_diag(ev, p->compose->diags.v[k]);
		return ev->out->n == before;
	}
	ev->blocked = true;
	if (p->compose_state == PL_GF_BROKEN && p->compose_syntax)
		pl_grade__find_diag(ev, p->compose_syntax); /* the same words as PL0002's, said once */
	else if (p->compose_state == PL_GF_MISSING)
		pl_grade__find(ev, NULL, pl_span_make(0, 0), NULL, NULL, "there is no compose file (compose.yaml) to check");
	else
		pl_grade__find(ev, NULL, pl_span_make(0, 0), NULL, NULL, "%s",
		               p->compose_why ? p->compose_why : "the compose file could not be read");
	return false;
}

void pl_grade__score(pl_grade_sub *s, const pl_grade_rubric *r, pl_grade_project *p)
{
	const pl_grade_rubric_data *d = r->data;
	pl_arena *a = &s->arena;
	s->results = pl_arena_alloc(a, (d->nitems + 1) * sizeof(*s->results));
	s->nresults = d->nitems;
	s->section_score = pl_arena_alloc(a, (d->nsections + 1) * sizeof(*s->section_score));
	s->max = d->max;
	for (size_t i = 0; i < d->nitems; i++) {
		const pl_grade_item *it = &d->items[i];
		pl_grade_result *res = &s->results[i];
		pl_grade_finds finds = {0};
		pl_grade_ev ev = {p, a, &finds, NULL, 0, false};
		bool ok = true;
		if (it->check)
			ok = eval_check(&ev, it->check);
		for (size_t k = 0; k < it->nrules; k++)
			ok &= eval_rule(&ev, it->rules[k]);
		/* The same finding twice (three rules on a missing file) is said once. */
		size_t kept = 0;
		for (size_t k = 0; k < finds.n; k++) {
			const pl_grade_find *f = &finds.v[k];
			bool dup = false;
			for (size_t j = 0; j < kept && !dup && finds.n < 256; j++) {
				const pl_grade_find *g = &finds.v[j];
				dup = f->line == g->line && f->col == g->col && strcmp(f->message, g->message) == 0 &&
				      (f->file == g->file || (f->file && g->file && strcmp(f->file, g->file) == 0)) &&
				      (f->code == g->code || (f->code && g->code && strcmp(f->code, g->code) == 0));
			}
			if (!dup)
				finds.v[kept++] = *f;
		}
		finds.n = kept;
		/*
		** One problem, one finding: a rule the item names and its check may
		** see the same problem; where a rule's finding is on the line of a
		** check's own, the rule's stays (its doc explains the item), so
		** per-occurrence items count the problem once.
		*/
		if (it->nrules && it->check) {
			kept = 0;
			for (size_t k = 0; k < finds.n; k++) {
				const pl_grade_find *f = &finds.v[k];
				bool covered = false;
				for (size_t j = 0; j < finds.n && !f->code && f->line && !covered && finds.n < 256; j++) {
					const pl_grade_find *g = &finds.v[j];
					covered = g->code && g->line == f->line && g->file && f->file && strcmp(g->file, f->file) == 0;
				}
				if (!covered)
					finds.v[kept++] = *f;
			}
			finds.n = kept;
		}
		res->item = it;
		res->passed = ok;
		res->finds = finds.v;
		res->nfinds = finds.n;
		if (ok) {
			res->earned = it->points;
		} else if (it->per_occurrence && !ev.blocked) {
			long n = (long)(finds.n ? finds.n : 1);
			long left = it->points - n * it->per;
			res->earned = left > it->floor ? left : it->floor;
		} else {
			res->earned = 0;
		}
		if (!ok)
			explain(res, a, &ev);
		s->section_score[it->section] += res->earned;
	}
	s->score = 0;
	for (size_t i = 0; i < d->nsections; i++) {
		const pl_grade_section *sec = &d->sections[i];
		if (sec->weight >= 0 && sec->points > 0)
			s->section_score[i] = (long)(((long long)s->section_score[i] * sec->weight + sec->points / 2) /
			                             sec->points);
		s->score += s->section_score[i];
	}
	s->notes = pl_arena_alloc(a, (p->nnotes + 1) * sizeof(*s->notes));
	for (size_t i = 0; i < p->nnotes; i++)
		s->notes[s->nnotes++] = pl_arena_strdup(a, p->notes[i]);
}

void pl_grade__sub_free(pl_grade_sub *s)
{
	pl_arena_free(&s->arena);
}
