/*
** PL1115 expose-invalid-format: EXPOSE documents the ports the container
** listens on; an IP address or a host port (`127.0.0.1:80:80`,
** `8080:80`) is a publishing rule, which EXPOSE ignores (only the
** container port is kept) and BuildKit will refuse in a future release.
** Publish with `docker run -p` or compose `ports:`.  BuildKit's
** ExposeInvalidFormat.  Docs: rules/PL1115.md
*/
#include <string.h>

#include "plimsoll/rule.h"

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->argc; i++) {
		const pl_df_word *w = &in->argv[i];
		const char *v = w->value;
		if (!v || strchr(v, '$') || !strchr(v, ':'))
			continue; /* a plain port, or known only at build time */
		/* [ip:]host:container[/proto]: the container port is after the last ':' (IPv6 colons come before). */
		const char *container = strrchr(v, ':') + 1;
		pl_diag *d = pl_report(ctx, w->span, "'%s' maps a host %s: EXPOSE takes only the container port ('%s'); "
		                       "publish ports with 'docker run -p' or compose 'ports:'",
		                       v, strchr(v, ':') != strrchr(v, ':') ? "address and port" : "port", container);
		/* The image keeps only the container port: writing just that changes nothing. */
		if (*container && !w->quoted && strlen(v) == w->span.len)
			pl_fix_replace(ctx, d, PL_FIX_SAFE, "keep only the container port", w->span, container);
	}
}

static const char *const aliases[] = {"ExposeInvalidFormat", NULL};

const pl_rule pl_rule_PL1115 = {
	.id = "PL1115",
	.name = "expose-invalid-format",
	.aliases = aliases,
	.buildkit = true,
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.fix = PL_FIX_SAFE,
	.summary = "EXPOSE takes container ports only, without an IP address or a host port",
	.on_instr = {[PL_INSTR_EXPOSE] = check},
};
