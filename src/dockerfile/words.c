/*
** Words of instruction arguments: BuildKit's whitespace and quote
** splitting (parser/line_parsers.go parseWords) and the JSON arrays of
** the exec form (encoding/json rules: strings with escapes, whitespace
** between tokens, nothing after the closing bracket).
*/
#include "df.h"

#include <string.h>

/*
** words -> { blank } { word { blank } }
** word  -> { plain | esc any | '...' | "..." (esc any inside) }
*/
bool pl_df__next_word(const char *s, size_t *pos, size_t hi, char esc, pl_df__tok *t)
{
	size_t i = *pos;
	while (i < hi && pl_df__is_space(s[i]))
		i++;
	if (i >= hi) {
		*pos = i;
		return false;
	}
	pl_df__tok w = {i, i, false, false, false};
	char quote = 0;
	while (i < hi) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == esc && quote != '\'' && i + 1 < hi)
				i++; /* the escaped byte cannot close the quote */
			else if (pl_df__is_space(c))
				w.quoted_space = true;
			i++;
			continue;
		}
		if (pl_df__is_space(c))
			break;
		if (c == '\'' || c == '"') {
			quote = c;
			w.quoted = true;
		} else if (c == esc && i + 1 < hi) {
			i++; /* keep the escaped byte, even a quote or a blank */
		}
		i++;
	}
	w.hi = i;
	w.open_quote = quote != 0;
	*t = w;
	*pos = i;
	return true;
}

/* ---- JSON ----------------------------------------------------------- */

#define JSON_MAX_DEPTH 64 /* deeper nesting is treated as not JSON (bounded recursion) */

static size_t json_ws(const char *s, size_t i, size_t hi)
{
	while (i < hi && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* string -> '"' { char | '\' escape } '"'.  Returns the offset after it, or 0 if invalid. */
static size_t json_string(const char *s, size_t i, size_t hi)
{
	if (i >= hi || s[i] != '"')
		return 0;
	for (i++; i < hi; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			return i + 1;
		if (c < 0x20)
			return 0; /* control characters must be escaped */
		if (c != '\\')
			continue;
		if (++i >= hi)
			return 0;
		if (s[i] == 'u') {
			for (int k = 0; k < 4; k++)
				if (++i >= hi || !is_hex(s[i]))
					return 0;
		} else if (!strchr("\"\\/bfnrt", s[i]) || s[i] == '\0') {
			return 0;
		}
	}
	return 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* number -> '-'? int frac? exp?  Returns the offset after it, or 0. */
static size_t json_number(const char *s, size_t i, size_t hi)
{
	if (i < hi && s[i] == '-')
		i++;
	if (i >= hi || !is_digit(s[i]))
		return 0;
	if (s[i] == '0')
		i++;
	else
		while (i < hi && is_digit(s[i]))
			i++;
	if (i < hi && s[i] == '.') {
		if (++i >= hi || !is_digit(s[i]))
			return 0;
		while (i < hi && is_digit(s[i]))
			i++;
	}
	if (i < hi && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < hi && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= hi || !is_digit(s[i]))
			return 0;
		while (i < hi && is_digit(s[i]))
			i++;
	}
	return i;
}

/* value -> string | number | object | array | true | false | null.  Offset after it, or 0. */
static size_t json_value(const char *s, size_t i, size_t hi, int depth)
{
	if (i >= hi || depth > JSON_MAX_DEPTH)
		return 0;
	switch (s[i]) {
	case '"':
		return json_string(s, i, hi);
	case '[':
	case '{': {
		char close = s[i] == '[' ? ']' : '}';
		bool object = close == '}';
		i = json_ws(s, i + 1, hi);
		if (i < hi && s[i] == close)
			return i + 1;
		for (;;) {
			if (object) {
				i = json_string(s, i, hi);
				if (!i)
					return 0;
				i = json_ws(s, i, hi);
				if (i >= hi || s[i] != ':')
					return 0;
				i = json_ws(s, i + 1, hi);
			}
			i = json_value(s, i, hi, depth + 1);
			if (!i)
				return 0;
			i = json_ws(s, i, hi);
			if (i < hi && s[i] == close)
				return i + 1;
			if (i >= hi || s[i] != ',')
				return 0;
			i = json_ws(s, i + 1, hi);
		}
	}
	case 't':
		return hi - i >= 4 && memcmp(s + i, "true", 4) == 0 ? i + 4 : 0;
	case 'f':
		return hi - i >= 5 && memcmp(s + i, "false", 5) == 0 ? i + 5 : 0;
	case 'n':
		return hi - i >= 4 && memcmp(s + i, "null", 4) == 0 ? i + 4 : 0;
	default:
		return json_number(s, i, hi);
	}
}

/* array -> '[' [ value { ',' value } ] ']' with nothing but whitespace after it. */
int pl_df__json_array(pl_arena *a, const char *s, size_t lo, size_t hi, pl_df__toks *out)
{
	size_t i = json_ws(s, lo, hi);
	if (i >= hi || s[i] != '[')
		return PL_DF__JSON_BAD;
	size_t end = json_value(s, i, hi, 0);
	if (!end || json_ws(s, end, hi) != hi)
		return PL_DF__JSON_BAD;
	/* Valid JSON: collect the elements, which must all be strings. */
	out->n = 0;
	i = json_ws(s, i + 1, hi);
	while (i < end - 1) {
		size_t e = json_value(s, i, hi, 1);
		PL_ASSERT(e != 0); /* the whole array was validated above */
		if (s[i] != '"')
			return PL_DF__JSON_NOT_STRING;
		pl_df__tok t = {i, e, false, false, false};
		*PL_VEC_PUSH(a, out) = t;
		i = json_ws(s, e, hi);
		if (s[i] == ',')
			i = json_ws(s, i + 1, hi);
	}
	return PL_DF__JSON_OK;
}

static unsigned hex4(const char *s)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		unsigned d = c <= '9' ? (unsigned)(c - '0') : c <= 'F' ? (unsigned)(c - 'A' + 10) : (unsigned)(c - 'a' + 10);
		v = v * 16 + d;
	}
	return v;
}

/* Append code point cp as UTF-8 to buf at *n; returns the byte count. */
static size_t put_utf8(char *buf, size_t *n, unsigned cp)
{
	size_t k = *n;
	if (cp < 0x80) {
		buf[k++] = (char)cp;
	} else if (cp < 0x800) {
		buf[k++] = (char)(0xC0 | (cp >> 6));
		buf[k++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		buf[k++] = (char)(0xE0 | (cp >> 12));
		buf[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[k++] = (char)(0x80 | (cp & 0x3F));
	} else {
		buf[k++] = (char)(0xF0 | (cp >> 18));
		buf[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		buf[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[k++] = (char)(0x80 | (cp & 0x3F));
	}
	size_t wrote = k - *n;
	*n = k;
	return wrote;
}

char *pl_df__json_decode(pl_arena *a, const char *s, size_t n, pl_df__segs *segs)
{
	PL_ASSERT(n >= 2 && s[0] == '"' && s[n - 1] == '"'); /* a token from pl_df__json_array */
	char *out = pl_arena_alloc(a, n); /* decoding never grows the text */
	size_t k = 0, i = 1, run = 1;     /* run: start of the current unescaped stretch */
	while (i < n - 1) {
		if (s[i] != '\\') {
			i++;
			continue;
		}
		if (i > run) {
			if (segs) {
				pl_textmap_seg *g = PL_VEC_PUSH(a, segs);
				g->lo = k, g->phys = run, g->len = i - run;
			}
			memcpy(out + k, s + run, i - run);
			k += i - run;
		}
		size_t at = i, before = k;
		char c = s[i + 1];
		i += 2;
		switch (c) {
		case 'b': out[k++] = '\b'; break;
		case 'f': out[k++] = '\f'; break;
		case 'n': out[k++] = '\n'; break;
		case 'r': out[k++] = '\r'; break;
		case 't': out[k++] = '\t'; break;
		case 'u': {
			unsigned cp = hex4(s + i);
			i += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && i + 6 <= n - 1 && s[i] == '\\' && s[i + 1] == 'u') {
				unsigned lo = hex4(s + i + 2);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				}
			}
			if (cp >= 0xD800 && cp < 0xE000)
				cp = 0xFFFD; /* a lone surrogate, as Go decodes it */
			put_utf8(out, &k, cp);
			break;
		}
		default: out[k++] = c; break; /* " \ / */
		}
		if (segs) { /* the decoded bytes map into the escape, never longer than it */
			pl_textmap_seg *g = PL_VEC_PUSH(a, segs);
			g->lo = before, g->phys = at, g->len = k - before;
		}
		run = i;
	}
	if (i > run) {
		if (segs) {
			pl_textmap_seg *g = PL_VEC_PUSH(a, segs);
			g->lo = k, g->phys = run, g->len = i - run;
		}
		memcpy(out + k, s + run, i - run);
		k += i - run;
	}
	out[k] = '\0';
	return out;
}
