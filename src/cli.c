/* Placeholder until the CLI lands (spine issue). */
#include "cli.h"

#include <stdio.h>

int pl_cli_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	puts("plimsoll " PL_VERSION);
	return 0;
}
