/*
** Build contexts: .dockerignore parsing and matching (the semantics of
** moby/patternmatcher: cleaned patterns, '!' exceptions, '**' for any
** number of folders, a match on a parent folder excludes its contents,
** the last matching pattern wins), and the top-level listing.
*/
#include "plimsoll/context.h"

#include <dirent.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"

#define MAX_IGNORE_SIZE (1u << 20) /* a .dockerignore larger than 1 MB is not read */

/* Clean a path as Go's filepath.Clean would, enough for patterns: drop "./",
** empty components and a leading or trailing '/'; resolve "..". */
static char *clean(pl_arena *a, const char *s, size_t n)
{
	char *out = pl_arena_alloc(a, n + 1);
	size_t len = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == '/')
			i++;
		size_t start = i;
		while (i < n && s[i] != '/')
			i++;
		size_t clen = i - start;
		if (clen == 0 || (clen == 1 && s[start] == '.'))
			continue;
		if (clen == 2 && s[start] == '.' && s[start + 1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		if (len)
			out[len++] = '/';
		memcpy(out + len, s + start, clen);
		len += clen;
	}
	out[len] = '\0';
	return out;
}

void pl_context_parse_ignore(pl_build_context *c, pl_arena *a, const pl_source *src)
{
	PL_VEC(pl_ignore_pattern) v = {0};
	for (size_t l = 0; l < src->nlines; l++) {
		pl_span ls = pl_source_line(src, l);
		const char *s = src->text + ls.off, *e = s + ls.len;
		if (l == 0 && src->bom && (size_t)(e - s) >= src->bom)
			s += src->bom;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e || *s == '#')
			continue;
		bool neg = false;
		if (*s == '!') {
			neg = true;
			s++;
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
		}
		char *pat = clean(a, s, (size_t)(e - s));
		if (!*pat)
			continue;
		pl_ignore_pattern *p = PL_VEC_PUSH(a, &v);
		p->pattern = pat;
		p->negate = neg;
		p->span = ls;
	}
	c->patterns = v.v;
	c->npatterns = v.n;
}

/* Match path components comp[0..n) against pattern components pat[0..m). */
static bool match_parts(char **pat, size_t m, char **comp, size_t n)
{
	/* Iterative with one backtrack point per '**' (like glob matching of '*'). */
	size_t pi = 0, ci = 0, star_p = (size_t)-1, star_c = 0;
	while (ci < n) {
		if (pi < m && strcmp(pat[pi], "**") == 0) {
			star_p = pi++;
			star_c = ci;
		} else if (pi < m && fnmatch(pat[pi], comp[ci], 0) == 0) {
			pi++;
			ci++;
		} else if (star_p != (size_t)-1) {
			pi = star_p + 1;
			ci = ++star_c;
		} else {
			return false;
		}
	}
	while (pi < m && strcmp(pat[pi], "**") == 0)
		pi++;
	return pi == m;
}

/* Split s at '/' into an array of copies (in a). */
static size_t split(pl_arena *a, const char *s, char ***out)
{
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += *p == '/';
	char **v = pl_arena_alloc(a, n * sizeof(char *));
	size_t k = 0;
	const char *start = s;
	for (const char *p = s;; p++) {
		if (*p == '/' || *p == '\0') {
			v[k++] = pl_arena_strndup(a, start, (size_t)(p - start));
			if (!*p)
				break;
			start = p + 1;
		}
	}
	*out = v;
	return k;
}

bool pl_context_ignored(const pl_build_context *c, const char *path)
{
	if (!c || !c->npatterns)
		return false;
	pl_arena a;
	pl_arena_init(&a);
	char *p = clean(&a, path, strlen(path));
	char **comp;
	size_t n = split(&a, p, &comp);
	bool ignored = false;
	for (size_t i = 0; i < c->npatterns; i++) {
		char **pat;
		size_t m = split(&a, c->patterns[i].pattern, &pat);
		/* The path itself, or one of its parent folders. */
		bool hit = false;
		for (size_t k = 1; k <= n && !hit; k++)
			hit = match_parts(pat, m, comp, k);
		if (hit)
			ignored = !c->patterns[i].negate;
	}
	pl_arena_free(&a);
	return ignored;
}

bool pl_context_has(const pl_build_context *c, const char *name)
{
	if (!c || !c->listed)
		return false;
	size_t lo = 0, hi = c->nentries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(c->entries[mid], name);
		if (r == 0)
			return true;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int read_disk(void *ud, const char *path, size_t limit, char **out, size_t *len,
                     const char **err)
{
	(void)ud;
	return pl_io_read(path, limit, out, len, err);
}

/* Fill c->entries with the sorted names in c->dir, allocated in a. */
static void list_dir(pl_build_context *c, pl_arena *a)
{
	DIR *d = opendir(c->dir);
	if (!d)
		return;
	PL_VEC(const char *) names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		*PL_VEC_PUSH(a, &names) = pl_arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	c->entries = names.v;
	c->nentries = names.n;
	c->listed = true;
}

/*
** Shared listings (pl_context_share_listings): each folder is listed and
** sorted once for the whole run, however many Dockerfiles build from
** it, and kept until exit.  A mutex guards them: lint threads load
** contexts at the same time.  Only the listing is shared; the
** .dockerignore, small and pointed at by findings, stays per file.
*/
typedef struct listing {
	const char *dir;        /* the folder, as the context names it */
	pl_build_context names; /* entries, nentries, listed */
	struct listing *next;   /* the next in its bucket */
} listing;

#define LISTING_BUCKETS 256
static _Atomic bool share_listings;
static pthread_mutex_t listings_lock = PTHREAD_MUTEX_INITIALIZER;
static listing *listings[LISTING_BUCKETS];
static pl_arena listings_arena;          /* every listing and its names */
static bool listings_registered;         /* the atexit handler is set */

static void free_listings(void)
{
	pthread_mutex_lock(&listings_lock);
	memset(listings, 0, sizeof(listings));
	pl_arena_free(&listings_arena);
	pthread_mutex_unlock(&listings_lock);
}

void pl_context_share_listings(bool on)
{
	atomic_store(&share_listings, on);
}

static void shared_listing(pl_build_context *c)
{
	size_t h = 5381;
	for (const char *p = c->dir; *p; p++)
		h = h * 33 + (unsigned char)*p;
	pthread_mutex_lock(&listings_lock);
	listing *l = listings[h % LISTING_BUCKETS];
	while (l && strcmp(l->dir, c->dir) != 0)
		l = l->next;
	if (!l) {
		if (!listings_registered) {
			listings_registered = true;
			atexit(free_listings);
		}
		l = pl_arena_alloc(&listings_arena, sizeof(*l));
		l->dir = pl_arena_strdup(&listings_arena, c->dir);
		l->names.dir = l->dir;
		list_dir(&l->names, &listings_arena);
		l->next = listings[h % LISTING_BUCKETS];
		listings[h % LISTING_BUCKETS] = l;
	}
	pthread_mutex_unlock(&listings_lock);
	c->entries = l->names.entries; /* read-only from here on */
	c->nentries = l->names.nentries;
	c->listed = l->names.listed;
}

bool pl_context_known_absent(const char *path)
{
	if (!atomic_load(&share_listings))
		return false;
	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t n = slash ? (size_t)(slash - path) : 0;
	if (n >= sizeof(dir))
		return false;
	if (!slash)
		strcpy(dir, ".");
	else if (n == 0)
		strcpy(dir, "/");
	else {
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	pl_build_context l;
	memset(&l, 0, sizeof(l));
	l.dir = dir;
	shared_listing(&l);
	return l.listed && !pl_context_has(&l, slash ? slash + 1 : path);
}

/* Read path as a source in a, or NULL when it cannot be read. */
static const pl_source *read_source(pl_arena *a, const char *path, pl_read_fn read, void *ud)
{
	char *buf;
	size_t len;
	const char *err;
	if (read(ud, path, MAX_IGNORE_SIZE, &buf, &len, &err) < 0)
		return NULL;
	pl_source *src = pl_arena_alloc(a, sizeof(*src));
	pl_source_init(src, a, path, buf, len);
	free(buf);
	return src;
}

void pl_context_load(pl_build_context *c, pl_arena *a, const char *dir, const char *dockerfile_path)
{
	pl_context_load_via(c, a, dir, dockerfile_path, NULL, NULL);
}

void pl_context_load_via(pl_build_context *c, pl_arena *a, const char *dir,
                         const char *dockerfile_path, pl_read_fn read, void *ud)
{
	bool disk = !read; /* no editor buffers in between: the shared listings tell what is absent */
	if (!read)
		read = read_disk;
	memset(c, 0, sizeof(*c));
	c->dir = pl_arena_strdup(a, dir && *dir ? dir : ".");
	if (dockerfile_path) {
		const char *src = pl_arena_printf(a, "%s.dockerignore", dockerfile_path);
		if (!(disk && pl_context_known_absent(src)))
			c->dockerignore = read_source(a, src, read, ud);
	}
	if (!c->dockerignore) {
		const char *src = pl_arena_printf(a, "%s/.dockerignore", c->dir);
		if (!(disk && pl_context_known_absent(src)))
			c->dockerignore = read_source(a, src, read, ud);
	}
	if (c->dockerignore)
		pl_context_parse_ignore(c, a, c->dockerignore);

	if (atomic_load(&share_listings)) {
		shared_listing(c);
		return;
	}
	list_dir(c, a);
}
