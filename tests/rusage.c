/*
** Test helper: run a command and write "cpu_seconds peak_rss_kib exit"
** to the file named first.  The command keeps this process's standard
** streams.  A small C parent keeps the child's peak RSS honest: Linux
** starts a child's high-water mark at its parent's (fork and vfork
** alike), so measuring from Python would add Python's memory to it.
**
**     pl_rusage OUT [--nobody] CMD [ARG...]
**
** --nobody runs CMD as uid/gid 65534 (to test unreadable files as root).
*/
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pl_rusage OUT [--nobody] CMD [ARG...]\n");
		return 2;
	}
	int first = 2;
	int nobody = strcmp(argv[2], "--nobody") == 0;
	if (nobody)
		first++;
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		if (nobody && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(126);
		execvp(argv[first], argv + first);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 2;
	FILE *f = fopen(argv[1], "w");
	if (!f)
		return 2;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	fprintf(f, "%.6f %ld %d\n", cpu, ru.ru_maxrss,
	        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fclose(f);
	return 0;
}
