/*
** DL3001 pointless-command: some commands make no sense while building
** an image: nothing runs at the next step of a build (service, kill,
** shutdown), there is no terminal to type in (vim, top, ssh), and the
** machine seen is the build sandbox, not where the image will run (ps,
** free, mount, ifconfig).  A RUN that uses a process within the step is
** left alone: `service x start` … `service x stop` around a database
** setup, or `kill` of a process it put in the background (or whose PID
** it read into a variable).  Docs: rules/DL3001.md
*/
#include <stdlib.h>
#include <string.h>

#include "plimsoll/rule.h"

typedef struct pointless {
	const char *name;
	const char *why;
} pointless;

#define SANDBOX "it inspects the build sandbox, not the container that will run"
#define NO_TTY "the build has no terminal to use it from"
#define GONE "nothing started in a RUN outlives the step"

/* Sorted by name, for bsearch. */
static const pointless table[] = {
	{"free", SANDBOX},    {"ifconfig", SANDBOX}, {"kill", GONE}, {"mount", SANDBOX},
	{"ps", SANDBOX},      {"service", GONE},     {"shutdown", GONE},
	{"ssh", NO_TTY},      {"top", NO_TTY},       {"vim", NO_TTY},
};

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, ((const pointless *)elem)->name);
}

/* A kill argument that is not a literal PID: `kill "$pid"`, `kill $(cat x.pid)`, `kill %1`. */
static bool kills_own_process(const pl_sh_cmd *c)
{
	for (size_t i = c->argv0 + 1; i < c->nwords; i++)
		if ((c->words[i].flags & PL_SH_WORD_EXPANDS) || c->words[i].text[0] == '%')
			return true;
	return false;
}

static void check_run(pl_ctx *ctx, const pl_df_instr *in)
{
	if (!in->sh)
		return;
	bool background = false, starts = false, stops = false;
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		background |= (c->ctx & PL_SH_BACKGROUND) != 0;
		if (pl_sh_cmd_is(c, "service")) {
			starts |= pl_sh_cmd_has_arg(c, "start");
			stops |= pl_sh_cmd_has_arg(c, "stop");
		}
	}
	for (size_t i = 0; i < in->sh->ncmds; i++) {
		const pl_sh_cmd *c = in->sh->cmds[i];
		const pointless *p = c->argv0 < c->nwords
		                         ? bsearch(c->name, table, PL_ARRAY_LEN(table), sizeof(*table), cmp_name)
		                         : NULL;
		if (!p || (pl_sh_cmd_is(c, "service") && starts && stops) ||
		    (pl_sh_cmd_is(c, "kill") && (background || kills_own_process(c))))
			continue;
		pl_report(ctx, c->words[c->argv0].span, "'%s' makes no sense in a RUN: %s", c->name, p->why);
	}
}

const pl_rule pl_rule_DL3001 = {
	.id = "DL3001",
	.name = "pointless-command",
	.target = PL_TARGET_DOCKERFILE,
	.severity = PL_SEV_INFO,
	.category = PL_CAT_CORRECTNESS,
	.summary = "Commands such as ssh, vim, service, ps or kill make no sense in a RUN",
	.on_instr = {[PL_INSTR_RUN] = check_run},
};
