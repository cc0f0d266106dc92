/*
** The typed model: services, their keys in every form Compose takes
** (short and long syntax), the top-level resources and include, read
** from the merged tree.  Lenient by design: whatever has the wrong shape
** was reported by the schema check and is skipped here, so the rules see
** the valid parts.  Every element keeps its location: the file (from the
** node -> file table), the key and value nodes, and the alias or '<<'
** use site it was reached through.
*/
#include "internal.h"

#include <string.h>

typedef struct B {
	pl_compose__L *L;
	pl_arena *a;
} B;

/* A pair of a mapping, with the use site it is reached through. */
typedef struct entry {
	const pl_yaml_node *key;
	const pl_yaml_node *value;
	const pl_yaml_node *site;
} entry;

static pl_compose_loc loc(B *b, const pl_yaml_node *key, const pl_yaml_node *node,
                          const pl_yaml_node *site)
{
	pl_compose_loc l = {0};
	if (!node && !key)
		return l;
	if (!site && node && pl_yaml_is_alias(node))
		site = node;
	l.src = pl_compose__file_of(b->L, node ? node : key)->src;
	l.key = key;
	l.node = node;
	l.site = site;
	return l;
}

static bool is_reset(const pl_yaml_node *n)
{
	return pl_compose__tagged(n, "!reset");
}

/* The entry for key in map (reached through site), or one with value NULL. */
static entry get(const pl_yaml_node *map, const char *key, const pl_yaml_node *site)
{
	entry e = {0};
	const pl_yaml_pair *p = pl_yaml_get_pair(map, key);
	if (!p || is_reset(p->value))
		return e;
	e.key = p->key;
	e.value = p->value;
	e.site = site ? site : p->via;
	return e;
}

static entry item(const pl_yaml_node *seq, size_t i, const pl_yaml_node *site)
{
	entry e = {NULL, seq->as.seq.items[i], site};
	return e;
}

static pl_compose_val val_of(B *b, entry e, int cast)
{
	pl_compose_val v;
	memset(&v, 0, sizeof(v));
	if (!e.value || is_reset(e.value))
		return v;
	v.at = loc(b, e.key, e.value, e.site);
	const pl_yaml_node *n = e.value;
	if (n->kind != PL_YAML_SCALAR || (pl_yaml_is_alias(n) && !n->alias_of))
		return v;
	pl_yaml_value yv;
	v.type = pl_yaml_resolve(n, PL_YAML_CORE, &yv);
	v.raw = n->as.scalar.value;
	v.str = v.raw;
	v.interp = pl_compose__interp(b->L, pl_compose__file_of(b->L, n), n, false);
	if (v.interp)
		v.str = v.interp->value;
	if (v.type == PL_YAML_TYPE_STR && cast != PL_CS_CAST_NONE
	    && !(v.interp && v.interp->uncertain) && pl_compose__cast(cast, v.str, &yv) == 0)
		v.type = yv.type;
	if (v.type == PL_YAML_TYPE_BOOL)
		v.b = yv.b;
	else if (v.type == PL_YAML_TYPE_INT)
		v.i = yv.i;
	else if (v.type == PL_YAML_TYPE_FLOAT)
		v.f = yv.f;
	return v;
}

static pl_compose_val val(B *b, const pl_yaml_node *map, const char *key, const pl_yaml_node *site)
{
	return val_of(b, get(map, key, site), PL_CS_CAST_NONE);
}

static pl_compose_val cast_val(B *b, const pl_yaml_node *map, const char *key,
                               const pl_yaml_node *site, int cast)
{
	return val_of(b, get(map, key, site), cast);
}

static bool kind_is(const pl_yaml_node *n, pl_yaml_kind k)
{
	return n && !is_reset(n) && n->kind == k && !(pl_yaml_is_alias(n) && !n->alias_of);
}

/* The site for the children of e's value. */
static const pl_yaml_node *inner_site(entry e)
{
	if (e.site)
		return e.site;
	return e.value && pl_yaml_is_alias(e.value) ? e.value : NULL;
}

/* A string or a list of strings, as a list. */
static pl_compose_vals vals_of(B *b, entry e)
{
	pl_compose_vals out = {0};
	if (!e.value || is_reset(e.value))
		return out;
	if (e.value->kind == PL_YAML_SCALAR) {
		if (pl_yaml_resolve(e.value, PL_YAML_CORE, NULL) == PL_YAML_TYPE_NULL)
			return out;
		out.v = pl_arena_alloc(b->a, sizeof(*out.v));
		out.v[0] = val_of(b, e, PL_CS_CAST_NONE);
		out.n = 1;
		return out;
	}
	if (e.value->kind != PL_YAML_SEQUENCE)
		return out;
	const pl_yaml_node *site = inner_site(e);
	out.v = pl_arena_alloc(b->a, (e.value->as.seq.n + 1) * sizeof(*out.v));
	for (size_t i = 0; i < e.value->as.seq.n; i++)
		if (e.value->as.seq.items[i]->kind == PL_YAML_SCALAR)
			out.v[out.n++] = val_of(b, item(e.value, i, site), PL_CS_CAST_NONE);
	return out;
}

static pl_compose_vals vals(B *b, const pl_yaml_node *map, const char *key, const pl_yaml_node *site)
{
	return vals_of(b, get(map, key, site));
}

/* environment, labels, args, …: a list of "K=V" or a mapping. */
static pl_compose_kvs kvs_of(B *b, entry e, bool colon)
{
	pl_compose_kvs out = {0};
	const pl_yaml_node *n = e.value;
	const pl_yaml_node *site = inner_site(e);
	if (kind_is(n, PL_YAML_SEQUENCE)) {
		out.v = pl_arena_alloc(b->a, (n->as.seq.n + 1) * sizeof(*out.v));
		for (size_t i = 0; i < n->as.seq.n; i++) {
			if (n->as.seq.items[i]->kind != PL_YAML_SCALAR)
				continue;
			pl_compose_kv *kv = &out.v[out.n++];
			kv->val = val_of(b, item(n, i, site), PL_CS_CAST_NONE);
			kv->at = kv->val.at;
			kv->list_form = true;
			const char *t = kv->val.str ? kv->val.str : "";
			const char *eq = strchr(t, '=');
			if (colon && !eq)
				eq = strchr(t, ':');
			kv->name = eq ? pl_arena_strndup(b->a, t, (size_t)(eq - t)) : t;
			kv->value = eq ? eq + 1 : NULL;
		}
	} else if (kind_is(n, PL_YAML_MAPPING)) {
		out.v = pl_arena_alloc(b->a, (n->as.map.n + 1) * sizeof(*out.v));
		for (size_t i = 0; i < n->as.map.n; i++) {
			const pl_yaml_pair *p = &n->as.map.pairs[i];
			if (p->key->kind != PL_YAML_SCALAR || is_reset(p->value))
				continue;
			pl_compose_kv *kv = &out.v[out.n++];
			entry pe = {p->key, p->value, site ? site : p->via};
			kv->val = val_of(b, pe, PL_CS_CAST_NONE);
			kv->at = kv->val.at;
			kv->name = p->key->as.scalar.value;
			kv->value = kv->val.type == PL_YAML_TYPE_NULL ? NULL : kv->val.str;
		}
	}
	return out;
}

static pl_compose_cmd cmd_of(B *b, entry e)
{
	pl_compose_cmd c;
	memset(&c, 0, sizeof(c));
	if (!e.value || is_reset(e.value))
		return c;
	c.at = loc(b, e.key, e.value, e.site);
	if (e.value->kind == PL_YAML_SEQUENCE) {
		c.is_list = true;
		c.items = vals_of(b, e);
	} else if (e.value->kind == PL_YAML_SCALAR) {
		c.str = val_of(b, e, PL_CS_CAST_NONE);
		c.is_null = c.str.type == PL_YAML_TYPE_NULL;
	}
	return c;
}

/* The x-* keys of a mapping. */
static pl_compose_entries extensions(B *b, const pl_yaml_node *map, const pl_yaml_node *site)
{
	pl_compose_entries out = {0};
	if (!kind_is(map, PL_YAML_MAPPING))
		return out;
	for (size_t i = 0; i < map->as.map.n; i++) {
		const pl_yaml_pair *p = &map->as.map.pairs[i];
		if (p->key->kind != PL_YAML_SCALAR || !pl_str_starts(p->key->as.scalar.value, "x-"))
			continue;
		if (!out.v)
			out.v = pl_arena_alloc(b->a, map->as.map.n * sizeof(*out.v));
		out.v[out.n].name = p->key->as.scalar.value;
		out.v[out.n].at = loc(b, p->key, p->value, site ? site : p->via);
		out.n++;
	}
	return out;
}

/* ------------------------------------------------------------------ */
/* Service keys.                                                        */

static void build_of(B *b, pl_compose_build *out, entry e)
{
	memset(out, 0, sizeof(*out));
	if (!e.value || is_reset(e.value))
		return;
	out->at = loc(b, e.key, e.value, e.site);
	if (e.value->kind == PL_YAML_SCALAR) {
		out->short_form = true;
		out->context = val_of(b, e, PL_CS_CAST_NONE);
		return;
	}
	if (!kind_is(e.value, PL_YAML_MAPPING))
		return;
	const pl_yaml_node *m = e.value, *s = inner_site(e);
	out->context = val(b, m, "context", s);
	out->dockerfile = val(b, m, "dockerfile", s);
	out->dockerfile_inline = val(b, m, "dockerfile_inline", s);
	out->target = val(b, m, "target", s);
	out->network = val(b, m, "network", s);
	out->args = kvs_of(b, get(m, "args", s), false);
	out->labels = kvs_of(b, get(m, "labels", s), false);
	out->cache_from = vals(b, m, "cache_from", s);
	out->tags = vals(b, m, "tags", s);
	out->platforms = vals(b, m, "platforms", s);
}

/* A name in a list of names, or a key of a mapping of name -> settings (depends_on, networks). */
typedef struct named {
	const char *name;          /* the service or network */
	pl_compose_loc at;         /* the list item, or the mapping entry */
	const pl_yaml_node *value; /* the settings (mapping form), else NULL */
	const pl_yaml_node *site;  /* for the settings' children */
} named;

/* The names of e's value, in either form; *n gets their count. */
static named *names_of(B *b, entry e, size_t *n)
{
	const pl_yaml_node *m = e.value, *site = inner_site(e);
	*n = 0;
	if (!pl_yaml_len(m) || is_reset(m))
		return NULL;
	named *out = pl_arena_alloc(b->a, pl_yaml_len(m) * sizeof(*out));
	if (kind_is(m, PL_YAML_SEQUENCE)) {
		for (size_t i = 0; i < m->as.seq.n; i++) {
			pl_compose_val v = val_of(b, item(m, i, site), PL_CS_CAST_NONE);
			if (!v.str)
				continue;
			out[*n].name = v.str;
			out[(*n)++].at = v.at;
		}
	} else if (kind_is(m, PL_YAML_MAPPING)) {
		for (size_t i = 0; i < m->as.map.n; i++) {
			const pl_yaml_pair *p = &m->as.map.pairs[i];
			if (p->key->kind != PL_YAML_SCALAR || is_reset(p->value))
				continue;
			entry pe = {p->key, p->value, site ? site : p->via};
			named *x = &out[(*n)++];
			x->name = p->key->as.scalar.value;
			x->at = loc(b, p->key, p->value, pe.site);
			x->value = p->value;
			x->site = inner_site(pe);
		}
	}
	return out;
}

static void depends_of(B *b, pl_compose_service *svc, entry e)
{
	size_t n;
	named *names = names_of(b, e, &n);
	if (!n)
		return;
	svc->depends_on.v = pl_arena_alloc(b->a, n * sizeof(pl_compose_dep));
	for (size_t i = 0; i < n; i++) {
		const named *x = &names[i];
		pl_compose_dep *d = &svc->depends_on.v[svc->depends_on.n++];
		d->at = x->at;
		d->service = x->name;
		d->long_form = kind_is(x->value, PL_YAML_MAPPING);
		d->condition_val = val(b, x->value, "condition", x->site);
		d->required_val = cast_val(b, x->value, "required", x->site, PL_CS_CAST_BOOL);
		d->restart_val = cast_val(b, x->value, "restart", x->site, PL_CS_CAST_BOOL);
		d->condition = d->condition_val.str ? d->condition_val.str : "service_started";
		d->required = d->required_val.type == PL_YAML_TYPE_BOOL ? d->required_val.b : true;
		d->restart = d->restart_val.type == PL_YAML_TYPE_BOOL && d->restart_val.b;
	}
}

static void env_files_of(B *b, pl_compose_service *svc, entry e)
{
	const pl_yaml_node *n = e.value, *site = inner_site(e);
	if (!n || is_reset(n))
		return;
	size_t count = n->kind == PL_YAML_SEQUENCE ? n->as.seq.n : 1;
	svc->env_file.v = pl_arena_alloc(b->a, count * sizeof(pl_compose_env_file));
	for (size_t i = 0; i < count; i++) {
		entry ie = n->kind == PL_YAML_SEQUENCE ? item(n, i, site) : e;
		pl_compose_env_file *f = &svc->env_file.v[svc->env_file.n];
		if (ie.value->kind == PL_YAML_SCALAR) {
			f->path = val_of(b, ie, PL_CS_CAST_NONE);
			f->at = f->path.at;
			f->required = true;
		} else if (kind_is(ie.value, PL_YAML_MAPPING)) {
			const pl_yaml_node *is = inner_site(ie);
			f->at = loc(b, ie.key, ie.value, ie.site);
			f->path = val(b, ie.value, "path", is);
			pl_compose_val r = cast_val(b, ie.value, "required", is, PL_CS_CAST_BOOL);
			f->required = r.type == PL_YAML_TYPE_BOOL ? r.b : true;
			f->format = val(b, ie.value, "format", is);
		} else {
			continue;
		}
		svc->env_file.n++;
	}
}

static void port_of(B *b, pl_compose_port *p, entry e)
{
	memset(p, 0, sizeof(*p));
	p->at = loc(b, e.key, e.value, e.site);
	p->protocol = "tcp";
	p->host_ip = "";
	if (e.value->kind == PL_YAML_SCALAR) {
		p->value = val_of(b, e, PL_CS_CAST_NONE);
		const char *t = p->value.str ? p->value.str : "";
		pl_compose_port_spec ps;
		if (pl_compose_parse_port(t, strlen(t), &ps) < 0)
			return;
		p->ok = true;
		p->host_ip = pl_arena_strndup(b->a, t + ps.ip_off, ps.ip_len);
		p->has_published = ps.has_published;
		p->published_lo = ps.published_lo;
		p->published_hi = ps.published_hi;
		p->target_lo = ps.target_lo;
		p->target_hi = ps.target_hi;
		if (ps.proto_len)
			p->protocol = pl_arena_strndup(b->a, t + ps.proto_off, ps.proto_len);
		return;
	}
	if (!kind_is(e.value, PL_YAML_MAPPING))
		return;
	p->long_form = true;
	const pl_yaml_node *m = e.value, *s = inner_site(e);
	p->target = cast_val(b, m, "target", s, PL_CS_CAST_INT);
	p->published = val(b, m, "published", s);
	p->host_ip_val = val(b, m, "host_ip", s);
	p->protocol_val = val(b, m, "protocol", s);
	p->mode = val(b, m, "mode", s).str;
	p->name = val(b, m, "name", s).str;
	if (p->host_ip_val.str)
		p->host_ip = p->host_ip_val.str;
	if (p->protocol_val.str)
		p->protocol = p->protocol_val.str;
	p->ok = p->target.type == PL_YAML_TYPE_INT && p->target.i >= 0 && p->target.i <= 65535;
	p->target_lo = p->target_hi = p->ok ? (unsigned)p->target.i : 0;
	if (p->published.str) {
		const char *t = p->published.str;
		pl_compose_port_spec ps;
		char *spec = pl_arena_printf(b->a, "%s:1", t);
		if (pl_compose_parse_port(spec, strlen(spec), &ps) == 0 && ps.has_published) {
			p->has_published = true;
			p->published_lo = ps.published_lo;
			p->published_hi = ps.published_hi;
		} else {
			p->ok = false;
		}
	}
}

static const char *option(B *b, const char *opts, size_t len, const char *const *names, size_t n)
{
	size_t i = 0;
	while (i <= len) {
		size_t e = i;
		while (e < len && opts[e] != ',')
			e++;
		for (size_t k = 0; k < n; k++)
			if (strlen(names[k]) == e - i && memcmp(names[k], opts + i, e - i) == 0)
				return pl_arena_strndup(b->a, opts + i, e - i);
		i = e + 1;
	}
	return NULL;
}

static pl_compose_mount mount_type(const char *t)
{
	static const struct {
		const char *name;
		pl_compose_mount type;
	} types[] = {{"volume", PL_COMPOSE_MOUNT_VOLUME}, {"bind", PL_COMPOSE_MOUNT_BIND},
	             {"tmpfs", PL_COMPOSE_MOUNT_TMPFS},   {"npipe", PL_COMPOSE_MOUNT_NPIPE},
	             {"cluster", PL_COMPOSE_MOUNT_CLUSTER}, {"image", PL_COMPOSE_MOUNT_IMAGE}};
	for (size_t i = 0; t && i < PL_ARRAY_LEN(types); i++)
		if (strcmp(t, types[i].name) == 0)
			return types[i].type;
	return PL_COMPOSE_MOUNT_OTHER;
}

static void volume_of(B *b, pl_compose_volume *v, entry e)
{
	static const char *const props[] = {"rprivate", "private", "rshared", "shared", "rslave", "slave"};
	static const char *const selinux[] = {"z", "Z"};
	static const char *const ro[] = {"ro"};
	static const char *const nocopy[] = {"nocopy"};
	memset(v, 0, sizeof(*v));
	v->at = loc(b, e.key, e.value, e.site);
	if (e.value->kind == PL_YAML_SCALAR) {
		v->value = val_of(b, e, PL_CS_CAST_NONE);
		const char *t = v->value.str ? v->value.str : "";
		pl_compose_volume_spec vs;
		if (pl_compose_parse_volume(t, strlen(t), &vs) < 0) {
			/* An unset variable emptied a part: the written text says more ("${DATA}:/data"). */
			t = v->value.interp && v->value.interp->uncertain ? v->value.raw : NULL;
			if (!t || pl_compose_parse_volume(t, strlen(t), &vs) < 0)
				return;
		}
		v->ok = true;
		v->type = vs.bind ? PL_COMPOSE_MOUNT_BIND : PL_COMPOSE_MOUNT_VOLUME;
		v->source = vs.src_len ? pl_arena_strndup(b->a, t + vs.src_off, vs.src_len) : NULL;
		v->target = pl_arena_strndup(b->a, t + vs.dst_off, vs.dst_len);
		if (vs.opt_len) {
			const char *o = t + vs.opt_off;
			v->options = pl_arena_strndup(b->a, o, vs.opt_len);
			v->read_only = option(b, o, vs.opt_len, ro, 1) != NULL;
			v->nocopy = option(b, o, vs.opt_len, nocopy, 1) != NULL;
			v->propagation = option(b, o, vs.opt_len, props, PL_ARRAY_LEN(props));
			v->selinux = option(b, o, vs.opt_len, selinux, 2);
		}
		return;
	}
	if (!kind_is(e.value, PL_YAML_MAPPING))
		return;
	v->long_form = true;
	const pl_yaml_node *m = e.value, *s = inner_site(e);
	v->type_val = val(b, m, "type", s);
	v->source_val = val(b, m, "source", s);
	v->target_val = val(b, m, "target", s);
	v->read_only_val = cast_val(b, m, "read_only", s, PL_CS_CAST_BOOL);
	v->type = mount_type(v->type_val.str);
	v->source = v->source_val.str;
	v->target = v->target_val.str;
	v->read_only = v->read_only_val.type == PL_YAML_TYPE_BOOL && v->read_only_val.b;
	entry bind = get(m, "bind", s), vol = get(m, "volume", s);
	v->propagation = val(b, bind.value, "propagation", inner_site(bind)).str;
	v->selinux = val(b, bind.value, "selinux", inner_site(bind)).str;
	pl_compose_val nc = cast_val(b, vol.value, "nocopy", inner_site(vol), PL_CS_CAST_BOOL);
	v->nocopy = nc.type == PL_YAML_TYPE_BOOL && nc.b;
	v->ok = v->target != NULL;
}

static void healthcheck_of(B *b, pl_compose_healthcheck *h, entry e)
{
	memset(h, 0, sizeof(*h));
	if (!kind_is(e.value, PL_YAML_MAPPING))
		return;
	h->at = loc(b, e.key, e.value, e.site);
	const pl_yaml_node *m = e.value, *s = inner_site(e);
	h->test = cmd_of(b, get(m, "test", s));
	h->interval = val(b, m, "interval", s);
	h->timeout = val(b, m, "timeout", s);
	h->start_period = val(b, m, "start_period", s);
	h->start_interval = val(b, m, "start_interval", s);
	h->retries = cast_val(b, m, "retries", s, PL_CS_CAST_INT);
	h->disable = cast_val(b, m, "disable", s, PL_CS_CAST_BOOL);
	h->disabled = (h->disable.type == PL_YAML_TYPE_BOOL && h->disable.b)
	           || (h->test.is_list && h->test.items.n && h->test.items.v[0].str
	               && strcmp(h->test.items.v[0].str, "NONE") == 0);
}

static void networks_of(B *b, pl_compose_service *svc, entry e)
{
	size_t n;
	named *names = names_of(b, e, &n);
	if (!n)
		return;
	svc->networks.v = pl_arena_alloc(b->a, n * sizeof(pl_compose_svc_net));
	for (size_t i = 0; i < n; i++) {
		const named *x = &names[i];
		pl_compose_svc_net *net = &svc->networks.v[svc->networks.n++];
		net->at = x->at;
		net->name = x->name;
		net->aliases = vals(b, x->value, "aliases", x->site);
		net->ipv4_address = val(b, x->value, "ipv4_address", x->site);
		net->ipv6_address = val(b, x->value, "ipv6_address", x->site);
		net->priority = val(b, x->value, "priority", x->site);
	}
}

static void uses_of(B *b, pl_compose_use **out, size_t *nout, entry e)
{
	const pl_yaml_node *n = e.value, *site = inner_site(e);
	if (!kind_is(n, PL_YAML_SEQUENCE))
		return;
	*out = pl_arena_alloc(b->a, (n->as.seq.n + 1) * sizeof(pl_compose_use));
	for (size_t i = 0; i < n->as.seq.n; i++) {
		entry ie = item(n, i, site);
		pl_compose_use *u = &(*out)[*nout];
		if (ie.value->kind == PL_YAML_SCALAR) {
			pl_compose_val v = val_of(b, ie, PL_CS_CAST_NONE);
			u->at = v.at;
			u->source = v.str;
		} else if (kind_is(ie.value, PL_YAML_MAPPING)) {
			const pl_yaml_node *is = inner_site(ie);
			u->at = loc(b, NULL, ie.value, ie.site);
			u->long_form = true;
			u->source = val(b, ie.value, "source", is).str;
			u->target = val(b, ie.value, "target", is);
			u->uid = val(b, ie.value, "uid", is);
			u->gid = val(b, ie.value, "gid", is);
			u->mode = val(b, ie.value, "mode", is);
		} else {
			continue;
		}
		(*nout)++;
	}
}

static void extends_of(B *b, pl_compose_extends *x, entry e)
{
	memset(x, 0, sizeof(*x));
	if (!e.value || is_reset(e.value))
		return;
	x->at = loc(b, e.key, e.value, e.site);
	if (e.value->kind == PL_YAML_SCALAR) {
		x->service = val_of(b, e, PL_CS_CAST_NONE);
	} else if (kind_is(e.value, PL_YAML_MAPPING)) {
		x->service = val(b, e.value, "service", inner_site(e));
		x->file = val(b, e.value, "file", inner_site(e));
	}
}

static void deploy_of(B *b, pl_compose_service *svc, entry e)
{
	if (!e.value || is_reset(e.value))
		return;
	svc->deploy = loc(b, e.key, e.value, e.site);
	const pl_yaml_node *m = e.value, *s = inner_site(e);
	svc->deploy_replicas = cast_val(b, m, "replicas", s, PL_CS_CAST_INT);
	svc->deploy_mode = val(b, m, "mode", s);
	entry res = get(m, "resources", s);
	entry lim = get(res.value, "limits", inner_site(res));
	svc->deploy_cpus_limit = cast_val(b, lim.value, "cpus", inner_site(lim), PL_CS_CAST_FLOAT);
	svc->deploy_memory_limit = val(b, lim.value, "memory", inner_site(lim));
	entry rp = get(m, "restart_policy", s);
	svc->deploy_restart_condition = val(b, rp.value, "condition", inner_site(rp));
}

static void develop_of(B *b, pl_compose_service *svc, entry e)
{
	if (!e.value || is_reset(e.value))
		return;
	svc->develop = loc(b, e.key, e.value, e.site);
	entry w = get(e.value, "watch", inner_site(e));
	if (!kind_is(w.value, PL_YAML_SEQUENCE))
		return;
	const pl_yaml_node *ws = inner_site(w);
	svc->watch.v = pl_arena_alloc(b->a, (w.value->as.seq.n + 1) * sizeof(pl_compose_watch));
	for (size_t i = 0; i < w.value->as.seq.n; i++) {
		entry ie = item(w.value, i, ws);
		if (!kind_is(ie.value, PL_YAML_MAPPING))
			continue;
		const pl_yaml_node *is = inner_site(ie);
		pl_compose_watch *x = &svc->watch.v[svc->watch.n++];
		x->at = loc(b, NULL, ie.value, ie.site);
		x->path = val(b, ie.value, "path", is);
		x->action = val(b, ie.value, "action", is);
		x->target = val(b, ie.value, "target", is);
		x->ignore = vals(b, ie.value, "ignore", is);
	}
}

static void service_of(B *b, pl_compose_service *svc, const pl_yaml_pair *p, const pl_yaml_node *site)
{
	svc->name = p->key->as.scalar.value;
	svc->at = loc(b, p->key, p->value, site);
	const pl_yaml_node *m = p->value;
	if (!kind_is(m, PL_YAML_MAPPING))
		return;
	entry se = {p->key, m, site};
	const pl_yaml_node *s = inner_site(se);
	build_of(b, &svc->build, get(m, "build", s));
	svc->image = val(b, m, "image", s);
	svc->command = cmd_of(b, get(m, "command", s));
	svc->entrypoint = cmd_of(b, get(m, "entrypoint", s));
	depends_of(b, svc, get(m, "depends_on", s));
	svc->environment = kvs_of(b, get(m, "environment", s), false);
	env_files_of(b, svc, get(m, "env_file", s));
	entry ports = get(m, "ports", s);
	if (kind_is(ports.value, PL_YAML_SEQUENCE)) {
		const pl_yaml_node *ps = inner_site(ports);
		svc->ports.v = pl_arena_alloc(b->a, (ports.value->as.seq.n + 1) * sizeof(pl_compose_port));
		for (size_t i = 0; i < ports.value->as.seq.n; i++)
			port_of(b, &svc->ports.v[svc->ports.n++], item(ports.value, i, ps));
	}
	svc->expose = vals(b, m, "expose", s);
	entry vols = get(m, "volumes", s);
	if (kind_is(vols.value, PL_YAML_SEQUENCE)) {
		const pl_yaml_node *vs = inner_site(vols);
		svc->volumes.v = pl_arena_alloc(b->a, (vols.value->as.seq.n + 1) * sizeof(pl_compose_volume));
		for (size_t i = 0; i < vols.value->as.seq.n; i++)
			volume_of(b, &svc->volumes.v[svc->volumes.n++], item(vols.value, i, vs));
	}
	svc->volumes_from = vals(b, m, "volumes_from", s);
	healthcheck_of(b, &svc->healthcheck, get(m, "healthcheck", s));
	svc->restart = val(b, m, "restart", s);
	svc->container_name = val(b, m, "container_name", s);
	svc->hostname = val(b, m, "hostname", s);
	svc->domainname = val(b, m, "domainname", s);
	svc->user = val(b, m, "user", s);
	svc->working_dir = val(b, m, "working_dir", s);
	svc->network_mode = val(b, m, "network_mode", s);
	svc->pull_policy = val(b, m, "pull_policy", s);
	svc->platform = val(b, m, "platform", s);
	svc->stop_signal = val(b, m, "stop_signal", s);
	svc->stop_grace_period = val(b, m, "stop_grace_period", s);
	svc->privileged = cast_val(b, m, "privileged", s, PL_CS_CAST_BOOL);
	svc->read_only = cast_val(b, m, "read_only", s, PL_CS_CAST_BOOL);
	svc->init = cast_val(b, m, "init", s, PL_CS_CAST_BOOL);
	svc->tty = cast_val(b, m, "tty", s, PL_CS_CAST_BOOL);
	svc->stdin_open = cast_val(b, m, "stdin_open", s, PL_CS_CAST_BOOL);
	svc->mem_limit = val(b, m, "mem_limit", s);
	svc->cpus = cast_val(b, m, "cpus", s, PL_CS_CAST_FLOAT);
	svc->pid = val(b, m, "pid", s);
	svc->ipc = val(b, m, "ipc", s);
	svc->userns_mode = val(b, m, "userns_mode", s);
	svc->shm_size = val(b, m, "shm_size", s);
	svc->scale = cast_val(b, m, "scale", s, PL_CS_CAST_INT);
	networks_of(b, svc, get(m, "networks", s));
	uses_of(b, &svc->secrets.v, &svc->secrets.n, get(m, "secrets", s));
	uses_of(b, &svc->configs.v, &svc->configs.n, get(m, "configs", s));
	svc->labels = kvs_of(b, get(m, "labels", s), false);
	svc->annotations = kvs_of(b, get(m, "annotations", s), false);
	svc->sysctls = kvs_of(b, get(m, "sysctls", s), false);
	svc->profiles = vals(b, m, "profiles", s);
	svc->cap_add = vals(b, m, "cap_add", s);
	svc->cap_drop = vals(b, m, "cap_drop", s);
	svc->security_opt = vals(b, m, "security_opt", s);
	svc->devices = vals(b, m, "devices", s);
	svc->dns = vals(b, m, "dns", s);
	svc->tmpfs = vals(b, m, "tmpfs", s);
	svc->links = vals(b, m, "links", s);
	entry hosts = get(m, "extra_hosts", s);
	if (kind_is(hosts.value, PL_YAML_MAPPING)) {
		pl_compose_kvs h = kvs_of(b, hosts, false);
		svc->extra_hosts.v = pl_arena_alloc(b->a, (h.n + 1) * sizeof(pl_compose_val));
		for (size_t i = 0; i < h.n; i++) {
			pl_compose_val v = h.v[i].val;
			v.str = pl_arena_printf(b->a, "%s=%s", h.v[i].name, h.v[i].value ? h.v[i].value : "");
			svc->extra_hosts.v[svc->extra_hosts.n++] = v;
		}
	} else {
		svc->extra_hosts = vals_of(b, hosts);
	}
	extends_of(b, &svc->extends, get(m, "extends", s));
	deploy_of(b, svc, get(m, "deploy", s));
	develop_of(b, svc, get(m, "develop", s));
	entry lg = get(m, "logging", s);
	if (lg.value) {
		svc->logging = loc(b, lg.key, lg.value, lg.site);
		svc->logging_driver = val(b, lg.value, "driver", inner_site(lg));
	}
	entry ul = get(m, "ulimits", s);
	if (ul.value)
		svc->ulimits = loc(b, ul.key, ul.value, ul.site);
	svc->extensions = extensions(b, m, s);
	for (size_t i = 0; i < m->as.map.n; i++) {
		const pl_yaml_pair *q = &m->as.map.pairs[i];
		if (q->key->kind != PL_YAML_SCALAR || pl_str_starts(q->key->as.scalar.value, "x-")
		    || pl_compose__service_key(q->key->as.scalar.value, q->key->as.scalar.len))
			continue;
		if (!svc->unknown.v)
			svc->unknown.v = pl_arena_alloc(b->a, m->as.map.n * sizeof(pl_compose_entry));
		pl_compose_entry *u = &svc->unknown.v[svc->unknown.n++];
		u->name = q->key->as.scalar.value;
		u->at = loc(b, q->key, q->value, s ? s : q->via);
	}
}

/* ------------------------------------------------------------------ */
/* Top level.                                                           */

static void resource_of(B *b, pl_compose_resource *r, pl_compose_kind kind, const pl_yaml_pair *p,
                        const pl_yaml_node *site)
{
	r->kind = kind;
	r->name = p->key->as.scalar.value;
	r->at = loc(b, p->key, p->value, site);
	const pl_yaml_node *m = p->value;
	if (!kind_is(m, PL_YAML_MAPPING))
		return;
	entry re = {p->key, m, site};
	const pl_yaml_node *s = inner_site(re);
	r->real_name = val(b, m, "name", s);
	r->driver = val(b, m, "driver", s);
	r->external = cast_val(b, m, "external", s, PL_CS_CAST_BOOL);
	r->is_external = (r->external.type == PL_YAML_TYPE_BOOL && r->external.b)
	              || kind_is(r->external.at.node, PL_YAML_MAPPING);
	r->file = val(b, m, "file", s);
	r->environment = val(b, m, "environment", s);
	r->content = val(b, m, "content", s);
	r->model = val(b, m, "model", s);
	r->labels = kvs_of(b, get(m, "labels", s), false);
	r->extensions = extensions(b, m, s);
}

static void include_of(B *b, pl_compose_include *inc, entry e)
{
	inc->at = loc(b, e.key, e.value, e.site);
	if (e.value->kind == PL_YAML_SCALAR) {
		inc->path = vals_of(b, e);
		return;
	}
	const pl_yaml_node *s = inner_site(e);
	inc->path = vals(b, e.value, "path", s);
	inc->env_file = vals(b, e.value, "env_file", s);
	inc->project_directory = val(b, e.value, "project_directory", s);
}

void pl_compose__model_include(pl_compose__L *L, const pl_yaml_node *root)
{
	pl_compose *c = L->c;
	B b = {L, L->a};
	entry ie = get(root, "include", NULL);
	if (!kind_is(ie.value, PL_YAML_SEQUENCE))
		return;
	const pl_yaml_node *s = inner_site(ie);
	size_t n = ie.value->as.seq.n;
	c->include = pl_arena_realloc(L->a, c->include, c->ninclude * sizeof(*c->include),
	                              (c->ninclude + n) * sizeof(*c->include));
	for (size_t i = 0; i < n; i++) {
		entry it = item(ie.value, i, s);
		if (it.value->kind == PL_YAML_SCALAR || kind_is(it.value, PL_YAML_MAPPING))
			include_of(&b, &c->include[c->ninclude++], it);
	}
}

void pl_compose__model(pl_compose__L *L, const pl_yaml_node *root)
{
	static const char *const kinds[] = {"networks", "volumes", "secrets", "configs", "models"};
	pl_compose *c = L->c;
	B b = {L, L->a};
	c->index = pl_arena_alloc(L->a, sizeof(*c->index));
	if (!kind_is(root, PL_YAML_MAPPING))
		return;
	c->root = root;
	c->name = val(&b, root, "name", NULL);
	c->version = val(&b, root, "version", NULL);
	c->extensions = extensions(&b, root, NULL);

	entry se = get(root, "services", NULL);
	if (kind_is(se.value, PL_YAML_MAPPING)) {
		const pl_yaml_node *m = se.value, *s = inner_site(se);
		c->services = pl_arena_alloc(L->a, (m->as.map.n + 1) * sizeof(*c->services));
		for (size_t i = 0; i < m->as.map.n; i++) {
			const pl_yaml_pair *p = &m->as.map.pairs[i];
			if (p->key->kind != PL_YAML_SCALAR || is_reset(p->value))
				continue;
			pl_compose_service *svc = &c->services[c->nservices];
			svc->index = c->nservices++;
			service_of(&b, svc, p, s ? s : p->via);
			pl_compose__strmap_add(L->a, &c->index->services, svc->name, p->key->as.scalar.len, svc);
		}
	}
	for (size_t k = 0; k < PL_COMPOSE__NKINDS; k++) {
		entry re = get(root, kinds[k], NULL);
		if (!kind_is(re.value, PL_YAML_MAPPING))
			continue;
		const pl_yaml_node *m = re.value, *s = inner_site(re);
		c->resources[k] = pl_arena_alloc(L->a, (m->as.map.n + 1) * sizeof(pl_compose_resource));
		for (size_t i = 0; i < m->as.map.n; i++) {
			const pl_yaml_pair *p = &m->as.map.pairs[i];
			if (p->key->kind != PL_YAML_SCALAR || is_reset(p->value))
				continue;
			pl_compose_resource *r = &c->resources[k][c->nresources[k]++];
			resource_of(&b, r, (pl_compose_kind)k, p, s ? s : p->via);
			pl_compose__strmap_add(L->a, &c->index->resources[k], r->name, p->key->as.scalar.len, r);
		}
	}
	/* depends_on targets, through the name index: no services x services walk. */
	for (size_t i = 0; i < c->nservices; i++) {
		pl_compose_service *svc = &c->services[i];
		for (size_t k = 0; k < svc->depends_on.n; k++) {
			pl_compose_dep *d = &svc->depends_on.v[k];
			d->target = pl_compose_service_find(c, d->service);
		}
	}
}
