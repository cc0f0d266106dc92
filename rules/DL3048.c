/*
** DL3048 label-key-format: label keys follow Docker's guidelines: lower-
** case letters, digits, '.' and '-'; a letter first, a letter or digit
** last; no '..' or '--'; none of Docker's own namespaces.
** Docs: rules/DL3048.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static bool lower(char c) { return c >= 'a' && c <= 'z'; }
static bool digit(char c) { return c >= '0' && c <= '9'; }

/* What is wrong with key (arena message), or NULL when nothing is. */
static const char *problem(pl_arena *a, const char *key)
{
	static const char *const reserved[] = {"com.docker.", "io.docker.", "org.dockerproject."};
	for (size_t i = 0; i < PL_ARRAY_LEN(reserved); i++)
		if (pl_str_starts(key, reserved[i]))
			return pl_arena_printf(a, "uses the namespace '%s' that Docker reserves", reserved[i]);
	for (const char *p = key; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (lower(*p) || digit(*p) || c == '.' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			return "must be lowercase";
		if (c == '$')
			return "is built from a variable: write label keys out";
		if (c >= 0x20 && c < 0x7f)
			return pl_arena_printf(a, "has '%c': use only a-z, 0-9, '.' and '-'", c);
		return "has a character other than a-z, 0-9, '.' and '-'";
	}
	if (!lower(key[0]))
		return "must start with a lowercase letter";
	size_t n = strlen(key);
	if (!lower(key[n - 1]) && !digit(key[n - 1]))
		return "must end with a lowercase letter or a digit";
	if (strstr(key, "..") || strstr(key, "--"))
		return "has two separators in a row ('..' or '--')";
	return NULL;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	for (size_t i = 0; i < in->nkvs; i++) {
		const pl_df_kv *kv = &in->kvs[i];
		if (!*kv->key)
			continue; /* a parse error, reported as such */
		const char *why = problem(pl_ctx_arena(ctx), kv->key);
		if (why)
			pl_report(ctx, kv->key_span, "label key '%s' %s",
			          pl_rk_excerpt(pl_ctx_arena(ctx), kv->key), why);
	}
}

const pl_rule pl_rule_DL3048 = {
	.id = "DL3048",
	.name = "label-key-format",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_STYLE,
	.category = PL_CAT_STYLE,
	.summary = "Write label keys in lowercase, dot-separated, outside Docker's namespaces",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
