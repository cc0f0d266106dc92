/*
** The project layer: which Dockerfile each service of a compose project
** builds, with what context and target; the facts the file system gives
** about them; reading and linting each Dockerfile once.  The only place
** that opens files on behalf of the project rules.  See
** include/plimsoll/project.h.
*/
#include "plimsoll/project.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io.h"
#include "plimsoll/config.h"
#include "plimsoll/lint.h"
#include "plimsoll/rulekit.h"

/* ---- paths ------------------------------------------------------------ */

/*
** dir joined with rel (rel alone when absolute or dir is ""), with "."
** parts and "x/.." pairs removed, as filepath.Join cleans it; "." when
** nothing is left.  "a/./b/../c" -> "a/c"; "../x" keeps its "..".
*/
static const char *path_join(pl_arena *a, const char *dir, const char *rel)
{
	const char *full = rel[0] == '/' || !dir[0] ? rel : pl_arena_printf(a, "%s/%s", dir, rel);
	bool abs = full[0] == '/';
	size_t n = strlen(full);
	const char **part = pl_arena_alloc(a, (n / 2 + 1) * sizeof(*part)); /* the parts kept */
	size_t *plen = pl_arena_alloc(a, (n / 2 + 1) * sizeof(*plen));
	size_t np = 0;
	for (const char *p = full; *p;) {
		size_t len = strcspn(p, "/");
		bool up = len == 2 && p[0] == '.' && p[1] == '.';
		bool top_up = np && plen[np - 1] == 2 && memcmp(part[np - 1], "..", 2) == 0;
		if (up && np && !top_up)
			np--;                    /* x/.. */
		else if (up && abs && !np)
			;                        /* /.. is / */
		else if (len && !(len == 1 && p[0] == '.')) {
			part[np] = p;
			plen[np++] = len;
		}
		p += len;
		p += strspn(p, "/");
	}
	char *out = pl_arena_alloc(a, n + 2);
	size_t o = 0;
	if (abs)
		out[o++] = '/';
	for (size_t i = 0; i < np; i++) {
		if (i)
			out[o++] = '/';
		memcpy(out + o, part[i], plen[i]);
		o += plen[i];
	}
	if (!o)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

/* The folder of path ("" when it has none, "/" for a file at the root). */
static const char *folder_of(pl_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return "";
	return slash == path ? "/" : pl_arena_strndup(a, path, (size_t)(slash - path));
}

/* A context Compose fetches: git@…, or a URL scheme of two letters or more (not C:). */
static bool is_remote(const char *s)
{
	if (pl_str_starts(s, "git@") || pl_str_starts(s, "github.com/"))
		return true;
	size_t i = 0;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	       s[i] == '+' || s[i] == '.' || s[i] == '-')
		i++;
	return i >= 2 && s[i] == ':' && s[i + 1] == '/';
}

/* What is at path: a folder (want_dir) or a file. */
static pl_project_fs fs_at(const char *path, bool want_dir)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return PL_PROJECT_FS_MISSING;
	return (S_ISDIR(st.st_mode) != 0) == want_dir ? PL_PROJECT_FS_OK : PL_PROJECT_FS_WRONG;
}

/* A string value that can be used: present, a scalar, and not resting on an unset variable. */
static const char *sure_str(const pl_compose_val *v)
{
	if (!v->at.node || !v->str || (v->interp && v->interp->uncertain))
		return NULL;
	return v->str;
}

/* ---- resolving builds ------------------------------------------------ */

/* Folder the relative paths written in src resolve against. */
static const char *dir_of_src(const pl_project *p, const pl_source *src)
{
	const pl_compose_file *f = src ? pl_compose_file_of(p->compose, src) : NULL;
	return f ? f->dir : p->dir;
}

/* The Dockerfile's path and what is there, for a build whose context folder is OK. */
static void resolve_dockerfile(pl_project *p, pl_arena *a, pl_project_build *b)
{
	const pl_compose_build *bd = &b->service->build;
	const char *name = "Dockerfile";
	if (bd->dockerfile.at.node) {
		name = sure_str(&bd->dockerfile);
		if (!name || !*name)
			return; /* unknown */
	}
	b->dockerfile_path = path_join(a, b->context, name);
	if (!p->fs || b->context_fs != PL_PROJECT_FS_OK)
		return;
	b->dockerfile_fs = fs_at(b->dockerfile_path, false);
	if (b->dockerfile_fs != PL_PROJECT_FS_MISSING || bd->dockerfile.at.node)
		return;
	/* The classic builder also reads 'dockerfile'; podman reads a Containerfile. */
	const char *lower = path_join(a, b->context, "dockerfile");
	if (fs_at(lower, false) == PL_PROJECT_FS_OK) {
		b->dockerfile_path = lower;
		b->dockerfile_fs = PL_PROJECT_FS_OK;
	} else if (fs_at(path_join(a, b->context, "Containerfile"), false) == PL_PROJECT_FS_OK) {
		b->alternative = "Containerfile";
	}
}

static void resolve_build(pl_project *p, pl_arena *a, pl_project_build *b)
{
	const pl_compose_build *bd = &b->service->build;
	b->context_at = &bd->context;
	b->target = sure_str(&bd->target);
	b->is_inline = bd->dockerfile_inline.at.node && !bd->dockerfile.at.node;
	const char *ctx = ".";
	const pl_source *where = bd->at.src;
	if (bd->context.at.node) {
		ctx = sure_str(&bd->context);
		if (!ctx || !*ctx)
			return; /* an unset variable, or not a string: unknown */
		where = bd->context.at.src;
	}
	if (is_remote(ctx)) {
		b->remote = true;
		return;
	}
	b->context = path_join(a, dir_of_src(p, where), ctx);
	if (p->fs)
		b->context_fs = fs_at(b->context, true);
	if (!b->is_inline)
		resolve_dockerfile(p, a, b);
}

/* The real path of path in the arena, or NULL. */
static const char *real_path(pl_arena *a, const char *path)
{
	char *r = realpath(path, NULL);
	if (!r)
		return NULL;
	const char *out = pl_arena_strdup(a, r);
	free(r);
	return out;
}

static pl_project_dockerfile *new_dockerfile(pl_project *p, pl_arena *a, pl_project_build *b)
{
	pl_project_dockerfile *d = pl_arena_alloc(a, sizeof(*d));
	d->context = b->context;
	d->target = b->target;
	d->healthcheck = true;
	p->dockerfiles = pl_arena_realloc(a, p->dockerfiles, p->ndockerfiles * sizeof(*p->dockerfiles),
	                                  (p->ndockerfiles + 1) * sizeof(*p->dockerfiles));
	p->dockerfiles[p->ndockerfiles++] = d;
	return d;
}

static void add_build(pl_arena *a, pl_project_dockerfile *d, pl_project_build *b)
{
	d->builds = pl_arena_realloc(a, d->builds, d->nbuilds * sizeof(*d->builds),
	                             (d->nbuilds + 1) * sizeof(*d->builds));
	d->builds[d->nbuilds++] = b;
	b->dockerfile = d;
	/* A target all builds agree on is the stage linted as final. */
	if (d->target && (!b->target || !pl_str_ieq(d->target, b->target)))
		d->target = NULL;
	d->healthcheck = d->healthcheck && b->service->healthcheck.at.node != NULL;
}

void pl_project_load(pl_project *p, pl_arena *a, const pl_compose *c, const char *compose_path, bool fs)
{
	memset(p, 0, sizeof(*p));
	p->compose = c;
	p->fs = fs && compose_path;
	p->dir = compose_path ? folder_of(a, compose_path) : "";
	p->by_service = pl_arena_alloc(a, (c->nservices ? c->nservices : 1) * sizeof(*p->by_service));
	size_t n = 0;
	for (size_t i = 0; i < c->nservices; i++)
		n += c->services[i].build.at.node != NULL;
	p->builds = pl_arena_alloc(a, (n ? n : 1) * sizeof(*p->builds));
	pl_rk_map by_real = {0}; /* real path -> its pl_project_dockerfile */
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *svc = &c->services[i];
		if (!svc->build.at.node)
			continue;
		pl_project_build *b = &p->builds[p->nbuilds++];
		b->service = svc;
		p->by_service[svc->index] = b;
		resolve_build(p, a, b);
		if (b->is_inline && sure_str(&svc->build.dockerfile_inline)) {
			pl_project_dockerfile *d = new_dockerfile(p, a, b);
			d->is_inline = true;
			d->inline_val = &svc->build.dockerfile_inline;
			d->path = svc->build.dockerfile_inline.at.src->path;
			add_build(a, d, b);
			continue;
		}
		if (b->dockerfile_fs != PL_PROJECT_FS_OK)
			continue;
		const char *real = real_path(a, b->dockerfile_path);
		if (!real)
			continue;
		pl_project_dockerfile *d = pl_rk_map_get(&by_real, real, strlen(real));
		if (!d) {
			d = new_dockerfile(p, a, b);
			d->path = b->dockerfile_path;
			d->real = real;
			pl_rk_map_put(&by_real, a, real, strlen(real), d);
		}
		add_build(a, d, b);
	}
}

const pl_project_build *pl_project_build_of(const pl_project *p, const pl_compose_service *svc)
{
	return svc->index < p->compose->nservices ? p->by_service[svc->index] : NULL;
}

const pl_project_dockerfile *pl_project_dockerfile_of(const pl_project *p, const pl_source *src)
{
	for (size_t i = 0; i < p->ndockerfiles; i++)
		if (p->dockerfiles[i]->src == src)
			return p->dockerfiles[i];
	return NULL;
}

/* ---- inline Dockerfiles ---------------------------------------------- */

/*
** Map the text of a 'dockerfile_inline: |' block onto the file: each
** line of the value is a line of the block with its indentation
** removed.  Lines that do not match (escapes, folding, interpolation)
** map to the start of the nearest line before them that does; a value
** that cannot be mapped at all maps to the start of the scalar.
*/
static void map_inline(pl_project_dockerfile *d, pl_arena *a)
{
	const pl_yaml_node *n = d->inline_val->at.node;
	if (n->alias_of)
		n = n->alias_of; /* the text is at the anchor */
	const pl_source *src = d->inline_val->at.src;
	const char *text = d->src->text;
	PL_VEC(pl_textmap_seg) segs = {0};
	*PL_VEC_PUSH(a, &segs) = (pl_textmap_seg){0, n->span.off, 0}; /* until a line matches: the scalar */

	if (n->style == PL_YAML_LITERAL) {
		const char *p = src->text + n->span.off, *end = src->text + pl_span_end(n->span);
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end; /* past the '|' header */
		size_t indent = SIZE_MAX;
		for (size_t lo = 0; text[lo] && p < end;) {
			size_t llen = strcspn(text + lo, "\n");
			const char *pe = memchr(p, '\n', (size_t)(end - p));
			size_t plen = pe ? (size_t)(pe - p) : (size_t)(end - p);
			size_t sp = strspn(p, " ");
			if (sp > plen)
				sp = plen;
			if (indent == SIZE_MAX && sp < plen)
				indent = sp; /* the first line with text sets the indentation */
			size_t cut = indent != SIZE_MAX && sp >= indent ? indent : sp;
			if (llen && plen - cut == llen && memcmp(p + cut, text + lo, llen) == 0) {
				pl_textmap_seg *s = PL_VEC_PUSH(a, &segs);
				s->lo = lo;
				s->phys = (size_t)(p + cut - src->text);
				s->len = llen + (pe != NULL); /* with its newline */
			}
			lo += llen + (text[lo + llen] == '\n');
			p = pe ? pe + 1 : end;
		}
	}
	size_t skip = segs.n > 1 && segs.v[1].lo == 0; /* the first line matched: no fallback needed */
	d->inline_map.segs = segs.v + skip;
	d->inline_map.nsegs = segs.n - skip;
}

void pl_project__map_inline(const pl_project_dockerfile *pd, pl_diag *d)
{
	const pl_source *to = pd->inline_val->at.src;
	if (d->src == pd->src) {
		d->span = pl_textmap_span(&pd->inline_map, d->span.off, pl_span_end(d->span));
		d->src = to;
	}
	for (size_t i = 0; i < d->nnotes; i++) {
		pl_note *n = &d->notes[i];
		if (n->src == pd->src) {
			n->span = pl_textmap_span(&pd->inline_map, n->span.off, pl_span_end(n->span));
			n->src = to;
		}
	}
	d->fix = NULL; /* its edits are in the value's terms, not the file's */
}

/* ---- reading and linting --------------------------------------------- */

static int fs_read(void *ud, const char *path, size_t limit, char **out, size_t *len, const char **err)
{
	(void)ud;
	return pl_io_read(path, limit, out, len, err);
}

/* The stage compose builds from d for b: its target, else the last one. */
static const pl_df_stage *built_stage(const pl_dockerfile *df, const pl_project_build *b)
{
	if (b->target)
		return pl_df_stage_find(df, b->target, df->nstages);
	return df->nstages ? &df->stages[df->nstages - 1] : NULL;
}

/* Read d's bytes (malloc'd) into *buf; -1 with d->error set. */
static int read_dockerfile(pl_project_dockerfile *d, const pl_project_opts *o, char **buf, size_t *len)
{
	if (d->is_inline) {
		*len = strlen(d->inline_val->str);
		*buf = pl_xmalloc(*len + 1);
		memcpy(*buf, d->inline_val->str, *len + 1);
		return 0;
	}
	if (!o)
		return -1; /* no file system: not an error, nothing read */
	pl_compose_read_fn rd = o->read ? o->read : fs_read;
	const char *e = NULL;
	if (rd(o->ud, d->path, o->max_file_size ? o->max_file_size : 10u << 20, buf, len, &e) < 0) {
		d->error = e ? e : "cannot be read";
		return -1;
	}
	return 0;
}

void pl_project__lint(pl_project *p, pl_arena *a, const pl_config *cfg, const pl_project_opts *o)
{
	for (size_t i = 0; i < p->ndockerfiles; i++) {
		pl_project_dockerfile *d = p->dockerfiles[i];
		char *buf;
		size_t len;
		if (read_dockerfile(d, o, &buf, &len) < 0)
			continue;
		const pl_config *mcfg = NULL;
		if (o && o->config_for && !d->is_inline)
			mcfg = o->config_for(o->ud, d->path);
		if (!mcfg)
			mcfg = cfg;
		if (o && o->prepare && !d->is_inline)
			o->prepare(o->ud, d->path, mcfg, &buf, &len);
		pl_file *m = pl_xmalloc(sizeof(*m));
		pl_file_init(m, d->path, buf, len, PL_FILE_DOCKERFILE);
		free(buf);
		if (!d->is_inline)
			pl_file_set_path(m, d->path);
		m->context_dir = d->context ? pl_arena_strdup(&m->arena, d->context) : NULL;
		m->built_by = d;
		d->file = m;
		d->src = &m->src;
		if (d->is_inline)
			map_inline(d, a);
		pl_lint_file(m, mcfg);
		d->df = m->df;
		if (d->context) {
			pl_build_context *bc = pl_arena_alloc(a, sizeof(*bc));
			pl_context_load(bc, a, d->context, d->is_inline ? NULL : d->path);
			d->bctx = bc;
		}
		for (size_t k = 0; k < d->nbuilds; k++)
			d->builds[k]->stage = built_stage(d->df, d->builds[k]);
	}
}

void pl_project__free(pl_project *p)
{
	for (size_t i = 0; i < p->ndockerfiles; i++) {
		pl_file *m = p->dockerfiles[i]->file;
		if (m) {
			pl_file_free(m);
			free(m);
		}
		p->dockerfiles[i]->file = NULL;
	}
}
