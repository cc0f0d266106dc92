/*
** The shell commands of RUN, CMD, ENTRYPOINT and HEALTHCHECK, handed to
** the shell parser with the map that keeps their spans physical:
**   - the shell form (the command line in args);
**   - RUN <<EOF alone: the heredoc body is the script (no script when
**     its #! names an interpreter that is not a shell, e.g. python);
**   - RUN sh <<EOF (or <<EOF bash): the command line and the body, as
**     one script;
**   - the exec form ["sh", "-c", "script"]: the script string, mapped
**     into the JSON string (exactly, when it holds no escapes).
*/
#include "df.h"

#include <string.h>

/* Basename of a path: "/bin/bash" -> "bash". */
static const char *base_name(const char *path, size_t n, size_t *len)
{
	size_t i = n;
	while (i > 0 && path[i - 1] != '/')
		i--;
	*len = n - i;
	return path + i;
}

/* Is the program at path[0, n) a POSIX-style shell? */
static bool is_shell(const char *path, size_t n)
{
	static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"};
	size_t len;
	const char *b = base_name(path, n, &len);
	for (size_t i = 0; i < PL_ARRAY_LEN(shells); i++)
		if (strlen(shells[i]) == len && memcmp(b, shells[i], len) == 0)
			return true;
	return false;
}

/* Does text start with a #! line naming an interpreter that is not a shell (python, node…)? */
static bool foreign_shebang(const char *text)
{
	if (text[0] != '#' || text[1] != '!')
		return false;
	const char *s = text + 2, *end = s + strcspn(s, "\n");
	bool env = false;
	while (s < end) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		const char *w = s;
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (s == w)
			break;
		size_t len;
		const char *b = base_name(w, (size_t)(s - w), &len);
		if (!env && len == 3 && memcmp(b, "env", 3) == 0) {
			env = true; /* #!/usr/bin/env [-S] [VAR=v] prog */
			continue;
		}
		if (env && (*w == '-' || memchr(w, '=', (size_t)(s - w))))
			continue;
		return !is_shell(w, (size_t)(s - w));
	}
	return false;
}

/* One script holding the commands of a then b; the root is a SEQ of both roots. */
static pl_sh_script *combine(pl_arena *a, pl_sh_script *x, pl_sh_script *y)
{
	pl_sh_script *r = pl_arena_alloc(a, sizeof(*r));
	r->ncmds = x->ncmds + y->ncmds;
	r->cmds = pl_arena_alloc(a, (r->ncmds ? r->ncmds : 1) * sizeof(pl_sh_cmd *));
	for (size_t i = 0; i < x->ncmds; i++)
		r->cmds[i] = x->cmds[i];
	for (size_t i = 0; i < y->ncmds; i++) {
		r->cmds[x->ncmds + i] = y->cmds[i];
		y->cmds[i]->index = x->ncmds + i; /* its position in the combined list */
	}
	r->nerrors = x->nerrors + y->nerrors;
	r->errors = pl_arena_alloc(a, (r->nerrors ? r->nerrors : 1) * sizeof(pl_sh_error));
	if (x->nerrors)
		memcpy(r->errors, x->errors, x->nerrors * sizeof(pl_sh_error));
	if (y->nerrors)
		memcpy(r->errors + x->nerrors, y->errors, y->nerrors * sizeof(pl_sh_error));
	if (x->root && y->root) {
		pl_sh_node *seq = pl_arena_alloc(a, sizeof(*seq));
		seq->kind = PL_SH_SEQ;
		seq->span = pl_span_join(x->root->span, y->root->span);
		seq->as.list.items = pl_arena_alloc(a, 2 * sizeof(pl_sh_node *));
		seq->as.list.items[0] = x->root;
		seq->as.list.items[1] = y->root;
		seq->as.list.n = 2;
		r->root = seq;
	} else {
		r->root = x->root ? x->root : y->root;
	}
	return r;
}

/* Exec form ["apt-get", "install", …]: one command of the JSON strings, as they are. */
static void exec_words(pl_df__parser *p, pl_df_instr *in)
{
	if (in->argc == 0)
		return;
	pl_sh_word *w = pl_arena_alloc(p->arena, in->argc * sizeof(*w));
	for (size_t i = 0; i < in->argc; i++) {
		w[i].span = in->argv[i].span;
		w[i].text = in->argv[i].value;
		w[i].flags = PL_SH_WORD_QUOTED; /* JSON strings: never split, never expanded */
	}
	in->sh = pl_sh_from_words(p->arena, w, in->argc);
	in->sh_src = PL_DF_SH_EXEC;
}

/* Exec form [shell, opts…, "-c", script, …]: parse the script string; other exec forms: their words. */
static void exec_c(pl_df__parser *p, pl_df_instr *in, size_t lo)
{
	if (in->argc < 3 || !is_shell(in->argv[0].value, strlen(in->argv[0].value))) {
		exec_words(p, in);
		return;
	}
	size_t script = 0;
	for (size_t i = 1; i + 1 < in->argc && !script; i++) {
		const char *v = in->argv[i].value;
		if (strcmp(v, "-o") == 0 || strcmp(v, "+o") == 0)
			i++; /* -o option-name */
		else if ((v[0] == '-' || v[0] == '+') && v[1] != '-' && strchr(v, 'c'))
			script = i + 1;
		else if (v[0] != '-' && v[0] != '+')
			break; /* a script file: no -c */
	}
	if (!script) {
		exec_words(p, in);
		return;
	}
	pl_df__toks *toks = p->toks;
	toks->n = 0;
	int r = pl_df__json_array(p->arena, in->args, lo, in->args_len, toks);
	if (!ALWAYS(r == PL_DF__JSON_OK && toks->n == in->argc))
		return; /* argv came from this very array */
	const pl_df__tok *t = &toks->v[script];
	pl_df__segs segs = {0};
	char *text = pl_df__json_decode(p->arena, in->args + t->lo, t->hi - t->lo, &segs);
	for (size_t i = 0; i < segs.n; i++)
		segs.v[i].phys += t->lo; /* token offsets -> args offsets */
	pl_textmap *map = pl_arena_alloc(p->arena, sizeof(*map));
	*map = pl_df__map_compose(p->arena, segs.v, segs.n, &in->args_map);
	if (segs.n == 0)
		map->base = pl_textmap_phys(&in->args_map, t->lo + 1);
	in->sh = pl_sh_parse(p->arena, text, strlen(text), map, 0);
	in->sh_src = PL_DF_SH_EXEC_C;
}

/* Is w a NAME=value assignment word? */
static bool assignment(const char *w)
{
	if (!((*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z') || *w == '_'))
		return false;
	while ((*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z') || (*w >= '0' && *w <= '9') || *w == '_')
		w++;
	return *w == '=';
}

/* The command word of a shell-form RUN: the first word that is neither a heredoc nor NAME=value. */
static const pl_df_word *command_word(const pl_df_instr *in)
{
	size_t h = 0; /* heredocs and words are both in line order: walk them together */
	for (size_t i = 0; i < in->argc; i++) {
		const pl_df_word *w = &in->argv[i];
		while (h < in->nheredocs && in->heredocs[h].span.off < w->span.off)
			h++;
		if (h < in->nheredocs && in->heredocs[h].span.off == w->span.off)
			continue;
		if (!assignment(w->value))
			return w;
	}
	return NULL;
}

/* The first heredoc read by the command's standard input (no fd, or fd 0). */
static const pl_df_heredoc *stdin_heredoc(const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nheredocs; i++)
		if (in->heredocs[i].fd <= 0)
			return &in->heredocs[i];
	return NULL;
}

/*
** shell -> shell-form-text | heredoc-body | shell-form-text heredoc-body | exec-form-sh-c
** The command starts at args[lo] (after CMD for HEALTHCHECK).
*/
void pl_df__parse_shell(pl_df__parser *p, pl_df_instr *in, size_t lo)
{
	pl_arena *a = p->arena;
	if (in->bits & PL_DF_JSON) {
		exec_c(p, in, lo);
		return;
	}
	const pl_df_heredoc *h = in->kind == PL_INSTR_RUN ? stdin_heredoc(in) : NULL;
	if (h && in->argc == 1 && in->argv[0].span.off == h->span.off && h == in->heredocs) {
		if (!foreign_shebang(h->text)) { /* a python script is no shell */
			in->sh_src = PL_DF_SH_HEREDOC;
			in->sh = pl_sh_parse(a, h->text, strlen(h->text), &h->map, 0);
		}
		return;
	}
	const pl_textmap *map = &in->args_map;
	if (lo) {
		pl_textmap *m = pl_arena_alloc(a, sizeof(*m));
		*m = pl_df__map_sub(a, &in->args_map, lo, in->args_len);
		map = m;
	}
	/* The bodies of <<EOF on a RUN line follow the instruction: the shell must not want them. */
	unsigned opts = in->nheredocs ? PL_SH_EXTERNAL_HEREDOCS : 0;
	in->sh = pl_sh_parse(a, in->args + lo, in->args_len - lo, map, opts);
	in->sh_src = PL_DF_SH_ARGS;
	const pl_df_word *cmd = h ? command_word(in) : NULL;
	if (cmd && is_shell(cmd->value, strlen(cmd->value))) {
		pl_sh_script *body = pl_sh_parse(a, h->text, strlen(h->text), &h->map, 0);
		in->sh = combine(a, in->sh, body);
		in->sh_src = PL_DF_SH_ARGS_HEREDOC;
	}
}
