/*
** A main() for the fuzz targets without libFuzzer: run the target once
** on each file named (a folder: on each file in it), so the reproducers
** in fuzz/regress/ run as ordinary tests under any compiler and sanitizer.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 4096, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		return 1;
	unsigned char *exact = malloc(n ? n : 1); /* exactly n bytes: ASan sees a read past the end */
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	printf("ok %s\n", path);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct dirent **names;
			int n = scandir(argv[i], &names, NULL, NULL);
			if (n < 0) {
				perror(argv[i]);
				return 1;
			}
			char **paths = malloc(((size_t)n + 1) * sizeof(*paths));
			int k = 0;
			for (int j = 0; j < n; j++) {
				if (names[j]->d_name[0] != '.') {
					size_t len = strlen(argv[i]) + strlen(names[j]->d_name) + 2;
					paths[k] = malloc(len);
					snprintf(paths[k++], len, "%s/%s", argv[i], names[j]->d_name);
				}
				free(names[j]);
			}
			free(names);
			qsort(paths, (size_t)k, sizeof(*paths), cmp);
			for (int j = 0; j < k; j++) {
				rc |= run_file(paths[j]);
				free(paths[j]);
			}
			free(paths);
		} else {
			rc |= run_file(argv[i]);
		}
	}
	return rc;
}
