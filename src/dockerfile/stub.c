/* Placeholder for the Dockerfile front end (being built on its own branch). */
#include <string.h>

#include "dump.h"
#include "plimsoll/dockerfile.h"

void pl_dockerfile_parse(pl_dockerfile *df, pl_arena *arena, const pl_source *src)
{
	(void)arena;
	memset(df, 0, sizeof(*df));
	df->src = src;
	df->escape = '\\';
}

const char *pl_instr_keyword(pl_instr_kind k)
{
	(void)k;
	return "UNKNOWN";
}

void pl_dump_dockerfile(FILE *out, const pl_dockerfile *df)
{
	(void)df;
	fputs("(dockerfile)\n", out);
}

const pl_df_flag *pl_df_flag_find(const pl_df_instr *in, const char *name)
{
	(void)in, (void)name;
	return NULL;
}
