/*
** A submission on disk: find the project in it, read its compose file
** and the Dockerfiles that file builds, and lint them.
**
** Students hand in anything, so nothing here trusts the folder:
**   - every path is resolved (realpath) and read only when it lies in
**     the submission: a symlink to /etc/passwd is a note, never a read;
**     the compose loader's own reads (.env, overrides, include, extends)
**     go through the same gate;
**   - files are read up to a size limit, and only regular files (a FIFO
**     named Dockerfile would block);
**   - a file that is not text (NUL bytes, UTF-16, invalid UTF-8) is not
**     linted, and says so;
**   - a project zipped inside a folder is found one level down;
**   - only the top of the submission and one level below are listed,
**     at most MAX_ENTRIES names each and MAX_NESTED folders below, so a
**     huge tree costs nothing.
*/
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade.h"
#include "io.h"

#define MAX_ENTRIES 4096 /* names listed per folder */
#define MAX_DOCKERFILES 16
#define MAX_NESTED 64   /* folders looked into for a project one level down */

/* Docker Compose's default file names, in its order of preference. */
static const char *const compose_mains[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                            "docker-compose.yaml"};
static const char *const compose_overrides[] = {"compose.override.yml", "compose.override.yaml",
                                                "docker-compose.override.yml",
                                                "docker-compose.override.yaml"};

void pl_grade__note(pl_grade_project *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = pl_arena_vprintf(&p->arena, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < p->nnotes; i++)
		if (strcmp(p->notes[i], s) == 0)
			return; /* said once */
	p->notes = pl_arena_realloc(&p->arena, p->notes, p->nnotes * sizeof(*p->notes),
	                            (p->nnotes + 1) * sizeof(*p->notes));
	p->notes[p->nnotes++] = s;
}

/* ---- paths ------------------------------------------------------------ */

/*
** a joined with b ("." segments dropped, "x/.." folded where x is a
** name), in the arena.  b absolute: b alone.
*/
static const char *join(pl_arena *a, const char *base, const char *b)
{
	size_t cap = strlen(base) + strlen(b) + 2;
	char *tmp = pl_arena_alloc(a, cap);
	if (b[0] == '/' || !base[0] || strcmp(base, ".") == 0)
		snprintf(tmp, cap, "%s", b);
	else
		snprintf(tmp, cap, "%s/%s", base, b);
	/* Normalise lexically, segment by segment. */
	char *out = pl_arena_alloc(a, cap);
	size_t n = 0;
	bool abs = tmp[0] == '/';
	size_t keep = 0; /* bytes of out that a ".." may not remove (leading "../" runs) */
	for (const char *s = tmp; *s;) {
		while (*s == '/')
			s++;
		size_t len = strcspn(s, "/");
		if (!len)
			break;
		if (len == 1 && s[0] == '.') {
			/* drop */
		} else if (len == 2 && s[0] == '.' && s[1] == '.' && n > keep) {
			while (n > keep && out[n - 1] != '/')
				n--;
			if (n > keep)
				n--; /* the '/' before it */
			else if (abs && n == 0)
				n = 0;
		} else {
			if (n || abs)
				out[n++] = '/';
			memcpy(out + n, s, len);
			n += len;
			if (len == 2 && s[0] == '.' && s[1] == '.')
				keep = n;
		}
		s += len;
	}
	if (!n) {
		if (abs)
			out[n++] = '/';
		else
			out[n++] = '.';
	}
	out[n] = '\0';
	return out;
}

/* The folder part of a path ("." when none). */
static const char *dirname_of(pl_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : pl_arena_strndup(a, path, (size_t)(slash - path));
}

static bool under_root(const pl_grade_project *p, const char *real)
{
	size_t n = strlen(p->root_real);
	return strncmp(real, p->root_real, n) == 0 &&
	       (real[n] == '\0' || real[n] == '/' || strcmp(p->root_real, "/") == 0);
}

/*
** A symlink whose target does not exist cannot be resolved, but where it
** points can still be read from its text: resolve the folder it sits in,
** join the target to it and fold "." and ".." by hand. 0 when that lies
** outside the submission, -1 otherwise (it is then a link to nothing).
** Without this, whether "../../../../etc/x" counts as leading out would
** depend on how deep the submission sits on the grader's disk.
*/
static int dangling_where(const pl_grade_project *p, const char *disk)
{
	char target[PATH_MAX];
	ssize_t len = readlink(disk, target, sizeof(target) - 1);
	if (len <= 0)
		return -1;
	target[len] = '\0';
	pl_arena a;
	pl_arena_init(&a);
	char *base = realpath(dirname_of(&a, disk), NULL);
	int r = -1;
	if (base) {
		r = under_root(p, join(&a, base, target)) ? -1 : 0;
		free(base);
	}
	pl_arena_free(&a);
	return r;
}

/* 1 when disk resolves inside the submission, 0 outside, -1 when it does not resolve (errno). */
static int where(const pl_grade_project *p, const char *disk)
{
	char *real = realpath(disk, NULL);
	if (!real) {
		int err = errno;
		struct stat st;
		if (err == ENOENT && lstat(disk, &st) == 0 && S_ISLNK(st.st_mode) &&
		    dangling_where(p, disk) == 0)
			return 0;
		errno = err;
		return -1;
	}
	int in = under_root(p, real);
	free(real);
	return in;
}

bool pl_grade__inside(const pl_grade_project *p, const char *disk)
{
	return where(p, disk) == 1;
}

const char *pl_grade__rel(pl_grade_project *p, const char *disk)
{
	size_t n = strlen(p->prefix);
	if (n && strncmp(disk, p->prefix, n) == 0)
		return disk + n;
	if (strcmp(disk, p->dir) == 0)
		return ".";
	return disk;
}

int pl_grade__read(const pl_grade_project *p, const char *disk, char **out, size_t *len,
                   const char **why)
{
	int w = where(p, disk);
	if (w < 0) {
		struct stat st;
		bool link = lstat(disk, &st) == 0 && S_ISLNK(st.st_mode);
		*why = errno == ELOOP ? "is a symlink that leads to itself: it was not read"
		       : link         ? "is a symlink to nothing: it was not read"
		       : errno == ENOENT ? "is missing"
		                         : "could not be read";
		return -1;
	}
	if (w == 0) {
		*why = "is a symlink that leads outside the submission: it was not read";
		return -1;
	}
	const char *e;
	if (pl_io_read(disk, p->limit, out, len, &e) < 0) {
		*why = strcmp(e, "file too large") == 0 ? "is larger than the size limit (--max-file-size): it was not read"
		       : strcmp(e, "is a directory") == 0 ? "is a folder, not a file"
		       : strcmp(e, "not a regular file") == 0 ? "is not a regular file: it was not read"
		                                              : "could not be read";
		return -1;
	}
	return 0;
}

/* The compose loader's reads: the same gate. */
static int gated_read(void *ud, const char *path, size_t limit, char **out, size_t *len,
                      const char **err)
{
	const pl_grade_project *p = ud;
	(void)limit;
	return pl_grade__read(p, path, out, len, err);
}

/* ---- listing ---------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in dir, sorted (at most MAX_ENTRIES), in the arena; *n of them. */
static const char **list_dir(pl_arena *a, const char *dir, size_t *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	const char **v = pl_arena_alloc(a, MAX_ENTRIES * sizeof(*v));
	struct dirent *e;
	while (*n < MAX_ENTRIES && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		v[(*n)++] = pl_arena_strdup(a, e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static bool has_name(const char **names, size_t n, const char *name)
{
	return bsearch(&name, names, n, sizeof(*names), cmp_str) != NULL;
}

static bool is_dockerfile_name(const char *name)
{
	return pl_file_kind_of(name) == PL_FILE_DOCKERFILE;
}

static bool is_compose_name(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(compose_mains); i++)
		if (strcmp(name, compose_mains[i]) == 0)
			return true;
	return false;
}

/* A name that looks like a compose file Docker Compose would not pick up by itself. */
static bool looks_like_compose(const char *name)
{
	size_t n = strlen(name);
	bool yaml = (n > 4 && pl_str_ieq(name + n - 4, ".yml")) || (n > 5 && pl_str_ieq(name + n - 5, ".yaml"));
	if (!yaml)
		return false;
	for (size_t i = 0; i + 7 <= n; i++)
		if (pl_strn_ieq(name + i, 7, "compose"))
			return true;
	return false;
}

/* dir holds something that makes it a project: a compose file or a Dockerfile. */
static bool holds_project(const char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_compose_name(names[i]) || looks_like_compose(names[i]) || is_dockerfile_name(names[i]))
			return true;
	return false;
}

static bool is_real_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- loading ---------------------------------------------------------- */

/* Why bytes that were read are not gradeable text, or NULL. */
static const char *not_text(const pl_source *src)
{
	const unsigned char *t = (const unsigned char *)src->text;
	if (src->len >= 2 && ((t[0] == 0xff && t[1] == 0xfe) || (t[0] == 0xfe && t[1] == 0xff)))
		return "it is saved as UTF-16, not as UTF-8 text";
	if (src->has_nul)
		return "it is not a text file (it holds NUL bytes)";
	if (src->bad_utf8)
		return "it is not UTF-8 text";
	return NULL;
}

/* The .dockerignore files BuildKit would read for this Dockerfile lead outside the submission. */
static bool ignore_escapes(pl_grade_project *p, const char *ctx, const char *df)
{
	const char *cands[2] = {join(&p->arena, ctx, ".dockerignore"),
	                        pl_arena_printf(&p->arena, "%s.dockerignore", df)};
	for (size_t i = 0; i < 2; i++) {
		struct stat st;
		if (lstat(cands[i], &st) == 0 && where(p, cands[i]) == 0)
			return true; /* noted with the other symlinks that lead out */
	}
	return false;
}

static void load_dockerfile(pl_grade_project *p, pl_grade_df *d, const char *ctx, const pl_config *cfg)
{
	char *buf;
	size_t len;
	const char *why;
	if (pl_grade__read(p, d->disk, &buf, &len, &why) < 0) {
		d->state = strcmp(why, "is missing") == 0 ? PL_GF_MISSING : PL_GF_UNREADABLE;
		const char *by = d->nservices ? pl_arena_printf(&p->arena, " (service '%s' builds from it)", d->services[0])
		                              : "";
		d->why = pl_arena_printf(&p->arena, "'%s' %s%s", d->rel, why, d->state == PL_GF_MISSING ? by : "");
		pl_grade__note(p, "%s", d->why);
		return;
	}
	pl_file *f = pl_xmalloc(sizeof(*f));
	pl_file_init(f, d->disk, buf, len, PL_FILE_DOCKERFILE);
	free(buf);
	const char *bad = not_text(&f->src);
	if (bad) {
		d->state = PL_GF_BINARY;
		d->why = pl_arena_printf(&p->arena, "'%s' could not be graded: %s", d->rel, bad);
		pl_grade__note(p, "%s", d->why);
		pl_file_free(f);
		free(f);
		return;
	}
	pl_file_set_path(f, d->disk);
	f->context_dir = ignore_escapes(p, ctx, d->disk) ? NULL : pl_arena_strdup(&f->arena, ctx);
	pl_lint_file(f, cfg);
	d->file = f;
	d->state = PL_GF_OK;
}

/* The Dockerfile record for disk, added when new. */
static pl_grade_df *df_for(pl_grade_project *p, const char *disk)
{
	for (size_t i = 0; i < p->ndfs; i++)
		if (strcmp(p->dfs[i].disk, disk) == 0)
			return &p->dfs[i];
	if (p->ndfs == MAX_DOCKERFILES)
		return NULL;
	p->dfs = pl_arena_realloc(&p->arena, p->dfs, p->ndfs * sizeof(*p->dfs),
	                          (p->ndfs + 1) * sizeof(*p->dfs));
	pl_grade_df *d = &p->dfs[p->ndfs++];
	memset(d, 0, sizeof(*d));
	d->disk = disk;
	d->rel = pl_grade__rel(p, disk);
	d->state = PL_GF_MISSING;
	return d;
}

static void add_service(pl_grade_project *p, pl_grade_df *d, const char *svc)
{
	d->services = pl_arena_realloc(&p->arena, d->services, d->nservices * sizeof(*d->services),
	                               (d->nservices + 1) * sizeof(*d->services));
	d->services[d->nservices++] = svc;
}

static bool is_remote(const char *ctx)
{
	return strstr(ctx, "://") || pl_str_starts(ctx, "git@") || pl_str_starts(ctx, "github.com/");
}

/* The Dockerfiles the compose file builds; false when it builds none. */
static bool dockerfiles_from_compose(pl_grade_project *p, const pl_config *cfg)
{
	const pl_compose *c = p->compose->compose;
	bool any = false;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (!s->build.at.node)
			continue;
		any = true;
		if (s->build.dockerfile_inline.str) {
			pl_grade__note(p, "service '%s' builds from a Dockerfile written inside the compose file: "
			                  "it was not graded as a Dockerfile", s->name);
			continue;
		}
		const char *ctx = s->build.context.str && s->build.context.str[0] ? s->build.context.str : ".";
		if (is_remote(ctx)) {
			pl_grade__note(p, "service '%s' builds from '%s', which is not in the submission", s->name, ctx);
			continue;
		}
		const pl_compose_file *cf = pl_compose_file_of(c, s->build.at.src ? s->build.at.src : c->src);
		const char *base = cf && cf->dir ? cf->dir : dirname_of(&p->arena, p->compose->path);
		const char *ctx_disk = join(&p->arena, base, ctx);
		const char *name = s->build.dockerfile.str && s->build.dockerfile.str[0] ? s->build.dockerfile.str
		                                                                          : "Dockerfile";
		const char *df_disk = join(&p->arena, ctx_disk, name);
		if (where(p, ctx_disk) == 0) {
			pl_grade__note(p, "service '%s' builds from '%s', outside the submission: it was not read",
			               s->name, ctx);
			continue;
		}
		pl_grade_df *d = df_for(p, df_disk);
		if (!d)
			continue;
		add_service(p, d, s->name);
		if (d->nservices == 1)
			load_dockerfile(p, d, ctx_disk, cfg);
	}
	return any;
}

/* No compose file builds anything: the Dockerfile at the top of the project. */
static void fallback_dockerfile(pl_grade_project *p, const char **names, size_t n, const pl_config *cfg)
{
	static const char *const preferred[] = {"Dockerfile", "Containerfile", "dockerfile"};
	const char *pick = NULL;
	for (size_t i = 0; !pick && i < PL_ARRAY_LEN(preferred); i++)
		if (has_name(names, n, preferred[i]))
			pick = preferred[i];
	for (size_t i = 0; !pick && i < n; i++)
		if (is_dockerfile_name(names[i]))
			pick = names[i];
	if (!pick) {
		pl_grade__note(p, "no Dockerfile was found at the top of the project");
		return;
	}
	if (strcmp(pick, "Dockerfile") != 0 && strcmp(pick, "Containerfile") != 0)
		pl_grade__note(p, "'%s' was graded as the Dockerfile: `docker build .` looks for a file named "
		                  "'Dockerfile'", pick);
	pl_grade_df *d = df_for(p, join(&p->arena, p->root, pick));
	load_dockerfile(p, d, p->root, cfg);
}

static void load_compose(pl_grade_project *p, const char **names, size_t n, const pl_config *cfg)
{
	const char *pick = NULL;
	for (size_t i = 0; !pick && i < PL_ARRAY_LEN(compose_mains); i++)
		if (has_name(names, n, compose_mains[i]))
			pick = compose_mains[i];
	for (size_t i = 0; !pick && i < n; i++) {
		if (looks_like_compose(names[i])) {
			pick = names[i];
			pl_grade__note(p, "'%s' was graded as the compose file, but `docker compose` only finds "
			                  "compose.yaml (or compose.yml, docker-compose.yml, docker-compose.yaml) "
			                  "by itself: rename it",
			               pl_grade__rel(p, join(&p->arena, p->root, pick)));
		}
	}
	p->compose_state = PL_GF_MISSING;
	if (!pick) {
		pl_grade__note(p, "no compose file was found (compose.yaml or docker-compose.yml)");
		return;
	}
	const char *disk = join(&p->arena, p->root, pick);
	p->compose_rel = pl_grade__rel(p, disk);
	char *buf;
	size_t len;
	const char *why;
	if (pl_grade__read(p, disk, &buf, &len, &why) < 0) {
		p->compose_state = PL_GF_UNREADABLE;
		p->compose_why = pl_arena_printf(&p->arena, "'%s' %s", p->compose_rel, why);
		pl_grade__note(p, "%s", p->compose_why);
		return;
	}
	pl_file *f = pl_xmalloc(sizeof(*f));
	pl_file_init(f, disk, buf, len, PL_FILE_COMPOSE);
	free(buf);
	const char *bad = not_text(&f->src);
	if (bad) {
		p->compose_state = PL_GF_BINARY;
		p->compose_why = pl_arena_printf(&p->arena, "'%s' could not be graded: %s", p->compose_rel, bad);
		pl_grade__note(p, "%s", p->compose_why);
		pl_file_free(f);
		free(f);
		return;
	}
	pl_file_set_path(f, disk);
	/* The override file Docker Compose merges by itself. */
	const char *over = NULL;
	if (is_compose_name(pick))
		for (size_t i = 0; !over && i < PL_ARRAY_LEN(compose_overrides); i++)
			if (has_name(names, n, compose_overrides[i]))
				over = join(&p->arena, p->root, compose_overrides[i]);
	if (over)
		pl_grade__note(p, "'%s' is merged over '%s', as `docker compose` does", pl_grade__rel(p, over),
		               p->compose_rel);
	pl_compose_opts o;
	memset(&o, 0, sizeof(o));
	o.files = over ? &over : NULL;
	o.nfiles = over ? 1 : 0;
	o.max_file_size = p->limit;
	o.read = gated_read;
	o.read_ud = p;
	f->compose_opts = &o;
	pl_lint_file(f, cfg);
	f->compose_opts = NULL;
	p->compose = f;
	p->compose_state = PL_GF_OK;
	/* A syntax error stops YAML loading: what follows it was never seen. */
	const pl_compose *c = f->compose;
	for (size_t i = 0; i < c->nfiles && p->compose_state == PL_GF_OK; i++) {
		const pl_compose_file *cf = c->files[i];
		if (cf->is_env || !cf->yaml.stopped)
			continue;
		for (size_t k = 0; k < cf->yaml.nerrors; k++) {
			if (!pl_yaml_error_is_syntax(cf->yaml.errors[k].kind))
				continue;
			p->compose_state = PL_GF_BROKEN;
			for (size_t j = 0; j < f->diags.n; j++) {
				const pl_diag *d = f->diags.v[j];
				if (d->src == cf->src && d->span.off == cf->yaml.errors[k].span.off &&
				    strcmp(d->code, "PL0002") == 0)
					p->compose_syntax = d;
			}
			pl_grade__note(p, "'%s' is not valid YAML, so `docker compose` refuses it; the compose items "
			                  "were graded on nothing",
			               pl_grade__rel(p, cf->src->path));
			break;
		}
	}
}

/* dir as join() writes paths: no "." segments, no trailing slash. */
static const char *clean_dir(pl_arena *a, const char *dir)
{
	return join(a, ".", dir[0] ? dir : ".");
}

void pl_grade__project_load(pl_grade_project *p, const char *dir, const pl_config *cfg, size_t limit)
{
	memset(p, 0, sizeof(*p));
	pl_arena_init(&p->arena);
	p->limit = limit;
	p->dir = clean_dir(&p->arena, dir);
	p->prefix = strcmp(p->dir, ".") == 0 ? "" : pl_arena_printf(&p->arena, "%s/", p->dir);
	p->root = p->dir;
	p->compose_state = PL_GF_MISSING;
	char *real = realpath(p->dir, NULL);
	struct stat st;
	if (!real || stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		pl_grade__note(p, "the submission '%s' is not a folder that can be read%s%s", p->dir,
		               real ? "" : ": ", real ? "" : strerror(errno));
		free(real);
		return;
	}
	p->root_real = pl_arena_strdup(&p->arena, real);
	free(real);

	size_t n;
	bool quiet = false; /* nothing at all: the notes on each missing file would only repeat it */
	const char **names = list_dir(&p->arena, p->root, &n);
	if (!holds_project(names, n)) {
		/* Zipped inside a folder: look one level down. */
		const char *found = NULL;
		size_t nfound = 0;
		const char **sub = NULL;
		size_t nsub = 0;
		size_t looked = 0;
		for (size_t i = 0; i < n && looked < MAX_NESTED; i++) {
			if (names[i][0] == '.' || strcmp(names[i], "__MACOSX") == 0)
				continue;
			const char *path = join(&p->arena, p->root, names[i]);
			if (!is_real_dir(path))
				continue;
			looked++;
			size_t k;
			const char **kn = list_dir(&p->arena, path, &k);
			if (!holds_project(kn, k))
				continue;
			if (!nfound++) {
				found = path;
				sub = kn;
				nsub = k;
			}
		}
		if (found) {
			p->root = found;
			names = sub;
			n = nsub;
			pl_grade__note(p, "the project is one folder down, in '%s/': it was graded from there%s",
			               pl_grade__rel(p, found),
			               nfound > 1 ? " (other folders beside it hold a project too and were not graded)"
			                          : "");
		} else {
			size_t visible = 0;
			for (size_t i = 0; i < n; i++)
				visible += names[i][0] != '.';
			pl_grade__note(p, "the submission holds no Dockerfile and no compose file%s",
			               visible ? "" : " (the folder is empty)");
			quiet = true;
		}
	}

	/* Symlinks that lead out are never followed; say which there are. */
	for (size_t i = 0; i < n; i++) {
		const char *path = join(&p->arena, p->root, names[i]);
		struct stat lst;
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && where(p, path) == 0)
			pl_grade__note(p, "'%s' is a symlink that leads outside the submission: it was not read",
			               pl_grade__rel(p, path)); /* the same words as pl_grade__read's */
	}
	size_t before = p->nnotes;
	load_compose(p, names, n, cfg);
	bool built = p->compose_state == PL_GF_OK && dockerfiles_from_compose(p, cfg);
	if (!built)
		fallback_dockerfile(p, names, n, cfg);
	if (quiet)
		p->nnotes = before;
}

void pl_grade__project_free(pl_grade_project *p)
{
	if (p->compose) {
		pl_file_free(p->compose);
		free(p->compose);
	}
	for (size_t i = 0; i < p->ndfs; i++) {
		if (p->dfs[i].file) {
			pl_file_free(p->dfs[i].file);
			free(p->dfs[i].file);
		}
	}
	pl_arena_free(&p->arena);
}
