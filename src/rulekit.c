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

const char *pl_rk_excerpt(pl_arena *a, const char *s)
{
	size_t n = 0;
	while (s[n] && (unsigned char)s[n] >= 0x20 && n < 60)
		n++;
	if (!s[n])
		return s;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* do not split a UTF-8 sequence */
	return pl_arena_printf(a, "%.*s\xe2\x80\xa6", (int)n, s);
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
		size_t at = pl_span_end(c->words[c->argv0].span);
		pl_fix_replace(ctx, d, PL_FIX_SAFE, pl_arena_printf(a, "add '%s'", spec->flag),
		               pl_span_make(at, at), pl_arena_printf(a, " %s", spec->flag));
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
