/*
** JSON-RPC framing over a pair of file descriptors, as LSP's base
** protocol has it: header lines "Name: value\r\n" (Content-Length is
** required, Content-Type is ignored), an empty line, then the body.
** Reads go through poll(), so the loop can wait for a message or for
** the next debounced lint, whichever comes first.
*/
#include "lsp.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEADER_MAX 8192 /* a header block longer than this is garbage */

void pl_lsp__io_init(pl_lsp_io *io, int in, int out)
{
	memset(io, 0, sizeof(*io));
	io->in = in;
	io->out = out;
}

void pl_lsp__io_free(pl_lsp_io *io)
{
	free(io->buf);
	free(io->msg);
	memset(io, 0, sizeof(*io));
}

/* Read what is there (after poll said so): 1 got bytes, 0 end of input. */
static int fill(pl_lsp_io *io)
{
	/*
	** Consumed bytes are dropped before the buffer grows, so it only grows
	** for what is unread (one large message), not with the traffic: memory
	** stays flat over a long session however fast the client writes.
	*/
	if (io->pos > 0 && io->pos == io->len) {
		io->pos = io->len = 0;
	} else if (io->pos > 0 && io->cap - io->len < 65536) {
		memmove(io->buf, io->buf + io->pos, io->len - io->pos);
		io->len -= io->pos;
		io->pos = 0;
	}
	if (io->cap - io->len < 65536) {
		io->cap = io->cap ? io->cap * 2 : 131072;
		io->buf = pl_xrealloc(io->buf, io->cap + 1);
	}
	for (;;) {
		ssize_t r = read(io->in, io->buf + io->len, io->cap - io->len);
		if (r > 0) {
			io->len += (size_t)r;
			return 1;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 1;
		io->eof = true;
		return 0;
	}
}

/* Case-insensitive "Content-Length:" at the start of line s[0..n). */
static bool is_length(const char *s, size_t n)
{
	static const char name[] = "content-length:";
	return n >= sizeof(name) - 1 && pl_strn_ieq(s, sizeof(name) - 1, name);
}

/*
** Parse the header block buf[pos..end) (end just past its blank line).
** Returns the body length, or -1 when there is no valid Content-Length.
*/
static long long header_length(const char *s, size_t n)
{
	long long length = -1;
	size_t i = 0;
	while (i < n) {
		const char *eol = memchr(s + i, '\n', n - i);
		size_t ln = (size_t)((eol ? eol : s + n) - (s + i));
		if (ln && s[i + ln - 1] == '\r')
			ln--;
		if (is_length(s + i, ln)) {
			const char *v = s + i + 15, *e = s + i + ln;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			long long x = 0;
			const char *d = v;
			for (; d < e && *d >= '0' && *d <= '9' && x < (1LL << 40); d++)
				x = x * 10 + (*d - '0');
			while (d < e && (*d == ' ' || *d == '\t'))
				d++;
			length = d == e && d > v ? x : -1;
		}
		i += ln + (eol ? (size_t)(eol - (s + i)) - ln + 1 : 0);
		if (!eol)
			break;
	}
	return length;
}

/* The end of a header block (just past "\r\n\r\n" or "\n\n") in buf[pos..len), or 0. */
static size_t header_end(const pl_lsp_io *io)
{
	const char *s = io->buf + io->pos;
	size_t n = io->len - io->pos;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] != '\n')
			continue;
		if (s[i + 1] == '\n')
			return io->pos + i + 2;
		if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
			return io->pos + i + 3;
	}
	return 0;
}

/* Wait for input up to timeout_ms: true when there is some (or the end). */
static bool wait_input(pl_lsp_io *io, int timeout_ms)
{
	struct pollfd p = {.fd = io->in, .events = POLLIN};
	for (;;) {
		int r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			io->eof = true;
			return true;
		}
		return r > 0;
	}
}

pl_lsp_read pl_lsp__io_next(pl_lsp_io *io, int timeout_ms, const char **body, size_t *n)
{
	for (;;) {
		/* Discard the rest of an oversized body. */
		while (io->skip && io->pos < io->len) {
			size_t k = io->len - io->pos < io->skip ? io->len - io->pos : io->skip;
			io->pos += k;
			io->skip -= k;
		}
		size_t he = io->skip ? 0 : header_end(io);
		if (he) {
			long long length = header_length(io->buf + io->pos, he - io->pos);
			if (length < 0) {
				io->pos = he; /* garbage: drop the block, answer a parse error */
				return PL_LSP_READ_BAD;
			}
			if ((unsigned long long)length > PL_LSP_MAX_MESSAGE) {
				io->pos = he;
				io->skip = (size_t)length;
				return PL_LSP_READ_BAD;
			}
			if (io->len - he >= (size_t)length) {
				if ((size_t)length >= io->msg_cap) {
					io->msg_cap = (size_t)length + 1;
					io->msg = pl_xrealloc(io->msg, io->msg_cap);
				}
				memcpy(io->msg, io->buf + he, (size_t)length);
				io->msg[length] = '\0';
				io->pos = he + (size_t)length;
				*body = io->msg;
				*n = (size_t)length;
				return PL_LSP_READ_MESSAGE;
			}
		} else if (!io->skip && io->len - io->pos > HEADER_MAX) {
			io->pos = io->len; /* no blank line in sight: not LSP */
			return PL_LSP_READ_BAD;
		}
		if (io->eof)
			return PL_LSP_READ_EOF;
		if (!wait_input(io, timeout_ms))
			return PL_LSP_READ_TIMEOUT;
		fill(io);
	}
}

/* Write all of s[0..n); false when the output is gone. */
static bool write_all(pl_lsp_io *io, const char *s, size_t n)
{
	while (n && !io->broken) {
		ssize_t w = write(io->out, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			io->broken = true;
			break;
		}
		s += w;
		n -= (size_t)w;
	}
	return !io->broken;
}

int pl_lsp__io_send(pl_lsp_io *io, const json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT);
	if (!body)
		pl_die_oom(0);
	size_t n = strlen(body);
	char head[64];
	int hn = snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", n);
	bool ok = write_all(io, head, (size_t)hn) && write_all(io, body, n);
	free(body);
	return ok ? 0 : -1;
}
