/* The command-line interface: the only place that prints to the user and exits. */
#ifndef PL_CLI_H
#define PL_CLI_H

int pl_cli_main(int argc, char **argv);

#endif
