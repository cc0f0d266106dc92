/*
** Unit tests: the project model (src/project.c) and the project path of
** the engine.  Which Dockerfile each build reads, with what context and
** target; what the file system says; inline Dockerfiles mapped back onto
** the compose file; each Dockerfile linted once; findings delivered to
** the file that holds their text; the compose overrides of the image
** command (rulekit's service run).
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/config.h"
#include "plimsoll/lint.h"
#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"
#include "testlib.h"

/* ---- a scratch project on disk ---------------------------------------- */

static char root[64]; /* the temporary folder of the running test */

static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/pl-project-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* A compose file (at root/rel, on disk), linted as a project with cfg (NULL: defaults). */
typedef struct linted {
	pl_file f;
	pl_config cfg;
	pl_project_opts po;
	char *path;
} linted;

static linted *lint_compose(const char *rel, const char *select)
{
	linted *l = calloc(1, sizeof(*l));
	pl_config_init(&l->cfg);
	if (select) {
		const char *e;
		assert_int_equal(pl_config_select(&l->cfg, select, &e), 0);
	}
	size_t n = strlen(root) + strlen(rel) + 2;
	l->path = malloc(n);
	snprintf(l->path, n, "%s/%s", root, rel);
	size_t len;
	char *text = pl_test_read_file(l->path, &len);
	assert_non_null(text);
	pl_file_init(&l->f, l->path, text, len, PL_FILE_COMPOSE);
	free(text);
	pl_file_set_path(&l->f, l->path);
	l->f.project_opts = &l->po;
	pl_lint_file(&l->f, &l->cfg);
	l->f.project_opts = NULL;
	assert_non_null(l->f.project);
	return l;
}

static void linted_free(linted *l)
{
	pl_file_free(&l->f);
	pl_config_free(&l->cfg);
	free(l->path);
	free(l);
}

/* Ends with suffix (paths are absolute under root). */
static bool ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Load compose text named path into *c (in a). */
static void load_text(pl_arena *a, pl_source *src, pl_compose *c, const char *path, const char *text)
{
	pl_source_init(src, a, path, text, strlen(text));
	pl_compose_load(c, a, src, NULL);
}

static const pl_project_build *build_named(const pl_project *p, const char *name)
{
	const pl_compose_service *s = pl_compose_service_find(p->compose, name);
	assert_non_null(s);
	return pl_project_build_of(p, s);
}

/* ---- tests ------------------------------------------------------------ */

static void test_resolve(void **state)
{
	(void)state;
	put("compose.yaml", "services:\n"
	                    "  a:\n    build: ./api/../api\n"               /* cleaned */
	                    "  b:\n    build:\n      dockerfile: docker/b.Dockerfile\n" /* context defaults to . */
	                    "  c:\n    build: missing\n"
	                    "  d:\n    build: ./file.txt\n"                  /* a file, not a folder */
	                    "  e:\n    build:\n      context: api\n      dockerfile: nope\n"
	                    "  f:\n    build: https://github.com/acme/app.git#main\n"
	                    "  g:\n    build: ${UNSET_DIR}\n"
	                    "  h:\n    build: pod\n"                         /* only a Containerfile */
	                    "  i:\n    image: alpine\n");
	put("api/Dockerfile", "FROM scratch\n");
	put("docker/b.Dockerfile", "FROM scratch\n");
	put("file.txt", "x\n");
	put("pod/Containerfile", "FROM scratch\n");
	linted *l = lint_compose("compose.yaml", NULL);
	const pl_project *p = l->f.project;
	assert_true(p->fs);
	assert_int_equal(p->nbuilds, 8);
	assert_null(build_named(p, "i"));

	const pl_project_build *b = build_named(p, "a");
	assert_true(ends(b->context, "/api"));
	assert_true(ends(b->dockerfile_path, "/api/Dockerfile"));
	assert_int_equal(b->context_fs, PL_PROJECT_FS_OK);
	assert_int_equal(b->dockerfile_fs, PL_PROJECT_FS_OK);
	assert_non_null(b->dockerfile);

	b = build_named(p, "b");
	assert_string_equal(b->context, root);
	assert_true(ends(b->dockerfile_path, "/docker/b.Dockerfile")); /* relative to the context */
	assert_int_equal(b->dockerfile_fs, PL_PROJECT_FS_OK);

	assert_int_equal(build_named(p, "c")->context_fs, PL_PROJECT_FS_MISSING);
	assert_int_equal(build_named(p, "c")->dockerfile_fs, PL_PROJECT_FS_UNKNOWN);
	assert_int_equal(build_named(p, "d")->context_fs, PL_PROJECT_FS_WRONG);
	assert_int_equal(build_named(p, "e")->dockerfile_fs, PL_PROJECT_FS_MISSING);
	assert_null(build_named(p, "e")->alternative); /* named explicitly: no guessing */

	b = build_named(p, "f");
	assert_true(b->remote);
	assert_null(b->context);
	assert_int_equal(b->context_fs, PL_PROJECT_FS_UNKNOWN);

	b = build_named(p, "g");
	assert_null(b->context);
	assert_int_equal(b->context_fs, PL_PROJECT_FS_UNKNOWN);

	b = build_named(p, "h");
	assert_int_equal(b->dockerfile_fs, PL_PROJECT_FS_MISSING);
	assert_string_equal(b->alternative, "Containerfile");
	linted_free(l);
}

static void test_no_fs(void **state)
{
	(void)state;
	/* Without the file system (stdin, or no project options) nothing is looked at. */
	const char *text = "services:\n  a:\n    build: missing\n";
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_compose c;
	load_text(&a, &src, &c, "compose.yaml", text);
	pl_project p;
	pl_project_load(&p, &a, &c, NULL, true);
	assert_false(p.fs);
	assert_int_equal(p.nbuilds, 1);
	assert_int_equal(p.builds[0].context_fs, PL_PROJECT_FS_UNKNOWN);
	assert_string_equal(p.builds[0].context, "missing");
	/* Relative contexts resolve against the folder of the file that writes them. */
	load_text(&a, &src, &c, "../up/./compose.yaml", text);
	pl_project_load(&p, &a, &c, "../up/./compose.yaml", false);
	assert_string_equal(p.builds[0].context, "../up/missing");
	pl_arena_free(&a);
}

static void test_dedupe_and_target(void **state)
{
	(void)state;
	put("compose.yaml", "services:\n"
	                    "  api:\n    build:\n      context: .\n      target: App\n"
	                    "    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
	                    "  worker:\n    build:\n      context: ./\n      dockerfile: ./Dockerfile\n      target: app\n"
	                    "    healthcheck:\n      test: [\"CMD\", \"true\"]\n"
	                    "  other:\n    build:\n      context: .\n      target: nosuch\n");
	put("Dockerfile", "FROM alpine AS build\nRUN true\n\nFROM build AS app\nCMD [\"true\"]\n\nFROM alpine AS test\n");
	linted *l = lint_compose("compose.yaml", "DL3057");
	const pl_project *p = l->f.project;
	assert_int_equal(p->nbuilds, 3);
	assert_int_equal(p->ndockerfiles, 1); /* three builds, one file */
	const pl_project_dockerfile *d = p->dockerfiles[0];
	assert_int_equal(d->nbuilds, 3);
	assert_null(d->target);               /* 'other' disagrees: the last stage is final */
	assert_false(d->healthcheck);         /* 'other' has none */
	assert_non_null(d->df);
	assert_non_null(d->file);
	assert_true(d->df->stages[2].is_last);

	const pl_project_build *b = build_named(p, "api");
	assert_non_null(b->stage);
	assert_string_equal(b->stage->name, "app"); /* case-insensitive */
	assert_ptr_equal(build_named(p, "worker")->stage, b->stage);
	assert_null(build_named(p, "other")->stage);
	linted_free(l);

	/* All agree: the target is the final stage, and compose's healthcheck satisfies DL3057. */
	put("compose.yaml", "services:\n"
	                    "  api:\n    build:\n      context: .\n      target: app\n"
	                    "    healthcheck:\n      test: [\"CMD\", \"true\"]\n");
	l = lint_compose("compose.yaml", "DL3057");
	d = l->f.project->dockerfiles[0];
	assert_string_equal(d->target, "app");
	assert_true(d->healthcheck);
	assert_true(d->df->stages[1].is_last);
	assert_false(d->df->stages[2].is_last);
	/* stage 'app' is built and has compose's healthcheck; 'test' (unused) is still an image */
	assert_int_equal(d->file->diags.n, 1);
	assert_string_equal(d->file->diags.v[0]->code, "DL3057");
	assert_non_null(strstr(d->file->diags.v[0]->message, "'test'"));
	linted_free(l);
}

static void test_inline(void **state)
{
	(void)state;
	put("compose.yaml", "services:\n"
	                    "  tool:\n"
	                    "    build:\n"
	                    "      context: .\n"
	                    "      dockerfile_inline: |\n"
	                    "        FROM alpine\n"
	                    "\n"
	                    "        ADD app.py /srv/\n");
	linted *l = lint_compose("compose.yaml", "DL3020");
	const pl_project *p = l->f.project;
	assert_int_equal(p->ndockerfiles, 1);
	assert_true(p->dockerfiles[0]->is_inline);
	assert_null(p->dockerfiles[0]->real);
	/* The finding is the compose file's, at the ADD inside the block. */
	assert_int_equal(l->f.diags.n, 1);
	const pl_diag *d = l->f.diags.v[0];
	assert_string_equal(d->code, "DL3020");
	assert_ptr_equal(d->src, &l->f.src);
	pl_pos pos = pl_source_pos(d->src, d->span.off);
	assert_int_equal(pos.line, 8);
	assert_int_equal(pos.col, 9);
	assert_null(d->fix); /* its edits were in the value's terms */
	assert_int_equal(p->dockerfiles[0]->file->diags.n, 0);
	linted_free(l);
}

static void test_delivery(void **state)
{
	(void)state;
	/* A project finding lands in the Dockerfile's own list, through its pragmas. */
	put("compose.yaml", "services:\n  api:\n    build: .\n  web:\n    build: ./web\n");
	put("Dockerfile", "FROM python:3.12-slim\nCMD uvicorn main:app --port $PORT\n");
	put("web/Dockerfile", "FROM python:3.12-slim\n# plimsoll ignore=PL3006\nCMD uvicorn main:app --port $PORT\n");
	linted *l = lint_compose("compose.yaml", "PL3006");
	const pl_project *p = l->f.project;
	assert_int_equal(l->f.diags.n, 0);
	assert_int_equal(p->ndockerfiles, 2);
	const pl_file *api = build_named(p, "api")->dockerfile->file;
	const pl_file *web = build_named(p, "web")->dockerfile->file;
	assert_int_equal(api->diags.n, 1);
	assert_ptr_equal(api->diags.v[0]->src, &api->src);
	assert_int_equal(pl_source_pos(&api->src, api->diags.v[0]->span.off).line, 2);
	assert_int_equal(web->diags.n, 0);
	assert_int_equal(web->nsuppressed, 1);
	linted_free(l);
}

static void test_service_run(void **state)
{
	(void)state;
	put("compose.yaml", "services:\n"
	                    "  api:\n"
	                    "    build: .\n"
	                    "    command: sh -c 'uvicorn main:app --port 9000'\n"
	                    "    environment:\n"
	                    "      HOST: 127.0.0.1\n");
	put("Dockerfile", "FROM python:3.12-slim\nENV HOST=0.0.0.0\nCMD [\"uvicorn\", \"main:app\"]\n");
	linted *l = lint_compose("compose.yaml", "PL3001");
	const pl_project_build *b = build_named(l->f.project, "api");
	pl_arena a;
	pl_arena_init(&a);
	pl_rk_service_run r;
	assert_true(pl_rk_service_run_get(&r, &a, b));
	assert_true(r.command);
	assert_false(r.entrypoint);
	assert_int_equal(r.ic.nservers, 1);
	const pl_rk_server *s = &r.ic.servers[0];
	assert_int_equal(s->port, 9000);
	pl_span sp = s->port_span;
	const pl_source *src = pl_rk_run_place(&r, &sp);
	assert_ptr_equal(src, &l->f.src); /* the port is in the compose file's sh -c script */
	assert_memory_equal(src->text + sp.off, "9000", 4);
	/* compose's environment wins over the image's ENV */
	const pl_df_kv *host = pl_rk_env_get(&r.ic.env, "HOST");
	assert_non_null(host);
	assert_string_equal(host->value, "127.0.0.1");
	sp = host->span;
	assert_ptr_equal(pl_rk_run_place(&r, &sp), &l->f.src);
	assert_int_equal(pl_source_pos(src, sp.off).line, 6);
	pl_arena_free(&a);
	linted_free(l);
}

static void test_compose_words(void **state)
{
	(void)state;
	const char *text = "services:\n  a:\n    command: run \"two words\" it\\'s 'x y'\n";
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_compose c;
	load_text(&a, &src, &c, "compose.yaml", text);
	pl_df_word *w;
	size_t n = pl_rk_compose_words(&a, &c.services[0].command, &w);
	assert_int_equal(n, 4);
	assert_string_equal(w[0].value, "run");
	assert_string_equal(w[1].value, "two words");
	assert_string_equal(w[2].value, "it's");
	assert_string_equal(w[3].value, "x y");
	assert_memory_equal(text + w[1].span.off, "\"two words\"", w[1].span.len);
	assert_memory_equal(text + w[3].span.off, "'x y'", w[3].span.len);
	pl_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test(test_no_fs),
		cmocka_unit_test_setup_teardown(test_dedupe_and_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_run, setup, teardown),
		cmocka_unit_test(test_compose_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
