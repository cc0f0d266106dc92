/*
** DL3011 valid-port: EXPOSE takes ports from 0 to 65535, alone or as
** a range low-high, with an optional /tcp, /udp or /sctp.  A port out of
** range or a range whose end comes before its start fails the build.
** Parts given by a variable are not checked.  Docs: rules/DL3011.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/*
** Check the port number raw[at..end) of the word w: report it when it is
** out of range.  Returns its value, or -1 when it is not a plain number
** (a variable, or something the build will reject for another reason).
*/
static long check_port(pl_ctx *ctx, const pl_df_word *w, const char *raw, size_t at, size_t end)
{
	if (at == end || strspn(raw + at, "0123456789") < end - at)
		return -1;
	long v = 0;
	for (size_t i = at; i < end && v <= 65535; i++)
		v = v * 10 + (raw[i] - '0');
	if (v > 65535)
		pl_report(ctx, pl_rk_subspan(w->span, strlen(raw), at, end - at),
		          "'%.*s' is not a valid port: ports range from 0 to 65535", (int)(end - at), raw + at);
	return v;
}

static void check_expose(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->argc; i++) {
		const pl_df_word *w = &in->argv[i];
		const char *raw = w->raw ? w->raw : w->value;
		if (strchr(raw, '"') || strchr(raw, '\'') || strchr(raw, ':'))
			continue; /* quoted, or ip:host:container (another rule's business) */
		size_t end = strcspn(raw, "/"), dash = strcspn(raw, "-");
		if (dash >= end) {
			check_port(ctx, w, raw, 0, end);
			continue;
		}
		long lo = check_port(ctx, w, raw, 0, dash);
		long hi = check_port(ctx, w, raw, dash + 1, end);
		if (lo >= 0 && hi >= 0 && lo <= 65535 && hi <= 65535 && hi < lo)
			pl_report(ctx, pl_rk_subspan(w->span, strlen(raw), 0, end),
			          "the port range '%.*s' ends before it starts", (int)end, raw);
	}
}

const pl_rule pl_rule_DL3011 = {
	.id = "DL3011",
	.name = "valid-port",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_ERROR,
	.category = PL_CAT_CORRECTNESS,
	.summary = "EXPOSE ports must range from 0 to 65535",
	.on_instr = {[PL_INSTR_EXPOSE] = check_expose},
};
