"""The JSON report: ``{"findings": [...], "summary": {...}}`` (a documented contract).

A finding in a document rendered by ``helm template`` has one more field, ``source_template``:
the chart template named by the document's ``# Source:`` comment.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..findings import Severity


def as_dict(result) -> dict:
    findings = []
    for f in result.findings:
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
        findings.append(finding)
    summary = {
        "files": result.files,
        "objects": result.objects,
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
    }
    return {"findings": findings, "summary": summary}


def render(result, stream: TextIO, color: bool = False, quiet: bool = False) -> None:
    json.dump(as_dict(result), stream, indent=2)
    stream.write("\n")
