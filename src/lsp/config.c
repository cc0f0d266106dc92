/*
** Configuration for the server: each file gets the configuration the
** CLI would give it (src/cli.c, "Which configuration a linted file
** gets"), then the editor's settings on top, as the CLI puts its rule
** options on top:
**   1. the nearest .plimsoll.yaml (or .yml) in the file's folder or a
**      parent, up to the repository root (the first folder holding .git);
**   2. where hadolint looks: .hadolint.yaml (.yml) in the workspace root,
**      $XDG_CONFIG_HOME/hadolint.yaml (default ~/.config), then
**      ~/.hadolint/{hadolint,config}.{yaml,yml} and ~/.hadolint.{yaml,yml};
**   3. the built-in defaults.
** A configuration file open in the editor is read from its buffer.
** Each file is read once and again only when it changed (its buffer's
** text, or its size, inode or time on disk), so editing .plimsoll.yaml
** takes effect on the next lint.
*/
#include "lsp.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plimsoll/rule.h"

struct pl_lsp_conf {
	char *path;          /* the config file; NULL for the defaults */
	char stamp[128];     /* what the file was when read (see stamp()) */
	pl_config cfg;       /* the file with the settings applied */
	const char *err;     /* why the file could not be used (an arena string of cfg), or NULL */
	bool told;           /* err was handed to the caller once */
	pl_lsp_conf *next;
};

void pl_lsp__confs_init(pl_lsp_confs *cs, const char *cwd)
{
	memset(cs, 0, sizeof(*cs));
	cs->cwd = pl_xstrdup(cwd ? cwd : "/");
	cs->settings.debounce_ms = 50;
	cs->settings.shellcheck = true;
}

void pl_lsp__confs_clear(pl_lsp_confs *cs)
{
	while (cs->all) {
		pl_lsp_conf *k = cs->all;
		cs->all = k->next;
		pl_config_free(&k->cfg);
		free(k->path);
		free(k);
	}
}

void pl_lsp__confs_free(pl_lsp_confs *cs)
{
	pl_lsp__confs_clear(cs);
	pl_lsp__settings_free(&cs->settings);
	free(cs->cwd);
	memset(cs, 0, sizeof(*cs));
}

/* ---- settings -------------------------------------------------------------- */

void pl_lsp__settings_free(pl_lsp_settings *s)
{
	json_decref(s->select);
	json_decref(s->ignore);
	json_decref(s->severity);
	s->select = s->ignore = s->severity = NULL;
}

/* A list setting: an array of strings or one comma-separated string; a new array, or NULL. */
static json_t *string_list(const json_t *v)
{
	if (json_is_string(v)) {
		json_t *a = json_array();
		json_array_append_new(a, json_string(json_string_value(v)));
		return a;
	}
	if (!json_is_array(v))
		return NULL;
	json_t *a = json_array();
	size_t i;
	const json_t *x;
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			json_array_append_new(a, json_string(json_string_value(x)));
	return a;
}

/* Severities: {"DL3008": "error"} or ["DL3008=error"]; a new array of "CODE=level". */
static json_t *severity_list(const json_t *v)
{
	if (!json_is_object(v))
		return string_list(v);
	json_t *a = json_array();
	const char *code;
	const json_t *lvl;
	json_object_foreach((json_t *)v, code, lvl) {
		if (!json_is_string(lvl))
			continue;
		char *spec = pl_xmalloc(strlen(code) + json_string_length(lvl) + 2);
		sprintf(spec, "%s=%s", code, json_string_value(lvl));
		json_array_append_new(a, json_string(spec));
		free(spec);
	}
	return a;
}

void pl_lsp__settings_read(pl_lsp_settings *s, const json_t *v)
{
	if (!json_is_object(v))
		return;
	const json_t *inner = json_object_get(v, "plimsoll");
	if (json_is_object(inner))
		v = inner;
	pl_lsp__settings_free(s);
	s->select = string_list(json_object_get(v, "select"));
	s->ignore = string_list(json_object_get(v, "ignore"));
	s->severity = severity_list(json_object_get(v, "severity"));
	const json_t *sc = json_object_get(v, "shellcheck");
	if (json_is_boolean(sc))
		s->shellcheck = json_is_true(sc);
	const json_t *db = json_object_get(v, "debounceMs");
	if (json_is_integer(db) && json_integer_value(db) >= 0 && json_integer_value(db) <= 10000)
		s->debounce_ms = (long)json_integer_value(db);
}

/*
** Put the settings over cfg: select replaces the file's select list (as
** --select does), ignore and severity add to it.  -1 with *err on a name
** that is no rule.
*/
static int apply_settings(const pl_lsp_settings *s, pl_config *cfg, const char **err)
{
	typedef int (*apply_fn)(pl_config *, const char *, const char **);
	const json_t *lists[3] = {s->select, s->ignore, s->severity};
	static const apply_fn fns[3] = {pl_config_select, pl_config_ignore, pl_config_set_severity};
	if (json_array_size(s->select) && cfg->select_given) {
		cfg->select_given = false;
		for (size_t k = 0; k < pl_rule_count; k++)
			cfg->rules[k].enabled = -1;
		cfg->selected_codes.n = 0;
	}
	int rc = 0;
	for (size_t l = 0; l < 3; l++) {
		size_t i;
		const json_t *x;
		json_array_foreach(lists[l], i, x) {
			const char *e = NULL;
			if (fns[l](cfg, json_string_value(x), &e) < 0 && rc == 0) {
				*err = pl_arena_printf(&cfg->arena, "settings: %s", e);
				rc = -1;
			}
		}
	}
	return rc;
}

/* ---- finding and reading config files ---------------------------------- */

/* 64-bit FNV-1a of s[0..n). */
static unsigned long long fnv(const char *s, size_t n)
{
	unsigned long long h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* What path is now (its buffer, else its file), in out; false when it is neither. */
static bool stamp(const pl_lsp_docs *docs, const char *path, char *out, size_t size)
{
	const pl_lsp_doc *d = pl_lsp__doc_by_path(docs, path);
	if (d) {
		snprintf(out, size, "buffer %zu %llx", d->text.len, fnv(d->text.s, d->text.len));
		return true;
	}
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	snprintf(out, size, "disk %llu %llu %lld %lld.%09ld", (unsigned long long)st.st_dev,
	         (unsigned long long)st.st_ino, (long long)st.st_size, (long long)st.st_mtim.tv_sec,
	         (long)st.st_mtim.tv_nsec);
	return true;
}

/* The first of dir/name for name in names that is a file or a buffer, in out. */
static bool find_in(const pl_lsp_docs *docs, const char *dir, const char *const *names, size_t n,
                    char *out, size_t size)
{
	char st[128];
	for (size_t i = 0; i < n; i++) {
		snprintf(out, size, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", names[i]);
		if (stamp(docs, out, st, sizeof(st)))
			return true;
	}
	return false;
}

/* hadolint's own lookup, in its order, into out; false when there is none. */
static bool find_hadolint(const pl_lsp_confs *cs, const pl_lsp_docs *docs, char *out, size_t size)
{
	static const char *const dotted[] = {".hadolint.yaml", ".hadolint.yml"};
	static const char *const plain[] = {"hadolint.yaml", "hadolint.yml"};
	static const char *const in_app[] = {"hadolint.yaml", "hadolint.yml", "config.yaml",
	                                     "config.yml"};
	const char *home = getenv("HOME"), *xdg = getenv("XDG_CONFIG_HOME");
	char dir[4096];
	if (find_in(docs, cs->cwd, dotted, 2, out, size))
		return true;
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof(dir), "%s", xdg);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.config", home);
	else
		return false;
	if (find_in(docs, dir, plain, 2, out, size))
		return true;
	if (!home || !*home)
		return false;
	snprintf(dir, sizeof(dir), "%s/.hadolint", home);
	return find_in(docs, dir, in_app, 4, out, size) || find_in(docs, home, dotted, 2, out, size);
}

/* The config file of files in folder dir (nearest .plimsoll.yaml, else hadolint's), in out. */
static bool find_config(const pl_lsp_confs *cs, const pl_lsp_docs *docs, const char *dir, char *out,
                        size_t size)
{
	static const char *const names[] = {".plimsoll.yaml", ".plimsoll.yml"};
	char d[4096];
	snprintf(d, sizeof(d), "%s", dir);
	for (;;) {
		if (find_in(docs, d, names, 2, out, size))
			return true;
		char probe[4200];
		snprintf(probe, sizeof(probe), "%s%s.git", d, strcmp(d, "/") == 0 ? "" : "/");
		struct stat st;
		char *slash = strrchr(d, '/');
		if (stat(probe, &st) == 0 || !slash || strcmp(d, "/") == 0)
			break; /* the repository root (or /) */
		slash[slash == d ? 1 : 0] = '\0';
	}
	return find_hadolint(cs, docs, out, size);
}

/* Read k->path (buffer or disk) into a fresh k->cfg with the settings applied. */
static void load(pl_lsp_confs *cs, const pl_lsp_docs *docs, pl_lsp_conf *k)
{
	pl_config_init(&k->cfg);
	k->err = NULL;
	k->told = false;
	const char *e = NULL;
	int rc = 0;
	if (k->path) {
		const pl_lsp_doc *d = pl_lsp__doc_by_path(docs, k->path);
		rc = d ? pl_config_load_text(&k->cfg, k->path, d->text.s, d->text.len, PL_CONFIG_AUTO, &e)
		       : pl_config_load(&k->cfg, k->path, &e);
	}
	if (rc < 0) {
		/* Unusable: the defaults, and say why once. */
		char *why = pl_xstrdup(e ? e : "cannot read the configuration");
		pl_config_free(&k->cfg);
		pl_config_init(&k->cfg);
		k->err = pl_arena_strdup(&k->cfg.arena, why);
		free(why);
	}
	const char *se = NULL;
	if (apply_settings(&cs->settings, &k->cfg, &se) < 0 && !k->err)
		k->err = se;
}

pl_config *pl_lsp__config_for(pl_lsp_confs *cs, const pl_lsp_docs *docs, const char *path,
                              const char **err)
{
	char found[4200], st[128] = "defaults";
	const char *cfg_path = NULL;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path ? path : cs->cwd);
	if (path) {
		char *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
	}
	if (find_config(cs, docs, dir, found, sizeof(found)) && stamp(docs, found, st, sizeof(st)))
		cfg_path = found;
	pl_lsp_conf *k = cs->all;
	while (k && !(cfg_path ? k->path && strcmp(k->path, cfg_path) == 0 : !k->path))
		k = k->next;
	if (!k) {
		k = pl_xcalloc(1, sizeof(*k));
		k->path = cfg_path ? pl_xstrdup(cfg_path) : NULL;
		k->next = cs->all;
		cs->all = k;
	} else if (strcmp(k->stamp, st) != 0) {
		pl_config_free(&k->cfg);
		k->stamp[0] = '\0';
	}
	if (!k->stamp[0]) {
		snprintf(k->stamp, sizeof(k->stamp), "%s", st);
		load(cs, docs, k);
	}
	*err = NULL;
	if (k->err && !k->told) {
		k->told = true;
		*err = k->err;
	}
	return &k->cfg;
}
