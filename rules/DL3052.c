/*
** DL3052 label-url: a label the schema types `url` holds an absolute URI
** (RFC 3986: scheme ":" hier-part ["?" query] ["#" fragment]).
** Docs: rules/DL3052.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

static bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

/* unreserved / sub-delims, plus the characters of extra. */
static bool plain_char(char c, const char *extra)
{
	return alpha(c) || digit(c) || (c && strchr("-._~!$&'()*+,;=", c)) || (c && strchr(extra, c));
}

/* Skip *( plain / pct-encoded ) from s[*i] up to end; false on a bad character or a broken %HH. */
static bool chars(const char *s, size_t *i, size_t end, const char *extra)
{
	while (*i < end) {
		if (s[*i] == '%') {
			if (*i + 2 >= end || !hex(s[*i + 1]) || !hex(s[*i + 2]))
				return false;
			*i += 3;
		} else if (plain_char(s[*i], extra)) {
			(*i)++;
		} else {
			return false;
		}
	}
	return true;
}

/* authority = [ userinfo "@" ] host [ ":" port ], in s[lo..hi). */
static bool authority(const char *s, size_t lo, size_t hi)
{
	const char *at = NULL;
	for (size_t i = lo; i < hi; i++)
		if (s[i] == '@')
			at = s + i;
	size_t i = lo;
	if (at) {
		if (!chars(s, &i, (size_t)(at - s), ":"))
			return false;
		i = (size_t)(at - s) + 1;
	}
	if (i < hi && s[i] == '[') { /* IP-literal: IPv6 or IPvFuture, loosely */
		i++;
		while (i < hi && s[i] != ']') {
			if (!plain_char(s[i], ":"))
				return false;
			i++;
		}
		if (i == hi)
			return false;
		i++;
	} else {
		size_t end = i;
		while (end < hi && s[end] != ':')
			end++;
		if (!chars(s, &i, end, ""))
			return false;
	}
	if (i < hi && s[i] == ':')
		for (i++; i < hi; i++)
			if (!digit(s[i]))
				return false;
	return i == hi;
}

/* NULL for an absolute URI, else why not (arena string). */
static const char *check_uri(pl_arena *a, const char *s)
{
	size_t n = strlen(s), i = 0;
	if (!alpha(s[0]))
		return pl_arena_printf(a, "'%s' has no scheme (such as https:)", pl_rk_excerpt(a, s));
	while (alpha(s[i]) || digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	if (s[i] != ':')
		return pl_arena_printf(a, "'%s' has no scheme (such as https:)", pl_rk_excerpt(a, s));
	i++;
	size_t end = i; /* end of hier-part */
	while (end < n && s[end] != '?' && s[end] != '#')
		end++;
	if (end - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t auth = i + 2, path = auth;
		while (path < end && s[path] != '/')
			path++;
		if (!authority(s, auth, path))
			return pl_arena_printf(a, "'%s' has a bad host or port", pl_rk_excerpt(a, s));
		i = path;
	}
	bool ok = chars(s, &i, end, ":@/"); /* the path */
	if (ok && i < n && s[i] == '?') {
		i++;
		end = i;
		while (end < n && s[end] != '#')
			end++;
		ok = chars(s, &i, end, ":@/?");
	}
	if (ok && i < n && s[i] == '#') {
		i++;
		ok = chars(s, &i, n, ":@/?");
	}
	if (!ok || i != n)
		return pl_arena_printf(a, "'%s' has a character a URL cannot hold unescaped",
		                       pl_rk_excerpt(a, s));
	return NULL;
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_URL, check_uri, "an absolute URL");
}

const pl_rule pl_rule_DL3052 = {
	.id = "DL3052",
	.name = "label-url",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type url must hold a valid URL",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
