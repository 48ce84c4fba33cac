"""``path:line:column: severity [rule-id] message``: one line per finding, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from . import escape


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    for f in result.findings:
        stream.write(f"{escape(f.file)}:{f.span.line}:{f.span.column}: {f.severity} [{f.rule}] {escape(f.message)}\n")
