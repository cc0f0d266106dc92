/*
** --dump ast for a Dockerfile: the parse as an S-expression, one node
** per line, children indented by two spaces, positions as l:c-l:c (end
** exclusive).  Comments and instructions come in file order, then the
** errors, the global ARGs and the stages.  Shell trees are not printed
** here (the shell writer does that); "(sh <source>)" says one was parsed.
**
**     (run 3:1-4:10
**       (flag mount "type=cache,target=/root/.cache" 3:5-3:43)
**       (shell "apt-get update &&   apt-get install -y curl" 3:44-4:10)
**       (sh args))
*/
#include "dump.h"
#include "df.h"

#include <string.h>

typedef struct dumper {
	FILE *out;               /* where the S-expression goes */
	const pl_dockerfile *df; /* what is dumped (its src gives line:col) */
} dumper;

static void line(const dumper *d, int depth, const char *open)
{
	fprintf(d->out, "\n%*s(%s", 2 * depth, "", open);
}

/* Length of the valid UTF-8 sequence at s (lead byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* A quoted string with C-style escapes for quotes, backslashes, control bytes and invalid UTF-8. */
static void qstr(const dumper *d, const char *s)
{
	fputc('"', d->out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)s);
			if (n) {
				fwrite(s, 1, n, d->out);
				s += n - 1;
			} else {
				fprintf(d->out, "\\x%02X", c);
			}
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", d->out); break;
		case '\\': fputs("\\\\", d->out); break;
		case '\n': fputs("\\n", d->out); break;
		case '\t': fputs("\\t", d->out); break;
		case '\r': fputs("\\r", d->out); break;
		default:
			if (c < 0x20 || c == 0x7F)
				fprintf(d->out, "\\x%02X", c);
			else
				fputc(c, d->out);
		}
	}
	fputc('"', d->out);
}

/* A blank, then the quoted string. */
static void str(const dumper *d, const char *s)
{
	fputc(' ', d->out);
	qstr(d, s);
}

static void pos(const dumper *d, pl_span sp)
{
	fputc(' ', d->out);
	pl_dump_span(d->out, d->df->src, sp);
}

/* (word "value" l:c-l:c [quoted]) under the given node name. */
static void word(const dumper *d, int depth, const char *name, const pl_df_word *w)
{
	line(d, depth, name);
	str(d, w->value ? w->value : "");
	pos(d, w->span);
	if (w->quoted)
		fputs(" quoted", d->out);
	fputc(')', d->out);
}

static void flags(const dumper *d, int depth, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nflags; i++) {
		const pl_df_flag *f = &in->flags[i];
		line(d, depth, "flag ");
		fputs(f->name, d->out);
		if (f->value)
			str(d, f->value);
		pos(d, f->span);
		fputc(')', d->out);
	}
}

static void kvs(const dumper *d, int depth, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		line(d, depth, "kv");
		str(d, kv->key);
		if (kv->value)
			str(d, kv->value);
		pos(d, kv->span);
		if (kv->legacy)
			fputs(" legacy", d->out);
		fputc(')', d->out);
	}
}

static void heredocs(const dumper *d, int depth, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nheredocs; i++) {
		const pl_df_heredoc *h = &in->heredocs[i];
		line(d, depth, "heredoc");
		str(d, h->name);
		pos(d, h->span);
		if (h->quoted)
			fputs(" quoted", d->out);
		if (h->strip_tabs)
			fputs(" strip-tabs", d->out);
		if (h->fd >= 0)
			fprintf(d->out, " fd=%d", h->fd);
		if (h->unterminated)
			fputs(" unterminated", d->out);
		line(d, depth + 1, "body");
		pos(d, h->body);
		str(d, h->text);
		fputc(')', d->out);
		if (!h->unterminated) {
			line(d, depth + 1, "end");
			pos(d, h->end);
			fputc(')', d->out);
		}
		fputc(')', d->out);
	}
}

static const char *sh_source(pl_df_sh_src s)
{
	switch (s) {
	case PL_DF_SH_ARGS: return "args";
	case PL_DF_SH_HEREDOC: return "heredoc";
	case PL_DF_SH_ARGS_HEREDOC: return "args+heredoc";
	case PL_DF_SH_EXEC_C: return "exec-c";
	case PL_DF_SH_EXEC: return "exec";
	case PL_DF_SH_NONE: break;
	}
	return "none";
}

/* The command of RUN/CMD/ENTRYPOINT/HEALTHCHECK: exec words, or the shell text. */
static void command(const dumper *d, int depth, const pl_df_instr *in, size_t lo)
{
	if (in->bits & PL_DF_JSON) {
		for (size_t i = 0; i < in->argc; i++)
			word(d, depth, "arg", &in->argv[i]);
	} else if (lo < in->args_len) {
		line(d, depth, "cmdline");
		str(d, in->args + lo);
		pos(d, pl_textmap_span(&in->args_map, lo, in->args_len));
		fputc(')', d->out);
	}
}

static void sh(const dumper *d, int depth, const pl_df_instr *in)
{
	if (in->sh) {
		line(d, depth, "sh ");
		fputs(sh_source(in->sh_src), d->out);
		fputc(')', d->out);
	}
}

static void ref(const dumper *d, int depth, const pl_df_imageref *r)
{
	line(d, depth, "ref");
	str(d, r->text);
	const char *names[] = {"registry", "path", "name", "tag", "digest"};
	const char *vals[] = {r->registry, r->path, r->name, r->tag, r->digest};
	for (size_t i = 0; i < PL_ARRAY_LEN(names); i++) {
		if (!vals[i])
			continue;
		fprintf(d->out, " %s=", names[i]);
		qstr(d, vals[i]);
	}
	if (r->has_vars)
		fputs(" vars", d->out);
	if (r->scratch)
		fputs(" scratch", d->out);
	fputc(')', d->out);
}

static void instr(const dumper *d, int depth, const pl_df_instr *in)
{
	char name[16];
	const char *kw = pl_instr_keyword(in->kind);
	size_t k = 0;
	for (; kw[k] && k + 1 < sizeof(name); k++)
		name[k] = (char)(kw[k] >= 'A' && kw[k] <= 'Z' ? kw[k] - 'A' + 'a' : kw[k]);
	name[k] = '\0';
	line(d, depth, name);
	pos(d, in->span);
	if (in->bits & PL_DF_JSON)
		fputs(" json", d->out);
	if (in->bits & PL_DF_JSON_INVALID)
		fputs(" json-invalid", d->out);
	if (in->bits & PL_DF_EMPTY_CONT)
		fputs(" empty-cont", d->out);
	if (in->kind == PL_INSTR_FROM && in->stage && in->stage->from == in)
		fprintf(d->out, " stage=%zu", in->stage->index);
	flags(d, depth + 1, in);

	switch (in->kind) {
	case PL_INSTR_UNKNOWN:
		line(d, depth + 1, "keyword");
		pos(d, in->keyword);
		fputc(')', d->out);
		if (in->args_len) {
			line(d, depth + 1, "args");
			str(d, in->args);
			fputc(')', d->out);
		}
		break;
	case PL_INSTR_FROM: {
		const pl_df_from *f = &in->as.from;
		if (f->image.value)
			word(d, depth + 1, "image", &f->image);
		if (f->ref.text)
			ref(d, depth + 1, &f->ref);
		if (f->name.span.len)
			word(d, depth + 1, "as", &f->name);
		if (f->base) {
			line(d, depth + 1, "base");
			fprintf(d->out, " %zu)", f->base->index);
		}
		break;
	}
	case PL_INSTR_RUN:
	case PL_INSTR_CMD:
	case PL_INSTR_ENTRYPOINT:
		command(d, depth + 1, in, 0);
		heredocs(d, depth + 1, in);
		sh(d, depth + 1, in);
		break;
	case PL_INSTR_HEALTHCHECK:
		if (in->as.health.none) {
			fputs(" none", d->out);
		} else if (in->as.health.cmd_kw.len) {
			line(d, depth + 1, "cmd");
			pos(d, in->as.health.cmd_kw);
			fputc(')', d->out);
			size_t lo = 0; /* the command follows CMD and its blanks */
			while (lo < in->args_len && !pl_df__is_space(in->args[lo]))
				lo++;
			while (lo < in->args_len && pl_df__is_space(in->args[lo]))
				lo++;
			command(d, depth + 1, in, in->bits & PL_DF_JSON ? 0 : lo);
			sh(d, depth + 1, in);
		}
		break;
	case PL_INSTR_COPY:
	case PL_INSTR_ADD:
		for (size_t i = 0; i < in->as.copy.nsrcs; i++)
			word(d, depth + 1, "src", &in->as.copy.srcs[i]);
		if (in->as.copy.dest.span.len)
			word(d, depth + 1, "dest", &in->as.copy.dest);
		heredocs(d, depth + 1, in);
		break;
	case PL_INSTR_ENV:
	case PL_INSTR_LABEL:
	case PL_INSTR_ARG:
		kvs(d, depth + 1, in);
		break;
	case PL_INSTR_ONBUILD:
		if (in->as.inner)
			instr(d, depth + 1, in->as.inner);
		break;
	default:
		for (size_t i = 0; i < in->argc; i++)
			word(d, depth + 1, "arg", &in->argv[i]);
		break;
	}
	fputc(')', d->out);
}

static void comment(const dumper *d, const pl_df_comment *c)
{
	line(d, 1, "comment");
	pos(d, c->span);
	str(d, c->text);
	fprintf(d->out, " next=%zu", c->next_instr);
	if (c->in_continuation)
		fputs(" in-cont", d->out);
	fputc(')', d->out);
}

void pl_dump_dockerfile(FILE *out, const pl_dockerfile *df)
{
	dumper d = {out, df};
	fputs("(dockerfile", out);
	if (df->escape != '\\')
		fprintf(out, " escape=\"%c\"", df->escape);
	for (size_t i = 0; i < df->ndirectives; i++) {
		const pl_df_directive *dv = &df->directives[i];
		line(&d, 1, "directive ");
		fputs(dv->name, out);
		str(&d, dv->value);
		pos(&d, dv->span);
		fputc(')', out);
	}
	/* Comments and instructions, merged in file order. */
	size_t c = 0, k = 0;
	while (c < df->ncomments || k < df->ninstrs) {
		if (k >= df->ninstrs ||
		    (c < df->ncomments && df->comments[c].span.off < df->instrs[k]->span.off))
			comment(&d, &df->comments[c++]);
		else
			instr(&d, 1, df->instrs[k++]);
	}
	for (size_t i = 0; i < df->nerrors; i++) {
		line(&d, 1, "error");
		pos(&d, df->errors[i].span);
		str(&d, df->errors[i].message);
		fputc(')', out);
	}
	if (df->nglobal_args) {
		line(&d, 1, "global-args");
		for (size_t i = 0; i < df->nglobal_args; i++)
			fprintf(out, " %zu", df->global_args[i]->index);
		fputc(')', out);
	}
	for (size_t i = 0; i < df->nstages; i++) {
		const pl_df_stage *s = &df->stages[i];
		line(&d, 1, "stage");
		fprintf(out, " %zu", s->index);
		if (s->name)
			str(&d, s->name);
		fprintf(out, " from=%zu instrs=%zu", s->from->index, s->ninstrs);
		if (s->base)
			fprintf(out, " base=%zu", s->base->index);
		if (s->is_last)
			fputs(" last", out);
		fputc(')', out);
	}
	fputs(")\n", out);
}
