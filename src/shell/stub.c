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

bool pl_sh_cmd_is(const pl_sh_cmd *c, const char *name) { (void)c, (void)name; return false; }
size_t pl_sh_cmd_argc(const pl_sh_cmd *c) { (void)c; return 0; }
const pl_sh_word *pl_sh_cmd_arg(const pl_sh_cmd *c, size_t i) { (void)c, (void)i; return NULL; }
bool pl_sh_cmd_has_arg(const pl_sh_cmd *c, const char *s) { (void)c, (void)s; return false; }
bool pl_sh_cmd_has_flag(const pl_sh_cmd *c, const char *f) { (void)c, (void)f; return false; }
size_t pl_sh_cmd_nonflags(const pl_sh_cmd *c, const pl_sh_word **out, size_t max)
{
	(void)c, (void)out, (void)max;
	return 0;
}
bool pl_sh_cmd_subcommand_is(const pl_sh_cmd *c, const char *s) { (void)c, (void)s; return false; }
