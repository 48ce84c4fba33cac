"""The language server, tested with a real LSP exchange: ``podlint lsp`` runs as a subprocess
and this test speaks JSON-RPC with Content-Length framing to it over its stdin and stdout."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

pytest.importorskip("pygls", reason="the language server needs the lsp extra (pygls)")

TIMEOUT = 60  # seconds to wait for any one message: a hang fails the test instead of blocking it


class LspClient:
    """A minimal LSP client: framed JSON-RPC over the server's stdin and stdout, read by a thread."""

    def __init__(self, cwd: Path):
        path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "podlint", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env={**os.environ, "PYTHONPATH": path},
        )
        self.incoming: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []  # every notification received, in order
        self.stderr: list[bytes] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = stream.readline()
                    if not line:
                        return
                    if line == b"\r\n":
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = stream.read(int(headers["content-length"]))
                self.incoming.put(json.loads(body.decode("utf-8")))
        finally:
            self.incoming.put(None)  # end of stream

    def _drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self.send({"method": method, "params": params} if params is not None else {"method": method})

    def _receive(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        try:
            message = self.incoming.get(timeout=max(remaining, 0))
        except queue.Empty:
            pytest.fail(f"no message from the server in {TIMEOUT}s; stderr:\n{self._stderr()}")
        if message is None:
            pytest.fail(f"the server closed its output; stderr:\n{self._stderr()}")
        if "method" in message and "id" in message:  # a request from the server: answer it
            self.send({"id": message["id"], "result": None})
        elif "method" in message:
            self.notifications.append(message)
        return message

    def request(self, method: str, params: dict | None = None):
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._receive(deadline)
            if message.get("id") == request_id and "method" not in message:
                assert "error" not in message, message
                return message["result"]

    def diagnostics(self, uri: str) -> dict:
        """The next textDocument/publishDiagnostics for ``uri`` (others are skipped)."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._receive(deadline)
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]

    def published(self) -> list[str]:
        return [n["params"]["uri"] for n in self.notifications if n["method"] == "textDocument/publishDiagnostics"]

    def _stderr(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")[-4000:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(TIMEOUT)


@pytest.fixture
def client(tmp_path):
    # an empty configuration file: the defaults, whatever lies above tmp_path
    (tmp_path / ".podlint.yaml").write_text("", encoding="utf-8")
    started = LspClient(cwd=tmp_path)
    yield started
    started.close()


def initialize(client: LspClient, root: Path) -> dict:
    result = client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
        },
    )
    client.notify("initialized", {})
    return result


def open_document(client: LspClient, path: Path, text: str, language: str = "yaml") -> None:
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": path.as_uri(), "languageId": language, "version": 1, "text": text}},
    )


def change_document(client: LspClient, path: Path, version: int, text: str) -> None:
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": path.as_uri(), "version": version}, "contentChanges": [{"text": text}]},
    )


def rng(line: int, character: int, end_line: int, end_character: int) -> dict:
    return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}


def diagnostic(range_: dict, severity: int, rule: str, href: str, message: str, **extra) -> dict:
    return {
        "range": range_,
        "message": message,
        "severity": severity,
        "code": rule,
        "codeDescription": {"href": href},
        "source": "podlint",
        **extra,
    }


ERROR, WARNING, INFORMATION = 1, 2, 3
UNNECESSARY = 1
LATEST_TAG_HREF = "https://kubernetes.io/docs/concepts/containers/images/#image-names"
DUPLICATE_KEY_HREF = "https://yaml.org/spec/1.2.2/#mapping"

HEAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
"""
RESOURCES = """\
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 64Mi}
"""
# line 14 (0-based) has a duplicate key and the latest tag; line 10's pod spec and line 12's container
# leave the service account token mounted and the root filesystem writable (info)
BROKEN = HEAD + "        - name: web\n          image: nginx:1.27.2\n          image: nginx:latest\n" + RESOURCES
FIXED = HEAD + "        - name: web\n          image: nginx:1.27.2\n" + RESOURCES


def test_language_server_session(client, tmp_path):
    from podlint.registry import catalogue

    result = initialize(client, tmp_path)
    capabilities = result["capabilities"]
    assert capabilities["positionEncoding"] == "utf-16"
    assert capabilities["textDocumentSync"]["change"] == 1  # full
    assert capabilities["textDocumentSync"]["save"] is True
    assert capabilities["hoverProvider"] is True
    assert capabilities["codeActionProvider"] == {"codeActionKinds": ["quickfix"]}
    assert result["serverInfo"]["name"] == "podlint"

    # --- a manifest with a duplicate key and the latest tag ----------------------------------
    web = tmp_path / "web.yaml"
    uri = web.as_uri()
    open_document(client, web, BROKEN)
    duplicate = diagnostic(
        rng(14, 10, 14, 15),
        ERROR,
        "duplicate-key",
        DUPLICATE_KEY_HREF,
        'mapping key "image" already defined at line 14',
    )
    latest = diagnostic(
        rng(14, 17, 14, 29),
        WARNING,
        "latest-tag",
        LATEST_TAG_HREF,
        'container "web" uses image "nginx:latest" with the "latest" tag',
    )
    token = diagnostic(
        rng(10, 4, 10, 8),
        INFORMATION,
        "automount-service-account-token",
        catalogue()["automount-service-account-token"].references[0],
        "the pod mounts the default service account's API token (automountServiceAccountToken is not false)",
    )
    readonly = diagnostic(
        rng(12, 10, 12, 14),
        INFORMATION,
        "readonly-root-filesystem",
        catalogue()["readonly-root-filesystem"].references[0],
        'container "web" has a writable root filesystem',
    )
    assert client.diagnostics(uri) == {"uri": uri, "version": 1, "diagnostics": [token, readonly, duplicate, latest]}

    # --- quick fix: a disable comment at the end of the line --------------------------------
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": latest["range"], "context": {"diagnostics": [latest]}},
    )
    end_of_line = {"line": 14, "character": 29}  # len("          image: nginx:latest")
    assert actions == [
        {
            "title": "Disable latest-tag for this line",
            "kind": "quickfix",
            "diagnostics": [latest],
            "edit": {
                "changes": {
                    uri: [
                        {
                            "range": {"start": end_of_line, "end": end_of_line},
                            "newText": "  # podlint: disable=latest-tag",
                        }
                    ]
                }
            },
        }
    ]
    # a code action request that asks for other kinds only gets nothing
    assert (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": latest["range"],
                "context": {"diagnostics": [latest], "only": ["refactor"]},
            },
        )
        == []
    )

    # --- hover: the rule's documentation -----------------------------------------------------
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 14, "character": 20}}
    )
    spec = catalogue()["latest-tag"]
    assert hover["range"] == latest["range"]
    assert hover["contents"]["kind"] == "markdown"
    text = hover["contents"]["value"]
    assert text.startswith("**podlint `latest-tag`** (warning, images)\n\n")
    assert spec.summary in text
    assert spec.rationale.strip() in text
    assert spec.remediation in text
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 14, "character": 10}}
    )
    assert hover["range"] == duplicate["range"]
    assert catalogue()["duplicate-key"].summary in hover["contents"]["value"]
    assert "latest-tag" not in hover["contents"]["value"]
    # no diagnostic there: no hover
    assert (
        client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}})
        is None
    )

    # --- the quick fix applied: the finding is gone ------------------------------------------
    lines = BROKEN.split("\n")
    lines[14] += "  # podlint: disable=latest-tag"
    change_document(client, web, 2, "\n".join(lines))
    assert client.diagnostics(uri) == {"uri": uri, "version": 2, "diagnostics": [token, readonly, duplicate]}

    # a second rule on that line goes into the same comment
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": duplicate["range"], "context": {"diagnostics": [duplicate]}},
    )
    after_list = {"line": 14, "character": 60}  # len("          image: nginx:latest  # podlint: disable=latest-tag")
    assert [action["edit"] for action in actions] == [
        {"changes": {uri: [{"range": {"start": after_list, "end": after_list}, "newText": ",duplicate-key"}]}}
    ]
    assert actions[0]["title"] == "Disable duplicate-key for this line"
    lines[14] += ",duplicate-key"
    change_document(client, web, 3, "\n".join(lines))
    assert client.diagnostics(uri) == {"uri": uri, "version": 3, "diagnostics": [token, readonly]}

    # --- fixed for real: the comment now suppresses nothing (and says so), then it goes --------
    stale = FIXED.replace("nginx:1.27.2\n", "nginx:1.27.2  # podlint: disable=latest-tag,duplicate-key\n")
    change_document(client, web, 4, stale)
    unused = {
        "range": rng(13, 31, 13, 74),
        "severity": INFORMATION,
        "code": "unused-suppression",
        "source": "podlint",
        "tags": [UNNECESSARY],
    }
    published = client.diagnostics(uri)
    assert published["version"] == 4
    assert published["diagnostics"][:2] == [token, readonly]
    for item in published["diagnostics"][2:]:
        assert item.pop("codeDescription")["href"] == catalogue()["unused-suppression"].references[0]
    assert published["diagnostics"][2:] == [
        {**unused, "message": 'disable comment suppresses no "latest-tag" finding'},
        {**unused, "message": 'disable comment suppresses no "duplicate-key" finding'},
    ]
    change_document(client, web, 5, FIXED)
    assert client.diagnostics(uri) == {"uri": uri, "version": 5, "diagnostics": [token, readonly]}

    # --- not a manifest: not linted; UTF-16 columns with astral and non-ASCII characters ---------
    notes = tmp_path / "notes.txt"
    open_document(client, notes, "image: nginx:latest\n", language="plaintext")
    emoji = tmp_path / "emoji.yaml"
    line = '        - {name: web, args: ["🐳 ü"], image: "nginx:latest"}  # 🐳'
    open_document(client, emoji, HEAD + line + "\n")
    assert client.diagnostics(emoji.as_uri())["diagnostics"] == [
        token,
        diagnostic(
            # a missing field of the container is shown at its name
            rng(12, 11, 12, 15),
            WARNING,
            "missing-memory-limit",
            catalogue()["missing-memory-limit"].references[0],
            'container "web" has no memory limit',
        ),
        diagnostic(
            rng(12, 11, 12, 15),
            WARNING,
            "missing-requests",
            catalogue()["missing-requests"].references[0],
            'container "web" has no cpu or memory request',
        ),
        diagnostic(
            rng(12, 11, 12, 15),
            INFORMATION,
            "readonly-root-filesystem",
            catalogue()["readonly-root-filesystem"].references[0],
            'container "web" has a writable root filesystem',
        ),
        diagnostic(
            # '"nginx:latest"' is at character 44, code unit 45 (one 🐳 before it)
            rng(12, 45, 12, 59),
            WARNING,
            "latest-tag",
            LATEST_TAG_HREF,
            'container "web" uses image "nginx:latest" with the "latest" tag',
        ),
    ]
    assert notes.as_uri() not in client.published()
    # the quick fix's position is in code units too
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": emoji.as_uri()},
            "range": rng(12, 45, 12, 59),
            "context": {
                "diagnostics": [
                    diagnostic(rng(12, 45, 12, 59), WARNING, "latest-tag", LATEST_TAG_HREF, "the latest tag")
                ]
            },
        },
    )
    # the line has a comment: the directive goes before it (a directive must start the comment)
    comment = {"line": 12, "character": 62}  # code units before "# 🐳": 61 characters, one 🐳
    assert actions[0]["edit"] == {
        "changes": {
            emoji.as_uri(): [
                {"range": {"start": comment, "end": comment}, "newText": "# podlint: disable=latest-tag  "}
            ]
        }
    }

    # --- JSON: diagnostics, but no comment quick fix (a comment would make it invalid JSON) ---
    pod = tmp_path / "pod.json"
    open_document(
        client,
        pod,
        '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "db"},\n'
        ' "spec": {"containers": [{"name": "db", "image": "postgres"}]}}\n',
        language="json",
    )
    json_diagnostics = client.diagnostics(pod.as_uri())["diagnostics"]
    assert [(d["code"], d["range"]) for d in json_diagnostics] == [
        ("bare-pod", rng(0, 29, 0, 34)),
        ("automount-service-account-token", rng(1, 1, 1, 7)),
        ("missing-memory-limit", rng(1, 26, 1, 32)),
        ("missing-requests", rng(1, 26, 1, 32)),
        ("readonly-root-filesystem", rng(1, 26, 1, 32)),
        ("ephemeral-data-volume", rng(1, 49, 1, 59)),
        ("latest-tag", rng(1, 49, 1, 59)),
    ]
    assert (
        client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": pod.as_uri()},
                "range": json_diagnostics[6]["range"],
                "context": {"diagnostics": json_diagnostics[6:]},
            },
        )
        == []
    )

    # --- malformed YAML: a finding, not a crash ----------------------------------------------
    bad = tmp_path / "bad.yaml"
    open_document(client, bad, "apiVersion: v1\nkind: [Pod\n")
    assert client.diagnostics(bad.as_uri())["diagnostics"] == [
        diagnostic(
            rng(2, 0, 2, 0),  # the end of the file
            ERROR,
            "yaml-syntax",
            catalogue()["yaml-syntax"].references[0],
            "did not find expected ',' or ']' (while parsing a flow sequence)",
        )
    ]

    # --- the configuration nearest to the document --------------------------------------------
    team = tmp_path / "my team"
    team.mkdir()
    config = team / ".podlint.yaml"
    config.write_text("ignore: [latest-tag]\n", encoding="utf-8")
    team_web = team / "web.yaml"
    team_uri = team_web.as_uri()
    assert "%20" in team_uri
    open_document(client, team_web, BROKEN)
    assert client.diagnostics(team_uri) == {
        "uri": team_uri,
        "version": 1,
        "diagnostics": [token, readonly, duplicate],
    }

    # a broken configuration, saved: one diagnostic at the start of the file
    config.write_text("ignore: [latest-tag]\nselct: [images]\n", encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    assert client.diagnostics(team_uri)["diagnostics"] == [
        {
            "range": rng(0, 0, 0, 0),
            "message": f'{config.resolve()}:2:1: unknown setting "selct" (did you mean "select"?)',
            "severity": ERROR,
            "source": "podlint",
        }
    ]
    # repaired, noticed at the next change even without a save
    config.write_text("ignore: [duplicate-key]\n", encoding="utf-8")
    change_document(client, team_web, 2, BROKEN)
    assert client.diagnostics(team_uri) == {"uri": team_uri, "version": 2, "diagnostics": [token, readonly, latest]}

    # --- closing clears the diagnostics ----------------------------------------------------------
    client.notify("textDocument/didClose", {"textDocument": {"uri": team_uri}})
    assert client.diagnostics(team_uri) == {"uri": team_uri, "diagnostics": []}

    # nothing went wrong inside the server
    errors = [n for n in client.notifications if n["method"] in ("window/logMessage", "window/showMessage")]
    assert [n for n in errors if n["params"]["type"] == 1] == []

    # --- shutdown, exit -----------------------------------------------------------------------------
    assert client.request("shutdown") is None
    client.notify("exit")
    assert client.process.wait(TIMEOUT) == 0


def test_text_that_is_not_unicode_is_a_finding(client, tmp_path):
    """An editor may send a lone surrogate (JSON's "\\ud800"), which no file holds: a YAML
    finding at it, not an internal error."""
    from podlint.registry import catalogue

    initialize(client, tmp_path)
    pod = tmp_path / "pod.yaml"
    open_document(client, pod, "apiVersion: v1\nkind: Pod\nmetadata: {name: \U0001F600x\ud800}\n")
    assert client.diagnostics(pod.as_uri())["diagnostics"] == [
        diagnostic(
            rng(2, 20, 2, 21),  # after an emoji of two UTF-16 code units and an x
            ERROR,
            "yaml-syntax",
            catalogue()["yaml-syntax"].references[0],
            "unacceptable character #xd800: special characters are not allowed",
        )
    ]
    errors = [n for n in client.notifications if n["method"] in ("window/logMessage", "window/showMessage")]
    assert [n for n in errors if n["params"]["type"] == 1] == []


def test_exit_without_shutdown_is_an_error(client, tmp_path):
    initialize(client, tmp_path)
    client.notify("exit")
    assert client.process.wait(TIMEOUT) == 1


# --- the pieces, in process ---------------------------------------------------------------------


def test_positions_count_utf16_code_units_and_lsp_line_breaks():
    from podlint.lsp import Positions

    # podlint breaks lines at U+2028 (as YAML 1.1 does), LSP does not
    text = "a: 1\r\nb: 😀\u2028c: x\nd: ü😀x"
    positions = Positions(text)
    start = positions.range(3, 1, 3, 5)  # podlint's line 3 is "c: x", after the U+2028
    assert (start.start.line, start.start.character, start.end.line, start.end.character) == (1, 6, 1, 10)
    end = positions.range(4, 6, 4, 7)  # the "x" after "d: ü😀"
    assert (end.start.line, end.start.character, end.end.character) == (2, 6, 7)
    utf8 = Positions(text, "utf-8").range(4, 6, 4, 7)
    assert (utf8.start.character, utf8.end.character) == (9, 10)
    # a byte order mark is dropped by podlint but counted by the client
    bom = Positions("\ufeffa: 1\n").range(1, 1, 1, 2)
    assert (bom.start.character, bom.end.character) == (1, 2)


def test_disable_edit():
    from podlint.lsp import disable_edit

    assert disable_edit("image: x", "latest-tag") == (8, "  # podlint: disable=latest-tag")
    assert disable_edit("image: x  # podlint: disable=a-rule", "latest-tag") == (35, ",latest-tag")
    assert disable_edit("image: x  # podlint: disable=a-rule  # why", "latest-tag") == (35, ",latest-tag")
    assert disable_edit("image: x  # podlint: disable=latest-tag", "latest-tag") is None
    assert disable_edit('image: "a # b"  # why', "latest-tag") == (16, "# podlint: disable=latest-tag  ")


def test_exclude_globs_match_as_from_the_configuration_directory(tmp_path):
    from podlint.lsp import excluded

    base = tmp_path
    assert excluded(base / "charts" / "web" / "deploy.yaml", base, ["charts/**"])
    assert excluded(base / "a" / "generated" / "x.yaml", base, ["generated"])  # a directory on the way
    assert excluded(base / "a" / "x.tmpl.yaml", base, ["*.tmpl.yaml"])  # the name
    assert not excluded(base / "a" / "x.yaml", base, ["charts/**", "generated"])
    assert not excluded(tmp_path.parent / "charts" / "x.yaml", base, ["charts/**"])  # outside the directory
    assert not excluded(base / "x.yaml", base, [])


def test_saving_a_file_parses_only_the_files_that_changed_since_the_last_scan(tmp_path, monkeypatch):
    """The server scans the project again whenever a file with cluster objects is saved: files
    whose bytes it has read before are not parsed again."""
    from podlint import engine
    from podlint.cluster_cache import KeptScans
    from podlint.config import Config
    from podlint.lsp import _scan

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{key: value}}\n", encoding="utf-8"
        )
    parsed = []
    scan_file = engine._scan_file

    def spy(display, path, version, max_file_size, digest=None):
        parsed.append(Path(display).name)
        return scan_file(display, path, version, max_file_size, digest)

    monkeypatch.setattr(engine, "_scan_file", spy)
    linter, kept = engine.Linter(Config()), KeptScans()
    _scan(linter, tmp_path, kept)
    assert parsed == ["a.yaml", "b.yaml", "c.yaml"]
    _scan(linter, tmp_path, kept)
    assert parsed == ["a.yaml", "b.yaml", "c.yaml"]
    (tmp_path / "b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {other: value}\n")
    _scan(linter, tmp_path, kept)
    assert parsed[3:] == ["b.yaml"]
    assert linter.cluster.config_keys("ConfigMap", "b", None).data == {"other"}
    fresh = engine.Linter(Config())
    _scan(fresh, tmp_path, KeptScans())
    assert linter.cluster == fresh.cluster


def test_podlint_does_not_need_pygls_except_for_the_server():
    code = "import sys, podlint.cli, podlint.engine, podlint.registry; sys.exit('pygls' in sys.modules)"
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": path}, timeout=TIMEOUT)
    assert result.returncode == 0


def test_the_editor_shows_pods_that_fit_no_node_of_the_configured_inventory(client, tmp_path):
    """With ``nodes:`` in the configuration, the language server reports what the scheduler
    would refuse, as you type."""
    from podlint.registry import catalogue

    (tmp_path / ".podlint.yaml").write_text("nodes: cluster.yaml\nselect: [scheduling]\n", encoding="utf-8")
    (tmp_path / "cluster.yaml").write_text(
        "pools: [{name: small, count: 2, allocatable: {cpu: '2', memory: 4Gi}}]\n", encoding="utf-8"
    )
    initialize(client, tmp_path)
    web = tmp_path / "web.yaml"
    text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
    open_document(client, web, text + "    - {name: web, image: 'nginx:1.27.3', resources: {requests: {cpu: '3'}}}\n")
    assert client.diagnostics(web.as_uri())["diagnostics"] == [
        diagnostic(
            rng(3, 0, 3, 4),
            ERROR,
            "unschedulable",
            catalogue()["unschedulable"].references[0],
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are"
            " available: 2 Preemption is not helpful for scheduling.",
        )
    ]
    change_document(
        client, web, 2, text + "    - {name: web, image: 'nginx:1.27.3', resources: {requests: {cpu: '1'}}}\n"
    )
    assert client.diagnostics(web.as_uri())["diagnostics"] == []


def test_the_editor_knows_the_cluster_objects_of_the_project(client, tmp_path):
    """A LimitRange in another file of the project bounds the pods of the document being
    edited, as on the command line; saving a changed LimitRange is seen by the open documents."""
    limits = tmp_path / "limits.yaml"
    limit_range = (
        "apiVersion: v1\nkind: LimitRange\nmetadata: {name: limits, namespace: shop}\n"
        "spec:\n  limits:\n    - {type: Container, max: {cpu: 500m}}\n"
    )
    limits.write_text(limit_range, encoding="utf-8")
    (tmp_path / ".podlint.yaml").write_text("select: [outside-limit-range]\n", encoding="utf-8")
    initialize(client, tmp_path)
    web = tmp_path / "web.yaml"
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n"
        "    - {name: web, image: 'nginx:1.27.3', resources: {limits: {cpu: '1'}}}\n"
    )
    open_document(client, web, text)
    from podlint.registry import catalogue

    href = catalogue()["outside-limit-range"].references[0]
    assert client.diagnostics(web.as_uri())["diagnostics"] == [
        diagnostic(rng(5, 67, 5, 70), ERROR, "outside-limit-range", href, "maximum cpu usage per Container is 500m, but limit is 1")
    ]
    # the LimitRange is raised and saved: the open Pod is linted again, and is fine
    limits.write_text(limit_range.replace("500m", "2"), encoding="utf-8")
    open_document(client, limits, limits.read_text(encoding="utf-8"))
    client.diagnostics(limits.as_uri())
    client.notify("textDocument/didSave", {"textDocument": {"uri": limits.as_uri()}})
    assert client.diagnostics(web.as_uri())["diagnostics"] == []


def test_the_editor_knows_the_config_maps_of_the_project(client, tmp_path):
    """A key the ConfigMap in another file lacks is found as the Deployment is edited; saving the
    ConfigMap with the key is seen by the open documents."""
    config = tmp_path / "config.yaml"
    config_map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {log-level: info}\n"
    config.write_text(config_map, encoding="utf-8")
    (tmp_path / ".podlint.yaml").write_text("select: [missing-config-key]\n", encoding="utf-8")
    initialize(client, tmp_path)
    web = tmp_path / "web.yaml"
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n"
        "    - name: web\n      image: 'nginx:1.27.3'\n"
        "      env: [{name: LEVEL, valueFrom: {configMapKeyRef: {name: web, key: level}}}]\n"
    )
    open_document(client, web, text)
    from podlint.registry import catalogue

    href = catalogue()["missing-config-key"].references[0]
    assert client.diagnostics(web.as_uri())["diagnostics"] == [
        diagnostic(
            rng(7, 72, 7, 77), ERROR, "missing-config-key", href,
            'container "web" cannot start: ConfigMap "web" has no key "level" (did you mean "log-level"?)',
        )
    ]
    config.write_text(config_map.replace("log-level: info", "log-level: info, level: debug"), encoding="utf-8")
    open_document(client, config, config.read_text(encoding="utf-8"))
    client.diagnostics(config.as_uri())
    client.notify("textDocument/didSave", {"textDocument": {"uri": config.as_uri()}})
    assert client.diagnostics(web.as_uri())["diagnostics"] == []


def test_the_editor_sees_a_claim_another_file_stops_mounting_when_it_is_saved(client, tmp_path):
    """Two pods mount one ReadWriteOnce claim; when one of them is saved without it, which no
    longer mentions any cluster object, the other's diagnostic goes."""
    (tmp_path / ".podlint.yaml").write_text("select: [shared-readwriteonce-claim]\n", encoding="utf-8")
    (tmp_path / "claim.yaml").write_text(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n"
        "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n",
        encoding="utf-8",
    )
    pod = (
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {0}}}\nspec:\n  containers: [{{name: c, image: 'nginx:1.27.3'}}]\n"
        "  volumes: [{{name: data, persistentVolumeClaim: {{claimName: data}}}}]\n"
    )
    backup = tmp_path / "backup.yaml"
    backup.write_text(pod.format("backup"), encoding="utf-8")
    initialize(client, tmp_path)
    db = tmp_path / "db.yaml"
    open_document(client, db, pod.format("db"))
    [found] = client.diagnostics(db.as_uri())["diagnostics"]
    assert found["message"].startswith('PersistentVolumeClaim "data", which is ReadWriteOnce, is mounted by Pod "backup" too')
    open_document(client, backup, backup.read_text(encoding="utf-8"))
    client.diagnostics(backup.as_uri())
    without = pod.format("backup").replace("  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n", "")
    backup.write_text(without, encoding="utf-8")
    change_document(client, backup, 2, without)
    client.diagnostics(backup.as_uri())
    client.notify("textDocument/didSave", {"textDocument": {"uri": backup.as_uri()}})
    assert client.diagnostics(db.as_uri())["diagnostics"] == []


def test_the_editor_knows_the_pod_security_level_of_a_namespace_in_another_file(client, tmp_path):
    (tmp_path / "namespace.yaml").write_text(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n"
        "    pod-security.kubernetes.io/enforce: baseline\n",
        encoding="utf-8",
    )
    (tmp_path / ".podlint.yaml").write_text("select: [host-namespaces]\n", encoding="utf-8")
    initialize(client, tmp_path)
    pod = tmp_path / "pod.yaml"
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  hostNetwork: true\n"
        "  containers: [{name: web, image: 'nginx:1.27.3'}]\n"
    )
    open_document(client, pod, text)
    (found,) = client.diagnostics(pod.as_uri())["diagnostics"]
    # enforced by the Namespace's label: an error, where the default level warns
    assert (found["severity"], found["message"]) == (
        ERROR,
        'violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
    )
