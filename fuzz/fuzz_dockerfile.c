/*
** Fuzz the Dockerfile front end: lexer (directives, escapes,
** continuations, heredocs), parser, the shell parser it calls for RUN,
** CMD and friends, and the AST dump (which walks every node and span).
*/
#include "fuzz.h"

#include "dump.h"
#include "plimsoll/dockerfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pl_arena a;
	pl_arena_init(&a);
	pl_source src;
	pl_source_init(&src, &a, "Dockerfile", (const char *)data, size);
	pl_dockerfile df;
	pl_dockerfile_parse(&df, &a, &src);
	pl_dump_dockerfile(fuzz_null(), &df);
	pl_arena_free(&a);
	return 0;
}
