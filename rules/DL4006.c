/*
** DL4006 pipefail: `RUN wget -O- URL | tar x` succeeds when wget fails,
** because a pipe's status is its last command's.  `-o pipefail` in the
** SHELL makes any failing stage fail the RUN.  Exempt: a SHELL of bash,
** zsh, ash, ksh or mksh with -o pipefail (inherited from the stage a
** stage builds on), a non-POSIX shell (PowerShell, cmd; also named by a
** `# hadolint shell=` pragma, and the default of Windows images), and a
** RUN that runs `set -o pipefail` itself before the pipe.  A plain
** /bin/sh with -o pipefail does not count, as dash lacks it.  The unsafe
** fix inserts a bash SHELL line before the first such RUN of a stage,
** except on Alpine, BusyBox, Windows and scratch bases, which have no
** bash.  Docs: rules/DL4006.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

typedef enum shell_kind {
	SH_PLAIN,    /* a POSIX shell without pipefail (the default /bin/sh -c) */
	SH_PIPEFAIL, /* a shell that fails on any failing pipe stage */
	SH_OTHER,    /* PowerShell, cmd: pipes mean something else */
} shell_kind;

typedef struct pragma {
	size_t next_instr; /* index of the instruction it comes before */
} pragma;

typedef struct state {
	shell_kind *kind;   /* per stage index (nstages: before the first FROM): the shell in effect */
	bool *fixed;        /* per stage: a SHELL fix was offered (it covers the later RUNs) */
	shell_kind dflt;    /* for stages built on an image: a shell pragma may make it SH_OTHER */
	size_t nstages;
	const pl_df_imageref **root; /* per stage: the image it is built on */
	PL_VEC(pragma) pragmas; /* `# hadolint shell=<non-POSIX>` comments, in order */
	size_t next_pragma;     /* the first one not applied yet */
} state;

/* Basename without .exe, lowercased, into buf. */
static const char *shell_name(const char *path, char *buf, size_t size)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	size_t n = 0;
	for (; b[n] && n + 1 < size; n++)
		buf[n] = (char)(b[n] >= 'A' && b[n] <= 'Z' ? b[n] + ('a' - 'A') : b[n]);
	buf[n] = '\0';
	if (pl_str_ends(buf, ".exe"))
		buf[n - 4] = '\0';
	return buf;
}

static bool non_posix(const char *name)
{
	return strcmp(name, "pwsh") == 0 || strcmp(name, "powershell") == 0 || strcmp(name, "cmd") == 0;
}

/* What a SHELL instruction's JSON argv sets. */
static shell_kind classify(const pl_df_instr *in)
{
	static const char *const with_pipefail[] = {"ash", "bash", "ksh", "mksh", "zsh"};
	char buf[64];
	if (!(in->bits & PL_DF_JSON) || in->argc == 0)
		return SH_PLAIN;
	const char *name = shell_name(in->argv[0].value, buf, sizeof(buf));
	if (non_posix(name))
		return SH_OTHER;
	bool capable = false;
	for (size_t i = 0; i < PL_ARRAY_LEN(with_pipefail); i++)
		capable |= strcmp(name, with_pipefail[i]) == 0;
	/* -o pipefail, also clustered: -eo pipefail, -euxo pipefail */
	for (size_t i = 1; capable && i + 1 < in->argc; i++) {
		const char *f = in->argv[i].value;
		size_t n = strlen(f);
		if (n >= 2 && f[0] == '-' && f[1] != '-' && f[n - 1] == 'o' &&
		    strcmp(in->argv[i + 1].value, "pipefail") == 0)
			return SH_PIPEFAIL;
	}
	return SH_PLAIN;
}

/* `hadolint shell=NAME [# …]` naming a non-POSIX shell. */
static bool non_posix_pragma(const char *text)
{
	const char *p = text + strspn(text, " \t");
	if (strncmp(p, "hadolint", 8) != 0 || (p[8] != ' ' && p[8] != '\t'))
		return false;
	p += 8 + strspn(p + 8, " \t");
	if (strncmp(p, "shell", 5) != 0)
		return false;
	p += 5 + strspn(p + 5, " \t");
	if (*p != '=')
		return false;
	p += 1 + strspn(p + 1, " \t");
	char name[64], buf[64];
	size_t n = strcspn(p, " \t#");
	if (n == 0 || n >= sizeof(name))
		return false;
	memcpy(name, p, n);
	name[n] = '\0';
	return non_posix(shell_name(name, buf, sizeof(buf)));
}

static void on_begin(pl_ctx *ctx, const pl_dockerfile *df)
{
	state *st = pl_ctx_state(ctx);
	pl_arena *a = pl_ctx_arena(ctx);
	st->nstages = df->nstages;
	st->kind = pl_arena_alloc(a, (df->nstages + 1) * sizeof(*st->kind));
	st->fixed = pl_arena_alloc(a, df->nstages + 1);
	st->root = pl_rk_root_images(a, df);
	for (size_t i = 0; i < df->ncomments; i++)
		if (non_posix_pragma(df->comments[i].text))
			PL_VEC_PUSH(a, &st->pragmas)->next_instr = df->comments[i].next_instr;
}

static size_t slot(const state *st, const pl_df_instr *in)
{
	return in->stage ? in->stage->index : st->nstages;
}

/* Apply the shell pragmas written before in: to the current stage and the stages after it. */
static void apply_pragmas(state *st, const pl_df_instr *in)
{
	while (st->next_pragma < st->pragmas.n && st->pragmas.v[st->next_pragma].next_instr <= in->index) {
		st->dflt = SH_OTHER;
		if (in->kind != PL_INSTR_FROM)
			st->kind[slot(st, in)] = SH_OTHER;
		st->next_pragma++;
	}
}

static void check_from(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (in->parent || !in->stage)
		return;
	apply_pragmas(st, in);
	const pl_df_stage *base = in->as.from.base;
	/* A Windows image runs RUN with cmd, where pipefail means nothing. */
	bool windows = pl_rk_image_is_windows(&in->as.from.ref);
	st->kind[in->stage->index] = base ? st->kind[base->index] : windows ? SH_OTHER : st->dflt;
}

static void check_shell(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (in->parent)
		return;
	apply_pragmas(st, in);
	st->kind[slot(st, in)] = classify(in);
}

/* The first pipeline of two or more stages in the tree under n, or NULL. */
static const pl_sh_node *find_pipe(const pl_sh_node *n)
{
	if (!n)
		return NULL;
	const pl_sh_node *p = NULL;
	switch (n->kind) {
	case PL_SH_CMD:
		return NULL;
	case PL_SH_PIPELINE:
		if (n->as.list.n >= 2)
			return n;
		/* fall through */ /* a lone `! cmd` */
	case PL_SH_SEQ:
		for (size_t i = 0; i < n->as.list.n && !p; i++)
			p = find_pipe(n->as.list.items[i]);
		return p;
	case PL_SH_AND:
	case PL_SH_OR:
		p = find_pipe(n->as.pair.lhs);
		return p ? p : find_pipe(n->as.pair.rhs);
	case PL_SH_SUBSHELL:
	case PL_SH_GROUP:
		return find_pipe(n->as.body.body);
	case PL_SH_IF:
	case PL_SH_WHILE:
	case PL_SH_UNTIL:
		p = find_pipe(n->as.cond.cond);
		p = p ? p : find_pipe(n->as.cond.body);
		return p ? p : find_pipe(n->as.cond.alt);
	case PL_SH_FOR:
		return find_pipe(n->as.loop.body);
	case PL_SH_CASE:
		for (size_t i = 0; i < n->as.kase.narms && !p; i++)
			p = find_pipe(n->as.kase.arms[i].body);
		return p;
	case PL_SH_FUNCTION:
		return find_pipe(n->as.func.body);
	}
	return NULL;
}

/*
** The first pipe of the RUN's own shell: in its tree or in a $( ), ` `
** or <( ) substitution, not in an `sh -c` string (another shell, which
** SHELL does not set).  NULL when there is none.
*/
static const pl_sh_node *first_pipe(const pl_sh_script *sh)
{
	const pl_sh_node *best = find_pipe(sh->root);
	size_t string_end = 0; /* end of the last sh -c string seen: subs inside it are its own */
	for (size_t i = 0; i < sh->nsubs; i++) {
		const pl_sh_sub *s = &sh->subs[i];
		if (s->span.off < string_end)
			continue;
		if (s->kind == PL_SH_SUB_STRING) {
			string_end = pl_span_end(s->span);
			continue;
		}
		const pl_sh_node *p = find_pipe(s->root);
		if (p && (!best || p->span.off < best->span.off))
			best = p;
	}
	return best;
}

/* The RUN runs `set -o pipefail` (or -eo pipefail …) at its top level before offset 'before'. */
static bool sets_pipefail(const pl_sh_script *sh, size_t before)
{
	for (size_t i = 0; i < sh->ncmds && sh->cmds[i]->span.off < before; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		if (c->depth == 0 && pl_sh_cmd_is(c, "set") && pl_sh_cmd_has_flag_value(c, "-o", "pipefail"))
			return true;
	}
	return false;
}

/* The '|' between the first two stages of pipeline p (the stages' gap scanned in the file). */
static pl_span bar_span(const pl_source *src, const pl_sh_node *p)
{
	size_t from = pl_span_end(p->as.list.items[0]->span), to = p->as.list.items[1]->span.off;
	for (size_t i = from; i < to && i < src->len; i++)
		if (src->text[i] == '|')
			return pl_span_make(i, i + 1 + (i + 1 < to && src->text[i + 1] == '&'));
	return p->span;
}

/* Insert a bash SHELL line before in's line, with in's indentation. */
static void add_fix(pl_ctx *ctx, pl_diag *d, const pl_df_instr *in)
{
	const pl_source *src = pl_ctx_source(ctx);
	size_t line = pl_source_line(src, pl_source_line_index(src, in->keyword.off)).off;
	pl_span indent = pl_span_make(line, in->keyword.off);
	const char *text = pl_arena_printf(pl_ctx_arena(ctx), "%.*sSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]%s",
	                                   (int)indent.len, src->text + indent.off, src->crlf ? "\r\n" : "\n");
	pl_fix_replace(ctx, d, PL_FIX_UNSAFE, "add SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before "
	               "this RUN (the image must have bash)", pl_span_make(line, line), text);
}

/* The base has bash as far as we can tell: not scratch, Alpine, BusyBox or Windows. */
static bool may_have_bash(const pl_df_imageref *ref)
{
	return ref->path && !ref->scratch && !pl_rk_image_is_busybox(ref) && !pl_rk_image_is_windows(ref);
}

/* Builtins whose failure nobody checks for: naming them would mislead. */
static bool cannot_fail(const char *name)
{
	return strcmp(name, "echo") == 0 || strcmp(name, "printf") == 0 || strcmp(name, "true") == 0 ||
	       strcmp(name, "yes") == 0;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	state *st = pl_ctx_state(ctx);
	if (in->parent)
		return; /* ONBUILD RUN runs in a child build, under its SHELL */
	apply_pragmas(st, in);
	size_t i = slot(st, in);
	if (st->kind[i] != SH_PLAIN || !in->sh || in->sh_src == PL_DF_SH_EXEC_C)
		return;
	const pl_sh_node *pipe = first_pipe(in->sh);
	if (!pipe || sets_pipefail(in->sh, pipe->span.off))
		return;
	const pl_sh_node *src = pipe->as.list.items[0];
	const char *name = src->kind == PL_SH_CMD ? src->as.cmd->name : "";
	pl_span bar = bar_span(pl_ctx_source(ctx), pipe);
	/* In `RUN bash <<EOF`, the body runs in that bash, which SHELL does not set. */
	bool in_body = in->sh_src == PL_DF_SH_ARGS_HEREDOC && in->nheredocs &&
	               bar.off >= in->heredocs[0].body.off;
	const char *advice = in_body ? "start the script with set -o pipefail"
	                             : "set -o pipefail in SHELL before this RUN";
	pl_diag *d = *name && !cannot_fail(name)
	                 ? pl_report(ctx, bar, "this pipe ignores a failure of '%s' (a pipe returns its last "
	                             "command's status): %s", name, advice)
	                 : pl_report(ctx, bar, "a pipe returns only its last command's status: %s", advice);
	if (!st->fixed[i] && !in_body && in->stage && may_have_bash(st->root[in->stage->index])) {
		add_fix(ctx, d, in);
		st->fixed[i] = true; /* the SHELL line covers the RUNs after it */
	}
}

const pl_rule pl_rule_DL4006 = {
	.id = "DL4006",
	.name = "pipefail",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Set the SHELL option -o pipefail before RUN with a pipe in it",
	.state_size = sizeof(state),
	.on_begin = on_begin,
	.on_instr = {[PL_INSTR_FROM] = check_from, [PL_INSTR_SHELL] = check_shell, [PL_INSTR_RUN] = check_run},
};
