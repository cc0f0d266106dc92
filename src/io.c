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

/* Sizes people read: 1536 -> "1.5 KiB". */
static void human(char *buf, size_t size, unsigned long long n)
{
	static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	double v = (double)n;
	size_t u = 0;
	while (v >= 1024 && u + 1 < PL_ARRAY_LEN(units))
		v /= 1024, u++;
	if (u == 0)
		snprintf(buf, size, "%llu bytes", n);
	else
		snprintf(buf, size, "%.*f %s", v < 10 && v != (double)(unsigned long long)v ? 1 : 0, v, units[u]);
}

/*
** The message for a file over the limit; size 0 when unknown (a pipe
** read up to the limit).  In thread-local storage: lint threads read
** files at the same time.
*/
static const char *too_large(unsigned long long size, size_t limit)
{
	static _Thread_local char msg[160];
	char a[32], b[32];
	human(b, sizeof(b), limit);
	if (size) {
		human(a, sizeof(a), size);
		snprintf(msg, sizeof(msg), "file too large (%s, more than the limit of %s): skipped; "
		         "--max-file-size raises the limit", a, b);
	} else {
		snprintf(msg, sizeof(msg), "file too large (more than the limit of %s): skipped; "
		         "--max-file-size raises the limit", b);
	}
	return msg;
}

/*
** Read all of fd into a malloc'd buffer, up to limit bytes. hint: a
** regular file's size at fstat, which a short read that reaches it ends
** (no read of 0 bytes to see the end); 0 for a pipe.
*/
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
				*err = too_large(0, limit);
				return -1;
			}
			cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
			buf = pl_xrealloc(buf, cap);
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int fl;
			if (errno == EAGAIN && (fl = fcntl(fd, F_GETFL)) >= 0 && (fl & O_NONBLOCK) &&
			    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0)
				continue; /* opened O_NONBLOCK (in case it was a FIFO): a file system that heeds it */
			free(buf);
			*err = strerror(errno);
			return -1;
		}
		if (got == 0)
			break;
		bool short_read = (size_t)got < cap - n;
		n += (size_t)got;
		if (n > limit) {
			free(buf);
			*err = too_large(0, limit);
			return -1;
		}
		if (hint && short_read && n == hint)
			break; /* the whole file as fstat saw it */
	}
	*out = buf;
	*len = n;
	return 0;
}

int pl_io_read(const char *path, size_t limit, char **out, size_t *len, const char **err)
{
	if (strcmp(path, "-") == 0)
		return read_fd(0, limit, 0, out, len, err);
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
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
		*err = too_large((unsigned long long)st.st_size, limit);
		return -1;
	}
	/* Regular files do not block; read_fd clears O_NONBLOCK if a file system says EAGAIN. */
	int rc = read_fd(fd, limit, (size_t)st.st_size, out, len, err);
	close(fd);
	return rc;
}
