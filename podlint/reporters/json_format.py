"""The JSON report: ``{"findings": [...], "summary": {...}}`` (a documented contract).

A finding in a document rendered by ``helm template`` has one more field, ``source_template``:
the chart template named by the document's ``# Source:`` comment.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _quote  # how json.dumps writes a string
from typing import TextIO

from ..findings import Severity
from . import write_chunked


def finding_dict(f) -> dict:
    obj = None if f.object is None else {"kind": f.object.kind, "name": f.object.name, "namespace": f.object.namespace}
    finding = {
        "rule": f.rule,
        "severity": str(f.severity),
        "message": f.message,
        "file": f.file,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "object": obj,
        "path": f.path,
    }
    if f.source_template is not None:  # only for `helm template` output
        finding["source_template"] = f.source_template
    return finding


def _string(value: str | None) -> str:
    return "null" if value is None else _quote(value)


def _finding_text(f) -> str:
    """``json.dumps(finding_dict(f), indent=2)``, indented four spaces more, written directly:
    json's indenting encoder is pure Python, and took 15 µs a finding."""
    o = f.object
    obj = (
        "null"
        if o is None
        else f'{{\n        "kind": {_string(o.kind)},\n        "name": {_string(o.name)},'
        f'\n        "namespace": {_string(o.namespace)}\n      }}'
    )
    span = f.span
    template = "" if f.source_template is None else f',\n      "source_template": {_quote(f.source_template)}'
    return (
        f'    {{\n      "rule": {_quote(f.rule)},\n      "severity": {_quote(str(f.severity))},'
        f'\n      "message": {_quote(f.message)},\n      "file": {_quote(f.file)},'
        f'\n      "line": {int(span.line)},\n      "column": {int(span.column)},'
        f'\n      "end_line": {int(span.end_line)},\n      "end_column": {int(span.end_column)},'
        f'\n      "object": {obj},\n      "path": {_quote(f.path)}{template}\n    }}'
    )


def summary_dict(result) -> dict:
    return {
        "files": result.files,
        "objects": result.objects,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
    }


def as_dict(result) -> dict:
    return {"findings": [finding_dict(f) for f in result.findings], "summary": summary_dict(result)}


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    """What ``json.dump(as_dict(result), stream, indent=2)`` writes, one finding at a time, as
    they come: a run of many findings never holds them all as dictionaries at once."""

    def items():
        separator = '{\n  "findings": [\n'
        for finding in result.findings:
            yield separator + _finding_text(finding)
            separator = ",\n"
        yield '{\n  "findings": [],\n' if separator != ",\n" else "\n  ],\n"

    write_chunked(stream, items())
    summary = json.dumps(summary_dict(result), indent=2).replace("\n", "\n  ")
    stream.write(f'  "summary": {summary}\n}}\n')
