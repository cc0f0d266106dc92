/*
** The effective configuration of a run: which rules run at which
** severity, the failure threshold, and rule options.  Built from
** defaults, then a config file (.plimsoll.yaml, or a .hadolint.yaml),
** then command-line flags, each layer overriding the one before.
*/
#ifndef PLIMSOLL_CONFIG_H
#define PLIMSOLL_CONFIG_H

#include <stdio.h>

#include "plimsoll/diag.h"

struct pl_rule;

typedef struct pl_strlist {
	const char **v;
	size_t n;
} pl_strlist;

/* The label value types of a label schema, as hadolint names them: X(ENUM, "name"). */
#define PL_LABEL_TYPE_LIST(X)                                                  \
	X(TEXT, "text")       /* anything (DL3051 still wants it non-empty) */   \
	X(URL, "url")         /* an absolute URI (RFC 3986): DL3052 */           \
	X(RFC3339, "rfc3339") /* a date-time (RFC 3339): DL3053 */               \
	X(SPDX, "spdx")       /* an SPDX license identifier or expression: DL3054 */ \
	X(HASH, "hash")       /* a git commit hash: DL3055 */                    \
	X(SEMVER, "semver")   /* a semantic version: DL3056 */                   \
	X(EMAIL, "email")     /* an e-mail address (RFC 5322 addr-spec): DL3058 */

typedef enum pl_label_type {
#define PL__X(e, n) PL_LABEL_##e,
	PL_LABEL_TYPE_LIST(PL__X)
#undef PL__X
	PL_LABEL__COUNT
} pl_label_type;

/* "url" for PL_LABEL_URL. */
const char *pl_label_type_name(pl_label_type t);

typedef struct pl_label_rule {
	const char *name;   /* label key, as written in the schema */
	pl_label_type type; /* what its value must look like */
} pl_label_rule;

/* Per-rule setting; index = pl_rule_index(rule). */
typedef struct pl_rule_setting {
	signed char enabled;    /* -1 rule default, 0 off, 1 on, 2 on for the codes in
	                           pl_config.selected_codes only (a pseudo-rule such as SC
	                           whose codes were selected one by one: --select SC2086) */
	unsigned char severity; /* 0 rule default, else a pl_severity */
} pl_rule_setting;

/*
** The spelling of a configuration file.  As an argument of the loaders,
** AUTO means "decide from the file name, then from the keys"; in
** pl_config.dialect it means no file was read.
*/
typedef enum pl_config_dialect {
	PL_CONFIG_AUTO,     /* (argument) guess; (pl_config) defaults, no file */
	PL_CONFIG_PLIMSOLL, /* .plimsoll.yaml: plimsoll's keys, strictly checked */
	PL_CONFIG_HADOLINT, /* .hadolint.yaml: hadolint's keys, read as leniently as hadolint reads them */
	PL_CONFIG_DCLINT,   /* .dclintrc (JSON or YAML): dclint's 'rules', levels 0/1/2 and options */
} pl_config_dialect;

/* A severity set for a code that is not a rule (SC2086=error). */
typedef struct pl_code_severity {
	const char *code;
	pl_severity severity;
} pl_code_severity;

struct pl_shellcheck;

/* A named group of service keys, for service-keys-order (dclint's 'groups'). */
typedef struct pl_key_group {
	const char *name;   /* "Core Definitions", … */
	pl_strlist keys;    /* the service keys in it, in order */
} pl_key_group;

typedef struct pl_config {
	pl_arena arena;                 /* owns every string below */
	const char *path;               /* the file it was read from, or NULL for defaults */
	pl_config_dialect dialect;      /* how path was read; AUTO when there is no file */
	pl_rule_setting *rules;         /* pl_rule_count entries */
	bool select_given;              /* a select list restricts the run to the rules it names */
	pl_severity failure_threshold;  /* default PL_SEV_INFO, as hadolint */
	pl_strlist ignored_codes;       /* codes that are not registered rules (e.g. SC2086), suppressed */
	bool disable_pragmas;           /* inline ignore pragmas are not honoured (disable-ignore-pragma) */

	pl_strlist selected_codes;      /* codes of a pseudo-rule's family (SC2086) named in a select list */
	pl_code_severity *code_severities; /* severities set for codes that are not rules, in order (last wins) */
	size_t ncode_severities;
	struct pl_shellcheck *shellcheck; /* runs ShellCheck for the SC pseudo-rule (src/shellcheck.h;
	                                     owned by the caller); NULL: no SC checks */
	/* pragmas */
	bool require_reason;            /* require-reason: PL0010 runs, whatever select says */
	bool warn_unused_ignores;       /* warn-unused-ignores: PL0011 runs, whatever select says */
	/* files (plimsoll's files only) */
	const char *base_dir;           /* the config file's folder (a real path): globs are relative
	                                   to it; NULL when no file was read from disk */
	pl_strlist exclude;             /* globs of files and folders not to lint (src/glob.h) */
	bool force_exclude;             /* exclude also files named on the command line */
	pl_strlist override_globs;      /* the keys of 'overrides', in file order */
	const char *text;               /* the file's text, kept when it has overrides (to apply them) */
	size_t text_len;
	/* rule options */
	pl_strlist trusted_registries;  /* DL3026: allowed registries ("*", "*.corp.com", "ghcr.io"); empty = any */
	pl_label_rule *label_schema;    /* DL3048–DL3058, in file order, keys unique */
	size_t nlabel_schema;
	bool strict_labels;             /* DL3050: labels outside the schema are reported */
	/* compose: dclint's rule options, under dclint's names (pl_config_init sets dclint's defaults) */
	bool check_pull_policy;         /* no-build-and-image: a 'pull_policy' makes build + image fine */
	char quote_type;                /* require-quotes-in-ports: '\'' or '"' */
	bool quote_ports, quote_expose; /* require-quotes-in-ports: the sections checked (portsSections) */
	pl_strlist prohibited_tags;     /* service-image-require-explicit-tag: tags that name no version */
	const char *container_name_pattern; /* service-container-name-regex: the pattern as given; NULL = Docker's */
	void *container_name_re;        /* its compiled pcre2_code (owned, freed by pl_config_free), or NULL */
	pl_strlist top_level_order;     /* top-level-properties-order: keys in order; "x-properties" = every x-* key */
	pl_key_group *key_groups;       /* service-keys-order: the groups, by name (unique) */
	size_t nkey_groups;
	pl_strlist key_group_order;     /* service-keys-order: group names in order; other groups' keys go unordered */
	pl_strlist allowed_ips;         /* no-unbound-port-interfaces: host IPs accepted (empty: any written one) */
} pl_config;

void pl_config_init(pl_config *cfg);
void pl_config_free(pl_config *cfg);

/*
** Apply a comma-separated list of codes/names/aliases: select (restrict
** the run to them, enabling off-by-default ones), enable (turn them on,
** off-by-default ones included, leaving the others as they are) or
** ignore (turn off).
** Unknown names are stored in err (arena string) and -1 is returned.
*/
int pl_config_select(pl_config *cfg, const char *list, const char **err);
int pl_config_enable(pl_config *cfg, const char *list, const char **err);
int pl_config_ignore(pl_config *cfg, const char *list, const char **err);
/* "CODE=level"; CODE may also be a code that is not a rule (SC2086=error, SC2086=none) */
int pl_config_set_severity(pl_config *cfg, const char *spec, const char **err);

/* Effective state of a rule. */
bool pl_config_rule_on(const pl_config *cfg, const struct pl_rule *r);
pl_severity pl_config_rule_severity(const pl_config *cfg, const struct pl_rule *r);
/* A code that is not a rule (SCxxxx) is ignored by configuration. */
bool pl_config_code_ignored(const pl_config *cfg, const char *code);
/*
** A code reported by the pseudo-rule family (SC2086 by SC) is wanted: not
** ignored, and selected when the family was selected code by code.
*/
bool pl_config_code_on(const pl_config *cfg, const struct pl_rule *family, const char *code);
/*
** Severity of a code of a pseudo-rule family: a severity set for the code,
** else one set for the family, else native (the level the tool reported).
*/
pl_severity pl_config_code_severity(const pl_config *cfg, const struct pl_rule *family,
                                    const char *code, pl_severity native);

/*
** Load a YAML config file into cfg (which holds defaults or earlier
** layers).  dialect AUTO picks hadolint's spelling for a file whose name
** says hadolint (.hadolint.yaml, hadolint.yml, ~/.hadolint/config.yaml),
** dclint's for one whose name says dclint (.dclintrc, .dclintrc.json,
** .dclintrc.yaml), plimsoll's for .plimsoll.yaml, and otherwise guesses
** from the keys.  plimsoll's files are checked strictly (unknown keys and
** wrong types are errors); hadolint's are read the way hadolint reads
** them (unknown keys and unknown rule codes are ignored); dclint's as
** dclint reads them (unknown rule names are errors, unknown options are
** ignored), with every dclint rule on unless its level is 0.  Returns 0, or -1 with a
** "file:line:col: message" in *err (an arena string of cfg).
*/
int pl_config_load(pl_config *cfg, const char *path, const char **err);
/* The same over text[0..len) already in memory; path names it in messages. */
int pl_config_load_text(pl_config *cfg, const char *path, const char *text, size_t len,
                        pl_config_dialect dialect, const char **err);
/*
** Load the file base was loaded from (its text, kept) again into cfg,
** then apply, in file order, the overrides whose glob matches relpath
** (the linted file's path relative to base->base_dir; see
** pl_config_relpath).  The result is what that file gets: the file's
** settings with its overrides on top.  Returns 0, or -1 with *err.
*/
int pl_config_load_for(pl_config *cfg, const pl_config *base, const char *relpath, const char **err);
/* The same as pl_config_load_text, then the overrides that match relpath (NULL: none). */
int pl_config_load_text_for(pl_config *cfg, const char *path, const char *text, size_t len,
                            pl_config_dialect dialect, const char *relpath, const char **err);
/*
** Which overrides match relpath: match[i] for override i (cfg->override_globs.n
** entries).  Returns how many match.
*/
size_t pl_config_overrides_matching(const pl_config *cfg, const char *relpath, bool *match);
/*
** abs (an absolute, real path) relative to cfg's folder, or abs itself
** when it is outside it (or cfg has no folder): the path globs see.
*/
const char *pl_config_relpath(const pl_config *cfg, const char *abs);
/*
** relpath (see pl_config_relpath; is_dir: a folder) is excluded by cfg's
** 'exclude'; with or_folders, also when a folder it is in is (src/glob.h).
*/
bool pl_config_excludes(const pl_config *cfg, const char *relpath, bool is_dir, bool or_folders);
/*
** Turn on the rules that require-reason and warn-unused-ignores ask for
** (PL0010, PL0011).  Called after each layer, so that a select list does
** not turn them off.
*/
void pl_config_apply_switches(pl_config *cfg);

/* "plimsoll", "hadolint", "dclint", or "defaults" for AUTO. */
const char *pl_config_dialect_name(pl_config_dialect d);

/*
** Write the effective configuration as a .plimsoll.yaml document (every
** key, defaults included), so that loading it gives the same settings.
*/
void pl_config_write(const pl_config *cfg, FILE *out);

#endif
