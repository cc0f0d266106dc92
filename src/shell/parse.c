/*
** The shell grammar: a recursive-descent parser over the tokens of
** lex.c, one function a production (Lua's lparser.c), building the tree
** of shell.h and the flat list of simple commands rules ask about.
**
** It never fails.  A missing closing word is reported at the construct
** it should close and the tree built so far is kept; a token no
** production wants is reported and skipped at the script level, so the
** commands after it are still found.  Every construct that nests enters
** a level (pl_sh__enter); past PL_SH_MAX_NEST the parser reports once and
** every lexer reports EOF, so the recursion unwinds at once.
**
** Context bits known on entry (inside a loop body, a then-branch, a
** substitution …) are inherited through P->ctx.  Bits known only after
** a command was parsed (it is followed by && or |, its list ends in &)
** are added to the range of commands made since the first token of the
** item: each command is touched once per enclosing item, so the cost
** stays linear in the input for a fixed depth.
*/
#include "parser.h"

#include <stdlib.h>
#include <string.h>

typedef PL_VEC(pl_sh_node *) nodevec;
typedef PL_VEC(pl_sh_word) wordvec;

static pl_sh_node *parse_list(pl_sh__parser *P);
static pl_sh_node *parse_and_or(pl_sh__parser *P);
static pl_sh_node *parse_command(pl_sh__parser *P);

/* ---- tokens ------------------------------------------------------------ */

/* The next token, read if needed. */
static pl_sh__tok *peek(pl_sh__parser *P)
{
	if (P->lx.nla == 0) {
		pl_sh__tok t = pl_sh__lex(P);
		P->lx.la[0] = t;
		P->lx.nla = 1;
	}
	return &P->lx.la[0];
}

/* The token after the next one. */
static pl_sh__tok *peek2(pl_sh__parser *P)
{
	peek(P);
	if (P->lx.nla < 2) {
		pl_sh__tok t = pl_sh__lex(P);
		P->lx.la[1] = t;
		P->lx.nla = 2;
	}
	return &P->lx.la[1];
}

/* Consume the next token and return it. */
static pl_sh__tok next(pl_sh__parser *P)
{
	peek(P);
	pl_sh__tok t = P->lx.la[0];
	P->lx.la[0] = P->lx.la[1];
	P->lx.nla--;
	return t;
}

/* The token is the reserved word kw (an unquoted literal word). */
static bool is_kw(const pl_sh__tok *t, const char *kw)
{
	return t->kind == PL_SH_TK_WORD && (t->bits & PL_SH_TB_PLAIN) && strcmp(t->w.text, kw) == 0;
}

/* A reserved word that ends a list where a command could start. */
static bool is_closing_kw(const pl_sh__tok *t)
{
	static const char *const kws[] = {"then", "elif", "else", "fi", "do", "done", "esac", "}"};
	if (t->kind != PL_SH_TK_WORD || !(t->bits & PL_SH_TB_PLAIN))
		return false;
	for (size_t i = 0; i < PL_ARRAY_LEN(kws); i++)
		if (strcmp(t->w.text, kws[i]) == 0)
			return true;
	return false;
}

/* The next token ends the current list. */
static bool at_list_end(pl_sh__parser *P)
{
	const pl_sh__tok *t = peek(P);
	switch (t->kind) {
	case PL_SH_TK_EOF:
	case PL_SH_TK_RPAREN:
	case PL_SH_TK_DSEMI:
	case PL_SH_TK_SEMI_AND:
	case PL_SH_TK_DSEMI_AND:
		return true;
	default:
		return is_closing_kw(t);
	}
}

/* How a token reads in a message. */
static const char *tok_text(const pl_sh__tok *t)
{
	return t->kind == PL_SH_TK_WORD || t->kind == PL_SH_TK_ARITH ? t->w.text : t->op;
}

/* Report an unexpected token t. */
static void unexpected(pl_sh__parser *P, const pl_sh__tok *t)
{
	pl_sh__error(P, t->lo, t->hi, "unexpected '%s'", pl_sh__excerpt(P, tok_text(t)));
}

/* linebreak -> { newline } */
static void linebreak(pl_sh__parser *P)
{
	while (peek(P)->kind == PL_SH_TK_NEWLINE)
		next(P);
}

/* Physical span of token t. */
static pl_span tspan(const pl_sh__parser *P, const pl_sh__tok *t)
{
	return pl_sh__span(P, t->lo, t->hi);
}

/* span joined with the span of n, when there is an n. */
static pl_span extend(pl_span span, const pl_sh_node *n)
{
	return n ? pl_span_join(span, n->span) : span;
}

static pl_sh_node *new_node(pl_sh__parser *P, pl_sh_kind kind, pl_span span)
{
	pl_sh_node *n = pl_arena_alloc(P->arena, sizeof(*n));
	n->kind = kind;
	n->span = span;
	return n;
}

/* The items as one node: NULL, the only item, or a SEQ. */
static pl_sh_node *seq_of(pl_sh__parser *P, nodevec *items)
{
	if (items->n == 0)
		return NULL;
	if (items->n == 1)
		return items->v[0];
	pl_sh_node *n = new_node(P, PL_SH_SEQ,
	                         pl_span_join(items->v[0]->span, items->v[items->n - 1]->span));
	n->as.list.items = items->v;
	n->as.list.n = items->n;
	return n;
}

/*
** Add bits to every command made since the command count was 'from'.
** local: only commands at the current substitution level (a pipe does
** not reach into the $( ) of one of its stages).
*/
static void mark(pl_sh__parser *P, size_t from, unsigned bits, bool local)
{
	for (size_t i = from; i < P->cmds.n; i++)
		if (!local || P->cmds.v[i].subst == P->subst)
			P->cmds.v[i].cmd->ctx |= bits;
}

/*
** Copy elements [base, base+n) of the stack array v (elements of size
** elem) to an exact-size arena array.  Commands are built on P's stacks
** (a vector per command would cost 8 slots each) and copied out when
** done.  v may be NULL when n is 0 (an empty stack has no array).
*/
static void *take(pl_sh__parser *P, const void *v, size_t base, size_t n, size_t elem)
{
	if (n == 0)
		return NULL;
	void *d = pl_arena_alloc(P->arena, n * elem);
	memcpy(d, (const char *)v + base * elem, n * elem);
	return d;
}

/* ---- lists ------------------------------------------------------------ */

/*
** list      -> linebreak and_or { separator linebreak and_or } [separator]
** separator -> ';' | '&' | newline
** Appends the items to items.
*/
static void list_into(pl_sh__parser *P, nodevec *items)
{
	pl_sh_join join = PL_SH_JOIN_NONE;
	for (;;) {
		linebreak(P);
		if (at_list_end(P))
			break;
		size_t from = peek(P)->mark, lo = peek(P)->lo;
		P->join = join;
		pl_sh_node *n = parse_and_or(P);
		if (!n) {
			/* `! ;` or `&& ;` was reported where it failed: go on after the separator */
			pl_sh__tok *t = peek(P);
			bool sep = t->kind == PL_SH_TK_SEMI || t->kind == PL_SH_TK_AMP ||
			           t->kind == PL_SH_TK_NEWLINE;
			if (t->lo == lo || !sep)
				break;
			next(P);
			join = PL_SH_JOIN_SEQ;
			continue;
		}
		*PL_VEC_PUSH(P->arena, items) = n;
		pl_sh__tok *t = peek(P);
		if (t->kind == PL_SH_TK_AMP) {
			next(P);
			n->bg = true;
			mark(P, from, PL_SH_BACKGROUND, false);
			join = PL_SH_JOIN_BG;
		} else if (t->kind == PL_SH_TK_SEMI) {
			next(P);
			join = PL_SH_JOIN_SEQ;
		} else if (t->kind == PL_SH_TK_NEWLINE) {
			join = PL_SH_JOIN_SEQ;
		} else {
			break;
		}
	}
	P->join = PL_SH_JOIN_NONE;
}

/* list (as above), as one node */
static pl_sh_node *parse_list(pl_sh__parser *P)
{
	nodevec items = {0};
	list_into(P, &items);
	return seq_of(P, &items);
}

/* A list the grammar requires (after 'if', 'then', 'do', '(' …): report when it is empty. */
static pl_sh_node *required_list(pl_sh__parser *P, const pl_sh__tok *after)
{
	pl_sh_node *n = parse_list(P);
	if (!n)
		pl_sh__error(P, after->lo, after->hi, "expected a command after '%s'",
		             pl_sh__excerpt(P, tok_text(after)));
	return n;
}

/* The compound command (or (( )) ) that starts at t; see starts_compound. */
static bool starts_compound(const pl_sh__tok *t);

/*
** pipeline -> ['time'] ['!'] command { ('|' | '|&') linebreak command }
** `time` is a prefix (bash's reserved word) only before a compound
** command; `time make` is the wrapper of command.c.
*/
static pl_sh_node *parse_pipeline(pl_sh__parser *P)
{
	size_t from = peek(P)->mark;
	bool bang = false;
	pl_sh__tok bt = {0};
	if (is_kw(peek(P), "time") && starts_compound(peek2(P)))
		next(P);
	while (is_kw(peek(P), "!")) {
		bt = next(P);
		bang = true;
	}
	size_t sfrom = peek(P)->mark;
	pl_sh_node *first = parse_command(P);
	if (!first) {
		if (bang)
			pl_sh__error(P, bt.lo, bt.hi, "expected a command after '!'");
		return NULL;
	}
	nodevec items = {0}; /* made at the first '|': most pipelines have one stage */
	for (;;) {
		pl_sh__tok *t = peek(P);
		if (t->kind != PL_SH_TK_PIPE && t->kind != PL_SH_TK_PIPE_AMP)
			break;
		if (items.n == 0)
			*PL_VEC_PUSH(P->arena, &items) = first;
		pl_sh__tok op = next(P);
		mark(P, sfrom, PL_SH_IN_PIPELINE | PL_SH_PIPE_SOURCE, true);
		P->join = PL_SH_JOIN_PIPE;
		linebreak(P);
		sfrom = peek(P)->mark;
		pl_sh_node *n = parse_command(P);
		if (!n) {
			pl_sh__error(P, op.lo, op.hi, "expected a command after '%s'", op.op);
			break;
		}
		mark(P, sfrom, PL_SH_IN_PIPELINE, true);
		*PL_VEC_PUSH(P->arena, &items) = n;
	}
	if (bang)
		mark(P, from, PL_SH_NEGATED, true);
	if (items.n == 0 && !bang)
		return first;
	if (items.n == 0)
		*PL_VEC_PUSH(P->arena, &items) = first;
	pl_span span = pl_span_join(first->span, items.v[items.n - 1]->span);
	pl_sh_node *n = new_node(P, PL_SH_PIPELINE, bang ? pl_span_join(tspan(P, &bt), span) : span);
	n->bang = bang;
	n->as.list.items = items.v;
	n->as.list.n = items.n;
	return n;
}

/* and_or -> pipeline { ('&&' | '||') linebreak pipeline } */
static pl_sh_node *parse_and_or(pl_sh__parser *P)
{
	size_t from = peek(P)->mark;
	pl_sh_node *left = parse_pipeline(P);
	if (!left)
		return NULL;
	for (;;) {
		pl_sh__tok *t = peek(P);
		if (t->kind != PL_SH_TK_AND_IF && t->kind != PL_SH_TK_OR_IF)
			break;
		pl_sh__tok op = next(P);
		mark(P, from, PL_SH_IN_CONDITION, false);
		P->join = op.kind == PL_SH_TK_AND_IF ? PL_SH_JOIN_AND : PL_SH_JOIN_OR;
		linebreak(P);
		from = peek(P)->mark;
		pl_sh_node *right = parse_pipeline(P);
		if (!right) {
			pl_sh__error(P, op.lo, op.hi, "expected a command after '%s'", op.op);
			break;
		}
		mark(P, from, PL_SH_IN_BRANCH, false);
		pl_sh_node *n = new_node(P, op.kind == PL_SH_TK_AND_IF ? PL_SH_AND : PL_SH_OR,
		                         pl_span_join(left->span, right->span));
		n->as.pair.lhs = left;
		n->as.pair.rhs = right;
		left = n;
	}
	return left;
}

/*
** script -> list { <stray token> list }
** Until EOF, or until stop (')' for a $( … )), which is not consumed.
*/
static pl_sh_node *parse_script(pl_sh__parser *P, pl_sh__tok_kind stop)
{
	nodevec items = {0};
	for (;;) {
		list_into(P, &items);
		pl_sh__tok *t = peek(P);
		if (t->kind == PL_SH_TK_EOF || t->kind == stop)
			break;
		unexpected(P, t);
		next(P);
		while (peek(P)->kind == PL_SH_TK_SEMI || peek(P)->kind == PL_SH_TK_AMP)
			next(P); /* `fi;` is one mistake, not two */
	}
	return seq_of(P, &items);
}

/* ---- simple commands ---------------------------------------------------- */

/* redirect -> [fd] op word   (a << or <<- also waits for its body); pushed on P->redirs */
static size_t parse_redirect(pl_sh__parser *P)
{
	pl_sh__tok op = next(P);
	pl_sh_redir r;
	memset(&r, 0, sizeof(r));
	r.fd = op.fd;
	r.op = op.op;
	size_t hi = op.hi;
	if (peek(P)->kind == PL_SH_TK_WORD) {
		pl_sh__tok w = next(P);
		r.target = w.w;
		hi = w.hi;
	} else {
		pl_sh__error(P, op.lo, op.hi, "expected a word after '%s'", op.op);
		r.target.span = pl_sh__span(P, op.hi, op.hi);
		r.target.text = "";
	}
	r.span = pl_sh__span(P, op.lo, hi);
	if (hi > op.hi && (strcmp(op.op, "<<") == 0 || strcmp(op.op, "<<-") == 0)) {
		pl_sh_heredoc_body *body = pl_arena_alloc(P->arena, sizeof(*body));
		body->text = "";
		pl_sh__pending *pd = PL_VEC_PUSH(P->arena, &P->lx.pending);
		pd->body = body;
		pd->delim = r.target.text;
		pd->strip_tabs = op.op[2] == '-';
		pd->lo = op.lo;
		pd->hi = hi;
		r.heredoc = body;
	}
	*PL_VEC_PUSH(P->arena, &P->redirs) = r;
	return hi;
}

/* A word made of an operator token inside [[ ]] (`&&`, `<`, `(` …). */
static void push_op_word(pl_sh__parser *P, const pl_sh__tok *t)
{
	pl_sh__lword *lw = PL_VEC_PUSH(P->arena, &P->lwords);
	lw->w.span = tspan(P, t);
	lw->w.text = pl_arena_strndup(P->arena, P->lx.s + t->lo, t->hi - t->lo);
	lw->lo = t->lo;
	lw->hi = t->hi;
	lw->bits = PL_SH_TB_PLAIN;
}

/* cond -> '[[' { word | operator | newline } ']]'   ('[[' already read); returns the end */
static size_t parse_cond(pl_sh__parser *P, const pl_sh__tok *open)
{
	size_t hi = open->hi;
	for (;;) {
		pl_sh__tok *t = peek(P);
		switch (t->kind) {
		case PL_SH_TK_NEWLINE:
			next(P);
			continue;
		case PL_SH_TK_WORD: {
			pl_sh__tok w = next(P);
			pl_sh__lword *lw = PL_VEC_PUSH(P->arena, &P->lwords);
			lw->w = w.w;
			lw->lo = w.lo;
			lw->hi = w.hi;
			lw->bits = w.bits;
			hi = w.hi;
			if (is_kw(&w, "]]"))
				return hi;
			if (is_kw(&w, "=~"))
				P->lx.regex = true;
			continue;
		}
		case PL_SH_TK_AND_IF:
		case PL_SH_TK_OR_IF:
		case PL_SH_TK_LPAREN:
		case PL_SH_TK_RPAREN:
		case PL_SH_TK_REDIR: {
			pl_sh__tok o = next(P);
			push_op_word(P, &o);
			hi = o.hi;
			continue;
		}
		default:
			pl_sh__error(P, open->lo, open->hi, "missing ']]'");
			return hi;
		}
	}
}

/* Parse the script string word w (at logical lo..hi) run by an sh -c. */
static const pl_sh_node *nested_string(pl_sh__parser *P, const pl_sh__lword *w)
{
	const char *text;
	pl_textmap *map = pl_arena_alloc(P->arena, sizeof(*map));
	*map = pl_sh__word_map(P, w->lo, &text); /* text and map from one scan: they agree */
	return pl_sh__parse_text(P, text, strlen(text), map, PL_SH_SUB_STRING, w->lo, w->hi);
}

/*
** simple_command -> { assignment | redirect } { word | redirect }
**                 | '[[' … ']]' { redirect }
**                 | '((' … '))' { redirect }
*/
static pl_sh_node *parse_simple(pl_sh__parser *P)
{
	pl_sh_join join = P->join;
	unsigned ctx = P->ctx, level = P->level, subst = P->subst;
	size_t wbase = P->lwords.n, abase = P->assigns.n, rbase = P->redirs.n;
	bool arith = false;
	size_t lo = peek(P)->lo, hi = lo;
	P->join = PL_SH_JOIN_NONE;
	for (;;) {
		pl_sh__tok *t = peek(P);
		if (t->kind == PL_SH_TK_REDIR) {
			hi = parse_redirect(P);
			continue;
		}
		size_t nwords = P->lwords.n - wbase;
		bool first = nwords == 0 && P->assigns.n == abase && P->redirs.n == rbase;
		if (t->kind == PL_SH_TK_ARITH && first)
			arith = true;
		else if (t->kind != PL_SH_TK_WORD)
			break;
		pl_sh__tok w = next(P);
		hi = w.hi;
		if (nwords == 0 && !arith && (w.bits & PL_SH_TB_ASSIGN)) {
			*PL_VEC_PUSH(P->arena, &P->assigns) = w.w;
			continue;
		}
		pl_sh__lword *lw = PL_VEC_PUSH(P->arena, &P->lwords);
		lw->w = w.w;
		lw->lo = w.lo;
		lw->hi = w.hi;
		lw->bits = w.bits;
		if (nwords == 0 && is_kw(&w, "[["))
			hi = parse_cond(P, &w);
	}

	pl_sh_cmd *c = pl_arena_alloc(P->arena, sizeof(*c));
	c->span = pl_sh__span(P, lo, hi);
	c->nassigns = P->assigns.n - abase;
	c->assigns = take(P, P->assigns.v, abase, c->nassigns, sizeof(*c->assigns));
	c->nwords = P->lwords.n - wbase;
	c->words = pl_arena_alloc(P->arena, (c->nwords ? c->nwords : 1) * sizeof(*c->words));
	for (size_t i = 0; i < c->nwords; i++)
		c->words[i] = P->lwords.v[wbase + i].w;
	c->nredirs = P->redirs.n - rbase;
	c->redirs = take(P, P->redirs.v, rbase, c->nredirs, sizeof(*c->redirs));
	P->assigns.n = abase;
	P->redirs.n = rbase;
	c->ctx = ctx;
	c->join = join;
	c->depth = level;
	if (arith) {
		c->argv0 = 0;
		c->name = "((";
	} else {
		pl_sh__resolve(c);
	}
	pl_sh__cmdent *e = PL_VEC_PUSH(P->arena, &P->cmds);
	e->cmd = c;
	e->subst = subst;
	if (!arith && !(P->opts & PL_SH_NO_NESTED)) {
		size_t j = pl_sh__script_arg(c);
		if (j < c->nwords && (P->lwords.v[wbase + j].bits & PL_SH_TB_NEST)) {
			pl_sh__lword w = P->lwords.v[wbase + j]; /* the stack may move while nesting */
			P->lwords.n = wbase;
			c->nested = nested_string(P, &w);
		}
	}
	P->lwords.n = wbase;
	pl_sh_node *n = new_node(P, PL_SH_CMD, c->span);
	n->as.cmd = c;
	return n;
}

/* ---- compound commands -------------------------------------------------- */

/* { redirect } after a compound command */
static void compound_redirs(pl_sh__parser *P, pl_sh_node *n)
{
	if (!n || peek(P)->kind != PL_SH_TK_REDIR)
		return;
	size_t rbase = P->redirs.n;
	while (peek(P)->kind == PL_SH_TK_REDIR)
		parse_redirect(P);
	n->nredirs = P->redirs.n - rbase;
	n->redirs = take(P, P->redirs.v, rbase, n->nredirs, sizeof(*n->redirs));
	P->redirs.n = rbase;
	if (n->kind == PL_SH_SUBSHELL || n->kind == PL_SH_GROUP) {
		n->as.body.redirs = n->redirs;
		n->as.body.nredirs = n->nredirs;
	}
	n->span = pl_span_join(n->span, n->redirs[n->nredirs - 1].span);
}

/* subshell -> '(' list ')' */
static pl_sh_node *parse_subshell(pl_sh__parser *P)
{
	pl_sh__tok open = next(P);
	if (!pl_sh__enter(P, open.lo))
		return NULL;
	unsigned ctx = P->ctx;
	P->ctx |= PL_SH_IN_SUBSHELL;
	P->level++;
	pl_sh_node *body = required_list(P, &open);
	P->level--;
	P->ctx = ctx;
	pl_sh_node *n = new_node(P, PL_SH_SUBSHELL, extend(tspan(P, &open), body));
	n->as.body.body = body;
	if (peek(P)->kind == PL_SH_TK_RPAREN) {
		pl_sh__tok close = next(P);
		n->span = pl_span_join(n->span, tspan(P, &close));
	} else {
		pl_sh__error(P, open.lo, open.hi, "missing ')'");
	}
	pl_sh__leave(P);
	return n;
}

/* brace_group -> '{' list '}' */
static pl_sh_node *parse_group(pl_sh__parser *P)
{
	pl_sh__tok open = next(P);
	if (!pl_sh__enter(P, open.lo))
		return NULL;
	P->level++;
	pl_sh_node *body = required_list(P, &open);
	P->level--;
	pl_sh_node *n = new_node(P, PL_SH_GROUP, extend(tspan(P, &open), body));
	n->as.body.body = body;
	if (is_kw(peek(P), "}")) {
		pl_sh__tok close = next(P);
		n->span = pl_span_join(n->span, tspan(P, &close));
	} else {
		pl_sh__error(P, open.lo, open.hi, "missing '}'");
	}
	pl_sh__leave(P);
	return n;
}

/* if_clause -> 'if' list 'then' list { 'elif' list 'then' list } [ 'else' list ] 'fi' */
static pl_sh_node *parse_if(pl_sh__parser *P)
{
	pl_sh__tok kw = next(P);
	if (!pl_sh__enter(P, kw.lo))
		return NULL;
	unsigned ctx = P->ctx;
	nodevec chain = {0}; /* the if, then each elif: all end where the fi is */
	pl_sh_node *cur = new_node(P, PL_SH_IF, tspan(P, &kw));
	pl_span last = cur->span;
	pl_sh__tok opener = kw; /* the if or elif of cur */
	*PL_VEC_PUSH(P->arena, &chain) = cur;
	P->level++;
	for (;;) {
		P->ctx = ctx | PL_SH_IN_CONDITION | (chain.n > 1 ? PL_SH_IN_BRANCH : 0);
		cur->as.cond.cond = required_list(P, &opener);
		last = extend(last, cur->as.cond.cond);
		P->ctx = ctx | PL_SH_IN_BRANCH;
		if (is_kw(peek(P), "then")) {
			pl_sh__tok then = next(P);
			last = pl_span_join(last, tspan(P, &then));
			cur->as.cond.body = required_list(P, &then);
			last = extend(last, cur->as.cond.body);
		} else {
			pl_sh__tok *t = peek(P);
			pl_sh__error(P, t->lo, t->hi, "missing 'then'");
		}
		if (is_kw(peek(P), "elif")) {
			pl_sh__tok e = next(P);
			pl_sh_node *n = new_node(P, PL_SH_IF, tspan(P, &e));
			opener = e;
			n->elif = true;
			cur->as.cond.alt = n;
			cur = n;
			*PL_VEC_PUSH(P->arena, &chain) = n;
			continue;
		}
		if (is_kw(peek(P), "else")) {
			pl_sh__tok e = next(P);
			last = pl_span_join(last, tspan(P, &e));
			cur->as.cond.alt = required_list(P, &e);
			last = extend(last, cur->as.cond.alt);
		}
		break;
	}
	P->level--;
	P->ctx = ctx;
	if (is_kw(peek(P), "fi")) {
		pl_sh__tok fi = next(P);
		last = pl_span_join(last, tspan(P, &fi));
	} else {
		pl_sh__error(P, kw.lo, kw.hi, "missing 'fi'");
	}
	for (size_t i = 0; i < chain.n; i++) /* each from its own keyword to the end */
		chain.v[i]->span = pl_span_make(chain.v[i]->span.off, pl_span_end(last));
	pl_sh__leave(P);
	return chain.v[0];
}

/* do_group -> 'do' list 'done'   (kw: the loop keyword, for the error) */
static pl_span do_group(pl_sh__parser *P, const pl_sh__tok *kw, pl_sh_node **body, pl_span span)
{
	if (!is_kw(peek(P), "do")) {
		pl_sh__tok *t = peek(P);
		pl_sh__error(P, t->lo, t->hi, "missing 'do'");
		if (is_kw(t, "done")) { /* `while a; b; done`: one error is enough */
			span = pl_span_join(span, tspan(P, t));
			next(P);
		}
		return span;
	}
	pl_sh__tok d = next(P);
	unsigned ctx = P->ctx;
	P->ctx |= PL_SH_IN_LOOP;
	*body = required_list(P, &d);
	P->ctx = ctx;
	span = extend(pl_span_join(span, tspan(P, &d)), *body);
	if (is_kw(peek(P), "done")) {
		pl_sh__tok done = next(P);
		span = pl_span_join(span, tspan(P, &done));
	} else {
		pl_sh__error(P, kw->lo, kw->hi, "missing 'done'");
	}
	return span;
}

/* while_clause -> ('while' | 'until') list do_group */
static pl_sh_node *parse_while(pl_sh__parser *P)
{
	pl_sh__tok kw = next(P);
	if (!pl_sh__enter(P, kw.lo))
		return NULL;
	pl_sh_node *n = new_node(P, strcmp(kw.w.text, "while") == 0 ? PL_SH_WHILE : PL_SH_UNTIL,
	                         tspan(P, &kw));
	unsigned ctx = P->ctx;
	P->level++;
	P->ctx = ctx | PL_SH_IN_CONDITION;
	n->as.cond.cond = required_list(P, &kw);
	P->ctx = ctx;
	n->span = do_group(P, &kw, &n->as.cond.body, extend(n->span, n->as.cond.cond));
	P->level--;
	pl_sh__leave(P);
	return n;
}

/*
** for_clause -> ('for' | 'select') name [linebreak 'in' { word }] [';'] linebreak body
**             | 'for' '((' … '))' [';'] linebreak body
** body       -> do_group | brace_group   (the brace group is bash's)
*/
static pl_sh_node *parse_for(pl_sh__parser *P)
{
	pl_sh__tok kw = next(P);
	if (!pl_sh__enter(P, kw.lo))
		return NULL;
	pl_sh_node *n = new_node(P, PL_SH_FOR, tspan(P, &kw));
	pl_sh__tok *t = peek(P);
	if (t->kind == PL_SH_TK_WORD || t->kind == PL_SH_TK_ARITH) {
		pl_sh__tok v = next(P);
		n->as.loop.var = v.w;
		n->span = pl_span_join(n->span, v.w.span);
		if (v.kind == PL_SH_TK_WORD) {
			linebreak(P);
			if (is_kw(peek(P), "in")) {
				pl_sh__tok in = next(P);
				wordvec words = {0};
				n->as.loop.has_in = true;
				n->span = pl_span_join(n->span, tspan(P, &in));
				while (peek(P)->kind == PL_SH_TK_WORD) {
					pl_sh__tok w = next(P);
					*PL_VEC_PUSH(P->arena, &words) = w.w;
					n->span = pl_span_join(n->span, w.w.span);
				}
				n->as.loop.words = words.v;
				n->as.loop.nwords = words.n;
			}
		}
	} else {
		pl_sh__error(P, kw.lo, kw.hi, "expected a variable name after '%s'", kw.w.text);
		n->as.loop.var.text = "";
		n->as.loop.var.span = pl_sh__span(P, kw.hi, kw.hi);
	}
	if (peek(P)->kind == PL_SH_TK_SEMI)
		next(P);
	linebreak(P);
	if (is_kw(peek(P), "{")) {
		/* bash: `for x in a b; { …; }` */
		unsigned ctx = P->ctx;
		P->ctx |= PL_SH_IN_LOOP;
		n->as.loop.body = parse_command(P);
		P->ctx = ctx;
		n->span = extend(n->span, n->as.loop.body);
		pl_sh__leave(P);
		return n;
	}
	P->level++;
	n->span = do_group(P, &kw, &n->as.loop.body, n->span);
	P->level--;
	pl_sh__leave(P);
	return n;
}

/*
** case_clause -> 'case' word linebreak 'in' linebreak { case_item } 'esac'
** case_item   -> ['('] word { '|' word } ')' list [';;' | ';&' | ';;&'] linebreak
*/
static pl_sh_node *parse_case(pl_sh__parser *P)
{
	pl_sh__tok kw = next(P);
	if (!pl_sh__enter(P, kw.lo))
		return NULL;
	pl_sh_node *n = new_node(P, PL_SH_CASE, tspan(P, &kw));
	if (peek(P)->kind == PL_SH_TK_WORD) {
		pl_sh__tok w = next(P);
		n->as.kase.subject = w.w;
		n->span = pl_span_join(n->span, w.w.span);
	} else {
		pl_sh__error(P, kw.lo, kw.hi, "expected a word after 'case'");
		n->as.kase.subject.text = "";
		n->as.kase.subject.span = pl_sh__span(P, kw.hi, kw.hi);
	}
	linebreak(P);
	if (is_kw(peek(P), "in")) {
		pl_sh__tok in = next(P);
		n->span = pl_span_join(n->span, tspan(P, &in));
	} else {
		pl_sh__tok *t = peek(P);
		pl_sh__error(P, t->lo, t->hi, "missing 'in'");
	}
	PL_VEC(pl_sh_case_arm) arms = {0};
	unsigned ctx = P->ctx;
	bool closed = false;
	P->level++;
	for (;;) {
		linebreak(P);
		pl_sh__tok *t = peek(P);
		if (is_kw(t, "esac")) {
			pl_sh__tok e = next(P);
			n->span = pl_span_join(n->span, tspan(P, &e));
			closed = true;
			break;
		}
		if (t->kind == PL_SH_TK_EOF)
			break;
		if (t->kind == PL_SH_TK_LPAREN)
			next(P);
		wordvec pats = {0};
		pl_sh_case_arm arm = {0};
		bool ok = true;
		if (peek(P)->kind == PL_SH_TK_RPAREN) {
			/* `) body;;`: report the missing pattern, keep the arm */
			pl_sh__tok *b = peek(P);
			pl_sh__error(P, b->lo, b->hi, "expected a pattern before ')'");
		}
		while (peek(P)->kind != PL_SH_TK_RPAREN) {
			if (peek(P)->kind != PL_SH_TK_WORD) {
				pl_sh__tok *b = peek(P);
				pl_sh__error(P, b->lo, b->hi, "expected a pattern, not '%s'",
				             pl_sh__excerpt(P, tok_text(b)));
				ok = false;
				break;
			}
			pl_sh__tok w = next(P);
			*PL_VEC_PUSH(P->arena, &pats) = w.w;
			if (peek(P)->kind != PL_SH_TK_PIPE)
				break;
			next(P);
		}
		if (ok && peek(P)->kind != PL_SH_TK_RPAREN) {
			pl_sh__tok *b = peek(P);
			pl_sh__error(P, b->lo, b->hi, "missing ')' after a case pattern");
			while (peek(P)->kind == PL_SH_TK_WORD) /* `a b)`: skip to the ')' */
				next(P);
			ok = peek(P)->kind == PL_SH_TK_RPAREN;
		}
		if (!ok)
			break;
		pl_sh__tok rp = next(P);
		n->span = pl_span_join(n->span, tspan(P, &rp));
		arm.patterns = pats.v;
		arm.npatterns = pats.n;
		P->ctx = ctx | PL_SH_IN_BRANCH;
		arm.body = parse_list(P);
		P->ctx = ctx;
		n->span = extend(n->span, arm.body);
		t = peek(P);
		arm.term = "";
		if (t->kind == PL_SH_TK_DSEMI || t->kind == PL_SH_TK_SEMI_AND || t->kind == PL_SH_TK_DSEMI_AND) {
			pl_sh__tok term = next(P);
			arm.term = term.op;
			n->span = pl_span_join(n->span, tspan(P, &term));
			*PL_VEC_PUSH(P->arena, &arms) = arm;
			continue;
		}
		*PL_VEC_PUSH(P->arena, &arms) = arm;
		if (!is_kw(t, "esac"))
			break; /* the arm's list stopped on something else */
	}
	P->level--;
	n->as.kase.arms = arms.v;
	n->as.kase.narms = arms.n;
	if (!closed)
		pl_sh__error(P, kw.lo, kw.hi, "missing 'esac'");
	pl_sh__leave(P);
	return n;
}

/* A compound command (or (( )) ) starts at t: a function body can follow. */
static bool starts_compound(const pl_sh__tok *t)
{
	static const char *const kws[] = {"{", "if", "while", "until", "for", "select", "case"};
	if (t->kind == PL_SH_TK_LPAREN || t->kind == PL_SH_TK_ARITH)
		return true;
	for (size_t i = 0; i < PL_ARRAY_LEN(kws); i++)
		if (is_kw(t, kws[i]))
			return true;
	return false;
}

/*
** function_def -> name '(' ')' linebreak compound { redirect }
**              | 'function' name [ '(' ')' ] linebreak compound { redirect }
*/
static pl_sh_node *parse_function(pl_sh__parser *P, bool keyword)
{
	pl_sh__tok first = next(P), name = first;
	if (keyword) {
		if (peek(P)->kind != PL_SH_TK_WORD) {
			pl_sh__error(P, first.lo, first.hi, "expected a name after 'function'");
			return NULL;
		}
		name = next(P);
	}
	pl_sh_node *n = new_node(P, PL_SH_FUNCTION, pl_span_join(tspan(P, &first), name.w.span));
	n->as.func.name = name.w;
	if (peek(P)->kind == PL_SH_TK_LPAREN) {
		next(P);
		pl_sh__tok *t = peek(P);
		if (t->kind != PL_SH_TK_RPAREN) {
			unexpected(P, t);
			return n;
		}
		pl_sh__tok close = next(P);
		n->span = pl_span_join(n->span, tspan(P, &close));
	}
	linebreak(P);
	if (!starts_compound(peek(P))) {
		pl_sh__error(P, name.lo, name.hi, "missing body of function '%s'",
		             pl_sh__excerpt(P, name.w.text));
		if (at_list_end(P))
			return n;
		/* `f() echo hi` is wrong, but its command is still worth finding */
	}
	if (!pl_sh__enter(P, name.lo))
		return n;
	unsigned ctx = P->ctx;
	P->ctx |= PL_SH_IN_FUNCTION;
	n->as.func.body = parse_command(P);
	P->ctx = ctx;
	n->span = extend(n->span, n->as.func.body);
	pl_sh__leave(P);
	return n;
}

/* command -> compound { redirect } | function_def | simple_command */
static pl_sh_node *parse_command(pl_sh__parser *P)
{
	pl_sh__tok *t = peek(P);
	pl_sh_node *n = NULL;
	if (t->kind == PL_SH_TK_LPAREN) {
		n = parse_subshell(P);
	} else if (t->kind == PL_SH_TK_WORD && (t->bits & PL_SH_TB_PLAIN)) {
		const char *w = t->w.text;
		if (strcmp(w, "{") == 0)
			n = parse_group(P);
		else if (strcmp(w, "if") == 0)
			n = parse_if(P);
		else if (strcmp(w, "while") == 0 || strcmp(w, "until") == 0)
			n = parse_while(P);
		else if (strcmp(w, "for") == 0 || strcmp(w, "select") == 0)
			n = parse_for(P);
		else if (strcmp(w, "case") == 0)
			n = parse_case(P);
		else if (strcmp(w, "function") == 0)
			return parse_function(P, true);
		else if (is_closing_kw(t))
			return NULL;
		else if (strcmp(w, "!") != 0 && strcmp(w, "[[") != 0 && !(t->bits & PL_SH_TB_ASSIGN) &&
		         peek2(P)->kind == PL_SH_TK_LPAREN)
			return parse_function(P, false);
		else
			return parse_simple(P);
	} else if (t->kind == PL_SH_TK_WORD || t->kind == PL_SH_TK_REDIR || t->kind == PL_SH_TK_ARITH) {
		return parse_simple(P);
	} else {
		return NULL;
	}
	compound_redirs(P, n);
	return n;
}

/* ---- nested texts --------------------------------------------------------- */

/* Take a slot in P->subs for a sub-script starting now; returns its index. */
static size_t new_sub(pl_sh__parser *P, pl_sh_sub_kind kind, pl_span span)
{
	pl_sh_sub *s = PL_VEC_PUSH(P->arena, &P->subs);
	s->kind = kind;
	s->span = span;
	s->depth = P->level + 1;
	return P->subs.n - 1;
}

/* The parser state a sub-script changes, saved around it. */
typedef struct saved {
	unsigned level;  /* P->level */
	unsigned ctx;    /* P->ctx */
	unsigned subst;  /* P->subst */
	pl_sh_join join; /* P->join */
} saved;

/* Start a sub-script: one level deeper, first of its list, with its ctx bit. */
static saved enter_sub(pl_sh__parser *P, pl_sh_sub_kind kind)
{
	saved s = {P->level, P->ctx, P->subst, P->join};
	P->level++;
	P->join = PL_SH_JOIN_NONE;
	if (kind == PL_SH_SUB_STRING) {
		P->ctx |= PL_SH_NESTED;
	} else {
		P->ctx |= PL_SH_IN_SUBST;
		P->subst++;
	}
	return s;
}

/* Back to the state saved by enter_sub. */
static void leave_sub(pl_sh__parser *P, saved s)
{
	P->level = s.level;
	P->ctx = s.ctx;
	P->subst = s.subst;
	P->join = s.join;
}

/* subst -> '$(' script ')' | '<(' script ')' | '>(' script ')'   (the text is shared) */
void pl_sh__parse_paren_subst(pl_sh__parser *P, size_t start, pl_sh_sub_kind kind)
{
	size_t si = new_sub(P, kind, pl_sh__span(P, start, P->lx.pos));
	P->nsubst_seen++;
	if (!pl_sh__enter(P, start))
		return;
	/* The substitution shares the text; only the lookahead is its own. */
	pl_sh__tok la[2] = {P->lx.la[0], P->lx.la[1]};
	unsigned nla = P->lx.nla;
	P->lx.nla = 0;
	saved s = enter_sub(P, kind);
	pl_sh_node *root = parse_script(P, PL_SH_TK_RPAREN);
	size_t end = P->lx.len;
	if (peek(P)->kind == PL_SH_TK_RPAREN) {
		end = next(P).hi;
		if (NEVER(P->lx.nla != 0)) /* peek2 only looks past a word, never past ')' */
			P->lx.nla = 0;
	} else {
		pl_sh__error(P, start, P->lx.len, kind == PL_SH_SUB_PROCESS
		                                       ? "unterminated process substitution"
		                                       : "unterminated command substitution");
	}
	P->lx.pos = end;
	leave_sub(P, s);
	P->lx.la[0] = la[0];
	P->lx.la[1] = la[1];
	P->lx.nla = nla;
	P->subs.v[si].span = pl_sh__span(P, start, end);
	P->subs.v[si].root = root;
	pl_sh__leave(P);
}

/* nested -> script EOF   (a text of its own: a backquote's inside, an sh -c string) */
pl_sh_node *pl_sh__parse_text(pl_sh__parser *P, const char *text, size_t len,
                              const pl_textmap *map, pl_sh_sub_kind kind,
                              size_t lo, size_t hi)
{
	size_t si = new_sub(P, kind, pl_sh__span(P, lo, hi));
	if (!pl_sh__enter(P, lo))
		return NULL;
	pl_sh__lexer outer = P->lx;
	memset(&P->lx, 0, sizeof(P->lx));
	P->lx.s = text;
	P->lx.len = len;
	P->lx.map = map;
	saved s = enter_sub(P, kind);
	pl_sh_node *root = parse_script(P, PL_SH_TK_EOF);
	pl_sh__finish_heredocs(P);
	leave_sub(P, s);
	P->lx = outer;
	P->subs.v[si].root = root;
	pl_sh__leave(P);
	return root;
}

/* ---- entry point ----------------------------------------------------------- */

/* Commands by where they start, then by creation (qsort). */
static int cmp_cmd(const void *a, const void *b)
{
	const pl_sh_cmd *x = *(pl_sh_cmd *const *)a, *y = *(pl_sh_cmd *const *)b;
	if (x->span.off != y->span.off)
		return x->span.off < y->span.off ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index; /* index: creation order here */
}

/* Sub-scripts by where they start, the outer first (qsort). */
static int cmp_sub(const void *a, const void *b)
{
	const pl_sh_sub *x = a, *y = b;
	if (x->span.off != y->span.off)
		return x->span.off < y->span.off ? -1 : 1;
	return x->depth < y->depth ? -1 : x->depth > y->depth; /* the outer one first */
}

pl_sh_script *pl_sh_parse(pl_arena *arena, const char *text, size_t len,
                          const pl_textmap *map, unsigned opts)
{
	pl_sh__parser P;
	memset(&P, 0, sizeof(P));
	P.arena = arena;
	P.opts = opts;
	P.lx.s = text ? text : "";
	P.lx.len = text ? len : 0;
	P.lx.map = map;
	P.lx.outer = true;
	P.copy_budget = 8 * P.lx.len + 65536;

	pl_sh_node *root = parse_script(&P, PL_SH_TK_EOF);
	pl_sh__finish_heredocs(&P);

	pl_sh_script *sh = pl_arena_alloc(arena, sizeof(*sh));
	sh->root = root;
	sh->ncmds = P.cmds.n;
	sh->cmds = pl_arena_alloc(arena, (P.cmds.n ? P.cmds.n : 1) * sizeof(*sh->cmds));
	for (size_t i = 0; i < P.cmds.n; i++) {
		sh->cmds[i] = P.cmds.v[i].cmd;
		sh->cmds[i]->index = i;
	}
	/* Commands are made when they end, substitutions first: sort by where they start. */
	bool sorted = true;
	for (size_t i = 1; i < sh->ncmds && sorted; i++)
		sorted = cmp_cmd(&sh->cmds[i - 1], &sh->cmds[i]) < 0;
	if (!sorted)
		qsort(sh->cmds, sh->ncmds, sizeof(*sh->cmds), cmp_cmd);
	for (size_t i = 0; i < sh->ncmds; i++)
		sh->cmds[i]->index = i;
	sh->subs = P.subs.v;
	sh->nsubs = P.subs.n;
	if (sh->nsubs > 1)
		qsort(sh->subs, sh->nsubs, sizeof(*sh->subs), cmp_sub);
	sh->errors = P.errors.v;
	sh->nerrors = P.errors.n;
	return sh;
}
