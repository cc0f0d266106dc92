/*
** Fuzz the POSIX shell parser on its own (the text of a RUN), with and
** without nested sh -c parsing and external heredoc bodies, then dump
** the tree.  The first byte picks the options.
*/
#include "fuzz.h"

#include "dump.h"
#include "plimsoll/shell.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned opts = data[0] & (PL_SH_NO_NESTED | PL_SH_EXTERNAL_HEREDOCS);
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "script", (const char *)data + 1, size - 1);
	pl_sh_script *sh = pl_sh_parse(&a, src.text, src.len, NULL, opts);
	pl_dump_shell(fuzz_null(), &src, sh, 0);
	pl_arena_free(&a);
	return 0;
}
