/*
** ShellCheck on the shell of RUN instructions (the SC pseudo-rule).
**
** The caller (cli.c) owns one pl_shellcheck for the whole run and hangs
** it on pl_config.shellcheck; the engine calls pl_shellcheck__lint()
** once per Dockerfile when the SC rule is on.  That writes every script
** of the file to its own file in one private temporary folder, runs one
** shellcheck process on all of them (json1 output; a file with hundreds
** of RUNs is checked in runs of a few hundred scripts), maps each finding
** back to the exact bytes of the Dockerfile and reports it under its own
** code (SC2086) at ShellCheck's level.
**
**     pl_shellcheck sc;
**     pl_shellcheck__init(&sc, "shellcheck", 30000, log_fn, ud);
**     cfg.shellcheck = &sc;
**     ... pl_lint_file(&f, &cfg) for each file ...
**
** A shellcheck that cannot be started, hangs (killed after timeout_ms),
** exits with an error or prints something that is not json1 never fails
** the lint: the file simply gets no SC findings, the first such problem
** goes to log as PL_SC_LOG_ERROR, and after one that would repeat for
** every file (cannot start, timed out) no more runs are made.
**
** Lint threads may share one pl_shellcheck: its counters are atomic, the
** log function is called from the thread that lints the file (it must be
** thread-safe), and child processes are started so that no thread's pipe
** leaks into another thread's shellcheck.
*/
#ifndef PL_SHELLCHECK_H
#define PL_SHELLCHECK_H

#include <stdatomic.h>

#include "plimsoll/rule.h"

typedef enum pl_sc_log_level {
	PL_SC_LOG_ERROR,   /* shellcheck failed: always worth telling */
	PL_SC_LOG_VERBOSE, /* what was skipped and why (--verbose) */
} pl_sc_log_level;

/* Where messages go: one line, no trailing newline, no "plimsoll: " prefix. */
typedef void (*pl_sc_log_fn)(void *ud, pl_sc_log_level level, const char *msg);

typedef struct pl_shellcheck {
	const char *program;   /* path, or a name looked up in PATH; not owned */
	unsigned timeout_ms;   /* a run that takes longer is killed */
	pl_sc_log_fn log;      /* may be NULL: silent */
	void *log_ud;
	/* Shared by the lint threads (-j): atomic. */
	_Atomic bool broken;   /* a failure that would repeat happened: no more runs */
	_Atomic bool reported; /* a failure was logged as PL_SC_LOG_ERROR (only the first is) */
	_Atomic size_t runs;   /* shellcheck processes started */
	_Atomic size_t failures; /* runs whose findings are missing */
} pl_shellcheck;

void pl_shellcheck__init(pl_shellcheck *sc, const char *program, unsigned timeout_ms,
                         pl_sc_log_fn log, void *log_ud);

/* Full path of an executable 'name' found in $PATH (malloc'd), or NULL. */
char *pl_shellcheck__which(const char *name);

/*
** Run ShellCheck on the scripts of df's RUN instructions and report the
** findings through ctx, whose current rule is the SC pseudo-rule.  Uses
** pl_ctx_config(ctx)->shellcheck; does nothing when that is NULL or broken.
*/
void pl_shellcheck__lint(pl_ctx *ctx, const pl_dockerfile *df);

/* ---- internals, exposed for tests/test_shellcheck.c ------------------ */

/* One finding read from json1 output. */
typedef struct pl_sc_comment {
	const char *file;      /* as printed */
	long line, col;        /* 1-based; col counts characters, a tab counts 1 */
	long end_line, end_col;/* exclusive end */
	long code;             /* 2086 */
	pl_severity level;     /* error, warning, info, style */
	const char *message;   /* as printed */
} pl_sc_comment;

/*
** Read ShellCheck's json1 output {"comments":[{...}, ...]} from
** text[0, len).  Returns the number of comments (their array in *out,
** allocated in a), or -1 when the text is not that shape.
*/
long pl_shellcheck__read_json1(pl_arena *a, const char *text, size_t len, pl_sc_comment **out);

/*
** Byte length of the character at s[0] (avail > 0 bytes left) as
** ShellCheck counts columns: a well-formed UTF-8 sequence (overlong and
** surrogate forms included) is one character, any other byte is one.
*/
size_t pl_shellcheck__char_len(const char *s, size_t avail);

#endif
