/*
** --format codeclimate (alias gitlab): a JSON array of Code Climate
** issues, the Code Quality report GitLab shows in merge requests
** (artifacts:reports:codequality) and that Code Climate engines emit:
**
**     [{"type": "issue", "check_name": "DL3020", "description": "…",
**       "categories": ["Bug Risk"], "severity": "major",
**       "fingerprint": "…", "location": {"path": "Dockerfile",
**       "positions": {"begin": {"line": 3, "column": 1},
**                     "end": {"line": 3, "column": 4}}}}]
**
** GitLab requires description, check_name, fingerprint, severity and
** location.path with a begin line (lines.begin or positions.begin.line);
** the path is relative to the repository, without a "./" prefix.
** Columns are 1-based code points and the end column is exclusive.
**
** GitLab tells new findings from old ones by fingerprint and drops
** issues whose fingerprints repeat, so it must be unique in the report
** and stable across runs; see pl_out_fingerprints (FNV-1a 64 over path,
** code, flagged text and an occurrence counter; no line numbers).
*/
#include <stdlib.h>

#include "plimsoll/output.h"
#include "plimsoll/rule.h"

/*
** Our severities ascend style < info < warning < error; so do Code
** Climate's info < minor < major < critical < blocker.  An error breaks a
** build or a run, which is what 'blocker' means (hadolint agrees).
*/
static const char *severity(pl_severity s)
{
	switch (s) {
	case PL_SEV_ERROR: return "blocker";
	case PL_SEV_WARNING: return "major";
	case PL_SEV_INFO: return "minor";
	default: return "info";
	}
}

/* Code Climate's fixed category list: Bug Risk, Clarity, Compatibility,
 * Complexity, Duplication, Performance, Security, Style. */
static const char *category(const pl_diag *d)
{
	const pl_rule *rule = pl_out_rule(d);
	if (!rule)
		return "Bug Risk";
	switch (rule->category) {
	case PL_CAT_SECURITY: return "Security";
	case PL_CAT_EFFICIENCY: return "Performance";
	case PL_CAT_MAINTAINABILITY: return "Clarity";
	case PL_CAT_STYLE: return "Style";
	default: return "Bug Risk"; /* syntax, correctness, reliability */
	}
}

static void position(pl_jw *w, const char *key, pl_pos p)
{
	pl_jw_key(w, key);
	pl_jw_object(w);
	pl_jw_key(w, "line");
	pl_jw_uint(w, p.line);
	pl_jw_key(w, "column");
	pl_jw_uint(w, p.col);
	pl_jw_end(w, '}');
}

static void issue(pl_jw *w, const pl_diag *d, uint64_t fingerprint)
{
	const char *path = pl_out_relpath(d->src->path);
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)fingerprint);

	pl_jw_object(w);
	pl_jw_key(w, "type");
	pl_jw_string(w, "issue");
	pl_jw_key(w, "check_name");
	pl_jw_string(w, d->code);
	pl_jw_key(w, "description");
	pl_jw_string(w, d->message);
	pl_jw_key(w, "categories");
	pl_jw_array(w);
	pl_jw_string(w, category(d));
	pl_jw_end(w, ']');
	pl_jw_key(w, "severity");
	pl_jw_string(w, severity(d->severity));
	pl_jw_key(w, "fingerprint");
	pl_jw_string(w, hex);
	pl_jw_key(w, "location");
	pl_jw_object(w);
	pl_jw_key(w, "path");
	pl_jw_string(w, path);
	pl_jw_key(w, "positions");
	pl_jw_object(w);
	position(w, "begin", pl_source_pos(d->src, d->span.off));
	position(w, "end", pl_source_pos(d->src, pl_span_end(d->span)));
	pl_jw_end(w, '}');
	pl_jw_end(w, '}');
	pl_jw_end(w, '}');
}

void pl_render_codeclimate(FILE *out, const pl_results *r)
{
	uint64_t *fp = pl_out_fingerprints(r);
	pl_jw w;
	pl_jw_init(&w, out, 2);
	pl_jw_array(&w);
	size_t k = 0;
	for (size_t i = 0; i < r->nfiles; i++) {
		const pl_diags *ds = &r->files[i]->diags;
		for (size_t j = 0; j < ds->n; j++, k++)
			issue(&w, ds->v[j], fp[k]);
	}
	pl_jw_end(&w, ']');
	fputc('\n', out);
	free(fp);
}
