/*
** PL2003 database-without-volume: a known database image with nothing
** mounted at its data directory keeps its data in the container's
** writable layer, and 'docker compose down' (or a new image) loses it.
** The data directory comes from the table in rulekit (per image and
** version: postgres 18 moved it), or from PGDATA when the service sets
** it.  A tmpfs there is a deliberate choice; a Redis told not to save
** (--save "") is a cache.  Docs: rules/PL2003.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* path is dir, or a folder above it (a mount there holds dir too). */
static bool covers(const char *path, const char *dir)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	if (n == 1 && path[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (dir[n] == '\0' || dir[n] == '/');
}

/* A Redis started with persistence turned off: `--save ""` (or '') and no `--appendonly yes`. */
static bool redis_cache(const pl_compose_service *s)
{
	const pl_compose_cmd *c = &s->command;
	bool nosave = false, aof = false;
	if (c->is_list) {
		for (size_t i = 0; i + 1 < c->items.n; i++) {
			const char *w = c->items.v[i].str, *next = c->items.v[i + 1].str;
			if (w && next && strcmp(w, "--save") == 0 && !*next)
				nosave = true;
			if (w && next && strcmp(w, "--appendonly") == 0 && strcmp(next, "yes") == 0)
				aof = true;
		}
	} else if (c->str.str) {
		nosave = strstr(c->str.str, "--save \"\"") || strstr(c->str.str, "--save ''");
		aof = strstr(c->str.str, "--appendonly yes") != NULL;
	}
	return nosave && !aof;
}

static void check(pl_ctx *ctx, const pl_compose_service *s)
{
	pl_rk_db_image im;
	if (!pl_rk_db_service(&im, s) || !im.ndata_dirs || s->volumes_from.n)
		return;
	if (im.db->kind == PL_RK_DB_REDIS && redis_cache(s))
		return;
	const char *dirs[2] = {im.data_dirs[0], im.data_dirs[1]};
	size_t ndirs = im.ndata_dirs;
	bool known = true;
	const char *moved = im.db->data_var ? pl_rk_compose_service_env(s, im.db->data_var, &known) : NULL;
	if (moved && *moved == '/') {
		dirs[0] = moved;
		ndirs = 1;
	} else if (!known) {
		return; /* an env_file may move it */
	}
	const pl_compose_volume *inside = NULL; /* a mount below the data directory */
	for (size_t i = 0; i < s->volumes.n; i++) {
		const pl_compose_volume *v = &s->volumes.v[i];
		if (!v->target)
			continue;
		for (size_t k = 0; k < ndirs; k++)
			if (covers(v->target, dirs[k]))
				return;
		if (!inside && covers(dirs[0], v->target))
			inside = v;
	}
	for (size_t i = 0; i < s->tmpfs.n; i++)
		for (size_t k = 0; k < ndirs; k++)
			if (s->tmpfs.v[i].str && covers(s->tmpfs.v[i].str, dirs[k]))
				return; /* data in memory on purpose */
	pl_arena *a = pl_ctx_arena(ctx);
	if (inside && im.db->kind == PL_RK_DB_POSTGRES && im.major >= 18 &&
	    strcmp(inside->target, "/var/lib/postgresql/data") == 0) {
		pl_report_compose(ctx, &inside->at, false,
		                  "postgres %u keeps its data in '%s' (in a folder per major version), not in "
		                  "'%s': mount the volume at '%s'",
		                  im.major, dirs[0], inside->target, dirs[0]);
		return;
	}
	const char *where = ndirs == 1 ? pl_arena_printf(a, "'%s'", dirs[0])
	                               : pl_arena_printf(a, "'%s' or '%s' (depending on its version)", dirs[0], dirs[1]);
	pl_diag *d = pl_report_compose(ctx, &s->at, false,
	                               "database '%s' (%s) keeps its data in %s, where nothing is mounted: "
	                               "the data is lost with the container (mount a named volume there)",
	                               s->name, im.db->name, where);
	if (inside)
		pl_note_add(ctx, d, inside->at.src, pl_compose_span(&inside->at),
		            "this mount is inside the data directory, not on it");
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	for (size_t i = 0; i < c->nservices; i++)
		check(ctx, &c->services[i]);
}

const pl_rule pl_rule_PL2003 = {
	.id = "PL2003",
	.name = "database-without-volume",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Mount a volume at a database's data directory",
	.on_compose = on_compose,
};
