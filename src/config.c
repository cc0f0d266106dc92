/*
** Configuration: rule selection and severities, the failure threshold,
** rule options.  Layers: defaults, then a YAML file (plimsoll's own keys
** or hadolint's spellings), then command-line flags.
*/
#include "plimsoll/config.h"
#include "plimsoll/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <limits.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "glob.h"
#include "io.h"
#include "plimsoll/yaml.h"

static void set_dclint_defaults(pl_config *cfg);

void pl_config_init(pl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	pl_arena_init(&cfg->arena);
	cfg->rules = pl_arena_alloc(&cfg->arena, pl_rule_count * sizeof(pl_rule_setting));
	for (size_t i = 0; i < pl_rule_count; i++)
		cfg->rules[i].enabled = -1;
	cfg->failure_threshold = PL_SEV_INFO;
	set_dclint_defaults(cfg);
}

void pl_config_free(pl_config *cfg)
{
	pcre2_code_free(cfg->container_name_re);
	pl_arena_free(&cfg->arena);
	memset(cfg, 0, sizeof(*cfg));
}

static void strlist_add(pl_config *cfg, pl_strlist *l, const char *s, size_t n)
{
	const char **v = pl_arena_realloc(&cfg->arena, (void *)l->v, l->n * sizeof(*v),
	                                  (l->n + 1) * sizeof(*v));
	v[l->n++] = pl_arena_strndup(&cfg->arena, s, n);
	l->v = v;
}

/*
** Looks like a code of another tool that is not a rule here: ShellCheck's
** SCxxxx, or a hadolint DLxxxx that plimsoll does not have (a .hadolint.yaml
** may name any of them).
*/
static bool is_external_code(const char *s, size_t n)
{
	if (n < 3 || !(pl_strn_ieq(s, 2, "SC") || pl_strn_ieq(s, 2, "DL")))
		return false;
	for (size_t i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
** The pseudo-rule that reports an external code: the rule whose code is the
** code's letters ("SC" for SC2086), or NULL (a hadolint DL code plimsoll
** lacks has none).
*/
static const pl_rule *family_of(const char *s, size_t n)
{
	char prefix[8];
	size_t k = 0;
	while (k < n && k < sizeof(prefix) - 1 && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z')))
		k++;
	if (k == 0 || k == n || k == sizeof(prefix) - 1)
		return NULL;
	memcpy(prefix, s, k);
	prefix[k] = '\0';
	const pl_rule *r = pl_rule_find(prefix);
	return r && pl_str_ieq(prefix, r->id) ? r : NULL;
}

typedef void (*name_fn)(pl_config *cfg, const pl_rule *r, const char *name, size_t n);

/* Call fn for each comma- or space-separated name in list; unknown names go to *err. */
static int each_name(pl_config *cfg, const char *list, name_fn fn, const char **err)
{
	int rc = 0;
	const char *p = list;
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		const char *s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		size_t n = (size_t)(p - s);
		if (!n)
			continue;
		char name[128];
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, s, n);
		name[n] = '\0';
		const pl_rule *r = pl_rule_find(name);
		if (!r && !is_external_code(name, n) && !pl_str_ieq(name, "all")) {
			if (err)
				*err = pl_arena_printf(&cfg->arena, "unknown rule '%s'", name);
			rc = -1;
			continue;
		}
		fn(cfg, r, name, n);
	}
	return rc;
}

static void do_select(pl_config *cfg, const pl_rule *r, const char *name, size_t n)
{
	if (!cfg->select_given) {
		/* The first select restricts the run: everything else goes off. */
		cfg->select_given = true;
		for (size_t i = 0; i < pl_rule_count; i++)
			if (cfg->rules[i].enabled == -1)
				cfg->rules[i].enabled = 0;
	}
	const pl_rule *fam;
	if (r) {
		cfg->rules[pl_rule_index(r)].enabled = 1;
	} else if (pl_str_ieq(name, "all")) {
		for (size_t i = 0; i < pl_rule_count; i++)
			cfg->rules[i].enabled = 1;
	} else if ((fam = family_of(name, n)) != NULL) {
		/* SC2086: its pseudo-rule runs, keeping only the codes selected. */
		pl_rule_setting *s = &cfg->rules[pl_rule_index(fam)];
		if (s->enabled != 1)
			s->enabled = 2;
		strlist_add(cfg, &cfg->selected_codes, name, n);
	}
}

static void do_enable(pl_config *cfg, const pl_rule *r, const char *name, size_t n)
{
	if (r) {
		cfg->rules[pl_rule_index(r)].enabled = 1;
	} else if (pl_str_ieq(name, "all")) {
		for (size_t i = 0; i < pl_rule_count; i++)
			cfg->rules[i].enabled = 1;
	} else {
		/* SC2086: the family runs; a code of it is on unless ignored, so only the family matters. */
		const pl_rule *fam = family_of(name, n);
		if (fam && cfg->rules[pl_rule_index(fam)].enabled <= 0)
			cfg->rules[pl_rule_index(fam)].enabled = 1;
	}
}

static void do_ignore(pl_config *cfg, const pl_rule *r, const char *name, size_t n)
{
	if (r)
		cfg->rules[pl_rule_index(r)].enabled = 0;
	else if (pl_str_ieq(name, "all"))
		for (size_t i = 0; i < pl_rule_count; i++)
			cfg->rules[i].enabled = 0;
	else
		strlist_add(cfg, &cfg->ignored_codes, name, n);
}

int pl_config_select(pl_config *cfg, const char *list, const char **err)
{
	return each_name(cfg, list, do_select, err);
}

int pl_config_enable(pl_config *cfg, const char *list, const char **err)
{
	return each_name(cfg, list, do_enable, err);
}

int pl_config_ignore(pl_config *cfg, const char *list, const char **err)
{
	return each_name(cfg, list, do_ignore, err);
}

/* Give r the severity sev; PL_SEV_NONE turns it off. */
static void set_severity(pl_config *cfg, const pl_rule *r, pl_severity sev)
{
	pl_rule_setting *s = &cfg->rules[pl_rule_index(r)];
	if (sev == PL_SEV_NONE) {
		s->enabled = 0;
	} else {
		s->severity = (unsigned char)sev;
		if (s->enabled == 0 && !cfg->select_given)
			s->enabled = -1;
	}
}

int pl_config_set_severity(pl_config *cfg, const char *spec, const char **err)
{
	const char *eq = strchr(spec, '=');
	if (!eq) {
		*err = pl_arena_printf(&cfg->arena, "expected CODE=LEVEL, got '%s'", spec);
		return -1;
	}
	char name[128];
	size_t n = (size_t)(eq - spec);
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, spec, n);
	name[n] = '\0';
	const pl_rule *r = pl_rule_find(name);
	bool external = !r && is_external_code(name, n);
	if (!r && !external) {
		*err = pl_arena_printf(&cfg->arena, "unknown rule '%s'", name);
		return -1;
	}
	int sev = pl_severity_parse(eq + 1);
	if (sev < 0) {
		*err = pl_arena_printf(&cfg->arena,
		                       "unknown severity '%s' (expected error, warning, info, style or none)",
		                       eq + 1);
		return -1;
	}
	if (external) {
		/* SC2086=none ignores the code; SC2086=error sets the level it is reported at. */
		if (sev == PL_SEV_NONE) {
			strlist_add(cfg, &cfg->ignored_codes, name, n);
			return 0;
		}
		cfg->code_severities = pl_arena_realloc(&cfg->arena, cfg->code_severities,
		                                        cfg->ncode_severities * sizeof(pl_code_severity),
		                                        (cfg->ncode_severities + 1) * sizeof(pl_code_severity));
		pl_code_severity *cs = &cfg->code_severities[cfg->ncode_severities++];
		cs->code = pl_arena_strndup(&cfg->arena, name, n);
		cs->severity = (pl_severity)sev;
		return 0;
	}
	set_severity(cfg, r, (pl_severity)sev);
	return 0;
}

bool pl_config_rule_on(const pl_config *cfg, const pl_rule *r)
{
	signed char e = cfg->rules[pl_rule_index(r)].enabled;
	if (e >= 0)
		return e >= 1; /* 2: on for its selected codes */
	return !r->off_by_default;
}

pl_severity pl_config_rule_severity(const pl_config *cfg, const pl_rule *r)
{
	unsigned char s = cfg->rules[pl_rule_index(r)].severity;
	return s ? (pl_severity)s : r->severity;
}

static bool strlist_has(const pl_strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (pl_str_ieq(s, l->v[i]))
			return true;
	return false;
}

bool pl_config_code_ignored(const pl_config *cfg, const char *code)
{
	return strlist_has(&cfg->ignored_codes, code);
}

bool pl_config_code_on(const pl_config *cfg, const pl_rule *family, const char *code)
{
	if (!pl_config_rule_on(cfg, family) || pl_config_code_ignored(cfg, code))
		return false;
	if (cfg->rules[pl_rule_index(family)].enabled == 2)
		return strlist_has(&cfg->selected_codes, code);
	return true;
}

pl_severity pl_config_code_severity(const pl_config *cfg, const pl_rule *family, const char *code,
                                    pl_severity native)
{
	for (size_t i = cfg->ncode_severities; i-- > 0;)
		if (pl_str_ieq(code, cfg->code_severities[i].code))
			return cfg->code_severities[i].severity;
	unsigned char s = cfg->rules[pl_rule_index(family)].severity;
	return s ? (pl_severity)s : native;
}

/* ---- label types and dialects --------------------------------------- */

static const char *const label_type_names[] = {
#define PL__X(e, n) n,
	PL_LABEL_TYPE_LIST(PL__X)
#undef PL__X
};

const char *pl_label_type_name(pl_label_type t)
{
	return (size_t)t < PL_ARRAY_LEN(label_type_names) ? label_type_names[t] : "?";
}

const char *pl_config_dialect_name(pl_config_dialect d)
{
	return d == PL_CONFIG_PLIMSOLL   ? "plimsoll"
	       : d == PL_CONFIG_HADOLINT ? "hadolint"
	       : d == PL_CONFIG_DCLINT   ? "dclint"
	                                 : "defaults";
}

/* ---- YAML config files ---------------------------------------------- */

typedef struct loader {
	pl_config *cfg;
	const pl_source *src;       /* the file, for positions in messages */
	pl_config_dialect dialect;  /* PLIMSOLL, HADOLINT or DCLINT */
	const char **err;           /* where the first error goes */
	int rc;                     /* -1 after the first error */
	bool no_fail;               /* 'no-fail: true' seen: applied after every key */
	pl_arena *err_arena;        /* where the error message is made (the loaded cfg's) */
	bool in_override;           /* reading the settings of one of 'overrides' */
	const char *relpath;        /* apply the overrides that match this path; NULL: none */
} loader;

static void fail(loader *L, pl_span at, const char *fmt, ...) PL_PRINTF(3, 4);
static void fail(loader *L, pl_span at, const char *fmt, ...)
{
	if (L->rc)
		return; /* keep the first error */
	L->rc = -1;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pl_pos p = pl_source_pos(L->src, at.off);
	*L->err = pl_arena_printf(L->err_arena, "%s:%zu:%zu: %s", L->src->path, p.line, p.col, msg);
}

static bool strict(const loader *L)
{
	return L->dialect == PL_CONFIG_PLIMSOLL;
}

static bool is_null(const pl_yaml_node *n)
{
	return n->kind == PL_YAML_SCALAR && pl_yaml_resolve(n, PL_YAML_CORE, NULL) == PL_YAML_TYPE_NULL;
}

/* "a list", "a mapping", "an empty value", "a string": what n is, for messages. */
static const char *what_is(const pl_yaml_node *n)
{
	if (n->kind == PL_YAML_SEQUENCE)
		return "a list";
	if (n->kind == PL_YAML_MAPPING)
		return "a mapping";
	return is_null(n) ? "an empty value" : "a single value";
}

/* The key of a top-level or nested pair (always a string here: checked before). */
static const char *key_of(const pl_yaml_pair *p)
{
	return p->key->as.scalar.value;
}

/* The text of n when it is a non-empty scalar; else an error "'key' expects what" and NULL. */
static const char *scalar(loader *L, const pl_yaml_node *n, const char *key, const char *what)
{
	if (n->kind == PL_YAML_SCALAR && !is_null(n))
		return n->as.scalar.value;
	fail(L, n->span, "'%s' expects %s, not %s", key, what, what_is(n));
	return NULL;
}

typedef void (*item_fn)(loader *L, const pl_yaml_node *item, const char *text);

/*
** A list of strings, or one string (hadolint takes `trustedRegistries:
** docker.io`; a string of rule codes may be comma-separated).  An empty
** value is an empty list.  fn gets every string.
*/
static void each_string(loader *L, const pl_yaml_pair *p, const char *what, item_fn fn)
{
	const pl_yaml_node *v = p->value;
	if (is_null(v))
		return;
	if (v->kind == PL_YAML_SCALAR) {
		fn(L, v, v->as.scalar.value);
		return;
	}
	if (v->kind != PL_YAML_SEQUENCE) {
		fail(L, v->span, "'%s' expects a list of %s, not %s", key_of(p), what, what_is(v));
		return;
	}
	for (size_t i = 0; i < v->as.seq.n && !L->rc; i++) {
		const pl_yaml_node *it = v->as.seq.items[i];
		if (it->kind != PL_YAML_SCALAR || is_null(it))
			fail(L, it->span, "'%s' expects a list of %s; this item is %s", key_of(p), what,
			     what_is(it));
		else
			fn(L, it, it->as.scalar.value);
	}
}

/* A mapping (an empty value is an empty mapping); else an error. */
static bool mapping(loader *L, const pl_yaml_pair *p, const char *what)
{
	const pl_yaml_node *v = p->value;
	if (v->kind == PL_YAML_MAPPING)
		return true;
	if (!is_null(v))
		fail(L, v->span, "'%s' expects a mapping of %s, not %s", key_of(p), what, what_is(v));
	return false;
}

/* A mapping's key as a string; else an error. */
static const char *map_key(loader *L, const pl_yaml_pair *kv, const char *in_key)
{
	const pl_yaml_node *k = kv->key;
	if (k->kind == PL_YAML_SCALAR && !is_null(k))
		return k->as.scalar.value;
	fail(L, k->span, "keys of '%s' must be strings", in_key);
	return NULL;
}

/* true or false: YAML 1.2's spellings in plimsoll's files; hadolint's also take yes/no/on/off. */
static bool boolean(loader *L, const pl_yaml_pair *p)
{
	pl_yaml_value v;
	pl_yaml_schema schema = strict(L) ? PL_YAML_CORE : PL_YAML_11;
	if (pl_yaml_resolve(p->value, schema, &v) == PL_YAML_TYPE_BOOL)
		return v.b;
	fail(L, p->value->span, "'%s' expects true or false, not %s", key_of(p),
	     p->value->kind == PL_YAML_SCALAR && !is_null(p->value) ? "this value" : what_is(p->value));
	return false;
}

/* Ignore name: a rule, or (hadolint, or a code-shaped name) an external code. */
static void ignore_one(loader *L, const pl_yaml_node *at, const char *name)
{
	const char *e = NULL;
	if (strict(L)) {
		if (pl_config_ignore(L->cfg, name, &e) < 0)
			fail(L, at->span, "%s", e);
		return;
	}
	/* hadolint takes any code in 'ignored': keep the ones it does not know as external codes. */
	const char *p = name;
	while (*p) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		const char *s = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if (p == s)
			continue;
		char one[128];
		snprintf(one, sizeof(one), "%.*s", (int)(p - s), s);
		const pl_rule *r = pl_rule_find(one);
		if (r)
			L->cfg->rules[pl_rule_index(r)].enabled = 0;
		else
			strlist_add(L->cfg, &L->cfg->ignored_codes, one, strlen(one));
	}
}

static void item_select(loader *L, const pl_yaml_node *at, const char *text)
{
	const char *e = NULL;
	if (pl_config_select(L->cfg, text, &e) < 0)
		fail(L, at->span, "%s", e);
}

static void item_registry(loader *L, const pl_yaml_node *at, const char *text)
{
	(void)at;
	strlist_add(L->cfg, &L->cfg->trusted_registries, text, strlen(text));
}

/* Forget an earlier select list: a later layer's select replaces it. */
static void reset_select(pl_config *cfg)
{
	if (!cfg->select_given)
		return;
	cfg->select_given = false;
	for (size_t k = 0; k < pl_rule_count; k++)
		cfg->rules[k].enabled = -1;
	cfg->selected_codes.n = 0;
}

static void key_select(loader *L, const pl_yaml_pair *p)
{
	reset_select(L->cfg); /* an override's select replaces the file's */
	each_string(L, p, "rule codes", item_select);
}

static void key_ignore(loader *L, const pl_yaml_pair *p)
{
	each_string(L, p, "rule codes", ignore_one);
}

static void key_registries(loader *L, const pl_yaml_pair *p)
{
	L->cfg->trusted_registries.n = 0; /* an override's list replaces the file's */
	each_string(L, p, "registries", item_registry);
}

static void item_exclude(loader *L, const pl_yaml_node *at, const char *text)
{
	const char *why;
	if (pl_glob__check(text, &why) < 0)
		fail(L, at->span, "bad glob '%s': %s", text, why);
	else
		strlist_add(L->cfg, &L->cfg->exclude, text, strlen(text));
}

static void key_exclude(loader *L, const pl_yaml_pair *p)
{
	each_string(L, p, "globs", item_exclude);
}

static void key_force_exclude(loader *L, const pl_yaml_pair *p)
{
	L->cfg->force_exclude = boolean(L, p);
}

static void key_require_reason(loader *L, const pl_yaml_pair *p)
{
	L->cfg->require_reason = boolean(L, p);
}

static void key_warn_unused(loader *L, const pl_yaml_pair *p)
{
	L->cfg->warn_unused_ignores = boolean(L, p);
}

/* severity: {DL3008: error, …} */
static void key_severity(loader *L, const pl_yaml_pair *p)
{
	if (!mapping(L, p, "rule codes to levels"))
		return;
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *code = map_key(L, kv, key_of(p));
		const char *level = code ? scalar(L, kv->value, code, "a level") : NULL;
		if (!level)
			return;
		const pl_rule *r = pl_rule_find(code);
		int sev = pl_severity_parse(level);
		if (!r)
			fail(L, kv->key->span, "unknown rule '%s'", code);
		else if (sev < 0)
			fail(L, kv->value->span,
			     "unknown severity '%s' (expected error, warning, info, style or none)", level);
		else
			set_severity(L->cfg, r, (pl_severity)sev);
	}
}

/* hadolint's override: {error: [codes], warning: […], info: […], style: […]} */
static void key_override(loader *L, const pl_yaml_pair *p)
{
	if (!mapping(L, p, "levels to lists of rule codes"))
		return;
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *level = map_key(L, kv, key_of(p));
		if (!level)
			return;
		int sev = pl_severity_parse(level);
		if (sev < PL_SEV_STYLE || sev > PL_SEV_ERROR)
			continue; /* hadolint reads only error, warning, info and style */
		const pl_yaml_node *v = kv->value;
		size_t n = v->kind == PL_YAML_SEQUENCE ? v->as.seq.n : 1;
		if (is_null(v))
			continue;
		if (v->kind == PL_YAML_MAPPING) {
			fail(L, v->span, "'%s' expects a list of rule codes, not a mapping", level);
			return;
		}
		for (size_t k = 0; k < n; k++) {
			const pl_yaml_node *it = v->kind == PL_YAML_SEQUENCE ? v->as.seq.items[k] : v;
			const char *code = scalar(L, it, level, "rule codes");
			if (!code)
				return;
			const pl_rule *r = pl_rule_find(code);
			if (r) /* hadolint accepts codes it does not have: so do we */
				set_severity(L->cfg, r, (pl_severity)sev);
		}
	}
}

static void key_threshold(loader *L, const pl_yaml_pair *p)
{
	const char *s = scalar(L, p->value, key_of(p), "a level");
	int sev = s ? pl_severity_parse(s) : -1;
	if (s && sev < 0)
		fail(L, p->value->span,
		     "unknown failure threshold '%s' (expected error, warning, info, style or none)", s);
	else if (s)
		L->cfg->failure_threshold = (pl_severity)sev;
}

static void key_no_fail(loader *L, const pl_yaml_pair *p)
{
	L->no_fail = boolean(L, p);
}

static void key_strict_labels(loader *L, const pl_yaml_pair *p)
{
	L->cfg->strict_labels = boolean(L, p);
}

static void key_disable_pragmas(loader *L, const pl_yaml_pair *p)
{
	L->cfg->disable_pragmas = boolean(L, p);
}

/* label-schema: {maintainer: email, …} */
static void key_label_schema(loader *L, const pl_yaml_pair *p)
{
	if (!mapping(L, p, "label keys to types"))
		return;
	pl_config *cfg = L->cfg;
	cfg->nlabel_schema = 0; /* an override's schema replaces the file's */
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *name = map_key(L, kv, key_of(p));
		const char *type = name ? scalar(L, kv->value, name, "a label type") : NULL;
		if (!type)
			return;
		size_t t = 0;
		while (t < PL_LABEL__COUNT && strcmp(type, label_type_names[t]) != 0)
			t++;
		if (t == PL_LABEL__COUNT) {
			fail(L, kv->value->span,
			     "unknown label type '%s' (expected text, url, rfc3339, spdx, hash, semver or email)",
			     type);
			return;
		}
		cfg->label_schema = pl_arena_realloc(&cfg->arena, cfg->label_schema,
		                                     cfg->nlabel_schema * sizeof(pl_label_rule),
		                                     (cfg->nlabel_schema + 1) * sizeof(pl_label_rule));
		cfg->label_schema[cfg->nlabel_schema].name = pl_arena_strdup(&cfg->arena, name);
		cfg->label_schema[cfg->nlabel_schema].type = (pl_label_type)t;
		cfg->nlabel_schema++;
	}
}

/* hadolint's output keys: the command line decides these. */
static void key_output(loader *L, const pl_yaml_pair *p)
{
	(void)L;
	(void)p;
}

/* enable: [PL2111, …]: rules turned on (off-by-default ones too), the others as they are */
static void item_enable(loader *L, const pl_yaml_node *at, const char *text)
{
	const char *e = NULL;
	if (pl_config_enable(L->cfg, text, &e) < 0)
		fail(L, at->span, "%s", e);
}

static void key_enable(loader *L, const pl_yaml_pair *p)
{
	each_string(L, p, "rule codes", item_enable);
}

/* ---- compose: dclint rule options ------------------------------------ */

/* dclint's defaults, under dclint's names (its rules' constructors). */
static const char *const dclint_prohibited_tags[] = {"latest", "stable", "edge", "test", "nightly",
                                                     "dev", "beta", "canary", "lts"};
static const char *const dclint_top_level_order[] = {"x-properties", "version", "name", "include",
                                                     "services", "networks", "volumes", "secrets",
                                                     "configs"};
static const struct {
	const char *name;
	const char *keys[6];
} dclint_key_groups[] = {
	{"Core Definitions", {"image", "build", "container_name"}},
	{"Service Dependencies", {"depends_on"}},
	{"Data Management and Configuration", {"volumes", "volumes_from", "configs", "secrets"}},
	{"Environment Configuration", {"environment", "env_file"}},
	{"Networking", {"ports", "networks", "network_mode", "extra_hosts"}},
	{"Runtime Behavior", {"command", "entrypoint", "working_dir", "restart", "healthcheck"}},
	{"Operational Metadata", {"logging", "labels"}},
	{"Security and Execution Context", {"user", "isolation"}},
	{"Other", {NULL}},
};

static void set_dclint_defaults(pl_config *cfg)
{
	cfg->check_pull_policy = true;
	cfg->quote_type = '\'';
	cfg->quote_ports = cfg->quote_expose = true;
	for (size_t i = 0; i < PL_ARRAY_LEN(dclint_prohibited_tags); i++)
		strlist_add(cfg, &cfg->prohibited_tags, dclint_prohibited_tags[i],
		            strlen(dclint_prohibited_tags[i]));
	for (size_t i = 0; i < PL_ARRAY_LEN(dclint_top_level_order); i++)
		strlist_add(cfg, &cfg->top_level_order, dclint_top_level_order[i],
		            strlen(dclint_top_level_order[i]));
	cfg->nkey_groups = PL_ARRAY_LEN(dclint_key_groups);
	cfg->key_groups = pl_arena_alloc(&cfg->arena, cfg->nkey_groups * sizeof(pl_key_group));
	for (size_t g = 0; g < cfg->nkey_groups; g++) {
		pl_key_group *kg = &cfg->key_groups[g];
		kg->name = dclint_key_groups[g].name;
		for (size_t k = 0; k < PL_ARRAY_LEN(dclint_key_groups[g].keys) && dclint_key_groups[g].keys[k]; k++)
			strlist_add(cfg, &kg->keys, dclint_key_groups[g].keys[k], strlen(dclint_key_groups[g].keys[k]));
		strlist_add(cfg, &cfg->key_group_order, kg->name, strlen(kg->name));
	}
}

/* A list of non-empty strings into *out (replacing it); false after an error. */
static bool string_list(loader *L, const pl_yaml_pair *p, const char *what, pl_strlist *out)
{
	const pl_yaml_node *v = p->value;
	if (v->kind != PL_YAML_SEQUENCE) {
		fail(L, v->span, "'%s' expects a list of %s, not %s", key_of(p), what, what_is(v));
		return false;
	}
	pl_strlist l = {0};
	for (size_t i = 0; i < v->as.seq.n; i++) {
		const pl_yaml_node *it = v->as.seq.items[i];
		if (it->kind != PL_YAML_SCALAR || is_null(it) || !*it->as.scalar.value) {
			fail(L, it->span, "'%s' expects a list of %s; this item is %s", key_of(p), what,
			     it->kind == PL_YAML_SCALAR && !is_null(it) ? "empty" : what_is(it));
			return false;
		}
		strlist_add(L->cfg, &l, it->as.scalar.value, it->as.scalar.len);
	}
	*out = l;
	return true;
}

static void opt_check_pull_policy(loader *L, const pl_yaml_pair *p)
{
	L->cfg->check_pull_policy = boolean(L, p);
}

static void opt_quote_type(loader *L, const pl_yaml_pair *p)
{
	const char *s = scalar(L, p->value, key_of(p), "single or double");
	if (s && strcmp(s, "single") == 0)
		L->cfg->quote_type = '\'';
	else if (s && strcmp(s, "double") == 0)
		L->cfg->quote_type = '"';
	else if (s)
		fail(L, p->value->span, "unknown quote type '%s' (expected single or double)", s);
}

static void opt_ports_sections(loader *L, const pl_yaml_pair *p)
{
	pl_strlist l;
	if (!string_list(L, p, "sections", &l))
		return;
	L->cfg->quote_ports = L->cfg->quote_expose = false;
	for (size_t i = 0; i < l.n; i++) {
		if (strcmp(l.v[i], "ports") == 0) {
			L->cfg->quote_ports = true;
		} else if (strcmp(l.v[i], "expose") == 0) {
			L->cfg->quote_expose = true;
		} else {
			fail(L, p->value->as.seq.items[i]->span, "unknown section '%s' (expected ports or expose)",
			     l.v[i]);
			return;
		}
	}
}

static void opt_prohibited_tags(loader *L, const pl_yaml_pair *p)
{
	string_list(L, p, "tags", &L->cfg->prohibited_tags);
}

static void opt_allowed_ips(loader *L, const pl_yaml_pair *p)
{
	string_list(L, p, "IP addresses", &L->cfg->allowed_ips);
}

static void opt_custom_order(loader *L, const pl_yaml_pair *p)
{
	string_list(L, p, "top-level keys", &L->cfg->top_level_order);
}

static void opt_group_order(loader *L, const pl_yaml_pair *p)
{
	string_list(L, p, "group names", &L->cfg->key_group_order);
}

/* A regular expression for container names: "^…$", or dclint's "/…/u" spelling. */
static void opt_pattern(loader *L, const pl_yaml_pair *p)
{
	const char *s = scalar(L, p->value, key_of(p), "a regular expression");
	if (!s)
		return;
	size_t n = strlen(s);
	uint32_t flags = PCRE2_UTF;
	const char *close = n > 1 && s[0] == '/' ? strrchr(s, '/') : NULL;
	if (close && close > s && strspn(close + 1, "gimsuy") == strlen(close + 1)) {
		if (strchr(close + 1, 'i'))
			flags |= PCRE2_CASELESS;
		if (strchr(close + 1, 's'))
			flags |= PCRE2_DOTALL;
		if (strchr(close + 1, 'm'))
			flags |= PCRE2_MULTILINE;
		s++;
		n = (size_t)(close - s);
	}
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)s, n, flags, &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof(msg));
		fail(L, p->value->span, "bad regular expression '%s': %s at offset %zu", p->value->as.scalar.value,
		     (const char *)msg, (size_t)off);
		return;
	}
	pcre2_code_free(L->cfg->container_name_re);
	L->cfg->container_name_re = re;
	L->cfg->container_name_pattern = pl_arena_strdup(&L->cfg->arena, p->value->as.scalar.value);
}

/* groups: {"Group name": [keys…], …}: each group given replaces the one of that name, or is added. */
static void opt_groups(loader *L, const pl_yaml_pair *p)
{
	if (!mapping(L, p, "group names to lists of service keys"))
		return;
	pl_config *cfg = L->cfg;
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *name = map_key(L, kv, key_of(p));
		pl_strlist keys;
		if (!name || !string_list(L, kv, "service keys", &keys))
			return;
		size_t g = 0;
		while (g < cfg->nkey_groups && strcmp(cfg->key_groups[g].name, name) != 0)
			g++;
		if (g == cfg->nkey_groups) {
			cfg->key_groups = pl_arena_realloc(&cfg->arena, cfg->key_groups,
			                                   cfg->nkey_groups * sizeof(pl_key_group),
			                                   (cfg->nkey_groups + 1) * sizeof(pl_key_group));
			cfg->nkey_groups++;
			cfg->key_groups[g].name = pl_arena_strdup(&cfg->arena, name);
		}
		cfg->key_groups[g].keys = keys;
	}
}

/* The options of the dclint rules: rule name (dclint's), option name (dclint's), reader. */
static const struct rule_option {
	const char *rule;
	const char *option;
	void (*fn)(loader *L, const pl_yaml_pair *p);
} rule_options[] = {
	{"no-build-and-image", "checkPullPolicy", opt_check_pull_policy},
	{"no-unbound-port-interfaces", "allowedIps", opt_allowed_ips},
	{"require-quotes-in-ports", "quoteType", opt_quote_type},
	{"require-quotes-in-ports", "portsSections", opt_ports_sections},
	{"service-container-name-regex", "pattern", opt_pattern},
	{"service-container-name-regex", "containerNameRegex", opt_pattern},
	{"service-image-require-explicit-tag", "prohibitedTags", opt_prohibited_tags},
	{"service-keys-order", "groupOrder", opt_group_order},
	{"service-keys-order", "groups", opt_groups},
	{"top-level-properties-order", "customOrder", opt_custom_order},
};

/* "checkPullPolicy" or "quoteType and portsSections": the options of rule r, for messages. */
static const char *options_of(loader *L, const pl_rule *r)
{
	const char *out = NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(rule_options); i++)
		if (strcmp(rule_options[i].rule, r->name) == 0)
			out = out ? pl_arena_printf(&L->cfg->arena, "%s, %s", out, rule_options[i].option)
			          : rule_options[i].option;
	return out;
}

/*
** The options of one rule, a mapping {option: value}.  An option the rule
** does not have is an error in plimsoll's files and ignored in dclint's
** (dclint passes the object to the rule, which ignores what it does not use).
*/
static void rule_options_of(loader *L, const pl_rule *r, const char *written, const pl_yaml_node *opts)
{
	if (is_null(opts))
		return;
	if (opts->kind != PL_YAML_MAPPING) {
		fail(L, opts->span, "the options of '%s' are a mapping, not %s", written, what_is(opts));
		return;
	}
	for (size_t i = 0; i < opts->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &opts->as.map.pairs[i];
		const char *name = map_key(L, kv, written);
		if (!name)
			return;
		const struct rule_option *o = NULL;
		for (size_t k = 0; k < PL_ARRAY_LEN(rule_options) && !o; k++)
			if (strcmp(rule_options[k].rule, r->name) == 0 && strcmp(rule_options[k].option, name) == 0)
				o = &rule_options[k];
		if (o) {
			o->fn(L, kv);
			continue;
		}
		if (!strict(L))
			continue;
		const char *have = options_of(L, r);
		if (have)
			fail(L, kv->key->span, "unknown option '%s' of '%s' (expected %s)", name, written, have);
		else
			fail(L, kv->key->span, "'%s' takes no options", written);
	}
}

typedef void (*rule_entry_fn)(loader *L, const pl_rule *r, const char *written, const pl_yaml_node *v);

/* A mapping of rules (by code, name or alias) to values: fn for each; an unknown rule is an error. */
static void each_rule(loader *L, const pl_yaml_pair *p, const char *what, rule_entry_fn fn)
{
	if (!mapping(L, p, what))
		return;
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *name = map_key(L, kv, key_of(p));
		if (!name)
			return;
		const pl_rule *r = pl_rule_find(name);
		if (!r)
			fail(L, kv->key->span, "unknown rule '%s'", name);
		else
			fn(L, r, name, kv->value);
	}
}

/* rules: {RULE: {option: value, …}, …}: options of rules. */
static void key_rules(loader *L, const pl_yaml_pair *p)
{
	each_rule(L, p, "rules to their options", rule_options_of);
}

/* After every key: the settings must agree with each other. */
static void check_options(loader *L, const pl_yaml_node *root)
{
	if (!strict(L) || L->rc)
		return;
	const pl_config *cfg = L->cfg;
	for (size_t i = 0; i < cfg->key_group_order.n; i++) {
		size_t g = 0;
		while (g < cfg->nkey_groups && strcmp(cfg->key_groups[g].name, cfg->key_group_order.v[i]) != 0)
			g++;
		if (g == cfg->nkey_groups) {
			fail(L, root->span, "service-keys-order: 'groupOrder' names the group '%s', which 'groups' lacks",
			     cfg->key_group_order.v[i]);
			return;
		}
	}
}

/* ---- dclint's files (.dclintrc) -------------------------------------- */

/* The keys of dclint's configuration besides 'rules': command-line matters, read and ignored. */
static const char *const dclint_keys[] = {"$schema", "quiet", "debug", "exclude", "recursive", "stats",
                                          "plugins", "formatter", "fix", "maxWarnings"};

static bool is_dclint_key(const char *k)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(dclint_keys); i++)
		if (strcmp(dclint_keys[i], k) == 0)
			return true;
	return false;
}

/*
** dclint's level: 0 (or "off") turns the rule off, 1 ("warn", "warning")
** and 2 ("error") turn it on at that severity.  -1 when n is none of these.
*/
static int dclint_level(const pl_yaml_node *n)
{
	if (n->kind != PL_YAML_SCALAR || n->style == PL_YAML_LITERAL || n->style == PL_YAML_FOLDED)
		return -1;
	const char *s = n->as.scalar.value;
	if (strcmp(s, "0") == 0 || strcmp(s, "off") == 0)
		return PL_SEV_NONE;
	if (strcmp(s, "1") == 0 || strcmp(s, "warn") == 0 || strcmp(s, "warning") == 0)
		return PL_SEV_WARNING;
	if (strcmp(s, "2") == 0 || strcmp(s, "error") == 0)
		return PL_SEV_ERROR;
	return -1;
}

/* name: level | [level, {options}], as dclint's rules loader reads it. */
static void dclint_rule(loader *L, const pl_rule *r, const char *name, const pl_yaml_node *v)
{
	const pl_yaml_node *lv = v, *opts = NULL;
	if (v->kind == PL_YAML_SEQUENCE) {
		if (v->as.seq.n < 1 || v->as.seq.n > 2) {
			fail(L, v->span, "'%s' expects a level or [level, {options}], not a list of %zu items", name,
			     v->as.seq.n);
			return;
		}
		lv = v->as.seq.items[0];
		opts = v->as.seq.n == 2 ? v->as.seq.items[1] : NULL;
	}
	int sev = dclint_level(lv);
	if (sev < 0) {
		fail(L, lv->span, "'%s' expects a level: 0, 1 or 2 (off, warning, error)", name);
		return;
	}
	pl_rule_setting *s = &L->cfg->rules[pl_rule_index(r)];
	if (sev == PL_SEV_NONE) {
		s->enabled = 0;
	} else {
		s->enabled = 1;
		s->severity = (unsigned char)sev;
	}
	if (opts)
		rule_options_of(L, r, name, opts);
}

static void dclint_rules(loader *L, const pl_yaml_pair *p)
{
	each_rule(L, p, "rule names to levels", dclint_rule);
}

/* dclint's rules (3.x names), each a name or alias of a rule here. */
static const char *const dclint_rule_names[] = {
	"no-build-and-image", "no-duplicate-container-names", "no-duplicate-exported-ports",
	"no-quotes-in-volumes", "no-unbound-port-interfaces", "no-version-field",
	"require-project-name-field", "require-quotes-in-ports", "service-container-name-regex",
	"service-dependencies-alphabetical-order", "service-image-require-explicit-tag",
	"service-keys-order", "service-ports-alphabetical-order", "services-alphabetical-order",
	"top-level-properties-order",
};

/* dclint runs every rule its configuration does not set to 0: a .dclintrc turns them all on first. */
static void dclint_all_on(pl_config *cfg)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(dclint_rule_names); i++) {
		const pl_rule *r = pl_rule_find(dclint_rule_names[i]);
		if (r && cfg->rules[pl_rule_index(r)].enabled < 0)
			cfg->rules[pl_rule_index(r)].enabled = 1;
	}
}

static void load_dclint(loader *L, const pl_yaml_node *root)
{
	dclint_all_on(L->cfg);
	for (size_t i = 0; i < root->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *p = &root->as.map.pairs[i];
		const char *k = key_of(p);
		if (strcmp(k, "rules") == 0)
			dclint_rules(L, p);
		else if (!is_dclint_key(k))
			fail(L, p->key->span, "unknown key '%s' (dclint's configuration has rules, quiet, debug and exclude)",
			     k);
	}
}


/* Where a key may stand: a plimsoll file, a hadolint file, an override's settings. */
enum { IN_PLIMSOLL = 1, IN_HADOLINT = 2, IN_BOTH = 3, IN_OVERRIDE = 4 };

static void key_overrides(loader *L, const pl_yaml_pair *p);

/* The top-level keys of both spellings. */
static const struct config_key {
	const char *name;
	unsigned in;          /* IN_PLIMSOLL, IN_HADOLINT or both */
	void (*fn)(loader *L, const pl_yaml_pair *p);
	const char *ours;     /* hadolint-only key: plimsoll's spelling, or NULL when it has none */
} config_keys[] = {
	{"select", IN_PLIMSOLL | IN_OVERRIDE, key_select, NULL},
	{"enable", IN_PLIMSOLL | IN_OVERRIDE, key_enable, NULL},
	{"ignore", IN_PLIMSOLL | IN_OVERRIDE, key_ignore, NULL},
	{"severity", IN_PLIMSOLL | IN_OVERRIDE, key_severity, NULL},
	{"failure-threshold", IN_BOTH | IN_OVERRIDE, key_threshold, NULL},
	{"no-fail", IN_BOTH | IN_OVERRIDE, key_no_fail, NULL},
	{"disable-ignore-pragma", IN_BOTH | IN_OVERRIDE, key_disable_pragmas, NULL},
	{"require-reason", IN_PLIMSOLL | IN_OVERRIDE, key_require_reason, NULL},
	{"warn-unused-ignores", IN_PLIMSOLL | IN_OVERRIDE, key_warn_unused, NULL},
	{"trusted-registries", IN_BOTH | IN_OVERRIDE, key_registries, NULL},
	{"label-schema", IN_BOTH | IN_OVERRIDE, key_label_schema, NULL},
	{"strict-labels", IN_BOTH | IN_OVERRIDE, key_strict_labels, NULL},
	{"exclude", IN_PLIMSOLL, key_exclude, NULL},
	{"force-exclude", IN_PLIMSOLL, key_force_exclude, NULL},
	{"overrides", IN_PLIMSOLL, key_overrides, NULL},
	{"rules", IN_PLIMSOLL | IN_OVERRIDE, key_rules, NULL},
	{"ignored", IN_HADOLINT, key_ignore, "ignore"},
	{"override", IN_HADOLINT, key_override, "severity"},
	{"trustedRegistries", IN_HADOLINT, key_registries, "trusted-registries"},
	{"format", IN_HADOLINT, key_output, NULL},
	{"output-format", IN_HADOLINT, key_output, NULL},
	{"no-color", IN_HADOLINT, key_output, NULL},
	{"verbose", IN_HADOLINT, key_output, NULL},
};

static const struct config_key *find_key(const char *name)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(config_keys); i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

/* An unknown key of a plimsoll file: say what was probably meant. */
static void unknown_key(loader *L, const pl_yaml_pair *p)
{
	const char *k = key_of(p);
	const struct config_key *h = find_key(k);
	if (L->in_override && h && (h->in & IN_PLIMSOLL)) {
		fail(L, p->key->span, "'%s' cannot be set in an override, only at the top of the file", k);
		return;
	}
	if (h && h->ours) {
		fail(L, p->key->span, "unknown key '%s': hadolint's spelling; plimsoll's is '%s'", k, h->ours);
		return;
	}
	if (h) {
		fail(L, p->key->span, "unknown key '%s': give output options on the command line", k);
		return;
	}
	const char *best = NULL;
	size_t best_d = 4;
	unsigned want = L->in_override ? IN_OVERRIDE : IN_PLIMSOLL;
	for (size_t i = 0; i < PL_ARRAY_LEN(config_keys); i++) {
		if (!(config_keys[i].in & want))
			continue;
		size_t d = pl_edit_distance(k, config_keys[i].name, 3);
		if (d < best_d)
			best = config_keys[i].name, best_d = d;
	}
	if (best) {
		fail(L, p->key->span, "unknown key '%s' (did you mean '%s'?)", k, best);
		return;
	}
	char list[512] = "";
	size_t n = 0;
	for (size_t i = 0; i < PL_ARRAY_LEN(config_keys); i++) {
		if (!(config_keys[i].in & want))
			continue;
		bool last = true;
		for (size_t j = i + 1; j < PL_ARRAY_LEN(config_keys); j++)
			last = last && !(config_keys[j].in & want);
		n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, "%s%s",
		                      n == 0 ? "" : last ? " or " : ", ", config_keys[i].name);
	}
	fail(L, p->key->span, "unknown key '%s' (expected %s)", k, list);
}

/* The settings of one override (a mapping), applied to L->cfg. */
static void apply_override(loader *L, const pl_yaml_node *settings)
{
	bool was = L->in_override;
	L->in_override = true;
	for (size_t i = 0; i < settings->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *p = &settings->as.map.pairs[i];
		const char *name = p->key->kind == PL_YAML_SCALAR && !is_null(p->key) ? key_of(p) : NULL;
		const struct config_key *k = name ? find_key(name) : NULL;
		if (!name)
			fail(L, p->key->span, "%s", "configuration keys must be strings");
		else if (k && (k->in & IN_OVERRIDE))
			k->fn(L, p);
		else
			unknown_key(L, p);
	}
	L->in_override = was;
}

/*
** overrides: {GLOB: {settings…}, …}.  The globs are kept; each override's
** settings are checked now (on a scratch config, so that a mistake is
** reported whatever file is linted) and applied by load_root to the
** files they match.
*/
static void key_overrides(loader *L, const pl_yaml_pair *p)
{
	if (!mapping(L, p, "globs to settings"))
		return;
	for (size_t i = 0; i < p->value->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &p->value->as.map.pairs[i];
		const char *glob = map_key(L, kv, key_of(p));
		const char *why;
		if (!glob)
			return;
		if (pl_glob__check(glob, &why) < 0) {
			fail(L, kv->key->span, "bad glob '%s': %s", glob, why);
			return;
		}
		if (kv->value->kind != PL_YAML_MAPPING) {
			fail(L, kv->value->span, "the override '%s' expects a mapping of settings, not %s", glob,
			     what_is(kv->value));
			return;
		}
		strlist_add(L->cfg, &L->cfg->override_globs, glob, strlen(glob));
		pl_config scratch;
		pl_config_init(&scratch);
		loader S = *L;
		S.cfg = &scratch;
		S.no_fail = false;
		apply_override(&S, kv->value);
		L->rc = S.rc; /* the message, if any, is in L's arena already */
		pl_config_free(&scratch);
	}
}

/* The overrides of root whose glob matches L->relpath, applied in file order. */
static void apply_matching_overrides(loader *L, const pl_yaml_node *root)
{
	const pl_yaml_node *ov = NULL;
	for (size_t i = 0; i < root->as.map.n; i++) {
		const char *name = pl_yaml_str(root->as.map.pairs[i].key);
		if (name && strcmp(name, "overrides") == 0)
			ov = root->as.map.pairs[i].value;
	}
	if (!ov || ov->kind != PL_YAML_MAPPING)
		return;
	for (size_t i = 0; i < ov->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *kv = &ov->as.map.pairs[i];
		const char *glob = pl_yaml_str(kv->key);
		if (glob && pl_glob__match(glob, L->relpath, false, true))
			apply_override(L, kv->value);
	}
}

/* True when s[0..n) contains "hadolint" in any case. */
static bool says_hadolint(const char *s, size_t n)
{
	for (size_t i = 0; i + 8 <= n; i++)
		if (pl_strn_ieq(s + i, 8, "hadolint"))
			return true;
	return false;
}

/*
** The dialect a file name promises, or AUTO when it promises none:
** .plimsoll.yaml is ours; .hadolint.yaml, hadolint.yml and the files in
** ~/.hadolint/ are hadolint's.
*/
static pl_config_dialect dialect_of_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (pl_str_starts(base, ".plimsoll.") || pl_str_starts(base, "plimsoll."))
		return PL_CONFIG_PLIMSOLL;
	if (pl_str_starts(base, ".dclintrc") || pl_str_starts(base, "dclint."))
		return PL_CONFIG_DCLINT;
	if (says_hadolint(base, strlen(base)))
		return PL_CONFIG_HADOLINT;
	const char *dir = base > path ? base - 1 : path; /* the '/' before base */
	const char *parent = dir;
	while (parent > path && parent[-1] != '/')
		parent--;
	return says_hadolint(parent, (size_t)(dir - parent)) ? PL_CONFIG_HADOLINT : PL_CONFIG_AUTO;
}

/*
** A file of another name: hadolint's when it uses a key only hadolint
** has; dclint's when it uses a key only dclint has, or gives a rule in
** 'rules' a level (plimsoll's 'rules' maps rules to mappings of options).
*/
static pl_config_dialect dialect_of_keys(const pl_yaml_node *root)
{
	for (size_t i = 0; i < pl_yaml_len(root); i++) {
		const char *name = pl_yaml_str(root->as.map.pairs[i].key);
		const struct config_key *k = name ? find_key(name) : NULL;
		if (k && k->in == IN_HADOLINT)
			return PL_CONFIG_HADOLINT;
		if (!k && name && is_dclint_key(name))
			return PL_CONFIG_DCLINT;
		const pl_yaml_node *rules = name && strcmp(name, "rules") == 0 ? root->as.map.pairs[i].value : NULL;
		for (size_t r = 0; r < pl_yaml_len(rules) && rules->kind == PL_YAML_MAPPING; r++)
			if (rules->as.map.pairs[r].value->kind != PL_YAML_MAPPING)
				return PL_CONFIG_DCLINT;
	}
	return PL_CONFIG_PLIMSOLL;
}

static void load_root(loader *L, const pl_yaml *y)
{
	if (y->nerrors) {
		const pl_yaml_error *e = &y->errors[0];
		fail(L, e->span, "%s", e->message);
		return;
	}
	if (y->ndocs > 1) {
		fail(L, y->docs[1].span, "%s", "a configuration file holds one YAML document");
		return;
	}
	const pl_yaml_node *root = pl_yaml_root(y);
	if (!root || is_null(root))
		return; /* an empty file: the defaults */
	if (root->kind != PL_YAML_MAPPING) {
		fail(L, root->span, "the configuration must be a mapping of keys to values, not %s",
		     what_is(root));
		return;
	}
	if (L->dialect == PL_CONFIG_AUTO)
		L->dialect = dialect_of_keys(root);
	L->cfg->dialect = L->dialect;
	for (size_t i = 0; i < root->as.map.n; i++) {
		const pl_yaml_pair *p = &root->as.map.pairs[i];
		if (p->key->kind != PL_YAML_SCALAR || is_null(p->key)) {
			fail(L, p->key->span, "%s", "configuration keys must be strings");
			return;
		}
	}
	if (L->dialect == PL_CONFIG_DCLINT) {
		load_dclint(L, root);
		return;
	}
	for (size_t i = 0; i < root->as.map.n && !L->rc; i++) {
		const pl_yaml_pair *p = &root->as.map.pairs[i];
		if (p->key->kind != PL_YAML_SCALAR || is_null(p->key)) {
			fail(L, p->key->span, "%s", "configuration keys must be strings");
			return;
		}
		const struct config_key *k = find_key(key_of(p));
		unsigned in = strict(L) ? IN_PLIMSOLL : IN_HADOLINT;
		if (k && (k->in & in))
			k->fn(L, p);
		else if (strict(L))
			unknown_key(L, p);
		/* hadolint ignores keys it does not know: so do we, in its files */
	}
	if (L->relpath && !L->rc && strict(L))
		apply_matching_overrides(L, root);
	check_options(L, root);
	if (L->no_fail)
		L->cfg->failure_threshold = PL_SEV_NONE;
	pl_config_apply_switches(L->cfg);
}

int pl_config_load_text(pl_config *cfg, const char *path, const char *text, size_t len,
                        pl_config_dialect dialect, const char **err)
{
	return pl_config_load_text_for(cfg, path, text, len, dialect, NULL, err);
}

int pl_config_load_text_for(pl_config *cfg, const char *path, const char *text, size_t len,
                            pl_config_dialect dialect, const char *relpath, const char **err)
{
	pl_arena tmp; /* the source and its YAML tree: gone after loading */
	pl_arena_init(&tmp);
	pl_source src;
	pl_source_init(&src, &tmp, path, text, len);
	cfg->path = pl_arena_strdup(&cfg->arena, path);
	if (dialect == PL_CONFIG_AUTO)
		dialect = dialect_of_name(path);
	cfg->dialect = dialect == PL_CONFIG_AUTO ? PL_CONFIG_PLIMSOLL : dialect;
	loader L = {cfg, &src, dialect, err, 0, false, &cfg->arena, false, relpath};
	pl_yaml y;
	pl_yaml_init(&y);
	pl_yaml_load(&y, &tmp, &src);
	load_root(&L, &y);
	pl_arena_free(&tmp);
	if (!L.rc && cfg->override_globs.n) {
		cfg->text = pl_arena_strndup(&cfg->arena, text, len);
		cfg->text_len = len;
	}
	return L.rc;
}

int pl_config_load_for(pl_config *cfg, const pl_config *base, const char *relpath, const char **err)
{
	PL_ASSERT(base->path && (base->text || !base->override_globs.n)); /* loaded from a file */
	int rc = pl_config_load_text_for(cfg, base->path, base->text ? base->text : "", base->text_len,
	                                 base->dialect, relpath, err);
	cfg->base_dir = base->base_dir ? pl_arena_strdup(&cfg->arena, base->base_dir) : NULL;
	return rc;
}

size_t pl_config_overrides_matching(const pl_config *cfg, const char *relpath, bool *match)
{
	size_t n = 0;
	for (size_t i = 0; i < cfg->override_globs.n; i++) {
		match[i] = pl_glob__match(cfg->override_globs.v[i], relpath, false, true);
		n += match[i];
	}
	return n;
}

const char *pl_config_relpath(const pl_config *cfg, const char *abs)
{
	const char *b = cfg->base_dir;
	if (!b)
		return abs;
	size_t n = strlen(b);
	if (n == 1 && b[0] == '/')
		return abs[0] == '/' ? abs + 1 : abs;
	if (strncmp(abs, b, n) == 0 && abs[n] == '/')
		return abs + n + 1;
	return abs;
}

bool pl_config_excludes(const pl_config *cfg, const char *relpath, bool is_dir, bool or_folders)
{
	for (size_t i = 0; i < cfg->exclude.n; i++)
		if (pl_glob__match(cfg->exclude.v[i], relpath, is_dir, or_folders))
			return true;
	return false;
}

void pl_config_apply_switches(pl_config *cfg)
{
	static const char *const codes[] = {"PL0010", "PL0011"};
	bool on[] = {cfg->require_reason, cfg->warn_unused_ignores};
	for (size_t i = 0; i < PL_ARRAY_LEN(codes); i++) {
		const pl_rule *r = on[i] ? pl_rule_find(codes[i]) : NULL;
		if (r)
			cfg->rules[pl_rule_index(r)].enabled = 1;
	}
}

int pl_config_load(pl_config *cfg, const char *path, const char **err)
{
	char *buf;
	size_t len;
	const char *e;
	if (pl_io_read(path, 1024 * 1024, &buf, &len, &e) < 0) {
		*err = pl_arena_printf(&cfg->arena, "%s: %s", path, e);
		return -1;
	}
	int rc = pl_config_load_text(cfg, path, buf, len, PL_CONFIG_AUTO, err);
	free(buf);
	/* Globs are relative to the file's folder. */
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1,
	         slash ? path : ".");
	if (realpath(dir, real))
		cfg->base_dir = pl_arena_strdup(&cfg->arena, real);
	return rc;
}

/* ---- writing -------------------------------------------------------- */

/* s as a YAML scalar: plain when it reads back as the same string, else double-quoted. */
static void write_str(FILE *out, const char *s)
{
	bool plain = *s && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'));
	for (const char *p = s; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		        *p == '.' || *p == '-' || *p == '_' || *p == '/';
	if (plain && pl_yaml_resolve_plain(s, strlen(s), PL_YAML_CORE, NULL) == PL_YAML_TYPE_STR) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\x%02x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* key: followed by the items of a list in block style, or [] when there are none. */
static void write_list(FILE *out, const char *key, const char *const *v, size_t n)
{
	fprintf(out, "%s:%s\n", key, n ? "" : " []");
	for (size_t i = 0; i < n; i++) {
		fputs("  - ", out);
		write_str(out, v[i]);
		fputc('\n', out);
	}
}

/* An option that is a list, in flow style, indented under its rule (or deeper). */
static void write_option_list(FILE *out, const char *indent, const char *key, const pl_strlist *l)
{
	fputs(indent, out);
	write_str(out, key);
	fputs(": [", out);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i ? ", " : "", out);
		write_str(out, l->v[i]);
	}
	fputs("]\n", out);
}

/* rules: the options of dclint's rules, every one written. */
static void write_rule_options(const pl_config *cfg, FILE *out)
{
	fputs("rules:\n", out);
	fputs("  no-build-and-image:\n", out);
	fprintf(out, "    checkPullPolicy: %s\n", cfg->check_pull_policy ? "true" : "false");
	fputs("  no-unbound-port-interfaces:\n", out);
	write_option_list(out, "    ", "allowedIps", &cfg->allowed_ips);
	fputs("  require-quotes-in-ports:\n", out);
	fprintf(out, "    quoteType: %s\n", cfg->quote_type == '"' ? "double" : "single");
	const char *sections[2];
	pl_strlist sl = {sections, 0};
	if (cfg->quote_ports)
		sections[sl.n++] = "ports";
	if (cfg->quote_expose)
		sections[sl.n++] = "expose";
	write_option_list(out, "    ", "portsSections", &sl);
	if (cfg->container_name_pattern) {
		fputs("  service-container-name-regex:\n    pattern: ", out);
		write_str(out, cfg->container_name_pattern);
		fputc('\n', out);
	}
	fputs("  service-image-require-explicit-tag:\n", out);
	write_option_list(out, "    ", "prohibitedTags", &cfg->prohibited_tags);
	fputs("  service-keys-order:\n", out);
	write_option_list(out, "    ", "groupOrder", &cfg->key_group_order);
	fputs("    groups:\n", out);
	for (size_t g = 0; g < cfg->nkey_groups; g++)
		write_option_list(out, "      ", cfg->key_groups[g].name, &cfg->key_groups[g].keys);
	fputs("  top-level-properties-order:\n", out);
	write_option_list(out, "    ", "customOrder", &cfg->top_level_order);
}

void pl_config_write(const pl_config *cfg, FILE *out)
{
	/* Rules the user turned on (with select) or off, then codes that are not rules. */
	const char **on = pl_xcalloc(pl_rule_count + 1, sizeof(*on));
	const char **off = pl_xcalloc(pl_rule_count + cfg->ignored_codes.n + 1, sizeof(*off));
	size_t non = 0, noff = 0;
	for (size_t i = 0; i < pl_rule_count; i++) {
		signed char e = cfg->rules[i].enabled;
		if (e == 1)
			on[non++] = pl_rules[i]->id;
		else if (e == 0 && !cfg->select_given) /* under select, off is just "not selected" */
			off[noff++] = pl_rules[i]->id;
	}
	for (size_t i = 0; i < cfg->ignored_codes.n; i++)
		off[noff++] = cfg->ignored_codes.v[i];
	if (cfg->select_given)
		write_list(out, "select", on, non);
	else
		write_list(out, "enable", on, non);
	write_list(out, "ignore", off, noff);
	bool any = false;
	for (size_t i = 0; i < pl_rule_count; i++)
		any |= cfg->rules[i].severity != 0;
	fprintf(out, "severity:%s\n", any ? "" : " {}");
	for (size_t i = 0; i < pl_rule_count; i++)
		if (cfg->rules[i].severity)
			fprintf(out, "  %s: %s\n", pl_rules[i]->id,
			        pl_severity_name((pl_severity)cfg->rules[i].severity));
	fprintf(out, "failure-threshold: %s\n", pl_severity_name(cfg->failure_threshold));
	fprintf(out, "disable-ignore-pragma: %s\n", cfg->disable_pragmas ? "true" : "false");
	fprintf(out, "require-reason: %s\n", cfg->require_reason ? "true" : "false");
	fprintf(out, "warn-unused-ignores: %s\n", cfg->warn_unused_ignores ? "true" : "false");
	write_list(out, "exclude", cfg->exclude.v, cfg->exclude.n);
	fprintf(out, "force-exclude: %s\n", cfg->force_exclude ? "true" : "false");
	write_list(out, "trusted-registries", cfg->trusted_registries.v, cfg->trusted_registries.n);
	fprintf(out, "label-schema:%s\n", cfg->nlabel_schema ? "" : " {}");
	for (size_t i = 0; i < cfg->nlabel_schema; i++) {
		fputs("  ", out);
		write_str(out, cfg->label_schema[i].name);
		fprintf(out, ": %s\n", pl_label_type_name(cfg->label_schema[i].type));
	}
	fprintf(out, "strict-labels: %s\n", cfg->strict_labels ? "true" : "false");
	write_rule_options(cfg, out);
	free(on);
	free(off);
}
