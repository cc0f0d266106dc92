/*
** Code actions and hover.
**
** Quick fixes are the diagnostics' own fixes (diag.h): every edit of a
** fix becomes a TextEdit, a safe fix is the preferred action, an unsafe
** one says "(unsafe)", a display-only one is not offered.  "Fix all safe
** problems" runs pl_fix_text() over the buffer, as --fix does, and
** sends the smallest replacement that turns the buffer into the result.
** Ignoring writes the pragma pragma.c reads: `# plimsoll ignore=CODE` on
** the line above the instruction (Dockerfile) or above the key or list
** item, at its indentation (compose), or adds the code to such a pragma
** already there.
*/
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "plimsoll/fix.h"
#include "plimsoll/rule.h"
#include "pragma.h"

/* ---- edits ---------------------------------------------------------------- */

/* A TextEdit replacing bytes [off, off+len) of t with text (NULL: nothing); "\n" -> "\r\n" when crlf. */
static json_t *text_edit(const pl_lsp_text *t, size_t off, size_t len, const char *text, size_t n,
                         bool crlf)
{
	char *out = pl_xmalloc(2 * n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (crlf && text[i] == '\n' && !(i > 0 && text[i - 1] == '\r'))
			out[k++] = '\r';
		out[k++] = text[i];
	}
	json_t *e = json_pack("{s:o,s:s%}", "range", pl_lsp__range(t, off, len), "newText", out, k);
	free(out);
	return e;
}

/* A WorkspaceEdit of d with the TextEdits in edits (stolen). */
static json_t *workspace_edit(const pl_lsp *s, const pl_lsp_doc *d, json_t *edits)
{
	if (s->cap_doc_changes)
		return json_pack("{s:[{s:{s:s,s:I},s:o}]}", "documentChanges", "textDocument", "uri",
		                 d->uri, "version", (json_int_t)d->version, "edits", edits);
	return json_pack("{s:{s:o}}", "changes", d->uri, edits);
}

/* The WorkspaceEdit applying fix x (its spans are in d's text). */
static json_t *fix_edit(const pl_lsp *s, const pl_lsp_doc *d, const pl_fix *x, bool crlf)
{
	json_t *edits = json_array();
	for (size_t i = 0; i < x->nedits; i++) {
		const pl_edit *e = &x->edits[i];
		const char *t = e->text ? e->text : "";
		json_array_append_new(edits, text_edit(&d->text, e->span.off, e->span.len, t, strlen(t), crlf));
	}
	return workspace_edit(s, d, edits);
}

json_t *pl_lsp__fix_all_edit(pl_lsp *s, pl_lsp_doc *d)
{
	if (d->kind != PL_FILE_DOCKERFILE && d->kind != PL_FILE_COMPOSE)
		return NULL;
	const char *err;
	pl_config *cfg = pl_lsp__config_for(&s->confs, &s->docs, d->path, &err);
	pl_fix_opts o = {0};
	o.disk_path = d->path;
	pl_fix_result r;
	pl_fix_text(&r, d->path ? d->path : d->uri, d->kind, d->text.s, d->text.len, cfg, &o);
	json_t *edit = NULL;
	const char *a = d->text.s, *b = r.text;
	size_t na = d->text.len, nb = r.len;
	if (r.applied && !(na == nb && memcmp(a, b, na) == 0)) {
		/* The common prefix and suffix stay; both end on character and line-break boundaries. */
		size_t p = 0, q = 0;
		while (p < na && p < nb && a[p] == b[p])
			p++;
		while (q < na - p && q < nb - p && a[na - 1 - q] == b[nb - 1 - q])
			q++;
		while (p > 0 && (((unsigned char)a[p] & 0xC0) == 0x80 || (a[p - 1] == '\r' && a[p] == '\n')))
			p--;
		while (q > 0 && (((unsigned char)a[na - q] & 0xC0) == 0x80 ||
		                 (na - q > 0 && a[na - q - 1] == '\r' && a[na - q] == '\n')))
			q--;
		json_t *edits = json_array();
		json_array_append_new(edits, text_edit(&d->text, p, na - q - p, b + p, nb - q - p, false));
		edit = workspace_edit(s, d, edits);
	}
	pl_fix_result_free(&r);
	return edit;
}

/* ---- ignore pragmas -------------------------------------------------------- */

/* Offset of the start of the line holding off in t. */
static size_t line_start(const pl_lsp_text *t, size_t off)
{
	pl_lsp_pos p = pl_lsp__text_pos(t, off);
	p.character = 0;
	return pl_lsp__text_offset(t, p);
}

/*
** If the line before the one starting at ls is an ignore pragma
** (`# plimsoll ignore=A,B` or hadolint's), the offset just past its last
** name, where ",CODE" goes; else 0.
*/
static size_t pragma_above(const pl_lsp_text *t, size_t ls)
{
	if (ls == 0)
		return 0;
	size_t prev = line_start(t, ls - 1);
	const char *p = t->s + prev, *end = t->s + ls;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p++ != '#')
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	size_t rest = (size_t)(end - p);
	if (rest > 8 && (memcmp(p, "plimsoll", 8) == 0 || memcmp(p, "hadolint", 8) == 0))
		p += 8;
	else
		return 0;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(end - p) < 7 || memcmp(p, "ignore", 6) != 0)
		return 0;
	p += 6;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p++ != '=')
		return 0;
	size_t last = 0;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *name = p;
		while (p < end && !strchr(", \t#\r\n", *p))
			p++;
		if (p == name)
			break;
		last = (size_t)(p - t->s);
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q == end || *q != ',')
			break;
		p = q + 1;
	}
	return last;
}

/* An action that ignores code at the item starting its line at ls. */
static json_t *ignore_action(const pl_lsp *s, const pl_lsp_doc *d, size_t ls, const char *code,
                             const char *what, json_t *diag)
{
	size_t at = pragma_above(&d->text, ls);
	char *text;
	if (at) {
		text = pl_xmalloc(strlen(code) + 2);
		sprintf(text, ",%s", code);
	} else {
		size_t ind = 0;
		while (ls + ind < d->text.len && (d->text.s[ls + ind] == ' ' || d->text.s[ls + ind] == '\t'))
			ind++;
		text = pl_xmalloc(ind + strlen(code) + 24);
		sprintf(text, "%.*s# plimsoll ignore=%s\n", (int)ind, d->text.s + ls, code);
		at = ls;
	}
	json_t *edits = json_array();
	bool crlf = d->lint && d->lint->src.crlf;
	json_array_append_new(edits, text_edit(&d->text, at, 0, text, strlen(text), crlf));
	free(text);
	char title[160];
	snprintf(title, sizeof(title), "Ignore %s for this %s", code, what);
	return json_pack("{s:s,s:s,s:[o],s:o}", "title", title, "kind", "quickfix", "diagnostics",
	                 diag, "edit", workspace_edit(s, d, edits));
}

/* Only blanks and sequence or key indicators stand before off on its line. */
static bool starts_line(const pl_lsp_text *t, size_t off)
{
	for (size_t i = line_start(t, off); i < off; i++)
		if (!strchr(" \t-?", t->s[i]))
			return false;
	return true;
}

/*
** The innermost key or list item under n whose text holds off and that
** starts its line (a pragma above that line covers it), into *best.
** False when there is none.
*/
static bool yaml_item_at(const pl_lsp_text *t, const pl_yaml_node *n, size_t off, size_t *best)
{
	bool found = false;
	while (n && !pl_yaml_is_alias(n) && n->kind != PL_YAML_SCALAR) {
		bool seq = n->kind == PL_YAML_SEQUENCE;
		size_t count = seq ? n->as.seq.n : n->as.map.info->nwritten; /* merged pairs are elsewhere */
		const pl_yaml_node *inner = NULL;
		for (size_t i = 0; i < count && !inner; i++) {
			const pl_yaml_node *head = seq ? n->as.seq.items[i] : n->as.map.pairs[i].key;
			const pl_yaml_node *body = seq ? head : n->as.map.pairs[i].value;
			pl_span whole = pl_span_join(head->span, body->span);
			if (off < whole.off || off > pl_span_end(whole))
				continue;
			if (starts_line(t, whole.off)) {
				*best = whole.off;
				found = true;
			}
			inner = body;
		}
		n = inner;
	}
	return found;
}

/* The "ignore" action for g in d, or NULL when there is no place for one. */
static json_t *ignore_for(const pl_lsp *s, const pl_lsp_doc *d, const pl_diag *g, json_t *diag)
{
	const pl_file *f = d->lint;
	if (!f || (g->rule && (strcmp(g->rule->id, "PL0001") == 0 || strcmp(g->rule->id, "PL0002") == 0)))
		return NULL; /* parse errors cannot be ignored */
	if (f->df) {
		const pl_df_instr *in = pl_pragma__instr_at(f->df, g->span.off);
		if (!in)
			return NULL;
		return ignore_action(s, d, line_start(&d->text, in->span.off), g->code, "instruction", diag);
	}
	if (f->compose) {
		const pl_compose_file *cf = pl_compose_file_of(f->compose, &f->src);
		size_t best = 0;
		bool found = false;
		for (size_t i = 0; cf && i < cf->yaml.ndocs && !found; i++)
			found = yaml_item_at(&d->text, cf->yaml.docs[i].root, g->span.off, &best);
		if (found)
			return ignore_action(s, d, line_start(&d->text, best), g->code, "key", diag);
	}
	return NULL;
}

/* ---- code actions ------------------------------------------------------------ */

/* The client asked for actions of this kind (context.only, hierarchical), or did not say. */
static bool wanted(const json_t *only, const char *kind)
{
	if (!json_is_array(only))
		return true;
	size_t i;
	const json_t *k;
	json_array_foreach(only, i, k) {
		const char *w = json_string_value(k);
		size_t n = w ? strlen(w) : 0;
		if (w && strncmp(kind, w, n) == 0 && (kind[n] == '\0' || kind[n] == '.'))
			return true;
	}
	return false;
}

/* Byte offset of an LSP Position JSON in t (0 when malformed). */
static size_t offset_of(const pl_lsp_text *t, const json_t *pos)
{
	json_int_t line = json_integer_value(json_object_get(pos, "line"));
	json_int_t ch = json_integer_value(json_object_get(pos, "character"));
	pl_lsp_pos p = {line > 0 ? (size_t)line : 0, ch > 0 ? (size_t)ch : 0};
	return pl_lsp__text_offset(t, p);
}

json_t *pl_lsp__code_actions(pl_lsp *s, pl_lsp_doc *d, const json_t *params)
{
	pl_lsp__lint_fresh(s, d);
	json_t *out = json_array();
	const json_t *range = json_object_get(params, "range");
	const json_t *only = json_object_get(json_object_get(params, "context"), "only");
	size_t lo = offset_of(&d->text, json_object_get(range, "start"));
	size_t hi = offset_of(&d->text, json_object_get(range, "end"));
	const pl_diag **v;
	size_t n;
	pl_lsp__diags_of(s, d, &v, &n);
	bool any_safe = false;
	bool crlf = d->lint && d->lint->src.crlf;
	for (size_t i = 0; i < n; i++) {
		const pl_diag *g = v[i];
		const pl_fix *x = g->fix;
		any_safe |= x && x->nedits && x->kind == PL_FIX_SAFE;
		if (g->span.off > hi || pl_span_end(g->span) < lo)
			continue;
		if (wanted(only, "quickfix") && x && x->nedits &&
		    (x->kind == PL_FIX_SAFE || x->kind == PL_FIX_UNSAFE)) {
			char title[512];
			snprintf(title, sizeof(title), "%s: %s%s", g->code, x->title,
			         x->kind == PL_FIX_UNSAFE ? " (unsafe)" : "");
			json_array_append_new(out, json_pack("{s:s,s:s,s:[o],s:b,s:o}", "title", title, "kind",
			                                     "quickfix", "diagnostics",
			                                     pl_lsp__diag_json(s, &d->text, g), "isPreferred",
			                                     x->kind == PL_FIX_SAFE, "edit",
			                                     fix_edit(s, d, x, crlf)));
		}
		if (wanted(only, "quickfix")) {
			json_t *a = ignore_for(s, d, g, pl_lsp__diag_json(s, &d->text, g));
			if (a)
				json_array_append_new(out, a);
		}
	}
	free(v);
	if (any_safe && wanted(only, "source.fixAll")) {
		json_t *edit = pl_lsp__fix_all_edit(s, d);
		if (edit)
			json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "title",
			                                     "Fix all safe problems in this file", "kind",
			                                     "source.fixAll.plimsoll", "edit", edit));
	}
	return out;
}

/* ---- hover ------------------------------------------------------------------------ */

/* The rule's doc as hover markdown appended to md (or a line for a code with no doc). */
static void doc_markdown(json_t *md, const pl_diag *g, const char *code)
{
	const char *text = NULL;
	char buf[512];
	const pl_rule *r = g ? g->rule : pl_rule_find(code);
	if (r && strcmp(r->id, g ? g->code : r->id) == 0)
		text = pl_rule_doc(r->id);
	if (!text && g && pl_str_starts(g->code, "SC")) {
		snprintf(buf, sizeof(buf), "**%s** (ShellCheck): %s\n\nhttps://www.shellcheck.net/wiki/%s",
		         g->code, g->message, g->code);
		text = buf;
	} else if (!text && r) {
		snprintf(buf, sizeof(buf), "**%s** %s: %s", r->id, r->name, r->summary);
		text = buf;
	}
	if (!text)
		return;
	const char *old = json_string_value(md);
	size_t n = strlen(old) + strlen(text) + 8;
	char *all = pl_xmalloc(n);
	snprintf(all, n, "%s%s%s", old, *old ? "\n\n---\n\n" : "", text);
	json_string_set(md, all);
	free(all);
}

/* A character of a rule's code or name. */
static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

json_t *pl_lsp__hover(pl_lsp *s, pl_lsp_doc *d, pl_lsp_pos at)
{
	pl_lsp__lint_fresh(s, d);
	size_t off = pl_lsp__text_offset(&d->text, at);
	json_t *md = json_string("");
	json_t *range = NULL;
	const pl_diag **v;
	size_t n;
	pl_lsp__diags_of(s, d, &v, &n);
	const char *seen[8];
	size_t nseen = 0;
	for (size_t i = 0; i < n && nseen < PL_ARRAY_LEN(seen); i++) {
		const pl_diag *g = v[i];
		if (off < g->span.off || off > pl_span_end(g->span))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nseen; k++)
			dup |= strcmp(seen[k], g->code) == 0;
		if (dup)
			continue;
		seen[nseen++] = g->code;
		doc_markdown(md, g, g->code);
		if (!range)
			range = pl_lsp__range(&d->text, g->span.off, g->span.len);
	}
	free(v);
	if (!range) {
		/* A rule's code or name in a comment (a pragma): the word under the cursor. */
		size_t a = off, b = off, ls = line_start(&d->text, off);
		const char *t = d->text.s;
		while (a > ls && is_word(t[a - 1]))
			a--;
		while (b < d->text.len && is_word(t[b]))
			b++;
		const char *hash = memchr(t + ls, '#', a - ls);
		if (hash && b > a && b - a < 64) {
			char word[64];
			memcpy(word, t + a, b - a);
			word[b - a] = '\0';
			if (pl_rule_find(word)) {
				doc_markdown(md, NULL, word);
				range = pl_lsp__range(&d->text, a, b - a);
			}
		}
	}
	if (!range || !*json_string_value(md)) {
		json_decref(md);
		json_decref(range);
		return json_null();
	}
	return json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", md, "range", range);
}
