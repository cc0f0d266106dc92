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

/* ---- buildkit: helpers for BuildKit's build checks ------------------- */

static size_t map_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

void pl_rk_map_init(pl_rk_map *m, pl_arena *a)
{
	memset(m, 0, sizeof(*m));
	m->arena = a;
}

/* The slot of s[0, n): where it is, or the empty slot where it would go (cap > 0). */
static pl_rk_map_ent *map_slot(const pl_rk_map *m, const char *s, size_t n)
{
	size_t mask = m->cap - 1;
	for (size_t i = map_hash(s, n) & mask;; i = (i + 1) & mask) {
		pl_rk_map_ent *e = &m->v[i];
		if (!e->key || (e->n == n && memcmp(e->key, s, n) == 0))
			return e;
	}
}

void pl_rk_map_put(pl_rk_map *m, const char *s, size_t n, const void *val)
{
	if (2 * (m->n + 1) > m->cap) { /* keep the load under one half */
		pl_rk_map old = *m;
		m->cap = old.cap ? 2 * old.cap : 16;
		m->v = pl_arena_alloc(m->arena, m->cap * sizeof(*m->v));
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				*map_slot(m, old.v[i].key, old.v[i].n) = old.v[i];
	}
	pl_rk_map_ent *e = map_slot(m, s, n);
	if (!e->key) {
		e->key = pl_arena_strndup(m->arena, s, n);
		e->n = n;
		m->n++;
	}
	e->val = val;
}

bool pl_rk_map_get(const pl_rk_map *m, const char *s, size_t n, const void **val)
{
	if (!m->cap)
		return false;
	const pl_rk_map_ent *e = map_slot(m, s, n);
	if (!e->key)
		return false;
	if (val)
		*val = e->val;
	return true;
}

static uint64_t hash64(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a, then a final mix so that the tree stays shallow */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return h;
}

/* Order of (h, s[0, n)) against node p: <0, 0, >0. */
static int pmap_cmp(uint64_t h, const char *s, size_t n, const pl_rk_pmap *p)
{
	if (h != p->hash)
		return h < p->hash ? -1 : 1;
	size_t m = n < p->n ? n : p->n;
	int c = memcmp(s, p->key, m);
	return c ? c : (n > p->n) - (n < p->n);
}

static const pl_rk_pmap *pmap_put(pl_arena *a, const pl_rk_pmap *p, uint64_t h, const char *s, size_t n,
                                  const void *val)
{
	pl_rk_pmap *q = pl_arena_alloc(a, sizeof(*q));
	if (!p) {
		q->hash = h;
		q->key = pl_arena_strndup(a, s, n);
		q->n = n;
		q->val = val;
		return q;
	}
	*q = *p;
	int c = pmap_cmp(h, s, n, p);
	if (c < 0)
		q->l = pmap_put(a, p->l, h, s, n, val);
	else if (c > 0)
		q->r = pmap_put(a, p->r, h, s, n, val);
	else
		q->val = val;
	return q;
}

const pl_rk_pmap *pl_rk_pmap_put(pl_arena *a, const pl_rk_pmap *root, const char *s, size_t n, const void *val)
{
	return pmap_put(a, root, hash64(s, n), s, n, val);
}

bool pl_rk_pmap_get(const pl_rk_pmap *p, const char *s, size_t n, const void **val)
{
	uint64_t h = hash64(s, n);
	while (p) {
		int c = pmap_cmp(h, s, n, p);
		if (!c) {
			if (val)
				*val = p->val;
			return true;
		}
		p = c < 0 ? p->l : p->r;
	}
	return false;
}

size_t pl_rk_pmap_keys(const pl_rk_pmap *p, const char **out, size_t max)
{
	if (!p || !max)
		return 0;
	size_t k = 0;
	out[k++] = p->key;
	k += pl_rk_pmap_keys(p->l, out + k, max - k);
	k += pl_rk_pmap_keys(p->r, out + k, max - k);
	return k;
}

/* BuildKit's automatic platform ARGs and their values for a linux/amd64 build on linux/amd64. */
static const char *const platform_args[][2] = {
	{"BUILDPLATFORM", "linux/amd64"}, {"BUILDOS", "linux"}, {"BUILDOSVERSION", ""},
	{"BUILDARCH", "amd64"}, {"BUILDVARIANT", ""}, {"TARGETPLATFORM", "linux/amd64"},
	{"TARGETOS", "linux"}, {"TARGETOSVERSION", ""}, {"TARGETARCH", "amd64"},
	{"TARGETVARIANT", ""}, {"TARGETSTAGE", ""},
};

const char *pl_rk_bk_platform_value(const char *s, size_t n)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(platform_args); i++)
		if (strlen(platform_args[i][0]) == n && memcmp(platform_args[i][0], s, n) == 0)
			return platform_args[i][1];
	return NULL;
}

bool pl_rk_bk_platform_arg(const char *s, size_t n)
{
	return pl_rk_bk_platform_value(s, n) != NULL;
}

bool pl_rk_bk_proxy_arg(const char *s, size_t n)
{
	static const char *const proxies[] = {"HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"};
	for (size_t i = 0; i < PL_ARRAY_LEN(proxies); i++)
		if (pl_strn_ieq(s, n, proxies[i]))
			return true;
	return false;
}

void pl_rk_from_scope_init(pl_rk_from_scope *s, pl_arena *a, const pl_dockerfile *df)
{
	pl_rk_map_init(&s->vals, a);
	pl_rk_map_init(&s->declared, a);
	for (size_t i = 0; i < PL_ARRAY_LEN(platform_args); i++)
		pl_rk_map_put(&s->vals, platform_args[i][0], strlen(platform_args[i][0]), platform_args[i][1]);
	for (size_t i = 0; i < df->nglobal_args; i++) {
		const pl_df_instr *in = df->global_args[i];
		for (size_t k = 0; k < in->nkvs; k++) {
			const pl_df_kv *kv = &in->kvs[k];
			size_t n = strlen(kv->key);
			pl_rk_map_put(&s->declared, kv->key, n, in);
			if (kv->raw_value) {
				const char *v = pl_df_expand(a, kv->raw_value, strlen(kv->raw_value), df->escape,
				                             pl_rk_from_scope_lookup, NULL, s);
				pl_rk_map_put(&s->vals, kv->key, n, v);
			} else if (!pl_rk_map_get(&s->vals, kv->key, n, NULL)) {
				pl_rk_map_put(&s->vals, kv->key, n, NULL); /* a predefined one keeps its value */
			}
		}
	}
}

const char *pl_rk_from_scope_lookup(void *ud, const char *name, size_t n)
{
	const pl_rk_from_scope *s = ud;
	const void *v = NULL;
	return pl_rk_map_get(&s->vals, name, n, &v) ? v : NULL;
}

const char *pl_rk_suggest(const char *name, const char *const *options, size_t n)
{
	const char *best = NULL;
	size_t mindist = 3;
	for (size_t i = 0; i < n; i++) {
		if (!options[i] || strcmp(options[i], name) == 0)
			continue;
		size_t d = pl_edit_distance(name, options[i], mindist - 1);
		if (d < mindist) {
			best = options[i];
			mindist = d;
		}
	}
	return best;
}

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_word_char(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '_';
}

/* path-component := [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)* over s[0, n). */
static bool path_component(const char *s, size_t n)
{
	size_t i = 0;
	if (!n || !is_lower_alnum(s[0]))
		return false;
	while (i < n) {
		while (i < n && is_lower_alnum(s[i]))
			i++;
		if (i == n)
			return true;
		size_t sep = i;
		if (s[i] == '.' || s[i] == '_') {
			i++;
			if (i < n && s[i] == '_' && s[sep] == '_')
				i++;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i == n || !is_lower_alnum(s[i]))
			return false;
	}
	return true;
}

/* domain := component ('.' component)* [':' port]; component := [a-zA-Z0-9] or [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]. */
static bool domain_ok(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t hn = colon ? (size_t)(colon - s) : n;
	if (colon) {
		if (colon + 1 == s + n)
			return false;
		for (const char *p = colon + 1; p < s + n; p++)
			if (*p < '0' || *p > '9')
				return false;
	}
	if (hn >= 2 && s[0] == '[' && s[hn - 1] == ']')
		return true; /* an IPv6 address: not checked further */
	size_t i = 0;
	while (i < hn) {
		size_t lo = i;
		while (i < hn && s[i] != '.')
			i++;
		if (i == lo)
			return false;
		for (size_t k = lo; k < i; k++) {
			char c = s[k];
			bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alnum && !(c == '-' && k != lo && k != i - 1))
				return false;
		}
		if (i < hn)
			i++; /* '.' */
		if (i == hn && s[hn - 1] == '.')
			return false;
	}
	return hn > 0;
}

bool pl_rk_valid_image_ref(const char *s)
{
	size_t len = strlen(s);
	if (!len)
		return false;
	const char *at = strchr(s, '@');
	size_t name_end = at ? (size_t)(at - s) : len;
	if (at) { /* digest := algorithm ':' hex{32,} */
		const char *d = at + 1, *colon = strchr(d, ':');
		if (!colon || colon == d)
			return false;
		for (const char *p = d; p < colon; p++)
			if (!is_lower_alnum(*p) && *p != '.' && *p != '+' && *p != '_' && *p != '-')
				return false;
		size_t hex = 0;
		for (const char *p = colon + 1; *p; p++, hex++)
			if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))
				return false;
		if (hex < 32)
			return false;
	}
	/* the tag: a ':' after the last '/' */
	size_t slash = 0;
	for (size_t i = 0; i < name_end; i++)
		if (s[i] == '/')
			slash = i + 1;
	const char *colon = memchr(s + slash, ':', name_end - slash);
	if (colon) {
		size_t tn = (size_t)(s + name_end - colon - 1);
		if (tn == 0 || tn > 128 || !is_word_char(colon[1]))
			return false;
		for (size_t i = 1; i < tn; i++)
			if (!is_word_char(colon[1 + i]) && colon[1 + i] != '.' && colon[1 + i] != '-')
				return false;
		name_end = (size_t)(colon - s);
	}
	if (name_end == 0 || name_end > 255)
		return false;
	/* 64 hex characters alone look like an image ID: refused */
	if (name_end == 64 && !at && !colon) {
		size_t k = 0;
		while (k < 64 && ((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f')))
			k++;
		if (k == 64)
			return false;
	}
	/* a first component with '.', ':' or uppercase, or "localhost", is a domain */
	size_t i = 0;
	const char *first_slash = memchr(s, '/', name_end);
	if (first_slash) {
		size_t fn = (size_t)(first_slash - s);
		bool domain = memchr(s, '.', fn) || memchr(s, ':', fn) || (fn == 9 && memcmp(s, "localhost", 9) == 0);
		for (size_t k = 0; k < fn && !domain; k++)
			domain = s[k] >= 'A' && s[k] <= 'Z';
		if (domain) {
			if (!domain_ok(s, fn))
				return false;
			i = fn + 1;
		}
	}
	while (i <= name_end) {
		size_t lo = i;
		while (i < name_end && s[i] != '/')
			i++;
		if (!path_component(s + lo, i - lo))
			return false;
		i++;
	}
	return true;
}

/* Lowercase copy of s[0, n). */
static char *lower_dup(pl_arena *a, const char *s, size_t n)
{
	char *d = pl_arena_strndup(a, s, n);
	for (char *c = d; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	return d;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static const char *const known_os[] = {"aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
                                       "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd",
                                       "plan9", "solaris", "wasip1", "windows", "zos"};
static const char *const known_arch[] = {"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be",
                                         "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
                                         "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64",
                                         "s390", "s390x", "sparc", "sparc64", "wasm"};

/* containerd's normalizeArch, for the architecture alone. */
static const char *normalize_arch(const char *arch)
{
	static const char *const alias[][2] = {
		{"i386", "386"}, {"x86_64", "amd64"}, {"x86-64", "amd64"}, {"aarch64", "arm64"},
		{"armhf", "arm"}, {"armel", "arm"},
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(alias); i++)
		if (strcmp(arch, alias[i][0]) == 0)
			return alias[i][1];
	return arch;
}

bool pl_rk_parse_platform(pl_arena *a, const char *s, const char **os, const char **arch)
{
	const char *parts[4];
	size_t np = 0;
	const char *p = s;
	while (np < 4) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!n)
			return false;
		for (size_t k = 0; k < n; k++) {
			char c = p[k];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '.' || c == '-'))
				return false;
		}
		parts[np++] = lower_dup(a, p, n);
		if (!e)
			break;
		p = e + 1;
	}
	if (np == 0 || np > 3)
		return false;
	if (np == 1) {
		const char *one = strcmp(parts[0], "macos") == 0 ? "darwin" : parts[0];
		if (in_list(one, known_os, PL_ARRAY_LEN(known_os))) {
			*os = one;
			*arch = "amd64";
			return true;
		}
		one = normalize_arch(parts[0]);
		if (in_list(one, known_arch, PL_ARRAY_LEN(known_arch))) {
			*os = "linux";
			*arch = one;
			return true;
		}
		return false;
	}
	*os = strcmp(parts[0], "macos") == 0 ? "darwin" : parts[0];
	*arch = normalize_arch(parts[1]);
	return true;
}

size_t pl_rk_var_ref_len(const char *s, size_t at)
{
	size_t i = at + 1;
	if (s[i] == '{') {
		int depth = 0;
		for (; s[i]; i++) {
			if (s[i] == '{')
				depth++;
			else if (s[i] == '}' && --depth == 0)
				return i + 1 - at;
		}
		return i - at;
	}
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
	       s[i] == '_')
		i++;
	return i - at;
}
