"""The default report: findings grouped by file, each with the source line and a caret.

::

    k8s/web.yaml
      7:14  warning  container "web" uses image "nginx" with no tag  [latest-tag]
         7 |       image: nginx
           |              ^^^^^

    1 file, 1 object: 0 errors, 1 warning, 0 infos

Colour (through rich) only when asked to, i.e. on a terminal without ``NO_COLOR``. The
source line is not shown for findings on a Secret or about a secret in an environment
variable, whose lines may hold the secret.
"""

from __future__ import annotations

from typing import TextIO

from ..findings import Severity
from . import escape, summary_line, write_chunked

_STYLES = {"error": "bold red", "warning": "yellow", "info": "blue"}
_WORDS = {severity: str(severity) for severity in Severity}


def _secret(finding) -> bool:
    """A finding on a Secret, or about a secret in an environment variable: its line may hold
    the secret, and is never echoed (nor is a Secret's last-applied annotation)."""
    return finding.rule == "secret-in-env" or (finding.object is not None and finding.object.kind == "Secret")


# A line longer than this is shown cut to the part around the finding: a minified JSON manifest
# is one line, which shown whole under each of its findings would make the report grow with their
# product (20,000 duplicate keys on a line of 120 KB wrote 3.6 GB).
LONGEST_SHOWN = 160
CONTEXT = 40  # characters shown before the finding, and after it


def _excerpt(source: str, span) -> tuple[str, str, int]:
    """What a finding shows of its line: the text (escaped), the blanks before the carets, and
    how many carets."""
    shown = source.rstrip()
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(shown)
    before = source[:start]
    if len(shown) > LONGEST_SHOWN:
        left = max(0, start - CONTEXT)
        right = min(len(shown), max(end, start + 1) + CONTEXT, left + LONGEST_SHOWN)
        head = "…" if left else ""
        before = head + source[left:start]
        shown = head + shown[left:right] + ("…" if right < len(shown) else "")
        end = min(end, right)
    prefix = escape(before)
    prefix = " " * len(prefix) if "\t" not in prefix else "".join(c if c == "\t" else " " for c in prefix)
    return escape(shown), prefix, max(end - start, 1)


def _lines(result, quiet: bool = False):
    """The report as lines of (text, style) segments."""
    current = None
    for f in result.findings:
        if f.file != current:
            if current is not None:
                yield []
            current = f.file
            yield [(escape(f.file), "bold underline")]
        severity = str(f.severity)
        yield [
            (f"  {f.span.line}:{f.span.column}", "bold"),
            ("  ", ""),
            (severity, _STYLES[severity]),
            (f"  {escape(f.message)}  ", ""),
            (f"[{f.rule}]", "cyan"),
            *([(f"  in {escape(f.source_template)}", "dim")] if f.source_template else []),
        ]
        lines = result.sources.get(f.file, [])
        if 0 < f.span.line <= len(lines) and not _secret(f):
            shown, prefix, width = _excerpt(lines[f.span.line - 1], f.span)
            gutter = " " * len(str(f.span.line))
            yield [(f"    {f.span.line} | ", "dim"), (shown, "")]
            yield [(f"    {gutter} | ", "dim"), (prefix, ""), ("^" * width, _STYLES[severity])]
    if quiet:
        return
    if result.findings:
        yield []
    yield [(summary_line(result), "bold")]


def _plain_lines(result, quiet: bool = False):
    """The report's lines without colour: :func:`_lines` joined, built directly (a run of many
    findings writes hundreds of thousands of lines; a test checks both agree)."""
    current = None
    sources = result.sources
    for f in result.findings:
        if f.file != current:
            if current is not None:
                yield "\n"
            current = f.file
            yield escape(f.file) + "\n"
        span = f.span
        template = f"  in {escape(f.source_template)}" if f.source_template else ""
        yield f"  {span.line}:{span.column}  {_WORDS[f.severity]}  {escape(f.message)}  [{f.rule}]{template}\n"
        lines = sources.get(f.file, ())
        if 0 < span.line <= len(lines) and not _secret(f):
            shown, prefix, width = _excerpt(lines[span.line - 1], span)
            gutter = " " * len(str(span.line))
            yield f"    {span.line} | {shown}\n    {gutter} | {prefix}{'^' * width}\n"
    if quiet:
        return
    if result.findings:
        yield "\n"
    yield summary_line(result) + "\n"


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    if not color:
        write_chunked(stream, _plain_lines(result, quiet))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=True)
    for segments in _lines(result, quiet):
        console.print(Text.assemble(*segments))
