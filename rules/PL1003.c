/*
** PL1003 python-unbuffered: a Python image without PYTHONUNBUFFERED=1
** keeps print() and logging output in a buffer when stdout is not a
** terminal, so `docker logs` stays empty until the buffer fills or the
** process dies; without PYTHONDONTWRITEBYTECODE=1 it writes .pyc files
** into the container.  The fix adds the missing ENV at the top of the
** final stage.  Docs: rules/PL1003.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* Python reads these when set to any non-empty string. */
static bool set(const pl_rk_env *env, const char *key)
{
	const pl_df_kv *kv = pl_rk_env_get(env, key);
	return kv && kv->value && *kv->value;
}

/* The instruction the ENV goes after: the last ENV/ARG/LABEL right after FROM, or the FROM. */
static const pl_df_instr *insert_after(const pl_df_stage *st)
{
	const pl_df_instr *at = st->instrs[0];
	for (size_t i = 1; i < st->ninstrs; i++) {
		pl_instr_kind k = st->instrs[i]->kind;
		if (k != PL_INSTR_ENV && k != PL_INSTR_ARG && k != PL_INSTR_LABEL && k != PL_INSTR_MAINTAINER)
			break;
		if (k == PL_INSTR_ENV)
			at = st->instrs[i];
	}
	return at;
}

static void on_end(pl_ctx *ctx, const pl_dockerfile *df)
{
	const pl_df_stage *st = pl_rk_final_stage(df);
	if (!st)
		return;
	pl_arena *a = pl_ctx_arena(ctx);
	const char *base = pl_rk_official_name(&pl_rk_stage_root(st)->from->as.from.ref);
	pl_rk_image_cmd ic;
	pl_rk_image_cmd_get(&ic, a, st, NULL);
	bool python_base = base && (strcmp(base, "python") == 0 || strcmp(base, "pypy") == 0);
	if (!python_base && !ic.python)
		return;
	/* python -u is unbuffered too */
	bool unbuffered = set(&ic.env, "PYTHONUNBUFFERED") ||
	                  (ic.python && pl_str_starts(ic.python->name, "python") &&
	                   pl_sh_cmd_has_flag(ic.python, "-u"));
	bool nobytecode = set(&ic.env, "PYTHONDONTWRITEBYTECODE");
	if (unbuffered && nobytecode)
		return;
	const char *missing = !unbuffered && !nobytecode
	                          ? "PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1"
	                          : !unbuffered ? "PYTHONUNBUFFERED=1" : "PYTHONDONTWRITEBYTECODE=1";
	const char *why = !unbuffered && !nobytecode
	                      ? "without them the logs sit in a buffer that 'docker logs' does not show, "
	                        "and Python writes .pyc files into the container"
	                      : !unbuffered ? "without it the logs sit in a buffer that 'docker logs' does not show"
	                                    : "without it Python writes .pyc files into the container";
	pl_diag *d = pl_report(ctx, st->from->as.from.image.span, "set 'ENV %s' in the Python image: %s",
	                       missing, why);
	const pl_df_instr *after = insert_after(st);
	size_t at = pl_span_end(after->span);
	const char *nl = pl_ctx_source(ctx)->crlf ? "\r\n" : "\n";
	pl_fix_replace(ctx, d, PL_FIX_UNSAFE, pl_arena_printf(a, "add 'ENV %s'", missing),
	               pl_span_make(at, at), pl_arena_printf(a, "%sENV %s", nl, missing));
}

const pl_rule pl_rule_PL1003 = {
	.id = "PL1003",
	.name = "python-unbuffered",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_RELIABILITY,
	.fix = PL_FIX_UNSAFE,
	.summary = "Set PYTHONUNBUFFERED=1 and PYTHONDONTWRITEBYTECODE=1 in a Python image",
	.on_end = on_end,
};
