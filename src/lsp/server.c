/*
** The server: `plimsoll lsp` reads JSON-RPC messages from stdin and
** writes to stdout until the client says exit or goes away.
**
** One loop: wait for a message or the next due lint, whichever comes
** first; handle the message; lint what is due.  A change makes its
** document due after the debounce (50 ms of quiet by default), so a
** burst of keystrokes costs one lint, of the last version.  Open, save
** and configuration changes lint at once.
**
** Robustness: a body that is not JSON gets ParseError, one that is not a
** request InvalidRequest, an unknown method MethodNotFound, bad params
** InvalidParams; before initialize, requests get ServerNotInitialized;
** after shutdown, InvalidRequest.  The end of stdin or a broken stdout
** ends the server.  Nothing else may write to stdout: the protocol gets
** its own descriptor and fd 1 goes to stderr.
*/
#include "lsp.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
/* libasan's (sanitizer/allocator_interface.h, which gcc does not install). */
size_t __sanitizer_get_current_allocated_bytes(void);
#elif defined(__GLIBC__)
#include <malloc.h>
#endif

#include "shellcheck.h"

/* JSON-RPC and LSP error codes. */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_SERVER_NOT_INITIALIZED = -32002,
};

/* What an answer to one of our requests is for (pl_lsp_pending.kind). */
enum { PENDING_CONFIGURATION = 1, PENDING_APPLY_EDIT = 2 };

#define CMD_FIX_ALL "plimsoll.fixAll"

double pl_lsp__now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

double pl_lsp__cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* ---- sending ------------------------------------------------------------------ */

static void send(pl_lsp *s, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	if (pl_lsp__io_send(&s->io, msg) < 0)
		s->exit = true; /* the client is gone */
	json_decref(msg);
}

void pl_lsp__notify(pl_lsp *s, const char *method, json_t *params)
{
	send(s, json_pack("{s:s,s:o}", "method", method, "params", params));
}

long long pl_lsp__request(pl_lsp *s, const char *method, json_t *params, int kind)
{
	long long id = ++s->next_id;
	size_t slot = s->npending < PL_ARRAY_LEN(s->pending) ? s->npending++
	                                                      : (size_t)(id % (long long)PL_ARRAY_LEN(s->pending));
	s->pending[slot].id = id;
	s->pending[slot].kind = kind;
	send(s, json_pack("{s:I,s:s,s:o}", "id", (json_int_t)id, "method", method, "params", params));
	return id;
}

void pl_lsp__show(pl_lsp *s, int type, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pl_lsp__notify(s, "window/showMessage", json_pack("{s:i,s:s}", "type", type, "message", buf));
}

/* An error response; id NULL means null (the request's id could not be read). */
static void send_error(pl_lsp *s, const json_t *id, int code, const char *msg)
{
	send(s, json_pack("{s:O,s:{s:i,s:s}}", "id", id ? id : json_null(), "error", "code", code,
	                  "message", msg));
}

/* ---- handlers -------------------------------------------------------------------- */

/* What a handler answers: a result, or an error code and message. */
typedef struct reply {
	json_t *result;  /* NULL: null */
	int code;        /* 0, or an error code */
	char msg[256];
} reply;

static void invalid(reply *r, const char *what)
{
	r->code = RPC_INVALID_PARAMS;
	snprintf(r->msg, sizeof(r->msg), "invalid params: %s", what);
}

/* The open document params.textDocument.uri names, or NULL (r says why). */
static pl_lsp_doc *doc_of(pl_lsp *s, const json_t *params, reply *r)
{
	const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
	if (!uri) {
		invalid(r, "textDocument.uri is missing");
		return NULL;
	}
	pl_lsp_doc *d = pl_lsp__doc_find(&s->docs, uri);
	if (!d) {
		r->code = RPC_INVALID_PARAMS;
		snprintf(r->msg, sizeof(r->msg), "document '%.200s' is not open", uri);
	}
	return d;
}

/* Lint every open document soon (the configuration changed). */
static void relint_all(pl_lsp *s)
{
	pl_lsp__confs_clear(&s->confs);
	double now = pl_lsp__now_ms();
	for (size_t i = 0; i < s->docs.n; i++) {
		s->docs.v[i]->dirty = true;
		s->docs.v[i]->due_ms = now;
	}
}

/* d is a configuration file (its buffer is what config.c reads): every document is linted again. */
static bool is_config(const pl_lsp_doc *d)
{
	const char *b = d->path ? strrchr(d->path, '/') : NULL;
	if (!b)
		return false;
	b++;
	return pl_str_starts(b, ".plimsoll.") || strstr(b, "hadolint.") != NULL ||
	       (pl_str_starts(b, "config.y") && strstr(d->path, "/.hadolint/") != NULL);
}

/* d's text changed: what depends on it is due after delay_ms (all of them for a config file). */
static void changed(pl_lsp *s, pl_lsp_doc *d, double delay_ms)
{
	d->due_ms = pl_lsp__now_ms() + delay_ms;
	if (is_config(d)) {
		relint_all(s);
		for (size_t i = 0; i < s->docs.n; i++)
			s->docs.v[i]->due_ms = d->due_ms;
	} else {
		pl_lsp__touch_related(s, d, delay_ms);
	}
}

static void pull_configuration(pl_lsp *s)
{
	if (s->cap_config_pull)
		pl_lsp__request(s, "workspace/configuration",
		                json_pack("{s:[{s:s}]}", "items", "section", "plimsoll"), PENDING_CONFIGURATION);
}

static bool flag(const json_t *caps, const char *a, const char *b)
{
	return json_is_true(json_object_get(json_object_get(caps, a), b));
}

static void h_initialize(pl_lsp *s, const json_t *params, reply *r)
{
	if (s->initialized) {
		r->code = RPC_INVALID_REQUEST;
		snprintf(r->msg, sizeof(r->msg), "initialize was already called");
		return;
	}
	const json_t *caps = json_object_get(params, "capabilities");
	const json_t *ws = json_object_get(caps, "workspace");
	s->cap_doc_changes = flag(ws, "workspaceEdit", "documentChanges");
	s->cap_config_pull = json_is_true(json_object_get(ws, "configuration"));
	s->cap_apply_edit = json_is_true(json_object_get(ws, "applyEdit"));
	const char *root = json_string_value(json_object_get(params, "rootUri"));
	const json_t *folders = json_object_get(params, "workspaceFolders");
	if (!root && json_array_size(folders))
		root = json_string_value(json_object_get(json_array_get(folders, 0), "uri"));
	char *path = root ? pl_lsp__uri_to_path(root) : NULL;
	const char *rp = json_string_value(json_object_get(params, "rootPath"));
	if (!path && rp)
		path = pl_lsp__path_norm(rp);
	if (path) {
		free(s->confs.cwd);
		s->confs.cwd = path;
	}
	pl_lsp__settings_read(&s->confs.settings, json_object_get(params, "initializationOptions"));
	s->initialized = true;
	r->result = json_pack(
		"{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s,s],s:b},s:{s:[s]}},s:{s:s,s:s}}",
		"capabilities",
		"positionEncoding", "utf-16",
		"textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
		"hoverProvider", 1,
		"codeActionProvider", "codeActionKinds", "quickfix", "source.fixAll.plimsoll",
		"resolveProvider", 0,
		"executeCommandProvider", "commands", CMD_FIX_ALL,
		"serverInfo", "name", "plimsoll", "version", PL_VERSION);
}

static void h_initialized(pl_lsp *s, const json_t *params, reply *r)
{
	(void)params;
	(void)r;
	pull_configuration(s);
}

static void h_shutdown(pl_lsp *s, const json_t *params, reply *r)
{
	(void)params;
	(void)r;
	s->shut_down = true;
}

static void h_exit(pl_lsp *s, const json_t *params, reply *r)
{
	(void)params;
	(void)r;
	s->exit = true;
	s->status = s->shut_down ? 0 : 1;
}

static void h_did_open(pl_lsp *s, const json_t *params, reply *r)
{
	const json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	const json_t *text = json_object_get(td, "text");
	if (!uri || !json_is_string(text)) {
		invalid(r, "textDocument.uri and textDocument.text are required");
		return;
	}
	pl_lsp_doc *d = pl_lsp__doc_open(&s->docs, uri, json_string_value(json_object_get(td, "languageId")),
	                                 json_integer_value(json_object_get(td, "version")),
	                                 json_string_value(text), json_string_length(text));
	d->sc_wanted = true;
	changed(s, d, 0);
}

/* Apply one TextDocumentContentChangeEvent to t: a range edit, or the whole text. */
static bool apply_change(pl_lsp_text *t, const json_t *ch)
{
	const json_t *text = json_object_get(ch, "text");
	if (!json_is_string(text))
		return false;
	const json_t *range = json_object_get(ch, "range");
	if (!range) {
		pl_lsp__text_set(t, json_string_value(text), json_string_length(text));
		return true;
	}
	const json_t *a = json_object_get(range, "start"), *b = json_object_get(range, "end");
	const json_t *v[4] = {json_object_get(a, "line"), json_object_get(a, "character"),
	                      json_object_get(b, "line"), json_object_get(b, "character")};
	for (size_t i = 0; i < 4; i++)
		if (!json_is_integer(v[i]) || json_integer_value(v[i]) < 0)
			return false;
	pl_lsp_pos pa = {(size_t)json_integer_value(v[0]), (size_t)json_integer_value(v[1])};
	pl_lsp_pos pb = {(size_t)json_integer_value(v[2]), (size_t)json_integer_value(v[3])};
	size_t from = pl_lsp__text_offset(t, pa), to = pl_lsp__text_offset(t, pb);
	if (to < from)
		return false;
	pl_lsp__text_replace(t, from, to, json_string_value(text), json_string_length(text));
	return true;
}

static void h_did_change(pl_lsp *s, const json_t *params, reply *r)
{
	pl_lsp_doc *d = doc_of(s, params, r);
	const json_t *changes = json_object_get(params, "contentChanges");
	if (!d || !json_is_array(changes)) {
		if (d)
			invalid(r, "contentChanges is required");
		return;
	}
	size_t i;
	const json_t *ch;
	json_array_foreach(changes, i, ch) {
		if (!apply_change(&d->text, ch)) {
			invalid(r, "a content change is malformed");
			break;
		}
	}
	const json_t *ver = json_object_get(json_object_get(params, "textDocument"), "version");
	if (json_is_integer(ver))
		d->version = json_integer_value(ver);
	d->dirty = true;
	changed(s, d, (double)s->confs.settings.debounce_ms);
}

static void h_did_save(pl_lsp *s, const json_t *params, reply *r)
{
	pl_lsp_doc *d = doc_of(s, params, r);
	if (!d)
		return;
	const json_t *text = json_object_get(params, "text");
	if (json_is_string(text))
		pl_lsp__text_set(&d->text, json_string_value(text), json_string_length(text));
	d->dirty = true;
	d->sc_wanted = true;
	changed(s, d, 0);
}

static void h_did_close(pl_lsp *s, const json_t *params, reply *r)
{
	pl_lsp_doc *d = doc_of(s, params, r);
	if (!d)
		return;
	changed(s, d, 0); /* they read the disk now */
	pl_lsp__withdraw(s, d);
}

static void h_did_change_configuration(pl_lsp *s, const json_t *params, reply *r)
{
	(void)r;
	const json_t *settings = json_object_get(params, "settings");
	if (json_object_size(settings)) {
		pl_lsp__settings_read(&s->confs.settings, settings);
		relint_all(s);
	} else {
		pull_configuration(s); /* the pull model: ask */
	}
}

static void h_did_change_watched(pl_lsp *s, const json_t *params, reply *r)
{
	(void)params;
	(void)r;
	relint_all(s); /* a config file, or a file a lint read, changed on disk */
}

static void h_code_action(pl_lsp *s, const json_t *params, reply *r)
{
	pl_lsp_doc *d = doc_of(s, params, r);
	if (d && !json_is_object(json_object_get(params, "range")))
		invalid(r, "range is required");
	else if (d)
		r->result = pl_lsp__code_actions(s, d, params);
}

static void h_hover(pl_lsp *s, const json_t *params, reply *r)
{
	pl_lsp_doc *d = doc_of(s, params, r);
	const json_t *pos = json_object_get(params, "position");
	json_int_t line = json_integer_value(json_object_get(pos, "line"));
	json_int_t ch = json_integer_value(json_object_get(pos, "character"));
	if (d && (!json_is_object(pos) || line < 0 || ch < 0)) {
		invalid(r, "position is required");
		return;
	}
	if (d) {
		pl_lsp_pos p = {(size_t)line, (size_t)ch};
		r->result = pl_lsp__hover(s, d, p);
	}
}

static void h_execute_command(pl_lsp *s, const json_t *params, reply *r)
{
	const char *cmd = json_string_value(json_object_get(params, "command"));
	const json_t *arg = json_array_get(json_object_get(params, "arguments"), 0);
	const char *uri = json_is_string(arg) ? json_string_value(arg)
	                                      : json_string_value(json_object_get(arg, "uri"));
	if (!cmd || strcmp(cmd, CMD_FIX_ALL) != 0) {
		invalid(r, "unknown command");
		return;
	}
	pl_lsp_doc *d = uri ? pl_lsp__doc_find(&s->docs, uri) : NULL;
	if (!d) {
		invalid(r, "the argument must be the URI of an open document");
		return;
	}
	json_t *edit = pl_lsp__fix_all_edit(s, d);
	if (edit && s->cap_apply_edit)
		pl_lsp__request(s, "workspace/applyEdit",
		                json_pack("{s:s,s:o}", "label", "plimsoll: fix all safe problems", "edit", edit),
		                PENDING_APPLY_EDIT);
	else
		json_decref(edit);
}

/* Live heap bytes: what the allocator holds for the program (ASan's count under ASan). */
static size_t heap_bytes(void)
{
#if defined(__SANITIZE_ADDRESS__)
	return __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	return mallinfo2().uordblks;
#else
	return 0;
#endif
}

/* Resident set size in KiB, or 0. */
static long rss_kib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, rss = 0;
	if (!f)
		return 0;
	if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
		rss = 0;
	fclose(f);
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* plimsoll/stats (ours): what the server measured, for tests and the curious. */
static void h_stats(pl_lsp *s, const json_t *params, reply *r)
{
	(void)params;
	r->result = json_pack("{s:f,s:f,s:f,s:I,s:I,s:I,s:I}", "lastLintMs", s->last_lint_ms,
	                      "lastLintCpuMs", s->last_lint_cpu_ms, "maxLintMs",
	                      s->max_lint_ms, "lints", (json_int_t)s->lints, "heapBytes",
	                      (json_int_t)heap_bytes(), "rssKiB", (json_int_t)rss_kib(), "documents",
	                      (json_int_t)s->docs.n);
}

static void h_ignore(pl_lsp *s, const json_t *params, reply *r)
{
	(void)s;
	(void)params;
	(void)r;
}

typedef void (*handler)(pl_lsp *s, const json_t *params, reply *r);

/* Every method we answer, sorted by name (bsearch). */
static const struct method {
	const char *name;
	handler fn;
} methods[] = {
	{"$/cancelRequest", h_ignore},
	{"$/setTrace", h_ignore},
	{"exit", h_exit},
	{"initialize", h_initialize},
	{"initialized", h_initialized},
	{"plimsoll/stats", h_stats},
	{"shutdown", h_shutdown},
	{"textDocument/codeAction", h_code_action},
	{"textDocument/didChange", h_did_change},
	{"textDocument/didClose", h_did_close},
	{"textDocument/didOpen", h_did_open},
	{"textDocument/didSave", h_did_save},
	{"textDocument/hover", h_hover},
	{"workspace/didChangeConfiguration", h_did_change_configuration},
	{"workspace/didChangeWatchedFiles", h_did_change_watched},
	{"workspace/executeCommand", h_execute_command},
};

static int method_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct method *)elem)->name);
}

/* ---- dispatch -------------------------------------------------------------------- */

/* An answer from the client to one of our requests. */
static void on_response(pl_lsp *s, const json_t *msg)
{
	json_int_t id = json_integer_value(json_object_get(msg, "id"));
	for (size_t i = 0; i < s->npending; i++) {
		if (s->pending[i].id != id)
			continue;
		int kind = s->pending[i].kind;
		s->pending[i] = s->pending[--s->npending];
		const json_t *res = json_object_get(msg, "result");
		if (kind == PENDING_CONFIGURATION && json_is_object(json_array_get(res, 0))) {
			pl_lsp__settings_read(&s->confs.settings, json_array_get(res, 0));
			relint_all(s);
		}
		return;
	}
}

/* A valid JSON-RPC id: a string or an integer (null: the sender could not tell). */
static bool valid_id(const json_t *id)
{
	return json_is_string(id) || json_is_integer(id) || json_is_null(id);
}

static void handle(pl_lsp *s, const char *body, size_t n)
{
	json_error_t je;
	json_t *msg = json_loadb(body, n, JSON_DECODE_ANY, &je);
	if (!msg) {
		char m[256];
		snprintf(m, sizeof(m), "parse error: %s", je.text);
		send_error(s, NULL, RPC_PARSE_ERROR, m);
		return;
	}
	const json_t *id = json_object_get(msg, "id");
	const json_t *method = json_object_get(msg, "method");
	const char *ver = json_string_value(json_object_get(msg, "jsonrpc"));
	if (!json_is_object(msg) || (id && !valid_id(id)) || !ver || strcmp(ver, "2.0") != 0 ||
	    (method && !json_is_string(method))) {
		send_error(s, id && valid_id(id) ? id : NULL, RPC_INVALID_REQUEST, "invalid request");
		json_decref(msg);
		return;
	}
	if (!method) {
		if (id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
			on_response(s, msg);
		else
			send_error(s, id, RPC_INVALID_REQUEST, "invalid request: no method");
		json_decref(msg);
		return;
	}
	const char *name = json_string_value(method);
	const json_t *params = json_object_get(msg, "params");
	const struct method *m = bsearch(name, methods, PL_ARRAY_LEN(methods), sizeof(*methods), method_cmp);
	reply r = {0};
	if (params && !json_is_object(params) && !json_is_array(params)) {
		invalid(&r, "params must be an object or an array");
	} else if (!m) {
		r.code = RPC_METHOD_NOT_FOUND;
		snprintf(r.msg, sizeof(r.msg), "method not found: %.200s", name);
	} else if (m->fn == h_exit) {
		m->fn(s, params, &r);
	} else if (!s->initialized && m->fn != h_initialize) {
		r.code = RPC_SERVER_NOT_INITIALIZED;
		snprintf(r.msg, sizeof(r.msg), "the server is not initialized");
	} else if (s->shut_down) {
		r.code = RPC_INVALID_REQUEST;
		snprintf(r.msg, sizeof(r.msg), "the server is shut down");
	} else {
		m->fn(s, params, &r);
	}
	if (id) {
		if (r.code)
			send_error(s, id, r.code, r.msg);
		else
			send(s, json_pack("{s:O,s:o}", "id", id, "result", r.result ? r.result : json_null()));
	} else {
		json_decref(r.result); /* a notification gets no answer, even an error */
	}
	json_decref(msg);
}

/* Milliseconds until the next lint is due (0: now), or -1 when none is. */
static int next_due(const pl_lsp *s)
{
	double first = -1;
	for (size_t i = 0; i < s->docs.n; i++) {
		const pl_lsp_doc *d = s->docs.v[i];
		double t = d->dirty ? d->due_ms : d->sc_stale ? d->sc_due_ms : -1;
		if (t >= 0 && (first < 0 || t < first))
			first = t;
	}
	if (first < 0)
		return -1;
	double wait = first - pl_lsp__now_ms();
	return wait <= 0 ? 0 : (int)wait + 1;
}

/* Lint the documents whose time has come. */
static void run_due(pl_lsp *s)
{
	double now = pl_lsp__now_ms();
	for (size_t i = 0; i < s->docs.n && !s->exit; i++) {
		pl_lsp_doc *d = s->docs.v[i];
		if (d->dirty && d->due_ms <= now) {
			pl_lsp__lint(s, d);
		} else if (!d->dirty && d->sc_stale && d->sc_due_ms <= now) {
			d->sc_wanted = true;
			pl_lsp__lint(s, d);
		}
	}
}

static void log_shellcheck(void *ud, pl_sc_log_level level, const char *msg)
{
	pl_lsp *s = ud;
	if (level == PL_SC_LOG_ERROR)
		pl_lsp__notify(s, "window/logMessage",
		               json_pack("{s:i,s:s+}", "type", 2, "message", "plimsoll: shellcheck: ", msg));
}

static void usage(FILE *out)
{
	fputs("usage: plimsoll lsp [--stdio]\n"
	      "Run the language server for Dockerfiles and Compose files on stdin and stdout.\n",
	      out);
}

int pl_lsp_main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--stdio") == 0)
			continue;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		fprintf(stderr, "plimsoll lsp: unknown option '%s'\n", argv[i]);
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN); /* a client that goes away is a write error, not a signal */
	/* The protocol gets stdout; anything else that prints goes to stderr. */
	fflush(stdout);
	int out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		perror("plimsoll lsp");
		return 2;
	}

	pl_lsp *s = pl_xcalloc(1, sizeof(*s));
	pl_lsp__io_init(&s->io, STDIN_FILENO, out);
	char cwd[4096];
	pl_lsp__confs_init(&s->confs, getcwd(cwd, sizeof(cwd)) ? cwd : "/");
	s->status = 1; /* unless shutdown comes before exit */
	pl_shellcheck sc;
	char *sc_path = pl_shellcheck__which("shellcheck");
	if (sc_path) {
		pl_shellcheck__init(&sc, sc_path, 30000, log_shellcheck, s);
		s->sc = &sc;
	}

	while (!s->exit) {
		const char *body;
		size_t n;
		switch (pl_lsp__io_next(&s->io, next_due(s), &body, &n)) {
		case PL_LSP_READ_MESSAGE:
			handle(s, body, n);
			break;
		case PL_LSP_READ_BAD:
			send_error(s, NULL, RPC_PARSE_ERROR, "parse error: malformed message header");
			break;
		case PL_LSP_READ_EOF:
			s->exit = true; /* the client is gone: status stays 1 unless it shut us down */
			s->status = s->shut_down ? 0 : 1;
			break;
		case PL_LSP_READ_TIMEOUT:
			break;
		}
		run_due(s);
	}

	int status = s->status;
	pl_lsp__docs_free(&s->docs);
	pl_lsp__confs_free(&s->confs);
	pl_lsp__io_free(&s->io);
	free(sc_path);
	free(s);
	close(out);
	return status;
}
