/*
** PL1004 server-binds-loopback: a server that listens on 127.0.0.1 inside
** the container answers only the container itself; a published port
** forwards to the container's own address, so nothing outside ever
** connects.  uvicorn, gunicorn, hypercorn, daphne, granian, flask run,
** manage.py runserver, vite, ng serve and rails server listen on
** loopback unless told otherwise.  Docs: rules/PL1004.md
*/
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_image_cmd ic;
	/* Behind a proxy or next to a second process, loopback is how they talk. */
	if (!pl_rk_final_image_cmd(&ic, a, df, pl_ctx_build_context(ctx)) || ic.multi)
		return;
	for (size_t i = 0; i < ic.nservers; i++) {
		const pl_rk_server *s = &ic.servers[i];
		if (!pl_rk_host_is_loopback(s->host))
			continue;
		const char *hint = s->bind_hint ? pl_arena_printf(a, ": use '%s'", s->bind_hint) : "";
		pl_diag *d;
		if (s->host_from == PL_RK_DEFAULT)
			d = pl_report(ctx, s->host_span,
			              "'%s' listens on %s by default, which a published port cannot reach%s",
			              s->name, s->host, hint);
		else if (s->host_from == PL_RK_ENV)
			d = pl_report(ctx, s->host_span,
			              "this makes '%s' listen on '%s', which a published port cannot reach: "
			              "use 0.0.0.0",
			              s->name, s->host);
		else
			d = pl_report(ctx, s->host_span,
			              "'%s' listens on '%s', which a published port cannot reach: use 0.0.0.0",
			              s->name, s->host);
		if (s->host_from == PL_RK_ENV)
			pl_note_add(ctx, d, NULL, s->cmd->span, "the server starts here");
	}
}

const pl_rule pl_rule_PL1004 = {
	.id = "PL1004",
	.name = "server-binds-loopback",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Make the server in the image listen on 0.0.0.0, not on loopback",
	.on_end = on_end,
};
