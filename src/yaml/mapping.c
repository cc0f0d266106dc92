/*
** Mappings: the key index behind pl_yaml_get(), duplicate keys, and
** merge keys ('<<') applied as YAML 1.1 and Docker Compose read them
** (yaml.v3 decode.go merge(): written keys win, then earlier sources
** win over later ones).  Also the small walking helpers of yaml.h.
*/
#include "internal.h"

#include <string.h>

static const char MERGE_TAG[] = "tag:yaml.org,2002:merge";

typedef PL_VEC(pl_yaml_node *) node_vec;

/* FNV-1a over s[0..n). */
static size_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return (size_t)h;
}

/* A plain '<<' (or one tagged !!merge): the merge key, not a string. */
static bool is_merge_key(const pl_yaml_node *k)
{
	if (k->kind != PL_YAML_SCALAR || pl_yaml_is_alias(k) || k->as.scalar.len != 2
	    || memcmp(k->as.scalar.value, "<<", 2) != 0)
		return false;
	if (k->tag)
		return strcmp(k->tag, MERGE_TAG) == 0;
	return k->style == PL_YAML_PLAIN;
}

static struct pl_yaml__index *index_new(pl_arena *a, size_t nkeys)
{
	size_t cap = 8;
	while (cap / 2 < nkeys) {
		if (cap > SIZE_MAX / 4)
			pl_die_oom(SIZE_MAX);
		cap *= 2;
	}
	struct pl_yaml__index *ix = pl_arena_alloc(a, sizeof(*ix));
	ix->mask = cap - 1;
	ix->slot = pl_arena_alloc(a, cap * sizeof(size_t));
	return ix;
}

/* The slot of the pair whose scalar key is s[0..len), or the free slot where it belongs. */
static size_t *index_slot(const struct pl_yaml__index *ix, const pl_yaml_pair *pairs,
                          const char *s, size_t len)
{
	size_t h = hash_bytes(s, len) & ix->mask;
	for (;;) {
		size_t v = ix->slot[h];
		if (v == 0)
			return &ix->slot[h];
		const pl_yaml_node *k = pairs[v - 1].key;
		if (k->as.scalar.len == len && memcmp(k->as.scalar.value, s, len) == 0)
			return &ix->slot[h];
		h = (h + 1) & ix->mask;
	}
}

/* An alias whose anchor was missing: already reported, stands for nothing. */
static bool is_broken_alias(const pl_yaml_node *n)
{
	return pl_yaml_is_alias(n) && !n->alias_of;
}

/*
** merge -> '<<' ':' ( mapping | '[' mapping, … ']' )
** Push the mappings a '<<' value names onto out, in order; report anything else.
*/
static void merge_sources(pl_yaml__loader *L, pl_yaml_node *v, node_vec *out)
{
	if (is_broken_alias(v))
		return;
	if (v->kind == PL_YAML_MAPPING) {
		*PL_VEC_PUSH(L->arena, out) = v;
		return;
	}
	if (v->kind != PL_YAML_SEQUENCE) {
		pl_yaml__error(L, PL_YAML_ERR_MERGE, v->span, v->span, NULL,
		               "a merge key '<<' needs a mapping or a list of mappings");
		return;
	}
	for (size_t i = 0; i < v->as.seq.n; i++) {
		pl_yaml_node *item = v->as.seq.items[i];
		if (is_broken_alias(item))
			continue;
		if (item->kind == PL_YAML_MAPPING)
			*PL_VEC_PUSH(L->arena, out) = item;
		else
			pl_yaml__error(L, PL_YAML_ERR_MERGE, item->span, item->span, NULL,
			               "a merge key '<<' list may hold only mappings");
	}
}

static void report_duplicate(pl_yaml__loader *L, const pl_yaml_node *first, const pl_yaml_node *again)
{
	pl_yaml__error(L, PL_YAML_ERR_DUPLICATE_KEY, again->span, first->span, "first defined here",
	               "duplicate key '%s'",
	               pl_yaml__quote(L, again->as.scalar.value, again->as.scalar.len));
}

void pl_yaml__map_finish(pl_yaml__loader *L, pl_yaml_node *map)
{
	pl_yaml_pair *written = map->as.map.pairs;
	size_t n = map->as.map.n;

	/* The '<<' entries move to merges; the others keep their order. */
	size_t nmerges = 0;
	for (size_t i = 0; i < n; i++)
		nmerges += is_merge_key(written[i].key);
	pl_yaml_pair *merges = nmerges ? pl_arena_alloc(L->arena, nmerges * sizeof(*merges)) : NULL;
	size_t w = 0, m = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_merge_key(written[i].key))
			merges[m++] = written[i];
		else
			written[w++] = written[i];
	}
	for (size_t j = 1; j < nmerges; j++)
		report_duplicate(L, merges[0].key, merges[j].key); /* yaml.v3 and compose-go reject it too */

	node_vec sources = {0};
	for (size_t j = 0; j < nmerges; j++)
		merge_sources(L, merges[j].value, &sources);
	/*
	** Every source pair may be merged: room for all of them.  The
	** sources are finished mappings whose size was either written in
	** this file or paid for by their alias in pl_yaml.expanded.
	*/
	size_t room = w;
	for (size_t j = 0; j < sources.n; j++)
		room = pl_yaml__add(room, sources.v[j]->as.map.n);
	if (room > SIZE_MAX / sizeof(pl_yaml_pair))
		pl_die_oom(SIZE_MAX);
	pl_yaml_pair *pairs = written;
	if (room > w) {
		pairs = pl_arena_alloc(L->arena, room * sizeof(*pairs));
		memcpy(pairs, written, w * sizeof(*pairs));
	}

	struct pl_yaml__index *ix = index_new(L->arena, room);
	for (size_t i = 0; i < w; i++) {
		const pl_yaml_node *k = pairs[i].key;
		if (k->kind != PL_YAML_SCALAR)
			continue; /* a complex key: never equal to another, never looked up */
		size_t *slot = index_slot(ix, pairs, k->as.scalar.value, k->as.scalar.len);
		if (*slot)
			report_duplicate(L, pairs[*slot - 1].key, k);
		else
			*slot = i + 1;
	}
	size_t total = w;
	for (size_t j = 0; j < sources.n; j++) {
		pl_yaml_node *s = sources.v[j];
		for (size_t i = 0; i < s->as.map.n; i++) {
			const pl_yaml_pair *sp = &s->as.map.pairs[i];
			if (sp->key->kind == PL_YAML_SCALAR) {
				size_t *slot = index_slot(ix, pairs, sp->key->as.scalar.value,
				                          sp->key->as.scalar.len);
				if (*slot)
					continue; /* written here, or from an earlier source */
				*slot = total + 1;
			}
			PL_ASSERT(total < room); /* room counted every source pair */
			pairs[total].key = sp->key;
			pairs[total].value = sp->value;
			pairs[total].via = s;
			total++;
		}
	}

	pl_yaml_mapinfo *info = pl_arena_alloc(L->arena, sizeof(*info));
	info->nwritten = w;
	info->merges = merges;
	info->nmerges = nmerges;
	info->index = ix;
	map->as.map.pairs = pairs;
	map->as.map.n = total;
	map->as.map.info = info;
	size_t weight = 1;
	for (size_t i = 0; i < total; i++)
		weight = pl_yaml__add(weight, pl_yaml__add(pairs[i].key->weight, pairs[i].value->weight));
	for (size_t j = 0; j < nmerges; j++)
		weight = pl_yaml__add(weight, merges[j].value->weight);
	map->weight = weight;
}

pl_yaml_node *pl_yaml_map_new(pl_arena *a, const pl_yaml_pair *pairs, size_t n, pl_span span)
{
	pl_yaml_node *map = pl_arena_alloc(a, sizeof(*map));
	map->kind = PL_YAML_MAPPING;
	map->style = PL_YAML_BLOCK;
	map->span = span;
	pl_yaml_pair *copy = n ? pl_arena_alloc(a, n * sizeof(*copy)) : NULL;
	if (n)
		memcpy(copy, pairs, n * sizeof(*copy));
	struct pl_yaml__index *ix = index_new(a, n);
	size_t weight = 1;
	for (size_t i = 0; i < n; i++) {
		const pl_yaml_node *k = copy[i].key;
		weight = pl_yaml__add(weight, pl_yaml__add(k->weight, copy[i].value->weight));
		if (k->kind != PL_YAML_SCALAR)
			continue;
		size_t *slot = index_slot(ix, copy, k->as.scalar.value, k->as.scalar.len);
		if (!*slot)
			*slot = i + 1;
	}
	pl_yaml_mapinfo *info = pl_arena_alloc(a, sizeof(*info));
	info->nwritten = n;
	info->index = ix;
	map->as.map.pairs = copy;
	map->as.map.n = n;
	map->as.map.info = info;
	map->weight = weight;
	return map;
}

/* ------------------------------------------------------------------ */
/* Walking.                                                             */

size_t pl_yaml_len(const pl_yaml_node *n)
{
	if (!n)
		return 0;
	if (n->kind == PL_YAML_SEQUENCE)
		return n->as.seq.n;
	if (n->kind == PL_YAML_MAPPING)
		return n->as.map.n;
	return 0;
}

const pl_yaml_node *pl_yaml_item(const pl_yaml_node *seq, size_t i)
{
	if (!seq || seq->kind != PL_YAML_SEQUENCE || i >= seq->as.seq.n)
		return NULL;
	return seq->as.seq.items[i];
}

const pl_yaml_pair *pl_yaml_pair_at(const pl_yaml_node *map, size_t i)
{
	if (!map || map->kind != PL_YAML_MAPPING || i >= map->as.map.n)
		return NULL;
	return &map->as.map.pairs[i];
}

const pl_yaml_pair *pl_yaml_get_pairn(const pl_yaml_node *map, const char *key, size_t len)
{
	if (!map || map->kind != PL_YAML_MAPPING || !key)
		return NULL;
	size_t *slot = index_slot(map->as.map.info->index, map->as.map.pairs, key, len);
	return *slot ? &map->as.map.pairs[*slot - 1] : NULL;
}

const pl_yaml_pair *pl_yaml_get_pair(const pl_yaml_node *map, const char *key)
{
	return key ? pl_yaml_get_pairn(map, key, strlen(key)) : NULL;
}

const pl_yaml_node *pl_yaml_get(const pl_yaml_node *map, const char *key)
{
	const pl_yaml_pair *p = pl_yaml_get_pair(map, key);
	return p ? p->value : NULL;
}

const char *pl_yaml_str(const pl_yaml_node *n)
{
	return n && n->kind == PL_YAML_SCALAR ? n->as.scalar.value : NULL;
}

bool pl_yaml_str_eq(const pl_yaml_node *n, const char *s)
{
	if (!n || n->kind != PL_YAML_SCALAR || !s)
		return false;
	size_t len = strlen(s);
	return n->as.scalar.len == len && memcmp(n->as.scalar.value, s, len) == 0;
}

pl_span pl_yaml_pair_span(const pl_yaml_pair *p)
{
	return p->via ? p->via->span : p->key->span;
}

const pl_yaml_node *pl_yaml_origin(const pl_yaml_node *n)
{
	return n && n->alias_of ? n->alias_of : n;
}

bool pl_yaml_is_alias(const pl_yaml_node *n)
{
	return n && n->props && n->props->alias;
}

const char *pl_yaml_alias_name(const pl_yaml_node *n)
{
	return n && n->props ? n->props->alias : NULL;
}

const char *pl_yaml_anchor(const pl_yaml_node *n)
{
	return n && n->props ? n->props->anchor : NULL;
}

bool pl_yaml_is_flow(const pl_yaml_node *n)
{
	return n && n->style == PL_YAML_FLOW;
}
