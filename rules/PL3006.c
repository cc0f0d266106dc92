/*
** PL3006 command-var-unset: the container's command reads a variable
** ($PORT, ${DATABASE_URL}) that nothing sets when it starts: not an ENV
** of the image (its base image's included, for the official images
** plimsoll knows), not the service's 'environment:'.  The shell expands
** it to '', and `uvicorn --port ''` or an empty URL fails at start.  An
** ARG does not count: build arguments are gone when the container runs.
** Silent when it cannot know: an unknown base image, 'env_file:', an
** entrypoint script that may export it, a ${V:-default}.
** Docs: rules/PL3006.md
*/
#include <string.h>

#include "plimsoll/project.h"
#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Variables the shell or Docker sets in every container. */
static const char *const always[] = {"HOME", "HOSTNAME", "IFS", "LINENO", "OLDPWD", "OPTARG", "OPTIND", "PATH",
                                     "PPID", "PS1", "PS2", "PS4", "PWD", "RANDOM", "SECONDS", "SHELL",
                                     "SHLVL", "TERM", "UID", "EUID", "BASH_VERSION", "USER", NULL};

/* Names the script sets itself: NAME=… before a command or alone, export/read/local/declare NAME. */
static void script_sets(pl_arena *a, const pl_sh_script *sh, pl_rk_map *m)
{
	static const char *const setters[] = {"export", "read", "local", "declare", "readonly", "typeset", NULL};
	for (size_t i = 0; i < sh->ncmds; i++) {
		const pl_sh_cmd *c = sh->cmds[i];
		for (size_t k = 0; k < c->nassigns; k++)
			pl_rk_map_put(m, a, c->assigns[k].text, pl_rk_name_end(c->assigns[k].text, 0), (void *)c);
		if (!pl_rk_in_list(c->name, setters))
			continue;
		for (size_t k = c->argv0 + 1; k < c->nwords; k++)
			pl_rk_map_put(m, a, c->words[k].text, pl_rk_name_end(c->words[k].text, 0), (void *)c);
	}
	/* for NAME in …: the loop sets NAME; it is read inside, so skip every loop variable */
	for (size_t i = 0; i < sh->ncmds; i++)
		if (sh->cmds[i]->ctx & PL_SH_IN_LOOP)
			pl_rk_map_put(m, a, "*loop", 5, (void *)sh); /* a marker: loops make the rule give up */
}

/* The span of text[off, off+len) of word w, when its text lies in the file as written. */
static pl_span word_sub(const pl_sh_word *w, size_t off, size_t len)
{
	size_t n = strlen(w->text);
	if (w->span.len == n)
		return (pl_span){w->span.off + off, len};
	if (w->span.len == n + 2 && (w->flags & PL_SH_WORD_QUOTED))
		return (pl_span){w->span.off + 1 + off, len};
	return w->span;
}

static void check(pl_ctx *ctx, const pl_project_build *b)
{
	pl_arena *a = pl_ctx_arena(ctx);
	pl_rk_service_run r;
	if (!pl_rk_service_run_get(&r, a, b) || !r.ic.sh || r.env_unknown || r.ic.via_script)
		return;
	const pl_df_stage *root = pl_rk_stage_root(b->stage);
	if (!root || !root->from || root->from->kind != PL_INSTR_FROM ||
	    (!root->from->as.from.ref.scratch && pl_rk_image_env(&root->from->as.from.ref) != PL_RK_ENV_KNOWN))
		return; /* the base image may set it */
	const pl_df_imageref *base = &root->from->as.from.ref;
	pl_rk_map sets = {0}, said = {0}, args = {0};
	script_sets(a, r.ic.sh, &sets);
	const pl_dockerfile *df = b->dockerfile->df;
	for (size_t i = 0; i < df->ninstrs; i++)
		for (size_t k = 0; df->instrs[i]->kind == PL_INSTR_ARG && k < df->instrs[i]->nkvs; k++)
			pl_rk_map_put(&args, a, df->instrs[i]->kvs[k].key, strlen(df->instrs[i]->kvs[k].key),
			              df->instrs[i]);
	if (pl_rk_map_get(&sets, "*loop", 5))
		return;
	const pl_compose_service *svc = b->service;
	for (size_t i = 0; i < r.ic.sh->ncmds; i++) {
		const pl_sh_cmd *c = r.ic.sh->cmds[i];
		for (size_t k = 0; k < c->nwords; k++) {
			const pl_sh_word *w = &c->words[k];
			if (!(w->flags & PL_SH_WORD_EXPANDS))
				continue;
			for (const char *t = w->text, *p = strchr(t, '$'); p; p = strchr(p + 1, '$')) {
				size_t at = (size_t)(p - t), s = at + 1 + (p[1] == '{');
				size_t e = pl_rk_name_end(t, s);
				if (e == s || (p[1] == '{' && t[e] != '}'))
					continue; /* $1, $@, ${V:-x} and other forms that do not simply read V */
				const char *name = pl_arena_strndup(a, t + s, e - s);
				size_t n = e - s;
				if ((name[0] >= '0' && name[0] <= '9') || pl_rk_in_list(name, always) ||
				    pl_rk_map_get(&sets, name, n) || pl_rk_env_get(&r.ic.env, name) ||
				    pl_rk_image_env_has(base, name, n) || pl_rk_map_put(&said, a, name, n, (void *)w))
					continue;
				pl_span sp = word_sub(w, at, e - at + (p[1] == '{'));
				const pl_source *src = pl_rk_run_place(&r, &sp);
				const pl_df_instr *arg = pl_rk_map_get(&args, name, n);
				pl_diag *d = arg ? pl_report_in(ctx, src, sp,
				                                "'$%s' is empty when '%s' starts: it is an ARG, which only "
				                                "the build sees; set it with ENV or 'environment:'",
				                                name, svc->name)
				                 : pl_report_in(ctx, src, sp,
				                                "'$%s' is empty when '%s' starts: neither the image's ENV nor "
				                                "the service's 'environment:' sets it",
				                                name, svc->name);
				if (arg)
					pl_note_add(ctx, d, b->dockerfile->src, arg->span, "declared here, for the build only");
				pl_note_add(ctx, d, svc->at.src, pl_compose_span(&svc->at), "the service");
			}
		}
	}
}

static void on_project(pl_ctx *ctx, const pl_project *p)
{
	for (size_t i = 0; i < p->nbuilds; i++)
		check(ctx, &p->builds[i]);
}

const pl_rule pl_rule_PL3006 = {
	.id = "PL3006",
	.name = "command-var-unset",
	.target = PL_TARGET_PROJECT,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Set the variables the container's command reads, with ENV or 'environment:'",
	.on_project = on_project,
};
