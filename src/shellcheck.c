/*
** ShellCheck for the shell of RUN instructions (see shellcheck.h).
**
** 1. Walk the Dockerfile as BuildKit runs it, keeping per stage the
**    shell (SHELL, a "# hadolint shell=…" pragma, or what a stage built
**    FROM an earlier one inherits) and the variables ARG and ENV
**    declared so far.  Each RUN gives a script:
**      - shell form:            the command line (continuations joined);
**      - shell form + heredocs: the command line, then the heredoc
**                               bodies and delimiters, as the shell gets them;
**      - RUN <<EOF alone:       the body (its own #! picks the shell);
**      - RUN sh <<EOF:          also the body, as a script of that shell;
**      - exec form sh -c:       the script string;
**      - ONBUILD RUN:           as RUN, with the shell and ENV the stage
**                               ends with (what the child build runs it with).
** 2. A script is built from pieces: a #! line for its shell (so one
**    shellcheck process serves every shell), the text, and after the
**    text's leading comments (where ShellCheck directives go) one
**    "export A=1 B=1" line declaring what ARG, ENV and the predefined
**    proxy ARGs provide, as hadolint does, so that SC2154 stays quiet
**    about them (all the names the script uses, then others up to a
**    bound, among which ShellCheck finds the one a misspelt name meant).
**    Each piece that comes from the file keeps a map back to its bytes.
** 3. All scripts go to files in one mkdtemp folder, one shellcheck
**    --format=json1 call checks them all (a file of more than
**    SC_MAX_FILES scripts takes several), the folder is removed.
** 4. Each finding's line:column (characters, a tab counts 1, as json1
**    counts them) becomes an offset in the script, then a physical span
**    through the piece's map; findings inside the added lines are dropped.
*/
#include "shellcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "plimsoll/config.h"

extern const pl_rule pl_rule_SC;
extern char **environ;

/* Codes never reported, as hadolint: ash is checked as dash (SC2187); a
   sourced file can be neither named in a directive (SC1090) nor read (SC1091):
   it lives in the image, not next to the Dockerfile. */
#define SC_EXCLUDE "--exclude=SC1090,SC1091,SC2187"
#define SC_MAX_OUTPUT (64u << 20)  /* bytes of json1 read at most */
#define SC_MAX_FILES 256           /* scripts per process: argv and each run stay small */
#define SC_MAX_ANCESTORS 256       /* stages walked up for inherited ENV */
#define SC_MAX_DECLARED 512        /* variables declared per script beyond those it names */

/* ---- shells ------------------------------------------------------- */

typedef struct sc_shell {
	const char *name;    /* the dialect for the #! line: sh, bash, dash, ksh, ash; NULL: not checked */
	const char *why;     /* when name is NULL: why not */
} sc_shell;

static const sc_shell default_shell = {"sh", NULL};

/* Lowercased basename of a program without ".exe" ("C:\…\PowerShell.exe" -> "powershell"). */
static void prog_name(const char *prog, char *out, size_t size)
{
	const char *b = prog;
	for (const char *p = prog; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	size_t n = 0;
	for (; b[n] && n + 1 < size; n++)
		out[n] = (char)(b[n] >= 'A' && b[n] <= 'Z' ? b[n] - 'A' + 'a' : b[n]);
	out[n] = '\0';
	if (n > 4 && strcmp(out + n - 4, ".exe") == 0)
		out[n - 4] = '\0';
}

/* The dialect ShellCheck checks a program as, or NULL. */
static const char *dialect(const char *name)
{
	static const char *const same[] = {"sh", "bash", "dash", "ksh", "ash"};
	static const char *const kshes[] = {"mksh", "ksh88", "ksh93", "pdksh", "oksh", "lksh"};
	for (size_t i = 0; i < PL_ARRAY_LEN(same); i++)
		if (strcmp(name, same[i]) == 0)
			return same[i];
	for (size_t i = 0; i < PL_ARRAY_LEN(kshes); i++)
		if (strcmp(name, kshes[i]) == 0)
			return "ksh";
	return NULL;
}

/*
** The shell a command line w[0, n) runs: SHELL's exec form, a #! line or
** a pragma's name.  env (with its options and NAME=value words) and
** busybox are looked through.
*/
static const sc_shell *shell_of(pl_arena *a, const char *const *w, size_t n)
{
	char name[32];
	size_t i = 0;
	bool busybox = false;
	while (i < n) {
		prog_name(w[i], name, sizeof(name));
		if (strcmp(name, "env") == 0) {
			for (i++; i < n && (w[i][0] == '-' || strchr(w[i], '=')); i++)
				;
			continue;
		}
		if (strcmp(name, "busybox") == 0 && !busybox) {
			busybox = true;
			i++;
			continue;
		}
		break;
	}
	sc_shell *sh = pl_arena_alloc(a, sizeof(*sh));
	if (i == n) {
		sh->why = pl_arena_printf(a, "no shell is named");
		return sh;
	}
	if (busybox && (strcmp(name, "sh") == 0 || strcmp(name, "ash") == 0))
		sh->name = "ash"; /* busybox sh is ash */
	else
		sh->name = dialect(name);
	if (!sh->name) {
		bool windows = strcmp(name, "pwsh") == 0 || strcmp(name, "powershell") == 0 ||
		               strcmp(name, "cmd") == 0;
		sh->why = pl_arena_printf(a, windows ? "'%s' is not a POSIX shell"
		                                     : "ShellCheck does not check '%s' scripts", w[i]);
	}
	return sh;
}

/* The shell of a "#!…" line s[0, n). */
static const sc_shell *shell_of_shebang(pl_arena *a, const char *s, size_t n)
{
	const char *words[16];
	size_t nw = 0;
	size_t i = 2; /* after "#!" */
	while (i < n && nw < PL_ARRAY_LEN(words)) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			i++;
		if (i > b)
			words[nw++] = pl_arena_strndup(a, s + b, i - b);
	}
	return shell_of(a, words, nw);
}

/* ---- declared variables ------------------------------------------- */

enum { VAR_ENV = 1, VAR_ARG = 2 };

/* A name declared in a stage (stage index nstages: before the first FROM). */
typedef struct sc_var {
	const char *name;   /* NULL: empty slot */
	size_t len;
	size_t stage;
	unsigned kinds;     /* VAR_ENV | VAR_ARG */
} sc_var;

/* Open addressing on (stage, name); cap is a power of two, at most half full. */
typedef struct sc_vars {
	sc_var *v;
	size_t cap, n;
} sc_vars;

static size_t var_hash(const char *s, size_t n, size_t stage)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)stage;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static sc_var *var_slot(sc_var *v, size_t cap, const char *s, size_t n, size_t stage)
{
	size_t i = var_hash(s, n, stage) & (cap - 1);
	while (v[i].name && !(v[i].stage == stage && v[i].len == n && memcmp(v[i].name, s, n) == 0))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static const sc_var *var_find(const sc_vars *t, const char *s, size_t n, size_t stage)
{
	if (!t->cap)
		return NULL;
	const sc_var *v = var_slot(t->v, t->cap, s, n, stage);
	return v->name ? v : NULL;
}

static void var_add(pl_arena *a, sc_vars *t, const char *s, size_t n, size_t stage, unsigned kind)
{
	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 64;
		sc_var *nv = pl_arena_alloc(a, ncap * sizeof(*nv));
		for (size_t i = 0; i < t->cap; i++)
			if (t->v[i].name)
				*var_slot(nv, ncap, t->v[i].name, t->v[i].len, t->v[i].stage) = t->v[i];
		t->v = nv;
		t->cap = ncap;
	}
	sc_var *v = var_slot(t->v, t->cap, s, n, stage);
	if (!v->name) {
		v->name = s;
		v->len = n;
		v->stage = stage;
		t->n++;
	}
	v->kinds |= kind;
}

/* BuildKit's predefined ARGs that RUN sees without an ARG instruction. */
static const char *const proxy_vars[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                                         "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
                                         "ALL_PROXY", "all_proxy"};

static bool is_proxy_var(const char *s, size_t n)
{
	for (size_t i = 0; i < PL_ARRAY_LEN(proxy_vars); i++)
		if (strlen(proxy_vars[i]) == n && memcmp(proxy_vars[i], s, n) == 0)
			return true;
	return false;
}

/* ---- scripts -------------------------------------------------------- */

/* Script bytes [slo, slo+len) are bytes [tlo, tlo+len) of a text whose map gives physical offsets. */
typedef struct sc_seg {
	size_t slo;
	size_t len;
	size_t tlo;
	const pl_textmap *map;
} sc_seg;

typedef struct sc_script {
	const pl_df_instr *in;       /* the RUN (ONBUILD's inner one) */
	PL_VEC(char) text;           /* NUL-terminated once built */
	PL_VEC(sc_seg) segs;         /* sorted by slo; bytes outside every segment were added by us */
	PL_VEC(size_t) lines;        /* offsets of line starts */
} sc_script;

/* Append bytes of our own: no segment, findings there are dropped. */
static void put_own(pl_arena *a, sc_script *s, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*PL_VEC_PUSH(a, &s->text) = t[i];
}

/*
** Append t[lo, hi), bytes of a text mapped by map.  A carriage return
** before a newline is left out, as BuildKit reads lines.
*/
static void put_text(pl_arena *a, sc_script *s, const char *t, size_t lo, size_t hi,
                     const pl_textmap *map)
{
	for (size_t i = lo; i < hi; i++) {
		if (t[i] == '\r' && i + 1 < hi && t[i + 1] == '\n')
			continue;
		sc_seg *last = s->segs.n ? &s->segs.v[s->segs.n - 1] : NULL;
		if (last && last->map == map && last->slo + last->len == s->text.n && last->tlo + last->len == i) {
			last->len++;
		} else {
			sc_seg *g = PL_VEC_PUSH(a, &s->segs);
			g->slo = s->text.n;
			g->len = 1;
			g->tlo = i;
			g->map = map;
		}
		*PL_VEC_PUSH(a, &s->text) = t[i];
	}
}

/* Offset in t[lo, hi) after the leading blank and comment lines (ShellCheck directives stay first). */
static size_t after_comments(const char *t, size_t lo, size_t hi)
{
	size_t p = lo;
	while (p < hi) {
		size_t q = p;
		while (q < hi && (t[q] == ' ' || t[q] == '\t' || t[q] == '\r'))
			q++;
		if (q < hi && t[q] != '#' && t[q] != '\n')
			break;
		while (q < hi && t[q] != '\n')
			q++;
		if (q == hi)
			break; /* a last line without newline: the prelude goes before it */
		p = q + 1;
	}
	return p;
}

static bool ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool ident_char(char c)
{
	return ident_start(c) || (c >= '0' && c <= '9');
}

typedef struct sc_name {
	const char *s;
	size_t n;
} sc_name;

static int name_cmp(const void *x, const void *y)
{
	const sc_name *a = x, *b = y;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->s, b->s, n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* ---- the walk ------------------------------------------------------- */

/* A declaration, in a stage's list (in order). */
typedef struct sc_decl {
	const char *name;
	size_t len;
	unsigned kind;      /* VAR_ENV or VAR_ARG */
} sc_decl;

typedef PL_VEC(sc_decl) sc_decls;

typedef struct walk {
	pl_ctx *ctx;
	pl_arena *a;
	pl_shellcheck *sc;
	const pl_dockerfile *df;
	const pl_source *src;
	sc_vars vars;                     /* (stage, name) -> kinds: is a name declared? */
	sc_decls *decls;                  /* per stage (nstages: before the first FROM): its declarations */
	size_t stage;                     /* current stage index; nstages before the first FROM */
	const sc_shell *shell;            /* the current stage's shell */
	const sc_shell *file_shell;       /* shell of a stage not built from another: sh, or a pragma before FROM */
	const sc_shell **stage_shell;     /* per stage: the shell it ended with */
	PL_VEC(const pl_df_instr *) onbuild; /* ONBUILD RUNs of the current stage, checked at its end */
	PL_VEC(sc_script) scripts;
	pl_textmap identity;              /* physical = offset */
} walk;

static void note(pl_shellcheck *sc, pl_sc_log_level level, const char *fmt, ...) PL_PRINTF(3, 4);
static void note(pl_shellcheck *sc, pl_sc_log_level level, const char *fmt, ...)
{
	if (!sc->log)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sc->log(sc->log_ud, level, msg);
}

/* Tell --verbose that in is not checked, and why. */
static void skipped(walk *w, const pl_df_instr *in, const char *why)
{
	pl_pos p = pl_source_pos(w->src, in->span.off);
	note(w->sc, PL_SC_LOG_VERBOSE, "%s:%zu: RUN not checked by ShellCheck: %s", w->src->path, p.line, why);
}

/* Is the name s[0, n) declared for a RUN of the current stage (ONBUILD: by ENV only)? */
static bool visible(const walk *w, const char *s, size_t n, bool onbuild)
{
	if (is_proxy_var(s, n))
		return true;
	const sc_var *v = var_find(&w->vars, s, n, w->stage);
	if (v && ((v->kinds & VAR_ENV) || (!onbuild && (v->kinds & VAR_ARG))))
		return true;
	if (w->stage >= w->df->nstages)
		return false;
	/* ENV is inherited from the stages this one is built FROM; ARG is not. */
	const pl_df_stage *st = w->df->stages[w->stage].base;
	for (size_t k = 0; st && k < SC_MAX_ANCESTORS; st = st->base, k++) {
		v = var_find(&w->vars, s, n, st->index);
		if (v && (v->kinds & VAR_ENV))
			return true;
	}
	return false;
}

/* Start a script for in with the #! line of sh; returns it. */
static sc_script *script_new(walk *w, const pl_df_instr *in, const sc_shell *sh)
{
	sc_script *s = PL_VEC_PUSH(w->a, &w->scripts);
	memset(s, 0, sizeof(*s));
	s->in = in;
	put_own(w->a, s, "#!/bin/", 7);
	put_own(w->a, s, sh->name, strlen(sh->name));
	put_own(w->a, s, "\n", 1);
	return s;
}

/*
** Finish s: insert at script offset 'at' the export line for the declared
** variables that the script names, NUL-terminate, index the lines.
*/
static void script_end(walk *w, sc_script *s, size_t at, bool onbuild)
{
	PL_VEC(sc_name) names = {0};
	const char *t = s->text.v;
	for (size_t i = at; i < s->text.n; i++) {
		if (!ident_start(t[i]) || (i > 0 && ident_char(t[i - 1])))
			continue;
		size_t b = i;
		while (i < s->text.n && ident_char(t[i]))
			i++;
		if (visible(w, t + b, i - b, onbuild)) {
			sc_name *nm = PL_VEC_PUSH(w->a, &names);
			nm->s = t + b;
			nm->n = i - b;
		}
	}
	/*
	** Then the other declared variables, up to a bound: ShellCheck suggests
	** one of them for a misspelt name ("did you mean 'HTTP_PROXY'?").
	*/
	size_t budget = SC_MAX_DECLARED;
	for (size_t i = 0; i < PL_ARRAY_LEN(proxy_vars); i++, budget--) {
		sc_name *nm = PL_VEC_PUSH(w->a, &names);
		nm->s = proxy_vars[i];
		nm->n = strlen(proxy_vars[i]);
	}
	const sc_decls *own = &w->decls[w->stage];
	for (size_t i = 0; i < own->n && budget; i++) {
		if (onbuild && own->v[i].kind != VAR_ENV)
			continue;
		sc_name *nm = PL_VEC_PUSH(w->a, &names);
		nm->s = own->v[i].name;
		nm->n = own->v[i].len;
		budget--;
	}
	const pl_df_stage *st = w->stage < w->df->nstages ? w->df->stages[w->stage].base : NULL;
	for (size_t k = 0; st && k < SC_MAX_ANCESTORS && budget; st = st->base, k++) {
		const sc_decls *ds = &w->decls[st->index];
		for (size_t i = 0; i < ds->n && budget; i++) {
			if (ds->v[i].kind != VAR_ENV)
				continue;
			sc_name *nm = PL_VEC_PUSH(w->a, &names);
			nm->s = ds->v[i].name;
			nm->n = ds->v[i].len;
			budget--;
		}
	}
	if (names.n) {
		qsort(names.v, names.n, sizeof(*names.v), name_cmp);
		PL_VEC(char) line = {0};
		const char *kw = "export";
		for (const char *k = kw; *k; k++)
			*PL_VEC_PUSH(w->a, &line) = *k;
		for (size_t i = 0; i < names.n; i++) {
			if (i && name_cmp(&names.v[i - 1], &names.v[i]) == 0)
				continue;
			*PL_VEC_PUSH(w->a, &line) = ' ';
			for (size_t k = 0; k < names.v[i].n; k++)
				*PL_VEC_PUSH(w->a, &line) = names.v[i].s[k];
			*PL_VEC_PUSH(w->a, &line) = '=';
			*PL_VEC_PUSH(w->a, &line) = '1';
		}
		*PL_VEC_PUSH(w->a, &line) = '\n';
		/* Split the segment that runs across 'at' (put_text joins adjacent pieces). */
		for (size_t k = 0; k < s->segs.n; k++) {
			sc_seg *g = &s->segs.v[k];
			if (g->slo < at && at < g->slo + g->len) {
				sc_seg tail = {at, g->slo + g->len - at, g->tlo + (at - g->slo), g->map};
				g->len = at - g->slo;
				PL_VEC_PUSH(w->a, &s->segs);
				memmove(&s->segs.v[k + 2], &s->segs.v[k + 1], (s->segs.n - k - 2) * sizeof(sc_seg));
				s->segs.v[k + 1] = tail;
				break;
			}
		}
		/* Make room at 'at' and shift the segments after it. */
		size_t old = s->text.n;
		for (size_t k = 0; k < line.n; k++)
			*PL_VEC_PUSH(w->a, &s->text) = '\0';
		memmove(s->text.v + at + line.n, s->text.v + at, old - at);
		memcpy(s->text.v + at, line.v, line.n);
		for (size_t k = 0; k < s->segs.n; k++)
			if (s->segs.v[k].slo >= at)
				s->segs.v[k].slo += line.n;
	}
	*PL_VEC_PUSH(w->a, &s->text) = '\0';
	s->text.n--;
	*PL_VEC_PUSH(w->a, &s->lines) = 0;
	for (size_t i = 0; i < s->text.n; i++)
		if (s->text.v[i] == '\n')
			*PL_VEC_PUSH(w->a, &s->lines) = i + 1;
}

static bool blank(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
			return false;
	return true;
}

/*
** The script the shell gets for a shell-form RUN: the command line, then
** (with heredocs) the bodies and delimiter lines exactly as in the file;
** the shell strips the tabs of <<- itself.
*/
static void script_args(walk *w, const pl_df_instr *in, const sc_shell *sh, bool onbuild)
{
	if (blank(in->args, in->args_len))
		return;
	sc_script *s = script_new(w, in, sh);
	size_t at = s->text.n;
	put_text(w->a, s, in->args, 0, in->args_len, &in->args_map);
	if (in->nheredocs) {
		const pl_df_heredoc *last = &in->heredocs[in->nheredocs - 1];
		size_t lo = in->heredocs[0].body.off;
		size_t hi = last->end.len ? pl_span_end(last->end) : pl_span_end(last->body);
		put_own(w->a, s, "\n", 1);
		if (lo < hi)
			put_text(w->a, s, w->src->text, lo, hi, &w->identity);
		put_own(w->a, s, "\n", 1);
	}
	script_end(w, s, at, onbuild);
}

/*
** A heredoc body as a script of its own: RUN <<EOF alone (own_shebang:
** a #! line picks the shell, as BuildKit runs such a body as a file) or
** the body read by RUN bash <<EOF.  The body's #! line is replaced by ours.
*/
static void script_body(walk *w, const pl_df_instr *in, const pl_df_heredoc *h,
                        const sc_shell *sh, bool own_shebang, bool onbuild)
{
	const char *t = h->text;
	size_t n = strlen(t), lo = 0;
	if (n >= 2 && t[0] == '#' && t[1] == '!') {
		size_t e = strcspn(t, "\n");
		if (own_shebang)
			sh = shell_of_shebang(w->a, t, e);
		lo = e < n ? e + 1 : e;
	}
	if (!sh->name) {
		skipped(w, in, sh->why);
		return;
	}
	if (blank(t + lo, n - lo))
		return;
	sc_script *s = script_new(w, in, sh);
	size_t ins = after_comments(t, lo, n);
	put_text(w->a, s, t, lo, ins, &h->map);
	size_t at = s->text.n;
	put_text(w->a, s, t, ins, n, &h->map);
	script_end(w, s, at, onbuild);
}

/* Is w a NAME=value word? */
static bool assignment(const char *v)
{
	if (!ident_start(*v))
		return false;
	while (ident_char(*v))
		v++;
	return *v == '=';
}

/* The heredoc that the word at off is, or NULL. */
static const pl_df_heredoc *heredoc_word(const pl_df_instr *in, size_t off)
{
	for (size_t i = 0; i < in->nheredocs; i++)
		if (in->heredocs[i].span.off == off)
			return &in->heredocs[i];
	return NULL;
}

/* Is v a redirection word (>log, 2>&1, <in) and, when written alone (">"), does it take the next word? */
static bool redirection(const char *v, bool *takes_next)
{
	const char *p = v;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '&' && p[1] == '>')
		p++;
	if (*p != '>' && *p != '<')
		return false;
	while (*p == '>' || *p == '<' || *p == '&' || *p == '|')
		p++;
	*takes_next = *p == '\0';
	return true;
}

/*
** RUN bash <<EOF (or RUN <<EOF bash): the body read on standard input is
** bash's script when only options and redirections come with the shell
** (not -c, not a script file, not a pipeline).
*/
static void script_stdin_body(walk *w, const pl_df_instr *in, bool onbuild)
{
	const pl_df_heredoc *body = NULL;
	for (size_t i = 0; i < in->nheredocs && !body; i++)
		if (in->heredocs[i].fd <= 0)
			body = &in->heredocs[i];
	const char *prog = NULL;
	for (size_t i = 0; i < in->argc; i++) {
		const char *v = in->argv[i].value;
		bool next = false;
		if (heredoc_word(in, in->argv[i].span.off))
			continue;
		if (!prog) {
			if (!assignment(v))
				prog = v;
			continue;
		}
		if (strcmp(v, "-o") == 0 || strcmp(v, "+o") == 0 || (redirection(v, &next) && next)) {
			i++;
			continue;
		}
		if (redirection(v, &next))
			continue;
		if ((v[0] != '-' && v[0] != '+') || (v[1] != '-' && strchr(v, 'c')))
			return;
	}
	if (prog && body)
		script_body(w, in, body, shell_of(w->a, &prog, 1), false, onbuild);
}

/* ---- JSON ------------------------------------------------------------- */

typedef PL_VEC(char) sc_chars;
typedef PL_VEC(pl_textmap_seg) sc_tsegs;

/* A reader over JSON text; fails on the first thing it does not expect. */
typedef struct jr {
	const char *p, *end;
	pl_arena *a;
	unsigned depth;  /* nesting, bounded */
} jr;

static void jws(jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Skip blanks; if the next byte is c, consume it. */
static bool jeat(jr *j, char c)
{
	jws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

static long hex4(const char *p, const char *end)
{
	if (end - p < 4)
		return -1;
	long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static void put_utf8(pl_arena *a, sc_chars *out, unsigned long cp)
{
	if (cp < 0x80) {
		*PL_VEC_PUSH(a, out) = (char)cp;
	} else if (cp < 0x800) {
		*PL_VEC_PUSH(a, out) = (char)(0xC0 | (cp >> 6));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*PL_VEC_PUSH(a, out) = (char)(0xE0 | (cp >> 12));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | ((cp >> 6) & 0x3F));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | (cp & 0x3F));
	} else {
		*PL_VEC_PUSH(a, out) = (char)(0xF0 | (cp >> 18));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | ((cp >> 12) & 0x3F));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | ((cp >> 6) & 0x3F));
		*PL_VEC_PUSH(a, out) = (char)(0x80 | (cp & 0x3F));
	}
}

/* Map out[from, out->n) to 'phys' (pushing or extending a segment of segs). */
static void map_bytes(pl_arena *a, sc_tsegs *segs, size_t from, size_t to, size_t phys)
{
	if (!segs || to == from)
		return;
	pl_textmap_seg *last = segs->n ? &segs->v[segs->n - 1] : NULL;
	if (last && last->lo + last->len == from && last->phys + last->len == phys) {
		last->len += to - from;
		return;
	}
	pl_textmap_seg *g = PL_VEC_PUSH(a, segs);
	g->lo = from;
	g->phys = phys;
	g->len = to - from;
}

/*
** Decode the JSON string at j->p (its opening quote) into out,
** NUL-terminated.  With segs, record where each decoded byte comes from,
** as offsets from base (an escape's bytes map to the escape).
*/
static bool jstring(jr *j, sc_chars *out, sc_tsegs *segs, const char *base)
{
	jws(j);
	if (j->p >= j->end || *j->p != '"')
		return false;
	j->p++;
	for (;;) {
		if (j->p >= j->end)
			return false;
		const char *at = j->p;
		size_t from = out->n;
		char c = *j->p++;
		if (c == '"')
			break;
		if (c != '\\') {
			*PL_VEC_PUSH(j->a, out) = c;
		} else {
			if (j->p >= j->end)
				return false;
			char e = *j->p++;
			switch (e) {
			case '"': case '\\': case '/': *PL_VEC_PUSH(j->a, out) = e; break;
			case 'b': *PL_VEC_PUSH(j->a, out) = '\b'; break;
			case 'f': *PL_VEC_PUSH(j->a, out) = '\f'; break;
			case 'n': *PL_VEC_PUSH(j->a, out) = '\n'; break;
			case 'r': *PL_VEC_PUSH(j->a, out) = '\r'; break;
			case 't': *PL_VEC_PUSH(j->a, out) = '\t'; break;
			case 'u': {
				long cp = hex4(j->p, j->end);
				if (cp < 0)
					return false;
				j->p += 4;
				if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
					long lo = hex4(j->p + 2, j->end);
					if (lo >= 0xDC00 && lo < 0xE000) {
						cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
						j->p += 6;
					}
				}
				put_utf8(j->a, out, (unsigned long)cp);
				break;
			}
			default:
				return false;
			}
		}
		map_bytes(j->a, segs, from, out->n, (size_t)(at - base));
	}
	*PL_VEC_PUSH(j->a, out) = '\0';
	out->n--;
	return true;
}

/* A string value, in the arena. */
static const char *jstr(jr *j)
{
	sc_chars s = {0};
	return jstring(j, &s, NULL, NULL) ? s.v : NULL;
}

/* An integer (a fraction or exponent is read and dropped). */
static bool jint(jr *j, long *v)
{
	jws(j);
	bool neg = j->p < j->end && *j->p == '-';
	if (neg)
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return false;
	long x = 0;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		if (x < 100000000000L)
			x = x * 10 + (*j->p - '0');
		j->p++;
	}
	while (j->p < j->end && *j->p && strchr("0123456789.eE+-", *j->p))
		j->p++;
	*v = neg ? -x : x;
	return true;
}

static bool jskip(jr *j);

/* Skip the members of an object or the items of an array after its opening bracket. */
static bool jskip_items(jr *j, char close, bool object)
{
	if (jeat(j, close))
		return true;
	do {
		if (object) {
			sc_chars k = {0};
			if (!jstring(j, &k, NULL, NULL) || !jeat(j, ':'))
				return false;
		}
		if (!jskip(j))
			return false;
	} while (jeat(j, ','));
	return jeat(j, close);
}

/* Skip any value. */
static bool jskip(jr *j)
{
	jws(j);
	if (j->p >= j->end || j->depth > 64)
		return false;
	long ignored;
	switch (*j->p) {
	case '"': {
		sc_chars s = {0};
		return jstring(j, &s, NULL, NULL);
	}
	case '{':
	case '[': {
		char open = *j->p++;
		j->depth++;
		bool ok = jskip_items(j, open == '{' ? '}' : ']', open == '{');
		j->depth--;
		return ok;
	}
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = {"true", "false", "null"};
		for (size_t i = 0; i < PL_ARRAY_LEN(words); i++) {
			size_t n = strlen(words[i]);
			if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
				j->p += n;
				return true;
			}
		}
		return false;
	}
	default:
		return jint(j, &ignored);
	}
}

static bool jlevel(const char *s, pl_severity *out)
{
	static const struct { const char *name; pl_severity sev; } levels[] = {
		{"error", PL_SEV_ERROR}, {"warning", PL_SEV_WARNING}, {"info", PL_SEV_INFO}, {"style", PL_SEV_STYLE},
	};
	for (size_t i = 0; i < PL_ARRAY_LEN(levels); i++)
		if (s && strcmp(s, levels[i].name) == 0) {
			*out = levels[i].sev;
			return true;
		}
	return false;
}

/* One comment object; its "fix" and anything unknown are skipped. */
static bool jcomment(jr *j, pl_sc_comment *c)
{
	enum { F_FILE = 1, F_LINE = 2, F_COL = 4, F_CODE = 8, F_LEVEL = 16, F_MSG = 32, F_ALL = 63 };
	unsigned seen = 0;
	bool has_end_line = false, has_end_col = false;
	if (!jeat(j, '{'))
		return false;
	if (!jeat(j, '}')) {
		do {
			const char *k = jstr(j);
			if (!k || !jeat(j, ':'))
				return false;
			bool ok = true;
			if (strcmp(k, "file") == 0)
				ok = (c->file = jstr(j)) != NULL, seen |= F_FILE;
			else if (strcmp(k, "line") == 0)
				ok = jint(j, &c->line), seen |= F_LINE;
			else if (strcmp(k, "column") == 0)
				ok = jint(j, &c->col), seen |= F_COL;
			else if (strcmp(k, "endLine") == 0)
				ok = jint(j, &c->end_line), has_end_line = true;
			else if (strcmp(k, "endColumn") == 0)
				ok = jint(j, &c->end_col), has_end_col = true;
			else if (strcmp(k, "code") == 0)
				ok = jint(j, &c->code), seen |= F_CODE;
			else if (strcmp(k, "level") == 0)
				ok = jlevel(jstr(j), &c->level), seen |= F_LEVEL;
			else if (strcmp(k, "message") == 0)
				ok = (c->message = jstr(j)) != NULL, seen |= F_MSG;
			else
				ok = jskip(j);
			if (!ok)
				return false;
		} while (jeat(j, ','));
		if (!jeat(j, '}'))
			return false;
	}
	if (seen != F_ALL)
		return false;
	if (!has_end_line)
		c->end_line = c->line;
	if (!has_end_col)
		c->end_col = c->col;
	return true;
}

long pl_shellcheck__read_json1(pl_arena *a, const char *text, size_t len, pl_sc_comment **out)
{
	jr j = {text, text + len, a, 0};
	PL_VEC(pl_sc_comment) v = {0};
	bool have = false;
	if (!jeat(&j, '{'))
		return -1;
	if (!jeat(&j, '}')) {
		do {
			const char *k = jstr(&j);
			if (!k || !jeat(&j, ':'))
				return -1;
			if (strcmp(k, "comments") == 0 && !have) {
				have = true;
				if (!jeat(&j, '['))
					return -1;
				if (!jeat(&j, ']')) {
					do {
						pl_sc_comment *c = PL_VEC_PUSH(a, &v);
						memset(c, 0, sizeof(*c));
						if (!jcomment(&j, c))
							return -1;
					} while (jeat(&j, ','));
					if (!jeat(&j, ']'))
						return -1;
				}
			} else if (!jskip(&j)) {
				return -1;
			}
		} while (jeat(&j, ','));
		if (!jeat(&j, '}'))
			return -1;
	}
	jws(&j);
	if (j.p != j.end || !have)
		return -1;
	*out = v.v;
	return (long)v.n;
}

/* ---- exec form ------------------------------------------------------ */

/* Index in argv of the script of ["sh", opts…, "-c", script], or 0. */
static size_t exec_script(const pl_df_instr *in)
{
	for (size_t i = 1; i + 1 < in->argc; i++) {
		const char *v = in->argv[i].value;
		if (strcmp(v, "-o") == 0 || strcmp(v, "+o") == 0)
			i++;
		else if ((v[0] == '-' || v[0] == '+') && v[1] != '-' && strchr(v, 'c'))
			return i + 1;
		else if (v[0] != '-' && v[0] != '+')
			return 0;
	}
	return 0;
}

/* RUN ["bash", "-c", "script"]: the script string, mapped into its JSON string in the file. */
static void script_exec(walk *w, const pl_df_instr *in, bool onbuild)
{
	size_t k = exec_script(in);
	if (!k)
		return;
	const char *prog = in->argv[0].value;
	const sc_shell *sh = shell_of(w->a, &prog, 1);
	if (!sh->name) {
		skipped(w, in, sh->why);
		return;
	}
	const pl_df_word *wd = &in->argv[k];
	const char *tok = w->src->text + wd->span.off;
	if (wd->span.len < 2 || tok[0] != '"' || memchr(tok, '\n', wd->span.len)) {
		skipped(w, in, "its script string is continued over several lines");
		return;
	}
	jr j = {tok, tok + wd->span.len, w->a, 0};
	sc_chars text = {0};
	sc_tsegs segs = {0};
	if (!jstring(&j, &text, &segs, w->src->text) || blank(text.v, text.n))
		return;
	pl_textmap *map = pl_arena_alloc(w->a, sizeof(*map));
	map->segs = segs.v;
	map->nsegs = segs.n;
	sc_script *s = script_new(w, in, sh);
	size_t at = s->text.n;
	put_text(w->a, s, text.v, 0, text.n, map);
	script_end(w, s, at, onbuild);
}

/* ---- walking the Dockerfile ---------------------------------------- */

static void run(walk *w, const pl_df_instr *in, bool onbuild)
{
	const sc_shell *sh = w->shell;
	switch (in->sh_src) {
	case PL_DF_SH_NONE:
		if (!(in->bits & PL_DF_JSON) && in->nheredocs)
			skipped(w, in, "its heredoc is a script for another interpreter");
		return;
	case PL_DF_SH_EXEC:
		return; /* exec form without a shell: nothing to check */
	case PL_DF_SH_EXEC_C:
		script_exec(w, in, onbuild);
		return;
	case PL_DF_SH_HEREDOC:
		script_body(w, in, &in->heredocs[0], sh, true, onbuild);
		return;
	case PL_DF_SH_ARGS:
	case PL_DF_SH_ARGS_HEREDOC:
		if (!sh->name) {
			skipped(w, in, sh->why);
			return;
		}
		script_args(w, in, sh, onbuild);
		if (in->sh_src == PL_DF_SH_ARGS_HEREDOC)
			script_stdin_body(w, in, onbuild);
		return;
	}
}

/* End of the current stage: its ONBUILD RUNs see the shell and ENV it ends with. */
static void end_stage(walk *w)
{
	for (size_t i = 0; i < w->onbuild.n; i++)
		run(w, w->onbuild.v[i], true);
	w->onbuild.n = 0;
	if (w->stage < w->df->nstages)
		w->stage_shell[w->stage] = w->shell;
}

/* "hadolint shell=NAME" or "plimsoll shell=NAME": the shell of what follows. */
static void pragma(walk *w, const pl_df_comment *c)
{
	const char *p = c->text;
	if (strncmp(p, "hadolint", 8) != 0 && strncmp(p, "plimsoll", 8) != 0)
		return;
	p += 8;
	if (*p != ' ' && *p != '\t')
		return;
	p += strspn(p, " \t");
	if (strncmp(p, "shell", 5) != 0)
		return;
	p += 5;
	p += strspn(p, " \t");
	if (*p != '=')
		return;
	p++;
	p += strspn(p, " \t");
	size_t n = strcspn(p, " \t#");
	if (!n)
		return;
	const char *name = pl_arena_strndup(w->a, p, n);
	w->shell = shell_of(w->a, &name, 1);
	if (w->stage >= w->df->nstages)
		w->file_shell = w->shell; /* before the first FROM: every stage's default */
}

static void instr(walk *w, const pl_df_instr *in)
{
	switch (in->kind) {
	case PL_INSTR_FROM:
		end_stage(w);
		if (!ALWAYS(in->stage))
			return; /* the parser gives every FROM its stage */
		w->stage = in->stage->index;
		w->shell = w->file_shell;
		if (in->stage->base && w->stage_shell[in->stage->base->index])
			w->shell = w->stage_shell[in->stage->base->index];
		break;
	case PL_INSTR_ARG:
	case PL_INSTR_ENV:
		for (size_t i = 0; i < in->nkvs; i++)
			if (in->kvs[i].key && *in->kvs[i].key) {
				unsigned kind = in->kind == PL_INSTR_ENV ? VAR_ENV : VAR_ARG;
				const char *k = in->kvs[i].key;
				size_t n = strlen(k), j = 0;
				while (j < n && ident_char(k[j]))
					j++;
				if (j < n || !ident_start(k[0]))
					continue; /* not a shell variable name */
				var_add(w->a, &w->vars, k, n, w->stage, kind);
				sc_decl *d = PL_VEC_PUSH(w->a, &w->decls[w->stage]);
				d->name = k;
				d->len = n;
				d->kind = kind;
			}
		break;
	case PL_INSTR_SHELL:
		if (in->argc) {
			const char **v = pl_arena_alloc(w->a, in->argc * sizeof(*v));
			for (size_t i = 0; i < in->argc; i++)
				v[i] = in->argv[i].value;
			w->shell = shell_of(w->a, v, in->argc);
		}
		break;
	case PL_INSTR_RUN:
		run(w, in, false);
		break;
	case PL_INSTR_ONBUILD:
		if (in->as.inner && in->as.inner->kind == PL_INSTR_RUN)
			*PL_VEC_PUSH(w->a, &w->onbuild) = in->as.inner;
		break;
	default:
		break;
	}
}

/* Every script of the file, in order, into w->scripts. */
static void collect(walk *w)
{
	const pl_dockerfile *df = w->df;
	size_t ci = 0;
	for (size_t i = 0; i < df->ninstrs; i++) {
		for (; ci < df->ncomments && df->comments[ci].next_instr <= i; ci++)
			if (!df->comments[ci].in_continuation)
				pragma(w, &df->comments[ci]);
		instr(w, df->instrs[i]);
	}
	end_stage(w);
}

/* ---- mapping findings back ----------------------------------------- */

size_t pl_shellcheck__char_len(const char *s, size_t avail)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0xC0 ? 1 : u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : u[0] < 0xF8 ? 4 : 1;
	if (n == 1 || n > avail)
		return 1;
	unsigned long cp = u[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 1;
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	return cp > 0x10FFFF ? 1 : n;
}

/* Script offset of 1-based line:col (clamped to the line and the script). */
static size_t script_off(const sc_script *s, long line, long col)
{
	if (line < 1)
		line = 1;
	if ((size_t)line > s->lines.n)
		return s->text.n;
	size_t off = s->lines.v[line - 1];
	size_t end = (size_t)line < s->lines.n ? s->lines.v[line] - 1 : s->text.n;
	for (long c = 1; c < col && off < end; c++)
		off += pl_shellcheck__char_len(s->text.v + off, end - off);
	return off > end ? end : off;
}

/* The last segment with slo <= off, or NULL. */
static const sc_seg *seg_at(const sc_script *s, size_t off)
{
	size_t lo = 0, hi = s->segs.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->segs.v[mid].slo <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &s->segs.v[lo - 1] : NULL;
}

/* Physical offset of the byte at script offset off (which is inside g). */
static size_t seg_phys(const sc_seg *g, size_t off)
{
	return pl_textmap_phys(g->map, g->tlo + off - g->slo);
}

/*
** Physical start of a finding at script offset off: a byte of the file,
** or the end of a line of the file (a finding at the end of the command
** line); false for the lines we added.
*/
static bool phys_start(const sc_script *s, size_t off, size_t *out)
{
	const sc_seg *g = seg_at(s, off);
	if (!g)
		return false;
	if (off < g->slo + g->len) {
		*out = seg_phys(g, off);
		return true;
	}
	if (off == g->slo + g->len && (off == s->text.n || s->text.v[off] == '\n')) {
		*out = seg_phys(g, off - 1) + 1;
		return true;
	}
	return false;
}

/* Physical end of a finding [so, eo) that starts at physical ps; stops at the file's last byte before eo. */
static size_t phys_end(const sc_script *s, size_t so, size_t eo, size_t ps)
{
	if (eo <= so)
		return ps;
	const sc_seg *g = seg_at(s, eo - 1);
	if (!g || g->slo + g->len <= so)
		return ps;
	size_t last = eo - 1 < g->slo + g->len ? eo - 1 : g->slo + g->len - 1;
	size_t pe = seg_phys(g, last) + 1;
	return pe > ps ? pe : ps;
}

static void report(walk *w, const sc_script *s, const pl_sc_comment *c)
{
	const pl_config *cfg = pl_ctx_config(w->ctx);
	char code[32];
	snprintf(code, sizeof(code), "SC%ld", c->code);
	if (!pl_config_code_on(cfg, &pl_rule_SC, code))
		return;
	size_t so = script_off(s, c->line, c->col);
	size_t eo = script_off(s, c->end_line, c->end_col);
	size_t ps;
	if (!phys_start(s, so, &ps))
		return; /* in the #! or export line we added */
	pl_span span = pl_span_make(ps, phys_end(s, so, eo, ps));
	/* ShellCheck's sentence, without the full stop our messages never have. */
	size_t n = strlen(c->message);
	while (n && (c->message[n - 1] == '.' || c->message[n - 1] == ' '))
		n--;
	pl_diag *d = pl_report(w->ctx, span, "%.*s", (int)n, c->message);
	d->code = pl_arena_strdup(w->a, code);
	d->severity = pl_config_code_severity(cfg, &pl_rule_SC, d->code, c->level);
}

/* ---- running shellcheck --------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The environment without SHELLCHECK_OPTS (it could change the output format). */
static char **child_env(void)
{
	size_t n = 0;
	while (environ && environ[n])
		n++;
	char **e = pl_xmalloc((n + 1) * sizeof(*e));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "SHELLCHECK_OPTS=", 16) != 0)
			e[k++] = environ[i];
	e[k] = NULL;
	return e;
}

/* What one run gave. */
typedef struct sc_proc {
	char *out;            /* standard output (malloc'd) */
	size_t len;
	int status;           /* from waitpid, when reaped normally */
	const char *problem;  /* set when the run failed */
	bool fatal;           /* the failure would repeat for every file */
} sc_proc;

/* The first line of the file at path, trimmed, in the arena ("" if none). */
static const char *first_line(pl_arena *a, const char *path)
{
	char buf[512];
	FILE *f = fopen(path, "rb");
	if (!f)
		return "";
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	n = strcspn(buf, "\n");
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\r' || buf[n - 1] == '\t'))
		n--;
	return pl_arena_strndup(a, buf, n);
}

/* Held while a pipe is made and handed to a child (see run_proc). */
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

/* Run argv (argv[0] looked up in PATH), stdout into r->out, stderr to errpath, within the timeout. */
static void run_proc(walk *w, char **argv, const char *errpath, sc_proc *r)
{
	pl_shellcheck *sc = w->sc;
	int fds[2];
	/*
	 * From pipe() until the child holds its copy, no other thread may
	 * spawn: it would inherit our write end before FD_CLOEXEC is set,
	 * and our read would not see end-of-file until that child exits.
	 */
	pthread_mutex_lock(&spawn_lock);
	if (pipe(fds) < 0) {
		pthread_mutex_unlock(&spawn_lock);
		r->problem = pl_arena_printf(w->a, "cannot make a pipe: %s", strerror(errno));
		r->fatal = true;
		return;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	sigset_t mask, def;
	sigemptyset(&mask);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &mask);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setpgroup(&at, 0); /* its own group: a timeout kills what it started too */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	char **env = child_env();
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, env);
	free(env);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	pthread_mutex_unlock(&spawn_lock);
	if (rc != 0) {
		close(fds[0]);
		r->problem = pl_arena_printf(w->a, "cannot run '%s': %s", argv[0], strerror(rc));
		r->fatal = true;
		return;
	}
	sc->runs++;

	double deadline = now_ms() + sc->timeout_ms;
	size_t cap = 0;
	bool timed_out = false, too_big = false;
	for (;;) {
		double left = deadline - now_ms();
		if (left <= 0) {
			timed_out = true;
			break;
		}
		struct pollfd pfd = {fds[0], POLLIN, 0};
		int k = poll(&pfd, 1, left > 1e6 ? 1000000 : (int)left + 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			timed_out = k == 0;
			break;
		}
		if (r->len == cap) {
			if (cap >= SC_MAX_OUTPUT) {
				too_big = true;
				break;
			}
			cap = cap ? 2 * cap : 65536;
			r->out = pl_xrealloc(r->out, cap);
		}
		ssize_t got = read(fds[0], r->out + r->len, cap - r->len);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			break;
		r->len += (size_t)got;
	}
	close(fds[0]);
	pid_t done = 0;
	while (!timed_out && !too_big) {
		done = waitpid(pid, &r->status, WNOHANG);
		if (done == pid || (done < 0 && errno != EINTR))
			break;
		if (now_ms() >= deadline) {
			timed_out = true;
			break;
		}
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	if (done != pid) {
		kill(-pid, SIGKILL);
		int ignored;
		while (waitpid(pid, &ignored, 0) < 0 && errno == EINTR)
			;
	}
	if (timed_out) {
		r->problem = pl_arena_printf(w->a, "'%s' did not finish within %.3g s and was stopped",
		                             argv[0], sc->timeout_ms / 1000.0);
		r->fatal = true;
	} else if (too_big) {
		r->problem = pl_arena_printf(w->a, "'%s' printed more than %u MiB", argv[0], SC_MAX_OUTPUT >> 20);
	} else if (done != pid) {
		r->problem = pl_arena_printf(w->a, "lost track of '%s': %s", argv[0], strerror(errno));
	} else if (WIFSIGNALED(r->status)) {
		r->problem = pl_arena_printf(w->a, "'%s' was killed by signal %d", argv[0], WTERMSIG(r->status));
	} else if (WIFEXITED(r->status) && WEXITSTATUS(r->status) > 1) {
		const char *line = first_line(w->a, errpath);
		r->problem = pl_arena_printf(w->a, "'%s' exited with status %d%s%s", argv[0],
		                             WEXITSTATUS(r->status), *line ? ": " : "", line);
	}
}

/* A run failed: its findings are missing; tell once, then only --verbose. */
static void failed(walk *w, const char *problem, bool fatal)
{
	pl_shellcheck *sc = w->sc;
	sc->failures++;
	if (fatal)
		sc->broken = true;
	bool first = !atomic_exchange(&sc->reported, true);
	note(sc, first ? PL_SC_LOG_ERROR : PL_SC_LOG_VERBOSE, "shellcheck failed on %s: %s; %s",
	     w->src->path, problem,
	     fatal ? "SC checks are off for the rest of the run" : "its SC findings are missing");
}

static int write_file(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	while (n) {
		ssize_t k = write(fd, data, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		data += k;
		n -= (size_t)k;
	}
	return close(fd);
}

/* Check scripts [lo, hi) with one process; report what it finds. */
static void check_batch(walk *w, size_t lo, size_t hi)
{
	const char *tmp = getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	char *dir = pl_arena_printf(w->a, "%s/plimsoll-sc-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		failed(w, pl_arena_printf(w->a, "cannot make a temporary folder in '%s': %s", tmp, strerror(errno)), true);
		return;
	}
	size_t nargs = 4;
	char **argv = pl_arena_alloc(w->a, (nargs + (hi - lo) + 1) * sizeof(*argv));
	argv[0] = (char *)w->sc->program;
	argv[1] = "--norc";
	argv[2] = "--format=json1";
	argv[3] = SC_EXCLUDE;
	const char *problem = NULL;
	for (size_t i = lo; i < hi && !problem; i++) {
		char *path = pl_arena_printf(w->a, "%s/%zu", dir, i);
		const sc_script *s = &w->scripts.v[i];
		if (write_file(path, s->text.v, s->text.n) < 0)
			problem = pl_arena_printf(w->a, "cannot write '%s': %s", path, strerror(errno));
		argv[nargs++] = path;
	}
	argv[nargs] = NULL;
	char *errpath = pl_arena_printf(w->a, "%s/stderr", dir);
	sc_proc r = {0};
	if (problem) {
		r.problem = problem;
		r.fatal = true;
	} else {
		run_proc(w, argv, errpath, &r);
	}
	for (size_t i = 4; i < nargs; i++)
		unlink(argv[i]);
	unlink(errpath);
	rmdir(dir);

	pl_sc_comment *cs = NULL;
	long n = -1;
	if (!r.problem) {
		n = pl_shellcheck__read_json1(w->a, r.out ? r.out : "", r.len, &cs);
		if (n < 0)
			r.problem = pl_arena_printf(w->a, "'%s' printed %s", argv[0],
			                            r.len ? "something that is not ShellCheck's json1" : "nothing");
	}
	free(r.out);
	if (r.problem) {
		failed(w, r.problem, r.fatal);
		return;
	}
	size_t dl = strlen(dir);
	for (long i = 0; i < n; i++) {
		/* "file" is the path we passed: DIR/INDEX. */
		const char *f = cs[i].file;
		if (strncmp(f, dir, dl) != 0 || f[dl] != '/')
			continue;
		char *end;
		unsigned long idx = strtoul(f + dl + 1, &end, 10);
		if (*end || end == f + dl + 1 || idx < lo || idx >= hi)
			continue;
		report(w, &w->scripts.v[idx], &cs[i]);
	}
}

/* ---- the interface -------------------------------------------------- */

void pl_shellcheck__init(pl_shellcheck *sc, const char *program, unsigned timeout_ms,
                         pl_sc_log_fn log, void *log_ud)
{
	memset(sc, 0, sizeof(*sc));
	sc->program = program;
	sc->timeout_ms = timeout_ms;
	sc->log = log;
	sc->log_ud = log_ud;
}

char *pl_shellcheck__which(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? pl_xstrdup(name) : NULL;
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		size_t len = (n ? n : 1) + strlen(name) + 2;
		char *full = pl_xmalloc(len);
		snprintf(full, len, "%.*s/%s", n ? (int)n : 1, n ? path : ".", name);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
			return full;
		free(full);
		path += n;
		if (*path == ':')
			path++;
	}
	return NULL;
}

void pl_shellcheck__lint(pl_ctx *ctx, const pl_dockerfile *df)
{
	pl_shellcheck *sc = pl_ctx_config(ctx)->shellcheck;
	if (!sc || sc->broken)
		return;
	walk w = {0};
	w.ctx = ctx;
	w.a = pl_ctx_arena(ctx);
	w.sc = sc;
	w.df = df;
	w.src = pl_ctx_source(ctx);
	if (w.src->has_nul) {
		note(sc, PL_SC_LOG_VERBOSE, "%s: not checked by ShellCheck: the file holds NUL bytes", w.src->path);
		return;
	}
	w.stage = df->nstages;
	w.shell = w.file_shell = &default_shell;
	w.stage_shell = pl_arena_alloc(w.a, (df->nstages + 1) * sizeof(*w.stage_shell));
	w.decls = pl_arena_alloc(w.a, (df->nstages + 1) * sizeof(*w.decls));
	collect(&w);
	for (size_t lo = 0; lo < w.scripts.n && !sc->broken; lo += SC_MAX_FILES) {
		size_t hi = w.scripts.n - lo > SC_MAX_FILES ? lo + SC_MAX_FILES : w.scripts.n;
		check_batch(&w, lo, hi);
	}
}
