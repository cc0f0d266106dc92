/*
** Fuzz the whole engine on a project: the input is a Dockerfile, then a
** line "#~compose~", then a compose file that may build from it.  Both
** are written to a private folder (the compose file's build context),
** linted with every rule on, rendered in every format, and fixed with
** unsafe fixes too (which re-lints each pass and checks no fix breaks
** the parse).  No marker: the whole input is the Dockerfile.
*/
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compact.h"
#include "plimsoll/fix.h"
#include "plimsoll/output.h"
#include "plimsoll/rule.h"

#define MARKER "\n#~compose~\n"

static char dir[64];
static char df_path[96], compose_path[96];
static pl_config cfg;

static void cleanup(void)
{
	unlink(df_path);
	unlink(compose_path);
	rmdir(dir);
	pl_config_free(&cfg);
}

static void setup(void)
{
	strcpy(dir, "/tmp/plimsoll-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	snprintf(df_path, sizeof(df_path), "%s/Dockerfile", dir);
	snprintf(compose_path, sizeof(compose_path), "%s/compose.yaml", dir);
	pl_config_init(&cfg);
	const char *err;
	if (pl_config_select(&cfg, "all", &err) < 0)
		abort();
	atexit(cleanup);
}

static void put(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n)
		fwrite(p, 1, n, f);
	fclose(f);
}

/* The first occurrence of the string s in p[0, n), or NULL. */
static const uint8_t *find(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	for (size_t i = 0; i + k <= n; i++)
		if (p[i] == (uint8_t)s[0] && memcmp(p + i, s, k) == 0)
			return p + i;
	return NULL;
}

/* The report in format fmt, in a malloc'd buffer. */
static char *render(const char *fmt, const pl_results *rep, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f)
		abort();
	pl_render_find(fmt)(f, rep);
	fclose(f);
	return buf;
}

static const char *const formats[] = {"full", "concise", "gnu", "json", "sarif", "checkstyle",
                                      "codeclimate", "github", "junit", "rdjson"};

static pl_file *lint(const char *path, const uint8_t *p, size_t n, pl_file_kind kind)
{
	pl_file *f = malloc(sizeof(*f));
	pl_file_init(f, path, (const char *)p, n, kind);
	pl_file_set_path(f, path);
	pl_lint_file(f, &cfg);
	return f;
}

static void fix(const char *path, const uint8_t *p, size_t n, pl_file_kind kind)
{
	pl_fix_opts o = {0};
	o.unsafe = true;
	o.disk_path = path;
	pl_fix_result r;
	pl_fix_text(&r, path, kind, (const char *)p, n, &cfg, &o);
	pl_fix_result_free(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0])
		setup();
	const uint8_t *df = data, *cy = NULL;
	size_t ndf = size, ncy = 0;
	const uint8_t *m = find(data, size, MARKER);
	if (m) {
		ndf = (size_t)(m - data);
		cy = m + sizeof(MARKER) - 1;
		ncy = size - ndf - (sizeof(MARKER) - 1);
	}
	put(df_path, df, ndf);
	put(compose_path, cy ? cy : (const uint8_t *)"", ncy);

	pl_file *files[2];
	files[0] = lint(df_path, df, ndf, PL_FILE_DOCKERFILE);
	files[1] = cy ? lint(compose_path, cy, ncy, PL_FILE_COMPOSE) : NULL;
	pl_results rep = {0};
	rep.files = files;
	rep.nfiles = cy ? 2 : 1;
	rep.threshold = PL_SEV_INFO;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		rep.color = i == 0;
		pl_render_find(formats[i])(fuzz_null(), &rep);
	}
	/* Compacting a file (as -j does) must not change its report. */
	rep.color = false;
	size_t nfull, nsarif, nfull2, nsarif2;
	char *full = render("full", &rep, &nfull), *sarif = render("sarif", &rep, &nsarif);
	for (size_t i = 0; i < rep.nfiles; i++)
		pl_file__compact(files[i]);
	char *full2 = render("full", &rep, &nfull2), *sarif2 = render("sarif", &rep, &nsarif2);
	if (nfull != nfull2 || memcmp(full, full2, nfull) != 0 || nsarif != nsarif2 ||
	    memcmp(sarif, sarif2, nsarif) != 0) {
		fprintf(stderr, "the report changed when the files were compacted\n");
		abort();
	}
	free(full), free(full2), free(sarif), free(sarif2);
	for (size_t i = 0; i < rep.nfiles; i++) {
		pl_file_free(files[i]);
		free(files[i]);
	}
	fix(df_path, df, ndf, PL_FILE_DOCKERFILE);
	if (cy)
		fix(compose_path, cy, ncy, PL_FILE_COMPOSE);
	return 0;
}
