/* plimsoll: a linter for Dockerfiles and Docker Compose files. */
#include "cli.h"

int main(int argc, char **argv)
{
	return pl_cli_main(argc, argv);
}
