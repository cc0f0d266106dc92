/* plimsoll --init: write a commented starter configuration. */
#ifndef PL_CLI_INIT_H
#define PL_CLI_INIT_H

/* The starter .plimsoll.yaml: every key, commented, with the defaults active. */
extern const char pl_cli_init_template[];

/*
** Write the starter configuration to path, which must not exist (nor
** .plimsoll.yml beside it): 0, or -1 after saying why on stderr.
*/
int pl_cli_init(const char *path);

#endif
