/*
** PL2001 depends-on-not-ready: depends_on in its short form (or with
** 'condition: service_started') on a database or on a service with a
** healthcheck.  Compose then starts the dependent service as soon as the
** other container has started, before the database accepts
** connections; 'condition: service_healthy' waits for the healthcheck.
**
** The fix (unsafe: start-up now waits, and fails when the healthcheck
** never passes) turns the short list into the long form, each entry
** keeping its meaning except those whose service has a healthcheck,
** which get service_healthy; or changes an explicit service_started.
** Text edits keep indentation and comments; flow style, anchors, merged
** and other files' lists are left alone.  Docs: rules/PL2001.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static bool has_healthcheck(const pl_compose_service *t)
{
	return t->healthcheck.at.node && !t->healthcheck.disabled;
}

/* A scalar written in this file by itself: no alias, anchor or tag, not reached through a merge. */
static bool plain_here(pl_ctx *ctx, const pl_compose_loc *at, const pl_yaml_node *n)
{
	return n && at->src == pl_ctx_source(ctx) && !at->site && !n->props &&
	       n->kind == PL_YAML_SCALAR;
}

static char *spaces(pl_arena *a, size_t n)
{
	char *s = pl_arena_alloc(a, n + 1);
	memset(s, ' ', n);
	s[n] = '\0';
	return s;
}

/*
** The fix for a short-form list: each "- name" becomes "name:" and a
** line "condition: …" below it.  NULL when the list is not written so
** that text edits can do it safely.
*/
static bool add_long_form_fix(pl_ctx *ctx, pl_diag *d, const pl_compose_service *s)
{
	const pl_source *src = pl_ctx_source(ctx);
	const pl_yaml_pair *p = pl_yaml_get_pair(s->at.node, "depends_on");
	if (!p || p->via || s->at.site || s->at.src != src)
		return false;
	const pl_yaml_node *seq = p->value;
	if (seq->kind != PL_YAML_SEQUENCE || seq->style != PL_YAML_BLOCK || seq->props || p->key->props ||
	    seq->as.seq.n != s->depends_on.n || !pl_yaml_str_eq(p->key, "depends_on"))
		return false;
	size_t key_col = pl_rk_compose_column(src, p->key->span.off);
	size_t dash_col = 0, unit = 2;
	for (size_t i = 0; i < s->depends_on.n; i++) {
		const pl_compose_dep *dep = &s->depends_on.v[i];
		const pl_yaml_node *it = seq->as.seq.items[i];
		if (dep->long_form || dep->at.node != it || !plain_here(ctx, &dep->at, it) ||
		    it->style > PL_YAML_DOUBLE || it->span.off < 2)
			return false;
		/* "- " before the item, nothing but blanks before the dash */
		size_t dash = it->span.off;
		while (dash > 0 && src->text[dash - 1] == ' ')
			dash--;
		if (dash == 0 || src->text[dash - 1] != '-')
			return false;
		dash--;
		size_t col = pl_rk_compose_column(src, dash);
		for (size_t k = dash - col; k < dash; k++)
			if (src->text[k] != ' ')
				return false;
		if (i > 0 && col != dash_col)
			return false;
		dash_col = col;
	}
	/* Entries become keys at the dash's column, or one step in when the dashes sit at the key's. */
	size_t entry_col = dash_col > key_col ? dash_col : key_col + 2;
	if (dash_col > key_col)
		unit = dash_col - key_col;
	pl_arena *a = pl_ctx_arena(ctx);
	pl_fix *f = pl_fix_add(ctx, d, PL_FIX_UNSAFE,
	                       "write depends_on in its long form, waiting for services with a healthcheck "
	                       "to be healthy");
	for (size_t i = 0; i < s->depends_on.n; i++) {
		const pl_compose_dep *dep = &s->depends_on.v[i];
		const pl_yaml_node *it = dep->at.node;
		size_t dash = it->span.off;
		while (src->text[dash] != '-')
			dash--;
		bool healthy = dep->target && has_healthcheck(dep->target);
		const char *cond = pl_arena_printf(a, "\n%scondition: %s", spaces(a, entry_col + unit),
		                                   healthy ? "service_healthy" : "service_started");
		size_t end = pl_span_end(it->span), eol = pl_rk_compose_line_end(src, end);
		pl_fix_edit(ctx, f, pl_span_make(dash, it->span.off), spaces(a, entry_col - dash_col));
		if (eol == end) {
			pl_fix_edit(ctx, f, pl_span_make(end, end), pl_arena_printf(a, ":%s", cond));
		} else {
			pl_fix_edit(ctx, f, pl_span_make(end, end), ":");
			pl_fix_edit(ctx, f, pl_span_make(eol, eol), cond);
		}
	}
	return true;
}

static void check(pl_ctx *ctx, const pl_compose_service *s)
{
	bool fixed = false; /* the list's fix is on an earlier diagnostic */
	for (size_t i = 0; i < s->depends_on.n; i++) {
		const pl_compose_dep *dep = &s->depends_on.v[i];
		const pl_compose_service *t = dep->target;
		if (!t || t == s || !dep->condition || strcmp(dep->condition, "service_started") != 0)
			continue; /* a service on itself: PL2009's cycle */
		pl_rk_db_image im;
		bool db = pl_rk_db_service(&im, t), hc = has_healthcheck(t);
		if (!db && !hc)
			continue;
		const pl_compose_loc *at = dep->long_form && dep->condition_val.at.node ? &dep->condition_val.at
		                                                                        : &dep->at;
		pl_diag *d;
		if (hc)
			d = pl_report_compose(ctx, at, dep->long_form,
			                      "'%s' starts as soon as '%s' has started, not when it is healthy: "
			                      "use 'condition: service_healthy'",
			                      s->name, t->name);
		else
			d = pl_report_compose(ctx, at, dep->long_form,
			                      "'%s' starts as soon as database '%s' has started, before it accepts "
			                      "connections: give '%s' a healthcheck and use 'condition: service_healthy'",
			                      s->name, t->name, t->name);
		if (!hc)
			continue;
		if (dep->long_form) {
			const pl_compose_val *cv = &dep->condition_val;
			if (plain_here(ctx, &cv->at, cv->at.node) && cv->at.node->style <= PL_YAML_DOUBLE)
				pl_fix_replace(ctx, d, PL_FIX_UNSAFE, "wait until it is healthy",
				               cv->at.node->span, "service_healthy");
		} else if (!fixed) {
			fixed = add_long_form_fix(ctx, d, s);
		}
	}
}

static void on_compose(pl_ctx *ctx, const pl_compose *c)
{
	for (size_t i = 0; i < c->nservices; i++)
		check(ctx, &c->services[i]);
}

const pl_rule pl_rule_PL2001 = {
	.id = "PL2001",
	.name = "depends-on-not-ready",
	.target = PL_TARGET_COMPOSE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Wait for a database to be healthy, not just started",
	.on_compose = on_compose,
};
