/*
** PL2108 service-container-name-regex: a 'container_name' Docker
** refuses: it must match [a-zA-Z0-9][a-zA-Z0-9_.-]+ (a letter or digit,
** then at least one more of these or '_', '.', '-').  dclint's rule of
** the same name; the option 'pattern' sets a stricter house rule.
** Docs: rules/PL2108.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

#define DOCKER_NAME "^[a-zA-Z0-9][a-zA-Z0-9_.-]+$"

static void check(pl_ctx *ctx, const pl_compose *c)
{
	static pl_rk_regex docker = {DOCKER_NAME, NULL, NULL};
	const pl_config *cfg = pl_ctx_config(ctx);
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		const pl_compose_val *v = &s->container_name;
		if (!v->str || (v->interp && v->interp->uncertain))
			continue;
		size_t n = strlen(v->str);
		bool ok = cfg->container_name_re ? pl_rk_pcre2_match(cfg->container_name_re, v->str, n)
		                                 : pl_rk_regex_match(&docker, v->str, n);
		if (ok)
			continue;
		if (cfg->container_name_re)
			pl_report_compose(ctx, &v->at, true,
			                  "container name '%s' of service '%s' does not match the pattern '%s'",
			                  v->str, s->name, cfg->container_name_pattern);
		else
			pl_report_compose(ctx, &v->at, true,
			                  "container name '%s' of service '%s' is not one Docker accepts "
			                  "(a letter or digit, then letters, digits, '_', '.' or '-')",
			                  v->str, s->name);
	}
}

static const char *const aliases[] = {"service-container-name-convention", NULL}; /* dclint 4 */

const pl_rule pl_rule_PL2108 = {
	.id = "PL2108",
	.name = "service-container-name-regex",
	.aliases = aliases,
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A container name is not one Docker accepts",
	.on_compose = check,
};
