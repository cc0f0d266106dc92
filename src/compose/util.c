/*
** Small pieces the compose front end shares: arena hash maps, problem
** records, the node -> file table, message quoting.
*/
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Hash maps.                                                           */

size_t pl_compose__hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (size_t)h;
}

static size_t hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (size_t)h;
}

static size_t ptr_slot(const pl_compose__ptrmap *m, const void *k)
{
	size_t i = hash_ptr(k) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void pl_compose__ptrmap_put(pl_arena *a, pl_compose__ptrmap *m, const void *k, void *v)
{
	PL_ASSERT(k); /* NULL marks a free slot */
	if ((m->n + 1) * 2 > m->cap) {
		pl_compose__ptrmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = pl_arena_alloc(a, m->cap * sizeof(*m->keys));
		m->vals = pl_arena_alloc(a, m->cap * sizeof(*m->vals));
		for (size_t i = 0; i < old.cap; i++) {
			if (old.keys[i]) {
				size_t s = ptr_slot(m, old.keys[i]);
				m->keys[s] = old.keys[i];
				m->vals[s] = old.vals[i];
			}
		}
	}
	size_t s = ptr_slot(m, k);
	if (!m->keys[s])
		m->n++;
	m->keys[s] = k;
	m->vals[s] = v;
}

void *pl_compose__ptrmap_get(const pl_compose__ptrmap *m, const void *k)
{
	if (!m->cap || !k)
		return NULL;
	size_t s = ptr_slot(m, k);
	return m->keys[s] ? m->vals[s] : NULL;
}

static size_t str_slot(const pl_compose__strmap *m, const char *k, size_t len)
{
	size_t i = pl_compose__hash(k, len) & (m->cap - 1);
	while (m->keys[i] && !(m->lens[i] == len && memcmp(m->keys[i], k, len) == 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void str_grow(pl_arena *a, pl_compose__strmap *m)
{
	if ((m->n + 1) * 2 <= m->cap)
		return;
	pl_compose__strmap old = *m;
	m->cap = old.cap ? old.cap * 2 : 16;
	m->keys = pl_arena_alloc(a, m->cap * sizeof(*m->keys));
	m->lens = pl_arena_alloc(a, m->cap * sizeof(*m->lens));
	m->vals = pl_arena_alloc(a, m->cap * sizeof(*m->vals));
	for (size_t i = 0; i < old.cap; i++) {
		if (old.keys[i]) {
			size_t s = str_slot(m, old.keys[i], old.lens[i]);
			m->keys[s] = old.keys[i];
			m->lens[s] = old.lens[i];
			m->vals[s] = old.vals[i];
		}
	}
}

void *pl_compose__strmap_add(pl_arena *a, pl_compose__strmap *m, const char *k, size_t len, void *v)
{
	str_grow(a, m);
	size_t s = str_slot(m, k, len);
	if (m->keys[s])
		return m->vals[s];
	m->keys[s] = k;
	m->lens[s] = len;
	m->vals[s] = v;
	m->n++;
	return v;
}

void pl_compose__strmap_put(pl_arena *a, pl_compose__strmap *m, const char *k, size_t len, void *v)
{
	str_grow(a, m);
	size_t s = str_slot(m, k, len);
	if (!m->keys[s]) {
		m->keys[s] = k;
		m->lens[s] = len;
		m->n++;
	}
	m->vals[s] = v;
}

void *pl_compose__strmap_get(const pl_compose__strmap *m, const char *k, size_t len, bool *found)
{
	if (found)
		*found = false;
	if (!m->cap || !k)
		return NULL;
	size_t s = str_slot(m, k, len);
	if (!m->keys[s])
		return NULL;
	if (found)
		*found = true;
	return m->vals[s];
}

/* ------------------------------------------------------------------ */
/* Problems.                                                            */

pl_compose_problem *pl_compose__problem(pl_compose__L *L, pl_compose_problem_kind kind,
                                        const pl_source *src, pl_span span, const char *fmt, ...)
{
	pl_compose_problem *p = PL_VEC_PUSH(L->a, &L->problems);
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->src = src;
	p->span = span;
	va_list ap;
	va_start(ap, fmt);
	p->message = pl_arena_vprintf(L->a, fmt, ap);
	va_end(ap);
	return p;
}

void pl_compose__note(pl_compose__L *L, pl_compose_problem *p, const pl_source *src,
                      pl_span span, const char *fmt, ...)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(p->notes); i++) {
		if (p->notes[i].text)
			continue;
		p->notes[i].src = src;
		p->notes[i].span = span;
		va_list ap;
		va_start(ap, fmt);
		p->notes[i].text = pl_arena_vprintf(L->a, fmt, ap);
		va_end(ap);
		return;
	}
}

const char *pl_compose__quote(pl_arena *a, const char *s, size_t n)
{
	enum { MAX = 60 };
	size_t k = n;
	if (k > MAX) {
		k = MAX;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--; /* cut on a character boundary */
	}
	char *d = pl_arena_alloc(a, k + 4);
	for (size_t i = 0; i < k; i++)
		d[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	if (k < n)
		memcpy(d + k, "...", 4);
	return d;
}

bool pl_compose__tagged(const pl_yaml_node *n, const char *t)
{
	return n && n->tag && !pl_yaml_is_alias(n) && strcmp(n->tag, t) == 0;
}

/* ------------------------------------------------------------------ */
/* Which file a node comes from.                                        */

pl_compose_file *pl_compose__file_of(const pl_compose__L *L, const pl_yaml_node *n)
{
	pl_compose_file *f = pl_compose__ptrmap_get(&L->origin, n);
	return f ? f : L->files.v[0];
}

/*
** Every node below n, visited once: aliases are recorded but not entered
** (their children are the anchored node's, recorded where it is written),
** merged pairs are skipped for the same reason.  An explicit stack, since
** a tree may be 1000 levels deep.
*/
void pl_compose__own(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *n)
{
	if (!n)
		return;
	PL_VEC(const pl_yaml_node *) stack = {0};
	*PL_VEC_PUSH(L->a, &stack) = n;
	while (stack.n) {
		const pl_yaml_node *x = stack.v[--stack.n];
		pl_compose__ptrmap_put(L->a, &L->origin, x, f);
		if (pl_yaml_is_alias(x))
			continue;
		if (x->kind == PL_YAML_SEQUENCE) {
			for (size_t i = 0; i < x->as.seq.n; i++)
				*PL_VEC_PUSH(L->a, &stack) = x->as.seq.items[i];
		} else if (x->kind == PL_YAML_MAPPING) {
			const pl_yaml_mapinfo *info = x->as.map.info;
			for (size_t i = 0; i < info->nwritten; i++) {
				*PL_VEC_PUSH(L->a, &stack) = x->as.map.pairs[i].key;
				*PL_VEC_PUSH(L->a, &stack) = x->as.map.pairs[i].value;
			}
			for (size_t i = 0; i < info->nmerges; i++) {
				*PL_VEC_PUSH(L->a, &stack) = info->merges[i].key;
				*PL_VEC_PUSH(L->a, &stack) = info->merges[i].value;
			}
		}
	}
}
