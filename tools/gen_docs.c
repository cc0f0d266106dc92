/*
** Build-time tool: everything that lists plimsoll's options, formats and
** rules, made from the one list of each (src/cli_options.h,
** PL_FORMAT_LIST in plimsoll/output.h, rules/rules.def through the
** registry), so none of them is ever written twice by hand:
**
**     pl_gen_docs OUTDIR docs/man.txt
**
** writes OUTDIR/plimsoll.1 (the man page: the hand-written sections of
** docs/man.txt with the options put in at @OPTIONS@), the completions
** OUTDIR/plimsoll.bash, OUTDIR/_plimsoll (zsh) and OUTDIR/plimsoll.fish,
** and OUTDIR/rules.md (the rules index committed as docs/rules.md).
**
** docs/man.txt is plain text: "# TITLE" starts a section, a blank line
** a paragraph, "* TERM" a tagged paragraph (its text on the lines below),
** "- " a bullet, lines indented by four spaces are shown as they are, and
** `code` is set in bold.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "plimsoll/output.h"
#include "plimsoll/rule.h"

#ifndef PL_VERSION
#define PL_VERSION "0.0.0"
#endif

typedef pl_cli_option opt;

static const char *const formats[] = {
#define PL__X(n, fn) n,
	PL_FORMAT_LIST(PL__X)
#undef PL__X
};

/* How an option's value is completed, by its metavariable. */
typedef enum value_kind {
	V_NONE,    /* a number or free text: nothing to offer */
	V_FILE,    /* a path */
	V_RULES,   /* rule codes, comma-separated */
	V_RULE,    /* one rule code */
	V_FORMAT,  /* an output format */
	V_LEVEL,   /* a severity */
	V_WORDS,   /* one of the words given */
	V_PROGRAM, /* a program, or the words given */
} value_kind;

static const struct {
	const char *arg;
	value_kind kind;
	const char *words; /* V_WORDS, V_PROGRAM: blank-separated */
} arg_values[] = {
	{"FORMAT", V_FORMAT, NULL},
	{"RULES", V_RULES, NULL},
	{"RULE", V_RULE, NULL},
	{"RULE=LEVEL", V_RULE, NULL},
	{"LEVEL", V_LEVEL, NULL},
	{"FILE", V_FILE, NULL},
	{"NAME", V_FILE, NULL},
	{"GLOB", V_FILE, NULL},
	{"WHEN", V_WORDS, "auto always never"},
	{"WHAT", V_WORDS, "ast shell compose"},
	{"PATH|off", V_PROGRAM, "off"},
	{"BYTES", V_NONE, NULL},
	{"SECONDS", V_NONE, NULL},
	{"N", V_NONE, NULL},
};

static int failed; /* a write failed, or a metavariable is not in arg_values */

static value_kind kind_of(const opt *o, const char **words)
{
	*words = NULL;
	for (size_t i = 0; i < PL_ARRAY_LEN(arg_values); i++) {
		if (strcmp(arg_values[i].arg, o->arg) == 0) {
			*words = arg_values[i].words;
			return arg_values[i].kind;
		}
	}
	fprintf(stderr, "pl_gen_docs: --%s takes '%s': say how to complete it in arg_values (tools/gen_docs.c)\n",
	        o->long_name, o->arg);
	failed = 1;
	return V_NONE;
}

/* The words a value of kind k may be (V_FORMAT, V_LEVEL, V_WORDS), blank-separated; else NULL. */
static const char *word_list(value_kind k, const char *words)
{
	static char buf[512];
	size_t n = 0;
	buf[0] = '\0';
	if (k == V_WORDS)
		return words;
	if (k == V_FORMAT)
		for (size_t f = 0; f < PL_ARRAY_LEN(formats); f++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", f ? " " : "", formats[f]);
	else if (k == V_LEVEL)
		for (int v = PL_SEV_STYLE; v <= PL_SEV_NONE; v++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", v > PL_SEV_STYLE ? " " : "",
			                      pl_severity_name((pl_severity)v));
	else
		return NULL;
	return buf;
}

static FILE *create(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "pl_gen_docs: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void finish(FILE *f, const char *name)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "pl_gen_docs: cannot write %s\n", name);
		failed = 1;
	}
}

/* ---- the man page ------------------------------------------------------ */

/* s[0..n) as roff text: `code` in bold, '-' and '\' escaped, no control line. */
static void roff(FILE *out, const char *s, size_t n)
{
	bool bold = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (i == 0 && (c == '.' || c == '\''))
			fputs("\\&", out);
		if (c == '`') {
			fputs(bold ? "\\fR" : "\\fB", out);
			bold = !bold;
		} else if (c == '-') {
			fputs("\\-", out);
		} else if (c == '\\') {
			fputs("\\e", out);
		} else {
			fputc(c, out);
		}
	}
	if (bold)
		fputs("\\fR", out);
}

static void roff_line(FILE *out, const char *s)
{
	roff(out, s, strlen(s));
	fputc('\n', out);
}

static void man_options(FILE *out)
{
	for (size_t i = 0; i < pl_cli_noptions; i++) {
		const opt *o = &pl_cli_options[i];
		fputs(".TP\n", out);
		if (o->short_name)
			fprintf(out, "\\fB\\-%c\\fR, ", o->short_name);
		fputs("\\fB\\-\\-", out);
		roff(out, o->long_name, strlen(o->long_name));
		fputs("\\fR", out);
		if (o->arg) {
			fputs(" \\fI", out);
			roff(out, o->arg, strlen(o->arg));
			fputs("\\fR", out);
		}
		fputc('\n', out);
		roff_line(out, o->help);
	}
}

static void gen_man(const char *dir, const char *data_path)
{
	FILE *in = fopen(data_path, "r");
	if (!in) {
		fprintf(stderr, "pl_gen_docs: %s: %s\n", data_path, strerror(errno));
		exit(1);
	}
	FILE *out = create(dir, "plimsoll.1");
	fputs(".\\\" Generated by tools/gen_docs.c from docs/man.txt and src/cli_options.h: do not edit.\n",
	      out);
	fputs(".TH PLIMSOLL 1 \"\" \"plimsoll " PL_VERSION "\" \"User Commands\"\n", out);
	char line[4096];
	bool verbatim = false, para = false; /* inside a verbatim block; a paragraph break is due */
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		bool indented = strncmp(line, "    ", 4) == 0;
		if (verbatim && !indented) {
			fputs(".fi\n.RE\n", out);
			verbatim = false;
		}
		if (!line[0]) {
			para = true;
		} else if (strncmp(line, "# ", 2) == 0) {
			fputs(".SH ", out);
			roff_line(out, line + 2);
			para = false;
		} else if (strcmp(line, "@OPTIONS@") == 0) {
			man_options(out);
			para = false;
		} else if (strncmp(line, "* ", 2) == 0) {
			fputs(".TP\n\\fB", out);
			roff(out, line + 2, strlen(line + 2));
			fputs("\\fR\n", out);
			para = false;
		} else if (strncmp(line, "- ", 2) == 0) {
			fputs(".IP \\(bu 2\n", out);
			roff_line(out, line + 2);
			para = false;
		} else if (indented) {
			if (!verbatim)
				fputs(".PP\n.RS 4\n.nf\n", out);
			verbatim = true;
			roff_line(out, line + 4);
			para = false;
		} else {
			if (para)
				fputs(".PP\n", out);
			para = false;
			roff_line(out, line);
		}
	}
	if (verbatim)
		fputs(".fi\n.RE\n", out);
	fclose(in);
	finish(out, "plimsoll.1");
}

/* ---- completions ------------------------------------------------------- */

static void each_rule_code(FILE *out, const char *sep)
{
	for (size_t i = 0; i < pl_rule_count; i++)
		fprintf(out, "%s%s", i ? sep : "", pl_rules[i]->id);
}

static void gen_bash(const char *dir)
{
	FILE *out = create(dir, "plimsoll.bash");
	fputs("# bash completion for plimsoll.  Generated by tools/gen_docs.c: do not edit.\n"
	      "_plimsoll() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tif [[ $cur == = ]]; then cur=; fi\n"
	      "\tif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
	      "\tlocal rules='",
	      out);
	each_rule_code(out, " ");
	fputs("'\n\tcase $prev in\n", out);
	for (size_t i = 0; i < pl_cli_noptions; i++) {
		const opt *o = &pl_cli_options[i];
		if (!o->arg)
			continue;
		const char *words;
		value_kind k = kind_of(o, &words);
		fprintf(out, "\t--%s", o->long_name);
		if (o->short_name)
			fprintf(out, "|-%c", o->short_name);
		fputs(")\n\t\t", out);
		switch (k) {
		case V_NONE: fputs("COMPREPLY=()", out); break;
		case V_FILE: fputs("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))", out); break;
		case V_RULE: fputs("COMPREPLY=($(compgen -W \"$rules\" -- \"$cur\"))", out); break;
		case V_RULES:
			/* complete the item after the last comma */
			fputs("local done=; [[ $cur == *,* ]] && done=${cur%,*},\n"
			      "\t\tcompopt -o nospace 2>/dev/null; COMPREPLY=($(compgen -P \"$done\" -W \"$rules\" -- \"${cur##*,}\"))",
			      out);
			break;
		case V_FORMAT:
		case V_LEVEL:
		case V_WORDS:
			fprintf(out, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))", word_list(k, words));
			break;
		case V_PROGRAM:
			fprintf(out, "COMPREPLY=($(compgen -c -W \"%s\" -- \"$cur\"))", words);
			break;
		}
		fputs("\n\t\treturn ;;\n", out);
	}
	fputs("\tesac\n\tif [[ $cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W '", out);
	for (size_t i = 0; i < pl_cli_noptions; i++) {
		const opt *o = &pl_cli_options[i];
		fprintf(out, "%s--%s", i ? " " : "", o->long_name);
		if (o->short_name)
			fprintf(out, " -%c", o->short_name);
	}
	fputs("' -- \"$cur\"))\n\t\treturn\n\tfi\n"
	      "\tcompopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "}\n"
	      "complete -F _plimsoll plimsoll\n",
	      out);
	finish(out, "plimsoll.bash");
}

/* s inside a zsh or fish single-quoted string: each ' closes, is escaped and reopens. */
static void sh_quoted(FILE *out, const char *s, bool fish)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs(fish ? "\\'" : "'\\''", out);
		else if (fish && *s == '\\')
			fputs("\\\\", out);
		else
			fputc(*s, out);
	}
}

/* s in an _arguments or _values description, inside single quotes: ']' and ':' escaped. */
static void zsh_desc(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ']' || *s == ':' || *s == '[' || *s == '\\')
			fputc('\\', out);
		if (*s == '\'')
			fputs("'\\''", out);
		else
			fputc(*s, out);
	}
}

static void gen_zsh(const char *dir)
{
	FILE *out = create(dir, "_plimsoll");
	fputs("#compdef plimsoll\n# zsh completion for plimsoll.  Generated by tools/gen_docs.c: do not edit.\n\n"
	      "_plimsoll_rules() {\n\t_values -s , 'rule'",
	      out);
	for (size_t i = 0; i < pl_rule_count; i++) {
		fprintf(out, " \\\n\t\t'%s[", pl_rules[i]->id);
		zsh_desc(out, pl_rules[i]->summary);
		fputs("]'", out);
	}
	fputs("\n}\n\n_plimsoll_rule() {\n\tlocal -a codes=(", out);
	each_rule_code(out, " ");
	fputs(")\n\t_describe 'rule' codes\n}\n\n_arguments -s -S \\\n", out);
	for (size_t i = 0; i < pl_cli_noptions; i++) {
		const opt *o = &pl_cli_options[i];
		const char *words = NULL;
		value_kind k = o->arg ? kind_of(o, &words) : V_NONE;
		fputc('\t', out);
		const char *rep = o->arg ? "*" : ""; /* options with a value may be repeated */
		if (o->short_name)
			fprintf(out, "'%s(-%c --%s)'{-%c%s,--%s%s}'[", rep, o->short_name, o->long_name,
			        o->short_name, o->arg ? "+" : "", o->long_name, o->arg ? "=" : "");
		else
			fprintf(out, "'%s--%s%s[", rep, o->long_name, o->arg ? "=" : "");
		zsh_desc(out, o->help);
		fputc(']', out);
		if (o->arg) {
			fputc(':', out);
			zsh_desc(out, o->arg);
			fputc(':', out);
			switch (k) {
			case V_NONE: fputc(' ', out); break;
			case V_FILE: fputs("_files", out); break;
			case V_RULES: fputs("_plimsoll_rules", out); break;
			case V_RULE: fputs("_plimsoll_rule", out); break;
			case V_FORMAT:
			case V_LEVEL:
			case V_WORDS: fprintf(out, "(%s)", word_list(k, words)); break;
			case V_PROGRAM: fprintf(out, "{_alternative \"words:word:(%s)\" \"commands:command:_command_names -e\"}", words); break;
			}
		}
		fputs("' \\\n", out);
	}
	fputs("\t'*:path:_files'\n", out);
	finish(out, "_plimsoll");
}

static void gen_fish(const char *dir)
{
	FILE *out = create(dir, "plimsoll.fish");
	fputs("# fish completion for plimsoll.  Generated by tools/gen_docs.c: do not edit.\n\n"
	      "function __plimsoll_rules\n\tprintf '%s\\n'",
	      out);
	for (size_t i = 0; i < pl_rule_count; i++) {
		fprintf(out, " \\\n\t\t'%s\t", pl_rules[i]->id);
		sh_quoted(out, pl_rules[i]->summary, true);
		fputc('\'', out);
	}
	fputs("\nend\n\n", out);
	for (size_t i = 0; i < pl_cli_noptions; i++) {
		const opt *o = &pl_cli_options[i];
		fputs("complete -c plimsoll", out);
		if (o->short_name)
			fprintf(out, " -s %c", o->short_name);
		fprintf(out, " -l %s", o->long_name);
		if (o->arg) {
			const char *words;
			value_kind k = kind_of(o, &words);
			switch (k) {
			case V_NONE: fputs(" -x", out); break;
			case V_FILE: fputs(" -r -F", out); break;
			case V_RULES: fputs(" -x -a '(__fish_complete_list , __plimsoll_rules)'", out); break;
			case V_RULE: fputs(" -x -a '(__plimsoll_rules)'", out); break;
			case V_FORMAT:
			case V_LEVEL:
			case V_WORDS: fprintf(out, " -x -a '%s'", word_list(k, words)); break;
			case V_PROGRAM: fprintf(out, " -x -a '%s (__fish_complete_command)'", words); break;
			}
		}
		fputs(" -d '", out);
		sh_quoted(out, o->help, true);
		fputs("'\n", out);
	}
	finish(out, "plimsoll.fish");
}

/* ---- the rules index --------------------------------------------------- */

/* s in a Markdown table cell: '|' escaped. */
static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

static void gen_rules_md(const char *dir)
{
	FILE *out = create(dir, "rules.md");
	size_t counts[PL_SEV_NONE + 1] = {0}, off = 0, fixable = 0;
	for (size_t i = 0; i < pl_rule_count; i++) {
		counts[pl_rules[i]->severity]++;
		off += pl_rules[i]->off_by_default;
		fixable += pl_rules[i]->fix >= PL_FIX_UNSAFE;
	}
	fprintf(out,
	        "<!-- Generated by tools/gen_docs.c from rules/rules.def: do not edit.  After changing a\n"
	        "     rule, run `cmake --build build --target update-docs` and commit the result. -->\n"
	        "# Rules\n\n"
	        "plimsoll has %zu rules: %zu errors, %zu warnings, %zu info and %zu style by default, %zu of\n"
	        "them off until selected, %zu with a fix (`--fix`; an unsafe fix needs `--unsafe-fixes`).\n"
	        "Each code links to the rule's page: why it matters, a bad and a good example, how to fix\n"
	        "it (also printed by `plimsoll --explain CODE`). Rules are named by code, by name or by\n"
	        "an alias wherever a rule is named. `plimsoll --list-rules` prints this table for the\n"
	        "configuration in use.\n\n"
	        "| code | name | aliases | severity | fix | summary |\n"
	        "|---|---|---|---|---|---|\n",
	        pl_rule_count, counts[PL_SEV_ERROR], counts[PL_SEV_WARNING], counts[PL_SEV_INFO],
	        counts[PL_SEV_STYLE], off, fixable);
	for (size_t i = 0; i < pl_rule_count; i++) {
		const pl_rule *r = pl_rules[i];
		fprintf(out, "| [%s](../rules/%s.md) | `%s` | ", r->id, r->id, r->name);
		for (const char *const *a = r->aliases; a && *a; a++) {
			fprintf(out, "%s`", a == r->aliases ? "" : ", ");
			md_cell(out, *a);
			fputc('`', out);
		}
		fprintf(out, " | %s | %s | ", pl_severity_name(r->severity),
		        r->fix == PL_FIX_SAFE ? "safe" : r->fix == PL_FIX_UNSAFE ? "unsafe" : "");
		md_cell(out, r->summary);
		fprintf(out, "%s |\n", r->off_by_default ? " (off by default)" : "");
	}
	finish(out, "rules.md");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: pl_gen_docs OUTDIR docs/man.txt\n");
		return 2;
	}
	gen_man(argv[1], argv[2]);
	gen_bash(argv[1]);
	gen_zsh(argv[1]);
	gen_fish(argv[1]);
	gen_rules_md(argv[1]);
	return failed;
}
