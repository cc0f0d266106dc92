/*
** Merging layers (several -f files, several documents, extends, include)
** with Compose's rules (compose-go override/merge.go and uncity.go):
**
**   - a mapping is merged key by key; a later scalar replaces an earlier one;
**     a later null keeps the earlier value;
**   - a sequence is appended to, then made unique by the key of its items
**     (ports by ip:published:target/proto, volumes and devices by target,
**     secrets and configs by mount path, environment, labels and the other
**     "KEY=VALUE" lists by KEY, …): a later item replaces the earlier one
**     in place;
**   - command, entrypoint, healthcheck.test, each ulimit and extends are replaced;
**   - build: a string is { context: it }; depends_on, networks and models:
**     a list is a mapping of its names; logging: merged only when both
**     name the same driver (or either none);
**   - environment, labels and the other list-or-mapping keys: two mappings
**     merge by key, otherwise both become "KEY=VALUE" lists;
**   - a later value tagged !override replaces the earlier one, one tagged
**     !reset removes the key.
**
** Nodes are never changed: a merged collection is a new node, owned by
** the file of the earlier side, made of the original nodes.  Unicity
** applies only where two layers meet: duplicates inside one file stay,
** for the rules to see.
*/
#include "internal.h"

#include <string.h>

typedef PL_VEC(pl_yaml_pair) pairvec;
typedef PL_VEC(pl_yaml_node *) nodevec;

/* path[0..n) matches the dotted pattern, '*' standing for any one key. */
static bool path_is(const char *const *path, size_t n, const char *pattern)
{
	size_t i = 0;
	const char *p = pattern;
	while (*p) {
		const char *e = strchr(p, '.');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (i >= n)
			return false;
		if (!(len == 1 && *p == '*') && !(strlen(path[i]) == len && memcmp(path[i], p, len) == 0))
			return false;
		i++;
		p += len + (e ? 1 : 0);
	}
	return i == n;
}

static bool path_in(const char *const *path, size_t n, const char *const *patterns, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (path_is(path, n, patterns[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* New nodes.                                                           */

static pl_yaml_node *new_seq(pl_compose__L *L, pl_yaml_node **items, size_t n, const pl_yaml_node *like)
{
	pl_yaml_node *s = pl_arena_alloc(L->a, sizeof(*s));
	s->kind = PL_YAML_SEQUENCE;
	s->style = PL_YAML_BLOCK;
	s->span = like ? like->span : pl_span_make(0, 0);
	s->as.seq.items = items;
	s->as.seq.n = n;
	s->weight = 1;
	for (size_t i = 0; i < n; i++)
		s->weight += items[i]->weight;
	if (like)
		pl_compose__ptrmap_put(L->a, &L->origin, s, pl_compose__file_of(L, like));
	return s;
}

static pl_yaml_node *new_map(pl_compose__L *L, const pl_yaml_pair *pairs, size_t n, const pl_yaml_node *like)
{
	pl_yaml_node *m = pl_yaml_map_new(L->a, pairs, n, like ? like->span : pl_span_make(0, 0));
	if (like)
		pl_compose__ptrmap_put(L->a, &L->origin, m, pl_compose__file_of(L, like));
	return m;
}

/* A plain scalar with value text, standing at span in the file of like. */
static pl_yaml_node *new_scalar(pl_compose__L *L, const char *text, size_t len, pl_span span,
                                const pl_yaml_node *like)
{
	pl_yaml_node *s = pl_arena_alloc(L->a, sizeof(*s));
	s->kind = PL_YAML_SCALAR;
	s->style = PL_YAML_PLAIN;
	s->span = span;
	s->weight = 1;
	s->as.scalar.value = pl_arena_strndup(L->a, text, len);
	s->as.scalar.len = len;
	pl_compose__ptrmap_put(L->a, &L->origin, s, pl_compose__file_of(L, like));
	return s;
}

static bool is_null(const pl_yaml_node *n)
{
	return n && n->kind == PL_YAML_SCALAR && pl_yaml_resolve(n, PL_YAML_CORE, NULL) == PL_YAML_TYPE_NULL;
}

/* ------------------------------------------------------------------ */
/* Unique keys of sequence items.                                        */

typedef enum keyfn {
	KEY_NONE,
	KEY_KV,      /* text before '=' */
	KEY_PORT,
	KEY_VOLUME,  /* volumes and devices: the target */
	KEY_SECRET,  /* /run/secrets/<source>, or the target */
	KEY_CONFIG,  /* /<source>, or the target */
	KEY_ENVFILE, /* the path */
	KEY_TEXT,    /* the whole text */
} keyfn;

static keyfn unique_key(const char *const *path, size_t n)
{
	static const char *const kv[] = {
		"networks.*.labels", "networks.*.ipam.options", "services.*.annotations",
		"services.*.build.args", "services.*.build.additional_contexts",
		"services.*.build.platforms", "services.*.build.tags", "services.*.build.labels",
		"services.*.cap_add", "services.*.cap_drop", "services.*.deploy.labels",
		"services.*.dns", "services.*.dns_opt", "services.*.dns_search",
		"services.*.environment", "services.*.labels", "services.*.links",
		"services.*.networks.*.aliases", "services.*.networks.*.link_local_ips",
		"services.*.profiles", "services.*.sysctls", "services.*.tmpfs", "volumes.*.labels",
		"services.*.security_opt", "services.*.volumes_from", "services.*.label_file"};
	if (path_in(path, n, kv, PL_ARRAY_LEN(kv)))
		return KEY_KV;
	if (path_is(path, n, "services.*.ports"))
		return KEY_PORT;
	if (path_is(path, n, "services.*.volumes") || path_is(path, n, "services.*.devices"))
		return KEY_VOLUME;
	if (path_is(path, n, "services.*.secrets"))
		return KEY_SECRET;
	if (path_is(path, n, "services.*.configs"))
		return KEY_CONFIG;
	if (path_is(path, n, "services.*.env_file"))
		return KEY_ENVFILE;
	if (path_is(path, n, "services.*.expose"))
		return KEY_TEXT;
	return KEY_NONE;
}

static const char *text_of(pl_compose__L *L, const pl_yaml_node *n)
{
	bool unc;
	const char *t = pl_compose__text(L, pl_compose__file_of(L, n), n, &unc);
	return t ? t : "";
}

static const char *get_text(pl_compose__L *L, const pl_yaml_node *map, const char *key)
{
	const pl_yaml_node *v = pl_yaml_get(map, key);
	return v && v->kind == PL_YAML_SCALAR ? text_of(L, v) : NULL;
}

/* The key of item under fn, or NULL when it has none (it is then never replaced). */
static const char *item_key(pl_compose__L *L, keyfn fn, const pl_yaml_node *item, bool devices)
{
	if (item->kind == PL_YAML_MAPPING) {
		switch (fn) {
		case KEY_PORT: {
			const char *ip = get_text(L, item, "host_ip"), *pub = get_text(L, item, "published");
			const char *tgt = get_text(L, item, "target"), *proto = get_text(L, item, "protocol");
			return pl_arena_printf(L->a, "%s:%s:%s/%s", ip ? ip : "0.0.0.0", pub ? pub : "",
			                       tgt ? tgt : "", proto ? proto : "tcp");
		}
		case KEY_VOLUME:
			return get_text(L, item, "target");
		case KEY_SECRET:
		case KEY_CONFIG: {
			const char *t = get_text(L, item, "target");
			if (t)
				return t;
			const char *s = get_text(L, item, "source");
			return s ? pl_arena_printf(L->a, "%s/%s", fn == KEY_SECRET ? "/run/secrets" : "", s) : NULL;
		}
		case KEY_ENVFILE:
			return get_text(L, item, "path");
		default:
			return NULL;
		}
	}
	if (item->kind != PL_YAML_SCALAR)
		return NULL;
	const char *t = text_of(L, item);
	switch (fn) {
	case KEY_KV: {
		const char *eq = strchr(t, '=');
		return eq ? pl_arena_strndup(L->a, t, (size_t)(eq - t)) : t;
	}
	case KEY_VOLUME: {
		if (devices) {
			const char *c = strchr(t, ':');
			if (!c)
				return t;
			const char *e = strchr(c + 1, ':');
			return pl_arena_strndup(L->a, c + 1, e ? (size_t)(e - c - 1) : strlen(c + 1));
		}
		pl_compose_volume_spec vs;
		if (pl_compose_parse_volume(t, strlen(t), &vs) < 0)
			return NULL;
		return pl_arena_strndup(L->a, t + vs.dst_off, vs.dst_len);
	}
	case KEY_SECRET:
		return pl_arena_printf(L->a, "/run/secrets/%s", t);
	case KEY_CONFIG:
		return pl_arena_printf(L->a, "/%s", t);
	default:
		return t;
	}
}

/*
** base's items, then over's; an item of over whose key is already there
** replaces that item in place (compose-go EnforceUnicity).
*/
static const pl_yaml_node *append_unique(pl_compose__L *L, const pl_yaml_node *base,
                                         const pl_yaml_node *over, keyfn fn, bool devices)
{
	nodevec out = {0};
	pl_compose__strmap at = {0}; /* key -> 1 + index in out */
	for (int side = 0; side < 2; side++) {
		const pl_yaml_node *s = side ? over : base;
		for (size_t i = 0; i < s->as.seq.n; i++) {
			pl_yaml_node *item = s->as.seq.items[i];
			const char *k = fn != KEY_NONE ? item_key(L, fn, item, devices) : NULL;
			if (fn != KEY_NONE && !k && item->kind == PL_YAML_SCALAR)
				k = pl_arena_printf(L->a, "\x01%s", text_of(L, item)); /* unreadable: equal text */
			if (k) {
				size_t j = (size_t)(uintptr_t)pl_compose__strmap_get(&at, k, strlen(k), NULL);
				if (j && side == 1) {
					out.v[j - 1] = item;
					continue;
				}
				if (!j || side == 0)
					pl_compose__strmap_put(L->a, &at, k, strlen(k), (void *)(uintptr_t)(out.n + 1));
			}
			*PL_VEC_PUSH(L->a, &out) = item;
		}
	}
	return new_seq(L, out.v, out.n, base);
}

/* ------------------------------------------------------------------ */
/* Shapes.                                                              */

/* A list of names as a mapping of name: null (depends_on, networks, models). */
static const pl_yaml_node *names_to_map(pl_compose__L *L, const pl_yaml_node *n)
{
	if (!n || n->kind != PL_YAML_SEQUENCE)
		return n;
	pairvec pairs = {0};
	for (size_t i = 0; i < n->as.seq.n; i++) {
		pl_yaml_node *item = n->as.seq.items[i];
		if (item->kind != PL_YAML_SCALAR)
			continue;
		pl_yaml_pair *p = PL_VEC_PUSH(L->a, &pairs);
		p->key = item;
		p->value = new_scalar(L, "", 0, pl_span_make(pl_span_end(item->span), pl_span_end(item->span)), item);
		p->via = NULL;
	}
	return new_map(L, pairs.v, pairs.n, n);
}

/* build: a string is { context: it }. */
static const pl_yaml_node *build_to_map(pl_compose__L *L, const pl_yaml_node *n)
{
	if (!n || n->kind != PL_YAML_SCALAR)
		return n;
	pl_yaml_pair p = {new_scalar(L, "context", 7, n->span, n), (pl_yaml_node *)n, NULL};
	return new_map(L, &p, 1, n);
}

/* A mapping as "KEY=VALUE" items ("KEY" when the value is null). */
static const pl_yaml_node *map_to_list(pl_compose__L *L, const pl_yaml_node *n)
{
	if (!n)
		return NULL;
	if (n->kind == PL_YAML_SCALAR) {
		pl_yaml_node **one = pl_arena_alloc(L->a, sizeof(*one));
		one[0] = (pl_yaml_node *)n;
		return new_seq(L, one, 1, n);
	}
	if (n->kind != PL_YAML_MAPPING)
		return n;
	nodevec items = {0};
	for (size_t i = 0; i < n->as.map.n; i++) {
		const pl_yaml_pair *p = &n->as.map.pairs[i];
		if (p->key->kind != PL_YAML_SCALAR || pl_compose__tagged(p->value, "!reset"))
			continue;
		const char *k = p->key->as.scalar.value;
		size_t kl = p->key->as.scalar.len;
		pl_span span = p->via ? p->via->span : pl_span_join(p->key->span, p->value->span);
		if (is_null(p->value) || p->value->kind != PL_YAML_SCALAR) {
			*PL_VEC_PUSH(L->a, &items) = new_scalar(L, k, kl, span, p->key);
			continue;
		}
		const char *v = p->value->as.scalar.value;
		size_t vl = p->value->as.scalar.len;
		char *t = pl_arena_alloc(L->a, kl + vl + 2);
		memcpy(t, k, kl);
		t[kl] = '=';
		memcpy(t + kl + 1, v, vl);
		*PL_VEC_PUSH(L->a, &items) = new_scalar(L, t, kl + 1 + vl, span, p->key);
	}
	return new_seq(L, items.v, items.n, n);
}

/* ------------------------------------------------------------------ */
/* The merge.                                                           */

static const pl_yaml_node *merge(pl_compose__L *L, const pl_yaml_node *base, const pl_yaml_node *over,
                                 const char **path, size_t npath);

/* Key by key: base's keys in their order (merged or replaced by over's), then over's new keys. */
static const pl_yaml_node *merge_maps(pl_compose__L *L, const pl_yaml_node *base,
                                      const pl_yaml_node *over, const char **path, size_t npath)
{
	pairvec out = {0};
	for (size_t i = 0; i < base->as.map.n; i++) {
		const pl_yaml_pair *bp = &base->as.map.pairs[i];
		const pl_yaml_pair *op = bp->key->kind == PL_YAML_SCALAR
		                             ? pl_yaml_get_pairn(over, bp->key->as.scalar.value, bp->key->as.scalar.len)
		                             : NULL;
		if (bp->key->kind == PL_YAML_SCALAR && pl_yaml_get_pairn(base, bp->key->as.scalar.value, bp->key->as.scalar.len) != bp)
			continue; /* a later duplicate of a key: the first one stands (PL0002 reports it) */
		if (!op) {
			*PL_VEC_PUSH(L->a, &out) = *bp;
			continue;
		}
		if (pl_compose__tagged(op->value, "!reset"))
			continue;
		if (pl_compose__tagged(op->value, "!override") || npath >= 32) {
			*PL_VEC_PUSH(L->a, &out) = *op;
			continue;
		}
		path[npath] = bp->key->as.scalar.value;
		const pl_yaml_node *m = merge(L, bp->value, op->value, path, npath + 1);
		if (m == op->value) {
			*PL_VEC_PUSH(L->a, &out) = *op;
		} else {
			pl_yaml_pair *np = PL_VEC_PUSH(L->a, &out);
			*np = *bp;
			np->value = (pl_yaml_node *)m;
		}
	}
	for (size_t i = 0; i < over->as.map.n; i++) {
		const pl_yaml_pair *op = &over->as.map.pairs[i];
		if (op->key->kind == PL_YAML_SCALAR
		    && (pl_yaml_get_pairn(base, op->key->as.scalar.value, op->key->as.scalar.len)
		        || pl_yaml_get_pairn(over, op->key->as.scalar.value, op->key->as.scalar.len) != op))
			continue;
		if (pl_compose__tagged(op->value, "!reset"))
			continue;
		*PL_VEC_PUSH(L->a, &out) = *op;
	}
	return new_map(L, out.v, out.n, base);
}

/* extra_hosts: appended, without exact duplicates. */
static const pl_yaml_node *merge_hosts(pl_compose__L *L, const pl_yaml_node *base, const pl_yaml_node *over)
{
	const pl_yaml_node *b = map_to_list(L, base), *o = map_to_list(L, over);
	if (!b || !o || b->kind != PL_YAML_SEQUENCE || o->kind != PL_YAML_SEQUENCE)
		return over;
	return append_unique(L, b, o, KEY_TEXT, false);
}

static const pl_yaml_node *merge(pl_compose__L *L, const pl_yaml_node *base, const pl_yaml_node *over,
                                 const char **path, size_t npath)
{
	static const char *const replaced[] = {"services.*.command", "services.*.entrypoint",
	                                       "services.*.healthcheck.test", "services.*.ulimits.*",
	                                       "services.*.extends"};
	static const char *const to_map[] = {"services.*.depends_on", "services.*.networks",
	                                     "services.*.models"};
	static const char *const kv[] = {
		"networks.*.labels", "volumes.*.labels", "services.*.annotations", "services.*.build.args",
		"services.*.build.additional_contexts", "services.*.build.labels",
		"services.*.deploy.labels", "services.*.dns", "services.*.dns_opt",
		"services.*.dns_search", "services.*.env_file", "services.*.label_file",
		"services.*.environment", "services.*.labels", "services.*.sysctls", "services.*.tmpfs"};
	if (!over)
		return base;
	if (!base || pl_compose__tagged(over, "!override"))
		return over;
	if (is_null(over))
		return base;
	const char *const *cp = (const char *const *)path;
	if (path_in(cp, npath, replaced, PL_ARRAY_LEN(replaced)))
		return over;
	if (path_is(cp, npath, "services.*.build")) {
		base = build_to_map(L, base);
		over = build_to_map(L, over);
	} else if (path_in(cp, npath, to_map, PL_ARRAY_LEN(to_map))) {
		base = names_to_map(L, base);
		over = names_to_map(L, over);
	} else if (path_is(cp, npath, "services.*.extra_hosts") || path_is(cp, npath, "services.*.build.extra_hosts")) {
		return merge_hosts(L, base, over);
	} else if (path_in(cp, npath, kv, PL_ARRAY_LEN(kv))) {
		if (base->kind != PL_YAML_MAPPING || over->kind != PL_YAML_MAPPING) {
			base = map_to_list(L, base);
			over = map_to_list(L, over);
		}
	} else if (path_is(cp, npath, "services.*.logging") && base->kind == PL_YAML_MAPPING
	           && over->kind == PL_YAML_MAPPING) {
		const char *bd = get_text(L, base, "driver"), *od = get_text(L, over, "driver");
		if (bd && od && strcmp(bd, od) != 0)
			return over;
	}
	if (base->kind == PL_YAML_MAPPING && over->kind == PL_YAML_MAPPING)
		return merge_maps(L, base, over, path, npath);
	if (base->kind == PL_YAML_SEQUENCE && over->kind == PL_YAML_SEQUENCE)
		return append_unique(L, base, over, unique_key(cp, npath),
		                     path_is(cp, npath, "services.*.devices"));
	/*
	** A list over a mapping (or the reverse) fails Compose's merge.  Where
	** the schema types the key, one side is already a PL0003 type error;
	** only extension keys, which the schema leaves alone, need saying so.
	*/
	bool extension = false;
	for (size_t i = 0; i < npath; i++)
		extension |= pl_str_starts(path[i], "x-");
	if (base->kind != PL_YAML_SCALAR && extension) {
		const pl_compose_file *bf = pl_compose__file_of(L, base), *of = pl_compose__file_of(L, over);
		const char *where = npath ? path[0] : "the top level";
		for (size_t i = 1; i < npath; i++)
			where = pl_arena_printf(L->a, "%s.%s", where, path[i]);
		pl_compose_problem *p = pl_compose__problem(
			L, PL_COMPOSE_PROBLEM_SCHEMA, of->src, over->span,
			"cannot merge '%s': %s cannot override %s", where,
			over->kind == PL_YAML_MAPPING ? "a mapping" : over->kind == PL_YAML_SEQUENCE ? "a list" : "a scalar",
			base->kind == PL_YAML_MAPPING ? "a mapping" : "a list");
		pl_compose__note(L, p, bf->src, base->span, "the value it would override");
	}
	return over;
}

const pl_yaml_node *pl_compose__merge(pl_compose__L *L, const pl_yaml_node *base,
                                      const pl_yaml_node *over, const char *const *path, size_t npath)
{
	const char *p[40];
	if (npath > 8)
		npath = 8;
	for (size_t i = 0; i < npath; i++)
		p[i] = path[i];
	return merge(L, base, over, p, npath);
}
