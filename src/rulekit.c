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
