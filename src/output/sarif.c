/*
** --format sarif: SARIF 2.1.0 (OASIS Static Analysis Results Interchange
** Format), read by GitHub code scanning (upload-sarif), GitLab, Azure
** DevOps and the SARIF viewers of VS Code and Visual Studio.
**
** One run.  tool.driver.rules lists each rule that reported something,
** sorted by code, and results point into it with ruleIndex.  Columns are
** 1-based code points (run.columnKind says so; SARIF's default would be
** UTF-16 code units) and a region's end is exclusive.  A note becomes a
** relatedLocation, a fix a 'fixes' entry of replacements.  Each result
** carries partialFingerprints["plimsoll/v1"] (pl_out_fingerprints), so
** code scanning keeps tracking an alert when lines move.
**
** Validated against the official schema by tests/validate_sarif.py.
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/output.h"
#include "plimsoll/rule.h"

#ifndef PL_VERSION
#define PL_VERSION "0.0.0"
#endif

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define INFO_URI "https://github.com/plimsoll-lint/plimsoll"
#define FINGERPRINT_KEY "plimsoll/v1" /* bump the suffix if the hash ever changes */

/* info and style have no SARIF level of their own: both are notes. */
static const char *level(pl_severity s)
{
	switch (s) {
	case PL_SEV_ERROR: return "error";
	case PL_SEV_WARNING: return "warning";
	default: return "note";
	}
}

/*
** GitHub ranks alerts tagged "security" by this CVSS-like score: high
** from 7.0, medium from 4.0, low below.
*/
static const char *security_severity(pl_severity s)
{
	switch (s) {
	case PL_SEV_ERROR: return "8.0";
	case PL_SEV_WARNING: return "5.5";
	default: return "2.0";
	}
}

/*
** The path as a URI reference: relative paths stay relative (GitHub
** resolves them against the repository root), with "./" prefixes
** dropped so one file has one name; absolute paths become file:// URIs.
** Bytes outside the unreserved and path characters are %-encoded, ':'
** too, since "a:b" would read as a scheme.
*/
static void uri(pl_jw *w, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *buf = pl_xmalloc(3 * n + sizeof("file://"));
	size_t k = 0;
	if (path[0] == '/') {
		memcpy(buf, "file://", 7);
		k = 7;
	}
	path = pl_out_relpath(path);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/!$&'()*+,;=@", *p)) {
			buf[k++] = (char)*p;
		} else {
			buf[k++] = '%';
			buf[k++] = hex[*p >> 4];
			buf[k++] = hex[*p & 15];
		}
	}
	pl_jw_string_n(w, buf, k);
	free(buf);
}

/* "region": {startLine, startColumn, endLine, endColumn} of span in src. */
static void region(pl_jw *w, const pl_source *src, pl_span span)
{
	pl_pos a = pl_source_pos(src, span.off);
	pl_pos b = pl_source_pos(src, pl_span_end(span));
	pl_jw_object(w);
	pl_jw_key(w, "startLine");
	pl_jw_uint(w, a.line);
	pl_jw_key(w, "startColumn");
	pl_jw_uint(w, a.col);
	pl_jw_key(w, "endLine");
	pl_jw_uint(w, b.line);
	pl_jw_key(w, "endColumn");
	pl_jw_uint(w, b.col);
	pl_jw_end(w, '}');
}

static void artifact(pl_jw *w, const pl_source *src)
{
	pl_jw_key(w, "artifactLocation");
	pl_jw_object(w);
	pl_jw_key(w, "uri");
	uri(w, src->path);
	pl_jw_end(w, '}');
}

static void physical(pl_jw *w, const pl_source *src, pl_span span)
{
	pl_jw_key(w, "physicalLocation");
	pl_jw_object(w);
	artifact(w, src);
	pl_jw_key(w, "region");
	region(w, src, span);
	pl_jw_end(w, '}');
}

static void text_message(pl_jw *w, const char *key, const char *text)
{
	pl_jw_key(w, key);
	pl_jw_object(w);
	pl_jw_key(w, "text");
	pl_jw_string(w, text);
	pl_jw_end(w, '}');
}

/* ---- the rules table ---------------------------------------------- */

static int diag_code_cmp(const void *pa, const void *pb)
{
	const pl_diag *a = *(const pl_diag *const *)pa, *b = *(const pl_diag *const *)pb;
	return strcmp(a->code, b->code);
}

/*
** One diagnostic per distinct code, sorted by code: the rows of
** tool.driver.rules.  Returns a malloc'd array (NULL when empty).
*/
static const pl_diag **collect_rules(const pl_results *r, size_t *nrules)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfiles; i++)
		n += r->files[i]->diags.n;
	*nrules = 0;
	if (n == 0)
		return NULL;
	const pl_diag **v = pl_xmalloc(n * sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t j = 0; j < r->files[i]->diags.n; j++)
			v[k++] = r->files[i]->diags.v[j];
	qsort(v, n, sizeof(*v), diag_code_cmp);
	k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || strcmp(v[k - 1]->code, v[i]->code) != 0)
			v[k++] = v[i];
	*nrules = k;
	return v;
}

static size_t rule_index(const pl_diag **rules, size_t nrules, const char *code)
{
	size_t lo = 0, hi = nrules;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rules[mid]->code, code);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	PL_ASSERT(!"every reported code is in the rules table");
	return 0;
}

/* A reportingDescriptor.  d is any diagnostic with the rule's code. */
static void rule_descriptor(pl_jw *w, const pl_diag *d)
{
	const pl_rule *rule = pl_out_rule(d);
	char url[256];
	pl_jw_object(w);
	pl_jw_key(w, "id");
	pl_jw_string(w, d->code);
	if (!rule) {
		/* An external code (SC2086): all we know is where it is documented. */
		if (pl_out_code_url(d, url, sizeof(url))) {
			pl_jw_key(w, "helpUri");
			pl_jw_string(w, url);
		}
		pl_jw_end(w, '}');
		return;
	}
	pl_jw_key(w, "name");
	pl_jw_string(w, rule->name);
	text_message(w, "shortDescription", rule->summary);
	pl_jw_key(w, "helpUri");
	pl_jw_string(w, pl_rule_url(rule, url, sizeof(url)));
	const char *doc = pl_rule_doc(rule->id);
	if (doc) {
		/* GitHub shows 'help' on the alert page; the doc is Markdown. */
		pl_jw_key(w, "help");
		pl_jw_object(w);
		pl_jw_key(w, "text");
		pl_jw_string(w, doc);
		pl_jw_key(w, "markdown");
		pl_jw_string(w, doc);
		pl_jw_end(w, '}');
	}
	pl_jw_key(w, "defaultConfiguration");
	pl_jw_object(w);
	pl_jw_key(w, "level");
	pl_jw_string(w, level(rule->severity));
	pl_jw_end(w, '}');
	pl_jw_key(w, "properties");
	pl_jw_object(w);
	pl_jw_key(w, "tags");
	pl_jw_array(w);
	pl_jw_string(w, pl_category_name(rule->category));
	pl_jw_end(w, ']');
	if (rule->category == PL_CAT_SECURITY) {
		pl_jw_key(w, "security-severity");
		pl_jw_string(w, security_severity(rule->severity));
	}
	pl_jw_end(w, '}');
	pl_jw_end(w, '}');
}

/* ---- results ------------------------------------------------------ */

static void fixes(pl_jw *w, const pl_diag *d)
{
	const pl_fix *f = d->fix;
	pl_jw_key(w, "fixes");
	pl_jw_array(w);
	pl_jw_object(w);
	text_message(w, "description", f->title);
	pl_jw_key(w, "artifactChanges");
	pl_jw_array(w);
	pl_jw_object(w);
	artifact(w, d->src); /* edits are always in the diagnostic's file */
	pl_jw_key(w, "replacements");
	pl_jw_array(w);
	for (size_t i = 0; i < f->nedits; i++) {
		const pl_edit *e = &f->edits[i];
		pl_jw_object(w);
		pl_jw_key(w, "deletedRegion");
		region(w, d->src, e->span);
		if (e->text) /* absent insertedContent: a pure deletion */
			text_message(w, "insertedContent", e->text);
		pl_jw_end(w, '}');
	}
	pl_jw_end(w, ']');
	pl_jw_end(w, '}');
	pl_jw_end(w, ']');
	pl_jw_key(w, "properties");
	pl_jw_object(w);
	pl_jw_key(w, "applicability");
	pl_jw_string(w, f->kind == PL_FIX_SAFE     ? "safe"
	                : f->kind == PL_FIX_UNSAFE ? "unsafe"
	                                           : "display-only");
	pl_jw_end(w, '}');
	pl_jw_end(w, '}');
	pl_jw_end(w, ']');
}

static void result(pl_jw *w, const pl_diag *d, size_t rule_idx, uint64_t fingerprint)
{
	pl_jw_object(w);
	pl_jw_key(w, "ruleId");
	pl_jw_string(w, d->code);
	pl_jw_key(w, "ruleIndex");
	pl_jw_uint(w, rule_idx);
	pl_jw_key(w, "level");
	pl_jw_string(w, level(d->severity));
	text_message(w, "message", d->message);
	pl_jw_key(w, "locations");
	pl_jw_array(w);
	pl_jw_object(w);
	physical(w, d->src, d->span);
	pl_jw_end(w, '}');
	pl_jw_end(w, ']');
	if (d->nnotes) {
		pl_jw_key(w, "relatedLocations");
		pl_jw_array(w);
		for (size_t i = 0; i < d->nnotes; i++) {
			const pl_note *nt = &d->notes[i];
			pl_jw_object(w);
			pl_jw_key(w, "id");
			pl_jw_uint(w, i + 1);
			physical(w, nt->src ? nt->src : d->src, nt->span);
			text_message(w, "message", nt->text);
			pl_jw_end(w, '}');
		}
		pl_jw_end(w, ']');
	}
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)fingerprint);
	pl_jw_key(w, "partialFingerprints");
	pl_jw_object(w);
	pl_jw_key(w, FINGERPRINT_KEY);
	pl_jw_string(w, hex);
	pl_jw_end(w, '}');
	if (d->fix && d->fix->nedits)
		fixes(w, d);
	pl_jw_end(w, '}');
}

void pl_render_sarif(FILE *out, const pl_results *r)
{
	size_t nrules;
	const pl_diag **rules = collect_rules(r, &nrules);
	uint64_t *fp = pl_out_fingerprints(r);
	pl_jw w;
	pl_jw_init(&w, out, 2);

	pl_jw_object(&w);
	pl_jw_key(&w, "$schema");
	pl_jw_string(&w, SARIF_SCHEMA);
	pl_jw_key(&w, "version");
	pl_jw_string(&w, "2.1.0");
	pl_jw_key(&w, "runs");
	pl_jw_array(&w);
	pl_jw_object(&w);

	pl_jw_key(&w, "tool");
	pl_jw_object(&w);
	pl_jw_key(&w, "driver");
	pl_jw_object(&w);
	pl_jw_key(&w, "name");
	pl_jw_string(&w, "plimsoll");
	pl_jw_key(&w, "version");
	pl_jw_string(&w, PL_VERSION);
	pl_jw_key(&w, "informationUri");
	pl_jw_string(&w, INFO_URI);
	pl_jw_key(&w, "rules");
	pl_jw_array(&w);
	for (size_t i = 0; i < nrules; i++)
		rule_descriptor(&w, rules[i]);
	pl_jw_end(&w, ']');
	pl_jw_end(&w, '}');
	pl_jw_end(&w, '}');

	pl_jw_key(&w, "columnKind");
	pl_jw_string(&w, "unicodeCodePoints");
	pl_jw_key(&w, "results");
	pl_jw_array(&w);
	size_t k = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t j = 0; j < ds->n; j++, k++) {
			const pl_diag *d = ds->v[j];
			result(&w, d, rule_index(rules, nrules, d->code), fp[k]);
		}
	}
	pl_jw_end(&w, ']');

	pl_jw_end(&w, '}');
	pl_jw_end(&w, ']');
	pl_jw_end(&w, '}');
	fputc('\n', out);
	free(fp);
	free(rules);
}
