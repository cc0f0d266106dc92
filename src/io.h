/* Reading input files and stdin with a size limit. */
#ifndef PL_IO_H
#define PL_IO_H

#include "plimsoll/base.h"

/*
** Read path ("-" for stdin) into a malloc'd buffer *out of *len bytes.
** Refuses directories, FIFOs, devices and files over limit bytes.
** Returns 0, or -1 with a message in *err (static, or thread-local
** storage valid until this thread calls again).
*/
int pl_io_read(const char *path, size_t limit, char **out, size_t *len, const char **err);

#endif
