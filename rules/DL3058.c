/*
** DL3058 label-email: a label the schema types `email` holds an e-mail
** address: an RFC 5322 addr-spec, local-part "@" domain, such as
** dev@example.com (not "Dev <dev@example.com>").  Docs: rules/DL3058.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* atext: the characters of an atom (RFC 5322 §3.2.3). */
static bool atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/* dot-atom-text = 1*atext *("." 1*atext), all of s[0..n). */
static bool dot_atom(const char *s, size_t n)
{
	bool after_dot = true; /* at the start, as after a dot: an atom must follow */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (after_dot)
				return false;
			after_dot = true;
		} else if (atext(s[i])) {
			after_dot = false;
		} else {
			return false;
		}
	}
	return !after_dot;
}

/* quoted-string = DQUOTE *(qtext / quoted-pair / SP) DQUOTE, all of s[0..n). */
static bool quoted_string(const char *s, size_t n)
{
	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return false;
	for (size_t i = 1; i + 1 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' && i + 2 < n && s[i + 1] >= 0x20 && s[i + 1] < 0x7f)
			i++;
		else if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7f)
			return false;
	}
	return true;
}

/* domain-literal = "[" *dtext "]", all of s[0..n). */
static bool domain_literal(const char *s, size_t n)
{
	if (n < 2 || s[0] != '[' || s[n - 1] != ']')
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (s[i] < 33 || s[i] > 126 || s[i] == '[' || s[i] == ']' || s[i] == '\\')
			return false;
	return true;
}

static const char *check_email(pl_arena *a, const char *s)
{
	const char *at = strrchr(s, '@');
	const char *x = pl_rk_excerpt(a, s);
	if (!at)
		return pl_arena_printf(a, "'%s' has no '@'", x);
	size_t nlocal = (size_t)(at - s), ndomain = strlen(at + 1);
	if (strchr(s, '<'))
		return pl_arena_printf(a, "'%s' (write the bare address, without a name or <>)", x);
	if (!(dot_atom(s, nlocal) || quoted_string(s, nlocal)) || nlocal > 64)
		return pl_arena_printf(a, "'%s' has a bad part before the '@'", x);
	if (!(dot_atom(at + 1, ndomain) || domain_literal(at + 1, ndomain)) || ndomain > 255)
		return pl_arena_printf(a, "'%s' has a bad domain after the '@'", x);
	return NULL;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_EMAIL, check_email, "an e-mail address");
}

const pl_rule pl_rule_DL3058 = {
	.id = "DL3058",
	.name = "label-email",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type email must hold an e-mail address",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
