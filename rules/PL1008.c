/*
** PL1008 dev-server-in-image: the image's command runs a development
** server — auto-reload (--reload, nodemon, air), a debug mode (flask
** --debug, FLASK_DEBUG=1), or a server its authors say is not for
** production (manage.py runserver, flask run, next dev, vite, ng serve,
** go run, mvn spring-boot:run).  They watch files, show tracebacks (the
** Werkzeug debugger runs code for whoever can reach it) and are neither
** fast nor hardened.  A final stage named for development (dev,
** dev-envs, development) is meant to do this.  Docs: rules/PL1008.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* What to run instead, by tool chain. */
static const char *advice(const pl_rk_server *s)
{
	switch (s->kind) {
	case PL_RK_SERVER_DJANGO:
	case PL_RK_SERVER_FLASK:
		return "serve the app with gunicorn (or uvicorn for ASGI)";
	case PL_RK_SERVER_FASTAPI:
		return "use 'fastapi run' or uvicorn without --reload";
	case PL_RK_SERVER_GO_RUN:
	case PL_RK_SERVER_AIR:
		return "build the binary in a build stage and run it";
	case PL_RK_SERVER_JAVA_BUILD_RUN:
		return "package the app and run it with 'java -jar'";
	case PL_RK_SERVER_RAILS:
		return "set RAILS_ENV=production";
	default:
		break;
	}
	switch (s->lang) {
	case PL_RK_LANG_NODE:
		return "build the app and serve the build (node, next start, or a static server)";
	case PL_RK_LANG_PY:
		return "remove it";
	default:
		return "run the production server";
	}
}

/* The stage is named for development: a token dev, devel, development, local, debug … */
static bool dev_stage(const char *name)
{
	static const char *const words[] = {"dev", "devel", "develop", "development", "devenv",
	                                    "devenvs", "devcontainer", "local", "debug"};
	if (!name)
		return false;
	const char *p = name;
	while (*p) {
		size_t n = strcspn(p, "-_.");
		for (size_t i = 0; i < PL_ARRAY_LEN(words); i++)
			if (strlen(words[i]) == n && pl_strn_ieq(p, n, words[i]))
				return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st || dev_stage(st->name))
		return;
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, pl_ctx_arena(ctx), st, pl_ctx_build_context(ctx));
	for (size_t i = 0; i < ic.nservers; i++) {
		const pl_rk_server *s = &ic.servers[i];
		if (!s->dev)
			continue;
		if (strcmp(s->dev, s->name) == 0)
			pl_report(ctx, s->dev_span,
			          "'%s' is for development, not for production: %s", s->name,
			          advice(s));
		else
			pl_report(ctx, s->dev_span,
			          "'%s' makes '%s' a development server (code reload, debug pages), not "
			          "for production: %s",
			          s->dev, s->name, advice(s));
	}
}

const pl_rule pl_rule_PL1008 = {
	.id = "PL1008",
	.name = "dev-server-in-image",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.summary = "Run a production server in the image, not a development one",
	.on_end = on_end,
};
