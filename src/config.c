/*
** Configuration: rule selection and severities, the failure threshold,
** rule options.  Layers: defaults, then a YAML file (plimsoll's own keys
** or hadolint's spellings), then command-line flags.
*/
#include "plimsoll/config.h"
#include "plimsoll/rule.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

void pl_config_init(pl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	pl_arena_init(&cfg->arena);
	cfg->rules = pl_arena_alloc(&cfg->arena, pl_rule_count * sizeof(pl_rule_setting));
	for (size_t i = 0; i < pl_rule_count; i++)
		cfg->rules[i].enabled = -1;
	cfg->failure_threshold = PL_SEV_INFO;
}

void pl_config_free(pl_config *cfg)
{
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

int pl_config_ignore(pl_config *cfg, const char *list, const char **err)
{
	return each_name(cfg, list, do_ignore, err);
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
	pl_rule_setting *s = &cfg->rules[pl_rule_index(r)];
	if (sev == PL_SEV_NONE) {
		s->enabled = 0;
	} else {
		s->severity = (unsigned char)sev;
		if (s->enabled == 0 && !cfg->select_given)
			s->enabled = -1;
	}
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

/* ---- YAML config files ---------------------------------------------- */

typedef struct loader {
	pl_config *cfg;
	yaml_document_t *doc;
	const char *path;
	const char **err;
	int rc;
} loader;

static void fail(loader *L, yaml_node_t *n, const char *fmt, ...) PL_PRINTF(3, 4);
static void fail(loader *L, yaml_node_t *n, const char *fmt, ...)
{
	if (L->rc)
		return; /* keep the first error */
	L->rc = -1;
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*L->err = pl_arena_printf(&L->cfg->arena, "%s:%zu:%zu: %s", L->path,
	                          n ? n->start_mark.line + 1 : 1, n ? n->start_mark.column + 1 : 1, msg);
}

static const char *scalar(loader *L, yaml_node_t *n, const char *key)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		fail(L, n, "'%s' expects a single value", key);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

/* A list of names, or one string of comma-separated names; calls fn for each joined list. */
static void names(loader *L, yaml_node_t *n, const char *key,
                  int (*apply)(pl_config *, const char *, const char **))
{
	const char *err = NULL;
	if (n && n->type == YAML_SCALAR_NODE) {
		if (apply(L->cfg, (const char *)n->data.scalar.value, &err) < 0)
			fail(L, n, "%s", err);
		return;
	}
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		fail(L, n, "'%s' expects a list of rule codes", key);
		return;
	}
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(L->doc, *it);
		const char *s = scalar(L, e, key);
		if (s && apply(L->cfg, s, &err) < 0)
			fail(L, e, "%s", err);
	}
}

static void strings(loader *L, yaml_node_t *n, const char *key, pl_strlist *out)
{
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		fail(L, n, "'%s' expects a list of strings", key);
		return;
	}
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		const char *s = scalar(L, yaml_document_get_node(L->doc, *it), key);
		if (s)
			strlist_add(L->cfg, out, s, strlen(s));
	}
}

static bool boolean(loader *L, yaml_node_t *n, const char *key)
{
	const char *s = scalar(L, n, key);
	if (!s)
		return false;
	if (pl_str_ieq(s, "true") || pl_str_ieq(s, "yes") || pl_str_ieq(s, "on"))
		return true;
	if (!(pl_str_ieq(s, "false") || pl_str_ieq(s, "no") || pl_str_ieq(s, "off")))
		fail(L, n, "'%s' expects true or false", key);
	return false;
}

static int apply_error(pl_config *c, const char *l, const char **e);
static int apply_warning(pl_config *c, const char *l, const char **e);
static int apply_info(pl_config *c, const char *l, const char **e);
static int apply_style(pl_config *c, const char *l, const char **e);

/* Set the severity of every rule in list to sev. */
static int set_all(pl_config *c, const char *list, const char **e, const char *sev)
{
	int rc = 0;
	char buf[160];
	const char *p = list;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ',' && *p != ' ')
			p++;
		if (p == s)
			continue;
		snprintf(buf, sizeof(buf), "%.*s=%s", (int)(p - s), s, sev);
		if (pl_config_set_severity(c, buf, e) < 0)
			rc = -1;
	}
	return rc;
}
static int apply_error(pl_config *c, const char *l, const char **e) { return set_all(c, l, e, "error"); }
static int apply_warning(pl_config *c, const char *l, const char **e) { return set_all(c, l, e, "warning"); }
static int apply_info(pl_config *c, const char *l, const char **e) { return set_all(c, l, e, "info"); }
static int apply_style(pl_config *c, const char *l, const char **e) { return set_all(c, l, e, "style"); }

static void threshold(loader *L, yaml_node_t *v, const char *key)
{
	const char *s = scalar(L, v, key);
	int sev = s ? pl_severity_parse(s) : -1;
	if (s && sev < 0)
		fail(L, v, "unknown failure threshold '%s' (expected error, warning, info, style or none)", s);
	else if (s)
		L->cfg->failure_threshold = (pl_severity)sev;
}

static void label_schema(loader *L, yaml_node_t *v, const char *key)
{
	if (!v || v->type != YAML_MAPPING_NODE) {
		fail(L, v, "'%s' expects a mapping of label names to types", key);
		return;
	}
	static const char *const types[] = {"text", "url", "semver", "hash", "rfc3339", "spdx", "email"};
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		const char *name = scalar(L, yaml_document_get_node(L->doc, p->key), key);
		yaml_node_t *tn = yaml_document_get_node(L->doc, p->value);
		const char *type = scalar(L, tn, key);
		if (!name || !type)
			return;
		bool known = false;
		for (size_t i = 0; i < PL_ARRAY_LEN(types); i++)
			known |= strcmp(type, types[i]) == 0;
		if (!known) {
			fail(L, tn, "unknown label type '%s' (expected text, url, semver, hash, rfc3339, spdx or email)", type);
			return;
		}
		pl_config *cfg = L->cfg;
		cfg->label_schema = pl_arena_realloc(&cfg->arena, cfg->label_schema,
		                                     cfg->nlabel_schema * sizeof(pl_label_rule),
		                                     (cfg->nlabel_schema + 1) * sizeof(pl_label_rule));
		cfg->label_schema[cfg->nlabel_schema].name = pl_arena_strdup(&cfg->arena, name);
		cfg->label_schema[cfg->nlabel_schema].type = pl_arena_strdup(&cfg->arena, type);
		cfg->nlabel_schema++;
	}
}

static void override(loader *L, yaml_node_t *v, const char *key)
{
	if (!v || v->type != YAML_MAPPING_NODE) {
		fail(L, v, "'%s' expects a mapping of severities to rule lists", key);
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yaml_document_get_node(L->doc, p->key);
		const char *k = scalar(L, kn, key);
		yaml_node_t *list = yaml_document_get_node(L->doc, p->value);
		if (!k)
			return;
		if (strcmp(k, "error") == 0)
			names(L, list, k, apply_error);
		else if (strcmp(k, "warning") == 0)
			names(L, list, k, apply_warning);
		else if (strcmp(k, "info") == 0)
			names(L, list, k, apply_info);
		else if (strcmp(k, "style") == 0)
			names(L, list, k, apply_style);
		else
			fail(L, kn, "unknown severity '%s' in 'override' (expected error, warning, info or style)", k);
	}
}

static void severities(loader *L, yaml_node_t *v, const char *key)
{
	if (!v || v->type != YAML_MAPPING_NODE) {
		fail(L, v, "'%s' expects a mapping of rule codes to levels", key);
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yaml_document_get_node(L->doc, p->key);
		const char *code = scalar(L, kn, key);
		const char *level = scalar(L, yaml_document_get_node(L->doc, p->value), key);
		if (!code || !level)
			return;
		char buf[200];
		const char *err = NULL;
		snprintf(buf, sizeof(buf), "%s=%s", code, level);
		if (pl_config_set_severity(L->cfg, buf, &err) < 0)
			fail(L, kn, "%s", err);
	}
}

/* Keys of the top-level mapping; hadolint spellings beside ours. */
static void top_key(loader *L, yaml_node_t *kn, yaml_node_t *v)
{
	const char *k = (const char *)kn->data.scalar.value;
	pl_config *cfg = L->cfg;
	if (strcmp(k, "select") == 0)
		names(L, v, k, pl_config_select);
	else if (strcmp(k, "ignore") == 0 || strcmp(k, "ignored") == 0)
		names(L, v, k, pl_config_ignore);
	else if (strcmp(k, "severity") == 0)
		severities(L, v, k);
	else if (strcmp(k, "override") == 0)
		override(L, v, k);
	else if (strcmp(k, "failure-threshold") == 0 || strcmp(k, "failureThreshold") == 0)
		threshold(L, v, k);
	else if (strcmp(k, "trusted-registries") == 0 || strcmp(k, "trustedRegistries") == 0)
		strings(L, v, k, &cfg->trusted_registries);
	else if (strcmp(k, "label-schema") == 0 || strcmp(k, "labelSchema") == 0)
		label_schema(L, v, k);
	else if (strcmp(k, "strict-labels") == 0 || strcmp(k, "strictLabels") == 0)
		cfg->strict_labels = boolean(L, v, k);
	else if (strcmp(k, "no-fail") == 0 || strcmp(k, "noFail") == 0) {
		if (boolean(L, v, k))
			cfg->failure_threshold = PL_SEV_NONE;
	} else if (strcmp(k, "format") == 0 || strcmp(k, "output-format") == 0 ||
	           strcmp(k, "no-color") == 0 || strcmp(k, "noColor") == 0 ||
	           strcmp(k, "verbose") == 0 || strcmp(k, "disable-ignore-pragma") == 0) {
		/* hadolint presentation keys: accepted, the command line decides */
	} else {
		fail(L, kn, "unknown configuration key '%s'", k);
	}
}

int pl_config_load(pl_config *cfg, const char *path, const char **err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*err = pl_arena_printf(&cfg->arena, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) {
		fclose(f);
		pl_die_oom(0);
	}
	yaml_parser_set_input_file(&parser, f);
	cfg->path = pl_arena_strdup(&cfg->arena, path);
	loader L = {cfg, &doc, cfg->path, err, 0};
	if (!yaml_parser_load(&parser, &doc)) {
		*err = pl_arena_printf(&cfg->arena, "%s:%zu:%zu: %s", path,
		                       parser.problem_mark.line + 1, parser.problem_mark.column + 1,
		                       parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		fclose(f);
		return -1;
	}
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (root && root->type == YAML_MAPPING_NODE) {
		for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
		     p < root->data.mapping.pairs.top && !L.rc; p++) {
			yaml_node_t *kn = yaml_document_get_node(&doc, p->key);
			if (kn->type != YAML_SCALAR_NODE) {
				fail(&L, kn, "%s", "configuration keys must be strings");
				break;
			}
			top_key(&L, kn, yaml_document_get_node(&doc, p->value));
		}
	} else if (root && !(root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0)) {
		fail(&L, root, "%s", "the configuration must be a mapping of keys to values");
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return L.rc;
}
