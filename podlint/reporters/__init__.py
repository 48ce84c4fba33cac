"""Reporters turn a :class:`~podlint.engine.LintResult` into text. They only format:
no filtering, no sorting (the engine did both)."""

from __future__ import annotations

import importlib
from typing import TextIO

FORMATS = ("text", "concise", "json")


def render(fmt: str, result, stream: TextIO, color: bool = False) -> None:
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    module.render(result, stream, color=color)


def escape(text: str) -> str:
    """Control characters from a manifest, made visible and harmless for a terminal."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\t" or char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def summary_line(result) -> str:
    from ..findings import Severity

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    errors, warnings, infos = (result.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    unknown = ""
    if result.unknown:
        kinds = "an unknown kind" if result.unknown == 1 else "unknown kinds"
        unknown = f" ({result.unknown} of {kinds}, not validated)"
    return (
        f"{plural(result.files, 'file')}, {plural(result.objects, 'object')}{unknown}: "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {plural(infos, 'info')}"
    )
