/*
** The open documents, file: URIs, and the overlay through which every
** lint reads the files besides the linted one (lint.h, pl_file.read):
** an open buffer wins over the file on disk, so a compose file sees the
** unsaved Dockerfile it builds and the other way round.  The overlay
** records each path it is asked for; those are the document's
** dependencies, linted again when one of them changes.
**
** A workspace holds a few open documents, so they are a plain array
** searched linearly.
*/
#include "lsp.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io.h"

void pl_lsp__paths_add(pl_lsp_paths *p, const char *s)
{
	if (pl_lsp__paths_has(p, s))
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = pl_xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = pl_xstrdup(s);
}

bool pl_lsp__paths_has(const pl_lsp_paths *p, const char *s)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i], s) == 0)
			return true;
	return false;
}

void pl_lsp__paths_clear(pl_lsp_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	p->n = 0;
}

static void paths_free(pl_lsp_paths *p)
{
	pl_lsp__paths_clear(p);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- paths and URIs --------------------------------------------------- */

char *pl_lsp__path_norm(const char *path)
{
	char cwd[4096];
	size_t plen = strlen(path);
	size_t cap = plen + 2;
	const char *base = "";
	if (path[0] != '/') {
		base = getcwd(cwd, sizeof(cwd)) ? cwd : "/";
		cap += strlen(base);
	}
	char *out = pl_xmalloc(cap);
	size_t n = 0;
	/* Segments of base, then of path; each output segment is "/name". */
	const char *parts[2] = {base, path};
	for (size_t k = 0; k < 2; k++) {
		const char *s = parts[k];
		while (*s) {
			while (*s == '/')
				s++;
			const char *e = s;
			while (*e && *e != '/')
				e++;
			size_t len = (size_t)(e - s);
			if (len == 2 && s[0] == '.' && s[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--; /* the slash before the dropped segment */
			} else if (len && !(len == 1 && s[0] == '.')) {
				out[n++] = '/';
				memcpy(out + n, s, len);
				n += len;
			}
			s = e;
		}
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *pl_lsp__uri_to_path(const char *uri)
{
	/* pl_strn_ieq stops at the first difference, so a short uri is safe. */
	if (!pl_strn_ieq(uri, 7, "file://"))
		return NULL;
	const char *p = uri + 7;
	if (*p != '/') { /* file://host/path: only the local host */
		if (!pl_strn_ieq(p, 9, "localhost") || p[9] != '/')
			return NULL;
		p += 9;
	}
	char *raw = pl_xmalloc(strlen(p) + 1);
	size_t n = 0;
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
			raw[n++] = (char)(hex(p[1]) * 16 + hex(p[2]));
			p += 2;
		} else {
			raw[n++] = *p;
		}
	}
	raw[n] = '\0';
	char *path = strlen(raw) == n ? pl_lsp__path_norm(raw) : NULL; /* %00: not a path */
	free(raw);
	return path;
}

char *pl_lsp__path_to_uri(const char *path)
{
	static const char digits[] = "0123456789ABCDEF";
	char *out = pl_xmalloc(7 + 3 * strlen(path) + 1);
	size_t n = 0;
	memcpy(out, "file://", 7);
	n = 7;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		bool plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
		if (plain) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = digits[*p >> 4];
			out[n++] = digits[*p & 15];
		}
	}
	out[n] = '\0';
	return out;
}

/* ---- documents ---------------------------------------------------------- */

/* How a document is linted: by its file name as the CLI decides, else by its language. */
static pl_file_kind kind_of(const char *uri, const char *path, const char *language)
{
	const char *name = path ? path : uri;
	pl_file_kind k = pl_file_kind_of(name);
	if (k == PL_FILE_DOCKERFILE || k == PL_FILE_COMPOSE)
		return k;
	if (language && strcmp(language, "dockerfile") == 0)
		return PL_FILE_DOCKERFILE;
	/* VS Code's and Helix's language id, and Neovim's filetype (sent as the id). */
	if (language && (strcmp(language, "dockercompose") == 0 ||
	                 strcmp(language, "yaml.docker-compose") == 0))
		return PL_FILE_COMPOSE;
	return PL_FILE_UNKNOWN;
}

pl_lsp_doc *pl_lsp__doc_open(pl_lsp_docs *ds, const char *uri, const char *language,
                             long long version, const char *text, size_t n)
{
	pl_lsp_doc *d = pl_lsp__doc_find(ds, uri);
	if (!d) {
		if (ds->n == ds->cap) {
			ds->cap = ds->cap ? ds->cap * 2 : 16;
			ds->v = pl_xrealloc(ds->v, ds->cap * sizeof(*ds->v));
		}
		d = pl_xcalloc(1, sizeof(*d));
		ds->v[ds->n++] = d;
		d->uri = pl_xstrdup(uri);
		d->path = pl_lsp__uri_to_path(uri);
	}
	free(d->language);
	d->language = pl_xstrdup(language ? language : "");
	d->kind = kind_of(uri, d->path, language);
	d->version = version;
	pl_lsp__text_set(&d->text, text, n);
	d->dirty = true;
	return d;
}

pl_lsp_doc *pl_lsp__doc_find(const pl_lsp_docs *ds, const char *uri)
{
	for (size_t i = 0; i < ds->n; i++)
		if (strcmp(ds->v[i]->uri, uri) == 0)
			return ds->v[i];
	return NULL;
}

pl_lsp_doc *pl_lsp__doc_by_path(const pl_lsp_docs *ds, const char *path)
{
	for (size_t i = 0; i < ds->n; i++)
		if (ds->v[i]->path && strcmp(ds->v[i]->path, path) == 0)
			return ds->v[i];
	return NULL;
}

static void doc_free(pl_lsp_doc *d)
{
	if (d->lint) {
		pl_file_free(d->lint);
		free(d->lint);
	}
	pl_lsp__text_free(&d->text);
	paths_free(&d->deps);
	paths_free(&d->targets);
	free(d->uri);
	free(d->path);
	free(d->language);
	free(d);
}

void pl_lsp__doc_close(pl_lsp_docs *ds, pl_lsp_doc *d)
{
	for (size_t i = 0; i < ds->n; i++) {
		if (ds->v[i] == d) {
			memmove(&ds->v[i], &ds->v[i + 1], (ds->n - i - 1) * sizeof(*ds->v));
			ds->n--;
			break;
		}
	}
	doc_free(d);
}

void pl_lsp__docs_free(pl_lsp_docs *ds)
{
	for (size_t i = 0; i < ds->n; i++)
		doc_free(ds->v[i]);
	free(ds->v);
	memset(ds, 0, sizeof(*ds));
}

/* ---- the overlay ---------------------------------------------------------- */

int pl_lsp__read(void *ud, const char *path, size_t limit, char **out, size_t *len,
                 const char **err)
{
	const pl_lsp_reader *r = ud;
	char *norm = pl_lsp__path_norm(path);
	if (r->deps)
		pl_lsp__paths_add(r->deps, norm);
	const pl_lsp_doc *d = pl_lsp__doc_by_path(r->docs, norm);
	free(norm);
	if (!d)
		return pl_io_read(path, limit, out, len, err);
	if (d->text.len > limit) {
		*err = "file too large";
		return -1;
	}
	*out = pl_xmalloc(d->text.len + 1);
	memcpy(*out, d->text.s, d->text.len + 1);
	*len = d->text.len;
	return 0;
}
