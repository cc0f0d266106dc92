/*
** DL3054 label-spdx: a label the schema types `spdx` holds an SPDX
** license identifier (MIT, Apache-2.0) or an SPDX license expression
** (MIT OR Apache-2.0, GPL-2.0-only WITH Classpath-exception-2.0,
** LicenseRef-acme), as org.opencontainers.image.licenses expects.
** Identifiers match in any case, operators in capitals (SPDX spec,
** annex D).  Docs: rules/DL3054.md
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static const char *const licenses[] = {
#define PL_SPDX_LICENSE(id) id,
#define PL_SPDX_EXCEPTION(id)
#include "spdx.def"
#undef PL_SPDX_LICENSE
#undef PL_SPDX_EXCEPTION
};

static const char *const exceptions[] = {
#define PL_SPDX_LICENSE(id)
#define PL_SPDX_EXCEPTION(id) id,
#include "spdx.def"
#undef PL_SPDX_LICENSE
#undef PL_SPDX_EXCEPTION
};

static int cmp_id(const void *key, const void *elem)
{
	return strcasecmp((const char *)key, *(const char *const *)elem);
}

static bool known(const char *const *table, size_t n, const char *id)
{
	return bsearch(id, table, n, sizeof(*table), cmp_id) != NULL;
}

#define MAX_NEST 32 /* parentheses deeper than this are not a license */

/* A recursive-descent parser over the words and parentheses of an expression. */
typedef struct parser {
	pl_arena *a;
	const char *p;     /* next character */
	char tok[128];     /* the current token: a word, "(", ")", or "" at the end */
	const char *error; /* the first problem, or NULL */
	int depth;         /* open parentheses */
} parser;

static void next(parser *P)
{
	while (*P->p == ' ' || *P->p == '\t')
		P->p++;
	size_t n = 0;
	if (*P->p == '(' || *P->p == ')') {
		P->tok[n++] = *P->p++;
	} else {
		while (*P->p && *P->p != ' ' && *P->p != '\t' && *P->p != '(' && *P->p != ')') {
			if (n + 1 < sizeof(P->tok))
				P->tok[n++] = *P->p;
			P->p++;
		}
	}
	P->tok[n] = '\0';
}

static void error(parser *P, const char *msg)
{
	if (!P->error)
		P->error = msg;
}

/* idstring = 1*(ALPHA / DIGIT / "-" / "." ) */
static bool idstring(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '.'))
			return false;
	return true;
}

/* ["DocumentRef-" idstring ":"] PREFIX idstring */
static bool user_ref(const char *s, const char *prefix)
{
	if (pl_str_starts(s, "DocumentRef-")) {
		const char *colon = strchr(s, ':');
		if (!colon)
			return false;
		char doc[128];
		snprintf(doc, sizeof(doc), "%.*s", (int)(colon - s - 12), s + 12);
		if (!idstring(doc))
			return false;
		s = colon + 1;
	}
	return pl_str_starts(s, prefix) && idstring(s + strlen(prefix));
}

static bool is_operator(const char *t)
{
	return strcmp(t, "AND") == 0 || strcmp(t, "OR") == 0 || strcmp(t, "WITH") == 0;
}

static void expr(parser *P);

/* term = "(" expr ")" / simple-expression ["WITH" exception] */
static void term(parser *P)
{
	if (strcmp(P->tok, "(") == 0) {
		if (++P->depth > MAX_NEST) {
			error(P, "parentheses nest too deep");
			return;
		}
		next(P);
		expr(P);
		if (strcmp(P->tok, ")") != 0)
			error(P, "a '(' is not closed");
		P->depth--;
		next(P);
		return;
	}
	if (!*P->tok || is_operator(P->tok) || strcmp(P->tok, ")") == 0) {
		error(P, *P->tok ? pl_arena_printf(P->a, "a license is missing before '%s'", P->tok)
		                 : "a license is missing at the end");
		return;
	}
	size_t n = strlen(P->tok);
	char id[128];
	snprintf(id, sizeof(id), "%s", P->tok);
	if (n > 1 && id[n - 1] == '+')
		id[n - 1] = '\0'; /* GPL-2.0+ : this version or later */
	if (!user_ref(P->tok, "LicenseRef-") && !known(licenses, PL_ARRAY_LEN(licenses), id)) {
		error(P, pl_arena_printf(P->a, "'%s' is not an SPDX license identifier",
		                         pl_rk_excerpt(P->a, P->tok)));
		return;
	}
	next(P);
	if (strcmp(P->tok, "WITH") != 0)
		return;
	next(P);
	if (!user_ref(P->tok, "AdditionRef-") && !known(exceptions, PL_ARRAY_LEN(exceptions), P->tok)) {
		error(P, *P->tok ? pl_arena_printf(P->a, "'%s' is not an SPDX license exception",
		                                   pl_rk_excerpt(P->a, P->tok))
		                 : "a license exception is missing after 'WITH'");
		return;
	}
	next(P);
}

/* expr = term *( ("AND" / "OR") term ): precedence does not matter for checking. */
static void expr(parser *P)
{
	term(P);
	while (!P->error && (strcmp(P->tok, "AND") == 0 || strcmp(P->tok, "OR") == 0)) {
		next(P);
		term(P);
	}
}

static const char *check_license(pl_arena *a, const char *s)
{
	parser P = {a, s, "", NULL, 0};
	next(&P);
	expr(&P);
	if (!P.error && *P.tok) {
		if (strcmp(P.tok, ")") == 0)
			P.error = "a ')' has no '(' before it";
		else if (pl_str_ieq(P.tok, "and") || pl_str_ieq(P.tok, "or") || pl_str_ieq(P.tok, "with"))
			P.error = pl_arena_printf(a, "the operator '%s' is written in capitals", P.tok);
		else
			P.error = pl_arena_printf(a, "'%s' follows a complete expression",
			                          pl_rk_excerpt(a, P.tok));
	}
	return P.error;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_SPDX, check_license,
	                         "an SPDX license identifier or expression");
}

const pl_rule pl_rule_DL3054 = {
	.id = "DL3054",
	.name = "label-spdx",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type spdx must hold an SPDX license identifier or expression",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
