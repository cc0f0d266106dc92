/*
** The Dockerfile front end: directives, instructions, stages and
** variable scopes, parsed the way BuildKit parses them.  The parser
** never fails: a problem becomes a pl_df_error (reported as PL0001) and
** parsing resumes at the next instruction.
**
**     pl_dockerfile df;
**     pl_dockerfile_parse(&df, arena, &src);
**     for (size_t i = 0; i < df.ninstrs; i++) ... df.instrs[i] ...
**
** Everything lives in the arena; nothing needs freeing.  All spans are
** physical byte ranges in src, so continuation lines and heredocs keep
** their real positions.
*/
#ifndef PLIMSOLL_DOCKERFILE_H
#define PLIMSOLL_DOCKERFILE_H

#include "plimsoll/shell.h"
#include "plimsoll/source.h"

/* The one list of instructions: X(ENUM, "KEYWORD"). */
#define PL_INSTR_LIST(X)                                                     \
	X(FROM, "FROM") X(RUN, "RUN") X(CMD, "CMD") X(LABEL, "LABEL")          \
	X(MAINTAINER, "MAINTAINER") X(EXPOSE, "EXPOSE") X(ENV, "ENV")          \
	X(ADD, "ADD") X(COPY, "COPY") X(ENTRYPOINT, "ENTRYPOINT")               \
	X(VOLUME, "VOLUME") X(USER, "USER") X(WORKDIR, "WORKDIR") X(ARG, "ARG") \
	X(ONBUILD, "ONBUILD") X(STOPSIGNAL, "STOPSIGNAL")                       \
	X(HEALTHCHECK, "HEALTHCHECK") X(SHELL, "SHELL")

typedef enum pl_instr_kind {
	PL_INSTR_UNKNOWN, /* a keyword BuildKit does not know; as: nothing */
#define PL__X(e, k) PL_INSTR_##e,
	PL_INSTR_LIST(PL__X)
#undef PL__X
	PL_INSTR__COUNT
} pl_instr_kind;

/* "FROM" for PL_INSTR_FROM; "UNKNOWN" for PL_INSTR_UNKNOWN. */
const char *pl_instr_keyword(pl_instr_kind k);
/* Kind of a keyword, case-insensitive; PL_INSTR_UNKNOWN if none. */
pl_instr_kind pl_instr_lookup(const char *s, size_t n);

/* A word of an instruction's arguments. */
typedef struct pl_df_word {
	pl_span span;      /* as written, quotes included */
	const char *value; /* quotes removed and escapes resolved (shell form) or JSON-decoded (exec form); variables not expanded */
	const char *raw;   /* as written in the logical text (quotes kept, continuations joined): the input for pl_df_expand */
	bool quoted;       /* some part was quoted (shell form); always false in exec form */
} pl_df_word;

/* A --name[=value] flag before the arguments (FROM, RUN, COPY, ADD, HEALTHCHECK). */
typedef struct pl_df_flag {
	pl_span span;       /* the whole flag, "--" included */
	pl_span name_span;  /* the name, without "--" */
	pl_span value_span; /* the value after '=', len 0 when absent */
	const char *name;   /* e.g. "mount", as written (lowercase in practice) */
	const char *value;  /* unquoted value, or NULL for a bare --flag */
} pl_df_flag;

/* A key=value pair of ENV, LABEL or ARG. */
typedef struct pl_df_kv {
	pl_span span;        /* the whole pair */
	pl_span key_span;
	pl_span value_span;  /* len 0 when there is no value */
	const char *key;     /* unquoted */
	const char *value;   /* unquoted; "" for `ENV K=`; NULL for ARG without '=' */
	const char *raw_value; /* the value as written (quotes kept): the input for pl_df_expand; NULL with value */
	bool legacy;         /* ENV/LABEL written `KEY value` (no '=') */
} pl_df_kv;

/* A heredoc attached to RUN, COPY or ADD. */
typedef struct pl_df_heredoc {
	pl_span span;        /* the <<NAME word on the instruction line */
	const char *name;    /* delimiter, unquoted */
	bool quoted;         /* delimiter was quoted: no expansion in the body */
	bool strip_tabs;     /* <<- : leading tabs stripped from body lines */
	int fd;              /* explicit fd before <<, or -1 */
	pl_span body;        /* physical body lines, without the closing delimiter line */
	const char *text;    /* body text (tabs stripped for <<-), NUL-terminated */
	pl_textmap map;      /* text offset -> physical offset */
	pl_span end;         /* the closing delimiter line; len 0 when unterminated */
	bool unterminated;   /* the file ended before the delimiter */
} pl_df_heredoc;

/* A parsed image reference: [registry/]path[:tag][@digest]. */
typedef struct pl_df_imageref {
	const char *text;     /* the reference after ARG expansion */
	const char *registry; /* "ghcr.io", "localhost:5000"; NULL when none is written (Docker Hub) */
	const char *path;     /* "library/python", "python", "org/app" as written, without registry */
	const char *name;     /* last path component: "python" */
	const char *tag;      /* NULL when absent */
	const char *digest;   /* "sha256:…", NULL when absent */
	bool has_vars;        /* still holds a $ after expansion (unknown value) */
	bool scratch;         /* the special image "scratch" */
} pl_df_imageref;

typedef struct pl_df_stage pl_df_stage;
typedef struct pl_df_instr pl_df_instr;

typedef struct pl_df_from {
	pl_df_word image;           /* the image word as written */
	pl_df_imageref ref;         /* parsed from image.raw after expanding the global ARG defaults: unknown
	                               variables stay as written (ref.has_vars), ${V:-d} of one gives d */
	pl_span as_kw;              /* the AS keyword; len 0 when there is none */
	pl_df_word name;            /* stage name; span.len 0 when unnamed */
	const pl_df_stage *base;    /* the earlier stage the image names, or NULL */
} pl_df_from;

typedef struct pl_df_copy {        /* COPY and ADD */
	pl_df_word *srcs;           /* sources (heredoc sources are words like <<EOF) */
	size_t nsrcs;
	pl_df_word dest;            /* span.len 0 when missing */
} pl_df_copy;

typedef struct pl_df_healthcheck {
	bool none;                  /* HEALTHCHECK NONE */
	pl_span cmd_kw;             /* the CMD keyword; len 0 when absent */
} pl_df_healthcheck;

/* Where pl_df_instr.sh was parsed from. */
typedef enum pl_df_sh_src {
	PL_DF_SH_NONE,         /* sh is NULL: RUN <<EOF whose #! names a non-shell, an empty exec form, other instructions */
	PL_DF_SH_ARGS,         /* the shell-form command line (args; HEALTHCHECK: the text after CMD) */
	PL_DF_SH_HEREDOC,      /* RUN <<EOF alone: the body of heredocs[0] */
	PL_DF_SH_ARGS_HEREDOC, /* RUN sh <<EOF (or <<EOF bash): the command line, then the body of the first
	                          stdin heredoc, in one script (cmds of both in order; root a SEQ of both roots) */
	PL_DF_SH_EXEC_C,       /* exec form ["sh", "-c", "script"]: the script string */
	PL_DF_SH_EXEC,         /* any other exec form ["prog", "arg", …]: one command of the JSON strings as
	                          they are (pl_sh_from_words), so rules ask the same questions of both forms */
} pl_df_sh_src;

/* Instruction flags (pl_df_instr.bits). */
enum {
	PL_DF_JSON = 1 << 0,        /* arguments in exec (JSON array) form */
	PL_DF_JSON_INVALID = 1 << 1,/* starts with '[' but is not a JSON string array: treated as shell form */
	PL_DF_EMPTY_CONT = 1 << 2,  /* an empty line inside a continuation (NoEmptyContinuation) */
};

struct pl_df_instr {
	pl_instr_kind kind;
	pl_span span;               /* keyword to the end of the last continuation line (heredoc bodies excluded) */
	pl_span keyword;            /* the keyword as written */
	size_t index;               /* position in pl_dockerfile.instrs; ONBUILD inner: parent's index */
	unsigned bits;              /* PL_DF_* */
	pl_df_flag *flags;          /* --flags, in order */
	size_t nflags;
	const char *args;           /* logical text after keyword and flags: continuations joined, comment lines dropped */
	size_t args_len;
	pl_textmap args_map;        /* args offset -> physical offset */
	pl_df_word *argv;           /* exec form: the JSON strings; shell form: whitespace-split words (quotes honoured);
	                               HEALTHCHECK: the command after CMD; MAINTAINER, USER, WORKDIR, STOPSIGNAL:
	                               one word, all the text (BuildKit reads `WORKDIR /a b` as "/a b") */
	size_t argc;
	pl_df_heredoc *heredocs;    /* RUN/COPY/ADD heredocs, in order */
	size_t nheredocs;
	pl_sh_script *sh;           /* RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD in either form: the commands; else NULL (see sh_src) */
	pl_df_sh_src sh_src;        /* what sh was parsed from */
	pl_df_stage *stage;         /* stage it belongs to; NULL before the first FROM */
	pl_df_instr *parent;        /* the ONBUILD that holds this instruction, or NULL */
	pl_df_kv *kvs;              /* ENV, LABEL, ARG: the pairs */
	size_t nkvs;
	union {
		pl_df_from from;        /* FROM */
		pl_df_copy copy;        /* COPY, ADD */
		pl_df_healthcheck health;/* HEALTHCHECK (the command is in argv/sh) */
		pl_df_instr *inner;     /* ONBUILD: the wrapped instruction (NULL if missing) */
	} as;
};

struct pl_df_stage {
	size_t index;               /* 0-based */
	const char *name;           /* AS name as written, or NULL */
	pl_df_instr *from;          /* its FROM */
	pl_df_instr **instrs;       /* its instructions, FROM first */
	size_t ninstrs;
	const pl_df_stage *base;    /* FROM <earlier stage>, or NULL */
	bool is_last;               /* the stage the build produces: the last of the file, or the
	                               'target:' of the compose project that builds it */
};

/* A parser directive from the top of the file: # syntax=…, # escape=…, # check=… */
typedef struct pl_df_directive {
	pl_span span;               /* the whole comment line */
	const char *name;           /* lowercased */
	const char *value;
	pl_span value_span;
} pl_df_directive;

/* A comment line (directives included), for pragmas. */
typedef struct pl_df_comment {
	pl_span span;               /* from '#' to the end of the line */
	const char *text;           /* after '#', leading/trailing blanks trimmed */
	size_t next_instr;          /* index of the instruction that follows (in_continuation: the one it sits in), ninstrs if none */
	bool in_continuation;       /* inside a continued instruction */
} pl_df_comment;

typedef struct pl_df_error {
	pl_span span;
	const char *message;        /* lowercase, no trailing period */
} pl_df_error;

typedef struct pl_dockerfile {
	const pl_source *src;
	char escape;                /* '\\' or '`' */
	pl_df_directive *directives;
	size_t ndirectives;
	pl_df_instr **instrs;       /* top-level instructions in order (ONBUILD inner ones not included) */
	size_t ninstrs;
	pl_df_stage *stages;
	size_t nstages;
	pl_df_instr **global_args;  /* ARGs before the first FROM */
	size_t nglobal_args;
	pl_df_comment *comments;
	size_t ncomments;
	pl_df_error *errors;        /* parse problems in file order, reported as PL0001 */
	size_t nerrors;
} pl_dockerfile;

/* Parse src into df (caller-owned); everything allocated in arena. */
void pl_dockerfile_parse(pl_dockerfile *df, pl_arena *arena, const pl_source *src);

/* The flag named name (without "--") of in, or NULL. */
const pl_df_flag *pl_df_flag_find(const pl_df_instr *in, const char *name);
/* The directive named name, or NULL. */
const pl_df_directive *pl_df_directive_find(const pl_dockerfile *df, const char *name);
/* The stage named name (case-insensitive) defined before 'before' (an index), the nearest if several; or NULL. */
const pl_df_stage *pl_df_stage_find(const pl_dockerfile *df, const char *name, size_t before);
/* Parse an image reference (no expansion) into ref. */
void pl_df_imageref_parse(pl_df_imageref *ref, pl_arena *arena, const char *text);

/*
** Variable expansion as BuildKit's shell lexer does it: $V, ${V},
** ${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?e} ${V?e} ${V#p} ${V##p} ${V%p}
** ${V%%p} ${V/p/r}, escapes with the file's escape character.  lookup
** returns the value of a variable or NULL when it is not set.  Names of
** variables read while unset are passed to 'unset' (may be NULL) with the
** offset of their '$' in s.  Where BuildKit would fail the build, the
** result is a best effort: a malformed ${…} stays as written, ${V:?e} of
** an unset V gives "".
*/
typedef const char *(*pl_df_lookup_fn)(void *ud, const char *name, size_t n);
typedef void (*pl_df_unset_fn)(void *ud, const char *name, size_t n, size_t at);
char *pl_df_expand(pl_arena *arena, const char *s, size_t n, char escape,
                   pl_df_lookup_fn lookup, pl_df_unset_fn unset, void *ud);

#endif
