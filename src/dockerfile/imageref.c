/*
** Image references as Docker reads them (distribution/reference,
** splitDockerDomain): [registry/]path[:tag][@digest].  The first path
** component is a registry when there is another component after it and
** it contains '.' or ':', is "localhost", or has an uppercase letter.
*/
#include "df.h"

#include <string.h>

static bool names_registry(const char *s, size_t n)
{
	if (n == 9 && memcmp(s, "localhost", 9) == 0)
		return true;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == ':' || (s[i] >= 'A' && s[i] <= 'Z'))
			return true;
	return false;
}

/* imageref -> [registry '/'] path [':' tag] ['@' digest] */
void pl_df_imageref_parse(pl_df_imageref *ref, pl_arena *arena, const char *text)
{
	memset(ref, 0, sizeof(*ref));
	if (!text)
		text = "";
	ref->text = pl_arena_strdup(arena, text);
	ref->has_vars = strchr(text, '$') != NULL;
	ref->scratch = strcmp(text, "scratch") == 0;

	size_t n = strlen(text);
	const char *at = memchr(text, '@', n);
	if (at) {
		ref->digest = pl_arena_strdup(arena, at + 1);
		n = (size_t)(at - text);
	}
	const char *s = text;
	const char *slash = memchr(s, '/', n);
	if (slash && names_registry(s, (size_t)(slash - s))) {
		ref->registry = pl_arena_strndup(arena, s, (size_t)(slash - s));
		n -= (size_t)(slash + 1 - s);
		s = slash + 1;
	}
	/* The tag is after the last ':' of the last component. */
	size_t last = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			last = i + 1;
	const char *colon = NULL;
	for (size_t i = last; i < n; i++)
		if (s[i] == ':')
			colon = s + i;
	if (colon) {
		ref->tag = pl_arena_strndup(arena, colon + 1, n - (size_t)(colon + 1 - s));
		n = (size_t)(colon - s);
	}
	ref->path = pl_arena_strndup(arena, s, n);
	ref->name = pl_arena_strndup(arena, s + last, n > last ? n - last : 0);
}
