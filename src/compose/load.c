/*
** Loading a Compose project: the main file and the -f overrides, each
** document a layer; 'include' (loaded as projects of their own, merged
** before the including layer) and 'extends' (resolved per service,
** across files, cycles refused); the variables of .env files; then one
** merge of the layers and the typed model.  See plimsoll/compose.h.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "plimsoll/context.h"

enum { MAX_INCLUDE_DEPTH = 32, MAX_EXTENDS_DEPTH = 64 };

/* One document of one file: the unit of merging. */
typedef struct layer {
	pl_compose_file *f;        /* its file */
	const pl_yaml_node *root;  /* its root mapping (after extends) */
} layer;

typedef PL_VEC(layer) layers;

/* A file on the include chain, for cycle detection. */
typedef struct chain {
	const char *path;          /* cleaned path */
	const struct chain *up;    /* the file that included it */
} chain;

/* ------------------------------------------------------------------ */
/* Paths.                                                               */

/* The folder of path, "" for a bare name. */
static const char *dir_of(pl_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return "";
	if (slash == path)
		return "/";
	return pl_arena_strndup(a, path, (size_t)(slash - path));
}

/* rel joined to dir, with "." and "x/.." parts removed (lexically). */
static const char *join(pl_arena *a, const char *dir, const char *rel)
{
	const char *full = rel[0] == '/' || !dir[0] ? rel : pl_arena_printf(a, "%s/%s", dir, rel);
	size_t n = strlen(full);
	char *out = pl_arena_alloc(a, n + 1);
	size_t o = 0;
	bool abs = full[0] == '/';
	size_t keep = 0; /* leading "../" parts that cannot be removed */
	const char *p = full;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0)
			break;
		if (len == 1 && p[0] == '.') {
			/* skip */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && o > keep) {
			while (o > keep && out[o - 1] != '/')
				o--;
			if (o > keep)
				o--;
		} else {
			if (o > 0 || abs)
				out[o++] = '/';
			memcpy(out + o, p, len);
			o += len;
			if (len == 2 && p[0] == '.' && p[1] == '.')
				keep = o;
		}
		p += len;
	}
	if (o == 0) {
		if (abs)
			out[o++] = '/';
		else
			out[o++] = '.';
	}
	out[o] = '\0';
	return out;
}

/*
** A reference Compose fetches rather than reads (oci://…, https://…, a git
** remote, or a scheme a plugin resolves, as 'remote:x' in compose-go's
** tests): never read here, and not a missing file either.  A drive letter
** (C:) is not a scheme.
*/
static bool is_remote(const char *path)
{
	if (pl_str_starts(path, "git@"))
		return true;
	const char *p = path;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
	       || *p == '+' || *p == '.' || *p == '-')
		p++;
	return *p == ':' && p - path >= 2;
}

/* ------------------------------------------------------------------ */
/* Files.                                                               */

static int default_read(void *ud, const char *path, size_t limit, char **out, size_t *len,
                        const char **err)
{
	(void)ud;
	if (pl_context_known_absent(path)) { /* an optional .env, most often */
		*err = strerror(ENOENT);
		return -1;
	}
	return pl_io_read(path, limit, out, len, err);
}

static pl_compose_file *new_file(pl_compose__L *L, const pl_source *src, const char *dir,
                                 const pl_compose__env *env)
{
	pl_compose_file *f = pl_arena_alloc(L->a, sizeof(*f));
	f->src = src;
	f->dir = dir;
	f->env = env;
	*PL_VEC_PUSH(L->a, &L->files) = f;
	return f;
}

/* Read path into a source of the arena; NULL with *err on failure. */
static const pl_source *read_source(pl_compose__L *L, const char *path, const char **err)
{
	char *buf;
	size_t len;
	if (L->o.read(L->o.read_ud, path, L->o.max_file_size, &buf, &len, err) < 0)
		return NULL;
	pl_source *src = pl_arena_alloc(L->a, sizeof(*src));
	pl_source_init(src, L->a, pl_arena_strdup(L->a, path), buf, len);
	free(buf);
	return src;
}

/* Parse f's YAML and report its problems (PL0002). */
static void load_yaml(pl_compose__L *L, pl_compose_file *f)
{
	pl_yaml_init(&f->yaml);
	pl_yaml_load(&f->yaml, L->a, f->src);
	for (size_t i = 0; i < f->yaml.nerrors; i++) {
		const pl_yaml_error *e = &f->yaml.errors[i];
		pl_compose_problem *p = pl_compose__problem(L, PL_COMPOSE_PROBLEM_YAML, f->src, e->span,
		                                            "%s", e->message);
		if (e->note)
			pl_compose__note(L, p, f->src, e->note_span, "%s", e->note);
	}
	if (f != L->files.v[0])
		for (size_t i = 0; i < f->yaml.ndocs; i++)
			pl_compose__own(L, f, f->yaml.docs[i].root);
}

/* A compose file read through include or extends (once per path). */
static pl_compose_file *compose_file(pl_compose__L *L, const char *path, const pl_compose__env *env,
                                     const char **err)
{
	pl_compose_file *f = pl_compose__strmap_get(&L->by_path, path, strlen(path), NULL);
	if (f)
		return f;
	const pl_source *src = read_source(L, path, err);
	if (!src)
		return NULL;
	f = new_file(L, src, dir_of(L->a, path), env);
	pl_compose__strmap_put(L->a, &L->by_path, src->path, strlen(src->path), f);
	load_yaml(L, f);
	return f;
}

/* A document with nothing in it (a trailing '---', or only comments). */
static bool empty_doc(const pl_yaml_node *root)
{
	return root->kind == PL_YAML_SCALAR && !root->tag
	    && pl_yaml_resolve(root, PL_YAML_CORE, NULL) == PL_YAML_TYPE_NULL;
}

/* ------------------------------------------------------------------ */
/* Variables.                                                           */

/* Where a missing env file is reported. */
typedef struct blame {
	const pl_source *src;
	pl_span span;
} blame;

static void read_env_file(pl_compose__L *L, pl_compose__env *env, const pl_compose__env *process,
                          const char *path, bool must, blame at)
{
	const char *err;
	const pl_source *src = read_source(L, path, &err);
	if (!src) {
		if (must)
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, at.src, at.span,
			                    "cannot read env file '%s': %s", path, err);
		return;
	}
	pl_compose_file *f = new_file(L, src, dir_of(L->a, path), env);
	f->is_env = true;
	pl_compose__dotenv(L, env, process, src);
}

/*
** The variables of a project: its env files (or the .env in dir), over
** parent's; the process environment, when read, over both.
*/
static pl_compose__env *project_env(pl_compose__L *L, const pl_compose__env *parent, const char *dir,
                                    const char *const *files, size_t nfiles, const blame *at)
{
	pl_compose__env *env = pl_arena_alloc(L->a, sizeof(*env));
	env->parent = parent;
	pl_compose__env *proc = NULL;
	if (L->o.process_env && !parent) {
		proc = pl_arena_alloc(L->a, sizeof(*proc));
		pl_compose__env_add_process(L->a, proc);
	}
	if (files) {
		for (size_t i = 0; i < nfiles; i++)
			read_env_file(L, env, proc, files[i], true, at[i]);
	} else {
		blame none = {NULL, {0, 0}};
		read_env_file(L, env, proc, join(L->a, dir, ".env"), false, none);
	}
	if (proc)
		pl_compose__env_add_process(L->a, env); /* the process environment wins */
	return env;
}

/* ------------------------------------------------------------------ */
/* Include.                                                             */

static void file_layers(pl_compose__L *L, pl_compose_file *f, layers *out, const chain *up);

/* The interpolated text of a scalar, or NULL (not a scalar, or an unset variable in it). */
static const char *sure_text(pl_compose__L *L, const pl_compose_file *f, const pl_yaml_node *n)
{
	bool unc;
	const char *t = pl_compose__text(L, f, n, &unc);
	return unc || !t || !*t ? NULL : t;
}

/* The scalars of a string or a list of strings. */
static size_t strings(const pl_yaml_node *n, const pl_yaml_node **out, size_t max)
{
	if (n && n->kind == PL_YAML_SCALAR && max) {
		out[0] = n;
		return 1;
	}
	size_t k = 0;
	for (size_t i = 0; i < pl_yaml_len(n) && n->kind == PL_YAML_SEQUENCE && k < max; i++)
		if (n->as.seq.items[i]->kind == PL_YAML_SCALAR)
			out[k++] = n->as.seq.items[i];
	return k;
}

/* include item -> path | { path: path|[path…], env_file, project_directory } */
static void include_item(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *it, layers *out,
                         const chain *up, size_t depth)
{
	const pl_yaml_node *paths[16], *envs[16];
	size_t np = 0, ne = 0;
	const pl_yaml_node *pd = NULL;
	if (it->kind == PL_YAML_SCALAR) {
		paths[np++] = it;
	} else if (it->kind == PL_YAML_MAPPING) {
		np = strings(pl_yaml_get(it, "path"), paths, PL_ARRAY_LEN(paths));
		ne = strings(pl_yaml_get(it, "env_file"), envs, PL_ARRAY_LEN(envs));
		pd = pl_yaml_get(it, "project_directory");
	}
	const char *first = np ? sure_text(L, f, paths[0]) : NULL;
	if (!first)
		return;
	const char *pdir = pd && sure_text(L, f, pd) ? join(L->a, f->dir, sure_text(L, f, pd))
	                                             : dir_of(L->a, join(L->a, f->dir, first));
	const char *ef[16];
	blame eb[16];
	size_t nef = 0;
	for (size_t i = 0; i < ne; i++) {
		const char *t = sure_text(L, f, envs[i]);
		if (!t)
			continue;
		eb[nef].src = f->src;
		eb[nef].span = envs[i]->span;
		ef[nef++] = join(L->a, f->dir, t);
	}
	const pl_compose__env *env = project_env(L, f->env, pdir, ne ? ef : NULL, nef, eb);
	for (size_t i = 0; i < np; i++) {
		const char *t = sure_text(L, f, paths[i]);
		if (!t || is_remote(t))
			continue;
		const char *path = join(L->a, f->dir, t);
		const chain *c;
		for (c = up; c && strcmp(c->path, path) != 0; c = c->up)
			;
		if (c) {
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, paths[i]->span,
			                    "include cycle: '%s' includes '%s', which is already being included",
			                    f->src->path, path);
			continue;
		}
		if (depth >= MAX_INCLUDE_DEPTH) {
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, paths[i]->span,
			                    "includes nested more than %d deep", MAX_INCLUDE_DEPTH);
			continue;
		}
		const char *err;
		pl_compose_file *inc = compose_file(L, path, env, &err);
		if (!inc) {
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, paths[i]->span,
			                    "cannot read included file '%s': %s", path, err);
			continue;
		}
		inc->included = true;
		inc->dir = pdir;
		chain link = {path, up};
		L->include_depth++;
		file_layers(L, inc, out, &link);
		L->include_depth--;
	}
}

/* Validate f's documents and add them as layers, each after the files it includes. */
static void file_layers(pl_compose__L *L, pl_compose_file *f, layers *out, const chain *up)
{
	for (size_t d = 0; d < f->yaml.ndocs; d++) {
		const pl_yaml_node *root = f->yaml.docs[d].root;
		if (empty_doc(root))
			continue;
		/* A document cut short by a syntax error would give false schema errors: PL0002 is enough. */
		if (f->yaml.docs[d].complete)
			pl_compose__validate(L, f, root);
		if (root->kind != PL_YAML_MAPPING)
			continue;
		const pl_yaml_node *inc = pl_yaml_get(root, "include");
		for (size_t i = 0; inc && inc->kind == PL_YAML_SEQUENCE && i < inc->as.seq.n; i++)
			include_item(L, f, inc->as.seq.items[i], out, up, L->include_depth);
		layer *ly = PL_VEC_PUSH(L->a, out);
		ly->f = f;
		ly->root = root;
	}
}

/* ------------------------------------------------------------------ */
/* Extends.                                                             */

/* A service on the extends chain. */
typedef struct ext_link {
	const pl_compose_file *f;    /* its file */
	const char *service;         /* its name */
	const pl_yaml_node *node;    /* its mapping */
	const struct ext_link *up;   /* the service that extends it, or NULL */
} ext_link;

/* The services mapping of root, when it is one. */
static const pl_yaml_node *services_of(const pl_yaml_node *root)
{
	const pl_yaml_node *s = pl_yaml_get(root, "services");
	return s && s->kind == PL_YAML_MAPPING ? s : NULL;
}

/* The last document of f defining service name: its root, and the service in *svc. */
static const pl_yaml_node *find_service(const pl_compose_file *f, const char *name,
                                        const pl_yaml_node **svc)
{
	for (size_t d = f->yaml.ndocs; d-- > 0;) {
		const pl_yaml_node *s = pl_yaml_get(services_of(f->yaml.docs[d].root), name);
		if (s) {
			*svc = s;
			return f->yaml.docs[d].root;
		}
	}
	return NULL;
}

static const pl_yaml_node *extend(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *root,
                                  const char *name, const pl_yaml_node *svc, const ext_link *up,
                                  size_t depth);

/* The extended file, read and checked once. */
static pl_compose_file *extends_file(pl_compose__L *L, const pl_compose_file *f, const char *path,
                                     const char **err)
{
	bool fresh = !pl_compose__strmap_get(&L->by_path, path, strlen(path), NULL);
	pl_compose_file *bf = compose_file(L, path, f->env, err);
	if (bf && fresh) {
		bf->extended = true;
		for (size_t d = 0; d < bf->yaml.ndocs; d++)
			if (!empty_doc(bf->yaml.docs[d].root) && bf->yaml.docs[d].complete)
				pl_compose__validate(L, bf, bf->yaml.docs[d].root);
	}
	return bf;
}

/*
** Service name of f (in the document root) with its 'extends' applied:
** the base service, itself extended first, with this one merged over it.
*/
static const pl_yaml_node *extend(pl_compose__L *L, pl_compose_file *f, const pl_yaml_node *root,
                                  const char *name, const pl_yaml_node *svc, const ext_link *up,
                                  size_t depth)
{
	const pl_yaml_node *ext = svc->kind == PL_YAML_MAPPING ? pl_yaml_get(svc, "extends") : NULL;
	if (!ext || pl_compose__tagged(ext, "!reset"))
		return svc;
	const pl_yaml_node *sn = ext->kind == PL_YAML_SCALAR ? ext : pl_yaml_get(ext, "service");
	const pl_yaml_node *fn = ext->kind == PL_YAML_MAPPING ? pl_yaml_get(ext, "file") : NULL;
	const char *base_name = sn ? sure_text(L, f, sn) : NULL;
	if (!base_name)
		return svc;
	pl_compose_file *bf = f;
	const pl_yaml_node *broot = root, *base = NULL;
	const char *fname = fn ? sure_text(L, f, fn) : NULL;
	if (fname && is_remote(fname))
		return svc; /* fetched by Compose: nothing to merge here */
	if (fname) {
		const char *path = join(L->a, f->dir, fname);
		const char *err;
		bf = extends_file(L, f, path, &err);
		if (!bf) {
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, fn->span,
			                    "cannot read '%s', extended by service '%s': %s", path, name, err);
			return svc;
		}
		broot = find_service(bf, base_name, &base);
	} else {
		base = pl_yaml_get(services_of(root), base_name);
	}
	if (!base || pl_compose__tagged(base, "!reset")) {
		pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, sn->span,
		                    "service '%s', extended by service '%s', is not defined%s%s%s",
		                    pl_compose__quote(L->a, base_name, strlen(base_name)), name,
		                    fname ? " in '" : "", fname ? bf->src->path : "", fname ? "'" : "");
		return svc;
	}
	for (const ext_link *c = up; c; c = c->up) {
		if (c->f != bf || strcmp(c->service, base_name) != 0)
			continue;
		/* A cycle: report it once, where it closes, naming every service on it. */
		bool seen = false;
		for (const ext_link *k = up; k && !seen; k = k->up)
			seen = pl_compose__ptrmap_get(&L->cycles, k->node) != NULL;
		if (!seen) {
			const char *names = pl_arena_printf(L->a, "'%s'", pl_compose__quote(L->a, base_name, strlen(base_name)));
			for (const ext_link *k = up; k != c->up; k = k->up)
				names = pl_arena_printf(L->a, "'%s' -> %s", pl_compose__quote(L->a, k->service, strlen(k->service)), names);
			pl_compose__problem(L, PL_COMPOSE_PROBLEM_SCHEMA, f->src, sn->span,
			                    "extends cycle: %s", names);
		}
		for (const ext_link *k = up; k; k = k->up)
			pl_compose__ptrmap_put(L->a, &L->cycles, k->node, (void *)k->node);
		return svc;
	}
	if (depth >= MAX_EXTENDS_DEPTH)
		return svc;
	ext_link link = {bf, base_name, base, up};
	base = extend(L, bf, broot, base_name, base, &link, depth + 1);
	const char *path[2] = {"services", name};
	const pl_yaml_node *merged = pl_compose__merge(L, base, svc, path, 2);
	if (merged != svc && merged != base) {
		/* The merged service stands where this one is written. */
		pl_yaml_node *m = (pl_yaml_node *)merged;
		m->span = svc->span;
		pl_compose__ptrmap_put(L->a, &L->origin, m, f);
	}
	return merged;
}

/* Apply extends in every layer: services that extend are replaced by their merge. */
static void apply_extends(pl_compose__L *L, layers *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		layer *ly = &ls->v[i];
		const pl_yaml_node *services = services_of(ly->root);
		if (!services)
			continue;
		pl_yaml_pair *pairs = NULL;
		for (size_t k = 0; k < services->as.map.n; k++) {
			const pl_yaml_pair *p = &services->as.map.pairs[k];
			if (p->key->kind != PL_YAML_SCALAR || p->value->kind != PL_YAML_MAPPING
			    || !pl_yaml_get(p->value, "extends"))
				continue;
			ext_link link = {ly->f, p->key->as.scalar.value, p->value, NULL};
			const pl_yaml_node *m = extend(L, ly->f, ly->root, p->key->as.scalar.value, p->value,
			                               &link, 0);
			if (m == p->value)
				continue;
			if (!pairs) {
				pairs = pl_arena_alloc(L->a, services->as.map.n * sizeof(*pairs));
				memcpy(pairs, services->as.map.pairs, services->as.map.n * sizeof(*pairs));
			}
			pairs[k].value = (pl_yaml_node *)m;
		}
		if (!pairs)
			continue;
		pl_yaml_node *ns = pl_yaml_map_new(L->a, pairs, services->as.map.n, services->span);
		pl_compose__ptrmap_put(L->a, &L->origin, ns, ly->f);
		const pl_yaml_node *root = ly->root;
		pl_yaml_pair *rp = pl_arena_alloc(L->a, root->as.map.n * sizeof(*rp));
		memcpy(rp, root->as.map.pairs, root->as.map.n * sizeof(*rp));
		for (size_t k = 0; k < root->as.map.n; k++)
			if (rp[k].value == services)
				rp[k].value = ns;
		pl_yaml_node *nr = pl_yaml_map_new(L->a, rp, root->as.map.n, root->span);
		pl_compose__ptrmap_put(L->a, &L->origin, nr, ly->f);
		ly->root = nr;
	}
}

/* ------------------------------------------------------------------ */
/* The project.                                                         */

void pl_compose_load(pl_compose *c, pl_arena *arena, const pl_source *src,
                     const pl_compose_opts *opts)
{
	memset(c, 0, sizeof(*c));
	c->src = src;
	pl_compose__L L;
	memset(&L, 0, sizeof(L));
	L.c = c;
	L.a = arena;
	if (opts)
		L.o = *opts;
	if (!L.o.max_file_size)
		L.o.max_file_size = 10u * 1024 * 1024;
	if (!L.o.read)
		L.o.read = default_read;

	const char *dir = dir_of(arena, src->path);
	pl_compose_file *main = new_file(&L, src, dir, NULL);
	pl_compose__strmap_put(arena, &L.by_path, join(arena, "", src->path),
	                       strlen(join(arena, "", src->path)), main);
	load_yaml(&L, main);
	blame *eb = pl_arena_alloc(arena, (L.o.nenv_files + 1) * sizeof(*eb));
	for (size_t i = 0; i < L.o.nenv_files; i++) {
		eb[i].src = src;
		eb[i].span = pl_span_make(src->bom, src->bom);
	}
	main->env = project_env(&L, NULL, dir, L.o.env_files, L.o.nenv_files, eb);

	layers ls = {0};
	chain top = {join(arena, "", src->path), NULL};
	file_layers(&L, main, &ls, &top);
	bool main_empty = ls.n == 0;
	for (size_t i = 0; i < L.o.nfiles; i++) {
		const char *err;
		const char *path = L.o.files[i];
		pl_compose_file *f = compose_file(&L, join(arena, "", path), main->env, &err);
		if (!f) {
			pl_compose__problem(&L, PL_COMPOSE_PROBLEM_SCHEMA, src, pl_span_make(0, 0),
			                    "cannot read compose file '%s': %s", path, err);
			continue;
		}
		chain link = {f->src->path, NULL};
		file_layers(&L, f, &ls, &link);
	}
	bool broken = false;
	for (size_t i = 0; i < main->yaml.nerrors; i++)
		broken |= pl_yaml_error_is_syntax(main->yaml.errors[i].kind);
	bool has_body = false;
	for (size_t i = 0; i < main->yaml.ndocs; i++)
		has_body |= !empty_doc(main->yaml.docs[i].root);
	if (main_empty && !has_body && !broken)
		pl_compose__problem(&L, PL_COMPOSE_PROBLEM_SCHEMA, src, pl_span_make(src->bom, src->bom),
		                    "empty compose file: no services or other top-level keys");

	apply_extends(&L, &ls);
	const pl_yaml_node *root = ls.n ? ls.v[0].root : NULL;
	for (size_t i = 1; i < ls.n; i++)
		root = pl_compose__merge(&L, root, ls.v[i].root, NULL, 0);
	pl_compose__model(&L, root);
	for (size_t i = 0; i < main->yaml.ndocs; i++)
		pl_compose__model_include(&L, main->yaml.docs[i].root);
	c->index->interp = L.interp;

	c->files = L.files.v;
	c->nfiles = L.files.n;
	c->problems = L.problems.v;
	c->nproblems = L.problems.n;
	c->interps = L.interps.v;
	c->ninterps = L.interps.n;
}

/* ------------------------------------------------------------------ */
/* Lookups.                                                             */

const pl_compose_service *pl_compose_service_find(const pl_compose *c, const char *name)
{
	if (!c || !c->index || !name)
		return NULL;
	return pl_compose__strmap_get(&c->index->services, name, strlen(name), NULL);
}

const pl_compose_resource *pl_compose_resource_find(const pl_compose *c, pl_compose_kind kind,
                                                    const char *name)
{
	if (!c || !c->index || !name || (unsigned)kind >= PL_COMPOSE__NKINDS)
		return NULL;
	return pl_compose__strmap_get(&c->index->resources[kind], name, strlen(name), NULL);
}

const pl_compose_file *pl_compose_file_of(const pl_compose *c, const pl_source *src)
{
	for (size_t i = 0; c && i < c->nfiles; i++)
		if (c->files[i]->src == src)
			return c->files[i];
	return NULL;
}

const pl_compose_interp *pl_compose_interp_of(const pl_compose *c, const pl_yaml_node *n)
{
	if (!c || !c->index || !n)
		return NULL;
	return pl_compose__ptrmap_get(&c->index->interp, pl_yaml_origin(n));
}

const char *pl_compose_kind_name(pl_compose_kind k)
{
	static const char *const names[] = {"network", "volume", "secret", "config", "model"};
	return (unsigned)k < PL_ARRAY_LEN(names) ? names[k] : "?";
}

pl_span pl_compose_span(const pl_compose_loc *at)
{
	if (at->site)
		return at->site->span;
	if (at->key)
		return at->key->span;
	return at->node ? at->node->span : pl_span_make(0, 0);
}

pl_span pl_compose_value_span(const pl_compose_loc *at)
{
	if (at->site)
		return at->site->span;
	if (at->node)
		return at->node->span;
	return at->key ? at->key->span : pl_span_make(0, 0);
}
