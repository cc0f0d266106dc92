#!/usr/bin/env python3
"""`plimsoll lsp` against a misbehaving client: malformed JSON-RPC gets an
error response and never a crash; the protocol's lifecycle is kept
(ServerNotInitialized before initialize, InvalidRequest after shutdown,
exit status 0 only after shutdown); a client that disappears (EOF on
stdin, or a closed pipe for our output) ends the server.

usage: lsp_robust.py PLIMSOLL"""

import json
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client, initialize, uri_of  # noqa: E402

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)
    return cond


def frame(body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def error_code(msg):
    return msg.get("error", {}).get("code")


def next_answer(c, what):
    """The next message that is a response (not a notification)."""
    return c.wait_for(lambda m: "method" not in m, what=what)


def alive(c, what):
    """The server still answers a well-formed request."""
    r = c.call("plimsoll/stats", {})
    check("result" in r, "still alive after " + what)


def lifecycle(binary, root):
    c = Client(binary, cwd=root)
    r = c.call("textDocument/hover", {"textDocument": {"uri": "file:///x"},
                                      "position": {"line": 0, "character": 0}})
    check(error_code(r) == -32002, "a request before initialize: ServerNotInitialized (%r)" % r)
    c.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x/Dockerfile",
                                                       "languageId": "dockerfile", "version": 1,
                                                       "text": "FROM x\n"}})
    initialize(c, root, {"shellcheck": False})
    r = c.call("initialize", {"capabilities": {}})
    check(error_code(r) == -32600, "a second initialize: InvalidRequest (%r)" % r)
    r = c.call("textDocument/hover", {"textDocument": {"uri": "file:///x/Dockerfile"},
                                      "position": {"line": 0, "character": 0}})
    check(error_code(r) == -32602, "the notification before initialize was dropped (%r)" % r)
    check(c.call("shutdown")["result"] is None, "shutdown")
    r = c.call("plimsoll/stats")
    check(error_code(r) == -32600, "after shutdown: InvalidRequest (%r)" % r)
    c.notify("exit")
    check(c.close() == 0, "exit after shutdown: 0")

    c = Client(binary, cwd=root)
    initialize(c, root)
    c.notify("exit")
    check(c.close() == 1, "exit without shutdown: 1")


def malformed(binary, root):
    c = Client(binary, cwd=root)
    initialize(c, root, {"shellcheck": False})

    c.send_raw(frame("{not json"))
    r = next_answer(c, "parse error")
    check(error_code(r) == -32700 and r["id"] is None, "bad JSON: ParseError with id null (%r)" % r)

    c.send_raw(frame('{"jsonrpc":"2.0","id":1,"method":"x"'))
    check(error_code(next_answer(c, "truncated")) == -32700, "truncated JSON: ParseError")

    c.send_raw(frame(b'{"jsonrpc":"2.0","id":1,"method":"\xff\xfe"}'))
    check(error_code(next_answer(c, "bad UTF-8")) == -32700, "invalid UTF-8: ParseError")

    for body, what in (("42", "a number"), ("[]", "an empty batch"), ('"x"', "a string"),
                       ('{"id":7,"method":"shutdown"}', "no jsonrpc member"),
                       ('{"jsonrpc":"1.0","id":7,"method":"shutdown"}', "jsonrpc 1.0"),
                       ('{"jsonrpc":"2.0","id":7,"method":5}', "a method that is no string"),
                       ('{"jsonrpc":"2.0","id":{"a":1},"method":"x"}', "an id that is an object"),
                       ('{"jsonrpc":"2.0","id":7}', "neither method nor result")):
        c.send_raw(frame(body))
        r = next_answer(c, what)
        check(error_code(r) == -32600, "%s: InvalidRequest (%r)" % (what, r))
        if "no jsonrpc" not in what and "object" not in what and body[0] == "{":
            check(r["id"] == 7, "%s: the id is echoed (%r)" % (what, r))

    r = c.call("no/suchMethod", {})
    check(error_code(r) == -32601, "an unknown request: MethodNotFound (%r)" % r)
    c.notify("no/suchNotification", {})
    c.notify("$/progress", {"token": 1})
    r = c.call("textDocument/hover", {"textDocument": {"uri": "file:///nowhere"},
                                      "position": {"line": 0, "character": 0}})
    check(error_code(r) == -32602, "unknown notifications get no answer; a closed document: "
          "InvalidParams (%r)" % r)
    r = c.call("textDocument/hover", {"textDocument": {}})
    check(error_code(r) == -32602, "no uri: InvalidParams (%r)" % r)
    r = c.call("textDocument/codeAction", "a string")
    check(error_code(r) == -32602, "params that are a string: InvalidParams (%r)" % r)
    c.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
    c.notify("textDocument/didChange", {"textDocument": {"uri": "file:///nowhere"}})

    # An incremental change whose range is nonsense is refused; the text stays usable.
    uri = uri_of(os.path.join(root, "Dockerfile"))
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "dockerfile",
                                                       "version": 1, "text": "FROM x\n"}})
    c.diagnostics(uri, version=1)
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                        "contentChanges": [{"range": {"start": {"line": -1}},
                                                            "text": "x"}]})
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                        "contentChanges": [{"range": {
                                            "start": {"line": 99, "character": 99},
                                            "end": {"line": 0, "character": 0}}, "text": "x"}]})
    c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4},
                                        "contentChanges": [{"range": {
                                            "start": {"line": 0, "character": 400},
                                            "end": {"line": 900, "character": 1}}, "text": "RUN y\n"}]})
    p = c.diagnostics(uri, version=4)
    check(isinstance(p["diagnostics"], list), "out-of-range positions clamp to the end")

    # Headers: garbage, then a good message still works.
    c.send_raw(b"Content-Type: text/plain\r\n\r\n")
    check(error_code(next_answer(c, "no length")) == -32700, "a header with no Content-Length")
    c.send_raw(b"Content-Length: banana\r\n\r\n")
    check(error_code(next_answer(c, "bad length")) == -32700, "a Content-Length that is no number")
    alive(c, "bad headers")
    # A body split over several writes, with a Content-Type header and lowercase names.
    body = json.dumps({"jsonrpc": "2.0", "id": "s-1", "method": "plimsoll/stats"}).encode()
    whole = (b"content-length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"
             % len(body)) + body
    for i in range(0, len(whole), 7):
        c.send_raw(whole[i:i + 7])
        time.sleep(0.001)
    r = c.wait_for(lambda m: m.get("id") == "s-1", what="split message")
    check("result" in r, "a message in pieces, string id")

    # Random bytes in well-framed bodies: never a crash.
    rnd = random.Random(7)
    for i in range(200):
        n = rnd.randrange(0, 64)
        junk = bytes(rnd.randrange(256) for _ in range(n))
        if rnd.random() < 0.5:  # JSON-looking junk
            junk = json.dumps({"jsonrpc": "2.0", "id": i, "method": rnd.choice(
                ["textDocument/hover", "textDocument/codeAction", "textDocument/didChange",
                 "workspace/executeCommand", "initialize"]), "params": rnd.choice(
                [None, [], {}, {"textDocument": {"uri": uri}}, {"textDocument": {"uri": uri},
                                                               "position": {"line": "x"}},
                 {"textDocument": {"uri": uri}, "range": {"start": {}, "end": 3}},
                 {"command": "plimsoll.fixAll", "arguments": [7]}])}).encode()
        c.send_raw(frame(junk))
    alive(c, "random bodies")
    check(c.proc.poll() is None, "the server survived the junk")
    c.call("shutdown")
    c.notify("exit")
    check(c.close() == 0, "a clean exit after the junk")


def client_gone(binary, root):
    # EOF on stdin: the server ends (status 1: no shutdown came).
    c = Client(binary, cwd=root)
    initialize(c, root)
    c.proc.stdin.close()
    try:
        rc = c.proc.wait(timeout=20)
    except Exception:
        rc = None
        c.proc.kill()
    check(rc == 1, "EOF on stdin ends the server with 1 (%r)" % rc)
    c.close()

    # EOF in the middle of a message.
    c = Client(binary, cwd=root)
    initialize(c, root)
    c.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"")
    c.proc.stdin.close()
    try:
        rc = c.proc.wait(timeout=20)
    except Exception:
        rc = None
        c.proc.kill()
    check(rc == 1, "EOF inside a message ends the server (%r)" % rc)
    c.close()

    # Nobody reads our output (broken pipe): the server ends instead of blocking or dying of
    # SIGPIPE.  No reader thread here: the pipe's read end is closed at once.
    proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=root)
    proc.stdout.close()
    try:
        for i in range(20):
            proc.stdin.write(frame(json.dumps({"jsonrpc": "2.0", "id": i, "method": "initialize",
                                               "params": {"capabilities": {}}})))
            proc.stdin.flush()
    except BrokenPipeError:
        pass
    try:
        rc = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        rc = None
        proc.kill()
        proc.wait()
    check(rc is not None and rc >= 0, "a broken pipe ends the server, not a signal (%r)" % rc)
    try:
        proc.stdin.close()
    except BrokenPipeError:
        pass


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.realpath(tmp)
        os.mkdir(os.path.join(root, ".git"))
        lifecycle(binary, root)
        malformed(binary, root)
        client_gone(binary, root)
    if FAILS:
        print("%d check(s) failed" % len(FAILS))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
