/*
** Unit tests of the Dockerfile front end: variable expansion, image
** references, exact spans across continuations and heredocs, error
** recovery, the corpus of real Dockerfiles, and pathological inputs
** that must stay linear.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plimsoll/dockerfile.h"
#include "testlib.h"

/* A parsed Dockerfile with its arena. */
typedef struct parsed {
	pl_arena arena;
	pl_source src;
	pl_dockerfile df;
} parsed;

static parsed *parse_n(const char *text, size_t len)
{
	parsed *p = calloc(1, sizeof(*p));
	pl_arena_init(&p->arena);
	pl_source_init(&p->src, &p->arena, "Dockerfile", text, len);
	pl_dockerfile_parse(&p->df, &p->arena, &p->src);
	return p;
}

static parsed *parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static void done(parsed *p)
{
	pl_arena_free(&p->arena);
	free(p);
}

/* The source text of a span, NUL-terminated, in the arena. */
static const char *text_of(parsed *p, pl_span s)
{
	return pl_arena_strndup(&p->arena, p->src.text + s.off, s.len);
}

/* ---- expansion ------------------------------------------------------ */

static const char *const env[][2] = {
	{"A", "hello"}, {"EMPTY", ""}, {"PATH", "/usr/bin:/bin"}, {"FILE", "archive.tar.gz"},
	{"SP", "a b"}, {"N", "5"},
};

static const char *lookup(void *ud, const char *name, size_t n)
{
	(void)ud;
	for (size_t i = 0; i < PL_ARRAY_LEN(env); i++)
		if (strlen(env[i][0]) == n && memcmp(env[i][0], name, n) == 0)
			return env[i][1];
	return NULL;
}

typedef struct unset_log {
	char names[256];
	size_t n;
} unset_log;

static void on_unset(void *ud, const char *name, size_t n, size_t at)
{
	unset_log *log = ud;
	(void)at;
	log->n += (size_t)snprintf(log->names + log->n, sizeof(log->names) - log->n, "%.*s@%zu ", (int)n, name, at);
}

/* V's value is *ud. */
static const char *chain_lookup(void *ud, const char *name, size_t n)
{
	return n == 1 && *name == 'V' ? *(const char *const *)ud : NULL;
}

static void test_expand(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"$A", "hello"},
		{"${A}", "hello"},
		{"x${A}y", "xhelloy"},
		{"$A$A", "hellohello"},
		{"$UNSET", ""},
		{"${UNSET:-def}", "def"},
		{"${EMPTY:-def}", "def"},
		{"${EMPTY-def}", ""},
		{"${UNSET-def}", "def"},
		{"${A:-def}", "hello"},
		{"${A:+alt}", "alt"},
		{"${EMPTY:+alt}", ""},
		{"${EMPTY+alt}", "alt"},
		{"${UNSET+alt}", ""},
		{"${A:?err}", "hello"},
		{"${UNSET:?err}", ""},
		{"${UNSET?err}", ""},
		{"${FILE#*.}", "tar.gz"},
		{"${FILE##*.}", "gz"},
		{"${FILE%.*}", "archive.tar"},
		{"${FILE%%.*}", "archive"},
		{"${FILE#nomatch}", "archive.tar.gz"},
		{"${PATH/bin/sbin}", "/usr/sbin:/bin"},
		{"${PATH//bin/sbin}", "/usr/sbin:/sbin"},
		{"${FILE/a?c/X}", "Xhive.tar.gz"},
		{"${UNSET:-${A}}", "hello"},
		{"${UNSET:-${UNSET2:-deep}}", "deep"},
		{"${UNSET:-\"q w\"}", "q w"},
		{"'$A'", "$A"},
		{"\"$A\"", "hello"},
		{"\"a\\\"b\"", "a\"b"},
		{"\\$A", "$A"},
		{"a\\ b", "a b"},
		{"$", "$"},
		{"$1x", "x"},
		{"${A", "${A"},
		{"${}", "${}"},
		{"${A:x}", "${A:x}"},
		{"$SP", "a b"},
		{"${N}0", "50"},
	};
	pl_arena a;
	pl_arena_init(&a);
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		const char *got = pl_df_expand(&a, cases[i][0], strlen(cases[i][0]), '\\', lookup, NULL, NULL);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("expand(%s) = '%s', want '%s'", cases[i][0], got, cases[i][1]);
	}
	/* The backtick escape character. */
	assert_string_equal(pl_df_expand(&a, "`$A x", 5, '`', lookup, NULL, NULL), "$A x");
	assert_string_equal(pl_df_expand(&a, "C:\\dir", 6, '`', lookup, NULL, NULL), "C:\\dir");
	/* Names read while unset, with the offset of their '$'. */
	unset_log log = {{0}, 0};
	const char *w = "$X ${A} ${Y:-d} ${Z+e} $A";
	assert_string_equal(pl_df_expand(&a, w, strlen(w), '\\', lookup, on_unset, &log), " hello d  hello");
	assert_string_equal(log.names, "X@0 Y@8 Z@16 ");
	/* No lookup at all: everything is unset. */
	assert_string_equal(pl_df_expand(&a, "a$B${C:-c}", 10, '\\', NULL, NULL, NULL), "ac");
	/* Deep nesting stays bounded and keeps the text. */
	char deep[4096] = "";
	for (int i = 0; i < 200; i++)
		strcat(deep, "${U:-");
	strcat(deep, "x");
	for (int i = 0; i < 200; i++)
		strcat(deep, "}");
	const char *r = pl_df_expand(&a, deep, strlen(deep), '\\', NULL, NULL, NULL);
	assert_non_null(r);
	/* Substitution may add at most 1 KiB to a word: a chain V1=${V0}x,
	   V2=${V1}x, ... stays linear.  The word's own text is never cut. */
	char *chain = pl_arena_alloc(&a, 5000);
	memset(chain, 'y', 4999);
	const char *v = chain;
	for (int i = 0; i < 3000; i++)
		v = pl_df_expand(&a, "${V}x", 5, '\\', chain_lookup, NULL, &v);
	assert_int_equal(strlen(v), 5 + 1024);
	assert_int_equal(strlen(pl_df_expand(&a, chain, 4999, '\\', NULL, NULL, NULL)), 4999);
	pl_arena_free(&a);
}

/* ---- image references ----------------------------------------------- */

static void test_imageref(void **state)
{
	(void)state;
	static const struct {
		const char *text, *registry, *path, *name, *tag, *digest;
	} cases[] = {
		{"python", NULL, "python", "python", NULL, NULL},
		{"python:3.12", NULL, "python", "python", "3.12", NULL},
		{"library/python:3", NULL, "library/python", "python", "3", NULL},
		{"docker.io/library/python", "docker.io", "library/python", "python", NULL, NULL},
		{"ghcr.io/org/app:v1@sha256:ab", "ghcr.io", "org/app", "app", "v1", "sha256:ab"},
		{"localhost/app", "localhost", "app", "app", NULL, NULL},
		{"localhost:5000/app:1", "localhost:5000", "app", "app", "1", NULL},
		{"localhost:5000", NULL, "localhost", "localhost", "5000", NULL},
		{"Registry/app", "Registry", "app", "app", NULL, NULL},
		{"a/b/c/d:e", NULL, "a/b/c/d", "d", "e", NULL},
		{"app@sha256:ff", NULL, "app", "app", NULL, "sha256:ff"},
		{"", NULL, "", "", NULL, NULL},
	};
	pl_arena a;
	pl_arena_init(&a);
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		pl_df_imageref r;
		pl_df_imageref_parse(&r, &a, cases[i].text);
		assert_string_equal(r.text, cases[i].text);
#define CHECK(f)                                                     \
	if (cases[i].f)                                              \
		assert_string_equal(r.f ? r.f : "(null)", cases[i].f); \
	else                                                         \
		assert_null(r.f);
		CHECK(registry)
		CHECK(path)
		CHECK(name)
		CHECK(tag)
		CHECK(digest)
#undef CHECK
		assert_false(r.scratch);
		assert_false(r.has_vars);
	}
	pl_df_imageref r;
	pl_df_imageref_parse(&r, &a, "scratch");
	assert_true(r.scratch);
	pl_df_imageref_parse(&r, &a, "$BASE:1");
	assert_true(r.has_vars);
	pl_arena_free(&a);
}

/* ---- spans ---------------------------------------------------------- */

/* Every byte of a logical text maps to the same byte in the file. */
static void check_map(const pl_source *src, const char *text, size_t len, const pl_textmap *m)
{
	for (size_t i = 0; i < len; i++) {
		size_t ph = pl_textmap_phys(m, i);
		if (ph >= src->len || src->text[ph] != text[i])
			fail_msg("%s: logical byte %zu '%c' maps to %zu", src->path, i, text[i], ph);
	}
}

/* The map invariants of every instruction, heredoc and word. */
static void check_spans(const pl_source *src, const pl_df_instr *in)
{
	check_map(src, in->args, in->args_len, &in->args_map);
	for (size_t i = 0; i < in->nheredocs; i++)
		check_map(src, in->heredocs[i].text, strlen(in->heredocs[i].text), &in->heredocs[i].map);
	for (size_t i = 0; i < in->argc; i++) {
		const pl_df_word *w = &in->argv[i];
		assert_true(pl_span_end(w->span) <= src->len);
		if (!(in->bits & PL_DF_JSON)) {
			/* A shell-form word's raw text is the file's bytes minus continuations. */
			assert_true(strlen(w->raw) <= w->span.len);
			assert_int_equal(src->text[w->span.off], w->raw[0]);
			assert_int_equal(src->text[pl_span_end(w->span) - 1], w->raw[strlen(w->raw) - 1]);
		}
	}
	assert_true(in->keyword.off >= in->span.off && pl_span_end(in->keyword) <= pl_span_end(in->span));
	if (in->kind == PL_INSTR_ONBUILD && in->as.inner)
		check_spans(src, in->as.inner);
}

static void test_spans_across_continuations(void **state)
{
	(void)state;
	const char *text = "FROM alpine\n"
	                   "RUN apt-get update \\\n"
	                   "  # comment\n"
	                   "\n"
	                   "    && apt-get install -y \\\n"
	                   "\tcurl\\\n"
	                   "wget\n"
	                   "ENV A=1 \\\n"
	                   "    B=\"two \\\n"
	                   "words\"\n";
	parsed *p = parse(text);
	assert_int_equal(p->df.nerrors, 0);
	assert_int_equal(p->df.ninstrs, 3);
	const pl_df_instr *run = p->df.instrs[1];
	assert_string_equal(run->args, "apt-get update     && apt-get install -y \tcurlwget");
	assert_true(run->bits & PL_DF_EMPTY_CONT);
	check_spans(&p->src, run);
	/* "install" sits on line 5; "curlwget" is one word split over lines 6 and 7. */
	const pl_df_word *w = &run->argv[4];
	assert_string_equal(w->value, "install");
	assert_string_equal(text_of(p, w->span), "install");
	assert_int_equal(pl_source_pos(&p->src, w->span.off).line, 5);
	w = &run->argv[6];
	assert_string_equal(w->value, "curlwget");
	assert_string_equal(text_of(p, w->span), "curl\\\nwget");
	assert_int_equal(pl_source_pos(&p->src, w->span.off).line, 6);
	assert_int_equal(pl_source_pos(&p->src, w->span.off).col, 2);
	/* The span ends on the last line, the keyword is the keyword. */
	assert_string_equal(text_of(p, run->keyword), "RUN");
	assert_int_equal(pl_source_pos(&p->src, pl_span_end(run->span)).line, 7);
	/* A quoted value over a continuation. */
	const pl_df_instr *envi = p->df.instrs[2];
	check_spans(&p->src, envi);
	assert_int_equal(envi->nkvs, 2);
	assert_string_equal(envi->kvs[1].value, "two words");
	assert_string_equal(envi->kvs[1].raw_value, "\"two words\"");
	assert_string_equal(text_of(p, envi->kvs[1].key_span), "B");
	assert_string_equal(text_of(p, envi->kvs[1].value_span), "\"two \\\nwords\"");
	/* Comments: one inside the continuation. */
	assert_int_equal(p->df.ncomments, 1);
	assert_true(p->df.comments[0].in_continuation);
	assert_int_equal(p->df.comments[0].next_instr, 1);
	assert_string_equal(p->df.comments[0].text, "comment");
	done(p);
}

static void test_spans_heredoc_and_exec(void **state)
{
	(void)state;
	const char *text = "FROM alpine\r\n"
	                   "RUN <<-EOF\r\n"
	                   "\t\techo one\r\n"
	                   "\tEOF\r\n"
	                   "CMD [\"sh\", \"-c\", \\\n"
	                   "     \"echo hi && exec app\"]\n"
	                   "ENTRYPOINT [\"/bin/bash\", \"-c\", \"a\\tb\"]\n"
	                   "HEALTHCHECK --retries=3 CMD  curl -f http://x/\n";
	parsed *p = parse(text);
	assert_int_equal(p->df.nerrors, 0);
	assert_int_equal(p->df.ninstrs, 5);
	for (size_t i = 0; i < p->df.ninstrs; i++)
		check_spans(&p->src, p->df.instrs[i]);
	const pl_df_instr *run = p->df.instrs[1];
	assert_int_equal(run->nheredocs, 1);
	const pl_df_heredoc *h = &run->heredocs[0];
	assert_true(h->strip_tabs);
	assert_string_equal(h->text, "echo one\r\n");
	assert_string_equal(text_of(p, h->end), "\tEOF");
	assert_int_equal(run->sh_src, PL_DF_SH_HEREDOC);
	assert_non_null(run->sh);
	/* The sh -c script maps into the JSON string on the next line. */
	const pl_df_instr *cmd = p->df.instrs[2];
	assert_true(cmd->bits & PL_DF_JSON);
	assert_int_equal(cmd->argc, 3);
	assert_int_equal(cmd->sh_src, PL_DF_SH_EXEC_C);
	assert_non_null(cmd->sh);
	assert_string_equal(text_of(p, cmd->argv[2].span), "\"echo hi && exec app\"");
	if (cmd->sh->ncmds > 0) {
		const pl_sh_cmd *c = cmd->sh->cmds[0];
		assert_true(c->nwords > 0);
		assert_string_equal(text_of(p, c->words[0].span), "echo");
		assert_int_equal(pl_source_pos(&p->src, c->words[0].span.off).line, 6);
	}
	const pl_df_instr *ep = p->df.instrs[3];
	assert_int_equal(ep->sh_src, PL_DF_SH_EXEC_C);
	assert_string_equal(ep->argv[2].value, "a\tb");
	/* HEALTHCHECK: argv is the command after CMD, sh starts there too. */
	const pl_df_instr *hc = p->df.instrs[4];
	assert_int_equal(hc->argc, 3);
	assert_string_equal(hc->argv[0].value, "curl");
	assert_string_equal(text_of(p, hc->as.health.cmd_kw), "CMD");
	assert_int_equal(hc->sh_src, PL_DF_SH_ARGS);
	if (hc->sh && hc->sh->ncmds > 0)
		assert_string_equal(text_of(p, hc->sh->cmds[0]->words[0].span), "curl");
	done(p);
}

/* RUN sh <<EOF: one script holding the command line and the body. */
static void test_shell_heredoc_combined(void **state)
{
	(void)state;
	const char *text = "FROM alpine\nRUN bash -ex <<EOF\nset -x\necho hi\nEOF\n";
	parsed *p = parse(text);
	const pl_df_instr *run = p->df.instrs[1];
	assert_int_equal(run->sh_src, PL_DF_SH_ARGS_HEREDOC);
	assert_non_null(run->sh);
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *line = pl_sh_parse(&a, run->args, run->args_len, &run->args_map, 0);
	pl_sh_script *body = pl_sh_parse(&a, run->heredocs[0].text, strlen(run->heredocs[0].text),
	                                 &run->heredocs[0].map, 0);
	assert_int_equal(run->sh->ncmds, line->ncmds + body->ncmds);
	for (size_t i = 0; i < run->sh->ncmds; i++)
		assert_int_equal(run->sh->cmds[i]->index, i);
	if (line->root && body->root) {
		assert_int_equal(run->sh->root->kind, PL_SH_SEQ);
		assert_int_equal(run->sh->root->as.list.n, 2);
	}
	if (body->ncmds > 0) /* the body's commands come last, with physical spans */
		assert_string_equal(text_of(p, run->sh->cmds[run->sh->ncmds - 1]->words[0].span), "echo");
	pl_arena_free(&a);
	done(p);
	/* A python heredoc is no shell script. */
	p = parse("FROM alpine\nRUN <<EOF\n#!/usr/bin/env -S python3 -u\nprint(1)\nEOF\n");
	assert_null(p->df.instrs[1]->sh);
	assert_int_equal(p->df.instrs[1]->sh_src, PL_DF_SH_NONE);
	done(p);
	p = parse("FROM alpine\nRUN <<EOF\n#!/bin/sh -e\necho\nEOF\n");
	assert_non_null(p->df.instrs[1]->sh);
	done(p);
}

/* ---- errors and recovery -------------------------------------------- */

static void test_error_recovery(void **state)
{
	(void)state;
	const char *text = "FROM alpine\n"
	                   "RUNN echo x\n"
	                   "COPY --bogus=1 a b\n"
	                   "CMD [\"a\",\n"
	                   "ENV\n"
	                   "RUN <<EOF\n"
	                   "body\n"
	                   "EOF\n"
	                   "WORKDIR /app\n";
	parsed *p = parse(text);
	assert_int_equal(p->df.ninstrs, 7);
	assert_int_equal(p->df.nerrors, 4);
	assert_string_equal(p->df.errors[0].message, "unknown instruction 'RUNN' (did you mean 'RUN'?)");
	assert_string_equal(text_of(p, p->df.errors[0].span), "RUNN");
	assert_int_equal(p->df.instrs[1]->kind, PL_INSTR_UNKNOWN);
	assert_string_equal(p->df.errors[1].message, "unknown flag '--bogus' for 'COPY'");
	/* The bad COPY is still a COPY with its source and destination. */
	assert_int_equal(p->df.instrs[2]->kind, PL_INSTR_COPY);
	assert_string_equal(p->df.instrs[2]->as.copy.dest.value, "b");
	assert_true(p->df.instrs[3]->bits & PL_DF_JSON_INVALID);
	assert_false(p->df.instrs[3]->bits & PL_DF_JSON);
	assert_int_equal(p->df.instrs[5]->nheredocs, 1);
	const pl_df_instr *last = p->df.instrs[6];
	assert_int_equal(last->kind, PL_INSTR_WORKDIR);
	assert_string_equal(last->argv[0].value, "/app");
	assert_ptr_equal(last->stage, &p->df.stages[0]);
	for (size_t i = 0; i < p->df.nerrors; i++) {
		const char *m = p->df.errors[i].message;
		assert_true(m[0] < 'A' || m[0] > 'Z');
		assert_true(m[strlen(m) - 1] != '.');
	}
	done(p);
}

static void test_binary_input(void **state)
{
	(void)state;
	const char bin[] = "FROM a\nRUN x\0y\n\0\0\xff";
	parsed *p = parse_n(bin, sizeof(bin) - 1);
	assert_int_equal(p->df.nerrors, 1);
	assert_int_equal(p->df.errors[0].span.off, 12);
	assert_int_equal(p->df.ninstrs, 0);
	done(p);
	const char latin1[] = "FROM a\n# caf\xe9\nRUN echo \xe9t\xe9\n";
	p = parse(latin1);
	assert_int_equal(p->df.nerrors, 1);
	assert_string_equal(p->df.errors[0].message, "invalid UTF-8 byte 0xE9");
	assert_int_equal(p->df.ninstrs, 2);
	done(p);
	p = parse("");
	assert_int_equal(p->df.ninstrs, 0);
	assert_int_equal(p->df.nerrors, 0);
	assert_int_equal(p->df.nstages, 0);
	done(p);
	p = parse("\xEF\xBB\xBF");
	assert_int_equal(p->df.ninstrs, 0);
	done(p);
}

/* Every prefix and some byte flips of a rich file: no crash, maps stay exact. */
static void test_robust_prefixes(void **state)
{
	(void)state;
	const char *text = "# syntax=docker/dockerfile:1\n"
	                   "# escape=\\\n"
	                   "ARG BASE=alpine:3\n"
	                   "FROM --platform=$BUILDPLATFORM ${BASE} AS build\n"
	                   "RUN --mount=type=cache,target=/c \\\n"
	                   "  # c\n"
	                   "  apk add \"a b\" 'c' && \\\n"
	                   "  echo ${X:-y}\n"
	                   "COPY --from=build <<-EOF /x\n"
	                   "\thello\n"
	                   "\tEOF\n"
	                   "ONBUILD RUN [\"sh\", \"-c\", \"echo \\u00e9 \\\"q\\\"\"]\n"
	                   "HEALTHCHECK --interval=1s CMD [\"true\"]\n"
	                   "ENV A=1 B=\"x\" C \n"
	                   "LABEL a b c\n";
	size_t n = strlen(text);
	char *buf = malloc(n + 1);
	for (size_t k = 0; k <= n; k++) {
		parsed *p = parse_n(text, k);
		for (size_t i = 0; i < p->df.ninstrs; i++)
			check_spans(&p->src, p->df.instrs[i]);
		done(p);
	}
	srand(7);
	for (int round = 0; round < 300; round++) {
		memcpy(buf, text, n + 1);
		for (int f = 0; f < 4; f++)
			buf[(size_t)rand() % n] = "\\\"'`$[]{}<-=# \n\t\rAZ"[rand() % 20];
		parsed *p = parse_n(buf, n);
		for (size_t i = 0; i < p->df.ninstrs; i++)
			check_spans(&p->src, p->df.instrs[i]);
		done(p);
	}
	free(buf);
}

/* ---- lookups -------------------------------------------------------- */

static void test_lookups(void **state)
{
	(void)state;
	assert_string_equal(pl_instr_keyword(PL_INSTR_HEALTHCHECK), "HEALTHCHECK");
	assert_string_equal(pl_instr_keyword(PL_INSTR_UNKNOWN), "UNKNOWN");
	assert_int_equal(pl_instr_lookup("copy", 4), PL_INSTR_COPY);
	assert_int_equal(pl_instr_lookup("StopSignal", 10), PL_INSTR_STOPSIGNAL);
	assert_int_equal(pl_instr_lookup("COP", 3), PL_INSTR_UNKNOWN);
	for (int k = 1; k < PL_INSTR__COUNT; k++) {
		const char *kw = pl_instr_keyword((pl_instr_kind)k);
		assert_int_equal(pl_instr_lookup(kw, strlen(kw)), k);
	}
	parsed *p = parse("# Syntax = docker/dockerfile:1.7\n"
	                  "ARG V=1\n"
	                  "FROM alpine AS Base\n"
	                  "FROM base AS next\n"
	                  "COPY --from=base --chmod=644 a b\n"
	                  "FROM BASE\n");
	const pl_df_directive *d = pl_df_directive_find(&p->df, "syntax");
	assert_non_null(d);
	assert_string_equal(d->value, "docker/dockerfile:1.7");
	assert_string_equal(text_of(p, d->value_span), "docker/dockerfile:1.7");
	assert_null(pl_df_directive_find(&p->df, "escape"));
	assert_int_equal(p->df.nstages, 3);
	assert_int_equal(p->df.nglobal_args, 1);
	assert_ptr_equal(pl_df_stage_find(&p->df, "BASE", 3), &p->df.stages[0]);
	assert_null(pl_df_stage_find(&p->df, "base", 0));
	assert_null(pl_df_stage_find(&p->df, "nope", 3));
	assert_ptr_equal(p->df.stages[1].base, &p->df.stages[0]);
	assert_ptr_equal(p->df.stages[2].base, &p->df.stages[0]);
	assert_true(p->df.stages[2].is_last);
	assert_false(p->df.stages[1].is_last);
	const pl_df_instr *copy = p->df.instrs[3];
	const pl_df_flag *f = pl_df_flag_find(copy, "chmod");
	assert_non_null(f);
	assert_string_equal(f->value, "644");
	assert_string_equal(text_of(p, f->name_span), "chmod");
	assert_string_equal(text_of(p, f->value_span), "644");
	assert_null(pl_df_flag_find(copy, "chown"));
	assert_int_equal(copy->stage->index, 1);
	assert_int_equal(p->df.stages[1].ninstrs, 2);
	assert_ptr_equal(p->df.stages[1].instrs[0], p->df.stages[1].from);
	done(p);
}

/* ---- the corpus ----------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
	(void)state;
	const char *dir = PL_SOURCE_DIR "/../shared/corpus/dockerfiles";
	DIR *d = opendir(dir);
	if (!d) {
		print_message("skipped: %s is absent\n", dir);
		skip();
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	size_t bad = 0, instrs = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		size_t len;
		char *text = pl_test_read_file(path, &len);
		assert_non_null(text);
		parsed *p = parse_n(text, len);
		p->src.path = names[i];
		for (size_t k = 0; k < p->df.nerrors; k++) {
			pl_pos pos = pl_source_pos(&p->src, p->df.errors[k].span.off);
			print_error("%s:%zu:%zu: %s\n", names[i], pos.line, pos.col, p->df.errors[k].message);
		}
		bad += p->df.nerrors > 0;
		for (size_t k = 0; k < p->df.ninstrs; k++)
			check_spans(&p->src, p->df.instrs[k]);
		assert_true(p->df.nstages > 0);
		instrs += p->df.ninstrs;
		done(p);
		free(text);
		free(names[i]);
	}
	free(names);
	print_message("corpus: %zu files, %zu instructions, %zu with errors\n", n, instrs, bad);
	assert_int_equal(bad, 0);
}

/* ---- pathological inputs -------------------------------------------- */

/*
** Seconds of CPU for one parse, under ASan.  Not a speed measurement (bench/
** does that): a bound that linear code meets with a wide margin on a loaded
** machine and quadratic code misses by orders of magnitude.
*/
#define BUDGET 10.0

/* Parse text and fail when it takes longer than the budget. */
static parsed *timed(const char *what, const char *text, size_t len)
{
	clock_t t0 = clock();
	parsed *p = parse_n(text, len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("%s: %.3f s\n", what, secs);
	if (secs > BUDGET)
		fail_msg("%s took %.3f s (budget %.1f s)", what, secs, BUDGET);
	return p;
}

/* A buffer of head, then rep repeated n times, then tail. */
static char *repeat(const char *head, const char *rep, size_t n, const char *tail, size_t *len)
{
	size_t h = strlen(head), r = strlen(rep), t = strlen(tail);
	char *s = malloc(h + r * n + t + 1);
	memcpy(s, head, h);
	for (size_t i = 0; i < n; i++)
		memcpy(s + h + i * r, rep, r);
	memcpy(s + h + r * n, tail, t + 1);
	*len = h + r * n + t;
	return s;
}

static void test_pathological(void **state)
{
	(void)state;
	size_t len;
	/* 100,000 continuation lines in one RUN. */
	char *s = repeat("FROM a\nRUN echo \\\n", "  x \\\n", 100000, "  end\n", &len);
	parsed *p = timed("100k continuation lines", s, len);
	assert_int_equal(p->df.ninstrs, 2);
	assert_int_equal(p->df.instrs[1]->argc, 100002);
	const pl_df_word *last = &p->df.instrs[1]->argv[100001];
	assert_int_equal(pl_source_pos(&p->src, last->span.off).line, 100003);
	done(p);
	free(s);
	/* A 10 MB line: 800,000 package names, then one 10 MB word. */
	s = repeat("FROM a\nRUN apt-get install ", "package-name ", 10 * 1024 * 1024 / 13, "\n", &len);
	p = timed("10 MB line of words", s, len);
	assert_int_equal(p->df.nerrors, 0);
	assert_int_equal(p->df.instrs[1]->argc, 2 + 10 * 1024 * 1024 / 13);
	done(p);
	free(s);
	s = repeat("FROM a\nLABEL big=", "x", 10 * 1024 * 1024, "\n", &len);
	p = timed("10 MB word", s, len);
	assert_int_equal(strlen(p->df.instrs[1]->kvs[0].value), 10 * 1024 * 1024);
	done(p);
	free(s);
	/* 100,000 instructions. */
	s = repeat("FROM a\n", "RUN echo hi\n", 100000, "", &len);
	p = timed("100k instructions", s, len);
	assert_int_equal(p->df.ninstrs, 100001);
	assert_int_equal(p->df.stages[0].ninstrs, 100001);
	done(p);
	free(s);
	/* An unterminated heredoc at the start of a large file. */
	s = repeat("FROM a\nRUN <<EOF\n", "RUN echo hi\n", 200000, "", &len);
	p = timed("unterminated heredoc", s, len);
	assert_int_equal(p->df.ninstrs, 2);
	assert_int_equal(p->df.nerrors, 1);
	assert_true(p->df.instrs[1]->heredocs[0].unterminated);
	done(p);
	free(s);
	/* Many heredocs on one line, many flags, deep ${ nesting in FROM. */
	s = repeat("FROM a\nRUN cat ", "<<E ", 50000, "\nE\n", &len);
	p = timed("50k heredocs on a line", s, len);
	assert_int_equal(p->df.instrs[1]->nheredocs, 50000);
	done(p);
	free(s);
	s = repeat("FROM a\nRUN ", "--network=none ", 100000, "true\n", &len);
	p = timed("100k duplicate flags", s, len);
	assert_int_equal(p->df.instrs[1]->nflags, 100000);
	done(p);
	free(s);
	s = repeat("ARG X=1\nFROM ", "${X:-", 100000, "a\n", &len);
	p = timed("deep ${ in FROM", s, len);
	assert_int_equal(p->df.nstages, 1);
	done(p);
	free(s);
	s = malloc(100000 * 40);
	len = 0;
	for (int i = 0; i < 100000; i++)
		len += (size_t)sprintf(s + len, "FROM s%d AS s%d\n", i, i + 1);
	p = timed("100k linked stages", s, len);
	assert_int_equal(p->df.nstages, 100000);
	assert_ptr_equal(p->df.stages[99999].base, &p->df.stages[99998]);
	assert_null(p->df.stages[0].base);
	done(p);
	free(s);
	s = repeat("ARG X=", "ab", 200000, "\nFROM ${X//a*b*a*b/c}${X%%b*a*b*a}\n", &len);
	p = timed("pattern expansion of a long ARG", s, len);
	assert_int_equal(p->df.nstages, 1);
	done(p);
	free(s);
	s = repeat("FROM a\n", "ONBUILD ", 100000, "RUN x\n", &len);
	p = timed("ONBUILD chain", s, len);
	assert_int_equal(p->df.ninstrs, 2);
	done(p);
	free(s);
	s = repeat("FROM a\nCMD ", "[", 100000, "\n", &len);
	p = timed("deep JSON", s, len);
	assert_int_equal(p->df.ninstrs, 2);
	done(p);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_imageref),
		cmocka_unit_test(test_spans_across_continuations),
		cmocka_unit_test(test_spans_heredoc_and_exec),
		cmocka_unit_test(test_shell_heredoc_combined),
		cmocka_unit_test(test_error_recovery),
		cmocka_unit_test(test_binary_input),
		cmocka_unit_test(test_robust_prefixes),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_pathological),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
