"""``path:line:column: severity [rule-id] message``: one line per finding, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from . import escape, write_chunked


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    lines = (
        f"{escape(f.file)}:{f.span.line}:{f.span.column}: {f.severity} [{f.rule}] {escape(f.message)}\n"
        for f in result.findings
    )
    write_chunked(stream, lines)
