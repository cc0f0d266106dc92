/*
** The effective configuration of a run: which rules run at which
** severity, the failure threshold, and rule options.  Built from
** defaults, then a config file (.plimsoll.yaml, or a .hadolint.yaml),
** then command-line flags, each layer overriding the one before.
*/
#ifndef PLIMSOLL_CONFIG_H
#define PLIMSOLL_CONFIG_H

#include "plimsoll/diag.h"

struct pl_rule;

typedef struct pl_strlist {
	const char **v;
	size_t n;
} pl_strlist;

typedef struct pl_label_rule {
	const char *name; /* label key */
	const char *type; /* text, url, semver, hash, rfc3339, spdx, email */
} pl_label_rule;

/* Per-rule setting; index = pl_rule_index(rule). */
typedef struct pl_rule_setting {
	signed char enabled;    /* -1 rule default, 0 off, 1 on, 2 on for the codes in
	                           pl_config.selected_codes only (a pseudo-rule such as SC
	                           whose codes were selected one by one: --select SC2086) */
	unsigned char severity; /* 0 rule default, else a pl_severity */
} pl_rule_setting;

/* A severity set for a code that is not a rule (SC2086=error). */
typedef struct pl_code_severity {
	const char *code;
	pl_severity severity;
} pl_code_severity;

struct pl_shellcheck;

typedef struct pl_config {
	pl_arena arena;                 /* owns every string below */
	const char *path;               /* the file it was read from, or NULL for defaults */
	pl_rule_setting *rules;         /* pl_rule_count entries */
	bool select_given;              /* a select list restricts the run to the rules it names */
	pl_severity failure_threshold;  /* default PL_SEV_INFO, as hadolint */
	pl_strlist ignored_codes;       /* codes that are not registered rules (e.g. SC2086), suppressed */
	pl_strlist selected_codes;      /* codes of a pseudo-rule's family (SC2086) named in a select list */
	pl_code_severity *code_severities; /* severities set for codes that are not rules, in order (last wins) */
	size_t ncode_severities;
	struct pl_shellcheck *shellcheck; /* runs ShellCheck for the SC pseudo-rule (src/shellcheck.h;
	                                     owned by the caller); NULL: no SC checks */
	/* rule options */
	pl_strlist trusted_registries;  /* DL3026: allowed registries; empty = any */
	pl_label_rule *label_schema;    /* DL3048–DL3058 */
	size_t nlabel_schema;
	bool strict_labels;             /* DL3049: labels outside the schema are reported */
} pl_config;

void pl_config_init(pl_config *cfg);
void pl_config_free(pl_config *cfg);

/*
** Apply a comma-separated list of codes/names/aliases: select (restrict
** the run to them, enabling off-by-default ones) or ignore (turn off).
** Unknown names are stored in err (arena string) and -1 is returned.
*/
int pl_config_select(pl_config *cfg, const char *list, const char **err);
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
** Load a YAML config file (plimsoll's keys, or hadolint's when the file
** is named .hadolint.yaml/.hadolint.yml or hadolint keys are found).
** Returns 0, or -1 with a "file:line:col: message" in *err.
*/
int pl_config_load(pl_config *cfg, const char *path, const char **err);

#endif
