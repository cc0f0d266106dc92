/* Placeholder for the shell parser (being built on its own branch). */
#include "dump.h"
#include "plimsoll/shell.h"

pl_sh_script *pl_sh_parse(pl_arena *arena, const char *text, size_t len, const pl_textmap *map,
                          unsigned opts)
{
	(void)text, (void)len, (void)map, (void)opts;
	return pl_arena_alloc(arena, sizeof(pl_sh_script));
}

void pl_dump_shell(FILE *out, const pl_source *src, const pl_sh_script *sh, int indent)
{
	(void)src, (void)sh, (void)indent;
	fputs("(script)\n", out);
}
