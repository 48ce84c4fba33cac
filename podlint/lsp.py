"""The language server: ``podlint lsp`` speaks the Language Server Protocol on stdio.

It lints YAML and JSON documents as they are opened, edited and saved, with the
configuration found upward from each document (as the command line finds it from
the current directory), and publishes the findings as diagnostics at their exact
ranges. The Namespaces and cluster objects of the project (the files ``podlint lint``
would read from the configuration's directory, or the workspace's root) count as they
do on the command line; they are read again when a file that holds some is saved. A quick fix adds a ``# podlint: disable=RULE`` comment to the line; hovering
over a finding shows its rule's documentation.

pygls (the ``lsp`` extra) is imported here only: the rest of podlint does not need it.

Positions: podlint reports 1-based lines and columns counted in characters (code
points), over lines that YAML breaks (``\\r\\n``, ``\\r``, ``\\n``, and also NEL, LS and
PS); LSP positions are 0-based, over lines that only ``\\r\\n``, ``\\r`` and ``\\n`` break,
with characters counted in the negotiated encoding's code units (UTF-16 unless the
client asks otherwise). :class:`Positions` converts between the two through offsets
into the text, so that astral characters (two UTF-16 units) and odd line breaks are
exact.
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .cluster import mentions
from .cluster_cache import KeptScans
from .config import CONFIG_FILES, ConfigError, find_config, load_config
from .engine import MAX_FILE_SIZE, Linter
from .findings import Finding, Severity
from .registry import RuleSpec, catalogue
from .suppression import comment_start

SOURCE = "podlint"
MANIFEST_LANGUAGES = frozenset({"yaml", "json"})
MANIFEST_EXTENSIONS = (".yaml", ".yml", ".json")
JSON_LANGUAGES = frozenset({"json", "jsonc"})

_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_TAGS = {
    "unused-suppression": [types.DiagnosticTag.Unnecessary],
    "deprecated-api": [types.DiagnosticTag.Deprecated],
}

# A comment directive, as podlint.suppression reads it.
_DIRECTIVE = re.compile(r"#\s*podlint\s*:\s*([a-z-]+)\s*(?:=\s*([^#]*))?")

# Line breaks as podlint's loader splits lines (YAML 1.1) and as LSP does.
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_LSP_BREAK = re.compile(r"\r\n|[\r\n]")

logger = logging.getLogger(__name__)


# --- positions ------------------------------------------------------------------------------


def code_units(text: str, encoding: str = types.PositionEncodingKind.Utf16) -> int:
    """How many code units of ``encoding`` (an LSP position encoding) ``text`` takes."""
    if encoding == types.PositionEncodingKind.Utf32:
        return len(text)
    if encoding == types.PositionEncodingKind.Utf8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _line_table(text: str, breaks: re.Pattern, base: int = 0) -> tuple[list[int], list[int]]:
    """Where each line of ``text`` starts and where its content ends (before its line break)."""
    starts, ends = [base], []
    for match in breaks.finditer(text):
        ends.append(base + match.start())
        starts.append(base + match.end())
    ends.append(base + len(text))
    return starts, ends


class Positions:
    """Converts podlint's 1-based character spans of one text into LSP ranges."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.encoding = encoding
        bom = 1 if text.startswith("\ufeff") else 0  # podlint's loader drops it; LSP counts it
        self.yaml_starts, self.yaml_ends = _line_table(text[bom:], _YAML_BREAK, bom)
        self.lsp_starts, self.lsp_ends = _line_table(text, _LSP_BREAK)

    def offset(self, line: int, column: int) -> int:
        """The offset in the text of podlint's 1-based ``line`` and ``column``."""
        index = min(max(line - 1, 0), len(self.yaml_starts) - 1)
        start, end = self.yaml_starts[index], self.yaml_ends[index]
        return min(start + max(column - 1, 0), end)

    def position(self, offset: int) -> types.Position:
        """The LSP position of an offset in the text."""
        line = bisect.bisect_right(self.lsp_starts, offset) - 1
        start = self.lsp_starts[line]
        offset = min(offset, self.lsp_ends[line])
        return types.Position(line=line, character=code_units(self.text[start:offset], self.encoding))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> types.Range:
        start = self.offset(line, column)
        end = max(self.offset(end_line, end_column), start)
        return types.Range(start=self.position(start), end=self.position(end))

    def lsp_line(self, line: int) -> str:
        """The content of the 0-based LSP line ``line`` ("" past the end)."""
        if not 0 <= line < len(self.lsp_starts):
            return ""
        return self.text[self.lsp_starts[line] : self.lsp_ends[line]]


# --- configuration --------------------------------------------------------------------------


@dataclass
class _CachedLinter:
    stamp: bytes | None  # the configuration file's content when it was read
    linter: Linter | None
    error: str | None
    scanned: Path | None = None  # the directory whose cluster objects the linter knows
    # what each file of it gave, by the digest of its bytes: a scan parses only what changed
    kept: KeptScans = field(default_factory=KeptScans)


class Linters:
    """One linter per configuration file, rebuilt when the file changes."""

    def __init__(self) -> None:
        self._cache: dict[str | None, _CachedLinter] = {}

    @staticmethod
    def _stamp(path: Path | None) -> bytes | None:
        """The configuration file's content: small, and exact where a modification time
        may not change between two quick saves."""
        if path is None:
            return None
        try:
            return path.read_bytes()
        except OSError:
            return b"\0unreadable"

    def get(self, config_path: Path | None, base: Path | None = None) -> tuple[Linter | None, str | None]:
        """The linter for a configuration file (``None``: the defaults), or the error it gives.
        ``base``: the directory ``podlint lint`` would be run on, whose Namespaces and cluster
        objects (:mod:`podlint.cluster`) apply to a document as they do there."""
        key = str(config_path) if config_path is not None else None
        stamp = self._stamp(config_path)
        cached = self._cache.get(key)
        if cached is None or cached.stamp != stamp:
            try:
                cached = _CachedLinter(stamp, Linter(load_config(config_path)), None)
            except ConfigError as error:
                cached = _CachedLinter(stamp, None, str(error))
            self._cache[key] = cached
        if cached.linter is not None and base is not None and cached.scanned != base:
            _scan(cached.linter, base, cached.kept)
            cached.scanned = base
        return cached.linter, cached.error

    def rescan(self) -> None:
        """Read the cluster objects again at the next lint: a file that holds some was saved."""
        for cached in self._cache.values():
            cached.scanned = None


def _scan(linter: Linter, base: Path, kept: KeptScans) -> None:
    """The Namespaces and cluster objects among the files of ``base``, as ``podlint lint``
    finds them there (only those files that mention them are parsed, and of those only the ones
    whose bytes are not those ``kept`` has seen)."""
    if not (linter._reads_pod_security or linter._reads_cluster_objects):
        return
    files = sorted(Linter._files([str(base)], tuple(linter.config.exclude), []), key=lambda file: file[0])
    linter._find_cluster_objects(files, MAX_FILE_SIZE, cache=kept)


def excluded(path: Path, base: Path, patterns: Sequence[str]) -> bool:
    """Whether the configuration's ``exclude`` globs skip ``path``, as ``podlint lint`` run
    in ``base`` (the configuration file's directory) skips it: matched against the path
    relative to ``base`` and its name, and against every directory on the way."""
    if not patterns:
        return False
    try:
        relative = Path(os.path.relpath(path, base))
    except ValueError:  # another drive
        return False
    if relative.parts[:1] == ("..",):
        return False
    parts = relative.parts
    for index in range(1, len(parts) + 1):
        prefix = "/".join(parts[:index])
        name = parts[index - 1]
        if any(fnmatch.fnmatchcase(prefix, p) or fnmatch.fnmatchcase(name, p) for p in patterns):
            return True
    return False


# --- quick fix ------------------------------------------------------------------------------


def disable_edit(line: str, rule: str) -> tuple[int, str] | None:
    """Where (a character index into ``line``) and what to insert so that ``line`` disables
    ``rule``; ``None`` if it already does.

    A line that ends with ``# podlint: disable=...`` gets ``,RULE`` added to its list; a
    line with another comment gets the directive before that comment (a directive must
    start the comment); any other line gets ``  # podlint: disable=RULE`` at its end.
    """
    column = comment_start(line)
    if column < 0:
        return len(line), f"  # podlint: disable={rule}"
    match = _DIRECTIVE.match(line, column)
    if match and match.group(1) == "disable" and match.group(2) is not None:
        listed = match.group(2).rstrip()
        names = [name.strip() for name in listed.split(",") if name.strip()]
        if rule in names:
            return None
        at = match.start(2) + len(listed)
        return at, f",{rule}" if names else rule
    return column, f"# podlint: disable={rule}  "


# --- the server -----------------------------------------------------------------------------


class PodlintLanguageServer(LanguageServer):
    """podlint's language server; ``create_server()`` registers its features."""

    def __init__(self) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.linters = Linters()
        self.published: dict[str, list[types.Diagnostic]] = {}
        # the documents whose text on disk, when last opened or saved, held cluster objects
        self.mentioning: set[str] = set()
        self.shutdown_requested = False

    # --- messages to the client ---

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # the client is gone: nothing to tell it
            logger.exception("cannot send a log message")

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        self.published[uri] = diagnostics
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    @property
    def encoding(self) -> str:
        try:
            return self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        except Exception:
            return types.PositionEncodingKind.Utf16

    # --- linting ---

    @staticmethod
    def is_manifest(document) -> bool:
        name = os.path.basename(document.path or document.uri.rsplit("/", 1)[-1])
        if name in CONFIG_FILES:  # podlint's own configuration is not a manifest
            return False
        return (document.language_id or "") in MANIFEST_LANGUAGES or name.lower().endswith(MANIFEST_EXTENSIONS)

    @staticmethod
    def is_json(document) -> bool:
        name = document.path or document.uri
        return (document.language_id or "") in JSON_LANGUAGES or name.lower().endswith(".json")

    def _directory(self, document) -> Path:
        if document.path:
            return Path(document.path).parent
        root = self.workspace.root_path
        return Path(root) if root else Path.cwd()

    def _project(self, config_path: Path | None, document) -> Path:
        """Where ``podlint lint`` runs for the document: its configuration's directory, or else
        the workspace's root (the document's directory without one)."""
        if config_path is not None:
            return config_path.parent
        root = self.workspace.root_path
        return Path(root) if root else self._directory(document)

    def lint_document(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        if not self.is_manifest(document):
            if self.published.get(uri):
                self.publish(uri, [], document.version)
            return
        text = document.source
        positions = Positions(text, self.encoding)
        try:
            config_path = find_config(start=self._directory(document))
            linter, error = self.linters.get(config_path, self._project(config_path, document))
            if error is not None:
                diagnostics = [_file_diagnostic(error)]
            elif (
                config_path
                and document.path
                and excluded(Path(document.path), config_path.parent, linter.config.exclude)
            ):
                diagnostics = []
            else:
                report = linter.lint_text(text, document.path or uri)
                diagnostics = [to_diagnostic(finding, positions) for finding in report.findings]
        except Exception as error:  # a bug in podlint: say so, as the command line does
            self.log(f"podlint: cannot lint {uri}:\n{traceback.format_exc()}", types.MessageType.Error)
            diagnostics = [_file_diagnostic(f"internal error, please report it: {type(error).__name__}: {error}")]
        self.publish(uri, diagnostics, document.version)

    def lint_open_documents(self) -> None:
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri  # as the client wrote it (the workspace's keys are unquoted)
            try:
                self.lint_document(uri)
            except Exception:
                self.log(f"podlint: cannot lint {uri}:\n{traceback.format_exc()}", types.MessageType.Error)

    # --- code actions and hover ---

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        only = params.context.only
        if only and not any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only):
            return []
        uri = params.text_document.uri
        document = self.workspace.get_text_document(uri)
        if self.is_json(document):  # a comment would make it invalid JSON
            return []
        positions = Positions(document.source, self.encoding)
        rules = catalogue()
        by_fix: dict[tuple[int, str], list[types.Diagnostic]] = {}
        for diagnostic in params.context.diagnostics:
            if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str) or diagnostic.code not in rules:
                continue
            by_fix.setdefault((diagnostic.range.start.line, diagnostic.code), []).append(diagnostic)
        actions = []
        for (line_number, rule), diagnostics in by_fix.items():
            line = positions.lsp_line(line_number)
            edit = disable_edit(line, rule)
            if edit is None:
                continue
            index, insert = edit
            at = types.Position(line=line_number, character=code_units(line[:index], self.encoding))
            actions.append(
                types.CodeAction(
                    title=f"Disable {rule} for this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=diagnostics,
                    edit=types.WorkspaceEdit(
                        changes={uri: [types.TextEdit(range=types.Range(start=at, end=at), new_text=insert)]}
                    ),
                )
            )
        return actions

    def hover(self, params: types.HoverParams) -> types.Hover | None:
        at = (params.position.line, params.position.character)
        found = [
            diagnostic
            for diagnostic in self.published.get(params.text_document.uri, ())
            if diagnostic.source == SOURCE
            and (diagnostic.range.start.line, diagnostic.range.start.character)
            <= at
            <= (diagnostic.range.end.line, diagnostic.range.end.character)
        ]
        rules = catalogue()
        sections, seen, first = [], set(), None
        for diagnostic in found:
            spec = rules.get(diagnostic.code) if isinstance(diagnostic.code, str) else None
            if spec is None or spec.id in seen:
                continue
            seen.add(spec.id)
            first = first or diagnostic
            severity = _SEVERITY_NAMES.get(diagnostic.severity, str(spec.severity))
            sections.append(rule_markdown(spec, severity))
        if not sections:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
            range=first.range,
        )


_SEVERITY_NAMES = {
    types.DiagnosticSeverity.Error: "error",
    types.DiagnosticSeverity.Warning: "warning",
    types.DiagnosticSeverity.Information: "info",
}


def rule_markdown(spec: RuleSpec, severity: str) -> str:
    """A rule's documentation, for a hover."""
    parts = [
        f"**podlint `{spec.id}`** ({severity}, {spec.category})",
        spec.summary.strip(),
        f"**Why:** {spec.rationale.strip()}",
        f"**Fix:** {spec.remediation.strip()}",
    ]
    if spec.references:
        parts.append("See: " + ", ".join(f"<{url}>" for url in spec.references))
    return "\n\n".join(parts)


def to_diagnostic(finding: Finding, positions: Positions) -> types.Diagnostic:
    span = finding.span
    spec = catalogue().get(finding.rule)
    href = spec.references[0] if spec is not None and spec.references else None
    return types.Diagnostic(
        range=positions.range(span.line, span.column, span.end_line, span.end_column),
        message=finding.message,
        severity=_SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        tags=_TAGS.get(finding.rule),
    )


def _file_diagnostic(message: str) -> types.Diagnostic:
    """A diagnostic about the whole file (a configuration error), at its start."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def create_server() -> PodlintLanguageServer:
    server = PodlintLanguageServer()

    def guarded(default=None) -> Callable[[Callable], Callable]:
        """Run a handler; an exception is logged to the client (window/logMessage), not raised."""

        def decorate(function: Callable) -> Callable:
            @functools.wraps(function)
            def run(params):
                try:
                    return function(params)
                except Exception:
                    server.log(
                        f"podlint: {function.__name__} failed:\n{traceback.format_exc()}", types.MessageType.Error
                    )
                    return default

            return run

        return decorate

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        if mentions(params.text_document.text):
            server.mentioning.add(params.text_document.uri)
        server.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        server.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        name = params.text_document.uri.rsplit("/", 1)[-1]
        document = server.workspace.get_text_document(params.text_document.uri)
        if name in CONFIG_FILES or name == "pyproject.toml":
            server.lint_open_documents()  # the configuration changed: every document may lint differently
        elif server.is_manifest(document) and (
            mentions(document.source) or params.text_document.uri in server.mentioning
        ):
            # a Namespace or cluster object (or a pod that mounts a claim) may have changed, or
            # been removed: the other documents' pods may be judged differently
            if not mentions(document.source):
                server.mentioning.discard(params.text_document.uri)
            else:
                server.mentioning.add(params.text_document.uri)
            server.linters.rescan()
            server.lint_open_documents()
        else:
            server.lint_document(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if server.published.pop(uri, None):
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    @guarded(default=[])
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
        return server.code_actions(params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded()
    def hover(params: types.HoverParams) -> types.Hover | None:
        return server.hover(params)

    @server.feature(types.SHUTDOWN)
    def shutdown(*_args) -> None:
        server.shutdown_requested = True

    return server


def serve() -> None:
    """Serve on standard input and output until the client says exit."""
    from . import engine

    engine.KEEP_FILES_FROM_COLLECTOR = True  # this process is podlint's own
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the protocol stream
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    server = create_server()
    server.start_io(stdin, stdout)
    # The protocol: exit after a shutdown request is success (0), without one a failure (1).
    sys.exit(0 if server.shutdown_requested else 1)
