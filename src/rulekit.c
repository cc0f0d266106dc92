/* Helpers shared by rules (see rulekit.h). */
#include "plimsoll/rulekit.h"

#include <string.h>

/* Copy of s[0..n) in the arena. */
static const char *dup(pl_arena *a, const char *s, size_t n)
{
	return pl_arena_strndup(a, s, n);
}

size_t pl_rk_mounts(pl_arena *a, const pl_df_instr *in, pl_rk_mount **out)
{
	size_t n = 0;
	for (size_t i = 0; i < in->nflags; i++)
		n += strcmp(in->flags[i].name, "mount") == 0 && in->flags[i].value;
	pl_rk_mount *m = pl_arena_alloc(a, (n ? n : 1) * sizeof(*m));
	size_t k = 0;
	for (size_t i = 0; i < in->nflags; i++) {
		const pl_df_flag *f = &in->flags[i];
		if (strcmp(f->name, "mount") != 0 || !f->value)
			continue;
		pl_rk_mount *mt = &m[k++];
		mt->span = f->span;
		mt->type = "bind";
		/* CSV of key=value fields: type=cache,target=/root/.cache */
		const char *p = f->value;
		while (*p) {
			const char *field = p;
			while (*p && *p != ',')
				p++;
			size_t flen = (size_t)(p - field);
			const char *eq = memchr(field, '=', flen);
			if (eq) {
				size_t klen = (size_t)(eq - field);
				const char *v = dup(a, eq + 1, flen - klen - 1);
				if (klen == 4 && memcmp(field, "type", 4) == 0)
					mt->type = v;
				else if ((klen == 6 && memcmp(field, "target", 6) == 0) ||
				         (klen == 3 && memcmp(field, "dst", 3) == 0) ||
				         (klen == 11 && memcmp(field, "destination", 11) == 0))
					mt->target = v;
				else if ((klen == 6 && memcmp(field, "source", 6) == 0) ||
				         (klen == 3 && memcmp(field, "src", 3) == 0))
					mt->source = v;
				else if (klen == 4 && memcmp(field, "from", 4) == 0)
					mt->from = v;
			}
			if (*p == ',')
				p++;
		}
	}
	*out = m;
	return k;
}

bool pl_rk_has_cache_mount(pl_arena *a, const pl_df_instr *in, const char *dir)
{
	pl_rk_mount *m;
	size_t n = pl_rk_mounts(a, in, &m);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(m[i].type, "cache") != 0 && strcmp(m[i].type, "tmpfs") != 0)
			continue;
		if (m[i].target && pl_str_starts(m[i].target, dir))
			return true;
	}
	return false;
}

bool pl_rk_is_archive(const char *path)
{
	static const char *const ext[] = {".tar", ".Z",   ".bz2", ".gz",  ".lz",  ".lzma", ".tZ", ".tb2",
	                                  ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz",  ".xz"};
	for (size_t i = 0; i < PL_ARRAY_LEN(ext); i++)
		if (pl_str_ends(path, ext[i]))
			return true;
	return false;
}

bool pl_rk_is_url(const char *path)
{
	return pl_str_starts(path, "http://") || pl_str_starts(path, "https://") ||
	       pl_str_starts(path, "git@") || pl_str_starts(path, "git://") ||
	       pl_str_starts(path, "ssh://");
}

bool pl_rk_truthy(const char *v)
{
	return pl_str_ieq(v, "1") || pl_str_ieq(v, "true") || pl_str_ieq(v, "on") || pl_str_ieq(v, "yes");
}

bool pl_rk_has_var(const char *s)
{
	const char *d = strchr(s, '$');
	return d && (d[1] == '{' || d[1] == '_' || (d[1] >= 'A' && d[1] <= 'Z') ||
	             (d[1] >= 'a' && d[1] <= 'z') || d[1] == '(');
}

bool pl_rk_is_apt_get_install(const pl_sh_cmd *c)
{
	static const char *const simulate[] = {"-s", "--simulate", "--dry-run", "--just-print",
	                                       "--no-act", "--recon", NULL};
	return pl_sh_cmd_is(c, "apt-get") && pl_sh_cmd_has_arg(c, "install") &&
	       !pl_sh_cmd_has_any_flag(c, simulate);
}

bool pl_rk_is_pip_install(const pl_sh_cmd *c)
{
	const char *n = c->name;
	if (!n || !*n)
		return false;
	if (pl_str_starts(n, "pip") && !pl_str_starts(n, "pipx") && !pl_str_starts(n, "pipenv"))
		return pl_sh_cmd_has_arg(c, "install");
	if (pl_str_starts(n, "python")) {
		/* python -m pip install … */
		size_t argc = pl_sh_cmd_argc(c);
		for (size_t i = 0; i + 2 < argc; i++) {
			if (strcmp(pl_sh_cmd_arg(c, i)->text, "-m") == 0 &&
			    strcmp(pl_sh_cmd_arg(c, i + 1)->text, "pip") == 0 &&
			    strcmp(pl_sh_cmd_arg(c, i + 2)->text, "install") == 0)
				return true;
		}
	}
	return false;
}

size_t pl_rk_subcommand_index(const pl_sh_cmd *c, const char *sub)
{
	for (size_t i = c->argv0 + 1; i < c->nwords; i++)
		if (strcmp(c->words[i].text, sub) == 0)
			return i;
	return c->nwords;
}

/* ---- instructions (DL1001, DL30xx, DL40xx structure rules) ---------- */

/* Kept in this section so each group's additions merge on their own. */
#include <stdlib.h>

#include "plimsoll/rule.h"

static unsigned char rk_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* FNV-1a over the key (lowercased when icase). */
static size_t rk_hash(const char *key, size_t len, bool icase)
{
	size_t h = (size_t)14695981039346656037ULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)key[i];
		h ^= icase ? rk_lower(c) : c;
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

static bool rk_key_eq(const pl_rk_map_slot *s, const char *key, size_t len, size_t h, bool icase)
{
	if (s->hash != h || s->len != len)
		return false;
	if (!icase)
		return memcmp(s->key, key, len) == 0;
	for (size_t i = 0; i < len; i++)
		if (rk_lower((unsigned char)s->key[i]) != rk_lower((unsigned char)key[i]))
			return false;
	return true;
}

/* The slot holding key, or the free slot where it would go. */
static pl_rk_map_slot *rk_find(const pl_rk_map *m, const char *key, size_t len, size_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		pl_rk_map_slot *s = &m->slots[i];
		if (!s->key || rk_key_eq(s, key, len, h, m->icase))
			return s;
	}
}

void *pl_rk_map_get(const pl_rk_map *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	pl_rk_map_slot *s = rk_find(m, key, len, rk_hash(key, len, m->icase));
	return s->key ? s->val : NULL;
}

void *pl_rk_map_put(pl_rk_map *m, pl_arena *a, const char *key, size_t len, void *val)
{
	if (2 * (m->n + 1) > m->cap) {
		/* Keep the load under one half: rehash into twice the room. */
		pl_rk_map old = *m;
		m->cap = old.cap ? 2 * old.cap : 16;
		m->slots = pl_arena_alloc(a, m->cap * sizeof(*m->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*rk_find(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash) = old.slots[i];
	}
	size_t h = rk_hash(key, len, m->icase);
	pl_rk_map_slot *s = rk_find(m, key, len, h);
	if (s->key)
		return s->val;
	s->key = dup(a, key, len);
	s->len = len;
	s->hash = h;
	s->val = val;
	m->n++;
	return NULL;
}

const pl_df_instr *pl_rk_first_in_stage(pl_rk_first *f, const pl_df_instr *in)
{
	if (f->in && f->stage == in->stage)
		return f->in;
	f->stage = in->stage;
	f->in = in;
	return NULL;
}

void pl_rk_report_repeated(pl_ctx *ctx, pl_rk_first *f, const pl_df_instr *in)
{
	if (in->parent)
		return; /* an ONBUILD trigger belongs to child images */
	const pl_df_instr *first = pl_rk_first_in_stage(f, in);
	if (!first)
		return;
	const char *kw = pl_instr_keyword(in->kind);
	const char *an = strchr("AEIOU", kw[0]) ? "an" : "a";
	pl_diag *d = pl_report(ctx, in->keyword, "this stage already has %s %s: only the last one takes effect",
	                       an, kw);
	pl_note_add(ctx, d, NULL, first->keyword, "the first %s is here", kw);
}

size_t pl_rk_from_refs(pl_arena *a, const pl_df_instr *in, pl_rk_from_ref **out)
{
	PL_VEC(pl_rk_from_ref) refs = {0};
	for (size_t i = 0; i < in->nflags; i++) {
		const pl_df_flag *f = &in->flags[i];
		if (!f->value)
			continue;
		bool exact = f->value_span.len == strlen(f->value);
		if (in->kind == PL_INSTR_COPY && strcmp(f->name, "from") == 0) {
			pl_rk_from_ref *r = PL_VEC_PUSH(a, &refs);
			r->name = f->value;
			r->span = exact ? f->value_span : f->span;
		} else if (in->kind == PL_INSTR_RUN && strcmp(f->name, "mount") == 0) {
			/* type=bind,from=build,target=/x: the from= field, if any */
			for (const char *p = f->value; *p; p++) {
				if ((p != f->value && p[-1] != ',') || strncmp(p, "from=", 5) != 0)
					continue;
				size_t at = (size_t)(p + 5 - f->value), n = strcspn(p + 5, ",");
				pl_rk_from_ref *r = PL_VEC_PUSH(a, &refs);
				r->name = dup(a, p + 5, n);
				r->span = exact ? pl_rk_subspan(f->value_span, f->value_span.len, at, n) : f->span;
			}
		}
	}
	*out = refs.v;
	return refs.n;
}

void pl_rk_stage_names(pl_rk_map *m, pl_arena *a, const pl_dockerfile *df)
{
	m->icase = true;
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		if (s->name)
			pl_rk_map_put(m, a, s->name, strlen(s->name), (void *)s);
	}
}

const pl_df_stage *pl_rk_stage_ref(const pl_rk_map *names, const pl_dockerfile *df, const char *ref)
{
	size_t n = strlen(ref);
	if (n && n < 10 && strspn(ref, "0123456789") == n) {
		size_t i = (size_t)strtoul(ref, NULL, 10);
		return i < df->nstages ? &df->stages[i] : NULL;
	}
	return pl_rk_map_get(names, ref, n);
}

const pl_df_imageref **pl_rk_root_images(pl_arena *a, const pl_dockerfile *df)
{
	const pl_df_imageref **root = pl_arena_alloc(a, (df->nstages + 1) * sizeof(*root));
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		/* a base is an earlier stage, whose root is already known */
		root[i] = s->base && ALWAYS(s->base->index < i) ? root[s->base->index] : &s->from->as.from.ref;
	}
	return root;
}

bool pl_rk_image_is_busybox(const pl_df_imageref *ref)
{
	if (!ref->name)
		return false;
	if (strcmp(ref->name, "alpine") == 0 || strcmp(ref->name, "busybox") == 0)
		return true;
	return ref->tag && strstr(ref->tag, "alpine") != NULL;
}

bool pl_rk_image_is_windows(const pl_df_imageref *ref)
{
	const char *p = ref->path;
	return p && (strstr(p, "windows") || strstr(p, "nanoserver") || strstr(p, "servercore"));
}

const char *pl_rk_basename(pl_arena *a, const char *path)
{
	size_t n = strlen(path);
	while (n && (path[n - 1] == '"' || path[n - 1] == '\''))
		n--;
	size_t start = n;
	while (start && path[start - 1] != '/' && path[start - 1] != '\\' &&
	       path[start - 1] != '"' && path[start - 1] != '\'')
		start--;
	return dup(a, path + start, n - start);
}

pl_span pl_rk_subspan(pl_span word, size_t raw_len, size_t off, size_t len)
{
	if (raw_len != word.len || off + len > raw_len)
		return word;
	pl_span s = {word.off + off, len};
	return s;
}

size_t pl_rk_name_end(const char *s, size_t i)
{
	while (s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	       (s[i] >= '0' && s[i] <= '9'))
		i++;
	return i;
}
