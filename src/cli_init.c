/*
** plimsoll --init: write a commented starter .plimsoll.yaml.  It never
** overwrites: a configuration that exists (either spelling) is left as
** it is and the command fails with exit status 2.  The file is created
** with O_EXCL, so two runs at once cannot both write it.
*/
#include "cli_init.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plimsoll/base.h"

/* Loads as the defaults: only keys whose values are the defaults are active. */
const char pl_cli_init_template[] =
	"# plimsoll configuration: https://github.com/plimsoll-lint/plimsoll#configuration\n"
	"# Applies to the files in this folder and below it (up to a folder of its own\n"
	"# .plimsoll.yaml).  Command-line flags go on top of it; see what a file gets\n"
	"# with: plimsoll --show-config PATH\n"
	"\n"
	"# Rules are named by code (DL3008), name (pin-apt-versions) or another tool's\n"
	"# alias (JSONArgsRecommended).  plimsoll --list-rules lists them all.\n"
	"\n"
	"# Run only these rules (and those that are off by default, when named here).\n"
	"# select: [DL3008, DL3015]\n"
	"\n"
	"# Turn these rules off.\n"
	"ignore: []\n"
	"\n"
	"# Change a rule's severity: error, warning, info, style, or none (off).\n"
	"severity: {}\n"
	"#   DL3008: error\n"
	"\n"
	"# Exit with status 1 when a finding is at least this severe: error, warning,\n"
	"# info, style, or none (never fail).\n"
	"failure-threshold: info\n"
	"\n"
	"# Files and folders not to lint: globs relative to this folder.  A name\n"
	"# without '/' matches at any depth; '**' spans folders.\n"
	"exclude: []\n"
	"#  - vendor\n"
	"#  - \"testdata/**\"\n"
	"\n"
	"# Also skip excluded files that are named on the command line (pre-commit and\n"
	"# editors name every file): as ruff's force-exclude.\n"
	"force-exclude: false\n"
	"\n"
	"# Inline suppressions: '# plimsoll ignore=DL3008 reason=pinned by the base image'.\n"
	"# Report suppressions that give no reason (PL0010) or suppress nothing (PL0011).\n"
	"require-reason: false\n"
	"warn-unused-ignores: false\n"
	"# Do not honour inline suppressions at all.\n"
	"disable-ignore-pragma: false\n"
	"\n"
	"# Rule options.\n"
	"# DL3026: the registries images may come from (empty: any).\n"
	"trusted-registries: []\n"
	"#  - docker.io\n"
	"#  - \"*.corp.example\"\n"
	"# DL3048-DL3058: labels and the type of their values (text, url, rfc3339,\n"
	"# spdx, hash, semver, email); strict-labels reports labels not listed.\n"
	"label-schema: {}\n"
	"#   org.opencontainers.image.source: url\n"
	"strict-labels: false\n"
	"\n"
	"# Settings for some files only: a glob (as in exclude) mapped to any of the\n"
	"# keys above but exclude and force-exclude; later matches win.\n"
	"overrides: {}\n"
	"#   \"legacy/**\":\n"
	"#     ignore: [DL3008]\n"
	"#     failure-threshold: error\n"
	"#   Dockerfile.dev:\n"
	"#     severity: {DL3059: style}\n";

/* path exists, or its other spelling (.yaml / .yml) does: the one found, else NULL. */
static const char *existing(const char *path, char *other, size_t size)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		return path;
	size_t n = strlen(path);
	if (pl_str_ends(path, ".yaml"))
		snprintf(other, size, "%.*s.yml", (int)(n - 5), path);
	else if (pl_str_ends(path, ".yml"))
		snprintf(other, size, "%.*s.yaml", (int)(n - 4), path);
	else
		return NULL;
	return lstat(other, &st) == 0 ? other : NULL;
}

int pl_cli_init(const char *path)
{
	char other[4096];
	const char *found = existing(path, other, sizeof(other));
	if (found) {
		fprintf(stderr, "plimsoll: '%s' already exists: not overwritten (remove it first, or edit it)\n",
		        found);
		return -1;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		fprintf(stderr, "plimsoll: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t len = sizeof(pl_cli_init_template) - 1, off = 0;
	while (off < len) {
		ssize_t w = write(fd, pl_cli_init_template + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "plimsoll: %s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "plimsoll: %s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	printf("wrote %s: a starter configuration (see plimsoll --show-config)\n", path);
	return 0;
}
