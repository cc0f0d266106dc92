/*
** DL3053 label-rfc3339: a label the schema types `rfc3339` holds an
** RFC 3339 date-time, such as 2024-05-01T12:30:00Z.  Docs: rules/DL3053.md
*/
#include <string.h>

#include "plimsoll/rule.h"
#include "plimsoll/rulekit.h"

/* The n-digit number at s, or -1 when one of the n characters is not a digit. */
static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int days_in(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/*
** date-time = YYYY "-" MM "-" DD "T" hh ":" mm ":" ss ["." 1*digit] ("Z" / ("+" / "-") hh ":" mm);
** T and Z in either case (RFC 3339 §5.6); ss may be 60 (a leap second).
*/
static bool is_rfc3339(const char *s)
{
	size_t n = strlen(s);
	if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':')
		return false;
	int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2);
	int h = num(s + 11, 2), mi = num(s + 14, 2), sec = num(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in(y, mo) || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || sec < 0 || sec > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		const char *q = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == q)
			return false;
	}
	if ((*p == 'Z' || *p == 'z') && !p[1])
		return true;
	if ((*p != '+' && *p != '-') || strlen(p) != 6 || p[3] != ':')
		return false;
	int oh = num(p + 1, 2), om = num(p + 4, 2);
	return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

static const char *check_time(pl_arena *a, const char *s)
{
	return is_rfc3339(s) ? NULL : pl_arena_printf(a, "'%s' (write it as 2024-05-01T12:30:00Z)",
	                                              pl_rk_excerpt(a, s));
}

static void check(pl_ctx *ctx, const pl_df_instr *in)
{
	pl_rk_check_label_values(ctx, in, PL_LABEL_RFC3339, check_time, "an RFC 3339 date-time");
}

const pl_rule pl_rule_DL3053 = {
	.id = "DL3053",
	.name = "label-rfc3339",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_WARNING,
	.category = PL_CAT_CORRECTNESS,
	.summary = "A label of type rfc3339 must hold an RFC 3339 date-time",
	.on_instr = {[PL_INSTR_LABEL] = check},
};
