/*
** PL2009 depends-on-cycle: services that depend on each other in a
** circle, so Compose cannot tell which to start first and refuses the
** project.  The edges are Compose's: depends_on, and what it turns into
** dependencies (links, volumes_from service, network_mode/pid/ipc
** service:x).  Strongly connected components by Tarjan's algorithm
** (iterative: no recursion on a long chain), then one cycle spelled out
** per component: linear in services and edges.  Docs: rules/PL2009.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

enum { MAX_NAMES = 12, MAX_NOTES = 8 };

/* A dependency of one service on another. */
typedef struct edge {
	size_t to;                 /* index of the service depended on */
	const pl_compose_loc *at;  /* where it is written */
	bool value;                /* report at the value (links "db:x"), not the key */
} edge;

typedef struct graph {
	const pl_compose *c;
	edge **out;    /* per service: its edges */
	size_t *nout;  /* per service: how many */
} graph;

/* "name[:x]" or "service:name": the service index, or SIZE_MAX. */
static size_t target(const pl_compose *c, pl_arena *a, const char *s, size_t n)
{
	const pl_compose_service *t = pl_compose_service_find(c, pl_arena_strndup(a, s, n));
	return t ? t->index : SIZE_MAX;
}

static bool certain(const pl_compose_val *v)
{
	return v->str && !(v->interp && v->interp->uncertain);
}

/* Add the edges of service i (count only, when g->out[i] is NULL). */
static size_t edges_of(graph *g, pl_arena *a, size_t i)
{
	const pl_compose_service *s = &g->c->services[i];
	size_t n = 0;
#define ADD(TO, AT, VALUE)                                                     \
	do {                                                                   \
		size_t to_ = (TO);                                             \
		if (to_ != SIZE_MAX) {                                         \
			if (g->out[i])                                         \
				g->out[i][n] = (edge){to_, (AT), (VALUE)};     \
			n++;                                                   \
		}                                                              \
	} while (0)
	for (size_t k = 0; k < s->depends_on.n; k++) {
		const pl_compose_dep *d = &s->depends_on.v[k];
		ADD(d->target ? d->target->index : SIZE_MAX, &d->at, false);
	}
	for (size_t k = 0; k < s->links.n; k++) {
		const pl_compose_val *v = &s->links.v[k];
		if (certain(v))
			ADD(target(g->c, a, v->str, strcspn(v->str, ":")), &v->at, true);
	}
	for (size_t k = 0; k < s->volumes_from.n; k++) {
		const pl_compose_val *v = &s->volumes_from.v[k];
		if (certain(v) && strncmp(v->str, "container:", 10) != 0)
			ADD(target(g->c, a, v->str, strcspn(v->str, ":")), &v->at, true);
	}
	const pl_compose_val *modes[] = {&s->network_mode, &s->pid, &s->ipc};
	for (size_t k = 0; k < PL_ARRAY_LEN(modes); k++) {
		const pl_compose_val *v = modes[k];
		if (certain(v) && strncmp(v->str, "service:", 8) == 0)
			ADD(target(g->c, a, v->str + 8, strlen(v->str + 8)), &v->at, true);
	}
#undef ADD
	return n;
}

/* The span of an edge's place, for notes. */
static pl_span edge_span(const edge *e)
{
	return e->value ? pl_compose_value_span(e->at) : pl_compose_span(e->at);
}

/*
** Report the component whose members have comp[] == id: find a cycle
** through its first service s0 by a depth-first walk that stays inside
** the component (one exists: the component is strongly connected).
*/
static void report_component(pl_ctx *ctx, const graph *g, const size_t *comp, size_t id, size_t s0,
                             size_t *stack_v, size_t *stack_e, bool *seen)
{
	pl_arena *a = pl_ctx_arena(ctx);
	size_t top = 0;
	stack_v[top] = s0;
	stack_e[top] = 0;
	seen[s0] = true;
	bool found = false;
	while (!found) {
		size_t v = stack_v[top];
		if (stack_e[top] >= g->nout[v]) {
			if (top == 0)
				return; /* cannot happen in a component with a cycle */
			top--;
			continue;
		}
		const edge *e = &g->out[v][stack_e[top]++];
		if (comp[e->to] != id)
			continue;
		if (e->to == s0) {
			found = true;
		} else if (!seen[e->to]) {
			seen[e->to] = true;
			top++;
			stack_v[top] = e->to;
			stack_e[top] = 0;
		}
	}
	/* The cycle: stack_v[0..top], each left by edge stack_e[k]-1, back to s0. */
	const pl_compose *c = g->c;
	char *names = pl_arena_strdup(a, c->services[s0].name);
	for (size_t k = 1; k <= top + 1; k++) {
		if (k > MAX_NAMES && k <= top) {
			names = pl_arena_printf(a, "%s \xe2\x86\x92 \xe2\x80\xa6", names); /* → … */
			k = top;
			continue;
		}
		size_t v = k <= top ? stack_v[k] : s0;
		names = pl_arena_printf(a, "%s \xe2\x86\x92 %s", names, c->services[v].name);
	}
	const edge *first = &g->out[s0][stack_e[0] - 1];
	if (top == 0) {
		pl_report_compose(ctx, first->at, first->value,
		                  "service '%s' depends on itself: Compose cannot start it", c->services[s0].name);
		return;
	}
	pl_diag *d = pl_report_compose(ctx, first->at, first->value,
	                               "dependency cycle '%s': Compose cannot tell which service to start first",
	                               names);
	for (size_t k = 1; k <= top && k <= MAX_NOTES; k++) {
		const edge *e = &g->out[stack_v[k]][stack_e[k] - 1];
		pl_note_add(ctx, d, e->at->src, edge_span(e), "'%s' depends on '%s' here",
		            c->services[stack_v[k]].name, c->services[e->to].name);
	}
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	size_t n = c->nservices;
	if (!n)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	graph g = {c, pl_arena_alloc(a, n * sizeof(edge *)), pl_arena_alloc(a, n * sizeof(size_t))};
	for (size_t i = 0; i < n; i++) {
		size_t k = edges_of(&g, a, i);
		g.out[i] = pl_arena_alloc(a, (k + 1) * sizeof(edge));
		g.nout[i] = edges_of(&g, a, i);
	}

	/* Tarjan, iteratively: frames of (service, next edge). */
	const size_t NONE = SIZE_MAX;
	size_t *index = pl_arena_alloc(a, n * sizeof(size_t));
	size_t *low = pl_arena_alloc(a, n * sizeof(size_t));
	size_t *comp = pl_arena_alloc(a, n * sizeof(size_t)); /* component id once assigned, else NONE */
	bool *on_stack = pl_arena_alloc(a, n * sizeof(bool));
	size_t *stack = pl_arena_alloc(a, n * sizeof(size_t));   /* Tarjan's stack */
	size_t *frame_v = pl_arena_alloc(a, n * sizeof(size_t)); /* the walk */
	size_t *frame_e = pl_arena_alloc(a, n * sizeof(size_t));
	bool *seen = pl_arena_alloc(a, n * sizeof(bool));        /* for report_component: */
	size_t *path_v = pl_arena_alloc(a, n * sizeof(size_t));  /* its walk */
	size_t *path_e = pl_arena_alloc(a, n * sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		index[i] = comp[i] = NONE;
	size_t next = 0, sp = 0, ncomp = 0;
	for (size_t root = 0; root < n; root++) {
		if (index[root] != NONE)
			continue;
		size_t fp = 0;
		frame_v[0] = root;
		frame_e[0] = 0;
		index[root] = low[root] = next++;
		stack[sp++] = root;
		on_stack[root] = true;
		for (;;) {
			size_t v = frame_v[fp];
			if (frame_e[fp] < g.nout[v]) {
				size_t w = g.out[v][frame_e[fp]++].to;
				if (index[w] == NONE) {
					index[w] = low[w] = next++;
					stack[sp++] = w;
					on_stack[w] = true;
					fp++;
					frame_v[fp] = w;
					frame_e[fp] = 0;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				/* v roots a component: pop it, and find its first service. */
				size_t id = ncomp++, size = 0, first = v;
				bool self = false;
				size_t w;
				do {
					w = stack[--sp];
					on_stack[w] = false;
					comp[w] = id;
					size++;
					if (w < first)
						first = w;
				} while (w != v);
				for (size_t k = 0; k < g.nout[v] && size == 1; k++)
					self = self || g.out[v][k].to == v;
				if (size > 1 || self)
					report_component(ctx, &g, comp, id, first, path_v, path_e, seen);
			}
			if (fp == 0)
				break;
			fp--;
			size_t p = frame_v[fp];
			if (low[v] < low[p])
				low[p] = low[v];
		}
	}
}

const pl_rule pl_rule_PL2009 = {
	.id = "PL2009",
	.name = "depends-on-cycle",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Services must not depend on each other in a cycle",
	.on_compose = on_compose,
};
