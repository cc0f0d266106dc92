/*
** `plimsoll grade`: the command line.
**
**     plimsoll grade [--rubric FILE|NAME] [--format markdown|csv|json]
**                    [--output DIR] [--each PARENT]… [SUBMISSION_DIR…]
**     plimsoll grade --print-rubric NAME
**     plimsoll grade --list-checks
**
** Every submission gets a score, whatever it holds: what could not be
** graded becomes a note in its report, and the class goes on.  Exit
** status: 0 graded; 2 a usage error, a bad rubric (with file:line:col),
** a submission path that is not a folder, or an output that could not
** be written (the other submissions are still graded and reported).
*/
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grade.h"
#include "io.h"
#include "plimsoll/rule.h"

#define DEFAULT_RUBRIC "module-project"
#define DEFAULT_LIMIT (1024u * 1024u)

typedef struct opts {
	const char *rubric;      /* --rubric */
	const char *format;      /* --format */
	const char *output;      /* --output */
	const char *print;       /* --print-rubric */
	bool list_checks;        /* --list-checks */
	bool help;
	size_t limit;            /* --max-file-size */
	const char **paths;      /* submissions and --each parents, in order */
	bool *each;              /* paths[i] came from --each */
	size_t npaths;
} opts;

static void gerr(const char *fmt, ...) PL_PRINTF(1, 2);
static void gerr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("plimsoll grade: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void usage(FILE *out)
{
	fputs("usage: plimsoll grade [OPTIONS] SUBMISSION_DIR...\n"
	      "       plimsoll grade [OPTIONS] --each PARENT\n"
	      "       plimsoll grade --print-rubric NAME\n\n"
	      "Grade student submissions (a folder each: Dockerfile, compose file, app)\n"
	      "against a rubric, and report for every lost point what is wrong, where,\n"
	      "why it matters and how to fix it.\n\n"
	      "options:\n"
	      "  --rubric FILE|NAME     the rubric: a YAML file or a built-in name (default " DEFAULT_RUBRIC ")\n"
	      "  --each PARENT          every folder in PARENT is a submission (may repeat)\n"
	      "  --format FORMAT        markdown (default), csv or json\n"
	      "  --output DIR           write DIR/<submission>.md for each submission and\n"
	      "                         DIR/summary.md, summary.csv, summary.json; standard\n"
	      "                         output then gets the class summary in FORMAT\n"
	      "  --print-rubric NAME    print a built-in rubric (or a rubric file), to start your own\n"
	      "  --list-checks          list the checks (predicates) a rubric can use\n"
	      "  --max-file-size SIZE   skip files larger than SIZE (default 1M)\n"
	      "  -h, --help             show this help\n\n"
	      "Exit status: 0 graded, 2 usage or rubric error (the rest is still graded).\n",
	      out);
}

static void add_path(opts *o, const char *p, bool each)
{
	o->paths = pl_xrealloc(o->paths, (o->npaths + 1) * sizeof(*o->paths));
	o->each = pl_xrealloc(o->each, (o->npaths + 1) * sizeof(*o->each));
	o->paths[o->npaths] = p;
	o->each[o->npaths++] = each;
}

/* A size limit for one file: pl_parse_size's, from 1 byte to 1 GiB. */
static int parse_size(const char *s, size_t *out)
{
	size_t v;
	if (pl_parse_size(s, &v) < 0 || v == 0 || v > (size_t)1 << 30)
		return -1;
	*out = v;
	return 0;
}

static int parse(opts *o, int argc, char **argv)
{
	static const char *const valued[] = {"--rubric", "--each", "--format", "--output", "--print-rubric",
	                                     "--max-file-size"};
	bool only_paths = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || a[0] != '-' || !a[1]) {
			add_path(o, a, false);
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_paths = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help = true;
			continue;
		}
		if (strcmp(a, "--list-checks") == 0) {
			o->list_checks = true;
			continue;
		}
		const char *name = NULL, *val = NULL;
		for (size_t k = 0; k < PL_ARRAY_LEN(valued); k++) {
			size_t n = strlen(valued[k]);
			if (strncmp(a, valued[k], n) == 0 && (a[n] == '\0' || a[n] == '=')) {
				name = valued[k];
				val = a[n] == '=' ? a + n + 1 : NULL;
			}
		}
		if (!name) {
			gerr("unknown option '%s' (see plimsoll grade --help)", a);
			return -1;
		}
		if (!val) {
			if (i + 1 >= argc) {
				gerr("option '%s' needs a value", name);
				return -1;
			}
			val = argv[++i];
		}
		if (strcmp(name, "--rubric") == 0)
			o->rubric = val;
		else if (strcmp(name, "--each") == 0)
			add_path(o, val, true);
		else if (strcmp(name, "--format") == 0)
			o->format = val;
		else if (strcmp(name, "--output") == 0)
			o->output = val;
		else if (strcmp(name, "--print-rubric") == 0)
			o->print = val;
		else if (parse_size(val, &o->limit) < 0) {
			gerr("invalid size '%s' for --max-file-size", val);
			return -1;
		}
	}
	return 0;
}

/* Load the rubric named by spec (a built-in name or a file); 0, or -1 after an error message. */
static int load_rubric(pl_grade_rubric *r, const char *spec)
{
	const char *text = pl_grade_rubric_builtin(spec);
	const char *err;
	if (text) {
		char *name = pl_xmalloc(strlen(spec) + 9);
		sprintf(name, "builtin:%s", spec);
		int rc = pl_grade_rubric_load(r, name, text, strlen(text), &err);
		free(name);
		if (rc < 0) {
			gerr("%s", err);
			pl_grade_rubric_free(r);
		}
		return rc;
	}
	char *buf;
	size_t len;
	if (pl_io_read(spec, DEFAULT_LIMIT, &buf, &len, &err) < 0) {
		gerr("rubric '%s': %s (built-in rubrics: " DEFAULT_RUBRIC ")", spec, err);
		return -1;
	}
	int rc = pl_grade_rubric_load(r, spec, buf, len, &err);
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		pl_grade_rubric_free(r);
	}
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The submissions: named folders, and the folders in each --each parent; sorted, unique. */
static char **collect(const opts *o, size_t *n, int *status)
{
	char **v = NULL;
	*n = 0;
	for (size_t i = 0; i < o->npaths; i++) {
		const char *p = o->paths[i];
		struct stat st;
		if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
			gerr("'%s' is not a folder%s", p, o->each[i] ? "" : " (graded with a note)");
			*status = 2;
			if (o->each[i])
				continue;
		}
		if (!o->each[i]) {
			while (p[0] == '.' && p[1] == '/' && p[2])
				p += 2; /* "./alice" too */
			char *copy = pl_xstrdup(p);
			for (size_t len = strlen(copy); len > 1 && copy[len - 1] == '/';)
				copy[--len] = '\0'; /* "alice/" and "alice" are one submission */
			v = pl_xrealloc(v, (*n + 1) * sizeof(*v));
			v[(*n)++] = copy;
			continue;
		}
		DIR *d = opendir(p);
		if (!d) {
			gerr("%s: %s", p, strerror(errno));
			*status = 2;
			continue;
		}
		struct dirent *e;
		size_t plen = strlen(p);
		while (plen > 1 && p[plen - 1] == '/')
			plen--;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || strcmp(e->d_name, "__MACOSX") == 0)
				continue;
			char *sub = pl_xmalloc(plen + strlen(e->d_name) + 2);
			if (strcmp(p, ".") == 0)
				sprintf(sub, "%s", e->d_name);
			else
				sprintf(sub, "%.*s/%s", (int)plen, p, e->d_name);
			if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
				v = pl_xrealloc(v, (*n + 1) * sizeof(*v));
				v[(*n)++] = sub;
				continue;
			}
			static const char *const archives[] = {".zip", ".tar", ".tgz", ".tar.gz", ".tar.xz", ".7z", ".rar"};
			for (size_t k = 0; k < PL_ARRAY_LEN(archives); k++)
				if (pl_str_ends(e->d_name, archives[k])) {
					gerr("'%s' is an archive, not a folder: unpack it to grade it", sub);
					break;
				}
			free(sub);
		}
		closedir(d);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (k && strcmp(v[k - 1], v[i]) == 0)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
	return v;
}

/* A file name for each submission's report: its folder's name, made safe and unique. */
static void name_reports(pl_grade_class *c)
{
	for (size_t i = 0; i < c->n; i++) {
		pl_grade_sub *s = c->subs[i];
		const char *p = s->path;
		size_t len = strlen(p);
		while (len > 1 && p[len - 1] == '/')
			len--;
		size_t start = len;
		while (start && p[start - 1] != '/')
			start--;
		char *stem = pl_arena_alloc(&s->arena, len - start + 16);
		size_t n = 0;
		for (size_t k = start; k < len && n < len - start; k++) {
			char ch = p[k];
			bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			          ch == '-' || ch == '_' || (ch == '.' && n);
			stem[n++] = ok ? ch : '_';
		}
		if (!n || strcmp(p, ".") == 0)
			n = (size_t)sprintf(stem, "submission");
		stem[n] = '\0';
		const char *base = pl_arena_strdup(&s->arena, stem);
		for (unsigned dup = 2;; dup++) {
			bool taken = strcmp(stem, "summary") == 0;
			for (size_t k = 0; k < i && !taken; k++)
				taken = strcmp(c->subs[k]->stem, stem) == 0;
			if (!taken)
				break;
			sprintf(stem, "%s-%u", base, dup);
		}
		s->stem = stem;
	}
}

typedef void (*render_fn)(FILE *out, const pl_grade_class *c);

/* Write path with fn; 0, or -1 after a message. */
static int write_file(const char *path, render_fn fn, const pl_grade_class *c, const pl_grade_sub *one)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		gerr("%s: %s", path, strerror(errno));
		return -1;
	}
	if (one)
		pl_grade__report_md(f, c->rubric, one);
	else
		fn(f, c);
	if (fclose(f) != 0) {
		gerr("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void all_md(FILE *out, const pl_grade_class *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			fputs("\n---\n\n", out);
		pl_grade__report_md(out, c->rubric, c->subs[i]);
	}
	if (c->n > 1) {
		fputs("\n---\n\n", out);
		pl_grade__summary_md(out, c);
	}
}

static int list_checks(void)
{
	for (size_t i = 0; i < pl_grade_npreds; i++) {
		const pl_grade_pred *p = &pl_grade_preds[i];
		printf("%s", p->name);
		const char *sep = " {";
		for (int q = 0; q < PL_GPARAM__COUNT; q++)
			if (p->params >> q & 1u) {
				printf("%s%s%s", sep, pl_grade__param_name((pl_grade_param)q), p->required >> q & 1u ? "!" : "");
				sep = ", ";
			}
		printf("%s\n    %s", strcmp(sep, " {") ? "}" : "", p->summary);
		if (p->rules)
			printf(" [reads %s]", p->rules[0]);
		fputs("\n", stdout);
	}
	fputs("\n'!' marks a required argument; a scalar or list argument sets the first one listed that\n"
	      "takes one (file_exists: .dockerignore).  service, image and build choose services.\n",
	      stdout);
	return 0;
}

int pl_grade_main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof(o));
	o.limit = DEFAULT_LIMIT;
	int status = 0;
	if (parse(&o, argc, argv) < 0) {
		status = 2;
		goto done;
	}
	if (o.help) {
		usage(stdout);
		goto done;
	}
	if (o.list_checks) {
		status = list_checks();
		goto done;
	}
	if (o.print) {
		pl_grade_rubric r;
		if (load_rubric(&r, o.print) < 0) {
			status = 2;
			goto done;
		}
		fwrite(r.text, 1, r.len, stdout);
		pl_grade_rubric_free(&r);
		goto done;
	}
	const char *format = o.format ? o.format : "markdown";
	render_fn render = strcmp(format, "markdown") == 0 || strcmp(format, "md") == 0 ? all_md
	                   : strcmp(format, "csv") == 0                              ? pl_grade__summary_csv
	                   : strcmp(format, "json") == 0                             ? pl_grade__json
	                                                                             : NULL;
	if (!render) {
		gerr("unknown format '%s' (expected markdown, csv or json)", format);
		status = 2;
		goto done;
	}
	if (!o.npaths) {
		gerr("no submission given (see plimsoll grade --help)");
		status = 2;
		goto done;
	}
	pl_grade_rubric r;
	if (load_rubric(&r, o.rubric ? o.rubric : DEFAULT_RUBRIC) < 0) {
		status = 2;
		goto done;
	}
	pl_config cfg;
	pl_config_init(&cfg);
	const char *err;
	if (pl_config_select(&cfg, r.data->select, &err) < 0) {
		gerr("internal error: %s", err); /* rubric.c only names rules it found */
		status = 2;
	}
	cfg.disable_pragmas = true; /* a student's `# plimsoll ignore=…` does not earn points */
	cfg.shellcheck = NULL;

	size_t n;
	char **dirs = collect(&o, &n, &status);
	pl_grade_class c = {&r, pl_xcalloc(n + 1, sizeof(pl_grade_sub *)), n};
	for (size_t i = 0; i < n; i++) {
		pl_grade_project p;
		pl_grade__project_load(&p, dirs[i], &cfg, o.limit);
		pl_grade_sub *s = pl_xcalloc(1, sizeof(*s));
		pl_arena_init(&s->arena);
		s->path = pl_arena_strdup(&s->arena, p.dir);
		pl_grade__score(s, &r, &p);
		pl_grade__project_free(&p);
		c.subs[i] = s;
	}
	name_reports(&c);

	if (o.output) {
		if (mkdir(o.output, 0777) < 0 && errno != EEXIST) {
			gerr("%s: %s", o.output, strerror(errno));
			status = 2;
		} else {
			size_t dl = strlen(o.output) + 32;
			for (size_t i = 0; i < n; i++) {
				char *path = pl_xmalloc(dl + strlen(c.subs[i]->stem));
				sprintf(path, "%s/%s.md", o.output, c.subs[i]->stem);
				if (write_file(path, NULL, &c, c.subs[i]) < 0)
					status = 2;
				free(path);
			}
			static const struct {
				const char *name;
				render_fn fn;
			} sums[] = {{"summary.md", pl_grade__summary_md},
			            {"summary.csv", pl_grade__summary_csv},
			            {"summary.json", pl_grade__json}};
			for (size_t i = 0; i < PL_ARRAY_LEN(sums); i++) {
				char *path = pl_xmalloc(dl);
				sprintf(path, "%s/%s", o.output, sums[i].name);
				if (write_file(path, sums[i].fn, &c, NULL) < 0)
					status = 2;
				free(path);
			}
			if (render == all_md)
				render = pl_grade__summary_md;
		}
	}
	render(stdout, &c);
	fflush(stdout);

	for (size_t i = 0; i < n; i++) {
		pl_grade__sub_free(c.subs[i]);
		free(c.subs[i]);
		free(dirs[i]);
	}
	free(c.subs);
	free(dirs);
	pl_config_free(&cfg);
	pl_grade_rubric_free(&r);
done:
	free(o.paths);
	free(o.each);
	return status;
}
