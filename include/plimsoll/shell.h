/*
** A POSIX sh parser for RUN, shell-form CMD/ENTRYPOINT and HEALTHCHECK
** CMD.  It never fails: malformed input (an unterminated quote, a
** missing 'fi') yields the best tree it can plus a list of errors.
**
** Rules rarely walk the tree.  They ask questions of the flat list of
** simple commands, which includes commands nested in subshells, brace
** groups, if/for/while/case bodies, $(...) and backticks, and strings
** run through `sh -c` / `bash -c`, each parsed again:
**
**     for (size_t i = 0; i < sh->ncmds; i++) {
**         const pl_sh_cmd *c = sh->cmds[i];
**         if (pl_sh_cmd_is(c, "apt-get") && pl_sh_cmd_has_arg(c, "install"))
**             ...
**     }
**
** All spans are physical spans in the Dockerfile: the parser maps its
** logical input through a pl_textmap.
*/
#ifndef PLIMSOLL_SHELL_H
#define PLIMSOLL_SHELL_H

#include "plimsoll/source.h"

/* Word flags. */
enum {
	PL_SH_WORD_QUOTED = 1 << 0,  /* some part was in '…', "…" or $'…' */
	PL_SH_WORD_EXPANDS = 1 << 1, /* holds an unquoted-or-double-quoted $x, ${…}, $(…), `…` or $((…)) */
	PL_SH_WORD_GLOB = 1 << 2,    /* holds an unquoted * ? or [ */
	PL_SH_WORD_ESCAPED = 1 << 3, /* holds a backslash escape outside single quotes */
};

/*
** One shell word.  'text' is the word with quotes removed and backslash
** escapes resolved, but with expansions kept as written: "$HOME/x" gives
** $HOME/x, 'a b' gives a b, $(cat f) stays $(cat f).  (Deeply nested
** substitutions copy their inside into every enclosing word; once those
** copies exceed 8 times the input, further ones are shortened to "$(…)",
** "`…`" or "${…}", so memory stays linear for any input.)
*/
typedef struct pl_sh_word {
	pl_span span;     /* the word as written, quotes included */
	const char *text; /* unquoted value, NUL-terminated, never NULL */
	unsigned flags;   /* PL_SH_WORD_* */
} pl_sh_word;

/*
** The body of a here-document written in the shell text itself
** (`cat <<EOF` ... `EOF`).  Its lines are skipped by the parser, never
** parsed as commands.
*/
typedef struct pl_sh_heredoc_body {
	const char *text;     /* the body, tabs stripped for <<-; "" until read */
	pl_textmap map;       /* logical body -> physical file */
	pl_span span;         /* the physical body lines, without the delimiter line */
	bool unterminated;    /* the text ended before the delimiter line */
} pl_sh_heredoc_body;

typedef struct pl_sh_redir {
	pl_span span;       /* the whole redirection, e.g. 2>/dev/null */
	int fd;             /* explicit fd number, or -1 (also for a {var}> prefix) */
	const char *op;     /* ">", ">>", "<", "<<", "<<-", "<&", ">&", "<>", ">|", "<<<", "&>", "&>>" */
	pl_sh_word target;  /* file, fd or heredoc delimiter; text "" when missing */
	const pl_sh_heredoc_body *heredoc; /* << and <<-: the body; NULL for other ops */
} pl_sh_redir;

/*
** Where a simple command stands; bits of pl_sh_cmd.ctx.  A bit of an
** enclosing construct holds for every command nested in it, those in
** $( ) and sh -c strings included, except the three pipe bits
** (IN_PIPELINE, PIPE_SOURCE, NEGATED), which stop at a substitution:
** in `echo $(a) | b`, a's output goes to echo, not to the pipe.  They do
** reach into an sh -c string, whose output is the shell's.
*/
enum {
	PL_SH_IN_PIPELINE = 1 << 0,  /* part of a | pipeline (any position) */
	PL_SH_PIPE_SOURCE = 1 << 1,  /* its stdout feeds a pipe (not the last stage) */
	PL_SH_BACKGROUND = 1 << 2,   /* the and-or list it belongs to ends in & */
	PL_SH_IN_SUBSHELL = 1 << 3,  /* inside ( … ) */
	PL_SH_IN_SUBST = 1 << 4,     /* inside $( … ), ` … `, <( … ) or >( … ) */
	PL_SH_IN_CONDITION = 1 << 5, /* in the test of if/while/until, or left of && / || */
	PL_SH_IN_LOOP = 1 << 6,      /* in a for/while/until body */
	PL_SH_IN_FUNCTION = 1 << 7,  /* in a function body */
	PL_SH_NESTED = 1 << 8,       /* from a string run by sh -c / bash -c / su -c */
	PL_SH_NEGATED = 1 << 9,      /* pipeline starts with ! */
	PL_SH_IN_BRANCH = 1 << 10,   /* in a then/elif/else/case arm, or right of && / || */
};

/* How a command is joined to the one before it in its list. */
typedef enum pl_sh_join {
	PL_SH_JOIN_NONE, /* first of its list */
	PL_SH_JOIN_SEQ,  /* ; or newline */
	PL_SH_JOIN_AND,  /* && */
	PL_SH_JOIN_OR,   /* || */
	PL_SH_JOIN_PIPE, /* | */
	PL_SH_JOIN_BG,   /* the previous one ended in & */
} pl_sh_join;

typedef struct pl_sh_node pl_sh_node;

/*
** A simple command: assignments, words, redirections.  argv0 skips
** wrappers that run another command, with their options and operands:
** sudo, doas, env (NAME=value words too), nice, nohup, time, exec,
** command (not `command -v`/`-V`, which only looks up), stdbuf,
** timeout DURATION, chroot DIR, ionice, chrt PRIO, taskset MASK,
** setsid, su-exec USER, gosu USER, tini, dumb-init; e.g. `sudo -u app`,
** `env -i A=1`.  A wrapper with no command after it (`env`, `exec
** >log`) is itself argv0.  `[[ … ]]` is a command named "[[" whose
** words run to "]]"; `(( … ))` is a command named "((" with one word.
*/
typedef struct pl_sh_cmd {
	pl_span span;            /* from the first assignment/word to the last word/redirection */
	pl_sh_word *assigns;     /* leading NAME=value words */
	size_t nassigns;
	pl_sh_word *words;       /* every word after the assignments, wrappers included */
	size_t nwords;
	pl_sh_redir *redirs;
	size_t nredirs;
	size_t argv0;            /* index in words of the effective command; == nwords when there is none */
	const char *name;        /* basename of words[argv0].text ("apt-get" for /usr/bin/apt-get), or "" */
	const char *wrapper;     /* name of the outermost wrapper ("sudo", "env", …), or NULL */
	unsigned ctx;            /* PL_SH_IN_* bits */
	pl_sh_join join;         /* how it is joined to the previous command of its list */
	unsigned depth;          /* nesting: 0 at top level, +1 per subshell/group/body/substitution/sh -c
	                            (a function body counts through its group) */
	size_t index;            /* position in pl_sh_script.cmds */
	const pl_sh_node *nested;/* sh -c / su -c: tree of the script string (also in pl_sh_script.subs); else NULL */
} pl_sh_cmd;

/* Node kinds of the tree; the comment says which union member is live. */
typedef enum pl_sh_kind {
	PL_SH_CMD,      /* as.cmd */
	PL_SH_PIPELINE, /* as.list: stages joined by |; 'bang' when it starts with ! */
	PL_SH_AND,      /* as.pair: lhs && rhs */
	PL_SH_OR,       /* as.pair: lhs || rhs */
	PL_SH_SEQ,      /* as.list: items joined by ; or newline (or &, see 'bg' of each item) */
	PL_SH_SUBSHELL, /* as.body: ( body ) */
	PL_SH_GROUP,    /* as.body: { body; } */
	PL_SH_IF,       /* as.cond: if cond then body [elif…] [else alt] fi; elif is a nested IF in alt */
	PL_SH_WHILE,    /* as.cond: while cond do body done */
	PL_SH_UNTIL,    /* as.cond: until cond do body done */
	PL_SH_FOR,      /* as.loop: for var [in words] do body done; also select, and for ((…)) with var the ((…)) word */
	PL_SH_CASE,     /* as.kase: case word in pattern) body;; … esac */
	PL_SH_FUNCTION, /* as.func: name() body */
} pl_sh_kind;

typedef struct pl_sh_case_arm {
	pl_sh_word *patterns; /* the alternatives before ')', at least one unless malformed */
	size_t npatterns;
	pl_sh_node *body;     /* may be NULL for an empty arm */
	const char *term;     /* ";;", ";&", ";;&", or "" for the last arm before esac */
} pl_sh_case_arm;

struct pl_sh_node {
	pl_sh_kind kind;
	pl_span span;         /* the construct, its trailing redirections included */
	bool bg;              /* this item of a list ends with & */
	bool bang;            /* PIPELINE: starts with ! */
	bool elif;            /* IF: written as the elif of the enclosing IF (it is that IF's alt) */
	pl_sh_redir *redirs;  /* compound commands: redirections after the closing word, e.g. `done <f` */
	size_t nredirs;
	union {                    /* the member named by kind */
		pl_sh_cmd *cmd;
		struct { pl_sh_node **items; size_t n; } list; /* n >= 1; a PIPELINE of one stage only with bang */
		struct { pl_sh_node *lhs, *rhs; } pair;
		struct { pl_sh_node *body; pl_sh_redir *redirs; size_t nredirs; } body; /* redirs: same as the node's */
		struct { pl_sh_node *cond, *body, *alt; } cond; /* alt: else/elif branch or NULL */
		struct { pl_sh_word var; pl_sh_word *words; size_t nwords; bool has_in; pl_sh_node *body; } loop; /* has_in: an `in` list was written (maybe empty) */
		struct { pl_sh_word subject; pl_sh_case_arm *arms; size_t narms; } kase;
		struct { pl_sh_word name; pl_sh_node *body; } func; /* body: a compound command, NULL when missing */
	} as;
};

typedef struct pl_sh_error {
	pl_span span;        /* where the problem is (an unterminated quote: from the quote to the end) */
	const char *message; /* lowercase, no period, e.g. "unterminated single quote" */
} pl_sh_error;

/* Where the text of a script inside the script came from. */
typedef enum pl_sh_sub_kind {
	PL_SH_SUB_DOLLAR,    /* $( … ) */
	PL_SH_SUB_BACKQUOTE, /* ` … ` */
	PL_SH_SUB_PROCESS,   /* <( … ) or >( … ) */
	PL_SH_SUB_STRING,    /* the script argument of sh -c, bash -c, su -c … */
} pl_sh_sub_kind;

/* A script inside the script; its commands are in pl_sh_script.cmds too. */
typedef struct pl_sh_sub {
	pl_sh_sub_kind kind;
	pl_span span;        /* $( and ) included; for STRING the whole argument word */
	pl_sh_node *root;    /* its tree; NULL when empty */
	unsigned depth;      /* pl_sh_cmd.depth of the commands directly in it */
} pl_sh_sub;

/* Nesting cap: deeper constructs are reported and the rest of the text is skipped. */
#define PL_SH_MAX_NEST 256
/* At most this many errors are kept for one script; later ones are dropped. */
#define PL_SH_MAX_ERRORS 100

typedef struct pl_sh_script {
	pl_sh_node *root;     /* NULL for an empty script */
	pl_sh_cmd **cmds;     /* every simple command, in source order, nested ones included */
	size_t ncmds;
	pl_sh_sub *subs;      /* substitutions and sh -c strings, in source order */
	size_t nsubs;
	pl_sh_error *errors;  /* in the order found; at most PL_SH_MAX_ERRORS */
	size_t nerrors;
} pl_sh_script;

/* Parser options. */
enum {
	PL_SH_NO_NESTED = 1 << 0,         /* do not parse sh -c strings again */
	PL_SH_EXTERNAL_HEREDOCS = 1 << 1, /* bodies of << in the text come from elsewhere (a Dockerfile
	                                     heredoc): one left open at the end is not an error */
};

/*
** Parse text[0..len) as a shell script.  map translates offsets in text
** to physical file offsets (NULL: offsets are relative to 0).  Everything
** is allocated in arena.  Never returns NULL.
*/
pl_sh_script *pl_sh_parse(pl_arena *arena, const char *text, size_t len,
                          const pl_textmap *map, unsigned opts);

/*
** A script of one simple command whose words are given as they are
** (the exec form RUN ["apt-get", "install", "-y", "curl"]): no quote
** removal, no expansion, no reserved words; wrappers (sudo, env, …) are
** resolved and `sh -c` strings are not parsed again (the caller does
** that with the exact map).  The words are copied into arena.
*/
pl_sh_script *pl_sh_from_words(pl_arena *arena, const pl_sh_word *words, size_t n);

/* ---- questions rules ask ------------------------------------------ */
/*
** hadolint's semantics: the arguments are the words after argv0 (a
** wrapper's own options are not the command's), compared by their
** unquoted text.  All are cheap (one pass over the words, no allocation).
** A rule such as "apt-get install needs -y":
**     if (pl_sh_cmd_is(c, "apt-get") && pl_sh_cmd_subcommand_is(c, "install")
**         && !pl_sh_cmd_has_any_flag(c, (const char *const[]){"-y", "--yes",
**                                        "--assume-yes", "-qq", NULL}))
*/

/* The command's effective name is 'name' (compared to pl_sh_cmd.name). */
bool pl_sh_cmd_is(const pl_sh_cmd *c, const char *name);
/* Number of arguments after argv0. */
size_t pl_sh_cmd_argc(const pl_sh_cmd *c);
/* i-th argument after argv0 (0-based), or NULL. */
const pl_sh_word *pl_sh_cmd_arg(const pl_sh_cmd *c, size_t i);
/* Some argument after argv0 equals s exactly. */
bool pl_sh_cmd_has_arg(const pl_sh_cmd *c, const char *s);
/*
** The command has a flag: flag is "-y" (a short flag, also found inside
** clusters such as -qy, and as -y=…) or "--yes" (a long flag, also
** --yes=…).  Any other flag ("-qq", find's "-name") is matched as a
** whole word (or word=…).  Arguments after a bare "--" are not flags.
*/
bool pl_sh_cmd_has_flag(const pl_sh_cmd *c, const char *flag);
/* Any of the NULL-terminated flags. */
bool pl_sh_cmd_has_any_flag(const pl_sh_cmd *c, const char *const *flags);
/*
** The value of the first occurrence of a flag given as "--flag=v",
** "--flag v", "-f v", "-fv", "-f=v", or last in a cluster ("-xf v").
** Returns the word that holds the value and points *value (may be NULL)
** at the value inside that word's text; NULL if the flag is absent or
** has no value.
*/
const pl_sh_word *pl_sh_cmd_flag_value(const pl_sh_cmd *c, const char *flag, const char **value);
/*
** Some occurrence of flag has exactly this value, e.g.
** `apt-get -o APT::Install-Recommends=false` or `set -eo pipefail`.
*/
bool pl_sh_cmd_has_flag_value(const pl_sh_cmd *c, const char *flag, const char *value);
/*
** Arguments that are not flags (do not start with '-'; a lone "-" is an
** operand), in order, into out[0..max); returns how many there are
** (which may exceed max; out may be NULL when max is 0).  Arguments
** after "--" count as non-flags, the "--" itself does not.  The value of
** a flag given apart ("-o x") counts: see pl_sh_cmd_operands.
*/
size_t pl_sh_cmd_nonflags(const pl_sh_cmd *c, const pl_sh_word **out, size_t max);
/*
** Like pl_sh_cmd_nonflags, but the flags listed in valued (NULL-terminated;
** NULL for none) take a value, so the word after them is not an operand:
**     static const char *const pip_valued[] = {"-r", "-c", "-i", "--index-url", NULL};
**     n = pl_sh_cmd_operands(c, pip_valued, ops, 16);   // pip install -r x.txt foo==1 → install, foo==1
** Attached values ("-rx.txt", "--index-url=u") need no entry.
*/
size_t pl_sh_cmd_operands(const pl_sh_cmd *c, const char *const *valued,
                          const pl_sh_word **out, size_t max);
/* The first non-flag argument equals sub (e.g. "install" for apt-get -y install). */
bool pl_sh_cmd_subcommand_is(const pl_sh_cmd *c, const char *sub);
/*
** A wrapper named name runs the command, anywhere in its chain of
** wrappers: true for "sudo" in `env A=1 sudo apt-get …` (whose
** pl_sh_cmd.wrapper is "env").  A wrapper that runs nothing is the
** command itself (`sudo -v`: use pl_sh_cmd_is).
*/
bool pl_sh_cmd_wrapped_by(const pl_sh_cmd *c, const char *name);

#endif
