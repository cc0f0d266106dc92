/*
** Unit tests: the "best practices" helpers of rulekit.h, above all the
** image command model (pl_rk_image_cmd_get) that the PL1xxx rules and
** the compose ⇄ Dockerfile checks share.  Each case is a Dockerfile and
** a one-line description of what the last stage runs:
**
**     servers "; "-separated: NAME host=H(from) port=P(from) [dev=WHY]
**     then " |" and the flags: last=NAME, bg, multi, script, py=NAME
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

#include "plimsoll/context.h"
#include "plimsoll/rulekit.h"

static const char *origin(pl_rk_origin o)
{
	switch (o) {
	case PL_RK_DEFAULT:
		return "default";
	case PL_RK_ARG:
		return "arg";
	case PL_RK_ENV:
		return "env";
	default:
		return "unknown";
	}
}

/* What the last stage of text runs, described as above; bc may be NULL. */
static char *describe(const char *text, const pl_build_context *bc)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "Dockerfile", text, strlen(text));
	pl_dockerfile df;
	pl_dockerfile_parse(&df, &a, &src);
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, &a, &df.stages[df.nstages - 1], bc);
	char buf[2048] = "";
	size_t len = 0;
	for (size_t i = 0; i < ic.nservers; i++) {
		const pl_rk_server *s = &ic.servers[i];
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s host=%s(%s) port=%u(%s)%s%s",
		                        i ? "; " : "", s->name, s->host ? s->host : "-",
		                        origin(s->host_from), s->port, origin(s->port_from),
		                        s->dev ? " dev=" : "", s->dev ? s->dev : "");
	}
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, " |");
	if (ic.last)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " last=%s", ic.last->name);
	if (ic.last_bg)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " bg");
	if (ic.multi)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " multi");
	if (ic.via_script)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " script");
	if (ic.python)
		snprintf(buf + len, sizeof(buf) - len, " py=%s", ic.python->name);
	pl_arena_free(&a);
	return strdup(buf);
}

typedef struct tcase {
	const char *dockerfile;
	const char *want;
} tcase;

static void run_cases(const tcase *cases, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char *got = describe(cases[i].dockerfile, NULL);
		if (strcmp(got, cases[i].want) != 0) {
			print_error("case %zu:\n%s\n  want: %s\n  got:  %s\n", i, cases[i].dockerfile,
			            cases[i].want, got);
			bad++;
		}
		free(got);
	}
	if (bad)
		fail_msg("%d of %zu cases differ", bad, n);
}

/* Python servers: defaults, flags, environment, config files. */
static void test_python_servers(void **state)
{
	(void)state;
	static const tcase cases[] = {
		{"FROM python:3.12-slim\nCMD [\"uvicorn\", \"main:app\"]\n",
		 "uvicorn host=127.0.0.1(default) port=8000(default) | last=uvicorn py=uvicorn"},
		{"FROM python:3.12-slim\nCMD uvicorn main:app --host 0.0.0.0 --port=80 --reload\n",
		 "uvicorn host=0.0.0.0(arg) port=80(arg) dev=--reload | last=uvicorn py=uvicorn"},
		{"FROM python\nENV UVICORN_HOST=0.0.0.0 UVICORN_PORT=9000\nCMD [\"uvicorn\", \"m:a\"]\n",
		 "uvicorn host=0.0.0.0(env) port=9000(env) | last=uvicorn py=uvicorn"},
		{"FROM python\nENV PORT=8080\nCMD uvicorn m:a --host 0.0.0.0 --port $PORT\n",
		 "uvicorn host=0.0.0.0(arg) port=8080(arg) | last=uvicorn py=uvicorn"},
		{"FROM python\nCMD uvicorn m:a --host 0.0.0.0 --port ${PORT:-8001}\n",
		 "uvicorn host=0.0.0.0(arg) port=8001(arg) | last=uvicorn py=uvicorn"},
		{"FROM python\nCMD uvicorn m:a --port $PORT\n",
		 "uvicorn host=127.0.0.1(default) port=0(unknown) | last=uvicorn py=uvicorn"},
		{"FROM python\nCMD [\"uvicorn\", \"m:a\", \"--port\", \"$PORT\"]\n",
		 "uvicorn host=127.0.0.1(default) port=0(unknown) | last=uvicorn py=uvicorn"},
		{"FROM python\nCMD [\"uvicorn\", \"m:a\", \"--uds\", \"/tmp/s\"]\n",
		 "uvicorn host=-(unknown) port=0(unknown) | last=uvicorn py=uvicorn"},
		{"FROM python\nCMD [\"python\", \"-m\", \"uvicorn\", \"m:a\", \"--host\", \"localhost\"]\n",
		 "uvicorn host=localhost(arg) port=8000(default) | last=python py=python"},
		{"FROM python\nCMD [\"gunicorn\", \"app:app\"]\n",
		 "gunicorn host=127.0.0.1(default) port=8000(default) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD gunicorn -w 4 -b 0.0.0.0:5000 app:app\n",
		 "gunicorn host=0.0.0.0(arg) port=5000(arg) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD gunicorn --bind=:5000 app:app\n",
		 "gunicorn host=0.0.0.0(arg) port=5000(arg) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD gunicorn -b [::1]:5000 app:app\n",
		 "gunicorn host=::1(arg) port=5000(arg) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD gunicorn -b unix:/run/g.sock app:app\n",
		 "gunicorn host=-(unknown) port=0(unknown) | last=gunicorn py=gunicorn"},
		{"FROM python\nENV PORT=7000\nCMD gunicorn app:app\n",
		 "gunicorn host=0.0.0.0(env) port=7000(env) | last=gunicorn py=gunicorn"},
		{"FROM python\nENV GUNICORN_CMD_ARGS=\"--bind=0.0.0.0:8080 --workers=3\"\nCMD gunicorn app:app\n",
		 "gunicorn host=0.0.0.0(env) port=8080(env) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD [\"gunicorn\", \"-c\", \"conf.py\", \"app:app\"]\n",
		 "gunicorn host=-(unknown) port=0(unknown) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD [\"gunicorn\", \"-c\", \"conf.py\", \"-b\", \"0.0.0.0:1\", \"app:app\"]\n",
		 "gunicorn host=0.0.0.0(arg) port=1(arg) | last=gunicorn py=gunicorn"},
		{"FROM python\nCMD hypercorn --bind 0.0.0.0 app:app\n",
		 "hypercorn host=0.0.0.0(arg) port=8000(default) | last=hypercorn py=hypercorn"},
		{"FROM python\nCMD daphne -b 0.0.0.0 -p 8001 proj.asgi:application\n",
		 "daphne host=0.0.0.0(arg) port=8001(arg) | last=daphne py=daphne"},
		{"FROM python\nCMD granian --interface asgi main:app\n",
		 "granian host=127.0.0.1(default) port=8000(default) | last=granian py=granian"},
		{"FROM python\nCMD [\"fastapi\", \"run\", \"app/main.py\", \"--port\", \"80\"]\n",
		 "fastapi run host=0.0.0.0(default) port=80(arg) | last=fastapi py=fastapi"},
		{"FROM python\nCMD [\"fastapi\", \"dev\", \"main.py\"]\n",
		 "fastapi dev host=127.0.0.1(default) port=8000(default) dev=fastapi dev | last=fastapi py=fastapi"},
		{"FROM python\nCMD [\"flask\", \"run\"]\n",
		 "flask run host=127.0.0.1(default) port=5000(default) dev=flask run | last=flask py=flask"},
		{"FROM python\nENV FLASK_RUN_HOST=0.0.0.0 FLASK_DEBUG=1\nCMD flask --app hello run -p 8000\n",
		 "flask run host=0.0.0.0(env) port=8000(arg) dev=FLASK_DEBUG=1 | last=flask py=flask"},
		{"FROM python\nCMD [\"flask\", \"run\", \"--host=0.0.0.0\", \"--debug\"]\n",
		 "flask run host=0.0.0.0(arg) port=5000(default) dev=--debug | last=flask py=flask"},
		{"FROM python\nCMD python manage.py runserver\n",
		 "manage.py runserver host=127.0.0.1(default) port=8000(default) dev=manage.py runserver | last=python py=python"},
		{"FROM python\nCMD [\"python\", \"manage.py\", \"runserver\", \"0:8000\"]\n",
		 "manage.py runserver host=0.0.0.0(arg) port=8000(arg) dev=manage.py runserver | last=python py=python"},
		{"FROM python\nCMD python3 /app/manage.py runserver 8080\n",
		 "manage.py runserver host=127.0.0.1(default) port=8080(arg) dev=manage.py runserver | last=python3 py=python3"},
		{"FROM python\nCMD python -m http.server 9000\n",
		 "python -m http.server host=0.0.0.0(default) port=9000(arg) | last=python py=python"},
		{"FROM python\nCMD [\"python\", \"app.py\"]\n", " | last=python py=python"},
		{"FROM python\nCMD [\"python3\"]\n", " | last=python3"},
		{"FROM python\nCMD [\"poetry\", \"run\", \"uvicorn\", \"m:a\", \"--host\", \"0.0.0.0\"]\n",
		 "uvicorn host=0.0.0.0(arg) port=8000(default) | last=poetry py=poetry"},
		{"FROM python\nCMD [\"uv\", \"run\", \"--frozen\", \"--with\", \"x\", \"fastapi\", \"run\"]\n",
		 "fastapi run host=0.0.0.0(default) port=8000(default) | last=uv py=uv"},
		{"FROM python\nCMD PORT=9000 gunicorn app:app\n",
		 "gunicorn host=0.0.0.0(env) port=9000(env) | last=gunicorn py=gunicorn"},
	};
	run_cases(cases, PL_ARRAY_LEN(cases));
}

/* Node, Go, Ruby and Java tool chains. */
static void test_other_servers(void **state)
{
	(void)state;
	static const tcase cases[] = {
		{"FROM node:22-slim\nCMD [\"node\", \"server.js\"]\n",
		 "node host=-(unknown) port=0(unknown) | last=node"},
		{"FROM node:22-slim\nCMD [\"node\"]\n", " | last=node"},
		{"FROM node\nCMD [\"npm\", \"start\"]\n",
		 "npm start host=-(unknown) port=0(unknown) | last=npm"},
		{"FROM node\nCMD [\"npm\", \"run\", \"dev\"]\n",
		 "npm run dev host=-(unknown) port=0(unknown) dev=npm run dev | last=npm"},
		{"FROM node\nCMD yarn dev\n",
		 "yarn dev host=-(unknown) port=0(unknown) dev=yarn dev | last=yarn"},
		{"FROM node\nCMD npm run build\n", " | last=npm"},
		{"FROM node\nCMD [\"nodemon\", \"index.js\"]\n",
		 "nodemon host=-(unknown) port=0(unknown) dev=nodemon | last=nodemon"},
		{"FROM node\nCMD [\"npx\", \"next\", \"start\", \"-p\", \"4000\"]\n",
		 "next start host=0.0.0.0(default) port=4000(arg) | last=npx"},
		{"FROM node\nCMD [\"next\", \"dev\"]\n",
		 "next dev host=0.0.0.0(default) port=3000(default) dev=next dev | last=next"},
		{"FROM node\nCMD [\"vite\"]\n",
		 "vite host=localhost(default) port=5173(default) dev=vite | last=vite"},
		{"FROM node\nCMD [\"npx\", \"vite\", \"--host\"]\n",
		 "vite host=0.0.0.0(arg) port=5173(default) dev=vite | last=npx"},
		{"FROM node\nCMD [\"vite\", \"preview\", \"--host\", \"0.0.0.0\"]\n",
		 "vite preview host=0.0.0.0(arg) port=4173(default) | last=vite"},
		{"FROM node\nCMD [\"vite\", \"--port\", \"3000\"]\n",
		 "vite host=localhost(default) port=3000(arg) dev=vite | last=vite"},
		{"FROM node\nCMD [\"vite\", \"build\"]\n", " | last=vite"},
		{"FROM node\nCMD [\"ng\", \"serve\", \"--host\", \"0.0.0.0\"]\n",
		 "ng serve host=0.0.0.0(arg) port=4200(default) dev=ng serve | last=ng"},
		{"FROM golang\nCMD [\"go\", \"run\", \"main.go\"]\n",
		 "go run host=-(unknown) port=0(unknown) dev=go run | last=go"},
		{"FROM ruby\nCMD [\"bundle\", \"exec\", \"rails\", \"s\", \"-b\", \"0.0.0.0\"]\n",
		 "rails server host=0.0.0.0(arg) port=3000(default) | last=bundle"},
		{"FROM ruby\nCMD [\"bin/rails\", \"server\"]\n",
		 "rails server host=localhost(default) port=3000(default) | last=rails"},
		{"FROM ruby\nENV RAILS_ENV=production\nCMD [\"rails\", \"server\"]\n",
		 "rails server host=0.0.0.0(default) port=3000(default) | last=rails"},
		{"FROM ruby\nENV RAILS_ENV=production\nCMD [\"rails\", \"s\", \"-b\", \"127.0.0.1\"]\n",
		 "rails server host=127.0.0.1(arg) port=3000(default) | last=rails"},
		{"FROM ruby\nCMD [\"rails\", \"server\", \"-e\", \"development\", \"-b\", \"0.0.0.0\"]\n",
		 "rails server host=0.0.0.0(arg) port=3000(default) dev=the 'development' environment | last=rails"},
		{"FROM ruby\nENV RAILS_ENV=$APP_ENV\nCMD [\"rails\", \"server\"]\n",
		 "rails server host=-(unknown) port=3000(default) | last=rails"},
		{"FROM ruby\nCMD bundle exec puma -p 3000\n",
		 "puma host=-(unknown) port=3000(arg) | last=bundle"},
		{"FROM eclipse-temurin:21-jre\nCMD java -Dserver.port=9090 -jar app.jar\n",
		 "java -jar host=-(unknown) port=9090(arg) | last=java"},
		{"FROM maven\nCMD [\"mvn\", \"spring-boot:run\"]\n",
		 "mvn spring-boot:run host=-(unknown) port=0(unknown) dev=mvn spring-boot:run | last=mvn"},
	};
	run_cases(cases, PL_ARRAY_LEN(cases));
}

/* CMD and ENTRYPOINT: inheritance, wrappers, scripts, shells, the last command. */
static void test_command_shape(void **state)
{
	(void)state;
	static const tcase cases[] = {
		/* ENTRYPOINT + CMD in exec form make one command line */
		{"FROM python\nENTRYPOINT [\"uvicorn\", \"m:a\"]\nCMD [\"--host\", \"0.0.0.0\"]\n",
		 "uvicorn host=0.0.0.0(arg) port=8000(default) | last=uvicorn py=uvicorn"},
		{"FROM python\nENTRYPOINT [\"python3\"]\nCMD [\"manage.py\", \"runserver\", \"0.0.0.0:8000\"]\n",
		 "manage.py runserver host=0.0.0.0(arg) port=8000(arg) dev=manage.py runserver | last=python3 py=python3"},
		/* an init wrapper passes to CMD */
		{"FROM python\nENTRYPOINT [\"tini\", \"--\"]\nCMD gunicorn -b 0.0.0.0:80 app:app\n",
		 "gunicorn host=0.0.0.0(arg) port=80(arg) | last=gunicorn py=gunicorn"},
		/* an entrypoint script is assumed to exec "$@" */
		{"FROM python\nENTRYPOINT [\"/docker-entrypoint.sh\"]\nCMD [\"uvicorn\", \"m:a\"]\n",
		 "uvicorn host=127.0.0.1(default) port=8000(default) | last=uvicorn script py=uvicorn"},
		{"FROM python\nENTRYPOINT [\"bash\", \"/app/start.sh\"]\nCMD [\"gunicorn\", \"a:b\"]\n",
		 "gunicorn host=127.0.0.1(default) port=8000(default) | last=gunicorn script py=gunicorn"},
		/* shell-form ENTRYPOINT ignores CMD */
		{"FROM python\nENTRYPOINT exec gunicorn app:app\nCMD [\"uvicorn\", \"m:a\"]\n",
		 "gunicorn host=127.0.0.1(default) port=8000(default) | last=gunicorn py=gunicorn"},
		/* sh -c strings, migrations first */
		{"FROM python\nCMD [\"sh\", \"-c\", \"alembic upgrade head && exec uvicorn m:a --host 0.0.0.0\"]\n",
		 "uvicorn host=0.0.0.0(arg) port=8000(default) | last=uvicorn py=uvicorn"},
		{"FROM python\nENTRYPOINT [\"tini\", \"--\", \"sh\", \"-c\"]\nCMD [\"uvicorn m:a\"]\n",
		 "uvicorn host=127.0.0.1(default) port=8000(default) | last=uvicorn py=uvicorn"},
		/* inherited through FROM <stage>, and dropped by a later ENTRYPOINT */
		{"FROM python AS base\nCMD [\"flask\", \"run\"]\nFROM base\nRUN true\n",
		 "flask run host=127.0.0.1(default) port=5000(default) dev=flask run | last=flask py=flask"},
		{"FROM python AS base\nCMD [\"flask\", \"run\"]\nFROM base\nENTRYPOINT [\"python\", \"app.py\"]\n",
		 " | last=python py=python"},
		{"FROM python AS base\nENTRYPOINT [\"python\"]\nFROM base\nCMD [\"app.py\"]\n",
		 " | last=python py=python"},
		{"FROM tomcat\nENTRYPOINT []\nCMD [\"catalina.sh\", \"run\"]\n", " | last=catalina.sh"},
		{"FROM python\nRUN pip install x\n", " |"},
		/* the last command and the background */
		{"FROM ubuntu\nCMD service nginx start\n", " | last=service"},
		{"FROM ubuntu\nCMD service nginx start && tail -f /var/log/nginx/access.log\n", " | last=tail"},
		{"FROM python\nCMD uvicorn m:a &\n",
		 "uvicorn host=127.0.0.1(default) port=8000(default) | last=uvicorn bg multi py=uvicorn"},
		{"FROM python\nCMD gunicorn -b 127.0.0.1:8000 app:app & nginx -g 'daemon off;'\n",
		 "gunicorn host=127.0.0.1(arg) port=8000(arg) | last=nginx multi py=gunicorn"},
		{"FROM python\nCMD [\"sh\", \"-c\", \"nohup python worker.py &\"]\n", " | last=python bg multi py=python"},
		{"FROM python\nCMD if true; then uvicorn m:a; fi\n",
		 "uvicorn host=127.0.0.1(default) port=8000(default) | py=uvicorn"},
	};
	run_cases(cases, PL_ARRAY_LEN(cases));
}

/* Spans: exec-form words are their JSON strings, shell words themselves. */
static void test_spans(void **state)
{
	(void)state;
	const char *text = "FROM python\nENV UVICORN_PORT=9000\n"
	                   "CMD [\"uvicorn\", \"m:a\", \"--host\", \"127.0.0.1\"]\n";
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "Dockerfile", text, strlen(text));
	pl_dockerfile df;
	pl_dockerfile_parse(&df, &a, &src);
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, &a, &df.stages[0], NULL);
	assert_int_equal(ic.nservers, 1);
	const pl_rk_server *s = &ic.servers[0];
	assert_true(pl_rk_host_is_loopback(s->host));
	/* the host comes from the word after --host: its JSON string */
	assert_memory_equal(text + s->host_span.off, "\"127.0.0.1\"", s->host_span.len);
	assert_memory_equal(text + s->port_span.off, "UVICORN_PORT=9000", s->port_span.len);
	assert_memory_equal(text + s->cmd->span.off, "\"uvicorn\", \"m:a\", \"--host\", \"127.0.0.1\"",
	                    s->cmd->span.len);
	assert_ptr_equal(ic.main, df.instrs[2]);
	pl_arena_free(&a);
}

/* A config file in the build context hides the bind. */
static void test_config_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/pl-rulekit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/gunicorn.conf.py", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("bind = '0.0.0.0:80'\n", f);
	fclose(f);
	pl_arena a;
	pl_arena_init(&a);
	pl_build_context bc;
	pl_context_load(&bc, &a, dir, NULL);
	char *got = describe("FROM python\nCMD [\"gunicorn\", \"app:app\"]\n", &bc);
	assert_string_equal(got, "gunicorn host=-(unknown) port=0(unknown) | last=gunicorn py=gunicorn");
	free(got);
	pl_arena_free(&a);
	unlink(path);
	rmdir(dir);
}

static void test_env_and_images(void **state)
{
	(void)state;
	const char *text = "FROM docker.io/library/python:3.12 AS a\nENV A=1 B=2\n"
	                   "FROM a AS b\nENV A=3\nONBUILD ENV B=9\n"
	                   "FROM ghcr.io/x/python:3\nENV C=4\n";
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "Dockerfile", text, strlen(text));
	pl_dockerfile df;
	pl_dockerfile_parse(&df, &a, &src);
	pl_rk_env env;
	pl_rk_env_build(&env, &a, &df.stages[1]);
	assert_int_equal(env.n, 2);
	assert_string_equal(pl_rk_env_get(&env, "A")->value, "3");
	assert_string_equal(pl_rk_env_get(&env, "B")->value, "2");
	assert_null(pl_rk_env_get(&env, "C"));
	assert_ptr_equal(pl_rk_stage_root(&df.stages[1]), &df.stages[0]);
	assert_string_equal(pl_rk_official_name(&df.stages[0].from->as.from.ref), "python");
	assert_null(pl_rk_official_name(&df.stages[2].from->as.from.ref));
	assert_true(pl_rk_is_whole_context("./"));
	assert_false(pl_rk_is_whole_context("src"));
	assert_true(pl_rk_host_is_loopback("127.0.0.2"));
	assert_false(pl_rk_host_is_loopback("0.0.0.0"));
	assert_false(pl_rk_host_is_loopback(NULL));
	pl_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_python_servers),
		cmocka_unit_test(test_other_servers),
		cmocka_unit_test(test_command_shape),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_config_files),
		cmocka_unit_test(test_env_and_images),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
