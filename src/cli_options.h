/*
** The one list of command-line options: X(ID, short, "long", "ARG", "help").
** --help, the man page and the shell completions are generated from it.
** ARG is NULL for a switch.  Keep sorted by long name within each group.
*/
#ifndef PL_CLI_OPTIONS_H
#define PL_CLI_OPTIONS_H

#define PL_OPTION_LIST(X)                                                                          \
	/* what to lint */                                                                         \
	X(STDIN_FILENAME, 0, "stdin-filename", "NAME", "name (and kind) of the file read from '-'")    \
	X(MAX_FILE_SIZE, 0, "max-file-size", "BYTES", "refuse files larger than this (default 10M)") \
	X(EXCLUDE, 0, "exclude", "GLOB", "skip files and folders that match GLOB, relative to the current folder (repeatable), besides the configuration's exclude") \
	X(FORCE_EXCLUDE, 0, "force-exclude", NULL, "skip excluded files even when they are named on the command line (pre-commit and editors name them)") \
	X(JOBS, 'j', "jobs", "N", "lint N files at a time (default: the number of processors); the report is the same") \
	/* compose projects */                                                                     \
	X(COMPOSE_FILE, 0, "compose-file", "FILE", "lint these compose files as one project, each merged over the ones before, as 'docker compose -f A -f B' does (repeatable)") \
	X(ENV_FILE, 0, "env-file", "FILE", "read compose variables from FILE instead of the .env beside the compose file (repeatable; later files win)") \
	X(PROCESS_ENV, 0, "process-env", NULL, "also take compose variables from the environment, which then wins over env files (off by default: the same files give the same findings everywhere)") \
	/* rules */                                                                                \
	X(SELECT, 0, "select", "RULES", "run only these rules (codes, names or aliases, comma-separated); enables rules that are off by default") \
	X(IGNORE, 0, "ignore", "RULES", "do not run these rules")                                     \
	X(SEVERITY, 0, "severity", "RULE=LEVEL", "set a rule's severity: error, warning, info, style, or none to turn it off (repeatable)") \
	X(FAILURE_THRESHOLD, 't', "failure-threshold", "LEVEL", "exit 1 when a finding is at least this severe: error, warning, info (default), style, none") \
	X(CONFIG, 'c', "config", "FILE", "read configuration from FILE (.plimsoll.yaml or .hadolint.yaml format) instead of looking for one") \
	X(NO_CONFIG, 0, "no-config", NULL, "use the built-in defaults: no configuration file")                   \
	X(REQUIRE_REASON, 0, "require-reason", NULL, "report suppression comments that give no reason (PL0010)") \
	X(WARN_UNUSED_IGNORES, 0, "warn-unused-ignores", NULL, "report suppression comments that suppress nothing (PL0011)") \
	/* fixing */                                                                               \
	X(FIX, 0, "fix", NULL, "apply safe fixes to the files, then report what remains (stdin: print the fixed text)") \
	X(UNSAFE_FIXES, 0, "unsafe-fixes", NULL, "with --fix or --diff, also apply fixes that may change behaviour") \
	X(FIX_ONLY, 0, "fix-only", "RULES", "with --fix or --diff, apply fixes of these rules only") \
	X(DIFF, 0, "diff", NULL, "print what --fix would change as a unified diff; write nothing; exit 1 when something would change") \
	X(SHELLCHECK, 0, "shellcheck", "PATH|off", "the shellcheck that checks the shell of RUN (SC codes), or off (default: shellcheck from PATH when present)") \
	X(SHELLCHECK_TIMEOUT, 0, "shellcheck-timeout", "SECONDS", "stop a shellcheck run that takes longer (default 30); its file gets no SC findings") \
	/* output */                                                                               \
	X(FORMAT, 'f', "format", "FORMAT", "output format: full, concise, gnu, json, sarif, checkstyle, codeclimate, gitlab, github, junit, rdjson (default: full on a terminal, gnu otherwise); repeatable") \
	X(OUTPUT, 'o', "output", "FILE", "write the report of the preceding --format to FILE instead of stdout") \
	X(COLOR, 0, "color", "WHEN", "colour the output: auto (default), always, never; NO_COLOR is honoured") \
	X(QUIET, 'q', "quiet", NULL, "print diagnostics only, no summary")                          \
	X(VERBOSE, 'v', "verbose", NULL, "say on stderr what was not checked and why")               \
	X(STATS, 0, "stats", NULL, "print on stderr where the time went: reading, parsing, rules, output") \
	/* information */                                                                          \
	X(INIT, 0, "init", NULL, "write a commented starter .plimsoll.yaml in the current folder (never overwrites one)") \
	X(LIST_RULES, 0, "list-rules", NULL, "list every rule (as JSON with --format json)")         \
	X(SHOW_CONFIG, 0, "show-config", NULL, "print the configuration each PATH gets (as YAML) and the file it comes from") \
	X(EXPLAIN, 0, "explain", "RULE", "print the documentation of a rule")                        \
	X(DUMP, 0, "dump", "WHAT", "print what the parser built, as S-expressions: ast, shell, compose") \
	X(VERSION, 'V', "version", NULL, "print the version")                                        \
	X(HELP, 'h', "help", NULL, "print this help")

#include <stddef.h>

/* One option of the list, as --help, the man page and the completions show it. */
typedef struct pl_cli_option {
	char short_name;        /* 0: none */
	const char *long_name;  /* without the leading "--" */
	const char *arg;        /* the value's metavariable, or NULL for a switch */
	const char *help;
} pl_cli_option;

/* PL_OPTION_LIST expanded, in its order (src/cli_options.c). */
extern const pl_cli_option pl_cli_options[];
extern const size_t pl_cli_noptions;

#endif
