/*
** The questions rules ask of a simple command (shell.h), with the
** semantics of hadolint's Shell module: arguments are the words after
** the effective command (argv0); "-abc" is a cluster of short flags a, b
** and c; "--name" and "--name=value" are long flags; nothing after a
** bare "--" is a flag.  Words are compared by their unquoted text, so
** "-y" and '-y' are the same flag, as they are to the program.
*/
#include "parser.h"

#include <string.h>

bool pl_sh_cmd_is(const pl_sh_cmd *c, const char *name)
{
	/* The first byte settles most calls: rules ask each command about many names. */
	return c && name && c->name[0] == name[0] && strcmp(c->name, name) == 0;
}

size_t pl_sh_cmd_argc(const pl_sh_cmd *c)
{
	return c->argv0 < c->nwords ? c->nwords - c->argv0 - 1 : 0;
}

const pl_sh_word *pl_sh_cmd_arg(const pl_sh_cmd *c, size_t i)
{
	return i < pl_sh_cmd_argc(c) ? &c->words[c->argv0 + 1 + i] : NULL;
}

bool pl_sh_cmd_has_arg(const pl_sh_cmd *c, const char *s)
{
	for (size_t i = c->argv0 + 1; i < c->nwords; i++)
		if (strcmp(c->words[i].text, s) == 0)
			return true;
	return false;
}

/* flag is one short flag "-x" (else it is matched as a whole word: "--yes", "-name"). */
static bool is_short(const char *flag)
{
	return flag[0] == '-' && flag[1] != '-' && flag[1] != '\0' && flag[2] == '\0';
}

/* t is a cluster of short flags: "-abc", not "-", "--x" or "--". */
static bool is_cluster(const char *t)
{
	return t[0] == '-' && t[1] != '-' && t[1] != '\0';
}

/* The argument text t carries flag. */
static bool word_has_flag(const char *t, const char *flag)
{
	if (is_short(flag)) {
		if (!is_cluster(t))
			return false;
		for (size_t k = 1; t[k] && t[k] != '='; k++)
			if (t[k] == flag[1])
				return true;
		return false;
	}
	size_t n = strlen(flag);
	return strncmp(t, flag, n) == 0 && (t[n] == '\0' || t[n] == '=');
}

bool pl_sh_cmd_has_flag(const pl_sh_cmd *c, const char *flag)
{
	for (size_t i = c->argv0 + 1; i < c->nwords; i++) {
		const char *t = c->words[i].text;
		if (strcmp(t, "--") == 0)
			break;
		if (word_has_flag(t, flag))
			return true;
	}
	return false;
}

bool pl_sh_cmd_has_any_flag(const pl_sh_cmd *c, const char *const *flags)
{
	for (; *flags; flags++)
		if (pl_sh_cmd_has_flag(c, *flags))
			return true;
	return false;
}

/*
** Look for flag in the arguments from words[i] on.  On a hit, *w and *v
** are the word and text of its value (NULL, NULL when it has none) and
** the result is the index to resume from; c->nwords when there is none.
*/
static size_t find_value(const pl_sh_cmd *c, size_t i, const char *flag,
                         const pl_sh_word **w, const char **v)
{
	for (; i < c->nwords; i++) {
		const char *t = c->words[i].text;
		const char *rest = NULL;
		if (strcmp(t, "--") == 0)
			break;
		if (is_short(flag)) {
			if (!is_cluster(t))
				continue;
			for (size_t k = 1; t[k] && t[k] != '='; k++) {
				if (t[k] == flag[1]) {
					rest = t + k + 1;
					break;
				}
			}
		} else {
			size_t n = strlen(flag);
			if (strncmp(t, flag, n) == 0 && (t[n] == '\0' || t[n] == '='))
				rest = t + n;
		}
		if (!rest)
			continue;
		if (*rest == '=')
			rest++;
		if (*rest) {
			*w = &c->words[i];
			*v = rest;
			return i + 1;
		}
		if (i + 1 < c->nwords) {
			*w = &c->words[i + 1];
			*v = c->words[i + 1].text;
			return i + 2;
		}
		*w = NULL;
		*v = NULL;
		return i + 1;
	}
	return c->nwords;
}

const pl_sh_word *pl_sh_cmd_flag_value(const pl_sh_cmd *c, const char *flag, const char **value)
{
	const pl_sh_word *w = NULL;
	const char *v = NULL;
	find_value(c, c->argv0 + 1, flag, &w, &v);
	if (value)
		*value = v;
	return w;
}

bool pl_sh_cmd_has_flag_value(const pl_sh_cmd *c, const char *flag, const char *value)
{
	size_t i = c->argv0 + 1;
	while (i < c->nwords) {
		const pl_sh_word *w = NULL;
		const char *v = NULL;
		i = find_value(c, i, flag, &w, &v);
		if (v && strcmp(v, value) == 0)
			return true;
	}
	return false;
}

/* The flag word t takes the next word as its value, per valued. */
static bool takes_value(const char *t, const char *const *valued)
{
	for (; valued && *valued; valued++) {
		const char *f = *valued;
		if (is_short(f)) {
			/* "-xf" with -f valued: the value is the next word; "-fv" carries it */
			if (is_cluster(t) && t[strlen(t) - 1] == f[1] && !strchr(t, '='))
				return true;
		} else if (strcmp(t, f) == 0) {
			return true;
		}
	}
	return false;
}

size_t pl_sh_cmd_operands(const pl_sh_cmd *c, const char *const *valued,
                          const pl_sh_word **out, size_t max)
{
	size_t n = 0;
	bool options = true;
	for (size_t i = c->argv0 + 1; i < c->nwords; i++) {
		const char *t = c->words[i].text;
		if (options) {
			if (strcmp(t, "--") == 0) {
				options = false;
				continue;
			}
			if (t[0] == '-' && t[1] != '\0') {
				if (takes_value(t, valued))
					i++;
				continue;
			}
		}
		if (n < max)
			out[n] = &c->words[i];
		n++;
	}
	return n;
}

size_t pl_sh_cmd_nonflags(const pl_sh_cmd *c, const pl_sh_word **out, size_t max)
{
	return pl_sh_cmd_operands(c, NULL, out, max);
}

bool pl_sh_cmd_subcommand_is(const pl_sh_cmd *c, const char *sub)
{
	const pl_sh_word *first = NULL;
	return pl_sh_cmd_nonflags(c, &first, 1) > 0 && strcmp(first->text, sub) == 0;
}
