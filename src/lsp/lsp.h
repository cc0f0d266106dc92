/*
** plimsoll lsp: a Language Server Protocol 3.17 server for Dockerfiles
** and Compose files, over stdio (JSON-RPC 2.0 with Content-Length
** framing, JSON by Jansson).
**
** One thread and one loop (server.c): poll stdin until a message comes
** or the next debounced lint is due.  The pieces, one file each:
**   rpc.c      framing: read one message body, write one message
**   text.c     a document's bytes, its LSP line table, UTF-16 positions
**              both ways, and incremental edits
**   docs.c     the open documents and the overlay: a read function that
**              serves open buffers before the disk, recording what a lint read
**   config.c   .plimsoll.yaml per file as the CLI finds it, with the
**              editor's settings (select / ignore / severity) on top
**   publish.c  linting a document and publishing diagnostics per URI
**   actions.c  code actions (quick fixes, fix all, ignore pragmas) and hover
**
** Positions: the core keeps byte offsets.  LSP counts lines split at
** \n, \r\n or \r, and characters in UTF-16 code units (a code point
** outside the BMP is 2, a tab is 1).  text.c converts at the edge,
** both ways; nothing else in the server deals in columns.
*/
#ifndef PL_LSP_H
#define PL_LSP_H

#include <jansson.h>

#include "lsp/server.h"
#include "plimsoll/config.h"
#include "plimsoll/lint.h"

/* ---- text.c: document text and positions ------------------------------ */

/* A document's text with the byte offset of each LSP line. */
typedef struct pl_lsp_text {
	char *s;          /* the bytes, NUL-terminated (malloc'd) */
	size_t len;       /* bytes, without the NUL */
	size_t *lines;    /* lines[i] = offset of line i; nlines entries (malloc'd) */
	size_t nlines;    /* at least 1 */
	size_t lines_cap; /* allocated entries of lines */
} pl_lsp_text;

/* A position as LSP counts it: 0-based line, UTF-16 code units into the line. */
typedef struct pl_lsp_pos {
	size_t line;
	size_t character;
} pl_lsp_pos;

/* Set t to a copy of s[0..n). */
void pl_lsp__text_set(pl_lsp_text *t, const char *s, size_t n);
void pl_lsp__text_free(pl_lsp_text *t);
/* The LSP position of byte off (clamped to the text; inside a character: its start). */
pl_lsp_pos pl_lsp__text_pos(const pl_lsp_text *t, size_t off);
/*
** The byte offset of an LSP position.  A line past the end means the end
** of the text; a character past the end of its line means the line's end
** (before its terminator), as the specification says; a character in the
** middle of a surrogate pair means the code point's start.
*/
size_t pl_lsp__text_offset(const pl_lsp_text *t, pl_lsp_pos p);
/* Replace bytes [from, to) with s[0..n) and update the line table. */
void pl_lsp__text_replace(pl_lsp_text *t, size_t from, size_t to, const char *s, size_t n);
/* The LSP position of byte off in any text (builds no table: walks from the start). */
pl_lsp_pos pl_lsp__pos_in(const char *s, size_t len, size_t off);

/* ---- rpc.c: framing ----------------------------------------------------- */

#define PL_LSP_MAX_MESSAGE (64u * 1024 * 1024) /* a larger body is skipped with an error */

typedef struct pl_lsp_io {
	int in, out;      /* file descriptors */
	char *buf;        /* bytes read and not yet consumed: buf[pos..len) */
	size_t len, pos, cap;
	char *msg;        /* the last message's body, NUL-terminated */
	size_t msg_cap;   /* allocated bytes of msg */
	size_t skip;      /* body bytes still to discard (an oversized message) */
	bool eof;         /* the input ended (or failed) */
	bool broken;      /* the output failed (EPIPE): the client is gone */
} pl_lsp_io;

typedef enum pl_lsp_read {
	PL_LSP_READ_MESSAGE, /* *body holds one message body */
	PL_LSP_READ_TIMEOUT, /* nothing complete arrived in time */
	PL_LSP_READ_BAD,     /* a malformed header or an oversized body (skipped) */
	PL_LSP_READ_EOF,     /* the client is gone */
} pl_lsp_read;

void pl_lsp__io_init(pl_lsp_io *io, int in, int out);
void pl_lsp__io_free(pl_lsp_io *io);
/*
** Wait up to timeout_ms (-1: forever) for one message.  On MESSAGE, *body
** points at the body (NUL-terminated, valid until the next call) of
** *n bytes.
*/
pl_lsp_read pl_lsp__io_next(pl_lsp_io *io, int timeout_ms, const char **body, size_t *n);
/* Write msg with its header.  -1 when the output is broken. */
int pl_lsp__io_send(pl_lsp_io *io, const json_t *msg);

/* ---- docs.c: open documents and the overlay --------------------------- */

/* A list of paths (malloc'd strings). */
typedef struct pl_lsp_paths {
	char **v;
	size_t n, cap;
} pl_lsp_paths;

void pl_lsp__paths_add(pl_lsp_paths *p, const char *s);
bool pl_lsp__paths_has(const pl_lsp_paths *p, const char *s);
void pl_lsp__paths_clear(pl_lsp_paths *p);

#define PL_LSP_SC_DELAY_MS 400.0

typedef struct pl_lsp_doc {
	char *uri;            /* as the client sent it */
	char *path;           /* the file's absolute, normalised path; NULL when not a file: URI */
	char *language;       /* languageId */
	pl_file_kind kind;    /* how it is linted; UNKNOWN: not at all */
	pl_lsp_text text;     /* the buffer */
	long long version;    /* the client's version of text */
	pl_file *lint;        /* the last lint (of the text at lint_version), or NULL */
	long long lint_version;
	bool dirty;           /* text changed since the last lint */
	double due_ms;        /* when dirty: the lint is due at this monotonic time */
	/*
	** ShellCheck starts a process, too slow to run on every keystroke: a
	** lint after a change runs without it, and one with it follows when
	** the document has been quiet for PL_LSP_SC_DELAY_MS (and at once on
	** open and save).
	*/
	bool sc_wanted;       /* the next lint runs ShellCheck */
	bool sc_stale;        /* the last lint ran without it: one with it is due at sc_due_ms */
	double sc_due_ms;
	pl_lsp_paths deps;    /* files the last lint read or builds from (normalised paths) */
	pl_lsp_paths targets; /* URIs the last publish sent diagnostics to */
} pl_lsp_doc;

typedef struct pl_lsp_docs {
	pl_lsp_doc **v;       /* open documents, in opening order */
	size_t n, cap;
} pl_lsp_docs;

pl_lsp_doc *pl_lsp__doc_open(pl_lsp_docs *ds, const char *uri, const char *language,
                             long long version, const char *text, size_t n);
pl_lsp_doc *pl_lsp__doc_find(const pl_lsp_docs *ds, const char *uri);
/* The open document of the file at path (normalised), or NULL. */
pl_lsp_doc *pl_lsp__doc_by_path(const pl_lsp_docs *ds, const char *path);
void pl_lsp__doc_close(pl_lsp_docs *ds, pl_lsp_doc *d);
void pl_lsp__docs_free(pl_lsp_docs *ds);

/* The path of a file: URI (percent-decoded, normalised; malloc'd), or NULL. */
char *pl_lsp__uri_to_path(const char *uri);
/* The file: URI of an absolute path (malloc'd). */
char *pl_lsp__path_to_uri(const char *path);
/* path with "." and ".." segments and repeated slashes resolved, made absolute (malloc'd). */
char *pl_lsp__path_norm(const char *path);

/*
** The overlay: a pl_read_fn whose ud is a pl_lsp_reader.  An open
** document is served from its buffer, anything else from the disk; every
** path asked for is recorded in deps (when not NULL).
*/
typedef struct pl_lsp_reader {
	const pl_lsp_docs *docs;
	pl_lsp_paths *deps;
} pl_lsp_reader;

int pl_lsp__read(void *ud, const char *path, size_t limit, char **out, size_t *len,
                 const char **err);

/* ---- config.c ----------------------------------------------------------- */

/* The editor's settings (initializationOptions, workspace/didChangeConfiguration). */
typedef struct pl_lsp_settings {
	json_t *select;       /* array of strings, or NULL */
	json_t *ignore;       /* array of strings, or NULL */
	json_t *severity;     /* object CODE -> level, or NULL */
	bool shellcheck;      /* run ShellCheck on open and save */
	long debounce_ms;     /* quiet time after a change before linting */
} pl_lsp_settings;

typedef struct pl_lsp_conf pl_lsp_conf;

typedef struct pl_lsp_confs {
	pl_lsp_conf *all;     /* every configuration read, newest first */
	char *cwd;            /* where hadolint's ./.hadolint.yaml is looked for (the workspace root) */
	pl_lsp_settings settings;
} pl_lsp_confs;

void pl_lsp__confs_init(pl_lsp_confs *cs, const char *cwd);
void pl_lsp__confs_free(pl_lsp_confs *cs);
/* Forget every configuration read (settings changed). */
void pl_lsp__confs_clear(pl_lsp_confs *cs);
/*
** Read settings from v ({"plimsoll": {...}} or {...} itself).  Problems
** (unknown keys' values of the wrong type) are ignored, unknown rule
** names are reported when configurations are made.
*/
void pl_lsp__settings_read(pl_lsp_settings *s, const json_t *v);
void pl_lsp__settings_free(pl_lsp_settings *s);
/*
** The configuration of the file at path (NULL: a buffer with no file; the
** workspace's): the nearest .plimsoll.yaml (an open buffer of it before
** the disk), else where hadolint looks, else the defaults; the settings
** on top.  Read again when the file changes.  *err gets a message the
** first time a configuration fails to load (then the defaults are used),
** else NULL.
*/
pl_config *pl_lsp__config_for(pl_lsp_confs *cs, const pl_lsp_docs *docs, const char *path,
                              const char **err);

/* ---- the server (server.c) and what the handlers share ---------------- */

typedef struct pl_lsp_pending {
	long long id;         /* our request's id */
	int kind;             /* what the answer is for (server.c) */
} pl_lsp_pending;

typedef struct pl_lsp {
	pl_lsp_io io;
	pl_lsp_docs docs;
	pl_lsp_confs confs;
	struct pl_shellcheck *sc; /* the ShellCheck runner, or NULL when there is no shellcheck */
	bool initialized;     /* initialize answered */
	bool shut_down;       /* shutdown answered: only exit is expected */
	bool exit;            /* exit received, or the client is gone */
	int status;           /* the exit status */
	/* What the client can do (from initialize). */
	bool cap_doc_changes;   /* workspace.workspaceEdit.documentChanges */
	bool cap_config_pull;   /* workspace.configuration */
	bool cap_apply_edit;    /* workspace.applyEdit */
	long long next_id;    /* of our next request to the client */
	pl_lsp_pending pending[16]; /* our requests awaiting an answer (a ring: the oldest is dropped) */
	size_t npending;
	/* Measurements, for plimsoll/stats. */
	double last_lint_ms;  /* the last lint and publish, server side, wall time */
	double last_lint_cpu_ms; /* the same in CPU time of this process (ShellCheck's not counted) */
	double max_lint_ms;
	size_t lints;         /* documents linted */
} pl_lsp;

/* Send a notification or a request to the client (params is stolen). */
void pl_lsp__notify(pl_lsp *s, const char *method, json_t *params);
long long pl_lsp__request(pl_lsp *s, const char *method, json_t *params, int kind);
/* window/showMessage (type 1 error, 2 warning, 3 info). */
void pl_lsp__show(pl_lsp *s, int type, const char *fmt, ...) PL_PRINTF(3, 4);
/* Milliseconds of a monotonic clock. */
double pl_lsp__now_ms(void);
/* Milliseconds of CPU time this process has used. */
double pl_lsp__cpu_ms(void);

/* ---- publish.c ---------------------------------------------------------- */

/* Lint d (its current text) and publish diagnostics for every URI it touches. */
void pl_lsp__lint(pl_lsp *s, pl_lsp_doc *d);
/* Lint d now when its text changed since its last lint (before answering about it). */
void pl_lsp__lint_fresh(pl_lsp *s, pl_lsp_doc *d);
/* The documents whose lint depends on d (or d's on them) are linted again, soon. */
void pl_lsp__touch_related(pl_lsp *s, const pl_lsp_doc *d, double delay_ms);
/* d closes: its diagnostics are withdrawn (and those it gave other files). */
void pl_lsp__withdraw(pl_lsp *s, pl_lsp_doc *d);
/* LSP Range JSON of bytes [off, off+len) of d's text. */
json_t *pl_lsp__range(const pl_lsp_text *t, size_t off, size_t len);
/*
** Every diagnostic that lands in document d, from its own lint and from
** the lints of other open documents, in *out (malloc'd array, *n items).
*/
void pl_lsp__diags_of(const pl_lsp *s, const pl_lsp_doc *d, const pl_diag ***out, size_t *n);
/* The LSP JSON of diagnostic g as it lands in t. */
json_t *pl_lsp__diag_json(const pl_lsp *s, const pl_lsp_text *t, const pl_diag *g);

/* ---- actions.c ---------------------------------------------------------- */

/* textDocument/codeAction: the result (an array). */
json_t *pl_lsp__code_actions(pl_lsp *s, pl_lsp_doc *d, const json_t *params);
/* The WorkspaceEdit that applies every safe fix of d, or NULL when there is none. */
json_t *pl_lsp__fix_all_edit(pl_lsp *s, pl_lsp_doc *d);
/* textDocument/hover: the result (a Hover, or null). */
json_t *pl_lsp__hover(pl_lsp *s, pl_lsp_doc *d, pl_lsp_pos at);

#endif
