#!/usr/bin/env python3
"""End-to-end test of `plimsoll lsp`: one scripted editor session.

initialize (with the pull model for settings), initialized, didOpen of a
Dockerfile and a compose file, publishDiagnostics checked field by field,
incremental didChange (debounced: the last of a burst wins), UTF-16
columns on a line with é and an emoji both ways, compose <-> Dockerfile
relinting and an unsaved .env taking precedence over the disk, code
actions (safe, unsafe, ignore pragmas for both kinds, fix all),
executeCommand with workspace/applyEdit, hover, configuration from
.plimsoll.yaml and from didChangeConfiguration, shutdown and exit.

usage: lsp_session.py PLIMSOLL"""

import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Client, apply_edits, uri_of  # noqa: E402

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)
    return cond


def u16(s):
    """Length of s in UTF-16 code units, as LSP counts characters."""
    return len(s.encode("utf-16-le")) // 2


def pos_of(text, needle, nth=0):
    """LSP position (UTF-16) of the nth occurrence of needle in text."""
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    before = text[:idx]
    line = before.count("\n")
    col = u16(before[before.rfind("\n") + 1:])
    return {"line": line, "character": col}


def codes(params):
    return sorted(d["code"] for d in params["diagnostics"])


def by_code(params, code):
    return [d for d in params["diagnostics"] if d["code"] == code]


DOCKERFILE = (
    "FROM ubuntu:22.04 AS build\n"
    "# hadolint ignore=DL3009\n"
    "RUN apt-get update && apt-get install -y curl\n"
    "RUN echo 'é😀\tx' && apt-get install -y --no-install-recommends wget\n"
    "ADD . /app\n"
    "FROM alpine:3.19 AS build\n"
    "ENTRYPOINT python app.py\n"
)

COMPOSE = (
    "services:\n"
    "  web:\n"
    "    build: .\n"
    "    restart: \"${POLICY}\"\n"
    "    ports:\n"
    "      - \"80:80:80:x\"\n"
)


def main():
    binary = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.realpath(tmp)
        os.mkdir(os.path.join(root, ".git"))
        paths = {n: os.path.join(root, n) for n in ("Dockerfile", "compose.yaml", ".env",
                                                    ".plimsoll.yaml")}
        with open(paths["Dockerfile"], "w") as f:
            f.write(DOCKERFILE)
        with open(paths["compose.yaml"], "w") as f:
            f.write(COMPOSE)
        with open(paths[".env"], "w") as f:
            f.write("POLICY=bogus\n")
        with open(paths[".plimsoll.yaml"], "w") as f:
            f.write("ignore:\n  - PL1009\n")
        env = dict(os.environ, HOME=root, XDG_CONFIG_HOME=os.path.join(root, "xdg"))
        c = Client(binary, cwd=root, env=env)
        try:
            session(c, root, paths)
        finally:
            if c.proc.poll() is None:
                c.proc.kill()
            c.close()
        if c.stderr:
            print("server stderr:\n" + "".join(c.stderr))
    if FAILS:
        print("%d check(s) failed" % len(FAILS))
        return 1
    print("ok")
    return 0


def session(c, root, paths):
    df_uri, co_uri, env_uri = (uri_of(paths[n]) for n in ("Dockerfile", "compose.yaml", ".env"))

    # ---- initialize: capabilities ------------------------------------------------
    caps = {"workspace": {"applyEdit": True, "configuration": True,
                          "workspaceEdit": {"documentChanges": True}},
            "textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
    r = c.call("initialize", {"processId": os.getpid(), "rootUri": uri_of(root),
                              "capabilities": caps, "initializationOptions": {}})
    cap = r["result"]["capabilities"]
    check(r["result"]["serverInfo"]["name"] == "plimsoll", "serverInfo names plimsoll")
    check(cap["positionEncoding"] == "utf-16", "positions in UTF-16")
    sync = cap["textDocumentSync"]
    check(sync["openClose"] and sync["change"] == 2 and "save" in sync,
          "open/close, incremental changes and save: %r" % sync)
    check(cap["hoverProvider"] is True, "hover")
    kinds = cap["codeActionProvider"]["codeActionKinds"]
    check("quickfix" in kinds and any(k.startswith("source.fixAll") for k in kinds),
          "quick fixes and fix all: %r" % kinds)
    check("plimsoll.fixAll" in cap["executeCommandProvider"]["commands"], "fix-all command")

    # initialized: the server pulls its settings (workspace/configuration).
    c.notify("initialized", {})
    req = c.wait_for(lambda m: m.get("method") == "workspace/configuration", what="config pull")
    check(req["params"]["items"][0]["section"] == "plimsoll", "asks for the plimsoll section")
    c.send({"jsonrpc": "2.0", "id": req["id"],
            "result": [{"shellcheck": False, "severity": {"DL3020": "warning"}}]})

    # ---- didOpen: a Dockerfile --------------------------------------------------------
    df_text = DOCKERFILE
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": df_uri, "languageId": "dockerfile", "version": 1, "text": df_text}})
    p = c.diagnostics(df_uri, version=1)
    got = codes(p)
    for code in ("DL3008", "DL3015", "DL3020", "DL3024", "DL3025"):
        check(code in got, "Dockerfile: %s reported (%r)" % (code, got))
    check("DL3009" not in got, "the hadolint pragma suppresses DL3009")
    check("PL1009" not in got, ".plimsoll.yaml ignores PL1009 (%r)" % got)
    for d in p["diagnostics"]:
        check(d["source"] == "plimsoll", "source is plimsoll")
        check(d["severity"] in (1, 2, 3, 4), "a severity")
        check(d["codeDescription"]["href"].endswith("/rules/%s.md" % d["code"]),
              "codeDescription.href is the rule's doc: %r" % d["codeDescription"])
        check(isinstance(d["message"], str) and d["message"], "a message")
    add = by_code(p, "DL3020")[0]
    check(add["range"] == {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 3}},
          "DL3020 is on 'ADD': %r" % add["range"])
    check(add["severity"] == 2, "the pulled settings make DL3020 a warning: %r" % add["severity"])
    dup = by_code(p, "DL3024")[0]
    rel = dup.get("relatedInformation", [])
    check(rel and rel[0]["location"]["uri"] == df_uri and
          rel[0]["location"]["range"]["start"]["line"] == 0,
          "DL3024 has related information at the first stage: %r" % rel)

    # UTF-16: 'wget' follows 'é😀' and a tab on line 3: é is 1 unit, the emoji 2, the tab 1.
    wget = [d for d in by_code(p, "DL3008") if d["range"]["start"]["line"] == 3]
    want = pos_of(df_text, "wget")
    line3 = df_text.split("\n")[3]
    check(want["character"] == line3.index("wget") + 1,
          "the test's own arithmetic: one unit more than code points (%r)" % want)
    check(wget and wget[0]["range"]["start"] == want and
          wget[0]["range"]["end"] == {"line": 3, "character": want["character"] + 4},
          "UTF-16 columns server -> client: %r, want %r" % (wget and wget[0]["range"], want))

    # ---- didOpen: a compose file ---------------------------------------------------------
    co_text = COMPOSE
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": co_uri, "languageId": "dockercompose", "version": 1, "text": co_text}})
    p = c.diagnostics(co_uri, version=1)
    got = codes(p)
    check("PL0004" in got, "compose: the bad port is PL0004 (%r)" % got)
    check("PL0003" in got, "compose: restart 'bogus' from .env on disk is PL0003 (%r)" % got)
    port = by_code(p, "PL0004")[0]
    check(port["range"]["start"] == pos_of(co_text, '80:80:80:x'), "PL0004 on the port: %r"
          % port["range"])

    # An unsaved .env wins over the disk: the compose file is linted again.
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": env_uri, "languageId": "dotenv", "version": 1, "text": "POLICY=always\n"}})
    p = c.diagnostics(co_uri)
    check("PL0003" not in codes(p), "the .env buffer (POLICY=always) beats the disk: %r" % codes(p))
    c.notify("textDocument/didClose", {"textDocument": {"uri": env_uri}})
    p = c.diagnostics(co_uri)
    check("PL0003" in codes(p), "closed, the .env on disk counts again: %r" % codes(p))

    # ---- didChange (incremental, UTF-16 range) --------------------------------------------
    # Pin wget: insert '=1.21.*' after it.  The position is in UTF-16 after é and 😀.
    at = pos_of(df_text, "wget")
    at = {"line": at["line"], "character": at["character"] + 4}
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": df_uri, "version": 2},
        "contentChanges": [{"range": {"start": at, "end": at}, "text": "=1.21.*"}]})
    df_text = df_text.replace("wget", "wget=1.21.*")
    p = c.diagnostics(df_uri, version=2)
    check(not [d for d in by_code(p, "DL3008") if d["range"]["start"]["line"] == 3],
          "UTF-16 client -> server: the edit landed right after 'wget' (%r)" % codes(p))
    # The compose file builds this Dockerfile: it is linted again too.
    c.diagnostics(co_uri)

    # A burst of changes: only the last version is linted and published.
    burst = b""
    for v, txt in ((3, "#a\n"), (4, "#b\n"), (5, "#c\n")):
        body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": df_uri, "version": v},
            "contentChanges": [{"range": {"start": {"line": 7, "character": 0},
                                          "end": {"line": 7, "character": 0}}, "text": txt}]}})
        burst += b"Content-Length: %d\r\n\r\n%s" % (len(body.encode()), body.encode())
    c.send_raw(burst)
    df_text += "#c\n#b\n#a\n"  # each inserted at the start of line 7
    seen = []
    p = c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == df_uri and seen.append(m["params"]["version"]) is None
                   and m["params"]["version"] == 5, what="version 5")
    check(seen == [5], "debounced: versions 3 and 4 were never published (%r)" % seen)

    # The other way round: a compose change lints the Dockerfile it builds again.
    c.notify("textDocument/didChange", {
        "textDocument": {"uri": co_uri, "version": 2},
        "contentChanges": [{"text": co_text}]})
    c.diagnostics(co_uri, version=2)
    c.diagnostics(df_uri, version=5)

    # ---- code actions --------------------------------------------------------------------------
    line4 = {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 3}}
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": df_uri}, "range": line4,
                                           "context": {"diagnostics": []}})
    acts = r["result"]
    titles = [a["title"] for a in acts]
    fix = [a for a in acts if a["title"] == "DL3020: replace 'ADD' with 'COPY'"]
    check(fix and fix[0]["kind"] == "quickfix" and fix[0]["isPreferred"] is True,
          "a preferred quick fix for DL3020: %r" % titles)
    check(fix and fix[0]["diagnostics"][0]["code"] == "DL3020", "the fix names its diagnostic")
    ign = [a for a in acts if a["title"] == "Ignore DL3020 for this instruction"]
    check(bool(ign), "an ignore action for DL3020: %r" % titles)
    fixall = [a for a in acts if a["kind"].startswith("source.fixAll")]
    check(len(fixall) == 1 and fixall[0]["title"] == "Fix all safe problems in this file",
          "fix all: %r" % titles)
    if fixall:
        fa = apply_edits(df_text, fixall[0]["edit"]["documentChanges"][0]["edits"])
        check("COPY . /app" in fa and "ADD . /app" not in fa, "fix all replaces ADD: %r" % fa)

    # Apply the quick fix as an editor would (versioned documentChanges).
    dc = fix[0]["edit"]["documentChanges"][0]
    check(dc["textDocument"] == {"uri": df_uri, "version": 5}, "versioned edit: %r" % dc)
    new = apply_edits(df_text, dc["edits"])
    check(new.split("\n")[4] == "COPY . /app", "the fix writes COPY: %r" % new.split("\n")[4])

    # The ignore pragma: the line above the instruction.
    ign_text = apply_edits(df_text, ign[0]["edit"]["documentChanges"][0]["edits"])
    check(ign_text.split("\n")[4:6] == ["# plimsoll ignore=DL3020", "ADD . /app"],
          "the pragma goes above ADD: %r" % ign_text.split("\n")[3:6])

    # An existing pragma gets the code added: line 2's DL3008 under '# hadolint ignore=DL3009'.
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": df_uri},
                                           "range": {"start": pos_of(df_text, "curl"),
                                                     "end": pos_of(df_text, "curl")},
                                           "context": {"diagnostics": [], "only": ["quickfix"]}})
    ign2 = [a for a in r["result"] if a["title"] == "Ignore DL3008 for this instruction"]
    check(all(a["kind"] == "quickfix" for a in r["result"]), "context.only filters the kinds")
    if check(bool(ign2), "an ignore action for DL3008"):
        t2 = apply_edits(df_text, ign2[0]["edit"]["documentChanges"][0]["edits"])
        check(t2.split("\n")[1] == "# hadolint ignore=DL3009,DL3008",
              "appended to the pragma above: %r" % t2.split("\n")[1])

    # An unsafe fix says so and is not preferred: ENTRYPOINT's shell form (DL3025).
    ep = pos_of(df_text, "python app.py")
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": df_uri},
                                           "range": {"start": ep, "end": ep},
                                           "context": {"diagnostics": []}})
    uns = [a for a in r["result"] if a["title"].startswith("DL3025:")]
    check(uns and uns[0]["title"].endswith("(unsafe)") and uns[0]["isPreferred"] is False,
          "the unsafe fix: %r" % [a["title"] for a in r["result"]])

    # Send the fixed text back: DL3020 is gone.
    c.notify("textDocument/didChange", {"textDocument": {"uri": df_uri, "version": 6},
                                        "contentChanges": [{"text": new}]})
    df_text = new
    p = c.diagnostics(df_uri, version=6)
    check("DL3020" not in codes(p), "after the fix, no DL3020: %r" % codes(p))
    # Saved: diagnostics again at once (with ShellCheck, when it is on), the same version.
    c.notify("textDocument/didSave", {"textDocument": {"uri": df_uri}})
    p = c.diagnostics(df_uri, version=6)
    check("DL3020" not in codes(p) and "DL3024" in codes(p), "on save: %r" % codes(p))

    # Compose: ignore the port problem above its list item, at its indentation.
    at = pos_of(co_text, '80:80:80:x')
    r = c.call("textDocument/codeAction", {"textDocument": {"uri": co_uri},
                                           "range": {"start": at, "end": at},
                                           "context": {"diagnostics": []}})
    ign = [a for a in r["result"] if a["title"] == "Ignore PL0004 for this key"]
    if check(bool(ign), "compose: an ignore action: %r" % [a["title"] for a in r["result"]]):
        co_new = apply_edits(co_text, ign[0]["edit"]["documentChanges"][0]["edits"])
        check(co_new.split("\n")[5:7] == ["      # plimsoll ignore=PL0004", '      - "80:80:80:x"'],
              "the pragma goes above the item: %r" % co_new.split("\n")[4:7])
        c.notify("textDocument/didChange", {"textDocument": {"uri": co_uri, "version": 3},
                                            "contentChanges": [{"text": co_new}]})
        p = c.diagnostics(co_uri, version=3)
        check("PL0004" not in codes(p), "the inserted pragma suppresses PL0004: %r" % codes(p))
        co_text = co_new

    # ---- executeCommand -> workspace/applyEdit: fix all, as `plimsoll --fix` does ----------------
    rid = c.request("workspace/executeCommand", {"command": "plimsoll.fixAll", "arguments": [df_uri]})
    req = c.wait_for(lambda m: m.get("method") == "workspace/applyEdit", what="applyEdit")
    edits = req["params"]["edit"]["documentChanges"][0]["edits"]
    fixed = apply_edits(df_text, edits)
    c.send({"jsonrpc": "2.0", "id": req["id"], "result": {"applied": True}})
    resp = c.wait_for(lambda m: m.get("id") == rid and "method" not in m, what="executeCommand")
    check("error" not in resp and resp["result"] is None, "executeCommand answers null: %r" % resp)
    with tempfile.NamedTemporaryFile("w", suffix=".Dockerfile", dir=root, delete=False) as f:
        f.write(df_text)
    cli = subprocess.run([c.proc.args[0], "--fix", "--no-config", "--ignore", "PL1009", "--severity",
                          "DL3020=warning", "--shellcheck", "off", f.name],
                         capture_output=True, cwd=root)
    with open(f.name) as g:
        want = g.read()
    os.unlink(f.name)
    check(fixed == want, "fix all equals plimsoll --fix:\n%r\n%r" % (fixed, want))

    # ---- hover ------------------------------------------------------------------------------------
    c.drain()
    at = pos_of(df_text, "build", 1)
    h = c.call("textDocument/hover", {"textDocument": {"uri": df_uri}, "position": at})["result"]
    check(h and h["contents"]["kind"] == "markdown" and
          h["contents"]["value"].startswith("# DL3024"), "hover on a diagnostic: its rule's doc")
    check(h and h["range"] == {"start": at, "end": {"line": at["line"], "character": at["character"] + 5}},
          "hover range is the diagnostic's: %r" % (h and h["range"]))
    at = pos_of(df_text, "DL3009")
    at["character"] += 2
    h = c.call("textDocument/hover", {"textDocument": {"uri": df_uri}, "position": at})["result"]
    check(h and h["contents"]["value"].startswith("# DL3009") and
          h["range"]["start"] == pos_of(df_text, "DL3009"), "hover on a code in a pragma")
    h = c.call("textDocument/hover", {"textDocument": {"uri": df_uri},
                                      "position": {"line": 4, "character": 7}})
    check(h["result"] is None, "hover elsewhere: null")

    # ---- configuration pushed by the editor -------------------------------------------------------
    c.notify("workspace/didChangeConfiguration",
             {"settings": {"plimsoll": {"ignore": ["DL3008"], "shellcheck": False}}})
    p = c.diagnostics(df_uri)
    check("DL3008" not in codes(p) and "DL3024" in codes(p),
          "settings ignore DL3008: %r" % codes(p))

    # .plimsoll.yaml open in the editor with unsaved text: it is what counts.
    cfg_uri = uri_of(paths[".plimsoll.yaml"])
    c.drain()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": cfg_uri, "languageId": "yaml", "version": 1, "text": "ignore:\n  - DL3024\n"}})
    p = c.diagnostics(df_uri)
    check("DL3024" not in codes(p) and "PL1009" in codes(p),
          "the .plimsoll.yaml buffer replaces the file's config: %r" % codes(p))

    # A compose file by another name is linted by its language id (Neovim sends its filetype).
    for n, lang in (("stack.yml", "yaml.docker-compose"), ("deploy.yml", "dockercompose")):
        u = uri_of(os.path.join(root, n))
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": u, "languageId": lang, "version": 1, "text": COMPOSE}})
        check("PL0004" in codes(c.diagnostics(u, version=1)), "%s as %s is a compose file" % (n, lang))
        c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        c.diagnostics(u)
    u = uri_of(os.path.join(root, "other.yml"))
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": u, "languageId": "yaml", "version": 1, "text": COMPOSE}})
    check(c.diagnostics(u, version=1)["diagnostics"] == [], "plain YAML is left alone")
    c.notify("textDocument/didClose", {"textDocument": {"uri": u}})

    # ---- a project: the compose file checked against the Dockerfile it builds ----------------
    # On disk the server listens on 5000 while compose publishes 8000 (PL3001); an unsaved
    # Dockerfile buffer that listens on 8000 wins over the disk and the finding goes.
    proj = os.path.join(root, "proj")
    os.mkdir(proj)
    served = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n' \
             'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "%d"]\n'
    with open(os.path.join(proj, "Dockerfile"), "w") as f:
        f.write(served % 5000)
    pco_uri, pdf_uri = (uri_of(os.path.join(proj, n)) for n in ("compose.yaml", "Dockerfile"))
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": pco_uri, "languageId": "dockercompose", "version": 1,
        "text": "services:\n  api:\n    build: .\n    ports:\n      - \"8000:8000\"\n"}})
    p = c.diagnostics(pco_uri, version=1)
    check("PL3001" in codes(p), "project: port 8000 the Dockerfile on disk does not serve (%r)" % codes(p))
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": pdf_uri, "languageId": "dockerfile", "version": 1, "text": served % 8000}})
    p = c.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                   and m["params"]["uri"] == pco_uri and "PL3001" not in codes(m["params"]),
                   what="the compose file linted again against the unsaved Dockerfile")
    check("PL3001" not in codes(p["params"]), "project: the unsaved Dockerfile buffer counts")
    for u in (pdf_uri, pco_uri):
        c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        c.diagnostics(u)

    # ---- close, shutdown, exit -----------------------------------------------------------------------
    c.drain()
    c.notify("textDocument/didClose", {"textDocument": {"uri": df_uri}})
    p = c.diagnostics(df_uri)
    check(p["diagnostics"] == [], "closing withdraws the diagnostics")
    r = c.call("shutdown")
    check("result" in r and r["result"] is None, "shutdown answers null")
    r = c.call("textDocument/hover", {"textDocument": {"uri": co_uri},
                                      "position": {"line": 0, "character": 0}})
    check(r.get("error", {}).get("code") == -32600, "after shutdown: InvalidRequest")
    c.notify("exit")
    check(c.close() == 0, "exit after shutdown: status 0")


if __name__ == "__main__":
    sys.exit(main())
