/* Helpers shared by rules (see rulekit.h). */
#include "plimsoll/rulekit.h"

#include <fnmatch.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "plimsoll/context.h"

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

/* The instruction's words are JSON strings (the exec form). */
static bool exec_form(const pl_df_instr *in)
{
	return in->sh_src == PL_DF_SH_EXEC;
}

/* s as a JSON string literal. */
static const char *json_quote(pl_arena *a, const char *s)
{
	char *out = pl_arena_alloc(a, 2 * strlen(s) + 3), *p = out;
	*p++ = '"';
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '"';
	*p = '\0';
	return out;
}

void pl_rk_fix_insert_after(pl_ctx *ctx, pl_diag *d, const pl_df_instr *in, const pl_sh_word *after,
                            const char *arg, const char *title)
{
	pl_arena *a = pl_ctx_arena(ctx);
	size_t at = pl_span_end(after->span);
	const char *text = exec_form(in) ? pl_arena_printf(a, ", %s", json_quote(a, arg))
	                                 : pl_arena_printf(a, " %s", arg);
	pl_fix_replace(ctx, d, PL_FIX_SAFE, title, pl_span_make(at, at), text);
}

void pl_rk_fix_replace_word(pl_ctx *ctx, pl_diag *d, const pl_df_instr *in, const pl_sh_word *w,
                            const char *text, const char *title)
{
	pl_fix_replace(ctx, d, PL_FIX_SAFE, title, w->span,
	               exec_form(in) ? json_quote(pl_ctx_arena(ctx), text) : text);
}

/* ---- labels: DL3026 and the label-schema rules DL3048–DL3058 ---------- */


const char *pl_rk_excerpt(pl_arena *a, const char *s)
{
	size_t n = 0;
	while (s[n] && (unsigned char)s[n] >= 0x20 && s[n] != 0x7f && n < 64)
		n++;
	if (!s[n])
		return s;
	size_t k = n;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--; /* s[k] starts a UTF-8 sequence: cut before it */
	return pl_arena_printf(a, "%.*s\xe2\x80\xa6", (int)k, s);
}

/* FNV-1a over the ASCII-lowercased name. */
static size_t stage_hash(const char *s)
{
	size_t h = 14695981039346656037u;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211u;
	}
	return h;
}

void pl_rk_stages_init(pl_rk_stages *ix, pl_arena *a, const pl_dockerfile *df)
{
	ix->df = df;
	ix->cap = 8;
	while (ix->cap < 2 * df->nstages + 2)
		ix->cap *= 2;
	ix->slots = pl_arena_alloc(a, ix->cap * sizeof(*ix->slots));
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *st = &df->stages[i];
		if (!st->name)
			continue;
		size_t k = stage_hash(st->name) & (ix->cap - 1);
		while (ix->slots[k] && !pl_str_ieq(ix->slots[k]->name, st->name))
			k = (k + 1) & (ix->cap - 1);
		if (!ix->slots[k])
			ix->slots[k] = st; /* a repeated name keeps its first stage */
	}
}

const pl_df_stage *pl_rk_stages_find(const pl_rk_stages *ix, const char *from)
{
	if (!from || !*from)
		return NULL;
	size_t num = 0, i = 0;
	while (from[i] >= '0' && from[i] <= '9' && num < ix->df->nstages)
		num = num * 10 + (size_t)(from[i++] - '0');
	if (!from[i] && num < ix->df->nstages)
		return &ix->df->stages[num];
	for (size_t k = stage_hash(from) & (ix->cap - 1); ix->slots[k]; k = (k + 1) & (ix->cap - 1))
		if (pl_str_ieq(ix->slots[k]->name, from))
			return ix->slots[k];
	return NULL;
}

const pl_label_rule *pl_rk_label_rule(const pl_config *cfg, const char *key)
{
	for (size_t i = 0; i < cfg->nlabel_schema; i++)
		if (strcmp(cfg->label_schema[i].name, key) == 0)
			return &cfg->label_schema[i];
	return NULL;
}

bool pl_rk_label_value_unknown(const pl_df_kv *kv)
{
	/* Single quotes keep a '$' literal; anything else with a variable is expanded by the build. */
	return kv->raw_value && kv->raw_value[0] != '\'' && pl_rk_has_var(kv->value);
}

void pl_rk_check_label_values(pl_ctx *ctx, const pl_df_instr *in, pl_label_type type,
                              pl_rk_label_check valid, const char *what)
{
	const pl_config *cfg = pl_ctx_config(ctx);
	if (!cfg->nlabel_schema)
		return;
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		const pl_label_rule *lr = pl_rk_label_rule(cfg, kv->key);
		if (!lr || lr->type != type || !kv->value || !*kv->value || pl_rk_label_value_unknown(kv))
			continue;
		const char *detail = valid(pl_ctx_arena(ctx), kv->value);
		if (detail)
			pl_report(ctx, kv->value_span.len ? kv->value_span : kv->key_span,
			          "label '%s' is not %s: %s", pl_rk_excerpt(pl_ctx_arena(ctx), kv->key), what,
			          detail);
	}
}

static pl_rk_regex *_Atomic compiled_regexes; /* every compiled pattern, for free_regexes */

static void free_regexes(void)
{
	pl_rk_regex *re = atomic_exchange(&compiled_regexes, NULL);
	while (re) {
		pl_rk_regex *next = re->next;
		pcre2_code_free(atomic_exchange(&re->code, NULL));
		re = next;
	}
}

/* re's compiled code: compiled on first use; a thread that loses the race frees its copy. */
static pcre2_code *regex_code(pl_rk_regex *re)
{
	pcre2_code *code = atomic_load(&re->code);
	if (code)
		return code;
	int errcode;
	PCRE2_SIZE erroff;
	code = pcre2_compile((PCRE2_SPTR)re->pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &errcode,
	                     &erroff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		fprintf(stderr, "plimsoll: bad regular expression at %zu: %s\n", (size_t)erroff,
		        (const char *)msg);
		pl_die_assert(re->pattern, __FILE__, __LINE__);
	}
	void *expected = NULL;
	if (!atomic_compare_exchange_strong(&re->code, &expected, code)) {
		pcre2_code_free(code);
		return expected;
	}
	static atomic_flag registered = ATOMIC_FLAG_INIT;
	if (!atomic_flag_test_and_set(&registered))
		atexit(free_regexes);
	pl_rk_regex *head = atomic_load(&compiled_regexes);
	do
		re->next = head;
	while (!atomic_compare_exchange_weak(&compiled_regexes, &head, re));
	return code;
}

bool pl_rk_regex_match(pl_rk_regex *re, const char *s, size_t n)
{
	return pl_rk_pcre2_match(regex_code(re), s, n);
}

/* ---- best practices ------------------------------------------------- */

const pl_df_stage *pl_rk_final_stage(const pl_dockerfile *df)
{
	for (size_t i = df->nstages; i-- > 0;)
		if (df->stages[i].is_last)
			return &df->stages[i]; /* the last, or a compose target (engine.c mark_target) */
	return df->nstages ? &df->stages[df->nstages - 1] : NULL;
}

const pl_df_stage *pl_rk_stage_root(const pl_df_stage *st)
{
	while (st && st->base)
		st = st->base; /* base is always an earlier stage, so this ends */
	return st;
}

const char *pl_rk_official_name(const pl_df_imageref *ref)
{
	if (!ref || !ref->path || ref->has_vars || ref->scratch)
		return NULL;
	if (ref->registry && strcmp(ref->registry, "docker.io") != 0 &&
	    strcmp(ref->registry, "index.docker.io") != 0 &&
	    strcmp(ref->registry, "registry-1.docker.io") != 0)
		return NULL;
	const char *p = ref->path;
	if (pl_str_starts(p, "library/"))
		p += 8;
	return strchr(p, '/') ? NULL : p;
}

bool pl_rk_is_whole_context(const char *s)
{
	return strcmp(s, ".") == 0 || strcmp(s, "./") == 0 || strcmp(s, "*") == 0 ||
	       strcmp(s, "./*") == 0;
}

/* The stages of st's chain, root first; returns how many (at least 1). */
static size_t chain_of(pl_arena *a, const pl_df_stage *st, const pl_df_stage ***out)
{
	size_t n = 0;
	for (const pl_df_stage *s = st; s; s = s->base)
		n++;
	const pl_df_stage **v = pl_arena_alloc(a, (n ? n : 1) * sizeof(*v));
	size_t i = n;
	for (const pl_df_stage *s = st; s; s = s->base)
		v[--i] = s;
	*out = v;
	return n;
}

typedef struct env_item {
	const pl_df_kv *kv;
	size_t order; /* position in the chain: a later one wins */
} env_item;

static int cmp_env_item(const void *x, const void *y)
{
	const env_item *a = x, *b = y;
	int r = strcmp(a->kv->key, b->kv->key);
	return r ? r : (a->order > b->order) - (a->order < b->order);
}

void pl_rk_env_build(pl_rk_env *env, pl_arena *a, const pl_df_stage *st)
{
	memset(env, 0, sizeof(*env));
	const pl_df_stage **chain;
	size_t n = chain_of(a, st, &chain);
	PL_VEC(env_item) items = {0};
	for (size_t s = 0; s < n; s++) {
		for (size_t i = 0; i < chain[s]->ninstrs; i++) {
			const pl_df_instr *in = chain[s]->instrs[i];
			if (in->kind != PL_INSTR_ENV || in->parent)
				continue;
			for (size_t k = 0; k < in->nkvs; k++) {
				env_item *it = PL_VEC_PUSH(a, &items);
				it->kv = &in->kvs[k];
				it->order = items.n;
			}
		}
	}
	if (!items.n)
		return;
	qsort(items.v, items.n, sizeof(*items.v), cmp_env_item);
	const pl_df_kv **kvs = pl_arena_alloc(a, items.n * sizeof(*kvs));
	size_t m = 0;
	for (size_t i = 0; i < items.n; i++) {
		/* keep the last of each run of equal keys */
		if (i + 1 < items.n && strcmp(items.v[i].kv->key, items.v[i + 1].kv->key) == 0)
			continue;
		kvs[m++] = items.v[i].kv;
	}
	env->kvs = kvs;
	env->n = m;
}

const pl_df_kv *pl_rk_env_get(const pl_rk_env *env, const char *key)
{
	if (!env)
		return NULL;
	size_t lo = 0, hi = env->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(env->kvs[mid]->key, key);
		if (r == 0)
			return env->kvs[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool pl_rk_host_is_loopback(const char *h)
{
	if (!h)
		return false;
	return pl_str_ieq(h, "localhost") || pl_str_starts(h, "127.") || strcmp(h, "::1") == 0 ||
	       strcmp(h, "[::1]") == 0 || pl_str_ieq(h, "ip6-localhost") ||
	       strcmp(h, "0:0:0:0:0:0:0:1") == 0;
}

const char *pl_rk_cmd_text(pl_arena *a, const pl_sh_cmd *c, size_t max)
{
	PL_VEC(char) out = {0};
	for (size_t i = c->argv0 < c->nwords ? c->argv0 : 0; i < c->nwords; i++) {
		const char *t = c->words[i].text;
		size_t n = strlen(t);
		if (out.n && out.n + 1 + n > max) {
			for (const char *e = " \xe2\x80\xa6"; *e; e++) /* " …" */
				*PL_VEC_PUSH(a, &out) = *e;
			break;
		}
		if (out.n)
			*PL_VEC_PUSH(a, &out) = ' ';
		for (size_t k = 0; k < n; k++)
			*PL_VEC_PUSH(a, &out) = t[k];
	}
	*PL_VEC_PUSH(a, &out) = '\0';
	return out.v;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* python, python3, python3.12, pypy3 */
static bool is_python(const char *name)
{
	return pl_str_starts(name, "python") || pl_str_starts(name, "pypy");
}

/* ---- servers: what one command starts ---- */

/* The settings of one server, as data; the code below reads them. */
typedef struct server_spec {
	pl_rk_server_kind kind;
	const char *host_default;      /* NULL: the host is unknown unless given */
	unsigned port_default;         /* 0: the port is unknown unless given */
	const char *const *host_opts;  /* options whose value is the host */
	const char *const *port_opts;  /* options whose value is the port */
	const char *const *bind_opts;  /* options whose value is HOST[:PORT] (or unix:…, fd://…) */
	const char *const *socket_opts;/* options that listen on something else (a unix socket, an fd) */
	const char *const *config_opts;/* options naming a config file that may set the bind */
	const char *config_file;       /* a config file read from the working folder when present */
	const char *host_env, *port_env; /* environment variables the server reads */
	const char *const *dev_opts;   /* options that make it a development server */
	const char *dev_env;           /* an environment variable that does so when truthy */
	const char *bind_hint;         /* how to listen on every interface */
} server_spec;

#define OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})

static const server_spec specs[] = {
	{PL_RK_SERVER_UVICORN, "127.0.0.1", 8000, OPTS("--host"), OPTS("--port"), NULL,
	 OPTS("--uds", "--fd"), NULL, NULL, "UVICORN_HOST", "UVICORN_PORT", OPTS("--reload"),
	 "UVICORN_RELOAD", "--host 0.0.0.0"},
	{PL_RK_SERVER_GUNICORN, "127.0.0.1", 8000, NULL, NULL, OPTS("-b", "--bind"), NULL,
	 OPTS("-c", "--config"), "gunicorn.conf.py", NULL, NULL, OPTS("--reload"), NULL,
	 "--bind 0.0.0.0:8000"},
	{PL_RK_SERVER_HYPERCORN, "127.0.0.1", 8000, NULL, NULL, OPTS("-b", "--bind", "--insecure-bind"),
	 NULL, OPTS("-c", "--config"), NULL, NULL, NULL, OPTS("--reload"), NULL, "--bind 0.0.0.0:8000"},
	{PL_RK_SERVER_DAPHNE, "127.0.0.1", 8000, OPTS("-b", "--bind"), OPTS("-p", "--port"), NULL,
	 OPTS("-u", "--unix-socket", "--fd", "-e", "--endpoint"), NULL, NULL, NULL, NULL, NULL, NULL,
	 "-b 0.0.0.0"},
	{PL_RK_SERVER_GRANIAN, "127.0.0.1", 8000, OPTS("--host"), OPTS("--port"), NULL, OPTS("--uds"),
	 NULL, NULL, "GRANIAN_HOST", "GRANIAN_PORT", OPTS("--reload"), "GRANIAN_RELOAD",
	 "--host 0.0.0.0"},
	{PL_RK_SERVER_FASTAPI, "0.0.0.0", 8000, OPTS("--host"), OPTS("--port"), NULL, NULL, NULL, NULL,
	 NULL, NULL, OPTS("--reload"), NULL, "--host 0.0.0.0"},
	{PL_RK_SERVER_FLASK, "127.0.0.1", 5000, OPTS("-h", "--host"), OPTS("-p", "--port"), NULL, NULL,
	 NULL, NULL, "FLASK_RUN_HOST", "FLASK_RUN_PORT", OPTS("--debug", "--reload"), "FLASK_DEBUG",
	 "--host 0.0.0.0"},
	{PL_RK_SERVER_DJANGO, "127.0.0.1", 8000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, "0.0.0.0:8000"},
	{PL_RK_SERVER_HTTP_SERVER, "0.0.0.0", 8000, OPTS("-b", "--bind"), NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL},
	{PL_RK_SERVER_NODE, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, OPTS("--watch"),
	 NULL, NULL},
	{PL_RK_SERVER_NODEMON, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{PL_RK_SERVER_PKG_SCRIPT, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL},
	{PL_RK_SERVER_NEXT, "0.0.0.0", 3000, OPTS("-H", "--hostname"), OPTS("-p", "--port"), NULL, NULL,
	 NULL, NULL, NULL, "PORT", NULL, NULL, "-H 0.0.0.0"},
	{PL_RK_SERVER_VITE, "localhost", 5173, OPTS("--host"), OPTS("--port"), NULL, NULL,
	 OPTS("-c", "--config"), "vite.config.js", NULL, NULL, NULL, NULL, "--host 0.0.0.0"},
	{PL_RK_SERVER_NG_SERVE, "localhost", 4200, OPTS("--host"), OPTS("--port"), NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, "--host 0.0.0.0"},
	{PL_RK_SERVER_WEBPACK_SERVE, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL},
	{PL_RK_SERVER_GO_RUN, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{PL_RK_SERVER_AIR, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{PL_RK_SERVER_RAILS, "localhost", 3000, OPTS("-b", "--binding"), OPTS("-p", "--port"), NULL,
	 NULL, NULL, NULL, "BINDING", "PORT", NULL, NULL, "-b 0.0.0.0"},
	{PL_RK_SERVER_PUMA, NULL, 0, NULL, OPTS("-p", "--port"), OPTS("-b", "--bind"), NULL,
	 OPTS("-C", "--config"), NULL, NULL, NULL, NULL, NULL, NULL},
	{PL_RK_SERVER_JAVA_JAR, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "SERVER_PORT", NULL,
	 NULL, NULL},
	{PL_RK_SERVER_JAVA_BUILD_RUN, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL},
};

static const struct {
	const char *name;
	pl_rk_lang lang;
} kinds[] = {
#define PL__X(e, n, l) {n, PL_RK_LANG_##l},
	PL_RK_SERVER_LIST(PL__X)
#undef PL__X
};

/* What reading one server needs. */
typedef struct srv_ctx {
	pl_arena *a;
	const pl_sh_cmd *c;             /* the command as parsed */
	pl_sh_cmd v;                    /* the same seen from the server's own word: argv0 moved there */
	const pl_rk_env *env;
	const pl_build_context *bc;
	pl_rk_server *srv;
	const server_spec *spec;
} srv_ctx;

/* NAME=value among the command's assignments, or words an env wrapper reads before the command. */
static const pl_sh_word *cmd_assignment(const pl_sh_cmd *c, const char *name, size_t n)
{
	for (size_t i = 0; i < c->nassigns; i++)
		if (strncmp(c->assigns[i].text, name, n) == 0 && c->assigns[i].text[n] == '=')
			return &c->assigns[i];
	for (size_t i = 0; i < c->argv0 && i < c->nwords; i++)
		if (strncmp(c->words[i].text, name, n) == 0 && c->words[i].text[n] == '=')
			return &c->words[i];
	return NULL;
}

/* The value of an environment variable the server sees, with where it is set; NULL if unset. */
static const char *getenv_of(srv_ctx *x, const char *name, pl_span *where)
{
	size_t n = strlen(name);
	const pl_sh_word *w = cmd_assignment(x->c, name, n);
	if (w) {
		*where = w->span;
		return w->text + n + 1;
	}
	const pl_df_kv *kv = pl_rk_env_get(x->env, name);
	if (kv) {
		*where = kv->span;
		return kv->value ? kv->value : "";
	}
	return NULL;
}

static const char *lookup_var(void *ud, const char *name, size_t n)
{
	srv_ctx *x = ud;
	const pl_sh_word *w = cmd_assignment(x->c, name, n);
	if (w)
		return w->text + n + 1;
	const pl_df_kv *kv = pl_rk_env_get(x->env, pl_arena_strndup(x->a, name, n));
	return kv ? kv->value : NULL;
}

/* The value of an argument, its variables expanded from ENV; NULL when it is not known. */
static const char *resolve(srv_ctx *x, const pl_sh_word *w, const char *v)
{
	if (!v)
		return NULL;
	if (strchr(v, '$')) {
		if (!w || !(w->flags & PL_SH_WORD_EXPANDS))
			return NULL; /* exec form, or quoted: the program gets a literal '$' */
		v = pl_df_expand(x->a, v, strlen(v), '\\', lookup_var, NULL, x);
		if (strchr(v, '$'))
			return NULL; /* an ENV value that refers to another variable */
	}
	return *v ? v : NULL;
}

/* "8000" as a TCP port; 0 when it is not one. */
static unsigned parse_port(const char *s)
{
	if (!s || !*s || strlen(s) > 5 || strspn(s, "0123456789") != strlen(s))
		return 0;
	unsigned long p = strtoul(s, NULL, 10);
	return p >= 1 && p <= 65535 ? (unsigned)p : 0;
}

static void set_host(srv_ctx *x, const char *host, pl_rk_origin from, pl_span at)
{
	x->srv->host = host;
	x->srv->host_from = host ? from : PL_RK_UNKNOWN;
	x->srv->host_span = at;
}

static void set_port(srv_ctx *x, const char *port, pl_rk_origin from, pl_span at)
{
	x->srv->port = parse_port(port);
	x->srv->port_from = x->srv->port ? from : PL_RK_UNKNOWN;
	x->srv->port_span = at;
}

/* The first of opts that has a value: its word and value (NULL when none). */
static const pl_sh_word *opt_value(const pl_sh_cmd *c, const char *const *opts, const char **v)
{
	*v = NULL;
	for (; opts && *opts; opts++) {
		const pl_sh_word *w = pl_sh_cmd_flag_value(c, *opts, v);
		if (w)
			return w;
	}
	return NULL;
}

/*
** HOST, HOST:PORT, [V6]:PORT, :PORT, tcp://HOST:PORT (puma); unix:… and
** fd://… listen on no TCP port: both stay unknown.
*/
static void set_bind(srv_ctx *x, const char *bind, pl_rk_origin from, pl_span at)
{
	if (!bind || pl_str_starts(bind, "unix:") || pl_str_starts(bind, "fd://") ||
	    pl_str_starts(bind, "ssl://")) {
		set_host(x, NULL, PL_RK_UNKNOWN, at);
		set_port(x, NULL, PL_RK_UNKNOWN, at);
		return;
	}
	if (pl_str_starts(bind, "tcp://"))
		bind += 6;
	const char *host, *port = NULL;
	if (bind[0] == '[') {
		const char *close = strchr(bind, ']');
		if (!close)
			return;
		host = pl_arena_strndup(x->a, bind + 1, (size_t)(close - bind - 1));
		if (close[1] == ':')
			port = close + 2;
	} else {
		const char *colon = strchr(bind, ':');
		host = colon ? pl_arena_strndup(x->a, bind, (size_t)(colon - bind)) : bind;
		if (colon)
			port = colon + 1;
	}
	set_host(x, *host ? host : "0.0.0.0", from, at); /* an empty host binds every interface */
	if (port)
		set_port(x, port, from, at);
}

/* A config file that may set the bind: one named by an option, or the default one in the context. */
static bool has_config(srv_ctx *x)
{
	const char *v;
	if (opt_value(&x->v, x->spec->config_opts, &v))
		return true;
	return x->spec->config_file && x->bc && pl_context_has(x->bc, x->spec->config_file);
}

static void set_dev(srv_ctx *x, const char *why, pl_span at)
{
	if (!x->srv->dev) {
		x->srv->dev = why;
		x->srv->dev_span = at;
	}
}

/* The settings every spec describes: defaults, environment, options. */
static void read_spec(srv_ctx *x)
{
	const server_spec *sp = x->spec;
	const pl_sh_cmd *v = &x->v;
	pl_span name = v->words[v->argv0].span, at;
	const char *val;
	const pl_sh_word *w;

	if (sp->host_default)
		set_host(x, sp->host_default, PL_RK_DEFAULT, name);
	if (sp->port_default)
		set_port(x, pl_arena_printf(x->a, "%u", sp->port_default), PL_RK_DEFAULT, name);
	if (sp->config_opts && has_config(x)) {
		set_host(x, NULL, PL_RK_UNKNOWN, name);
		set_port(x, NULL, PL_RK_UNKNOWN, name);
	}
	if (sp->host_env && (val = getenv_of(x, sp->host_env, &at)))
		set_host(x, strchr(val, '$') ? NULL : val, PL_RK_ENV, at);
	if (sp->port_env && (val = getenv_of(x, sp->port_env, &at)))
		set_port(x, val, PL_RK_ENV, at);
	if ((w = opt_value(v, sp->bind_opts, &val)))
		set_bind(x, resolve(x, w, val), PL_RK_ARG, w->span);
	if ((w = opt_value(v, sp->host_opts, &val)))
		set_host(x, resolve(x, w, val), PL_RK_ARG, w->span);
	if ((w = opt_value(v, sp->port_opts, &val)))
		set_port(x, resolve(x, w, val), PL_RK_ARG, w->span);
	for (const char *const *o = sp->socket_opts; o && *o; o++) {
		if (pl_sh_cmd_has_flag(v, *o)) {
			set_host(x, NULL, PL_RK_UNKNOWN, name);
			set_port(x, NULL, PL_RK_UNKNOWN, name);
		}
	}
	for (const char *const *o = sp->dev_opts; o && *o; o++) {
		for (size_t i = v->argv0 + 1; i < v->nwords; i++) {
			if (strcmp(v->words[i].text, *o) == 0) {
				set_dev(x, *o, v->words[i].span);
				break;
			}
		}
	}
	if (sp->dev_env && (val = getenv_of(x, sp->dev_env, &at)) && pl_rk_truthy(val))
		set_dev(x, pl_arena_printf(x->a, "%s=%s", sp->dev_env, val), at);
}

/* gunicorn: the PORT variable changes the default; GUNICORN_CMD_ARGS sits between the config file and the command line. */
static void read_gunicorn(srv_ctx *x)
{
	pl_span at;
	const char *val;
	const char *port = getenv_of(x, "PORT", &at);
	if (port && !has_config(x)) {
		set_host(x, "0.0.0.0", PL_RK_ENV, at);
		set_port(x, port, PL_RK_ENV, at);
	}
	if ((val = getenv_of(x, "GUNICORN_CMD_ARGS", &at))) {
		/* its words: a --bind there counts, anything else we cannot see through */
		const char *b = strstr(val, "--bind");
		size_t skip = 6;
		if (!b) {
			b = strstr(val, "-b");
			skip = 2;
		}
		if (b) {
			b += skip;
			b += strspn(b, " =");
			size_t n = strcspn(b, " ");
			set_bind(x, pl_arena_strndup(x->a, b, n), PL_RK_ENV, at);
		} else if (strstr(val, "-c") || strstr(val, "--config")) {
			set_host(x, NULL, PL_RK_UNKNOWN, at);
			set_port(x, NULL, PL_RK_UNKNOWN, at);
		}
	}
	const pl_sh_word *w = opt_value(&x->v, x->spec->bind_opts, &val);
	if (w)
		set_bind(x, resolve(x, w, val), PL_RK_ARG, w->span);
}

/* manage.py runserver [addrport]: PORT, ADDR:PORT, [V6]:PORT; "0" is short for 0.0.0.0. */
static void read_runserver(srv_ctx *x, const pl_sh_word *addrport)
{
	const pl_sh_cmd *v = &x->v;
	if (pl_sh_cmd_has_flag(v, "-6") || pl_sh_cmd_has_flag(v, "--ipv6"))
		set_host(x, "::1", PL_RK_DEFAULT, v->words[v->argv0].span);
	if (!addrport)
		return;
	const char *ap = resolve(x, addrport, addrport->text);
	if (!ap) {
		set_host(x, NULL, PL_RK_UNKNOWN, addrport->span);
		set_port(x, NULL, PL_RK_UNKNOWN, addrport->span);
		return;
	}
	if (strchr(ap, ':')) {
		set_bind(x, ap, PL_RK_ARG, addrport->span);
		if (x->srv->host && strcmp(x->srv->host, "0") == 0)
			x->srv->host = "0.0.0.0";
	} else {
		set_port(x, ap, PL_RK_ARG, addrport->span);
	}
}

/* vite: a bare --host (or one followed by another option) listens on every interface. */
static void read_vite(srv_ctx *x)
{
	const pl_sh_cmd *v = &x->v;
	for (size_t i = v->argv0 + 1; i < v->nwords; i++) {
		const pl_sh_word *w = &v->words[i];
		if (strcmp(w->text, "--host") != 0)
			continue;
		if (i + 1 == v->nwords || v->words[i + 1].text[0] == '-')
			set_host(x, "0.0.0.0", PL_RK_ARG, w->span);
		return;
	}
	/* a vite.config.* may set server.host and server.port */
	static const char *const configs[] = {"vite.config.ts", "vite.config.mjs", "vite.config.mts",
	                                      "vite.config.cjs", NULL};
	for (const char *const *c = configs; *c; c++) {
		if (x->bc && pl_context_has(x->bc, *c)) {
			set_host(x, NULL, PL_RK_UNKNOWN, v->words[v->argv0].span);
			set_port(x, NULL, PL_RK_UNKNOWN, v->words[v->argv0].span);
		}
	}
}

/* rails server: the default host is localhost in development, the default environment. */
static void read_rails(srv_ctx *x)
{
	const char *env = NULL, *val;
	pl_span at, name = x->v.words[x->v.argv0].span;
	const pl_sh_word *w = opt_value(&x->v, OPTS("-e", "--environment"), &val);
	if (w) {
		env = resolve(x, w, val);
		at = w->span;
	} else if ((val = getenv_of(x, "RAILS_ENV", &at)) || (val = getenv_of(x, "RACK_ENV", &at))) {
		env = strchr(val, '$') ? NULL : val;
	}
	bool by_default = x->srv->host_from == PL_RK_DEFAULT; /* no -b, no BINDING */
	if (w || val) {
		if (env && strcmp(env, "development") == 0)
			set_dev(x, pl_arena_printf(x->a, "the '%s' environment", env), at);
		else if (by_default)
			set_host(x, env ? "0.0.0.0" : NULL, env ? PL_RK_DEFAULT : PL_RK_UNKNOWN, name);
	}
	if (by_default && (val = getenv_of(x, "HOST", &at)))
		set_host(x, strchr(val, '$') ? NULL : val, PL_RK_ENV, at);
}

/* java -jar: Spring Boot's server.port, given as -Dserver.port=N or --server.port=N. */
static void read_java(srv_ctx *x)
{
	const pl_sh_cmd *v = &x->v;
	for (size_t i = v->argv0 + 1; i < v->nwords; i++) {
		const pl_sh_word *w = &v->words[i];
		const char *t = w->text;
		if (pl_str_starts(t, "-Dserver.port="))
			set_port(x, resolve(x, w, t + 14), PL_RK_ARG, w->span);
		else if (pl_str_starts(t, "--server.port="))
			set_port(x, resolve(x, w, t + 14), PL_RK_ARG, w->span);
	}
}

/*
** Runners that start the command after them, with their options that
** take a value: `poetry run X`, `uv run --frozen X`, `bundle exec X`,
** `npx X`.  all_valued: every --option takes the next word.
*/
typedef struct runner {
	const char *name;
	const char *sub;               /* the subcommand that runs (NULL: none) */
	const char *const *valued;     /* options with a separate value */
	bool all_valued;
} runner;

static const runner runners[] = {
	{"bundle", "exec", NULL, false},
	{"bunx", NULL, NULL, false},
	{"ddtrace-run", NULL, NULL, false},
	{"dotenv", "run", NULL, false},
	{"hatch", "run", NULL, false},
	{"newrelic-admin", "run-program", NULL, false},
	{"npx", NULL, OPTS("-p", "--package"), false},
	{"opentelemetry-instrument", NULL, NULL, true},
	{"pdm", "run", NULL, false},
	{"pipenv", "run", NULL, false},
	{"pnpm", "exec", NULL, false},
	{"poetry", "run", NULL, false},
	{"rye", "run", NULL, false},
	{"uv", "run",
	 OPTS("--with", "--python", "-p", "--env-file", "--project", "--directory", "--package",
	      "--extra", "--group", "--index", "--with-requirements", "--only-group"),
	 false},
	{"uvx", NULL, OPTS("--with", "--python", "-p", "--from"), false},
	{"yarn", "exec", NULL, false},
};

/* The index of the command a runner at words[k] starts, or k when words[k] is no runner. */
static size_t skip_runners(const pl_sh_cmd *c, size_t k)
{
	for (;;) {
		const char *name = base_name(c->words[k].text);
		const runner *r = NULL;
		for (size_t i = 0; i < PL_ARRAY_LEN(runners); i++)
			if (strcmp(runners[i].name, name) == 0)
				r = &runners[i];
		if (!r)
			return k;
		size_t j = k + 1;
		if (r->sub) {
			if (j >= c->nwords || strcmp(c->words[j].text, r->sub) != 0)
				return k;
			j++;
		}
		for (; j < c->nwords; j++) {
			const char *t = c->words[j].text;
			if (strcmp(t, "--") == 0) {
				j++;
				break;
			}
			if (t[0] != '-')
				break;
			bool valued = r->all_valued && t[1] == '-' && !strchr(t, '=');
			for (const char *const *o = r->valued; o && *o && !valued; o++)
				valued = strcmp(t, *o) == 0;
			if (valued)
				j++;
		}
		if (j >= c->nwords)
			return k;
		k = j;
	}
}

static const pl_sh_word *operand(const pl_sh_cmd *v, const char *const *valued, size_t i)
{
	const pl_sh_word *ops[4];
	size_t n = pl_sh_cmd_operands(v, valued, ops, 4);
	return i < n && i < 4 ? ops[i] : NULL;
}

/* A package.json script that runs a development server. */
static bool dev_script(const char *s)
{
	return strcmp(s, "dev") == 0 || strcmp(s, "develop") == 0 || strcmp(s, "watch") == 0 ||
	       pl_str_starts(s, "dev:") || pl_str_ends(s, ":dev");
}

/*
** python [options] (-m MODULE | SCRIPT) …: the word where the program
** starts (the module or the script), or nwords; *module tells which.
*/
static size_t python_program(const pl_sh_cmd *c, size_t k, bool *module, bool *code)
{
	*module = *code = false;
	for (size_t j = k + 1; j < c->nwords; j++) {
		const char *t = c->words[j].text;
		if (strcmp(t, "-m") == 0) {
			*module = true;
			return j + 1 < c->nwords ? j + 1 : c->nwords;
		}
		if (strcmp(t, "-c") == 0) {
			*code = true;
			return c->nwords;
		}
		if (strcmp(t, "-W") == 0 || strcmp(t, "-X") == 0 || strcmp(t, "--check-hash-based-pycs") == 0) {
			j++;
			continue;
		}
		if (t[0] == '-' && t[1])
			continue;
		return j;
	}
	return c->nwords;
}

bool pl_rk_server_of(pl_rk_server *srv, pl_arena *a, const pl_sh_cmd *c, const pl_rk_env *env,
                     const pl_build_context *bc)
{
	memset(srv, 0, sizeof(*srv));
	if (c->argv0 >= c->nwords)
		return false;
	srv_ctx x = {.a = a, .c = c, .v = *c, .env = env, .bc = bc, .srv = srv};
	size_t k = skip_runners(c, c->argv0);
	const char *name = base_name(c->words[k].text);
	pl_rk_server_kind kind = PL_RK_SERVER__COUNT;
	const char *label = NULL;

	if (is_python(name)) {
		bool module, code;
		size_t p = python_program(c, k, &module, &code);
		if (p >= c->nwords)
			return false;
		const char *prog = c->words[p].text;
		k = p;
		name = module ? prog : base_name(prog);
		if (module && strcmp(prog, "django") == 0)
			name = "django-admin";
		else if (!module && pl_str_ends(prog, "manage.py"))
			name = "manage.py";
		else if (!module && strcmp(prog, "-") == 0)
			return false;
	}
	x.v.argv0 = k;
	x.v.name = name;
	const pl_sh_cmd *v = &x.v;
	const pl_sh_word *sub = operand(v, OPTS("--app", "-A", "--env-file", "-e", "--settings",
	                                        "--pythonpath", "-v", "--verbosity", "-C", "--cwd",
	                                        "--prefix", "--workspace", "-w", "--filter", "-F"),
	                                0);
	const char *s = sub ? sub->text : "";

	if (strcmp(name, "uvicorn") == 0)
		kind = PL_RK_SERVER_UVICORN;
	else if (strcmp(name, "gunicorn") == 0)
		kind = PL_RK_SERVER_GUNICORN;
	else if (strcmp(name, "hypercorn") == 0)
		kind = PL_RK_SERVER_HYPERCORN;
	else if (strcmp(name, "daphne") == 0)
		kind = PL_RK_SERVER_DAPHNE;
	else if (strcmp(name, "granian") == 0)
		kind = PL_RK_SERVER_GRANIAN;
	else if (strcmp(name, "fastapi") == 0 && (strcmp(s, "run") == 0 || strcmp(s, "dev") == 0))
		kind = PL_RK_SERVER_FASTAPI;
	else if (strcmp(name, "flask") == 0 && strcmp(s, "run") == 0)
		kind = PL_RK_SERVER_FLASK;
	else if ((strcmp(name, "manage.py") == 0 || strcmp(name, "django-admin") == 0) &&
	         (strcmp(s, "runserver") == 0 || strcmp(s, "runserver_plus") == 0))
		kind = PL_RK_SERVER_DJANGO;
	else if (strcmp(name, "http.server") == 0)
		kind = PL_RK_SERVER_HTTP_SERVER;
	else if ((strcmp(name, "node") == 0 || strcmp(name, "nodejs") == 0) && sub)
		kind = PL_RK_SERVER_NODE;
	else if (strcmp(name, "nodemon") == 0 || strcmp(name, "ts-node-dev") == 0)
		kind = PL_RK_SERVER_NODEMON;
	else if (strcmp(name, "next") == 0 && (strcmp(s, "dev") == 0 || strcmp(s, "start") == 0))
		kind = PL_RK_SERVER_NEXT;
	else if (strcmp(name, "vite") == 0 && strcmp(s, "build") != 0 && strcmp(s, "optimize") != 0)
		kind = PL_RK_SERVER_VITE; /* vite [root], vite dev|serve|preview */
	else if (strcmp(name, "ng") == 0 && (strcmp(s, "serve") == 0 || strcmp(s, "s") == 0))
		kind = PL_RK_SERVER_NG_SERVE;
	else if ((strcmp(name, "webpack") == 0 && strcmp(s, "serve") == 0) ||
	         strcmp(name, "webpack-dev-server") == 0 ||
	         (strcmp(name, "vue-cli-service") == 0 && strcmp(s, "serve") == 0))
		kind = PL_RK_SERVER_WEBPACK_SERVE;
	else if (strcmp(name, "go") == 0 && strcmp(s, "run") == 0)
		kind = PL_RK_SERVER_GO_RUN;
	else if (strcmp(name, "air") == 0)
		kind = PL_RK_SERVER_AIR;
	else if (strcmp(name, "rails") == 0 && (strcmp(s, "server") == 0 || strcmp(s, "s") == 0))
		kind = PL_RK_SERVER_RAILS;
	else if (strcmp(name, "puma") == 0)
		kind = PL_RK_SERVER_PUMA;
	else if (strcmp(name, "java") == 0 && pl_sh_cmd_has_arg(v, "-jar"))
		kind = PL_RK_SERVER_JAVA_JAR;
	else if (((strcmp(name, "mvn") == 0 || strcmp(name, "mvnw") == 0) &&
	          pl_sh_cmd_has_arg(v, "spring-boot:run")) ||
	         ((strcmp(name, "gradle") == 0 || strcmp(name, "gradlew") == 0) &&
	          pl_sh_cmd_has_arg(v, "bootRun")))
		kind = PL_RK_SERVER_JAVA_BUILD_RUN;
	else if (strcmp(name, "npm") == 0 || strcmp(name, "yarn") == 0 || strcmp(name, "pnpm") == 0 ||
	         strcmp(name, "bun") == 0) {
		/* npm start, npm run dev, yarn dev, pnpm run dev, bun run dev */
		const char *script = s;
		if (strcmp(s, "run") == 0 || strcmp(s, "run-script") == 0) {
			const pl_sh_word *w = operand(v, NULL, 1);
			script = w ? w->text : "";
		} else if (strcmp(name, "npm") == 0 && strcmp(s, "start") != 0) {
			script = ""; /* npm runs only start without `run` */
		}
		if (strcmp(script, "start") == 0 || dev_script(script)) {
			kind = PL_RK_SERVER_PKG_SCRIPT;
			label = strcmp(s, "run") == 0 || strcmp(s, "run-script") == 0
			            ? pl_arena_printf(a, "%s %s %s", name, s, script)
			            : pl_arena_printf(a, "%s %s", name, script);
			if (dev_script(script))
				set_dev(&x, label, pl_span_join(v->words[k].span, v->words[v->nwords - 1].span));
		}
	}
	if (kind == PL_RK_SERVER__COUNT)
		return false;

	srv->kind = kind;
	srv->lang = kinds[kind].lang;
	srv->name = label ? label : kinds[kind].name;
	srv->cmd = c;
	x.spec = &specs[kind];
	PL_ASSERT(x.spec->kind == kind); /* specs[] is in the order of PL_RK_SERVER_LIST */
	srv->bind_hint = x.spec->bind_hint;
	pl_span at = v->words[k].span;
	read_spec(&x);
	switch (kind) {
	case PL_RK_SERVER_GUNICORN:
		read_gunicorn(&x);
		break;
	case PL_RK_SERVER_DJANGO:
		srv->name = strcmp(name, "manage.py") == 0 ? pl_arena_printf(a, "manage.py %s", s)
		                                           : pl_arena_printf(a, "django-admin %s", s);
		read_runserver(&x, operand(v, OPTS("--settings", "--pythonpath", "-v", "--verbosity"), 1));
		set_dev(&x, srv->name, pl_span_join(at, sub->span));
		break;
	case PL_RK_SERVER_FASTAPI:
		if (strcmp(s, "dev") == 0) {
			set_host(&x, x.srv->host_from == PL_RK_DEFAULT ? "127.0.0.1" : x.srv->host,
			         x.srv->host_from, x.srv->host_span);
			set_dev(&x, "fastapi dev", pl_span_join(at, sub->span));
		}
		srv->name = pl_arena_printf(a, "fastapi %s", s);
		break;
	case PL_RK_SERVER_FLASK: {
		pl_span env_at;
		const char *fe = getenv_of(&x, "FLASK_ENV", &env_at);
		if (pl_sh_cmd_has_flag(v, "--no-debug") && srv->dev && strcmp(srv->dev, "--debug") != 0)
			srv->dev = NULL;
		if (fe && strcmp(fe, "development") == 0)
			set_dev(&x, "FLASK_ENV=development", env_at);
		set_dev(&x, "flask run", pl_span_join(at, sub->span));
		break;
	}
	case PL_RK_SERVER_HTTP_SERVER: {
		const pl_sh_word *port = operand(v, OPTS("-b", "--bind", "-d", "--directory", "-p", "--protocol"), 0);
		if (port)
			set_port(&x, resolve(&x, port, port->text), PL_RK_ARG, port->span);
		break;
	}
	case PL_RK_SERVER_NODEMON:
	case PL_RK_SERVER_AIR:
		set_dev(&x, name, at);
		break;
	case PL_RK_SERVER_NEXT:
		srv->name = pl_arena_printf(a, "next %s", s);
		if (strcmp(s, "dev") == 0)
			set_dev(&x, "next dev", pl_span_join(at, sub->span));
		break;
	case PL_RK_SERVER_VITE:
		read_vite(&x);
		if (strcmp(s, "preview") == 0) {
			srv->name = "vite preview";
			if (srv->port_from == PL_RK_DEFAULT)
				srv->port = 4173;
		} else {
			bool named = strcmp(s, "dev") == 0 || strcmp(s, "serve") == 0;
			set_dev(&x, "vite", named ? pl_span_join(at, sub->span) : at);
		}
		break;
	case PL_RK_SERVER_NG_SERVE:
	case PL_RK_SERVER_GO_RUN:
	case PL_RK_SERVER_WEBPACK_SERVE:
		srv->name = sub ? pl_arena_printf(a, "%s %s", name, s) : name;
		set_dev(&x, srv->name, sub ? pl_span_join(at, sub->span) : at);
		break;
	case PL_RK_SERVER_RAILS:
		read_rails(&x);
		break;
	case PL_RK_SERVER_JAVA_JAR:
		read_java(&x);
		break;
	case PL_RK_SERVER_JAVA_BUILD_RUN:
		srv->name = pl_sh_cmd_has_arg(v, "bootRun") ? pl_arena_printf(a, "%s bootRun", name)
		                                           : pl_arena_printf(a, "%s spring-boot:run", name);
		set_dev(&x, srv->name, at);
		break;
	default:
		break;
	}
	/* hints that carry the port */
	if (kind == PL_RK_SERVER_GUNICORN || kind == PL_RK_SERVER_HYPERCORN)
		srv->bind_hint = pl_arena_printf(a, "--bind 0.0.0.0:%u", srv->port ? srv->port : 8000);
	else if (kind == PL_RK_SERVER_DJANGO)
		srv->bind_hint = pl_arena_printf(a, "%s 0.0.0.0:%u", s, srv->port ? srv->port : 8000);
	return true;
}

/* ---- the image command ---- */

/* Wrappers that run what follows them; as an ENTRYPOINT of their own they pass to CMD. */
static bool is_init_wrapper(const char *name)
{
	static const char *const names[] = {"tini", "tini-static", "dumb-init", "docker-init", "catatonit",
	                                    "gosu", "su-exec", "exec", "env", "nohup", "setsid", "init"};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* A script name: docker-entrypoint.sh, /entrypoint, run.sh. */
static bool script_name(const char *name)
{
	return pl_str_ends(name, ".sh") || strstr(name, "entrypoint") != NULL;
}

/* An ENTRYPOINT that is a script handed the CMD: /entrypoint.sh, or bash /entrypoint.sh. */
static bool is_entry_script(const pl_sh_cmd *c)
{
	static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh"};
	if (script_name(c->name))
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(shells); i++) {
		if (strcmp(c->name, shells[i]) == 0) {
			const pl_sh_word *w[1];
			return pl_sh_cmd_nonflags(c, w, 1) >= 1 && !c->nested &&
			       script_name(base_name(w[0]->text));
		}
	}
	return false;
}

/* Programs that start other long-running ones or proxy to them. */
static bool is_supervisor(const char *name)
{
	static const char *const names[] = {"nginx", "caddy", "haproxy", "traefik", "httpd", "apache2",
	                                    "apache2ctl", "apachectl", "envoy", "supervisord",
	                                    "s6-svscan", "runsvdir", "honcho", "foreman", "circusd",
	                                    "pm2", "pm2-runtime", "concurrently", "overmind"};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/*
** Exec-form words as a line of single-quoted shell words, parsed; each
** word maps onto its JSON string, and the top-level words get exactly the
** span of their JSON string.
*/
static pl_sh_script *parse_words(pl_arena *a, const pl_df_word *w1, size_t n1,
                                 const pl_df_word *w2, size_t n2)
{
	size_t n = n1 + n2, cap = 1;
	for (size_t i = 0; i < n; i++) {
		const char *v = i < n1 ? w1[i].value : w2[i - n1].value;
		cap += 3 + strlen(v);
		for (; *v; v++)
			cap += *v == '\'' ? 3 : 0;
	}
	char *text = pl_arena_alloc(a, cap);
	pl_textmap_seg *segs = pl_arena_alloc(a, (n ? n : 1) * sizeof(*segs));
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		const pl_df_word *w = i < n1 ? &w1[i] : &w2[i - n1];
		if (i)
			text[len++] = ' ';
		size_t lo = len;
		text[len++] = '\'';
		for (const char *v = w->value; *v; v++) {
			if (*v == '\'') {
				memcpy(text + len, "'\\''", 4);
				len += 4;
			} else {
				text[len++] = *v;
			}
		}
		text[len++] = '\'';
		/* Same length as the JSON string unless escapes differ: then clamp inside it. */
		size_t loglen = len - lo, physlen = w->span.len;
		segs[i].lo = lo;
		segs[i].phys = w->span.off;
		segs[i].len = loglen <= physlen ? loglen : (physlen ? physlen - 1 : 0);
	}
	text[len] = '\0';
	pl_textmap map = {segs, n, 0};
	pl_sh_script *sh = pl_sh_parse(a, text, len, &map, 0);
	for (size_t i = 0; i < sh->ncmds; i++) {
		pl_sh_cmd *c = sh->cmds[i];
		if (c->depth != 0 || c->nwords != n)
			continue;
		for (size_t k = 0; k < n; k++)
			c->words[k].span = k < n1 ? w1[k].span : w2[k - n1].span;
		if (n)
			c->span = pl_span_join(c->words[0].span, c->words[n - 1].span);
	}
	return sh;
}

/* The script of one CMD or ENTRYPOINT on its own; NULL when it runs nothing (CMD []). */
static const pl_sh_script *script_of(pl_arena *a, const pl_df_instr *in)
{
	if (!in)
		return NULL;
	if (in->sh)
		return in->sh;
	if (!(in->bits & PL_DF_JSON) || in->argc == 0)
		return NULL;
	return parse_words(a, in->argv, in->argc, NULL, 0);
}

/* The first top-level command of a script, or NULL. */
static const pl_sh_cmd *first_cmd(const pl_sh_script *sh)
{
	for (size_t i = 0; sh && i < sh->ncmds; i++)
		if (sh->cmds[i]->depth == 0)
			return sh->cmds[i];
	return NULL;
}

/* The command the script's life hangs on (see pl_rk_image_cmd.last). */
static const pl_sh_cmd *tail_of(const pl_sh_node *n, bool *bg)
{
	while (n) {
		if (n->bg)
			*bg = true;
		switch (n->kind) {
		case PL_SH_CMD:
			if (!n->as.cmd->nested)
				return n->as.cmd;
			n = n->as.cmd->nested;
			break;
		case PL_SH_SEQ:
		case PL_SH_PIPELINE:
			n = n->as.list.items[n->as.list.n - 1];
			break;
		case PL_SH_AND:
			n = n->as.pair.rhs;
			break;
		case PL_SH_OR:
			n = n->as.pair.lhs;
			break;
		case PL_SH_SUBSHELL:
		case PL_SH_GROUP:
			n = n->as.body.body;
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

/* c runs a bare shell or interpreter: no operands (php -a counts as none). */
static bool bare_interpreter(const pl_sh_cmd *c)
{
	static const char *const names[] = {"sh", "bash", "ash", "dash", "zsh", "node", "nodejs", "irb",
	                                    "ruby", "jshell", "pwsh", "iex", "erl", "ghci", "php"};
	size_t argc = pl_sh_cmd_argc(c);
	if (argc > 1 || (argc == 1 && strcmp(pl_sh_cmd_arg(c, 0)->text, "-a") != 0))
		return false;
	if (is_python(c->name))
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (strcmp(c->name, names[i]) == 0)
			return true;
	return false;
}

/* c runs Python code: a script, -m, -c (not the bare interpreter). */
static bool runs_python(const pl_sh_cmd *c)
{
	if (c->argv0 >= c->nwords)
		return false;
	size_t k = skip_runners(c, c->argv0);
	if (!is_python(base_name(c->words[k].text)))
		return false;
	bool module, code;
	return python_program(c, k, &module, &code) < c->nwords || code;
}

void pl_rk_image_cmd_get(pl_rk_image_cmd *ic, pl_arena *a, const pl_df_stage *st,
                         const pl_build_context *bc)
{
	memset(ic, 0, sizeof(*ic));
	ic->stage = st;
	pl_rk_env_build(&ic->env, a, st);
	const pl_df_stage **chain;
	size_t n = chain_of(a, st, &chain);

	/* The last CMD and ENTRYPOINT, nearest stage first; a stage's ENTRYPOINT drops inherited CMDs. */
	const pl_df_instr *cmd = NULL, *ep = NULL;
	size_t cmd_level = 0, ep_level = 0;
	for (size_t l = n; l-- > 0;) {
		const pl_df_instr *c = NULL, *e = NULL;
		for (size_t i = 0; i < chain[l]->ninstrs; i++) {
			const pl_df_instr *in = chain[l]->instrs[i];
			if (in->kind == PL_INSTR_CMD)
				c = in;
			else if (in->kind == PL_INSTR_ENTRYPOINT)
				e = in;
		}
		if (c && !cmd) {
			cmd = c;
			cmd_level = l;
		}
		if (e && !ep) {
			ep = e;
			ep_level = l;
		}
	}
	if (cmd && ep && cmd_level < ep_level)
		cmd = NULL;
	if (ep && (ep->bits & PL_DF_JSON) && ep->argc == 0 && !ep->sh)
		ep = NULL; /* ENTRYPOINT []: none */
	ic->cmd = cmd;
	ic->entrypoint = ep;

	const pl_sh_script *sh = NULL;
	if (!ep) {
		sh = script_of(a, cmd);
		ic->main = cmd;
	} else if (!(ep->bits & PL_DF_JSON) || ep->sh_src == PL_DF_SH_EXEC_C) {
		sh = ep->sh; /* shell form (or sh -c): CMD is not used */
		ic->main = ep;
	} else {
		const pl_sh_script *alone = script_of(a, ep);
		const pl_sh_cmd *e0 = first_cmd(alone);
		const char *name = e0 ? e0->name : "";
		const pl_sh_script *c_sh = script_of(a, cmd);
		if (c_sh && is_init_wrapper(name)) {
			sh = c_sh;
			ic->main = cmd;
		} else if (c_sh && e0 && is_entry_script(e0)) {
			sh = c_sh;
			ic->main = cmd;
			ic->via_script = true;
		} else if (cmd && (cmd->bits & PL_DF_JSON) && cmd->argc) {
			sh = parse_words(a, ep->argv, ep->argc, cmd->argv, cmd->argc);
			ic->main = ep;
		} else {
			sh = alone;
			ic->main = ep;
		}
	}
	ic->sh = sh;
	if (!sh)
		return;

	bool bg = false;
	ic->last = tail_of(sh->root, &bg);
	ic->last_bg = bg;
	ic->bare = ic->last && !bg && sh->ncmds == 1 && bare_interpreter(ic->last);
	PL_VEC(pl_rk_server) servers = {0};
	for (size_t i = 0; i < sh->ncmds; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		if (c->ctx & PL_SH_IN_SUBST)
			continue;
		if (c->ctx & PL_SH_BACKGROUND)
			ic->multi = true;
		if (is_supervisor(c->name))
			ic->multi = true;
		pl_rk_server srv;
		if (pl_rk_server_of(&srv, a, c, &ic->env, bc))
			*PL_VEC_PUSH(a, &servers) = srv;
		if (!ic->python && (runs_python(c) || (servers.n && servers.v[servers.n - 1].cmd == c &&
		                                        servers.v[servers.n - 1].lang == PL_RK_LANG_PY)))
			ic->python = c;
	}
	ic->servers = servers.v;
	ic->nservers = servers.n;
}

bool pl_rk_final_image_cmd(pl_rk_image_cmd *ic, pl_arena *a, const pl_dockerfile *df,
                           const pl_build_context *bc)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st) {
		memset(ic, 0, sizeof(*ic));
		return false;
	}
	pl_rk_image_cmd_get(ic, a, st, bc);
	return true;
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

/* ==== package managers (DL3013 … DL3062) ============================ */

/* Longest walk down a variable list before giving up (keeps lookups O(1)). */
#define PKG_MAX_WALK 256

void pl_rk_pkg_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_rk_pkg *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	st->shipped = pl_arena_alloc(a, (df->nstages + 1) * sizeof(*st->shipped));
	st->env = pl_arena_alloc(a, (df->nstages + 1) * sizeof(*st->env));
	st->nstages = df->nstages;
	/* A base always comes before the stage built on it: one backward pass. */
	for (size_t i = df->nstages; i-- > 0;) {
		const pl_df_stage *s = &df->stages[i];
		st->shipped[i] |= s->is_last;
		if (st->shipped[i] && s->base)
			st->shipped[s->base->index] = true;
	}
}

static const pl_rk_var *var_push(pl_arena *a, const pl_rk_var *list, const pl_df_kv *kv)
{
	pl_rk_var *v = pl_arena_alloc(a, sizeof(*v));
	v->name = kv->key;
	v->value = kv->value;
	v->next = list;
	return v;
}

/* Index in st->env of in's stage; the one after the last stands for "before the first FROM". */
static size_t env_slot(const pl_rk_pkg *st, const pl_df_instr *in)
{
	return in->stage ? in->stage->index : st->nstages;
}

void pl_rk_pkg_track(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_pkg *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	if (in->parent)
		return;
	if (in->kind == PL_INSTR_FROM && in->stage) {
		const pl_df_stage *base = in->stage->base;
		st->env[in->stage->index] = base ? st->env[base->index] : NULL;
	} else if (in->kind == PL_INSTR_ARG) {
		for (size_t i = 0; i < in->nkvs; i++)
			st->args = var_push(a, st->args, &in->kvs[i]);
	} else if (in->kind == PL_INSTR_ENV) {
		size_t k = env_slot(st, in);
		for (size_t i = 0; i < in->nkvs; i++) {
			st->envs = var_push(a, st->envs, &in->kvs[i]);
			st->env[k] = var_push(a, st->env[k], &in->kvs[i]);
		}
	}
}

bool pl_rk_pkg_ships(pl_ctx *ctx, const pl_df_instr *in)
{
	const pl_rk_pkg *st = pl_ctx_state(ctx);
	return in->parent || !in->stage || !st->shipped || st->shipped[in->stage->index];
}

/* The newest definition of name[0..n) in list, or NULL; *gave_up is set when the walk hit PKG_MAX_WALK. */
static const pl_rk_var *var_find(const pl_rk_var *list, const char *name, size_t n, bool *gave_up)
{
	size_t steps = 0;
	for (const pl_rk_var *v = list; v; v = v->next) {
		if (++steps > PKG_MAX_WALK) {
			*gave_up = true;
			return NULL;
		}
		if (strlen(v->name) == n && memcmp(v->name, name, n) == 0)
			return v;
	}
	return NULL;
}

/* Value of variable name[0..n) at in, "" when only unrelated stages set it, NULL when unknown. */
static const char *var_value(const pl_rk_pkg *st, const pl_df_instr *in, const char *name, size_t n)
{
	bool gave_up = false;
	const pl_rk_var *v = NULL;
	if (st->env)
		v = var_find(st->env[env_slot(st, in)], name, n, &gave_up);
	if (!v && !gave_up)
		v = var_find(st->args, name, n, &gave_up);
	if (v)
		return v->value && !strchr(v->value, '$') ? v->value : NULL;
	if (!gave_up && var_find(st->envs, name, n, &gave_up))
		return ""; /* an ENV of another stage: unset here, the shell expands it to nothing */
	return NULL;
}

static bool name_start(char ch)
{
	return ch == '_' || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static bool name_char(char ch)
{
	return name_start(ch) || (ch >= '0' && ch <= '9');
}

const char *pl_rk_pkg_expand(pl_ctx *ctx, const pl_df_instr *in, const char *text)
{
	const pl_rk_pkg *st = pl_ctx_state(ctx);
	if (!strchr(text, '$'))
		return text;
	PL_VEC(char) out = {0};
	pl_arena *a = pl_ctx_arena(ctx);
	for (const char *p = text; *p;) {
		if (*p != '$') {
			*PL_VEC_PUSH(a, &out) = *p++;
			continue;
		}
		bool braced = p[1] == '{';
		const char *name = p + 1 + braced;
		size_t n = 0;
		if (!name_start(name[0]))
			return NULL; /* $(…), $1, $@, ${#x}, a lone $ */
		while (name_char(name[n]))
			n++;
		if (braced && name[n] != '}')
			return NULL; /* ${X:-d} and the other operators */
		const char *v = var_value(st, in, name, n);
		if (!v)
			return NULL;
		for (; *v; v++)
			*PL_VEC_PUSH(a, &out) = *v;
		p = name + n + braced;
	}
	*PL_VEC_PUSH(a, &out) = '\0';
	return out.v;
}

/* When word w was expanded to text, say so on d. */
static void expanded_note(pl_ctx *ctx, pl_diag *d, const pl_sh_word *w, const char *text)
{
	if (text == w->text)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_note_add(ctx, d, NULL, w->span, "'%s' expands to '%s' here", pl_rk_excerpt(a, w->text),
	            pl_rk_excerpt(a, text));
}

void pl_rk_check_pins(pl_ctx *ctx, const pl_df_instr *in, const pl_sh_cmd *c,
                      const pl_sh_word *const *pkgs, size_t n, pl_rk_pinned_fn pinned,
                      pl_rk_unpinned_fn unpinned)
{
	pl_arena *a = pl_ctx_arena(ctx);
	for (size_t i = 0; i < n; i++) {
		const char *text = pl_rk_pkg_expand(ctx, in, pkgs[i]->text);
		if (!text)
			continue;
		/* An unquoted expansion ($PACKAGES) may hold several packages. */
		bool split = text != pkgs[i]->text && !(pkgs[i]->flags & PL_SH_WORD_QUOTED);
		if (!split) {
			if (*text && !pinned(text))
				expanded_note(ctx, unpinned(ctx, c, pkgs[i], text), pkgs[i], text);
			continue;
		}
		for (const char *p = text; *p;) {
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			size_t len = strcspn(p, " \t\n");
			if (!len)
				break;
			const char *pkg = p[len] ? dup(a, p, len) : p;
			if (!pinned(pkg)) {
				expanded_note(ctx, unpinned(ctx, c, pkgs[i], pkg), pkgs[i], text);
				break;
			}
			p += len;
		}
	}
}

size_t pl_rk_operands(pl_arena *a, const pl_sh_cmd *c, const char *const *valued,
                      const pl_sh_word ***out)
{
	size_t n = pl_sh_cmd_operands(c, valued, NULL, 0);
	const pl_sh_word **v = pl_arena_alloc(a, (n ? n : 1) * sizeof(*v));
	pl_sh_cmd_operands(c, valued, v, n);
	*out = v;
	return n;
}

size_t pl_rk_sub_operands(pl_arena *a, const pl_sh_cmd *c, const char *tool,
                          const char *const *valued, const char *const *subs,
                          const pl_sh_word ***out)
{
	*out = NULL;
	if (!pl_sh_cmd_is(c, tool))
		return 0;
	const pl_sh_word **ops;
	size_t n = pl_rk_operands(a, c, valued, &ops);
	if (n == 0 || !pl_rk_in_list(ops[0]->text, subs))
		return 0;
	*out = ops + 1;
	return n - 1;
}

size_t pl_rk_word_index(const pl_sh_cmd *c, const pl_sh_word *w)
{
	PL_ASSERT(w >= c->words && w < c->words + c->nwords); /* w is one of c's words */
	return (size_t)(w - c->words);
}

bool pl_rk_in_list(const char *s, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

pl_span pl_rk_cmd_head(const pl_sh_cmd *c, size_t k)
{
	PL_ASSERT(c->argv0 < c->nwords); /* only commands with a name are package managers */
	if (k >= c->nwords || k < c->argv0)
		k = c->argv0;
	return pl_span_join(c->words[c->argv0].span, c->words[k].span);
}

const char *pl_rk_cmd_title(pl_arena *a, const pl_sh_cmd *c, const pl_sh_word *action)
{
	static const char *const nesting[] = {"group", "module", "global", NULL};
	size_t k = pl_rk_word_index(c, action);
	if (k == c->argv0)
		return c->name;
	const char *what = pl_rk_excerpt(a, action->text);
	if (k > c->argv0 + 1 && pl_rk_in_list(c->words[k - 1].text, nesting))
		return pl_arena_printf(a, "%s %s %s", c->name, c->words[k - 1].text, what);
	return pl_arena_printf(a, "%s %s", c->name, what);
}

bool pl_rk_path_covers(const char *path, const char *dir)
{
	size_t n = strlen(path), d = strlen(dir);
	while (n > 1 && (path[n - 1] == '/' || path[n - 1] == '*'))
		n--;
	while (d > 1 && dir[d - 1] == '/')
		d--;
	if (n == 0 || path[0] != '/')
		return false;
	size_t m = n < d ? n : d;
	if (memcmp(path, dir, m) != 0)
		return false;
	/* equal, path inside dir (dir/…), or dir inside path (path/…) */
	return n == d || (n > d && path[d] == '/') || (d > n && (dir[n] == '/' || path[n - 1] == '/'));
}

bool pl_rk_cache_mounted(pl_arena *a, const pl_df_instr *in, const char *const *dirs)
{
	pl_rk_mount *m;
	size_t n = pl_rk_mounts(a, in, &m);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(m[i].type, "cache") != 0 && strcmp(m[i].type, "tmpfs") != 0)
			continue;
		for (size_t k = 0; m[i].target && dirs[k]; k++)
			if (pl_rk_path_covers(m[i].target, dirs[k]))
				return true;
	}
	return false;
}

bool pl_rk_rm_covers(const pl_sh_cmd *c, const char *const *dirs)
{
	if (!pl_sh_cmd_is(c, "rm"))
		return false;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++)
		for (size_t k = 0; dirs[k]; k++)
			if (c->words[i].text[0] == '/' && pl_rk_path_covers(c->words[i].text, dirs[k]))
				return true;
	return false;
}

bool pl_rk_fed_by_yes(const pl_sh_script *sh, const pl_sh_cmd *c)
{
	if (c->join != PL_SH_JOIN_PIPE || c->index == 0)
		return false;
	const pl_sh_cmd *p = sh->cmds[c->index - 1];
	return pl_sh_cmd_is(p, "yes") && (p->ctx & PL_SH_PIPE_SOURCE) && p->depth == c->depth;
}

const pl_sh_word *pl_rk_action(const pl_sh_cmd *c, const char *const *valued,
                               const char *const *subs)
{
	const pl_sh_word *ops[2] = {NULL, NULL};
	size_t n = pl_sh_cmd_operands(c, valued, ops, 2);
	if (n == 0)
		return NULL;
	if (n > 1 && (strcmp(ops[0]->text, "group") == 0 || strcmp(ops[0]->text, "module") == 0))
		return pl_rk_in_list(ops[1]->text, subs) ? ops[1] : NULL;
	return pl_rk_in_list(ops[0]->text, subs) ? ops[0] : NULL;
}

void pl_rk_check_prompt(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_prompt_spec *spec)
{
	if (!in->sh)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_rk_in_list(c->name, spec->tools))
			continue;
		const pl_sh_word *sub = pl_rk_action(c, spec->valued, spec->subs);
		if (!sub || pl_sh_cmd_has_any_flag(c, spec->flags) || pl_rk_fed_by_yes(in->sh, c))
			continue;
		pl_diag *d = pl_report(ctx, pl_rk_cmd_head(c, pl_rk_word_index(c, sub)),
		                       "add '%s' to '%s': the build cannot answer its prompt",
		                       spec->flag, pl_rk_cmd_title(a, c, sub));
		pl_rk_fix_insert_after(ctx, d, in, &c->words[c->argv0], spec->flag,
		                       pl_arena_printf(a, "add '%s'", spec->flag));
	}
}

void pl_rk_check_cache(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_cache_spec *spec)
{
	if (!in->sh || !pl_rk_pkg_ships(ctx, in))
		return;
	bool mounted = false, mount_checked = false; /* the mounts are parsed only when needed */
	for (size_t t = 0; spec->tools[t]; t++) {
		const char *tool = spec->tools[t];
		size_t from = 0;
		for (size_t i = 0; i < in->sh->ncmds; i++) {
			const pl_sh_cmd *c = in->sh->cmds[i];
			if ((pl_sh_cmd_is(c, tool) && spec->cleans(c)) || pl_rk_rm_covers(c, spec->dirs))
				from = i + 1;
		}
		for (size_t i = from; i < in->sh->ncmds; i++) {
			const pl_sh_cmd *c = in->sh->cmds[i];
			const pl_sh_word *action = pl_sh_cmd_is(c, tool) ? spec->fills(c) : NULL;
			if (!action)
				continue;
			if (!mount_checked) {
				mounted = pl_rk_cache_mounted(pl_ctx_arena(ctx), in, spec->dirs);
				mount_checked = true;
			}
			if (!mounted)
				pl_report(ctx, pl_rk_cmd_head(c, pl_rk_word_index(c, action)),
				          "'%s' leaves its cache in the layer: add '&& %s %s' in the same RUN",
				          pl_rk_cmd_title(pl_ctx_arena(ctx), c, action), tool, spec->clean);
			break;
		}
	}
}

void pl_rk_check_pin_spec(pl_ctx *ctx, const pl_df_instr *in, const pl_rk_pin_spec *spec)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		const pl_sh_word **pkgs;
		size_t n = pl_rk_sub_operands(pl_ctx_arena(ctx), c, spec->tool, spec->valued, spec->subs,
		                              &pkgs);
		if (n && spec->select)
			n = spec->select(c, pkgs, n);
		pl_rk_check_pins(ctx, in, c, pkgs, n, spec->pinned, spec->unpinned);
	}
}

bool pl_rk_rpm_cleans(const pl_sh_cmd *c)
{
	return pl_sh_cmd_subcommand_is(c, "clean") && !pl_sh_cmd_has_arg(c, "expire-cache");
}

bool pl_rk_rpm_pinned(const char *pkg)
{
	if (pl_str_ends(pkg, ".rpm"))
		return true;
	const char *dash = strchr(pkg, '-');
	if (!dash)
		return false;
	bool digit = false;
	for (const char *p = dash + 1, *part = p;; p++) {
		if (*p == '-' || !*p) {
			digit |= part[0] >= '0' && part[0] <= '9' && part < p;
			if (!*p)
				break;
			part = p + 1;
			continue;
		}
		if (!name_char(*p) && !strchr(".~^:+", *p))
			return false;
	}
	return digit;
}

const char *const pl_rk_zypper_valued[] = {
	"-R", "--root", "-c", "--config", "-D", "--reposd-dir", "-C", "--cache-dir",
	"--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir", "-p", "--plus-repo",
	"--installroot", "-r", "--repo", "--from", "-t", "--type", NULL};

const char *const pl_rk_rpm_valued[] = {
	"-c", "--config", "-d", "--debuglevel", "-e", "--errorlevel", "--installroot",
	"--releasever", "--setopt", "-x", "--exclude", "--enablerepo", "--disablerepo", "--repo",
	"--repoid", "--repofrompath", "--downloaddir", "--destdir", "--color", "--forcearch",
	"--rpmverbosity", "--comment", "--advisory", "--advisories", "--bz", "--bzs", "--cve",
	"--cves", "--sec-severity", "--secseverity", "--use-host-config", NULL};

/*
** Not a package to pin: a local or remote file, a path, a group or module
** spec (@…), a capability (perl(JSON), dnf-command(copr)) that names no
** package.
*/
static bool rpm_not_a_name(const char *pkg)
{
	return strchr(pkg, '/') || pkg[0] == '@' || strchr(pkg, '(');
}

static bool rpm_pkg_pinned(const char *pkg)
{
	return rpm_not_a_name(pkg) || pl_rk_rpm_pinned(pkg);
}

static bool rpm_module_pinned(const char *pkg)
{
	return rpm_not_a_name(pkg) || strchr(pkg, ':');
}

static pl_diag *rpm_pkg_unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w,
                                 const char *pkg)
{
	pl_arena *a = pl_ctx_arena(ctx);
	size_t n = strlen(pkg);
	while (n > 1 && pkg[n - 1] == '-')
		n--; /* "git-" from git-$UNSET */
	const char *x = pl_rk_excerpt(a, pkg), *name = pl_rk_excerpt(a, pl_arena_strndup(a, pkg, n));
	return pl_report(ctx, w->span, "pin the version of '%s' (%s install %s-<version>)", x, c->name,
	                 name);
}

static pl_diag *rpm_module_unpinned(pl_ctx *ctx, const pl_sh_cmd *c, const pl_sh_word *w,
                                    const char *pkg)
{
	const char *x = pl_rk_excerpt(pl_ctx_arena(ctx), pkg);
	return pl_report(ctx, w->span, "pin the stream of module '%s' (%s module install %s:<stream>)",
	                 x, c->name, x);
}

void pl_rk_check_rpm_pins(pl_ctx *ctx, const pl_df_instr *in, const char *const *tools)
{
	if (!in->sh)
		return;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		if (!pl_rk_in_list(c->name, tools))
			continue;
		const pl_sh_word **ops;
		size_t n = pl_rk_operands(pl_ctx_arena(ctx), c, pl_rk_rpm_valued, &ops);
		if (n >= 2 && strcmp(ops[0]->text, "module") == 0 && strcmp(ops[1]->text, "install") == 0)
			pl_rk_check_pins(ctx, in, c, ops + 2, n - 2, rpm_module_pinned, rpm_module_unpinned);
		else if (n >= 1 && (strcmp(ops[0]->text, "install") == 0 || strcmp(ops[0]->text, "in") == 0))
			pl_rk_check_pins(ctx, in, c, ops + 1, n - 1, rpm_pkg_pinned, rpm_pkg_unpinned);
	}
}

/* ---- buildkit: helpers for BuildKit's build checks ------------------- */

static size_t map_hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

void pl_rk_smap_init(pl_rk_smap *m, pl_arena *a)
{
	memset(m, 0, sizeof(*m));
	m->arena = a;
}

/* The slot of s[0, n): where it is, or the empty slot where it would go (cap > 0). */
static pl_rk_smap_ent *map_slot(const pl_rk_smap *m, const char *s, size_t n)
{
	size_t mask = m->cap - 1;
	for (size_t i = map_hash(s, n) & mask;; i = (i + 1) & mask) {
		pl_rk_smap_ent *e = &m->v[i];
		if (!e->key || (e->n == n && memcmp(e->key, s, n) == 0))
			return e;
	}
}

void pl_rk_smap_put(pl_rk_smap *m, const char *s, size_t n, const void *val)
{
	if (2 * (m->n + 1) > m->cap) { /* keep the load under one half */
		pl_rk_smap old = *m;
		m->cap = old.cap ? 2 * old.cap : 16;
		m->v = pl_arena_alloc(m->arena, m->cap * sizeof(*m->v));
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				*map_slot(m, old.v[i].key, old.v[i].n) = old.v[i];
	}
	pl_rk_smap_ent *e = map_slot(m, s, n);
	if (!e->key) {
		e->key = pl_arena_strndup(m->arena, s, n);
		e->n = n;
		m->n++;
	}
	e->val = val;
}

bool pl_rk_smap_get(const pl_rk_smap *m, const char *s, size_t n, const void **val)
{
	if (!m->cap)
		return false;
	const pl_rk_smap_ent *e = map_slot(m, s, n);
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
	pl_rk_smap_init(&s->vals, a);
	pl_rk_smap_init(&s->declared, a);
	for (size_t i = 0; i < PL_ARRAY_LEN(platform_args); i++)
		pl_rk_smap_put(&s->vals, platform_args[i][0], strlen(platform_args[i][0]), platform_args[i][1]);
	for (size_t i = 0; i < df->nglobal_args; i++) {
		const pl_df_instr *in = df->global_args[i];
		for (size_t k = 0; k < in->nkvs; k++) {
			const pl_df_kv *kv = &in->kvs[k];
			size_t n = strlen(kv->key);
			pl_rk_smap_put(&s->declared, kv->key, n, in);
			if (kv->raw_value) {
				const char *v = pl_df_expand(a, kv->raw_value, strlen(kv->raw_value), df->escape,
				                             pl_rk_from_scope_lookup, NULL, s);
				pl_rk_smap_put(&s->vals, kv->key, n, v);
			} else if (!pl_rk_smap_get(&s->vals, kv->key, n, NULL)) {
				pl_rk_smap_put(&s->vals, kv->key, n, NULL); /* a predefined one keeps its value */
			}
		}
	}
}

const char *pl_rk_from_scope_lookup(void *ud, const char *name, size_t n)
{
	const pl_rk_from_scope *s = ud;
	const void *v = NULL;
	return pl_rk_smap_get(&s->vals, name, n, &v) ? v : NULL;
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

/* ==== project: compose ⇄ Dockerfile (PL2002, PL2012, PL30xx) ========= */

/* Kept in this section so each group's additions merge on their own. */
#include <limits.h>

#include "plimsoll/project.h"

/* Where v->str starts in v's file when the scalar holds it exactly as written; SIZE_MAX otherwise. */
static size_t compose_text_at(const pl_compose_val *v)
{
	const pl_yaml_node *n = v->at.node;
	if (!n || v->at.site || !v->str || !v->at.src || n->kind != PL_YAML_SCALAR)
		return SIZE_MAX;
	size_t off = n->span.off, len = n->span.len;
	if (n->style == PL_YAML_SINGLE || n->style == PL_YAML_DOUBLE) {
		if (len < 2)
			return SIZE_MAX;
		off++;
		len -= 2;
	} else if (n->style != PL_YAML_PLAIN) {
		return SIZE_MAX;
	}
	const pl_source *src = v->at.src;
	if (strlen(v->str) != len || off + len > src->len || memcmp(src->text + off, v->str, len) != 0)
		return SIZE_MAX;
	return off;
}

pl_span pl_rk_compose_subspan(const pl_compose_val *v, size_t off, size_t len)
{
	size_t at = compose_text_at(v);
	if (at == SIZE_MAX)
		return pl_compose_value_span(&v->at);
	return (pl_span){at + off, len};
}

/* A map from text offsets to the file: base + offset when exact (base != SIZE_MAX), else everything at 'fallback'. */
static pl_textmap text_map(pl_arena *a, size_t base, size_t fallback)
{
	pl_textmap m = {NULL, 0, base};
	if (base == SIZE_MAX) {
		pl_textmap_seg *seg = pl_arena_alloc(a, sizeof(*seg));
		seg->phys = fallback;
		m.segs = seg;
		m.nsegs = 1;
		m.base = 0;
	}
	return m;
}

pl_sh_script *pl_rk_compose_script(pl_arena *a, const pl_compose_val *v)
{
	const char *text = v->str ? v->str : "";
	pl_textmap map = text_map(a, compose_text_at(v), pl_compose_value_span(&v->at).off);
	return pl_sh_parse(a, text, strlen(text), &map, 0);
}

/*
** Split s as compose-go splits a command string (go-shellwords): blanks
** separate words, '…' and "…" group, a backslash escapes the next
** character outside single quotes; nothing is expanded.  Each word gets
** its value, the span of its raw text in v's file, and in *exact the
** offset in s where its value lies verbatim (SIZE_MAX when escapes or
** quotes inside it make it differ).
*/
static size_t split_words(pl_arena *a, const pl_compose_val *v, pl_df_word **out, size_t **exact)
{
	const char *s = v->str ? v->str : "";
	size_t n = strlen(s);
	PL_VEC(pl_df_word) words = {0};
	PL_VEC(size_t) ex = {0};
	char *buf = pl_arena_alloc(a, n + 1);
	size_t i = 0;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			i++;
		if (!s[i])
			break;
		size_t start = i, o = 0, quotes = 0;
		bool escaped = false;
		char q = 0;
		for (; s[i] && (q || !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')); i++) {
			if (q != '\'' && s[i] == '\\' && s[i + 1]) {
				buf[o++] = s[++i];
				escaped = true;
			} else if (!q && (s[i] == '\'' || s[i] == '"')) {
				q = s[i];
				quotes++;
			} else if (q && s[i] == q) {
				q = 0;
			} else {
				buf[o++] = s[i];
			}
		}
		pl_df_word *w = PL_VEC_PUSH(a, &words);
		w->value = pl_arena_strndup(a, buf, o);
		w->raw = pl_arena_strndup(a, s + start, i - start);
		w->span = pl_rk_compose_subspan(v, start, i - start);
		/* verbatim: no escapes, and quotes at most around the whole word */
		bool around = quotes == 1 && i - start == o + 2 && (s[start] == '\'' || s[start] == '"');
		*PL_VEC_PUSH(a, &ex) = escaped || (quotes && !around) ? SIZE_MAX : start + (around ? 1 : 0);
	}
	*out = words.v;
	*exact = ex.v;
	return words.n;
}

size_t pl_rk_compose_words(pl_arena *a, const pl_compose_cmd *cmd, pl_df_word **out)
{
	*out = NULL;
	if (!cmd->at.node || cmd->is_null)
		return 0;
	if (!cmd->is_list) {
		size_t *exact;
		return split_words(a, &cmd->str, out, &exact);
	}
	pl_df_word *w = pl_arena_alloc(a, (cmd->items.n ? cmd->items.n : 1) * sizeof(*w));
	for (size_t i = 0; i < cmd->items.n; i++) {
		const pl_compose_val *it = &cmd->items.v[i];
		w[i].value = it->str ? it->str : "";
		w[i].raw = w[i].value;
		w[i].span = pl_compose_value_span(&it->at);
	}
	*out = w;
	return cmd->items.n;
}

bool pl_rk_parse_expose(const char *s, unsigned *lo, unsigned *hi)
{
	char *end;
	if (!*s || strchr(s, '$') || *s < '0' || *s > '9')
		return false;
	unsigned long l = strtoul(s, &end, 10), h = l;
	if (*end == '-') {
		const char *p = end + 1;
		if (*p < '0' || *p > '9')
			return false;
		h = strtoul(p, &end, 10);
	}
	if (*end && !pl_str_ieq(end, "/tcp"))
		return false;
	if (l < 1 || h > 65535 || h < l)
		return false;
	*lo = (unsigned)l;
	*hi = (unsigned)h;
	return true;
}

/* ---- the service's run: image command with compose's overrides ---- */

/*
** Spans from a compose file are carried in ic with a mark: the top bit,
** then the file's number in r->files (15 bits), then the offset.  So the
** shell parser and the server model, which only add offsets within one
** word, keep them apart from the Dockerfile's, and pl_rk_run_place can
** say where each lies.
*/
#define RUN_MARK ((size_t)1 << (sizeof(size_t) * CHAR_BIT - 1))
#define RUN_SHIFT (sizeof(size_t) * CHAR_BIT - 16)

static size_t run_file(pl_rk_service_run *r, pl_arena *a, const pl_source *src)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i] == src)
			return i;
	r->files = pl_arena_realloc(a, r->files, r->nfiles * sizeof(*r->files),
	                            (r->nfiles + 1) * sizeof(*r->files));
	r->files[r->nfiles] = src;
	return r->nfiles++;
}

static size_t run_mark(size_t file, size_t off)
{
	if (file >= ((size_t)1 << 15) || off >= ((size_t)1 << RUN_SHIFT))
		return off; /* beyond what a mark holds: left as it is */
	return RUN_MARK | (file << RUN_SHIFT) | off;
}

const pl_source *pl_rk_run_place(const pl_rk_service_run *r, pl_span *span)
{
	if (!(span->off & RUN_MARK))
		return r->dockerfile;
	size_t file = (span->off & ~RUN_MARK) >> RUN_SHIFT;
	span->off &= ((size_t)1 << RUN_SHIFT) - 1;
	return file < r->nfiles ? r->files[file] : r->dockerfile;
}

static pl_df_instr *synth_instr(pl_arena *a, pl_instr_kind kind)
{
	pl_df_instr *in = pl_arena_alloc(a, sizeof(*in));
	in->kind = kind;
	in->bits = PL_DF_JSON;
	return in;
}

/* The service's environment as an ENV instruction, its pairs' spans marked. */
static pl_df_instr *synth_env(pl_rk_service_run *r, pl_arena *a, const pl_compose_kvs *env)
{
	pl_df_instr *in = synth_instr(a, PL_INSTR_ENV);
	in->bits = 0;
	in->kvs = pl_arena_alloc(a, env->n * sizeof(*in->kvs));
	in->nkvs = env->n;
	for (size_t i = 0; i < env->n; i++) {
		const pl_compose_kv *kv = &env->v[i];
		pl_df_kv *d = &in->kvs[i];
		size_t f = run_file(r, a, kv->at.src);
		pl_span s = pl_compose_span(&kv->at), vs = pl_compose_value_span(&kv->val.at);
		d->span = (pl_span){run_mark(f, s.off), s.len};
		d->key_span = d->span;
		d->value_span = (pl_span){run_mark(f, vs.off), vs.len};
		d->key = kv->name;
		bool unknown = !kv->value || (kv->val.interp && kv->val.interp->uncertain);
		d->value = unknown ? pl_arena_printf(a, "$%s", kv->name) : kv->value;
		d->raw_value = d->value;
	}
	return in;
}

/* command: or entrypoint: as an exec-form instruction; `sh -c SCRIPT` gets SCRIPT parsed. */
static pl_df_instr *synth_exec(pl_rk_service_run *r, pl_arena *a, pl_instr_kind kind,
                               const pl_compose_cmd *cmd)
{
	pl_df_instr *in = synth_instr(a, kind);
	size_t f = run_file(r, a, cmd->at.src);
	pl_df_word *w;
	size_t *exact = NULL;
	size_t n = cmd->is_list ? pl_rk_compose_words(a, cmd, &w) : split_words(a, &cmd->str, &w, &exact);
	for (size_t i = 0; i < n; i++)
		w[i].span.off = run_mark(f, w[i].span.off);
	in->argv = w;
	in->argc = n;
	static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh"};
	const char *sh = n >= 3 ? strrchr(w[0].value, '/') : NULL;
	sh = n >= 3 ? (sh ? sh + 1 : w[0].value) : NULL;
	bool shell = false;
	for (size_t i = 0; sh && i < PL_ARRAY_LEN(shells); i++)
		shell |= strcmp(sh, shells[i]) == 0;
	if (shell && strcmp(w[1].value, "-c") == 0) {
		size_t base;
		if (cmd->is_list) {
			base = compose_text_at(&cmd->items.v[2]);
		} else {
			size_t at = compose_text_at(&cmd->str);
			base = at == SIZE_MAX || exact[2] == SIZE_MAX ? SIZE_MAX : at + exact[2];
		}
		pl_textmap map = text_map(a, base == SIZE_MAX ? SIZE_MAX : run_mark(f, base), w[2].span.off);
		in->sh = pl_sh_parse(a, w[2].value, strlen(w[2].value), &map, 0);
		in->sh_src = PL_DF_SH_EXEC_C;
	}
	return in;
}

bool pl_rk_service_run_get(pl_rk_service_run *r, pl_arena *a, const pl_project_build *b)
{
	memset(r, 0, sizeof(*r));
	if (!b->dockerfile || !b->dockerfile->df || !b->stage)
		return false;
	const pl_compose_service *svc = b->service;
	const pl_df_stage *orig = b->stage;
	r->dockerfile = b->dockerfile->src;
	r->env_unknown = svc->env_file.n > 0;
	r->entrypoint = svc->entrypoint.at.node && !svc->entrypoint.is_null;
	r->command = svc->command.at.node && !svc->command.is_null;
	pl_df_instr *extra[4];
	size_t nextra = 0;
	if (svc->environment.n)
		extra[nextra++] = synth_env(r, a, &svc->environment);
	if (r->entrypoint)
		extra[nextra++] = synth_exec(r, a, PL_INSTR_ENTRYPOINT, &svc->entrypoint);
	if (r->command)
		extra[nextra++] = synth_exec(r, a, PL_INSTR_CMD, &svc->command);
	else if (r->entrypoint)
		extra[nextra++] = synth_instr(a, PL_INSTR_CMD); /* Docker drops the image's CMD */
	if (!nextra) {
		pl_rk_image_cmd_get(&r->ic, a, orig, b->dockerfile->bctx);
		return true;
	}
	/* The stage as compose runs it: its instructions, then the service's settings. */
	pl_df_stage *st = pl_arena_alloc(a, sizeof(*st));
	*st = *orig;
	st->instrs = pl_arena_alloc(a, (orig->ninstrs + nextra) * sizeof(*st->instrs));
	memcpy(st->instrs, orig->instrs, orig->ninstrs * sizeof(*st->instrs));
	for (size_t i = 0; i < nextra; i++) {
		extra[i]->stage = st;
		st->instrs[st->ninstrs++] = extra[i];
	}
	pl_rk_image_cmd_get(&r->ic, a, st, b->dockerfile->bctx);
	r->ic.stage = orig;
	return true;
}

const pl_df_instr *pl_rk_stage_healthcheck(const pl_df_stage *st)
{
	for (const pl_df_stage *s = st; s; s = s->base)
		for (size_t i = s->ninstrs; i-- > 0;)
			if (s->instrs[i]->kind == PL_INSTR_HEALTHCHECK && !s->instrs[i]->parent)
				return s->instrs[i];
	return NULL;
}

/* A package word names program: "curl", "curl=7.88.1-10", "curl~8", "curl-minimal" (RPM). */
static bool names_program(const char *word, const char *program)
{
	size_t n = strlen(program);
	if (strncmp(word, program, n) != 0)
		return false;
	const char *rest = word + n;
	return !*rest || strchr("=~<>:", *rest) || strcmp(rest, "-minimal") == 0;
}

/* c installs program with a package manager. */
static bool cmd_installs(const pl_sh_cmd *c, const char *program)
{
	static const struct {
		const char *tool, *sub;
	} managers[] = {
		{"apt-get", "install"}, {"apt", "install"}, {"apk", "add"}, {"yum", "install"},
		{"dnf", "install"}, {"microdnf", "install"}, {"zypper", "install"}, {"zypper", "in"},
	};
	const pl_sh_word *ops[64];
	for (size_t i = 0; i < PL_ARRAY_LEN(managers); i++) {
		if (!pl_sh_cmd_is(c, managers[i].tool) || !pl_sh_cmd_subcommand_is(c, managers[i].sub))
			continue;
		size_t n = pl_sh_cmd_nonflags(c, ops, PL_ARRAY_LEN(ops));
		for (size_t k = 1; k < n && k < PL_ARRAY_LEN(ops); k++)
			if (names_program(ops[k]->text, program))
				return true;
	}
	return false;
}

/* The last part of a path ("/usr/bin/curl" -> "curl"). */
static const char *last_part(const char *p)
{
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		n--;
	size_t s = n;
	while (s && p[s - 1] != '/')
		s--;
	return p + s;
}

const pl_df_instr *pl_rk_stage_installs(const pl_df_stage *st, const char *program)
{
	size_t n = strlen(program);
	for (const pl_df_stage *s = st; s; s = s->base) {
		for (size_t i = 0; i < s->ninstrs; i++) {
			const pl_df_instr *in = s->instrs[i];
			if (in->parent)
				continue;
			if (in->kind == PL_INSTR_RUN && in->sh) {
				for (size_t k = 0; k < in->sh->ncmds; k++)
					if (cmd_installs(in->sh->cmds[k], program))
						return in;
			} else if (in->kind == PL_INSTR_COPY || in->kind == PL_INSTR_ADD) {
				const char *d = in->as.copy.dest.value ? last_part(in->as.copy.dest.value) : "";
				if (strncmp(d, program, n) == 0 && d[n] == '\0')
					return in;
				for (size_t k = 0; k < in->as.copy.nsrcs; k++)
					if (strcmp(last_part(in->as.copy.srcs[k].value), program) == 0)
						return in;
			}
		}
	}
	return NULL;
}

const pl_sh_script *pl_rk_service_healthcheck(pl_arena *a, const pl_compose_service *svc,
                                              const pl_project_build *b, const pl_source **src)
{
	const pl_compose_healthcheck *hc = &svc->healthcheck;
	*src = NULL;
	if (hc->at.node && hc->disabled)
		return NULL;
	if (!hc->at.node || !hc->test.at.node) {
		const pl_df_instr *h = b && b->stage ? pl_rk_stage_healthcheck(b->stage) : NULL;
		if (!h || h->as.health.none)
			return NULL;
		*src = b->dockerfile->src;
		return h->sh;
	}
	const pl_compose_cmd *t = &hc->test;
	*src = t->at.src;
	if (!t->is_list)
		return t->str.str ? pl_rk_compose_script(a, &t->str) : NULL;
	if (t->items.n < 2 || !t->items.v[0].str)
		return NULL;
	if (strcmp(t->items.v[0].str, "CMD-SHELL") == 0)
		return t->items.v[1].str ? pl_rk_compose_script(a, &t->items.v[1]) : NULL;
	if (strcmp(t->items.v[0].str, "CMD") != 0)
		return NULL; /* NONE */
	size_t n = t->items.n - 1;
	pl_sh_word *w = pl_arena_alloc(a, n * sizeof(*w));
	for (size_t i = 0; i < n; i++) {
		const pl_compose_val *v = &t->items.v[i + 1];
		w[i].text = v->str ? v->str : "";
		w[i].span = pl_compose_value_span(&v->at);
	}
	return pl_sh_from_words(a, w, n);
}

/* ==== compose: dclint ================================================ */

bool pl_rk_compose_own_file(const pl_compose_file *f)
{
	return !f->is_env && !f->included && !f->extended;
}

bool pl_rk_compose_fixable(pl_ctx *ctx, const pl_compose_file *f)
{
	return f->src == pl_ctx_source(ctx) && f->yaml.ndocs == 1 && f->yaml.nerrors == 0;
}

/*
** The primary weight of an ASCII byte in the Unicode collation (CLDR
** root): controls, blanks, punctuation and symbols in their order, then
** digits, then letters without case; other bytes (UTF-8) after letters.
*/
static int collate_weight(unsigned char c)
{
	static const char punct[] = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
	if (c < 0x20 || c == 0x7f)
		return 0;
	if (c == ' ')
		return 1;
	const char *p = strchr(punct, c);
	if (p)
		return 2 + (int)(p - punct);
	if (c >= '0' && c <= '9')
		return 100 + (c - '0');
	if (c >= 'a' && c <= 'z')
		return 200 + (c - 'a');
	if (c >= 'A' && c <= 'Z')
		return 200 + (c - 'A');
	return 300 + c;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Compare the digit runs at *a and *b by value and move past them; <0, 0, >0. */
static int collate_number(const char **a, const char **b)
{
	const char *x = *a, *y = *b;
	while (*x == '0' && is_digit(x[1]))
		x++;
	while (*y == '0' && is_digit(y[1]))
		y++;
	size_t nx = 0, ny = 0;
	while (is_digit(x[nx]))
		nx++;
	while (is_digit(y[ny]))
		ny++;
	int c = nx != ny ? (nx < ny ? -1 : 1) : strncmp(x, y, nx);
	*a = x + nx;
	*b = y + ny;
	return c;
}

int pl_rk_collate(const char *a, const char *b, bool numeric)
{
	const char *x = a, *y = b;
	while (*x && *y) {
		if (numeric && is_digit(*x) && is_digit(*y)) {
			int c = collate_number(&x, &y);
			if (c)
				return c;
			continue;
		}
		int wx = collate_weight((unsigned char)*x), wy = collate_weight((unsigned char)*y);
		if (wx != wy)
			return wx < wy ? -1 : 1;
		x++, y++;
	}
	if (*x || *y)
		return *x ? 1 : -1;
	/* Equal but for case (or leading zeros): lowercase first; numbers equal by value are equal. */
	for (x = a, y = b; *x && *y; x++, y++) {
		if (numeric && is_digit(*x) && is_digit(*y)) {
			collate_number(&x, &y);
			x--, y--;
			continue;
		}
		bool lx = *x >= 'a' && *x <= 'z', ly = *y >= 'a' && *y <= 'z';
		if (*x != *y && lx != ly)
			return lx ? -1 : 1;
	}
	if (numeric)
		return 0;
	int c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

size_t pl_rk_yaml_entries(pl_arena *a, const pl_yaml_node *n, pl_rk_yaml_entry **out)
{
	*out = NULL;
	if (!n || n->kind == PL_YAML_SCALAR)
		return 0;
	if (n->kind == PL_YAML_SEQUENCE) {
		pl_rk_yaml_entry *e = pl_arena_alloc(a, (n->as.seq.n + 1) * sizeof(*e));
		for (size_t i = 0; i < n->as.seq.n; i++)
			e[i] = (pl_rk_yaml_entry){NULL, n->as.seq.items[i], false};
		*out = e;
		return n->as.seq.n;
	}
	const pl_yaml_mapinfo *info = n->as.map.info;
	size_t np = info->nwritten, nm = info->nmerges, i = 0, j = 0, k = 0;
	pl_rk_yaml_entry *e = pl_arena_alloc(a, (np + nm + 1) * sizeof(*e));
	while (i < np || j < nm) {
		/* Both lists are in document order: merge them by key position. */
		bool take_pair = j == nm || (i < np && n->as.map.pairs[i].key->span.off < info->merges[j].key->span.off);
		const pl_yaml_pair *p = take_pair ? &n->as.map.pairs[i++] : &info->merges[j++];
		e[k++] = (pl_rk_yaml_entry){p->key, p->value, !take_pair};
	}
	*out = e;
	return k;
}

typedef struct refs_walk {
	pl_arena *a;
	const pl_source *src;
	PL_VEC(pl_rk_yaml_ref) refs;
	PL_VEC(size_t) keep;
	pl_rk_map anchors; /* anchor names seen */
	bool dup;
} refs_walk;

static void refs_node(refs_walk *w, const pl_yaml_node *n)
{
	if (!n)
		return;
	if (pl_yaml_is_alias(n)) {
		const pl_yaml_node *t = n->alias_of;
		if (t && t->props)
			*PL_VEC_PUSH(w->a, &w->refs) = (pl_rk_yaml_ref){n->span.off, t->props->anchor_span.off};
		return; /* the target's children are walked where it is defined */
	}
	if (n->props && n->props->anchor) {
		const char *name = n->props->anchor;
		if (pl_rk_map_put(&w->anchors, w->a, name, strlen(name), (void *)n))
			w->dup = true;
	}
	if (n->kind == PL_YAML_SCALAR) {
		if ((n->style == PL_YAML_LITERAL || n->style == PL_YAML_FOLDED) && n->span.len > 1) {
			/* The header: '|' or '>' then up to two indicators (a digit, '+' or '-'). */
			const char *h = w->src->text + n->span.off;
			size_t len = n->span.len < 3 ? n->span.len : 3;
			if (memchr(h + 1, '+', len - 1))
				*PL_VEC_PUSH(w->a, &w->keep) = n->span.off;
		}
		return;
	}
	if (n->kind == PL_YAML_SEQUENCE) {
		for (size_t i = 0; i < n->as.seq.n; i++)
			refs_node(w, n->as.seq.items[i]);
		return;
	}
	const pl_yaml_mapinfo *info = n->as.map.info;
	for (size_t i = 0; i < info->nwritten; i++) {
		refs_node(w, n->as.map.pairs[i].key);
		refs_node(w, n->as.map.pairs[i].value);
	}
	for (size_t i = 0; i < info->nmerges; i++)
		refs_node(w, info->merges[i].value);
}

static int cmp_ref(const void *x, const void *y)
{
	const pl_rk_yaml_ref *a = x, *b = y;
	return a->use < b->use ? -1 : a->use > b->use;
}

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

void pl_rk_yaml_refs_init(pl_rk_yaml_refs *r, pl_arena *a, const pl_source *src, const pl_yaml_node *root)
{
	refs_walk w = {0};
	w.a = a;
	w.src = src;
	refs_node(&w, root);
	if (w.refs.n)
		qsort(w.refs.v, w.refs.n, sizeof(*w.refs.v), cmp_ref);
	if (w.keep.n)
		qsort(w.keep.v, w.keep.n, sizeof(*w.keep.v), cmp_size);
	r->v = w.refs.v;
	r->n = w.refs.n;
	r->keep = w.keep.v;
	r->nkeep = w.keep.n;
	r->dup_anchor = w.dup;
}

/* Offset where line i starts (after a BOM on the first line). */
static size_t line_begin(const pl_source *src, size_t i)
{
	size_t off = pl_source_line(src, i).off;
	return i == 0 && off < src->bom ? src->bom : off;
}

/* What line i holds: 'b' blank, 'c' a comment, 'k' content; *ind: the column of its first non-blank. */
static char line_kind(const pl_source *src, size_t i, size_t *ind)
{
	pl_span ls = pl_source_line(src, i);
	size_t b = line_begin(src, i);
	const char *s = src->text + b, *e = src->text + pl_span_end(ls), *p = s;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	*ind = (size_t)(p - s);
	return p == e ? 'b' : *p == '#' ? 'c' : 'k';
}

/*
** Where entry e starts: its key, or the '-' of an item; SIZE_MAX when
** anything but blanks stands before that on its line, or the key carries
** an anchor or a tag.
*/
static size_t entry_head(const pl_source *src, const pl_rk_yaml_entry *e)
{
	const char *t = src->text;
	size_t at;
	if (e->key) {
		if (e->key->props || e->key->kind != PL_YAML_SCALAR)
			return SIZE_MAX;
		at = e->key->span.off;
	} else {
		const pl_yaml_node *it = e->value;
		at = it->span.off;
		if (it->props && it->props->anchor_span.len && it->props->anchor_span.off < at)
			at = it->props->anchor_span.off;
		if (it->props && it->props->tag_span.len && it->props->tag_span.off < at)
			at = it->props->tag_span.off;
		size_t p = at;
		while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\t'))
			p--;
		if (p == 0 || t[p - 1] != '-' || p == at)
			return SIZE_MAX; /* no "- " right before the item on its line */
		at = p - 1;
	}
	size_t b = line_begin(src, pl_source_line_index(src, at));
	for (size_t q = b; q < at; q++)
		if (t[q] != ' ')
			return SIZE_MAX;
	return at;
}

/* One entry's lines: [first, last] moves; it starts at head on line hl. */
typedef struct move_block {
	size_t head, hl;   /* its key or '-', and that line */
	size_t vl;         /* the line its value ends on */
	size_t first, last;/* the lines that move with it: comments above, comments inside below */
	size_t off, end;   /* its text: [line start of first, end of the content of last) */
	size_t to;         /* where its text starts in the result, relative to the region */
} move_block;

/* The block of the result holding offset p (in the region), for moving anchors and aliases. */
static size_t block_at(const move_block *b, size_t n, size_t p)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b[mid].off <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? lo - 1 : SIZE_MAX;
}

const char *pl_rk_yaml_reorder(pl_arena *a, const pl_source *src, const pl_rk_yaml_entry *e, size_t n,
                               const size_t *order, const pl_rk_yaml_refs *refs, pl_span *span)
{
	if (n < 2)
		return NULL;
	move_block *b = pl_arena_alloc(a, n * sizeof(*b));
	size_t col = 0, ind;
	for (size_t i = 0; i < n; i++) {
		b[i].head = entry_head(src, &e[i]);
		if (b[i].head == SIZE_MAX)
			return NULL;
		b[i].hl = pl_source_line_index(src, b[i].head);
		size_t c = b[i].head - line_begin(src, b[i].hl);
		if (i == 0)
			col = c;
		else if (c != col || b[i].hl <= b[i - 1].vl)
			return NULL; /* not one block collection, entry per line */
		size_t end = pl_span_end(e[i].value->span);
		if (e[i].key && pl_span_end(e[i].key->span) > end)
			end = pl_span_end(e[i].key->span);
		b[i].vl = pl_source_line_index(src, end > b[i].head ? end - 1 : b[i].head);
		/* After the value, only blanks and a comment on its last line. */
		pl_span ls = pl_source_line(src, b[i].vl);
		const char *p = src->text + end, *le = src->text + pl_span_end(ls);
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if (p < le && *p != '#')
			return NULL;
	}
	/* Comments above each entry at its own indentation go with it; deeper ones below go with the one above. */
	for (size_t i = 0; i < n; i++) {
		size_t first = b[i].hl;
		if (i > 0 || col > 0) {
			size_t floor = i ? b[i - 1].vl + 1 : 0;
			while (first > floor && line_kind(src, first - 1, &ind) == 'c' && ind == col)
				first--;
		}
		b[i].first = first;
	}
	for (size_t i = 0; i < n; i++) {
		size_t stop = i + 1 < n ? b[i + 1].first : src->nlines, last = b[i].vl;
		for (size_t l = b[i].vl + 1; l < stop; l++) {
			char k = line_kind(src, l, &ind);
			if (k == 'c' && ind > col)
				last = l;
			else if (k == 'k' && i + 1 < n)
				return NULL; /* content between two entries */
			else if (k != 'b' && i + 1 == n)
				break;
		}
		b[i].last = last;
		b[i].off = line_begin(src, b[i].first);
		b[i].end = pl_span_end(pl_source_line(src, last));
	}
	size_t lo = b[0].off, hi = b[n - 1].end;
	if (hi >= src->len)
		return NULL; /* the last line has no newline: a block moved there would lose its own */
	/* Where each block lands: blocks in the new order, the text between them where it was. */
	size_t at = 0;
	for (size_t k = 0; k < n; k++) {
		move_block *m = &b[order[k]];
		m->to = at;
		at += m->end - m->off;
		if (k + 1 < n)
			at += b[k + 1].off - b[k].end;
	}
	if (refs) {
		size_t r = 0, rhi = refs->n;
		while (r < rhi) { /* the first alias at or after lo */
			size_t mid = r + (rhi - r) / 2;
			if (refs->v[mid].use < lo)
				r = mid + 1;
			else
				rhi = mid;
		}
		for (; r < refs->n && refs->v[r].use < hi; r++) {
			size_t d = refs->v[r].def, u = refs->v[r].use;
			if (refs->dup_anchor)
				return NULL;
			if (d < lo)
				continue; /* defined before the region: still before it */
			size_t bd = block_at(b, n, d), bu = block_at(b, n, u);
			if (bd == SIZE_MAX || bu == SIZE_MAX || d >= b[bd].end || u >= b[bu].end)
				return NULL;
			if (b[bd].to + (d - b[bd].off) >= b[bu].to + (u - b[bu].off))
				return NULL; /* the alias would come before its anchor */
		}
		for (size_t k = 0; k < refs->nkeep; k++)
			if (refs->keep[k] >= lo && refs->keep[k] < hi)
				return NULL;
	}
	char *out = pl_arena_alloc(a, at + 1), *w = out;
	for (size_t k = 0; k < n; k++) {
		const move_block *m = &b[order[k]];
		memcpy(w, src->text + m->off, m->end - m->off);
		w += m->end - m->off;
		if (k + 1 < n) {
			memcpy(w, src->text + b[k].end, b[k + 1].off - b[k].end);
			w += b[k + 1].off - b[k].end;
		}
	}
	*w = '\0';
	*span = pl_span_make(lo, hi);
	return out;
}

/* Merge sort of idx[0..n) by keys with cmp, stable; tmp has room for n. */
static void order_sort(size_t *idx, size_t *tmp, size_t n, const void *const *keys,
                       int (*cmp)(const void *x, const void *y))
{
	if (n < 2)
		return;
	size_t h = n / 2;
	order_sort(idx, tmp, h, keys, cmp);
	order_sort(idx + h, tmp, n - h, keys, cmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(keys[idx[j]], keys[idx[i]]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

void pl_rk_order_by(pl_arena *a, const void *const *keys, size_t n,
                    int (*cmp)(const void *x, const void *y), size_t *out)
{
	size_t *moving = pl_arena_alloc(a, (n + 1) * sizeof(*moving)), m = 0;
	for (size_t i = 0; i < n; i++)
		if (keys[i])
			moving[m++] = i;
	size_t *tmp = pl_arena_alloc(a, (m + 1) * sizeof(*tmp));
	order_sort(moving, tmp, m, keys, cmp);
	for (size_t i = 0, k = 0; i < n; i++)
		out[i] = keys[i] ? moving[k++] : i;
}

size_t pl_rk_first_unsorted(const void *const *keys, size_t n, int (*cmp)(const void *x, const void *y),
                            size_t *prev)
{
	size_t last = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!keys[i])
			continue;
		if (last != SIZE_MAX && cmp(keys[i], keys[last]) < 0) {
			*prev = last;
			return i;
		}
		last = i;
	}
	return n;
}

/* Calls fn for each document of c's own files, with ud (the visitors below share this walk). */
static void each_doc(pl_ctx *ctx, const pl_compose *c, void (*fn)(pl_ctx *, pl_rk_doc *, void *), void *ud)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const pl_compose_file *f = c->files[i];
		if (!pl_rk_compose_own_file(f))
			continue;
		for (size_t d = 0; d < f->yaml.ndocs; d++) {
			pl_rk_doc doc = {f, f->yaml.docs[d].root, NULL};
			fn(ctx, &doc, ud);
		}
	}
}

static void visit_doc(pl_ctx *ctx, pl_rk_doc *doc, void *ud)
{
	(*(pl_rk_doc_fn *)ud)(ctx, doc);
}

void pl_rk_compose_each_doc(pl_ctx *ctx, const pl_compose *c, pl_rk_doc_fn fn)
{
	each_doc(ctx, c, visit_doc, &fn);
}

static void visit_services(pl_ctx *ctx, pl_rk_doc *doc, void *ud)
{
	pl_rk_service_fn fn = *(pl_rk_service_fn *)ud;
	const pl_yaml_node *svcs = pl_rk_yaml_written(doc->root, "services", NULL);
	if (!svcs || svcs->kind != PL_YAML_MAPPING)
		return;
	for (size_t k = 0; k < svcs->as.map.info->nwritten; k++) {
		const pl_yaml_pair *s = &svcs->as.map.pairs[k];
		const char *name = pl_yaml_str(s->key);
		if (name && s->value->kind == PL_YAML_MAPPING && !pl_yaml_is_alias(s->value))
			fn(ctx, doc, name, s->value);
	}
}

void pl_rk_compose_each_service(pl_ctx *ctx, const pl_compose *c, pl_rk_service_fn fn)
{
	each_doc(ctx, c, visit_services, &fn);
}

void pl_rk_fix_sorted(pl_ctx *ctx, pl_rk_doc *doc, const pl_rk_yaml_entry *e, size_t n,
                      const void *const *keys, int (*cmp)(const void *x, const void *y),
                      pl_diag *const *ds, size_t nd, const char *title)
{
	if (!pl_rk_compose_fixable(ctx, doc->f))
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	size_t *order = pl_arena_alloc(a, (n + 1) * sizeof(*order)), same = 0;
	pl_rk_order_by(a, keys, n, cmp, order);
	while (same < n && order[same] == same)
		same++;
	if (same == n)
		return;
	if (!doc->refs) {
		pl_rk_yaml_refs *r = pl_arena_alloc(a, sizeof(*r));
		pl_rk_yaml_refs_init(r, a, doc->f->src, doc->root);
		doc->refs = r;
	}
	pl_span span;
	const char *text = pl_rk_yaml_reorder(a, doc->f->src, e, n, order, doc->refs, &span);
	if (text)
		pl_rk_fix_all(ctx, ds, nd, PL_FIX_SAFE, title, span, text);
}

const char *pl_rk_yaml_quote(pl_arena *a, const char *s, size_t n, char quote)
{
	size_t extra = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return NULL;
		extra += c == (unsigned char)quote || (quote == '"' && c == '\\');
	}
	char *out = pl_arena_alloc(a, n + extra + 3), *w = out;
	*w++ = quote;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == quote)
			*w++ = quote == '\'' ? '\'' : '\\';
		else if (quote == '"' && s[i] == '\\')
			*w++ = '\\';
		*w++ = s[i];
	}
	*w++ = quote;
	*w = '\0';
	return out;
}

bool pl_rk_yaml_plain_ok(const char *s, size_t n, bool flow)
{
	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (strchr(",[]{}#&*!|>'\"%@`", s[0]))
		return false;
	if (strchr("-?:", s[0]) && (n == 1 || s[1] == ' '))
		return false;
	if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c == ':' && i + 1 < n && (s[i + 1] == ' ' || (flow && strchr(",[]{}", s[i + 1]))))
			return false;
		if (c == '#' && s[i - 1] == ' ')
			return false;
		if (flow && strchr(",[]{}", c))
			return false;
	}
	return pl_yaml_resolve_plain(s, n, PL_YAML_CORE, NULL) == PL_YAML_TYPE_STR;
}

void pl_rk_fix_all(pl_ctx *ctx, pl_diag *const *ds, size_t n, pl_fix_kind kind, const char *title,
                   pl_span span, const char *text)
{
	/*
	** One copy of text for all of them: n findings of one long text must
	** not cost n copies.  And a report prints each finding's fix: when n
	** copies of the text would pass 1 MiB (thousands of services out of
	** order), only the first finding carries it, which --fix applies
	** just the same, so the report stays linear in the file.
	*/
	const char *shared = text ? pl_arena_strdup(pl_ctx_arena(ctx), text) : NULL;
	size_t len = shared ? strlen(shared) + 1 : 1;
	bool every = n <= ((size_t)1 << 20) / len;
	for (size_t i = 0; i < n; i++) {
		if (!ds[i])
			continue;
		pl_fix_edit_shared(ctx, pl_fix_add(ctx, ds[i], kind, title), span, shared);
		if (!every)
			break;
	}
}

bool pl_rk_pcre2_match(const void *code, const char *s, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!md)
		pl_die_oom(0);
	int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

const pl_yaml_node *pl_rk_yaml_written(const pl_yaml_node *m, const char *key, const pl_yaml_node **key_node)
{
	if (!m || m->kind != PL_YAML_MAPPING || pl_yaml_is_alias(m))
		return NULL;
	const pl_yaml_pair *p = pl_yaml_get_pair(m, key);
	if (!p || p->via || pl_yaml_is_alias(p->value) || p->value->kind == PL_YAML_SCALAR)
		return NULL;
	if (key_node)
		*key_node = p->key;
	return p->value;
}

/* ---- compose: best practices ----------------------------------------- */

#define RK_DB_LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static const pl_rk_db_env rk_db_pg_env = {
	.user = RK_DB_LIST("POSTGRES_USER"),
	.user_default = "postgres",
	.password = RK_DB_LIST("POSTGRES_PASSWORD"),
	.database = RK_DB_LIST("POSTGRES_DB"),
	.database_is_user = true,
	.system_dbs = RK_DB_LIST("postgres", "template1"),
};
static const pl_rk_db_env rk_db_mysql_env = {
	.user = RK_DB_LIST("MYSQL_USER"),
	.password = RK_DB_LIST("MYSQL_PASSWORD"),
	.root = "root",
	.root_password = RK_DB_LIST("MYSQL_ROOT_PASSWORD"),
	.database = RK_DB_LIST("MYSQL_DATABASE"),
	.system_dbs = RK_DB_LIST("mysql", "information_schema", "performance_schema", "sys"),
};
static const pl_rk_db_env rk_db_mariadb_env = {
	.user = RK_DB_LIST("MARIADB_USER", "MYSQL_USER"),
	.password = RK_DB_LIST("MARIADB_PASSWORD", "MYSQL_PASSWORD"),
	.root = "root",
	.root_password = RK_DB_LIST("MARIADB_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD"),
	.database = RK_DB_LIST("MARIADB_DATABASE", "MYSQL_DATABASE"),
	.system_dbs = RK_DB_LIST("mysql", "information_schema", "performance_schema", "sys"),
};
/* Mongo creates databases on first use: the URL's path is not checked. */
static const pl_rk_db_env rk_db_mongo_env = {
	.user = RK_DB_LIST("MONGO_INITDB_ROOT_USERNAME"),
	.password = RK_DB_LIST("MONGO_INITDB_ROOT_PASSWORD"),
};
static const pl_rk_db_env rk_db_mssql_env = {
	.root = "sa",
	.root_password = RK_DB_LIST("MSSQL_SA_PASSWORD", "SA_PASSWORD"),
};

/* The kinds, indexed by pl_rk_db_kind. */
static const pl_rk_db rk_dbs[PL_RK_DB__COUNT] = {
	[PL_RK_DB_POSTGRES] = {PL_RK_DB_POSTGRES, "postgres", 5432,
	                       RK_DB_LIST("postgres", "postgresql", "pgsql", "postgis"),
	                       RK_DB_LIST("POSTGRES", "POSTGRESQL", "PG", "PSQL", "PGSQL"),
	                       "pg_isready -U %u", "PGDATA", &rk_db_pg_env},
	[PL_RK_DB_MYSQL] = {PL_RK_DB_MYSQL, "mysql", 3306, RK_DB_LIST("mysql", "mysql2", "mysqlx", "mariadb"),
	                    RK_DB_LIST("MYSQL", "MARIADB"), "mysqladmin ping -h 127.0.0.1", NULL, &rk_db_mysql_env},
	[PL_RK_DB_MARIADB] = {PL_RK_DB_MARIADB, "mariadb", 3306, RK_DB_LIST("mariadb", "mysql", "mysql2"),
	                      RK_DB_LIST("MARIADB", "MYSQL"), "healthcheck.sh --connect --innodb_initialized",
	                      NULL, &rk_db_mariadb_env},
	[PL_RK_DB_MONGO] = {PL_RK_DB_MONGO, "mongo", 27017, RK_DB_LIST("mongodb"), RK_DB_LIST("MONGO", "MONGODB"),
	                    "mongosh --quiet --eval \"db.adminCommand('ping')\"", NULL, &rk_db_mongo_env},
	[PL_RK_DB_REDIS] = {PL_RK_DB_REDIS, "redis", 6379, RK_DB_LIST("redis", "rediss", "valkey"),
	                    RK_DB_LIST("REDIS", "VALKEY"), "redis-cli ping", NULL, NULL},
	[PL_RK_DB_ELASTICSEARCH] = {PL_RK_DB_ELASTICSEARCH, "elasticsearch", 9200, RK_DB_LIST("elasticsearch"),
	                            RK_DB_LIST("ELASTIC", "ELASTICSEARCH", "ES"),
	                            "curl -fs http://localhost:9200/_cluster/health", NULL, NULL},
	[PL_RK_DB_OPENSEARCH] = {PL_RK_DB_OPENSEARCH, "opensearch", 9200, RK_DB_LIST("opensearch"),
	                         RK_DB_LIST("OPENSEARCH"),
	                         "curl -fsk -u admin:$$OPENSEARCH_INITIAL_ADMIN_PASSWORD "
	                         "https://localhost:9200/_cluster/health",
	                         NULL, NULL},
	[PL_RK_DB_CASSANDRA] = {PL_RK_DB_CASSANDRA, "cassandra", 9042, RK_DB_LIST("cassandra"),
	                        RK_DB_LIST("CASSANDRA"), "cqlsh -e 'describe keyspaces'", NULL, NULL},
	[PL_RK_DB_NEO4J] = {PL_RK_DB_NEO4J, "neo4j", 7687, RK_DB_LIST("neo4j", "bolt"), RK_DB_LIST("NEO4J"),
	                    "wget -q --spider http://localhost:7474", NULL, NULL},
	[PL_RK_DB_COUCHDB] = {PL_RK_DB_COUCHDB, "couchdb", 5984, RK_DB_LIST("couchdb"), RK_DB_LIST("COUCHDB", "COUCH"),
	                      "curl -fs http://localhost:5984/_up", NULL, NULL},
	[PL_RK_DB_INFLUXDB] = {PL_RK_DB_INFLUXDB, "influxdb", 8086, RK_DB_LIST("influxdb"),
	                       RK_DB_LIST("INFLUX", "INFLUXDB"), "curl -fs http://localhost:8086/ping", NULL, NULL},
	[PL_RK_DB_CLICKHOUSE] = {PL_RK_DB_CLICKHOUSE, "clickhouse", 8123, RK_DB_LIST("clickhouse", "clickhousedb"),
	                         RK_DB_LIST("CLICKHOUSE"), "clickhouse-client --query 'SELECT 1'", NULL, NULL},
	[PL_RK_DB_MSSQL] = {PL_RK_DB_MSSQL, "sqlserver", 1433, RK_DB_LIST("mssql", "sqlserver"),
	                    RK_DB_LIST("MSSQL", "SQLSERVER"),
	                    "/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P \"$$MSSQL_SA_PASSWORD\" "
	                    "-Q 'SELECT 1'",
	                    NULL, &rk_db_mssql_env},
	[PL_RK_DB_COCKROACH] = {PL_RK_DB_COCKROACH, "cockroachdb", 26257,
	                        RK_DB_LIST("cockroachdb", "postgres", "postgresql"), RK_DB_LIST("COCKROACH", "CRDB"),
	                        "curl -fs 'http://localhost:8080/health?ready=1'", NULL, NULL},
};

const pl_rk_db *pl_rk_db_get(pl_rk_db_kind k)
{
	PL_ASSERT(k < PL_RK_DB__COUNT); /* a kind from the list */
	return &rk_dbs[k];
}

/* One image of the table: a repository, for a range of major versions. */
typedef struct rk_db_row {
	const char *repo;     /* repository path, no registry, library/ or tag */
	pl_rk_db_kind kind;
	unsigned lo, hi;      /* major versions of the tag this row holds for; hi 0: no upper bound */
	const char *data_dir; /* where the data lives; NULL: no fixed place */
	const char *probe;    /* NULL: the kind's */
	bool official;        /* the kind's variables (POSTGRES_USER …) apply */
} rk_db_row;

/* Rows of one repository are adjacent. */
static const rk_db_row rk_db_rows[] = {
	{"postgres", PL_RK_DB_POSTGRES, 0, 17, "/var/lib/postgresql/data", NULL, true},
	{"postgres", PL_RK_DB_POSTGRES, 18, 0, "/var/lib/postgresql", NULL, true},
	{"postgis/postgis", PL_RK_DB_POSTGRES, 0, 17, "/var/lib/postgresql/data", NULL, true},
	{"postgis/postgis", PL_RK_DB_POSTGRES, 18, 0, "/var/lib/postgresql", NULL, true},
	{"pgvector/pgvector", PL_RK_DB_POSTGRES, 0, 17, "/var/lib/postgresql/data", NULL, true},
	{"pgvector/pgvector", PL_RK_DB_POSTGRES, 18, 0, "/var/lib/postgresql", NULL, true},
	{"timescale/timescaledb", PL_RK_DB_POSTGRES, 0, 17, "/var/lib/postgresql/data", NULL, true},
	{"timescale/timescaledb", PL_RK_DB_POSTGRES, 18, 0, "/var/lib/postgresql", NULL, true},
	{"ankane/pgvector", PL_RK_DB_POSTGRES, 0, 0, "/var/lib/postgresql/data", NULL, true},
	{"supabase/postgres", PL_RK_DB_POSTGRES, 0, 0, "/var/lib/postgresql/data", NULL, false},
	{"bitnami/postgresql", PL_RK_DB_POSTGRES, 0, 0, "/bitnami/postgresql", NULL, false},
	{"mysql", PL_RK_DB_MYSQL, 0, 0, "/var/lib/mysql", NULL, true},
	{"mysql/mysql-server", PL_RK_DB_MYSQL, 0, 0, "/var/lib/mysql", NULL, true},
	{"percona", PL_RK_DB_MYSQL, 0, 0, "/var/lib/mysql", NULL, true},
	{"percona/percona-server", PL_RK_DB_MYSQL, 0, 0, "/var/lib/mysql", NULL, true},
	{"bitnami/mysql", PL_RK_DB_MYSQL, 0, 0, "/bitnami/mysql", NULL, false},
	{"mariadb", PL_RK_DB_MARIADB, 0, 0, "/var/lib/mysql", NULL, true},
	{"bitnami/mariadb", PL_RK_DB_MARIADB, 0, 0, "/bitnami/mariadb", "mariadb-admin ping -h 127.0.0.1", false},
	{"linuxserver/mariadb", PL_RK_DB_MARIADB, 0, 0, "/config", "mariadb-admin ping -h 127.0.0.1", false},
	{"mongo", PL_RK_DB_MONGO, 0, 4, "/data/db", "mongo --quiet --eval \"db.adminCommand('ping')\"", true},
	{"mongo", PL_RK_DB_MONGO, 5, 0, "/data/db", NULL, true},
	{"mongodb/mongodb-community-server", PL_RK_DB_MONGO, 0, 0, "/data/db", NULL, true},
	{"bitnami/mongodb", PL_RK_DB_MONGO, 0, 0, "/bitnami/mongodb", NULL, false},
	{"redis", PL_RK_DB_REDIS, 0, 0, "/data", NULL, true},
	{"redis/redis-stack", PL_RK_DB_REDIS, 0, 0, "/data", NULL, true},
	{"redis/redis-stack-server", PL_RK_DB_REDIS, 0, 0, "/data", NULL, true},
	{"valkey/valkey", PL_RK_DB_REDIS, 0, 0, "/data", "valkey-cli ping", true},
	{"eqalpha/keydb", PL_RK_DB_REDIS, 0, 0, "/data", "keydb-cli ping", true},
	{"bitnami/redis", PL_RK_DB_REDIS, 0, 0, "/bitnami/redis/data", NULL, false},
	{"elasticsearch", PL_RK_DB_ELASTICSEARCH, 0, 0, "/usr/share/elasticsearch/data", NULL, true},
	{"elasticsearch/elasticsearch", PL_RK_DB_ELASTICSEARCH, 0, 0, "/usr/share/elasticsearch/data", NULL, true},
	{"bitnami/elasticsearch", PL_RK_DB_ELASTICSEARCH, 0, 0, "/bitnami/elasticsearch/data", NULL, false},
	{"opensearchproject/opensearch", PL_RK_DB_OPENSEARCH, 0, 0, "/usr/share/opensearch/data", NULL, true},
	{"cassandra", PL_RK_DB_CASSANDRA, 0, 0, "/var/lib/cassandra", NULL, true},
	{"bitnami/cassandra", PL_RK_DB_CASSANDRA, 0, 0, "/bitnami", NULL, false},
	{"neo4j", PL_RK_DB_NEO4J, 0, 0, "/data", NULL, true},
	{"couchdb", PL_RK_DB_COUCHDB, 0, 0, "/opt/couchdb/data", NULL, true},
	{"apache/couchdb", PL_RK_DB_COUCHDB, 0, 0, "/opt/couchdb/data", NULL, true},
	{"influxdb", PL_RK_DB_INFLUXDB, 0, 1, "/var/lib/influxdb", NULL, true},
	{"influxdb", PL_RK_DB_INFLUXDB, 2, 2, "/var/lib/influxdb2", NULL, true},
	{"influxdb", PL_RK_DB_INFLUXDB, 3, 0, NULL, NULL, true},
	{"clickhouse", PL_RK_DB_CLICKHOUSE, 0, 0, "/var/lib/clickhouse", NULL, true},
	{"clickhouse/clickhouse-server", PL_RK_DB_CLICKHOUSE, 0, 0, "/var/lib/clickhouse", NULL, true},
	{"yandex/clickhouse-server", PL_RK_DB_CLICKHOUSE, 0, 0, "/var/lib/clickhouse", NULL, true},
	{"mssql/server", PL_RK_DB_MSSQL, 0, 0, "/var/opt/mssql", NULL, true},
	{"cockroachdb/cockroach", PL_RK_DB_COCKROACH, 0, 0, "/cockroach/cockroach-data", NULL, true},
};

/* Docker Hub's per-architecture copies of the official images: arm64v8/postgres is postgres. */
static const char *const rk_db_arch_orgs[] = {"amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386",
                                           "mips64le", "ppc64le", "riscv64", "s390x", "windows-amd64",
                                           NULL};

/* The number at s[i..] (digits), or 0. */
static unsigned rk_db_leading_number(const char *s, size_t i, size_t n)
{
	unsigned v = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9' && v < 100000; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

/* The major version a tag names: "pg16" anywhere ("latest-pg16", "2.14-pg16"), else its leading number. */
static unsigned rk_db_tag_major(const char *tag, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++)
		if (tag[i] == 'p' && tag[i + 1] == 'g' && tag[i + 2] >= '0' && tag[i + 2] <= '9')
			return rk_db_leading_number(tag, i + 2, n);
	return rk_db_leading_number(tag, 0, n);
}

bool pl_rk_db_image_of(pl_rk_db_image *out, const char *image)
{
	memset(out, 0, sizeof(*out));
	if (!image)
		return false;
	size_t n = strcspn(image, "@");            /* no digest */
	size_t slash = 0;                          /* just past the last '/' */
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			slash = i + 1;
	const char *colon = memchr(image + slash, ':', n - slash);
	size_t tag_at = colon ? (size_t)(colon - image) : n;
	const char *repo = image;
	size_t rlen = tag_at;
	/* A first component with '.' or ':' or 'localhost' is a registry host. */
	size_t first = strcspn(repo, "/");
	if (first < rlen && (memchr(repo, '.', first) || memchr(repo, ':', first) ||
	                     (first == 9 && memcmp(repo, "localhost", 9) == 0))) {
		repo += first + 1;
		rlen -= first + 1;
	}
	for (int again = 1; again;) {
		again = 0;
		static const char *const prefixes[] = {"library/", "docker/library/", NULL};
		for (size_t k = 0; prefixes[k]; k++) {
			size_t pl = strlen(prefixes[k]);
			if (rlen > pl && memcmp(repo, prefixes[k], pl) == 0) {
				repo += pl;
				rlen -= pl;
				again = 1;
			}
		}
		size_t org = strcspn(repo, "/");
		for (size_t k = 0; org < rlen && rk_db_arch_orgs[k]; k++)
			if (strlen(rk_db_arch_orgs[k]) == org && memcmp(repo, rk_db_arch_orgs[k], org) == 0) {
				repo += org + 1;
				rlen -= org + 1;
				again = 1;
				break;
			}
	}
	const char *tag = tag_at < n ? image + tag_at + 1 : "";
	size_t tlen = tag_at < n ? n - tag_at - 1 : 0;
	unsigned major = rk_db_tag_major(tag, tlen);
	const rk_db_row *hit = NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(rk_db_rows); i++) {
		const rk_db_row *r = &rk_db_rows[i];
		if (strlen(r->repo) != rlen || !pl_strn_ieq(repo, rlen, r->repo))
			continue;
		if (!hit) {
			hit = r;
			out->db = &rk_dbs[r->kind];
			out->repo = r->repo;
			out->major = major;
			out->official = r->official;
			out->probe = r->probe ? r->probe : out->db->probe;
		}
		bool in = major == 0 || (major >= r->lo && (r->hi == 0 || major <= r->hi));
		if (!in)
			continue;
		out->probe = r->probe ? r->probe : out->db->probe; /* version unknown: the newest row's */
		if (r->data_dir && out->ndata_dirs < PL_ARRAY_LEN(out->data_dirs) &&
		    !(out->ndata_dirs && strcmp(out->data_dirs[0], r->data_dir) == 0))
			out->data_dirs[out->ndata_dirs++] = r->data_dir;
	}
	return hit != NULL;
}

bool pl_rk_db_service(pl_rk_db_image *out, const pl_compose_service *s)
{
	if (!pl_rk_db_image_of(out, s->image.str))
		return false;
	if (s->image.interp && s->image.interp->uncertain)
		out->major = 0; /* "postgres:${TAG}" with TAG unset: the version is not known */
	return true;
}

unsigned pl_rk_db_scheme_kinds(const char *scheme, size_t n)
{
	if (n > 5 && pl_strn_ieq(scheme, 5, "jdbc:")) {
		scheme += 5;
		n -= 5;
	}
	const char *plus = memchr(scheme, '+', n);
	if (plus)
		n = (size_t)(plus - scheme); /* postgresql+asyncpg, mongodb+srv */
	unsigned mask = 0;
	for (size_t k = 0; k < PL_RK_DB__COUNT; k++)
		for (const char *const *s = rk_dbs[k].schemes; *s; s++)
			if (strlen(*s) == n && pl_strn_ieq(scheme, n, *s))
				mask |= 1u << k;
	return mask;
}

const char *pl_rk_compose_service_env(const pl_compose_service *s, const char *name, bool *known)
{
	const pl_compose_kv *hit = NULL;
	for (size_t i = 0; i < s->environment.n; i++)
		if (strcmp(s->environment.v[i].name, name) == 0)
			hit = &s->environment.v[i]; /* the last one wins */
	if (!hit) {
		*known = s->env_file.n == 0;
		return NULL;
	}
	if (!hit->value || (hit->val.interp && hit->val.interp->uncertain)) {
		*known = false; /* '- NAME' passes the shell's value on; an unset variable is not known */
		return NULL;
	}
	*known = true;
	return hit->value;
}

const char *pl_rk_compose_service_env_any(const pl_compose_service *s, const char *const *names, bool *known,
                                  const char **which)
{
	*known = true;
	*which = names ? names[0] : NULL;
	for (size_t i = 0; names && names[i]; i++) {
		bool k;
		const char *v = pl_rk_compose_service_env(s, names[i], &k);
		if (v) {
			*which = names[i];
			*known = true;
			return v;
		}
		if (!k)
			*known = false;
	}
	return NULL;
}

const char pl_rk_compose_host_external = 0;

static void rk_db_host_put(pl_rk_map *m, pl_arena *a, const char *name, size_t n, const void *to)
{
	if (name && n)
		pl_rk_map_put(m, a, name, n, (void *)to);
}

void pl_rk_compose_hosts(pl_rk_map *m, pl_arena *a, const pl_compose *c)
{
	m->icase = true;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		rk_db_host_put(m, a, s->name, strlen(s->name), s);
	}
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (s->container_name.str)
			rk_db_host_put(m, a, s->container_name.str, strlen(s->container_name.str), s);
		if (s->hostname.str)
			rk_db_host_put(m, a, s->hostname.str, strlen(s->hostname.str), s);
		for (size_t k = 0; k < s->networks.n; k++)
			for (size_t j = 0; j < s->networks.v[k].aliases.n; j++) {
				const char *al = s->networks.v[k].aliases.v[j].str;
				if (al)
					rk_db_host_put(m, a, al, strlen(al), s);
			}
		for (size_t k = 0; k < s->links.n; k++) {
			const char *l = s->links.v[k].str;
			const char *colon = l ? strchr(l, ':') : NULL;
			if (!colon)
				continue;
			const pl_compose_service *t = pl_compose_service_find(c, pl_arena_strndup(a, l, (size_t)(colon - l)));
			rk_db_host_put(m, a, colon + 1, strlen(colon + 1), t ? (const void *)t : PL_RK_COMPOSE_HOST_EXTERNAL);
		}
		for (size_t k = 0; k < s->extra_hosts.n; k++) {
			const char *h = s->extra_hosts.v[k].str;
			if (h)
				rk_db_host_put(m, a, h, strcspn(h, ":="), PL_RK_COMPOSE_HOST_EXTERNAL);
		}
		/* external_links: [container[:alias]]: names of containers of other projects */
		const pl_yaml_node *el = pl_yaml_get(s->at.node, "external_links");
		for (size_t k = 0; k < pl_yaml_len(el); k++) {
			const char *l = pl_yaml_str(pl_yaml_item(el, k));
			if (!l)
				continue;
			const char *colon = strchr(l, ':');
			rk_db_host_put(m, a, l, colon ? (size_t)(colon - l) : strlen(l), PL_RK_COMPOSE_HOST_EXTERNAL);
			if (colon)
				rk_db_host_put(m, a, colon + 1, strlen(colon + 1), PL_RK_COMPOSE_HOST_EXTERNAL);
		}
	}
}

static bool rk_db_digit(char c) { return c >= '0' && c <= '9'; }

static bool rk_db_hex(char c)
{
	return rk_db_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool pl_rk_compose_is_ip(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (!n)
		return false;
	if (memchr(s, ':', n)) {
		for (size_t i = 0; i < n; i++)
			if (!rk_db_hex(s[i]) && s[i] != ':' && s[i] != '.')
				return false;
		return true;
	}
	size_t parts = 0, digits = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!digits || digits > 3)
				return false;
			parts++;
			digits = 0;
		} else if (rk_db_digit(s[i])) {
			digits++;
		} else {
			return false;
		}
	}
	return parts == 4;
}

/* "port" at s[lo, hi): its number, 0 when not one. */
static unsigned rk_db_port(const char *s, size_t lo, size_t hi)
{
	if (lo >= hi || hi - lo > 5)
		return 0;
	unsigned v = 0;
	for (size_t i = lo; i < hi; i++) {
		if (!rk_db_digit(s[i]))
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v <= 65535 ? v : 0;
}

/* host[:port] or [v6][:port] at s[lo, hi) into h; false when the host is empty. */
static bool rk_db_host_port(pl_rk_db_conn_host *h, const char *s, size_t lo, size_t hi)
{
	memset(h, 0, sizeof(*h));
	size_t he = hi;
	if (lo < hi && s[lo] == '[') {
		const char *close = memchr(s + lo, ']', hi - lo);
		if (!close)
			return false;
		he = (size_t)(close - s);
		h->host = pl_span_make(lo + 1, he);
		he++;
	} else {
		for (size_t i = lo; i < hi; i++)
			if (s[i] == ':')
				he = i; /* the last ':' */
		h->host = pl_span_make(lo, he);
	}
	if (he < hi && s[he] == ':') {
		h->port_at = pl_span_make(he + 1, hi);
		h->port = rk_db_port(s, he + 1, hi);
	}
	return h->host.len > 0;
}

/* Split hosts "a:1,b:2" at s[lo, hi) into o->hosts. */
static bool rk_db_hosts(pl_rk_db_conn *o, const char *s, size_t lo, size_t hi)
{
	o->nhosts = 0;
	while (lo <= hi && o->nhosts < PL_RK_DB_CONN_MAX_HOSTS) {
		const char *comma = memchr(s + lo, ',', hi - lo);
		size_t e = comma ? (size_t)(comma - s) : hi;
		if (rk_db_host_port(&o->hosts[o->nhosts], s, lo, e))
			o->nhosts++;
		if (!comma)
			break;
		lo = e + 1;
	}
	return o->nhosts > 0;
}

static bool rk_db_parse_url(pl_rk_db_conn *o, const char *s, size_t at, size_t colon)
{
	o->form = PL_RK_DB_CONN_URL;
	o->scheme = pl_span_make(at, colon);
	o->kinds = pl_rk_db_scheme_kinds(s + at, colon - at);
	size_t a = colon + 3, n = strlen(s);
	size_t e = a + strcspn(s + a, "/?#");
	const char *amp = NULL;
	for (size_t i = a; i < e; i++)
		if (s[i] == '@')
			amp = s + i;
	size_t hosts_at = a;
	if (amp) {
		size_t t = (size_t)(amp - s);
		const char *c = memchr(s + a, ':', t - a);
		o->has_user = true;
		o->user = pl_span_make(a, c ? (size_t)(c - s) : t);
		if (c) {
			o->has_password = true;
			o->password = pl_span_make((size_t)(c - s) + 1, t);
		}
		hosts_at = t + 1;
	}
	if (!rk_db_hosts(o, s, hosts_at, e))
		return false;
	if (e < n && s[e] == '/') {
		size_t d = e + 1, de = d + strcspn(s + d, "/?#");
		o->database = pl_span_make(d, de);
	}
	return true;
}

/* [user[:password]@]tcp(host[:port])/db, as go-sql-driver/mysql reads it. */
static bool rk_db_parse_go_mysql(pl_rk_db_conn *o, const char *s)
{
	const char *tcp = strstr(s, "tcp(");
	if (!tcp || (tcp != s && tcp[-1] != '@'))
		return false;
	size_t t = (size_t)(tcp - s);
	const char *close = strchr(tcp, ')');
	if (!close)
		return false;
	o->form = PL_RK_DB_CONN_GO_MYSQL;
	o->kinds = 1u << PL_RK_DB_MYSQL | 1u << PL_RK_DB_MARIADB;
	if (t > 0) {
		const char *c = memchr(s, ':', t - 1);
		o->has_user = true;
		o->user = pl_span_make(0, c ? (size_t)(c - s) : t - 1);
		if (c) {
			o->has_password = true;
			o->password = pl_span_make((size_t)(c - s) + 1, t - 1);
		}
	}
	o->nhosts = 1;
	if (!rk_db_host_port(&o->hosts[0], s, t + 4, (size_t)(close - s)))
		return false;
	if (close[1] == '/') {
		size_t d = (size_t)(close - s) + 2;
		o->database = pl_span_make(d, d + strcspn(s + d, "?"));
	}
	return true;
}

/* The key of a key=value pair, ASCII case and blanks ignored, is one of the list. */
static bool rk_db_kv_key_is(const char *k, size_t n, const char *const *names)
{
	char buf[32];
	size_t m = 0;
	for (size_t i = 0; i < n && m < sizeof(buf) - 1; i++)
		if (k[i] != ' ')
			buf[m++] = (char)((k[i] >= 'A' && k[i] <= 'Z') ? k[i] + 32 : k[i]);
	buf[m] = '\0';
	return pl_rk_in_list(buf, names);
}

/* host=db port=5432 … (libpq) or Server=db,1433;Database=… (ADO.NET). */
static bool rk_db_parse_kv(pl_rk_db_conn *o, const char *s)
{
	static const char *const host_keys[] = {"host", "server", "datasource", "address", "addr", NULL};
	static const char *const port_keys[] = {"port", NULL};
	static const char *const user_keys[] = {"user", "username", "userid", "uid", NULL};
	static const char *const pass_keys[] = {"password", "pwd", NULL};
	static const char *const db_keys[] = {"dbname", "database", "initialcatalog", NULL};
	static const char *const pg_keys[] = {"dbname", "sslmode", NULL};
	bool semi = strchr(s, ';') != NULL;
	size_t n = strlen(s), i = 0, pairs = 0;
	bool host = false;
	o->form = PL_RK_DB_CONN_KV;
	o->nhosts = 1;
	while (i < n) {
		while (i < n && (s[i] == ';' || (!semi && (s[i] == ' ' || s[i] == '\t'))))
			i++;
		if (i >= n)
			break;
		size_t e = i;
		while (e < n && s[e] != (semi ? ';' : ' ') && !(s[e] == '\t' && !semi))
			e++;
		const char *eq = memchr(s + i, '=', e - i);
		if (!eq || eq == s + i)
			return false;
		size_t k = i, kn = (size_t)(eq - s) - i, v = (size_t)(eq - s) + 1;
		for (size_t j = k; j < k + kn; j++)
			if (!((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_' ||
			      (semi && s[j] == ' ')))
				return false;
		pairs++;
		if (rk_db_kv_key_is(s + k, kn, host_keys)) {
			size_t hv = v;
			if (e - hv > 4 && pl_strn_ieq(s + hv, 4, "tcp:"))
				hv += 4;
			size_t he = hv + strcspn(s + hv, semi ? ",;" : ", \t");
			if (he > e)
				he = e;
			o->hosts[0].host = pl_span_make(hv, he);
			if (he < e && s[he] == ',') { /* SQL Server: Server=db,1433 */
				o->hosts[0].port_at = pl_span_make(he + 1, e);
				o->hosts[0].port = rk_db_port(s, he + 1, e);
			}
			host = he > hv;
		} else if (rk_db_kv_key_is(s + k, kn, port_keys)) {
			o->hosts[0].port_at = pl_span_make(v, e);
			o->hosts[0].port = rk_db_port(s, v, e);
		} else if (rk_db_kv_key_is(s + k, kn, user_keys)) {
			o->has_user = true;
			o->user = pl_span_make(v, e);
		} else if (rk_db_kv_key_is(s + k, kn, pass_keys)) {
			o->has_password = true;
			o->password = pl_span_make(v, e);
		} else if (rk_db_kv_key_is(s + k, kn, db_keys)) {
			o->database = pl_span_make(v, e);
		}
		if (rk_db_kv_key_is(s + k, kn, pg_keys))
			o->kinds = 1u << PL_RK_DB_POSTGRES;
		i = e;
	}
	return host && pairs >= 2;
}

bool pl_rk_db_conn_parse(pl_rk_db_conn *o, const char *s)
{
	memset(o, 0, sizeof(*o));
	if (!s)
		return false;
	size_t at = pl_strn_ieq(s, 5, "jdbc:") ? 5 : 0, k = at;
	if ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z'))
		while ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || rk_db_digit(s[k]) ||
		       s[k] == '+' || s[k] == '.' || s[k] == '-' || s[k] == '_')
			k++;
	if (k > at && s[k] == ':' && s[k + 1] == '/' && s[k + 2] == '/')
		return rk_db_parse_url(o, s, at, k);
	if (rk_db_parse_go_mysql(o, s))
		return true;
	memset(o, 0, sizeof(*o));
	if (strchr(s, '=') && rk_db_parse_kv(o, s))
		return true;
	memset(o, 0, sizeof(*o));
	return false;
}

const char *pl_rk_db_conn_part(pl_arena *a, const char *s, pl_span part, bool url_decode)
{
	char *out = pl_arena_strndup(a, s + part.off, part.len);
	if (!url_decode)
		return out;
	char *w = out;
	for (const char *r = out; *r; r++) {
		if (r[0] == '%' && rk_db_hex(r[1]) && rk_db_hex(r[2])) {
			char hex[3] = {r[1], r[2], 0};
			*w++ = (char)strtol(hex, NULL, 16);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return out;
}

const char *pl_rk_compose_kv_raw(const pl_compose_kv *kv)
{
	const char *raw = kv->val.raw;
	if (!raw)
		return NULL;
	if (kv->list_form) {
		const char *eq = strchr(raw, '=');
		return eq ? eq + 1 : NULL;
	}
	return raw;
}

bool pl_rk_compose_kv_span(const pl_compose_kv *kv, size_t off, size_t len, pl_span *out)
{
	const pl_yaml_node *n = kv->val.at.node;
	const pl_source *src = kv->val.at.src;
	const char *raw = pl_rk_compose_kv_raw(kv);
	if (!n || !src || !raw || kv->val.at.site || n->kind != PL_YAML_SCALAR || pl_yaml_is_alias(n))
		return false;
	size_t at = n->span.off, sl = n->span.len;
	if (n->style == PL_YAML_SINGLE || n->style == PL_YAML_DOUBLE) {
		if (sl < 2)
			return false;
		at++;
		sl -= 2;
	} else if (n->style != PL_YAML_PLAIN) {
		return false;
	}
	if (sl != n->as.scalar.len || at + sl > src->len || memcmp(src->text + at, n->as.scalar.value, sl) != 0)
		return false;
	size_t base = (size_t)(raw - kv->val.raw);
	if (base + off + len > sl)
		return false;
	*out = pl_span_make(at + base + off, at + base + off + len);
	return true;
}

const char *pl_rk_compose_suggest(const char *name, const char *const *options, size_t n)
{
	const char *best = pl_rk_suggest(name, options, n);
	if (best && 2 * pl_edit_distance(name, best, 3) >= strlen(name))
		return NULL;
	return best;
}

size_t pl_rk_compose_column(const pl_source *src, size_t off)
{
	return off - src->line_start[pl_source_line_index(src, off)];
}

size_t pl_rk_compose_line_end(const pl_source *src, size_t off)
{
	return pl_span_end(pl_source_line(src, pl_source_line_index(src, off)));
}

size_t pl_rk_compose_name_words(const char *name, char out[][32], size_t max)
{
	size_t n = 0, len = 0;
	for (const char *p = name;; p++) {
		bool hump = *p >= 'A' && *p <= 'Z' && p > name && p[-1] >= 'a' && p[-1] <= 'z';
		if (!*p || *p == '_' || *p == '-' || *p == '.' || hump) {
			if (len && n < max) {
				out[n][len] = '\0';
				n++;
			}
			len = 0;
			if (!*p)
				break;
			if (!hump)
				continue;
		}
		if (n < max && len < 31)
			out[n][len++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	}
	return n;
}

unsigned pl_rk_db_name_kinds(const char *name)
{
	char w[16][32];
	size_t n = pl_rk_compose_name_words(name, w, PL_ARRAY_LEN(w));
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(w[i], "PGHOST") == 0 || strcmp(w[i], "PGPORT") == 0)
			mask |= 1u << PL_RK_DB_POSTGRES;
		for (size_t k = 0; k < PL_RK_DB__COUNT; k++)
			if (pl_rk_in_list(w[i], rk_dbs[k].words))
				mask |= 1u << k;
	}
	return mask;
}

bool pl_rk_compose_netns_shared(const pl_compose_service *s)
{
	const char *m = s->network_mode.str;
	return m && (strcmp(m, "host") == 0 || pl_str_starts(m, "service:") || pl_str_starts(m, "container:"));
}

/* Entries about the service's own addresses, not where it connects to. */
static bool rk_db_own_address(char words[][32], size_t n)
{
	static const char *const own[] = {"LISTEN", "LISTENER", "LISTENERS", "BIND", "ADVERTISED", "ADVERTISE",
	                                  "VIRTUAL", "PUBLIC", "EXTERNAL", "ALLOWED", "TRUSTED", "ORIGIN",
	                                  "ORIGINS", "CORS", "CALLBACK", "REDIRECT", NULL};
	for (size_t i = 0; i < n; i++)
		if (pl_rk_in_list(words[i], own))
			return true;
	return false;
}

/* Place part p of the value (parsed from v) at part q of the raw text (parsed from raw) when both read alike. */
static void rk_db_place_part(const pl_compose_kv *kv, const char *v, pl_span p, const char *raw, pl_span q,
                          pl_span *out)
{
	if (p.len && p.len == q.len && memcmp(v + p.off, raw + q.off, p.len) == 0)
		pl_rk_compose_kv_span(kv, q.off, q.len, out);
}

/*
** Set the file spans of e's parts: the raw text (before interpolation)
** is parsed the same way, and each part whose text is the same in both
** is placed ("postgresql://${U}:${P}@localhost:5432/app" places the host).
*/
static void rk_db_place(pl_rk_compose_env_host *e)
{
	const pl_compose_kv *kv = e->kv;
	const char *raw = pl_rk_compose_kv_raw(kv), *v = kv->value;
	pl_rk_db_conn rc;
	if (!raw)
		return;
	if (strcmp(raw, v) == 0)
		rc = e->conn;
	else if (e->from_var || !pl_rk_db_conn_parse(&rc, raw) || rc.nhosts != e->conn.nhosts)
		return;
	for (size_t i = 0; i < e->conn.nhosts; i++) {
		rk_db_place_part(kv, v, e->conn.hosts[i].host, raw, rc.hosts[i].host, &e->host_at[i]);
		rk_db_place_part(kv, v, e->conn.hosts[i].port_at, raw, rc.hosts[i].port_at, &e->port_at[i]);
	}
	rk_db_place_part(kv, v, e->conn.user, raw, rc.user, &e->user_at);
	rk_db_place_part(kv, v, e->conn.password, raw, rc.password, &e->password_at);
	rk_db_place_part(kv, v, e->conn.database, raw, rc.database, &e->database_at);
}

typedef struct rk_env_hosts_memo {
	const pl_rk_compose_env_host *v;
	size_t n;
} rk_env_hosts_memo;

size_t pl_rk_compose_env_hosts(pl_ctx *ctx, const pl_compose_service *s, const pl_rk_compose_env_host **out)
{
	static const char tag = 0;
	pl_arena *a = pl_ctx_arena(ctx);
	rk_env_hosts_memo *m = *pl_ctx_memo(ctx, &tag, s);
	if (!m) {
		m = pl_arena_alloc(a, sizeof(*m));
		pl_rk_compose_env_host *v;
		m->n = pl_rk_compose_env_hosts_in(a, s, &v);
		m->v = v;
		*pl_ctx_memo(ctx, &tag, s) = m;
	}
	*out = m->v;
	return m->n;
}

size_t pl_rk_compose_env_hosts_in(pl_arena *a, const pl_compose_service *s, pl_rk_compose_env_host **out)
{
	PL_VEC(pl_rk_compose_env_host) v = {0};
	for (size_t i = 0; i < s->environment.n; i++) {
		const pl_compose_kv *kv = &s->environment.v[i];
		if (!kv->value || !*kv->value)
			continue;
		char w[16][32];
		size_t n = pl_rk_compose_name_words(kv->name, w, PL_ARRAY_LEN(w));
		if (n == 0 || rk_db_own_address(w, n))
			continue;
		pl_rk_compose_env_host e;
		memset(&e, 0, sizeof(e));
		e.kv = kv;
		e.uncertain = kv->val.interp && kv->val.interp->uncertain;
		bool host_var = n > 1 && (strcmp(w[n - 1], "HOST") == 0 || strcmp(w[n - 1], "HOSTNAME") == 0);
		host_var = host_var || strcmp(kv->name, "PGHOST") == 0;
		if (pl_rk_db_conn_parse(&e.conn, kv->value)) {
			e.kinds = e.conn.kinds ? e.conn.kinds : pl_rk_db_name_kinds(kv->name);
		} else if (host_var) {
			const char *val = kv->value;
			size_t len = strlen(val);
			if (strpbrk(val, " /,;@=") || !len)
				continue;
			e.from_var = true;
			e.conn.nhosts = 1;
			const char *colon = strrchr(val, ':');
			bool v6 = colon && memchr(val, ':', (size_t)(colon - val)) && val[0] != '[';
			size_t he = colon && !v6 ? (size_t)(colon - val) : len;
			e.conn.hosts[0].host = pl_span_make(0, he);
			if (he < len) {
				e.conn.hosts[0].port_at = pl_span_make(he + 1, len);
				e.conn.hosts[0].port = rk_db_port(val, he + 1, len);
			} else {
				/* DB_HOST -> DB_PORT, PGHOST -> PGPORT */
				size_t nl = strlen(kv->name);
				size_t cut = pl_str_ends(kv->name, "HOSTNAME") || pl_str_ends(kv->name, "hostname") ? 8 : 4;
				const char *pn = pl_arena_printf(a, "%.*sPORT", (int)(nl - cut), kv->name);
				bool known;
				const char *pv = pl_rk_compose_service_env(s, pn, &known);
				if (pv)
					e.conn.hosts[0].port = rk_db_port(pv, 0, strlen(pv));
			}
			e.kinds = pl_rk_db_name_kinds(kv->name);
		} else {
			continue;
		}
		rk_db_place(&e);
		*PL_VEC_PUSH(a, &v) = e;
	}
	*out = v.v;
	return v.n;
}
