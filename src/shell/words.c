/* Scripts made from ready words: the exec form of RUN, CMD and ENTRYPOINT. */
#include <string.h>

#include "parser.h"

pl_sh_script *pl_sh_from_words(pl_arena *arena, const pl_sh_word *words, size_t n)
{
	pl_sh_script *sh = pl_arena_alloc(arena, sizeof(*sh));
	if (n == 0)
		return sh;
	pl_sh_cmd *c = pl_arena_alloc(arena, sizeof(*c));
	c->words = pl_arena_alloc(arena, n * sizeof(pl_sh_word));
	memcpy(c->words, words, n * sizeof(pl_sh_word));
	c->nwords = n;
	c->span = pl_span_join(words[0].span, words[n - 1].span);
	pl_sh__resolve(c); /* argv0, name, wrapper */
	pl_sh_node *node = pl_arena_alloc(arena, sizeof(*node));
	node->kind = PL_SH_CMD;
	node->span = c->span;
	node->as.cmd = c;
	sh->root = node;
	sh->cmds = pl_arena_alloc(arena, sizeof(pl_sh_cmd *));
	sh->cmds[0] = c;
	sh->ncmds = 1;
	return sh;
}
