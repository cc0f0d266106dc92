"""A small LSP client for the language server tests: it starts
`plimsoll lsp`, frames JSON-RPC messages, and collects what the server
sends on a reader thread so the server never blocks on a full pipe."""

import json
import os
import queue
import subprocess
import threading
import time


class Client:
    def __init__(self, binary, cwd=None, env=None):
        self.proc = subprocess.Popen(
            [binary, "lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.inbox = queue.Queue()
        self.next_id = 0
        self.backlog = []
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr = []
        threading.Thread(target=self._read_err, daemon=True).start()

    # ---- transport ----
    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").rstrip("\r\n")
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def _read_err(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def request(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.next_id

    # ---- receiving ----
    def recv(self, timeout=20):
        msg = self.inbox.get(timeout=timeout)
        if msg is None:
            raise EOFError("the server closed its output")
        return msg

    def wait_for(self, pred, timeout=20, what="a message"):
        """The first message, in arrival order, that pred accepts.  The
        others stay in the backlog for later waits."""
        for i, msg in enumerate(self.backlog):
            if pred(msg):
                del self.backlog[i]
                return msg
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("timed out waiting for " + what)
            try:
                msg = self.recv(timeout=left)
            except queue.Empty:
                raise TimeoutError("timed out waiting for " + what)
            if pred(msg):
                return msg
            self.backlog.append(msg)

    def drain(self, quiet=0.3):
        """Forget the backlog and whatever arrives until quiet seconds pass without a message."""
        self.backlog.clear()
        while True:
            try:
                self.recv(timeout=quiet)
            except queue.Empty:
                return

    def call(self, method, params=None, timeout=20):
        rid = self.request(method, params)
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout,
                             "the answer to " + method)

    def diagnostics(self, uri, version=None, timeout=20):
        def ok(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            p = m["params"]
            return p["uri"] == uri and (version is None or p.get("version") == version)
        return self.wait_for(ok, timeout, "diagnostics for %s" % uri)["params"]

    def close(self, timeout=20):
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                try:
                    f.close()
                except Exception:
                    pass


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def initialize(c, root, options=None, caps=None):
    caps = caps if caps is not None else {
        "workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": True}},
        "textDocument": {"publishDiagnostics": {"relatedInformation": True}},
    }
    r = c.call("initialize", {"processId": os.getpid(), "rootUri": uri_of(root),
                              "capabilities": caps, "initializationOptions": options or {}})
    c.notify("initialized", {})
    return r


def apply_edits(text, edits):
    """Apply LSP TextEdits (UTF-16 positions) to text, as an editor would."""
    # Offsets in UTF-16 code units of each line start; text is split as LSP splits it.
    u16 = text.encode("utf-16-le")
    units = [u16[i:i + 2] for i in range(0, len(u16), 2)]
    starts = [0]
    i = 0
    while i < len(units):
        ch = units[i].decode("utf-16-le", "surrogatepass")
        if ch == "\r" and i + 1 < len(units) and units[i + 1].decode("utf-16-le") == "\n":
            starts.append(i + 2)
            i += 2
            continue
        if ch in ("\n", "\r"):
            starts.append(i + 1)
        i += 1

    def off(p):
        return starts[p["line"]] + p["character"] if p["line"] < len(starts) else len(units)

    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                          e["range"]["start"]["character"]), reverse=True):
        a, b = off(e["range"]["start"]), off(e["range"]["end"])
        units[a:b] = [e["newText"].encode("utf-16-le")[k:k + 2]
                      for k in range(0, len(e["newText"].encode("utf-16-le")), 2)]
    return b"".join(units).decode("utf-16-le", "surrogatepass")
