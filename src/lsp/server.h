/* The language server's entry point, for cli.c (the rest is in lsp.h). */
#ifndef PL_LSP_SERVER_H
#define PL_LSP_SERVER_H

/* `plimsoll lsp [--stdio]`: argv[0] is "lsp".  Returns the exit status. */
int pl_lsp_main(int argc, char **argv);

#endif
