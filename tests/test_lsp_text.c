/*
** Unit tests for the language server's edges: UTF-16 positions both ways,
** incremental edits and their line table, file: URIs, and the overlay
** that serves open buffers before the disk.
*/
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lsp/lsp.h"

static pl_lsp_pos P(size_t line, size_t character)
{
	pl_lsp_pos p = {line, character};
	return p;
}

#define assert_pos(p, l, c)                                                    \
	do {                                                                   \
		pl_lsp_pos p_ = (p);                                           \
		assert_int_equal(p_.line, (l));                                \
		assert_int_equal(p_.character, (c));                           \
	} while (0)

/* é is 2 bytes and 1 unit, € 3 bytes and 1 unit, 😀 4 bytes and 2 units, a tab 1 unit. */
static void test_utf16_both_ways(void **state)
{
	(void)state;
	pl_lsp_text t = {0};
	const char *s = "FROM x\n\té€😀y z\r\nlast";
	pl_lsp__text_set(&t, s, strlen(s));
	assert_int_equal(t.nlines, 3);
	size_t y = (size_t)(strchr(s, 'y') - s);
	assert_int_equal(y, 7 + 1 + 2 + 3 + 4);
	assert_pos(pl_lsp__text_pos(&t, y), 1, 1 + 1 + 1 + 2);
	assert_int_equal(pl_lsp__text_offset(&t, P(1, 5)), y);
	/* The emoji: starts at unit 3; unit 4 is its second half (the code point's start). */
	size_t emoji = (size_t)(strstr(s, "\xF0\x9F\x98\x80") - s);
	assert_pos(pl_lsp__text_pos(&t, emoji), 1, 3);
	assert_int_equal(pl_lsp__text_offset(&t, P(1, 3)), emoji);
	assert_int_equal(pl_lsp__text_offset(&t, P(1, 4)), emoji);
	/* A byte inside a sequence maps to the character's start. */
	assert_pos(pl_lsp__text_pos(&t, emoji + 2), 1, 3);
	/* Past the end of a line: the line's end, before \r\n. */
	size_t cr = (size_t)(strchr(s, '\r') - s);
	assert_int_equal(pl_lsp__text_offset(&t, P(1, 99)), cr);
	assert_pos(pl_lsp__text_pos(&t, cr + 1), 1, 8); /* between \r and \n: the line's end */
	/* Past the last line: the end of the text. */
	assert_int_equal(pl_lsp__text_offset(&t, P(9, 0)), strlen(s));
	assert_pos(pl_lsp__text_pos(&t, strlen(s)), 2, 4);
	/* A lone \r ends a line too. */
	pl_lsp__text_set(&t, "a\rb\n", 4);
	assert_int_equal(t.nlines, 3);
	assert_pos(pl_lsp__text_pos(&t, 2), 1, 0);
	assert_pos(pl_lsp__pos_in("a\rb\n", 4, 2), 1, 0);
	pl_lsp__text_free(&t);
}

/* UTF-16 units of s[0..n) counted the slow, obvious way: decode each code point. */
static size_t ref_units(const unsigned char *s, size_t n)
{
	size_t u = 0;
	for (size_t i = 0; i < n;) {
		size_t len = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
		u += len == 4 ? 2 : 1;
		i += len;
	}
	return u;
}

/* Random text of ASCII, tabs, line breaks of every kind, and 2-, 3- and 4-byte characters. */
static size_t random_text(char *buf, size_t max, unsigned *seed)
{
	static const char *const pieces[] = {"a", "Z", " ", "\t", "\n", "\r\n", "\r", "é", "€", "😀",
	                                     "ß", "中", "𝄞"};
	size_t n = 0;
	size_t want = (size_t)rand_r(seed) % max;
	while (n < want) {
		const char *p = pieces[(size_t)rand_r(seed) % PL_ARRAY_LEN(pieces)];
		size_t k = strlen(p);
		if (n + k >= max)
			break;
		memcpy(buf + n, p, k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}

/* At every character boundary: pos -> offset -> pos is the identity and agrees with the reference. */
static void test_utf16_roundtrip_random(void **state)
{
	(void)state;
	unsigned seed = 12345;
	char buf[400];
	pl_lsp_text t = {0};
	for (int round = 0; round < 300; round++) {
		size_t n = random_text(buf, sizeof(buf), &seed);
		pl_lsp__text_set(&t, buf, n);
		size_t line = 0, start = 0;
		for (size_t off = 0; off <= n; off++) {
			if (off < n && ((unsigned char)buf[off] & 0xC0) == 0x80)
				continue; /* not a character boundary */
			bool in_crlf = off > 0 && buf[off - 1] == '\r' && off < n && buf[off] == '\n';
			if (!in_crlf) {
				pl_lsp_pos p = pl_lsp__text_pos(&t, off);
				assert_int_equal(p.line, line);
				assert_int_equal(p.character, ref_units((const unsigned char *)buf + start, off - start));
				assert_int_equal(pl_lsp__text_offset(&t, p), off);
				pl_lsp_pos q = pl_lsp__pos_in(buf, n, off);
				assert_int_equal(q.line, p.line);
				assert_int_equal(q.character, p.character);
			}
			if (off < n && (buf[off] == '\n' || (buf[off] == '\r' && buf[off + 1] != '\n'))) {
				line++;
				start = off + 1;
			}
		}
	}
	pl_lsp__text_free(&t);
}

/* Incremental edits keep the same line table as reading the result afresh. */
static void test_incremental_edits(void **state)
{
	(void)state;
	unsigned seed = 777;
	char buf[300], ins[40];
	pl_lsp_text t = {0}, fresh = {0};
	size_t n = random_text(buf, sizeof(buf), &seed);
	pl_lsp__text_set(&t, buf, n);
	for (int i = 0; i < 3000; i++) {
		/* A random range in LSP positions, converted as didChange converts it. */
		pl_lsp_pos a = P((size_t)rand_r(&seed) % (t.nlines + 1), (size_t)rand_r(&seed) % 12);
		pl_lsp_pos b = P(a.line + (size_t)rand_r(&seed) % 2, (size_t)rand_r(&seed) % 12);
		size_t from = pl_lsp__text_offset(&t, a), to = pl_lsp__text_offset(&t, b);
		if (to < from) {
			size_t x = from;
			from = to;
			to = x;
		}
		size_t k = random_text(ins, 1 + (size_t)rand_r(&seed) % sizeof(ins), &seed);
		if (t.len > 2000)
			to = t.len, from = 0, k = 0; /* keep it small */
		pl_lsp__text_replace(&t, from, to, ins, k);
		pl_lsp__text_set(&fresh, t.s, t.len);
		assert_int_equal(t.nlines, fresh.nlines);
		assert_memory_equal(t.lines, fresh.lines, t.nlines * sizeof(*t.lines));
		assert_int_equal(t.s[t.len], '\0');
	}
	/* The documented case: inserting "\n" right after a "\r" joins them into one break. */
	pl_lsp__text_set(&t, "a\rb", 3);
	assert_int_equal(t.nlines, 2);
	pl_lsp__text_replace(&t, 2, 2, "\n", 1);
	assert_string_equal(t.s, "a\r\nb");
	assert_int_equal(t.nlines, 2);
	assert_int_equal(t.lines[1], 3);
	/* An edit given in UTF-16: replace the emoji (2 units) in "x😀y" by "é". */
	pl_lsp__text_set(&t, "x\xF0\x9F\x98\x80y", 6);
	size_t from = pl_lsp__text_offset(&t, P(0, 1)), to = pl_lsp__text_offset(&t, P(0, 3));
	pl_lsp__text_replace(&t, from, to, "é", 2);
	assert_string_equal(t.s, "xéy");
	assert_pos(pl_lsp__text_pos(&t, 3), 0, 2);
	pl_lsp__text_free(&t);
	pl_lsp__text_free(&fresh);
}

static void test_uris(void **state)
{
	(void)state;
	char *p = pl_lsp__uri_to_path("file:///home/me/my%20app/Docker%66ile");
	assert_string_equal(p, "/home/me/my app/Dockerfile");
	char *u = pl_lsp__path_to_uri(p);
	assert_string_equal(u, "file:///home/me/my%20app/Dockerfile");
	free(p);
	free(u);
	p = pl_lsp__uri_to_path("file://localhost/a/./b/../c.yaml");
	assert_string_equal(p, "/a/c.yaml");
	free(p);
	assert_null(pl_lsp__uri_to_path("untitled:Untitled-1"));
	assert_null(pl_lsp__uri_to_path("file://elsewhere/x"));
	assert_null(pl_lsp__uri_to_path("file:///a%00b"));
	u = pl_lsp__path_to_uri("/é #");
	assert_string_equal(u, "file:///%C3%A9%20%23");
	free(u);
	p = pl_lsp__path_norm("/a//b/../../..");
	assert_string_equal(p, "/");
	free(p);
}

/* An open buffer wins over the disk; every path asked for is a dependency. */
static void test_overlay(void **state)
{
	(void)state;
	char dir[] = "/tmp/pl_lsp_overlayXXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], other[256];
	snprintf(path, sizeof(path), "%s/Dockerfile", dir);
	snprintf(other, sizeof(other), "%s/.dockerignore", dir);
	FILE *f = fopen(path, "w");
	fputs("on disk\n", f);
	fclose(f);
	f = fopen(other, "w");
	fputs("node_modules\n", f);
	fclose(f);

	pl_lsp_docs docs = {0};
	pl_lsp_paths deps = {0};
	pl_lsp_reader r = {&docs, &deps};
	char *uri = pl_lsp__path_to_uri(path);
	pl_lsp__doc_open(&docs, uri, "dockerfile", 1, "in the editor\n", 14);
	char *buf;
	size_t len;
	const char *err;
	assert_int_equal(pl_lsp__read(&r, path, 1 << 20, &buf, &len, &err), 0);
	assert_int_equal(len, 14);
	assert_memory_equal(buf, "in the editor\n", 14);
	free(buf);
	assert_int_equal(pl_lsp__read(&r, path, 4, &buf, &len, &err), -1); /* the limit holds for buffers */
	assert_int_equal(pl_lsp__read(&r, other, 1 << 20, &buf, &len, &err), 0);
	assert_memory_equal(buf, "node_modules\n", 13);
	free(buf);
	assert_true(pl_lsp__paths_has(&deps, path));
	assert_true(pl_lsp__paths_has(&deps, other));
	/* Closed: the disk again. */
	pl_lsp__doc_close(&docs, pl_lsp__doc_find(&docs, uri));
	assert_int_equal(pl_lsp__read(&r, path, 1 << 20, &buf, &len, &err), 0);
	assert_memory_equal(buf, "on disk\n", 8);
	free(buf);

	pl_lsp__paths_clear(&deps);
	free(deps.v);
	pl_lsp__docs_free(&docs);
	free(uri);
	unlink(path);
	unlink(other);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16_both_ways),
		cmocka_unit_test(test_utf16_roundtrip_random),
		cmocka_unit_test(test_incremental_edits),
		cmocka_unit_test(test_uris),
		cmocka_unit_test(test_overlay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
