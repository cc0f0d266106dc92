/*
** Writing a fixed file without ever losing content: a temporary file in
** the same folder (so rename is atomic), fsync, rename over the target.
** A symlink is followed and its target replaced; the mode is kept; a
** file that changed on disk since it was read is left alone.
*/
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io.h"
#include "plimsoll/fix.h"

/* Write all of data to fd. */
static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int pl_write_atomic(const char *path, const char *data, size_t len, const char *expect,
                    size_t expect_len, const char **err)
{
	char target[PATH_MAX];
	if (!realpath(path, target)) {
		*err = strerror(errno);
		return -1;
	}
	struct stat st;
	if (stat(target, &st) < 0 || !S_ISREG(st.st_mode)) {
		*err = "not a regular file";
		return -1;
	}
	/* Refuse when someone changed the file after we read it. */
	char *now;
	size_t now_len;
	const char *rerr;
	size_t limit = expect_len > ((size_t)1 << 30) ? expect_len : ((size_t)1 << 30);
	if (pl_io_read(target, limit, &now, &now_len, &rerr) < 0) {
		*err = rerr;
		return -1;
	}
	bool changed = now_len != expect_len || memcmp(now, expect, expect_len) != 0;
	free(now);
	if (changed) {
		*err = "the file changed on disk since it was read; not overwritten";
		return -1;
	}
	char tmp[PATH_MAX + 32];
	const char *slash = strrchr(target, '/');
	int dlen = slash ? (int)(slash - target) : 0;
	snprintf(tmp, sizeof(tmp), "%.*s/.%s.plimsoll-XXXXXX", dlen, target, slash ? slash + 1 : target);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = strerror(errno);
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, st.st_mode & 07777) < 0 || fsync(fd) < 0) {
		*err = strerror(errno);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (geteuid() == 0)
		(void)!fchown(fd, st.st_uid, st.st_gid); /* best effort: keep the owner */
	if (close(fd) < 0) {
		*err = strerror(errno);
		unlink(tmp);
		return -1;
	}
	/* Test hook: die between the write and the rename; the original must survive. */
	if (getenv("PL_TEST_CRASH_BEFORE_RENAME"))
		abort();
	if (rename(tmp, target) < 0) {
		*err = strerror(errno);
		unlink(tmp);
		return -1;
	}
	/* Make the rename itself durable. */
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%.*s", dlen ? dlen : 1, dlen ? target : "/");
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
}
