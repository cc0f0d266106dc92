/* Path globs (see glob.h). */
#include "glob.h"

#include <string.h>

/* One '/'-free piece of a pattern or a path. */
typedef struct seg {
	const char *s;
	size_t n;
} seg;

enum { MAX_SEGS = 128 }; /* deeper paths are not matched (no real project nests so far) */

/* Split s[0..n) at '/' into v (empty pieces dropped); the count, or MAX_SEGS + 1 when too many. */
static size_t split(const char *s, size_t n, seg *v)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] != '/')
			j++;
		if (j > i) {
			if (k == MAX_SEGS)
				return MAX_SEGS + 1;
			v[k++] = (seg){s + i, j - i};
		}
		i = j + 1;
	}
	return k;
}

/*
** The set at p[0..] ("[…]") holds c; *len gets the set's length.  A set
** that is never closed is not a set: it matches '[' itself (*len 1).
*/
static bool set_has(const char *p, size_t avail, char c, size_t *len)
{
	size_t i = 1;
	bool neg = i < avail && (p[i] == '!' || p[i] == '^');
	if (neg)
		i++;
	bool hit = false;
	size_t start = i;
	while (i < avail && (p[i] != ']' || i == start)) {
		char lo = p[i], hi = lo;
		if (lo == '\\' && i + 1 < avail)
			lo = hi = p[++i];
		if (i + 2 < avail && p[i + 1] == '-' && p[i + 2] != ']') {
			hi = p[i + 2];
			if (hi == '\\' && i + 3 < avail)
				hi = p[++i + 2];
			i += 2;
		}
		if (lo <= c && c <= hi)
			hit = true;
		i++;
	}
	if (i >= avail) {
		*len = 1;
		return c == '[';
	}
	*len = i + 1;
	return hit != neg;
}

/* One pattern segment against one path segment: '*', '?', sets, escapes (two pointers, one backtrack point). */
static bool seg_match(seg p, seg t)
{
	size_t pi = 0, ti = 0, star_p = SIZE_MAX, star_t = 0;
	while (ti < t.n) {
		if (pi < p.n && p.s[pi] == '*') {
			star_p = ++pi;
			star_t = ti;
			continue;
		}
		if (pi < p.n) {
			size_t len = 1;
			bool ok;
			if (p.s[pi] == '?')
				ok = true;
			else if (p.s[pi] == '[')
				ok = set_has(p.s + pi, p.n - pi, t.s[ti], &len);
			else if (p.s[pi] == '\\' && pi + 1 < p.n)
				ok = p.s[pi + 1] == t.s[ti], len = 2;
			else
				ok = p.s[pi] == t.s[ti];
			if (ok) {
				pi += len;
				ti++;
				continue;
			}
		}
		if (star_p == SIZE_MAX)
			return false;
		pi = star_p; /* let the last '*' take one more character */
		ti = ++star_t;
	}
	while (pi < p.n && p.s[pi] == '*')
		pi++;
	return pi == p.n;
}

static bool is_globstar(seg p)
{
	return p.n == 2 && p.s[0] == '*' && p.s[1] == '*';
}

/* Pattern segments pv[0..np) against path segments tv[0..nt): '**' takes any number (two pointers). */
static bool segs_match(const seg *pv, size_t np, const seg *tv, size_t nt)
{
	size_t pi = 0, ti = 0, star_p = SIZE_MAX, star_t = 0;
	while (ti < nt) {
		if (pi < np && is_globstar(pv[pi])) {
			star_p = ++pi;
			star_t = ti;
			continue;
		}
		if (pi < np && seg_match(pv[pi], tv[ti])) {
			pi++;
			ti++;
			continue;
		}
		if (star_p == SIZE_MAX)
			return false;
		pi = star_p;
		ti = ++star_t;
	}
	while (pi < np && is_globstar(pv[pi]))
		pi++;
	return pi == np;
}

bool pl_glob__match(const char *pattern, const char *path, bool is_dir, bool or_folders)
{
	size_t plen = strlen(pattern);
	bool dir_only = plen && pattern[plen - 1] == '/';
	while (plen && pattern[plen - 1] == '/')
		plen--;
	bool anchored = false;
	while (plen && (pattern[0] == '/' || (pattern[0] == '.' && plen > 1 && pattern[1] == '/'))) {
		anchored = true;
		size_t skip = pattern[0] == '/' ? 1 : 2;
		pattern += skip;
		plen -= skip;
	}
	if (!plen)
		return false;
	anchored = anchored || memchr(pattern, '/', plen) != NULL;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	seg pv[MAX_SEGS], tv[MAX_SEGS];
	size_t np = split(pattern, plen, pv), nt = split(path, strlen(path), tv);
	if (np > MAX_SEGS || nt > MAX_SEGS || nt == 0)
		return false;
	if (!anchored) {
		/* A name: the last segment, or with or_folders any (the last is a folder only when the path is). */
		for (size_t i = or_folders ? 0 : nt - 1; i < nt; i++)
			if ((!dir_only || i + 1 < nt || is_dir) && seg_match(pv[0], tv[i]))
				return true;
		return false;
	}
	/* The path itself, or with or_folders a folder it is in: a leading run of its segments. */
	for (size_t k = or_folders ? 1 : nt; k <= nt; k++)
		if ((!dir_only || k < nt || is_dir) && segs_match(pv, np, tv, k))
			return true;
	return false;
}

int pl_glob__check(const char *pattern, const char **why)
{
	size_t n = strlen(pattern);
	if (!n) {
		*why = "an empty pattern matches nothing";
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (pattern[i] == '\\') {
			i++;
		} else if (pattern[i] == '[') {
			size_t len;
			(void)set_has(pattern + i, n - i, 'a', &len);
			if (len == 1) {
				*why = "'[' opens a set that is never closed (write '\\[' for the character)";
				return -1;
			}
			if (memchr(pattern + i, '/', len)) {
				*why = "a set '[…]' cannot hold '/'";
				return -1;
			}
			i += len - 1;
		} else if (pattern[i] == '*' && i + 2 < n && pattern[i + 1] == '*' && pattern[i + 2] != '/' &&
		           (i == 0 || pattern[i - 1] == '/')) {
			*why = "'**' must be a whole segment, as in 'a/**/b' or '**/*.yaml'";
			return -1;
		}
	}
	return 0;
}
