/* The option table: PL_OPTION_LIST expanded once, for cli.c and tools/gen_docs.c. */
#include "cli_options.h"

#include "plimsoll/base.h"

const pl_cli_option pl_cli_options[] = {
#define PL__X(id, s, l, a, h) {s, l, a, h},
	PL_OPTION_LIST(PL__X)
#undef PL__X
};

const size_t pl_cli_noptions = PL_ARRAY_LEN(pl_cli_options);
