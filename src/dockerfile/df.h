/*
** Internals of the Dockerfile front end, shared by the files of
** src/dockerfile/: the parser state, logical lines, text maps, word
** splitting and word processing.
*/
#ifndef PL_DF_PRIVATE_H
#define PL_DF_PRIVATE_H

#include "plimsoll/dockerfile.h"

/* ---- text and maps (lex.c) ----------------------------------------- */

typedef pl_textmap_segs pl_df__segs;

/* A logical text under construction: bytes plus the map back to the file. */
typedef struct pl_df__text {
	PL_VEC(char) buf;             /* the bytes; NUL-terminated by pl_df__text_map */
	pl_df__segs segs;             /* buf offset -> physical offset, contiguous in buf */
} pl_df__text;

/* Append the physical bytes text[phys, phys+n) to t. */
void pl_df__text_add(pl_arena *a, pl_df__text *t, const char *text, size_t phys, size_t n);
/* NUL-terminate t and return its map; base is the position of an empty text. */
pl_textmap pl_df__text_map(pl_arena *a, pl_df__text *t, size_t base);

/* Map whose offset 0 is offset lo of m, covering m's [lo, hi). */
pl_textmap pl_df__map_sub(pl_arena *a, const pl_textmap *m, size_t lo, size_t hi);
/*
** Compose: segs maps a text into the logical text of m (its 'phys' are
** offsets in m's text); the result maps the text to physical offsets.
*/
pl_textmap pl_df__map_compose(pl_arena *a, const pl_textmap_seg *segs, size_t n,
                              const pl_textmap *m);

/* ---- the parser state ----------------------------------------------- */

typedef struct pl_df__parser {
	pl_arena *arena;            /* everything made for the file */
	const pl_source *src;       /* the file */
	const char *text;           /* src->text */
	size_t len;                 /* src->len */
	size_t pos;                 /* offset of the next physical line to read */
	char escape;                /* the escape character: '\\' or '`' */
	bool directives_done;       /* a line that is not a parser directive was seen */
	PL_VEC(pl_df_instr *) instrs;        /* top-level instructions so far */
	PL_VEC(pl_df_directive) directives;  /* parser directives so far */
	PL_VEC(pl_df_comment) comments;      /* comment lines so far */
	PL_VEC(pl_df_error) errors;          /* problems so far, in the order found */
	pl_df__text line;           /* scratch: the current logical line, reused (ln->text and ln->map point here) */
	struct pl_df__toks_ *toks;  /* scratch: JSON string positions, reused by one caller at a time */
} pl_df__parser;

/* One instruction's logical line: continuations joined, comment and blank lines dropped. */
typedef struct pl_df__line {
	const char *text;           /* not NUL-terminated; valid until the next pl_df__next_line */
	size_t len;                 /* bytes in text */
	pl_textmap map;             /* text offset -> physical offset; valid until the next pl_df__next_line */
	size_t end;                 /* physical end of the last line that gave text (newline excluded) */
	bool empty_cont;            /* an empty line was skipped inside the continuation */
	bool eof_cont;              /* the file ended while a continuation was pending */
	size_t eof_esc;             /* when eof_cont: offset of that escape character */
} pl_df__line;

#define PL_DF__MAX_QUOTED 40 /* longest user text quoted in full in a message */

/* s[0, n) for a message: cut after PL_DF__MAX_QUOTED bytes (at a character boundary), "..." added. */
const char *pl_df__quote(pl_arena *a, const char *s, size_t n);
/* Record a parse problem (message lowercase, subject in single quotes, no period). */
void pl_df__error(pl_df__parser *p, pl_span span, const char *fmt, ...) PL_PRINTF(3, 4);

/* lex.c: the next instruction line, or false at the end of the file. */
bool pl_df__next_line(pl_df__parser *p, pl_df__line *ln);
/* lex.c: read the body of h (name and strip_tabs set) from the next physical line on. */
void pl_df__read_heredoc(pl_df__parser *p, pl_df_heredoc *h);

/* ---- words (words.c) ------------------------------------------------ */

static inline bool pl_df__is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* A word found in a logical text: [lo, hi). */
typedef struct pl_df__tok {
	size_t lo;                  /* first byte */
	size_t hi;                  /* one past the last byte */
	bool quoted;                /* opened a quote */
	bool open_quote;            /* the text ended inside that quote */
	bool quoted_space;          /* whitespace inside quotes */
} pl_df__tok;

typedef struct pl_df__toks_ {
	pl_df__tok *v;              /* the words */
	size_t n, cap;              /* used and allocated */
} pl_df__toks;                  /* a PL_VEC(pl_df__tok) with a tag, so the parser can hold one */

/*
** The next word of s[*pos, hi) as BuildKit's parseWords splits them:
** whitespace separates, quotes group (and stay in the word), esc takes
** the next byte literally (except inside single quotes).  Advances *pos
** past it; false when only blanks are left.
*/
bool pl_df__next_word(const char *s, size_t *pos, size_t hi, char esc, pl_df__tok *t);

/* Result of pl_df__json_array. */
enum {
	PL_DF__JSON_OK,         /* a JSON array of strings */
	PL_DF__JSON_NOT_STRING, /* valid JSON array, but an element is not a string */
	PL_DF__JSON_BAD,        /* not JSON */
};

/* Parse s[lo, hi) as a JSON array; on success the string tokens (quotes included) go to out. */
int pl_df__json_array(pl_arena *a, const char *s, size_t lo, size_t hi, pl_df__toks *out);
/*
** Decode the JSON string token s[0, n) (quotes included).  With segs,
** also push the map from decoded offsets to offsets in s (each escape
** maps to its first byte).
*/
char *pl_df__json_decode(pl_arena *a, const char *s, size_t n, pl_df__segs *segs);

/* ---- word processing (expand.c) ------------------------------------- */

enum {
	PL_DF__NO_VARS = 1 << 0,    /* $ is an ordinary character: quote removal only */
	PL_DF__KEEP_UNSET = 1 << 1, /* an unset variable stays as written (BuildKit SkipUnsetEnv), but
	                               ${V-w} ${V:-w} give w and ${V+w} ${V:+w} give "" (the default applies) */
};

/* pl_df_expand with options PL_DF__*. */
char *pl_df__process(pl_arena *a, const char *s, size_t n, char escape, unsigned opts,
                     pl_df_lookup_fn lookup, pl_df_unset_fn unset, void *ud);

/* Quote removal and escapes, no expansion: the value of a shell-form word. */
static inline char *pl_df__unquote(pl_arena *a, const char *s, size_t n, char escape)
{
	return pl_df__process(a, s, n, escape, PL_DF__NO_VARS, NULL, NULL, NULL);
}

/* ---- shell commands (script.c) -------------------------------------- */

/* Fill in->sh and in->sh_src for RUN, CMD, ENTRYPOINT and HEALTHCHECK. */
void pl_df__parse_shell(pl_df__parser *p, pl_df_instr *in, size_t cmd_lo);

#endif
