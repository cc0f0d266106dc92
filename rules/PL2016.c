/*
** PL2016 service-url-mismatch: a connection string to a database
** service of this file disagrees with what that service sets up: the
** user, password or database differ from the ones its official image
** creates (POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, MYSQL_*,
** MARIADB_*, MONGO_INITDB_ROOT_*, MSSQL_SA_PASSWORD), or the port is
** one the service publishes on the host rather than the one it
** listens on (inside the network, the container port is what works).
** Nothing is compared that the file does not tell: values from an
** env_file or an unset variable, a database with init scripts
** (/docker-entrypoint-initdb.d may create other users and databases).
** Docs: rules/PL2016.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* t mounts something at its init-script folder: other users and databases may exist. */
static bool has_init_scripts(const pl_compose_service *t)
{
	for (size_t i = 0; i < t->volumes.n; i++)
		if (t->volumes.v[i].target && pl_str_starts(t->volumes.v[i].target, "/docker-entrypoint-initdb.d"))
			return true;
	return false;
}

/* Report at a part of the value, or at the whole value when it cannot be placed. */
static void report(pl_ctx *ctx, const pl_rk_compose_env_host *h, pl_span at, const char *msg)
{
	if (at.len)
		pl_report_in(ctx, h->kv->val.at.src, at, "%s", msg);
	else
		pl_report_compose(ctx, &h->kv->val.at, true, "%s", msg);
}

/* The user, password and database of h against what t's image creates from its environment. */
static void check_credentials(pl_ctx *ctx, const pl_rk_compose_env_host *h, const pl_compose_service *t,
                              const pl_rk_db_env *env)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const char *v = h->kv->value;
	bool url = h->conn.form == PL_RK_DB_CONN_URL;
	/* the parts the file writes out: an unset variable leaves a part unknown */
	const char *user = h->conn.has_user && h->conn.user.len && pl_rk_compose_env_host_known(h, h->user_at)
	                 ? pl_rk_db_conn_part(a, v, h->conn.user, url) : NULL;
	const char *pass = h->conn.has_password && pl_rk_compose_env_host_known(h, h->password_at)
	                 ? pl_rk_db_conn_part(a, v, h->conn.password, url) : NULL;
	const char *db = h->conn.database.len && pl_rk_compose_env_host_known(h, h->database_at)
	                 ? pl_rk_db_conn_part(a, v, h->conn.database, url) : NULL;

	bool known_user = true, known_pass = true, known_root = true, known_db = true;
	const char *uvar = NULL, *pvar = NULL, *rvar = NULL, *dvar = NULL;
	const char *made = env->user ? pl_rk_compose_service_env_any(t, env->user, &known_user, &uvar) : NULL;
	const char *how = made ? pl_arena_printf(a, " (%s)", uvar)
	                       : uvar ? pl_arena_printf(a, " (by default; %s sets another)", uvar) : "";
	if (!made && known_user)
		made = env->user_default;
	if (!known_user)
		return; /* an env_file may name the user: nothing to compare against */

	const char *pw_var_names = NULL;
	const char *expected_pw = NULL;
	if (user && made && strcmp(user, made) == 0) {
		expected_pw = env->password ? pl_rk_compose_service_env_any(t, env->password, &known_pass, &pvar) : NULL;
		pw_var_names = pvar;
	} else if (user && env->root && strcmp(user, env->root) == 0) {
		expected_pw = env->root_password ? pl_rk_compose_service_env_any(t, env->root_password, &known_root, &rvar)
		                                 : NULL;
		pw_var_names = rvar;
		known_pass = known_root;
	} else if (user) {
		const char *want = made ? made : env->root;
		if (want)
			report(ctx, h, h->user_at,
			       pl_arena_printf(a, "user '%s' does not exist in '%s': its image creates '%s'%s", user,
			                       t->name, want, made ? how : ""));
		known_pass = false;
	}
	if (pass && known_pass && expected_pw && *expected_pw && strcmp(pass, expected_pw) != 0)
		report(ctx, h, h->password_at,
		       pl_arena_printf(a, "password for '%s' differs from the one '%s' sets in %s", user, t->name,
		                       pw_var_names));

	if (!db || !env->database)
		return;
	const char *want_db = pl_rk_compose_service_env_any(t, env->database, &known_db, &dvar);
	if (!known_db)
		return;
	const char *dhow = want_db ? pl_arena_printf(a, " (%s)", dvar)
	                           : pl_arena_printf(a, " (by default, the user's name; %s sets another)", dvar);
	if (!want_db && env->database_is_user)
		want_db = made;
	if (!want_db || strcmp(db, want_db) == 0 || pl_rk_in_list(db, env->system_dbs))
		return;
	report(ctx, h, h->database_at,
	       pl_arena_printf(a, "database '%s' does not exist in '%s': it creates '%s'%s", db, t->name, want_db,
	                       dhow));
}

/* A port t publishes on the host, not one it listens on: report it with the container port. */
static void check_port(pl_ctx *ctx, const pl_rk_compose_env_host *h, size_t k, const pl_compose_service *t,
                       unsigned own)
{
	unsigned port = h->conn.hosts[k].port;
	if (!port || port == own || !pl_rk_compose_env_host_known(h, h->port_at[k]))
		return;
	unsigned target = 0;
	for (size_t i = 0; i < t->ports.n; i++) {
		const pl_compose_port *p = &t->ports.v[i];
		if (!p->ok)
			continue;
		if (port >= p->target_lo && port <= p->target_hi)
			return; /* it listens there too */
		if (p->has_published && port >= p->published_lo && port <= p->published_hi && !target)
			target = p->target_lo + (port - p->published_lo);
	}
	if (!target || target == port)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	report(ctx, h, h->port_at[k].len ? h->port_at[k] : h->host_at[k],
	       pl_arena_printf(a, "port %u is where '%s' is published on the host; inside the network it "
	                          "listens on %u: use '%s:%u'",
	                       port, t->name, target, t->name, target));
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_map hosts = {0};
	pl_rk_compose_hosts(&hosts, a, c);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		const pl_rk_compose_env_host *hs;
		size_t n = pl_rk_compose_env_hosts(ctx, s, &hs);
		for (size_t e = 0; e < n; e++) {
			const pl_rk_compose_env_host *h = &hs[e];
			bool checked = false; /* credentials are compared once per value */
			for (size_t k = 0; k < h->conn.nhosts; k++) {
				pl_span hp = h->conn.hosts[k].host;
				if (!pl_rk_compose_env_host_known(h, h->host_at[k]))
					continue;
				const pl_compose_service *t = pl_rk_map_get(&hosts, h->kv->value + hp.off, hp.len);
				pl_rk_db_image im;
				if (!t || t == PL_RK_COMPOSE_HOST_EXTERNAL || t == s || !pl_rk_db_service(&im, t))
					continue;
				bool same_kind = h->kinds & (1u << im.db->kind);
				if (h->kinds && !same_kind)
					continue; /* a URL for something else this host also runs */
				check_port(ctx, h, k, t, im.db->port);
				if (!checked && !h->from_var && im.official && im.db->env && !has_init_scripts(t) &&
				    (same_kind || h->conn.form != PL_RK_DB_CONN_URL)) {
					checked = true;
					check_credentials(ctx, h, t, im.db->env);
				}
			}
		}
	}
}

const pl_rule pl_rule_PL2016 = {
	.id = "PL2016",
	.name = "service-url-mismatch",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Connect with the user, password, database and port the database service sets up",
	.on_compose = on_compose,
};
