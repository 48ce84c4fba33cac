"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

::warning file=k8s/web.yaml,line=7,col=14,endLine=7,endColumn=19,title=latest-tag::container "web" uses ...

``error`` findings are ``::error``, ``warning`` ones ``::warning`` and ``info`` ones
``::notice``. Values are escaped as the runner unescapes them (``escapeData`` and
``escapeProperty`` in actions/toolkit's ``packages/core/src/command.ts``): ``%``, CR and
LF in the message; those and ``:`` and ``,`` in properties. Other control characters of a
message are shown as in the other formats (``\\x1b``), so that none reaches the log as is;
the file name is left exact, or the annotation would not find its file. Unless ``quiet``,
the summary line follows, as plain text: the log shows it, the runner ignores it.
"""

from __future__ import annotations

import re
from typing import TextIO

from . import escape, summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}

_HIDDEN = re.compile(r"[^\r\n]+")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(text: str) -> str:
    # escape() everything but line breaks, which escape_data() turns into %0D and %0A
    return escape_data(_HIDDEN.sub(lambda match: escape(match.group()), text))


def command(finding) -> str:
    span = finding.span
    properties = ",".join(
        f"{key}={value}"
        for key, value in (
            ("file", escape_property(finding.file)),
            ("line", span.line),
            ("col", span.column),
            ("endLine", span.end_line),
            ("endColumn", span.end_column),
            ("title", escape_property(finding.rule)),
        )
    )
    return f"::{COMMANDS[str(finding.severity)]} {properties}::{_message(finding.message)}"


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    stream.writelines(command(finding) + "\n" for finding in result.findings)
    if not quiet:
        stream.write(summary_line(result) + "\n")
