/* The format table and helpers shared by the renderers. */
#include <stdlib.h>
#include <string.h>

#include "plimsoll/output.h"
#include "plimsoll/rule.h"

static const struct {
	const char *name;
	pl_render_fn fn;
} formats[] = {
#define PL__X(n, f) {n, f},
	PL_FORMAT_LIST(PL__X)
#undef PL__X
};

pl_render_fn pl_render_find(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++)
		if (strcmp(name, formats[i].name) == 0)
			return formats[i].fn;
	return NULL;
}

const char *pl_render_names(void)
{
	static char buf[256];
	if (!buf[0]) {
		for (size_t i = 0; i < PL_ARRAY_LEN(formats); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, formats[i].name);
		}
	}
	return buf;
}

void pl_out_json_string_n(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

void pl_out_json_string(FILE *out, const char *s)
{
	pl_out_json_string_n(out, s, strlen(s));
}

size_t pl_out_count(const pl_results *r, size_t counts[PL_SEV_NONE + 1], size_t *nfiles_with)
{
	size_t total = 0, files = 0;
	memset(counts, 0, (PL_SEV_NONE + 1) * sizeof(size_t));
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		if (ds->n)
			files++;
		for (size_t k = 0; k < ds->n; k++)
			counts[ds->v[k]->severity]++;
		total += ds->n;
	}
	if (nfiles_with)
		*nfiles_with = files;
	return total;
}

/* ---- XML ---------------------------------------------------------- */

void pl_out_xml_string_n(FILE *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = pl_utf8_len(u + i, n - i, &cp);
		if (len == 0) {
			fputs("\xEF\xBF\xBD", out); /* U+FFFD for one bad byte, then resync */
			i++;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		/* Attribute-value normalisation turns raw TAB/LF/CR into spaces. */
		case '\t': fputs("&#9;", out); break;
		case '\n': fputs("&#10;", out); break;
		case '\r': fputs("&#13;", out); break;
		default:
			/* Not even a character reference can carry these in XML 1.0. */
			if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
				fputs("\xEF\xBF\xBD", out);
			else
				fwrite(s + i, 1, len, out);
		}
		i += len;
	}
}

void pl_out_xml_string(FILE *out, const char *s)
{
	pl_out_xml_string_n(out, s, strlen(s));
}

/* ---- the JSON writer ---------------------------------------------- */

void pl_jw_init(pl_jw *w, FILE *out, int indent)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->indent = indent;
}

static void jw_newline(pl_jw *w)
{
	if (w->indent <= 0)
		return;
	fputc('\n', w->out);
	for (int i = 0; i < w->depth * w->indent; i++)
		fputc(' ', w->out);
}

/* Separator and indentation before a value or a key. */
static void jw_pre(pl_jw *w)
{
	if (w->after_key) {
		w->after_key = false; /* the value follows its key on the line */
		return;
	}
	if (w->has_value)
		fputc(',', w->out);
	if (w->depth > 0)
		jw_newline(w);
}

static void jw_open(pl_jw *w, char c)
{
	jw_pre(w);
	fputc(c, w->out);
	w->depth++;
	w->has_value = false;
}

void pl_jw_object(pl_jw *w)
{
	jw_open(w, '{');
}

void pl_jw_array(pl_jw *w)
{
	jw_open(w, '[');
}

void pl_jw_end(pl_jw *w, char close)
{
	PL_ASSERT(w->depth > 0 && !w->after_key); /* balanced, and no key left without a value */
	w->depth--;
	if (w->has_value)
		jw_newline(w); /* an empty container closes on its own line: {} and [] */
	fputc(close, w->out);
	w->has_value = true;
}

void pl_jw_key(pl_jw *w, const char *key)
{
	jw_pre(w);
	pl_out_json_string(w->out, key);
	fputs(w->indent > 0 ? ": " : ":", w->out);
	w->after_key = true;
	w->has_value = true;
}

/*
** JSON text must be UTF-8 (RFC 8259), and one bad byte in a path or a
** quoted line makes a strict reader (GitHub's SARIF upload) reject the
** whole report: invalid sequences are written as U+FFFD.
*/
void pl_out_json_string_utf8(FILE *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t len = pl_utf8_len(u + i, n - i, NULL);
		if (len == 0)
			break;
		i += len;
	}
	if (i == n) { /* the common case: valid already */
		pl_out_json_string_n(out, s, n);
		return;
	}
	char *clean = pl_xmalloc(3 * n + 1); /* each bad byte grows to 3 */
	size_t k = 0;
	for (i = 0; i < n;) {
		size_t len = pl_utf8_len(u + i, n - i, NULL);
		if (len == 0) {
			memcpy(clean + k, "\xEF\xBF\xBD", 3);
			k += 3;
			i++;
		} else {
			memcpy(clean + k, s + i, len);
			k += len;
			i += len;
		}
	}
	pl_out_json_string_n(out, clean, k);
	free(clean);
}

void pl_jw_string_n(pl_jw *w, const char *s, size_t n)
{
	jw_pre(w);
	w->has_value = true;
	pl_out_json_string_utf8(w->out, s, n);
}

void pl_jw_string(pl_jw *w, const char *s)
{
	pl_jw_string_n(w, s, strlen(s));
}

void pl_jw_uint(pl_jw *w, size_t n)
{
	jw_pre(w);
	fprintf(w->out, "%zu", n);
	w->has_value = true;
}

void pl_jw_raw(pl_jw *w, const char *literal)
{
	jw_pre(w);
	fputs(literal, w->out);
	w->has_value = true;
}

/* ---- fingerprints ------------------------------------------------- */

/* FNV-1a, 64-bit (Fowler, Noll, Vo): small, public domain, and good enough
 * to tell findings apart; not a cryptographic hash. */
#define FNV64_OFFSET 0xcbf29ce484222325u
#define FNV64_PRIME 0x100000001b3u

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV64_PRIME;
	}
	return h;
}

typedef struct fp_item {
	uint64_t key; /* hash of path, code and span text */
	size_t idx;   /* report order */
} fp_item;

static int fp_cmp(const void *pa, const void *pb)
{
	const fp_item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

uint64_t *pl_out_fingerprints(const pl_results *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfiles; i++)
		n += r->files[i]->diags.n;
	if (n == 0)
		return NULL;
	fp_item *items = pl_xmalloc(n * sizeof(*items));
	size_t k = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t j = 0; j < ds->n; j++, k++) {
			const pl_diag *d = ds->v[j];
			size_t off = d->span.off <= d->src->len ? d->span.off : d->src->len;
			size_t len = d->span.len <= d->src->len - off ? d->span.len : d->src->len - off;
			uint64_t h = FNV64_OFFSET;
			h = fnv1a(h, d->src->path, strlen(d->src->path) + 1); /* the NULs separate fields */
			h = fnv1a(h, d->code, strlen(d->code) + 1);
			h = fnv1a(h, d->src->text + off, len);
			items[k] = (fp_item){h, k};
		}
	}
	/* Sorting groups equal keys in report order: the occurrence counter is
	 * the rank in the group, in O(n log n) rather than pairwise. */
	qsort(items, n, sizeof(*items), fp_cmp);
	uint64_t *fp = pl_xmalloc(n * sizeof(*fp));
	size_t occ = 0;
	for (size_t i = 0; i < n; i++) {
		occ = i > 0 && items[i].key == items[i - 1].key ? occ + 1 : 0;
		char buf[32];
		int len = snprintf(buf, sizeof(buf), "\x1f%zu", occ);
		fp[items[i].idx] = fnv1a(items[i].key, buf, (size_t)len);
	}
	free(items);
	return fp;
}

const char *pl_out_relpath(const char *path)
{
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	return path;
}

/* ---- rule links --------------------------------------------------- */

const pl_rule *pl_out_rule(const pl_diag *d)
{
	return d->rule && d->rule->id && strcmp(d->rule->id, d->code) == 0 ? d->rule : NULL;
}

const char *pl_out_code_url(const pl_diag *d, char *buf, size_t size)
{
	const pl_rule *rule = pl_out_rule(d);
	if (rule)
		return pl_rule_url(rule, buf, size);
	/* ShellCheck codes reported from RUN instructions have their own wiki. */
	const char *c = d->code;
	if (c[0] == 'S' && c[1] == 'C' && c[2] >= '0' && c[2] <= '9') {
		snprintf(buf, size, "https://www.shellcheck.net/wiki/%s", c);
		return buf;
	}
	return NULL;
}
