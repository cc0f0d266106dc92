/*
** PL3008 healthcheck-wrong-port: the healthcheck asks
** http://localhost:PORT/ on a port the server does not listen on, so it
** fails every time and the container never becomes healthy (and
** 'condition: service_healthy' never lets its dependents start).  The
** healthcheck is compose's when it has one (it replaces the image's),
** else the image's HEALTHCHECK; the server's port comes from the command
** that runs, as PL3001 reads it.  Only URLs on the container's own
** address (localhost, 127.0.0.1, 0.0.0.0, ::1) are checked.
** Docs: rules/PL3008.md
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/*
** An http(s) URL on the container's own address: its port (the
** scheme's default when none is written) and where the port is in the
** text; false for another host, a variable, or not a URL.
*/
static bool local_url(const char *u, unsigned *port, size_t *at, size_t *len)
{
	size_t s = pl_str_starts(u, "http://") ? 7 : pl_str_starts(u, "https://") ? 8 : 0;
	if (!s || strchr(u, '$'))
		return false;
	const char *h = u + s, *end = h + strcspn(h, "/?#");
	const char *colon = NULL;
	if (*h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));
		if (!close || (size_t)(close - h) != 4 || memcmp(h, "[::1", 4) != 0)
			return false;
		colon = close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(h, ':', (size_t)(end - h));
		size_t hl = (size_t)((colon ? colon : end) - h);
		const char *host = h;
		bool local = (hl == 9 && pl_strn_ieq(host, hl, "localhost")) || (hl == 7 && memcmp(host, "0.0.0.0", 7) == 0) ||
		             (hl >= 4 && memcmp(host, "127.", 4) == 0);
		if (!local)
			return false;
	}
	if (!colon) {
		*port = s == 7 ? 80 : 443;
		*at = (size_t)(end - u);
		*len = 0;
		return true;
	}
	char *e;
	unsigned long p = strtoul(colon + 1, &e, 10);
	if (e == colon + 1 || e != end || p < 1 || p > 65535)
		return false;
	*port = (unsigned)p;
	*at = (size_t)(colon + 1 - u);
	*len = (size_t)(e - colon - 1);
	return true;
}

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	pl_arena *a = pl_ctx_arena(ctx);
	const pl_compose_service *svc = b->service;
	pl_rk_service_run r;
	if (!pl_rk_service_run_get(&r, a, b) || r.ic.multi || !r.ic.nservers)
		return;
	for (size_t i = 0; i < r.ic.nservers; i++)
		if (!r.ic.servers[i].port || (r.env_unknown && r.ic.servers[i].port_from != PL_RK_ARG))
			return; /* a port not known */
	const pl_source *src;
	const pl_sh_script *sh = pl_rk_service_healthcheck(a, svc, b, &src);
	for (size_t i = 0; sh && i < sh->ncmds; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		for (size_t k = c->argv0 + 1; k < c->nwords; k++) {
			const pl_sh_word *w = &c->words[k];
			unsigned port;
			size_t at, len;
			if (!local_url(w->text, &port, &at, &len))
				continue;
			bool ok = false;
			for (size_t s = 0; s < r.ic.nservers; s++)
				ok |= r.ic.servers[s].port == port;
			if (ok)
				continue;
			const pl_rk_server *s = &r.ic.servers[0];
			pl_span sp = w->span;
			size_t n = strlen(w->text);
			if (len && (sp.len == n || sp.len == n + 2))
				sp = (pl_span){sp.off + (sp.len == n ? 0 : 1) + at, len};
			pl_diag *d = pl_report_in(ctx, src, sp,
			                          "the healthcheck of '%s' asks port %u, but '%s' listens on %u: it "
			                          "fails every time",
			                          svc->name, port, s->name, s->port);
			pl_span ps = s->port_span;
			const pl_source *psrc = pl_rk_run_place(&r, &ps);
			pl_note_add(ctx, d, psrc, ps, s->port_from == PL_RK_DEFAULT ? "'%s' starts here without a port (its default)"
			                                                            : "'%s' gets its port here",
			            s->name);
			return;
		}
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3008 = {
	.id = "PL3008",
	.name = "healthcheck-wrong-port",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Point the healthcheck at the port the server listens on",
	.on_project = on_project,
};
