/*
** Unit tests: the "compose: best practices" helpers of rulekit.h, the
** knowledge the PL2xxx rules (and the grader) share: database images
** and their data directories, connection strings, the hosts a project
** answers to, and the hosts its environment names.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "plimsoll/rulekit.h"

/* Which database an image runs, and where it keeps its data: "kind major dir[|dir]", or "-". */
static const char *db_of(char *buf, size_t n, const char *image)
{
	pl_rk_db_image im;
	if (!pl_rk_db_image_of(&im, image)) {
		snprintf(buf, n, "-");
		return buf;
	}
	snprintf(buf, n, "%s %u %s%s%s", im.db->name, im.major, im.ndata_dirs ? im.data_dirs[0] : "none",
	         im.ndata_dirs > 1 ? "|" : "", im.ndata_dirs > 1 ? im.data_dirs[1] : "");
	return buf;
}

static void test_db_images(void **state)
{
	(void)state;
	static const struct {
		const char *image, *want;
	} cases[] = {
		{"postgres", "postgres 0 /var/lib/postgresql/data|/var/lib/postgresql"},
		{"postgres:16-alpine", "postgres 16 /var/lib/postgresql/data"},
		{"postgres:18", "postgres 18 /var/lib/postgresql"},
		{"docker.io/library/postgres:17.2@sha256:abcd", "postgres 17 /var/lib/postgresql/data"},
		{"arm64v8/postgres:15", "postgres 15 /var/lib/postgresql/data"},
		{"timescale/timescaledb:2.14.2-pg16", "postgres 16 /var/lib/postgresql/data"},
		{"pgvector/pgvector:pg18", "postgres 18 /var/lib/postgresql"},
		{"bitnami/postgresql:16", "postgres 16 /bitnami/postgresql"},
		{"mysql:8.4", "mysql 8 /var/lib/mysql"},
		{"MariaDB:11", "mariadb 11 /var/lib/mysql"},
		{"mongo:4.4", "mongo 4 /data/db"},
		{"registry.example.com:5000/library/redis:7", "redis 7 /data"},
		{"localhost/redis", "redis 0 /data"},
		{"valkey/valkey:8", "redis 8 /data"},
		{"docker.elastic.co/elasticsearch/elasticsearch:8.15.0",
		 "elasticsearch 8 /usr/share/elasticsearch/data"},
		{"influxdb:1.8", "influxdb 1 /var/lib/influxdb"},
		{"influxdb:2", "influxdb 2 /var/lib/influxdb2"},
		{"influxdb:3-core", "influxdb 3 none"},
		{"mcr.microsoft.com/mssql/server:2022-latest", "sqlserver 2022 /var/opt/mssql"},
		{"mongo-express", "-"},
		{"redis-commander", "-"},
		{"myorg/postgres", "-"},
		{"", "-"},
		{"postgres:", "postgres 0 /var/lib/postgresql/data|/var/lib/postgresql"},
	};
	char buf[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(db_of(buf, sizeof(buf), cases[i].image), cases[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].image, buf, cases[i].want);

	pl_rk_db_image im;
	assert_true(pl_rk_db_image_of(&im, "mongo:4.4"));
	assert_non_null(strstr(im.probe, "mongo --quiet"));
	assert_true(pl_rk_db_image_of(&im, "mongo"));
	assert_non_null(strstr(im.probe, "mongosh"));
	assert_true(pl_rk_db_image_of(&im, "valkey/valkey"));
	assert_string_equal(im.probe, "valkey-cli ping");
	assert_true(im.official);
	assert_true(pl_rk_db_image_of(&im, "bitnami/mysql"));
	assert_false(im.official);
}

static void test_db_schemes(void **state)
{
	(void)state;
	unsigned pg = 1u << PL_RK_DB_POSTGRES, my = 1u << PL_RK_DB_MYSQL, maria = 1u << PL_RK_DB_MARIADB;
	assert_int_equal(pl_rk_db_scheme_kinds("postgresql+asyncpg", 18) & pg, pg);
	assert_int_equal(pl_rk_db_scheme_kinds("jdbc:postgresql", 15) & pg, pg);
	assert_int_equal(pl_rk_db_scheme_kinds("mysql", 5), my | maria);
	assert_int_equal(pl_rk_db_scheme_kinds("mongodb+srv", 11), 1u << PL_RK_DB_MONGO);
	assert_int_equal(pl_rk_db_scheme_kinds("http", 4), 0);
	assert_int_equal(pl_rk_db_name_kinds("PGHOST"), pg);
	assert_int_equal(pl_rk_db_name_kinds("DB_HOST"), 0);
	assert_int_equal(pl_rk_db_name_kinds("redisHost"), 1u << PL_RK_DB_REDIS);
	assert_int_equal(pl_rk_db_name_kinds("MYSQL_HOST"), my | maria);
	assert_int_equal(pl_rk_db_get(PL_RK_DB_POSTGRES)->port, 5432);
}

/* A connection string, described: "form user:pass@host:port,…/db kinds", parts "-" when absent. */
static const char *conn_of(char *buf, size_t n, const char *s)
{
	pl_rk_db_conn c;
	if (!pl_rk_db_conn_parse(&c, s)) {
		snprintf(buf, n, "none");
		return buf;
	}
	static const char *const forms[] = {"url", "go", "kv"};
	int k = snprintf(buf, n, "%s %.*s:%.*s@", forms[c.form], (int)c.user.len,
	                 c.has_user ? s + c.user.off : "", (int)c.password.len,
	                 c.has_password ? s + c.password.off : "");
	for (size_t i = 0; i < c.nhosts; i++)
		k += snprintf(buf + k, n - (size_t)k, "%s%.*s:%u", i ? "," : "", (int)c.hosts[i].host.len,
		              s + c.hosts[i].host.off, c.hosts[i].port);
	snprintf(buf + k, n - (size_t)k, "/%.*s %x", (int)c.database.len, s + c.database.off, c.kinds);
	return buf;
}

static void test_conn_parse(void **state)
{
	(void)state;
	char want[128];
	static const struct {
		const char *s, *want;
	} cases[] = {
		{"postgresql://app:pw@db:5432/shop", "url app:pw@db:5432/shop %x"},
		{"postgresql+asyncpg://app@db/shop?ssl=true", "url app:@db:0/shop %x"},
		{"jdbc:postgresql://db/shop", "url :@db:0/shop %x"},
		{"redis://:secret@cache:6379/0", "url :secret@cache:6379/0 %x"},
		{"mongodb://u:p@a:27017,b:27018/app?replicaSet=rs", "url u:p@a:27017,b:27018/app %x"},
		{"mysql://u:p%40ss@[::1]:3306/x", "url u:p%%40ss@::1:3306/x %x"},
		{"http://search:9200", "url :@search:9200/ 0"},
		{"appuser:pw@tcp(mysql:3306)/appdb?parseTime=true", "go appuser:pw@mysql:3306/appdb %x"},
		{"host=db port=5432 user=app password=pw dbname=shop sslmode=disable", "kv app:pw@db:5432/shop %x"},
		{"Server=sql,1433;Database=shop;User Id=sa;Password=pw;", "kv sa:pw@sql:1433/shop 0"},
		{"file:///var/data", "none"},
		{"sqlite:///app.db", "none"},
		{"just text", "none"},
		{"KEY=value", "none"},
		{"", "none"},
	};
	unsigned pg = 1u << PL_RK_DB_POSTGRES | 1u << PL_RK_DB_COCKROACH;
	unsigned kinds[] = {pg, pg, pg, 1u << PL_RK_DB_REDIS, 1u << PL_RK_DB_MONGO,
	                    1u << PL_RK_DB_MYSQL | 1u << PL_RK_DB_MARIADB, 0,
	                    1u << PL_RK_DB_MYSQL | 1u << PL_RK_DB_MARIADB, 1u << PL_RK_DB_POSTGRES};
	char buf[256];
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(want, sizeof(want), cases[i].want, i < sizeof(kinds) / sizeof(kinds[0]) ? kinds[i] : 0);
		if (strcmp(conn_of(buf, sizeof(buf), cases[i].s), want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].s, buf, want);
	}
	pl_arena a;
	pl_arena_init(&a);
	pl_rk_db_conn c;
	const char *s = "mysql://u:p%40ss@db/x";
	assert_true(pl_rk_db_conn_parse(&c, s));
	assert_string_equal(pl_rk_db_conn_part(&a, s, c.password, true), "p@ss");
	assert_string_equal(pl_rk_db_conn_part(&a, s, c.password, false), "p%40ss");
	pl_arena_free(&a);

	assert_true(pl_rk_compose_is_ip("10.0.0.1", 8));
	assert_true(pl_rk_compose_is_ip("[::1]", 5));
	assert_true(pl_rk_compose_is_ip("fe80::1", 7));
	assert_false(pl_rk_compose_is_ip("db", 2));
	assert_false(pl_rk_compose_is_ip("1.2.3", 5));
	assert_false(pl_rk_compose_is_ip("cafe", 4));
}

static void test_name_words(void **state)
{
	(void)state;
	char w[8][32];
	size_t n = pl_rk_compose_name_words("dbPassword_FILE.x-y", w, 8);
	assert_int_equal(n, 5);
	assert_string_equal(w[0], "DB");
	assert_string_equal(w[1], "PASSWORD");
	assert_string_equal(w[2], "FILE");
	assert_string_equal(w[4], "Y");
	assert_int_equal(pl_rk_compose_name_words("__", w, 8), 0);
}

/* Load text as a compose project into c (the arena and source stay alive). */
static void load(pl_compose *c, pl_arena *a, pl_source *src, const char *text)
{
	pl_source_init(src, a, "compose.yaml", text, strlen(text));
	pl_compose_opts o = {0};
	pl_compose_load(c, a, src, &o);
}

static void test_hosts_and_env(void **state)
{
	(void)state;
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_compose c;
	load(&c, &a, &src,
	     "services:\n"
	     "  api:\n"
	     "    build: .\n"
	     "    links: [\"db:database\"]\n"
	     "    extra_hosts: [\"legacy:10.0.0.1\"]\n"
	     "    environment:\n"
	     "      DATABASE_URL: postgresql://app:${PW}@localhost:5432/app\n"
	     "      DB_HOST: db\n"
	     "      DB_PORT: \"5433\"\n"
	     "      LISTEN_HOST: 0.0.0.0\n"
	     "      PLAIN: x\n"
	     "      EMPTY:\n"
	     "  db:\n"
	     "    image: postgres:16\n"
	     "    container_name: shop-db\n"
	     "    hostname: dbhost\n"
	     "    env_file: db.env\n"
	     "    environment:\n"
	     "      POSTGRES_USER: shop\n"
	     "    networks:\n"
	     "      default:\n"
	     "        aliases: [postgres]\n");
	pl_rk_map hosts = {0};
	pl_rk_compose_hosts(&hosts, &a, &c);
	const pl_compose_service *api = pl_compose_service_find(&c, "api");
	const pl_compose_service *db = pl_compose_service_find(&c, "db");
	assert_ptr_equal(pl_rk_map_get(&hosts, "DB", 2), db);
	assert_ptr_equal(pl_rk_map_get(&hosts, "shop-db", 7), db);
	assert_ptr_equal(pl_rk_map_get(&hosts, "dbhost", 6), db);
	assert_ptr_equal(pl_rk_map_get(&hosts, "postgres", 8), db);
	assert_ptr_equal(pl_rk_map_get(&hosts, "database", 8), db);
	assert_ptr_equal(pl_rk_map_get(&hosts, "legacy", 6), PL_RK_COMPOSE_HOST_EXTERNAL);
	assert_null(pl_rk_map_get(&hosts, "cache", 5));

	bool known;
	assert_string_equal(pl_rk_compose_service_env(db, "POSTGRES_USER", &known), "shop");
	assert_true(known);
	assert_null(pl_rk_compose_service_env(db, "POSTGRES_DB", &known));
	assert_false(known); /* db.env may set it */
	assert_null(pl_rk_compose_service_env(api, "NOPE", &known));
	assert_true(known);
	assert_null(pl_rk_compose_service_env(api, "EMPTY", &known));
	assert_false(known); /* 'EMPTY:' passes the shell's value on */

	pl_rk_db_image im;
	assert_true(pl_rk_db_service(&im, db));
	assert_false(pl_rk_db_service(&im, api));

	pl_rk_compose_env_host *hs;
	size_t n = pl_rk_compose_env_hosts_in(&a, api, &hs);
	assert_int_equal(n, 2); /* LISTEN_HOST and PLAIN are not hosts */
	assert_string_equal(hs[0].kv->name, "DATABASE_URL");
	assert_true(hs[0].uncertain); /* PW is unset */
	assert_int_equal(hs[0].kinds & (1u << PL_RK_DB_POSTGRES), 1u << PL_RK_DB_POSTGRES);
	/* the host is written out, so it is placed; the password is not */
	pl_span h = hs[0].host_at[0];
	assert_true(h.len == 9 && memcmp(src.text + h.off, "localhost", 9) == 0);
	assert_true(pl_rk_compose_env_host_known(&hs[0], hs[0].host_at[0]));
	assert_false(pl_rk_compose_env_host_known(&hs[0], hs[0].password_at));
	assert_true(hs[1].from_var);
	assert_int_equal(hs[1].conn.hosts[0].port, 5433); /* from DB_PORT */
	assert_true(hs[1].host_at[0].len == 2 && memcmp(src.text + hs[1].host_at[0].off, "db", 2) == 0);
	pl_arena_free(&a);
}

/* Suggestions for made-up names: close ones only, not an edit of half the name. */
static void test_suggest(void **state)
{
	(void)state;
	static const char *const names[] = {"app", "db", "search", "redis-cache"};
	assert_string_equal(pl_rk_compose_suggest("serach", names, 4), "search");
	assert_string_equal(pl_rk_compose_suggest("dbb", names, 4), "db");
	assert_string_equal(pl_rk_compose_suggest("redis_cache", names, 4), "redis-cache");
	assert_null(pl_rk_compose_suggest("vpn", names, 4)); /* two edits of three letters */
	assert_null(pl_rk_compose_suggest("e", names, 4));
	assert_null(pl_rk_compose_suggest("app", names, 4)); /* the name itself */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_db_images),
		cmocka_unit_test(test_db_schemes),
		cmocka_unit_test(test_conn_parse),
		cmocka_unit_test(test_name_words),
		cmocka_unit_test(test_hosts_and_env),
		cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
