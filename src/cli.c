/*
** The command line: options, configuration, file discovery, running the
** linter on each file, rendering, the exit code.  The only module that
** prints to the user or decides the process's fate.
**
** Exit codes: 0 nothing at or above the failure threshold, 1 something
** is, 2 a usage or I/O error (the other files are still linted).
*/
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h> /* mallopt */
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_init.h"
#include "cli_options.h"
#include "compact.h"
#include "dump.h"
#include "glob.h"
#include "io.h"
#include "parallel.h"
#include "plimsoll/context.h"
#include "plimsoll/fix.h"
#include "plimsoll/grade.h"
#include "plimsoll/lint.h"
#include "plimsoll/output.h"
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "lsp/server.h"
#include "shellcheck.h"

#ifndef PL_VERSION
#define PL_VERSION "0.0.0"
#endif

enum {
	PL_EXIT_OK = 0,
	PL_EXIT_FINDINGS = 1,
	PL_EXIT_ERROR = 2,
};

typedef enum opt_id {
#define PL__X(id, s, l, a, h) OPT_##id,
	PL_OPTION_LIST(PL__X)
#undef PL__X
	OPT__COUNT
} opt_id;

typedef pl_cli_option opt_spec;
static const opt_spec *const options = pl_cli_options; /* indexed by opt_id */

/* What the command line asked for. */
/* One report to write: a format and where it goes. */
typedef struct sink {
	const char *format;          /* NULL: full on a terminal, gnu otherwise */
	const char *output;          /* file path, or NULL for stdout */
} sink;

typedef struct cli {
	sink *sinks;                 /* --format/--output pairs, in order; at least one */
	size_t nsinks;
	const char *color;           /* auto, always, never */
	const char *config_path;     /* --config */
	bool no_config;
	bool quiet;
	bool verbose;                /* --verbose: say what was skipped */
	const char *shellcheck;      /* --shellcheck PATH|off; NULL: shellcheck from PATH */
	const char *shellcheck_timeout; /* --shellcheck-timeout SECONDS */
	const char *stdin_filename;
	size_t max_file_size;
	const char *explain;
	const char *dump;
	bool list_rules, show_config, version, help;
	bool fix, unsafe_fixes, diff;  /* --fix, --unsafe-fixes, --diff */
	const char **fix_only;       /* --fix-only names, split at commas */
	size_t nfix_only;
	size_t nfixed, nfixed_files; /* fixes applied and files changed, for the summary */
	bool diff_changed;           /* --diff printed something */
	const char **select, **ignore, **severity; /* repeated flags, in order */
	size_t nselect, nignore, nseverity;
	const char **compose_files;  /* --compose-file, in order: one project */
	size_t ncompose_files;
	const char **env_files;      /* --env-file, in order */
	size_t nenv_files;
	bool process_env;            /* --process-env */
	const char **exclude;        /* --exclude globs, relative to the current folder */
	size_t nexclude;
	bool force_exclude;          /* --force-exclude */
	bool require_reason;         /* --require-reason: PL0010 */
	bool warn_unused_ignores;    /* --warn-unused-ignores: PL0011 */
	bool init;                   /* --init */
	const char *threshold;
	const char **paths;
	size_t npaths;
	_Atomic int status;          /* worst exit status so far (set by lint threads too) */
	unsigned jobs;               /* -j: files linted at a time; 0 = one per processor */
	bool stats;                  /* --stats: phase times on stderr */
	struct confs *confs;         /* the configurations of this run (set by run()) */
} cli;

static void push(const char ***v, size_t *n, const char *s)
{
	*v = pl_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

/*
** Where err() writes on this thread: NULL for stderr, else a buffer that
** collects a lint thread's messages about one file, so they come out in
** the order of the files however the threads ran (see lint_all).
*/
typedef struct err_buf {
	char *v;     /* malloc'd, NUL-terminated when n > 0 */
	size_t n, cap;
} err_buf;
static _Thread_local err_buf *err_capture;

static void err(const char *fmt, ...) PL_PRINTF(1, 2);
static void err(const char *fmt, ...)
{
	char small[1024];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	char *msg = small;
	if (n >= (int)sizeof(small)) {
		msg = pl_xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	if (n < 0)
		return;
	err_buf *b = err_capture;
	if (!b) {
		/* One write a message: lines from two threads never mix. */
		fprintf(stderr, "plimsoll: %s\n", msg);
	} else {
		size_t need = b->n + (size_t)n + sizeof("plimsoll: \n");
		if (need > b->cap) {
			b->cap = need * 2;
			b->v = pl_xrealloc(b->v, b->cap);
		}
		b->n += (size_t)snprintf(b->v + b->n, b->cap - b->n, "plimsoll: %s\n", msg);
	}
	if (msg != small)
		free(msg);
}

static void usage(FILE *out)
{
	fputs("usage: plimsoll [OPTIONS] [PATH...]\n\n"
	      "Lint Dockerfiles and Docker Compose files.  A PATH is a file, a folder\n"
	      "(searched for Dockerfile, Dockerfile.*, *.dockerfile, Containerfile*,\n"
	      "compose*.y(a)ml, docker-compose*.y(a)ml) or '-' for stdin.  No PATH\n"
	      "means the current folder.  In a folder, compose.yaml (or docker-compose.yml)\n"
	      "is linted with its compose.override.yaml merged over it, as Docker Compose\n"
	      "reads them, and with the Dockerfiles its services build (each once), the\n"
	      "two checked against each other.\n\noptions:\n",
	      out);
	for (size_t i = 0; i < OPT__COUNT; i++) {
		const opt_spec *o = &options[i];
		char left[64];
		int n = snprintf(left, sizeof(left), "%s%c%s--%s%s%s", o->short_name ? "-" : "",
		                 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "  ",
		                 o->long_name, o->arg ? " " : "", o->arg ? o->arg : "");
		if (!o->short_name)
			n = snprintf(left, sizeof(left), "    --%s%s%s", o->long_name, o->arg ? " " : "",
			             o->arg ? o->arg : "");
		fprintf(out, "  %-30s %s\n", left, o->help);
		(void)n;
	}
	fputs("\nexit status: 0 no findings at or above the failure threshold, 1 findings,\n"
	      "2 usage or I/O error.\n"
	      "\n'plimsoll lsp' runs the language server for editors (README, \"Editors\").\n",
	      out);
}

static int set_opt(cli *c, opt_id id, const char *v)
{
	switch (id) {
	case OPT_FORMAT:
		c->sinks = pl_xrealloc(c->sinks, (c->nsinks + 1) * sizeof(*c->sinks));
		c->sinks[c->nsinks++] = (sink){v, NULL};
		break;
	case OPT_OUTPUT:
		if (!c->nsinks) {
			c->sinks = pl_xrealloc(c->sinks, sizeof(*c->sinks));
			c->sinks[c->nsinks++] = (sink){NULL, NULL};
		}
		if (c->sinks[c->nsinks - 1].output) {
			err("--output '%s' follows another --output: give a --format before it", v);
			return -1;
		}
		c->sinks[c->nsinks - 1].output = v;
		break;
	case OPT_COLOR: c->color = v; break;
	case OPT_CONFIG: c->config_path = v; break;
	case OPT_NO_CONFIG: c->no_config = true; break;
	case OPT_QUIET: c->quiet = true; break;
	case OPT_VERBOSE: c->verbose = true; break;
	case OPT_SHELLCHECK: c->shellcheck = v; break;
	case OPT_SHELLCHECK_TIMEOUT: c->shellcheck_timeout = v; break;
	case OPT_STDIN_FILENAME: c->stdin_filename = v; break;
	case OPT_JOBS: {
		char *end;
		errno = 0;
		unsigned long n = strtoul(v, &end, 10);
		if (errno || end == v || *end || v[0] == '-' || n > 1024) {
			err("invalid --jobs '%s' (expected a number of files at a time, 0 for one per processor)", v);
			return -1;
		}
		c->jobs = (unsigned)n;
		break;
	}
	case OPT_STATS: c->stats = true; break;
	case OPT_MAX_FILE_SIZE:
		if (pl_parse_size(v, &c->max_file_size) < 0) {
			err("invalid size '%s' for --max-file-size", v);
			return -1;
		}
		break;
	case OPT_SELECT: push(&c->select, &c->nselect, v); break;
	case OPT_IGNORE: push(&c->ignore, &c->nignore, v); break;
	case OPT_SEVERITY: push(&c->severity, &c->nseverity, v); break;
	case OPT_COMPOSE_FILE: push(&c->compose_files, &c->ncompose_files, v); break;
	case OPT_ENV_FILE: push(&c->env_files, &c->nenv_files, v); break;
	case OPT_PROCESS_ENV: c->process_env = true; break;
	case OPT_EXCLUDE: {
		const char *why;
		if (pl_glob__check(v, &why) < 0) {
			err("--exclude: bad glob '%s': %s", v, why);
			return -1;
		}
		push(&c->exclude, &c->nexclude, v);
		break;
	}
	case OPT_FORCE_EXCLUDE: c->force_exclude = true; break;
	case OPT_REQUIRE_REASON: c->require_reason = true; break;
	case OPT_WARN_UNUSED_IGNORES: c->warn_unused_ignores = true; break;
	case OPT_INIT: c->init = true; break;
	case OPT_FAILURE_THRESHOLD: c->threshold = v; break;
	case OPT_FIX: c->fix = true; break;
	case OPT_UNSAFE_FIXES: c->unsafe_fixes = true; break;
	case OPT_DIFF: c->diff = true; break;
	case OPT_FIX_ONLY:
		for (const char *p = v; *p;) {
			size_t n = strcspn(p, ", ");
			if (n) {
				char *name = pl_xmalloc(n + 1);
				memcpy(name, p, n);
				name[n] = '\0';
				if (!pl_rule_find(name)) {
					err("--fix-only: unknown rule '%s'", name);
					free(name);
					return -1;
				}
				push(&c->fix_only, &c->nfix_only, name);
			}
			p += n;
			p += *p != '\0';
		}
		break;
	case OPT_LIST_RULES: c->list_rules = true; break;
	case OPT_SHOW_CONFIG: c->show_config = true; break;
	case OPT_EXPLAIN: c->explain = v; break;
	case OPT_DUMP: c->dump = v; break;
	case OPT_VERSION: c->version = true; break;
	case OPT_HELP: c->help = true; break;
	case OPT__COUNT: return -1;
	}
	return 0;
}

static int parse_args(cli *c, int argc, char **argv)
{
	bool only_paths = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
			push(&c->paths, &c->npaths, a);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_paths = true;
			continue;
		}
		const opt_spec *o = NULL;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t n = eq ? (size_t)(eq - name) : strlen(name);
			for (size_t k = 0; k < OPT__COUNT; k++)
				if (strlen(options[k].long_name) == n && strncmp(options[k].long_name, name, n) == 0)
					o = &options[k];
			if (!o) {
				err("unknown option '%s' (see --help)", a);
				return -1;
			}
			if (eq) {
				if (!o->arg) {
					err("option '--%s' takes no value", o->long_name);
					return -1;
				}
				val = eq + 1;
			}
		} else {
			for (size_t k = 0; k < OPT__COUNT; k++)
				if (options[k].short_name == a[1])
					o = &options[k];
			if (!o) {
				err("unknown option '%s' (see --help)", a);
				return -1;
			}
			if (a[2]) {
				if (!o->arg) {
					err("option '-%c' takes no value", a[1]);
					return -1;
				}
				val = a + 2;
			}
		}
		if (o->arg && !val) {
			if (i + 1 >= argc) {
				err("option '--%s' needs a value (%s)", o->long_name, o->arg);
				return -1;
			}
			val = argv[++i];
		}
		if (set_opt(c, (opt_id)(o - options), val) < 0)
			return -1;
	}
	return 0;
}

/* ---- discovery ------------------------------------------------------- */

typedef struct pathlist {
	char **v;
	size_t n;
	bool *explicit_; /* named on the command line (lint whatever its name) */
	char **override; /* a compose override file merged over v[i] (compose.override.yaml), or NULL */
} pathlist;

static void pathlist_add(pathlist *l, const char *p, bool explicit_)
{
	l->v = pl_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->explicit_ = pl_xrealloc(l->explicit_, (l->n + 1) * sizeof(*l->explicit_));
	l->override = pl_xrealloc(l->override, (l->n + 1) * sizeof(*l->override));
	l->v[l->n] = pl_xstrdup(p);
	l->override[l->n] = NULL;
	l->explicit_[l->n++] = explicit_;
}

/*
** Docker Compose's default files in a folder, in its order of preference
** (compose-go cli.DefaultFileNames, DefaultOverrideFileNames): the first
** of each that exists forms the project the folder is.
*/
static const char *const compose_mains[] = {"compose.yaml", "compose.yml", "docker-compose.yml",
                                            "docker-compose.yaml"};
static const char *const compose_overrides[] = {"compose.override.yml", "compose.override.yaml",
                                                "docker-compose.override.yml",
                                                "docker-compose.override.yaml"};

/* A folder entry as readdir gives it. */
typedef struct dir_entry {
	char *name;
	unsigned char type; /* d_type: DT_REG, DT_DIR, DT_LNK, or DT_UNKNOWN when the file system does not say */
} dir_entry;

/* The first of names[0..n) that is among have[0..nhave), or NULL. */
static const char *first_present(const char *const *names, size_t n, const dir_entry *have, size_t nhave)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nhave; k++)
			if (strcmp(names[i], have[k].name) == 0)
				return names[i];
	return NULL;
}

/* dir/name, malloc'd ("name" alone in "."). */
static char *dir_join(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = pl_xmalloc(len);
	if (strcmp(dir, ".") == 0)
		snprintf(p, len, "%s", name);
	else
		snprintf(p, len, "%s%s%s", dir, pl_str_ends(dir, "/") ? "" : "/", name);
	return p;
}

static bool skip_dir(const char *name)
{
	static const char *const skip[] = {".git", ".hg", ".svn", "node_modules", ".venv", "venv",
	                                   "__pycache__", ".tox", ".mypy_cache", "build", "dist",
	                                   "target", ".cache", ".terraform"};
	for (size_t i = 0; i < PL_ARRAY_LEN(skip); i++)
		if (strcmp(name, skip[i]) == 0)
			return true;
	return false;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

typedef struct conf conf;
typedef struct confs confs;
static conf *conf_for_dir(cli *c, confs *cs, const char *dir);
static bool excluded_in(const cli *c, const confs *cs, const conf *k, const char *absdir,
                        const char *name, bool is_dir, bool or_folders);

/* Add the lintable files below dir, sorted, without following symlinked folders or excluded paths. */
static void discover(cli *c, confs *cs, pathlist *out, const char *dir, int depth)
{
	if (depth > 64)
		return; /* deeper than any real project */
	char absdir[PATH_MAX];
	const conf *k = NULL; /* dir's conf, whose exclude globs apply to its entries */
	if (!realpath(dir, absdir))
		absdir[0] = '\0';
	else
		k = conf_for_dir(c, cs, absdir);
	DIR *d = opendir(dir);
	if (!d) {
		err("%s: %s", dir, strerror(errno));
		c->status = PL_EXIT_ERROR;
		return;
	}
	dir_entry *ents = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		ents = pl_xrealloc(ents, (n + 1) * sizeof(*ents));
		ents[n++] = (dir_entry){pl_xstrdup(e->d_name), e->d_type};
	}
	closedir(d);
	if (n)
		qsort(ents, n, sizeof(*ents), cmp_entry);
	/* The folder's default compose file takes its override with it, as 'docker compose' does. */
	const char *main = first_present(compose_mains, PL_ARRAY_LEN(compose_mains), ents, n);
	const char *over = main ? first_present(compose_overrides, PL_ARRAY_LEN(compose_overrides), ents, n)
	                        : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *name = ents[i].name;
		char *p = dir_join(dir, name);
		struct stat st;
		pl_file_kind kind;
		/* A regular file or a folder by readdir's word needs no lstat (symlinks and unknowns do). */
		bool known = ents[i].type == DT_REG || ents[i].type == DT_DIR;
		if (known) {
			memset(&st, 0, sizeof(st));
			st.st_mode = ents[i].type == DT_DIR ? S_IFDIR : S_IFREG;
		}
		if (!known && lstat(p, &st) != 0) {
			/* gone since it was listed */
		} else if (absdir[0] && excluded_in(c, cs, k, absdir, name, S_ISDIR(st.st_mode), false)) {
			/* excluded: neither linted nor searched */
		} else if (S_ISDIR(st.st_mode)) {
			if (!skip_dir(name))
				discover(c, cs, out, p, depth + 1);
		} else if (over && strcmp(name, over) == 0) {
			/* linted with the main file */
		} else if ((kind = pl_file_kind_of(p)) == PL_FILE_DOCKERFILE || kind == PL_FILE_COMPOSE) {
			struct stat t;
			if (!S_ISLNK(st.st_mode) || (stat(p, &t) == 0 && S_ISREG(t.st_mode))) {
				pathlist_add(out, p, false);
				if (over && strcmp(name, main) == 0)
					out->override[out->n - 1] = dir_join(dir, over);
			}
		}
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(ents[i].name);
	free(ents);
}

/* ---- configuration --------------------------------------------------- */

/*
** Which configuration a linted file gets, in this order:
**   1. --config FILE (plimsoll's or hadolint's spelling), or none with --no-config;
**   2. the nearest .plimsoll.yaml (or .plimsoll.yml) in the file's folder or
**      a parent, up to the repository root (the first folder holding .git);
**   3. where hadolint looks, in its order: ./.hadolint.yaml (.yml) in the
**      current folder, $XDG_CONFIG_HOME/hadolint.yaml (default ~/.config),
**      ~/.hadolint/hadolint.yaml, ~/.hadolint/config.yaml, ~/.hadolint.yaml;
**   4. the built-in defaults.
** The command line's rule options go on top of whichever it is.  Each
** folder is resolved once and each config file read once, however many
** files share it.
*/

/* One configuration in use: a config file (or none) with the command line applied on top. */
typedef struct conf {
	char *path;          /* the file read, as shown to the user; NULL for the defaults */
	const char *how;     /* how it was found: "--config", "nearest .plimsoll.yaml", … */
	pl_config cfg;
	bool ok;             /* read without error (else the error was printed once) */
	char *overrides;     /* the globs of the overrides applied, quoted, comma-separated; or NULL */
	struct conf *next;   /* every conf, newest first */
} conf;

/* A string-keyed hash table (open addressing, linear probing) of confs. */
typedef struct conf_map {
	char **keys;         /* owned; NULL for an empty slot */
	conf **vals;
	size_t cap, n;       /* cap is 0 or a power of two, n < cap / 2 */
} conf_map;

static size_t hash_str(const char *s)
{
	size_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static conf *conf_map_get(const conf_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash_str(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

static void conf_map_put(conf_map *m, const char *key, conf *val)
{
	if ((m->n + 1) * 2 > m->cap) {
		conf_map old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = pl_xcalloc(m->cap, sizeof(*m->keys));
		m->vals = pl_xcalloc(m->cap, sizeof(*m->vals));
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++) {
			if (old.keys[i]) {
				conf_map_put(m, old.keys[i], old.vals[i]);
				free(old.keys[i]);
			}
		}
		free(old.keys);
		free(old.vals);
	}
	size_t i = hash_str(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i]) {
		m->keys[i] = pl_xstrdup(key);
		m->n++;
	}
	m->vals[i] = val;
}

static void conf_map_free(conf_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

typedef struct confs {
	conf *all;           /* every conf made, newest first */
	conf_map by_file;    /* config file (real path) -> its conf */
	conf_map by_dir;     /* folder (real path) -> the conf its files get */
	conf_map by_path;    /* folder as the paths name it -> the same, without realpath each time */
	conf_map by_override; /* config file + the overrides that match -> the conf of such files */
	conf *fixed;         /* --config or --no-config: the one conf of every file */
	conf *fallback;      /* no .plimsoll.yaml up to the root: hadolint's lookup or the defaults */
	char cwd[4096];      /* the current folder's real path ("" if unknown) */
	struct pl_shellcheck *sc; /* the ShellCheck runner every conf gets, or NULL */
} confs;

/* Apply the command line's rule options to cfg.  -1 on a bad option (printed). */
static int apply_cli(cli *c, pl_config *cfg)
{
	const char *e = NULL;
	for (size_t i = 0; i < c->nselect; i++) {
		if (i == 0 && cfg->select_given) {
			/* The command line's select replaces the file's. */
			cfg->select_given = false;
			for (size_t k = 0; k < pl_rule_count; k++)
				cfg->rules[k].enabled = -1;
			cfg->selected_codes.n = 0;
		}
		if (pl_config_select(cfg, c->select[i], &e) < 0) {
			err("--select: %s", e);
			return -1;
		}
	}
	for (size_t i = 0; i < c->nignore; i++)
		if (pl_config_ignore(cfg, c->ignore[i], &e) < 0) {
			err("--ignore: %s", e);
			return -1;
		}
	for (size_t i = 0; i < c->nseverity; i++)
		if (pl_config_set_severity(cfg, c->severity[i], &e) < 0) {
			err("--severity: %s", e);
			return -1;
		}
	if (c->threshold) {
		int s = pl_severity_parse(c->threshold);
		if (s < 0) {
			err("unknown failure threshold '%s' (expected error, warning, info, style or none)",
			    c->threshold);
			return -1;
		}
		cfg->failure_threshold = (pl_severity)s;
	}
	cfg->require_reason |= c->require_reason;
	cfg->warn_unused_ignores |= c->warn_unused_ignores;
	cfg->force_exclude |= c->force_exclude;
	pl_config_apply_switches(cfg); /* after the select lists: they do not turn PL0010/PL0011 off */
	return 0;
}

/* path as the user should see it: relative to the current folder when it is inside it. */
static const char *shown_path(const confs *cs, const char *path)
{
	size_t n = strlen(cs->cwd);
	if (n > 1 && strncmp(path, cs->cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/*
** The conf of config file path (NULL: the defaults), read on first use.
** A file that fails to load prints its error once; its conf is not ok.
*/
static conf *conf_get(cli *c, confs *cs, const char *path, const char *how)
{
	conf *k = path ? conf_map_get(&cs->by_file, path) : NULL;
	if (k)
		return k;
	k = pl_xcalloc(1, sizeof(*k));
	k->path = path ? pl_xstrdup(shown_path(cs, path)) : NULL;
	k->how = how;
	k->next = cs->all;
	cs->all = k;
	pl_config_init(&k->cfg);
	const char *e = NULL;
	k->ok = true;
	k->cfg.shellcheck = cs->sc;
	if (path && pl_config_load(&k->cfg, k->path, &e) < 0) {
		err("%s", e);
		k->ok = false;
		c->status = PL_EXIT_ERROR; /* even when no file it would apply to is found */
	} else if (apply_cli(c, &k->cfg) < 0) {
		k->ok = false; /* cannot happen: the options were checked once before */
	}
	if (path)
		conf_map_put(&cs->by_file, path, k);
	return k;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The first config file where hadolint would look (its findConfig order), or NULL; malloc'd. */
static char *find_hadolint_config(const confs *cs)
{
	char buf[4200];
	const char *home = getenv("HOME");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	static const char *const yml[] = {"yaml", "yml"};
	for (size_t i = 0; i < 2 && cs->cwd[0]; i++) {
		snprintf(buf, sizeof(buf), "%s/.hadolint.%s", cs->cwd, yml[i]);
		if (is_file(buf))
			return pl_xstrdup(buf);
	}
	for (size_t i = 0; i < 2; i++) {
		if (xdg && xdg[0] == '/')
			snprintf(buf, sizeof(buf), "%s/hadolint.%s", xdg, yml[i]);
		else if (home && *home)
			snprintf(buf, sizeof(buf), "%s/.config/hadolint.%s", home, yml[i]);
		else
			continue;
		if (is_file(buf))
			return pl_xstrdup(buf);
	}
	if (!home || !*home)
		return NULL;
	static const char *const in_app_dir[] = {"hadolint.yaml", "hadolint.yml", "config.yaml",
	                                         "config.yml"};
	for (size_t i = 0; i < PL_ARRAY_LEN(in_app_dir); i++) {
		snprintf(buf, sizeof(buf), "%s/.hadolint/%s", home, in_app_dir[i]);
		if (is_file(buf))
			return pl_xstrdup(buf);
	}
	for (size_t i = 0; i < 2; i++) {
		snprintf(buf, sizeof(buf), "%s/.hadolint.%s", home, yml[i]);
		if (is_file(buf))
			return pl_xstrdup(buf);
	}
	return NULL;
}

static conf *conf_fallback(cli *c, confs *cs)
{
	if (!cs->fallback) {
		char *h = find_hadolint_config(cs);
		cs->fallback = conf_get(c, cs, h, h ? "hadolint's lookup" : "built-in defaults");
		free(h);
	}
	return cs->fallback;
}

/* The conf of files in folder dir (a real path): the nearest .plimsoll.yaml, else the fallback. */
static conf *conf_for_dir(cli *c, confs *cs, const char *dir)
{
	char d[4096];
	snprintf(d, sizeof(d), "%s", dir);
	char **walked = NULL; /* folders looked at, to remember their answer */
	size_t nwalked = 0;
	conf *found = NULL;
	char path[4200];
	for (;;) {
		found = conf_map_get(&cs->by_dir, d);
		if (found)
			break;
		walked = pl_xrealloc(walked, (nwalked + 1) * sizeof(*walked));
		walked[nwalked++] = pl_xstrdup(d);
		const char *sep = strcmp(d, "/") == 0 ? "" : "/";
		snprintf(path, sizeof(path), "%s%s.plimsoll.yaml", d, sep);
		if (!is_file(path))
			snprintf(path, sizeof(path), "%s%s.plimsoll.yml", d, sep);
		if (is_file(path)) {
			found = conf_get(c, cs, path, "nearest .plimsoll.yaml");
			break;
		}
		snprintf(path, sizeof(path), "%s%s.git", d, sep);
		char *slash = strrchr(d, '/');
		if (access(path, F_OK) == 0 || !slash || strcmp(d, "/") == 0) {
			found = conf_fallback(c, cs); /* the repository root (or /): stop here */
			break;
		}
		slash[slash == d ? 1 : 0] = '\0'; /* the parent folder; "/x" -> "/" */
	}
	for (size_t i = 0; i < nwalked; i++) {
		conf_map_put(&cs->by_dir, walked[i], found);
		free(walked[i]);
	}
	free(walked);
	return found;
}

/*
** The conf of a linted path: a file's folder, a folder itself (is_dir),
** or for stdin the folder of --stdin-filename (else the current one).
*/
static conf *conf_for(cli *c, confs *cs, const char *path, bool is_dir)
{
	if (cs->fixed)
		return cs->fixed;
	if (strcmp(path, "-") == 0)
		path = c->stdin_filename ? c->stdin_filename : "./-";
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	if (!is_dir) {
		char *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
		else
			snprintf(dir, sizeof(dir), ".");
	}
	conf *k = conf_map_get(&cs->by_path, dir); /* files of one folder: one realpath */
	if (k)
		return k;
	char real[PATH_MAX];
	if (!realpath(dir, real))
		snprintf(real, sizeof(real), "%s", cs->cwd[0] ? cs->cwd : "/");
	k = conf_for_dir(c, cs, real);
	conf_map_put(&cs->by_path, dir, k);
	return k;
}

/* Set up: check the command line's options once; --config and --no-config fix the conf. */
static int confs_init(cli *c, confs *cs, struct pl_shellcheck *sc)
{
	memset(cs, 0, sizeof(*cs));
	cs->sc = sc;
	if (!realpath(".", cs->cwd))
		cs->cwd[0] = '\0';
	pl_config probe; /* the options fail the same way on every conf: check them once */
	pl_config_init(&probe);
	int rc = apply_cli(c, &probe);
	pl_config_free(&probe);
	if (rc < 0)
		return -1;
	if (c->config_path) {
		cs->fixed = conf_get(c, cs, c->config_path, "--config");
		if (!cs->fixed->ok)
			return -1;
	} else if (c->no_config) {
		cs->fixed = conf_get(c, cs, NULL, "--no-config");
	}
	return 0;
}

static void confs_free(confs *cs)
{
	while (cs->all) {
		conf *k = cs->all;
		cs->all = k->next;
		pl_config_free(&k->cfg);
		free(k->path);
		free(k->overrides);
		free(k);
	}
	conf_map_free(&cs->by_file);
	conf_map_free(&cs->by_dir);
	conf_map_free(&cs->by_path);
	conf_map_free(&cs->by_override);
}

/* ---- overrides and excludes ------------------------------------------ */

/*
** The absolute path of path into out (its folder resolved, its own name
** kept, so a symlinked file keeps its name); "" when the folder cannot be
** resolved.  A folder path ("x/", ".", "..") is resolved whole.
*/
static void abs_path(const char *path, char out[PATH_MAX])
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	out[0] = '\0';
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		if (!realpath(path, out))
			out[0] = '\0';
		return;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1,
	         slash ? path : ".");
	if (!realpath(dir, real))
		return;
	int n = snprintf(out, PATH_MAX, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
	if (n < 0 || n >= PATH_MAX)
		out[0] = '\0'; /* too long to match anything by */
}

/*
** The conf of the file at path: its folder's, with the overrides of that
** conf's file that match the file's path applied (each such combination
** is made once).
*/
static conf *conf_for_file(cli *c, confs *cs, const char *path)
{
	conf *k = conf_for(c, cs, path, false);
	if (!k->ok || !k->cfg.override_globs.n)
		return k;
	char abs[PATH_MAX];
	const char *named = strcmp(path, "-") == 0 ? (c->stdin_filename ? c->stdin_filename : "-") : path;
	abs_path(named, abs);
	const char *rel = abs[0] ? pl_config_relpath(&k->cfg, abs) : named;
	size_t n = k->cfg.override_globs.n;
	bool *match = pl_xcalloc(n, sizeof(*match));
	if (!pl_config_overrides_matching(&k->cfg, rel, match)) {
		free(match);
		return k;
	}
	/* The key: the base conf's address and the overrides that match. */
	size_t klen = 32 + n;
	char *key = pl_xmalloc(klen);
	int at = snprintf(key, klen, "%p:", (void *)k);
	for (size_t i = 0; i < n; i++)
		key[at + (int)i] = match[i] ? '1' : '0';
	key[(size_t)at + n] = '\0';
	conf *o = conf_map_get(&cs->by_override, key);
	if (!o) {
		o = pl_xcalloc(1, sizeof(*o));
		o->path = k->path ? pl_xstrdup(k->path) : NULL;
		o->how = k->how;
		o->next = cs->all;
		cs->all = o;
		pl_config_init(&o->cfg);
		o->cfg.shellcheck = cs->sc;
		const char *e = NULL;
		o->ok = pl_config_load_for(&o->cfg, &k->cfg, rel, &e) == 0 && apply_cli(c, &o->cfg) == 0;
		if (e)
			err("%s", e); /* cannot happen: the overrides were checked when the file was read */
		size_t dlen = 1;
		for (size_t i = 0; i < n; i++)
			dlen += match[i] ? strlen(k->cfg.override_globs.v[i]) + 4 : 0;
		o->overrides = pl_xcalloc(1, dlen);
		for (size_t i = 0; i < n; i++)
			if (match[i])
				snprintf(o->overrides + strlen(o->overrides), dlen - strlen(o->overrides), "%s'%s'",
				         o->overrides[0] ? ", " : "", k->cfg.override_globs.v[i]);
		conf_map_put(&cs->by_override, key, o);
	}
	free(key);
	free(match);
	return o;
}

/*
** The entry name of folder absdir (a real path), a folder itself when
** is_dir, is excluded: by the exclude globs of k (the folder's conf) or by
** --exclude (relative to the current folder).  or_folders: also when a
** folder it is in is (for a path named on its own; discovery does not
** enter an excluded folder in the first place).
*/
static bool excluded_in(const cli *c, const confs *cs, const conf *k, const char *absdir,
                        const char *name, bool is_dir, bool or_folders)
{
	if ((!k || !k->ok || !k->cfg.exclude.n) && !c->nexclude)
		return false;
	char abs[PATH_MAX];
	snprintf(abs, sizeof(abs), "%s%s%s", absdir, strcmp(absdir, "/") == 0 ? "" : "/", name);
	if (k && k->ok && pl_config_excludes(&k->cfg, pl_config_relpath(&k->cfg, abs), is_dir, or_folders))
		return true;
	const char *rel = shown_path(cs, abs);
	for (size_t i = 0; i < c->nexclude; i++)
		if (pl_glob__match(c->exclude[i], rel, is_dir, or_folders))
			return true;
	return false;
}

/* path (a file, or a folder when is_dir), named on its own, is excluded by its conf or by --exclude. */
static bool excluded(cli *c, confs *cs, const char *path, bool is_dir)
{
	char abs[PATH_MAX];
	abs_path(path, abs);
	if (!abs[0])
		return false;
	char *slash = strrchr(abs, '/');
	if (!slash || !slash[1])
		return false; /* the filesystem root */
	*slash = '\0';
	const char *dir = slash == abs ? "/" : abs;
	conf *k = conf_for_dir(c, cs, dir);
	return excluded_in(c, cs, k, dir, slash + 1, is_dir, true);
}

/* --show-config: the conf of each path (the current folder when none) as YAML. */
static int show_config(cli *c, confs *cs)
{
	size_t n = c->npaths ? c->npaths : 1;
	int rc = PL_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		const char *p = c->npaths ? c->paths[i] : ".";
		struct stat st;
		bool is_dir = strcmp(p, "-") != 0 && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		conf *k = is_dir ? conf_for(c, cs, p, true) : conf_for_file(c, cs, p);
		if (!k->ok) {
			rc = PL_EXIT_ERROR;
			continue;
		}
		if (i)
			fputs("---\n", stdout);
		fprintf(stdout, "# configuration for '%s'\n", p);
		if (k->path)
			fprintf(stdout, "# source: %s (%s, %s format)\n", k->path, k->how,
			        pl_config_dialect_name(k->cfg.dialect));
		else
			fprintf(stdout, "# source: none (%s)\n", k->how);
		if (k->overrides)
			fprintf(stdout, "# overrides applied: %s\n", k->overrides);
		if (!is_dir && excluded(c, cs, p, false))
			fprintf(stdout, "# excluded: linted only when named%s\n",
			        k->cfg.force_exclude ? " (not even then: force-exclude)" : "");
		pl_config_write(&k->cfg, stdout);
	}
	return rc;
}

/* ---- ShellCheck -------------------------------------------------------- */

static void log_shellcheck(void *ud, pl_sc_log_level level, const char *msg)
{
	const cli *c = ud;
	if (level == PL_SC_LOG_ERROR || c->verbose)
		err("%s", msg);
}

/*
** Make the ShellCheck runner when a shellcheck is there and not turned
** off (*ready); each conf gets it, and the engine uses it where the SC
** rule is on.  *found gets a path to free.  -1 on a bad --shellcheck-timeout.
*/
static int setup_shellcheck(cli *c, pl_shellcheck *sc, bool *ready, char **found)
{
	*ready = false;
	unsigned timeout_ms = 30000;
	if (c->shellcheck_timeout) {
		char *end;
		errno = 0;
		double s = strtod(c->shellcheck_timeout, &end);
		if (errno || end == c->shellcheck_timeout || *end || !(s > 0 && s <= 86400)) {
			err("invalid --shellcheck-timeout '%s' (expected seconds, e.g. 30 or 0.5)",
			    c->shellcheck_timeout);
			return -1;
		}
		timeout_ms = (unsigned)(s * 1000 + 0.5);
		if (!timeout_ms)
			timeout_ms = 1;
	}
	const char *program = c->shellcheck;
	if (program && strcmp(program, "off") == 0) {
		if (c->verbose)
			err("SC checks skipped: --shellcheck off");
		return 0;
	}
	if (!program) {
		*found = pl_shellcheck__which("shellcheck");
		if (!*found) {
			if (c->verbose)
				err("SC checks skipped: shellcheck is not in PATH (install it, or name it with --shellcheck PATH)");
			return 0;
		}
		program = *found;
	}
	pl_shellcheck__init(sc, program, timeout_ms, log_shellcheck, c);
	*ready = true;
	return 0;
}

/* ---- commands -------------------------------------------------------- */

static const char *fix_name(pl_fix_kind k)
{
	return k == PL_FIX_SAFE ? "safe" : k == PL_FIX_UNSAFE ? "unsafe" : k ? "display" : "no";
}

static int list_rules(const char *format, const pl_config *cfg)
{
	bool json = format && strcmp(format, "json") == 0;
	if (json)
		fputc('[', stdout);
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		pl_severity sev = pl_config_rule_severity(cfg, r);
		if (json) {
			fputs(i ? ",\n{\"code\":" : "\n{\"code\":", stdout);
			pl_out_json_string(stdout, r->id);
			fputs(",\"name\":", stdout);
			pl_out_json_string(stdout, r->name);
			fputs(",\"aliases\":[", stdout);
			for (const char *const *a = r->aliases; a && *a; a++) {
				if (a != r->aliases)
					fputc(',', stdout);
				pl_out_json_string(stdout, *a);
			}
			fprintf(stdout, "],\"severity\":\"%s\",\"category\":\"%s\",\"fixable\":%s,"
			                "\"enabled\":%s,\"summary\":",
			        pl_severity_name(sev), pl_category_name(r->category),
			        r->fix >= PL_FIX_UNSAFE ? "true" : "false",
			        pl_config_rule_on(cfg, r) ? "true" : "false");
			pl_out_json_string(stdout, r->summary);
			fputc('}', stdout);
		} else {
			fprintf(stdout, "%-8s %-32s %-8s %-6s %s%s\n", r->id, r->name, pl_severity_name(sev),
			        fix_name(r->fix), r->summary, pl_config_rule_on(cfg, r) ? "" : " (off by default)");
		}
	}
	if (json)
		fputs("\n]\n", stdout);
	return PL_EXIT_OK;
}

static int explain(const char *name)
{
	const pl_rule *r = pl_rule_find(name);
	if (!r && (name[0] == 'S' || name[0] == 's') && (name[1] == 'C' || name[1] == 'c') &&
	    name[2] >= '0' && name[2] <= '9' && strspn(name + 2, "0123456789") == strlen(name + 2)) {
		/* A ShellCheck code: its page is ShellCheck's; how plimsoll runs it is SC's doc. */
		printf("SC%s is a ShellCheck code: https://www.shellcheck.net/wiki/SC%s\n\n", name + 2, name + 2);
		r = pl_rule_find("SC");
	}
	if (!r) {
		err("unknown rule '%s' (see --list-rules)", name);
		return PL_EXIT_ERROR;
	}
	const char *doc = pl_rule_doc(r->id);
	if (!doc) {
		err("rule '%s' has no documentation", r->id);
		return PL_EXIT_ERROR;
	}
	fputs(doc, stdout);
	return PL_EXIT_OK;
}

/* Kind of a file given on the command line: by name, else by extension, else a Dockerfile. */
static pl_file_kind kind_for(const char *name)
{
	pl_file_kind k = pl_file_kind_of(name);
	if (k != PL_FILE_UNKNOWN)
		return k;
	if (pl_str_ends(name, ".yml") || pl_str_ends(name, ".yaml"))
		return PL_FILE_COMPOSE;
	return PL_FILE_DOCKERFILE;
}

/* How to load a compose project: the run's env files and environment (overrides are per file). */
static pl_compose_opts compose_opts(const cli *c)
{
	pl_compose_opts o;
	memset(&o, 0, sizeof(o));
	o.env_files = c->nenv_files ? c->env_files : NULL;
	o.nenv_files = c->nenv_files;
	o.process_env = c->process_env;
	o.max_file_size = c->max_file_size;
	return o;
}

static int dump(cli *c)
{
	bool project = c->npaths == 0 && c->ncompose_files && strcmp(c->dump, "compose") == 0;
	if (c->npaths != 1 && !project) {
		err("--dump takes exactly one file (or, for compose, the --compose-file list)");
		return PL_EXIT_ERROR;
	}
	const char *path = project ? c->compose_files[0] : c->paths[0];
	char *buf;
	size_t len;
	const char *e;
	if (pl_io_read(path, c->max_file_size, &buf, &len, &e) < 0) {
		err("%s: %s", path, e);
		return PL_EXIT_ERROR;
	}
	const char *name = strcmp(path, "-") == 0 && c->stdin_filename ? c->stdin_filename : path;
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, name, buf, len);
	free(buf);
	int rc = PL_EXIT_OK;
	if (strcmp(c->dump, "compose") == 0) {
		pl_compose_opts o = compose_opts(c);
		if (project) {
			o.files = c->compose_files + 1;
			o.nfiles = c->ncompose_files - 1;
		}
		pl_compose comp;
		pl_compose_load(&comp, &a, &src, &o);
		pl_dump_compose(stdout, &comp);
	} else if (strcmp(c->dump, "ast") == 0 || strcmp(c->dump, "shell") == 0) {
		pl_dockerfile df;
		pl_dockerfile_parse(&df, &a, &src);
		if (strcmp(c->dump, "ast") == 0) {
			pl_dump_dockerfile(stdout, &df);
		} else {
			for (size_t i = 0; i < df.ninstrs; i++) {
				const pl_df_instr *in = df.instrs[i];
				if (in->kind == PL_INSTR_ONBUILD && in->as.inner)
					in = in->as.inner;
				if (!in->sh)
					continue;
				fprintf(stdout, "; %s at ", pl_instr_keyword(in->kind));
				pl_dump_span(stdout, &src, in->span);
				fputc('\n', stdout);
				pl_dump_shell(stdout, &src, in->sh, 0);
			}
		}
	} else {
		err("unknown --dump '%s' (expected ast, shell or compose)", c->dump);
		rc = PL_EXIT_ERROR;
	}
	pl_arena_free(&a);
	return rc;
}

static bool use_color(const cli *c)
{
	if (c->color && strcmp(c->color, "always") == 0)
		return true;
	if (c->color && strcmp(c->color, "never") == 0)
		return false;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(STDOUT_FILENO) != 0;
}

/*
** --fix / --diff on one file whose bytes are *buf: print the diff, or write
** the fixed text (stdin: to stdout), and leave the fixed text in *buf so
** the report shows what remains.
*/
static void fix_one(cli *c, const char *path, const char *name, bool is_stdin, pl_file_kind kind,
                    const pl_config *cfg, char **buf, size_t *len)
{
	pl_fix_opts o = {0};
	o.unsafe = c->unsafe_fixes;
	o.only = c->nfix_only ? c->fix_only : NULL;
	o.nonly = c->nfix_only;
	o.disk_path = is_stdin ? NULL : path;
	pl_fix_result r;
	pl_fix_text(&r, name, kind, *buf, *len, cfg, &o);
	if (r.broken)
		err("%s: a fix of %s would break the file, so it was not applied (this is a bug in the rule: "
		    "please report it)", name, r.broken);
	bool changed = r.len != *len || memcmp(r.text, *buf, *len) != 0;
	if (c->diff) {
		if (pl_diff_unified(stdout, name, *buf, *len, r.text, r.len))
			c->diff_changed = true;
		pl_fix_result_free(&r);
		return;
	}
	if (is_stdin) {
		fwrite(r.text, 1, r.len, stdout);
		fflush(stdout);
	} else if (changed) {
		const char *e;
		if (pl_write_atomic(path, r.text, r.len, *buf, *len, &e) < 0) {
			err("%s: not fixed: %s", path, e);
			c->status = PL_EXIT_ERROR;
			pl_fix_result_free(&r);
			return;
		}
	}
	if (changed) {
		c->nfixed += r.applied;
		c->nfixed_files++;
	}
	free(*buf);
	*buf = r.text; /* the caller reports on the fixed text */
	*len = r.len;
	r.text = NULL;
	pl_fix_result_free(&r);
}

/* The kind lint_one gives path: by name, or for a named file (and stdin) by extension too. */
static pl_file_kind path_kind(const cli *c, const char *path, bool explicit_)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (c->stdin_filename ? c->stdin_filename : "-") : path;
	return explicit_ || is_stdin ? kind_for(name) : pl_file_kind_of(name);
}

static pl_project_opts project_opts(cli *c);

static pl_file *lint_one(cli *c, const char *path, bool explicit_, const char *const *overrides,
                         size_t noverrides, const pl_config *cfg)
{
	char *buf;
	size_t len;
	const char *e;
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? (c->stdin_filename ? c->stdin_filename : "-") : path;
	if (pl_io_read(path, c->max_file_size, &buf, &len, &e) < 0) {
		err("%s: %s", is_stdin ? "<stdin>" : path, e);
		c->status = PL_EXIT_ERROR;
		return NULL;
	}
	pl_file_kind kind = path_kind(c, path, explicit_);
	if (c->fix || c->diff)
		fix_one(c, path, name, is_stdin, kind, cfg, &buf, &len);
	pl_file *f = pl_xmalloc(sizeof(*f));
	pl_file_init(f, name, buf, len, kind);
	free(buf);
	f->timed = c->stats;
	if (!is_stdin)
		pl_file_set_path(f, path);
	pl_compose_opts o = compose_opts(c);
	o.files = overrides;
	o.nfiles = noverrides;
	f->compose_opts = &o;
	pl_project_opts po = project_opts(c);
	if (!is_stdin)
		f->project_opts = &po; /* a compose file on disk: with the Dockerfiles it builds */
	pl_lint_file(f, cfg);
	f->compose_opts = NULL; /* o ends here */
	f->project_opts = NULL; /* po too */
	return f;
}

/* ---- projects: a compose file with the Dockerfiles it builds ---------- */
/*
** A compose file is linted as a project: the Dockerfiles its services
** build are read, linted (each with its own configuration, and --fix
** applied first) and checked against it in the same pl_lint_file call
** (src/project.c).  So that each Dockerfile is linted once, run() lints
** the compose files first; the Dockerfiles their projects linted are
** then skipped where discovery found them, and take their place in the
** report.  A Dockerfile built by two projects is reported once: the
** second project's findings in it are merged into the first's (exact
** duplicates dropped).  A Dockerfile no path names follows the compose
** file that builds it.
*/

/* Projects are linted on several threads; the configuration caches are shared. */
static pthread_mutex_t confs_lock = PTHREAD_MUTEX_INITIALIZER;

static const pl_config *member_config(void *ud, const char *path)
{
	cli *c = ud;
	pthread_mutex_lock(&confs_lock);
	conf *k = conf_for_file(c, c->confs, path);
	const pl_config *cfg = k->ok ? &k->cfg : NULL;
	if (!cfg)
		c->status = PL_EXIT_ERROR; /* its error was printed when it was read; the compose file's applies */
	pthread_mutex_unlock(&confs_lock);
	return cfg; /* a conf lives until the run ends, and is not changed once made */
}

static void member_prepare(void *ud, const char *path, const pl_config *cfg, char **buf, size_t *len)
{
	cli *c = ud;
	if (c->fix || c->diff)
		fix_one(c, path, path, false, PL_FILE_DOCKERFILE, cfg, buf, len);
}

static pl_project_opts project_opts(cli *c)
{
	pl_project_opts po;
	memset(&po, 0, sizeof(po));
	po.max_file_size = c->max_file_size;
	po.config_for = member_config;
	po.prepare = member_prepare;
	po.ud = c;
	return po;
}

/* A Dockerfile some project linted, by real path. */
typedef struct member {
	const char *real;  /* its real path (the project's string) */
	pl_file *file;     /* the first project's file for it: the one reported */
} member;

/* Where each project's Dockerfiles go in the report. */
typedef struct claims {
	member *members;   /* sorted by real */
	size_t nmembers;
	char **reals;      /* per path index: the real path of a path that is not a compose file, or NULL */
	bool reals_made;   /* reals was filled (only once a project has a Dockerfile) */
	pl_file **taken;   /* per path index: the project Dockerfile reported in its place, or NULL */
	PL_VEC(pl_file *) *after; /* per path index: project Dockerfiles no path names, after it */
	pl_arena arena;    /* for after */
} claims;

static void claims_init(claims *cl, size_t npaths)
{
	memset(cl, 0, sizeof(*cl));
	size_t n = npaths ? npaths : 1;
	cl->reals = pl_xcalloc(n, sizeof(*cl->reals));
	cl->taken = pl_xcalloc(n, sizeof(*cl->taken));
	pl_arena_init(&cl->arena);
	cl->after = pl_arena_alloc(&cl->arena, n * sizeof(*cl->after));
}

static void claims_free(claims *cl, size_t npaths)
{
	for (size_t i = 0; i < npaths; i++)
		free(cl->reals[i]);
	free(cl->reals);
	free(cl->taken);
	free(cl->members);
	pl_arena_free(&cl->arena);
}

/* Index of real in cl->members, or where it would go (*found false). */
static size_t member_find(const claims *cl, const char *real, bool *found)
{
	size_t lo = 0, hi = cl->nmembers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(cl->members[mid].real, real);
		if (r == 0) {
			*found = true;
			return mid;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

/*
** After the compose files are linted (done[i] for each), in path order:
** give each project Dockerfile its place in the report, or merge it into
** the one already placed.  Files that could not be read are errors.
*/
static void claims_collect(cli *c, claims *cl, const pathlist *paths, pl_file **done, bool *failed)
{
	for (size_t i = 0; i < paths->n; i++) {
		const pl_project *p = done[i] ? done[i]->project : NULL;
		for (size_t k = 0; p && k < p->ndockerfiles; k++) {
			const pl_project_dockerfile *pd = p->dockerfiles[k];
			if (pd->error) {
				err("%s: %s", pd->path, pd->error);
				c->status = PL_EXIT_ERROR;
			}
			if (pd->is_inline || !pd->file || !pd->real)
				continue;
			bool found;
			size_t at = member_find(cl, pd->real, &found);
			if (found) {
				/* The same file read again: its findings point at the first reading's text. */
				pl_file *into = cl->members[at].file;
				for (size_t j = 0; j < pd->file->diags.n; j++) {
					pl_diag *d = pd->file->diags.v[j];
					if (d->src == &pd->file->src)
						d->src = &into->src;
					for (size_t n = 0; n < d->nnotes; n++)
						if (d->notes[n].src == &pd->file->src)
							d->notes[n].src = &into->src;
					pl_diags_push(&into->diags, d);
				}
				pl_diags_sort_dedup(&into->diags);
				continue;
			}
			cl->members = pl_xrealloc(cl->members, (cl->nmembers + 1) * sizeof(*cl->members));
			memmove(cl->members + at + 1, cl->members + at, (cl->nmembers - at) * sizeof(*cl->members));
			cl->members[at] = (member){pd->real, pd->file};
			cl->nmembers++;
			if (!cl->reals_made) {
				cl->reals_made = true;
				for (size_t j = 0; j < paths->n; j++)
					if (path_kind(c, paths->v[j], paths->explicit_[j]) != PL_FILE_COMPOSE &&
					    strcmp(paths->v[j], "-") != 0)
						cl->reals[j] = realpath(paths->v[j], NULL);
			}
			size_t j = 0;
			while (j < paths->n && !(cl->reals[j] && strcmp(cl->reals[j], pd->real) == 0))
				j++;
			if (j < paths->n && !cl->taken[j])
				cl->taken[j] = pd->file;
			else
				*PL_VEC_PUSH(&cl->arena, &cl->after[i]) = pd->file;
		}
	}
	/* The findings of the Dockerfiles reported, against their own configuration's threshold. */
	for (size_t m = 0; m < cl->nmembers; m++) {
		const pl_file *f = cl->members[m].file;
		conf *k = conf_for_file(c, c->confs, f->path);
		const pl_config *cfg = k->ok ? &k->cfg : NULL;
		for (size_t j = 0; cfg && j < f->diags.n; j++)
			*failed |= f->diags.v[j]->severity >= cfg->failure_threshold;
	}
}

/* The order run() lints paths in, compose files first (*ncompose of them); malloc'd. */
static size_t *lint_order(const cli *c, const pathlist *paths, size_t *ncompose)
{
	size_t *order = pl_xmalloc((paths->n ? paths->n : 1) * sizeof(*order));
	size_t n = 0;
	for (int compose = 1; compose >= 0; compose--) {
		for (size_t i = 0; i < paths->n; i++)
			if ((path_kind(c, paths->v[i], paths->explicit_[i]) == PL_FILE_COMPOSE) == (compose != 0))
				order[n++] = i;
		if (compose)
			*ncompose = n;
	}
	return order;
}

/* The report: each path's file, or the project Dockerfile in its place, then those that follow it. */
static void claims_report(const claims *cl, size_t npaths, pl_file **done, pl_results *rep)
{
	size_t n = 0;
	for (size_t i = 0; i < npaths; i++)
		n += (size_t)(done[i] != NULL) + (size_t)(cl->taken[i] != NULL) + cl->after[i].n;
	rep->files = pl_xrealloc(rep->files, (n ? n : 1) * sizeof(*rep->files));
	rep->nfiles = 0;
	for (size_t i = 0; i < npaths; i++) {
		if (done[i])
			rep->files[rep->nfiles++] = done[i];
		if (cl->taken[i])
			rep->files[rep->nfiles++] = cl->taken[i];
		for (size_t k = 0; k < cl->after[i].n; k++)
			rep->files[rep->nfiles++] = cl->after[i].v[k];
	}
}

/*
** A file named on the command line under force-exclude: true when its
** exclude globs match it, so it is not linted.  Standard input (matched
** by --stdin-filename) is then copied through under --fix, as an editor
** that pipes a buffer through --fix expects its text back.
*/
static bool skip_excluded(cli *c, confs *cs, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	if (is_stdin && !c->stdin_filename)
		return false;
	if (!excluded(c, cs, is_stdin ? c->stdin_filename : path, false))
		return false;
	if (c->verbose)
		err("%s: excluded, not linted", is_stdin ? c->stdin_filename : path);
	if (is_stdin && c->fix && !c->diff) {
		char *buf;
		size_t len;
		const char *e;
		if (pl_io_read("-", c->max_file_size, &buf, &len, &e) == 0) {
			fwrite(buf, 1, len, stdout);
			free(buf);
		}
	}
	return true;
}

/* Render rep in k's format to k's output (stdout when none). */
static void write_report(cli *c, const sink *k, pl_results *rep)
{
	pl_render_fn render = pl_render_find(k->format);
	if (c->quiet && strcmp(k->format, "full") == 0)
		render = pl_render_concise;
	if (!k->output || strcmp(k->output, "-") == 0) {
		render(stdout, rep);
		fflush(stdout);
		return;
	}
	FILE *f = fopen(k->output, "w");
	if (!f) {
		err("%s: %s", k->output, strerror(errno));
		c->status = PL_EXIT_ERROR;
		return;
	}
	bool color = rep->color;
	rep->color = false; /* never colour a file */
	render(f, rep);
	rep->color = color;
	if (fclose(f) != 0) {
		err("%s: %s", k->output, strerror(errno));
		c->status = PL_EXIT_ERROR;
	}
}

/* ---- the lint loop ---------------------------------------------------- */

/*
** Linting every path, -j files at a time (src/parallel.c), the report in
** the order of the paths whatever order the threads finish in:
**   - the main thread resolves each path's conf first (the conf caches
**     are not shared with the threads), then hands paths out;
**   - a lint thread reads, parses and lints one file with only its own
**     arena, and collects what err() says about it in the file's buffer;
**   - the main thread takes the results in order: prints the file's
**     messages, counts, and either renders it at once and frees it (gnu,
**     concise, github: their report is the files' reports one after the
**     other) or keeps its compacted findings for the report at the end.
** So memory holds the files in flight, not the whole run.  --fix and
** --diff write files and print diffs in order: they run one file at a time.
*/

/* Formats whose report over files A, B is the report of A then that of B. */
static bool streamable(const char *format)
{
	return strcmp(format, "gnu") == 0 || strcmp(format, "concise") == 0 ||
	       strcmp(format, "github") == 0;
}

/* What one lint thread made of one path. */
typedef struct lint_item {
	pl_file *f;        /* NULL when it could not be read or had no conf */
	err_buf errs;      /* messages about it, printed in order */
	uint64_t ns_total; /* --stats: thread CPU time for the whole file */
} lint_item;

/* --stats: what was linted and the CPU time of each phase, summed over files. */
typedef struct lint_stats {
	unsigned jobs;          /* threads linting */
	size_t nfiles;          /* files linted */
	size_t bytes;           /* their size */
	uint64_t ns_read, ns_parse, ns_rules, ns_output;
} lint_stats;

/* The run as the lint threads and the main thread share it. */
typedef struct lint_run {
	cli *c;                 /* lint threads use its options; its status is atomic */
	const pathlist *paths;
	conf **confs;           /* per path, resolved before the threads start */
	pl_results *rep;        /* files kept for the report (not when streaming) */
	bool stream;            /* render each file as it is taken, then free it */
	bool compact;           /* compact each file in its lint thread */
	bool compact_leaves;    /* projects: compact files that hold no project's Dockerfiles */
	bool failed;            /* a finding at or above its file's failure threshold */
	lint_stats *st;
	const size_t *order;    /* item n of the map is path order[n]; NULL: path n */
	bool *skip;             /* per path: not linted (excluded, or linted with a project) */
	pl_file **done;         /* NULL, or per path: its file is kept here, not in rep (projects) */
	size_t threshold_from;  /* the path the summary's threshold is from (the first linted) */
} lint_run;

static void *lint_path(void *ud, size_t n)
{
	lint_run *r = ud;
	cli *c = r->c;
	size_t i = r->order ? r->order[n] : n;
	lint_item *it = pl_xcalloc(1, sizeof(*it));
	conf *k = r->confs[i];
	if (!k->ok || r->skip[i])
		return it; /* its error was printed when it was read */
	uint64_t t0 = c->stats ? pl_thread_cpu_ns() : 0;
	bool project = i == 0 && c->ncompose_files;
	const char *const *over = project ? c->compose_files + 1
	                                  : (const char *const *)&r->paths->override[i];
	size_t nover = project ? c->ncompose_files - 1 : r->paths->override[i] != NULL;
	err_capture = &it->errs;
	it->f = lint_one(c, r->paths->v[i], r->paths->explicit_[i], over, nover, &k->cfg);
	err_capture = NULL;
	if (it->f && r->compact)
		pl_file__compact(it->f);
	if (c->stats)
		it->ns_total = pl_thread_cpu_ns() - t0;
	return it;
}

static void lint_done(void *ud, size_t n, void *result)
{
	lint_run *r = ud;
	cli *c = r->c;
	size_t i = r->order ? r->order[n] : n;
	lint_item *it = result;
	if (!r->confs[i]->ok)
		c->status = PL_EXIT_ERROR;
	if (it->errs.n)
		fputs(it->errs.v, stderr);
	free(it->errs.v);
	pl_file *f = it->f;
	uint64_t ns_total = it->ns_total;
	free(it);
	if (!f)
		return;
	const pl_config *cfg = &r->confs[i]->cfg;
	lint_stats *st = r->st;
	st->nfiles++;
	if (i < r->threshold_from) {
		r->rep->threshold = cfg->failure_threshold; /* the summary's: the first file's */
		r->threshold_from = i;
	}
	st->bytes += f->src.len;
	st->ns_parse += f->ns_parse;
	st->ns_rules += f->ns_rules;
	if (ns_total > f->ns_parse + f->ns_rules)
		st->ns_read += ns_total - f->ns_parse - f->ns_rules;
	for (size_t j = 0; j < f->diags.n; j++)
		r->failed |= f->diags.v[j]->severity >= cfg->failure_threshold;
	if (r->done) {
		/*
		** Kept for claims_report.  A compose file that builds no Dockerfile
		** leaves nothing for claims_collect: compact it now, so memory
		** holds findings, not whole files (most compose files build nothing).
		*/
		if (r->compact_leaves && f->project && !f->project->ndockerfiles)
			pl_file__compact(f);
		r->done[i] = f;
		return;
	}
	if (!r->stream) {
		r->rep->files[r->rep->nfiles++] = f;
		return;
	}
	uint64_t t0 = c->stats ? pl_thread_cpu_ns() : 0;
	pl_results one = *r->rep;
	one.files = &f;
	one.nfiles = 1;
	pl_render_fn render = pl_render_find(c->sinks[0].format);
	render(stdout, &one);
	if (c->stats)
		st->ns_output += pl_thread_cpu_ns() - t0;
	pl_file_free(f);
	free(f);
}

/* --stats: where the time went, on stderr. */
static void print_stats(const lint_stats *r)
{
	unsigned jobs = r->jobs;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	fprintf(stderr,
	        "plimsoll: stats: %zu files, %.1f KiB, %u thread%s\n"
	        "plimsoll: stats: read %8.2f ms   (open, read, line table; thread CPU summed over files)\n"
	        "plimsoll: stats: parse %7.2f ms   (Dockerfile and shell parsers, YAML and compose model)\n"
	        "plimsoll: stats: rules %7.2f ms   (rules, ShellCheck's waits excluded, pragmas, sorting)\n"
	        "plimsoll: stats: output %6.2f ms   (rendering)\n"
	        "plimsoll: stats: process CPU %.2f ms, peak RSS %.1f MiB\n",
	        r->nfiles, (double)r->bytes / 1024, jobs, jobs == 1 ? "" : "s", (double)r->ns_read / 1e6,
	        (double)r->ns_parse / 1e6, (double)r->ns_rules / 1e6, (double)r->ns_output / 1e6,
	        cpu * 1000, (double)ru.ru_maxrss / 1024);
}

/*
** Lint every path into rep (or straight to stdout, see above); *failed
** when a finding reaches its threshold; st gets the --stats counts.
** Returns true when the report was written already.
*/
static bool lint_all(cli *c, confs *cs, const pathlist *paths, pl_results *rep, bool *failed,
                     lint_stats *st, pl_file ***owned)
{
	*owned = NULL;
	lint_run r = {0};
	r.c = c;
	r.st = st;
	r.paths = paths;
	r.rep = rep;
	r.threshold_from = SIZE_MAX;
	size_t np = paths->n ? paths->n : 1;
	r.confs = pl_xcalloc(np, sizeof(*r.confs));
	r.skip = pl_xcalloc(np, sizeof(*r.skip));
	c->confs = cs;
	for (size_t i = 0; i < paths->n; i++) {
		conf *k = r.confs[i] = conf_for_file(c, cs, paths->v[i]);
		r.skip[i] = k->ok && paths->explicit_[i] && k->cfg.force_exclude &&
		            skip_excluded(c, cs, paths->v[i]);
	}
	bool fixing = c->fix || c->diff;
	st->jobs = fixing ? 1 : c->jobs ? c->jobs : pl_par_default_threads();
	if (st->jobs > paths->n)
		st->jobs = paths->n ? (unsigned)paths->n : 1;
	/* --fix rewrites files in the folders it lints: it reads them afresh. */
	pl_context_share_listings(!fixing);
	size_t ncompose = 0;
	size_t *order = lint_order(c, paths, &ncompose); /* compose files first */
	if (!ncompose) {
		r.stream = !fixing && c->nsinks == 1 && !c->sinks[0].output && streamable(c->sinks[0].format);
		r.compact = !fixing && !r.stream;
		pl_par_map(paths->n, st->jobs, lint_path, lint_done, &r);
	} else {
		/*
		** Projects: the compose files are linted first (a project reads
		** the configuration of each Dockerfile it builds, under
		** confs_lock); the Dockerfiles their projects linted are then
		** skipped where discovery found them, and the rest follow.
		*/
		r.done = pl_xcalloc(np, sizeof(*r.done));
		r.order = order;
		r.compact_leaves = !fixing;
		claims cl;
		claims_init(&cl, paths->n);
		pl_par_map(ncompose, st->jobs, lint_path, lint_done, &r);
		claims_collect(c, &cl, paths, r.done, &r.failed);
		size_t nrest = 0;
		for (size_t n = ncompose; n < paths->n; n++) {
			if (cl.taken[order[n]])
				r.skip[order[n]] = true; /* linted with the project that builds it */
			else
				order[ncompose + nrest++] = order[n];
		}
		r.order = order + ncompose;
		r.compact = !fixing; /* the rest hold no project: compact them in their threads */
		pl_par_map(nrest, st->jobs, lint_path, lint_done, &r);
		claims_report(&cl, paths->n, r.done, rep);
		claims_free(&cl, paths->n);
		*owned = r.done; /* the files to free: a compose file frees its project's Dockerfiles */
	}
	if (r.stream)
		fflush(stdout);
	free(order);
	free(r.skip);
	free(r.confs);
	*failed = r.failed;
	return r.stream;
}

/*
** A lint run allocates and frees a few MiB per file on each thread. By
** default glibc hands the top of a thread's heap back to the kernel as
** soon as 128 KiB are free, and the next file faults the pages in again:
** with -j2 on 5,920 compose files that was a third more CPU than -j1 did.
** Keep up to 64 MiB (the process exits soon anyway).
*/
static void tune_malloc(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
#endif
}

static int run(cli *c)
{
	tune_malloc();
	if (c->color && strcmp(c->color, "auto") != 0 && strcmp(c->color, "always") != 0 &&
	    strcmp(c->color, "never") != 0) {
		err("invalid --color '%s' (expected auto, always or never)", c->color);
		return PL_EXIT_ERROR;
	}
	if (!c->nsinks) {
		c->sinks = pl_xrealloc(c->sinks, sizeof(*c->sinks));
		c->sinks[c->nsinks++] = (sink){NULL, NULL};
	}
	for (size_t i = 0; i < c->nsinks; i++) {
		sink *k = &c->sinks[i];
		if (!k->format)
			k->format = !k->output && isatty(STDOUT_FILENO) ? "full" : "gnu";
		if (!pl_render_find(k->format)) {
			err("unknown format '%s' (expected one of: %s)", k->format, pl_render_names());
			return PL_EXIT_ERROR;
		}
	}
	pl_shellcheck sc;
	char *sc_found = NULL;
	bool sc_ready;
	if (setup_shellcheck(c, &sc, &sc_ready, &sc_found) < 0)
		return PL_EXIT_ERROR;
	confs cs;
	if (confs_init(c, &cs, sc_ready ? &sc : NULL) < 0) {
		free(sc_found);
		confs_free(&cs);
		return PL_EXIT_ERROR;
	}
	if (c->show_config || c->list_rules) {
		int rc;
		if (c->show_config) {
			rc = show_config(c, &cs);
		} else {
			conf *here = conf_for(c, &cs, ".", true);
			rc = here->ok ? list_rules(c->sinks[0].format, &here->cfg) : PL_EXIT_ERROR;
		}
		confs_free(&cs);
		free(sc_found);
		return rc;
	}

	pathlist paths = {0};
	if (c->ncompose_files)
		pathlist_add(&paths, c->compose_files[0], true); /* the others are merged over it */
	if (c->npaths == 0 && !c->ncompose_files)
		discover(c, &cs, &paths, ".", 0);
	for (size_t i = 0; i < c->npaths; i++) {
		struct stat st;
		const char *p = c->paths[i];
		if (strcmp(p, "-") != 0 && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			/* A folder named on the command line is searched, unless force-exclude excludes it. */
			conf *k = conf_for(c, &cs, p, true);
			if (!(k->ok && k->cfg.force_exclude && excluded(c, &cs, p, true)))
				discover(c, &cs, &paths, p, 0);
		} else {
			pathlist_add(&paths, p, true);
		}
	}

	pl_results rep = {0};
	rep.files = pl_xcalloc(paths.n ? paths.n : 1, sizeof(pl_file *));
	rep.threshold = cs.fixed ? cs.fixed->cfg.failure_threshold : PL_SEV_INFO;
	rep.color = use_color(c);
	bool failed = false;
	lint_stats st = {0};
	pl_file **done; /* NULL: rep.files are the files to free; else per path, the files to free */
	bool written = lint_all(c, &cs, &paths, &rep, &failed, &st, &done);
	uint64_t t_out = c->stats ? pl_thread_cpu_ns() : 0;
	if (c->diff || written) {
		/* --diff prints only the diff. */
	} else if (c->fix && c->npaths == 1 && strcmp(c->paths[0], "-") == 0) {
		/* stdin --fix: the fixed text went to stdout; the report goes to stderr. */
		for (size_t i = 0; i < c->nsinks; i++) {
			sink k = c->sinks[i];
			if (!k.output)
				k.format = "gnu";
			if (k.output)
				write_report(c, &k, &rep);
			else
				pl_render_find(k.format)(stderr, &rep);
		}
	} else {
		for (size_t i = 0; i < c->nsinks; i++)
			write_report(c, &c->sinks[i], &rep);
	}
	if (c->stats) {
		st.ns_output += pl_thread_cpu_ns() - t_out;
		print_stats(&st);
	}
	if (c->fix && c->nfixed && !c->quiet)
		fprintf(stderr, "plimsoll: fixed %zu problem%s in %zu file%s\n", c->nfixed,
		        c->nfixed == 1 ? "" : "s", c->nfixed_files, c->nfixed_files == 1 ? "" : "s");

	for (size_t i = 0; i < (done ? paths.n : rep.nfiles); i++) {
		pl_file *f = done ? done[i] : rep.files[i];
		if (f)
			pl_file_free(f); /* a compose file frees the Dockerfiles of its project */
		free(f);
	}
	free(done);
	free(rep.files);
	for (size_t i = 0; i < paths.n; i++) {
		free(paths.v[i]);
		free(paths.override[i]);
	}
	free(paths.v);
	free(paths.explicit_);
	confs_free(&cs);
	free(sc_found);
	free(paths.override);
	if (c->status)
		return c->status;
	if (c->diff)
		return c->diff_changed ? PL_EXIT_FINDINGS : PL_EXIT_OK;
	return failed ? PL_EXIT_FINDINGS : PL_EXIT_OK;
}

int pl_cli_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "grade") == 0)
		return pl_grade_main(argc - 1, argv + 1); /* src/grade/main.c */
	if (argc > 1 && strcmp(argv[1], "lsp") == 0)
		return pl_lsp_main(argc - 1, argv + 1); /* the language server: src/lsp/ */
	cli c = {0};
	c.max_file_size = 10u * 1024 * 1024;
	int rc;
	if (parse_args(&c, argc, argv) < 0)
		rc = PL_EXIT_ERROR;
	else if (c.help)
		usage(stdout), rc = PL_EXIT_OK;
	else if (c.version)
		puts("plimsoll " PL_VERSION), rc = PL_EXIT_OK;
	else if (c.init)
		rc = pl_cli_init(".plimsoll.yaml") < 0 ? PL_EXIT_ERROR : PL_EXIT_OK;
	else if (c.explain)
		rc = explain(c.explain);
	else if (c.dump)
		rc = dump(&c);
	else
		rc = run(&c);
	for (size_t i = 0; i < c.nfix_only; i++)
		free((char *)c.fix_only[i]);
	free(c.fix_only);
	free(c.sinks);
	free(c.select);
	free(c.ignore);
	free(c.severity);
	free(c.compose_files);
	free(c.env_files);
	free(c.exclude);
	free(c.paths);
	return rc;
}
