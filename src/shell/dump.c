/*
** pl_dump_shell: a shell script as S-expressions, one node a line,
** with line:col positions, for spec tests and --dump:
**
**   (and 1:1-1:30
**     (cmd 1:1-1:15 (word 1:1-1:8 "apt-get") (word 1:9-1:15 "update"))
**     (cmd 1:19-1:30 …))
**   (subst 2:6-2:12 depth=1
**     (cmd 2:8-2:11 ctx=subst depth=1 (word 2:8-2:11 "pwd")))
**   (error 3:1-3:2 "unexpected ')'")
**
** After the tree come the sub-scripts ($( ), backquotes, <( ), sh -c
** strings) and then the errors.  A simple command shows what differs
** from the obvious: name= when the effective command is not the first
** word, its wrapper, ctx bits, join and depth when set.
*/
#include "dump.h"

#include <stdlib.h>
#include <string.h>

/* Indentation is capped so a 100,000-deep chain does not print 10^10 spaces. */
static void indent_to(FILE *out, int n)
{
	for (int i = 0; i < n && i < 64; i++)
		fputs("  ", out);
}

/* s as a C string literal. */
static void quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\x%02x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

/* " (tag span "text" flags…)" */
static void word(FILE *out, const pl_source *src, const char *tag, const pl_sh_word *w)
{
	static const char *const names[] = {"quoted", "expands", "glob", "escaped"};
	fprintf(out, " (%s ", tag);
	pl_dump_span(out, src, w->span);
	fputc(' ', out);
	quoted(out, w->text);
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++)
		if (w->flags & (1u << i))
			fprintf(out, " %s", names[i]);
	fputc(')', out);
}

/* " (redir span [fd=N] "op" (word …) [(heredoc span "body")])" for each */
static void redirs(FILE *out, const pl_source *src, const pl_sh_redir *r, size_t n)
{
	for (size_t i = 0; i < n; i++, r++) {
		fputs(" (redir ", out);
		pl_dump_span(out, src, r->span);
		if (r->fd >= 0)
			fprintf(out, " fd=%d", r->fd);
		fputc(' ', out);
		quoted(out, r->op);
		word(out, src, "word", &r->target);
		if (r->heredoc) {
			fputs(" (heredoc ", out);
			pl_dump_span(out, src, r->heredoc->span);
			fputc(' ', out);
			quoted(out, r->heredoc->text);
			if (r->heredoc->unterminated)
				fputs(" unterminated", out);
			fputc(')', out);
		}
		fputc(')', out);
	}
}

/* A simple command on one line, with what differs from the obvious. */
static void cmd(FILE *out, const pl_source *src, const pl_sh_node *n)
{
	static const char *const ctx[] = {"pipe", "src", "bg", "subshell", "subst", "cond",
	                                  "loop", "func", "nested", "neg", "branch"};
	static const char *const joins[] = {"none", "seq", "and", "or", "pipe", "bg"};
	const pl_sh_cmd *c = n->as.cmd;
	fputs("(cmd ", out);
	pl_dump_span(out, src, c->span);
	if (c->nwords && (c->argv0 != 0 || strcmp(c->name, c->words[0].text) != 0)) {
		if (c->argv0 != 0)
			fprintf(out, " argv0=%zu", c->argv0);
		fputs(" name=", out);
		quoted(out, c->name);
	}
	if (c->wrapper) {
		fputs(" wrapper=", out);
		quoted(out, c->wrapper);
	}
	if (c->ctx) {
		const char *sep = " ctx=";
		for (size_t i = 0; i < PL_ARRAY_LEN(ctx); i++) {
			if (c->ctx & (1u << i)) {
				fprintf(out, "%s%s", sep, ctx[i]);
				sep = ",";
			}
		}
	}
	if (c->join != PL_SH_JOIN_NONE && (size_t)c->join < PL_ARRAY_LEN(joins))
		fprintf(out, " join=%s", joins[c->join]);
	if (c->depth)
		fprintf(out, " depth=%u", c->depth);
	if (n->bg)
		fputs(" bg", out);
	for (size_t i = 0; i < c->nassigns; i++)
		word(out, src, "assign", &c->assigns[i]);
	for (size_t i = 0; i < c->nwords; i++)
		word(out, src, "word", &c->words[i]);
	redirs(out, src, c->redirs, c->nredirs);
	fputc(')', out);
}

static void node(FILE *out, const pl_source *src, const pl_sh_node *n, int ind);

/* A child on its own line. */
static void child(FILE *out, const pl_source *src, const pl_sh_node *n, int ind)
{
	fputc('\n', out);
	node(out, src, n, ind);
}

/* "(kind span[ bg][ bang] (redir …)…" */
static void open_node(FILE *out, const pl_source *src, const char *kind, const pl_sh_node *n)
{
	fprintf(out, "(%s ", kind);
	pl_dump_span(out, src, n->span);
	if (n->bg)
		fputs(" bg", out);
	if (n->bang)
		fputs(" bang", out);
	redirs(out, src, n->redirs, n->nredirs);
}

/*
** a && b || c is a left-leaning chain as deep as it is long: walk its
** spine with a loop (the spine in a heap array), never recursion.
*/
static void and_or(FILE *out, const pl_source *src, const pl_sh_node *n, int ind)
{
	size_t k = 0;
	for (const pl_sh_node *p = n; p && (p->kind == PL_SH_AND || p->kind == PL_SH_OR); p = p->as.pair.lhs)
		k++;
	const pl_sh_node **spine = pl_xmalloc(k * sizeof(*spine));
	k = 0;
	for (const pl_sh_node *p = n; p && (p->kind == PL_SH_AND || p->kind == PL_SH_OR); p = p->as.pair.lhs)
		spine[k++] = p;
	for (size_t i = 0; i < k; i++) {
		if (i)
			fputc('\n', out);
		indent_to(out, ind + (int)(i < 64 ? i : 64));
		open_node(out, src, spine[i]->kind == PL_SH_AND ? "and" : "or", spine[i]);
	}
	int deep = ind + (int)(k < 64 ? k : 64);
	child(out, src, spine[k - 1]->as.pair.lhs, deep);
	for (size_t i = k; i-- > 0;) {
		child(out, src, spine[i]->as.pair.rhs, ind + 1 + (int)(i < 64 ? i : 64));
		fputc(')', out);
	}
	free(spine);
}

/* Node n at indentation ind, its children on the lines after; NULL prints "(empty)". */
static void node(FILE *out, const pl_source *src, const pl_sh_node *n, int ind)
{
	if (n && (n->kind == PL_SH_AND || n->kind == PL_SH_OR)) {
		and_or(out, src, n, ind);
		return;
	}
	indent_to(out, ind);
	if (!n) {
		fputs("(empty)", out);
		return;
	}
	switch (n->kind) {
	case PL_SH_CMD:
		cmd(out, src, n);
		return;
	case PL_SH_PIPELINE:
	case PL_SH_SEQ:
		open_node(out, src, n->kind == PL_SH_SEQ ? "seq" : "pipeline", n);
		for (size_t i = 0; i < n->as.list.n; i++)
			child(out, src, n->as.list.items[i], ind + 1);
		break;
	case PL_SH_SUBSHELL:
	case PL_SH_GROUP:
		open_node(out, src, n->kind == PL_SH_GROUP ? "group" : "subshell", n);
		child(out, src, n->as.body.body, ind + 1);
		break;
	case PL_SH_IF: {
		/* elif chains print flat, as siblings: they can be long */
		open_node(out, src, "if", n);
		child(out, src, n->as.cond.cond, ind + 1);
		child(out, src, n->as.cond.body, ind + 1);
		const pl_sh_node *alt = n->as.cond.alt;
		for (; alt && alt->kind == PL_SH_IF && alt->elif; alt = alt->as.cond.alt) {
			fputc('\n', out);
			indent_to(out, ind + 1);
			open_node(out, src, "elif", alt);
			child(out, src, alt->as.cond.cond, ind + 2);
			child(out, src, alt->as.cond.body, ind + 2);
			fputc(')', out);
		}
		if (alt) {
			fputc('\n', out);
			indent_to(out, ind + 1);
			fputs("(else", out);
			child(out, src, alt, ind + 2);
			fputc(')', out);
		}
		break;
	}
	case PL_SH_WHILE:
	case PL_SH_UNTIL:
		open_node(out, src, n->kind == PL_SH_WHILE ? "while" : "until", n);
		child(out, src, n->as.cond.cond, ind + 1);
		child(out, src, n->as.cond.body, ind + 1);
		break;
	case PL_SH_FOR:
		open_node(out, src, "for", n);
		word(out, src, "var", &n->as.loop.var);
		if (n->as.loop.has_in) {
			fputs(" (in", out);
			for (size_t i = 0; i < n->as.loop.nwords; i++)
				word(out, src, "word", &n->as.loop.words[i]);
			fputc(')', out);
		}
		child(out, src, n->as.loop.body, ind + 1);
		break;
	case PL_SH_CASE:
		open_node(out, src, "case", n);
		word(out, src, "word", &n->as.kase.subject);
		for (size_t i = 0; i < n->as.kase.narms; i++) {
			const pl_sh_case_arm *a = &n->as.kase.arms[i];
			fputc('\n', out);
			indent_to(out, ind + 1);
			fputs("(arm", out);
			for (size_t j = 0; j < a->npatterns; j++)
				word(out, src, "pattern", &a->patterns[j]);
			if (a->term && *a->term) {
				fputs(" term=", out);
				quoted(out, a->term);
			}
			if (a->body)
				child(out, src, a->body, ind + 2);
			fputc(')', out);
		}
		break;
	case PL_SH_FUNCTION:
		open_node(out, src, "function", n);
		word(out, src, "name", &n->as.func.name);
		child(out, src, n->as.func.body, ind + 1);
		break;
	case PL_SH_AND:
	case PL_SH_OR:
		break; /* handled above */
	}
	fputc(')', out);
}

void pl_dump_shell(FILE *out, const pl_source *src, const pl_sh_script *sh, int indent)
{
	static const char *const kinds[] = {"subst", "backquote", "procsubst", "string"};
	if (sh->root) {
		node(out, src, sh->root, indent);
		fputc('\n', out);
	}
	for (size_t i = 0; i < sh->nsubs; i++) {
		const pl_sh_sub *s = &sh->subs[i];
		indent_to(out, indent);
		fprintf(out, "(%s ", (size_t)s->kind < PL_ARRAY_LEN(kinds) ? kinds[s->kind] : "sub");
		pl_dump_span(out, src, s->span);
		fprintf(out, " depth=%u", s->depth);
		if (s->root)
			child(out, src, s->root, indent + 1);
		fputs(")\n", out);
	}
	for (size_t i = 0; i < sh->nerrors; i++) {
		indent_to(out, indent);
		fputs("(error ", out);
		pl_dump_span(out, src, sh->errors[i].span);
		fputc(' ', out);
		quoted(out, sh->errors[i].message);
		fputs(")\n", out);
	}
}
