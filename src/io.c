/*
** Reading input: whole files and stdin, with a size limit, refusing
** what is not a regular file (a FIFO would block, /dev/zero never ends).
*/
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read all of fd into a malloc'd buffer, up to limit bytes. */
static int read_fd(int fd, size_t limit, size_t hint, char **out, size_t *len, const char **err)
{
	size_t cap = hint ? hint + 1 : 8192, n = 0;
	if (cap > limit + 1)
		cap = limit + 1;
	char *buf = pl_xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (n > limit) {
				free(buf);
				*err = "file too large";
				return -1;
			}
			cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
			buf = pl_xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			*err = strerror(errno);
			return -1;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > limit) {
			free(buf);
			*err = "file too large";
			return -1;
		}
	}
	*out = buf;
	*len = n;
	return 0;
}

int pl_io_read(const char *path, size_t limit, char **out, size_t *len, const char **err)
{
	if (strcmp(path, "-") == 0)
		return read_fd(0, limit, 0, out, len, err);
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		*err = strerror(errno);
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		*err = strerror(errno);
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		*err = "is a directory";
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		*err = "not a regular file";
		return -1;
	}
	if ((unsigned long long)st.st_size > (unsigned long long)limit) {
		close(fd);
		*err = "file too large";
		return -1;
	}
	/* Regular files do not block; clear O_NONBLOCK anyway for NFS and friends. */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	int rc = read_fd(fd, limit, (size_t)st.st_size, out, len, err);
	close(fd);
	return rc;
}
