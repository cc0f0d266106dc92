/*
** --dump yaml: the node tree as an S-expression, one node per line,
** two spaces of indent per level, for spec tests and debugging:
**
**     (stream
**       (doc 1:1-3:9
**         (map 1:1-3:9
**           (pair
**             (scalar 1:1-1:5 "base")
**             (scalar 1:13-1:18 "nginx" &img@1:7-1:11))
**           (merge
**             (scalar 2:1-2:3 "<<")
**             (alias 2:5-2:9 *img -> scalar 1:13-1:18))
**           (merged "image" 1:1-1:6 = 1:8-1:13 via 2:5-2:9)))
**       (error duplicate-key 3:1-3:5 "duplicate key 'base'"
**         (note 1:1-1:5 "first defined here")))
**
** Styles other than plain, flow collections, tags and anchors are shown
** after the span.  An alias shows what it points at, not its contents,
** and a merged pair its key, value and source spans, so the dump stays
** as small as the file.
*/
#include "dump.h"

#include <string.h>

static const char YAML_TAG[] = "tag:yaml.org,2002:";

static void indent(FILE *out, int level)
{
	fprintf(out, "\n%*s", level * 2, "");
}

/* A C-like quoted string: \" \\ \n \t \r and \xNN for other control bytes. */
static void put_str(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\x%02X", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static const char *style_name(pl_yaml_style s)
{
	switch (s) {
	case PL_YAML_PLAIN:
		return "plain";
	case PL_YAML_SINGLE:
		return "single";
	case PL_YAML_DOUBLE:
		return "double";
	case PL_YAML_LITERAL:
		return "literal";
	case PL_YAML_FOLDED:
		return "folded";
	case PL_YAML_BLOCK:
		return "block";
	case PL_YAML_FLOW:
		return "flow";
	}
	return "?";
}

static const char *kind_name(pl_yaml_kind k)
{
	switch (k) {
	case PL_YAML_SCALAR:
		return "scalar";
	case PL_YAML_SEQUENCE:
		return "seq";
	case PL_YAML_MAPPING:
		return "map";
	}
	return "?";
}

/* " !!str@1:1-1:6 &a@1:7-1:9": tag (yaml.org tags shortened to !!) and anchor, with spans. */
static void put_props(FILE *out, const pl_source *src, const pl_yaml_node *n)
{
	if (!n->props)
		return;
	if (n->tag) {
		if (pl_str_starts(n->tag, YAML_TAG))
			fprintf(out, " !!%s@", n->tag + strlen(YAML_TAG));
		else
			fprintf(out, " <%s>@", n->tag);
		pl_dump_span(out, src, n->props->tag_span);
	}
	if (n->props->anchor) {
		fprintf(out, " &%s@", n->props->anchor);
		pl_dump_span(out, src, n->props->anchor_span);
	}
}

static void dump_node(FILE *out, const pl_source *src, const pl_yaml_node *n, int level);

static void dump_pair(FILE *out, const pl_source *src, const char *head, const pl_yaml_pair *p,
                      int level)
{
	fprintf(out, "(%s", head);
	indent(out, level + 1);
	dump_node(out, src, p->key, level + 1);
	indent(out, level + 1);
	dump_node(out, src, p->value, level + 1);
	fputc(')', out);
}

/* A merged pair: key text and spans only; its nodes are dumped where they are written. */
static void dump_merged(FILE *out, const pl_source *src, const pl_yaml_pair *p)
{
	fputs("(merged ", out);
	if (p->key->kind == PL_YAML_SCALAR)
		put_str(out, p->key->as.scalar.value, p->key->as.scalar.len);
	else
		fputs(kind_name(p->key->kind), out);
	fputc(' ', out);
	pl_dump_span(out, src, p->key->span);
	fputs(" = ", out);
	pl_dump_span(out, src, p->value->span);
	fputs(" via ", out);
	pl_dump_span(out, src, p->via->span);
	fputc(')', out);
}

static void dump_node(FILE *out, const pl_source *src, const pl_yaml_node *n, int level)
{
	if (pl_yaml_is_alias(n)) {
		fprintf(out, "(alias ");
		pl_dump_span(out, src, n->span);
		fprintf(out, " *%s", pl_yaml_alias_name(n));
		if (n->alias_of) {
			fprintf(out, " -> %s ", kind_name(n->alias_of->kind));
			pl_dump_span(out, src, n->alias_of->span);
		} else {
			fputs(" undefined", out);
		}
		fputc(')', out);
		return;
	}
	fprintf(out, "(%s ", kind_name(n->kind));
	pl_dump_span(out, src, n->span);
	switch (n->kind) {
	case PL_YAML_SCALAR:
		fputc(' ', out);
		put_str(out, n->as.scalar.value, n->as.scalar.len);
		if (n->style != PL_YAML_PLAIN)
			fprintf(out, " %s", style_name(n->style));
		put_props(out, src, n);
		break;
	case PL_YAML_SEQUENCE:
		if (n->style == PL_YAML_FLOW)
			fputs(" flow", out);
		put_props(out, src, n);
		for (size_t i = 0; i < n->as.seq.n; i++) {
			indent(out, level + 1);
			dump_node(out, src, n->as.seq.items[i], level + 1);
		}
		break;
	case PL_YAML_MAPPING:
		if (n->style == PL_YAML_FLOW)
			fputs(" flow", out);
		put_props(out, src, n);
		for (size_t i = 0; i < n->as.map.info->nwritten; i++) {
			indent(out, level + 1);
			dump_pair(out, src, "pair", &n->as.map.pairs[i], level + 1);
		}
		for (size_t i = 0; i < n->as.map.info->nmerges; i++) {
			indent(out, level + 1);
			dump_pair(out, src, "merge", &n->as.map.info->merges[i], level + 1);
		}
		for (size_t i = n->as.map.info->nwritten; i < n->as.map.n; i++) {
			indent(out, level + 1);
			dump_merged(out, src, &n->as.map.pairs[i]);
		}
		break;
	}
	fputc(')', out);
}

void pl_dump_yaml(FILE *out, const pl_yaml *y)
{
	const pl_source *src = y->src;
	fputs("(stream", out);
	for (size_t i = 0; i < y->ndocs; i++) {
		const pl_yaml_doc *d = &y->docs[i];
		indent(out, 1);
		fputs("(doc ", out);
		pl_dump_span(out, src, d->span);
		if (d->explicit_start)
			fputs(" ---", out);
		if (d->explicit_end)
			fputs(" ...", out);
		if (!d->complete)
			fputs(" incomplete", out);
		indent(out, 2);
		dump_node(out, src, d->root, 2);
		fputc(')', out);
	}
	for (size_t i = 0; i < y->nerrors; i++) {
		const pl_yaml_error *e = &y->errors[i];
		indent(out, 1);
		fprintf(out, "(error %s ", pl_yaml_error_name(e->kind));
		pl_dump_span(out, src, e->span);
		fputc(' ', out);
		put_str(out, e->message, strlen(e->message));
		if (e->note) {
			indent(out, 2);
			fputs("(note ", out);
			pl_dump_span(out, src, e->note_span);
			fputc(' ', out);
			put_str(out, e->note, strlen(e->note));
			fputc(')', out);
		}
		fputc(')', out);
	}
	fputs(")\n", out);
}
