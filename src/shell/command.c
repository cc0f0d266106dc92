/*
** What a simple command runs: the effective command behind wrappers
** such as `sudo -u app env A=1 /usr/bin/pip …`, and the script string
** of `sh -c '…'` / `su user -c '…'`, which the parser reads again.
**
** The wrappers are data: one row each, with the options that take a
** value, the options after which no command runs (`command -v`), and
** the operands that come before the command (`timeout DURATION`).
*/
#include "parser.h"

#include <stdlib.h>
#include <string.h>

enum {
	W_ASSIGN = 1 << 0, /* NAME=value words may come before the command (env, sudo) */
	W_NUMBER = 1 << 1, /* -N is an option (nice -10) */
};

typedef struct wrapper {
	const char *name;              /* basename of the wrapper */
	const char *valued;            /* short options that take a value ("u" for sudo -u USER) */
	const char *stop;              /* short options after which no command runs ("vV" for command) */
	const char *const *long_valued;/* long options (no "--") whose value is the next word */
	unsigned npos;                 /* operands before the command (timeout DURATION) */
	unsigned flags;                /* W_* */
} wrapper;

static const char *const sudo_long[] = {"user", "group", "close-from", "chdir", "host", "prompt",
                                        "role", "type", "other-user", "chroot",
                                        "command-timeout", NULL};
static const char *const env_long[] = {"unset", "chdir", "split-string", NULL};
static const char *const time_long[] = {"format", "output", NULL};
static const char *const stdbuf_long[] = {"input", "output", "error", NULL};
static const char *const timeout_long[] = {"signal", "kill-after", NULL};
static const char *const chroot_long[] = {"userspec", "groups", NULL};
static const char *const ionice_long[] = {"class", "classdata", NULL};
static const char *const nice_long[] = {"adjustment", NULL};
static const char *const dumb_long[] = {"rewrite", NULL};
static const char *const none_long[] = {NULL};

/* Sorted by name (bsearch). */
static const wrapper wrappers[] = {
	{"chroot", "", "", chroot_long, 1, 0},
	{"chrt", "TPD", "pm", none_long, 1, 0},
	{"command", "", "vV", none_long, 0, 0},
	{"doas", "uC", "", none_long, 0, 0},
	{"dumb-init", "r", "", dumb_long, 0, 0},
	{"env", "uCS", "", env_long, 0, W_ASSIGN},
	{"exec", "a", "", none_long, 0, 0},
	{"gosu", "", "", none_long, 1, 0},
	{"ionice", "cn", "pPu", ionice_long, 0, 0},
	{"nice", "n", "", nice_long, 0, W_NUMBER},
	{"nohup", "", "", none_long, 0, 0},
	{"setsid", "", "", none_long, 0, 0},
	{"stdbuf", "ioe", "", stdbuf_long, 0, 0},
	{"su-exec", "", "", none_long, 1, 0},
	{"sudo", "CDghpRrTtUu", "", sudo_long, 0, W_ASSIGN},
	{"taskset", "", "p", none_long, 1, 0},
	{"time", "fo", "", time_long, 0, 0},
	{"timeout", "sk", "", timeout_long, 1, 0},
	{"tini", "pe", "", none_long, 0, 0},
};

static int cmp_wrapper(const void *key, const void *elem)
{
	return strcmp(key, ((const wrapper *)elem)->name);
}

const char *pl_sh__basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* s is NAME=… */
static bool is_assignment(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
	       (*s >= '0' && *s <= '9'))
		s++;
	return *s == '=';
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return true;
	return false;
}

/*
** The index of the command run by the wrapper w at words[i], or nwords
** when none runs (no words left, or an option such as `command -v`).
*/
static size_t skip_wrapper(const pl_sh_cmd *c, size_t i, const wrapper *w)
{
	unsigned npos = w->npos;
	bool options = true;
	for (size_t j = i + 1; j < c->nwords; j++) {
		const char *t = c->words[j].text;
		if (options && strcmp(t, "--") == 0) {
			options = false;
			continue;
		}
		if (options && t[0] == '-' && t[1] != '\0') {
			if (t[1] == '-') {
				const char *eq = strchr(t + 2, '=');
				if (!eq && in_list(w->long_valued, t + 2, strlen(t + 2)))
					j++; /* --user NAME */
				continue;
			}
			if ((w->flags & W_NUMBER) && strspn(t + 1, "0123456789") == strlen(t + 1))
				continue; /* nice -10 */
			for (size_t k = 1; t[k]; k++) {
				if (strchr(w->stop, t[k]))
					return c->nwords;
				if (strchr(w->valued, t[k])) {
					if (t[k + 1] == '\0')
						j++; /* -u NAME; "-uNAME" carries it */
					break;
				}
			}
			continue;
		}
		if ((w->flags & W_ASSIGN) && is_assignment(t))
			continue;
		if (npos > 0) {
			npos--;
			continue;
		}
		return j;
	}
	return c->nwords;
}

/*
** Walk the chain of wrappers from words[0]: the index of the effective
** command (the last wrapper when nothing runs under it).  With name,
** stop early and return SIZE_MAX when a wrapper of that name is met.
*/
static size_t walk_wrappers(const pl_sh_cmd *c, const char *name, const char **outer)
{
	size_t i = 0;
	while (i < c->nwords) {
		const wrapper *w = bsearch(pl_sh__basename(c->words[i].text), wrappers,
		                           PL_ARRAY_LEN(wrappers), sizeof(wrappers[0]), cmp_wrapper);
		if (!w)
			break;
		size_t j = skip_wrapper(c, i, w);
		if (j >= c->nwords)
			break; /* nothing runs under it: the wrapper is the command */
		PL_ASSERT(j > i); /* the chain moves right, so it ends */
		if (name && strcmp(w->name, name) == 0)
			return SIZE_MAX;
		if (outer && !*outer)
			*outer = w->name;
		i = j;
	}
	return i;
}

void pl_sh__resolve(pl_sh_cmd *c)
{
	c->wrapper = NULL;
	c->argv0 = walk_wrappers(c, NULL, &c->wrapper);
	c->name = c->argv0 < c->nwords ? pl_sh__basename(c->words[c->argv0].text) : "";
}

bool pl_sh_cmd_wrapped_by(const pl_sh_cmd *c, const char *name)
{
	return c->wrapper && walk_wrappers(c, name, NULL) == SIZE_MAX;
}

/* The shells whose -c takes a script. */
static bool is_shell(const char *name)
{
	static const char *const shells[] = {"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"};
	for (size_t i = 0; i < PL_ARRAY_LEN(shells); i++)
		if (strcmp(name, shells[i]) == 0)
			return true;
	return false;
}

/* sh [options] -c [options] script [name [args…]]: the first operand after a cluster with c */
static size_t shell_script(const pl_sh_cmd *c)
{
	bool c_seen = false;
	size_t j = c->argv0 + 1;
	for (; j < c->nwords; j++) {
		const char *t = c->words[j].text;
		if (strcmp(t, "--") == 0 || strcmp(t, "-") == 0) {
			j++;
			break;
		}
		if ((t[0] != '-' && t[0] != '+') || t[1] == '\0')
			break;
		if (t[0] == '-' && t[1] == '-') {
			if (strcmp(t, "--rcfile") == 0 || strcmp(t, "--init-file") == 0)
				j++;
			continue;
		}
		bool valued = false;
		for (size_t k = 1; t[k]; k++) {
			c_seen |= t[k] == 'c';
			valued |= t[k] == 'o' || t[k] == 'O';
		}
		if (valued)
			j++; /* -o pipefail */
	}
	return c_seen && j < c->nwords ? j : c->nwords;
}

/* su [options] [user] -c script: the word after -c or --command */
static size_t su_script(const pl_sh_cmd *c)
{
	for (size_t j = c->argv0 + 1; j < c->nwords; j++) {
		const char *t = c->words[j].text;
		if (strcmp(t, "--command") == 0 || strcmp(t, "--session-command") == 0)
			return j + 1 < c->nwords ? j + 1 : c->nwords;
		if (t[0] != '-' || t[1] == '-' || t[1] == '\0')
			continue;
		for (size_t k = 1; t[k]; k++) {
			if (t[k] == 'c')
				return t[k + 1] == '\0' && j + 1 < c->nwords ? j + 1 : c->nwords;
			if (strchr("sgGw", t[k])) {
				if (t[k + 1] == '\0')
					j++; /* -s /bin/sh */
				break;
			}
		}
	}
	return c->nwords;
}

size_t pl_sh__script_arg(const pl_sh_cmd *c)
{
	if (c->argv0 >= c->nwords)
		return c->nwords;
	if (is_shell(c->name))
		return shell_script(c);
	if (strcmp(c->name, "su") == 0 || strcmp(c->name, "runuser") == 0)
		return su_script(c);
	return c->nwords;
}
