/*
** Unit tests of the shell parser: the questions rules ask, wrappers,
** sh -c strings with exact spans, text maps (physical spans through a
** logical text), context and join bits, source order, pathological
** inputs under a time bound, and every RUN of the shared corpus.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cmocka.h>

#include "plimsoll/shell.h"
#include "testlib.h"

/* ---- helpers ------------------------------------------------------------- */

static pl_arena arena;

static int setup(void **state)
{
	(void)state;
	pl_arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pl_arena_free(&arena);
	return 0;
}

static pl_sh_script *parse(const char *s)
{
	return pl_sh_parse(&arena, s, strlen(s), NULL, 0);
}

/* The first command (in source order) whose effective name is name. */
static const pl_sh_cmd *find(const pl_sh_script *sh, const char *name)
{
	for (size_t i = 0; i < sh->ncmds; i++)
		if (strcmp(sh->cmds[i]->name, name) == 0)
			return sh->cmds[i];
	fail_msg("no command '%s'", name);
	return NULL;
}

/* Offset of the nth (0-based) occurrence of needle in hay. */
static size_t off(const char *hay, const char *needle, int nth)
{
	const char *p = hay;
	for (int i = 0; i <= nth; i++) {
		p = strstr(i ? p + 1 : p, needle);
		if (!p)
			fail_msg("'%s' not found %d times", needle, nth + 1);
	}
	return (size_t)(p - hay);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time: a loaded machine does not fail it */
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- questions --------------------------------------------------------------- */

static void test_flags(void **state)
{
	(void)state;
	pl_sh_script *sh = parse("apt-get install -qy --no-install-recommends "
	                         "-o APT::Install-Recommends=false curl=1.2 -- -notaflag");
	const pl_sh_cmd *c = find(sh, "apt-get");
	assert_true(pl_sh_cmd_is(c, "apt-get"));
	assert_false(pl_sh_cmd_is(c, "apt"));
	assert_true(pl_sh_cmd_has_flag(c, "-y"));  /* inside the cluster -qy */
	assert_true(pl_sh_cmd_has_flag(c, "-q"));
	assert_false(pl_sh_cmd_has_flag(c, "-x"));
	assert_true(pl_sh_cmd_has_flag(c, "--no-install-recommends"));
	assert_false(pl_sh_cmd_has_flag(c, "--no-install"));  /* long flags match whole */
	assert_false(pl_sh_cmd_has_flag(c, "-n"));  /* -notaflag is after -- */
	assert_false(pl_sh_cmd_has_flag(c, "--yes"));
	static const char *const yes[] = {"--yes", "--assume-yes", "-y", NULL};
	static const char *const no[] = {"--yes", "-z", NULL};
	assert_true(pl_sh_cmd_has_any_flag(c, yes));
	assert_false(pl_sh_cmd_has_any_flag(c, no));
	assert_true(pl_sh_cmd_has_flag_value(c, "-o", "APT::Install-Recommends=false"));
	assert_false(pl_sh_cmd_has_flag_value(c, "-o", "APT::Other=1"));

	assert_int_equal(pl_sh_cmd_argc(c), 8);
	assert_string_equal(pl_sh_cmd_arg(c, 0)->text, "install");
	assert_string_equal(pl_sh_cmd_arg(c, 7)->text, "-notaflag");
	assert_null(pl_sh_cmd_arg(c, 8));
	assert_true(pl_sh_cmd_has_arg(c, "curl=1.2"));
	assert_false(pl_sh_cmd_has_arg(c, "curl"));

	const pl_sh_word *ops[8];
	size_t n = pl_sh_cmd_nonflags(c, ops, 8);
	/* -o takes a value nonflags does not know of: APT::… counts */
	assert_int_equal(n, 4);
	assert_string_equal(ops[0]->text, "install");
	assert_string_equal(ops[1]->text, "APT::Install-Recommends=false");
	assert_string_equal(ops[2]->text, "curl=1.2");
	assert_string_equal(ops[3]->text, "-notaflag");
	static const char *const apt_valued[] = {"-o", "-t", NULL};
	n = pl_sh_cmd_operands(c, apt_valued, ops, 2);
	assert_int_equal(n, 3); /* the count, though only 2 fit */
	assert_string_equal(ops[0]->text, "install");
	assert_string_equal(ops[1]->text, "curl=1.2");
	assert_true(pl_sh_cmd_subcommand_is(c, "install"));
	assert_false(pl_sh_cmd_subcommand_is(c, "update"));

	sh = parse("cmd -y=1 --yes=no; apt-get -y update; rm -rf /x; tar -xzf a.tgz; set -eo pipefail");
	c = find(sh, "cmd");
	assert_true(pl_sh_cmd_has_flag(c, "-y"));
	assert_true(pl_sh_cmd_has_flag(c, "--yes"));
	assert_true(pl_sh_cmd_subcommand_is(find(sh, "apt-get"), "update"));
	assert_true(pl_sh_cmd_has_flag(find(sh, "rm"), "-r"));
	assert_true(pl_sh_cmd_has_flag(find(sh, "rm"), "-f"));
	assert_true(pl_sh_cmd_has_flag_value(find(sh, "set"), "-o", "pipefail"));
	const char *v = NULL;
	assert_non_null(pl_sh_cmd_flag_value(find(sh, "tar"), "-f", &v));
	assert_string_equal(v, "a.tgz"); /* last in the cluster: the next word */
}

static void test_flag_values(void **state)
{
	(void)state;
	pl_sh_script *sh = parse("pip install --index-url=u1 -i u2 -ru3 --target t -c=c4 x -- --index-url z");
	const pl_sh_cmd *c = find(sh, "pip");
	const char *v = NULL;
	const pl_sh_word *w = pl_sh_cmd_flag_value(c, "--index-url", &v);
	assert_non_null(w);
	assert_string_equal(v, "u1");
	assert_string_equal(w->text, "--index-url=u1");
	w = pl_sh_cmd_flag_value(c, "-i", &v);
	assert_string_equal(v, "u2");
	assert_string_equal(w->text, "u2"); /* the value's own word */
	pl_sh_cmd_flag_value(c, "-r", &v);
	assert_string_equal(v, "u3");
	pl_sh_cmd_flag_value(c, "--target", &v);
	assert_string_equal(v, "t");
	pl_sh_cmd_flag_value(c, "-c", &v);
	assert_string_equal(v, "c4");
	assert_null(pl_sh_cmd_flag_value(c, "--no-such", &v));
	assert_null(v);
	assert_null(pl_sh_cmd_flag_value(c, "-z", NULL));

	static const char *const pip_valued[] = {"-i", "--index-url", "--target", "-r", NULL};
	const pl_sh_word *ops[8];
	size_t n = pl_sh_cmd_operands(c, pip_valued, ops, 8);
	assert_int_equal(n, 4);
	assert_string_equal(ops[0]->text, "install");
	assert_string_equal(ops[1]->text, "x");
	assert_string_equal(ops[2]->text, "--index-url"); /* after -- */
	assert_string_equal(ops[3]->text, "z");

	sh = parse("curl -o");
	assert_null(pl_sh_cmd_flag_value(find(sh, "curl"), "-o", &v)); /* no value after it */
	assert_true(pl_sh_cmd_has_flag(find(sh, "curl"), "-o"));
	sh = parse("x \"-y\" '--yes'");
	assert_true(pl_sh_cmd_has_flag(find(sh, "x"), "-y"));
	assert_true(pl_sh_cmd_has_flag(find(sh, "x"), "--yes"));
	sh = parse("x - --");
	assert_int_equal(pl_sh_cmd_nonflags(find(sh, "x"), NULL, 0), 1); /* "-" is stdin, an operand */
}

static void test_wrappers(void **state)
{
	(void)state;
	pl_sh_script *sh = parse("sudo -u x apt-get install -y curl");
	const pl_sh_cmd *c = find(sh, "apt-get");
	assert_string_equal(c->wrapper, "sudo");
	assert_int_equal(c->argv0, 3);
	assert_true(pl_sh_cmd_subcommand_is(c, "install"));
	assert_true(pl_sh_cmd_has_flag(c, "-y"));
	assert_false(pl_sh_cmd_has_flag(c, "-u")); /* the wrapper's options are not the command's */

	sh = parse("env A=1 /usr/bin/pip install x");
	c = find(sh, "pip");
	assert_string_equal(c->wrapper, "env");
	assert_true(pl_sh_cmd_wrapped_by(c, "env"));
	assert_false(pl_sh_cmd_wrapped_by(c, "sudo"));
	assert_string_equal(c->words[c->argv0].text, "/usr/bin/pip");
	assert_int_equal(pl_sh_cmd_argc(c), 2);

	sh = parse("env A=1 nice sudo -u root apt-get update; sudo -v; sudo");
	c = find(sh, "apt-get");
	assert_string_equal(c->wrapper, "env");
	assert_true(pl_sh_cmd_wrapped_by(c, "sudo"));
	assert_true(pl_sh_cmd_wrapped_by(c, "nice"));
	assert_false(pl_sh_cmd_wrapped_by(c, "timeout"));
	assert_false(pl_sh_cmd_wrapped_by(sh->cmds[1], "sudo")); /* sudo -v runs nothing: it is the command */
	assert_true(pl_sh_cmd_is(sh->cmds[1], "sudo"));
	assert_true(pl_sh_cmd_is(sh->cmds[2], "sudo"));

	sh = parse("timeout 5 curl -fsSL x");
	c = find(sh, "curl");
	assert_string_equal(c->wrapper, "timeout");
	assert_true(pl_sh_cmd_has_flag(c, "-f"));

	sh = parse("command -v curl; env; exec \"$@\"; A=1; >f");
	assert_string_equal(sh->cmds[0]->name, "command");
	assert_null(sh->cmds[0]->wrapper);
	assert_string_equal(sh->cmds[1]->name, "env");
	assert_string_equal(sh->cmds[2]->name, "$@");
	assert_string_equal(sh->cmds[2]->wrapper, "exec");
	assert_string_equal(sh->cmds[3]->name, "");
	assert_int_equal(sh->cmds[3]->argv0, sh->cmds[3]->nwords);
	assert_int_equal(pl_sh_cmd_argc(sh->cmds[3]), 0);
	assert_null(pl_sh_cmd_arg(sh->cmds[3], 0));
	assert_string_equal(sh->cmds[4]->name, "");
}

/* ---- nested strings and maps ---------------------------------------------- */

static void test_nested(void **state)
{
	(void)state;
	const char *s = "sh -c 'apt-get update && rm -rf /var/lib/apt/lists/*'";
	pl_sh_script *sh = parse(s);
	assert_int_equal(sh->ncmds, 3);
	const pl_sh_cmd *c = find(sh, "apt-get");
	assert_true(c->ctx & PL_SH_NESTED);
	assert_int_equal(c->depth, 1);
	assert_int_equal(c->span.off, off(s, "apt-get", 0));
	assert_int_equal(c->span.len, strlen("apt-get update"));
	const pl_sh_cmd *rm = find(sh, "rm");
	assert_int_equal(rm->words[2].span.off, off(s, "/var", 0));
	assert_int_equal(pl_span_end(rm->span), off(s, "'", 1));
	assert_non_null(find(sh, "sh")->nested);
	assert_int_equal(sh->nsubs, 1);
	assert_int_equal(sh->subs[0].kind, PL_SH_SUB_STRING);

	/* escaped characters in a double-quoted script map to themselves */
	s = "bash -ec \"echo \\\"a b\\\" \\$HOME\"";
	sh = parse(s);
	c = find(sh, "echo");
	assert_int_equal(c->nwords, 3);
	assert_string_equal(c->words[1].text, "a b");
	assert_int_equal(c->words[1].span.off, off(s, "\"a b", 0));
	assert_int_equal(pl_span_end(c->words[1].span), off(s, "\\\" \\$", 0) + 2);
	assert_int_equal(c->words[2].span.off, off(s, "$HOME", 0));

	/* flag clusters, -o values, su; not for expansions */
	sh = parse("/bin/sh -o pipefail -xec 'a | b'; su app -c 'c'; sh -c \"$X\"; sh -c $Y; sh x -c 'no'");
	assert_true(find(sh, "a")->ctx & PL_SH_PIPE_SOURCE);
	assert_true(find(sh, "c")->ctx & PL_SH_NESTED);
	assert_string_equal(find(sh, "$X")->name, "$X"); /* inside the string: parsed as written */
	for (size_t i = 0; i < sh->ncmds; i++)
		assert_string_not_equal(sh->cmds[i]->name, "no");

	/* PL_SH_NO_NESTED */
	s = "sh -c 'a; b'";
	sh = pl_sh_parse(&arena, s, strlen(s), NULL, PL_SH_NO_NESTED);
	assert_int_equal(sh->ncmds, 1);
	assert_null(sh->cmds[0]->nested);
}

static void test_textmap(void **state)
{
	(void)state;
	/* physical: RUN apt-get \<nl>    install x ; logical: "apt-get     install x" */
	const char *phys = "RUN apt-get \\\n    install ab\\\ncd\n";
	const char *logical = "apt-get     install abcd";
	pl_textmap_seg segs[] = {
		{0, 4, 8},   /* "apt-get " */
		{8, 14, 14}, /* "    install ab" */
		{22, 30, 2}, /* "cd" */
	};
	pl_textmap m = {segs, 3, 0};
	pl_sh_script *sh = pl_sh_parse(&arena, logical, strlen(logical), &m, 0);
	assert_int_equal(sh->nerrors, 0);
	const pl_sh_cmd *c = find(sh, "apt-get");
	assert_int_equal(c->span.off, 4);
	assert_int_equal(c->words[1].span.off, off(phys, "install", 0));
	/* a word across a continuation covers it: "ab\<nl>cd" */
	assert_int_equal(c->words[2].span.off, off(phys, "ab", 0));
	assert_int_equal(pl_span_end(c->words[2].span), off(phys, "cd", 0) + 2);
	assert_string_equal(c->words[2].text, "abcd");
	assert_int_equal(pl_span_end(c->span), off(phys, "cd", 0) + 2);

	/* an sh -c string across a continuation: the map is composed */
	const char *phys2 = "RUN sh -c 'apt-get update \\\n  && ls -l'\n";
	const char *log2 = "sh -c 'apt-get update   && ls -l'";
	pl_textmap_seg segs2[] = {{0, 4, 22}, {22, 28, 11}};
	pl_textmap m2 = {segs2, 2, 0};
	sh = pl_sh_parse(&arena, log2, strlen(log2), &m2, 0);
	c = find(sh, "ls");
	assert_true(c->ctx & PL_SH_NESTED);
	assert_int_equal(c->span.off, off(phys2, "ls", 0));
	assert_int_equal(c->words[1].span.off, off(phys2, "-l", 0));
	assert_int_equal(find(sh, "apt-get")->span.off, off(phys2, "apt-get", 0));

	/* identity map with a base, and a heredoc body map */
	const char *phys3 = "RUN cat <<EOF\nbody\nEOF\n";
	pl_textmap m3 = {NULL, 0, 4};
	sh = pl_sh_parse(&arena, phys3 + 4, strlen(phys3 + 4), &m3, 0);
	c = find(sh, "cat");
	assert_int_equal(c->span.off, 4);
	const pl_sh_heredoc_body *b = c->redirs[0].heredoc;
	assert_non_null(b);
	assert_string_equal(b->text, "body\n");
	assert_int_equal(b->span.off, off(phys3, "body", 0));
	assert_int_equal(pl_textmap_phys(&b->map, 1), off(phys3, "ody", 0));

	/* backquotes: their own text, composed map */
	const char *s4 = "x=`echo \\`uname\\``";
	sh = parse(s4);
	assert_int_equal(find(sh, "uname")->span.off, off(s4, "uname", 0));
}

/* ---- context, join, order ---------------------------------------------------- */

static void test_ctx_join(void **state)
{
	(void)state;
	pl_sh_script *sh = parse("a | b && c & d; if e; then f; else g; fi; while h; do i; done\n"
	                         "(j); x=$(k); ! l; m || n; fn() { o; }; case z in q) p;; esac");
	const pl_sh_cmd *c;
	c = find(sh, "a");
	assert_int_equal(c->ctx, PL_SH_IN_PIPELINE | PL_SH_PIPE_SOURCE | PL_SH_IN_CONDITION | PL_SH_BACKGROUND);
	assert_int_equal(c->join, PL_SH_JOIN_NONE);
	c = find(sh, "b");
	assert_int_equal(c->ctx, PL_SH_IN_PIPELINE | PL_SH_IN_CONDITION | PL_SH_BACKGROUND);
	assert_int_equal(c->join, PL_SH_JOIN_PIPE);
	c = find(sh, "c");
	assert_int_equal(c->ctx, PL_SH_IN_BRANCH | PL_SH_BACKGROUND);
	assert_int_equal(c->join, PL_SH_JOIN_AND);
	c = find(sh, "d");
	assert_int_equal(c->ctx, 0);
	assert_int_equal(c->join, PL_SH_JOIN_BG);
	c = find(sh, "e");
	assert_int_equal(c->ctx, PL_SH_IN_CONDITION);
	assert_int_equal(c->depth, 1);
	assert_int_equal(find(sh, "f")->ctx, PL_SH_IN_BRANCH);
	assert_int_equal(find(sh, "g")->ctx, PL_SH_IN_BRANCH);
	assert_int_equal(find(sh, "h")->ctx, PL_SH_IN_CONDITION);
	assert_int_equal(find(sh, "i")->ctx, PL_SH_IN_LOOP);
	assert_int_equal(find(sh, "j")->ctx, PL_SH_IN_SUBSHELL);
	assert_int_equal(find(sh, "j")->join, PL_SH_JOIN_NONE);
	c = find(sh, "k");
	assert_int_equal(c->ctx, PL_SH_IN_SUBST);
	assert_int_equal(c->depth, 1);
	assert_int_equal(find(sh, "")->nassigns, 1); /* x=$(k) */
	assert_int_equal(find(sh, "l")->ctx, PL_SH_NEGATED);
	assert_int_equal(find(sh, "m")->ctx, PL_SH_IN_CONDITION);
	assert_int_equal(find(sh, "n")->join, PL_SH_JOIN_OR);
	assert_int_equal(find(sh, "o")->ctx, PL_SH_IN_FUNCTION);
	assert_int_equal(find(sh, "p")->ctx, PL_SH_IN_BRANCH);
	assert_int_equal(sh->nerrors, 0);
}

static void test_order(void **state)
{
	(void)state;
	/* made in another order (substitutions before their command, sh -c after) */
	const char *s = "echo $(a) `b` | sh -c 'c; d' $(e)";
	pl_sh_script *sh = parse(s);
	static const char *const names[] = {"echo", "a", "b", "sh", "c", "d", "e"};
	assert_int_equal(sh->ncmds, PL_ARRAY_LEN(names));
	for (size_t i = 0; i < sh->ncmds; i++) {
		assert_string_equal(sh->cmds[i]->name, names[i]);
		assert_int_equal(sh->cmds[i]->index, i);
		if (i)
			assert_true(sh->cmds[i - 1]->span.off < sh->cmds[i]->span.off);
	}
	assert_int_equal(sh->nsubs, 4);
	for (size_t i = 1; i < sh->nsubs; i++)
		assert_true(sh->subs[i - 1].span.off < sh->subs[i].span.off);
	assert_true(find(sh, "e")->ctx & PL_SH_IN_SUBST);
	assert_false(find(sh, "e")->ctx & PL_SH_PIPE_SOURCE); /* a pipe does not reach into $( ) */
	assert_true(find(sh, "c")->ctx & PL_SH_IN_PIPELINE); /* but into sh -c, which it runs */
}

static void test_recovery(void **state)
{
	(void)state;
	pl_sh_script *sh = parse("if a; then b; done; apt-get install x; echo 'open");
	assert_true(sh->nerrors >= 2);
	assert_true(pl_sh_cmd_subcommand_is(find(sh, "apt-get"), "install"));
	assert_string_equal(sh->errors[sh->nerrors - 1].message, "unterminated single quote");

	sh = pl_sh_parse(&arena, NULL, 0, NULL, 0);
	assert_null(sh->root);
	assert_int_equal(sh->ncmds, 0);
	sh = parse("  # only a comment\n\n");
	assert_null(sh->root);
	assert_int_equal(sh->nerrors, 0);

	/* heredoc bodies given elsewhere (a Dockerfile heredoc) */
	const char *s = "cat <<EOF > /etc/x";
	sh = pl_sh_parse(&arena, s, strlen(s), NULL, PL_SH_EXTERNAL_HEREDOCS);
	assert_int_equal(sh->nerrors, 0);
	sh = pl_sh_parse(&arena, s, strlen(s), NULL, 0);
	assert_int_equal(sh->nerrors, 1);
	/* ... but not for the heredocs of a nested string */
	s = "sh -c 'cat <<EOF'";
	sh = pl_sh_parse(&arena, s, strlen(s), NULL, PL_SH_EXTERNAL_HEREDOCS);
	assert_int_equal(sh->nerrors, 1);
}

/* ---- pathological inputs ---------------------------------------------------- */

/* unit repeated times, then tail; malloc'd */
static char *repeat(const char *unit, size_t times, const char *tail, size_t *n)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *s = malloc(u * times + t + 1);
	assert_non_null(s);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	memcpy(s + u * times, tail, t + 1);
	*n = u * times + t;
	return s;
}

typedef struct patho {
	const char *unit;    /* repeated */
	size_t times;
	const char *tail;
	const char *error;   /* expected first error, or NULL for none */
	size_t min_cmds;     /* at least this many commands */
} patho;

static void test_pathological(void **state)
{
	(void)state;
	static const patho cases[] = {
		{"(", 100000, "", "unterminated arithmetic command", 1},
		{"( ", 100000, "", "nesting too deep (more than 256 levels)", 0},
		{"$(", 100000, "", "nesting too deep (more than 256 levels)", 256},
		{"a && ", 200000, "a", NULL, 200001},
		{"\"$(", 100000, "", "nesting too deep (more than 256 levels)", 100},
		{"`", 100001, "", "unterminated backquote", 1},
		{"${", 100000, "", "nesting too deep (more than 256 levels)", 1},
		{"<(", 100000, "", "nesting too deep (more than 256 levels)", 256},
		{"{ ", 100000, "", "nesting too deep (more than 256 levels)", 0},
		{"if a; then ", 100000, "", "nesting too deep (more than 256 levels)", 256},
		{"f() ", 100000, "", "missing body of function 'f'", 0},
		{"a | ", 200000, "a", NULL, 200001},
		{"echo a; ", 125000, "", NULL, 125000},
		{"cat <<E\n", 100000, "", "unterminated here-document 'E'", 1},
		{"x", 1000000, "", NULL, 1},
		{"\\\n", 500000, "", NULL, 0},
		{"a=(", 100000, "", "unterminated array assignment", 1},
		{"[[ ", 100000, "", "missing ']]'", 1},
		{"((a)", 100000, "", "missing ')'", 1},
		{"sh -c \"", 31, "", "unterminated double quote", 1},
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(cases); i++) {
		const patho *p = &cases[i];
		size_t n;
		char *s = repeat(p->unit, p->times, p->tail, &n);
		pl_arena a;
		pl_arena_init(&a);
		double t0 = now();
		pl_sh_script *sh = pl_sh_parse(&a, s, n, NULL, 0);
		double dt = now() - t0;
		/* linear work is well under a second even with sanitizers; quadratic is hours */
		if (dt > 10.0)
			fail_msg("'%s' x %zu took %.1fs", p->unit, p->times, dt);
		if (p->error) {
			if (sh->nerrors == 0 || strcmp(sh->errors[0].message, p->error) != 0)
				fail_msg("'%s' x %zu: wanted '%s', got '%s'", p->unit, p->times, p->error,
				         sh->nerrors ? sh->errors[0].message : "no error");
		} else if (sh->nerrors) {
			fail_msg("'%s' x %zu: unexpected error '%s'", p->unit, p->times, sh->errors[0].message);
		}
		assert_true(sh->nerrors <= PL_SH_MAX_ERRORS);
		assert_true(sh->ncmds >= p->min_cmds);
		/* memory stays linear: a few hundred bytes per byte of input at most */
		assert_true(a.used < 512 * n + (1u << 20));
		pl_arena_free(&a);
		free(s);
	}

	/* an unterminated quote at the start of 1 MB */
	size_t n;
	char *s = repeat("a && b ", 150000, "", &n);
	s[0] = '\'';
	pl_arena a;
	pl_arena_init(&a);
	double t0 = now();
	pl_sh_script *sh = pl_sh_parse(&a, s, n, NULL, 0);
	assert_true(now() - t0 < 10.0);
	assert_int_equal(sh->nerrors, 1);
	assert_string_equal(sh->errors[0].message, "unterminated single quote");
	assert_int_equal(sh->errors[0].span.off, 0);
	assert_int_equal(sh->errors[0].span.len, n);
	pl_arena_free(&a);
	free(s);

	/* 200 nested $( around 1 MB: each level copies its inside into its word, within a budget */
	char *big = malloc(200 * 2 + 1000000 + 200 + 1);
	assert_non_null(big);
	size_t k = 0;
	for (int i = 0; i < 200; i++)
		big[k++] = '$', big[k++] = '(';
	memset(big + k, 'x', 1000000);
	k += 1000000;
	for (int i = 0; i < 200; i++)
		big[k++] = ')';
	big[k] = '\0';
	pl_arena_init(&a);
	sh = pl_sh_parse(&a, big, k, NULL, 0);
	assert_int_equal(sh->nerrors, 0);
	assert_int_equal(sh->ncmds, 201);
	assert_true(a.used < 40 * k);
	pl_arena_free(&a);
	free(big);
}

/* ---- the corpus ------------------------------------------------------------------ */

/* The line is an instruction with keyword kw (any case). */
static bool is_instr(const char *l, const char *kw)
{
	while (*l == ' ' || *l == '\t')
		l++;
	size_t n = strlen(kw);
	return strncasecmp(l, kw, n) == 0 && (l[n] == ' ' || l[n] == '\t');
}

static size_t check_run(const char *file, size_t lineno, const char *text, size_t len, unsigned opts)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_sh_script *sh = pl_sh_parse(&a, text, len, NULL, opts);
	size_t bad = sh->nerrors;
	if (bad)
		fprintf(stderr, "%s:%zu: %s\n  %.*s\n", file, lineno, sh->errors[0].message, (int)len, text);
	pl_arena_free(&a);
	return bad;
}

/*
** Crudely, as the Dockerfile parser will do it properly: join
** continuation lines (dropping comment and blank lines inside), take
** the text after RUN and its --flags, skip exec form and RUNs after a
** SHELL that is not sh; a RUN <<EOF body is parsed as a script too.
*/
static size_t check_dockerfile(const char *name, char *text, size_t *nruns)
{
	size_t bad = 0, nlines = 0, cap = 1024;
	char **lines = malloc(cap * sizeof(*lines));
	for (char *p = text; p && *p;) {
		if (nlines == cap)
			lines = realloc(lines, (cap *= 2) * sizeof(*lines));
		lines[nlines++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	bool other_shell = false;
	size_t bufcap = 1 << 20;
	char *buf = malloc(bufcap);
	for (size_t i = 0; i < nlines; i++) {
		if (is_instr(lines[i], "SHELL")) {
			other_shell = !strstr(lines[i], "sh\"");
			continue;
		}
		if (!is_instr(lines[i], "RUN") || other_shell)
			continue;
		size_t first = i, bl = 0;
		const char *s = lines[i] + strspn(lines[i], " \t") + 3; /* after RUN */
		for (;;) {
			size_t sl = strlen(s);
			while (sl && (s[sl - 1] == '\r' || s[sl - 1] == ' ' || s[sl - 1] == '\t'))
				sl--;
			bool cont = sl && s[sl - 1] == '\\';
			if (cont)
				sl--;
			if (bl + sl + 1 < bufcap) {
				memcpy(buf + bl, s, sl);
				bl += sl;
			}
			if (!cont || i + 1 >= nlines)
				break;
			do {
				s = lines[++i];
				const char *z = s + strspn(s, " \t");
				if (*z != '#' && *z != '\0' && *z != '\r')
					break;
			} while (i + 1 < nlines);
		}
		buf[bl] = '\0';
		char *b = buf + strspn(buf, " \t");
		while (strncmp(b, "--", 2) == 0) {
			b += strcspn(b, " \t");
			b += strspn(b, " \t");
		}
		if (*b == '[')
			continue;
		(*nruns)++;
		bad += check_run(name, first + 1, b, strlen(b), PL_SH_EXTERNAL_HEREDOCS);
		/* RUN <<EOF: the body up to the delimiter line is a script of its own */
		const char *h = strstr(b, "<<");
		if (h && i + 1 < nlines) {
			h += 2 + (h[2] == '-');
			h += strspn(h, "\"'");
			size_t dl = strspn(h, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789");
			if (dl == 0)
				continue;
			size_t body = 0;
			for (i++; i < nlines && !(strncmp(lines[i], h, dl) == 0 && lines[i][dl] == '\0'); i++) {
				size_t ll = strlen(lines[i]);
				if (body + ll + 2 < bufcap / 2) {
					memcpy(buf + bufcap / 2 + body, lines[i], ll);
					body += ll;
					buf[bufcap / 2 + body++] = '\n';
				}
			}
			(*nruns)++;
			bad += check_run(name, first + 2, buf + bufcap / 2, body, 0);
		}
	}
	free(buf);
	free(lines);
	return bad;
}

static void test_corpus(void **state)
{
	(void)state;
	const char *dir = PL_SOURCE_DIR "/../shared/corpus/dockerfiles";
	DIR *d = opendir(dir);
	if (!d) {
		skip();
		return;
	}
	size_t bad = 0, nruns = 0, nfiles = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		size_t len;
		char *text = pl_test_read_file(path, &len);
		if (!text)
			continue;
		nfiles++;
		bad += check_dockerfile(e->d_name, text, &nruns);
		free(text);
	}
	closedir(d);
	print_message("corpus: %zu files, %zu RUN scripts, %zu with errors\n", nfiles, nruns, bad);
	assert_true(nruns > 0);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flag_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrappers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textmap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ctx_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery, setup, teardown),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
