/* Helpers shared by rules (see rulekit.h). */
#include "plimsoll/rulekit.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

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
	pcre2_code *code = regex_code(re);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!md)
		pl_die_oom(0);
	int rc = pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}
