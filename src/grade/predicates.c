/*
** The built-in predicates a rubric item can check, one table.  Each
** reads the project (pl_grade_project: the compose model, the parsed
** Dockerfiles and the findings of the rules that ran on them) and says
** whether the requirement holds; when it does not, it adds findings
** that say what is wrong and where, in words a student understands.
**
** A predicate may delegate to a rule that checks the same thing
** (dockerfile.deps_before_source reads PL1001's findings): the rule's
** finding is then the evidence, and its doc's Why and Fix are quoted.
**
** Services are chosen with selectors: a name (service: api), an image
** glob (image: postgres), built from a Dockerfile (build: true), or all
** of these.  Image globs: a pattern with ':' or '@' is matched against
** "name:tag" (tag "latest" when none), any other against the name
** alone; "docker.io/", "library/" are dropped first, so 'postgres'
** matches postgres, postgres:16-alpine and docker.io/library/postgres.
*/
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "plimsoll/context.h"
#include "plimsoll/rulekit.h"

/* ---- findings --------------------------------------------------------- */

/* The source line at off: control bytes replaced, cut to about 160 bytes at a UTF-8 boundary. */
static const char *line_text(pl_arena *a, const pl_source *src, size_t off)
{
	pl_span ln = pl_source_line(src, pl_source_line_index(src, off));
	const char *s = src->text + ln.off;
	size_t n = ln.len;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	bool cut = false;
	if (n > 160) {
		n = 160;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	char *out = pl_arena_alloc(a, n + 4);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		out[i] = c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut)
		memcpy(out + n, "\xe2\x80\xa6", 4); /* … */
	return out;
}

static void add_find(pl_grade_ev *ev, const pl_source *src, pl_span span, const char *code,
                     const char *file, const char *msg)
{
	pl_grade_find *f = PL_VEC_PUSH(ev->a, ev->out);
	f->code = code ? pl_arena_strdup(ev->a, code) : NULL;
	f->message = msg;
	if (src) {
		pl_pos pos = pl_source_pos(src, span.off);
		f->file = pl_arena_strdup(ev->a, pl_grade__rel(ev->p, src->path));
		f->line = pos.line;
		f->col = pos.col;
		f->text = src->len ? line_text(ev->a, src, span.off) : NULL;
	} else {
		f->file = file ? pl_arena_strdup(ev->a, file) : NULL;
	}
}

void pl_grade__find(pl_grade_ev *ev, const pl_source *src, pl_span span, const char *code,
                    const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = pl_arena_vprintf(ev->a, fmt, ap);
	va_end(ap);
	add_find(ev, src, span, code, file, msg);
}

void pl_grade__find_diag(pl_grade_ev *ev, const pl_diag *d)
{
	add_find(ev, d->src, d->span, d->code, NULL, pl_arena_strdup(ev->a, d->message));
}

/* Remember that the predicate consulted rule code (its doc explains the item). */
static void saw(pl_grade_ev *ev, const char *code)
{
	for (size_t i = 0; i < ev->nseen; i++)
		if (strcmp(ev->seen[i], code) == 0)
			return;
	ev->seen = pl_arena_realloc(ev->a, ev->seen, ev->nseen * sizeof(*ev->seen),
	                            (ev->nseen + 1) * sizeof(*ev->seen));
	ev->seen[ev->nseen++] = code;
}

/* Add a finding for every diagnostic of rule code in f; how many. */
static size_t rule_finds(pl_grade_ev *ev, const pl_file *f, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; f && i < f->diags.n; i++) {
		if (strcmp(f->diags.v[i]->code, code) == 0) {
			pl_grade__find_diag(ev, f->diags.v[i]);
			n++;
		}
	}
	return n;
}

#define FIND(ev, src, span, ...) pl_grade__find((ev), (src), (span), NULL, NULL, __VA_ARGS__)
#define FIND_FILE(ev, file, ...) pl_grade__find((ev), NULL, pl_span_make(0, 0), NULL, (file), __VA_ARGS__)

/* ---- images ----------------------------------------------------------- */

/* "docker.io/library/postgres" -> "postgres"; registry kept otherwise. */
static const char *short_repo(pl_arena *a, const pl_df_imageref *ref)
{
	const char *path = ref->path ? ref->path : "";
	if (pl_str_starts(path, "library/"))
		path += 8;
	bool hub = !ref->registry || strcmp(ref->registry, "docker.io") == 0 ||
	           strcmp(ref->registry, "index.docker.io") == 0 || strcmp(ref->registry, "registry-1.docker.io") == 0;
	return hub ? path : pl_arena_printf(a, "%s/%s", ref->registry, path);
}

bool pl_grade__image_matches(pl_arena *a, const char *image, const char *pattern)
{
	pl_df_imageref ref;
	pl_df_imageref_parse(&ref, a, image);
	const char *repo = short_repo(a, &ref);
	if (strchr(pattern, ':') || strchr(pattern, '@')) {
		const char *full = ref.digest && !ref.tag ? pl_arena_printf(a, "%s@%s", repo, ref.digest)
		                                          : pl_arena_printf(a, "%s:%s", repo, ref.tag ? ref.tag : "latest");
		return fnmatch(pattern, full, 0) == 0;
	}
	return fnmatch(pattern, repo, 0) == 0 || (ref.name && fnmatch(pattern, ref.name, 0) == 0);
}

/*
** Why ref is not pinned as 'how' asks (true: some version in the tag;
** minor: at least major.minor; digest: an @sha256 digest), or NULL.
*/
static const char *unpinned(pl_arena *a, const pl_df_imageref *ref, const char *how, const char *text)
{
	if (!how || strcmp(how, "false") == 0 || ref->digest)
		return NULL;
	if (strcmp(how, "digest") == 0)
		return pl_arena_printf(a, "'%s' is not pinned to a digest (@sha256:…)", text);
	if (!ref->tag)
		return pl_arena_printf(a, "'%s' has no tag, so it means '%s:latest', whatever that is on the day "
		                          "of the build",
		                       text, text);
	if (strcmp(ref->tag, "latest") == 0)
		return pl_arena_printf(a, "'%s' uses the tag 'latest', which moves with every release", text);
	const char *t = ref->tag;
	size_t digits = strspn(t, "0123456789");
	if (strcmp(how, "minor") == 0) {
		if (digits && t[digits] == '.' && t[digits + 1] >= '0' && t[digits + 1] <= '9')
			return NULL;
		return pl_arena_printf(a, "'%s' is not pinned down to a minor version (such as 3.12)", text);
	}
	if (strpbrk(t, "0123456789"))
		return NULL;
	return pl_arena_printf(a, "the tag of '%s' names no version", text);
}

/* ---- services --------------------------------------------------------- */

static bool sel_match(pl_arena *a, const pl_compose_service *s, const pl_grade_sel *sel)
{
	if (sel->name && strcmp(s->name, sel->name) != 0)
		return false;
	if (sel->image && !(s->image.str && pl_grade__image_matches(a, s->image.str, sel->image)))
		return false;
	if (sel->build >= 0 && (s->build.at.node != NULL) != (sel->build == 1))
		return false;
	return true;
}

/* "service 'api'", "a service running 'postgres'", "a service built from a Dockerfile". */
static const char *sel_desc(pl_arena *a, const pl_grade_sel *sel)
{
	if (sel->name)
		return pl_arena_printf(a, "service '%s'", sel->name);
	if (sel->image && sel->build == 1)
		return pl_arena_printf(a, "a service built from a Dockerfile with the image '%s'", sel->image);
	if (sel->image)
		return pl_arena_printf(a, "a service running the image '%s'", sel->image);
	if (sel->build == 1)
		return "a service built from a Dockerfile";
	if (sel->build == 0)
		return "a service that is not built";
	return "a service";
}

/* The compose model, or NULL after a finding that says why there is none to check. */
static const pl_compose *need_compose(pl_grade_ev *ev)
{
	pl_grade_project *p = ev->p;
	if (p->compose_state != PL_GF_OK)
		ev->blocked = true;
	switch (p->compose_state) {
	case PL_GF_OK:
		return p->compose->compose;
	case PL_GF_MISSING:
		FIND_FILE(ev, NULL, "there is no compose file (compose.yaml) to check");
		return NULL;
	case PL_GF_UNREADABLE:
	case PL_GF_BINARY:
		FIND_FILE(ev, NULL, "%s", p->compose_why);
		return NULL;
	case PL_GF_BROKEN:
		if (p->compose_syntax)
			FIND(ev, p->compose_syntax->src, p->compose_syntax->span,
			     "the compose file is not valid YAML here (%s), so `docker compose` refuses it and "
			     "nothing in it could be checked",
			     p->compose_syntax->message);
		else
			FIND_FILE(ev, p->compose_rel, "the compose file is not valid YAML, so nothing in it could be checked");
		return NULL;
	}
	return NULL;
}

/* The services sel chooses into *out (arena array); how many. */
static size_t select_services(pl_grade_ev *ev, const pl_compose *c, const pl_grade_sel *sel,
                              const pl_compose_service ***out)
{
	const pl_compose_service **v = pl_arena_alloc(ev->a, (c->nservices + 1) * sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < c->nservices; i++)
		if (sel_match(ev->a, &c->services[i], sel))
			v[n++] = &c->services[i];
	*out = v;
	return n;
}

/* Where a finding about the whole compose file goes: its 'services' key, else its start. */
static pl_span services_span(const pl_compose *c)
{
	const pl_yaml_pair *pr = pl_yaml_get_pair(c->root, "services");
	return pr ? pr->key->span : pl_span_make(0, 0);
}

/* The selected services, or NULL after a finding when there are none. */
static size_t need_services(pl_grade_ev *ev, const pl_compose *c, const pl_grade_sel *sel,
                            const pl_compose_service ***out)
{
	size_t n = select_services(ev, c, sel, out);
	if (!n)
		FIND(ev, c->src, services_span(c), "the compose file has no %s", sel_desc(ev->a, sel));
	return n;
}

/* The services the check's subject names; 0 after a finding (no compose file, or none of them). */
static size_t need_subjects(pl_grade_ev *ev, const pl_grade_args *args, const pl_compose_service ***out)
{
	const pl_compose *c = need_compose(ev);
	return c ? need_services(ev, c, &args->subject, out) : 0;
}

/* ---- Dockerfiles ------------------------------------------------------ */


/* The Dockerfile is built by the service named svc. */
static bool built_by(const pl_grade_df *d, const char *svc)
{
	for (size_t i = 0; i < d->nservices; i++)
		if (strcmp(d->services[i], svc) == 0)
			return true;
	return false;
}

/* The final stage, or NULL after a finding (nothing else can be checked then). */
static const pl_df_stage *need_stage(pl_grade_ev *ev, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st) {
		ev->blocked = true;
		FIND(ev, df->src, pl_span_make(0, 0), "the Dockerfile has no FROM instruction");
	}
	return st;
}

/*
** Run pred's check on every Dockerfile args->service chooses (all when
** none), with its final stage (found first when pred->stage); true when
** it holds in each.
*/
static bool each_dockerfile(pl_grade_ev *ev, const pl_grade_args *args, const pl_grade_pred *pred)
{
	pl_grade_project *p = ev->p;
	size_t n = 0;
	bool ok = true;
	for (size_t i = 0; i < p->ndfs; i++) {
		pl_grade_df *d = &p->dfs[i];
		if (args->service && !built_by(d, args->service))
			continue;
		n++;
		if (d->state != PL_GF_OK) {
			FIND_FILE(ev, NULL, "%s", d->why);
			ev->blocked = true;
			ok = false;
			continue;
		}
		const pl_df_stage *st = pred->stage ? need_stage(ev, d->file->df) : pl_rk_final_stage(d->file->df);
		if ((pred->stage && !st) || !pred->on_df(ev, args, d, st))
			ok = false;
	}
	if (!n) {
		ev->blocked = true;
		if (args->service)
			FIND_FILE(ev, p->compose_rel, "service '%s' is not built from a Dockerfile", args->service);
		else
			FIND_FILE(ev, NULL, "there is no Dockerfile to check");
		return false;
	}
	return ok;
}

/* The last instruction of kind in the final stage's chain (its own first, then its base stages). */
static const pl_df_instr *chain_last(const pl_df_stage *st, pl_instr_kind kind)
{
	for (; st; st = st->base)
		for (size_t i = st->ninstrs; i-- > 0;)
			if (st->instrs[i]->kind == kind)
				return st->instrs[i];
	return NULL;
}

static const char *ref_text(const pl_df_from *f)
{
	return f->ref.text ? f->ref.text : f->image.value;
}

/* ---- predicates: files ------------------------------------------------ */

static bool p_file_exists(pl_grade_ev *ev, const pl_grade_args *args)
{
	pl_grade_project *p = ev->p;
	for (size_t i = 0; i < args->npath; i++) {
		const char *disk = pl_arena_printf(ev->a, "%s/%s", p->root, args->path[i]);
		if (p->root_real && pl_grade__inside(p, disk))
			return true;
	}
	const char *where = strcmp(p->root, p->dir) == 0 ? "" : pl_arena_printf(ev->a, " in '%s/'", pl_grade__rel(p, p->root));
	if (args->npath == 1) {
		FIND_FILE(ev, NULL, "'%s' is missing%s", args->path[0], where);
	} else {
		char *list = "";
		for (size_t i = 0; i < args->npath; i++)
			list = pl_arena_printf(ev->a, "%s%s'%s'", list, i ? ", " : "", args->path[i]);
		FIND_FILE(ev, NULL, "none of %s is there%s", list, where);
	}
	return false;
}

/* ---- predicates: Dockerfile ------------------------------------------- */

static bool df_base_image(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	const pl_df_stage *root = pl_rk_stage_root(st);
	const pl_df_instr *from = root->from;
	const pl_df_from *f = &from->as.from;
	const char *text = ref_text(f);
	if (f->ref.has_vars) {
		FIND(ev, df->src, f->image.span, "the base image '%s' depends on a build argument with no default, "
		                                 "so it is not known",
		     text);
		return false;
	}
	bool ok = true;
	if (args->nmatches) {
		bool any = false;
		for (size_t i = 0; i < args->nmatches && !any; i++)
			any = pl_grade__image_matches(ev->a, text, args->matches[i]);
		if (!any) {
			char *want = "";
			for (size_t i = 0; i < args->nmatches; i++)
				want = pl_arena_printf(ev->a, "%s%s'%s'", want, i ? " or " : "", args->matches[i]);
			FIND(ev, df->src, f->image.span, "the image is built on '%s', not on an image like %s", text, want);
			ok = false;
		}
	}
	const char *why = unpinned(ev->a, &f->ref, args->pinned, text);
	if (why) {
		FIND(ev, df->src, f->image.span, "%s", why);
		ok = false;
	}
	return ok;
}

static bool df_workdir(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	const pl_df_instr *wd = chain_last(st, PL_INSTR_WORKDIR);
	if (!wd) {
		FIND(ev, df->src, st->from->span, "the image sets no WORKDIR, so the app's files land in whatever "
		                                 "folder the base image uses (often '/')");
		return false;
	}
	const char *path = wd->argc ? wd->argv[0].value : "";
	if (args->absolute != 0 && path[0] != '/' && path[0] != '$' && !(path[0] && path[1] == ':')) {
		FIND(ev, df->src, wd->span, "WORKDIR '%s' is relative: it depends on the base image's working folder",
		     path);
		return false;
	}
	return true;
}

static bool df_env_set(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	pl_rk_env env;
	pl_rk_env_build(&env, ev->a, st);
	bool ok = true;
	for (size_t i = 0; i < args->nnames; i++) {
		const pl_grade_kv *want = &args->names[i];
		const pl_df_kv *kv = pl_rk_env_get(&env, want->name);
		if (!kv) {
			if (want->value)
				FIND(ev, df->src, st->from->span, "the image does not set %s=%s with ENV", want->name,
				     want->value);
			else
				FIND(ev, df->src, st->from->span, "the image does not set %s with ENV", want->name);
			ok = false;
		} else if (want->value ? strcmp(kv->value ? kv->value : "", want->value) != 0
		                       : !kv->value || !kv->value[0]) {
			FIND(ev, df->src, kv->span, "%s is set to '%s'%s%s", want->name, kv->value ? kv->value : "",
			     want->value ? ", not to " : "", want->value ? want->value : ": give it a value");
			ok = false;
		}
	}
	return ok;
}

/* A command that installs the app's dependencies from a manifest (or by name). */
static bool is_dep_install(const pl_sh_cmd *c)
{
	static const char *const tools[][2] = {
		{"poetry", "install"}, {"pipenv", "install"}, {"pdm", "install"}, {"uv", "sync"},
		{"npm", "ci"},         {"npm", "install"},    {"yarn", "install"}, {"pnpm", "install"},
		{"bundle", "install"}, {"composer", "install"}, {"go", "mod"},     {"bun", "install"},
	};
	if (pl_rk_is_pip_install(c))
		return true;
	if (pl_sh_cmd_is(c, "uv") && pl_sh_cmd_has_arg(c, "pip") && pl_sh_cmd_has_arg(c, "install"))
		return true;
	if (pl_sh_cmd_is(c, "yarn") && pl_sh_cmd_argc(c) == 0)
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(tools); i++)
		if (pl_sh_cmd_is(c, tools[i][0]) && pl_sh_cmd_subcommand_is(c, tools[i][1]))
			return true;
	return false;
}

static bool df_deps_first(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	saw(ev, "PL1001");
	if (rule_finds(ev, d->file, "PL1001"))
		return false;
	if (args->require_install == 0)
		return true;
	/* In any stage: dependencies installed in a build stage and copied over count too. */
	for (size_t i = 0; i < df->ninstrs; i++) {
		const pl_df_instr *in = df->instrs[i];
		if (in->kind == PL_INSTR_RUN && in->sh)
			for (size_t k = 0; k < in->sh->ncmds; k++)
				if (is_dep_install(in->sh->cmds[k]))
					return true;
	}
	FIND(ev, df->src, st->from->span, "the image installs no dependencies (such as `pip install -r "
	                                  "requirements.txt`)");
	return false;
}

/* The port an EXPOSE word names ("8000", "8000/tcp"), or 0 (a variable, a range). */
static unsigned expose_port(const char *w)
{
	char *end;
	unsigned long v = strtoul(w, &end, 10);
	if (end == w || (*end && *end != '/') || v == 0 || v > 65535)
		return 0;
	return (unsigned)v;
}

static bool df_expose(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	unsigned ports[64];
	size_t nports = 0;
	bool any = false;
	for (const pl_df_stage *s = st; s; s = s->base)
		for (size_t i = 0; i < s->ninstrs; i++) {
			const pl_df_instr *in = s->instrs[i];
			if (in->kind != PL_INSTR_EXPOSE)
				continue;
			any = true;
			for (size_t k = 0; k < in->argc && nports < PL_ARRAY_LEN(ports); k++)
				if (expose_port(in->argv[k].value))
					ports[nports++] = expose_port(in->argv[k].value);
		}
	if (!any) {
		FIND(ev, df->src, st->from->span, "the image EXPOSEs no port");
		return false;
	}
	saw(ev, "PL1006");
	if (rule_finds(ev, d->file, "PL1006"))
		return false;
	unsigned want = args->port > 0 ? (unsigned)args->port : 0;
	const char *from = "the rubric";
	if (!want) {
		pl_rk_image_cmd ic;
		const pl_build_context *bc = NULL;
		if (pl_rk_final_image_cmd(&ic, ev->a, df, bc))
			for (size_t i = 0; i < ic.nservers && !want; i++)
				if (ic.servers[i].port) {
					want = ic.servers[i].port;
					from = ic.servers[i].name;
				}
	}
	if (!want)
		return true;
	for (size_t i = 0; i < nports; i++)
		if (ports[i] == want)
			return true;
	const pl_df_instr *ex = chain_last(st, PL_INSTR_EXPOSE);
	FIND(ev, df->src, ex->span, "the server listens on port %u (%s), but the image EXPOSEs another port", want,
	     from);
	return false;
}

static bool df_cmd_exec(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	(void)args;
	const pl_df_instr *cmd = chain_last(st, PL_INSTR_CMD);
	const pl_df_instr *ep = chain_last(st, PL_INSTR_ENTRYPOINT);
	if (!cmd && !ep) {
		FIND(ev, df->src, st->from->span, "the image has no CMD: it runs whatever its base image runs");
		return false;
	}
	bool ok = true;
	const pl_df_instr *both[2] = {ep, cmd};
	for (size_t i = 0; i < 2; i++) {
		const pl_df_instr *in = both[i];
		if (in && !(in->bits & PL_DF_JSON)) {
			FIND(ev, df->src, in->span, "%s is in shell form, so /bin/sh -c runs the server as its child and "
			                            "does not pass SIGTERM on",
			     pl_instr_keyword(in->kind));
			ok = false;
		}
	}
	return ok;
}

static bool df_binds_all(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	(void)args;
	saw(ev, "PL1004");
	if (rule_finds(ev, d->file, "PL1004"))
		return false;
	if (!chain_last(st, PL_INSTR_CMD) && !chain_last(st, PL_INSTR_ENTRYPOINT)) {
		FIND(ev, df->src, st->from->span, "the image has no CMD, so no server is started");
		return false;
	}
	return true;
}

static bool df_has_instr(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	const pl_dockerfile *df = d->file->df;
	pl_instr_kind k = pl_instr_lookup(args->instruction, strlen(args->instruction));
	if (chain_last(st, k))
		return true;
	FIND(ev, df->src, st->from->span, "the image has no %s instruction", pl_instr_keyword(k));
	return false;
}

static bool df_dockerignore(pl_grade_ev *ev, const pl_grade_args *args, pl_grade_df *d, const pl_df_stage *st)
{
	(void)st;
	const char *ctx = d->file->context_dir;
	if (!ctx) {
		FIND_FILE(ev, d->rel, "the build context's .dockerignore could not be read");
		return false;
	}
	pl_build_context bc;
	pl_context_load(&bc, ev->a, ctx, d->disk);
	const char *rel = pl_grade__rel(ev->p, pl_arena_printf(ev->a, "%s/.dockerignore", ctx));
	if (!bc.dockerignore) {
		FIND_FILE(ev, NULL, "'%s' is missing: `COPY . .` sends everything in the folder into the image", rel);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < args->nexcludes; i++) {
		if (!pl_context_ignored(&bc, args->excludes[i])) {
			FIND(ev, bc.dockerignore, pl_span_make(0, 0), "the .dockerignore does not leave out '%s'",
			     args->excludes[i]);
			ok = false;
		}
	}
	return ok;
}

/* ---- predicates: compose ---------------------------------------------- */

/* "./" and "." are the same context; trailing slashes do not count. */
static bool same_path(const char *a, const char *b)
{
	while (pl_str_starts(a, "./"))
		a += 2;
	while (pl_str_starts(b, "./"))
		b += 2;
	size_t na = strlen(a), nb = strlen(b);
	while (na > 1 && a[na - 1] == '/')
		na--;
	while (nb > 1 && b[nb - 1] == '/')
		nb--;
	if (na == 0 || (na == 1 && a[0] == '.'))
		a = ".", na = 1;
	if (nb == 0 || (nb == 1 && b[0] == '.'))
		b = ".", nb = 1;
	return na == nb && memcmp(a, b, na) == 0;
}

static bool p_built_from(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	const char *want = args->context ? args->context : ".";
	pl_grade_sel sel = args->subject;
	sel.build = 1;
	const pl_compose_service **v;
	size_t n = select_services(ev, c, &sel, &v);
	if (!n) {
		FIND(ev, c->src, services_span(c), "no service is built from a Dockerfile (`build: %s`)", want);
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const char *ctx = v[i]->build.context.str ? v[i]->build.context.str : ".";
		if (same_path(ctx, want))
			return true;
	}
	for (size_t i = 0; i < n; i++) {
		const char *ctx = v[i]->build.context.str ? v[i]->build.context.str : ".";
		FIND(ev, v[i]->build.at.src, pl_compose_value_span(&v[i]->build.at),
		     "service '%s' is built from '%s', not from '%s'", v[i]->name, ctx, want);
	}
	return false;
}

static bool p_service_exists(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	const pl_compose_service **v;
	return c && need_services(ev, c, &args->subject, &v) > 0;
}

static bool p_port_quoted(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	const pl_compose_service **v;
	size_t n = select_services(ev, c, &args->subject, &v);
	if (!n && args->subject.given) {
		FIND(ev, c->src, services_span(c), "the compose file has no %s", sel_desc(ev->a, &args->subject));
		return false;
	}
	bool ok = true, any = false;
	for (size_t i = 0; i < n; i++) {
		const pl_compose_service *s = v[i];
		if (!s->ports.n && args->subject.given) {
			FIND(ev, s->at.src, pl_compose_span(&s->at), "service '%s' publishes no port (`ports:`)", s->name);
			ok = false;
		}
		for (size_t k = 0; k < s->ports.n; k++) {
			const pl_compose_port *pt = &s->ports.v[k];
			any = true;
			const pl_yaml_node *node = pt->value.at.node;
			if (pt->long_form || !node || node->kind != PL_YAML_SCALAR)
				continue;
			if (node->style == PL_YAML_PLAIN && strchr(node->as.scalar.value, ':')) {
				FIND(ev, pt->value.at.src, pl_compose_value_span(&pt->value.at),
				     "the port mapping %s is not quoted: YAML reads some unquoted a:b values as numbers "
				     "in base 60; write \"%s\"",
				     node->as.scalar.value, node->as.scalar.value);
				ok = false;
			}
		}
	}
	if (!any && !args->subject.given) {
		FIND(ev, c->src, services_span(c), "no service publishes a port (`ports:`)");
		return false;
	}
	return ok;
}

/* The names other containers reach s by: its name, container_name, network aliases. */
static bool reaches(const pl_compose_service *s, const char *host)
{
	if (strcmp(s->name, host) == 0)
		return true;
	if (s->container_name.str && strcmp(s->container_name.str, host) == 0)
		return true;
	for (size_t i = 0; i < s->networks.n; i++)
		for (size_t k = 0; k < s->networks.v[i].aliases.n; k++)
			if (s->networks.v[i].aliases.v[k].str && strcmp(s->networks.v[i].aliases.v[k].str, host) == 0)
				return true;
	return false;
}

/* The host of a URL "scheme://[user[:pass]@]host[:port][/…]" into buf; false when not a URL. */
static bool url_host(const char *url, char *buf, size_t size)
{
	const char *p = strstr(url, "://");
	if (!p)
		return false;
	p += 3;
	size_t auth = strcspn(p, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < auth; i++)
		if (p[i] == '@')
			at = p + i;
	const char *h = at ? at + 1 : p;
	size_t left = auth - (size_t)(h - p);
	size_t hn;
	if (left && h[0] == '[') {
		const char *close = memchr(h, ']', left);
		hn = close ? (size_t)(close - h) + 1 : left;
	} else {
		hn = strcspn(h, ":/?#");
		if (hn > left)
			hn = left;
	}
	if (hn >= size)
		hn = size - 1;
	memcpy(buf, h, hn);
	buf[hn] = '\0';
	return true;
}

/* One place a variable is set: in 'environment', or in an env_file line. */
typedef struct setting {
	const pl_compose_service *svc;
	const char *value;      /* interpolated (environment) or as written (env file); NULL when unset */
	const pl_source *src;   /* where it is written */
	pl_span span;
	bool uncertain;         /* it uses a variable that is not set */
} setting;

/* Read the env files of s for name (KEY=VALUE lines, as Compose reads them, simply). */
static bool env_file_setting(pl_grade_ev *ev, const pl_compose_service *s, const char *name, setting *out)
{
	for (size_t i = 0; i < s->env_file.n; i++) {
		const pl_compose_val *pv = &s->env_file.v[i].path;
		if (!pv->str)
			continue;
		const pl_compose_file *cf = pl_compose_file_of(ev->p->compose->compose, pv->at.src);
		const char *base = cf && cf->dir && cf->dir[0] ? cf->dir : ".";
		const char *disk = pv->str[0] == '/' ? pv->str : pl_arena_printf(ev->a, "%s/%s", base, pv->str);
		char *buf;
		size_t len;
		const char *why;
		if (pl_grade__read(ev->p, disk, &buf, &len, &why) < 0)
			continue;
		pl_source *src = pl_arena_alloc(ev->a, sizeof(*src));
		pl_source_init(src, ev->a, disk, buf, len);
		free(buf);
		size_t nl = strlen(name);
		for (size_t l = 0; l < src->nlines; l++) {
			pl_span ln = pl_source_line(src, l);
			const char *t = src->text + ln.off;
			size_t k = 0;
			while (k < ln.len && (t[k] == ' ' || t[k] == '\t'))
				k++;
			if (ln.len - k > 7 && memcmp(t + k, "export ", 7) == 0)
				k += 7;
			if (ln.len - k > nl && memcmp(t + k, name, nl) == 0 && t[k + nl] == '=') {
				size_t v0 = k + nl + 1, v1 = ln.len;
				while (v1 > v0 && (t[v1 - 1] == ' ' || t[v1 - 1] == '\r'))
					v1--;
				if (v1 - v0 >= 2 && (t[v0] == '"' || t[v0] == '\'') && t[v1 - 1] == t[v0])
					v0++, v1--;
				out->svc = s;
				out->value = pl_arena_strndup(ev->a, t + v0, v1 - v0);
				out->src = src;
				out->span = pl_span_make(ln.off + k, ln.off + ln.len);
				out->uncertain = false;
				return true;
			}
		}
	}
	return false;
}

static bool p_env_url(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	pl_grade_sel to = args->to;
	if (!to.given) {
		to.name = args->service_name;
		to.image = args->service_image;
		to.build = -1;
		to.given = to.name || to.image;
	}
	const pl_compose_service **targets;
	size_t ntargets = need_services(ev, c, &to, &targets);
	if (!ntargets)
		return false;
	setting *sets = pl_arena_alloc(ev->a, (c->nservices + 1) * sizeof(*sets));
	size_t nsets = 0;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		if (!sel_match(ev->a, s, &args->from))
			continue;
		const pl_compose_kv *kv = NULL;
		for (size_t k = 0; k < s->environment.n; k++)
			if (strcmp(s->environment.v[k].name, args->var) == 0)
				kv = &s->environment.v[k];
		if (kv) {
			setting *st = &sets[nsets++];
			st->svc = s;
			st->value = kv->value;
			st->src = kv->at.src;
			st->span = kv->val.at.node ? pl_compose_value_span(&kv->val.at) : pl_compose_span(&kv->at);
			st->uncertain = kv->val.interp && kv->val.interp->uncertain;
		} else if (env_file_setting(ev, s, args->var, &sets[nsets])) {
			nsets++;
		}
	}
	if (!nsets) {
		FIND(ev, c->src, services_span(c), "no service sets %s", args->var);
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < nsets; i++) {
		const setting *st = &sets[i];
		char host[256];
		if (!st->value) {
			FIND(ev, st->src, st->span, "%s of service '%s' has no value", args->var, st->svc->name);
			ok = false;
			continue;
		}
		if (!url_host(st->value, host, sizeof(host))) {
			FIND(ev, st->src, st->span, "%s of service '%s' is not a URL (scheme://user:password@host:port/db)",
			     args->var, st->svc->name);
			ok = false;
			continue;
		}
		bool hit = false;
		for (size_t k = 0; k < ntargets && !hit; k++)
			hit = reaches(targets[k], host);
		if (hit)
			continue;
		ok = false;
		if (!host[0] && st->uncertain)
			FIND(ev, st->src, st->span, "the host of %s comes from a variable that is not set", args->var);
		else if (pl_rk_host_is_loopback(host) || strcmp(host, "0.0.0.0") == 0)
			FIND(ev, st->src, st->span, "%s points at '%s', which inside the '%s' container is that container "
			                            "itself; use the service name '%s'",
			     args->var, host, st->svc->name, targets[0]->name);
		else
			FIND(ev, st->src, st->span, "%s points at '%s', which is not the name of %s; use the service name "
			                            "'%s'",
			     args->var, host, sel_desc(ev->a, &to), targets[0]->name);
	}
	return ok;
}

static bool p_depends_on(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	const char *cond = args->condition ? args->condition : "service_healthy";
	const pl_compose_service **from, **to;
	size_t nfrom = need_services(ev, c, &args->from, &from);
	size_t nto = need_services(ev, c, &args->to, &to);
	if (!nfrom || !nto)
		return false;
	bool ok = true;
	for (size_t i = 0; i < nfrom; i++) {
		const pl_compose_service *s = from[i];
		for (size_t k = 0; k < nto; k++) {
			const pl_compose_service *t = to[k];
			if (s == t)
				continue;
			const pl_compose_dep *dep = NULL;
			for (size_t j = 0; j < s->depends_on.n; j++)
				if (strcmp(s->depends_on.v[j].service, t->name) == 0)
					dep = &s->depends_on.v[j];
			if (!dep) {
				FIND(ev, s->at.src, pl_compose_span(&s->at), "service '%s' does not depend on '%s' "
				                                             "(`depends_on:`), so it may start first",
				     s->name, t->name);
				ok = false;
			} else if (!dep->long_form && strcmp(cond, "service_started") != 0) {
				FIND(ev, dep->at.src, pl_compose_span(&dep->at),
				     "service '%s' waits only for '%s' to start, not to be ready: the short form of "
				     "depends_on means condition: service_started",
				     s->name, t->name);
				ok = false;
			} else if (strcmp(dep->condition ? dep->condition : "service_started", cond) != 0) {
				const pl_compose_loc *at = dep->condition_val.at.node ? &dep->condition_val.at : &dep->at;
				FIND(ev, at->src, pl_compose_span(at), "service '%s' waits for '%s' with condition '%s', not '%s'",
				     s->name, t->name, dep->condition ? dep->condition : "service_started", cond);
				ok = false;
			}
		}
	}
	return ok;
}

/* The healthcheck's test as one line of text. */
static const char *test_text(pl_arena *a, const pl_compose_cmd *t)
{
	if (!t->is_list)
		return t->str.str ? t->str.str : "";
	char *s = "";
	for (size_t i = 0; i < t->items.n; i++)
		s = pl_arena_printf(a, "%s%s%s", s, i ? " " : "", t->items.v[i].str ? t->items.v[i].str : "");
	return s;
}

static bool p_healthcheck(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose_service **v;
	size_t n = need_subjects(ev, args, &v);
	if (!n)
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const pl_compose_service *s = v[i];
		const pl_compose_healthcheck *h = &s->healthcheck;
		if (!h->at.node || !h->test.at.node) {
			FIND(ev, s->at.src, pl_compose_span(&s->at), "service '%s' has no healthcheck with a test, so "
			                                             "Compose cannot tell when it is ready",
			     s->name);
			ok = false;
		} else if (h->disabled) {
			FIND(ev, h->at.src, pl_compose_span(&h->at), "the healthcheck of service '%s' is disabled", s->name);
			ok = false;
		} else if (args->test_contains && !strstr(test_text(ev->a, &h->test), args->test_contains)) {
			FIND(ev, h->test.at.src, pl_compose_value_span(&h->test.at),
			     "the healthcheck of service '%s' does not run %s", s->name, args->test_contains);
			ok = false;
		}
	}
	return ok;
}

/* The mount target t is want or a folder above it. */
static bool covers(const char *t, const char *want)
{
	size_t n = strlen(t);
	while (n > 1 && t[n - 1] == '/')
		n--;
	return strncmp(t, want, n) == 0 && (want[n] == '\0' || want[n] == '/' || (n == 1 && t[0] == '/'));
}

static bool p_named_volume(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	const pl_compose_service **v;
	size_t n = need_services(ev, c, &args->subject, &v);
	if (!n)
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const pl_compose_service *s = v[i];
		const pl_compose_volume *named = NULL, *other = NULL;
		for (size_t k = 0; k < s->volumes.n; k++) {
			const pl_compose_volume *vol = &s->volumes.v[k];
			if (!vol->ok || !vol->target)
				continue;
			if (args->target && !covers(vol->target, args->target))
				continue;
			if (vol->type == PL_COMPOSE_MOUNT_VOLUME && vol->source && vol->source[0])
				named = named ? named : vol;
			else
				other = other ? other : vol;
		}
		const char *where = args->target ? pl_arena_printf(ev->a, " at %s", args->target) : "";
		if (!named) {
			ok = false;
			if (other && other->type == PL_COMPOSE_MOUNT_BIND)
				FIND(ev, other->at.src, pl_compose_span(&other->at),
				     "service '%s' keeps its data in a bind mount of '%s', not in a named volume", s->name,
				     other->source ? other->source : "");
			else if (other)
				FIND(ev, other->at.src, pl_compose_span(&other->at),
				     "service '%s' keeps its data in an anonymous volume, which is easily lost: give it a name",
				     s->name);
			else
				FIND(ev, s->at.src, pl_compose_span(&s->at),
				     "service '%s' mounts no named volume%s, so its data is lost with the container", s->name,
				     where);
			continue;
		}
		if (args->declared != 0 && !pl_compose_resource_find(c, PL_COMPOSE_VOLUME, named->source)) {
			FIND(ev, named->at.src, pl_compose_span(&named->at),
			     "the volume '%s' is not declared under the top-level 'volumes:'", named->source);
			ok = false;
		}
	}
	return ok;
}

static bool p_no_version(pl_grade_ev *ev, const pl_grade_args *args)
{
	(void)args;
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	if (!c->version.at.node)
		return true;
	FIND(ev, c->version.at.src, pl_compose_span(&c->version.at),
	     "the top-level 'version' is obsolete: Compose ignores it and warns about it");
	return false;
}

static bool p_image_pinned(pl_grade_ev *ev, const pl_grade_args *args)
{
	const pl_compose_service **v;
	size_t n = need_subjects(ev, args, &v);
	if (!n)
		return false;
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const pl_compose_service *s = v[i];
		if (!s->image.str) {
			if (s->build.at.node)
				continue; /* built here: the Dockerfile's FROM is what is pinned */
			FIND(ev, s->at.src, pl_compose_span(&s->at), "service '%s' has no image", s->name);
			ok = false;
			continue;
		}
		pl_df_imageref ref;
		pl_df_imageref_parse(&ref, ev->a, s->image.str);
		const char *why = unpinned(ev->a, &ref, args->pinned ? args->pinned : "true", s->image.str);
		if (why) {
			FIND(ev, s->image.at.src, pl_compose_value_span(&s->image.at), "%s", why);
			ok = false;
		}
	}
	return ok;
}

/* A variable name that holds a secret: PASSWORD, SECRET, TOKEN, API_KEY … (not *_FILE). */
static bool secret_name(const char *name)
{
	static const char *const words[] = {"PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN",
	                                    "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL"};
	char up[128];
	size_t n = strlen(name);
	if (n >= sizeof(up))
		n = sizeof(up) - 1;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
	up[n] = '\0';
	if (pl_str_ends(up, "_FILE") || strcmp(up, "PWD") == 0 || strstr(up, "AUTH_METHOD"))
		return false;
	for (size_t i = 0; i < PL_ARRAY_LEN(words); i++) {
		const char *w = strstr(up, words[i]);
		if (!w)
			continue;
		size_t wl = strlen(words[i]);
		bool start = w == up || w[-1] == '_';
		bool end = w[wl] == '\0' || w[wl] == '_';
		if ((start && end) || wl >= 6)
			return true;
	}
	return false;
}

/*
** What of raw is written out rather than taken from a variable: the
** text outside ${…}/$NAME references, plus the defaults of ${V:-d}
** (*in_default: all of it is in defaults).  "" when everything comes
** from variables.
*/
static const char *literal_part(pl_arena *a, const char *raw, bool *in_default)
{
	char *out = pl_arena_alloc(a, strlen(raw) + 1);
	size_t n = 0;
	bool outside = false;
	for (size_t i = 0; raw[i];) {
		if (raw[i] == '$' && raw[i + 1] == '$') {
			out[n++] = '$';
			outside = true;
			i += 2;
		} else if (raw[i] == '$' && (raw[i + 1] == '{' || raw[i + 1] == '_' ||
		                             ((raw[i + 1] | 32) >= 'a' && (raw[i + 1] | 32) <= 'z'))) {
			size_t len = pl_rk_var_ref_len(raw, i);
			const char *end = raw + i + (len ? len : 1);
			const char *dash = raw[i + 1] == '{' ? strchr(raw + i, '-') : NULL;
			if (dash && dash < end && (dash[-1] == ':' || pl_rk_name_end(raw, i + 2) == (size_t)(dash - raw)))
				for (const char *q = dash + 1; q < end - 1; q++) /* a default: written out */
					out[n++] = *q;
			i = (size_t)(end - raw);
		} else {
			out[n++] = raw[i++];
			outside = true;
		}
	}
	out[n] = '\0';
	*in_default = n && !outside;
	return out;
}

/* The password of a URL's user info, when it is written out: its span in raw via *off, *len. */
static bool url_password(const char *raw, size_t *off, size_t *len)
{
	const char *p = strstr(raw, "://");
	if (!p)
		return false;
	p += 3;
	size_t auth = strcspn(p, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < auth; i++)
		if (p[i] == '@')
			at = p + i;
	if (!at)
		return false;
	const char *colon = memchr(p, ':', (size_t)(at - p));
	if (!colon || colon + 1 == at || colon[1] == '$')
		return false;
	*off = (size_t)(colon + 1 - raw);
	*len = (size_t)(at - colon - 1);
	return true;
}

static void check_secret_kv(pl_grade_ev *ev, const pl_compose_kv *kv, const char *where, size_t *bad)
{
	const char *raw = kv->val.raw;
	if (raw && kv->list_form) {
		const char *eq = strchr(raw, '=');
		raw = eq ? eq + 1 : NULL; /* - NAME=value: the value */
	}
	if (!raw || !raw[0])
		return;
	pl_span span = kv->val.at.node ? pl_compose_value_span(&kv->val.at) : pl_compose_span(&kv->at);
	size_t off, len;
	bool in_default;
	const char *lit = literal_part(ev->a, raw, &in_default);
	if (secret_name(kv->name) && lit[0]) {
		if (in_default)
			FIND(ev, kv->at.src, span, "%s of %s has a default written in the compose file, so the "
			                           "password is there in plain text anyway",
			     kv->name, where);
		else
			FIND(ev, kv->at.src, span, "%s of %s is written in the compose file in plain text", kv->name, where);
		++*bad;
	} else if (url_password(raw, &off, &len)) {
		FIND(ev, kv->at.src, span, "the password in %s of %s is written in the compose file in plain text",
		     kv->name, where);
		++*bad;
	}
}

static bool p_no_secrets(pl_grade_ev *ev, const pl_grade_args *args)
{
	(void)args;
	const pl_compose *c = need_compose(ev);
	if (!c)
		return false;
	size_t bad = 0;
	for (size_t i = 0; i < c->nservices; i++) {
		const pl_compose_service *s = &c->services[i];
		const char *where = pl_arena_printf(ev->a, "service '%s'", s->name);
		for (size_t k = 0; k < s->environment.n; k++)
			check_secret_kv(ev, &s->environment.v[k], where, &bad);
		const char *bwhere = pl_arena_printf(ev->a, "the build of service '%s'", s->name);
		for (size_t k = 0; k < s->build.args.n; k++)
			check_secret_kv(ev, &s->build.args.v[k], bwhere, &bad);
	}
	return bad == 0;
}

/* ---- the table -------------------------------------------------------- */

#define B(x) (1u << PL_GPARAM_##x)
#define SEL_PARAMS (B(SERVICE) | B(IMAGE) | B(BUILD))
#define DF_PARAMS B(SERVICE)

static const char *const uses_pl1001[] = {"PL1001", NULL};
static const char *const uses_pl1004[] = {"PL1004", NULL};
static const char *const uses_pl1006[] = {"PL1006", NULL};

const pl_grade_pred pl_grade_preds[] = {
	/* Sorted by name: pl_grade__pred_find searches with bsearch. */
	{"compose.depends_on_condition", p_depends_on, NULL, false, B(FROM) | B(TO) | B(CONDITION), B(FROM) | B(TO), -1, NULL,
	 "services chosen by 'from' wait in depends_on for those chosen by 'to' with the condition (default "
	 "service_healthy)",
	 "`depends_on: [db]` only waits for the database's container to *start*. PostgreSQL then needs a few "
	 "seconds before it accepts connections, and an API that connects at startup crashes in that window, "
	 "on some machines and not on others. `condition: service_healthy` makes Compose wait until the "
	 "database's healthcheck passes.",
	 "Use the long form of depends_on, and give the database a healthcheck:\n\n"
	 "```yaml\n    depends_on:\n      db:\n        condition: service_healthy\n```"},
	{"compose.env_url_targets_service", p_env_url, NULL, false,
	 B(VAR) | B(SERVICE_IMAGE) | B(SERVICE_NAME) | B(FROM) | B(TO), B(VAR), PL_GPARAM_VAR, NULL,
	 "the URL in the variable (in environment or env_file) has the name of the target service as its host",
	 "Each container has its own network stack, so `localhost` inside the API container is the API "
	 "container itself, where no database listens. Compose puts the services on a network where each one "
	 "is reachable by its service name, so the database is at `db` (its service name), not at "
	 "`localhost` or `127.0.0.1`.",
	 "Use the database service's name as the host, and its container port (5432, not the published "
	 "one):\n\n```yaml\n      DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@db:5432/app\n```"},
	{"compose.healthcheck_exists", p_healthcheck, NULL, false, SEL_PARAMS | B(TEST_CONTAINS), 0, -1, NULL,
	 "the chosen services have a healthcheck (whose test contains test_contains)",
	 "Without a healthcheck, Compose only knows that the container is running, not that the program in "
	 "it is ready. `depends_on` with `condition: service_healthy` needs it, and `docker compose ps` then "
	 "shows whether the service is healthy. For PostgreSQL, `pg_isready` asks the server itself whether "
	 "it accepts connections.",
	 "Add a healthcheck to the database service:\n\n```yaml\n    healthcheck:\n      test: "
	 "[\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}\"]\n      interval: 5s\n"
	 "      timeout: 5s\n      retries: 5\n```"},
	{"compose.image_pinned", p_image_pinned, NULL, false, SEL_PARAMS | B(PINNED), 0, -1, NULL,
	 "the chosen services' images name a version (pinned: true, minor or digest)",
	 "An image without a version tag means `latest`, which moves with every release. For a database this "
	 "is dangerous: a new major version of PostgreSQL cannot read the data files of the old one, so a "
	 "fresh pull can leave the database unable to start on its own volume.",
	 "Name the version you tested with, e.g. `image: postgres:16-alpine`."},
	{"compose.no_plaintext_secrets", p_no_secrets, NULL, false, 0, 0, -1, NULL,
	 "no password, secret, token or key is written out in the compose file (environment, build args, "
	 "URLs)",
	 "A compose file is committed, shared and pasted into forums; a password written in it is known to "
	 "everyone who ever sees the repository, and stays in its history after it is changed. Passwords "
	 "belong in a `.env` file that is not committed (Compose reads it for `${VARIABLES}`) or in Compose "
	 "secrets.",
	 "Write `${POSTGRES_PASSWORD}` in the compose file, put `POSTGRES_PASSWORD=…` in a `.env` file "
	 "beside it, and list `.env` in `.gitignore` and `.dockerignore`. A value such as "
	 "`${POSTGRES_PASSWORD:-secret}` still writes the password out, as the default."},
	{"compose.no_version_field", p_no_version, NULL, false, 0, 0, -1, NULL, "the compose file has no top-level 'version'",
	 "The top-level `version:` key belonged to the old docker-compose v1 file formats. Docker Compose v2 "
	 "follows the Compose Specification, which has no versions: it ignores the key and prints a warning "
	 "that it is obsolete.",
	 "Delete the `version:` line."},
	{"compose.port_quoted", p_port_quoted, NULL, false, SEL_PARAMS, 0, -1, NULL,
	 "the chosen services publish ports, and every short port mapping with ':' is a quoted string",
	 "YAML 1.1 reads an unquoted `a:b` of numbers below 60 as a number in base 60: `22:22` becomes "
	 "1342. Compose's documentation therefore asks for port mappings to be written as strings. Quoting "
	 "them always avoids the trap.",
	 "Quote every port mapping: `- \"8000:8000\"`."},
	{"compose.service_built_from", p_built_from, NULL, false, B(CONTEXT) | B(SERVICE), 0, PL_GPARAM_CONTEXT, NULL,
	 "a service (or the named one) is built with the given build context (default '.')",
	 "`build:` tells Compose to build the service's image from a Dockerfile instead of pulling one; its "
	 "context is the folder sent to the build, where the Dockerfile and the app's files are.",
	 "Build the API from the project's folder:\n\n```yaml\n  api:\n    build: .\n```"},
	{"compose.service_exists", p_service_exists, NULL, false, SEL_PARAMS, 0, -1, NULL,
	 "the compose file has a service the selector chooses", NULL, NULL},
	{"compose.service_mounts_named_volume", p_named_volume, NULL, false, SEL_PARAMS | B(TARGET) | B(DECLARED), 0, -1, NULL,
	 "the chosen services mount a named volume (at target), declared at the top level (declared: true)",
	 "A container's own file system is thrown away with the container: `docker compose down` and a "
	 "rebuild lose every row in the database. A named volume lives apart from the container and is "
	 "mounted again by the next one. A bind mount of a project folder works too, but mixes database "
	 "files owned by another user into your source tree.",
	 "Mount a named volume at the database's data folder and declare it at the top level:\n\n```yaml\n"
	 "    volumes:\n      - pgdata:/var/lib/postgresql/data\n\nvolumes:\n  pgdata:\n```"},
	{"dockerfile.base_image", NULL, df_base_image, true, DF_PARAMS | B(MATCHES) | B(PINNED), 0, PL_GPARAM_MATCHES, NULL,
	 "the final stage is built on an image matching one of the globs, pinned (true, minor, digest)",
	 "The base image is most of what ships. The plain `python:3.12` is a full Debian with compilers, "
	 "close to 1 GB; `python:3.12-slim` has the same Python in a fraction of the size, so it pulls "
	 "faster and gives a vulnerability scanner less to find. A tag without a version (`python`, "
	 "`python:latest`, `python:slim`) changes under you: the same Dockerfile builds a different image "
	 "next month.",
	 "Start from a slim image with a version: `FROM python:3.12-slim`."},
	{"dockerfile.cmd_exec_form", NULL, df_cmd_exec, true, DF_PARAMS, 0, -1, NULL,
	 "the image has a CMD (or ENTRYPOINT), written in exec form (a JSON array)",
	 "In shell form, `CMD uvicorn main:app` really runs `/bin/sh -c \"uvicorn main:app\"`: the shell is "
	 "PID 1 and does not pass SIGTERM on, so `docker stop` waits ten seconds and then kills the server "
	 "without a clean shutdown. In exec form the server itself is PID 1 and gets the signal.",
	 "Write the command as a JSON array: `CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", "
	 "\"--port\", \"8000\"]`."},
	{"dockerfile.deps_before_source", NULL, df_deps_first, true, DF_PARAMS | B(REQUIRE_INSTALL), 0, -1, uses_pl1001,
	 "dependencies are installed (require_install, default true) before the source is copied (PL1001)",
	 NULL, NULL},
	{"dockerfile.dockerignore", NULL, df_dockerignore, false, DF_PARAMS | B(EXCLUDES), 0, PL_GPARAM_EXCLUDES, NULL,
	 "the build context of each Dockerfile has a .dockerignore that leaves out the paths in excludes",
	 "`COPY . .` copies everything in the build context into the image. Without a `.dockerignore`, that "
	 "includes `.git`, a local `.env` with passwords, virtualenvs and `__pycache__`: the image grows, "
	 "secrets leak into it, and every commit invalidates the build cache.",
	 "Add a `.dockerignore` beside the Dockerfile:\n\n```\n.git\n.env\n.venv\n__pycache__/\n*.pyc\n```"},
	{"dockerfile.env_set", NULL, df_env_set, true, DF_PARAMS | B(NAMES), B(NAMES), PL_GPARAM_NAMES, NULL,
	 "the final stage sets each variable with ENV (to the value given, else to anything non-empty)",
	 "`PYTHONUNBUFFERED=1` makes Python write its output at once instead of holding it in a buffer, so "
	 "`docker logs` shows what the app prints when it prints it, and the last lines before a crash are "
	 "not lost. `PYTHONDONTWRITEBYTECODE=1` stops Python from writing `.pyc` files into the image's "
	 "layers, where they only take space.",
	 "Set them near the top of the Dockerfile:\n\n```dockerfile\nENV PYTHONDONTWRITEBYTECODE=1 \\\n"
	 "    PYTHONUNBUFFERED=1\n```"},
	{"dockerfile.expose_matches_server_port", NULL, df_expose, true, DF_PARAMS | B(PORT), 0, PL_GPARAM_PORT, uses_pl1006,
	 "the image EXPOSEs the port its server listens on (or port) (PL1006)",
	 "`EXPOSE` documents the port the app listens on: people read it to write `ports:` mappings, and "
	 "`docker run -P` publishes it. An image without EXPOSE, or with the wrong port, sends traffic where "
	 "nobody answers.",
	 "EXPOSE the port the server listens on: `EXPOSE 8000` for `uvicorn … --port 8000`."},
	{"dockerfile.has_instruction", NULL, df_has_instr, true, DF_PARAMS | B(INSTRUCTION), B(INSTRUCTION), PL_GPARAM_INSTRUCTION,
	 NULL, "the final stage (or a stage it builds on) has an instruction of this kind", NULL, NULL},
	{"dockerfile.server_binds_all", NULL, df_binds_all, true, DF_PARAMS, 0, -1, uses_pl1004,
	 "the server the image starts listens on 0.0.0.0, not on loopback (PL1004)", NULL, NULL},
	{"dockerfile.workdir", NULL, df_workdir, true, DF_PARAMS | B(ABSOLUTE), 0, PL_GPARAM_ABSOLUTE, NULL,
	 "the final stage sets a WORKDIR (an absolute one unless absolute: false)",
	 "Without `WORKDIR`, `COPY . .` and the command run in the base image's working folder, often `/`, "
	 "so the app's files end up mixed with the operating system's. `WORKDIR /app` creates the folder "
	 "and makes every later instruction, and the container, start there.",
	 "Add `WORKDIR /app` before the first COPY."},
	{"file_exists", p_file_exists, NULL, false, B(PATH), B(PATH), PL_GPARAM_PATH, NULL,
	 "one of the paths exists in the project (relative to its top folder)", NULL, NULL},
};
const size_t pl_grade_npreds = PL_ARRAY_LEN(pl_grade_preds);

bool pl_grade__pred_eval(pl_grade_ev *ev, const pl_grade_pred *pred, const pl_grade_args *args)
{
	return pred->eval ? pred->eval(ev, args) : each_dockerfile(ev, args, pred);
}

static int cmp_pred(const void *key, const void *elem)
{
	return strcmp(key, ((const pl_grade_pred *)elem)->name);
}

const pl_grade_pred *pl_grade__pred_find(const char *name)
{
	return bsearch(name, pl_grade_preds, pl_grade_npreds, sizeof(pl_grade_preds[0]), cmp_pred);
}

static const struct {
	const char *name;
	pl_grade_ptype type;
} params[] = {
#define PL__X(e, k, t, f) {k, t},
	PL_GRADE_PARAM_LIST(PL__X)
#undef PL__X
};

const char *pl_grade__param_name(pl_grade_param p)
{
	return params[p].name;
}

pl_grade_ptype pl_grade__param_type(pl_grade_param p)
{
	return params[p].type;
}
