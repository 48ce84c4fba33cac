"""Reporters turn a :class:`~podlint.engine.LintResult` (or a
:class:`~podlint.engine.StreamedResult`) into text. They only format: no filtering, no
sorting (the engine did both)."""

from __future__ import annotations

import importlib
from typing import Iterable, TextIO

# --format NAME renders with podlint/reporters/NAME_format.py
FORMATS = ("text", "concise", "json", "sarif", "junit", "github")
HUMAN_FORMATS = ("text", "concise")
# the lines of the linted files each format reads: the text report shows the lines of its
# findings, JUnit reads whole files again to find where each object starts
SOURCES = {"text": "findings", "junit": "all"}
# the formats that read a run's findings once, in order, and its counts after them: they can
# be written as the files are linted (SARIF and JUnit read them more than once)
STREAMED_FORMATS = ("text", "concise", "github", "json")


def render(fmt: str, result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    """Write ``result`` in format ``fmt``; ``quiet`` leaves out what is not a finding (summaries)."""
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    module.render(result, stream, color=color, quiet=quiet)


def write_chunked(stream: TextIO, pieces: Iterable[str], size: int = 1 << 16) -> None:
    """Write ``pieces`` in writes of about ``size`` characters: a report of many thousand lines
    on an unbuffered stream (``PYTHONUNBUFFERED``, as CI images often set) or a terminal makes
    a few dozen system calls, not one a line."""
    chunk: list[str] = []
    length = 0
    for piece in pieces:
        chunk.append(piece)
        length += len(piece)
        if length >= size:
            stream.write("".join(chunk))
            chunk.clear()
            length = 0
    if chunk:
        stream.write("".join(chunk))


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


def statistics_lines(result) -> list[str]:
    """``--statistics``: how many findings of each rule, most frequent first."""
    from collections import Counter

    counts = Counter((f.rule, str(f.severity)) for f in result.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    width = max((len(str(count)) for count in counts.values()), default=1)
    return [f"{count:>{width}}  {rule} ({severity})" for (rule, severity), count in rows]
