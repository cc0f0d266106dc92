/*
** Internals of the shell parser, shared by its files and nothing else:
**
**   lex.c      tokens: operators, words (quotes, escapes, expansions),
**              here-document bodies, the text maps of nested strings
**   parse.c    the grammar (recursive descent, one function a production)
**              and pl_sh_parse()
**   command.c  effective command behind wrappers, sh -c script argument
**   query.c    the public questions rules ask (pl_sh_cmd_has_flag …)
**   dump.c     the S-expression writer
**
** The parser reads a "logical" text (the Dockerfile has joined its
** continuation lines) and maps every span back through a pl_textmap.
** Nested texts (backquotes, sh -c strings) get a lexer of their own whose
** map is composed with the outer one, so their spans are physical too.
*/
#ifndef PL_SHELL_PARSER_H
#define PL_SHELL_PARSER_H

#include "plimsoll/shell.h"

typedef enum pl_sh__tok_kind {
	PL_SH_TK_EOF,       /* end of the text (also after an abort) */
	PL_SH_TK_NEWLINE,   /* '\n'; pending here-document bodies were read after it */
	PL_SH_TK_WORD,      /* a word; w is live */
	PL_SH_TK_ARITH,     /* (( … )) where a command may start; w is live */
	PL_SH_TK_REDIR,     /* a redirection operator; op and fd are live */
	PL_SH_TK_SEMI,      /* ; */
	PL_SH_TK_DSEMI,     /* ;; */
	PL_SH_TK_SEMI_AND,  /* ;& */
	PL_SH_TK_DSEMI_AND, /* ;;& */
	PL_SH_TK_AMP,       /* & */
	PL_SH_TK_AND_IF,    /* && */
	PL_SH_TK_OR_IF,     /* || */
	PL_SH_TK_PIPE,      /* | */
	PL_SH_TK_PIPE_AMP,  /* |& */
	PL_SH_TK_LPAREN,    /* ( */
	PL_SH_TK_RPAREN,    /* ) */
} pl_sh__tok_kind;

/* Token bits (pl_sh__tok.bits), for words. */
enum {
	PL_SH_TB_PLAIN = 1 << 0,  /* no quote, escape, expansion or continuation: may be a reserved word */
	PL_SH_TB_ASSIGN = 1 << 1, /* NAME=… or NAME+=… with an unquoted NAME */
	PL_SH_TB_NEST = 1 << 2,   /* literal enough to be parsed again as an sh -c script: no error,
	                             no command substitution, no unquoted expansion */
};

typedef struct pl_sh__tok {
	pl_sh__tok_kind kind;
	size_t lo, hi;      /* logical extent in the lexer's text */
	size_t mark;        /* commands made before this token was read (start of its command range) */
	pl_sh_word w;       /* WORD, ARITH: the word */
	const char *op;     /* the operator as a static string; REDIR: ">", "2>" is op ">" with fd 2 */
	int fd;             /* REDIR: the fd prefix, or -1 */
	unsigned bits;      /* PL_SH_TB_* */
} pl_sh__tok;

/* A here-document waiting for the newline after which its body starts. */
typedef struct pl_sh__pending {
	pl_sh_heredoc_body *body; /* filled when the body is read */
	const char *delim;        /* the delimiter, quotes removed */
	bool strip_tabs;          /* <<- */
	size_t lo, hi;            /* logical extent of the redirection, for the error */
} pl_sh__pending;

/* Runs of a text: lo = offset in the text, phys = offset in the enclosing text (or file). */
typedef pl_textmap_segs pl_sh__segvec;

/* One text being read: the script, a backquoted command or an sh -c string. */
typedef struct pl_sh__lexer {
	const char *s;             /* the logical text */
	size_t len;                /* its length in bytes */
	size_t pos;                /* next byte to read */
	const pl_textmap *map;     /* logical -> physical; NULL = identity */
	bool outer;                /* the text given to pl_sh_parse (not a nested string) */
	bool regex;                /* the next word is the right side of =~ inside [[ ]] */
	PL_VEC(pl_sh__pending) pending; /* here-documents whose body is still to come */
	pl_sh__tok la[2];          /* lookahead tokens */
	unsigned nla;              /* valid entries of la */
} pl_sh__lexer;

/* A word of a simple command being built, with what the lexer knew of it. */
typedef struct pl_sh__lword {
	pl_sh_word w;  /* the word */
	size_t lo, hi; /* its logical extent, to scan it again for sh -c */
	unsigned bits; /* PL_SH_TB_* */
} pl_sh__lword;

/* A command and the number of substitutions around it (pipes do not cross them). */
typedef struct pl_sh__cmdent {
	pl_sh_cmd *cmd;  /* the command */
	unsigned subst;  /* enclosing $( ), ` `, <( ) at its creation */
} pl_sh__cmdent;

typedef struct pl_sh__parser {
	pl_arena *arena;           /* owns everything made */
	unsigned opts;             /* PL_SH_NO_NESTED, PL_SH_EXTERNAL_HEREDOCS */
	pl_sh__lexer lx;           /* the text being read now */
	unsigned nest;             /* recursion depth of nested constructs; capped at PL_SH_MAX_NEST */
	unsigned level;            /* pl_sh_cmd.depth of commands made now */
	unsigned subst;            /* substitutions enclosing the current position */
	unsigned ctx;              /* PL_SH_IN_* bits known on entry to the current construct */
	pl_sh_join join;           /* join of the next simple command */
	bool abort;                /* the nesting cap was hit: every lexer reports EOF */
	bool rec;                  /* record the runs of the word being scanned into segs */
	size_t nsubst_seen;        /* substitutions parsed so far; a word compares before/after */
	PL_VEC(pl_sh__cmdent) cmds;/* commands in creation order */
	PL_VEC(pl_sh_error) errors;
	PL_VEC(pl_sh_sub) subs;    /* in creation order (a slot is taken when one starts) */
	size_t copy_budget;        /* bytes left for copying expansions into word texts (see lex.c) */
	PL_VEC(char) buf;          /* word text being built; used as a stack by nested words */
	PL_VEC(pl_sh__lword) lwords; /* words of the simple commands being built: a stack, as buf */
	PL_VEC(pl_sh_word) assigns;  /* their assignments: a stack */
	PL_VEC(pl_sh_redir) redirs;  /* their redirections, and a compound's: a stack */
	pl_sh__segvec segs;        /* runs being recorded: of the word in a rescan (rec; lo = offset in
	                              buf), or of a backquote's or heredoc's text (lo = offset in it) */
} pl_sh__parser;

/* ---- lex.c ------------------------------------------------------- */

/* Read the next token of P->lx (never fails; EOF at the end or after an abort). */
pl_sh__tok pl_sh__lex(pl_sh__parser *P);
/* Physical span of logical [lo, hi) of the current text. */
pl_span pl_sh__span(const pl_sh__parser *P, size_t lo, size_t hi);
/* Record an error at logical [lo, hi) (ignored after an abort). */
void pl_sh__error(pl_sh__parser *P, size_t lo, size_t hi, const char *fmt, ...) PL_PRINTF(4, 5);
/*
** s as it may be quoted in a message: cut at a control byte (a newline)
** or after 40 bytes on a UTF-8 boundary, with "…" when cut.
*/
const char *pl_sh__excerpt(pl_sh__parser *P, const char *s);
/* Enter one nesting level; false (after reporting, and aborting) when the cap is hit. */
bool pl_sh__enter(pl_sh__parser *P, size_t lo);
/* Leave a level entered with pl_sh__enter. */
void pl_sh__leave(pl_sh__parser *P);
/*
** Scan again the word at logical [lo, …) of the current text, recording
** how its text maps to physical offsets; returns that map (in the arena)
** and sets *text to the text of this scan (expansions never shortened).
*/
pl_textmap pl_sh__word_map(pl_sh__parser *P, size_t lo, const char **text);
/* Report here-documents still open at the end of the current text. */
void pl_sh__finish_heredocs(pl_sh__parser *P);

/* ---- parse.c ----------------------------------------------------- */

/*
** Parse a $( … ) or <( … ) whose opening is at logical start of the
** current text (P->lx.pos just after the '('); on return pos is after
** the ')'.  kind is PL_SH_SUB_DOLLAR or PL_SH_SUB_PROCESS.
*/
void pl_sh__parse_paren_subst(pl_sh__parser *P, size_t start, pl_sh_sub_kind kind);
/*
** Parse text[0..len) (a backquoted command or an sh -c string) with its
** own lexer and map; lo/hi is its extent in the current text, for the
** pl_sh_sub record.  Returns the tree (NULL when empty).
*/
pl_sh_node *pl_sh__parse_text(pl_sh__parser *P, const char *text, size_t len,
                              const pl_textmap *map, pl_sh_sub_kind kind,
                              size_t lo, size_t hi);

/* ---- command.c --------------------------------------------------- */

/* Set argv0, name and wrapper of c from its words. */
void pl_sh__resolve(pl_sh_cmd *c);
/* Index in c->words of the script an sh -c / su -c runs, or c->nwords if none. */
size_t pl_sh__script_arg(const pl_sh_cmd *c);
/* The part of path after its last '/'. */
const char *pl_sh__basename(const char *path);

#endif
