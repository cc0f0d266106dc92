/*
** Scalar resolution: what type a YAML reader gives a scalar.  Two
** schemas: the YAML 1.2 core schema (yaml.v3, which compose-go reads
** with) and YAML 1.1 (PyYAML, docker-compose v1, the YAML 1.1 readers
** dclint's quoting rules guard against), where 'on' is true, 0755 is
** octal and an unquoted 22:22 is the base-60 integer 1342.
**
** Patterns, written out by hand (no regex engine on this path):
**   core null  ~ null Null NULL (empty)
**   core bool  true True TRUE false False FALSE
**   core int   [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
**   core float [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.inf | \.nan
**   1.1 bool   y Y yes Yes YES n N no No NO true … false … on On ON off Off OFF
**   1.1 int    [-+]?(0b[01_]+ | 0x[0-9a-fA-F_]+ | 0[0-7_]+ | 0 | [1-9][0-9_]*
**                    | [1-9][0-9_]*(:[0-5]?[0-9])+)
**   1.1 float  [-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?
**              | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.inf | \.nan
** The 1.1 bools and ints are the yaml.org type pages' (y/n included, as
** in yaml.v2 and eemeli/yaml's 1.1 schema; PyYAML leaves y/n strings).
** The 1.1 floats are PyYAML's reading, since the type page's own pattern
** would take '1.2.3' for a float.  1.1 timestamps are left strings.
*/
#include "plimsoll/yaml.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char YAML_TAG[] = "tag:yaml.org,2002:";

static const char *const NULLS[] = {"~", "null", "Null", "NULL"};
static const char *const CORE_TRUE[] = {"true", "True", "TRUE"};
static const char *const CORE_FALSE[] = {"false", "False", "FALSE"};
static const char *const Y11_TRUE[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                                       "on", "On", "ON"};
static const char *const Y11_FALSE[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE",
                                        "off", "Off", "OFF"};
static const char *const INFS[] = {".inf", ".Inf", ".INF"};
static const char *const NANS[] = {".nan", ".NaN", ".NAN"};

/* s[0..n) is one of the words of list. */
static bool one_of(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}
#define ONE_OF(s, n, list) one_of((s), (n), (list), PL_ARRAY_LEN(list))

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
** Read s[0..n) as digits of base (with '_' allowed when underscores),
** accumulating into *acc (saturating, *overflow set).  False when a
** character is not such a digit or when there is no digit at all and
** need_digit is set.
*/
static bool digits(const char *s, size_t n, unsigned base, bool underscores, bool need_digit,
                   unsigned long long *acc, bool *overflow)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_' && underscores)
			continue;
		int d = digit_value(s[i]);
		if (d >= (int)base)
			return false;
		any = true;
		if (*acc > (ULLONG_MAX - (unsigned)d) / base) {
			*overflow = true;
			*acc = ULLONG_MAX;
		} else if (!*overflow) {
			*acc = *acc * base + (unsigned)d;
		}
	}
	return any || !need_digit;
}

/* Apply the sign to a magnitude, saturating to long long. */
static void set_int(pl_yaml_value *v, bool neg, unsigned long long mag, bool overflow)
{
	v->type = PL_YAML_TYPE_INT;
	v->overflow = overflow;
	if (neg) {
		if (mag > (unsigned long long)LLONG_MAX + 1) {
			v->overflow = true;
			v->i = LLONG_MIN;
		} else {
			v->i = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
		}
	} else if (mag > (unsigned long long)LLONG_MAX) {
		v->overflow = true;
		v->i = LLONG_MAX;
	} else {
		v->i = (long long)mag;
	}
}

/* Length of a leading '+' or '-' (0 or 1); *neg set for '-'. */
static size_t sign(const char *s, size_t n, bool *neg)
{
	*neg = n > 0 && s[0] == '-';
	return n > 0 && (s[0] == '-' || s[0] == '+');
}

/* core int -> [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static bool core_int(const char *s, size_t n, pl_yaml_value *v)
{
	unsigned long long acc = 0;
	bool overflow = false;
	if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		if (!digits(s + 2, n - 2, s[1] == 'o' ? 8 : 16, false, true, &acc, &overflow))
			return false;
		set_int(v, false, acc, overflow);
		return true;
	}
	bool neg;
	size_t k = sign(s, n, &neg);
	if (!digits(s + k, n - k, 10, false, true, &acc, &overflow))
		return false;
	set_int(v, neg, acc, overflow);
	return true;
}

/* Length of [0-9]+ (or [0-9_]* forms when underscores) at s, within n. */
static size_t span_digits(const char *s, size_t n, bool underscores)
{
	size_t i = 0;
	while (i < n && (is_digit(s[i]) || (underscores && s[i] == '_')))
		i++;
	return i;
}

/* s[0..n) to a double via strtod, without the '_'; the syntax is already checked. */
static double to_double(const char *s, size_t n)
{
	char small[128];
	char *buf = n < sizeof(small) ? small : pl_xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			buf[k++] = s[i];
	buf[k] = '\0';
	double d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return d;
}

/* [-+]?\.inf and \.nan, both schemas. */
static bool special_float(const char *s, size_t n, pl_yaml_value *v)
{
	bool neg;
	size_t k = sign(s, n, &neg);
	if (ONE_OF(s + k, n - k, INFS)) {
		v->type = PL_YAML_TYPE_FLOAT;
		v->f = neg ? -INFINITY : INFINITY;
		return true;
	}
	if (ONE_OF(s, n, NANS)) {
		v->type = PL_YAML_TYPE_FLOAT;
		v->f = NAN;
		return true;
	}
	return false;
}

/* Length of an exponent [eE][-+]?[0-9]+ at s (sign required when need_sign), or 0. */
static size_t exponent(const char *s, size_t n, bool need_sign)
{
	if (n < 2 || (s[0] != 'e' && s[0] != 'E'))
		return 0;
	size_t i = 1;
	if (s[i] == '+' || s[i] == '-')
		i++;
	else if (need_sign)
		return 0;
	size_t d = span_digits(s + i, n - i, false);
	return d ? i + d : 0;
}

/* core float -> [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool core_float(const char *s, size_t n, pl_yaml_value *v)
{
	if (special_float(s, n, v))
		return true;
	bool neg;
	size_t i = sign(s, n, &neg);
	size_t d = span_digits(s + i, n - i, false);
	i += d;
	if (i < n && s[i] == '.') {
		size_t f = span_digits(s + i + 1, n - i - 1, false);
		if (d == 0 && f == 0)
			return false;
		i += 1 + f;
	} else if (d == 0) {
		return false;
	}
	i += exponent(s + i, n - i, false);
	if (i != n)
		return false;
	v->type = PL_YAML_TYPE_FLOAT;
	v->f = to_double(s, n);
	return true;
}

/* 1.1 base 60 tail -> (:[0-5]?[0-9])+ ; folds the groups into *acc. */
static bool sexagesimal(const char *s, size_t n, unsigned long long *acc, bool *overflow)
{
	size_t i = 0;
	if (n == 0)
		return false;
	while (i < n) {
		if (s[i] != ':')
			return false;
		size_t d = span_digits(s + i + 1, n - i - 1, false);
		if (d == 0 || d > 2 || (d == 2 && s[i + 1] > '5'))
			return false;
		unsigned group = (unsigned)(d == 2 ? (s[i + 1] - '0') * 10 + (s[i + 2] - '0') : s[i + 1] - '0');
		if (*acc > (ULLONG_MAX - group) / 60) {
			*overflow = true;
			*acc = ULLONG_MAX;
		} else if (!*overflow) {
			*acc = *acc * 60 + group;
		}
		i += 1 + d;
	}
	return true;
}

/* 1.1 int (see the file comment) */
static bool y11_int(const char *s, size_t n, pl_yaml_value *v)
{
	bool neg;
	size_t k = sign(s, n, &neg);
	const char *r = s + k;
	size_t m = n - k;
	unsigned long long acc = 0;
	bool overflow = false;
	if (m == 0)
		return false;
	if (m > 2 && r[0] == '0' && (r[1] == 'b' || r[1] == 'x')) {
		/* 0b[01_]+ and 0x[0-9a-fA-F_]+: at least one character, '_' allowed alone */
		if (!digits(r + 2, m - 2, r[1] == 'b' ? 2 : 16, true, false, &acc, &overflow))
			return false;
	} else if (r[0] == '0') {
		/* 0 or 0[0-7_]+ */
		if (!digits(r + 1, m - 1, 8, true, false, &acc, &overflow))
			return false;
	} else if (r[0] >= '1' && r[0] <= '9') {
		size_t d = span_digits(r, m, true);
		if (!digits(r, d, 10, true, true, &acc, &overflow))
			return false;
		if (d < m && !sexagesimal(r + d, m - d, &acc, &overflow))
			return false;
	} else {
		return false;
	}
	set_int(v, neg, acc, overflow);
	return true;
}

/* 1.1 float (see the file comment) */
static bool y11_float(const char *s, size_t n, pl_yaml_value *v)
{
	if (special_float(s, n, v))
		return true;
	if (n > 1 && s[0] == '.') {
		/* \.[0-9_]+([eE][-+][0-9]+)? */
		size_t f = span_digits(s + 1, n - 1, true);
		if (f == 0 || 1 + f + exponent(s + 1 + f, n - 1 - f, true) != n)
			return false;
		v->type = PL_YAML_TYPE_FLOAT;
		v->f = to_double(s, n);
		return true;
	}
	bool neg;
	size_t i = sign(s, n, &neg);
	if (i >= n || !is_digit(s[i]))
		return false;
	size_t int_start = i;
	i += span_digits(s + i, n - i, true);
	size_t int_end = i;
	while (i < n && s[i] == ':') {
		/* base 60: (:[0-5]?[0-9])+ before the '.' */
		size_t d = span_digits(s + i + 1, n - i - 1, false);
		if (d == 0 || d > 2 || (d == 2 && s[i + 1] > '5'))
			return false;
		i += 1 + d;
	}
	bool base60 = i > int_end;
	if (i >= n || s[i] != '.')
		return false;
	i++;
	i += span_digits(s + i, n - i, true);
	if (!base60)
		i += exponent(s + i, n - i, true);
	if (i != n)
		return false;
	v->type = PL_YAML_TYPE_FLOAT;
	if (!base60) {
		v->f = to_double(s, n);
		return true;
	}
	/* 1:30.5 = 1*60 + 30.5, as PyYAML computes it */
	double acc = 0;
	size_t p = int_start;
	for (;;) {
		size_t q = p;
		while (q < n && s[q] != ':')
			q++;
		acc = acc * 60 + to_double(s + p, q - p);
		if (q >= n)
			break;
		p = q + 1;
	}
	v->f = neg ? -acc : acc;
	return true;
}

pl_yaml_type pl_yaml_resolve_plain(const char *s, size_t len, pl_yaml_schema schema,
                                   pl_yaml_value *out)
{
	pl_yaml_value v;
	memset(&v, 0, sizeof(v));
	bool y11 = schema == PL_YAML_11;
	if (len == 0 || ONE_OF(s, len, NULLS)) {
		v.type = PL_YAML_TYPE_NULL;
	} else if (y11 ? ONE_OF(s, len, Y11_TRUE) : ONE_OF(s, len, CORE_TRUE)) {
		v.type = PL_YAML_TYPE_BOOL;
		v.b = true;
	} else if (y11 ? ONE_OF(s, len, Y11_FALSE) : ONE_OF(s, len, CORE_FALSE)) {
		v.type = PL_YAML_TYPE_BOOL;
	} else if (y11 ? y11_int(s, len, &v) : core_int(s, len, &v)) {
		/* v is set */
	} else if (y11 ? y11_float(s, len, &v) : core_float(s, len, &v)) {
		/* v is set */
	} else {
		v.type = PL_YAML_TYPE_STR;
	}
	if (out)
		*out = v;
	return v.type;
}

pl_yaml_type pl_yaml_resolve(const pl_yaml_node *n, pl_yaml_schema schema, pl_yaml_value *out)
{
	pl_yaml_value v;
	memset(&v, 0, sizeof(v));
	if (!n || n->kind != PL_YAML_SCALAR) {
		if (out)
			*out = v;
		return PL_YAML_TYPE_NONE;
	}
	const char *s = n->as.scalar.value;
	size_t len = n->as.scalar.len;
	const char *tag = n->tag;
	if (tag && pl_str_starts(tag, YAML_TAG)) {
		const char *t = tag + strlen(YAML_TAG);
		pl_yaml_type want = strcmp(t, "str") == 0     ? PL_YAML_TYPE_STR
		                    : strcmp(t, "null") == 0  ? PL_YAML_TYPE_NULL
		                    : strcmp(t, "bool") == 0  ? PL_YAML_TYPE_BOOL
		                    : strcmp(t, "int") == 0   ? PL_YAML_TYPE_INT
		                    : strcmp(t, "float") == 0 ? PL_YAML_TYPE_FLOAT
		                                              : PL_YAML_TYPE_NONE;
		if (want == PL_YAML_TYPE_STR || want == PL_YAML_TYPE_NULL) {
			v.type = want;
		} else if (want != PL_YAML_TYPE_NONE) {
			pl_yaml_resolve_plain(s, len, schema, &v);
			if (want == PL_YAML_TYPE_FLOAT && v.type == PL_YAML_TYPE_INT) {
				v.type = PL_YAML_TYPE_FLOAT; /* !!float 1 is 1.0 */
				v.f = (double)v.i;
			}
			if (v.type != want) {
				memset(&v, 0, sizeof(v));
				v.type = PL_YAML_TYPE_STR; /* the tag's type cannot read it */
			}
		} else {
			v.type = PL_YAML_TYPE_STR; /* !!binary, !!timestamp, ...: not ours to read */
		}
	} else if (tag && strcmp(tag, "!") == 0) {
		v.type = PL_YAML_TYPE_STR; /* the non-specific tag: a string */
	} else if (n->style == PL_YAML_PLAIN) {
		pl_yaml_resolve_plain(s, len, schema, &v); /* untagged, or a local tag (!reset) */
	} else {
		v.type = PL_YAML_TYPE_STR;
	}
	if (out)
		*out = v;
	return v.type;
}

const char *pl_yaml_type_name(pl_yaml_type t)
{
	switch (t) {
	case PL_YAML_TYPE_NONE:
		return "none";
	case PL_YAML_TYPE_NULL:
		return "null";
	case PL_YAML_TYPE_BOOL:
		return "bool";
	case PL_YAML_TYPE_INT:
		return "int";
	case PL_YAML_TYPE_FLOAT:
		return "float";
	case PL_YAML_TYPE_STR:
		return "str";
	}
	return "none";
}
