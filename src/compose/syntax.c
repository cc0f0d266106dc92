/*
** Compose's small languages, read as the Go code Compose runs reads
** them: port specs (docker/go-connections nat.ParsePortSpec), volume
** specs (compose-go format.ParseVolume), Go durations
** (time.ParseDuration), restart policies, and the string casts of
** compose-go's interpolation (strconv.ParseInt, ParseFloat, toBoolean).
** Pure functions over bytes; nothing is allocated.
*/
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* ------------------------------------------------------------------ */
/* IP addresses (Go net.ParseIP: no zones, no leading zeros in IPv4).   */

static bool ipv4_ok(const char *s, size_t n)
{
	size_t i = 0;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.')
				return false;
			i++;
		}
		size_t st = i;
		unsigned v = 0;
		while (i < n && is_digit(s[i]) && i - st < 4)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == st || i - st > 3 || v > 255 || (i - st > 1 && s[st] == '0'))
			return false;
	}
	return i == n;
}

static bool ipv6_ok(const char *s, size_t n)
{
	size_t i = 0;
	int groups = 0;
	bool gap = false;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = true;
		i = 2;
		if (i == n)
			return true;
	} else if (n && s[0] == ':') {
		return false;
	}
	while (i < n) {
		size_t st = i;
		while (i < n && is_hex(s[i]) && i - st < 5)
			i++;
		if (i < n && s[i] == '.') {
			/* an embedded IPv4 address ends it */
			return groups <= (gap ? 5 : 6) && ipv4_ok(s + st, n - st) && (gap || groups == 6);
		}
		if (i == st || i - st > 4)
			return false;
		groups++;
		if (i == n)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return false;
			gap = true;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false; /* a trailing single ':' */
		}
	}
	return gap ? groups < 8 : groups == 8;
}

static bool ip_ok(const char *s, size_t n)
{
	return ipv4_ok(s, n) || ipv6_ok(s, n);
}

/* ------------------------------------------------------------------ */
/* Ports.                                                               */

/* strconv.ParseUint(s, 10, 16): digits only, at most 65535. */
static int port_number(const char *s, size_t n, unsigned *out)
{
	if (n == 0)
		return -1;
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (unsigned long)(s[i] - '0');
		if (v > 65535)
			return -2;
	}
	*out = (unsigned)v;
	return 0;
}

typedef struct range_err {
	const char *error;
	const char *hint;
	size_t off, len; /* relative to the range text */
} range_err;

/* nat.ParsePortRange: "port" or "lo-hi" (a third part is ignored, as there). */
static int port_range(const char *s, size_t n, unsigned *lo, unsigned *hi, range_err *e)
{
	const char *dash = memchr(s, '-', n);
	size_t a = dash ? (size_t)(dash - s) : n;
	int rc = port_number(s, a, lo);
	if (rc < 0) {
		e->error = rc == -2 ? "out-of-range port" : "invalid port number";
		e->hint = rc == -2 ? " (ports go from 0 to 65535)" : "";
		e->off = 0;
		e->len = a;
		return -1;
	}
	if (!dash) {
		*hi = *lo;
		return 0;
	}
	const char *b = dash + 1;
	const char *dash2 = memchr(b, '-', n - a - 1);
	size_t bn = dash2 ? (size_t)(dash2 - b) : n - a - 1;
	rc = port_number(b, bn, hi);
	if (rc < 0) {
		e->error = rc == -2 ? "out-of-range port" : "invalid port number";
		e->hint = rc == -2 ? " (ports go from 0 to 65535)" : "";
		e->off = a + 1;
		e->len = bn;
		return -1;
	}
	if (*hi < *lo) {
		e->error = "invalid port range";
		e->hint = " (the range ends before it starts)";
		e->off = 0;
		e->len = n;
		return -1;
	}
	return 0;
}

static bool protocol_ok(const char *s, size_t n)
{
	return pl_strn_ieq(s, n, "tcp") || pl_strn_ieq(s, n, "udp") || pl_strn_ieq(s, n, "sctp");
}

/* Record what is wrong with the part [off, off+len) of a spec; returns -1. */
static int fail_at(const char **error, const char **hint, size_t *err_off, size_t *err_len,
                   const char *why, const char *why_hint, size_t off, size_t len)
{
	*error = why;
	*hint = why_hint;
	*err_off = off;
	*err_len = len;
	return -1;
}

#define port_fail(o, w, h, at, n) \
	fail_at(&(o)->error, &(o)->hint, &(o)->err_off, &(o)->err_len, (w), (h), (at), (n))

int pl_compose_parse_port(const char *s, size_t len, pl_compose_port_spec *o)
{
	/* port -> [[ip ':'] [range] ':'] range ['/' proto] ;  range -> n ['-' n] */
	memset(o, 0, sizeof(*o));
	o->hint = "";
	/* SplitProtoPort: the part after the first '/' (up to a second one) is the protocol. */
	const char *slash = memchr(s, '/', len);
	size_t plen = slash ? (size_t)(slash - s) : len;
	if (slash) {
		size_t ps = plen + 1, pe = ps;
		while (pe < len && s[pe] != '/')
			pe++;
		o->proto_off = ps;
		o->proto_len = pe - ps;
	}
	if (plen == 0)
		return port_fail(o, "no container port", "", 0, 0);
	/* splitParts: the last ':' part is the container port, the one before the host port. */
	const char *last = NULL, *prev = NULL;
	for (size_t i = 0; i < plen; i++) {
		if (s[i] == ':') {
			prev = last;
			last = s + i;
		}
	}
	size_t cs = last ? (size_t)(last - s) + 1 : 0;
	size_t hs = 0, he = 0, is = 0, ie = 0;
	if (last) {
		hs = prev ? (size_t)(prev - s) + 1 : 0;
		he = (size_t)(last - s);
		if (prev) {
			is = 0;
			ie = (size_t)(prev - s);
		}
	}
	if (ie > is) {
		size_t a = is, b = ie;
		if (s[a] == '[' && s[b - 1] == ']' && b - a >= 2) {
			a++;
			b--;
		}
		if (!ip_ok(s + a, b - a))
			return port_fail(o, "invalid host IP address", "", is, ie - is);
		o->ip_off = a;
		o->ip_len = b - a;
	}
	if (cs >= plen)
		return port_fail(o, "no container port", "", plen, 0);
	range_err e = {0};
	if (port_range(s + cs, plen - cs, &o->target_lo, &o->target_hi, &e) < 0)
		return port_fail(o, e.error, e.hint, cs + e.off, e.len);
	if (he > hs) {
		if (port_range(s + hs, he - hs, &o->published_lo, &o->published_hi, &e) < 0)
			return port_fail(o, e.error, e.hint, hs + e.off, e.len);
		o->has_published = true;
		if (o->target_hi != o->target_lo
		    && o->published_hi - o->published_lo != o->target_hi - o->target_lo)
			return port_fail(o, "host and container port ranges differ in size", "", hs,
			                 plen - hs);
	}
	if (slash && o->proto_len && !protocol_ok(s + o->proto_off, o->proto_len))
		return port_fail(o, "unknown protocol", " (expected 'tcp', 'udp' or 'sctp')",
		                 o->proto_off, o->proto_len);
	return 0;
}

const char *pl_compose_parse_expose(const char *s, size_t len, size_t *off, size_t *olen)
{
	/* expose -> range ['/' proto] */
	const char *slash = memchr(s, '/', len);
	size_t plen = slash ? (size_t)(slash - s) : len;
	const char *colon = memchr(s, ':', plen);
	if (colon) {
		*off = 0;
		*olen = (size_t)(colon - s) + 1;
		return "'expose' takes container ports only (publish host ports with 'ports')";
	}
	unsigned lo, hi;
	range_err e = {0};
	if (port_range(s, plen, &lo, &hi, &e) < 0) {
		*off = e.off;
		*olen = e.len;
		return e.error;
	}
	if (slash && len > plen + 1 && !protocol_ok(slash + 1, len - plen - 1)) {
		*off = plen + 1;
		*olen = len - plen - 1;
		return "unknown protocol";
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Volumes.                                                             */

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* format.isFilePath: '.', '/', '~', '\\\\' or a drive letter make a bind mount. */
static bool is_path(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (s[0] == '.' || s[0] == '/' || s[0] == '~')
		return true;
	if (n >= 2 && s[0] == '\\' && s[1] == '\\')
		return true;
	return n >= 2 && is_letter(s[0]) && s[1] == ':';
}

#define vol_fail(o, w, h, at, n) \
	fail_at(&(o)->error, &(o)->hint, &(o)->err_off, &(o)->err_len, (w), (h), (at), (n))

int pl_compose_parse_volume(const char *s, size_t len, pl_compose_volume_spec *o)
{
	/* volume -> [source ':'] target [':' option {',' option}]  (':' inside ${…} and after a drive letter is text) */
	memset(o, 0, sizeof(*o));
	o->hint = "";
	if (len == 0)
		return vol_fail(o, "empty volume", "", 0, 0);
	if (len <= 2) {
		o->dst_off = 0;
		o->dst_len = len;
		return 0;
	}
	bool have_src = false, have_dst = false;
	size_t start = 0;  /* start of the current section */
	int subst = 0;     /* open ${ … } */
	for (size_t i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '\0';
		if (c == '$' && i + 1 < len && s[i + 1] == '{') {
			subst++;
			continue;
		}
		if (c == '}' && subst > 0) {
			subst--;
			continue;
		}
		if (c == ':' && i - start == 1 && is_letter(s[start]))
			continue; /* a Windows drive: C:\data */
		if ((c != ':' && i < len) || subst > 0)
			continue;
		size_t n = i - start;
		if (n == 0)
			return vol_fail(o, "empty section between colons", "", start ? start - 1 : 0, 1);
		if (!have_src && i == len) {
			o->dst_off = start;
			o->dst_len = n;
			have_dst = true;
		} else if (!have_src) {
			o->src_off = start;
			o->src_len = n;
			have_src = true;
		} else if (!have_dst) {
			o->dst_off = start;
			o->dst_len = n;
			have_dst = true;
		} else if (c == ':') {
			return vol_fail(o, "too many colons", " (expected 'source:target:options')", i, 1);
		} else {
			o->opt_off = start;
			o->opt_len = n;
		}
		start = i + 1;
	}
	o->bind = is_path(s + o->src_off, o->src_len);
	return 0;
}

const char *pl_compose_volume_options(const char *s, size_t len, size_t *off, size_t *olen)
{
	static const char *const known[] = {"ro", "rw", "nocopy", "z", "Z", "rprivate", "private",
	                                    "rshared", "shared", "rslave", "slave", "cached",
	                                    "delegated", "consistent"};
	size_t i = 0;
	while (i <= len) {
		size_t e = i;
		while (e < len && s[e] != ',')
			e++;
		bool ok = false;
		for (size_t k = 0; k < PL_ARRAY_LEN(known) && !ok; k++)
			ok = strlen(known[k]) == e - i && memcmp(known[k], s + i, e - i) == 0;
		if (!ok) {
			*off = i;
			*olen = e - i;
			return "unknown volume option";
		}
		i = e + 1;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Durations, restart policies.                                         */

int pl_compose_parse_duration(const char *s, long long *ns)
{
	/* duration -> ['-'|'+'] ('0' | (digits ['.' digits] unit)+) ;  unit -> ns us µs ms s m h */
	static const struct {
		const char *unit;
		double ns;
	} units[] = {{"ns", 1}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"\xCE\xBCs", 1e3}, {"ms", 1e6},
	             {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (strcmp(p, "0") == 0) {
		*ns = 0;
		return 0;
	}
	if (!*p)
		return -1;
	double total = 0;
	while (*p) {
		const char *st = p;
		double v = 0;
		while (is_digit(*p))
			v = v * 10 + (*p++ - '0');
		bool digits = p > st;
		if (*p == '.') {
			p++;
			double scale = 0.1;
			while (is_digit(*p)) {
				v += (*p++ - '0') * scale;
				scale /= 10;
				digits = true;
			}
		}
		if (!digits)
			return -1;
		size_t best = 0;
		double mul = 0;
		for (size_t k = 0; k < PL_ARRAY_LEN(units); k++) {
			size_t n = strlen(units[k].unit);
			if (strncmp(p, units[k].unit, n) == 0 && n > best) {
				best = n;
				mul = units[k].ns;
			}
		}
		if (!best)
			return -1; /* a number without a unit, or an unknown unit */
		p += best;
		total += v * mul;
		if (total > 9.2e18)
			return -1; /* time.Duration overflows */
	}
	*ns = (long long)(neg ? -total : total);
	return 0;
}

bool pl_compose_restart_ok(const char *s)
{
	/* restart -> 'no' | 'always' | 'unless-stopped' | 'on-failure' [':' digits] */
	if (strcmp(s, "no") == 0 || strcmp(s, "always") == 0 || strcmp(s, "unless-stopped") == 0
	    || strcmp(s, "on-failure") == 0)
		return true;
	if (strncmp(s, "on-failure:", 11) != 0 || !s[11])
		return false;
	for (const char *p = s + 11; *p; p++)
		if (!is_digit(*p))
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Casts.                                                               */

int pl_compose__cast(int cast, const char *s, pl_yaml_value *out)
{
	memset(out, 0, sizeof(*out));
	switch (cast) {
	case PL_CS_CAST_INT: {
		const char *p = s;
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return -1;
		for (const char *q = p; *q; q++)
			if (!is_digit(*q))
				return -1;
		errno = 0;
		long long v = strtoll(s, NULL, 10);
		if (errno == ERANGE)
			return -1;
		out->type = PL_YAML_TYPE_INT;
		out->i = v;
		return 0;
	}
	case PL_CS_CAST_FLOAT: {
		if (!*s || *s == ' ' || *s == '\t' || *s == '\n')
			return -1;
		char *end;
		errno = 0;
		double v = strtod(s, &end);
		if (*end || errno == ERANGE)
			return -1;
		out->type = PL_YAML_TYPE_FLOAT;
		out->f = v;
		return 0;
	}
	case PL_CS_CAST_BOOL: {
		static const char *const yes[] = {"true", "y", "yes", "on"};
		static const char *const no[] = {"false", "n", "no", "off"};
		for (size_t i = 0; i < PL_ARRAY_LEN(yes); i++) {
			if (pl_str_ieq(s, yes[i]) || pl_str_ieq(s, no[i])) {
				out->type = PL_YAML_TYPE_BOOL;
				out->b = pl_str_ieq(s, yes[i]);
				return 0;
			}
		}
		return -1;
	}
	default:
		return -1;
	}
}
